package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
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
 * A {@code HAVING} naming a select-list alias, which MySQL allows and PostgreSQL refused: through
 * the driver on PostgreSQL the same rows as on MariaDB, and such writes mirrored without a
 * divergence.
 */
class HavingAliasTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    for (var db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute(
          "DROP TABLE IF EXISTS sales",
          "DROP TABLE IF EXISTS big_spenders",
          "CREATE TABLE sales (id INT PRIMARY KEY, customer INT NOT NULL, region VARCHAR(10),"
              + " amount DECIMAL(10,2) NOT NULL, s INT)",
          "CREATE TABLE big_spenders (customer INT PRIMARY KEY, spent DECIMAL(12,2))",
          "INSERT INTO sales VALUES (1, 1, 'north', 10.00, 100), (2, 1, 'north', 25.50, 1),"
              + " (3, 2, 'south', 5.00, 1), (4, 3, 'south', 50.00, 2), (5, 3, NULL, 0.25, 2),"
              + " (6, 4, 'east', 99.99, 3)");
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

  record Read(String sql, Object... params) {}

  static final List<Read> READS =
      List.of(
          new Read(
              "SELECT customer, SUM(amount) AS spent FROM sales GROUP BY customer"
                  + " HAVING spent > 30 ORDER BY customer"),
          new Read(
              "SELECT customer, SUM(amount) spent FROM sales GROUP BY customer"
                  + " HAVING spent > ? ORDER BY spent DESC",
              20),
          new Read(
              "SELECT region, COUNT(*) AS n, MAX(amount) AS top FROM sales GROUP BY region"
                  + " HAVING n > 1 AND top < 60 ORDER BY region"),
          // An alias named like a column of the table: MariaDB compares the alias.
          new Read(
              "SELECT customer, SUM(s) AS s FROM sales GROUP BY customer HAVING s > 3"
                  + " ORDER BY customer"),
          // A name the GROUP BY lists is the grouped column.
          new Read("SELECT COUNT(*) AS customer FROM sales GROUP BY customer HAVING customer = 3"),
          new Read(
              "SELECT customer, IFNULL(SUM(amount), 0) AS `Total` FROM sales GROUP BY customer"
                  + " HAVING total BETWEEN 1 AND 50 AND ABS(`TOTAL`) > 0 ORDER BY customer"),
          new Read("SELECT SUM(amount) AS everything FROM sales HAVING everything > 100"),
          new Read(
              "SELECT DISTINCT COUNT(*) AS n FROM sales GROUP BY customer HAVING n > 1 ORDER BY 1"),
          // Grouped inside an expression, s is still the alias to MariaDB.
          new Read(
              "SELECT SUM(amount) AS s FROM sales GROUP BY customer + s HAVING s > 20 ORDER BY 1"),
          // Inside an aggregate the name is the column again: MAX(s) is the table's s.
          new Read(
              "SELECT customer, SUM(amount) AS s FROM sales GROUP BY customer"
                  + " HAVING MAX(s) > 1 AND s > 1 ORDER BY customer"),
          new Read(
              "SELECT d.customer, d.spent FROM (SELECT customer, SUM(amount) AS spent FROM sales"
                  + " GROUP BY customer HAVING spent >= 10) d ORDER BY d.customer"),
          new Read(
              "SELECT customer, SUM(amount) AS spent FROM sales GROUP BY customer HAVING spent > 50"
                  + " UNION ALL SELECT customer, COUNT(*) AS spent FROM sales GROUP BY customer"
                  + " HAVING spent > 1 ORDER BY 1, 2"));

  private static List<List<Object>> rows(Connection c, Read r) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(r.sql())) {
      for (int i = 0; i < r.params().length; i++) {
        ps.setObject(i + 1, r.params()[i]);
      }
      List<List<Object>> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= n; i++) {
            // Numbers by value: a UNION of a DECIMAL and a COUNT is 2.00 in MariaDB, 2 here.
            Object o = rs.getObject(i);
            row.add(
                o instanceof Number
                    ? new BigDecimal(o.toString()).stripTrailingZeros().toPlainString()
                    : o);
          }
          out.add(row);
        }
      }
      return out;
    }
  }

  @Test
  void reads_naming_select_aliases_in_having_answer_as_on_mariadb() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DriverManager.getConnection(url)) {
      for (Read r : READS) {
        List<List<Object>> expected = rows(maria, r);
        assertEquals(expected, rows(pg, r), r.sql());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void an_insert_select_with_a_having_alias_is_mirrored_without_divergence(Phase phase)
      throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO big_spenders (customer, spent) SELECT customer, SUM(amount) AS spent"
                    + " FROM sales GROUP BY customer HAVING spent > ?")) {
      ps.setInt(1, 30);
      assertEquals(3, ps.executeUpdate());
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    assertEquals(
        MigrationFixture.rows(DBS.mariadb(), "big_spenders"),
        MigrationFixture.rows(DBS.postgres(), "big_spenders"));
  }
}
