package dev.cutover.benchmarks.driver;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The driver's own cost on the statement path, without any network: the same prepared INSERT loop
 * through a stub vendor driver directly and through {@code jdbc:cutover:} in phase OLD (control
 * store in H2), in alternating rounds; with {@code DUAL_OLD_PRIMARY} as second argument, an UPDATE
 * dual-written through the driver against the same UPDATE on two stub connections; with {@code
 * SELECT}, a prepared primary-key SELECT in phase OLD (setLong, executeQuery, next, three getters,
 * close). Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.cutover.benchmarks.driver.WrapperOverhead 2000000 [OLD|DUAL_OLD_PRIMARY|SELECT]}.
 */
public final class WrapperOverhead {
  private WrapperOverhead() {}

  static Object stub(Class<?> itf) {
    return Proxy.newProxyInstance(
        WrapperOverhead.class.getClassLoader(),
        new Class<?>[] {itf},
        (p, m, a) -> {
          String n = m.getName();
          Class<?> r = m.getReturnType();
          if (n.equals("prepareStatement")) return stub(PreparedStatement.class);
          if (n.equals("createStatement")) return stub(Statement.class);
          if (n.equals("executeQuery")) return RESULTS;
          if (n.equals("next")) return true;
          if (n.equals("getString")) return "x";
          if (n.equals("getConnection")) return CONN;
          if (n.equals("executeUpdate")) return 1;
          if (n.equals("executeLargeUpdate")) return 1L;
          if (n.equals("isClosed")) return false;
          if (n.equals("getAutoCommit")) return true;
          if (n.equals("hashCode")) return System.identityHashCode(p);
          if (n.equals("equals")) return p == a[0];
          if (r == boolean.class) return false;
          if (r == int.class) return 0;
          if (r == long.class) return 0L;
          return null;
        });
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  static Object CONN;
  static Object RESULTS;
  static long sink;

  public static void main(String[] args) throws Exception {
    CONN = stub(Connection.class);
    RESULTS = stub(ResultSet.class);
    DriverManager.registerDriver(
        (Driver)
            Proxy.newProxyInstance(
                WrapperOverhead.class.getClassLoader(),
                new Class<?>[] {Driver.class},
                (p, m, a) -> {
                  switch (m.getName()) {
                    case "acceptsURL":
                      return ((String) a[0]).startsWith("jdbc:stub:");
                    case "connect":
                      return ((String) a[0]).startsWith("jdbc:stub:") ? CONN : null;
                    case "getMajorVersion":
                    case "getMinorVersion":
                      return 1;
                    case "jdbcCompliant":
                      return false;
                    case "hashCode":
                      return 1;
                    case "equals":
                      return p == a[0];
                    default:
                      return null;
                  }
                }));
    // Phase OLD measures the passthrough path; DUAL_OLD_PRIMARY the dual-write path, whose direct
    // baseline then runs the statement on two stub connections.
    String mode = args.length > 1 ? args[1] : "OLD";
    boolean select = mode.equals("SELECT");
    String phase = select ? "OLD" : mode;
    boolean dual = !phase.equals("OLD");
    Path f = Files.createTempFile("wrapper-overhead", ".yaml");
    Files.writeString(
        f,
        "migration: overhead\nold: { url: \"jdbc:stub:old\" }\nnew: { url: \"jdbc:stub:new\" }\ncontrol: { url: \"jdbc:h2:mem:overhead_ctl;DB_CLOSE_DELAY=-1\", user: sa }\nphase: "
            + phase
            + "\n");
    Connection direct = (Connection) CONN;
    Connection cut = DriverManager.getConnection("jdbc:cutover:" + f);
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    for (int round = 0; round < 5; round++) {
      for (Connection c : new Connection[] {direct, cut}) {
        String sql =
            select
                ? "SELECT a, b, c FROM t WHERE a = ?"
                : dual ? "UPDATE t SET b = ? WHERE a = ?" : "INSERT INTO t (a, b) VALUES (?, ?)";
        PreparedStatement ps = c.prepareStatement(sql);
        PreparedStatement second = dual && c == direct ? c.prepareStatement(sql) : null;
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          if (select) {
            ps.setLong(1, i);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                sink += rs.getLong(1) + rs.getString(2).length() + rs.getInt(3);
              }
            }
            continue;
          }
          ps.setInt(1, i);
          ps.setString(2, "x");
          ps.executeUpdate();
          if (second != null) {
            second.setInt(1, i);
            second.setString(2, "x");
            second.executeUpdate();
          }
        }
        long ns = System.nanoTime() - t0;
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        System.out.printf(
            "%s %.0f ns/op (cpu %.0f ns/op)%n",
            c == direct ? "direct " : "cutover", (double) ns / n, (double) cpu / n);
      }
    }
    System.exit(0);
  }
}
