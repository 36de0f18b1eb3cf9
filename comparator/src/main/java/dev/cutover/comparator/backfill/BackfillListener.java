package dev.cutover.comparator.backfill;

/** Receives a backfill's progress; called from worker threads, so implementations must be safe. */
@FunctionalInterface
public interface BackfillListener {
  /** A listener that ignores everything. */
  BackfillListener NONE = progress -> {};

  /** Called after each chunk has been copied and checkpointed. */
  void onProgress(BackfillProgress progress);

  /**
   * Called when the source's latency makes the backfill slow down or speed up again (see {@link
   * BackfillOptions#maxSourceLatency()}).
   */
  default void onThrottle(ThrottleChange change) {}
}
