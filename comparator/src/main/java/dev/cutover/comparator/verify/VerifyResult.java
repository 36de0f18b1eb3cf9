package dev.cutover.comparator.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One table's verify outcome, serialized as an element of {@code verify --json}'s {@code tables}.
 *
 * <p>A key is the primary-key value, or an array of values for a composite key (for a table without
 * a primary key, the row's canonical text). Lists are capped; the {@code *Count} fields carry the
 * totals.
 *
 * @param table the table name
 * @param status the verdict
 * @param rowsOld rows on the old side
 * @param rowsNew rows on the new side
 * @param missingOnNew keys on old but not on new (capped)
 * @param extraOnNew keys on new but not on old (capped)
 * @param differing keys on both sides whose rows differ, with the columns (capped)
 * @param missingOnNewCount how many keys are missing on new
 * @param extraOnNewCount how many keys are extra on new
 * @param differingCount how many rows differ
 * @param error the error message when status is ERROR
 */
@JsonPropertyOrder({
  "table",
  "status",
  "rowsOld",
  "rowsNew",
  "missingOnNew",
  "extraOnNew",
  "differing",
  "missingOnNewCount",
  "extraOnNewCount",
  "differingCount",
  "error"
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifyResult(
    String table,
    Status status,
    long rowsOld,
    long rowsNew,
    List<Object> missingOnNew,
    List<Object> extraOnNew,
    List<DifferingRow> differing,
    long missingOnNewCount,
    long extraOnNewCount,
    long differingCount,
    String error) {

  /** A table's verdict. */
  public enum Status {
    /** Both sides hold the same rows. */
    EQUAL,
    /** At least one row is missing, extra or different. */
    DIFFERENT,
    /** The comparison could not be completed. */
    ERROR
  }

  /**
   * A row present on both sides with different values.
   *
   * @param key the row's key
   * @param columns the columns whose values differ
   */
  @JsonPropertyOrder({"key", "columns"})
  public record DifferingRow(Object key, List<String> columns) {
    /** Compact constructor copying the column list. */
    public DifferingRow {
      columns = List.copyOf(columns);
    }
  }

  /** Compact constructor copying the lists. */
  public VerifyResult {
    missingOnNew = List.copyOf(missingOnNew);
    extraOnNew = List.copyOf(extraOnNew);
    differing = List.copyOf(differing);
  }

  /** A result for a table that could not be compared. */
  public static VerifyResult error(String table, String message) {
    return new VerifyResult(
        table, Status.ERROR, 0, 0, List.of(), List.of(), List.of(), 0, 0, 0, message);
  }

  /** The CLI's exit code for this result: 0 equal, 1 different, 2 error. */
  public int exitCode() {
    switch (status) {
      case EQUAL:
        return 0;
      case DIFFERENT:
        return 1;
      case ERROR:
        return 2;
      default:
        throw new IllegalStateException("Invalid status: " + status);
    }
  }
}
