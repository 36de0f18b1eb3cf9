package dev.cutover.driver.shadow;

import dev.cutover.comparator.CaptureBudget;
import dev.cutover.comparator.CompareOptions;
import dev.cutover.comparator.ComparisonResult;
import dev.cutover.comparator.Engine;
import dev.cutover.comparator.NormalizerOptions;
import dev.cutover.comparator.ResultComparator;
import dev.cutover.comparator.ResultSnapshot;
import dev.cutover.comparator.ValueNormalizer;
import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.Phase;
import dev.cutover.driver.config.Setting;
import dev.cutover.driver.internal.BackgroundPriority;
import dev.cutover.driver.internal.ControlConnections;
import dev.cutover.driver.internal.CutoverStatement;
import dev.cutover.driver.internal.Endpoint;
import dev.cutover.driver.internal.LocalDatabase;
import dev.cutover.driver.internal.SessionZone;
import dev.cutover.driver.internal.metrics.DriverMetrics;
import dev.cutover.driver.internal.metrics.DriverMetrics.ShadowResult;
import dev.cutover.driver.sql.Analysis;
import dev.cutover.driver.sql.Dialect;
import dev.cutover.driver.sql.StatementKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

/**
 * Shadow reads: a sampled fraction of the application's reads is run again on the secondary and the
 * two results are compared, so the team knows the new database answers exactly as the old one
 * before anyone cuts over.
 *
 * <h2>Why it is built this way</h2>
 *
 * <p><b>The primary must not notice.</b> The decision to sample is one {@code ThreadLocalRandom}
 * draw on the application's thread, after checks that cost a field read (dual phase, plain read).
 * An unsampled read pays nothing more: its result set has no tee. A sampled read pays for one
 * {@code getObject} per column of the rows the application reads anyway, and a queue offer;
 * normalization, the secondary query, comparison and reporting run on {@code shadow.threads}
 * threads fed by a bounded queue. When the queue is full the read is shed and counted, never waited
 * for: a slow or dead secondary fills the queue and costs shed reads, not latency.
 *
 * <p><b>The primary is read once.</b> The application's rows are the primary's answer: re-reading
 * the primary would double its load and compare a later state. So the rows are teed as the
 * application reads them, within a row and byte budget; what the application did not read (it
 * closed early, or the budget ran out) is marked truncated and the comparator compares only what is
 * comparable (the prefix of an ordered result; an unordered one cannot be).
 *
 * <p><b>A mismatch must be real to be reported as one.</b> Three sources of false mismatches are
 * handled here; the comparator handles the value-level ones (decimal scale, float tolerance, time
 * zones, booleans, padding, row order without ORDER BY). First, a write racing the read: a
 * difference is re-checked after {@code shadow.recheckDelay} by running the read again on both
 * sides through their own pools; the primary's re-read is bracketed by two secondary reads, and if
 * it agrees with either, the first difference was a race (TRANSIENT); otherwise it is PERSISTENT.
 * Bracketing matters because dual-write applies a write to the primary first and the secondary just
 * after; a single primary-then-secondary re-read can fall in that window again. A re-check that
 * cannot run (a read fails, the session can no longer be brought about) confirms nothing: its
 * mismatch is TRANSIENT too, and counted in {@code recheckFailed}. Second, statements calling
 * NOW(), RAND() and the like are classified NON_DETERMINISTIC without a re-check, so they never mix
 * with real mismatches. Third, a read inside a transaction that has written sees rows no other
 * connection can see: it is skipped and counted, never compared.
 *
 * <p><b>Both reads must mean the same thing.</b> A read with ORDER BY promises an order only up to
 * ties, so it is compared with ties on the order keys that map to result columns, and as a multiset
 * when none do ({@link ComparisonPlan}, worked out per fingerprint on a shadow thread). Both reads
 * run under the session state of the application connection the read was sampled on (time zone,
 * search path, SQL mode, schema): {@link SessionReplay} brings the pooled connections to it, and a
 * session a side cannot take skips the read rather than compare it under other semantics.
 *
 * <p><b>Many instances report into one place.</b> Results are rolled up per fingerprint in memory
 * and flushed about once a second (and at close) by {@link MismatchStore} as additive updates to
 * the control store, so every instance's counts add up; samples are capped per fingerprint.
 *
 * <p>This class is the driver's hook, public only because the statement layer lives in another
 * package; applications use {@link dev.cutover.driver.Migration} and {@link MismatchReport}.
 */
public final class ShadowReads implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ShadowReads.class.getName());

  private final MigrationConfig config;
  private final MigrationConfig.ShadowConfig settings;
  private final Endpoint[] endpoints;
  private final Engine[] engines = new Engine[2];
  private final BiFunction<Phase.Side, String, String> sqlFor;
  private final DriverMetrics metrics;
  private final MismatchStore store;
  private volatile NormalizerOptions normalizer;

  /** Whether {@link #normalizer} has the MySQL side's session zone (or there is none). */
  private volatile boolean normalizerZoned;

  private final CaptureBudget budget;
  private final int timeoutSeconds;
  private final boolean hasOverrides;
  private final ComparisonPlans plans;
  private final SessionReplay sessions;
  private volatile double sampleRate;

  /** Null when {@code shadow.latencyGuard} is 0. */
  private final LatencyGuard guard;

  private final SidePool[] pools = new SidePool[2];
  // Read without a lock on every sampled read and every shadow query; created once under one.
  private volatile ThreadPoolExecutor executor;
  private volatile ScheduledThreadPoolExecutor scheduler;
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * Comparisons waiting in the executor's queue (not yet started): read without a lock on every
   * sampled read, where the queue's own {@code remainingCapacity()} takes the queue's lock.
   */
  private final AtomicInteger queued = new AtomicInteger();

  private volatile boolean closed;

  private final LongAdder sampled = new LongAdder();
  private final LongAdder run = new LongAdder();
  private final LongAdder shed = new LongAdder();
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder skipped = new LongAdder();

  /** Differences explained by the application connection's own later write (see OwnWrites). */
  private final LongAdder ownWriteRaces = new LongAdder();

  /** Re-checks scheduled or queued and not yet run; bounded by {@code shadow.queueCapacity}. */
  private final AtomicInteger pendingRechecks = new AtomicInteger();

  /** Of {@link #skipped}: reads the read-only guard refused because they write. */
  private final LongAdder writesSkipped = new LongAdder();

  private final LongAdder comparisons = new LongAdder();
  private final LongAdder notComparable = new LongAdder();
  private final LongAdder mismatches = new LongAdder();
  private final LongAdder orderUnmapped = new LongAdder();
  private final LongAdder sessionSkipped = new LongAdder();
  private final LongAdder recheckFailed = new LongAdder();
  private final LongAdder guardShed = new LongAdder();

  /** The MariaDB/MySQL side, if there is one. */
  private Endpoint mysqlEndpoint() {
    for (Endpoint e : endpoints) {
      if (e.dialect() == Dialect.MYSQL) {
        return e;
      }
    }
    return null;
  }

  /**
   * The capture options: once the MySQL side's session zone is known (its first connection), its
   * {@code TIMESTAMP} values are placed in that zone rather than the JVM's.
   */
  private NormalizerOptions normalizer() {
    if (!normalizerZoned) {
      SessionZone zone = mysqlEndpoint().sessionZone();
      if (zone != null) {
        if (zone.session() != null) {
          normalizer = normalizer.withMysqlSessionZone(zone.session());
        }
        normalizerZoned = true;
      }
    }
    return normalizer;
  }

  /**
   * Sets up shadow reads for a migration; threads, pools and the control-store tables are created
   * on first use.
   */
  public ShadowReads(
      MigrationConfig config,
      Endpoint oldSide,
      Endpoint newSide,
      BiFunction<Phase.Side, String, String> sqlFor,
      ControlConnections control,
      DriverMetrics metrics) {
    this.config = config;
    this.settings = config.shadow();
    this.endpoints = new Endpoint[] {oldSide, newSide};
    this.engines[0] = Engine.fromJdbcUrl(oldSide.url());
    this.engines[1] = Engine.fromJdbcUrl(newSide.url());
    this.sqlFor = sqlFor;
    this.metrics = metrics;
    this.sampleRate = config.shadowSampleRate();
    this.guard =
        settings.latencyGuard() > 0
            ? new LatencyGuard(settings.latencyGuard(), System.nanoTime())
            : null;
    this.hasOverrides = !settings.tableRates().isEmpty() || !settings.fingerprintRates().isEmpty();
    // JDBC drivers place zone-less date-times in the JVM's zone; both sides are read in this JVM.
    // A MariaDB TIMESTAMP comes in the session's zone, known once a connection was opened.
    this.normalizer = NormalizerOptions.DEFAULTS.withZone(ZoneId.systemDefault());
    this.normalizerZoned = mysqlEndpoint() == null;
    this.budget = CaptureBudget.of(settings.maxRows(), settings.maxBytes());
    this.timeoutSeconds = (int) Math.max(1, (settings.timeout().toMillis() + 999) / 1000);
    // The application's SQL is written for the old database's dialect.
    this.plans = new ComparisonPlans(oldSide.dialect(), settings);
    this.sessions =
        new SessionReplay(
            oldSide.dialect(),
            oldSide.dialect(),
            newSide.dialect(),
            sqlFor,
            () -> {
              Endpoint mysql = mysqlEndpoint();
              return mysql == null ? null : mysql.sessionZone();
            });
    this.store =
        new MismatchStore(
            config.migration(),
            config.instanceId(),
            control,
            config.controlDatabase().url(),
            settings.samplesPerFingerprint(),
            settings.redactParameters());
  }

  // ------------------------------------------------------------------ application thread

  /**
   * Decides whether a read is shadowed and returns the tee that copies its rows, or null. Cheap
   * when not sampled: no allocation.
   */
  public ShadowTee sample(
      Phase phase, Analysis a, String sql, boolean transactionHasWritten, long maxRows) {
    if (!phase.isDual() || a.kind() != StatementKind.READ || closed) {
      return null;
    }
    double rate = hasOverrides ? rateFor(a) : sampleRate;
    if (rate <= 0.0 || (rate < 1.0 && ThreadLocalRandom.current().nextDouble() >= rate)) {
      return null;
    }
    sampled.increment();
    if (transactionHasWritten
        || a.statementCount() > 1
        || takesLocks(sql)
        || isMysql(Phase.Side.OLD) && readsServerVariables(a.fingerprint())) {
      skipped.increment();
      metrics.shadowRead(ShadowResult.SKIPPED);
      return null;
    }
    if (queueFull()) {
      // Shed before teeing: copying the rows of a read that will be shed anyway was the largest
      // cost of 100% sampling on a saturated machine.
      shed();
      return null;
    }
    if (guard != null) {
      if (executor == null) {
        // The guard's controller runs on the scheduler the executor starts; without it the guard
        // would stay paused and admit nothing.
        createExecutor();
      }
      if (!guard.admits(System.nanoTime())) {
        guardShed.increment();
        shed();
        return null;
      }
    }
    return new ShadowTee(this, phase, a, sql, maxRows);
  }

  /**
   * Whether a read calls a lock function, which a read-only transaction still allows: run on a
   * pooled shadow connection it would take a lock there and keep it. Checked on sampled reads only.
   */
  static boolean takesLocks(String sql) {
    String s = sql.toLowerCase(Locale.ROOT);
    return s.contains("advisory_") || s.contains("get_lock") || s.contains("release_lock");
  }

  /**
   * Whether a read asks the server for its variables ({@code SELECT @@sql_mode},
   * {@code @@character_set_database}, {@code @@version}: Hibernate's MariaDB dialect asks at
   * start-up). They describe each server, not the data: the other engine has other values or none
   * (PostgreSQL refuses the syntax), so comparing them would only report errors. Checked on sampled
   * reads of a MySQL application only: in PostgreSQL's SQL {@code @@} is the text-search match.
   * Given the statement's fingerprint, whose literals and comments are gone: {@code '@@'} in a
   * string skipped the read, and a difference it returned went unreported.
   */
  static boolean readsServerVariables(String fingerprint) {
    return fingerprint.indexOf("@@") >= 0;
  }

  /**
   * Records the time of one application read made in a dual phase, for {@code shadow.latencyGuard};
   * nothing when the guard is off.
   */
  public void observeRead(long nanos) {
    LatencyGuard g = guard;
    if (g != null) {
      g.observe(nanos);
    }
  }

  private double rateFor(Analysis a) {
    if (!settings.fingerprintRates().isEmpty()) {
      Double r = settings.fingerprintRates().get(fingerprintId(a));
      if (r != null) {
        return r;
      }
    }
    double rate = Double.NaN;
    for (String table : a.tables()) {
      Double r = settings.tableRates().get(table.toLowerCase(Locale.ROOT));
      if (r != null && !(r >= rate)) {
        rate = r;
      }
    }
    return Double.isNaN(rate) ? sampleRate : rate;
  }

  /**
   * The id of a statement shape in reports and in {@code shadow.fingerprints.<id>}: the fingerprint
   * hash as 16 lower-case hex digits. Built by hand because it runs once per comparison, where a
   * {@code String.format} showed in profiles.
   */
  static String fingerprintId(Analysis a) {
    long h = a.fingerprintHash();
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = HEX[(int) (h & 0xf)];
      h >>>= 4;
    }
    return new String(out);
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Changes the global sample rate at runtime; table and fingerprint overrides still apply. */
  public void setSampleRate(double rate) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("shadow.sampleRate: " + rate + " (expected: 0.0 to 1.0)");
    }
    this.sampleRate = rate;
  }

  /** The global sample rate now in effect. */
  public double sampleRate() {
    return sampleRate;
  }

  int maxRows() {
    return settings.maxRows();
  }

  long maxBytes() {
    return settings.maxBytes();
  }

  void abandoned(Exception e) {
    skipped.increment();
    metrics.shadowRead(ShadowResult.SKIPPED);
    LOG.log(System.Logger.Level.DEBUG, "Shadow read abandoned while teeing rows", e);
  }

  /**
   * Queues a teed read; sheds it when the queue is full. Shedding is the common case under
   * pressure, so it must stay cheap on the application's thread: a lock-free look at how many
   * comparisons wait (also made before the rows are teed, in {@link #sample}), and for the race
   * where the queue fills in between, a rejection handler that throws one preallocated exception
   * (the default handler formats the executor's state into a new exception per rejected read, under
   * the executor's lock).
   */
  void submit(ShadowTee tee) {
    if (closed) {
      // A read the application finishes after the migration closed: no executor or pool may be
      // created any more (nothing would close them).
      shed();
      return;
    }
    ThreadPoolExecutor ex = executor();
    if (queueFull()) {
      shed();
      return;
    }
    inFlight.incrementAndGet();
    queued.incrementAndGet();
    try {
      ex.execute(
          () -> {
            queued.decrementAndGet();
            compare(tee);
          });
    } catch (RejectedExecutionException full) {
      queued.decrementAndGet();
      inFlight.decrementAndGet();
      shed();
    }
  }

  private boolean queueFull() {
    return queued.get() >= settings.queueCapacity();
  }

  private void shed() {
    shed.increment();
    metrics.shadowRead(ShadowResult.SHED);
  }

  /** Thrown by the executor when its queue is full; no stack trace, no message formatting. */
  private static final RejectedExecutionException FULL = new QueueFull();

  private static final class QueueFull extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    QueueFull() {
      super("shadow queue full");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  // ------------------------------------------------------------------ shadow threads

  private void compare(ShadowTee tee) {
    try {
      ResultSnapshot primary = primarySnapshot(tee);
      Phase.Side secondarySide = tee.phase.secondary();
      long t0 = System.nanoTime();
      ResultSnapshot secondary;
      try {
        secondary = query(secondarySide, tee);
      } catch (SessionReplay.Unreproducible e) {
        sessionNotReproducible(e);
        return;
      } catch (SQLException | RuntimeException e) {
        failed(tee, e);
        return;
      }
      run.increment();
      metrics.shadowRead(ShadowResult.RUN);
      metrics.shadowLatency(System.nanoTime() - t0);
      CompareOptions options = options(tee, primary, secondary);
      ComparisonResult result = ResultComparator.compare(primary, secondary, options);
      switch (result.outcome()) {
        case EQUAL -> {
          comparisons.increment();
          metrics.shadowComparison();
          store.compared(tee);
        }
        case NOT_COMPARABLE -> notComparable.increment();
        case DIFFERENT -> {
          comparisons.increment();
          metrics.shadowComparison();
          if (tee.analysis.nonDeterministic()) {
            mismatch(tee, result, Classification.NON_DETERMINISTIC);
          } else {
            scheduleRecheck(tee, primary, result, options);
          }
        }
        default -> throw new IllegalStateException("Invalid outcome: " + result.outcome());
      }
    } catch (RuntimeException e) {
      errors.increment();
      metrics.shadowRead(ShadowResult.ERROR);
      LOG.log(System.Logger.Level.WARNING, "Shadow comparison failed", e);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** How many times a difference is read again before it is called PERSISTENT. */
  private static final int RECHECKS = 2;

  /** The second re-check waits this many times {@code shadow.recheckDelay} after the first. */
  private static final int SECOND_RECHECK_FACTOR = 4;

  private void scheduleRecheck(
      ShadowTee tee, ResultSnapshot primary, ComparisonResult first, CompareOptions options) {
    scheduleRecheck(tee, primary, first, options, 1, settings.recheckDelay().toMillis());
  }

  private void scheduleRecheck(
      ShadowTee tee,
      ResultSnapshot primary,
      ComparisonResult first,
      CompareOptions options,
      int attempt,
      long delayMillis) {
    if (pendingRechecks.incrementAndGet() > settings.queueCapacity()) {
      // A systematic difference on a hot statement makes a mismatch per sampled read; each waiting
      // re-check holds its rows. Beyond the shadow queue's capacity nothing confirms the
      // difference: reported unconfirmed, like a re-check that could not run.
      pendingRechecks.decrementAndGet();
      recheckFailed.increment();
      mismatch(tee, first, Classification.TRANSIENT);
      return;
    }
    inFlight.incrementAndGet();
    try {
      // The scheduler only waits out the delay; the queries run on the shadow threads, at their
      // lower priority and within their bounded queue.
      scheduler()
          .schedule(
              () -> handOver(tee, primary, first, options, attempt),
              delayMillis,
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closing: no re-check will run, so nothing confirms the difference.
      pendingRechecks.decrementAndGet();
      inFlight.decrementAndGet();
      recheckFailed.increment();
      mismatch(tee, first, Classification.TRANSIENT);
    }
  }

  private void handOver(
      ShadowTee tee,
      ResultSnapshot primary,
      ComparisonResult first,
      CompareOptions options,
      int attempt) {
    try {
      executor().execute(() -> recheck(tee, primary, first, options, attempt));
    } catch (RejectedExecutionException full) {
      pendingRechecks.decrementAndGet();
      inFlight.decrementAndGet();
      recheckFailed.increment();
      mismatch(tee, first, Classification.TRANSIENT);
    }
  }

  /**
   * Runs the read again: secondary, primary, secondary. PERSISTENT only when the primary's rows did
   * not change since the application read them and differ from both secondary reads; rows still
   * being written cannot be told apart from a race, so they count as TRANSIENT. So does a re-check
   * that cannot run (a read fails or times out, the session can no longer be brought about): a
   * secondary that errors now says nothing about whether its rows differed then.
   *
   * <p>A difference that survives the first re-check is read again once more, {@value
   * #SECOND_RECHECK_FACTOR} times {@code shadow.recheckDelay} later, and only a difference that
   * survives both is PERSISTENT: a secondary that lags the primary by more than the delay (an
   * asynchronous dual-write queue, a writer thread descheduled between its primary commit and its
   * secondary write) would otherwise look persistent while the primary's rows hold still.
   */
  private void recheck(
      ShadowTee tee,
      ResultSnapshot original,
      ComparisonResult first,
      CompareOptions options,
      int attempt) {
    pendingRechecks.decrementAndGet();
    try {
      Classification classification = Classification.PERSISTENT;
      ComparisonResult shown = first;
      try {
        ResultSnapshot before = query(tee.phase.secondary(), tee);
        ResultSnapshot primary = query(tee.phase.primary(), tee);
        ResultSnapshot after = query(tee.phase.secondary(), tee);
        ComparisonResult again = ResultComparator.compare(primary, after, options);
        boolean primaryMoved =
            !original.truncated()
                && ResultComparator.compare(original, primary, options).outcome()
                    == ComparisonResult.Outcome.DIFFERENT;
        if (again.outcome() != ComparisonResult.Outcome.DIFFERENT
            || primaryMoved
            || ResultComparator.compare(primary, before, options).outcome()
                != ComparisonResult.Outcome.DIFFERENT) {
          classification = Classification.TRANSIENT;
          if (again.outcome() != ComparisonResult.Outcome.DIFFERENT && tee.raced()) {
            // The application's connection wrote the read's tables after the read and both sides
            // now agree: that write is the difference (see OwnWrites), not the data. Sides that
            // still differ are reported: the write may have touched other columns or rows.
            ownWriteRaces.increment();
            return;
          }
        } else if (attempt < RECHECKS) {
          scheduleRecheck(
              tee,
              original,
              first,
              options,
              attempt + 1,
              SECOND_RECHECK_FACTOR * settings.recheckDelay().toMillis());
          return;
        } else {
          shown = again;
        }
      } catch (SQLException | SessionReplay.Unreproducible | RuntimeException e) {
        classification = Classification.TRANSIENT;
        recheckFailed.increment();
        LOG.log(
            System.Logger.Level.DEBUG,
            "Re-check of a shadow mismatch failed; reported as transient (unconfirmed)",
            e);
      }
      mismatch(tee, shown, classification);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void mismatch(ShadowTee tee, ComparisonResult result, Classification classification) {
    mismatches.increment();
    for (var kind : result.kinds()) {
      metrics.shadowMismatch(MismatchKind.of(kind), classification);
    }
    store.mismatch(tee, result, classification);
  }

  /**
   * The application connection's session cannot be brought about on a shadow connection: comparing
   * under another session could report a false mismatch, so the read is skipped and counted.
   */
  private void sessionNotReproducible(SessionReplay.Unreproducible e) {
    sessionSkipped.increment();
    skipped.increment();
    metrics.shadowRead(ShadowResult.SKIPPED);
    LOG.log(System.Logger.Level.DEBUG, "Shadow read skipped: " + e.getMessage());
  }

  private void failed(ShadowTee tee, Exception e) {
    if (isReadOnlyViolation(e)) {
      // A "read" that writes (a function that inserts, nextval): the shadow pool's read-only guard
      // refused it. Not comparable, not a difference of the data: skipped and counted.
      writesSkipped.increment();
      skipped.increment();
      metrics.shadowRead(ShadowResult.SKIPPED);
      LOG.log(System.Logger.Level.DEBUG, "Shadow read skipped: it writes (" + e.getMessage() + ")");
      return;
    }
    MismatchKind kind;
    if (isTimeout(e)) {
      kind = MismatchKind.TIMEOUT;
      timedOut.increment();
      metrics.shadowRead(ShadowResult.TIMEOUT);
    } else {
      kind = MismatchKind.SHADOW_ERROR;
      errors.increment();
      metrics.shadowRead(ShadowResult.ERROR);
    }
    store.failure(tee, kind, e);
  }

  /** SQLSTATE 25006: a write in a read-only transaction (PostgreSQL, MariaDB and MySQL alike). */
  static boolean isReadOnlyViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException && "25006".equals(((SQLException) t).getSQLState())) {
        return true;
      }
    }
    return false;
  }

  static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTimeoutException || t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException) {
        String state = ((SQLException) t).getSQLState();
        // PostgreSQL query_canceled; MariaDB/MySQL "query execution was interrupted".
        if ("57014".equals(state) || "70100".equals(state)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The comparison's options: row order, ignored columns and tolerance (see ComparisonPlan). */
  private CompareOptions options(ShadowTee tee, ResultSnapshot primary, ResultSnapshot secondary) {
    ComparisonPlan.Settled settled = plans.planFor(tee).settle(primary, secondary, tee.parameters);
    if (settled.orderUnmapped()) {
      orderUnmapped.increment();
    }
    return settled.options();
  }

  private ResultSnapshot primarySnapshot(ShadowTee tee) {
    ResultSnapshot.Builder b =
        ResultSnapshot.builder(engines[tee.phase.primary().ordinal()], budget, normalizer());
    for (ShadowTee.Column c : tee.columns) {
      b.column(c.label(), c.type(), c.typeName(), c.precision(), c.scale(), c.computed());
    }
    for (Object[] row : tee.rows) {
      if (!b.addRow(row)) {
        break;
      }
    }
    if (tee.truncated) {
      b.markTruncated();
    }
    return b.build();
  }

  /** Runs the read on one side's shadow pool, read with the same conversions as the tee. */
  private ResultSnapshot query(Phase.Side side, ShadowTee tee)
      throws SQLException, SessionReplay.Unreproducible {
    String sql = sqlFor.apply(side, tee.sql);
    try (Connection c = sessions.connection(pool(side), side, tee.session);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(timeoutSeconds);
      if (tee.statementMaxRows > 0) {
        CutoverStatement.applyMaxRows(ps, tee.statementMaxRows);
      }
      if (tee.parameters != null) {
        tee.parameters.bind(ps, side, sql, timeoutSeconds * 1000L);
      }
      try (ResultSet rs = ps.executeQuery()) {
        ShadowTee.Column[] columns =
            ShadowTee.describe(rs.getMetaData(), engines[side.ordinal()] == Engine.MYSQL);
        Class<?>[] fetch = fetchClasses(side, columns);
        ResultSnapshot.Builder b =
            ResultSnapshot.builder(engines[side.ordinal()], budget, normalizer());
        for (ShadowTee.Column col : columns) {
          b.column(
              col.label(),
              col.type(),
              col.typeName(),
              col.precision(),
              col.scale(),
              col.computed());
        }
        Object[] values = new Object[columns.length];
        while (rs.next()) {
          for (int i = 0; i < values.length; i++) {
            values[i] = ShadowTee.read(rs, i + 1, fetch);
          }
          if (!b.addRow(values)) {
            break;
          }
        }
        return b.build();
      }
    }
  }

  /** Whether {@code side}'s database is MySQL or MariaDB. */
  boolean isMysql(Phase.Side side) {
    return engines[side.ordinal()] == Engine.MYSQL;
  }

  /** Per column of a result read from {@code side}, the class the comparator prefers, or null. */
  Class<?>[] fetchClasses(Phase.Side side, ShadowTee.Column[] columns) {
    Class<?>[] fetch = new Class<?>[columns.length];
    Engine engine = engines[side.ordinal()];
    for (int i = 0; i < columns.length; i++) {
      ShadowTee.Column c = columns[i];
      fetch[i] =
          ValueNormalizer.forColumn(
                  engine, c.type(), c.typeName(), c.precision(), c.scale(), normalizer())
              .preferredClass();
    }
    return fetch;
  }

  // ------------------------------------------------------------------ lifecycle

  private ThreadPoolExecutor executor() {
    ThreadPoolExecutor ex = executor;
    return ex != null ? ex : createExecutor();
  }

  private synchronized ThreadPoolExecutor createExecutor() {
    if (executor == null) {
      int threads = settings.threads();
      // Threads a niced shadow thread creates inherit its nice value, so every thread the shadow
      // work shares with the application is created here, on the application's thread, first: the
      // re-check and flush thread (it also borrows control-store connections, whose pool may start
      // a thread) and pgjdbc's query-timeout timer, which all of a JVM's pgjdbc connections share.
      scheduler();
      holdSharedTimers();
      ThreadPoolExecutor ex =
          new ThreadPoolExecutor(
              threads,
              threads,
              // Long enough that a thread lowering its priority (one renice) is rare.
              5,
              TimeUnit.MINUTES,
              // Room for the application's reads (shed beyond queueCapacity, counted in
              // `queued`) and as many re-checks (bounded by pendingRechecks), so a re-check is
              // never refused because sampled reads filled the queue.
              new ArrayBlockingQueue<>(2 * settings.queueCapacity()),
              background("cutover-shadow-" + config.migration()),
              (task, pool) -> {
                throw FULL;
              });
      ex.allowCoreThreadTimeOut(true);
      executor = ex;
      adviseOnLocalServers();
    }
    return executor;
  }

  /**
   * Says once, when shadow reads start, which of the migration's databases run on this host: while
   * such a database is the secondary, its server competes with the application for CPU, and the
   * shadow threads' nice value cannot rank another process. Not said when the latency guard is on.
   */
  private void adviseOnLocalServers() {
    if (guard != null) {
      return;
    }
    List<String> local = new ArrayList<>();
    String[] roles = {
      "the old database (%s, the secondary in DUAL_NEW_PRIMARY)",
      "the new database (%s, the secondary in DUAL_OLD_PRIMARY)"
    };
    for (int i = 0; i < endpoints.length; i++) {
      String host = LocalDatabase.loopbackHost(endpoints[i].url());
      if (host != null) {
        local.add(String.format(Locale.ROOT, roles[i], host));
      }
    }
    if (!local.isEmpty()) {
      LOG.log(
          System.Logger.Level.INFO,
          "Shadow reads of migration {0}: {1} on this host. While a database on the application''s"
              + " host is the secondary, its server takes CPU from the application whenever the"
              + " host is busy, which shadow.threadNice cannot prevent. Give that server a low CPU"
              + " weight for that phase (docs/shadow-reads.md, \"A secondary server on the"
              + " application''s host\") or set shadow.latencyGuard.",
          config.migration(),
          String.join(" and ", local) + (local.size() > 1 ? " run" : " runs"));
    }
  }

  private ScheduledThreadPoolExecutor scheduler() {
    ScheduledThreadPoolExecutor sc = scheduler;
    return sc != null ? sc : createScheduler();
  }

  private synchronized ScheduledThreadPoolExecutor createScheduler() {
    if (scheduler == null) {
      ScheduledThreadPoolExecutor sc =
          new ScheduledThreadPoolExecutor(
              1,
              BackgroundPriority.daemonThreads(
                  "cutover-shadow-recheck-" + config.migration(), 0, null));
      sc.setRemoveOnCancelPolicy(true);
      sc.scheduleWithFixedDelay(store::flushQuietly, 1, 1, TimeUnit.SECONDS);
      if (guard != null) {
        guard.restart(System.nanoTime());
        sc.scheduleWithFixedDelay(
            () -> guard.tick(System.nanoTime(), inFlight.get()),
            LatencyGuard.TICK_MILLIS,
            LatencyGuard.TICK_MILLIS,
            TimeUnit.MILLISECONDS);
      }
      scheduler = sc;
    }
    return scheduler;
  }

  /** pgjdbc's shared timer while this instance holds it, else null. */
  private Object pgjdbcTimer;

  /**
   * Takes a reference on pgjdbc's JVM-wide query-timeout timer (when pgjdbc is present), which
   * creates its thread now, on this normal-priority thread if no other connection holds it, and
   * keeps it alive while shadow reads exist: otherwise a shadow read's {@code setQueryTimeout}
   * could be the one to create it, and every application statement timeout would then be served by
   * a nice-19 thread.
   */
  private synchronized void holdSharedTimers() {
    if (pgjdbcTimer != null) {
      return;
    }
    try {
      Class<?> driver = Class.forName("org.postgresql.Driver", true, getClass().getClassLoader());
      Object timer = driver.getMethod("getSharedTimer").invoke(null);
      timer.getClass().getMethod("getTimer").invoke(timer);
      pgjdbcTimer = timer;
    } catch (ClassNotFoundException absent) {
      // No pgjdbc, no shared timer.
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.log(System.Logger.Level.DEBUG, "pgjdbc's shared timer could not be held", e);
    }
  }

  private synchronized void releaseSharedTimers() {
    if (pgjdbcTimer != null) {
      try {
        pgjdbcTimer.getClass().getMethod("releaseTimer").invoke(pgjdbcTimer);
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "pgjdbc's shared timer could not be released", e);
      }
      pgjdbcTimer = null;
    }
  }

  private SidePool pool(Phase.Side side) {
    SidePool p = pools[side.ordinal()];
    return p != null ? p : createPool(side);
  }

  private synchronized SidePool createPool(Phase.Side side) {
    SidePool p = pools[side.ordinal()];
    if (p == null && closed) {
      throw new IllegalStateException("shadow reads of " + config.migration() + " are closed");
    }
    if (p == null) {
      p =
          new SidePool(
              endpoints[side.ordinal()],
              "cutover-shadow-" + side.name().toLowerCase(Locale.ROOT) + "-" + config.migration(),
              settings.threads(),
              settings.timeout().toMillis());
      pools[side.ordinal()] = p;
    }
    return p;
  }

  /**
   * Shadow threads run below the application's priority ({@code shadow.threadNice}): on a host
   * whose CPUs are busy, a comparison waits for an idle moment rather than taking time from the
   * application, its queue fills and further samples are shed, which is what shedding is for.
   * Measured, with its limit, in docs/benchmarks-shadow.md: nice ranks threads within one
   * scheduling session, so a secondary database server on the same host still competes.
   */
  private java.util.concurrent.ThreadFactory background(String name) {
    return BackgroundPriority.daemonThreads(
        name, settings.threadNice(), Setting.SHADOW_THREAD_NICE.path());
  }

  /** This instance's counts since start. */
  public ShadowStatistics statistics() {
    return new ShadowStatistics(
        sampled.sum(),
        run.sum(),
        shed.sum(),
        timedOut.sum(),
        errors.sum(),
        skipped.sum(),
        comparisons.sum(),
        notComparable.sum(),
        mismatches.sum(),
        orderUnmapped.sum(),
        sessionSkipped.sum(),
        recheckFailed.sum(),
        guardShed.sum(),
        guard != null ? guard.lastRatio() : Double.NaN,
        writesSkipped.sum(),
        ownWriteRaces.sum());
  }

  /**
   * Waits until every queued shadow read and re-check has finished, then writes the roll-up to the
   * control store. Returns false when {@code timeout} passed first (the roll-up is flushed anyway).
   */
  public boolean drain(Duration timeout) throws SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean quiet = true;
    while (inFlight.get() > 0) {
      if (System.nanoTime() - deadline > 0) {
        quiet = false;
        break;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        quiet = false;
        break;
      }
    }
    store.flush();
    return quiet;
  }

  /** Reads the roll-up and samples of this migration from the control store. */
  public MismatchReport report(int samplesPerFingerprint) throws SQLException {
    store.flush();
    return store.report(samplesPerFingerprint);
  }

  @Override
  public void close() {
    closed = true;
    ThreadPoolExecutor ex;
    ScheduledThreadPoolExecutor sc;
    synchronized (this) {
      ex = executor;
      sc = scheduler;
    }
    if (ex != null) {
      // Queued comparisons are dropped at close (drain(Duration) first to keep them), and counted
      // as shed, so inFlight and the counts still add up.
      int dropped = ex.shutdownNow().size();
      queued.addAndGet(-dropped);
      inFlight.addAndGet(-dropped);
      for (int i = 0; i < dropped; i++) {
        shed();
      }
      awaitQuietly(ex);
    }
    if (sc != null) {
      sc.shutdown();
      awaitQuietly(sc);
    }
    store.flushQuietly();
    releaseSharedTimers();
    synchronized (this) {
      for (SidePool p : pools) {
        if (p != null) {
          p.close();
        }
      }
    }
  }

  private static void awaitQuietly(ThreadPoolExecutor ex) {
    try {
      if (!ex.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "Shadow reads still running at close: " + ex);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
