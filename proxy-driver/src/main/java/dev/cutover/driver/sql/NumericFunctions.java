package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.List;
import java.util.Locale;

/**
 * MySQL's numeric and hashing functions whose PostgreSQL namesake is missing or answers otherwise
 * for the type of its argument: a pass over the translated (PostgreSQL) text, as the argument's
 * type is read from the side's catalog for a column (in the table its qualifier names, or the one
 * type every table of the statement that has it gives it), from the literal otherwise, and from the
 * operands of arithmetic over such columns and literals (a double or real operand makes it a
 * double, as in both engines). Measured on MariaDB 10.11 against PostgreSQL 15:
 *
 * <ul>
 *   <li>{@code TRUNCATE(x, d)} (no such PostgreSQL function): a decimal is cut to {@code d} places
 *       ({@code d} below 0 cuts whole digits: {@code TRUNCATE(1299.99, -2)} is 1200), as {@code
 *       trunc(x, d)}; an integer column stays its integer type; a double (and a real, and a string,
 *       which MariaDB reads as a double) is {@code floor(x * 10^d) / 10^d} in double arithmetic
 *       (towards zero for a negative), so {@code TRUNCATE(0.29e0, 2)} is 0.28, computed the same
 *       way with PostgreSQL's {@code trunc(double precision)}.
 *   <li>{@code ROUND(x, d)} of a double, real or string (PostgreSQL has no {@code round(double
 *       precision, integer)}, and reads {@code '12.345'} as a numeric): MariaDB computes {@code
 *       rint(x * 10^d) / 10^d} (rint rounds a half to even) in double arithmetic, so {@code
 *       ROUND(2.5e0)} is 2, {@code ROUND(0.125e0, 2)} 0.12 and {@code ROUND(2.675e0, 2)} 2.68
 *       (2.675 * 100 is 267.5 in doubles); PostgreSQL's {@code round(double precision)} is rint
 *       too. A decimal or integer rounds half away from zero in both and is left as it is.
 *   <li>{@code FORMAT(x, d)} ({@code '1,234,567.89'}; PostgreSQL's {@code format} is printf-like):
 *       {@code to_char} of the value rounded as {@code ROUND} rounds it (half away from zero for a
 *       decimal, as above for a double or string), with a comma every three digits, {@code d}
 *       places (below 0 as 0, above 38 as 38), no sign on a zero ({@code FORMAT(-0.004, 2)} is
 *       {@code '0.00'}). A third argument other than {@code 'en_US'} is left as it is.
 *   <li>{@code HEX(x)}: of an integer its two's complement in 64 bits ({@code HEX(-255)} is {@code
 *       FFFFFFFFFFFFFF01}); of a decimal the same of the integer it rounds to half away from zero;
 *       of a double the same of {@code x + 0.5} cut towards zero ({@code x - 0.5} when negative);
 *       of a string its UTF-8 bytes and of a {@code bytea} its bytes, in upper-case digits.
 *   <li>{@code UNHEX(s)}: the bytes, an odd count of digits read with a 0 before ({@code
 *       UNHEX('414')} is 0x0414), NULL for anything but hexadecimal digits (PostgreSQL's {@code
 *       decode} refuses both); for an expression or parameter {@code decode(s, 'hex')}, right for
 *       the common case of an even count of digits.
 *   <li>{@code SHA2(x, n)} for n 224, 256 (or 0), 384 and 512: PostgreSQL 11's {@code sha256} and
 *       its siblings, in lower-case digits. {@code SHA1} is left as it is (PostgreSQL has it only
 *       in pgcrypto, which may not be installed), as is {@code MD5} of a string or {@code bytea},
 *       which answers the same.
 *   <li>{@code LPAD}, {@code RPAD}, {@code LEFT}, {@code RIGHT}, {@code REPEAT}, {@code REVERSE},
 *       {@code SUBSTR}, {@code MD5} and other text functions given a number (PostgreSQL has no
 *       {@code lpad(integer, ...)}): the number as text, which is the same text in both for an
 *       integer and a decimal (with its scale, {@code '12.50'}), and for a double from 1e-4 to 1e15
 *       ({@code '0.3333333333333333'}); a boolean (MySQL's {@code TINYINT(1)}) as 1 or 0. A real is
 *       left: MariaDB prints a {@code FLOAT} with six digits ({@code 3.3}), PostgreSQL with all of
 *       them ({@code 3.3000002}). A {@code bytea} is never cast to text, which would change it.
 *   <li>{@code CRC32(x)}, {@code TO_BASE64(x)}, {@code BIT_LENGTH(x)} of the bytes {@code SHA2}
 *       reads: zlib's CRC-32 (PostgreSQL has none without an extension) folded a byte a step in a
 *       recursive query, a {@code BIGINT}; {@code encode(b, 'base64')} without the newline
 *       PostgreSQL ends a last full line of 76 characters with; {@code bit_length} as a {@code
 *       BIGINT}, MariaDB's type.
 *   <li>{@code BIN(n)} and {@code OCT(n)} of an integer: its binary or octal digits, two's
 *       complement in 64 bits when negative; {@code OCT} only of a column or literal, written once
 *       per digit.
 * </ul>
 *
 * Anything else (an argument of unknown type where the type decides, a count of places that is not
 * a literal) is left as it is, so PostgreSQL refuses what it cannot answer the same, except {@code
 * TRUNCATE(x, d)} of an unknown {@code x}, which becomes {@code trunc(x, d)}: right for the common
 * decimal, refused by PostgreSQL for a double.
 */
public final class NumericFunctions {
  private NumericFunctions() {}

  /** CRC-32 (the polynomial 0xEDB88320, reflected) of each byte value, as MariaDB's zlib has it. */
  private static final String CRC_TABLE =
      ""
          + "0,1996959894,3993919788,2567524794,124634137,1886057615,3915621685,2657392035,"
          + "249268274,2044508324,3772115230,2547177864,162941995,2125561021,3887607047,2428444049,"
          + "498536548,1789927666,4089016648,2227061214,450548861,1843258603,4107580753,2211677639,"
          + "325883990,1684777152,4251122042,2321926636,335633487,1661365465,4195302755,2366115317,"
          + "997073096,1281953886,3579855332,2724688242,1006888145,1258607687,3524101629,2768942443,"
          + "901097722,1119000684,3686517206,2898065728,853044451,1172266101,3705015759,2882616665,"
          + "651767980,1373503546,3369554304,3218104598,565507253,1454621731,3485111705,3099436303,"
          + "671266974,1594198024,3322730930,2970347812,795835527,1483230225,3244367275,3060149565,"
          + "1994146192,31158534,2563907772,4023717930,1907459465,112637215,2680153253,3904427059,"
          + "2013776290,251722036,2517215374,3775830040,2137656763,141376813,2439277719,3865271297,"
          + "1802195444,476864866,2238001368,4066508878,1812370925,453092731,2181625025,4111451223,"
          + "1706088902,314042704,2344532202,4240017532,1658658271,366619977,2362670323,4224994405,"
          + "1303535960,984961486,2747007092,3569037538,1256170817,1037604311,2765210733,3554079995,"
          + "1131014506,879679996,2909243462,3663771856,1141124467,855842277,2852801631,3708648649,"
          + "1342533948,654459306,3188396048,3373015174,1466479909,544179635,3110523913,3462522015,"
          + "1591671054,702138776,2966460450,3352799412,1504918807,783551873,3082640443,3233442989,"
          + "3988292384,2596254646,62317068,1957810842,3939845945,2647816111,81470997,1943803523,"
          + "3814918930,2489596804,225274430,2053790376,3826175755,2466906013,167816743,2097651377,"
          + "4027552580,2265490386,503444072,1762050814,4150417245,2154129355,426522225,1852507879,"
          + "4275313526,2312317920,282753626,1742555852,4189708143,2394877945,397917763,1622183637,"
          + "3604390888,2714866558,953729732,1340076626,3518719985,2797360999,1068828381,1219638859,"
          + "3624741850,2936675148,906185462,1090812512,3747672003,2825379669,829329135,1181335161,"
          + "3412177804,3160834842,628085408,1382605366,3423369109,3138078467,570562233,1426400815,"
          + "3317316542,2998733608,733239954,1555261956,3268935591,3050360625,752459403,1541320221,"
          + "2607071920,3965973030,1969922972,40735498,2617837225,3943577151,1913087877,83908371,"
          + "2512341634,3803740692,2075208622,213261112,2463272603,3855990285,2094854071,198958881,"
          + "2262029012,4057260610,1759359992,534414190,2176718541,4139329115,1873836001,414664567,"
          + "2282248934,4279200368,1711684554,285281116,2405801727,4167216745,1634467795,376229701,"
          + "2685067896,3608007406,1308918612,956543938,2808555105,3495958263,1231636301,1047427035,"
          + "2932959818,3654703836,1088359270,936918000,2847714899,3736837829,1202900863,817233897,"
          + "3183342108,3401237130,1404277552,615818150,3134207493,3453421203,1423857449,601450431,"
          + "3009837614,3294710456,1567103746,711928724,3020668471,3272380065,1510334235,755167117";

  /** What an argument is, for choosing a rewrite. */
  private enum Kind {
    INTEGER,
    DECIMAL,
    DOUBLE,
    REAL,
    BOOLEAN,
    /** A text column or expression. */
    TEXT,
    /** A string literal: a double to MariaDB's numeric functions. */
    STRING,
    BYTEA,
    NULL,
    UNKNOWN
  }

  /**
   * An argument: its kind, its PostgreSQL column type when it is a column ({@code integer}), and
   * whether it may be written more than once (a column or a literal: no parameter, no call).
   */
  private record Arg(Kind kind, String columnType, boolean plain) {}

  private static final String[] NAMES = {
    "truncate",
    "round",
    "format",
    "hex",
    "unhex",
    "sha2",
    "md5",
    "bin",
    "crc32",
    "to_base64",
    "bit_length",
    "oct",
    "lpad",
    "rpad",
    "left",
    "right",
    "repeat",
    "reverse",
    "substr",
    "substring",
    "upper",
    "lower",
    "replace",
    "char_length",
    "character_length",
    "octet_length",
    "length"
  };

  /** {@code sql} (PostgreSQL) with such calls rewritten; the statement's {@code tables}. */
  public static String rewrite(String sql, List<String> tables, BooleanLiterals.Types types)
      throws java.sql.SQLException {
    if (!mayHold(sql)) {
      return sql;
    }
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    if (lx.count == 0) {
      return sql;
    }
    NumericFunctions.Pass pass = new Pass(lx, tables, types);
    return pass.range(0, lx.count);
  }

  /** Whether {@code sql} names one of the functions before a parenthesis, without lexing it. */
  private static boolean mayHold(String sql) {
    String lower = sql.toLowerCase(Locale.ROOT);
    for (String name : NAMES) {
      if (lower.contains(name + "(")) {
        return true;
      }
    }
    return false;
  }

  /** One statement's rewrite. */
  private static final class Pass {
    private final SqlLexer lx;
    private final List<String> tables;
    private final BooleanLiterals.Types types;
    private final TableAliases aliases;

    /**
     * The derived tables and CTEs of the statement: each one's parentheses, then the column names
     * it gives, or no names for one that selects {@code *}, which may give any.
     */
    private final List<Derived> derived;

    /** A derived table's or CTE's parentheses, and its columns' names; null for any. */
    private record Derived(int open, int close, java.util.Set<String> names) {}

    Pass(SqlLexer lx, List<String> tables, BooleanLiterals.Types types) {
      this.lx = lx;
      this.tables = tables;
      this.types = types;
      this.aliases = TableAliases.of(lx, tables);
      this.derived = derivedTables();
    }

    /**
     * The statement's derived tables ({@code FROM (SELECT i AS w ...) s}) and CTEs ({@code WITH s
     * AS (SELECT ...)}, {@code WITH s(w) AS ...}): outside its parentheses an unqualified {@code w}
     * may name its column, not the column of that name in a table.
     */
    private List<Derived> derivedTables() {
      List<Derived> found = new java.util.ArrayList<>();
      for (int p = 1; p + 1 < lx.count; p++) {
        if (lx.types[p] != LPAREN
            || !lx.isWord(p + 1, "select")
            || !(lx.types[p - 1] == COMMA
                || lx.types[p - 1] == LPAREN
                || lx.keywords[p - 1] == Keywords.FROM
                || lx.keywords[p - 1] == Keywords.JOIN
                || lx.keywords[p - 1] == Keywords.AS
                || lx.isWord(p - 1, "lateral"))) {
          continue;
        }
        int close = lx.closing(p, lx.count);
        if (close < 0) {
          close = lx.count;
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        if (!selectedNames(p + 1, close, names)) {
          names = null;
        }
        // WITH s(a, b) AS (SELECT ...) and (SELECT ...) AS s(a, b).
        if (names != null
            && lx.keywords[p - 1] == Keywords.AS
            && p >= 2
            && lx.types[p - 2] == RPAREN) {
          int depth = 0;
          for (int t = p - 2; t >= 0; t--) {
            depth += lx.types[t] == RPAREN ? 1 : lx.types[t] == LPAREN ? -1 : 0;
            if (depth == 0) {
              break;
            }
            if (isName(t)) {
              names.add(TableAliases.name(lx, t));
            }
          }
        }
        int list = close + 1;
        if (list < lx.count && lx.keywords[list] == Keywords.AS) {
          list++;
        }
        if (names != null && list + 1 < lx.count && isName(list) && lx.types[list + 1] == LPAREN) {
          int end = lx.closing(list + 1, lx.count);
          for (int t = list + 2; t < end; t++) {
            if (isName(t)) {
              names.add(TableAliases.name(lx, t));
            }
          }
        }
        found.add(new Derived(p, close, names));
      }
      return found;
    }

    /**
     * Adds to {@code names} the name of each item of the select lists in tokens {@code [from, to)}
     * at their top level (each branch of a UNION): its alias, or a column's name; false for a
     * {@code *}.
     */
    private boolean selectedNames(int from, int to, java.util.Set<String> names) {
      int depth = 0;
      boolean inList = false;
      int item = -1;
      for (int t = from; t <= to; t++) {
        boolean end = t == to;
        if (!end && depth == 0 && lx.keywords[t] == Keywords.SELECT) {
          inList = true;
          item = t + 1;
          continue;
        }
        if (!end) {
          if (lx.types[t] == LPAREN) {
            depth++;
            continue;
          }
          if (lx.types[t] == RPAREN) {
            depth--;
            continue;
          }
        }
        boolean endsItem =
            end
                || depth == 0
                    && (lx.types[t] == COMMA
                        || lx.keywords[t] == Keywords.FROM
                        || lx.isWord(t, "union")
                        || lx.isWord(t, "where"));
        if (!inList || !endsItem) {
          continue;
        }
        if (item < t) {
          int last = t - 1;
          if (lx.types[last] == OPERATOR && lx.isChar(last, '*')) {
            return false;
          }
          if (isName(last)) {
            names.add(TableAliases.name(lx, last));
          }
        }
        item = t + 1;
        if (lx.types[t] != COMMA) {
          inList = false;
        }
      }
      return true;
    }

    /** Whether the unqualified name at {@code t} may name a derived table's or CTE's column. */
    private boolean derivedColumn(int t) {
      String name = TableAliases.name(lx, t);
      for (Derived d : derived) {
        boolean inside = t > d.open() && t < d.close();
        if (!inside && (d.names() == null || d.names().contains(name))) {
          return true;
        }
      }
      return false;
    }

    /** The text of tokens {@code [from, to)} with the calls among them rewritten. */
    String range(int from, int to) throws java.sql.SQLException {
      StringBuilder out = new StringBuilder();
      int copied = lx.starts[from];
      for (int t = from; t < to; t++) {
        String name = callName(t, to);
        if (name == null) {
          continue;
        }
        int close = lx.closing(t + 1, to);
        if (close < 0) {
          continue;
        }
        int[] bounds = arguments(t + 1, close);
        String replacement = call(name, t + 1, bounds);
        if (replacement == null) {
          continue;
        }
        out.append(lx.sql, copied, lx.starts[t]).append(replacement);
        copied = lx.ends[close];
        t = close;
      }
      return out.append(lx.sql, copied, lx.ends[to - 1]).toString();
    }

    /** The lower-case name of the function called at {@code t}, or null. */
    private String callName(int t, int to) {
      if (lx.types[t] != WORD
          || t + 1 >= to
          || lx.types[t + 1] != LPAREN
          || lx.ends[t] != lx.starts[t + 1]
          || t > 0 && lx.types[t - 1] == DOT) {
        return null;
      }
      for (String name : NAMES) {
        if (lx.isWord(t, name)) {
          return name;
        }
      }
      return null;
    }

    /** The commas between the parentheses at {@code open} and {@code close}, then {@code close}. */
    private int[] arguments(int open, int close) {
      int n = 1;
      int depth = 0;
      for (int t = open + 1; t < close; t++) {
        depth += lx.types[t] == LPAREN ? 1 : lx.types[t] == RPAREN ? -1 : 0;
        if (depth == 0 && lx.types[t] == COMMA) {
          n++;
        }
      }
      int[] bounds = new int[n];
      int i = 0;
      depth = 0;
      for (int t = open + 1; t < close; t++) {
        depth += lx.types[t] == LPAREN ? 1 : lx.types[t] == RPAREN ? -1 : 0;
        if (depth == 0 && lx.types[t] == COMMA) {
          bounds[i++] = t;
        }
      }
      bounds[n - 1] = close;
      return bounds;
    }

    /** The rewrite of the call whose arguments end at {@code bounds}, or null to leave it. */
    private String call(String name, int open, int[] bounds) throws java.sql.SQLException {
      int first = open + 1;
      for (int i = 0; i < bounds.length; i++) {
        if ((i == 0 ? first : bounds[i - 1] + 1) >= bounds[i]) {
          // An empty argument, f() or f(a,): PostgreSQL's to judge.
          return null;
        }
      }
      Arg x = arg(first, bounds[0]);
      switch (name) {
        case "truncate":
          return bounds.length == 2 ? truncate(x, first, bounds) : null;
        case "round":
          return bounds.length <= 2 ? round(x, first, bounds) : null;
        case "format":
          return format(x, first, bounds);
        case "hex":
          return bounds.length == 1 ? hex(x, first, bounds[0]) : null;
        case "unhex":
          return bounds.length == 1 ? unhex(x, first, bounds[0]) : null;
        case "sha2":
          return bounds.length == 2 ? sha2(x, first, bounds) : null;
        case "crc32":
          return bounds.length == 1 ? crc32(x, first, bounds[0]) : null;
        case "to_base64":
          {
            // PostgreSQL ends a last line of 76 characters with a newline, MariaDB does not.
            String bytes = bounds.length == 1 ? bytes(x, first, bounds[0]) : null;
            return bytes == null ? null : "rtrim(encode(" + bytes + ", 'base64'), chr(10))";
          }
        case "bit_length":
          {
            // A BIGINT in MariaDB, an integer in PostgreSQL; a number as its text.
            String bytes = bounds.length == 1 ? bytes(x, first, bounds[0]) : null;
            return bytes == null ? null : "CAST(bit_length(" + bytes + ") AS BIGINT)";
          }
        case "oct":
          return bounds.length == 1 && x.kind() == Kind.INTEGER && x.plain()
              ? oct(range(first, bounds[0]))
              : null;
        case "bin":
          return bounds.length == 1 && x.kind() == Kind.INTEGER
              ? "substring(CAST(CAST(CAST("
                  + range(first, bounds[0])
                  + " AS BIGINT) AS BIT(64)) AS TEXT) FROM '1[01]*$|0$')"
              : null;
        default:
          return textFunction(name, x, first, bounds);
      }
    }

    /**
     * {@code OCT(n)} of an integer column or literal: its 64 bits in two's complement, three at a
     * time from the top (the first group has one), without leading zeros.
     */
    private static String oct(String value) {
      StringBuilder digits = new StringBuilder("substring(");
      for (int shift = 63; shift >= 0; shift -= 3) {
        digits.append(shift < 63 ? " || " : "");
        digits.append("CAST((CAST(").append(value).append(" AS BIGINT) >> ").append(shift);
        digits.append(") & ").append(shift == 63 ? 1 : 7).append(" AS TEXT)");
      }
      return digits.append(" FROM '[1-7][0-7]*$|0$')").toString();
    }

    /** {@code TRUNCATE(x, d)}. */
    private String truncate(Arg x, int first, int[] bounds) throws java.sql.SQLException {
      String value = range(first, bounds[0]);
      Integer d = places(bounds[0] + 1, bounds[1]);
      switch (x.kind()) {
        case DOUBLE:
        case REAL:
        case STRING:
          return d == null || Math.abs(d) > 18 ? null : doubleForm("trunc", value, d);
        case INTEGER:
          // MariaDB keeps an integer's type: an INT column, or a literal of up to 9 digits, is
          // read as an Integer, a BIGINT as a Long.
          // Integer arithmetic, ABS, MIN and MAX without a column's type are a BIGINT there.
          String integer = x.columnType();
          if (integer == null && !x.plain()) {
            integer = "bigint";
          } else if (integer == null) {
            int digits = value.length() - (value.startsWith("-") ? 1 : 0);
            integer = digits <= 9 ? "integer" : digits <= 18 ? "bigint" : null;
          }
          if (integer != null) {
            return "CAST(trunc("
                + value
                + ", "
                + range(bounds[0] + 1, bounds[1])
                + ") AS "
                + integer.toUpperCase(Locale.ROOT)
                + ")";
          }
          return "trunc(" + value + ", " + range(bounds[0] + 1, bounds[1]) + ")";
        case DECIMAL:
        case UNKNOWN:
        case NULL:
          // Unknown: a decimal in the common case; PostgreSQL refuses trunc(double, int).
          return "trunc(" + value + ", " + range(bounds[0] + 1, bounds[1]) + ")";
        default:
          return null;
      }
    }

    /**
     * {@code ROUND(x)} and {@code ROUND(x, d)} of a double, real or string; of an integer, which
     * MariaDB rounds to an integer type; of a decimal expression without a {@code d}.
     */
    private String round(Arg x, int first, int[] bounds) throws java.sql.SQLException {
      if (x.kind() == Kind.INTEGER) {
        return roundInteger(x, first, bounds);
      }
      if (x.kind() == Kind.DECIMAL && bounds.length == 1 && !x.plain()) {
        // SUM(i) is a bigint to PostgreSQL, whose round(bigint) is round(double precision).
        return "round(" + range(first, bounds[0]) + ", 0)";
      }
      boolean floating =
          x.kind() == Kind.DOUBLE || x.kind() == Kind.REAL || x.kind() == Kind.STRING;
      if (!floating) {
        return null;
      }
      String value = range(first, bounds[0]);
      if (bounds.length == 1) {
        // One argument: a column or arithmetic is a double to PostgreSQL too; a literal ('2.5',
        // -2.5e0) would be a numeric, rounded half away from zero.
        return x.columnType() == null && x.plain() ? doubleForm("round", value, 0) : null;
      }
      Integer d = places(bounds[0] + 1, bounds[1]);
      return d == null || Math.abs(d) > 18 ? null : doubleForm("round", value, d);
    }

    /**
     * {@code ROUND(i)}, {@code ROUND(i, d)} of an integer: MariaDB's is the integer's type (an
     * {@code INT} column's {@code ROUND(i, 2)} an {@code INT}), one wider for a negative {@code d}
     * ({@code ROUND(i, -1)} a {@code BIGINT}, of a {@code BIGINT} a decimal), a {@code BIGINT} for
     * arithmetic or a call; PostgreSQL's {@code round(integer)} is {@code round(double precision)},
     * which loses a {@code BIGINT}'s digits past 2^53, and {@code round(integer, integer)} a {@code
     * numeric}. Left for a {@code d} that is not a literal and for a literal or expression with a
     * negative one.
     */
    private String roundInteger(Arg x, int first, int[] bounds) throws java.sql.SQLException {
      Integer d = bounds.length == 1 ? Integer.valueOf(0) : places(bounds[0] + 1, bounds[1]);
      if (d == null) {
        return null;
      }
      String value = range(first, bounds[0]);
      String type = x.columnType();
      if (type != null && d < 0) {
        type = type.equals("smallint") ? "integer" : type.equals("integer") ? "bigint" : null;
      } else if (type == null && d < 0) {
        return null;
      } else if (type == null && x.plain()) {
        int digits = value.length() - (value.startsWith("-") ? 1 : 0);
        type = digits <= 9 ? "integer" : digits <= 18 ? "bigint" : null;
      } else if (type == null) {
        type = "bigint";
      }
      String places = bounds.length == 1 ? "0" : range(bounds[0] + 1, bounds[1]);
      String rounded = "round(" + value + ", " + places + ")";
      return type == null
          ? rounded
          : "CAST(" + rounded + " AS " + type.toUpperCase(Locale.ROOT) + ")";
    }

    /**
     * MariaDB's {@code my_double_round}: {@code f(x * 10^d) / 10^d}, or {@code f(x / 10^-d) *
     * 10^-d} for a negative {@code d}, in double arithmetic, {@code f} rint for ROUND and towards
     * zero for TRUNCATE; PostgreSQL's {@code round} and {@code trunc} of a double are those.
     */
    private static String doubleForm(String f, String value, int d) {
      String x = "CAST(" + value + " AS DOUBLE PRECISION)";
      // + 0 turns a negative zero (TRUNCATE(-0.29e0, 0)) into the 0 MariaDB prints.
      if (d == 0) {
        return "(" + f + "(" + x + ") + 0)";
      }
      String factor = "1" + "0".repeat(Math.abs(d));
      return d > 0
          ? "(" + f + "(" + x + " * " + factor + ") / " + factor + " + 0)"
          : "(" + f + "(" + x + " / " + factor + ") * " + factor + " + 0)";
    }

    /** {@code FORMAT(x, d)} and {@code FORMAT(x, d, 'en_US')}. */
    private String format(Arg x, int first, int[] bounds) throws java.sql.SQLException {
      if (bounds.length < 2 || bounds.length > 3) {
        return null;
      }
      Integer d = places(bounds[0] + 1, bounds[1]);
      if (d == null || bounds.length == 3 && !isEnUs(bounds[1] + 1, bounds[2])) {
        // PostgreSQL's format(text, ...) would answer a text column's value as it is: refused.
        return x.kind() == Kind.TEXT ? textAsDouble(first, bounds) : null;
      }
      int places = Math.max(0, Math.min(38, d));
      String value = range(first, bounds[0]);
      String rounded;
      switch (x.kind()) {
        case TEXT:
          // MariaDB reads the text as a double, as a string literal ('12' is 12.00); PostgreSQL
          // refuses a text that is no number, which MariaDB reads as 0 with a warning.
        case DOUBLE:
        case REAL:
        case STRING:
          // numeric of a double keeps 15 significant digits, which a rounded value has.
          rounded = "CAST(" + doubleForm("round", value, places) + " AS NUMERIC)";
          break;
        case INTEGER:
        case DECIMAL:
        case UNKNOWN:
        case NULL:
          // Rounded before to_char, so that a negative rounding to zero has no sign.
          rounded = "round(" + value + ", " + places + ")";
          break;
        default:
          return null;
      }
      // 66 digits before the point: every MariaDB DECIMAL; a longer double prints '#'s.
      StringBuilder pattern = new StringBuilder("'FM");
      pattern.append("999,".repeat(21)).append("990");
      if (places > 0) {
        pattern.append('.').append("0".repeat(places));
      }
      return "to_char(" + rounded + ", " + pattern.append('\'') + ")";
    }

    /** The call with its first argument, a text, cast to a double (which PostgreSQL refuses). */
    private String textAsDouble(int first, int[] bounds) throws java.sql.SQLException {
      StringBuilder out =
          new StringBuilder(lx.text(first - 2))
              .append("(CAST(")
              .append(range(first, bounds[0]))
              .append(" AS DOUBLE PRECISION)");
      for (int i = 1; i < bounds.length; i++) {
        out.append(lx.sql, lx.starts[bounds[i - 1]], lx.starts[bounds[i - 1] + 1]);
        out.append(range(bounds[i - 1] + 1, bounds[i]));
      }
      return out.append(')').toString();
    }

    /** Whether tokens {@code [from, to)} are the literal {@code 'en_US'}, in any case. */
    private boolean isEnUs(int from, int to) {
      return from + 1 == to
          && lx.types[from] == STRING
          && lx.text(from).equalsIgnoreCase("'en_US'");
    }

    /** {@code HEX(x)}. */
    private String hex(Arg x, int first, int close) throws java.sql.SQLException {
      String value = range(first, close);
      switch (x.kind()) {
        case INTEGER:
        case DECIMAL:
          // numeric to bigint rounds half away from zero, as MariaDB does for a decimal.
          return "upper(to_hex(CAST(" + value + " AS BIGINT)))";
        case BOOLEAN:
          return "upper(to_hex(CAST(" + value + " AS INTEGER)))";
        case DOUBLE:
        case REAL:
          // MariaDB adds 0.5 away from zero and cuts; a double to bigint would round to even.
          return x.plain()
              ? "upper(to_hex(CAST(trunc(CAST("
                  + value
                  + " AS DOUBLE PRECISION) + sign("
                  + value
                  + ") * 0.5) AS BIGINT)))"
              : null;
        case TEXT:
        case STRING:
          return "upper(encode(convert_to(" + value + ", 'UTF8'), 'hex'))";
        case BYTEA:
          return "upper(encode(" + value + ", 'hex'))";
        default:
          return null;
      }
    }

    /** {@code UNHEX(s)}. */
    private String unhex(Arg x, int first, int close) throws java.sql.SQLException {
      String value = range(first, close);
      switch (x.kind()) {
        case STRING:
          return unhexLiteral(first, close);
        case TEXT:
        case INTEGER:
          if (!x.plain()) {
            return "decode(" + value + ", 'hex')";
          }
          String s = x.kind() == Kind.INTEGER ? "CAST(" + value + " AS TEXT)" : value;
          return "CASE WHEN "
              + s
              + " ~ '^[0-9A-Fa-f]*$' THEN decode(lpad("
              + s
              + ", length("
              + s
              + ") + length("
              + s
              + ") % 2, '0'), 'hex') END";
        case NULL:
          return "CAST(NULL AS BYTEA)";
        case UNKNOWN:
          return "decode(" + value + ", 'hex')";
        default:
          return null;
      }
    }

    /** {@code UNHEX('41')}: the bytes, computed here; null for a literal that is not plain. */
    private String unhexLiteral(int first, int close) {
      if (first + 1 != close) {
        return null;
      }
      String text = lx.text(first);
      if (text.length() < 2 || text.charAt(0) != '\'' || text.charAt(text.length() - 1) != '\'') {
        return null;
      }
      String digits = text.substring(1, text.length() - 1);
      for (int i = 0; i < digits.length(); i++) {
        if (Character.digit(digits.charAt(i), 16) < 0) {
          // A quote or backslash lands here too: MariaDB answers NULL to any non-digit.
          return "CAST(NULL AS BYTEA)";
        }
      }
      if (digits.length() % 2 != 0) {
        digits = "0" + digits;
      }
      return "decode('" + digits + "', 'hex')";
    }

    /** {@code SHA2(x, n)}. */
    private String sha2(Arg x, int first, int[] bounds) throws java.sql.SQLException {
      Integer n = places(bounds[0] + 1, bounds[1]);
      if (n == null) {
        return null;
      }
      String f;
      switch (n) {
        case 0:
        case 256:
          f = "sha256";
          break;
        case 224:
          f = "sha224";
          break;
        case 384:
          f = "sha384";
          break;
        case 512:
          f = "sha512";
          break;
        default:
          return null;
      }
      String bytes = bytes(x, first, bounds[0]);
      return bytes == null ? null : "encode(" + f + "(" + bytes + "), 'hex')";
    }

    /**
     * The bytes MariaDB hashes or encodes for the argument at tokens {@code [first, close)}: a
     * {@code bytea} itself, text (and a parameter) in UTF-8, a number as its text; null for a value
     * whose text differs.
     */
    private String bytes(Arg x, int first, int close) throws java.sql.SQLException {
      String value = range(first, close);
      if (x.kind() == Kind.BYTEA) {
        return value;
      }
      if (quotient(x, first, close)) {
        return null;
      }
      String text = asText(x, value);
      if (text == null) {
        if (x.kind() != Kind.TEXT
            && x.kind() != Kind.STRING
            && x.kind() != Kind.UNKNOWN
            && x.kind() != Kind.NULL) {
          return null;
        }
        text = value;
      }
      return "convert_to(" + text + ", 'UTF8')";
    }

    /**
     * {@code CRC32(x)}: the table-driven CRC-32 of {@link #bytes}, a byte a step in a recursive
     * query (PostgreSQL has no CRC function without an extension); NULL for NULL.
     */
    private String crc32(Arg x, int first, int close) throws java.sql.SQLException {
      String bytes = bytes(x, first, close);
      return bytes == null
          ? null
          : "(SELECT (WITH RECURSIVE cutover_crc(i, r) AS (SELECT 0, CAST(4294967295 AS BIGINT)"
              + " UNION ALL SELECT i + 1, (r >> 8) # (CAST('{"
              + CRC_TABLE
              + "}' AS BIGINT[]))[((r # get_byte(cutover_bytes.b, i)) & 255) + 1] FROM"
              + " cutover_crc WHERE i < length(cutover_bytes.b)) SELECT r # 4294967295 FROM"
              + " cutover_crc WHERE i = length(cutover_bytes.b)) FROM (SELECT "
              + bytes
              + ") AS cutover_bytes(b))";
    }

    /**
     * A text function given a number first ({@code LPAD(id, 5, '0')}): the number as the text
     * MariaDB makes of it; null for any other first argument.
     */
    private String textFunction(String name, Arg x, int first, int[] bounds)
        throws java.sql.SQLException {
      String value = range(first, bounds[0]);
      String text = quotient(x, first, bounds[0]) ? null : asText(x, value);
      if (text == null) {
        return null;
      }
      StringBuilder out = new StringBuilder(lx.text(first - 2)).append('(').append(text);
      for (int i = 1; i < bounds.length; i++) {
        out.append(lx.sql, lx.starts[bounds[i - 1]], lx.starts[bounds[i - 1] + 1]);
        out.append(range(bounds[i - 1] + 1, bounds[i]));
      }
      return out.append(')').toString();
    }

    /**
     * Whether tokens {@code [from, to)} are a decimal quotient ({@code total / 3}), whose text
     * differs: MariaDB's has four places more than the dividend ({@code 411.516667}), PostgreSQL's
     * at least 16 digits ({@code 411.5166666666666667}).
     */
    private boolean quotient(Arg x, int from, int to) {
      if (x.kind() != Kind.DECIMAL || x.plain()) {
        return false;
      }
      for (int t = from; t < to; t++) {
        if (lx.types[t] == OPERATOR && lx.isChar(t, '/')) {
          return true;
        }
      }
      return false;
    }

    /**
     * {@code value} as the text MariaDB makes of it where a string is expected, when it is a number
     * or boolean whose PostgreSQL text is that; else null.
     */
    private static String asText(Arg x, String value) {
      switch (x.kind()) {
        case INTEGER:
        case DECIMAL:
          return "CAST(" + value + " AS TEXT)";
        case DOUBLE:
          // A double literal (1.5e0) is a numeric to PostgreSQL: printed as a double.
          return "CAST(CAST(" + value + " AS DOUBLE PRECISION) AS TEXT)";
        case BOOLEAN:
          return "CAST(CAST(" + value + " AS INTEGER) AS TEXT)";
        default:
          return null;
      }
    }

    /** A literal integer, {@code 2} or {@code -2}, at tokens {@code [from, to)}, else null. */
    private Integer places(int from, int to) {
      boolean negative = false;
      int t = from;
      if (t < to && lx.types[t] == OPERATOR && (lx.isChar(t, '-') || lx.isChar(t, '+'))) {
        negative = lx.isChar(t, '-');
        t++;
      }
      if (t + 1 != to || lx.types[t] != NUMBER) {
        return null;
      }
      String digits = lx.text(t);
      if (digits.isEmpty() || digits.length() > 9) {
        return null;
      }
      for (int i = 0; i < digits.length(); i++) {
        if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
          return null;
        }
      }
      int n = Integer.parseInt(digits);
      return negative ? -n : n;
    }

    /** The argument at tokens {@code [from, to)}. */
    private Arg arg(int from, int to) throws java.sql.SQLException {
      if (from + 1 == to) {
        int t = from;
        if (lx.types[t] == STRING) {
          // E'...' and $$...$$ are PostgreSQL's, never a translated MySQL literal.
          return new Arg(
              lx.sql.charAt(lx.starts[t]) == '\'' ? Kind.STRING : Kind.UNKNOWN, null, true);
        }
        if (lx.types[t] == NUMBER) {
          return new Arg(number(t), null, true);
        }
        if (lx.types[t] == WORD && lx.keywords[t] == Keywords.NULL) {
          return new Arg(Kind.NULL, null, true);
        }
      }
      if (from + 2 == to
          && lx.types[from] == OPERATOR
          && lx.isChar(from, '-')
          && lx.types[from + 1] == NUMBER) {
        return new Arg(number(from + 1), null, true);
      }
      if (from + 1 < to
          && lx.types[from] == WORD
          && lx.types[from + 1] == LPAREN
          && lx.closing(from + 1, to) == to - 1) {
        return callArg(from, from + 1, to - 1);
      }
      int end = nameEnd(from, to);
      if (end == to) {
        String type = type(end - 1);
        return new Arg(kind(type), type, true);
      }
      return new Arg(expression(from, to), null, false);
    }

    /**
     * The kind of arithmetic over columns and number literals ({@code price * 1.1}, {@code weight /
     * 3.0}): a double when an operand is a double or real, as both engines compute it; an integer
     * (a {@code BIGINT} in MariaDB) when every operand is an integer and none divides; a decimal
     * when every operand is an integer or decimal; unknown for anything else (a call, a cast).
     */
    private Kind expression(int from, int to) throws java.sql.SQLException {
      boolean floating = false;
      boolean integral = true;
      for (int t = from; t < to; t++) {
        int type = lx.types[t];
        if (type == LPAREN || type == RPAREN) {
          continue;
        }
        if (type == OPERATOR) {
          if (!(lx.isChar(t, '+') || lx.isChar(t, '-') || lx.isChar(t, '*') || lx.isChar(t, '/'))) {
            return Kind.UNKNOWN;
          }
          integral &= !lx.isChar(t, '/');
          continue;
        }
        if (type == NUMBER) {
          Kind k = number(t);
          if (k == Kind.UNKNOWN) {
            return Kind.UNKNOWN;
          }
          floating |= k == Kind.DOUBLE;
          integral &= k == Kind.INTEGER;
          continue;
        }
        int end = nameEnd(t, to);
        if (end == t + 1 && end < to && lx.types[end] == LPAREN) {
          // SUM(weight), AVG(weight) of a double are doubles in both engines.
          int close = lx.closing(end, to);
          Kind k = close < 0 ? Kind.UNKNOWN : callKind(t, end, close);
          if (k == Kind.DOUBLE || k == Kind.REAL) {
            floating = true;
          } else if (k != Kind.INTEGER && k != Kind.DECIMAL) {
            return Kind.UNKNOWN;
          }
          integral &= k == Kind.INTEGER;
          t = close;
          continue;
        }
        if (end < 0 || end < to && lx.types[end] == LPAREN) {
          return Kind.UNKNOWN;
        }
        Kind k = kind(type(end - 1));
        if (k == Kind.DOUBLE || k == Kind.REAL) {
          floating = true;
        } else if (k != Kind.INTEGER && k != Kind.DECIMAL) {
          return Kind.UNKNOWN;
        }
        integral &= k == Kind.INTEGER;
        t = end - 1;
      }
      return floating ? Kind.DOUBLE : integral ? Kind.INTEGER : Kind.DECIMAL;
    }

    /** The kind of the call at {@code t}, as {@link #callArg}. */
    private Kind callKind(int t, int open, int close) throws java.sql.SQLException {
      return callArg(t, open, close).kind();
    }

    /**
     * The call at {@code t} when its value has its first argument's type: {@code SUM(weight)},
     * {@code AVG}, {@code MIN}, {@code MAX}, {@code ABS} of a double are doubles in both engines,
     * as are {@code ROUND} and {@code TRUNCATE} of one; {@code MIN} and {@code MAX} keep a column's
     * type; of an integer {@code ABS} is a {@code BIGINT} and {@code SUM} a decimal in MariaDB, and
     * {@code AVG} of an integer or decimal a decimal with four more places, unknown here; {@code
     * UNHEX} is bytes, {@code HEX}, {@code MD5} and a few others text; else unknown.
     */
    private Arg callArg(int t, int open, int close) throws java.sql.SQLException {
      boolean same =
          lx.isWord(t, "sum")
              || lx.isWord(t, "avg")
              || lx.isWord(t, "min")
              || lx.isWord(t, "max")
              || lx.isWord(t, "abs")
              || lx.isWord(t, "round")
              || lx.isWord(t, "truncate");
      if (lx.isWord(t, "unhex")) {
        return new Arg(Kind.BYTEA, null, false);
      }
      if (lx.isWord(t, "hex")
          || lx.isWord(t, "md5")
          || lx.isWord(t, "sha2")
          || lx.isWord(t, "lpad")
          || lx.isWord(t, "rpad")
          || lx.isWord(t, "concat")
          || lx.isWord(t, "upper")
          || lx.isWord(t, "lower")) {
        return new Arg(Kind.TEXT, null, false);
      }
      if (lx.isWord(t, "cast")) {
        // CAST(x AS INTEGER), which the translation writes for MONTH(d), YEAR(d), CAST(x AS
        // SIGNED), ...: the type it names (LPAD(MONTH(d), 2, '0') then casts it to text).
        int as = -1;
        int depth = 0;
        for (int i = open + 1; i < close; i++) {
          if (lx.types[i] == LPAREN) {
            depth++;
          } else if (lx.types[i] == RPAREN) {
            depth--;
          } else if (depth == 0 && lx.isWord(i, "as")) {
            as = i;
          }
        }
        return as < 0 || as + 1 >= close
            ? new Arg(Kind.UNKNOWN, null, false)
            : new Arg(
                kind(lx.sql.substring(lx.starts[as + 1], lx.ends[close - 1]).strip()), null, false);
      }
      int end = !same || close == open + 1 ? open + 1 : arguments(open, close)[0];
      if (end == open + 1) {
        return new Arg(Kind.UNKNOWN, null, false);
      }
      Arg inner = arg(open + 1, end);
      boolean exact = inner.kind() == Kind.INTEGER || inner.kind() == Kind.DECIMAL;
      if (lx.isWord(t, "avg") && exact) {
        return new Arg(Kind.UNKNOWN, null, false);
      }
      if (lx.isWord(t, "sum") && exact) {
        return new Arg(Kind.DECIMAL, null, false);
      }
      boolean keepsType = lx.isWord(t, "min") || lx.isWord(t, "max") || lx.isWord(t, "truncate");
      return new Arg(inner.kind(), keepsType ? inner.columnType() : null, false);
    }

    /** A number literal's kind: 12 an integer, 1.5 a decimal, 1e3 a double, 0x41 unknown. */
    private Kind number(int t) {
      String s = lx.text(t);
      boolean dot = false;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == 'e' || c == 'E') {
          return Kind.DOUBLE;
        }
        if (c == '.') {
          dot = true;
        } else if (c < '0' || c > '9') {
          return Kind.UNKNOWN;
        }
      }
      return dot ? Kind.DECIMAL : Kind.INTEGER;
    }

    /**
     * The token after the column name ({@code col}, {@code t.col}, {@code s.t.col}) starting at
     * {@code from}, or -1 when no name starts there.
     */
    private int nameEnd(int from, int to) {
      int t = from;
      while (true) {
        if (t >= to || !isName(t)) {
          return -1;
        }
        if (t + 2 < to && lx.types[t + 1] == DOT) {
          t += 2;
          continue;
        }
        return t + 1;
      }
    }

    private boolean isName(int t) {
      return lx.types[t] == QUOTED_IDENT
          || lx.types[t] == WORD && !Keywords.reserved(lx.keywords[t]);
    }

    /**
     * The PostgreSQL type of the column named at {@code t}, or null; null too for an unqualified
     * name a derived table or CTE gives.
     */
    private String type(int t) throws java.sql.SQLException {
      boolean qualified = t >= 2 && lx.types[t - 1] == DOT;
      if (!qualified && derivedColumn(t)) {
        return null;
      }
      return HexLiterals.type(lx, t, tables, aliases, types);
    }

    /** The kind of a PostgreSQL column type. */
    private static Kind kind(String type) {
      if (type == null) {
        return Kind.UNKNOWN;
      }
      String t = type.toLowerCase(Locale.ROOT);
      if (t.equals("smallint") || t.equals("integer") || t.equals("bigint")) {
        return Kind.INTEGER;
      }
      if (t.equals("int") || t.equals("int4") || t.equals("int8") || t.equals("int2")) {
        return Kind.INTEGER;
      }
      if (t.startsWith("numeric") || t.startsWith("decimal")) {
        return Kind.DECIMAL;
      }
      if (t.equals("double precision")) {
        return Kind.DOUBLE;
      }
      if (t.equals("real")) {
        return Kind.REAL;
      }
      if (t.equals("boolean")) {
        return Kind.BOOLEAN;
      }
      if (t.equals("text") || t.startsWith("character") || t.startsWith("varchar")) {
        return Kind.TEXT;
      }
      if (t.equals("bytea")) {
        return Kind.BYTEA;
      }
      return Kind.UNKNOWN;
    }
  }
}
