package dev.cutover.driver.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.CutoverDriver;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The divergence journal writes on the application's thread. A control store that stops answering
 * without closing the connection (a network blackhole) must cost that thread a bounded wait, after
 * which the entry goes to the spill file; it must not hang the application's write.
 */
class JournalBlackholeTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  @Test
  void a_blackholed_control_store_delays_a_journaled_write_boundedly_and_the_entry_is_spilled()
      throws Exception {
    TestDatabase store = DBS.postgres();
    TestDatabase old = DBS.create(dev.cutover.testkit.Engine.POSTGRES);
    old.execute("CREATE TABLE t (id INT PRIMARY KEY)");
    int port = portOf(store.url());
    Path dir = Files.createTempDirectory("cutover-journal-blackhole");
    String migration = "jb" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (TcpRelay relay = TcpRelay.to("127.0.0.1", port)) {
      String viaRelay = store.url().replace(":" + port + "/", ":" + relay.port() + "/");
      Path yaml = dir.resolve("migration.yaml");
      Files.writeString(
          yaml,
          "migration: "
              + migration
              + "\nold: { url: \""
              + old.url()
              + "\", user: "
              + old.user()
              + ", password: \"\" }\n"
              // The secondary is a dead port: every write is journaled SECONDARY_UNAVAILABLE.
              + "new: { url: \"jdbc:postgresql://127.0.0.1:9/none\", user: postgres }\n"
              + "control: { url: \""
              + viaRelay
              + "\", user: "
              + store.user()
              + ", password: \"\" }\n"
              + "phase: DUAL_OLD_PRIMARY\n"
              + "fleet: { pollInterval: 100ms }\n"
              + "journal: { spillDirectory: \""
              + dir
              + "\" }\n");
      String url = CutoverDriver.PREFIX + yaml;
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO t VALUES (1)");
        relay.pause();
        try {
          long t0 = System.nanoTime();
          assertTimeoutPreemptively(
              Duration.ofSeconds(25), () -> st.executeUpdate("INSERT INTO t VALUES (2)"));
          long millis = (System.nanoTime() - t0) / 1_000_000;
          assertTrue(millis < 20_000, () -> "the write took " + millis + " ms");
          Path spill = dir.resolve("cutover-journal-" + migration + ".jsonl");
          assertTrue(Files.exists(spill), "the entry was spilled");
          assertTrue(Files.readString(spill).contains("INSERT INTO t VALUES (2)"));
          // The next journaled write does not wait for the store again: it is spilled at once.
          long t1 = System.nanoTime();
          st.executeUpdate("INSERT INTO t VALUES (3)");
          long next = (System.nanoTime() - t1) / 1_000_000;
          assertTrue(next < 2_000, () -> "the next write took " + next + " ms");
          assertTrue(Files.readString(spill).contains("INSERT INTO t VALUES (3)"));
        } finally {
          relay.resume();
        }
      }
    }
    assertEquals(3, old.queryLong("SELECT COUNT(*) FROM t"));
  }

  private static int portOf(String url) {
    Matcher m = Pattern.compile(":(\\d+)/").matcher(url);
    if (!m.find()) {
      throw new IllegalStateException("no port in " + url);
    }
    return Integer.parseInt(m.group(1));
  }
}
