package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MariaDB's functions that write JSON text, for {@link MysqlRules}: {@code JSON_OBJECT}, {@code
 * JSON_ARRAY}, {@code JSON_QUOTE}, {@code JSON_ARRAYAGG} and {@code JSON_OBJECTAGG}.
 *
 * <p>MariaDB 10.11 writes their text itself (measured through Connector/J): {@code {"a": 1, "b":
 * [1, "x"]}} with one space after {@code :} and {@code ,}, keys in the order written (duplicates
 * kept), a string with {@code "}, {@code \}, {@code \b}, {@code \f}, {@code \n}, {@code \r}, {@code
 * \t} escaped, any other character below U+0020 as {@code \}{@code u00XX} in upper case and
 * everything else as it is; a number as the value's text ({@code 1.50}, a {@code DECIMAL(10,2)}'s
 * {@code -0.50}); a nested call's JSON as it is. PostgreSQL's own builders write other text ({@code
 * json_build_object} {@code {"a" : 1}}, {@code jsonb} reorders keys), so the text is built here by
 * concatenation, each value turned into MariaDB's JSON text: a literal when translating, a {@code
 * ?} or a column at run time by its PostgreSQL type ({@link #VALUE_TEXT}), which refuses with an
 * error the types whose text would differ. The answer is {@code text}, as MariaDB's is a string;
 * written whole into a column it is {@code CAST(... AS json)}, which a {@code json} and a text
 * column store as that text and a {@code jsonb} column parses.
 *
 * <p>A value of any other form (an expression, a call of anything else, a string with a prefix, a
 * number with an exponent, which MariaDB reads as a double and prints its own way), a key that is
 * not a string literal, and a {@code ?} where no sub-query goes (DDL, ON DUPLICATE KEY UPDATE)
 * leave the call as it is.
 */
final class JsonConstructors {
  /**
   * The sub-select a {@code ?} value is read in, {@code (SELECT ?) AS cutover_json_value(v)}: the
   * driver binds a boolean there as a boolean, not as MariaDB's text {@code '1'} for the text
   * parameter PostgreSQL infers ({@code ParameterTypes}), so that it is written {@code 1} as
   * MariaDB writes it.
   */
  static final String VALUE_ALIAS = "cutover_json_value";

  /** Where {@link #VALUE_TEXT} takes its value. */
  private static final String VALUE = "\u0001";

  /**
   * MariaDB's JSON text of a value of any PostgreSQL type, never NULL: NULL is {@code null}; an
   * integer or {@code numeric} its text; a boolean (MariaDB's {@code TINYINT(1)}, a {@code
   * setBoolean}) {@code 1} or {@code 0}; a {@code json} value its own text; a string or date its
   * JSON string, unless it holds a control character MariaDB escapes in upper case where PostgreSQL
   * writes lower case. Anything else ({@code double precision}, a timestamp, {@code jsonb}) is an
   * error naming the type, {@code pg_typeof} keeping it from being evaluated when planning.
   */
  private static final String VALUE_TEXT =
      "CASE WHEN "
          + VALUE
          + " IS NULL THEN 'null' WHEN CAST(pg_typeof("
          + VALUE
          + ") AS TEXT) IN ('smallint', 'integer', 'bigint', 'numeric') THEN CAST("
          + VALUE
          + " AS TEXT) WHEN CAST(pg_typeof("
          + VALUE
          + ") AS TEXT) = 'boolean' THEN CASE CAST("
          + VALUE
          + " AS TEXT) WHEN 'true' THEN '1' ELSE '0' END WHEN CAST(pg_typeof("
          + VALUE
          + ") AS TEXT) = 'json' THEN CAST("
          + VALUE
          + " AS TEXT) WHEN CAST(pg_typeof("
          + VALUE
          + ") AS TEXT) IN ('text', 'character varying', 'character', 'date') AND CAST("
          + VALUE
          + " AS TEXT) !~ '[\\u000b\\u000e-\\u001f]' THEN CAST(to_json(CAST("
          + VALUE
          + " AS TEXT)) AS TEXT) ELSE CAST(CAST('cutover: no MariaDB JSON text for ' || CAST(pg_typeof("
          + VALUE
          + ") AS TEXT) AS INTEGER) AS TEXT) END";

  /**
   * JSON_QUOTE of a value: a string's or date's JSON string (refused, as above, with a control
   * character PostgreSQL escapes otherwise), NULL for NULL and for a number or boolean, as MariaDB
   * answers {@code JSON_QUOTE(1)}. A time or timestamp, which MariaDB quotes as its own text
   * (measured: {@code JSON_QUOTE(TIME('03:04:05'))} is {@code "03:04:05"}; a date was NULL here
   * where MariaDB answers {@code "2024-01-02"}), is refused with the error.
   */
  private static final String QUOTED_TEXT =
      "CASE WHEN "
          + VALUE
          + " IS NOT NULL AND CAST(pg_typeof("
          + VALUE
          + ") AS TEXT) IN ('timestamp without time zone', 'timestamp with time zone',"
          + " 'time without time zone', 'time with time zone') THEN CAST(CAST('cutover: no"
          + " MariaDB JSON text for ' || CAST(pg_typeof("
          + VALUE
          + ") AS TEXT) AS INTEGER) AS TEXT) WHEN "
          + VALUE
          + " IS NOT NULL AND CAST(pg_typeof("
          + VALUE
          + ") AS TEXT) IN ('text', 'character varying', 'character', 'date') THEN CASE WHEN CAST("
          + VALUE
          + " AS TEXT) !~ '[\\u000b\\u000e-\\u001f]' THEN CAST(to_json(CAST("
          + VALUE
          + " AS TEXT)) AS TEXT) ELSE CAST(CAST('cutover: no MariaDB JSON text for ' ||"
          + " CAST(pg_typeof("
          + VALUE
          + ") AS TEXT) AS INTEGER) AS TEXT) END END";

  private final SqlTranslator tr;
  private final SqlLexer lx;
  private final MysqlRules rules;

  /** The called function's name token, whose case the added SQL takes. */
  private int style;

  /**
   * Whether a key or value of the call is anything but a NULL literal: MariaDB answers a call of
   * NULLs only ({@code JSON_ARRAY(NULL)}, {@code JSON_OBJECT(NULL, NULL)}, nested too) in bytes, a
   * {@code byte[]} to JDBC (measured), which is left as it is.
   */
  private boolean textual;

  JsonConstructors(SqlTranslator tr, MysqlRules rules) {
    this.tr = tr;
    this.lx = tr.lx;
    this.rules = rules;
  }

  /**
   * {@code JSON_OBJECT(k, v, ...)}, {@code JSON_ARRAY(v, ...)} or {@code JSON_QUOTE(s)} at {@code
   * t}: its last token, or -1 when left as it is.
   */
  int call(int t, int open, int to, String name) {
    if (open < 0 || !(lx.types[open] == LPAREN)) {
      return -1;
    }
    int close = lx.closing(open, to);
    if (close < 0) {
      return -1;
    }
    style = t;
    Text text = new Text(t);
    if (!build(text, name, open, close) || !textual && tr.nextSignificant(open + 1) != close) {
      return -1;
    }
    int before = tr.previousSignificant(t);
    int after = tr.nextSignificant(close + 1);
    boolean whole =
        !name.equals("json_quote") && new JsonFunctions(tr, rules).writtenWhole(t, before, after);
    tr.emit(rules.styled(whole ? "CAST(" : "", t));
    text.finish();
    tr.emit(rules.styled(whole ? " AS json)" : "", t));
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * JSON_OBJECTAGG's key: a string or integer column's text as a JSON string; NULL keys are left
   * out before it is reached.
   */
  private static final String KEY_TEXT =
      "CASE WHEN CAST(pg_typeof("
          + VALUE
          + ") AS TEXT) IN ('smallint', 'integer', 'bigint', 'text', 'character varying',"
          + " 'character') AND CAST("
          + VALUE
          + " AS TEXT) !~ '[\\u000b\\u000e-\\u001f]' THEN CAST(to_json(CAST("
          + VALUE
          + " AS TEXT)) AS TEXT) ELSE CAST(CAST('cutover: no MariaDB JSON text for ' ||"
          + " CAST(pg_typeof("
          + VALUE
          + ") AS TEXT) AS INTEGER) AS TEXT) END";

  /**
   * {@code JSON_ARRAYAGG(v [ORDER BY k [ASC|DESC], ...])} and {@code JSON_OBJECTAGG(k, v)}: as
   * measured, {@code [5,null,-3]} with no space after the commas, {@code {"a":5, "b":null}} with
   * one after the commas only, a row whose key is NULL left out, NULL for no rows (or no key);
   * {@code ('[' || string_agg(<value's JSON text>, ',' [ORDER BY k NULLS FIRST]) || ']')}, a
   * descending key {@code NULLS LAST}, as MariaDB orders NULL. Values and keys are columns or
   * literals; {@code DISTINCT} (which MariaDB answers sorted) and anything else are left.
   */
  int aggregate(int t, int open, int to, String name) {
    style = t;
    int close = open < 0 ? -1 : lx.closing(open, to);
    boolean array = name.equals("json_arrayagg");
    if (close < 0) {
      return -1;
    }
    for (int i = open + 1; i < close; i++) {
      // MariaDB's LIMIT (JSON_ARRAYAGG(n ORDER BY n LIMIT 2)) has no place in string_agg.
      if (lx.types[i] == PARAM || lx.isWord(i, "distinct") || lx.isWord(i, "limit")) {
        return -1;
      }
    }
    // MariaDB takes ORDER BY in JSON_ARRAYAGG only; its keys' commas are not arguments'.
    int order = -1;
    int depth = 0;
    for (int i = open + 1; i < close && array; i++) {
      depth += lx.types[i] == LPAREN ? 1 : lx.types[i] == SqlLexer.RPAREN ? -1 : 0;
      if (depth == 0 && lx.isWord(i, "order")) {
        order = i;
        break;
      }
    }
    int[] a;
    if (array) {
      a = new int[] {order >= 0 ? order : close};
      if (tr.nextSignificant(open + 1) >= a[0] || order >= 0 && !valueArgument(open + 1, order)) {
        return -1;
      }
    } else {
      a = rules.arguments(open, close + 1);
      if (a == null || a.length != 2) {
        return -1;
      }
    }
    int valueFrom = array ? open + 1 : a[0] + 1;
    int valueEnd = a[a.length - 1];
    List<int[]> keys = new ArrayList<>();
    if (order >= 0) {
      if (!lx.isWord(tr.nextSignificant(order + 1), "by")) {
        return -1;
      }
      int from = tr.nextSignificant(order + 1) + 1;
      depth = 0;
      for (int i = from; i <= close; i++) {
        int type = lx.types[i];
        if (i == close || depth == 0 && type == SqlLexer.COMMA) {
          int last = lastSignificant(tr.nextSignificant(from), i);
          boolean desc = lx.isWord(last, "desc");
          int keyEnd = desc || lx.isWord(last, "asc") ? last : last + 1;
          if (tr.nextSignificant(from) >= keyEnd) {
            return -1;
          }
          keys.add(new int[] {from, keyEnd, desc ? 1 : 0});
          from = i + 1;
        } else {
          depth += type == LPAREN ? 1 : type == SqlLexer.RPAREN ? -1 : 0;
        }
      }
    }
    Text value = new Text(t);
    if (!value(value, valueFrom, valueEnd)) {
      return -1;
    }
    Text key = null;
    if (!array) {
      key = new Text(t);
      String literal = stringLiteral(open + 1, a[0]);
      if (literal != null) {
        key.constant(jsonString(literal));
      } else if (!dynamic(key, open + 1, a[0], KEY_TEXT)) {
        return -1;
      }
    }
    tr.emit(rules.styled(array ? "('[' || string_agg(" : "('{' || string_agg(", t));
    if (key != null) {
      key.finish();
      tr.emit(" || ':' || ");
    }
    value.finish();
    tr.emit(array ? ", ','" : ", ', '");
    for (int k = 0; k < keys.size(); k++) {
      int[] o = keys.get(k);
      tr.emit(rules.styled(k == 0 ? " ORDER BY " : ", ", t));
      rules.argument(o[0], o[1]);
      tr.emit(rules.styled(o[2] == 1 ? " DESC NULLS LAST" : " NULLS FIRST", t));
    }
    tr.emit(")");
    if (key != null) {
      tr.emit(rules.styled(" FILTER (WHERE ", t));
      rules.argument(open + 1, a[0]);
      tr.emit(rules.styled(" IS NOT NULL)", t));
    }
    tr.emit(array ? " || ']')" : " || '}')");
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * MariaDB's JSON text of the value in tokens {@code [from, end)} as the functions here and {@code
   * JSON_SET} write it, to be emitted by running the answer; null when it is left.
   */
  Runnable valueText(int t, int from, int end) {
    style = t;
    Text text = new Text(t);
    return value(text, from, end) ? text::finish : null;
  }

  /** Appends the text of the call at {@code [open, close]} to {@code text}; false to leave it. */
  private boolean build(Text text, String name, int open, int close) {
    boolean empty = tr.nextSignificant(open + 1) == close;
    int[] a = empty ? new int[0] : rules.arguments(open, close + 1);
    if (a == null) {
      return false;
    }
    int n = a.length;
    textual |= n == 0;
    switch (name) {
      case "json_quote":
        {
          if (n != 1) {
            return false;
          }
          String literal = stringLiteral(open + 1, a[0]);
          textual = true;
          if (literal != null) {
            text.constant(jsonString(literal));
            return true;
          }
          return isLiteral(open + 1, a[0], "null")
              ? text.nullConstant()
              : dynamic(text, open + 1, a[0], QUOTED_TEXT);
        }
      case "json_array":
        {
          text.constant("[");
          int from = open + 1;
          for (int i = 0; i < n; i++) {
            if (i > 0) {
              text.constant(", ");
            }
            if (!value(text, from, a[i])) {
              return false;
            }
            from = a[i] + 1;
          }
          text.constant("]");
          return true;
        }
      case "json_object":
        {
          if (n % 2 != 0) {
            return false;
          }
          text.constant("{");
          int from = open + 1;
          for (int i = 0; i < n; i += 2) {
            String key = stringLiteral(from, a[i]);
            textual |= key != null;
            if (key == null && isLiteral(from, a[i], "null")) {
              // Measured: JSON_OBJECT(NULL, 1) is {"": 1}.
              key = "";
            }
            if (key == null) {
              return false;
            }
            text.constant((i > 0 ? ", " : "") + jsonString(key) + ": ");
            if (!value(text, a[i] + 1, a[i + 1])) {
              return false;
            }
            from = a[i + 1] + 1;
          }
          text.constant("}");
          return true;
        }
      default:
        return false;
    }
  }

  /** Appends MariaDB's JSON text of the value in tokens {@code [from, end)}; false to leave it. */
  private boolean value(Text text, int from, int end) {
    int f = tr.nextSignificant(from);
    int last = lastSignificant(f, end);
    if (f >= end) {
      return false;
    }
    textual |= !(f == last && lx.isWord(f, "null")) && !isCall(f, last, end);
    String literal = stringLiteral(from, end);
    if (literal != null) {
      text.constant(jsonString(literal));
      return true;
    }
    if (f == last && lx.types[f] == WORD) {
      for (String w : new String[] {"null", "true", "false"}) {
        if (lx.isWord(f, w)) {
          text.constant(w);
          return true;
        }
      }
    }
    String number = number(f, last);
    if (number != null) {
      text.constant(number);
      return true;
    }
    if (lx.types[f] == WORD && f + 1 <= last && lx.types[f + 1] == LPAREN) {
      int close = lx.closing(f + 1, end);
      String name = lx.text(f).toLowerCase(Locale.ROOT);
      if (close == last && (name.equals("json_object") || name.equals("json_array"))) {
        return build(text, name, f + 1, close);
      }
      return false;
    }
    return dynamic(text, from, end, VALUE_TEXT);
  }

  /**
   * Appends {@code template} of a {@code ?} (named once in a sub-select, where one goes) or of a
   * column whose PostgreSQL type is known and not {@code text} (a {@code text} column may hold what
   * was MariaDB's {@code JSON}, whose text MariaDB writes as it is); false to leave the call.
   */
  private boolean dynamic(Text text, int from, int end, String template) {
    int f = tr.nextSignificant(from);
    int last = lastSignificant(f, end);
    if (f == last && lx.types[f] == PARAM) {
      if (!rules.subQueryAllowed(f)) {
        return false;
      }
      text.expression(
          rules.styled("(SELECT ", style)
              + rules.styled(template, style).replace(VALUE, VALUE_ALIAS + ".v")
              + rules.styled(" FROM (SELECT ", style),
          f,
          last + 1,
          rules.styled(") AS " + VALUE_ALIAS + "(v))", style));
      return true;
    }
    String column = column(f, last);
    if (column == null) {
      return false;
    }
    String type = tr.columnType(column);
    if (type == null || type.equals("text") || type.equals("jsonb")) {
      return false;
    }
    String[] parts = rules.styled(template, style).split(VALUE, -1);
    text.expression(parts, f, last + 1);
    return true;
  }

  /** The column name of a column reference {@code [f, last]} ({@code c}, {@code t.c}), or null. */
  private String column(int f, int last) {
    int name = f;
    if (last == f + 2 && lx.types[f + 1] == DOT) {
      name = last;
    } else if (last != f) {
      return null;
    }
    if (lx.types[name] == WORD) {
      return lx.text(name).toLowerCase(Locale.ROOT);
    }
    if (lx.types[name] == QUOTED_IDENT) {
      String s = lx.text(name);
      return s.substring(1, s.length() - 1).toLowerCase(Locale.ROOT);
    }
    return null;
  }

  /** Whether {@code [from, end)} holds no comma outside parentheses: one value. */
  private boolean valueArgument(int from, int end) {
    int depth = 0;
    for (int i = from; i < end; i++) {
      depth += lx.types[i] == LPAREN ? 1 : lx.types[i] == SqlLexer.RPAREN ? -1 : 0;
      if (depth == 0 && lx.types[i] == SqlLexer.COMMA) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code [f, last]} is a call. */
  private boolean isCall(int f, int last, int end) {
    return lx.types[f] == WORD
        && f + 1 <= last
        && lx.types[f + 1] == LPAREN
        && lx.closing(f + 1, end) == last;
  }

  /** The last significant token in {@code [f, end)}. */
  private int lastSignificant(int f, int end) {
    int last = end - 1;
    while (last > f && tr.isComment(last)) {
      last--;
    }
    return last;
  }

  /** The text of a plain string literal that is all of {@code [from, end)}, else null. */
  private String stringLiteral(int from, int end) {
    int f = tr.nextSignificant(from);
    if (f >= end
        || lx.types[f] != STRING
        || tr.nextSignificant(f + 1) != end
        || (lx.flags[f] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) != 0) {
      return null;
    }
    String s = tr.decodeMysql(lx.starts[f] + 1, lx.ends[f] - 1, lx.sql.charAt(lx.starts[f]));
    // PostgreSQL's text holds no character 0.
    return s.indexOf('\0') >= 0 ? null : s;
  }

  private boolean isLiteral(int from, int end, String word) {
    int f = tr.nextSignificant(from);
    return f < end && lx.isWord(f, word) && tr.nextSignificant(f + 1) == end;
  }

  /**
   * A decimal literal as MariaDB writes it in JSON, {@code [-]digits[.digits]} without leading
   * zeros, or null: {@code 00012} is 12 and {@code 1e3} a double there, which are left.
   */
  private String number(int f, int last) {
    boolean negative = false;
    int n = f;
    if (lx.types[f] == OPERATOR && lx.text(f).equals("-") && f < last) {
      negative = true;
      n = tr.nextSignificant(f + 1);
    }
    if (n != last || lx.types[n] != NUMBER) {
      return null;
    }
    String s = lx.text(n);
    if (!s.matches("(0|[1-9][0-9]*)(\\.[0-9]+)?") || negative && s.matches("[0.]*")) {
      return null;
    }
    return negative ? "-" + s : s;
  }

  /** A string's JSON text as MariaDB writes it. */
  static String jsonString(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\b':
          b.append("\\b");
          break;
        case '\f':
          b.append("\\f");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    return b.append('"').toString();
  }

  /**
   * A text built of constant pieces and expressions, written as {@code ('...' || expr || '...')}
   * once the whole call is known to be translatable: adjacent constants are joined into one string
   * literal.
   */
  private final class Text {
    private final int t;
    private final java.util.List<Object> pieces = new java.util.ArrayList<>();

    Text(int t) {
      this.t = t;
    }

    void constant(String s) {
      int last = pieces.size() - 1;
      if (last >= 0 && pieces.get(last) instanceof StringBuilder) {
        ((StringBuilder) pieces.get(last)).append(s);
      } else {
        pieces.add(new StringBuilder(s));
      }
    }

    /** JSON_QUOTE(NULL): NULL, alone. */
    boolean nullConstant() {
      pieces.add((Runnable) () -> tr.emit(rules.styled("NULL", t)));
      return true;
    }

    /** An expression {@code before + tokens [from, to) + after}. */
    void expression(String before, int from, int to, String after) {
      pieces.add(
          (Runnable)
              () -> {
                tr.emit(before);
                rules.argument(from, to);
                tr.emit(after);
              });
    }

    /** An expression of parts with the tokens {@code [from, to)} between each two. */
    void expression(String[] parts, int from, int to) {
      pieces.add(
          (Runnable)
              () -> {
                for (int i = 0; i < parts.length; i++) {
                  if (i > 0) {
                    rules.argument(from, to);
                  }
                  tr.emit(parts[i]);
                }
              });
    }

    void finish() {
      tr.emit("(");
      for (int i = 0; i < pieces.size(); i++) {
        if (i > 0) {
          tr.emit(" || ");
        }
        Object p = pieces.get(i);
        if (p instanceof StringBuilder) {
          tr.emit(literal(p.toString()));
        } else {
          ((Runnable) p).run();
        }
      }
      tr.emit(")");
    }
  }

  /**
   * A PostgreSQL string literal of {@code s} (standard_conforming_strings: {@code \} is itself).
   */
  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
