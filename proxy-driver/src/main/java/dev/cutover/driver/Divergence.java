package dev.cutover.driver;

import java.time.Instant;
import java.util.List;

/**
 * A write the secondary did not take exactly as the primary did: an error, a skipped statement, or
 * a different update count. Stored in the control store's journal so that nothing is lost and
 * repair can replay it.
 *
 * @param id journal id, 0 before it is stored
 * @param time when it happened
 * @param instance the driver instance that recorded it
 * @param kind what went wrong
 * @param tables tables the statement touches
 * @param sql the statement as sent to the secondary
 * @param parameters parameter values as displayed (batches: one list per batch entry, flattened)
 * @param keys primary-key values of affected rows when known (generated keys), else empty
 * @param error the secondary's error message, or a description
 * @param sqlState the secondary's SQLSTATE, or null
 * @param resolved whether repair has fixed it
 */
public record Divergence(
    long id,
    Instant time,
    String instance,
    Kind kind,
    List<String> tables,
    String sql,
    List<Object> parameters,
    List<Object> keys,
    String error,
    String sqlState,
    boolean resolved) {

  /** Why the secondary differs. */
  public enum Kind {
    /** The secondary raised an error for a statement the primary executed. */
    SECONDARY_ERROR,
    /** The secondary could not be reached; the statement was not attempted. */
    SECONDARY_UNAVAILABLE,
    /** Primary and secondary reported different update counts. */
    COUNT_MISMATCH,
    /**
     * The primary committed, the secondary's commit failed: the transaction's writes are listed.
     */
    COMMIT_FAILED,
    /** Skipped because the secondary's transaction had already failed. */
    SKIPPED_TRANSACTION_ABORTED,
    /** Skipped because the asynchronous queue was full. */
    QUEUE_FULL,
    /** A parameter could not be captured for replay (oversized stream, array, SQLXML). */
    NOT_REPLAYABLE,
    /**
     * The primary's generated keys could not be mapped onto the statement; not sent, to keep ids
     * aligned.
     */
    KEYS_NOT_REPLAYED,
    /** Replayed, but the statement calls a non-deterministic function, so the rows may differ. */
    NON_DETERMINISTIC,
    /** A session setting or connection state could not be applied to the secondary. */
    SESSION_STATE,
    /**
     * A write touched tables whose per-table phases differ; it ran under one phase (the global
     * phase, or its transaction's), so a side some table's phase wanted may have missed it.
     */
    MIXED_PHASES,
    /**
     * A held autocommit write ({@code dualWrite.autocommitWrites: held}) was applied on the
     * secondary, then the primary's commit failed: the secondary has a write the primary does not.
     */
    PRIMARY_COMMIT_FAILED,
    /**
     * The secondary (MariaDB/MySQL) committed a transaction implicitly at a DDL statement, which
     * the primary (PostgreSQL) ran inside the transaction and then rolled back: the secondary keeps
     * the transaction's writes up to and including the DDL.
     */
    IMPLICIT_COMMIT
  }
}
