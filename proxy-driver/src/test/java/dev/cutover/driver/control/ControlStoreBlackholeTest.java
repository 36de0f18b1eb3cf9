package dev.cutover.driver.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cutover.driver.Phase;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A control store that stops answering without closing anything (a network blackhole): the poller's
 * statement must give up within its timeout, the instance must report itself stale and keep its
 * phase, and it must reach the store again, on a fresh connection, once the network heals.
 */
class ControlStoreBlackholeTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  /** pollInterval 100 ms: statements time out after max(3 × 100 ms, 2 s), the socket 1 s later. */
  private static final String YAML =
      "fleet: { pollInterval: 100ms, holdTimeout: 300ms, deadAfter: 30s }\n";

  /** The poll timeout, the socket's extra second, one poll interval, and scheduling slack. */
  private static final long STALE_WITHIN_MILLIS = 2_000 + 1_000 + 100 + 1_400;

  @Test
  void a_blackholed_postgresql_store_makes_the_instance_stale_in_bounded_time_and_it_recovers()
      throws Exception {
    blackholeAndHeal(DBS.postgres(), DBS.mariadb());
  }

  @Test
  void a_blackholed_mariadb_store_makes_the_instance_stale_in_bounded_time_and_it_recovers()
      throws Exception {
    blackholeAndHeal(DBS.mariadb(), DBS.postgres());
  }

  private static void blackholeAndHeal(TestDatabase store, TestDatabase other) throws Exception {
    int port = portOf(store.url());
    try (TcpRelay relay = TcpRelay.to("127.0.0.1", port)) {
      String viaRelay = store.url().replace(":" + port + "/", ":" + relay.port() + "/");
      try (Fleet fleet =
          new Fleet(store, other, viaRelay, store.url(), Phase.DUAL_OLD_PRIMARY, YAML, 1)) {
        Fleet.Instance in = fleet.instance(0);
        FleetMember member = in.plane.member();
        within(10_000, "first polls", () -> member.polls() >= 3 && !member.isStale());

        relay.pause();
        long staleAfter;
        try {
          long paused = System.nanoTime();
          within(STALE_WITHIN_MILLIS, "instance reports stale", member::isStale);
          staleAfter = (System.nanoTime() - paused) / 1_000_000;
          assertEquals(Phase.DUAL_OLD_PRIMARY, in.phase());
          // Still blackholed a while later: still stale, and no phase was guessed.
          Thread.sleep(1_000);
          assertTrue(member.isStale());
          assertEquals(Phase.DUAL_OLD_PRIMARY, in.phase());
        } finally {
          // Closing the fleet needs the store (the instance removes its heartbeat row).
          relay.resume();
        }
        long polls = member.polls();
        within(
            2 * STALE_WITHIN_MILLIS,
            "instance reaches the store again",
            () -> !member.isStale() && member.polls() > polls + 3);
        assertFalse(
            fleet.operator.status().fleet().stream()
                .anyMatch(i -> i.instance().equals(in.context.instanceId()) && i.stale()),
            () -> "stale " + staleAfter + " ms after the blackhole");
      }
    }
  }

  /** Fails unless {@code condition} holds within {@code millis}. */
  private static void within(long millis, String what, BooleanSupplier condition)
      throws InterruptedException {
    long giveUp = System.nanoTime() + millis * 1_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        fail("not within " + millis + " ms: " + what);
      }
      Thread.sleep(10);
    }
  }

  private static int portOf(String url) {
    Matcher m = Pattern.compile(":(\\d+)/").matcher(url);
    if (!m.find()) {
      throw new IllegalStateException("no port in " + url);
    }
    return Integer.parseInt(m.group(1));
  }
}
