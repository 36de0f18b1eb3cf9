package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.BooleanLiterals.comparison;
import static dev.cutover.driver.sql.BooleanLiterals.isColumn;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

/**
 * MySQL's hexadecimal literal {@code 0x41} is a binary string that takes the meaning of where it
 * lands, measured on MariaDB 10.11: into a {@code BLOB} or {@code VARBINARY} the bytes, into a
 * {@code VARCHAR}, {@code CHAR} or {@code TEXT} the characters they spell in the column's character
 * set ({@code 'A'}; {@code 0xC3A9} is {@code 'é'} in {@code utf8mb4}, {@code 'Ã©'} in {@code
 * latin1}), into an {@code INT} or {@code DECIMAL} the number (65), and compared with a column as
 * that column's type. PostgreSQL 15 refuses {@code 0x41} ("trailing junk"), PostgreSQL 16 reads it
 * as the integer 65 wherever it is.
 *
 * <p>On a PostgreSQL side, such a literal standing alone (no arithmetic beside it) that is compared
 * with or assigned to a column ({@code =}, {@code <>}, {@code !=}, either way round, so {@code SET
 * col = 0x41} too), or given for a column in {@code INSERT ... VALUES}, becomes that column's value
 * as MariaDB reads it: {@code '\x41'::bytea} for a {@code bytea} column; {@code 'A'} for {@code
 * text}, {@code character varying} and {@code character} when each byte is a printable ASCII
 * character, which reads the same in every such character set MariaDB's column may have; {@code 65}
 * for {@code smallint}, {@code integer}, {@code bigint} and {@code numeric} up to 8 bytes (MariaDB
 * refuses a longer one on insert, yet compares its last 8 bytes). A column is known as in {@link
 * BooleanLiterals}: in the table its qualifier names, or unqualified with the same type in every
 * table of the statement that has it. Anywhere else (a select list, arithmetic, a function's
 * argument) the literal is left as it is, so PostgreSQL 15 refuses it.
 */
public final class HexLiterals {
  private HexLiterals() {}

  /** {@code sql} (PostgreSQL) with such literals as their columns' values; its {@code tables}. */
  public static String rewrite(String sql, List<String> tables, BooleanLiterals.Types types)
      throws java.sql.SQLException {
    if (tables.isEmpty() || !mayHold(sql)) {
      return sql;
    }
    String compared =
        sql.indexOf('=') >= 0 || sql.contains("<>") ? comparisons(sql, tables, types) : sql;
    return OnUpdateTimestamps.startsWithWord(compared, "insert")
        ? values(compared, types)
        : compared;
  }

  /** Whether {@code sql} has {@code 0x} or {@code 0X} anywhere, without lexing it. */
  private static boolean mayHold(String sql) {
    for (int i = sql.indexOf('0'); i >= 0 && i + 1 < sql.length(); i = sql.indexOf('0', i + 1)) {
      char c = sql.charAt(i + 1);
      if (c == 'x' || c == 'X') {
        return true;
      }
    }
    return false;
  }

  /** {@code col = 0x41}, {@code 0x41 <> t.col}, {@code SET col = 0x41}. */
  private static String comparisons(String sql, List<String> tables, BooleanLiterals.Types types)
      throws java.sql.SQLException {
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    TableAliases aliases = TableAliases.of(lx, tables);
    StringBuilder out = null;
    int copied = 0;
    for (int t = 0; t < lx.count; t++) {
      if (!isHex(lx, t)
          || operator(lx, t - 1) && !comparison(lx, t - 1)
          || operator(lx, t + 1) && !comparison(lx, t + 1)) {
        continue;
      }
      int column = -1;
      if (comparison(lx, t - 1) && isColumn(lx, t - 2)) {
        int first = t - 2;
        while (first >= 2 && lx.types[first - 1] == DOT && isColumn(lx, first - 2)) {
          first -= 2;
        }
        column = operator(lx, first - 1) || first > 0 && lx.types[first - 1] == DOT ? -1 : t - 2;
      } else if (comparison(lx, t + 1) && isColumn(lx, t + 2)) {
        int last = t + 2;
        while (last + 2 < lx.count && lx.types[last + 1] == DOT && isColumn(lx, last + 2)) {
          last += 2;
        }
        boolean alone =
            last + 1 >= lx.count
                || lx.types[last + 1] != DOT
                    && lx.types[last + 1] != SqlLexer.LPAREN
                    && !operator(lx, last + 1);
        column = alone ? last : -1;
      }
      String value =
          column < 0 ? null : valueFor(lx.text(t), type(lx, column, tables, aliases, types));
      if (value == null) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(sql.length() + 16);
      }
      out.append(sql, copied, lx.starts[t]).append(value);
      copied = lx.ends[t];
    }
    return out == null ? sql : out.append(sql, copied, sql.length()).toString();
  }

  /** {@code INSERT ... VALUES}: a literal given alone for a column. */
  private static String values(String sql, BooleanLiterals.Types types)
      throws java.sql.SQLException {
    InsertShape shape = InsertShape.parse(sql, Dialect.POSTGRES);
    if (shape == null || shape.table() == null || shape.columns().isEmpty()) {
      return sql;
    }
    java.util.TreeMap<Integer, String[]> replace = new java.util.TreeMap<>();
    for (int i = 0; i < shape.columns().size(); i++) {
      if (!shape.hasValuesAt(i)) {
        continue;
      }
      String type = null;
      boolean typeRead = false;
      for (InsertShape.Value v : shape.valuesOf(i)) {
        String text = sql.substring(v.start(), v.end());
        if (v.kind() != InsertShape.ValueKind.OTHER || !isHexText(text)) {
          continue;
        }
        if (!typeRead) {
          type = types.of(shape.table(), shape.columns().get(i));
          typeRead = true;
        }
        String value = valueFor(text, type);
        if (value != null) {
          replace.put(v.start(), new String[] {String.valueOf(v.end()), value});
        }
      }
    }
    if (replace.isEmpty()) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int copied = 0;
    for (var e : replace.entrySet()) {
      out.append(sql, copied, e.getKey()).append(e.getValue()[1]);
      copied = Integer.parseInt(e.getValue()[0]);
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  /**
   * The literal {@code 0x...} as a value of the PostgreSQL type {@code type}, as MariaDB stores or
   * compares it there; null when the type is another or the bytes do not fit it.
   */
  static String valueFor(String literal, String type) {
    if (type == null || !isHexText(literal)) {
      return null;
    }
    String digits = literal.substring(2);
    if (digits.length() % 2 != 0) {
      // MySQL pads an odd count of digits on the left: 0x123 is the bytes 01 23.
      digits = "0" + digits;
    }
    String t = type.toLowerCase(Locale.ROOT);
    if (t.equals("bytea")) {
      return "'\\x" + digits.toLowerCase(Locale.ROOT) + "'::bytea";
    }
    if (t.equals("smallint")
        || t.equals("integer")
        || t.equals("bigint")
        || t.startsWith("numeric")) {
      // Past 8 bytes MariaDB refuses the number on insert but compares its last 8 bytes.
      return digits.length() > 16 ? null : new BigInteger(digits, 16).toString();
    }
    if (t.equals("text")
        || t.startsWith("character varying")
        || t.startsWith("character(")
        || t.equals("character")) {
      return text(digits);
    }
    return null;
  }

  /**
   * The bytes as a PostgreSQL string literal of their text, or null unless each is a printable
   * ASCII character: MariaDB reads the bytes in the column's character set, which PostgreSQL's type
   * does not tell ({@code 0xC3A9} is {@code 'é'} in a {@code utf8mb4} column, {@code 'Ã©'} in a
   * {@code latin1} one); ASCII reads the same in both.
   */
  private static String text(String digits) {
    StringBuilder s = new StringBuilder(digits.length() / 2 + 2).append('\'');
    for (int i = 0; i < digits.length(); i += 2) {
      char c = (char) Integer.parseInt(digits.substring(i, i + 2), 16);
      if (c < ' ' || c > '~') {
        return null;
      }
      s.append(c == '\'' ? "''" : String.valueOf(c));
    }
    return s.append('\'').toString();
  }

  private static boolean isHex(SqlLexer lx, int t) {
    return t >= 0 && t < lx.count && lx.types[t] == NUMBER && isHexText(lx.text(t));
  }

  private static boolean isHexText(String s) {
    if (s.length() < 3 || s.charAt(0) != '0' || (s.charAt(1) != 'x' && s.charAt(1) != 'X')) {
      return false;
    }
    for (int i = 2; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return true;
  }

  private static boolean operator(SqlLexer lx, int t) {
    return t >= 0 && t < lx.count && lx.types[t] == OPERATOR;
  }

  /**
   * The type of the column at {@code t}: in the table its qualifier names, or unqualified the one
   * type every table of the statement that has it gives it; else null.
   */
  static String type(
      SqlLexer lx, int t, List<String> tables, TableAliases aliases, BooleanLiterals.Types types)
      throws java.sql.SQLException {
    String column = TableAliases.name(lx, t);
    if (t >= 2 && lx.types[t - 1] == DOT) {
      String table = aliases.table(TableAliases.name(lx, t - 2));
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
}
