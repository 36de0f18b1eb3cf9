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
import java.util.Set;
import java.util.function.Function;

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
 *       {@code CAST((...) AS INTEGER)}, keeping its alias; so does a {@code COALESCE}, {@code
 *       GREATEST}, {@code LEAST} or {@code CASE} of conditions, and a scalar sub-query answering
 *       one ({@code (SELECT COUNT(*) > 0 FROM x ...) AS has_x}).
 *   <li>A condition as a value of {@code ABS}, or of {@code COALESCE}, {@code NULLIF}, {@code
 *       GREATEST}, {@code LEAST} or a {@code CASE} result beside an integer ({@code COALESCE(a = b,
 *       0)}, refused); a parenthesised condition compared with a number ({@code (a = b) = 1},
 *       refused); converted to text or a decimal ({@code CAST(a = b AS TEXT)}, {@code (a =
 *       b)::text}: {@code 'true'} where MySQL has {@code '1'}).
 *   <li>The items of a top-level {@code UNION} at a position where every branch gives a condition,
 *       an integer or NULL ({@code SELECT a = b ... UNION ALL SELECT 0}, refused).
 *   <li>A derived table's named condition the query around it uses as a number only ({@code SUM},
 *       arithmetic, a comparison with a number, the outermost select list), with its sums as
 *       MySQL's {@code DECIMAL}.
 *   <li>With the catalog: a condition inserted ({@code INSERT ... SELECT}) or assigned ({@code
 *       UPDATE ... SET}, {@code ON DUPLICATE KEY UPDATE}) into a column that is not a boolean.
 * </ul>
 *
 * Elsewhere (another sub-query, a derived table's column used as a truth, an insert into a boolean
 * column) the boolean may be what the consumer needs, and is left. Each rewrite only turns a
 * statement PostgreSQL refused, a boolean the application reads, or PostgreSQL's text of a boolean
 * into MySQL's integer; the cast of a boolean is 1, 0 or NULL, as MySQL's value.
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
    return rewrite(sql, name -> null, null);
  }

  /**
   * As {@link #rewrite(String)}, with the PostgreSQL type of a column the statement's tables agree
   * on ({@code columnType}, null when unknown) and the catalog's column types ({@code types}, null
   * when the translation has none at hand).
   */
  static String rewrite(
      String sql, Function<String, String> columnType, SqlTranslator.ColumnTypes types) {
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
        next = arguments(lx, out, columnType);
      }
      if (next == null) {
        next = caseResults(lx, out, columnType);
      }
      if (next == null) {
        next = compared(lx, out, columnType);
      }
      if (next == null) {
        next = converted(lx, out);
      }
      if (next == null) {
        next = selectItem(lx, out);
      }
      if (next == null) {
        next = unionItems(lx, out, columnType);
      }
      if (next == null && types != null) {
        next = insertSelect(lx, out, types);
      }
      if (next == null && types != null) {
        next = assignments(lx, out, types);
      }
      if (next == null) {
        next = derived(lx, out);
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
    List<int[]> items = items(lx, select);
    if (items == null) {
      return null;
    }
    for (int[] item : items) {
      String cast = castItem(lx, sql, item[0], item[1]);
      if (cast != null) {
        return cast;
      }
    }
    return null;
  }

  /**
   * The items {@code [from, to]} of the select list of the {@code SELECT} at token {@code select},
   * up to the word that ends it at its level, a closing parenthesis or the statement's end; null
   * when it cannot be read.
   */
  private static List<int[]> items(SqlLexer lx, int select) {
    int t = select + 1;
    while (lx.isWord(t, "distinct") || lx.isWord(t, "all")) {
      t++;
    }
    if (lx.isWord(t - 1, "distinct")
        && lx.isWord(t, "on")
        && t + 1 < lx.count
        && lx.types[t + 1] == LPAREN) {
      t = lx.closing(t + 1, lx.count) + 1;
      if (t <= 0) {
        return null;
      }
    }
    List<int[]> items = new ArrayList<>();
    int itemStart = t;
    int depth = 0;
    for (; t <= lx.count; t++) {
      boolean end =
          t == lx.count || lx.types[t] == SEMICOLON || depth == 0 && lx.types[t] == RPAREN;
      if (!end
          && depth == 0
          && lx.types[t] == WORD
          && (LIST_END.contains(lower(lx, t)) || lx.isWord(t, "on") || lx.isWord(t, "returning"))
          // IS [NOT] DISTINCT FROM, MySQL's <=>.
          && !(lx.isWord(t, "from") && lx.isWord(t - 1, "distinct"))) {
        end = true;
      }
      if (end || depth == 0 && lx.types[t] == COMMA) {
        if (t - 1 < itemStart) {
          return null;
        }
        items.add(new int[] {itemStart, t - 1});
        if (end) {
          return items;
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

  /** The end of item {@code [from, to]}'s expression, before its alias. */
  private static int expressionEnd(SqlLexer lx, int from, int to) {
    if (to - 1 > from && isName(lx, to)) {
      if (lx.isWord(to - 1, "as")) {
        return to - 2;
      } else if (endsOperand(lx, to - 1)) {
        return to - 1;
      }
    }
    return to;
  }

  /** Functions whose arguments are all values of the result: one of them a number, all are. */
  private static final Set<String> VALUE_FUNCTIONS =
      Set.of("coalesce", "nullif", "greatest", "least");

  /**
   * A condition as an argument of {@code ABS}, or of {@code COALESCE} (MySQL's {@code IFNULL}),
   * {@code NULLIF}, {@code GREATEST}, {@code LEAST} beside an integer ({@code COALESCE(a = b, 0)},
   * refused by PostgreSQL), or null. Where every argument is a condition the call is a truth
   * PostgreSQL accepts ({@code WHERE COALESCE(a = b, c = d)}), and where one is of another or an
   * unknown type the cast would not give MySQL's type: both are left.
   */
  private static String arguments(SqlLexer lx, String sql, Function<String, String> columnType) {
    for (int t = 0; t + 1 < lx.count; t++) {
      boolean abs = lx.isWord(t, "abs");
      if (!(abs || lx.types[t] == WORD && VALUE_FUNCTIONS.contains(lower(lx, t)))
          || lx.types[t + 1] != LPAREN
          || t > 0 && lx.types[t - 1] == DOT) {
        continue;
      }
      int close = lx.closing(t + 1, lx.count);
      if (close < 0) {
        continue;
      }
      List<int[]> args = split(lx, t + 2, close - 1);
      if (args == null || abs && args.size() != 1) {
        continue;
      }
      String cast = castValues(lx, sql, args, !abs, columnType);
      if (cast != null) {
        return cast;
      }
    }
    return null;
  }

  /**
   * A condition as a result of a {@code CASE} (MySQL's {@code IF(c, a = b, 0)}) beside an integer
   * result, which PostgreSQL refused; or null.
   */
  private static String caseResults(SqlLexer lx, String sql, Function<String, String> columnType) {
    for (int t = 0; t < lx.count; t++) {
      if (!lx.isWord(t, "case")) {
        continue;
      }
      List<int[]> results = new ArrayList<>();
      int depth = 1;
      int start = -1;
      int u = t + 1;
      for (; u < lx.count && depth > 0; u++) {
        boolean atLevel = depth == 1;
        if (atLevel
            && (lx.isWord(u, "when") || lx.isWord(u, "else") || lx.isWord(u, "end"))
            && start >= 0) {
          results.add(new int[] {start, u - 1});
          start = -1;
        }
        if (atLevel && (lx.isWord(u, "then") || lx.isWord(u, "else"))) {
          start = u + 1;
        }
        depth += nesting(lx, u);
      }
      if (depth != 0 || results.isEmpty()) {
        continue;
      }
      String cast = castValues(lx, sql, results, true, columnType);
      if (cast != null) {
        return cast;
      }
    }
    return null;
  }

  /**
   * The text with the conditions among {@code values} cast, or null: when none is a condition, or
   * ({@code besideInteger}) when one of the others is not an integer or none is.
   */
  private static String castValues(
      SqlLexer lx,
      String sql,
      List<int[]> values,
      boolean besideInteger,
      Function<String, String> columnType) {
    List<int[]> conditions = new ArrayList<>();
    int integers = 0;
    for (int[] v : values) {
      if (isBooleanValue(lx, v[0], v[1])) {
        conditions.add(v);
      } else if (v[0] == v[1] && lx.isWord(v[0], "null")) {
        // Either type's.
        continue;
      } else if (isInteger(lx, v[0], v[1], columnType)) {
        integers++;
      } else if (besideInteger) {
        return null;
      }
    }
    if (conditions.isEmpty() || besideInteger && integers == 0) {
      return null;
    }
    return castAll(lx, sql, conditions);
  }

  /** The text with each of {@code ranges} (in order, apart) cast. */
  private static String castAll(SqlLexer lx, String sql, List<int[]> ranges) {
    StringBuilder out = new StringBuilder(sql.length() + 24 * ranges.size());
    int copied = 0;
    for (int[] r : ranges) {
      out.append(sql, copied, lx.starts[r[0]]).append(cast(lx, sql, r[0], r[1]));
      copied = lx.ends[r[1]];
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  /** The comma-separated expressions {@code [from, to]}, or null when one is empty. */
  private static List<int[]> split(SqlLexer lx, int from, int to) {
    List<int[]> parts = new ArrayList<>();
    int start = from;
    int depth = 0;
    for (int t = from; t <= to + 1; t++) {
      if (t == to + 1 || depth == 0 && lx.types[t] == COMMA) {
        if (t - 1 < start) {
          return null;
        }
        parts.add(new int[] {start, t - 1});
        start = t + 1;
        continue;
      }
      depth += nesting(lx, t);
      if (depth < 0) {
        return null;
      }
    }
    return depth == 0 ? parts : null;
  }

  /**
   * Whether {@code [from, to]} is an integer to PostgreSQL as to MySQL: a literal of up to nine
   * digits, {@code NULL}, an {@code integer} column, a cast to {@code INTEGER}, parenthesised or
   * not.
   */
  private static boolean isInteger(
      SqlLexer lx, int from, int to, Function<String, String> columnType) {
    if (from > to) {
      return false;
    }
    if (lx.types[from] == LPAREN && lx.closing(from, to + 1) == to) {
      return isInteger(lx, from + 1, to - 1, columnType);
    }
    if (from + 1 == to && lx.types[from] == OPERATOR && lx.text(from).equals("-")) {
      from++;
    }
    if (from == to) {
      if (lx.types[from] == NUMBER) {
        String n = lx.text(from);
        return n.length() <= 9 && n.chars().allMatch(c -> c >= '0' && c <= '9');
      }
      return lx.isWord(from, "null") || isName(lx, from) && isIntegerColumn(lx, from, columnType);
    }
    if (from + 2 == to && lx.types[from + 1] == DOT && isName(lx, from) && isName(lx, to)) {
      return isIntegerColumn(lx, to, columnType);
    }
    return lx.isWord(from, "cast")
        && lx.types[from + 1] == LPAREN
        && lx.closing(from + 1, to + 1) == to
        && lx.isWord(to - 2, "as")
        && lx.isWord(to - 1, "integer");
  }

  private static boolean isIntegerColumn(SqlLexer lx, int t, Function<String, String> columnType) {
    return "integer".equals(columnType.apply(name(lx, t)));
  }

  /** Whether token {@code t} is a number literal, or a column of a numeric type. */
  private static boolean isNumber(SqlLexer lx, int t, Function<String, String> columnType) {
    if (t < 0 || t >= lx.count) {
      return false;
    }
    if (lx.types[t] == NUMBER) {
      return true;
    }
    if (!isName(lx, t) || t + 1 < lx.count && lx.types[t + 1] == LPAREN) {
      return false;
    }
    String type = columnType.apply(name(lx, t));
    return type != null
        && (type.equals("smallint")
            || type.equals("integer")
            || type.equals("bigint")
            || type.startsWith("numeric")
            || type.equals("real")
            || type.equals("double precision"));
  }

  private static final Set<String> ORDERINGS = Set.of("=", "<>", "!=", "<", ">", "<=", ">=");

  /**
   * A parenthesised condition compared with a number ({@code (a = b) = 1}, {@code 0 <> (x IS
   * NULL)}), refused by PostgreSQL; or null. The number is a literal or a numeric column, the one
   * token beside the operator (a qualified column's last); a parameter's type is the application's,
   * and is left.
   */
  private static String compared(SqlLexer lx, String sql, Function<String, String> columnType) {
    for (int t = 0; t < lx.count; t++) {
      if (lx.types[t] != LPAREN || isCallOrList(lx, t - 1)) {
        continue;
      }
      int close = lx.closing(t, lx.count);
      if (close < 0 || close == t + 1) {
        continue;
      }
      boolean after =
          close + 2 < lx.count
              && isOrdering(lx, close + 1)
              && (isNumber(lx, close + 2, columnType)
                  || lx.types[close + 2] == OPERATOR
                      && lx.text(close + 2).equals("-")
                      && close + 3 < lx.count
                      && lx.types[close + 3] == NUMBER);
      boolean before = t >= 2 && isOrdering(lx, t - 1) && isNumber(lx, t - 2, columnType);
      if (!(after || before) || !isCondition(lx, t + 1, close - 1)) {
        continue;
      }
      return castAll(lx, sql, List.of(new int[] {t, close}));
    }
    return null;
  }

  /** Types whose value of a condition is MySQL's number's: its text, its decimal. */
  private static final Set<String> CONVERSIONS =
      Set.of("text", "varchar", "char", "character", "decimal", "numeric");

  /**
   * A condition converted to text or a decimal: {@code CAST(a = b AS TEXT)} (MySQL's {@code CAST(a
   * = b AS CHAR)}) and {@code (a = b)::text} (its {@code CONCAT(a = b, 'x')}), which PostgreSQL
   * answered {@code 'true'} where MySQL answers {@code '1'}, and {@code CAST(a = b AS
   * DECIMAL(5,2))}, which it refused; or null.
   */
  private static String converted(SqlLexer lx, String sql) {
    for (int t = 0; t + 2 < lx.count; t++) {
      if (lx.isWord(t, "cast") && lx.types[t + 1] == LPAREN) {
        int close = lx.closing(t + 1, lx.count);
        int as = -1;
        int depth = 0;
        for (int u = t + 2; u < close; u++) {
          if (depth == 0 && lx.isWord(u, "as")) {
            as = u;
            break;
          }
          depth += nesting(lx, u);
        }
        if (as > t + 2
            && lx.types[as + 1] == WORD
            && CONVERSIONS.contains(lower(lx, as + 1))
            && isBooleanValue(lx, t + 2, as - 1)) {
          return castAll(lx, sql, List.of(new int[] {t + 2, as - 1}));
        }
        continue;
      }
      if (lx.types[t] != LPAREN || isCallOrList(lx, t - 1)) {
        continue;
      }
      int close = lx.closing(t, lx.count);
      if (close > t
          && close + 2 < lx.count
          && lx.types[close + 1] == OPERATOR
          && lx.text(close + 1).equals("::")
          && lx.types[close + 2] == WORD
          && CONVERSIONS.contains(lower(lx, close + 2))
          && isBooleanValue(lx, t + 1, close - 1)) {
        return castAll(lx, sql, List.of(new int[] {t, close}));
      }
    }
    return null;
  }

  private static boolean isOrdering(SqlLexer lx, int t) {
    return lx.types[t] == OPERATOR && ORDERINGS.contains(lx.text(t));
  }

  /**
   * The items of a top-level {@code UNION}, {@code INTERSECT} or {@code EXCEPT} (the application
   * reads them) at a position where each branch's is a condition or an integer, one at least a
   * condition ({@code SELECT a = b FROM t UNION ALL SELECT 0}, refused by PostgreSQL, or answered
   * as a {@code boolean}); or null.
   */
  private static String unionItems(SqlLexer lx, String sql, Function<String, String> columnType) {
    if (lx.count == 0 || !(lx.isWord(0, "select") || lx.isWord(0, "with"))) {
      return null;
    }
    List<Integer> selects = new ArrayList<>();
    int operators = 0;
    int depth = 0;
    for (int t = 0; t < lx.count && lx.types[t] != SEMICOLON; t++) {
      if (depth == 0 && lx.types[t] == WORD) {
        if (lx.isWord(t, "select")) {
          selects.add(t);
        } else if (lx.isWord(t, "union") || lx.isWord(t, "intersect") || lx.isWord(t, "except")) {
          operators++;
          boolean word = lx.isWord(t + 1, "all") || lx.isWord(t + 1, "distinct");
          if (!lx.isWord(word ? t + 2 : t + 1, "select")) {
            return null;
          }
        } else if ((lx.isWord(t, "insert")
            || lx.isWord(t, "update")
            || lx.isWord(t, "delete")
            || lx.isWord(t, "merge"))) {
          return null;
        }
      }
      depth += nesting(lx, t);
    }
    if (operators == 0 || selects.size() != operators + 1) {
      return null;
    }
    List<List<int[]>> branches = new ArrayList<>();
    for (int select : selects) {
      List<int[]> items = items(lx, select);
      if (items == null || !branches.isEmpty() && items.size() != branches.get(0).size()) {
        return null;
      }
      branches.add(items);
    }
    List<int[]> conditions = new ArrayList<>();
    for (int i = 0; i < branches.get(0).size(); i++) {
      List<int[]> found = new ArrayList<>();
      boolean all = true;
      for (List<int[]> items : branches) {
        int from = items.get(i)[0];
        int to = expressionEnd(lx, from, items.get(i)[1]);
        if (isBooleanValue(lx, from, to)) {
          found.add(new int[] {from, to});
        } else if (!isInteger(lx, from, to, columnType)) {
          all = false;
          break;
        }
      }
      if (all) {
        conditions.addAll(found);
      }
    }
    if (conditions.isEmpty()) {
      return null;
    }
    conditions.sort((x, y) -> Integer.compare(x[0], y[0]));
    return castAll(lx, sql, conditions);
  }

  /**
   * The conditions of {@code INSERT INTO t (columns) SELECT ...} (each branch of a {@code UNION}
   * there) given for a column the catalog knows and that is not a {@code boolean}, which MySQL
   * stores as 1 or 0 ({@code 'true'} in a text column, refused in a number one); or null.
   */
  private static String insertSelect(SqlLexer lx, String sql, SqlTranslator.ColumnTypes types) {
    if (!lx.isWord(0, "insert") || !lx.isWord(1, "into")) {
      return null;
    }
    int t = 2;
    if (!isName(lx, t)) {
      return null;
    }
    t++;
    while (t + 1 < lx.count && lx.types[t] == DOT && isName(lx, t + 1)) {
      t += 2;
    }
    String table = InsertShape.name(lx, 2, t);
    if (t >= lx.count || lx.types[t] != LPAREN) {
      return null;
    }
    int close = lx.closing(t, lx.count);
    if (close < 0) {
      return null;
    }
    List<String> columns = new ArrayList<>();
    for (int u = t + 1; u < close; u += 2) {
      if (!isName(lx, u) || !(u + 1 == close || lx.types[u + 1] == COMMA)) {
        return null;
      }
      columns.add(name(lx, u));
    }
    if (!lx.isWord(close + 1, "select")) {
      return null;
    }
    List<int[]> conditions = new ArrayList<>();
    int depth = 0;
    for (int u = close + 1; u < lx.count && lx.types[u] != SEMICOLON; u++) {
      if (depth == 0 && lx.isWord(u, "select")) {
        if (u > close + 1
            && !(lx.isWord(u - 1, "union")
                || (lx.isWord(u - 1, "all") || lx.isWord(u - 1, "distinct"))
                    && lx.isWord(u - 2, "union"))) {
          return null;
        }
        List<int[]> items = items(lx, u);
        if (items == null || items.size() != columns.size()) {
          return null;
        }
        for (int i = 0; i < items.size(); i++) {
          int from = items.get(i)[0];
          int to = expressionEnd(lx, from, items.get(i)[1]);
          if (!isBooleanValue(lx, from, to)) {
            continue;
          }
          String type = types.of(table, columns.get(i));
          if (type != null && !type.equals("boolean")) {
            conditions.add(new int[] {from, to});
          }
        }
      }
      depth += nesting(lx, u);
    }
    return conditions.isEmpty() ? null : castAll(lx, sql, conditions);
  }

  /**
   * A condition named in a derived table's select list ({@code FROM (SELECT status = 'paid' AS paid
   * FROM orders) o}) that the query around it uses as a number only: summed ({@code SUM(paid)},
   * which becomes MySQL's {@code DECIMAL} sum {@code SUM(CAST(paid AS NUMERIC))}, and {@code AVG}
   * its four decimals), in arithmetic, compared with a number literal, or an item of the outermost
   * select list; it may also be grouped or ordered by. Any other use (a truth in {@code WHERE}, an
   * item of a query whose consumer is not known, a sub-query naming it, a {@code *} passed on)
   * leaves it. Or null.
   */
  private static String derived(SqlLexer lx, String sql) {
    for (int t = 1; t + 1 < lx.count; t++) {
      if (lx.types[t] != LPAREN
          || !lx.isWord(t + 1, "select")
          || !(lx.isWord(t - 1, "from") || lx.isWord(t - 1, "join"))) {
        continue;
      }
      int close = lx.closing(t, lx.count);
      if (close < 0) {
        return null;
      }
      int alias = lx.isWord(close + 1, "as") ? close + 2 : close + 1;
      if (alias >= lx.count
          || !isName(lx, alias)
          || alias + 1 < lx.count && lx.types[alias + 1] == LPAREN
          || hasSetOperator(lx, t + 1, close - 1)) {
        continue;
      }
      List<int[]> items = items(lx, t + 1);
      if (items == null) {
        continue;
      }
      for (int[] item : items) {
        int exprEnd = expressionEnd(lx, item[0], item[1]);
        if (exprEnd == item[1] || !isBooleanValue(lx, item[0], exprEnd)) {
          continue;
        }
        List<String[]> edits = numberUses(lx, t, close, name(lx, alias), name(lx, item[1]));
        if (edits == null) {
          continue;
        }
        edits.add(
            new String[] {
              String.valueOf(lx.starts[item[0]]),
              String.valueOf(lx.ends[exprEnd]),
              cast(lx, sql, item[0], exprEnd)
            });
        edits.sort((x, y) -> Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0])));
        StringBuilder out = new StringBuilder(sql.length() + 64);
        int copied = 0;
        for (String[] e : edits) {
          out.append(sql, copied, Integer.parseInt(e[0])).append(e[2]);
          copied = Integer.parseInt(e[1]);
        }
        return out.append(sql, copied, sql.length()).toString();
      }
    }
    return null;
  }

  /**
   * Whether {@code [from, to]} has a {@code UNION}, {@code INTERSECT} or {@code EXCEPT} at its top.
   */
  private static boolean hasSetOperator(SqlLexer lx, int from, int to) {
    int depth = 0;
    for (int t = from; t <= to; t++) {
      if (depth == 0
          && (lx.isWord(t, "union") || lx.isWord(t, "intersect") || lx.isWord(t, "except"))) {
        return true;
      }
      depth += nesting(lx, t);
    }
    return false;
  }

  private static final Set<String> ORDER_ITEM_END =
      Set.of(
          "asc", "desc", "nulls", "limit", "having", "offset", "fetch", "for", "window", "order");

  /**
   * The edits ({@code {start, end, text}} in characters) the uses of column {@code column} of the
   * derived table {@code alias} at tokens {@code [open, close]} need once it is an integer, when
   * the query around it uses it as a number only, once at least; null otherwise.
   */
  private static List<String[]> numberUses(
      SqlLexer lx, int open, int close, String alias, String column) {
    // The query the derived table is in: up to the parentheses around it, or the statement.
    int from = open;
    for (int depth = 0; from > 0; from--) {
      depth -= nesting(lx, from - 1);
      if (depth < 0) {
        break;
      }
    }
    int to = close;
    for (int depth = 0; to + 1 < lx.count && lx.types[to + 1] != SEMICOLON; to++) {
      depth += nesting(lx, to + 1);
      if (depth < 0) {
        break;
      }
    }
    for (int t = 0; t < lx.count; t++) {
      if (lx.types[t] == SEMICOLON && t + 1 < lx.count) {
        return null;
      }
    }
    if (!lx.isWord(from, "select") || hasSetOperator(lx, from, to)) {
      return null;
    }
    boolean outermost = from == 0 && outermostSelect(lx) == 0;
    List<int[]> selected = items(lx, from);
    if (selected == null) {
      return null;
    }
    if (!outermost) {
      for (int[] item : selected) {
        if (lx.types[item[1]] == OPERATOR && lx.text(item[1]).equals("*")) {
          return null;
        }
      }
    }
    List<String[]> edits = new ArrayList<>();
    boolean number = false;
    // Whether each open parenthesis starts a sub-query.
    java.util.ArrayDeque<Boolean> parens = new java.util.ArrayDeque<>();
    int subQueries = 0;
    for (int u = from; u <= to; u++) {
      if (u >= open && u <= close) {
        continue;
      }
      if (lx.types[u] == LPAREN) {
        boolean sub = lx.isWord(u + 1, "select") || lx.isWord(u + 1, "with");
        parens.push(sub);
        subQueries += sub ? 1 : 0;
        continue;
      }
      if (lx.types[u] == RPAREN) {
        if (!parens.isEmpty() && parens.pop()) {
          subQueries--;
        }
        continue;
      }
      if (!isName(lx, u)
          || !name(lx, u).equals(column)
          || u + 1 < lx.count && lx.types[u + 1] == DOT
          || lx.isWord(u - 1, "as")) {
        continue;
      }
      int s = u;
      if (lx.types[u - 1] == DOT) {
        if (u < 2 || !isName(lx, u - 2) || !name(lx, u - 2).equals(alias)) {
          continue;
        }
        s = u - 2;
      }
      if (subQueries > 0) {
        return null;
      }
      int before = s - 1;
      int after = u + 1;
      boolean isAfterEnd = after > to;
      int paren = lx.isWord(before, "distinct") ? before - 1 : before;
      if (!isAfterEnd && lx.types[after] == RPAREN && paren > from && lx.types[paren] == LPAREN) {
        int call = paren - 1;
        boolean sum = lx.isWord(call, "sum");
        boolean avg = lx.isWord(call, "avg");
        if ((sum || avg || lx.isWord(call, "min") || lx.isWord(call, "max"))
            && !(call > 0 && lx.types[call - 1] == DOT)) {
          boolean windowed = lx.isWord(after + 1, "over") || lx.isWord(after + 1, "filter");
          if (avg && windowed) {
            return null;
          }
          if (sum) {
            edits.add(
                new String[] {
                  String.valueOf(lx.starts[s]),
                  String.valueOf(lx.ends[u]),
                  "CAST(" + lx.sql.substring(lx.starts[s], lx.ends[u]) + " AS NUMERIC)"
                });
          } else if (avg) {
            edits.add(
                new String[] {
                  String.valueOf(lx.starts[call]), String.valueOf(lx.starts[call]), "round("
                });
            edits.add(
                new String[] {
                  String.valueOf(lx.ends[after]), String.valueOf(lx.ends[after]), ", 4)"
                });
          }
          number = true;
          continue;
        }
      }
      if (before >= from && isArithmetic(lx, before) || !isAfterEnd && isArithmetic(lx, after)) {
        number = true;
        continue;
      }
      if (!isAfterEnd
              && isOrdering(lx, after)
              && after + 1 <= to
              && (lx.types[after + 1] == NUMBER
                  || lx.isChar(after + 1, '-') && after + 2 <= to && lx.types[after + 2] == NUMBER)
          || isOrdering(lx, before) && before - 1 >= from && lx.types[before - 1] == NUMBER) {
        number = true;
        continue;
      }
      boolean item = false;
      for (int[] i : selected) {
        if (i[0] == s && expressionEnd(lx, i[0], i[1]) == u) {
          item = true;
        }
      }
      if (item) {
        if (!outermost) {
          return null;
        }
        number = true;
        continue;
      }
      boolean ordered =
          (lx.isWord(before, "by") || lx.types[before] == COMMA)
              && (isAfterEnd
                  || lx.types[after] == COMMA
                  || lx.types[after] == RPAREN
                  || lx.types[after] == SEMICOLON
                  || lx.types[after] == WORD && ORDER_ITEM_END.contains(lower(lx, after)))
              && inGroupOrOrder(lx, from, s);
      if (!ordered) {
        return null;
      }
    }
    return number ? edits : null;
  }

  /** Whether token {@code t} of the query from {@code from} is in its GROUP BY or ORDER BY. */
  private static boolean inGroupOrOrder(SqlLexer lx, int from, int t) {
    int depth = 0;
    for (int u = t - 1; u >= from; u--) {
      depth -= nesting(lx, u);
      if (depth < 0) {
        return false;
      }
      if (depth == 0 && lx.isWord(u, "by")) {
        return lx.isWord(u - 1, "group") || lx.isWord(u - 1, "order");
      }
      if (depth == 0
          && (lx.isWord(u, "select")
              || lx.isWord(u, "from")
              || lx.isWord(u, "where")
              || lx.isWord(u, "having")
              || lx.isWord(u, "on"))) {
        return false;
      }
    }
    return false;
  }

  /**
   * Whether {@code [from, to]} is a boolean to PostgreSQL: a condition, or a {@code COALESCE},
   * {@code GREATEST}, {@code LEAST} of such (and {@code NULL}s), a {@code NULLIF} of one, a {@code
   * CASE} whose results are such (and {@code NULL}s), parenthesised or not.
   */
  static boolean isBooleanValue(SqlLexer lx, int from, int to) {
    if (from > to) {
      return false;
    }
    if (isCondition(lx, from, to)) {
      return true;
    }
    if (lx.types[from] == LPAREN && lx.closing(from, to + 1) == to) {
      return isBooleanValue(lx, from + 1, to - 1);
    }
    if (lx.types[from] == WORD
        && from + 1 < to
        && lx.types[from + 1] == LPAREN
        && lx.closing(from + 1, to + 1) == to
        && !(from > 0 && lx.types[from - 1] == DOT)) {
      List<int[]> args = split(lx, from + 2, to - 1);
      if (args == null) {
        return false;
      }
      if (lx.isWord(from, "nullif")) {
        return args.size() == 2 && isBooleanValue(lx, args.get(0)[0], args.get(0)[1]);
      }
      return VALUE_FUNCTIONS.contains(lower(lx, from)) && allBoolean(lx, args);
    }
    if (lx.isWord(from, "case") && lx.isWord(to, "end")) {
      List<int[]> results = new ArrayList<>();
      int depth = 1;
      int start = -1;
      for (int u = from + 1; u <= to; u++) {
        if (depth == 1
            && (lx.isWord(u, "when") || lx.isWord(u, "else") || lx.isWord(u, "end"))
            && start >= 0) {
          results.add(new int[] {start, u - 1});
          start = -1;
        }
        if (depth == 1 && (lx.isWord(u, "then") || lx.isWord(u, "else"))) {
          start = u + 1;
        }
        depth += nesting(lx, u);
        if (depth == 0 && u < to) {
          return false;
        }
      }
      return depth == 0 && allBoolean(lx, results);
    }
    return false;
  }

  /** Whether each of {@code values} is a boolean or {@code NULL}, one at least a boolean. */
  private static boolean allBoolean(SqlLexer lx, List<int[]> values) {
    boolean any = false;
    for (int[] v : values) {
      if (isBooleanValue(lx, v[0], v[1])) {
        any = true;
      } else if (!(v[0] == v[1] && lx.isWord(v[0], "null"))) {
        return false;
      }
    }
    return any;
  }

  /**
   * A condition assigned to a column the catalog knows and that is not a {@code boolean}: {@code
   * UPDATE t SET n = a = b}, {@code ON DUPLICATE KEY UPDATE s = (x IS NULL)} (refused in a number
   * column, {@code 'true'} in a text one, where MySQL stores 1); or null.
   */
  private static String assignments(SqlLexer lx, String sql, SqlTranslator.ColumnTypes types) {
    String table;
    int set;
    if (lx.isWord(0, "update") && isName(lx, 1)) {
      int t = 2;
      while (t + 1 < lx.count && lx.types[t] == DOT && isName(lx, t + 1)) {
        t += 2;
      }
      table = InsertShape.name(lx, 1, t);
      if (lx.isWord(t, "as")) {
        t++;
      }
      if (!lx.isWord(t, "set") && isName(lx, t)) {
        t++;
      }
      if (!lx.isWord(t, "set")) {
        return null;
      }
      set = t;
    } else if (lx.isWord(0, "insert") && lx.isWord(1, "into") && isName(lx, 2)) {
      int t = 3;
      while (t + 1 < lx.count && lx.types[t] == DOT && isName(lx, t + 1)) {
        t += 2;
      }
      table = InsertShape.name(lx, 2, t);
      set = -1;
      int depth = 0;
      for (int u = t; u + 3 < lx.count; u++) {
        if (depth == 0
            && lx.isWord(u, "on")
            && lx.isWord(u + 1, "duplicate")
            && lx.isWord(u + 2, "key")
            && lx.isWord(u + 3, "update")) {
          set = u + 3;
          break;
        }
        depth += nesting(lx, u);
      }
      if (set < 0) {
        return null;
      }
    } else {
      return null;
    }
    int end = set + 1;
    for (int depth = 0; end < lx.count && lx.types[end] != SEMICOLON; end++) {
      if (depth == 0
          && (lx.isWord(end, "where")
              || lx.isWord(end, "order")
              || lx.isWord(end, "limit")
              || lx.isWord(end, "returning")
              || lx.isWord(end, "from"))) {
        break;
      }
      depth += nesting(lx, end);
      if (depth < 0) {
        return null;
      }
    }
    List<int[]> items = split(lx, set + 1, end - 1);
    if (items == null) {
      return null;
    }
    List<int[]> conditions = new ArrayList<>();
    for (int[] item : items) {
      int column = item[0];
      while (column + 2 <= item[1] && lx.types[column + 1] == DOT) {
        column += 2;
      }
      int eq = column + 1;
      if (!isName(lx, column)
          || eq >= item[1]
          || lx.types[eq] != OPERATOR
          || !lx.text(eq).equals("=")
          || !isBooleanValue(lx, eq + 1, item[1])) {
        continue;
      }
      String type = types.of(table, name(lx, column));
      if (type != null && !type.equals("boolean")) {
        conditions.add(new int[] {eq + 1, item[1]});
      }
    }
    return conditions.isEmpty() ? null : castAll(lx, sql, conditions);
  }

  /**
   * Whether {@code [from, to]} is a parenthesised query whose one item is a condition: a scalar
   * sub-query answering a condition.
   */
  private static boolean isConditionQuery(SqlLexer lx, int from, int to) {
    if (lx.types[from] != LPAREN
        || lx.closing(from, to + 1) != to
        || !lx.isWord(from + 1, "select")) {
      return false;
    }
    List<int[]> items = items(lx, from + 1);
    if (items == null || items.size() != 1) {
      return false;
    }
    int[] item = items.get(0);
    return isBooleanValue(lx, item[0], expressionEnd(lx, item[0], item[1]));
  }

  /** A name token as the catalog spells it: unquoted, or lower case. */
  private static String name(SqlLexer lx, int t) {
    return InsertShape.name(lx, t, t + 1);
  }

  /** The text with item {@code [from, to]} cast, or null when it is not a condition. */
  private static String castItem(SqlLexer lx, String sql, int from, int to) {
    if (to < from) {
      return null;
    }
    int exprEnd = expressionEnd(lx, from, to);
    if (exprEnd < from
        || !(isBooleanValue(lx, from, exprEnd) || isConditionQuery(lx, from, exprEnd))) {
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
        if (type == OPERATOR
            && COMPARISONS.contains(lx.text(t))
            // A prefix ~ is a bitwise NOT (BitOperators' ~CAST(0 AS BIGINT)).
            && !(lx.text(t).equals("~") && (t == from || lx.types[t - 1] == OPERATOR))) {
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
    if (t < 0 || t >= lx.count) {
      return false;
    }
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
