package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.WORD;

/**
 * MariaDB functions and operators PostgreSQL refuses or answers otherwise, for {@link MysqlRules},
 * each as MariaDB 10.11 answers it (measured, with the type Connector/J returns):
 *
 * <ul>
 *   <li>{@code TIMESTAMP(x)}: {@code CAST(x AS TIMESTAMP)}; {@code TIMESTAMP(x, t)}: {@code (CAST(x
 *       AS TIMESTAMP) + CAST(t AS INTERVAL))} ({@code '-01:00:00.25'} and {@code '100:00:00'} as in
 *       MariaDB). The typed literal {@code TIMESTAMP '...'}, a type in DDL and a single number
 *       ({@code TIMESTAMP(20240301)}, which PostgreSQL cannot cast) are left.
 *   <li>{@code SUBSTR(s FROM p FOR n)}, {@code MID(...)}, {@code SUBSTRING(...)} with {@code
 *       FROM}/{@code FOR}: as the comma form, with its rules ({@code FROM -3} counts from the end).
 *   <li>{@code CHAR(n, ...)}: MariaDB's bytes ({@code VARBINARY}, a {@code byte[]}), each {@code n}
 *       rounded to an integer, cut to 32 bits and written big-endian without its leading zero bytes
 *       ({@code CHAR(256)} is 0x0100, {@code CHAR(0)} 0x00, {@code CHAR(-1)} 0xFFFFFFFF), NULL
 *       skipped: a {@code bytea}. With {@code USING} it is left as it is.
 *   <li>{@code SPACE(n)}: {@code repeat(' ', CAST(n AS INTEGER))} ({@code n} rounded, '' below 1).
 *   <li>{@code ORD(s)}: the UTF-8 bytes of the first character as a big-endian integer, wrapped to
 *       32 bits as MariaDB's {@code INT} result is ({@code ORD('😀')} is -257976192), 0 for ''.
 *   <li>{@code LN}, {@code LOG(x)} (natural: PostgreSQL's one-argument {@code log} is base 10),
 *       {@code LOG2}, {@code LOG10}, {@code LOG(b, x)}: in double precision as MariaDB computes
 *       them ({@code log(x) / log(b)}, {@code log(x) / M_LN2}), NULL for {@code x <= 0} or a base
 *       {@code <= 0} or 1 (PostgreSQL fails); {@code EXP} and {@code POW}/{@code POWER} of a
 *       decimal in double precision too (PostgreSQL's numeric versions return a {@code
 *       BigDecimal}).
 *   <li>{@code LOCATE(sub, s, pos)}: the first place of {@code sub} at or after {@code pos}
 *       ignoring case, 0 when {@code pos} is below 1 or past the end, NULL when an argument is; for
 *       {@code ''} the byte offset of character {@code pos} plus 1, as MariaDB counts it.
 *   <li>{@code BINARY x} beside a comparison or {@code LIKE}: {@code CAST(x AS TEXT)}, which
 *       compares case-sensitively and keeps trailing spaces, as MariaDB's binary comparison does (a
 *       {@code CHAR(n)} column is read without its padding in both). Elsewhere left as it is.
 * </ul>
 *
 * <p>Those that need an argument twice read it once in a sub-query, which DDL and {@code ON
 * DUPLICATE KEY UPDATE} do not take: there they are left as they are.
 */
final class MoreFunctions {
  private static final String DOUBLE = " AS DOUBLE PRECISION)";

  /** Around a value: the value as a double, NULL when 0 or less, without writing it twice. */
  private static final String POSITIVE = "(NULLIF(GREATEST(CAST(";

  private static final String POSITIVE_END = DOUBLE + ", 0), 0)";

  /** Words after which a name is a table's. */
  private static final String[] TABLE_BEFORE = {
    "into",
    "table",
    "update",
    "from",
    "join",
    // INSERT log (a) VALUES ..., REPLACE log (a) ...: INTO is optional in MySQL.
    "insert",
    "replace"
  };

  /**
   * Modifiers between INSERT or REPLACE and the table when INTO is left out ({@code INSERT
   * LOW_PRIORITY IGNORE log (a) ...}); HIGH_PRIORITY also follows SELECT, before a call.
   */
  private static final String[] INSERT_MODIFIERS = {
    "ignore", "low_priority", "delayed", "high_priority"
  };

  private final SqlTranslator tr;
  private final SqlLexer lx;
  private final MysqlRules rules;

  MoreFunctions(SqlTranslator tr, MysqlRules rules) {
    this.tr = tr;
    this.lx = tr.lx;
    this.rules = rules;
  }

  /** Rewrites the call of {@code name} at {@code t}; its last token, or -1 when left. */
  int call(int t, int open, int to, String name) {
    if (namesTable(tr, t)) {
      return -1;
    }
    if (name.equals("binary")) {
      return binary(t, to);
    }
    int[] a = rules.arguments(open, to);
    if (a == null) {
      return -1;
    }
    switch (name) {
      case "timestamp":
        return timestamp(t, open, a);
      case "char":
        return chars(t, open, a);
      case "space":
        return a.length == 1 ? wrap(t, open, a, "repeat(' ', CAST(", " AS INTEGER))") : -1;
      case "ord":
        return a.length == 1
            ? wrap(
                t,
                open,
                a,
                "CAST(CAST(('x' || lpad(encode(convert_to(left(CAST(",
                " AS TEXT), 1), 'UTF8'), 'hex'), 8, '0')) AS BIT(32)) AS INTEGER)")
            : -1;
      case "ln":
      case "log10":
        return a.length == 1 ? wrap(t, open, a, name + POSITIVE, POSITIVE_END + ")") : -1;
      case "log2":
        return a.length == 1
            ? wrap(t, open, a, "(ln" + POSITIVE, POSITIVE_END + ") / ln(CAST(2" + DOUBLE + "))")
            : -1;
      case "log":
        if (a.length == 1) {
          return wrap(t, open, a, "ln" + POSITIVE, POSITIVE_END + ")");
        }
        return a.length == 2 ? logBase(t, open, a) : -1;
      case "exp":
        return a.length == 1 ? wrap(t, open, a, "exp(CAST(", DOUBLE + ")") : -1;
      case "pow":
      case "power":
        return a.length == 2 ? power(t, open, a) : -1;
      default:
        return -1;
    }
  }

  /**
   * Whether the word at {@code t} names a table where a function of its name could stand: {@code
   * INSERT INTO log(a, b)}.
   */
  static boolean namesTable(SqlTranslator tr, int t) {
    SqlLexer lx = tr.lx;
    int p = tr.previousSignificant(t);
    while (p >= 0 && isAnyWord(lx, p, INSERT_MODIFIERS)) {
      // INSERT LOW_PRIORITY IGNORE log(a): a table; SELECT HIGH_PRIORITY LOG(8): a call.
      p = tr.previousSignificant(p);
      if (p < 0 || isAnyWord(lx, p, new String[] {"insert", "replace"})) {
        return p >= 0;
      }
    }
    if (isAnyWord(lx, p, TABLE_BEFORE)) {
      return true;
    }
    // WITH log(a) AS (SELECT ...): a common table expression's name and columns.
    int open = t + 1 < lx.count && lx.types[t + 1] == SqlLexer.LPAREN ? t + 1 : -1;
    int close = open < 0 ? -1 : lx.closing(open, lx.count);
    int as = close < 0 ? -1 : tr.nextSignificant(close + 1);
    if (as >= 0 && as < lx.count && lx.isWord(as, "as")) {
      int body = tr.nextSignificant(as + 1);
      return body < lx.count && lx.types[body] == SqlLexer.LPAREN;
    }
    return false;
  }

  private static boolean isAnyWord(SqlLexer lx, int t, String[] words) {
    for (String w : words) {
      if (lx.isWord(t, w)) {
        return true;
      }
    }
    return false;
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

  /** Whether the statement is DDL, where {@code TIMESTAMP(6)} and {@code CHAR(10)} are types. */
  private boolean ddl() {
    int first = tr.nextSignificant(0);
    return first < lx.count && (lx.isWord(first, "create") || lx.isWord(first, "alter"));
  }

  /** Whether the token before {@code t} makes the word a type ({@code AS CHAR(10)}). */
  private boolean typePosition(int t) {
    int p = tr.previousSignificant(t);
    return ddl() || p >= 0 && lx.isWord(p, "as");
  }

  private int timestamp(int t, int open, int[] a) {
    if (a.length > 2 || typePosition(t)) {
      return -1;
    }
    int v = tr.nextSignificant(open + 1);
    if (a.length == 1 && lx.types[v] == NUMBER) {
      return -1;
    }
    tr.emit(rules.styled(a.length == 2 ? "(CAST(" : "CAST(", t));
    rules.argument(open + 1, a[0]);
    tr.emit(rules.styled(" AS TIMESTAMP)", t));
    if (a.length == 2) {
      tr.emit(rules.styled(" + CAST(", t));
      rules.argument(a[0] + 1, a[1]);
      tr.emit(rules.styled(" AS INTERVAL))", t));
    }
    return done(a);
  }

  /**
   * {@code CHAR(n, ...)}: {@code (SELECT <bytes of b1> || ... FROM (SELECT int8send(CAST(n1 AS
   * BIGINT)), ...) AS cutover_char(b1, ...))}, each {@code COALESCE(ltrim(substring(b FROM 5 FOR
   * 3), '\x00') || substring(b FROM 8), '')}: the low 32 bits without leading zero bytes, but at
   * least one byte.
   */
  private int chars(int t, int open, int[] a) {
    if (typePosition(t) || !rules.subQueryAllowed(t)) {
      return -1;
    }
    int from = open + 1;
    for (int i = 0; i < a.length; i++) {
      for (int k = from; k < a[i]; k++) {
        if (lx.isWord(k, "using")) {
          return -1;
        }
      }
      from = a[i] + 1;
    }
    StringBuilder value = new StringBuilder();
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < a.length; i++) {
      String b = "b" + (i + 1);
      value.append(i > 0 ? " || " : "");
      value
          .append("COALESCE(ltrim(substring(")
          .append(b)
          .append(" FROM 5 FOR 3), decode('00', 'hex')) || substring(")
          .append(b)
          .append(" FROM 8), decode('', 'hex'))");
      names.append(i > 0 ? ", " : "").append(b);
    }
    tr.emit(rules.styled("(SELECT " + value + " FROM (SELECT ", t));
    from = open + 1;
    for (int i = 0; i < a.length; i++) {
      tr.emit(rules.styled(i > 0 ? ", int8send(CAST(" : "int8send(CAST(", t));
      rules.argument(from, a[i]);
      tr.emit(rules.styled(" AS BIGINT))", t));
      from = a[i] + 1;
    }
    tr.emit(rules.styled(") AS cutover_char(" + names + "))", t));
    return done(a);
  }

  /**
   * {@code LOG(b, x)}: {@code (SELECT ln(x) / NULLIF(ln(b), 0) FROM (SELECT b, x) AS cutover_log(b,
   * x))}, each made NULL when 0 or less; the arguments stay in their order.
   */
  private int logBase(int t, int open, int[] a) {
    if (!rules.subQueryAllowed(t)) {
      return -1;
    }
    tr.emit(rules.styled("(SELECT ln(x) / NULLIF(ln(b), 0) FROM (SELECT NULLIF(GREATEST(CAST(", t));
    rules.argument(open + 1, a[0]);
    tr.emit(rules.styled(POSITIVE_END + ", NULLIF(GREATEST(CAST(", t));
    rules.argument(a[0] + 1, a[1]);
    tr.emit(rules.styled(POSITIVE_END + ") AS cutover_log(b, x))", t));
    return done(a);
  }

  private int power(int t, int open, int[] a) {
    tr.emit(rules.styled("power(CAST(", t));
    rules.argument(open + 1, a[0]);
    tr.emit(rules.styled(DOUBLE + ", CAST(", t));
    rules.argument(a[0] + 1, a[1]);
    tr.emit(rules.styled(DOUBLE + ")", t));
    return done(a);
  }

  /**
   * {@code LOCATE(sub, s, pos)}: {@code (SELECT CASE WHEN a IS NULL OR s IS NULL OR p IS NULL THEN
   * NULL WHEN a = '' THEN <MariaDB's answer for ''> WHEN p < 1 OR p > char_length(s) THEN 0 WHEN
   * position(a IN substr(s, p)) > 0 THEN position(a IN substr(s, p)) + p - 1 ELSE 0 END FROM
   * (SELECT lower(sub), lower(s), CAST(pos AS INTEGER)) AS cutover_locate(a, s, p))}. For an empty
   * {@code sub} MariaDB answers the byte offset of the {@code pos}-th character plus 1 ({@code
   * LOCATE('', 'été', 2)} is 3), and 0 when {@code pos} is past the bytes of {@code s} or more than
   * one character past its end.
   */
  int locate(int t, int open, int to) {
    int[] a = rules.arguments(open, to);
    if (a == null || a.length != 3 || !rules.subQueryAllowed(t)) {
      return -1;
    }
    tr.emit(
        rules.styled(
            "(SELECT CASE WHEN a IS NULL OR s IS NULL OR p IS NULL THEN NULL WHEN a = '' THEN CASE"
                + " WHEN p >= 1 AND p <= octet_length(s) AND p <= char_length(s) + 1 THEN"
                + " octet_length(substr(s, 1, p - 1)) + 1 ELSE 0 END WHEN p < 1 OR p >"
                + " char_length(s) THEN 0 WHEN position(a IN substr(s, p)) > 0 THEN position(a IN"
                + " substr(s, p)) + p - 1 ELSE 0 END FROM (SELECT lower(",
            t));
    rules.argument(open + 1, a[0]);
    tr.emit(rules.styled("), lower(", t));
    rules.argument(a[0] + 1, a[1]);
    tr.emit(rules.styled("), CAST(", t));
    rules.argument(a[1] + 1, a[2]);
    tr.emit(rules.styled(" AS INTEGER)) AS cutover_locate(a, s, p))", t));
    return done(a);
  }

  /**
   * The ends of {@code SUBSTR(s FROM p [FOR n])}'s arguments as {@link MysqlRules#arguments} gives
   * them for the comma form: the {@code FROM}, the {@code FOR} if any, the closing parenthesis;
   * null for any other shape.
   */
  int[] fromFor(int open, int to) {
    if (open < 0) {
      return null;
    }
    int close = lx.closing(open, to);
    if (close < 0) {
      return null;
    }
    int from = -1;
    int forWord = -1;
    int depth = 0;
    for (int i = open + 1; i < close; i++) {
      int type = lx.types[i];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (depth == 0 && type == COMMA) {
        return null;
      } else if (depth == 0 && type == WORD && lx.isWord(i, "from") && from < 0) {
        from = i;
      } else if (depth == 0 && type == WORD && lx.isWord(i, "for") && from > 0 && forWord < 0) {
        forWord = i;
      }
    }
    if (from < 0
        || tr.nextSignificant(open + 1) >= from
        || tr.nextSignificant(from + 1) >= (forWord > 0 ? forWord : close)
        || forWord > 0 && tr.nextSignificant(forWord + 1) >= close) {
      return null;
    }
    return forWord > 0 ? new int[] {from, forWord, close} : new int[] {from, close};
  }

  /** {@code substr(s, p [, n])} for the {@code FROM}/{@code FOR} form ends {@code a}. */
  int substrCommas(int t, int open, int[] a) {
    tr.emit(rules.styled("SUBSTR(", t));
    rules.argument(open + 1, a[0]);
    tr.emit(", ");
    rules.argument(a[0] + 1, a[1]);
    if (a.length == 3) {
      tr.emit(", ");
      rules.argument(a[1] + 1, a[2]);
    }
    tr.emit(")");
    return done(a);
  }

  /**
   * {@code BINARY x} where {@code x} is a name, literal or parameter compared ({@code =}, {@code
   * <>}, {@code <}, {@code LIKE}, ...) with something, or such a comparison's right side: {@code
   * CAST(x AS TEXT)}.
   */
  private int binary(int t, int to) {
    int first = tr.nextSignificant(t + 1);
    if (first >= to) {
      return -1;
    }
    int last = first;
    int type = lx.types[first];
    if (type == WORD || type == QUOTED_IDENT) {
      if (type == WORD && lx.keywords[first] != 0) {
        return -1;
      }
      while (last + 2 < to
          && lx.types[last + 1] == DOT
          && (lx.types[last + 2] == WORD || lx.types[last + 2] == QUOTED_IDENT)) {
        last += 2;
      }
    } else if (type == STRING) {
      if ((lx.flags[first] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) != 0) {
        return -1;
      }
    } else if (type != PARAM && type != NUMBER) {
      return -1;
    }
    int after = tr.nextSignificant(last + 1);
    int before = tr.previousSignificant(t);
    if (after < to && lx.types[after] == LPAREN) {
      return -1;
    }
    if (!comparison(after, to) && !(before >= 0 && comparison(before, to))) {
      return -1;
    }
    tr.emit(rules.styled("CAST(", t));
    rules.argument(first, last + 1);
    tr.emit(rules.styled(" AS TEXT)", t));
    tr.copied = lx.ends[last];
    return last;
  }

  /** Whether token {@code c} compares: {@code =}, {@code <>}, {@code !=}, {@code <}, LIKE... */
  private boolean comparison(int c, int to) {
    if (c < 0 || c >= to) {
      return false;
    }
    if (lx.types[c] == OPERATOR) {
      String op = lx.text(c);
      return op.equals("=")
          || op.equals("<>")
          || op.equals("!=")
          || op.equals("<")
          || op.equals(">")
          || op.equals("<=")
          || op.equals(">=");
    }
    return lx.types[c] == WORD
        && (lx.isWord(c, "like")
            || lx.isWord(c, "not") && lx.isWord(tr.nextSignificant(c + 1), "like"));
  }
}
