package dev.cutover.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.MigrationConfig.DatabaseConfig;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sequence positions the fenced flip compares, on real PostgreSQL and MariaDB: each case is one
 * a review reproduced against the first version (which read {@code pg_sequences.last_value}, NULL
 * both before the first draw and after {@code setval(s, n, false)}).
 */
class SequenceSyncTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static DatabaseConfig config(TestDatabase db) {
    return new DatabaseConfig(db.url(), db.user(), "", Map.of());
  }

  private static long next(TestDatabase pg, String sequence) {
    return pg.queryLong("SELECT nextval('" + sequence + "')");
  }

  @Test
  void postgresql_positions_are_read_from_each_sequence_and_only_ever_move_forwards()
      throws SQLException {
    TestDatabase oldDb = DBS.postgres();
    TestDatabase newDb = DBS.create(Engine.POSTGRES);
    for (TestDatabase db : List.of(oldDb, newDb)) {
      db.execute(
          "CREATE SEQUENCE loaded",
          "CREATE SEQUENCE restarted",
          "CREATE SEQUENCE a_behind",
          "CREATE SEQUENCE m_max MAXVALUE 100",
          "CREATE SEQUENCE z_behind",
          "CREATE SEQUENCE \"Seq\"",
          "CREATE SEQUENCE seq");
    }
    // A bulk load's setval(s, n, false): not drawn yet, n is the next value.
    oldDb.execute(
        "SELECT setval('loaded', 5001, false)",
        "SELECT setval('restarted', 5000)",
        "SELECT setval('a_behind', 500)",
        "SELECT setval('m_max', 100)",
        "SELECT setval('z_behind', 700)",
        "SELECT setval('\"Seq\"', 900)");
    // Ahead on the new side, not drawn since: must not be taken back.
    newDb.execute("ALTER SEQUENCE restarted RESTART WITH 1000000");

    SequenceSync.Result r = SequenceSync.of(config(oldDb), config(newDb)).align();

    assertEquals(
        List.of(
            "\"public\".\"Seq\" 1 -> 901",
            "\"public\".\"a_behind\" 1 -> 501",
            "\"public\".\"loaded\" 1 -> 5001",
            "\"public\".\"z_behind\" 1 -> 701"),
        r.moves().stream().map(Object::toString).sorted().toList());
    assertEquals(1, r.failures().size(), r::toString);
    assertTrue(r.failures().get(0).contains("\"m_max\": must hand out 101"), r::toString);
    assertEquals(5001, next(newDb, "loaded"));
    assertEquals(1000000, next(newDb, "restarted"));
    assertEquals(901, next(newDb, "\"Seq\""));
    assertEquals(1, next(newDb, "seq"), "matched by exact name between two PostgreSQL databases");
    assertEquals(701, next(newDb, "z_behind"), "one failure does not stop the others");

    // Run again (late, or twice): nothing moves back.
    SequenceSync.Result again = SequenceSync.of(config(oldDb), config(newDb)).align();
    assertEquals(List.of(), again.moves());
    assertEquals(702, next(newDb, "z_behind"));
  }

  @Test
  void a_mariadb_auto_increment_moves_the_sequence_of_its_own_column() throws SQLException {
    TestDatabase oldDb = DBS.mariadb();
    TestDatabase newDb = DBS.create(Engine.POSTGRES);
    oldDb.execute(
        "CREATE TABLE two (n int NOT NULL DEFAULT 0, id bigint AUTO_INCREMENT PRIMARY KEY)"
            + " AUTO_INCREMENT = 500",
        "CREATE SEQUENCE ms INCREMENT BY 10 CACHE 1000",
        "SELECT SETVAL(ms, 4000)");
    newDb.execute(
        "CREATE TABLE two (n serial, id bigserial PRIMARY KEY)",
        "CREATE SEQUENCE ms INCREMENT BY 10 CACHE 20");

    SequenceSync.Result r = SequenceSync.of(config(oldDb), config(newDb)).align();

    assertEquals(1, next(newDb, "two_n_seq"), "another column's sequence");
    assertEquals(500, next(newDb, "two_id_seq"));
    // MariaDB's next not cached value: at least the value it hands out next.
    assertTrue(next(newDb, "ms") >= 4010, r::toString);
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("\"ms\" has CACHE 20")), r::toString);
  }

  @Test
  void a_cancelled_alignment_moves_nothing() {
    TestDatabase oldDb = DBS.postgres();
    SequenceSync sync = SequenceSync.of(config(oldDb), config(oldDb));
    sync.cancel();
    SQLException e = assertThrows(SQLException.class, sync::align);
    assertTrue(e.getMessage().contains("cancelled"), e::toString);
  }
}
