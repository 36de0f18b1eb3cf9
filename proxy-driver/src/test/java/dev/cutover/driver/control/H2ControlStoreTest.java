package dev.cutover.driver.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.Phase;
import dev.cutover.driver.control.ControlPlane.FlipResult;
import dev.cutover.driver.control.ControlPlane.Outcome;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The control store's tables and the whole flip cycle on H2, the demo's engine. */
class H2ControlStoreTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  @Test
  void a_fleet_on_an_h2_control_store_walks_every_phase_and_back() throws Exception {
    TestDatabase oldDb = DBS.h2();
    TestDatabase newDb = DBS.create(Engine.H2);
    String yaml =
        "fleet: { pollInterval: 50ms, holdTimeout: 500ms, deadAfter: 5s }\n"
            + "readiness: { checks: divergences }\n";
    try (Fleet fleet = new Fleet(oldDb, newDb, oldDb.url(), Phase.OLD, yaml, 2)) {
      Phase[] path = {
        Phase.DUAL_OLD_PRIMARY,
        Phase.DUAL_NEW_PRIMARY,
        Phase.NEW,
        Phase.DUAL_NEW_PRIMARY,
        Phase.DUAL_OLD_PRIMARY,
        Phase.OLD
      };
      for (Phase to : path) {
        FlipResult r = fleet.operator.flip(to, "walk", false, "ops");
        assertTrue(r.succeeded(), r::toString);
        for (Fleet.Instance in : fleet.instances) {
          assertEquals(to, in.phase());
        }
      }
      FlipResult skip = fleet.operator.flip(Phase.DUAL_NEW_PRIMARY, "skip a step", true, "ops");
      assertEquals(Outcome.REFUSED, skip.outcome());
      assertEquals(path.length + 1, fleet.operator.audit(100).size());
      ControlPlane.Status status = fleet.operator.status();
      assertEquals(Phase.OLD, status.phase());
      assertEquals(path.length + 1, status.version());
      assertTrue(status.fleetConverged());
      assertEquals(2, status.fleet().size());
    }
  }

  @Test
  void a_flip_wakes_instances_in_the_same_process_instead_of_waiting_for_their_poll()
      throws Exception {
    TestDatabase oldDb = DBS.h2();
    TestDatabase newDb = DBS.create(Engine.H2);
    // H2 cannot notify; a 20 s poll would make every hop of the flip wait for it.
    String yaml = "fleet: { pollInterval: 20s, holdTimeout: 2s, deadAfter: 120s }\n";
    try (Fleet fleet = new Fleet(oldDb, newDb, oldDb.url(), Phase.DUAL_OLD_PRIMARY, yaml, 2)) {
      for (Fleet.Instance in : fleet.instances) {
        FleetMember m = in.plane.member();
        Fleet.await("first poll of " + m.instance(), () -> m.polls() >= 1);
      }
      FlipResult r = fleet.operator.flip(Phase.DUAL_NEW_PRIMARY, "same process", true, "ops");
      assertTrue(r.succeeded(), r::toString);
      assertTrue(r.totalMillis() < 10_000, "flip took " + r.totalMillis() + " ms");
      for (Fleet.Instance in : fleet.instances) {
        assertEquals(Phase.DUAL_NEW_PRIMARY, in.phase());
      }
    }
  }
}
