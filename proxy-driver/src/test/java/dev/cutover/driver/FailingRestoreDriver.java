package dev.cutover.driver;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDBC driver for {@code jdbc:failrestore:<vendor url without jdbc:>} that passes everything to
 * the vendor's connection, except that while armed, switching autocommit back on from off fails
 * (and leaves the connection with autocommit off), as a flaky network or server error would.
 */
final class FailingRestoreDriver extends InterposingDriver {
  private static final String NAME = "failrestore";

  /** How many more {@code setAutoCommit(true)} calls on a connection with autocommit off fail. */
  static final AtomicInteger FAILURES = new AtomicInteger();

  static {
    register(new FailingRestoreDriver());
  }

  private FailingRestoreDriver() {
    super(NAME);
  }

  static String url(String vendorUrl) {
    return url(NAME, vendorUrl);
  }

  @Override
  protected Connection wrap(Connection real) {
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
}
