package dev.cutover.benchmarks.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's own databases on the local servers: created at start with their tables and rows,
 * dropped at the end, and the migration files that point the driver at them.
 */
final class BenchDatabases implements AutoCloseable {
  static final String PG_ADMIN = env("CUTOVER_BENCH_PG", "jdbc:postgresql://127.0.0.1:5432/");
  static final String MARIA_ADMIN = env("CUTOVER_BENCH_MARIADB", "jdbc:mariadb://127.0.0.1:3306/");

  /**
   * Where the new side's PostgreSQL databases go; by default the same server as the old ones. Point
   * it at a second server (another host, or a second cluster pinned to other cores) to measure the
   * driver with the new database on its own hardware, as in production.
   */
  static final String PG_NEW_ADMIN = env("CUTOVER_BENCH_PG_NEW", PG_ADMIN);

  static final String PG_USER = "postgres";
  static final String MARIA_USER = "root";

  /** Rows of the read table; the primary-key SELECT loop cycles through them. */
  static final int READ_ROWS = 10_000;

  /** Rows of each write table present on both sides before dual-write starts (UPDATE targets). */
  static final int WRITE_ROWS = 1_000;

  /** One database: where it is and which engine. */
  record Db(String url, String user, boolean mariadb) {
    Connection open() throws SQLException {
      return DriverManager.getConnection(url, user, "");
    }
  }

  final Db maria;
  final Db pgOld;

  /** The new side for old = MariaDB. */
  final Db pgNewForMaria;

  /** The new side for old = PostgreSQL. */
  final Db pgNewForPg;

  final Path dir;
  private final List<String[]> pgNames = new ArrayList<>();
  private final List<String> mariaNames = new ArrayList<>();

  BenchDatabases() throws SQLException, IOException {
    String tag = Long.toString(ProcessHandle.current().pid());
    dir = Files.createTempDirectory("cutover-bench");
    maria = create(null, "cutover_bench_" + tag);
    pgOld = create(PG_ADMIN, "cutover_bench_" + tag + "_old");
    pgNewForMaria = create(PG_NEW_ADMIN, "cutover_bench_" + tag + "_new1");
    pgNewForPg = create(PG_NEW_ADMIN, "cutover_bench_" + tag + "_new2");
    for (Db db : List.of(maria, pgOld, pgNewForMaria, pgNewForPg)) {
      try (Connection c = db.open()) {
        table(c, db, "bench_read", READ_ROWS);
        table(c, db, "bench_ins", 0);
        // bench_w is written through the driver, bench_w_direct by the direct baselines, so the
        // baselines never take ids the driver mirrors onto the new side.
        table(c, db, "bench_w", WRITE_ROWS);
        table(c, db, "bench_w_direct", WRITE_ROWS);
        // bench_w_hand is written by the hand-written dual-write baseline (old, then new with the
        // old side's id), so its ids never collide with the direct baselines' sequence.
        table(c, db, "bench_w_hand", WRITE_ROWS);
      }
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** A fresh database on the PostgreSQL server at {@code pgAdmin}, or on MariaDB when null. */
  private Db create(String pgAdmin, String name) throws SQLException {
    boolean postgres = pgAdmin != null;
    String admin = postgres ? pgAdmin : MARIA_ADMIN;
    String user = postgres ? PG_USER : MARIA_USER;
    try (Connection c =
            DriverManager.getConnection(admin + (postgres ? "postgres" : ""), user, "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
      s.execute("CREATE DATABASE " + name);
    }
    if (postgres) {
      pgNames.add(new String[] {admin, name});
    } else {
      mariaNames.add(name);
    }
    return new Db(admin + name, user, !postgres);
  }

  private static void table(Connection c, Db db, String name, int rows) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          db.mariadb()
              ? "CREATE TABLE "
                  + name
                  + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, k BIGINT NOT NULL,"
                  + " v VARCHAR(64) NOT NULL, n INT NOT NULL) ENGINE=InnoDB"
              : "CREATE TABLE "
                  + name
                  + " (id BIGSERIAL PRIMARY KEY, k BIGINT NOT NULL, v VARCHAR(64) NOT NULL,"
                  + " n INT NOT NULL)");
    }
    if (rows == 0) {
      return;
    }
    c.setAutoCommit(false);
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO " + name + " (id, k, v, n) VALUES (?, ?, ?, ?)")) {
      for (int id = 1; id <= rows; id++) {
        ps.setLong(1, id);
        ps.setLong(2, id * 31L);
        ps.setString(3, "seed-" + id);
        ps.setInt(4, 0);
        ps.addBatch();
        if (id % 1000 == 0) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
    }
    c.commit();
    c.setAutoCommit(true);
    if (!db.mariadb()) {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT setval(pg_get_serial_sequence('" + name + "', 'id'), " + rows + ")");
      }
    }
  }

  /** Writes a migration file for {@code old} → {@code neu} and returns its driver URL. */
  String migrationUrl(String name, Db old, Db neu, String phase, String dualWriteMode)
      throws IOException {
    return migrationUrl(name, old, neu, phase, dualWriteMode, "");
  }

  /** As above, with more YAML appended (another section's settings). */
  String migrationUrl(
      String name, Db old, Db neu, String phase, String dualWriteMode, String extraYaml)
      throws IOException {
    Path file = dir.resolve(name + ".yaml");
    String yaml =
        "migration: "
            + name
            + "\n"
            + "old: { url: \""
            + old.url()
            + "\", user: "
            + old.user()
            + ", password: \"\" }\n"
            + "new: { url: \""
            + neu.url()
            + "\", user: "
            + neu.user()
            + ", password: \"\" }\n"
            + "control: { url: \""
            + old.url()
            + "\", user: "
            + old.user()
            + ", password: \"\" }\n"
            + "phase: "
            + phase
            + "\n"
            + "journal: { spillDirectory: \""
            + dir
            + "\" }\n"
            + "dualWrite: { mode: "
            + dualWriteMode
            + " }\n";
    yaml += extraYaml;
    Files.writeString(file, yaml);
    return "jdbc:cutover:" + file.toAbsolutePath();
  }

  static long count(Db db, String table) throws SQLException {
    try (Connection c = db.open();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Drops every database this run created; PostgreSQL ones with FORCE (the driver's pools). */
  @Override
  public void close() throws SQLException {
    for (String[] db : pgNames) {
      try (Connection c = DriverManager.getConnection(db[0] + "postgres", PG_USER, "");
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + db[1] + " WITH (FORCE)");
      }
    }
    try (Connection c = DriverManager.getConnection(MARIA_ADMIN, MARIA_USER, "");
        Statement s = c.createStatement()) {
      for (String name : mariaNames) {
        s.execute("DROP DATABASE IF EXISTS " + name);
      }
    }
  }
}
