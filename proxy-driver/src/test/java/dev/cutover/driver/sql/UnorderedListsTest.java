package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.driver.sql.UnorderedLists.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnorderedListsTest {
  static List<Column> of(String sql) {
    return UnorderedLists.of(sql, Dialect.MYSQL);
  }

  @Test
  void a_group_concat_without_order_by_is_found_at_its_position_with_its_separator() {
    assertEquals(
        List.of(new Column(2, ",")),
        of("SELECT customer_id, GROUP_CONCAT(id) FROM t GROUP BY customer_id"));
    assertEquals(
        List.of(new Column(1, "|"), new Column(3, ", ")),
        of(
            "SELECT DISTINCT group_concat(DISTINCT a SEPARATOR '|') AS x, b,"
                + " GROUP_CONCAT(c, d SEPARATOR ', ') `y` FROM t GROUP BY b"));
    assertEquals(List.of(new Column(1, "'")), of("SELECT GROUP_CONCAT(a SEPARATOR '''') FROM t"));
    assertEquals(List.of(new Column(1, "\n")), of("SELECT GROUP_CONCAT(a SEPARATOR '\\n') FROM t"));
    assertEquals(
        List.of(new Column(2, ",")),
        of("SELECT (SELECT 1), GROUP_CONCAT(IF(a, 1, 2)) n UNION SELECT 1, 'x'"));
  }

  @Test
  void an_ordered_or_nested_group_concat_or_one_after_a_star_is_not() {
    assertEquals(List.of(), of("SELECT k, GROUP_CONCAT(id ORDER BY id) FROM t GROUP BY k"));
    assertEquals(List.of(), of("SELECT k, CONCAT('[', GROUP_CONCAT(id), ']') FROM t GROUP BY k"));
    assertEquals(List.of(), of("SELECT GROUP_CONCAT(id) + 0 FROM t"));
    assertEquals(List.of(), of("SELECT t.*, GROUP_CONCAT(id) FROM t GROUP BY k"));
    assertEquals(List.of(), of("SELECT x FROM (SELECT GROUP_CONCAT(id) AS x FROM t) d"));
    assertEquals(List.of(), of("SELECT GROUP_CONCAT(a SEPARATOR '') FROM t"));
    assertEquals(List.of(), UnorderedLists.of("SELECT GROUP_CONCAT(a) FROM t", Dialect.POSTGRES));
    assertEquals(List.of(), of("SELECT GROUP_CONCAT(a"));
    assertEquals(List.of(), of(""));
  }
}
