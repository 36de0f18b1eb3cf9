package dev.cutover.driver.shadow;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.driver.internal.Endpoint;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A few pooled connections to one side, used only by shadow reads: never the application's
 * connections, and never one new connection per read.
 */
final class SidePool implements AutoCloseable {
  private final HikariDataSource pool;

  SidePool(Endpoint endpoint, String name, int size, long timeoutMillis) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName(name);
    hc.setDataSource(new EndpointDataSource(endpoint));
    hc.setMaximumPoolSize(size);
    hc.setMinimumIdle(0);
    // HikariCP's floor is 250 ms; a dead secondary then costs a shadow thread at most this long.
    hc.setConnectionTimeout(Math.max(250, timeoutMillis));
    hc.setValidationTimeout(Math.max(250, Math.min(timeoutMillis, 5_000)));
    hc.setInitializationFailTimeout(-1);
    hc.setAutoCommit(true);
    String guard = readOnlyGuard(endpoint.dialect());
    if (guard != null) {
      hc.setConnectionInitSql(guard);
    }
    pool = new HikariDataSource(hc);
  }

  /**
   * The statement that makes a shadow connection's every transaction read-only, autocommit ones
   * included, or null where the engine has none. A "read" can write: {@code SELECT f()} with a
   * function that inserts, {@code SELECT nextval(...)}. Run on the secondary it would write what
   * dual-write never sent, and a mismatch's re-check runs it on the primary too. The database then
   * refuses it (SQLSTATE 25006) and the read is skipped.
   */
  static String readOnlyGuard(dev.cutover.driver.sql.Dialect dialect) {
    switch (dialect) {
      case POSTGRES:
        return "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";
      case MYSQL:
        return "SET SESSION TRANSACTION READ ONLY";
      default:
        return null;
    }
  }

  Connection get() throws SQLException {
    return pool.getConnection();
  }

  /** The most connections the pool holds. */
  int size() {
    return pool.getMaximumPoolSize();
  }

  /** Removes a borrowed connection from the pool for good; the pool closes it. */
  void evict(Connection c) {
    pool.evictConnection(c);
  }

  @Override
  public void close() {
    pool.close();
  }

  /** Connections through the same class-loader-aware lookup the application's connections use. */
  private static final class EndpointDataSource implements DataSource {
    private final Endpoint endpoint;

    EndpointDataSource(Endpoint endpoint) {
      this.endpoint = endpoint;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return endpoint.open();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return endpoint.open();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
      // HikariCP may call this; there is no writer to keep.
    }

    @Override
    public void setLoginTimeout(int seconds) {
      // The vendor drivers' own connect timeouts apply; HikariCP enforces connectionTimeout.
    }

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return Logger.getLogger("dev.cutover");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("Not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
