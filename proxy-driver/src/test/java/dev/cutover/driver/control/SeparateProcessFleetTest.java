package dev.cutover.driver.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.Phase;
import dev.cutover.driver.control.ControlPlane.FlipResult;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A fleet member in a separate JVM follows fenced flips like the in-process ones. */
class SeparateProcessFleetTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  @Test
  void a_member_in_another_jvm_takes_part_in_fenced_flips_under_load() throws Exception {
    TestDatabase oldDb = DBS.mariadb();
    TestDatabase newDb = DBS.postgres();
    for (TestDatabase db : List.of(oldDb, newDb)) {
      db.execute(
          "DROP TABLE IF EXISTS events",
          "CREATE TABLE events (id BIGINT PRIMARY KEY, writer INT NOT NULL, val INT NOT NULL)");
    }
    String yaml = "fleet: { pollInterval: 100ms, holdTimeout: 2s, deadAfter: 5s }\n";
    try (Fleet fleet = new Fleet(oldDb, newDb, oldDb.url(), Phase.DUAL_OLD_PRIMARY, yaml, 1);
        Writers writers = new Writers()) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  MemberProcess.class.getName(),
                  fleet.location,
                  "9")
              .redirectErrorStream(true)
              .start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
      String joined = readUntil(out, "JOINED ");
      String childId = joined.substring("JOINED ".length());
      writers.mixed(fleet.instance(0), 1);
      Fleet.await("the child is listed in the fleet", () -> statusHas(fleet, childId));
      for (int i = 0; i < 20; i++) {
        Phase to = i % 2 == 0 ? Phase.DUAL_NEW_PRIMARY : Phase.DUAL_OLD_PRIMARY;
        FlipResult r = fleet.operator.flip(to, "cross-process flip " + i, true, "test");
        assertTrue(r.succeeded(), r::toString);
        in.write("phase?\n");
        in.flush();
        assertEquals("PHASE " + to, readUntil(out, "PHASE "));
      }
      in.write("stop\n");
      in.flush();
      String done = readUntil(out, "DONE ");
      assertEquals(0, child.waitFor());
      writers.close();
      assertTrue(done.contains(" errors=0 "), done);
      assertEquals(List.of(), writers.errors);
      assertTrue(
          fleet.operator.status().fleet().stream().noneMatch(i -> i.instance().equals(childId)),
          "the child left the fleet cleanly");
    }
    assertEquals(Fleet.rows(oldDb, "events"), Fleet.rows(newDb, "events"));
  }

  private static boolean statusHas(Fleet fleet, String instance) {
    try {
      return fleet.operator.status().fleet().stream().anyMatch(i -> i.instance().equals(instance));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String readUntil(BufferedReader out, String prefix) throws Exception {
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith(prefix)) {
        return line;
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("child ended before '" + prefix + "':\n" + seen);
  }
}
