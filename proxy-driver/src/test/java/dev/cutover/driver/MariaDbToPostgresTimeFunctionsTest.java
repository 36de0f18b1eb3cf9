package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cutover.testkit.FreshDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.LocalTime;
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
 * EXTRACT with MySQL's compound units, TO_SECONDS, PERIOD_ADD, PERIOD_DIFF and TIME_FORMAT, which
 * PostgreSQL refused: through the driver on PostgreSQL, the values, texts, Java types and labels
 * MariaDB gives, or PostgreSQL's refusal where they cannot be the same.
 */
class MariaDbToPostgresTimeFunctionsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    // A MariaDB TIME beyond a day or negative is an interval on PostgreSQL, a time of day a time.
    String rows =
        "INSERT INTO tf (id, d, dt, tm, tod, p, n, s) VALUES"
            + " (1, '2024-01-02', '2024-01-02 03:04:05.5', '100:05:03.25', '10:05:03', 202401, 1,"
            + " '10:00:00'),"
            + " (2, '1999-12-31', '1969-12-31 23:59:59.5', '-01:05:03', '00:00:00', 2401, -13,"
            + " '-00:00:00.5'),"
            + " (3, '0001-01-01', '2024-02-29 23:59:59', '838:59:59', '23:59:59.999999', 0, 0,"
            + " '900:00:00'),"
            + " (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
            + " (5, '2024-12-31', '2000-01-01 12:00:00', '-838:59:59', '12:00:00', 6912, 24288,"
            + " '1 10:00:00'),"
            + " (6, '2024-03-01', '2024-03-01 00:00:00', '00:00:00', '13:00:00', 7001, -23640,"
            + " '59')";
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS tf",
            "CREATE TABLE tf (id INT PRIMARY KEY, d DATE, dt DATETIME(6), tm TIME(6), tod TIME(6),"
                + " p INT, n INT, s VARCHAR(20))",
            rows);
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS tf",
            "CREATE TABLE tf (id INT PRIMARY KEY, d DATE, dt TIMESTAMP(6), tm INTERVAL, tod"
                + " TIME(6), p INT, n INT, s VARCHAR(20))",
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

  /** The labels and JDBC types, then each row's values with their Java type and text. */
  private static List<List<Object>> rows(Connection c, String sql, Object... params)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        List<List<Object>> out = new ArrayList<>();
        List<Object> labels = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          labels.add(md.getColumnLabel(i) + ":" + md.getColumnType(i));
        }
        out.add(labels);
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            Object o = rs.getObject(i);
            row.add(
                o == null ? null : o.getClass().getSimpleName() + ":" + o + "/" + rs.getString(i));
          }
          out.add(row);
        }
        return out;
      }
    }
  }

  private static String url(Phase phase) {
    return MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
  }

  private static void sameAnswers(String sql, Object... params) throws Exception {
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DriverManager.getConnection(url(Phase.NEW))) {
      assertEquals(rows(maria, sql, params), rows(pg, sql, params), sql);
    }
  }

  /** MariaDB answers, PostgreSQL (through the driver) refuses: never another value. */
  private static void refused(String sql, Object... params) throws Exception {
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DriverManager.getConnection(url(Phase.NEW))) {
      rows(maria, sql, params);
      assertThrows(SQLException.class, () -> rows(pg, sql, params), sql);
    }
  }

  @Test
  void extract_with_a_compound_unit_writes_the_parts_side_by_side() throws Exception {
    sameAnswers(
        "SELECT id, EXTRACT(YEAR_MONTH FROM dt) AS a, EXTRACT(DAY_HOUR FROM dt) AS b,"
            + " EXTRACT(DAY_MINUTE FROM dt) AS c, EXTRACT(DAY_SECOND FROM dt) AS e,"
            + " EXTRACT(DAY_MICROSECOND FROM dt) AS f, EXTRACT(HOUR_MINUTE FROM dt) AS g,"
            + " EXTRACT(HOUR_SECOND FROM dt) AS h, EXTRACT(HOUR_MICROSECOND FROM dt) AS i,"
            + " EXTRACT(MINUTE_SECOND FROM dt) AS j, EXTRACT(MINUTE_MICROSECOND FROM dt) AS k,"
            + " EXTRACT(SECOND_MICROSECOND FROM dt) AS l, extract(year_month from d) AS m,"
            + " EXTRACT(DAY_SECOND FROM d) AS o FROM tf ORDER BY id");
    sameAnswers(
        "SELECT EXTRACT(YEAR_MONTH FROM '2024-05-06 07:08:09'), EXTRACT(DAY_MICROSECOND FROM ?)"
            + " AS a, EXTRACT(HOUR_MINUTE FROM ?) AS b, EXTRACT(DAY_HOUR FROM NULL) AS c",
        LocalDateTime.of(2024, 5, 6, 7, 8, 9, 250_000_000),
        "2024-05-06 17:08:09");
    sameAnswers("SELECT id FROM tf WHERE EXTRACT(YEAR_MONTH FROM dt) >= ? ORDER BY id", 200001);
  }

  @Test
  void to_seconds_counts_from_year_zero_and_cuts_the_fraction() throws Exception {
    sameAnswers(
        "SELECT id, TO_SECONDS(d) AS a, TO_SECONDS(dt) AS b, TO_SECONDS('2024-01-01') AS c,"
            + " TO_SECONDS(?) AS e, TO_SECONDS(NULL) AS f FROM tf ORDER BY id",
        LocalDateTime.of(1969, 12, 31, 23, 59, 59, 500_000_000));
  }

  @Test
  void periods_follow_mariadb_s_two_digit_years_and_unsigned_months() throws Exception {
    sameAnswers(
        "SELECT id, PERIOD_ADD(p, n) AS a, PERIOD_DIFF(p, 202312) AS b, PERIOD_ADD(p, 0) AS c,"
            + " PERIOD_DIFF(202312, p) AS e, PERIOD_ADD(?, n) AS f FROM tf ORDER BY id",
        202412);
    sameAnswers(
        "SELECT PERIOD_ADD(-202401, 1) AS a, PERIOD_ADD(1, 1) AS b, PERIOD_ADD(99, 0) AS c,"
            + " PERIOD_ADD(202413, 0) AS e, PERIOD_ADD(202400, 0) AS f, PERIOD_ADD(202401.5, 1)"
            + " AS g, PERIOD_ADD('202401', '1') AS h, PERIOD_ADD(202401, 1.5) AS i,"
            + " PERIOD_ADD(202401, 2.5) AS j, PERIOD_ADD(202401, 3.5e0) AS k, PERIOD_ADD(0, 5)"
            + " AS l, PERIOD_ADD(999999, 0) AS m, PERIOD_ADD(1000000, 0) AS o, PERIOD_ADD(999912, 0)"
            + " AS q, PERIOD_ADD(999913, 0) AS r, PERIOD_ADD(999899, 1) AS t, PERIOD_ADD(99, 1200)"
            + " AS u");
    sameAnswers(
        "SELECT PERIOD_DIFF(1, 0) AS a, PERIOD_DIFF(-1, 0) AS b, PERIOD_DIFF(999999, 1000000)"
            + " AS c, PERIOD_DIFF(202401.5e0, 202401) AS e, PERIOD_DIFF(NULL, 1) AS f,"
            + " PERIOD_ADD(202401, NULL) AS g, PERIOD_DIFF(?, ?) AS h, PERIOD_ADD(p, n) FROM tf"
            + " WHERE id = 1",
        "2402",
        6912);
    // Beyond an INTEGER MariaDB's text and Connector/J's Integer differ: refused.
    refused("SELECT PERIOD_ADD(202401, -24289)");
    // A double bound to a ? is a decimal's text to MariaDB, rounded half away from zero
    // (202404), a float8 to PostgreSQL, whose cast rounds half to even (202403): refused.
    refused("SELECT PERIOD_ADD(202401, ?)", 2.5d);
    refused("SELECT PERIOD_DIFF(?, 202401)", 202402.5d);
    sameAnswers(
        "SELECT PERIOD_ADD(202401, ?) AS a, PERIOD_DIFF(?, ?) AS b, PERIOD_ADD(?, 1) AS c",
        3.0d,
        202402L,
        "202312",
        null);
  }

  @Test
  void time_format_prints_hours_beyond_a_day_and_the_sign_first() throws Exception {
    sameAnswers(
        "SELECT id, TIME_FORMAT(tm, '%H:%i:%s.%f') AS a, TIME_FORMAT(tm, '%k %l %h %I %p %r') AS"
            + " b, TIME_FORMAT(tm, 'x %T y %% %q%') AS c, TIME_FORMAT(tod, '%H|%k|%h|%l|%p|%r|%T')"
            + " AS e, time_format(s, '%T.%f') AS f, TIME_FORMAT(tod, 'It''s %i') AS g FROM tf"
            + " ORDER BY id");
    sameAnswers(
        "SELECT TIME_FORMAT('-00:00:00', '%H') AS a, TIME_FORMAT(?, '%H:%i') AS b,"
            + " TIME_FORMAT(?, '%r') AS c, TIME_FORMAT(NULL, 'x') AS e, TIME_FORMAT('10:5', '%T')"
            + " AS f, TIME_FORMAT('5', '%T') AS g, TIME_FORMAT('-839:00:00', '%T %f') AS h",
        "-100:30:00", LocalTime.of(13, 5, 7));
    sameAnswers("SELECT TIME_FORMAT(tm, '%H:%i') FROM tf ORDER BY id");
    sameAnswers("SELECT id FROM tf WHERE TIME_FORMAT(tm, '%H') = ? ORDER BY id", "838");
  }

  @Test
  void time_format_and_extract_refuse_what_mariadb_reads_otherwise() throws Exception {
    // MariaDB reads '1000' as 00:10:00, PostgreSQL's interval as 1000 seconds.
    refused("SELECT TIME_FORMAT('1000', '%T')");
    // A date-time's time of day, and a number as [H]HMMSS: the interval cast refuses them.
    refused("SELECT TIME_FORMAT(dt, '%H:%i') FROM tf");
    refused("SELECT TIME_FORMAT(3600, '%H')");
    // An aggregate without a column and a window: PostgreSQL would evaluate them in the
    // sub-query's one row (202402 on each of six rows where MariaDB answers 202407 once).
    refused("SELECT PERIOD_ADD(202401, COUNT(*)) FROM tf");
    refused("SELECT PERIOD_DIFF(202401, 202300 + COUNT(1)) FROM tf");
    refused("SELECT id, PERIOD_ADD(202401, ROW_NUMBER() OVER (ORDER BY id)) FROM tf");
    sameAnswers(
        "SELECT PERIOD_ADD(202401, (SELECT COUNT(*) FROM tf)), PERIOD_DIFF(MAX(p), 6912),"
            + " PERIOD_ADD(202401, COUNT(p)) FROM tf");
    // A duration, and a time string read as a date: the timestamp cast refuses them.
    refused("SELECT EXTRACT(DAY_HOUR FROM tm) FROM tf");
    refused("SELECT EXTRACT(HOUR_MINUTE FROM tod) FROM tf");
    refused("SELECT EXTRACT(YEAR_MONTH FROM '10:00:00')");
    refused("SELECT TO_SECONDS('10:00:00')");
    // MariaDB's DAY_MINUTE and DAY_SECOND of a text column are a BIGINT, of a date-time an INT.
    refused("SELECT EXTRACT(DAY_SECOND FROM s) FROM tf WHERE id = 1");
  }

  @Test
  void writes_store_the_same_values_on_both_sides() throws Exception {
    String url = url(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = DriverManager.getConnection(url)) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE tf SET n = PERIOD_DIFF(?, p)")) {
        ps.setInt(1, 202501);
        assertEquals(6, ps.executeUpdate());
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO tf (id, p, n, s) VALUES (?, PERIOD_ADD(?, ?),"
                  + " EXTRACT(DAY_MINUTE FROM ?), TIME_FORMAT(?, '%H:%i'))")) {
        ps.setInt(1, 7);
        ps.setInt(2, 2412);
        ps.setInt(3, 2);
        ps.setString(4, "2024-01-02 03:04:05");
        ps.setString(5, "-100:30:00");
        assertEquals(1, ps.executeUpdate());
        ps.setInt(1, 8);
        ps.setNull(2, java.sql.Types.INTEGER);
        ps.setInt(3, 2);
        ps.setNull(4, java.sql.Types.VARCHAR);
        ps.setNull(5, java.sql.Types.VARCHAR);
        assertEquals(1, ps.executeUpdate());
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE tf SET s = TIME_FORMAT(tm, '%T'), p = TO_SECONDS(d) % 1000000 WHERE id <= ?")) {
        ps.setInt(1, 6);
        assertEquals(6, ps.executeUpdate());
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String all = "SELECT id, p, n, s FROM tf ORDER BY id";
    assertEquals(DBS.mariadb().query(all), DBS.postgres().query(all));
    assertEquals(
        List.of(List.of(7, 202502, 20304, "-100:30"), List.of(1, 372800, 12, "100:05:03")),
        DBS.mariadb().query("SELECT id, p, n, s FROM tf WHERE id IN (7, 1) ORDER BY id DESC"));
  }
}
