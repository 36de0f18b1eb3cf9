package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.Locale;
import java.util.Set;

/**
 * MySQL's pagination idiom, {@code SELECT SQL_CALC_FOUND_ROWS ... LIMIT ?, ?} then {@code SELECT
 * FOUND_ROWS()}: the second gives the number of rows the first would have returned without its
 * LIMIT. PostgreSQL has neither. On a PostgreSQL side the modifier is dropped by the translation,
 * the driver counts the rows with {@link #count(String)}'s query right after the SELECT, on the
 * same connection, and {@link #substitute(String, long)} writes that count in place of each {@code
 * FOUND_ROWS()} the connection sends next.
 */
public final class FoundRows {
  private FoundRows() {}

  /** The derived table's alias in the count query. */
  static final String ALIAS = "cutover_found_rows";

  /**
   * The count query for a MySQL {@code SELECT SQL_CALC_FOUND_ROWS}: {@code sql} is the MySQL text
   * {@code SELECT count(*) FROM (<the statement without the modifier, its top-level LIMIT clause
   * and locking clause>) cutover_found_rows}, to be translated as any statement, and it takes the
   * statement's first {@code parameters} parameters (those of a removed {@code LIMIT ?, ?} or
   * {@code LIMIT ? OFFSET ?} come last).
   */
  public record Count(String sql, int parameters) {}

  /** Whether the text holds {@code found_rows} in any case; without copying it. */
  public static boolean mentions(String sql) {
    for (int i = sql.indexOf('_'); i >= 0; i = sql.indexOf('_', i + 1)) {
      if (i >= 5 && sql.regionMatches(true, i - 5, "found_rows", 0, 10)) {
        return true;
      }
    }
    return false;
  }

  /** Whether MySQL {@code sql} calls {@code FOUND_ROWS()}. */
  public static boolean uses(String sql) {
    if (!mentions(sql)) {
      return false;
    }
    SqlLexer lx = SqlLexer.lex(sql, Dialect.MYSQL, false);
    for (int t = 0; t + 2 < lx.count; t++) {
      if (isCall(lx, t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * MySQL {@code sql} with each {@code FOUND_ROWS()} replaced by {@code value}, a BIGINT as MySQL's
   * is; a bare select item keeps MySQL's column label, the call's text ({@code FOUND_ROWS()}).
   */
  public static String substitute(String sql, long value) {
    SqlLexer lx = SqlLexer.lex(sql, Dialect.MYSQL, false);
    return substitute(lx, "CAST(" + value + " AS SIGNED)", t -> isCall(lx, t));
  }

  /**
   * {@code lx}'s text with each three-token call {@code isCall} finds ({@code NAME()}) replaced by
   * {@code replacement}; a bare select item keeps MySQL's column label, the call's text, as an
   * alias.
   */
  static String substitute(
      SqlLexer lx, String replacement, java.util.function.IntPredicate isCall) {
    String sql = lx.sql;
    StringBuilder out = new StringBuilder(sql.length() + 32);
    boolean selectList = lx.count > 0 && lx.isWord(0, "select");
    int depth = 0;
    int copied = 0;
    for (int t = 0; t < lx.count; t++) {
      int type = lx.types[t];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (depth == 0
          && type == WORD
          && CLAUSES.contains(lx.text(t).toLowerCase(Locale.ROOT))) {
        selectList = false;
      }
      if (t + 2 < lx.count && isCall.test(t)) {
        out.append(sql, copied, lx.starts[t]).append(replacement);
        int before = t - 1;
        int after = t + 3;
        boolean bare =
            selectList
                && depth == 0
                && before >= 0
                && (lx.types[before] == COMMA
                    || lx.types[before] == WORD
                        && (lx.isWord(before, "select")
                            || SelectLabels.MODIFIERS.contains(
                                lx.text(before).toLowerCase(Locale.ROOT))))
                && (after == lx.count
                    || lx.types[after] == COMMA
                    || lx.types[after] == SEMICOLON
                    || lx.isWord(after, "from"));
        if (bare) {
          out.append(" AS `").append(sql, lx.starts[t], lx.ends[t + 2]).append('`');
        }
        copied = lx.ends[t + 2];
        t += 2;
      }
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  /**
   * Whether MySQL {@code sql} is a SELECT of one row for sure: a select list alone, with no FROM,
   * WHERE, HAVING, LIMIT or UNION at its level ({@code SELECT FOUND_ROWS()}, {@code SELECT 1}).
   */
  public static boolean oneRow(String sql) {
    SqlLexer lx = SqlLexer.lex(sql, Dialect.MYSQL, false);
    int n = lx.count;
    while (n > 0 && lx.types[n - 1] == SEMICOLON) {
      n--;
    }
    if (n < 2 || !lx.isWord(0, "select")) {
      return false;
    }
    int depth = 0;
    for (int t = 1; t < n; t++) {
      int type = lx.types[t];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (type == SEMICOLON
          || depth == 0 && type == WORD && CLAUSES.contains(lx.text(t).toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return depth == 0;
  }

  /** Words that end a select list at its own level. */
  private static final Set<String> CLAUSES =
      Set.of(
          "from",
          "where",
          "group",
          "having",
          "window",
          "order",
          "limit",
          "union",
          "except",
          "intersect",
          "into",
          "for",
          "lock");

  /**
   * The count query of a MySQL {@code SELECT SQL_CALC_FOUND_ROWS} (first in a UNION, possibly in
   * parentheses), or null for anything else or for a shape this does not read entirely: several
   * statements, executable comments, {@code INTO}, {@code WITH}, a top-level {@code OFFSET} or
   * {@code FETCH} without LIMIT, a LIMIT clause that is not {@code LIMIT n}, {@code LIMIT m, n} or
   * {@code LIMIT n OFFSET m} of numbers or parameters, or a parameter after it. A LIMIT inside a
   * subquery or a parenthesised UNION member stays: it limits what is counted, as in MySQL.
   */
  public static Count count(String sql) {
    if (!mentions(sql) || sql.contains("/*!") || sql.contains("/*M!")) {
      // Executable comments are not read here.
      return null;
    }
    SqlLexer lx = SqlLexer.lex(sql, Dialect.MYSQL, false);
    int n = lx.count;
    while (n > 0 && lx.types[n - 1] == SEMICOLON) {
      n--;
    }
    int first = 0;
    while (first < n && lx.types[first] == LPAREN) {
      first++;
    }
    if (!lx.isWord(first, "select")) {
      return null;
    }
    int calc = -1;
    for (int t = first + 1; t < n && lx.types[t] == WORD; t++) {
      String w = lx.text(t).toLowerCase(Locale.ROOT);
      if (!SelectLabels.MODIFIERS.contains(w)) {
        break;
      }
      if (w.equals("sql_calc_found_rows")) {
        calc = t;
      }
    }
    if (calc < 0) {
      return null;
    }
    int depth = 0;
    int limit = -1;
    int lock = -1;
    boolean setOperation = false;
    for (int t = 0; t < n; t++) {
      int type = lx.types[t];
      if (type == SEMICOLON) {
        return null;
      } else if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        if (--depth < 0) {
          return null;
        }
      } else if (type == WORD && depth == 0 && lock < 0) {
        if (lx.isWord(t, "limit")) {
          if (limit >= 0) {
            return null;
          }
          limit = t;
        } else if (lx.isWord(t, "union") || lx.isWord(t, "except") || lx.isWord(t, "intersect")) {
          if (limit >= 0) {
            return null;
          }
          setOperation = true;
        } else if (lx.isWord(t, "for")
            && (lx.isWord(t + 1, "update") || lx.isWord(t + 1, "share"))) {
          lock = t;
        } else if (lx.isWord(t, "lock")
            && lx.isWord(t + 1, "in")
            && lx.isWord(t + 2, "share")
            && lx.isWord(t + 3, "mode")) {
          lock = t;
        } else if (limit < 0 && (lx.isWord(t, "offset") || lx.isWord(t, "fetch"))
            || lx.isWord(t, "into")
            || lx.isWord(t, "procedure")) {
          return null;
        }
      }
    }
    if (depth != 0 || first > 0 && !setOperation) {
      // (SELECT ... LIMIT n) alone: whether its LIMIT counts as the statement's is not read here.
      return null;
    }
    int stop = lock >= 0 ? lock : n;
    for (int t = stop; t < n; t++) {
      if (lx.types[t] == PARAM) {
        return null;
      }
    }
    int cut = stop;
    if (limit >= 0) {
      int next = limitValue(lx, limit + 1, stop);
      if (next >= 0 && next < stop && (lx.types[next] == COMMA || lx.isWord(next, "offset"))) {
        next = limitValue(lx, next + 1, stop);
      }
      if (next != stop) {
        return null;
      }
      cut = limit;
    }
    if (cut <= calc + 1) {
      return null;
    }
    int parameters = 0;
    for (int t = 0; t < cut; t++) {
      if (lx.types[t] == PARAM) {
        parameters++;
      }
    }
    StringBuilder out = new StringBuilder(sql.length() + 48);
    out.append("SELECT count(*) FROM (");
    out.append(sql, lx.starts[0], lx.starts[calc]);
    out.append(sql, lx.ends[calc], lx.ends[cut - 1]);
    out.append(") ").append(ALIAS);
    return new Count(out.toString(), parameters);
  }

  /** The token after a LIMIT value at {@code t} (a number or parameter), or -1. */
  private static int limitValue(SqlLexer lx, int t, int stop) {
    return t < stop && (lx.types[t] == NUMBER || lx.types[t] == PARAM) ? t + 1 : -1;
  }

  private static boolean isCall(SqlLexer lx, int t) {
    return lx.types[t] == WORD
        && lx.ends[t] - lx.starts[t] == 10
        && lx.sql.regionMatches(true, lx.starts[t], "found_rows", 0, 10)
        && (t == 0 || lx.types[t - 1] != DOT)
        && t + 2 < lx.count
        && lx.types[t + 1] == LPAREN
        && lx.types[t + 2] == RPAREN;
  }
}
