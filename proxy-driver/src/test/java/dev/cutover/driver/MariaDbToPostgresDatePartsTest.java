package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MariaDB's date functions PostgreSQL lacks ({@code DAYOFWEEK}, {@code WEEK} in its modes, {@code
 * YEARWEEK}, ...) and {@code GROUP BY ... WITH ROLLUP}: each query run on MariaDB directly and
 * through the driver on PostgreSQL returns the same values, types and row order over JDBC.
 */
class MariaDbToPostgresDatePartsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  record Shape(String sql, boolean sameTypes, Object... params) {}

  /** A query whose values and JDBC column types must be MariaDB's. */
  static Shape typed(String sql, Object... params) {
    return new Shape(sql, true, params);
  }

  /** A query whose values must be MariaDB's, as numbers (an aggregate's type may differ). */
  static Shape valued(String sql, Object... params) {
    return new Shape(sql, false, params);
  }

  static final List<Shape> SHAPES =
      List.of(
          typed(
              "SELECT id, DAYOFWEEK(d), WEEKDAY(d), DAYNAME(d), MONTHNAME(d), DAYOFYEAR(d),"
                  + " WEEKOFYEAR(d) FROM dp ORDER BY id"),
          typed(
              "SELECT id, dayofweek(dt), weekday(dt), dayname(dt), monthname(dt), dayofyear(dt),"
                  + " weekofyear(dt) FROM dp ORDER BY id"),
          typed(
              "SELECT id, DAYOFWEEK(ts), WEEKDAY(ts), WEEK(ts), YEARWEEK(ts) FROM dp ORDER BY id"),
          typed(
              "SELECT id, WEEK(d), WEEK(d, 0), WEEK(d, 1), WEEK(d, 2), WEEK(d, 3), WEEK(d, 4),"
                  + " WEEK(d, 5), WEEK(d, 6), WEEK(d, 7) FROM dp ORDER BY id"),
          typed(
              "SELECT id, YEARWEEK(dt), YEARWEEK(dt, 0), YEARWEEK(dt, 1), YEARWEEK(dt, 2),"
                  + " YEARWEEK(dt, 3), YEARWEEK(dt, 4), YEARWEEK(dt, 5), YEARWEEK(dt, 6),"
                  + " YEARWEEK(dt, 7) FROM dp ORDER BY id"),
          typed("SELECT id, WEEK(DATE_ADD(d, INTERVAL 3 DAY), 1) FROM dp ORDER BY id"),
          typed(
              "SELECT DAYOFWEEK(?), WEEKDAY(?), DAYNAME(?), WEEK(?), WEEK(?, 5), YEARWEEK(?, 2)",
              LocalDate.of(2024, 12, 29),
              "2024-12-30",
              Timestamp.valueOf("2025-01-01 10:00:00"),
              "2027-01-02",
              LocalDate.of(2023, 1, 1),
              LocalDateTime.of(2022, 1, 1, 23, 59)),
          // A NULL literal is NULL, as MariaDB answers it (PostgreSQL could not choose a
          // date_part).
          valued(
              "SELECT DAYOFWEEK(NULL), WEEKDAY(NULL), DAYNAME(NULL), DAYOFYEAR(NULL), WEEK(NULL),"
                  + " WEEK(NULL, 1), WEEK(NULL, 2), YEARWEEK(NULL, 1), WEEKOFYEAR(NULL),"
                  + " MICROSECOND(NULL), TO_DAYS(NULL), TIME_TO_SEC(NULL)"),
          typed(
              "SELECT DAYOFWEEK('2024-03-10'), MONTHNAME('2024-03-10 10:00:00'),"
                  + " WEEK('2024-12-31', 1), YEARWEEK('2021-01-03'), DAYOFYEAR('2024-12-31')"),
          typed(
              "SELECT id, MAKEDATE(y, n), TO_DAYS(d), FROM_DAYS(TO_DAYS(d) + n), MICROSECOND(dt)"
                  + " FROM dp ORDER BY id"),
          typed(
              "SELECT MAKEDATE(?, 60), MAKEDATE(24, ?), MAKEDATE(2024, 0), MAKEDATE(99, 1),"
                  + " TO_DAYS(?), FROM_DAYS(?)",
              2023,
              366,
              "2000-02-29",
              730000),
          valued(
              "SELECT id, TIME_TO_SEC(tm), TIME_TO_SEC(?), TIME_TO_SEC('-01:00:00.25') FROM dp"
                  + " ORDER BY id",
              "100:00:00"),
          typed("SELECT id FROM dp WHERE WEEKDAY(d) < 5 AND WEEK(d, 3) = ? ORDER BY id", 1),
          valued(
              "SELECT YEARWEEK(d, 3) AS yw, COUNT(*) FROM dp WHERE d IS NOT NULL"
                  + " GROUP BY YEARWEEK(d, 3) ORDER BY yw"),
          valued(
              "SELECT WEEK(d) AS w, COUNT(*) FROM dp WHERE d IS NOT NULL GROUP BY WEEK(d)"
                  + " ORDER BY w"),
          // GROUP BY ... WITH ROLLUP: MariaDB refuses an ORDER BY beside it and sorts the groups,
          // each super-aggregate row after its group.
          valued("SELECT k, COUNT(*), SUM(n) FROM dp GROUP BY k WITH ROLLUP"),
          valued("SELECT k, j, COUNT(*), MAX(n) FROM dp GROUP BY k, j WITH ROLLUP"),
          valued("SELECT k, j, COUNT(*) FROM dp GROUP BY k DESC, j WITH ROLLUP"),
          valued(
              "SELECT k, COUNT(*) AS c FROM dp WHERE n > ? GROUP BY k WITH ROLLUP"
                  + " HAVING COUNT(*) > 1",
              0),
          valued("SELECT k, j, SUM(n) FROM dp GROUP BY k, j WITH ROLLUP LIMIT 4"),
          valued("SELECT k, j, SUM(n) FROM dp GROUP BY k, j WITH ROLLUP LIMIT 2, 3"),
          valued(
              "SELECT YEAR(d), MONTH(d), COUNT(*) FROM dp GROUP BY YEAR(d), MONTH(d) WITH ROLLUP"),
          valued(
              "SELECT * FROM (SELECT k, SUM(n) AS s FROM dp GROUP BY k WITH ROLLUP) AS x"
                  + " ORDER BY s, k"));

  @BeforeEach
  void tables() {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS dp",
            "CREATE TABLE dp (id INT PRIMARY KEY, d DATE, dt DATETIME(6), ts TIMESTAMP(6) NULL,"
                + " tm TIME(6), y INT, n INT, k VARCHAR(10), j INT)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS dp",
            "CREATE TABLE dp (id int PRIMARY KEY, d date, dt timestamp(6), ts timestamptz(6),"
                + " tm time(6), y int, n int, k varchar(10), j int)");
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      try (Connection c = db.connect();
          PreparedStatement ps =
              c.prepareStatement("INSERT INTO dp VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        String[] keys = {"b", "a", null, "c", "a", "b"};
        // Days around the turns of the years, where the week modes differ, and a NULL row.
        LocalDate[] days = {
          LocalDate.of(2020, 12, 27),
          LocalDate.of(2020, 12, 31),
          LocalDate.of(2021, 1, 1),
          LocalDate.of(2021, 1, 3),
          LocalDate.of(2021, 1, 4),
          LocalDate.of(2022, 1, 1),
          LocalDate.of(2022, 1, 2),
          LocalDate.of(2023, 12, 31),
          LocalDate.of(2024, 2, 29),
          LocalDate.of(2024, 12, 30),
          LocalDate.of(2026, 1, 1),
          LocalDate.of(2027, 1, 3),
          null
        };
        for (int i = 0; i < days.length; i++) {
          LocalDate day = days[i];
          ps.setInt(1, i + 1);
          ps.setObject(2, day);
          LocalDateTime at = day == null ? null : day.atTime(23, 59, 59, (i + 1) * 123_000);
          ps.setObject(3, at);
          ps.setObject(4, at == null ? null : Timestamp.valueOf(at));
          ps.setObject(5, at == null ? null : at.toLocalTime());
          ps.setObject(6, day == null ? null : i * 7 % 100);
          ps.setObject(7, day == null ? null : 1 + i * 37 % 400);
          ps.setString(8, keys[i % keys.length]);
          ps.setObject(9, i % 4 == 3 ? null : i % 3);
          ps.executeUpdate();
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
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

  /** Column types, then the rows in their order, values made comparable across the drivers. */
  static List<Object> read(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        List<Object> types = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          types.add(md.getColumnType(i));
        }
        List<Object> out = new ArrayList<>();
        out.add(types);
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            if (v instanceof java.sql.Date || v instanceof java.sql.Time) {
              v = v.toString();
            }
            row.add(MigrationFixture.normalize(v));
          }
          out.add(row);
        }
        return out;
      }
    }
  }

  /**
   * What MariaDB answers and PostgreSQL refuses (documented in driver.md): an invalid date, which
   * MariaDB reads as NULL with a warning, and the time of day of a date-time, which the rewrite of
   * {@code TIME_TO_SEC} reads through an interval; a rollup whose order the rewrite cannot give
   * (here by position, which PostgreSQL's {@code GROUPING} does not take) is left as it is.
   */
  static final List<String> REFUSED =
      List.of(
          "SELECT DAYOFWEEK('2024-02-30'), WEEK('2024-13-01')",
          "SELECT TIME_TO_SEC(dt) FROM dp",
          "SELECT k, COUNT(*) FROM dp GROUP BY 1 WITH ROLLUP");

  @Test
  void invalid_dates_time_to_sec_of_a_date_time_and_unordered_rollups_are_refused()
      throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection maria = DBS.mariadb().connect();
        Connection viaDriver = DriverManager.getConnection(url)) {
      for (String sql : REFUSED) {
        read(maria, sql);
        assertThrows(SQLException.class, () -> read(viaDriver, sql), sql);
      }
    }
  }

  @Test
  void each_shape_reads_on_postgresql_what_mariadb_returns() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    List<String> differ = new ArrayList<>();
    try (Connection maria = DBS.mariadb().connect();
        Connection viaDriver = DriverManager.getConnection(url)) {
      for (Shape s : SHAPES) {
        List<Object> expected = read(maria, s.sql(), s.params());
        try {
          List<Object> actual = read(viaDriver, s.sql(), s.params());
          if (!s.sameTypes()) {
            expected = expected.subList(1, expected.size());
            actual = actual.subList(1, actual.size());
          }
          if (!expected.equals(actual)) {
            differ.add(s.sql() + "\n  MariaDB:    " + expected + "\n  PostgreSQL: " + actual);
          }
        } catch (SQLException e) {
          differ.add(s.sql() + "\n  " + e.getMessage());
        }
      }
    }
    assertEquals(List.of(), differ, String.join("\n", differ));
  }

  /**
   * Every day from 2000 to 2030 in each week mode: the modes differ in the first day of the week
   * and in which week of a year is the first, so the days around each turn of a year tell them
   * apart.
   */
  @Test
  void week_functions_agree_with_mariadb_on_every_day_from_2000_to_2030() throws Exception {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS cal",
            "CREATE TABLE cal (d DATE PRIMARY KEY)",
            "INSERT INTO cal SELECT DATE '2000-01-01' + INTERVAL seq DAY FROM seq_0_to_11322");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS cal",
            "CREATE TABLE cal (d date PRIMARY KEY)",
            "INSERT INTO cal SELECT CAST(g AS date) FROM generate_series(DATE '2000-01-01',"
                + " DATE '2030-12-31', INTERVAL '1 day') AS g");
    assertEquals(11323, DBS.mariadb().queryLong("SELECT COUNT(*) FROM cal"));
    String sql =
        "SELECT d, WEEK(d), WEEK(d, 0), WEEK(d, 1), WEEK(d, 2), WEEK(d, 3), WEEK(d, 4),"
            + " WEEK(d, 5), WEEK(d, 6), WEEK(d, 7), YEARWEEK(d), YEARWEEK(d, 0), YEARWEEK(d, 1),"
            + " YEARWEEK(d, 2), YEARWEEK(d, 3), YEARWEEK(d, 4), YEARWEEK(d, 5), YEARWEEK(d, 6),"
            + " YEARWEEK(d, 7), WEEKOFYEAR(d), DAYOFWEEK(d), WEEKDAY(d), DAYOFYEAR(d),"
            + " DAYNAME(d), MONTHNAME(d), TO_DAYS(d), FROM_DAYS(TO_DAYS(d)),"
            + " MAKEDATE(YEAR(d), DAYOFYEAR(d)) FROM cal ORDER BY d";
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    List<Object> expected;
    List<Object> actual;
    try (Connection maria = DBS.mariadb().connect();
        Connection viaDriver = DriverManager.getConnection(url)) {
      expected = read(maria, sql);
      actual = read(viaDriver, sql);
    }
    assertEquals(11324, expected.size());
    assertEquals(expected.get(0), actual.get(0), "column types");
    for (int i = 1; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), "row " + i);
    }
  }

  static List<List<Object>> rows(TestDatabase db) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> r : db.query("SELECT id, d, n, j FROM dp ORDER BY id")) {
      List<Object> row = new ArrayList<>();
      for (Object v : r) {
        row.add(v instanceof java.sql.Date ? v.toString() : MigrationFixture.normalize(v));
      }
      out.add(row);
    }
    return out;
  }

  /** Writes that use the functions leave the secondary with the primary's rows. */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void writes_using_them_leave_both_databases_with_the_same_rows(Phase phase) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        PreparedStatement ps =
            c.prepareStatement("UPDATE dp SET j = YEARWEEK(d, 1) WHERE WEEK(?) = WEEK(d)")) {
      st.executeUpdate("UPDATE dp SET n = WEEK(d) * 1000 + WEEKDAY(d) * 10 + DAYOFWEEK(d)");
      ps.setObject(1, LocalDate.of(2021, 1, 2));
      ps.executeUpdate();
      st.executeUpdate("DELETE FROM dp WHERE DAYOFWEEK(d) = 1");
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    List<List<Object>> maria = rows(DBS.mariadb());
    // Sundays gone: 2020-12-27, 2021-01-03, 2022-01-02, 2023-12-31, 2027-01-03.
    assertEquals(8, maria.size(), maria.toString());
    assertEquals(
        List.of(BigDecimal.valueOf(2), "2020-12-31", BigDecimal.valueOf(52035), BigDecimal.ONE),
        maria.get(0));
    assertEquals(maria, rows(DBS.postgres()));
  }
}
