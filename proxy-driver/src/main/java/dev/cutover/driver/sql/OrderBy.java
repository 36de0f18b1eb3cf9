package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.ArrayList;
import java.util.List;

/**
 * The top-level ORDER BY of a query and the row limit that follows it, as far as a comparison of
 * two engines' results needs them: which items order the rows (a column name, a qualified name, an
 * ordinal, or an expression), and whether a LIMIT, FETCH FIRST or OFFSET may cut a run of tied rows
 * at the edge of the result.
 *
 * <p>Not on the statement path: the analyzer only records that an ORDER BY exists; this is computed
 * on a shadow thread for sampled reads and cached per fingerprint there. Like the analyzer it never
 * throws: text it cannot follow yields items of kind expression, which the comparison treats as
 * unknown order.
 */
public final class OrderBy {
  /** No ORDER BY, LIMIT or OFFSET at the top level. */
  public static final OrderBy NONE =
      new OrderBy(List.of(), false, false, -1, -1, false, false, false);

  /**
   * One ORDER BY item.
   *
   * @param ordinal the 1-based output position of {@code ORDER BY 2}, else 0
   * @param qualifier the table or alias of {@code t.col} (unquoted, as written), else null
   * @param column the column name or alias (unquoted, as written), else null for an expression
   * @param descending true for DESC
   */
  public record Item(int ordinal, String qualifier, String column, boolean descending) {
    /** True when the item is neither a name nor an ordinal (a function, CASE, COLLATE, ...). */
    public boolean expression() {
      return ordinal == 0 && column == null;
    }
  }

  private final List<Item> items;
  private final boolean literalItems;
  private final boolean limited;
  private final long limit;
  private final int limitParameter;
  private final boolean offset;
  private final boolean withTies;
  private final boolean bounded;

  private OrderBy(
      List<Item> items,
      boolean literalItems,
      boolean limited,
      long limit,
      int limitParameter,
      boolean offset,
      boolean withTies,
      boolean bounded) {
    this.items = List.copyOf(items);
    this.literalItems = literalItems;
    this.limited = limited;
    this.limit = limit;
    this.limitParameter = limitParameter;
    this.offset = offset;
    this.withTies = withTies;
    this.bounded = bounded;
  }

  /** The items of the top-level ORDER BY, in order; empty when there is none. */
  public List<Item> items() {
    return items;
  }

  /**
   * True when an ORDER BY item holds a literal or a parameter ({@code ORDER BY 2}, {@code ORDER BY
   * -1}, {@code ORDER BY 'x'}, {@code ORDER BY ?}): texts of one fingerprint, where literals and
   * parameters are all replaced by {@code ?}, may then order by different columns, or by a column
   * in one text and by nothing in another.
   */
  public boolean literalItems() {
    return literalItems;
  }

  /** True when a LIMIT or FETCH FIRST bounds the row count (not {@code LIMIT ALL}). */
  public boolean limited() {
    return limited;
  }

  /** The row count of a literal LIMIT or FETCH FIRST, else -1. */
  public long limit() {
    return limit;
  }

  /** The 0-based index of the parameter that gives the LIMIT's row count, else -1. */
  public int limitParameter() {
    return limitParameter;
  }

  /** True when an OFFSET (or MySQL's {@code LIMIT offset, count}) skips rows. */
  public boolean offset() {
    return offset;
  }

  /**
   * True for {@code FETCH FIRST n ROWS WITH TIES}: the rows tied with the last are all returned.
   */
  public boolean withTies() {
    return withTies;
  }

  /**
   * True when the query has a top-level LIMIT, OFFSET or FETCH at all, whatever its value: then
   * texts of one fingerprint (literals replaced) may differ in their bounds.
   */
  public boolean bounded() {
    return bounded;
  }

  @Override
  public String toString() {
    return "OrderBy"
        + items
        + (limited ? " limit " + limit + "/?" + limitParameter : "")
        + (offset ? " offset" : "")
        + (withTies ? " with ties" : "");
  }

  /**
   * The ORDER BY and row bounds of a single query; {@link #NONE} when it has neither. Never throws.
   */
  public static OrderBy of(String sql, Dialect dialect) {
    if (sql == null || sql.isEmpty()) {
      return NONE;
    }
    try {
      return parse(SqlLexer.lex(sql, dialect == null ? Dialect.GENERIC : dialect, false));
    } catch (RuntimeException e) {
      // Unknown order: the caller compares without trusting any order.
      return new OrderBy(
          List.of(new Item(0, null, null, false)), false, false, -1, -1, false, false, true);
    }
  }

  private static OrderBy parse(SqlLexer lx) {
    int end = lx.count;
    int order = -1;
    int depth = 0;
    for (int t = 0; t < lx.count; t++) {
      int type = lx.types[t];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (type == SEMICOLON && depth == 0) {
        end = t;
        break;
      } else if (depth == 0
          && keyword(lx, t) == Keywords.ORDER
          && t + 1 < lx.count
          && keyword(lx, t + 1) == Keywords.BY) {
        order = t;
      }
    }
    if (order < 0) {
      OrderBy bounds = limits(lx, List.of(), false, 0, end);
      return bounds.bounded ? bounds : NONE;
    }
    List<Item> items = new ArrayList<>(2);
    boolean literalItems = false;
    int start = order + 2;
    int t = start;
    depth = 0;
    for (; t < end; t++) {
      int type = lx.types[t];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        if (--depth < 0) {
          break;
        }
      } else if (depth == 0 && type == COMMA) {
        literalItems |= hasLiteral(lx, start, t);
        items.add(item(lx, start, t));
        start = t + 1;
      } else if (depth == 0 && endsItems(lx, t)) {
        break;
      }
    }
    if (t > start) {
      literalItems |= hasLiteral(lx, start, t);
      items.add(item(lx, start, t));
    }
    return limits(lx, items, literalItems, t, end);
  }

  /** True when a token from {@code from} to {@code to} is a literal or a parameter. */
  private static boolean hasLiteral(SqlLexer lx, int from, int to) {
    for (int t = from; t < to; t++) {
      int type = lx.types[t];
      if (type == NUMBER || type == STRING || type == PARAM) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsItems(SqlLexer lx, int t) {
    int k = keyword(lx, t);
    return k == Keywords.LIMIT
        || k == Keywords.OFFSET
        || k == Keywords.FETCH
        || k == Keywords.FOR
        || k == Keywords.LOCK
        || k == Keywords.INTO;
  }

  private static Item item(SqlLexer lx, int from, int to) {
    boolean descending = false;
    if (to - from >= 2
        && lx.isWord(to - 2, "nulls")
        && (lx.isWord(to - 1, "first") || lx.isWord(to - 1, "last"))) {
      to -= 2;
    }
    if (to - from >= 1 && (keyword(lx, to - 1) == Keywords.DESC || lx.isWord(to - 1, "asc"))) {
      descending = keyword(lx, to - 1) == Keywords.DESC;
      to--;
    }
    int n = to - from;
    if (n == 1 && lx.types[from] == NUMBER) {
      try {
        int ordinal = Integer.parseInt(lx.text(from));
        return new Item(ordinal > 0 ? ordinal : 0, null, null, descending);
      } catch (NumberFormatException notAnOrdinal) {
        return new Item(0, null, null, descending);
      }
    }
    if (n == 1 && isName(lx, from)) {
      return new Item(0, null, name(lx, from), descending);
    }
    if (n >= 3 && n % 2 == 1) {
      for (int t = from; t < to; t += 2) {
        if (!isName(lx, t) || (t + 1 < to && lx.types[t + 1] != DOT)) {
          return new Item(0, null, null, descending);
        }
      }
      return new Item(0, name(lx, to - 3), name(lx, to - 1), descending);
    }
    return new Item(0, null, null, descending);
  }

  /** Reads LIMIT, OFFSET and FETCH after the ORDER BY items, from token {@code t}. */
  private static OrderBy limits(
      SqlLexer lx, List<Item> items, boolean literalItems, int t, int end) {
    boolean limited = false;
    long limit = -1;
    int parameter = -1;
    boolean offset = false;
    boolean withTies = false;
    boolean bounded = false;
    int depth = 0;
    for (; t < end; t++) {
      int type = lx.types[t];
      if (type == LPAREN) {
        depth++;
        continue;
      }
      if (type == RPAREN) {
        depth--;
        continue;
      }
      if (depth != 0) {
        continue;
      }
      int k = keyword(lx, t);
      bounded |= k == Keywords.LIMIT || k == Keywords.OFFSET || k == Keywords.FETCH;
      if (k == Keywords.LIMIT && t + 1 < end) {
        if (keyword(lx, t + 1) == Keywords.ALL) {
          continue;
        }
        int count = t + 1;
        if (t + 3 < end && lx.types[t + 2] == COMMA) {
          // MySQL's LIMIT offset, count.
          offset |= !isZero(lx, t + 1);
          count = t + 3;
        }
        limited = true;
        limit = literal(lx, count);
        parameter = parameterIndex(lx, count);
      } else if (k == Keywords.OFFSET && t + 1 < end) {
        offset |= !isZero(lx, t + 1);
      } else if (k == Keywords.FETCH) {
        limited = true;
        int count = t + 2;
        limit = 1;
        if (count < end && (lx.types[count] == NUMBER || lx.types[count] == PARAM)) {
          limit = literal(lx, count);
          parameter = parameterIndex(lx, count);
        }
        for (int w = count; w < end && w < t + 7; w++) {
          if (keyword(lx, w) == Keywords.WITH && w + 1 < end && lx.isWord(w + 1, "ties")) {
            withTies = true;
          }
        }
      }
    }
    return new OrderBy(items, literalItems, limited, limit, parameter, offset, withTies, bounded);
  }

  private static boolean isZero(SqlLexer lx, int t) {
    return lx.types[t] == NUMBER && literal(lx, t) == 0;
  }

  private static long literal(SqlLexer lx, int t) {
    if (t >= lx.count || lx.types[t] != NUMBER) {
      return -1;
    }
    try {
      return Long.parseLong(lx.text(t));
    } catch (NumberFormatException notWhole) {
      return -1;
    }
  }

  /** The 0-based index of the parameter at {@code t} ({@code ?} counted, {@code $n} read). */
  private static int parameterIndex(SqlLexer lx, int t) {
    if (t >= lx.count || lx.types[t] != PARAM) {
      return -1;
    }
    if (lx.isChar(t, '?')) {
      int index = 0;
      for (int i = 0; i < t; i++) {
        if (lx.types[i] == PARAM && lx.isChar(i, '?')) {
          index++;
        }
      }
      return index;
    }
    try {
      return Integer.parseInt(lx.text(t).substring(1)) - 1;
    } catch (NumberFormatException notNumbered) {
      return -1;
    }
  }

  private static int keyword(SqlLexer lx, int t) {
    return t < lx.count && lx.types[t] == WORD ? lx.keywords[t] : Keywords.NONE;
  }

  private static boolean isName(SqlLexer lx, int t) {
    int type = lx.types[t];
    return type == QUOTED_IDENT || (type == WORD && !Keywords.reserved(lx.keywords[t]));
  }

  private static String name(SqlLexer lx, int t) {
    if (lx.types[t] == QUOTED_IDENT) {
      String quoted = lx.text(t);
      String quote = quoted.substring(0, 1);
      int end =
          quoted.length() > 1 && quoted.endsWith(quote) ? quoted.length() - 1 : quoted.length();
      return quoted.substring(1, end).replace(quote + quote, quote);
    }
    return lx.text(t);
  }
}
