package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Which column each parameter of a write is stored into. */
class AssignedColumnsTest {

  @Test
  void insert_values_map_each_plain_marker_to_its_column_row_by_row() {
    AssignedColumns a =
        AssignedColumns.parse(
            "INSERT INTO \"Shop\".orders (id, at, note) VALUES (?, ?, lower(?)), (?, now(), ?)"
                + " ON CONFLICT (id) DO UPDATE SET at = ?",
            Dialect.POSTGRES);
    // Names are folded to lower case, quoted or not, as Analysis#tables() gives them.
    assertEquals("shop.orders", a.table());
    assertArrayEquals(new String[] {"id", "at", null, "id", "note", "at"}, a.columns());
    assertArrayEquals(
        new String[] {"id", "at", "at", null},
        AssignedColumns.parse(
                "INSERT INTO t (id, at) VALUES (?, ?) ON DUPLICATE KEY UPDATE at = ?, n = n + ?",
                Dialect.MYSQL)
            .columns());
    assertNull(a.column(9));
  }

  @Test
  void insert_without_a_column_list_and_insert_set_give_positions_and_names() {
    assertArrayEquals(
        new String[] {"#0", "#2"},
        AssignedColumns.parse("INSERT INTO t VALUES (?, NULL, ?)", Dialect.POSTGRES).columns());
    assertArrayEquals(
        new String[] {"a", null, "c"},
        AssignedColumns.parse("INSERT INTO t SET a = ?, b = ? + 1, c = ?", Dialect.MYSQL)
            .columns());
  }

  @Test
  void update_assignments_stop_at_the_where_clause() {
    AssignedColumns a =
        AssignedColumns.parse(
            "UPDATE orders o SET o.at = ?, note = concat(?, 'x'), \"Seen\" = ? WHERE id = ? AND"
                + " at < ?",
            Dialect.POSTGRES);
    assertEquals("orders", a.table());
    assertArrayEquals(new String[] {"at", null, "seen", null, null}, a.columns());
    assertArrayEquals(
        new String[] {"at", null},
        AssignedColumns.parse(
                "UPDATE t SET at = ? FROM u WHERE t.id = u.id AND u.x = ?", Dialect.POSTGRES)
            .columns());
  }

  @Test
  void the_stamped_row_form_maps_each_value_of_the_inner_select_to_its_column() {
    // What OnUpdateTimestamps writes for UPDATE t SET a = ?, b = concat(?, 'x'), c = ? WHERE
    // id = ?, and for the update of an upsert.
    assertArrayEquals(
        new String[] {"a", null, "c", null},
        AssignedColumns.parse(
                "UPDATE t SET (a, b, c, \"updated\") = (SELECT cutover_new.v1, cutover_new.v2,"
                    + " cutover_new.v3, CASE WHEN (t.a, t.b, t.c) IS NOT DISTINCT FROM"
                    + " (cutover_new.v1, cutover_new.v2, cutover_new.v3) THEN t.\"updated\" ELSE"
                    + " CURRENT_TIMESTAMP END FROM (SELECT CAST((?) AS numeric(10,2)),"
                    + " CAST((concat(?, 'x')) AS text), CAST((?) AS integer)) AS"
                    + " cutover_new(v1, v2, v3)) WHERE id = ?",
                Dialect.POSTGRES)
            .columns());
    assertArrayEquals(
        new String[] {"id", "name", "name"},
        AssignedColumns.parse(
                "INSERT INTO t (id, name) VALUES (?, ?) ON CONFLICT (\"id\") DO UPDATE SET (name,"
                    + " \"updated\") = (SELECT cutover_new.v1, CASE WHEN (t.name) IS NOT DISTINCT"
                    + " FROM (cutover_new.v1) THEN t.\"updated\" ELSE CURRENT_TIMESTAMP END FROM"
                    + " (SELECT CAST((?) AS text)) AS cutover_new(v1))",
                Dialect.POSTGRES)
            .columns());
  }

  @Test
  void other_statements_and_garbage_have_none() {
    assertNull(AssignedColumns.parse("SELECT ? FROM t", Dialect.POSTGRES));
    assertNull(AssignedColumns.parse("DELETE FROM t WHERE a = ?", Dialect.POSTGRES));
    assertNull(AssignedColumns.parse("UPDATE", Dialect.POSTGRES));
    assertNull(AssignedColumns.parse("", Dialect.POSTGRES));
    assertNull(AssignedColumns.parse(null, Dialect.POSTGRES));
    assertArrayEquals(
        new String[] {null}, AssignedColumns.parse("UPDATE t SET = ?", Dialect.POSTGRES).columns());
  }
}
