package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** MariaDB's date functions PostgreSQL lacks, as the text PostgreSQL receives (DateParts). */
class DatePartsTest {
  private static String pg(String mysql) {
    return Labelled.withoutLabels(mysql);
  }

  private static void rewrites(String mysql, String expected) {
    assertEquals(expected, pg(mysql));
  }

  private static void leftAlone(String mysql) {
    assertEquals(mysql, pg(mysql));
  }

  @Test
  void days_of_the_week_and_year_and_names_become_date_parts_and_to_char() {
    rewrites(
        "SELECT DAYOFWEEK(d), WEEKDAY(d), DAYOFYEAR(t.d), DAYNAME(d), MONTHNAME(d) FROM t",
        "SELECT (CAST(date_part('dow', d) AS INTEGER) + 1), (CAST(date_part('isodow', d) AS"
            + " INTEGER) - 1), CAST(date_part('doy', t.d) AS INTEGER), to_char(d, 'FMDay'),"
            + " to_char(d, 'FMMonth') FROM t");
  }

  @Test
  void a_parameter_or_string_is_read_as_a_timestamp_and_lower_case_stays_lower_case() {
    rewrites(
        "SELECT dayofweek(?), DAYNAME('2024-03-10 10:00:00') FROM t",
        "SELECT (cast(date_part('dow', cast(? as timestamp)) as integer) + 1),"
            + " to_char(CAST('2024-03-10 10:00:00' AS TIMESTAMP), 'FMDay') FROM t");
  }

  @Test
  void a_null_literal_is_cast_as_postgresql_cannot_choose_a_function_for_it() {
    rewrites(
        "SELECT DAYOFWEEK(NULL), DAYNAME(NULL), WEEK(NULL, 1), MICROSECOND(NULL) FROM t",
        "SELECT (CAST(date_part('dow', CAST(NULL AS TIMESTAMP)) AS INTEGER) + 1),"
            + " to_char(CAST(NULL AS TIMESTAMP), 'FMDay'), CAST(floor((date_part('doy',"
            + " CAST(NULL AS TIMESTAMP)) - date_part('isodow', CAST(NULL AS TIMESTAMP)) + 10) / 7)"
            + " AS INTEGER), (CAST(date_part('microseconds', CAST(NULL AS TIME)) AS INTEGER) %"
            + " 1000000) FROM t");
  }

  @Test
  void iso_weeks_are_postgresql_s_week_and_iso_year() {
    rewrites(
        "SELECT WEEKOFYEAR(d), WEEK(d, 3), YEARWEEK(d, 1), YEARWEEK(d, 3) FROM t",
        "SELECT CAST(date_part('week', d) AS INTEGER), CAST(date_part('week', d) AS INTEGER),"
            + " CAST(to_char(d, 'IYYYIW') AS INTEGER), CAST(to_char(d, 'IYYYIW') AS INTEGER)"
            + " FROM t");
  }

  @Test
  void modes_that_count_a_week_in_the_year_before_take_the_week_of_the_day_deciding_its_year() {
    rewrites(
        "SELECT WEEK(d, 2), WEEK(d, 6), WEEK(d, 7) FROM t",
        "SELECT CAST(to_char(date_trunc('week', CAST(d AS TIMESTAMP) + INTERVAL '1 day') -"
            + " INTERVAL '1 day', 'WW') AS INTEGER), CAST(to_char(date_trunc('week', CAST(d AS"
            + " TIMESTAMP) + INTERVAL '1 day') + INTERVAL '2 day', 'WW') AS INTEGER),"
            + " CAST(to_char(date_trunc('week', CAST(d AS TIMESTAMP)), 'WW') AS INTEGER) FROM t");
    // YEARWEEK counts as WEEK's mode 2, 6 or 7 in modes 0 and 2, 4 and 6, 5 and 7.
    rewrites(
        "SELECT YEARWEEK(d), YEARWEEK(d, 4), YEARWEEK(?, 5) FROM t",
        "SELECT CAST(to_char(date_trunc('week', CAST(d AS TIMESTAMP) + INTERVAL '1 day') -"
            + " INTERVAL '1 day', 'YYYYWW') AS INTEGER), CAST(to_char(date_trunc('week', CAST(d"
            + " AS TIMESTAMP) + INTERVAL '1 day') + INTERVAL '2 day', 'YYYYWW') AS INTEGER),"
            + " CAST(to_char(date_trunc('week', CAST(? AS TIMESTAMP)), 'YYYYWW') AS INTEGER)"
            + " FROM t");
  }

  @Test
  void modes_with_a_week_0_write_a_column_twice_and_evaluate_anything_else_once() {
    rewrites(
        "SELECT WEEK(d), WEEK(d, 0), WEEK(t.d, 1), WEEK('2024-01-01', 4), WEEK(d, 5) FROM t",
        "SELECT CAST(floor((date_part('doy', d) - date_part('dow', d) + 6) / 7) AS INTEGER),"
            + " CAST(floor((date_part('doy', d) - date_part('dow', d) + 6) / 7) AS INTEGER),"
            + " CAST(floor((date_part('doy', t.d) - date_part('isodow', t.d) + 10) / 7) AS"
            + " INTEGER), CAST(floor((date_part('doy', CAST('2024-01-01' AS TIMESTAMP)) -"
            + " date_part('dow', CAST('2024-01-01' AS TIMESTAMP)) + 9) / 7) AS INTEGER),"
            + " CAST(floor((date_part('doy', d) - date_part('isodow', d) + 7) / 7) AS INTEGER)"
            + " FROM t");
    rewrites(
        "DELETE FROM t WHERE WEEK(?) = WEEK(NOW())",
        "DELETE FROM t WHERE (SELECT CAST(floor((date_part('doy', d) - date_part('dow', d) + 6)"
            + " / 7) AS INTEGER) FROM (SELECT CAST(? AS TIMESTAMP)) AS cutover_date(d)) = (SELECT"
            + " CAST(floor((date_part('doy', d) - date_part('dow', d) + 6) / 7) AS INTEGER) FROM"
            + " (SELECT NOW()) AS cutover_date(d))");
    // No sub-query in ON DUPLICATE KEY UPDATE: left as it is there.
    leftAlone("INSERT INTO t (id, w) VALUES (1, 2) ON DUPLICATE KEY UPDATE w = WEEK(?)");
  }

  @Test
  void a_mode_that_is_not_a_literal_from_0_to_7_is_left_alone() {
    leftAlone("SELECT WEEK(d, ?), WEEK(d, 8), YEARWEEK(d, -1), WEEK(d, 1.5) FROM t");
    leftAlone("SELECT WEEK(), DAYOFWEEK(a, b), YEARWEEK(a, 1, 2), MAKEDATE(2024) FROM t");
    // Units and qualified names stay what they are.
    leftAlone("SELECT t.week(d), EXTRACT(WEEK FROM d), EXTRACT(MICROSECOND FROM d) FROM t");
    rewrites("SELECT DATE_ADD(d, INTERVAL 1 WEEK) FROM t", "SELECT (d + INTERVAL '1 week') FROM t");
  }

  @Test
  void days_since_year_0_count_0001_01_01_as_366() {
    rewrites(
        "SELECT TO_DAYS(d), FROM_DAYS(n) FROM t",
        "SELECT (CAST(d AS DATE) - DATE '0001-01-01' + 366), (SELECT CASE WHEN n >= 366 AND n"
            + " <= 3652424 THEN DATE '0001-01-01' + CAST(n - 366 AS INTEGER) END FROM (SELECT"
            + " CAST(CAST(n AS NUMERIC) AS BIGINT)) AS cutover_days(n)) FROM t");
  }

  @Test
  void makedate_reads_two_digit_years_and_gives_null_outside_mariadb_s_range() {
    String year =
        "make_date(CAST(CASE WHEN y >= 0 AND y < 70 THEN y + 2000 WHEN y >= 70 AND y < 100 THEN"
            + " y + 1900 WHEN y >= 100 AND y <= 9999 THEN y END AS INTEGER), 1, 1)";
    rewrites(
        "SELECT MAKEDATE(?, ? /*day*/) FROM t",
        "SELECT (SELECT CASE WHEN n >= 1 AND n - 1 <= DATE '9999-12-31' - "
            + year
            + " THEN "
            + year
            + " + CAST(n - 1 AS INTEGER) END FROM (SELECT CAST(CAST(? AS NUMERIC) AS BIGINT),"
            + " CAST(CAST(? /*day*/ AS NUMERIC) AS BIGINT)) AS cutover_makedate(y, n)) FROM t");
  }

  @Test
  void microseconds_and_seconds_of_a_time() {
    rewrites(
        "SELECT MICROSECOND(at), MICROSECOND(?), TIME_TO_SEC(tm), TIME_TO_SEC('-01:00:00') FROM t",
        "SELECT (CAST(date_part('microseconds', at) AS INTEGER) % 1000000),"
            + " (CAST(date_part('microseconds', CAST(? AS TIME)) AS INTEGER) % 1000000),"
            + " trim_scale(EXTRACT(EPOCH FROM CAST(tm AS INTERVAL))), trim_scale(EXTRACT(EPOCH"
            + " FROM CAST('-01:00:00' AS INTERVAL))) FROM t");
  }

  @Test
  void sec_to_time_is_left_alone() {
    // PostgreSQL's time holds no duration beyond a day nor a negative one, which MariaDB's does.
    leftAlone("SELECT SEC_TO_TIME(n) FROM t");
  }
}
