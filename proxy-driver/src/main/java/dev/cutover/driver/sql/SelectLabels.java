package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.COMMENT;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.EXEC_COMMENT_CLOSE;
import static dev.cutover.driver.sql.SqlLexer.EXEC_COMMENT_OPEN;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.VARIABLE;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MySQL's column labels for the select-list expressions of a query that have no alias, to be given
 * to PostgreSQL as aliases: MariaDB labels {@code COUNT(*)} as {@code COUNT(*)}, PostgreSQL as
 * {@code count}, and an application reading the column by label ({@code rs.getLong("COUNT(*)")}, a
 * map keyed by label) read nothing after the switch.
 *
 * <p>The labels, measured on MariaDB 10.11 through Connector/J's {@code getColumnLabel}:
 *
 * <ul>
 *   <li>an expression: its text as written, from its first token (the first item) or from just
 *       after the comma before it, leading whitespace dropped (so a comment between the comma and
 *       the item is part of the label, one after {@code SELECT} is not), to the end of its last
 *       token ({@code count( * )}, {@code COUNT(\n*)}, {@code `id` + 1}, {@code (id + 1)});
 *   <li>a literal alone, also in parentheses: a number as written ({@code 1.50}, {@code -1}), a
 *       string (and adjacent strings, one string to MySQL) its value, unescaped, leading whitespace
 *       dropped ({@code 'it\'s'} is {@code it's}), {@code NULL}, {@code TRUE} and {@code FALSE} in
 *       capitals;
 *   <li>a column ({@code col}, {@code t.col}, {@code `col`}, {@code (col)}) and {@code *}: the
 *       column's name, as in PostgreSQL: no alias is added.
 * </ul>
 *
 * <p>Only where the label is known exactly is an alias added. Left as they are: an item holding a
 * {@code ?} (its label is the bound value, or {@code ?}, as the connector prepares), a unary {@code
 * +} (MariaDB drops it, sometimes), an executable comment or a JDBC escape, a prefixed string
 * ({@code N'a'}, {@code X'41'}), a label PostgreSQL would cut (over 63 bytes) or cannot hold
 * (empty), a label with a character MariaDB's metadata cannot carry (outside the BMP: it sends
 * {@code ?}) or a control character, an item whose last word may be an alias MySQL reads ({@code a
 * LIKE b}, {@code NEXT VALUE FOR s}), and a literal named like a selected column, like another
 * item's alias, or beside a {@code *} ({@code SELECT 'id', id ... ORDER BY id} and {@code SELECT c
 * AS name, 'name' ... ORDER BY name} would be ambiguous to PostgreSQL). Only queries: a {@code
 * SELECT} (each of its select lists, so a derived table's columns, which an outer query names, are
 * MySQL's too), {@code WITH ... SELECT}; not {@code INSERT ... SELECT}, {@code CREATE ... AS
 * SELECT} or views, whose column names MariaDB derives differently (without the comments).
 */
final class SelectLabels {
  private SelectLabels() {}

  /** PostgreSQL's longest identifier, in bytes; a longer alias is cut. */
  private static final int MAX_BYTES = 63;

  /**
   * MySQL's modifiers between {@code SELECT} and its select list ({@code DISTINCT}, {@code
   * SQL_CALC_FOUND_ROWS}, ...), in lower case; also read by {@link FoundRows}, {@link
   * UnorderedLists}, {@link Rollup} and {@link HavingAliases}.
   */
  static final Set<String> MODIFIERS =
      Set.of(
          "all",
          "distinct",
          "distinctrow",
          "high_priority",
          "straight_join",
          "sql_small_result",
          "sql_big_result",
          "sql_buffer_result",
          "sql_cache",
          "sql_no_cache",
          "sql_calc_found_rows");

  /** Words that end a select list. */
  private static final Set<String> CLAUSES =
      Set.of(
          "from",
          "into",
          "where",
          "group",
          "having",
          "order",
          "limit",
          "union",
          "except",
          "intersect",
          "minus",
          "for",
          "lock",
          "window",
          "procedure",
          "offset",
          "fetch",
          "returning");

  /** Reserved words that are a value: an item may end with one, which is then no alias. */
  private static final Set<String> VALUES =
      Set.of(
          "null",
          "true",
          "false",
          "current_date",
          "current_time",
          "current_timestamp",
          "current_user",
          "localtime",
          "localtimestamp",
          "utc_date",
          "utc_time",
          "utc_timestamp");

  /**
   * MySQL's interval units which end {@code INTERVAL n unit} and which the translation rewrites. A
   * compound unit ({@code HOUR_MINUTE}, {@code YEAR_MONTH}) is left as written, which PostgreSQL
   * reads as the item's alias: a label after it would be a syntax error.
   */
  private static final Set<String> UNITS =
      Set.of("microsecond", "second", "minute", "hour", "day", "week", "month", "quarter", "year");

  /** Reserved words an operand follows: a word or string after one is no alias. */
  private static final Set<String> OPERATORS =
      Set.of("and", "or", "xor", "not", "like", "regexp", "rlike", "div", "mod", "collate");

  /**
   * The aliases for the query in tokens {@code [from, to)}: per token, the label of the item it
   * ends, to be added after it; null when no item gets one.
   */
  static String[] of(SqlTranslator tr, int from, int to) {
    if (!isQuery(tr.lx, from, to)) {
      return null;
    }
    return new Scan(tr, from, to).run();
  }

  private static boolean isComment(SqlLexer lx, int t) {
    int type = lx.types[t];
    return type == COMMENT || type == EXEC_COMMENT_OPEN || type == EXEC_COMMENT_CLOSE;
  }

  /** A SELECT, or a WITH whose statement is one. */
  private static boolean isQuery(SqlLexer lx, int from, int to) {
    int head = from;
    while (head < to && (isComment(lx, head) || lx.types[head] == LPAREN)) {
      head++;
    }
    if (head >= to || lx.types[head] != WORD) {
      return false;
    }
    if (lx.keywords[head] == Keywords.SELECT) {
      return true;
    }
    if (lx.keywords[head] != Keywords.WITH) {
      return false;
    }
    int depth = 0;
    for (int t = head + 1; t < to; t++) {
      if (lx.types[t] == LPAREN) {
        depth++;
      } else if (lx.types[t] == RPAREN) {
        depth--;
      } else if (depth == 0 && lx.types[t] == WORD) {
        int k = lx.keywords[t];
        if (k == Keywords.SELECT) {
          return true;
        }
        if (k == Keywords.INSERT
            || k == Keywords.UPDATE
            || k == Keywords.DELETE
            || k == Keywords.REPLACE) {
          return false;
        }
      }
    }
    return false;
  }

  /** One select list being read, at one depth of parentheses. */
  private static final class SelectList {
    /** 0: none; 1: after SELECT, in its modifiers; 2: in the items. */
    int mode;

    boolean firstItem;
    int itemStart;
    int rawStart;
    boolean hasAs;
    int cases;
    int ends;
    final List<Item> items = new ArrayList<>();
  }

  /** An item read: its label (null: none added), or the name of the column it is. */
  private record Item(int last, String label, String column, boolean star) {}

  private static final class Scan {
    private final SqlTranslator tr;
    private final SqlLexer lx;
    private final int from;
    private final int to;
    private final String sql;

    /** The parenthesis matching each one, or -1. */
    private final int[] match;

    /** Per token, how many tokens before it may not be in a labelled item. */
    private final int[] unsure;

    /** Per token, how many tokens before it are not a plain, complete string. */
    private final int[] nonString;

    private String[] result;

    Scan(SqlTranslator tr, int from, int to) {
      this.tr = tr;
      this.lx = tr.lx;
      this.from = from;
      this.to = to;
      this.sql = lx.sql;
      int n = to - from;
      match = new int[n];
      unsure = new int[n + 1];
      nonString = new int[n + 1];
      int[] open = new int[n];
      int depth = 0;
      for (int t = from; t < to; t++) {
        int i = t - from;
        match[i] = -1;
        int type = lx.types[t];
        if (type == LPAREN) {
          open[depth++] = t;
        } else if (type == RPAREN && depth > 0) {
          int o = open[--depth];
          match[o - from] = t;
          match[i] = o;
        }
        unsure[i + 1] = unsure[i] + (unsure(t) ? 1 : 0);
        boolean plainString =
            type == STRING && (lx.flags[t] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) == 0;
        nonString[i + 1] = nonString[i] + (plainString ? 0 : 1);
      }
    }

    private boolean unsure(int t) {
      int type = lx.types[t];
      if (type == PARAM
          || type == EXEC_COMMENT_OPEN
          || type == EXEC_COMMENT_CLOSE
          || (lx.flags[t] & SqlLexer.UNTERMINATED) != 0) {
        return true;
      }
      if (type == WORD
          && t + 5 < to
          && lx.isWord(t, "cast")
          && lx.types[t + 1] == LPAREN
          && lx.types[t + 2] == NUMBER
          && lx.keywords[t + 3] == Keywords.AS
          && lx.isWord(t + 4, "signed")
          && lx.types[t + 5] == RPAREN) {
        // What FoundRows.substitute writes for FOUND_ROWS(): MySQL's label is the call's text.
        return true;
      }
      if (type == OPERATOR) {
        for (int i = lx.starts[t]; i < lx.ends[t]; i++) {
          char c = sql.charAt(i);
          // JDBC escapes, which pgjdbc rewrites; MySQL's \N (NULL).
          if (c == '{' || c == '}' || c == '\\') {
            return true;
          }
        }
      }
      return false;
    }

    String[] run() {
      SelectList[] lists = new SelectList[to - from + 1];
      int depth = 0;
      for (int t = from; t < to; t++) {
        int type = lx.types[t];
        if (type == EXEC_COMMENT_OPEN) {
          // MariaDB reads the text inside as if it were not commented: labels not measured.
          return null;
        }
        if (isComment(lx, t)) {
          continue;
        }
        SelectList list = lists[depth];
        String lower =
            type == WORD ? sql.substring(lx.starts[t], lx.ends[t]).toLowerCase(Locale.ROOT) : null;
        if (list != null && list.mode == 1 && (lower == null || !MODIFIERS.contains(lower))) {
          list.mode = 2;
          list.firstItem = true;
          startItem(list, t, lx.starts[t]);
        }
        if (type == LPAREN) {
          depth++;
          if (lists[depth] != null) {
            lists[depth].mode = 0;
            lists[depth].items.clear();
          }
          continue;
        }
        if (type == RPAREN) {
          if (list != null) {
            endList(list, t);
          }
          if (--depth < 0) {
            return null;
          }
          continue;
        }
        if (type == WORD && lx.keywords[t] == Keywords.SELECT) {
          if (list == null) {
            list = lists[depth] = new SelectList();
          }
          endList(list, t);
          list.mode = 1;
          continue;
        }
        if (list == null || list.mode != 2) {
          continue;
        }
        if (type == COMMA) {
          endItem(list, t);
          list.firstItem = false;
          startItem(list, t + 1, lx.ends[t]);
        } else if (type == SEMICOLON || (lower != null && CLAUSES.contains(lower))) {
          endList(list, t);
        } else if (type == WORD) {
          int k = lx.keywords[t];
          if (k == Keywords.AS) {
            list.hasAs = true;
          } else if (k == Keywords.CASE) {
            list.cases++;
          } else if (k == Keywords.END) {
            list.ends++;
          }
        }
      }
      if (lists[0] != null) {
        endList(lists[0], to);
      }
      return result;
    }

    private void startItem(SelectList list, int t, int rawStart) {
      list.itemStart = t;
      list.rawStart = rawStart;
      list.hasAs = false;
      list.cases = 0;
      list.ends = 0;
    }

    private void endList(SelectList list, int t) {
      if (list.mode == 2) {
        endItem(list, t);
        alias(list.items);
      }
      list.mode = 0;
      list.items.clear();
    }

    /** Adds the aliases of a list's items, but none PostgreSQL's ORDER BY might find ambiguous. */
    private void alias(List<Item> items) {
      boolean star = false;
      Set<String> columns = new HashSet<>();
      for (Item item : items) {
        star |= item.star();
        if (item.column() != null) {
          columns.add(item.column().toLowerCase(Locale.ROOT));
        }
      }
      for (Item item : items) {
        String label = item.label();
        if (label == null
            || (star && isName(label))
            || columns.contains(label.toLowerCase(Locale.ROOT))) {
          continue;
        }
        if (result == null) {
          result = new String[lx.count];
        }
        result[item.last()] = label;
      }
    }

    private static boolean isName(String label) {
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!Character.isLetterOrDigit(c) && c != '_' && c != '$') {
          return false;
        }
      }
      return true;
    }

    private void endItem(SelectList list, int end) {
      int first = list.itemStart;
      while (first < end && isComment(lx, first)) {
        first++;
      }
      int last = end - 1;
      while (last >= first && isComment(lx, last)) {
        last--;
      }
      if (first > last) {
        return;
      }
      Item item = item(list, first, last);
      if (item != null) {
        list.items.add(item);
      }
    }

    private int previous(int t, int first) {
      t--;
      while (t >= first && isComment(lx, t)) {
        t--;
      }
      return t;
    }

    private int next(int t) {
      while (isComment(lx, t)) {
        t++;
      }
      return t;
    }

    /** The item of tokens {@code first..last}, significant both. */
    private Item item(SelectList list, int first, int last) {
      if (unsure[last + 1 - from] - unsure[first - from] > 0
          || list.hasAs
          || lx.isChar(first, '+')) {
        return named(first, last);
      }
      // Parentheses around the whole item: MariaDB labels (1) as 1, (id) is the column.
      int i = first;
      int j = last;
      while (lx.types[i] == LPAREN && match[i - from] == j) {
        int a = next(i + 1);
        int b = previous(j, a);
        if (a > b) {
          return null;
        }
        i = a;
        j = b;
      }
      String column = column(i, j);
      if (column != null) {
        return new Item(last, null, column, column.equals("*"));
      }
      String label = literal(i, j);
      if (label == null) {
        if (!endsWithoutAlias(list, first, last)) {
          return named(first, last);
        }
        int start = list.firstItem ? lx.starts[first] : list.rawStart;
        int stop = lx.ends[last];
        while (start < stop && sql.charAt(start) <= ' ') {
          if (" \t\n\r\u000b\f".indexOf(sql.charAt(start)) < 0) {
            return null;
          }
          start++;
        }
        if (stop - start > MAX_BYTES) {
          return null;
        }
        label = sql.substring(start, stop);
      }
      return accepted(label) ? new Item(last, label, null, false) : null;
    }

    /**
     * An item left unlabelled whose last token may be its alias ({@code c AS name}, {@code c name},
     * {@code c 'name'}): that name, noted as a column's, so that no literal of the list is labelled
     * alike ({@code SELECT c AS name, 'name' ... ORDER BY name}, which MariaDB runs, would be
     * ambiguous to PostgreSQL); null when it cannot be one.
     */
    private Item named(int first, int last) {
      int type = lx.types[last];
      String name;
      if (type == WORD) {
        name = lx.text(last);
      } else if (type == QUOTED_IDENT && lx.ends[last] - lx.starts[last] >= 2) {
        name = sql.substring(lx.starts[last] + 1, lx.ends[last] - 1);
      } else if (type == STRING && nonString[last + 1 - from] - nonString[last - from] == 0) {
        int s = lx.starts[last];
        name = tr.decodeMysql(s + 1, lx.ends[last] - 1, sql.charAt(s));
      } else {
        return null;
      }
      return new Item(last, null, name, false);
    }

    /**
     * The name of the column {@code i..j} is ({@code a}, {@code t.a}, {@code `a`}), {@code *} for a
     * star ({@code *}, {@code t.*}); null for anything else.
     */
    private String column(int i, int j) {
      if (j - i > 4) {
        return null;
      }
      for (int t = i; t <= j; t++) {
        int type = lx.types[t];
        boolean name = (j - t) % 2 == 0;
        if (name) {
          boolean star = t == j && lx.isChar(t, '*');
          boolean word =
              type == WORD && !VALUES.contains(lx.text(t).toLowerCase(Locale.ROOT))
                  || type == QUOTED_IDENT;
          if (!star && !word) {
            return null;
          }
        } else if (type != DOT) {
          return null;
        }
      }
      if (lx.isChar(j, '*')) {
        return "*";
      }
      if (lx.types[j] == QUOTED_IDENT) {
        return sql.substring(lx.starts[j] + 1, lx.ends[j] - 1);
      }
      return lx.text(j);
    }

    /** MySQL's label for the literal {@code i..j}; null when it is none. */
    private String literal(int i, int j) {
      if (nonString[j + 1 - from] - nonString[i - from] == 0) {
        StringBuilder value = new StringBuilder();
        for (int t = i; t <= j; t++) {
          if (value.length() > 4 * MAX_BYTES) {
            return null;
          }
          int s = lx.starts[t];
          value.append(tr.decodeMysql(s + 1, lx.ends[t] - 1, sql.charAt(s)));
        }
        int lead = 0;
        while (lead < value.length() && " \t\n\r\u000b\f".indexOf(value.charAt(lead)) >= 0) {
          lead++;
        }
        return value.substring(lead);
      }
      if (i != j) {
        return null;
      }
      if (lx.types[i] == NUMBER) {
        return lx.text(i);
      }
      if (lx.types[i] == WORD) {
        String w = lx.text(i).toLowerCase(Locale.ROOT);
        if (w.equals("null") || w.equals("true") || w.equals("false")) {
          return w.toUpperCase(Locale.ROOT);
        }
      }
      return null;
    }

    /** Whether the item {@code first..last} (no column or literal) ends without an alias. */
    private boolean endsWithoutAlias(SelectList list, int first, int last) {
      int type = lx.types[last];
      if (type == RPAREN || type == NUMBER) {
        return true;
      }
      if (type == WORD) {
        String w = lx.text(last).toLowerCase(Locale.ROOT);
        if (VALUES.contains(w)) {
          return true;
        }
        if (lx.keywords[last] == Keywords.END) {
          // The END of a CASE, or an alias named end after one.
          return list.ends == list.cases;
        }
        int count = previous(last, first);
        if (UNITS.contains(w) && count > first && lx.isWord(previous(count, first), "interval")) {
          // INTERVAL 1 MONTH, INTERVAL qty DAY: the unit, no alias (measured: MariaDB labels
          // d + INTERVAL 1 MONTH with its text).
          return true;
        }
      }
      int operand = last;
      if (type == WORD || type == QUOTED_IDENT) {
        // A qualified column: t.a.
        while (operand - 2 >= first
            && lx.types[operand - 1] == DOT
            && (lx.types[operand - 2] == WORD || lx.types[operand - 2] == QUOTED_IDENT)) {
          operand -= 2;
        }
      } else if (type != STRING && type != VARIABLE) {
        return false;
      }
      int before = previous(operand, first);
      if (before < first) {
        return false;
      }
      if (lx.types[before] == OPERATOR) {
        return true;
      }
      return lx.types[before] == WORD
          && OPERATORS.contains(lx.text(before).toLowerCase(Locale.ROOT));
    }

    /** Whether PostgreSQL can hold {@code label} as an alias and MariaDB sends it as it is. */
    private static boolean accepted(String label) {
      if (label.isEmpty()) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (Character.isSurrogate(c) || (c < ' ' && c != '\n' && c != '\t' && c != '\r')) {
          return false;
        }
      }
      return label.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }
  }
}
