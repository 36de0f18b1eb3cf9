package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.FreshDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MySQL's {@code LAST_INSERT_ID()} in writes: the secondary's connection is given the primary's ids
 * and generates none, so it must receive the primary's value, or the child rows point at another
 * parent (MariaDB: 0, silently) or fail (PostgreSQL: lastval() undefined). After the switch,
 * PostgreSQL answers it with lastval().
 */
class LastInsertIdDualWriteTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS children",
            "DROP TABLE IF EXISTS parents",
            "CREATE TABLE parents (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))",
            "CREATE TABLE children (id BIGINT AUTO_INCREMENT PRIMARY KEY, parent_id BIGINT,"
                + " note VARCHAR(20))",
            "ALTER TABLE parents AUTO_INCREMENT = 10",
            "ALTER TABLE children AUTO_INCREMENT = 100");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS children",
            "DROP TABLE IF EXISTS parents",
            "CREATE TABLE parents (id BIGSERIAL PRIMARY KEY, name VARCHAR(20))",
            "CREATE TABLE children (id BIGSERIAL PRIMARY KEY, parent_id BIGINT, note VARCHAR(20))",
            "SELECT setval('parents_id_seq', 10, false)",
            "SELECT setval('children_id_seq', 100, false)");
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  private static long lastInsertId(Statement st) throws Exception {
    try (ResultSet rs = st.executeQuery("SELECT LAST_INSERT_ID()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void children_point_at_the_parent_the_primary_inserted_on_both_databases(Phase phase)
      throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        PreparedStatement parent = c.prepareStatement("INSERT INTO parents (name) VALUES (?)");
        PreparedStatement child =
            c.prepareStatement(
                "INSERT INTO children (parent_id, note) VALUES (LAST_INSERT_ID(), ?)")) {
      st.executeUpdate("INSERT INTO parents (name) VALUES ('p1')");
      st.executeUpdate("INSERT INTO children (parent_id, note) VALUES (LAST_INSERT_ID(), 'c1')");
      // The application reads it too: the child's id now, from whichever database is primary.
      assertEquals(100, lastInsertId(st));
      parent.setString(1, "p2");
      parent.executeUpdate();
      child.setString(1, "c2");
      child.executeUpdate();
      child.setString(1, "c3");
      child.executeUpdate();
      st.execute("UPDATE parents SET name = 'renamed' WHERE id + 91 = LAST_INSERT_ID()");
      c.setAutoCommit(false);
      parent.setString(1, "p3");
      parent.executeUpdate();
      child.setString(1, "c4");
      child.executeUpdate();
      c.commit();
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    assertEquals(
        List.of(
            List.of(100L, 10L, "c1"),
            List.of(101L, 11L, "c2"),
            List.of(102L, 101L, "c3"),
            List.of(103L, 12L, "c4")),
        DBS.mariadb().query("SELECT id, parent_id, note FROM children ORDER BY id").stream()
            .map(
                r ->
                    List.of(
                        ((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue(), r.get(2)))
            .toList());
    for (String table : List.of("parents", "children")) {
      assertEquals(
          MigrationFixture.rows(DBS.mariadb(), table),
          MigrationFixture.rows(DBS.postgres(), table),
          table);
    }
    assertEquals(
        List.of(List.of("renamed")),
        DBS.postgres().query("SELECT name FROM parents WHERE id = 11"));
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void a_batch_reading_it_is_journaled_not_guessed(Phase phase) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        PreparedStatement child =
            c.prepareStatement(
                "INSERT INTO children (parent_id, note) VALUES (LAST_INSERT_ID(), ?)")) {
      st.executeUpdate("INSERT INTO parents (name) VALUES ('p1')");
      child.setString(1, "a");
      child.addBatch();
      child.setString(1, "b");
      child.addBatch();
      if (phase == Phase.DUAL_NEW_PRIMARY) {
        java.sql.SQLException e =
            org.junit.jupiter.api.Assertions.assertThrows(
                java.sql.SQLException.class, child::executeBatch);
        assertTrue(e.getMessage().contains("LAST_INSERT_ID() in a batch"), e.getMessage());
      } else {
        child.executeBatch();
      }
    }
    if (phase == Phase.DUAL_NEW_PRIMARY) {
      // On PostgreSQL as the primary the batch fails, rather than give each row its own id.
      assertEquals(List.of(), DualWriteSemantics.journal(url));
      assertEquals(List.of(), DBS.postgres().query("SELECT id FROM children"));
      return;
    }
    List<Divergence> journal = DualWriteSemantics.journal(url);
    assertEquals(1, journal.size(), journal.toString());
    assertEquals(Divergence.Kind.NOT_REPLAYABLE, journal.get(0).kind());
    assertTrue(journal.get(0).error().contains("LAST_INSERT_ID()"), journal.toString());
  }

  @org.junit.jupiter.api.Test
  void after_the_migration_postgresql_gives_the_parent_s_id_not_the_row_s_own() throws Exception {
    // lastval() alone would see the nextval() of the child's own key first: 100, not 10.
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        PreparedStatement child =
            c.prepareStatement(
                "INSERT INTO children (parent_id, note) VALUES (LAST_INSERT_ID(), ?)")) {
      st.executeUpdate("INSERT INTO parents (name) VALUES ('p1')");
      child.setString(1, "c1");
      child.executeUpdate();
      st.executeUpdate("INSERT INTO parents (name) VALUES ('p2')");
      st.executeUpdate("INSERT INTO children (parent_id, note) VALUES (LAST_INSERT_ID(), 'c2')");
      assertEquals(101, lastInsertId(st));
    }
    assertEquals(
        List.of(List.of(100L, 10L), List.of(101L, 11L)),
        DBS.postgres().query("SELECT id, parent_id FROM children ORDER BY id").stream()
            .map(r -> List.of(((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue()))
            .toList());
  }
}
