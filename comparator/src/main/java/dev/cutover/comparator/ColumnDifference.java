package dev.cutover.comparator;

/**
 * One column in which two paired rows differ.
 *
 * @param index the 0-based column index
 * @param column the column label (the left side's)
 * @param left the left value as readable text
 * @param right the right value as readable text
 */
public record ColumnDifference(int index, String column, String left, String right) {}
