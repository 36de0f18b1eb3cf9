package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * TIMESTAMP(x), SUBSTR(s FROM p), CHAR(n), SPACE, ORD, the logarithms and powers, LOCATE(a, s,
 * pos), FROM_UNIXTIME(n, format) and BINARY in conditions, as the text PostgreSQL receives
 * (MoreFunctions).
 */
class MoreFunctionsTest {
  private static void rewrites(String mysql, String expected) {
    assertEquals(expected, Labelled.withoutLabels(mysql));
  }

  private static void leftAlone(String mysql) {
    assertEquals(mysql, Labelled.withoutLabels(mysql));
  }

  @Test
  void timestamp_of_a_value_is_a_cast_and_of_two_adds_the_time_as_an_interval() {
    rewrites(
        "SELECT id FROM t WHERE created > TIMESTAMP('2024-03-01') - INTERVAL 2 DAY",
        "SELECT id FROM t WHERE created > CAST('2024-03-01' AS TIMESTAMP) - INTERVAL '2 day'");
    rewrites(
        "SELECT TIMESTAMP(d, '01:02:03'), timestamp(?) FROM t",
        "SELECT (CAST(d AS TIMESTAMP) + CAST('01:02:03' AS INTERVAL)), cast(? as timestamp) FROM"
            + " t");
  }

  @Test
  void the_timestamp_literal_a_number_and_types_in_ddl_and_casts_stay() {
    leftAlone("SELECT TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP(20240301) FROM t");
    leftAlone("CREATE TABLE t (a TIMESTAMP(6), b CHAR(10), c BINARY(16))");
    // Tables named like a function.
    leftAlone("INSERT INTO log(a, b) VALUES (1, 2)");
    // MySQL's INTO is optional.
    leftAlone("INSERT log (a, b) VALUES (1, 2)");
    leftAlone("REPLACE LOW_PRIORITY log (a, b) VALUES (1, 2)");
    rewrites(
        "INSERT IGNORE space (a) VALUES (1)", "INSERT space (a) VALUES (1) ON CONFLICT DO NOTHING");
    leftAlone("INSERT HIGH_PRIORITY IGNORE log(a) SELECT 1");
    // After SELECT, HIGH_PRIORITY is a modifier: LOG is still a call.
    rewrites(
        "SELECT HIGH_PRIORITY LOG(8)",
        "SELECT  ln(NULLIF(GREATEST(CAST(8 AS DOUBLE PRECISION), 0), 0))");
    leftAlone("WITH log(a) AS (SELECT 1) SELECT a FROM log");
    leftAlone("UPDATE space SET a = 1");
    leftAlone("SELECT * FROM a JOIN log ON log.id = a.id");
    rewrites(
        "SELECT CAST(a AS CHAR(10)), CONVERT(a, CHAR(3)), CAST(a AS BINARY) FROM t",
        "SELECT CAST(a AS VARCHAR(10)), CAST(a AS VARCHAR(3)), CAST(a AS BYTEA) FROM t");
  }

  @Test
  void substr_with_from_and_for_is_the_comma_form_with_its_rules() {
    rewrites(
        "SELECT SUBSTR(name FROM 2 FOR 3), MID(name FROM -3), SUBSTRING(name FROM ? FOR ?),"
            + " substr(name from 2) FROM t",
        "SELECT SUBSTR(name, 2, 3), substring((name) FROM '.{3}$|$'), SUBSTR(name, ?, ?),"
            + " substr(name, 2) FROM t");
    rewrites(
        "SELECT MID(name FROM 2 FOR LENGTH(name) / 2) FROM t",
        "SELECT SUBSTR(name, 2, CAST((OCTET_LENGTH(name) / 2.0) AS INTEGER)) FROM t");
    rewrites(
        "SELECT SUBSTRING(name FROM 0 FOR 2) FROM t",
        "SELECT substr(substring((name) FROM '.{0}$|$'), 1, 2) FROM t");
  }

  @Test
  void char_is_the_low_bytes_of_each_integer_and_with_using_stays() {
    String b1 =
        "COALESCE(ltrim(substring(b1 FROM 5 FOR 3), decode('00', 'hex')) || substring(b1 FROM"
            + " 8), decode('', 'hex'))";
    String b2 = b1.replace("b1", "b2");
    rewrites(
        "SELECT CHAR(65), CHAR(77, ?) FROM t",
        "SELECT (SELECT "
            + b1
            + " FROM (SELECT int8send(CAST(65 AS BIGINT))) AS cutover_char(b1)), (SELECT "
            + b1
            + " || "
            + b2
            + " FROM (SELECT int8send(CAST(77 AS BIGINT)), int8send(CAST(? AS BIGINT))) AS"
            + " cutover_char(b1, b2)) FROM t");
    leftAlone("SELECT CHAR(65 USING utf8mb4) FROM t");
  }

  @Test
  void space_repeats_and_ord_reads_the_first_character_s_utf8_bytes() {
    rewrites(
        "SELECT SPACE(n), ORD(name) FROM t",
        "SELECT repeat(' ', CAST(n AS INTEGER)), CAST(CAST(('x' || lpad(encode(convert_to(left("
            + "CAST(name AS TEXT), 1), 'UTF8'), 'hex'), 8, '0')) AS BIT(32)) AS INTEGER) FROM t");
  }

  @Test
  void logarithms_are_natural_in_double_precision_and_null_for_zero_or_less() {
    String x = "NULLIF(GREATEST(CAST(x AS DOUBLE PRECISION), 0), 0)";
    rewrites(
        "SELECT LOG2(x), LOG(x), LOG10(x), LN(x) FROM t",
        "SELECT (ln("
            + x
            + ") / ln(CAST(2 AS DOUBLE PRECISION))), ln("
            + x
            + "), log10("
            + x
            + "), ln("
            + x
            + ") FROM t");
    rewrites(
        "SELECT LOG(?, x) FROM t",
        "SELECT (SELECT ln(x) / NULLIF(ln(b), 0) FROM (SELECT NULLIF(GREATEST(CAST(? AS DOUBLE"
            + " PRECISION), 0), 0), "
            + x
            + ") AS cutover_log(b, x)) FROM t");
    rewrites(
        "SELECT POW(d, 2), POWER(?, ?), EXP(d) FROM t",
        "SELECT power(CAST(d AS DOUBLE PRECISION), CAST(2 AS DOUBLE PRECISION)), power(CAST(? AS"
            + " DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION)), exp(CAST(d AS DOUBLE PRECISION))"
            + " FROM t");
    leftAlone("SELECT PI() FROM t");
  }

  @Test
  void locate_from_a_position_reads_each_argument_once_in_order() {
    rewrites(
        "SELECT LOCATE(?, name, ?), LOCATE('b', name) FROM t",
        "SELECT (SELECT CASE WHEN a IS NULL OR s IS NULL OR p IS NULL THEN NULL WHEN a = '' THEN"
            + " CASE WHEN p >= 1 AND p <= octet_length(s) AND p <= char_length(s) + 1 THEN"
            + " octet_length(substr(s, 1, p - 1)) + 1 ELSE 0 END WHEN p < 1 OR p >"
            + " char_length(s) THEN 0 WHEN position(a IN substr(s, p)) > 0 THEN position(a IN"
            + " substr(s, p)) + p - 1 ELSE 0 END FROM (SELECT lower(?), lower(name), CAST(? AS"
            + " INTEGER)) AS cutover_locate(a, s, p)), position(lower('b') IN lower(name)) FROM t");
  }

  @Test
  void from_unixtime_with_a_literal_format_is_to_char_of_the_date_time() {
    rewrites(
        "SELECT FROM_UNIXTIME(ts, '%Y-%m-%d %H:%i') FROM t",
        "SELECT to_char((SELECT CASE WHEN n >= 0 AND n < 2147483648 THEN CAST(to_timestamp(n) AS"
            + " TIMESTAMP) END FROM (SELECT CAST(ts AS NUMERIC)) AS cutover_epoch(n)),"
            + " 'YYYY-MM-DD HH24:MI') FROM t");
    leftAlone("SELECT FROM_UNIXTIME(ts, ?), FROM_UNIXTIME(ts, '%U') FROM t");
  }

  @Test
  void binary_beside_a_comparison_is_a_cast_to_text_and_elsewhere_stays() {
    rewrites(
        "SELECT id FROM t WHERE BINARY code = 'A31' AND code LIKE BINARY 'A3%' AND t.code ="
            + " BINARY ? AND BINARY code NOT LIKE 'B%'",
        "SELECT id FROM t WHERE CAST(code AS TEXT) = 'A31' AND code LIKE CAST('A3%' AS TEXT) AND"
            + " t.code = CAST(? AS TEXT) AND CAST(code AS TEXT) NOT LIKE 'B%'");
    rewrites(
        "UPDATE t SET n = n + 1 WHERE BINARY code = ?",
        "UPDATE t SET n = n + 1 WHERE CAST(code AS TEXT) = ?");
    leftAlone("SELECT BINARY code FROM t");
  }
}
