package dev.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** backfill, verify and repair through the cutover command, MariaDB (old) to PostgreSQL (new). */
class BulkCommandsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  static TestDatabase oldDb() {
    return DBS.mariadb();
  }

  static TestDatabase newDb() {
    return DBS.postgres();
  }

  @BeforeEach
  void tables() {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      // Tables other tests create; the commands default to every table.
      db.execute(
          "DROP TABLE IF EXISTS audit",
          "DROP TABLE IF EXISTS events",
          "DROP TABLE IF EXISTS stamps");
    }
    oldDb()
        .execute(
            "DROP TABLE IF EXISTS orders",
            "CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer VARCHAR(50),"
                + " total DECIMAL(10,2), paid TINYINT(1), note TEXT)");
    newDb()
        .execute(
            "DROP TABLE IF EXISTS orders",
            "CREATE TABLE orders (id BIGSERIAL PRIMARY KEY, customer VARCHAR(50),"
                + " total NUMERIC(10,2), paid BOOLEAN, note TEXT)");
    StringBuilder values = new StringBuilder();
    for (int i = 1; i <= 3000; i++) {
      values
          .append(i > 1 ? "," : "")
          .append("('c")
          .append(i % 97)
          .append("', ")
          .append(i)
          .append(".5, ")
          .append(i % 2)
          .append(", ")
          .append(i % 5 == 0 ? "NULL" : "'note ü " + i + "'")
          .append(")");
    }
    oldDb().execute("INSERT INTO orders (customer, total, paid, note) VALUES " + values);
  }

  @Test
  void backfill_then_verify_then_repair_seeded_drift(@TempDir Path dir) throws Exception {
    String f = CliFixture.config(dir, oldDb(), newDb(), "DUAL_OLD_PRIMARY", "").toString();

    CliFixture.Run backfill = CliFixture.cutover("backfill", "--config", f, "--chunk-rows", "500");
    assertEquals(0, backfill.exit(), backfill.out() + backfill.err());
    assertTrue(backfill.out().contains("complete"), backfill.out());
    assertTrue(backfill.out().contains("ETA"), "progress lines: " + backfill.out());

    CliFixture.Run equal = CliFixture.cutover("verify", "--config", f);
    assertEquals(0, equal.exit(), equal.out() + equal.err());
    assertTrue(equal.out().contains("EQUAL"), equal.out());

    newDb()
        .execute("DELETE FROM orders WHERE id = 1", "UPDATE orders SET total = 0 WHERE id = 3000");
    newDb().execute("INSERT INTO orders (id, customer) VALUES (9999, 'ghost')");
    CliFixture.Run different = CliFixture.cutover("verify", "--config", f, "--json");
    assertEquals(1, different.exit(), different.out() + different.err());
    JsonNode t = new ObjectMapper().readTree(different.out()).get("tables").get(0);
    assertEquals("DIFFERENT", t.get("status").asText());
    assertEquals(1, t.get("missingOnNew").get(0).asLong());
    assertEquals(9999, t.get("extraOnNew").get(0).asLong());
    assertEquals(3000, t.get("differing").get(0).get("key").asLong());

    CliFixture.Run dry = CliFixture.cutover("repair", "--config", f, "--dry-run");
    assertEquals(0, dry.exit(), dry.out() + dry.err());
    assertEquals(
        0,
        newDb().queryLong("SELECT COUNT(*) FROM orders WHERE id = 1"),
        "dry run changes nothing");

    CliFixture.Run repair = CliFixture.cutover("repair", "--config", f);
    assertEquals(0, repair.exit(), repair.out() + repair.err());
    assertEquals(0, CliFixture.cutover("verify", "--config", f).exit());
  }

  @Test
  void repair_from_the_journal_copies_the_journaled_rows_and_resolves_them(@TempDir Path dir)
      throws Exception {
    String f = CliFixture.config(dir, oldDb(), newDb(), "DUAL_OLD_PRIMARY", "").toString();
    assertEquals(0, CliFixture.cutover("backfill", "--config", f).exit());
    newDb().execute("ALTER TABLE orders ADD CONSTRAINT no_big CHECK (total < 100000)");
    try (Connection c = DriverManager.getConnection("jdbc:cutover:" + f);
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO orders (customer, total, paid) VALUES (?, ?, ?)")) {
      ps.setString(1, "big spender");
      ps.setBigDecimal(2, new BigDecimal("250000.00"));
      ps.setBoolean(3, true);
      ps.executeUpdate();
    }
    newDb().execute("ALTER TABLE orders DROP CONSTRAINT no_big");
    assertEquals(1, CliFixture.cutover("verify", "--config", f).exit());

    CliFixture.Run repair = CliFixture.cutover("repair", "--config", f, "--from-journal");
    assertEquals(0, repair.exit(), repair.out() + repair.err());
    assertEquals(0, CliFixture.cutover("verify", "--config", f).exit());
    CliFixture.Run report = CliFixture.cutover("report", "--config", f, "--json");
    JsonNode d = new ObjectMapper().readTree(report.out()).get("divergences").get(0);
    assertEquals("SECONDARY_ERROR", d.get("kind").asText());
    assertTrue(d.get("resolved").asBoolean(), report.out());
  }

  @Test
  void backfill_while_the_application_writes_through_the_driver_ends_equal_without_repair(
      @TempDir Path dir) throws Exception {
    // Held autocommit writes, as docs/bulk.md says to run a backfill: with direct ones a chunk can
    // copy a row between the primary's commit and the secondary's write, and the relative UPDATE
    // below is then applied twice on the new side (seen once in CI).
    String f =
        CliFixture.config(
                dir,
                oldDb(),
                newDb(),
                "DUAL_OLD_PRIMARY",
                "dualWrite: { autocommitWrites: held }\n")
            .toString();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      Thread t =
          new Thread(
              () -> {
                try (Connection c = DriverManager.getConnection("jdbc:cutover:" + f);
                    PreparedStatement up =
                        c.prepareStatement("UPDATE orders SET total = total + 1 WHERE id = ?");
                    PreparedStatement del = c.prepareStatement("DELETE FROM orders WHERE id = ?");
                    PreparedStatement ins =
                        c.prepareStatement("INSERT INTO orders (customer, total) VALUES (?, ?)")) {
                  ThreadLocalRandom r = ThreadLocalRandom.current();
                  while (!stop.get()) {
                    int op = r.nextInt(10);
                    if (op < 7) {
                      up.setLong(1, 1 + r.nextInt(3000));
                      up.executeUpdate();
                    } else if (op < 8) {
                      del.setLong(1, 1 + r.nextInt(3000));
                      del.executeUpdate();
                    } else {
                      ins.setString(1, "live");
                      ins.setBigDecimal(2, BigDecimal.ONE);
                      ins.executeUpdate();
                    }
                  }
                } catch (Throwable e) {
                  failure.set(e);
                }
              });
      t.start();
      writers.add(t);
    }
    CliFixture.Run backfill =
        CliFixture.cutover("backfill", "--config", f, "--chunk-rows", "200", "--workers", "2");
    Thread.sleep(300);
    stop.set(true);
    for (Thread t : writers) {
      t.join(30_000);
    }
    assertEquals(null, failure.get(), "the application saw no error");
    assertEquals(0, backfill.exit(), backfill.out() + backfill.err());
    CliFixture.Run verify = CliFixture.cutover("verify", "--config", f);
    assertEquals(0, verify.exit(), verify.out());
  }

  @Test
  void backfill_splits_by_the_configured_date_column_and_throttles_on_a_slow_source(
      @TempDir Path dir) throws Exception {
    oldDb()
        .execute(
            "DROP TABLE IF EXISTS events",
            "CREATE TABLE events (id BIGINT PRIMARY KEY, created_at DATETIME(6), kind VARCHAR(9))");
    newDb()
        .execute(
            "DROP TABLE IF EXISTS events",
            "CREATE TABLE events (id BIGINT PRIMARY KEY, created_at TIMESTAMP(6), kind"
                + " VARCHAR(9))");
    StringBuilder values = new StringBuilder();
    for (int i = 1; i <= 1000; i++) {
      values
          .append(i > 1 ? "," : "")
          .append("(")
          .append(i)
          .append(", ")
          .append(i % 9 == 0 ? "NULL" : "'2024-01-01' + INTERVAL " + (i * 37 % 1000) + " HOUR")
          .append(", 'k")
          .append(i % 4)
          .append("')");
    }
    oldDb().execute("INSERT INTO events VALUES " + values);
    String f =
        CliFixture.config(
                dir,
                oldDb(),
                newDb(),
                "DUAL_OLD_PRIMARY",
                "tables: { events: { chunkBy: created_at } }\n")
            .toString();

    // The probe always takes 10 ms against a 1 ms bound: every probe finds the source slow.
    CliFixture.Run backfill =
        CliFixture.cutover(
            "backfill",
            "--config",
            f,
            "--table",
            "events",
            "--chunk-rows",
            "100",
            "--max-source-latency",
            "1ms",
            "--latency-probe",
            "SELECT SLEEP(0.01)");
    assertEquals(0, backfill.exit(), backfill.out() + backfill.err());
    assertTrue(
        backfill.out().contains("events: source latency ")
            && backfill.out().contains(" > 1 ms: throttling to 1/2 speed"),
        backfill.out());
    assertEquals(
        List.of(List.of("created_at")),
        oldDb().query("SELECT chunk_by FROM cutover_backfill_table WHERE table_name = 'events'"));
    assertEquals(111, newDb().queryLong("SELECT COUNT(*) FROM events WHERE created_at IS NULL"));
    CliFixture.Run verify = CliFixture.cutover("verify", "--config", f, "--table", "events");
    assertEquals(0, verify.exit(), verify.out());
  }

  @Test
  void a_table_without_a_key_is_reported_while_the_others_are_copied(@TempDir Path dir)
      throws Exception {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute("DROP TABLE IF EXISTS audit", "CREATE TABLE audit (who VARCHAR(9), n INT)");
    }
    oldDb().execute("INSERT INTO audit VALUES ('a', 1), ('a', 1), ('b', NULL)");
    String f = CliFixture.config(dir, oldDb(), newDb(), "DUAL_OLD_PRIMARY", "").toString();

    CliFixture.Run refused =
        CliFixture.cutover("backfill", "--config", f, "--table", "audit", "--table", "orders");
    assertEquals(2, refused.exit(), refused.out() + refused.err());
    assertTrue(refused.out().contains("FAILED: Table audit has no primary key"), refused.out());
    assertTrue(refused.out().contains("--copy-tables-without-key"), refused.out());
    assertEquals(3000, newDb().queryLong("SELECT COUNT(*) FROM orders"), "orders still copied");

    CliFixture.Run copied =
        CliFixture.cutover(
            "backfill", "--config", f, "--table", "audit", "--copy-tables-without-key");
    assertEquals(0, copied.exit(), copied.out() + copied.err());
    assertEquals(0, CliFixture.cutover("verify", "--config", f, "--table", "audit").exit());
  }

  @Test
  void the_configured_time_zone_places_datetimes_for_backfill_verify_and_repair(@TempDir Path dir)
      throws Exception {
    oldDb()
        .execute(
            "DROP TABLE IF EXISTS stamps",
            "CREATE TABLE stamps (id INT PRIMARY KEY, at DATETIME(6))",
            "INSERT INTO stamps VALUES (1, '2024-07-01 10:00:00'), (2, '2024-01-15 10:00:00')");
    newDb()
        .execute(
            "DROP TABLE IF EXISTS stamps",
            "CREATE TABLE stamps (id int PRIMARY KEY, at timestamptz)");
    String berlin =
        CliFixture.config(dir, oldDb(), newDb(), "DUAL_OLD_PRIMARY", "timeZone: Europe/Berlin\n")
            .toString();
    CliFixture.Run backfill =
        CliFixture.cutover("backfill", "--config", berlin, "--table", "stamps");
    assertEquals(0, backfill.exit(), backfill.out() + backfill.err());
    assertEquals(
        List.of(List.of("2024-07-01 08:00:00"), List.of("2024-01-15 09:00:00")),
        newDb().query("SELECT (at AT TIME ZONE 'UTC')::text FROM stamps ORDER BY id"));
    CliFixture.Run equal = CliFixture.cutover("verify", "--config", berlin, "--table", "stamps");
    assertEquals(0, equal.exit(), equal.out() + equal.err());

    Path utcDir = java.nio.file.Files.createDirectory(dir.resolve("utc"));
    String utc =
        CliFixture.config(utcDir, oldDb(), newDb(), "DUAL_OLD_PRIMARY", "timeZone: UTC\n")
            .toString();
    CliFixture.Run shifted = CliFixture.cutover("verify", "--config", utc, "--table", "stamps");
    assertEquals(1, shifted.exit(), shifted.out() + shifted.err());

    newDb().execute("UPDATE stamps SET at = at + interval '1 hour' WHERE id = 2");
    assertEquals(1, CliFixture.cutover("verify", "--config", berlin, "--table", "stamps").exit());
    CliFixture.Run repair = CliFixture.cutover("repair", "--config", berlin, "--table", "stamps");
    assertEquals(0, repair.exit(), repair.out() + repair.err());
    assertEquals(
        List.of(List.of("2024-07-01 08:00:00"), List.of("2024-01-15 09:00:00")),
        newDb().query("SELECT (at AT TIME ZONE 'UTC')::text FROM stamps ORDER BY id"));
  }

  @Test
  void a_time_zone_that_is_no_zone_is_refused_naming_the_key(@TempDir Path dir) throws Exception {
    String f =
        CliFixture.config(dir, oldDb(), newDb(), "DUAL_OLD_PRIMARY", "timeZone: Mars/Olympus\n")
            .toString();
    CliFixture.Run r = CliFixture.cutover("verify", "--config", f);
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains("timeZone") && r.err().contains("Mars/Olympus"), r.err());
  }

  @Test
  void a_bad_latency_bound_is_refused_naming_the_option() {
    CliFixture.Run run =
        CliFixture.cutover("backfill", "--config", "x.yaml", "--max-source-latency", "fast");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("--max-source-latency"), run.err());
    assertTrue(run.err().contains("'fast' (expected: a duration such as 50ms"), run.err());
  }
}
