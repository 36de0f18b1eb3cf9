package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.math.BigDecimal;
import java.util.List;

/**
 * A prepared statement's text with its parameters written in as literals, for the few statements
 * the driver keeps as text and replays later on another connection (a session setting made with
 * {@code SELECT set_config('app.tenant', ?, false)}).
 */
public final class SqlLiterals {
  private SqlLiterals() {}

  /**
   * PostgreSQL {@code sql} with each {@code ?} replaced by its value from {@code values}, or null
   * when there are not as many values as markers or a value is not text, a number, a boolean or
   * null.
   */
  public static String inlinePostgres(String sql, List<Object> values) {
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, true);
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int copied = 0;
    int next = 0;
    for (int t = 0; t < lx.count; t++) {
      if (lx.types[t] != PARAM || lx.ends[t] - lx.starts[t] != 1) {
        continue;
      }
      if (next >= values.size()) {
        return null;
      }
      String literal = literal(values.get(next++));
      if (literal == null) {
        return null;
      }
      out.append(sql, copied, lx.starts[t]).append(literal);
      copied = lx.ends[t];
    }
    if (next != values.size()) {
      return null;
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  /**
   * A negative number in parentheses: {@code ?::text} with -5 would read {@code -(5::text)}, and
   * {@code 10-?} would start a comment ({@code 10--5}).
   */
  private static String negative(String number) {
    return number.startsWith("-") ? "(" + number + ")" : number;
  }

  private static String literal(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Boolean) {
      return v.toString();
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return negative(v.toString());
    }
    if (v instanceof BigDecimal) {
      return negative(((BigDecimal) v).toPlainString());
    }
    if (v instanceof String || v instanceof Character) {
      String s = v.toString();
      if (s.indexOf('\0') >= 0) {
        return null;
      }
      // E'' reads the same whatever standard_conforming_strings says.
      return "E'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }
    return null;
  }

  /**
   * A statement that is one {@code SELECT [pg_catalog.]set_config('name', value, is_local)} (with
   * an optional alias): the setting's name, and whether it lasts only until the transaction ends
   * (null when {@code is_local} is no literal).
   */
  public record SetConfig(String name, Boolean local) {}

  /** Statements longer than this are not looked into (a JWT's claims run to a few KB). */
  private static final int SET_CONFIG_MAX = 64 * 1024;

  /** {@code sql} as a single {@code set_config} call, or null; reads it with the lexer. */
  public static SetConfig setConfig(String sql) {
    if (sql.length() > SET_CONFIG_MAX
        || !sql.regionMatches(true, firstLetter(sql), "select", 0, 6)) {
      return null;
    }
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    int t = 0;
    if (!lx.isWord(t++, "select")) {
      return null;
    }
    if (lx.isWord(t, "pg_catalog") && t + 1 < lx.count && lx.types[t + 1] == DOT) {
      t += 2;
    }
    if (!lx.isWord(t, "set_config") || t + 2 >= lx.count || lx.types[t + 1] != LPAREN) {
      return null;
    }
    int open = t + 1;
    int close = lx.closing(open, lx.count);
    int first = open + 1;
    if (close < 0 || lx.types[first] != STRING || lx.types[first + 1] != COMMA) {
      return null;
    }
    String quoted = lx.text(first);
    if (!quoted.startsWith("'") || quoted.length() < 3) {
      return null;
    }
    String name = quoted.substring(1, quoted.length() - 1).replace("''", "'");
    // The last argument: after the last comma at the call's own depth.
    int depth = 0;
    int lastComma = -1;
    for (int i = open + 1; i < close; i++) {
      if (lx.types[i] == LPAREN) {
        depth++;
      } else if (lx.types[i] == RPAREN) {
        depth--;
      } else if (lx.types[i] == COMMA && depth == 0) {
        lastComma = i;
      }
    }
    Boolean local = null;
    if (lastComma > first + 1 && lastComma + 2 == close) {
      String v = lx.text(lastComma + 1).toLowerCase(java.util.Locale.ROOT);
      if (v.equals("true")
          || v.equals("'t'")
          || v.equals("'true'")
          || v.equals("'on'")
          || v.equals("'1'")
          || v.equals("'yes'")) {
        local = Boolean.TRUE;
      } else if (v.equals("false")
          || v.equals("'f'")
          || v.equals("'false'")
          || v.equals("'off'")
          || v.equals("'0'")
          || v.equals("'no'")) {
        local = Boolean.FALSE;
      }
    }
    // Nothing after the call but an alias and a semicolon.
    int after = close + 1;
    if (lx.isWord(after, "as")) {
      after++;
    }
    if (after < lx.count && lx.types[after] == WORD && !lx.isWord(after, "from")) {
      after++;
    }
    if (after < lx.count && lx.types[after] == SEMICOLON) {
      after++;
    }
    return after == lx.count ? new SetConfig(name, local) : null;
  }

  private static int firstLetter(String sql) {
    int i = 0;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    return i;
  }
}
