package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMENT;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.WORD;

/**
 * MySQL's {@code a ^ b} is a bitwise XOR; PostgreSQL's {@code ^} is a power, so {@code qty ^ 1}
 * answered {@code qty} where MariaDB answers {@code qty} with its lowest bit flipped, silently (a
 * probe of application reads found it). On the translated text each {@code ^} whose operands are
 * primaries (a literal, a parameter, a column, a call, a parenthesised expression, with a unary
 * minus before the left one) becomes {@code (CAST(a AS BIGINT) # CAST(b AS BIGINT))}: PostgreSQL's
 * XOR of integers, in parentheses because MySQL's {@code ^} binds tighter than {@code *} and
 * PostgreSQL's {@code #} looser than {@code +}; the casts round a decimal (2.5 is 3) and read a
 * numeric string as MariaDB does. A negative result is a signed BIGINT here, MariaDB's 64-bit
 * unsigned value there ({@code -1 ^ 0} is 18446744073709551615); an operand of another shape is
 * left as it is.
 */
final class XorOperator {
  private XorOperator() {}

  /** {@code sql} (PostgreSQL, translated from MySQL) with MySQL's XOR operators as {@code #}. */
  static String rewrite(String sql) {
    if (sql.indexOf('^') < 0) {
      return sql;
    }
    String out = sql;
    // One operator a pass, left to right, so that a chain (a ^ b ^ c) nests as MySQL reads it.
    for (int pass = 0; pass < 64; pass++) {
      SqlLexer lx = SqlLexer.lex(out, Dialect.POSTGRES, false);
      String next = null;
      for (int t = 0; t < lx.count && next == null; t++) {
        if (lx.types[t] == OPERATOR && lx.text(t).equals("^")) {
          next = replace(lx, out, t);
        }
      }
      if (next == null) {
        return out;
      }
      out = next;
    }
    return out;
  }

  /** The text with the XOR at {@code t} rewritten, or null when its operands are of no shape. */
  private static String replace(SqlLexer lx, String sql, int t) {
    int leftEnd = previous(lx, t - 1);
    int leftStart = leftEnd < 0 ? -1 : primaryStart(lx, leftEnd);
    int rightStart = next(lx, t + 1);
    if (leftStart < 0 || rightStart >= lx.count) {
      return null;
    }
    int minus = previous(lx, leftStart - 1);
    if (minus >= 0 && isUnaryMinus(lx, minus)) {
      leftStart = minus;
    }
    int operand = rightStart;
    if (lx.types[operand] == OPERATOR
        && (lx.text(operand).equals("-") || lx.text(operand).equals("+"))) {
      operand = next(lx, operand + 1);
    }
    int rightEnd = operand < lx.count ? primaryEnd(lx, operand) : -1;
    if (rightEnd < 0) {
      return null;
    }
    String xor =
        "(CAST("
            + sql.substring(lx.starts[leftStart], lx.ends[leftEnd])
            + " AS BIGINT) # CAST("
            + sql.substring(lx.starts[rightStart], lx.ends[rightEnd])
            + " AS BIGINT))";
    int before = previous(lx, leftStart - 1);
    if (before >= 0 && lx.types[before] == OPERATOR && lx.text(before).equals("/")) {
      // A divisor (a / b ^ 2, which the division rule leaves): MySQL divides exactly.
      xor = "CAST(" + xor + " AS NUMERIC)";
    }
    return sql.substring(0, lx.starts[leftStart]) + xor + sql.substring(lx.ends[rightEnd]);
  }

  /** The first token of the primary ending at {@code end}, or -1. */
  private static int primaryStart(SqlLexer lx, int end) {
    int type = lx.types[end];
    if (type == NUMBER || type == PARAM || type == STRING || lx.isWord(end, "null")) {
      return end;
    }
    if (type == RPAREN) {
      int depth = 0;
      for (int i = end; i >= 0; i--) {
        if (lx.types[i] == RPAREN) {
          depth++;
        } else if (lx.types[i] == LPAREN && --depth == 0) {
          int name = previous(lx, i - 1);
          // A call: f(...), or a qualified one, s.f(...).
          if (name >= 0 && lx.types[name] == WORD && lx.keywords[name] == 0) {
            return qualifiedStart(lx, name);
          }
          if (name >= 0 && lx.types[name] == WORD && isCall(lx, name)) {
            return name;
          }
          return i;
        }
      }
      return -1;
    }
    if (type == WORD && lx.keywords[end] == 0 || type == QUOTED_IDENT) {
      return qualifiedStart(lx, end);
    }
    return -1;
  }

  /** Keyword-named calls a primary may be ({@code CAST(...)}, {@code COALESCE(...)}). */
  private static boolean isCall(SqlLexer lx, int name) {
    return lx.isWord(name, "cast")
        || lx.isWord(name, "coalesce")
        || lx.isWord(name, "nullif")
        || lx.isWord(name, "greatest")
        || lx.isWord(name, "least");
  }

  private static int qualifiedStart(SqlLexer lx, int t) {
    while (t >= 2
        && lx.types[t - 1] == DOT
        && (lx.types[t - 2] == WORD || lx.types[t - 2] == QUOTED_IDENT)) {
      t -= 2;
    }
    return t;
  }

  /** The last token of the primary starting at {@code start}, or -1. */
  private static int primaryEnd(SqlLexer lx, int start) {
    int type = lx.types[start];
    if (type == NUMBER || type == PARAM || type == STRING || lx.isWord(start, "null")) {
      return start;
    }
    int t = start;
    if (type == WORD || type == QUOTED_IDENT) {
      while (t + 2 < lx.count
          && lx.types[t + 1] == DOT
          && (lx.types[t + 2] == WORD || lx.types[t + 2] == QUOTED_IDENT)) {
        t += 2;
      }
      int open = next(lx, t + 1);
      if (open < lx.count && lx.types[open] == LPAREN) {
        return closing(lx, open);
      }
      return type == WORD && lx.keywords[start] != 0 ? -1 : t;
    }
    if (type == LPAREN) {
      return closing(lx, start);
    }
    return -1;
  }

  private static int closing(SqlLexer lx, int open) {
    int depth = 0;
    for (int i = open; i < lx.count; i++) {
      if (lx.types[i] == LPAREN) {
        depth++;
      } else if (lx.types[i] == RPAREN && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the {@code -} at {@code t} is a sign: nothing that ends a value stands before it. */
  private static boolean isUnaryMinus(SqlLexer lx, int t) {
    if (lx.types[t] != OPERATOR || !lx.text(t).equals("-")) {
      return false;
    }
    int before = previous(lx, t - 1);
    if (before < 0) {
      return true;
    }
    int type = lx.types[before];
    return !(type == NUMBER
        || type == PARAM
        || type == STRING
        || type == RPAREN
        || type == QUOTED_IDENT
        || type == WORD && lx.keywords[before] == 0);
  }

  private static int previous(SqlLexer lx, int t) {
    while (t >= 0 && lx.types[t] == COMMENT) {
      t--;
    }
    return t;
  }

  private static int next(SqlLexer lx, int t) {
    while (t < lx.count && lx.types[t] == COMMENT) {
      t++;
    }
    return t;
  }
}
