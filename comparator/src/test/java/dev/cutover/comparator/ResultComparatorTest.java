package dev.cutover.comparator;

import static dev.cutover.comparator.Snapshots.col;
import static dev.cutover.comparator.Snapshots.compare;
import static dev.cutover.comparator.Snapshots.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.comparator.Snapshots.Col;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResultComparatorTest {
  static final Col ID = col(Engine.POSTGRES, Types.INTEGER, "int4", 10, 0).as("id");
  static final Col NAME = col(Engine.POSTGRES, Types.VARCHAR, "varchar", 50, 0).as("name");
  static final Col PRICE = col(Engine.POSTGRES, Types.NUMERIC, "numeric", 10, 2).as("price");
  static final Col RATIO = col(Engine.POSTGRES, Types.DOUBLE, "float8", 17, 17).as("ratio");
  static final Col AT = col(Engine.POSTGRES, Types.TIMESTAMP, "timestamp", 26, 6).as("at");
  static final List<Col> COLS = List.of(ID, NAME, PRICE);

  private static ResultSnapshot one(ResultSnapshot.Builder b, Object... row) {
    b.addRow(row);
    return b.build();
  }

  static Object[] r(Object... values) {
    return values;
  }

  static ResultSnapshot s(Object[]... rows) {
    return rows(COLS, false, rows);
  }

  @Test
  void rows_in_a_different_order_are_equal_without_order_by() {
    ResultSnapshot left = s(r(1, "a", bd("1.10")), r(2, "b", bd("2")), r(3, "c", null));
    ResultSnapshot right = s(r(3, "c", null), r(1, "a", bd("1.1")), r(2, "b", bd("2.00")));
    ComparisonResult result = compare(left, right);
    assertTrue(result.equal(), result::toString);
    assertEquals(Optional.empty(), result.kind());
    assertEquals(3, result.comparedRows());
  }

  @Test
  void duplicates_are_counted_in_a_multiset() {
    ResultSnapshot left = s(r(1, "a", null), r(1, "a", null), r(2, "b", null));
    ResultSnapshot same = s(r(2, "b", null), r(1, "a", null), r(1, "a", null));
    ResultSnapshot other = s(r(1, "a", null), r(2, "b", null), r(2, "b", null));
    assertTrue(compare(left, same).equal());
    ComparisonResult result = compare(left, other);
    assertEquals(ComparisonResult.Outcome.DIFFERENT, result.outcome());
    assertEquals(1, result.missingRows() + result.differingRows());
  }

  @Test
  void a_row_only_on_the_left_is_a_missing_row() {
    ComparisonResult result =
        compare(
            s(r(1, "a", null), r(2, "b", null), r(3, "c", null)),
            s(r(3, "c", null), r(1, "a", null)));
    assertEquals(Optional.of(DifferenceKind.MISSING_ROWS), result.kind());
    assertEquals(1, result.missingRows());
    RowDifference d = result.differences().get(0);
    assertEquals(1, d.leftRow());
    assertEquals(List.of("2", "'b'", "NULL"), d.leftValues());
  }

  @Test
  void a_row_only_on_the_right_is_an_extra_row() {
    ComparisonResult result = compare(s(r(1, "a", null)), s(r(1, "a", null), r(9, "z", null)));
    assertEquals(Optional.of(DifferenceKind.EXTRA_ROWS), result.kind());
    assertEquals(1, result.extraRows());
    assertEquals(1, result.differences().get(0).rightRow());
  }

  @Test
  void a_changed_value_names_the_column_and_both_values() {
    ComparisonResult result =
        compare(
            s(r(1, "a", bd("332.20")), r(2, "b", bd("5")), r(3, "c", bd("7"))),
            s(r(3, "c", bd("7")), r(1, "a", bd("332.21")), r(2, "b", bd("5.0"))));
    assertEquals(Optional.of(DifferenceKind.VALUE_DIFFERENCE), result.kind());
    assertEquals(1, result.differingRows());
    RowDifference d = result.differences().get(0);
    assertEquals(List.of(new ColumnDifference(2, "price", "332.2", "332.21")), d.columns());
    assertEquals(0, d.leftRow());
    assertEquals(1, d.rightRow());
  }

  @Test
  void a_different_column_count_or_label_is_a_column_mismatch() {
    ResultSnapshot two = rows(List.of(ID, NAME), false, r(1, "a"));
    assertEquals(
        Optional.of(DifferenceKind.COLUMN_MISMATCH), compare(s(r(1, "a", null)), two).kind());
    ResultSnapshot renamed = rows(List.of(ID, NAME.as("title"), PRICE), false, r(1, "a", null));
    ComparisonResult result = compare(s(r(1, "a", null)), renamed);
    assertEquals(Optional.of(DifferenceKind.COLUMN_MISMATCH), result.kind());
    assertTrue(result.detail().contains("title"), result::detail);
  }

  @Test
  void labels_are_matched_case_insensitively() {
    ResultSnapshot upper =
        rows(List.of(ID.as("ID"), NAME.as("NAME"), PRICE.as("Price")), false, r(1, "a", null));
    assertTrue(compare(s(r(1, "a", null)), upper).equal());
  }

  @Test
  void an_ignored_column_does_not_count() {
    CompareOptions options = CompareOptions.builder().ignoreColumn("NAME").build();
    ResultSnapshot left = s(r(1, "now-1", null), r(2, "now-2", null));
    ResultSnapshot right = s(r(2, "later-2", null), r(1, "later-1", null));
    assertTrue(ResultComparator.compare(left, right, options).equal());
    assertFalse(compare(left, right).equal());
  }

  @Test
  void float_columns_match_within_tolerance_in_any_order() {
    List<Col> cols = List.of(ID, RATIO);
    ResultSnapshot left = rows(cols, false, r(1, 0.1 + 0.2), r(1, 0.7), r(2, 1e-300));
    ResultSnapshot right = rows(cols, false, r(1, 0.7000000000000001), r(2, 1e-300), r(1, 0.3));
    assertTrue(compare(left, right).equal());
  }

  @Test
  void mixed_precision_timestamps_match_in_any_order() {
    List<Col> left = List.of(ID, col(Engine.MYSQL, Types.TIMESTAMP, "DATETIME", 19, 0).as("at"));
    List<Col> right = List.of(ID, AT);
    LocalDateTime t = LocalDateTime.parse("2024-01-01T00:00:00");
    ResultSnapshot l =
        rows(left, false, r(1, t), r(2, t.plusSeconds(1)), r(3, t), r(4, t.plusSeconds(5)));
    ResultSnapshot rr =
        rows(
            right,
            false,
            r(4, t.plusNanos(4_600_000_000L)),
            r(2, t.plusNanos(1_400_000_000L)),
            r(3, t.plusNanos(999_000)),
            r(1, t));
    assertTrue(compare(l, rr).equal(), () -> compare(l, rr).toString());
  }

  @Test
  void time_digits_compare_two_fine_timestamps_at_a_coarser_precision() {
    // Both sides microsecond columns, one holding a value its engine computed more finely.
    List<Col> cols = List.of(ID, AT);
    LocalDateTime t = LocalDateTime.parse("2024-01-01T10:00:00");
    ResultSnapshot l = rows(cols, false, r(1, t.plusNanos(123_456_000)), r(2, t.plusSeconds(3)));
    ResultSnapshot rr = rows(cols, false, r(2, t.plusSeconds(3)), r(1, t.plusNanos(123_999_000)));
    assertFalse(compare(l, rr).equal());
    CompareOptions millis = CompareOptions.builder().timeDigits(3).build();
    assertTrue(ResultComparator.compare(l, rr, millis).equal(), () -> compare(l, rr).toString());
    CompareOptions ordered = CompareOptions.builder().ordered().timeDigits(3).build();
    ResultSnapshot inOrder =
        rows(cols, false, r(1, t.plusNanos(123_999_000)), r(2, t.plusSeconds(3)));
    assertTrue(ResultComparator.compare(l, inOrder, ordered).equal());
    ResultSnapshot rounded =
        rows(cols, false, r(1, t.plusNanos(122_600_000)), r(2, t.plusSeconds(3)));
    assertTrue(ResultComparator.compare(l, rounded, ordered).equal(), "rounded half-up");
    ResultSnapshot off = rows(cols, false, r(1, t.plusNanos(125_000_000)), r(2, t.plusSeconds(3)));
    assertFalse(ResultComparator.compare(l, off, millis).equal());
    assertFalse(
        ResultComparator.compare(
                l,
                rows(cols, false, r(1, t.plusNanos(123_456_000)), r(2, t.plusSeconds(4))),
                CompareOptions.builder().timeDigits(0).build())
            .equal());
  }

  @Test
  void a_result_of_only_tolerant_columns_matches_in_any_order() {
    List<Col> cols = List.of(col(Engine.MYSQL, Types.TIMESTAMP, "DATETIME", 19, 0).as("at"));
    LocalDateTime t = LocalDateTime.parse("2024-01-01T00:00:00");
    List<Object[]> left = new ArrayList<>();
    List<Object[]> right = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      left.add(r(t.plusSeconds(i)));
      right.add(r(t.plusSeconds(499 - i).minusNanos(i % 2 == 0 ? 300_000_000 : 0)));
    }
    ResultSnapshot l = rows(cols, false, left.toArray(new Object[0][]));
    ResultSnapshot rr = rows(List.of(AT), false, right.toArray(new Object[0][]));
    assertTrue(compare(l, rr).equal(), () -> compare(l, rr).toString());
    right.set(0, r(t.plusSeconds(1000)));
    ResultSnapshot changed = rows(List.of(AT), false, right.toArray(new Object[0][]));
    assertEquals(1, compare(l, changed).differingRows());
  }

  @Test
  void row_order_matters_when_the_statement_is_ordered() {
    CompareOptions ordered = CompareOptions.builder().ordered().build();
    ResultSnapshot left = s(r(1, "a", null), r(2, "b", null));
    ResultSnapshot right = s(r(2, "b", null), r(1, "a", null));
    ComparisonResult result = ResultComparator.compare(left, right, ordered);
    assertEquals(Optional.of(DifferenceKind.VALUE_DIFFERENCE), result.kind());
    assertEquals(2, result.differingRows());
    assertTrue(ResultComparator.compare(left, left, ordered).equal());
  }

  @Test
  void an_ordered_result_with_another_row_count_reports_row_count() {
    CompareOptions ordered = CompareOptions.builder().ordered().build();
    ComparisonResult result =
        ResultComparator.compare(s(r(1, "a", null), r(2, "b", null)), s(r(1, "a", null)), ordered);
    assertEquals(Optional.of(DifferenceKind.ROW_COUNT), result.kind());
    assertTrue(result.kinds().contains(DifferenceKind.MISSING_ROWS));
    assertEquals(1, result.missingRows());
  }

  @Test
  void ties_in_the_order_by_keys_may_come_in_any_order() {
    CompareOptions ties = CompareOptions.builder().orderedWithTies(3).build();
    ResultSnapshot left =
        s(r(1, "a", bd("1")), r(2, "b", bd("1")), r(3, "c", bd("2")), r(4, "d", bd("2")));
    ResultSnapshot right =
        s(r(2, "b", bd("1.0")), r(1, "a", bd("1")), r(4, "d", bd("2")), r(3, "c", bd("2")));
    assertTrue(ResultComparator.compare(left, right, ties).equal());
  }

  @Test
  void rows_out_of_order_across_different_keys_are_a_difference_with_ties() {
    CompareOptions ties = CompareOptions.builder().orderedWithTies(3).build();
    ResultSnapshot left = s(r(1, "a", bd("1")), r(2, "b", bd("2")), r(3, "c", bd("3")));
    ResultSnapshot right = s(r(2, "b", bd("2")), r(1, "a", bd("1")), r(3, "c", bd("3")));
    assertFalse(ResultComparator.compare(left, right, ties).equal());
    assertTrue(ResultComparator.compare(left, right, CompareOptions.DEFAULTS).equal());
  }

  @Test
  void a_whole_missing_tie_group_is_reported_as_missing_rows_not_a_cascade() {
    CompareOptions ties = CompareOptions.builder().orderedWithTies(3).build();
    ResultSnapshot left =
        s(r(1, "a", bd("1")), r(2, "b", bd("2")), r(3, "c", bd("3")), r(4, "d", bd("4")));
    ResultSnapshot right = s(r(1, "a", bd("1")), r(3, "c", bd("3")), r(4, "d", bd("4")));
    ComparisonResult result = ResultComparator.compare(left, right, ties);
    assertEquals(1, result.missingRows(), result::toString);
    assertEquals(0, result.differingRows());
    assertEquals(1, result.differences().get(0).leftRow());
  }

  @Test
  void a_limit_that_cuts_a_tie_group_leaves_the_last_run_out() {
    // ORDER BY qty LIMIT 3: both engines return the tie group qty=2 cut after one row, each a
    // different row of it.
    CompareOptions limited = CompareOptions.builder().orderedWithTies(3).limit(3).build();
    ResultSnapshot left = s(r(1, "a", bd("1")), r(2, "b", bd("1")), r(3, "c", bd("2")));
    ResultSnapshot right = s(r(2, "b", bd("1")), r(1, "a", bd("1")), r(4, "d", bd("2")));
    assertTrue(ResultComparator.compare(left, right, limited).equal());
    CompareOptions unlimited = CompareOptions.builder().orderedWithTies(3).build();
    assertFalse(ResultComparator.compare(left, right, unlimited).equal());
    ResultSnapshot changed = s(r(2, "b", bd("1")), r(1, "x", bd("1")), r(4, "d", bd("2")));
    ComparisonResult found = ResultComparator.compare(left, changed, limited);
    assertEquals(Optional.of(DifferenceKind.VALUE_DIFFERENCE), found.kind(), found::toString);
  }

  @Test
  void a_limit_not_reached_compares_every_run() {
    CompareOptions limited = CompareOptions.builder().orderedWithTies(3).limit(10).build();
    ResultSnapshot left = s(r(1, "a", bd("1")), r(3, "c", bd("2")));
    ResultSnapshot right = s(r(1, "a", bd("1")), r(4, "d", bd("2")));
    assertFalse(ResultComparator.compare(left, right, limited).equal());
  }

  @Test
  void an_offset_leaves_the_first_run_out() {
    CompareOptions paged = CompareOptions.builder().orderedWithTies(3).offset(true).build();
    ResultSnapshot left = s(r(1, "a", bd("1")), r(3, "c", bd("2")), r(4, "d", bd("3")));
    ResultSnapshot right = s(r(2, "b", bd("1")), r(3, "c", bd("2")), r(4, "d", bd("3")));
    assertTrue(ResultComparator.compare(left, right, paged).equal());
    ResultSnapshot changed = s(r(2, "b", bd("1")), r(3, "c", bd("2")), r(4, "x", bd("3")));
    assertFalse(ResultComparator.compare(left, changed, paged).equal());
  }

  @Test
  void an_unordered_result_cut_by_a_limit_is_not_comparable_when_it_differs() {
    CompareOptions limited = CompareOptions.builder().unordered().limit(2).build();
    ResultSnapshot left = s(r(1, "a", null), r(2, "b", null));
    ResultSnapshot other = s(r(3, "c", null), r(2, "b", null));
    assertEquals(
        ComparisonResult.Outcome.NOT_COMPARABLE,
        ResultComparator.compare(left, other, limited).outcome());
    assertTrue(
        ResultComparator.compare(left, s(r(2, "b", null), r(1, "a", null)), limited).equal());
    CompareOptions notReached = CompareOptions.builder().unordered().limit(3).build();
    assertFalse(ResultComparator.compare(left, other, notReached).equal());
  }

  @Test
  void order_by_positions_beyond_the_columns_are_rejected() {
    CompareOptions ties = CompareOptions.builder().orderedWithTies(4).build();
    assertThrows(
        IllegalArgumentException.class,
        () -> ResultComparator.compare(s(r(1, "a", null)), s(r(1, "a", null)), ties));
    assertThrows(IllegalArgumentException.class, () -> CompareOptions.builder().orderedWithTies(0));
  }

  @Test
  void a_truncated_ordered_result_compares_the_common_prefix() {
    CompareOptions ordered = CompareOptions.builder().ordered().build();
    ResultSnapshot complete = s(r(1, "a", null), r(2, "b", null), r(3, "c", null));
    ResultSnapshot prefix = rows(COLS, true, r(1, "a", null), r(2, "b", null));
    ComparisonResult result = ResultComparator.compare(complete, prefix, ordered);
    assertTrue(result.equal(), result::toString);
    assertTrue(result.truncated());
    assertEquals(2, result.comparedRows());
    ResultSnapshot wrongPrefix = rows(COLS, true, r(1, "a", null), r(2, "x", null));
    assertEquals(
        Optional.of(DifferenceKind.VALUE_DIFFERENCE),
        ResultComparator.compare(complete, wrongPrefix, ordered).kind());
  }

  @Test
  void a_complete_side_shorter_than_a_truncated_one_is_still_a_difference() {
    CompareOptions ordered = CompareOptions.builder().ordered().build();
    ResultSnapshot cut = rows(COLS, true, r(1, "a", null), r(2, "b", null), r(3, "c", null));
    ResultSnapshot complete = s(r(1, "a", null), r(2, "b", null));
    ComparisonResult result = ResultComparator.compare(cut, complete, ordered);
    assertEquals(Optional.of(DifferenceKind.ROW_COUNT), result.kind(), result::toString);
    assertEquals(1, result.missingRows());
    ComparisonResult reverse = ResultComparator.compare(complete, cut, ordered);
    assertEquals(1, reverse.extraRows());
  }

  @Test
  void a_truncated_multiset_is_not_comparable_rather_than_different() {
    ResultSnapshot complete = s(r(1, "a", null), r(2, "b", null), r(3, "c", null));
    ResultSnapshot prefix = rows(COLS, true, r(3, "c", null), r(9, "z", null));
    ComparisonResult result = compare(complete, prefix);
    assertEquals(ComparisonResult.Outcome.NOT_COMPARABLE, result.outcome());
    assertFalse(result.equal());
    assertEquals(Optional.empty(), result.kind());
    assertTrue(result.detail().contains("truncated"));
  }

  @Test
  void a_truncated_result_with_ties_drops_its_possibly_incomplete_last_group() {
    CompareOptions ties = CompareOptions.builder().orderedWithTies(3).build();
    ResultSnapshot complete =
        s(r(1, "a", bd("1")), r(2, "b", bd("2")), r(3, "c", bd("2")), r(4, "d", bd("3")));
    ResultSnapshot cut = rows(COLS, true, r(1, "a", bd("1")), r(3, "c", bd("2")));
    ComparisonResult result = ResultComparator.compare(complete, cut, ties);
    assertTrue(result.equal(), result::toString);
    ResultSnapshot wrongCut = rows(COLS, true, r(1, "x", bd("1")), r(3, "c", bd("2")));
    assertFalse(ResultComparator.compare(complete, wrongCut, ties).equal());
  }

  @Test
  void only_the_first_differences_are_listed_but_all_are_counted() {
    Object[][] left = new Object[50][];
    Object[][] right = new Object[50][];
    for (int i = 0; i < 50; i++) {
      left[i] = r(i, "row" + i, bd("1"));
      right[i] = r(i, "row" + i, bd("2"));
    }
    CompareOptions options = CompareOptions.builder().maxReportedRows(3).build();
    ComparisonResult result = ResultComparator.compare(s(left), s(right), options);
    assertEquals(50, result.differingRows());
    assertEquals(3, result.differences().size());
  }

  @Test
  void many_rows_sharing_a_hash_still_match_pairwise() {
    List<Col> cols = List.of(RATIO);
    List<Object[]> left = new ArrayList<>();
    List<Object[]> right = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      left.add(r(i * 0.1));
      right.add(r((299 - i) * 0.1));
    }
    assertTrue(
        compare(
                rows(cols, false, left.toArray(new Object[0][])),
                rows(cols, false, right.toArray(new Object[0][])))
            .equal());
  }

  @Test
  void an_expression_s_label_may_differ_between_engines_a_table_column_s_may_not() {
    ResultSnapshot mysql =
        one(
            ResultSnapshot.builder(
                    Engine.MYSQL, CaptureBudget.of(10, Long.MAX_VALUE), NormalizerOptions.DEFAULTS)
                .column("COUNT(*)", Types.BIGINT, "BIGINT", 21, 0, true)
                .column("id", Types.INTEGER, "INTEGER", 11, 0, false),
            3L,
            1);
    ResultSnapshot postgres =
        one(
            ResultSnapshot.builder(
                    Engine.POSTGRES,
                    CaptureBudget.of(10, Long.MAX_VALUE),
                    NormalizerOptions.DEFAULTS)
                .column("count", Types.BIGINT, "int8", 19, 0)
                .column("ID", Types.INTEGER, "int4", 10, 0),
            3L,
            1);
    assertTrue(compare(mysql, postgres).equal());
    assertTrue(compare(postgres, mysql).equal());
    ResultSnapshot otherColumn =
        one(
            ResultSnapshot.builder(
                    Engine.POSTGRES,
                    CaptureBudget.of(10, Long.MAX_VALUE),
                    NormalizerOptions.DEFAULTS)
                .column("count", Types.BIGINT, "int8", 19, 0)
                .column("qty", Types.INTEGER, "int4", 10, 0),
            3L,
            1);
    assertEquals(Optional.of(DifferenceKind.COLUMN_MISMATCH), compare(mysql, otherColumn).kind());
    // Within one engine the same statement labels alike: a different label is a different column.
    ResultSnapshot mysqlOther =
        one(
            ResultSnapshot.builder(
                    Engine.MYSQL, CaptureBudget.of(10, Long.MAX_VALUE), NormalizerOptions.DEFAULTS)
                .column("MAX(id)", Types.BIGINT, "BIGINT", 21, 0, true)
                .column("id", Types.INTEGER, "INTEGER", 11, 0, false),
            3L,
            1);
    assertEquals(Optional.of(DifferenceKind.COLUMN_MISMATCH), compare(mysql, mysqlOther).kind());
  }

  @Test
  void a_capture_budget_truncates_by_rows_and_by_bytes() {
    ResultSnapshot.Builder byRows =
        ResultSnapshot.builder(
                Engine.POSTGRES, CaptureBudget.of(2, Long.MAX_VALUE), NormalizerOptions.DEFAULTS)
            .column("name", Types.VARCHAR, "varchar", 10, 0);
    assertTrue(byRows.addRow(r("a")));
    assertTrue(byRows.addRow(r("b")));
    assertFalse(byRows.addRow(r("c")));
    ResultSnapshot rowCut = byRows.build();
    assertEquals(2, rowCut.rowCount());
    assertTrue(rowCut.truncated());

    ResultSnapshot.Builder byBytes =
        ResultSnapshot.builder(
                Engine.POSTGRES, CaptureBudget.of(100, 300), NormalizerOptions.DEFAULTS)
            .column("name", Types.VARCHAR, "varchar", 10, 0);
    assertTrue(byBytes.addRow(r("small")));
    assertFalse(byBytes.addRow(r("x".repeat(1000))));
    assertTrue(byBytes.build().truncated());

    ResultSnapshot.Builder exact =
        ResultSnapshot.builder(
                Engine.POSTGRES, CaptureBudget.of(2, Long.MAX_VALUE), NormalizerOptions.DEFAULTS)
            .column("name", Types.VARCHAR, "varchar", 10, 0);
    exact.addRow(r("a"));
    exact.addRow(r("b"));
    assertFalse(exact.build().truncated());
  }

  @Test
  void a_builder_rejects_late_columns_and_rows_of_the_wrong_width() {
    ResultSnapshot.Builder b =
        ResultSnapshot.builder(Engine.H2, CaptureBudget.unlimited(), NormalizerOptions.DEFAULTS)
            .column("id", Types.INTEGER, "INTEGER", 32, 0);
    assertThrows(IllegalArgumentException.class, () -> b.addRow(r(1, 2)));
    b.addRow(r(1));
    assertThrows(
        IllegalStateException.class, () -> b.column("late", Types.INTEGER, "INTEGER", 32, 0));
  }

  @Test
  void a_snapshot_marked_truncated_after_its_rows_keeps_them() {
    ResultSnapshot.Builder b =
        ResultSnapshot.builder(Engine.H2, CaptureBudget.unlimited(), NormalizerOptions.DEFAULTS)
            .column("id", Types.INTEGER, "INTEGER", 32, 0);
    b.addRow(r(1));
    ResultSnapshot s = b.markTruncated().build();
    assertEquals(1, s.rowCount());
    assertTrue(s.truncated());
    assertFalse(b.addRow(r(2)));
  }

  @Test
  void options_reject_bad_values_naming_the_key() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new CompareOptions.Tolerance(-1, 0));
    assertTrue(e.getMessage().startsWith("tolerance.relative: -1.0"));
    assertThrows(IllegalArgumentException.class, () -> CaptureBudget.of(-1, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> NormalizerOptions.DEFAULTS.withDefaultFractionDigits(10));
  }

  static BigDecimal bd(String s) {
    return new BigDecimal(s);
  }

  @Test
  void text_keys_each_engine_sorts_its_own_way_are_not_a_mismatch() {
    // ORDER BY name: 'Banana' < 'apple' in the C collation, 'apple' < 'Banana' case-insensitively.
    CompareOptions byName = CompareOptions.builder().orderedWithTies(2).build();
    ResultSnapshot c = s(r(2, "Banana", null), r(1, "apple", null), r(3, "cherry", null));
    ResultSnapshot ci = s(r(1, "apple", null), r(2, "Banana", null), r(3, "cherry", null));
    ComparisonResult result = ResultComparator.compare(c, ci, byName);
    assertTrue(result.equal(), result::toString);
    assertTrue(result.detail().contains("different order"), result.detail());
  }

  @Test
  void nulls_first_on_one_engine_and_last_on_the_other_are_not_a_mismatch() {
    CompareOptions byName = CompareOptions.builder().orderedWithTies(2).build();
    ResultSnapshot mariadb = s(r(3, null, null), r(1, "a", null), r(2, "b", null));
    ResultSnapshot postgres = s(r(1, "a", null), r(2, "b", null), r(3, null, null));
    assertTrue(ResultComparator.compare(mariadb, postgres, byName).equal());
  }

  @Test
  void a_real_difference_under_a_text_order_is_still_found_and_named() {
    CompareOptions byName = CompareOptions.builder().orderedWithTies(2).build();
    ResultSnapshot c = s(r(2, "Banana", bd("1")), r(1, "apple", bd("2")));
    ResultSnapshot ci = s(r(1, "apple", bd("2")), r(2, "Banana", bd("9")));
    ComparisonResult result = ResultComparator.compare(c, ci, byName);
    assertEquals(Optional.of(DifferenceKind.VALUE_DIFFERENCE), result.kind(), result::toString);
    assertEquals(1, result.differingRows());
    ResultSnapshot missing = s(r(1, "apple", bd("2")));
    assertEquals(
        Optional.of(DifferenceKind.MISSING_ROWS),
        ResultComparator.compare(c, missing, byName).kind());
  }

  @Test
  void numbers_out_of_order_are_still_a_difference() {
    // Numbers sort alike everywhere: the same rows in another order mean a wrong ORDER BY.
    CompareOptions byId = CompareOptions.builder().orderedWithTies(1).build();
    ResultSnapshot left = s(r(1, "a", null), r(2, "b", null));
    ResultSnapshot right = s(r(2, "b", null), r(1, "a", null));
    assertFalse(ResultComparator.compare(left, right, byId).equal());
  }

  @Test
  void a_text_order_cut_by_a_limit_is_not_comparable_when_it_differs() {
    // ORDER BY name LIMIT 2: each engine's first two names may be other rows.
    CompareOptions limited = CompareOptions.builder().orderedWithTies(2).limit(2).build();
    ResultSnapshot c = s(r(2, "Banana", null), r(1, "apple", null));
    ResultSnapshot ci = s(r(1, "apple", null), r(3, "banana", null));
    assertEquals(
        ComparisonResult.Outcome.NOT_COMPARABLE,
        ResultComparator.compare(c, ci, limited).outcome());
    assertTrue(ResultComparator.compare(c, c, limited).equal());
  }

  @Test
  void an_unordered_list_matches_its_elements_in_any_order_and_still_finds_a_changed_element() {
    // MariaDB's GROUP_CONCAT(id) without ORDER BY joins a group's ids in the order it read them,
    // PostgreSQL's string_agg in its own: '34,4,29' and '4,29,34' are the same group.
    Col key = col(Engine.MYSQL, Types.INTEGER, "INT", 11, 0).as("customer_id");
    Col list = col(Engine.MYSQL, Types.VARCHAR, "VARCHAR", 1024, 0).as("ids");
    Col pgKey = col(Engine.POSTGRES, Types.INTEGER, "int4", 10, 0).as("customer_id");
    Col pgList = col(Engine.POSTGRES, Types.VARCHAR, "text", Integer.MAX_VALUE, 0).as("ids");
    ResultSnapshot maria =
        rows(List.of(key, list), false, r(5, "34,4,29,4"), r(2, "26|1,31"), r(null, null));
    ResultSnapshot same =
        rows(List.of(pgKey, pgList), false, r(2, "31,26|1"), r(null, null), r(5, "4,29,4,34"));
    CompareOptions lists = CompareOptions.builder().unorderedList(2, ",").build();
    assertTrue(ResultComparator.compare(maria, same, lists).equal());
    // Without the rule the order is compared.
    assertFalse(compare(maria, same).equal());

    // Another element, a duplicate lost, NULL against an empty list, the separator's own text:
    // all still differ, each named as the list column of its group.
    for (Object[] changed :
        List.of(r(5, "4,29,34,35"), r(5, "4,29,34"), r(5, "4,29,4,34,"), r(5, "4;29;4;34"))) {
      ResultSnapshot other =
          rows(List.of(pgKey, pgList), false, r(2, "31,26|1"), r(null, null), changed);
      ComparisonResult result = ResultComparator.compare(maria, other, lists);
      assertEquals(ComparisonResult.Outcome.DIFFERENT, result.outcome(), result::toString);
      assertEquals(1, result.differingRows(), result::toString);
      assertEquals("ids", result.differences().get(0).columns().get(0).column(), result::toString);
    }
    ResultSnapshot emptyForNull =
        rows(List.of(pgKey, pgList), false, r(2, "31,26|1"), r(null, ""), r(5, "4,29,4,34"));
    assertFalse(ResultComparator.compare(maria, emptyForNull, lists).equal());
    assertThrows(
        IllegalArgumentException.class, () -> CompareOptions.builder().unorderedList(1, ""));
    assertThrows(
        IllegalArgumentException.class, () -> CompareOptions.builder().unorderedList(0, ","));
  }
}
