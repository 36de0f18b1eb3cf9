package dev.cutover.comparator.verify;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Compares two JDBC values from different engines as equal or not, for the row-level comparison
 * after bisection: decimals by value, booleans and 0/1 alike, floats within a relative 1e-6,
 * timestamps at microseconds, binary by bytes. A stand-in for the comparator's shared
 * normalization.
 */
final class RowNormalizer {
  private RowNormalizer() {}

  static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    Object x = normalize(a);
    Object y = normalize(b);
    if (x instanceof BigDecimal p && y instanceof BigDecimal q) {
      return p.compareTo(q) == 0;
    }
    if (x instanceof Double p && y instanceof Double q) {
      return p.equals(q) || Math.abs(p - q) <= 1e-6 * Math.max(Math.abs(p), Math.abs(q));
    }
    if (x instanceof Double || y instanceof Double) {
      return toDouble(x) != null && toDouble(y) != null && same(toDouble(x), toDouble(y));
    }
    return Objects.equals(x, y);
  }

  /**
   * Two bit strings (as {@code RowCopy.readValue} reads them) by their unsigned value, as the
   * canonical text compares them: '0000000101' in a bit(10) is '101' in a varbit.
   */
  static boolean sameBits(Object a, Object b) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    return withoutLeadingZeros(a.toString()).equals(withoutLeadingZeros(b.toString()));
  }

  /**
   * Two floats (or a float and an exact number) at {@code scale} decimals of their shortest decimal
   * text, as the canonical text compares them; NaN and infinities by themselves.
   */
  static boolean sameFloat(Object a, Object b, int scale) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    BigDecimal x = decimal(a);
    BigDecimal y = decimal(b);
    if (x == null || y == null) {
      return x == null && y == null && Double.compare(number(a), number(b)) == 0;
    }
    return x.setScale(scale, RoundingMode.HALF_UP)
            .compareTo(y.setScale(scale, RoundingMode.HALF_UP))
        == 0;
  }

  /**
   * Two values as the floats they round to, exactly, as the canonical text compares a MariaDB FLOAT
   * with anything (read as {@code x + 0e0}, not as the six digits MariaDB sends).
   */
  static boolean sameFloat32(Object a, Object b) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    float x = (float) number(a);
    float y = (float) number(b);
    // == holds 0 and -0 equal, as the canonical text does; NaN equals only NaN.
    return x == y || Float.isNaN(x) && Float.isNaN(y);
  }

  /** A number's shortest decimal text as a BigDecimal; null for NaN and infinities. */
  private static BigDecimal decimal(Object v) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Float f) {
      return Float.isFinite(f) ? new BigDecimal(Float.toString(f)) : null;
    }
    if (v instanceof Double d) {
      return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : null;
    }
    if (v instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    try {
      return new BigDecimal(v.toString().trim());
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }

  /** A SET's text and an array by their members, as the canonical text compares them. */
  static boolean sameSet(Object a, Object b) throws java.sql.SQLException {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    return setText(a).equals(setText(b));
  }

  private static String setText(Object v) throws java.sql.SQLException {
    if (v instanceof java.sql.Array array) {
      StringBuilder sb = new StringBuilder();
      Object[] members = (Object[]) array.getArray();
      for (int k = 0; k < members.length; k++) {
        sb.append(k == 0 ? "" : ",").append(members[k]);
      }
      return sb.toString();
    }
    return v.toString();
  }

  /**
   * Two points, a MariaDB geometry's bytes or PostgreSQL's '(x,y)', by their coordinates at six
   * decimals, as the canonical text compares them.
   */
  static boolean samePoint(Object a, Object b) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    double[] x = point(a);
    double[] y = point(b);
    if (x == null || y == null) {
      return false;
    }
    return sameFloat(x[0], y[0], 15) && sameFloat(x[1], y[1], 15);
  }

  private static double[] point(Object v) {
    return v instanceof byte[] bytes
        ? dev.cutover.comparator.chunk.Points.fromMariaDb(bytes)
        : dev.cutover.comparator.chunk.Points.parse(v.toString());
  }

  /**
   * Two strings; where either column is fixed-width ({@code CHAR(n)}, PostgreSQL's bpchar, read
   * back padded with spaces), without trailing spaces, as the canonical text compares them (a
   * bpchar's text drops its padding, MariaDB returns CHAR without it).
   */
  static boolean sameText(Canonical.Pair pair, Object a, Object b) {
    if (isFixedWidth(pair.old()) || isFixedWidth(pair.neu())) {
      return same(
          a instanceof String s ? stripTrailingSpaces(s) : a,
          b instanceof String t ? stripTrailingSpaces(t) : b);
    }
    return same(a, b);
  }

  private static boolean isFixedWidth(dev.cutover.comparator.chunk.Column c) {
    String t = c.typeName().toLowerCase(java.util.Locale.ROOT);
    return t.equals("bpchar") || t.equals("char") || t.equals("character") || t.equals("nchar");
  }

  private static String stripTrailingSpaces(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }

  /**
   * Two UUIDs held as a uuid's text, 16 bytes or text in either case (as {@code RowCopy.readValue}
   * reads them), by the UUID they spell, as the canonical text compares them.
   */
  static boolean sameUuid(Object a, Object b) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    return uuidText(a).equals(uuidText(b));
  }

  private static String uuidText(Object v) {
    if (v instanceof byte[] bytes && bytes.length == 16) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
      return new java.util.UUID(buffer.getLong(), buffer.getLong()).toString();
    }
    if (v instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    String t = v.toString().trim().toLowerCase(java.util.Locale.ROOT);
    if (t.length() == 32 && t.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
      return t.substring(0, 8)
          + '-'
          + t.substring(8, 12)
          + '-'
          + t.substring(12, 16)
          + '-'
          + t.substring(16, 20)
          + '-'
          + t.substring(20);
    }
    return t;
  }

  private static String withoutLeadingZeros(String bits) {
    int from = 0;
    while (from < bits.length() && bits.charAt(from) == '0') {
      from++;
    }
    return bits.substring(from);
  }

  private static Double toDouble(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    return null;
  }

  /** A number, or a number's text, as a double; NaN for anything else. */
  private static double number(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(v.toString().trim());
    } catch (NumberFormatException notANumber) {
      return Double.NaN;
    }
  }

  private static Object normalize(Object v) {
    if (v instanceof Boolean b) {
      return b ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (v instanceof Float f) {
      return (double) f;
    }
    if (v instanceof Double) {
      return v;
    }
    if (v instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    if (v instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    if (v instanceof Timestamp t) {
      return micros(t.toLocalDateTime());
    }
    if (v instanceof LocalDateTime t) {
      return micros(t);
    }
    if (v instanceof OffsetDateTime t) {
      // pgjdbc's infinities: MAX and MIN carry offsets that do not move to UTC.
      if (t.equals(OffsetDateTime.MAX) || t.equals(OffsetDateTime.MIN)) {
        return micros(t.toLocalDateTime());
      }
      return micros(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof LocalDate) {
      return v;
    }
    return v.toString();
  }

  private static LocalDateTime micros(LocalDateTime t) {
    return t.withNano(t.getNano() / 1000 * 1000);
  }
}
