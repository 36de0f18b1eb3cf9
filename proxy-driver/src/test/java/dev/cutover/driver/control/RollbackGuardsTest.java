package dev.cutover.driver.control;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The guards' judgement on synthetic statement streams; the clock is the test's. */
class RollbackGuardsTest {
  private static RollbackGuards guards(String rollback) throws Exception {
    Path file = Files.createTempFile("guards", ".yaml");
    Files.writeString(
        file,
        "migration: g\nold: { url: \"jdbc:h2:mem:g1\" }\nnew: { url: \"jdbc:h2:mem:g2\" }\n"
            + "rollback: "
            + rollback
            + "\n");
    return new RollbackGuards(MigrationConfig.load(file.toString(), new Properties()));
  }

  @Test
  void latency_guard_fires_when_the_new_primary_p99_exceeds_the_factor_times_the_old_baseline()
      throws Exception {
    RollbackGuards g = guards("{ latencyFactor: 3, window: 1s, minStatements: 100 }");
    long t = 0;
    assertNull(g.evaluate(t, Phase.DUAL_OLD_PRIMARY));
    for (int i = 0; i < 1000; i++) {
      g.succeeded(Phase.Side.OLD, 1_000_000);
    }
    assertNull(g.evaluate(t += 500, Phase.DUAL_OLD_PRIMARY), "old primary only sets the baseline");
    g.reset();
    assertNull(g.evaluate(t += 10, Phase.DUAL_NEW_PRIMARY));
    for (int i = 0; i < 1000; i++) {
      g.succeeded(Phase.Side.NEW, 1_200_000);
    }
    assertNull(g.evaluate(t += 500, Phase.DUAL_NEW_PRIMARY), "similar latency is fine");
    for (int i = 0; i < 1000; i++) {
      g.succeeded(Phase.Side.NEW, 20_000_000);
    }
    String why = g.evaluate(t += 500, Phase.DUAL_NEW_PRIMARY);
    assertNotNull(why);
    assertTrue(why.contains("p99 latency"), why);
  }

  @Test
  void error_guard_needs_the_minimum_statements_and_ignores_the_old_primary() throws Exception {
    RollbackGuards g = guards("{ errorRate: 0.1, window: 1s, minStatements: 50 }");
    long t = 0;
    assertNull(g.evaluate(t, Phase.DUAL_NEW_PRIMARY));
    for (int i = 0; i < 20; i++) {
      g.failed(Phase.Side.NEW);
    }
    assertNull(g.evaluate(t += 100, Phase.DUAL_NEW_PRIMARY), "20 statements are too few to judge");
    for (int i = 0; i < 100; i++) {
      g.failed(Phase.Side.OLD);
    }
    for (int i = 0; i < 200; i++) {
      g.succeeded(Phase.Side.NEW, 1000);
    }
    assertNull(
        g.evaluate(t += 100, Phase.DUAL_NEW_PRIMARY),
        "20 failed of 220 on the new primary is 9%, under 10%");
    for (int i = 0; i < 40; i++) {
      g.failed(Phase.Side.NEW);
    }
    String why = g.evaluate(t += 100, Phase.DUAL_NEW_PRIMARY);
    assertNotNull(why);
    assertTrue(why.contains("error rate"), why);
  }
}
