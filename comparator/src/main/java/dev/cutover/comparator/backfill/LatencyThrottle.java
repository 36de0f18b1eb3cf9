package dev.cutover.comparator.backfill;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Slows the backfill down while the source (normally the primary the application is using) answers
 * slower than a bound, and speeds it up again when it recovers.
 *
 * <p>After each chunk a worker asks for its pause. At most once per probe interval one worker runs
 * the probe (by default {@code SELECT 1} on its own source connection) and moves the throttle one
 * level: up when the probe took longer than the bound, down otherwise. At level {@code n} a worker
 * pauses {@code 2^n - 1} times as long as its last chunk took, so its copy rate is divided by
 * {@code 2^n}: the slowdown adapts to what a chunk costs on this source and doubles per slow probe,
 * and a source that recovers gets the full rate back one halving at a time rather than at once.
 * Probes run between chunks, never while a chunk holds its source locks.
 */
final class LatencyThrottle implements AutoCloseable {
  static final int MAX_LEVEL = 6;

  /** Measures the source's latency. */
  interface Probe extends AutoCloseable {
    /** One measurement; throws when the source did not answer. */
    Duration measure() throws SQLException;

    @Override
    void close();
  }

  /** Pauses the calling worker; replaced in tests. */
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final Duration bound;
  private final long intervalNanos;
  private final Probe probe;
  private final Sleeper sleeper;
  private final BackfillListener listener;
  private long lastProbe;
  private boolean probedOnce;
  private volatile int level;

  LatencyThrottle(
      Duration bound, Duration interval, Probe probe, Sleeper sleeper, BackfillListener listener) {
    this.bound = bound;
    this.intervalNanos = interval.toNanos();
    this.probe = probe;
    this.sleeper = sleeper;
    this.listener = listener;
  }

  /** A throttle probing {@code source} with {@code sql}, or none when the bound is zero. */
  static LatencyThrottle of(DataSource source, BackfillOptions options) {
    if (options.maxSourceLatency().isZero()) {
      return null;
    }
    return new LatencyThrottle(
        options.maxSourceLatency(),
        options.probeInterval(),
        new SqlProbe(source, options.latencyProbe()),
        nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)),
        options.listener());
  }

  /** The current speed divisor (1 = full speed). */
  int slowdown() {
    return 1 << level;
  }

  /**
   * Called by a worker after a chunk of {@code table} that took {@code chunkNanos}: probes the
   * source if a probe is due, then pauses the worker as the current level asks.
   */
  void afterChunk(String table, long chunkNanos) throws InterruptedException {
    probeIfDue(table);
    int l = level;
    if (l > 0 && chunkNanos > 0) {
      sleeper.sleep(chunkNanos * ((1L << l) - 1));
    }
  }

  private synchronized void probeIfDue(String table) {
    long now = System.nanoTime();
    if (probedOnce && now - lastProbe < intervalNanos) {
      return;
    }
    Duration latency;
    try {
      latency = probe.measure();
    } catch (SQLException e) {
      // A source that does not answer a trivial query is the slowest source there is.
      latency = null;
    }
    probedOnce = true;
    lastProbe = System.nanoTime();
    boolean slow = latency == null || latency.compareTo(bound) > 0;
    int next = slow ? Math.min(MAX_LEVEL, level + 1) : Math.max(0, level - 1);
    if (next != level) {
      level = next;
      listener.onThrottle(new ThrottleChange(table, latency, bound, 1 << next));
    }
  }

  @Override
  public void close() {
    probe.close();
  }

  /** Times a query on one source connection kept for the purpose. */
  static final class SqlProbe implements Probe {
    private final DataSource source;
    private final String sql;
    private Connection connection;

    SqlProbe(DataSource source, String sql) {
      this.source = source;
      this.sql = sql;
    }

    @Override
    public Duration measure() throws SQLException {
      long started = System.nanoTime();
      try {
        if (connection == null) {
          connection = source.getConnection();
          connection.setAutoCommit(true);
          started = System.nanoTime();
        }
        try (Statement s = connection.createStatement()) {
          s.execute(sql);
        }
      } catch (SQLException e) {
        close();
        throw e;
      }
      return Duration.ofNanos(System.nanoTime() - started);
    }

    @Override
    public void close() {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // The probe's connection is disposable.
        }
        connection = null;
      }
    }
  }
}
