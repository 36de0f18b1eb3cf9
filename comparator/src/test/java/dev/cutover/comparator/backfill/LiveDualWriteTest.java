package dev.cutover.comparator.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.comparator.verify.VerifyResult;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A backfill racing an application that dual-writes old then new must leave no stale row. */
class LiveDualWriteTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  @ParameterizedTest(name = "from {0}, chunks by {1}")
  @CsvSource({"mariadb, id", "postgres, id", "mariadb, born", "postgres, born"})
  void backfill_under_live_dual_writes_verifies_equal_without_repair(String from, String chunkBy)
      throws Exception {
    BackfillTest.Pair p =
        new BackfillTest.Pair(
            DBS.create(from.equals("mariadb") ? Engine.MARIADB : Engine.POSTGRES),
            DBS.create(Engine.POSTGRES));
    Tables.createItems(p.old());
    Tables.createItems(p.neu());
    int rows = 4_000;
    Tables.fillItems(p.old(), rows);
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger writes = new AtomicInteger();
    AtomicInteger duringBackfill = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              try (Connection old = p.old().connect();
                  Connection neu = p.neu().connect()) {
                SplittableRandom random = new SplittableRandom(42);
                int nextId = rows + 1;
                while (!done.get() || writes.get() < 300) {
                  int op = random.nextInt(10);
                  if (op < 7) {
                    int id = 1 + random.nextInt(rows);
                    String name = "live " + writes.get();
                    int qty = random.nextInt(1_000_000);
                    for (Connection c : new Connection[] {old, neu}) {
                      update(c, id, name, qty);
                    }
                  } else if (op < 9) {
                    int id = nextId++;
                    for (Connection c : new Connection[] {old, neu}) {
                      insert(c, id);
                    }
                  } else {
                    int id = 1 + random.nextInt(rows);
                    for (Connection c : new Connection[] {old, neu}) {
                      try (PreparedStatement ps =
                          c.prepareStatement("DELETE FROM items WHERE id = ?")) {
                        ps.setInt(1, id);
                        ps.executeUpdate();
                      }
                    }
                  }
                  writes.incrementAndGet();
                  if (!done.get()) {
                    duringBackfill.incrementAndGet();
                  }
                }
              } catch (SQLException | RuntimeException e) {
                failure.set(e);
              }
            });
    writer.start();
    BackfillReport report;
    try {
      report =
          BackfillTest.backfill(
                  p,
                  BackfillOptions.builder()
                      .chunkRows(100)
                      .batchRows(50)
                      .chunkBy(chunkBy.equals("id") ? Map.of() : Map.of("items", chunkBy))
                      .build())
              .run("items");
    } finally {
      done.set(true);
      writer.join();
    }
    assertEquals(null, failure.get());
    assertTrue(report.complete());
    assertTrue(duringBackfill.get() > 0, "the writer ran while the backfill copied");
    VerifyResult v = BackfillTest.verify(p, "items");
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
  }

  private static void update(Connection c, int id, String name, int qty) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE items SET name = ?, qty = ?, price = price + 1 WHERE id = ?")) {
      ps.setString(1, name);
      ps.setInt(2, qty);
      ps.setInt(3, id);
      ps.executeUpdate();
    }
  }

  /**
   * Inserts a row; on the new side a duplicate means the backfill copied the row first with the
   * same values, which the driver records as a divergence and which leaves the data equal.
   */
  private static void insert(Connection c, int id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO items (id, qty, name) VALUES (?, ?, ?)")) {
      ps.setInt(1, id);
      ps.setInt(2, id * 2);
      ps.setString(3, "inserted " + id);
      ps.executeUpdate();
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
    }
  }
}
