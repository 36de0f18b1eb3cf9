package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.WORD;

/**
 * MariaDB's string functions PostgreSQL lacks or answers otherwise, for {@link MysqlRules}, each as
 * MariaDB 10.11 answers it (measured, with the type Connector/J returns and its default collation,
 * {@code utf8mb4_general_ci}):
 *
 * <ul>
 *   <li>{@code POSITION(a IN s)}: {@code position(lower(a) IN lower(s))}, ignoring case as {@code
 *       LOCATE} (PostgreSQL's is case-sensitive: it answered 0 for {@code POSITION('L' IN
 *       'Hello')}, silently).
 *   <li>{@code STRCMP(a, b)}: -1, 0 or 1 as the collation orders them: case ignored, the shorter
 *       padded with spaces ({@code STRCMP('a', 'a\t')} is 1). Exact for ASCII; text with other
 *       characters, which the collation weighs by its own tables ({@code 'é'} equals {@code 'E'}),
 *       fails.
 *   <li>{@code INSERT(s, p, n, new)}: {@code s} with {@code n} characters from {@code p} replaced,
 *       {@code s} unchanged when {@code p} is outside it, the rest replaced when {@code n} is
 *       negative or too long; NULL when any argument is.
 *   <li>{@code QUOTE(s)}: {@code s} in quotes with {@code \}, {@code '} and Ctrl-Z escaped by a
 *       backslash, the word {@code NULL} for NULL.
 *   <li>{@code INET_ATON(s)}, {@code INET_NTOA(n)}: MariaDB's reading of dotted numbers ({@code
 *       '127.1'} is 127.0.0.1, a part over 255 or any other character NULL), and {@code n} from 0
 *       to 2^32 - 1 as four numbers, NULL outside.
 *   <li>{@code MAKE_SET(bits, s1, ...)}, {@code EXPORT_SET(bits, on, off[, sep[, n]])}: the strings
 *       of the set bits joined by commas, NULLs skipped; and {@code n} (64 when below 0 or above
 *       64) bits as {@code on} or {@code off}.
 *   <li>{@code SOUNDEX(s)}: MariaDB's, which is not cut to four characters ({@code 'Quadratically'}
 *       is Q36324), skips vowels without letting them separate equal codes ({@code 'Tymczak'} is
 *       T520), and keeps a first letter outside ASCII ({@code 'Éric'} is É620). A first letter
 *       outside U+00C0 to U+00FF, whose upper case MariaDB's tables may give otherwise, fails.
 *   <li>{@code CONV(n, from, to)} with bases that are integer literals: {@code n}'s text read as
 *       MariaDB's {@code strtoull} reads it, wrapped and clamped at 64 bits, written in {@code to}.
 *   <li>{@code FROM_BASE64(s)}: {@code decode(s, 'base64')}, bytes; text that is not base64 fails
 *       where MariaDB answers NULL.
 * </ul>
 *
 * <p>A string argument is made text by {@code || ''}, which turns a number into its text as MariaDB
 * does and leaves a {@code bytea} one (which MariaDB reads as bytes) a {@code bytea}, refused by
 * the text functions around it rather than read as its {@code \x} text. Those that need an argument
 * twice read it once in a sub-query, so they are left as they are in DDL and {@code ON DUPLICATE
 * KEY UPDATE}.
 */
final class StringFunctions {
  private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /** MariaDB's soundex codes of A to Z, then of a to z. */
  private static final String CODES = "0123012002245501262301020201230120022455012623010202";

  /** A character MariaDB's SOUNDEX reads as a letter: ASCII letters and anything from U+00C0. */
  private static final String ALPHA = "([A-Za-z\\u00C0-\\uFFFF\\U00010000-\\U0010FFFF])";

  /**
   * Base64 as MariaDB decodes it once white space is gone: groups of four, the last one padded with
   * {@code =} to four; anything else (no padding, padding inside) is NULL.
   */
  private static final String BASE64 =
      "^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$";

  private final SqlTranslator tr;
  private final SqlLexer lx;
  private final MysqlRules rules;

  StringFunctions(SqlTranslator tr, MysqlRules rules) {
    this.tr = tr;
    this.lx = tr.lx;
    this.rules = rules;
  }

  /** Rewrites the call of {@code name} at {@code t}; its last token, or -1 when left. */
  int call(int t, int open, int to, String name) {
    if (open < 0 || tr.previousSignificant(t) < 0 || MoreFunctions.namesTable(tr, t)) {
      // INSERT INTO ..., the statement; INSERT INTO quote(a) ..., a table.
      return -1;
    }
    if (name.equals("position")) {
      return position(t, open, to);
    }
    int[] a = rules.arguments(open, to);
    if (a == null) {
      return -1;
    }
    boolean sub = rules.subQueryAllowed(t);
    switch (name) {
      case "strcmp":
        return a.length == 2 && sub ? strcmp(t, open, a) : -1;
      case "insert":
        return a.length == 4 && sub ? insert(t, open, a) : -1;
      case "quote":
        return a.length == 1 && sub && !isNull(open + 1, a[0])
            ? wrap(
                t,
                open,
                a,
                "COALESCE('''' || replace(replace(replace((",
                " || ''), '\\', '\\\\'), '''', '\\'''), chr(26), '\\Z') || '''', 'NULL')")
            : -1;
      case "inet_aton":
        return a.length == 1 && sub ? inetAton(t, open, a) : -1;
      case "inet_ntoa":
        return a.length == 1 && sub && !doubleLiteral(open + 1, a[0]) ? inetNtoa(t, open, a) : -1;
      case "make_set":
        return a.length >= 2 && sub && !doubleLiteral(open + 1, a[0]) ? makeSet(t, open, a) : -1;
      case "export_set":
        return a.length >= 3 && a.length <= 5 && sub && !doubleLiteral(open + 1, a[0])
            ? exportSet(t, open, a)
            : -1;
      case "soundex":
        return a.length == 1 && sub ? soundex(t, open, a) : -1;
      case "conv":
        return a.length == 3 && sub ? conv(t, open, a) : -1;
      case "from_base64":
        return a.length == 1 && sub
            ? once(
                t,
                open,
                a,
                "CASE WHEN a1 ~ '" + BASE64 + "' THEN decode(a1, 'base64') END",
                "from_base64",
                new String[] {"regexp_replace(("},
                new String[] {" || ''), '[ \\t\\n\\r\\v\\f]', '', 'g')"})
            : -1;
      default:
        return -1;
    }
  }

  /** {@code before || argument || after} for a one-argument call. */
  private int wrap(int t, int open, int[] a, String before, String after) {
    tr.emit(rules.styled(before, t));
    rules.argument(open + 1, a[0]);
    tr.emit(rules.styled(after, t));
    return done(a);
  }

  private int done(int[] a) {
    int close = a[a.length - 1];
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * {@code (SELECT <value> FROM (SELECT <each argument, between its before and after>) AS
   * cutover_<name>(<names>))}: the arguments read once, in their order.
   */
  private int once(
      int t, int open, int[] a, String value, String name, String[] before, String[] after) {
    tr.emit(rules.styled("(SELECT " + value + " FROM (SELECT ", t));
    int from = open + 1;
    for (int i = 0; i < a.length; i++) {
      tr.emit(rules.styled((i > 0 ? ", " : "") + before[i], t));
      rules.argument(from, a[i]);
      tr.emit(rules.styled(after[i], t));
      from = a[i] + 1;
    }
    tr.emit(rules.styled(") AS cutover_" + name + "(" + argumentNames(a.length) + "))", t));
    return done(a);
  }

  /** {@code a1, a2, ...}: the names {@link #once} gives the arguments. */
  private static String argumentNames(int n) {
    StringBuilder names = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      names.append(i > 1 ? ", " : "").append('a').append(i);
    }
    return names.toString();
  }

  private static String[] repeat(int n, String s) {
    String[] out = new String[n];
    java.util.Arrays.fill(out, s);
    return out;
  }

  /** Whether tokens {@code [from, to)} are the word NULL alone. */
  private boolean isNull(int from, int to) {
    int v = tr.nextSignificant(from);
    return v < to && lx.isWord(v, "null") && tr.nextSignificant(v + 1) >= to;
  }

  /**
   * Whether tokens {@code [from, to)} are a number literal in E notation, a double to MariaDB
   * (rounded half to even where an integer is wanted) and a numeric to PostgreSQL (rounded half
   * away from zero).
   */
  private boolean doubleLiteral(int from, int to) {
    for (int i = from; i < to; i++) {
      if (lx.types[i] == NUMBER && lx.text(i).toLowerCase(java.util.Locale.ROOT).contains("e")) {
        return true;
      }
    }
    return false;
  }

  /** {@code POSITION(a IN s)}: {@code position(lower(a) IN lower(s))}. */
  private int position(int t, int open, int to) {
    int close = lx.closing(open, to);
    if (close < 0) {
      return -1;
    }
    int in = -1;
    int depth = 0;
    for (int i = open + 1; i < close; i++) {
      if (lx.types[i] == LPAREN) {
        depth++;
      } else if (lx.types[i] == RPAREN) {
        depth--;
      } else if (depth == 0 && lx.types[i] == WORD && lx.isWord(i, "in")) {
        if (in >= 0) {
          return -1;
        }
        in = i;
      }
    }
    if (in < 0 || tr.nextSignificant(open + 1) >= in || tr.nextSignificant(in + 1) >= close) {
      return -1;
    }
    tr.emit(rules.styled("position(lower(", t));
    rules.argument(open + 1, in);
    tr.emit(rules.styled(") IN lower(", t));
    rules.argument(in + 1, close);
    tr.emit("))");
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * {@code STRCMP(a, b)}: both in upper case (general_ci weighs an ASCII letter as its capital, so
   * {@code '_'} sorts after {@code 'a'}), padded with spaces to the longer, compared byte by byte.
   */
  private int strcmp(int t, int open, int[] a) {
    String x = "convert_to(upper(rpad(a1, greatest(length(a1), length(a2)), ' ')), 'UTF8')";
    String y = x.replace("(a1,", "(a2,");
    String value =
        "CASE WHEN a1 IS NULL OR a2 IS NULL THEN NULL WHEN (a1 || a2) ~ '[^\\x01-\\x7F]' THEN"
            + " CAST('STRCMP of text outside ASCII: ' || a1 || a2 AS INTEGER) WHEN "
            + x
            + " < "
            + y
            + " THEN -1 WHEN "
            + x
            + " > "
            + y
            + " THEN 1 ELSE 0 END";
    return once(t, open, a, value, "strcmp", repeat(2, "("), repeat(2, " || '')"));
  }

  /** {@code INSERT(s, p, n, new)}, with MariaDB's answers outside the string. */
  private int insert(int t, int open, int[] a) {
    String value =
        "CASE WHEN a1 IS NULL OR a2 IS NULL OR a3 IS NULL OR a4 IS NULL THEN NULL WHEN a2 < 1 OR"
            + " a2 > char_length(a1) THEN a1 ELSE overlay(a1 PLACING a4 FROM CAST(a2 AS INTEGER)"
            + " FOR CAST(CASE WHEN a3 < 0 OR a3 > char_length(a1) - a2 + 1 THEN char_length(a1)"
            + " - a2 + 1 ELSE a3 END AS INTEGER)) END";
    return once(
        t,
        open,
        a,
        value,
        "insert",
        new String[] {"(", "CAST(", "CAST(", "("},
        new String[] {" || '')", " AS BIGINT)", " AS BIGINT)", " || '')"});
  }

  /**
   * {@code INET_ATON(s)}: digits and dots, not ending in a dot, each part at most 255; the parts as
   * bytes, big-endian, with MariaDB's short forms ({@code 'a.b'} is a.0.0.b, {@code 'a.b.c'}
   * a.b.0.c).
   */
  private int inetAton(int t, int open, int[] a) {
    String value =
        "CASE WHEN max(v) <= 255 THEN CAST(sum(v * power(CAST(256 AS NUMERIC), CASE WHEN n = 2"
            + " AND i = 1 THEN 3 WHEN n = 3 AND i < 3 THEN 4 - i ELSE n - i END)) AS BIGINT) END";
    tr.emit(
        rules.styled(
            "(SELECT "
                + value
                + " FROM (SELECT CAST(COALESCE(NULLIF(p, ''), '0')"
                + " AS NUMERIC) AS v, i, count(*) OVER () AS n FROM (SELECT (",
            t));
    rules.argument(open + 1, a[0]);
    tr.emit(
        rules.styled(
            " || '')) AS cutover_inet_aton(a1), unnest(string_to_array(a1, '.')) WITH ORDINALITY"
                + " AS q(p, i) WHERE a1 ~ '^[0-9.]*[0-9]$') AS cutover_parts)",
            t));
    return done(a);
  }

  /** {@code INET_NTOA(n)}: {@code a.b.c.d} for 0 to 2^32 - 1. */
  private int inetNtoa(int t, int open, int[] a) {
    String value =
        "CASE WHEN a1 >= 0 AND a1 <= 4294967295 THEN CAST((a1 >> 24) AS TEXT) || '.' ||"
            + " CAST(((a1 >> 16) & 255) AS TEXT) || '.' || CAST(((a1 >> 8) & 255) AS TEXT) || '.'"
            + " || CAST((a1 & 255) AS TEXT) END";
    return once(
        t, open, a, value, "inet_ntoa", new String[] {"CAST("}, new String[] {" AS BIGINT)"});
  }

  /** {@code MAKE_SET(bits, s1, ...)}: {@code concat_ws(',', CASE WHEN bit 0 THEN s1 END, ...)}. */
  private int makeSet(int t, int open, int[] a) {
    StringBuilder value = new StringBuilder("CASE WHEN a1 IS NOT NULL THEN concat_ws(','");
    for (int i = 1; i < a.length; i++) {
      value.append(", ");
      if (i <= 64) {
        value.append("CASE WHEN (a1 >> ").append(i - 1).append(") & 1 = 1 THEN a").append(i + 1);
        value.append(" END");
      } else {
        value.append("NULL");
      }
    }
    value.append(") END");
    String[] before = repeat(a.length, "(");
    String[] after = repeat(a.length, " || '')");
    before[0] = "CAST(";
    after[0] = " AS BIGINT)";
    return once(t, open, a, value.toString(), "make_set", before, after);
  }

  /**
   * {@code EXPORT_SET(bits, on, off, sep, n)}: the bits, low first, as {@code on} or {@code off}.
   */
  private int exportSet(int t, int open, int[] a) {
    String sep = a.length >= 4 ? "a4" : "','";
    String count = a.length == 5 ? "CASE WHEN a5 < 0 OR a5 > 64 THEN 64 ELSE a5 END" : "64";
    String value =
        "CASE WHEN a1 IS NULL OR a2 IS NULL OR a3 IS NULL"
            + (a.length >= 4 ? " OR a4 IS NULL" : "")
            + (a.length == 5 ? " OR a5 IS NULL" : "")
            + " THEN NULL ELSE COALESCE((SELECT string_agg(CASE WHEN (a1 >> i) & 1 = 1 THEN a2"
            + " ELSE a3 END, "
            + sep
            + " ORDER BY i) FROM generate_series(0, CAST("
            + count
            + " - 1 AS INTEGER)) AS i), '') END";
    String[] before = repeat(a.length, "(");
    String[] after = repeat(a.length, " || '')");
    before[0] = "CAST(";
    after[0] = " AS BIGINT)";
    if (a.length == 5) {
      before[4] = "CAST(";
      after[4] = " AS BIGINT)";
    }
    return once(t, open, a, value, "export_set", before, after);
  }

  /**
   * {@code CONV(n, from, to)} with integer literal bases of 2 to 36 either sign, as MariaDB's
   * {@code strtoull} reads {@code n}'s text: white space, a sign, then the digits valid in the base
   * (none is 0); in a negative base as a signed 64-bit number, clamped at its ends, else unsigned,
   * 2^64 - 1 past it (whatever the sign) and negated modulo 2^64; written in {@code to}, with a
   * minus sign for a negative {@code to} and a value from 2^63, in upper-case digits. NULL for
   * {@code ''} and NULL.
   */
  private int conv(int t, int open, int[] a) {
    int from = base(a[0] + 1, a[1]);
    int to = base(a[1] + 1, a[2]);
    if (from == 0 || to == 0) {
      return -1;
    }
    int b = Math.abs(from);
    String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    String valid =
        b <= 10
            ? "0-" + (b - 1)
            : "0-9A-" + digits.charAt(b - 1) + "a-" + Character.toLowerCase(digits.charAt(b - 1));
    String value =
        "COALESCE((SELECT sum((position(upper(substr(m[2], i, 1)) IN '"
            + digits
            + "') - 1) * power(CAST("
            + b
            + " AS NUMERIC), char_length(m[2]) - i)) FROM generate_series(1, char_length(m[2])) AS"
            + " i), 0)";
    String unsigned =
        from > 0
            ? "CASE WHEN v > 18446744073709551615 THEN 18446744073709551615 WHEN m[1] = '-' AND v"
                + " > 0 THEN 18446744073709551616 - v ELSE v END"
            : "CASE WHEN m[1] = '-' AND v >= 9223372036854775808 THEN 9223372036854775808 WHEN"
                + " m[1] = '-' AND v > 0 THEN 18446744073709551616 - v WHEN m[1] = '-' THEN 0 ELSE"
                + " least(v, 9223372036854775807) END";
    String out =
        to > 0
            ? written("u", to)
            : "CASE WHEN u >= 9223372036854775808 THEN '-' || "
                + written("18446744073709551616 - u", -to)
                + " ELSE "
                + written("u", -to)
                + " END";
    tr.emit(
        rules.styled(
            "(SELECT CASE WHEN a1 IS NULL OR a1 = '' THEN NULL ELSE "
                + out
                + " END FROM (SELECT a1, "
                + unsigned
                + " AS u FROM (SELECT a1, m, "
                + value
                + " AS v FROM (SELECT a1, regexp_match(a1, '^[ \\t\\n\\r\\v\\f]*([-+]?)(["
                + valid
                + "]*)') AS m FROM (SELECT (",
            t));
    rules.argument(open + 1, a[0]);
    tr.emit(
        rules.styled(
            " || '')) AS cutover_conv(a1)) AS cutover_match) AS cutover_value) AS cutover_unsigned)",
            t));
    return done(a);
  }

  /** {@code w}, a whole number from 0 to 2^64 - 1, in base {@code b}'s upper-case digits. */
  private static String written(String w, int b) {
    return "CASE WHEN "
        + w
        + " = 0 THEN '0' ELSE (SELECT string_agg(substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
        + " CAST(mod(div("
        + w
        + ", power(CAST("
        + b
        + " AS NUMERIC), j)), "
        + b
        + ") AS INTEGER) + 1, 1), '' ORDER BY j DESC) FROM generate_series(0, 63) AS j WHERE"
        + " power(CAST("
        + b
        + " AS NUMERIC), j) <= "
        + w
        + ") END";
  }

  /** The integer literal from -36 to -2 or 2 to 36 at tokens {@code [from, to)}, else 0. */
  private int base(int from, int to) {
    int v = tr.nextSignificant(from);
    boolean negative = v < to && lx.types[v] == SqlLexer.OPERATOR && lx.isChar(v, '-');
    if (negative) {
      v = tr.nextSignificant(v + 1);
    }
    if (v >= to || lx.types[v] != NUMBER || tr.nextSignificant(v + 1) < to) {
      return 0;
    }
    String text = lx.text(v);
    if (!text.matches("[0-9]{1,2}")) {
      return 0;
    }
    int b = Integer.parseInt(text);
    return b < 2 || b > 36 ? 0 : negative ? -b : b;
  }

  /**
   * {@code SOUNDEX(s)}: the first letter (an ASCII one in upper case), then the codes of the ASCII
   * letters after it without zeros, runs of one code written once (the first letter's code
   * counting), padded to three with zeros.
   */
  private int soundex(int t, int open, int[] a) {
    String codes =
        "regexp_replace(translate(m[1], '"
            + LETTERS
            + "', '"
            + CODES
            + "') || replace(translate(regexp_replace(m[2], '[^A-Za-z]', '', 'g'), '"
            + LETTERS
            + "', '"
            + CODES
            + "'), '0', ''), '(.)\\1+', '\\1', 'g')";
    tr.emit(
        rules.styled(
            "(SELECT CASE WHEN a1 IS NULL THEN NULL WHEN m IS NULL THEN '' ELSE translate(m[1], '"
                + LETTERS.substring(26)
                + "', '"
                + LETTERS.substring(0, 26)
                + "') || c || repeat('0', 3 -"
                + " length(c)) END FROM (SELECT a1, m, substr("
                + codes
                + ", 2) AS c FROM (SELECT a1, regexp_match(a1, '"
                + ALPHA
                + "(.*)$') AS m FROM (SELECT (",
            t));
    rules.argument(open + 1, a[0]);
    tr.emit(
        rules.styled(" || '')) AS cutover_soundex(a1)) AS cutover_match) AS cutover_codes)", t));
    return done(a);
  }
}
