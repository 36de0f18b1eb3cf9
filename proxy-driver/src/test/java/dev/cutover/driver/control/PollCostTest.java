package dev.cutover.driver.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.Phase;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What polling costs the control store, counted at the JDBC layer (a counting driver between the
 * driver and the vendor's): every poll of an instance, heartbeat or not, is exactly one round trip.
 */
class PollCostTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  /** Heartbeats are due every 100 ms (deadAfter / 4), so a window of 30 polls holds several. */
  private static final String YAML =
      "fleet: { pollInterval: 20ms, holdTimeout: 500ms, deadAfter: 400ms }\n";

  @Test
  void every_poll_is_one_round_trip_on_a_postgresql_control_store() throws Exception {
    assertOneRoundTripPerPoll(DBS.postgres());
  }

  @Test
  void every_poll_is_one_round_trip_on_a_mariadb_control_store() throws Exception {
    assertOneRoundTripPerPoll(DBS.mariadb());
  }

  @Test
  void a_mariadb_store_that_refuses_multi_statements_still_polls_with_a_second_statement()
      throws Exception {
    TestDatabase store = DBS.mariadb();
    String url =
        CountingDriver.url(store.url())
            + (store.url().contains("?") ? "&" : "?")
            + "useServerPrepStmts=true";
    try (Fleet fleet = new Fleet(store, DBS.h2(), url, Phase.DUAL_OLD_PRIMARY, YAML, 1)) {
      FleetMember member = fleet.instance(0).plane.member();
      String thread = member.threadName();
      // Past the first heartbeat, whose refusal switches the channel to two statements and
      // reconnects it (a new session also takes its bell lock): steady state is measured.
      Fleet.await("first heartbeats", () -> CountingDriver.heartbeats(thread) >= 2);
      member.suspend(true);
      Fleet.await("poller parked", member::parked);
      long polls0 = member.polls();
      long trips0 = CountingDriver.roundTrips(thread);
      long beats0 = CountingDriver.heartbeats(thread);
      member.suspend(false);
      Fleet.await("30 more polls", () -> member.polls() >= polls0 + 30);
      member.suspend(true);
      Fleet.await("poller parked again", member::parked);
      long polls = member.polls() - polls0;
      long beats = CountingDriver.heartbeats(thread) - beats0;
      assertTrue(beats >= 2, "heartbeats: " + beats);
      assertEquals(polls + beats, CountingDriver.roundTrips(thread) - trips0);
      assertTrue(!member.isStale(), member.staleReason());
    }
  }

  private static void assertOneRoundTripPerPoll(TestDatabase store) throws Exception {
    String counted = CountingDriver.url(store.url());
    try (Fleet fleet = new Fleet(store, DBS.h2(), counted, Phase.DUAL_OLD_PRIMARY, YAML, 1)) {
      FleetMember member = fleet.instance(0).plane.member();
      String thread = member.threadName();
      Fleet.await("first polls", () -> member.polls() >= 3);

      member.suspend(true);
      Fleet.await("poller parked", member::parked);
      long polls0 = member.polls();
      long trips0 = CountingDriver.roundTrips(thread);
      long beats0 = CountingDriver.heartbeats(thread);
      member.suspend(false);

      Fleet.await("30 more polls", () -> member.polls() >= polls0 + 30);
      member.suspend(true);
      Fleet.await("poller parked again", member::parked);
      long polls = member.polls() - polls0;
      long trips = CountingDriver.roundTrips(thread) - trips0;
      long beats = CountingDriver.heartbeats(thread) - beats0;

      assertEquals(polls, trips, "round trips to the control store for " + polls + " polls");
      assertTrue(beats >= 2, "heartbeats rode on " + beats + " of the polls");
      assertTrue(beats < polls, "not every poll writes a heartbeat: " + beats + "/" + polls);
    }
  }
}
