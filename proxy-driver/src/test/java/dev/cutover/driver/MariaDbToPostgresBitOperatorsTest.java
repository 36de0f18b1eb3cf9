package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
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
 * MySQL's bit operators, {@code BIT_COUNT} and the bit aggregates work on unsigned 64-bit integers
 * with MySQL's precedence; PostgreSQL's are signed, shift modulo 64, refuse a decimal and bind
 * otherwise ({@code -1 & 255}, {@code f | 2} of a negative {@code f}, {@code BIT_OR} of no row and
 * {@code 1 | 2 & 3} answered differently or failed). Run on MariaDB directly and through the driver
 * on PostgreSQL, the application reads the same numbers, and writes leave the same rows.
 */
class MariaDbToPostgresBitOperatorsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      boolean pg = db == DBS.postgres();
      db.execute(
          "DROP TABLE IF EXISTS bits",
          "CREATE TABLE bits (id INT PRIMARY KEY, f INT, b BIGINT, d DECIMAL(10,2), w "
              + (pg ? "DOUBLE PRECISION" : "DOUBLE")
              + ", v VARCHAR(10), u "
              + (pg ? "NUMERIC(20)" : "BIGINT UNSIGNED")
              + ", n INT)",
          "INSERT INTO bits VALUES (1, 5, -1, 2.5, 2.5, '6', 18446744073709551615, 0),"
              + " (2, -3, 9223372036854775807, -1.5, 1.5, '12', 9223372036854775808, 0),"
              + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
              + " (4, 12, 4096, 0.49, 0.5, '-7', 4, 7)");
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

  /**
   * Rows as text, each value with its kind: MariaDB's {@code BIGINT UNSIGNED} is a {@code
   * BigInteger} to Connector/J, PostgreSQL's {@code NUMERIC(20)} a {@code BigDecimal}: both an
   * "unsigned" here when whole and at least 0; other values keep their class.
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
          if (v == null) {
            row.add("null");
          } else if (v instanceof BigInteger || v instanceof BigDecimal) {
            BigDecimal d =
                v instanceof BigInteger ? new BigDecimal((BigInteger) v) : (BigDecimal) v;
            row.add(
                (d.scale() <= 0 && d.signum() >= 0 ? "unsigned " : v.getClass().getSimpleName())
                    + d.toPlainString());
          } else {
            row.add(v.getClass().getSimpleName() + " " + v);
          }
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void operators_compute_on_unsigned_64_bits_with_mysql_s_precedence() throws Exception {
    assertSameReads(
        "SELECT ~0, 1 << 63, -1 & 255, 5 | 2.6, 5 | 2.5, 0 | -2.5, 1 | 2 & 3, 1 + 1 << 2,"
            + " 2 * 3 ^ 1, 5 & 3 << 1, 3 - 1 & 7, ~1 & 3, -1 | 0",
        "SELECT 1 << 64, 1 << -1, 1 << 2.5, -1 >> 1, -1 >> 63, -1 >> 64, 8 >> 1.5,"
            + " 1 << 18446744073709551615, 0 | 18446744073709551615, 0 | 18446744073709551616,"
            + " 0 | -9223372036854775809, 0 | 1e30, 4 | 2.5e0, 0 | '2.6', -1 ^ 0",
        "SELECT id, f | 2, f & 4, ~f, f << 1, f >> 1, f ^ 1, b | 0, b >> 62, u & 1, u | 0, u >> 1,"
            + " ~u, d | 0, w | 0, w ^ 0, 1 << w, v | 0, n << f, f & ~4 | 2, (f | 1) + 1"
            + " FROM bits ORDER BY id",
        "SELECT id FROM bits WHERE f & 4 <> 0 ORDER BY id",
        "SELECT id FROM bits WHERE u >> 63 = 1 OR b & 1 = 1 ORDER BY id",
        "SELECT 1 | NULL, NULL << 1, 1 << NULL, ~NULL, NULL ^ 1");
  }

  @Test
  void bit_count_and_the_bit_aggregates_have_mariadb_s_values() throws Exception {
    assertSameReads(
        "SELECT id, BIT_COUNT(f), BIT_COUNT(b), BIT_COUNT(u), BIT_COUNT(d), BIT_COUNT(w),"
            + " BIT_COUNT(v), BIT_COUNT(f | 8) FROM bits ORDER BY id",
        "SELECT BIT_COUNT(-1), BIT_COUNT(NULL), BIT_COUNT(2.5), BIT_COUNT('15'), BIT_COUNT(1e30)",
        "SELECT BIT_AND(f), BIT_OR(f), BIT_XOR(f), BIT_AND(u), BIT_OR(u), BIT_XOR(u), BIT_AND(d),"
            + " BIT_XOR(d), BIT_OR(w), BIT_OR(v) FROM bits",
        "SELECT BIT_AND(f), BIT_OR(f), BIT_XOR(f) FROM bits WHERE id > 9",
        "SELECT BIT_AND(f), BIT_OR(f), BIT_XOR(f) FROM bits WHERE id = 3",
        "SELECT MIN(id), BIT_OR(f), BIT_AND(f) FROM bits GROUP BY id % 2 ORDER BY MIN(id)",
        "SELECT id, BIT_OR(f) OVER (ORDER BY id), BIT_AND(f) OVER (ORDER BY id) FROM bits"
            + " ORDER BY id");
  }

  @Test
  void a_result_is_a_whole_number_of_twenty_digits_labelled_as_mariadb_labels_it()
      throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    String sql = "SELECT f | 2, BIT_COUNT(f), BIT_OR(f) OVER () FROM bits";
    try (Connection my = DBS.mariadb().connect();
        Statement ms = my.createStatement();
        ResultSet mr = ms.executeQuery(sql);
        Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData mm = mr.getMetaData();
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= 3; i++) {
        assertEquals(mm.getColumnLabel(i), md.getColumnLabel(i));
      }
      // MariaDB: BIGINT UNSIGNED (of precision 21, it says); PostgreSQL: NUMERIC(20), the type a
      // migrated BIGINT UNSIGNED column has.
      assertEquals("BIGINT UNSIGNED", mm.getColumnTypeName(1));
      assertEquals(Types.NUMERIC, md.getColumnType(1));
      assertEquals(20, md.getPrecision(1));
      assertEquals(0, md.getScale(1));
      assertEquals(Types.INTEGER, mm.getColumnType(2));
      assertEquals(Types.INTEGER, md.getColumnType(2));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"NEW", "DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void writes_with_bit_operators_leave_mariadb_s_rows(Phase phase) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url)) {
      try (PreparedStatement set = c.prepareStatement("UPDATE bits SET f = f | ? WHERE id = ?")) {
        set.setInt(1, 8);
        set.setInt(2, 1);
        assertEquals(1, set.executeUpdate());
      }
      try (PreparedStatement clear =
          c.prepareStatement("UPDATE bits SET n = f & ~? & 255 WHERE f & ? <> 0")) {
        clear.setInt(1, 4);
        clear.setInt(2, 4);
        assertEquals(3, clear.executeUpdate());
      }
      try (PreparedStatement shift =
          c.prepareStatement("UPDATE bits SET u = u >> ?, b = b & ? WHERE id IN (1, 2, 3)")) {
        shift.setInt(1, 1);
        shift.setLong(2, 255);
        assertEquals(3, shift.executeUpdate());
      }
      try (Statement st = c.createStatement()) {
        assertEquals(1, st.executeUpdate("UPDATE bits SET u = 1 << 63 | u WHERE id = 4"));
        assertEquals(4, st.executeUpdate("UPDATE bits SET n = BIT_COUNT(f) + IFNULL(n, 0)"));
      }
    }
    if (phase != Phase.NEW) {
      assertEquals(List.of(), DualWriteSemantics.journal(url));
    }
    String all = "SELECT id, f, b, u, n FROM bits ORDER BY id";
    List<List<String>> expected =
        List.of(
            List.of("1", "13", "255", "9223372036854775807", "12"),
            List.of("2", "-3", "255", "4611686018427387904", "312"),
            List.of("3", "null", "null", "null", "null"),
            List.of("4", "12", "4096", "9223372036854775812", "10"));
    if (phase != Phase.NEW) {
      assertEquals(expected, text(DBS.mariadb().query(all)));
    }
    assertEquals(expected, text(DBS.postgres().query(all)));
  }

  private static List<List<String>> text(List<List<Object>> rows) {
    List<List<String>> out = new ArrayList<>();
    for (List<Object> row : rows) {
      List<String> r = new ArrayList<>();
      for (Object v : row) {
        r.add(String.valueOf(v));
      }
      out.add(r);
    }
    return out;
  }
}
