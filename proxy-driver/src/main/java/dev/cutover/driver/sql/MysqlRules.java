package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rewrites of MySQL constructs PostgreSQL lacks, for {@link SqlTranslator}: functions ({@code IF},
 * {@code IFNULL}, the date and time functions), {@code INTERVAL n unit} and {@code DATE_ADD},
 * {@code INSERT ... SET}, single-table {@code UPDATE}/{@code DELETE} with {@code LIMIT}, and
 * two-table {@code UPDATE}/{@code DELETE} with an inner join.
 *
 * <p>Every rule first reads the whole construct and rewrites only a shape it recognises entirely;
 * anything else is left to the token translation, so PostgreSQL refuses it and the driver journals
 * it. A rule never guesses: a value PostgreSQL would compute differently (an interval of 1.5 days,
 * which MySQL rounds to 2) is rewritten to compute what MySQL computes, or not at all. Parts a rule
 * keeps (arguments, clauses) go back through the translator, so they are translated too, and in
 * their original order: the {@code ?} markers stay in order, which {@link SqlTranslator} checks.
 */
final class MysqlRules {
  private final SqlTranslator tr;
  private final SqlLexer lx;

  MysqlRules(SqlTranslator tr) {
    this.tr = tr;
    this.lx = tr.lx;
  }

  // ---------------------------------------------------------------- sequences

  /**
   * MariaDB's {@code NEXTVAL(s)} and {@code LASTVAL(s)} name the sequence as an identifier;
   * PostgreSQL's {@code nextval}/{@code currval} take its name as text ({@code nextval('s')}).
   * Returns -1 for anything else ({@code nextval('s')} is PostgreSQL's already).
   */
  private int sequenceCall(int t, int open, String function) {
    if (open < 0) {
      return -1;
    }
    int first = tr.nextSignificant(open + 1);
    int last = sequenceNameEnd(first);
    int close = last < 0 ? -1 : tr.nextSignificant(last + 1);
    if (close < 0 || close >= lx.count || lx.types[close] != RPAREN) {
      return -1;
    }
    return replace(t, close, function + "(" + sequenceName(first, last) + ")");
  }

  /**
   * MariaDB's {@code SETVAL(s, n)} and {@code SETVAL(s, n, used)}, for a number or parameter {@code
   * n} and a literal {@code used}: PostgreSQL's {@code setval} where it moves the sequence
   * forwards, else NULL, as MariaDB ignores (and answers NULL to) a value that would make the next
   * one handed out smaller than it is now. A plain {@code setval} went back, and PostgreSQL then
   * handed out ids again.
   */
  private int sequenceSet(int t, int open, int to) {
    if (open < 0) {
      return -1;
    }
    int first = tr.nextSignificant(open + 1);
    int last = sequenceNameEnd(first);
    int comma = last < 0 ? -1 : tr.nextSignificant(last + 1);
    if (comma < 0 || comma >= to || lx.types[comma] != COMMA) {
      return -1;
    }
    int value = tr.nextSignificant(comma + 1);
    if (value >= to || (lx.types[value] != NUMBER && lx.types[value] != PARAM)) {
      return -1;
    }
    int after = tr.nextSignificant(value + 1);
    boolean used = true;
    if (after < to && lx.types[after] == COMMA) {
      int flag = tr.nextSignificant(after + 1);
      if (flag >= to) {
        return -1;
      }
      String text = lx.text(flag).toLowerCase(Locale.ROOT);
      if (text.equals("0") || text.equals("false")) {
        used = false;
      } else if (!text.equals("1") && !text.equals("true")) {
        return -1;
      }
      after = tr.nextSignificant(flag + 1);
    }
    if (after >= to || lx.types[after] != RPAREN) {
      return -1;
    }
    String literal = sequenceName(first, last);
    String relation = sequenceRelation(first, last);
    // (SELECT setval('s', v.n, used) FROM (SELECT CAST(n AS BIGINT) AS n) v, s, pg_sequence q
    //  WHERE q.seqrelid = 's'::regclass AND <next now> <= <next asked for>)
    tr.out.append("(SELECT setval(").append(literal).append(", v.n, ").append(used);
    tr.out.append(") FROM (SELECT CAST(");
    argument(value, value + 1);
    tr.out.append(" AS BIGINT) AS n) v, ").append(relation).append(" s, pg_sequence q");
    // In the sequence's direction: a descending one moves "forwards" to smaller values.
    String now = "(CASE WHEN s.is_called THEN s.last_value + q.seqincrement ELSE s.last_value END)";
    String asked = used ? "v.n + q.seqincrement" : "v.n";
    tr.out.append(" WHERE q.seqrelid = ").append(literal).append("::regclass");
    tr.out.append(" AND CASE WHEN q.seqincrement > 0 THEN ").append(now).append(" <= ");
    tr.out.append(asked).append(" ELSE ").append(now).append(" >= ").append(asked).append(" END)");
    tr.copied = lx.ends[after];
    return after;
  }

  /** The sequence named by tokens {@code first..last} as a PostgreSQL relation name. */
  private String sequenceRelation(int first, int last) {
    StringBuilder name = new StringBuilder();
    for (int t = first; t <= last; t += 2) {
      if (t > first) {
        name.append('.');
      }
      if (lx.types[t] == QUOTED_IDENT) {
        int mark = tr.out.length();
        tr.quoteIdentifier(lx.starts[t], lx.ends[t]);
        name.append(tr.out, mark, tr.out.length());
        tr.out.setLength(mark);
      } else {
        name.append(lx.sql, lx.starts[t], lx.ends[t]);
      }
    }
    return name.toString();
  }

  /**
   * MariaDB's {@code NEXT VALUE FOR s} and {@code PREVIOUS VALUE FOR s} as PostgreSQL's {@code
   * nextval('s')} and {@code currval('s')}.
   */
  private int sequenceValueFor(int t, int to, String function) {
    int value = tr.nextSignificant(t + 1);
    int forWord = tr.nextSignificant(value + 1);
    if (forWord >= to
        || lx.types[value] != WORD
        || lx.keywords[value] != Keywords.VALUE
        || lx.types[forWord] != WORD
        || lx.keywords[forWord] != Keywords.FOR) {
      return -1;
    }
    int first = tr.nextSignificant(forWord + 1);
    int last = sequenceNameEnd(first);
    if (last < 0 || last >= to) {
      return -1;
    }
    return replace(t, last, function + "(" + sequenceName(first, last) + ")");
  }

  /**
   * The last token of the sequence name starting at {@code n} ({@code s}, {@code `s`}, {@code
   * db.s}), or -1 when no name starts there.
   */
  private int sequenceNameEnd(int n) {
    int last = -1;
    for (int t = n; t < lx.count; t += 2) {
      boolean word = lx.types[t] == WORD && !Keywords.reserved(lx.keywords[t]);
      if (!word && lx.types[t] != QUOTED_IDENT) {
        return -1;
      }
      last = t;
      if (t + 2 >= lx.count || lx.types[t + 1] != DOT) {
        return last;
      }
    }
    return last;
  }

  /**
   * The sequence named by tokens {@code first..last} as a PostgreSQL text literal ({@code
   * 'order_seq'}, {@code 'shop.order_seq'}, or {@code '"Order Seq"'} for a quoted name), qualified
   * as a table name is.
   */
  private String sequenceName(int first, int last) {
    return "'" + sequenceRelation(first, last).replace("'", "''") + "'";
  }

  // ---------------------------------------------------------------- functions and intervals

  /**
   * Rewrites the function or value whose name is the word at {@code t}; returns the last token it
   * consumed, or -1 when it did not apply and nothing was appended.
   */
  int function(int t, int to) {
    String name = name(t);
    if (name == null || (t > 0 && lx.types[t - 1] == DOT)) {
      return -1;
    }
    if (t > 1 && lx.isWord(t - 1, "fn") && lx.sql.charAt(lx.starts[t - 2]) == '{') {
      // A JDBC escape, {fn concat(a, b)}: the PostgreSQL driver translates it itself.
      return -1;
    }
    int open = t + 1 < to && lx.types[t + 1] == LPAREN ? t + 1 : -1;
    int next = tr.nextSignificant(t + 1);
    boolean bare = open < 0 && (next >= to || lx.types[next] != LPAREN);
    boolean empty = open >= 0 && open + 1 < to && lx.types[open + 1] == RPAREN;
    int precision = open >= 0 ? precision(open, to) : -1;
    switch (name) {
      case "ifnull":
        return ifnull(t, open, to);
      case "length":
        return length(t, open, to);
      case "concat":
        return concat(t, open, to);
      case "concat_ws":
        return concatWs(t, open, to);
      case "std":
      case "stddev":
        // MySQL's STD and STDDEV are the population's deviation, PostgreSQL's stddev the sample's.
        return open >= 0 ? replace(t, t, "stddev_pop") : -1;
      case "variance":
        return open >= 0 ? replace(t, t, "var_pop") : -1;
      case "greatest":
      case "least":
        return nullIfAnyNull(t, open, to);
      case "substring":
      case "substr":
      case "mid":
        {
          int[] fromFor = new MoreFunctions(tr, this).fromFor(open, to);
          int last = substringFromEnd(t, open, to, fromFor);
          // SUBSTR (and MID, written so) has no regular-expression form to be mistaken for.
          boolean parameters = fromFor == null && name.equals("substring");
          last = last >= 0 || !parameters ? last : boundSubstring(t, open, to);
          last = last >= 0 ? last : integerArguments(t, open, to, 0b110, fromFor, parameters);
          return last >= 0 || fromFor == null
              ? last
              : new MoreFunctions(tr, this).substrCommas(t, open, fromFor);
        }
      case "left":
      case "right":
      case "repeat":
      case "lpad":
      case "rpad":
      case "round":
        return integerArguments(t, open, to, 0b10);
      case "if":
        return ifToCase(t, open, to);
      case "curdate":
      case "current_date":
        return empty ? replace(t, open + 1, "CURRENT_DATE") : -1;
      case "curtime":
      case "current_time":
        // PostgreSQL's CURRENT_TIME has a time zone; MySQL's is a local time, as LOCALTIME.
        if (empty || (bare && name.equals("current_time"))) {
          return replace(t, empty ? open + 1 : t, "LOCALTIME");
        }
        return precision >= 0 ? replace(t, open + 2, "LOCALTIME(" + precision + ")") : -1;
      case "now":
        return precision >= 0 ? replace(t, open + 2, "CURRENT_TIMESTAMP(" + precision + ")") : -1;
      case "current_timestamp":
        return empty ? replace(t, open + 1, "CURRENT_TIMESTAMP") : -1;
      case "localtimestamp":
        return empty ? replace(t, open + 1, "LOCALTIMESTAMP") : -1;
      case "localtime":
        // MySQL's LOCALTIME is NOW(); PostgreSQL's is a time of day.
        if (empty || bare) {
          return replace(t, empty ? open + 1 : t, "LOCALTIMESTAMP");
        }
        return precision >= 0 ? replace(t, open + 2, "LOCALTIMESTAMP(" + precision + ")") : -1;
      case "sysdate":
        if (empty) {
          return replace(t, open + 1, "clock_timestamp()");
        }
        return precision >= 0
            ? replace(t, open + 2, "CAST(clock_timestamp() AS TIMESTAMPTZ(" + precision + "))")
            : -1;
      case "utc_timestamp":
        // timezone(...) rather than AT TIME ZONE: UpsertTranslation qualifies unknown words.
        if (empty || bare) {
          return replace(t, empty ? open + 1 : t, "timezone('UTC', now())");
        }
        return precision >= 0
            ? replace(t, open + 2, "timezone('UTC', CURRENT_TIMESTAMP(" + precision + "))")
            : -1;
      case "utc_date":
        return empty || bare
            ? replace(t, empty ? open + 1 : t, "CAST(timezone('UTC', now()) AS DATE)")
            : -1;
      case "utc_time":
        return empty || bare
            ? replace(t, empty ? open + 1 : t, "CAST(timezone('UTC', now()) AS TIME)")
            : -1;
      case "last_insert_id":
        // The id the session's latest INSERT generated: PostgreSQL's lastval(), the value the
        // session's latest nextval() gave (an identity or serial column's default calls it).
        return empty ? replace(t, open + 1, "lastval()") : lastInsertIdSet(t, open, to);
      case "unix_timestamp":
        // MySQL truncates to whole seconds; a cast alone would round.
        return empty
            ? replace(t, open + 1, "CAST(floor(date_part('epoch', now())) AS BIGINT)")
            : unixTimestamp(t, open, to);
      case "from_unixtime":
        return fromUnixtime(t, open, to);
      case "last_day":
        return lastDay(t, open, to);
      case "convert_tz":
        return convertTz(t, open, to);
      case "timestampdiff":
        return timestampDiff(t, open, to);
      case "timestampadd":
        return timestampAdd(t, open, to);
      case "find_in_set":
        return findInSet(t, open, to);
      case "nextval":
        return sequenceCall(t, open, "nextval");
      case "lastval":
        // MariaDB's LASTVAL(s) is NULL before the session drew from s; currval fails then.
        return sequenceCall(t, open, "currval");
      case "setval":
        return sequenceSet(t, open, to);
      case "next":
        return sequenceValueFor(t, to, "nextval");
      case "previous":
        return sequenceValueFor(t, to, "currval");
      case "str_to_date":
        return strToDate(t, open, to);
      case "temporary":
        return dropTemporary(t, to);
      case "regexp":
      case "rlike":
        return regexp(t);
      case "mod":
        // MOD(a, b) is PostgreSQL's too; a MOD b, between two operands, is %.
        return infix(t, to) ? modulo(t, to) : modCall(open, to);
      case "div":
        return infix(t, to) ? integerDivision(t, to) : -1;
      case "field":
        return field(t, open, to);
      case "elt":
        return elt(t, open, to);
      case "substring_index":
        return substringIndex(t, open, to);
      case "count":
        return countDistinct(t, open, to);
      case "group_concat":
        return groupConcat(t, open, to);
      case "date_format":
        return dateFormat(t, open, to);
      case "cast":
        return open >= 0 ? cast(t, open, to, false) : -1;
      case "convert":
        return open >= 0 ? cast(t, open, to, true) : -1;
      case "ucase":
        return open >= 0 ? replace(t, t, "upper") : -1;
      case "lcase":
        return open >= 0 ? replace(t, t, "lower") : -1;
      case "rand":
        return empty ? replace(t, open + 1, "random()") : -1;
      case "uuid":
        return empty ? replace(t, open + 1, "CAST(gen_random_uuid() AS TEXT)") : -1;
      case "instr":
        return instr(t, open, to);
      case "locate":
        {
          int last = locate(t, open, to);
          return last >= 0 ? last : new MoreFunctions(tr, this).locate(t, open, to);
        }
      case "isnull":
        return isNull(t, open, to);
      case "year":
      case "month":
      case "day":
      case "dayofmonth":
      case "hour":
      case "minute":
      case "second":
      case "quarter":
        return datePart(t, open, to, name.equals("dayofmonth") ? "day" : name);
      case "dayofweek":
      case "weekday":
      case "dayname":
      case "monthname":
      case "dayofyear":
      case "weekofyear":
      case "week":
      case "yearweek":
      case "microsecond":
      case "time_to_sec":
      case "to_days":
      case "from_days":
      case "makedate":
        return new DateParts(tr, this).call(t, open, to, name);
      case "extract":
      case "to_seconds":
      case "period_add":
      case "period_diff":
      case "time_format":
        return new TimeFunctions(tr, this).call(t, open, to, name);
      case "group":
        return new Rollup(tr, this).groupBy(t, to);
      case "order":
        return orderByNull(t, to);
      case "datediff":
        return dateDiff(t, open, to);
      case "from":
        return fromDual(t, to);
      case "not":
        return notRegexp(t, to);
      case "lock":
        return lockInShareMode(t, to);
      case "straight_join":
        // After SELECT a modifier (dropped); between tables an inner join.
        return selectModifier(t) >= 0 ? t : replace(t, t, "JOIN");
      case "distinctrow":
        return replace(t, t, "DISTINCT");
      case "sql_no_cache":
      case "sql_cache":
      case "high_priority":
      case "sql_buffer_result":
      case "sql_small_result":
      case "sql_big_result":
        return selectModifier(t);
      case "sql_calc_found_rows":
        // FOUND_ROWS()'s count is taken by the driver (FoundRows).
        return selectModifier(t);
      case "use":
      case "force":
      case "ignore":
        return indexHint(t, to);
      case "interval":
        return interval(t, to);
      case "date_add":
      case "adddate":
        return dateArithmetic(open, to, " + ");
      case "date_sub":
      case "subdate":
        return dateArithmetic(open, to, " - ");
      case "json_extract":
        return new JsonFunctions(tr, this).extract(t, open, to);
      case "json_unquote":
        return new JsonFunctions(tr, this).unquote(t, open, to);
      case "json_value":
        return new JsonFunctions(tr, this).value(t, open, to);
      case "json_length":
        return new JsonFunctions(tr, this).length(t, open, to);
      case "json_type":
        return new JsonFunctions(tr, this).type(t, open, to);
      case "json_contains":
        return new JsonFunctions(tr, this).contains(t, open, to);
      case "json_object":
      case "json_array":
      case "json_quote":
        return new JsonConstructors(tr, this).call(t, open, to, name);
      case "json_arrayagg":
      case "json_objectagg":
        return new JsonConstructors(tr, this).aggregate(t, open, to, name);
      case "json_set":
      case "json_insert":
      case "json_replace":
      case "json_remove":
        return new JsonEdits(tr, this).call(t, open, to, name);
      case "timestamp":
      case "char":
      case "space":
      case "ord":
      case "ln":
      case "log":
      case "log2":
      case "log10":
      case "exp":
      case "pow":
      case "power":
      case "binary":
        return new MoreFunctions(tr, this).call(t, open, to, name);
      case "position":
      case "strcmp":
      case "insert":
      case "quote":
      case "inet_aton":
      case "inet_ntoa":
      case "make_set":
      case "export_set":
      case "soundex":
      case "from_base64":
      case "conv":
        return new StringFunctions(tr, this).call(t, open, to, name);
      default:
        return -1;
    }
  }

  /** Names of rewritten functions that {@link Keywords} does not know. */
  private static final String[] FUNCTIONS = {
    "ifnull",
    "interval",
    "date_add",
    "date_sub",
    "adddate",
    "subdate",
    "length",
    "concat",
    "concat_ws",
    "std",
    "stddev",
    "variance",
    "greatest",
    "least",
    "substring",
    "substr",
    "mid",
    "left",
    "right",
    "repeat",
    "lpad",
    "rpad",
    "round",
    "from_unixtime",
    "last_day",
    "convert_tz",
    "timestampdiff",
    "timestampadd",
    "find_in_set",
    "str_to_date",
    "regexp",
    "rlike",
    "mod",
    "div",
    "field",
    "elt",
    "substring_index",
    "count",
    "json_extract",
    "json_unquote",
    "json_value",
    "json_object",
    "json_array",
    "json_quote",
    "json_arrayagg",
    "json_objectagg",
    "json_length",
    "json_type",
    "json_contains",
    "json_set",
    "json_insert",
    "json_replace",
    "json_remove",
    "group_concat",
    "date_format",
    "cast",
    "convert",
    "ucase",
    "lcase",
    "rand",
    "uuid",
    "instr",
    "locate",
    "isnull",
    "year",
    "month",
    "day",
    "dayofmonth",
    "hour",
    "minute",
    "second",
    "quarter",
    "dayofweek",
    "weekday",
    "dayname",
    "monthname",
    "dayofyear",
    "weekofyear",
    "week",
    "yearweek",
    "microsecond",
    "time_to_sec",
    "to_days",
    "from_days",
    "makedate",
    "extract",
    "to_seconds",
    "period_add",
    "period_diff",
    "time_format",
    "group",
    "datediff",
    "order",
    "from",
    "not",
    "lock",
    "straight_join",
    "distinctrow",
    "sql_no_cache",
    "sql_cache",
    "high_priority",
    "sql_buffer_result",
    "sql_small_result",
    "sql_big_result",
    "sql_calc_found_rows",
    "use",
    "force",
    "ignore",
    "next",
    "previous",
    "setval",
    "timestamp",
    "char",
    "space",
    "ord",
    "ln",
    "log",
    "log2",
    "log10",
    "exp",
    "pow",
    "power",
    "binary",
    "position",
    "strcmp",
    "insert",
    "quote",
    "inet_aton",
    "inet_ntoa",
    "make_set",
    "export_set",
    "soundex",
    "from_base64",
    "conv"
  };

  /**
   * The lower-case name of the word at {@code t} when it may be a function rewritten here, else
   * null; without allocating for other words, as every word of a statement comes here.
   */
  private String name(int t) {
    int k = lx.keywords[t];
    if (k == Keywords.IF) {
      return "if";
    }
    if (k == Keywords.TEMPORARY) {
      return "temporary";
    }
    if (Keywords.nonDeterministic(k)) {
      return lx.text(t).toLowerCase(Locale.ROOT);
    }
    for (String f : FUNCTIONS) {
      if (lx.isWord(t, f)) {
        return f;
      }
    }
    return null;
  }

  /** The fractional-second precision 0 to 6 of {@code (n)} at {@code open}, else -1. */
  private int precision(int open, int to) {
    int n = open + 1;
    if (n + 1 >= to || lx.types[n] != NUMBER || lx.types[n + 1] != RPAREN) {
      return -1;
    }
    if (lx.ends[n] - lx.starts[n] != 1) {
      return -1;
    }
    char c = lx.sql.charAt(lx.starts[n]);
    return c >= '0' && c <= '6' ? c - '0' : -1;
  }

  private int replace(int t, int last, String text) {
    tr.out.append(styled(text, t));
    return last;
  }

  /**
   * {@code text} in lower case when the application wrote the word at {@code t} in lower case,
   * except within quotes.
   */
  String styled(String text, int t) {
    if (!Character.isLowerCase(lx.sql.charAt(lx.starts[t]))) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      quoted ^= c == '\'';
      b.append(quoted ? c : Character.toLowerCase(c));
    }
    return b.toString();
  }

  /**
   * MySQL's {@code LAST_INSERT_ID(expr)}: expr as a BIGINT, remembered in the session setting
   * {@code cutover.last_insert_id} (NULL as {@code 'null'}: MySQL returns NULL and remembers 0),
   * where the driver reads it after the statement (see {@code LastInsertId}). The argument appears
   * once, so its parameters stay in order.
   */
  private int lastInsertIdSet(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length != 1) {
      return -1;
    }
    tr.emit(
        styled("CAST(NULLIF(set_config('" + LastInsertId.SETTING + "', COALESCE(CAST(CAST((", t));
    argument(open + 1, a[0]);
    tr.emit(styled(") AS BIGINT) AS TEXT), 'null'), false), 'null') AS BIGINT)", t));
    tr.copied = lx.ends[a[0]];
    return a[0];
  }

  /** {@code IFNULL(a, b)}: PostgreSQL's {@code COALESCE(a, b)}. */
  private int ifnull(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length != 2) {
      return -1;
    }
    tr.out.append(styled("COALESCE", t));
    return t;
  }

  /**
   * {@code LENGTH(s)}, bytes in MySQL: PostgreSQL's {@code OCTET_LENGTH(s)} (its LENGTH counts
   * characters).
   */
  private int length(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length != 1) {
      return -1;
    }
    tr.out.append(styled("OCTET_LENGTH", t));
    return t;
  }

  /**
   * {@code CONCAT(a, b, ...)}: {@code ((a)::text || (b)::text ...)}. MySQL's is NULL when any
   * argument is, as {@code ||} is; PostgreSQL's {@code concat} skips NULLs ('a' for CONCAT('a',
   * NULL)). The casts keep numbers and dates joinable, as MySQL joins them.
   */
  private int concat(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null) {
      return -1;
    }
    tr.emit("(");
    int from = open + 1;
    for (int i = 0; i < a.length; i++) {
      if (i > 0) {
        tr.emit(" || ");
      }
      tr.emit("(");
      argument(from, a[i]);
      tr.emit(")::text");
      from = a[i] + 1;
    }
    tr.emit(")");
    int close = a[a.length - 1];
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * {@code CONCAT_WS(sep, a, b, ...)}: {@code concat_ws(sep, (a)::text, (b)::text ...)}. Both skip
   * NULL arguments; PostgreSQL's prints a {@code char(n)} with its padding ('A31 ,paid'), which
   * MySQL never returns, and a cast to text drops it, as for CONCAT.
   */
  private int concatWs(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length < 2) {
      return -1;
    }
    tr.out.append(lx.sql, lx.starts[t], lx.ends[t]);
    tr.emit("(");
    int from = open + 1;
    for (int i = 0; i < a.length; i++) {
      if (i > 0) {
        tr.emit(", ");
      }
      if (i > 0) {
        tr.emit("(");
      }
      argument(from, a[i]);
      if (i > 0) {
        tr.emit(")::text");
      }
      from = a[i] + 1;
    }
    tr.emit(")");
    int close = a[a.length - 1];
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * {@code GREATEST(a, b, ...)} and {@code LEAST}: NULL in MySQL when any argument is, where
   * PostgreSQL's skip NULLs; so {@code (CASE WHEN (a) IS NULL OR (b) IS NULL ... THEN NULL ELSE
   * GREATEST(a, b, ...) END)} for arguments of columns, literals and operators. That form repeats
   * each argument, so with a parameter (bound once for two markers) or a function call (which may
   * not give the same value twice) among them each argument is evaluated once instead: {@code
   * (SELECT CASE WHEN bool_or(x IS NULL) THEN NULL ELSE (array_agg(x ORDER BY x DESC))[1] END FROM
   * unnest(ARRAY[a, ?]) AS cutover_args(x))} (ascending for LEAST), outside DDL, where a sub-query
   * is not allowed, and outside ON DUPLICATE KEY UPDATE, whose rewrite qualifies column names.
   * Ordering, not {@code max}: PostgreSQL has no {@code max} of a boolean or uuid, whose GREATEST
   * it computes.
   */
  private int nullIfAnyNull(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length < 2) {
      return -1;
    }
    int close = a[a.length - 1];
    for (int i = open + 1; i < close; i++) {
      int type = lx.types[i];
      if (type == PARAM
          || type == LPAREN
          || type == WORD && lx.keywords[i] != 0 && !lx.isWord(i, "null")) {
        return evaluatedOnce(t, open, close);
      }
    }
    tr.emit(styled("(CASE WHEN ", t));
    int from = open + 1;
    for (int i = 0; i < a.length; i++) {
      if (i > 0) {
        tr.emit(styled(" OR ", t));
      }
      tr.emit("(");
      argument(from, a[i]);
      tr.emit(styled(") IS NULL", t));
      from = a[i] + 1;
    }
    tr.emit(styled(" THEN NULL ELSE ", t));
    tr.out.append(lx.sql, lx.starts[t], lx.ends[t]);
    tr.emit("(");
    argument(open + 1, close);
    tr.emit(styled(") END)", t));
    tr.copied = lx.ends[close];
    return close;
  }

  /** See {@link #nullIfAnyNull}: each argument once, in an array. */
  private int evaluatedOnce(int t, int open, int close) {
    if (!subQueryAllowed(t)) {
      return -1;
    }
    boolean greatest = lx.isWord(t, "greatest");
    tr.emit(
        styled("(SELECT CASE WHEN bool_or(x IS NULL) THEN NULL ELSE (array_agg(x ORDER BY x", t));
    tr.emit(styled(greatest ? " DESC" : "", t));
    tr.emit(styled("))[1] END FROM unnest(ARRAY[", t));
    argument(open + 1, close);
    tr.emit(styled("]) AS cutover_args(x))", t));
    tr.copied = lx.ends[close];
    return close;
  }

  /** The single argument of the call at {@code open}, as tokens {@code [open + 1, close)}; -1. */
  int single(int open, int to) {
    int[] a = arguments(open, to);
    return a == null || a.length != 1 ? -1 : a[0];
  }

  /**
   * {@code UNIX_TIMESTAMP(x)}: the seconds since 1970 of {@code x} read in the session's zone, with
   * its fraction as MySQL keeps it (an integer when there is none), and NULL outside MariaDB's
   * range (1970 to 2038-01-19 03:14:07), as there: {@code (SELECT CASE WHEN e >= 0 AND e <
   * 2147483648 THEN trim_scale(e) END FROM (SELECT EXTRACT(EPOCH FROM CAST(x AS TIMESTAMPTZ))) AS
   * cutover_epoch(e))}. Not in DDL or ON DUPLICATE KEY UPDATE, which take no sub-query.
   */
  private int unixTimestamp(int t, int open, int to) {
    int close = single(open, to);
    if (close < 0 || !subQueryAllowed(t)) {
      return -1;
    }
    tr.emit(
        styled(
            "(SELECT CASE WHEN e >= 0 AND e < 2147483648 THEN trim_scale(e) END FROM (SELECT"
                + " EXTRACT(EPOCH FROM CAST(",
            t));
    argument(open + 1, close);
    tr.emit(styled(" AS TIMESTAMPTZ))) AS cutover_epoch(e))", t));
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * {@code FROM_UNIXTIME(n)}: {@code CAST(to_timestamp(n) AS TIMESTAMP)} in the session's zone,
   * NULL outside MariaDB's range (0 to 2^31), as there; evaluated once in a sub-query.
   */
  private int fromUnixtime(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length > 2 || !subQueryAllowed(t)) {
      return -1;
    }
    // FROM_UNIXTIME(n, 'format'): DATE_FORMAT(FROM_UNIXTIME(n), 'format'), as MariaDB reads it.
    String pattern = a.length == 2 ? dateFormatPattern(a[0], a[1]) : null;
    if (a.length == 2 && pattern == null) {
      return -1;
    }
    int close = a[0];
    tr.emit(pattern != null ? styled("to_char(", t) : "");
    tr.emit(
        styled(
            "(SELECT CASE WHEN n >= 0 AND n < 2147483648 THEN CAST(to_timestamp(n) AS TIMESTAMP)"
                + " END FROM (SELECT CAST(",
            t));
    argument(open + 1, close);
    tr.emit(styled(" AS NUMERIC)) AS cutover_epoch(n))", t));
    if (pattern != null) {
      tr.emit(", '" + pattern.replace("'", "''") + "')");
      close = a[1];
    }
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * Whether a sub-query may stand at {@code t}: not in DDL, and not in ON DUPLICATE KEY UPDATE,
   * whose rewrite qualifies the sub-query's words as columns.
   */
  boolean subQueryAllowed(int t) {
    int first = tr.nextSignificant(0);
    if (first < lx.count && (lx.isWord(first, "create") || lx.isWord(first, "alter"))) {
      return false;
    }
    for (int i = first; i < t; i++) {
      if (lx.isWord(i, "duplicate")) {
        return false;
      }
    }
    return true;
  }

  /** {@code LAST_DAY(x)}: the month's last day, a {@code DATE} as in MySQL. */
  private int lastDay(int t, int open, int to) {
    int close = single(open, to);
    if (close < 0) {
      return -1;
    }
    tr.emit(styled("CAST(date_trunc('month', CAST(", t));
    argument(open + 1, close);
    tr.emit(styled(" AS TIMESTAMP)) + INTERVAL '1 month - 1 day' AS DATE)", t));
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * {@code CONVERT_TZ(x, from, to)} with both zones written as offsets ({@code '+00:00'}, {@code
   * '-05:00'}): {@code (CAST(x AS TIMESTAMP) + INTERVAL 'n minutes')}, the difference of the two
   * offsets (PostgreSQL has no such function). Measured on MariaDB 10.11: an offset is a sign, one
   * or two digits of hours, a colon and one or two of minutes below 60 ({@code '+5:30'}, {@code
   * '+05:3'} is three minutes), from {@code -12:59} to {@code +13:00}; another such offset ({@code
   * '+14:00'}, {@code '+05:60'}) makes the answer NULL, written {@code CAST(NULL AS INTERVAL)} so
   * that {@code x} and its parameters stay. The answer is a {@code DATETIME} there, a date {@code
   * x} read at midnight, fractions kept. Named zones ({@code 'UTC'}, {@code 'Europe/Paris'}) are
   * left: MariaDB converts them only with its time zone tables loaded, and answers NULL without.
   */
  private int convertTz(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length != 3) {
      return -1;
    }
    int from = offsetMinutes(a[0] + 1, a[1]);
    int into = offsetMinutes(a[1] + 1, a[2]);
    if (from == NOT_AN_OFFSET || into == NOT_AN_OFFSET) {
      return -1;
    }
    tr.emit(styled("(CAST(", t));
    argument(open + 1, a[0]);
    tr.emit(
        styled(
            from == INVALID_OFFSET || into == INVALID_OFFSET
                ? " AS TIMESTAMP) + CAST(NULL AS INTERVAL))"
                : " AS TIMESTAMP) + INTERVAL '" + (into - from) + " minutes')",
            t));
    tr.copied = lx.ends[a[2]];
    return a[2];
  }

  private static final int NOT_AN_OFFSET = Integer.MIN_VALUE;
  private static final int INVALID_OFFSET = Integer.MAX_VALUE;

  private static final java.util.regex.Pattern OFFSET =
      java.util.regex.Pattern.compile("'([+-])([0-9]{1,2}):([0-9]{1,2})'");

  /**
   * The offset in minutes of the argument {@code [from, end)} when it is a string written as
   * MariaDB's offset, {@link #INVALID_OFFSET} when written so but out of its range, {@link
   * #NOT_AN_OFFSET} for anything else.
   */
  private int offsetMinutes(int from, int end) {
    int s = tr.nextSignificant(from);
    if (s >= end || lx.types[s] != STRING || tr.nextSignificant(s + 1) != end) {
      return NOT_AN_OFFSET;
    }
    java.util.regex.Matcher m = OFFSET.matcher(lx.text(s));
    if (!m.matches()) {
      return NOT_AN_OFFSET;
    }
    int hours = Integer.parseInt(m.group(2));
    int minutes = Integer.parseInt(m.group(3));
    int offset = (m.group(1).equals("-") ? -1 : 1) * (hours * 60 + minutes);
    return minutes >= 60 || offset < -(12 * 60 + 59) || offset > 13 * 60 ? INVALID_OFFSET : offset;
  }

  /**
   * {@code TIMESTAMPDIFF(unit, a, b)}: whole units from {@code a} to {@code b}, truncated as MySQL
   * truncates. For {@code MICROSECOND} to {@code WEEK}, {@code CAST(trunc(EXTRACT(EPOCH FROM
   * (CAST(a AS TIMESTAMP) - CAST(b AS TIMESTAMP))) / -n) AS BIGINT)} (a - b, so the arguments keep
   * their order). {@code MONTH}, {@code QUARTER} and {@code YEAR} go by calendar: see {@link
   * #calendarDiff}.
   */
  private int timestampDiff(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length != 3) {
      return -1;
    }
    int u = tr.nextSignificant(open + 1);
    if (lx.types[u] != WORD || tr.nextSignificant(u + 1) != a[0]) {
      return -1;
    }
    String seconds;
    switch (lx.text(u).toLowerCase(Locale.ROOT)) {
      case "microsecond":
        seconds = "0.000001";
        break;
      case "second":
        seconds = "1";
        break;
      case "minute":
        seconds = "60";
        break;
      case "hour":
        seconds = "3600";
        break;
      case "day":
        seconds = "86400";
        break;
      case "week":
        seconds = "604800";
        break;
      case "month":
        return calendarDiff(t, a, "");
      case "quarter":
        return calendarDiff(t, a, " / 3");
      case "year":
        return calendarDiff(t, a, " / 12");
      default:
        return -1;
    }
    tr.emit(styled("CAST(trunc(EXTRACT(EPOCH FROM (CAST(", t));
    argument(a[0] + 1, a[1]);
    tr.emit(styled(" AS TIMESTAMP) - CAST(", t));
    argument(a[1] + 1, a[2]);
    tr.emit(styled(" AS TIMESTAMP))) / -" + seconds + ") AS BIGINT)", t));
    tr.copied = lx.ends[a[2]];
    return a[2];
  }

  /**
   * {@code TIMESTAMPDIFF} by calendar: whole months, then {@code divisor} ({@code " / 3"} for
   * quarters, {@code " / 12"} for years, truncated toward zero as in MariaDB): {@code (SELECT
   * CAST(trunc((EXTRACT(YEAR FROM age(b, a)) * 12 + EXTRACT(MONTH FROM age(b, a))) / 3) AS BIGINT)
   * FROM (SELECT CAST(a AS TIMESTAMP), CAST(b AS TIMESTAMP)) AS cutover_diff(a, b))}. MariaDB
   * counts the months between the earlier and the later value, less one when the later one's day
   * and time of day (to the microsecond) fall before the earlier one's, negated when b is before a;
   * PostgreSQL's {@code age} borrows a month in exactly that case and negates the same way (from
   * Jan 31, Feb 29 is 0 months and Mar 1 one; from Mar 31, Feb 29 is -1). The sub-query evaluates
   * each argument once and in its order, so not in DDL or ON DUPLICATE KEY UPDATE, where the call
   * is left as it is.
   */
  private int calendarDiff(int t, int[] a, String divisor) {
    if (!subQueryAllowed(t)) {
      return -1;
    }
    tr.emit(
        styled(
            "(SELECT CAST(trunc((EXTRACT(YEAR FROM age(b, a)) * 12 + EXTRACT(MONTH FROM age(b, a)))"
                + divisor
                + ") AS BIGINT) FROM (SELECT CAST(",
            t));
    argument(a[0] + 1, a[1]);
    tr.emit(styled(" AS TIMESTAMP), CAST(", t));
    argument(a[1] + 1, a[2]);
    tr.emit(styled(" AS TIMESTAMP)) AS cutover_diff(a, b))", t));
    tr.copied = lx.ends[a[2]];
    return a[2];
  }

  /**
   * {@code TIMESTAMPADD(unit, n, x)}: {@code (CAST(n AS BIGINT) * INTERVAL '1 unit' + CAST(x AS
   * TIMESTAMP))}, the count rounded as MySQL rounds it (kept for SECOND) and the arguments in their
   * order; {@code QUARTER} is three months.
   */
  private int timestampAdd(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length != 3) {
      return -1;
    }
    int u = tr.nextSignificant(open + 1);
    if (lx.types[u] != WORD || tr.nextSignificant(u + 1) != a[0]) {
      return -1;
    }
    Unit unit = Unit.of(lx.text(u));
    if (unit == null) {
      return -1;
    }
    int n = tr.nextSignificant(a[0] + 1);
    boolean parameter = lx.types[n] == PARAM && tr.nextSignificant(n + 1) == a[1];
    boolean second = unit == Unit.SECOND || unit == Unit.MICROSECOND;
    tr.emit(styled(parameter && !second ? "(CAST(CAST(" : "(CAST((", t));
    argument(a[0] + 1, a[1]);
    tr.emit(
        styled(
            (parameter && !second ? " AS NUMERIC)" : ")")
                + " AS "
                + (second ? "NUMERIC" : "BIGINT")
                + ") * INTERVAL '"
                + unit.factor
                + " "
                + unit.postgres
                + "' + CAST(",
            t));
    argument(a[1] + 1, a[2]);
    tr.emit(styled(" AS TIMESTAMP))", t));
    tr.copied = lx.ends[a[2]];
    return a[2];
  }

  /**
   * {@code FIND_IN_SET(s, list)}: the position of {@code s} in the comma-separated {@code list},
   * ignoring case as MariaDB's default collations do, 0 when absent, NULL when either is NULL:
   * {@code (SELECT CASE WHEN x.s IS NULL OR x.l IS NULL THEN NULL ELSE
   * COALESCE(array_position(string_to_array(lower(x.l), ','), lower(x.s)), 0) END FROM (SELECT
   * CAST(s AS TEXT), CAST(list AS TEXT)) AS x(s, l))}, each argument once. Standing alone as a
   * condition ({@code WHERE FIND_IN_SET(?, tags)}), which MySQL reads as true when not 0, it is
   * compared with 0. Not in DDL or ON DUPLICATE KEY UPDATE.
   */
  private int findInSet(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length != 2 || !subQueryAllowed(t)) {
      return -1;
    }
    int before = t - 1;
    while (before >= 0 && tr.isComment(before)) {
      before--;
    }
    int after = tr.nextSignificant(a[1] + 1);
    boolean condition = condition(before, after, to);
    tr.emit(
        styled(
            (condition ? "(" : "")
                + "(SELECT CASE WHEN x.s IS NULL OR x.l IS NULL THEN NULL ELSE"
                + " COALESCE(array_position(string_to_array(lower(x.l), ','), lower(x.s)), 0) END"
                + " FROM (SELECT CAST(",
            t));
    argument(open + 1, a[0]);
    tr.emit(styled(" AS TEXT), CAST(", t));
    argument(a[0] + 1, a[1]);
    tr.emit(styled(" AS TEXT)) AS x(s, l))" + (condition ? " > 0)" : ""), t));
    tr.copied = lx.ends[a[1]];
    return a[1];
  }

  /**
   * {@code a DIV b}: MySQL's integer division, truncated toward zero, as {@code CAST(div(a, b) AS
   * BIGINT)}. The left operand was already written, so it is found again at the end of the output:
   * a name, number, parameter, or a parenthesised expression or call; after an operator of the same
   * precedence ({@code a * b DIV c}, which MySQL reads as {@code (a * b) DIV c}) the statement is
   * left as it is. The right operand is read as for {@link #division}.
   */
  private int integerDivision(int t, int to) {
    int previous = t - 1;
    while (previous >= 0 && tr.isComment(previous)) {
      previous--;
    }
    if (previous != t - 1 || lx.types[previous] == WORD && Unit.of(lx.text(previous)) != null) {
      // A comment between the operand and DIV (the output holds it, not the operand), or
      // INTERVAL 1 HOUR DIV 2, whose unit is no operand.
      return -1;
    }
    StringBuilder out = tr.out;
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) <= ' ') {
      end--;
    }
    int start = operandStart(out, end);
    if (start < 0) {
      return -1;
    }
    int before = start;
    while (before > 0 && out.charAt(before - 1) <= ' ') {
      before--;
    }
    if (before > 0) {
      char c = out.charAt(before - 1);
      String tail = out.substring(Math.max(0, before - 4), before).toLowerCase(Locale.ROOT);
      if (c == '*' || c == '/' || c == '%' || tail.endsWith(" div") || tail.endsWith(" mod")) {
        return -1;
      }
    }
    int first = tr.nextSignificant(t + 1);
    // 7 DIV 2 ^ 1 is 7 DIV (2 ^ 1): see divisor.
    int a = unsigned(first, to);
    int last = divisor(a, to);
    if (last < 0) {
      return -1;
    }
    String left = out.substring(start, end);
    if (left.contains("--") || left.contains("/*") || left.contains("#")) {
      return -1;
    }
    out.setLength(start);
    boolean nullIf = zeroDivisorIsNull && !nonZeroNumber(a);
    // numeric: PostgreSQL's div takes no float or text, which MySQL converts.
    tr.emit(
        styled("CAST(div(CAST(", t)
            + left
            + styled(nullIf ? " AS NUMERIC), NULLIF(CAST(" : " AS NUMERIC), CAST(", t));
    argument(first, last + 1);
    tr.emit(styled(nullIf ? " AS NUMERIC), 0)) AS BIGINT)" : " AS NUMERIC)) AS BIGINT)", t));
    tr.copied = lx.ends[last];
    return last;
  }

  /** Where the operand ending at {@code end} of {@code out} starts, or -1 when unsure. */
  private static int operandStart(StringBuilder out, int end) {
    int i = end;
    if (i == 0) {
      return -1;
    }
    if (out.charAt(i - 1) == '\'') {
      // A string literal, '' inside it doubled.
      int open = out.lastIndexOf("'", i - 2);
      while (open > 0 && out.charAt(open - 1) == '\'') {
        open = out.lastIndexOf("'", open - 2);
      }
      return open;
    }
    if (out.charAt(i - 1) == ')') {
      int depth = 0;
      while (i > 0) {
        char c = out.charAt(--i);
        if (c == '\'' || c == '"') {
          // Skip back over a quoted run.
          int open = out.lastIndexOf(String.valueOf(c), i - 1);
          if (open < 0) {
            return -1;
          }
          i = open;
          continue;
        }
        if (c == ')') {
          depth++;
        } else if (c == '(' && --depth == 0) {
          break;
        }
      }
      if (depth != 0) {
        return -1;
      }
    }
    // A name (possibly qualified or quoted), a number, a parameter, or a call's name.
    while (i > 0) {
      char c = out.charAt(i - 1);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '?' || c == '$') {
        i--;
      } else if (c == '"') {
        int open = out.lastIndexOf("\"", i - 2);
        if (open < 0) {
          return -1;
        }
        i = open;
      } else {
        break;
      }
    }
    return i < end ? i : -1;
  }

  /**
   * Whether a value between tokens {@code before} and {@code after} stands alone as a condition,
   * where MySQL reads a number as true when not 0 and PostgreSQL wants a boolean: after WHERE, ON,
   * HAVING, AND, OR, NOT, {@code &&}, a searched CASE's WHEN or an opening parenthesis, and before
   * the end of the condition.
   */
  private boolean condition(int before, int after, int to) {
    if (before < 0) {
      return false;
    }
    boolean opens =
        lx.isWord(before, "where")
            || lx.isWord(before, "on")
            || lx.isWord(before, "having")
            || lx.isWord(before, "or")
            || lx.isWord(before, "not")
            || lx.types[before] == OPERATOR && lx.text(before).equals("&&")
            || lx.types[before] == LPAREN && before > 0 && opensCondition(before - 1)
            || lx.isWord(before, "and") && !afterBetween(before)
            || lx.isWord(before, "when") && searchedCase(before);
    if (!opens) {
      return false;
    }
    if (after >= to) {
      return true;
    }
    if (lx.types[after] == RPAREN || lx.types[after] == SqlLexer.SEMICOLON) {
      return true;
    }
    if (lx.types[after] == OPERATOR) {
      return lx.text(after).equals("&&");
    }
    for (String w :
        new String[] {
          "and", "or", "then", "order", "group", "limit", "where", "join", "inner", "left", "right",
          "cross", "full", "natural", "for", "union", "window", "lock", "having", "xor"
        }) {
      if (lx.isWord(after, w)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a parenthesis after token {@code t} opens a condition, not a call's arguments. */
  private boolean opensCondition(int t) {
    while (t >= 0 && tr.isComment(t)) {
      t--;
    }
    if (t < 0) {
      return false;
    }
    if (lx.types[t] == LPAREN) {
      return opensCondition(t - 1);
    }
    return lx.isWord(t, "where")
        || lx.isWord(t, "on")
        || lx.isWord(t, "having")
        || lx.isWord(t, "and") && !afterBetween(t)
        || lx.isWord(t, "or")
        || lx.isWord(t, "not")
        || lx.types[t] == OPERATOR && lx.text(t).equals("&&");
  }

  /** Whether the AND at {@code and} closes a BETWEEN (a BETWEEN b AND c). */
  private boolean afterBetween(int and) {
    int seen = 0;
    for (int i = and - 1; i >= 0 && seen < 6; i--) {
      if (tr.isComment(i)) {
        continue;
      }
      if (lx.isWord(i, "between")) {
        return true;
      }
      if (lx.isWord(i, "and") || lx.isWord(i, "or") || lx.isWord(i, "where")) {
        return false;
      }
      seen++;
    }
    return false;
  }

  /** Whether the WHEN at {@code when} belongs to a searched CASE (CASE WHEN c THEN ...). */
  private boolean searchedCase(int when) {
    int depth = 0;
    for (int i = when - 1; i >= 0; i--) {
      if (lx.types[i] == RPAREN) {
        depth++;
      } else if (lx.types[i] == LPAREN) {
        if (depth-- == 0) {
          return false;
        }
      } else if (depth == 0 && lx.isWord(i, "case")) {
        return lx.isWord(tr.nextSignificant(i + 1), "when");
      }
    }
    return false;
  }

  /** Whether the word at {@code t} stands between two operands ({@code a MOD b}). */
  private boolean infix(int t, int to) {
    int before = t - 1;
    while (before >= 0 && tr.isComment(before)) {
      before--;
    }
    int after = tr.nextSignificant(t + 1);
    if (before < 0 || after >= to) {
      return false;
    }
    int b = lx.types[before];
    boolean left =
        b == NUMBER
            || b == PARAM
            || b == RPAREN
            || b == QUOTED_IDENT
            || b == STRING
            || b == WORD && lx.keywords[before] == 0;
    int n = lx.types[after];
    boolean right =
        n == NUMBER
            || n == PARAM
            || n == LPAREN
            || n == QUOTED_IDENT
            || n == STRING
            || n == WORD && lx.keywords[after] == 0
            || n == OPERATOR && (lx.isChar(after, '-') || lx.isChar(after, '+'));
    return left && right;
  }

  /**
   * {@code a REGEXP b}, {@code RLIKE}, {@code NOT REGEXP}: PostgreSQL's {@code ~*} and {@code !~*},
   * case-insensitive as MariaDB's default collations match.
   */
  private int regexp(int t) {
    tr.emit("~*");
    return t;
  }

  /**
   * {@code FIELD(x, a, b)}: {@code CASE lower(CAST(x AS TEXT)) WHEN lower(CAST(a AS TEXT)) THEN 1
   * ... ELSE 0 END}, ignoring case as MariaDB's default collations do.
   */
  private int field(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length < 2) {
      return -1;
    }
    tr.emit(styled("(CASE lower(CAST(", t));
    argument(open + 1, a[0]);
    tr.emit(styled(" AS TEXT))", t));
    for (int i = 1; i < a.length; i++) {
      tr.emit(styled(" WHEN lower(CAST(", t));
      argument(a[i - 1] + 1, a[i]);
      tr.emit(styled(" AS TEXT)) THEN " + i, t));
    }
    tr.emit(styled(" ELSE 0 END)", t));
    tr.copied = lx.ends[a[a.length - 1]];
    return a[a.length - 1];
  }

  /** {@code ELT(n, a, b)}: {@code CASE n WHEN 1 THEN a WHEN 2 THEN b END}. */
  private int elt(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length < 2) {
      return -1;
    }
    tr.emit(styled("(CASE ", t));
    argument(open + 1, a[0]);
    for (int i = 1; i < a.length; i++) {
      tr.emit(styled(" WHEN " + i + " THEN ", t));
      argument(a[i - 1] + 1, a[i]);
    }
    tr.emit(styled(" END)", t));
    tr.copied = lx.ends[a[a.length - 1]];
    return a[a.length - 1];
  }

  /**
   * {@code SUBSTRING_INDEX(s, d, n)} with a literal delimiter and a literal count from -2147483647
   * to 2147483647: the part of {@code s} before its n-th delimiter, or after the n-th from the end
   * for a negative count, the whole string when it has fewer. MariaDB finds the delimiters with
   * case, left to right without overlapping them, as PostgreSQL's {@code string_to_array} and
   * {@code split_part} split: {@code split_part(s, d, 1)}; {@code
   * array_to_string((string_to_array(s, d))[1:n], d)} for a larger count. For a negative count it
   * finds them from the end in a single-byte character set ({@code latin1}: {@code 'aaa'} by {@code
   * 'aa'} from the end is {@code ''}) but from the start in a multi-byte one ({@code utf8mb4}:
   * {@code 'a'}), which is the same only when no two delimiters can overlap (none of the
   * delimiter's proper prefixes is also its suffix): then {@code split_part(s, d, -1)}, or the
   * positive form on {@code reverse(s)} and the reversed delimiter, reversed back; with a delimiter
   * that can overlap a negative count is left as it is. A count of 0 and an empty delimiter give
   * {@code ''} ({@code left(s, 0)}, NULL for NULL). MariaDB takes the count modulo 2^32 (4294967297
   * is 1), hence the range; other counts, and delimiters that are not a literal, are left as they
   * are.
   */
  private int substringIndex(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length != 3) {
      return -1;
    }
    int d = tr.nextSignificant(a[0] + 1);
    if (lx.types[d] != STRING
        || tr.nextSignificant(d + 1) != a[1]
        || (lx.flags[d] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) != 0) {
      return -1;
    }
    String delimiter =
        tr.decodeMysql(lx.starts[d] + 1, lx.ends[d] - 1, lx.sql.charAt(lx.starts[d]));
    long count = literalCount(tr.nextSignificant(a[1] + 1), a[2]);
    if (count == Long.MIN_VALUE) {
      return -1;
    }
    if (count == 0 || delimiter.isEmpty()) {
      tr.emit(styled("left(", t));
      argument(open + 1, a[0]);
      tr.emit(", 0)");
    } else if (count == 1 || count == -1 && !overlaps(delimiter)) {
      tr.emit(styled("split_part(", t));
      argument(open + 1, a[1]);
      tr.emit(count == 1 ? ", 1)" : ", -1)");
    } else if (count > 0) {
      tr.emit(styled("array_to_string((string_to_array(", t));
      argument(open + 1, a[1]);
      tr.emit("))[1:" + count + "], ");
      argument(d, d + 1);
      tr.emit(")");
    } else if (!overlaps(delimiter)) {
      // Without overlaps the delimiters are the same ones read from either end.
      String reversed = postgresString(new StringBuilder(delimiter).reverse().toString());
      tr.emit(styled("reverse(array_to_string((string_to_array(reverse(", t));
      argument(open + 1, a[0]);
      tr.emit("), " + reversed + "))[1:" + -count + "], " + reversed + "))");
    } else {
      // MariaDB finds these from the end in a single-byte character set (latin1: 'aaa' by 'aa'
      // from the end is ''), from the start in a multi-byte one (utf8mb4: 'a'); which the
      // column has is not known here.
      return -1;
    }
    tr.copied = lx.ends[a[2]];
    return a[2];
  }

  /**
   * The integer literal from {@code n} to {@code end}, with an optional minus, when it is from
   * -2147483647 to 2147483647; else {@link Long#MIN_VALUE}.
   */
  private long literalCount(int n, int end) {
    boolean negative =
        n < end && lx.types[n] == OPERATOR && lx.isChar(n, '-') && lx.ends[n] - lx.starts[n] == 1;
    int number = negative ? tr.nextSignificant(n + 1) : n;
    if (number >= end || lx.types[number] != NUMBER || tr.nextSignificant(number + 1) != end) {
      return Long.MIN_VALUE;
    }
    String digits = lx.text(number);
    if (digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Long.MIN_VALUE;
    }
    long value = Long.parseLong(digits);
    return value > Integer.MAX_VALUE ? Long.MIN_VALUE : negative ? -value : value;
  }

  /** Whether two occurrences of {@code d} can overlap: a proper prefix of it is its suffix. */
  private static boolean overlaps(String d) {
    for (int k = 1; k < d.length(); k++) {
      if (d.startsWith(d.substring(d.length() - k))) {
        return true;
      }
    }
    return false;
  }

  /** {@code value} as a PostgreSQL string literal. */
  private String postgresString(String value) {
    int mark = tr.out.length();
    tr.appendPostgresString(value);
    String literal = tr.out.substring(mark);
    tr.out.setLength(mark);
    return literal;
  }

  /**
   * The expressions from {@code first} to the commas and closing parenthesis {@code a}, as the
   * fields of a row: a lone string, NULL or parameter as {@code CAST(x AS TEXT)}, as PostgreSQL
   * cannot compare a row with a field of unknown type. It is the same in every row, so only whether
   * it is NULL matters to the count.
   */
  private void rowFields(int t, int first, int[] a) {
    int from = first;
    for (int i = 0; i < a.length; i++) {
      if (i > 0) {
        tr.emit(", ");
      }
      int x = tr.nextSignificant(from);
      boolean untyped =
          tr.nextSignificant(x + 1) == a[i]
              && (lx.types[x] == PARAM
                  || lx.isWord(x, "null")
                  || lx.types[x] == STRING && (lx.flags[x] & SqlLexer.PREFIXED) == 0);
      if (untyped) {
        tr.emit(styled("CAST(", t));
      }
      argument(from, a[i]);
      if (untyped) {
        tr.emit(styled(" AS TEXT)", t));
      }
      from = a[i] + 1;
    }
  }

  /**
   * {@code COUNT(DISTINCT a, b, ...)}: MySQL counts the distinct combinations in which no
   * expression is NULL; PostgreSQL takes a single argument. {@code COUNT(DISTINCT CASE WHEN (a) IS
   * NULL OR (b) IS NULL THEN NULL ELSE ROW(a, b) END)}: rows compare field by field, as each
   * column's type compares (a row with a NULL field is not NULL itself, hence the CASE). The
   * expressions are written twice there, so only columns, literals and operators take that form;
   * with a parameter, a call or a parenthesis among them each is evaluated once, in order, in a
   * sub-query: {@code COUNT(DISTINCT (SELECT x FROM (SELECT ROW(a, ?)) AS cutover_row(x) WHERE x IS
   * NOT NULL))} (a row IS NOT NULL when none of its fields is); not in DDL or ON DUPLICATE KEY
   * UPDATE.
   */
  private int countDistinct(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length < 2) {
      return -1;
    }
    int distinct = tr.nextSignificant(open + 1);
    int first = distinct < a[0] ? tr.nextSignificant(distinct + 1) : a[0];
    if (!lx.isWord(distinct, "distinct") || first >= a[0]) {
      return -1;
    }
    int close = a[a.length - 1];
    boolean repeatable = true;
    for (int i = first; i < close; i++) {
      int type = lx.types[i];
      if (type == PARAM
          || type == LPAREN
          || type == WORD && lx.keywords[i] != 0 && !lx.isWord(i, "null")) {
        repeatable = false;
      }
    }
    if (!repeatable && !subQueryAllowed(t)) {
      return -1;
    }
    tr.out.append(lx.sql, lx.starts[t], lx.ends[t]);
    tr.emit("(");
    tr.out.append(lx.sql, lx.starts[distinct], lx.ends[distinct]);
    if (repeatable) {
      tr.emit(styled(" CASE WHEN ", t));
      int from = first;
      for (int i = 0; i < a.length; i++) {
        tr.emit(i > 0 ? styled(" OR (", t) : "(");
        argument(from, a[i]);
        tr.emit(styled(") IS NULL", t));
        from = a[i] + 1;
      }
      tr.emit(styled(" THEN NULL ELSE ROW(", t));
      rowFields(t, first, a);
      tr.emit(styled(") END)", t));
    } else {
      tr.emit(styled(" (SELECT x FROM (SELECT ROW(", t));
      rowFields(t, first, a);
      tr.emit(styled(")) AS cutover_row(x) WHERE x IS NOT NULL))", t));
    }
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * {@code GROUP_CONCAT([DISTINCT] a [, b ...] [ORDER BY ...] [SEPARATOR 's'])}: {@code
   * string_agg([DISTINCT] CAST(a AS TEXT) [|| CAST(b AS TEXT) ...], 's' [ORDER BY ...])}, with
   * MySQL's default separator ','. Rows where an argument is NULL are skipped by both. MySQL's cut
   * at {@code group_concat_max_len} (1024 bytes by default) is not reproduced.
   */
  private int groupConcat(int t, int open, int to) {
    int close = lx.closing(open, to);
    if (close < 0) {
      return -1;
    }
    int order = -1;
    int separator = -1;
    int depth = 0;
    for (int i = open + 1; i < close; i++) {
      if (lx.types[i] == LPAREN) {
        depth++;
      } else if (lx.types[i] == RPAREN) {
        depth--;
      } else if (depth == 0
          && lx.isWord(i, "order")
          && lx.isWord(tr.nextSignificant(i + 1), "by")) {
        order = i;
      } else if (depth == 0 && lx.isWord(i, "separator")) {
        separator = i;
      }
    }
    int valuesEnd = order >= 0 ? order : separator >= 0 ? separator : close;
    int first = tr.nextSignificant(open + 1);
    boolean distinct = lx.isWord(first, "distinct");
    int valuesStart = distinct ? tr.nextSignificant(first + 1) : first;
    if (distinct && order >= 0) {
      // PostgreSQL wants DISTINCT's ORDER BY among its arguments, which string_agg takes as text:
      // ordering by the text would order numbers otherwise than MySQL. An array keeps the value's
      // own type and order; see distinctOrdered.
      return distinctOrdered(t, valuesStart, order, separator, close);
    }
    if (valuesStart >= valuesEnd) {
      return -1;
    }
    String sep = "','";
    if (separator >= 0) {
      int s = tr.nextSignificant(separator + 1);
      if (s >= close || lx.types[s] != STRING || tr.nextSignificant(s + 1) != close) {
        return -1;
      }
      if ((lx.flags[s] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) != 0) {
        return -1;
      }
      sep = null;
    }
    if (order >= 0 && separator >= 0 && separator < order) {
      return -1;
    }
    // The values: top-level commas join them.
    java.util.List<Integer> commas = new java.util.ArrayList<>();
    depth = 0;
    for (int i = valuesStart; i < valuesEnd; i++) {
      if (lx.types[i] == LPAREN) {
        depth++;
      } else if (lx.types[i] == RPAREN) {
        depth--;
      } else if (depth == 0 && lx.types[i] == COMMA) {
        commas.add(i);
      }
    }
    tr.emit(styled("string_agg(" + (distinct ? "DISTINCT " : ""), t));
    int from = valuesStart;
    for (int k = 0; k <= commas.size(); k++) {
      int end = k < commas.size() ? commas.get(k) : valuesEnd;
      if (k > 0) {
        tr.emit(" || ");
      }
      tr.emit(styled("CAST(", t));
      argument(from, end);
      tr.emit(styled(" AS TEXT)", t));
      from = end + 1;
    }
    tr.emit(", ");
    if (sep != null) {
      tr.emit(sep);
    } else {
      int s = tr.nextSignificant(separator + 1);
      argument(s, s + 1);
    }
    if (order >= 0) {
      tr.emit(" ");
      argument(order, separator >= 0 ? separator : close);
    }
    tr.emit(")");
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * {@code GROUP_CONCAT(DISTINCT x ORDER BY x [ASC|DESC] [SEPARATOR 's'])}, the ORDER BY naming the
   * value itself (a report's list of distinct statuses, in order): {@code
   * array_to_string(array_agg(DISTINCT x ORDER BY x) FILTER (WHERE x IS NOT NULL), 's')}. The array
   * keeps the value's type, so numbers and dates are ordered as MySQL orders them (as text, {@code
   * 10} would come before {@code 9}), and its text is the value's text as a cast gives it; the
   * FILTER keeps MySQL's NULL for a group of NULLs only (array_to_string skips NULL elements and
   * would answer ''). Left as it is (PostgreSQL refuses it): several values, an ORDER BY on
   * anything else, a value with a {@code ?} (written twice) or a non-deterministic call.
   */
  private int distinctOrdered(int t, int valuesStart, int order, int separator, int close) {
    int by = tr.nextSignificant(order + 1);
    int keyStart = tr.nextSignificant(by + 1);
    int keyEnd = separator >= 0 ? separator : close;
    int last = keyEnd - 1;
    while (last > keyStart && tr.isComment(last)) {
      last--;
    }
    boolean descending = lx.isWord(last, "desc");
    if (descending || lx.isWord(last, "asc")) {
      keyEnd = last;
    }
    int valueEnd = order;
    if (!sameTokens(valuesStart, valueEnd, keyStart, keyEnd)) {
      return -1;
    }
    int depth = 0;
    for (int i = valuesStart; i < valueEnd; i++) {
      int type = lx.types[i];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (type == PARAM
          || depth == 0 && type == COMMA
          || type == WORD && Keywords.nonDeterministic(lx.keywords[i])) {
        return -1;
      }
    }
    String sep = "','";
    if (separator >= 0) {
      int s = tr.nextSignificant(separator + 1);
      if (s >= close
          || lx.types[s] != STRING
          || tr.nextSignificant(s + 1) != close
          || (lx.flags[s] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) != 0) {
        return -1;
      }
      sep = null;
    }
    tr.emit(styled("array_to_string(array_agg(DISTINCT ", t));
    int mark = tr.out.length();
    argument(valuesStart, valueEnd);
    String value = tr.out.substring(mark).strip();
    tr.emit(styled(" ORDER BY ", t) + value + (descending ? styled(" DESC", t) : ""));
    tr.emit(styled(") FILTER (WHERE ", t) + value + styled(" IS NOT NULL), ", t));
    if (sep != null) {
      tr.emit(sep);
    } else {
      int s = tr.nextSignificant(separator + 1);
      argument(s, s + 1);
    }
    tr.emit(")");
    tr.copied = lx.ends[close];
    return close;
  }

  /** Whether tokens {@code [a, aEnd)} and {@code [b, bEnd)} are the same, comments aside. */
  private boolean sameTokens(int a, int aEnd, int b, int bEnd) {
    int i = a;
    int j = b;
    while (true) {
      while (i < aEnd && tr.isComment(i)) {
        i++;
      }
      while (j < bEnd && tr.isComment(j)) {
        j++;
      }
      if (i >= aEnd || j >= bEnd) {
        return i >= aEnd && j >= bEnd && i > a;
      }
      String x = lx.text(i);
      String y = lx.text(j);
      boolean same =
          lx.types[i] == lx.types[j] && (lx.types[i] == WORD ? x.equalsIgnoreCase(y) : x.equals(y));
      if (!same) {
        return false;
      }
      i++;
      j++;
    }
  }

  /** MySQL {@code DATE_FORMAT} codes and their {@code to_char} patterns. */
  private static final java.util.Map<Character, String> DATE_CODES =
      java.util.Map.ofEntries(
          java.util.Map.entry('Y', "YYYY"),
          java.util.Map.entry('y', "YY"),
          java.util.Map.entry('m', "MM"),
          java.util.Map.entry('c', "FMMM"),
          java.util.Map.entry('d', "DD"),
          java.util.Map.entry('e', "FMDD"),
          java.util.Map.entry('H', "HH24"),
          java.util.Map.entry('k', "FMHH24"),
          java.util.Map.entry('h', "HH12"),
          java.util.Map.entry('I', "HH12"),
          java.util.Map.entry('l', "FMHH12"),
          java.util.Map.entry('i', "MI"),
          java.util.Map.entry('s', "SS"),
          java.util.Map.entry('S', "SS"),
          java.util.Map.entry('f', "US"),
          java.util.Map.entry('p', "AM"),
          java.util.Map.entry('M', "FMMonth"),
          java.util.Map.entry('b', "Mon"),
          java.util.Map.entry('W', "FMDay"),
          java.util.Map.entry('a', "Dy"),
          java.util.Map.entry('j', "DDD"),
          java.util.Map.entry('T', "HH24:MI:SS"),
          java.util.Map.entry('r', "HH12:MI:SS AM"));

  /**
   * {@code DATE_FORMAT(x, 'literal format')}: {@code to_char(x, 'pattern')}, each MySQL code as its
   * {@code to_char} pattern and other text quoted (to_char reads letters as patterns); a parameter
   * or string {@code x} is cast to a timestamp. Left as it is for a format that is not a literal or
   * holds a code without an exact pattern ({@code %U}, {@code %D}, ...).
   */
  private int dateFormat(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length != 2) {
      return -1;
    }
    String pattern = dateFormatPattern(a[0], a[1]);
    if (pattern == null) {
      return -1;
    }
    int v = tr.nextSignificant(open + 1);
    boolean loose =
        (lx.types[v] == PARAM || lx.types[v] == STRING) && tr.nextSignificant(v + 1) == a[0];
    tr.emit(styled("to_char(", t));
    tr.emit(loose ? styled("CAST(", t) : "");
    argument(open + 1, a[0]);
    tr.emit(loose ? styled(" AS TIMESTAMP)", t) : "");
    tr.emit(", '" + pattern.replace("'", "''") + "')");
    tr.copied = lx.ends[a[1]];
    return a[1];
  }

  /**
   * The {@code to_char} pattern of the literal MySQL date format standing alone between the comma
   * {@code comma} and {@code close}, or null when it is not a literal or holds a code without an
   * exact pattern.
   */
  private String dateFormatPattern(int comma, int close) {
    int f = tr.nextSignificant(comma + 1);
    if (f >= close
        || lx.types[f] != STRING
        || tr.nextSignificant(f + 1) != close
        || (lx.flags[f] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) != 0) {
      return null;
    }
    String format = tr.decodeMysql(lx.starts[f] + 1, lx.ends[f] - 1, lx.sql.charAt(lx.starts[f]));
    StringBuilder pattern = new StringBuilder();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c == '%' && i + 1 < format.length()) {
        char code = format.charAt(++i);
        if (code == '%') {
          text.append('%');
          continue;
        }
        String p = DATE_CODES.get(code);
        if (p == null) {
          return null;
        }
        if (text.length() > 0) {
          pattern.append(quoteText(text));
          text.setLength(0);
        } else if (pattern.length() > 0) {
          // Two codes side by side (%d%j): an empty quoted text keeps to_char from reading
          // DDDDD as one pattern.
          pattern.append("\"\"");
        }
        pattern.append(p);
      } else {
        text.append(c);
      }
    }
    if (text.length() > 0) {
      pattern.append(quoteText(text));
    }
    return pattern.toString();
  }

  /**
   * Text between codes as {@code to_char} takes it literally: separators as they are, anything else
   * double-quoted.
   */
  private static String quoteText(StringBuilder text) {
    String s = text.toString();
    if (s.matches("[-:/ .,]*")) {
      return s;
    }
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** What a {@code STR_TO_DATE} format part reads: see {@link #strToDate}. */
  private enum DatePart {
    YEAR(4, true),
    TWO_DIGIT_YEAR(2, true),
    MONTH(2, true),
    MONTH_NAME(0, true),
    MONTH_ABBREVIATION(0, true),
    DAY(2, true),
    HOUR(2, false),
    TWELVE_HOUR(2, false),
    MINUTE(2, false),
    SECOND(2, false),
    FRACTION(6, false),
    AM_PM(0, false);

    /** The most characters a number takes, sign included; 0 for a word. */
    final int width;

    final boolean date;

    DatePart(int width, boolean date) {
      this.width = width;
      this.date = date;
    }

    /** The part {@code %code} reads, null for a code not translated. */
    static DatePart of(char code) {
      switch (code) {
        case 'Y':
          return YEAR;
        case 'y':
          return TWO_DIGIT_YEAR;
        case 'm':
        case 'c':
          return MONTH;
        case 'M':
          return MONTH_NAME;
        case 'b':
          return MONTH_ABBREVIATION;
        case 'd':
        case 'e':
          return DAY;
        case 'H':
        case 'k':
          return HOUR;
        case 'h':
        case 'I':
        case 'l':
          return TWELVE_HOUR;
        case 'i':
          return MINUTE;
        case 's':
        case 'S':
          return SECOND;
        case 'f':
          return FRACTION;
        case 'p':
          return AM_PM;
        default:
          return null;
      }
    }

    /** Which of the columns y, mo, d, h, mi, sec the part sets (the year for both years). */
    String column() {
      switch (this) {
        case YEAR:
        case TWO_DIGIT_YEAR:
          return "y";
        case MONTH:
        case MONTH_NAME:
        case MONTH_ABBREVIATION:
          return "mo";
        case DAY:
          return "d";
        case HOUR:
        case TWELVE_HOUR:
          return "h";
        case MINUTE:
          return "mi";
        case SECOND:
          return "sec";
        case FRACTION:
          return "us";
        default:
          return "ampm";
      }
    }
  }

  /** The characters MariaDB skips before each part of a {@code STR_TO_DATE} format. */
  private static final String SPACE = "[ \\t\\n\\v\\f\\r]";

  /** Any character outside ASCII. */
  private static final String NON_ASCII = "[^\\u0001-\\u007f]";

  /**
   * The characters outside ASCII after which MariaDB's run of letters (a month's name) ends in one
   * character set and not in another, as it tests each byte for a latin1 letter: U+0080 to U+00BF
   * and the signs U+00D7 and U+00F7 are no letters in latin1 but start with one's byte in UTF-8
   * (0xC2, 0xC3); U+05C0 to U+05FF start with 0xD7, no letter. Any other ends no run in either.
   */
  private static final String CHARSET_BOUND = "[\\u0080-\\u00bf\\u00d7\\u00f7\\u05c0-\\u05ff]";

  private static final String[] MONTH_NAMES = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december"
  };

  /**
   * {@code STR_TO_DATE(x, 'literal format')}, read exactly as MariaDB 10.11 reads it (measured):
   * before each part of the format any spaces ({@code \t\n\v\f\r} too) are skipped; a number takes
   * up to its width in characters (4 for {@code %Y}, 6 for {@code %f}, else 2), a {@code +} sign
   * included, as many digits as there are (so {@code '2024-3-5'} reads with {@code %m} and {@code
   * '20240305'} with {@code %Y%m%d}); any other character must be itself (a space in the format
   * matches nothing). When the text ends before the format, the parts not reached are 0; when the
   * format ends first, the rest of the text is ignored. A part that does not match makes it NULL,
   * as do a month over 12, a day over 31, an hour over 23 (a 12-hour one outside 1 to 12), a minute
   * or second over 59. A day past the month's end (Feb 30), a zero part and year 0 are MariaDB's
   * values, which PostgreSQL cannot hold: {@code make_date} fails there. {@code %Y} of one or two
   * characters and {@code %y} read 70 to 99 as 19xx, else 20xx; {@code %f} is the digits as a
   * fraction (a sign counted as a digit: {@code '+5'} is .05); {@code %p} (AM or PM in any case)
   * after a 12-hour {@code %h}; {@code %M} and {@code %b} take a run of letters that starts one
   * month's name (abbreviation) only, in any case ({@code 'F'}, {@code 'Sept'} with {@code %M}).
   *
   * <p>The text is matched once with a regular expression whose groups capture each part, in a
   * sub-query: {@code (SELECT CASE WHEN ... ELSE make_date(y, mo, d) END FROM (SELECT ..., the
   * parts as numbers FROM (SELECT s, regexp_match(s, 're') AS m FROM (SELECT CAST(x AS TEXT) AS s)
   * AS cutover_text OFFSET 0) AS cutover_match) AS cutover_parts)}; {@code make_timestamp} for a
   * format with date and time parts, {@code make_time} for one with time parts only, as MariaDB
   * types the result {@code DATE}, {@code DATETIME} or {@code TIME}. Where MariaDB answers NULL
   * with a warning (a {@code SELECT}, {@code DELETE}, {@code INSERT IGNORE}: {@link
   * #zeroDivisorIsNull}) the result is NULL; elsewhere, where MariaDB fails, or fails for text left
   * over, it fails with a cast of a message. A letter outside ASCII in a month name or AM/PM, which
   * MariaDB reads by its character set's bytes, also fails.
   *
   * <p>Left as it is for a format that is not a literal, holds another code ({@code %j}, {@code
   * %D}, {@code %U}, {@code %%}, ...), a character outside printable ASCII, a part twice, {@code
   * %p} without a 12-hour hour before it, or no part; and in DDL and {@code ON DUPLICATE KEY
   * UPDATE}.
   */
  private int strToDate(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length != 2 || !subQueryAllowed(t)) {
      return -1;
    }
    int f = tr.nextSignificant(a[0] + 1);
    if (f >= a[1]
        || lx.types[f] != STRING
        || tr.nextSignificant(f + 1) != a[1]
        || (lx.flags[f] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) != 0) {
      return -1;
    }
    String format = tr.decodeMysql(lx.starts[f] + 1, lx.ends[f] - 1, lx.sql.charAt(lx.starts[f]));
    // The format's parts: a DatePart or a literal character (%T and %r as their parts).
    String expanded =
        format
            .replace("%%", "\0")
            .replace("%T", "%H:%i:%S")
            .replace("%r", "%I:%i:%S %p")
            .replace("\0", "%%");
    List<Object> parts = new ArrayList<>();
    java.util.EnumSet<DatePart> seen = java.util.EnumSet.noneOf(DatePart.class);
    java.util.Set<String> columns = new java.util.HashSet<>();
    boolean date = false;
    boolean time = false;
    for (int i = 0; i < expanded.length(); i++) {
      char c = expanded.charAt(i);
      if (c == '%') {
        DatePart p = i + 1 < expanded.length() ? DatePart.of(expanded.charAt(++i)) : null;
        if (p == null || !columns.add(p.column())) {
          return -1;
        }
        if (p == DatePart.AM_PM && !seen.contains(DatePart.TWELVE_HOUR)) {
          return -1; // MariaDB fails %p but after %h
        }
        seen.add(p);
        parts.add(p);
        date |= p.date;
        time |= !p.date;
      } else if (c >= '!' && c <= '~') {
        parts.add(c);
      } else if (" \t\n\u000b\f\r".indexOf(c) < 0) {
        return -1;
      }
    }
    if (seen.isEmpty()) {
      return -1;
    }
    // ^ before each part: spaces, then the end of the text or the part; after the last, the rest.
    StringBuilder re = new StringBuilder("^");
    List<DatePart> groups = new ArrayList<>();
    for (Object part : parts) {
      re.append(SPACE).append("*(?:$|");
      if (part instanceof Character) {
        char c = (Character) part;
        re.append(Character.isLetterOrDigit(c) ? "" : "\\").append(c);
        continue;
      }
      DatePart p = (DatePart) part;
      groups.add(p);
      if (p.width > 0) {
        int n = p.width;
        // As many digits as there are within the width, a sign taking one place.
        if (n == 2) {
          re.append("([0-9]{2}|[0-9](?![0-9])|\\+[0-9])");
          continue;
        }
        re.append("([0-9]{")
            .append(n)
            .append("}|[0-9]{1,")
            .append(n - 1)
            .append("}(?![0-9])|\\+[0-9]{");
        re.append(n - 1).append("}|\\+[0-9]{1,").append(n - 2).append("}(?![0-9]))");
      } else if (p == DatePart.AM_PM) {
        // MariaDB compares two bytes with PM and AM in latin1_swedish_ci, where A with a tilde
        // is A: a character outside ASCII before M is taken, to fail.
        re.append("([AaPp][Mm]|").append(NON_ASCII).append("[Mm])");
      } else {
        // All the letters, and none after: in UTF-8 and latin1 any other character beyond ASCII
        // is, or starts with, a letter's byte, so the run is no month's name. One that is a
        // letter in one character set only is taken, to fail.
        re.append("([A-Za-z]*(?:").append(CHARSET_BOUND).append("|(?![A-Za-z]|");
        re.append(NON_ASCII).append(")))");
      }
    }
    re.append("(.*)");
    for (int i = 0; i < parts.size(); i++) {
      re.append(')');
    }
    int rest = groups.size() + 1;
    String type = date && time ? "TIMESTAMP" : date ? "DATE" : "TIME";
    boolean nullIfWrong = zeroDivisorIsNull;
    String fails = "CAST('Incorrect " + type + " value for STR_TO_DATE: ' || s AS " + type + ")";
    String wrong = nullIfWrong ? "NULL" : fails;
    // The parts as numbers, 0 when the text ended before them.
    StringBuilder values = new StringBuilder();
    StringBuilder invalid = new StringBuilder();
    StringBuilder unread = new StringBuilder();
    String hour;
    String twelve = null;
    String pm = "0";
    java.util.Map<String, String> column = new java.util.HashMap<>();
    for (int g = 1; g <= groups.size(); g++) {
      DatePart p = groups.get(g - 1);
      String m = "m[" + g + "]";
      String number = "CAST(" + m + " AS INT)";
      String value;
      switch (p) {
        case YEAR:
          value =
              "CASE WHEN "
                  + m
                  + " IS NULL THEN 0 WHEN length("
                  + m
                  + ") > 2 THEN "
                  + number
                  + " WHEN "
                  + number
                  + " < 70 THEN "
                  + number
                  + " + 2000 ELSE "
                  + number
                  + " + 1900 END";
          break;
        case TWO_DIGIT_YEAR:
          value =
              "CASE WHEN "
                  + m
                  + " IS NULL THEN 0 WHEN "
                  + number
                  + " < 70 THEN "
                  + number
                  + " + 2000 ELSE "
                  + number
                  + " + 1900 END";
          break;
        case MONTH_NAME:
        case MONTH_ABBREVIATION:
          {
            StringBuilder b = new StringBuilder("CASE WHEN " + m + " IS NULL THEN 0");
            for (int k = 0; k < 12; k++) {
              String name =
                  p == DatePart.MONTH_NAME ? MONTH_NAMES[k] : MONTH_NAMES[k].substring(0, 3);
              b.append(" WHEN length(").append(m).append(") >= ").append(uniquePrefix(k));
              b.append(" AND starts_with('").append(name).append("', lower(").append(m);
              b.append(")) THEN ").append(k + 1);
            }
            value = b.append(" END").toString();
            unread.append(" OR ").append(m).append(" ~ '").append(NON_ASCII).append('\'');
            invalid.append(" OR mo IS NULL");
            break;
          }
        case FRACTION:
          value = "COALESCE(CAST(rpad(" + m + ", 6, '0') AS INT), 0)";
          break;
        case AM_PM:
          value = "0";
          pm = "CASE WHEN upper(" + m + ") = 'PM' THEN 12 ELSE 0 END";
          unread.append(" OR ").append(m).append(" ~ '").append(NON_ASCII).append('\'');
          break;
        default:
          value = "COALESCE(" + number + ", 0)";
          break;
      }
      if (p == DatePart.TWELVE_HOUR) {
        twelve = m;
      }
      column.put(p.column(), value);
    }
    // The values the result is made of; 0 for a part the format lacks.
    String[] made =
        type.equals("DATE")
            ? new String[] {"y", "mo", "d"}
            : type.equals("TIME")
                ? new String[] {"h", "mi", "sec", "us"}
                : new String[] {"y", "mo", "d", "h", "mi", "sec", "us"};
    for (String c : made) {
      if (!c.equals("us") || columns.contains(c)) {
        values.append(", ").append(column.getOrDefault(c, "0")).append(" AS ").append(c);
      }
    }
    // What MariaDB reads as NULL (or fails for).
    String[][] limits = {{"mo", "12"}, {"d", "31"}, {"h", "23"}, {"mi", "59"}, {"sec", "59"}};
    for (String[] limit : limits) {
      if (columns.contains(limit[0]) && (twelve == null || !limit[0].equals("h"))) {
        invalid.append(" OR ").append(limit[0]).append(" > ").append(limit[1]);
      }
    }
    if (twelve != null) {
      invalid.append(" OR (").append(twelve).append(" IS NOT NULL AND (h < 1 OR h > 12))");
      hour = "h % 12 + " + pm;
    } else {
      hour = "h";
    }
    String seconds = columns.contains("us") ? "sec + us / 1000000.0" : "sec";
    String result;
    switch (type) {
      case "DATE":
        result = "make_date(y, mo, d)";
        break;
      case "TIME":
        result = "make_time(" + hour + ", mi, " + seconds + ")";
        break;
      default:
        result = "make_timestamp(y, mo, d, " + hour + ", mi, " + seconds + ")";
        break;
    }
    StringBuilder sql =
        new StringBuilder("(SELECT CASE WHEN s IS NULL THEN NULL WHEN m IS NULL THEN ");
    sql.append(wrong);
    if (unread.length() > 0) {
      sql.append(" WHEN ").append(unread.substring(4)).append(" THEN ");
      sql.append("CAST('STR_TO_DATE not read as on MariaDB: ' || s AS ").append(type).append(')');
    }
    if (invalid.length() > 0) {
      sql.append(" WHEN ").append(invalid.substring(4)).append(" THEN ").append(wrong);
    }
    if (!nullIfWrong) {
      // Text left over: a warning MariaDB fails on here.
      sql.append(" WHEN m[").append(rest).append("] ~ '[^ \\t\\n\\v\\f\\r]' THEN ").append(fails);
    }
    sql.append(" ELSE ").append(result).append(" END FROM (SELECT s, m").append(values);
    sql.append(" FROM (SELECT s, regexp_match(s, '").append(re.toString().replace("'", "''"));
    sql.append("') AS m FROM (SELECT CAST(");
    tr.emit(styled(sql.toString(), t));
    argument(open + 1, a[0]);
    tr.emit(
        styled(" AS TEXT)) AS cutover_text(s) OFFSET 0) AS cutover_match) AS cutover_parts)", t));
    tr.copied = lx.ends[a[1]];
    return a[1];
  }

  /** How many letters of month {@code k}'s name (or abbreviation) no other month's starts with. */
  private static int uniquePrefix(int k) {
    String name = MONTH_NAMES[k];
    for (int n = 1; ; n++) {
      boolean unique = true;
      for (int j = 0; j < 12; j++) {
        if (j != k && MONTH_NAMES[j].startsWith(name.substring(0, Math.min(n, name.length())))) {
          unique = false;
        }
      }
      if (unique) {
        return n;
      }
    }
  }

  /**
   * {@code CAST(x AS type)} and {@code CONVERT(x, type)} with MySQL's type names, which PostgreSQL
   * reads otherwise or not at all: {@code CHAR} is {@code char(1)} there (so {@code CAST(1000 AS
   * CHAR)} was '1'; Hibernate's MySQL dialect writes it for every cast to a string) and becomes
   * {@code TEXT}, {@code CHAR(n)} {@code VARCHAR(n)} (not blank-padded), {@code SIGNED}/{@code
   * UNSIGNED [INTEGER]} {@code BIGINT}, a bare {@code DECIMAL} MySQL's {@code DECIMAL(10,0)}
   * (PostgreSQL kept the fraction), {@code DATETIME} {@code TIMESTAMP}, {@code DOUBLE} {@code
   * DOUBLE PRECISION}, {@code BINARY} {@code BYTEA}; a {@code CHARACTER SET} clause is dropped, and
   * {@code CONVERT(x USING charset)} is {@code (x)}. Other types are kept.
   */
  private int cast(int t, int open, int to, boolean convert) {
    int[] a = arguments(open, to);
    if (a == null) {
      return -1;
    }
    int close = a[a.length - 1];
    int valueEnd;
    int typeStart;
    if (convert) {
      if (a.length == 1) {
        int using = topLevelWord(open + 1, close, "using");
        if (using < 0) {
          return -1;
        }
        tr.emit("(");
        argument(open + 1, using);
        tr.emit(")");
        tr.copied = lx.ends[close];
        return close;
      }
      if (a.length != 2) {
        return -1;
      }
      valueEnd = a[0];
      typeStart = tr.nextSignificant(a[0] + 1);
    } else {
      if (a.length != 1) {
        return -1;
      }
      int as = topLevelWord(open + 1, close, "as");
      if (as < 0) {
        return -1;
      }
      valueEnd = as;
      typeStart = tr.nextSignificant(as + 1);
    }
    String type = mysqlType(typeStart, close);
    if (type == null) {
      return -1;
    }
    tr.emit(styled("CAST(", t));
    argument(open + 1, valueEnd);
    tr.emit(styled(" AS " + type + ")", t));
    tr.copied = lx.ends[close];
    return close;
  }

  /** The last top-level {@code word} in tokens {@code [from, to)}, or -1. */
  private int topLevelWord(int from, int to, String word) {
    int depth = 0;
    int found = -1;
    for (int i = from; i < to; i++) {
      if (lx.types[i] == LPAREN) {
        depth++;
      } else if (lx.types[i] == RPAREN) {
        depth--;
      } else if (depth == 0 && lx.isWord(i, word)) {
        found = i;
      }
    }
    return found;
  }

  /** PostgreSQL's name for the MySQL cast type in tokens {@code [from, to)}, or null. */
  private String mysqlType(int from, int to) {
    // Drop CHARACTER SET x / CHARSET x.
    int end = to;
    for (int i = from; i < to; i++) {
      if (lx.isWord(i, "character") && i + 1 < to && lx.isWord(i + 1, "set")
          || lx.isWord(i, "charset")) {
        end = i;
        break;
      }
    }
    if (from >= end || lx.types[from] != WORD) {
      return null;
    }
    String head = lx.text(from).toLowerCase(Locale.ROOT);
    int next = tr.nextSignificant(from + 1);
    boolean more = next < end;
    String rest = more ? lx.sql.substring(lx.starts[next], lx.ends[end - 1]) : "";
    switch (head) {
      case "char":
      case "nchar":
        if (!more) {
          return "TEXT";
        }
        return rest.matches("\\(\\s*\\d+\\s*\\)") ? "VARCHAR" + rest : null;
      case "signed":
      case "unsigned":
        return !more || rest.equalsIgnoreCase("integer") || rest.equalsIgnoreCase("int")
            ? "BIGINT"
            : null;
      case "decimal":
        return !more ? "DECIMAL(10,0)" : rest.matches("\\([\\s\\d,]+\\)") ? "DECIMAL" + rest : null;
      case "datetime":
        return !more ? "TIMESTAMP" : rest.matches("\\(\\s*\\d\\s*\\)") ? "TIMESTAMP" + rest : null;
      case "double":
        return !more ? "DOUBLE PRECISION" : null;
      case "binary":
        return !more ? "BYTEA" : null;
      case "date":
      case "time":
      case "integer":
      case "int":
      case "bigint":
      case "float":
      case "json":
        return lx.sql.substring(lx.starts[from], lx.ends[end - 1]);
      default:
        return null;
    }
  }

  /**
   * {@code LOCATE(a, s)}: {@code position(lower(a) IN lower(s))}, which keeps the arguments' order
   * and, like MariaDB's default collations, ignores case.
   */
  private int locate(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length != 2) {
      return -1;
    }
    tr.emit(styled("position(lower(", t));
    argument(open + 1, a[0]);
    tr.emit(styled(") IN lower(", t));
    argument(a[0] + 1, a[1]);
    tr.emit("))");
    tr.copied = lx.ends[a[1]];
    return a[1];
  }

  /** {@code INSTR(s, a)}: {@code strpos(lower(s), lower(a))}, ignoring case as MariaDB does. */
  private int instr(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length != 2) {
      return -1;
    }
    tr.emit(styled("strpos(lower(", t));
    argument(open + 1, a[0]);
    tr.emit(styled("), lower(", t));
    argument(a[0] + 1, a[1]);
    tr.emit("))");
    tr.copied = lx.ends[a[1]];
    return a[1];
  }

  /** {@code ISNULL(x)}: {@code ((x) IS NULL)}. */
  private int isNull(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length != 1) {
      return -1;
    }
    tr.emit("((");
    argument(open + 1, a[0]);
    tr.emit(styled(") IS NULL)", t));
    tr.copied = lx.ends[a[0]];
    return a[0];
  }

  /**
   * {@code YEAR(x)}, {@code MONTH}, {@code DAY}/{@code DAYOFMONTH}, {@code HOUR}, {@code MINUTE},
   * {@code SECOND}, {@code QUARTER}: {@code CAST(date_part('year', x) AS INTEGER)}; a parameter or
   * string is cast to a timestamp first, as MySQL reads it.
   */
  private int datePart(int t, int open, int to, String field) {
    int[] a = arguments(open, to);
    if (a == null || a.length != 1) {
      return -1;
    }
    int v = tr.nextSignificant(open + 1);
    boolean loose =
        (lx.types[v] == PARAM || lx.types[v] == STRING) && tr.nextSignificant(v + 1) == a[0];
    // floor: date_part('second') has the fraction, which MySQL's SECOND() drops.
    tr.emit(styled("CAST(floor(date_part('" + field + "', ", t));
    tr.emit(loose ? styled("CAST(", t) : "");
    argument(open + 1, a[0]);
    tr.emit(loose ? styled(" AS TIMESTAMP)", t) : "");
    tr.emit(styled(")) AS INTEGER)", t));
    tr.copied = lx.ends[a[0]];
    return a[0];
  }

  /**
   * {@code DATEDIFF(a, b)}: the days between their dates, {@code (CAST(a AS DATE) - CAST(b AS
   * DATE))}.
   */
  private int dateDiff(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length != 2) {
      return -1;
    }
    tr.emit(styled("(CAST(", t));
    argument(open + 1, a[0]);
    tr.emit(styled(" AS DATE) - CAST(", t));
    argument(a[0] + 1, a[1]);
    tr.emit(styled(" AS DATE))", t));
    tr.copied = lx.ends[a[1]];
    return a[1];
  }

  /** {@code FROM DUAL}: PostgreSQL selects without a FROM; the two words are dropped. */
  private int fromDual(int t, int to) {
    int dual = tr.nextSignificant(t + 1);
    return dual < to && lx.isWord(dual, "dual") ? dual : -1;
  }

  /** {@code NOT REGEXP} and {@code NOT RLIKE}: {@code !~*}. */
  private int notRegexp(int t, int to) {
    int r = tr.nextSignificant(t + 1);
    if (r < to && (lx.isWord(r, "regexp") || lx.isWord(r, "rlike"))) {
      tr.emit("!~*");
      return r;
    }
    return -1;
  }

  /** {@code LOCK IN SHARE MODE}: {@code FOR SHARE}. */
  private int lockInShareMode(int t, int to) {
    int in = tr.nextSignificant(t + 1);
    int share = tr.nextSignificant(in + 1);
    int mode = tr.nextSignificant(share + 1);
    if (mode >= to
        || !lx.isWord(in, "in")
        || !lx.isWord(share, "share")
        || !lx.isWord(mode, "mode")) {
      return -1;
    }
    return replace(t, mode, "FOR SHARE");
  }

  /** {@code SQL_NO_CACHE} and the like after SELECT: hints PostgreSQL lacks, dropped. */
  private int selectModifier(int t) {
    int before = t - 1;
    while (before >= 0 && tr.isComment(before)) {
      before--;
    }
    if (before < 0 || lx.types[before] != WORD) {
      return -1;
    }
    String w = lx.text(before).toLowerCase(Locale.ROOT);
    boolean afterSelect =
        w.equals("select")
            || w.equals("distinct")
            || w.equals("distinctrow")
            || w.equals("all")
            || w.equals("straight_join")
            || w.startsWith("sql_")
            || w.equals("high_priority");
    return afterSelect ? t : -1;
  }

  /**
   * {@code USE|FORCE|IGNORE INDEX|KEY [FOR JOIN|ORDER BY|GROUP BY] (names)}: index hints, dropped;
   * PostgreSQL plans without them.
   */
  private int indexHint(int t, int to) {
    int kind = tr.nextSignificant(t + 1);
    if (kind >= to || !(lx.isWord(kind, "index") || lx.isWord(kind, "key"))) {
      return -1;
    }
    int i = tr.nextSignificant(kind + 1);
    if (i < to && lx.isWord(i, "for")) {
      i = tr.nextSignificant(i + 1);
      if (i < to && (lx.isWord(i, "order") || lx.isWord(i, "group"))) {
        i = tr.nextSignificant(i + 1);
      }
      i = tr.nextSignificant(i + 1);
    }
    if (i >= to || lx.types[i] != LPAREN) {
      return -1;
    }
    int close = lx.closing(i, to);
    if (close < 0) {
      return -1;
    }
    return close;
  }

  /**
   * A function taking integers at the argument positions of {@code mask} (bit 0 the first): where
   * such an argument divides ({@code LEFT(name, LENGTH(name) / 2)}), the division is exact after
   * {@link #division}'s rewrite, a {@code numeric} that PostgreSQL does not pass as an integer (no
   * function {@code left(varchar, numeric)}); MySQL rounds it to an integer. So that argument
   * becomes {@code CAST((arg) AS INTEGER)}, which rounds half away from zero as MySQL does. {@code
   * MID}, which PostgreSQL lacks, is {@code substr} here. -1 when no such argument divides.
   */
  private int integerArguments(int t, int open, int to, int mask) {
    return integerArguments(t, open, to, mask, null, false);
  }

  /**
   * As above; {@code ends} for the FROM/FOR form of SUBSTRING, else null. With {@code parameters}
   * (SUBSTRING), a lone {@code ?} at such a position is cast too: PostgreSQL resolves {@code
   * substring(text, unknown, unknown)} to its regular-expression form {@code substring(text, text,
   * text)} (and {@code substring(text, unknown)} to {@code substring(text, text)}), so the
   * parameters went as text and the answer was NULL (or the match of a pattern "1") where MySQL cut
   * the string; {@code CAST(? AS INTEGER)} picks the positional form.
   */
  private int integerArguments(int t, int open, int to, int mask, int[] ends, boolean parameters) {
    int[] a = ends != null ? ends : arguments(open, to);
    if (a == null) {
      return -1;
    }
    boolean[] cast = new boolean[a.length];
    boolean divides = false;
    int from = open + 1;
    for (int i = 0; i < a.length; i++) {
      cast[i] =
          (mask >> i & 1) != 0
              && (dividesAtTop(from, a[i]) || (parameters && loneParameter(from, a[i])));
      divides |= cast[i];
      from = a[i] + 1;
    }
    if (!divides) {
      return -1;
    }
    if (lx.isWord(t, "mid") || ends != null) {
      tr.emit(styled("SUBSTR", t));
    } else {
      tr.out.append(lx.sql, lx.starts[t], lx.ends[t]);
    }
    tr.emit("(");
    from = open + 1;
    for (int i = 0; i < a.length; i++) {
      if (i > 0) {
        tr.emit(", ");
      }
      if (cast[i]) {
        tr.emit(styled("CAST((", t));
      }
      argument(from, a[i]);
      if (cast[i]) {
        tr.emit(styled(") AS INTEGER)", t));
      }
      from = a[i] + 1;
    }
    tr.emit(")");
    int close = a[a.length - 1];
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * {@code SUBSTRING(s, ?[, ?])}, a lone parameter as the position or length: MySQL's cut for any
   * value bound, each argument once, in a sub-query, {@code (SELECT CASE WHEN x IS NULL OR p IS
   * NULL OR n IS NULL THEN NULL WHEN p = 0 OR n <= 0 OR abs(p) > length(x) THEN '' WHEN p > 0 THEN
   * substring(x, CAST(LEAST(p, 2147483647) AS INTEGER), CAST(LEAST(GREATEST(n, 0), 2147483647) AS
   * INTEGER)) ELSE substring(x, CAST(GREATEST(length(x) + p + 1, 1) AS INTEGER), ...) END FROM
   * (SELECT s, CAST(? AS BIGINT), CAST(? AS BIGINT)) AS cutover_substring(x, p, n))}. Measured on
   * MariaDB 10.11: a position below 0 counts from the end ({@code -3} of {@code 'hello'} is {@code
   * 'llo'}), 0, a length of 0 or below and a position beyond the string are {@code ''};
   * PostgreSQL's substring counts a position below 1 as a place before the string ({@code 'hello'},
   * {@code 'h'} for 0 and 2) and refuses a negative length. -1 (the {@code CAST(? AS INTEGER)}
   * form, exact for a position of 1 or more) where no sub-query may stand, in a statement with
   * {@code GROUP BY} (the sub-query would read an ungrouped column where the statement groups by
   * the expression's alias), when an argument divides, or when neither position nor length is a
   * lone parameter.
   */
  private int boundSubstring(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length < 2 || a.length > 3 || !subQueryAllowed(t)) {
      return -1;
    }
    boolean lone = false;
    int from = a[0] + 1;
    for (int i = 1; i < a.length; i++) {
      if (dividesAtTop(from, a[i])) {
        return -1;
      }
      lone |= loneParameter(from, a[i]);
      from = a[i] + 1;
    }
    if (!lone || dividesAtTop(open + 1, a[0])) {
      return -1;
    }
    for (int i = tr.nextSignificant(0); i < lx.count; i++) {
      if (lx.isWord(i, "group")) {
        return -1;
      }
    }
    boolean length = a.length == 3;
    // Clamped: PostgreSQL may fold a cast of a bound value while planning, in any branch.
    String n = length ? ", CAST(LEAST(GREATEST(n, 0), 2147483647) AS INTEGER)" : "";
    tr.emit(
        styled(
            "(SELECT CASE WHEN x IS NULL OR p IS NULL"
                + (length ? " OR n IS NULL" : "")
                + " THEN NULL WHEN p = 0"
                + (length ? " OR n <= 0" : "")
                + " OR abs(p) > length(x) THEN '' WHEN p > 0 THEN substring(x,"
                + " CAST(LEAST(p, 2147483647) AS INTEGER)"
                + n
                + ") ELSE substring(x, CAST(GREATEST(length(x) + p + 1, 1) AS INTEGER)"
                + n
                + ") END FROM (SELECT ",
            t));
    argument(open + 1, a[0]);
    from = a[0] + 1;
    for (int i = 1; i < a.length; i++) {
      tr.emit(styled(", CAST((", t));
      argument(from, a[i]);
      tr.emit(styled(") AS BIGINT)", t));
      from = a[i] + 1;
    }
    tr.emit(styled(") AS cutover_substring(x, p" + (length ? ", n))" : "))"), t));
    int close = a[a.length - 1];
    tr.copied = lx.ends[close];
    return close;
  }

  /** Whether tokens {@code [from, to)} are one {@code ?}, comments aside. */
  private boolean loneParameter(int from, int to) {
    int p = tr.nextSignificant(from);
    return p < to
        && lx.types[p] == PARAM
        && lx.sql.charAt(lx.starts[p]) == '?'
        && tr.nextSignificant(p + 1) >= to;
  }

  /** Whether tokens {@code [from, to)} divide outside any parentheses. */
  private boolean dividesAtTop(int from, int to) {
    int depth = 0;
    for (int i = from; i < to; i++) {
      if (lx.types[i] == LPAREN) {
        depth++;
      } else if (lx.types[i] == RPAREN) {
        depth--;
      } else if (depth == 0
          && lx.types[i] == OPERATOR
          && lx.ends[i] - lx.starts[i] == 1
          && lx.isChar(i, '/')) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code SUBSTRING(s, -n [, len])} (also {@code SUBSTR}, {@code MID}): MySQL counts a negative
   * position from the end ({@code SUBSTRING('hello', -3)} is 'llo', and '' when the string is
   * shorter) and gives '' for position 0; PostgreSQL counts from before the first character, so
   * both returned the whole string. For a literal position of 0 or less: {@code substring((s) from
   * '.{n}$|$')}, the last n characters or, for a shorter string, the empty match at its end (NULL
   * stays NULL, and {@code s} is written once), then {@code substr(..., 1, len)}. A positive or
   * non-literal position is left as it is; the {@code FROM}/{@code FOR} form ({@code ends}: the
   * FROM, FOR and closing tokens) is read as the comma form.
   */
  private int substringFromEnd(int t, int open, int to, int[] ends) {
    int[] a = ends != null ? ends : arguments(open, to);
    if (a == null || a.length < 2 || a.length > 3) {
      return -1;
    }
    int p = tr.nextSignificant(a[0] + 1);
    boolean negative = false;
    if (p < a[1]
        && lx.types[p] == OPERATOR
        && lx.ends[p] - lx.starts[p] == 1
        && lx.isChar(p, '-')) {
      negative = true;
      p = tr.nextSignificant(p + 1);
    }
    if (p >= a[1]
        || lx.types[p] != NUMBER
        || !digitsOnly(p)
        || tr.nextSignificant(p + 1) != a[1]
        || lx.ends[p] - lx.starts[p] > 9) {
      return -1;
    }
    long n = Long.parseLong(lx.text(p));
    if (n / 255 > 255) {
      return -1;
    }
    if (!negative && n != 0) {
      return -1;
    }
    boolean length = a.length == 3;
    if (length) {
      tr.emit(styled("substr(", t));
    }
    tr.emit(styled("substring((", t));
    argument(open + 1, a[0]);
    // PostgreSQL's regular expressions count to 255 at most: .{600} is (?:.{255}){2}.{90}.
    String last = n <= 255 ? ".{" + n + "}" : "(?:.{255}){" + n / 255 + "}.{" + n % 255 + "}";
    tr.emit(styled(") FROM '" + last + "$|$')", t));
    if (length) {
      tr.emit(", 1, ");
      argument(a[1] + 1, a[2]);
      tr.emit(")");
    }
    int close = a[a.length - 1];
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * {@code a / b}: MySQL divides exactly ({@code 5 / 2} is 2.5000, and {@code qty / 2} into an INT
   * column stores 3) where PostgreSQL divides two integers to an integer (2). So the divisor is
   * made a {@code numeric} by adding {@code 0.0} to it, {@code a / (b + 0.0)} ({@code a / 2.0} for
   * an integer literal): an integer becomes a {@code numeric} and the division exact, while a
   * {@code real} or {@code double precision} stays one, as PostgreSQL casts the {@code numeric} 0.0
   * to it ({@code CAST(b AS NUMERIC)} would have turned a float into its shortest decimal and
   * divided differently from MySQL). The divisor must be read completely: a literal, parameter,
   * column, function call or parenthesised expression, after any sign; before {@code ^} or {@code
   * COLLATE}, which bind tighter, or anything else, the division is left as it is. Returns the
   * divisor's last token, or -1.
   */
  int division(int t, int to) {
    int first = tr.nextSignificant(t + 1);
    int a = unsigned(first, to);
    int last = divisor(a, to);
    if (last < 0) {
      return -1;
    }
    boolean number = lx.types[a] == NUMBER;
    boolean integer = number && digitsOnly(a);
    boolean nullIf = zeroDivisorIsNull && !nonZeroNumber(a);
    if (number && !integer && !nullIf) {
      // 2.5, 1e3: a numeric or float already, as in MySQL.
      return -1;
    }
    tr.out.append('/');
    if (lx.starts[first] > lx.ends[t]) {
      tr.out.append(' ');
    }
    if (nullIf) {
      // A / NULLIF(0.0, 0) is NULL, as MySQL reads it.
      tr.emit("NULLIF(");
      argument(first, last + 1);
      tr.emit(number ? (integer ? ".0, 0)" : ", 0)") : " + 0.0, 0)");
    } else {
      tr.emit(integer ? "" : "(");
      argument(first, last + 1);
      tr.emit(integer ? ".0" : " + 0.0)");
    }
    tr.copied = lx.ends[last];
    return last;
  }

  /**
   * {@code a % b} and {@code a MOD b} (the operator token or word at {@code t}): {@code a %
   * NULLIF(b, 0)} where MySQL reads a zero divisor as NULL ({@link #zeroDivisorIsNull}), else
   * {@code a % b}; the divisor is read as for {@link #division}, and one it cannot read whole or a
   * number other than 0 is left as it is. Returns the last token consumed, or -1 for an operator
   * left as it is.
   */
  int modulo(int t, int to) {
    boolean word = lx.types[t] == WORD;
    int first = tr.nextSignificant(t + 1);
    int a = unsigned(first, to);
    int last = zeroDivisorIsNull ? divisor(a, to) : -1;
    if (last < 0 || nonZeroNumber(a)) {
      return word ? replace(t, t, "%") : -1;
    }
    tr.out.append('%');
    if (lx.starts[first] > lx.ends[t]) {
      tr.out.append(' ');
    }
    tr.emit(styled("NULLIF(", t));
    argument(first, last + 1);
    tr.emit(", 0)");
    tr.copied = lx.ends[last];
    return last;
  }

  /**
   * {@code MOD(a, b)}: {@code MOD(a, NULLIF(b, 0))} where MySQL reads a zero divisor as NULL; a
   * number other than 0 is left as it is.
   */
  private int modCall(int open, int to) {
    int[] a = zeroDivisorIsNull ? arguments(open, to) : null;
    if (a == null || a.length != 2) {
      return -1;
    }
    int first = unsigned(tr.nextSignificant(a[0] + 1), a[1]);
    if (first < a[1] && nonZeroNumber(first) && tr.nextSignificant(first + 1) == a[1]) {
      return -1;
    }
    int t = open - 1;
    tr.out.append(lx.sql, lx.starts[t], lx.ends[open]);
    argument(open + 1, a[0]);
    tr.emit(styled(", NULLIF(", t));
    argument(a[0] + 1, a[1]);
    tr.emit(", 0))");
    tr.copied = lx.ends[a[1]];
    return a[1];
  }

  /** Whether the token at {@code t} is a number other than 0, a divisor that is never zero. */
  private boolean nonZeroNumber(int t) {
    if (lx.types[t] != NUMBER) {
      return false;
    }
    try {
      return new BigDecimal(lx.text(t)).signum() != 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The first token from {@code t} after any unary {@code -} or {@code +}. */
  private int unsigned(int t, int to) {
    while (t < to
        && lx.types[t] == OPERATOR
        && lx.ends[t] - lx.starts[t] == 1
        && (lx.isChar(t, '-') || lx.isChar(t, '+'))) {
      t = tr.nextSignificant(t + 1);
    }
    return t;
  }

  /**
   * The last token of the right operand of {@code /} or {@code DIV} whose value starts at {@code a}
   * (after its signs), or -1 when it is not one {@link #operand} reads or {@code ^} or {@code
   * COLLATE}, which bind tighter, follow it.
   */
  private int divisor(int a, int to) {
    if (a >= to) {
      return -1;
    }
    int last = operand(a, to);
    if (last < 0) {
      return -1;
    }
    int after = tr.nextSignificant(last + 1);
    // An aggregate's FILTER (...) and a window's OVER (...) or OVER name belong to the divisor:
    // NULLIF(COUNT(*), 0) OVER (...) is a syntax error.
    if (after < to && lx.isWord(after, "filter")) {
      int open = tr.nextSignificant(after + 1);
      if (open >= to || lx.types[open] != LPAREN || lx.closing(open, to) < 0) {
        return -1;
      }
      last = lx.closing(open, to);
      after = tr.nextSignificant(last + 1);
    }
    if (after < to && lx.isWord(after, "over")) {
      int window = tr.nextSignificant(after + 1);
      if (window >= to) {
        return -1;
      }
      if (lx.types[window] == LPAREN) {
        last = lx.closing(window, to);
      } else if (lx.types[window] == WORD || lx.types[window] == QUOTED_IDENT) {
        last = window;
      } else {
        return -1;
      }
      if (last < 0) {
        return -1;
      }
      after = tr.nextSignificant(last + 1);
    }
    if (after < to
        && (lx.types[after] == OPERATOR && lx.isChar(after, '^') || lx.isWord(after, "collate"))) {
      return -1;
    }
    return last;
  }

  private boolean digitsOnly(int t) {
    for (int i = lx.starts[t]; i < lx.ends[t]; i++) {
      if (!SqlLexer.isDigit(lx.sql.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The last token of the operand starting at {@code a}, or -1 when it is not a simple one. */
  private int operand(int a, int to) {
    switch (lx.types[a]) {
      case NUMBER:
      case STRING:
      case PARAM:
        return a;
      case LPAREN:
        return lx.closing(a, to);
      case WORD:
      case QUOTED_IDENT:
        break;
      default:
        return -1;
    }
    for (String w : NOT_OPERANDS) {
      if (lx.isWord(a, w)) {
        return -1;
      }
    }
    int last = a;
    while (last + 2 < to
        && lx.types[last + 1] == DOT
        && (lx.types[last + 2] == WORD || lx.types[last + 2] == QUOTED_IDENT)) {
      last += 2;
    }
    int open = tr.nextSignificant(last + 1);
    if (open < to && lx.types[open] == LPAREN) {
      return last == a ? lx.closing(open, to) : -1;
    }
    return last;
  }

  /** Words that start an operand longer than a name, or that no operand starts with. */
  private static final String[] NOT_OPERANDS = {
    "case", "interval", "not", "exists", "select", "binary", "row", "date", "time", "timestamp"
  };

  /**
   * {@code DROP TEMPORARY TABLE [IF EXISTS] a, b}: {@code DROP TABLE [IF EXISTS] pg_temp.a,
   * pg_temp.b}. Qualified, because MySQL drops only a temporary table, where PostgreSQL's plain
   * {@code DROP TABLE} would fall through to the permanent table of that name.
   */
  private int dropTemporary(int t, int to) {
    int first = tr.nextSignificant(0);
    if (!lx.isWord(first, "drop") || tr.nextSignificant(first + 1) != t) {
      return -1;
    }
    int table = tr.nextSignificant(t + 1);
    if (!lx.isWord(table, "table")) {
      return -1;
    }
    int n = tr.nextSignificant(table + 1);
    boolean ifExists = false;
    if (lx.isWord(n, "if") && lx.isWord(tr.nextSignificant(n + 1), "exists")) {
      ifExists = true;
      n = tr.nextSignificant(tr.nextSignificant(n + 1) + 1);
    }
    java.util.List<Integer> names = new java.util.ArrayList<>();
    while (true) {
      // Any word: MariaDB and PostgreSQL both take unquoted names (view, merge) that the
      // analyzer's keyword list counts as reserved.
      if (n >= to || !(lx.types[n] == SqlLexer.QUOTED_IDENT || lx.types[n] == WORD)) {
        return -1;
      }
      names.add(n);
      int after = tr.nextSignificant(n + 1);
      if (after < to && lx.types[after] == SqlLexer.COMMA) {
        n = tr.nextSignificant(after + 1);
        continue;
      }
      if (after < to
          && !lx.isWord(after, "restrict")
          && !lx.isWord(after, "cascade")
          && lx.types[after] != SqlLexer.SEMICOLON) {
        return -1; // a qualified name (db.t) or something else: left as it is
      }
      break;
    }
    tr.emit(styled(ifExists ? "TABLE IF EXISTS " : "TABLE ", t));
    for (int i = 0; i < names.size(); i++) {
      tr.emit(i == 0 ? "pg_temp." : ", pg_temp.");
      argument(names.get(i), names.get(i) + 1);
    }
    int last = names.get(names.size() - 1);
    tr.copied = lx.ends[last];
    return last;
  }

  /** {@code IF(c, a, b)}: {@code CASE WHEN c THEN a ELSE b END}. */
  private int ifToCase(int t, int open, int to) {
    int[] a = arguments(open, to);
    if (a == null || a.length != 3) {
      return -1;
    }
    int close = a[2];
    int after = tr.nextSignificant(close + 1);
    if (after < lx.count && lx.isWord(after, "then")) {
      return -1; // a stored program's IF (...) THEN
    }
    if (!plainlyBoolean(open + 1, a[0])) {
      return -1;
    }
    // In parentheses: IF() is one operand wherever it stands (NOT IF(...), IF(...)FROM t).
    tr.emit(styled("(CASE WHEN ", t));
    argument(open + 1, a[0]);
    tr.emit(styled(" THEN ", t));
    argument(a[0] + 1, a[1]);
    tr.emit(styled(" ELSE ", t));
    argument(a[1] + 1, close);
    tr.emit(styled(" END)", t));
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * Whether IF()'s condition {@code [from, to)} reads the same to PostgreSQL's CASE WHEN: a
   * comparison or a boolean operator (also MySQL's {@code !}) at its top level, or a lone column or
   * function call (whose PostgreSQL type then decides, loudly: a non-boolean one is an error). A
   * lone parameter, string or number is not: MySQL takes 'yes' and 0.4 as false, PostgreSQL as
   * true.
   */
  private boolean plainlyBoolean(int from, int to) {
    int first = tr.nextSignificant(from);
    int depth = 0;
    boolean values = false;
    for (int t = first; t < to; t++) {
      int type = lx.types[t];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (depth == 0) {
        if (type == OPERATOR) {
          String op = lx.text(t);
          if (op.indexOf('=') >= 0
              || op.indexOf('<') >= 0
              || op.indexOf('>') >= 0
              || op.equals("!")) {
            // ! is MySQL's NOT (of a boolean column, NOT there: see BooleanLiterals).
            return true;
          }
        } else if (lx.isWord(t, "is")
            || lx.isWord(t, "in")
            || lx.isWord(t, "like")
            || lx.isWord(t, "between")
            || lx.isWord(t, "exists")
            || lx.isWord(t, "not")
            || lx.isWord(t, "and")
            || lx.isWord(t, "or")) {
          return true;
        } else if (type == PARAM || type == STRING || type == NUMBER) {
          values = true;
        }
      }
    }
    if (first < to
        && tr.nextSignificant(first + 1) >= to
        && (lx.isWord(first, "null") || lx.isWord(first, "true") || lx.isWord(first, "false"))) {
      return true; // the same truth on both engines
    }
    return !values && first < to && (isName(first, to) || lx.types[first] == LPAREN);
  }

  /**
   * MySQL's {@code ORDER BY NULL}, the way to skip the sort MariaDB gives a GROUP BY: dropped, as
   * PostgreSQL refuses a constant there ("non-integer constant in ORDER BY") and does not sort a
   * GROUP BY anyway. Only when NULL is the whole ORDER BY; returns the NULL, or -1.
   */
  private int orderByNull(int t, int to) {
    int by = tr.nextSignificant(t + 1);
    if (by >= to || !lx.isWord(by, "by")) {
      return -1;
    }
    int value = tr.nextSignificant(by + 1);
    if (value >= to || !lx.isWord(value, "null")) {
      return -1;
    }
    int after = tr.nextSignificant(value + 1);
    if (after < to
        && lx.types[after] != RPAREN
        && lx.types[after] != SEMICOLON
        && !lx.isWord(after, "limit")
        && !lx.isWord(after, "offset")
        && !lx.isWord(after, "for")
        && !lx.isWord(after, "lock")
        && !lx.isWord(after, "into")
        && !lx.isWord(after, "union")) {
      return -1;
    }
    tr.copied = lx.ends[value];
    return value;
  }

  /** Translates the tokens {@code [from, to)} without the whitespace before them. */
  void argument(int from, int to) {
    if (from < to) {
      tr.copied = lx.starts[from];
      tr.copy(from, to);
    }
  }

  /**
   * {@code DATE_ADD(x, INTERVAL n unit)} and the like: {@code (x + interval)}, with a parameter or
   * string {@code x} cast to a timestamp; -1 unless the second argument is exactly an interval this
   * class rewrites.
   */
  private int dateArithmetic(int open, int to, String operator) {
    if (open < 0) {
      return -1;
    }
    int[] a = arguments(open, to);
    if (a == null || a.length != 2) {
      return -1;
    }
    int close = a[1];
    int interval = tr.nextSignificant(a[0] + 1);
    if (interval >= close || !lx.isWord(interval, "interval")) {
      return -1;
    }
    Interval plan = intervalPlan(interval, close);
    if (plan == null || tr.nextSignificant(plan.unitToken + 1) < close) {
      return -1;
    }
    tr.emit("(");
    int first = tr.nextSignificant(open + 1);
    boolean literal =
        lastSignificant(first, a[0]) == first
            && (lx.types[first] == PARAM
                || (lx.types[first] == STRING
                    && (lx.flags[first] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) == 0));
    if (literal) {
      // MySQL reads the value as a date or datetime; PostgreSQL would take it for an interval.
      tr.emit(styled("CAST(", interval));
    }
    argument(open + 1, a[0]);
    if (literal) {
      tr.emit(styled(" AS TIMESTAMP)", interval));
    }
    tr.emit(operator);
    argument(interval, close);
    tr.emit(")");
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * The top-level commas between the parentheses opened at {@code open}, followed by the closing
   * one; null when they do not close before {@code to} or an argument is empty.
   */
  int[] arguments(int open, int to) {
    if (open < 0) {
      return null;
    }
    int[] found = new int[4];
    int n = 0;
    int depth = 0;
    int argumentStart = open + 1;
    for (int t = open; t < to; t++) {
      int type = lx.types[t];
      boolean close = type == RPAREN && --depth == 0;
      if (type == LPAREN) {
        depth++;
      } else if (close || (type == COMMA && depth == 1)) {
        if (tr.nextSignificant(argumentStart) >= t) {
          return null;
        }
        if (n == found.length) {
          found = java.util.Arrays.copyOf(found, n * 2);
        }
        found[n++] = t;
        argumentStart = t + 1;
        if (close) {
          return java.util.Arrays.copyOf(found, n);
        }
      }
    }
    return null;
  }

  /** A MySQL interval unit PostgreSQL spells as {@code 'n unit'}, with its multiple. */
  private enum Unit {
    MICROSECOND("microsecond", 1),
    SECOND("second", 1),
    MINUTE("minute", 1),
    HOUR("hour", 1),
    DAY("day", 1),
    WEEK("week", 1),
    MONTH("month", 1),
    QUARTER("month", 3),
    YEAR("year", 1);

    final String postgres;
    final int factor;

    Unit(String postgres, int factor) {
      this.postgres = postgres;
      this.factor = factor;
    }

    static Unit of(String word) {
      for (Unit u : values()) {
        if (u.name().equalsIgnoreCase(word)) {
          return u;
        }
      }
      return null;
    }
  }

  /**
   * What {@code INTERVAL value unit} becomes: the literal text {@code 'n unit'}, or for a value
   * known only at run time (a parameter, a column, a parenthesised expression) the tokens {@code
   * [valueStart, valueEnd)} to multiply.
   */
  private record Interval(String literal, int valueStart, int valueEnd, Unit unit, int unitToken) {}

  /** {@code INTERVAL value unit} at {@code t}: a literal, or a multiplication of a value. */
  private int interval(int t, int to) {
    Interval plan = intervalPlan(t, to);
    if (plan == null) {
      return -1;
    }
    String word = lx.text(t);
    if (plan.literal != null) {
      tr.out.append(word).append(" '").append(plan.literal).append('\'');
      return plan.unitToken;
    }
    // MySQL rounds a fractional count of any unit but SECOND to a whole number (half away from
    // zero for decimals, to even for doubles), as PostgreSQL's cast to bigint does. A parameter
    // arrives as a decimal (Connector/J sends a double as its text), so it is rounded as one:
    // through numeric, half away from zero (float8 to bigint would round 2.5 to 2).
    boolean parameter = plan.valueEnd == plan.valueStart + 1 && lx.types[plan.valueStart] == PARAM;
    String type = plan.unit == Unit.SECOND ? "NUMERIC" : "BIGINT";
    tr.emit(styled(parameter && plan.unit != Unit.SECOND ? "(CAST(CAST(" : "(CAST(", t));
    argument(plan.valueStart, plan.valueEnd);
    tr.emit(
        styled(
            (parameter && plan.unit != Unit.SECOND ? " AS NUMERIC)" : "") + " AS " + type + ") * ",
            t));
    tr.emit(word + " '" + plan.unit.factor + " " + plan.unit.postgres + "')");
    return plan.unitToken;
  }

  private Interval intervalPlan(int t, int to) {
    int v = tr.nextSignificant(t + 1);
    if (v >= to) {
      return null;
    }
    int type = lx.types[v];
    String sign = "";
    int valueEnd;
    String value = null;
    if (type == OPERATOR && (lx.isChar(v, '-') || lx.isChar(v, '+'))) {
      sign = lx.isChar(v, '-') ? "-" : "";
      v = tr.nextSignificant(v + 1);
      if (v >= to || lx.types[v] != NUMBER) {
        return null;
      }
      type = NUMBER;
    }
    if (type == NUMBER) {
      value = sign + lx.text(v);
      valueEnd = v + 1;
    } else if (type == STRING) {
      if ((lx.flags[v] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) != 0) {
        return null;
      }
      value = tr.decodeMysql(lx.starts[v] + 1, lx.ends[v] - 1, lx.sql.charAt(lx.starts[v]));
      valueEnd = v + 1;
    } else if (type == PARAM) {
      valueEnd = v + 1;
    } else if (isName(v, to)) {
      valueEnd = v + 1;
      while (valueEnd + 1 < to && lx.types[valueEnd] == DOT && isName(valueEnd + 1, to)) {
        valueEnd += 2;
      }
    } else if (type == LPAREN) {
      int[] a = arguments(v, to);
      if (a == null || a.length != 1) {
        return null;
      }
      valueEnd = a[0] + 1;
    } else {
      return null;
    }
    int u = tr.nextSignificant(valueEnd);
    if (u >= to || lx.types[u] != WORD) {
      return null;
    }
    Unit unit = Unit.of(lx.text(u));
    if (unit == null) {
      return null;
    }
    int next = tr.nextSignificant(u + 1);
    if (next < to
        && ((lx.types[next] == OPERATOR
                && (lx.isChar(next, '*') || lx.isChar(next, '/') || lx.isChar(next, '%')))
            || lx.isWord(next, "div")
            || lx.isWord(next, "mod"))) {
      // MySQL reads x + INTERVAL 1 DAY * 2 as (x + 1 day) * 2; PostgreSQL would multiply the
      // interval first.
      return null;
    }
    if (value == null) {
      return new Interval(null, v, valueEnd, unit, u);
    }
    String literal = count(value, unit, type == STRING);
    return literal == null
        ? null
        : new Interval(literal + " " + unit.postgres, v, valueEnd, unit, u);
  }

  /**
   * The count of units a literal interval value stands for in MySQL, as PostgreSQL reads it, or
   * null when it is not a plain decimal number: MySQL rounds a number of any unit but SECOND half
   * away from zero, and reads only an integer string exactly.
   */
  private static String count(String value, Unit unit, boolean string) {
    int i = value.startsWith("-") || value.startsWith("+") ? 1 : 0;
    int digits = 0;
    int fraction = -1;
    for (int c = i; c < value.length(); c++) {
      char ch = value.charAt(c);
      if (ch == '.' && fraction < 0) {
        fraction = 0;
      } else if (ch >= '0' && ch <= '9') {
        digits++;
        if (fraction >= 0) {
          fraction++;
        }
      } else {
        return null;
      }
    }
    if (digits == 0 || digits > 18) {
      return null;
    }
    BigDecimal n = new BigDecimal(value.startsWith("+") ? value.substring(1) : value);
    if (unit == Unit.SECOND) {
      return fraction > 6 ? null : n.stripTrailingZeros().toPlainString();
    }
    if (fraction > 0 && string) {
      return null; // MySQL truncates a string, and rounds a number
    }
    BigInteger whole = n.setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
    return whole.multiply(BigInteger.valueOf(unit.factor)).toString();
  }

  // ---------------------------------------------------------------- statements

  /**
   * Rewrites the statement of tokens {@code [from, to)} when it is one this class handles, and
   * returns true; false when nothing was appended.
   */
  boolean statement(int from, int to) {
    zeroDivisorIsNull = zeroDivisorIsNull(from, to);
    int head = tr.nextSignificant(from);
    if (head >= to || lx.types[head] != WORD) {
      return false;
    }
    switch (lx.keywords[head]) {
      case Keywords.INSERT:
      case Keywords.REPLACE:
        return insertSet(from, head, to);
      case Keywords.UPDATE:
        return limited(from, head, to, false) || updateJoin(from, head, to);
      case Keywords.DELETE:
        return limited(from, head, to, true) || deleteJoin(from, head, to);
      case Keywords.SET:
        return sessionSet(from, head, to);
      case Keywords.TRUNCATE:
        return truncate(from, head, to);
      default:
        return false;
    }
  }

  /**
   * Whether MySQL reads a division by zero in the current statement as NULL, which PostgreSQL
   * refuses ("division by zero"): {@code /}, {@code DIV}, {@code MOD} and {@code %} then divide by
   * {@code NULLIF(divisor, 0)}. MariaDB's other warnings go the same way (measured for {@code
   * STR_TO_DATE}'s: NULL where a division by zero is, an error elsewhere): see {@link #strToDate}.
   */
  private boolean zeroDivisorIsNull;

  /**
   * Whether MySQL answers NULL for {@code x / 0} in the statement of tokens {@code [from, to)}, as
   * measured on MariaDB 10.11 with its default strict {@code sql_mode} ({@code
   * ERROR_FOR_DIVISION_BY_ZERO}): in a {@code SELECT} (also {@code WITH ... SELECT}, a
   * parenthesised one, {@code FOR UPDATE}), a {@code DELETE} and an {@code INSERT IGNORE}, which
   * only warn. An {@code INSERT}, {@code UPDATE}, {@code REPLACE}, {@code INSERT ... SELECT} or
   * {@code CREATE ... AS SELECT} fails there, as on PostgreSQL, so their divisions are left to fail
   * on both.
   */
  private boolean zeroDivisorIsNull(int from, int to) {
    int head = from;
    while (head < to && (tr.isComment(head) || lx.types[head] == LPAREN)) {
      head++;
    }
    int k = keyword(head, to);
    if (k == Keywords.WITH) {
      // The statement the common table expressions are for: the first word outside them.
      int depth = 0;
      k = -1;
      for (int t = head + 1; t < to && k < 0; t++) {
        if (lx.types[t] == LPAREN) {
          depth++;
        } else if (lx.types[t] == RPAREN) {
          depth--;
        } else if (depth == 0) {
          int w = keyword(t, to);
          if (w == Keywords.SELECT
              || w == Keywords.INSERT
              || w == Keywords.UPDATE
              || w == Keywords.DELETE
              || w == Keywords.REPLACE) {
            k = w;
          }
        }
      }
    }
    if (k == Keywords.SELECT || k == Keywords.DELETE) {
      return true;
    }
    if (k != Keywords.INSERT) {
      return false;
    }
    int t = tr.nextSignificant(head + 1);
    while (keyword(t, to) == Keywords.LOW_PRIORITY
        || keyword(t, to) == Keywords.HIGH_PRIORITY
        || keyword(t, to) == Keywords.DELAYED) {
      t = tr.nextSignificant(t + 1);
    }
    return keyword(t, to) == Keywords.IGNORE;
  }

  /** MySQL session variables with no meaning on PostgreSQL, whose SET is a no-op there. */
  private static final java.util.Set<String> NO_OP_VARIABLES =
      java.util.Set.of(
          "sql_mode",
          "character_set_client",
          "character_set_connection",
          "character_set_results",
          "collation_connection",
          "group_concat_max_len",
          "wait_timeout",
          "interactive_timeout",
          "net_read_timeout",
          "net_write_timeout",
          "unique_checks",
          "sql_safe_updates",
          "sql_big_selects",
          "optimizer_switch",
          "sql_notes",
          "sql_warnings",
          "profiling",
          "long_query_time",
          "div_precision_increment",
          "sql_log_bin",
          "default_storage_engine",
          "storage_engine");

  /** PostgreSQL's no-op: the client encoding the PostgreSQL driver needs anyway. */
  private static final String NO_OP = "SET client_encoding = 'UTF8'";

  /**
   * A session {@code SET} of one MySQL variable, on a PostgreSQL side: {@code SET NAMES}, {@code
   * SET CHARACTER SET} and variables PostgreSQL has no counterpart for ({@code sql_mode}, {@code
   * wait_timeout}, ...) become a no-op (PostgreSQL refused them: a connection-init statement such
   * as Hikari's {@code connectionInitSql = SET NAMES utf8mb4} failed every connection after the
   * switch); {@code time_zone} becomes {@code SET TIME ZONE} ({@code INTERVAL '+05:00' HOUR TO
   * MINUTE} for an offset: PostgreSQL reads the string '+05:00' as a POSIX zone, five hours west);
   * {@code max_execution_time} (ms) and MariaDB's {@code max_statement_time} (s) become {@code
   * statement_timeout}, {@code innodb_lock_wait_timeout} (s) {@code lock_timeout}, {@code
   * transaction_isolation}/{@code tx_isolation} the session's isolation. Several assignments,
   * {@code GLOBAL}, user variables and other values are left as they are.
   */
  private boolean sessionSet(int from, int head, int to) {
    int t = tr.nextSignificant(head + 1);
    if (t >= to) {
      return false;
    }
    for (int p = head; p < to; p++) {
      if (lx.types[p] == PARAM) {
        // Not a plain setting (a garbled statement): rewriting it would drop the marker.
        return false;
      }
    }
    if (lx.isWord(t, "names")
        || lx.isWord(t, "charset")
        || lx.isWord(t, "character") && lx.isWord(tr.nextSignificant(t + 1), "set")) {
      return emitStatement(from, head, NO_OP);
    }
    if (lx.isWord(t, "session") || lx.isWord(t, "local")) {
      t = tr.nextSignificant(t + 1);
    }
    String name;
    if (lx.types[t] == WORD) {
      name = lx.text(t).toLowerCase(Locale.ROOT);
    } else if (lx.types[t] == SqlLexer.VARIABLE && lx.text(t).startsWith("@@")) {
      name = lx.text(t).substring(2).toLowerCase(Locale.ROOT);
      if (name.startsWith("session.") || name.startsWith("local.")) {
        name = name.substring(name.indexOf('.') + 1);
      } else if (name.indexOf('.') >= 0) {
        return false;
      }
    } else {
      return false;
    }
    int eq = tr.nextSignificant(t + 1);
    if (eq >= to
        || !(lx.types[eq] == OPERATOR && (lx.isChar(eq, '=') || lx.text(eq).equals(":=")))) {
      return false;
    }
    int value = tr.nextSignificant(eq + 1);
    if (value >= to || tr.nextSignificant(value + 1) < to) {
      // Several tokens (an expression, a second assignment): not a value read here.
      return NO_OP_VARIABLES.contains(name) && value < to && !hasComma(value, to)
          ? emitStatement(from, head, NO_OP)
          : false;
    }
    if (lx.types[value] == STRING
        && (lx.flags[value] & (SqlLexer.UNTERMINATED | SqlLexer.PREFIXED)) != 0) {
      return false;
    }
    String v =
        lx.types[value] == STRING
            ? lx.sql.substring(lx.starts[value] + 1, lx.ends[value] - 1)
            : lx.text(value);
    if (NO_OP_VARIABLES.contains(name)) {
      return emitStatement(from, head, NO_OP);
    }
    switch (name) {
      case "time_zone":
        if (v.matches("[+-]\\d{1,2}:\\d{2}")) {
          return emitStatement(from, head, "SET TIME ZONE INTERVAL '" + v + "' HOUR TO MINUTE");
        }
        if (v.matches("[A-Za-z][A-Za-z0-9_+/-]*") && !v.equalsIgnoreCase("system")) {
          return emitStatement(from, head, "SET TIME ZONE '" + v + "'");
        }
        return false;
      case "max_execution_time":
        return v.matches("\\d+") && emitStatement(from, head, "SET statement_timeout = " + v);
      case "max_statement_time":
        // MariaDB's, in seconds (0 for none, as statement_timeout).
        return v.matches("\\d+(\\.\\d+)?")
            && emitStatement(from, head, "SET statement_timeout = '" + v + "s'");
      case "innodb_lock_wait_timeout":
        return v.matches("\\d+") && emitStatement(from, head, "SET lock_timeout = '" + v + "s'");
      case "transaction_isolation":
      case "tx_isolation":
        String level = v.toUpperCase(Locale.ROOT).replace('-', ' ');
        return level.matches("READ UNCOMMITTED|READ COMMITTED|REPEATABLE READ|SERIALIZABLE")
            && emitStatement(
                from, head, "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL " + level);
      default:
        return false;
    }
  }

  private boolean hasComma(int from, int to) {
    int depth = 0;
    for (int i = from; i < to; i++) {
      if (lx.types[i] == LPAREN) {
        depth++;
      } else if (lx.types[i] == RPAREN) {
        depth--;
      } else if (depth == 0 && lx.types[i] == COMMA) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code TRUNCATE [TABLE] t}: {@code TRUNCATE TABLE t RESTART IDENTITY}, as MySQL's TRUNCATE
   * starts the table's AUTO_INCREMENT again (PostgreSQL kept its sequence: the next id was 9 where
   * MariaDB gave 1).
   */
  private boolean truncate(int from, int head, int to) {
    int t = tr.nextSignificant(head + 1);
    if (lx.isWord(t, "table")) {
      t = tr.nextSignificant(t + 1);
    }
    int name = t;
    if (!isName(t, to)) {
      return false;
    }
    t = tr.nextSignificant(t + 1);
    while (t + 1 < to && lx.types[t] == DOT && isName(t + 1, to)) {
      t = tr.nextSignificant(t + 2);
    }
    if (t < to) {
      return false;
    }
    tr.copy(from, head);
    tr.out.append(lx.sql, tr.copied, lx.starts[head]);
    tr.copied = lx.starts[head];
    tr.emit(styled("TRUNCATE TABLE ", head));
    argument(name, to);
    tr.emit(styled(" RESTART IDENTITY", head));
    return true;
  }

  /**
   * Replaces the statement of tokens {@code [head, ...)} by {@code text}, keeping what precedes.
   */
  private boolean emitStatement(int from, int head, String text) {
    tr.copy(from, head);
    tr.out.append(lx.sql, tr.copied, lx.starts[head]);
    tr.emit(styled(text, head));
    tr.copied = lx.ends[lastToken(head)];
    return true;
  }

  /** The statement's last token from {@code head}, before a semicolon or the end. */
  private int lastToken(int head) {
    int t = head;
    while (t + 1 < lx.count && lx.types[t + 1] != SqlLexer.SEMICOLON) {
      t++;
    }
    return t;
  }

  /** An assignment {@code [qualifier.]column = expression} of a SET list. */
  private record Assignment(int qualifier, int column, int equals, int valueEnd) {}

  /**
   * The assignments from {@code t} up to the first top-level word of {@code stops}, or null when
   * they are not a plain list. The last assignment ends before the stop word.
   */
  private List<Assignment> assignments(int t, int to, boolean qualified, int... stops) {
    List<Assignment> list = new ArrayList<>(4);
    while (true) {
      int qualifier = -1;
      int column = tr.nextSignificant(t);
      if (!isName(column, to)) {
        return null;
      }
      if (column + 2 < to && lx.types[column + 1] == DOT) {
        qualifier = column;
        column += 2;
        if (!isName(column, to)) {
          return null;
        }
      }
      if (qualified != (qualifier >= 0)) {
        return null;
      }
      int equals = tr.nextSignificant(column + 1);
      if (equals >= to || lx.types[equals] != OPERATOR || !lx.isChar(equals, '=')) {
        return null;
      }
      int depth = 0;
      int end = equals + 1;
      boolean stop = false;
      for (; end < to; end++) {
        int type = lx.types[end];
        if (type == LPAREN) {
          depth++;
        } else if (type == RPAREN) {
          if (--depth < 0) {
            return null;
          }
        } else if (depth == 0 && type == COMMA) {
          break;
        } else if (depth == 0 && type == WORD) {
          int k = lx.keywords[end];
          if (k == Keywords.AS) {
            return null;
          }
          if (contains(stops, k)) {
            stop = true;
            break;
          }
        }
      }
      if (depth != 0 || tr.nextSignificant(equals + 1) >= end) {
        return null;
      }
      list.add(new Assignment(qualifier, column, equals, end));
      if (end >= to || stop) {
        return list;
      }
      t = end + 1;
    }
  }

  private static boolean contains(int[] keywords, int k) {
    for (int s : keywords) {
      if (s == k) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code INSERT [INTO] t SET a = 1, b = ?} (or REPLACE): {@code INSERT INTO t (a, b) VALUES (1,
   * ?)}, followed by the rest (ON DUPLICATE KEY UPDATE, RETURNING) for the later rewrites.
   */
  private boolean insertSet(int from, int head, int to) {
    int t = tr.nextSignificant(head + 1);
    while (t < to
        && lx.types[t] == WORD
        && (lx.keywords[t] == Keywords.LOW_PRIORITY
            || lx.keywords[t] == Keywords.HIGH_PRIORITY
            || lx.keywords[t] == Keywords.DELAYED
            || lx.keywords[t] == Keywords.IGNORE)) {
      t = tr.nextSignificant(t + 1);
    }
    boolean into = keyword(t, to) == Keywords.INTO;
    if (into) {
      t = tr.nextSignificant(t + 1);
    }
    int table = t;
    int tableEnd = nameEnd(table, to);
    if (tableEnd < 0) {
      return false;
    }
    int set = tr.nextSignificant(tableEnd);
    if (keyword(set, to) != Keywords.SET) {
      return false;
    }
    List<Assignment> list = assignments(set + 1, to, false, Keywords.ON, Keywords.RETURNING);
    if (list == null) {
      return false;
    }
    int tail = list.get(list.size() - 1).valueEnd;
    if (tail < to
        && lx.keywords[tail] == Keywords.ON
        && keyword(tr.nextSignificant(tail + 1), to) != Keywords.DUPLICATE) {
      return false;
    }
    tr.copy(from, table);
    if (!into) {
      tr.out.append(lx.sql, tr.copied, lx.starts[table]);
      tr.copied = lx.starts[table];
      tr.emit(styled("INTO ", head));
    }
    tr.copy(table, set);
    tr.emit(" (");
    for (int i = 0; i < list.size(); i++) {
      tr.emit(i == 0 ? "" : ", ");
      identifier(list.get(i).column);
    }
    tr.emit(") " + styled("VALUES", set) + " (");
    int last = -1;
    for (int i = 0; i < list.size(); i++) {
      Assignment a = list.get(i);
      tr.emit(i == 0 ? "" : ", ");
      last = lastSignificant(a.equals + 1, a.valueEnd);
      argument(a.equals + 1, i == list.size() - 1 ? last + 1 : a.valueEnd);
    }
    tr.emit(")");
    tr.copied = lx.ends[last];
    tr.copy(last + 1, to);
    return true;
  }

  /** Appends the identifier at {@code t} in PostgreSQL's quoting. */
  private void identifier(int t) {
    if (lx.types[t] == QUOTED_IDENT) {
      tr.quoteIdentifier(lx.starts[t], lx.ends[t]);
    } else {
      tr.out.append(lx.sql, lx.starts[t], lx.ends[t]);
    }
  }

  /** A table reference {@code name [[AS] alias]}: its tokens and the name it is known by. */
  private record TableRef(int start, int end, int qualifier) {}

  /** The table reference at {@code t}, or null. */
  private TableRef tableRef(int t, int to) {
    int nameEnd = nameEnd(t, to);
    if (nameEnd < 0) {
      return null;
    }
    int next = tr.nextSignificant(nameEnd);
    if (keyword(next, to) == Keywords.AS) {
      next = tr.nextSignificant(next + 1);
      return isName(next, to) ? new TableRef(t, next + 1, next) : null;
    }
    if (isName(next, to)) {
      return new TableRef(t, next + 1, next);
    }
    return new TableRef(t, nameEnd, nameEnd - 1);
  }

  /**
   * {@code UPDATE t SET ... [WHERE w] [ORDER BY o] LIMIT n} and {@code DELETE FROM t [WHERE w]
   * [ORDER BY o] LIMIT n}: the rows picked by a sub-select of {@code (tableoid, ctid)}, which
   * PostgreSQL finds by a TID scan, locked FOR UPDATE. {@code tableoid} because a ctid is unique
   * only within one partition or inherited table.
   */
  private boolean limited(int from, int head, int to, boolean delete) {
    int t = tr.nextSignificant(head + 1);
    if (delete) {
      if (keyword(t, to) != Keywords.FROM) {
        return false;
      }
      t = tr.nextSignificant(t + 1);
    }
    TableRef ref = tableRef(t, to);
    if (ref == null) {
      return false;
    }
    int next = tr.nextSignificant(ref.end);
    int clauses = next;
    if (!delete) {
      if (keyword(next, to) != Keywords.SET) {
        return false;
      }
      clauses = next + 1;
    }
    int where = -1;
    int order = -1;
    int limit = -1;
    int depth = 0;
    for (int i = clauses; i < to && limit < 0; i++) {
      int type = lx.types[i];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (depth == 0 && type == WORD) {
        int k = lx.keywords[i];
        if (k == Keywords.WHERE && where < 0 && order < 0) {
          where = i;
        } else if (k == Keywords.ORDER && order < 0 && keyword(i + 1, to) == Keywords.BY) {
          order = i;
        } else if (k == Keywords.LIMIT) {
          limit = i;
        }
      }
    }
    if (limit < 0 || depth != 0) {
      return false;
    }
    int clause = where >= 0 ? where : order >= 0 ? order : limit;
    if (delete && clause != next) {
      return false;
    }
    int value = tr.nextSignificant(limit + 1);
    if (value >= to || !(lx.types[value] == PARAM || isInteger(value))) {
      return false;
    }
    int after = tr.nextSignificant(value + 1);
    if (after < to && !(delete && lx.keywords[after] == Keywords.RETURNING)) {
      return false;
    }
    tr.copy(from, clause);
    tr.out.append(lx.sql, tr.copied, lx.starts[clause]);
    tr.copied = lx.starts[clause];
    tr.emit(styled("WHERE " + LimitedWriteKeys.PICKED_BY_CTID, head));
    argument(ref.start, ref.end);
    tr.emit(" ");
    argument(clause, value + 1);
    // Locked as picked: a row a concurrent transaction updates meanwhile gets a new ctid, and the
    // outer statement, rechecking the new version, would no longer find it among the picked ctids
    // (fewer rows changed than MariaDB changes). FOR UPDATE waits for that transaction and returns
    // the version that stays.
    tr.emit(styled(" FOR UPDATE)", head));
    tr.copy(value + 1, to);
    return true;
  }

  /**
   * {@code UPDATE a [INNER] JOIN b ON c SET a.x = ... [WHERE w]} (or {@code UPDATE a, b SET ...}):
   * {@code UPDATE a SET x = ... FROM b WHERE (c) AND (w)}. Every assigned column must be qualified
   * with the same one of the two tables; not rewritten when both the join condition and the
   * assignments hold parameters, which would swap their order.
   */
  private boolean updateJoin(int from, int head, int to) {
    Join join = join(tr.nextSignificant(head + 1), to, Keywords.SET);
    if (join == null) {
      return false;
    }
    List<Assignment> list = assignments(join.next + 1, to, true, Keywords.WHERE);
    if (list == null) {
      return false;
    }
    TableRef target = null;
    for (Assignment a : list) {
      TableRef r = join.named(a.qualifier);
      if (r == null || (target != null && r != target)) {
        return false;
      }
      target = r;
    }
    TableRef other = target == join.left ? join.right : join.left;
    int whereWord = list.get(list.size() - 1).valueEnd;
    boolean hasWhere = whereWord < to;
    int where = hasWhere ? tr.nextSignificant(whereWord + 1) : to;
    if (hasWhere && where >= to) {
      return false;
    }
    int end = lastSignificant(from, to) + 1;
    if (join.conditionStart >= 0
        && hasParameter(join.conditionStart, join.conditionEnd)
        && hasParameter(join.next, whereWord)) {
      return false;
    }
    tr.copy(from, head + 1);
    tr.emit(" ");
    argument(target.start, target.end);
    tr.emit(" " + styled("SET", head) + " ");
    for (int i = 0; i < list.size(); i++) {
      Assignment a = list.get(i);
      tr.emit(i == 0 ? "" : ", ");
      identifier(a.column);
      tr.copied = lx.ends[a.column];
      // Comments before WHERE stay; after the last assignment without WHERE they end the text.
      tr.copy(a.equals, i < list.size() - 1 || hasWhere ? a.valueEnd : end);
    }
    tr.emit(" " + styled("FROM", head) + " ");
    argument(other.start, other.end);
    where(head, join, where, end, hasWhere);
    // The tables were emitted out of order: the rest is what follows the last of them.
    tr.copied = lx.ends[end - 1];
    tr.copy(end, to);
    return true;
  }

  /**
   * {@code DELETE a FROM a [INNER] JOIN b ON c [WHERE w]} (or {@code FROM a, b}): {@code DELETE
   * FROM a USING b WHERE (c) AND (w)}.
   */
  private boolean deleteJoin(int from, int head, int to) {
    int target = tr.nextSignificant(head + 1);
    if (!isName(target, to)) {
      return false;
    }
    int t = tr.nextSignificant(target + 1);
    if (t + 1 < to && lx.types[t] == DOT && lx.isChar(t + 1, '*')) {
      t = tr.nextSignificant(t + 2);
    }
    if (keyword(t, to) != Keywords.FROM) {
      return false;
    }
    if (deleteAliased(from, head, target, t, to)) {
      return true;
    }
    Join join = join(tr.nextSignificant(t + 1), to, Keywords.WHERE);
    if (join == null) {
      return false;
    }
    TableRef deleted = join.named(target);
    if (deleted == null) {
      return false;
    }
    TableRef other = deleted == join.left ? join.right : join.left;
    boolean hasWhere = join.next < to;
    int where = hasWhere ? tr.nextSignificant(join.next + 1) : to;
    if (hasWhere && where >= to) {
      return false;
    }
    int end = lastSignificant(from, to) + 1;
    tr.copy(from, head + 1);
    tr.emit(" " + styled("FROM", head) + " ");
    argument(deleted.start, deleted.end);
    tr.emit(" " + styled("USING", head) + " ");
    argument(other.start, other.end);
    where(head, join, where, end, hasWhere);
    // The tables were emitted out of order: the rest is what follows the last of them.
    tr.copied = lx.ends[end - 1];
    tr.copy(end, to);
    return true;
  }

  /**
   * {@code DELETE x FROM t [AS] x [WHERE w]}, MySQL's multi-table form naming one table
   * (Hibernate's MySQL and MariaDB dialects write every bulk JPQL {@code delete} so): {@code DELETE
   * FROM t [AS] x [WHERE w]}. PostgreSQL refused the name before {@code FROM}. The target must be
   * the one table's alias, or its name when it has none; MySQL allows no {@code ORDER BY} or {@code
   * LIMIT} here.
   */
  private boolean deleteAliased(int from, int head, int target, int fromWord, int to) {
    TableRef ref = tableRef(tr.nextSignificant(fromWord + 1), to);
    // With case: MariaDB 10.11 (lower_case_table_names 0) refuses DELETE T FROM t and DELETE X
    // FROM t x ("Unknown table 'T' in MULTI DELETE"), which PostgreSQL would run as DELETE FROM t.
    if (ref == null || !exactName(target).equals(exactName(ref.qualifier))) {
      return false;
    }
    int next = tr.nextSignificant(ref.end);
    if (next < to
        && (keyword(next, to) != Keywords.WHERE
            || topLevel(next + 1, to, Keywords.ORDER) >= 0
            || topLevel(next + 1, to, Keywords.LIMIT) >= 0)) {
      return false;
    }
    tr.copy(from, head + 1);
    // The target (and a `.*` after it) is dropped; the rest is copied from FROM on.
    tr.copied = lx.ends[tr.previousSignificant(fromWord)];
    tr.copy(fromWord, to);
    return true;
  }

  /** Appends {@code WHERE (condition) AND (where)}, or whichever of the two there is. */
  private void where(int head, Join join, int where, int whereEnd, boolean hasWhere) {
    boolean condition = join.conditionStart >= 0;
    if (condition || hasWhere) {
      tr.emit(" " + styled("WHERE", head) + " ");
    }
    if (condition) {
      tr.emit("(");
      argument(join.conditionStart, join.conditionEnd);
      tr.emit(")");
    }
    if (condition && hasWhere) {
      tr.emit(" " + styled("AND", head) + " (");
      argument(where, whereEnd);
      tr.emit(")");
    } else if (hasWhere) {
      argument(where, whereEnd);
    }
  }

  /** Two tables joined by {@code [INNER] JOIN ... ON} or a comma, up to the word {@code next}. */
  private final class Join {
    final TableRef left;
    final TableRef right;
    final int conditionStart;
    final int conditionEnd;
    final int next;

    Join(TableRef left, TableRef right, int conditionStart, int conditionEnd, int next) {
      this.left = left;
      this.right = right;
      this.conditionStart = conditionStart;
      this.conditionEnd = conditionEnd;
      this.next = next;
    }

    /** The table the name at {@code t} refers to, when exactly one of the two. */
    TableRef named(int t) {
      boolean l = sameName(t, left.qualifier);
      boolean r = sameName(t, right.qualifier);
      return l == r ? null : l ? left : right;
    }
  }

  /**
   * The two tables joined at {@code t}, up to the top-level keyword {@code end} (its token in
   * {@link Join#next}; {@code to} when {@code end} is WHERE and there is none), or null for any
   * other shape: outer, natural or further joins, USING, ORDER BY or LIMIT.
   */
  private Join join(int t, int to, int end) {
    TableRef left = tableRef(t, to);
    if (left == null) {
      return null;
    }
    int next = tr.nextSignificant(left.end);
    boolean comma = next < to && lx.types[next] == COMMA;
    if (!comma) {
      if (keyword(next, to) == Keywords.INNER) {
        next = tr.nextSignificant(next + 1);
      }
      if (keyword(next, to) != Keywords.JOIN) {
        return null;
      }
    }
    TableRef right = tableRef(tr.nextSignificant(next + 1), to);
    if (right == null) {
      return null;
    }
    next = tr.nextSignificant(right.end);
    int conditionStart = -1;
    int conditionEnd = -1;
    if (!comma) {
      if (keyword(next, to) != Keywords.ON) {
        return null;
      }
      conditionStart = tr.nextSignificant(next + 1);
      next = topLevel(conditionStart, to, end);
      if (next < 0 && end == Keywords.WHERE) {
        next = to;
      }
      if (next < 0 || conditionStart >= next) {
        return null;
      }
      conditionEnd = lastSignificant(conditionStart, next) + 1;
      // A third table, or ORDER BY / LIMIT, which a multi-table statement does not allow.
      int[] notInCondition = {
        Keywords.JOIN,
        Keywords.INNER,
        Keywords.LEFT,
        Keywords.RIGHT,
        Keywords.CROSS,
        Keywords.NATURAL,
        Keywords.STRAIGHT_JOIN,
        Keywords.ON,
        Keywords.USING,
        Keywords.ORDER,
        Keywords.LIMIT
      };
      for (int k : notInCondition) {
        if (topLevel(conditionStart, conditionEnd, k) >= 0) {
          return null;
        }
      }
    } else if (next < to ? keyword(next, to) != end : end != Keywords.WHERE) {
      return null;
    }
    if (next < to
        && (topLevel(next + 1, to, Keywords.ORDER) >= 0
            || topLevel(next + 1, to, Keywords.LIMIT) >= 0)) {
      return null;
    }
    return new Join(left, right, conditionStart, conditionEnd, next);
  }

  /** The first token in {@code [from, to)} that is the keyword {@code k} outside parentheses. */
  private int topLevel(int from, int to, int k) {
    int depth = 0;
    for (int i = from; i < to; i++) {
      int type = lx.types[i];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (depth == 0 && type == WORD && lx.keywords[i] == k) {
        return i;
      }
    }
    return -1;
  }

  private boolean hasParameter(int from, int to) {
    for (int i = from; i < to; i++) {
      if (lx.types[i] == PARAM) {
        return true;
      }
    }
    return false;
  }

  private boolean sameName(int a, int b) {
    return unquoted(a).equals(unquoted(b));
  }

  /** The name at {@code t}, unquoted, with its case. */
  private String exactName(int t) {
    StringBuilder b = new StringBuilder();
    if (lx.types[t] == QUOTED_IDENT) {
      Fingerprint.appendUnquoted(b, lx.sql, lx.starts[t], lx.ends[t]);
    } else {
      b.append(lx.text(t));
    }
    return b.toString();
  }

  private String unquoted(int t) {
    StringBuilder b = new StringBuilder();
    if (lx.types[t] == QUOTED_IDENT) {
      Fingerprint.appendUnquoted(b, lx.sql, lx.starts[t], lx.ends[t]);
    } else {
      b.append(lx.text(t).toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- tokens

  /** The end of the (possibly schema-qualified) name at {@code t}, or -1. */
  private int nameEnd(int t, int to) {
    if (!isName(t, to)) {
      return -1;
    }
    int end = t + 1;
    while (end + 1 < to && lx.types[end] == DOT && isName(end + 1, to)) {
      end += 2;
    }
    return end;
  }

  private int lastSignificant(int from, int to) {
    int last = from;
    for (int i = from; i < to; i++) {
      if (!tr.isComment(i)) {
        last = i;
      }
    }
    return last;
  }

  private boolean isName(int t, int to) {
    if (t < 0 || t >= to) {
      return false;
    }
    int type = lx.types[t];
    return type == QUOTED_IDENT || (type == WORD && !Keywords.reserved(lx.keywords[t]));
  }

  private int keyword(int t, int to) {
    return t >= 0 && t < to && lx.types[t] == WORD ? lx.keywords[t] : -1;
  }

  private boolean isInteger(int t) {
    if (lx.types[t] != NUMBER) {
      return false;
    }
    for (int i = lx.starts[t]; i < lx.ends[t]; i++) {
      if (!SqlLexer.isDigit(lx.sql.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
