package dev.cutover.driver.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.Phase;
import dev.cutover.driver.control.ControlPlane.FlipResult;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A MariaDB control store has no LISTEN/NOTIFY, so each instance's bell waits on the server for a
 * user lock its poll session holds (a marked {@code GET_LOCK}), and the flipper ends those waits
 * with {@code KILL QUERY} after the announce and the commit: a flip no longer waits for the next
 * poll.
 */
class MariaDbDoorbellTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  /**
   * A poll interval far longer than a flip takes: without the bell, every instance would only see
   * the announce at its next poll, and the commit would wait for the re-poll after that.
   */
  private static final String SLOW_POLL =
      "fleet: { pollInterval: 20s, holdTimeout: 2s, deadAfter: 120s }\n";

  /** {@code instances} instances in DUAL_OLD_PRIMARY on {@code store} with {@link #SLOW_POLL}. */
  private static Fleet slowFleet(TestDatabase store, int instances) throws Exception {
    return new Fleet(
        store,
        DBS.h2(),
        store.url(),
        operatorUrl(store),
        Phase.DUAL_OLD_PRIMARY,
        SLOW_POLL,
        instances);
  }

  @Test
  void a_flip_wakes_every_waiting_instance_instead_of_waiting_for_its_poll() throws Exception {
    TestDatabase store = DBS.mariadb();
    try (Fleet fleet = slowFleet(store, 3)) {
      for (Fleet.Instance i : fleet.instances) {
        FleetMember m = i.plane.member();
        Fleet.await("first poll of " + m.instance(), () -> m.polls() >= 1);
      }
      String channel = ControlChannel.fleetChannel(fleet.config.migration());
      try (Connection c = DriverManager.getConnection(store.url(), store.user(), "")) {
        Fleet.await("every bell waiting", () -> bells(c, channel) == 3);
      }
      FlipResult r = fleet.operator.flip(Phase.DUAL_NEW_PRIMARY, "bell", true, "test");
      assertTrue(r.succeeded(), r.toString());
      assertTrue(r.fleetApplied(), "every instance applied the flip: " + r);
      for (Fleet.Instance i : fleet.instances) {
        assertEquals(Phase.DUAL_NEW_PRIMARY, i.phase());
        // Rung at the announce (and the commit, unless the instance was already re-polling).
        assertTrue(i.plane.member().rung() >= 1, "rings heard by " + i.plane.member().instance());
      }
      // With a 20 s poll the flip could not have finished this soon without the bell.
      assertTrue(r.totalMillis() < 10_000, "flip took " + r.totalMillis() + " ms");

      FlipResult back = fleet.operator.flip(Phase.DUAL_OLD_PRIMARY, "bell back", true, "test");
      assertTrue(back.succeeded() && back.fleetApplied(), back.toString());
      for (Fleet.Instance i : fleet.instances) {
        assertEquals(Phase.DUAL_OLD_PRIMARY, i.phase());
        assertFalse(i.plane.member().isStale(), i.plane.member().staleReason());
      }
    }
  }

  @Test
  void the_bell_rearms_after_the_poll_session_holding_its_lock_is_lost() throws Exception {
    TestDatabase store = DBS.mariadb();
    try (Fleet fleet = slowFleet(store, 1);
        Connection c = DriverManager.getConnection(store.url(), store.user(), "")) {
      FleetMember m = fleet.instance(0).plane.member();
      String channel = ControlChannel.fleetChannel(fleet.config.migration());
      Fleet.await("bell waiting", () -> bells(c, channel) == 1);
      long holder = lockHolder(c, m.bellLockName());
      long lost = System.nanoTime();
      try (Statement s = c.createStatement()) {
        // As a network cut would: the poll session, and with it the lock, is gone.
        s.execute("KILL CONNECTION " + holder);
      }
      Fleet.await(
          "a new poll session holding the lock",
          () -> {
            long h = lockHolder(c, m.bellLockName());
            return h != 0 && h != holder && bells(c, channel) == 1 && !m.isStale();
          });
      long rearmMillis = (System.nanoTime() - lost) / 1_000_000;
      // The bell noticed and woke the poller, which reconnected: not at its next 20 s poll.
      assertTrue(rearmMillis < 10_000, "re-armed after " + rearmMillis + " ms");
      FlipResult r = fleet.operator.flip(Phase.DUAL_NEW_PRIMARY, "after reconnect", true, "t");
      assertTrue(r.succeeded(), r.toString());
      assertTrue(m.rung() >= 1, "the re-armed bell rang");
      assertTrue(r.totalMillis() < 10_000, "flip took " + r.totalMillis() + " ms");
    }
  }

  /**
   * The store's URL as the operator uses it: textually another URL than the fleet's, as from
   * another process, so no in-process wake-up stands in for the bell.
   */
  private static String operatorUrl(TestDatabase store) {
    return store.url() + (store.url().contains("?") ? "&" : "?") + "connectTimeout=9000";
  }

  /** The session holding user lock {@code name}, or 0. */
  private static long lockHolder(Connection c, String name) {
    try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT IS_USED_LOCK(?)")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void a_ring_never_interrupts_a_statement_that_is_not_this_migrations_bell() throws Exception {
    TestDatabase store = DBS.mariadb();
    String[] others = {
      // Another migration's bell.
      "SELECT /* cutover-bell:cutover_y: */ SLEEP(1.5)",
      // This migration's marker, but not at the head of the statement.
      "SELECT SLEEP(1.5), '/* cutover-bell:cutover_x: */'",
      // A name that only matches if '_' were a wildcard.
      "SELECT /* cutover-bell:cutoverax: */ SLEEP(1.5)",
    };
    List<Connection> sessions = new ArrayList<>();
    try (Connection ringer = DriverManager.getConnection(store.url(), store.user(), "")) {
      List<CompletableFuture<Integer>> slept = new ArrayList<>();
      for (String sql : others) {
        Connection c = DriverManager.getConnection(store.url(), store.user(), "");
        sessions.add(c);
        slept.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try (Statement s = c.createStatement();
                      ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                    return rs.getInt(1);
                  } catch (SQLException e) {
                    throw new IllegalStateException(sql, e);
                  }
                }));
      }
      Fleet.await("the other sessions sleeping", () -> sleeping(ringer) == others.length);
      assertEquals(0, ControlBell.ring(ringer, "cutover_x"));
      for (CompletableFuture<Integer> f : slept) {
        // SLEEP fails with "interrupted" when killed.
        assertEquals(0, f.get(10, TimeUnit.SECONDS));
      }
    } finally {
      for (Connection c : sessions) {
        c.close();
      }
    }
  }

  @Test
  void rings_never_reach_an_instance_poll_or_make_it_stale() throws Exception {
    TestDatabase store = DBS.mariadb();
    // Polling every 2 ms, with a heartbeat on nearly every poll, while rings come back to back.
    String yaml = "fleet: { pollInterval: 2ms, holdTimeout: 500ms, deadAfter: 20ms }\n";
    try (Fleet fleet = new Fleet(store, DBS.h2(), store.url(), Phase.DUAL_OLD_PRIMARY, yaml, 1);
        Connection ringer = DriverManager.getConnection(store.url(), store.user(), "")) {
      FleetMember m = fleet.instance(0).plane.member();
      Fleet.await("first polls", () -> m.polls() >= 3);
      Fleet.await("bell armed", m::bellArmed);
      String channel = ControlChannel.fleetChannel(fleet.config.migration());
      long polls0 = m.polls();
      int rings = 0;
      for (int i = 0; i < 2_000; i++) {
        rings += ControlBell.ring(ringer, channel);
        assertFalse(m.isStale(), "stale after " + i + " rings: " + m.staleReason());
      }
      assertTrue(rings > 0, "some rings found a wait");
      assertTrue(m.polls() > polls0, "the instance kept polling");
    }
  }

  /** Bells of the migration on {@code channel} waiting on the store now. */
  private static int bells(Connection c, String channel) {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT /* "
                    + ControlBell.marker(channel)
                    + "%' AND STATE LIKE '%lock%'")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int sleeping(Connection c) {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                    + " WHERE STATE = 'User sleep' AND ID <> CONNECTION_ID()")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
