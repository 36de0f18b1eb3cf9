package dev.cutover.comparator.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ControlStoreTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static TestDatabase db(String engine) {
    switch (engine) {
      case "postgres":
        return DBS.postgres();
      case "mariadb":
        return DBS.mariadb();
      default:
        return DBS.h2();
    }
  }

  private static TableShape shape(TestDatabase db) throws Exception {
    db.execute("CREATE TABLE IF NOT EXISTS shaped (id BIGINT PRIMARY KEY, v VARCHAR(10))");
    try (Connection c = db.connect()) {
      return TableShape.read(c, "shaped");
    }
  }

  private static List<KeyRange> ranges(int n) {
    List<KeyRange> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new KeyRange(i == 0 ? null : List.of((long) i * 10), List.of((long) i * 10 + 10)));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mariadb", "h2"})
  void every_chunk_is_claimed_exactly_once_by_competing_workers(String engine) throws Exception {
    TestDatabase db = db(engine);
    TableShape shape = shape(db);
    ControlStore store = new ControlStore(Sources.of(db));
    assertTrue(store.savePlan("claims", shape.name(), ranges(40), 400));
    assertFalse(store.savePlan("claims", shape.name(), ranges(3), 30), "the first plan wins");
    Set<Integer> seen = java.util.Collections.synchronizedSet(new HashSet<>());
    List<Integer> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      String owner = "w" + w;
      Thread t =
          new Thread(
              () -> {
                try {
                  Optional<Chunk> c;
                  while ((c = store.claim("claims", shape, owner, 60_000)).isPresent()) {
                    if (!seen.add(c.get().number())) {
                      duplicates.add(c.get().number());
                    }
                    assertTrue(store.complete("claims", shape.name(), c.get().number(), owner, 10));
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(40, seen.size());
    assertEquals(List.of(), duplicates);
    ChunkProgress p = store.progress("claims", shape.name());
    assertTrue(p.complete());
    assertEquals(400, p.rowsDone());
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mariadb", "h2"})
  void a_chunk_held_by_a_dead_worker_is_claimable_once_its_lease_ends(String engine)
      throws Exception {
    TestDatabase db = db(engine);
    TableShape shape = shape(db);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    ControlStore now = new ControlStore(Sources.of(db), Clock.fixed(t0, ZoneOffset.UTC));
    now.savePlan("lease", shape.name(), ranges(2), 20);
    Chunk dead = now.claim("lease", shape, "dead", 30_000).orElseThrow();
    Chunk other = now.claim("lease", shape, "alive", 30_000).orElseThrow();
    assertEquals(Optional.empty(), now.claim("lease", shape, "alive", 30_000));
    assertTrue(now.complete("lease", shape.name(), other.number(), "alive", 5));

    ControlStore later =
        new ControlStore(
            Sources.of(db), Clock.fixed(t0.plus(Duration.ofSeconds(31)), ZoneOffset.UTC));
    Chunk taken = later.claim("lease", shape, "heir", 30_000).orElseThrow();
    assertEquals(dead.number(), taken.number());
    assertEquals(2, taken.attempts());
    assertFalse(
        later.complete("lease", shape.name(), dead.number(), "dead", 7), "the dead lost it");
    assertTrue(later.complete("lease", shape.name(), dead.number(), "heir", 7));
    assertEquals(12, later.progress("lease", shape.name()).rowsDone());
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mariadb", "h2"})
  void chunk_bounds_survive_the_round_trip_through_the_store(String engine) throws Exception {
    TestDatabase db = db(engine);
    db.execute(
        "CREATE TABLE IF NOT EXISTS pair (a INT NOT NULL, b VARCHAR(20) NOT NULL,"
            + " PRIMARY KEY (a, b))");
    TableShape shape;
    try (Connection c = db.connect()) {
      shape = TableShape.read(c, "pair");
    }
    ControlStore store = new ControlStore(Sources.of(db));
    KeyRange r = new KeyRange(List.of(1L, "it's \"é\""), List.of(2L, "Z"));
    store.savePlan("bounds", shape.name(), List.of(r), 1);
    Chunk c = store.claim("bounds", shape, "me", 1000).orElseThrow();
    assertEquals(r, c.range());
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mariadb", "h2"})
  void a_store_from_before_chunk_by_gains_the_column_and_keeps_its_plans(String engine)
      throws Exception {
    TestDatabase db =
        DBS.create(dev.cutover.testkit.Engine.valueOf(engine.toUpperCase(java.util.Locale.ROOT)));
    db.execute(
        "CREATE TABLE cutover_backfill_table (job VARCHAR(100) NOT NULL,"
            + " table_name VARCHAR(200) NOT NULL, chunks INT NOT NULL,"
            + " rows_estimate BIGINT NOT NULL, planned_at BIGINT NOT NULL,"
            + " PRIMARY KEY (job, table_name))",
        "INSERT INTO cutover_backfill_table VALUES ('old', 'shaped', 0, 0, 0)");
    TableShape shape = shape(db);
    ControlStore store = new ControlStore(Sources.of(db));
    assertEquals(Optional.empty(), store.plannedChunkBy("old", "shaped"));
    Column at = new Column("at", java.sql.Types.TIMESTAMP, "TIMESTAMP", 26, 6, false);
    KeyRange dated =
        new KeyRange(List.of(java.time.LocalDateTime.parse("2024-01-02T03:04:05.000006")), null);
    assertTrue(store.savePlan("new", shape.name(), "at", List.of(dated, KeyRange.NULLS), 9));
    assertEquals(Optional.of("at"), store.plannedChunkBy("new", shape.name()));
    assertEquals(
        dated, store.claim("new", shape.name(), List.of(at), "me", 1000).orElseThrow().range());
    assertEquals(
        KeyRange.NULLS,
        store.claim("new", shape.name(), List.of(at), "me", 1000).orElseThrow().range());
  }
}
