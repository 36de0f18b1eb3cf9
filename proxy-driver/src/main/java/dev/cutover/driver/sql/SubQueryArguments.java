package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.Locale;
import java.util.Set;

/**
 * Arguments a translation may not move into a sub-query of its own ({@code (SELECT ... FROM (SELECT
 * x) AS ...)}): a window or an aggregate naming no column, which PostgreSQL would then evaluate in
 * that sub-query's single row. {@link SqlTranslator} undoes any function rewrite that does so (see
 * its {@code ownsRows}).
 */
final class SubQueryArguments {
  private SubQueryArguments() {}

  /**
   * MariaDB's aggregate functions (and PostgreSQL's, should one be written): an argument holding
   * one, or a window ({@code OVER}), is not moved into a sub-query.
   */
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
          "json_objectagg",
          "string_agg",
          "array_agg");

  /**
   * Whether tokens {@code [from, to)} hold a window ({@code OVER}) or an aggregate call that names
   * no column ({@code COUNT(*)}, {@code SUM(1)}), outside a sub-query of their own. PostgreSQL
   * evaluates an aggregate in the query of its columns, so {@code MAX(p)} stays the outer query's;
   * one without a column, and a window, belong to the sub-query the argument is moved into.
   */
  static boolean grouped(SqlTranslator tr, int from, int to) {
    SqlLexer lx = tr.lx;
    for (int i = from; i < to; i++) {
      int skip = subQuery(lx, tr, i, to);
      if (skip != i) {
        if (skip < 0) {
          return true;
        }
        i = skip;
        continue;
      }
      if (lx.types[i] != WORD) {
        continue;
      }
      String w = lx.text(i).toLowerCase(Locale.ROOT);
      int n = tr.nextSignificant(i + 1);
      if (w.equals("over")) {
        return true;
      }
      if (n < to && lx.types[n] == LPAREN && AGGREGATES.contains(w)) {
        int close = lx.closing(n, to);
        if (close < 0 || !namesColumn(lx, tr, n + 1, close)) {
          return true;
        }
        i = close;
      }
    }
    return false;
  }

  /** The end of the sub-query whose parenthesis is at {@code i}, -1 unclosed, else {@code i}. */
  private static int subQuery(SqlLexer lx, SqlTranslator tr, int i, int to) {
    if (lx.types[i] != LPAREN) {
      return i;
    }
    int n = tr.nextSignificant(i + 1);
    return n < to && lx.isWord(n, "select") ? lx.closing(i, to) : i;
  }

  /** Whether tokens {@code [from, to)}, outside sub-queries, name a column. */
  private static boolean namesColumn(SqlLexer lx, SqlTranslator tr, int from, int to) {
    for (int i = from; i < to; i++) {
      int skip = subQuery(lx, tr, i, to);
      if (skip != i) {
        if (skip < 0) {
          return false;
        }
        i = skip;
        continue;
      }
      if (lx.types[i] == SqlLexer.QUOTED_IDENT) {
        return true;
      }
      if (lx.types[i] != WORD) {
        continue;
      }
      int n = tr.nextSignificant(i + 1);
      boolean call = n < to && lx.types[n] == LPAREN;
      boolean typed = n < to && lx.types[n] == STRING;
      if (!call && !typed && !NOT_COLUMNS.contains(lx.text(i).toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /** Words inside an aggregate's parentheses that are no column. */
  private static final Set<String> NOT_COLUMNS =
      Set.of(
          "distinct",
          "all",
          "null",
          "true",
          "false",
          "unknown",
          "as",
          "case",
          "when",
          "then",
          "else",
          "end",
          "and",
          "or",
          "not",
          "xor",
          "is",
          "in",
          "between",
          "like",
          "escape",
          "regexp",
          "rlike",
          "separator",
          "order",
          "by",
          "asc",
          "desc",
          "interval",
          "div",
          "mod",
          "binary",
          "collate",
          "current_date",
          "current_time",
          "current_timestamp",
          "current_user",
          "localtime",
          "localtimestamp",
          "utc_date",
          "utc_time",
          "utc_timestamp",
          "year",
          "month",
          "day",
          "hour",
          "minute",
          "second",
          "microsecond",
          "week",
          "quarter",
          "date",
          "time",
          "timestamp",
          "datetime",
          "signed",
          "unsigned",
          "integer",
          "int",
          "char",
          "decimal");
}
