package dev.cutover.benchmarks.control;

import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.Phase;
import dev.cutover.driver.control.ControlPlane;
import dev.cutover.driver.internal.CutoverConnection;
import dev.cutover.driver.internal.MigrationContext;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Flip latency: the time from the flip command to every instance of an 8-instance fleet reporting
 * the new version, with one writer per instance, against the bound of 2 × poll interval + drain.
 *
 * <p>Usage: {@code FlipLatency [pollMillis] [flips] [controlUrl] [controlUser]}. The control store
 * defaults to PostgreSQL on 127.0.0.1:5432 (database {@code cutover_bench}, created if missing);
 * pass {@code h2} as the URL for an in-memory H2 store, or a MariaDB URL (its database is created
 * if missing). The application's databases are in-memory H2, so the figure is the control plane's
 * own cost.
 */
public final class FlipLatency {
  private static final int INSTANCES = 8;

  private FlipLatency() {}

  public static void main(String[] args) throws Exception {
    long poll = args.length > 0 ? Long.parseLong(args[0]) : 500;
    int flips = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    String controlUrl =
        args.length > 2 ? args[2] : "jdbc:postgresql://127.0.0.1:5432/cutover_bench";
    String controlUser = args.length > 3 ? args[3] : "postgres";
    if (controlUrl.equals("h2")) {
      controlUrl = "jdbc:h2:mem:flipctl;DB_CLOSE_DELAY=-1";
      controlUser = "sa";
    } else if (controlUrl.startsWith("jdbc:postgresql:")) {
      createDatabase(controlUrl, controlUser);
    } else if (controlUrl.startsWith("jdbc:mariadb:") || controlUrl.startsWith("jdbc:mysql:")) {
      createMariaDbDatabase(controlUrl, controlUser);
    }
    String name = "bench" + Long.toHexString(System.nanoTime());
    Path dir = Files.createTempDirectory("cutover-flip-bench");
    Path file = dir.resolve("migration.yaml");
    Files.writeString(
        file,
        "migration: "
            + name
            + "\nold: { url: \"jdbc:h2:mem:flipold;DB_CLOSE_DELAY=-1\", user: sa, password: \"\" }"
            + "\nnew: { url: \"jdbc:h2:mem:flipnew;DB_CLOSE_DELAY=-1\", user: sa, password: \"\" }"
            + "\ncontrol: { url: \""
            + controlUrl
            + "\", user: "
            + controlUser
            + ", password: \"\" }\nphase: DUAL_OLD_PRIMARY\njournal: { spillDirectory: \""
            + dir
            + "\" }\nfleet: { pollInterval: "
            + poll
            + "ms, holdTimeout: 2s, deadAfter: 10s }\n");
    for (String db : List.of("flipold", "flipnew")) {
      try (Connection c =
              DriverManager.getConnection("jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1", "sa", "");
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS ev (id BIGINT PRIMARY KEY, w INT)");
      }
    }
    MigrationConfig config = MigrationConfig.load(file.toString(), new Properties());
    // The operator reaches the store by a textually different URL, as another process would: the
    // in-process wake-up (for flippers sharing a JVM with the fleet) stays out of the figures,
    // except
    // on the in-memory H2 store, which only one process can use anyway.
    String operatorUrl = controlUrl;
    if (controlUrl.startsWith("jdbc:mariadb:") || controlUrl.startsWith("jdbc:mysql:")) {
      operatorUrl += (controlUrl.contains("?") ? "&" : "?") + "connectTimeout=9000";
    } else if (controlUrl.startsWith("jdbc:postgresql:")) {
      operatorUrl += (controlUrl.contains("?") ? "&" : "?") + "ApplicationName=cutover-flipper";
    }
    Path operatorFile = dir.resolve("operator.yaml");
    Files.writeString(
        operatorFile,
        Files.readString(file).replace("\"" + controlUrl + "\"", "\"" + operatorUrl + "\""));
    MigrationConfig operatorConfig =
        MigrationConfig.load(operatorFile.toString(), new Properties());
    List<MigrationContext> fleet = new ArrayList<>();
    List<Timer> drains = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      MigrationContext ctx = new MigrationContext(config);
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      ctx.metrics().bindTo(registry);
      drains.add(registry.get("cutover.fleet.drain").timer());
      ControlPlane.join(ctx);
      fleet.add(ctx);
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong writes = new AtomicLong();
    AtomicLong bounded = new AtomicLong();
    List<Thread> writers = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      MigrationContext ctx = fleet.get(i);
      long base = (i + 1) * 100_000_000L;
      Thread t =
          new Thread(
              () -> {
                try (Connection c = new CutoverConnection(ctx);
                    PreparedStatement ps =
                        c.prepareStatement("INSERT INTO ev (id, w) VALUES (?, 1)")) {
                  long id = base;
                  while (!stop.get()) {
                    ps.setLong(1, id++);
                    try {
                      ps.executeUpdate();
                      writes.incrementAndGet();
                    } catch (java.sql.SQLTimeoutException held) {
                      bounded.incrementAndGet();
                    }
                  }
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      t.setDaemon(true);
      t.start();
      writers.add(t);
    }
    long[] total = new long[flips];
    long[] fence = new long[flips];
    long[] drain = new long[flips];
    double[] drained = new double[INSTANCES];
    int committed = 0;
    int over = 0;
    double worst = 0;
    long[] cold = new long[2];
    try (ControlPlane operator = ControlPlane.open(operatorConfig)) {
      Thread.sleep(2 * poll);
      // Two unmeasured flips, there and back: the operator's first flip loads and compiles the
      // flip path (readiness, audit) and would measure the JVM rather than the fleet. Reported.
      for (int i = 0; i < 2; i++) {
        Phase to = i % 2 == 0 ? Phase.DUAL_NEW_PRIMARY : Phase.DUAL_OLD_PRIMARY;
        cold[i] = operator.flip(to, "warm-up", true, "bench").totalMillis();
      }
      for (int k = 0; k < INSTANCES; k++) {
        drained[k] = drains.get(k).totalTime(TimeUnit.MILLISECONDS);
      }
      for (int i = 0; i < flips; i++) {
        Phase to = i % 2 == 0 ? Phase.DUAL_NEW_PRIMARY : Phase.DUAL_OLD_PRIMARY;
        ControlPlane.FlipResult r = operator.flip(to, "benchmark", true, "bench");
        if (r.succeeded()) {
          committed++;
        }
        total[i] = r.totalMillis();
        fence[i] = r.fenceMillis();
        // Each instance drains once per flip: the growth of its drain timer is this flip's drain.
        double flipDrain = 0;
        for (int k = 0; k < INSTANCES; k++) {
          double t = drains.get(k).totalTime(TimeUnit.MILLISECONDS);
          flipDrain = Math.max(flipDrain, t - drained[k]);
          drained[k] = t;
        }
        drain[i] = (long) Math.ceil(flipDrain);
        double bound = 2.0 * poll + flipDrain;
        worst = Math.max(worst, total[i] / bound);
        if (total[i] > bound) {
          over++;
        }
      }
    }
    stop.set(true);
    for (Thread t : writers) {
      t.join();
    }
    for (MigrationContext ctx : fleet) {
      ctx.close();
    }
    Integer[] order = new Integer[flips];
    for (int i = 0; i < flips; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(total[b], total[a]));
    StringBuilder slowest = new StringBuilder();
    for (int k = 0; k < Math.min(3, flips); k++) {
      int i = order[k];
      slowest.append(
          String.format(
              Locale.ROOT,
              "%s#%d %d ms (announce -> commit %d, drain %d)",
              k == 0 ? "" : "; ",
              i + 1,
              total[i],
              fence[i],
              drain[i]));
    }
    Arrays.sort(total);
    Arrays.sort(fence);
    Arrays.sort(drain);
    System.out.printf(
        Locale.ROOT,
        "flip latency, %d instances, poll %d ms, %d flips (%d committed and applied), store %s%n",
        INSTANCES,
        poll,
        flips,
        committed,
        controlUrl.replaceAll("//[^/]*@", "//"));
    System.out.printf(
        Locale.ROOT,
        "  command -> fleet applied: median %d ms, p95 %d ms, max %d ms%n",
        total[flips / 2],
        total[Math.min(flips - 1, (int) Math.ceil(flips * 0.95) - 1)],
        total[flips - 1]);
    System.out.printf(
        Locale.ROOT,
        "  announce -> commit (fence + drain): median %d ms, max %d ms%n",
        fence[flips / 2],
        fence[flips - 1]);
    System.out.println("  slowest flips: " + slowest);
    System.out.printf(
        Locale.ROOT, "  warm-up flips (not counted): %d ms, %d ms%n", cold[0], cold[1]);
    System.out.printf(
        Locale.ROOT,
        "  drain (slowest instance of each flip): median %d ms, max %d ms%n",
        drain[flips / 2],
        drain[flips - 1]);
    System.out.printf(
        Locale.ROOT,
        "  bound 2 x poll + drain, per flip: %d of %d flips over; worst latency/bound %.2f;"
            + " writes %d, bounded waits %d%n",
        over,
        flips,
        worst,
        writes.get(),
        bounded.get());
    System.exit(0);
  }

  private static void createMariaDbDatabase(String url, String user) throws SQLException {
    int slash = url.indexOf('/', url.indexOf("//") + 2);
    String db = url.substring(slash + 1).replaceAll("[?;].*", "");
    try (Connection c = DriverManager.getConnection(url.substring(0, slash + 1), user, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS `" + db.replace("`", "``") + "`");
    }
  }

  private static void createDatabase(String url, String user) throws SQLException {
    String admin = url.substring(0, url.lastIndexOf('/')) + "/postgres";
    String db = url.substring(url.lastIndexOf('/') + 1);
    try (Connection c = DriverManager.getConnection(admin, user, "");
        Statement s = c.createStatement()) {
      if (!s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db + "'").next()) {
        s.execute("CREATE DATABASE " + db);
      }
    }
  }
}
