package dev.cutover.comparator.repair;

import dev.cutover.comparator.verify.VerifyResult;
import java.util.List;

/**
 * What repairing one table's keys did (or, in a dry run, would do).
 *
 * @param table the table name
 * @param dryRun true when nothing was written
 * @param actions the actions, one per key that needed one
 * @param after the re-verify of the keys after repair; null in a dry run
 */
public record RepairResult(
    String table, boolean dryRun, List<RepairAction> actions, VerifyResult after) {

  /** Compact constructor copying the actions. */
  public RepairResult {
    actions = List.copyOf(actions);
  }

  /** True when the repair ran and the keys now verify equal. */
  public boolean repaired() {
    return !dryRun && after != null && after.status() == VerifyResult.Status.EQUAL;
  }
}
