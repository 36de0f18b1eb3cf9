package dev.cutover.driver.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.Phase;
import dev.cutover.driver.control.ControlPlane.AuditEntry;
import dev.cutover.driver.control.ControlPlane.FlipResult;
import dev.cutover.driver.control.ControlPlane.Outcome;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The p99 latency guard against a real new primary that got slow: old MariaDB, new PostgreSQL whose
 * inserts sleep in a trigger, the control store on the old database.
 */
class LatencyRollbackTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static TestDatabase oldDb() {
    return DBS.mariadb();
  }

  private static TestDatabase newDb() {
    return DBS.postgres();
  }

  @Test
  void a_new_primary_slowed_by_a_sleeping_trigger_is_rolled_back_through_the_fenced_flip()
      throws Exception {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(
          "DROP TABLE IF EXISTS guarded",
          "CREATE TABLE guarded (id BIGINT PRIMARY KEY, val INT NOT NULL)");
    }
    // The hold must outlast one slow statement, or the fence could not drain.
    String yaml =
        "fleet: { pollInterval: 100ms, holdTimeout: 3s, deadAfter: 10s }\n"
            + "rollback: { latencyFactor: 3, window: 10s, minStatements: 8 }\n";
    try (Fleet fleet =
        new Fleet(oldDb(), newDb(), oldDb().url(), Phase.DUAL_OLD_PRIMARY, yaml, 2)) {
      FleetMember member = fleet.instance(0).plane.member();
      AtomicLong ids = new AtomicLong();
      try (Connection c = fleet.instance(0).connect()) {
        for (int i = 0; i < 40; i++) {
          insert(c, ids.incrementAndGet());
        }
      }
      // The old primary's baseline p99 is taken by the poller from a window holding these.
      long seen = member.polls();
      Fleet.await("baseline window judged", () -> member.polls() >= seen + 3);

      // The fault: every insert on the new database now takes half a second.
      newDb()
          .execute(
              "CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS"
                  + " $$ BEGIN PERFORM pg_sleep(0.5); RETURN NEW; END $$",
              "CREATE TRIGGER slow_insert BEFORE INSERT ON guarded"
                  + " FOR EACH ROW EXECUTE FUNCTION slow_insert()");
      FlipResult live = fleet.operator.flip(Phase.DUAL_NEW_PRIMARY, "go live", true, "ops");
      assertTrue(live.succeeded(), live::toString);

      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> writers = new ArrayList<>();
      List<Throwable> unexpected = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        Thread t =
            new Thread(
                () -> {
                  try (Connection c = fleet.instance(0).connect()) {
                    while (!stop.get()) {
                      try {
                        insert(c, ids.incrementAndGet());
                      } catch (java.sql.SQLTimeoutException heldByTheFence) {
                        // A bounded wait while the rollback is fenced: nothing was executed.
                      }
                    }
                  } catch (SQLException | RuntimeException e) {
                    synchronized (unexpected) {
                      unexpected.add(e);
                    }
                  }
                });
        t.start();
        writers.add(t);
      }
      try {
        Fleet.await(
            "the fleet rolled back",
            () -> fleet.instances.stream().allMatch(i -> i.phase() == Phase.DUAL_OLD_PRIMARY));
      } finally {
        stop.set(true);
        for (Thread t : writers) {
          t.join();
        }
      }
      assertTrue(unexpected.isEmpty(), unexpected::toString);

      AuditEntry last = fleet.operator.audit(1).get(0);
      assertEquals(Outcome.COMMITTED, last.outcome());
      assertEquals(Phase.DUAL_NEW_PRIMARY, last.from());
      assertEquals(Phase.DUAL_OLD_PRIMARY, last.to());
      assertTrue(last.actor().startsWith("auto-rollback@"), last.actor());
      assertTrue(last.reason().contains("p99 latency"), last.reason());
      assertEquals(Phase.DUAL_OLD_PRIMARY, fleet.operator.status().phase());
      assertTrue(fleet.operator.status().fleetConverged());

      // Nothing lost on the way: every row the writers were told succeeded is on both sides.
      newDb().execute("DROP TRIGGER slow_insert ON guarded");
      assertEquals(Fleet.rows(oldDb(), "guarded"), Fleet.rows(newDb(), "guarded"));
    }
  }

  private static void insert(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO guarded (id, val) VALUES (?, 1)")) {
      ps.setLong(1, id);
      ps.executeUpdate();
    }
  }
}
