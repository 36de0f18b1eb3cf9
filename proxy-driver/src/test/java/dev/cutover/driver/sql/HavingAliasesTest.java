package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HavingAliasesTest {
  private static void translates(String mysql, String postgres) {
    assertEquals(
        postgres,
        SqlTranslator.translateWithoutLabelsOrThrow(mysql, Dialect.MYSQL, Dialect.POSTGRES),
        mysql);
  }

  /** Left as it is, but for the ORDER BY giving a top-level GROUP BY MariaDB's order. */
  private static void unchanged(String mysql) {
    String out =
        SqlTranslator.translateWithoutLabelsOrThrow(mysql, Dialect.MYSQL, Dialect.POSTGRES);
    assertEquals(mysql, out.replaceFirst(" ORDER BY [\\w., ]+ NULLS FIRST$", ""), mysql);
  }

  @Test
  void an_alias_in_having_becomes_its_expression() {
    translates(
        "SELECT c, SUM(v) AS total FROM t GROUP BY c HAVING total > 15",
        "SELECT c, SUM(v) AS total FROM t GROUP BY c HAVING (SUM(v)) > 15 ORDER BY c NULLS FIRST");
    translates(
        "SELECT c, COUNT(*) n FROM t GROUP BY c HAVING n > 1 AND n < ?",
        "SELECT c, COUNT(*) n FROM t GROUP BY c HAVING (COUNT(*)) > 1 AND (COUNT(*)) < ?"
            + " ORDER BY c NULLS FIRST");
    translates(
        "SELECT SUM(v) AS x FROM t HAVING ABS(x) > 0",
        "SELECT SUM(v) AS x FROM t HAVING ABS((SUM(v))) > 0");
  }

  @Test
  void aliases_are_found_ignoring_case_and_quotes() {
    translates(
        "SELECT c, SUM(v) AS `Total` FROM t GROUP BY c HAVING total > 1 OR `TOTAL` < 0",
        "SELECT c, SUM(v) AS \"Total\" FROM t GROUP BY c HAVING (SUM(v)) > 1 OR (SUM(v)) < 0"
            + " ORDER BY c NULLS FIRST");
  }

  @Test
  void the_expression_is_translated_as_the_select_list_is() {
    translates(
        "SELECT c, IFNULL(SUM(v), 0) AS s FROM t GROUP BY c HAVING s > 0",
        "SELECT c, COALESCE(SUM(v), 0) AS s FROM t GROUP BY c HAVING (COALESCE(SUM(v), 0)) > 0"
            + " ORDER BY c NULLS FIRST");
  }

  @Test
  void an_alias_named_like_a_column_is_the_alias_unless_group_by_lists_the_name() {
    translates(
        "SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING s > 15",
        "SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING (SUM(v)) > 15 ORDER BY c NULLS FIRST");
    unchanged("SELECT COUNT(v) AS c FROM t GROUP BY c HAVING c = 2");
    unchanged("SELECT COUNT(v) AS c FROM t GROUP BY t.c HAVING c = 2");
    unchanged("SELECT COUNT(v) AS c FROM t GROUP BY x, c WITH ROLLUP HAVING c = 2");
  }

  @Test
  void each_query_block_has_its_own_aliases() {
    translates(
        "SELECT * FROM (SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING s > 1) d WHERE s > 2",
        "SELECT * FROM (SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING (SUM(v)) > 1) d WHERE s > 2");
    translates(
        "SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING s > 1"
            + " UNION SELECT c, COUNT(*) AS s FROM t GROUP BY c HAVING s > 0",
        "SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING (SUM(v)) > 1"
            + " UNION SELECT c, COUNT(*) AS s FROM t GROUP BY c HAVING (COUNT(*)) > 0");
    // MariaDB refuses an alias inside a sub-query of the HAVING: left as it is.
    translates(
        "SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING s > (SELECT AVG(s) FROM t)",
        "SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING (SUM(v)) > (SELECT AVG(s) FROM t)"
            + " ORDER BY c NULLS FIRST");
    translates(
        "INSERT INTO big (c, s) SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING s > ?",
        "INSERT INTO big (c, s) SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING (SUM(v)) > ?");
  }

  @Test
  void references_that_are_no_alias_or_cannot_be_replaced_are_left() {
    // A parameter cannot be repeated; an alias given twice is ambiguous.
    unchanged("SELECT c, SUM(v) + ? AS s FROM t GROUP BY c HAVING s > 1");
    unchanged("SELECT c, SUM(v) AS s, MAX(v) AS s FROM t GROUP BY c HAVING s > 1");
    // Qualified names, calls and words that may be something else.
    unchanged("SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING t.s > 1");
    unchanged("SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING s(1) > 1");
    translates(
        "SELECT c, MAX(d) AS day FROM t GROUP BY c HAVING MAX(d) > NOW() - INTERVAL 1 day",
        "SELECT c, MAX(d) AS day FROM t GROUP BY c HAVING MAX(d) > NOW() - INTERVAL '1 day'"
            + " ORDER BY c NULLS FIRST");
    unchanged("SELECT c, MAX(d) AS d2 FROM t GROUP BY c HAVING CAST(MAX(d) AS d2) > 1");
    // An implicit alias after a plain column is not recognised.
    unchanged("SELECT c, v w FROM t GROUP BY c, v HAVING w > 1");
    // No HAVING, or executable comments.
    unchanged("SELECT c, SUM(v) AS s FROM t GROUP BY c ORDER BY s");
    // Executable comments are unwrapped by the other rules; their contents are not read here.
    translates(
        "SELECT c, SUM(v) AS s FROM t GROUP BY c /*!50000 HAVING s > 1 */",
        "SELECT c, SUM(v) AS s FROM t GROUP BY c  HAVING s > 1 ORDER BY c NULLS FIRST ");
  }

  @Test
  void a_name_inside_an_aggregate_of_the_having_is_the_column_not_the_alias() {
    // MariaDB reads the table's column s inside MAX(...), the alias outside it.
    translates(
        "SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING MAX(s) > 350 AND s > 1",
        "SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING MAX(s) > 350 AND (SUM(v)) > 1"
            + " ORDER BY c NULLS FIRST");
    unchanged("SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING COUNT(DISTINCT s + 1) > 1");
    translates(
        "SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING GROUP_CONCAT(s) LIKE '%4%'",
        "SELECT c, SUM(v) AS s FROM t GROUP BY c HAVING string_agg(CAST(s AS TEXT), ',')"
            + " LIKE '%4%' ORDER BY c NULLS FIRST");
  }

  @Test
  void a_name_inside_a_grouped_expression_is_not_a_grouped_column() {
    // MariaDB: only a GROUP BY item that is the column itself makes the name the column.
    translates(
        "SELECT c, SUM(v) AS s FROM t GROUP BY c + s HAVING s > 10",
        "SELECT c, SUM(v) AS s FROM t GROUP BY c + s HAVING (SUM(v)) > 10"
            + " ORDER BY c + s NULLS FIRST");
  }

  @Test
  void select_modifiers_are_not_part_of_the_first_item_s_expression() {
    translates(
        "SELECT DISTINCT SUM(v) AS s FROM t GROUP BY c HAVING s > 6",
        "SELECT DISTINCT SUM(v) AS s FROM t GROUP BY c HAVING (SUM(v)) > 6");
    translates(
        "SELECT ALL SUM(v) AS s FROM t GROUP BY c HAVING s > 6",
        "SELECT ALL SUM(v) AS s FROM t GROUP BY c HAVING (SUM(v)) > 6 ORDER BY c NULLS FIRST");
  }

  @Test
  void an_alias_of_a_volatile_expression_is_not_evaluated_again() {
    // MariaDB compares the value the row shows; a second RAND() would draw another one.
    translates(
        "SELECT c, RAND() AS r FROM t GROUP BY c HAVING r < 0.5",
        "SELECT c, random() AS r FROM t GROUP BY c HAVING r < 0.5 ORDER BY c NULLS FIRST");
    translates(
        "SELECT c, MAX(v) + UUID_SHORT() AS u FROM t GROUP BY c HAVING u > 0",
        "SELECT c, MAX(v) + UUID_SHORT() AS u FROM t GROUP BY c HAVING u > 0"
            + " ORDER BY c NULLS FIRST");
  }
}
