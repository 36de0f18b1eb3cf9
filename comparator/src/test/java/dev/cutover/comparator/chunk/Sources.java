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
  private final String[] init;

  private Sources(String url, String user, String password, String... init) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.init = init;
  }

  /** The database as a data source. */
  public static DataSource of(TestDatabase db) {
    return new Sources(db.url(), db.user(), db.password());
  }

  /**
   * The database as a data source whose connections first run {@code init} (session settings a pool
   * or a server could have configured, such as a time zone).
   */
  public static DataSource of(TestDatabase db, String... init) {
    return new Sources(db.url(), db.user(), db.password(), init);
  }

  /** A data source for a JDBC URL and credentials. */
  public static DataSource of(String url, String user, String password) {
    return new Sources(url, user, password);
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection c = DriverManager.getConnection(url, user, password);
    if (init.length > 0) {
      try (java.sql.Statement s = c.createStatement()) {
        for (String sql : init) {
          s.execute(sql);
        }
      }
    }
    return c;
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
