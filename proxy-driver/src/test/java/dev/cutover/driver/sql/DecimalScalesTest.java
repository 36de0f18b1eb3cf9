package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Computed decimals of the outermost select list cast to the scale MariaDB gives them (measured on
 * 10.11 with {@code CREATE TABLE ... AS SELECT}). {@code MariaDbToPostgresDecimalScalesTest}
 * compares the answers on both databases.
 */
class DecimalScalesTest {
  private static final Map<String, Map<String, String>> TYPES =
      Map.of(
          "t",
          Map.of(
              "price", "numeric(12,2)",
              "n", "integer",
              "b", "bigint",
              "d", "double precision",
              "note", "text",
              "w", "numeric"),
          "u",
          Map.of("price", "numeric(10,3)", "q", "smallint"));

  private static String pg(String sql) {
    return SqlTranslator.translateOrThrow(
        sql,
        Dialect.MYSQL,
        Dialect.POSTGRES,
        (table, column) -> TYPES.getOrDefault(table, Map.of()).get(column));
  }

  private static String noCatalog(String sql) {
    return SqlTranslator.translateOrThrow(sql, Dialect.MYSQL, Dialect.POSTGRES);
  }

  @Test
  void a_quotient_has_the_dividends_scale_and_four_more() {
    assertEquals(
        "SELECT CAST((1/3.0000) AS NUMERIC(1000, 4)) AS \"1/3\", CAST((price/3.000000) AS NUMERIC(1000, 6)) AS"
            + " \"price/3\", CAST((n / 3.0000) AS NUMERIC(1000, 4)) AS q, CAST((t.b/(NULLIF(n + 0.0, 0) + 0.0000))"
            + " AS NUMERIC(1000, 4)) AS \"t.b/n\" FROM t",
        pg("SELECT 1/3, price/3, n / 3 AS q, t.b/n FROM t"));
    // A decimal literal's places count; the divisor's do not; MariaDB's places stop at 38.
    assertEquals(
        "SELECT CAST((1.5/3.00000) AS NUMERIC(1000, 5)) AS \"1.5/3\", CAST((price/2.500000) AS NUMERIC(1000,"
            + " 6)) AS \"price/2.50\", CAST((1.12345678901234567890123456789012345/3.00000000000000000000000000000000000000) AS"
            + " NUMERIC(1000, 38)) x FROM t",
        pg("SELECT 1.5/3, price/2.50, 1.12345678901234567890123456789012345/3 x FROM t"));
    // Under a sign, ABS and parentheses; SUM(x) / COUNT(*); an alias of either kind.
    assertEquals(
        "SELECT CAST((-2/3.0000) AS NUMERIC(1000, 4)) AS \"-2/3\", CAST((ABS(-price/3.000000)) AS"
            + " NUMERIC(1000, 6)) AS \"ABS(-price/3)\", CAST((SUM(price)/(NULLIF(COUNT(*) + 0.0, 0)"
            + " + 0.000000)) AS NUMERIC(1000, 6)) avg_price, CAST((price / 3.000000) AS NUMERIC(1000, 6)) AS"
            + " \"(price / 3)\" FROM t",
        pg("SELECT -2/3, ABS(-price/3), SUM(price)/COUNT(*) avg_price, (price / 3) FROM t"));
  }

  @Test
  void an_average_has_its_arguments_scale_and_four_more() {
    assertEquals(
        "SELECT CAST((AVG(price)) AS NUMERIC(1000, 6)) AS \"AVG(price)\", CAST((AVG(n)) AS"
            + " NUMERIC(1000, 4)) AS \"AVG(n)\", CAST((avg(DISTINCT (b * 1.5 + 0.00000))) AS NUMERIC(1000, 5)) AS"
            + " \"avg(DISTINCT b * 1.5)\", CAST((MIN(price / 7.000000)) AS NUMERIC(1000, 6)) AS \"MIN(price"
            + " / 7)\" FROM t",
        pg("SELECT AVG(price), AVG(n), avg(DISTINCT b * 1.5), MIN(price / 7) FROM t"));
  }

  @Test
  void a_chosen_value_has_the_largest_scale_of_the_values() {
    assertEquals(
        "SELECT CAST((COALESCE(price, 0)) AS NUMERIC(1000, 2)) AS \"IFNULL(price, 0)\","
            + " CAST((COALESCE(SUM(price), 0)) AS NUMERIC(1000, 2)) AS s, CAST((COALESCE(price,"
            + " 0.125)) AS NUMERIC(1000, 3)) AS \"COALESCE(price, 0.125)\" FROM t",
        pg("SELECT IFNULL(price, 0), IFNULL(SUM(price), 0) AS s, COALESCE(price, 0.125) FROM t"));
    // IF is a CASE by then; GREATEST a CASE around it; NULL values do not count.
    assertEquals(
        "SELECT CAST((CASE WHEN n > 3 THEN price ELSE 0.125 END) AS NUMERIC(1000, 3)) AS"
            + " \"IF(n > 3, price, 0.125)\", CAST((CASE WHEN n > 3 THEN 1 ELSE price END) AS"
            + " NUMERIC(1000, 2)) AS c, CAST((CASE WHEN (price) IS NULL OR (n) IS NULL THEN NULL"
            + " ELSE GREATEST(price, n) END) AS NUMERIC(1000, 2)) AS \"GREATEST(price, n)\","
            + " CAST((COALESCE(NULL, price, 1)) AS NUMERIC(1000, 2)) AS \"COALESCE(NULL, price, 1)\""
            + " FROM t",
        pg(
            "SELECT IF(n > 3, price, 0.125), CASE WHEN n > 3 THEN 1 ELSE price END AS c,"
                + " GREATEST(price, n), COALESCE(NULL, price, 1) FROM t"));
    // A quotient among them at the largest scale; one value added to a chosen one.
    assertEquals(
        "SELECT CAST((COALESCE(n/3.0000, price)) AS NUMERIC(1000, 4)) AS \"COALESCE(n/3, price)\","
            + " CAST((COALESCE(price, 0) + 1) AS NUMERIC(1000, 2)) AS \"COALESCE(price, 0) + 1\""
            + " FROM t",
        pg("SELECT COALESCE(n/3, price), COALESCE(price, 0) + 1 FROM t"));
  }

  @Test
  void what_postgresql_already_answers_with_mysqls_scale_is_left() {
    // + - *, SUM, MIN, MAX, ROUND, NULLIF, values of one scale.
    leftAlone(
        "SELECT price + 1 AS a, price * n AS b, SUM(price) AS c, MAX(n) AS d, round(price, 1) AS"
            + " e, NULLIF(price, 0.125) AS f, COALESCE(price, 1.50) AS g, COUNT(*) AS h FROM t");
  }

  @Test
  void what_mariadb_computes_with_a_quotients_hidden_digits_is_left() {
    // MariaDB: 333333.3330, 0.4761904761 (its quotient cut at nine places, used again).
    leftAlone(
        "SELECT 1/3*1000000 AS a, price/3/7 AS b, SUM(price/3) AS c, AVG(n/3) AS d,"
            + " price/3 + 0.00000000001 AS e FROM t");
    // Shown at more places than its own (MariaDB: 1.3333333330), or compared.
    leftAlone(
        "SELECT COALESCE(n/3, 0.1234567891) AS a, NULLIF(n/3, 1) AS b, CASE WHEN n/3 > 1"
            + " THEN 1 ELSE 0.5 END AS c, round(n/3, 6) AS e, GREATEST(n/3, 1) AS f FROM t");
  }

  @Test
  void unknown_types_are_left() {
    // A double, text, an unconstrained numeric, a parameter, E-notation, a column two tables
    // type differently, another function, an integer's ROUND.
    leftAlone(
        "SELECT price/d AS a, d/3 AS b, w/3 AS c, price / ? AS e, 1e0/3 AS f, AVG(note) AS g,"
            + " sqrt(price)/2 AS h, COALESCE(price, ?) AS i, AVG(d) AS j, '1'/3 AS k FROM t");
    leftAlone("SELECT price/3 AS a FROM t JOIN u ON t.n = u.q");
    leftAlone("SELECT x.y/3 AS a, z.price/3 AS b FROM t x");
    leftAlone("SELECT AVG(price) OVER () AS a, COALESCE(round(n, 2), 0.5) AS b FROM t");
    // A derived table named like a table: t.price is the derived column (seven places here).
    leftAlone("SELECT t.price/3 AS a FROM (SELECT price * 1.1 AS price FROM t) t");
    leftAlone("WITH t AS (SELECT price * 1.1 AS price FROM t) SELECT t.price/3 AS a FROM t");
    // Without a catalog only literals are known.
    assertEquals(
        "SELECT CAST((1/3.0000) AS NUMERIC(1000, 4)) AS \"1/3\", price/3.0 AS \"price/3\" FROM t",
        noCatalog("SELECT 1/3, price/3 FROM t"));
  }

  @Test
  void a_qualified_column_is_typed_by_its_table_or_alias() {
    assertEquals(
        "SELECT CAST((t1.price/3.000000) AS NUMERIC(1000, 6)) AS a, CAST((u.price/3.0000000) AS NUMERIC(1000,"
            + " 7)) AS b FROM t t1 JOIN u ON t1.n = u.q",
        pg("SELECT t1.price/3 AS a, u.price/3 AS b FROM t t1 JOIN u ON t1.n = u.q"));
  }

  @Test
  void mysqls_own_column_types_give_the_scale_when_known() {
    // PostgreSQL holds t.price as numeric(12,2), u.price as numeric(10,3); MySQL as DECIMAL(12,4)
    // and DECIMAL(10,1): MySQL's places count.
    Map<String, String> mysql =
        Map.of("t.price", "decimal(12,4)", "u.price", "decimal(10,1) unsigned", "t.n", "int(11)");
    SqlTranslator.ColumnTypes source = (table, column) -> mysql.get(table + "." + column);
    assertEquals(
        "SELECT CAST((t.price/3.00000000) AS NUMERIC(1000, 8)) AS a, CAST((u.price/3.00000) AS NUMERIC(1000,"
            + " 5)) AS b, CAST((AVG(t.n)) AS NUMERIC(1000, 4)) AS c FROM t JOIN u ON t.n = u.q",
        SqlTranslator.translateOrThrow(
            "SELECT t.price/3 AS a, u.price/3 AS b, AVG(t.n) AS c FROM t JOIN u ON t.n = u.q",
            Dialect.MYSQL,
            Dialect.POSTGRES,
            (table, column) -> TYPES.getOrDefault(table, Map.of()).get(column),
            source));
    // A column MySQL's catalog does not give (t.b), or gives as another type, is unknown.
    Map<String, String> other = Map.of("t.price", "double", "t.b", "bigint(20)");
    String out =
        SqlTranslator.translateOrThrow(
            "SELECT price/3 AS a, n/3 AS b FROM t",
            Dialect.MYSQL,
            Dialect.POSTGRES,
            (table, column) -> TYPES.getOrDefault(table, Map.of()).get(column),
            (table, column) -> other.get(table + "." + column));
    assertFalse(out.contains("NUMERIC(1000"), out);
  }

  @Test
  void only_the_list_the_application_reads() {
    leftAlone("SELECT 1/3 AS a UNION SELECT 2/3 AS a");
    leftAlone("INSERT INTO u (price) SELECT price/3 FROM t");
    leftAlone("SELECT DISTINCT price/3 AS a FROM t");
    // A sub-query's list, and an unqualified column a derived table may give.
    leftAlone("SELECT (SELECT AVG(price) AS x FROM t) AS a FROM u");
    leftAlone("SELECT price/3 AS a FROM (SELECT price * 2 AS price FROM t) AS s");
    // An item its query groups by (MariaDB groups by the value, not its rounding).
    leftAlone("SELECT n/3 AS q, COUNT(*) AS c FROM t GROUP BY q");
    leftAlone("SELECT n/3 AS q, COUNT(*) AS c FROM t GROUP BY 1");
    // A number inside a grouped expression is not a position.
    assertEquals(
        "SELECT n % 5 AS bucket, CAST((COUNT(*) / 3.0000) AS NUMERIC(1000, 4)) AS thirds,"
            + " CAST((AVG(price)) AS NUMERIC(1000, 6)) AS a FROM t GROUP BY n % 5, 2 + 1 ",
        pg(
            "SELECT n % 5 AS bucket, COUNT(*) / 3 AS thirds, AVG(price) AS a FROM t GROUP BY n % 5, 2 + 1 ORDER BY NULL"));
    // Outside the select list.
    assertEquals(
        "SELECT id AS a FROM t WHERE price/3.0 > 1 ORDER BY price/3.0",
        pg("SELECT id AS a FROM t WHERE price/3 > 1 ORDER BY price/3"));
  }

  @Test
  void every_parameter_stays_in_its_place() {
    assertEquals(
        "SELECT ?, CAST((COALESCE(price, 0) * 2) AS NUMERIC(1000, 2)) AS a, CAST((AVG(n)) AS"
            + " NUMERIC(1000, 4)) AS b FROM t WHERE id = ?",
        pg("SELECT ?, IFNULL(price, 0) * 2 AS a, AVG(n) AS b FROM t WHERE id = ?"));
  }

  /** Translated without a cast to a scale (the other rules still apply). */
  private static void leftAlone(String sql) {
    String out = pg(sql);
    assertFalse(out.contains("NUMERIC(1000"), out);
  }
}
