package dev.cutover.driver.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The guard's controller, driven by a synthetic clock and synthetic read times. */
class LatencyGuardTest {
  private static final long MS = 1_000_000L;
  private static final long TICK = LatencyGuard.TICK_MILLIS * MS;

  private long now = 1_000 * MS;
  private final LatencyGuard guard = new LatencyGuard(10, now);
  private long admitted;

  /**
   * One decision: {@link LatencyGuard#PAIRS} pairs of a drain, an off window with reads at {@code
   * offMicros} and an on window with reads at {@code onMicros}, with {@code sampledPerTick} sampled
   * reads asking to be admitted per tick of the on window.
   */
  private void cycle(long offMicros, long onMicros, int readsPerTick, int sampledPerTick) {
    admitted = 0;
    for (int p = 0; p < LatencyGuard.PAIRS; p++) {
      pair(offMicros, onMicros, readsPerTick, sampledPerTick);
    }
  }

  private void pair(long offMicros, long onMicros, int readsPerTick, int sampledPerTick) {
    tick(0, 0, 0, 0); // DRAIN -> OFF at once: nothing in flight.
    for (long t = 0; t < LatencyGuard.OFF_NANOS; t += TICK) {
      assertFalse(guard.admits(now), "paused while the off window is measured");
      tick(offMicros, readsPerTick, 0, 0);
    }
    for (long t = 0; t < LatencyGuard.ON_NANOS; t += TICK) {
      tick(onMicros, readsPerTick, sampledPerTick, 0);
    }
  }

  private void tick(long micros, int reads, int sampled, int inFlight) {
    for (int i = 0; i < reads; i++) {
      guard.observe(micros * 1000);
    }
    for (int i = 0; i < sampled; i++) {
      if (guard.admits(now + i * TICK / sampled)) {
        admitted++;
      }
    }
    now += TICK;
    guard.tick(now, inFlight);
  }

  private double admittedPerSecond() {
    return admitted * 1e9 / (LatencyGuard.PAIRS * LatencyGuard.ON_NANOS);
  }

  @Test
  void starts_careful_and_grows_while_reads_stay_within_the_bound() {
    cycle(100, 105, 100, 1000);
    assertEquals(LatencyGuard.START_RATE, admittedPerSecond(), 5);
    assertEquals(LatencyGuard.START_RATE * 1.5, guard.rate(), 1e-9);
    assertEquals(1.05, guard.lastRatio(), 0.03);
    cycle(100, 105, 100, 1000);
    assertEquals(LatencyGuard.START_RATE * 1.5, admittedPerSecond(), 5);
    assertEquals(LatencyGuard.START_RATE * 2.25, guard.rate(), 1e-9);
  }

  @Test
  void reads_slowed_beyond_the_bound_halve_the_rate_and_it_recovers_when_they_are_not() {
    cycle(100, 150, 100, 1000);
    assertEquals(LatencyGuard.START_RATE / 2, guard.rate(), 3);
    cycle(100, 150, 100, 1000);
    assertEquals(LatencyGuard.START_RATE / 4, guard.rate(), 3);
    double low = guard.rate();
    cycle(100, 100, 100, 1000);
    assertEquals(low * 1.5, guard.rate(), 1e-9);
  }

  @Test
  void a_rate_that_limited_nothing_is_not_raised_and_a_breach_halves_what_was_admitted() {
    // 2 sampled reads per 50 ms tick, 40 per second, ask for far less than the 200 allowed.
    cycle(100, 100, 100, 2);
    assertEquals(LatencyGuard.START_RATE, guard.rate(), 1e-9);
    cycle(100, 150, 100, 2);
    assertEquals(20, guard.rate(), 1);
  }

  @Test
  void a_few_stalled_reads_do_not_move_the_measure() {
    // Off windows where 2% of the reads hit a 50 ms pause (a GC, a checkpoint): the mean would be
    // 11
    // times the typical read, the median is the typical read.
    for (int p = 0; p < LatencyGuard.PAIRS; p++) {
      tick(0, 0, 0, 0);
      for (long t = 0; t < LatencyGuard.OFF_NANOS; t += TICK) {
        for (int i = 0; i < 98; i++) {
          guard.observe(100_000);
        }
        tick(50_000, 2, 0, 0);
      }
      for (long t = 0; t < LatencyGuard.ON_NANOS; t += TICK) {
        tick(102, 100, 1000, 0);
      }
    }
    assertEquals(1.02, guard.lastRatio(), 0.03);
    assertEquals(LatencyGuard.START_RATE * 1.5, guard.rate(), 1e-9);
  }

  @Test
  void slow_drift_in_the_applications_own_read_time_is_not_taken_for_shadow_cost() {
    // The application's reads slow from 100 to 130 µs over the decision, shadow reads or not (a
    // host getting busier). One baseline at the start against the rest of the decision would see
    // 1.15 x and halve; each pair sees its own few percent.
    double perNano = 30.0 / (LatencyGuard.PAIRS * (LatencyGuard.OFF_NANOS + LatencyGuard.ON_NANOS));
    long start = now;
    for (int p = 0; p < LatencyGuard.PAIRS; p++) {
      tick(0, 0, 0, 0);
      for (long t = 0; t < LatencyGuard.OFF_NANOS; t += TICK) {
        tick(100 + Math.round((now - start) * perNano), 100, 0, 0);
      }
      for (long t = 0; t < LatencyGuard.ON_NANOS; t += TICK) {
        tick(100 + Math.round((now - start) * perNano), 100, 1000, 0);
      }
    }
    assertTrue(guard.lastRatio() < 1.06, "ratio " + guard.lastRatio());
    assertEquals(LatencyGuard.START_RATE * 1.5, guard.rate(), 1e-9);
  }

  @Test
  void a_burst_in_one_pair_does_not_halve_the_rate_but_a_cost_in_most_pairs_does() {
    pair(100, 100, 100, 1000);
    pair(100, 300, 100, 1000); // a checkpoint during one on window
    pair(100, 100, 100, 1000);
    pair(300, 100, 100, 1000); // and one during an off window
    pair(100, 104, 100, 1000);
    assertEquals(1.0, guard.lastRatio(), 0.03);
    assertEquals(LatencyGuard.START_RATE * 1.5, guard.rate(), 1e-9);

    pair(100, 100, 100, 1000);
    pair(100, 130, 100, 1000);
    pair(100, 100, 100, 1000);
    pair(100, 130, 100, 1000);
    pair(100, 130, 100, 1000);
    assertEquals(1.3, guard.lastRatio(), 0.03);
    assertEquals(LatencyGuard.START_RATE * 1.5 / 2, guard.rate(), 3);
  }

  @Test
  void buckets_are_within_two_percent_of_the_times_they_hold() {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 100_000; i++) {
      long nanos = 1024 + (long) (Math.exp(random.nextDouble() * 20) * 1000);
      double middle = LatencyGuard.middleOf(LatencyGuard.bucket(nanos));
      assertEquals(1.0, middle / nanos, 0.016, "time " + nanos);
    }
    assertEquals(0, LatencyGuard.bucket(0));
    assertEquals(LatencyGuard.BUCKETS - 1, LatencyGuard.bucket(Long.MAX_VALUE));
  }

  @Test
  void the_rate_never_drops_to_nothing() {
    for (int c = 0; c < 20; c++) {
      cycle(100, 1000, 100, 1000);
    }
    assertEquals(LatencyGuard.MIN_RATE, guard.rate(), 1e-9);
  }

  @Test
  void an_application_reading_too_little_to_measure_changes_nothing() {
    // 1 read per tick: 4 in an off window, fewer than MIN_READS.
    cycle(100, 1000, 1, 1000);
    assertEquals(LatencyGuard.START_RATE, guard.rate(), 1e-9);
  }

  @Test
  void an_application_reading_too_slowly_for_single_windows_is_judged_on_pooled_windows() {
    // 4 reads per 50 ms tick, 80 per second: 16 in an off window, too few alone; 80 in the five.
    cycle(100, 150, 4, 1000);
    assertEquals(1.5, guard.lastRatio(), 0.03);
    assertEquals(LatencyGuard.START_RATE / 2, guard.rate(), 3);
  }

  @Test
  void a_pause_does_not_store_up_admissions() {
    pair(100, 100, 100, 0);
    tick(0, 0, 0, 0); // DRAIN -> OFF
    for (long t = 0; t < LatencyGuard.OFF_NANOS; t += TICK) {
      tick(100, 100, 0, 0);
    }
    // The on window opens long after the last admission: one caller is admitted, not two.
    assertTrue(guard.admits(now));
    assertFalse(guard.admits(now));
    assertFalse(guard.admits(now + 1_000_000_000L / 200 - 1));
    assertTrue(guard.admits(now + 1_000_000_000L / 200));
  }

  @Test
  void windows_where_the_application_did_not_read_do_not_dilute_the_admitted_rate() {
    // Three pairs while the application reads and asks for shadow reads, two while it is idle
    // (phase OLD, say): the admitted rate is judged on the first three, so it still limited.
    for (int p = 0; p < 3; p++) {
      pair(100, 100, 100, 1000);
    }
    for (int p = 0; p < 2; p++) {
      pair(100, 100, 0, 0);
    }
    assertEquals(LatencyGuard.START_RATE * 1.5, guard.rate(), 1e-9);
  }

  @Test
  void the_off_window_waits_for_shadow_work_in_flight_but_not_for_ever() {
    // Starts in DRAIN: with work in flight it stays paused...
    tick(0, 0, 0, 3);
    tick(0, 0, 0, 3);
    assertFalse(guard.admits(now));
    // ... and measures the off window anyway after DRAIN_NANOS.
    for (long t = 0; t <= LatencyGuard.DRAIN_NANOS; t += TICK) {
      tick(0, 0, 0, 3);
    }
    for (long t = 0; t < LatencyGuard.OFF_NANOS; t += TICK) {
      tick(100, 100, 0, 3);
    }
    assertTrue(guard.admits(now), "admitting again after the off window");
  }
}
