package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** MariaDB's JSON functions as PostgreSQL text (JsonFunctions). */
class JsonFunctionsTest {
  private static String pg(String mysql) {
    return Labelled.withoutLabels(mysql);
  }

  private static void leftAlone(String mysql) {
    assertEquals(SqlTranslator.translate(mysql, Dialect.MYSQL, Dialect.MYSQL), pg(mysql));
  }

  @Test
  void json_extract_reads_the_document_as_jsonb_and_answers_the_value_s_json_text() {
    assertEquals(
        "SELECT CAST((CAST(meta AS jsonb) -> 'tag') AS TEXT) FROM t",
        pg("SELECT JSON_EXTRACT(meta, '$.tag') FROM t"));
    assertEquals(
        "SELECT CAST(CAST(meta AS jsonb) AS TEXT), CAST((CAST(meta AS jsonb) -> 'a b') AS TEXT)"
            + " FROM t",
        pg("SELECT JSON_EXTRACT(meta, '$'), JSON_EXTRACT(meta, '$.\"a b\"') FROM t"));
    assertEquals(
        "select cast((cast(meta as jsonb) -> 'it''s') as text) from t",
        pg("select json_extract(meta, '$.\"it''s\"') from t"));
  }

  @Test
  void an_index_past_0_is_an_element_and_index_0_also_takes_a_value_that_is_not_an_array() {
    assertEquals(
        "SELECT CAST((jsonb_path_query_first(CAST(meta AS jsonb) -> 'a' -> 'b' -> 2 -> 'c',"
            + " '$[0]')) AS TEXT) FROM t",
        pg("SELECT JSON_EXTRACT(meta, '$.a.b[2].c[0]') FROM t"));
  }

  @Test
  void json_unquote_of_json_extract_decodes_a_string_and_keeps_null_as_text() {
    assertEquals(
        "SELECT COALESCE((CAST(meta AS jsonb) -> 'tag') #>> '{}', CAST((CAST(meta AS jsonb) ->"
            + " 'tag') AS TEXT)) AS tag FROM t",
        pg("SELECT JSON_UNQUOTE(JSON_EXTRACT(meta, '$.tag')) AS tag FROM t"));
  }

  @Test
  void a_value_used_twice_whose_document_holds_a_parameter_is_named_in_a_sub_select() {
    assertEquals(
        "SELECT (SELECT COALESCE(cutover_json.v #>> '{}', CAST(cutover_json.v AS TEXT)) FROM"
            + " (SELECT (CAST(? AS jsonb) -> 'a')) AS cutover_json(v))",
        pg("SELECT JSON_UNQUOTE(JSON_EXTRACT(?, '$.a'))"));
    // ON DUPLICATE KEY UPDATE takes no sub-select: left for PostgreSQL to refuse.
    assertEquals(
        "INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = JSON_UNQUOTE(CAST((CAST(? AS"
            + " jsonb) -> 'a') AS TEXT))",
        pg(
            "INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a ="
                + " JSON_UNQUOTE(JSON_EXTRACT(?, '$.a'))"));
  }

  @Test
  void json_unquote_of_other_text_decodes_only_a_whole_json_string() {
    String out = pg("SELECT JSON_UNQUOTE(note) FROM t");
    assertEquals(
        "SELECT CASE WHEN CAST(note AS TEXT) ~ '^[ \\t\\n\\r]*\"([^\"\\\\\\u0000-\\u001f]"
            + "|\\\\[\"\\\\/bfnrt]|\\\\u(?!0000)(?![dD][89a-fA-F])[0-9A-Fa-f]{4}"
            + "|\\\\u[dD][89abAB][0-9A-Fa-f]{2}\\\\u[dD][c-fC-F][0-9A-Fa-f]{2})*\"[ \\t\\n\\r]*$' THEN"
            + " CAST(CAST(note AS TEXT) AS jsonb) #>> '{}' ELSE CAST(note AS TEXT) END FROM t",
        out);
  }

  @Test
  void json_value_answers_scalars_with_booleans_as_1_and_0() {
    assertEquals(
        "SELECT CASE jsonb_typeof((CAST(meta AS jsonb) -> 'n')) WHEN 'string' THEN (CAST(meta AS"
            + " jsonb) -> 'n') #>> '{}' WHEN 'number' THEN (CAST(meta AS jsonb) -> 'n') #>> '{}'"
            + " WHEN 'boolean' THEN CASE WHEN CAST((CAST(meta AS jsonb) -> 'n') AS BOOLEAN) THEN"
            + " '1' ELSE '0' END END FROM t",
        pg("SELECT JSON_VALUE(meta, '$.n') FROM t"));
  }

  @Test
  void compared_json_extract_is_unquoted_or_a_number_but_assigned_it_keeps_its_quotes() {
    String unquoted =
        "COALESCE((CAST(meta AS jsonb) -> 'tag') #>> '{}', CAST((CAST(meta AS jsonb) -> 'tag') AS"
            + " TEXT))";
    assertEquals(
        "SELECT id FROM t WHERE " + unquoted + " = ?",
        pg("SELECT id FROM t WHERE JSON_EXTRACT(meta, '$.tag') = ?"));
    assertEquals(
        "SELECT id FROM t WHERE 'x' <> " + unquoted + " AND " + unquoted + " IN ('y')",
        pg(
            "SELECT id FROM t WHERE 'x' <> JSON_EXTRACT(meta, '$.tag')"
                + " AND JSON_EXTRACT(meta, '$.tag') IN ('y')"));
    assertEquals(
        "UPDATE t SET tag = (CAST(meta AS jsonb) -> 'tag'),"
            + " n = (CAST(meta AS jsonb) -> 'tag') WHERE CAST((CAST(meta AS jsonb)"
            + " -> 'tag') AS TEXT) IN ('\"a\"', 'b')",
        pg(
            "UPDATE t SET tag = JSON_EXTRACT(meta, '$.tag'), n = JSON_EXTRACT(meta, '$.tag')"
                + " WHERE JSON_EXTRACT(meta, '$.tag') IN ('\"a\"', 'b')"));
  }

  @Test
  void a_compared_call_in_parentheses_is_compared_unquoted_as_without_them() {
    String unquoted =
        "COALESCE((CAST(meta AS jsonb) -> 'tag') #>> '{}', CAST((CAST(meta AS jsonb) -> 'tag') AS"
            + " TEXT))";
    assertEquals(
        "SELECT id FROM t WHERE (" + unquoted + ") = 'x' OR 'y' = ((" + unquoted + "))",
        pg(
            "SELECT id FROM t WHERE (JSON_EXTRACT(meta, '$.tag')) = 'x'"
                + " OR 'y' = ((JSON_EXTRACT(meta, '$.tag')))"));
    // A function's parentheses are not a grouping: UPPER's answer is compared, not the call's.
    assertEquals(
        "SELECT id FROM t WHERE UPPER(CAST((CAST(meta AS jsonb) -> 'tag') AS TEXT)) = 'X'",
        pg("SELECT id FROM t WHERE UPPER(JSON_EXTRACT(meta, '$.tag')) = 'X'"));
  }

  @Test
  void compared_with_a_number_the_value_is_read_as_mariadb_reads_it_as_a_number() {
    String v = "(CAST(meta AS jsonb) -> 'n')";
    String number =
        "CASE jsonb_typeof("
            + v
            + ") WHEN 'number' THEN CAST("
            + v
            + " #>> '{}' AS NUMERIC) WHEN 'string' THEN CAST(COALESCE(substring("
            + v
            + " #>> '{}' FROM '^ *([+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?)'), '0')"
            + " AS NUMERIC) WHEN 'boolean' THEN CASE WHEN CAST("
            + v
            + " AS BOOLEAN) THEN 1 ELSE 0 END WHEN 'null' THEN 0 WHEN 'object' THEN 0"
            + " WHEN 'array' THEN 0 END";
    assertEquals(
        "SELECT id FROM t WHERE " + number + " > 5",
        pg("SELECT id FROM t WHERE JSON_EXTRACT(meta, '$.n') > 5"));
    // A signed number is a number too.
    assertEquals(
        "SELECT id FROM t WHERE " + number + " > -1 OR " + number + " IN (+7)",
        pg(
            "SELECT id FROM t WHERE JSON_EXTRACT(meta, '$.n') > -1"
                + " OR JSON_EXTRACT(meta, '$.n') IN (+7)"));
  }

  @Test
  void assigned_or_inserted_whole_the_value_stays_jsonb_which_a_json_or_text_column_takes() {
    assertEquals(
        "UPDATE t SET doc = (CAST(meta AS jsonb) -> 'o'), tag = UPPER(CAST((CAST(meta AS jsonb)"
            + " -> 't') AS TEXT)) WHERE id = 1",
        pg(
            "UPDATE t SET doc = JSON_EXTRACT(meta, '$.o'), tag = UPPER(JSON_EXTRACT(meta, '$.t'))"
                + " WHERE id = 1"));
    assertEquals(
        "INSERT INTO t (id, doc) VALUES (1, (CAST(? AS jsonb) -> 'o'))," + " (2, CAST(? AS jsonb))",
        pg(
            "INSERT INTO t (id, doc) VALUES (1, JSON_EXTRACT(?, '$.o')), (2, JSON_EXTRACT(?, '$'))"));
    assertEquals(
        "INSERT INTO t (id, doc) SELECT id, (CAST(meta AS jsonb) -> 'o') FROM u",
        pg("INSERT INTO t (id, doc) SELECT id, JSON_EXTRACT(meta, '$.o') FROM u"));
    assertEquals(
        "INSERT INTO t (doc) VALUES ((CAST(? AS jsonb) -> 'o')) ON DUPLICATE KEY UPDATE n = 1",
        pg("INSERT INTO t SET doc = JSON_EXTRACT(?, '$.o') ON DUPLICATE KEY UPDATE n = 1"));
    // Ordered, grouped or DISTINCT, it stays text, as those see it elsewhere.
    assertEquals(
        "INSERT INTO t (doc) SELECT CAST((CAST(meta AS jsonb) -> 'o') AS TEXT) FROM u ORDER BY 1"
            + " LIMIT 2",
        pg("INSERT INTO t (doc) SELECT JSON_EXTRACT(meta, '$.o') FROM u ORDER BY 1 LIMIT 2"));
    // A query's answer stays text, for JDBC.
    assertEquals(
        "SELECT id, CAST((CAST(meta AS jsonb) -> 'o') AS TEXT) AS doc FROM u",
        pg("SELECT id, JSON_EXTRACT(meta, '$.o') AS doc FROM u"));
  }

  @Test
  void an_order_by_key_reading_json_sorts_a_missing_path_s_null_first_as_mariadb_does()
      throws Exception {
    // meta is NOT NULL, yet a path it lacks is NULL, which MariaDB sorts first.
    NullsOrder.Nullable notNull = (table, column) -> false;
    assertEquals(
        "SELECT id FROM t ORDER BY CAST((CAST(meta AS jsonb) -> 'n') AS TEXT) NULLS FIRST,"
            + " COALESCE((CAST(meta AS jsonb) -> 'm') #>> '{}', CAST((CAST(meta AS jsonb) -> 'm')"
            + " AS TEXT)) DESC NULLS LAST, id",
        NullsOrder.rewrite(
            pg(
                "SELECT id FROM t ORDER BY JSON_EXTRACT(meta, '$.n'),"
                    + " JSON_UNQUOTE(JSON_EXTRACT(meta, '$.m')) DESC, id"),
            List.of("t"),
            notNull));
  }

  @Test
  void paths_other_than_the_simple_forms_and_unmeasured_uses_are_left_alone() {
    leftAlone("SELECT JSON_EXTRACT(meta, '$**.a') FROM t");
    leftAlone("SELECT JSON_EXTRACT(meta, '$.a[*]') FROM t");
    leftAlone("SELECT JSON_EXTRACT(meta, '$.a[last]') FROM t");
    leftAlone("SELECT JSON_EXTRACT(meta, '$.a', '$.b') FROM t");
    leftAlone("SELECT JSON_EXTRACT(meta, ?) FROM t");
    leftAlone("SELECT JSON_EXTRACT(meta, path) FROM t");
    leftAlone("SELECT JSON_VALUE(meta, '$.a[01]') FROM t");
    leftAlone("SELECT id FROM t WHERE JSON_EXTRACT(meta, '$.n') BETWEEN 1 AND 2");
    leftAlone("SELECT id FROM t WHERE JSON_EXTRACT(a, '$.t') = JSON_EXTRACT(b, '$.t')");
  }

  @Test
  void simple_paths_are_read_into_members_and_indexes() {
    assertEquals(List.of(), JsonFunctions.steps("$"));
    assertEquals(List.of("a", "b", 2, "c d", 0), JsonFunctions.steps("$.a.b[2].\"c d\"[0]"));
    for (String other :
        new String[] {"", "a", "$.", "$[-1]", "$[ 1]", "$.a-b", "$.\"a\\\"b\"", "$.\"\"", "$**"}) {
      assertNull(JsonFunctions.steps(other), other);
    }
  }

  @Test
  void json_length_counts_elements_or_members_and_a_scalar_as_one() {
    assertEquals(
        "SELECT CASE jsonb_typeof((CAST(doc AS jsonb) -> 'a')) WHEN 'array' THEN"
            + " jsonb_array_length((CAST(doc AS jsonb) -> 'a')) WHEN 'object' THEN"
            + " jsonb_array_length(jsonb_path_query_array((CAST(doc AS jsonb) -> 'a'), '$.*'))"
            + " WHEN 'string' THEN 1 WHEN 'number' THEN 1 WHEN 'boolean' THEN 1 WHEN 'null' THEN"
            + " 1 END FROM t",
        pg("SELECT JSON_LENGTH(doc, '$.a') FROM t"));
    leftAlone("SELECT JSON_LENGTH(doc, '$[*]') FROM t");
  }

  @Test
  void json_contains_of_a_scalar_walks_nested_arrays_and_is_a_condition_where_one_stands() {
    assertEquals(
        "SELECT id FROM t WHERE CASE WHEN CAST(doc AS jsonb) IS NULL THEN NULL ELSE EXISTS"
            + " (WITH RECURSIVE cutover_walk(x) AS (SELECT CAST(doc AS jsonb) UNION ALL SELECT"
            + " jsonb_array_elements(x) FROM cutover_walk WHERE jsonb_typeof(x) = 'array') SELECT"
            + " 1 FROM cutover_walk WHERE x = CAST('\"red\"' AS jsonb)) END AND id > 1",
        pg("SELECT id FROM t WHERE JSON_CONTAINS(doc, '\"red\"') AND id > 1"));
    assertEquals(
        true,
        pg("SELECT JSON_CONTAINS(doc, '1', '$.a') FROM t").endsWith(" THEN 1 ELSE 0 END FROM t"));
    // MariaDB compares escapes as written, and arrays and objects otherwise than jsonb's @>.
    assertEquals(
        "SELECT JSON_CONTAINS(doc, '\"\\u00e9\"') FROM t",
        pg("SELECT JSON_CONTAINS(doc, '\"\\\\u00e9\"') FROM t"));
    leftAlone("SELECT JSON_CONTAINS(doc, '[1]') FROM t");
    leftAlone("SELECT JSON_CONTAINS(doc, ?) FROM t");
    leftAlone("SELECT JSON_CONTAINS(?, '1') FROM t");
  }

  @Test
  void json_type_names_a_number_double_by_its_decimal_point() {
    assertEquals(
        true,
        pg("SELECT JSON_TYPE(doc) FROM t")
            .contains("WHEN 'number' THEN CASE WHEN CAST(CAST(doc AS jsonb) AS TEXT) ~ '[.]'"));
    leftAlone("SELECT JSON_TYPE(doc, '$.a') FROM t");
  }
}
