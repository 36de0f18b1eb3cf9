package dev.cutover.driver.config;

import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.MigrationConfig.DualWriteMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The catalog of migration settings: one constant per key of the YAML file.
 *
 * <p>It is the single source for what the file may contain. Validation walks the YAML tree against
 * it (so an unknown key is one that has no constant here), defaults come from it, {@code
 * docs/configuration.md} is rendered from it, and the console lists it as the settings view. A path
 * segment in angle brackets, such as {@code <table>} in {@code tables.<table>.key}, stands for any
 * name the user chooses.
 */
public enum Setting {
  MIGRATION(
      "migration",
      ValueType.NAME,
      Presence.REQUIRED,
      null,
      null,
      "Name of the migration; keys everything Cutover keeps in the control store."),
  OLD_URL(
      "old.url",
      ValueType.JDBC_URL,
      Presence.REQUIRED,
      null,
      null,
      "JDBC URL of the database the application uses today."),
  OLD_USER(
      "old.user",
      ValueType.STRING,
      Presence.OPTIONAL,
      null,
      "`user` given to `connect`",
      "User for the old database."),
  OLD_PASSWORD(
      "old.password",
      ValueType.SECRET,
      Presence.OPTIONAL,
      null,
      "`password` given to `connect`",
      "Password for the old database; never logged or shown."),
  OLD_PROPERTIES(
      "old.properties",
      ValueType.STRING_MAP,
      Presence.OPTIONAL,
      null,
      "none",
      "Extra connection properties passed to the old database's driver."),
  NEW_URL(
      "new.url",
      ValueType.JDBC_URL,
      Presence.REQUIRED,
      null,
      null,
      "JDBC URL of the database the application moves to."),
  NEW_USER(
      "new.user",
      ValueType.STRING,
      Presence.OPTIONAL,
      null,
      "`user` given to `connect`",
      "User for the new database."),
  NEW_PASSWORD(
      "new.password",
      ValueType.SECRET,
      Presence.OPTIONAL,
      null,
      "`password` given to `connect`",
      "Password for the new database; never logged or shown."),
  NEW_PROPERTIES(
      "new.properties",
      ValueType.STRING_MAP,
      Presence.OPTIONAL,
      null,
      "none",
      "Extra connection properties passed to the new database's driver."),
  CONTROL_URL(
      "control.url",
      ValueType.JDBC_URL,
      Presence.REQUIRED_WITH_SECTION,
      null,
      "required in `control`; without that section, the old database",
      "JDBC URL of the control store, where phase, journal and reports live."),
  CONTROL_USER(
      "control.user",
      ValueType.STRING,
      Presence.OPTIONAL,
      null,
      "none",
      "User for the control store."),
  CONTROL_PASSWORD(
      "control.password",
      ValueType.SECRET,
      Presence.OPTIONAL,
      null,
      "none",
      "Password for the control store; never logged or shown."),
  CONTROL_PROPERTIES(
      "control.properties",
      ValueType.STRING_MAP,
      Presence.OPTIONAL,
      null,
      "none",
      "Extra connection properties passed to the control store's driver."),
  PHASE(
      "phase",
      ValueType.PHASE,
      Presence.OPTIONAL,
      "OLD",
      null,
      "Initial phase, used only while the control store holds none for this migration."),
  TABLE_KEY(
      "tables.<table>.key",
      ValueType.COLUMN_LIST,
      Presence.OPTIONAL,
      null,
      "none: read from database metadata",
      "Key columns of a table, for tables whose key the database metadata does not give;"
          + " table names are matched ignoring case."),
  TABLE_CHUNK_BY(
      "tables.<table>.chunkBy",
      ValueType.NON_BLANK_STRING,
      Presence.OPTIONAL,
      null,
      "none: split by primary key",
      "Date or timestamp column `cutover backfill` splits this table by instead of its primary"
          + " key (equal spans of time, plus one chunk for NULLs); rows are still upserted by"
          + " primary key. Name a column the application never changes, such as a creation"
          + " time, and index it."),
  SHADOW_SAMPLE_RATE(
      "shadow.sampleRate",
      ValueType.RATE,
      Presence.OPTIONAL,
      "0.0",
      null,
      "Fraction of reads also run on the secondary and compared (0.0 = none, 1.0 = all)."),
  TIME_ZONE(
      "timeZone",
      ValueType.ZONE,
      Presence.OPTIONAL,
      null,
      "the JVM's default zone",
      "Zone in which the application's zone-less date-times (MariaDB `DATETIME`, PostgreSQL"
          + " `timestamp`) stand for instants. Where such a column meets an instant (`timestamptz`,"
          + " MariaDB `TIMESTAMP`) on the other side, backfill and repair place its values in this"
          + " zone and verify compares them so. The driver's dual-writes and shadow reads use its"
          + " JVM's zone, as the vendor drivers do, and the driver warns when this setting differs"
          + " from it: set it to the application's JVM zone, so that backfilled rows match"
          + " dual-written ones."),
  DUAL_WRITE_MODE(
      "dualWrite.mode",
      ValueType.enumeration(DualWriteMode.class, true),
      Presence.OPTIONAL,
      "sync",
      null,
      "Whether secondary writes run on the application's thread (exact ordering) or on a bounded"
          + " queue that keeps per-connection order."),
  DUAL_WRITE_AUTOCOMMIT_WRITES(
      "dualWrite.autocommitWrites",
      ValueType.enumeration(MigrationConfig.AutocommitWrites.class, true),
      Presence.OPTIONAL,
      "direct",
      null,
      "How an autocommit write runs on the primary in a dual phase: `direct` (as the application"
          + " sent it) or `held` (in a short transaction kept open until the secondary has applied"
          + " the write, so a backfill running meanwhile cannot copy the row in between; costs one"
          + " commit round trip, more on MariaDB; needs `dualWrite.mode: sync`)."),
  DUAL_WRITE_QUEUE_CAPACITY(
      "dualWrite.queueCapacity",
      ValueType.integer(1, 10_000_000),
      Presence.OPTIONAL,
      "10000",
      null,
      "Bound of the asynchronous secondary-write queue, per instance."),
  DUAL_WRITE_SECONDARY_RETRY_AFTER(
      "dualWrite.secondaryRetryAfter",
      ValueType.DURATION,
      Presence.OPTIONAL,
      "5s",
      null,
      "How long a secondary that failed to connect is skipped before the next attempt."),
  TRANSLATION_ADAPT_PARAMETERS(
      "translation.adaptParameters",
      ValueType.BOOLEAN,
      Presence.OPTIONAL,
      "true",
      null,
      "Whether parameters the application binds for MariaDB/MySQL are bound as PostgreSQL expects"
          + " on a PostgreSQL side (a number into a boolean, a boolean into a number or a text as"
          + " 1/0, a double into an integer rounded half away from zero, a string into a uuid,"
          + " json, date, numeric or enum parameter), by the types PostgreSQL describes"
          + " once per statement; `false` binds every value exactly as the application did."),
  TRANSLATION_ERRORS(
      "translation.errors",
      ValueType.enumeration(MigrationConfig.Errors.class, true),
      Presence.OPTIONAL,
      "old",
      null,
      "How a MariaDB/MySQL application sees the errors of a PostgreSQL primary: `old` (as MariaDB"
          + " Connector/J raises them: its exception class, MariaDB's error code and SQLSTATE, its"
          + " wording, PostgreSQL's exception attached as a suppressed one, so `catch"
          + " (SQLIntegrityConstraintViolationException e)`, Spring's `DuplicateKeyException` and"
          + " Hibernate's lock and constraint handling keep working after the switch) or `native`"
          + " (pgjdbc's exceptions as they are)."),
  TRANSLATION_STATEMENT_ROLLBACK(
      "translation.statementRollback",
      ValueType.BOOLEAN,
      Presence.OPTIONAL,
      "false",
      null,
      "Whether a statement of a MariaDB/MySQL application that fails inside a transaction on a"
          + " PostgreSQL side undoes only itself and the transaction goes on, as on MariaDB"
          + " (pgjdbc's `autosave=always`: a savepoint before each statement of a transaction, in"
          + " the statement's own round trip). Each is a nested PostgreSQL subtransaction kept to"
          + " the end of the transaction: beyond 64 writes in one transaction PostgreSQL's"
          + " subtransaction cache overflows and other sessions' snapshots slow down while it"
          + " lasts (see docs/driver.md for what was measured). When `false`, PostgreSQL aborts the"
          + " transaction at the"
          + " failed statement and the driver makes its COMMIT fail rather than roll back"
          + " silently. An `autosave` in the side's URL or `properties` wins."),
  JOURNAL_SPILL_DIRECTORY(
      "journal.spillDirectory",
      ValueType.PATH,
      Presence.OPTIONAL,
      null,
      "the `java.io.tmpdir` directory",
      "Directory where divergences are appended as JSON lines while the control store is"
          + " unreachable."),
  INSTANCE_ID(
      "instance.id",
      ValueType.NON_BLANK_STRING,
      Presence.OPTIONAL,
      null,
      "`host:pid`, host from `HOSTNAME`, `COMPUTERNAME` or the local host name",
      "Name of this driver or proxy instance in heartbeats and the audit log."),
  FLEET_POLL_INTERVAL(
      "fleet.pollInterval",
      ValueType.DURATION,
      Presence.OPTIONAL,
      "500ms",
      null,
      "How often each instance reads the control store (one query) for a new phase version."),
  FLEET_HOLD_TIMEOUT(
      "fleet.holdTimeout",
      ValueType.DURATION,
      Presence.OPTIONAL,
      "2s",
      null,
      "How long a new write waits while a flip is fenced, and how long an instance waits for its"
          + " in-flight writes to drain before it refuses the flip."),
  FLEET_DEAD_AFTER(
      "fleet.deadAfter",
      ValueType.DURATION,
      Presence.OPTIONAL,
      "10s",
      null,
      "Heartbeat age after which an instance is listed as dead and no longer blocks flips."),
  READINESS_CHECKS(
      "readiness.checks",
      ValueType.NON_BLANK_STRING,
      Presence.OPTIONAL,
      "divergences,mismatches,verify",
      null,
      "Comma-separated checks a move towards the new database must pass: `divergences` (none"
          + " unresolved), `mismatches` (none persistent), `verify` (last verify of every table"
          + " equal)."),
  READINESS_WINDOW(
      "readiness.window",
      ValueType.DURATION,
      Presence.OPTIONAL,
      "24h",
      null,
      "How far back the divergence and mismatch checks look."),
  ROLLBACK_ERROR_RATE(
      "rollback.errorRate",
      ValueType.RATE,
      Presence.OPTIONAL,
      "0.0",
      null,
      "Fraction of failing statements on the new primary over `rollback.window` above which an"
          + " instance flips back automatically (0.0 = guard off)."),
  ROLLBACK_LATENCY_FACTOR(
      "rollback.latencyFactor",
      ValueType.integer(0, 1000),
      Presence.OPTIONAL,
      "0",
      null,
      "Flip back automatically when the new primary's p99 latency over `rollback.window` exceeds"
          + " this multiple of the old primary's baseline (0 = guard off)."),
  ROLLBACK_WINDOW(
      "rollback.window",
      ValueType.DURATION,
      Presence.OPTIONAL,
      "30s",
      null,
      "Window over which the automatic rollback guards judge the new primary."),
  ROLLBACK_MIN_STATEMENTS(
      "rollback.minStatements",
      ValueType.integer(1, 100_000_000),
      Presence.OPTIONAL,
      "50",
      null,
      "Statements a window needs on the new primary before a guard may fire."),
  CONSOLE_BIND(
      "console.bind",
      ValueType.HOST_PORT,
      Presence.OPTIONAL,
      "127.0.0.1:8080",
      null,
      "Address the admin console listens on."),
  CONSOLE_TOKEN(
      "console.token",
      ValueType.SECRET,
      Presence.OPTIONAL,
      null,
      "none",
      "Bearer token every console request must carry; the `console` command refuses to start"
          + " without one. An empty value counts as none."),
  PROXY_BIND(
      "proxy.bind",
      ValueType.HOST_PORT,
      Presence.OPTIONAL,
      "127.0.0.1:15432",
      null,
      "Address the PostgreSQL-protocol proxy server listens on."),
  SHADOW_TABLE_SAMPLE_RATE(
      "shadow.tables.<table>.sampleRate",
      ValueType.RATE,
      Presence.OPTIONAL,
      null,
      "`shadow.sampleRate`",
      "Sampling rate for reads of this table; a read of several overridden tables takes the"
          + " lowest of their rates."),
  SHADOW_TABLE_IGNORE_COLUMNS(
      "shadow.tables.<table>.ignoreColumns",
      ValueType.COLUMN_LIST,
      Presence.OPTIONAL,
      null,
      "none",
      "Result column labels left out of shadow comparisons of reads of this table."),
  SHADOW_FINGERPRINT_SAMPLE_RATE(
      "shadow.fingerprints.<fingerprint>.sampleRate",
      ValueType.RATE,
      Presence.OPTIONAL,
      null,
      "the table or global rate",
      "Sampling rate for one statement shape, keyed by the fingerprint id `cutover report`"
          + " shows; wins over the table and global rates."),
  SHADOW_FINGERPRINT_IGNORE_COLUMNS(
      "shadow.fingerprints.<fingerprint>.ignoreColumns",
      ValueType.COLUMN_LIST,
      Presence.OPTIONAL,
      null,
      "none",
      "Result column labels left out of shadow comparisons of this statement shape, in addition"
          + " to its tables' `ignoreColumns`."),
  SHADOW_FINGERPRINT_RELATIVE_TOLERANCE(
      "shadow.fingerprints.<fingerprint>.relativeTolerance",
      ValueType.TOLERANCE,
      Presence.OPTIONAL,
      null,
      "`1e-9`",
      "Relative difference within which two floating-point values of this statement shape are"
          + " equal (of the larger magnitude; e.g. `1e-6` for a float sum computed differently)."),
  SHADOW_FINGERPRINT_ULP_TOLERANCE(
      "shadow.fingerprints.<fingerprint>.ulpTolerance",
      ValueType.integer(0, 1_000_000),
      Presence.OPTIONAL,
      null,
      "`4`",
      "Units in the last place within which two floating-point values of this statement shape"
          + " are equal (float units when either side is single-precision)."),
  SHADOW_FINGERPRINT_TIME_PRECISION(
      "shadow.fingerprints.<fingerprint>.timePrecision",
      ValueType.integer(0, 9),
      Presence.OPTIONAL,
      null,
      "the columns' own precision",
      "Fractional-second digits at which times and timestamps of this statement shape are"
          + " compared, both sides truncated or both rounded (0 = to the second)."),
  SHADOW_QUEUE_CAPACITY(
      "shadow.queueCapacity",
      ValueType.integer(1, 1_000_000),
      Presence.OPTIONAL,
      "1000",
      null,
      "Shadow reads waiting for a thread, per instance; beyond it they are shed and counted."),
  SHADOW_THREADS(
      "shadow.threads",
      ValueType.integer(1, 64),
      Presence.OPTIONAL,
      "2",
      null,
      "Threads running shadow reads, and the size of each side's shadow connection pool."),
  SHADOW_THREAD_NICE(
      "shadow.threadNice",
      ValueType.integer(0, 19),
      Presence.OPTIONAL,
      "19",
      null,
      "Linux nice value of the shadow threads (0 = the application's priority): on a busy"
          + " application host the scheduler runs the application's threads first, and shadow reads"
          + " that cannot keep up are shed and counted."),
  SHADOW_LATENCY_GUARD(
      "shadow.latencyGuard",
      ValueType.integer(0, 1000),
      Presence.OPTIONAL,
      "0",
      null,
      "Percent by which shadow reads may slow the application's reads (0 = guard off): the driver"
          + " measures its median read time in alternating windows without and with shadow reads"
          + " (0.2 s and 0.8 s) and, every five pairs, admits fewer shadow reads while the bound is"
          + " exceeded. For a secondary on the application's host that cannot be given a low CPU"
          + " weight."),
  SHADOW_TIMEOUT(
      "shadow.timeout",
      ValueType.DURATION,
      Presence.OPTIONAL,
      "2s",
      null,
      "Longest a shadow read may wait for a connection or run before it is counted as timed"
          + " out."),
  SHADOW_MAX_ROWS(
      "shadow.maxRows",
      ValueType.integer(1, 10_000_000),
      Presence.OPTIONAL,
      "1000",
      null,
      "Rows of each side kept for a comparison; a longer result is compared as truncated."),
  SHADOW_MAX_BYTES(
      "shadow.maxBytes",
      ValueType.integer(1024, Integer.MAX_VALUE),
      Presence.OPTIONAL,
      "1048576",
      null,
      "Estimated bytes of each side kept for a comparison."),
  SHADOW_RECHECK_DELAY(
      "shadow.recheckDelay",
      ValueType.DURATION,
      Presence.OPTIONAL,
      "200ms",
      null,
      "Delay before a mismatch is re-checked by running both reads again; equal then means"
          + " TRANSIENT, different PERSISTENT."),
  SHADOW_REDACT_PARAMETERS(
      "shadow.redactParameters",
      ValueType.BOOLEAN,
      Presence.OPTIONAL,
      "false",
      null,
      "Whether mismatch reports keep values out: parameters stored as `?`, the statement"
          + " stored as its fingerprint (literals as `?`), quoted parts of error messages as"
          + " `?`."),
  SHADOW_SAMPLES_PER_FINGERPRINT(
      "shadow.samplesPerFingerprint",
      ValueType.integer(0, 10_000),
      Presence.OPTIONAL,
      "20",
      null,
      "Newest mismatch samples kept in the control store per statement fingerprint.");

  /** Whether a setting must be given. */
  enum Presence {
    /** Always required. */
    REQUIRED,
    /** Required when its enclosing section is given; the section itself is optional. */
    REQUIRED_WITH_SECTION,
    /** May be left out. */
    OPTIONAL
  }

  private final String path;
  private final List<String> segments;
  private final ValueType type;
  private final Presence presence;
  private final String defaultValue;
  private final String defaultText;
  private final String description;

  Setting(
      String path,
      ValueType type,
      Presence presence,
      String defaultValue,
      String defaultText,
      String description) {
    this.path = path;
    this.segments = List.of(path.split("\\."));
    this.type = type;
    this.presence = presence;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.description = description;
  }

  /** The dotted key, e.g. {@code shadow.sampleRate}; {@code <name>} segments stand for any name. */
  public String path() {
    return path;
  }

  /** The kind of value, as named in the reference docs. */
  public String typeName() {
    return type.docName();
  }

  /** Whether the setting must be given (for settings inside an optional section: when it is). */
  public boolean required() {
    return presence != Presence.OPTIONAL;
  }

  /** The default in words, as shown in the reference docs and the console. */
  public String defaultText() {
    if (defaultText != null) {
      return defaultText;
    }
    if (defaultValue != null) {
      return "`" + defaultValue + "`";
    }
    return "required";
  }

  /** One sentence saying what the setting does. */
  public String description() {
    return description;
  }

  /** Whether the value is a secret that is never shown. */
  public boolean secret() {
    return type == ValueType.SECRET;
  }

  List<String> segments() {
    return segments;
  }

  ValueType type() {
    return type;
  }

  Presence presence() {
    return presence;
  }

  /** The default as text in the setting's own syntax, or {@code null} when it has none. */
  String defaultValue() {
    return defaultValue;
  }

  private static final Map<String, Setting> BY_PATH = new LinkedHashMap<>();

  static {
    for (Setting setting : values()) {
      BY_PATH.put(setting.path, setting);
    }
  }

  /** The setting at exactly this path pattern, or {@code null}. */
  static Setting atPath(String pathPattern) {
    return BY_PATH.get(pathPattern);
  }

  /** The key names directly under a section pattern ({@code ""} for the root), in catalog order. */
  static List<String> childKeys(List<String> sectionSegments) {
    Set<String> keys = new LinkedHashSet<>();
    for (Setting setting : values()) {
      List<String> segments = setting.segments;
      if (segments.size() > sectionSegments.size()
          && segments.subList(0, sectionSegments.size()).equals(sectionSegments)) {
        keys.add(segments.get(sectionSegments.size()));
      }
    }
    return Collections.unmodifiableList(new ArrayList<>(keys));
  }

  /** Whether a path segment stands for any user-chosen name. */
  static boolean isWildcard(String segment) {
    return segment.startsWith("<") && segment.endsWith(">");
  }

  /** Settings in catalog order, as a list. */
  static List<Setting> catalog() {
    return Arrays.asList(values());
  }
}
