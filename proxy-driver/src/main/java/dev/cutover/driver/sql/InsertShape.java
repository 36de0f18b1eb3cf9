package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A simple INSERT's structure, so the driver can add an explicit generated-key column for the
 * secondary: {@code INSERT INTO t [(columns)] VALUES (...), ...}, or MySQL's {@code INSERT INTO t
 * SET a = 1, ...}.
 */
public final class InsertShape {
  /** Whether each row of a successful execution took a new generated id. */
  public enum RowIds {
    /** A plain INSERT: every row is new. */
    EVERY_ROW,
    /**
     * INSERT IGNORE or REPLACE: every row is new exactly when an execution's count is its row count
     * (a skipped row counts 0, a replaced one 2).
     */
    BY_COUNT,
    /**
     * ON DUPLICATE KEY UPDATE (or ON CONFLICT): an updated or unchanged row takes no id, and an
     * unchanged one counts like a new one.
     */
    UNKNOWN
  }

  private final RowIds rowIds;
  private final String sql;
  private final String table;
  private final List<String> columns;
  private final int columnListOpen;
  private final int[] tupleOpens;
  private final int[] tupleCloses;
  private final int[] parameterCounts;

  /** For {@code INSERT ... SET}: where the text after the word SET starts, else -1. */
  private final int setEnd;

  private InsertShape(
      String sql,
      String table,
      List<String> columns,
      int columnListOpen,
      int[] tupleOpens,
      int[] tupleCloses,
      int[] parameterCounts,
      int setEnd,
      RowIds rowIds) {
    this.rowIds = rowIds;
    this.setEnd = setEnd;
    this.sql = sql;
    this.table = table;
    this.columns = List.copyOf(columns);
    this.columnListOpen = columnListOpen;
    this.tupleOpens = tupleOpens;
    this.tupleCloses = tupleCloses;
    this.parameterCounts = parameterCounts;
  }

  /**
   * The shape of {@code INSERT INTO t [(cols)] VALUES (...), ... [ON ... | RETURNING ...]} (in
   * MySQL also {@code INSERT INTO t SET a = ..., ... [ON DUPLICATE KEY UPDATE ...]}), or null for
   * anything else (INSERT ... SELECT, several statements, garbage); never throws.
   */
  public static InsertShape parse(String sql, Dialect dialect) {
    if (sql == null || sql.isEmpty()) {
      return null;
    }
    try {
      return parse(SqlLexer.lex(sql, dialect == null ? Dialect.GENERIC : dialect, false));
    } catch (RuntimeException e) {
      // A shape we cannot read is simply not a simple INSERT.
      return null;
    }
  }

  /** The shape of a lexed statement without the safety net, so that tests see a bug. */
  static InsertShape parse(SqlLexer lx) {
    int to = lx.count;
    while (to > 0 && lx.types[to - 1] == SEMICOLON) {
      to--;
    }
    for (int t = 0; t < to; t++) {
      if (lx.types[t] == SEMICOLON) {
        return null;
      }
    }
    int t = 0;
    int verb = keyword(lx, t, to);
    if (verb != Keywords.INSERT && verb != Keywords.REPLACE) {
      return null;
    }
    t++;
    boolean ignore = false;
    while (true) {
      int k = keyword(lx, t, to);
      ignore |= k == Keywords.IGNORE;
      if (k == Keywords.IGNORE
          || k == Keywords.LOW_PRIORITY
          || k == Keywords.HIGH_PRIORITY
          || k == Keywords.DELAYED) {
        t++;
      } else {
        break;
      }
    }
    if (keyword(lx, t, to) != Keywords.INTO) {
      return null;
    }
    t++;
    int nameStart = t;
    if (!isName(lx, t, to)) {
      return null;
    }
    t++;
    while (t + 1 < to && lx.types[t] == DOT && isName(lx, t + 1, to)) {
      t += 2;
    }
    String table = name(lx, nameStart, t);
    RowIds rowIds = verb == Keywords.REPLACE || ignore ? RowIds.BY_COUNT : RowIds.EVERY_ROW;
    if (keyword(lx, t, to) == Keywords.SET && lx.dialect == Dialect.MYSQL) {
      return set(lx, table, t, to, rowIds);
    }
    List<String> columns = new ArrayList<>();
    int columnListOpen = -1;
    if (t < to && lx.types[t] == LPAREN) {
      columnListOpen = lx.starts[t];
      t++;
      while (t < to && lx.types[t] != RPAREN) {
        if (!isName(lx, t, to)) {
          return null;
        }
        columns.add(name(lx, t, t + 1));
        t++;
        if (t < to && lx.types[t] == COMMA) {
          t++;
        }
      }
      if (t >= to) {
        return null;
      }
      t++;
    }
    int values = keyword(lx, t, to);
    if (values != Keywords.VALUES && values != Keywords.VALUE) {
      return null;
    }
    t++;
    List<int[]> tuples = new ArrayList<>();
    while (t < to && lx.types[t] == LPAREN) {
      int open = t;
      int depth = 0;
      int parameters = 0;
      for (; t < to; t++) {
        int type = lx.types[t];
        if (type == LPAREN) {
          depth++;
        } else if (type == RPAREN && --depth == 0) {
          break;
        } else if (type == PARAM && lx.sql.charAt(lx.starts[t]) == '?') {
          parameters++;
        } else if (type == WORD && lx.keywords[t] == Keywords.SELECT) {
          return null;
        }
      }
      if (t >= to) {
        return null;
      }
      tuples.add(new int[] {lx.starts[open], lx.starts[t], parameters});
      t++;
      if (t < to && lx.types[t] == COMMA) {
        t++;
      } else {
        break;
      }
    }
    if (tuples.isEmpty()) {
      return null;
    }
    if (t < to) {
      int k = keyword(lx, t, to);
      if (k != Keywords.ON && k != Keywords.RETURNING && k != Keywords.AS) {
        return null;
      }
      if (hasOn(lx, t, to)) {
        rowIds = RowIds.UNKNOWN;
      }
    }
    int[] opens = new int[tuples.size()];
    int[] closes = new int[tuples.size()];
    int[] counts = new int[tuples.size()];
    for (int i = 0; i < opens.length; i++) {
      opens[i] = tuples.get(i)[0];
      closes[i] = tuples.get(i)[1];
      counts[i] = tuples.get(i)[2];
    }
    return new InsertShape(
        lx.sql, table, columns, columnListOpen, opens, closes, counts, -1, rowIds);
  }

  /**
   * Whether an ON clause (ON DUPLICATE KEY, ON CONFLICT) stands at the top level from {@code t}.
   */
  private static boolean hasOn(SqlLexer lx, int t, int to) {
    int depth = 0;
    for (; t < to; t++) {
      int type = lx.types[t];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (depth == 0 && keyword(lx, t, to) == Keywords.ON) {
        return true;
      }
    }
    return false;
  }

  /** MySQL's {@code INSERT INTO t SET a = 1, b = ?}: one row of the assigned columns. */
  private static InsertShape set(SqlLexer lx, String table, int set, int to, RowIds rowIds) {
    List<String> columns = new ArrayList<>();
    int parameters = 0;
    int t = set + 1;
    while (true) {
      if (!isName(lx, t, to)
          || t + 1 >= to
          || lx.types[t + 1] != OPERATOR
          || !lx.isChar(t + 1, '=')) {
        return null;
      }
      columns.add(name(lx, t, t + 1));
      t += 2;
      int start = t;
      int depth = 0;
      for (; t < to; t++) {
        int type = lx.types[t];
        if (type == LPAREN) {
          depth++;
        } else if (type == RPAREN) {
          if (--depth < 0) {
            return null;
          }
        } else if (depth == 0 && (type == COMMA || keyword(lx, t, to) == Keywords.ON)) {
          break;
        } else if (type == PARAM && lx.sql.charAt(lx.starts[t]) == '?') {
          parameters++;
        } else if (type == WORD && lx.keywords[t] == Keywords.SELECT) {
          return null;
        }
      }
      if (t == start || depth != 0) {
        return null;
      }
      if (t < to && lx.types[t] == COMMA) {
        t++;
        continue;
      }
      break;
    }
    return new InsertShape(
        lx.sql,
        table,
        columns,
        -1,
        new int[1],
        new int[1],
        new int[] {parameters},
        lx.ends[set],
        t < to ? RowIds.UNKNOWN : rowIds);
  }

  private static int keyword(SqlLexer lx, int t, int to) {
    return t < to && lx.types[t] == WORD ? lx.keywords[t] : -1;
  }

  private static boolean isName(SqlLexer lx, int t, int to) {
    return t < to
        && (lx.types[t] == QUOTED_IDENT
            || (lx.types[t] == WORD && !Keywords.reserved(lx.keywords[t])));
  }

  private static String name(SqlLexer lx, int start, int end) {
    StringBuilder out = new StringBuilder(24);
    for (int t = start; t < end; t++) {
      if (lx.types[t] == DOT) {
        out.append('.');
      } else if (lx.types[t] == QUOTED_IDENT) {
        Fingerprint.appendUnquoted(out, lx.sql, lx.starts[t], lx.ends[t]);
      } else {
        out.append(lx.text(t).toLowerCase(Locale.ROOT));
      }
    }
    return out.toString();
  }

  /** Whether each row of a successful execution took a new generated id. */
  public RowIds rowIds() {
    return rowIds;
  }

  /** The target table, unquoted and lower-case as in {@link Analysis#tables()}. */
  public String table() {
    return table;
  }

  /** The listed columns, unquoted and lower-case; empty when the statement has no column list. */
  public List<String> columns() {
    return columns;
  }

  /** The number of VALUES tuples. */
  public int rowCount() {
    return tupleOpens.length;
  }

  /** The number of {@code ?} markers in the tuple {@code row}, counting from zero. */
  public int parameterCountPerRow(int row) {
    return parameterCounts[row];
  }

  /**
   * The statement with {@code quotedColumn} first in the column list and one {@code ?} first in
   * every tuple (or first in the SET list); throws {@link IllegalStateException} when the statement
   * has no column list.
   */
  public String withLeadingColumn(String quotedColumn) {
    if (setEnd >= 0) {
      return sql.substring(0, setEnd) + " " + quotedColumn + " = ?," + sql.substring(setEnd);
    }
    if (columnListOpen < 0) {
      throw new IllegalStateException("INSERT without a column list: " + sql);
    }
    StringBuilder out = new StringBuilder(sql.length() + quotedColumn.length() + 4 * rowCount());
    out.append(sql, 0, columnListOpen + 1).append(quotedColumn);
    out.append(columns.isEmpty() ? "" : ", ");
    int copied = columnListOpen + 1;
    for (int row = 0; row < tupleOpens.length; row++) {
      int open = tupleOpens[row];
      out.append(sql, copied, open + 1);
      boolean empty = sql.substring(open + 1, tupleCloses[row]).isBlank();
      out.append(empty ? "?" : "?, ");
      copied = open + 1;
    }
    out.append(sql, copied, sql.length());
    return out.toString();
  }

  @Override
  public String toString() {
    return "INSERT INTO " + table + " " + columns + " x " + rowCount();
  }
}
