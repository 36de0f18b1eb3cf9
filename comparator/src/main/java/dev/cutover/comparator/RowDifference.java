package dev.cutover.comparator;

import java.util.List;

/**
 * One reported difference: a row missing on one side, or a pair of rows whose values differ.
 *
 * @param kind MISSING_ROWS, EXTRA_ROWS or VALUE_DIFFERENCE
 * @param leftRow the 0-based row index on the left, or -1 when the row exists only on the right
 * @param rightRow the 0-based row index on the right, or -1 when the row exists only on the left
 * @param columns the differing columns of a VALUE_DIFFERENCE, empty otherwise
 * @param leftValues the whole left row as readable text, empty when absent
 * @param rightValues the whole right row as readable text, empty when absent
 */
public record RowDifference(
    DifferenceKind kind,
    int leftRow,
    int rightRow,
    List<ColumnDifference> columns,
    List<String> leftValues,
    List<String> rightValues) {

  /** Makes the lists immutable. */
  public RowDifference {
    columns = List.copyOf(columns);
    leftValues = List.copyOf(leftValues);
    rightValues = List.copyOf(rightValues);
  }

  /** The labels of the differing columns. */
  public List<String> differingColumns() {
    return columns.stream().map(ColumnDifference::column).toList();
  }
}
