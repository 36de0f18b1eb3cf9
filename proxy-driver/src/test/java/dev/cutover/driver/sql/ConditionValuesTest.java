package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * MySQL's conditions used as numbers (1, 0, NULL), which are booleans in PostgreSQL: cast where
 * PostgreSQL refused them (sums, arithmetic) or answered a boolean to the application (the
 * outermost select list). {@code MariaDbToPostgresConditionValuesTest} compares the answers on both
 * databases.
 */
class ConditionValuesTest {
  private static String pg(String sql) {
    return SqlTranslator.translateWithoutLabelsOrThrow(sql, Dialect.MYSQL, Dialect.POSTGRES);
  }

  private static void leftAlone(String sql) {
    assertEquals(sql, pg(sql));
  }

  @Test
  void an_aggregate_of_a_condition_counts_its_rows() {
    assertEquals(
        "SELECT SUM(CAST(CAST((status = 'paid') AS INTEGER) AS NUMERIC)) AS paid FROM orders",
        pg("SELECT SUM(status = 'paid') AS paid FROM orders"));
    assertEquals(
        "SELECT round(AVG(CAST((score > 5) AS INTEGER)), 4), MIN(CAST((a IS NULL) AS INTEGER)),"
            + " MAX(CAST((b LIKE 'x%') AS INTEGER)) FROM t",
        pg("SELECT AVG(score > 5), MIN(a IS NULL), MAX(b LIKE 'x%') FROM t"));
    assertEquals(
        "SELECT SUM(DISTINCT CAST(CAST((a > 1) AS INTEGER) AS NUMERIC)), SUM(CAST(CAST((a > 1) AS INTEGER) AS NUMERIC)) FROM t",
        pg("SELECT SUM(DISTINCT a > 1), SUM((a > 1)) FROM t"));
    // Anywhere in the statement: HAVING, a divisor, a window.
    assertEquals(
        "SELECT g FROM t GROUP BY g HAVING SUM(CAST(CAST((qty > 0 AND price > 10) AS INTEGER) AS NUMERIC)) > 2"
            + " ORDER BY g NULLS FIRST",
        pg("SELECT g FROM t GROUP BY g HAVING SUM(qty > 0 AND price > 10) > 2"));
    assertEquals(
        "SELECT MAX(CAST((a > 0) AS INTEGER)) OVER (PARTITION BY g) FROM t",
        pg("SELECT MAX(a > 0) OVER (PARTITION BY g) FROM t"));
    // An AVG over a window keeps PostgreSQL's digits: the rounding would have to wrap OVER.
    leftAlone("SELECT id FROM t WHERE x > (SELECT AVG(a > 0) OVER () FROM u LIMIT 1)");
    // Aggregates of values are values.
    leftAlone("SELECT SUM(a), AVG(b + 1), MAX(CASE WHEN a = 1 THEN 2 END), COUNT(a = b) FROM t");
  }

  @Test
  void a_parenthesised_condition_in_arithmetic_is_its_number() {
    assertEquals(
        "SELECT id FROM t WHERE CAST((a = b) AS INTEGER) + CAST((c = d) AS INTEGER) > 1",
        pg("SELECT id FROM t WHERE (a = b) + (c = d) > 1"));
    assertEquals(
        "UPDATE t SET n = CAST((a = b) AS INTEGER) * 10 - CAST((c IS NULL) AS INTEGER) WHERE id"
            + " = ?",
        pg("UPDATE t SET n = (a = b) * 10 - (c IS NULL) WHERE id = ?"));
    // A call's arguments, an IN list and a sub-query are not conditions in parentheses.
    leftAlone("SELECT id FROM t WHERE f(a = b) + 1 > 0 AND x IN (1, 2) AND (SELECT 1) + 1 = 2");
    leftAlone("SELECT id FROM t WHERE (a = b) AND (c + 1) * 2 > 0");
  }

  @Test
  void a_condition_the_application_reads_is_its_number() {
    assertEquals(
        "SELECT id, CAST((status = 'paid') AS INTEGER), CAST((a > b) AS INTEGER) AS x,"
            + " CAST((a IS NOT NULL) AS INTEGER) isn FROM t",
        pg("SELECT id, status = 'paid', a > b AS x, a IS NOT NULL isn FROM t"));
    assertEquals(
        "SELECT CAST((EXISTS(SELECT 1 FROM t WHERE id = ?)) AS INTEGER)",
        pg("SELECT EXISTS(SELECT 1 FROM t WHERE id = ?)"));
    assertEquals(
        "SELECT CAST(((a) IS NULL) AS INTEGER), CAST((a IS NOT DISTINCT FROM b) AS INTEGER),"
            + " CAST((TRUE) AS INTEGER), CAST((NOT a) AS INTEGER), CAST((a ~* 'x') AS INTEGER),"
            + " CAST((a IN (1, 2)) AS INTEGER), CAST((a BETWEEN 1 AND 2) AS INTEGER) FROM t",
        pg(
            "SELECT ISNULL(a), a <=> b, TRUE, NOT a, a REGEXP 'x', a IN (1, 2), a BETWEEN 1 AND 2"
                + " FROM t"));
    assertEquals(
        "SELECT DISTINCT CAST((COUNT(*) > 0) AS INTEGER) FROM t FOR UPDATE",
        pg("SELECT DISTINCT COUNT(*) > 0 FROM t FOR UPDATE"));
    assertEquals(
        "WITH c AS (SELECT a = b AS e FROM t) SELECT e, CAST((e IS NULL) AS INTEGER) FROM c",
        pg("WITH c AS (SELECT a = b AS e FROM t) SELECT e, e IS NULL FROM c"));
  }

  @Test
  void conditions_whose_consumer_may_want_a_boolean_are_left() {
    // Into a column (a boolean one, pgloader's TINYINT(1)), a UNION's columns, a sub-query, and
    // where they are conditions.
    leftAlone("INSERT INTO t (f) SELECT a = b FROM u");
    leftAlone("SELECT a = b FROM t UNION SELECT c = d FROM u");
    leftAlone("SELECT (SELECT a = b FROM t LIMIT 1) AS s");
    leftAlone("SELECT id FROM t WHERE a = b AND (c IS NULL OR d LIKE 'x') ORDER BY a = b");
    leftAlone("SELECT CASE WHEN a = b THEN 1 ELSE 0 END, IF_X(a = b), x FROM t");
  }
}
