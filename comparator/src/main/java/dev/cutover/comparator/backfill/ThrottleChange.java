package dev.cutover.comparator.backfill;

import java.time.Duration;

/**
 * The backfill changed its speed because of the source's latency.
 *
 * @param table the table being copied when the probe ran
 * @param latency the latency the probe measured (null when the probe failed)
 * @param bound the configured maximum source latency
 * @param slowdown the new speed divisor: 1 is full speed, 4 copies at a quarter of it
 */
public record ThrottleChange(String table, Duration latency, Duration bound, int slowdown) {

  /** True when the backfill is back at full speed. */
  public boolean fullSpeed() {
    return slowdown == 1;
  }
}
