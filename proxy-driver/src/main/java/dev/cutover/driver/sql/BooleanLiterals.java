package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.List;

/**
 * MySQL's booleans are {@code TINYINT(1)} numbers, which a migrated schema makes PostgreSQL {@code
 * boolean} columns; the application keeps writing {@code active = 1}, {@code SET flag = 0} and
 * {@code VALUES (..., 1)}, which PostgreSQL refuses ({@code operator does not exist: boolean =
 * integer}, {@code column "flag" is of type boolean but expression is of type integer}): an
 * application error once PostgreSQL is the primary, a journaled failure while it is the secondary.
 * On a PostgreSQL side the literal 1 or 0 compared with or assigned to such a column ({@code =},
 * {@code <>}, {@code !=}, either way round), or given for it in {@code INSERT ... VALUES}, becomes
 * {@code TRUE} or {@code FALSE}; arithmetic on such a column ({@code active + 0}, {@code
 * SUM(active)}) counts it as 1 or 0, and MySQL's {@code !active} is {@code (NOT active)}. Other
 * numbers (2 means false against MySQL's 1, true to a cast) and columns a statement's tables
 * disagree on are left as they are.
 */
public final class BooleanLiterals {
  private BooleanLiterals() {}

  /** The PostgreSQL type of a table's column, as {@code format_type} names it, or null. */
  @FunctionalInterface
  public interface Types {
    String of(String table, String column) throws java.sql.SQLException;
  }

  /** {@code sql} (PostgreSQL) with such literals as booleans; the statement's {@code tables}. */
  public static String rewrite(String sql, List<String> tables, Types types)
      throws java.sql.SQLException {
    if (tables.isEmpty()) {
      return sql;
    }
    String summed = aggregates(sql, tables, types);
    String counted = operands(summed, tables, types);
    String compared = counted.indexOf('=') >= 0 ? comparisons(counted, tables, types) : counted;
    return OnUpdateTimestamps.startsWithWord(compared, "insert")
        ? values(compared, types)
        : compared;
  }

  /**
   * {@code SUM(active)}, {@code AVG}, {@code MAX}, {@code MIN} of a boolean column: the count of
   * true rows in MySQL (PostgreSQL has no sum or max of a boolean): {@code SUM(CAST(CAST(active AS
   * INTEGER) AS NUMERIC))}, MySQL's {@code DECIMAL} sum, and {@code MAX(CAST(active AS INTEGER))}.
   */
  private static String aggregates(String sql, List<String> tables, Types types)
      throws java.sql.SQLException {
    String lower = sql.toLowerCase(java.util.Locale.ROOT);
    if (!lower.contains("sum")
        && !lower.contains("avg")
        && !lower.contains("max")
        && !lower.contains("min")) {
      return sql;
    }
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    TableAliases aliases = TableAliases.of(lx, tables);
    StringBuilder out = null;
    int copied = 0;
    for (int t = 0; t + 3 < lx.count; t++) {
      if (!(lx.isWord(t, "sum")
              || lx.isWord(t, "avg")
              || lx.isWord(t, "max")
              || lx.isWord(t, "min"))
          || lx.types[t + 1] != SqlLexer.LPAREN) {
        continue;
      }
      int first = t + 2;
      int column = first;
      if (column + 2 < lx.count && lx.types[column + 1] == DOT) {
        column += 2;
      }
      if (!isColumn(lx, column)
          || column + 1 >= lx.count
          || lx.types[column + 1] != SqlLexer.RPAREN
          || !isBoolean(lx, column, tables, aliases, types)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(sql.length() + 32);
      }
      // MySQL's AVG of an integer has four decimals (div_precision_increment), and its SUM is a
      // DECIMAL (PostgreSQL's sum of an integer a bigint).
      boolean avg = lx.isWord(t, "avg");
      boolean sum = lx.isWord(t, "sum");
      out.append(sql, copied, lx.starts[t])
          .append(avg ? "round(" : "")
          .append(sql, lx.starts[t], lx.starts[first])
          .append(sum ? "CAST(CAST(" : "CAST(")
          .append(sql, lx.starts[first], lx.ends[column])
          .append(sum ? " AS INTEGER) AS NUMERIC))" : " AS INTEGER))")
          .append(avg ? ", 4)" : "");
      copied = lx.ends[column + 1];
      t = column + 1;
    }
    return out == null ? sql : out.append(sql, copied, sql.length()).toString();
  }

  /**
   * A boolean column as an operand of arithmetic, {@code active + 0}, {@code 2 * t.active}, {@code
   * -active}, {@code n / (active + 0.0)} (MySQL's {@code n / active}): the column as {@code
   * CAST(active AS INTEGER)}, MySQL's 1 or 0 (PostgreSQL has no arithmetic on a boolean). The
   * column alone is cast, so the expression keeps its shape and its precedence ({@code n * active +
   * 1} is {@code (n * active) + 1} on both). And MySQL's {@code !active} (its NOT, binding
   * tightest; no PostgreSQL operator): {@code (NOT active)}, a condition or a value to store in a
   * boolean ({@code SET active = !active}), and as an operand of arithmetic {@code CAST((NOT
   * active) AS INTEGER)}. Compared with a number ({@code !active = 1}) it is a boolean, which
   * PostgreSQL still refuses, as before.
   */
  private static String operands(String sql, List<String> tables, Types types)
      throws java.sql.SQLException {
    if (!hasAny(sql, "+-*/%!")) {
      return sql;
    }
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    TableAliases aliases = TableAliases.of(lx, tables);
    StringBuilder out = null;
    int copied = 0;
    for (int t = 0; t < lx.count; t++) {
      if (!isColumn(lx, t)
          || t + 1 < lx.count && (lx.types[t + 1] == DOT || lx.types[t + 1] == SqlLexer.LPAREN)) {
        continue;
      }
      int start = t;
      while (start >= 2 && lx.types[start - 1] == DOT && isColumn(lx, start - 2)) {
        start -= 2;
      }
      int before = start - 1;
      boolean not = before >= 0 && lx.types[before] == OPERATOR && lx.text(before).equals("!");
      int outside = not ? before - 1 : before;
      boolean counted = counts(lx, outside) || counts(lx, t + 1);
      if (!not && !counted) {
        continue;
      }
      if (before >= 0 && lx.types[before] == OPERATOR && lx.text(before).equals("::")) {
        // A type (x::int + 1), not a column.
        continue;
      }
      if (!isBoolean(lx, t, tables, aliases, types)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(sql.length() + 32);
      }
      String column = sql.substring(lx.starts[start], lx.ends[t]);
      String value = not ? "(NOT " + column + ")" : column;
      out.append(sql, copied, lx.starts[not ? before : start])
          .append(counted ? "CAST(" + value + " AS INTEGER)" : value);
      copied = lx.ends[t];
    }
    return out == null ? sql : out.append(sql, copied, sql.length()).toString();
  }

  /**
   * {@code + - * / %}: arithmetic that means the same on both once the column is 1 or 0 (not {@code
   * ^}, MySQL's XOR and PostgreSQL's power, nor {@code ||}, MySQL's OR).
   */
  private static boolean counts(SqlLexer lx, int t) {
    if (t < 0 || t >= lx.count || lx.types[t] != OPERATOR || lx.ends[t] - lx.starts[t] != 1) {
      return false;
    }
    return "+-*/%".indexOf(lx.sql.charAt(lx.starts[t])) >= 0;
  }

  private static boolean hasAny(String sql, String chars) {
    for (int i = 0; i < sql.length(); i++) {
      if (chars.indexOf(sql.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** {@code col = 1}, {@code 0 <> t.col}, {@code SET col = 0}. */
  private static String comparisons(String sql, List<String> tables, Types types)
      throws java.sql.SQLException {
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    TableAliases aliases = TableAliases.of(lx, tables);
    StringBuilder out = null;
    int copied = 0;
    for (int t = 0; t < lx.count; t++) {
      if (!isZeroOrOne(lx, t)) {
        continue;
      }
      int column = -1;
      if (comparison(lx, t - 1) && isColumn(lx, t - 2)) {
        column = t - 2;
      } else if (comparison(lx, t + 1)
          && isColumn(lx, t + 2)
          && !(t + 3 < lx.count && lx.types[t + 3] == DOT)
          && !arithmetic(lx, t + 3)) {
        column = t + 2;
      }
      if (column < 0 || !isBoolean(lx, column, tables, aliases, types)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(sql.length() + 16);
      }
      out.append(sql, copied, lx.starts[t]).append(lx.isChar(t, '1') ? "TRUE" : "FALSE");
      copied = lx.ends[t];
    }
    return out == null ? sql : out.append(sql, copied, sql.length()).toString();
  }

  /** {@code INSERT ... VALUES}: a literal 0 or 1 given for a boolean column. */
  private static String values(String sql, Types types) throws java.sql.SQLException {
    InsertShape shape = InsertShape.parse(sql, Dialect.POSTGRES);
    if (shape == null || shape.table() == null || shape.columns().isEmpty()) {
      return sql;
    }
    StringBuilder out = null;
    int copied = 0;
    java.util.TreeMap<Integer, InsertShape.Value> replace = new java.util.TreeMap<>();
    for (int i = 0; i < shape.columns().size(); i++) {
      if (!shape.hasValuesAt(i)
          || !"boolean".equals(types.of(shape.table(), shape.columns().get(i)))) {
        continue;
      }
      for (InsertShape.Value v : shape.valuesOf(i)) {
        if (v.kind() == InsertShape.ValueKind.INTEGER && (v.literal() == 0 || v.literal() == 1)) {
          replace.put(v.start(), v);
        }
      }
    }
    for (InsertShape.Value v : replace.values()) {
      if (out == null) {
        out = new StringBuilder(sql.length() + 8);
      }
      out.append(sql, copied, v.start()).append(v.literal() == 1 ? "TRUE" : "FALSE");
      copied = v.end();
    }
    return out == null ? sql : out.append(sql, copied, sql.length()).toString();
  }

  /** A literal 0 or 1 standing alone: not an operand of arithmetic around it. */
  private static boolean isZeroOrOne(SqlLexer lx, int t) {
    return t >= 0
        && t < lx.count
        && lx.types[t] == NUMBER
        && lx.ends[t] - lx.starts[t] == 1
        && (lx.isChar(t, '0') || lx.isChar(t, '1'))
        && !arithmetic(lx, t - 1)
        && !arithmetic(lx, t + 1);
  }

  private static boolean arithmetic(SqlLexer lx, int t) {
    if (t < 0 || t >= lx.count || lx.types[t] != OPERATOR) {
      return false;
    }
    String op = lx.text(t);
    return op.equals("+")
        || op.equals("-")
        || op.equals("*")
        || op.equals("/")
        || op.equals("%")
        || op.equals("||")
        || op.equals("^");
  }

  /** Whether the token at {@code t} is {@code =}, {@code <>} or {@code !=}. */
  static boolean comparison(SqlLexer lx, int t) {
    if (t < 0 || t >= lx.count || lx.types[t] != OPERATOR) {
      return false;
    }
    String op = lx.text(t);
    return op.equals("=") || op.equals("<>") || op.equals("!=");
  }

  /** Whether the token at {@code t} may name a column: a quoted name, or a word no keyword. */
  static boolean isColumn(SqlLexer lx, int t) {
    return t >= 0
        && t < lx.count
        && (lx.types[t] == QUOTED_IDENT || lx.types[t] == WORD && lx.keywords[t] == 0);
  }

  /**
   * Whether the column at {@code t} is boolean: in the table its qualifier names (a table or an
   * alias of one; an unknown qualifier, such as a derived table's, names none), or unqualified in
   * every table of the statement that has it.
   */
  private static boolean isBoolean(
      SqlLexer lx, int t, List<String> tables, TableAliases aliases, Types types)
      throws java.sql.SQLException {
    String column = name(lx, t);
    if (t >= 2 && lx.types[t - 1] == DOT) {
      String table = aliases.table(name(lx, t - 2));
      return table != null && "boolean".equals(types.of(table, column));
    }
    boolean found = false;
    for (String table : tables) {
      String type = types.of(table, column);
      if (type == null) {
        continue;
      }
      if (!type.equals("boolean")) {
        return false;
      }
      found = true;
    }
    return found;
  }

  private static String name(SqlLexer lx, int t) {
    String s = lx.text(t);
    return lx.types[t] == QUOTED_IDENT
        ? s.substring(1, s.length() - 1)
        : s.toLowerCase(java.util.Locale.ROOT);
  }
}
