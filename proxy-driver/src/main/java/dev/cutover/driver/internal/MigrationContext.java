package dev.cutover.driver.internal;

import dev.cutover.driver.Divergence;
import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.Phase;
import dev.cutover.driver.internal.metrics.DriverMetrics;
import dev.cutover.driver.shadow.ShadowReads;
import dev.cutover.driver.sql.Analysis;
import dev.cutover.driver.sql.Dialect;
import dev.cutover.driver.sql.SqlAnalyzer;
import dev.cutover.driver.sql.SqlTranslator;
import java.util.List;
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
  private final ConcurrentMap<String, String> translations = new ConcurrentHashMap<>();
  private final ControlConnections control;
  private final DivergenceJournal journal;
  private final DriverMetrics metrics;
  private final KeyCatalog keys = new KeyCatalog();
  private final ExecutorService asyncPool;
  private final AtomicInteger asyncPending = new AtomicInteger();
  private final ShadowReads shadow;

  public MigrationContext(MigrationConfig config) {
    this.config = config;
    this.phase = new AtomicReference<>(config.phase());
    long retry = config.secondaryRetryAfter().toNanos();
    endpoints[Phase.Side.OLD.ordinal()] = new Endpoint(Phase.Side.OLD, config.oldDatabase(), retry);
    endpoints[Phase.Side.NEW.ordinal()] = new Endpoint(Phase.Side.NEW, config.newDatabase(), retry);
    // The application's SQL is written for the database it ran on before the migration.
    this.appDialect = endpoints[Phase.Side.OLD.ordinal()].dialect();
    this.analyzer = new SqlAnalyzer(appDialect, 8L * 1024 * 1024);
    this.control = new ControlConnections(config.controlDatabase(), config.migration());
    this.journal =
        new DivergenceJournal(
            config.migration(), config.instanceId(), control, config.journalSpillDirectory());
    this.metrics = DriverMetrics.create(config.migration());
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

  Endpoint endpoint(Phase.Side side) {
    return endpoints[side.ordinal()];
  }

  Analysis analyze(String sql) {
    return analyzer.analyze(sql);
  }

  /**
   * The application's SQL as the given side must receive it (translated when its dialect differs).
   */
  String sqlFor(Phase.Side side, String sql) {
    Dialect target = endpoints[side.ordinal()].dialect();
    if (target == appDialect) {
      return sql;
    }
    String key = target.ordinal() + sql;
    String cached = translations.get(key);
    if (cached == null) {
      cached = SqlTranslator.translate(sql, appDialect, target);
      if (translations.size() < 100_000) {
        translations.put(key, cached);
      }
    }
    return cached;
  }

  Dialect appDialect() {
    return appDialect;
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
    journal.record(kind, analysis.tables(), sql, parameters, keys, error, sqlState);
  }

  @Override
  public void close() {
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
    control.close();
  }
}
