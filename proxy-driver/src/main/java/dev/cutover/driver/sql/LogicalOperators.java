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

import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * MySQL's logical {@code a XOR b} and {@code !x}, which PostgreSQL lacks (a syntax error, an
 * unknown operator), on the translated text. MySQL's truth of a number is "not zero", NULL staying
 * NULL (measured: {@code 2 XOR 1} is 0, {@code 0.5 XOR 0} 1, {@code !2} 0, {@code !NULL} NULL).
 *
 * <p>{@code XOR} binds more tightly than OR and more loosely than AND and NOT, left to right; each
 * becomes {@code (a <> b)} over booleans: an operand that is a condition already (a comparison or a
 * logical operator at its top level, TRUE, FALSE) is kept, any other is compared with 0 ({@code x
 * <> 0}; a boolean column's {@code <> 0} is made {@code <> FALSE} by {@link BooleanLiterals}). A
 * {@code !} binds tightest: before a parenthesised condition it is {@code (NOT (...))}, before a
 * parenthesised other expression, a number, a parameter or a number column {@code (x = 0)}; before
 * anything else it is left ({@link BooleanLiterals} makes {@code !active} of a boolean column
 * {@code (NOT active)}; otherwise PostgreSQL refuses it). Their values are PostgreSQL booleans
 * where MySQL answers 1 and 0, as for every comparison.
 */
final class LogicalOperators {
  private LogicalOperators() {}

  /** {@code sql} (PostgreSQL, translated from MySQL) with XOR and {@code !} as PostgreSQL's. */
  static String rewrite(String sql, Function<String, String> columnType) {
    String out = sql;
    if (out.indexOf('!') >= 0) {
      out = negations(out, columnType);
    }
    if (out.toLowerCase(Locale.ROOT).contains("xor")) {
      for (int pass = 0; pass < 64; pass++) {
        String next = firstXor(out);
        if (next == null) {
          break;
        }
        out = next;
      }
    }
    return out;
  }

  private static String negations(String sql, Function<String, String> columnType) {
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    StringBuilder out = null;
    int copied = 0;
    for (int t = 0; t + 1 < lx.count; t++) {
      if (!(lx.types[t] == OPERATOR && lx.isChar(t, '!'))) {
        continue;
      }
      int x = t + 1;
      String replacement = null;
      if (lx.types[x] == LPAREN) {
        int close = lx.closing(x, lx.count);
        if (close < 0) {
          continue;
        }
        String group = negations(sql.substring(lx.starts[x], lx.ends[close]), columnType);
        replacement = isCondition(lx, x + 1, close) ? "(NOT " + group + ")" : "(" + group + " = 0)";
        x = close;
      } else if (lx.types[x] == NUMBER || lx.types[x] == PARAM) {
        replacement = "(" + lx.text(x) + " = 0)";
      } else if ((lx.types[x] == WORD && lx.keywords[x] == 0 || lx.types[x] == QUOTED_IDENT)
          && !(x + 1 < lx.count && (lx.types[x + 1] == DOT || lx.types[x + 1] == LPAREN))
          && !(x > 1 && lx.types[x - 1] == DOT)) {
        String name = lx.text(x);
        if (lx.types[x] == QUOTED_IDENT) {
          name = name.substring(1, name.length() - 1);
        }
        if (isNumber(columnType.apply(name))) {
          replacement = "(" + lx.text(x) + " = 0)";
        }
      }
      if (replacement == null) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(sql.length() + 16);
      }
      out.append(sql, copied, lx.starts[t]).append(replacement);
      copied = lx.ends[x];
      t = x;
    }
    return out == null ? sql : out.append(sql, copied, sql.length()).toString();
  }

  /** Whether a PostgreSQL column type holds numbers, whose MySQL truth is "not 0". */
  private static boolean isNumber(String type) {
    return type != null
        && (BitOperators.isInteger(type)
            || type.startsWith("numeric")
            || type.equals("double precision")
            || type.equals("real"));
  }

  /** Words before which an XOR's left operand starts. */
  private static final Set<String> LEFT_ENDS =
      Set.of(
          "or",
          "xor",
          "where",
          "on",
          "having",
          "select",
          "when",
          "then",
          "else",
          "set",
          "by",
          "distinct",
          "all",
          "returning",
          "from",
          "into",
          "using",
          "limit",
          "offset",
          "values",
          "if");

  /** Words at which an XOR's right operand ends. */
  private static final Set<String> RIGHT_ENDS =
      Set.of(
          "or",
          "xor",
          "then",
          "else",
          "when",
          "from",
          "where",
          "group",
          "order",
          "having",
          "limit",
          "offset",
          "as",
          "union",
          "except",
          "intersect",
          "returning",
          "into",
          "for",
          "window",
          "asc",
          "desc",
          "on",
          "join",
          "inner",
          "left",
          "right",
          "full",
          "cross",
          "natural",
          "using",
          "nulls");

  /** The text with its first XOR rewritten, or null when none is left. */
  private static String firstXor(String sql) {
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    int x = -1;
    for (int t = 0; t < lx.count && x < 0; t++) {
      if (lx.isWord(t, "xor")) {
        x = t;
      }
    }
    if (x < 0) {
      return null;
    }
    int left = leftStart(lx, x);
    int right = rightEnd(lx, x);
    if (left >= x || right <= x + 1) {
      // No operand: left for PostgreSQL to refuse.
      return sql.substring(0, lx.starts[x]) + "XOR_" + sql.substring(lx.ends[x]);
    }
    String a = operand(lx, left, x);
    String b = operand(lx, x + 1, right);
    return sql.substring(0, lx.starts[left])
        + "("
        + a
        + " <> "
        + b
        + ")"
        + sql.substring(lx.ends[right - 1]);
  }

  /** An XOR operand as a boolean. */
  private static String operand(SqlLexer lx, int from, int to) {
    String text = lx.sql.substring(lx.starts[from], lx.ends[to - 1]);
    if (isCondition(lx, from, to)) {
      return "(" + text + ")";
    }
    boolean name =
        to - from == 1 && (lx.types[from] == WORD || lx.types[from] == QUOTED_IDENT)
            || to - from == 3 && lx.types[from + 1] == DOT;
    return name ? "(" + text + " <> 0)" : "((" + text + ") <> 0)";
  }

  /** The first token of the left operand of the XOR at {@code x}. */
  private static int leftStart(SqlLexer lx, int x) {
    int depth = 0;
    int t = x - 1;
    for (; t >= 0; t--) {
      int type = lx.types[t];
      if (type == RPAREN || lx.isWord(t, "end")) {
        depth++;
      } else if (type == LPAREN || lx.isWord(t, "case")) {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if (depth == 0
          && (type == COMMA
              || type == SEMICOLON
              || type == WORD && LEFT_ENDS.contains(lx.text(t).toLowerCase(Locale.ROOT)))) {
        break;
      }
    }
    int start = t + 1;
    if (t >= 0 && (lx.isWord(t, "set") || lx.types[t] == COMMA && inSetList(lx, t))) {
      // An assignment: its value starts after the column's "=".
      int eq = start;
      while (eq < x && !(lx.types[eq] == OPERATOR && lx.isChar(eq, '='))) {
        eq++;
      }
      start = eq + 1;
    }
    return start;
  }

  /** Whether the comma at {@code t} separates assignments of a SET list. */
  private static boolean inSetList(SqlLexer lx, int t) {
    int depth = 0;
    for (int i = t - 1; i >= 0; i--) {
      if (lx.types[i] == RPAREN) {
        depth++;
      } else if (lx.types[i] == LPAREN) {
        if (depth == 0) {
          return false;
        }
        depth--;
      } else if (depth == 0 && lx.types[i] == WORD) {
        String w = lx.text(i).toLowerCase(Locale.ROOT);
        if (w.equals("set")) {
          return true;
        }
        if (w.equals("select") || w.equals("values") || w.equals("by") || w.equals("where")) {
          return false;
        }
      }
    }
    return false;
  }

  /** One past the last token of the right operand of the XOR at {@code x}. */
  private static int rightEnd(SqlLexer lx, int x) {
    int depth = 0;
    int t = x + 1;
    for (; t < lx.count; t++) {
      int type = lx.types[t];
      if (type == LPAREN || lx.isWord(t, "case")) {
        depth++;
      } else if (type == RPAREN || lx.isWord(t, "end")) {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if (depth == 0
          && (type == COMMA
              || type == SEMICOLON
              || type == WORD && RIGHT_ENDS.contains(lx.text(t).toLowerCase(Locale.ROOT)))) {
        break;
      }
    }
    return t;
  }

  /**
   * Whether tokens {@code [from, to)} are a condition: a comparison or a logical operator at their
   * top level, or TRUE or FALSE alone.
   */
  static boolean isCondition(SqlLexer lx, int from, int to) {
    if (to - from == 1 && (lx.isWord(from, "true") || lx.isWord(from, "false"))) {
      return true;
    }
    if (to - from > 2 && lx.types[from] == LPAREN && lx.closing(from, to) == to - 1) {
      return isCondition(lx, from + 1, to - 1);
    }
    int depth = 0;
    for (int t = from; t < to; t++) {
      int type = lx.types[t];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (depth == 0 && type == OPERATOR) {
        String op = lx.text(t);
        if (op.equals("=")
            || op.equals("<>")
            || op.equals("!=")
            || op.equals("<")
            || op.equals(">")
            || op.equals("<=")
            || op.equals(">=")
            || op.equals("~")
                && t > from
                && (lx.types[t - 1] != OPERATOR && lx.types[t - 1] != LPAREN)
            || op.equals("~*")
            || op.equals("!~")
            || op.equals("!~*")) {
          return true;
        }
      } else if (depth == 0 && type == WORD) {
        String w = lx.text(t).toLowerCase(Locale.ROOT);
        if (w.equals("and")
            || w.equals("or")
            || w.equals("not")
            || w.equals("is")
            || w.equals("in")
            || w.equals("like")
            || w.equals("ilike")
            || w.equals("between")
            || w.equals("exists")
            || w.equals("similar")) {
          return true;
        }
      } else if (type == STRING) {
        continue;
      }
    }
    return false;
  }
}
