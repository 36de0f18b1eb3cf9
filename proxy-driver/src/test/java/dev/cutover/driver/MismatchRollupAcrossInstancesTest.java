package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.shadow.Classification;
import dev.cutover.driver.shadow.MismatchKind;
import dev.cutover.driver.shadow.MismatchReport;
import dev.cutover.driver.shadow.MismatchReport.FingerprintRollup;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two driver instances of one migration report into the same roll-up rows (H2 on both sides). */
class MismatchRollupAcrossInstancesTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  static String instanceConfig(TestDatabase oldDb, TestDatabase newDb, String name, String id)
      throws Exception {
    return instanceConfig(oldDb, newDb, name, id, "");
  }

  static String instanceConfig(
      TestDatabase oldDb, TestDatabase newDb, String name, String id, String extraShadow)
      throws Exception {
    Path dir = Files.createTempDirectory("cutover-rollup");
    Path file = dir.resolve("migration.yaml");
    Files.writeString(
        file,
        "migration: "
            + name
            + "\nold: { url: \""
            + oldDb.url()
            + "\", user: sa, password: \"\" }\nnew: { url: \""
            + newDb.url()
            + "\", user: sa, password: \"\" }\nphase: DUAL_OLD_PRIMARY\ninstance: { id: "
            + id
            + " }\njournal: { spillDirectory: \""
            + dir
            + "\" }\nshadow: { sampleRate: 1.0, recheckDelay: 10ms, samplesPerFingerprint: 2,"
            + " redactParameters: true"
            + extraShadow
            + " }\n");
    return CutoverDriver.PREFIX + file.toAbsolutePath();
  }

  @Test
  void counts_from_two_instances_add_up_and_samples_are_capped_and_redacted() throws Exception {
    TestDatabase oldDb = DBS.h2();
    TestDatabase newDb = DBS.create(Engine.H2);
    for (TestDatabase db : new TestDatabase[] {oldDb, newDb}) {
      db.execute(
          "CREATE TABLE prices (id INT PRIMARY KEY, price DECIMAL(10,2))",
          "INSERT INTO prices VALUES (1, 10.50), (2, 20.00)");
    }
    newDb.execute("UPDATE prices SET price = 99 WHERE id = 2");
    String name = "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String first = instanceConfig(oldDb, newDb, name, "app-1");
    String second = instanceConfig(oldDb, newDb, name, "app-2");
    for (String url : new String[] {first, second}) {
      try (Connection c = DriverManager.getConnection(url);
          PreparedStatement ps = c.prepareStatement("SELECT id, price FROM prices WHERE id = ?")) {
        for (int k = 0; k < 10; k++) {
          ps.setInt(1, 1 + k % 2);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
          }
        }
      }
      assertTrue(CutoverDriver.migration(url).drainShadowReads(Duration.ofSeconds(30)));
    }
    MismatchReport report = CutoverDriver.migration(first).mismatchReport(10);
    assertEquals(
        1,
        report.fingerprints().size(),
        CutoverDriver.migration(first).shadowStatistics() + " " + report.toJson());
    FingerprintRollup f = report.fingerprints().get(0);
    assertEquals(20, f.comparisons(), report.toJson());
    assertEquals(10, f.mismatches(), report.toJson());
    assertEquals(10, f.persistent(), report.toJson());
    assertEquals(10L, f.kinds().get(MismatchKind.VALUE_DIFFERENCE), report.toJson());
    assertEquals(0.5, f.rate());
    assertEquals(2, f.samples().size(), report.toJson());
    Set<String> instances =
        f.samples().stream().map(MismatchReport.Sample::instance).collect(Collectors.toSet());
    assertEquals(Set.of("app-2"), instances, "newest samples first, older ones trimmed");
    for (MismatchReport.Sample s : f.samples()) {
      assertEquals(Classification.PERSISTENT, s.classification());
      assertEquals("[\"?\"]", s.parameters());
      assertTrue(s.detail().contains("\"column\":\"PRICE\""), s.detail());
    }
  }

  @Test
  void redaction_keeps_the_literals_of_plain_statements_out_of_the_report() throws Exception {
    TestDatabase oldDb = DBS.create(Engine.H2);
    TestDatabase newDb = DBS.create(Engine.H2);
    for (TestDatabase db : new TestDatabase[] {oldDb, newDb}) {
      db.execute(
          "CREATE TABLE accounts (id INT PRIMARY KEY, ssn VARCHAR(20), balance INT)",
          "INSERT INTO accounts VALUES (1, '123-45-6789', 10)");
    }
    newDb.execute("UPDATE accounts SET balance = 11 WHERE id = 1");
    String url = instanceConfig(oldDb, newDb, "redact" + System.nanoTime() % 100000, "r", "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT id, balance FROM accounts WHERE ssn = '123-45-6789'")) {
      assertTrue(rs.next());
    }
    assertTrue(CutoverDriver.migration(url).drainShadowReads(Duration.ofSeconds(30)));
    MismatchReport report = CutoverDriver.migration(url).mismatchReport(10);
    assertEquals(1, report.fingerprints().size(), report.toJson());
    assertFalse(report.toJson().contains("6789"), report.toJson());
    assertTrue(report.fingerprints().get(0).sql().contains("?"), report.toJson());
  }

  @Test
  void a_fingerprint_override_turns_one_statement_shape_off() throws Exception {
    TestDatabase oldDb = DBS.create(Engine.H2);
    TestDatabase newDb = DBS.create(Engine.H2);
    for (TestDatabase db : new TestDatabase[] {oldDb, newDb}) {
      db.execute("CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)");
    }
    String probe = instanceConfig(oldDb, newDb, "probe" + System.nanoTime() % 100000, "p", "");
    try (Connection c = DriverManager.getConnection(probe);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM t WHERE id = 1")) {
      assertTrue(rs.next());
    }
    assertTrue(CutoverDriver.migration(probe).drainShadowReads(Duration.ofSeconds(30)));
    MismatchReport probed = CutoverDriver.migration(probe).mismatchReport(0);
    assertEquals(1, probed.fingerprints().size(), probed.toString());
    String id = probed.fingerprints().get(0).fingerprint();
    String url =
        instanceConfig(
            oldDb,
            newDb,
            "override" + System.nanoTime() % 100000,
            "o",
            ", fingerprints: { \"" + id + "\": { sampleRate: 0.0 } }");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (int k = 0; k < 5; k++) {
        try (ResultSet rs = st.executeQuery("SELECT id FROM t WHERE id = 2")) {
          assertTrue(rs.next());
        }
        try (ResultSet rs = st.executeQuery("SELECT id, id FROM t")) {
          assertTrue(rs.next());
        }
      }
    }
    assertEquals(5, CutoverDriver.migration(url).shadowStatistics().sampled());
  }
}
