package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MySQL's spellings of logic in its default sql_mode: {@code ||} is OR (PostgreSQL concatenated:
 * {@code 'a' || 'b'} was 'ab' where MariaDB answers 0), {@code &&} AND, {@code !x} NOT and the word
 * XOR, which PostgreSQL refused. Conditions select the same rows through the driver, and writes
 * filtered by them change the same rows.
 */
class MariaDbToPostgresLogicalOperatorsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute(
          "DROP TABLE IF EXISTS logic",
          "CREATE TABLE logic (id INT PRIMARY KEY, a INT, b INT, d DECIMAL(5,2), n INT)",
          "INSERT INTO logic VALUES (1, 1, 0, 0.5, 0), (2, 0, 0, 0.00, 0), (3, 2, 1, NULL, 0),"
              + " (4, NULL, 1, 1.25, 0), (5, 0, 3, -1.00, 0)");
    }
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  @Test
  void conditions_select_mariadb_s_rows() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    for (String where :
        List.of(
            "a = 1 || b = 3",
            "a = 1 || b = 3 && id > 4",
            "a XOR b",
            "a = 0 XOR b = 0",
            "a XOR b XOR id > 2",
            "a XOR b = 1 AND id > 2 OR id = 4",
            "d XOR a",
            "!(a = 0)",
            "!(a = 0) && !(b = 0)",
            "!a",
            "!(a + b)",
            "a = 1&&!b",
            "(a = 1 || a IS NULL) XOR b")) {
      String sql = "SELECT id FROM logic WHERE " + where + " ORDER BY id";
      List<List<Object>> expected = DBS.mariadb().query(sql);
      List<List<Object>> actual = new java.util.ArrayList<>();
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement();
          var rs = st.executeQuery(sql)) {
        while (rs.next()) {
          actual.add(List.of(rs.getInt(1)));
        }
      }
      assertEquals(expected, actual, sql);
    }
  }

  /**
   * The driver cannot see a session's sql_mode (a SET sql_mode is a no-op on PostgreSQL): {@code
   * ||} is read as the default mode's OR, and meant as PIPES_AS_CONCAT's concatenation PostgreSQL
   * refuses it rather than answer another value.
   */
  @Test
  void a_concatenation_spelled_with_pipes_is_refused_not_answered_as_or() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("SET sql_mode = 'PIPES_AS_CONCAT'");
      assertThrows(SQLException.class, () -> st.executeQuery("SELECT 'a' || 'b'").next());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"NEW", "DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void writes_filtered_by_them_change_mariadb_s_rows(Phase phase) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement("UPDATE logic SET n = n + 1 WHERE a = ? || b = ? XOR id > ?")) {
      ps.setInt(1, 1);
      ps.setInt(2, 1);
      ps.setInt(3, 3);
      assertEquals(3, ps.executeUpdate());
      try (Statement st = c.createStatement()) {
        assertEquals(1, st.executeUpdate("UPDATE logic SET n = n + 10 WHERE !(b = 0) && !a"));
        assertEquals(2, st.executeUpdate("UPDATE logic SET n = n + 100 WHERE !d XOR a"));
      }
    }
    if (phase != Phase.NEW) {
      assertEquals(List.of(), DualWriteSemantics.journal(url));
    }
    String all = "SELECT id, n FROM logic ORDER BY id";
    List<List<Object>> expected =
        List.of(List.of(1, 101), List.of(2, 100), List.of(3, 1), List.of(4, 0), List.of(5, 11));
    if (phase != Phase.NEW) {
      assertEquals(expected, DBS.mariadb().query(all));
    }
    assertEquals(expected, DBS.postgres().query(all));
  }
}
