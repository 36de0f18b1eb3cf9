package dev.cutover.comparator;

/** How two results differ. */
public enum DifferenceKind {
  /** Column count or labels differ, so rows were not compared. */
  COLUMN_MISMATCH,
  /** An ordered result has a different number of rows on each side. */
  ROW_COUNT,
  /** A row on the left has no counterpart on the right. */
  MISSING_ROWS,
  /** A row on the right has no counterpart on the left. */
  EXTRA_ROWS,
  /** Paired rows differ in one or more columns. */
  VALUE_DIFFERENCE
}
