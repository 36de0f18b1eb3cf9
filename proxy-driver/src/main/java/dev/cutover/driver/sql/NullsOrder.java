package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
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
 * on a PostgreSQL secondary, silently. On a PostgreSQL side an {@code ORDER BY} key that is a
 * column which may hold NULL (in the statement's tables, read once per table) gets {@code NULLS
 * FIRST} ascending and {@code NULLS LAST} descending. A NOT NULL column is left as it is, so an
 * index still serves {@code ORDER BY id LIMIT n}; an expression, an alias or a position is left
 * too, except an expression with {@code NULLIF} (a division, whose zero divisor MySQL answers with
 * NULL) or reading {@code jsonb} (a JSON function, NULL for a path the document lacks).
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
          mark(lx, keyStart, i, tables, aliases, nullable, inserts);
          keyStart = i + 1;
        } else if (depth == 0 && endsKeys(lx, i)) {
          break;
        }
      }
      mark(lx, keyStart, i, tables, aliases, nullable, inserts);
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
      int from,
      int to,
      List<String> tables,
      TableAliases aliases,
      Nullable nullable,
      java.util.Map<Integer, String> inserts)
      throws java.sql.SQLException {
    int at = nulls(lx, from, to, tables, aliases, nullable);
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
   * The last token of the key {@code [from, to)} after which NULLS goes, when the key is a nullable
   * column with at most a direction; else -1.
   */
  private static int nulls(
      SqlLexer lx, int from, int to, List<String> tables, TableAliases aliases, Nullable nullable)
      throws java.sql.SQLException {
    if (from >= to) {
      return -1;
    }
    int last = to - 1;
    if (lx.isWord(last, "asc") || lx.isWord(last, "desc")) {
      last--;
    }
    for (int t = from; t < last; t++) {
      if (lx.isWord(t, "nullif") && lx.types[t + 1] == LPAREN) {
        // A division by zero is NULL in MySQL; the translation gives the divisor NULLIF, so the
        // key may be NULL whatever its columns hold: it sorts first there.
        return to - 1;
      }
      if (lx.isWord(t, "jsonb")) {
        // MariaDB's JSON functions, read through jsonb: a path the document lacks is NULL, however
        // NOT NULL the document's column.
        return to - 1;
      }
    }
    // [qualifier .] column
    int column = last;
    if (column < from
        || !(lx.types[column] == WORD && lx.keywords[column] == 0
            || lx.types[column] == QUOTED_IDENT)) {
      return -1;
    }
    int start = column;
    if (column - 2 >= from && lx.types[column - 1] == DOT) {
      start = column - 2;
      if (start - 2 >= from && lx.types[start - 1] == DOT) {
        start -= 2;
      }
    }
    if (start != from) {
      return -1;
    }
    String name = name(lx, column);
    if (start < column) {
      // Qualified: the table its qualifier names, or none (a derived table's alias).
      String table = aliases.table(name(lx, column - 2));
      Boolean n = table == null ? null : nullable.of(table, name);
      return Boolean.TRUE.equals(n) ? to - 1 : -1;
    }
    boolean any = false;
    for (String table : tables) {
      Boolean n = nullable.of(table, name);
      if (n == null) {
        continue;
      }
      if (n) {
        any = true;
      }
    }
    return any ? to - 1 : -1;
  }

  private static String name(SqlLexer lx, int t) {
    String s = lx.text(t);
    return lx.types[t] == QUOTED_IDENT
        ? s.substring(1, s.length() - 1)
        : s.toLowerCase(Locale.ROOT);
  }
}
