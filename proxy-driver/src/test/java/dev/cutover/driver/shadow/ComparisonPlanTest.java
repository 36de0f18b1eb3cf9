package dev.cutover.driver.shadow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.comparator.CaptureBudget;
import dev.cutover.comparator.Engine;
import dev.cutover.comparator.NormalizerOptions;
import dev.cutover.comparator.ResultSnapshot;
import dev.cutover.driver.sql.Dialect;
import dev.cutover.driver.sql.OrderBy;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonPlanTest {

  private static int[] keys(String sql, String... labels) {
    return ComparisonPlan.keyPositions(OrderBy.of(sql, Dialect.POSTGRES).items(), List.of(labels));
  }

  @Test
  void order_by_items_map_to_result_columns_by_label_alias_qualified_name_and_ordinal() {
    assertArrayEquals(
        new int[] {2, 1, 3},
        keys("SELECT id, g, Label FROM t ORDER BY G DESC, t.id, 3", "id", "g", "label"));
  }

  @Test
  void only_the_items_before_the_first_unmapped_one_are_used() {
    assertArrayEquals(new int[] {1}, keys("SELECT a, b FROM t ORDER BY a, lower(b), b", "a", "b"));
    assertArrayEquals(new int[0], keys("SELECT a, b FROM t ORDER BY c, a", "a", "b"));
    assertArrayEquals(new int[0], keys("SELECT x.id, y.id FROM x, y ORDER BY x.id", "id", "id"));
    assertArrayEquals(new int[0], keys("SELECT a FROM t ORDER BY 2", "a"));
  }

  private static ResultSnapshot snapshot(Object[]... rows) {
    ResultSnapshot.Builder b =
        ResultSnapshot.builder(
            Engine.POSTGRES, CaptureBudget.unlimited(), NormalizerOptions.DEFAULTS);
    b.column("k", Types.VARCHAR, "varchar", 10, 0);
    b.column("v", Types.INTEGER, "int4", 10, 0);
    for (Object[] row : rows) {
      b.addRow(row);
    }
    return b.build();
  }

  @Test
  void keys_whose_equal_rows_are_not_adjacent_do_not_describe_the_order() {
    ResultSnapshot sorted =
        snapshot(new Object[] {"a", 1}, new Object[] {"a", 2}, new Object[] {"b", 3});
    assertTrue(ComparisonPlan.runsAdjacent(sorted, new int[] {1}));
    // A case-insensitive collation ties 'a' and 'A', so they may interleave.
    ResultSnapshot caseInsensitive =
        snapshot(new Object[] {"a", 1}, new Object[] {"A", 2}, new Object[] {"a", 3});
    assertFalse(ComparisonPlan.runsAdjacent(caseInsensitive, new int[] {1}));
  }
}
