package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.comparator.backfill.Backfill;
import dev.cutover.comparator.backfill.BackfillOptions;
import dev.cutover.comparator.backfill.BackfillReport;
import dev.cutover.comparator.chunk.ControlStore;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A backfill copying a row between the primary's commit of an autocommit write and the secondary's
 * apply of it. With a relative update ({@code total = total + 1}) that copy already holds the write
 * and the secondary adds it again. The secondary is made slow to start the statement (a
 * statement-level trigger sleeps before any row is touched) so the window is wide and the race
 * happens every time: {@code direct} shows it, {@code held} closes it.
 */
class HeldAutocommitWriteTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  @ParameterizedTest(name = "{0} to PostgreSQL, autocommitWrites {1}")
  @CsvSource({"mariadb, held, 1", "postgres, held, 1", "postgres, direct, 2"})
  void a_backfill_racing_an_autocommit_relative_update(String from, String mode, int expected)
      throws Exception {
    TestDatabase old = DBS.create(from.equals("mariadb") ? Engine.MARIADB : Engine.POSTGRES);
    TestDatabase neu = DBS.create(Engine.POSTGRES);
    for (TestDatabase db : new TestDatabase[] {old, neu}) {
      db.execute(
          "CREATE TABLE counters (id BIGINT PRIMARY KEY, total INT NOT NULL)",
          "INSERT INTO counters VALUES (1, 0)");
    }
    // Only the driver's UPDATE sleeps: the backfill's upsert (INSERT ... ON CONFLICT) does not.
    neu.execute(
        "CREATE FUNCTION slow_start() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF current_query() ILIKE 'update%' THEN PERFORM pg_sleep(1.5); END IF;"
            + " RETURN NULL; END $$",
        "CREATE TRIGGER slow_start BEFORE UPDATE ON counters"
            + " FOR EACH STATEMENT EXECUTE FUNCTION slow_start()");
    String url =
        MigrationFixture.writeConfig(
            old, neu, Phase.DUAL_OLD_PRIMARY, "dualWrite: { autocommitWrites: " + mode + " }\n");

    try (HikariDataSource source = pool(old);
        HikariDataSource target = pool(neu);
        Connection app = DriverManager.getConnection(url)) {
      CompletableFuture<BackfillReport> backfill =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  // The app's UPDATE has reached the secondary's sleeping trigger by now.
                  Thread.sleep(400);
                  return new Backfill(
                          source,
                          target,
                          new ControlStore(source),
                          BackfillOptions.builder().build())
                      .run("counters");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try (Statement st = app.createStatement()) {
        assertEquals(1, st.executeUpdate("UPDATE counters SET total = total + 1 WHERE id = 1"));
      }
      assertTrue(backfill.get(30, TimeUnit.SECONDS).complete());
    }
    assertEquals(1, old.queryLong("SELECT total FROM counters WHERE id = 1"));
    assertEquals(expected, neu.queryLong("SELECT total FROM counters WHERE id = 1"));
  }

  private static HikariDataSource pool(TestDatabase db) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(db.url());
    c.setUsername(db.user());
    c.setPassword(db.password());
    c.setMaximumPoolSize(4);
    return new HikariDataSource(c);
  }
}
