package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MySQL's labels for unaliased select-list expressions, given to PostgreSQL as aliases (the labels
 * are MariaDB 10.11's, measured through Connector/J's {@code getColumnLabel}; {@code
 * MariaDbToPostgresLabelsTest} compares them on both databases).
 */
class SelectLabelsTest {
  private static String pg(String sql) {
    return SqlTranslator.translateOrThrow(sql, Dialect.MYSQL, Dialect.POSTGRES);
  }

  @Test
  void an_expression_is_labelled_with_its_text_as_written() {
    assertEquals("SELECT COUNT(*) AS \"COUNT(*)\" FROM t", pg("SELECT COUNT(*) FROM t"));
    assertEquals("SELECT count( * ) AS \"count( * )\" FROM t", pg("SELECT count( * ) FROM t"));
    assertEquals(
        "SELECT id*2 AS \"id*2\", id + 1 AS \"id + 1\" FROM t", pg("SELECT id*2, id + 1 FROM t"));
    assertEquals("SELECT \"id\" + 1 AS \"`id` + 1\" FROM t", pg("SELECT `id` + 1 FROM t"));
    assertEquals("SELECT (id + 1) AS \"(id + 1)\" FROM t", pg("SELECT (id + 1) FROM t"));
  }

  @Test
  void the_label_is_the_mysql_text_even_where_the_translation_rewrites_it() {
    assertEquals(
        "SELECT COALESCE(a, 0) AS \"IFNULL(a, 0)\" FROM t", pg("SELECT IFNULL(a, 0) FROM t"));
  }

  @Test
  void literals_are_labelled_with_their_value() {
    assertEquals(
        "SELECT 'abc' AS \"abc\", 1.50 AS \"1.50\", -1 AS \"-1\", NULL AS \"NULL\", CAST((true) AS INTEGER) AS \"TRUE\"",
        pg("SELECT 'abc', 1.50, -1, NULL, true"));
    assertEquals("SELECT 'it''s' AS \"it's\"", pg("SELECT 'it\\'s'"));
    assertEquals("SELECT 'ab' AS \"ab\"", pg("SELECT 'a' 'b'"));
    assertEquals("SELECT 'a\"b' AS \"a\"\"b\"", pg("SELECT 'a\"b'"));
    // MariaDB drops leading whitespace from a name, and parentheses around a literal.
    assertEquals("SELECT '  abc' AS \"abc\"", pg("SELECT '  abc'"));
    assertEquals("SELECT (1) AS \"1\", ('x') AS \"x\"", pg("SELECT (1), ('x')"));
  }

  @Test
  void comments_inside_an_item_and_after_its_comma_are_part_of_the_label() {
    assertEquals(
        "SELECT COUNT(/* c */ *) AS \"COUNT(/* c */ *)\" FROM t",
        pg("SELECT COUNT(/* c */ *) FROM t"));
    assertEquals(
        "SELECT /* a */ COUNT(*) AS \"COUNT(*)\" /* b */ FROM t",
        pg("SELECT /* a */ COUNT(*) /* b */ FROM t"));
    assertEquals(
        "SELECT id, -- c\n id + 1 AS \"-- c\n id + 1\" FROM t",
        pg("SELECT id, -- c\n id + 1 FROM t"));
    assertEquals("SELECT id,\n  id + 1 AS \"id + 1\" FROM t", pg("SELECT id,\n  id + 1 FROM t"));
  }

  @Test
  void columns_aliases_and_stars_keep_their_own_labels() {
    assertEquals(
        "SELECT id, t.id, \"id\", (id), * FROM t", pg("SELECT id, t.id, `id`, (id), * FROM t"));
    assertEquals("SELECT t.* FROM t", pg("SELECT t.* FROM t"));
    assertEquals("SELECT id FROM t", pg("SELECT id FROM t"));
    assertEquals("SELECT COUNT(*) AS n FROM t", pg("SELECT COUNT(*) AS n FROM t"));
    assertEquals("SELECT COUNT(*) \"n\" FROM t", pg("SELECT COUNT(*) `n` FROM t"));
    assertEquals("SELECT COUNT(*) n FROM t", pg("SELECT COUNT(*) n FROM t"));
    assertEquals("SELECT 1 'one'", pg("SELECT 1 'one'"));
  }

  @Test
  void items_whose_label_is_not_known_are_left() {
    // A parameter: the label depends on the value and on how the connector prepares.
    assertEquals(
        "SELECT ? + 1, COUNT(*) AS \"COUNT(*)\" FROM t", pg("SELECT ? + 1, COUNT(*) FROM t"));
    // Longer than PostgreSQL's 63 bytes.
    String longItem = "COALESCE(a_rather_long_column_name, another_rather_long_column_name)";
    assertEquals("SELECT " + longItem + " FROM t", pg("SELECT " + longItem + " FROM t"));
    // An executable comment, a unary plus, an empty string, a word that may be an alias.
    assertEquals("SELECT +id, '' FROM t", pg("SELECT +id, '' FROM t"));
    assertEquals("SELECT  COUNT(*)  FROM t", pg("SELECT /*!40001 COUNT(*) */ FROM t"));
    assertEquals("SELECT 1 day, d month FROM t", pg("SELECT 1 day, d month FROM t"));
    // ... but an interval's unit is none (measured: MariaDB labels the item with its text).
    assertEquals(
        "SELECT d + INTERVAL '1 day' AS \"d + INTERVAL 1 DAY\" FROM t",
        pg("SELECT d + INTERVAL 1 DAY FROM t"));
    // A character MariaDB's metadata cannot carry (it sends '?').
    assertEquals("SELECT '\uD83D\uDE00'", pg("SELECT '\uD83D\uDE00'"));
  }

  @Test
  void a_literal_named_like_a_selected_column_is_left() {
    // ORDER BY id would be ambiguous to PostgreSQL.
    assertEquals("SELECT 'id', id FROM t ORDER BY id", pg("SELECT 'id', id FROM t ORDER BY id"));
    assertEquals("SELECT 'id', * FROM t", pg("SELECT 'id', * FROM t"));
    assertEquals("SELECT 'x' AS \"x\", id FROM t", pg("SELECT 'x', id FROM t"));
  }

  @Test
  void a_literal_named_like_another_items_alias_is_left() {
    // PostgreSQL: ORDER BY "name" is ambiguous; it ran before the alias, and MariaDB runs it.
    assertEquals(
        "SELECT c AS name, 'name' FROM t ORDER BY name",
        pg("SELECT c AS name, 'name' FROM t ORDER BY name"));
    assertEquals("SELECT c name, 'name' FROM t", pg("SELECT c name, 'name' FROM t"));
    assertEquals("SELECT 'b', a AS \"b\" FROM t", pg("SELECT 'b', a AS `b` FROM t"));
    assertEquals("SELECT a + ? AS b, 'b' FROM t", pg("SELECT a + ? AS b, 'b' FROM t"));
    assertEquals("SELECT a + 1 'b', 'b' FROM t", pg("SELECT a + 1 'b', 'b' FROM t"));
    assertEquals(
        "SELECT ((c)::text || (d)::text) AS name, 'name' FROM t",
        pg("SELECT CONCAT(c, d) AS name, 'name' FROM t"));
    assertEquals("SELECT a AS n, 'x' AS \"x\" FROM t", pg("SELECT a AS n, 'x' FROM t"));
  }

  @Test
  void operands_that_end_an_item_are_not_taken_for_aliases() {
    assertEquals(
        "SELECT CAST((a = 'x') AS INTEGER) AS \"a = 'x'\", CAST((a IS NULL) AS INTEGER) AS \"a IS NULL\","
            + " b - c AS \"b - c\" FROM t",
        pg("SELECT a = 'x', a IS NULL, b - c FROM t"));
    assertEquals(
        "SELECT CAST((a LIKE b) AS INTEGER) AS \"a LIKE b\" FROM t", pg("SELECT a LIKE b FROM t"));
    assertEquals(
        "SELECT CASE WHEN a THEN 1 END AS \"CASE WHEN a THEN 1 END\" FROM t",
        pg("SELECT CASE WHEN a THEN 1 END FROM t"));
    assertEquals(
        "SELECT CASE WHEN a THEN 1 END e FROM t", pg("SELECT CASE WHEN a THEN 1 END e FROM t"));
  }

  @Test
  void derived_tables_common_table_expressions_and_unions_are_labelled() {
    assertEquals(
        "SELECT x.\"COUNT(*)\" FROM (SELECT COUNT(*) AS \"COUNT(*)\" FROM t) x",
        pg("SELECT x.`COUNT(*)` FROM (SELECT COUNT(*) FROM t) x"));
    assertEquals(
        "WITH c AS (SELECT MAX(id) AS \"MAX(id)\" FROM t) SELECT * FROM c",
        pg("WITH c AS (SELECT MAX(id) FROM t) SELECT * FROM c"));
    assertEquals(
        "SELECT a + 1 AS \"a + 1\" FROM t UNION SELECT b + 2 AS \"b + 2\" FROM u",
        pg("SELECT a + 1 FROM t UNION SELECT b + 2 FROM u"));
    assertEquals("SELECT DISTINCT a + 1 AS \"a + 1\" FROM t", pg("SELECT DISTINCT a + 1 FROM t"));
  }

  @Test
  void statements_other_than_queries_are_left() {
    assertEquals(
        "INSERT INTO s (n) SELECT COUNT(*) FROM t", pg("INSERT INTO s (n) SELECT COUNT(*) FROM t"));
    assertEquals(
        "CREATE TABLE s AS SELECT COUNT(*) FROM t", pg("CREATE TABLE s AS SELECT COUNT(*) FROM t"));
    assertEquals(
        "UPDATE t SET a = (SELECT MAX(b) FROM u)", pg("UPDATE t SET a = (SELECT MAX(b) FROM u)"));
  }

  @Test
  void postgres_to_postgres_is_unchanged() {
    String sql = "SELECT COUNT(*) FROM t";
    assertEquals(sql, SqlTranslator.translate(sql, Dialect.POSTGRES, Dialect.POSTGRES));
    assertEquals(sql, SqlTranslator.translate(sql, Dialect.POSTGRES, Dialect.MYSQL));
  }

  @Test
  void a_question_mark_inside_the_alias_is_no_marker() {
    assertEquals("SELECT 'a?' AS \"a?\", ? FROM t", pg("SELECT 'a?', ? FROM t"));
  }

  @Test
  void the_check_of_the_other_tests_finds_an_alias_inside_a_rewrite() {
    Labelled.check("SELECT f(a) AS \"f(a)\" FROM t", "SELECT f(a) AS \"f(a)\" FROM t");
    Labelled.check("SELECT f(a) FROM t", "SELECT f(a) AS \"f(a)\" FROM t");
    assertThrows(
        AssertionError.class,
        () -> Labelled.check("SELECT f(a) FROM t", "SELECT f(a AS \"x\") FROM t"));
    assertThrows(
        AssertionError.class,
        () -> Labelled.check("SELECT f(a) FROM t", "SELECT f(a) AS \"x FROM t"));
  }

  /**
   * Every MySQL statement of the corpus: aliases only at select-list level, labels all the change.
   */
  @Test
  void the_corpus_gets_aliases_at_select_list_level_only() {
    int labelled = 0;
    for (CorpusTest.Entry e : CorpusTest.corpus()) {
      if (e.dialect() != Dialect.MYSQL) {
        continue;
      }
      String plain = Labelled.withoutLabels(e.sql());
      if (!plain.equals(pg(e.sql()))) {
        labelled++;
      }
    }
    assertTrue(labelled > 0, "no corpus statement was labelled");
  }

  @Test
  void found_rows_keeps_the_label_of_the_call_or_gets_none() {
    assertEquals(
        "SELECT CAST(5 AS BIGINT) AS \"FOUND_ROWS()\"",
        pg(FoundRows.substitute("SELECT FOUND_ROWS()", 5)));
    // MySQL's label is "FOUND_ROWS() + 1", which the text sent no longer holds.
    assertEquals(
        "SELECT CAST(5 AS BIGINT) + 1", pg(FoundRows.substitute("SELECT FOUND_ROWS() + 1", 5)));
    // SELECT LAST_INSERT_ID() answered on a PostgreSQL primary from the kept value: its label
    // was the value's text ("42").
    assertEquals(
        "SELECT CAST(42 AS BIGINT) AS \"LAST_INSERT_ID()\", CAST(42 AS BIGINT) + 1, x FROM t",
        pg(LastInsertId.substitute("SELECT LAST_INSERT_ID(), LAST_INSERT_ID() + 1, x FROM t", 42)));
    assertEquals(
        "INSERT INTO t VALUES (42, 1)",
        pg(LastInsertId.substitute("INSERT INTO t VALUES (LAST_INSERT_ID(), 1)", 42)));
  }

  /**
   * A compound unit (HOUR_MINUTE, YEAR_MONTH, ...) is left untranslated; PostgreSQL reads it as the
   * item's alias ({@code d + INTERVAL '1:30' HOUR_MINUTE} adds 1:30, as MariaDB does). A label
   * after it was a syntax error.
   */
  @Test
  void an_item_ending_in_a_compound_interval_unit_is_left_unlabelled() {
    for (String sql :
        List.of(
            "SELECT d + INTERVAL '1:30' HOUR_MINUTE FROM t",
            "SELECT d + INTERVAL '1-2' YEAR_MONTH, id FROM t")) {
      assertEquals(sql, pg(sql), sql);
    }
  }
}
