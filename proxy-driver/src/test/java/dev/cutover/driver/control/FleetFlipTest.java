package dev.cutover.driver.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.Phase;
import dev.cutover.driver.control.ControlPlane.AuditEntry;
import dev.cutover.driver.control.ControlPlane.FlipResult;
import dev.cutover.driver.control.ControlPlane.Outcome;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fenced flips across several driver instances under write load, old MariaDB, new PostgreSQL, the
 * control store on the old database.
 */
class FleetFlipTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static final String FAST =
      "fleet: { pollInterval: 100ms, holdTimeout: 2s, deadAfter: 5s }\n";

  private static TestDatabase oldDb() {
    return DBS.mariadb();
  }

  private static TestDatabase newDb() {
    return DBS.postgres();
  }

  private static void tables(String... names) {
    for (String t : names) {
      for (TestDatabase db : List.of(oldDb(), newDb())) {
        db.execute("DROP TABLE IF EXISTS " + t);
      }
    }
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(
          "CREATE TABLE events (id BIGINT PRIMARY KEY, writer INT NOT NULL, val INT NOT NULL)",
          "CREATE TABLE tagged (id BIGINT PRIMARY KEY, tag VARCHAR(24) NOT NULL)");
    }
  }

  private static Fleet fleet(Phase phase, String yaml, int instances) throws Exception {
    return new Fleet(oldDb(), newDb(), oldDb().url(), phase, yaml, instances);
  }

  @Test
  void
      hundred_flips_between_dual_phases_under_write_load_leave_both_databases_identical_and_audited()
          throws Exception {
    tables("events", "tagged");
    int flips = 100;
    List<Phase> targets = new ArrayList<>();
    try (Fleet fleet = fleet(Phase.DUAL_OLD_PRIMARY, FAST, 3);
        Writers writers = new Writers()) {
      for (int i = 0; i < 6; i++) {
        writers.mixed(fleet.instance(i % 3), i + 1);
      }
      Fleet.await("writers running", () -> writers.committed.get() > 50);
      for (int i = 0; i < flips; i++) {
        Phase to = i % 2 == 0 ? Phase.DUAL_NEW_PRIMARY : Phase.DUAL_OLD_PRIMARY;
        FlipResult r = fleet.operator.flip(to, "load test flip " + i, true, "test");
        assertEquals(Outcome.COMMITTED, r.outcome(), () -> "flip " + r);
        assertTrue(r.fleetApplied(), () -> "flip " + r);
        for (Fleet.Instance in : fleet.instances) {
          assertEquals(to, in.phase());
        }
        targets.add(to);
      }
      long before = writers.committed.get();
      Fleet.await("writes after the last flip", () -> writers.committed.get() > before + 20);
      writers.close();
      assertEquals(List.of(), writers.errors, "application errors other than bounded waits");
      List<AuditEntry> audit = new ArrayList<>(fleet.operator.audit(1000));
      Collections.reverse(audit);
      List<Phase> audited = new ArrayList<>();
      for (AuditEntry e : audit) {
        assertEquals(Outcome.COMMITTED, e.outcome());
        audited.add(e.to());
      }
      assertEquals(targets, audited);
      assertEquals(flips + 1, fleet.operator.status().version());
      assertEquals(0, oldDb().queryLong("SELECT COUNT(*) FROM cutover_divergence"));
    }
    assertEquals(Fleet.rows(oldDb(), "events"), Fleet.rows(newDb(), "events"));
    assertTrue(Fleet.rows(oldDb(), "events").size() > 100);
  }

  @Test
  void writes_under_single_side_phases_land_on_exactly_that_side_and_none_is_lost_or_doubled()
      throws Exception {
    tables("events", "tagged");
    Phase[] path = {
      Phase.DUAL_OLD_PRIMARY,
      Phase.DUAL_NEW_PRIMARY,
      Phase.NEW,
      Phase.DUAL_NEW_PRIMARY,
      Phase.DUAL_OLD_PRIMARY,
      Phase.OLD
    };
    Map<Long, Phase> committed;
    try (Fleet fleet = fleet(Phase.OLD, FAST, 3);
        Writers writers = new Writers()) {
      for (int i = 0; i < 6; i++) {
        writers.tagging(fleet.instance(i % 3), i + 1);
      }
      for (int round = 0; round < 3; round++) {
        for (Phase to : path) {
          long before = writers.tagged.size();
          Fleet.await("writes before the flip", () -> writers.tagged.size() > before + 10);
          FlipResult r = fleet.operator.flip(to, "round " + round, true, "test");
          assertTrue(r.succeeded(), () -> "flip " + r);
        }
      }
      long before = writers.tagged.size();
      Fleet.await("writes after the last flip", () -> writers.tagged.size() > before + 10);
      writers.close();
      assertEquals(List.of(), writers.errors, "application errors other than bounded waits");
      committed = new HashMap<>(writers.tagged);
    }
    Map<Long, String> onOld = tags(oldDb());
    Map<Long, String> onNew = tags(newDb());
    Set<Phase> seen = new HashSet<>();
    for (Map.Entry<Long, Phase> e : committed.entrySet()) {
      Phase p = e.getValue();
      seen.add(p);
      boolean wantOld = p != Phase.NEW;
      boolean wantNew = p != Phase.OLD;
      assertEquals(wantOld ? p.name() : null, onOld.get(e.getKey()), () -> "old side of " + e);
      assertEquals(wantNew ? p.name() : null, onNew.get(e.getKey()), () -> "new side of " + e);
    }
    assertEquals(Set.of(Phase.values()), seen, "every phase saw writes");
    // Nothing the application did not see committed is on either side (primary keys rule out
    // doubles).
    assertTrue(committed.keySet().containsAll(onOld.keySet()));
    assertTrue(committed.keySet().containsAll(onNew.keySet()));
  }

  private static Map<Long, String> tags(TestDatabase db) {
    Map<Long, String> out = new HashMap<>();
    for (List<Object> row : db.query("SELECT id, tag FROM tagged")) {
      out.put(((Number) row.get(0)).longValue(), (String) row.get(1));
    }
    return out;
  }

  @Test
  void an_instance_that_stops_heartbeating_blocks_flips_only_until_the_dead_horizon()
      throws Exception {
    String yaml = "fleet: { pollInterval: 100ms, holdTimeout: 300ms, deadAfter: 1500ms }\n";
    try (Fleet fleet = fleet(Phase.DUAL_OLD_PRIMARY, yaml, 2)) {
      Fleet.Instance frozen = fleet.instance(1);
      frozen.plane.member().suspend(true);
      FlipResult blocked = fleet.operator.flip(Phase.DUAL_NEW_PRIMARY, "while alive", true, "t");
      assertEquals(Outcome.ABORTED, blocked.outcome());
      assertTrue(blocked.reasons().toString().contains(frozen.context.instanceId()));
      assertEquals(Phase.DUAL_OLD_PRIMARY, fleet.instance(0).phase());
      Fleet.await(
          "the frozen instance listed as dead",
          () ->
              status(fleet).fleet().stream()
                  .anyMatch(i -> i.instance().equals(frozen.context.instanceId()) && i.dead()));
      FlipResult passed = fleet.operator.flip(Phase.DUAL_NEW_PRIMARY, "after horizon", true, "t");
      assertTrue(passed.succeeded(), () -> "flip " + passed);
      assertEquals(Phase.DUAL_NEW_PRIMARY, fleet.instance(0).phase());
      assertEquals(Phase.DUAL_OLD_PRIMARY, frozen.phase());
      frozen.plane.member().suspend(false);
      Fleet.await("the thawed instance converges", () -> frozen.phase() == Phase.DUAL_NEW_PRIMARY);
      assertTrue(status(fleet).fleetConverged());
    }
  }

  @Test
  void an_instance_hanging_inside_a_write_transaction_makes_the_flip_abort_cleanly()
      throws Exception {
    tables("events", "tagged");
    String yaml = "fleet: { pollInterval: 100ms, holdTimeout: 300ms, deadAfter: 5s }\n";
    try (Fleet fleet = fleet(Phase.DUAL_OLD_PRIMARY, yaml, 2)) {
      Fleet.Instance hanging = fleet.instance(1);
      try (Connection c = hanging.connect()) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.executeUpdate("INSERT INTO events (id, writer, val) VALUES (1, 1, 0)");
        }
        FlipResult r = fleet.operator.flip(Phase.DUAL_NEW_PRIMARY, "hang test", true, "t");
        assertEquals(Outcome.ABORTED, r.outcome());
        assertTrue(r.reasons().toString().contains(hanging.context.instanceId()), r::toString);
        for (Fleet.Instance in : fleet.instances) {
          assertEquals(Phase.DUAL_OLD_PRIMARY, in.phase());
        }
        try (Connection other = fleet.instance(0).connect();
            Statement s = other.createStatement()) {
          s.executeUpdate("INSERT INTO events (id, writer, val) VALUES (2, 2, 0)");
        }
        c.commit();
      }
      AuditEntry last = fleet.operator.audit(1).get(0);
      assertEquals(Outcome.ABORTED, last.outcome());
      FlipResult again = fleet.operator.flip(Phase.DUAL_NEW_PRIMARY, "after the hang", true, "t");
      assertTrue(again.succeeded(), () -> "flip " + again);
    }
    assertEquals(Fleet.rows(oldDb(), "events"), Fleet.rows(newDb(), "events"));
    assertEquals(2, Fleet.rows(newDb(), "events").size());
  }

  @Test
  void control_store_outage_changes_no_phase_and_the_fleet_converges_when_it_returns()
      throws Exception {
    try (TcpRelay relay = TcpRelay.to("127.0.0.1", portOf(oldDb().url()))) {
      String viaRelay =
          oldDb().url().replace(":" + portOf(oldDb().url()) + "/", ":" + relay.port() + "/");
      String yaml = "fleet: { pollInterval: 100ms, holdTimeout: 300ms, deadAfter: 30s }\n";
      try (Fleet fleet =
          new Fleet(oldDb(), newDb(), viaRelay, oldDb().url(), Phase.DUAL_OLD_PRIMARY, yaml, 2)) {
        ControlPlane direct = fleet.operator;
        relay.stop();
        for (Fleet.Instance in : fleet.instances) {
          Fleet.await("instance reports stale", in.plane::isStale);
        }
        FlipResult r = direct.flip(Phase.DUAL_NEW_PRIMARY, "during outage", true, "t");
        assertEquals(Outcome.ABORTED, r.outcome());
        for (Fleet.Instance in : fleet.instances) {
          assertEquals(Phase.DUAL_OLD_PRIMARY, in.phase());
          assertTrue(in.plane.isStale());
        }
        relay.start();
        for (Fleet.Instance in : fleet.instances) {
          Fleet.await("instance reaches the store again", () -> !in.plane.isStale());
        }
        FlipResult ok = direct.flip(Phase.DUAL_NEW_PRIMARY, "after outage", true, "t");
        assertTrue(ok.succeeded(), () -> "flip " + ok);
        for (Fleet.Instance in : fleet.instances) {
          assertEquals(Phase.DUAL_NEW_PRIMARY, in.phase());
        }
        assertFalse(direct.status().fleet().stream().anyMatch(i -> i.stale()));
      }
    }
  }

  private static int portOf(String url) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+)/").matcher(url);
    if (!m.find()) {
      throw new IllegalStateException("no port in " + url);
    }
    return Integer.parseInt(m.group(1));
  }

  private static ControlPlane.Status status(Fleet fleet) {
    try {
      return fleet.operator.status();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
