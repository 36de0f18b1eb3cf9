package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FoundRowsTest {
  private static void counts(String sql, String expected, int parameters) {
    FoundRows.Count c = FoundRows.count(sql);
    assertEquals(new FoundRows.Count(expected, parameters), c, sql);
  }

  @Test
  void the_count_query_drops_the_modifier_and_the_top_level_limit() {
    counts(
        "SELECT SQL_CALC_FOUND_ROWS * FROM t WHERE a > ? ORDER BY id LIMIT ?, ?",
        "SELECT count(*) FROM (SELECT  * FROM t WHERE a > ? ORDER BY id) cutover_found_rows",
        1);
    counts(
        "select sql_calc_found_rows id from t where a = ? limit ? offset ?",
        "SELECT count(*) FROM (select  id from t where a = ?) cutover_found_rows",
        1);
    counts(
        "SELECT SQL_CALC_FOUND_ROWS id FROM t LIMIT 10",
        "SELECT count(*) FROM (SELECT  id FROM t) cutover_found_rows",
        0);
    counts(
        "SELECT SQL_CALC_FOUND_ROWS id FROM t LIMIT 5, 10;",
        "SELECT count(*) FROM (SELECT  id FROM t) cutover_found_rows",
        0);
    counts(
        "SELECT SQL_CALC_FOUND_ROWS id FROM t LIMIT 0",
        "SELECT count(*) FROM (SELECT  id FROM t) cutover_found_rows",
        0);
    // Without LIMIT: every row.
    counts(
        "SELECT SQL_CALC_FOUND_ROWS id FROM t WHERE b = ?",
        "SELECT count(*) FROM (SELECT  id FROM t WHERE b = ?) cutover_found_rows",
        1);
  }

  @Test
  void other_modifiers_stay_and_may_come_first() {
    counts(
        "SELECT DISTINCT SQL_CALC_FOUND_ROWS v FROM t LIMIT 1",
        "SELECT count(*) FROM (SELECT DISTINCT  v FROM t) cutover_found_rows",
        0);
    counts(
        "SELECT SQL_NO_CACHE SQL_CALC_FOUND_ROWS DISTINCT v FROM t LIMIT 1",
        "SELECT count(*) FROM (SELECT SQL_NO_CACHE  DISTINCT v FROM t) cutover_found_rows",
        0);
  }

  @Test
  void a_limit_in_a_subquery_or_union_member_stays() {
    counts(
        "SELECT SQL_CALC_FOUND_ROWS id FROM (SELECT id FROM t ORDER BY id LIMIT ?) s"
            + " WHERE id > ? LIMIT ?",
        "SELECT count(*) FROM (SELECT  id FROM (SELECT id FROM t ORDER BY id LIMIT ?) s"
            + " WHERE id > ?) cutover_found_rows",
        2);
    counts(
        "SELECT SQL_CALC_FOUND_ROWS id FROM t WHERE g = 1 UNION SELECT id FROM u ORDER BY id"
            + " LIMIT 1",
        "SELECT count(*) FROM (SELECT  id FROM t WHERE g = 1 UNION SELECT id FROM u ORDER BY id)"
            + " cutover_found_rows",
        0);
    counts(
        "(SELECT SQL_CALC_FOUND_ROWS id FROM t LIMIT 1) UNION (SELECT id FROM u) LIMIT 2",
        "SELECT count(*) FROM ((SELECT  id FROM t LIMIT 1) UNION (SELECT id FROM u))"
            + " cutover_found_rows",
        0);
  }

  @Test
  void a_locking_clause_is_not_counted_with() {
    counts(
        "SELECT SQL_CALC_FOUND_ROWS id FROM t WHERE a = ? LIMIT ? FOR UPDATE",
        "SELECT count(*) FROM (SELECT  id FROM t WHERE a = ?) cutover_found_rows",
        1);
    counts(
        "SELECT SQL_CALC_FOUND_ROWS id FROM t LOCK IN SHARE MODE",
        "SELECT count(*) FROM (SELECT  id FROM t) cutover_found_rows",
        0);
    // A column named lock is not a locking clause.
    counts(
        "SELECT SQL_CALC_FOUND_ROWS id FROM t WHERE lock IN (1, 2) LIMIT 1",
        "SELECT count(*) FROM (SELECT  id FROM t WHERE lock IN (1, 2)) cutover_found_rows",
        0);
  }

  @Test
  void shapes_not_read_entirely_have_no_count() {
    assertNull(FoundRows.count("SELECT id FROM t LIMIT 1"));
    assertNull(FoundRows.count("SELECT id, found_rows FROM t LIMIT 1"));
    assertNull(FoundRows.count("SELECT id FROM t WHERE x = 'SQL_CALC_FOUND_ROWS' LIMIT 1"));
    assertNull(FoundRows.count("SELECT id FROM t /* SQL_CALC_FOUND_ROWS */ LIMIT 1"));
    assertNull(FoundRows.count("SELECT SQL_CALC_FOUND_ROWS id FROM t LIMIT 1; SELECT 1"));
    assertNull(FoundRows.count("SELECT SQL_CALC_FOUND_ROWS id FROM t LIMIT 1 INTO @x"));
    assertNull(FoundRows.count("SELECT SQL_CALC_FOUND_ROWS id INTO @x FROM t LIMIT 1"));
    assertNull(FoundRows.count("SELECT SQL_CALC_FOUND_ROWS id FROM t LIMIT 1 ROWS EXAMINED 9"));
    assertNull(FoundRows.count("SELECT SQL_CALC_FOUND_ROWS id FROM t OFFSET 2 ROWS"));
    assertNull(FoundRows.count("SELECT SQL_CALC_FOUND_ROWS id FROM t LIMIT @n"));
    assertNull(FoundRows.count("SELECT SQL_CALC_FOUND_ROWS id FROM t LIMIT 1 FOR UPDATE WAIT ?"));
    assertNull(FoundRows.count("SELECT /*!40001 SQL_CALC_FOUND_ROWS */ id FROM t LIMIT 1"));
    assertNull(FoundRows.count("(SELECT SQL_CALC_FOUND_ROWS id FROM t LIMIT 1)"));
    assertNull(FoundRows.count("WITH w AS (SELECT 1) SELECT SQL_CALC_FOUND_ROWS * FROM w"));
    assertNull(FoundRows.count("SELECT SQL_CALC_FOUND_ROWS LIMIT 1"));
    assertNull(FoundRows.count("SELECT SQL_CALC_FOUND_ROWS id FROM t LIMIT 1 UNION SELECT 2"));
  }

  @Test
  void the_count_query_translates_to_postgresql() {
    FoundRows.Count c =
        FoundRows.count(
            "SELECT SQL_CALC_FOUND_ROWS `id`, IFNULL(v, '') FROM t WHERE g >= ? LIMIT ?, ?");
    assertEquals(
        "SELECT count(*) AS \"count(*)\" FROM (SELECT  \"id\", COALESCE(v, '') AS \"IFNULL(v, '')\""
            + " FROM t WHERE g >= ?) cutover_found_rows",
        SqlTranslator.translateOrThrow(c.sql(), Dialect.MYSQL, Dialect.POSTGRES));
    // The statement itself loses the modifier there.
    assertEquals(
        "SELECT  \"id\" FROM t OFFSET ? LIMIT ?",
        SqlTranslator.translateOrThrow(
            "SELECT SQL_CALC_FOUND_ROWS `id` FROM t LIMIT ?, ?", Dialect.MYSQL, Dialect.POSTGRES));
    assertEquals(
        "SELECT DISTINCT  v FROM t",
        SqlTranslator.translateOrThrow(
            "SELECT DISTINCT SQL_CALC_FOUND_ROWS v FROM t", Dialect.MYSQL, Dialect.POSTGRES));
  }

  @Test
  void found_rows_calls_are_found_and_replaced() {
    assertTrue(FoundRows.uses("SELECT FOUND_ROWS()"));
    assertTrue(FoundRows.uses("select found_rows ( /* none */ ) as total"));
    assertFalse(FoundRows.uses("SELECT SQL_CALC_FOUND_ROWS id FROM t"));
    assertFalse(FoundRows.uses("SELECT 'FOUND_ROWS()'"));
    assertFalse(FoundRows.uses("SELECT t.found_rows() FROM t"));
    assertFalse(FoundRows.uses("SELECT found_rows FROM t"));
    assertTrue(FoundRows.mentions("select Found_Rows()"));
    assertFalse(FoundRows.mentions("select rows_found from t"));

    assertEquals(
        "SELECT CAST(7 AS SIGNED) AS `FOUND_ROWS()`",
        FoundRows.substitute("SELECT FOUND_ROWS()", 7));
    assertEquals(
        "select CAST(7 AS SIGNED) AS `found_rows()`;",
        FoundRows.substitute("select found_rows();", 7));
    assertEquals(
        "SELECT CAST(0 AS SIGNED) AS total",
        FoundRows.substitute("SELECT FOUND_ROWS() AS total", 0));
    assertEquals(
        "SELECT CAST(3 AS SIGNED) total, 1",
        FoundRows.substitute("SELECT FOUND_ROWS() total, 1", 3));
    assertEquals(
        "SELECT 1, CAST(3 AS SIGNED) AS `FOUND_ROWS()` FROM dual",
        FoundRows.substitute("SELECT 1, FOUND_ROWS() FROM dual", 3));
    assertEquals(
        "SELECT CAST(3 AS SIGNED) + 1, GREATEST(1, CAST(3 AS SIGNED))",
        FoundRows.substitute("SELECT FOUND_ROWS() + 1, GREATEST(1, FOUND_ROWS())", 3));
    assertEquals(
        "SELECT a FROM t ORDER BY a, CAST(3 AS SIGNED)",
        FoundRows.substitute("SELECT a FROM t ORDER BY a, FOUND_ROWS()", 3));
    assertEquals(
        "SELECT (SELECT CAST(3 AS SIGNED)) AS n",
        FoundRows.substitute("SELECT (SELECT FOUND_ROWS()) AS n", 3));
    assertEquals(
        "SELECT CAST(3 AS BIGINT) AS \"FOUND_ROWS()\"",
        SqlTranslator.translateOrThrow(
            FoundRows.substitute("SELECT FOUND_ROWS()", 3), Dialect.MYSQL, Dialect.POSTGRES));
  }

  @Test
  void a_select_list_alone_is_one_row() {
    assertTrue(FoundRows.oneRow("SELECT FOUND_ROWS()"));
    assertTrue(FoundRows.oneRow("select found_rows() as total, (select max(a) from t) m;"));
    assertFalse(FoundRows.oneRow("SELECT FOUND_ROWS() FROM t"));
    assertFalse(FoundRows.oneRow("SELECT 1 WHERE 1 = 0"));
    assertFalse(FoundRows.oneRow("SELECT 1 LIMIT 0"));
    assertFalse(FoundRows.oneRow("SELECT 1 UNION SELECT 2"));
    assertFalse(FoundRows.oneRow("SELECT 1; SELECT 2"));
    assertFalse(FoundRows.oneRow("SHOW TABLES"));
  }
}
