package dev.cutover.comparator.backfill;

import java.time.Duration;

/**
 * A table's backfill progress after a chunk.
 *
 * @param table the table name
 * @param chunk the chunk just finished
 * @param chunkRows rows that chunk copied
 * @param rowsDone rows copied so far by all workers, including earlier runs
 * @param rowsEstimate the planner's estimate of the table's rows
 * @param chunksDone chunks done so far
 * @param chunks chunks in the plan
 * @param rowsPerSecond this process's copy rate since it started
 * @param eta the estimated time left at that rate, or null when unknown
 */
public record BackfillProgress(
    String table,
    int chunk,
    long chunkRows,
    long rowsDone,
    long rowsEstimate,
    int chunksDone,
    int chunks,
    double rowsPerSecond,
    Duration eta) {}
