package dev.cutover.comparator.repair;

/**
 * One row repair: what is done on the secondary for one key.
 *
 * @param kind insert, update or delete
 * @param key the row's key (a value, or a list for a composite key)
 */
public record RepairAction(Kind kind, Object key) {
  /** What a repair does to the secondary's row. */
  public enum Kind {
    /** The row is missing on the secondary: copy it. */
    INSERT,
    /** The row differs on the secondary: overwrite it. */
    UPDATE,
    /** The row exists only on the secondary: delete it. */
    DELETE
  }
}
