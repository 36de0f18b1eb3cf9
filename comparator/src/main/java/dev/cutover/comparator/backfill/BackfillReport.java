package dev.cutover.comparator.backfill;

import java.time.Duration;

/**
 * What one backfill run of a table did.
 *
 * @param table the table name
 * @param chunksCopied chunks this run copied
 * @param rowsCopied rows this run copied
 * @param chunksDone chunks done in total, including earlier runs
 * @param chunks chunks in the plan
 * @param complete true when every chunk is done
 * @param elapsed this run's wall time
 */
public record BackfillReport(
    String table,
    int chunksCopied,
    long rowsCopied,
    int chunksDone,
    int chunks,
    boolean complete,
    Duration elapsed) {

  /** This run's copy rate. */
  public double rowsPerSecond() {
    double s = elapsed.toNanos() / 1e9;
    return s <= 0 ? 0 : rowsCopied / s;
  }
}
