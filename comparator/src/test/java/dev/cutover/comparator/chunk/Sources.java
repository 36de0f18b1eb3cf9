package dev.cutover.comparator.chunk;

import dev.cutover.testkit.TestDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A {@link DataSource} over a test database: a new physical connection per call. */
public final class Sources implements DataSource {
  private final String url;
  private final String user;
  private final String password;

  private Sources(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** The database as a data source. */
  public static DataSource of(TestDatabase db) {
    return new Sources(db.url(), db.user(), db.password());
  }

  /** A data source for a JDBC URL and credentials. */
  public static DataSource of(String url, String user, String password) {
    return new Sources(url, user, password);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    throw new UnsupportedOperationException("no log writer");
  }

  @Override
  public void setLoginTimeout(int seconds) {
    throw new UnsupportedOperationException("no login timeout");
  }

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
