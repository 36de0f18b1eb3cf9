package dev.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PhaseCommandTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  @Test
  void phase_shows_the_fleet_and_set_moves_it_through_the_gate(@TempDir Path dir) throws Exception {
    Path config =
        CliFixture.config(dir, DBS.postgres(), DBS.create(Engine.POSTGRES), "DUAL_OLD_PRIMARY", "");
    String f = config.toString();

    CliFixture.Run show = CliFixture.cutover("phase", "--config", f);
    assertEquals(0, show.exit(), show.err());
    assertTrue(show.out().contains("DUAL_OLD_PRIMARY"), show.out());
    assertTrue(show.out().contains("readiness"), show.out());

    CliFixture.Run refused =
        CliFixture.cutover("phase", "set", "DUAL_NEW_PRIMARY", "--config", f, "--reason", "try");
    assertEquals(2, refused.exit(), refused.out());
    assertTrue(refused.out().contains("REFUSED"), refused.out() + refused.err());

    CliFixture.Run forced =
        CliFixture.cutover(
            "phase", "set", "DUAL_NEW_PRIMARY", "--config", f, "--reason", "go", "--force");
    assertEquals(0, forced.exit(), forced.out() + forced.err());
    assertTrue(forced.out().contains("COMMITTED (forced)"), forced.out());

    CliFixture.Run skip =
        CliFixture.cutover("phase", "set", "OLD", "--config", f, "--reason", "skip", "--force");
    assertEquals(2, skip.exit(), skip.out());

    CliFixture.Run json = CliFixture.cutover("phase", "--config", f, "--json");
    assertEquals(0, json.exit(), json.err());
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertEquals("DUAL_NEW_PRIMARY", doc.get("phase").asText());
    assertTrue(doc.get("readiness").get("checks").isArray());

    CliFixture.Run missingReason = CliFixture.cutover("phase", "set", "NEW", "--config", f);
    assertEquals(2, missingReason.exit());
  }

  @Test
  void phase_set_with_a_table_moves_its_override_and_phase_shows_it(@TempDir Path dir)
      throws Exception {
    Path config = CliFixture.config(dir, DBS.postgres(), DBS.create(Engine.POSTGRES), "OLD", "");
    String f = config.toString();

    CliFixture.Run set =
        CliFixture.cutover(
            "phase",
            "set",
            "DUAL_OLD_PRIMARY",
            "--table",
            "orders",
            "--config",
            f,
            "--reason",
            "orders first");
    assertEquals(0, set.exit(), set.out() + set.err());
    assertTrue(set.out().contains("table orders: OLD -> DUAL_OLD_PRIMARY: COMMITTED"), set.out());

    CliFixture.Run show = CliFixture.cutover("phase", "--config", f);
    assertEquals(0, show.exit(), show.err());
    assertTrue(show.out().contains("overrides"), show.out());
    assertTrue(show.out().matches("(?s).*orders\\s+DUAL_OLD_PRIMARY.*"), show.out());

    CliFixture.Run json = CliFixture.cutover("phase", "--config", f, "--json");
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertEquals("OLD", doc.get("phase").asText());
    assertEquals("DUAL_OLD_PRIMARY", doc.get("overrides").get("orders").asText());

    CliFixture.Run skip =
        CliFixture.cutover(
            "phase", "set", "NEW", "--table", "orders", "--config", f, "--reason", "skip");
    assertEquals(2, skip.exit(), skip.out());

    CliFixture.Run clear =
        CliFixture.cutover(
            "phase", "set", "OLD", "--table", "orders", "--config", f, "--reason", "back");
    assertEquals(0, clear.exit(), clear.out() + clear.err());
    JsonNode after =
        new ObjectMapper().readTree(CliFixture.cutover("phase", "--config", f, "--json").out());
    assertTrue(after.get("overrides").isEmpty(), after.toString());
  }
}
