package dev.cutover.comparator.backfill;

/** Receives a backfill's progress; called from worker threads, so implementations must be safe. */
public interface BackfillListener {
  /** A listener that ignores everything. */
  BackfillListener NONE = new BackfillListener() {};

  /** Called after each chunk has been copied and checkpointed. */
  default void onProgress(BackfillProgress progress) {}
}
