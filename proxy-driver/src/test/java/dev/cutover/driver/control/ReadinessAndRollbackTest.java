package dev.cutover.driver.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.Phase;
import dev.cutover.driver.control.ControlPlane.AuditEntry;
import dev.cutover.driver.control.ControlPlane.Check;
import dev.cutover.driver.control.ControlPlane.FlipResult;
import dev.cutover.driver.control.ControlPlane.Outcome;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The readiness gate and the automatic rollback guards, old PostgreSQL, new MariaDB, the control
 * store on the old (PostgreSQL) database.
 */
class ReadinessAndRollbackTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static TestDatabase oldDb() {
    return DBS.postgres();
  }

  private static TestDatabase newDb() {
    return DBS.mariadb();
  }

  @Test
  void readiness_gate_refuses_with_reasons_and_force_passes_and_is_audited() throws Exception {
    String yaml = "fleet: { pollInterval: 100ms, holdTimeout: 500ms, deadAfter: 5s }\n";
    try (Fleet fleet =
        new Fleet(oldDb(), newDb(), oldDb().url(), Phase.DUAL_OLD_PRIMARY, yaml, 2)) {
      oldDb()
          .execute(
              "INSERT INTO cutover_divergence (migration, created_at, kind, resolved) VALUES ('"
                  + fleet.config.migration()
                  + "', CURRENT_TIMESTAMP, 'COUNT_MISMATCH', FALSE)");

      FlipResult refused = fleet.operator.flip(Phase.DUAL_NEW_PRIMARY, "go live", false, "ops");
      assertEquals(Outcome.REFUSED, refused.outcome());
      String reasons = String.join("\n", refused.reasons());
      assertTrue(reasons.contains("divergences: FAIL"), reasons);
      assertTrue(reasons.contains("mismatches: NOT_AVAILABLE"), reasons);
      assertTrue(reasons.contains("verify: NOT_AVAILABLE"), reasons);
      for (Fleet.Instance in : fleet.instances) {
        assertEquals(Phase.DUAL_OLD_PRIMARY, in.phase());
      }

      ControlPlane.Status status = fleet.operator.status();
      assertFalse(status.readiness().ready());
      Map<String, Check.State> states =
          status.readiness().checks().stream().collect(Collectors.toMap(Check::name, Check::state));
      assertEquals(
          Map.of(
              "divergences", Check.State.FAIL,
              "mismatches", Check.State.NOT_AVAILABLE,
              "verify", Check.State.NOT_AVAILABLE),
          states);
      String text = status.render();
      assertTrue(text.contains("NOT READY"), text);
      assertTrue(text.contains(fleet.instance(0).context.instanceId()), text);

      FlipResult forced =
          fleet.operator.flip(Phase.DUAL_NEW_PRIMARY, "go live anyway", true, "ops");
      assertTrue(forced.succeeded(), forced::toString);
      assertTrue(forced.forced());
      for (Fleet.Instance in : fleet.instances) {
        assertEquals(Phase.DUAL_NEW_PRIMARY, in.phase());
      }

      List<AuditEntry> audit = fleet.operator.audit(10);
      AuditEntry last = audit.get(0);
      assertEquals(Outcome.COMMITTED, last.outcome());
      assertTrue(last.forced());
      assertEquals("go live anyway", last.reason());
      assertTrue(last.detail().contains("divergences: FAIL"), last.detail());
      AuditEntry first = audit.get(1);
      assertEquals(Outcome.REFUSED, first.outcome());
      assertFalse(first.forced());

      // Moving back towards the old database is a rollback: never gated.
      FlipResult back = fleet.operator.flip(Phase.DUAL_OLD_PRIMARY, "roll back", false, "ops");
      assertTrue(back.succeeded(), back::toString);
      assertFalse(back.forced());
    }
  }

  @Test
  void automatic_rollback_fires_on_injected_errors_on_the_new_primary() throws Exception {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(
          "DROP TABLE IF EXISTS guarded",
          "CREATE TABLE guarded (id BIGINT PRIMARY KEY, val INT NOT NULL)");
    }
    String yaml =
        "fleet: { pollInterval: 100ms, holdTimeout: 500ms, deadAfter: 5s }\n"
            + "rollback: { errorRate: 0.2, window: 2s, minStatements: 10 }\n";
    try (Fleet fleet = new Fleet(oldDb(), newDb(), oldDb().url(), Phase.DUAL_NEW_PRIMARY, yaml, 2);
        Connection c = fleet.instance(0).connect()) {
      long id = 0;
      for (; id < 30; id++) {
        insert(c, id);
      }
      assertEquals(Phase.DUAL_NEW_PRIMARY, fleet.instance(0).phase());

      // The injected fault: the new primary now rejects every further insert.
      newDb().execute("ALTER TABLE guarded ADD CONSTRAINT injected_fault CHECK (id < 1000)");
      id = 1000;
      int failures = 0;
      while (fleet.instance(0).phase() == Phase.DUAL_NEW_PRIMARY) {
        try {
          insert(c, id++);
        } catch (SQLException expected) {
          failures++;
        }
        Thread.sleep(5);
      }
      assertTrue(failures >= 1);
      Fleet.await(
          "both instances rolled back",
          () -> fleet.instances.stream().allMatch(i -> i.phase() == Phase.DUAL_OLD_PRIMARY));
      insert(c, id++);

      AuditEntry last = fleet.operator.audit(1).get(0);
      assertEquals(Outcome.COMMITTED, last.outcome());
      assertEquals(Phase.DUAL_NEW_PRIMARY, last.from());
      assertEquals(Phase.DUAL_OLD_PRIMARY, last.to());
      assertTrue(last.actor().startsWith("auto-rollback@"), last.actor());
      assertTrue(last.reason().contains("error rate"), last.reason());
      assertEquals(Phase.DUAL_OLD_PRIMARY, fleet.operator.status().phase());
    }
  }

  private static void insert(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO guarded (id, val) VALUES (?, 1)")) {
      ps.setLong(1, id);
      ps.executeUpdate();
    }
  }
}
