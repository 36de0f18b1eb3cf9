package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
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

/**
 * {@code AVG} of an integer or decimal column read through the driver on PostgreSQL answers the
 * {@code BigDecimal} MariaDB answers, scale included ({@code 71.245000} for a {@code
 * DECIMAL(12,2)}, {@code 1.6667} for an {@code INT}). PostgreSQL's had at least 16 digits ({@code
 * 71.2450000000000000}), which a jOOQ application reading {@code avg(TOTAL)} as a {@code
 * BigDecimal} saw as another value ({@code equals}, {@code toString}).
 */
class MariaDbToPostgresAveragesTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    StringBuilder rows = new StringBuilder("INSERT INTO av VALUES ");
    for (int i = 1; i <= 300; i++) {
      // Large sums over many rows: averages whose expansion comes close to a half.
      rows.append(i == 1 ? "" : ", ")
          .append(
              String.format(
                  "(%d, %d, %s, %d, %d, %s, %s, %s, %s)",
                  i,
                  i % 3,
                  i % 7 == 0 ? "NULL" : (i * 37 % 1000) + "." + (i % 100),
                  i * 7 % 11 - 5,
                  (long) i * 1_000_000_007L % 9_999_999_999L,
                  i % 5 == 0 ? "NULL" : "0." + (i * 7919 % 100_000),
                  i == 3 ? "-1" : String.valueOf(i % 4),
                  (123_456_789L + i * 3) + "." + (i * 13 % 100),
                  i % 2 == 0 ? "1.5" : "-0.25"));
    }
    for (var db : List.of(DBS.mariadb(), DBS.postgres())) {
      boolean maria = db == DBS.mariadb();
      db.execute(
          "DROP TABLE IF EXISTS av",
          "CREATE TABLE av (id INT PRIMARY KEY, g INT, d DECIMAL(12,2), i INT, b BIGINT,"
              + " w DECIMAL(38,36), z DECIMAL(10,0), big DECIMAL(14,2), x "
              + (maria ? "DOUBLE" : "DOUBLE PRECISION")
              + ")",
          rows.toString());
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

  private static List<String> rows(Connection c, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          Object o = rs.getObject(i);
          row.append(o == null ? "null" : o.getClass().getSimpleName() + ":" + o).append(' ');
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  @Test
  void the_average_of_an_integer_or_decimal_column_has_mariadb_s_scale() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DriverManager.getConnection(url)) {
      for (String sql :
          List.of(
              "SELECT AVG(d), AVG(i), AVG(b), AVG(w), AVG(z), AVG(big), AVG(x) FROM av",
              "SELECT g, AVG(a.d) AS d, AVG(`a`.`big`) AS big, avg(i) FROM av a GROUP BY g"
                  + " ORDER BY g",
              "SELECT AVG(d) FROM av WHERE id < 0",
              "SELECT g, AVG(d), (SELECT AVG(i) FROM av) AS s FROM av GROUP BY g ORDER BY g",
              "SELECT id FROM av GROUP BY id HAVING AVG(d) > 500 ORDER BY id LIMIT 5")) {
        List<String> expected = rows(maria, sql);
        assertEquals(expected, rows(pg, sql), sql);
      }
    }
  }

  /**
   * A column named in a derived table or a common table expression is not the table's column of
   * that name: {@code d * 1.1} has three places, so MariaDB's average has seven ({@code AVG} of the
   * rows 1 to 6, {@code 450.5366667}), where the table's {@code DECIMAL(12,2)} would give six.
   * Rounded to the table's six places, the driver had answered {@code 95.223333}, a digit short of
   * MariaDB's value; left as PostgreSQL's average, the value carries every digit MariaDB answers.
   */
  @Test
  void an_average_of_a_derived_column_keeps_every_digit_mariadb_answers() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DriverManager.getConnection(url)) {
      for (String sql :
          List.of(
              "SELECT AVG(d) FROM (SELECT d * 1.1 AS d FROM av WHERE id IN (1, 2, 4)) z",
              "SELECT AVG(av.d) FROM (SELECT d * 1.1 AS d FROM av WHERE id IN (1, 2, 4)) av",
              "WITH z AS (SELECT d * 1.1 AS d FROM av WHERE id IN (1, 2, 4)) SELECT AVG(d) FROM z")) {
        java.math.BigDecimal expected = single(maria, sql);
        java.math.BigDecimal actual = single(pg, sql);
        assertEquals(
            expected,
            actual.setScale(expected.scale(), java.math.RoundingMode.HALF_UP),
            sql + " answered " + actual);
      }
    }
  }

  private static java.math.BigDecimal single(Connection c, String sql) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getBigDecimal(1);
    }
  }
}
