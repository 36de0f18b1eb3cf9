package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MySQL's {@code ON UPDATE CURRENT_TIMESTAMP} on a PostgreSQL side, which has no such clause: a
 * translated single-table {@code UPDATE} of a table whose MySQL columns carry it, and the {@code DO
 * UPDATE SET} of a translated {@code ON DUPLICATE KEY UPDATE}, also set those columns, when the
 * statement does not, to the current time if the row changes, and leave them as they are if it does
 * not, as MySQL does.
 *
 * <p>PostgreSQL's SET expressions all see the old row, and a {@code ?} may not be written twice, so
 * the new values are computed once in a sub-select and compared there with the old ones:
 *
 * <pre>{@code
 * UPDATE t SET a = ?, b = b + 1 WHERE id = ?
 * UPDATE t SET (a, b, updated) = (SELECT cutover_new.v1, cutover_new.v2,
 *     CASE WHEN (t.a, t.b) IS NOT DISTINCT FROM (cutover_new.v1, cutover_new.v2) THEN t.updated
 *     ELSE CURRENT_TIMESTAMP END
 *     FROM (SELECT CAST((?) AS integer), CAST((b + 1) AS integer)) AS cutover_new(v1, v2))
 *   WHERE id = ?
 * }</pre>
 *
 * Each new value is cast to its column's type first, so a value the column rounds to the old one
 * (1.004 into a {@code numeric(10,2)} holding 1.00) is no change, as in MySQL; text is cast to
 * {@code text}, whose assignment still checks the column's length. A statement this class cannot
 * read whole (several statements, a join, a row assignment, {@code DEFAULT}, a column of a type
 * without equality such as {@code json}) is left as it is.
 */
public final class OnUpdateTimestamps {
  private OnUpdateTimestamps() {}

  /** What the rewrite needs to know about a table. */
  public interface Schema {
    /**
     * The columns the MySQL side sets to the current time when a row changes ({@code ON UPDATE
     * CURRENT_TIMESTAMP}), as named there; empty for none or an unknown table.
     */
    List<String> onUpdateColumns(String table) throws SQLException;

    /**
     * The PostgreSQL type a value of {@code column} is cast to before it is compared (its type with
     * the modifiers that round, {@code text} for strings), or null when the column is unknown or
     * its type has no equality.
     */
    String comparableType(String table, String column) throws SQLException;

    /** The column's name as the PostgreSQL table spells it, or null when it has no such column. */
    String columnName(String table, String column) throws SQLException;
  }

  /** Whether {@code sql} may be an UPDATE or upsert this class rewrites; cheap. */
  public static boolean applies(String sql) {
    return startsWithWord(sql, "update")
        || startsWithWord(sql, "insert") && sql.toLowerCase(Locale.ROOT).contains("do update");
  }

  /** Whether the first word of {@code sql}, after whitespace and comments, is {@code word}. */
  public static boolean startsWithWord(String sql, String word) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      if (Character.isWhitespace(sql.charAt(i))) {
        i++;
      } else if (sql.startsWith("/*", i)) {
        // A leading comment (Hibernate's use_sql_comments): the statement follows it.
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (sql.startsWith("--", i)) {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else {
        break;
      }
    }
    return sql.regionMatches(true, i, word, 0, word.length())
        && (i + word.length() >= n || !Character.isLetterOrDigit(sql.charAt(i + word.length())));
  }

  private record Assignment(int target, int valueFrom, int valueTo) {}

  /** {@code sql} (PostgreSQL) with the table's on-update columns set as MySQL sets them. */
  public static String rewrite(String sql, Schema schema) throws SQLException {
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    int count = lx.count;
    while (count > 0 && lx.types[count - 1] == SEMICOLON) {
      count--;
    }
    for (int t = 0; t < count; t++) {
      if (lx.types[t] == SEMICOLON) {
        return sql;
      }
    }
    Target where =
        count == 0 ? null : lx.isWord(0, "update") ? update(lx, count) : upsert(lx, count);
    if (where == null) {
      return sql;
    }
    int tableFrom = where.tableFrom();
    int tableTo = where.tableTo();
    String alias = where.alias();
    int t = where.set();
    int setAt = t;
    t++;
    List<Assignment> assignments = new ArrayList<>();
    int end = count;
    while (true) {
      if (!isName(lx, t, count) || t + 1 >= count || !isEquals(lx, t + 1)) {
        return sql;
      }
      int target = t;
      int from = t + 2;
      int depth = 0;
      int i = from;
      for (; i < count; i++) {
        int type = lx.types[i];
        if (type == LPAREN) {
          depth++;
        } else if (type == RPAREN) {
          depth--;
        } else if (depth == 0
            && (type == COMMA
                || lx.isWord(i, "where")
                || lx.isWord(i, "from")
                || lx.isWord(i, "returning"))) {
          break;
        }
      }
      if (i == from || (i == from + 1 && lx.isWord(from, "default"))) {
        return sql;
      }
      assignments.add(new Assignment(target, from, i));
      if (i < count && lx.types[i] == COMMA) {
        t = i + 1;
        continue;
      }
      if (i < count && lx.isWord(i, "from")) {
        // UPDATE ... FROM: a join, whose row changes this class does not follow.
        return sql;
      }
      end = i;
      break;
    }
    String table = unquoted(lx, tableFrom, tableTo);
    List<String> onUpdate = schema.onUpdateColumns(table);
    if (onUpdate.isEmpty()) {
      return sql;
    }
    List<String> assigned = new ArrayList<>(assignments.size());
    for (Assignment a : assignments) {
      assigned.add(unquoted(lx, a.target(), a.target() + 1).toLowerCase(Locale.ROOT));
    }
    List<String> stamped = new ArrayList<>();
    for (String c : onUpdate) {
      if (assigned.contains(c.toLowerCase(Locale.ROOT))) {
        // Set by the statement: MySQL stores the value given.
        continue;
      }
      String name = schema.columnName(table, c);
      if (name == null) {
        return sql;
      }
      stamped.add(name);
    }
    if (stamped.isEmpty()) {
      return sql;
    }
    List<String> types = new ArrayList<>(assignments.size());
    for (String c : assigned) {
      String type = schema.comparableType(table, c);
      if (type == null) {
        return sql;
      }
      types.add(type);
    }
    String q = alias != null ? alias : lx.sql.substring(lx.starts[tableFrom], lx.ends[tableTo - 1]);
    StringBuilder out = new StringBuilder(sql.length() + 200);
    out.append(sql, 0, lx.ends[setAt]).append(" (");
    for (Assignment a : assignments) {
      out.append(lx.text(a.target())).append(", ");
    }
    for (int k = 0; k < stamped.size(); k++) {
      out.append(k > 0 ? ", " : "").append(quote(stamped.get(k)));
    }
    out.append(") = (SELECT ");
    StringBuilder news = new StringBuilder();
    StringBuilder olds = new StringBuilder();
    for (int k = 1; k <= assignments.size(); k++) {
      news.append(k > 1 ? ", " : "").append("cutover_new.v").append(k);
      olds.append(k > 1 ? ", " : "")
          .append(q)
          .append('.')
          .append(lx.text(assignments.get(k - 1).target()));
    }
    out.append(news);
    for (String s : stamped) {
      out.append(", CASE WHEN (")
          .append(olds)
          .append(") IS NOT DISTINCT FROM (")
          .append(news)
          .append(") THEN ")
          .append(q)
          .append('.')
          .append(quote(s))
          .append(" ELSE CURRENT_TIMESTAMP END");
    }
    out.append(" FROM (SELECT ");
    for (int k = 0; k < assignments.size(); k++) {
      Assignment a = assignments.get(k);
      out.append(k > 0 ? ", " : "")
          .append("CAST((")
          .append(sql, lx.starts[a.valueFrom()], lx.ends[a.valueTo() - 1])
          .append(") AS ")
          .append(types.get(k))
          .append(')');
    }
    out.append(") AS cutover_new(");
    for (int k = 1; k <= assignments.size(); k++) {
      out.append(k > 1 ? ", " : "").append('v').append(k);
    }
    out.append("))");
    // WHERE, RETURNING and whatever follows the last value, as written.
    out.append(sql, lx.ends[end - 1], sql.length());
    return out.toString();
  }

  /** Where the table, its alias and the SET keyword of the assignments are. */
  private record Target(int tableFrom, int tableTo, String alias, int set) {}

  /** {@code UPDATE [ONLY] table [[AS] alias] SET}. */
  private static Target update(SqlLexer lx, int count) {
    int t = 1;
    if (t < count && lx.isWord(t, "only")) {
      t++;
    }
    return tableThen(lx, t, count, "set");
  }

  /**
   * {@code INSERT INTO table [AS alias] ... ON CONFLICT ... DO UPDATE SET}, the upsert's update.
   */
  private static Target upsert(SqlLexer lx, int count) {
    if (!lx.isWord(0, "insert") || count < 3 || !lx.isWord(1, "into")) {
      return null;
    }
    Target table = tableThen(lx, 2, count, null);
    if (table == null) {
      return null;
    }
    int depth = 0;
    for (int t = table.set(); t + 3 < count; t++) {
      if (lx.types[t] == LPAREN) {
        depth++;
      } else if (lx.types[t] == RPAREN) {
        depth--;
      } else if (depth == 0
          && lx.isWord(t, "do")
          && lx.isWord(t + 1, "update")
          && lx.isWord(t + 2, "set")) {
        return new Target(table.tableFrom(), table.tableTo(), table.alias(), t + 2);
      }
    }
    return null;
  }

  /**
   * A possibly qualified table name at {@code t} with an optional alias, followed by the word
   * {@code next} (whose token {@link Target#set} gives), or by anything when {@code next} is null
   * (then {@code set} is the token after the name and alias).
   */
  private static Target tableThen(SqlLexer lx, int t, int count, String next) {
    int tableFrom = t;
    if (!isName(lx, t, count)) {
      return null;
    }
    while (t + 2 < count && lx.types[t + 1] == DOT && isName(lx, t + 2, count)) {
      t += 2;
    }
    int tableTo = t + 1;
    t++;
    String alias = null;
    boolean as = t < count && lx.isWord(t, "as");
    if (as) {
      t++;
    }
    if (t < count && (as || next != null) && !lx.isWord(t, "set") && isName(lx, t, count)) {
      alias = lx.text(t);
      t++;
    }
    if (next != null && (t >= count || !lx.isWord(t, next))) {
      return null;
    }
    return new Target(tableFrom, tableTo, alias, t);
  }

  private static boolean isName(SqlLexer lx, int t, int count) {
    return t < count && (lx.types[t] == QUOTED_IDENT || lx.types[t] == WORD && !isReserved(lx, t));
  }

  private static boolean isReserved(SqlLexer lx, int t) {
    for (String w : new String[] {"set", "where", "from", "returning", "as", "only"}) {
      if (lx.isWord(t, w)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isEquals(SqlLexer lx, int t) {
    return lx.types[t] == OPERATOR && lx.ends[t] - lx.starts[t] == 1 && lx.isChar(t, '=');
  }

  /** The name in tokens {@code [from, to)} without quotes: {@code "s"."t"} as {@code s.t}. */
  private static String unquoted(SqlLexer lx, int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int t = from; t < to; t++) {
      if (lx.types[t] == DOT) {
        b.append('.');
      } else if (lx.types[t] == QUOTED_IDENT) {
        String s = lx.text(t);
        b.append(s, 1, s.length() - 1);
      } else {
        b.append(lx.text(t));
      }
    }
    return b.toString();
  }

  private static String quote(String column) {
    return '"' + column.replace("\"", "\"\"") + '"';
  }
}
