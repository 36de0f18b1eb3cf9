package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** MariaDB's time functions PostgreSQL lacks, as the text PostgreSQL receives (TimeFunctions). */
class TimeFunctionsTest {
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
  void compound_extract_units_are_to_char_patterns_of_a_timestamp() {
    rewrites(
        "SELECT EXTRACT(YEAR_MONTH FROM d), extract(second_microsecond from t.at) FROM t",
        "SELECT CAST(to_char(CAST(d AS TIMESTAMP), 'YYYYMM') AS INTEGER),"
            + " cast(to_char(cast(t.at as timestamp), 'SSUS') as integer) FROM t");
  }

  @Test
  void day_minute_and_day_second_are_a_bigint_of_a_string_and_refuse_a_text_column() {
    rewrites(
        "SELECT EXTRACT(DAY_SECOND FROM ?), EXTRACT(DAY_MINUTE FROM '2024-01-02 03:04'),"
            + " EXTRACT(DAY_SECOND FROM at), EXTRACT(DAY_MINUTE FROM at - INTERVAL 1 DAY) FROM t",
        "SELECT CAST(to_char(CAST(? AS TIMESTAMP), 'DDHH24MISS') AS BIGINT),"
            + " CAST(to_char(CAST('2024-01-02 03:04' AS TIMESTAMP), 'DDHH24MI') AS BIGINT),"
            + " CAST(to_char(CAST(((at) + INTERVAL '0 second') AS TIMESTAMP), 'DDHH24MISS') AS"
            + " INTEGER), CAST(to_char(CAST(((at - INTERVAL '1 day') + INTERVAL '0 second') AS"
            + " TIMESTAMP), 'DDHH24MI') AS INTEGER) FROM t");
  }

  @Test
  void simple_extract_units_are_left_alone() {
    leftAlone("SELECT EXTRACT(YEAR FROM d), EXTRACT(EPOCH FROM d) FROM t");
  }

  @Test
  void to_seconds_counts_whole_seconds_from_year_zero() {
    rewrites(
        "SELECT TO_SECONDS(at) FROM t",
        "SELECT (CAST(EXTRACT(EPOCH FROM date_trunc('second', CAST(at AS TIMESTAMP))) AS BIGINT)"
            + " + 62167219200) FROM t");
  }

  @Test
  void periods_read_each_argument_once_in_a_sub_query() {
    String sql = pg("SELECT PERIOD_ADD(p, ?), PERIOD_DIFF(?, 202401) FROM t");
    assertTrue(
        sql.contains(
            "FROM (SELECT CAST(p AS BIGINT), CAST(CAST(? AS TEXT) AS BIGINT)) AS cutover_period(p, n)"),
        sql);
    assertTrue(
        sql.contains(
            "FROM (SELECT CAST(CAST(? AS TEXT) AS BIGINT), CAST(202401 AS BIGINT)) AS cutover_period(p, q)"),
        sql);
    assertTrue(sql.contains("p > 999912 THEN 0"), sql);
  }

  @Test
  void time_format_builds_its_text_from_the_duration_s_parts() {
    String sql = pg("SELECT TIME_FORMAT(tm, 'It''s %H:%i') FROM t");
    assertTrue(
        sql.startsWith(
            "SELECT (SELECT CASE WHEN u IS NULL THEN NULL ELSE CASE WHEN u < 0 OR u = 0 AND"
                + " ltrim(s) LIKE '-%' THEN '-' ELSE '' END || 'It''s ' || CASE WHEN h < 10 THEN"
                + " '0' ELSE '' END || CAST(h AS TEXT) || ':' || lpad(CAST(mi AS TEXT), 2, '0')"
                + " END FROM"),
        sql);
    assertTrue(
        sql.endsWith(
            "FROM (SELECT tm) AS cutover_time(v)) AS cutover_seconds) AS"
                + " cutover_parts) AS cutover_clock) FROM t"),
        sql);
  }

  @Test
  void forms_mariadb_answers_otherwise_or_where_a_sub_query_cannot_stand_are_left_alone() {
    // A date code makes MariaDB's answer NULL; an empty format is NULL; the format a parameter.
    leftAlone("SELECT TIME_FORMAT(tm, '%Y %H') FROM t");
    leftAlone("SELECT TIME_FORMAT(tm, '') FROM t");
    leftAlone("SELECT TIME_FORMAT(tm, ?) FROM t");
    leftAlone("SELECT TIME_FORMAT(tm, '%-') FROM t");
    leftAlone("INSERT INTO t (id, p) VALUES (1, 2) ON DUPLICATE KEY UPDATE p = PERIOD_ADD(p, 1)");
    leftAlone("CREATE TABLE t2 (p INT DEFAULT (PERIOD_DIFF(202401, 202312)))");
    // An aggregate without a column, or a window, would be evaluated in the sub-query's one row.
    leftAlone("SELECT PERIOD_ADD(202401, COUNT(*)) FROM t");
    leftAlone("SELECT PERIOD_DIFF(202401, 202300 + Count(1)) FROM t");
    leftAlone("SELECT PERIOD_ADD(202401, ROW_NUMBER() OVER (ORDER BY id)) FROM t");
    leftAlone("SELECT TIME_FORMAT(MAX('10:00:00'), '%H') FROM t");
    leftAlone("SELECT PERIOD_ADD(202401, SUM(DISTINCT 2)) FROM t");
    assertTrue(pg("SELECT PERIOD_ADD((SELECT COUNT(*) FROM t), 1)").contains("cutover_period"));
    assertTrue(pg("SELECT PERIOD_DIFF(MAX(p), MIN(`p`)) FROM t").contains("cutover_period"));
    assertTrue(
        pg("SELECT PERIOD_ADD(202401, COUNT(DISTINCT p)) FROM t").contains("cutover_period"));
    // Functions whose answer is a MariaDB TIME: see TimeFunctions.
    leftAlone(
        "SELECT SEC_TO_TIME(n), MAKETIME(1, 2, 3), TIMEDIFF(a, b), ADDTIME(a, b), SUBTIME(a, b)"
            + " FROM t");
  }
}
