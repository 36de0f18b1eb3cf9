package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Translations that evaluate their arguments once in a sub-query of their own are left when an
 * argument holds a window or an aggregate naming no column: PostgreSQL would evaluate it in the
 * sub-query's single row ({@code FROM_DAYS(738000 + COUNT(*))} counting 1 on every row).
 */
class SubQueryArgumentsTest {
  private static String pg(String sql) {
    return SqlTranslator.translateWithoutLabelsOrThrow(sql, Dialect.MYSQL, Dialect.POSTGRES);
  }

  @Test
  void a_column_less_aggregate_or_a_window_keeps_the_call_as_written() {
    assertEquals(
        "SELECT FROM_DAYS(738000 + COUNT(*)) AS d FROM t",
        pg("SELECT FROM_DAYS(738000 + COUNT(*)) AS d FROM t"));
    assertEquals(
        "SELECT FIND_IN_SET(COUNT(*), '1,2') FROM t",
        pg("SELECT FIND_IN_SET(COUNT(*), '1,2') FROM t"));
    assertEquals(
        "SELECT MAKEDATE(2024, ROW_NUMBER() OVER (ORDER BY id)) FROM t",
        pg("SELECT MAKEDATE(2024, ROW_NUMBER() OVER (ORDER BY id)) FROM t"));
    // Its arguments are still translated one by one.
    assertEquals(
        "SELECT FROM_DAYS(COALESCE(SUM(1), 0)) FROM t",
        pg("SELECT FROM_DAYS(IFNULL(SUM(1), 0)) FROM t"));
  }

  @Test
  void an_aggregate_of_a_column_or_a_plain_argument_is_translated() {
    assertTrue(pg("SELECT FROM_DAYS(MAX(n)) FROM t").contains("FROM (SELECT CAST(CAST(MAX(n)"));
    assertTrue(pg("SELECT FIND_IN_SET(?, tags) FROM t").contains("FROM (SELECT CAST(? AS TEXT)"));
    assertTrue(
        pg("SELECT FROM_DAYS((SELECT COUNT(*) FROM u)) FROM t")
            .startsWith("SELECT (SELECT CASE WHEN n >= 366"));
    // A call without a sub-query of its own is translated whatever its arguments hold.
    assertEquals("SELECT COALESCE(SUM(1), 0) FROM t", pg("SELECT IFNULL(SUM(1), 0) FROM t"));
  }
}
