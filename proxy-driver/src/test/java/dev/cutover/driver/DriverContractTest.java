package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.Calendar;
import java.util.List;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The driver's contract with DriverManager, DataSource users and metrics, on real PostgreSQL. */
class DriverContractTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();
  private static TestDatabase newSide;

  static TestDatabase oldDb() {
    return DBS.postgres();
  }

  static synchronized TestDatabase newDb() {
    if (newSide == null) {
      newSide = DBS.create(Engine.POSTGRES);
    }
    return newSide;
  }

  @BeforeEach
  void tables() {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(
          "DROP TABLE IF EXISTS docs",
          "CREATE TABLE docs (id INT PRIMARY KEY, body TEXT, blob BYTEA, at TIMESTAMP,"
              + " tag UUID, meta JSONB, seen TIMESTAMP)");
    }
  }

  @Test
  void a_url_the_driver_does_not_own_gets_null_and_is_not_accepted() throws SQLException {
    CutoverDriver driver = new CutoverDriver();
    assertNull(driver.connect("jdbc:postgresql://127.0.0.1/x", new Properties()));
    assertFalse(driver.acceptsURL("jdbc:mariadb://h/db"));
    assertTrue(driver.acceptsURL("jdbc:cutover:/tmp/m.yaml"));
  }

  @Test
  void the_driver_is_registered_through_the_service_loader() throws SQLException {
    Driver found = DriverManager.getDriver("jdbc:cutover:/any.yaml");
    assertInstanceOf(CutoverDriver.class, found);
  }

  @Test
  void a_bad_configuration_fails_connect_with_every_problem_listed(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        "migration: shop\nold: { url: jdbc:postgresql://x/y, usr: me }\nphase: SIDEWAYS\n"
            + "shadow: { sampleRate: 1.5 }\n");
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> DriverManager.getConnection("jdbc:cutover:" + file));
    String all = String.join("\n", e.problems());
    assertTrue(all.contains("old.usr"), all);
    assertTrue(all.contains("phase"), all);
    assertTrue(all.contains("shadow.sampleRate"), all);
    assertTrue(all.contains("new"), all);
  }

  @Test
  void credentials_given_to_connect_fill_in_what_the_file_leaves_out(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("m.yaml");
    Files.writeString(
        file,
        "migration: creds"
            + UUID.randomUUID().toString().substring(0, 8)
            + "\nold: { url: \""
            + oldDb().url()
            + "\" }\nnew: { url: \""
            + newDb().url()
            + "\" }\nphase: DUAL_OLD_PRIMARY\njournal: { spillDirectory: \""
            + dir
            + "\" }\n");
    try (Connection c =
            DriverManager.getConnection("jdbc:cutover:file:" + file, oldDb().user(), "");
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO docs (id, body) VALUES (1, 'x')");
    }
    assertEquals(1, newDb().queryLong("SELECT COUNT(*) FROM docs"));
  }

  @Test
  void the_data_source_gives_connections_of_the_same_migration() throws Exception {
    String url = MigrationFixture.writeConfig(oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, "");
    CutoverDataSource ds = new CutoverDataSource();
    ds.setUrl(url);
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO docs (id, body) VALUES (2, 'ds')");
    }
    assertEquals(Phase.DUAL_OLD_PRIMARY, ds.getMigration().phase());
    assertEquals(1, newDb().queryLong("SELECT COUNT(*) FROM docs WHERE body = 'ds'"));
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> ds.setUrl("jdbc:postgresql://x/y"));
    assertTrue(bad.getMessage().contains("jdbc:cutover:"));
  }

  @Test
  void streams_readers_typed_nulls_calendars_and_other_types_replay_losslessly() throws Exception {
    String url = MigrationFixture.writeConfig(oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO docs (id, body, blob, at, tag, meta) VALUES (?, ?, ?, ?, ?, ?::jsonb)")) {
      ps.setInt(1, 1);
      ps.setCharacterStream(2, new StringReader("read once ✓"));
      ps.setBinaryStream(3, new ByteArrayInputStream(new byte[] {9, 8, 7, 0}));
      ps.setTimestamp(
          4,
          Timestamp.valueOf(LocalDateTime.of(2020, 5, 6, 7, 8, 9)),
          Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo")));
      ps.setObject(5, UUID.fromString("00000000-0000-0000-0000-0000000000ab"), Types.OTHER);
      ps.setString(6, "{\"b\": 1, \"a\": [true, null]}");
      ps.executeUpdate();
      ps.setInt(1, 2);
      ps.setNull(2, Types.VARCHAR, "text");
      ps.setNull(3, Types.BINARY);
      ps.setNull(4, Types.TIMESTAMP);
      ps.setNull(5, Types.OTHER);
      ps.setNull(6, Types.VARCHAR);
      ps.executeUpdate();
    }
    assertEquals(
        MigrationFixture.rows(oldDb(), "docs").toString(),
        MigrationFixture.rows(newDb(), "docs").toString());
    assertEquals(List.of(), CutoverDriver.migration(url).divergences(10));
  }

  @Test
  void a_statement_calling_a_non_deterministic_function_is_replayed_and_flagged() throws Exception {
    String url = MigrationFixture.writeConfig(oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO docs (id, seen) VALUES (5, NOW())");
    }
    assertEquals(1, newDb().queryLong("SELECT COUNT(*) FROM docs WHERE id = 5"));
    List<Divergence> journal = CutoverDriver.migration(url).divergences(10);
    assertEquals(1, journal.size(), journal.toString());
    assertEquals(Divergence.Kind.NON_DETERMINISTIC, journal.get(0).kind());
  }

  @Test
  void metrics_bind_to_the_applications_registry() throws Exception {
    String url = MigrationFixture.writeConfig(oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, "");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CutoverDriver.migration(url).bindMetrics(registry);
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO docs (id) VALUES (10)");
      st.executeQuery("SELECT * FROM docs").close();
    }
    assertEquals(
        1,
        registry
            .get("cutover.statements")
            .tag("phase", "DUAL_OLD_PRIMARY")
            .tag("route", "dual")
            .tag("kind", "write")
            .timer()
            .count());
    assertEquals(
        1,
        registry
            .get("cutover.statements")
            .tag("phase", "DUAL_OLD_PRIMARY")
            .tag("route", "primary")
            .tag("kind", "read")
            .timer()
            .count());
    assertEquals(
        1,
        registry
            .get("cutover.side.latency")
            .tag("side", "new")
            .tag("role", "secondary")
            .timer()
            .count());
    IllegalArgumentException wrong =
        assertThrows(
            IllegalArgumentException.class, () -> CutoverDriver.migration(url).bindMetrics("nope"));
    assertTrue(wrong.getMessage().contains("MeterRegistry"));
  }

  @Test
  void when_the_control_store_is_down_divergences_spill_to_a_local_file(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    String url =
        MigrationFixture.writeConfig(
            oldDb().url(),
            oldDb(),
            "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1",
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "");
    // Point the control store at a dead port too: the journal must fall back to its spill file.
    String yaml = Files.readString(Path.of(url.substring("jdbc:cutover:".length())));
    Path file = dir.resolve("m.yaml");
    Files.writeString(
        file,
        yaml.replaceFirst(
            "control: \\{ url: \"[^\"]+\"",
            "control: { url: \"jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1\""));
    String spillUrl = "jdbc:cutover:" + file;
    try (Connection c = DriverManager.getConnection(spillUrl);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO docs (id) VALUES (20)");
    }
    String spillDir = yaml.replaceAll("(?s).*spillDirectory: \"([^\"]+)\".*", "$1");
    Path spill = Path.of(spillDir);
    assertTrue(
        Files.list(spill).anyMatch(p -> p.getFileName().toString().startsWith("cutover-journal-")),
        "a spill file exists in " + spill);
  }
}
