package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextComparisonsTest {
  /** places: zip character(5), code character varying(10), note text, n integer. */
  private static final BooleanLiterals.Types TYPES =
      (table, column) ->
          Map.of(
                  "places",
                  Map.of(
                      "zip", "character(5)",
                      "code", "character varying(10)",
                      "note", "text",
                      "n", "integer"),
                  "other",
                  Map.of("code", "integer"))
              .getOrDefault(table, Map.of())
              .get(column);

  private static String pg(String sql, String... tables) throws Exception {
    return TextComparisons.rewrite(
        sql, tables.length == 0 ? List.of("places") : List.of(tables), TYPES);
  }

  @Test
  void numbers_compared_with_character_columns_become_strings() throws Exception {
    assertEquals(
        "SELECT * FROM places p WHERE zip = '75001' OR '12' <> p.code OR note != '7.50'",
        pg("SELECT * FROM places p WHERE zip = 75001 OR 12 <> p.code OR note != 7.50"));
    assertEquals(
        "DELETE FROM places WHERE code IN ('1', '22', '333') AND zip NOT IN ('75001')",
        pg("DELETE FROM places WHERE code IN (1, 22, 333) AND zip NOT IN (75001)"));
  }

  @Test
  void other_columns_orderings_arithmetic_and_mixed_lists_are_left() throws Exception {
    for (String sql :
        List.of(
            "SELECT * FROM places WHERE n = 5 AND n IN (1, 2)",
            "SELECT * FROM places WHERE zip > 75000 AND zip < 76000",
            "SELECT * FROM places WHERE zip = 75000 + 1 OR code = -5 OR code = 1e3",
            "SELECT * FROM places WHERE code IN (1, n) OR code IN (SELECT 1)",
            "SELECT * FROM places WHERE upper(code) = 5",
            "SELECT * FROM places WHERE code || 'x' = 5")) {
      assertEquals(sql, pg(sql), sql);
    }
    // A column the statement's tables disagree on.
    String sql = "SELECT * FROM places JOIN other USING (x) WHERE code = 5";
    assertEquals(sql, pg(sql, "places", "other"));
  }

  @Test
  void a_number_written_with_leading_zeros_or_no_integer_part_is_quoted_as_mariadb_reads_it()
      throws Exception {
    // MariaDB reads 00123 as 123 (so zip = 00123 finds '123', and SET code = .5 stores '0.5'),
    // as PostgreSQL's cast of the unquoted number wrote it before.
    assertEquals(
        "UPDATE places SET code = '123' WHERE zip = '0.5' OR note IN ('7', '0.50')",
        pg("UPDATE places SET code = 00123 WHERE zip = .5 OR note IN (007, 00.50)"));
  }

  @Test
  void numbers_go_as_text_beside_an_equality_in_a_list_or_into_a_function_only() {
    assertEquals(
        "[true, true, true, true, true, false, false, false, true, false, false]",
        java.util.Arrays.toString(
            TextComparisons.numbersAsText(
                "SELECT lpad(?, 5, '0') FROM places WHERE code = ? OR ? <> zip OR zip IN (?, ?)"
                    + " OR code > ? OR code = ? || 'x' OR n = (SELECT ?) OR left(?, 2) = note"
                    + " OR note = COALESCE(?, ?)")));
  }
}
