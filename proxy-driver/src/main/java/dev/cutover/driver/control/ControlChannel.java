package dev.cutover.driver.control;

import dev.cutover.driver.Phase;
import dev.cutover.driver.control.ControlStore.ControlRow;
import dev.cutover.driver.control.ControlStore.InstanceRow;
import dev.cutover.driver.internal.ControlConnections;
import dev.cutover.driver.sql.Dialect;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * One dedicated connection to the control store, kept for the life of a poller (or a flipper), and
 * the single statement each poll costs.
 *
 * <p>A poll is one round trip whether or not it carries a heartbeat: on PostgreSQL the heartbeat
 * upsert is a data-modifying CTE of the control-row SELECT; on MariaDB/MySQL the upsert and the
 * SELECT travel as one multi-statement; on H2 (embedded, no network) they are two in-process calls.
 * The connection is held rather than borrowed from the pool because the pool's liveness check on
 * borrow would be a second round trip per poll.
 *
 * <p>On PostgreSQL the channel also {@code LISTEN}s: the flipper's announce and commit {@code
 * NOTIFY} the fleet, and instances' acknowledgements notify the flipper, so a flip does not wait
 * for the next poll; polling stays the fallback (and the only mechanism on other stores).
 *
 * <p><b>A hung store must not hang the poller.</b> A control store behind a network blackhole (or a
 * statement stuck on a lock) would otherwise block a poll forever, and an instance blocked in a
 * poll never learns, nor says, that it is stale. So every statement has a query timeout of {@link
 * #timeoutMillis} (rounded up to whole seconds, as JDBC requires), and the connection a network
 * timeout one second longer: the server cancels a statement it is still running first, and a store
 * that does not answer at all costs the socket read. The vendor driver's connect and socket
 * timeouts bound the connect and login the same way. On any failure the connection is closed and
 * the next poll opens a fresh one.
 *
 * <p>On PostgreSQL the query timeout is the session's {@code statement_timeout}, enforced by the
 * server, not JDBC's {@code setQueryTimeout}: pgjdbc cancels a timed-out statement over a second
 * connection and makes the statement wait for that cancel, which on a blackholed store hangs for
 * the cancel's own timeout (ten seconds by default) before the poll may fail.
 */
final class ControlChannel implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ControlChannel.class.getName());

  private static final String ROW =
      "phase, version, flip_seq, flip_state, flip_to, flip_deadline, flip_actor, overrides";
  private static final String INSTANCE_COLUMNS =
      "migration, instance, host, process, started_at, last_seen, applied_version, applied_phase,"
          + " acked_flip, refused_flip, in_flight, stale";
  private static final String VALUES = "(?,?,?,?,?,?,?,?,?,?,?,?)";

  private final ControlConnections pool;
  private final String migration;
  private final String listenOn;
  private final String notifyOn;
  private final int queryTimeoutSeconds;
  private final int networkTimeoutMillis;

  /** True when the server enforces the query timeout for the whole session (PostgreSQL). */
  private boolean sessionTimeout;

  private Connection conn;
  private Dialect dialect;
  private PreparedStatement select;
  private PreparedStatement beat;
  private PreparedStatement beatAndNotify;
  private PreparedStatement h2Merge;
  private Method getNotifications;
  private Object pgConnection;

  /** False once the server or URL settings refused the multi-statement (MySQL family). */
  private boolean multiStatement = true;

  /**
   * MariaDB/MySQL: the user-level lock this session holds for the instance's {@link ControlBell}.
   */
  private volatile String bellLock;

  private PreparedStatement upsert;

  /** Runs the vendor driver's abort work for a network timeout on the thread that timed out. */
  private static final Executor DIRECT = Runnable::run;

  /**
   * A channel that listens on {@code listenOn} (PostgreSQL only; null: none), whose notifying polls
   * wake {@code notifyOn}, and whose statements of a poller polling every {@code pollMillis} give
   * up after {@link #timeoutMillis}.
   */
  ControlChannel(
      ControlConnections pool,
      String migration,
      String listenOn,
      String notifyOn,
      long pollMillis) {
    this.pool = pool;
    this.migration = migration;
    this.listenOn = listenOn;
    this.notifyOn = notifyOn;
    long timeout = timeoutMillis(pollMillis);
    this.queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE / 2000, (timeout + 999) / 1000);
    this.networkTimeoutMillis = queryTimeoutSeconds * 1000 + 1000;
  }

  /**
   * How long one statement of a poller may take: three poll intervals, and never less than two
   * seconds. A poll is one short round trip, so three intervals without an answer means the store
   * is gone, not slow, and the instance learns it is stale within a few polls; the floor keeps a
   * short interval (tens of milliseconds) from calling a store stale, and reconnecting, on a GC
   * pause or a busy moment.
   */
  static long timeoutMillis(long pollMillis) {
    return Math.max(3 * Math.max(1, pollMillis), 2_000);
  }

  /**
   * True when {@code e} says the store could not be reached or did not answer in time (connection
   * failure, timeout, cancelled statement), as opposed to an error the store answered with.
   */
  static boolean unreachable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTimeoutException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException) {
        String state = ((SQLException) t).getSQLState();
        // Connection exceptions; PostgreSQL query_canceled; MariaDB/MySQL interrupted.
        if (state != null
            && (state.startsWith("08") || "57014".equals(state) || "70100".equals(state))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The channel instances listen on: announce and commit wake them. */
  static String fleetChannel(String migration) {
    return "cutover_" + sanitize(migration);
  }

  /** The channel flippers listen on: acknowledgements and applied versions wake them. */
  static String flipperChannel(String migration) {
    return fleetChannel(migration) + "_flip";
  }

  private static String sanitize(String migration) {
    String s = migration.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return s.length() > 40 ? s.substring(0, 40) : s;
  }

  Dialect dialect() throws SQLException {
    connection();
    return dialect;
  }

  private Connection connection() throws SQLException {
    if (conn != null) {
      return conn;
    }
    String url = pool.url();
    Properties extra = new Properties();
    Dialect configured = Dialect.fromJdbcUrl(url);
    if (configured == Dialect.MYSQL || url.contains(":mariadb:") || url.contains(":mysql:")) {
      // The heartbeat and the control-row SELECT travel as one multi-statement.
      extra.setProperty("allowMultiQueries", "true");
      // Milliseconds: connecting, and every read before the network timeout below is set.
      extra.setProperty("connectTimeout", Integer.toString(networkTimeoutMillis));
      extra.setProperty("socketTimeout", Integer.toString(networkTimeoutMillis));
    } else if (configured == Dialect.POSTGRES || url.contains(":postgresql:")) {
      // Seconds: the socket timeout also bounds the startup and authentication exchange.
      String seconds = Integer.toString((networkTimeoutMillis + 999) / 1000);
      extra.setProperty("connectTimeout", seconds);
      extra.setProperty("socketTimeout", seconds);
    }
    Connection c = pool.openDedicated(extra);
    try {
      c.setAutoCommit(true);
      networkTimeout(c);
      Dialect d = Dialect.fromJdbcUrl(c.getMetaData().getURL());
      sessionTimeout = d == Dialect.POSTGRES;
      if (sessionTimeout) {
        try (Statement s = c.createStatement()) {
          s.execute("SET statement_timeout = " + queryTimeoutSeconds * 1000);
        }
      }
      if (d == Dialect.MYSQL && bellLock != null) {
        // A second at most: the bell may hold the lock for a moment while it sees nobody else did.
        takeBellLock(c, 1);
      }
      if (d == Dialect.POSTGRES && listenOn != null) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN \"" + listenOn + "\"");
        }
        Class<?> pgc = Class.forName("org.postgresql.PGConnection", true, loaderOf(c));
        pgConnection = c.unwrap(pgc);
        getNotifications = pgc.getMethod("getNotifications", int.class);
      }
      conn = c;
      dialect = d;
      return c;
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      // Listening is an optimization; without it the poll interval still bounds every step.
      LOG.log(System.Logger.Level.DEBUG, "PostgreSQL notifications unavailable", e);
      getNotifications = null;
      pgConnection = null;
      conn = c;
      dialect = Dialect.POSTGRES;
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Bounds every read on the connection, whatever the driver's properties said. */
  private void networkTimeout(Connection c) {
    try {
      c.setNetworkTimeout(DIRECT, networkTimeoutMillis);
    } catch (SQLException | UnsupportedOperationException e) {
      // An embedded store (H2) has no network; the query timeouts still apply.
      LOG.log(System.Logger.Level.DEBUG, "control channel without a network timeout", e);
    }
  }

  /** A statement of this channel, with its query timeout. */
  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    if (sessionTimeout) {
      return ps;
    }
    try {
      ps.setQueryTimeout(queryTimeoutSeconds);
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  private static ClassLoader loaderOf(Connection c) throws SQLException {
    ClassLoader cl = c.getClass().getClassLoader();
    return cl != null ? cl : ClassLoader.getSystemClassLoader();
  }

  /**
   * Makes every session of this channel hold the user-level lock {@code name} (MariaDB/MySQL), on
   * which the instance's {@link ControlBell} waits; from the next connection on.
   */
  void holdBellLock(String name) {
    bellLock = name;
  }

  /**
   * Takes the bell's lock again on the open session, when the bell found it free (this session's
   * earlier connection is gone, or never got it); the next connection takes it anyway.
   */
  void retakeBellLock() {
    Connection c = conn;
    if (c != null && bellLock != null && dialect == Dialect.MYSQL) {
      takeBellLock(c, 0);
    }
  }

  /**
   * The bell waits on this lock for as long as this session lives. Never fails the poll: without
   * the lock (a store that refuses user locks, such as some Galera versions, or another session
   * holding it) the bell does not wait and the instance just polls.
   */
  private void takeBellLock(Connection c, int waitSeconds) {
    try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
      ps.setString(1, bellLock);
      ps.setInt(2, waitSeconds);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getInt(1) != 1) {
          LOG.log(System.Logger.Level.DEBUG, "control bell lock not taken; the bell will say");
        }
      }
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.DEBUG, "control bell lock refused; polling without the bell", e);
    }
  }

  /** True when {@link #await} wakes on notifications, not only on its timeout. */
  boolean listens() {
    return getNotifications != null;
  }

  /**
   * One round trip: reads the control row and, when {@code hb} is not null, upserts the heartbeat
   * (and, with {@code wake}, notifies the flipper). Returns null when the store holds no row.
   */
  ControlRow poll(InstanceRow hb, boolean wake) throws SQLException {
    try {
      Connection c = connection();
      if (hb == null) {
        return readRow(select(c));
      }
      switch (dialect) {
        case POSTGRES:
          {
            boolean notify = wake && getNotifications != null;
            PreparedStatement ps = notify ? beatAndNotify(c) : beat(c);
            int i = bind(ps, 1, hb);
            if (notify) {
              ps.setString(i++, notifyOn);
            }
            ps.setString(i, migration);
            return readRow(ps);
          }
        case MYSQL:
          if (!multiStatement) {
            PreparedStatement up = upsert(c);
            bind(up, 1, hb);
            up.executeUpdate();
            return readRow(select(c));
          }
          {
            PreparedStatement ps = beat(c);
            int i = bind(ps, 1, hb);
            ps.setString(i, migration);
            // First result: the upsert's count; second: the control row.
            ps.execute();
            while (!ps.getMoreResults()) {
              if (ps.getUpdateCount() == -1) {
                return null;
              }
            }
            try (ResultSet rs = ps.getResultSet()) {
              return rs.next() ? row(rs) : null;
            }
          }
        default:
          {
            PreparedStatement merge = h2Merge(c);
            bind(merge, 1, hb);
            merge.executeUpdate();
            return readRow(select(c));
          }
      }
    } catch (SQLException e) {
      String state = e.getSQLState();
      if (hb != null
          && dialect == Dialect.MYSQL
          && multiStatement
          && state != null
          && "42000".equals(state)) {
        // E.g. server-side prepared statements in the URL: no multi-statements. Two round trips
        // per heartbeat poll beat an instance that can never poll.
        LOG.log(
            System.Logger.Level.WARNING,
            "Control store refused the one-round-trip poll; heartbeats cost a second statement: "
                + e.getMessage());
        multiStatement = false;
        close();
        return poll(hb, wake);
      }
      close();
      throw e;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Waits up to {@code millis} for a notification (PostgreSQL) or simply sleeps; true when woken by
   * a notification.
   */
  boolean await(long millis) throws InterruptedException {
    if (millis <= 0) {
      return false;
    }
    if (getNotifications == null || conn == null) {
      Thread.sleep(millis);
      return false;
    }
    try {
      Object got = getNotifications.invoke(pgConnection, (int) Math.min(millis, Integer.MAX_VALUE));
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      return got != null && Array.getLength(got) > 0;
    } catch (IllegalAccessException | InvocationTargetException e) {
      LOG.log(System.Logger.Level.DEBUG, "waiting for notifications failed", e);
      close();
      Thread.sleep(millis);
      return false;
    }
  }

  private PreparedStatement select(Connection c) throws SQLException {
    if (select == null) {
      select = prepare(c, "SELECT " + ROW + ", 0 FROM cutover_control WHERE migration = ?");
    }
    select.setString(1, migration);
    return select;
  }

  private PreparedStatement beat(Connection c) throws SQLException {
    if (beat == null) {
      beat = prepare(c, heartbeatSql(false));
    }
    return beat;
  }

  private PreparedStatement beatAndNotify(Connection c) throws SQLException {
    if (beatAndNotify == null) {
      beatAndNotify = prepare(c, heartbeatSql(true));
    }
    return beatAndNotify;
  }

  private PreparedStatement upsert(Connection c) throws SQLException {
    if (upsert == null) {
      String sql = heartbeatSql(false);
      upsert = prepare(c, sql.substring(0, sql.indexOf("; SELECT ")));
    }
    return upsert;
  }

  private PreparedStatement h2Merge(Connection c) throws SQLException {
    if (h2Merge == null) {
      h2Merge =
          prepare(
              c,
              "MERGE INTO cutover_instance ("
                  + INSTANCE_COLUMNS
                  + ") KEY (migration, instance)"
                  + " VALUES "
                  + VALUES);
    }
    return h2Merge;
  }

  private String heartbeatSql(boolean notify) {
    String set =
        " last_seen = %1$s(last_seen), applied_version = %1$s(applied_version),"
            + " applied_phase = %1$s(applied_phase), acked_flip = %1$s(acked_flip),"
            + " refused_flip = %1$s(refused_flip), in_flight = %1$s(in_flight),"
            + " stale = %1$s(stale)";
    if (dialect == Dialect.MYSQL) {
      return "INSERT INTO cutover_instance ("
          + INSTANCE_COLUMNS
          + ") VALUES "
          + VALUES
          + " ON DUPLICATE KEY UPDATE"
          + String.format(Locale.ROOT, set, "VALUES")
          + "; SELECT "
          + ROW
          + ", 1 FROM cutover_control WHERE migration = ?";
    }
    String pgSet = set.replaceAll("%1\\$s\\((\\w+)\\)", "EXCLUDED.$1");
    return "WITH hb AS (INSERT INTO cutover_instance ("
        + INSTANCE_COLUMNS
        + ") VALUES "
        + VALUES
        + " ON CONFLICT (migration, instance) DO UPDATE SET"
        + pgSet
        + " RETURNING 1)"
        + (notify ? ", n AS (SELECT pg_notify(?, '') AS x)" : "")
        + " SELECT "
        + ROW
        + ", (SELECT COUNT(*) FROM hb)"
        + (notify ? " + (SELECT COUNT(*) FROM n)" : "")
        + " FROM cutover_control WHERE migration = ?";
  }

  private int bind(PreparedStatement ps, int i, InstanceRow r) throws SQLException {
    ps.setString(i++, migration);
    ps.setString(i++, r.instance());
    ps.setString(i++, r.host());
    ps.setString(i++, r.process());
    ps.setLong(i++, r.startedAt());
    ps.setLong(i++, r.lastSeen());
    ps.setLong(i++, r.appliedVersion());
    ps.setString(i++, r.appliedPhase().name());
    ps.setLong(i++, r.ackedFlip());
    ps.setLong(i++, r.refusedFlip());
    ps.setInt(i++, r.inFlight());
    ps.setBoolean(i++, r.stale());
    return i;
  }

  private static ControlRow readRow(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? row(rs) : null;
    }
  }

  /** Maps the {@link #ROW} columns of the current result row. */
  static ControlRow row(ResultSet rs) throws SQLException {
    String to = rs.getString(5);
    return new ControlRow(
        Phase.valueOf(rs.getString(1)),
        rs.getLong(2),
        rs.getLong(3),
        ControlStore.FlipState.valueOf(rs.getString(4)),
        to == null ? null : Phase.valueOf(to),
        rs.getLong(6),
        rs.getString(7),
        rs.getString(8));
  }

  /** Closes the connection; the next poll opens a fresh one. */
  @Override
  public void close() {
    Connection c = conn;
    conn = null;
    select = null;
    beat = null;
    beatAndNotify = null;
    upsert = null;
    h2Merge = null;
    getNotifications = null;
    pgConnection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing the control channel", e);
      }
    }
  }
}
