package dev.cutover.driver.sql;

/** What a statement does, as far as routing between the two databases is concerned. */
public enum StatementKind {
  /** A plain query: SELECT, SHOW, EXPLAIN, DESCRIBE, VALUES, TABLE. */
  READ,
  /** A query that takes row locks: FOR UPDATE, FOR SHARE, LOCK IN SHARE MODE. */
  LOCKING_READ,
  /** A data change: INSERT, UPDATE, DELETE, REPLACE, MERGE, COPY FROM, LOAD DATA, SELECT INTO. */
  WRITE,
  /** A schema change or privilege change: CREATE, ALTER, DROP, TRUNCATE, RENAME, COMMENT, GRANT. */
  DDL,
  /** Transaction control: BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, SET TRANSACTION. */
  TRANSACTION,
  /** A session setting that must be replayed on the other database: SET, USE, RESET, DISCARD. */
  SESSION,
  /** Anything not recognised (CALL, DO, garbage), which is treated as a write. */
  UNKNOWN;

  /** True when the statement may change data or schema; unknown statements are assumed to. */
  public boolean mutates() {
    return this == WRITE || this == DDL || this == UNKNOWN;
  }

  /** How strongly a kind dominates the others when a string holds several statements. */
  int strength() {
    switch (this) {
      case DDL:
        return 6;
      case UNKNOWN:
        return 5;
      case WRITE:
        return 4;
      case SESSION:
        return 3;
      case TRANSACTION:
        return 2;
      case LOCKING_READ:
        return 1;
      default:
        return 0;
    }
  }
}
