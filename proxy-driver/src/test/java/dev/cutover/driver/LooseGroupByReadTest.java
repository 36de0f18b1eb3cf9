package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.FreshDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Grouped reads selecting columns they neither group nor aggregate, which MariaDB's default
 * sql_mode allows and PostgreSQL refused: through the driver on PostgreSQL, the rows and labels
 * MariaDB gives where the column depends on the group, and one of the group's values where it does
 * not.
 */
class LooseGroupByReadTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    for (var db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute(
          "DROP TABLE IF EXISTS g_orders",
          "DROP TABLE IF EXISTS g_customers",
          "CREATE TABLE g_customers (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, city"
              + " VARCHAR(20))",
          "CREATE TABLE g_orders (id INT PRIMARY KEY, customer_id INT NOT NULL, total"
              + " DECIMAL(10,2) NOT NULL, note VARCHAR(20))",
          "INSERT INTO g_customers VALUES (1, 'alice', 'paris'), (2, 'bob', NULL),"
              + " (3, 'carol', 'lyon')",
          "INSERT INTO g_orders VALUES (1, 1, 10.00, 'a'), (2, 1, 20.00, 'b'), (3, 2, 5.00,"
              + " 'c'), (4, 3, 7.50, NULL), (5, 3, 1.25, 'e'), (6, 3, 2.00, 'f')");
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

  /** Reads whose loose columns depend on the group: MariaDB's rows exactly. */
  static final List<String> DEPENDENT =
      List.of(
          "SELECT o.customer_id, c.name, c.city, COUNT(*), SUM(o.total) FROM g_orders o"
              + " JOIN g_customers c ON c.id = o.customer_id GROUP BY o.customer_id"
              + " ORDER BY o.customer_id",
          "SELECT o.customer_id, c.name AS who, UPPER(c.name) shout, COUNT(*) AS n"
              + " FROM g_orders o JOIN g_customers c ON c.id = o.customer_id"
              + " GROUP BY o.customer_id ORDER BY c.name DESC",
          "SELECT c.city, c.name FROM g_customers c JOIN g_orders o ON o.customer_id = c.id"
              + " GROUP BY o.customer_id ORDER BY 2",
          "SELECT x.customer_id, x.name FROM (SELECT o.customer_id, c.name FROM g_orders o"
              + " JOIN g_customers c ON c.id = o.customer_id GROUP BY o.customer_id) x"
              + " ORDER BY x.customer_id",
          // A self-join: grouping by a.id says nothing of b's columns to PostgreSQL.
          "SELECT a.id, b.name FROM g_customers a JOIN g_customers b ON b.id = a.id"
              + " GROUP BY a.id ORDER BY a.id",
          // An outer query's column in a grouped sub-query is a constant there.
          "SELECT a.id, (SELECT a.name FROM g_orders o WHERE o.customer_id = a.id"
              + " GROUP BY o.customer_id) AS who FROM g_customers a ORDER BY a.id");

  private static List<List<Object>> rows(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<List<Object>> out = new ArrayList<>();
      List<Object> labels = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        labels.add(md.getColumnLabel(i));
      }
      out.add(labels);
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Object o = rs.getObject(i);
          row.add(
              o instanceof Number
                  ? new BigDecimal(o.toString()).stripTrailingZeros().toPlainString()
                  : o);
        }
        out.add(row);
      }
      return out;
    }
  }

  @Test
  void dependent_columns_answer_as_on_mariadb_with_the_same_labels() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DriverManager.getConnection(url)) {
      for (String sql : DEPENDENT) {
        assertEquals(rows(maria, sql), rows(pg, sql), sql);
      }
    }
  }

  /**
   * MariaDB 10.11 sorts a GROUP BY's groups (ascending with NULL first, descending after DESC);
   * PostgreSQL hashes them. Listed through the driver, the groups come in MariaDB's order.
   */
  @Test
  void groups_come_in_mariadb_s_order_without_an_order_by() throws Exception {
    for (var db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute(
          "INSERT INTO g_orders VALUES (7, 9, 3.00, 'm'), (8, 5, 4.00, 'k'), (9, 7, 1.00, NULL),"
              + " (10, 8, 2.00, 'z'), (11, 6, 9.00, 'g'), (12, 4, 8.00, 'h')");
    }
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    List<String> ordered =
        List.of(
            "SELECT note, COUNT(*) FROM g_orders GROUP BY note",
            "SELECT customer_id, SUM(total) AS s FROM g_orders GROUP BY customer_id DESC",
            "SELECT note, COUNT(*) AS n FROM g_orders GROUP BY note LIMIT 4",
            "SELECT customer_id % 3 AS m, COUNT(*) FROM g_orders GROUP BY customer_id % 3",
            "SELECT d.note FROM (SELECT note FROM g_orders GROUP BY note LIMIT 3) d");
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DriverManager.getConnection(url)) {
      for (String sql : ordered) {
        assertEquals(rows(maria, sql), rows(pg, sql), sql);
      }
      // ORDER BY NULL, MySQL's way to skip the sort: PostgreSQL refused it.
      String unsorted =
          "SELECT customer_id, COUNT(*) FROM g_orders GROUP BY customer_id ORDER BY NULL";
      List<List<Object>> m = rows(maria, unsorted);
      List<List<Object>> p = rows(pg, unsorted);
      assertEquals(new java.util.HashSet<>(m), new java.util.HashSet<>(p));
    }
  }

  /**
   * {@code GROUP BY note} names the column {@code note} in MariaDB and PostgreSQL alike, though the
   * select list gives another expression that alias; MariaDB sorts the groups by the column, where
   * an {@code ORDER BY note} would sort PostgreSQL's by the aliased expression.
   */
  @Test
  void a_group_named_like_a_column_and_an_alias_comes_in_the_column_s_order() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    List<String> reads =
        List.of(
            "SELECT CONCAT('#', 10 - customer_id) AS customer_id, COUNT(*) FROM g_orders"
                + " GROUP BY customer_id",
            "SELECT IFNULL(note, 'zz') AS note, SUM(total) AS s FROM g_orders GROUP BY note DESC",
            "SELECT 100 - o.customer_id customer_id FROM g_orders o GROUP BY customer_id LIMIT 2",
            // Only an alias: the groups come in its order.
            "SELECT 10 - customer_id AS c, COUNT(*) FROM g_orders GROUP BY c");
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DriverManager.getConnection(url)) {
      for (String sql : reads) {
        assertEquals(rows(maria, sql), rows(pg, sql), sql);
      }
    }
  }

  @Test
  void an_arbitrary_column_answers_one_of_its_group_s_values_from_one_row() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    String sql =
        "SELECT customer_id, note, total, COUNT(*) AS n FROM g_orders GROUP BY customer_id"
            + " ORDER BY customer_id";
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DriverManager.getConnection(url)) {
      List<List<Object>> m = rows(maria, sql);
      List<List<Object>> p = rows(pg, sql);
      assertEquals(m.get(0), p.get(0), "labels");
      assertEquals(m.size(), p.size());
      List<List<Object>> orders = rows(maria, "SELECT customer_id, note, total FROM g_orders");
      for (List<Object> row : p.subList(1, p.size())) {
        // note and total come from one order of that customer.
        assertTrue(orders.contains(row.subList(0, 3)), row.toString());
      }
    }
  }
}
