package dev.cutover.benchmarks.driver;

import dev.cutover.benchmarks.driver.BenchDatabases.Db;
import dev.cutover.driver.CutoverDriver;
import dev.cutover.driver.Migration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How fast an asynchronous secondary catches up after a stall.
 *
 * <p>Each round holds the new side's table with an exclusive lock while the application writes
 * {@code backlog} single-row INSERTs (auto-increment keys, so the driver writes the primary's ids
 * on the new side), then releases it and times the drain of the secondary queue. The reference, in
 * the same run and interleaved round by round, is the same number of INSERTs written straight to
 * the new database on one connection, one autocommit statement each: how fast the application's own
 * write pattern goes there. Ratio = drain rate / direct rate. The run aborts if the new side does
 * not end with the old side's rows or the divergence journal is not empty.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.driver.CatchUpBenchmark \
 *     [backlog 5000] [rounds 5]
 * </pre>
 */
public final class CatchUpBenchmark {
  private CatchUpBenchmark() {}

  public static void main(String[] args) throws Exception {
    int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<String> table = new ArrayList<>();
    table.add(
        "| old → new | backlog | drain writes/s (per round) | direct writes/s (per round) |"
            + " ratio (min–max) |");
    table.add("|---|---:|---|---|---:|");
    try (BenchDatabases dbs = new BenchDatabases()) {
      table.add(pair(dbs, "MariaDB → PostgreSQL", dbs.maria, dbs.pgNewForMaria, backlog, rounds));
      table.add(pair(dbs, "PostgreSQL → PostgreSQL", dbs.pgOld, dbs.pgNewForPg, backlog, rounds));
    }
    table.forEach(System.out::println);
    System.exit(0);
  }

  private static String pair(BenchDatabases dbs, String name, Db old, Db neu, int n, int rounds)
      throws Exception {
    String url =
        dbs.migrationUrl(
            "bench_catchup_" + (old.mariadb() ? "m" : "p"), old, neu, "DUAL_OLD_PRIMARY", "async");
    Migration migration = CutoverDriver.migration(url);
    double[] drain = new double[rounds];
    double[] direct = new double[rounds];
    try (Connection app = DriverManager.getConnection(url);
        PreparedStatement ins =
            app.prepareStatement("INSERT INTO bench_ins (k, v, n) VALUES (?, ?, ?)");
        Connection straight = neu.open();
        PreparedStatement directIns =
            straight.prepareStatement("INSERT INTO bench_w_direct (k, v, n) VALUES (?, ?, ?)")) {
      // Warm-up: both paths, so C2 has compiled them before the first measured round.
      for (int i = 0; i < 2000; i++) {
        bind(ins, i).executeUpdate();
        bind(directIns, i).executeUpdate();
      }
      awaitDrain(migration);
      for (int r = 0; r < rounds; r++) {
        if (r % 2 == 1) {
          direct[r] = direct(directIns, n);
        }
        try (Connection lock = neu.open()) {
          lock.setAutoCommit(false);
          try (Statement s = lock.createStatement()) {
            s.execute("LOCK TABLE bench_ins IN ACCESS EXCLUSIVE MODE");
          }
          for (int i = 0; i < n; i++) {
            bind(ins, i).executeUpdate();
          }
          int pending = migration.pendingSecondaryWrites();
          long t0 = System.nanoTime();
          lock.commit();
          awaitDrain(migration);
          drain[r] = pending * 1e9 / (System.nanoTime() - t0);
        }
        if (r % 2 == 0) {
          direct[r] = direct(directIns, n);
        }
        System.err.printf(
            Locale.ROOT,
            "%s round %d: drain %.0f/s, direct %.0f/s%n",
            name,
            r,
            drain[r],
            direct[r]);
      }
    }
    if (BenchDatabases.count(old, "bench_ins") != BenchDatabases.count(neu, "bench_ins")) {
      throw new IllegalStateException(name + ": the new side does not hold the old side's rows");
    }
    if (!migration.divergences(10).isEmpty()) {
      throw new IllegalStateException(name + ": divergences " + migration.divergences(10));
    }
    migration.close();
    double ratioMin = Double.MAX_VALUE;
    double ratioMax = 0;
    double drainSum = 0;
    double directSum = 0;
    StringBuilder drains = new StringBuilder();
    StringBuilder directs = new StringBuilder();
    for (int r = 0; r < rounds; r++) {
      double ratio = drain[r] / direct[r];
      ratioMin = Math.min(ratioMin, ratio);
      ratioMax = Math.max(ratioMax, ratio);
      drainSum += drain[r];
      directSum += direct[r];
      drains.append(r == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,.0f", drain[r]));
      directs.append(r == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,.0f", direct[r]));
    }
    return String.format(
        Locale.ROOT,
        "| %s | %,d | %s | %s | **%.2f** (%.2f–%.2f) |",
        name,
        n,
        drains,
        directs,
        drainSum / directSum,
        ratioMin,
        ratioMax);
  }

  private static PreparedStatement bind(PreparedStatement ps, int i) throws SQLException {
    ps.setLong(1, i);
    ps.setString(2, "catch-up-" + i);
    ps.setInt(3, i % 7);
    return ps;
  }

  private static double direct(PreparedStatement ps, int n) throws SQLException {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      bind(ps, i).executeUpdate();
    }
    return n * 1e9 / (System.nanoTime() - t0);
  }

  private static void awaitDrain(Migration m) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (m.pendingSecondaryWrites() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the secondary did not drain in 120 s");
      }
      Thread.sleep(1);
    }
  }
}
