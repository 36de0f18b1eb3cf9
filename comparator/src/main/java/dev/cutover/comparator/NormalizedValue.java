package dev.cutover.comparator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

/**
 * One JDBC value in a canonical, engine-independent form, built once at capture so that comparing
 * is a matter of comparing longs or already-canonical objects.
 *
 * <p>{@link #equals} is exact canonical equality; the tolerant rules (float tolerance, timestamp
 * precision, cross-type comparisons) live in {@link ResultComparator}.
 */
public final class NormalizedValue {

  /** The canonical form a value was reduced to. */
  public enum Kind {
    /** SQL NULL; equals only NULL. */
    NULL,
    /** A boolean, 0 or 1. */
    BOOLEAN,
    /** An integral number that fits in a long, whatever its JDBC width or scale. */
    INTEGER,
    /** A non-integral (or out of long range) exact number, trailing zeros stripped. */
    DECIMAL,
    /** A binary floating-point number. */
    FLOAT,
    /** Text. */
    STRING,
    /** Bytes. */
    BINARY,
    /** A JSON document in canonical text: keys sorted, numbers scale-free. */
    JSON,
    /** A UUID. */
    UUID,
    /** A calendar date. */
    DATE,
    /**
     * A time of day, or a signed duration (MySQL's and MariaDB's TIME, from -838:59:59 to
     * 838:59:59; a PostgreSQL interval without months or days).
     */
    TIME,
    /** A wall-clock date and time without zone. */
    LOCAL_DATE_TIME,
    /** A point on the time line. */
    INSTANT,
    /** A value of a type no rule covers, compared by its text. */
    OTHER
  }

  /** The NULL value. */
  public static final NormalizedValue NULL = new NormalizedValue(Kind.NULL, 0, 0, null, 0x5f3759df);

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  static final NormalizedValue TRUE = new NormalizedValue(Kind.BOOLEAN, 1, 0, null, 1231);
  static final NormalizedValue FALSE = new NormalizedValue(Kind.BOOLEAN, 0, 0, null, 1237);

  final Kind kind;

  /**
   * INTEGER/BOOLEAN value, FLOAT bits, DATE epoch day, TIME nano of day, seconds, UUID high; for a
   * DECIMAL the scale the driver delivered it with, trailing zeros counted, which equality ignores.
   */
  final long a;

  /** Nanoseconds of LOCAL_DATE_TIME/INSTANT, UUID low bits. */
  final long b;

  /** DECIMAL BigDecimal, STRING/JSON/OTHER String, BINARY byte[]. */
  final Object ref;

  /** A hash that equal values share; strings hash without trailing whitespace. */
  final int hash;

  private NormalizedValue(Kind kind, long a, long b, Object ref, int hash) {
    this.kind = kind;
    this.a = a;
    this.b = b;
    this.ref = ref;
    this.hash = hash;
  }

  static NormalizedValue ofBoolean(boolean v) {
    return v ? TRUE : FALSE;
  }

  static NormalizedValue ofLong(long v) {
    return new NormalizedValue(Kind.INTEGER, v, 0, null, Long.hashCode(v));
  }

  /** A decimal reduced to INTEGER when integral and in range, else stripped of trailing zeros. */
  static NormalizedValue ofDecimal(BigDecimal v) {
    if (v.signum() == 0) {
      return ofLong(0);
    }
    BigDecimal stripped = v.stripTrailingZeros();
    if (stripped.scale() <= 0
        && stripped.compareTo(LONG_MIN) >= 0
        && stripped.compareTo(LONG_MAX) <= 0) {
      return ofLong(stripped.longValueExact());
    }
    return new NormalizedValue(Kind.DECIMAL, v.scale(), 0, stripped, stripped.hashCode());
  }

  /**
   * Whether this is a PostgreSQL numeric with the digits its division gives a quotient (and so
   * AVG): at least 16 - 4 * w fractional digits, w the base-10000 weight of the leading digit
   * (select_div_scale keeps 16 significant digits counted in base-10000 digits). A stored value, or
   * one computed exactly from stored values (MIN, SUM, d * 1), keeps its columns' scale.
   */
  boolean carriesQuotientDigits() {
    if (kind != Kind.DECIMAL) {
      return false;
    }
    BigDecimal d = (BigDecimal) ref;
    // The leading digit is at 10^(leading - 1).
    int leading = d.precision() - d.scale();
    int weight = Math.floorDiv(leading - 1, 4);
    return a >= 16L - 4L * weight;
  }

  static NormalizedValue ofDouble(double v) {
    double canonical = v == 0.0 ? 0.0 : v;
    long bits = Double.doubleToLongBits(canonical);
    return new NormalizedValue(Kind.FLOAT, bits, 0, null, Long.hashCode(bits));
  }

  static NormalizedValue ofString(String v) {
    return new NormalizedValue(Kind.STRING, 0, 0, v, hashWithoutTrailingWhitespace(v));
  }

  static NormalizedValue ofJson(String canonical) {
    return new NormalizedValue(Kind.JSON, 0, 0, canonical, canonical.hashCode());
  }

  static NormalizedValue ofOther(String text) {
    return new NormalizedValue(Kind.OTHER, 0, 0, text, text.hashCode());
  }

  static NormalizedValue ofBinary(byte[] v) {
    return new NormalizedValue(Kind.BINARY, 0, 0, v, Arrays.hashCode(v));
  }

  static NormalizedValue ofUuid(UUID v) {
    long hi = v.getMostSignificantBits();
    long lo = v.getLeastSignificantBits();
    return new NormalizedValue(Kind.UUID, hi, lo, null, Long.hashCode(hi ^ lo));
  }

  static NormalizedValue ofDate(LocalDate v) {
    long day = v.toEpochDay();
    return new NormalizedValue(Kind.DATE, day, 0, null, Long.hashCode(day));
  }

  static NormalizedValue ofTime(LocalTime v) {
    return ofDuration(v.toNanoOfDay());
  }

  /** A TIME of a signed number of nanoseconds, a time of day when within one day. */
  static NormalizedValue ofDuration(long nanos) {
    return new NormalizedValue(Kind.TIME, nanos, 0, null, Long.hashCode(nanos));
  }

  static NormalizedValue ofLocalDateTime(LocalDateTime v) {
    long seconds = v.toEpochSecond(ZoneOffset.UTC);
    int nanos = v.getNano();
    return new NormalizedValue(
        Kind.LOCAL_DATE_TIME, seconds, nanos, null, Long.hashCode(seconds) * 31 + nanos);
  }

  static NormalizedValue ofInstant(Instant v) {
    long seconds = v.getEpochSecond();
    int nanos = v.getNano();
    return new NormalizedValue(
        Kind.INSTANT, seconds, nanos, null, Long.hashCode(seconds) * 31 + nanos);
  }

  private static int hashWithoutTrailingWhitespace(String s) {
    int end = s.length();
    while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    int h = 0;
    for (int i = 0; i < end; i++) {
      h = 31 * h + s.charAt(i);
    }
    return h;
  }

  /** The canonical form of this value. */
  public Kind kind() {
    return kind;
  }

  /** True for SQL NULL. */
  public boolean isNull() {
    return kind == Kind.NULL;
  }

  double asDouble() {
    switch (kind) {
      case FLOAT:
        return Double.longBitsToDouble(a);
      case INTEGER:
      case BOOLEAN:
        return a;
      case DECIMAL:
        return ((BigDecimal) ref).doubleValue();
      default:
        throw new IllegalStateException("Invalid kind for a number: " + kind);
    }
  }

  /** A rough count of the heap bytes this value holds, for capture budgets. */
  long estimatedBytes() {
    switch (kind) {
      case STRING:
      case JSON:
      case OTHER:
        return 56L + 2L * ((String) ref).length();
      case BINARY:
        return 48L + ((byte[]) ref).length;
      case DECIMAL:
        return 80;
      case NULL:
      case BOOLEAN:
        return 8;
      default:
        return 40;
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NormalizedValue)) {
      return false;
    }
    NormalizedValue other = (NormalizedValue) o;
    if (kind == Kind.DECIMAL) {
      return other.kind == Kind.DECIMAL && ref.equals(other.ref);
    }
    if (kind != other.kind || a != other.a || b != other.b) {
      return false;
    }
    if (ref instanceof byte[]) {
      return Arrays.equals((byte[]) ref, (byte[]) other.ref);
    }
    return ref == null ? other.ref == null : ref.equals(other.ref);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** The value as a person reads it in a mismatch report. */
  @Override
  public String toString() {
    switch (kind) {
      case NULL:
        return "NULL";
      case BOOLEAN:
        return a == 1 ? "true" : "false";
      case INTEGER:
        return Long.toString(a);
      case DECIMAL:
        return ((BigDecimal) ref).toPlainString();
      case FLOAT:
        return Double.toString(Double.longBitsToDouble(a));
      case STRING:
        return "'" + ref + "'";
      case JSON:
      case OTHER:
        return (String) ref;
      case BINARY:
        return hex((byte[]) ref);
      case UUID:
        return new UUID(a, b).toString();
      case DATE:
        return LocalDate.ofEpochDay(a).toString();
      case TIME:
        return a >= 0 && a < LocalTime.MAX.toNanoOfDay()
            ? LocalTime.ofNanoOfDay(a).toString()
            : duration(a);
      case LOCAL_DATE_TIME:
        return LocalDateTime.ofEpochSecond(a, (int) b, ZoneOffset.UTC).toString();
      case INSTANT:
        return Instant.ofEpochSecond(a, b).toString();
      default:
        throw new IllegalStateException("Invalid kind: " + kind);
    }
  }

  /** A duration as MariaDB writes a TIME: [-]H:MM:SS with the fraction's significant digits. */
  private static String duration(long nanos) {
    long n = Math.abs(nanos);
    long seconds = n / 1_000_000_000L;
    StringBuilder sb =
        new StringBuilder(nanos < 0 ? "-" : "")
            .append(seconds / 3600)
            .append(String.format(":%02d:%02d", seconds / 60 % 60, seconds % 60));
    long fraction = n % 1_000_000_000L;
    if (fraction != 0) {
      String digits = String.format("%09d", fraction);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(digits, 0, end);
    }
    return sb.toString();
  }

  private static String hex(byte[] bytes) {
    int shown = Math.min(bytes.length, 64);
    StringBuilder sb = new StringBuilder(2 + shown * 2 + 16).append("0x");
    for (int i = 0; i < shown; i++) {
      sb.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16))
          .append(Character.forDigit(bytes[i] & 0xf, 16));
    }
    if (shown < bytes.length) {
      sb.append("... (").append(bytes.length).append(" bytes)");
    }
    return sb.toString();
  }
}
