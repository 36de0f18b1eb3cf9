package dev.cutover.driver.control;

import dev.cutover.driver.internal.ControlConnections;
import dev.cutover.driver.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The wake-up a MariaDB/MySQL control store cannot send by itself: it has no {@code LISTEN/NOTIFY},
 * so without this an instance sees an announced or committed flip only at its next poll.
 *
 * <p>Each instance's {@link ControlChannel} holds a user-level lock named {@link #lockName} for as
 * long as its session lives, and the bell keeps one more dedicated connection whose only statement
 * is a {@code GET_LOCK} on that same name, carrying a marker with the migration's channel: it waits
 * (up to {@link #WAIT_SECONDS}) because the instance's own poll session holds the lock. After a
 * flipper's announce, commit or abort, the flipper {@linkplain #ring rings}: it looks the marked
 * waits up in the process list and ends them with {@code KILL QUERY ID}; a killed {@code GET_LOCK}
 * returns NULL, which wakes the instance's poller, and the poller polls at once. Polls stay on the
 * channel, one round trip each; the bell costs one idle statement per {@link #WAIT_SECONDS}.
 *
 * <p>Why a lock wait and not {@code SLEEP}: MariaDB delivers a kill to a sleeping session through
 * one server-wide mutex that all sleeps share, and with several sleepers a {@code KILL} measured up
 * to 2 s (its retry limit); a lock wait is woken through the waiter's own state, in milliseconds.
 * Why a connection of its own: a kill that lands as a statement ends can interrupt the statement
 * after it, so the only statement a ring may ever reach is the bell's wait. Killing only by query
 * id and only marked waits means a ring never interrupts anything else on the server.
 *
 * <p>Everything here is an optimization: while the bell is not armed (a store of another kind, a
 * user that may not list or kill its own sessions, a broken connection, a proxy that spreads the
 * two sessions over different servers so the wait does not wait), the poller waits out its interval
 * as before.
 */
final class ControlBell implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ControlBell.class.getName());

  /** How long one wait lasts when nobody rings: the bell's whole steady-state cost. */
  static final int WAIT_SECONDS = 30;

  private static final Executor DIRECT = Runnable::run;

  /**
   * Bells of this JVM by store URL and channel: a flipper rings these directly, whatever the store,
   * so instances in the same process (an embedded H2 store, tests) never wait for a poll either.
   */
  private static final java.util.concurrent.ConcurrentMap<String, java.util.Set<ControlBell>>
      LOCAL = new java.util.concurrent.ConcurrentHashMap<>();

  private final ControlConnections pool;
  private final String channel;
  private final String lockName;
  private final String localKey;
  private final Thread thread;
  private final Object lock = new Object();

  private volatile boolean running = true;
  private volatile boolean armed;
  private volatile Connection connection;
  private volatile long rung;

  /** Guarded by {@link #lock}: a ring arrived that no {@link #await} has consumed yet. */
  private boolean pending;

  /** Set when the bell found its lock free: the poll session should take it again. */
  private final java.util.concurrent.atomic.AtomicBoolean lockFree =
      new java.util.concurrent.atomic.AtomicBoolean();

  ControlBell(ControlConnections pool, String channel, String instance) {
    this.pool = pool;
    this.channel = channel;
    this.lockName = "cutover-bell-" + java.util.UUID.randomUUID().toString().replace("-", "");
    this.localKey = pool.url() + "\n" + channel;
    LOCAL
        .computeIfAbsent(localKey, k -> java.util.concurrent.ConcurrentHashMap.newKeySet())
        .add(this);
    this.thread = new Thread(this::loop, "cutover-control-bell-" + instance);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Rings every bell of this JVM whose instance uses the store at {@code url} on {@code channel}.
   */
  static void ringLocal(String url, String channel) {
    java.util.Set<ControlBell> bells = LOCAL.get(url + "\n" + channel);
    if (bells != null) {
      for (ControlBell b : bells) {
        b.wake(false);
      }
    }
  }

  /**
   * The user-level lock the instance's poll session holds and the bell waits on (at most 64
   * characters, unique to this instance).
   */
  String lockName() {
    return lockName;
  }

  /**
   * True while the bell's wait is (or is about to be) waiting on the store, so a ring can reach it.
   */
  boolean armed() {
    return armed;
  }

  /**
   * True once (and then false until it happens again) when the bell found its lock free and gave it
   * back: the instance's poll session should take it again ({@link ControlChannel#retakeBellLock}).
   */
  boolean takeLockRequest() {
    return lockFree.compareAndSet(true, false);
  }

  /** Waits the store's rings ended since the bell started; for tests and diagnostics. */
  long rung() {
    return rung;
  }

  /**
   * Waits up to {@code millis} for a ring; true when one came (also one that came since the last
   * call, while the poller was busy polling).
   */
  boolean await(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    synchronized (lock) {
      while (!pending) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(left / 1_000_000L, (int) (left % 1_000_000L));
      }
      pending = false;
      return true;
    }
  }

  private void wake(boolean byStore) {
    if (byStore) {
      rung++;
    }
    synchronized (lock) {
      pending = true;
      lock.notifyAll();
    }
  }

  private void loop() {
    long backoff = 250;
    while (running) {
      try {
        if (!waitUntilBroken()) {
          return;
        }
        backoff = 250;
      } catch (SQLException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "control bell connection lost; reopening", e);
      }
      armed = false;
      if (!running) {
        return;
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        return;
      }
      backoff = Math.min(backoff * 2, 10_000);
    }
  }

  /**
   * Opens the bell's connection and waits on it, over and over. Returns false when the store is not
   * MariaDB/MySQL (no bell at all), true when the bell should reopen; throws on a failure.
   */
  private boolean waitUntilBroken() throws SQLException {
    String url = pool.url();
    if (url.contains(":postgresql:") || url.contains(":h2:")) {
      return false;
    }
    Properties extra = new Properties();
    extra.setProperty("connectTimeout", "10000");
    // Milliseconds: a wait plus a generous margin, then the socket read gives up.
    extra.setProperty("socketTimeout", Integer.toString((WAIT_SECONDS + 15) * 1000));
    try (Connection c = pool.openDedicated(extra)) {
      if (Dialect.fromJdbcUrl(c.getMetaData().getURL()) != Dialect.MYSQL) {
        return false;
      }
      c.setAutoCommit(true);
      unlimited(c);
      connection = c;
      try (PreparedStatement ps =
              c.prepareStatement("SELECT /* " + marker(channel) + " */ GET_LOCK(?, ?)");
          PreparedStatement release = c.prepareStatement("DO RELEASE_LOCK(?)")) {
        ps.setString(1, lockName);
        ps.setInt(2, WAIT_SECONDS);
        release.setString(1, lockName);
        long free = 200;
        while (running) {
          armed = true;
          Object got;
          try (ResultSet rs = ps.executeQuery()) {
            got = rs.next() ? rs.getObject(1) : null;
          }
          if (got == null) {
            // NULL: the wait was killed, i.e. rung.
            wake(true);
            free = 200;
          } else if (((Number) got).intValue() == 1) {
            // Nobody held the lock: the poll session is between connections, never got it, or is
            // on another server behind a proxy. Give it back, ask the poller to take it again, and
            // look again later, less and less often; meanwhile the poller just waits its interval.
            armed = false;
            release.execute();
            lockFree.set(true);
            // Now, not at its next poll: a poll session that died reconnects by polling.
            wake(false);
            Thread.sleep(free);
            free = Math.min(free * 2, WAIT_SECONDS * 1000L);
          } else {
            // 0: a whole wait without a ring.
            free = 200;
          }
        }
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        connection = null;
      }
    }
  }

  /** Lifts the server's statement time limits for the bell's session, which waits on purpose. */
  private static void unlimited(Connection c) {
    for (String sql :
        new String[] {"SET SESSION max_statement_time = 0", "SET SESSION max_execution_time = 0"}) {
      try (Statement s = c.createStatement()) {
        s.execute(sql);
        return;
      } catch (SQLException e) {
        // MariaDB has the first, MySQL the second.
      }
    }
  }

  /** The marker of the bells of instances of the migration whose channel is {@code channel}. */
  static String marker(String channel) {
    return "cutover-bell:" + channel + ":";
  }

  /**
   * Ends the bells' waits of every instance of the migration whose channel is {@code channel}, on
   * the flipper's connection {@code c}: {@code KILL QUERY ID} for each running statement carrying
   * the bell's marker (on MySQL, which has no kill by query id, {@code KILL QUERY} of the session).
   * Returns the waits rung: 0 also when this user cannot see the instances' sessions (another user
   * without the PROCESS privilege) or a proxy sent the lookup to another server. A kill the store
   * refuses (another user's session, a wait that just ended) is skipped: that instance polls as
   * usual.
   */
  static int ring(Connection c, String channel) throws SQLException {
    // MySQL has neither QUERY_ID in the process list nor KILL QUERY ID.
    boolean mariadb = isMariaDb(c);
    List<long[]> waits = new ArrayList<>();
    // Built by CONCAT so that this lookup's own text, visible in the process list, never matches.
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT ID, "
                + (mariadb ? "QUERY_ID" : "0")
                + " FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
                + " AND INFO LIKE CONCAT('SELECT /* cutover-', ?, '%')")) {
      String rest = marker(channel).substring("cutover-".length());
      ps.setString(1, rest.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%"));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          waits.add(new long[] {rs.getLong(1), rs.getLong(2)});
        }
      }
    }
    int rung = 0;
    try (Statement s = c.createStatement()) {
      for (long[] wait : waits) {
        try {
          // MariaDB: by query id, so a wait that has ended since the lookup is left alone (the
          // kill fails with "unknown query id"). MySQL: by session; the bell's session only ever
          // waits, and a kill that lands on its next statement only makes it reconnect.
          s.execute(mariadb ? "KILL QUERY ID " + wait[1] : "KILL QUERY " + wait[0]);
          rung++;
        } catch (SQLException e) {
          // 1957/1094: the wait or session ended meanwhile; 1095: not ours to kill.
          LOG.log(System.Logger.Level.DEBUG, "could not ring control bell " + wait[0], e);
        }
      }
    }
    return rung;
  }

  private static boolean isMariaDb(Connection c) throws SQLException {
    java.sql.DatabaseMetaData md = c.getMetaData();
    String v = md.getDatabaseProductName() + " " + md.getDatabaseProductVersion();
    if (v.toLowerCase(java.util.Locale.ROOT).contains("mariadb")) {
      return true;
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT VERSION()")) {
      return rs.next() && rs.getString(1).toLowerCase(java.util.Locale.ROOT).contains("mariadb");
    }
  }

  @Override
  public void close() {
    running = false;
    armed = false;
    LOCAL.computeIfPresent(localKey, (k, set) -> set.remove(this) && set.isEmpty() ? null : set);
    Connection c = connection;
    if (c != null) {
      try {
        // Ends the wait in progress; closing from this thread would wait for it.
        c.abort(DIRECT);
      } catch (SQLException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing the control bell", e);
      }
    }
    thread.interrupt();
  }
}
