package dev.cutover.driver;

/**
 * Where a migration stands: which database takes writes, which serves reads, which is shadowed.
 *
 * <p>Only adjacent moves are allowed ({@code OLD ⇄ DUAL_OLD_PRIMARY ⇄ DUAL_NEW_PRIMARY ⇄ NEW}); a
 * rollback is the same move backwards.
 */
public enum Phase {
  /** Everything on the old database, as before the migration. */
  OLD,
  /** Writes to old then new; reads from old; a sample of reads shadowed on new. */
  DUAL_OLD_PRIMARY,
  /** Writes to new then old; reads from new; a sample of reads shadowed on old. */
  DUAL_NEW_PRIMARY,
  /** Everything on the new database; the old one can be decommissioned. */
  NEW;

  /** True when both databases receive writes. */
  public boolean isDual() {
    return this == DUAL_OLD_PRIMARY || this == DUAL_NEW_PRIMARY;
  }

  /** The database whose result the application sees. */
  public Side primary() {
    return this == OLD || this == DUAL_OLD_PRIMARY ? Side.OLD : Side.NEW;
  }

  /** The database that mirrors writes, or {@code null} in a single-side phase. */
  public Side secondary() {
    switch (this) {
      case DUAL_OLD_PRIMARY:
        return Side.NEW;
      case DUAL_NEW_PRIMARY:
        return Side.OLD;
      default:
        return null;
    }
  }

  /** Whether {@code to} is one step away from this phase (forwards or backwards). */
  public boolean canMoveTo(Phase to) {
    return Math.abs(ordinal() - to.ordinal()) == 1;
  }

  /** The two databases of a migration. */
  public enum Side {
    OLD,
    NEW;

    public Side other() {
      return this == OLD ? NEW : OLD;
    }
  }
}
