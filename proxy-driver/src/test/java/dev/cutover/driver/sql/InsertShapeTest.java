package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The structure of simple INSERTs and the explicit-key rewrite built on it. */
class InsertShapeTest {

  @Test
  void multi_row_insert_with_quoted_columns_is_read_row_by_row() {
    InsertShape shape =
        InsertShape.parse(
            "INSERT INTO `Shop`.`Orders` (`id`, Total, note) VALUES (?, ?, 'x'), (?, lower(?), ?)",
            Dialect.MYSQL);
    assertEquals("shop.orders", shape.table());
    assertEquals(List.of("id", "total", "note"), shape.columns());
    assertEquals(2, shape.rowCount());
    assertEquals(2, shape.parameterCountPerRow(0));
    assertEquals(3, shape.parameterCountPerRow(1));
  }

  @Test
  void leading_column_is_added_to_the_column_list_and_every_tuple() {
    InsertShape shape =
        InsertShape.parse(
            "INSERT INTO orders (total, note) VALUES (?, ?), (?, 'a') RETURNING id",
            Dialect.POSTGRES);
    assertEquals(
        "INSERT INTO orders (\"id\", total, note) VALUES (?, ?, ?), (?, ?, 'a') RETURNING id",
        shape.withLeadingColumn("\"id\""));
  }

  @Test
  void empty_column_list_and_tuple_get_a_single_column_and_marker() {
    InsertShape shape = InsertShape.parse("INSERT INTO t () VALUES ()", Dialect.MYSQL);
    assertEquals(List.of(), shape.columns());
    assertEquals("INSERT INTO t (`id`) VALUES (?)", shape.withLeadingColumn("`id`"));
  }

  @Test
  void upserts_and_ignore_are_still_simple_inserts() {
    InsertShape ignore =
        InsertShape.parse(
            "INSERT IGNORE INTO t (a) VALUES (?) ON DUPLICATE KEY UPDATE a = 1", Dialect.MYSQL);
    assertEquals("t", ignore.table());
    InsertShape conflict =
        InsertShape.parse(
            "insert into t (a) values ($1) on conflict do nothing;", Dialect.POSTGRES);
    assertEquals(0, conflict.parameterCountPerRow(0), "$1 is not a JDBC '?' marker");
    assertEquals(List.of("a"), conflict.columns());
  }

  @Test
  void mysql_insert_set_is_one_row_of_its_assigned_columns_and_takes_a_leading_assignment() {
    InsertShape shape =
        InsertShape.parse(
            "INSERT INTO `items` SET name = ?, `Qty` = IFNULL(?, 0), note = 'a, b'"
                + " ON DUPLICATE KEY UPDATE qty = qty + ?",
            Dialect.MYSQL);
    assertEquals("items", shape.table());
    assertEquals(List.of("name", "qty", "note"), shape.columns());
    assertEquals(1, shape.rowCount());
    assertEquals(2, shape.parameterCountPerRow(0));
    assertEquals(
        "INSERT INTO `items` SET `id` = ?, name = ?, `Qty` = IFNULL(?, 0), note = 'a, b'"
            + " ON DUPLICATE KEY UPDATE qty = qty + ?",
        shape.withLeadingColumn("`id`"));
  }

  @Test
  void insert_without_a_column_list_has_no_columns_and_cannot_take_a_leading_column() {
    InsertShape shape = InsertShape.parse("INSERT INTO t VALUES (1, ?)", Dialect.MYSQL);
    assertEquals(List.of(), shape.columns());
    assertEquals(1, shape.parameterCountPerRow(0));
    assertThrows(IllegalStateException.class, () -> shape.withLeadingColumn("id"));
  }

  @Test
  void anything_but_a_single_values_insert_is_null() {
    assertNull(InsertShape.parse("INSERT INTO t (a) SELECT a FROM u", Dialect.MYSQL));
    assertNull(InsertShape.parse("INSERT INTO t SET a = 1", Dialect.POSTGRES));
    assertNull(InsertShape.parse("INSERT INTO t SET a = (SELECT max(a) FROM u)", Dialect.MYSQL));
    assertNull(InsertShape.parse("INSERT INTO t SET t.a = 1", Dialect.MYSQL));
    assertNull(InsertShape.parse("INSERT INTO t SET a = 1,", Dialect.MYSQL));
    assertNull(InsertShape.parse("INSERT INTO t DEFAULT VALUES", Dialect.POSTGRES));
    assertNull(
        InsertShape.parse("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)", Dialect.MYSQL));
    assertNull(InsertShape.parse("UPDATE t SET a = 1", Dialect.MYSQL));
    assertNull(
        InsertShape.parse("INSERT INTO t (a) VALUES ((SELECT max(a) FROM u))", Dialect.MYSQL));
    assertNull(InsertShape.parse("INSERT INTO t (a) VALUES (1", Dialect.MYSQL));
    assertNull(InsertShape.parse(null, Dialect.MYSQL));
    assertNull(InsertShape.parse("", Dialect.MYSQL));
  }

  @Test
  void comments_and_strings_that_look_like_syntax_do_not_confuse_the_shape() {
    InsertShape shape =
        InsertShape.parse(
            "/* (x) */ INSERT INTO t (a, b) -- ), (\n VALUES ('?,(', ?) # trailing", Dialect.MYSQL);
    assertEquals(1, shape.rowCount());
    assertEquals(1, shape.parameterCountPerRow(0));
    assertEquals(
        "/* (x) */ INSERT INTO t (`id`, a, b) -- ), (\n VALUES (?, '?,(', ?) # trailing",
        shape.withLeadingColumn("`id`"));
  }
}
