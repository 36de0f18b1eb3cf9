package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * POSITION, STRCMP, INSERT(s, p, n, new), QUOTE, INET_ATON, INET_NTOA, MAKE_SET, EXPORT_SET,
 * SOUNDEX and FROM_BASE64 as the text PostgreSQL receives (StringFunctions); their answers are
 * compared with MariaDB's in MariaDbToPostgresStringFunctionsTest.
 */
class StringFunctionsTest {
  private static void rewrites(String mysql, String expected) {
    assertEquals(expected, Labelled.withoutLabels(mysql));
  }

  private static void leftAlone(String mysql) {
    assertEquals(mysql, Labelled.withoutLabels(mysql));
  }

  @Test
  void position_lowers_both_sides_and_keeps_the_parameters_in_order() {
    rewrites(
        "SELECT POSITION(? IN name), position('a' in lower(?)) FROM t",
        "SELECT position(lower(?) IN lower(name)), position(lower('a') in lower(lower(?))) FROM t");
  }

  @Test
  void insert_the_function_reads_its_arguments_once_and_the_statement_stays() {
    rewrites(
        "UPDATE t SET a = INSERT(a, ?, 2, ?) WHERE id = ?",
        "UPDATE t SET a = (SELECT CASE WHEN a1 IS NULL OR a2 IS NULL OR a3 IS NULL OR a4 IS NULL"
            + " THEN NULL WHEN a2 < 1 OR a2 > char_length(a1) THEN a1 ELSE overlay(a1 PLACING a4"
            + " FROM CAST(a2 AS INTEGER) FOR CAST(CASE WHEN a3 < 0 OR a3 > char_length(a1) - a2 +"
            + " 1 THEN char_length(a1) - a2 + 1 ELSE a3 END AS INTEGER)) END FROM (SELECT (a ||"
            + " ''), CAST(? AS BIGINT), CAST(2 AS BIGINT), (? || '')) AS cutover_insert(a1, a2,"
            + " a3, a4)) WHERE id = ?");
    leftAlone("INSERT INTO t (a) VALUES (1)");
    leftAlone("INSERT t (a) VALUES (1)");
    leftAlone("SELECT position, insert, quote FROM t");
  }

  @Test
  void quote_escapes_without_a_sub_query() {
    rewrites(
        "SELECT QUOTE(name) FROM t",
        "SELECT COALESCE('''' || replace(replace(replace((name || ''), '\\', '\\\\'), '''',"
            + " '\\'''), chr(26), '\\Z') || '''', 'NULL') FROM t");
    // MariaDB answers QUOTE(NULL) with bytes.
    leftAlone("SELECT QUOTE(NULL) FROM t");
  }

  @Test
  void tables_named_like_the_functions_stay() {
    leftAlone("INSERT INTO quote(a) VALUES (1)");
    leftAlone("INSERT soundex (a) VALUES (1)");
    leftAlone("REPLACE LOW_PRIORITY strcmp(a) VALUES (1)");
    leftAlone("UPDATE make_set SET a = 1");
    leftAlone("SELECT * FROM a JOIN soundex ON soundex.id = a.id");
  }

  @Test
  void ddl_and_on_duplicate_key_update_keep_the_calls_that_need_a_sub_query() {
    leftAlone("CREATE TABLE t (a VARCHAR(9), b INT AS (STRCMP(a, 'x')))");
    leftAlone(
        "INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE b = QUOTE(a), c = SOUNDEX(a),"
            + " d = INET_ATON(a)");
  }

  @Test
  void conv_with_bases_that_are_not_integer_literals_of_2_to_36_stays() {
    leftAlone("SELECT CONV(a, ?, 2), CONV(a, 16.5, 10), CONV(a, 10, 37), CONV(a, -1, 2) FROM t");
    String sql = Labelled.withoutLabels("SELECT CONV(?, 16, -10) FROM t");
    assertEquals(-1, sql.indexOf("CONV("), sql);
    assertEquals(1, sql.split("\\(\\? \\|\\| ''\\)").length - 1, sql);
  }

  @Test
  void a_double_literal_where_an_integer_is_read_stays() {
    // MariaDB rounds 2.5e0 half to even, PostgreSQL's numeric 2.5e0 half away from zero.
    leftAlone("SELECT INET_NTOA(2.5e0), MAKE_SET(2.5e0, 'a', 'b') FROM t");
  }

  @Test
  void the_other_functions_read_their_arguments_once_in_their_order() {
    String sql =
        Labelled.withoutLabels(
            "SELECT STRCMP(?, b), INET_ATON(?), INET_NTOA(?), MAKE_SET(?, ?, 'b'), EXPORT_SET(?,"
                + " 'Y', ?), SOUNDEX(?), FROM_BASE64(?) FROM t");
    assertEquals(10, sql.chars().filter(c -> c == '?').count(), sql);
    for (String f :
        new String[] {"STRCMP", "INET_", "MAKE_SET", "EXPORT_SET", "SOUNDEX", "FROM_"}) {
      assertEquals(-1, sql.indexOf(f + "("), sql);
    }
  }
}
