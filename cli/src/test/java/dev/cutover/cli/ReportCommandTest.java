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
