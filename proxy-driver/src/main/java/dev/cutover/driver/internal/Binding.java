package dev.cutover.driver.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Types;
import java.util.Calendar;
import java.util.HexFormat;

/**
 * One captured parameter value, replayable on any connection.
 *
 * <p>Dual-write sends the same statement twice, so every setter is recorded exactly as the
 * application called it (type, target SQL type, scale, calendar) instead of being forwarded.
 * Streams and LOBs can be read only once: they are buffered up to a cap, and a value over the cap
 * is still given whole to the primary but marked not replayable, so the secondary write is
 * journaled instead of guessed.
 */
public abstract class Binding {
  /** Applies this value to {@code ps} at {@code index}. */
  abstract void apply(PreparedStatement ps, int index) throws SQLException;

  /** The value as a journal/report shows it. */
  abstract Object display();

  /** False when the value could not be captured for a second execution. */
  boolean replayable() {
    return true;
  }

  /** What {@link #plainValue} returns for a value bound with more than a plain setter. */
  static final Object NOT_PLAIN = new Object();

  /**
   * The value as the application gave it to a plain setter ({@code setInt}, {@code setString},
   * {@code setNull}, {@code setObject(i, x)}, ...; null for a NULL), or {@link #NOT_PLAIN} when it
   * was bound with a calendar, a stream, a scale or a target type that must be kept.
   */
  Object plainValue() {
    return NOT_PLAIN;
  }

  /**
   * This value without the scale given to {@code setObject(i, x, NUMERIC or DECIMAL, scale)}:
   * MariaDB Connector/J ignores that scale (the column's own scale rounds the value), where pgjdbc
   * rounds the value to it first. Other bindings are returned as they are.
   */
  Binding withoutScale() {
    return this;
  }

  static Binding of(Object value, Setter setter) {
    return new Simple(value, setter);
  }

  /** Applies a plain value through the setter the application used. */
  @FunctionalInterface
  interface Setter {
    void set(PreparedStatement ps, int index, Object value) throws SQLException;
  }

  private static final class Simple extends Binding {
    private final Object value;
    private final Setter setter;

    Simple(Object value, Setter setter) {
      this.value = value;
      this.setter = setter;
    }

    @Override
    void apply(PreparedStatement ps, int index) throws SQLException {
      setter.set(ps, index, value);
    }

    @Override
    Object plainValue() {
      return value;
    }

    @Override
    Object display() {
      return value instanceof byte[] ? "0x" + HexFormat.of().formatHex((byte[]) value) : value;
    }
  }

  static Binding ofNull(int sqlType, String typeName) {
    return new Binding() {
      @Override
      void apply(PreparedStatement ps, int index) throws SQLException {
        if (typeName == null) {
          ps.setNull(index, sqlType);
        } else {
          ps.setNull(index, sqlType, typeName);
        }
      }

      @Override
      Object display() {
        return null;
      }

      @Override
      Object plainValue() {
        return null;
      }
    };
  }

  /**
   * A copy of a value the application may change after setting it. The vendor driver takes the
   * value at the setter; this driver binds at execute (and again on the secondary), so a {@code
   * Timestamp} reused across {@code addBatch} calls would otherwise reach both databases with its
   * last value in every row.
   */
  @SuppressWarnings("unchecked")
  static <T> T detached(T value) {
    if (value instanceof java.util.Date) {
      return (T) ((java.util.Date) value).clone();
    }
    if (value instanceof byte[]) {
      return (T) ((byte[]) value).clone();
    }
    if (value instanceof Calendar) {
      return (T) ((Calendar) value).clone();
    }
    return value;
  }

  /**
   * {@code setObject} in all its forms. Streams, readers and LOBs passed this way are read once, so
   * they are buffered like {@code setBinaryStream}/{@code setCharacterStream} (a length given as
   * {@code scaleOrLength} is honoured); mutable values are copied.
   */
  static Binding ofObject(Object value, Integer targetType, Integer scale, SQLType sqlType, int cap)
      throws SQLException {
    Integer type =
        targetType != null
            ? targetType
            : sqlType != null && sqlType.getVendorTypeNumber() != null
                ? sqlType.getVendorTypeNumber()
                : null;
    long length = scale != null && scale >= 0 ? scale : -1;
    if (value instanceof InputStream) {
      boolean text =
          type != null
              && (type == Types.CHAR
                  || type == Types.VARCHAR
                  || type == Types.LONGVARCHAR
                  || type == Types.CLOB);
      return ofBytes((InputStream) value, length, cap, text);
    }
    if (value instanceof Reader) {
      return ofChars((Reader) value, length, cap);
    }
    if (value instanceof java.sql.Blob) {
      java.sql.Blob b = (java.sql.Blob) value;
      return ofBytes(b.getBinaryStream(), b.length(), cap, false);
    }
    if (value instanceof java.sql.Clob) {
      java.sql.Clob c = (java.sql.Clob) value;
      return ofChars(c.getCharacterStream(), c.length(), cap);
    }
    return ofObject(detached(value), targetType, scale, sqlType);
  }

  private static Binding ofObject(Object x, Integer targetType, Integer scale, SQLType sqlType) {
    return new Binding() {
      @Override
      void apply(PreparedStatement ps, int index) throws SQLException {
        if (sqlType != null) {
          if (scale != null) {
            ps.setObject(index, x, sqlType, scale);
          } else {
            ps.setObject(index, x, sqlType);
          }
        } else if (targetType == null) {
          ps.setObject(index, x);
        } else if (scale != null) {
          ps.setObject(index, x, targetType, scale);
        } else {
          ps.setObject(index, x, targetType);
        }
      }

      @Override
      Object display() {
        return x instanceof byte[] ? "0x" + HexFormat.of().formatHex((byte[]) x) : x;
      }

      @Override
      Binding withoutScale() {
        Integer type =
            sqlType != null && sqlType.getVendorTypeNumber() != null
                ? sqlType.getVendorTypeNumber()
                : targetType;
        return scale != null
                && type != null
                && (type == Types.NUMERIC || type == Types.DECIMAL)
                && (x instanceof Number || x instanceof String)
            ? Binding.ofObject(x, type, null, null)
            : this;
      }

      @Override
      Object plainValue() {
        if (scale != null) {
          return NOT_PLAIN;
        }
        if (sqlType != null) {
          Integer type = sqlType.getVendorTypeNumber();
          return type != null && plainType(type) ? x : NOT_PLAIN;
        }
        return targetType == null || plainType(targetType) ? x : NOT_PLAIN;
      }
    };
  }

  /** A target type that only says what a plain setter would have said. */
  private static boolean plainType(int type) {
    switch (type) {
      case Types.CHAR:
      case Types.VARCHAR:
      case Types.LONGVARCHAR:
      case Types.NCHAR:
      case Types.NVARCHAR:
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
      case Types.BOOLEAN:
      case Types.BIT:
        return true;
      default:
        return false;
    }
  }

  static Binding ofTemporal(Object value, Calendar cal, Setter plain, CalendarSetter withCal) {
    if (cal == null) {
      return new Simple(value, plain);
    }
    Calendar copy = (Calendar) cal.clone();
    return new Binding() {
      @Override
      void apply(PreparedStatement ps, int index) throws SQLException {
        withCal.set(ps, index, value, copy);
      }

      @Override
      Object display() {
        return value == null ? null : value + " " + copy.getTimeZone().getID();
      }
    };
  }

  /** A setter that takes a calendar (setDate/setTime/setTimestamp). */
  @FunctionalInterface
  interface CalendarSetter {
    void set(PreparedStatement ps, int index, Object value, Calendar cal) throws SQLException;
  }

  /**
   * Buffers a byte stream up to {@code cap}; beyond it the binding feeds the primary but is not
   * replayable.
   */
  static Binding ofBytes(InputStream in, long length, int cap, boolean ascii) throws SQLException {
    if (in == null) {
      return ofNull(ascii ? Types.LONGVARCHAR : Types.LONGVARBINARY, null);
    }
    try {
      long limit = length >= 0 ? Math.min(length, cap + 1L) : cap + 1L;
      byte[] bytes = readUpTo(in, limit);
      if (bytes.length > cap) {
        return new Oversized(bytes, in, length, ascii);
      }
      if (length >= 0 && bytes.length > length) {
        bytes = java.util.Arrays.copyOf(bytes, (int) length);
      }
      byte[] buffered = bytes;
      return new Binding() {
        @Override
        void apply(PreparedStatement ps, int index) throws SQLException {
          if (ascii) {
            // As UTF-8, not US-ASCII: bytes beyond ASCII break setAsciiStream's contract, but
            // MariaDB's driver passes them to the server, which reads them as the UTF-8 text they
            // are; decoded as US-ASCII they became U+FFFD on both databases, the primary too.
            ps.setString(index, new String(buffered, java.nio.charset.StandardCharsets.UTF_8));
          } else {
            ps.setBytes(index, buffered);
          }
        }

        @Override
        Object display() {
          return "<" + buffered.length + " bytes>";
        }
      };
    } catch (IOException e) {
      throw new SQLException("Cannot read stream parameter: " + e.getMessage(), "22000", e);
    }
  }

  static Binding ofChars(Reader in, long length, int cap) throws SQLException {
    if (in == null) {
      return ofNull(Types.LONGVARCHAR, null);
    }
    try {
      StringWriter w = new StringWriter();
      char[] buf = new char[8192];
      long limit = length >= 0 ? Math.min(length, cap + 1L) : cap + 1L;
      long total = 0;
      int n;
      while (total < limit
          && (n = in.read(buf, 0, (int) Math.min(buf.length, limit - total))) > 0) {
        w.write(buf, 0, n);
        total += n;
      }
      String s = w.toString();
      if (s.length() > cap) {
        return new OversizedChars(s, in, length);
      }
      return of(s, (ps, i, v) -> ps.setString(i, (String) v));
    } catch (IOException e) {
      throw new SQLException(
          "Cannot read character stream parameter: " + e.getMessage(), "22000", e);
    }
  }

  private static byte[] readUpTo(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    long total = 0;
    int n;
    while (total < limit && (n = in.read(buf, 0, (int) Math.min(buf.length, limit - total))) > 0) {
      out.write(buf, 0, n);
      total += n;
    }
    return out.toByteArray();
  }

  /**
   * A stream larger than the cap: the primary reads the buffered prefix then the rest of the
   * stream.
   */
  private static final class Oversized extends Binding {
    private final byte[] prefix;
    private final InputStream rest;
    private final long length;
    private final boolean ascii;

    Oversized(byte[] prefix, InputStream rest, long length, boolean ascii) {
      this.prefix = prefix;
      this.rest = rest;
      this.length = length;
      this.ascii = ascii;
    }

    @Override
    void apply(PreparedStatement ps, int index) throws SQLException {
      InputStream whole =
          new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(prefix), rest);
      if (ascii) {
        ps.setAsciiStream(index, whole, length >= 0 ? length : Long.MAX_VALUE);
      } else if (length >= 0) {
        ps.setBinaryStream(index, whole, length);
      } else {
        ps.setBinaryStream(index, whole);
      }
    }

    @Override
    Object display() {
      return "<stream over " + prefix.length + " bytes, not replayable>";
    }

    @Override
    boolean replayable() {
      return false;
    }
  }

  private static final class OversizedChars extends Binding {
    private final String prefix;
    private final Reader rest;
    private final long length;

    OversizedChars(String prefix, Reader rest, long length) {
      this.prefix = prefix;
      this.rest = rest;
      this.length = length;
    }

    @Override
    void apply(PreparedStatement ps, int index) throws SQLException {
      Reader whole =
          new Reader() {
            private final Reader head = new java.io.StringReader(prefix);
            private boolean headDone;

            @Override
            public int read(char[] cbuf, int off, int len) throws IOException {
              if (!headDone) {
                int n = head.read(cbuf, off, len);
                if (n > 0) {
                  return n;
                }
                headDone = true;
              }
              return rest.read(cbuf, off, len);
            }

            @Override
            public void close() throws IOException {
              rest.close();
            }
          };
      if (length >= 0) {
        ps.setCharacterStream(index, whole, length);
      } else {
        ps.setCharacterStream(index, whole);
      }
    }

    @Override
    Object display() {
      return "<text over " + prefix.length() + " chars, not replayable>";
    }

    @Override
    boolean replayable() {
      return false;
    }
  }

  /**
   * A value only the primary can take (arrays, refs, SQLXML, row ids): replay is journaled, not
   * attempted.
   */
  static Binding primaryOnly(Object value, Setter setter) {
    return new Binding() {
      @Override
      void apply(PreparedStatement ps, int index) throws SQLException {
        setter.set(ps, index, value);
      }

      @Override
      Object display() {
        return "<" + (value == null ? "null" : value.getClass().getSimpleName()) + ">";
      }

      @Override
      boolean replayable() {
        return false;
      }
    };
  }
}
