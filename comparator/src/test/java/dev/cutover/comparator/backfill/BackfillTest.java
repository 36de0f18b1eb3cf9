package dev.cutover.comparator.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.comparator.backfill.BackfillOptions.CopyMode;
import dev.cutover.comparator.chunk.ControlStore;
import dev.cutover.comparator.chunk.Sources;
import dev.cutover.comparator.verify.Verifier;
import dev.cutover.comparator.verify.VerifyOptions;
import dev.cutover.comparator.verify.VerifyResult;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackfillTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  /** An old and a new database, fresh for one test. */
  record Pair(TestDatabase old, TestDatabase neu) {}

  static Pair pair(String from) {
    return pair(DBS, from);
  }

  /** A fresh MariaDB or PostgreSQL old database and a fresh PostgreSQL new one from {@code dbs}. */
  static Pair pair(FreshDatabases dbs, String from) {
    TestDatabase old = dbs.create(from.equals("mariadb") ? Engine.MARIADB : Engine.POSTGRES);
    return new Pair(old, dbs.create(Engine.POSTGRES));
  }

  static VerifyResult verify(Pair p, String table) {
    return new Verifier(Sources.of(p.old()), Sources.of(p.neu()), VerifyOptions.defaults())
        .verify(table);
  }

  static Backfill backfill(Pair p, BackfillOptions options) {
    return new Backfill(
        Sources.of(p.old()), Sources.of(p.neu()), new ControlStore(Sources.of(p.old())), options);
  }

  @ParameterizedTest(name = "{0} to PostgreSQL")
  @CsvSource({"mariadb", "postgres"})
  void copy_mode_updates_rows_the_target_already_holds_and_fills_the_rest(String from)
      throws Exception {
    // Chunks whose keys the target lacks are copied straight into the table; a chunk holding
    // rows the target already has (stale here) makes that COPY fail on the primary key and must
    // fall back to staging + merge, which updates them.
    Pair p = pair(from);
    Tables.createItems(p.old());
    Tables.createItems(p.neu());
    Tables.fillItems(p.old(), 2_345);
    Tables.fillItems(p.neu(), 1_200);
    p.neu()
        .execute(
            "DELETE FROM items WHERE id <= 500 OR id > 1100",
            "UPDATE items SET name = 'stale', qty = -1 WHERE id > 500");
    BackfillReport report =
        backfill(
                p,
                BackfillOptions.builder().chunkRows(500).batchRows(500).copy(CopyMode.COPY).build())
            .run("items");
    assertTrue(report.complete());
    VerifyResult v = verify(p, "items");
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
    assertEquals(2_345, v.rowsNew());
    assertEquals(0, p.neu().queryLong("SELECT COUNT(*) FROM items WHERE name = 'stale'"));
  }

  @ParameterizedTest(name = "{0} to PostgreSQL with {1}")
  @CsvSource({"mariadb, COPY", "mariadb, UPSERT", "postgres, COPY", "postgres, UPSERT"})
  void every_common_type_is_copied_and_verifies_equal(String from, CopyMode mode) throws Exception {
    Pair p = pair(from);
    Tables.createItems(p.old());
    Tables.createItems(p.neu());
    Tables.fillItems(p.old(), 2_345);
    List<BackfillProgress> progress = Collections.synchronizedList(new ArrayList<>());
    BackfillReport report =
        backfill(
                p,
                BackfillOptions.builder()
                    .chunkRows(500)
                    .batchRows(200)
                    .copy(mode)
                    .listener(progress::add)
                    .build())
            .run("items");
    assertTrue(report.complete());
    assertEquals(2_345, report.rowsCopied());
    assertEquals(report.chunks(), progress.size());
    assertEquals(2_345, progress.stream().mapToLong(BackfillProgress::rowsDone).max().orElse(0));
    VerifyResult v = verify(p, "items");
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
    assertEquals(2_345, v.rowsNew());
    p.neu().execute("INSERT INTO items (name) VALUES ('after cutover')");
    assertEquals(2_346, p.neu().queryLong("SELECT id FROM items WHERE name = 'after cutover'"));
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"mariadb", "postgres"})
  void composite_and_string_keys_are_copied_and_verify_equal(String from) throws Exception {
    Pair p = pair(from);
    for (TestDatabase db : List.of(p.old(), p.neu())) {
      db.execute(
          "CREATE TABLE order_lines (tenant INT NOT NULL, code VARCHAR(40) NOT NULL, amount"
              + " DECIMAL(10,2), PRIMARY KEY (tenant, code))",
          "CREATE TABLE tags (tag VARCHAR(40) NOT NULL PRIMARY KEY, label TEXT)");
    }
    List<String> lines = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      lines.add("(" + (i % 13) + ", 'c-" + i + "-é', " + (i * 1.5) + ")");
      tags.add("('" + (i % 3 == 0 ? "Tag" : i % 3 == 1 ? "tag_" : "ü") + i + "', 'l" + i + "')");
    }
    p.old().execute("INSERT INTO order_lines VALUES " + String.join(", ", lines));
    p.old().execute("INSERT INTO tags VALUES " + String.join(", ", tags));
    Backfill b = backfill(p, BackfillOptions.builder().chunkRows(97).build());
    List<BackfillReport> reports = b.run(List.of("order_lines", "tags"));
    assertEquals(1_000, reports.get(0).rowsCopied());
    assertEquals(1_000, reports.get(1).rowsCopied());
    assertEquals(VerifyResult.Status.EQUAL, verify(p, "order_lines").status());
    assertEquals(VerifyResult.Status.EQUAL, verify(p, "tags").status());
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"mariadb", "postgres"})
  void a_stopped_backfill_resumes_from_its_checkpoint_without_redoing_a_chunk(String from)
      throws Exception {
    Pair p = pair(from);
    Tables.createItems(p.old());
    Tables.createItems(p.neu());
    Tables.fillItems(p.old(), 3_000);
    AtomicInteger chunks = new AtomicInteger();
    Backfill[] first = new Backfill[1];
    BackfillOptions stopAfterFour =
        BackfillOptions.builder()
            .job("resume")
            .chunkRows(300)
            .listener(
                pr -> {
                  if (chunks.incrementAndGet() == 4) {
                    first[0].stop();
                  }
                })
            .build();
    first[0] = backfill(p, stopAfterFour);
    BackfillReport partial = first[0].run("items");
    assertFalse(partial.complete());
    assertEquals(4, partial.chunksCopied());
    BackfillReport rest =
        backfill(p, BackfillOptions.builder().job("resume").chunkRows(300).build()).run("items");
    assertTrue(rest.complete());
    assertEquals(partial.chunks() - 4, rest.chunksCopied());
    assertEquals(3_000, partial.rowsCopied() + rest.rowsCopied());
    List<Integer> claims = new ControlStore(Sources.of(p.old())).claimCounts("resume", "items");
    assertEquals(Collections.nCopies(claims.size(), 1), claims, "no chunk was copied twice");
    assertEquals(VerifyResult.Status.EQUAL, verify(p, "items").status());
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"mariadb", "postgres"})
  void two_workers_share_the_chunks_of_one_table(String from) throws Exception {
    Pair p = pair(from);
    Tables.createItems(p.old());
    Tables.createItems(p.neu());
    Tables.fillItems(p.old(), 2_000);
    CountDownLatch bothStarted = new CountDownLatch(2);
    List<Set<Integer>> taken = List.of(ConcurrentSet.create(), ConcurrentSet.create());
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    for (int w = 0; w < 2; w++) {
      Set<Integer> mine = taken.get(w);
      BackfillOptions o =
          BackfillOptions.builder()
              .job("shared")
              .chunkRows(50)
              .listener(
                  pr -> {
                    boolean firstChunk = mine.isEmpty();
                    mine.add(pr.chunk());
                    if (firstChunk) {
                      // Each worker holds after its first chunk until the other has one too, so
                      // both provably take part.
                      bothStarted.countDown();
                      awaitQuietly(bothStarted);
                    }
                  })
              .build();
      Backfill b = backfill(p, o);
      Thread t =
          new Thread(
              () -> {
                try {
                  b.run("items");
                } catch (Exception e) {
                  failures.add(e);
                }
              });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(List.of(), failures);
    assertFalse(taken.get(0).isEmpty());
    assertFalse(taken.get(1).isEmpty());
    Set<Integer> overlap = new HashSet<>(taken.get(0));
    overlap.retainAll(taken.get(1));
    assertEquals(Set.of(), overlap);
    int total = new ControlStore(Sources.of(p.old())).progress("shared", "items").chunks();
    assertEquals(total, taken.get(0).size() + taken.get(1).size());
    assertEquals(VerifyResult.Status.EQUAL, verify(p, "items").status());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      // Bounded: if the other worker never copies a chunk the test must fail on its assertions, not
      // hang the build.
      latch.await(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A concurrent set. */
  static final class ConcurrentSet {
    private ConcurrentSet() {}

    static Set<Integer> create() {
      return java.util.concurrent.ConcurrentHashMap.newKeySet();
    }
  }
}
