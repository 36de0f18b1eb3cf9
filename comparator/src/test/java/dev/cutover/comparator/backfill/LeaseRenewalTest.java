package dev.cutover.comparator.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.comparator.chunk.ControlStore;
import dev.cutover.comparator.chunk.Sources;
import dev.cutover.comparator.chunk.TableShape;
import dev.cutover.comparator.verify.VerifyResult;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A chunk whose copy outlasts its lease keeps its claim, and a worker that lost its claim anyway
 * neither commits nor checkpoints the chunk. A chunk is held up by a row lock on the target (the
 * test's open transaction), so the copy is provably still running while the leases would expire.
 */
class LeaseRenewalTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static final long LEASE_MILLIS = 1_000;

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"mariadb", "postgres"})
  void a_chunk_copied_for_longer_than_its_lease_is_not_taken_over(String from) throws Exception {
    BackfillTest.Pair p = setUp(from);
    ControlStore control = new ControlStore(Sources.of(p.old()));
    try (Connection blocker = holdTargetRow(p.neu())) {
      CompletableFuture<BackfillReport> run = runAsync(p, "renew");
      awaitBlockedOnLock(p.neu());
      // Three leases long: without renewal the claim would have run out twice over.
      Thread.sleep(3 * LEASE_MILLIS);
      assertFalse(run.isDone(), "the copy is still waiting for the target row");
      Optional<?> stolen = control.claim("renew", shape(p.old()), "thief", LEASE_MILLIS);
      assertEquals(Optional.empty(), stolen, "the running chunk was claimable by another worker");
      blocker.rollback();
      BackfillReport report = run.get(60, TimeUnit.SECONDS);
      assertTrue(report.complete());
      assertEquals(List.of(1), control.claimCounts("renew", "items"));
    }
    VerifyResult v = BackfillTest.verify(p, "items");
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"mariadb", "postgres"})
  void a_worker_that_lost_its_claim_rolls_back_and_leaves_the_checkpoint_alone(String from)
      throws Exception {
    BackfillTest.Pair p = setUp(from);
    BackfillReport report;
    try (Connection blocker = holdTargetRow(p.neu())) {
      CompletableFuture<BackfillReport> run = runAsync(p, "lost");
      awaitBlockedOnLock(p.neu());
      // Another worker takes the chunk over, as after a stall longer than the lease.
      p.old()
          .execute(
              "UPDATE cutover_backfill_chunk SET owner = 'thief', attempts = attempts + 1,"
                  + " lease_until = "
                  + (System.currentTimeMillis() + 3_600_000)
                  + " WHERE job = 'lost' AND table_name = 'items'");
      blocker.rollback();
      report = run.get(60, TimeUnit.SECONDS);
    }
    assertFalse(report.complete());
    assertEquals(0, report.chunksCopied());
    assertEquals(
        1, p.neu().queryLong("SELECT COUNT(*) FROM items"), "the loser's copy was rolled back");
    assertEquals(
        List.of(List.of("CLAIMED", "thief")),
        p.old()
            .query(
                "SELECT state, owner FROM cutover_backfill_chunk WHERE job = 'lost'"
                    + " AND table_name = 'items'"),
        "the thief's claim is untouched");
    assertEquals(
        0,
        p.old()
            .queryLong(
                "SELECT COUNT(*) FROM cutover_backfill_chunk WHERE job = 'lost'"
                    + " AND rows_copied IS NOT NULL"));

    // The thief dies too; the next run takes the chunk over and finishes the table.
    p.old().execute("UPDATE cutover_backfill_chunk SET lease_until = 0 WHERE job = 'lost'");
    assertTrue(
        BackfillTest.backfill(p, BackfillOptions.builder().job("lost").build())
            .run("items")
            .complete());
    VerifyResult v = BackfillTest.verify(p, "items");
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
  }

  private static BackfillTest.Pair setUp(String from) {
    BackfillTest.Pair p = BackfillTest.pair(DBS, from);
    Tables.createItems(p.old());
    Tables.createItems(p.neu());
    Tables.fillItems(p.old(), 300);
    p.neu().execute("INSERT INTO items (id, name) VALUES (1, 'already there')");
    return p;
  }

  private static CompletableFuture<BackfillReport> runAsync(BackfillTest.Pair p, String job) {
    BackfillOptions options =
        BackfillOptions.builder().job(job).chunkRows(10_000).leaseMillis(LEASE_MILLIS).build();
    Backfill backfill = BackfillTest.backfill(p, options);
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return backfill.run("items");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** Opens a transaction that has updated the target's row 1, which the chunk must overwrite. */
  private static Connection holdTargetRow(TestDatabase neu) throws Exception {
    Connection c = neu.connect();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE items SET name = 'held' WHERE id = 1");
    }
    return c;
  }

  private static void awaitBlockedOnLock(TestDatabase neu) throws InterruptedException {
    String sql =
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
            + " AND wait_event_type = 'Lock'";
    for (int i = 0; i < 600; i++) {
      if (neu.queryLong(sql) > 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the backfill never reached the locked target row");
  }

  private static TableShape shape(TestDatabase db) throws Exception {
    try (Connection c = db.connect()) {
      return TableShape.read(c, "items");
    }
  }
}
