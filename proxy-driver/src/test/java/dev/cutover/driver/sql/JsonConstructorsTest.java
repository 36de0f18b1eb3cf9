package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** MariaDB's JSON_OBJECT, JSON_ARRAY and JSON_QUOTE as PostgreSQL text (JsonConstructors). */
class JsonConstructorsTest {
  private static String pg(String mysql) {
    return Labelled.withoutLabels(mysql);
  }

  private static void leftAlone(String mysql) {
    assertEquals(SqlTranslator.translate(mysql, Dialect.MYSQL, Dialect.MYSQL), pg(mysql));
  }

  private static final Map<String, String> TYPES =
      Map.of("n", "integer", "s", "character varying(20)", "doc", "jsonb", "txt", "text");

  private static String typed(String mysql) {
    return SqlTranslator.translateOrThrow(
        mysql, Dialect.MYSQL, Dialect.POSTGRES, (table, column) -> TYPES.get(column));
  }

  @Test
  void literals_are_written_as_mariadb_writes_them_when_translating() {
    assertEquals(
        "SELECT ('{\"a\": 1, \"b\": \"x\\\"y\", \"c\": null, \"d\": -1.50, \"e\": true}')",
        pg("SELECT JSON_OBJECT('a', 1, 'b', 'x\\\"y', 'c', NULL, 'd', -1.50, 'e', TRUE)"));
    assertEquals(
        "SELECT ('[[], {}, \"\\u001F\\t\", \"it''s\"]')",
        pg(
            "SELECT JSON_ARRAY(JSON_ARRAY(), JSON_OBJECT(), CONCAT_WS('', CHAR(31), '\t'), 'it''s')"
                .replace("CONCAT_WS('', CHAR(31), '\t')", "'\u001f\t'")));
    assertEquals(
        "SELECT ('\"a\\\"b\"'), NULL",
        pg("SELECT JSON_QUOTE('a\"b'), JSON_QUOTE(NULL)").replace("(NULL)", "NULL"));
  }

  @Test
  void a_parameter_is_named_once_and_written_by_its_type_at_run_time() {
    String sql = pg("SELECT JSON_OBJECT('a', ?)");
    assertEquals(
        true,
        sql.startsWith("SELECT ('{\"a\": ' || (SELECT CASE WHEN cutover_json_value.v IS NULL"),
        sql);
    assertEquals(true, sql.endsWith(" FROM (SELECT ?) AS cutover_json_value(v)) || '}')"), sql);
    leftAlone("INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = JSON_OBJECT('a', ?)");
  }

  @Test
  void forms_whose_text_would_differ_are_left() {
    leftAlone("SELECT JSON_OBJECT('a', 1e3)");
    // MariaDB answers a call of NULLs only in bytes.
    leftAlone(
        "SELECT JSON_ARRAY(NULL), JSON_ARRAY(JSON_ARRAY(NULL, NULL)), JSON_OBJECT(NULL, NULL)");
    leftAlone("SELECT JSON_OBJECT('a', 007)");
    leftAlone("SELECT JSON_OBJECT(k, 1) FROM t");
    leftAlone("SELECT JSON_OBJECT('a', n + 1) FROM t");
    leftAlone("SELECT JSON_ARRAY(n) FROM t");
    assertEquals(
        "SELECT JSON_ARRAY(txt) AS \"JSON_ARRAY(txt)\" FROM t",
        typed("SELECT JSON_ARRAY(txt) FROM t"));
    assertEquals(
        "SELECT JSON_ARRAY(doc) AS \"JSON_ARRAY(doc)\" FROM t",
        typed("SELECT JSON_ARRAY(doc) FROM t"));
  }

  @Test
  void written_whole_into_a_column_the_text_is_json() {
    assertEquals(
        "INSERT INTO t (doc) VALUES (CAST(('{\"a\": 1}') AS json))",
        pg("INSERT INTO t (doc) VALUES (JSON_OBJECT('a', 1))"));
    assertEquals(
        "UPDATE t SET doc = CAST(('[' || CASE WHEN n IS NULL THEN 'null'",
        typed("UPDATE t SET doc = JSON_ARRAY(n)").substring(0, 63));
  }

  @Test
  void aggregates_join_values_as_mariadb_spaces_them_and_order_null_first() {
    String sql = typed("SELECT JSON_ARRAYAGG(n ORDER BY s DESC, n), JSON_OBJECTAGG(s, 1) FROM t");
    assertEquals(true, sql.startsWith("SELECT ('[' || string_agg((CASE WHEN n IS NULL"), sql);
    assertEquals(
        true, sql.contains(", ',' ORDER BY s DESC NULLS LAST, n NULLS FIRST) || ']')"), sql);
    assertEquals(
        true, sql.contains(" || ':' || ('1'), ', ') FILTER (WHERE s IS NOT NULL) || '}')"), sql);
    // DISTINCT is sorted by MariaDB; a parameter, an expression and an untyped column are left.
    for (String left :
        new String[] {
          "JSON_ARRAYAGG(DISTINCT n)",
          "JSON_ARRAYAGG(?)",
          "JSON_ARRAYAGG(n + 1)",
          "JSON_ARRAYAGG(x)",
          // MariaDB's LIMIT was taken for part of the ORDER BY key: a syntax error.
          "JSON_ARRAYAGG(n ORDER BY n LIMIT 1)"
        }) {
      assertEquals(true, typed("SELECT " + left + " FROM t").startsWith("SELECT " + left), left);
    }
  }
}
