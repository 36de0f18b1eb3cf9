package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;

/**
 * Which column each {@code ?} of a write is stored into, where the statement says so plainly: a
 * value of {@code INSERT ... VALUES} or {@code INSERT ... SET}, or an assignment {@code col = ?} of
 * a single-table {@code UPDATE}. The driver uses it to give a value the rounding the application's
 * database would give it in that column.
 *
 * @param table the target table, unquoted and lower-case
 * @param columns per parameter (index 0 is parameter 1): the column's unquoted lower-case name;
 *     {@code "#n"} for position {@code n} (from 0) of a table's columns when an INSERT has no
 *     column list; null when the parameter is not stored plainly into one column
 */
public record AssignedColumns(String table, String[] columns) {

  /** The assignments of {@code sql}, or null when it is none of those writes; never throws. */
  public static AssignedColumns parse(String sql, Dialect dialect) {
    if (sql == null || sql.isEmpty()) {
      return null;
    }
    try {
      SqlLexer lx = SqlLexer.lex(sql, dialect == null ? Dialect.GENERIC : dialect, false);
      InsertShape insert = InsertShape.parse(sql, dialect);
      if (insert != null) {
        AssignedColumns values = ofInsert(insert, countParameters(lx));
        onUpdate(lx, values.columns());
        return values;
      }
      return ofUpdate(lx);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static int countParameters(SqlLexer lx) {
    int n = 0;
    for (int t = 0; t < lx.count; t++) {
      if (isMarker(lx, t)) {
        n++;
      }
    }
    return n;
  }

  private static boolean isMarker(SqlLexer lx, int t) {
    return lx.types[t] == PARAM && lx.sql.charAt(lx.starts[t]) == '?';
  }

  private static AssignedColumns ofInsert(InsertShape shape, int parameters) {
    String[] out = new String[parameters];
    int width = shape.columns().isEmpty() ? Integer.MAX_VALUE : shape.columns().size();
    int base = 0;
    for (int row = 0; row < shape.rowCount(); row++) {
      for (int i = 0; i < width; i++) {
        if (!shape.hasValuesAt(i)) {
          break;
        }
        InsertShape.Value v = shape.valuesOf(i).get(row);
        int p = base + v.firstParameter();
        if (v.kind() == InsertShape.ValueKind.PARAMETER && p < out.length) {
          out[p] = shape.columns().isEmpty() ? "#" + i : shape.columns().get(i);
        }
      }
      base += shape.parameterCountPerRow(row);
    }
    return new AssignedColumns(shape.table(), out);
  }

  private static AssignedColumns ofUpdate(SqlLexer lx) {
    int to = lx.count;
    while (to > 0 && lx.types[to - 1] == SEMICOLON) {
      to--;
    }
    int t = 0;
    if (InsertShape.keyword(lx, t, to) != Keywords.UPDATE) {
      return null;
    }
    t++;
    while (InsertShape.keyword(lx, t, to) == Keywords.LOW_PRIORITY
        || InsertShape.keyword(lx, t, to) == Keywords.IGNORE) {
      t++;
    }
    int nameStart = t;
    if (!InsertShape.isName(lx, t, to)) {
      return null;
    }
    t++;
    while (t + 1 < to && lx.types[t] == DOT && InsertShape.isName(lx, t + 1, to)) {
      t += 2;
    }
    String table = InsertShape.name(lx, nameStart, t);
    if (InsertShape.keyword(lx, t, to) == Keywords.AS) {
      t++;
    }
    if (InsertShape.keyword(lx, t, to) != Keywords.SET && InsertShape.isName(lx, t, to)) {
      t++;
    }
    if (InsertShape.keyword(lx, t, to) != Keywords.SET) {
      return null;
    }
    String[] out = new String[countParameters(lx)];
    assignments(lx, t + 1, to, out);
    return new AssignedColumns(table, out);
  }

  /**
   * The assignments of an upsert's update part ({@code ON DUPLICATE KEY UPDATE a = ?}, {@code ON
   * CONFLICT ... DO UPDATE SET a = ?}) into {@code out}.
   */
  private static void onUpdate(SqlLexer lx, String[] out) {
    int to = lx.count;
    int depth = 0;
    for (int t = 0; t < to; t++) {
      int type = lx.types[t];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (depth == 0 && t > 0 && InsertShape.keyword(lx, t, to) == Keywords.UPDATE) {
        int first = t + 1;
        if (InsertShape.keyword(lx, first, to) == Keywords.SET) {
          first++;
        }
        assignments(lx, first, to, out);
        return;
      }
    }
  }

  /** Reads {@code col = expr, ...} from token {@code t}, noting each plain {@code ?}'s column. */
  private static void assignments(SqlLexer lx, int t, int to, String[] out) {
    int before = 0;
    for (int i = 0; i < t; i++) {
      if (isMarker(lx, i)) {
        before++;
      }
    }
    while (t < to) {
      if (lx.types[t] == LPAREN) {
        stampedRow(lx, t, to, out, before);
        return;
      }
      if (!InsertShape.isName(lx, t, to)) {
        return;
      }
      t++;
      while (t + 1 < to && lx.types[t] == DOT && InsertShape.isName(lx, t + 1, to)) {
        t += 2;
      }
      String column = InsertShape.name(lx, t - 1, t);
      if (t >= to || lx.types[t] != OPERATOR || !lx.isChar(t, '=')) {
        return;
      }
      t++;
      int exprStart = t;
      int depth = 0;
      int markers = 0;
      for (; t < to; t++) {
        int type = lx.types[t];
        if (type == LPAREN) {
          depth++;
        } else if (type == RPAREN) {
          depth--;
        } else if (depth == 0 && (type == COMMA || endsAssignments(lx, t, to))) {
          break;
        } else if (isMarker(lx, t)) {
          markers++;
        }
      }
      if (t == exprStart + 1 && markers == 1 && before < out.length) {
        out[before] = column;
      }
      before += markers;
      if (t < to && lx.types[t] == COMMA) {
        t++;
      } else {
        return;
      }
    }
  }

  /**
   * The row form {@link OnUpdateTimestamps} writes, {@code (a, b, stamp) = (SELECT ... FROM (SELECT
   * CAST((?) AS t1), CAST((b + 1) AS t2)) AS cutover_new(v1, v2))}: the k-th value of the inner
   * select goes into the k-th column, so a plain {@code ?} there is stored into it.
   */
  private static void stampedRow(SqlLexer lx, int open, int to, String[] out, int before) {
    java.util.List<String> columns = new java.util.ArrayList<>();
    int t = open + 1;
    while (t < to && lx.types[t] != RPAREN) {
      if (InsertShape.isName(lx, t, to)) {
        columns.add(InsertShape.name(lx, t, t + 1));
      } else if (lx.types[t] != COMMA) {
        return;
      }
      t++;
    }
    int values = -1;
    for (int i = t; i + 2 < to; i++) {
      if (InsertShape.keyword(lx, i, to) == Keywords.FROM
          && lx.types[i + 1] == LPAREN
          && InsertShape.keyword(lx, i + 2, to) == Keywords.SELECT) {
        values = i + 3;
        break;
      }
    }
    if (values < 0) {
      return;
    }
    int k = 0;
    int depth = 0;
    int start = values;
    int markers = 0;
    for (int i = values; i < to; i++) {
      int type = lx.types[i];
      boolean end = type == RPAREN && depth == 0 || type == COMMA && depth == 0;
      if (end) {
        // CAST ( ( ? ) AS type ): the value is the marker alone.
        if (markers == 1
            && i - start >= 6
            && lx.types[start + 1] == LPAREN
            && lx.types[start + 2] == LPAREN
            && isMarker(lx, start + 3)
            && lx.types[start + 4] == RPAREN
            && k < columns.size()
            && before < out.length) {
          out[before] = columns.get(k);
        }
        before += markers;
        markers = 0;
        k++;
        start = i + 1;
        if (type == RPAREN) {
          return;
        }
      } else if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (isMarker(lx, i)) {
        markers++;
      }
    }
  }

  private static boolean endsAssignments(SqlLexer lx, int t, int to) {
    int k = InsertShape.keyword(lx, t, to);
    return k == Keywords.WHERE
        || k == Keywords.FROM
        || k == Keywords.RETURNING
        || k == Keywords.ORDER
        || k == Keywords.LIMIT;
  }

  /** The column parameter {@code index} (from 0) is stored into, or null. */
  public String column(int index) {
    return index >= 0 && index < columns.length ? columns[index] : null;
  }

  @Override
  public String toString() {
    return table + " " + java.util.Arrays.toString(columns);
  }
}
