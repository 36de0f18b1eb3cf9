package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.STRING;
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

  /** What a row gives one column: the forms the driver tells apart for a generated key. */
  public enum ValueKind {
    /** Exactly one {@code ?}. */
    PARAMETER,
    /** The literal NULL. */
    NULL,
    /** The keyword DEFAULT. */
    DEFAULT,
    /** {@code nextval('sequence')}: an id the primary's sequence gives, as DEFAULT does. */
    SEQUENCE,
    /** An integer literal (its value in {@link Value#literal}). */
    INTEGER,
    /** Any other expression. */
    OTHER
  }

  /**
   * One row's expression for one column: where it stands in the statement text, and which of the
   * row's parameters it holds (counting from zero within the row's parameters).
   */
  public record Value(
      int start, int end, int firstParameter, int parameters, ValueKind kind, long literal) {}

  private final RowIds rowIds;
  private final String sql;
  private final String table;
  private final List<String> columns;
  private final int columnListOpen;
  private final int[] tupleOpens;
  private final int[] tupleCloses;
  private final int[] parameterCounts;

  /** Per row, the value expression of each column in order. */
  private final List<List<Value>> values;

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
      RowIds rowIds,
      List<List<Value>> values) {
    this.rowIds = rowIds;
    this.values = values;
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
    // PostgreSQL's OVERRIDING {SYSTEM | USER} VALUE (the driver adds the first for its
    // secondaries; an application may write either).
    if (t + 2 < to
        && lx.isWord(t, "overriding")
        && (lx.isWord(t + 1, "system") || lx.isWord(t + 1, "user"))
        && lx.isWord(t + 2, "value")) {
      t += 3;
    }
    int valuesWord = keyword(lx, t, to);
    if (valuesWord != Keywords.VALUES && valuesWord != Keywords.VALUE) {
      return null;
    }
    t++;
    List<int[]> tuples = new ArrayList<>();
    List<List<Value>> values = new ArrayList<>();
    while (t < to && lx.types[t] == LPAREN) {
      int open = t;
      int depth = 0;
      int parameters = 0;
      List<Value> row = new ArrayList<>();
      int exprStart = t + 1;
      int exprParameters = 0;
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
        } else if (type == COMMA && depth == 1) {
          row.add(value(lx, exprStart, t, exprParameters, parameters - exprParameters));
          exprStart = t + 1;
          exprParameters = parameters;
        }
      }
      if (t >= to) {
        return null;
      }
      if (exprStart < t) {
        row.add(value(lx, exprStart, t, exprParameters, parameters - exprParameters));
      }
      values.add(List.copyOf(row));
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
        lx.sql, table, columns, columnListOpen, opens, closes, counts, -1, rowIds, values);
  }

  /** The value expression made of tokens {@code [from, to)}. */
  private static Value value(SqlLexer lx, int from, int to, int firstParameter, int parameters) {
    if (from >= to) {
      return new Value(
          lx.starts[Math.max(0, from - 1)],
          lx.starts[Math.max(0, from - 1)],
          0,
          0,
          ValueKind.OTHER,
          0);
    }
    int start = lx.starts[from];
    int end = lx.ends[to - 1];
    ValueKind kind = ValueKind.OTHER;
    long literal = 0;
    if (to - from == 1) {
      int type = lx.types[from];
      if (type == PARAM && parameters == 1) {
        kind = ValueKind.PARAMETER;
      } else if (type == WORD && lx.keywords[from] == Keywords.NULL) {
        kind = ValueKind.NULL;
      } else if (type == WORD && lx.keywords[from] == Keywords.DEFAULT) {
        kind = ValueKind.DEFAULT;
      } else if (type == NUMBER) {
        try {
          literal = Long.parseLong(lx.text(from));
          kind = ValueKind.INTEGER;
        } catch (NumberFormatException e) {
          // 1.5, 1e3, 0x1F: not an id the driver reads.
        }
      }
    } else if (parameters == 0
        && to - from == 4
        && lx.types[from] == WORD
        && lx.text(from).equalsIgnoreCase("nextval")
        && lx.types[from + 1] == LPAREN
        && lx.types[from + 2] == STRING
        && lx.types[from + 3] == RPAREN) {
      kind = ValueKind.SEQUENCE;
    }
    return new Value(start, end, firstParameter, parameters, kind, literal);
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
    List<Value> row = new ArrayList<>();
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
      row.add(
          value(lx, start, t, parameters - parametersIn(lx, start, t), parametersIn(lx, start, t)));
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
        t < to ? RowIds.UNKNOWN : rowIds,
        List.of(List.copyOf(row)));
  }

  private static int parametersIn(SqlLexer lx, int from, int to) {
    int n = 0;
    for (int t = from; t < to; t++) {
      if (lx.types[t] == PARAM && lx.sql.charAt(lx.starts[t]) == '?') {
        n++;
      }
    }
    return n;
  }

  static int keyword(SqlLexer lx, int t, int to) {
    return t < to && lx.types[t] == WORD ? lx.keywords[t] : -1;
  }

  static boolean isName(SqlLexer lx, int t, int to) {
    return t < to
        && (lx.types[t] == QUOTED_IDENT
            || (lx.types[t] == WORD && !Keywords.reserved(lx.keywords[t])));
  }

  static String name(SqlLexer lx, int start, int end) {
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

  /** The index of {@code column} in the column list (ignoring case), or -1. */
  public int columnIndex(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).equalsIgnoreCase(column)) {
        return i;
      }
    }
    return -1;
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
   * Each row's value for the column at {@code index} (in the column list, or in the table when the
   * statement has none), or null when some row does not give that column exactly one expression.
   */
  public List<Value> valuesOf(int index) {
    if (!hasValuesAt(index)) {
      return null;
    }
    ColumnValues known = lastValues;
    if (known != null && known.index() == index) {
      return known.values();
    }
    List<Value> out = new ArrayList<>(values.size());
    for (List<Value> row : values) {
      out.add(row.get(index));
    }
    known = new ColumnValues(index, List.copyOf(out));
    lastValues = known;
    return known.values();
  }

  /** One column's values of every row. */
  private record ColumnValues(int index, List<Value> values) {}

  /**
   * The last {@link #valuesOf} answer, as one immutable pair (a shape is shared through the cache):
   * a shape is asked for its key column again and again.
   */
  private volatile ColumnValues lastValues;

  /** Whether some row gives the column at {@code index} as {@code kind}; allocates nothing. */
  public boolean anyValueIs(int index, ValueKind kind) {
    if (!hasValuesAt(index)) {
      return false;
    }
    for (List<Value> row : values) {
      if (row.get(index).kind() == kind) {
        return true;
      }
    }
    return false;
  }

  /** How many values each row gives, or -1 when the rows differ. */
  public int width() {
    int width = values.get(0).size();
    for (List<Value> row : values) {
      if (row.size() != width) {
        return -1;
      }
    }
    return width;
  }

  /** Whether {@link #valuesOf} has an answer for {@code index}; allocates nothing. */
  public boolean hasValuesAt(int index) {
    if (index < 0) {
      return false;
    }
    for (List<Value> row : values) {
      if (index >= row.size() || (!columns.isEmpty() && row.size() != columns.size())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The statement with the value at {@code index} of every row replaced by one {@code ?} (the
   * parameters it held, if any, are gone).
   */
  public String withValuesAsParameters(int index) {
    List<Value> slots = valuesOf(index);
    if (slots == null) {
      throw new IllegalStateException("no value for column " + index + " in every row: " + sql);
    }
    StringBuilder out = new StringBuilder(sql.length() + 2 * slots.size());
    int copied = 0;
    for (Value v : slots) {
      out.append(sql, copied, v.start()).append('?');
      copied = v.end();
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  /**
   * The listed column whose value is {@code nextval('...')} in every row, or null: its values are
   * drawn from a sequence by the statement itself.
   */
  public String sequenceColumn() {
    for (int i = 0; i < columns.size(); i++) {
      if (!hasValuesAt(i)) {
        continue;
      }
      boolean all = true;
      for (Value v : valuesOf(i)) {
        all &= v.kind() == ValueKind.SEQUENCE;
      }
      if (all) {
        return columns.get(i);
      }
    }
    return null;
  }

  /** The sequence a {@link ValueKind#SEQUENCE} value draws from, as written ({@code 's.seq'}). */
  public String sequenceOf(Value v) {
    String text = sql.substring(v.start(), v.end());
    int open = text.indexOf('\'');
    int close = text.lastIndexOf('\'');
    return open >= 0 && close > open ? text.substring(open + 1, close) : null;
  }

  /**
   * The statement with the literal {@code NULL} and {@code 0} given for column {@code index}
   * replaced by {@code DEFAULT}, or the statement as it is when there are none (or the column has
   * no value in some row).
   */
  public String withDefaultsForNullAndZero(int index) {
    List<Value> slots = valuesOf(index);
    if (slots == null) {
      return sql;
    }
    StringBuilder out = null;
    int copied = 0;
    for (Value v : slots) {
      if (v.kind() == ValueKind.NULL || v.kind() == ValueKind.INTEGER && v.literal() == 0) {
        if (out == null) {
          out = new StringBuilder(sql.length() + 8 * slots.size());
        }
        out.append(sql, copied, v.start()).append("DEFAULT");
        copied = v.end();
      }
    }
    return out == null ? sql : out.append(sql, copied, sql.length()).toString();
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

  /**
   * The statement with {@code OVERRIDING SYSTEM VALUE} before its {@code VALUES}, so a PostgreSQL
   * {@code GENERATED ALWAYS} identity column takes the ids it gives; null when it has no {@code
   * VALUES} or already says it.
   */
  public String withOverridingSystemValue() {
    if (tupleOpens.length == 0) {
      return null;
    }
    // The VALUES keyword itself, not a column, comment or string that spells it.
    SqlLexer lx = SqlLexer.lex(sql.substring(0, tupleOpens[0]), Dialect.POSTGRES, false);
    int values = -1;
    for (int t = 0; t < lx.count; t++) {
      if (lx.isWord(t, "overriding")) {
        return null;
      }
      if (lx.isWord(t, "values")) {
        values = lx.starts[t];
      }
    }
    if (values < 0) {
      return null;
    }
    return sql.substring(0, values) + "OVERRIDING SYSTEM VALUE " + sql.substring(values);
  }

  @Override
  public String toString() {
    return "INSERT INTO " + table + " " + columns + " x " + rowCount();
  }
}
