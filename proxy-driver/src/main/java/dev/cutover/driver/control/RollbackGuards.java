package dev.cutover.driver.control;

import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.Phase;
import dev.cutover.driver.internal.PrimaryObserver;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The automatic rollback guards of one instance: error rate and p99 latency of the new primary over
 * a sliding window, against the old primary's last measured p99.
 *
 * <p>The hot path is two increments per statement (a counter and a log2 latency bucket); the poller
 * thread takes a snapshot per poll and judges the window from the oldest snapshot in it. The p99 is
 * a bucket bound, so it is exact to a factor of two, which is enough to catch a new primary that
 * got several times slower.
 */
final class RollbackGuards implements PrimaryObserver {
  private static final int BUCKETS = 64;

  private final LongAdder[] ok = {new LongAdder(), new LongAdder()};
  private final LongAdder[] failed = {new LongAdder(), new LongAdder()};
  private final AtomicLongArray[] latency = {
    new AtomicLongArray(BUCKETS), new AtomicLongArray(BUCKETS)
  };

  private final double errorRate;
  private final int latencyFactor;
  private final long windowMillis;
  private final int minStatements;

  // Poller thread only.
  private final ArrayDeque<Snapshot> snapshots = new ArrayDeque<>();
  private long baselineOldP99 = -1;

  private record Snapshot(long at, long[] ok, long[] failed, long[][] latency) {}

  RollbackGuards(MigrationConfig config) {
    this.errorRate = config.rollbackErrorRate();
    this.latencyFactor = config.rollbackLatencyFactor();
    this.windowMillis = config.rollbackWindow().toMillis();
    this.minStatements = config.rollbackMinStatements();
  }

  boolean enabled() {
    return errorRate > 0 || latencyFactor > 0;
  }

  @Override
  public void succeeded(Phase.Side side, long nanos) {
    int s = side.ordinal();
    ok[s].increment();
    latency[s].incrementAndGet(63 - Long.numberOfLeadingZeros(Math.max(1, nanos)));
  }

  @Override
  public void failed(Phase.Side side) {
    failed[side.ordinal()].increment();
  }

  /** Starts a fresh window, e.g. after a phase change. */
  void reset() {
    snapshots.clear();
  }

  /**
   * Judges the window ending now under {@code phase}; returns why the new primary must be rolled
   * back, or {@code null}.
   */
  String evaluate(long now, Phase phase) {
    Snapshot current = snapshot(now);
    snapshots.addLast(current);
    while (snapshots.size() > 2
        && snapshots.toArray(new Snapshot[0])[1].at() <= now - windowMillis) {
      snapshots.removeFirst();
    }
    Snapshot base = snapshots.peekFirst();
    if (base == current) {
      return null;
    }
    int s = phase.primary().ordinal();
    long okN = current.ok()[s] - base.ok()[s];
    long failN = current.failed()[s] - base.failed()[s];
    long p99 = p99(base.latency()[s], current.latency()[s], okN);
    if (phase.primary() == Phase.Side.OLD) {
      if (okN >= minStatements) {
        baselineOldP99 = p99;
      }
      return null;
    }
    long total = okN + failN;
    if (total < minStatements) {
      return null;
    }
    double rate = (double) failN / total;
    if (errorRate > 0 && rate > errorRate) {
      return String.format(
          Locale.ROOT,
          "error rate %.1f%% > %.1f%% on the new primary (%d of %d statements failed over %d ms)",
          rate * 100,
          errorRate * 100,
          failN,
          total,
          now - base.at());
    }
    if (latencyFactor > 0
        && baselineOldP99 > 0
        && okN >= minStatements
        && p99 > latencyFactor * baselineOldP99) {
      return String.format(
          Locale.ROOT,
          "p99 latency %.2f ms on the new primary > %d x the old primary's %.2f ms (over %d ms)",
          p99 / 1e6,
          latencyFactor,
          baselineOldP99 / 1e6,
          now - base.at());
    }
    return null;
  }

  private Snapshot snapshot(long now) {
    long[][] hist = new long[2][BUCKETS];
    for (int s = 0; s < 2; s++) {
      for (int b = 0; b < BUCKETS; b++) {
        hist[s][b] = latency[s].get(b);
      }
    }
    return new Snapshot(
        now,
        new long[] {ok[0].sum(), ok[1].sum()},
        new long[] {failed[0].sum(), failed[1].sum()},
        hist);
  }

  /** Upper bound (ns) of the bucket holding the 99th percentile of the window. */
  private static long p99(long[] from, long[] to, long count) {
    if (count <= 0) {
      return 0;
    }
    long rank = (long) Math.ceil(count * 0.99);
    long seen = 0;
    for (int b = 0; b < BUCKETS; b++) {
      seen += to[b] - from[b];
      if (seen >= rank) {
        return b >= 62 ? Long.MAX_VALUE : 1L << (b + 1);
      }
    }
    return 0;
  }
}
