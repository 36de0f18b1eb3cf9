package dev.cutover.comparator.chunk;

/**
 * A table's backfill progress as recorded in the control store.
 *
 * @param table the table name
 * @param chunks how many chunks the plan has
 * @param chunksDone how many are done
 * @param rowsDone rows copied by the done chunks
 * @param rowsEstimate the planner's estimate of the table's rows
 */
public record ChunkProgress(
    String table, int chunks, int chunksDone, long rowsDone, long rowsEstimate) {

  /** True when every chunk is done. */
  public boolean complete() {
    return chunks > 0 && chunksDone == chunks;
  }
}
