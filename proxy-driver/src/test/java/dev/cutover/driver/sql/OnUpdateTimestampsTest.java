package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MySQL's ON UPDATE CURRENT_TIMESTAMP written into a translated UPDATE, as text. */
class OnUpdateTimestampsTest {
  /** items(id, name, qty, doc json, updated) where MySQL stamps updated on change. */
  private static final OnUpdateTimestamps.Schema SCHEMA =
      new OnUpdateTimestamps.Schema() {
        final Map<String, String> types =
            Map.of(
                "id",
                "integer",
                "name",
                "text",
                "qty",
                "numeric(10,2)",
                "updated",
                "timestamp(0) without time zone");

        @Override
        public List<String> onUpdateColumns(String table) {
          return table.equalsIgnoreCase("items") || table.equalsIgnoreCase("app.items")
              ? List.of("Updated")
              : List.of();
        }

        @Override
        public String comparableType(String table, String column) {
          return types.get(column);
        }

        @Override
        public String columnName(String table, String column) {
          return types.containsKey(column.toLowerCase()) ? column.toLowerCase() : null;
        }
      };

  private static String rewrite(String sql) throws Exception {
    return OnUpdateTimestamps.rewrite(sql, SCHEMA);
  }

  @Test
  void the_stamp_follows_the_new_values_computed_once() throws Exception {
    assertEquals(
        "UPDATE items SET (name, qty, \"updated\") = (SELECT cutover_new.v1, cutover_new.v2,"
            + " CASE WHEN (items.name, items.qty) IS NOT DISTINCT FROM (cutover_new.v1,"
            + " cutover_new.v2) THEN items.\"updated\" ELSE CURRENT_TIMESTAMP END FROM (SELECT"
            + " CAST((?) AS text), CAST((qty + 1) AS numeric(10,2))) AS cutover_new(v1, v2))"
            + " WHERE id = ?",
        rewrite("UPDATE items SET name = ?, qty = qty + 1 WHERE id = ?"));
    // An alias names the old row; a qualified table too; no WHERE.
    assertEquals(
        "update app.items i set (\"name\", \"updated\") = (SELECT cutover_new.v1, CASE WHEN"
            + " (i.\"name\") IS NOT DISTINCT FROM (cutover_new.v1) THEN i.\"updated\" ELSE"
            + " CURRENT_TIMESTAMP END FROM (SELECT CAST((lower(\"name\")) AS text)) AS"
            + " cutover_new(v1));",
        rewrite("update app.items i set \"name\" = lower(\"name\");"));
    // The update of an upsert: the old row by the table's name or alias, EXCLUDED as it is.
    assertEquals(
        "INSERT INTO items AS i (id, name) VALUES (?, ?) ON CONFLICT (\"id\") DO UPDATE SET (name,"
            + " \"updated\") = (SELECT cutover_new.v1, CASE WHEN (i.name) IS NOT DISTINCT FROM"
            + " (cutover_new.v1) THEN i.\"updated\" ELSE CURRENT_TIMESTAMP END FROM (SELECT"
            + " CAST((EXCLUDED.name) AS text)) AS cutover_new(v1)) RETURNING id",
        rewrite(
            "INSERT INTO items AS i (id, name) VALUES (?, ?) ON CONFLICT (\"id\") DO UPDATE SET"
                + " name = EXCLUDED.name RETURNING id"));
    assertTrue(
        rewrite("INSERT INTO items (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET qty = 1")
            .contains("THEN items.\"updated\" ELSE"));
    assertTrue(OnUpdateTimestamps.applies("  update items set a = 1"));
    assertTrue(OnUpdateTimestamps.applies("/* app */ -- x\n UPDATE items SET a = 1"));
    assertTrue(
        rewrite("/* app */ UPDATE items SET name = 'a' WHERE id = 1")
            .contains("CURRENT_TIMESTAMP"));
    assertTrue(
        OnUpdateTimestamps.applies("INSERT INTO t VALUES (1) ON CONFLICT DO UPDATE SET a = 1"));
    assertFalse(OnUpdateTimestamps.applies("INSERT INTO items VALUES (1)"));
  }

  @Test
  void what_it_cannot_read_whole_or_need_not_touch_is_left_alone() throws Exception {
    for (String sql :
        List.of(
            // The statement sets the column itself.
            "UPDATE items SET name = 'a', updated = NULL WHERE id = 1",
            // No such column on this table; DEFAULT; a join; a row assignment; two statements.
            "UPDATE other SET name = 'a'",
            "UPDATE items SET name = DEFAULT",
            "UPDATE items SET name = o.name FROM other o WHERE o.id = items.id",
            "UPDATE items SET (name, qty) = ('a', 1)",
            "UPDATE items SET name = 'a'; UPDATE items SET qty = 1",
            // A column whose type has no equality (json here: no type known).
            "UPDATE items SET doc = '{}'",
            // An upsert that does nothing on conflict, or sets the column itself.
            "INSERT INTO items (id) VALUES (1) ON CONFLICT DO NOTHING",
            "INSERT INTO items (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET updated = EXCLUDED.updated")) {
      assertEquals(sql, rewrite(sql), sql);
    }
  }
}
