package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.WORD;

/**
 * MySQL's {@code LAST_INSERT_ID()}: the first id the connection's latest INSERT generated. A
 * secondary's connection generated none (it is given the primary's ids), so a write reading it
 * there would read another value; the driver reads the primary's value before the write and the
 * secondary receives it as a literal.
 */
public final class LastInsertId {
  private LastInsertId() {}

  /**
   * The PostgreSQL session setting where the translation of {@code LAST_INSERT_ID(expr)} leaves the
   * value: its text, {@code 'null'} for NULL, or empty once the driver has read it.
   */
  public static final String SETTING = "cutover.last_insert_id";

  /** Whether MySQL {@code sql} calls {@code LAST_INSERT_ID()} without an argument. */
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
   * Whether MySQL {@code sql} calls {@code LAST_INSERT_ID(expr)}, which returns {@code expr} and
   * makes it the value the connection's next {@code LAST_INSERT_ID()} gives.
   */
  public static boolean sets(String sql) {
    if (!mentions(sql)) {
      return false;
    }
    SqlLexer lx = SqlLexer.lex(sql, Dialect.MYSQL, false);
    for (int t = 0; t + 2 < lx.count; t++) {
      if (isSetting(lx, t)) {
        return true;
      }
    }
    return false;
  }

  /** {@code LAST_INSERT_ID(} with something before its closing parenthesis, at {@code t}. */
  static boolean isSetting(SqlLexer lx, int t) {
    return lx.types[t] == WORD
        && lx.ends[t] - lx.starts[t] == 14
        && lx.sql.regionMatches(true, lx.starts[t], "last_insert_id", 0, 14)
        && (t == 0 || lx.types[t - 1] != SqlLexer.DOT)
        && t + 2 < lx.count
        && lx.types[t + 1] == LPAREN
        && lx.types[t + 2] != RPAREN;
  }

  /**
   * MySQL {@code sql} with each {@code LAST_INSERT_ID()} replaced by {@code value}; a bare select
   * item keeps MySQL's column label, the call's text ({@code SELECT LAST_INSERT_ID()} answered on a
   * PostgreSQL primary was labelled {@code 42}).
   */
  public static String substitute(String sql, long value) {
    // Without comments: LAST_INSERT_ID(/* x */) is a call too, as uses() sees it.
    SqlLexer lx = SqlLexer.lex(sql, Dialect.MYSQL, false);
    // In a query as FoundRows writes its value, which SelectLabels does not label with the
    // value's text (LAST_INSERT_ID() + 1 is not "42 + 1"); a write keeps the bare number.
    String replacement =
        lx.count > 0 && lx.isWord(0, "select")
            ? "CAST(" + value + " AS SIGNED)"
            : Long.toString(value);
    return FoundRows.substitute(lx, replacement, t -> isCall(lx, t));
  }

  /** Whether the text holds the name in any case; without copying it (every NOW() write asks). */
  public static boolean mentions(String sql) {
    for (int i = sql.indexOf('_'); i >= 0; i = sql.indexOf('_', i + 1)) {
      if (i >= 4 && sql.regionMatches(true, i - 4, "last_insert_id", 0, 14)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isCall(SqlLexer lx, int t) {
    return lx.types[t] == WORD
        && lx.ends[t] - lx.starts[t] == 14
        && lx.sql.regionMatches(true, lx.starts[t], "last_insert_id", 0, 14)
        && (t == 0 || lx.types[t - 1] != SqlLexer.DOT)
        && lx.types[t + 1] == LPAREN
        && lx.types[t + 2] == RPAREN;
  }
}
