package dev.cutover.driver;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cutover.driver.config.Redaction;
import dev.cutover.driver.config.Setting;
import dev.cutover.driver.config.SettingValues;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * The settings of one migration, read from its YAML file, validated and immutable.
 *
 * <p>Every setting is described once, in {@link Setting}; this class turns the validated values
 * into typed accessors. A file with mistakes never yields a half-valid instance: {@link #load} and
 * {@link #parse} throw a {@link ConfigException} listing every problem at once.
 */
public final class MigrationConfig {

  private static final String FILE_PREFIX = "file:";
  private static final String CLASSPATH_PREFIX = "classpath:";
  private static final String ACCEPTED_FORMS =
      "file:/absolute/path.yaml, classpath:resource.yaml or /absolute/path.yaml";

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final String migration;
  private final DatabaseConfig oldDatabase;
  private final DatabaseConfig newDatabase;
  private final DatabaseConfig controlDatabase;
  private final boolean controlIsOld;
  private final Phase phase;
  private final Map<String, TableConfig> tables;
  private final double shadowSampleRate;
  private final java.time.ZoneId timeZone;
  private final DualWriteMode dualWriteMode;
  private final int queueCapacity;
  private final AutocommitWrites autocommitWrites;
  private final boolean adaptParameters;
  private final Errors errors;
  private final boolean statementRollback;
  private final Duration secondaryRetryAfter;
  private final Path journalSpillDirectory;
  private final String instanceId;
  private final Duration pollInterval;
  private final Duration holdTimeout;
  private final Duration deadAfter;
  private final String readinessChecks;
  private final Duration readinessWindow;
  private final double rollbackErrorRate;
  private final int rollbackLatencyFactor;
  private final Duration rollbackWindow;
  private final int rollbackMinStatements;
  private final String consoleBind;
  private final String consoleToken;
  private final String proxyBind;
  private final ShadowConfig shadow;

  private MigrationConfig(
      SettingValues values,
      Map<String, TableConfig> tables,
      Function<String, String> env,
      Properties info) {
    this.migration = values.get(Setting.MIGRATION, String.class);
    this.oldDatabase =
        database(
            values,
            Setting.OLD_URL,
            Setting.OLD_USER,
            Setting.OLD_PASSWORD,
            Setting.OLD_PROPERTIES,
            info);
    this.newDatabase =
        database(
            values,
            Setting.NEW_URL,
            Setting.NEW_USER,
            Setting.NEW_PASSWORD,
            Setting.NEW_PROPERTIES,
            info);
    this.controlIsOld = !values.isSet(Setting.CONTROL_URL);
    this.controlDatabase =
        controlIsOld
            ? oldDatabase
            : database(
                values,
                Setting.CONTROL_URL,
                Setting.CONTROL_USER,
                Setting.CONTROL_PASSWORD,
                Setting.CONTROL_PROPERTIES,
                null);
    this.phase = values.get(Setting.PHASE, Phase.class);
    this.tables = tables;
    this.shadowSampleRate = values.get(Setting.SHADOW_SAMPLE_RATE, Double.class);
    java.time.ZoneId zone = values.get(Setting.TIME_ZONE, java.time.ZoneId.class);
    this.timeZone = zone == null ? java.time.ZoneId.systemDefault() : zone;
    this.dualWriteMode = values.get(Setting.DUAL_WRITE_MODE, DualWriteMode.class);
    this.queueCapacity = values.get(Setting.DUAL_WRITE_QUEUE_CAPACITY, Integer.class);
    this.autocommitWrites =
        values.get(Setting.DUAL_WRITE_AUTOCOMMIT_WRITES, AutocommitWrites.class);
    this.secondaryRetryAfter = values.get(Setting.DUAL_WRITE_SECONDARY_RETRY_AFTER, Duration.class);
    this.adaptParameters = values.get(Setting.TRANSLATION_ADAPT_PARAMETERS, Boolean.class);
    this.errors = values.get(Setting.TRANSLATION_ERRORS, Errors.class);
    this.statementRollback = values.get(Setting.TRANSLATION_STATEMENT_ROLLBACK, Boolean.class);
    Path spill = values.get(Setting.JOURNAL_SPILL_DIRECTORY, Path.class);
    this.journalSpillDirectory =
        spill != null ? spill : Path.of(System.getProperty("java.io.tmpdir"));
    String instance = values.get(Setting.INSTANCE_ID, String.class);
    this.instanceId = instance != null ? instance : defaultInstanceId(env);
    this.pollInterval = values.get(Setting.FLEET_POLL_INTERVAL, Duration.class);
    this.holdTimeout = values.get(Setting.FLEET_HOLD_TIMEOUT, Duration.class);
    this.deadAfter = values.get(Setting.FLEET_DEAD_AFTER, Duration.class);
    this.readinessChecks = values.get(Setting.READINESS_CHECKS, String.class);
    this.readinessWindow = values.get(Setting.READINESS_WINDOW, Duration.class);
    this.rollbackErrorRate = values.get(Setting.ROLLBACK_ERROR_RATE, Double.class);
    this.rollbackLatencyFactor = values.get(Setting.ROLLBACK_LATENCY_FACTOR, Integer.class);
    this.rollbackWindow = values.get(Setting.ROLLBACK_WINDOW, Duration.class);
    this.rollbackMinStatements = values.get(Setting.ROLLBACK_MIN_STATEMENTS, Integer.class);
    this.consoleBind = values.get(Setting.CONSOLE_BIND, String.class);
    String token = values.get(Setting.CONSOLE_TOKEN, String.class);
    this.consoleToken = token == null || token.isEmpty() ? null : token;
    this.proxyBind = values.get(Setting.PROXY_BIND, String.class);
    this.shadow = ShadowConfig.read(values);
  }

  /**
   * Reads the configuration at {@code location} ({@code file:/abs/path.yaml}, {@code
   * classpath:name.yaml} or {@code /abs/path.yaml}), substituting {@code ${VAR}} from the process
   * environment; {@code info}'s {@code user} and {@code password} fill in what the file leaves out.
   */
  public static MigrationConfig load(String location, Properties info) throws ConfigException {
    if (location == null) {
      throw single("(no location)", "(no location): missing (expected: " + ACCEPTED_FORMS + ")");
    }
    String source;
    String yaml;
    if (location.startsWith(CLASSPATH_PREFIX)) {
      source = location;
      yaml = readResource(location);
    } else {
      Path path = filePath(location);
      source = path.toString();
      yaml = readFile(path);
    }
    return parse(yaml, source, System::getenv, info);
  }

  /**
   * Parses YAML text; {@code sourceName} names it in problems, {@code env} resolves {@code ${VAR}},
   * and {@code info} (may be {@code null}) supplies credentials the text leaves out.
   */
  public static MigrationConfig parse(
      String yaml, String sourceName, Function<String, String> env, Properties info)
      throws ConfigException {
    Objects.requireNonNull(env, "env");
    List<String> problems = new ArrayList<>();
    JsonNode root;
    try {
      root = YAML.readTree(yaml == null ? "" : yaml);
    } catch (JacksonException notYaml) {
      throw single(sourceName, syntaxProblem(notYaml));
    }
    SettingValues values = SettingValues.read(root, env, problems);
    Map<String, TableConfig> tables = tables(values, problems);
    if (problems.isEmpty()
        && values.get(Setting.DUAL_WRITE_AUTOCOMMIT_WRITES, AutocommitWrites.class)
            == AutocommitWrites.HELD
        && values.get(Setting.DUAL_WRITE_MODE, DualWriteMode.class) == DualWriteMode.ASYNC) {
      problems.add(
          "dualWrite.autocommitWrites: held needs dualWrite.mode: sync (an asynchronous secondary"
              + " write lands after the primary's commit whatever the primary does; expected:"
              + " direct, or mode sync)");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(sourceName, problems);
    }
    return new MigrationConfig(values, tables, env, info);
  }

  /** Name of the migration; keys everything in the control store. */
  public String migration() {
    return migration;
  }

  /** The database the application uses today. */
  public DatabaseConfig oldDatabase() {
    return oldDatabase;
  }

  /** The database the application moves to. */
  public DatabaseConfig newDatabase() {
    return newDatabase;
  }

  /** The old or the new database. */
  public DatabaseConfig database(Phase.Side side) {
    return side == Phase.Side.OLD ? oldDatabase : newDatabase;
  }

  /**
   * Where phase, journal and reports live: {@link #oldDatabase()} unless the file says otherwise.
   */
  public DatabaseConfig controlDatabase() {
    return controlDatabase;
  }

  /**
   * True when the file has no {@code control} section, so the control store is the old database.
   */
  public boolean controlIsOld() {
    return controlIsOld;
  }

  /** Initial phase, used while the control store holds none for this migration. */
  public Phase phase() {
    return phase;
  }

  /** Per-table settings keyed by lower-cased table name; empty when the file has none. */
  public Map<String, TableConfig> tables() {
    return tables;
  }

  /**
   * The zone in which zone-less date-times stand for instants ({@code timeZone}; default the JVM's
   * zone): where backfill, repair, verify and shadow reads place them against a timestamptz.
   */
  public java.time.ZoneId timeZone() {
    return timeZone;
  }

  /** Fraction of reads also run on the secondary and compared, from 0.0 to 1.0. */
  public double shadowSampleRate() {
    return shadowSampleRate;
  }

  /** Whether secondary writes run on the application's thread or on a bounded queue. */
  public DualWriteMode dualWriteMode() {
    return dualWriteMode;
  }

  /** How an autocommit write runs on the primary in a dual phase. */
  public AutocommitWrites autocommitWrites() {
    return autocommitWrites;
  }

  /**
   * Whether values bound for a MariaDB/MySQL application are bound as PostgreSQL expects them on a
   * PostgreSQL side ({@code translation.adaptParameters}).
   */
  public boolean adaptParameters() {
    return adaptParameters;
  }

  /**
   * How a MariaDB/MySQL application sees a PostgreSQL primary's errors ({@code
   * translation.errors}).
   */
  public Errors errors() {
    return errors;
  }

  /**
   * Whether a failed statement of a MariaDB/MySQL application undoes only itself in a transaction
   * on a PostgreSQL side ({@code translation.statementRollback}).
   */
  public boolean statementRollback() {
    return statementRollback;
  }

  /** Bound of the asynchronous secondary-write queue, per instance. */
  public int queueCapacity() {
    return queueCapacity;
  }

  /** How long a secondary that failed to connect is skipped before the next attempt. */
  public Duration secondaryRetryAfter() {
    return secondaryRetryAfter;
  }

  /** Where divergences are appended as JSON lines while the control store is unreachable. */
  public Path journalSpillDirectory() {
    return journalSpillDirectory;
  }

  /** Name of this instance in heartbeats and the audit log; {@code host:pid} by default. */
  public String instanceId() {
    return instanceId;
  }

  /** How often each instance reads the control store for a new phase version. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** How long new writes wait while a flip is fenced; also the in-flight drain bound. */
  public Duration holdTimeout() {
    return holdTimeout;
  }

  /** Heartbeat age after which an instance is dead and no longer blocks flips. */
  public Duration deadAfter() {
    return deadAfter;
  }

  /** The readiness checks, comma-separated, as the file gives them. */
  public String readinessChecks() {
    return readinessChecks;
  }

  /** How far back the readiness checks look. */
  public Duration readinessWindow() {
    return readinessWindow;
  }

  /** Failing fraction on the new primary that triggers an automatic rollback; 0 = off. */
  public double rollbackErrorRate() {
    return rollbackErrorRate;
  }

  /** Multiple of the old primary's p99 that triggers an automatic rollback; 0 = off. */
  public int rollbackLatencyFactor() {
    return rollbackLatencyFactor;
  }

  /** Window over which the rollback guards judge the new primary. */
  public Duration rollbackWindow() {
    return rollbackWindow;
  }

  /** Statements a window needs before a rollback guard may fire. */
  public int rollbackMinStatements() {
    return rollbackMinStatements;
  }

  /** The admin console's listen address as {@code host:port}. */
  public String consoleBind() {
    return consoleBind;
  }

  /** The console's bearer token, or {@code null} when the file gives none. */
  public String consoleToken() {
    return consoleToken;
  }

  /** The proxy server's listen address as {@code host:port}. */
  public String proxyBind() {
    return proxyBind;
  }

  /** The {@code shadow.*} settings besides the global sample rate. */
  public ShadowConfig shadow() {
    return shadow;
  }

  /**
   * Shadow-read settings: per-table and per-fingerprint rates (keys lower-cased), per-table and
   * per-fingerprint ignored columns, per-fingerprint float tolerances and time precision, and the
   * executor, budget and report limits.
   */
  public record ShadowConfig(
      Map<String, Double> tableRates,
      Map<String, List<String>> ignoreColumns,
      Map<String, Double> fingerprintRates,
      Map<String, List<String>> fingerprintIgnoreColumns,
      Map<String, Double> fingerprintRelativeTolerances,
      Map<String, Integer> fingerprintUlpTolerances,
      Map<String, Integer> fingerprintTimePrecisions,
      int queueCapacity,
      int threads,
      int threadNice,
      int latencyGuard,
      Duration timeout,
      int maxRows,
      int maxBytes,
      Duration recheckDelay,
      boolean redactParameters,
      int samplesPerFingerprint) {

    /** Copies the maps. */
    public ShadowConfig {
      tableRates = Map.copyOf(tableRates);
      ignoreColumns = Map.copyOf(ignoreColumns);
      fingerprintRates = Map.copyOf(fingerprintRates);
      fingerprintIgnoreColumns = Map.copyOf(fingerprintIgnoreColumns);
      fingerprintRelativeTolerances = Map.copyOf(fingerprintRelativeTolerances);
      fingerprintUlpTolerances = Map.copyOf(fingerprintUlpTolerances);
      fingerprintTimePrecisions = Map.copyOf(fingerprintTimePrecisions);
    }

    /** True when some fingerprint has an ignore or tolerance rule. */
    public boolean hasFingerprintRules() {
      return !fingerprintIgnoreColumns.isEmpty()
          || !fingerprintRelativeTolerances.isEmpty()
          || !fingerprintUlpTolerances.isEmpty()
          || !fingerprintTimePrecisions.isEmpty();
    }

    @SuppressWarnings("unchecked")
    static ShadowConfig read(SettingValues v) {
      Map<String, Double> tables = new LinkedHashMap<>();
      v.byName(Setting.SHADOW_TABLE_SAMPLE_RATE, Double.class)
          .forEach((k, rate) -> tables.put(k.toLowerCase(Locale.ROOT), rate));
      Map<String, List<String>> ignore = new LinkedHashMap<>();
      v.byName(Setting.SHADOW_TABLE_IGNORE_COLUMNS, List.class)
          .forEach((k, cols) -> ignore.put(k.toLowerCase(Locale.ROOT), List.copyOf(cols)));
      Map<String, Double> fingerprints = new LinkedHashMap<>();
      v.byName(Setting.SHADOW_FINGERPRINT_SAMPLE_RATE, Double.class)
          .forEach((k, rate) -> fingerprints.put(k.toLowerCase(Locale.ROOT), rate));
      Map<String, List<String>> fingerprintIgnore = new LinkedHashMap<>();
      v.byName(Setting.SHADOW_FINGERPRINT_IGNORE_COLUMNS, List.class)
          .forEach(
              (k, cols) -> fingerprintIgnore.put(k.toLowerCase(Locale.ROOT), List.copyOf(cols)));
      Map<String, Double> relative = new LinkedHashMap<>();
      v.byName(Setting.SHADOW_FINGERPRINT_RELATIVE_TOLERANCE, Double.class)
          .forEach((k, t) -> relative.put(k.toLowerCase(Locale.ROOT), t));
      Map<String, Integer> ulps = new LinkedHashMap<>();
      v.byName(Setting.SHADOW_FINGERPRINT_ULP_TOLERANCE, Integer.class)
          .forEach((k, t) -> ulps.put(k.toLowerCase(Locale.ROOT), t));
      Map<String, Integer> timePrecisions = new LinkedHashMap<>();
      v.byName(Setting.SHADOW_FINGERPRINT_TIME_PRECISION, Integer.class)
          .forEach((k, t) -> timePrecisions.put(k.toLowerCase(Locale.ROOT), t));
      return new ShadowConfig(
          tables,
          ignore,
          fingerprints,
          fingerprintIgnore,
          relative,
          ulps,
          timePrecisions,
          v.get(Setting.SHADOW_QUEUE_CAPACITY, Integer.class),
          v.get(Setting.SHADOW_THREADS, Integer.class),
          v.get(Setting.SHADOW_THREAD_NICE, Integer.class),
          v.get(Setting.SHADOW_LATENCY_GUARD, Integer.class),
          v.get(Setting.SHADOW_TIMEOUT, Duration.class),
          v.get(Setting.SHADOW_MAX_ROWS, Integer.class),
          v.get(Setting.SHADOW_MAX_BYTES, Integer.class),
          v.get(Setting.SHADOW_RECHECK_DELAY, Duration.class),
          v.get(Setting.SHADOW_REDACT_PARAMETERS, Boolean.class),
          v.get(Setting.SHADOW_SAMPLES_PER_FINGERPRINT, Integer.class));
    }
  }

  /**
   * The effective value of every setting as display text keyed by its path (one {@code
   * tables.<name>.key} entry per table), in catalog order and with secrets redacted, for the
   * console's settings view.
   */
  public Map<String, String> settingsView() {
    Map<String, String> view = new LinkedHashMap<>();
    for (Setting setting : Setting.values()) {
      if (setting == Setting.TABLE_KEY) {
        tables.forEach(
            (name, table) -> {
              if (!table.key().isEmpty()) {
                view.put("tables." + name + ".key", table.key().toString());
              }
            });
      } else if (setting.path().contains("<") && !((Map<?, ?>) display0(setting)).isEmpty()) {
        String[] parts = setting.path().split("<[a-z]+>");
        ((Map<?, ?>) display0(setting))
            .forEach((name, v) -> view.put(parts[0] + name + parts[1], v.toString()));
      } else {
        view.put(setting.path(), display(setting));
      }
    }
    return Collections.unmodifiableMap(view);
  }

  private String display(Setting setting) {
    Object value = display0(setting);
    return value == null ? "(none)" : value.toString();
  }

  private Object display0(Setting setting) {
    return switch (setting) {
      case MIGRATION -> migration;
      case OLD_URL -> Redaction.url(oldDatabase.url());
      case OLD_USER -> oldDatabase.user();
      case OLD_PASSWORD -> secret(oldDatabase.password());
      case OLD_PROPERTIES -> Redaction.properties(oldDatabase.properties());
      case NEW_URL -> Redaction.url(newDatabase.url());
      case NEW_USER -> newDatabase.user();
      case NEW_PASSWORD -> secret(newDatabase.password());
      case NEW_PROPERTIES -> Redaction.properties(newDatabase.properties());
      case CONTROL_URL -> Redaction.url(controlDatabase.url());
      case CONTROL_USER -> controlDatabase.user();
      case CONTROL_PASSWORD -> secret(controlDatabase.password());
      case CONTROL_PROPERTIES -> Redaction.properties(controlDatabase.properties());
      case PHASE -> phase;
      case TABLE_KEY -> tables;
      case TABLE_CHUNK_BY -> chunkByView();
      case SHADOW_SAMPLE_RATE -> shadowSampleRate;
      case TIME_ZONE -> timeZone.getId();
      case DUAL_WRITE_MODE -> dualWriteMode.name().toLowerCase(Locale.ROOT);
      case DUAL_WRITE_QUEUE_CAPACITY -> queueCapacity;
      case DUAL_WRITE_AUTOCOMMIT_WRITES -> autocommitWrites.name().toLowerCase(Locale.ROOT);
      case DUAL_WRITE_SECONDARY_RETRY_AFTER -> secondaryRetryAfter.toMillis() + "ms";
      case TRANSLATION_ADAPT_PARAMETERS -> adaptParameters;
      case TRANSLATION_ERRORS -> errors.name().toLowerCase(Locale.ROOT);
      case TRANSLATION_STATEMENT_ROLLBACK -> statementRollback;
      case JOURNAL_SPILL_DIRECTORY -> journalSpillDirectory;
      case INSTANCE_ID -> instanceId;
      case CONSOLE_BIND -> consoleBind;
      case CONSOLE_TOKEN -> secret(consoleToken);
      case PROXY_BIND -> proxyBind;
      case FLEET_POLL_INTERVAL -> pollInterval.toMillis() + "ms";
      case FLEET_HOLD_TIMEOUT -> holdTimeout.toMillis() + "ms";
      case FLEET_DEAD_AFTER -> deadAfter.toMillis() + "ms";
      case READINESS_CHECKS -> readinessChecks;
      case READINESS_WINDOW -> readinessWindow.toMillis() + "ms";
      case ROLLBACK_ERROR_RATE -> rollbackErrorRate;
      case ROLLBACK_LATENCY_FACTOR -> rollbackLatencyFactor;
      case ROLLBACK_WINDOW -> rollbackWindow.toMillis() + "ms";
      case ROLLBACK_MIN_STATEMENTS -> rollbackMinStatements;
      case SHADOW_TABLE_SAMPLE_RATE -> shadow.tableRates();
      case SHADOW_TABLE_IGNORE_COLUMNS -> shadow.ignoreColumns();
      case SHADOW_FINGERPRINT_SAMPLE_RATE -> shadow.fingerprintRates();
      case SHADOW_FINGERPRINT_IGNORE_COLUMNS -> shadow.fingerprintIgnoreColumns();
      case SHADOW_FINGERPRINT_RELATIVE_TOLERANCE -> shadow.fingerprintRelativeTolerances();
      case SHADOW_FINGERPRINT_ULP_TOLERANCE -> shadow.fingerprintUlpTolerances();
      case SHADOW_FINGERPRINT_TIME_PRECISION -> shadow.fingerprintTimePrecisions();
      case SHADOW_QUEUE_CAPACITY -> shadow.queueCapacity();
      case SHADOW_THREADS -> shadow.threads();
      case SHADOW_THREAD_NICE -> shadow.threadNice();
      case SHADOW_LATENCY_GUARD -> shadow.latencyGuard();
      case SHADOW_TIMEOUT -> shadow.timeout().toMillis() + "ms";
      case SHADOW_MAX_ROWS -> shadow.maxRows();
      case SHADOW_MAX_BYTES -> shadow.maxBytes();
      case SHADOW_RECHECK_DELAY -> shadow.recheckDelay().toMillis() + "ms";
      case SHADOW_REDACT_PARAMETERS -> shadow.redactParameters();
      case SHADOW_SAMPLES_PER_FINGERPRINT -> shadow.samplesPerFingerprint();
    };
  }

  private Map<String, String> chunkByView() {
    Map<String, String> view = new LinkedHashMap<>();
    tables.forEach(
        (name, table) -> {
          if (table.chunkBy() != null) {
            view.put(name, table.chunkBy());
          }
        });
    return view;
  }

  private static String secret(String value) {
    return value == null ? null : Redaction.REDACTED;
  }

  /** A one-line summary for logs, with passwords and the console token left out. */
  @Override
  public String toString() {
    return "MigrationConfig[migration="
        + migration
        + ", old="
        + oldDatabase
        + ", new="
        + newDatabase
        + ", control="
        + (controlIsOld ? "(old)" : controlDatabase.toString())
        + ", phase="
        + phase
        + ", tables="
        + tables
        + ", shadowSampleRate="
        + shadowSampleRate
        + ", dualWriteMode="
        + dualWriteMode
        + ", queueCapacity="
        + queueCapacity
        + ", secondaryRetryAfter="
        + secondaryRetryAfter
        + ", journalSpillDirectory="
        + journalSpillDirectory
        + ", instanceId="
        + instanceId
        + ", consoleBind="
        + consoleBind
        + ", consoleToken="
        + (consoleToken == null ? "(none)" : Redaction.REDACTED)
        + ", proxyBind="
        + proxyBind
        + "]";
  }

  /** How secondary writes are run. */
  public enum DualWriteMode {
    /** On the application's thread, right after the primary: ordering is exact. */
    SYNC,
    /** On a bounded queue that keeps per-connection order; the application does not wait. */
    ASYNC
  }

  /** How a MariaDB/MySQL application sees the errors of a PostgreSQL primary. */
  public enum Errors {
    /** As MariaDB Connector/J raises MariaDB's: class, error code, SQLSTATE, wording. */
    OLD,
    /** The PostgreSQL driver's exceptions, unchanged. */
    NATIVE
  }

  /** How an autocommit write runs on the primary in a dual phase. */
  public enum AutocommitWrites {
    /** As the application sent it: the primary commits it before the secondary applies it. */
    DIRECT,
    /**
     * In a transaction on the primary that commits only after the secondary applied the write, so a
     * concurrent backfill's locking read of the row waits until both sides hold it.
     */
    HELD
  }

  /**
   * How to connect to one database; {@code user} and {@code password} may be {@code null}.
   *
   * @param url the JDBC URL of the database's own driver
   * @param user the user, or {@code null} to let the URL or driver decide
   * @param password the password, or {@code null}
   * @param properties extra connection properties for the database's driver
   */
  public record DatabaseConfig(
      String url, String user, String password, Map<String, String> properties) {

    /** Checks the URL is present and freezes the properties. */
    public DatabaseConfig {
      Objects.requireNonNull(url, "url");
      properties =
          properties == null
              ? Map.of()
              : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * The connection properties for {@code DriverManager.getConnection}: extras, user, password.
     */
    public Properties toProperties() {
      Properties result = new Properties();
      result.putAll(properties);
      if (user != null) {
        result.setProperty("user", user);
      }
      if (password != null) {
        result.setProperty("password", password);
      }
      return result;
    }

    /** The URL, user and properties with every secret replaced by {@code (redacted)}. */
    @Override
    public String toString() {
      return "DatabaseConfig[url="
          + Redaction.url(url)
          + ", user="
          + user
          + ", password="
          + (password == null ? "(none)" : Redaction.REDACTED)
          + ", properties="
          + Redaction.properties(properties)
          + "]";
    }
  }

  /**
   * Settings for one table.
   *
   * @param key the columns that identify a row, in order; empty to read them from metadata
   * @param chunkBy the date or timestamp column backfill splits the table by, or null for its key
   */
  public record TableConfig(List<String> key, String chunkBy) {

    /** Freezes the key columns. */
    public TableConfig {
      key = List.copyOf(key);
    }

    /** Settings naming only the key columns. */
    public TableConfig(List<String> key) {
      this(key, null);
    }
  }

  private static DatabaseConfig database(
      SettingValues values,
      Setting url,
      Setting user,
      Setting password,
      Setting properties,
      Properties info) {
    // Only a key the file leaves out is filled in: an explicit empty string means "no password".
    String userValue = values.get(user, String.class);
    if (userValue == null && info != null) {
      userValue = info.getProperty("user");
    }
    String passwordValue = values.get(password, String.class);
    if (passwordValue == null && info != null) {
      passwordValue = info.getProperty("password");
    }
    @SuppressWarnings("unchecked")
    Map<String, String> extra = values.get(properties, Map.class);
    return new DatabaseConfig(values.get(url, String.class), userValue, passwordValue, extra);
  }

  private static Map<String, TableConfig> tables(SettingValues values, List<String> problems) {
    Map<String, TableConfig> tables = new LinkedHashMap<>();
    Map<String, String> spelledAs = new LinkedHashMap<>();
    Map<String, List<?>> keys = new LinkedHashMap<>();
    values.byName(Setting.TABLE_KEY, List.class).forEach(keys::put);
    Map<String, String> chunkBy = new LinkedHashMap<>();
    values.byName(Setting.TABLE_CHUNK_BY, String.class).forEach(chunkBy::put);
    Set<String> names = new LinkedHashSet<>(keys.keySet());
    names.addAll(chunkBy.keySet());
    for (String spelled : names) {
      String name = spelled.toLowerCase(Locale.ROOT);
      String earlier = spelledAs.putIfAbsent(name, spelled);
      if (earlier != null) {
        problems.add(
            "tables."
                + spelled
                + ": duplicate of tables."
                + earlier
                + " (expected: each table once; names are matched ignoring case)");
      } else {
        List<String> columns = new ArrayList<>();
        for (Object column : keys.getOrDefault(spelled, List.of())) {
          columns.add((String) column);
        }
        tables.put(name, new TableConfig(columns, chunkBy.get(spelled)));
      }
    }
    return Collections.unmodifiableMap(tables);
  }

  private static String defaultInstanceId(Function<String, String> env) {
    String host = env.apply("HOSTNAME");
    if (host == null || host.isBlank()) {
      host = env.apply("COMPUTERNAME");
    }
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException unresolvable) {
        host = "localhost";
      }
    }
    return host + ":" + ProcessHandle.current().pid();
  }

  private static Path filePath(String location) throws ConfigException {
    try {
      if (!location.startsWith(FILE_PREFIX)) {
        Path path = Path.of(location);
        if (!path.isAbsolute()) {
          throw unsupported(location);
        }
        return path;
      }
      URI uri;
      try {
        uri = new URI(location);
      } catch (URISyntaxException unencoded) {
        // Accept file:/path with spaces or other characters a strict URI would need escaped.
        Path path = Path.of(location.substring(FILE_PREFIX.length()));
        if (!path.isAbsolute()) {
          throw unsupported(location);
        }
        return path;
      }
      if (uri.isOpaque()) {
        throw unsupported(location);
      }
      return Path.of(uri);
    } catch (IllegalArgumentException | FileSystemNotFoundException bad) {
      throw unsupported(location);
    }
  }

  private static String readFile(Path path) throws ConfigException {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException missing) {
      throw single(path.toString(), path + ": cannot read (no such file)");
    } catch (IOException unreadable) {
      throw single(
          path.toString(), path + ": cannot read (" + unreadable.getClass().getSimpleName() + ")");
    }
  }

  private static String readResource(String location) throws ConfigException {
    String name = location.substring(CLASSPATH_PREFIX.length());
    while (name.startsWith("/")) {
      name = name.substring(1);
    }
    URL resource = null;
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      resource = context.getResource(name);
    }
    if (resource == null) {
      resource = MigrationConfig.class.getClassLoader().getResource(name);
    }
    if (resource == null) {
      throw single(
          location,
          location
              + ": not found (expected: a resource named "
              + name
              + " on the thread context class loader or the driver's class loader)");
    }
    try (InputStream in = resource.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      throw single(
          location, location + ": cannot read (" + unreadable.getClass().getSimpleName() + ")");
    }
  }

  private static String syntaxProblem(JacksonException notYaml) {
    // The YAML parser's message quotes the offending lines (indented), which may hold a password;
    // only its unindented lines, the parser's own words, are kept, with the position.
    JsonLocation where = notYaml.getLocation();
    String position =
        where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    List<String> reasons = new ArrayList<>();
    String message = notYaml.getOriginalMessage() == null ? "" : notYaml.getOriginalMessage();
    for (String line : message.split("\n")) {
      if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
        reasons.add(line.strip());
      }
    }
    return "(file): not valid YAML"
        + position
        + " (expected: a YAML map of settings; parser says: "
        + String.join("; ", reasons)
        + ")";
  }

  private static ConfigException unsupported(String location) {
    return single(
        location,
        location + ": unsupported configuration location (expected: " + ACCEPTED_FORMS + ")");
  }

  private static ConfigException single(String source, String problem) {
    return new ConfigException(source, List.of(problem));
  }
}
