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
    // Into a column without a catalog at hand (a boolean one, pgloader's TINYINT(1)), a UNION's
    // column with another value, a sub-query's, and where they are conditions.
    leftAlone("INSERT INTO t (f) SELECT a = b FROM u");
    leftAlone("SELECT a = b FROM t UNION SELECT 'x' FROM u");
    leftAlone("SELECT id FROM t WHERE x IN (SELECT a = b FROM u)");
    leftAlone("SELECT id FROM t WHERE a = b AND (c IS NULL OR d LIKE 'x') ORDER BY a = b");
    leftAlone("SELECT CASE WHEN a = b THEN 1 ELSE 0 END, IF_X(a = b), x FROM t");
  }

  /** A catalog: {@code n} an integer, {@code s} text, {@code flag} a boolean, in every table. */
  private static String pgWithCatalog(String sql) {
    return SqlTranslator.translateOrThrow(
        sql,
        Dialect.MYSQL,
        Dialect.POSTGRES,
        (table, column) ->
            switch (column) {
              case "n", "qty" -> "integer";
              case "s" -> "character varying(10)";
              case "flag" -> "boolean";
              default -> null;
            });
  }

  @Test
  void a_condition_as_a_functions_value_is_its_number() {
    assertEquals(
        "SELECT COALESCE(CAST((a = b) AS INTEGER), 0), COALESCE(CAST((x > 5) AS INTEGER), 0),"
            + " ABS(CAST((a IS NULL) AS INTEGER)), NULLIF(CAST((a = b) AS INTEGER), 0),"
            + " COALESCE(CAST((a = b) AS INTEGER), CAST((c = d) AS INTEGER), -1, NULL) FROM t",
        pg(
            "SELECT COALESCE(a = b, 0), IFNULL(x > 5, 0), ABS(a IS NULL), NULLIF(a = b, 0),"
                + " COALESCE(a = b, c = d, -1, NULL) FROM t"));
    // MySQL's IF(c, a = b, 0) and GREATEST (NULL when an argument is).
    assertEquals(
        "SELECT id FROM t WHERE (CASE WHEN c THEN CAST((a = b) AS INTEGER) ELSE 0 END) = ?"
            + " AND (CASE WHEN (a > 0) IS NULL OR (5) IS NULL THEN NULL ELSE LEAST(CAST((a > 0) AS"
            + " INTEGER), 5) END) > 0",
        pg("SELECT id FROM t WHERE IF(c, a = b, 0) = ? AND LEAST(a > 0, 5) > 0"));
    // Beside an integer column the catalog knows.
    assertEquals(
        "SELECT COALESCE(CAST((a = b) AS INTEGER), qty) AS \"COALESCE(a = b, qty)\" FROM t",
        pgWithCatalog("SELECT COALESCE(a = b, qty) FROM t"));
    // IF's test is a truth; conditions only are a truth PostgreSQL accepts; beside a decimal,
    // a string or an unknown column the type would not be MySQL's.
    leftAlone(
        "SELECT id FROM t WHERE COALESCE(a = b, c = d) AND (CASE WHEN a = b THEN x ELSE y END)"
            + " > 0 AND COALESCE(a = b, 0.5) > 0 AND COALESCE(a = b, 'x') > '' AND COALESCE(a ="
            + " b, z) > 0 AND NULLIF(a = b, ?) > 0");
  }

  @Test
  void a_condition_as_text_or_a_decimal_is_its_numbers() {
    assertEquals(
        "SELECT (CAST((a = b) AS INTEGER)::text || ('x')::text), CAST(CAST((a > b) AS INTEGER) AS"
            + " TEXT), CAST(CAST((x IS NULL) AS INTEGER) AS DECIMAL(5,2)) FROM t",
        pg(
            "SELECT CONCAT(a = b, 'x'), CAST(a > b AS CHAR), CAST(x IS NULL AS DECIMAL(5,2)) FROM t"));
    // A column's text is its own; MySQL's SIGNED is its INTEGER where PostgreSQL's BIGINT is not.
    leftAlone("SELECT (a)::text, CAST(a AS TEXT), CAST(a = b AS BIGINT) FROM t");
  }

  @Test
  void a_condition_compared_with_a_number_is_its_number() {
    assertEquals(
        "SELECT id FROM t WHERE CAST((a = b) AS INTEGER) = 1 AND CAST((x IS NULL) <> 0 AND"
                .replace("CAST((x IS NULL) <> 0", "CAST((x IS NULL) AS INTEGER) <> 0")
            + " 1 <= CAST((a > b) AS INTEGER) AND CAST((c LIKE 'x%') AS INTEGER) = -1 AND"
            + " CAST((a > b) AS INTEGER) + 0 > 0",
        pg(
            "SELECT id FROM t WHERE (a = b) = 1 AND (x IS NULL) <> 0 AND 1 <= (a > b) AND (c"
                + " LIKE 'x%') = -1 AND (a > b) + 0 > 0"));
    assertEquals(
        "SELECT id FROM t WHERE CAST((a = b) AS INTEGER) = qty AND (a = b) = flag",
        pgWithCatalog("SELECT id FROM t WHERE (a = b) = qty AND (a = b) = flag"));
    // A parameter's type is the application's; a truth is a truth.
    leftAlone("SELECT id FROM t WHERE (a = b) = ? AND (c = d) = TRUE AND (e = f) = (g = h)");
  }

  @Test
  void a_scalar_sub_query_and_a_unions_conditions_are_numbers() {
    assertEquals(
        "SELECT CAST((SELECT COUNT(*) > 0 FROM x WHERE x.t = t.id) AS INTEGER) AS has_x,"
            + " (SELECT COUNT(*) FROM x) AS n FROM t",
        pg(
            "SELECT (SELECT COUNT(*) > 0 FROM x WHERE x.t = t.id) AS has_x, (SELECT COUNT(*)"
                + " FROM x) AS n FROM t"));
    // The second column's type is not known: c, d are no columns of the catalog.
    assertEquals(
        "SELECT CAST((a = b) AS INTEGER), c FROM t UNION ALL SELECT 0, d FROM u UNION SELECT"
            + " CAST((COALESCE(e, f) IS NULL) AS INTEGER), g > 1 FROM v ORDER BY 1",
        pg(
            "SELECT a = b, c FROM t UNION ALL SELECT 0, d FROM u UNION SELECT COALESCE(e, f) IS"
                + " NULL, g > 1 FROM v ORDER BY 1"));
    assertEquals(
        "WITH w AS (SELECT 1) SELECT CAST((a = b) AS INTEGER) AS x FROM t UNION SELECT"
            + " CAST((c = d) AS INTEGER) FROM w",
        pg("WITH w AS (SELECT 1) SELECT a = b AS x FROM t UNION SELECT c = d FROM w"));
    assertEquals(
        "SELECT CAST((CASE WHEN (a > 0) IS NULL OR (b > 1) IS NULL THEN NULL ELSE GREATEST(a > 0,"
            + " b > 1) END) AS INTEGER), CAST((COALESCE(a = b, NULL)) AS INTEGER) FROM t",
        pg("SELECT GREATEST(a > 0, b > 1), COALESCE(a = b, NULL) FROM t"));
    // A branch in parentheses, and a UNION feeding an INSERT, are not read.
    leftAlone("(SELECT a = b FROM t) UNION SELECT 0");
    leftAlone("INSERT INTO t (f) SELECT a = b FROM u UNION SELECT c = d FROM v");
  }

  @Test
  void a_derived_tables_condition_used_as_a_number_is_its_number() {
    assertEquals(
        "SELECT SUM(CAST(paid AS NUMERIC)), round(AVG(o.paid), 4), MAX(paid), paid + 1, paid FROM"
            + " (SELECT id, CAST((status = 'paid') AS INTEGER) AS paid FROM orders) AS o WHERE"
            + " o.paid = 1 GROUP BY paid ORDER BY paid DESC",
        pg(
            "SELECT SUM(paid), AVG(o.paid), MAX(paid), paid + 1, paid FROM (SELECT id, status ="
                + " 'paid' AS paid FROM orders) AS o WHERE o.paid = 1 GROUP BY paid ORDER BY paid"
                + " DESC"));
    assertEquals(
        "SELECT g FROM t JOIN (SELECT g, CAST((a > b) AS INTEGER) AS big FROM u) d USING (g)"
            + " WHERE d.big * 2 > 1",
        pg("SELECT g FROM t JOIN (SELECT g, a > b AS big FROM u) d USING (g) WHERE d.big * 2 > 1"));
    // A truth, a sub-query naming it, an item passed on to an unknown consumer, another table's
    // column of the name, an AVG over a window, a derived UNION.
    leftAlone("SELECT SUM(paid) FROM (SELECT a = b AS paid FROM t) d WHERE paid");
    leftAlone("SELECT SUM(paid), (SELECT MAX(paid) FROM u) FROM (SELECT a = b AS paid FROM t) d");
    leftAlone(
        "INSERT INTO x (f) SELECT paid FROM (SELECT a = b AS paid FROM t) d WHERE paid + 0 > 0");
    leftAlone("SELECT * FROM (SELECT * FROM (SELECT a = b AS paid FROM t) d WHERE paid = 1) e");
    leftAlone("SELECT e.paid + 1 FROM (SELECT a = b AS paid FROM t) d JOIN e ON e.id = 1");
    leftAlone("SELECT AVG(paid) OVER () FROM (SELECT a = b AS paid FROM t) d");
    leftAlone("SELECT paid + 1 FROM (SELECT a = b AS paid FROM t UNION SELECT 1) d");
  }

  @Test
  void a_condition_inserted_into_a_column_that_is_not_boolean_is_its_number() {
    assertEquals(
        "INSERT INTO t (n, flag, s, z) SELECT CAST((a = ?) AS INTEGER), a = b, CAST((c IS NULL)"
            + " AS INTEGER), d > 1 FROM u UNION ALL SELECT 0, TRUE, CAST((x > ?) AS INTEGER), e >"
            + " 2 FROM v",
        pgWithCatalog(
            "INSERT INTO t (n, flag, s, z) SELECT a = ?, a = b, c IS NULL, d > 1 FROM u UNION ALL"
                + " SELECT 0, TRUE, x > ?, e > 2 FROM v"));
    assertEquals(
        "INSERT INTO t (n) SELECT CAST((a = b) AS INTEGER) FROM u ON CONFLICT DO NOTHING",
        pgWithCatalog("INSERT IGNORE INTO t (n) SELECT a = b FROM u"));
    assertEquals(
        "UPDATE t AS x SET n = CAST((a = ?) AS INTEGER), s = CAST((c IS NULL) AS INTEGER), flag"
            + " = a > b, z = a < b WHERE id = ?",
        pgWithCatalog(
            "UPDATE t AS x SET x.n = a = ?, s = (c IS NULL), flag = a > b, z = a < b WHERE id ="
                + " ?"));
    assertEquals(
        "INSERT INTO t (id, n) VALUES (1, 2) ON DUPLICATE KEY UPDATE flag = id = 3, s ="
            + " CAST((id = 3) AS INTEGER)",
        pgWithCatalog(
            "INSERT INTO t (id, n) VALUES (1, 2) ON DUPLICATE KEY UPDATE flag = id = 3, s = id"
                + " = 3"));
    // No column list: the columns' order is not read.
    assertEquals(
        "INSERT INTO t SELECT a = b FROM u", pgWithCatalog("INSERT INTO t SELECT a = b FROM u"));
  }
}
