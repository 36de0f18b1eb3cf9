package dev.cutover.driver;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Base of the test drivers that sit between the code under test and a vendor driver, for URLs
 * {@code jdbc:<name>:<vendor url without jdbc:>}: the vendor opens the connection, the subclass
 * wraps it.
 */
public abstract class InterposingDriver implements Driver {
  private final String prefix;

  protected InterposingDriver(String name) {
    this.prefix = "jdbc:" + name + ":";
  }

  /** The URL under which the driver called {@code name} interposes on {@code vendorUrl}. */
  public static String url(String name, String vendorUrl) {
    return "jdbc:" + name + ":" + vendorUrl.substring("jdbc:".length());
  }

  /** Registers {@code driver} with {@link DriverManager}; for the subclasses' static blocks. */
  protected static void register(Driver driver) {
    try {
      DriverManager.registerDriver(driver);
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Wraps the vendor's connection. */
  protected abstract Connection wrap(Connection real) throws SQLException;

  @Override
  public final Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    String vendor = "jdbc:" + url.substring(prefix.length());
    return wrap(DriverManager.getDriver(vendor).connect(vendor, info));
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(prefix);
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
