package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code GROUP BY ... WITH ROLLUP} as the text PostgreSQL receives (Rollup). */
class RollupTest {
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
  void with_rollup_becomes_rollup_ordered_as_mariadb_returns_it() {
    rewrites(
        "SELECT k, COUNT(*) FROM t GROUP BY k WITH ROLLUP",
        "SELECT k, COUNT(*) FROM t GROUP BY ROLLUP (k) ORDER BY GROUPING(k), k NULLS FIRST");
    rewrites(
        "SELECT k, j, SUM(n) FROM t GROUP BY k, t.j WITH ROLLUP",
        "SELECT k, j, SUM(n) FROM t GROUP BY ROLLUP (k, t.j) ORDER BY GROUPING(k), k NULLS"
            + " FIRST, GROUPING(t.j), t.j NULLS FIRST");
  }

  @Test
  void a_descending_item_sorts_with_null_last_and_having_and_limit_keep_their_places() {
    rewrites(
        "select k, j, sum(n) from t where n > ? group by k desc, j asc with rollup"
            + " having sum(n) > ? limit ?, ?",
        "select k, j, sum(n) from t where n > ? group by rollup (k, j) having sum(n) > ?"
            + " order by grouping(k), k desc nulls last, grouping(j), j nulls first offset ?"
            + " limit ?");
  }

  @Test
  void an_expression_is_written_again_translated() {
    String year = "CAST(floor(date_part('year', d)) AS INTEGER)";
    rewrites(
        "SELECT YEAR(d), COUNT(*) FROM t GROUP BY YEAR(d) WITH ROLLUP -- totals",
        "SELECT "
            + year
            + ", COUNT(*) FROM t GROUP BY ROLLUP ("
            + year
            + ") ORDER BY GROUPING("
            + year
            + "), "
            + year
            + " NULLS FIRST -- totals");
  }

  @Test
  void in_a_derived_table_it_is_ordered_inside_it() {
    rewrites(
        "SELECT * FROM (SELECT k, SUM(n) AS s FROM t GROUP BY k WITH ROLLUP) x ORDER BY s",
        "SELECT * FROM (SELECT k, SUM(n) AS s FROM t GROUP BY ROLLUP (k) ORDER BY GROUPING(k), k"
            + " NULLS FIRST) x ORDER BY s");
  }

  @Test
  void shapes_whose_order_cannot_be_given_are_left_alone() {
    // A select-list alias or a position: PostgreSQL's GROUPING takes neither.
    leftAlone("SELECT k AS kk, COUNT(*) FROM t GROUP BY kk WITH ROLLUP");
    leftAlone("SELECT UPPER(k) kk, COUNT(*) FROM t GROUP BY kk WITH ROLLUP");
    leftAlone("SELECT k, COUNT(*) FROM t GROUP BY 1 WITH ROLLUP");
    // A parameter would be written twice.
    leftAlone("SELECT k, COUNT(*) FROM t GROUP BY k, ? WITH ROLLUP");
    // A branch of a UNION, which an ORDER BY would order as a whole.
    leftAlone("SELECT k, COUNT(*) FROM t GROUP BY k WITH ROLLUP UNION ALL SELECT 'x', 1");
    leftAlone("SELECT 'x', 1 UNION ALL SELECT k, COUNT(*) FROM t GROUP BY k WITH ROLLUP");
    // ORDER BY beside it, which MariaDB refuses; DISTINCT, which PostgreSQL orders by selected
    // expressions only.
    leftAlone("SELECT k, COUNT(*) FROM t GROUP BY k WITH ROLLUP ORDER BY k");
    leftAlone("SELECT DISTINCT k FROM t GROUP BY k WITH ROLLUP");
  }

  @Test
  void a_plain_group_by_is_ordered_as_mariadb_returns_it_where_the_order_shows() {
    rewrites(
        "SELECT k, COUNT(*) FROM t GROUP BY k",
        "SELECT k, COUNT(*) FROM t GROUP BY k ORDER BY k NULLS FIRST");
    rewrites(
        "SELECT k, j, COUNT(*) FROM t WHERE x = ? GROUP BY k DESC, t.j HAVING COUNT(*) > ?"
            + " LIMIT ?",
        "SELECT k, j, COUNT(*) FROM t WHERE x = ? GROUP BY k, t.j HAVING COUNT(*) > ?"
            + " ORDER BY k DESC NULLS LAST, t.j NULLS FIRST LIMIT ?");
    rewrites(
        "SELECT k AS kk, COUNT(*) FROM t GROUP BY kk, 2 -- the last",
        "SELECT k AS kk, COUNT(*) FROM t GROUP BY kk, 2 ORDER BY kk NULLS FIRST, 2 NULLS FIRST"
            + " -- the last");
    // The order of a derived table reaches the application only through its LIMIT.
    rewrites(
        "SELECT * FROM (SELECT k FROM t GROUP BY k LIMIT 3) d",
        "SELECT * FROM (SELECT k FROM t GROUP BY k ORDER BY k NULLS FIRST LIMIT 3) d");
    rewrites(
        "SELECT k FROM t WHERE k IN (SELECT k FROM u GROUP BY k) GROUP BY k",
        "SELECT k FROM t WHERE k IN (SELECT k FROM u GROUP BY k) GROUP BY k ORDER BY k NULLS"
            + " FIRST");
    // ORDER BY NULL, MySQL's way to skip the sort, is dropped: PostgreSQL refuses it.
    rewrites(
        "SELECT k, COUNT(*) FROM t GROUP BY k ORDER BY NULL",
        "SELECT k, COUNT(*) FROM t GROUP BY k ");
  }

  @Test
  void asc_and_desc_leave_a_group_by_whose_order_is_not_given_as_postgresql_refuses_them() {
    rewrites(
        "SELECT * FROM (SELECT k, COUNT(*) c FROM t GROUP BY k DESC) d",
        "SELECT * FROM (SELECT k, COUNT(*) c FROM t GROUP BY k) d");
    rewrites(
        "INSERT INTO s SELECT k, j FROM t GROUP BY k ASC, j DESC",
        "INSERT INTO s SELECT k, j FROM t GROUP BY k, j");
    rewrites(
        "SELECT k FROM t GROUP BY k DESC /* c */ ORDER BY COUNT(*) DESC",
        "SELECT k FROM t GROUP BY k /* c */ ORDER BY COUNT(*) DESC");
    rewrites("SELECT k FROM t GROUP BY k DESC, ? LIMIT ?", "SELECT k FROM t GROUP BY k, ? LIMIT ?");
    rewrites(
        "SELECT k FROM t GROUP BY k ASC UNION ALL SELECT 9",
        "SELECT k FROM t GROUP BY k UNION ALL SELECT 9");
  }

  @Test
  void a_group_named_like_a_column_and_another_expression_s_alias_is_ordered_by_the_column() {
    SqlTranslator.ColumnTypes columns =
        (table, column) -> table.equals("t") && column.equals("k") ? "text" : null;
    assertEquals(
        "SELECT UPPER(k) AS k FROM t GROUP BY k ORDER BY COALESCE(k) NULLS FIRST",
        SqlTranslator.translateOrThrow(
            "SELECT UPPER(k) AS k FROM t GROUP BY k", Dialect.MYSQL, Dialect.POSTGRES, columns));
    assertEquals(
        "SELECT j k FROM t GROUP BY k ORDER BY COALESCE(k) DESC NULLS LAST LIMIT 2",
        SqlTranslator.translateOrThrow(
            "SELECT j k FROM t GROUP BY k DESC LIMIT 2", Dialect.MYSQL, Dialect.POSTGRES, columns));
    // The column under its own name, and an alias no column has: the ORDER BY names it.
    assertEquals(
        "SELECT t.k AS k, UPPER(j) AS j FROM t GROUP BY k, j ORDER BY k NULLS FIRST, j NULLS FIRST",
        SqlTranslator.translateOrThrow(
            "SELECT t.k AS k, UPPER(j) AS j FROM t GROUP BY k, j",
            Dialect.MYSQL,
            Dialect.POSTGRES,
            columns));
  }

  @Test
  void a_plain_group_by_whose_order_cannot_be_given_or_does_not_show_is_left_alone() {
    leftAlone("SELECT k, COUNT(*) FROM t GROUP BY k HAVING COUNT(*) > 1 ORDER BY k");
    leftAlone("SELECT * FROM (SELECT k FROM t GROUP BY k) d");
    leftAlone("INSERT INTO s SELECT k, COUNT(*) FROM t GROUP BY k");
    leftAlone("SELECT k FROM t GROUP BY k, ?");
    leftAlone("SELECT DISTINCT k FROM t GROUP BY k, j");
    // A modifier before DISTINCT: PostgreSQL refused an ORDER BY j with SELECT DISTINCT k.
    rewrites(
        "SELECT SQL_NO_CACHE DISTINCT k FROM t GROUP BY k, j",
        "SELECT  DISTINCT k FROM t GROUP BY k, j");
    rewrites(
        "SELECT HIGH_PRIORITY DISTINCT k FROM t GROUP BY k, j WITH ROLLUP",
        "SELECT  DISTINCT k FROM t GROUP BY k, j WITH ROLLUP");
    leftAlone("SELECT k FROM t GROUP BY k UNION ALL SELECT 1");
    leftAlone("SELECT 1 UNION ALL SELECT k FROM t GROUP BY k");
  }
}
