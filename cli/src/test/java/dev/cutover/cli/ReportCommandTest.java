package dev.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.testkit.FreshDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  @Test
  void report_json_lists_the_divergences_the_driver_journaled(@TempDir Path dir) throws Exception {
    DBS.mariadb()
        .execute("CREATE TABLE acct (id INT PRIMARY KEY, v INT)", "INSERT INTO acct VALUES (1, 1)");
    DBS.postgres().execute("CREATE TABLE acct (id INT PRIMARY KEY, v INT)");
    Path config = CliFixture.config(dir, DBS.mariadb(), DBS.postgres(), "DUAL_OLD_PRIMARY", "");
    try (Connection c = DriverManager.getConnection("jdbc:cutover:" + config);
        Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE acct SET v = 2 WHERE id = 1");
    }
    CliFixture.Run run = CliFixture.cutover("report", "--config", config.toString(), "--json");
    assertEquals(0, run.exit(), run.err());
    JsonNode doc = new ObjectMapper().readTree(run.out());
    assertTrue(doc.get("mismatches").isArray());
    assertEquals(1, doc.get("divergences").size(), run.out());
    JsonNode d = doc.get("divergences").get(0);
    assertEquals("COUNT_MISMATCH", d.get("kind").asText());
    assertEquals("acct", d.get("table").asText());
    assertEquals(false, d.get("resolved").asBoolean());
    for (String field : new String[] {"id", "time", "sql", "error"}) {
      assertTrue(d.has(field), field);
    }

    CliFixture.Run text = CliFixture.cutover("report", "--config", config.toString());
    assertEquals(0, text.exit());
    assertTrue(text.out().contains("COUNT_MISMATCH"), text.out());
  }

  @Test
  void report_json_rolls_shadow_read_mismatches_up_per_fingerprint(@TempDir Path dir)
      throws Exception {
    DBS.mariadb().execute("CREATE TABLE price (id INT PRIMARY KEY, amount DECIMAL(10,2))");
    DBS.postgres().execute("CREATE TABLE price (id INT PRIMARY KEY, amount NUMERIC(10,2))");
    for (int i = 1; i <= 5; i++) {
      DBS.mariadb().execute("INSERT INTO price VALUES (" + i + ", " + i + ".20)");
      DBS.postgres().execute("INSERT INTO price VALUES (" + i + ", " + i + ".2)");
    }
    DBS.postgres().execute("UPDATE price SET amount = 9.99 WHERE id = 3");
    Path config =
        CliFixture.config(
            dir,
            DBS.mariadb(),
            DBS.postgres(),
            "DUAL_OLD_PRIMARY",
            "shadow: { sampleRate: 1.0 }\n");
    String url = "jdbc:cutover:" + config;
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (int i = 0; i < 3; i++) {
        try (java.sql.ResultSet rs = st.executeQuery("SELECT id, amount FROM price")) {
          while (rs.next()) {
            rs.getObject(2);
          }
        }
      }
    }
    dev.cutover.driver.Migration m = dev.cutover.driver.CutoverDriver.migration(url);
    assertTrue(m.drainShadowReads(java.time.Duration.ofSeconds(30)));
    m.close();

    CliFixture.Run run = CliFixture.cutover("report", "--config", config.toString(), "--json");
    assertEquals(0, run.exit(), run.err());
    JsonNode mismatches = new ObjectMapper().readTree(run.out()).get("mismatches");
    assertEquals(1, mismatches.size(), run.out());
    JsonNode f = mismatches.get(0);
    assertEquals(3, f.get("comparisons").asLong(), run.out());
    assertEquals(3, f.get("mismatches").asLong(), run.out());
    assertEquals(3, f.get("persistent").asLong(), run.out());
    assertTrue(f.get("kinds").has("VALUE_DIFFERENCE"), run.out());
    assertTrue(f.get("samples").size() > 0, run.out());
    for (String field : new String[] {"fingerprint", "sql", "tables", "transient", "lastSeen"}) {
      assertTrue(f.has(field), field + " in " + f);
    }
  }

  @Test
  void a_bad_configuration_exits_2_naming_every_problem(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "migration: x\nold: { url: nope }\nshadow: { sampleRate: 2 }\n");
    CliFixture.Run run = CliFixture.cutover("report", "--config", bad.toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("old.url"), run.err());
    assertTrue(run.err().contains("shadow.sampleRate"), run.err());
    assertTrue(run.err().contains("new"), run.err());
  }

  @Test
  void an_unknown_command_or_missing_option_exits_2_with_usage() {
    assertEquals(2, CliFixture.cutover("report").exit());
    assertEquals(2, CliFixture.cutover("frobnicate").exit());
  }
}
