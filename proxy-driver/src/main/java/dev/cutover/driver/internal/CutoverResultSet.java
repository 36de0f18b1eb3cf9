package dev.cutover.driver.internal;

import dev.cutover.driver.shadow.ShadowTee;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The application's view of a primary result set: every call goes to the primary's result set, and
 * {@link #getStatement()} returns the statement the application created, never the physical one.
 */
public final class CutoverResultSet implements ResultSet {
  private final CutoverStatement statement;
  private final ResultSet delegate;
  private boolean closed;

  /** Copies rows for a shadow comparison; null unless this read was sampled. */
  ShadowTee tee;

  /**
   * A MySQL application's view of PostgreSQL booleans; null when the reads go straight through.
   * Non-null also turns on {@link MysqlLobReads} for {@code getClob}/{@code getNClob}/{@code
   * getBlob}.
   */
  private final MysqlBooleanReads booleans;

  CutoverResultSet(CutoverStatement statement, ResultSet delegate, MysqlBooleanReads booleans) {
    this.statement = statement;
    this.delegate = delegate;
    this.booleans = booleans;
  }

  /** Whether column {@code i} is read as MySQL reads a {@code TINYINT(1)}. */
  private boolean bool(int i) throws SQLException {
    return booleans != null && booleans.is(delegate, i);
  }

  /** The index of {@code label} when its column is read as a {@code TINYINT(1)}, else 0. */
  private int bool(String label) throws SQLException {
    if (booleans == null) {
      return 0;
    }
    int i = delegate.findColumn(label);
    return booleans.is(delegate, i) ? i : 0;
  }

  @Override
  public Statement getStatement() throws SQLException {
    return statement;
  }

  /** Closes when the statement re-executes, without triggering closeOnCompletion. */
  void closeFromStatement() throws SQLException {
    closed = true;
    endTee(false);
    delegate.close();
  }

  @Override
  public void close() throws SQLException {
    if (!closed) {
      closed = true;
      endTee(false);
      delegate.close();
      statement.resultClosed();
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    if (closed) {
      return true;
    }
    try {
      return delegate.isClosed();
    } catch (java.sql.SQLFeatureNotSupportedException e) {
      // In-memory result sets (generated keys) cannot tell; only our own close counts.
      return false;
    }
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return iface.isInstance(delegate) ? iface.cast(delegate) : delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
  }

  @Override
  public boolean absolute(int p1) throws SQLException {
    return delegate.absolute(p1);
  }

  @Override
  public void afterLast() throws SQLException {
    delegate.afterLast();
  }

  @Override
  public void beforeFirst() throws SQLException {
    delegate.beforeFirst();
  }

  @Override
  public void cancelRowUpdates() throws SQLException {
    delegate.cancelRowUpdates();
  }

  @Override
  public void clearWarnings() throws SQLException {
    delegate.clearWarnings();
  }

  @Override
  public void deleteRow() throws SQLException {
    delegate.deleteRow();
  }

  @Override
  public int findColumn(String p1) throws SQLException {
    return delegate.findColumn(p1);
  }

  @Override
  public boolean first() throws SQLException {
    return delegate.first();
  }

  @Override
  public java.sql.Array getArray(String p1) throws SQLException {
    return delegate.getArray(p1);
  }

  @Override
  public java.sql.Array getArray(int p1) throws SQLException {
    return delegate.getArray(p1);
  }

  @Override
  public java.io.InputStream getAsciiStream(String p1) throws SQLException {
    return delegate.getAsciiStream(p1);
  }

  @Override
  public java.io.InputStream getAsciiStream(int p1) throws SQLException {
    return delegate.getAsciiStream(p1);
  }

  @Override
  @Deprecated
  public java.math.BigDecimal getBigDecimal(String p1, int p2) throws SQLException {
    int i = bool(p1);
    if (i > 0) {
      java.math.BigDecimal v = MysqlBooleanReads.decimal(delegate, i);
      return v == null ? null : v.setScale(p2);
    }
    return delegate.getBigDecimal(p1, p2);
  }

  @Override
  public java.math.BigDecimal getBigDecimal(String p1) throws SQLException {
    int i = bool(p1);
    if (i > 0) {
      return MysqlBooleanReads.decimal(delegate, i);
    }
    return delegate.getBigDecimal(p1);
  }

  @Override
  @Deprecated
  public java.math.BigDecimal getBigDecimal(int p1, int p2) throws SQLException {
    if (bool(p1)) {
      java.math.BigDecimal v = MysqlBooleanReads.decimal(delegate, p1);
      return v == null ? null : v.setScale(p2);
    }
    return delegate.getBigDecimal(p1, p2);
  }

  @Override
  public java.math.BigDecimal getBigDecimal(int p1) throws SQLException {
    if (bool(p1)) {
      return MysqlBooleanReads.decimal(delegate, p1);
    }
    return delegate.getBigDecimal(p1);
  }

  @Override
  public java.io.InputStream getBinaryStream(String p1) throws SQLException {
    return delegate.getBinaryStream(p1);
  }

  @Override
  public java.io.InputStream getBinaryStream(int p1) throws SQLException {
    return delegate.getBinaryStream(p1);
  }

  @Override
  public java.sql.Blob getBlob(String p1) throws SQLException {
    return getBlob(delegate.findColumn(p1));
  }

  @Override
  public java.sql.Blob getBlob(int p1) throws SQLException {
    if (booleans != null && MysqlLobReads.adapts(delegate, p1)) {
      return MysqlLobReads.blob(delegate, p1);
    }
    return delegate.getBlob(p1);
  }

  @Override
  public boolean getBoolean(String p1) throws SQLException {
    return delegate.getBoolean(p1);
  }

  @Override
  public boolean getBoolean(int p1) throws SQLException {
    return delegate.getBoolean(p1);
  }

  @Override
  public byte getByte(String p1) throws SQLException {
    int i = bool(p1);
    if (i > 0) {
      return (byte) MysqlBooleanReads.number(delegate, i);
    }
    return delegate.getByte(p1);
  }

  @Override
  public byte getByte(int p1) throws SQLException {
    if (bool(p1)) {
      return (byte) MysqlBooleanReads.number(delegate, p1);
    }
    return delegate.getByte(p1);
  }

  @Override
  public byte[] getBytes(String p1) throws SQLException {
    return delegate.getBytes(p1);
  }

  @Override
  public byte[] getBytes(int p1) throws SQLException {
    return delegate.getBytes(p1);
  }

  @Override
  public java.io.Reader getCharacterStream(String p1) throws SQLException {
    return delegate.getCharacterStream(p1);
  }

  @Override
  public java.io.Reader getCharacterStream(int p1) throws SQLException {
    return delegate.getCharacterStream(p1);
  }

  @Override
  public java.sql.Clob getClob(String p1) throws SQLException {
    return getClob(delegate.findColumn(p1));
  }

  @Override
  public java.sql.Clob getClob(int p1) throws SQLException {
    if (booleans != null && MysqlLobReads.adapts(delegate, p1)) {
      return MysqlLobReads.clob(getString(p1));
    }
    return delegate.getClob(p1);
  }

  @Override
  public int getConcurrency() throws SQLException {
    return delegate.getConcurrency();
  }

  @Override
  public String getCursorName() throws SQLException {
    return delegate.getCursorName();
  }

  @Override
  public java.sql.Date getDate(String p1, java.util.Calendar p2) throws SQLException {
    return delegate.getDate(p1, p2);
  }

  @Override
  public java.sql.Date getDate(String p1) throws SQLException {
    return delegate.getDate(p1);
  }

  @Override
  public java.sql.Date getDate(int p1, java.util.Calendar p2) throws SQLException {
    return delegate.getDate(p1, p2);
  }

  @Override
  public java.sql.Date getDate(int p1) throws SQLException {
    return delegate.getDate(p1);
  }

  @Override
  public double getDouble(String p1) throws SQLException {
    int i = bool(p1);
    if (i > 0) {
      return MysqlBooleanReads.number(delegate, i);
    }
    return delegate.getDouble(p1);
  }

  @Override
  public double getDouble(int p1) throws SQLException {
    if (bool(p1)) {
      return MysqlBooleanReads.number(delegate, p1);
    }
    return delegate.getDouble(p1);
  }

  @Override
  public int getFetchDirection() throws SQLException {
    return delegate.getFetchDirection();
  }

  @Override
  public int getFetchSize() throws SQLException {
    return delegate.getFetchSize();
  }

  @Override
  public float getFloat(String p1) throws SQLException {
    int i = bool(p1);
    if (i > 0) {
      return MysqlBooleanReads.number(delegate, i);
    }
    return delegate.getFloat(p1);
  }

  @Override
  public float getFloat(int p1) throws SQLException {
    if (bool(p1)) {
      return MysqlBooleanReads.number(delegate, p1);
    }
    return delegate.getFloat(p1);
  }

  @Override
  public int getHoldability() throws SQLException {
    return delegate.getHoldability();
  }

  @Override
  public int getInt(String p1) throws SQLException {
    int i = bool(p1);
    if (i > 0) {
      return MysqlBooleanReads.number(delegate, i);
    }
    return delegate.getInt(p1);
  }

  @Override
  public int getInt(int p1) throws SQLException {
    if (bool(p1)) {
      return MysqlBooleanReads.number(delegate, p1);
    }
    return delegate.getInt(p1);
  }

  @Override
  public long getLong(String p1) throws SQLException {
    int i = bool(p1);
    if (i > 0) {
      return MysqlBooleanReads.number(delegate, i);
    }
    return delegate.getLong(p1);
  }

  @Override
  public long getLong(int p1) throws SQLException {
    if (bool(p1)) {
      return MysqlBooleanReads.number(delegate, p1);
    }
    return delegate.getLong(p1);
  }

  @Override
  public java.sql.ResultSetMetaData getMetaData() throws SQLException {
    return delegate.getMetaData();
  }

  @Override
  public java.io.Reader getNCharacterStream(String p1) throws SQLException {
    return delegate.getNCharacterStream(p1);
  }

  @Override
  public java.io.Reader getNCharacterStream(int p1) throws SQLException {
    return delegate.getNCharacterStream(p1);
  }

  @Override
  public java.sql.NClob getNClob(String p1) throws SQLException {
    return getNClob(delegate.findColumn(p1));
  }

  @Override
  public java.sql.NClob getNClob(int p1) throws SQLException {
    if (booleans != null && MysqlLobReads.adapts(delegate, p1)) {
      return MysqlLobReads.clob(getString(p1));
    }
    return delegate.getNClob(p1);
  }

  @Override
  public String getNString(String p1) throws SQLException {
    return delegate.getNString(p1);
  }

  @Override
  public String getNString(int p1) throws SQLException {
    return delegate.getNString(p1);
  }

  @Override
  public <T> T getObject(String p1, Class<T> p2) throws SQLException {
    if (booleans != null && MysqlLobReads.isLob(p2)) {
      return getObject(delegate.findColumn(p1), p2);
    }
    int i = bool(p1);
    if (i > 0) {
      Object v = MysqlBooleanReads.convert(delegate, i, p2);
      if (v != MysqlBooleanReads.NOT_CONVERTED) {
        return p2.cast(v);
      }
    }
    return delegate.getObject(p1, p2);
  }

  @Override
  public Object getObject(String p1, java.util.Map<String, Class<?>> p2) throws SQLException {
    return delegate.getObject(p1, p2);
  }

  @Override
  public Object getObject(String p1) throws SQLException {
    return delegate.getObject(p1);
  }

  @Override
  public <T> T getObject(int p1, Class<T> p2) throws SQLException {
    if (booleans != null && MysqlLobReads.isLob(p2) && MysqlLobReads.adapts(delegate, p1)) {
      // As getClob/getNClob/getBlob: pgjdbc takes a text or bytea for a large object's OID.
      return p2.cast(p2 == java.sql.Blob.class ? getBlob(p1) : getClob(p1));
    }
    if (bool(p1)) {
      Object v = MysqlBooleanReads.convert(delegate, p1, p2);
      if (v != MysqlBooleanReads.NOT_CONVERTED) {
        return p2.cast(v);
      }
    }
    return delegate.getObject(p1, p2);
  }

  @Override
  public Object getObject(int p1, java.util.Map<String, Class<?>> p2) throws SQLException {
    return delegate.getObject(p1, p2);
  }

  @Override
  public Object getObject(int p1) throws SQLException {
    return delegate.getObject(p1);
  }

  @Override
  public java.sql.Ref getRef(String p1) throws SQLException {
    return delegate.getRef(p1);
  }

  @Override
  public java.sql.Ref getRef(int p1) throws SQLException {
    return delegate.getRef(p1);
  }

  @Override
  public int getRow() throws SQLException {
    return delegate.getRow();
  }

  @Override
  public java.sql.RowId getRowId(String p1) throws SQLException {
    return delegate.getRowId(p1);
  }

  @Override
  public java.sql.RowId getRowId(int p1) throws SQLException {
    return delegate.getRowId(p1);
  }

  @Override
  public java.sql.SQLXML getSQLXML(String p1) throws SQLException {
    return delegate.getSQLXML(p1);
  }

  @Override
  public java.sql.SQLXML getSQLXML(int p1) throws SQLException {
    return delegate.getSQLXML(p1);
  }

  @Override
  public short getShort(String p1) throws SQLException {
    int i = bool(p1);
    if (i > 0) {
      return (short) MysqlBooleanReads.number(delegate, i);
    }
    return delegate.getShort(p1);
  }

  @Override
  public short getShort(int p1) throws SQLException {
    if (bool(p1)) {
      return (short) MysqlBooleanReads.number(delegate, p1);
    }
    return delegate.getShort(p1);
  }

  @Override
  public String getString(String p1) throws SQLException {
    int i = bool(p1);
    if (i > 0) {
      return MysqlBooleanReads.text(delegate, i);
    }
    return delegate.getString(p1);
  }

  @Override
  public String getString(int p1) throws SQLException {
    if (bool(p1)) {
      return MysqlBooleanReads.text(delegate, p1);
    }
    return delegate.getString(p1);
  }

  @Override
  public java.sql.Time getTime(String p1, java.util.Calendar p2) throws SQLException {
    return delegate.getTime(p1, p2);
  }

  @Override
  public java.sql.Time getTime(String p1) throws SQLException {
    return delegate.getTime(p1);
  }

  @Override
  public java.sql.Time getTime(int p1, java.util.Calendar p2) throws SQLException {
    return delegate.getTime(p1, p2);
  }

  @Override
  public java.sql.Time getTime(int p1) throws SQLException {
    return delegate.getTime(p1);
  }

  @Override
  public java.sql.Timestamp getTimestamp(String p1, java.util.Calendar p2) throws SQLException {
    return delegate.getTimestamp(p1, p2);
  }

  @Override
  public java.sql.Timestamp getTimestamp(String p1) throws SQLException {
    return delegate.getTimestamp(p1);
  }

  @Override
  public java.sql.Timestamp getTimestamp(int p1, java.util.Calendar p2) throws SQLException {
    return delegate.getTimestamp(p1, p2);
  }

  @Override
  public java.sql.Timestamp getTimestamp(int p1) throws SQLException {
    return delegate.getTimestamp(p1);
  }

  @Override
  public int getType() throws SQLException {
    return delegate.getType();
  }

  @Override
  public java.net.URL getURL(String p1) throws SQLException {
    return delegate.getURL(p1);
  }

  @Override
  public java.net.URL getURL(int p1) throws SQLException {
    return delegate.getURL(p1);
  }

  @Override
  @Deprecated
  public java.io.InputStream getUnicodeStream(String p1) throws SQLException {
    return delegate.getUnicodeStream(p1);
  }

  @Override
  @Deprecated
  public java.io.InputStream getUnicodeStream(int p1) throws SQLException {
    return delegate.getUnicodeStream(p1);
  }

  @Override
  public java.sql.SQLWarning getWarnings() throws SQLException {
    return delegate.getWarnings();
  }

  @Override
  public void insertRow() throws SQLException {
    delegate.insertRow();
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    return delegate.isAfterLast();
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    return delegate.isBeforeFirst();
  }

  @Override
  public boolean isFirst() throws SQLException {
    return delegate.isFirst();
  }

  @Override
  public boolean isLast() throws SQLException {
    return delegate.isLast();
  }

  @Override
  public boolean last() throws SQLException {
    return delegate.last();
  }

  @Override
  public void moveToCurrentRow() throws SQLException {
    delegate.moveToCurrentRow();
  }

  @Override
  public void moveToInsertRow() throws SQLException {
    delegate.moveToInsertRow();
  }

  @Override
  public boolean next() throws SQLException {
    boolean more = delegate.next();
    if (tee != null) {
      if (more) {
        tee.row(delegate);
      } else {
        endTee(true);
      }
    }
    return more;
  }

  /** Hands the teed rows to the shadow executor; before the delegate closes (metadata). */
  private void endTee(boolean exhausted) {
    ShadowTee t = tee;
    if (t != null) {
      tee = null;
      t.end(delegate, exhausted || (statement.fetchSize == 0 && atEnd()));
    }
  }

  /**
   * Whether a result closed before next() returned false had no more rows anyway (the common {@code
   * if (rs.next())} read of one row). Asked only without a fetch size, when the driver holds the
   * whole result in memory and the extra next() costs no round trip.
   */
  private boolean atEnd() {
    try {
      return !delegate.next();
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public boolean previous() throws SQLException {
    return delegate.previous();
  }

  @Override
  public void refreshRow() throws SQLException {
    delegate.refreshRow();
  }

  @Override
  public boolean relative(int p1) throws SQLException {
    return delegate.relative(p1);
  }

  @Override
  public boolean rowDeleted() throws SQLException {
    return delegate.rowDeleted();
  }

  @Override
  public boolean rowInserted() throws SQLException {
    return delegate.rowInserted();
  }

  @Override
  public boolean rowUpdated() throws SQLException {
    return delegate.rowUpdated();
  }

  @Override
  public void setFetchDirection(int p1) throws SQLException {
    delegate.setFetchDirection(p1);
  }

  @Override
  public void setFetchSize(int p1) throws SQLException {
    delegate.setFetchSize(p1);
  }

  @Override
  public void updateArray(String p1, java.sql.Array p2) throws SQLException {
    delegate.updateArray(p1, p2);
  }

  @Override
  public void updateArray(int p1, java.sql.Array p2) throws SQLException {
    delegate.updateArray(p1, p2);
  }

  @Override
  public void updateAsciiStream(String p1, java.io.InputStream p2, int p3) throws SQLException {
    delegate.updateAsciiStream(p1, p2, p3);
  }

  @Override
  public void updateAsciiStream(String p1, java.io.InputStream p2, long p3) throws SQLException {
    delegate.updateAsciiStream(p1, p2, p3);
  }

  @Override
  public void updateAsciiStream(String p1, java.io.InputStream p2) throws SQLException {
    delegate.updateAsciiStream(p1, p2);
  }

  @Override
  public void updateAsciiStream(int p1, java.io.InputStream p2, int p3) throws SQLException {
    delegate.updateAsciiStream(p1, p2, p3);
  }

  @Override
  public void updateAsciiStream(int p1, java.io.InputStream p2, long p3) throws SQLException {
    delegate.updateAsciiStream(p1, p2, p3);
  }

  @Override
  public void updateAsciiStream(int p1, java.io.InputStream p2) throws SQLException {
    delegate.updateAsciiStream(p1, p2);
  }

  @Override
  public void updateBigDecimal(String p1, java.math.BigDecimal p2) throws SQLException {
    delegate.updateBigDecimal(p1, p2);
  }

  @Override
  public void updateBigDecimal(int p1, java.math.BigDecimal p2) throws SQLException {
    delegate.updateBigDecimal(p1, p2);
  }

  @Override
  public void updateBinaryStream(String p1, java.io.InputStream p2, int p3) throws SQLException {
    delegate.updateBinaryStream(p1, p2, p3);
  }

  @Override
  public void updateBinaryStream(String p1, java.io.InputStream p2, long p3) throws SQLException {
    delegate.updateBinaryStream(p1, p2, p3);
  }

  @Override
  public void updateBinaryStream(String p1, java.io.InputStream p2) throws SQLException {
    delegate.updateBinaryStream(p1, p2);
  }

  @Override
  public void updateBinaryStream(int p1, java.io.InputStream p2, int p3) throws SQLException {
    delegate.updateBinaryStream(p1, p2, p3);
  }

  @Override
  public void updateBinaryStream(int p1, java.io.InputStream p2, long p3) throws SQLException {
    delegate.updateBinaryStream(p1, p2, p3);
  }

  @Override
  public void updateBinaryStream(int p1, java.io.InputStream p2) throws SQLException {
    delegate.updateBinaryStream(p1, p2);
  }

  @Override
  public void updateBlob(String p1, java.io.InputStream p2, long p3) throws SQLException {
    delegate.updateBlob(p1, p2, p3);
  }

  @Override
  public void updateBlob(String p1, java.io.InputStream p2) throws SQLException {
    delegate.updateBlob(p1, p2);
  }

  @Override
  public void updateBlob(String p1, java.sql.Blob p2) throws SQLException {
    delegate.updateBlob(p1, p2);
  }

  @Override
  public void updateBlob(int p1, java.io.InputStream p2, long p3) throws SQLException {
    delegate.updateBlob(p1, p2, p3);
  }

  @Override
  public void updateBlob(int p1, java.io.InputStream p2) throws SQLException {
    delegate.updateBlob(p1, p2);
  }

  @Override
  public void updateBlob(int p1, java.sql.Blob p2) throws SQLException {
    delegate.updateBlob(p1, p2);
  }

  @Override
  public void updateBoolean(String p1, boolean p2) throws SQLException {
    delegate.updateBoolean(p1, p2);
  }

  @Override
  public void updateBoolean(int p1, boolean p2) throws SQLException {
    delegate.updateBoolean(p1, p2);
  }

  @Override
  public void updateByte(String p1, byte p2) throws SQLException {
    delegate.updateByte(p1, p2);
  }

  @Override
  public void updateByte(int p1, byte p2) throws SQLException {
    delegate.updateByte(p1, p2);
  }

  @Override
  public void updateBytes(String p1, byte[] p2) throws SQLException {
    delegate.updateBytes(p1, p2);
  }

  @Override
  public void updateBytes(int p1, byte[] p2) throws SQLException {
    delegate.updateBytes(p1, p2);
  }

  @Override
  public void updateCharacterStream(String p1, java.io.Reader p2, int p3) throws SQLException {
    delegate.updateCharacterStream(p1, p2, p3);
  }

  @Override
  public void updateCharacterStream(String p1, java.io.Reader p2, long p3) throws SQLException {
    delegate.updateCharacterStream(p1, p2, p3);
  }

  @Override
  public void updateCharacterStream(String p1, java.io.Reader p2) throws SQLException {
    delegate.updateCharacterStream(p1, p2);
  }

  @Override
  public void updateCharacterStream(int p1, java.io.Reader p2, int p3) throws SQLException {
    delegate.updateCharacterStream(p1, p2, p3);
  }

  @Override
  public void updateCharacterStream(int p1, java.io.Reader p2, long p3) throws SQLException {
    delegate.updateCharacterStream(p1, p2, p3);
  }

  @Override
  public void updateCharacterStream(int p1, java.io.Reader p2) throws SQLException {
    delegate.updateCharacterStream(p1, p2);
  }

  @Override
  public void updateClob(String p1, java.io.Reader p2, long p3) throws SQLException {
    delegate.updateClob(p1, p2, p3);
  }

  @Override
  public void updateClob(String p1, java.io.Reader p2) throws SQLException {
    delegate.updateClob(p1, p2);
  }

  @Override
  public void updateClob(String p1, java.sql.Clob p2) throws SQLException {
    delegate.updateClob(p1, p2);
  }

  @Override
  public void updateClob(int p1, java.io.Reader p2, long p3) throws SQLException {
    delegate.updateClob(p1, p2, p3);
  }

  @Override
  public void updateClob(int p1, java.io.Reader p2) throws SQLException {
    delegate.updateClob(p1, p2);
  }

  @Override
  public void updateClob(int p1, java.sql.Clob p2) throws SQLException {
    delegate.updateClob(p1, p2);
  }

  @Override
  public void updateDate(String p1, java.sql.Date p2) throws SQLException {
    delegate.updateDate(p1, p2);
  }

  @Override
  public void updateDate(int p1, java.sql.Date p2) throws SQLException {
    delegate.updateDate(p1, p2);
  }

  @Override
  public void updateDouble(String p1, double p2) throws SQLException {
    delegate.updateDouble(p1, p2);
  }

  @Override
  public void updateDouble(int p1, double p2) throws SQLException {
    delegate.updateDouble(p1, p2);
  }

  @Override
  public void updateFloat(String p1, float p2) throws SQLException {
    delegate.updateFloat(p1, p2);
  }

  @Override
  public void updateFloat(int p1, float p2) throws SQLException {
    delegate.updateFloat(p1, p2);
  }

  @Override
  public void updateInt(String p1, int p2) throws SQLException {
    delegate.updateInt(p1, p2);
  }

  @Override
  public void updateInt(int p1, int p2) throws SQLException {
    delegate.updateInt(p1, p2);
  }

  @Override
  public void updateLong(String p1, long p2) throws SQLException {
    delegate.updateLong(p1, p2);
  }

  @Override
  public void updateLong(int p1, long p2) throws SQLException {
    delegate.updateLong(p1, p2);
  }

  @Override
  public void updateNCharacterStream(String p1, java.io.Reader p2, long p3) throws SQLException {
    delegate.updateNCharacterStream(p1, p2, p3);
  }

  @Override
  public void updateNCharacterStream(String p1, java.io.Reader p2) throws SQLException {
    delegate.updateNCharacterStream(p1, p2);
  }

  @Override
  public void updateNCharacterStream(int p1, java.io.Reader p2, long p3) throws SQLException {
    delegate.updateNCharacterStream(p1, p2, p3);
  }

  @Override
  public void updateNCharacterStream(int p1, java.io.Reader p2) throws SQLException {
    delegate.updateNCharacterStream(p1, p2);
  }

  @Override
  public void updateNClob(String p1, java.io.Reader p2, long p3) throws SQLException {
    delegate.updateNClob(p1, p2, p3);
  }

  @Override
  public void updateNClob(String p1, java.io.Reader p2) throws SQLException {
    delegate.updateNClob(p1, p2);
  }

  @Override
  public void updateNClob(String p1, java.sql.NClob p2) throws SQLException {
    delegate.updateNClob(p1, p2);
  }

  @Override
  public void updateNClob(int p1, java.io.Reader p2, long p3) throws SQLException {
    delegate.updateNClob(p1, p2, p3);
  }

  @Override
  public void updateNClob(int p1, java.io.Reader p2) throws SQLException {
    delegate.updateNClob(p1, p2);
  }

  @Override
  public void updateNClob(int p1, java.sql.NClob p2) throws SQLException {
    delegate.updateNClob(p1, p2);
  }

  @Override
  public void updateNString(String p1, String p2) throws SQLException {
    delegate.updateNString(p1, p2);
  }

  @Override
  public void updateNString(int p1, String p2) throws SQLException {
    delegate.updateNString(p1, p2);
  }

  @Override
  public void updateNull(String p1) throws SQLException {
    delegate.updateNull(p1);
  }

  @Override
  public void updateNull(int p1) throws SQLException {
    delegate.updateNull(p1);
  }

  @Override
  public void updateObject(String p1, Object p2, int p3) throws SQLException {
    delegate.updateObject(p1, p2, p3);
  }

  @Override
  public void updateObject(String p1, Object p2, java.sql.SQLType p3, int p4) throws SQLException {
    delegate.updateObject(p1, p2, p3, p4);
  }

  @Override
  public void updateObject(String p1, Object p2, java.sql.SQLType p3) throws SQLException {
    delegate.updateObject(p1, p2, p3);
  }

  @Override
  public void updateObject(String p1, Object p2) throws SQLException {
    delegate.updateObject(p1, p2);
  }

  @Override
  public void updateObject(int p1, Object p2, int p3) throws SQLException {
    delegate.updateObject(p1, p2, p3);
  }

  @Override
  public void updateObject(int p1, Object p2, java.sql.SQLType p3, int p4) throws SQLException {
    delegate.updateObject(p1, p2, p3, p4);
  }

  @Override
  public void updateObject(int p1, Object p2, java.sql.SQLType p3) throws SQLException {
    delegate.updateObject(p1, p2, p3);
  }

  @Override
  public void updateObject(int p1, Object p2) throws SQLException {
    delegate.updateObject(p1, p2);
  }

  @Override
  public void updateRef(String p1, java.sql.Ref p2) throws SQLException {
    delegate.updateRef(p1, p2);
  }

  @Override
  public void updateRef(int p1, java.sql.Ref p2) throws SQLException {
    delegate.updateRef(p1, p2);
  }

  @Override
  public void updateRow() throws SQLException {
    delegate.updateRow();
  }

  @Override
  public void updateRowId(String p1, java.sql.RowId p2) throws SQLException {
    delegate.updateRowId(p1, p2);
  }

  @Override
  public void updateRowId(int p1, java.sql.RowId p2) throws SQLException {
    delegate.updateRowId(p1, p2);
  }

  @Override
  public void updateSQLXML(String p1, java.sql.SQLXML p2) throws SQLException {
    delegate.updateSQLXML(p1, p2);
  }

  @Override
  public void updateSQLXML(int p1, java.sql.SQLXML p2) throws SQLException {
    delegate.updateSQLXML(p1, p2);
  }

  @Override
  public void updateShort(String p1, short p2) throws SQLException {
    delegate.updateShort(p1, p2);
  }

  @Override
  public void updateShort(int p1, short p2) throws SQLException {
    delegate.updateShort(p1, p2);
  }

  @Override
  public void updateString(String p1, String p2) throws SQLException {
    delegate.updateString(p1, p2);
  }

  @Override
  public void updateString(int p1, String p2) throws SQLException {
    delegate.updateString(p1, p2);
  }

  @Override
  public void updateTime(String p1, java.sql.Time p2) throws SQLException {
    delegate.updateTime(p1, p2);
  }

  @Override
  public void updateTime(int p1, java.sql.Time p2) throws SQLException {
    delegate.updateTime(p1, p2);
  }

  @Override
  public void updateTimestamp(String p1, java.sql.Timestamp p2) throws SQLException {
    delegate.updateTimestamp(p1, p2);
  }

  @Override
  public void updateTimestamp(int p1, java.sql.Timestamp p2) throws SQLException {
    delegate.updateTimestamp(p1, p2);
  }

  @Override
  public boolean wasNull() throws SQLException {
    return delegate.wasNull();
  }
}
