package dev.cutover.comparator.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.comparator.chunk.ControlStore;
import dev.cutover.comparator.chunk.Sources;
import dev.cutover.comparator.verify.VerifyResult;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tables split by a date or timestamp column instead of their primary key. */
class DateChunkBackfillTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static final int ROWS = 2_000;

  @ParameterizedTest(name = "from {0} by {1}")
  @CsvSource({
    "mariadb, created_at",
    "mariadb, day",
    "postgres, created_at",
    "postgres, day",
  })
  void every_row_is_copied_once_including_those_without_a_date(String from, String column)
      throws Exception {
    BackfillTest.Pair p = setUp(from);
    List<BackfillProgress> progress = Collections.synchronizedList(new ArrayList<>());
    BackfillReport report =
        BackfillTest.backfill(
                p,
                BackfillOptions.builder()
                    .chunkRows(200)
                    .workers(2)
                    .chunkBy(Map.of("EVENTS", column))
                    .listener(progress::add)
                    .build())
            .run("events");
    assertTrue(report.complete());
    assertTrue(report.chunks() > 5, "split into ranges: " + report.chunks());
    assertEquals(ROWS, report.rowsCopied(), "no row in two chunks, none in none");
    long undated = p.old().queryLong("SELECT COUNT(*) FROM events WHERE " + column + " IS NULL");
    assertTrue(undated > 0);
    assertEquals(
        undated, p.neu().queryLong("SELECT COUNT(*) FROM events WHERE " + column + " IS NULL"));
    assertEquals(
        List.of(undated),
        progress.stream()
            .filter(pr -> pr.chunk() == report.chunks() - 1)
            .map(BackfillProgress::chunkRows)
            .toList(),
        "the last chunk holds the rows without a date");
    VerifyResult v = BackfillTest.verify(p, "events");
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"mariadb", "postgres"})
  void a_stopped_backfill_by_date_resumes_from_its_checkpoint(String from) throws Exception {
    BackfillTest.Pair p = setUp(from);
    AtomicInteger chunks = new AtomicInteger();
    Backfill[] first = new Backfill[1];
    first[0] =
        BackfillTest.backfill(
            p,
            options("resume")
                .listener(
                    pr -> {
                      if (chunks.incrementAndGet() == 3) {
                        first[0].stop();
                      }
                    })
                .build());
    BackfillReport partial = first[0].run("events");
    assertFalse(partial.complete());
    assertEquals(3, partial.chunksCopied());
    BackfillReport rest = BackfillTest.backfill(p, options("resume").build()).run("events");
    assertTrue(rest.complete());
    assertEquals(partial.chunks() - 3, rest.chunksCopied());
    List<Integer> claims = new ControlStore(Sources.of(p.old())).claimCounts("resume", "events");
    assertEquals(Collections.nCopies(claims.size(), 1), claims, "no chunk was copied twice");
    assertEquals(ROWS, partial.rowsCopied() + rest.rowsCopied());
    VerifyResult v = BackfillTest.verify(p, "events");
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"mariadb", "postgres"})
  void a_bad_chunk_column_is_refused_naming_the_table_and_the_column(String from) {
    BackfillTest.Pair p = setUp(from);
    SQLException missing =
        assertThrows(SQLException.class, () -> run(p, "nope", Map.of("events", "made_at")));
    assertEquals(
        "tables.events.chunkBy: made_at is not a column of events (expected: a date or timestamp"
            + " column of events)",
        missing.getMessage());
    SQLException text =
        assertThrows(SQLException.class, () -> run(p, "nope", Map.of("events", "kind")));
    assertTrue(
        text.getMessage().startsWith("tables.events.chunkBy: kind is of type "), text.getMessage());
    assertTrue(text.getMessage().endsWith("(expected: a date or timestamp column)"));
    assertEquals(0, p.neu().queryLong("SELECT COUNT(*) FROM events"));
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"mariadb", "postgres"})
  void a_plan_by_key_is_not_resumed_by_date_or_the_other_way_round(String from) throws Exception {
    BackfillTest.Pair p = setUp(from);
    AtomicInteger chunks = new AtomicInteger();
    Backfill[] byKey = new Backfill[1];
    byKey[0] =
        BackfillTest.backfill(
            p,
            BackfillOptions.builder()
                .job("switch")
                .chunkRows(200)
                .listener(pr -> byKey[0].stop())
                .build());
    assertFalse(byKey[0].run("events").complete());
    SQLException e =
        assertThrows(SQLException.class, () -> run(p, "switch", Map.of("events", "created_at")));
    assertTrue(e.getMessage().contains("planned by primary key"), e.getMessage());
    assertTrue(e.getMessage().startsWith("tables.events.chunkBy: created_at"), e.getMessage());

    Backfill[] byDate = new Backfill[1];
    byDate[0] = BackfillTest.backfill(p, options("dated").listener(pr -> byDate[0].stop()).build());
    assertFalse(byDate[0].run("events").complete());
    SQLException back = assertThrows(SQLException.class, () -> run(p, "dated", Map.of()));
    assertTrue(back.getMessage().contains("planned by column created_at"), back.getMessage());
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"mariadb", "postgres"})
  void an_empty_table_or_one_without_any_date_is_still_covered(String from) throws Exception {
    BackfillTest.Pair p = setUp(from);
    p.old().execute("UPDATE events SET created_at = NULL");
    BackfillReport report = run(p, "undated", Map.of("events", "created_at"));
    assertTrue(report.complete());
    assertEquals(ROWS, report.rowsCopied());
    p.old().execute("DELETE FROM events");
    p.neu().execute("DELETE FROM events");
    assertTrue(run(p, "empty", Map.of("events", "created_at")).complete());
    p.old()
        .execute(
            "INSERT INTO events (id, created_at, kind) VALUES (1, '2031-05-05', 'late'),"
                + " (2, NULL, 'undated')");
    // One date only: its range is still bounded, so the undated row is copied once, by the
    // NULL chunk.
    BackfillReport one = run(p, "one-date", Map.of("events", "created_at"));
    assertEquals(2, one.rowsCopied());
    VerifyResult v = BackfillTest.verify(p, "events");
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
  }

  @org.junit.jupiter.api.Test
  void a_postgres_table_splits_by_a_timestamp_with_time_zone() throws Exception {
    BackfillTest.Pair p = BackfillTest.pair(DBS, "postgres");
    for (TestDatabase db : List.of(p.old(), p.neu())) {
      db.execute("CREATE TABLE logins (id INT PRIMARY KEY, at TIMESTAMPTZ, who TEXT)");
    }
    p.old()
        .execute(
            "INSERT INTO logins SELECT i, CASE WHEN i % 10 = 0 THEN NULL ELSE TIMESTAMPTZ"
                + " '2024-06-01 00:00:00+02' + (i * 7 % 500) * INTERVAL '37 minutes' END,"
                + " 'u' || i FROM generate_series(1, 500) i");
    BackfillReport report =
        BackfillTest.backfill(
                p,
                BackfillOptions.builder()
                    .job("tz")
                    .chunkRows(50)
                    .chunkBy(Map.of("logins", "at"))
                    .build())
            .run("logins");
    assertTrue(report.complete());
    assertTrue(report.chunks() > 2, "split into ranges: " + report.chunks());
    assertEquals(500, report.rowsCopied());
    VerifyResult v = BackfillTest.verify(p, "logins");
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
  }

  private static BackfillOptions.Builder options(String job) {
    return BackfillOptions.builder()
        .job(job)
        .chunkRows(200)
        .workers(1)
        .chunkBy(Map.of("events", "created_at"));
  }

  private static BackfillReport run(BackfillTest.Pair p, String job, Map<String, String> chunkBy)
      throws SQLException {
    return BackfillTest.backfill(
            p, BackfillOptions.builder().job(job).chunkRows(200).chunkBy(chunkBy).build())
        .run("events");
  }

  /**
   * {@code events}: ids in one order, timestamps and dates in another (so ranges by date are not
   * ranges by id), every 17th row without either.
   */
  private static BackfillTest.Pair setUp(String from) {
    BackfillTest.Pair p = BackfillTest.pair(DBS, from);
    for (TestDatabase db : List.of(p.old(), p.neu())) {
      boolean pg = db.engine() == Engine.POSTGRES;
      db.execute(
          "CREATE TABLE events (id BIGINT PRIMARY KEY, created_at "
              + (pg ? "TIMESTAMP(6)" : "DATETIME(6)")
              + ", day DATE, kind VARCHAR(20), payload TEXT)",
          "CREATE INDEX events_created_at ON events (created_at)");
    }
    List<String> rows = new ArrayList<>();
    for (int i = 1; i <= ROWS; i++) {
      int t = (i * 7919) % ROWS;
      boolean undated = i % 17 == 0;
      String at =
          String.format(
              "'2023-%02d-%02d %02d:%02d:%02d.%06d'",
              1 + t % 12, 1 + t % 28, t % 24, t % 60, i % 60, i * 37 % 1_000_000);
      String day = String.format("'20%02d-%02d-%02d'", 10 + t % 15, 1 + t % 12, 1 + t % 28);
      rows.add(
          "("
              + i
              + ", "
              + (undated ? "NULL" : at)
              + ", "
              + (undated ? "NULL" : day)
              + ", 'k"
              + i % 5
              + "', 'payload ü "
              + i
              + "')");
      if (rows.size() == 500) {
        p.old().execute("INSERT INTO events VALUES " + String.join(", ", rows));
        rows.clear();
      }
    }
    return p;
  }
}
