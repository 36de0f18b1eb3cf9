package dev.cutover.driver.internal;

import dev.cutover.driver.Divergence;
import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.Phase;
import dev.cutover.driver.internal.metrics.DriverMetrics;
import dev.cutover.driver.shadow.ShadowReads;
import dev.cutover.driver.sql.Analysis;
import dev.cutover.driver.sql.Averages;
import dev.cutover.driver.sql.BooleanLiterals;
import dev.cutover.driver.sql.Dialect;
import dev.cutover.driver.sql.HexLiterals;
import dev.cutover.driver.sql.InsertShape;
import dev.cutover.driver.sql.LimitedWriteKeys;
import dev.cutover.driver.sql.LooseGroupBy;
import dev.cutover.driver.sql.NullsOrder;
import dev.cutover.driver.sql.NumericFunctions;
import dev.cutover.driver.sql.OnUpdateTimestamps;
import dev.cutover.driver.sql.SqlAnalyzer;
import dev.cutover.driver.sql.SqlTranslator;
import dev.cutover.driver.sql.TextComparisons;
import dev.cutover.driver.sql.UpsertTranslation;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything one migration shares across its connections: config, phase, both sides, journal,
 * metrics.
 */
public final class MigrationContext implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(MigrationContext.class.getName());

  /** Streams and LOBs are buffered for replay up to this many bytes/chars. */
  static final int STREAM_CAP = 16 * 1024 * 1024;

  private final MigrationConfig config;
  private final AtomicReference<Phase> phase;
  private final Endpoint[] endpoints = new Endpoint[2];
  private final Dialect appDialect;
  private final SqlAnalyzer analyzer;

  /**
   * Translated text by target dialect, then by the application's text: keyed by the application's
   * own String, whose hash is computed once, because this runs several times per mirrored write.
   */
  private final List<ConcurrentMap<String, String>> translations = newPerDialect();

  private static <V> List<ConcurrentMap<String, V>> newPerDialect() {
    List<ConcurrentMap<String, V>> maps = new java.util.ArrayList<>();
    for (int i = 0; i < Dialect.values().length; i++) {
      maps.add(new ConcurrentHashMap<>());
    }
    return List.copyOf(maps);
  }

  /** Parsed INSERT shapes by statement text, one map per dialect (indexed by ordinal). */
  private final List<ConcurrentMap<String, Optional<InsertShape>>> insertShapes = newPerDialect();

  private final ControlConnections control;
  private final DivergenceJournal journal;
  private final DriverMetrics metrics;
  private final KeyCatalog keys = new KeyCatalog();
  private final ExecutorService asyncPool;
  private final AtomicInteger asyncPending = new AtomicInteger();
  private final ParameterTypes[] parameterTypes = new ParameterTypes[2];

  /** Whether the application was written against MariaDB Connector/J (the old side's URL). */
  private final boolean mariaDbClient;

  private final PgSchema[] schemas = new PgSchema[2];

  /** The MariaDB/MySQL side's ON UPDATE CURRENT_TIMESTAMP columns, if there is such a side. */
  private MysqlColumns mysqlColumns;

  /**
   * Whether the two sides are MySQL/MariaDB and PostgreSQL, which read left-to-right assignments
   * and cut tied rows differently.
   */
  private final boolean crossEngine;

  /** The PostgreSQL side's keys, for the ORDER BY of limited writes; null unless cross-engine. */
  private final PgSchema orderKeys;

  /** {@link LimitedWriteKeys#orderRisk} by statement text, {@code ""} for none. */
  private final ConcurrentMap<String, String> orderRisks = new ConcurrentHashMap<>();

  private final java.util.concurrent.atomic.AtomicIntegerArray batchCountsUnknown =
      new java.util.concurrent.atomic.AtomicIntegerArray(2);
  private final ShadowReads shadow;
  private final boolean holdAutocommitWrites;

  // ---- control plane hooks (issue 5): instance identity, write gate, guard feed, fleet member.
  private final String instanceId;
  private final WriteGate gate = new WriteGate();
  private final long holdTimeoutNanos;

  /** How long a connection waits for its secondary queue before switching primary side. */
  private volatile long primarySwitchWaitMillis = DEFAULT_PRIMARY_SWITCH_WAIT_MILLIS;

  /** The default of {@link #primarySwitchWaitMillis()}: 30 s. */
  public static final long DEFAULT_PRIMARY_SWITCH_WAIT_MILLIS = 30_000;

  private volatile PrimaryObserver observer = PrimaryObserver.NONE;
  private volatile PhaseOverrides overrides;
  private volatile AutoCloseable member;

  public MigrationContext(MigrationConfig config) {
    this.config = config;
    this.holdAutocommitWrites = config.autocommitWrites() == MigrationConfig.AutocommitWrites.HELD;
    this.phase = new AtomicReference<>(config.phase());
    java.time.ZoneId jvm = java.time.ZoneId.systemDefault();
    if (!config.timeZone().normalized().equals(jvm.normalized())) {
      LOG.log(
          System.Logger.Level.WARNING,
          "timeZone is "
              + config.timeZone()
              + " but this JVM runs in "
              + jvm
              + ": dual-writes place zone-less date-times in "
              + jvm
              + " (as the vendor drivers do), backfill and verify in "
              + config.timeZone()
              + "; set timeZone to the application's JVM zone");
    }
    long retry = config.secondaryRetryAfter().toNanos();
    // The application's SQL is written for the database it ran on before the migration.
    this.appDialect = Dialect.fromJdbcUrl(config.oldDatabase().url());
    // A MariaDB/MySQL application counts on a failed statement leaving its transaction usable.
    boolean statementRollback = config.statementRollback() && appDialect == Dialect.MYSQL;
    endpoints[Phase.Side.OLD.ordinal()] =
        new Endpoint(Phase.Side.OLD, config.oldDatabase(), retry, statementRollback);
    endpoints[Phase.Side.NEW.ordinal()] =
        new Endpoint(Phase.Side.NEW, config.newDatabase(), retry, statementRollback);
    this.mariaDbClient = endpoints[Phase.Side.OLD.ordinal()].url().startsWith("jdbc:mariadb:");
    this.analyzer = new SqlAnalyzer(appDialect, 8L * 1024 * 1024);
    this.functions =
        FunctionCatalog.applies(appDialect)
            ? new FunctionCatalog(
                endpoints[Phase.Side.OLD.ordinal()], endpoints[Phase.Side.NEW.ordinal()])
            : null;
    for (Endpoint e : endpoints) {
      if (config.adaptParameters()
          && e.dialect() == Dialect.POSTGRES
          && appDialect != Dialect.POSTGRES) {
        parameterTypes[e.side().ordinal()] =
            new ParameterTypes(mariaDbClient, MariaDbNumbers.sendsText(config.oldDatabase()));
      }
      if (e.dialect() == Dialect.POSTGRES && appDialect == Dialect.MYSQL) {
        schemas[e.side().ordinal()] = new PgSchema(e);
      }
      if (e.dialect() == Dialect.MYSQL) {
        mysqlColumns = new MysqlColumns(e);
      }
    }
    Dialect other = endpoints[Phase.Side.NEW.ordinal()].dialect();
    this.crossEngine =
        (appDialect == Dialect.MYSQL && other == Dialect.POSTGRES)
            || (appDialect == Dialect.POSTGRES && other == Dialect.MYSQL);
    if (!crossEngine) {
      this.orderKeys = null;
    } else if (appDialect == Dialect.MYSQL) {
      this.orderKeys = schemas[Phase.Side.NEW.ordinal()];
    } else {
      this.orderKeys = new PgSchema(endpoints[Phase.Side.OLD.ordinal()]);
    }
    this.control = new ControlConnections(config.controlDatabase(), config.migration());
    endpoints[Phase.Side.OLD.ordinal()].onIdentity(this::learnedIdentity);
    // Unique per context, so several instances in one process (or a restart) are told apart.
    this.instanceId =
        config.instanceId()
            + "#"
            + String.format(
                "%06x", java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 24));
    this.journal =
        new DivergenceJournal(
            config.migration(), instanceId, control, config.journalSpillDirectory());
    this.metrics = new ObservedMetrics(DriverMetrics.create(config.migration()));
    this.holdTimeoutNanos = config.holdTimeout().toNanos();
    this.asyncPool =
        config.dualWriteMode() == MigrationConfig.DualWriteMode.ASYNC
            ? Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()),
                r -> {
                  Thread t = new Thread(r, "cutover-secondary-" + config.migration());
                  t.setDaemon(true);
                  return t;
                })
            : null;
    this.shadow =
        new ShadowReads(
            config,
            endpoints[Phase.Side.OLD.ordinal()],
            endpoints[Phase.Side.NEW.ordinal()],
            this::sqlFor,
            control,
            metrics);
  }

  public MigrationConfig config() {
    return config;
  }

  public Phase phase() {
    return phase.get();
  }

  /** Compare-and-set of the phase; only adjacent moves. */
  public boolean compareAndSetPhase(Phase expected, Phase next) {
    if (!expected.canMoveTo(next)) {
      throw new IllegalStateException("Invalid phase move: " + expected + " -> " + next);
    }
    return phase.compareAndSet(expected, next);
  }

  /**
   * Moves this instance to the phase the control store holds, whichever it was before: the store is
   * the authority, and an instance that missed versions (store unreachable) jumps to the newest.
   * Callers fence and drain the write gate first.
   */
  public void adoptPhase(Phase next) {
    phase.set(next);
  }

  /**
   * How long, in asynchronous mode, a connection whose primary side changes waits for its queued
   * secondary work on that side before the statement fails (the side's physical connection is never
   * used by the application and the queue at once).
   */
  public long primarySwitchWaitMillis() {
    return primarySwitchWaitMillis;
  }

  /** Changes {@link #primarySwitchWaitMillis()} (tests, embedding); takes effect at once. */
  public void primarySwitchWaitMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("negative wait: " + millis);
    }
    this.primarySwitchWaitMillis = millis;
  }

  /** Per-table phases that differ from the global one; {@code null} when there are none. */
  public PhaseOverrides overrides() {
    return overrides;
  }

  /**
   * Installs the per-table overrides the control store holds ({@code null}: none). Callers fence
   * and drain the write gate first, as for {@link #adoptPhase}, and install overrides before the
   * phase.
   */
  public void adoptOverrides(PhaseOverrides next) {
    this.overrides = next;
  }

  /**
   * Journals a write whose tables have different per-table phases: it ran under {@code ran}, so the
   * side another table's phase wanted may have missed (or got) it.
   */
  void recordMixedPhases(Analysis a, Phase ran, PhaseOverrides o, Phase global, String why) {
    metrics.divergence(Divergence.Kind.MIXED_PHASES);
    journal.record(
        Divergence.Kind.MIXED_PHASES,
        a.writtenTables().isEmpty() ? a.tables() : a.writtenTables(),
        a.fingerprint(),
        List.of(),
        List.of(),
        "ran under " + ran + " (" + why + "); tables: " + o.describe(a, global),
        null);
  }

  /** This instance's name in heartbeats and the audit log, unique per context. */
  public String instanceId() {
    return instanceId;
  }

  /** The gate every write statement and write transaction passes. */
  public WriteGate writeGate() {
    return gate;
  }

  void enterWriteGate() throws java.sql.SQLException {
    gate.enter(holdTimeoutNanos);
  }

  PrimaryObserver observer() {
    return observer;
  }

  /** Installs the automatic rollback guards' feed. */
  public void observePrimary(PrimaryObserver o) {
    this.observer = o == null ? PrimaryObserver.NONE : o;
  }

  /** The pooled connections to the control store. */
  public ControlConnections controlConnections() {
    return control;
  }

  /** Ties the control plane's fleet member to this context's lifetime. */
  public void attachMember(AutoCloseable m) {
    this.member = m;
  }

  Endpoint endpoint(Phase.Side side) {
    return endpoints[side.ordinal()];
  }

  Analysis analyze(String sql) {
    return classify(analyzer.analyze(sql));
  }

  /**
   * {@code a} as a write when the query calls a function of the application's that may write (see
   * {@link FunctionCatalog}); asked again at each execution of a prepared statement.
   */
  /** The analyzer's own analysis of {@code sql}, before the function catalog's say. */
  Analysis unclassified(String sql) {
    return analyzer.analyze(sql);
  }

  Analysis classify(Analysis a) {
    // Classified in every phase: a query analysed just before a flip into a dual phase runs under
    // it. In OLD and NEW (without overrides) nothing waits for the names, as the other database
    // need not be reachable there; their first read starts in the background.
    return functions == null ? a : functions.classify(a, phase().isDual() || overrides != null);
  }

  /** The application's functions that make a query a write; null for a MySQL application. */
  private final FunctionCatalog functions;

  /**
   * The parameter types learnt on {@code side}, or null when values are bound there exactly as the
   * application bound them: the side speaks the application's dialect, is not PostgreSQL, or {@code
   * translation.adaptParameters} is off.
   */
  /** Whether the application was written against MariaDB Connector/J (the old side's URL). */
  boolean mariaDbClient() {
    return mariaDbClient;
  }

  ParameterTypes parameterTypes(Phase.Side side) {
    return parameterTypes[side.ordinal()];
  }

  /**
   * Whether {@code side}'s driver is known to give an update count per batched write; false once it
   * answered a batch with {@code SUCCESS_NO_INFO} (MariaDB Connector/J's bulk inserts), after which
   * asynchronous groups send their writes to that side one by one, so every count is still
   * compared.
   */
  boolean batchCountsKnown(Phase.Side side) {
    return batchCountsUnknown.get(side.ordinal()) == 0;
  }

  void batchCountsUnknown(Phase.Side side) {
    batchCountsUnknown.set(side.ordinal(), 1);
  }

  /**
   * A DDL statement ran: column types and unique keys may have changed, so learnt parameter types,
   * tables and the upserts translated from them are dropped.
   */
  void schemaChanged(Analysis ddl) {
    keys.clear();
    if (functions != null && FunctionCatalog.changesFunctions(ddl)) {
      functions.clear();
    }
    if (mysqlColumns != null) {
      mysqlColumns.clear();
    }
    orderRisks.clear();
    if (orderKeys != null) {
      orderKeys.clear();
    }
    for (ParameterTypes t : parameterTypes) {
      if (t != null) {
        t.clear();
      }
    }
    for (PgSchema schema : schemas) {
      if (schema != null) {
        schema.clear();
        translations.get(Dialect.POSTGRES.ordinal()).clear();
      }
    }
  }

  /**
   * Whether the application's {@code sql} is a MySQL upsert, whose update counts differ between
   * MySQL (an updated row counts twice) and PostgreSQL (once), so only 'none' and 'some' compare.
   */
  boolean upsertCounts(String sql) {
    return appDialect == Dialect.MYSQL && UpsertTranslation.isUpsert(sql);
  }

  /**
   * The application's SQL as the given side must receive it (translated when its dialect differs).
   */
  String sqlFor(Phase.Side side, String sql) {
    return sqlFor(side, sql, true);
  }

  /**
   * As {@link #sqlFor(Phase.Side, String)}, for a text written once (a {@code LAST_INSERT_ID()}
   * replaced by its value): not kept, so such texts do not crowd the cache out.
   */
  String sqlForOnce(Phase.Side side, String sql) {
    return sqlFor(side, sql, false);
  }

  private String sqlFor(Phase.Side side, String sql, boolean cacheIt) {
    Dialect target = endpoints[side.ordinal()].dialect();
    if (target == appDialect) {
      return sql;
    }
    ConcurrentMap<String, String> cache = translations.get(target.ordinal());
    String cached = cacheIt ? cache.get(sql) : null;
    if (cached == null) {
      PgSchema schema = schemas[side.ordinal()];
      boolean[] typesRead = {true};
      cached =
          SqlTranslator.translate(
              sql,
              appDialect,
              target,
              schema == null
                  ? null
                  : (table, column) -> {
                    try {
                      return schema.storedType(table, column);
                    } catch (SQLException | RuntimeException e) {
                      // Uncast this time (exact unless the column rounds); asked again next time.
                      typesRead[0] = false;
                      return null;
                    }
                  },
              schema == null || mysqlColumns == null
                  ? null
                  : (table, column) -> {
                    try {
                      return mysqlColumns.type(table, column);
                    } catch (SQLException | RuntimeException e) {
                      // MySQL's scales unknown (its side unreachable): PostgreSQL's stand for
                      // them this time, as MySQL's would be written (numeric(12,2) as
                      // decimal(12,2)).
                      typesRead[0] = false;
                      try {
                        String pg = schema.storedType(table, column);
                        return pg != null && pg.startsWith("numeric")
                            ? "decimal" + pg.substring("numeric".length())
                            : pg;
                      } catch (SQLException | RuntimeException again) {
                        return null;
                      }
                    }
                  });
      boolean keep = typesRead[0];
      if (schema != null) {
        // Schemas exist only for a PostgreSQL side of a MySQL application. Each rewrite reads
        // tables of the side; when one cannot, the statement goes without it this time and is
        // translated again next time.
        List<String> tables = analyze(sql).tables();
        Rewrite[] rewrites = {
          new Rewrite(
              "upsert's table",
              UpsertTranslation.isUpsert(sql),
              t -> UpsertTranslation.rewrite(t, schema)),
          new Rewrite(
              "insert's table",
              true,
              t ->
                  OnUpdateTimestamps.startsWithWord(t, "insert")
                      ? generatedForNullAndZero(t, schema)
                      : t),
          new Rewrite(
              "statement's tables",
              true,
              t -> BooleanLiterals.rewrite(t, tables, schema::storedType)),
          new Rewrite(
              "statement's tables", true, t -> HexLiterals.rewrite(t, tables, schema::storedType)),
          new Rewrite(
              "statement's tables", true, t -> Averages.rewrite(t, tables, schema::storedType)),
          new Rewrite(
              "statement's tables",
              true,
              t -> TextComparisons.rewrite(t, tables, schema::storedType)),
          new Rewrite(
              "statement's tables",
              true,
              t -> NumericFunctions.rewrite(t, tables, schema::storedType)),
          new Rewrite("ordered tables", true, t -> NullsOrder.rewrite(t, tables, schema::nullable)),
          new Rewrite("grouped tables", true, t -> LooseGroupBy.rewrite(t, tables, schema)),
          new Rewrite(
              "limited write's table",
              true,
              t -> LimitedWriteKeys.applies(t) ? LimitedWriteKeys.rewrite(t, schema) : t),
          new Rewrite(
              "update's table",
              mysqlColumns != null,
              t ->
                  OnUpdateTimestamps.applies(t)
                      ? OnUpdateTimestamps.rewrite(t, onUpdateSchema(schema))
                      : t)
        };
        for (Rewrite r : rewrites) {
          if (!r.applies()) {
            continue;
          }
          try {
            cached = r.step().apply(cached);
          } catch (SQLException | RuntimeException e) {
            keep = false;
            LOG.log(System.Logger.Level.DEBUG, "could not read the " + r.what() + " on " + side, e);
          }
        }
      }
      if (keep && cacheIt && cache.size() < 100_000) {
        cache.put(sql, cached);
      }
    }
    return cached;
  }

  private static final java.util.regex.Pattern NEXTVAL =
      java.util.regex.Pattern.compile("(?i)\\bnextval\\s*\\(\\s*'[^']*'\\s*\\)");

  private final ConcurrentMap<String, String> withoutSequences = new ConcurrentHashMap<>();

  /**
   * {@code sql} with its {@code nextval('seq')} calls as 0, for deciding whether a write whose keys
   * were copied from the primary is still non-deterministic; the same string when it has none.
   */
  String withoutSequenceCalls(String sql) {
    String known = withoutSequences.get(sql);
    if (known == null) {
      String replaced = NEXTVAL.matcher(sql).replaceAll("0");
      known = replaced.equals(sql) ? sql : replaced;
      if (withoutSequences.size() >= 10_000) {
        withoutSequences.clear();
      }
      withoutSequences.put(sql, known);
    }
    return known == sql || known.equals(sql) ? sql : known;
  }

  /** How many {@code nextval('seq')} calls {@code sql} makes. */
  int sequenceCalls(String sql) {
    java.util.regex.Matcher m = NEXTVAL.matcher(sql);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** A statement for one execution with DEFAULT for key parameters bound to NULL or 0. */
  record KeyDefaults(String sql, java.util.BitSet dropped) {}

  /**
   * For a PostgreSQL primary: where the application's INSERT gives the table's serial or identity
   * key as a parameter bound to NULL or 0 (MyBatis and hand-written DAOs send the entity's empty id
   * so), the statement with DEFAULT there and the parameters (from 0) it no longer has; null when
   * there is none. MySQL generates the id for such a value; PostgreSQL refused NULL and stored 0.
   */
  KeyDefaults keyDefaults(Phase.Side side, String sql, Binding[] row) {
    PgSchema schema = schemas[side.ordinal()];
    if (schema == null || row.length == 0) {
      return null;
    }
    try {
      String pg = sqlFor(side, sql);
      InsertShape shape = insertShape(pg, Dialect.POSTGRES);
      int slot = generatedKeySlot(shape, schema);
      if (slot < 0) {
        return null;
      }
      List<InsertShape.Value> values = shape.valuesOf(slot);
      java.util.BitSet dropped = new java.util.BitSet();
      StringBuilder out = new StringBuilder(pg.length());
      int copied = 0;
      int base = 0;
      for (int r = 0; r < shape.rowCount(); r++) {
        InsertShape.Value v = values.get(r);
        int at = base + v.firstParameter();
        if (v.kind() == InsertShape.ValueKind.PARAMETER && at < row.length && row[at] != null) {
          Object given = row[at].display();
          if (given == null || isZero(given)) {
            out.append(pg, copied, v.start()).append("DEFAULT");
            copied = v.end();
            dropped.set(at);
          }
        }
        base += shape.parameterCountPerRow(r);
      }
      return dropped.isEmpty()
          ? null
          : new KeyDefaults(out.append(pg, copied, pg.length()).toString(), dropped);
    } catch (SQLException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not read the insert's key on " + side, e);
      return null;
    }
  }

  private static boolean isZero(Object value) {
    try {
      return new java.math.BigDecimal(value.toString().trim()).signum() == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * MySQL generates an AUTO_INCREMENT key for a NULL or 0 given for it; PostgreSQL stored 0 and
   * refused NULL (an error in the application once it is the primary, and, with MariaDB as the
   * secondary then, an id MariaDB generated where PostgreSQL kept 0). On a PostgreSQL side such a
   * literal given for the table's serial or identity column becomes {@code DEFAULT}; the driver
   * then sends the other side the id PostgreSQL generated, as for any {@code DEFAULT}.
   */
  private static String generatedForNullAndZero(String sql, PgSchema schema) throws SQLException {
    InsertShape shape = InsertShape.parse(sql, Dialect.POSTGRES);
    int slot = generatedKeySlot(shape, schema);
    return slot < 0 ? sql : shape.withDefaultsForNullAndZero(slot);
  }

  /** A schema-reading rewrite of a PostgreSQL side's translated text. */
  @FunctionalInterface
  private interface Step {
    String apply(String sql) throws SQLException;
  }

  /** One step of {@link #sqlFor}'s schema stage: what it rewrites, whether it applies, how. */
  private record Rewrite(String what, boolean applies, Step step) {}

  /**
   * Where {@code shape} gives {@code table}'s serial or identity column: its index in the column
   * list, or its position for an INSERT without one; -1 when it gives none.
   */
  private static int generatedKeySlot(InsertShape shape, PgSchema schema) throws SQLException {
    if (shape == null || shape.table() == null) {
      return -1;
    }
    Map.Entry<String, Integer> key = schema.generatedKey(shape.table());
    if (key == null) {
      return -1;
    }
    int slot = shape.columns().isEmpty() ? key.getValue() : shape.columnIndex(key.getKey());
    return slot >= 0 && shape.hasValuesAt(slot) ? slot : -1;
  }

  /** The MySQL side's on-update columns with {@code schema}'s types, for one rewrite. */
  private OnUpdateTimestamps.Schema onUpdateSchema(PgSchema schema) {
    MysqlColumns mysql = mysqlColumns;
    return new OnUpdateTimestamps.Schema() {
      @Override
      public List<String> onUpdateColumns(String table) throws SQLException {
        return mysql.onUpdateColumns(table);
      }

      @Override
      public String comparableType(String table, String column) throws SQLException {
        return schema.comparableType(table, column);
      }

      @Override
      public String columnName(String table, String column) throws SQLException {
        return schema.columnName(table, column);
      }
    };
  }

  /**
   * Why the write {@code sql} may leave different rows on the two sides, for a {@code
   * NON_DETERMINISTIC} entry; null when it cannot. A non-deterministic function or a LIMIT without
   * ORDER BY; and between MySQL/MariaDB and PostgreSQL, an assignment reading an earlier one's
   * column that the translation could not rewrite, or an ORDER BY ... LIMIT that does not order the
   * rows uniquely (checked against the PostgreSQL side's keys, once per statement text).
   */
  String rowsMayDiffer(String sql, Analysis analysis) {
    String why =
        analysis.nonDeterministic()
            ? "calls a non-deterministic function or limits its rows without ORDER BY"
            : null;
    if (crossEngine && analysis.assignmentOrderRisk() != null) {
      why = (why == null ? "" : why + "; ") + analysis.assignmentOrderRisk();
    }
    if (crossEngine && analysis.orderedLimit()) {
      String ties = orderRisk(sql);
      if (ties != null) {
        why = (why == null ? "" : why + "; ") + ties;
      }
    }
    return why == null ? null : why + "; the rows may differ between the databases";
  }

  private String orderRisk(String sql) {
    String known = orderRisks.get(sql);
    if (known != null) {
      return known.isEmpty() ? null : known;
    }
    String risk;
    try {
      risk = LimitedWriteKeys.orderRisk(sql, appDialect, orderKeys);
    } catch (SQLException | RuntimeException e) {
      // Asked again next time; meanwhile the rows may well differ.
      LOG.log(System.Logger.Level.DEBUG, "could not read the limited write's keys", e);
      return "limits its rows with an ORDER BY whose table's keys could not be read";
    }
    if (orderRisks.size() < 100_000) {
      orderRisks.put(sql, risk == null ? "" : risk);
    }
    return risk;
  }

  /**
   * {@link InsertShape#parse}, once per statement text and dialect: a dual-written INSERT into a
   * table with a generated key needs its shape two or three times per execution, and the regex
   * parse was the largest part of the driver's own time on that path.
   */
  InsertShape insertShape(String sql, Dialect dialect) {
    ConcurrentMap<String, Optional<InsertShape>> cache = insertShapes.get(dialect.ordinal());
    Optional<InsertShape> known = cache.get(sql);
    if (known == null) {
      known = Optional.ofNullable(InsertShape.parse(sql, dialect));
      if (cache.size() >= 100_000) {
        // Texts written once (a LAST_INSERT_ID() replaced by its value) must not keep the
        // statements that repeat from being cached: start over.
        cache.clear();
      }
      cache.put(sql, known);
    }
    return known.orElse(null);
  }

  Dialect appDialect() {
    return appDialect;
  }

  /**
   * The error the application sees for {@code e}, raised by {@code side}: for a MariaDB/MySQL
   * application, a PostgreSQL side's as its client (MariaDB's or MySQL's Connector/J) raises
   * MariaDB's ({@code translation.errors: old}, see {@link MysqlErrors}); else {@code e}.
   */
  SQLException appError(Phase.Side side, SQLException e) {
    if (appDialect != Dialect.MYSQL
        || endpoints[side.ordinal()].dialect() != Dialect.POSTGRES
        || config.errors() != MigrationConfig.Errors.OLD) {
      return e;
    }
    return MysqlErrors.translate(e, !mariaDbClient);
  }

  /**
   * Whether {@code side} is PostgreSQL serving a MariaDB/MySQL application, whose transactions the
   * driver holds to InnoDB's rules there: a COMMIT of a transaction PostgreSQL aborted fails rather
   * than rolling back silently as pgjdbc lets it, and a deadlock's or serialization failure's
   * victim is rolled back whole at once, locks and all (with pgjdbc's automatic savepoint it kept
   * its other locks, and the transaction it deadlocked with waited on).
   */
  boolean mysqlTransactionsOn(Phase.Side side) {
    return appDialect == Dialect.MYSQL && endpoints[side.ordinal()].dialect() == Dialect.POSTGRES;
  }

  private volatile AppIdentity appIdentity;

  /** When the identity could not be found or kept: not tried again before this time. */
  private volatile long identityRetryNanos;

  /** Whether the control row holds the identity (it may not exist yet when it is learned). */
  private volatile boolean identityKept;

  /**
   * How long a metadata question waits, once per instance, for the identity to be looked up. The
   * look-up (control store, then a connection to the old database) runs on a thread of its own: an
   * old database that no longer answers held every metadata question for the vendor's connect
   * timeout (30 s for MariaDB), once a minute, and an unreachable control store held the
   * application's first connection and then a metadata question for its 5 s pool timeout.
   */
  private static final long IDENTITY_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

  /** The look-up in flight, or null. */
  private java.util.concurrent.CompletableFuture<AppIdentity> identityLookup;

  /** Whether a metadata question has waited for a look-up already: only the first one does. */
  private boolean identityWaited;

  private java.util.concurrent.ExecutorService identityWorker;

  /** Runs identity work (the control store, the old database) off the application's threads. */
  private boolean inBackground(Runnable work) {
    synchronized (identityLock) {
      return inBackgroundLocked(work);
    }
  }

  private boolean inBackgroundLocked(Runnable work) {
    if (closed) {
      return false;
    }
    if (identityWorker == null) {
      identityWorker =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "cutover-identity-" + config.migration());
                t.setDaemon(true);
                return t;
              });
    }
    try {
      identityWorker.execute(work);
      return true;
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return false;
    }
  }

  private volatile boolean closed;

  /** Guards the identity look-up's state and worker. */
  private final Object identityLock = new Object();

  private final java.util.concurrent.atomic.AtomicBoolean keeping =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Keeps the identity in the control row, in the background; once at a time. */
  private void keepIdentity(AppIdentity id) {
    if (identityKept || !keeping.compareAndSet(false, true)) {
      return;
    }
    identityRetryNanos = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
    boolean started =
        inBackground(
            () -> {
              try {
                identityKept = id.store(control, config.migration());
              } finally {
                keeping.set(false);
              }
            });
    if (!started) {
      keeping.set(false);
    }
  }

  /** The old database's first connection: its identity, kept in the control row for later. */
  private void learnedIdentity(AppIdentity id) {
    if (appIdentity == null) {
      appIdentity = id;
      keepIdentity(id);
    }
  }

  /**
   * The database the application's SQL is written for ({@link AppIdentity}), which the metadata
   * answers in every phase; null when neither a connection to the old database nor the control row
   * gives it (the metadata then answers the primary's, and a warning says so once). The first
   * question waits at most {@link #IDENTITY_WAIT_NANOS} for the look-up; later ones never wait.
   */
  AppIdentity appIdentity() {
    AppIdentity id = appIdentity;
    if (id != null) {
      if (!identityKept && System.nanoTime() - identityRetryNanos >= 0) {
        // Learned before the control row existed: keep it now, so later instances find it.
        keepIdentity(id);
      }
      return id;
    }
    java.util.concurrent.CompletableFuture<AppIdentity> lookup;
    boolean wait;
    synchronized (identityLock) {
      lookup = identityLookup;
      if (lookup == null) {
        if (System.nanoTime() - identityRetryNanos < 0) {
          return appIdentity;
        }
        java.util.concurrent.CompletableFuture<AppIdentity> started =
            new java.util.concurrent.CompletableFuture<>();
        if (!inBackground(() -> lookUpIdentity(started))) {
          return null;
        }
        identityLookup = lookup = started;
      }
      wait = !identityWaited;
      identityWaited = true;
    }
    if (!wait) {
      return appIdentity;
    }
    try {
      return lookup.get(IDENTITY_WAIT_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return appIdentity;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return appIdentity;
    }
  }

  /** On the identity thread: the control row's, else the old database's; completes {@code f}. */
  private void lookUpIdentity(java.util.concurrent.CompletableFuture<AppIdentity> f) {
    AppIdentity id = null;
    try {
      id = AppIdentity.load(control, config.migration());
      if (id != null) {
        identityKept = true;
        appIdentity = id;
        return;
      }
      // Not kept yet (a store from before, or the old database never connected): ask it.
      try (java.sql.Connection c = endpoints[Phase.Side.OLD.ordinal()].open()) {
        id = AppIdentity.of(c);
        learnedIdentity(id);
      } catch (SQLException | RuntimeException e) {
        identityRetryNanos = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        LOG.log(
            System.Logger.Level.WARNING,
            "Migration "
                + config.migration()
                + ": the old database's product and version are not known (it is unreachable and"
                + " the control store keeps none), so DatabaseMetaData answers the primary's. A"
                + " framework that picks its SQL dialect from them (Hibernate, Flyway) now picks"
                + " the new database's. "
                + e.getMessage());
      }
    } finally {
      synchronized (identityLock) {
        identityLookup = null;
      }
      f.complete(appIdentity);
    }
  }

  public DivergenceJournal journal() {
    return journal;
  }

  public DriverMetrics metrics() {
    return metrics;
  }

  /** Sampled reads compared on the secondary, and their mismatch roll-up. */
  public ShadowReads shadow() {
    return shadow;
  }

  KeyCatalog keys() {
    return keys;
  }

  SecondaryLane newLane() {
    return asyncPool == null
        ? SecondaryLane.inline()
        : SecondaryLane.queued(asyncPool, asyncPending, config.queueCapacity());
  }

  /** Whether autocommit writes in a dual phase run held ({@code dualWrite.autocommitWrites}). */
  boolean holdAutocommitWrites() {
    return holdAutocommitWrites;
  }

  /** Writes queued for secondaries and not yet applied (asynchronous mode). */
  public int asyncPending() {
    return asyncPending.get();
  }

  void record(
      Divergence.Kind kind,
      Analysis analysis,
      String sql,
      List<Object> parameters,
      List<Object> keys,
      String error,
      String sqlState) {
    metrics.divergence(kind);
    if (kind == Divergence.Kind.NON_DETERMINISTIC && keys.isEmpty()) {
      // Without keys such an entry says only 'this statement shape may leave different rows'
      // (UPDATE ... SET at = NOW(), DELETE ... LIMIT 1), which verify then finds row by row: one
      // entry a minute per shape keeps a busy statement from writing the journal, synchronously,
      // on every execution. Every execution is still counted in the metric.
      if (nonDeterministicJournaled.asMap().putIfAbsent(analysis.fingerprintHash(), Boolean.TRUE)
          != null) {
        return;
      }
      error = error + " (journaled once a minute for this statement shape)";
    }
    journal.record(kind, analysis.tables(), sql, parameters, keys, error, sqlState);
  }

  /** Fingerprints whose keyless NON_DETERMINISTIC entry was journaled within the last minute. */
  private final com.github.benmanes.caffeine.cache.Cache<Long, Boolean> nonDeterministicJournaled =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
          .maximumSize(10_000)
          .expireAfterWrite(java.time.Duration.ofMinutes(1))
          .build();

  /**
   * Forwards every meter and feeds the rollback guards: a primary's own timing, and the end of a
   * statement (which releases an autocommit write from the gate).
   */
  private final class ObservedMetrics implements DriverMetrics {
    private final DriverMetrics delegate;

    ObservedMetrics(DriverMetrics delegate) {
      this.delegate = delegate;
    }

    @Override
    public void statement(Phase p, Route route, dev.cutover.driver.sql.StatementKind kind, long n) {
      CutoverConnection.statementFinished();
      delegate.statement(p, route, kind, n);
    }

    @Override
    public void side(Phase.Side side, boolean primary, long nanos) {
      if (primary) {
        observer.succeeded(side, nanos);
      }
      delegate.side(side, primary, nanos);
    }

    @Override
    public void divergence(Divergence.Kind kind) {
      delegate.divergence(kind);
    }

    @Override
    public void secondaryGroup(int size) {
      delegate.secondaryGroup(size);
    }

    @Override
    public void fleetDrain(long nanos) {
      delegate.fleetDrain(nanos);
    }

    @Override
    public void shadowRead(ShadowResult result) {
      delegate.shadowRead(result);
    }

    @Override
    public void shadowComparison() {
      delegate.shadowComparison();
    }

    @Override
    public void shadowMismatch(
        dev.cutover.driver.shadow.MismatchKind kind,
        dev.cutover.driver.shadow.Classification classification) {
      delegate.shadowMismatch(kind, classification);
    }

    @Override
    public void shadowLatency(long nanos) {
      delegate.shadowLatency(nanos);
    }

    @Override
    public void bindTo(Object registry) {
      delegate.bindTo(registry);
    }
  }

  @Override
  public void close() {
    synchronized (identityLock) {
      closed = true;
      if (identityWorker != null) {
        identityWorker.shutdownNow();
      }
    }
    AutoCloseable m = member;
    if (m != null) {
      try {
        m.close();
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "closing the control-plane member", e);
      }
    }
    if (asyncPool != null) {
      asyncPool.shutdown();
      try {
        if (!asyncPool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
          LOG.log(
              System.Logger.Level.WARNING,
              "Secondary writes still queued at close: " + asyncPending.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    shadow.close();
    if (functions != null) {
      functions.close();
    }
    control.close();
  }
}
