package dev.cutover.driver;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A JDBC driver for {@code jdbc:faulty:<vendor url without jdbc:>} that passes everything to the
 * vendor, except what a test arms: a gate that holds every new connection until it opens, and a
 * throwable (checked or not, an {@link Error} included) thrown once by the next statement execution
 * or commit, as a broken vendor driver would.
 */
final class FaultyDriver extends InterposingDriver {
  private static final String NAME = "faulty";

  /** While not null and not counted down, opening a connection waits for it (up to 60 s). */
  static final AtomicReference<CountDownLatch> CONNECT_GATE = new AtomicReference<>();

  /** Thrown once by the next {@code execute*} call on any statement of this driver. */
  static final AtomicReference<Throwable> ON_EXECUTE = new AtomicReference<>();

  /** Thrown once by the next {@code commit()}. */
  static final AtomicReference<Throwable> ON_COMMIT = new AtomicReference<>();

  /** A statement closed on this thread throws an IllegalStateException from close(), once. */
  static final AtomicReference<Thread> CLOSE_FAULT_THREAD = new AtomicReference<>();

  static {
    register(new FaultyDriver());
  }

  private FaultyDriver() {
    super(NAME);
  }

  static String url(String vendorUrl) {
    return url(NAME, vendorUrl);
  }

  /** Disarms everything; for a test's finally block. */
  static void reset() {
    CountDownLatch gate = CONNECT_GATE.getAndSet(null);
    if (gate != null) {
      gate.countDown();
    }
    ON_EXECUTE.set(null);
    ON_COMMIT.set(null);
    CLOSE_FAULT_THREAD.set(null);
  }

  @Override
  protected Connection wrap(Connection real) throws SQLException {
    CountDownLatch gate = CONNECT_GATE.get();
    if (gate != null) {
      try {
        if (!gate.await(60, TimeUnit.SECONDS)) {
          real.close();
          throw new SQLException("test gate never opened", "08001");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        real.close();
        throw new SQLException("interrupted at the test gate", "08001");
      }
    }
    return (Connection)
        Proxy.newProxyInstance(
            FaultyDriver.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("commit")) {
                throwArmed(ON_COMMIT);
              }
              Object out = invoke(real, method, args);
              return out instanceof Statement ? statement((Statement) out) : out;
            });
  }

  private static Object statement(Statement real) {
    Class<?> type =
        real instanceof java.sql.CallableStatement
            ? java.sql.CallableStatement.class
            : real instanceof java.sql.PreparedStatement
                ? java.sql.PreparedStatement.class
                : Statement.class;
    return Proxy.newProxyInstance(
        FaultyDriver.class.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          if (method.getName().startsWith("execute")) {
            throwArmed(ON_EXECUTE);
          }
          if (method.getName().equals("close")
              && CLOSE_FAULT_THREAD.compareAndSet(Thread.currentThread(), null)) {
            real.close();
            throw new IllegalStateException("injected: statement close failed");
          }
          return invoke(real, method, args);
        });
  }

  private static void throwArmed(AtomicReference<Throwable> armed) throws Throwable {
    Throwable t = armed.getAndSet(null);
    if (t != null) {
      throw t;
    }
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
