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

  @Test
  void each_row_s_value_of_a_column_is_classified_with_its_parameters() {
    InsertShape shape =
        InsertShape.parse(
            "INSERT INTO t (a, id, b) VALUES (?, ?, ?), (lower(?), NULL, ?), (1, DEFAULT, 2),"
                + " (?, 0, ?), (?, -5, ?), (?, 42, ?), (?, coalesce(?, 7), ?)",
            Dialect.MYSQL);
    List<InsertShape.Value> ids = shape.valuesOf(1);
    assertEquals(7, ids.size());
    assertEquals(InsertShape.ValueKind.PARAMETER, ids.get(0).kind());
    assertEquals(1, ids.get(0).firstParameter());
    assertEquals(1, ids.get(0).parameters());
    assertEquals(InsertShape.ValueKind.NULL, ids.get(1).kind());
    assertEquals(1, ids.get(1).firstParameter());
    assertEquals(InsertShape.ValueKind.DEFAULT, ids.get(2).kind());
    assertEquals(InsertShape.ValueKind.INTEGER, ids.get(3).kind());
    assertEquals(0, ids.get(3).literal());
    // A sign makes it an expression: the driver does not guess at it.
    assertEquals(InsertShape.ValueKind.OTHER, ids.get(4).kind());
    assertEquals(42, ids.get(5).literal());
    assertEquals(InsertShape.ValueKind.OTHER, ids.get(6).kind());
    assertEquals(1, ids.get(6).firstParameter());
    assertEquals(1, ids.get(6).parameters());
    assertEquals(
        "INSERT INTO t (a, id, b) VALUES (?, ?, ?), (lower(?), ?, ?), (1, ?, 2),"
            + " (?, ?, ?), (?, ?, ?), (?, ?, ?), (?, ?, ?)",
        shape.withValuesAsParameters(1));
    assertNull(shape.valuesOf(3));
    assertNull(shape.valuesOf(-1));
  }

  @Test
  void insert_set_and_insert_without_a_column_list_give_their_values_by_position() {
    InsertShape set =
        InsertShape.parse(
            "INSERT INTO t SET name = ?, id = 0, qty = ? ON DUPLICATE KEY UPDATE qty = ?",
            Dialect.MYSQL);
    InsertShape.Value id = set.valuesOf(1).get(0);
    assertEquals(InsertShape.ValueKind.INTEGER, id.kind());
    assertEquals(1, id.firstParameter());
    assertEquals(
        "INSERT INTO t SET name = ?, id = ?, qty = ? ON DUPLICATE KEY UPDATE qty = ?",
        set.withValuesAsParameters(1));
    InsertShape noList = InsertShape.parse("INSERT INTO t VALUES (NULL, 'a,b', ?)", Dialect.MYSQL);
    assertEquals(InsertShape.ValueKind.NULL, noList.valuesOf(0).get(0).kind());
    assertEquals(0, noList.valuesOf(2).get(0).firstParameter());
    assertEquals("INSERT INTO t VALUES (?, 'a,b', ?)", noList.withValuesAsParameters(0));
    // Rows of different lengths against a column list are not read by position.
    assertNull(InsertShape.parse("INSERT INTO t (a, b) VALUES (1)", Dialect.MYSQL).valuesOf(0));
  }

  @Test
  void overriding_system_value_goes_before_the_values_keyword_only() {
    assertEquals(
        "INSERT INTO t (\"values\", v) OVERRIDING SYSTEM VALUE VALUES /* values */ (?, ?)",
        InsertShape.parse(
                "INSERT INTO t (\"values\", v) VALUES /* values */ (?, ?)", Dialect.POSTGRES)
            .withOverridingSystemValue());
    // And the shape reads through it: the key rewrites and learnt parameter types work on it.
    InsertShape shape =
        InsertShape.parse(
            "INSERT INTO t (a, b) OVERRIDING SYSTEM VALUE VALUES (?, ?), (3, ?)", Dialect.POSTGRES);
    assertEquals(2, shape.rowCount());
    assertEquals(List.of("a", "b"), shape.columns());
    assertEquals(
        "INSERT INTO t (id, a, b) OVERRIDING SYSTEM VALUE VALUES (?, ?, ?), (?, 3, ?)",
        shape.withLeadingColumn("id"));
  }
}
