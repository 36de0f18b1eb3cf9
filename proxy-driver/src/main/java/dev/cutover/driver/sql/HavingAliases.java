package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.COMMENT;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.EXEC_COMMENT_CLOSE;
import static dev.cutover.driver.sql.SqlLexer.EXEC_COMMENT_OPEN;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MySQL lets a {@code HAVING} clause name a select-list alias ({@code SELECT customer_id,
 * SUM(total) AS spent FROM orders GROUP BY customer_id HAVING spent > 100}); PostgreSQL refuses it
 * ("column spent does not exist"), so such a report failed after the switch and was journaled as a
 * shadow error before. Each such reference becomes the aliased expression, in parentheses and
 * translated: {@code HAVING (SUM(total)) > 100}.
 *
 * <p>Name resolution, measured on MariaDB 10.11: an alias is found case-insensitively, and wins
 * over a column of the same name ({@code SUM(v) AS s ... HAVING s > 15} compares the sum, though
 * the table has a column {@code s}), except a name the {@code GROUP BY} lists, which is the grouped
 * column ({@code COUNT(v) AS c ... GROUP BY c HAVING c = 2} compares the column; also when written
 * {@code GROUP BY t.c}). Such names are left as they are, and so PostgreSQL reads them as the
 * column too; where {@code GROUP BY} names the alias itself and no column has that name (PostgreSQL
 * groups by the output column then), the reference stays and PostgreSQL still refuses it. A
 * reference inside a sub-query of the {@code HAVING} is refused by MariaDB ("reference to group
 * function") and left; one inside an aggregate's parentheses ({@code HAVING MAX(s) > 350}) is the
 * table's column to MariaDB, and left. Not replaced: an alias given to two items, an item holding a
 * {@code ?} (the marker cannot be repeated) or a call giving another value each time ({@code
 * RAND()}: the HAVING would compare another value than the row shows), a query with executable
 * comments; a qualified name ({@code t.spent}) or a call ({@code spent(...)}) is never an alias. An
 * alias is {@code expr AS name} or {@code (...) name}; other implicit aliases ({@code price p}) are
 * not recognised.
 */
final class HavingAliases {
  private HavingAliases() {}

  /** Words that end a select list, a GROUP BY list or a HAVING clause at its own depth. */
  private static final Set<Integer> CLAUSES =
      Set.of(
          Keywords.FROM,
          Keywords.WHERE,
          Keywords.GROUP,
          Keywords.HAVING,
          Keywords.ORDER,
          Keywords.LIMIT,
          Keywords.OFFSET,
          Keywords.UNION,
          Keywords.EXCEPT,
          Keywords.INTERSECT,
          Keywords.WINDOW,
          Keywords.FOR,
          Keywords.LOCK,
          Keywords.INTO);

  /** MySQL's aggregate functions: a name inside one in a HAVING is a column, not an alias. */
  private static final Set<String> AGGREGATES =
      Set.of(
          "count",
          "sum",
          "avg",
          "min",
          "max",
          "group_concat",
          "std",
          "stddev",
          "stddev_pop",
          "stddev_samp",
          "variance",
          "var_pop",
          "var_samp",
          "bit_and",
          "bit_or",
          "bit_xor",
          "json_arrayagg",
          "json_objectagg");

  /** Functions giving another value at each call: an alias of one is not written twice. */
  private static final Set<String> VOLATILE =
      Set.of(
          "rand",
          "uuid",
          "uuid_short",
          "sysdate",
          "last_insert_id",
          "nextval",
          "get_lock",
          "release_lock",
          "sleep",
          "benchmark");

  /** Where a query block is. */
  private enum Part {
    ITEMS,
    OTHER,
    GROUP_BY,
    HAVING
  }

  /** One query block: the SELECT at {@code depth} and what was read of it so far. */
  private static final class Block {
    final int depth;
    Part part = Part.ITEMS;
    int itemStart;

    /** Aliased expressions by lower-case alias; null for an alias given twice or not usable. */
    final Map<String, int[]> aliases = new HashMap<>();

    final Set<String> grouped = new HashSet<>();
    int groupItemStart = -1;
    final List<Integer> references = new ArrayList<>();

    /** The depth inside the parentheses of an aggregate call of the HAVING, or -1 outside one. */
    int aggregateDepth = -1;

    Block(int depth, int itemStart) {
      this.depth = depth;
      this.itemStart = itemStart;
    }
  }

  /** The HAVING references to replace in the statement in tokens {@code [from, to)}. */
  static List<AssignmentOrder.Substitution> of(SqlLexer lx, int from, int to) {
    List<AssignmentOrder.Substitution> out = new ArrayList<>();
    if (!mayHold(lx, from, to)) {
      return out;
    }
    Block[] owner = new Block[to - from + 2];
    int depth = 0;
    List<Block> blocks = new ArrayList<>();
    for (int t = from; t < to; t++) {
      int type = lx.types[t];
      if (type == EXEC_COMMENT_OPEN || type == EXEC_COMMENT_CLOSE) {
        return out;
      }
      if (type == COMMENT) {
        continue;
      }
      Block b = owner[depth];
      if (type == LPAREN) {
        depth++;
        owner[depth] = b;
        continue;
      }
      if (type == RPAREN) {
        if (b != null && b.depth == depth) {
          end(lx, b, t);
        }
        if (b != null && b.aggregateDepth == depth) {
          b.aggregateDepth = -1;
        }
        if (depth == 0) {
          return out;
        }
        depth--;
        continue;
      }
      if (type == WORD && lx.keywords[t] == Keywords.SELECT) {
        if (b != null && b.depth == depth) {
          end(lx, b, t);
        }
        int first = nextSignificant(lx, t + 1, to);
        // SELECT DISTINCT, ALL, SQL_NO_CACHE, ...: the first item starts after them.
        while (first < to
            && lx.types[first] == WORD
            && SelectLabels.MODIFIERS.contains(lx.text(first).toLowerCase(Locale.ROOT))) {
          first = nextSignificant(lx, first + 1, to);
        }
        Block n = new Block(depth, first);
        owner[depth] = n;
        blocks.add(n);
        continue;
      }
      if (b == null) {
        continue;
      }
      boolean own = b.depth == depth;
      if (own && (type == SEMICOLON || type == WORD && CLAUSES.contains(lx.keywords[t]))) {
        end(lx, b, t);
        int k = lx.keywords[t];
        b.part =
            k == Keywords.GROUP ? Part.GROUP_BY : k == Keywords.HAVING ? Part.HAVING : Part.OTHER;
        if (b.part == Part.GROUP_BY) {
          b.groupItemStart = -1;
        }
        continue;
      }
      switch (b.part) {
        case ITEMS:
          if (own && type == COMMA) {
            item(lx, b, b.itemStart, t);
            b.itemStart = t + 1;
          }
          break;
        case GROUP_BY:
          if (own && type == COMMA) {
            grouped(lx, b, t);
            b.groupItemStart = -1;
          } else if (b.groupItemStart < 0 && !(own && lx.keywords[t] == Keywords.BY)) {
            b.groupItemStart = t;
          }
          break;
        case HAVING:
          if (b.aggregateDepth < 0
              && type == WORD
              && AGGREGATES.contains(lx.text(t).toLowerCase(Locale.ROOT))
              && nextSignificant(lx, t + 1, to) < to
              && lx.types[nextSignificant(lx, t + 1, to)] == LPAREN) {
            // MariaDB reads a name inside an aggregate as the table's column (MAX(s) is the
            // column s, though an item is named s), and an aggregate of an aggregate fails.
            b.aggregateDepth = depth + 1;
            break;
          }
          if (b.aggregateDepth < 0
              && (type == QUOTED_IDENT || type == WORD && plainWord(lx, t))
              && (t == from || lx.types[t - 1] != DOT)
              && !afterAs(lx, t, from)
              && (t + 1 >= to || lx.types[t + 1] != DOT && lx.types[t + 1] != LPAREN)) {
            b.references.add(t);
          }
          break;
        default:
          break;
      }
    }
    for (Block b : blocks) {
      if (b.part == Part.HAVING) {
        end(lx, b, to);
      }
    }
    for (Block b : blocks) {
      for (int t : b.references) {
        String name = name(lx, t);
        int[] expr = b.aliases.get(name);
        if (expr != null && !b.grouped.contains(name)) {
          out.add(new AssignmentOrder.Substitution(t, t, expr[0], expr[1], null, null));
        }
      }
    }
    return out;
  }

  /** Whether the statement has a HAVING at all, before any scan. */
  private static boolean mayHold(SqlLexer lx, int from, int to) {
    for (int t = from; t < to; t++) {
      if (lx.types[t] == WORD && lx.keywords[t] == Keywords.HAVING) {
        return true;
      }
    }
    return false;
  }

  /** At the end ({@code t}) of the part of {@code b} being read. */
  private static void end(SqlLexer lx, Block b, int t) {
    if (b.part == Part.ITEMS) {
      item(lx, b, b.itemStart, t);
      b.part = Part.OTHER;
    } else if (b.part == Part.GROUP_BY) {
      grouped(lx, b, t);
      b.part = Part.OTHER;
    } else if (b.part == Part.HAVING) {
      b.part = Part.OTHER;
    }
  }

  /** The select-list item in tokens {@code [start, end)}: its alias and expression, if any. */
  private static void item(SqlLexer lx, Block b, int start, int end) {
    int last = previousSignificant(lx, end - 1, start);
    if (last < 0 || !(lx.types[last] == WORD || lx.types[last] == QUOTED_IDENT)) {
      return;
    }
    if (lx.types[last] == WORD && !plainWord(lx, last)) {
      return;
    }
    int before = previousSignificant(lx, last - 1, start);
    if (before < 0) {
      return;
    }
    int exprEnd;
    if (lx.types[before] == WORD && lx.keywords[before] == Keywords.AS) {
      exprEnd = before;
    } else if (lx.types[before] == RPAREN) {
      exprEnd = before + 1;
    } else {
      return;
    }
    int exprStart = nextSignificant(lx, start, exprEnd);
    if (exprStart >= exprEnd || lx.types[exprStart] == SqlLexer.OPERATOR && isStar(lx, exprStart)) {
      return;
    }
    String name = name(lx, last);
    boolean usable = true;
    for (int t = exprStart; t < exprEnd; t++) {
      if (lx.types[t] == PARAM) {
        usable = false;
      }
      if (lx.types[t] == WORD
          && VOLATILE.contains(lx.text(t).toLowerCase(Locale.ROOT))
          && nextSignificant(lx, t + 1, exprEnd) < exprEnd
          && lx.types[nextSignificant(lx, t + 1, exprEnd)] == LPAREN) {
        // Written again, it would give another value than the row shows (RAND() AS r ...
        // HAVING r < 0.5 compares the r MariaDB returns).
        usable = false;
      }
    }
    if (b.aliases.containsKey(name) || !usable) {
      b.aliases.put(name, null);
    } else {
      b.aliases.put(name, new int[] {exprStart, exprEnd});
    }
  }

  /** The GROUP BY item ending before {@code end}: its column's name, when it is one. */
  private static void grouped(SqlLexer lx, Block b, int end) {
    if (b.groupItemStart < 0) {
      return;
    }
    int last = previousSignificant(lx, end - 1, b.groupItemStart);
    // GROUP BY a WITH ROLLUP, GROUP BY a DESC: the name before the modifier.
    while (last > b.groupItemStart
        && lx.types[last] == WORD
        && (lx.isWord(last, "rollup")
            || lx.isWord(last, "with")
            || lx.isWord(last, "asc")
            || lx.isWord(last, "desc"))) {
      last = previousSignificant(lx, last - 1, b.groupItemStart);
    }
    if (last < 0 || !(lx.types[last] == WORD || lx.types[last] == QUOTED_IDENT)) {
      return;
    }
    // Only an item that is the column itself (c, t.c): a name inside an expression (GROUP BY
    // c + s) is still the alias to MariaDB.
    boolean name = true;
    for (int t = b.groupItemStart; t <= last; t++) {
      if (lx.types[t] == COMMENT) {
        continue;
      }
      boolean isName = lx.types[t] == WORD || lx.types[t] == QUOTED_IDENT;
      if (name ? !isName : lx.types[t] != DOT) {
        return;
      }
      name = !name;
    }
    b.grouped.add(name(lx, last));
  }

  /**
   * An unquoted word that may be a name: not reserved, and not a word that may stand for something
   * else in an expression (an interval unit, a type, a constant: {@code INTERVAL 1 DAY}).
   */
  private static boolean plainWord(SqlLexer lx, int t) {
    return !Keywords.reserved(lx.keywords[t])
        && !AssignmentOrder.AMBIGUOUS.contains(lx.text(t).toLowerCase(Locale.ROOT));
  }

  /** Whether the word at {@code t} follows {@code AS}: a type in a cast, not a column. */
  private static boolean afterAs(SqlLexer lx, int t, int from) {
    int p = previousSignificant(lx, t - 1, from);
    return p >= 0 && lx.types[p] == WORD && lx.keywords[p] == Keywords.AS;
  }

  private static boolean isStar(SqlLexer lx, int t) {
    return lx.ends[t] - lx.starts[t] == 1 && lx.sql.charAt(lx.starts[t]) == '*';
  }

  /** An identifier's name as MySQL compares aliases: unquoted, in lower case. */
  private static String name(SqlLexer lx, int t) {
    String text = lx.text(t);
    if (lx.types[t] == QUOTED_IDENT && text.length() >= 2) {
      char q = text.charAt(0);
      text = text.substring(1, text.length() - 1).replace(String.valueOf(q) + q, String.valueOf(q));
    }
    return text.toLowerCase(Locale.ROOT);
  }

  private static int nextSignificant(SqlLexer lx, int t, int to) {
    while (t < to && lx.types[t] == COMMENT) {
      t++;
    }
    return t;
  }

  private static int previousSignificant(SqlLexer lx, int t, int from) {
    while (t >= from && lx.types[t] == COMMENT) {
      t--;
    }
    return t >= from ? t : -1;
  }
}
