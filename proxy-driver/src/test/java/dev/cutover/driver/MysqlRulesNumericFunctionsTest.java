package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MySQL's TRUNCATE, ROUND of a double, FORMAT, HEX, UNHEX, SHA2, MD5, BIN and the text functions
 * given a number, run on MariaDB directly and through the driver on PostgreSQL: the application
 * reads the same values, of the same Java types, and a write using them leaves the same rows.
 */
class MysqlRulesNumericFunctionsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS nums",
            "CREATE TABLE nums (id INT PRIMARY KEY, i INT, b BIGINT, d DECIMAL(10,2), w DOUBLE,"
                + " f FLOAT, c CHAR(6), v VARCHAR(20), bin BLOB, flag TINYINT(1), h VARCHAR(20))"
                + " DEFAULT CHARSET=utf8mb4");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS nums",
            "CREATE TABLE nums (id integer PRIMARY KEY, i integer, b bigint, d numeric(10,2),"
                + " w double precision, f real, c char(6), v varchar(20), bin bytea, flag boolean,"
                + " h varchar(20))");
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      boolean pg = db == DBS.postgres();
      String t = pg ? "TRUE" : "1";
      String f = pg ? "FALSE" : "0";
      String bytes = pg ? "'\\x0100ff'::bytea" : "x'0100ff'";
      String empty = pg ? "''::bytea" : "x''";
      db.execute(
          "INSERT INTO nums VALUES (1, 255, -3000000000, 1234.56, 0.29, 1.1, 'A31', 'héllo', "
              + bytes
              + ", "
              + t
              + ", '414')",
          "INSERT INTO nums VALUES (2, -255, 3000000000, -1234.55, -2.675, -2.5, '', '', "
              + empty
              + ", "
              + f
              + ", 'zz')",
          "INSERT INTO nums VALUES (3, 0, 0, 0.50, 2.5, 3.3000002, 'x y', '12', NULL, "
              + f
              + ", '00ff')",
          "INSERT INTO nums VALUES (4, 1250, 1, -0.01, 1234567.891, 0.125, 'abcdef', '-7', NULL,"
              + " "
              + t
              + ", '')",
          "INSERT INTO nums VALUES (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
              + " NULL)");
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

  static final List<String> READS =
      List.of(
          "SELECT id, TRUNCATE(d, 1), TRUNCATE(d, -2), TRUNCATE(w, 2), TRUNCATE(f, 1),"
              + " TRUNCATE(i, -1), TRUNCATE(b, -3), TRUNCATE(w * 3, 1), TRUNCATE(-w, 0)"
              + " FROM nums ORDER BY id",
          "SELECT TRUNCATE('12.345', 2), TRUNCATE(1234, -2), TRUNCATE(-1299.99, -2),"
              + " TRUNCATE(0.29e0, 2), TRUNCATE(NULL, 1)",
          "SELECT id, ROUND(w, 2), ROUND(f, 2), ROUND(w, -1), ROUND(w, 0), ROUND(w), ROUND(f, 7),"
              + " ROUND(ROUND(w, 3), 2), ROUND(ABS(w - 10), 1) FROM nums ORDER BY id",
          "SELECT ROUND('2.5'), ROUND('12.345', 2), ROUND(2.675e0, 2), ROUND(1234.5, -2),"
              + " ROUND(-2.5e0), ROUND(0.125e0, 2)",
          "SELECT ROUND(AVG(w), 2), ROUND(SUM(f), 1), TRUNCATE(MAX(w), 1) FROM nums",
          "SELECT id, FORMAT(d, 2), FORMAT(w, 2), FORMAT(i, 0), FORMAT(d, -1), FORMAT(d, 2,"
              + " 'en_US'), FORMAT(w, 0), FORMAT(f, 3), FORMAT(b, 1) FROM nums ORDER BY id",
          "SELECT FORMAT(1234567.891, 2), FORMAT(-1234567.895, 2), FORMAT(-0.004, 2),"
              + " FORMAT(-0.4, 0), FORMAT('1234.565', 2), FORMAT(NULL, 2), FORMAT(1234.5, 40),"
              + " FORMAT(2.5e0, 0), FORMAT(999.995, 2)",
          "SELECT id, HEX(i), HEX(b), HEX(d), HEX(w), HEX(f), HEX(c), HEX(v), HEX(bin), HEX(flag)"
              + " FROM nums ORDER BY id",
          "SELECT HEX(255), HEX(-1), HEX('abc'), HEX(255.5), HEX(-1.5), HEX(2.5e0)",
          "SELECT id, UNHEX(h), UNHEX(v), UNHEX(i), HEX(UNHEX(h)) FROM nums ORDER BY id",
          "SELECT UNHEX('414'), UNHEX('zz'), UNHEX(''), UNHEX(NULL), UNHEX('c3a9')",
          "SELECT id, SHA2(c, 256), SHA2(bin, 512), SHA2(i, 224), SHA2(v, 384), SHA2(v, 0),"
              + " MD5(i), MD5(d), MD5(flag), MD5(v), MD5(bin) FROM nums ORDER BY id",
          "SELECT id, LPAD(i, 5, '0'), RPAD(c, 8, '*'), LEFT(d, 3), RIGHT(b, 2), REPEAT(i, 2),"
              + " REVERSE(b), LPAD(flag, 3, '0'), SUBSTRING(d, 2, 3), LENGTH(i), UPPER(d),"
              + " BIN(i), BIN(b) FROM nums ORDER BY id",
          "SELECT LPAD(5, 3, '0'), RPAD(-1.50, 7, 'x'), BIN(0), BIN(-1), LPAD(HEX(255), 4, '0')");

  @Test
  void each_shape_reads_on_postgresql_what_mariadb_answers() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    for (String sql : READS) {
      List<List<String>> expected;
      try (Connection c = DBS.mariadb().connect()) {
        expected = read(c, sql);
      }
      List<List<String>> actual;
      try (Connection c = DriverManager.getConnection(url)) {
        actual = read(c, sql);
      }
      assertEquals(expected, actual, sql);
    }
  }

  /** Each statement read on MariaDB directly and through the driver on PostgreSQL. */
  private static void assertSameReads(String... sqls) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    for (String sql : sqls) {
      List<List<String>> expected;
      try (Connection c = DBS.mariadb().connect()) {
        expected = read(c, sql);
      }
      List<List<String>> actual;
      try (Connection c = DriverManager.getConnection(url)) {
        actual = read(c, sql);
      }
      assertEquals(expected, actual, sql);
    }
  }

  @Test
  void a_truncate_of_an_aggregate_or_of_integer_arithmetic_has_mariadb_s_value_and_type()
      throws Exception {
    assertSameReads(
        "SELECT TRUNCATE(SUM(i), -1), TRUNCATE(MAX(b), -3), TRUNCATE(AVG(i), 1),"
            + " TRUNCATE(MAX(i), -1), TRUNCATE(ABS(MIN(b)), -2) FROM nums",
        "SELECT id, TRUNCATE(i + 1, -1), TRUNCATE(-i, -1), TRUNCATE(i * 2, 0) FROM nums"
            + " ORDER BY id");
  }

  /**
   * A number the translation gives as a cast ({@code MONTH(d)} is {@code CAST(... AS INTEGER)},
   * {@code CAST(x AS SIGNED)} a BIGINT) is a number to the text functions: {@code LPAD(MONTH(d), 2,
   * '0')}, the usual way to build {@code '2024-03'}, was refused (no lpad(integer, ...)).
   */
  @Test
  void text_functions_of_a_translated_cast_read_its_number() throws Exception {
    assertSameReads(
        "SELECT id, LPAD(MONTH(FROM_DAYS(730000 + i)), 2, '0'), RPAD(CAST(i AS SIGNED), 6, '*'),"
            + " CONCAT(YEAR(FROM_DAYS(730000 + i)), '-', LPAD(DAY(FROM_DAYS(730000 + i)), 2, '0'))"
            + " FROM nums WHERE i > 0 ORDER BY id");
  }

  @Test
  void round_of_an_integer_keeps_its_value_and_integer_type() throws Exception {
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute("UPDATE nums SET b = 9007199254740993 WHERE id = 4");
    }
    assertSameReads(
        "SELECT id, ROUND(b), ROUND(i), ROUND(b, 0), ROUND(i, 2), ROUND(i, -1), ROUND(i + 1)"
            + " FROM nums ORDER BY id",
        "SELECT ROUND(SUM(b)), ROUND(MAX(b)), ROUND(SUM(i)), ROUND(MIN(i), -2) FROM nums");
  }

  @Test
  void format_of_a_text_column_reads_the_number_it_holds() throws Exception {
    assertSameReads(
        "SELECT id, FORMAT(v, 2), FORMAT(v, 0) FROM nums WHERE id IN (3, 4, 5) ORDER BY id",
        "SELECT id, FORMAT(v, 1) FROM nums WHERE id IN (3, 4) ORDER BY id");
  }

  @Test
  void a_derived_table_s_or_cte_s_column_is_not_read_as_a_table_s_column_of_that_name()
      throws Exception {
    assertSameReads(
        "SELECT s.id, ROUND(w, 1), ROUND(w, 0) FROM (SELECT id, d AS w FROM nums) s ORDER BY s.id",
        "WITH s AS (SELECT id, d AS w FROM nums) SELECT id, ROUND(w, 1) FROM s ORDER BY id");
  }

  @Test
  void the_text_of_a_decimal_quotient_or_average_is_not_taken_from_postgresql() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    for (String sql :
        List.of(
            "SELECT LPAD(d / 3, 14, '0') FROM nums WHERE id = 2",
            "SELECT LEFT(AVG(i), 20) FROM nums")) {
      List<List<String>> expected;
      try (Connection c = DBS.mariadb().connect()) {
        expected = read(c, sql);
      }
      // Refused where the text would differ (MariaDB's quotient has four more places).
      try (Connection c = DriverManager.getConnection(url)) {
        assertEquals(expected, read(c, sql), sql);
      } catch (java.sql.SQLException e) {
        continue;
      }
    }
  }

  /**
   * Each value as its Java type and value: a decimal by its value (PostgreSQL's {@code trunc} of a
   * {@code numeric(10,2)} keeps the scale MariaDB's has, yet the test does not depend on it).
   */
  static List<List<String>> read(Connection c, String sql) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          String text;
          if (v == null) {
            text = "null";
          } else if (v instanceof byte[]) {
            text = "bytes" + Arrays.toString((byte[]) v);
          } else if (v instanceof BigDecimal) {
            text = ((BigDecimal) v).stripTrailingZeros().toPlainString();
          } else {
            text = v.toString();
          }
          row.add(v == null ? text : v.getClass().getSimpleName() + " " + text);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void a_write_using_them_leaves_the_secondary_with_the_primary_s_values() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "UPDATE nums SET d = TRUNCATE(d * 1.1, 2), w = ROUND(w * 3, 2), v = LPAD(i, 6, '0'),"
              + " h = HEX(i) WHERE id < 5");
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE nums SET c = LEFT(FORMAT(w, 1), 6) WHERE id = ?")) {
        ps.setInt(1, 4);
        ps.executeUpdate();
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    List<List<Object>> primary = rows(DBS.mariadb());
    assertEquals(
        List.of(new BigDecimal("1358.01"), 0.87, "000255", "FF", "3,703,"),
        List.of(
            primary.get(0).get(3),
            primary.get(0).get(4),
            primary.get(0).get(5),
            primary.get(0).get(8),
            primary.get(3).get(9)));
    assertEquals(primary, rows(DBS.postgres()));
  }

  /**
   * The table without its FLOAT column (MariaDB prints 3.3 of what PostgreSQL prints 3.3000002) and
   * with the CHAR column unpadded (PostgreSQL's char(6) comes back padded), which the functions do
   * not write.
   */
  static List<List<Object>> rows(TestDatabase db) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> row :
        db.query("SELECT id, i, b, d, w, v, bin, flag, h, RTRIM(c) FROM nums ORDER BY id")) {
      List<Object> n = new ArrayList<>();
      for (Object v : row) {
        n.add(MigrationFixture.normalize(v));
      }
      out.add(n);
    }
    return out;
  }
}
