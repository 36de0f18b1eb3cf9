package dev.cutover.benchmarks.driver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code translation.statementRollback} costs a MariaDB application's transactions once
 * PostgreSQL is the primary (phase {@code NEW}): pgjdbc's automatic savepoint before each statement
 * of a transaction. Transactions of {@code k} primary-key UPDATEs and a COMMIT, in alternating
 * rounds: PostgreSQL through pgjdbc alone, the driver with the setting off (the default), and with
 * it on. Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.cutover.benchmarks.driver.StatementRollbackBenchmark [statements per transaction, e.g.
 * 5,20,100] [seconds per round] [rounds]}.
 */
public final class StatementRollbackBenchmark {
  private StatementRollbackBenchmark() {}

  /** One way of running a transaction. */
  private record Mode(String name, Connection connection, PreparedStatement update) {}

  public static void main(String[] args) throws Exception {
    String[] sizes = (args.length > 0 ? args[0] : "5,20,100").split(",");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<String> table = new ArrayList<>();
    table.add(
        "| statements per transaction | PostgreSQL alone µs/txn | driver, statementRollback off"
            + " | driver, on | on / off (per-round min–max) | on / PostgreSQL alone |");
    table.add("|---:|---:|---:|---:|---:|---:|");
    try (BenchDatabases dbs = new BenchDatabases()) {
      String off =
          dbs.migrationUrl(
              "bench_rollback_off",
              dbs.maria,
              dbs.pgNewForMaria,
              "NEW",
              "sync",
              "translation: { statementRollback: false }\n");
      String on =
          dbs.migrationUrl("bench_rollback_on", dbs.maria, dbs.pgNewForMaria, "NEW", "sync");
      List<Mode> modes = new ArrayList<>();
      modes.add(mode("pg", dbs.pgNewForMaria.open()));
      modes.add(mode("off", DriverManager.getConnection(off)));
      modes.add(mode("on", DriverManager.getConnection(on)));
      try {
        for (String size : sizes) {
          int k = Integer.parseInt(size.trim());
          for (Mode m : modes) {
            run(m, k, 1); // warm-up
          }
          double[][] perTxn = new double[modes.size()][rounds];
          for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < modes.size(); i++) {
              // Rotate the order each round so no mode always runs first.
              int at = (i + round) % modes.size();
              perTxn[at][round] = run(modes.get(at), k, seconds);
            }
          }
          double pg = mean(perTxn[0]);
          double offMean = mean(perTxn[1]);
          double onMean = mean(perTxn[2]);
          double lo = Double.MAX_VALUE;
          double hi = 0;
          for (int r = 0; r < rounds; r++) {
            double ratio = perTxn[2][r] / perTxn[1][r];
            lo = Math.min(lo, ratio);
            hi = Math.max(hi, ratio);
          }
          table.add(
              String.format(
                  "| %d | %.0f | %.0f | %.0f | %.3f (%.3f–%.3f) | %.3f |",
                  k, pg, offMean, onMean, onMean / offMean, lo, hi, onMean / pg));
        }
      } finally {
        for (Mode m : modes) {
          m.connection().close();
        }
      }
    }
    table.forEach(System.out::println);
    System.exit(0);
  }

  private static Mode mode(String name, Connection c) throws SQLException {
    c.setAutoCommit(false);
    return new Mode(name, c, c.prepareStatement("UPDATE bench_w SET n = n + 1 WHERE id = ?"));
  }

  /** Mean microseconds per transaction over {@code seconds}. */
  private static double run(Mode m, int k, int seconds) throws SQLException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long t0 = System.nanoTime();
    long txns = 0;
    long id = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < k; i++) {
        m.update().setLong(1, id++ % BenchDatabases.WRITE_ROWS + 1);
        m.update().executeUpdate();
      }
      m.connection().commit();
      txns++;
    }
    return (System.nanoTime() - t0) / 1e3 / txns;
  }

  private static double mean(double[] xs) {
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s / xs.length;
  }
}
