package dev.cutover.driver.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.Divergence;
import dev.cutover.driver.Phase;
import dev.cutover.driver.control.ControlPlane.AuditEntry;
import dev.cutover.driver.control.ControlPlane.FlipResult;
import dev.cutover.driver.control.ControlPlane.Outcome;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-table phase overrides against real databases: old MariaDB, new PostgreSQL, the control store
 * on the old database. One table moves ahead of the global phase and back, through the fenced,
 * audited flip; statements follow the phase of their tables.
 */
class TableOverrideTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static final String FAST =
      "fleet: { pollInterval: 100ms, holdTimeout: 2s, deadAfter: 5s }\n";

  private static TestDatabase oldDb() {
    return DBS.mariadb();
  }

  private static TestDatabase newDb() {
    return DBS.postgres();
  }

  @Test
  void a_table_overridden_to_dual_write_lands_on_both_sides_while_the_rest_stays_on_old()
      throws Exception {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(
          "DROP TABLE IF EXISTS a",
          "DROP TABLE IF EXISTS b",
          "CREATE TABLE a (id BIGINT PRIMARY KEY, val INT NOT NULL)",
          "CREATE TABLE b (id BIGINT PRIMARY KEY, val INT NOT NULL)");
    }
    try (Fleet fleet = new Fleet(oldDb(), newDb(), oldDb().url(), Phase.OLD, FAST, 2)) {
      FlipResult skip =
          fleet.operator.flipTable("a", Phase.DUAL_NEW_PRIMARY, "too far", true, "ops");
      assertEquals(Outcome.REFUSED, skip.outcome(), skip::toString);

      FlipResult on =
          fleet.operator.flipTable("a", Phase.DUAL_OLD_PRIMARY, "backfill a first", false, "ops");
      assertTrue(on.succeeded(), on::toString);
      assertEquals("a", on.table());
      assertEquals(Phase.OLD, on.from());
      for (Fleet.Instance in : fleet.instances) {
        assertEquals(Phase.OLD, in.phase());
        assertEquals(Map.of("a", Phase.DUAL_OLD_PRIMARY), in.context.overrides().asMap());
      }
      ControlPlane.Status status = fleet.operator.status();
      assertEquals(Phase.OLD, status.phase());
      assertEquals(Map.of("a", Phase.DUAL_OLD_PRIMARY), status.overrides());
      assertTrue(status.render().contains("overrides"), status.render());
      assertTrue(status.fleetConverged());

      try (Connection c = fleet.instance(0).connect();
          Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO a (id, val) VALUES (1, 10)");
        s.executeUpdate("INSERT INTO b (id, val) VALUES (1, 10)");
        s.executeUpdate("UPDATE a SET val = 11 WHERE id = 1");
        for (String table : List.of("a", "b")) {
          try (PreparedStatement ps =
              c.prepareStatement("INSERT INTO " + table + " (id, val) VALUES (?, ?)")) {
            ps.setLong(1, 50);
            ps.setInt(2, 5);
            ps.executeUpdate();
          }
        }
      }
      try (Connection c = fleet.instance(1).connect()) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.executeUpdate("INSERT INTO a (id, val) VALUES (2, 20)");
          s.executeUpdate("INSERT INTO a (id, val) VALUES (3, 30)");
        }
        c.commit();
        try (Statement s = c.createStatement()) {
          s.executeUpdate("INSERT INTO b (id, val) VALUES (2, 20)");
        }
        c.commit();
      }
      assertEquals(
          List.of(List.of(1L, 11L), List.of(2L, 20L), List.of(3L, 30L), List.of(50L, 5L)),
          rows(oldDb(), "a"));
      assertEquals(rows(oldDb(), "a"), rows(newDb(), "a"));
      assertEquals(
          List.of(List.of(1L, 10L), List.of(2L, 20L), List.of(50L, 5L)), rows(oldDb(), "b"));
      assertEquals(List.of(), rows(newDb(), "b"));
      assertTrue(unresolved(fleet).isEmpty(), () -> unresolved(fleet).toString());

      // A write whose tables disagree runs under the global phase, and the miss is journaled.
      try (Connection c = fleet.instance(0).connect();
          Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO a (id, val) SELECT id + 100, val FROM b");
      }
      assertEquals(List.of(), rows(newDb(), "b"));
      assertEquals(4, rows(newDb(), "a").size());
      assertEquals(7, rows(oldDb(), "a").size());
      List<Divergence> mixed = unresolved(fleet);
      assertEquals(1, mixed.size(), mixed::toString);
      assertEquals(Divergence.Kind.MIXED_PHASES, mixed.get(0).kind());
      assertEquals(List.of("a"), mixed.get(0).tables());
      assertTrue(mixed.get(0).error().contains("ran under OLD"), mixed.get(0).error());

      FlipResult off = fleet.operator.clearOverride("a", "a is done for now", false, "ops");
      assertTrue(off.succeeded(), off::toString);
      assertEquals(Phase.DUAL_OLD_PRIMARY, off.from());
      assertEquals(Phase.OLD, off.to());
      for (Fleet.Instance in : fleet.instances) {
        assertNull(in.context.overrides());
      }
      assertEquals(Map.of(), fleet.operator.status().overrides());
      try (Connection c = fleet.instance(1).connect();
          Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO a (id, val) VALUES (4, 40)");
      }
      assertEquals(8, rows(oldDb(), "a").size());
      assertEquals(4, rows(newDb(), "a").size());

      List<AuditEntry> audit = fleet.operator.audit(10);
      assertEquals(3, audit.size(), audit::toString);
      assertEquals("a", audit.get(0).table());
      assertEquals(Outcome.COMMITTED, audit.get(0).outcome());
      assertEquals(Phase.DUAL_OLD_PRIMARY, audit.get(0).from());
      assertEquals(Phase.OLD, audit.get(0).to());
      assertEquals("a is done for now", audit.get(0).reason());
      assertEquals(Outcome.COMMITTED, audit.get(1).outcome());
      assertEquals(Phase.OLD, audit.get(1).from());
      assertEquals(Phase.DUAL_OLD_PRIMARY, audit.get(1).to());
      assertEquals("a", audit.get(1).table());
      assertEquals(Outcome.REFUSED, audit.get(2).outcome());
    }
  }

  private static List<Divergence> unresolved(Fleet fleet) {
    try {
      return fleet.instance(0).context.journal().list(100, true);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<List<Object>> rows(TestDatabase db, String table) {
    return Fleet.rows(db, table);
  }
}
