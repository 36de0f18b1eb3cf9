package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MySQL's conditions (1, 0, NULL) where what consumes them wants a number, through the driver on
 * PostgreSQL: a function's argument ({@code COALESCE(a = b, 0)}), a comparison with a number
 * ({@code (a = b) = 1}), a scalar sub-query in the select list, a top-level {@code UNION}'s items,
 * a derived table's column summed or added, and an {@code INSERT ... SELECT} into a column that is
 * not a {@code boolean}: MariaDB's values, Java types and labels, and the same rows written. {@link
 * MariaDbToPostgresConditionValuesTest} has the sums and the outermost select list.
 */
class MariaDbToPostgresConditionConsumersTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    String rows =
        "INSERT INTO cc VALUES (1, 'paid', 3, 12.50, NULL), (2, 'open', 1, 5.00, 'x'), (3,"
            + " 'paid', NULL, 20.00, 'y'), (4, 'void', 0, NULL, NULL), (5, 'paid', 7, 11.00, 'z')";
    String table =
        "CREATE TABLE cc (id INT PRIMARY KEY, status VARCHAR(10), qty INT, price DECIMAL(10,2),"
            + " note VARCHAR(10))";
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS cc",
            "DROP TABLE IF EXISTS cct",
            table,
            rows,
            "CREATE TABLE cct (id INT PRIMARY KEY, n INT, s VARCHAR(10), flag TINYINT(1), d"
                + " DECIMAL(5,2))");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS cc",
            "DROP TABLE IF EXISTS cct",
            table,
            rows,
            "CREATE TABLE cct (id INT PRIMARY KEY, n INT, s VARCHAR(10), flag BOOLEAN, d"
                + " DECIMAL(5,2))");
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  private static void sameAnswers(String sql, Object... params) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DriverManager.getConnection(url)) {
      assertEquals(
          MigrationFixture.answers(maria, sql, params),
          MigrationFixture.answers(pg, sql, params),
          sql);
    }
  }

  @Test
  void a_condition_as_a_functions_value_is_its_number() throws Exception {
    sameAnswers(
        "SELECT id, COALESCE(status = 'paid', 0) AS c, IFNULL(qty > 2, 0) AS i, ABS(note IS NULL)"
            + " AS a, GREATEST(qty > 0, price > 10) AS g, LEAST(qty > 2, 5) AS l, NULLIF(status ="
            + " 'paid', 0) AS n, IF(qty > 1, status = 'paid', 0) AS f, COALESCE(qty > 2, id) AS"
            + " ci, COALESCE(qty > 2, note IS NULL) AS cc FROM cc ORDER BY id");
    sameAnswers("SELECT id FROM cc WHERE COALESCE(qty > ?, 0) = 1 ORDER BY id", 2);
    // A call of conditions only is a truth where it is tested.
    sameAnswers(
        "SELECT id FROM cc WHERE COALESCE(qty > 2, note IS NULL) AND IF(id > 1, qty > 0, TRUE)"
            + " ORDER BY id");
  }

  @Test
  void a_condition_as_text_is_its_numbers_text() throws Exception {
    // PostgreSQL's text of a boolean is 'true'.
    sameAnswers(
        "SELECT id, CONCAT(status = 'paid', 'x') AS c, CAST(qty > 2 AS CHAR) AS s, CONVERT(qty >"
            + " 2, CHAR) AS v, CONCAT_WS(',', qty > 2, note IS NULL) AS w FROM cc ORDER BY id");
    sameAnswers("SELECT id, CAST(note IS NULL AS DECIMAL(5,2)) AS d FROM cc ORDER BY id");
  }

  @Test
  void a_condition_compared_with_a_number_is_its_number() throws Exception {
    sameAnswers(
        "SELECT id, (status = 'paid') = 1 AS p, (note IS NULL) <> 0 AS n, (qty > 2) + 0 > 0 AS"
            + " q, 0 < (price > 10) AS e, (qty > 1) = qty AS w FROM cc WHERE (status = 'paid') ="
            + " 1 OR (note IS NULL) <> 0 ORDER BY id");
  }

  @Test
  void a_scalar_sub_query_and_a_unions_conditions_are_numbers() throws Exception {
    sameAnswers(
        "SELECT id, (SELECT COUNT(*) > 0 FROM cc c2 WHERE c2.qty > cc.qty) AS has_more, (SELECT"
            + " MAX(qty) > 5 FROM cc) AS big FROM cc ORDER BY id");
    sameAnswers(
        "SELECT id, status = 'paid' AS p FROM cc WHERE id < 3 UNION ALL SELECT 9, 0 ORDER BY id");
    sameAnswers(
        "SELECT qty > 2 AS q, note IS NULL AS n FROM cc UNION SELECT note LIKE 'x', 1 FROM cc"
            + " ORDER BY q, n");
  }

  @Test
  void a_derived_tables_condition_summed_or_added_is_its_number() throws Exception {
    sameAnswers(
        "SELECT SUM(paid) AS n, AVG(paid) AS a, MAX(paid) AS m, COUNT(*) AS c FROM (SELECT"
            + " status = 'paid' AS paid FROM cc) t");
    sameAnswers(
        "SELECT id, paid, paid * 10 AS ten FROM (SELECT id, status = 'paid' AS paid FROM cc) d"
            + " WHERE d.paid = 1 ORDER BY paid, id");
    sameAnswers(
        "SELECT big, SUM(big) AS n FROM (SELECT id, qty > 2 AS big FROM cc WHERE qty IS NOT"
            + " NULL) d GROUP BY big ORDER BY big");
    // Tested as a truth: a boolean still.
    sameAnswers(
        "SELECT id FROM (SELECT id, status = 'paid' AS paid FROM cc) d WHERE paid ORDER BY id");
  }

  @Test
  void conditions_inserted_into_columns_are_stored_as_in_mariadb() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO cct (id, n, s, flag, d) SELECT id, status = ?, qty > 2, note IS"
                    + " NULL, price > 10 FROM cc UNION ALL SELECT 9, 0, qty < ?, TRUE, 1 FROM cc"
                    + " WHERE id = 1")) {
      ps.setString(1, "paid");
      ps.setInt(2, 5);
      assertEquals(6, ps.executeUpdate());
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String inserted = read(url);
    // Assigned: into a text and a decimal column, by an UPDATE and an upsert.
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement up =
            c.prepareStatement("UPDATE cct SET s = (n = 1), d = id > ? WHERE id < ?");
        Statement st = c.createStatement()) {
      up.setInt(1, 2);
      up.setInt(2, 5);
      assertEquals(4, up.executeUpdate());
      st.executeUpdate(
          "INSERT INTO cct (id, n) VALUES (9, 5) ON DUPLICATE KEY UPDATE s = id = 9, d = n IS"
              + " NULL");
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String updated = read(url);
    assertEquals(
        "1:1,1,0.00 2:0,0,0.00 3:1,1,1.00 4:0,0,1.00 5:1,1,1.00 9:0,1,0.00",
        updated.substring(0, updated.indexOf('|')));
    assertEquals(
        "1:1,1,1.00 2:0,0,0.00 3:1,null,1.00 4:0,0,null 5:1,1,1.00 9:0,1,1.00",
        inserted.substring(0, inserted.indexOf('|')));
  }

  /** cct's rows on MariaDB, then "|" and its flags; fails unless PostgreSQL holds the same. */
  private static String read(String url) throws Exception {
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DBS.postgres().connect()) {
      String old = rowsOf(maria);
      assertEquals(old, rowsOf(pg));
      return old;
    }
  }

  private static String rowsOf(Connection c) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, n, s, d FROM cct ORDER BY id")) {
      while (rs.next()) {
        out.append(out.length() == 0 ? "" : " ")
            .append(rs.getInt(1) + ":" + rs.getString(2) + "," + rs.getString(3) + ",")
            .append(rs.getString(4));
      }
    }
    out.append('|');
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, flag FROM cct ORDER BY id")) {
      while (rs.next()) {
        out.append(rs.getInt(1) + ":" + rs.getBoolean(2) + (rs.wasNull() ? "? " : " "));
      }
    }
    return out.toString();
  }
}
