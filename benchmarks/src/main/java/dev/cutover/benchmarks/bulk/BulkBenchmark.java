package dev.cutover.benchmarks.bulk;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.comparator.backfill.Backfill;
import dev.cutover.comparator.backfill.BackfillOptions;
import dev.cutover.comparator.backfill.BackfillOptions.CopyMode;
import dev.cutover.comparator.backfill.BackfillReport;
import dev.cutover.comparator.chunk.ControlStore;
import dev.cutover.comparator.verify.Verifier;
import dev.cutover.comparator.verify.VerifyOptions;
import dev.cutover.comparator.verify.VerifyResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * Measures verify against the databases' own concurrent whole-table hash scans, verify with ten
 * differing rows, and backfill MariaDB → PostgreSQL in rows per second.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.cutover.benchmarks.bulk.BulkBenchmark [rows]}; servers from {@code CUTOVER_BENCH_PG_URL}
 * (admin URL, default {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user postgres) and {@code
 * CUTOVER_BENCH_MARIADB_URL} (default {@code jdbc:mariadb://127.0.0.1:3306/}, user root).
 */
public final class BulkBenchmark {
  private static final String PG_ADMIN =
      env("CUTOVER_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  private static final String MARIA_ADMIN =
      env("CUTOVER_BENCH_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/");
  private static final String COLUMNS = "id, a, b, c, d, e";

  /** Backfill workers, and pgloader's workers, for the backfill comparison ({@code workers=N}). */
  private static int workers = 2;

  private BulkBenchmark() {}

  /** Runs the benchmark with the row count given as the first argument. */
  public static void main(String[] args) throws Exception {
    long n = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000;
    boolean backfillOnly = List.of(args).contains("backfill-only");
    for (String a : args) {
      if (a.startsWith("workers=")) {
        workers = Integer.parseInt(a.substring("workers=".length()));
      }
    }
    System.out.printf(Locale.ROOT, "bulk benchmark, %,d rows, 6 columns%n", n);
    recreatePg("cutover_bench_old");
    recreatePg("cutover_bench_new");
    recreatePg("cutover_bench_copy");
    recreatePg("cutover_bench_pgloader");
    recreateMaria("cutover_bench");
    try (HikariDataSource pgOld = pool(pgUrl("cutover_bench_old"), "postgres");
        HikariDataSource pgNew = pool(pgUrl("cutover_bench_new"), "postgres");
        HikariDataSource pgCopy = pool(pgUrl("cutover_bench_copy"), "postgres");
        HikariDataSource maria = pool(MARIA_ADMIN + "cutover_bench", "root")) {
      long t0 = System.nanoTime();
      generatePg(pgOld, n);
      generatePg(pgNew, n);
      generateMaria(maria, n);
      System.out.printf(Locale.ROOT, "data generated in %.1f s%n", secs(t0));
      createPgTable(pgCopy);

      // Backfill MariaDB -> PostgreSQL with COPY + merge.
      BackfillReport copy = backfill(maria, pgCopy, CopyMode.COPY, "copy", workers);
      System.out.printf(
          Locale.ROOT,
          "backfill MariaDB->PostgreSQL COPY, %d workers: %,d rows in %.2f s = %,.0f rows/s%n",
          workers,
          copy.rowsCopied(),
          copy.elapsed().toNanos() / 1e9,
          copy.rowsPerSecond());
      vacuum(pgCopy);
      pgloader(n, copy);
      if (backfillOnly) {
        return;
      }

      measureVerify("PostgreSQL<->PostgreSQL", pgOld, pgNew, n);
      measureVerify("MariaDB<->PostgreSQL", maria, pgCopy, n);

      // Upsert statements, on a fresh target, for the COPY-vs-upsert choice.
      try (Connection c = pgCopy.getConnection();
          Statement s = c.createStatement()) {
        s.execute("TRUNCATE bench");
      }
      BackfillReport upsert = backfill(maria, pgCopy, CopyMode.UPSERT, "upsert", 2);
      System.out.printf(
          Locale.ROOT,
          "backfill MariaDB->PostgreSQL multi-row upserts, 2 workers: %,d rows in %.2f s ="
              + " %,.0f rows/s (COPY is %.2fx)%n",
          upsert.rowsCopied(),
          upsert.elapsed().toNanos() / 1e9,
          upsert.rowsPerSecond(),
          copy.rowsPerSecond() / upsert.rowsPerSecond());
    }
  }

  private static void measureVerify(String label, DataSource old, DataSource neu, long n)
      throws Exception {
    Verifier verifier = new Verifier(old, neu, VerifyOptions.defaults());
    limit(old, neu);
    verifier.verify("bench");
    double limit = Double.MAX_VALUE;
    double equal = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      limit = Math.min(limit, limit(old, neu));
      long t = System.nanoTime();
      VerifyResult r = verifier.verify("bench");
      equal = Math.min(equal, secs(t));
      if (r.status() != VerifyResult.Status.EQUAL) {
        throw new IllegalStateException(label + ": expected EQUAL, got " + r);
      }
    }
    try (Connection c = neu.getConnection();
        Statement s = c.createStatement()) {
      for (long id = 1; id <= 10; id++) {
        s.executeUpdate("UPDATE bench SET c = 'changed' WHERE id = " + (id * (n / 10) - 3));
      }
    }
    double different = Double.MAX_VALUE;
    VerifyResult r = null;
    for (int i = 0; i < 3; i++) {
      long t = System.nanoTime();
      r = verifier.verify("bench");
      different = Math.min(different, secs(t));
    }
    if (r.differingCount() != 10) {
      throw new IllegalStateException(label + ": expected 10 differing rows, got " + r);
    }
    try (Connection c = neu.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE bench SET c = concat('row-', id) WHERE c = 'changed'");
    }
    System.out.printf(
        Locale.ROOT,
        "%s: limit (both sides' own MD5 scan, concurrent) %.2f s = %,.0f rows/s; verify equal"
            + " %.2f s = %,.0f rows/s = %.2f x limit; verify with 10 differing rows %.2f s ="
            + " %.2f x equal%n",
        label,
        limit,
        n / limit,
        equal,
        n / equal,
        limit / equal,
        different,
        different / equal);
  }

  /**
   * The peer: pgloader (Debian's package) copying the same MariaDB table into an empty PostgreSQL
   * database with the same number of workers, creating the table and building its primary key after
   * the load, which is pgloader's fastest path. Timed as the whole process, start to exit.
   */
  private static void pgloader(long n, BackfillReport ours) throws Exception {
    Path load = Files.createTempFile("cutover-bench", ".load");
    String maria = MARIA_ADMIN.replace("jdbc:mariadb://", "mysql://root@") + "cutover_bench";
    String pg =
        pgUrl("cutover_bench_pgloader").replace("jdbc:postgresql://", "postgresql://postgres@");
    Files.writeString(
        load,
        "LOAD DATABASE\n  FROM "
            + maria
            + "\n  INTO "
            + pg
            + "\n  WITH include drop, create tables, create indexes, workers = "
            + workers
            + ", concurrency = 1\n"
            + "  ALTER SCHEMA 'cutover_bench' RENAME TO 'public';\n");
    Process p;
    long t = System.nanoTime();
    try {
      p =
          new ProcessBuilder("pgloader", "--quiet", load.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (java.io.IOException notInstalled) {
      System.out.println(
          "pgloader not found on PATH (apt-get install pgloader); peer not measured");
      return;
    }
    int exit = p.waitFor();
    double secs = secs(t);
    long rows;
    try (Connection c =
            DriverManager.getConnection(pgUrl("cutover_bench_pgloader"), "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM bench")) {
      rs.next();
      rows = rs.getLong(1);
    }
    if (exit != 0 || rows != n) {
      throw new IllegalStateException("pgloader exited " + exit + " and loaded " + rows + " rows");
    }
    System.out.printf(
        Locale.ROOT,
        "pgloader MariaDB->PostgreSQL, %d workers: %,d rows in %.2f s = %,.0f rows/s;"
            + " cutover backfill is %.2fx pgloader%n",
        workers,
        rows,
        secs,
        rows / secs,
        ours.rowsPerSecond() / (rows / secs));
  }

  /** The databases' own whole-table hash scans, run concurrently; the wall time of both. */
  private static double limit(DataSource old, DataSource neu) throws Exception {
    long t = System.nanoTime();
    CompletableFuture<Void> a = CompletableFuture.runAsync(() -> scan(old));
    CompletableFuture<Void> b = CompletableFuture.runAsync(() -> scan(neu));
    a.get();
    b.get();
    return secs(t);
  }

  private static void scan(DataSource ds) {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      boolean pg =
          c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
      String sql =
          pg
              ? "SELECT count(*), sum(('x' || substr(md5(concat_ws('|', "
                  + COLUMNS
                  + ")), 1, 15))::bit(60)::bigint) FROM bench"
              : "SELECT COUNT(*), SUM(CAST(CONV(SUBSTRING(MD5(CONCAT_WS('|', "
                  + COLUMNS
                  + ")), 1, 15), 16, 10) AS UNSIGNED)) FROM bench";
      try (ResultSet rs = s.executeQuery(sql)) {
        rs.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BackfillReport backfill(
      DataSource from, DataSource to, CopyMode mode, String job, int workers) throws SQLException {
    ControlStore control = new ControlStore(from);
    control.dropPlan(job, "bench");
    return new Backfill(
            from,
            to,
            control,
            BackfillOptions.builder()
                .job(job)
                .chunkRows(20_000)
                .batchRows(mode == CopyMode.COPY ? 20_000 : 1_000)
                .workers(workers)
                .copy(mode)
                .build())
        .run("bench");
  }

  private static void generatePg(DataSource ds, long n) throws SQLException {
    createPgTable(ds);
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO bench SELECT g, (g * 7) % 1000003, (g % 100000) / 100.0, 'row-' || g,"
              + " TIMESTAMP '2024-01-01 00:00:00' + g * INTERVAL '1 second', g % 2 = 0"
              + " FROM generate_series(1, "
              + n
              + ") g");
    }
    vacuum(ds);
  }

  private static void createPgTable(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE bench (id BIGINT PRIMARY KEY, a INT, b NUMERIC(12,2), c VARCHAR(64),"
              + " d TIMESTAMP, e BOOLEAN)");
    }
  }

  private static void vacuum(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE bench");
    }
  }

  private static void generateMaria(DataSource ds, long n) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE bench (id BIGINT PRIMARY KEY, a INT, b DECIMAL(12,2), c VARCHAR(64),"
              + " d DATETIME, e TINYINT(1))");
      for (long from = 1; from <= n; from += 500_000) {
        long to = Math.min(n, from + 499_999);
        s.execute(
            "INSERT INTO bench SELECT seq, (seq * 7) % 1000003, (seq % 100000) / 100.0,"
                + " CONCAT('row-', seq), TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND,"
                + " seq % 2 = 0 FROM seq_"
                + from
                + "_to_"
                + to);
      }
      s.execute("ANALYZE TABLE bench");
    }
  }

  private static void recreatePg(String db) throws SQLException {
    try (Connection c = DriverManager.getConnection(PG_ADMIN, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + db + " ENCODING 'UTF8' TEMPLATE template0");
    }
  }

  private static void recreateMaria(String db) throws SQLException {
    try (Connection c = DriverManager.getConnection(MARIA_ADMIN, "root", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + db);
      s.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }
  }

  private static String pgUrl(String db) {
    return PG_ADMIN.substring(0, PG_ADMIN.lastIndexOf('/') + 1) + db;
  }

  private static HikariDataSource pool(String url, String user) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setUsername(user);
    cfg.setPassword("");
    cfg.setMaximumPoolSize(6);
    return new HikariDataSource(cfg);
  }

  private static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String env(String key, String fallback) {
    String v = System.getenv(key);
    return v == null || v.isBlank() ? fallback : v;
  }
}
