package dev.cutover.comparator;

import dev.cutover.comparator.chunk.Points;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.TimeZone;
import java.util.UUID;

/**
 * Turns the values one column's JDBC driver returns into {@link NormalizedValue}s, with the rule
 * chosen once from the column's JDBC type, type name, precision and scale and the engine.
 */
public final class ValueNormalizer {

  /**
   * MySQL and MariaDB send a {@code FLOAT} as text with 6 significant digits (FLT_DIG), in both
   * protocols: 1.2345678 comes back as 1.23457 while PostgreSQL's {@code real} returns all of it.
   */
  static final int MYSQL_FLOAT_DIGITS = 6;

  private final NormalizedValue.Kind kind;
  private final int jdbcType;
  private final Engine engine;
  private final NormalizerOptions options;
  private final int fractionDigits;
  private final boolean singlePrecision;
  private final int significantDigits;
  private final boolean padded;
  private final boolean bitString;
  private final int computedScale;
  private final boolean unconstrainedDecimal;
  private final boolean interval;
  private final boolean geometry;
  private final Class<?> preferredClass;
  private final boolean tinyintBoolean;
  private final int fixedDecimals;

  private ValueNormalizer(
      NormalizedValue.Kind kind,
      int jdbcType,
      Engine engine,
      NormalizerOptions options,
      int fractionDigits,
      boolean singlePrecision,
      int significantDigits,
      boolean padded,
      boolean bitString,
      boolean interval,
      boolean geometry,
      Class<?> preferredClass,
      int computedScale,
      boolean unconstrainedDecimal,
      boolean tinyintBoolean,
      int fixedDecimals) {
    this.tinyintBoolean = tinyintBoolean;
    this.fixedDecimals = fixedDecimals;
    this.computedScale = computedScale;
    this.unconstrainedDecimal = unconstrainedDecimal;
    this.kind = kind;
    this.jdbcType = jdbcType;
    this.engine = engine;
    this.options = options;
    this.fractionDigits = fractionDigits;
    this.singlePrecision = singlePrecision;
    this.significantDigits = significantDigits;
    this.padded = padded;
    this.bitString = bitString;
    this.interval = interval;
    this.geometry = geometry;
    this.preferredClass = preferredClass;
  }

  /** The normalizer for column {@code column} (1-based) of a result. */
  public static ValueNormalizer forColumn(
      ResultSetMetaData metaData, int column, Engine engine, NormalizerOptions options)
      throws SQLException {
    return forColumn(
        engine,
        metaData.getColumnType(column),
        metaData.getColumnTypeName(column),
        metaData.getPrecision(column),
        metaData.getScale(column),
        options);
  }

  /** The normalizer for a column described by its JDBC type, type name, precision and scale. */
  public static ValueNormalizer forColumn(
      Engine engine,
      int jdbcType,
      String typeName,
      int precision,
      int scale,
      NormalizerOptions options) {
    return forColumn(engine, jdbcType, typeName, precision, scale, false, options);
  }

  /**
   * The normalizer for a column described by its JDBC type, type name, precision and scale; {@code
   * computed} when the result column is an expression rather than a table's column (its metadata
   * names no table), which for MySQL decimals sets the scale the engine rounded it to.
   */
  public static ValueNormalizer forColumn(
      Engine engine,
      int jdbcType,
      String typeName,
      int precision,
      int scale,
      boolean computed,
      NormalizerOptions options) {
    String name = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
    int digits = fractionDigits(precision, scale, name, options);
    NormalizedValue.Kind k;
    boolean single = false;
    boolean pad = false;
    boolean bits = false;
    boolean interval = false;
    boolean geometry = false;
    boolean tinyint = false;
    Class<?> preferred = null;
    if (name.equals("JSON") || name.equals("JSONB")) {
      k = NormalizedValue.Kind.JSON;
    } else if (name.equals("UUID")) {
      k = NormalizedValue.Kind.UUID;
    } else if (name.equals("TIMESTAMPTZ") || name.equals("TIMESTAMP WITH TIME ZONE")) {
      k = NormalizedValue.Kind.INSTANT;
      preferred = OffsetDateTime.class;
    } else if (engine == Engine.MYSQL && name.equals("TIMESTAMP")) {
      k = NormalizedValue.Kind.INSTANT;
      preferred = LocalDateTime.class;
    } else if (engine == Engine.MYSQL && name.equals("YEAR")) {
      // MariaDB's driver reports YEAR as a DATE (yearIsDateType) and returns January 1st of it;
      // the year is the value, as in a PostgreSQL smallint or int column. Read as text: for year
      // 0 ('0000') the driver's getObject throws.
      k = NormalizedValue.Kind.INTEGER;
      preferred = String.class;
    } else if (name.equals("MONEY")) {
      // PostgreSQL money by its text ("$10,000,000.01"), exactly: pgjdbc's getObject makes a
      // Double of it, compared within the float tolerance (a cent at ten million is below it),
      // and fails outright on grouped digits. Both sides of a PostgreSQL move format it alike.
      k = NormalizedValue.Kind.STRING;
      preferred = String.class;
    } else if (engine == Engine.MYSQL && Points.isSpatial(name)) {
      // MariaDB's geometry bytes: a point is compared as PostgreSQL's point prints, '(x,y)'.
      k = NormalizedValue.Kind.OTHER;
      geometry = true;
    } else if (name.equals("INTERVAL")) {
      // PostgreSQL's interval: a duration (as MariaDB's TIME is one) when it has no months or
      // days, else by its fields. Read as pgjdbc's PGInterval, whose text does not depend on the
      // server's IntervalStyle.
      k = NormalizedValue.Kind.TIME;
      interval = true;
    } else if (engine == Engine.MYSQL
        && (name.equals("BOOL")
            || name.equals("BOOLEAN")
            || name.startsWith("TINYINT") && precision == 1)) {
      // A TINYINT(1) (MariaDB's driver names it BOOLEAN), read as the number it holds: the
      // driver's Boolean makes 2 and -1 true, so 2 against a smallint 1 compared equal and 2
      // against a smallint 2 differed.
      k = NormalizedValue.Kind.BOOLEAN;
      preferred = Integer.class;
      tinyint = true;
    } else if (name.equals("BOOL") || name.equals("BOOLEAN")) {
      k = NormalizedValue.Kind.BOOLEAN;
    } else if (name.equals("VARBIT") || name.equals("BIT VARYING")) {
      // pgjdbc reports varbit as OTHER (a PGobject), whatever its length.
      k = NormalizedValue.Kind.INTEGER;
      bits = true;
    } else if (name.equals("BPCHAR")
        || name.equals("CHAR")
        || name.equals("NCHAR")
        || name.equals("CHARACTER")) {
      k = NormalizedValue.Kind.STRING;
      pad = true;
    } else {
      switch (jdbcType) {
        case Types.TINYINT:
        case Types.SMALLINT:
        case Types.INTEGER:
        case Types.BIGINT:
          k = NormalizedValue.Kind.INTEGER;
          break;
        case Types.DECIMAL:
        case Types.NUMERIC:
          k = NormalizedValue.Kind.DECIMAL;
          break;
        case Types.REAL:
          k = NormalizedValue.Kind.FLOAT;
          single = true;
          break;
        case Types.FLOAT:
        case Types.DOUBLE:
          k = NormalizedValue.Kind.FLOAT;
          single = name.equals("FLOAT4");
          break;
        case Types.BOOLEAN:
          k = NormalizedValue.Kind.BOOLEAN;
          break;
        case Types.BIT:
          if (precision <= 1) {
            k = NormalizedValue.Kind.BOOLEAN;
          } else if (name.equals("BYTEA")) {
            k = NormalizedValue.Kind.BINARY;
          } else {
            // BIT(n): MariaDB and MySQL return big-endian bytes, pgjdbc a PGobject printing the
            // bit string; both are the same unsigned number.
            k = NormalizedValue.Kind.INTEGER;
            bits = true;
          }
          break;
        case Types.CHAR:
        case Types.NCHAR:
          k = NormalizedValue.Kind.STRING;
          pad = true;
          break;
        case Types.VARCHAR:
        case Types.NVARCHAR:
        case Types.LONGVARCHAR:
        case Types.LONGNVARCHAR:
        case Types.CLOB:
        case Types.NCLOB:
          k = NormalizedValue.Kind.STRING;
          break;
        case Types.BINARY:
        case Types.VARBINARY:
        case Types.LONGVARBINARY:
        case Types.BLOB:
          k = NormalizedValue.Kind.BINARY;
          break;
        case Types.DATE:
          k = NormalizedValue.Kind.DATE;
          preferred = LocalDate.class;
          break;
        case Types.TIME:
        case Types.TIME_WITH_TIMEZONE:
          k = NormalizedValue.Kind.TIME;
          // timetz as OffsetTime: pgjdbc's java.sql.Time for it keeps neither the fraction of a
          // second nor the offset. MySQL's and MariaDB's TIME is a duration of -838:59:59 to
          // 838:59:59, which a LocalTime wraps into a day ('25:00:00' as 01:00): read its text.
          if (name.contains("TZ") || name.contains("ZONE")) {
            preferred = OffsetTime.class;
          } else {
            preferred = engine == Engine.MYSQL ? String.class : LocalTime.class;
          }
          break;
        case Types.TIMESTAMP:
          k = NormalizedValue.Kind.LOCAL_DATE_TIME;
          preferred = LocalDateTime.class;
          break;
        case Types.TIMESTAMP_WITH_TIMEZONE:
          k = NormalizedValue.Kind.INSTANT;
          preferred = OffsetDateTime.class;
          break;
        default:
          k = NormalizedValue.Kind.OTHER;
      }
    }
    // A FLOAT(M,D) comes back with its D decimals (seven significant digits in FLOAT(7,2)), only
    // a plain FLOAT (scale 31, NOT_FIXED_DEC) with six significant digits.
    int significant =
        single && engine == Engine.MYSQL && (scale < 0 || scale > 30) ? MYSQL_FLOAT_DIGITS : 0;
    boolean decimal = k == NormalizedValue.Kind.DECIMAL;
    // MySQL computes a decimal expression (AVG, a division) to a fixed scale, rounded half up
    // (div_precision_increment); PostgreSQL's numeric result has no declared scale and keeps
    // more digits. Only that pair is compared at MySQL's scale, and only where PostgreSQL's value
    // has a quotient's digits: MIN, SUM, + - * are exact in both (see ColumnPlan).
    int computedScale =
        decimal && computed && engine == Engine.MYSQL && scale > 0 && scale <= 30 ? scale : -1;
    boolean unconstrained = decimal && engine == Engine.POSTGRES && precision == 0;
    // MariaDB sends a computed double with a fixed number of decimals (PI() 6, STDDEV_POP(int) 4;
    // 31 is NOT_FIXED_DEC) rounded to them in the text protocol, whole in the binary one.
    int fixed =
        k == NormalizedValue.Kind.FLOAT
                && computed
                && engine == Engine.MYSQL
                && scale > 0
                && scale < 31
            ? scale
            : 0;
    return new ValueNormalizer(
        k,
        jdbcType,
        engine,
        options,
        digits,
        single,
        significant,
        pad,
        bits,
        interval,
        geometry,
        preferred,
        computedScale,
        unconstrained,
        tinyint,
        fixed);
  }

  private static int fractionDigits(
      int precision, int scale, String name, NormalizerOptions options) {
    boolean temporal = name.startsWith("TIME") || name.startsWith("DATETIME");
    if (!temporal) {
      return options.defaultFractionDigits();
    }
    if (scale >= 0 && scale <= 9) {
      return scale;
    }
    if (precision > 20 && precision <= 29) {
      return precision - 20;
    }
    return options.defaultFractionDigits();
  }

  /**
   * The canonical form this column's values take; an exact-number column (INTEGER or DECIMAL)
   * yields INTEGER for integral values and DECIMAL for the rest, so 5 and 5.00 are one value.
   */
  public NormalizedValue.Kind kind() {
    return kind;
  }

  /** Fractional-second digits of a time or timestamp column. */
  public int fractionDigits() {
    return fractionDigits;
  }

  /** True for a single-precision (float4/REAL) column. */
  public boolean singlePrecision() {
    return singlePrecision;
  }

  /** The scale MySQL rounded this computed decimal column to, or -1. */
  int computedScale() {
    return computedScale;
  }

  /**
   * The decimals MySQL may have rounded this computed floating-point column to when sending it, or
   * 0.
   */
  int fixedDecimals() {
    return fixedDecimals;
  }

  /** True for a PostgreSQL numeric result without a declared precision (an expression's). */
  boolean unconstrainedDecimal() {
    return unconstrainedDecimal;
  }

  /** True for an array column (PostgreSQL's text[], an enum[]), compared by its text. */
  boolean array() {
    return jdbcType == Types.ARRAY;
  }

  /**
   * A one-dimensional array's text ('{a,"b c"}') as a MariaDB SET spells the same members ('a,b
   * c'), or null when it is not one or a member could not be in a SET (NULL, or one with a comma).
   */
  static String setText(String array) {
    int n = array.length();
    if (n < 2 || array.charAt(0) != '{' || array.charAt(n - 1) != '}') {
      return null;
    }
    StringBuilder out = new StringBuilder(n);
    int i = 1;
    boolean first = true;
    while (i < n - 1) {
      if (!first) {
        if (array.charAt(i) != ',') {
          return null;
        }
        i++;
        out.append(',');
      }
      first = false;
      if (i < n - 1 && array.charAt(i) == '"') {
        i++;
        while (i < n - 1 && array.charAt(i) != '"') {
          char c = array.charAt(i);
          if (c == '\\') {
            c = array.charAt(++i);
          }
          if (c == ',') {
            return null;
          }
          out.append(c);
          i++;
        }
        i++;
      } else {
        int start = i;
        while (i < n - 1 && array.charAt(i) != ',') {
          char c = array.charAt(i);
          if (c == '{' || c == '"') {
            return null;
          }
          i++;
        }
        String member = array.substring(start, i);
        if (member.equalsIgnoreCase("NULL")) {
          return null;
        }
        out.append(member);
      }
    }
    return out.toString();
  }

  /** True for a multi-bit BIT or varbit column, whose values are unsigned numbers. */
  boolean bitString() {
    return bitString;
  }

  /** Significant decimal digits the driver delivers for this float column, 0 when all of them. */
  int significantDigits() {
    return significantDigits;
  }

  NormalizerOptions options() {
    return options;
  }

  /**
   * True for MySQL's TINYINT(1), a boolean by convention that holds any small integer: 0 and 1
   * normalize to booleans, other values stay integers.
   */
  public boolean tinyintBoolean() {
    return tinyintBoolean;
  }

  /**
   * The class to ask {@code ResultSet.getObject(int, Class)} for, or null for plain getObject: the
   * class that keeps the column's full precision (LocalTime rather than java.sql.Time, which drops
   * microseconds) and, for date-times, the one drivers build without a Calendar.
   */
  public Class<?> preferredClass() {
    return preferredClass;
  }

  /** The canonical form of one value this column's driver returned. */
  public NormalizedValue normalize(Object value) {
    if (value == null) {
      return NormalizedValue.NULL;
    }
    try {
      switch (kind) {
        case BOOLEAN:
          return booleanOf(value);
        case INTEGER:
        case DECIMAL:
          return bitString ? bitsOf(value) : number(value);
        case FLOAT:
          return value instanceof Number ? floatOf((Number) value) : fallback(value);
        case STRING:
          return stringOf(value);
        case BINARY:
          return binaryOf(value);
        case JSON:
          return Json.canonical(text(value));
        case UUID:
          return uuidOf(value);
        case DATE:
          return dateOf(value);
        case TIME:
          return interval ? intervalOf(value) : timeOf(value);
        case LOCAL_DATE_TIME:
          return localDateTimeOf(value);
        case INSTANT:
          return instantOf(value);
        default:
          return geometry ? geometryOf(value) : fallback(value);
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("could not read a " + kind + " value: " + e.getMessage(), e);
    }
  }

  /** A MariaDB geometry: a point as '(x,y)', any other geometry by its bytes. */
  private NormalizedValue geometryOf(Object value) throws SQLException, IOException {
    if (value instanceof byte[]) {
      double[] point = Points.fromMariaDb((byte[]) value);
      return point == null
          ? NormalizedValue.ofBinary((byte[]) value)
          : NormalizedValue.ofOther(Points.text(point));
    }
    return fallback(value);
  }

  /** The value by its Java type when the column's rule does not fit what the driver returned. */
  private NormalizedValue fallback(Object value) throws SQLException, IOException {
    if (value instanceof Boolean) {
      return NormalizedValue.ofBoolean((Boolean) value);
    }
    if (value instanceof Float || value instanceof Double) {
      return floatOf((Number) value);
    }
    if (value instanceof Number) {
      return number(value);
    }
    if (value instanceof byte[] || value instanceof Blob) {
      return binaryOf(value);
    }
    if (value instanceof UUID) {
      return NormalizedValue.ofUuid((UUID) value);
    }
    if (value instanceof LocalDate || value instanceof java.sql.Date) {
      return dateOf(value);
    }
    if (value instanceof LocalTime || value instanceof java.sql.Time) {
      return timeOf(value);
    }
    if (value instanceof LocalDateTime || value instanceof Timestamp) {
      return localDateTimeOf(value);
    }
    if (value instanceof OffsetDateTime || value instanceof ZonedDateTime) {
      return instantOf(value);
    }
    if (value instanceof String || value instanceof Clob) {
      return NormalizedValue.ofString(text(value));
    }
    if (value instanceof java.sql.SQLXML) {
      // pgjdbc's SQLXML has no toString() of its content: read the document.
      return NormalizedValue.ofString(((java.sql.SQLXML) value).getString());
    }
    return NormalizedValue.ofOther(value.toString());
  }

  private NormalizedValue booleanOf(Object value) throws SQLException, IOException {
    if (value instanceof Boolean) {
      return NormalizedValue.ofBoolean((Boolean) value);
    }
    if (value instanceof Number) {
      NormalizedValue n = number(value);
      if (n.kind == NormalizedValue.Kind.INTEGER && (n.a == 0 || n.a == 1)) {
        return NormalizedValue.ofBoolean(n.a == 1);
      }
      return n;
    }
    if (value instanceof byte[] && ((byte[]) value).length == 1) {
      byte bit = ((byte[]) value)[0];
      return bit == 0 || bit == 1 ? NormalizedValue.ofBoolean(bit == 1) : binaryOf(value);
    }
    if (value instanceof String) {
      Boolean parsed = parseBoolean((String) value);
      return parsed == null
          ? NormalizedValue.ofString((String) value)
          : NormalizedValue.ofBoolean(parsed);
    }
    return fallback(value);
  }

  /** The boolean a text spells ('t'/'f', 'true'/'false', '1'/'0', 'y'/'n'), or null. */
  static Boolean parseBoolean(String s) {
    switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "t":
      case "true":
      case "1":
      case "y":
      case "yes":
      case "on":
        return Boolean.TRUE;
      case "f":
      case "false":
      case "0":
      case "n":
      case "no":
      case "off":
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  private NormalizedValue number(Object value) throws SQLException, IOException {
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return NormalizedValue.ofLong(((Number) value).longValue());
    }
    if (value instanceof BigDecimal) {
      return NormalizedValue.ofDecimal((BigDecimal) value);
    }
    if (value instanceof BigInteger) {
      return NormalizedValue.ofDecimal(new BigDecimal((BigInteger) value));
    }
    if (value instanceof Float || value instanceof Double) {
      return floatOf((Number) value);
    }
    if (value instanceof Boolean) {
      return NormalizedValue.ofLong((Boolean) value ? 1 : 0);
    }
    if (value instanceof java.sql.Date) {
      // YEAR as MariaDB reports it: January 1st of the year.
      return NormalizedValue.ofLong(((java.sql.Date) value).toLocalDate().getYear());
    }
    if (value instanceof LocalDate) {
      return NormalizedValue.ofLong(((LocalDate) value).getYear());
    }
    if (value instanceof String) {
      try {
        return NormalizedValue.ofDecimal(new BigDecimal(((String) value).trim()));
      } catch (NumberFormatException notANumber) {
        return NormalizedValue.ofString((String) value);
      }
    }
    return fallback(value);
  }

  /**
   * A multi-bit BIT or varbit value as the unsigned number its bits spell, so MariaDB's bytes
   * {0x00, 0x05} and PostgreSQL's '0000000101' are one value whatever the declared widths.
   */
  private NormalizedValue bitsOf(Object value) throws SQLException, IOException {
    if (value instanceof byte[]) {
      return unsigned((byte[]) value);
    }
    if (value instanceof Number || value instanceof Boolean) {
      return number(value);
    }
    // pgjdbc's PGobject, or text: '0101', or b'101' as MariaDB's getString spells it.
    String s = value.toString();
    int from = 0;
    int to = s.length();
    if (to >= 3
        && (s.charAt(0) == 'b' || s.charAt(0) == 'B')
        && s.charAt(1) == '\''
        && s.charAt(to - 1) == '\'') {
      from = 2;
      to--;
    }
    while (from < to && s.charAt(from) == '0') {
      from++;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c != '0' && c != '1') {
        return NormalizedValue.ofString(s);
      }
      v = v << 1 | (c - '0');
    }
    if (to - from < Long.SIZE) {
      return NormalizedValue.ofLong(v);
    }
    return NormalizedValue.ofDecimal(new BigDecimal(new BigInteger(s.substring(from, to), 2)));
  }

  /** Big-endian bytes as the unsigned number they spell. */
  static NormalizedValue unsigned(byte[] bytes) {
    int from = 0;
    while (from < bytes.length && bytes[from] == 0) {
      from++;
    }
    if (bytes.length - from < Long.BYTES || bytes.length - from == Long.BYTES && bytes[from] > 0) {
      long v = 0;
      for (int i = from; i < bytes.length; i++) {
        v = v << 8 | (bytes[i] & 0xff);
      }
      return NormalizedValue.ofLong(v);
    }
    return NormalizedValue.ofDecimal(new BigDecimal(new BigInteger(1, bytes)));
  }

  private static NormalizedValue floatOf(Number value) {
    return NormalizedValue.ofDouble(
        value instanceof Float ? (double) value.floatValue() : value.doubleValue());
  }

  private NormalizedValue stringOf(Object value) throws SQLException, IOException {
    if (!(value instanceof String) && !(value instanceof Clob)) {
      return fallback(value);
    }
    String s = text(value);
    return NormalizedValue.ofString(padded ? stripTrailingSpaces(s) : s);
  }

  static String stripTrailingSpaces(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return end == s.length() ? s : s.substring(0, end);
  }

  private NormalizedValue binaryOf(Object value) throws SQLException, IOException {
    if (value instanceof byte[]) {
      return NormalizedValue.ofBinary((byte[]) value);
    }
    if (value instanceof Blob) {
      Blob blob = (Blob) value;
      long length = blob.length();
      if (length > Integer.MAX_VALUE - 16) {
        throw new SQLException("blob too large to compare: " + length + " bytes");
      }
      return NormalizedValue.ofBinary(blob.getBytes(1, (int) length));
    }
    if (value instanceof UUID) {
      return NormalizedValue.ofUuid((UUID) value);
    }
    if (value instanceof Boolean) {
      return NormalizedValue.ofBoolean((Boolean) value);
    }
    return fallback(value);
  }

  private NormalizedValue uuidOf(Object value) throws SQLException, IOException {
    if (value instanceof UUID) {
      return NormalizedValue.ofUuid((UUID) value);
    }
    if (value instanceof byte[] && ((byte[]) value).length == 16) {
      return NormalizedValue.ofUuid(uuidFromBytes((byte[]) value));
    }
    if (value instanceof String) {
      UUID parsed = parseUuid((String) value);
      return parsed == null
          ? NormalizedValue.ofString((String) value)
          : NormalizedValue.ofUuid(parsed);
    }
    return fallback(value);
  }

  static UUID uuidFromBytes(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new UUID(buffer.getLong(), buffer.getLong());
  }

  /** The UUID a text spells in the 8-4-4-4-12 form, any case, or null. */
  static UUID parseUuid(String s) {
    String t = s.trim();
    if (t.length() != 36
        || t.charAt(8) != '-'
        || t.charAt(13) != '-'
        || t.charAt(18) != '-'
        || t.charAt(23) != '-') {
      return null;
    }
    try {
      return UUID.fromString(t);
    } catch (IllegalArgumentException notAUuid) {
      return null;
    }
  }

  private NormalizedValue dateOf(Object value) throws SQLException, IOException {
    if (value instanceof LocalDate) {
      return NormalizedValue.ofDate((LocalDate) value);
    }
    if (value instanceof java.sql.Date) {
      return NormalizedValue.ofDate(((java.sql.Date) value).toLocalDate());
    }
    if (value instanceof LocalDateTime) {
      return NormalizedValue.ofDate(((LocalDateTime) value).toLocalDate());
    }
    if (value instanceof Timestamp) {
      return NormalizedValue.ofDate(((Timestamp) value).toLocalDateTime().toLocalDate());
    }
    if (value instanceof String) {
      try {
        return NormalizedValue.ofDate(LocalDate.parse(((String) value).trim()));
      } catch (DateTimeParseException notADate) {
        return NormalizedValue.ofString((String) value);
      }
    }
    return fallback(value);
  }

  private NormalizedValue timeOf(Object value) throws SQLException, IOException {
    if (value instanceof LocalTime) {
      // PostgreSQL's time '24:00:00' comes back as LocalTime.MAX (time has microseconds only).
      return value.equals(LocalTime.MAX)
          ? NormalizedValue.ofDuration(NANOS_PER_DAY)
          : NormalizedValue.ofTime((LocalTime) value);
    }
    if (value instanceof java.sql.Time) {
      if (engine == Engine.MYSQL) {
        // MariaDB's driver builds the Time of a TIME value as its signed duration in milliseconds
        // less the JVM zone's offset at the epoch (toLocalTime would wrap it into a day).
        long millis = ((java.sql.Time) value).getTime() + TimeZone.getDefault().getOffset(0L);
        return NormalizedValue.ofDuration(millis * 1_000_000L);
      }
      return NormalizedValue.ofTime(((java.sql.Time) value).toLocalTime());
    }
    if (value instanceof OffsetTime) {
      return NormalizedValue.ofTime(
          ((OffsetTime) value).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime());
    }
    if (value instanceof String) {
      long nanos = parseDuration((String) value);
      if (nanos != NOT_A_DURATION) {
        return NormalizedValue.ofDuration(nanos);
      }
      try {
        return NormalizedValue.ofTime(LocalTime.parse(((String) value).trim()));
      } catch (DateTimeParseException notATime) {
        return NormalizedValue.ofString((String) value);
      }
    }
    return fallback(value);
  }

  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  /** 1582-10-15T00:00Z, where java.util's calendar turns from Julian to Gregorian. */
  private static final long GREGORIAN_CUTOVER_MILLIS = -12_219_292_800_000L;

  /** What {@link #parseDuration} returns for text that is not a duration. */
  static final long NOT_A_DURATION = Long.MIN_VALUE;

  /**
   * A signed duration in nanoseconds from text in the form {@code [-]H:MM:SS[.fffffffff]}, hours of
   * any number of digits (MariaDB's TIME, as '-838:59:59.000000'; PostgreSQL's time and the time
   * part of its interval), or {@link #NOT_A_DURATION}.
   */
  static long parseDuration(String text) {
    String s = text.trim();
    int i = 0;
    boolean negative = false;
    if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    int colon = s.indexOf(':', i);
    if (colon <= i
        || colon > i + 12
        || s.length() < colon + 6
        || s.charAt(colon + 3) != ':'
        || !digits(s, i, colon)
        || !digits(s, colon + 1, colon + 3)
        || !digits(s, colon + 4, colon + 6)) {
      return NOT_A_DURATION;
    }
    long hours = Long.parseLong(s, i, colon, 10);
    int minutes = Integer.parseInt(s, colon + 1, colon + 3, 10);
    int seconds = Integer.parseInt(s, colon + 4, colon + 6, 10);
    long fraction = 0;
    int end = colon + 6;
    if (end < s.length()) {
      int digits = s.length() - end - 1;
      if (s.charAt(end) != '.' || digits < 1 || digits > 9 || !digits(s, end + 1, s.length())) {
        return NOT_A_DURATION;
      }
      fraction = Long.parseLong(s, end + 1, s.length(), 10);
      for (int d = digits; d < 9; d++) {
        fraction *= 10;
      }
    }
    if (minutes > 59 || seconds > 59) {
      return NOT_A_DURATION;
    }
    long nanos = ((hours * 60 + minutes) * 60 + seconds) * 1_000_000_000L + fraction;
    return negative ? -nanos : nanos;
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return from < to;
  }

  /**
   * A PostgreSQL interval: a duration (TIME) when it has no months and no days, else an OTHER value
   * of its three fields. A day is not 24 hours to PostgreSQL's date arithmetic (DST), nor a month
   * 30 days, so '1 day' and '24:00:00' are different values, as their text is.
   */
  private static NormalizedValue intervalOf(Object value) {
    String text = value.toString();
    long[] fields = parseInterval(text);
    if (fields == null) {
      return NormalizedValue.ofOther(text);
    }
    if (fields[0] == 0 && fields[1] == 0) {
      return NormalizedValue.ofDuration(fields[2]);
    }
    return NormalizedValue.ofOther(
        fields[0] + " mons " + fields[1] + " days " + NormalizedValue.ofDuration(fields[2]));
  }

  /**
   * An interval's months, days and nanoseconds from pgjdbc's PGInterval text ('0 years 0 mons 1
   * days -2 hours 0 mins 0.5 secs') or PostgreSQL's own output ('-1 years +2 days 03:04:05.678',
   * '838:59:59'), or null for anything else.
   */
  static long[] parseInterval(String text) {
    String[] tokens = text.trim().split("\\s+");
    long months = 0;
    long days = 0;
    long nanos = 0;
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      if (t.indexOf(':') >= 0) {
        long d = parseDuration(t);
        if (d == NOT_A_DURATION) {
          return null;
        }
        nanos += d;
        continue;
      }
      if (i + 1 >= tokens.length) {
        return t.equals("0") && tokens.length == 1 ? new long[] {0, 0, 0} : null;
      }
      String unit = tokens[++i].toLowerCase(Locale.ROOT);
      try {
        BigDecimal n = new BigDecimal(t.startsWith("+") ? t.substring(1) : t);
        switch (unit) {
          case "year", "years" -> months += n.longValueExact() * 12;
          case "mon", "mons" -> months += n.longValueExact();
          case "day", "days" -> days += n.longValueExact();
          case "hour", "hours" -> nanos += n.longValueExact() * 3_600_000_000_000L;
          case "min", "mins" -> nanos += n.longValueExact() * 60_000_000_000L;
          case "sec", "secs" -> nanos += n.movePointRight(9).longValueExact();
          default -> {
            return null;
          }
        }
      } catch (NumberFormatException | ArithmeticException notAnInterval) {
        return null;
      }
    }
    return new long[] {months, days, nanos};
  }

  private NormalizedValue localDateTimeOf(Object value) throws SQLException, IOException {
    if (value instanceof LocalDateTime) {
      return NormalizedValue.ofLocalDateTime((LocalDateTime) value);
    }
    if (value instanceof Timestamp) {
      return NormalizedValue.ofLocalDateTime(((Timestamp) value).toLocalDateTime());
    }
    if (value instanceof OffsetDateTime || value instanceof ZonedDateTime) {
      return instantOf(value);
    }
    if (value instanceof String) {
      try {
        return NormalizedValue.ofLocalDateTime(
            LocalDateTime.parse(((String) value).trim().replace(' ', 'T')));
      } catch (DateTimeParseException notATimestamp) {
        return NormalizedValue.ofString((String) value);
      }
    }
    return fallback(value);
  }

  /**
   * An instant. Zone-aware values carry their own offset; a zone-less value (MySQL {@code
   * TIMESTAMP}, which the server converts to the session's zone, or any wall-clock value in an
   * instant column) is placed on the time line in {@link NormalizerOptions#zone()}, a MySQL one in
   * {@link NormalizerOptions#mysqlTimestampZone()}. A {@link Timestamp} from a zone-less column is
   * read as its wall-clock fields, never through the JVM's default zone, so the result does not
   * depend on where the JVM runs.
   */
  private NormalizedValue instantOf(Object value) throws SQLException, IOException {
    // MySQL's zone-less instants are TIMESTAMP values, in the session's zone.
    ZoneId wallZone = engine == Engine.MYSQL ? options.mysqlTimestampZone() : options.zone();
    if (value instanceof OffsetDateTime) {
      return NormalizedValue.ofInstant(((OffsetDateTime) value).toInstant());
    }
    if (value instanceof ZonedDateTime) {
      return NormalizedValue.ofInstant(((ZonedDateTime) value).toInstant());
    }
    if (value instanceof Instant) {
      return NormalizedValue.ofInstant((Instant) value);
    }
    if (value instanceof Timestamp) {
      Timestamp ts = (Timestamp) value;
      if (engine == Engine.MYSQL) {
        return NormalizedValue.ofInstant(ts.toLocalDateTime().atZone(wallZone).toInstant());
      }
      if (ts.getTime() < GREGORIAN_CUTOVER_MILLIS) {
        // A Timestamp counts days before 1582-10-15 in the Julian calendar: 0001-01-01 00:00Z
        // (Go's zero time) is two days off as an Instant; its fields are the date as written.
        return NormalizedValue.ofInstant(
            ts.toLocalDateTime().atZone(ZoneId.systemDefault()).toInstant());
      }
      return NormalizedValue.ofInstant(ts.toInstant());
    }
    if (value instanceof LocalDateTime) {
      return NormalizedValue.ofInstant(((LocalDateTime) value).atZone(wallZone).toInstant());
    }
    if (value instanceof String) {
      String s = ((String) value).trim().replace(' ', 'T');
      try {
        return NormalizedValue.ofInstant(OffsetDateTime.parse(s).toInstant());
      } catch (DateTimeParseException noOffset) {
        return localDateTimeOf(s).kind == NormalizedValue.Kind.LOCAL_DATE_TIME
            ? NormalizedValue.ofInstant(LocalDateTime.parse(s).atZone(wallZone).toInstant())
            : NormalizedValue.ofString((String) value);
      }
    }
    return fallback(value);
  }

  private static String text(Object value) throws SQLException, IOException {
    if (value instanceof Clob) {
      Clob clob = (Clob) value;
      StringBuilder sb = new StringBuilder();
      try (Reader reader = clob.getCharacterStream()) {
        char[] buffer = new char[8192];
        for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
          sb.append(buffer, 0, n);
        }
      }
      return sb.toString();
    }
    if (value instanceof byte[]) {
      return new String((byte[]) value, java.nio.charset.StandardCharsets.UTF_8);
    }
    return value.toString();
  }

  @Override
  public String toString() {
    return kind
        + (kind == NormalizedValue.Kind.TIME
                || kind == NormalizedValue.Kind.LOCAL_DATE_TIME
                || kind == NormalizedValue.Kind.INSTANT
            ? "(" + fractionDigits + ")"
            : "")
        + (singlePrecision ? "(float4)" : "")
        + (padded ? "(padded)" : "")
        + (bitString ? "(bits)" : "")
        + (interval ? "(interval)" : "");
  }
}
