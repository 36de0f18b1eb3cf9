package dev.cutover.driver.shadow;

import dev.cutover.comparator.DifferenceKind;

/** What a shadow read found wrong: a result difference, or a secondary that did not answer. */
public enum MismatchKind {
  /** Column count or labels differ. */
  COLUMN_MISMATCH,
  /** An ordered result has a different number of rows on each side. */
  ROW_COUNT,
  /** Rows the primary returned and the secondary did not. */
  MISSING_ROWS,
  /** Rows the secondary returned and the primary did not. */
  EXTRA_ROWS,
  /** Paired rows differ in one or more columns. */
  VALUE_DIFFERENCE,
  /** The secondary failed the read (SQL error, connection refused). */
  SHADOW_ERROR,
  /** The secondary did not answer within {@code shadow.timeout}. */
  TIMEOUT;

  static MismatchKind of(DifferenceKind kind) {
    return valueOf(kind.name());
  }

  /** True for kinds that come from comparing two results, false for a secondary that failed. */
  public boolean isDifference() {
    return this != SHADOW_ERROR && this != TIMEOUT;
  }
}
