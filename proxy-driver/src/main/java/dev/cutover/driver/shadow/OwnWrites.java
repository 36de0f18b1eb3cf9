package dev.cutover.driver.shadow;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writes one application connection made in a dual phase, by table, so that a shadow read's
 * difference caused by that same connection's later write is told apart from a difference of the
 * data.
 *
 * <p>An application (an ORM above all) reads rows at the start of a transaction and then writes
 * them: load an entity, change it, commit. The shadow read of that first read runs later, on
 * another connection, and often after the commit; it then sees the rows as the application left
 * them, not as it read them. The re-check finds the primary moved and calls the difference
 * TRANSIENT, but it stayed in the report as a mismatch, one per such transaction. When this
 * connection wrote one of the read's tables after the read, the difference is that write: it is
 * counted apart ({@link ShadowStatistics#ownWriteRaces()}) and not reported, provided the re-check
 * finds the two sides agreeing now. A PERSISTENT one (the primary's rows held still, the secondary
 * differs) is reported as always, and so is one where the sides still differ after the write.
 *
 * <p>One writer (the connection's thread), many readers (the shadow threads).
 */
public final class OwnWrites {
  /** Key of a write whose tables are not known: it may have touched any table. */
  private static final String ANY = "";

  private volatile long count;
  private final ConcurrentHashMap<String, Long> byTable = new ConcurrentHashMap<>();

  /** Records a write of {@code tables} (empty when not known), on the application's thread. */
  public void wrote(List<String> tables) {
    long n = count + 1;
    if (tables.isEmpty()) {
      byTable.put(ANY, n);
    } else {
      for (int i = 0; i < tables.size(); i++) {
        byTable.put(unqualified(tables.get(i)), n);
      }
    }
    // Published after the entries: a reader that sees n sees them.
    count = n;
  }

  /** The position to compare later writes against, taken when a read is sampled. */
  public long mark() {
    return count;
  }

  /** Whether a write after {@code mark} may have touched one of {@code tables}. */
  boolean wroteSince(long mark, List<String> tables) {
    if (count == mark) {
      return false;
    }
    Long any = byTable.get(ANY);
    if (any != null && any > mark || tables.isEmpty()) {
      return true;
    }
    for (int i = 0; i < tables.size(); i++) {
      Long at = byTable.get(unqualified(tables.get(i)));
      if (at != null && at > mark) {
        return true;
      }
    }
    return false;
  }

  /** {@code shop.orders} and {@code orders} are one table here: a schema may be written or not. */
  private static String unqualified(String table) {
    int dot = table.lastIndexOf('.');
    return dot < 0 ? table : table.substring(dot + 1);
  }
}
