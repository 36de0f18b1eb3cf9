package dev.cutover.benchmarks.shadow;

import dev.cutover.driver.CutoverDriver;
import dev.cutover.driver.Migration;
import dev.cutover.driver.Phase;
import dev.cutover.driver.shadow.ShadowStatistics;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Primary read throughput and latency through the driver in phase OLD (no shadow reads) and in
 * DUAL_OLD_PRIMARY at 5% and 100% shadow sampling, on the same connections, in interleaved rounds.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.cutover.benchmarks.shadow.ShadowReadBenchmark [postgres|mariadb] [threads] [seconds/round]
 * [rounds] [shadow.threads] [dead] [paced=N] [nice=N] [guard=N] [zero] [newAdmin=URL]}. {@code
 * zero} adds a fourth mode, DUAL_OLD_PRIMARY with a sample rate of 0, which shows what the dual
 * phase costs without any shadow read. The old (primary) database is PostgreSQL or MariaDB, the new
 * one PostgreSQL, both found the way the tests find them (environment URLs, local services).
 */
public final class ShadowReadBenchmark {
  private static final int ROWS = 10_000;

  /** Total reads/s across threads in paced mode; 0 reads as fast as possible. */
  private static double pacedRate;

  private ShadowReadBenchmark() {}

  /** One measured round. */
  record Round(String name, long reads, double seconds, long[] latencies) {
    double throughput() {
      return reads / seconds;
    }

    double percentileMicros(double p) {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      if (sorted.length == 0) {
        return 0;
      }
      return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000.0;
    }
  }

  public static void main(String[] args) throws Exception {
    Engine oldEngine =
        args.length > 0 && args[0].equalsIgnoreCase("mariadb") ? Engine.MARIADB : Engine.POSTGRES;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int shadowThreads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    // Optional arguments, in any position:
    // "dead": the secondary URL points at a closed port, so shadow threads only wait (no CPU) and
    // the measured cost is what a sampled read costs the application's own thread.
    // "paced=N": an open loop of N reads/s in total instead of reading as fast as possible, so the
    // machine keeps idle CPU (as a production app server does) and latency is what is measured;
    // each read's latency counts from its scheduled start, so a read that had to wait for the one
    // before it is charged for the wait.
    // "nice=N": shadow.threadNice (default: the driver's default, 19; nice=0 runs the shadow
    // threads at the application's priority).
    // "guard=N": shadow.latencyGuard, in percent (default off).
    // "zero": adds the dual phase at sample rate 0.
    // "newAdmin=URL": create the new (secondary) database on that PostgreSQL server (user postgres,
    // no password) instead of the one the old side uses, e.g. a second cluster.
    boolean deadSecondary = false;
    String nice = null;
    String guard = null;
    boolean zero = false;
    String newAdmin = null;
    for (String a : args) {
      if (a.startsWith("paced=")) {
        pacedRate = Double.parseDouble(a.substring("paced=".length()));
      } else if (a.startsWith("nice=")) {
        nice = String.valueOf(Integer.parseInt(a.substring("nice=".length())));
      } else if (a.startsWith("guard=")) {
        guard = String.valueOf(Integer.parseInt(a.substring("guard=".length())));
      } else if (a.equals("dead")) {
        deadSecondary = true;
      } else if (a.equals("zero")) {
        zero = true;
      } else if (a.startsWith("newAdmin=")) {
        newAdmin = a.substring("newAdmin=".length());
      }
    }
    FreshDatabases dbs = new FreshDatabases();
    TestDatabase oldDb = dbs.create(oldEngine);
    TestDatabase newDb =
        newAdmin != null
            ? dbs.create(Engine.POSTGRES, newAdmin, "postgres", "")
            : dbs.create(Engine.POSTGRES);
    try {
      for (TestDatabase db : List.of(oldDb, newDb)) {
        db.execute(
            "CREATE TABLE bench (id INT PRIMARY KEY, name VARCHAR(100), price DECIMAL(12,2),"
                + " qty INT, created "
                + (db.engine() == Engine.MARIADB ? "DATETIME(6)" : "TIMESTAMP(6)")
                + ")");
        try (Connection c = db.connect();
            PreparedStatement ps = c.prepareStatement("INSERT INTO bench VALUES (?, ?, ?, ?, ?)")) {
          for (int i = 1; i <= ROWS; i++) {
            ps.setInt(1, i);
            ps.setString(2, "name-" + i);
            ps.setBigDecimal(3, java.math.BigDecimal.valueOf(i * 7L, 2));
            ps.setInt(4, i % 100);
            ps.setObject(5, java.time.LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i));
            ps.addBatch();
            if (i % 1000 == 0) {
              ps.executeBatch();
            }
          }
        }
      }
      String url =
          config(
              oldDb,
              deadSecondary ? "jdbc:postgresql://127.0.0.1:9/closed" : newDb.url(),
              newDb,
              shadowThreads
                  + (deadSecondary ? ", queueCapacity: 4, timeout: 300ms" : "")
                  + (nice != null ? ", threadNice: " + nice : "")
                  + (guard != null ? ", latencyGuard: " + guard : ""));
      Migration migration = CutoverDriver.migration(url);
      List<Connection> connections = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        connections.add(DriverManager.getConnection(url));
      }
      System.out.printf(
          Locale.ROOT,
          "old=%s new=POSTGRES%s%s threads=%d shadow.threads=%d shadow.threadNice=%s"
              + " shadow.latencyGuard=%s seconds/round=%d rounds=%d cores=%d%n",
          oldEngine,
          deadSecondary ? " (dead port)" : "",
          pacedRate > 0 ? String.format(Locale.ROOT, " paced at %.0f reads/s", pacedRate) : "",
          threads,
          shadowThreads,
          nice != null ? nice : "default",
          guard != null ? guard : "off",
          seconds,
          rounds,
          Runtime.getRuntime().availableProcessors());
      run(connections, 3, "warm-up");
      // Warm the shadow path too (its pools, threads and compiled code), so the first DUAL round
      // does not carry start-up costs that OLD never pays.
      setPhase(migration, Phase.DUAL_OLD_PRIMARY);
      migration.setShadowSampleRate(1.0);
      run(connections, 3, "warm-up");
      migration.drainShadowReads(Duration.ofSeconds(60));
      // The modes, each with its sample rate (negative: phase OLD).
      List<String> names = new ArrayList<>(List.of("OLD", "DUAL 5%", "DUAL 100%"));
      List<Double> rates = new ArrayList<>(List.of(-1.0, 0.05, 1.0));
      if (zero) {
        names.add(1, "DUAL 0%");
        rates.add(1, 0.0);
      }
      List<List<Round>> byMode = new ArrayList<>();
      for (int m = 0; m < names.size(); m++) {
        byMode.add(new ArrayList<>());
      }
      List<int[]> orders = williams(names.size());
      for (int r = 0; r < rounds; r++) {
        // Rounds follow a Williams design: over every orders.size() rounds each mode runs equally
        // often in each position and right after each other mode, so neither a slow spell of the
        // machine nor what one mode leaves behind (garbage, server work) lands on one mode.
        int[] order = orders.get(r % orders.size());
        for (int k = 0; k < names.size(); k++) {
          int m = order[k];
          double rate = rates.get(m);
          if (rate < 0) {
            migration.setShadowSampleRate(0.0);
            setPhase(migration, Phase.OLD);
          } else {
            setPhase(migration, Phase.DUAL_OLD_PRIMARY);
            migration.setShadowSampleRate(rate);
          }
          Round round = run(connections, seconds, names.get(m));
          if (rate > 0) {
            // Shadow reads still queued when the round ends are work the round caused. They are
            // run now, with the application stopped, and their time is added to the round's, so
            // no mode's shadow work is done outside the time it is measured in. (Before this, up
            // to the queue's capacity of reads per round ran unmeasured between rounds.)
            long t0 = System.nanoTime();
            migration.drainShadowReads(Duration.ofSeconds(60));
            double drain = (System.nanoTime() - t0) / 1e9;
            round =
                new Round(round.name(), round.reads(), round.seconds() + drain, round.latencies());
            System.out.printf(Locale.ROOT, "  (shadow queue drained in %.0f ms)%n", drain * 1000);
          }
          byMode.get(m).add(print(round));
        }
      }
      List<Round> modes = new ArrayList<>();
      for (int m = 0; m < names.size(); m++) {
        modes.add(merge(names.get(m), byMode.get(m)));
      }
      Round o = modes.get(0);
      ShadowStatistics stats = migration.shadowStatistics();
      System.out.println();
      System.out.println(
          "| mode | reads/s | ratio to OLD | within-round ratio (± 2 s.e.) | p50 µs | p99 µs | p99"
              + " ratio |");
      System.out.println("|---|---|---|---|---|---|---|");
      for (int m = 0; m < modes.size(); m++) {
        Round x = modes.get(m);
        System.out.printf(
            Locale.ROOT,
            "| %s | %.0f | %.3f | %s | %.0f | %.0f | %.3f |%n",
            x.name(),
            x.throughput(),
            x.throughput() / o.throughput(),
            m == 0 ? "1" : withinRounds(byMode.get(m), byMode.get(0)),
            x.percentileMicros(0.50),
            x.percentileMicros(0.99),
            x.percentileMicros(0.99) / o.percentileMicros(0.99));
      }
      System.out.println(
          "(within-round ratio: the geometric mean over rounds of each round's throughput over the"
              + " same round's OLD, which cancels the machine's drift from round to round; ± two"
              + " standard errors. A DUAL 0% row shows how far two modes differ by noise alone.)");
      System.out.println();
      System.out.println("shadow statistics: " + stats);
      for (Connection c : connections) {
        c.close();
      }
    } finally {
      oldDb.close();
      newDb.close();
    }
  }

  /**
   * The geometric mean over rounds of a mode's throughput over the same round's OLD, with two
   * standard errors (of the log ratios, so the interval is multiplicative).
   */
  static String withinRounds(List<Round> mode, List<Round> old) {
    int n = Math.min(mode.size(), old.size());
    double[] logs = new double[n];
    double sum = 0;
    for (int r = 0; r < n; r++) {
      logs[r] = Math.log(mode.get(r).throughput() / old.get(r).throughput());
      sum += logs[r];
    }
    double mean = sum / n;
    if (n < 2) {
      return String.format(Locale.ROOT, "%.3f", Math.exp(mean));
    }
    double squares = 0;
    for (double l : logs) {
      squares += (l - mean) * (l - mean);
    }
    double se = Math.sqrt(squares / (n - 1) / n);
    return String.format(
        Locale.ROOT,
        "%.3f (%.3f–%.3f)",
        Math.exp(mean),
        Math.exp(mean - 2 * se),
        Math.exp(mean + 2 * se));
  }

  /**
   * Orders of {@code n} modes balanced for first-order carry-over: n rows for even n, 2n (each row
   * and its reverse) for odd n.
   */
  static List<int[]> williams(int n) {
    int[] first = new int[n];
    for (int j = 1, lo = 1, hi = n - 1; j < n; j++) {
      first[j] = j % 2 == 1 ? lo++ : hi--;
    }
    List<int[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] row = new int[n];
      for (int j = 0; j < n; j++) {
        row[j] = (first[j] + i) % n;
      }
      rows.add(row);
    }
    if (n % 2 == 1) {
      for (int i = 0; i < n; i++) {
        int[] row = new int[n];
        for (int j = 0; j < n; j++) {
          row[j] = rows.get(i)[n - 1 - j];
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static void setPhase(Migration m, Phase p) {
    if (m.phase() != p) {
      m.setPhase(p, "benchmark");
    }
  }

  private static Round print(Round r) {
    System.out.printf(
        Locale.ROOT,
        "%-10s %10.0f reads/s  p50 %6.0f µs  p99 %6.0f µs%n",
        r.name(),
        r.throughput(),
        r.percentileMicros(0.50),
        r.percentileMicros(0.99));
    return r;
  }

  private static Round merge(String name, List<Round> rounds) {
    long reads = 0;
    double secs = 0;
    int n = 0;
    for (Round r : rounds) {
      reads += r.reads();
      secs += r.seconds();
      n += r.latencies().length;
    }
    long[] all = new long[n];
    int at = 0;
    for (Round r : rounds) {
      System.arraycopy(r.latencies(), 0, all, at, r.latencies().length);
      at += r.latencies().length;
    }
    return new Round(name, reads, secs, all);
  }

  private static Round run(List<Connection> connections, int seconds, String name)
      throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    long[][] latencies = new long[connections.size()][];
    int[] counts = new int[connections.size()];
    Exception[] failure = new Exception[1];
    long t0 = System.nanoTime();
    for (int t = 0; t < connections.size(); t++) {
      int index = t;
      Connection c = connections.get(t);
      Thread thread =
          new Thread(
              () -> {
                // Grown as needed: preallocating millions of slots per thread and round made the
                // benchmark itself the largest source of GC pauses in the latency figures.
                long[] lat = new long[1 << 16];
                int n = 0;
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "SELECT id, name, price, qty, created FROM bench WHERE id = ?")) {
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  long interval = pacedRate > 0 ? (long) (1e9 * connections.size() / pacedRate) : 0;
                  // Threads start spread over one interval so paced reads do not arrive together.
                  long next = System.nanoTime() + interval * index / connections.size();
                  while (System.nanoTime() < end) {
                    if (n == lat.length) {
                      lat = Arrays.copyOf(lat, n * 2);
                    }
                    long s;
                    if (interval > 0) {
                      long wait = next - System.nanoTime();
                      if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                      }
                      s = next;
                      next += interval;
                    } else {
                      s = System.nanoTime();
                    }
                    ps.setInt(1, 1 + random.nextInt(ROWS));
                    try (ResultSet rs = ps.executeQuery()) {
                      while (rs.next()) {
                        rs.getInt(1);
                        rs.getString(2);
                        rs.getBigDecimal(3);
                        rs.getInt(4);
                        rs.getObject(5);
                      }
                    }
                    lat[n++] = System.nanoTime() - s;
                  }
                } catch (Exception e) {
                  failure[0] = e;
                }
                latencies[index] = Arrays.copyOf(lat, n);
                counts[index] = n;
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    if (failure[0] != null) {
      throw failure[0];
    }
    long reads = 0;
    int total = 0;
    for (int i = 0; i < counts.length; i++) {
      reads += counts[i];
      total += latencies[i].length;
    }
    long[] all = new long[total];
    int at = 0;
    for (long[] l : latencies) {
      System.arraycopy(l, 0, all, at, l.length);
      at += l.length;
    }
    return new Round(name, reads, secs, all);
  }

  private static String config(
      TestDatabase oldDb, String newUrl, TestDatabase newDb, String shadowThreads)
      throws Exception {
    Path dir = Files.createTempDirectory("cutover-bench");
    Path file = dir.resolve("migration.yaml");
    Files.writeString(
        file,
        "migration: bench"
            + Long.toHexString(System.nanoTime())
            + "\nold: { url: \""
            + oldDb.url()
            + "\", user: "
            + oldDb.user()
            + ", password: \"\" }\nnew: { url: \""
            + newUrl
            + "\", user: "
            + newDb.user()
            + ", password: \"\" }\nphase: OLD\njournal: { spillDirectory: \""
            + dir
            + "\" }\nshadow: { sampleRate: 0.0, threads: "
            + shadowThreads
            + " }\n");
    return CutoverDriver.PREFIX + file.toAbsolutePath();
  }
}
