package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.PARAM;

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
}
