package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
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
 * TIMESTAMP(x), SUBSTR(s FROM p FOR n), CHAR(n), SPACE, ORD, the logarithms, LOCATE(a, s, pos),
 * FROM_UNIXTIME(n, format) and BINARY in conditions, which PostgreSQL refused or answered
 * otherwise: through the driver on PostgreSQL, the values, Java types and labels MariaDB gives.
 */
class MariaDbToPostgresMoreFunctionsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    String rows =
        "INSERT INTO mf VALUES (1, 'A31', 'A31', 'Hello World', 8, 2.50, '2024-03-01 10:00:00',"
            + " 1709287200, 0), (2, 'a31', 'a31', 'abcabc', 0, -1.00, '2024-02-20 00:00:00', 0,"
            + " 1), (3, 'A31 ', 'A31', '', -2, NULL, NULL, NULL, 2), (4, 'B1', 'B1', 'été',"
            + " 10, 0.00, '2024-02-28 23:59:59', 2147483647, 3), (5, NULL, NULL, NULL, NULL, NULL,"
            + " NULL, NULL, 4)";
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS mf",
            "CREATE TABLE mf (id INT PRIMARY KEY, code VARCHAR(10), fix CHAR(5), name"
                + " VARCHAR(20), x DOUBLE, d DECIMAL(10,2), created DATETIME, ts BIGINT, n INT)",
            rows);
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS mf",
            "CREATE TABLE mf (id INT PRIMARY KEY, code VARCHAR(10), fix CHAR(5), name"
                + " VARCHAR(20), x DOUBLE PRECISION, d DECIMAL(10,2), created TIMESTAMP, ts"
                + " BIGINT, n INT)",
            rows);
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  /** The labels, then each row's values with their Java type; bytes as a list. */
  private static List<List<Object>> rows(Connection c, String sql, Object... params)
      throws Exception {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
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
            if (o instanceof byte[]) {
              List<Byte> bytes = new ArrayList<>();
              for (byte b : (byte[]) o) {
                bytes.add(b);
              }
              o = bytes;
            }
            row.add(o == null ? null : o.getClass().getSimpleName() + ":" + o);
          }
          out.add(row);
        }
        return out;
      }
    }
  }

  private static void sameAnswers(String sql, Object... params) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DriverManager.getConnection(url)) {
      assertEquals(rows(maria, sql, params), rows(pg, sql, params), sql);
    }
  }

  @Test
  void timestamp_of_a_value_is_a_cast_and_the_typed_literal_stays() throws Exception {
    sameAnswers(
        "SELECT id FROM mf WHERE created > TIMESTAMP('2024-03-01') - INTERVAL ? DAY ORDER BY id",
        2);
    sameAnswers(
        "SELECT id, TIMESTAMP(created) AS a, TIMESTAMP('2024-03-01 10:11:12.5') AS b,"
            + " TIMESTAMP(created, '01:02:03') AS c, TIMESTAMP('2024-03-01', '-01:00:00.25') AS e,"
            + " TIMESTAMP(?) AS f, TIMESTAMP '2024-01-01 10:00:00' AS g FROM mf ORDER BY id",
        "2024-03-01 23:00:00");
    // Without aliases, the labels MariaDB gives: the expressions as written.
    sameAnswers(
        "SELECT TIMESTAMP(created), SUBSTR(name FROM 2), CHAR(65), LOG2(x), LOCATE('l', name, 2)"
            + " FROM mf WHERE BINARY code = 'A31'");
  }

  @Test
  void substr_with_from_and_for_counts_as_the_comma_form() throws Exception {
    sameAnswers(
        "SELECT id, SUBSTR(name FROM 2 FOR 3) AS a, SUBSTR(name FROM 2) AS b, MID(name FROM -3)"
            + " AS c, SUBSTRING(name FROM 0) AS e, MID(name FROM ? FOR ?) AS f FROM mf ORDER BY id",
        3,
        2);
  }

  /**
   * {@code SUBSTRING(s, ?, ?)} with numbers bound, as jOOQ writes {@code DSL.substring(f, 1, 3)}:
   * PostgreSQL resolved {@code substring(text, unknown, unknown)} to its regular-expression form,
   * the parameters went as text, and the answer was NULL where MariaDB cut the string.
   */
  @Test
  void substring_with_a_bound_position_and_length_cuts_the_string() throws Exception {
    sameAnswers(
        "SELECT id, SUBSTRING(name, ?, ?) AS a, SUBSTRING(name, ?) AS b, SUBSTRING(TRIM(name)"
            + " FROM ? FOR ?) AS c, substring(name, 1, ?) AS e FROM mf ORDER BY id",
        2,
        3,
        4,
        1,
        2,
        5);
    // A decimal rounds half up, and a numeric string is read as its number, in both.
    sameAnswers(
        "SELECT id, SUBSTRING(name, ?, ?) AS a FROM mf ORDER BY id",
        new java.math.BigDecimal("1.5"),
        "2");
  }

  /**
   * MySQL's cut for a bound position below 1 or a length below 1: a position below 0 counts from
   * the end ({@code -3} of {@code 'Hello World'} is {@code 'rld'}), 0 and a length of 0 or below
   * are {@code ''}, a length beyond the integers is the rest. PostgreSQL's substring with the
   * numbers cast to INTEGER had answered the whole string for -3, {@code 'H'} for 0 and 2, and
   * refused a negative length.
   */
  @Test
  void substring_with_a_bound_position_below_one_cuts_as_mariadb_does() throws Exception {
    sameAnswers(
        "SELECT id, SUBSTRING(name, ?) AS a, SUBSTRING(name, ?, ?) AS b, SUBSTRING(name, ?, ?)"
            + " AS c, SUBSTRING(name, ?) AS e, SUBSTRING(SUBSTRING(name, ?, ?), ?) AS f FROM mf"
            + " WHERE SUBSTRING(name, ?, 1) IS NOT NULL OR id = 5 ORDER BY id",
        -3,
        0,
        2,
        new java.math.BigDecimal("-1.5"),
        2,
        null,
        -4,
        3000000000L,
        -3,
        -20);
    sameAnswers(
        "SELECT id, SUBSTRING(name, ?, ?) AS a, SUBSTRING(?, ?, ?) AS b, SUBSTRING(name, ?, ?)"
            + " AS c, SUBSTRING(fix, ?) AS e FROM mf ORDER BY id",
        2,
        -1,
        "hello",
        3,
        3000000000L,
        3000000000L,
        -3000000000L,
        -2);
  }

  @Test
  void char_space_and_ord_give_mariadb_s_bytes_text_and_integers() throws Exception {
    sameAnswers(
        "SELECT id, CHAR(65) AS a, CHAR(77, 121) AS b, CHAR(256, 0, -1) AS c, CHAR(65, NULL,"
            + " 66) AS e, CHAR(n + 65) AS f, SPACE(3) AS g, SPACE(n) AS h, SPACE(NULL) AS i,"
            + " ORD(name) AS j, ORD('') AS k, ORD(NULL) AS l, ORD(?) AS m FROM mf ORDER BY id",
        "😀");
  }

  @Test
  void logarithms_and_powers_are_doubles_and_null_outside_their_domain() throws Exception {
    sameAnswers(
        "SELECT id, LOG2(x) AS a, LOG(2, x) AS b, LOG(x) AS c, LOG10(x) AS e, LN(x) AS f,"
            + " LOG(x, 8) AS g, POW(d, 2) AS h, POWER(x, 2) AS i, EXP(d) AS j, LN(d) AS k,"
            + " LOG(?, ?) AS l, LOG10(d) AS m FROM mf ORDER BY id",
        3,
        10);
  }

  @Test
  void locate_from_a_position_ignores_case_and_counts_from_the_start() throws Exception {
    sameAnswers(
        "SELECT id, LOCATE('b', name, 3) AS a, LOCATE('B', name, 0) AS b, LOCATE('', name, 2)"
            + " AS c, LOCATE('o', name, n + 1) AS e, LOCATE(NULL, name, 1) AS f,"
            + " LOCATE('b', name, NULL) AS g, LOCATE('L', name) AS h, LOCATE(?, name, ?) AS i,"
            + " LOCATE('', name, 4) AS j, LOCATE('', name, 5) AS k, LOCATE('', name, n) AS l"
            + " FROM mf ORDER BY id",
        "C",
        4);
  }

  @Test
  void from_unixtime_with_a_format_formats_the_date_time() throws Exception {
    sameAnswers(
        "SELECT id, FROM_UNIXTIME(ts, '%Y-%m-%d %H:%i:%s') AS a, FROM_UNIXTIME(ts, '%d/%m/%Y')"
            + " AS b FROM mf ORDER BY id");
  }

  @Test
  void binary_in_a_condition_compares_case_and_trailing_spaces_as_mariadb() throws Exception {
    sameAnswers("SELECT id FROM mf WHERE BINARY code = 'A31' ORDER BY id");
    sameAnswers("SELECT id FROM mf WHERE BINARY code = 'A31 ' ORDER BY id");
    sameAnswers("SELECT id FROM mf WHERE BINARY fix = 'A31 ' OR BINARY fix = 'B1' ORDER BY id");
    sameAnswers("SELECT id FROM mf WHERE code LIKE BINARY 'A3%' ORDER BY id");
    sameAnswers("SELECT id FROM mf WHERE fix LIKE BINARY 'a3%' ORDER BY id");
    sameAnswers("SELECT id FROM mf WHERE mf.code = BINARY ? ORDER BY id", "a31");
    sameAnswers("SELECT id FROM mf WHERE BINARY code NOT LIKE 'A%' ORDER BY id");
  }

  @Test
  void an_update_by_a_binary_comparison_changes_the_same_rows_on_both_sides() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement("UPDATE mf SET n = n + 1 WHERE BINARY code = ?")) {
      ps.setString(1, "A31");
      assertEquals(1, ps.executeUpdate());
      ps.setString(1, "a31");
      assertEquals(1, ps.executeUpdate());
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    // All but the CHAR(5) column, which PostgreSQL returns padded.
    String all = "SELECT id, code, name, x, d, created, ts, n FROM mf ORDER BY id";
    assertEquals(DBS.mariadb().query(all), DBS.postgres().query(all));
    assertEquals(
        List.of(List.of(1, 1), List.of(2, 2), List.of(3, 2)),
        DBS.mariadb().query("SELECT id, n FROM mf WHERE id <= 3 ORDER BY id"));
  }
}
