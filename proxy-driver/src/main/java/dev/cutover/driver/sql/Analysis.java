package dev.cutover.driver.sql;

import java.util.List;

public final class Analysis {
  private final StatementKind kind;
  private final List<String> tables;
  private final List<String> written;
  private final String fingerprint;
  private final boolean nonDeterministic;
  private final boolean insert;

  Analysis(
      StatementKind kind,
      List<String> tables,
      List<String> written,
      String fp,
      boolean nd,
      boolean insert) {
    this.kind = kind;
    this.tables = tables;
    this.written = written;
    this.fingerprint = fp;
    this.nonDeterministic = nd;
    this.insert = insert;
  }

  public StatementKind kind() {
    return kind;
  }

  public List<String> tables() {
    return tables;
  }

  public List<String> writtenTables() {
    return written;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public long fingerprintHash() {
    return fingerprint.hashCode();
  }

  public boolean nonDeterministic() {
    return nonDeterministic;
  }

  public boolean hasOrderBy() {
    return fingerprint.contains("order by");
  }

  public boolean hasReturning() {
    return fingerprint.contains("returning");
  }

  public boolean isInsert() {
    return insert;
  }

  public int statementCount() {
    return 1;
  }
}
