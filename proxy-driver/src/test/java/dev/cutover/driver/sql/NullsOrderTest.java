package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MySQL's NULL order on PostgreSQL's nullable ORDER BY columns, as text. */
class NullsOrderTest {
  /** items: id NOT NULL, score and name nullable. */
  private static final NullsOrder.Nullable NULLABLE =
      (table, column) ->
          table.equals("items")
              ? Map.of("id", false, "score", true, "name", true).get(column)
              : null;

  private static String pg(String sql) throws Exception {
    return NullsOrder.rewrite(sql, List.of("items"), NULLABLE);
  }

  @Test
  void nullable_columns_sort_null_first_ascending_and_last_descending() throws Exception {
    assertEquals(
        "SELECT * FROM items i ORDER BY score NULLS FIRST, i.\"name\" DESC NULLS LAST, id LIMIT"
            + " 20",
        pg("SELECT * FROM items i ORDER BY score, i.\"name\" DESC, id LIMIT 20"));
    // A qualifier that names none of the statement's tables (a derived table) is left.
    assertEquals(
        "SELECT * FROM (SELECT 1 AS score) d ORDER BY d.score",
        pg("SELECT * FROM (SELECT 1 AS score) d ORDER BY d.score"));
    assertEquals(
        "UPDATE items SET x = 1 WHERE (tableoid, ctid) IN (SELECT tableoid, ctid FROM items ORDER BY"
            + " score ASC NULLS FIRST LIMIT 1 FOR UPDATE)",
        pg(
            "UPDATE items SET x = 1 WHERE (tableoid, ctid) IN (SELECT tableoid, ctid FROM items"
                + " ORDER BY score ASC LIMIT 1 FOR UPDATE)"));
    assertEquals(
        "SELECT string_agg(name, ',' ORDER BY name NULLS FIRST), row_number() OVER (ORDER BY"
            + " score DESC NULLS LAST) FROM items",
        pg(
            "SELECT string_agg(name, ',' ORDER BY name), row_number() OVER (ORDER BY score DESC)"
                + " FROM items"));
  }

  @Test
  void not_null_columns_expressions_aliases_and_positions_are_left() throws Exception {
    for (String sql :
        List.of(
            "SELECT * FROM items ORDER BY id",
            "SELECT * FROM items ORDER BY lower(name), score + 1, 2",
            "SELECT score AS s FROM items ORDER BY s",
            "SELECT * FROM items ORDER BY score NULLS LAST",
            "SELECT * FROM items ORDER BY score NULLS LAST")) {
      assertEquals(sql, pg(sql), sql);
    }
  }
}
