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
  void not_null_columns_and_keys_with_their_own_nulls_are_left() throws Exception {
    for (String sql :
        List.of(
            "SELECT * FROM items ORDER BY id",
            "SELECT id AS k, score FROM items ORDER BY k, 1 DESC",
            "SELECT * FROM items ORDER BY 2, 'x'",
            "SELECT * FROM items ORDER BY score NULLS LAST",
            "SELECT * FROM items ORDER BY lower(name) DESC NULLS FIRST")) {
      assertEquals(sql, pg(sql), sql);
    }
  }

  /**
   * MySQL sorts a NULL an expression gives first too: {@code ORDER BY JSON_EXTRACT(meta, '$.t')}, a
   * division by zero, an alias of one; an alias or a position naming a nullable column is that
   * column.
   */
  @Test
  void expressions_and_aliases_or_positions_of_nullable_values_sort_null_first() throws Exception {
    assertEquals(
        "SELECT * FROM items ORDER BY lower(name) NULLS FIRST, score + 1 DESC NULLS LAST, 2",
        pg("SELECT * FROM items ORDER BY lower(name), score + 1 DESC, 2"));
    assertEquals(
        "SELECT score AS s, upper(name) n, id FROM items ORDER BY s NULLS FIRST, n DESC NULLS"
            + " LAST, 3, 1 NULLS FIRST",
        pg("SELECT score AS s, upper(name) n, id FROM items ORDER BY s, n DESC, 3, 1"));
    // An output name is read before a column of that name, as PostgreSQL does.
    assertEquals(
        "SELECT coalesce(score, 0) AS id FROM items ORDER BY id NULLS FIRST",
        pg("SELECT coalesce(score, 0) AS id FROM items ORDER BY id"));
    // The first member of a UNION names its columns.
    assertEquals(
        "SELECT score AS s FROM items UNION SELECT 1 ORDER BY s NULLS FIRST",
        pg("SELECT score AS s FROM items UNION SELECT 1 ORDER BY s"));
  }

  /**
   * A UNION's column may be NULL from any member: {@code SELECT id ... UNION SELECT score ... ORDER
   * BY 1} sorted the second member's NULLs last, first in MariaDB.
   */
  @Test
  void a_union_s_column_null_in_a_later_member_sorts_null_first() throws Exception {
    assertEquals(
        "SELECT id AS k FROM items UNION SELECT score FROM items ORDER BY k NULLS FIRST",
        pg("SELECT id AS k FROM items UNION SELECT score FROM items ORDER BY k"));
    assertEquals(
        "SELECT id FROM items UNION ALL SELECT score FROM items ORDER BY 1 DESC NULLS LAST",
        pg("SELECT id FROM items UNION ALL SELECT score FROM items ORDER BY 1 DESC"));
    assertEquals(
        "SELECT id FROM items EXCEPT SELECT score FROM items ORDER BY id NULLS FIRST",
        pg("SELECT id FROM items EXCEPT SELECT score FROM items ORDER BY id"));
    // A member's own ORDER BY, in parentheses, is its own.
    String sql = "(SELECT id FROM items ORDER BY id LIMIT 1) UNION SELECT score FROM items";
    assertEquals(sql, pg(sql));
  }

  /**
   * A column named by a word the lexer knows ({@code value}, {@code data}, {@code time}) is a
   * column too: a NOT NULL one, or an alias naming one, is left, so that its index still serves
   * {@code ORDER BY value LIMIT n} (read as an expression, it got NULLS FIRST and a full sort).
   */
  @Test
  void not_null_columns_named_by_keywords_keep_their_index_order() throws Exception {
    NullsOrder.Nullable kv =
        (table, column) ->
            table.equals("kv")
                ? Map.of("id", false, "value", false, "data", true).get(column)
                : null;
    for (String sql :
        List.of(
            "SELECT * FROM kv ORDER BY value LIMIT 20",
            "SELECT * FROM kv ORDER BY kv.value DESC LIMIT 20",
            "SELECT id AS value FROM kv ORDER BY value LIMIT 20",
            "SELECT value FROM kv ORDER BY 1 LIMIT 20")) {
      assertEquals(sql, NullsOrder.rewrite(sql, List.of("kv"), kv), sql);
    }
    assertEquals(
        "SELECT * FROM kv ORDER BY data NULLS FIRST, value",
        NullsOrder.rewrite("SELECT * FROM kv ORDER BY data, value", List.of("kv"), kv));
  }
}
