package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MySQL's numeric and hashing functions, rewritten for the PostgreSQL type of their argument. */
class NumericFunctionsTest {
  /** t(id integer, big bigint, total numeric, weight double, score real, ...). */
  private static final BooleanLiterals.Types TYPES =
      (table, column) ->
          Map.of(
                  "t",
                  Map.of(
                      "id", "integer",
                      "big", "bigint",
                      "total", "numeric(10,2)",
                      "weight", "double precision",
                      "score", "real",
                      "active", "boolean",
                      "code", "character(6)",
                      "note", "character varying(100)",
                      "data", "bytea"))
              .getOrDefault(table, Map.of())
              .get(column);

  /** The application's MySQL as the PostgreSQL side receives it. */
  private static String pg(String mysql) throws Exception {
    String translated =
        SqlTranslator.translateWithoutLabelsOrThrow(mysql, Dialect.MYSQL, Dialect.POSTGRES);
    return NumericFunctions.rewrite(translated, List.of("t"), TYPES);
  }

  private static final String PATTERN =
      "'FM999,999,999,999,999,999,999,999,999,999,999,999,999,999,999,999,999,999,999,999,999,990";

  @Test
  void truncate_cuts_a_decimal_with_trunc_and_a_double_in_double_arithmetic() throws Exception {
    assertEquals(
        "SELECT trunc(total, 1), trunc(t.total, -2),"
            + " (trunc(CAST(weight AS DOUBLE PRECISION) * 100) / 100 + 0),"
            + " (trunc(CAST(score AS DOUBLE PRECISION) / 10) * 10 + 0),"
            + " (trunc(CAST('12.345' AS DOUBLE PRECISION) * 100) / 100 + 0) FROM t",
        pg(
            "SELECT TRUNCATE(total, 1), TRUNCATE(t.total, -2), TRUNCATE(weight, 2),"
                + " TRUNCATE(score, -1), TRUNCATE('12.345', 2) FROM t"));
  }

  @Test
  void truncate_keeps_an_integer_s_type_and_takes_an_unknown_argument_as_a_decimal()
      throws Exception {
    assertEquals(
        "SELECT CAST(trunc(id, -1) AS INTEGER), CAST(trunc(big, -3) AS BIGINT),"
            + " CAST(trunc(1234, -2) AS INTEGER), trunc(total * 1.1, 2), trunc(?, 2) FROM t",
        pg(
            "SELECT TRUNCATE(id, -1), TRUNCATE(big, -3), TRUNCATE(1234, -2),"
                + " TRUNCATE(total * 1.1, 2), TRUNCATE(?, 2) FROM t"));
    assertEquals(
        "UPDATE t SET total = trunc(total * 1.1, 2) WHERE id = ?",
        pg("UPDATE t SET total = TRUNCATE(total * 1.1, 2) WHERE id = ?"));
  }

  @Test
  void truncate_of_an_aggregate_or_integer_arithmetic_takes_mariadb_s_type_not_its_text_s_length()
      throws Exception {
    assertEquals(
        "SELECT trunc(SUM(id), -1), CAST(trunc(MAX(big), -3) AS BIGINT), trunc(AVG(id), 1),"
            + " CAST(trunc(MIN(id), -1) AS INTEGER), CAST(trunc(ABS(id), -1) AS BIGINT),"
            + " CAST(trunc(id + 1, -1) AS BIGINT), trunc(id / 2.0, 1) FROM t",
        pg(
            "SELECT TRUNCATE(SUM(id), -1), TRUNCATE(MAX(big), -3), TRUNCATE(AVG(id), 1),"
                + " TRUNCATE(MIN(id), -1), TRUNCATE(ABS(id), -1), TRUNCATE(id + 1, -1),"
                + " TRUNCATE(id / 2, 1) FROM t"));
  }

  @Test
  void round_of_a_double_rounds_its_product_half_to_even_as_mariadb_does() throws Exception {
    assertEquals(
        "SELECT (round(CAST(weight AS DOUBLE PRECISION) * 100) / 100 + 0),"
            + " (round(CAST(t.score AS DOUBLE PRECISION)) + 0),"
            + " (round(CAST(weight AS DOUBLE PRECISION) / 10) * 10 + 0),"
            + " (round(CAST(weight / 3.0 AS DOUBLE PRECISION) * 10) / 10 + 0),"
            + " (round(CAST(AVG(weight) AS DOUBLE PRECISION) * 100) / 100 + 0),"
            + " (round(CAST(ABS(weight - 10) AS DOUBLE PRECISION) * 10) / 10 + 0) FROM t",
        pg(
            "SELECT ROUND(weight, 2), ROUND(t.score, 0), ROUND(weight, -1), ROUND(weight / 3, 1),"
                + " ROUND(AVG(weight), 2), ROUND(ABS(weight - 10), 1) FROM t"));
  }

  @Test
  void round_of_a_string_or_double_literal_is_a_double_and_of_a_decimal_is_left() throws Exception {
    assertEquals(
        "SELECT (round(CAST('2.5' AS DOUBLE PRECISION)) + 0),"
            + " (round(CAST('12.345' AS DOUBLE PRECISION) * 100) / 100 + 0),"
            + " (round(CAST(-2.5e0 AS DOUBLE PRECISION)) + 0),"
            + " ROUND(total, 2), CAST(round(id, -1) AS BIGINT), ROUND(1234.5, -2), ROUND(weight),"
            + " ROUND(weight, ?)"
            + " FROM t",
        pg(
            "SELECT ROUND('2.5'), ROUND('12.345', 2), ROUND(-2.5e0), ROUND(total, 2),"
                + " ROUND(id, -1), ROUND(1234.5, -2), ROUND(weight), ROUND(weight, ?) FROM t"));
  }

  @Test
  void round_of_an_integer_is_an_integer_of_mariadb_s_type_and_never_a_double() throws Exception {
    assertEquals(
        "SELECT CAST(round(big, 0) AS BIGINT), CAST(round(id, 2) AS INTEGER),"
            + " round(big, -1), CAST(round(id + 1, 0) AS BIGINT), round(SUM(id), 0),"
            + " ROUND(id, ?), ROUND(12, -1) FROM t",
        pg(
            "SELECT ROUND(big), ROUND(id, 2), ROUND(big, -1), ROUND(id + 1), ROUND(SUM(id)),"
                + " ROUND(id, ?), ROUND(12, -1) FROM t"));
  }

  @Test
  void a_round_inside_a_round_is_a_double_when_its_argument_is() throws Exception {
    assertEquals(
        "SELECT (round(CAST((round(CAST(weight AS DOUBLE PRECISION) * 1000) / 1000 + 0) AS"
            + " DOUBLE PRECISION) * 100) / 100 + 0) FROM t",
        pg("SELECT ROUND(ROUND(weight, 3), 2) FROM t"));
  }

  @Test
  void format_is_to_char_of_the_rounded_value_with_a_comma_every_three_digits() throws Exception {
    assertEquals(
        "SELECT to_char(round(total, 2), "
            + PATTERN
            + ".00'), to_char(CAST((round(CAST(weight AS DOUBLE PRECISION)) + 0) AS NUMERIC), "
            + PATTERN
            + "'), to_char(round(-1234.5, 0), "
            + PATTERN
            + "'), to_char(round(total, 2), "
            + PATTERN
            + ".00'), FORMAT(total, 2, 'de_DE'), FORMAT(total, ?) FROM t",
        pg(
            "SELECT FORMAT(total, 2), FORMAT(weight, 0), FORMAT(-1234.5, -1),"
                + " FORMAT(total, 2, 'en_US'), FORMAT(total, 2, 'de_DE'), FORMAT(total, ?) FROM t"));
  }

  @Test
  void format_of_a_text_column_reads_it_as_a_double_and_is_never_postgresql_s_format()
      throws Exception {
    assertEquals(
        "SELECT to_char(CAST((round(CAST(note AS DOUBLE PRECISION) * 100) / 100 + 0) AS NUMERIC), "
            + PATTERN
            + ".00'), FORMAT(CAST(code AS DOUBLE PRECISION), ?),"
            + " FORMAT(CAST(note AS DOUBLE PRECISION), 2, 'de_DE') FROM t",
        pg("SELECT FORMAT(note, 2), FORMAT(code, ?), FORMAT(note, 2, 'de_DE') FROM t"));
  }

  @Test
  void format_has_at_most_38_places() throws Exception {
    assertEquals(
        "SELECT to_char(round(1234.5, 38), " + PATTERN + "." + "0".repeat(38) + "')",
        pg("SELECT FORMAT(1234.5, 40)"));
  }

  @Test
  void hex_spells_a_number_s_64_bits_a_string_s_utf8_bytes_and_a_bytea_s_bytes() throws Exception {
    assertEquals(
        "SELECT upper(to_hex(CAST(id AS BIGINT))), upper(to_hex(CAST(total AS BIGINT))),"
            + " upper(to_hex(CAST(trunc(CAST(weight AS DOUBLE PRECISION) + sign(weight) * 0.5)"
            + " AS BIGINT))), upper(encode(convert_to(code, 'UTF8'), 'hex')),"
            + " upper(encode(data, 'hex')), upper(encode(convert_to('abc', 'UTF8'), 'hex')),"
            + " upper(to_hex(CAST(active AS INTEGER))), HEX(?),"
            + " upper(encode(decode(?, 'hex'), 'hex')) FROM t",
        pg(
            "SELECT HEX(id), HEX(total), HEX(weight), HEX(code), HEX(data), HEX('abc'),"
                + " HEX(active), HEX(?), HEX(UNHEX(?)) FROM t"));
  }

  @Test
  void unhex_reads_an_odd_count_of_digits_with_a_zero_before_and_nothing_else_as_null()
      throws Exception {
    assertEquals(
        "SELECT decode('0414', 'hex'), CAST(NULL AS BYTEA), decode('', 'hex'),"
            + " CASE WHEN note ~ '^[0-9A-Fa-f]*$' THEN decode(lpad(note, length(note) +"
            + " length(note) % 2, '0'), 'hex') END, decode(?, 'hex'),"
            + " decode(REPLACE(CAST(gen_random_uuid() AS TEXT), '-', ''), 'hex') FROM t",
        pg(
            "SELECT UNHEX('414'), UNHEX('zz'), UNHEX(''), UNHEX(note), UNHEX(?),"
                + " UNHEX(REPLACE(UUID(), '-', '')) FROM t"));
  }

  @Test
  void sha2_is_postgresql_s_sha256_family_of_the_text_s_bytes_and_sha1_is_left() throws Exception {
    assertEquals(
        "SELECT encode(sha256(convert_to(code, 'UTF8')), 'hex'), encode(sha512(data), 'hex'),"
            + " encode(sha256(convert_to(CAST(id AS TEXT), 'UTF8')), 'hex'),"
            + " encode(sha224(convert_to(?, 'UTF8')), 'hex'), SHA2(code, 1), SHA1(code) FROM t",
        pg(
            "SELECT SHA2(code, 256), SHA2(data, 512), SHA2(id, 0), SHA2(?, 224), SHA2(code, 1),"
                + " SHA1(code) FROM t"));
  }

  @Test
  void text_functions_given_a_number_or_boolean_take_its_text_and_never_a_bytea_s()
      throws Exception {
    assertEquals(
        "SELECT LPAD(CAST(id AS TEXT), 5, '0'), RPAD(code, 8, '*'), LEFT(CAST(total AS TEXT),"
            + " 3), REPEAT(CAST(id AS TEXT), 2), REVERSE(CAST(CAST(active AS INTEGER) AS TEXT)),"
            + " LPAD(data, 5, '0'), LPAD(score, 5, '0'), MD5(CAST(id AS TEXT)), MD5(code),"
            + " LPAD(CAST(5 AS TEXT), 3, '0') FROM t",
        pg(
            "SELECT LPAD(id, 5, '0'), RPAD(code, 8, '*'), LEFT(total, 3), REPEAT(id, 2),"
                + " REVERSE(active), LPAD(data, 5, '0'), LPAD(score, 5, '0'), MD5(id), MD5(code),"
                + " LPAD(5, 3, '0') FROM t"));
  }

  @Test
  void a_decimal_quotient_or_average_is_given_to_no_text_function_as_postgresql_s_text()
      throws Exception {
    assertEquals(
        "SELECT LPAD(total / 3.0, 14, '0'), LEFT(AVG(id), 8), MD5(id / 2.0),"
            + " SHA2(total / 3.0, 256), LPAD(CAST(total * 3 AS TEXT), 14, '0') FROM t",
        pg(
            "SELECT LPAD(total / 3, 14, '0'), LEFT(AVG(id), 8), MD5(id / 2), SHA2(total / 3, 256),"
                + " LPAD(total * 3, 14, '0') FROM t"));
  }

  @Test
  void to_base64_and_bit_length_read_the_same_bytes_as_sha2() throws Exception {
    assertEquals(
        "SELECT rtrim(encode(convert_to(note, 'UTF8'), 'base64'), chr(10)), rtrim(encode(data,"
            + " 'base64'), chr(10)), CAST(bit_length(convert_to(CAST(id AS TEXT), 'UTF8')) AS"
            + " BIGINT), CAST(bit_length(convert_to(?, 'UTF8')) AS BIGINT), TO_BASE64(total /"
            + " 3.0) FROM t",
        pg(
            "SELECT TO_BASE64(note), TO_BASE64(data), BIT_LENGTH(id), BIT_LENGTH(?),"
                + " TO_BASE64(total / 3) FROM t"));
  }

  @Test
  void crc32_folds_the_bytes_in_a_recursive_query_read_once() throws Exception {
    String sql = pg("SELECT CRC32(data), CRC32(?) FROM t");
    assertEquals(2, sql.split("WITH RECURSIVE cutover_crc").length - 1, sql);
    assertEquals(1, sql.split("FROM \\(SELECT data\\) AS cutover_bytes").length - 1, sql);
    assertEquals(1, sql.split("FROM \\(SELECT convert_to\\(\\?, 'UTF8'\\)\\)").length - 1, sql);
  }

  @Test
  void oct_of_an_integer_column_or_literal_is_its_octal_digits_and_of_anything_else_is_left()
      throws Exception {
    String sql = pg("SELECT OCT(id), OCT(weight), OCT(?), OCT('12') FROM t");
    assertEquals(
        "SELECT substring(CAST((CAST(id AS BIGINT) >> 63) & 1 AS TEXT) || CAST((CAST(id AS"
            + " BIGINT) >> 60) & 7 AS TEXT) || ",
        sql.substring(0, sql.indexOf("CAST((CAST(id AS BIGINT) >> 57)")));
    assertEquals(
        " || CAST((CAST(id AS BIGINT) >> 0) & 7 AS TEXT) FROM '[1-7][0-7]*$|0$'), OCT(weight),"
            + " OCT(?), OCT('12') FROM t",
        sql.substring(sql.indexOf(" || CAST((CAST(id AS BIGINT) >> 0)")));
  }

  @Test
  void bin_of_an_integer_is_its_binary_digits_and_of_anything_else_is_left() throws Exception {
    assertEquals(
        "SELECT substring(CAST(CAST(CAST(id AS BIGINT) AS BIT(64)) AS TEXT) FROM '1[01]*$|0$'),"
            + " BIN(total), OCT(total), CONV(id, ?, 16) FROM t",
        pg("SELECT BIN(id), BIN(total), OCT(total), CONV(id, ?, 16) FROM t"));
  }

  @Test
  void a_derived_table_s_or_cte_s_column_is_not_read_as_the_table_column_of_its_name()
      throws Exception {
    String dbl = "(round(CAST(weight AS DOUBLE PRECISION) * 10) / 10 + 0)";
    assertEquals(
        "SELECT ROUND(weight, 1) FROM (SELECT total AS weight FROM t) s",
        pg("SELECT ROUND(weight, 1) FROM (SELECT total AS weight FROM t) s"));
    assertEquals(
        "WITH s AS (SELECT id, total weight FROM t) SELECT ROUND(weight, 1) FROM s",
        pg("WITH s AS (SELECT id, total weight FROM t) SELECT ROUND(weight, 1) FROM s"));
    assertEquals(
        "WITH s(weight) AS (SELECT total FROM t) SELECT ROUND(weight, 1) FROM s",
        pg("WITH s(weight) AS (SELECT total FROM t) SELECT ROUND(weight, 1) FROM s"));
    assertEquals(
        "SELECT ROUND(weight, 1) FROM (SELECT * FROM t) s",
        pg("SELECT ROUND(weight, 1) FROM (SELECT * FROM t) s"));
    // Inside the derived table, and qualified by a table, the name is the table's column.
    assertEquals(
        "SELECT r FROM (SELECT " + dbl + " AS weight FROM t) s",
        pg("SELECT r FROM (SELECT ROUND(weight, 1) AS weight FROM t) s"));
    assertEquals(
        "SELECT "
            + dbl.replace("weight", "t.weight")
            + " FROM t JOIN (SELECT id AS weight FROM t)"
            + " s ON s.weight = t.id",
        pg(
            "SELECT ROUND(t.weight, 1) FROM t JOIN (SELECT id AS weight FROM t) s"
                + " ON s.weight = t.id"));
  }

  @Test
  void a_statement_without_such_calls_is_returned_as_it_is() throws Exception {
    String sql = "SELECT id, weight FROM t WHERE note = 'round(weight, 2)'";
    assertEquals(sql, NumericFunctions.rewrite(sql, List.of("t"), TYPES));
    assertEquals("SELECT t.round(weight, 2) FROM t", pg("SELECT t.round(weight, 2) FROM t"));
  }
}
