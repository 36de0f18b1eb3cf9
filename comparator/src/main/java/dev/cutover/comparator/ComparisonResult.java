package dev.cutover.comparator;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The outcome of comparing two snapshots, with the first differing rows and the counts. */
public final class ComparisonResult {

  /** Whether the results matched. */
  public enum Outcome {
    /** Every compared row matched. */
    EQUAL,
    /** At least one difference was found. */
    DIFFERENT,
    /** The results could not be compared (a truncated multiset); neither a match nor a mismatch. */
    NOT_COMPARABLE
  }

  private final Outcome outcome;
  private final Set<DifferenceKind> kinds;
  private final List<RowDifference> differences;
  private final int leftRows;
  private final int rightRows;
  private final int comparedRows;
  private final int missingRows;
  private final int extraRows;
  private final int differingRows;
  private final boolean truncated;
  private final String detail;

  ComparisonResult(
      Outcome outcome,
      Set<DifferenceKind> kinds,
      List<RowDifference> differences,
      int leftRows,
      int rightRows,
      int comparedRows,
      int missingRows,
      int extraRows,
      int differingRows,
      boolean truncated,
      String detail) {
    this.outcome = outcome;
    this.kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    this.differences = List.copyOf(differences);
    this.leftRows = leftRows;
    this.rightRows = rightRows;
    this.comparedRows = comparedRows;
    this.missingRows = missingRows;
    this.extraRows = extraRows;
    this.differingRows = differingRows;
    this.truncated = truncated;
    this.detail = detail;
  }

  /** EQUAL, DIFFERENT or NOT_COMPARABLE. */
  public Outcome outcome() {
    return outcome;
  }

  /** True when every compared row matched. */
  public boolean equal() {
    return outcome == Outcome.EQUAL;
  }

  /** The most telling kind of difference, empty when equal or not comparable. */
  public Optional<DifferenceKind> kind() {
    for (DifferenceKind k : DifferenceKind.values()) {
      if (kinds.contains(k)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** Every kind of difference found. */
  public Set<DifferenceKind> kinds() {
    return kinds;
  }

  /** The first differing rows, up to {@link CompareOptions#maxReportedRows()}. */
  public List<RowDifference> differences() {
    return differences;
  }

  /** Rows in the left snapshot. */
  public int leftRowCount() {
    return leftRows;
  }

  /** Rows in the right snapshot. */
  public int rightRowCount() {
    return rightRows;
  }

  /** Rows that took part in the comparison (the common prefix when a side was truncated). */
  public int comparedRows() {
    return comparedRows;
  }

  /** Left rows without a counterpart on the right. */
  public int missingRows() {
    return missingRows;
  }

  /** Right rows without a counterpart on the left. */
  public int extraRows() {
    return extraRows;
  }

  /** Paired rows whose values differ. */
  public int differingRows() {
    return differingRows;
  }

  /** True when either snapshot was truncated. */
  public boolean truncated() {
    return truncated;
  }

  /** A one-line explanation: why not comparable, which columns mismatch, or the counts. */
  public String detail() {
    return detail;
  }

  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder("ComparisonResult[").append(outcome).append(", ").append(detail);
    for (RowDifference d : differences) {
      sb.append("\n  ").append(d);
    }
    return sb.append(']').toString();
  }
}
