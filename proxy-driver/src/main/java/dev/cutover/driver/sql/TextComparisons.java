package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.BooleanLiterals.comparison;
import static dev.cutover.driver.sql.BooleanLiterals.isColumn;
import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A character column compared with a number written in the SQL text ({@code WHERE zip = 75001},
 * {@code code IN (12, 34)}): MariaDB converts and compares, PostgreSQL refuses {@code character
 * varying = integer}, so the read failed after the switch and the write was journaled before. On a
 * PostgreSQL side such a literal, standing alone beside {@code =}, {@code <>}, {@code !=} (either
 * way round) or in an {@code [NOT] IN} list of literals after the column, becomes the string {@code
 * '75001'} (as MariaDB reads the number: {@code 00123} is {@code '123'}) when the column is {@code
 * text}, {@code character varying} or {@code character} (read once per table; unqualified, in every
 * table of the statement that has it). MariaDB compares such a pair as numbers, so a text that is
 * not the number's canonical form ({@code '075001'}, {@code '7.5'} against {@code 7.50}) matches
 * there and not here. Ordering comparisons ({@code <}, {@code >}), which would compare text,
 * negative numbers and E notation are left as they are.
 */
public final class TextComparisons {
  private TextComparisons() {}

  private static final Pattern PLAIN = Pattern.compile("[0-9]+(\\.[0-9]+)?|\\.[0-9]+");

  /** {@code sql} (PostgreSQL) with such literals quoted; the statement's {@code tables}. */
  public static String rewrite(String sql, List<String> tables, BooleanLiterals.Types types)
      throws java.sql.SQLException {
    if (tables.isEmpty() || sql.indexOf('=') < 0 && !sql.toLowerCase(Locale.ROOT).contains(" in")) {
      return sql;
    }
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    TableAliases aliases = TableAliases.of(lx, tables);
    TreeMap<Integer, Integer> quote = new TreeMap<>();
    for (int t = 0; t < lx.count; t++) {
      if (isPlainNumber(lx, t)) {
        int column = -1;
        if (comparison(lx, t - 1) && isColumn(lx, t - 2)) {
          column = t - 2;
        } else if (comparison(lx, t + 1) && isColumn(lx, t + 2)) {
          int c = t + 2;
          if (c + 2 < lx.count && lx.types[c + 1] == DOT && isColumn(lx, c + 2)) {
            c += 2;
          }
          if (!(c + 1 < lx.count && (lx.types[c + 1] == DOT || lx.types[c + 1] == LPAREN))
              && !arithmetic(lx, c + 1)) {
            column = c;
          }
        }
        if (column >= 0
            && (column > t || !arithmetic(lx, column - (qualified(lx, column) ? 3 : 1)))
            && isText(lx, column, tables, aliases, types)) {
          quote.put(t, t);
        }
        continue;
      }
      // column [NOT] IN (n, n, ...)
      if (!lx.isWord(t, "in") || t + 1 >= lx.count || lx.types[t + 1] != LPAREN) {
        continue;
      }
      int column = lx.isWord(t - 1, "not") ? t - 2 : t - 1;
      if (!isColumn(lx, column)) {
        continue;
      }
      int i = t + 2;
      boolean numbers = true;
      while (i < lx.count && numbers) {
        numbers = lx.types[i] == NUMBER && PLAIN.matcher(lx.text(i)).matches();
        if (i + 1 < lx.count && lx.types[i + 1] == RPAREN) {
          break;
        }
        numbers &= i + 1 < lx.count && lx.types[i + 1] == COMMA;
        i += 2;
      }
      if (!numbers
          || i >= lx.count
          || arithmetic(lx, column - (qualified(lx, column) ? 3 : 1))
          || !isText(lx, column, tables, aliases, types)) {
        continue;
      }
      for (int k = t + 2; k <= i; k += 2) {
        quote.put(k, k);
      }
      t = i;
    }
    if (quote.isEmpty()) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length() + 2 * quote.size());
    int copied = 0;
    for (int t : quote.keySet()) {
      // As MariaDB reads the number (00123 is 123, .5 is 0.5): what it finds and stores, and what
      // PostgreSQL's cast of the unquoted number stored before.
      String number = new java.math.BigDecimal(lx.text(t)).toPlainString();
      out.append(sql, copied, lx.starts[t]).append('\'').append(number).append('\'');
      copied = lx.ends[t];
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  /**
   * For each parameter marker of {@code sql} (PostgreSQL), in order: whether a number bound there
   * for a text parameter may go as its decimal text, as MariaDB converts it: the marker stands
   * alone beside {@code =}, {@code <>} or {@code !=} ({@code code = ?}, {@code SET code = ?}), in
   * an {@code IN} list or as an argument of a function ({@code lpad(?, 5, '0')}). Elsewhere the
   * number stays one: a select-list item ({@code SELECT ?} is an integer in MariaDB), an ordering
   * comparison (MariaDB compares {@code code > ?} as numbers; as text '123' > '5' is false).
   */
  public static boolean[] numbersAsText(String sql) {
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    java.util.List<Boolean> out = new java.util.ArrayList<>();
    for (int t = 0; t < lx.count; t++) {
      if (lx.types[t] == SqlLexer.PARAM) {
        out.add(equatedOrArgument(lx, t));
      }
    }
    boolean[] result = new boolean[out.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = out.get(i);
    }
    return result;
  }

  private static boolean equatedOrArgument(SqlLexer lx, int t) {
    boolean operatorBefore = t > 0 && lx.types[t - 1] == OPERATOR;
    boolean operatorAfter = t + 1 < lx.count && lx.types[t + 1] == OPERATOR;
    if (comparison(lx, t - 1) && !operatorAfter || comparison(lx, t + 1) && !operatorBefore) {
      return true;
    }
    if (t == 0 || t + 1 >= lx.count) {
      return false;
    }
    int before = lx.types[t - 1];
    int after = lx.types[t + 1];
    if (!(before == LPAREN || before == COMMA) || !(after == RPAREN || after == COMMA)) {
      return false;
    }
    // The parenthesis the marker is in: an IN list's or a call's.
    int depth = 0;
    for (int i = t - 1; i >= 0; i--) {
      if (lx.types[i] == RPAREN) {
        depth++;
      } else if (lx.types[i] == LPAREN && depth-- == 0) {
        return i > 0
            && (lx.isWord(i - 1, "in")
                || lx.types[i - 1] == WORD && lx.keywords[i - 1] == 0 && !passesThrough(lx, i - 1)
                // String functions whose names the lexer knows as keywords.
                || lx.isWord(i - 1, "left")
                || lx.isWord(i - 1, "right")
                || lx.isWord(i - 1, "replace"));
      }
    }
    return false;
  }

  /**
   * A call that answers one of its arguments ({@code SELECT COALESCE(?, ?)} is a number in MariaDB
   * when the values are).
   */
  private static boolean passesThrough(SqlLexer lx, int name) {
    return lx.isWord(name, "coalesce")
        || lx.isWord(name, "nullif")
        || lx.isWord(name, "greatest")
        || lx.isWord(name, "least");
  }

  /** An unsigned number as written, standing alone: not an operand of arithmetic around it. */
  private static boolean isPlainNumber(SqlLexer lx, int t) {
    return lx.types[t] == NUMBER
        && PLAIN.matcher(lx.text(t)).matches()
        && !arithmetic(lx, t - 1)
        && !arithmetic(lx, t + 1);
  }

  private static boolean qualified(SqlLexer lx, int column) {
    return column >= 2 && lx.types[column - 1] == DOT;
  }

  private static boolean arithmetic(SqlLexer lx, int t) {
    if (t < 0 || t >= lx.count || lx.types[t] != OPERATOR) {
      return false;
    }
    String op = lx.text(t);
    return !(op.equals("=") || op.equals("<>") || op.equals("!=") || op.equals("("));
  }

  /**
   * Whether the column at {@code t} is of a character type: in the table its qualifier names, or
   * unqualified in every table of the statement that has it.
   */
  private static boolean isText(
      SqlLexer lx, int t, List<String> tables, TableAliases aliases, BooleanLiterals.Types types)
      throws java.sql.SQLException {
    String column = TableAliases.name(lx, t);
    if (qualified(lx, t)) {
      String table = aliases.table(TableAliases.name(lx, t - 2));
      return table != null && isCharacterType(types.of(table, column));
    }
    boolean found = false;
    for (String table : tables) {
      String type = types.of(table, column);
      if (type == null) {
        continue;
      }
      if (!isCharacterType(type)) {
        return false;
      }
      found = true;
    }
    return found;
  }

  private static boolean isCharacterType(String type) {
    return type != null
        && (type.equals("text")
            || type.startsWith("character varying")
            || type.startsWith("character(")
            || type.equals("character")
            || type.equals("citext"));
  }
}
