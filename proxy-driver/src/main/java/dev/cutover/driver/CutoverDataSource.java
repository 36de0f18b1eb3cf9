package dev.cutover.driver;

import dev.cutover.driver.internal.CutoverConnection;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for frameworks that configure one instead of a URL. Set {@link #setUrl} to a
 * {@code jdbc:cutover:} URL (or {@link #setConfig} to a configuration location) and hand it to the
 * framework or to a pool such as HikariCP.
 */
public final class CutoverDataSource implements DataSource {
  private volatile String url;
  private volatile String user;
  private volatile String password;
  private volatile int loginTimeout;
  private volatile PrintWriter logWriter;

  public CutoverDataSource() {}

  public CutoverDataSource(String url) {
    setUrl(url);
  }

  public void setUrl(String url) {
    if (url == null || !url.startsWith(CutoverDriver.PREFIX)) {
      throw new IllegalArgumentException(
          "url: " + url + " (expected " + CutoverDriver.PREFIX + "<config location>)");
    }
    this.url = url;
  }

  public String getUrl() {
    return url;
  }

  /**
   * Sets the configuration location ({@code file:...}, {@code classpath:...} or an absolute path).
   */
  public void setConfig(String location) {
    setUrl(CutoverDriver.PREFIX + location);
  }

  public void setUser(String user) {
    this.user = user;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  /** The migration this data source's connections belong to. */
  public Migration getMigration() throws SQLException {
    return CutoverDriver.migration(requireUrl(), credentials(user, password));
  }

  @Override
  public Connection getConnection() throws SQLException {
    return getConnection(user, password);
  }

  @Override
  public Connection getConnection(String username, String pass) throws SQLException {
    return new CutoverConnection(
        CutoverDriver.migration(requireUrl(), credentials(username, pass)).context());
  }

  private String requireUrl() throws SQLException {
    String u = url;
    if (u == null) {
      throw new SQLException("CutoverDataSource has no url (call setUrl or setConfig)", "08001");
    }
    return u;
  }

  private static Properties credentials(String user, String password) {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    return p;
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return Logger.getLogger("dev.cutover");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("Not a wrapper for " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
