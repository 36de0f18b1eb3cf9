package dev.cutover.benchmarks.driver;

import dev.cutover.benchmarks.driver.BenchDatabases.Db;
import dev.cutover.driver.CutoverDriver;
import dev.cutover.driver.Migration;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The driver's cost against the vendor drivers, on real local PostgreSQL and MariaDB, in one run.
 *
 * <p>Every comparison interleaves its variants round by round (direct, cutover, then cutover,
 * direct, ...) on the same databases and tables, so drift from other load on the machine, table
 * growth or server caches falls on both sides alike; the figures are aggregated over all rounds and
 * the spread of the per-round ratios is printed beside them. Each variant is warmed up first (JIT,
 * server-side prepared statements, the driver's SQL analysis cache and key lookups); warm-ups are
 * long enough for C2 to compile the driver's path, as it is in an application that has run for a
 * while.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.cutover.benchmarks.driver.DriverBenchmark [--rounds 5] [--scale 1.0] [--only
 * passthrough,sync,async]}.
 */
public final class DriverBenchmark {
  static volatile long sink;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * Each round is cut into this many blocks and the variants alternate block by block, so a burst
   * of load from elsewhere on the machine hits every variant within the round.
   */
  private static final int BLOCKS_PER_ROUND = 10;

  private final int rounds;
  private final double scale;
  private final List<String> only;
  private final BenchDatabases dbs;
  private final List<String> table = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** Rows of the table that sets the driver against a hand-written dual write. */
  private final List<String> handNotes = new ArrayList<>();

  private DriverBenchmark(int rounds, double scale, List<String> only, BenchDatabases dbs) {
    this.rounds = rounds;
    this.scale = scale;
    this.only = only;
    this.dbs = dbs;
  }

  public static void main(String[] args) throws Exception {
    int rounds = 5;
    double scale = 1.0;
    List<String> only = List.of("passthrough", "sync", "async");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--scale" -> scale = Double.parseDouble(args[++i]);
        case "--only" -> only = List.of(args[++i].split(","));
        default -> {
          System.err.println(
              "usage: DriverBenchmark [--rounds N] [--scale F]"
                  + " [--only passthrough,sync,async,controls]");
          System.exit(2);
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "cores=%d java=%s load(1/5/15m) at start: %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        loadAverage());
    long started = System.nanoTime();
    try (BenchDatabases dbs = new BenchDatabases()) {
      new DriverBenchmark(rounds, scale, only, dbs).run();
    }
    System.out.printf(
        Locale.ROOT,
        "%ntotal %.0f s, load(1/5/15m) at end: %s%n",
        (System.nanoTime() - started) / 1e9,
        loadAverage());
    // The driver's journal and async pools are daemon threads; nothing is left to flush.
    System.exit(0);
  }

  private int ops(int base) {
    return Math.max(10, (int) Math.round(base * scale));
  }

  private void run() throws Exception {
    if (only.contains("passthrough")) {
      passthrough("PostgreSQL", dbs.pgOld, dbs.pgNewForPg);
      passthrough("MariaDB", dbs.maria, dbs.pgNewForMaria);
    }
    if (only.contains("sync")) {
      dualSync("MariaDB → PostgreSQL", "maria_pg", dbs.maria, dbs.pgNewForMaria);
      dualSync("PostgreSQL → PostgreSQL", "pg_pg", dbs.pgOld, dbs.pgNewForPg);
    }
    if (only.contains("controls")) {
      controls("MariaDB → PostgreSQL", dbs.maria, dbs.pgNewForMaria);
      controls("PostgreSQL → PostgreSQL", dbs.pgOld, dbs.pgNewForPg);
    }
    if (only.contains("async")) {
      dualAsync("MariaDB → PostgreSQL", "maria_pg", dbs.maria, dbs.pgNewForMaria);
      dualAsync("PostgreSQL → PostgreSQL", "pg_pg", dbs.pgOld, dbs.pgNewForPg);
    }
    System.out.println();
    for (String line : table) {
      System.out.println(line);
    }
    if (!handNotes.isEmpty()) {
      System.out.println();
      System.out.println(
          "| sync write vs a hand-written dual write | old → new | hand-written µs | hand-written /"
              + " (old+new) | cutover µs | cutover / hand-written | client CPU µs/op hand →"
              + " cutover |");
      System.out.println("|---|---|---:|---:|---:|---:|---:|");
      handNotes.forEach(System.out::println);
    }
    System.out.println();
    for (String note : notes) {
      System.out.println(note);
    }
  }

  // ------------------------------------------------------------------ workloads

  /** One operation of a loop; {@code i} counts the variant's operations from 0. */
  @FunctionalInterface
  interface Op {
    void run(long i) throws SQLException;
  }

  static Op select(Connection c) throws SQLException {
    PreparedStatement ps = c.prepareStatement("SELECT id, k, v, n FROM bench_read WHERE id = ?");
    return i -> {
      ps.setLong(1, (i * 7919) % BenchDatabases.READ_ROWS + 1);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("row not found");
        }
        sink += rs.getLong(1) + rs.getLong(2) + rs.getString(3).length() + rs.getInt(4);
      }
    };
  }

  static Op insert(Connection c, String tableName) throws SQLException {
    PreparedStatement ps =
        c.prepareStatement("INSERT INTO " + tableName + " (k, v, n) VALUES (?, ?, ?)");
    return i -> {
      ps.setLong(1, i);
      ps.setString(2, "value-" + i);
      ps.setInt(3, (int) (i & 0xffff));
      if (ps.executeUpdate() != 1) {
        throw new SQLException("insert did not insert");
      }
    };
  }

  static Op update(Connection c, String tableName) throws SQLException {
    PreparedStatement ps =
        c.prepareStatement("UPDATE " + tableName + " SET n = n + 1, v = ? WHERE id = ?");
    return i -> {
      ps.setString(1, "updated-" + i);
      ps.setLong(2, i % BenchDatabases.WRITE_ROWS + 1);
      if (ps.executeUpdate() != 1) {
        throw new SQLException("update did not find its row");
      }
    };
  }

  /**
   * The least any synchronous dual write can cost: plain JDBC, the old side first with its
   * generated key read back, then the new side with that key written explicitly, the way the driver
   * mirrors an auto-increment insert.
   */
  static Op handInsert(Connection old, Connection neu, String tableName) throws SQLException {
    PreparedStatement o =
        old.prepareStatement(
            "INSERT INTO " + tableName + " (k, v, n) VALUES (?, ?, ?)", new String[] {"id"});
    PreparedStatement n =
        neu.prepareStatement("INSERT INTO " + tableName + " (id, k, v, n) VALUES (?, ?, ?, ?)");
    return i -> {
      String v = "value-" + i;
      o.setLong(1, i);
      o.setString(2, v);
      o.setInt(3, (int) (i & 0xffff));
      if (o.executeUpdate() != 1) {
        throw new SQLException("insert did not insert");
      }
      long id;
      try (ResultSet keys = o.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("no generated key");
        }
        id = keys.getLong(1);
      }
      n.setLong(1, id);
      n.setLong(2, i);
      n.setString(3, v);
      n.setInt(4, (int) (i & 0xffff));
      if (n.executeUpdate() != 1) {
        throw new SQLException("insert did not insert on the new side");
      }
    };
  }

  /** The hand-written dual write of {@link #update}: the old side, then the new side. */
  static Op handUpdate(Connection old, Connection neu, String tableName) throws SQLException {
    return inTurn(update(old, tableName), update(neu, tableName));
  }

  /** {@code first}, then {@code second}, with the same operation number. */
  static Op inTurn(Op first, Op second) {
    return i -> {
      first.run(i);
      second.run(i);
    };
  }

  /** An {@link Op} with its own operation counter, so every variant walks the same ids. */
  private static final class Loop {
    final Op op;
    final Samples samples = new Samples();
    long next;

    Loop(Op op) {
      this.op = op;
    }

    void warmUp(int n) throws SQLException {
      for (int k = 0; k < n; k++) {
        op.run(next++);
      }
    }

    void measure(int n) throws SQLException {
      long cpu = THREADS.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      for (int k = 0; k < n; k++) {
        long t = System.nanoTime();
        op.run(next++);
        samples.add(System.nanoTime() - t);
      }
      long wall = System.nanoTime() - start;
      samples.segment(n, wall, THREADS.getCurrentThreadCpuTime() - cpu);
    }
  }

  /**
   * Runs the loops round by round, block by block, rotating which one goes first; returns, per
   * round, the first loop's wall time over the last one's.
   */
  private double[] interleave(List<Loop> loops, int warmUp, int perRound) throws SQLException {
    for (Loop l : loops) {
      l.warmUp(warmUp);
    }
    double[] firstOverLast = new double[rounds];
    int block = Math.max(1, perRound / BLOCKS_PER_ROUND);
    for (int r = 0; r < rounds; r++) {
      long[] wall = new long[loops.size()];
      for (int b = 0; b < BLOCKS_PER_ROUND; b++) {
        for (int k = 0; k < loops.size(); k++) {
          int which = (r + b + k) % loops.size();
          long t = System.nanoTime();
          loops.get(which).measure(block);
          wall[which] += System.nanoTime() - t;
        }
      }
      firstOverLast[r] = (double) wall[0] / wall[loops.size() - 1];
    }
    return firstOverLast;
  }

  // ------------------------------------------------------------------ 1. phase OLD passthrough

  private void passthrough(String engine, Db old, Db neu) throws Exception {
    String url =
        dbs.migrationUrl("bench_old_" + (old.mariadb() ? "maria" : "pg"), old, neu, "OLD", "sync");
    header(
        "| phase OLD passthrough | database | direct ops/s | cutover ops/s | ratio (per-round"
            + " min–max) | target | pass | client CPU µs/op direct → cutover |",
        "|---|---|---:|---:|---:|---:|:---:|---:|");
    try (Connection direct = old.open();
        Connection cutover = DriverManager.getConnection(url)) {
      throughputRow(
          "prepared PK SELECT", engine, select(direct), select(cutover), ops(15000), ops(10000));
      throughputRow(
          "single-row INSERT (autocommit)",
          engine,
          insert(direct, "bench_ins"),
          insert(cutover, "bench_ins"),
          ops(3000),
          ops(800));
    }
  }

  private void throughputRow(
      String what, String engine, Op direct, Op cutover, int warmUp, int perRound)
      throws SQLException {
    Loop d = new Loop(direct);
    Loop c = new Loop(cutover);
    // per-round ratio = direct wall / cutover wall = cutover throughput / direct throughput
    double[] perRoundRatio = interleave(List.of(d, c), warmUp, perRound);
    double ratio = c.samples.opsPerSecond() / d.samples.opsPerSecond();
    table.add(
        String.format(
            Locale.ROOT,
            "| %s | %s | %,.0f | %,.0f | **%.3f** (%.3f–%.3f) | ≥ 0.97 | %s | %.1f → %.1f |",
            what,
            engine,
            d.samples.opsPerSecond(),
            c.samples.opsPerSecond(),
            ratio,
            min(perRoundRatio),
            max(perRoundRatio),
            ratio >= 0.97 ? "yes" : "**no**",
            d.samples.cpuMicrosPerOp(),
            c.samples.cpuMicrosPerOp()));
    progress(table.get(table.size() - 1));
  }

  // ------------------------------------------------------------------ 2. dual-write, sync

  private void dualSync(String pair, String key, Db old, Db neu) throws Exception {
    String url = dbs.migrationUrl("bench_sync_" + key, old, neu, "DUAL_OLD_PRIMARY", "sync");
    header(
        "| DUAL_OLD_PRIMARY sync, per write | old → new | old alone µs | new alone µs | cutover µs"
            + " mean (p50 / p99) | old+new mean (p50 / p99) | ratio mean (p50 / p99) | target |"
            + " pass | client CPU µs/op old+new → cutover |",
        "|---|---|---:|---:|---:|---:|---:|---:|:---:|---:|");
    try (Connection oldC = old.open();
        Connection newC = neu.open();
        Connection cutC = DriverManager.getConnection(url)) {
      latencyRow(
          "single-row INSERT",
          pair,
          insert(oldC, "bench_w_direct"),
          insert(newC, "bench_w_direct"),
          handInsert(oldC, newC, "bench_w_hand"),
          insert(cutC, "bench_w"));
      latencyRow(
          "UPDATE by PK",
          pair,
          update(oldC, "bench_w_direct"),
          update(newC, "bench_w_direct"),
          handUpdate(oldC, newC, "bench_w_hand"),
          update(cutC, "bench_w"));
    }
    checkMirrored(url, pair + " sync", old, neu);
  }

  // ------------------------------------------------------------------ 2b. where a sync dual
  // write's time goes

  /**
   * Controls for the sync target (opt-in, {@code --only controls}): no driver involved, plain JDBC
   * single-row INSERTs in autocommit, interleaved block by block. Two writes in a row on the same
   * server (one connection, then two connections) against twice that server alone, and one write on
   * each server against the sum of each alone. If only the last costs more than its sum, the extra
   * is the switch between two servers, which any sequential dual write pays.
   */
  private void controls(String pair, Db old, Db neu) throws Exception {
    header(
        "| INSERT pairs, plain JDBC | old → new | old alone µs | new alone µs | old, old (1 conn) /"
            + " 2 × old | old, old (2 conns) / 2 × old | new, new / 2 × new | old, new / (old +"
            + " new) |",
        "|---|---|---:|---:|---:|---:|---:|---:|");
    try (Connection oldC = old.open();
        Connection oldC2 = old.open();
        Connection newC = neu.open()) {
      Op o = insert(oldC, "bench_w_direct");
      Op o2 = insert(oldC2, "bench_w_direct");
      Op n = insert(newC, "bench_w_direct");
      Loop oldAlone = new Loop(o);
      Loop newAlone = new Loop(n);
      Loop oldOld = new Loop(inTurn(o, o));
      Loop oldOld2 = new Loop(inTurn(o, o2));
      Loop newNew = new Loop(inTurn(n, n));
      Loop oldNew = new Loop(inTurn(o, n));
      interleave(List.of(oldAlone, newAlone, oldOld, oldOld2, newNew, oldNew), ops(1000), ops(500));
      double om = oldAlone.samples.meanMicros();
      double nm = newAlone.samples.meanMicros();
      table.add(
          String.format(
              Locale.ROOT,
              "| single-row INSERT | %s | %.0f | %.0f | %.3f | %.3f | %.3f | **%.3f** |",
              pair,
              om,
              nm,
              oldOld.samples.meanMicros() / (2 * om),
              oldOld2.samples.meanMicros() / (2 * om),
              newNew.samples.meanMicros() / (2 * nm),
              oldNew.samples.meanMicros() / (om + nm)));
      progress(table.get(table.size() - 1));
    }
  }

  private void latencyRow(String what, String pair, Op oldAlone, Op newAlone, Op hand, Op cutover)
      throws SQLException {
    Loop o = new Loop(oldAlone);
    Loop n = new Loop(newAlone);
    Loop h = new Loop(hand);
    Loop c = new Loop(cutover);
    interleave(List.of(o, n, h, c), ops(2000), ops(500));
    handNotes.add(
        String.format(
            Locale.ROOT,
            "| %s | %s | %.0f | %.3f | %.0f | **%.3f** | %.1f → %.1f |",
            what,
            pair,
            h.samples.meanMicros(),
            h.samples.meanMicros() / (o.samples.meanMicros() + n.samples.meanMicros()),
            c.samples.meanMicros(),
            c.samples.meanMicros() / h.samples.meanMicros(),
            h.samples.cpuMicrosPerOp(),
            c.samples.cpuMicrosPerOp()));
    double sumMean = o.samples.meanMicros() + n.samples.meanMicros();
    double sum50 = o.samples.percentileMicros(50) + n.samples.percentileMicros(50);
    double sum99 = o.samples.percentileMicros(99) + n.samples.percentileMicros(99);
    double ratio = c.samples.meanMicros() / sumMean;
    table.add(
        String.format(
            Locale.ROOT,
            "| %s | %s | %.0f | %.0f | %.0f (%.0f / %.0f) | %.0f (%.0f / %.0f) | **%.3f** (%.3f /"
                + " %.3f) | ≤ 1.10 | %s | %.1f → %.1f |",
            what,
            pair,
            o.samples.meanMicros(),
            n.samples.meanMicros(),
            c.samples.meanMicros(),
            c.samples.percentileMicros(50),
            c.samples.percentileMicros(99),
            sumMean,
            sum50,
            sum99,
            ratio,
            c.samples.percentileMicros(50) / sum50,
            c.samples.percentileMicros(99) / sum99,
            ratio <= 1.10 ? "yes" : "**no**",
            o.samples.cpuMicrosPerOp() + n.samples.cpuMicrosPerOp(),
            c.samples.cpuMicrosPerOp()));
    progress(table.get(table.size() - 1));
  }

  // ------------------------------------------------------------------ 3. dual-write, async

  private static final int WRITERS = 4;

  private void dualAsync(String pair, String key, Db old, Db neu) throws Exception {
    String url = dbs.migrationUrl("bench_async_" + key, old, neu, "DUAL_OLD_PRIMARY", "async");
    Migration migration = CutoverDriver.migration(url);
    header(
        "| DUAL_OLD_PRIMARY async, "
            + WRITERS
            + " writers, INSERT | old → new | old alone ops/s | cutover ops/s | ratio (per-round"
            + " min–max) | target | incl. drain ops/s (ratio) | max queue | drain ms (max) |"
            + " pass |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|:---:|");
    List<Connection> connections = new ArrayList<>();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    try {
      List<Loop> direct = new ArrayList<>();
      List<Loop> cutover = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        Connection d = old.open();
        Connection c = DriverManager.getConnection(url);
        connections.add(d);
        connections.add(c);
        direct.add(new Loop(insert(d, "bench_w_direct")));
        cutover.add(new Loop(insert(c, "bench_w")));
      }
      int perWriter = ops(400);
      parallel(writers, direct, ops(500), true);
      parallel(writers, cutover, ops(500), true);
      awaitDrain(migration);
      long directOps = 0;
      long directNanos = 0;
      long cutOps = 0;
      long cutNanos = 0;
      long cutWithDrainNanos = 0;
      int maxDepth = 0;
      long maxDrainMillis = 0;
      double[] perRound = new double[rounds];
      List<Integer> lastSeries = List.of();
      for (int r = 0; r < rounds; r++) {
        long dWall = 0;
        long cWall = 0;
        for (int k = 0; k < 2; k++) {
          boolean directTurn = (k == 0) == (r % 2 == 0);
          if (directTurn) {
            dWall = parallel(writers, direct, perWriter, false);
            directOps += (long) perWriter * WRITERS;
            directNanos += dWall;
          } else {
            List<Integer> series = new ArrayList<>();
            var sampling =
                sampler.scheduleAtFixedRate(
                    () -> {
                      synchronized (series) {
                        series.add(migration.pendingSecondaryWrites());
                      }
                    },
                    0,
                    50,
                    TimeUnit.MILLISECONDS);
            cWall = parallel(writers, cutover, perWriter, false);
            long drainStart = System.nanoTime();
            awaitDrain(migration);
            long drain = System.nanoTime() - drainStart;
            sampling.cancel(false);
            synchronized (series) {
              series.add(migration.pendingSecondaryWrites());
              lastSeries = new ArrayList<>(series);
              for (int depth : series) {
                maxDepth = Math.max(maxDepth, depth);
              }
            }
            cutOps += (long) perWriter * WRITERS;
            cutNanos += cWall;
            cutWithDrainNanos += cWall + drain;
            maxDrainMillis = Math.max(maxDrainMillis, TimeUnit.NANOSECONDS.toMillis(drain));
          }
        }
        perRound[r] = (double) dWall / cWall;
      }
      double directRate = directOps * 1e9 / directNanos;
      double cutRate = cutOps * 1e9 / cutNanos;
      double endToEnd = cutOps * 1e9 / cutWithDrainNanos;
      double ratio = cutRate / directRate;
      boolean keepsUp = endToEnd / directRate >= 0.90;
      table.add(
          String.format(
              Locale.ROOT,
              "| single-row INSERT, autocommit | %s | %,.0f | %,.0f | **%.3f** (%.3f–%.3f) | ≥ 0.90"
                  + " | %,.0f (%.3f) | %d | %d | %s |",
              pair,
              directRate,
              cutRate,
              ratio,
              min(perRound),
              max(perRound),
              endToEnd,
              endToEnd / directRate,
              maxDepth,
              maxDrainMillis,
              ratio >= 0.90 && keepsUp ? "yes" : "**no**"));
      progress(table.get(table.size() - 1));
      notes.add(
          "async "
              + pair
              + ": secondary queue depth every 50 ms during the last cutover round, then after"
              + " drain: "
              + lastSeries);
    } finally {
      writers.shutdownNow();
      sampler.shutdownNow();
      for (Connection c : connections) {
        c.close();
      }
    }
    awaitDrain(migration);
    checkMirrored(url, pair + " async", old, neu);
  }

  /** Runs each loop on its own writer thread; returns the wall time until all finished. */
  private static long parallel(ExecutorService pool, List<Loop> loops, int n, boolean warmUp)
      throws Exception {
    List<Callable<Void>> tasks = new ArrayList<>();
    for (Loop l : loops) {
      tasks.add(
          () -> {
            if (warmUp) {
              l.warmUp(n);
            } else {
              l.measure(n);
            }
            return null;
          });
    }
    long start = System.nanoTime();
    for (Future<Void> f : pool.invokeAll(tasks)) {
      f.get();
    }
    return System.nanoTime() - start;
  }

  private static void awaitDrain(Migration migration) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (migration.pendingSecondaryWrites() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "secondary did not drain in 120 s: " + migration.pendingSecondaryWrites());
      }
      Thread.sleep(1);
    }
  }

  // ------------------------------------------------------------------ checks and output

  /**
   * A fast secondary that silently failed would flatter the figures: the run must end with the same
   * rows on both sides and an empty journal.
   */
  private void checkMirrored(String url, String what, Db old, Db neu) throws SQLException {
    Map<String, Long> divergences = CutoverDriver.migration(url).unresolvedDivergences();
    long oldRows = BenchDatabases.count(old, "bench_w");
    long newRows = BenchDatabases.count(neu, "bench_w");
    String line =
        String.format(
            Locale.ROOT,
            "check %s: bench_w rows old=%d new=%d, unresolved divergences=%s",
            what,
            oldRows,
            newRows,
            divergences);
    notes.add(line);
    progress(line);
    if (oldRows != newRows || !divergences.isEmpty()) {
      throw new IllegalStateException("secondary did not receive every write: " + line);
    }
  }

  private void header(String columns, String rule) {
    if (table.isEmpty() || !table.contains(columns)) {
      if (!table.isEmpty()) {
        table.add("");
      }
      table.add(columns);
      table.add(rule);
    }
  }

  private static void progress(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private static double min(double[] values) {
    double m = Double.MAX_VALUE;
    for (double v : values) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static double max(double[] values) {
    double m = -Double.MAX_VALUE;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (java.io.IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
