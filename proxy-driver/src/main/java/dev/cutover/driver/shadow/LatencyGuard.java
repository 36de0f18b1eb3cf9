package dev.cutover.driver.shadow;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps the application's read latency within a bound of what it is without shadow reads, by
 * admitting fewer of them ({@code shadow.latencyGuard}).
 *
 * <p>Nice values cannot rank a secondary database server that runs on the application's host (an
 * in-place upgrade, or a benchmark): its backends are separate processes, and with Linux's
 * autogroup separate scheduling sessions, so they take CPU from the application however low the
 * shadow threads run. What can be measured is the effect. So the guard alternates short windows: it
 * pauses admission, waits for the shadow work in flight to finish, measures the application's
 * median read time for {@link #OFF_NANOS}, then admits shadow reads for {@link #ON_NANOS} and
 * measures the median again. That is one pair. After {@link #PAIRS} pairs it decides on the median
 * of their ratios.
 *
 * <p>Why pairs: the application's own read time drifts and jumps on a busy host (checkpoints,
 * purge, garbage collection, other tenants) by more than the bound, over hundreds of milliseconds
 * to seconds. The first version measured one 0.5 s baseline against 4.5 s of shadow reads, and its
 * ratios spread from 0.3 to 1.35 from one cycle to the next with a shadow load far too small to
 * matter, so it halved at random. A pair's two windows lie within a second of each other, so slow
 * drift cancels within a pair, and the median of five pairs ignores the two that a burst hit
 * hardest.
 *
 * <p>What it controls is a rate: shadow reads admitted per second. A fraction of sampled reads
 * would have to be found again whenever the sample rate or the application's load changes; a rate
 * is what costs the CPU. It starts at {@link #START_RATE} per second (a guard exists because the
 * secondary may hurt, so it starts careful). When the ratio exceeds the bound, the rate halves from
 * what was actually admitted; when it does not and the rate was the limit, it grows by half.
 * Sampled reads over the rate, or while paused, are counted as shed.
 *
 * <p>The application's threads pay one atomic increment per read while the guard is on, and a clock
 * read, a volatile read and at most one compare-and-set per sampled read. The controller runs on
 * the shadow scheduler thread, every {@link #TICK_MILLIS} ms.
 */
final class LatencyGuard {
  private static final System.Logger LOG = System.getLogger(LatencyGuard.class.getName());
  static final long TICK_MILLIS = 50;

  /** The measured window without shadow reads, after the drain. */
  static final long OFF_NANOS = 200_000_000L;

  /** The measured window with shadow reads admitted. */
  static final long ON_NANOS = 800_000_000L;

  /** Off/on pairs per decision. */
  static final int PAIRS = 5;

  /** The longest wait for shadow work in flight before the off window is measured anyway. */
  static final long DRAIN_NANOS = 1_000_000_000L;

  /**
   * Fewer reads than this in a window measure nothing: an idle application cannot be slowed. An
   * application reading too little for single windows (under 250 reads/s) is judged on the five off
   * and five on windows of a decision pooled, if those reach it (50 reads/s).
   */
  static final long MIN_READS = 50;

  /** Admitted shadow reads per second at start. */
  static final double START_RATE = 200;

  /** The rate never drops below this, so the guard keeps learning what shadow reads cost. */
  static final double MIN_RATE = 1;

  /** Read-time buckets: 2^6 per power of two, from 2^10 ns (1 µs) to 2^40 ns. */
  static final int SUB_BUCKET_BITS = 6;

  static final int MIN_EXPONENT = 10;
  static final int BUCKETS = (40 - MIN_EXPONENT) << SUB_BUCKET_BITS;

  private enum Stage {
    DRAIN,
    OFF,
    ON
  }

  private final double bound;

  /**
   * Read times of the current window in log-linear buckets: 64 per power of two from 1 µs, so a
   * bucket is 1.6% wide. A median, not a mean: one garbage-collection pause or checkpoint stall in
   * a window moved the mean by ±10% on the benchmark machine, which is more than the bound.
   */
  private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);

  private volatile boolean paused = true;
  private volatile double rate = START_RATE;

  /** Nanos between admissions at the current rate, and when the next one may happen. */
  private volatile long intervalNanos = (long) (1e9 / START_RATE);

  private final AtomicLong nextAdmission = new AtomicLong();
  private final LongAdder admitted = new LongAdder();

  // The controller's own state, touched only by tick().
  private Stage stage = Stage.DRAIN;
  private long stageStart;
  private long[] offCounts = new long[BUCKETS];
  private final double[] ratios = new double[PAIRS];
  private int pairs;
  private int measuredPairs;
  private long drainNanos;
  private int drainsCut;

  /**
   * Read times of every off and every on window of the decision, for a slowly reading application.
   */
  private final long[] pooledOff = new long[BUCKETS];

  private final long[] pooledOn = new long[BUCKETS];

  /** Shadow reads admitted, and on-window time, in the pairs that saw application reads. */
  private long admittedInPairs;

  private long onNanosInPairs;
  private volatile double lastRatio = Double.NaN;

  /**
   * @param percent how much slower, in percent, the application's reads may be with shadow reads
   *     than without (5 = 1.05 ×)
   */
  LatencyGuard(int percent, long now) {
    this.bound = 1.0 + percent / 100.0;
    this.stageStart = now;
  }

  /** Records one application read in a dual phase (application thread). */
  void observe(long nanos) {
    buckets.getAndIncrement(bucket(nanos));
  }

  /** Whether a sampled read may run now (application thread). */
  boolean admits(long now) {
    if (paused) {
      return false;
    }
    long next = nextAdmission.get();
    if (now - next < 0) {
      return false;
    }
    // A late caller takes the slot from now, so an idle spell (or a pause) does not store up a
    // burst: the next slot is one interval after this admission.
    if (!nextAdmission.compareAndSet(next, Math.max(next, now) + intervalNanos)) {
      return false;
    }
    admitted.increment();
    return true;
  }

  /** Shadow reads per second admitted while not paused. */
  double rate() {
    return rate;
  }

  /**
   * The application's median read time with shadow reads over its median without, in the last
   * decision (the median of its pairs).
   */
  double lastRatio() {
    return lastRatio;
  }

  /**
   * Starts the cycle afresh at {@code now}, when the controller's thread starts: the guard is built
   * with the driver, which may be long before the first shadow read.
   */
  void restart(long now) {
    paused = true;
    take();
    enter(Stage.DRAIN, now);
    resetDecision();
  }

  /** Advances the controller (shadow scheduler thread). */
  void tick(long now, int inFlight) {
    long inStage = now - stageStart;
    switch (stage) {
      case DRAIN -> {
        if (inFlight == 0 || inStage >= DRAIN_NANOS) {
          drainNanos += inStage;
          if (inFlight > 0) {
            drainsCut++;
          }
          take();
          enter(Stage.OFF, now);
        }
      }
      case OFF -> {
        if (inStage >= OFF_NANOS) {
          offCounts = take();
          paused = false;
          enter(Stage.ON, now);
        }
      }
      case ON -> {
        if (inStage >= ON_NANOS) {
          paused = true;
          long admittedHere = admitted.sumThenReset();
          long[] counts = take();
          if (total(offCounts) > 0 && total(counts) > 0) {
            // The application read in both windows: the pair counts, pooled and for the rate.
            add(pooledOff, offCounts);
            add(pooledOn, counts);
            admittedInPairs += admittedHere;
            onNanosInPairs += inStage;
          }
          double offMedian = median(offCounts);
          double onMedian = median(counts);
          if (!Double.isNaN(onMedian) && !Double.isNaN(offMedian) && offMedian > 0) {
            ratios[measuredPairs++] = onMedian / offMedian;
          }
          if (++pairs == PAIRS) {
            decide();
            resetDecision();
          }
          enter(Stage.DRAIN, now);
        }
      }
      default -> throw new IllegalStateException("Invalid stage: " + stage);
    }
  }

  private void resetDecision() {
    pairs = 0;
    measuredPairs = 0;
    drainNanos = 0;
    drainsCut = 0;
    admittedInPairs = 0;
    onNanosInPairs = 0;
    Arrays.fill(pooledOff, 0);
    Arrays.fill(pooledOn, 0);
  }

  private void decide() {
    double ratio;
    String basis;
    if (measuredPairs * 2 > PAIRS) {
      // A majority of the pairs measured: the median of their ratios.
      ratio = median(ratios, measuredPairs);
      basis = "pairs " + ratiosText(measuredPairs);
    } else {
      // Too few reads per window: all off windows against all on windows, if even that is enough.
      double off = median(pooledOff);
      double on = median(pooledOn);
      if (Double.isNaN(off) || Double.isNaN(on) || off <= 0) {
        return;
      }
      ratio = on / off;
      basis = "pooled windows";
    }
    lastRatio = ratio;
    double admittedPerSecond = onNanosInPairs > 0 ? admittedInPairs * 1e9 / onNanosInPairs : 0;
    double next = rate;
    if (ratio > bound) {
      next = Math.max(MIN_RATE, Math.min(rate, admittedPerSecond) / 2);
    } else if (admittedPerSecond >= 0.8 * rate) {
      // Only a rate that limited anything is raised: a quiet spell proves nothing about more.
      next = rate * 1.5;
    }
    double from = rate;
    double to = next;
    long drainMillis = drainNanos / 1_000_000;
    int cut = drainsCut;
    LOG.log(
        System.Logger.Level.DEBUG,
        () ->
            String.format(
                Locale.ROOT,
                "shadow.latencyGuard: read time with shadow reads %.3f x without (%s, bound %.3f"
                    + " x); %.1f shadow reads/s admitted; rate %.1f -> %.1f/s; drains %d ms (%d cut"
                    + " short)",
                ratio,
                basis,
                bound,
                admittedPerSecond,
                from,
                to,
                drainMillis,
                cut));
    rate = next;
    intervalNanos = Math.max(1, (long) (1e9 / next));
  }

  /** The median of the first {@code n} values (sorted in place). */
  static double median(double[] values, int n) {
    Arrays.sort(values, 0, n);
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private void enter(Stage next, long now) {
    stage = next;
    stageStart = now;
  }

  /** The read-time counts since the last call, and clears them. */
  private long[] take() {
    long[] counts = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] = buckets.getAndSet(i, 0);
    }
    return counts;
  }

  private static long total(long[] counts) {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  private static void add(long[] into, long[] counts) {
    for (int i = 0; i < BUCKETS; i++) {
      into[i] += counts[i];
    }
  }

  /** The median read time of the counts, or NaN when they hold fewer than {@link #MIN_READS}. */
  static double median(long[] counts) {
    long n = total(counts);
    if (n < MIN_READS) {
      return Double.NaN;
    }
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen * 2 >= n) {
        return middleOf(i);
      }
    }
    return middleOf(BUCKETS - 1);
  }

  /** The measured pair ratios, sorted, to three decimals. */
  private String ratiosText(int n) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      b.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", ratios[i]));
    }
    return b.append(']').toString();
  }

  /** The bucket of a read time: 64 per power of two from 2^10 ns, clamped at both ends. */
  static int bucket(long nanos) {
    if (nanos < (1L << MIN_EXPONENT)) {
      return 0;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(nanos);
    int sub = (int) (nanos >>> (exponent - SUB_BUCKET_BITS)) & ((1 << SUB_BUCKET_BITS) - 1);
    return Math.min(BUCKETS - 1, ((exponent - MIN_EXPONENT) << SUB_BUCKET_BITS) + sub);
  }

  /** The read time in the middle of a bucket. */
  static double middleOf(int bucket) {
    int exponent = (bucket >>> SUB_BUCKET_BITS) + MIN_EXPONENT;
    int sub = bucket & ((1 << SUB_BUCKET_BITS) - 1);
    double width = Math.scalb(1.0, exponent - SUB_BUCKET_BITS);
    return Math.scalb(1.0, exponent) + (sub + 0.5) * width;
  }
}
