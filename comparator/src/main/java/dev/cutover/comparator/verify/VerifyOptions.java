package dev.cutover.comparator.verify;

import dev.cutover.comparator.chunk.ControlStore;
import java.util.Optional;

/**
 * How verify runs.
 *
 * @param job the name results are stored under in the control store
 * @param bucketRows rows per checksummed bucket for integer keys (smaller buckets: cheaper
 *     bisection, more groups)
 * @param maxRowsInMemory the most rows held at once while comparing mismatching buckets row by row
 * @param listCap how many keys each list of the result holds at most
 * @param store where results are recorded; empty to not record them
 * @param slices concurrent scans per side for an integer key (each over a slice of the key range)
 * @param zone where zone-less date-times (MariaDB DATETIME, PostgreSQL timestamp) stand for
 *     instants when the other side holds an instant (timestamptz, MariaDB TIMESTAMP)
 */
public record VerifyOptions(
    String job,
    int bucketRows,
    int maxRowsInMemory,
    int listCap,
    Optional<ControlStore> store,
    int slices,
    java.time.ZoneId zone) {

  /** Validates the options. */
  public VerifyOptions {
    java.util.Objects.requireNonNull(zone, "zone");
    if (slices < 1) {
      throw new IllegalArgumentException("slices: " + slices + " (expected: at least 1)");
    }
    if (bucketRows < 1 || maxRowsInMemory < 1 || listCap < 0) {
      throw new IllegalArgumentException(
          "bucketRows: "
              + bucketRows
              + ", maxRowsInMemory: "
              + maxRowsInMemory
              + ", listCap: "
              + listCap
              + " (expected: at least 1, at least 1, at least 0)");
    }
  }

  /**
   * The defaults: 1,000-row buckets, 200,000 rows in memory, lists capped at 1,000, 2 slices, the
   * JVM's zone.
   */
  public static VerifyOptions defaults() {
    return new VerifyOptions(
        "default", 1_000, 200_000, 1_000, Optional.empty(), 2, java.time.ZoneId.systemDefault());
  }

  /** These options with another zone for zone-less date-times. */
  public VerifyOptions withZone(java.time.ZoneId z) {
    return new VerifyOptions(job, bucketRows, maxRowsInMemory, listCap, store, slices, z);
  }

  /** These options recording results in {@code store} under {@code job}. */
  public VerifyOptions storingIn(ControlStore store, String job) {
    return new VerifyOptions(
        job, bucketRows, maxRowsInMemory, listCap, Optional.of(store), slices, zone);
  }

  /** These options with another bucket size. */
  public VerifyOptions withBucketRows(int rows) {
    return new VerifyOptions(job, rows, maxRowsInMemory, listCap, store, slices, zone);
  }

  /** These options with another number of concurrent scans per side. */
  public VerifyOptions withSlices(int n) {
    return new VerifyOptions(job, bucketRows, maxRowsInMemory, listCap, store, n, zone);
  }
}
