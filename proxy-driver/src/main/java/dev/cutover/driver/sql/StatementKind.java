package dev.cutover.driver.sql;

public enum StatementKind {
  READ,
  LOCKING_READ,
  WRITE,
  DDL,
  TRANSACTION,
  SESSION,
  UNKNOWN;

  public boolean mutates() {
    return this == WRITE || this == DDL || this == UNKNOWN;
  }
}
