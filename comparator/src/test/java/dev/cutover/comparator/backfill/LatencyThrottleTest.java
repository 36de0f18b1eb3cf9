package dev.cutover.comparator.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.comparator.verify.VerifyResult;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The backfill slows down while the source answers slower than the bound, and recovers. */
class LatencyThrottleTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static final Duration BOUND = Duration.ofMillis(50);

  @Test
  void each_slow_probe_halves_the_rate_and_each_fast_one_doubles_it_back() throws Exception {
    Deque<Duration> latencies = new ArrayDeque<>();
    for (long ms : new long[] {5, 80, 80, 80, 10, 10, 10, 10}) {
      latencies.add(Duration.ofMillis(ms));
    }
    List<Long> pauses = new ArrayList<>();
    List<ThrottleChange> changes = new ArrayList<>();
    LatencyThrottle throttle =
        new LatencyThrottle(BOUND, Duration.ZERO, probe(latencies), pauses::add, listener(changes));
    for (int chunk = 0; chunk < 8; chunk++) {
      throttle.afterChunk("t", 1_000);
    }
    assertEquals(
        List.of(2, 4, 8, 4, 2, 1), changes.stream().map(ThrottleChange::slowdown).toList());
    assertEquals(Duration.ofMillis(80), changes.get(0).latency());
    // A worker at slowdown s pauses (s - 1) times its chunk's time: its rate is divided by s.
    assertEquals(List.of(1_000L, 3_000L, 7_000L, 3_000L, 1_000L), pauses);
    assertEquals(1, throttle.slowdown());
  }

  @Test
  void a_source_that_does_not_answer_the_probe_counts_as_slow() throws Exception {
    List<ThrottleChange> changes = new ArrayList<>();
    LatencyThrottle.Probe failing =
        new LatencyThrottle.Probe() {
          @Override
          public Duration measure() throws SQLException {
            throw new SQLException("connection refused", "08001");
          }

          @Override
          public void close() {}
        };
    LatencyThrottle throttle =
        new LatencyThrottle(BOUND, Duration.ZERO, failing, n -> {}, listener(changes));
    for (int chunk = 0; chunk < LatencyThrottle.MAX_LEVEL + 3; chunk++) {
      throttle.afterChunk("t", 1_000);
    }
    assertEquals(1 << LatencyThrottle.MAX_LEVEL, throttle.slowdown(), "capped");
    assertEquals(LatencyThrottle.MAX_LEVEL, changes.size());
    assertEquals(null, changes.get(0).latency());
  }

  @Test
  void probes_are_spaced_by_the_interval() throws Exception {
    AtomicInteger probes = new AtomicInteger();
    LatencyThrottle.Probe counting =
        new LatencyThrottle.Probe() {
          @Override
          public Duration measure() {
            probes.incrementAndGet();
            return Duration.ofMillis(80);
          }

          @Override
          public void close() {}
        };
    LatencyThrottle throttle =
        new LatencyThrottle(BOUND, Duration.ofHours(1), counting, n -> {}, BackfillListener.NONE);
    for (int chunk = 0; chunk < 5; chunk++) {
      throttle.afterChunk("t", 1_000);
    }
    assertEquals(1, probes.get());
    assertEquals(2, throttle.slowdown());
  }

  /**
   * The probe reads a delay from a knob table and sleeps that long in the source database: slow
   * (300 ms against a 200 ms bound) until the fourth chunk, then instant.
   */
  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"mariadb", "postgres"})
  void a_slow_source_throttles_the_backfill_until_it_recovers(String from) throws Exception {
    BackfillTest.Pair p = BackfillTest.pair(DBS, from);
    Tables.createItems(p.old());
    Tables.createItems(p.neu());
    Tables.fillItems(p.old(), 2_000);
    p.old().execute("CREATE TABLE knob (delay_s DECIMAL(4,2))", "INSERT INTO knob VALUES (0.3)");
    String probe =
        p.old().engine() == Engine.POSTGRES
            ? "SELECT pg_sleep(delay_s) FROM knob"
            : "SELECT SLEEP(delay_s) FROM knob";
    List<ThrottleChange> changes = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger chunks = new AtomicInteger();
    BackfillListener listener =
        new BackfillListener() {
          @Override
          public void onProgress(BackfillProgress progress) {
            if (chunks.incrementAndGet() == 4) {
              p.old().execute("UPDATE knob SET delay_s = 0");
            }
          }

          @Override
          public void onThrottle(ThrottleChange change) {
            changes.add(change);
          }
        };
    BackfillReport report =
        BackfillTest.backfill(
                p,
                BackfillOptions.builder()
                    .chunkRows(100)
                    .workers(1)
                    .maxSourceLatency(Duration.ofMillis(200))
                    .latencyProbe(probe)
                    .probeInterval(Duration.ZERO)
                    .listener(listener)
                    .build())
            .run("items");
    assertTrue(report.complete());
    assertEquals(2_000, report.rowsCopied());
    // Probes after chunks 1 to 3 were slow, the ones after the knob was turned fast.
    assertEquals(
        List.of(2, 4, 8, 4, 2, 1), changes.stream().map(ThrottleChange::slowdown).toList());
    assertTrue(changes.get(0).latency().compareTo(Duration.ofMillis(300)) >= 0, changes::toString);
    assertTrue(changes.get(5).fullSpeed());
    VerifyResult v = BackfillTest.verify(p, "items");
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
  }

  private static LatencyThrottle.Probe probe(Deque<Duration> latencies) {
    return new LatencyThrottle.Probe() {
      @Override
      public Duration measure() {
        return latencies.removeFirst();
      }

      @Override
      public void close() {}
    };
  }

  private static BackfillListener listener(List<ThrottleChange> changes) {
    return new BackfillListener() {
      @Override
      public void onProgress(BackfillProgress progress) {}

      @Override
      public void onThrottle(ThrottleChange change) {
        changes.add(change);
      }
    };
  }
}
