package dev.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.driver.CutoverDriver;
import dev.cutover.driver.Migration;
import dev.cutover.testkit.FreshDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path to a cutover through the public commands, with no --force: every check must really
 * pass.
 */
class CutoverReadinessTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  @Test
  void backfill_verify_and_clean_shadow_reads_open_the_gate_to_dual_new_primary(@TempDir Path dir)
      throws Exception {
    DBS.mariadb()
        .execute(
            "CREATE TABLE items (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40),"
                + " price DECIMAL(10,2))");
    DBS.postgres()
        .execute(
            "CREATE TABLE items (id BIGSERIAL PRIMARY KEY, name VARCHAR(40), price NUMERIC(10,2))");
    for (int i = 1; i <= 200; i++) {
      DBS.mariadb().execute("INSERT INTO items (name, price) VALUES ('n" + i + "', " + i + ".10)");
    }
    String f =
        CliFixture.config(
                dir,
                DBS.mariadb(),
                DBS.postgres(),
                "DUAL_OLD_PRIMARY",
                "shadow: { sampleRate: 1.0 }\n")
            .toString();

    CliFixture.Run before =
        CliFixture.cutover("phase", "set", "DUAL_NEW_PRIMARY", "--config", f, "--reason", "early");
    assertEquals(2, before.exit(), "refused before verify: " + before.out());

    assertEquals(0, CliFixture.cutover("backfill", "--config", f).exit());
    String url = "jdbc:cutover:" + f;
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("SELECT name, price FROM items WHERE id = ?")) {
      for (int i = 1; i <= 50; i++) {
        ps.setInt(1, i);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rs.getString(1);
          }
        }
      }
    }
    Migration m = CutoverDriver.migration(url);
    assertTrue(m.drainShadowReads(Duration.ofSeconds(30)));
    m.close();
    assertEquals(0, CliFixture.cutover("verify", "--config", f).exit());

    CliFixture.Run status = CliFixture.cutover("phase", "--config", f, "--json");
    JsonNode checks = new ObjectMapper().readTree(status.out()).get("readiness").get("checks");
    for (JsonNode check : checks) {
      assertEquals("PASS", check.get("state").asText(), status.out());
    }
    CliFixture.Run flip =
        CliFixture.cutover(
            "phase", "set", "DUAL_NEW_PRIMARY", "--config", f, "--reason", "verified");
    assertEquals(0, flip.exit(), flip.out() + flip.err());
    assertTrue(flip.out().contains("COMMITTED") && !flip.out().contains("forced"), flip.out());
  }
}
