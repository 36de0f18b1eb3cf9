package dev.cutover.driver.shadow;

import dev.cutover.driver.Phase;
import dev.cutover.driver.sql.Analysis;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The primary's rows of one sampled read, copied as the application reads them. The driver's result
 * set calls {@link #row} after each successful {@code next()} and {@link #end} when the result is
 * exhausted or closed; the copy is handed to the shadow executor at the end.
 *
 * <p>Values are taken with {@code getObject}, as the class the comparator prefers for the column
 * (full-precision {@code java.time} types for dates and times, which drivers also decode without a
 * Calendar), and kept raw: normalizing them is left to the shadow thread, so the application's
 * thread only pays for the copy. The secondary's rows are read the same way. Never throws: a
 * failure abandons the shadow read and is counted as skipped.
 */
public final class ShadowTee {
  private final ShadowReads owner;
  final Phase phase;
  final Analysis analysis;
  final String sql;
  final long statementMaxRows;
  private final int maxRows;
  private final long maxBytes;
  ShadowParameters parameters;
  ShadowSession session = ShadowSession.NONE;
  OwnWrites ownWrites;
  long writeMark;
  Column[] columns;

  /** Per column, the class to read it as (null: plain getObject); the secondary is read alike. */
  private Class<?>[] fetch;

  final List<Object[]> rows = new ArrayList<>();
  private long bytes;
  boolean truncated;
  private boolean done;

  ShadowTee(ShadowReads owner, Phase phase, Analysis analysis, String sql, long maxRows) {
    this.owner = owner;
    this.statementMaxRows = maxRows;
    this.phase = phase;
    this.analysis = analysis;
    this.sql = sql;
    this.maxRows = owner.maxRows();
    this.maxBytes = owner.maxBytes();
  }

  /**
   * One result column as its metadata describes it; {@code computed} for an expression rather than
   * a table's column (asked of MySQL only, where it decides how computed decimals compare).
   */
  record Column(
      String label, int type, String typeName, int precision, int scale, boolean computed) {}

  /** Attaches the parameters the read ran with; call before the result is returned. */
  public void parameters(ShadowParameters p) {
    this.parameters = p;
  }

  /** Attaches the application connection's session state; call before the result is returned. */
  public void session(ShadowSession s) {
    this.session = s;
  }

  /**
   * Attaches the application connection's writes and their position at the read, so that its own
   * later write to the read's tables is not reported as a difference; call before the result is
   * returned.
   */
  public void ownWrites(OwnWrites writes) {
    this.ownWrites = writes;
    this.writeMark = writes.mark();
  }

  /** Whether the application connection wrote one of the read's tables since the read. */
  boolean raced() {
    return ownWrites != null && ownWrites.wroteSince(writeMark, analysis.tables());
  }

  /** Copies the current row of {@code rs}, within the row and byte budget. */
  public void row(ResultSet rs) {
    if (done || truncated) {
      return;
    }
    try {
      if (columns == null) {
        columns = describe(rs.getMetaData(), owner.isMysql(phase.primary()));
        fetch = owner.fetchClasses(phase.primary(), columns);
      }
      if (rows.size() >= maxRows || bytes >= maxBytes) {
        truncated = true;
        return;
      }
      Object[] values = new Object[columns.length];
      long size = 16L + 8L * values.length;
      for (int i = 0; i < values.length; i++) {
        Object v = read(rs, i + 1, fetch);
        values[i] = v;
        size += estimate(v);
      }
      bytes += size;
      rows.add(values);
    } catch (SQLException | RuntimeException e) {
      abandon(e);
    }
  }

  /**
   * Ends the copy: {@code exhausted} when {@code next()} returned false, false when the result was
   * closed before its end (what was not read is not compared).
   */
  public void end(ResultSet rs, boolean exhausted) {
    if (done) {
      return;
    }
    try {
      if (columns == null) {
        columns = describe(rs.getMetaData(), owner.isMysql(phase.primary()));
      }
    } catch (SQLException | RuntimeException e) {
      abandon(e);
      return;
    }
    done = true;
    // A result cut by the statement's maxRows is a prefix: which rows, without ORDER BY, is up to
    // each engine, so it is compared like a result the application stopped reading.
    if (!exhausted || (statementMaxRows > 0 && rows.size() >= statementMaxRows)) {
      truncated = true;
    }
    owner.submit(this);
  }

  private void abandon(Exception e) {
    done = true;
    rows.clear();
    owner.abandoned(e);
  }

  /**
   * The columns of a result; {@code mysql}: whether to ask which are expressions (MySQL's metadata
   * carries it; pgjdbc would look its base tables up in the catalog).
   */
  static Column[] describe(ResultSetMetaData md, boolean mysql) throws SQLException {
    Column[] columns = new Column[md.getColumnCount()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] =
          new Column(
              md.getColumnLabel(i + 1),
              md.getColumnType(i + 1),
              md.getColumnTypeName(i + 1),
              md.getPrecision(i + 1),
              md.getScale(i + 1),
              mysql && dev.cutover.comparator.ResultSnapshot.computed(md, i + 1));
    }
    return columns;
  }

  /**
   * Reads one column as {@code fetch[column - 1]}, or plain getObject when that is null; a driver
   * that cannot convert gets plain getObject for that column from then on (no exception per row).
   */
  static Object read(ResultSet rs, int column, Class<?>[] fetch) throws SQLException {
    Class<?> as = fetch[column - 1];
    if (as == null) {
      return rs.getObject(column);
    }
    if (as == String.class) {
      // pgjdbc's getObject(String.class) takes only character columns (money is read as text).
      return rs.getString(column);
    }
    try {
      return rs.getObject(column, as);
    } catch (SQLException | RuntimeException unsupportedConversion) {
      fetch[column - 1] = null;
      return rs.getObject(column);
    }
  }

  private static long estimate(Object v) {
    if (v instanceof CharSequence) {
      return 40L + 2L * ((CharSequence) v).length();
    }
    if (v instanceof byte[]) {
      return 16L + ((byte[]) v).length;
    }
    return 24L;
  }
}
