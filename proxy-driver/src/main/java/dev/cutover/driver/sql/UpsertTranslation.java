package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MySQL's upserts in PostgreSQL's form: {@code INSERT ... ON DUPLICATE KEY UPDATE} and {@code
 * REPLACE} become {@code INSERT ... ON CONFLICT (key) DO UPDATE}.
 *
 * <p>PostgreSQL needs the conflict's key spelled out, which MySQL's statements leave to whichever
 * unique key the row collides with; it is taken from the table on the PostgreSQL side: the first
 * unique key (the primary key first) whose columns the statement all inserts, else the primary key.
 * A table without unique keys never has a duplicate, and the statement becomes a plain INSERT. In
 * the assignments of {@code ON DUPLICATE KEY UPDATE}, {@code VALUES(c)} becomes {@code EXCLUDED.c}
 * and a bare column name, which PostgreSQL finds ambiguous there, is qualified with the table.
 * {@code REPLACE} deletes the colliding row and inserts the new one, so every column of the row is
 * set from {@code EXCLUDED} (the row as it would have been inserted, defaults included): the same
 * values, and an id the primary generated for it when the driver adds one. A MySQL row that
 * collides on several unique keys at once has no equivalent; PostgreSQL then refuses the statement
 * and the driver journals it.
 *
 * <p>Works on the text the token translation already made PostgreSQL's (quoting, strings), so it
 * sees PostgreSQL tokens; never changes the text sent to a MySQL-dialect database.
 */
public final class UpsertTranslation {
  private UpsertTranslation() {}

  /** What the rewrite needs to know of a table on the PostgreSQL side. */
  public interface Schema {
    /**
     * The table's unique keys without expressions or predicates, the primary key first, each as its
     * column names; empty when it has none or does not exist.
     */
    List<List<String>> uniqueKeys(String table) throws SQLException;

    /** The table's columns in order; empty when it does not exist. */
    List<String> columns(String table) throws SQLException;
  }

  /**
   * Words in an assignment's expression that are not column names (a column named like one of them
   * must be quoted in the application's SQL anyway).
   */
  private static final Set<String> NOT_COLUMNS =
      Set.of(
          "null",
          "true",
          "false",
          "and",
          "or",
          "not",
          "is",
          "in",
          "like",
          "between",
          "case",
          "when",
          "then",
          "else",
          "end",
          "default",
          "interval",
          "distinct",
          "exists",
          "select",
          "from",
          "where",
          "current_timestamp",
          "current_date",
          "current_time",
          "localtime",
          "localtimestamp",
          "current_user",
          "session_user",
          "unknown",
          "div",
          "mod",
          "xor",
          "collate",
          "binary",
          "as",
          "escape",
          "similar",
          "any",
          "all",
          "some",
          "row",
          "array",
          "excluded",
          "second",
          "minute",
          "hour",
          "day",
          "week",
          "month",
          "quarter",
          "year");

  /**
   * True for MySQL's {@code REPLACE} and {@code INSERT ... ON DUPLICATE KEY UPDATE}, whose update
   * counts do not match PostgreSQL's (MySQL counts an updated row twice); never throws.
   */
  public static boolean isUpsert(String mysqlSql) {
    try {
      SqlLexer lx = SqlLexer.lex(mysqlSql, Dialect.MYSQL, false);
      if (lx.count == 0) {
        return false;
      }
      if (lx.keywords[0] == Keywords.REPLACE) {
        return true;
      }
      return lx.keywords[0] == Keywords.INSERT && duplicateKeyUpdate(lx, lx.count) >= 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * {@code pgSql} (already token-translated from MySQL) with a MySQL upsert rewritten, or {@code
   * pgSql} itself when it is not one or cannot be rewritten here (several statements, INSERT ...
   * SELECT, no unique key the statement covers): PostgreSQL then refuses it and it is journaled.
   */
  public static String rewrite(String pgSql, Schema schema) throws SQLException {
    SqlLexer lx = SqlLexer.lex(pgSql, Dialect.POSTGRES, false);
    int to = lx.count;
    while (to > 0 && lx.types[to - 1] == SEMICOLON) {
      to--;
    }
    for (int t = 0; t < to; t++) {
      if (lx.types[t] == SEMICOLON) {
        return pgSql;
      }
    }
    if (to == 0) {
      return pgSql;
    }
    boolean replace = lx.keywords[0] == Keywords.REPLACE;
    if (!replace && lx.keywords[0] != Keywords.INSERT) {
      return pgSql;
    }
    int odku = replace ? -1 : duplicateKeyUpdate(lx, to);
    if (!replace && odku < 0) {
      return pgSql;
    }
    // The table: after INTO (REPLACE may leave it out), past MySQL's scheduling hints.
    int t = 1;
    while (t < to
        && (lx.keywords[t] == Keywords.LOW_PRIORITY
            || lx.keywords[t] == Keywords.HIGH_PRIORITY
            || lx.keywords[t] == Keywords.DELAYED
            || lx.keywords[t] == Keywords.IGNORE)) {
      t++;
    }
    if (t < to && lx.keywords[t] == Keywords.INTO) {
      t++;
    }
    int tableStart = t;
    if (t >= to || !isIdentifier(lx, t)) {
      return pgSql;
    }
    while (t + 2 < to && lx.types[t + 1] == DOT && isIdentifier(lx, t + 2)) {
      t += 2;
    }
    int tableEnd = t;
    String table = pgSql.substring(lx.starts[tableStart], lx.ends[tableEnd]);
    String tableRef = lx.text(tableEnd);
    // The shape of the plain INSERT this is (REPLACE may lack INTO, MySQL's hints are dropped).
    InsertShape shape =
        InsertShape.parse(
            "INSERT INTO " + pgSql.substring(lx.starts[tableStart], lx.ends[to - 1]),
            Dialect.POSTGRES);
    if (shape == null) {
      return pgSql;
    }
    List<List<String>> keys = schema.uniqueKeys(table);
    StringBuilder out = new StringBuilder(pgSql.length() + 64);
    out.append("INSERT INTO ").append(table);
    if (keys.isEmpty()) {
      if (schema.columns(table).isEmpty()) {
        return pgSql; // no such table: let PostgreSQL say so
      }
      // No unique key: MySQL never finds a duplicate, so this is a plain INSERT.
      out.append(pgSql, lx.ends[tableEnd], replace ? lx.ends[to - 1] : lx.starts[odku]);
      trimEnd(out);
      return out.toString();
    }
    List<String> key = conflictKey(keys, shape.columns());
    if (replace) {
      int returning = topLevel(lx, tableEnd + 1, to, Keywords.RETURNING);
      int stop = returning >= 0 ? lx.starts[returning] : lx.ends[to - 1];
      out.append(pgSql, lx.ends[tableEnd], stop);
      trimEnd(out);
      List<String> columns = schema.columns(table);
      if (columns.isEmpty()) {
        return pgSql;
      }
      out.append(" ON CONFLICT (").append(names(key)).append(") DO UPDATE SET ");
      for (int i = 0; i < columns.size(); i++) {
        String c = quote(columns.get(i));
        out.append(i == 0 ? "" : ", ").append(c).append(" = EXCLUDED.").append(c);
      }
      if (returning >= 0) {
        out.append(' ').append(pgSql, lx.starts[returning], lx.ends[to - 1]);
      }
    } else {
      out.append(pgSql, lx.ends[tableEnd], lx.starts[odku]);
      trimEnd(out);
      out.append(" ON CONFLICT (").append(names(key)).append(") DO UPDATE SET ");
      if (!assignments(lx, odku + 4, to, tableRef, out)) {
        return pgSql;
      }
    }
    return out.toString();
  }

  /**
   * The first unique key whose columns the statement all inserts (all columns when unlisted), else
   * the primary key: a generated one the driver adds to the statement it mirrors, and otherwise a
   * key the row cannot collide on, so the statement inserts, as in MySQL.
   */
  static List<String> conflictKey(List<List<String>> keys, List<String> inserted) {
    for (List<String> k : keys) {
      if (inserted.isEmpty() || covers(inserted, k)) {
        return k;
      }
    }
    return keys.get(0);
  }

  private static boolean covers(List<String> inserted, List<String> key) {
    for (String column : key) {
      if (!inserted.contains(column.toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return !key.isEmpty();
  }

  /**
   * The token index of {@code ON} in a top-level {@code ON DUPLICATE KEY UPDATE} that has at least
   * one token after it, or -1.
   */
  private static int duplicateKeyUpdate(SqlLexer lx, int to) {
    int depth = 0;
    for (int t = 0; t + 4 < to; t++) {
      int type = lx.types[t];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (depth == 0
          && lx.keywords[t] == Keywords.ON
          && lx.keywords[t + 1] == Keywords.DUPLICATE
          && lx.keywords[t + 2] == Keywords.KEY
          && lx.keywords[t + 3] == Keywords.UPDATE) {
        return t;
      }
    }
    return -1;
  }

  private static int topLevel(SqlLexer lx, int from, int to, int keyword) {
    int depth = 0;
    for (int t = from; t < to; t++) {
      if (lx.types[t] == LPAREN) {
        depth++;
      } else if (lx.types[t] == RPAREN) {
        depth--;
      } else if (depth == 0 && lx.keywords[t] == keyword) {
        return t;
      }
    }
    return -1;
  }

  /**
   * Appends the assignments from token {@code from}: the target column unqualified, {@code
   * VALUES(c)} as {@code EXCLUDED.c}, bare column names qualified with {@code tableRef}. False when
   * they do not read as assignments.
   */
  private static boolean assignments(
      SqlLexer lx, int from, int to, String tableRef, StringBuilder out) {
    String sql = lx.sql;
    int depth = 0;
    boolean target = true;
    int copied = lx.starts[from];
    for (int t = from; t < to; t++) {
      int type = lx.types[t];
      if (target) {
        // col, or t.col, up to '='.
        int end = t;
        while (end < to && !(lx.types[end] == OPERATOR && lx.isChar(end, '='))) {
          end++;
        }
        if (end >= to || end == t || !isIdentifier(lx, end - 1)) {
          return false;
        }
        out.append(sql, copied, lx.starts[t]).append(lx.text(end - 1)).append(' ');
        out.append(sql, lx.starts[end], lx.ends[end]);
        copied = lx.ends[end];
        t = end;
        target = false;
        continue;
      }
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (type == COMMA && depth == 0) {
        target = true;
        out.append(sql, copied, lx.ends[t]);
        copied = lx.ends[t];
        continue;
      }
      if ((lx.keywords[t] == Keywords.VALUES || lx.keywords[t] == Keywords.VALUE)
          && t + 3 < to
          && lx.types[t + 1] == LPAREN
          && isIdentifier(lx, t + 2)
          && lx.types[t + 3] == RPAREN) {
        out.append(sql, copied, lx.starts[t]).append("EXCLUDED.").append(lx.text(t + 2));
        copied = lx.ends[t + 3];
        t += 3;
        continue;
      }
      if (isColumnReference(lx, t, to)) {
        out.append(sql, copied, lx.starts[t]).append(tableRef).append('.').append(lx.text(t));
        copied = lx.ends[t];
      }
    }
    out.append(sql, copied, lx.ends[to - 1]);
    return !target;
  }

  private static boolean isColumnReference(SqlLexer lx, int t, int to) {
    if (!isIdentifier(lx, t)) {
      return false;
    }
    if (t + 1 < to && (lx.types[t + 1] == LPAREN || lx.types[t + 1] == DOT)) {
      return false;
    }
    if (t > 0 && (lx.types[t - 1] == DOT || lx.keywords[t - 1] == Keywords.AS)) {
      return false;
    }
    return lx.types[t] == QUOTED_IDENT
        || !NOT_COLUMNS.contains(lx.text(t).toLowerCase(Locale.ROOT));
  }

  private static boolean isIdentifier(SqlLexer lx, int t) {
    return lx.types[t] == QUOTED_IDENT || lx.types[t] == WORD;
  }

  private static void trimEnd(StringBuilder out) {
    while (out.length() > 0 && out.charAt(out.length() - 1) <= ' ') {
      out.setLength(out.length() - 1);
    }
  }

  private static String names(List<String> columns) {
    List<String> quoted = new ArrayList<>(columns.size());
    for (String c : columns) {
      quoted.add(quote(c));
    }
    return String.join(", ", quoted);
  }

  /**
   * A column name from PostgreSQL's catalog, quoted so it reads back exactly (any case, reserved).
   */
  static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
