package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A computed decimal of the outermost select list read back with MySQL's scale. MariaDB types an
 * expression's answer {@code DECIMAL(p, s)} and rounds its value (half away from zero) to {@code
 * s}: a quotient {@code a / b} to the dividend's scale plus {@code div_precision_increment} (4, at
 * most 38: {@code 1/3} is 0.3333, {@code price / 3} of a {@code DECIMAL(12,2)} 3.333333), {@code
 * AVG(x)} too (11.250000), and {@code COALESCE}, {@code IFNULL}, {@code IF}, {@code CASE}, {@code
 * GREATEST}, {@code LEAST} to the largest scale of their values ({@code COALESCE(price, 0)} of a
 * NULL price is 0.00). PostgreSQL gives a quotient and an average at least 16 significant digits
 * (0.33333333333333333333) and returns each chosen value with its own scale (0). On the translated
 * text, each such item is cast to MySQL's scale, {@code CAST((expr) AS NUMERIC(1000, s))}, keeping
 * its alias; PostgreSQL's cast rounds half away from zero, as MariaDB does. Each divisor in it (and
 * an averaged expression) gets a zero of the quotient's places, {@code 3.0000}, {@code (x +
 * 0.0000)}, so that PostgreSQL divides to at least those places (it gives 16 significant digits or
 * its operands' places: 10^18 / 3.0 was 333333333333333333.3).
 *
 * <p>The scale is inferred as MariaDB 10.11 gives it (measured with {@code CREATE TABLE ... AS
 * SELECT}): a literal's digits after the point, a column's from MySQL's catalog ({@code
 * decimal(12,2)}, an integer 0; PostgreSQL's, {@code numeric(12,2)}, without it), held exactly by
 * PostgreSQL too (an integer or a {@code numeric}), the larger of {@code + -}'s, the sum of {@code
 * *}'s, {@code SUM}'s, {@code MIN}'s and {@code MAX}'s argument's, {@code NULLIF}'s first
 * argument's, {@code ROUND(x, d)}'s and {@code TRUNCATE(x, d)}'s {@code d}. Anything else (a
 * double, a string, a {@code ?}, a column of unknown type, another function, a sub-query, a window)
 * leaves the item as it is.
 *
 * <p>MariaDB keeps a quotient's value with more digits than it shows (nine or more, cut) and rounds
 * it only where the column is sent: a quotient used again ({@code 1/3*1000000} is 333333.3330
 * there, {@code (price / 3) / 7}, {@code SUM(price / 3)}, {@code AVG(price / 3)}, a sum with a
 * number of more places) has digits PostgreSQL's exact arithmetic does not reproduce, so an item
 * with a quotient or average anywhere but at its top (under a sign, {@code ABS}, {@code MIN},
 * {@code MAX}, or as a value of a value-choosing function whose scale is its own) is left as it is,
 * as is a comparison of one ({@code GREATEST}, {@code NULLIF}, a {@code CASE} condition).
 *
 * <p>Only the list the application reads is touched: not a {@code UNION}, a sub-query, a derived
 * table or an {@code INSERT ... SELECT}; not a {@code SELECT DISTINCT}, nor an item its query
 * groups by (by position or name), where the rounded value would merge groups MariaDB keeps apart.
 */
final class DecimalScales {
  private DecimalScales() {}

  /** MariaDB's {@code div_precision_increment}, its default. */
  private static final int DIV_INCREMENT = 4;

  /** MariaDB's largest scale of a decimal. */
  private static final int MAX_SCALE = 38;

  /**
   * The cast's precision: PostgreSQL's largest. MariaDB's is 65, but it answers a computed value
   * beyond it in full (the average of a {@code DECIMAL(65,0)} column holding 65 nines, 69 digits),
   * where a {@code NUMERIC(65, s)} failed with "numeric field overflow".
   */
  private static final int MAX_PRECISION = 1000;

  /** The PostgreSQL type of a column of a table of the statement. */
  @FunctionalInterface
  interface Types {
    /** The type of {@code column} in {@code table}, or null. */
    String of(String table, String column);
  }

  /**
   * The inferred type of an expression: an exact decimal of {@code scale} places; {@code quotient}
   * when it is a quotient or average (PostgreSQL's value has other digits), {@code wrap} when
   * PostgreSQL's answer may carry another scale (a value-choosing function with values of different
   * scales), {@code isNull} for the NULL literal.
   */
  private record Scale(int scale, boolean quotient, boolean wrap, boolean isNull) {
    static final Scale NULL = new Scale(0, false, false, true);

    static Scale exact(int scale) {
      return new Scale(scale, false, false, false);
    }
  }

  /**
   * {@code sql} (PostgreSQL, translated from MySQL) with its outermost select list's computed
   * decimals cast to MySQL's scale; {@code tables} gives the statement's tables, {@code types}
   * their columns' PostgreSQL types and {@code sourceTypes} their MySQL types (MySQL's scale; null
   * when unknown: PostgreSQL's then stand for them; both null: columns are unknown).
   */
  static String rewrite(String sql, Supplier<List<String>> tables, Types types, Types sourceTypes) {
    if (!mayHold(sql)) {
      return sql;
    }
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    int select = ConditionValues.outermostSelect(lx);
    if (select < 0 || lx.isWord(select + 1, "distinct")) {
      return sql;
    }
    int t = select + 1;
    if (lx.isWord(t, "all")) {
      t++;
    }
    // The items: [start, end) token ranges, to the end of the list.
    List<int[]> items = new java.util.ArrayList<>();
    int itemStart = t;
    int depth = 0;
    int listEnd = -1;
    for (; t <= lx.count; t++) {
      boolean end = t == lx.count || lx.types[t] == SEMICOLON;
      if (!end
          && depth == 0
          && lx.types[t] == WORD
          && ConditionValues.LIST_END.contains(lx.text(t).toLowerCase(Locale.ROOT))
          && !(lx.isWord(t, "from") && lx.isWord(t - 1, "distinct"))) {
        end = true;
      }
      if (end || depth == 0 && lx.types[t] == COMMA) {
        items.add(new int[] {itemStart, t});
        if (end) {
          listEnd = t;
          break;
        }
        itemStart = t + 1;
        continue;
      }
      depth += ConditionValues.nesting(lx, t);
      if (depth < 0) {
        return sql;
      }
    }
    if (listEnd < 0) {
      return sql;
    }
    Pass pass = new Pass(lx, tables, types, sourceTypes);
    Set<String> grouped = pass.groupedBy(listEnd);
    StringBuilder out = new StringBuilder(sql.length() + 32);
    int copied = 0;
    for (int i = 0; i < items.size(); i++) {
      int from = items.get(i)[0];
      int to = items.get(i)[1] - 1;
      if (to < from) {
        continue;
      }
      int exprEnd = to;
      String alias = null;
      if (to - 1 > from && ConditionValues.isName(lx, to)) {
        if (lx.isWord(to - 1, "as")) {
          exprEnd = to - 2;
          alias = TableAliases.name(lx, to);
        } else if (ConditionValues.endsOperand(lx, to - 1)) {
          exprEnd = to - 1;
          alias = TableAliases.name(lx, to);
        }
      }
      if (exprEnd < from
          || grouped.contains(Integer.toString(i + 1))
          || alias != null && grouped.contains(alias)) {
        continue;
      }
      Scale s = pass.item(from, exprEnd + 1);
      if (s == null || s.isNull() || !(s.quotient() || s.wrap())) {
        continue;
      }
      // One pair of parentheses around the value, as ConditionValues casts.
      boolean wrapped = lx.types[from] == LPAREN && lx.closing(from, exprEnd + 1) == exprEnd;
      out.append(sql, copied, lx.starts[from]).append(wrapped ? "CAST(" : "CAST((");
      // Each divisor and averaged value plus a zero of the quotient's places, so that
      // PostgreSQL divides to at least those places: it gives a quotient 16 significant digits
      // or its operands' places, whichever is more (10^18 / 3.0 was 333333333333333333.3,
      // cast to .3000 where MariaDB answers .3333).
      int at = lx.starts[from];
      pass.zeros.sort((x, y) -> Integer.compare(x[0], y[0]));
      // Not where the query groups by a quotient: PostgreSQL would no longer find the grouped
      // expression in the item ("must appear in the GROUP BY clause").
      for (int[] z : pass.groupDivides ? List.<int[]>of() : pass.zeros) {
        out.append(sql, at, lx.starts[z[0]]);
        String literal = z[0] == z[1] && lx.types[z[0]] == NUMBER ? lx.text(z[0]) : null;
        if (literal != null && Pass.literal(literal) != null) {
          // A literal divisor written with those places: 3.0 as 3.0000.
          int dot = literal.indexOf('.');
          int places = dot < 0 ? 0 : literal.length() - dot - 1;
          out.append(literal)
              .append(dot < 0 ? "." : "")
              .append("0".repeat(Math.max(0, z[2] - places)));
        } else {
          out.append('(')
              .append(sql, lx.starts[z[0]], lx.ends[z[1]])
              .append(" + 0.")
              .append("0".repeat(z[2]))
              .append(')');
        }
        at = lx.ends[z[1]];
      }
      out.append(sql, at, lx.ends[exprEnd])
          .append(wrapped ? " AS NUMERIC(" : ") AS NUMERIC(")
          .append(MAX_PRECISION)
          .append(", ")
          .append(s.scale())
          .append("))");
      copied = lx.ends[exprEnd];
    }
    if (copied == 0) {
      return sql;
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  /**
   * A cheap test for text that may hold such an item: a division, or the name of an average or a
   * value-choosing function.
   */
  private static boolean mayHold(String sql) {
    if (sql.indexOf('/') >= 0) {
      return true;
    }
    String lower = sql.toLowerCase(Locale.ROOT);
    return lower.contains("avg")
        || lower.contains("coalesce")
        || lower.contains("case")
        || lower.contains("greatest")
        || lower.contains("least");
  }

  /** The inference over one statement's tokens. */
  private static final class Pass {
    private final SqlLexer lx;
    private final Supplier<List<String>> tableList;
    private final Types types;
    private final Types sourceTypes;
    private List<String> tables;
    private TableAliases aliases;

    /** Whether the statement has a sub-query or CTE, whose columns unqualified names may be. */
    private final boolean derived;

    /**
     * Whether it has a CTE or a derived table, whose alias may be a table's name: then a qualified
     * name may be a derived column too (see {@link Averages#namesDerivedColumns}).
     */
    private final boolean derivedTables;

    /** The token after the last one the current expression consumed. */
    private int pos;

    /**
     * The current item's divisors and averaged values, {@code [first, last, scale]} tokens, in
     * order: to be given the quotient's places (see {@link DecimalScales#rewrite}).
     */
    final List<int[]> zeros = new java.util.ArrayList<>();

    /** Whether the top-level {@code GROUP BY} holds a division (set by {@link #groupedBy}). */
    boolean groupDivides;

    Pass(SqlLexer lx, Supplier<List<String>> tables, Types types, Types sourceTypes) {
      this.lx = lx;
      this.tableList = tables;
      this.types = types;
      this.sourceTypes = sourceTypes;
      boolean d = lx.isWord(0, "with");
      for (int t = 0; t + 1 < lx.count && !d; t++) {
        d = lx.types[t] == LPAREN && (lx.isWord(t + 1, "select") || lx.isWord(t + 1, "with"));
      }
      this.derived = d;
      this.derivedTables = d && Averages.namesDerivedColumns(lx);
    }

    /**
     * The positions and lower-case names the top-level {@code GROUP BY} after token {@code from}
     * groups by: its items that are one number or one name ({@code GROUP BY 1}, {@code GROUP BY q},
     * which may be a select-list alias).
     */
    Set<String> groupedBy(int from) {
      Set<String> names = new HashSet<>();
      int depth = 0;
      int item = -1;
      for (int t = from; t <= lx.count; t++) {
        boolean end = t == lx.count || lx.types[t] == SEMICOLON;
        if (!end && depth == 0 && lx.isWord(t, "group") && lx.isWord(t + 1, "by")) {
          item = t + 2;
          t++;
          continue;
        }
        boolean clause =
            end
                || depth == 0
                    && (lx.types[t] == COMMA
                        || lx.isWord(t, "having")
                        || lx.isWord(t, "order")
                        || lx.isWord(t, "limit")
                        || lx.isWord(t, "window")
                        || lx.isWord(t, "offset")
                        || lx.isWord(t, "fetch")
                        || lx.isWord(t, "for")
                        || lx.isWord(t, "union"));
        if (item >= 0 && clause) {
          if (t == item + 1 && lx.types[item] == NUMBER) {
            names.add(lx.text(item));
          } else if (t == item + 1 && (lx.types[item] == WORD || lx.types[item] == QUOTED_IDENT)) {
            names.add(TableAliases.name(lx, item));
          }
          item = !end && lx.types[t] == COMMA ? t + 1 : -1;
        }
        if (end) {
          break;
        }
        groupDivides |= item >= 0 && isOp(t, '/');
        depth += ConditionValues.nesting(lx, t);
      }
      return names;
    }

    /** The type of the item of tokens {@code [from, to)}, or null to leave it. */
    Scale item(int from, int to) {
      pos = from;
      zeros.clear();
      Scale s = expression(to);
      return pos == to ? s : null;
    }

    /** {@code a + b - c ...} from {@link #pos}, or null. */
    private Scale expression(int to) {
      Scale left = term(to);
      while (left != null && pos < to && (isOp(pos, '+') || isOp(pos, '-'))) {
        pos++;
        Scale right = term(to);
        if (right == null || left.isNull() || right.isNull()) {
          return null;
        }
        if (left.quotient() || right.quotient()) {
          // A quotient's hidden digits would show in the sum.
          return null;
        }
        left =
            new Scale(
                Math.max(left.scale(), right.scale()), false, left.wrap() || right.wrap(), false);
      }
      return left;
    }

    /** {@code a * b / c ...}, or null. */
    private Scale term(int to) {
      Scale left = unary(to);
      while (left != null && pos < to && (isOp(pos, '*') || isOp(pos, '/'))) {
        boolean divide = isOp(pos, '/');
        pos++;
        int divisor = pos;
        Scale right = unary(to);
        if (right == null || left.isNull() || right.isNull()) {
          return null;
        }
        if (left.quotient() || right.quotient()) {
          return null;
        }
        boolean wrap = left.wrap() || right.wrap();
        if (divide) {
          left = new Scale(Math.min(left.scale() + DIV_INCREMENT, MAX_SCALE), true, wrap, false);
          zeros.add(new int[] {divisor, pos - 1, left.scale()});
        } else {
          int scale = left.scale() + right.scale();
          if (scale > MAX_SCALE) {
            // MariaDB cuts a product's places there; PostgreSQL keeps them all.
            return null;
          }
          left = new Scale(scale, false, wrap, false);
        }
      }
      return left;
    }

    /** A signed operand, or null. */
    private Scale unary(int to) {
      if (pos < to && (isOp(pos, '-') || isOp(pos, '+'))) {
        pos++;
        Scale s = unary(to);
        return s == null || s.isNull() ? null : s;
      }
      return primary(to);
    }

    /** A literal, column, call or parenthesised expression, or null. */
    private Scale primary(int to) {
      if (pos >= to) {
        return null;
      }
      int t = pos;
      int type = lx.types[t];
      if (type == NUMBER) {
        pos++;
        return literal(lx.text(t));
      }
      if (lx.isWord(t, "null")) {
        pos++;
        return Scale.NULL;
      }
      if (type == LPAREN) {
        int close = lx.closing(t, to);
        if (close < 0 || lx.isWord(t + 1, "select") || lx.isWord(t + 1, "with")) {
          return null;
        }
        pos = t + 1;
        Scale s = expression(close);
        if (s == null || pos != close) {
          return null;
        }
        pos = close + 1;
        return s;
      }
      if (lx.isWord(t, "case")) {
        return caseExpression(to);
      }
      if (type == WORD && t + 1 < to && lx.types[t + 1] == LPAREN) {
        return call(to);
      }
      if (type == WORD || type == QUOTED_IDENT) {
        return column(to);
      }
      return null;
    }

    /** A numeric literal: an integer, or a decimal of its places; null for E-notation. */
    static Scale literal(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == 'e' || c == 'E' || c == 'x' || c == 'X' || c == 'b' || c == 'B') {
          return null;
        }
      }
      int dot = text.indexOf('.');
      int scale = dot < 0 ? 0 : text.length() - dot - 1;
      return scale > MAX_SCALE ? null : Scale.exact(scale);
    }

    /** A column, {@code [schema.][table.]column}, by its catalog type; null when unknown. */
    private Scale column(int to) {
      int t = pos;
      int last = t;
      while (last + 2 < to && lx.types[last + 1] == DOT && isName(last + 2)) {
        last += 2;
      }
      if (!isName(last) || types == null) {
        return null;
      }
      pos = last + 1;
      String column = TableAliases.name(lx, last);
      if (tables == null) {
        tables = tableList.get();
        aliases = TableAliases.of(lx, tables);
      }
      if (last > t) {
        if (derivedTables) {
          // FROM (SELECT d * 1.1 AS d FROM av) av: av.d is the derived column, not the table's.
          return null;
        }
        StringBuilder q = new StringBuilder();
        for (int i = t; i < last - 1; i++) {
          q.append(lx.types[i] == DOT ? "." : TableAliases.name(lx, i));
        }
        String table = aliases.table(q.toString());
        return table == null ? null : columnScale(table, column);
      }
      if (derived) {
        return null;
      }
      // The one scale every table of the statement that has the column gives it.
      Scale found = null;
      for (String table : tables) {
        if (types.of(table, column) == null) {
          continue;
        }
        Scale s = columnScale(table, column);
        if (s == null || found != null && found.scale() != s.scale()) {
          return null;
        }
        found = s;
      }
      return found;
    }

    /**
     * The scale MySQL gives {@code column} of {@code table}: from its MySQL type when known, else
     * from its PostgreSQL type; null unless PostgreSQL holds it exactly too (an integer or a {@code
     * numeric}).
     */
    private Scale columnScale(String table, String column) {
      String target = types.of(table, column);
      if (target == null) {
        return null;
      }
      String t = target.toLowerCase(Locale.ROOT).replace(" ", "");
      boolean exact =
          t.equals("integer")
              || t.equals("bigint")
              || t.equals("smallint")
              || t.startsWith("numeric")
              || t.startsWith("decimal");
      if (!exact) {
        return null;
      }
      if (sourceTypes == null) {
        return columnScale(target);
      }
      String source = sourceTypes.of(table, column);
      if (source == null) {
        return null;
      }
      String m = source.toLowerCase(Locale.ROOT).trim();
      if (m.startsWith("int")
          || m.startsWith("bigint")
          || m.startsWith("smallint")
          || m.startsWith("mediumint")) {
        return Scale.exact(0);
      }
      if (m.startsWith("decimal(")) {
        int close = m.indexOf(')');
        return close < 0 ? null : columnScale("numeric" + m.substring(7, close + 1));
      }
      return null;
    }

    /** The scale of a PostgreSQL column type: {@code numeric(p,s)} s, an integer 0; else null. */
    private static Scale columnScale(String type) {
      if (type == null) {
        return null;
      }
      String t = type.toLowerCase(Locale.ROOT).replace(" ", "");
      if (t.equals("integer") || t.equals("bigint") || t.equals("smallint")) {
        return Scale.exact(0);
      }
      if ((t.startsWith("numeric(") || t.startsWith("decimal(")) && t.endsWith(")")) {
        String mods = t.substring(t.indexOf('(') + 1, t.length() - 1);
        int comma = mods.indexOf(',');
        try {
          int scale = comma < 0 ? 0 : Integer.parseInt(mods.substring(comma + 1));
          return scale >= 0 && scale <= MAX_SCALE ? Scale.exact(scale) : null;
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return null;
    }

    private boolean isName(int t) {
      return lx.types[t] == QUOTED_IDENT
          || lx.types[t] == WORD && !Keywords.reserved(lx.keywords[t]);
    }

    /** A function call at {@link #pos}, or null. */
    private Scale call(int to) {
      int name = pos;
      if (name > 0 && lx.types[name - 1] == DOT) {
        return null;
      }
      int open = name + 1;
      int close = lx.closing(open, to);
      if (close < 0) {
        return null;
      }
      String fn = lx.text(name).toLowerCase(Locale.ROOT);
      List<int[]> args = arguments(open, close);
      pos = close + 1;
      if (pos < to && (lx.isWord(pos, "over") || lx.isWord(pos, "filter"))) {
        return null;
      }
      switch (fn) {
        case "count":
          return Scale.exact(0);
        case "sum":
        case "min":
        case "max":
        case "avg":
          {
            if (args.size() != 1) {
              return null;
            }
            int[] a = args.get(0);
            int from = lx.isWord(a[0], "distinct") || lx.isWord(a[0], "all") ? a[0] + 1 : a[0];
            Scale x = argument(from, a[1]);
            if (x == null || x.isNull()) {
              return null;
            }
            if (fn.equals("avg")) {
              if (x.quotient()) {
                return null;
              }
              int scale = Math.min(x.scale() + DIV_INCREMENT, MAX_SCALE);
              if (!(a[1] - from == 1 || a[1] - from == 3 && lx.types[from + 1] == DOT)) {
                // A lone column's average Averages computes exactly.
                zeros.add(new int[] {from, a[1] - 1, scale});
              }
              return new Scale(scale, true, x.wrap(), false);
            }
            if (fn.equals("sum") && x.quotient()) {
              return null;
            }
            return x;
          }
        case "abs":
          {
            if (args.size() != 1) {
              return null;
            }
            Scale x = argument(args.get(0)[0], args.get(0)[1]);
            return x == null || x.isNull() ? null : x;
          }
        case "coalesce":
        case "greatest":
        case "least":
          {
            List<Scale> values = new java.util.ArrayList<>();
            for (int[] a : args) {
              Scale x = argument(a[0], a[1]);
              if (x == null) {
                return null;
              }
              values.add(x);
            }
            return chosen(values, !fn.equals("coalesce"));
          }
        case "nullif":
          {
            if (args.size() != 2) {
              return null;
            }
            Scale a = argument(args.get(0)[0], args.get(0)[1]);
            Scale b = argument(args.get(1)[0], args.get(1)[1]);
            if (a == null || b == null || a.isNull() || a.quotient() || b.quotient()) {
              return null;
            }
            return a;
          }
        case "round":
        case "truncate":
          return rounded(fn.equals("round"), args);
        default:
          return null;
      }
    }

    /**
     * The value of a value-choosing function: the largest scale of its values, NULLs aside; a
     * quotient among them only at that scale (MariaDB would show its hidden digits at a larger
     * one), and not compared ({@code compared}: GREATEST, LEAST).
     */
    private static Scale chosen(List<Scale> values, boolean compared) {
      int scale = -1;
      int first = -1;
      boolean different = false;
      boolean wrap = false;
      boolean quotient = false;
      for (Scale v : values) {
        if (v.isNull()) {
          continue;
        }
        if (first < 0) {
          first = v.scale();
        } else if (v.scale() != first) {
          different = true;
        }
        scale = Math.max(scale, v.scale());
        wrap |= v.wrap();
        quotient |= v.quotient();
      }
      if (scale < 0) {
        return Scale.NULL;
      }
      if (quotient) {
        if (compared) {
          return null;
        }
        for (Scale v : values) {
          if (v.quotient() && v.scale() != scale) {
            return null;
          }
        }
      }
      return new Scale(scale, quotient, wrap || different, false);
    }

    /**
     * {@code ROUND(x[, d])}, {@code TRUNCATE(x, d)} of a decimal with a literal {@code d}: scale
     * {@code d} (0 below), as in both engines; a quotient only to at most its own places. An
     * integer {@code x} (MariaDB keeps an integer; its scale 0 does not tell) is left.
     */
    private Scale rounded(boolean round, List<int[]> args) {
      if (args.isEmpty() || args.size() > 2 || !round && args.size() != 2) {
        return null;
      }
      Scale x = argument(args.get(0)[0], args.get(0)[1]);
      if (x == null || x.isNull() || x.scale() == 0) {
        return null;
      }
      int d = 0;
      if (args.size() == 2) {
        int[] a = args.get(1);
        int t = a[0];
        boolean negative = t < a[1] && isOp(t, '-');
        if (negative) {
          t++;
        }
        if (t + 1 != a[1] || lx.types[t] != NUMBER) {
          return null;
        }
        String text = lx.text(t);
        for (int i = 0; i < text.length(); i++) {
          if (!SqlLexer.isDigit(text.charAt(i))) {
            return null;
          }
        }
        if (text.length() > 2) {
          return null;
        }
        d = negative ? 0 : Integer.parseInt(text);
      }
      if (d > MAX_SCALE || x.quotient() && d > x.scale()) {
        return null;
      }
      return new Scale(d, false, x.wrap(), false);
    }

    /** {@code CASE [x] WHEN c THEN v ... [ELSE e] END} at {@link #pos}, or null. */
    private Scale caseExpression(int to) {
      int depth = 0;
      int end = -1;
      for (int t = pos; t < to; t++) {
        depth += ConditionValues.nesting(lx, t);
        if (depth == 0) {
          end = t;
          break;
        }
      }
      if (end < 0 || !lx.isWord(end, "end")) {
        return null;
      }
      // The parts at the CASE's own level: conditions and values.
      List<Scale> values = new java.util.ArrayList<>();
      boolean hasElse = false;
      int part = pos + 1;
      boolean value = false;
      depth = 0;
      for (int t = pos + 1; t <= end; t++) {
        boolean boundary =
            t == end
                || depth == 0
                    && (lx.isWord(t, "when") || lx.isWord(t, "then") || lx.isWord(t, "else"));
        if (!boundary) {
          depth += ConditionValues.nesting(lx, t);
          continue;
        }
        if (value) {
          Scale v = argument(part, t);
          if (v == null) {
            return null;
          }
          values.add(v);
        } else if (holdsQuotient(part, t)) {
          // A condition comparing a quotient compares MariaDB's hidden digits.
          return null;
        }
        value = lx.isWord(t, "then") || lx.isWord(t, "else");
        hasElse |= lx.isWord(t, "else");
        part = t + 1;
      }
      if (!hasElse) {
        values.add(Scale.NULL);
      }
      pos = end + 1;
      return chosen(values, false);
    }

    /** Whether tokens {@code [from, to)} hold a division or an average. */
    private boolean holdsQuotient(int from, int to) {
      for (int t = from; t < to; t++) {
        if (isOp(t, '/') || lx.isWord(t, "avg")) {
          return true;
        }
      }
      return false;
    }

    /** The type of a whole argument {@code [from, to)}, or null. */
    private Scale argument(int from, int to) {
      int saved = pos;
      pos = from;
      Scale s = from < to ? expression(to) : null;
      boolean whole = pos == to;
      pos = saved;
      return whole ? s : null;
    }

    /** The arguments of the call whose parentheses are {@code open} and {@code close}. */
    private List<int[]> arguments(int open, int close) {
      List<int[]> args = new java.util.ArrayList<>();
      if (close == open + 1) {
        return args;
      }
      int start = open + 1;
      int depth = 0;
      for (int t = open + 1; t <= close; t++) {
        if (t == close || depth == 0 && lx.types[t] == COMMA) {
          args.add(new int[] {start, t});
          start = t + 1;
          continue;
        }
        depth += ConditionValues.nesting(lx, t);
      }
      return args;
    }

    private boolean isOp(int t, char c) {
      return lx.types[t] == OPERATOR && lx.isChar(t, c);
    }
  }
}
