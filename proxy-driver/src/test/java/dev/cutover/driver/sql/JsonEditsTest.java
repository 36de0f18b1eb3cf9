package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** MariaDB's JSON_SET, JSON_INSERT, JSON_REPLACE and JSON_REMOVE into jsonb (JsonEdits). */
class JsonEditsTest {
  private static final Map<String, String> TYPES =
      Map.of("doc", "jsonb", "js", "json", "txt", "text", "n", "integer");

  private static String pg(String mysql) {
    return SqlTranslator.translateOrThrow(
        mysql, Dialect.MYSQL, Dialect.POSTGRES, (table, column) -> TYPES.get(column));
  }

  private static void leftAlone(String mysql) {
    assertEquals(mysql, pg(mysql));
  }

  @Test
  void each_edit_reads_the_one_before_in_a_sub_select_with_its_value_after_it() {
    assertEquals(
        "UPDATE t SET doc = (SELECT CASE WHEN jsonb_typeof(cutover_doc.d #> '{\"o\"}') ="
            + " 'object' THEN jsonb_set(cutover_doc.d, '{\"o\",\"x\"}', cutover_doc.v) ELSE"
            + " cutover_doc.d END FROM (SELECT (SELECT CASE WHEN jsonb_typeof(cutover_doc.d) ="
            + " 'object' THEN jsonb_set(cutover_doc.d, '{\"a\"}', cutover_doc.v) ELSE"
            + " cutover_doc.d END FROM (SELECT CAST(doc AS jsonb), CAST(('\"x\"') AS jsonb)) AS"
            + " cutover_doc(d, v)), CAST(('1') AS jsonb)) AS cutover_doc(d, v)) WHERE id = ?",
        pg("UPDATE t SET doc = JSON_SET(doc, '$.a', 'x', '$.o.x', 1) WHERE id = ?"));
    assertEquals(
        "update t set doc = (select case when jsonb_typeof(cutover_doc.d) = 'object' then"
            + " cutover_doc.d #- '{\"a b\"}' else cutover_doc.d end from (select cast(doc as"
            + " jsonb)) as cutover_doc(d))",
        pg("update t set doc = json_remove(doc, '$.\"a b\"')"));
  }

  @Test
  void edits_whose_text_or_document_would_differ_are_left() {
    // A read, and a json or text column, would show jsonb's key order, not MariaDB's.
    assertEquals(
        "SELECT JSON_SET(doc, '$.a', 1) AS \"JSON_SET(doc, '$.a', 1)\" FROM t",
        pg("SELECT JSON_SET(doc, '$.a', 1) FROM t"));
    leftAlone("UPDATE t SET js = JSON_SET(js, '$.a', 1)");
    leftAlone("UPDATE t SET txt = JSON_REMOVE(txt, '$.a')");
    leftAlone("UPDATE t SET doc = JSON_SET(doc, '$[0]', 1)");
    leftAlone("UPDATE t SET doc = JSON_SET(doc, '$.a', 1e3)");
    leftAlone("UPDATE t SET doc = JSON_REMOVE(doc, '$')");
    leftAlone("UPDATE t SET doc = JSON_SET(?, '$.a', 1)");
    leftAlone("UPDATE t SET doc = JSON_SET(doc, '$.a', 1) + 1");
    leftAlone(
        "INSERT INTO t (id) VALUES (1) ON DUPLICATE KEY UPDATE doc = JSON_SET(doc, '$.a', 1)");
  }
}
