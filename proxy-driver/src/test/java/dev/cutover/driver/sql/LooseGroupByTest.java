package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LooseGroupByTest {
  private static final Map<String, List<String>> COLUMNS =
      Map.of(
          "orders", List.of("id", "customer_id", "total", "note", "created"),
          "customers", List.of("id", "name", "city"),
          "items", List.of("order_id", "sku", "qty"));

  private static final Map<String, List<String>> KEYS =
      Map.of("orders", List.of("id"), "customers", List.of("id"), "items", List.of());

  private static final LooseGroupBy.Catalog CATALOG =
      new LooseGroupBy.Catalog() {
        @Override
        public List<String> primaryKey(String table) {
          return KEYS.get(table);
        }

        @Override
        public boolean hasColumn(String table, String column) {
          return COLUMNS.getOrDefault(table, List.of()).contains(column);
        }
      };

  private static void rewrites(String sql, String expected) throws Exception {
    List<String> tables =
        COLUMNS.keySet().stream().filter(t -> sql.toLowerCase().contains(t)).toList();
    assertEquals(expected, LooseGroupBy.rewrite(sql, tables, CATALOG), sql);
  }

  private static void unchanged(String sql) throws Exception {
    rewrites(sql, sql);
  }

  @Test
  void a_joined_table_s_column_under_a_foreign_key_group_takes_one_row_s_value() throws Exception {
    rewrites(
        "SELECT o.customer_id, c.name, COUNT(*) FROM orders o JOIN customers c ON c.id ="
            + " o.customer_id GROUP BY o.customer_id",
        "SELECT o.customer_id, (array_agg(c.name))[1] AS name, COUNT(*) FROM orders o JOIN"
            + " customers c ON c.id = o.customer_id GROUP BY o.customer_id");
    rewrites(
        "SELECT customer_id, note AS n, UPPER(note) AS \"UPPER(note)\" FROM orders GROUP BY"
            + " customer_id",
        "SELECT customer_id, (array_agg(note))[1] AS n, (array_agg(UPPER(note)))[1] AS"
            + " \"UPPER(note)\" FROM orders GROUP BY customer_id");
    rewrites(
        "SELECT customer_id, note n FROM orders GROUP BY customer_id",
        "SELECT customer_id, (array_agg(note))[1] n FROM orders GROUP BY customer_id");
  }

  @Test
  void columns_postgresql_takes_are_left() throws Exception {
    // The grouped table's primary key: every column of it depends on the group.
    unchanged(
        "SELECT o.id, o.note, o.total, COUNT(i.sku) FROM orders o JOIN items i ON"
            + " i.order_id = o.id GROUP BY o.id");
    unchanged("SELECT customer_id, COUNT(*), SUM(total) FROM orders GROUP BY customer_id");
    unchanged("SELECT customer_id AS c, MAX(note) FROM orders GROUP BY c");
    unchanged("SELECT customer_id, MAX(note) FROM orders GROUP BY 1");
    unchanged(
        "SELECT EXTRACT(YEAR FROM created) AS y, COUNT(*) FROM orders"
            + " GROUP BY EXTRACT(YEAR FROM created)");
    unchanged("SELECT customer_id FROM orders");
  }

  @Test
  void an_order_by_key_the_select_list_does_not_give_is_wrapped_too() throws Exception {
    rewrites(
        "SELECT customer_id, note FROM orders GROUP BY customer_id ORDER BY total DESC NULLS"
            + " LAST, note",
        "SELECT customer_id, (array_agg(note))[1] AS note FROM orders GROUP BY customer_id ORDER"
            + " BY (array_agg(total))[1] DESC NULLS LAST, note");
  }

  @Test
  void items_with_aggregates_windows_sub_queries_or_unknown_columns_are_left() throws Exception {
    unchanged("SELECT customer_id, note || COUNT(*) FROM orders GROUP BY customer_id");
    unchanged(
        "SELECT customer_id, SUM(total) OVER (PARTITION BY note) FROM orders GROUP BY"
            + " customer_id");
    unchanged(
        "SELECT customer_id, (SELECT name FROM customers c WHERE c.id = customer_id) FROM orders"
            + " GROUP BY customer_id");
    unchanged(
        "SELECT d.k, d.v FROM (SELECT customer_id AS k, note AS v FROM orders) d GROUP BY d.k");
    unchanged("SELECT k, v FROM (SELECT customer_id AS k, note AS v FROM orders) d GROUP BY k");
    unchanged("SELECT customer_id, note FROM orders GROUP BY ROLLUP (customer_id)");
  }

  @Test
  void a_union_s_members_are_wrapped_and_its_order_by_is_left() throws Exception {
    rewrites(
        "SELECT customer_id, note FROM orders GROUP BY customer_id UNION SELECT c.id, c.name"
            + " FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.id ORDER BY 2",
        "SELECT customer_id, (array_agg(note))[1] AS note FROM orders GROUP BY customer_id"
            + " UNION SELECT c.id, c.name FROM customers c JOIN orders o ON o.customer_id = c.id"
            + " GROUP BY c.id ORDER BY 2");
    unchanged(
        "SELECT id, name FROM customers UNION SELECT customer_id, MAX(note) FROM orders GROUP BY"
            + " customer_id ORDER BY total");
  }

  @Test
  void writes_are_left_to_fail_rather_than_differ_silently() throws Exception {
    unchanged(
        "INSERT INTO items (order_id, sku) SELECT customer_id, note FROM orders GROUP BY"
            + " customer_id");
  }

  @Test
  void each_block_of_a_query_is_read_on_its_own() throws Exception {
    rewrites(
        "SELECT x.customer_id, x.n FROM (SELECT customer_id, note AS n FROM orders GROUP BY"
            + " customer_id) x",
        "SELECT x.customer_id, x.n FROM (SELECT customer_id, (array_agg(note))[1] AS n FROM"
            + " orders GROUP BY customer_id) x");
    rewrites(
        "WITH t AS (SELECT customer_id, note FROM orders GROUP BY customer_id) SELECT * FROM t",
        "WITH t AS (SELECT customer_id, (array_agg(note))[1] AS note FROM orders GROUP BY"
            + " customer_id) SELECT * FROM t");
  }

  @Test
  void a_grouped_key_makes_only_its_own_alias_s_columns_dependent_in_a_self_join()
      throws Exception {
    // PostgreSQL's functional dependency is per FROM entry: a.id grouped says nothing of b.
    rewrites(
        "SELECT a.id, b.name FROM customers a JOIN customers b ON b.city = a.city GROUP BY a.id",
        "SELECT a.id, (array_agg(b.name))[1] AS name FROM customers a JOIN customers b ON b.city"
            + " = a.city GROUP BY a.id");
    rewrites(
        "SELECT a.name, b.name AS bn FROM customers a JOIN customers b ON b.city = a.city"
            + " GROUP BY b.name",
        "SELECT (array_agg(a.name))[1] AS name, b.name AS bn FROM customers a JOIN customers b"
            + " ON b.city = a.city GROUP BY b.name");
    unchanged(
        "SELECT a.id, a.name, b.id, b.name FROM customers a JOIN customers b ON b.city = a.city"
            + " GROUP BY a.id, b.id");
  }

  @Test
  void an_outer_query_s_column_in_a_grouped_sub_query_is_left() throws Exception {
    // To the sub-query a.name is a constant; in an aggregate it would make the outer query one.
    unchanged(
        "SELECT a.id, (SELECT a.name FROM customers b WHERE b.city = a.city GROUP BY b.city"
            + " LIMIT 1) AS x FROM customers a");
    unchanged(
        "SELECT o.id, (SELECT o.note FROM orders o2 WHERE o2.customer_id = o.customer_id"
            + " GROUP BY o2.customer_id) AS x FROM orders o");
  }

  @Test
  void an_item_built_of_a_grouped_expression_is_left_as_postgresql_takes_it() throws Exception {
    // PostgreSQL matches a GROUP BY expression inside an item: no array_agg over the group.
    unchanged("SELECT (total + customer_id) * 2 AS x FROM orders GROUP BY total + customer_id");
    unchanged(
        "SELECT concat(EXTRACT(YEAR FROM created), '-', EXTRACT(MONTH FROM created)) AS m,"
            + " COUNT(*) FROM orders GROUP BY EXTRACT(YEAR FROM created), EXTRACT(MONTH FROM"
            + " created) ORDER BY EXTRACT(YEAR FROM created) NULLS FIRST");
    unchanged(
        "SELECT customer_id, upper(lower(note)) AS n FROM orders GROUP BY customer_id,"
            + " lower(note)");
    // Not a sub-expression there (total + (customer_id * 2)): PostgreSQL refuses it.
    rewrites(
        "SELECT total + customer_id * 2 AS x FROM orders GROUP BY total + customer_id",
        "SELECT (array_agg(total + customer_id * 2))[1] AS x FROM orders GROUP BY total +"
            + " customer_id");
    rewrites(
        "SELECT customer_id, upper(x.lower(note)) AS n FROM orders GROUP BY customer_id,"
            + " lower(note)",
        "SELECT customer_id, (array_agg(upper(x.lower(note))))[1] AS n FROM orders GROUP BY"
            + " customer_id, lower(note)");
  }

  @Test
  void is_not_distinct_from_does_not_start_a_from_clause() throws Exception {
    // MySQL's <=> as PostgreSQL writes it.
    rewrites(
        "SELECT customer_id, note FROM orders WHERE note IS NOT DISTINCT FROM 'x' GROUP BY"
            + " customer_id",
        "SELECT customer_id, (array_agg(note))[1] AS note FROM orders WHERE note IS NOT DISTINCT"
            + " FROM 'x' GROUP BY customer_id");
    rewrites(
        "SELECT customer_id, MAX(total) IS DISTINCT FROM 20 AS m, note FROM orders GROUP BY"
            + " customer_id",
        "SELECT customer_id, MAX(total) IS DISTINCT FROM 20 AS m, (array_agg(note))[1] AS note"
            + " FROM orders GROUP BY customer_id");
  }
}
