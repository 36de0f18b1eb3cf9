package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.Locale;
import java.util.Map;

/**
 * MariaDB's time functions PostgreSQL lacks, for {@link MysqlRules}: {@code EXTRACT} with MySQL's
 * compound units, {@code TO_SECONDS}, {@code PERIOD_ADD}, {@code PERIOD_DIFF} and {@code
 * TIME_FORMAT}, each as MariaDB 10.11 answers it (measured, with the type Connector/J returns).
 *
 * <p>Those whose MariaDB answer is a {@code TIME} ({@code SEC_TO_TIME}, {@code MAKETIME}, {@code
 * TIMEDIFF}, {@code ADDTIME}, {@code SUBTIME}) are left as they are: a MariaDB {@code TIME} runs
 * from -838:59:59 to 838:59:59, and Connector/J gives it as a {@code java.sql.Time} wrapped into a
 * day ({@code 25:00:00} is 01:00:00 to {@code getObject}) beside the text {@code 25:00:00} to
 * {@code getString}, with as many fractional digits as the argument's type has ({@code
 * SEC_TO_TIME('3600')} is {@code 01:00:00.000000}); PostgreSQL's {@code time} holds neither the
 * hours nor the digits, and an {@code interval} is a {@code PGInterval} to {@code getObject}.
 */
final class TimeFunctions {
  /**
   * MySQL's compound {@code EXTRACT} units: the {@code to_char} pattern, the result's type for a
   * date-time and for a string, a {@code ?} or NULL (measured: MariaDB sizes {@code DAY_MINUTE} and
   * {@code DAY_SECOND} of a string, whose days it does not know, as a {@code BIGINT}).
   */
  private static final Map<String, String[]> UNITS =
      Map.ofEntries(
          Map.entry("year_month", new String[] {"YYYYMM", "INTEGER", "INTEGER"}),
          Map.entry("day_hour", new String[] {"DDHH24", "INTEGER", "INTEGER"}),
          Map.entry("day_minute", new String[] {"DDHH24MI", "INTEGER", "BIGINT"}),
          Map.entry("day_second", new String[] {"DDHH24MISS", "INTEGER", "BIGINT"}),
          Map.entry("day_microsecond", new String[] {"DDHH24MISSUS", "BIGINT", "BIGINT"}),
          Map.entry("hour_minute", new String[] {"HH24MI", "INTEGER", "INTEGER"}),
          Map.entry("hour_second", new String[] {"HH24MISS", "INTEGER", "INTEGER"}),
          Map.entry("hour_microsecond", new String[] {"HH24MISSUS", "BIGINT", "BIGINT"}),
          Map.entry("minute_second", new String[] {"MISS", "INTEGER", "INTEGER"}),
          Map.entry("minute_microsecond", new String[] {"MISSUS", "BIGINT", "BIGINT"}),
          Map.entry("second_microsecond", new String[] {"SSUS", "INTEGER", "INTEGER"}));

  /**
   * MariaDB's months since year 0 of the period {@code p} ({@code YYMM} or {@code YYYYMM}): a year
   * below 70 is 20xx, below 100 19xx, a month beyond 12 counts on ({@code 202413} is 202501); 0 for
   * 0, a negative period (an unsigned one beyond 999912 to MariaDB) and one beyond 999912
   * (measured: {@code 999912} is December 9999, {@code 999913} is 0, {@code 999899} is read).
   */
  private static String months(String p) {
    String year = p + " / 100";
    return "CASE WHEN "
        + p
        + " <= 0 OR "
        + p
        + " > 999912 THEN 0 ELSE (CASE WHEN "
        + year
        + " < 70 THEN "
        + year
        + " + 2000 WHEN "
        + year
        + " < 100 THEN "
        + year
        + " + 1900 ELSE "
        + year
        + " END) * 12 + "
        + p
        + " % 100 - 1 END";
  }

  /** The largest MariaDB {@code TIME}, 838:59:59.999999, in microseconds. */
  private static final String TIME_MAX = "3020399999999";

  private final SqlTranslator tr;
  private final SqlLexer lx;
  private final MysqlRules rules;

  TimeFunctions(SqlTranslator tr, MysqlRules rules) {
    this.tr = tr;
    this.lx = tr.lx;
    this.rules = rules;
  }

  /** Rewrites the call of {@code name} at {@code t}; its last token, or -1 when left. */
  int call(int t, int open, int to, String name) {
    int[] a = rules.arguments(open, to);
    if (a == null) {
      return -1;
    }
    switch (name) {
      case "extract":
        return a.length == 1 ? extract(t, open, a) : -1;
      case "to_seconds":
        return a.length == 1 ? toSeconds(t, open, a) : -1;
      case "period_add":
        return a.length == 2 ? periodAdd(t, open, a) : -1;
      case "period_diff":
        return a.length == 2 ? periodDiff(t, open, a) : -1;
      case "time_format":
        return a.length == 2 ? timeFormat(t, open, a) : -1;
      default:
        return -1;
    }
  }

  private int done(int[] a) {
    int close = a[a.length - 1];
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * {@code EXTRACT(YEAR_MONTH FROM x)} and the other compound units: {@code CAST(to_char(CAST(x AS
   * TIMESTAMP), 'YYYYMM') AS INTEGER)}, the parts written side by side as MariaDB's number does
   * ({@code DAY_MICROSECOND} of {@code 2024-01-02 03:04:05.5} is 2030405500000), an {@code INTEGER}
   * or a {@code BIGINT} as MariaDB's is {@code INT} or {@code BIGINT}. The cast refuses a {@code
   * time} or {@code interval}, where MariaDB reads a duration ({@code DAY_HOUR} of {@code TIME
   * '100:00:00'} is 404), and a time string ({@code '10:00:00'}, which MariaDB reads as the date
   * 2010-00-00). Other units are left as they are.
   */
  private int extract(int t, int open, int[] a) {
    int unit = tr.nextSignificant(open + 1);
    if (unit >= a[0] || lx.types[unit] != WORD) {
      return -1;
    }
    String[] form = UNITS.get(lx.text(unit).toLowerCase(Locale.ROOT));
    int from = tr.nextSignificant(unit + 1);
    if (form == null || from >= a[0] || !lx.isWord(from, "from")) {
      return -1;
    }
    int first = tr.nextSignificant(from + 1);
    if (first >= a[0]) {
      return -1;
    }
    boolean loose =
        (lx.types[first] == PARAM || lx.types[first] == STRING || lx.isWord(first, "null"))
            && tr.nextSignificant(first + 1) == a[0];
    String type = loose ? form[2] : form[1];
    // Where a string's type differs, a text column or expression (a BIGINT to MariaDB) is
    // refused: PostgreSQL has no text + interval.
    boolean refuseText = !loose && !form[1].equals(form[2]);
    tr.emit(rules.styled("CAST(to_char(CAST(" + (refuseText ? "((" : ""), t));
    rules.argument(first, a[0]);
    tr.emit(
        rules.styled(
            (refuseText ? ") + INTERVAL '0 second')" : "")
                + " AS TIMESTAMP), '"
                + form[0]
                + "') AS "
                + type
                + ")",
            t));
    return done(a);
  }

  /**
   * {@code TO_SECONDS(x)}: the seconds since year 0, {@code (CAST(EXTRACT(EPOCH FROM
   * date_trunc('second', CAST(x AS TIMESTAMP))) AS BIGINT) + 62167219200)}, a {@code BIGINT} as
   * MariaDB's, the fraction cut as MariaDB cuts it ({@code '1969-12-31 23:59:59.5'} is
   * 62167219199). A time of day, which MariaDB answers NULL, is refused by the cast.
   */
  private int toSeconds(int t, int open, int[] a) {
    tr.emit(rules.styled("(CAST(EXTRACT(EPOCH FROM date_trunc('second', CAST(", t));
    rules.argument(open + 1, a[0]);
    tr.emit(rules.styled(" AS TIMESTAMP))) AS BIGINT) + 62167219200)", t));
    return done(a);
  }

  /**
   * {@code PERIOD_ADD(p, n)}: MariaDB's arithmetic, measured: {@code p} and {@code n} rounded as
   * MariaDB's integer conversion rounds (a decimal half away from zero, a double half to even, as
   * PostgreSQL's casts to {@code BIGINT} do); 0 for a period of 0; the months of {@code p} (see
   * {@link #months}) plus {@code n} taken as an unsigned 32-bit number, then back to a period
   * (years below 100 read as 19xx or 20xx; 0 months is 0). An answer beyond an {@code INTEGER},
   * which Connector/J reads wrapped ({@code PERIOD_ADD(202401, -24289)} is the text 35791394104 and
   * the {@code Integer} 1431655736), fails the cast. Evaluated once in a sub-query.
   */
  private int periodAdd(int t, int open, int[] a) {
    if (!rules.subQueryAllowed(t)) {
      return -1;
    }
    String u = "((" + months("p") + ") + n) % 4294967296";
    String m = "(" + u + " + 4294967296) % 4294967296";
    tr.emit(
        rules.styled(
            "(SELECT CAST(CASE WHEN p = 0 THEN 0 ELSE (SELECT CASE WHEN m = 0 THEN 0 WHEN m / 12"
                + " < 70 THEN (m / 12 + 2000) * 100 + m % 12 + 1 WHEN m / 12 < 100 THEN (m / 12 +"
                + " 1900) * 100 + m % 12 + 1 ELSE m / 12 * 100 + m % 12 + 1 END FROM (SELECT "
                + m
                + ") AS cutover_months(m)) END AS INTEGER) FROM (SELECT ",
            t));
    integer(t, open + 1, a[0]);
    tr.emit(rules.styled(", ", t));
    integer(t, a[0] + 1, a[1]);
    tr.emit(rules.styled(") AS cutover_period(p, n))", t));
    return done(a);
  }

  /**
   * {@code PERIOD_DIFF(p1, p2)}: the months of {@code p1} less those of {@code p2} (see {@link
   * #months}), an {@code INTEGER}. Evaluated once each, in order, in a sub-query.
   */
  private int periodDiff(int t, int open, int[] a) {
    if (!rules.subQueryAllowed(t)) {
      return -1;
    }
    tr.emit(
        rules.styled(
            "(SELECT CAST((" + months("p") + ") - (" + months("q") + ") AS INTEGER) FROM (SELECT ",
            t));
    integer(t, open + 1, a[0]);
    tr.emit(rules.styled(", ", t));
    integer(t, a[0] + 1, a[1]);
    tr.emit(rules.styled(") AS cutover_period(p, q))", t));
    return done(a);
  }

  /**
   * The argument {@code (from, to)} of {@code PERIOD_ADD} or {@code PERIOD_DIFF} as a {@code
   * BIGINT}. A lone {@code ?} goes through its text: MariaDB Connector/J sends a double bound there
   * as a decimal's text, which MariaDB rounds half away from zero ({@code PERIOD_ADD(202401, ?)}
   * with {@code setDouble(2.5)} is 202404), PostgreSQL's cast of a {@code float8} half to even
   * (202403); and a string with a fraction MariaDB cuts ({@code '2.5'} is 2). Through the text
   * PostgreSQL refuses any fraction, and reads whole numbers of every type alike.
   */
  private void integer(int t, int from, int to) {
    int first = tr.nextSignificant(from);
    boolean param = first < to && lx.types[first] == PARAM && tr.nextSignificant(first + 1) == to;
    tr.emit(rules.styled(param ? "CAST(CAST(" : "CAST(", t));
    rules.argument(from, to);
    tr.emit(rules.styled(param ? " AS TEXT) AS BIGINT)" : " AS BIGINT)", t));
  }

  /**
   * {@code TIME_FORMAT(x, 'format')} with a literal format: the text MariaDB gives, measured. The
   * duration is read through an interval, as for {@code TIME_TO_SEC}, so a MariaDB {@code TIME}
   * beyond a day or negative, held as an {@code interval}, keeps its hours and sign; clamped to
   * MariaDB's range (&plusmn;838:59:59.999999, as MariaDB clamps a string). {@code %H} is the hours
   * in two digits or more ({@code 100}), {@code %k} without padding, {@code %h}/{@code %I}/{@code
   * %l} and {@code %p} the hour of the day on a 12-hour clock, {@code %T} and {@code %r} their
   * combinations, {@code %f} six digits; a negative duration starts with {@code -} whatever the
   * format (MariaDB's sign comes first: {@code '-x 01:00:00'}), also for {@code '-00:00:00'}. A
   * code of a date ({@code %Y}, {@code %d}, ...) makes MariaDB's answer NULL: left as it is; so is
   * an empty format (NULL) and a code that is not a letter. A number of three digits or more
   * without a colon, which MariaDB reads as {@code [H]HMMSS} ({@code '1000'} is 00:10:00) and
   * PostgreSQL's interval as seconds, fails; a date-time, whose time of day MariaDB reads, and a
   * number, which it reads as {@code [H]HMMSS} too, are refused by the cast. Evaluated once in a
   * sub-query.
   */
  private int timeFormat(int t, int open, int[] a) {
    String format = literal(a[0], a[1]);
    if (format == null || format.isEmpty() || !rules.subQueryAllowed(t)) {
      return -1;
    }
    StringBuilder value = new StringBuilder();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 == format.length()) {
        text.append(c);
        continue;
      }
      char code = format.charAt(++i);
      String piece = timeCode(code);
      if (piece == null) {
        if (code == '%' || (code < 128 && Character.isLetter(code) && !dateCode(code))) {
          text.append(code);
          continue;
        }
        return -1;
      }
      if (text.length() > 0) {
        value.append(" || ").append(quote(text));
        text.setLength(0);
      }
      value.append(" || ").append(piece);
    }
    if (text.length() > 0) {
      value.append(" || ").append(quote(text));
    }
    tr.emit(
        rules.styled(
            "(SELECT CASE WHEN u IS NULL THEN NULL ELSE CASE WHEN u < 0 OR u = 0 AND ltrim(s)"
                + " LIKE '-%' THEN '-' ELSE '' END"
                + value
                // The failing cast is of a CASE, which PostgreSQL folds only when it knows the
                // branch: a cast in a branch of its own would be folded, and fail, for any
                // constant argument.
                + " END FROM (SELECT s, u + CAST(CASE WHEN strpos(s, ':') = 0 AND abs(u) >="
                + " 60000000 THEN 'MariaDB reads a TIME without a colon as [H]HMMSS: ' || s ELSE"
                + " '0' END AS BIGINT) AS u, abs(u) / 3600000000 AS h, abs(u) / 60000000 % 60 AS"
                + " mi, abs(u) / 1000000 % 60 AS ss, abs(u) % 1000000 AS us FROM (SELECT CAST(v"
                + " AS TEXT) AS s, CAST(CASE WHEN e > "
                + TIME_MAX
                + " THEN "
                + TIME_MAX
                + " WHEN e < -"
                + TIME_MAX
                + " THEN -"
                + TIME_MAX
                + " ELSE e END AS BIGINT) AS u FROM (SELECT v, EXTRACT(EPOCH FROM CAST(v AS"
                + " INTERVAL)) * 1000000 AS e FROM (SELECT ",
            t));
    rules.argument(open + 1, a[0]);
    tr.emit(
        rules.styled(
            ") AS cutover_time(v)) AS cutover_seconds) AS cutover_parts) AS cutover_clock)", t));
    return done(a);
  }

  /** The text of the one string literal between {@code comma} and {@code close}, else null. */
  private String literal(int comma, int close) {
    int f = tr.nextSignificant(comma + 1);
    if (f >= close
        || lx.types[f] != STRING
        || tr.nextSignificant(f + 1) != close
        || (lx.flags[f] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) != 0) {
      return null;
    }
    return tr.decodeMysql(lx.starts[f] + 1, lx.ends[f] - 1, lx.sql.charAt(lx.starts[f]));
  }

  /** Whether {@code %code} is one of a date, which makes MariaDB's {@code TIME_FORMAT} NULL. */
  private static boolean dateCode(char code) {
    return "abcdejmuvwxyDMUVWXY".indexOf(code) >= 0;
  }

  /** {@code TIME_FORMAT}'s text for {@code %code} over the parts h, mi, ss, us; else null. */
  private static String timeCode(char code) {
    String hour12 = "CAST((h % 24 + 11) % 12 + 1 AS TEXT)";
    String hours = "CASE WHEN h < 10 THEN '0' ELSE '' END || CAST(h AS TEXT)";
    String minutes = "lpad(CAST(mi AS TEXT), 2, '0')";
    String seconds = "lpad(CAST(ss AS TEXT), 2, '0')";
    String half = "CASE WHEN h % 24 < 12 THEN 'AM' ELSE 'PM' END";
    switch (code) {
      case 'H':
        return hours;
      case 'k':
        return "CAST(h AS TEXT)";
      case 'h':
      case 'I':
        return "lpad(" + hour12 + ", 2, '0')";
      case 'l':
        return hour12;
      case 'i':
        return minutes;
      case 's':
      case 'S':
        return seconds;
      case 'f':
        return "lpad(CAST(us AS TEXT), 6, '0')";
      case 'p':
        return half;
      case 'r':
        return "lpad("
            + hour12
            + ", 2, '0') || ':' || "
            + minutes
            + " || ':' || "
            + seconds
            + " || ' ' || "
            + half;
      case 'T':
        return hours + " || ':' || " + minutes + " || ':' || " + seconds;
      default:
        return null;
    }
  }

  /** {@code s} as a PostgreSQL string literal. */
  private static String quote(CharSequence s) {
    return "'" + s.toString().replace("'", "''") + "'";
  }
}
