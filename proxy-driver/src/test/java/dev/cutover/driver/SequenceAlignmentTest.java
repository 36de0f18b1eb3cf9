package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.control.ControlPlane.FlipResult;
import dev.cutover.driver.control.ControlPlane.Outcome;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sequences the application draws from on their own (Hibernate's {@code SEQUENCE} ids: {@code
 * SELECT nextval('s')}, then INSERTs with those ids) and sequences that were already apart when
 * dual-write began. Before, the new side's sequence stayed where it was and the first ids it drew
 * after the switch were ids already in use: the application's INSERTs failed on its new primary.
 */
class SequenceAlignmentTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static final String FLEET =
      "readiness: { checks: divergences }\n"
          + "fleet: { pollInterval: 100ms, holdTimeout: 3s, deadAfter: 5s }\n";

  private static long one(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getLong(1);
    }
  }

  private static void insert(Connection c, String sql, long id, String v) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      ps.setString(2, v);
      assertEquals(1, ps.executeUpdate());
    }
  }

  /** The last value drawn from a PostgreSQL sequence; -1 when none was drawn. */
  private static long drawnLast(TestDatabase db, String sequence) {
    return db.queryLong(
        "SELECT COALESCE(last_value, -1) FROM pg_sequences WHERE sequencename = '"
            + sequence
            + "'");
  }

  @Test
  void postgres_to_postgres_sequences_drawn_alone_follow_and_are_aligned_at_the_switch()
      throws Exception {
    TestDatabase oldDb = DBS.postgres();
    TestDatabase newDb = DBS.create(Engine.POSTGRES);
    for (TestDatabase db : List.of(oldDb, newDb)) {
      db.execute(
          "CREATE SEQUENCE hs INCREMENT BY 50",
          "CREATE TABLE h (id bigint PRIMARY KEY, v text)",
          "CREATE TABLE s (id serial PRIMARY KEY, v text)");
    }
    // History from before dual-write: the old side drew ids the new one holds as copied rows only.
    oldDb.execute(
        "SELECT setval('hs', 10001)",
        "INSERT INTO h VALUES (10001, 'old')",
        "INSERT INTO s (v) VALUES ('a'), ('b'), ('c')");
    newDb.execute(
        "INSERT INTO h VALUES (10001, 'old')", "INSERT INTO s VALUES (1, 'a'), (2, 'b'), (3, 'c')");

    String url = MigrationFixture.writeConfig(oldDb, newDb, Phase.DUAL_OLD_PRIMARY, FLEET);
    Migration m = CutoverDriver.migration(url);
    long first;
    try (Connection c = DriverManager.getConnection(url)) {
      first = one(c, "select nextval('hs')");
      assertEquals(10051, first);
      insert(c, "INSERT INTO h (id, v) VALUES (?, ?)", first, "a");
    }
    // Drawn on the new side too: its sequence moved with the old one's.
    assertEquals(1, drawnLast(newDb, "hs"));
    assertEquals(List.of(), m.divergences(100));

    FlipResult flip = m.controlPlane().flip(Phase.DUAL_NEW_PRIMARY, "switch", false, "test");
    assertEquals(Outcome.COMMITTED, flip.outcome(), flip::toString);
    String notes = String.join("\n", flip.reasons());
    assertTrue(notes.contains("\"public\".\"hs\" 51 -> 10101"), notes);
    assertTrue(notes.contains("\"public\".\"s_id_seq\" 1 -> 4"), notes);

    try (Connection c = DriverManager.getConnection(url)) {
      long next = one(c, "SELECT nextval('hs')");
      assertEquals(10101, next, "past every id the old side handed out");
      insert(c, "INSERT INTO h (id, v) VALUES (?, ?)", next, "b");
      try (Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO s (v) VALUES ('d')");
      }
    }
    assertEquals(4, newDb.queryLong("SELECT id FROM s WHERE v = 'd'"));
    assertEquals(4, oldDb.queryLong("SELECT id FROM s WHERE v = 'd'"));
    assertEquals(List.of(), m.divergences(100));
    m.close();
  }

  @Test
  void mariadb_sequences_and_auto_increments_are_aligned_on_postgresql_at_the_switch()
      throws Exception {
    TestDatabase oldDb = DBS.mariadb();
    TestDatabase newDb = DBS.postgres();
    oldDb.execute(
        "CREATE SEQUENCE ms INCREMENT BY 50 NOCACHE",
        "CREATE TABLE m (id bigint PRIMARY KEY, v text)",
        "CREATE TABLE a (id bigint AUTO_INCREMENT PRIMARY KEY, v text) AUTO_INCREMENT = 500");
    newDb.execute(
        "CREATE SEQUENCE ms INCREMENT BY 50",
        "CREATE TABLE m (id bigint PRIMARY KEY, v text)",
        "CREATE TABLE a (id bigserial PRIMARY KEY, v text)");

    String url = MigrationFixture.writeConfig(oldDb, newDb, Phase.DUAL_OLD_PRIMARY, FLEET);
    Migration migration = CutoverDriver.migration(url);
    try (Connection c = DriverManager.getConnection(url)) {
      // Hibernate's MariaDB dialect: NEXT VALUE FOR, translated for PostgreSQL.
      long id = one(c, "select next value for ms");
      assertEquals(1, id);
      insert(c, "INSERT INTO m (id, v) VALUES (?, ?)", id, "x");
    }
    assertEquals(1, drawnLast(newDb, "ms"));
    assertEquals(List.of(), migration.divergences(100));
    // A write made elsewhere: the old side moves on alone.
    oldDb.execute("SELECT SETVAL(ms, 5000)");

    FlipResult flip = migration.controlPlane().flip(Phase.DUAL_NEW_PRIMARY, "go", false, "test");
    assertEquals(Outcome.COMMITTED, flip.outcome(), flip::toString);
    String notes = String.join("\n", flip.reasons());
    assertTrue(notes.contains("\"public\".\"ms\" 51 -> 5050"), notes);
    assertTrue(notes.contains("\"public\".\"a_id_seq\" 1 -> 500"), notes);

    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(5050, one(c, "select next value for ms"));
      try (Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO a (v) VALUES ('y')");
      }
    }
    assertEquals(500, newDb.queryLong("SELECT id FROM a"));
    assertEquals(500, oldDb.queryLong("SELECT id FROM a"));
    // The old side drew along: after a switch back, MariaDB's sequence is not behind either.
    assertEquals(5100, oldDb.queryLong("SELECT next_not_cached_value FROM ms"));
    assertEquals(List.of(), migration.divergences(100));
    migration.close();
  }

  @Test
  void a_switch_back_never_waits_for_the_database_it_leaves() throws Exception {
    TestDatabase oldDb = DBS.create(Engine.POSTGRES);
    TestDatabase unreachable = DBS.postgres();
    String url =
        MigrationFixture.writeConfig(
            oldDb.url(),
            oldDb,
            "jdbc:postgresql://127.0.0.1:1/gone?connectTimeout=1",
            unreachable,
            Phase.DUAL_NEW_PRIMARY,
            FLEET);
    Migration m = CutoverDriver.migration(url);
    FlipResult back = m.controlPlane().flip(Phase.DUAL_OLD_PRIMARY, "new is down", false, "ops");
    assertEquals(Outcome.COMMITTED, back.outcome(), back::toString);
    String notes = String.join("\n", back.reasons());
    assertTrue(
        notes.contains("the old database's sequences could not all be compared or moved"), notes);

    // Forwards, an unknown sequence position is a reason to stop, unless forced.
    FlipResult forward = m.controlPlane().flip(Phase.DUAL_NEW_PRIMARY, "retry", false, "ops");
    assertEquals(Outcome.ABORTED, forward.outcome(), forward::toString);
    assertTrue(
        String.join("\n", forward.reasons()).contains("next ids could collide"), forward::toString);
    assertEquals(Phase.DUAL_OLD_PRIMARY, m.phase());
    FlipResult forced = m.controlPlane().flip(Phase.DUAL_NEW_PRIMARY, "retry", true, "ops");
    assertEquals(Outcome.COMMITTED, forced.outcome(), forced::toString);
    assertTrue(forced.forced());
    m.close();
  }

  /**
   * {@link Migration#setPhase} (one process, no control plane) moved the primary without aligning
   * sequences: the new primary handed out ids the old one had already used.
   */
  @Test
  void a_phase_set_in_process_aligns_sequences_and_refuses_a_forward_move_it_cannot_align()
      throws Exception {
    TestDatabase oldDb = DBS.create(Engine.POSTGRES);
    TestDatabase newDb = DBS.create(Engine.POSTGRES);
    for (TestDatabase db : List.of(oldDb, newDb)) {
      db.execute("CREATE TABLE p (id serial PRIMARY KEY, v text)");
    }
    oldDb.execute("INSERT INTO p (v) VALUES ('a'), ('b'), ('c')");
    newDb.execute("INSERT INTO p VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    String url = MigrationFixture.writeConfig(oldDb, newDb, Phase.DUAL_OLD_PRIMARY, "");
    Migration m = CutoverDriver.migration(url);
    m.setPhase(Phase.DUAL_NEW_PRIMARY, "test");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      assertEquals(1, st.executeUpdate("INSERT INTO p (v) VALUES ('d')"));
    }
    assertEquals(4, newDb.queryLong("SELECT max(id) FROM p"));
    assertEquals(List.of(List.of(4, "d")), oldDb.query("SELECT id, v FROM p WHERE id > 3"));
    assertEquals(List.of(), m.divergences(100));
    m.close();

    String broken =
        MigrationFixture.writeConfig(
            oldDb.url(),
            oldDb,
            "jdbc:postgresql://127.0.0.1:1/gone?connectTimeout=1",
            newDb,
            Phase.DUAL_OLD_PRIMARY,
            "");
    Migration b = CutoverDriver.migration(broken);
    IllegalStateException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class, () -> b.setPhase(Phase.DUAL_NEW_PRIMARY, "test"));
    assertTrue(refused.getMessage().contains("next ids could collide"), refused::getMessage);
    assertEquals(Phase.DUAL_OLD_PRIMARY, b.phase());
    b.setPhase(Phase.DUAL_NEW_PRIMARY, "test", true);
    assertEquals(Phase.DUAL_NEW_PRIMARY, b.phase());
    // Back to the old database: never refused.
    b.setPhase(Phase.DUAL_OLD_PRIMARY, "new is down");
    assertEquals(Phase.DUAL_OLD_PRIMARY, b.phase());
    b.close();
  }

  /**
   * MariaDB ignores a SETVAL that would move a sequence back (and answers NULL); PostgreSQL's
   * setval went back, and handed out ids again once it was the primary (found by review).
   */
  @Test
  void setval_on_postgresql_answers_and_moves_as_mariadb_s() throws Exception {
    TestDatabase oldDb = DBS.mariadb();
    TestDatabase newDb = DBS.postgres();
    oldDb.execute("DROP SEQUENCE IF EXISTS zq", "CREATE SEQUENCE zq NOCACHE");
    newDb.execute("DROP SEQUENCE IF EXISTS zq", "CREATE SEQUENCE zq");
    List<String> statements =
        List.of(
            "SELECT SETVAL(zq, 100)",
            "SELECT NEXTVAL(zq)",
            "SELECT SETVAL(zq, 50)",
            "SELECT NEXTVAL(zq)",
            "SELECT SETVAL(zq, 101, 0)",
            "SELECT SETVAL(zq, 103, 0)",
            "SELECT NEXTVAL(zq)",
            "SELECT SETVAL(zq, 103)",
            "SELECT next value for zq");
    // As measured on MariaDB 10.11.
    List<Long> mariaDb =
        java.util.Arrays.asList(100L, 101L, null, 102L, null, 103L, 103L, 103L, 104L);
    String url = MigrationFixture.writeConfig(oldDb, newDb, Phase.DUAL_NEW_PRIMARY, FLEET);
    Migration migration = CutoverDriver.migration(url);
    List<Long> answers = new java.util.ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (String sql : statements) {
        try (ResultSet rs = st.executeQuery(sql)) {
          assertTrue(rs.next(), sql);
          long v = rs.getLong(1);
          answers.add(rs.wasNull() ? null : v);
        }
      }
    }
    assertEquals(mariaDb, answers, "PostgreSQL, the primary, answers as MariaDB does");
    // A descending sequence moves forwards to smaller values (MariaDB: -5, then -6).
    oldDb.execute("DROP SEQUENCE IF EXISTS dq", "CREATE SEQUENCE dq INCREMENT BY -1 NOCACHE");
    newDb.execute("DROP SEQUENCE IF EXISTS dq", "CREATE SEQUENCE dq INCREMENT BY -1");
    try (Connection c = DriverManager.getConnection(url);
        java.sql.PreparedStatement set = c.prepareStatement("SELECT SETVAL(dq, ?)");
        Statement st = c.createStatement()) {
      set.setLong(1, -5);
      try (ResultSet rs = set.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(-5, rs.getLong(1));
      }
      try (ResultSet rs = st.executeQuery("SELECT NEXTVAL(dq)")) {
        assertTrue(rs.next());
        assertEquals(-6, rs.getLong(1));
      }
    }
    assertEquals(105, newDb.queryLong("SELECT nextval('zq')"));
    assertEquals(105, oldDb.queryLong("SELECT NEXTVAL(zq)"), "the replays on MariaDB agree");
    assertEquals(List.of(), migration.divergences(100));
    migration.close();
  }
}
