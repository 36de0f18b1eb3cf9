package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.shadow.MismatchReport;
import dev.cutover.driver.shadow.ShadowStatistics;
import dev.cutover.testkit.FreshDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MySQL's pagination idiom, {@code SELECT SQL_CALC_FOUND_ROWS ... LIMIT ?, ?} then {@code SELECT
 * FOUND_ROWS()} on the same connection, with PostgreSQL as the primary: FOUND_ROWS() answers what
 * MariaDB answers for the same statements on the same data. Each script runs once directly on
 * MariaDB (the expected answers) and once through the driver.
 */
class MariaDbToPostgresFoundRowsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    String[] rows = {
      "INSERT INTO fr_items VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'a'), (4, 2, 'c'),"
          + " (5, 3, 'a'), (6, 3, 'a'), (7, 4, NULL), (8, 5, 'd'), (9, 5, 'e'), (10, 6, 'a')",
      "INSERT INTO fr_tags VALUES (1, 'x'), (2, 'x'), (2, 'y'), (5, 'x'), (9, 'z')"
    };
    for (var db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute(
          "DROP TABLE IF EXISTS fr_items",
          "DROP TABLE IF EXISTS fr_tags",
          "DROP TABLE IF EXISTS fr_log",
          "CREATE TABLE fr_items (id INT PRIMARY KEY, g INT, v VARCHAR(10))",
          "CREATE TABLE fr_log (id INT PRIMARY KEY, total BIGINT, d DATE)",
          "CREATE TABLE fr_tags (item_id INT, tag VARCHAR(10))");
      db.execute(rows);
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

  /** Statements a paginating application sends, each followed by {@code SELECT FOUND_ROWS()}. */
  static final List<String> CALC =
      List.of(
          "SELECT SQL_CALC_FOUND_ROWS * FROM fr_items WHERE g > 1 ORDER BY id LIMIT 2",
          "SELECT SQL_CALC_FOUND_ROWS * FROM fr_items ORDER BY id LIMIT 3, 2",
          "select sql_calc_found_rows id from fr_items order by id limit 2 offset 7",
          "SELECT SQL_CALC_FOUND_ROWS g, COUNT(*) AS n FROM fr_items GROUP BY g ORDER BY g LIMIT 2",
          "SELECT SQL_CALC_FOUND_ROWS DISTINCT v FROM fr_items WHERE v IS NOT NULL ORDER BY v"
              + " LIMIT 1",
          "SELECT DISTINCT SQL_CALC_FOUND_ROWS g FROM fr_items ORDER BY g LIMIT 1",
          "SELECT SQL_CALC_FOUND_ROWS * FROM fr_items ORDER BY id LIMIT 100, 5",
          "SELECT SQL_CALC_FOUND_ROWS * FROM fr_items ORDER BY id LIMIT 0",
          "SELECT SQL_CALC_FOUND_ROWS id FROM (SELECT id FROM fr_items ORDER BY id LIMIT 4) s"
              + " ORDER BY id LIMIT 1",
          "SELECT SQL_CALC_FOUND_ROWS i.id FROM fr_items i WHERE i.id IN (SELECT item_id FROM"
              + " fr_tags WHERE tag = 'x') ORDER BY i.id LIMIT 1",
          "SELECT SQL_CALC_FOUND_ROWS i.id, t.tag FROM fr_items i JOIN fr_tags t ON t.item_id ="
              + " i.id ORDER BY i.id, t.tag LIMIT 2",
          "SELECT SQL_CALC_FOUND_ROWS id FROM fr_items WHERE g = 1 UNION SELECT id FROM fr_items"
              + " WHERE g = 2 ORDER BY id LIMIT 1",
          "(SELECT SQL_CALC_FOUND_ROWS id FROM fr_items WHERE g = 1 ORDER BY id LIMIT 1) UNION"
              + " (SELECT id FROM fr_items WHERE g = 2) ORDER BY id LIMIT 1",
          "SELECT SQL_CALC_FOUND_ROWS v FROM fr_items WHERE g < 3 UNION ALL SELECT v FROM fr_items"
              + " WHERE g >= 3 ORDER BY v LIMIT 2",
          "SELECT SQL_CALC_FOUND_ROWS COUNT(*) AS n FROM fr_items LIMIT 1",
          "SELECT SQL_CALC_FOUND_ROWS * FROM fr_items WHERE g = 99 ORDER BY id LIMIT 3",
          "SELECT SQL_CALC_FOUND_ROWS * FROM fr_items ORDER BY id",
          "SELECT SQL_CALC_FOUND_ROWS /* page */ id FROM fr_items ORDER BY id LIMIT 1;");

  @FunctionalInterface
  interface Script {
    void run(Connection c, List<Object> seen) throws SQLException;
  }

  private static List<List<String>> rows(ResultSet rs) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      List<String> row = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        row.add(rs.getString(i));
      }
      out.add(row);
    }
    return out;
  }

  private static long foundRows(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT FOUND_ROWS()")) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  private static void query(Connection c, String sql, List<Object> seen) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      seen.add(rows(rs));
    }
    seen.add(foundRows(c));
  }

  private static void prepared(Connection c, String sql, List<Object> seen, Object... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        seen.add(rows(rs));
      }
    }
    seen.add(foundRows(c));
  }

  /** What MariaDB answers directly, and what the driver answers with {@code phase}. */
  private static void sameAsMariaDb(Phase phase, Script script) throws Exception {
    List<Object> expected = new ArrayList<>();
    try (Connection c = DBS.mariadb().connect()) {
      script.run(c, expected);
    }
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    List<Object> actual = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url)) {
      script.run(c, actual);
    }
    assertEquals(expected, actual);
    assertEquals(List.of(), DualWriteSemantics.journal(url));
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_NEW_PRIMARY", "NEW"})
  void found_rows_after_a_calc_select_is_mariadb_s_answer(Phase phase) throws Exception {
    sameAsMariaDb(
        phase,
        (c, seen) -> {
          for (String sql : CALC) {
            query(c, sql, seen);
          }
          // Through execute() too.
          try (Statement st = c.createStatement()) {
            assertTrue(st.execute(CALC.get(0)));
            seen.add(rows(st.getResultSet()));
          }
          seen.add(foundRows(c));
        });
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_NEW_PRIMARY", "NEW"})
  void prepared_pagination_binds_the_parameters_outside_the_limit(Phase phase) throws Exception {
    sameAsMariaDb(
        phase,
        (c, seen) -> {
          String page =
              "SELECT SQL_CALC_FOUND_ROWS * FROM fr_items WHERE g >= ? ORDER BY id LIMIT ?, ?";
          prepared(c, page, seen, 2, 0, 3);
          prepared(c, page, seen, 2, 3, 3);
          prepared(c, page, seen, 2, 30, 3);
          prepared(c, page, seen, 5, 0, 0);
          prepared(
              c,
              "SELECT SQL_CALC_FOUND_ROWS id, v FROM fr_items WHERE v = ? ORDER BY id LIMIT ?"
                  + " OFFSET ?",
              seen,
              "a",
              2,
              1);
          prepared(
              c,
              "SELECT SQL_CALC_FOUND_ROWS i.id FROM (SELECT item_id FROM fr_tags WHERE tag = ?"
                  + " ORDER BY item_id LIMIT ?) s JOIN fr_items i ON i.id = s.item_id WHERE i.g < ?"
                  + " ORDER BY i.id LIMIT ?",
              seen,
              "x",
              3,
              5,
              1);
          prepared(
              c,
              "SELECT SQL_CALC_FOUND_ROWS g, COUNT(*) FROM fr_items WHERE id > ? GROUP BY g"
                  + " HAVING COUNT(*) >= ? ORDER BY g LIMIT ?",
              seen,
              1,
              1,
              1);
          prepared(c, "SELECT SQL_CALC_FOUND_ROWS id FROM fr_items WHERE id < ?", seen, 4);
        });
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_NEW_PRIMARY", "NEW"})
  void in_a_transaction_the_count_sees_the_transaction_s_own_writes(Phase phase) throws Exception {
    sameAsMariaDb(
        phase,
        (c, seen) -> {
          c.setAutoCommit(false);
          try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO fr_items VALUES (11, 2, 'n'), (12, 2, 'm')");
            query(
                c,
                "SELECT SQL_CALC_FOUND_ROWS * FROM fr_items WHERE g = 2 ORDER BY id LIMIT 1",
                seen);
            // Statements MariaDB keeps the value across: a write without a SELECT, a SET.
            try (ResultSet rs =
                st.executeQuery("SELECT SQL_CALC_FOUND_ROWS * FROM fr_items ORDER BY id LIMIT 1")) {
              seen.add(rows(rs));
            }
            st.executeUpdate("UPDATE fr_items SET v = 'u' WHERE id = 11");
            st.executeUpdate("DELETE FROM fr_items WHERE id = 12");
            st.execute("SET NAMES utf8mb4");
            seen.add(foundRows(c));
            // A failed statement keeps it too.
            query(c, "SELECT SQL_CALC_FOUND_ROWS * FROM fr_items WHERE g = 3 LIMIT 1", seen);
            // SELECT FOUND_ROWS() is a SELECT of one row.
            seen.add(foundRows(c));
            query(c, "SELECT SQL_CALC_FOUND_ROWS * FROM fr_items WHERE g = 3 LIMIT 1", seen);
            query(
                c,
                "SELECT SQL_CALC_FOUND_ROWS id FROM fr_items WHERE g > 1 ORDER BY id LIMIT 1 FOR"
                    + " UPDATE",
                seen);
            java.sql.Savepoint sp = c.setSavepoint();
            assertThrows(SQLException.class, () -> st.executeQuery("SELECT nope FROM fr_items"));
            c.rollback(sp);
            seen.add(foundRows(c));
            query(c, "SELECT SQL_CALC_FOUND_ROWS * FROM fr_items ORDER BY id LIMIT 1", seen);
          }
          c.rollback();
          c.setAutoCommit(true);
        });
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_NEW_PRIMARY", "NEW"})
  void a_refused_found_rows_leaves_the_transaction_usable(Phase phase) throws Exception {
    // PostgreSQL only: a row past the LIMIT fails the count (MariaDB's view answers NULL there).
    DBS.postgres()
        .execute(
            "DROP VIEW IF EXISTS fr_view",
            "CREATE VIEW fr_view AS SELECT id, 1 / (id - 10) AS r FROM fr_items");
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.executeUpdate("INSERT INTO fr_tags VALUES (11, 'w')");
      // No count yet in this session.
      assertThrows(SQLException.class, () -> foundRows(c));
      try (ResultSet rs =
          st.executeQuery(
              "SELECT SQL_CALC_FOUND_ROWS id FROM fr_view WHERE r IS NOT NULL LIMIT 1")) {
        assertEquals(List.of(List.of("1")), rows(rs));
      }
      // The count failed: not known, refused.
      assertThrows(SQLException.class, () -> foundRows(c));
      try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM fr_tags")) {
        assertEquals(List.of(List.of("6")), rows(rs));
      }
      c.commit();
    } finally {
      DBS.postgres().execute("DROP VIEW IF EXISTS fr_view");
    }
  }

  @Test
  void found_rows_routed_to_mariadb_after_a_count_taken_on_postgresql_is_that_count()
      throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.OLD, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      // fr_items is served by PostgreSQL; SELECT FOUND_ROWS() names no table, so MariaDB runs it,
      // whose own session value belongs to an older SELECT.
      CutoverDriver.migration(url)
          .context()
          .adoptOverrides(dev.cutover.driver.internal.PhaseOverrides.parse("fr_items=NEW"));
      try (ResultSet rs = st.executeQuery(CALC.get(0))) {
        rows(rs);
      }
      assertEquals(8, foundRows(c));
      // That SELECT FOUND_ROWS() ran on MariaDB: from now on MariaDB's own answer is the right one.
      assertEquals(1, foundRows(c));
      // The latest SELECT ran on PostgreSQL and its row count is not known: refused, not MariaDB's.
      try (ResultSet rs = st.executeQuery(CALC.get(0))) {
        rows(rs);
      }
      try (ResultSet rs = st.executeQuery("SELECT id FROM fr_items")) {
        rows(rs);
      }
      assertThrows(SQLException.class, () -> foundRows(c));
      try (ResultSet rs = st.executeQuery("SELECT item_id FROM fr_tags")) {
        rows(rs);
      }
      assertEquals(5, foundRows(c));
    }
  }

  @Test
  void a_prepared_write_calling_found_rows_binds_its_parameters_as_any_other() throws Exception {
    // The parameters' types are learnt from PostgreSQL's description of the statement: of the text
    // with the count written in, not of one calling FOUND_ROWS(), which PostgreSQL cannot describe.
    sameAsMariaDb(
        Phase.NEW,
        (c, seen) -> {
          query(c, CALC.get(0), seen);
          try (PreparedStatement ps =
              c.prepareStatement("INSERT INTO fr_log (id, total, d) VALUES (?, FOUND_ROWS(), ?)")) {
            ps.setInt(1, 1);
            ps.setString(2, "2024-01-02");
            ps.executeUpdate();
          }
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT id, total, d FROM fr_log ORDER BY id")) {
            seen.add(rows(rs));
          }
        });
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_NEW_PRIMARY", "NEW"})
  void without_a_known_count_found_rows_fails_rather_than_answer_another_number(Phase phase)
      throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      // MariaDB answers the row count of the latest SELECT; the driver knows it only after a
      // SELECT SQL_CALC_FOUND_ROWS.
      assertThrows(SQLException.class, () -> foundRows(c));
      query(c, CALC.get(0), new ArrayList<>());
      try (ResultSet rs = st.executeQuery("SELECT id FROM fr_items")) {
        rows(rs);
      }
      assertThrows(SQLException.class, () -> foundRows(c));
      query(c, CALC.get(0), new ArrayList<>());
      st.executeUpdate("INSERT INTO fr_tags SELECT id, 'w' FROM fr_items WHERE id < 3");
      assertThrows(SQLException.class, () -> foundRows(c));
    }
  }

  @Test
  void shadow_reads_of_the_idiom_report_no_mismatch() throws Exception {
    String url =
        MigrationFixture.writeConfig(
            DBS.mariadb(),
            DBS.postgres(),
            Phase.DUAL_OLD_PRIMARY,
            "shadow: { sampleRate: 1.0, queueCapacity: 100000, recheckDelay: 50ms, timeout: 5s"
                + " }\n");
    List<Object> seen = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url)) {
      for (String sql : CALC) {
        query(c, sql, seen);
      }
      prepared(
          c,
          "SELECT SQL_CALC_FOUND_ROWS * FROM fr_items WHERE g >= ? ORDER BY id LIMIT ?, ?",
          seen,
          2,
          1,
          3);
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT FOUND_ROWS() AS total, 1 AS one")) {
        rs.next();
      }
    }
    Migration m = CutoverDriver.migration(url);
    assertTrue(m.drainShadowReads(Duration.ofSeconds(60)), "shadow reads did not drain");
    MismatchReport report = m.mismatchReport(5);
    assertEquals(
        List.of(),
        report.fingerprints().stream().filter(f -> f.mismatches() > 0).collect(Collectors.toList()),
        report.toJson());
    ShadowStatistics s = m.shadowStatistics();
    assertEquals(0, s.errors(), s.toString());
    // Every calc select ran on PostgreSQL without its modifier and compared (or was not
    // comparable: a LIMIT without a total order); FOUND_ROWS() was not shadowed.
    assertEquals(CALC.size() + 1, s.sampled(), s.toString());
    assertEquals(CALC.size() + 1, s.run(), s.toString());
    assertEquals(CALC.size() + 1, s.comparisons() + s.notComparable(), s.toString());
    assertEquals(0, s.mismatches(), s.toString());
  }
}
