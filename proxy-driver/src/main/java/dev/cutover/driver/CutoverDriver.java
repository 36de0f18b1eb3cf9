package dev.cutover.driver;

import dev.cutover.driver.internal.CutoverConnection;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;

/**
 * The {@code jdbc:cutover:} JDBC driver. URLs name the migration's configuration file: {@code
 * jdbc:cutover:file:/abs/path/migration.yaml}, {@code jdbc:cutover:classpath:migration.yaml}, or
 * the shorthand {@code jdbc:cutover:/abs/path/migration.yaml}. Any other URL gets {@code null} from
 * {@link #connect}, so the driver coexists with every other one in {@link DriverManager}.
 */
public final class CutoverDriver implements Driver {
  public static final String PREFIX = "jdbc:cutover:";

  private static final ConcurrentMap<String, Migration> MIGRATIONS = new ConcurrentHashMap<>();

  static {
    try {
      DriverManager.registerDriver(new CutoverDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    return new CutoverConnection(migration(url, info == null ? new Properties() : info).context());
  }

  /** The migration behind a {@code jdbc:cutover:} URL, loading its configuration on first use. */
  public static Migration migration(String url) throws SQLException {
    return migration(url, new Properties());
  }

  static Migration migration(String url, Properties info) throws SQLException {
    if (url == null || !url.startsWith(PREFIX)) {
      throw new SQLException(
          "Not a cutover URL: " + url + " (expected " + PREFIX + "...)", "08001");
    }
    String location = url.substring(PREFIX.length());
    String key = location + "\u0000" + info.getProperty("user", "");
    Migration m = MIGRATIONS.get(key);
    if (m != null) {
      return m;
    }
    MigrationConfig config = MigrationConfig.load(location, info);
    synchronized (MIGRATIONS) {
      return MIGRATIONS.computeIfAbsent(key, k -> new Migration(config));
    }
  }

  /** The migrations loaded so far and not closed; for tests that close what they opened. */
  static java.util.List<Migration> openMigrations() {
    return java.util.List.copyOf(MIGRATIONS.values());
  }

  static void forget(Migration m) {
    MIGRATIONS.values().remove(m);
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    DriverPropertyInfo user =
        new DriverPropertyInfo("user", info == null ? null : info.getProperty("user"));
    user.description = "Fills in old/new user where the configuration file leaves it out";
    DriverPropertyInfo password = new DriverPropertyInfo("password", null);
    password.description = "Fills in old/new password where the configuration file leaves it out";
    return new DriverPropertyInfo[] {user, password};
  }

  @Override
  public int getMajorVersion() {
    return 0;
  }

  @Override
  public int getMinorVersion() {
    return 1;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("dev.cutover");
  }
}
