package dev.cutover.comparator.verify;

import dev.cutover.comparator.chunk.Column;
import dev.cutover.comparator.chunk.Dialect;
import dev.cutover.comparator.chunk.Points;
import java.sql.Types;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SQL that makes two engines produce the same text, and the same MD5, for the same row.
 *
 * <p>Each column is given one canonical kind from the pair of its declared types on the two sides
 * (so {@code tinyint(1)} on one side and {@code boolean} on the other are both booleans): integers
 * as decimal text, decimals at the larger declared scale, floats at six decimals, booleans as 0/1,
 * dates and times at microsecond precision, binary as lower-case hex, bit strings as binary digits
 * without leading zeros (their unsigned value, whatever the declared widths), strings as they are
 * and NULL as a marker. Columns are joined with '|' and hashed per row.
 */
final class Canonical {
  static final String NULL_MARKER = "<NULL>";

  enum Kind {
    INTEGER,
    DECIMAL,
    FLOAT,
    /**
     * A MariaDB FLOAT (no declared decimals) on one side: the float it stores, exactly, with the
     * other side rounded to a float. MariaDB sends a FLOAT's six significant digits (FLT_DIG), but
     * stores, compares and computes with all of it; a copy that kept six digits changed the value.
     */
    FLOAT_EXACT,
    BOOLEAN,
    BINARY,
    BITS,
    /** A MariaDB YEAR against an integer: the year's number. */
    YEAR,
    UUID,
    /**
     * A jsonb against a document kept as text (MariaDB's JSON, a LONGTEXT; PostgreSQL's json or
     * text): jsonb reorders keys, drops whitespace and duplicate keys and decodes escapes, which no
     * SQL of MariaDB's reproduces, so the documents are compared by the comparator's canonical JSON
     * in Java (see {@code Verifier}) and stand in the row text as a constant.
     */
    DOCUMENT,
    /**
     * A MariaDB POINT (or GEOMETRY) against PostgreSQL's point: both coordinates, each as a float
     * at six decimals; a geometry that is no point is its hex on MariaDB's side, which differs.
     */
    POINT,
    /**
     * Text against an array (a MariaDB SET, 'a,b', moved to a text[] or enum[] as pgloader does):
     * the members joined with ',' as a SET spells them.
     */
    SET,
    /**
     * PostgreSQL's inet or cidr against an address kept otherwise (MariaDB's INET6, text): the
     * address as inet prints it, without a mask that covers the whole address ('::1', not the
     * '::1/128' of inet's text cast).
     */
    INET,
    DATE,
    TIMESTAMP,
    TIME,
    TEXT
  }

  /**
   * A column present on both sides with its canonical kind and scale; {@code nativeText} when each
   * engine's own text form of the column is already the canonical one (no formatting function);
   * {@code crossEngine} when the two sides are different engines.
   */
  record Pair(
      Column old,
      Column neu,
      Kind kind,
      int scale,
      boolean nativeText,
      boolean crossEngine,
      ZoneId zone) {
    Pair(Column old, Column neu, Kind kind, int scale) {
      this(old, neu, kind, scale, false, false, ZoneOffset.UTC);
    }

    /**
     * A timestamp pair of an instant (timestamptz, MariaDB TIMESTAMP) and a zone-less date-time,
     * which stands for its time in {@link #zone}.
     */
    boolean mixedTime() {
      return kind == Kind.TIMESTAMP && old.isInstant() != neu.isInstant();
    }
  }

  static List<Pair> pairs(
      List<Column> oldColumns, List<Column> newColumns, Dialect oldD, Dialect newD) {
    return pairs(oldColumns, newColumns, oldD, newD, ZoneOffset.UTC);
  }

  static List<Pair> pairs(
      List<Column> oldColumns, List<Column> newColumns, Dialect oldD, Dialect newD, ZoneId zone) {
    List<Pair> out = new ArrayList<>();
    for (Column o : oldColumns) {
      for (Column n : newColumns) {
        if (n.name().equalsIgnoreCase(o.name())) {
          Pair p = pair(o, n);
          out.add(
              new Pair(o, n, p.kind(), p.scale(), nativeText(p, oldD, newD), oldD != newD, zone));
        }
      }
    }
    return out;
  }

  /**
   * Fast paths, measured to matter (formatting functions cost more than the MD5 itself): the same
   * engine and type on both sides; integers; decimals declared at the canonical scale on both
   * sides; timestamps without time zone where every MariaDB side is a DATETIME without fractional
   * seconds (its text then matches PostgreSQL's ISO text of a whole-second value, and a fraction on
   * the PostgreSQL side differs, as it should).
   */
  private static boolean nativeText(Pair p, Dialect oldD, Dialect newD) {
    Column o = p.old();
    Column n = p.neu();
    switch (p.kind()) {
      case BINARY:
      case BOOLEAN:
      case FLOAT:
      case FLOAT_EXACT:
        // A MariaDB FLOAT's own text is its six digits.
        return false;
      case INTEGER:
        return true;
      case DECIMAL:
        return p.scale() >= 0 && o.scale() == p.scale() && n.scale() == p.scale()
            || sameType(o, n, oldD, newD);
      case TIMESTAMP:
        // pgjdbc reports timestamptz as TIMESTAMP too, but its text carries an offset ('+00')
        // that a DATETIME's or a timestamp's does not: the same zone-ness on both sides (two
        // timestamptz are both PostgreSQL's, printed in the session zone pgjdbc gave both).
        return o.jdbcType() == Types.TIMESTAMP
            && n.jdbcType() == Types.TIMESTAMP
            && o.isTimestampWithZone() == n.isTimestampWithZone()
            && o.isInstant() == n.isInstant()
            && (oldD != Dialect.MARIADB || wholeSeconds(o))
            && (newD != Dialect.MARIADB || wholeSeconds(n));
      default:
        return sameType(o, n, oldD, newD);
    }
  }

  private static boolean sameType(Column o, Column n, Dialect oldD, Dialect newD) {
    // MariaDB will not cast a geometry to text, not even in CONCAT_WS.
    return oldD == newD
        && !Points.isSpatial(o.typeName())
        && o.typeName().equalsIgnoreCase(n.typeName())
        && o.size() == n.size()
        && o.scale() == n.scale();
  }

  static Pair pair(Column o, Column n) {
    if (o.isBitString() && n.isBitString()) {
      return new Pair(o, n, Kind.BITS, 0);
    }
    if (o.isBoolean() || n.isBoolean()) {
      return new Pair(o, n, Kind.BOOLEAN, 0);
    }
    if (isUuid(o) != isUuid(n)) {
      return new Pair(o, n, Kind.UUID, 0);
    }
    if (isJsonb(o) != isJsonb(n)) {
      return new Pair(o, n, Kind.DOCUMENT, 0);
    }
    if (isInet(o) != isInet(n)) {
      return new Pair(o, n, Kind.INET, 0);
    }
    if (isArray(o) && n.isText() || isArray(n) && o.isText()) {
      return new Pair(o, n, Kind.SET, 0);
    }
    if (isPgPoint(o) && Points.isSpatial(n.typeName())
        || isPgPoint(n) && Points.isSpatial(o.typeName())) {
      return new Pair(o, n, Kind.POINT, 15);
    }
    if (o.isBinary() || n.isBinary()) {
      return new Pair(o, n, Kind.BINARY, 0);
    }
    if (o.isIntegral() && n.isIntegral()) {
      return new Pair(o, n, Kind.INTEGER, 0);
    }
    if (isYear(o) && (n.isIntegral() || isYear(n)) || isYear(n) && o.isIntegral()) {
      // pgloader's YEAR -> integer. MariaDB reports YEAR as a DATE and prints year 0 as '0000'.
      return new Pair(o, n, Kind.YEAR, 0);
    }
    if (isFloat(o) || isFloat(n)) {
      // MariaDB's FLOAT(M,D) and DOUBLE(M,D) keep D decimals: at 6, a FLOAT(7,2)'s 12345.67
      // (stored as 12345.669921875) differed from the 12345.67 it migrated to.
      int decimals = Math.max(declaredDecimals(o), declaredDecimals(n));
      if (decimals >= 0) {
        return new Pair(o, n, Kind.FLOAT, decimals);
      }
      if (isPlainMariaDbFloat(o) || isPlainMariaDbFloat(n)) {
        return new Pair(o, n, Kind.FLOAT_EXACT, 0);
      }
      return new Pair(o, n, Kind.FLOAT, 6);
    }
    if (isDecimal(o) || isDecimal(n)) {
      // An unconstrained numeric has no scale to round the other side to: rounding DECIMAL(10,2)'s
      // 1.23 and numeric's 1.234 at 2 digits made them equal. Compared exactly, by their text
      // without trailing fractional zeros (scale -1).
      if (declaredScale(o) < 0 || declaredScale(n) < 0) {
        return new Pair(o, n, Kind.DECIMAL, -1);
      }
      int scale = Math.max(declaredScale(o), declaredScale(n));
      return new Pair(o, n, Kind.DECIMAL, Math.min(scale, 30));
    }
    if (isTimestamp(o) || isTimestamp(n)) {
      return new Pair(o, n, Kind.TIMESTAMP, 6);
    }
    if (o.jdbcType() == Types.DATE && n.jdbcType() == Types.DATE) {
      return new Pair(o, n, Kind.DATE, 0);
    }
    if (o.jdbcType() == Types.TIME
        || n.jdbcType() == Types.TIME
        || isInterval(o)
        || isInterval(n)) {
      return new Pair(o, n, Kind.TIME, 6);
    }
    return new Pair(o, n, Kind.TEXT, 0);
  }

  /** MariaDB reports DATETIME(n) with scale 0 and size 19 + 1 + n: the size tells. */
  private static boolean wholeSeconds(Column mariaDbColumn) {
    return mariaDbColumn.scale() == 0 && mariaDbColumn.size() <= 19;
  }

  private static boolean isInet(Column c) {
    return c.typeName().equals("inet") || c.typeName().equals("cidr");
  }

  private static boolean isArray(Column c) {
    return c.jdbcType() == Types.ARRAY;
  }

  private static boolean isPgPoint(Column c) {
    return c.typeName().equals("point");
  }

  private static boolean isYear(Column c) {
    return c.typeName().equalsIgnoreCase("YEAR");
  }

  private static boolean isJsonb(Column c) {
    return c.typeName().equalsIgnoreCase("jsonb");
  }

  private static boolean isUuid(Column c) {
    return c.typeName().equalsIgnoreCase("uuid");
  }

  /** The decimals a MariaDB FLOAT(M,D) or DOUBLE(M,D) declares (1 to 30), else -1. */
  private static int declaredDecimals(Column c) {
    boolean mariaDb = c.typeName().equals("FLOAT") || c.typeName().equals("DOUBLE");
    return mariaDb && c.scale() > 0 && c.scale() <= 30 ? c.scale() : -1;
  }

  /** A plain MariaDB FLOAT: a FLOAT(M,D) keeps its D decimals and is compared at them. */
  private static boolean isPlainMariaDbFloat(Column c) {
    return c.isMariaDbFloat() && c.scale() == 0;
  }

  private static boolean isFloat(Column c) {
    int t = c.jdbcType();
    // pgjdbc reports money as DOUBLE; it is exact, and compared as its text.
    return (t == Types.FLOAT || t == Types.REAL || t == Types.DOUBLE)
        && !c.typeName().equalsIgnoreCase("money");
  }

  private static boolean isDecimal(Column c) {
    int t = c.jdbcType();
    return t == Types.DECIMAL || t == Types.NUMERIC || c.isIntegral();
  }

  /**
   * The declared scale, or -1 for PostgreSQL's unconstrained numeric (pgjdbc reports its precision
   * as 0; older versions as 1000 or more).
   */
  private static int declaredScale(Column c) {
    if (c.isIntegral()) {
      return 0;
    }
    boolean exact = c.jdbcType() == Types.DECIMAL || c.jdbcType() == Types.NUMERIC;
    return exact && (c.size() <= 0 || c.size() >= 1000) ? -1 : c.scale();
  }

  private static boolean isTimestamp(Column c) {
    return c.jdbcType() == Types.TIMESTAMP || c.jdbcType() == Types.TIMESTAMP_WITH_TIMEZONE;
  }

  /** The canonical text of one column on one side (NULL stays NULL). */
  static String text(Dialect d, Pair p, boolean oldSide) {
    Column c = oldSide ? p.old() : p.neu();
    String x = d.quote(c.name());
    if (d == Dialect.MARIADB && p.crossEngine()) {
      x = withoutZeroDate(x, c, p.kind());
    }
    boolean pg = d == Dialect.POSTGRES;
    boolean tz = c.isTimestampWithZone();
    if (p.nativeText()) {
      return pg ? x + "::text" : x;
    }
    switch (p.kind()) {
      case INTEGER:
        return pg ? x + "::text" : x;
      case DECIMAL:
        if (p.scale() < 0) {
          return withoutTrailingZeros(pg, c, x);
        }
        return pg
            ? "round(" + x + "::numeric, " + p.scale() + ")::text"
            : "CAST(CAST(" + x + " AS DECIMAL(65, " + p.scale() + ")) AS CHAR)";
      case FLOAT:
        return floatText(pg, x, p.scale());
      case FLOAT_EXACT:
        return floatExactText(pg, c, x);
      case BOOLEAN:
        if (pg) {
          return c.isIntegral() || c.jdbcType() == Types.TINYINT || c.jdbcType() == Types.SMALLINT
              ? "(" + x + " <> 0)::int::text"
              : x + "::int::text";
        }
        return "CAST((" + x + " <> 0) AS CHAR)";
      case BINARY:
        return pg ? "encode(" + x + ", 'hex')" : "LOWER(HEX(" + x + "))";
      case UUID:
        return uuidText(d, c, x);
      case DOCUMENT:
        return "'~'";
      case INET:
        if (!isInet(c)) {
          return pg ? x + "::text" : "CAST(" + x + " AS CHAR)";
        }
        return "CASE WHEN masklen("
            + x
            + ") = CASE WHEN family("
            + x
            + ") = 4 THEN 32 ELSE 128 END THEN host("
            + x
            + ") ELSE "
            + x
            + "::text END";
      case SET:
        if (!isArray(c)) {
          return pg ? x + "::text" : x;
        }
        // A member with a comma, or a NULL one, could not be in a SET: then the array's own
        // text, which differs from any SET (and from the NULL marker). So for an array of arrays,
        // which array_to_string would flatten into a SET's text (and array_position refuses).
        return "CASE WHEN array_ndims("
            + x
            + ") > 1 THEN "
            + x
            + "::text WHEN strpos(array_to_string("
            + x
            + ", ''), ',') > 0 OR array_position("
            + x
            + ", NULL) IS NOT NULL THEN "
            + x
            + "::text ELSE array_to_string("
            + x
            + ", ',') END";
      case POINT:
        return pg
            ? floatText(true, x + "[0]", p.scale())
                + " || ',' || "
                + floatText(true, x + "[1]", p.scale())
            : "IF(ST_GeometryType("
                + x
                + ") = 'POINT', CONCAT("
                + floatText(false, "ST_X(" + x + ")", p.scale())
                + ", ',', "
                + floatText(false, "ST_Y(" + x + ")", p.scale())
                + "), HEX("
                + x
                + "))";
      case YEAR:
        return isYear(c) ? "(" + x + " + 0)" : pg ? x + "::text" : x;
      case BITS:
        // Both '' for zero. Not x::bigint on PostgreSQL: a bit(64) with the top bit set goes
        // negative there, while MariaDB's BIN(x + 0) reads it unsigned.
        return pg ? "ltrim(" + x + "::text, '0')" : "TRIM(LEADING '0' FROM BIN(" + x + " + 0))";
      case DATE:
        return pg ? "to_char(" + x + ", 'YYYY-MM-DD')" : "DATE_FORMAT(" + x + ", '%Y-%m-%d')";
      case TIMESTAMP:
        if (pg) {
          // Instants as UTC wall-clock time, zone-less values as they are; where an instant meets
          // a zone-less value, PostgreSQL (which knows every zone; MariaDB only with its zone
          // tables loaded) turns its side into the other's terms, in the pair's zone.
          Column other = oldSide ? p.neu() : p.old();
          String at = tz ? " AT TIME ZONE 'UTC'" : "";
          if (p.mixedTime() && tz) {
            at = " AT TIME ZONE " + pgZone(p.zone());
          } else if (p.mixedTime() && !other.isTimestampWithZone()) {
            // Against a MariaDB TIMESTAMP, read as UTC wall-clock time.
            at = " AT TIME ZONE " + pgZone(p.zone()) + " AT TIME ZONE 'UTC'";
          }
          return "to_char(" + x + at + ", 'YYYY-MM-DD HH24:MI:SS.US')";
        }
        if (p.mixedTime() && !p.crossEngine() && !c.isInstant() && !isUtc(p.zone())) {
          // MariaDB on both sides: its DATETIME to the UTC time its TIMESTAMP is read in (a named
          // zone needs MariaDB's zone tables; Verifier checks they answer).
          x = "CONVERT_TZ(" + x + ", " + mariaDbZone(p.zone()) + ", '+00:00')";
        }
        return "DATE_FORMAT(" + x + ", '%Y-%m-%d %H:%i:%s.%f')";
      case TIME:
        if (pg && c.typeName().equalsIgnoreCase("timetz")) {
          return "to_char(DATE '2000-01-01' + " + x + ", 'HH24:MI:SS.US')";
        }
        return microseconds(pg, c, x);
      case TEXT:
        if (!pg && Points.isSpatial(c.typeName())) {
          // MariaDB will not cast a geometry to text; its bytes are its value.
          return "HEX(" + x + ")";
        }
        return pg ? x + "::text" : (c.isText() ? x : "CAST(" + x + " AS CHAR)");
      default:
        throw new IllegalStateException("Invalid kind: " + p.kind());
    }
  }

  static boolean isUtc(ZoneId zone) {
    ZoneId z = zone.normalized();
    return z instanceof ZoneOffset o && o.getTotalSeconds() == 0;
  }

  /** A zone as MariaDB's CONVERT_TZ takes it: an offset as '+hh:mm', else its name. */
  static String mariaDbZone(ZoneId zone) {
    ZoneId z = zone.normalized();
    if (z instanceof ZoneOffset o) {
      return o.getTotalSeconds() == 0 ? "'+00:00'" : "'" + o.getId() + "'";
    }
    return "'" + z.getId().replace("'", "''") + "'";
  }

  /** A zone as PostgreSQL's AT TIME ZONE takes it: an offset as an ISO interval, else its id. */
  static String pgZone(ZoneId zone) {
    ZoneId z = zone.normalized();
    if (z instanceof ZoneOffset o) {
      return o.getTotalSeconds() == 0 ? "'UTC'" : "INTERVAL '" + o.getId() + "'";
    }
    return "'" + z.getId().replace("'", "''") + "'";
  }

  /**
   * A float at {@code scale} decimals, by its shortest round-trip digits on both engines: MariaDB's
   * CAST to DECIMAL uses them, PostgreSQL's float8-to-numeric cast only 15 (so 123456789012.34567
   * was 123456789012.346000 there, .345670 on MariaDB), hence through its text. Beyond the
   * DECIMAL(65, scale) range MariaDB's CAST saturates, so such values are compared by that text
   * (exponent written alike), as are NaN and infinities on PostgreSQL.
   */
  private static String floatText(boolean pg, String x, int scale) {
    String limit = "1e" + (65 - scale);
    if (pg) {
      return "CASE WHEN abs("
          + x
          + ") >= "
          + limit
          + " THEN replace("
          + x
          + "::text, 'e+', 'e') ELSE round("
          + x
          + "::text::numeric, "
          + scale
          + ")::text END";
    }
    return "CASE WHEN ABS("
        + x
        + ") >= "
        + limit
        + " THEN CAST("
        + x
        + " AS CHAR) ELSE CAST(CAST("
        + x
        + " AS DECIMAL(65, "
        + scale
        + ")) AS CHAR) END";
  }

  /**
   * A single-precision float exactly, as the same text on both engines: sign, the integer
   * significand, 'p' and the binary exponent ({@code 9586980p-3} is 1198372.5 = 9586980 / 2^3),
   * with the significand from 2^23 to 2^24 (or below, with exponent -126, for a subnormal). Scaling
   * a double by a power of two is exact, so both engines compute the same two integers; printed
   * digits are not comparable (PostgreSQL prints 1.8287704458395648e+16 where MariaDB prints
   * 1.828770445839565e16 for the same double). MariaDB's side is read as {@code x + 0e0}: the FLOAT
   * itself it sends with six significant digits (1234567 as 1234570), and six digits hid a
   * migration that lost the seventh. The other side is rounded to a float first (a double holding
   * the float's shortest decimal is the same value); zero (either sign) is '0'; a PostgreSQL value
   * no real holds, NaN and the infinities are its own text.
   */
  private static String floatExactText(boolean pg, Column c, String x) {
    String v =
        pg
            ? "((" + x + ")::real::float8)"
            : "(" + (isPlainMariaDbFloat(c) ? x : "CAST(" + x + " AS FLOAT)") + " + 0e0)";
    String a = pg ? "abs(" + v + ")" : "ABS(" + v + ")";
    String e0 = pg ? "floor(ln(" + a + ") / ln(2::float8))" : "FLOOR(LOG2(" + a + "))";
    String scaled0 = scaled(pg, a, e0);
    // log2 may land one off beside a power of two: the significand puts it right.
    String e1 =
        "(CASE WHEN "
            + scaled0
            + " >= 16777216 THEN "
            + e0
            + " + 1 WHEN "
            + scaled0
            + " < 8388608 THEN "
            + e0
            + " - 1 ELSE "
            + e0
            + " END)";
    String e = (pg ? "greatest(" : "GREATEST(") + e1 + ", -126)";
    String m = scaled(pg, a, e);
    if (pg) {
      return "CASE WHEN "
          + x
          + " = 0 THEN '0' WHEN abs("
          + x
          + ") < 3.4028235e38 AND abs("
          + x
          + ") >= 1e-45 THEN CASE WHEN "
          + x
          + " < 0 THEN '-' ELSE '' END || ("
          + m
          + ")::bigint::text || 'p' || ("
          + e
          + ")::int::text ELSE "
          + x
          + "::text END";
    }
    return "CASE WHEN "
        + v
        + " = 0 THEN '0' ELSE CONCAT(IF("
        + v
        + " < 0, '-', ''), CAST("
        + m
        + " AS SIGNED), 'p', CAST("
        + e
        + " AS SIGNED)) END";
  }

  /** {@code a * 2^(23 - e)}, exact for a float {@code a}. */
  private static String scaled(boolean pg, String a, String e) {
    return pg
        ? "(" + a + " * 2::float8 ^ (23 - " + e + "))"
        : "(" + a + " * POW(2, 23 - " + e + "))";
  }

  /**
   * A time or duration as signed microseconds: MariaDB's TIME runs from -838:59:59 to 838:59:59
   * (pgloader-style migrations keep it in an interval, or in a time when it stays within a day),
   * and PostgreSQL's time reaches 24:00:00, none of which a time-of-day format spells alike on both
   * engines. An interval with months or days is its text: no TIME holds one, and a day is not 24
   * hours to PostgreSQL, nor a month 30 days.
   */
  private static String microseconds(boolean pg, Column c, String x) {
    if (!pg) {
      return "CAST(TIME_TO_SEC(" + x + ") * 1000000 AS SIGNED)";
    }
    String micros = "round(EXTRACT(EPOCH FROM " + x + ") * 1000000)::bigint::text";
    if (!isInterval(c)) {
      return micros;
    }
    return "CASE WHEN date_part('day', "
        + x
        + ") = 0 AND date_part('month', "
        + x
        + ") = 0 AND date_part('year', "
        + x
        + ") = 0 THEN "
        + micros
        + " ELSE "
        + x
        + "::text END";
  }

  private static boolean isInterval(Column c) {
    return c.typeName().equalsIgnoreCase("interval");
  }

  /**
   * An exact number's text without trailing fractional zeros ('1.50' as '1.5', '5.00' as '5'): the
   * value, whatever scale each side keeps. Integers need nothing; neither engine writes an exponent
   * or a negative zero for a decimal.
   */
  private static String withoutTrailingZeros(boolean pg, Column c, String x) {
    if (c.isIntegral()) {
      return pg ? x + "::text" : x;
    }
    String t = pg ? x + "::text" : "CAST(" + x + " AS CHAR)";
    return pg
        ? "CASE WHEN strpos("
            + t
            + ", '.') > 0 THEN rtrim(rtrim("
            + t
            + ", '0'), '.') ELSE "
            + t
            + " END"
        : "IF(LOCATE('.', "
            + t
            + ") > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM "
            + t
            + ")), "
            + t
            + ")";
  }

  /**
   * A UUID in PostgreSQL's text form, lower-case 8-4-4-4-12, whatever the column holds it as: a
   * uuid's own text, 16 bytes spelled out (MariaDB {@code BINARY(16)}), or text in either case with
   * surrounding spaces (a {@code CHAR(36)}), dashed or not (a {@code CHAR(32)}), as the shadow
   * comparison accepts. Text in another form, or bytes of another length, stay different.
   */
  private static String uuidText(Dialect d, Column c, String x) {
    boolean pg = d == Dialect.POSTGRES;
    if (isUuid(c)) {
      return x + "::text";
    }
    if (c.isBinary()) {
      return pg
          ? "regexp_replace(encode("
              + x
              + ", 'hex'), '^(.{8})(.{4})(.{4})(.{4})(.{12})$', '\\1-\\2-\\3-\\4-\\5')"
          : "LOWER(INSERT(INSERT(INSERT(INSERT(HEX("
              + x
              + "), 9, 0, '-'), 14, 0, '-'), 19, 0, '-'), 24, 0, '-'))";
    }
    if (c.isText()) {
      // Its 32 digits without dashes are the same UUID to PostgreSQL's uuid input (a backfill
      // writes them so): dashed like a uuid's text.
      String t = pg ? "lower(trim(" + x + "))" : "LOWER(TRIM(" + x + "))";
      return pg
          ? "CASE WHEN "
              + t
              + " ~ '^[0-9a-f]{32}$' THEN regexp_replace("
              + t
              + ", '^(.{8})(.{4})(.{4})(.{4})(.{12})$', '\\1-\\2-\\3-\\4-\\5') ELSE "
              + t
              + " END"
          : "IF("
              + t
              + " REGEXP '^[0-9a-f]{32}$', INSERT(INSERT(INSERT(INSERT("
              + t
              + ", 9, 0, '-'), 14, 0, '-'), 19, 0, '-'), 24, 0, '-'), "
              + t
              + ")";
    }
    return pg ? x + "::text" : "CAST(" + x + " AS CHAR)";
  }

  /**
   * A MariaDB date or date-time column with its zero date ('0000-00-00', '0000-00-00 00:00:00') as
   * NULL, when the other side is another engine: no other engine has a zero date, MariaDB's driver
   * returns it as NULL, and pgloader migrates it as NULL. Dates with only a zero month or day
   * ('2024-00-00') stay as they are, and differ from anything PostgreSQL can hold.
   */
  private static String withoutZeroDate(String x, Column c, Kind kind) {
    if (kind != Kind.DATE && kind != Kind.TIMESTAMP || c.typeName().equalsIgnoreCase("YEAR")) {
      return x;
    }
    if (c.jdbcType() == Types.DATE) {
      return "NULLIF(" + x + ", '0000-00-00')";
    }
    if (c.jdbcType() == Types.TIMESTAMP) {
      return "NULLIF(" + x + ", '0000-00-00 00:00:00')";
    }
    return x;
  }

  /**
   * The canonical text of several columns joined with '|', NULLs as the marker. A column whose text
   * is free (strings, arrays, UUID or address text) goes in escaped with '~' ('~' as '~~', '|' as
   * '~|', the marker as '~&lt;NULL&gt;'): joined as they are, ('a|', 'b') and ('a', '|b') read as
   * the same row, and a string '&lt;NULL&gt;' as NULL. Escaping (rather than a length prefix) keeps
   * a keyless row's text, which reports show, as readable as the row.
   */
  static String joined(Dialect d, List<Pair> pairs, boolean oldSide) {
    requireSupported(d);
    List<String> parts = new ArrayList<>();
    for (Pair p : pairs) {
      String t = text(d, p, oldSide);
      if (freeText(p.kind())) {
        String replace = d == Dialect.POSTGRES ? "replace(" : "REPLACE(";
        t =
            replace
                + replace
                + replace
                + t
                + ", '~', '~~'), '|', '~|'), '"
                + NULL_MARKER
                + "', '~"
                + NULL_MARKER
                + "')";
      }
      parts.add("COALESCE(" + t + ", '" + NULL_MARKER + "')");
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return (d == Dialect.POSTGRES ? "concat_ws('|', " : "CONCAT_WS('|', ")
        + String.join(", ", parts)
        + ")";
  }

  /**
   * Whether a kind's canonical text may hold any character (the separator, the NULL marker); the
   * others are numbers, digits, hex, dates and times, or constants.
   */
  private static boolean freeText(Kind k) {
    return switch (k) {
      case TEXT, SET, UUID, INET -> true;
      default -> false;
    };
  }

  /** The MD5 of the canonical text, as 32 lower-case hex digits. */
  static String md5(Dialect d, String text) {
    return (d == Dialect.POSTGRES ? "md5(" : "MD5(") + text + ")";
  }

  /** The first 15 hex digits of an MD5 as a non-negative 60-bit integer. */
  static String hashNumber(Dialect d, String md5) {
    return d == Dialect.POSTGRES
        ? "('x' || substr(" + md5 + ", 1, 15))::bit(60)::bigint"
        : "CAST(CONV(SUBSTRING(" + md5 + ", 1, 15), 16, 10) AS UNSIGNED)";
  }

  /** The first 4 hex digits of an MD5 as a bucket number in [0, 65536). */
  static String hashBucket(Dialect d, String md5) {
    return d == Dialect.POSTGRES
        ? "('x' || substr(" + md5 + ", 1, 4))::bit(16)::int"
        : "CAST(CONV(SUBSTRING(" + md5 + ", 1, 4), 16, 10) AS UNSIGNED)";
  }

  static void requireSupported(Dialect d) {
    if (d != Dialect.POSTGRES && d != Dialect.MARIADB) {
      throw new IllegalArgumentException(
          "Verify pushes hashing into PostgreSQL or MariaDB; not supported on "
              + d.name().toLowerCase(Locale.ROOT));
    }
  }
}
