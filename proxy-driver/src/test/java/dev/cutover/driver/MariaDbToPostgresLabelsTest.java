package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.sql.Dialect;
import dev.cutover.driver.sql.SqlTranslator;
import dev.cutover.testkit.FreshDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MySQL queries read on PostgreSQL, translated, with the column labels MariaDB gives them (as
 * Connector/J's and pgjdbc's {@code getColumnLabel} report them).
 */
class MariaDbToPostgresLabelsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  /** Queries whose every column PostgreSQL labels as MariaDB does, once translated. */
  private static final String[] SAME = {
    "SELECT COUNT(*) FROM lt",
    "SELECT count( * ) FROM lt",
    "SELECT COUNT(\n*), Count(DISTINCT id) FROM lt",
    "SELECT COUNT(\r\n*) FROM lt",
    "SELECT id*2, id * 2, (id + 1), ((id)), (id), `id`, lt.id, `lt`.`id`, lt.`id` FROM lt",
    "SELECT `id` + 1, `lt`.id+1, lt.id+lt.x FROM lt",
    "SELECT 'abc', \"def\", 'it''s', 'x\\'y', 'a' 'b', 'a'\n'b', '  lead', 'trail  ', 'a\\nb'",
    "SELECT 'a\\\\b', 'a\\%b', 'a\"b', \"a\"\"b\", 'a`b', 'a?'",
    "SELECT 1.50, -1, - 1, 1e3, 1E3, 1.5e-3, .5, 00012, -0.0, 18446744073709551616",
    "SELECT (1), ( 1 ), ((1)), (1.50), ('abc'), (NULL), (-1), (TRUE), -(1)",
    "SELECT NULL, null, NuLl, TRUE, false, True",
    "SELECT COUNT(*) /* c */ FROM lt",
    "SELECT /* a */ COUNT(*) FROM lt",
    "SELECT COUNT(/* in */ *) FROM lt",
    "SELECT COUNT(*) -- x\n FROM lt",
    "SELECT COUNT(*)\n , MAX(id)\nFROM lt",
    "SELECT id, /* c */ id+1 FROM lt",
    "SELECT id, -- c\n id+1 FROM lt",
    "SELECT id, # c\n id+1 FROM lt",
    "SELECT -- c\n id+1 FROM lt",
    "SELECT id,\n   id+1, id+1 -- c\n, 2 FROM lt",
    "SELECT id /* c */ + 1, id -- c\n+ 2 FROM lt",
    "SELECT CONCAT(UPPER(name), LOWER('B')), IFNULL(NULL, 1), IF(id > 1, 'a', 'b') FROM lt",
    "SELECT DISTINCT id + 1 FROM lt",
    "SELECT id + 1 FROM lt UNION SELECT id + 2 FROM lt",
    "(SELECT COUNT(*) FROM lt) UNION (SELECT 1)",
    "SELECT 'äöü', 'ü' = 'ü', length('日本'), 'Ωmega'",
    "SELECT x.`COUNT(*)`, x.`id+1` FROM (SELECT COUNT(*), MAX(id)+1 AS `id+1` FROM lt) x",
    "SELECT d.`id+1`, d.k FROM (SELECT id+1, 'k' FROM lt) d",
    "WITH c AS (SELECT COUNT(*) FROM lt) SELECT * FROM c",
    "SELECT * FROM (SELECT id+1, 'k' FROM lt) d",
    "SELECT *, id+1 FROM lt",
    "SELECT lt.*, id+1 FROM lt",
    "SELECT 1 AS one, 2 two, 3 AS `three x`",
    "SELECT 1+1 , 2, CASE WHEN id > 1 THEN 'a' END, id IS NOT NULL, NULL + 1 FROM lt",
    "SELECT (SELECT MAX(id) FROM lt), EXISTS(SELECT 1), 1 IN (1,2)",
    "SELECT a = 'x', name LIKE 'a%', 1 = 1, id BETWEEN 1 AND x, id > 1 AND x < 3 FROM "
        + "(SELECT 'x' AS a, lt.* FROM lt) s",
    "SELECT MAX(id)/*c*/, MIN(id) /*c*/ , 3 FROM lt",
    "SELECT id+1 FROM lt ORDER BY `id+1` DESC",
    "SELECT 'x', id FROM lt ORDER BY x",
    "SELECT COUNT(*) FROM lt GROUP BY name ORDER BY `COUNT(*)`",
    "SELECT SQL_NO_CACHE COUNT(*) FROM lt",
    "SELECT ROW_NUMBER() OVER (ORDER BY id) FROM lt",
    "SELECT id+1 FROM lt FOR UPDATE",
    "SELECT 1 FROM DUAL",
    "SELECT CURRENT_DATE IS NOT NULL, CURRENT_TIMESTAMP > '2000-01-01' FROM lt",
    "SELECT DATE('2024-01-31') + INTERVAL 1 MONTH, NOW() - INTERVAL id DAY IS NOT NULL,"
        + " DATE_ADD('2024-01-01', INTERVAL '1' HOUR) FROM lt",
  };

  @BeforeEach
  void tables() {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS lt",
            "CREATE TABLE lt (id INT, name VARCHAR(10), x INT)",
            "INSERT INTO lt VALUES (1, 'b', 3), (2, 'a', 2), (3, 'c', 1)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS lt",
            "CREATE TABLE lt (id INT, name VARCHAR(10), x INT)",
            "INSERT INTO lt VALUES (1, 'b', 3), (2, 'a', 2), (3, 'c', 1)");
  }

  private Set<Migration> before;

  @BeforeEach
  void openMigrations() {
    before = new HashSet<>(CutoverDriver.openMigrations());
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  private static List<String> labels(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> labels = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        labels.add(md.getColumnLabel(i));
      }
      return labels;
    }
  }

  @Test
  void postgres_labels_translated_queries_as_mariadb_does() throws Exception {
    List<String> differ = new ArrayList<>();
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DBS.postgres().connect()) {
      for (String sql : SAME) {
        String translated = SqlTranslator.translate(sql, Dialect.MYSQL, Dialect.POSTGRES);
        List<String> expected = labels(maria, sql);
        try {
          List<String> actual = labels(pg, translated);
          if (!expected.equals(actual)) {
            differ.add(sql + "\n  -> " + translated + "\n  " + expected + " vs " + actual);
          }
        } catch (SQLException e) {
          differ.add(sql + "\n  -> " + translated + "\n  " + e.getMessage());
        }
      }
    }
    assertEquals(List.of(), differ, String.join("\n", differ));
  }

  /** What is left unaliased still runs, with PostgreSQL's labels. */
  @Test
  void items_left_as_they_are_still_run() throws Exception {
    String[] left = {
      "SELECT +id, '', ' ' FROM lt",
      "SELECT 'id', id FROM lt ORDER BY id DESC",
      "SELECT 'id', lt.* FROM lt",
      "SELECT COALESCE(name, 'a rather long default text for the name column') FROM lt",
    };
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DBS.postgres().connect()) {
      for (String sql : left) {
        String translated = SqlTranslator.translate(sql, Dialect.MYSQL, Dialect.POSTGRES);
        assertTrue(!translated.contains(" AS \""), translated);
        assertEquals(labels(maria, sql).size(), labels(pg, translated).size(), sql);
      }
    }
  }

  @Test
  void an_application_reads_count_by_its_mysql_label_after_the_switch() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    DBS.postgres().execute("INSERT INTO lt VALUES (4, 'd', 0)");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*), MAX(id) + 1 FROM lt WHERE id > 0")) {
      assertTrue(rs.next());
      assertEquals(4, rs.getLong("COUNT(*)"));
      assertEquals(5, rs.getLong("MAX(id) + 1"));
    }
    try (Connection c = DriverManager.getConnection(url);
        java.sql.PreparedStatement ps =
            c.prepareStatement("SELECT COUNT(*) FROM lt WHERE name <> ?")) {
      ps.setString(1, "a");
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(3, rs.getLong("COUNT(*)"));
      }
    }
  }
}
