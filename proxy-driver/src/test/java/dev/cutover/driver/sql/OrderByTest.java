package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.sql.OrderBy.Item;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderByTest {

  private static List<Item> items(String sql) {
    return OrderBy.of(sql, Dialect.POSTGRES).items();
  }

  @Test
  void names_qualified_names_ordinals_and_directions_are_read() {
    assertEquals(
        List.of(
            new Item(0, null, "qty", true),
            new Item(0, "t", "name", false),
            new Item(2, null, null, false),
            new Item(0, null, "Mixed Case", true)),
        items(
            "SELECT t.name, qty FROM items t WHERE id > ? ORDER BY qty DESC NULLS LAST,"
                + " t.name ASC, 2, \"Mixed Case\" DESC"));
  }

  @Test
  void expressions_are_items_of_unknown_column() {
    List<Item> items = items("SELECT a, b FROM t ORDER BY lower(a), a + b, CASE WHEN a THEN 1 END");
    assertEquals(3, items.size());
    assertTrue(items.stream().allMatch(Item::expression), items.toString());
  }

  @Test
  void only_the_top_level_order_by_counts() {
    assertSame(
        OrderBy.NONE,
        OrderBy.of(
            "SELECT x, row_number() OVER (ORDER BY y) FROM (SELECT * FROM t ORDER BY z) s",
            Dialect.POSTGRES));
    assertEquals(
        List.of(new Item(0, null, "a", false)),
        items(
            "WITH c AS (SELECT a FROM t ORDER BY b) SELECT a FROM c UNION SELECT a FROM d ORDER BY a"));
    assertEquals(
        List.of(new Item(0, null, "v", false)),
        OrderBy.of("SELECT GROUP_CONCAT(x ORDER BY y) AS v FROM t ORDER BY v", Dialect.MYSQL)
            .items());
  }

  @Test
  void limits_offsets_and_fetch_first_are_read() {
    OrderBy literal = OrderBy.of("SELECT a FROM t ORDER BY a LIMIT 10 OFFSET 5", Dialect.POSTGRES);
    assertTrue(literal.limited());
    assertEquals(10, literal.limit());
    assertTrue(literal.offset());
    assertEquals(List.of(new Item(0, null, "a", false)), literal.items());

    OrderBy mysql = OrderBy.of("SELECT a FROM t WHERE b = ? ORDER BY a LIMIT ?, ?", Dialect.MYSQL);
    assertTrue(mysql.limited());
    assertTrue(mysql.offset());
    assertEquals(-1, mysql.limit());
    assertEquals(2, mysql.limitParameter());

    OrderBy fetch =
        OrderBy.of(
            "SELECT a FROM t ORDER BY a OFFSET 0 ROWS FETCH FIRST 3 ROWS WITH TIES",
            Dialect.POSTGRES);
    assertTrue(fetch.limited());
    assertEquals(3, fetch.limit());
    assertFalse(fetch.offset());
    assertTrue(fetch.withTies());

    OrderBy all = OrderBy.of("SELECT a FROM t ORDER BY a LIMIT ALL", Dialect.POSTGRES);
    assertFalse(all.limited());

    assertTrue(OrderBy.of("SELECT a FROM t ORDER BY a OFFSET 0", Dialect.POSTGRES).bounded());
    assertFalse(OrderBy.of("SELECT a FROM t ORDER BY a", Dialect.POSTGRES).bounded());

    OrderBy unordered = OrderBy.of("SELECT a FROM t LIMIT 1", Dialect.POSTGRES);
    assertTrue(unordered.items().isEmpty());
    assertEquals(1, unordered.limit());
    assertSame(
        OrderBy.NONE, OrderBy.of("SELECT a FROM t WHERE a IN (SELECT b FROM u LIMIT 1)", null));
  }

  @Test
  void items_holding_a_literal_or_parameter_are_flagged_since_a_fingerprint_erases_them() {
    for (String sql :
        List.of(
            "SELECT a, b FROM t ORDER BY 2",
            "SELECT a, b FROM t ORDER BY a, 2 DESC",
            "SELECT a, b FROM t ORDER BY -1",
            "SELECT a, b FROM t ORDER BY 'x'",
            "SELECT a, b FROM t ORDER BY ?")) {
      assertTrue(OrderBy.of(sql, Dialect.POSTGRES).literalItems(), sql);
    }
    for (String sql :
        List.of(
            "SELECT a, b FROM t WHERE a = 1 ORDER BY a, t.b DESC LIMIT 5",
            "SELECT a, b FROM t",
            "SELECT a, b FROM t ORDER BY lower(b) NULLS LAST")) {
      assertFalse(OrderBy.of(sql, Dialect.POSTGRES).literalItems(), sql);
    }
  }

  @Test
  void garbage_never_throws() {
    for (String sql : new String[] {"", "ORDER BY", "SELECT ORDER BY ,, LIMIT", "'", "((("}) {
      OrderBy.of(sql, Dialect.MYSQL);
    }
  }
}
