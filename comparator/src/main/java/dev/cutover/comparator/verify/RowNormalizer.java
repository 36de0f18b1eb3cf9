package dev.cutover.comparator.verify;

import java.math.BigDecimal;
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
    return v.toString().trim().toLowerCase(java.util.Locale.ROOT);
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
