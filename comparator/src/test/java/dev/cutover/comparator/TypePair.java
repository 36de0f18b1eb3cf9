package dev.cutover.comparator;

import java.util.ArrayList;
import java.util.List;

/**
 * A column type on the old side, the type a migration tool gives it on the new side, rows of the
 * same values as each side stores them (SQL literals), and one value changed on the new side.
 *
 * @param id a short name, also the pair's table name
 * @param oldType the old side's column type
 * @param newType the new side's column type
 * @param newSetup statements run first on every PostgreSQL database (types the column needs)
 * @param oldValues the old side's literals, one per row
 * @param newValues the same values as the new side stores them, one per row
 * @param changed a literal for the new side's first row that is a real difference
 * @param oneWay true when a copy back to the old side is equal but not spelled as the old side
 *     spelled it (a zero date comes back NULL, upper-case UUID text lower-case, JSON normalized)
 */
record TypePair(
    String id,
    String oldType,
    String newType,
    List<String> newSetup,
    List<String> oldValues,
    List<String> newValues,
    String changed,
    boolean oneWay) {

  /** A pair whose rows are added with {@link #row} and {@link #same}. */
  static TypePair of(String id, String oldType, String newType) {
    return new TypePair(id, oldType, newType, List.of(), List.of(), List.of(), null, false);
  }

  /** Adds a row: the value as the old side spells it and as the new side does. */
  TypePair row(String oldValue, String newValue) {
    List<String> o = new ArrayList<>(oldValues);
    List<String> n = new ArrayList<>(newValues);
    o.add(oldValue);
    n.add(newValue);
    return new TypePair(id, oldType, newType, newSetup, o, n, changed, oneWay);
  }

  /** Adds a row per literal both sides spell alike. */
  TypePair same(String... values) {
    TypePair p = this;
    for (String v : values) {
      p = p.row(v, v);
    }
    return p;
  }

  /** Statements every PostgreSQL database runs before the table is created. */
  TypePair setup(String... statements) {
    return new TypePair(
        id, oldType, newType, List.of(statements), oldValues, newValues, changed, oneWay);
  }

  /** The new side's first row changed to this literal: a real difference. */
  TypePair changed(String newValue) {
    return new TypePair(id, oldType, newType, newSetup, oldValues, newValues, newValue, oneWay);
  }

  /** Copied back, the values are equal but spelled otherwise than the old side spelled them. */
  TypePair noRoundTrip() {
    return new TypePair(id, oldType, newType, newSetup, oldValues, newValues, changed, true);
  }

  @Override
  public String toString() {
    return oldType + " -> " + newType + " (" + id + ")";
  }
}
