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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MySQL's {@code GROUP BY a, b WITH ROLLUP} as PostgreSQL's {@code GROUP BY ROLLUP (a, b)}, for
 * {@link MysqlRules}, ordered as MariaDB returns it.
 *
 * <p>Measured on MariaDB 10.11: the super-aggregate rows hold NULL in the rolled-up columns; the
 * rows come sorted by the grouping columns, ascending with NULL first ({@code DESC} after an item,
 * which MariaDB still takes in a GROUP BY, descending with NULL last), each super-aggregate row
 * right after the rows it sums and the grand total last; an {@code ORDER BY} beside {@code WITH
 * ROLLUP} is refused ("Incorrect usage of CUBE/ROLLUP and ORDER BY"), so that order is the only one
 * an application gets, and a {@code LIMIT} takes the first rows of it. {@code GROUPING()} does not
 * exist there. PostgreSQL returns a rollup in no particular order (hashed), so the rewrite adds
 * {@code ORDER BY GROUPING(a), a NULLS FIRST, GROUPING(b), b NULLS FIRST}: {@code GROUPING} tells a
 * super-aggregate row from a group whose value is NULL, and puts it after its group.
 *
 * <p>Rewritten only where that order can be given: each item a column or an expression without a
 * {@code ?} (written again in the ORDER BY), not a position ({@code GROUP BY 1}) or a select-list
 * alias, which PostgreSQL's {@code GROUPING} does not take, and not a branch of a {@code UNION},
 * which an {@code ORDER BY} would order as a whole; anything else is left as it is (PostgreSQL
 * refuses it, and it is journaled). The {@code HAVING} after it is kept before the added ORDER BY,
 * a {@code LIMIT} after it.
 */
final class Rollup {
  private final SqlTranslator tr;
  private final SqlLexer lx;
  private final MysqlRules rules;

  Rollup(SqlTranslator tr, MysqlRules rules) {
    this.tr = tr;
    this.lx = tr.lx;
    this.rules = rules;
  }

  /** Words that end a query's GROUP BY list other than WITH ROLLUP. */
  private static final Set<String> AFTER_GROUPS =
      Set.of(
          "having",
          "order",
          "limit",
          "window",
          "union",
          "except",
          "intersect",
          "minus",
          "for",
          "lock",
          "into",
          "procedure",
          "offset",
          "fetch",
          "returning");

  /** Words after WITH ROLLUP (and its HAVING or WINDOW) before which the ORDER BY goes. */
  private static final Set<String> AFTER_ORDER =
      Set.of("limit", "offset", "fetch", "for", "lock", "into", "procedure", "returning");

  private static final Set<String> SET_OPERATORS = Set.of("union", "except", "intersect", "minus");

  /**
   * Rewrites {@code GROUP BY ... WITH ROLLUP} starting at the word GROUP at {@code t}, with the
   * rest of its query level up to its {@code LIMIT} (or end); returns the last token consumed, or
   * -1 when it is left as it is.
   */
  int groupBy(int t, int to) {
    int by = tr.nextSignificant(t + 1);
    if (by >= to || !lx.isWord(by, "by")) {
      return -1;
    }
    List<int[]> items = new ArrayList<>();
    int rollup = -1;
    int depth = 0;
    int start = by + 1;
    for (int i = by + 1; i < to && rollup < 0; i++) {
      int type = lx.types[i];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        if (--depth < 0) {
          // The end of a sub-query's list.
          items.add(new int[] {start, i});
          return ordered(t, items, i, to);
        }
      } else if (depth > 0) {
        continue;
      } else if (type == SEMICOLON) {
        return -1;
      } else if (type == COMMA) {
        items.add(new int[] {start, i});
        start = i + 1;
      } else if (lx.isWord(i, "with")) {
        int r = tr.nextSignificant(i + 1);
        if (r >= to || !lx.isWord(r, "rollup")) {
          return -1;
        }
        items.add(new int[] {start, i});
        rollup = r;
      } else if (type == WORD && AFTER_GROUPS.contains(lower(i))) {
        items.add(new int[] {start, i});
        return ordered(t, items, i, to);
      }
    }
    if (rollup < 0) {
      items.add(new int[] {start, to});
      return depth == 0 ? ordered(t, items, to, to) : -1;
    }
    int stop = levelEnd(rollup + 1, to);
    if (stop < 0 || !alone(t)) {
      return -1;
    }
    Set<String> aliases = selectAliases(t);
    if (aliases == null) {
      return -1;
    }
    Items g = items(items);
    if (g == null) {
      return -1;
    }
    int n = g.from.length;
    for (int k = 0; k < n; k++) {
      if (!orderable(g.from[k], g.end[k], aliases)) {
        return -1;
      }
    }
    String[] written = write(rules.styled("GROUP BY ROLLUP (", t), g);
    tr.emit(")");
    // HAVING and WINDOW stay before the ORDER BY, and comments after them after it.
    int last = lastSignificant(rollup + 1, stop);
    if (last < rollup) {
      last = rollup;
    }
    tr.copied = lx.ends[rollup];
    tr.copy(rollup + 1, last + 1);
    StringBuilder order = new StringBuilder(rules.styled(" ORDER BY ", t));
    for (int k = 0; k < n; k++) {
      if (k > 0) {
        order.append(", ");
      }
      order.append(rules.styled("GROUPING(", t)).append(written[k]).append("), ");
      order.append(written[k]);
      order.append(rules.styled(g.descending[k] ? " DESC NULLS LAST" : " NULLS FIRST", t));
    }
    tr.emit(order.toString());
    tr.copied = lx.ends[last];
    return last;
  }

  /**
   * A plain {@code GROUP BY} (items {@code [start, end)}, the list ending at {@code after}) of a
   * level without ORDER BY, given MariaDB's order: MariaDB 10.11 still sorts its groups (a
   * filesort, ascending with NULL first, descending after a {@code DESC} item, measured),
   * PostgreSQL returns them hashed, so a report listed in another order after the switch, and
   * {@code GROUP BY note LIMIT 2} took other groups. {@code ORDER BY item NULLS FIRST} (or {@code
   * DESC NULLS LAST}) is added for the outermost query of a {@code SELECT} and for a level with a
   * {@code LIMIT}, where the order reaches the application; a {@code DESC} in the GROUP BY, which
   * PostgreSQL refuses, is moved there. Left as it is: an item with a {@code ?} (it cannot be
   * written twice), a {@code SELECT DISTINCT} (PostgreSQL orders it by selected expressions only),
   * a branch of a {@code UNION}, a level with an ORDER BY ({@code ORDER BY NULL}, MySQL's way to
   * skip the sort, is dropped by {@link MysqlRules}); there only an item's {@code ASC} or {@code
   * DESC} is dropped. Returns the last token consumed, or -1.
   */
  private int ordered(int t, List<int[]> items, int after, int to) {
    int stop = levelEnd(after, to);
    boolean ordering = stop >= 0 && alone(t) && reachesApplication(t, stop, to) && !distinct(t);
    Items g = items(items);
    if (g == null) {
      return -1;
    }
    int n = g.from.length;
    for (int k = 0; k < n; k++) {
      for (int i = g.from[k]; i < g.end[k]; i++) {
        if (lx.types[i] == PARAM) {
          ordering = false;
        }
      }
    }
    if (!ordering && !g.directed) {
      return -1;
    }
    // The list is written again, without ASC or DESC, which PostgreSQL takes in no GROUP BY.
    String[] written = write(rules.styled("GROUP BY ", t), g);
    String[] keys = written.clone();
    Set<String> shadowing = null;
    for (int k = 0; k < n && ordering; k++) {
      int from = g.from[k];
      if (g.end[k] == from + 1 && (lx.types[from] == WORD || lx.types[from] == QUOTED_IDENT)) {
        if (shadowing == null) {
          shadowing = shadowingAliases(t);
        }
        // A name both a column and the alias of another expression: the GROUP BY groups by the
        // column (in MariaDB and PostgreSQL alike), where an ORDER BY takes the alias.
        // COALESCE(x), an expression, is read as the column.
        if (shadowing.contains(name(from)) && tr.hasColumn(name(from))) {
          keys[k] = rules.styled("COALESCE(", t) + written[k] + ")";
        }
      }
    }
    // After the last item's ASC or DESC, if it has one.
    int listEnd = lastSignificant(items.get(n - 1)[0], items.get(n - 1)[1]) + 1;
    tr.copied = lx.ends[listEnd - 1];
    if (!ordering) {
      // Its ASC and DESC dropped, which PostgreSQL refuses: an order that does not show (a
      // derived table, an INSERT ... SELECT, an ORDER BY of its own), or one it is left without.
      return listEnd - 1;
    }
    int last = lastSignificant(listEnd, stop);
    if (last < listEnd) {
      last = listEnd - 1;
    }
    // Block comments right after stay with what they follow (a marker's /*p2*/); a line comment
    // would swallow the ORDER BY.
    while (last + 1 < stop
        && lx.types[last + 1] == SqlLexer.COMMENT
        && (lx.flags[last + 1] & SqlLexer.BLOCK) != 0) {
      last++;
    }
    if (last >= listEnd) {
      tr.copy(listEnd, last + 1);
    }
    StringBuilder order = new StringBuilder(rules.styled(" ORDER BY ", t));
    for (int k = 0; k < n; k++) {
      if (k > 0) {
        order.append(", ");
      }
      order.append(keys[k]);
      order.append(rules.styled(g.descending[k] ? " DESC NULLS LAST" : " NULLS FIRST", t));
    }
    tr.emit(order.toString());
    tr.copied = lx.ends[last];
    return last;
  }

  /**
   * A GROUP BY list's items: each one's tokens {@code [from, end)} without a trailing ASC or DESC,
   * whether it is DESC, and whether any item has a direction.
   */
  private record Items(int[] from, int[] end, boolean[] descending, boolean directed) {}

  /** The items {@code [start, end)} of a GROUP BY list read; null when one is empty. */
  private Items items(List<int[]> items) {
    int n = items.size();
    int[] from = new int[n];
    int[] end = new int[n];
    boolean[] descending = new boolean[n];
    boolean directed = false;
    for (int k = 0; k < n; k++) {
      int[] item = items.get(k);
      from[k] = tr.nextSignificant(item[0]);
      int last = lastSignificant(item[0], item[1]);
      if (last > from[k] && (lx.isWord(last, "asc") || lx.isWord(last, "desc"))) {
        descending[k] = lx.isWord(last, "desc");
        directed = true;
        last = lastSignificant(item[0], last);
      }
      if (from[k] >= item[1] || last < from[k]) {
        return null;
      }
      end[k] = last + 1;
    }
    return new Items(from, end, descending, directed);
  }

  /** Emits {@code head} and the items, translated, joined by commas; returns each one's text. */
  private String[] write(String head, Items g) {
    tr.emit(head);
    String[] written = new String[g.from.length];
    for (int k = 0; k < written.length; k++) {
      if (k > 0) {
        tr.emit(", ");
      }
      int mark = tr.out.length();
      rules.argument(g.from[k], g.end[k]);
      written[k] = tr.out.substring(mark);
    }
    return written;
  }

  /** The SELECT of the query level of the token at {@code t}, or -1 when none is found. */
  private int selectOf(int t) {
    int depth = 0;
    for (int i = t - 1; i >= 0; i--) {
      int type = lx.types[i];
      if (type == RPAREN) {
        depth++;
      } else if (type == LPAREN) {
        if (--depth < 0) {
          return -1;
        }
      } else if (depth == 0 && lx.isWord(i, "select")) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The aliases of the select list of the GROUP at {@code t}, in lower case, that name something
   * else than a column of their own name ({@code CONCAT('#', id) AS id}, not {@code t.id AS id});
   * empty when no SELECT is found.
   */
  private Set<String> shadowingAliases(int t) {
    Set<String> aliases = new HashSet<>();
    int select = selectOf(t);
    if (select < 0) {
      return aliases;
    }
    int depth = 0;
    int start = select + 1;
    for (int i = select + 1; i <= t; i++) {
      int type = lx.types[i];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (depth == 0 && (type == COMMA || lx.isWord(i, "from") || i == t)) {
        int last = lastSignificant(start, i);
        int before = last < 0 ? -1 : lastSignificant(start, last);
        if (before >= start && (lx.types[last] == QUOTED_IDENT || lx.types[last] == WORD)) {
          int expression = lx.isWord(before, "as") ? lastSignificant(start, before) : before;
          boolean sameColumn =
              expression >= start
                  && (lx.types[expression] == WORD || lx.types[expression] == QUOTED_IDENT)
                  && name(expression).equals(name(last))
                  && onlyName(start, expression);
          if (!sameColumn && expression >= start && lx.types[before] != DOT) {
            aliases.add(name(last));
          }
        }
        if (type != COMMA) {
          break;
        }
        start = i + 1;
      }
    }
    return aliases;
  }

  /** Whether tokens {@code [from, to]} are a name, qualified or not (and modifiers before it). */
  private boolean onlyName(int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      if (tr.isComment(i)) {
        continue;
      }
      if (lx.types[i] == DOT && i - 1 >= from) {
        i--;
        continue;
      }
      return lx.types[i] == WORD && SelectLabels.MODIFIERS.contains(lower(i));
    }
    return true;
  }

  /**
   * Whether the order of the level of the GROUP at {@code t} reaches the application: the level has
   * a {@code LIMIT} (at {@code stop}), or it is the outermost query of a {@code SELECT} (or {@code
   * WITH ... SELECT}) statement.
   */
  private boolean reachesApplication(int t, int stop, int to) {
    if (stop < to
        && (lx.isWord(stop, "limit") || lx.isWord(stop, "offset") || lx.isWord(stop, "fetch"))) {
      return true;
    }
    int depth = 0;
    int first = -1;
    for (int i = t - 1; i >= 0; i--) {
      int type = lx.types[i];
      if (type == RPAREN) {
        depth++;
      } else if (type == LPAREN) {
        if (--depth < 0) {
          return false;
        }
      } else if (type == SEMICOLON) {
        break;
      } else if (!tr.isComment(i)) {
        first = i;
      }
    }
    return first >= 0 && (lx.isWord(first, "select") || lx.isWord(first, "with"));
  }

  /** Whether the SELECT of the GROUP at {@code t} is a SELECT DISTINCT, or none is found. */
  private boolean distinct(int t) {
    int select = selectOf(t);
    return select < 0 || distinctAfter(select, t);
  }

  /**
   * Whether the modifiers after the SELECT at {@code select} (before {@code to}) hold {@code
   * DISTINCT}: MySQL takes them in any order ({@code SELECT SQL_NO_CACHE DISTINCT}).
   */
  private boolean distinctAfter(int select, int to) {
    for (int i = tr.nextSignificant(select + 1);
        i < to && lx.types[i] == WORD && SelectLabels.MODIFIERS.contains(lower(i));
        i = tr.nextSignificant(i + 1)) {
      if (lx.isWord(i, "distinct") || lx.isWord(i, "distinctrow")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where the query level of the ROLLUP ending before {@code from} has its ORDER BY: the first of
   * its {@code LIMIT}, {@code FOR UPDATE}, ..., its closing parenthesis, or its end; -1 when it has
   * an ORDER BY (which MariaDB refuses) or is followed by a {@code UNION}.
   */
  private int levelEnd(int from, int to) {
    int depth = 0;
    for (int i = from; i < to; i++) {
      int type = lx.types[i];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        if (--depth < 0) {
          return i;
        }
      } else if (depth == 0 && type == SEMICOLON) {
        return i;
      } else if (depth == 0 && type == WORD) {
        String w = lower(i);
        if (w.equals("order") || SET_OPERATORS.contains(w)) {
          return -1;
        }
        if (AFTER_ORDER.contains(w)) {
          return i;
        }
      }
    }
    return to;
  }

  /** Whether the query level of the GROUP at {@code t} is not a later branch of a UNION. */
  private boolean alone(int t) {
    int depth = 0;
    for (int i = t - 1; i >= 0; i--) {
      int type = lx.types[i];
      if (type == RPAREN) {
        depth++;
      } else if (type == LPAREN) {
        if (--depth < 0) {
          return true;
        }
      } else if (type == SEMICOLON && depth == 0) {
        return true;
      } else if (depth == 0 && type == WORD && SET_OPERATORS.contains(lower(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The aliases of the select list of the GROUP at {@code t}, in lower case; null when no SELECT is
   * found or it is a SELECT DISTINCT. Conservative: a last word that may be an alias is taken for
   * one.
   */
  private Set<String> selectAliases(int t) {
    int select = selectOf(t);
    if (select < 0) {
      return null;
    }
    if (distinctAfter(select, t)) {
      // PostgreSQL orders a SELECT DISTINCT by selected expressions only, not by GROUPING().
      return null;
    }
    Set<String> aliases = new HashSet<>();
    int depth = 0;
    int start = select + 1;
    for (int i = select + 1; i <= t; i++) {
      int type = lx.types[i];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (depth == 0 && (type == COMMA || lx.isWord(i, "from") || i == t)) {
        int last = lastSignificant(start, i);
        int before = last < 0 ? -1 : lastSignificant(start, last);
        if (before >= start && (lx.types[last] == QUOTED_IDENT || lx.types[last] == WORD)) {
          int bt = lx.types[before];
          boolean modifier = bt == WORD && SelectLabels.MODIFIERS.contains(lower(before));
          if (!modifier
              && bt != DOT
              && (lx.isWord(before, "as")
                  || bt == RPAREN
                  || bt == WORD
                  || bt == QUOTED_IDENT
                  || bt == NUMBER
                  || bt == STRING)) {
            aliases.add(name(last));
          }
        }
        if (type != COMMA) {
          break;
        }
        start = i + 1;
      }
    }
    return aliases;
  }

  /**
   * Whether the group item {@code [from, to)} can be written again in an ORDER BY and in {@code
   * GROUPING}: no {@code ?}, not a position, not a select-list alias.
   */
  private boolean orderable(int from, int to, Set<String> aliases) {
    for (int i = from; i < to; i++) {
      if (lx.types[i] == PARAM) {
        return false;
      }
    }
    boolean single = tr.nextSignificant(from + 1) >= to;
    if (single && lx.types[from] == NUMBER) {
      return false;
    }
    return !(single
        && (lx.types[from] == WORD || lx.types[from] == QUOTED_IDENT)
        && aliases.contains(name(from)));
  }

  /** The last token in {@code [from, to)} that is not a comment, else -1. */
  private int lastSignificant(int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      if (!tr.isComment(i)) {
        return i;
      }
    }
    return -1;
  }

  private String lower(int t) {
    return lx.text(t).toLowerCase(Locale.ROOT);
  }

  /** A name as compared: unquoted, in lower case (MariaDB's names ignore case). */
  private String name(int t) {
    String s = lx.text(t);
    if (lx.types[t] == QUOTED_IDENT) {
      s = s.substring(1, s.length() - 1);
    }
    return s.toLowerCase(Locale.ROOT);
  }
}
