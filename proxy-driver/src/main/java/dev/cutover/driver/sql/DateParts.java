package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.WORD;

/**
 * MariaDB's date functions PostgreSQL lacks, for {@link MysqlRules}: {@code DAYOFWEEK}, {@code
 * WEEKDAY}, {@code DAYNAME}, {@code MONTHNAME}, {@code DAYOFYEAR}, {@code WEEKOFYEAR}, {@code WEEK}
 * and {@code YEARWEEK} in each mode, {@code MAKEDATE}, {@code TO_DAYS}, {@code FROM_DAYS}, {@code
 * MICROSECOND} and {@code TIME_TO_SEC}.
 *
 * <p>Each computes what MariaDB 10.11 answers, as measured: the week functions on every day from
 * 1900 to 2200 in all eight modes, compared with MariaDB's. A {@code ?} or string argument is cast
 * as MariaDB reads it (to a timestamp, as {@code YEAR} does); NULL gives NULL. Where MariaDB gives
 * NULL with a warning (an invalid date string such as {@code '2024-02-30'}), PostgreSQL's cast
 * fails instead. The integer results are {@code INTEGER}, as MariaDB's are {@code INT}.
 *
 * <p>An expression that needs its argument twice writes a column, a literal or an operator over
 * them twice; anything else (a {@code ?}, a call, a parenthesis) is evaluated once in a sub-query,
 * {@code (SELECT f(d) FROM (SELECT x) AS cutover_date(d))}, which DDL and {@code ON DUPLICATE KEY
 * UPDATE} do not take: there the call is left as it is.
 */
final class DateParts {
  private final SqlTranslator tr;
  private final SqlLexer lx;
  private final MysqlRules rules;

  DateParts(SqlTranslator tr, MysqlRules rules) {
    this.tr = tr;
    this.lx = tr.lx;
    this.rules = rules;
  }

  /**
   * Rewrites the call of {@code name} at {@code t} whose parenthesis opens at {@code open} (-1 when
   * none does); returns its last token, or -1 when it is left as it is.
   */
  int call(int t, int open, int to, String name) {
    int[] a = rules.arguments(open, to);
    if (a == null) {
      return -1;
    }
    int mode = a.length == 2 ? mode(a[0] + 1, a[1]) : -1;
    switch (name) {
      case "dayofweek":
        // 1 for Sunday to 7 for Saturday; PostgreSQL's dow is 0 for Sunday.
        return a.length == 1
            ? once(t, open, a, "(CAST(date_part('dow', ", ") AS INTEGER) + 1)")
            : -1;
      case "weekday":
        // 0 for Monday to 6 for Sunday; PostgreSQL's isodow is 1 for Monday.
        return a.length == 1
            ? once(t, open, a, "(CAST(date_part('isodow', ", ") AS INTEGER) - 1)")
            : -1;
      case "dayofyear":
        return a.length == 1 ? once(t, open, a, "CAST(date_part('doy', ", ") AS INTEGER)") : -1;
      case "dayname":
        // English names, as MariaDB's default lc_time_names (en_US) gives them; to_char without
        // the TM prefix does not follow PostgreSQL's locale.
        return a.length == 1 ? once(t, open, a, "to_char(", ", 'FMDay')") : -1;
      case "monthname":
        return a.length == 1 ? once(t, open, a, "to_char(", ", 'FMMonth')") : -1;
      case "weekofyear":
        return a.length == 1 ? week(t, open, a, 3) : -1;
      case "week":
        // Without a mode, MariaDB's default_week_format, 0 unless the application set it.
        return a.length == 1 ? week(t, open, a, 0) : mode >= 0 ? week(t, open, a, mode) : -1;
      case "yearweek":
        // Without a mode 0, whatever default_week_format says.
        return a.length == 1
            ? yearWeek(t, open, a, 0)
            : mode >= 0 ? yearWeek(t, open, a, mode) : -1;
      case "microsecond":
        return a.length == 1 ? microsecond(t, open, a) : -1;
      case "time_to_sec":
        return a.length == 1 ? timeToSec(t, open, a) : -1;
      case "to_days":
        return a.length == 1 ? toDays(t, open, a) : -1;
      case "from_days":
        return a.length == 1 ? fromDays(t, open, a) : -1;
      case "makedate":
        return a.length == 2 ? makeDate(t, open, a) : -1;
      default:
        return -1;
    }
  }

  /** The week mode written as the integer literal 0 to 7 in tokens {@code [from, to)}, else -1. */
  private int mode(int from, int to) {
    int m = tr.nextSignificant(from);
    if (m >= to || lx.types[m] != NUMBER || tr.nextSignificant(m + 1) != to) {
      return -1;
    }
    String text = lx.text(m);
    return text.length() == 1 && text.charAt(0) >= '0' && text.charAt(0) <= '7'
        ? text.charAt(0) - '0'
        : -1;
  }

  /**
   * Whether the single argument {@code [open + 1, a[0])} is a {@code ?}, a string or {@code NULL},
   * which PostgreSQL must be told to read as a date-time (for a bare NULL it cannot choose a {@code
   * date_part}).
   */
  private boolean loose(int open, int[] a) {
    int v = tr.nextSignificant(open + 1);
    return (lx.types[v] == PARAM || lx.types[v] == STRING || lx.isWord(v, "null"))
        && tr.nextSignificant(v + 1) == a[0];
  }

  /** Appends the first argument, a {@code ?} or string cast to {@code type}. */
  private void value(int t, int open, int[] a, String type) {
    boolean cast = type != null && loose(open, a);
    tr.emit(cast ? rules.styled("CAST(", t) : "");
    rules.argument(open + 1, a[0]);
    tr.emit(cast ? rules.styled(" AS " + type + ")", t) : "");
  }

  /** {@code before || x || after}, the argument written once, cast to a timestamp if loose. */
  private int once(int t, int open, int[] a, String before, String after) {
    tr.emit(rules.styled(before, t));
    value(t, open, a, "TIMESTAMP");
    tr.emit(rules.styled(after, t));
    return done(a);
  }

  private int done(int[] a) {
    int close = a[a.length - 1];
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * MariaDB's {@code WEEK(x, mode)}: the week of the year, by the mode's first day of the week
   * (Sunday in the even modes, Monday in the odd ones) and its first week (the one with the year's
   * first Sunday or Monday in modes 0, 2, 5, 7; the first with four days or more of the year in
   * modes 1, 3, 4, 6). Modes 0, 1, 4, 5 count the days before the first week as week 0 and go up to
   * 53; modes 2, 3, 6, 7 count them in the last week of the year before, and in modes 3 and 6 a
   * last week of December with fewer than four days of it is week 1 of the next year.
   *
   * <p>Modes 2, 3, 6 and 7 are a week of the year of the week's day that decides its year (its
   * first day where the first week holds the year's first such day, its fourth where it holds four
   * days of the year): {@code to_char}'s {@code WW} of that day counts weeks from January 1st. Mode
   * 3 is ISO's week. Modes 0, 1, 4, 5 need the day of the year and the day of the week of {@code
   * x}, so {@code x} twice: {@code floor((doy - day of week + c) / 7)}.
   */
  private int week(int t, int open, int[] a, int mode) {
    switch (mode) {
      case 0:
        return twice(t, open, a, "date_part('dow', ", "6");
      case 1:
        return twice(t, open, a, "date_part('isodow', ", "10");
      case 4:
        return twice(t, open, a, "date_part('dow', ", "9");
      case 5:
        return twice(t, open, a, "date_part('isodow', ", "7");
      case 3:
        return once(t, open, a, "CAST(date_part('week', ", ") AS INTEGER)");
      default:
        return weekOfDecidingDay(t, open, a, mode, "WW");
    }
  }

  /**
   * MariaDB's {@code YEARWEEK(x, mode)}: the year and week as {@code year * 100 + week}, the week
   * counted as {@code WEEK} counts it in mode 2, 3, 6 or 7 (never 0: the days before a year's first
   * week belong to the year before), so modes 0 and 2, 1 and 3, 4 and 6, 5 and 7 agree. ISO's for
   * modes 1 and 3: {@code to_char(x, 'IYYYIW')}.
   */
  private int yearWeek(int t, int open, int[] a, int mode) {
    if (mode == 1 || mode == 3) {
      return once(t, open, a, "CAST(to_char(", ", 'IYYYIW') AS INTEGER)");
    }
    return weekOfDecidingDay(t, open, a, mode | 2, "YYYYWW");
  }

  /**
   * {@code CAST(to_char(<the day deciding x's week's year>, pattern) AS INTEGER)} for modes 2, 6
   * and 7: the first day of the week (Monday from {@code date_trunc('week')}, Sunday the day before
   * the Monday of the day after) in modes 2 and 7, its fourth day in mode 6.
   */
  private int weekOfDecidingDay(int t, int open, int[] a, int mode, String pattern) {
    String day;
    switch (mode) {
      case 2:
        day = " + INTERVAL '1 day') - INTERVAL '1 day'";
        break;
      case 6:
        day = " + INTERVAL '1 day') + INTERVAL '2 day'";
        break;
      case 7:
        day = ")";
        break;
      default:
        return -1;
    }
    tr.emit(rules.styled("CAST(to_char(date_trunc('week', CAST(", t));
    rules.argument(open + 1, a[0]);
    tr.emit(rules.styled(" AS TIMESTAMP)" + day + ", '" + pattern + "') AS INTEGER)", t));
    return done(a);
  }

  /**
   * {@code CAST(floor((date_part('doy', x) - <day of the week of x> + c) / 7) AS INTEGER)}: the
   * week of the year for modes 0, 1, 4 and 5, with {@code x} twice (in a sub-query unless it can be
   * repeated).
   */
  private int twice(int t, int open, int[] a, String dayOfWeek, String c) {
    boolean repeat = repeatable(open + 1, a[0]);
    if (!repeat && !rules.subQueryAllowed(t)) {
      return -1;
    }
    String before = "CAST(floor((date_part('doy', ";
    String middle = ") - " + dayOfWeek;
    String after = ") + " + c + ") / 7) AS INTEGER)";
    if (repeat) {
      tr.emit(rules.styled(before, t));
      value(t, open, a, "TIMESTAMP");
      tr.emit(rules.styled(middle, t));
      value(t, open, a, "TIMESTAMP");
      tr.emit(rules.styled(after, t));
    } else {
      tr.emit(rules.styled("(SELECT " + before + "d" + middle + "d" + after + " FROM (SELECT ", t));
      value(t, open, a, "TIMESTAMP");
      tr.emit(rules.styled(") AS cutover_date(d))", t));
    }
    return done(a);
  }

  /**
   * Whether tokens {@code [from, to)} may be written twice: columns, literals and operators, no
   * {@code ?} (which must appear once), call or parenthesis (which may not be deterministic).
   */
  private boolean repeatable(int from, int to) {
    for (int i = from; i < to; i++) {
      int type = lx.types[i];
      if (type == PARAM
          || type == LPAREN
          || type == WORD && lx.keywords[i] != 0 && !lx.isWord(i, "null")) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code MICROSECOND(x)}: the fraction of the second in microseconds, {@code
   * (CAST(date_part('microseconds', x) AS INTEGER) % 1000000)} (PostgreSQL's counts the seconds
   * too). A string or {@code ?} is cast to a time, which reads {@code '10:00:00.5'} and {@code
   * '2024-01-01 10:00:00.5'} as MariaDB does.
   */
  private int microsecond(int t, int open, int[] a) {
    tr.emit(rules.styled("(CAST(date_part('microseconds', ", t));
    value(t, open, a, "TIME");
    tr.emit(rules.styled(") AS INTEGER) % 1000000)", t));
    return done(a);
  }

  /**
   * {@code TIME_TO_SEC(x)}: {@code trim_scale(EXTRACT(EPOCH FROM CAST(x AS INTERVAL)))}, the
   * seconds of a time as a number with its fraction (MariaDB's is a {@code BIGINT} for a time
   * without fraction, a {@code DECIMAL} with six places for a {@code TIME(6)}: 36000.500000).
   * Through an interval, as a MariaDB {@code TIME} beyond a day or negative is one in PostgreSQL:
   * {@code '100:00:00'} is 360000 and {@code '-01:00:00'} -3600, as in MariaDB (a cast to {@code
   * time} would wrap them into a day). A date-time argument, whose time of day MariaDB reads, is
   * refused by PostgreSQL's cast.
   */
  private int timeToSec(int t, int open, int[] a) {
    tr.emit(rules.styled("trim_scale(EXTRACT(EPOCH FROM CAST(", t));
    rules.argument(open + 1, a[0]);
    tr.emit(rules.styled(" AS INTERVAL)))", t));
    return done(a);
  }

  /**
   * {@code TO_DAYS(x)}: the days since year 0, {@code (CAST(x AS DATE) - DATE '0001-01-01' + 366)};
   * MariaDB counts 366 for 0001-01-01 (its year 0 has 365 days) and the Gregorian calendar before
   * 1582 as PostgreSQL does (1000-01-01 is 365243 on both).
   */
  private int toDays(int t, int open, int[] a) {
    tr.emit(rules.styled("(CAST(", t));
    rules.argument(open + 1, a[0]);
    tr.emit(rules.styled(" AS DATE) - DATE '0001-01-01' + 366)", t));
    return done(a);
  }

  /**
   * {@code FROM_DAYS(n)}: the date {@code n} days after year 0, {@code n} rounded half up as
   * MariaDB rounds it (365.5 is 0001-01-01). Before 0001-01-01 (366) and after 9999-12-31 (3652424)
   * MariaDB gives the zero date {@code 0000-00-00}, which Connector/J's {@code getObject} reads as
   * NULL and PostgreSQL cannot hold: NULL. {@code n} is read once in a sub-query.
   */
  private int fromDays(int t, int open, int[] a) {
    if (!rules.subQueryAllowed(t)) {
      return -1;
    }
    tr.emit(
        rules.styled(
            "(SELECT CASE WHEN n >= 366 AND n <= 3652424 THEN DATE '0001-01-01' + CAST(n - 366"
                + " AS INTEGER) END FROM (SELECT CAST(CAST(",
            t));
    rules.argument(open + 1, a[0]);
    tr.emit(rules.styled(" AS NUMERIC) AS BIGINT)) AS cutover_days(n))", t));
    return done(a);
  }

  /**
   * {@code MAKEDATE(year, day)}: the {@code day}-th day counted from January 1st of {@code year},
   * as MariaDB 10.11 answers it (measured): both rounded half up ({@code MAKEDATE(69.5, 1)} is
   * 1970-01-01); a year 0 to 69 is 2000 to 2069 and 70 to 99 is 1970 to 1999; a day past the year's
   * end goes on into the next ones ({@code MAKEDATE(2024, 400)} is 2025-02-03); NULL for a year
   * below 0 or above 9999, a day below 1, and a date past 9999-12-31. Each argument read once, in
   * order, in a sub-query.
   */
  private int makeDate(int t, int open, int[] a) {
    if (!rules.subQueryAllowed(t)) {
      return -1;
    }
    String year =
        "make_date(CAST(CASE WHEN y >= 0 AND y < 70 THEN y + 2000 WHEN y >= 70 AND y < 100 THEN"
            + " y + 1900 WHEN y >= 100 AND y <= 9999 THEN y END AS INTEGER), 1, 1)";
    tr.emit(
        rules.styled(
            "(SELECT CASE WHEN n >= 1 AND n - 1 <= DATE '9999-12-31' - "
                + year
                + " THEN "
                + year
                + " + CAST(n - 1 AS INTEGER) END FROM (SELECT CAST(CAST(",
            t));
    rules.argument(open + 1, a[0]);
    tr.emit(rules.styled(" AS NUMERIC) AS BIGINT), CAST(CAST(", t));
    rules.argument(a[0] + 1, a[1]);
    tr.emit(rules.styled(" AS NUMERIC) AS BIGINT)) AS cutover_makedate(y, n))", t));
    return done(a);
  }
}
