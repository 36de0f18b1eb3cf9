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

import java.util.Set;

/**
 * A condition used as a number. In MySQL a comparison, {@code IS NULL}, {@code LIKE}, {@code IN},
 * {@code BETWEEN}, {@code EXISTS}, {@code NOT}, {@code AND}/{@code OR} and {@code TRUE}/{@code
 * FALSE} are the integers 1 and 0 (NULL for unknown); in PostgreSQL they are booleans, which it
 * neither sums nor adds. On the translated text:
 *
 * <ul>
 *   <li>{@code SUM(status = 'paid')}, MySQL's count of the rows where it holds, and {@code MIN},
 *       {@code MAX} of a condition (refused by PostgreSQL) become {@code SUM(CAST((status = 'paid')
 *       AS INTEGER))}; {@code AVG} also {@code round(..., 4)}, MySQL's four decimals of an average
 *       of integers. An {@code AVG} with {@code OVER} or {@code FILTER} is left.
 *   <li>A parenthesised condition beside {@code +}, {@code -}, {@code *}, {@code /}, {@code %}
 *       ({@code (a = b) + (c = d)}, refused) becomes {@code CAST((a = b) AS INTEGER)}.
 *   <li>An item of the outermost select list of a query that is a condition ({@code SELECT
 *       EXISTS(...)}, {@code SELECT a = b AS same}), which PostgreSQL answered as a {@code boolean}
 *       (Connector/J gives an {@code Integer}, pgjdbc a {@code Boolean} and {@code "t"}) becomes
 *       {@code CAST((...) AS INTEGER)}, keeping its alias. Only where the value reaches the
 *       application: not in a sub-query, a derived table, a {@code UNION} or an {@code INSERT ...
 *       SELECT}, where the boolean may be what the consumer needs (a boolean column).
 * </ul>
 *
 * Each rewrite only turns a statement PostgreSQL refused, or a boolean the application reads, into
 * MySQL's integer; the cast of a boolean is 1, 0 or NULL, as MySQL's value.
 */
final class ConditionValues {
  private ConditionValues() {}

  /** Words that make an expression a condition where they stand at its top level. */
  private static final Set<String> CONDITION_WORDS =
      Set.of("and", "or", "not", "is", "like", "ilike", "in", "between", "exists", "similar");

  private static final Set<String> COMPARISONS =
      Set.of("=", "<>", "!=", "<", ">", "<=", ">=", "~", "~*", "!~", "!~*", "@>", "<@");

  private static final Set<String> ARITHMETIC = Set.of("+", "-", "*", "/", "%");

  /** Words that end a select list at its top level. */
  static final Set<String> LIST_END =
      Set.of(
          "from",
          "into",
          "where",
          "group",
          "having",
          "order",
          "limit",
          "union",
          "intersect",
          "except",
          "window",
          "for",
          "offset",
          "fetch");

  /** {@code sql} (PostgreSQL, translated from MySQL) with its conditions used as numbers cast. */
  static String rewrite(String sql) {
    if (!mayHold(sql)) {
      return sql;
    }
    String out = sql;
    // One rewrite a pass: each leaves its condition inside CAST((...) AS INTEGER), where no rule
    // finds it again.
    for (int pass = 0; pass < 256; pass++) {
      SqlLexer lx = SqlLexer.lex(out, Dialect.POSTGRES, false);
      String next = aggregate(lx, out);
      if (next == null) {
        next = operand(lx, out);
      }
      if (next == null) {
        next = selectItem(lx, out);
      }
      if (next == null) {
        return out;
      }
      out = next;
    }
    return out;
  }

  /** A cheap test for text that may hold a condition: a comparison character or such a word. */
  private static boolean mayHold(String sql) {
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '=' || c == '<' || c == '>' || c == '~') {
        return true;
      }
    }
    String lower = sql.toLowerCase(java.util.Locale.ROOT);
    for (String w : CONDITION_WORDS) {
      if (lower.contains(w)) {
        return true;
      }
    }
    return lower.contains("true") || lower.contains("false");
  }

  /** {@code SUM}/{@code AVG}/{@code MIN}/{@code MAX} of a condition, or null. */
  private static String aggregate(SqlLexer lx, String sql) {
    for (int t = 0; t + 1 < lx.count; t++) {
      boolean avg = lx.isWord(t, "avg");
      if (!(avg || lx.isWord(t, "sum") || lx.isWord(t, "min") || lx.isWord(t, "max"))
          || lx.types[t + 1] != LPAREN
          || t > 0 && lx.types[t - 1] == DOT) {
        continue;
      }
      int close = lx.closing(t + 1, lx.count);
      int arg = lx.isWord(t + 2, "distinct") || lx.isWord(t + 2, "all") ? t + 3 : t + 2;
      if (close < 0 || close <= arg || !isCondition(lx, arg, close - 1)) {
        continue;
      }
      boolean windowed = lx.isWord(close + 1, "over") || lx.isWord(close + 1, "filter");
      if (avg && windowed) {
        continue;
      }
      String value = cast(lx, sql, arg, close - 1);
      // MySQL's SUM of integers is a DECIMAL (Connector/J's BigDecimal), PostgreSQL's a bigint.
      boolean sum = lx.isWord(t, "sum");
      String call =
          sql.substring(lx.starts[t], lx.starts[arg])
              + (sum ? "CAST(" + value + " AS NUMERIC)" : value)
              + ")";
      return sql.substring(0, lx.starts[t])
          + (avg ? "round(" + call + ", 4)" : call)
          + sql.substring(lx.ends[close]);
    }
    return null;
  }

  /** A parenthesised condition that is an operand of arithmetic, or null. */
  private static String operand(SqlLexer lx, String sql) {
    for (int t = 0; t < lx.count; t++) {
      if (lx.types[t] != LPAREN || isCallOrList(lx, t - 1)) {
        continue;
      }
      int close = lx.closing(t, lx.count);
      if (close < 0 || close == t + 1) {
        continue;
      }
      boolean arithmetic =
          t > 0 && isArithmetic(lx, t - 1) || close + 1 < lx.count && isArithmetic(lx, close + 1);
      if (!arithmetic || !isCondition(lx, t + 1, close - 1)) {
        continue;
      }
      return sql.substring(0, lx.starts[t])
          + "CAST("
          + sql.substring(lx.starts[t], lx.ends[close])
          + " AS INTEGER)"
          + sql.substring(lx.ends[close]);
    }
    return null;
  }

  /** An item of the outermost select list that is a condition, or null. */
  private static String selectItem(SqlLexer lx, String sql) {
    int select = outermostSelect(lx);
    if (select < 0) {
      return null;
    }
    int t = select + 1;
    while (lx.isWord(t, "distinct") || lx.isWord(t, "all")) {
      t++;
    }
    if (lx.isWord(t - 1, "distinct") && lx.isWord(t, "on") && lx.types[t + 1] == LPAREN) {
      t = lx.closing(t + 1, lx.count) + 1;
      if (t <= 0) {
        return null;
      }
    }
    int itemStart = t;
    int depth = 0;
    for (; t <= lx.count; t++) {
      boolean end = t == lx.count || lx.types[t] == SEMICOLON;
      if (!end
          && depth == 0
          && lx.types[t] == WORD
          && LIST_END.contains(lower(lx, t))
          // IS [NOT] DISTINCT FROM, MySQL's <=>.
          && !(lx.isWord(t, "from") && lx.isWord(t - 1, "distinct"))) {
        end = true;
      }
      if (end || depth == 0 && lx.types[t] == COMMA) {
        String cast = castItem(lx, sql, itemStart, t - 1);
        if (cast != null) {
          return cast;
        }
        if (end) {
          return null;
        }
        itemStart = t + 1;
        continue;
      }
      depth += nesting(lx, t);
      if (depth < 0) {
        return null;
      }
    }
    return null;
  }

  /** The text with item {@code [from, to]} cast, or null when it is not a condition. */
  private static String castItem(SqlLexer lx, String sql, int from, int to) {
    if (to < from) {
      return null;
    }
    int exprEnd = to;
    if (to - 1 > from && isName(lx, to)) {
      if (lx.isWord(to - 1, "as")) {
        exprEnd = to - 2;
      } else if (endsOperand(lx, to - 1)) {
        exprEnd = to - 1;
      }
    }
    if (exprEnd < from || !isCondition(lx, from, exprEnd)) {
      return null;
    }
    return sql.substring(0, lx.starts[from])
        + cast(lx, sql, from, exprEnd)
        + sql.substring(lx.ends[exprEnd]);
  }

  /** {@code CAST((...) AS INTEGER)} of tokens {@code [from, to]}, one pair of parentheses. */
  private static String cast(SqlLexer lx, String sql, int from, int to) {
    String expr = sql.substring(lx.starts[from], lx.ends[to]);
    boolean wrapped = lx.types[from] == LPAREN && lx.closing(from, to + 1) == to;
    return "CAST(" + (wrapped ? expr : "(" + expr + ")") + " AS INTEGER)";
  }

  /**
   * The {@code SELECT} whose list the application reads: the statement's first token, or the first
   * top-level one after a {@code WITH}'s definitions; -1 for anything else and for a query with a
   * top-level {@code UNION}, {@code INTERSECT} or {@code EXCEPT}.
   */
  static int outermostSelect(SqlLexer lx) {
    if (lx.count == 0 || !(lx.isWord(0, "select") || lx.isWord(0, "with"))) {
      return -1;
    }
    int select = -1;
    int depth = 0;
    for (int t = 0; t < lx.count && lx.types[t] != SEMICOLON; t++) {
      if (depth == 0 && lx.types[t] == WORD) {
        if (select < 0 && lx.isWord(t, "select")) {
          select = t;
        } else if (lx.isWord(t, "union") || lx.isWord(t, "intersect") || lx.isWord(t, "except")) {
          return -1;
        } else if (select < 0
            && (lx.isWord(t, "insert")
                || lx.isWord(t, "update")
                || lx.isWord(t, "delete")
                || lx.isWord(t, "merge"))) {
          return -1;
        }
      }
      depth += nesting(lx, t);
    }
    return select;
  }

  /**
   * Whether {@code [from, to]} is a condition: a comparison or a condition word at its top level
   * (outside parentheses and {@code CASE ... END}), {@code TRUE} or {@code FALSE} alone, or a
   * parenthesised condition alone. A sub-query or a list of several values is not.
   */
  static boolean isCondition(SqlLexer lx, int from, int to) {
    if (from > to) {
      return false;
    }
    if (lx.types[from] == LPAREN && lx.closing(from, to + 1) == to) {
      return isCondition(lx, from + 1, to - 1);
    }
    if (from == to) {
      return lx.isWord(from, "true") || lx.isWord(from, "false");
    }
    if (lx.isWord(from, "select") || lx.isWord(from, "with") || lx.isWord(from, "values")) {
      return false;
    }
    int depth = 0;
    boolean condition = false;
    for (int t = from; t <= to; t++) {
      if (depth == 0) {
        int type = lx.types[t];
        if (type == COMMA) {
          return false;
        }
        if (type == OPERATOR && COMPARISONS.contains(lx.text(t))) {
          condition = true;
        } else if (type == WORD && CONDITION_WORDS.contains(lower(lx, t))) {
          condition = true;
        }
      }
      depth += nesting(lx, t);
      if (depth < 0) {
        return false;
      }
    }
    return depth == 0 && condition;
  }

  /** +1 for a token that opens a nesting, -1 for one that closes it, 0 otherwise. */
  static int nesting(SqlLexer lx, int t) {
    int type = lx.types[t];
    if (type == LPAREN || lx.isWord(t, "case")) {
      return 1;
    }
    if (type == RPAREN || lx.isWord(t, "end")) {
      return -1;
    }
    if (type == OPERATOR) {
      String op = lx.text(t);
      return op.equals("[") ? 1 : op.equals("]") ? -1 : 0;
    }
    return 0;
  }

  /** Whether the parenthesis after token {@code t} opens a call's arguments or a list. */
  private static boolean isCallOrList(SqlLexer lx, int t) {
    if (t < 0) {
      return false;
    }
    int type = lx.types[t];
    if (type == QUOTED_IDENT) {
      return true;
    }
    if (type != WORD) {
      return false;
    }
    // A keyword before a parenthesis is an operator's (NOT (...), AND (...), SELECT (...)),
    // except those taking a list or call-like arguments.
    return lx.keywords[t] == 0
        || lx.isWord(t, "in")
        || lx.isWord(t, "exists")
        || lx.isWord(t, "cast")
        || lx.isWord(t, "coalesce")
        || lx.isWord(t, "nullif")
        || lx.isWord(t, "greatest")
        || lx.isWord(t, "least")
        || lx.isWord(t, "values")
        || lx.isWord(t, "row")
        || lx.isWord(t, "any")
        || lx.isWord(t, "all")
        || lx.isWord(t, "over")
        || lx.isWord(t, "filter")
        || lx.isWord(t, "within")
        || lx.isWord(t, "using")
        || lx.isWord(t, "as");
  }

  private static boolean isArithmetic(SqlLexer lx, int t) {
    return lx.types[t] == OPERATOR && ARITHMETIC.contains(lx.text(t));
  }

  static boolean isName(SqlLexer lx, int t) {
    return lx.types[t] == QUOTED_IDENT || lx.types[t] == WORD && lx.keywords[t] == 0;
  }

  /** Whether token {@code t} can end an operand, so that a name after it is an alias. */
  static boolean endsOperand(SqlLexer lx, int t) {
    int type = lx.types[t];
    return type == NUMBER
        || type == STRING
        || type == PARAM
        || type == RPAREN
        || type == QUOTED_IDENT
        || type == WORD
            && (lx.keywords[t] == 0
                || lx.isWord(t, "null")
                || lx.isWord(t, "true")
                || lx.isWord(t, "false")
                || lx.isWord(t, "end"));
  }

  private static String lower(SqlLexer lx, int t) {
    return lx.text(t).toLowerCase(java.util.Locale.ROOT);
  }
}
