package dev.cutover.driver.internal;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What pgjdbc knows about a connection and JDBC does not say, reached by reflection: pgjdbc is not
 * a compile-time dependency of the driver (the application brings its own). Every lookup fails
 * soft: a connection that is not pgjdbc's answers "not in a transaction" and cannot be cancelled.
 */
final class Pg {
  private static final String BASE_CONNECTION = "org.postgresql.core.BaseConnection";
  private static final String PG_CONNECTION = "org.postgresql.PGConnection";

  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private Pg() {}

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread th = new Thread(r, "cutover-describe-timer");
              th.setDaemon(true);
              return th;
            });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  /**
   * Whether the server has a transaction block open on {@code c}: with autocommit on, one the
   * application opened with {@code BEGIN} or {@code START TRANSACTION} as text.
   */
  static boolean inTransaction(Connection c) {
    try {
      Object base = unwrap(c, BASE_CONNECTION);
      if (base == null) {
        return false;
      }
      Method m =
          Class.forName(BASE_CONNECTION, false, base.getClass().getClassLoader())
              .getMethod("getTransactionState");
      Object state = m.invoke(base);
      return state != null && !"IDLE".equals(state.toString());
    } catch (ReflectiveOperationException | SQLException | RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * Sends PostgreSQL a cancel request for whatever {@code c} is running once {@code millis} have
   * passed, unless the returned future is cancelled first; null when {@code c} is not pgjdbc's.
   */
  static ScheduledFuture<?> cancelAfter(Connection c, long millis) {
    Object pg;
    Method cancel;
    try {
      pg = unwrap(c, PG_CONNECTION);
      if (pg == null) {
        return null;
      }
      cancel =
          Class.forName(PG_CONNECTION, false, pg.getClass().getClassLoader())
              .getMethod("cancelQuery");
    } catch (ReflectiveOperationException | SQLException | RuntimeException | LinkageError e) {
      return null;
    }
    return TIMER.schedule(
        () -> {
          try {
            cancel.invoke(pg);
          } catch (ReflectiveOperationException | RuntimeException e) {
            System.getLogger(Pg.class.getName())
                .log(System.Logger.Level.DEBUG, "cancelling a describe", e);
          }
        },
        millis,
        TimeUnit.MILLISECONDS);
  }

  /** {@code c} unwrapped to pgjdbc's interface {@code name}, or null. */
  private static Object unwrap(Connection c, String name) throws SQLException {
    for (ClassLoader loader : loaders(c)) {
      Class<?> iface;
      try {
        iface = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError notHere) {
        continue;
      }
      if (iface.isInstance(c)) {
        return c;
      }
      if (c.isWrapperFor(iface)) {
        return c.unwrap(iface);
      }
    }
    return null;
  }

  private static ClassLoader[] loaders(Connection c) {
    return new ClassLoader[] {
      c.getClass().getClassLoader(),
      Thread.currentThread().getContextClassLoader(),
      Pg.class.getClassLoader()
    };
  }
}
