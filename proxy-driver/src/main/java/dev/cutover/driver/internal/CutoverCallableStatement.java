package dev.cutover.driver.internal;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link CallableStatement}. OUT parameters are read from the primary's statement. OUT
 * registrations and positional parameters are replayed on the secondary; named parameters are given
 * to the primary only and make the call not replayable, so a mirrored call with them is journaled
 * rather than guessed.
 */
public final class CutoverCallableStatement extends CutoverPreparedStatement
    implements CallableStatement {
  private final List<Op> ops = new ArrayList<>();
  private boolean namedParameters;

  CutoverCallableStatement(
      CutoverConnection conn, String sql, int type, int concurrency, int holdability) {
    super(conn, sql, type, concurrency, holdability, null, true);
  }

  /** A recorded call on the physical statement. */
  @FunctionalInterface
  interface Op {
    void apply(CallableStatement cs) throws SQLException;
  }

  private void record(Op op) throws SQLException {
    checkOpen();
    ops.add(op);
  }

  private void recordPrimaryOnly(Op op) throws SQLException {
    checkOpen();
    namedParameters = true;
    ops.add(op);
  }

  @Override
  void beforeExecute(PreparedStatement ps) throws SQLException {
    CallableStatement cs = (CallableStatement) ps;
    for (Op op : ops) {
      op.apply(cs);
    }
  }

  @Override
  void decorate(Mirror m) {
    m.callable = true;
    m.callOps = namedParameters ? null : List.copyOf(ops);
  }

  private CallableStatement out() throws SQLException {
    checkOpen();
    if (current == null) {
      throw new SQLException("The call has not been executed", "HY010");
    }
    return (CallableStatement) current;
  }

  @Override
  public java.sql.Array getArray(String p1) throws SQLException {
    return out().getArray(p1);
  }

  @Override
  public java.sql.Array getArray(int p1) throws SQLException {
    return out().getArray(p1);
  }

  @Override
  public java.math.BigDecimal getBigDecimal(String p1) throws SQLException {
    return out().getBigDecimal(p1);
  }

  @Override
  @Deprecated
  public java.math.BigDecimal getBigDecimal(int p1, int p2) throws SQLException {
    return out().getBigDecimal(p1, p2);
  }

  @Override
  public java.math.BigDecimal getBigDecimal(int p1) throws SQLException {
    return out().getBigDecimal(p1);
  }

  @Override
  public java.sql.Blob getBlob(String p1) throws SQLException {
    return out().getBlob(p1);
  }

  @Override
  public java.sql.Blob getBlob(int p1) throws SQLException {
    return out().getBlob(p1);
  }

  @Override
  public boolean getBoolean(String p1) throws SQLException {
    return out().getBoolean(p1);
  }

  @Override
  public boolean getBoolean(int p1) throws SQLException {
    return out().getBoolean(p1);
  }

  @Override
  public byte getByte(String p1) throws SQLException {
    return out().getByte(p1);
  }

  @Override
  public byte getByte(int p1) throws SQLException {
    return out().getByte(p1);
  }

  @Override
  public byte[] getBytes(String p1) throws SQLException {
    return out().getBytes(p1);
  }

  @Override
  public byte[] getBytes(int p1) throws SQLException {
    return out().getBytes(p1);
  }

  @Override
  public java.io.Reader getCharacterStream(String p1) throws SQLException {
    return out().getCharacterStream(p1);
  }

  @Override
  public java.io.Reader getCharacterStream(int p1) throws SQLException {
    return out().getCharacterStream(p1);
  }

  @Override
  public java.sql.Clob getClob(String p1) throws SQLException {
    return out().getClob(p1);
  }

  @Override
  public java.sql.Clob getClob(int p1) throws SQLException {
    return out().getClob(p1);
  }

  @Override
  public java.sql.Date getDate(String p1, java.util.Calendar p2) throws SQLException {
    return out().getDate(p1, p2);
  }

  @Override
  public java.sql.Date getDate(String p1) throws SQLException {
    return out().getDate(p1);
  }

  @Override
  public java.sql.Date getDate(int p1, java.util.Calendar p2) throws SQLException {
    return out().getDate(p1, p2);
  }

  @Override
  public java.sql.Date getDate(int p1) throws SQLException {
    return out().getDate(p1);
  }

  @Override
  public double getDouble(String p1) throws SQLException {
    return out().getDouble(p1);
  }

  @Override
  public double getDouble(int p1) throws SQLException {
    return out().getDouble(p1);
  }

  @Override
  public float getFloat(String p1) throws SQLException {
    return out().getFloat(p1);
  }

  @Override
  public float getFloat(int p1) throws SQLException {
    return out().getFloat(p1);
  }

  @Override
  public int getInt(String p1) throws SQLException {
    return out().getInt(p1);
  }

  @Override
  public int getInt(int p1) throws SQLException {
    return out().getInt(p1);
  }

  @Override
  public long getLong(String p1) throws SQLException {
    return out().getLong(p1);
  }

  @Override
  public long getLong(int p1) throws SQLException {
    return out().getLong(p1);
  }

  @Override
  public java.io.Reader getNCharacterStream(String p1) throws SQLException {
    return out().getNCharacterStream(p1);
  }

  @Override
  public java.io.Reader getNCharacterStream(int p1) throws SQLException {
    return out().getNCharacterStream(p1);
  }

  @Override
  public java.sql.NClob getNClob(String p1) throws SQLException {
    return out().getNClob(p1);
  }

  @Override
  public java.sql.NClob getNClob(int p1) throws SQLException {
    return out().getNClob(p1);
  }

  @Override
  public String getNString(String p1) throws SQLException {
    return out().getNString(p1);
  }

  @Override
  public String getNString(int p1) throws SQLException {
    return out().getNString(p1);
  }

  @Override
  public <T> T getObject(String p1, Class<T> p2) throws SQLException {
    return out().getObject(p1, p2);
  }

  @Override
  public Object getObject(String p1, java.util.Map<String, Class<?>> p2) throws SQLException {
    return out().getObject(p1, p2);
  }

  @Override
  public Object getObject(String p1) throws SQLException {
    return out().getObject(p1);
  }

  @Override
  public <T> T getObject(int p1, Class<T> p2) throws SQLException {
    return out().getObject(p1, p2);
  }

  @Override
  public Object getObject(int p1, java.util.Map<String, Class<?>> p2) throws SQLException {
    return out().getObject(p1, p2);
  }

  @Override
  public Object getObject(int p1) throws SQLException {
    return out().getObject(p1);
  }

  @Override
  public java.sql.Ref getRef(String p1) throws SQLException {
    return out().getRef(p1);
  }

  @Override
  public java.sql.Ref getRef(int p1) throws SQLException {
    return out().getRef(p1);
  }

  @Override
  public java.sql.RowId getRowId(String p1) throws SQLException {
    return out().getRowId(p1);
  }

  @Override
  public java.sql.RowId getRowId(int p1) throws SQLException {
    return out().getRowId(p1);
  }

  @Override
  public java.sql.SQLXML getSQLXML(String p1) throws SQLException {
    return out().getSQLXML(p1);
  }

  @Override
  public java.sql.SQLXML getSQLXML(int p1) throws SQLException {
    return out().getSQLXML(p1);
  }

  @Override
  public short getShort(String p1) throws SQLException {
    return out().getShort(p1);
  }

  @Override
  public short getShort(int p1) throws SQLException {
    return out().getShort(p1);
  }

  @Override
  public String getString(String p1) throws SQLException {
    return out().getString(p1);
  }

  @Override
  public String getString(int p1) throws SQLException {
    return out().getString(p1);
  }

  @Override
  public java.sql.Time getTime(String p1, java.util.Calendar p2) throws SQLException {
    return out().getTime(p1, p2);
  }

  @Override
  public java.sql.Time getTime(String p1) throws SQLException {
    return out().getTime(p1);
  }

  @Override
  public java.sql.Time getTime(int p1, java.util.Calendar p2) throws SQLException {
    return out().getTime(p1, p2);
  }

  @Override
  public java.sql.Time getTime(int p1) throws SQLException {
    return out().getTime(p1);
  }

  @Override
  public java.sql.Timestamp getTimestamp(String p1, java.util.Calendar p2) throws SQLException {
    return out().getTimestamp(p1, p2);
  }

  @Override
  public java.sql.Timestamp getTimestamp(String p1) throws SQLException {
    return out().getTimestamp(p1);
  }

  @Override
  public java.sql.Timestamp getTimestamp(int p1, java.util.Calendar p2) throws SQLException {
    return out().getTimestamp(p1, p2);
  }

  @Override
  public java.sql.Timestamp getTimestamp(int p1) throws SQLException {
    return out().getTimestamp(p1);
  }

  @Override
  public java.net.URL getURL(String p1) throws SQLException {
    return out().getURL(p1);
  }

  @Override
  public java.net.URL getURL(int p1) throws SQLException {
    return out().getURL(p1);
  }

  @Override
  public void registerOutParameter(String p1, int p2, String p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.registerOutParameter(p1, p2, p3));
  }

  @Override
  public void registerOutParameter(String p1, int p2, int p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.registerOutParameter(p1, p2, p3));
  }

  @Override
  public void registerOutParameter(String p1, int p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.registerOutParameter(p1, p2));
  }

  @Override
  public void registerOutParameter(String p1, java.sql.SQLType p2, String p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.registerOutParameter(p1, p2, p3));
  }

  @Override
  public void registerOutParameter(String p1, java.sql.SQLType p2, int p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.registerOutParameter(p1, p2, p3));
  }

  @Override
  public void registerOutParameter(String p1, java.sql.SQLType p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.registerOutParameter(p1, p2));
  }

  @Override
  public void registerOutParameter(int p1, int p2, String p3) throws SQLException {
    record(cs -> cs.registerOutParameter(p1, p2, p3));
  }

  @Override
  public void registerOutParameter(int p1, int p2, int p3) throws SQLException {
    record(cs -> cs.registerOutParameter(p1, p2, p3));
  }

  @Override
  public void registerOutParameter(int p1, int p2) throws SQLException {
    record(cs -> cs.registerOutParameter(p1, p2));
  }

  @Override
  public void registerOutParameter(int p1, java.sql.SQLType p2, String p3) throws SQLException {
    record(cs -> cs.registerOutParameter(p1, p2, p3));
  }

  @Override
  public void registerOutParameter(int p1, java.sql.SQLType p2, int p3) throws SQLException {
    record(cs -> cs.registerOutParameter(p1, p2, p3));
  }

  @Override
  public void registerOutParameter(int p1, java.sql.SQLType p2) throws SQLException {
    record(cs -> cs.registerOutParameter(p1, p2));
  }

  @Override
  public void setAsciiStream(String p1, java.io.InputStream p2, int p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.setAsciiStream(p1, p2, p3));
  }

  @Override
  public void setAsciiStream(String p1, java.io.InputStream p2, long p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.setAsciiStream(p1, p2, p3));
  }

  @Override
  public void setAsciiStream(String p1, java.io.InputStream p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setAsciiStream(p1, p2));
  }

  @Override
  public void setBigDecimal(String p1, java.math.BigDecimal p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setBigDecimal(p1, p2));
  }

  @Override
  public void setBinaryStream(String p1, java.io.InputStream p2, int p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.setBinaryStream(p1, p2, p3));
  }

  @Override
  public void setBinaryStream(String p1, java.io.InputStream p2, long p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.setBinaryStream(p1, p2, p3));
  }

  @Override
  public void setBinaryStream(String p1, java.io.InputStream p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setBinaryStream(p1, p2));
  }

  @Override
  public void setBlob(String p1, java.io.InputStream p2, long p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.setBlob(p1, p2, p3));
  }

  @Override
  public void setBlob(String p1, java.io.InputStream p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setBlob(p1, p2));
  }

  @Override
  public void setBlob(String p1, java.sql.Blob p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setBlob(p1, p2));
  }

  @Override
  public void setBoolean(String p1, boolean p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setBoolean(p1, p2));
  }

  @Override
  public void setByte(String p1, byte p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setByte(p1, p2));
  }

  @Override
  public void setBytes(String p1, byte[] p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setBytes(p1, p2));
  }

  @Override
  public void setCharacterStream(String p1, java.io.Reader p2, int p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.setCharacterStream(p1, p2, p3));
  }

  @Override
  public void setCharacterStream(String p1, java.io.Reader p2, long p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.setCharacterStream(p1, p2, p3));
  }

  @Override
  public void setCharacterStream(String p1, java.io.Reader p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setCharacterStream(p1, p2));
  }

  @Override
  public void setClob(String p1, java.io.Reader p2, long p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.setClob(p1, p2, p3));
  }

  @Override
  public void setClob(String p1, java.io.Reader p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setClob(p1, p2));
  }

  @Override
  public void setClob(String p1, java.sql.Clob p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setClob(p1, p2));
  }

  @Override
  public void setDate(String p1, java.sql.Date p2, java.util.Calendar p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.setDate(p1, p2, p3));
  }

  @Override
  public void setDate(String p1, java.sql.Date p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setDate(p1, p2));
  }

  @Override
  public void setDouble(String p1, double p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setDouble(p1, p2));
  }

  @Override
  public void setFloat(String p1, float p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setFloat(p1, p2));
  }

  @Override
  public void setInt(String p1, int p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setInt(p1, p2));
  }

  @Override
  public void setLong(String p1, long p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setLong(p1, p2));
  }

  @Override
  public void setNCharacterStream(String p1, java.io.Reader p2, long p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.setNCharacterStream(p1, p2, p3));
  }

  @Override
  public void setNCharacterStream(String p1, java.io.Reader p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setNCharacterStream(p1, p2));
  }

  @Override
  public void setNClob(String p1, java.io.Reader p2, long p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.setNClob(p1, p2, p3));
  }

  @Override
  public void setNClob(String p1, java.io.Reader p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setNClob(p1, p2));
  }

  @Override
  public void setNClob(String p1, java.sql.NClob p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setNClob(p1, p2));
  }

  @Override
  public void setNString(String p1, String p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setNString(p1, p2));
  }

  @Override
  public void setNull(String p1, int p2, String p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.setNull(p1, p2, p3));
  }

  @Override
  public void setNull(String p1, int p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setNull(p1, p2));
  }

  @Override
  public void setObject(String p1, Object p2, int p3, int p4) throws SQLException {
    recordPrimaryOnly(cs -> cs.setObject(p1, p2, p3, p4));
  }

  @Override
  public void setObject(String p1, Object p2, int p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.setObject(p1, p2, p3));
  }

  @Override
  public void setObject(String p1, Object p2, java.sql.SQLType p3, int p4) throws SQLException {
    recordPrimaryOnly(cs -> cs.setObject(p1, p2, p3, p4));
  }

  @Override
  public void setObject(String p1, Object p2, java.sql.SQLType p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.setObject(p1, p2, p3));
  }

  @Override
  public void setObject(String p1, Object p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setObject(p1, p2));
  }

  @Override
  public void setRowId(String p1, java.sql.RowId p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setRowId(p1, p2));
  }

  @Override
  public void setSQLXML(String p1, java.sql.SQLXML p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setSQLXML(p1, p2));
  }

  @Override
  public void setShort(String p1, short p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setShort(p1, p2));
  }

  @Override
  public void setString(String p1, String p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setString(p1, p2));
  }

  @Override
  public void setTime(String p1, java.sql.Time p2, java.util.Calendar p3) throws SQLException {
    recordPrimaryOnly(cs -> cs.setTime(p1, p2, p3));
  }

  @Override
  public void setTime(String p1, java.sql.Time p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setTime(p1, p2));
  }

  @Override
  public void setTimestamp(String p1, java.sql.Timestamp p2, java.util.Calendar p3)
      throws SQLException {
    recordPrimaryOnly(cs -> cs.setTimestamp(p1, p2, p3));
  }

  @Override
  public void setTimestamp(String p1, java.sql.Timestamp p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setTimestamp(p1, p2));
  }

  @Override
  public void setURL(String p1, java.net.URL p2) throws SQLException {
    recordPrimaryOnly(cs -> cs.setURL(p1, p2));
  }

  @Override
  public boolean wasNull() throws SQLException {
    return out().wasNull();
  }
}
