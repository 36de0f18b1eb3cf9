package dev.cutover.driver;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A JDBC driver for {@code jdbc:failrestore:<vendor url without jdbc:>} that passes everything to
 * the vendor's connection, except that while armed, switching autocommit back on from off fails
 * (and leaves the connection with autocommit off), as a flaky network or server error would.
 */
final class FailingRestoreDriver implements Driver {
  static final String PREFIX = "jdbc:failrestore:";

  /** How many more {@code setAutoCommit(true)} calls on a connection with autocommit off fail. */
  static final AtomicInteger FAILURES = new AtomicInteger();

  static {
    try {
      DriverManager.registerDriver(new FailingRestoreDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static String url(String vendorUrl) {
    return PREFIX + vendorUrl.substring("jdbc:".length());
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    String vendor = "jdbc:" + url.substring(PREFIX.length());
    Connection real = DriverManager.getDriver(vendor).connect(vendor, info);
    return (Connection)
        Proxy.newProxyInstance(
            FailingRestoreDriver.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("setAutoCommit")
                  && Boolean.TRUE.equals(args[0])
                  && !real.getAutoCommit()
                  && FAILURES.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new SQLException("injected: could not restore autocommit", "HY000");
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }
}
