package dev.cutover.driver.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.driver.MigrationConfig.DatabaseConfig;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A small pool of connections to the control store, shared by the journal and the control plane.
 *
 * <p>Every pooled connection has a network timeout of {@link #NETWORK_TIMEOUT_MILLIS} (and the
 * vendor's connect and socket timeouts alike): the journal writes on the application's thread, and
 * a control store that stops answering without closing anything (a network blackhole) would
 * otherwise hold that thread forever. After the timeout the write fails, the divergence goes to the
 * spill file and the connection is discarded. Statements on this pool are single-row writes and
 * small reads, far below the bound.
 */
public final class ControlConnections implements AutoCloseable {
  /** Bound of every read from the control store on a pooled connection. */
  static final int NETWORK_TIMEOUT_MILLIS = 10_000;

  /** Runs the vendor driver's abort work for a network timeout on the thread that timed out. */
  private static final java.util.concurrent.Executor DIRECT = Runnable::run;

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
      java.util.Properties p = new java.util.Properties();
      p.putAll(connectTimeouts(url));
      p.putAll(properties);
      Connection c = Endpoint.findDriver(url).connect(url, p);
      if (c == null) {
        throw new SQLException("No driver accepted " + url, "08001");
      }
      try {
        c.setNetworkTimeout(DIRECT, NETWORK_TIMEOUT_MILLIS);
      } catch (SQLException | UnsupportedOperationException embedded) {
        // An embedded store (H2) has no network to time out.
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

  /**
   * The vendor's connect and socket timeouts for {@link #NETWORK_TIMEOUT_MILLIS}, so that
   * connecting and logging in to a store that does not answer are bounded too; properties the
   * configuration sets itself win.
   */
  static java.util.Properties connectTimeouts(String url) {
    java.util.Properties p = new java.util.Properties();
    if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
      p.setProperty("connectTimeout", Integer.toString(NETWORK_TIMEOUT_MILLIS));
      p.setProperty("socketTimeout", Integer.toString(NETWORK_TIMEOUT_MILLIS));
    } else if (url.startsWith("jdbc:postgresql:")) {
      String seconds = Integer.toString(NETWORK_TIMEOUT_MILLIS / 1000);
      p.setProperty("connectTimeout", seconds);
      p.setProperty("socketTimeout", seconds);
    }
    return p;
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
