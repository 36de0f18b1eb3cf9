package dev.cutover.benchmarks.driver;

import java.util.Arrays;

/** Per-operation latencies of one variant, accumulated over every measured round. */
final class Samples {
  private long[] nanos = new long[1024];
  private int size;
  private long wallNanos;
  private long ops;
  private long cpuNanos;

  void add(long latencyNanos) {
    if (size == nanos.length) {
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    nanos[size++] = latencyNanos;
  }

  /**
   * Adds a measured segment of {@code count} operations: its wall time and the CPU time the
   * measuring thread spent in it.
   */
  void segment(long count, long elapsedNanos, long threadCpuNanos) {
    ops += count;
    wallNanos += elapsedNanos;
    cpuNanos += threadCpuNanos;
  }

  /**
   * CPU time of the application's thread per operation: the client-side cost, insensitive to what
   * else the machine runs.
   */
  double cpuMicrosPerOp() {
    return cpuNanos / 1e3 / ops;
  }

  double opsPerSecond() {
    return ops * 1e9 / wallNanos;
  }

  double meanMicros() {
    long sum = 0;
    for (int i = 0; i < size; i++) {
      sum += nanos[i];
    }
    return sum / 1e3 / size;
  }

  double percentileMicros(double p) {
    long[] sorted = Arrays.copyOf(nanos, size);
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * size) - 1;
    return sorted[Math.max(0, Math.min(size - 1, index))] / 1e3;
  }
}
