package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code AVG(col)} of an integer or decimal column: MariaDB's average is a {@code DECIMAL} with
 * four places more than the column's ({@code div_precision_increment}), at most 38 (measured on
 * MariaDB 10.11: {@code AVG} of a {@code DECIMAL(12,2)} is {@code 71.245000}, of an {@code INT}
 * {@code 1.6667}, of a {@code DECIMAL(38,36)} 38 places), rounded half away from zero. PostgreSQL's
 * has at least 16 significant digits ({@code 71.2450000000000000}): equal as a number, but a {@code
 * BigDecimal} of another scale to the application ({@code equals}, {@code toString}). On a
 * PostgreSQL side it becomes {@code round(AVG(CAST(col AS NUMERIC(1000, s + 20))), s + 4)}: the
 * cast gives PostgreSQL's division 20 more places than the column, so the one rounding to MariaDB's
 * places is exact (rounding PostgreSQL's own 16 digits again could round a half the other way).
 * Only a lone column (qualified or not) whose PostgreSQL type is {@code smallint}, {@code integer},
 * {@code bigint} or {@code numeric(p,s)}, in the table its qualifier names or with that one type in
 * every table of the statement; an {@code AVG(DISTINCT ...)}, an expression, a window ({@code
 * OVER}) or a {@code FILTER} is left as it is.
 */
public final class Averages {
  private Averages() {}

  private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");

  /**
   * {@code sql} (PostgreSQL) with such averages rounded as MariaDB's, and the {@code SUM} of such
   * an {@code integer} or {@code smallint} column as {@code SUM(CAST(c AS NUMERIC))}: MariaDB's sum
   * of integers is a {@code DECIMAL} (a {@code BigDecimal} to the application), PostgreSQL's a
   * {@code bigint} (a {@code Long}); a {@code bigint}'s is a {@code numeric} already. The
   * statement's tables.
   */
  public static String rewrite(String sql, List<String> tables, BooleanLiterals.Types types)
      throws java.sql.SQLException {
    String lower = sql.toLowerCase(Locale.ROOT);
    if (tables.isEmpty() || !(lower.contains("avg") || lower.contains("sum"))) {
      return sql;
    }
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    if (namesDerivedColumns(lx)) {
      return sql;
    }
    TableAliases aliases = null;
    StringBuilder out = null;
    int copied = 0;
    for (int t = 0; t + 3 < lx.count; t++) {
      boolean sum = lx.isWord(t, "sum");
      if (!(sum || lx.isWord(t, "avg"))
          || lx.types[t + 1] != LPAREN
          || (t > 0 && lx.types[t - 1] == DOT)) {
        continue;
      }
      int first = t + 2;
      int column = first;
      if (column + 2 < lx.count && lx.types[column + 1] == DOT) {
        column += 2;
      }
      int close = column + 1;
      if (!BooleanLiterals.isColumn(lx, column)
          || (column > first && !BooleanLiterals.isColumn(lx, first))
          || close >= lx.count
          || lx.types[close] != RPAREN
          || (close + 1 < lx.count
              && (lx.isWord(close + 1, "over") || lx.isWord(close + 1, "filter")))) {
        continue;
      }
      if (aliases == null) {
        aliases = TableAliases.of(lx, tables);
      }
      String type = type(lx, column, tables, aliases, types);
      if (sum) {
        if (!"integer".equals(type) && !"smallint".equals(type)) {
          continue;
        }
        if (out == null) {
          out = new StringBuilder(sql.length() + 64);
        }
        out.append(sql, copied, lx.starts[first])
            .append("CAST(")
            .append(sql, lx.starts[first], lx.ends[column])
            .append(" AS NUMERIC)");
        copied = lx.ends[column];
        t = close;
        continue;
      }
      int scale = scale(type);
      if (scale < 0) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(sql.length() + 64);
      }
      out.append(sql, copied, lx.starts[t])
          .append("round(")
          .append(sql, lx.starts[t], lx.starts[first])
          .append("CAST(")
          .append(sql, lx.starts[first], lx.ends[column])
          .append(" AS NUMERIC(1000, ")
          .append(scale + 20)
          .append("))), ")
          .append(Math.min(scale + 4, 38))
          .append(')');
      copied = lx.ends[close];
      t = close;
    }
    return out == null ? sql : out.append(sql, copied, sql.length()).toString();
  }

  /**
   * Whether the statement has a {@code WITH} or a derived table ({@code FROM (SELECT ...) z}, also
   * after {@code JOIN}, {@code LATERAL} or a comma of the {@code FROM} list): a column named there
   * may be the derived one, of another type than the table's column of that name (measured on
   * MariaDB 10.11: {@code AVG(d)} over {@code (SELECT d * 1.1 AS d FROM t) z} has seven places for
   * a {@code DECIMAL(12,2)} {@code d}, which the table's scale rounded to six), and its alias may
   * be a table's name. The catalog cannot tell, so such a statement is left as it is.
   */
  static boolean namesDerivedColumns(SqlLexer lx) {
    for (int t = 0; t < lx.count; t++) {
      if (lx.isWord(t, "with")) {
        return true;
      }
      if (lx.types[t] != LPAREN) {
        continue;
      }
      int inner = t + 1;
      while (inner < lx.count && lx.types[inner] == LPAREN) {
        inner++;
      }
      if (inner >= lx.count || !(lx.isWord(inner, "select") || lx.isWord(inner, "values"))) {
        continue;
      }
      int before = t - 1;
      if (before >= 0
          && ((lx.types[before] == COMMA && inFromList(lx, before))
              || lx.isWord(before, "from")
              || lx.isWord(before, "join")
              || lx.isWord(before, "lateral"))) {
        return true;
      }
      t = inner - 1;
    }
    return false;
  }

  /**
   * Whether the comma at {@code comma} separates tables ({@code FROM a, (SELECT ...) z}) rather
   * than a select list's items or a function's arguments: the first {@code FROM} or {@code SELECT}
   * before it at its depth, true when neither is found.
   */
  private static boolean inFromList(SqlLexer lx, int comma) {
    int depth = 0;
    for (int t = comma - 1; t >= 0; t--) {
      if (lx.types[t] == RPAREN) {
        depth++;
      } else if (lx.types[t] == LPAREN) {
        if (depth == 0) {
          return false; // a function's or a list's arguments
        }
        depth--;
      } else if (depth == 0 && lx.isWord(t, "from")) {
        return true;
      } else if (depth == 0 && lx.isWord(t, "select")) {
        return false;
      }
    }
    return true;
  }

  /** The scale of an integer or {@code numeric(p,s)} type, or -1 for any other (or none). */
  private static int scale(String type) {
    if (type == null) {
      return -1;
    }
    switch (type) {
      case "smallint":
      case "integer":
      case "bigint":
        return 0;
      default:
        Matcher m = NUMERIC.matcher(type);
        return m.matches() ? Integer.parseInt(m.group(2)) : -1;
    }
  }

  /**
   * The column's PostgreSQL type: in the table its qualifier names, or unqualified the one type
   * every table of the statement that has it agrees on; null otherwise.
   */
  private static String type(
      SqlLexer lx, int t, List<String> tables, TableAliases aliases, BooleanLiterals.Types types)
      throws java.sql.SQLException {
    String column = name(lx, t);
    if (t >= 2 && lx.types[t - 1] == DOT) {
      String table = aliases.table(name(lx, t - 2));
      return table == null ? null : types.of(table, column);
    }
    String found = null;
    for (String table : tables) {
      String type = types.of(table, column);
      if (type == null) {
        continue;
      }
      if (found != null && !found.equals(type)) {
        return null;
      }
      found = type;
    }
    return found;
  }

  private static String name(SqlLexer lx, int t) {
    String s = lx.text(t);
    return lx.types[t] == QUOTED_IDENT
        ? s.substring(1, s.length() - 1).replace("\"\"", "\"")
        : s.toLowerCase(Locale.ROOT);
  }
}
