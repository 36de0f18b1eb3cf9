package dev.cutover.comparator.chunk;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Holds a MariaDB session's {@code time_zone} at UTC while the bulk engine uses the connection, and
 * puts the previous zone back on {@link #close()} (the connection may come from the application's
 * pool).
 *
 * <p>MariaDB returns and takes {@code TIMESTAMP} values as wall-clock time in the session's zone,
 * so without this a verify would render them, and a backfill read and write them, in whatever zone
 * the server or the pool configured, while PostgreSQL's {@code timestamptz} is compared and written
 * as UTC. With it, a {@code TIMESTAMP} is its UTC wall-clock time on every path, which is also how
 * a zone-less {@code DATETIME} is placed on the time line (as pgloader does). On other engines this
 * does nothing.
 */
public final class UtcSession implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(UtcSession.class.getName());
  private static final UtcSession NONE = new UtcSession(null, null);

  private final Connection connection;
  private final String previous;

  private UtcSession(Connection connection, String previous) {
    this.connection = connection;
    this.previous = previous;
  }

  /** Sets a MariaDB connection's session zone to UTC; a no-op elsewhere. */
  public static UtcSession pin(Connection connection) throws SQLException {
    if (Dialect.of(connection) != Dialect.MARIADB) {
      return NONE;
    }
    try (Statement s = connection.createStatement()) {
      String previous;
      try (ResultSet rs = s.executeQuery("SELECT @@session.time_zone")) {
        rs.next();
        previous = rs.getString(1);
      }
      if (!"+00:00".equals(previous)) {
        s.execute("SET time_zone = '+00:00'");
      }
      return new UtcSession(connection, previous);
    }
  }

  /** Puts the session's previous zone back; a connection that cannot take it is left alone. */
  @Override
  public void close() {
    if (connection == null || "+00:00".equals(previous)) {
      return;
    }
    try (Statement s = connection.createStatement()) {
      s.execute("SET time_zone = '" + previous.replace("'", "''") + "'");
    } catch (SQLException e) {
      // Returned to its pool as it is, the connection would serve the application in UTC:
      // aborted, it is closed for good and the pool replaces it.
      LOG.log(
          System.Logger.Level.WARNING,
          "Could not restore the session time_zone "
              + previous
              + "; closing the connection so that no one uses it in UTC: "
              + e.getMessage());
      try {
        connection.abort(Runnable::run);
      } catch (SQLException | RuntimeException alreadyGone) {
        // Closed already: nothing can reuse it.
      }
    }
  }
}
