package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cutover.driver.internal.BackgroundPriority;
import dev.cutover.driver.shadow.Classification;
import dev.cutover.driver.shadow.MismatchKind;
import dev.cutover.driver.shadow.MismatchReport;
import dev.cutover.driver.shadow.MismatchReport.FingerprintRollup;
import dev.cutover.driver.shadow.ShadowStatistics;
import dev.cutover.driver.sql.Dialect;
import dev.cutover.driver.sql.SqlAnalyzer;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shadow reads against real databases: equal data never mismatches, every seeded difference is
 * found once per fingerprint, races are transient, and a sick secondary never reaches the
 * application. Each engine pair extends it.
 */
abstract class ShadowReadSemantics {
  static final int ROWS = 200;

  abstract TestDatabase oldDb();

  abstract TestDatabase newDb();

  static final String FAST =
      "shadow: { sampleRate: 1.0, queueCapacity: 100000, recheckDelay: 50ms, timeout: 5s }\n";

  private java.util.Set<Migration> migrationsBefore;

  @BeforeEach
  void rememberOpenMigrations() {
    migrationsBefore = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    migrationsBefore.addAll(CutoverDriver.openMigrations());
  }

  /**
   * Closes the migrations this test loaded: each holds pooled control-store connections, and a
   * class's worth of them would otherwise exhaust MariaDB's 151 connections.
   */
  @org.junit.jupiter.api.AfterEach
  void closeMigrationsOpenedByTheTest() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!migrationsBefore.contains(m)) {
        m.close();
      }
    }
  }

  @BeforeEach
  void identicalTablesOnBothSides() throws SQLException {
    for (boolean newSide : new boolean[] {false, true}) {
      TestDatabase db = newSide ? newDb() : oldDb();
      db.execute(
          "DROP TABLE IF EXISTS shadow_items",
          "DROP TABLE IF EXISTS shadow_bag",
          itemsDdl(db.engine(), newSide),
          "CREATE TABLE shadow_bag (v INT, label VARCHAR(20))");
      try (Connection c = db.connect()) {
        insertItems(c, db.engine());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shadow_bag VALUES (?, ?)")) {
          // The new side gets the rows in the opposite order, so scans return them differently.
          for (int k = 0; k < 50; k++) {
            int i = newSide ? 49 - k : k;
            ps.setInt(1, i % 10);
            ps.setString(2, "bag-" + i);
            ps.executeUpdate();
          }
        }
      }
    }
  }

  static String itemsDdl(Engine e, boolean newSide) {
    if (e == Engine.MARIADB) {
      return "CREATE TABLE shadow_items (id INT PRIMARY KEY, qty INT, price DECIMAL(12,2),"
          + " ratio DOUBLE, small FLOAT, created DATETIME(6), created_tz TIMESTAMP(6) NULL,"
          + " day DATE, flag TINYINT(1), code CHAR(8), doc JSON, uid CHAR(36),"
          + " data VARBINARY(32), note VARCHAR(200)) DEFAULT CHARSET=utf8mb4";
    }
    return "CREATE TABLE shadow_items (id INT PRIMARY KEY, qty INT, price NUMERIC("
        + (newSide ? "14,4" : "12,2")
        + "), ratio DOUBLE PRECISION, small REAL, created TIMESTAMP(6), created_tz"
        + " TIMESTAMPTZ(6), day DATE, flag BOOLEAN, code CHAR(8), doc "
        + (newSide ? "JSONB" : "JSON")
        + ", uid UUID, data BYTEA, note VARCHAR(200))";
  }

  static void insertItems(Connection c, Engine e) throws SQLException {
    boolean pg = e == Engine.POSTGRES;
    String sql =
        "INSERT INTO shadow_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + (pg ? "CAST(? AS JSONB)" : "?")
            + ", "
            + (pg ? "CAST(? AS UUID)" : "?")
            + ", ?, ?)";
    if (pg) {
      // JSONB casts also work for a json column.
      sql = sql.replace("CAST(? AS JSONB)", "CAST(CAST(? AS TEXT) AS JSON)");
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 1; i <= ROWS; i++) {
        ps.setInt(1, i);
        if (i % 5 == 0) {
          ps.setNull(2, Types.INTEGER);
        } else {
          ps.setInt(2, i * 3);
        }
        ps.setBigDecimal(3, new BigDecimal(i).add(new BigDecimal("0.20")));
        ps.setDouble(4, i / 7.0);
        ps.setFloat(5, (float) (i / 3.0));
        ps.setObject(
            6, LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i * 3671L).plusNanos(i * 1000L));
        ps.setTimestamp(
            7, Timestamp.from(Instant.parse("2024-06-01T10:00:00Z").plusSeconds(i * 977L)));
        ps.setObject(8, LocalDate.of(2020, 1, 1).plusDays(i));
        ps.setBoolean(9, i % 2 == 0);
        ps.setString(10, "c" + i);
        ps.setString(11, "{\"b\": [1, 2, {\"x\": null}], \"a\": \"é" + i + "\"}");
        ps.setString(
            12, UUID.nameUUIDFromBytes(("u" + i).getBytes(StandardCharsets.UTF_8)).toString());
        ps.setBytes(13, new byte[] {(byte) i, 0, -1, 42});
        if (i % 4 == 0) {
          ps.setNull(14, Types.VARCHAR);
        } else {
          ps.setString(14, "note ☃ 東京 😀 " + i);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  String config(String extra) {
    return MigrationFixture.writeConfig(oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, FAST + extra);
  }

  /** Waits until the shadow queue and re-checks are drained and the roll-up is written. */
  static MismatchReport drained(String url) throws SQLException {
    Migration m = CutoverDriver.migration(url);
    assertTrue(m.drainShadowReads(Duration.ofSeconds(60)), "shadow reads did not drain");
    return m.mismatchReport(5);
  }

  static List<FingerprintRollup> mismatching(MismatchReport r) {
    return r.fingerprints().stream().filter(f -> f.mismatches() > 0).collect(Collectors.toList());
  }

  static int readAll(ResultSet rs) throws SQLException {
    int n = 0;
    while (rs.next()) {
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        rs.getObject(i);
      }
      n++;
    }
    return n;
  }

  @Test
  void identical_data_of_every_common_type_never_mismatches_over_thousands_of_reads()
      throws Exception {
    String url = config("");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement byId = c.prepareStatement("SELECT * FROM shadow_items WHERE id = ?");
        PreparedStatement range =
            c.prepareStatement("SELECT * FROM shadow_items WHERE id BETWEEN ? AND ?");
        Statement st = c.createStatement()) {
      for (int k = 0; k < 2000; k++) {
        int id = 1 + (k * 37) % ROWS;
        byId.setInt(1, id);
        try (ResultSet rs = byId.executeQuery()) {
          assertEquals(1, readAll(rs));
        }
        if (k % 20 == 0) {
          range.setInt(1, id);
          range.setInt(2, id + 30);
          try (ResultSet rs = range.executeQuery()) {
            readAll(rs);
          }
          try (ResultSet rs = st.executeQuery("SELECT * FROM shadow_items ORDER BY id")) {
            assertEquals(ROWS, readAll(rs));
          }
        }
      }
    }
    MismatchReport report = drained(url);
    ShadowStatistics stats = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(List.of(), mismatching(report), report.toJson());
    assertEquals(0, stats.mismatches(), stats.toString());
    assertTrue(stats.comparisons() >= 2000, stats.toString());
    assertEquals(0, stats.errors() + stats.timedOut(), stats.toString());
    assertEquals(
        stats.comparisons(),
        report.fingerprints().stream().mapToLong(FingerprintRollup::comparisons).sum());
  }

  @Test
  void averages_each_engine_computes_to_its_own_precision_never_mismatch() throws Exception {
    // MariaDB rounds AVG to 4 more decimals than its argument; PostgreSQL keeps 16 or more. An
    // integer divided is exact in MariaDB (7 / 3 = 2.3333), and so in PostgreSQL after translation.
    String url = config("");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement avg =
            c.prepareStatement(
                "SELECT qty % 5 AS bucket, AVG(qty) AS avg_qty, AVG(price) AS avg_price,"
                    + " SUM(price) / 7 AS seventh, COUNT(*) / 3 AS thirds FROM shadow_items"
                    + " WHERE id <= ?"
                    + " GROUP BY qty % 5")) {
      for (int k = 0; k < 50; k++) {
        avg.setInt(1, 10 + k * 3);
        try (ResultSet rs = avg.executeQuery()) {
          readAll(rs);
        }
      }
    }
    MismatchReport report = drained(url);
    ShadowStatistics stats = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(List.of(), mismatching(report), report.toJson());
    assertEquals(0, stats.errors(), stats.toString());
    assertTrue(stats.comparisons() >= 50, stats.toString());
  }

  @Test
  void computed_doubles_sent_with_fixed_decimals_never_mismatch() throws Exception {
    // MariaDB sends PI() with 6 decimals, STDDEV_POP(int) and VAR_POP(int) with 4,
    // STDDEV_POP(DECIMAL) with 6, rounded; PostgreSQL the whole double or numeric.
    String url = config("");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT qty % 5 AS bucket, STDDEV_POP(qty) AS sd, VAR_POP(qty) AS var,"
                    + " STDDEV_POP(price) AS sdp FROM shadow_items WHERE id <= ?"
                    + " GROUP BY qty % 5")) {
      try (ResultSet rs = st.executeQuery("SELECT PI() AS pi")) {
        readAll(rs);
      }
      for (int k = 0; k < 20; k++) {
        ps.setInt(1, 10 + k * 7);
        try (ResultSet rs = ps.executeQuery()) {
          readAll(rs);
        }
      }
    }
    MismatchReport report = drained(url);
    ShadowStatistics stats = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(List.of(), mismatching(report), report.toJson());
    assertEquals(0, stats.errors(), stats.toString());
    assertTrue(stats.comparisons() >= 21, stats.toString());
  }

  /**
   * An expression without an alias is labelled by its text in MariaDB ({@code COUNT(*)}) and by its
   * function's name in PostgreSQL ({@code count}, {@code ?column?}): that is not a difference in
   * what the application reads. Found by a helper: every unaliased aggregate of a MariaDB
   * application was a COLUMN_MISMATCH. A table's own columns in another order still are one.
   */
  @Test
  void unaliased_expressions_are_compared_by_position_and_table_columns_by_label_too()
      throws Exception {
    String url = config("");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (String sql :
          List.of(
              "SELECT COUNT(*), MAX(price), MIN(id) + 1, UPPER('x'), 7 FROM shadow_items"
                  + " WHERE id <= 5",
              "SELECT id, id * 2, qty FROM shadow_items WHERE id <= 3 ORDER BY id",
              "SELECT count(*) FROM shadow_items")) {
        try (ResultSet rs = st.executeQuery(sql)) {
          readAll(rs);
        }
      }
    }
    MismatchReport report = drained(url);
    assertEquals(List.of(), mismatching(report), report.toJson());
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(3, s.comparisons(), s.toString());

    // The new side's table with two columns swapped: SELECT * reads other columns there.
    newDb()
        .execute(
            "DROP TABLE IF EXISTS shadow_swapped",
            "CREATE TABLE shadow_swapped (b INT, a INT)",
            "INSERT INTO shadow_swapped VALUES (1, 1)");
    oldDb()
        .execute(
            "DROP TABLE IF EXISTS shadow_swapped",
            "CREATE TABLE shadow_swapped (a INT, b INT)",
            "INSERT INTO shadow_swapped VALUES (1, 1)");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM shadow_swapped")) {
      readAll(rs);
    }
    MismatchReport after = drained(url);
    List<FingerprintRollup> found = mismatching(after);
    assertEquals(1, found.size(), after.toJson());
    assertTrue(
        found.get(0).kinds().containsKey(MismatchKind.COLUMN_MISMATCH), found.get(0).toString());
  }

  @Test
  void a_stored_decimal_difference_under_an_exact_aggregate_or_product_is_found() throws Exception {
    // The new side's numeric(14,4) holds 5.2049 where the old side keeps 5.20. MIN, MAX, SUM and
    // price * 1 are exact in every engine: MySQL's 5.20 is not its rounding of PostgreSQL's value.
    newDb().execute("UPDATE shadow_items SET price = 5.2049 WHERE id = 5");
    Map<String, Integer> cases = new java.util.LinkedHashMap<>();
    cases.put("SELECT MIN(price) AS m FROM shadow_items WHERE id >= ?", 5);
    cases.put("SELECT MAX(price) AS m FROM shadow_items WHERE id <= ?", 5);
    cases.put(
        "SELECT qty % 3 AS q, SUM(price) AS s FROM shadow_items WHERE id <= ? GROUP BY qty % 3",
        10);
    cases.put("SELECT id, price * 1 AS p FROM shadow_items WHERE id = ?", 5);
    String url = config("");
    try (Connection c = DriverManager.getConnection(url)) {
      for (Map.Entry<String, Integer> e : cases.entrySet()) {
        try (PreparedStatement ps = c.prepareStatement(e.getKey())) {
          ps.setInt(1, e.getValue());
          try (ResultSet rs = ps.executeQuery()) {
            readAll(rs);
          }
        }
      }
    }
    MismatchReport report = drained(url);
    List<FingerprintRollup> found = mismatching(report);
    for (String sql : cases.keySet()) {
      FingerprintRollup f =
          found.stream()
              .filter(x -> x.sql().equals(sql))
              .findFirst()
              .orElseThrow(() -> new AssertionError("not reported: " + sql + report.toJson()));
      assertEquals(1, f.persistent(), f.toString());
      assertTrue(f.kinds().containsKey(MismatchKind.VALUE_DIFFERENCE), sql + " " + f.kinds());
    }
    assertEquals(cases.size(), found.size(), report.toJson());
  }

  @Test
  void each_seeded_difference_is_found_and_reported_once_per_fingerprint_with_its_kind_and_column()
      throws Exception {
    newDb()
        .execute(
            "UPDATE shadow_items SET price = 1.23 WHERE id = 5",
            "DELETE FROM shadow_items WHERE id = 6",
            "INSERT INTO shadow_items (id, qty) VALUES (500, 1)",
            "UPDATE shadow_items SET note = NULL WHERE id = 7",
            "UPDATE shadow_items SET created = created + INTERVAL '1' SECOND WHERE id = 9"
                .replace(
                    "'1' SECOND", newDb().engine() == Engine.MARIADB ? "1 SECOND" : "'1 second'"));
    Map<String, Object[]> cases = new java.util.LinkedHashMap<>();
    cases.put(
        "SELECT id, price FROM shadow_items WHERE id = ?",
        new Object[] {5, MismatchKind.VALUE_DIFFERENCE, "price"});
    cases.put(
        "SELECT id, note, code FROM shadow_items WHERE id = ?",
        new Object[] {6, MismatchKind.MISSING_ROWS, null});
    cases.put(
        "SELECT id, qty FROM shadow_items WHERE id >= ?",
        new Object[] {300, MismatchKind.EXTRA_ROWS, null});
    cases.put(
        "SELECT id, note FROM shadow_items WHERE id = ?",
        new Object[] {7, MismatchKind.VALUE_DIFFERENCE, "note"});
    cases.put(
        "SELECT id, created FROM shadow_items WHERE id = ?",
        new Object[] {9, MismatchKind.VALUE_DIFFERENCE, "created"});
    String url = config("");
    try (Connection c = DriverManager.getConnection(url)) {
      for (Map.Entry<String, Object[]> e : cases.entrySet()) {
        try (PreparedStatement ps = c.prepareStatement(e.getKey())) {
          for (int k = 0; k < 3; k++) {
            ps.setInt(1, (Integer) e.getValue()[0]);
            try (ResultSet rs = ps.executeQuery()) {
              readAll(rs);
            }
          }
        }
      }
    }
    MismatchReport report = drained(url);
    List<FingerprintRollup> found = mismatching(report);
    assertEquals(cases.size(), found.size(), report.toJson());
    for (Map.Entry<String, Object[]> e : cases.entrySet()) {
      FingerprintRollup f =
          found.stream()
              .filter(x -> x.sql().equals(e.getKey()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("not reported: " + e.getKey()));
      MismatchKind kind = (MismatchKind) e.getValue()[1];
      assertEquals(3, f.mismatches(), f.toString());
      assertEquals(3, f.persistent(), f.toString());
      assertEquals(0, f.transients(), f.toString());
      assertTrue(f.kinds().containsKey(kind), e.getKey() + " " + f.kinds());
      assertFalse(f.samples().isEmpty());
      MismatchReport.Sample s = f.samples().get(0);
      assertEquals(Classification.PERSISTENT, s.classification());
      assertEquals(kind, s.kind(), s.toString());
      assertTrue(s.detail().contains("\"rows\":[{"), s.detail());
      if (e.getValue()[2] != null) {
        assertTrue(s.detail().contains("\"column\":\"" + e.getValue()[2] + "\""), s.detail());
      }
      assertNotNull(f.lastSeen());
    }
    String json = report.toJson();
    assertTrue(json.contains("\"persistent\":3") && json.contains("\"samples\":[{"), json);
  }

  @Test
  void a_secondary_lagging_longer_than_the_recheck_delay_is_never_reported_persistent()
      throws Exception {
    // Asynchronous dual-write, and the new side takes 300 ms to start each driver UPDATE (a
    // statement-level trigger sleeps before any row is touched): for that long the primary holds
    // still with the new value while the secondary still has the old one, far beyond the 100 ms
    // re-check delay. Only a second re-check, later, sees the secondary catch up.
    newDb()
        .execute(
            "CREATE OR REPLACE FUNCTION shadow_slow_start() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN IF current_query() ILIKE 'update%' THEN PERFORM pg_sleep(0.3); END IF;"
                + " RETURN NULL; END $$",
            "CREATE TRIGGER shadow_slow_start BEFORE UPDATE ON shadow_items"
                + " FOR EACH STATEMENT EXECUTE FUNCTION shadow_slow_start()");
    String url =
        MigrationFixture.writeConfig(
            oldDb(),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "dualWrite: { mode: async }\n"
                + "shadow: { sampleRate: 1.0, recheckDelay: 100ms, timeout: 5s }\n");
    try (Connection c = DriverManager.getConnection(url)) {
      try (Statement st = c.createStatement()) {
        assertEquals(1, st.executeUpdate("UPDATE shadow_items SET qty = 777 WHERE id = 4"));
      }
      try (PreparedStatement ps =
          c.prepareStatement("SELECT id, qty FROM shadow_items WHERE id = ?")) {
        ps.setInt(1, 4);
        try (ResultSet rs = ps.executeQuery()) {
          assertEquals(1, readAll(rs));
        }
      }
    }
    Migration m = CutoverDriver.migration(url);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (m.pendingSecondaryWrites() > 0) {
      assertTrue(System.nanoTime() < deadline, "the secondary write did not land");
      Thread.sleep(10);
    }
    MismatchReport report = drained(url);
    List<FingerprintRollup> found = mismatching(report);
    assertEquals(1, found.size(), report.toJson());
    assertEquals(0, found.get(0).persistent(), report.toJson());
    assertEquals(1, found.get(0).transients(), report.toJson());
    assertEquals(777, newDb().queryLong("SELECT qty FROM shadow_items WHERE id = 4"));
  }

  @Test
  void a_mismatch_whose_recheck_fails_is_counted_and_never_reported_persistent() throws Exception {
    newDb().execute("UPDATE shadow_items SET qty = -1 WHERE id = 3");
    String url =
        MigrationFixture.writeConfig(
            oldDb(),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "shadow: { sampleRate: 1.0, recheckDelay: 1500ms, timeout: 5s }\n");
    String sql = "SELECT id, qty FROM shadow_items WHERE id = 3";
    readEach(url, List.of(sql), 1);
    Migration m = CutoverDriver.migration(url);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (m.shadowStatistics().comparisons() == 0) {
      assertTrue(System.nanoTime() < deadline, "the first comparison did not happen");
      Thread.sleep(5);
    }
    // The difference is real, but the re-check's reads fail: it confirms nothing.
    newDb().execute("ALTER TABLE shadow_items RENAME TO shadow_items_away");
    try {
      MismatchReport report = drained(url);
      ShadowStatistics s = m.shadowStatistics();
      assertEquals(1, s.mismatches(), s.toString());
      assertEquals(1, s.recheckFailed(), s.toString());
      List<FingerprintRollup> found = mismatching(report);
      assertEquals(1, found.size(), report.toJson());
      FingerprintRollup f = found.get(0);
      assertEquals(0, f.persistent(), f.toString());
      assertEquals(1, f.transients(), f.toString());
      assertEquals(Classification.TRANSIENT, f.samples().get(0).classification(), f.toString());
    } finally {
      newDb().execute("DROP TABLE IF EXISTS shadow_items_away");
    }
  }

  @Test
  void a_time_of_day_differing_by_one_microsecond_is_found() throws Exception {
    // java.sql.Time (plain getObject) drops the fraction, so both sides would read 10:00:00 and
    // a real difference would pass unnoticed; the tee reads LocalTime.
    for (boolean newSide : new boolean[] {false, true}) {
      TestDatabase db = newSide ? newDb() : oldDb();
      db.execute(
          "DROP TABLE IF EXISTS shadow_times",
          "CREATE TABLE shadow_times (id INT PRIMARY KEY, t TIME(6))",
          "INSERT INTO shadow_times VALUES (1, '10:00:00.123456'), (2, '10:00:00."
              + (newSide ? "654322" : "654321")
              + "')");
    }
    String url = config("");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("SELECT id, t FROM shadow_times WHERE id = ?")) {
      for (int id = 1; id <= 2; id++) {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          assertEquals(1, readAll(rs));
        }
      }
    }
    MismatchReport report = drained(url);
    List<FingerprintRollup> found = mismatching(report);
    assertEquals(1, found.size(), report.toJson());
    assertEquals(2, found.get(0).comparisons(), report.toJson());
    assertEquals(1, found.get(0).persistent(), report.toJson());
    MismatchReport.Sample s = found.get(0).samples().get(0);
    assertEquals(MismatchKind.VALUE_DIFFERENCE, s.kind(), s.toString());
    assertTrue(s.detail().contains("\"column\":\"t\""), s.detail());
  }

  @Test
  void reads_without_order_by_whose_row_order_differs_between_engines_do_not_mismatch()
      throws Exception {
    String url = config("");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (int k = 0; k < 50; k++) {
        try (ResultSet rs = st.executeQuery("SELECT v, label FROM shadow_bag")) {
          assertEquals(50, readAll(rs));
        }
        try (ResultSet rs = st.executeQuery("SELECT v FROM shadow_bag WHERE v < 5")) {
          assertEquals(25, readAll(rs));
        }
        assertTrue(st.execute("SELECT label FROM shadow_bag WHERE v >= 5"));
        try (ResultSet rs = st.getResultSet()) {
          assertEquals(25, readAll(rs));
        }
      }
    }
    MismatchReport report = drained(url);
    assertEquals(List.of(), mismatching(report), report.toJson());
    assertEquals(150, CutoverDriver.migration(url).shadowStatistics().comparisons());
  }

  @Test
  void text_and_null_order_by_keys_each_engine_sorts_its_own_way_never_mismatch() throws Exception {
    // PostgreSQL's C collation puts 'Banana' before 'apple' and NULL last; MariaDB's
    // case-insensitive default puts 'apple' first and NULL first.
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(
          "DROP TABLE IF EXISTS shadow_names",
          db.engine() == Engine.POSTGRES
              ? "CREATE TABLE shadow_names (id INT PRIMARY KEY, name VARCHAR(20) COLLATE \"C\")"
              : "CREATE TABLE shadow_names (id INT PRIMARY KEY, name VARCHAR(20))",
          "INSERT INTO shadow_names VALUES (1, 'apple'), (2, 'Banana'), (3, NULL), (4, 'cherry'),"
              + " (5, 'Date')");
    }
    String url = config("");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (int k = 0; k < 20; k++) {
        try (ResultSet rs = st.executeQuery("SELECT id, name FROM shadow_names ORDER BY name")) {
          assertEquals(5, readAll(rs));
        }
        try (ResultSet rs =
            st.executeQuery("SELECT id, name FROM shadow_names ORDER BY name LIMIT 2")) {
          assertEquals(2, readAll(rs));
        }
      }
    }
    MismatchReport report = drained(url);
    assertEquals(List.of(), mismatching(report), report.toJson());
    ShadowStatistics stats = CutoverDriver.migration(url).shadowStatistics();
    // Every full read compared equal; a LIMIT page whose rows an engine's own order chose is not
    // comparable (never a mismatch) when the engines disagree, as MariaDB and PostgreSQL do here.
    assertTrue(stats.comparisons() >= 20, stats.toString());
    assertEquals(40, stats.comparisons() + stats.notComparable(), stats.toString());
  }

  @Test
  void a_read_ended_by_get_more_results_is_still_compared() throws Exception {
    // JdbcTemplate-style: execute(), read the one row with if (rs.next()), then getMoreResults()
    // instead of close().
    String url = config("");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (int k = 0; k < 10; k++) {
        assertTrue(st.execute("SELECT COUNT(*) AS n FROM shadow_bag"));
        ResultSet rs = st.getResultSet();
        assertTrue(rs.next());
        assertEquals(50, rs.getLong(1));
        assertFalse(st.getMoreResults());
      }
    }
    MismatchReport report = drained(url);
    assertEquals(List.of(), mismatching(report), report.toJson());
    assertEquals(10, CutoverDriver.migration(url).shadowStatistics().comparisons());
  }

  @Test
  void a_read_whose_result_set_is_never_closed_is_still_compared() throws Exception {
    String url = config("");
    try (Connection c = DriverManager.getConnection(url)) {
      for (int k = 0; k < 5; k++) {
        // Only the statement is closed (try-with-resources on it alone).
        try (Statement st = c.createStatement()) {
          ResultSet rs = st.executeQuery("SELECT COUNT(*) AS n FROM shadow_bag");
          assertTrue(rs.next());
        }
      }
      // And a statement left open, closed with its connection.
      Statement left = c.createStatement();
      ResultSet rs = left.executeQuery("SELECT COUNT(*) AS n FROM shadow_bag");
      assertTrue(rs.next());
    }
    MismatchReport report = drained(url);
    assertEquals(List.of(), mismatching(report), report.toJson());
    assertEquals(6, CutoverDriver.migration(url).shadowStatistics().comparisons());
  }

  @Test
  void a_read_finished_after_the_migration_closed_starts_no_shadow_threads() throws Exception {
    String url = config("");
    Migration m = CutoverDriver.migration(url);
    String name = m.name();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      ResultSet rs = st.executeQuery("SELECT v, label FROM shadow_bag");
      assertTrue(rs.next());
      m.close();
      readAll(rs);
      rs.close();
    }
    List<String> left =
        Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .map(Thread::getName)
            .filter(n -> n.contains("cutover-shadow") && n.contains(name))
            .collect(java.util.stream.Collectors.toList());
    assertEquals(List.of(), left, "threads started for a closed migration");
    assertEquals(1, m.shadowStatistics().shed(), m.shadowStatistics().toString());
  }

  @Test
  void re_checks_beyond_the_queue_capacity_are_reported_unconfirmed_instead_of_piling_up()
      throws Exception {
    newDb().execute("UPDATE shadow_items SET qty = 12345 WHERE id = 3");
    String url =
        MigrationFixture.writeConfig(
            oldDb(),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "shadow: { sampleRate: 1.0, queueCapacity: 4, recheckDelay: 1s, timeout: 5s }\n");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (int k = 0; k < 40; k++) {
        try (ResultSet rs = st.executeQuery("SELECT id, qty FROM shadow_items WHERE id = 3")) {
          readAll(rs);
        }
        Thread.sleep(10);
      }
    }
    MismatchReport report = drained(url);
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    long persistent = report.fingerprints().stream().mapToLong(FingerprintRollup::persistent).sum();
    assertTrue(s.mismatches() > 8, s.toString());
    assertTrue(persistent >= 1 && persistent <= 4, persistent + " " + s);
    assertEquals(s.mismatches() - persistent, s.recheckFailed(), s.toString());
  }

  @Test
  void a_concurrent_writer_causes_only_transient_mismatches() throws Exception {
    String url = config("");
    AtomicReference<Throwable> writerFailed = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              try (Connection c = DriverManager.getConnection(url);
                  PreparedStatement ps =
                      c.prepareStatement(
                          "UPDATE shadow_items SET qty = COALESCE(qty, 0) + 1 WHERE id <= 10")) {
                for (int k = 0; k < 200; k++) {
                  ps.executeUpdate();
                  Thread.sleep(3);
                }
              } catch (Exception | AssertionError e) {
                writerFailed.set(e);
              }
            });
    writer.start();
    int reads = 0;
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement("SELECT id, qty FROM shadow_items WHERE id <= ? ORDER BY id")) {
      while (reads < 400) {
        ps.setInt(1, 10);
        try (ResultSet rs = ps.executeQuery()) {
          assertEquals(10, readAll(rs));
        }
        reads++;
      }
    }
    writer.join();
    assertEquals(null, writerFailed.get());
    MismatchReport report = drained(url);
    long mismatches = 0;
    for (FingerprintRollup f : report.fingerprints()) {
      assertEquals(0, f.persistent(), report.toJson());
      assertEquals(f.mismatches(), f.transients(), report.toJson());
      mismatches += f.mismatches();
    }
    System.out.println(
        "concurrent writer: " + reads + " reads, " + mismatches + " transient mismatches");
    MigrationFixture.rows(oldDb(), "shadow_items");
  }

  @Test
  void a_dead_secondary_never_fails_application_reads_and_shadow_reads_are_shed_and_counted()
      throws Exception {
    String dead = "jdbc:postgresql://127.0.0.1:9/nothing";
    String url =
        MigrationFixture.writeConfig(
            oldDb().url(),
            oldDb(),
            dead,
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "shadow: { sampleRate: 1.0, queueCapacity: 2, threads: 1, timeout: 300ms }\n");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement("SELECT id, price FROM shadow_items WHERE id = ?")) {
      for (int k = 0; k < 300; k++) {
        ps.setInt(1, 1 + k % ROWS);
        try (ResultSet rs = ps.executeQuery()) {
          assertEquals(1, readAll(rs));
        }
      }
    }
    drained(url);
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertTrue(s.shed() > 0, s.toString());
    assertTrue(s.timedOut() + s.errors() > 0, s.toString());
    assertEquals(0, s.comparisons(), s.toString());
    assertEquals(300, s.shed() + s.timedOut() + s.errors(), s.toString());
  }

  @Test
  void shadow_threads_run_below_the_application_at_the_configured_nice_value() throws Exception {
    assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "per-thread nice is Linux's");
    int appNice = BackgroundPriority.currentNice();
    assumeTrue(appNice < 7, "the test JVM already runs at nice " + appNice);
    // 7 is used by no other test, so a shadow thread at 7 belongs to this migration.
    String url =
        MigrationFixture.writeConfig(
            oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, FAST.replace(" }", ", threadNice: 7 }"));
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement("SELECT id, price FROM shadow_items WHERE id = ?")) {
      for (int k = 0; k < 50; k++) {
        ps.setInt(1, 1 + k);
        try (ResultSet rs = ps.executeQuery()) {
          assertEquals(1, readAll(rs));
        }
      }
    }
    drained(url);
    assertEquals(50, CutoverDriver.migration(url).shadowStatistics().comparisons());
    Map<String, List<Integer>> nices = nicesByThreadName();
    List<Integer> shadowNices = nices.getOrDefault("cutover-shadow-", List.of());
    assertTrue(shadowNices.contains(7), "shadow threads' nice values: " + nices);
    // The shadow reads' statement timeouts need pgjdbc's JVM-wide timer thread; it serves the
    // application's statements too, so it must not have been created by (and inherited 7 from) a
    // shadow thread.
    List<Integer> timers = nices.getOrDefault("PostgreSQL-JDBC", List.of());
    assertFalse(timers.isEmpty(), "no pgjdbc timer thread: " + nices);
    assertFalse(timers.contains(7), "pgjdbc's shared timer runs at the shadow threads' nice");
    assertEquals(appNice, BackgroundPriority.currentNice(), "the application's thread was reniced");
  }

  @Test
  void the_latency_guard_measures_application_reads_and_admits_shadow_reads_between_off_windows()
      throws Exception {
    // A bound of 1000%: nothing here slows reads elevenfold, so the guard keeps admitting all
    // sampled reads (up to its starting rate) outside its off windows, and the ratio it measured
    // over its first five off/on pairs shows it saw the reads.
    String url =
        MigrationFixture.writeConfig(
            oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, FAST.replace(" }", ", latencyGuard: 1000 }"));
    long end = System.nanoTime() + Duration.ofMillis(7000).toNanos();
    int reads = 0;
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement("SELECT id, price FROM shadow_items WHERE id = ?")) {
      while (System.nanoTime() < end) {
        ps.setInt(1, 1 + reads % ROWS);
        try (ResultSet rs = ps.executeQuery()) {
          assertEquals(1, readAll(rs));
        }
        reads++;
        // Paced, so the shadow threads keep up and nothing is shed for a full queue.
        Thread.sleep(2);
      }
    }
    drained(url);
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(reads, s.sampled(), s.toString());
    assertTrue(s.guardShed() > 0, "the off windows shed: " + s);
    assertEquals(s.guardShed(), s.shed(), "only the guard shed: " + s);
    assertEquals(reads - s.guardShed(), s.comparisons(), s.toString());
    assertEquals(0, s.mismatches() + s.errors(), s.toString());
    assertTrue(
        s.guardLatencyRatio() > 0.2 && s.guardLatencyRatio() < 11,
        "a measured cycle: " + s.guardLatencyRatio());
  }

  /** Nice values of this JVM's threads by their kernel name (the first 15 characters). */
  static Map<String, List<Integer>> nicesByThreadName() throws java.io.IOException {
    Map<String, List<Integer>> nices = new java.util.TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          nices
              .computeIfAbsent(
                  Files.readString(task.resolve("comm")).strip(), k -> new ArrayList<>())
              .add(Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]));
        } catch (java.io.IOException gone) {
          // The thread ended while being listed.
        }
      }
    }
    return nices;
  }

  @Test
  void a_locked_secondary_table_times_shadow_reads_out_while_application_reads_carry_on()
      throws Exception {
    String url =
        MigrationFixture.writeConfig(
            oldDb(),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "shadow: { sampleRate: 1.0, queueCapacity: 4, threads: 1, timeout: 1s }\n");
    try (Connection lock = newDb().connect()) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE shadow_items IN ACCESS EXCLUSIVE MODE");
      }
      try (Connection c = DriverManager.getConnection(url);
          PreparedStatement ps =
              c.prepareStatement("SELECT id, note FROM shadow_items WHERE id = ?")) {
        for (int k = 0; k < 200; k++) {
          ps.setInt(1, 1 + k % ROWS);
          try (ResultSet rs = ps.executeQuery()) {
            assertEquals(1, readAll(rs));
          }
        }
      }
      drained(url);
      lock.rollback();
    }
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertTrue(s.timedOut() > 0, s.toString());
    assertTrue(s.shed() > 0, s.toString());
    assertEquals(0, s.mismatches(), s.toString());
    MismatchReport report = CutoverDriver.migration(url).mismatchReport(1);
    assertTrue(
        report.fingerprints().stream().anyMatch(f -> f.kinds().containsKey(MismatchKind.TIMEOUT)),
        report.toJson());
  }

  /**
   * An ORM's unit of work: read a row, change it, commit. When the shadow read of that first read
   * runs after the commit, the secondary shows the row as the application left it. That is the
   * application's own write, not a difference of the data: it was reported as a TRANSIENT mismatch,
   * one per such transaction (Hibernate through the driver showed a dozen on a small workload). The
   * shadow thread is held on a locked table of the secondary until the transaction has committed,
   * so the shadow read always runs after it.
   */
  @Test
  void a_read_whose_own_connection_then_writes_its_rows_is_not_reported() throws Exception {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute("DROP TABLE IF EXISTS shadow_gate", "CREATE TABLE shadow_gate (id INT)");
    }
    String url =
        MigrationFixture.writeConfig(
            oldDb(),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "shadow: { sampleRate: 1.0, threads: 1, recheckDelay: 50ms, timeout: 30s }\n");
    try (Connection gate = newDb().connect();
        Connection c = DriverManager.getConnection(url)) {
      gate.setAutoCommit(false);
      try (Statement s = gate.createStatement()) {
        s.execute("LOCK TABLE shadow_gate IN ACCESS EXCLUSIVE MODE");
      }
      try (Statement st = c.createStatement()) {
        // Its shadow read waits on the lock, holding the only shadow thread.
        try (ResultSet rs = st.executeQuery("SELECT id FROM shadow_gate")) {
          readAll(rs);
        }
        c.setAutoCommit(false);
        try (ResultSet rs = st.executeQuery("SELECT id, qty FROM shadow_items WHERE id = 3")) {
          assertEquals(1, readAll(rs));
        }
        st.executeUpdate("UPDATE shadow_items SET qty = qty + 1000 WHERE id = 3");
        c.commit();
        c.setAutoCommit(true);
      }
      gate.rollback();
      MismatchReport report = drained(url);
      ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
      assertEquals(1, s.ownWriteRaces(), s.toString());
      assertEquals(0, s.mismatches(), s.toString());
      assertEquals(List.of(), mismatching(report), report.toJson());

      // Another connection's write still races as before: reported TRANSIENT.
      try (Statement s2 = gate.createStatement()) {
        s2.execute("LOCK TABLE shadow_gate IN ACCESS EXCLUSIVE MODE");
      }
      try (Statement st = c.createStatement();
          Connection other = DriverManager.getConnection(url);
          Statement ot = other.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT id FROM shadow_gate")) {
          readAll(rs);
        }
        try (ResultSet rs = st.executeQuery("SELECT id, qty FROM shadow_items WHERE id = 4")) {
          assertEquals(1, readAll(rs));
        }
        ot.executeUpdate("UPDATE shadow_items SET qty = qty + 1000 WHERE id = 4");
      }
      gate.rollback();
      report = drained(url);
      s = CutoverDriver.migration(url).shadowStatistics();
      assertEquals(1, s.ownWriteRaces(), s.toString());
      assertEquals(1, s.mismatches(), s.toString());
      assertEquals(
          1,
          report.fingerprints().stream().mapToLong(FingerprintRollup::transients).sum(),
          report.toJson());
    }
  }

  /**
   * A real difference of a row the application reads and then changes: the read's own connection
   * writes another column of it before the shadow read runs. The re-check sees the primary moved,
   * and the own-write check dropped the difference unreported although the secondary still differs
   * in a column the write did not touch. An ORM reads every entity it changes this way, so such a
   * row's difference was never reported.
   */
  @Test
  void a_real_difference_survives_the_reads_own_later_write() throws Exception {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute("DROP TABLE IF EXISTS shadow_gate", "CREATE TABLE shadow_gate (id INT)");
    }
    newDb().execute("UPDATE shadow_items SET note = 'drifted' WHERE id = 5");
    String url =
        MigrationFixture.writeConfig(
            oldDb(),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "shadow: { sampleRate: 1.0, threads: 1, recheckDelay: 50ms, timeout: 30s }\n");
    try (Connection gate = newDb().connect();
        Connection c = DriverManager.getConnection(url)) {
      gate.setAutoCommit(false);
      try (Statement s = gate.createStatement()) {
        s.execute("LOCK TABLE shadow_gate IN ACCESS EXCLUSIVE MODE");
      }
      try (Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT id FROM shadow_gate")) {
          readAll(rs);
        }
        c.setAutoCommit(false);
        try (ResultSet rs =
            st.executeQuery("SELECT id, qty, note FROM shadow_items WHERE id = 5")) {
          assertEquals(1, readAll(rs));
        }
        st.executeUpdate("UPDATE shadow_items SET qty = 7777 WHERE id = 5");
        c.commit();
        c.setAutoCommit(true);
      }
      gate.rollback();
      MismatchReport report = drained(url);
      ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
      assertEquals(0, s.ownWriteRaces(), s.toString());
      assertEquals(1, s.mismatches(), s.toString());
      assertEquals(1, mismatching(report).size(), report.toJson());
    }
  }

  @Test
  void reads_inside_a_transaction_opened_with_sql_text_that_has_written_are_skipped()
      throws Exception {
    // The same as with setAutoCommit(false), with BEGIN ... COMMIT as text and autocommit on:
    // the reads see the transaction's own uncommitted write, which no shadow connection can.
    String url = config("");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("BEGIN");
      st.executeUpdate("UPDATE shadow_items SET qty = 999 WHERE id = 3");
      for (int k = 0; k < 5; k++) {
        try (ResultSet rs = st.executeQuery("SELECT id, qty FROM shadow_items WHERE id = 3")) {
          assertTrue(rs.next());
          assertEquals(999, rs.getInt(2));
        }
      }
      st.execute("COMMIT");
      try (ResultSet rs = st.executeQuery("SELECT id, qty FROM shadow_items WHERE id = 3")) {
        readAll(rs);
      }
    }
    MismatchReport report = drained(url);
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(5, s.skipped(), s.toString());
    assertEquals(1, s.comparisons(), s.toString());
    assertEquals(List.of(), mismatching(report), report.toJson());
  }

  @Test
  void reads_inside_a_transaction_that_has_written_are_skipped_and_counted() throws Exception {
    String url = config("");
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT id, qty FROM shadow_items WHERE id = 3")) {
          readAll(rs);
        }
        st.executeUpdate("UPDATE shadow_items SET qty = 999 WHERE id = 3");
        for (int k = 0; k < 5; k++) {
          try (ResultSet rs = st.executeQuery("SELECT id, qty FROM shadow_items WHERE id = 3")) {
            assertTrue(rs.next());
            assertEquals(999, rs.getInt(2));
          }
        }
      }
      c.commit();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT id, qty FROM shadow_items WHERE id = 3")) {
        readAll(rs);
      }
      c.commit();
    }
    MismatchReport report = drained(url);
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(5, s.skipped(), s.toString());
    assertEquals(2, s.comparisons(), s.toString());
    // The read before the write may be shadowed after the commit reached the secondary: a race,
    // which the re-check must call TRANSIENT, never PERSISTENT.
    assertEquals(
        0,
        report.fingerprints().stream().mapToLong(FingerprintRollup::persistent).sum(),
        report.toJson());
  }

  @Test
  void sampling_follows_the_runtime_rate_and_only_dual_phases_shadow() throws Exception {
    String url = config("");
    Migration m = CutoverDriver.migration(url);
    m.setShadowSampleRate(0.0);
    List<Integer> seen = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (int k = 0; k < 20; k++) {
        try (ResultSet rs = st.executeQuery("SELECT id FROM shadow_items WHERE id = 1")) {
          seen.add(readAll(rs));
        }
      }
      assertEquals(0, m.shadowStatistics().sampled());
      m.setShadowSampleRate(1.0);
      try (ResultSet rs = st.executeQuery("SELECT id FROM shadow_items WHERE id = 1")) {
        readAll(rs);
      }
      assertEquals(1, m.shadowStatistics().sampled());
      m.setPhase(Phase.OLD, "test");
      try (ResultSet rs = st.executeQuery("SELECT id FROM shadow_items WHERE id = 1")) {
        readAll(rs);
      }
      assertEquals(1, m.shadowStatistics().sampled());
    }
    drained(url);
    assertEquals(21, seen.size() + 1);
  }

  @Test
  void max_rows_and_results_closed_early_compare_only_what_the_application_read() throws Exception {
    newDb().execute("UPDATE shadow_items SET qty = -1 WHERE id = 150");
    String url = config("");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.setMaxRows(5);
      for (int k = 0; k < 5; k++) {
        try (ResultSet rs = st.executeQuery("SELECT id, qty FROM shadow_items WHERE id < 100")) {
          assertEquals(5, readAll(rs));
        }
      }
      st.setMaxRows(0);
      for (int k = 0; k < 5; k++) {
        try (ResultSet rs = st.executeQuery("SELECT id, qty FROM shadow_items ORDER BY id")) {
          for (int r = 0; r < 10; r++) {
            assertTrue(rs.next());
            rs.getInt(2);
          }
        }
      }
    }
    MismatchReport report = drained(url);
    assertEquals(List.of(), mismatching(report), report.toJson());
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(5, s.comparisons(), s.toString());
    assertEquals(5, s.notComparable(), s.toString());
  }

  @Test
  void statements_with_non_deterministic_functions_are_classified_apart_from_real_mismatches()
      throws Exception {
    String url = config("");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (int k = 0; k < 10; k++) {
        try (ResultSet rs =
            st.executeQuery("SELECT id, NOW() AS at FROM shadow_items WHERE id <= 3")) {
          assertEquals(3, readAll(rs));
        }
      }
    }
    MismatchReport report = drained(url);
    for (FingerprintRollup f : report.fingerprints()) {
      assertEquals(f.mismatches(), f.nonDeterministic(), report.toJson());
      assertEquals(0, f.persistent() + f.transients(), report.toJson());
    }
    assertEquals(10, CutoverDriver.migration(url).shadowStatistics().comparisons());
  }

  @Test
  void table_rates_and_ignored_columns_from_the_configuration_apply() throws Exception {
    newDb().execute("UPDATE shadow_items SET price = 1.23 WHERE id = 5");
    String url =
        MigrationFixture.writeConfig(
            oldDb(),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "shadow: { sampleRate: 1.0, recheckDelay: 10ms, tables: { shadow_bag: { sampleRate:"
                + " 0.0 }, SHADOW_ITEMS: { ignoreColumns: [price] } } }\n");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (int k = 0; k < 5; k++) {
        try (ResultSet rs = st.executeQuery("SELECT id, price FROM shadow_items WHERE id = 5")) {
          assertEquals(1, readAll(rs));
        }
        try (ResultSet rs = st.executeQuery("SELECT v FROM shadow_bag")) {
          assertEquals(50, readAll(rs));
        }
      }
    }
    MismatchReport report = drained(url);
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(5, s.sampled(), s.toString());
    assertEquals(5, s.comparisons(), s.toString());
    assertEquals(List.of(), mismatching(report), report.toJson());
  }

  /**
   * shadow_ties: 20 rows in four groups of five equal {@code grp}, written in opposite orders on
   * the two sides so that each engine returns the rows of a group in another order.
   */
  void tiesTable() {
    for (boolean newSide : new boolean[] {false, true}) {
      TestDatabase db = newSide ? newDb() : oldDb();
      db.execute(
          "DROP TABLE IF EXISTS shadow_ties",
          "CREATE TABLE shadow_ties (id INT, grp INT, label VARCHAR(20))");
      StringBuilder insert = new StringBuilder("INSERT INTO shadow_ties VALUES ");
      for (int k = 0; k < 20; k++) {
        int id = newSide ? 20 - k : k + 1;
        insert.append(k == 0 ? "" : ", ").append("(" + id + ", " + id % 4 + ", 'l" + id + "')");
      }
      db.execute(insert.toString());
    }
  }

  static List<Object> ids(TestDatabase db, String sql) {
    return db.query(sql).stream()
        .map(row -> MigrationFixture.normalize(row.get(0)))
        .collect(Collectors.toList());
  }

  static String fingerprintId(TestDatabase oldDb, String sql) {
    return String.format(
        Locale.ROOT,
        "%016x",
        SqlAnalyzer.analyzeUncached(sql, Dialect.fromJdbcUrl(oldDb.url())).fingerprintHash());
  }

  static void readEach(String url, List<String> queries, int times) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (int k = 0; k < times; k++) {
        for (String q : queries) {
          try (ResultSet rs = st.executeQuery(q)) {
            readAll(rs);
          }
        }
      }
    }
  }

  @Test
  void ties_in_the_order_by_keys_in_another_physical_order_never_mismatch() throws Exception {
    tiesTable();
    // Without this the test would prove nothing: the engines really order ties differently.
    assertNotEquals(
        ids(oldDb(), "SELECT id FROM shadow_ties ORDER BY grp"),
        ids(newDb(), "SELECT id FROM shadow_ties ORDER BY grp"));
    assertNotEquals(
        ids(oldDb(), "SELECT id FROM shadow_ties ORDER BY grp LIMIT 7"),
        ids(newDb(), "SELECT id FROM shadow_ties ORDER BY grp LIMIT 7"));
    List<String> mapped =
        List.of(
            "SELECT id, grp, label FROM shadow_ties ORDER BY grp",
            "SELECT t.id, t.grp FROM shadow_ties t ORDER BY t.grp DESC",
            "SELECT id, grp AS g FROM shadow_ties ORDER BY g",
            "SELECT id, grp FROM shadow_ties ORDER BY 2 ASC",
            "SELECT id, grp FROM shadow_ties ORDER BY grp LIMIT 7");
    // Rows 8 to 12 are the tail of one group of ties and the head of the next: each may hold other
    // rows per engine, and no whole group is left to compare, so nothing is known.
    String window = "SELECT id, label, grp FROM shadow_ties ORDER BY grp LIMIT 5 OFFSET 7";
    List<String> unmapped =
        List.of(
            "SELECT id, label FROM shadow_ties ORDER BY grp",
            "SELECT id, grp FROM shadow_ties ORDER BY grp + 0",
            "SELECT id, grp AS g FROM shadow_ties ORDER BY g, label");
    String url = config("");
    readEach(url, mapped, 5);
    readEach(url, unmapped, 5);
    readEach(url, List.of(window), 5);
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, grp FROM shadow_ties WHERE id > ? ORDER BY grp DESC LIMIT ?")) {
      for (int k = 0; k < 5; k++) {
        ps.setInt(1, 0);
        ps.setInt(2, 12);
        try (ResultSet rs = ps.executeQuery()) {
          assertEquals(12, readAll(rs));
        }
      }
    }
    MismatchReport report = drained(url);
    assertEquals(List.of(), mismatching(report), report.toJson());
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(5 * (mapped.size() + unmapped.size() + 1), s.comparisons(), s.toString());
    assertEquals(5 * unmapped.size(), s.orderUnmapped(), s.toString());
    assertEquals(5, s.notComparable(), s.toString());
  }

  @Test
  void a_real_difference_inside_a_tie_group_is_found() throws Exception {
    tiesTable();
    newDb().execute("UPDATE shadow_ties SET label = 'changed' WHERE id = 8");
    List<String> queries =
        List.of(
            "SELECT id, grp, label FROM shadow_ties ORDER BY grp",
            "SELECT id, grp, label FROM shadow_ties ORDER BY grp LIMIT 7",
            "SELECT id, label FROM shadow_ties ORDER BY grp");
    String url = config("");
    readEach(url, queries, 3);
    MismatchReport report = drained(url);
    List<FingerprintRollup> found = mismatching(report);
    assertEquals(queries.size(), found.size(), report.toJson());
    for (FingerprintRollup f : found) {
      assertEquals(3, f.persistent(), f.toString());
      assertEquals(MismatchKind.VALUE_DIFFERENCE, f.samples().get(0).kind(), f.toString());
      assertTrue(f.samples().get(0).detail().contains("\"column\":\"label\""), f.toString());
    }
  }

  @Test
  void statements_differing_only_in_their_order_by_ordinal_are_compared_each_by_its_own_order()
      throws Exception {
    tiesTable();
    String byId = "SELECT grp, id FROM shadow_ties ORDER BY 2";
    String byGroup = "SELECT grp, id FROM shadow_ties ORDER BY 1";
    // One fingerprint (the ordinal is a literal), but not one order: by the unique id, or by grp
    // whose ties each engine returns in another order.
    assertEquals(fingerprintId(oldDb(), byId), fingerprintId(oldDb(), byGroup));
    assertNotEquals(
        ids(oldDb(), "SELECT id FROM shadow_ties ORDER BY grp"),
        ids(newDb(), "SELECT id FROM shadow_ties ORDER BY grp"));
    String url = config("");
    // The ORDER BY 2 read goes first, so its plan is the one built for the fingerprint.
    readEach(url, List.of(byId), 1);
    drained(url);
    readEach(url, List.of(byGroup, byId), 3);
    MismatchReport report = drained(url);
    assertEquals(List.of(), mismatching(report), report.toJson());
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(7, s.comparisons(), s.toString());
    assertEquals(0, s.orderUnmapped(), s.toString());
  }

  @Test
  void fingerprint_rules_ignore_columns_and_set_float_tolerance_and_time_precision_for_it_only()
      throws Exception {
    newDb()
        .execute(
            "UPDATE shadow_items SET price = 1.23, ratio = ratio * (1 + 1e-7) WHERE id = 5",
            "UPDATE shadow_items SET ratio = ratio * (1 + 1e-12) WHERE id = 6",
            newDb().engine() == Engine.MARIADB
                ? "UPDATE shadow_items SET created = created + INTERVAL 200 MICROSECOND WHERE id = 7"
                : "UPDATE shadow_items SET created = created + INTERVAL '200 microseconds'"
                    + " WHERE id = 7");
    String ignored = "SELECT id, price FROM shadow_items WHERE id = 5";
    String tolerant = "SELECT id, ratio FROM shadow_items WHERE id = 5";
    String ulps = "SELECT id, ratio AS r FROM shadow_items WHERE id = 6";
    String exact = "SELECT ratio, id FROM shadow_items WHERE id = 6";
    String millis = "SELECT id, created FROM shadow_items WHERE id = 7";
    String micros = "SELECT created, id FROM shadow_items WHERE id = 7";
    // The same data through statements without a rule: each must still differ.
    String ignoredControl = "SELECT id, price, qty FROM shadow_items WHERE id = 5";
    String tolerantControl = "SELECT ratio AS x, id FROM shadow_items WHERE id = 5";
    String url =
        MigrationFixture.writeConfig(
            oldDb(),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "shadow: { sampleRate: 1.0, recheckDelay: 50ms, timeout: 5s, fingerprints: { "
                + rule(ignored, "ignoreColumns: [PRICE]")
                + ", "
                + rule(tolerant, "relativeTolerance: 1e-6")
                + ", "
                + rule(ulps, "relativeTolerance: 0, ulpTolerance: 100000")
                + ", "
                + rule(exact, "relativeTolerance: 0")
                + ", "
                + rule(millis, "timePrecision: 3")
                + " } }\n");
    List<String> all =
        List.of(ignored, tolerant, ulps, exact, millis, micros, ignoredControl, tolerantControl);
    assertEquals(all.size(), all.stream().map(q -> fingerprintId(oldDb(), q)).distinct().count());
    readEach(url, all, 2);
    MismatchReport report = drained(url);
    List<String> differing =
        mismatching(report).stream().map(FingerprintRollup::sql).sorted().toList();
    assertEquals(
        List.of(tolerantControl, exact, micros, ignoredControl).stream().sorted().toList(),
        differing,
        report.toJson());
    assertEquals(2 * all.size(), CutoverDriver.migration(url).shadowStatistics().comparisons());
  }

  String rule(String sql, String settings) {
    return "\"" + fingerprintId(oldDb(), sql) + "\": { " + settings + " }";
  }

  /**
   * A fixed-offset zone other than the JVM's, so that a session in it renders times differently.
   */
  static String otherZone() {
    java.time.ZoneOffset jvm =
        java.time.ZoneId.systemDefault()
            .getRules()
            .getOffset(Instant.parse("2024-06-01T00:00:00Z"));
    return jvm.getTotalSeconds() == 9 * 3600 ? "+03:00" : "+09:00";
  }

  @Test
  void reads_run_under_the_application_connections_session_state_on_the_shadow_side()
      throws Exception {
    String url = config("");
    String zone = otherZone();
    int reads = 0;
    if (oldDb().engine() == Engine.POSTGRES) {
      for (TestDatabase db : List.of(oldDb(), newDb())) {
        db.execute(
            "CREATE SCHEMA IF NOT EXISTS shadow_tenant",
            "DROP TABLE IF EXISTS shadow_tenant.shadow_things",
            "DROP TABLE IF EXISTS public.shadow_things",
            "CREATE TABLE shadow_tenant.shadow_things (id INT, v VARCHAR(20))",
            "CREATE TABLE public.shadow_things (id INT, v VARCHAR(20))",
            "INSERT INTO shadow_tenant.shadow_things VALUES (1, 'tenant'), (2, 'tenant')",
            "INSERT INTO public.shadow_things VALUES (1, 'public'), (2, 'public')");
      }
      try (Connection zoned = DriverManager.getConnection(url);
          Connection tenant = DriverManager.getConnection(url);
          Connection undone = DriverManager.getConnection(url);
          Statement z = zoned.createStatement();
          Statement t = tenant.createStatement();
          Statement u = undone.createStatement()) {
        z.execute("SET TIME ZONE INTERVAL '" + zone + "' HOUR TO MINUTE");
        z.execute("SET search_path TO shadow_tenant, public");
        tenant.setSchema("shadow_tenant");
        // PostgreSQL undoes a SET with its transaction: the shadow read must not keep it.
        undone.setAutoCommit(false);
        u.execute("SET search_path TO shadow_tenant, public");
        undone.rollback();
        undone.setAutoCommit(true);
        try (ResultSet rs = u.executeQuery("SELECT v FROM shadow_things WHERE id = 1")) {
          assertTrue(rs.next());
          assertEquals("public", rs.getString(1));
        }
        reads++;
        for (int k = 0; k < 20; k++) {
          try (ResultSet rs =
              z.executeQuery(
                  "SELECT id, CAST(created_tz AS TEXT) AS t FROM shadow_items WHERE id <= 5")) {
            assertEquals(5, readAll(rs));
          }
          try (ResultSet rs = z.executeQuery("SELECT id, v FROM shadow_things")) {
            assertEquals(2, readAll(rs));
          }
          try (ResultSet rs = t.executeQuery("SELECT v, id FROM shadow_things")) {
            assertEquals(2, readAll(rs));
          }
          reads += 3;
        }
      }
    } else {
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        // MySQL-only session variables mean nothing to PostgreSQL: the PostgreSQL read runs as it
        // will once the application has moved, and the read is still compared.
        st.execute("SET NAMES utf8mb4");
        st.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'");
        st.execute("SET group_concat_max_len = 4096");
        java.time.ZoneId jvm = java.time.ZoneId.systemDefault().normalized();
        if (jvm instanceof java.time.ZoneOffset offset) {
          // The JVM's own zone, where the comparator places MariaDB's TIMESTAMP values anyway.
          int minutes = offset.getTotalSeconds() / 60;
          st.execute(
              String.format(
                  Locale.ROOT,
                  "SET time_zone = '%s%02d:%02d'",
                  minutes < 0 ? "-" : "+",
                  Math.abs(minutes) / 60,
                  Math.abs(minutes) % 60));
        }
        for (int k = 0; k < 10; k++) {
          try (ResultSet rs =
              st.executeQuery("SELECT id, created_tz FROM shadow_items WHERE id <= 5")) {
            assertEquals(5, readAll(rs));
          }
          reads++;
        }
      }
    }
    MismatchReport report = drained(url);
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(List.of(), mismatching(report), report.toJson());
    assertEquals(0, s.errors() + s.timedOut() + s.sessionSkipped(), s.toString());
    assertEquals(reads, s.comparisons(), s.toString());
  }
}
