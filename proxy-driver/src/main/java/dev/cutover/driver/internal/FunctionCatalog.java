package dev.cutover.driver.internal;

import dev.cutover.driver.sql.Analysis;
import dev.cutover.driver.sql.Dialect;
import dev.cutover.driver.sql.StatementKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * PostgreSQL functions that may write, so that a query calling one ({@code SELECT create_order(?,
 * ?)}, as applications built on PL/pgSQL functions write) is dual-written like any other write
 * instead of reaching the primary only.
 *
 * <p>Which functions those are only the catalog can tell: the application's own functions (not in
 * {@code pg_catalog} or {@code information_schema}, not from an extension) declared {@code
 * VOLATILE}, PostgreSQL's default. A volatile function that only reads is then run on both
 * databases too, which costs a second call but loses nothing; declaring it {@code STABLE} keeps it
 * a read. The names are read once from each PostgreSQL side, again after DDL through the driver and
 * at most every {@link #REFRESH_NANOS ten minutes}, on the application's thread (one catalog
 * query). A query is matched by its functions' names, whatever their schema or arguments.
 *
 * <p>MariaDB and MySQL do not enforce a function's declared data access ({@code READS SQL DATA} may
 * write), so every stored function of the application's database there may write. For a MySQL
 * application moving to PostgreSQL a function counts when both sides have it: the MariaDB one the
 * application calls, and the PostgreSQL one the team ported, {@code VOLATILE}.
 */
final class FunctionCatalog implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(FunctionCatalog.class.getName());

  static final long REFRESH_NANOS = 10L * 60 * 1_000_000_000L;

  /** After a side could not be read. */
  static final long RETRY_NANOS = 30L * 1_000_000_000L;

  /** How long a query waits for names being read (at start, after DDL) before it goes on. */
  static final long WAIT_MILLIS = 2000;

  private static final String VOLATILE_FUNCTIONS =
      "SELECT DISTINCT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
          + " WHERE p.provolatile = 'v' AND p.prokind = 'f'"
          + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
          + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass"
          + " AND d.objid = p.oid AND d.deptype = 'e')";

  /** The stored functions of the MariaDB/MySQL database the connection uses. */
  private static final String MYSQL_FUNCTIONS =
      "SELECT ROUTINE_NAME FROM information_schema.ROUTINES"
          + " WHERE ROUTINE_TYPE = 'FUNCTION' AND ROUTINE_SCHEMA = DATABASE()";

  private final Endpoint[] endpoints;

  /** Per side, whether its last read failed (the loader thread's own). */
  private final boolean[] failing = new boolean[2];

  private final Thread loader;
  private volatile boolean started;

  /** The names read last; null before the first read finished. */
  private volatile Set<String> names;

  /** Reads asked for (one at start, one per DDL on functions) and reads done. */
  private volatile long wanted = 1;

  private volatile long done;
  private volatile boolean closed;

  /** Queries made writes by the functions they call, by their analysis. */
  private final ConcurrentMap<Analysis, Analysis> upgraded = new ConcurrentHashMap<>();

  /**
   * Reads the functions of the PostgreSQL ones among {@code endpoints} on a daemon thread, started
   * by the first query that calls a function.
   */
  FunctionCatalog(Endpoint... endpoints) {
    this.endpoints = endpoints;
    this.loader = new Thread(this::run, "cutover-function-catalog");
    loader.setDaemon(true);
  }

  /**
   * {@code a} as a write when the query calls a function that may write, else {@code a} itself;
   * allocation-free for a query that calls none of the application's functions. Waits up to {@link
   * #WAIT_MILLIS} while the names are being read for the first time or after DDL.
   */
  Analysis classify(Analysis a) {
    return classify(a, true);
  }

  /**
   * As {@link #classify(Analysis)}; without {@code wait}, the names known now are used and a first
   * read is started, not waited for (phases where one database takes every statement).
   */
  Analysis classify(Analysis a, boolean block) {
    List<String> calls = a.calls();
    if (calls.isEmpty()
        || !(a.kind() == StatementKind.READ || a.kind() == StatementKind.LOCKING_READ)) {
      return a;
    }
    Set<String> known = current(block);
    if (known == null) {
      return a;
    }
    for (int i = 0; i < calls.size(); i++) {
      if (known.contains(calls.get(i))) {
        Analysis w = upgraded.get(a);
        if (w == null) {
          if (upgraded.size() >= 10_000) {
            upgraded.clear();
          }
          w = a.asWrite();
          upgraded.put(a, w);
        }
        return w;
      }
    }
    return a;
  }

  /** Reads the names again: DDL may have created, dropped or changed functions. */
  synchronized void clear() {
    wanted++;
    notifyAll();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    loader.interrupt();
  }

  private Set<String> current(boolean block) {
    Set<String> n = names;
    if (n != null && done >= wanted) {
      return n;
    }
    if (!started) {
      synchronized (loader) {
        if (!started && !closed) {
          started = true;
          loader.start();
        }
      }
    }
    if (!block) {
      return names;
    }
    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
    synchronized (this) {
      while (done < wanted && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return names;
  }

  private void run() {
    long next = System.nanoTime();
    while (!closed) {
      long target;
      synchronized (this) {
        while (!closed && done >= wanted && System.nanoTime() - next < 0) {
          try {
            wait(Math.max(1, Math.min(60_000, (next - System.nanoTime()) / 1_000_000)));
          } catch (InterruptedException e) {
            return;
          }
        }
        target = wanted;
      }
      if (closed) {
        return;
      }
      // A function is a write where both sides have it (volatile on a PostgreSQL side): one the
      // other side lacks stays a read, as it could not be replayed there and would abort the
      // secondary's transaction. A side whose functions cannot be read (down, or an engine whose
      // catalog is not read, such as H2) leaves what was known before, nothing at first.
      Set<String> both = null;
      boolean complete = true;
      boolean known = true;
      for (Endpoint e : endpoints) {
        if (e == null) {
          continue;
        }
        if (e.dialect() != Dialect.POSTGRES && e.dialect() != Dialect.MYSQL) {
          known = false;
          continue;
        }
        Set<String> read = e.isDown() ? null : read(e);
        if (read == null) {
          complete = false;
        } else if (both == null) {
          both = read;
        } else {
          both.retainAll(read);
        }
      }
      publish(complete && known ? both : null, target);
      next = System.nanoTime() + (complete ? REFRESH_NANOS : RETRY_NANOS);
    }
  }

  /** Makes {@code read} (null: keep what was known) the names, and {@code target} done. */
  private synchronized void publish(Set<String> read, long target) {
    Set<String> next = read == null ? (names == null ? Set.of() : names) : Set.copyOf(read);
    if (!next.equals(names)) {
      upgraded.clear();
      names = next;
    }
    done = target;
    notifyAll();
  }

  /**
   * The functions of a side that may write (PostgreSQL: volatile ones; MariaDB/MySQL: all), or null
   * when they could not be read.
   */
  private Set<String> read(Endpoint e) {
    Set<String> loaded = new HashSet<>();
    try (Connection c = e.open()) {
      c.setNetworkTimeout(Runnable::run, 10_000);
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  e.dialect() == Dialect.MYSQL ? MYSQL_FUNCTIONS : VOLATILE_FUNCTIONS)) {
        while (rs.next()) {
          String name = rs.getString(1);
          loaded.add(name);
          loaded.add(name.toLowerCase(Locale.ROOT));
        }
      }
      if (failing[e.side().ordinal()]) {
        failing[e.side().ordinal()] = false;
        LOG.log(System.Logger.Level.INFO, "Read the functions of the " + e.side() + " database");
      }
      return loaded;
    } catch (SQLException | RuntimeException ex) {
      if (!failing[e.side().ordinal()]) {
        // Once per outage: in OLD the new database may not exist yet, and is asked every 30 s.
        failing[e.side().ordinal()] = true;
        LOG.log(
            System.Logger.Level.WARNING,
            "Could not read the functions of the "
                + e.side()
                + " database (read again every 30 s; logged again once it answers); a query"
                + " calling one of them that writes reaches the primary only until then: "
                + ex.getMessage());
      }
      return null;
    }
  }

  /**
   * Whether the functions of {@code endpoints} are looked up: a PostgreSQL or MySQL application's.
   */
  static boolean applies(Dialect appDialect) {
    return appDialect == Dialect.POSTGRES || appDialect == Dialect.MYSQL;
  }

  /**
   * Whether DDL may have changed which functions there are: it names functions, procedures, schemas
   * or extensions ({@code CREATE FUNCTION}, {@code ALTER FUNCTION ... STABLE}, {@code DROP SCHEMA
   * ... CASCADE}); a temporary table does not.
   */
  static boolean changesFunctions(Analysis ddl) {
    String f = ddl.fingerprint().toLowerCase(Locale.ROOT);
    return f.contains("function")
        || f.contains("procedure")
        || f.contains("routine")
        || f.contains("schema")
        || f.contains("extension");
  }
}
