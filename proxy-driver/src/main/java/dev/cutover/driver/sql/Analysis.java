package dev.cutover.driver.sql;

import java.util.List;

/** What the analyzer found in one SQL string; immutable and shared through the cache. */
public final class Analysis {
  private final StatementKind kind;
  private final List<String> tables;
  private final List<String> writtenTables;
  private final String fingerprint;
  private final long fingerprintHash;
  private final boolean nonDeterministic;
  private final String assignmentOrderRisk;
  private final boolean orderedLimit;
  private final boolean hasOrderBy;
  private final boolean hasReturning;
  private final boolean isInsert;
  private final List<String> withInserts;
  private final List<String> calls;
  private final int statementCount;
  private final List<TransactionText> transactionText;

  /**
   * What a statement sent as SQL text does to the session's transaction, so the driver knows that
   * the application opened one even though the JDBC autocommit flag is still on.
   */
  public enum TransactionText {
    /** {@code BEGIN}, {@code START TRANSACTION}, {@code XA START}: a transaction is now open. */
    BEGINS,
    /** {@code COMMIT}, {@code ROLLBACK}, {@code END}, {@code ABORT}: the transaction is over. */
    ENDS,
    /** MySQL/MariaDB {@code SET autocommit = 0}: every statement runs in an open transaction. */
    AUTOCOMMIT_OFF,
    /** MySQL/MariaDB {@code SET autocommit = 1}: commits, and statements commit by themselves. */
    AUTOCOMMIT_ON,
    /**
     * MySQL/MariaDB {@code SET autocommit = DEFAULT}, {@code = @v}: a value the driver cannot
     * evaluate. A transaction may be open (kept as for {@link #AUTOCOMMIT_OFF}), but nothing is
     * switched where the setting does not exist.
     */
    AUTOCOMMIT_UNKNOWN
  }

  Analysis(
      StatementKind kind,
      List<String> tables,
      List<String> writtenTables,
      String fingerprint,
      boolean nonDeterministic,
      String assignmentOrderRisk,
      boolean orderedLimit,
      boolean hasOrderBy,
      boolean hasReturning,
      boolean isInsert,
      List<String> withInserts,
      List<String> calls,
      int statementCount,
      List<TransactionText> transactionText) {
    this.kind = kind;
    this.tables = List.copyOf(tables);
    this.writtenTables = List.copyOf(writtenTables);
    this.fingerprint = fingerprint;
    this.fingerprintHash = Fingerprint.hash(fingerprint);
    this.nonDeterministic = nonDeterministic;
    this.assignmentOrderRisk = assignmentOrderRisk;
    this.orderedLimit = orderedLimit;
    this.hasOrderBy = hasOrderBy;
    this.hasReturning = hasReturning;
    this.isInsert = isInsert;
    this.withInserts = List.copyOf(withInserts);
    this.calls = List.copyOf(calls);
    this.statementCount = statementCount;
    this.transactionText = List.copyOf(transactionText);
  }

  /**
   * Whether {@code sql} creates or drops a temporary table ({@code CREATE [OR REPLACE] TEMPORARY
   * TABLE}, {@code DROP TEMPORARY TABLE}): the DDL that MariaDB/MySQL run without committing the
   * open transaction. Lexes the statement: for DDL only, never on the hot path.
   */
  public static boolean isTemporaryTableDdl(String sql, Dialect dialect) {
    try {
      SqlLexer lx = SqlLexer.lex(sql, dialect == null ? Dialect.GENERIC : dialect, false);
      int t = 0;
      int head = InsertShape.keyword(lx, t, lx.count);
      if (head != Keywords.CREATE && head != Keywords.DROP) {
        return false;
      }
      t++;
      if (head == Keywords.CREATE
          && InsertShape.keyword(lx, t, lx.count) == Keywords.OR
          && InsertShape.keyword(lx, t + 1, lx.count) == Keywords.REPLACE) {
        t += 2;
      }
      return InsertShape.keyword(lx, t, lx.count) == Keywords.TEMPORARY;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The analysis of something that is not SQL at all: unknown, so treated as a write. */
  static Analysis unknown(String fingerprint) {
    return new Analysis(
        StatementKind.UNKNOWN,
        List.of(),
        List.of(),
        fingerprint,
        false,
        null,
        false,
        false,
        false,
        false,
        List.of(),
        List.of(),
        0,
        List.of());
  }

  /** What the statement does; for several statements, the strongest of their kinds. */
  public StatementKind kind() {
    return kind;
  }

  /** Tables read or written, unquoted, lower-case, schema-qualified as written, in order. */
  public List<String> tables() {
    return tables;
  }

  /** The target tables of INSERT, UPDATE, DELETE, REPLACE, MERGE, TRUNCATE, SELECT INTO and DDL. */
  public List<String> writtenTables() {
    return writtenTables;
  }

  /** The statement's shape: literals as {@code ?}, comments removed, whitespace and case folded. */
  public String fingerprint() {
    return fingerprint;
  }

  /** A 64-bit hash of {@link #fingerprint()}, the same in every JVM. */
  public long fingerprintHash() {
    return fingerprintHash;
  }

  /**
   * True when the statement calls a function such as NOW(), RAND() or UUID(), or is a write whose
   * LIMIT has no ORDER BY.
   */
  public boolean nonDeterministic() {
    return nonDeterministic;
  }

  /**
   * Why the statement's SET list may leave different rows on MySQL/MariaDB and on PostgreSQL, or
   * null: an assignment reads a column an earlier one of the same list sets, which MySQL reads as
   * the new value and PostgreSQL as the old one, and the translation cannot give it the earlier
   * value (a parameter, a sub-query or a non-deterministic function in it, a multi-table UPDATE;
   * any such assignment in PostgreSQL's SQL). A reference the translation replaces is no risk.
   */
  public String assignmentOrderRisk() {
    return assignmentOrderRisk;
  }

  /**
   * True for a write whose top-level LIMIT follows an ORDER BY: the two databases take the same
   * rows only when the ORDER BY orders them uniquely, which needs the table's keys ({@link
   * LimitedWriteKeys#orderRisk}).
   */
  public boolean orderedLimit() {
    return orderedLimit;
  }

  /** True when a top-level ORDER BY fixes the order of the result rows. */
  public boolean hasOrderBy() {
    return hasOrderBy;
  }

  /** True for INSERT, UPDATE or DELETE with a RETURNING clause. */
  public boolean hasReturning() {
    return hasReturning;
  }

  /**
   * The tables INSERTs write in a statement with a data-modifying {@code WITH} ({@code WITH n AS
   * (INSERT ... RETURNING id) SELECT ...}, {@code WITH d AS (DELETE ...) INSERT INTO t ...}): their
   * keys cannot be copied to the other database. Empty for any other statement.
   */
  public List<String> withInserts() {
    return withInserts;
  }

  /**
   * The functions a query (READ or LOCKING_READ) calls that the analyzer does not know as built-in,
   * in lower case (a quoted name as written); empty for other statements.
   */
  public List<String> calls() {
    return calls;
  }

  /**
   * This analysis as a write: a query that calls a function which writes ({@code SELECT
   * create_order(?, ?)}), which only the database's catalog can tell.
   */
  public Analysis asWrite() {
    return new Analysis(
        StatementKind.WRITE,
        tables,
        writtenTables,
        fingerprint,
        nonDeterministic,
        assignmentOrderRisk,
        orderedLimit,
        hasOrderBy,
        hasReturning,
        false,
        withInserts,
        calls,
        statementCount,
        transactionText);
  }

  /** True when the string is a single INSERT, INSERT IGNORE, REPLACE or upsert. */
  public boolean isInsert() {
    return isInsert;
  }

  /** How many non-empty statements the string holds. */
  public int statementCount() {
    return statementCount;
  }

  /**
   * The transaction control the string's statements apply as text, in order; empty for almost every
   * statement.
   */
  public List<TransactionText> transactionText() {
    return transactionText;
  }

  @Override
  public String toString() {
    return kind + " " + tables + " written=" + writtenTables + " [" + fingerprint + "]";
  }
}
