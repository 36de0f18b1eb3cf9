package dev.cutover.benchmarks.driver;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * The MariaDB → PostgreSQL sync INSERT of {@link DriverBenchmark} as a long loop, for profilers
 * ({@code -XX:StartFlightRecording}, {@code strace -c}): the hand-written dual write and the
 * driver's in alternating rounds, with wall and thread CPU time per write. Run: {@code java -cp
 * benchmarks/target/benchmarks.jar dev.cutover.benchmarks.driver.SyncInsertLoop [hand,cutover]
 * [seconds per round] [rounds]}.
 */
public final class SyncInsertLoop {
  private SyncInsertLoop() {}

  public static void main(String[] args) throws Exception {
    String[] modes = (args.length > 0 ? args[0] : "hand,cutover").split(",");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (BenchDatabases dbs = new BenchDatabases()) {
      String url =
          dbs.migrationUrl("sync_loop", dbs.maria, dbs.pgNewForMaria, "DUAL_OLD_PRIMARY", "sync");
      try (Connection old = dbs.maria.open();
          Connection neu = dbs.pgNewForMaria.open();
          Connection cut = DriverManager.getConnection(url)) {
        DriverBenchmark.Op hand = DriverBenchmark.handInsert(old, neu, "bench_w_hand");
        DriverBenchmark.Op driver = DriverBenchmark.insert(cut, "bench_w");
        long i = 0;
        for (int round = 0; round < rounds; round++) {
          for (String mode : modes) {
            DriverBenchmark.Op op = mode.equals("hand") ? hand : driver;
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long end = t0 + seconds * 1_000_000_000L;
            long ops = 0;
            while (System.nanoTime() < end) {
              op.run(++i);
              ops++;
            }
            long ns = System.nanoTime() - t0;
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            System.out.printf(
                "round %d %-7s %,d writes, %.1f µs/write, client CPU %.1f µs/write%n",
                round, mode, ops, ns / 1e3 / ops, cpu / 1e3 / ops);
          }
        }
      }
    }
    System.exit(0);
  }
}
