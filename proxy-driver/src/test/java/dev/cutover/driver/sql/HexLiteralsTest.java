package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MySQL's {@code 0x41} as the value of the column it lands in, as text. */
class HexLiteralsTest {
  /** bins(id integer, b bytea, v varchar, d numeric); other(id integer, b text). */
  private static final BooleanLiterals.Types TYPES =
      (table, column) ->
          Map.of(
                  "bins",
                  Map.of(
                      "id", "integer",
                      "b", "bytea",
                      "v", "character varying(10)",
                      "d", "numeric(10,2)",
                      "c", "character(3)"),
                  "other",
                  Map.of("id", "integer", "b", "text"))
              .getOrDefault(table, Map.of())
              .get(column);

  private static String pg(String sql, String... tables) throws Exception {
    return HexLiterals.rewrite(sql, List.of(tables), TYPES);
  }

  @Test
  void an_unterminated_quoted_name_does_not_throw() throws Exception {
    // Found by MysqlRulesFuzzTest: TableAliases cut a lone quote's name at a negative end.
    String garbled = "SELECT STR_TO_?DATE(?, '%d/%m/%Y') FROM t0x41 WHERE a = ?\"";
    org.junit.jupiter.api.Assertions.assertEquals(garbled, pg(garbled, "bins"));
  }

  @Test
  void a_literal_compared_with_or_assigned_to_a_column_is_that_column_s_value() throws Exception {
    assertEquals(
        "UPDATE bins SET b = '\\xcafe'::bytea, v = 'Hi', d = 255 WHERE id = 65 AND '\\x01'::bytea"
            + " <> bins.b",
        pg(
            "UPDATE bins SET b = 0xCAFE, v = 0x4869, d = 0xff WHERE id = 0x41 AND 0x1 <> bins.b",
            "bins"));
    assertEquals(
        "INSERT INTO bins (id, b, v, c) VALUES (1, '\\x0123'::bytea, 'A''', 'A'), (2, ?,"
            + " 0xff, 0x41 + 1)",
        pg(
            "INSERT INTO bins (id, b, v, c) VALUES (0x1, 0x123, 0x4127, 0x41), (2, ?, 0xff,"
                + " 0x41 + 1)",
            "bins"));
  }

  /**
   * Bytes past ASCII spell different characters in MariaDB's column as its character set reads them
   * ({@code 0xC3A9} is {@code 'é'} in {@code utf8mb4}, {@code 'Ã©'} in {@code latin1}), which
   * PostgreSQL's type does not tell; past 8 bytes MariaDB refuses a number on insert and compares
   * its last 8 bytes ({@code 0x010000000000000041} is 65). Both are left for PostgreSQL to refuse.
   */
  @Test
  void text_past_ascii_and_numbers_past_8_bytes_are_left() throws Exception {
    String[] left = {
      "SELECT * FROM bins WHERE v = 0xC3A9",
      "UPDATE bins SET c = 0xE9 WHERE v = 0x41E9",
      "INSERT INTO bins (v, c) VALUES (0xC3A9, 0x80)",
      "SELECT * FROM bins WHERE id = 0x010000000000000041 OR d = 0x000000000000000041",
      "INSERT INTO bins (id, d) VALUES (0x010000000000000041, 0x000000000000000041)",
    };
    for (String sql : left) {
      assertEquals(sql, pg(sql, "bins"));
    }
    assertEquals(
        "SELECT * FROM bins WHERE id = 18446744073709551615 AND v = '~ '",
        pg("SELECT * FROM bins WHERE id = 0xFFFFFFFFFFFFFFFF AND v = 0x7E20", "bins"));
  }

  /** {@code <>} is a comparison too, in a statement without any {@code =}. */
  @Test
  void a_statement_whose_only_comparison_is_not_equal_is_rewritten() throws Exception {
    assertEquals(
        "SELECT * FROM bins WHERE v <> 'A'", pg("SELECT * FROM bins WHERE v <> 0x41", "bins"));
    assertEquals(
        "DELETE FROM bins WHERE '\\x41'::bytea <> b",
        pg("DELETE FROM bins WHERE 0x41 <> b", "bins"));
  }

  @Test
  void an_upsert_s_values_and_assignments_are_rewritten_too() throws Exception {
    assertEquals(
        "INSERT INTO bins (id, b) VALUES (1, '\\x41'::bytea) ON CONFLICT (id) DO UPDATE SET b ="
            + " '\\x42'::bytea, v = EXCLUDED.v",
        pg(
            "INSERT INTO bins (id, b) VALUES (1, 0x41) ON CONFLICT (id) DO UPDATE SET b = 0x42, v ="
                + " EXCLUDED.v",
            "bins"));
  }

  @Test
  void elsewhere_or_for_an_unknown_or_disputed_column_it_is_left() throws Exception {
    String[] left = {
      "SELECT 0x41, CONCAT(v, 0x41) FROM bins",
      "SELECT * FROM bins WHERE b = 0x41 || 0x42",
      "SELECT * FROM bins WHERE d + 1 = 0x41 OR 0x41 = d - 1 OR 0x41 = f(d)",
      "SELECT * FROM bins JOIN other ON other.id = bins.id WHERE b = 0x41",
      "SELECT * FROM bins WHERE nope = 0x41 AND v = 0x00 AND v = 0x0a AND v = 0xff",
      "SELECT * FROM bins WHERE v = 0x",
    };
    for (String sql : left) {
      assertEquals(
          sql,
          pg(sql, sql.contains("other") ? new String[] {"bins", "other"} : new String[] {"bins"}));
    }
    assertNull(HexLiterals.valueFor("0x41", "timestamp without time zone"));
    assertEquals(
        "SELECT * FROM bins JOIN other ON other.id = bins.id WHERE bins.b = '\\x41'::bytea AND"
            + " other.b = 'A'",
        pg(
            "SELECT * FROM bins JOIN other ON other.id = bins.id WHERE bins.b = 0x41 AND other.b ="
                + " 0x41",
            "bins",
            "other"));
  }
}
