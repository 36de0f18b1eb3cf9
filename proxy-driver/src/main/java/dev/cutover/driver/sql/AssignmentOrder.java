package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.COMMENT;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.EXEC_COMMENT_CLOSE;
import static dev.cutover.driver.sql.SqlLexer.EXEC_COMMENT_OPEN;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The assignments of a SET list that read a column an earlier assignment of the same list sets.
 *
 * <p>MySQL and MariaDB apply the assignments of a single-table {@code UPDATE} and of {@code ON
 * DUPLICATE KEY UPDATE} left to right, so a later one reads the new value: {@code SET a = a + 1, b
 * = a} sets {@code b} to the new {@code a}. PostgreSQL evaluates every expression on the old row.
 * From MySQL to PostgreSQL the reference is therefore replaced by the earlier expression in
 * parentheses ({@code b = (a + 1)}), itself with its references replaced, which is exact. Where
 * that is impossible the statement is not rewritten, and {@link #risk()} says why its rows may
 * differ, for the driver to journal: the earlier expression holds a parameter (which must not be
 * repeated), a sub-query or a non-deterministic function; the reading expression holds a sub-query;
 * the name may be a keyword rather than the column ({@code INTERVAL 1 DAY} beside a column {@code
 * day}); it is a multi-table UPDATE, whose order MySQL does not guarantee; or the statement is
 * PostgreSQL's, which MySQL would read left to right.
 */
final class AssignmentOrder {
  /** Nothing reads a column assigned before it. */
  static final AssignmentOrder NONE = new AssignmentOrder(List.of(), null);

  /**
   * A reference, tokens {@code [start, end]}, to be replaced by the expression, tokens {@code
   * [valueStart, valueEnd)}, of the assignment it reads.
   */
  record Substitution(
      int start, int end, int valueStart, int valueEnd, String table, String column) {}

  /**
   * Words that may stand in an expression for something other than a column (an interval unit, a
   * type of a literal or a cast, a constant); unquoted and named like an assigned column, they make
   * the statement a {@link #risk()} rather than be replaced.
   */
  static final Set<String> AMBIGUOUS =
      Set.of(
          "null",
          "true",
          "false",
          "unknown",
          "default",
          "microsecond",
          "second",
          "minute",
          "hour",
          "day",
          "week",
          "month",
          "quarter",
          "year",
          "date",
          "time",
          "timestamp",
          "datetime",
          "char",
          "binary",
          "signed",
          "unsigned",
          "decimal",
          "integer",
          "double",
          "float",
          "json");

  private final List<Substitution> substitutions;
  private final String risk;

  private AssignmentOrder(List<Substitution> substitutions, String risk) {
    this.substitutions = List.copyOf(substitutions);
    this.risk = risk;
  }

  /**
   * The references to replace, in token order; empty when nothing reads an earlier assignment or
   * when {@link #risk()} is set (then nothing is replaced).
   */
  List<Substitution> substitutions() {
    return substitutions;
  }

  /**
   * Why the statement, written in the lexer's dialect, may leave different rows on MySQL/MariaDB
   * and on PostgreSQL because of the order of its assignments; null when it does not.
   */
  String risk() {
    return risk;
  }

  /**
   * One assignment {@code [qualifier.]column = value}, its name at tokens {@code [nameStart,
   * columnToken]}.
   */
  private record Assignment(
      String qualifier,
      String column,
      int valueStart,
      int valueEnd,
      int nameStart,
      int columnToken) {}

  /** The assignments of the statement of tokens {@code [from, to)}; never throws. */
  static AssignmentOrder of(SqlLexer lx, int from, int to) {
    try {
      return new Reader(lx, to).read(from);
    } catch (RuntimeException e) {
      return NONE;
    }
  }

  /**
   * The qualifiers of a MySQL single-table UPDATE's assigned columns that name its table or alias
   * ({@code UPDATE orders SET orders.total = 1}, {@code UPDATE orders o SET o.total = 1}), each as
   * tokens {@code [start, end)}: the qualifier and its dot, which PostgreSQL refuses on a SET
   * target (it reads {@code orders.total} as the column {@code orders}, a composite, and its field
   * {@code total}: "column orders of relation orders does not exist"). Dropping them is exact:
   * every column of a single-table UPDATE belongs to its table. Empty for anything else, and a
   * qualifier naming neither is left as it is.
   */
  static List<int[]> targetQualifiers(SqlLexer lx, int from, int to) {
    try {
      return new Reader(lx, to).targetQualifiers(from);
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static final class Reader {
    private final SqlLexer lx;
    private final int to;
    private final boolean mysql;
    private boolean multiTable;

    /** The table the assignments set, unquoted ({@code s.t} when qualified), or null. */
    private String table;

    /** The tokens of an UPDATE's (first) table name, {@code [tableStart, tableEnd)}. */
    private int tableStart = -1;

    private int tableEnd = -1;

    /** The token of a single-table UPDATE's alias, or -1. */
    private int aliasToken = -1;

    Reader(SqlLexer lx, int to) {
      this.lx = lx;
      this.to = to;
      this.mysql = lx.dialect == Dialect.MYSQL;
    }

    AssignmentOrder read(int from) {
      if (lx.dialect != Dialect.MYSQL && lx.dialect != Dialect.POSTGRES) {
        return NONE;
      }
      int head = next(from);
      int list = -1;
      int k = keyword(head);
      if (k == Keywords.UPDATE) {
        list = updateList(head);
      } else if (mysql && (k == Keywords.INSERT || k == Keywords.REPLACE)) {
        list = onDuplicateKeyUpdate(head);
      }
      if (list < 0) {
        return NONE;
      }
      List<Assignment> assignments = assignments(list);
      return assignments == null ? NONE : references(assignments);
    }

    List<int[]> targetQualifiers(int from) {
      if (!mysql) {
        return List.of();
      }
      int head = next(from);
      if (keyword(head) != Keywords.UPDATE) {
        return List.of();
      }
      int list = updateList(head);
      if (list < 0 || multiTable) {
        return List.of();
      }
      List<Assignment> assignments = assignments(list);
      if (assignments == null) {
        return List.of();
      }
      // As MariaDB 10.11 reads them (measured, lower_case_table_names 0): the alias, or the
      // table as written or without its schema, with case (UPDATE t SET T.a is refused there).
      String alias = aliasToken >= 0 ? exact(aliasToken, aliasToken + 1) : null;
      String written = exact(tableStart, tableEnd);
      String last = exact(tableEnd - 1, tableEnd);
      List<int[]> out = new ArrayList<>();
      for (Assignment a : assignments) {
        if (a.nameStart == a.columnToken) {
          continue;
        }
        String qualifier = exact(a.nameStart, a.columnToken - 1);
        if (alias != null
            ? qualifier.equals(alias)
            : qualifier.equals(written) || qualifier.equals(last)) {
          out.add(new int[] {a.nameStart, a.columnToken});
        }
      }
      return out;
    }

    /** Tokens {@code [from, end)} of a possibly qualified name, unquoted, with case, dot-joined. */
    private String exact(int from, int end) {
      StringBuilder b = new StringBuilder();
      for (int t = from; t < end; t++) {
        if (lx.types[t] == DOT) {
          b.append('.');
        } else if (lx.types[t] == QUOTED_IDENT) {
          Fingerprint.appendUnquoted(b, lx.sql, lx.starts[t], lx.ends[t]);
        } else if (lx.types[t] == WORD) {
          b.append(lx.text(t));
        }
      }
      return b.toString();
    }

    /** The first token of a single- or multi-table UPDATE's SET list, or -1. */
    private int updateList(int head) {
      int t = next(head + 1);
      while (keyword(t) == Keywords.LOW_PRIORITY
          || keyword(t) == Keywords.IGNORE
          || keyword(t) == Keywords.ONLY) {
        t = next(t + 1);
      }
      if (!isName(t)) {
        return -1;
      }
      table = qualifiedName(t, nameEnd(t));
      tableStart = t;
      tableEnd = nameEnd(t);
      t = next(nameEnd(t));
      if (t < to && lx.types[t] == OPERATOR && lx.isChar(t, '*')) {
        t = next(t + 1); // PostgreSQL's UPDATE t * SET
      }
      if (keyword(t) == Keywords.AS) {
        aliasToken = isName(next(t + 1)) ? next(t + 1) : -1;
        t = next(next(t + 1) + 1);
      } else if (isName(t) && keyword(t) != Keywords.SET) {
        aliasToken = t;
        t = next(t + 1);
      }
      if (keyword(t) == Keywords.SET) {
        return t + 1;
      }
      // A join or a list of tables before SET.
      int set = topLevel(t, Keywords.SET);
      multiTable = true;
      return set < 0 ? -1 : set + 1;
    }

    /** The first token after a top-level ON DUPLICATE KEY UPDATE, or -1. */
    private int onDuplicateKeyUpdate(int head) {
      int name = next(head + 1);
      while (keyword(name) == Keywords.IGNORE
          || keyword(name) == Keywords.LOW_PRIORITY
          || keyword(name) == Keywords.INTO) {
        name = next(name + 1);
      }
      if (isName(name)) {
        table = qualifiedName(name, nameEnd(name));
      }
      int depth = 0;
      for (int t = head; t < to; t++) {
        int type = lx.types[t];
        if (type == LPAREN) {
          depth++;
        } else if (type == RPAREN) {
          depth--;
        } else if (depth == 0 && keyword(t) == Keywords.DUPLICATE) {
          int key = next(t + 1);
          int update = next(key + 1);
          return keyword(key) == Keywords.KEY && keyword(update) == Keywords.UPDATE
              ? update + 1
              : -1;
        }
      }
      return -1;
    }

    /** The assignments from {@code t} to the end of the list, or null when they do not read so. */
    private List<Assignment> assignments(int t) {
      List<Assignment> list = new ArrayList<>(4);
      while (true) {
        int name = next(t);
        if (!isName(name)) {
          return null;
        }
        int end = nameEnd(name);
        int column = end - 1;
        String qualifier = end - name >= 3 ? unquoted(end - 3) : null;
        int equals = next(end);
        if (equals >= to || lx.types[equals] != OPERATOR || !lx.isChar(equals, '=')) {
          return null;
        }
        int depth = 0;
        int valueEnd = equals + 1;
        boolean last = false;
        for (; valueEnd < to; valueEnd++) {
          int type = lx.types[valueEnd];
          if (type == LPAREN) {
            depth++;
          } else if (type == RPAREN) {
            if (--depth < 0) {
              return null;
            }
          } else if (depth == 0 && type == COMMA) {
            break;
          } else if (depth == 0 && endsList(valueEnd)) {
            last = true;
            break;
          }
        }
        int valueStart = next(equals + 1);
        if (depth != 0 || valueStart >= valueEnd) {
          return null;
        }
        list.add(
            new Assignment(
                qualifier,
                unquoted(column),
                valueStart,
                lastSignificant(valueStart, valueEnd) + 1,
                name,
                column));
        if (last || valueEnd >= to) {
          return list;
        }
        t = valueEnd + 1;
      }
    }

    private boolean endsList(int t) {
      int k = keyword(t);
      return k == Keywords.WHERE
          || k == Keywords.ORDER
          || k == Keywords.LIMIT
          || k == Keywords.RETURNING
          || k == Keywords.FROM;
    }

    /** The references of each value to the columns assigned before it. */
    private AssignmentOrder references(List<Assignment> list) {
      List<Substitution> out = new ArrayList<>();
      String risk = null;
      for (int i = 1; i < list.size() && risk == null; i++) {
        Assignment a = list.get(i);
        boolean subQuery = has(a.valueStart, a.valueEnd, Keywords.SELECT);
        for (int t = a.valueStart; t < a.valueEnd && risk == null; t++) {
          if (mysql
              && (keyword(t) == Keywords.VALUES || keyword(t) == Keywords.VALUE)
              && next(t + 1) < a.valueEnd
              && lx.types[next(t + 1)] == LPAREN) {
            t = closing(next(t + 1)); // VALUES(c) of ON DUPLICATE KEY UPDATE: the inserted value
            continue;
          }
          if (lx.types[t] != WORD && lx.types[t] != QUOTED_IDENT) {
            continue;
          }
          int end = nameEnd(t);
          int after = next(end);
          int before = previous(t);
          if ((after < a.valueEnd && lx.types[after] == LPAREN)
              || (before >= 0 && (lx.types[before] == DOT || keyword(before) == Keywords.AS))) {
            t = end - 1;
            continue;
          }
          String column = unquoted(end - 1);
          String qualifier = end - t >= 3 ? unquoted(end - 3) : null;
          int read = assignedBefore(list, i, qualifier, column);
          if (read >= 0) {
            risk = risk(list.get(read), column, subQuery, lx.types[end - 1] == WORD);
            if (risk == null) {
              Assignment earlier = list.get(read);
              out.add(
                  new Substitution(
                      t, end - 1, earlier.valueStart, earlier.valueEnd, table, earlier.column));
            }
          }
          t = end - 1;
        }
      }
      return risk != null ? new AssignmentOrder(List.of(), risk) : new AssignmentOrder(out, null);
    }

    /** Tokens {@code [from, end)} of a possibly qualified name, unquoted and dot-joined. */
    private String qualifiedName(int from, int end) {
      StringBuilder b = new StringBuilder();
      for (int t = from; t < end; t++) {
        if (lx.types[t] == DOT) {
          b.append('.');
        } else if (lx.types[t] == WORD || lx.types[t] == QUOTED_IDENT) {
          b.append(unquoted(t));
        }
      }
      return b.toString();
    }

    /** The last assignment before {@code i} that sets the column, or -1. */
    private int assignedBefore(List<Assignment> list, int i, String qualifier, String column) {
      for (int j = i - 1; j >= 0; j--) {
        Assignment a = list.get(j);
        if (!a.column.equals(column)) {
          continue;
        }
        // In a single-table UPDATE every qualifier names the one table.
        if (!multiTable || qualifier == null || a.qualifier == null) {
          return j;
        }
        if (a.qualifier.equals(qualifier)) {
          return j;
        }
      }
      return -1;
    }

    /** Why replacing a reference to {@code earlier}'s column is not possible, or null. */
    private String risk(Assignment earlier, String column, boolean subQuery, boolean unquoted) {
      String reads =
          "reads column " + column + " after an earlier assignment of the same SET sets it";
      if (!mysql) {
        return "an assignment "
            + reads
            + ": PostgreSQL reads the old value there, MySQL/MariaDB the new one";
      }
      String differs = ": MySQL/MariaDB read the new value, PostgreSQL the old one, and ";
      if (multiTable) {
        return "an assignment of a multi-table UPDATE "
            + reads
            + ": MySQL/MariaDB do not guarantee the order of such assignments";
      }
      if (subQuery) {
        return "an assignment " + reads + " in a sub-query" + differs + "it is not rewritten";
      }
      if (unquoted && AMBIGUOUS.contains(column)) {
        return "an assignment "
            + reads
            + differs
            + "the name, also a keyword, is not rewritten (quote the column)";
      }
      String why = null;
      if (has(earlier.valueStart, earlier.valueEnd, -1)) {
        why = "a parameter";
      } else if (has(earlier.valueStart, earlier.valueEnd, Keywords.SELECT)) {
        why = "a sub-query";
      } else if (nonDeterministic(earlier.valueStart, earlier.valueEnd)) {
        why = "a non-deterministic function";
      }
      return why == null
          ? null
          : "an assignment "
              + reads
              + differs
              + "the earlier value, holding "
              + why
              + ", cannot be repeated in its place";
    }

    /** Whether tokens {@code [from, end)} hold the keyword {@code k}, or a parameter for -1. */
    private boolean has(int from, int end, int k) {
      for (int t = from; t < end; t++) {
        if (k < 0 ? lx.types[t] == PARAM : keyword(t) == k) {
          return true;
        }
      }
      return false;
    }

    private boolean nonDeterministic(int from, int end) {
      for (int t = from; t < end; t++) {
        int k = keyword(t);
        if (Keywords.nonDeterministic(k)
            && (Keywords.nonDeterministicWithoutCall(k)
                || (next(t + 1) < end && lx.types[next(t + 1)] == LPAREN))
            && (previous(t) < 0 || lx.types[previous(t)] != DOT)) {
          return true;
        }
      }
      return false;
    }

    // ------------------------------------------------------------------------------ tokens

    private boolean insignificant(int t) {
      int type = lx.types[t];
      return type == COMMENT || type == EXEC_COMMENT_OPEN || type == EXEC_COMMENT_CLOSE;
    }

    private int next(int t) {
      while (t < to && insignificant(t)) {
        t++;
      }
      return t;
    }

    private int previous(int t) {
      t--;
      while (t >= 0 && insignificant(t)) {
        t--;
      }
      return t;
    }

    private int lastSignificant(int from, int end) {
      int last = from;
      for (int t = from; t < end; t++) {
        if (!insignificant(t)) {
          last = t;
        }
      }
      return last;
    }

    private int keyword(int t) {
      return t >= 0 && t < to && lx.types[t] == WORD ? lx.keywords[t] : -1;
    }

    private boolean isName(int t) {
      if (t < 0 || t >= to) {
        return false;
      }
      int type = lx.types[t];
      return type == QUOTED_IDENT || (type == WORD && !Keywords.reserved(lx.keywords[t]));
    }

    /** The token after the (possibly qualified) name at {@code t}. */
    private int nameEnd(int t) {
      int end = t + 1;
      while (end + 1 < to
          && lx.types[end] == DOT
          && (lx.types[end + 1] == WORD || lx.types[end + 1] == QUOTED_IDENT)) {
        end += 2;
      }
      return end;
    }

    private int topLevel(int from, int k) {
      int depth = 0;
      for (int t = from; t < to; t++) {
        int type = lx.types[t];
        if (type == LPAREN) {
          depth++;
        } else if (type == RPAREN) {
          depth--;
        } else if (depth == 0 && keyword(t) == k) {
          return t;
        }
      }
      return -1;
    }

    private int closing(int open) {
      int close = lx.closing(open, to);
      return close < 0 ? to : close;
    }

    /** The name at {@code t} unquoted and, as MySQL and PostgreSQL compare columns, lower-case. */
    private String unquoted(int t) {
      if (lx.types[t] == QUOTED_IDENT) {
        StringBuilder b = new StringBuilder();
        Fingerprint.appendUnquoted(b, lx.sql, lx.starts[t], lx.ends[t]);
        return b.toString().toLowerCase(Locale.ROOT);
      }
      return lx.text(t).toLowerCase(Locale.ROOT);
    }
  }
}
