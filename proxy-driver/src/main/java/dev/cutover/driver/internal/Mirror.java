package dev.cutover.driver.internal;

import dev.cutover.driver.sql.Analysis;
import dev.cutover.driver.sql.LastInsertId;
import java.util.ArrayList;
import java.util.List;

/**
 * One application write as the secondary must replay it: the statement, a snapshot of its
 * parameters (one row per batch entry), what the primary reported, and the keys the primary
 * generated.
 */
final class Mirror {
  final Analysis analysis;
  final String sql;

  /** Parameter rows for a prepared statement (one per batch entry), or null for plain SQL. */
  final List<Binding[]> rows;

  /** Plain-statement batch entries (Statement.addBatch(sql)), or null. */
  final List<String> batchSql;

  /** Update counts the primary reported, one per batch entry; -1 where unknown. */
  final long[] primaryCounts;

  /** Keys the primary generated, one per inserted row, or null when none are needed. */
  final List<Object> generatedKeys;

  /** The generated column the keys belong to, or null. */
  final String keyColumn;

  /** For a callable statement: the OUT registrations to replay; null when not replayable. */
  List<CutoverCallableStatement.Op> callOps;

  boolean callable;

  /**
   * MySQL's {@code SET autocommit = 0} (or an unknown value) was in effect on the application's
   * connection when this write ran: a PostgreSQL secondary holds it in a transaction too.
   */
  boolean autocommitOff;

  /**
   * The primary ran it as a query ({@code ... RETURNING}): the secondary must run it with {@code
   * execute()}, which takes the rows it returns (pgjdbc refuses a returning statement in {@code
   * executeUpdate}); its count is unknown.
   */
  boolean returnsRows;

  /**
   * What {@code LAST_INSERT_ID()} gave on the primary's connection just before this write, when the
   * write reads it; null when it was not read.
   */
  Long lastInsertId;

  private Boolean readsLastInsertId;

  /** Whether the statement calls MySQL's {@code LAST_INSERT_ID()}; read once. */
  boolean readsLastInsertId() {
    if (readsLastInsertId == null) {
      readsLastInsertId =
          batchSql != null
              ? batchSql.stream().anyMatch(LastInsertId::uses)
              : analysis.nonDeterministic() && LastInsertId.uses(sql);
    }
    return readsLastInsertId;
  }

  private String withLastInsertId;

  /** The application's statement as the secondary runs it: with the primary's id in it. */
  String withLastInsertId() {
    if (lastInsertId == null) {
      return sql;
    }
    if (withLastInsertId == null) {
      withLastInsertId = LastInsertId.substitute(sql, lastInsertId);
    }
    return withLastInsertId;
  }

  Mirror(
      Analysis analysis,
      String sql,
      List<Binding[]> rows,
      List<String> batchSql,
      long[] primaryCounts,
      List<Object> generatedKeys,
      String keyColumn) {
    this.analysis = analysis;
    this.sql = sql;
    this.rows = rows;
    this.batchSql = batchSql;
    this.primaryCounts = primaryCounts;
    this.generatedKeys = generatedKeys;
    this.keyColumn = keyColumn;
  }

  /** Parameters as the journal stores them (batches flattened, one list per entry). */
  List<Object> displayParameters() {
    if (rows == null) {
      return batchSql == null ? List.of() : new ArrayList<>(batchSql);
    }
    List<Object> out = new ArrayList<>();
    for (Binding[] row : rows) {
      List<Object> values = new ArrayList<>(row.length);
      for (Binding b : row) {
        values.add(b == null ? null : b.display());
      }
      if (rows.size() == 1) {
        return values;
      }
      out.add(values);
    }
    return out;
  }

  List<Object> keysOrEmpty() {
    return generatedKeys == null ? List.of() : generatedKeys;
  }

  boolean replayable() {
    if (callable && callOps == null) {
      return false;
    }
    if (rows != null) {
      for (Binding[] row : rows) {
        for (Binding b : row) {
          if (b != null && !b.replayable()) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
