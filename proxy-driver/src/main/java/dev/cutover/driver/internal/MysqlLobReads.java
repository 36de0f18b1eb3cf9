package dev.cutover.driver.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Arrays;

/**
 * A MySQL application's {@code getClob}, {@code getNClob} and {@code getBlob} of a PostgreSQL
 * {@code text} or {@code bytea} column, the types a {@code TEXT}/{@code LONGTEXT} and a {@code
 * BLOB}/{@code LONGBLOB} become (pgloader's mapping). Connector/J answers these getters on those
 * columns; PostgreSQL's driver reads a {@code Clob} or {@code Blob} as a large object and takes the
 * column for its OID ({@code Bad value for type long : ...}). JPA's {@code @Lob} fields are read
 * so: after the switch a Hibernate application on MariaDB's dialect failed on every entity holding
 * one. The value is read whole, as Connector/J reads it, into a read-only object (an empty value
 * included: {@code getSubString(1, 0)} is {@code ""}); a column PostgreSQL holds as an {@code oid}
 * (a real large object) is left to the vendor.
 */
final class MysqlLobReads {
  private MysqlLobReads() {}

  /** Whether the getters are adapted for column {@code index}: not for a large object's OID. */
  static boolean adapts(ResultSet rs, int index) throws SQLException {
    return !"oid".equalsIgnoreCase(rs.getMetaData().getColumnTypeName(index));
  }

  /** Whether {@code getObject(i, type)} asks for one of the adapted types. */
  static boolean isLob(Class<?> type) {
    return type == Clob.class || type == NClob.class || type == Blob.class;
  }

  /** A text as a {@code Clob} (and {@code NClob}); null for SQL NULL. */
  static TextClob clob(String text) {
    return text == null ? null : new TextClob(text);
  }

  /** The column's bytes as a {@code Blob}; null for SQL NULL. */
  static Blob blob(ResultSet rs, int index) throws SQLException {
    byte[] b = rs.getBytes(index);
    return b == null ? null : new ByteBlob(b);
  }

  private static SQLException readOnly() {
    return new SQLFeatureNotSupportedException(
        "This LOB was read from the PostgreSQL side and cannot be changed in place: write the"
            + " changed value with a statement",
        "0A000");
  }

  /** Checks a 1-based position and length against a value of {@code size}; returns the offset. */
  private static int offset(long pos, long length, long size) throws SQLException {
    if (pos < 1 || length < 0 || pos - 1 > size) {
      throw new SQLException(
          "Position " + pos + " and length " + length + " outside a value of " + size, "22023");
    }
    return (int) (pos - 1);
  }

  /** A text value, read whole. */
  static final class TextClob implements NClob {
    private String text;

    TextClob(String text) {
      this.text = text;
    }

    private String text() throws SQLException {
      if (text == null) {
        throw new SQLException("The Clob was freed", "HY010");
      }
      return text;
    }

    @Override
    public long length() throws SQLException {
      return text().length();
    }

    @Override
    public String getSubString(long pos, int length) throws SQLException {
      String t = text();
      int from = offset(pos, length, t.length());
      return t.substring(from, (int) Math.min(t.length(), (long) from + length));
    }

    @Override
    public Reader getCharacterStream() throws SQLException {
      return new StringReader(text());
    }

    @Override
    public Reader getCharacterStream(long pos, long length) throws SQLException {
      return new StringReader(getSubString(pos, (int) Math.min(Integer.MAX_VALUE, length)));
    }

    @Override
    public InputStream getAsciiStream() throws SQLException {
      return new ByteArrayInputStream(text().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public long position(String searchstr, long start) throws SQLException {
      String t = text();
      int from = offset(start, 0, t.length());
      int at = t.indexOf(searchstr, from);
      return at < 0 ? -1 : at + 1;
    }

    @Override
    public long position(Clob searchstr, long start) throws SQLException {
      return position(searchstr.getSubString(1, (int) searchstr.length()), start);
    }

    @Override
    public int setString(long pos, String str) throws SQLException {
      throw readOnly();
    }

    @Override
    public int setString(long pos, String str, int offset, int len) throws SQLException {
      throw readOnly();
    }

    @Override
    public OutputStream setAsciiStream(long pos) throws SQLException {
      throw readOnly();
    }

    @Override
    public Writer setCharacterStream(long pos) throws SQLException {
      throw readOnly();
    }

    @Override
    public void truncate(long len) throws SQLException {
      throw readOnly();
    }

    @Override
    public void free() {
      text = null;
    }
  }

  /** A binary value, read whole. */
  static final class ByteBlob implements Blob {
    private byte[] bytes;

    ByteBlob(byte[] bytes) {
      this.bytes = bytes;
    }

    private byte[] bytes() throws SQLException {
      if (bytes == null) {
        throw new SQLException("The Blob was freed", "HY010");
      }
      return bytes;
    }

    @Override
    public long length() throws SQLException {
      return bytes().length;
    }

    @Override
    public byte[] getBytes(long pos, int length) throws SQLException {
      byte[] b = bytes();
      int from = offset(pos, length, b.length);
      return Arrays.copyOfRange(b, from, (int) Math.min(b.length, (long) from + length));
    }

    @Override
    public InputStream getBinaryStream() throws SQLException {
      return new ByteArrayInputStream(bytes());
    }

    @Override
    public InputStream getBinaryStream(long pos, long length) throws SQLException {
      return new ByteArrayInputStream(getBytes(pos, (int) Math.min(Integer.MAX_VALUE, length)));
    }

    @Override
    public long position(byte[] pattern, long start) throws SQLException {
      byte[] b = bytes();
      int from = offset(start, 0, b.length);
      for (int i = from; i + pattern.length <= b.length; i++) {
        if (Arrays.equals(b, i, i + pattern.length, pattern, 0, pattern.length)) {
          return i + 1;
        }
      }
      return -1;
    }

    @Override
    public long position(Blob pattern, long start) throws SQLException {
      return position(pattern.getBytes(1, (int) pattern.length()), start);
    }

    @Override
    public int setBytes(long pos, byte[] b) throws SQLException {
      throw readOnly();
    }

    @Override
    public int setBytes(long pos, byte[] b, int offset, int len) throws SQLException {
      throw readOnly();
    }

    @Override
    public OutputStream setBinaryStream(long pos) throws SQLException {
      throw readOnly();
    }

    @Override
    public void truncate(long len) throws SQLException {
      throw readOnly();
    }

    @Override
    public void free() {
      bytes = null;
    }
  }
}
