package dev.cutover.driver.control;

import dev.cutover.driver.InterposingDriver;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JDBC driver for {@code jdbc:counting:<vendor url without jdbc:>} that counts, per calling
 * thread, every call that costs a round trip: statement executions, {@code isValid}, commit and
 * rollback. It sees what the vendor driver is asked to do, whatever the code above it claims.
 */
final class CountingDriver extends InterposingDriver {
  private static final String NAME = "counting";

  private static final Map<String, AtomicLong> ROUND_TRIPS = new ConcurrentHashMap<>();
  private static final Map<String, AtomicLong> HEARTBEATS = new ConcurrentHashMap<>();

  static {
    register(new CountingDriver());
  }

  private CountingDriver() {
    super(NAME);
  }

  /** Makes sure the driver is registered. */
  static String url(String vendorUrl) {
    return url(NAME, vendorUrl);
  }

  /** Round trips made so far by the thread of this name. */
  static long roundTrips(String thread) {
    return ROUND_TRIPS.computeIfAbsent(thread, t -> new AtomicLong()).get();
  }

  /** Statements writing a heartbeat row made so far by the thread of this name. */
  static long heartbeats(String thread) {
    return HEARTBEATS.computeIfAbsent(thread, t -> new AtomicLong()).get();
  }

  @Override
  protected Connection wrap(Connection real) {
    return (Connection)
        Proxy.newProxyInstance(
            CountingDriver.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new Counting(real, null));
  }

  private static void count(String sql) {
    String thread = Thread.currentThread().getName();
    ROUND_TRIPS.computeIfAbsent(thread, t -> new AtomicLong()).incrementAndGet();
    if (sql != null && sql.contains("INSERT INTO cutover_instance")) {
      HEARTBEATS.computeIfAbsent(thread, t -> new AtomicLong()).incrementAndGet();
    }
  }

  /** Counts round trips on a connection or statement and wraps the statements it creates. */
  private static final class Counting implements InvocationHandler {
    private final Object target;
    private final String sql;

    Counting(Object target, String sql) {
      this.target = target;
      this.sql = sql;
    }

    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method m, Object[] args) throws Throwable {
      String name = m.getName();
      if (name.startsWith("execute")
          || name.equals("isValid")
          || name.equals("commit")
          || name.equals("rollback")) {
        count(sql != null ? sql : args != null && args.length > 0 ? String.valueOf(args[0]) : null);
      }
      Object result;
      try {
        result = m.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (result instanceof Statement
          && (name.startsWith("create") || name.startsWith("prepare"))) {
        Class<?> type =
            name.equals("prepareCall")
                ? java.sql.CallableStatement.class
                : name.equals("prepareStatement")
                    ? java.sql.PreparedStatement.class
                    : Statement.class;
        return Proxy.newProxyInstance(
            CountingDriver.class.getClassLoader(),
            new Class<?>[] {type},
            new Counting(result, name.startsWith("prepare") ? String.valueOf(args[0]) : null));
      }
      return result;
    }
  }
}
