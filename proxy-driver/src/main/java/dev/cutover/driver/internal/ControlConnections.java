package dev.cutover.driver.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.driver.MigrationConfig.DatabaseConfig;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A small pool of connections to the control store, shared by the journal and the control plane.
 */
public final class ControlConnections implements AutoCloseable {
  private final HikariDataSource pool;
  private final String url;
  private final java.util.Properties properties;

  public ControlConnections(DatabaseConfig db, String migration) {
    this.url = db.url();
    this.properties = db.toProperties();
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("cutover-control-" + migration);
    // Through the same class-loader-aware lookup as the two sides: HikariCP's own DriverManager
    // lookup fails
    // when an application server loaded the vendor driver in another class loader.
    hc.setDataSource(new VendorDataSource(db.url(), db.toProperties()));
    hc.setMaximumPoolSize(4);
    hc.setMinimumIdle(0);
    hc.setConnectionTimeout(5_000);
    hc.setInitializationFailTimeout(-1);
    hc.setAutoCommit(true);
    pool = new HikariDataSource(hc);
  }

  /** A minimal DataSource over the vendor driver found for a URL. */
  private static final class VendorDataSource implements javax.sql.DataSource {
    private final String url;
    private final java.util.Properties properties;

    VendorDataSource(String url, java.util.Properties properties) {
      this.url = url;
      this.properties = properties;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection c = Endpoint.findDriver(url).connect(url, properties);
      if (c == null) {
        throw new SQLException("No driver accepted " + url, "08001");
      }
      return c;
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public java.io.PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(java.io.PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
      return java.util.logging.Logger.getLogger("dev.cutover");
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

  public Connection get() throws SQLException {
    return pool.getConnection();
  }

  /** The control store's JDBC URL as configured. */
  public String url() {
    return url;
  }

  /**
   * A connection outside the pool, for a poller that keeps it (and its prepared statements) for its
   * whole life: borrowing from the pool would add the pool's liveness check, a round trip, to every
   * poll. {@code extra} adds driver properties (e.g. multi-statement support).
   */
  public Connection openDedicated(java.util.Properties extra) throws SQLException {
    java.util.Properties p = new java.util.Properties();
    p.putAll(properties);
    p.putAll(extra);
    Connection c = Endpoint.findDriver(url).connect(url, p);
    if (c == null) {
      throw new SQLException("No driver accepted " + url, "08001");
    }
    return c;
  }

  @Override
  public void close() {
    pool.close();
  }
}
