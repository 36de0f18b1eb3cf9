package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.shadow.MismatchReport;
import dev.cutover.driver.shadow.ShadowStatistics;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A MariaDB application binds values the way MariaDB accepts them ({@code setInt} into a {@code
 * tinyint(1)}, {@code setString} into a {@code CHAR(36)} uuid, a JSON text, a date, a decimal, an
 * enum); the PostgreSQL side has the types a migration gives those columns (boolean, uuid, jsonb,
 * date, numeric, an enum type), which PostgreSQL refuses to bind from an integer or a varchar.
 */
class LegacyBindingsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static final String INSERT =
      "INSERT INTO legacy (id, active, uid, doc, amount, born, seen, state, big)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private Set<Migration> before;

  @BeforeEach
  void freshTables() {
    before = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    maria()
        .execute(
            "DROP TABLE IF EXISTS legacy",
            "CREATE TABLE legacy (id INT PRIMARY KEY, active TINYINT(1), uid CHAR(36),"
                + " doc LONGTEXT, amount DECIMAL(10,2), born DATE, seen DATETIME(6),"
                + " state ENUM('new','paid'), big SMALLINT)");
    pg().execute(
            "DROP TABLE IF EXISTS legacy",
            "DROP TYPE IF EXISTS legacy_state",
            "CREATE TYPE legacy_state AS ENUM ('new', 'paid')",
            "CREATE TABLE legacy (id int PRIMARY KEY, active boolean, uid uuid, doc jsonb,"
                + " amount numeric(10,2), born date, seen timestamp(6), state legacy_state,"
                + " big smallint)");
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  private static TestDatabase maria() {
    return DBS.mariadb();
  }

  private static TestDatabase pg() {
    return DBS.postgres();
  }

  private static String config(Phase phase, String extra) {
    return MigrationFixture.writeConfig(maria(), pg(), phase, extra);
  }

  /** Binds row {@code i} as a MariaDB application would. */
  private static void bindLegacy(PreparedStatement ps, int i) throws SQLException {
    ps.setInt(1, i);
    if (i % 5 == 0) {
      ps.setNull(2, Types.INTEGER);
      ps.setNull(3, Types.VARCHAR);
      ps.setNull(4, Types.VARCHAR);
      ps.setNull(5, Types.VARCHAR);
      ps.setNull(6, Types.VARCHAR);
      ps.setNull(7, Types.VARCHAR);
      ps.setNull(8, Types.VARCHAR);
      ps.setNull(9, Types.BOOLEAN);
      return;
    }
    ps.setInt(2, i % 2);
    ps.setString(3, String.format("00000000-0000-0000-0000-%012d", i));
    ps.setString(4, "{\"n\": " + i + "}");
    ps.setString(5, i + ".50");
    ps.setString(6, "2024-02-" + (10 + i % 19));
    ps.setString(7, "2024-02-29 12:34:56." + (100000 + i));
    ps.setString(8, i % 3 == 0 ? "paid" : "new");
    ps.setBoolean(9, i % 2 == 0);
  }

  /**
   * The workload: single inserts, a batch, updates and deletes, in autocommit and a transaction.
   */
  private static void legacyWrites(Connection c) throws SQLException {
    try (PreparedStatement ins = c.prepareStatement(INSERT)) {
      for (int i = 1; i <= 20; i++) {
        bindLegacy(ins, i);
        assertEquals(1, ins.executeUpdate());
      }
      for (int i = 21; i <= 30; i++) {
        bindLegacy(ins, i);
        ins.addBatch();
      }
      ins.executeBatch();
    }
    try (PreparedStatement up =
        c.prepareStatement("UPDATE legacy SET active = ?, state = ? WHERE uid = ?")) {
      up.setLong(1, 1);
      up.setObject(2, "paid");
      up.setString(3, "00000000-0000-0000-0000-000000000002");
      assertEquals(1, up.executeUpdate());
    }
    c.setAutoCommit(false);
    try (PreparedStatement up =
            c.prepareStatement("UPDATE legacy SET amount = ?, big = ? WHERE born = ?");
        PreparedStatement del =
            c.prepareStatement("DELETE FROM legacy WHERE active = ? AND state = ?")) {
      up.setString(1, "99.99");
      up.setBoolean(2, true);
      up.setString(3, "2024-02-13");
      assertTrue(up.executeUpdate() >= 1);
      del.setInt(1, 0);
      del.setString(2, "paid");
      assertTrue(del.executeUpdate() >= 1);
      c.commit();
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** The PostgreSQL table as MariaDB would print it, for a row-by-row comparison. */
  private static List<List<Object>> pgRows() {
    return pg()
        .query(
            "SELECT id, active::int, uid::text, doc::text, amount, born::text, seen::text,"
                + " state::text, big FROM legacy ORDER BY id")
        .stream()
        .map(LegacyBindingsTest::plain)
        .collect(Collectors.toList());
  }

  private static List<List<Object>> mariaRows() {
    return maria()
        .query(
            "SELECT id, active, uid, doc, amount, CAST(born AS CHAR),"
                + " DATE_FORMAT(seen, '%Y-%m-%d %H:%i:%s.%f'), state, big FROM legacy ORDER BY id")
        .stream()
        .map(LegacyBindingsTest::plain)
        .collect(Collectors.toList());
  }

  private static List<Object> plain(List<Object> row) {
    List<Object> out = new ArrayList<>();
    for (Object v : row) {
      if (v instanceof Number && !(v instanceof BigDecimal)) {
        out.add(((Number) v).longValue());
      } else if (v instanceof Boolean) {
        out.add((Boolean) v ? 1L : 0L);
      } else {
        out.add(v == null ? null : v instanceof BigDecimal ? v : v.toString());
      }
    }
    return out;
  }

  @Test
  void values_bound_for_mariadb_reach_postgresql_as_its_types() throws Exception {
    String url = config(Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url)) {
      legacyWrites(c);
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    List<List<Object>> rows = mariaRows();
    assertEquals(rows, pgRows());
    assertTrue(rows.size() > 20, rows.toString());
    // The values themselves, as PostgreSQL holds them (row 2 was updated with setLong(1)).
    assertEquals(
        List.of(List.of(true, "paid", 2)),
        pg()
            .query(
                "SELECT active, state::text, (doc->>'n')::int FROM legacy"
                    + " WHERE uid = '00000000-0000-0000-0000-000000000002'")
            .stream()
            .map(r -> List.of(r.get(0), r.get(1), ((Number) r.get(2)).intValue()))
            .collect(Collectors.toList()));
    assertEquals(
        0, pg().queryLong("SELECT count(*) FROM legacy WHERE id % 5 = 0 AND active IS NOT NULL"));
  }

  @Test
  void without_adaptation_postgresql_refuses_them_and_every_write_is_journaled() throws Exception {
    // The test above would pass vacuously if PostgreSQL took these bindings as they are.
    String url = config(Phase.DUAL_OLD_PRIMARY, "translation: { adaptParameters: false }\n");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ins = c.prepareStatement(INSERT)) {
      bindLegacy(ins, 1);
      ins.executeUpdate();
    }
    List<Divergence> journal = DualWriteSemantics.journal(url);
    assertEquals(1, journal.size(), journal.toString());
    assertEquals(Divergence.Kind.SECONDARY_ERROR, journal.get(0).kind());
    assertTrue(journal.get(0).error().contains("is of type"), journal.get(0).error());
    assertEquals(0, pg().queryLong("SELECT count(*) FROM legacy"));
  }

  @Test
  void shadow_reads_bind_the_same_way_and_find_no_false_mismatch() throws Exception {
    String url = config(Phase.DUAL_OLD_PRIMARY, ShadowReadSemantics.FAST);
    try (Connection c = DriverManager.getConnection(url)) {
      legacyWrites(c);
      try (PreparedStatement q =
          c.prepareStatement(
              "SELECT id, amount FROM legacy WHERE active = ? AND born >= ? AND uid <> ?"
                  + " ORDER BY id")) {
        for (int k = 0; k < 50; k++) {
          q.setInt(1, k % 2);
          q.setString(2, "2024-02-1" + (k % 10));
          q.setString(3, "00000000-0000-0000-0000-000000000004");
          try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
              rs.getObject(2);
            }
          }
        }
      }
    }
    MismatchReport report = ShadowReadSemantics.drained(url);
    ShadowStatistics stats = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(List.of(), ShadowReadSemantics.mismatching(report), report.toJson());
    assertEquals(0, stats.errors(), stats.toString());
    assertTrue(stats.comparisons() >= 50, stats.toString());
  }

  @Test
  void after_cutover_the_new_primary_takes_them_too() throws Exception {
    String url = config(Phase.NEW, "");
    try (Connection c = DriverManager.getConnection(url)) {
      legacyWrites(c);
      try (PreparedStatement q =
          c.prepareStatement("SELECT count(*) FROM legacy WHERE active = ? AND state = ?")) {
        q.setInt(1, 1);
        q.setString(2, "paid");
        try (ResultSet rs = q.executeQuery()) {
          assertTrue(rs.next());
          assertTrue(rs.getLong(1) > 0);
        }
      }
    }
    assertEquals(0, maria().queryLong("SELECT count(*) FROM legacy"));
    assertFalse(pgRows().isEmpty());
  }

  @Test
  void a_statement_postgresql_cannot_describe_does_not_abort_the_transaction() throws Exception {
    // The describe runs under a savepoint inside a transaction: an ambiguous parameter there fails
    // the describe, and the statement is then bound as the application bound it.
    String url = config(Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      try (PreparedStatement ins = c.prepareStatement(INSERT);
          PreparedStatement odd =
              c.prepareStatement("UPDATE legacy SET big = big WHERE ? IS NULL OR id = ?")) {
        bindLegacy(ins, 1);
        ins.executeUpdate();
        for (int k = 0; k < 2; k++) {
          // The second time PostgreSQL's refusal to describe it is remembered.
          odd.setNull(1, Types.INTEGER);
          odd.setInt(2, 1);
          odd.executeUpdate();
        }
        bindLegacy(ins, 2);
        ins.executeUpdate();
      }
      c.commit();
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    assertEquals(mariaRows(), pgRows());
  }

  @Test
  void a_transaction_opened_with_sql_text_survives_a_statement_postgresql_cannot_describe()
      throws Exception {
    // START TRANSACTION as text leaves JDBC autocommit on: the describe must still run under a
    // savepoint, on the new primary (the application's own statement) and on a secondary.
    for (Phase phase : List.of(Phase.NEW, Phase.DUAL_OLD_PRIMARY)) {
      pg().execute("DELETE FROM legacy");
      maria().execute("DELETE FROM legacy");
      String url = config(phase, "");
      try (Connection c = DriverManager.getConnection(url);
          java.sql.Statement st = c.createStatement();
          PreparedStatement ins = c.prepareStatement(INSERT);
          PreparedStatement odd =
              c.prepareStatement("SELECT id FROM legacy WHERE ? IS NULL OR id = ?")) {
        st.execute("START TRANSACTION");
        bindLegacy(ins, 1);
        ins.executeUpdate();
        odd.setString(1, "x");
        odd.setInt(2, 1);
        try (ResultSet rs = odd.executeQuery()) {
          assertTrue(rs.next(), phase.toString());
        }
        bindLegacy(ins, 2);
        ins.executeUpdate();
        st.execute("COMMIT");
      }
      assertEquals(List.of(), DualWriteSemantics.journal(url), phase.toString());
      assertEquals(2, pg().queryLong("SELECT count(*) FROM legacy"), phase.toString());
    }
  }

  @Test
  void a_table_created_on_postgresql_after_a_failed_write_is_described_again() throws Exception {
    // The new side's schema is often built with psql or Flyway while writes are mirrored: an
    // undefined table is not remembered as 'cannot be typed'.
    pg().execute("DROP TABLE legacy", "DROP TYPE legacy_state");
    String url = config(Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ins = c.prepareStatement(INSERT)) {
      bindLegacy(ins, 1);
      ins.executeUpdate();
      pg().execute(
              "CREATE TYPE legacy_state AS ENUM ('new', 'paid')",
              "CREATE TABLE legacy (id int PRIMARY KEY, active boolean, uid uuid, doc jsonb,"
                  + " amount numeric(10,2), born date, seen timestamp(6), state legacy_state,"
                  + " big smallint)");
      bindLegacy(ins, 2);
      ins.executeUpdate();
    }
    List<Divergence> journal = DualWriteSemantics.journal(url);
    assertEquals(1, journal.size(), journal.toString());
    assertEquals("1", String.valueOf(journal.get(0).parameters().get(0)), journal.toString());
    assertEquals(1, pg().queryLong("SELECT count(*) FROM legacy WHERE id = 2"));
  }

  @Test
  void a_decimal_into_a_boolean_is_rounded_as_mariadb_rounds_it_into_tinyint_1() throws Exception {
    String url = config(Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ins =
            c.prepareStatement("INSERT INTO legacy (id, active) VALUES (?, ?)")) {
      int id = 1;
      for (String v : List.of("0.4", "0.5", "-0.4", "1.2", "0")) {
        ins.setInt(1, id++);
        ins.setBigDecimal(2, new BigDecimal(v));
        ins.executeUpdate();
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    assertEquals(mariaRows(), pgRows());
    assertEquals(
        List.of(false, true, false, true, false),
        pg().query("SELECT active FROM legacy ORDER BY id").stream()
            .map(r -> r.get(0))
            .collect(Collectors.toList()));
  }

  /**
   * A number bound for a character column ({@code WHERE code = ?} with {@code setInt}, a zip or
   * phone number kept as text): MariaDB converts it, PostgreSQL refused {@code character varying =
   * integer}, so the read failed after the switch and the write was journaled before. Bound as its
   * decimal text, or written as a string in the SQL text, it finds MariaDB's rows and the writes
   * leave both sides equal.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void numbers_compared_with_character_columns_find_mariadb_s_rows(Phase phase) throws Exception {
    for (TestDatabase db : List.of(maria(), pg())) {
      db.execute(
          "DROP TABLE IF EXISTS coded",
          "CREATE TABLE coded (id INT PRIMARY KEY, code VARCHAR(10), zip CHAR(5), n INT)",
          "INSERT INTO coded VALUES (1, '123', '75001', 0), (2, '45', '69002', 0),"
              + " (3, '7.50', '06000', 0)");
    }
    String url = config(phase, "");
    List<Integer> found = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement read = c.prepareStatement("SELECT id FROM coded WHERE code = ?");
        PreparedStatement zip = c.prepareStatement("SELECT id FROM coded WHERE zip IN (?, ?)");
        PreparedStatement upd = c.prepareStatement("UPDATE coded SET n = n + 1 WHERE code = ?");
        PreparedStatement ins = c.prepareStatement("INSERT INTO coded VALUES (?, ?, ?, 0)")) {
      read.setInt(1, 123);
      found.addAll(ids(read));
      read.setLong(1, 45L);
      found.addAll(ids(read));
      read.setBigDecimal(1, new BigDecimal("7.50"));
      found.addAll(ids(read));
      zip.setInt(1, 75001);
      zip.setInt(2, 69002);
      found.addAll(ids(zip));
      upd.setInt(1, 45);
      assertEquals(1, upd.executeUpdate());
      ins.setInt(1, 4);
      ins.setInt(2, 99);
      ins.setLong(3, 31000L);
      ins.executeUpdate();
      // Written in the SQL text.
      try (java.sql.Statement st = c.createStatement()) {
        try (java.sql.ResultSet rs =
            st.executeQuery("SELECT id FROM coded WHERE zip = 75001 OR 69002 = coded.zip")) {
          while (rs.next()) {
            found.add(rs.getInt(1));
          }
        }
        assertEquals(2, st.executeUpdate("UPDATE coded SET n = n + 10 WHERE code IN (123, 99)"));
        assertEquals(1, st.executeUpdate("DELETE FROM coded WHERE code <> 123 AND zip = 69002"));
      }
    }
    java.util.Collections.sort(found.subList(5, 7));
    assertEquals(List.of(1, 2, 3, 1, 2, 1, 2), found);
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String all = "SELECT id, code, zip, n FROM coded ORDER BY id";
    assertEquals(maria().query(all), pg().query(all));
  }

  @Test
  void a_number_bound_outside_an_equality_stays_a_number() throws Exception {
    Phase phase = Phase.NEW;
    for (TestDatabase db : List.of(maria(), pg())) {
      db.execute(
          "DROP TABLE IF EXISTS coded",
          "CREATE TABLE coded (id INT PRIMARY KEY, code VARCHAR(10))",
          "INSERT INTO coded VALUES (1, '123'), (2, '45')");
    }
    try (Connection c = DriverManager.getConnection(config(phase, ""));
        PreparedStatement item =
            c.prepareStatement("SELECT ? AS tenant, id FROM coded WHERE id = 1");
        PreparedStatement after = c.prepareStatement("SELECT id FROM coded WHERE code > ?")) {
      // MariaDB answers an INTEGER column; bound as text it became a VARCHAR.
      item.setInt(1, 7);
      try (ResultSet rs = item.executeQuery()) {
        assertEquals(Types.INTEGER, rs.getMetaData().getColumnType(1));
        assertTrue(rs.next());
        assertEquals(7, rs.getObject(1));
      }
      // MariaDB compares as numbers (123 > 5 and 45 > 5): as text, '123' > '5' is false, and a
      // silent wrong answer is worse than PostgreSQL's refusal, which this was before.
      after.setInt(1, 5);
      List<Integer> found = null;
      try {
        found = ids(after);
      } catch (SQLException refused) {
        // character varying > integer: refused, as before.
      }
      assertTrue(found == null || found.equals(List.of(1, 2)), String.valueOf(found));
    }
  }

  private static List<Integer> ids(PreparedStatement ps) throws SQLException {
    List<Integer> out = new ArrayList<>();
    try (java.sql.ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    java.util.Collections.sort(out);
    return out;
  }

  /** The text each side's character column holds, by id. */
  private static List<List<Object>> texts(TestDatabase db) {
    return db.query("SELECT id, note, amount FROM stamped ORDER BY id");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void date_times_into_text_and_scaled_decimals_are_stored_as_mariadb_stores_them(Phase phase)
      throws Exception {
    maria()
        .execute(
            "DROP TABLE IF EXISTS stamped",
            "CREATE TABLE stamped (id INT PRIMARY KEY, note VARCHAR(60), amount DECIMAL(10,4))");
    pg().execute(
            "DROP TABLE IF EXISTS stamped",
            "CREATE TABLE stamped (id int PRIMARY KEY, note varchar(60), amount numeric(10,4))");
    java.time.ZoneId zone = java.time.ZoneId.systemDefault();
    Object[] times = {
      java.sql.Timestamp.valueOf("2024-01-01 10:00:00"),
      java.sql.Timestamp.valueOf("2024-01-01 10:00:00.5"),
      java.sql.Timestamp.valueOf("2024-01-01 10:00:00.123456789"),
      java.sql.Date.valueOf("2024-01-02"),
      java.sql.Time.valueOf("10:11:12"),
      java.time.LocalDateTime.parse("2024-01-01T10:00:00.5"),
      java.time.LocalDateTime.parse("2024-01-01T10:00:00"),
      java.time.LocalDate.parse("0099-01-01"),
      java.time.LocalTime.parse("10:00:00.25"),
      java.time.LocalTime.parse("10:00:00.123456"),
      java.time.OffsetDateTime.parse("2024-01-01T10:00:00.5+02:00"),
      java.time.ZonedDateTime.parse("2024-06-01T10:00:00Z[UTC]"),
    };
    String url = config(phase, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ins =
            c.prepareStatement("INSERT INTO stamped (id, note, amount) VALUES (?, ?, ?)")) {
      int id = 1;
      for (Object t : times) {
        ins.setInt(1, id++);
        ins.setObject(2, t);
        ins.setNull(3, Types.DECIMAL);
        ins.executeUpdate();
      }
      ins.setInt(1, id++);
      ins.setTimestamp(2, java.sql.Timestamp.valueOf("2024-03-04 05:06:07.08"));
      ins.setNull(3, Types.DECIMAL);
      ins.executeUpdate();
      // MariaDB's driver ignores the scale given here; pgjdbc would round 1.23456 to 1.
      ins.setInt(1, id++);
      ins.setString(2, "scaled");
      ins.setObject(3, new BigDecimal("1.23456"), Types.NUMERIC, 0);
      ins.executeUpdate();
      ins.setInt(1, id++);
      ins.setString(2, "scaled double");
      ins.setObject(3, -1.235d, Types.DECIMAL, 2);
      ins.executeUpdate();
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    List<List<Object>> onMaria = texts(maria());
    assertEquals(onMaria, texts(pg()));
    // What MariaDB holds, so the comparison above is not of two equal mistakes.
    assertEquals("2024-01-01 10:00:00.500", onMaria.get(1).get(1));
    assertEquals("10:11:12.000", onMaria.get(4).get(1));
    assertEquals(
        java.time.OffsetDateTime.parse("2024-01-01T10:00:00.5+02:00")
                .atZoneSameInstant(zone)
                .toLocalDateTime()
                .toString()
                .replace('T', ' ')
            + "000",
        onMaria.get(10).get(1));
    assertEquals(0, new BigDecimal("1.2346").compareTo((BigDecimal) onMaria.get(13).get(2)));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void fractions_beyond_a_column_s_precision_are_cut_as_mariadb_cuts_them(Phase phase)
      throws Exception {
    maria()
        .execute(
            "DROP TABLE IF EXISTS clocked",
            "CREATE TABLE clocked (id INT PRIMARY KEY, s DATETIME, ms DATETIME(3), t TIME,"
                + " us DATETIME(6))");
    pg().execute(
            "DROP TABLE IF EXISTS clocked",
            "CREATE TABLE clocked (id int PRIMARY KEY, s timestamp(0), ms timestamp(3),"
                + " t time(0), us timestamp(6))");
    Object[] values = {
      java.sql.Timestamp.valueOf("2024-01-01 10:00:00.7"),
      java.time.LocalDateTime.parse("2024-01-01T10:00:59.9996"),
      java.time.OffsetDateTime.parse("2024-01-01T23:59:59.999999+02:00"),
      java.time.ZonedDateTime.parse("2024-06-01T10:00:00.5Z[UTC]"),
      java.time.Instant.parse("2024-01-01T10:00:00.123999Z"),
      new java.util.Date(1_700_000_000_999L),
      java.sql.Timestamp.valueOf("2024-01-01 10:00:00.123456789"),
    };
    String url = config(phase, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ins =
            c.prepareStatement("INSERT INTO clocked (id, s, ms, us) VALUES (?, ?, ?, ?)");
        PreparedStatement noList =
            c.prepareStatement("INSERT INTO clocked VALUES (?, ?, NULL, ?, NULL)");
        PreparedStatement upd =
            c.prepareStatement("UPDATE clocked SET ms = ?, t = ? WHERE id = ?")) {
      int id = 1;
      for (Object v : values) {
        ins.setInt(1, id++);
        ins.setObject(2, v);
        ins.setObject(3, v);
        ins.setObject(4, v);
        ins.executeUpdate();
      }
      noList.setInt(1, id);
      noList.setTimestamp(2, java.sql.Timestamp.valueOf("2024-02-02 11:11:11.95"));
      noList.setTime(3, new java.sql.Time(java.sql.Time.valueOf("12:34:56").getTime() + 800));
      noList.executeUpdate();
      upd.setObject(1, java.time.LocalDateTime.parse("2024-03-03T03:03:03.4567"));
      upd.setObject(2, java.time.LocalTime.parse("23:59:59.9"));
      upd.setInt(3, 1);
      upd.executeUpdate();
      try (PreparedStatement upsert =
          c.prepareStatement(
              "INSERT INTO clocked (id, s) VALUES (?, ?) ON DUPLICATE KEY UPDATE s = ?")) {
        upsert.setInt(1, 2);
        upsert.setTimestamp(2, java.sql.Timestamp.valueOf("2025-05-05 05:05:05.6"));
        upsert.setTimestamp(3, java.sql.Timestamp.valueOf("2025-05-05 05:05:05.6"));
        upsert.executeUpdate();
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String select = "SELECT id, s, ms, t, us FROM clocked ORDER BY id";
    List<List<Object>> onMaria = maria().query(select);
    assertEquals(onMaria.toString(), pg().query(select).toString());
    // MariaDB cut the fractions: the comparison above is not of two rounded columns.
    assertEquals("2024-01-01 10:00:00.0", String.valueOf(onMaria.get(0).get(1)));
    assertEquals("23:59:59", String.valueOf(onMaria.get(0).get(3)));
  }

  /** A table of approximate and exact numbers on both sides, empty. */
  private static void approxTables() {
    maria()
        .execute(
            "DROP TABLE IF EXISTS approx",
            "CREATE TABLE approx (id INT PRIMARY KEY, b BIGINT, d DOUBLE, r FLOAT,"
                + " n DECIMAL(30,4))");
    pg().execute(
            "DROP TABLE IF EXISTS approx",
            "CREATE TABLE approx (id int PRIMARY KEY, b bigint, d double precision, r real,"
                + " n numeric(30,4))");
  }

  /** Each side's approx rows, floats widened to doubles (MariaDB prints a FLOAT to 6 digits). */
  private static List<List<Object>> approxRows(TestDatabase db) {
    String r = db == maria() ? "CAST(r AS DOUBLE)" : "r::float8";
    return db.query("SELECT id, b, d, " + r + ", n FROM approx ORDER BY id");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void doubles_and_floats_are_stored_as_mariadb_reads_the_text_connector_j_sends(Phase phase)
      throws Exception {
    approxTables();
    // Per column, the values bound with setDouble (a Double) or setFloat (a Float).
    Object[][] values = {
      {"b", 12345678.5d, 10000000.5d, -12345678.5d, 12345679.5d, 2.5d, 2.5f, 1.23456791E11f, 5e-4d},
      {"d", 0.1f, 3.3f, 1.23456791E11f, 12345678.5d},
      {"r", 0.1f, 3.3f, 1.23456791E11f, 12345678.5d, 0.1d},
      {"n", 1234567890123.4567d, 1.2345678E7f, 0.1f, 2.82879384806159E17d, 12345.67895d},
    };
    String url = config(phase, "");
    int id = 0;
    try (Connection c = DriverManager.getConnection(url)) {
      for (Object[] column : values) {
        try (PreparedStatement ins =
            c.prepareStatement("INSERT INTO approx (id, " + column[0] + ") VALUES (?, ?)")) {
          for (int k = 1; k < column.length; k++) {
            ins.setInt(1, ++id);
            if (column[k] instanceof Double) {
              ins.setDouble(2, (Double) column[k]);
            } else {
              ins.setFloat(2, (Float) column[k]);
            }
            ins.executeUpdate();
          }
        }
      }
      // An UPDATE's assignments.
      try (PreparedStatement up =
          c.prepareStatement("UPDATE approx SET n = ?, b = ? WHERE id = ?")) {
        up.setDouble(1, -9876543210987.6543);
        up.setDouble(2, 20000000.5);
        up.setInt(3, 8);
        assertEquals(1, up.executeUpdate());
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    List<List<Object>> onMaria = approxRows(maria());
    assertEquals(onMaria, approxRows(pg()));
    // What MariaDB holds, so the comparison above is not of two equal mistakes: a double's text
    // in E notation is a DOUBLE there, rounded half to even; a plain one a decimal.
    assertEquals(
        List.of(12345678L, 10000000L, -12345678L, 12345680L, 3L, 3L, 123456791000L, 20000000L),
        onMaria.subList(0, 8).stream().map(row -> row.get(1)).collect(Collectors.toList()));
    assertEquals(List.of(0.1, 3.3, 123456791000.0, 12345678.5), column(onMaria, 8, 12, 2));
    assertEquals(
        List.of(
            "-9876543210987.6540",
            "1234567890123.4568",
            "12345678.0000",
            "0.1000",
            "282879384806159000.0000",
            "12345.6790"),
        List.of(7, 17, 18, 19, 20, 21).stream()
            .map(k -> ((BigDecimal) onMaria.get(k).get(4)).toPlainString())
            .collect(Collectors.toList()));
  }

  @Test
  void with_server_prepared_statements_a_float_stays_a_float() throws Exception {
    // useServerPrepStmts: MariaDB Connector/J sends a float as a binary float, which MariaDB stores
    // into a DOUBLE as the float's value, as PostgreSQL stores a float4.
    approxTables();
    String old = maria().url();
    String url =
        MigrationFixture.writeConfig(
            old + (old.contains("?") ? "&" : "?") + "useServerPrepStmts=true",
            maria(),
            pg().url(),
            pg(),
            Phase.DUAL_OLD_PRIMARY,
            "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ins = c.prepareStatement("INSERT INTO approx (id, d) VALUES (?, ?)")) {
      ins.setInt(1, 1);
      ins.setFloat(2, 0.1f);
      ins.executeUpdate();
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    List<List<Object>> onMaria = approxRows(maria());
    assertEquals(onMaria, approxRows(pg()));
    assertEquals((double) 0.1f, onMaria.get(0).get(2));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void doubles_and_floats_stored_into_text_keep_the_text_connector_j_sends(Phase phase)
      throws Exception {
    maria()
        .execute(
            "DROP TABLE IF EXISTS noted", "CREATE TABLE noted (id INT PRIMARY KEY, v VARCHAR(60))");
    pg().execute(
            "DROP TABLE IF EXISTS noted", "CREATE TABLE noted (id int PRIMARY KEY, v varchar(60))");
    Object[] values = {100.0d, 1.0d, -0.0d, 2.5d, 0.001d, 0.30000000000000004d, 100.0f, 0.1f, 3.3f};
    String url = config(phase, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ins = c.prepareStatement("INSERT INTO noted (id, v) VALUES (?, ?)")) {
      int id = 0;
      for (Object v : values) {
        ins.setInt(1, ++id);
        if (v instanceof Double) {
          ins.setDouble(2, (Double) v);
        } else {
          ins.setFloat(2, (Float) v);
        }
        ins.executeUpdate();
      }
      try (PreparedStatement up = c.prepareStatement("UPDATE noted SET v = ? WHERE id = ?")) {
        up.setDouble(1, 12.50);
        up.setInt(2, 4);
        up.executeUpdate();
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String select = "SELECT id, v FROM noted ORDER BY id";
    List<List<Object>> onMaria = maria().query(select);
    assertEquals(onMaria, pg().query(select));
    // MariaDB stores a plain decimal literal's text as it is written (a zero without its sign).
    assertEquals(
        List.of("100.0", "1.0", "0.0", "12.5", "0.001", "0.30000000000000004", "100.0", "0.1"),
        onMaria.subList(0, 8).stream().map(r -> r.get(1)).collect(Collectors.toList()));
  }

  private static List<Object> column(List<List<Object>> rows, int from, int to, int column) {
    return rows.subList(from, to).stream().map(row -> row.get(column)).collect(Collectors.toList());
  }

  @Test
  void shadow_reads_compare_doubles_and_floats_as_mariadb_does() throws Exception {
    approxTables();
    for (TestDatabase db : List.of(maria(), pg())) {
      db.execute(
          "INSERT INTO approx (id, b, d, r, n) VALUES (1, 12345678, 0.1, 0.1, 1234567890123.4567)");
    }
    String url = config(Phase.DUAL_OLD_PRIMARY, ShadowReadSemantics.FAST);
    // MariaDB compares a FLOAT or DOUBLE column with the float's text (0.1: a decimal, compared
    // as a double), a DECIMAL with a double in E notation as doubles, a BIGINT with a double's
    // text. Each query returns the same rows on both sides only if PostgreSQL compares alike.
    Object[][] queries = {
      {"SELECT id FROM approx WHERE r = ?", 0.1f, 0},
      {"SELECT id FROM approx WHERE d = ?", 0.1f, 1},
      {"SELECT id FROM approx WHERE n = ?", 1234567890123.4567d, 1},
      {"SELECT id FROM approx WHERE b < ?", 12345678.5d, 1},
      {"SELECT id FROM approx WHERE b = ?", 12345678.5d, 0},
    };
    try (Connection c = DriverManager.getConnection(url)) {
      for (Object[] q : queries) {
        try (PreparedStatement ps = c.prepareStatement((String) q[0])) {
          if (q[1] instanceof Double) {
            ps.setDouble(1, (Double) q[1]);
          } else {
            ps.setFloat(1, (Float) q[1]);
          }
          int n = 0;
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              n++;
            }
          }
          assertEquals(q[2], n, (String) q[0]);
        }
      }
    }
    MismatchReport report = ShadowReadSemantics.drained(url);
    ShadowStatistics stats = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(List.of(), ShadowReadSemantics.mismatching(report), report.toJson());
    assertEquals(0, stats.errors(), stats.toString());
    assertEquals(queries.length, stats.comparisons(), stats.toString());
  }
}
