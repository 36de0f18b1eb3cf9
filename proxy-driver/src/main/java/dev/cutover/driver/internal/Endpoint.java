package dev.cutover.driver.internal;

import dev.cutover.driver.MigrationConfig.DatabaseConfig;
import dev.cutover.driver.Phase;
import dev.cutover.driver.config.Redaction;
import dev.cutover.driver.sql.Dialect;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.ServiceLoader;

/** One of the two databases: how to connect to it and whether it is currently considered down. */
public final class Endpoint {
  private final Phase.Side side;
  private final DatabaseConfig db;
  private final Dialect dialect;
  private final Properties properties;
  private final long retryAfterNanos;
  private volatile long downUntilNanos;

  /** MariaDB/MySQL: the zone of a new session, read at the first connection; null until then. */
  private volatile SessionZone sessionZone;

  private volatile boolean sessionZoneAsked;

  /** Told the old database's identity at its first connection (see AppIdentity); null for NEW. */
  private volatile java.util.function.Consumer<AppIdentity> identityListener;

  /**
   * {@code statementRollback}: a PostgreSQL side's failed statement undoes only itself in a
   * transaction, as on MariaDB/MySQL (pgjdbc's {@code autosave=always}), unless the URL or the
   * configured properties choose an {@code autosave} themselves.
   */
  Endpoint(Phase.Side side, DatabaseConfig db, long retryAfterNanos, boolean statementRollback) {
    this.side = side;
    this.db = db;
    this.dialect = Dialect.fromJdbcUrl(db.url());
    this.properties = db.toProperties();
    this.retryAfterNanos = retryAfterNanos;
    if (statementRollback
        && dialect == Dialect.POSTGRES
        && properties.getProperty("autosave") == null
        && !urlSets(db.url(), "autosave")) {
      // Not with cleanupSavepoints: its RELEASE after each statement also released every
      // savepoint the application or the driver had set since, so those then did not exist.
      properties.setProperty("autosave", "always");
    }
  }

  /** Whether a JDBC URL's query string sets {@code name} (pgjdbc reads it case-sensitively). */
  static boolean urlSets(String url, String name) {
    int q = url.indexOf('?');
    if (q < 0) {
      return false;
    }
    for (String pair : url.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      if ((eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
        return true;
      }
    }
    return false;
  }

  public Phase.Side side() {
    return side;
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * The zone a new session of this MariaDB/MySQL database runs in, once a connection was opened;
   * null before, for PostgreSQL, or when the server did not say.
   */
  public SessionZone sessionZone() {
    return sessionZone;
  }

  public String url() {
    return db.url();
  }

  /**
   * Opens a physical connection through the vendor driver. The driver is looked up through
   * DriverManager and, failing that, through the service loader of the thread's and this class's
   * loaders, so the lookup works when an application server loaded the vendor driver in another
   * class loader.
   */
  public Connection open() throws SQLException {
    Driver driver = findDriver(db.url());
    Connection c = driver.connect(db.url(), properties);
    if (c == null) {
      throw new SQLException(
          "The driver " + driver.getClass().getName() + " did not accept " + db.url(), "08001");
    }
    if (dialect == Dialect.MYSQL && !sessionZoneAsked) {
      // Once: a server that cannot say is not asked on every connection.
      sessionZoneAsked = true;
      sessionZone = SessionZone.read(c, side + " database " + Redaction.url(db.url()));
    }
    java.util.function.Consumer<AppIdentity> listener = identityListener;
    if (listener != null) {
      identityListener = null;
      try {
        listener.accept(AppIdentity.of(c));
      } catch (SQLException | RuntimeException e) {
        identityListener = listener;
      }
    }
    return c;
  }

  /** Calls {@code listener} once with the identity of the next connection opened. */
  void onIdentity(java.util.function.Consumer<AppIdentity> listener) {
    this.identityListener = listener;
  }

  static Driver findDriver(String url) throws SQLException {
    try {
      return DriverManager.getDriver(url);
    } catch (SQLException notRegistered) {
      for (ClassLoader cl :
          new ClassLoader[] {
            Thread.currentThread().getContextClassLoader(), Endpoint.class.getClassLoader()
          }) {
        if (cl == null) {
          continue;
        }
        for (Driver d : ServiceLoader.load(Driver.class, cl)) {
          if (d.acceptsURL(url)) {
            return d;
          }
        }
      }
      throw new SQLException(
          "No JDBC driver on the class path accepts " + url + " (add the vendor's driver jar)",
          "08001",
          notRegistered);
    }
  }

  /** True while a recent connection failure says not to try again yet. */
  boolean isDown() {
    long until = downUntilNanos;
    return until != 0 && System.nanoTime() - until < 0;
  }

  void markDown() {
    downUntilNanos = System.nanoTime() + retryAfterNanos;
  }

  void markUp() {
    downUntilNanos = 0;
  }
}
