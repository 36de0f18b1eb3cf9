package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MySQL's 1 and 0 for a TINYINT(1) that PostgreSQL holds as boolean, as text. */
class BooleanLiteralsTest {
  /** flags(id integer, active boolean, n integer); other(id integer, active integer). */
  private static final BooleanLiterals.Types TYPES =
      (table, column) ->
          Map.of(
                  "flags", Map.of("id", "integer", "active", "boolean", "n", "integer"),
                  "other", Map.of("id", "integer", "active", "integer"))
              .getOrDefault(table, Map.of())
              .get(column);

  private static String pg(String sql, String... tables) throws Exception {
    return BooleanLiterals.rewrite(sql, List.of(tables), TYPES);
  }

  @Test
  void a_zero_or_one_compared_with_or_assigned_to_a_boolean_column_is_a_boolean() throws Exception {
    assertEquals(
        "UPDATE flags SET active = FALSE WHERE active = TRUE AND n = 1 AND 0 <> f.active",
        pg("UPDATE flags SET active = 0 WHERE active = 1 AND n = 1 AND 0 <> f.active", "flags"));
    assertEquals(
        "INSERT INTO flags (id, active, n) VALUES (1, TRUE, 0), (2, FALSE, 1)",
        pg("INSERT INTO flags (id, active, n) VALUES (1, 1, 0), (2, 0, 1)", "flags"));
    assertEquals(
        "SELECT CASE WHEN \"active\" != FALSE THEN 1 END FROM flags",
        pg("SELECT CASE WHEN \"active\" != 0 THEN 1 END FROM flags", "flags"));
  }

  @Test
  void sums_and_extremes_of_a_boolean_count_its_true_rows() throws Exception {
    assertEquals(
        "SELECT SUM(CAST(CAST(active AS INTEGER) AS NUMERIC)),"
            + " round(avg(CAST(f.active AS INTEGER)), 4), MAX(CAST(active AS INTEGER)), SUM(n)"
            + " FROM flags f",
        pg("SELECT SUM(active), avg(f.active), MAX(active), SUM(n) FROM flags f", "flags"));
  }

  @Test
  void arithmetic_on_a_boolean_column_counts_it_as_one_or_zero() throws Exception {
    assertEquals(
        "SELECT CAST(active AS INTEGER) + 0, 2 * CAST(f.active AS INTEGER), -CAST(active AS"
            + " INTEGER), n * CAST(\"active\" AS INTEGER) + 1, n / NULLIF(CAST(active AS INTEGER)"
            + " + 0.0, 0), SUM(CAST(active AS INTEGER) * n), CAST(active AS INTEGER) % 2 FROM"
            + " flags f",
        pg(
            "SELECT active + 0, 2 * f.active, -active, n * \"active\" + 1,"
                + " n / NULLIF(active + 0.0, 0), SUM(active * n), active % 2 FROM flags f",
            "flags"));
    // MySQL's !, its NOT binding tightest.
    assertEquals(
        "SELECT (NOT active), CAST((NOT active) AS INTEGER) + 1 FROM flags f WHERE (NOT f.active)"
            + " AND CAST(active AS INTEGER) - 1 = 0",
        pg("SELECT !active, !active + 1 FROM flags f WHERE !f.active AND active - 1 = 0", "flags"));
    assertEquals(
        "UPDATE flags SET active = (NOT active) WHERE (NOT active) = other",
        pg("UPDATE flags SET active = !active WHERE !active = other", "flags"));
  }

  @Test
  void arithmetic_that_means_otherwise_or_on_other_columns_is_left() throws Exception {
    for (String sql :
        List.of(
            // MySQL's XOR and OR.
            "SELECT active ^ 1, active || 'x' FROM flags",
            "SELECT n + 1, x::active + 1, !n, f(active) + 1 FROM flags",
            "SELECT active + 1 FROM flags JOIN other ON other.id = flags.id",
            "SELECT d.active + 1 FROM (SELECT 1 AS active FROM flags) d")) {
      assertEquals(
          sql,
          pg(sql, sql.contains("other") ? new String[] {"flags", "other"} : new String[] {"flags"}),
          sql);
    }
  }

  @Test
  void other_numbers_arithmetic_and_columns_the_tables_disagree_on_are_left() throws Exception {
    for (String sql :
        List.of(
            "SELECT * FROM flags WHERE active = 2",
            "SELECT * FROM flags WHERE active = 1 + n",
            "SELECT * FROM flags WHERE n + 1 = active",
            "SELECT * FROM flags WHERE active = ?")) {
      assertEquals(sql, pg(sql, "flags"), sql);
    }
    String unknown = "SELECT * FROM nothing WHERE active = 1";
    assertEquals(unknown, pg(unknown, "nothing"));
    String join = "SELECT * FROM flags JOIN other ON other.id = flags.id WHERE active = 1";
    assertEquals(join, pg(join, "flags", "other"));
    // Qualified: by the table or alias it names; a derived table's column is left.
    assertEquals(
        "SELECT * FROM flags f JOIN other o ON o.id = f.id WHERE f.active = TRUE AND o.active = 1",
        pg(
            "SELECT * FROM flags f JOIN other o ON o.id = f.id WHERE f.active = 1 AND o.active = 1",
            "flags",
            "other"));
    String derived = "SELECT * FROM (SELECT COUNT(*) AS active FROM flags) d WHERE d.active = 1";
    assertEquals(derived, pg(derived, "flags"));
  }
}
