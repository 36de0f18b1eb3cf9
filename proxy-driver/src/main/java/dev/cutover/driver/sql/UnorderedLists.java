package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The result columns of a query that join a group's values in an order the engine chooses: a
 * select-list item that is MySQL's {@code GROUP_CONCAT(...)} without an {@code ORDER BY} inside,
 * optionally aliased. MariaDB joins the values in the order it read them and PostgreSQL's {@code
 * string_agg} (its translation) in its own, so a shadow read compares such a column by its
 * elements.
 *
 * <p>Only the top-level select list of a statement starting with {@code SELECT} is read, and only
 * up to a {@code *} (after which positions are unknown); a {@code GROUP_CONCAT} inside another
 * expression ({@code CONCAT('[', GROUP_CONCAT(id), ']')}) or a derived table is not found, and its
 * order is compared. Not on the statement path: computed on a shadow thread once per fingerprint.
 * Never throws.
 */
public final class UnorderedLists {
  /**
   * One such column.
   *
   * @param position its 1-based position in the result
   * @param separator the text between elements ({@code ','} unless {@code SEPARATOR} says)
   */
  public record Column(int position, String separator) {}

  private static final Set<String> ENDS =
      Set.of(
          "from",
          "into",
          "where",
          "group",
          "having",
          "window",
          "order",
          "limit",
          "union",
          "except",
          "intersect",
          "for",
          "lock");

  private UnorderedLists() {}

  /** The unordered-list columns of {@code sql}, in position order; empty for none. */
  public static List<Column> of(String sql, Dialect dialect) {
    if (sql == null || sql.isEmpty() || dialect != Dialect.MYSQL) {
      return List.of();
    }
    try {
      return parse(SqlLexer.lex(sql, dialect, false));
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static List<Column> parse(SqlLexer lx) {
    if (!lx.isWord(0, "select")) {
      return List.of();
    }
    int t = 1;
    while (t < lx.count && lx.types[t] == WORD && SelectLabels.MODIFIERS.contains(lower(lx, t))) {
      t++;
    }
    List<Column> out = new ArrayList<>(1);
    int position = 1;
    int start = t;
    int depth = 0;
    for (; t <= lx.count; t++) {
      boolean end = t == lx.count;
      if (!end) {
        int type = lx.types[t];
        if (type == LPAREN) {
          depth++;
          continue;
        }
        if (type == RPAREN) {
          if (--depth < 0) {
            end = true;
          } else {
            continue;
          }
        }
        end |= depth == 0 && (type == SEMICOLON || type == WORD && ENDS.contains(lower(lx, t)));
        if (!end && !(depth == 0 && type == COMMA)) {
          continue;
        }
      }
      if (t == start || star(lx, start, t)) {
        break;
      }
      String separator = separator(lx, start, t);
      if (separator != null) {
        out.add(new Column(position, separator));
      }
      if (end) {
        break;
      }
      position++;
      start = t + 1;
    }
    return out;
  }

  /** Whether the item {@code [from, to)} is {@code *} or {@code t.*}. */
  private static boolean star(SqlLexer lx, int from, int to) {
    return lx.types[to - 1] == OPERATOR
        && lx.isChar(to - 1, '*')
        && (to - 1 == from || lx.types[to - 2] == DOT);
  }

  /**
   * The separator when the item {@code [from, to)} is {@code GROUP_CONCAT(...)} without ORDER BY,
   * alone or with an alias; else null.
   */
  private static String separator(SqlLexer lx, int from, int to) {
    if (!lx.isWord(from, "group_concat") || from + 1 >= to || lx.types[from + 1] != LPAREN) {
      return null;
    }
    int depth = 0;
    int close = -1;
    String separator = ",";
    for (int t = from + 1; t < to; t++) {
      int type = lx.types[t];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        if (--depth == 0) {
          close = t;
          break;
        }
      } else if (depth == 1 && lx.isWord(t, "order") && lx.isWord(t + 1, "by")) {
        return null;
      } else if (depth == 1 && lx.isWord(t, "separator")) {
        if (t + 1 >= to || lx.types[t + 1] != STRING) {
          return null;
        }
        separator = unquoted(lx.text(t + 1));
        if (separator == null || separator.isEmpty()) {
          return null;
        }
      }
    }
    if (close < 0) {
      return null;
    }
    int rest = to - close - 1;
    boolean alias =
        rest == 0
            || rest == 1 && isAlias(lx, close + 1)
            || rest == 2 && lx.isWord(close + 1, "as") && isAlias(lx, close + 2);
    return alias ? separator : null;
  }

  private static boolean isAlias(SqlLexer lx, int t) {
    int type = lx.types[t];
    return type == WORD || type == QUOTED_IDENT || type == STRING;
  }

  /**
   * A plain MySQL string literal's value ({@code ','}, {@code '|'}, {@code ', '}, {@code '\n'}), or
   * null for a form not read here (a prefixed or hexadecimal one).
   */
  private static String unquoted(String literal) {
    if (literal.length() < 2) {
      return null;
    }
    char q = literal.charAt(0);
    if ((q != '\'' && q != '"') || literal.charAt(literal.length() - 1) != q) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < literal.length() - 1; i++) {
      char c = literal.charAt(i);
      if (c == q && i + 1 < literal.length() - 1 && literal.charAt(i + 1) == q) {
        out.append(q);
        i++;
      } else if (c == '\\' && i + 1 < literal.length() - 1) {
        char e = literal.charAt(++i);
        switch (e) {
          case 'n':
            out.append('\n');
            break;
          case 't':
            out.append('\t');
            break;
          case 'r':
            out.append('\r');
            break;
          case '0':
            out.append('\0');
            break;
          default:
            // \\ \' \" and, as MySQL reads them, any other escaped character itself.
            if (e == '%' || e == '_') {
              out.append('\\');
            }
            out.append(e);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String lower(SqlLexer lx, int t) {
    return lx.text(t).toLowerCase(java.util.Locale.ROOT);
  }
}
