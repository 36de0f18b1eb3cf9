package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.List;
import java.util.Locale;

/**
 * MySQL sorts NULL as the smallest value, first in ascending order and last in descending;
 * PostgreSQL as the largest. An application paging with {@code ORDER BY score LIMIT 20} got other
 * rows once PostgreSQL was the primary, and a write with {@code ORDER BY ... LIMIT} picked others
 * on a PostgreSQL secondary, silently. On a PostgreSQL side an {@code ORDER BY} key that may be
 * NULL gets {@code NULLS FIRST} ascending and {@code NULLS LAST} descending: a column which may
 * hold NULL (in the statement's tables, read once per table), an expression (a JSON function's
 * missing path, a division by zero, a {@code CONCAT} with a NULL are NULL in MySQL too), and an
 * alias or a position naming either. A NOT NULL column, or an alias or position naming one, is left
 * as it is (not in a UNION, whose column may be NULL from another member), so an index still serves
 * {@code ORDER BY id LIMIT n}; so is a column of a derived table, whose nullability is not known.
 */
public final class NullsOrder {
  private NullsOrder() {}

  /** Whether a table's column may hold NULL; null when the column is unknown. */
  @FunctionalInterface
  public interface Nullable {
    Boolean of(String table, String column) throws java.sql.SQLException;
  }

  /** {@code sql} (PostgreSQL) with MySQL's NULL order on its nullable ORDER BY columns. */
  public static String rewrite(String sql, List<String> tables, Nullable nullable)
      throws java.sql.SQLException {
    if (tables.isEmpty() || !sql.toLowerCase(Locale.ROOT).contains("order")) {
      return sql;
    }
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    TableAliases aliases = TableAliases.of(lx, tables);
    java.util.TreeMap<Integer, String> inserts = new java.util.TreeMap<>();
    for (int t = 0; t + 1 < lx.count; t++) {
      if (!lx.isWord(t, "order") || !lx.isWord(t + 1, "by")) {
        continue;
      }
      int depth = 0;
      int keyStart = t + 2;
      int i = t + 2;
      for (; i < lx.count; i++) {
        int type = lx.types[i];
        if (type == SEMICOLON) {
          break;
        }
        if (type == LPAREN) {
          depth++;
        } else if (type == RPAREN) {
          if (depth == 0) {
            break;
          }
          depth--;
        } else if (depth == 0 && type == COMMA) {
          mark(lx, t, keyStart, i, tables, aliases, nullable, inserts);
          keyStart = i + 1;
        } else if (depth == 0 && endsKeys(lx, i)) {
          break;
        }
      }
      mark(lx, t, keyStart, i, tables, aliases, nullable, inserts);
    }
    if (inserts.isEmpty()) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length() + 12 * inserts.size());
    int copied = 0;
    for (java.util.Map.Entry<Integer, String> e : inserts.entrySet()) {
      out.append(sql, copied, e.getKey()).append(e.getValue());
      copied = e.getKey();
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  private static void mark(
      SqlLexer lx,
      int order,
      int from,
      int to,
      List<String> tables,
      TableAliases aliases,
      Nullable nullable,
      java.util.Map<Integer, String> inserts)
      throws java.sql.SQLException {
    int at = nulls(lx, order, from, to, tables, aliases, nullable);
    if (at >= 0) {
      inserts.put(lx.ends[at], lx.isWord(at, "desc") ? " NULLS LAST" : " NULLS FIRST");
    }
  }

  private static boolean endsKeys(SqlLexer lx, int i) {
    return lx.isWord(i, "limit")
        || lx.isWord(i, "offset")
        || lx.isWord(i, "for")
        || lx.isWord(i, "fetch")
        || lx.isWord(i, "union")
        || lx.isWord(i, "except")
        || lx.isWord(i, "intersect")
        || lx.isWord(i, "returning")
        || lx.isWord(i, "window")
        || lx.isWord(i, "rows")
        || lx.isWord(i, "range")
        || lx.isWord(i, "groups");
  }

  /**
   * The last token of the key {@code [from, to)} of the ORDER BY at {@code order} after which NULLS
   * goes, when the key may be NULL: a nullable column, a select-list alias or position naming one
   * or an expression, or an expression (MySQL sorts a NULL it gives first too: {@code ORDER BY
   * JSON_EXTRACT(...)}, {@code ORDER BY total / qty}); -1 for a NOT NULL column, a column of no
   * known table (a derived table's) and a key with its own NULLS.
   */
  private static int nulls(
      SqlLexer lx,
      int order,
      int from,
      int to,
      List<String> tables,
      TableAliases aliases,
      Nullable nullable)
      throws java.sql.SQLException {
    if (from >= to) {
      return -1;
    }
    int last = to - 1;
    if (lx.isWord(last, "asc") || lx.isWord(last, "desc")) {
      last--;
    }
    if (last < from) {
      return -1;
    }
    int depth = 0;
    for (int t = from; t <= last; t++) {
      if (lx.types[t] == LPAREN) {
        depth++;
      } else if (lx.types[t] == RPAREN) {
        depth--;
      } else if (depth == 0 && (lx.isWord(t, "nulls") || lx.isWord(t, "using"))) {
        return -1;
      }
    }
    if (setOperation(lx, order)) {
      // A UNION's column may be NULL from any member, whatever the first one's item is.
      return to - 1;
    }
    if (from == last
        && (lx.types[from] == NUMBER || lx.types[from] == QUOTED_IDENT || lx.types[from] == WORD)) {
      int[] item = selectItem(lx, order, from);
      if (item != null) {
        return mayBeNull(lx, item[0], item[1], tables, aliases, nullable) ? to - 1 : -1;
      }
      if (lx.types[from] == NUMBER) {
        return -1;
      }
    }
    return mayBeNull(lx, from, last + 1, tables, aliases, nullable) ? to - 1 : -1;
  }

  /**
   * Whether the expression {@code [from, to)} may be NULL as far as the catalog tells: a column
   * ({@code [qualifier .] column}) when it is nullable in its table; a column of no known table is
   * taken as it is (not marked); any other expression may be.
   */
  private static boolean mayBeNull(
      SqlLexer lx, int from, int to, List<String> tables, TableAliases aliases, Nullable nullable)
      throws java.sql.SQLException {
    int column = to - 1;
    // A word the lexer knows may name a column too (value, data, time): the catalog tells.
    boolean keyword = lx.types[column] == WORD && lx.keywords[column] != 0;
    if (!isName(lx, column) && !keyword) {
      return !constant(lx, from, to) && !lx.isWord(from, "grouping");
    }
    int start = column;
    if (column - 2 >= from && lx.types[column - 1] == DOT) {
      start = column - 2;
      if (start - 2 >= from && lx.types[start - 1] == DOT) {
        start -= 2;
      }
    }
    if (start != from) {
      return keyword
          ? !constant(lx, from, to) && !lx.isWord(from, "grouping")
          : !constant(lx, from, to);
    }
    String name = name(lx, column);
    if (start < column) {
      // Qualified: the table its qualifier names, or none (a derived table's alias).
      String table = aliases.table(name(lx, column - 2));
      Boolean n = table == null ? null : nullable.of(table, name);
      return Boolean.TRUE.equals(n);
    }
    boolean known = false;
    for (String table : tables) {
      Boolean n = nullable.of(table, name);
      if (Boolean.TRUE.equals(n)) {
        return true;
      }
      known |= n != null;
    }
    // A word that is no column of the statement's tables is an expression (NULL, CURRENT_DATE).
    return keyword && !known;
  }

  /** Whether the ORDER BY at {@code order} sorts a UNION, EXCEPT or INTERSECT at its level. */
  private static boolean setOperation(SqlLexer lx, int order) {
    int depth = 0;
    for (int t = order - 1; t >= 0; t--) {
      int type = lx.types[t];
      if (type == RPAREN) {
        depth++;
      } else if (type == LPAREN) {
        if (--depth < 0) {
          return false;
        }
      } else if (type == SEMICOLON) {
        return false;
      } else if (depth == 0
          && (lx.isWord(t, "union") || lx.isWord(t, "except") || lx.isWord(t, "intersect"))) {
        return true;
      }
    }
    return false;
  }

  /** A lone literal: never NULL, or NULL everywhere alike. */
  private static boolean constant(SqlLexer lx, int from, int to) {
    return to - from == 1 && (lx.types[from] == NUMBER || lx.types[from] == SqlLexer.STRING);
  }

  private static boolean isName(SqlLexer lx, int t) {
    return lx.types[t] == QUOTED_IDENT || lx.types[t] == WORD && lx.keywords[t] == 0;
  }

  /**
   * The expression of the select-list item the ORDER BY key at {@code key} names, by position
   * ({@code ORDER BY 2}) or alias ({@code ORDER BY total}); null when it names none (a column, a
   * {@code *} item, no select list at the ORDER BY's level). PostgreSQL reads a name as an output
   * column first. For a UNION the first member's list names the columns.
   */
  private static int[] selectItem(SqlLexer lx, int order, int key) {
    int select = -1;
    int depth = 0;
    for (int t = order - 1; t >= 0; t--) {
      int type = lx.types[t];
      if (type == RPAREN) {
        depth++;
      } else if (type == LPAREN) {
        if (--depth < 0) {
          break;
        }
      } else if (type == SEMICOLON) {
        break;
      } else if (depth == 0 && lx.isWord(t, "select")) {
        select = t;
      }
    }
    if (select < 0) {
      return null;
    }
    int start = select + 1;
    while (start < order && (lx.isWord(start, "distinct") || lx.isWord(start, "all"))) {
      start++;
    }
    int position = 0;
    int wanted = -1;
    if (lx.types[key] == NUMBER) {
      try {
        wanted = Integer.parseInt(lx.text(key));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    String alias = lx.types[key] == NUMBER ? null : name(lx, key);
    depth = 0;
    for (int t = start; t <= order; t++) {
      int type = lx.types[t];
      if (type == LPAREN) {
        depth++;
        continue;
      }
      if (type == RPAREN) {
        depth--;
        continue;
      }
      boolean end = t == order || depth == 0 && (type == COMMA || lx.isWord(t, "from"));
      if (!end) {
        continue;
      }
      position++;
      int e = t;
      while (e > start && lx.types[e - 1] == SqlLexer.COMMENT) {
        e--;
      }
      int s = start;
      while (s < e && lx.types[s] == SqlLexer.COMMENT) {
        s++;
      }
      if (s < e) {
        int[] item = aliased(lx, s, e);
        if (wanted == position) {
          return lx.text(e - 1).equals("*") ? null : new int[] {s, item == null ? e : item[0]};
        }
        if (alias != null && item != null && alias.equals(name(lx, e - 1))) {
          return new int[] {s, item[0]};
        }
      }
      if (type != COMMA) {
        return null;
      }
      start = t + 1;
    }
    return null;
  }

  /** For an item {@code [s, e)} with an alias: the end of its expression; else null. */
  private static int[] aliased(SqlLexer lx, int s, int e) {
    int last = e - 1;
    if (last <= s || !isName(lx, last) && lx.types[last] != WORD) {
      return null;
    }
    int before = last - 1;
    while (before > s && lx.types[before] == SqlLexer.COMMENT) {
      before--;
    }
    if (lx.isWord(before, "as")) {
      // A word the lexer knows is an alias after AS only (AS value).
      return new int[] {before};
    }
    if (!isName(lx, last)) {
      return null;
    }
    int type = lx.types[before];
    if (type == RPAREN
        || type == QUOTED_IDENT
        || type == NUMBER
        || type == SqlLexer.STRING
        || type == WORD && lx.keywords[before] == 0) {
      return new int[] {before + 1};
    }
    return null;
  }

  private static String name(SqlLexer lx, int t) {
    String s = lx.text(t);
    return lx.types[t] == QUOTED_IDENT
        ? s.substring(1, s.length() - 1)
        : s.toLowerCase(Locale.ROOT);
  }
}
