package dev.cutover.driver.shadow;

/**
 * Counts of this instance's shadow reads since start.
 *
 * @param sampled reads chosen for a shadow comparison
 * @param run shadow reads the secondary answered
 * @param shed shadow reads dropped because the queue was full
 * @param timedOut shadow reads the secondary did not answer in time
 * @param errors shadow reads the secondary failed
 * @param skipped sampled reads not shadowed: inside a transaction that has written, abandoned, or
 *     under a session state no shadow connection could take
 * @param comparisons results compared (equal or different)
 * @param notComparable results that could not be compared (truncated unordered results)
 * @param mismatches comparisons that found a difference, whatever their classification
 * @param orderUnmapped comparisons of reads with ORDER BY whose order keys could not all be matched
 *     to result columns, compared with ties on the keys that could, or as a multiset
 * @param sessionSkipped sampled reads skipped because the application connection's session state
 *     (SET statements, schema, catalog) could not be brought about on a shadow connection; also
 *     counted in {@code skipped}
 * @param recheckFailed mismatches whose re-check could not run (a read failed or timed out, or the
 *     session could no longer be brought about): nothing confirmed them, so they are classified
 *     TRANSIENT, never PERSISTENT; also counted in {@code mismatches}
 * @param guardShed sampled reads {@code shadow.latencyGuard} did not admit (while it measured the
 *     application without shadow reads, or while they slowed it beyond the bound); also counted in
 *     {@code shed}
 * @param guardLatencyRatio the application's mean read time with shadow reads over its mean
 *     without, in the guard's last complete cycle; NaN when the guard is off or has not measured a
 *     cycle yet
 * @param writesSkipped sampled "reads" that write (a function that inserts, {@code nextval}): the
 *     shadow connections' read-only guard refused them, so nothing was written or compared; also
 *     counted in {@code skipped}
 * @param ownWriteRaces differences the re-check found moving on the primary, and then agreeing,
 *     where the application connection that made the read had written one of its tables since (an
 *     entity read, changed and committed before its shadow read ran): that write, not the data, is
 *     the difference, so they are neither counted in {@code mismatches} nor reported
 */
public record ShadowStatistics(
    long sampled,
    long run,
    long shed,
    long timedOut,
    long errors,
    long skipped,
    long comparisons,
    long notComparable,
    long mismatches,
    long orderUnmapped,
    long sessionSkipped,
    long recheckFailed,
    long guardShed,
    double guardLatencyRatio,
    long writesSkipped,
    long ownWriteRaces) {}
