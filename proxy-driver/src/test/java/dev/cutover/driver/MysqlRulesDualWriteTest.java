package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.sql.Dialect;
import dev.cutover.driver.sql.SqlTranslator;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The MySQL constructs PostgreSQL lacks ({@code IF}, intervals, {@code INSERT ... SET}, {@code
 * UPDATE}/{@code DELETE} with {@code LIMIT} or a join), written through the driver: PostgreSQL
 * takes the rewritten statements with the same effect as MariaDB takes the originals.
 */
class MysqlRulesDualWriteTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS events",
            "DROP TABLE IF EXISTS tags",
            "DROP TABLE IF EXISTS items",
            "DROP TABLE IF EXISTS stamps",
            "DROP TABLE IF EXISTS kv",
            "CREATE TABLE kv (id INT PRIMARY KEY, v INT, w INT)",
            "CREATE TABLE events (id INT PRIMARY KEY, name VARCHAR(50), n INT, at DATETIME(6),"
                + " day DATE, note VARCHAR(50))",
            "CREATE TABLE tags (event_id INT, tag VARCHAR(20))",
            "CREATE TABLE items (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50), qty INT)",
            "CREATE TABLE stamps (id INT PRIMARY KEY, d DATE, t TIME, ts DATETIME(3), u BIGINT,"
                + " utc DATETIME, s DATETIME, lt DATETIME)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS events",
            "DROP TABLE IF EXISTS tags",
            "DROP TABLE IF EXISTS items",
            "DROP TABLE IF EXISTS stamps",
            "DROP TABLE IF EXISTS kv",
            "CREATE TABLE kv (id int PRIMARY KEY, v int, w int)",
            "CREATE TABLE events (id INT PRIMARY KEY, name VARCHAR(50), n INT, at TIMESTAMP(6),"
                + " day DATE, note VARCHAR(50))",
            "CREATE TABLE tags (event_id INT, tag VARCHAR(20))",
            "CREATE TABLE items (id BIGSERIAL PRIMARY KEY, name VARCHAR(50), qty INT)",
            "CREATE TABLE stamps (id INT PRIMARY KEY, d DATE, t TIME, ts TIMESTAMP(3), u BIGINT,"
                + " utc TIMESTAMP(0), s TIMESTAMP(0), lt TIMESTAMP(0))");
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  private static Timestamp at(String localDateTime) {
    return Timestamp.valueOf(LocalDateTime.parse(localDateTime));
  }

  /** Deterministic writes a legacy application makes with MySQL-only syntax. */
  static void writes(Connection c) throws Exception {
    try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO events SET id = ?, name = ?, n = IFNULL(?, -1), at = ?, day = ?");
        Statement st = c.createStatement()) {
      for (int id = 1; id <= 6; id++) {
        insert.setInt(1, id);
        insert.setString(2, "e" + id);
        if (id == 3) {
          insert.setNull(3, java.sql.Types.INTEGER);
        } else {
          insert.setInt(3, id * 10);
        }
        insert.setTimestamp(4, at("2024-01-31T10:00:00"));
        insert.setDate(5, java.sql.Date.valueOf("2024-01-31"));
        insert.executeUpdate();
      }
      st.executeUpdate("INSERT IGNORE INTO events SET id = 1, name = 'duplicate'");
      st.executeUpdate(
          "INSERT INTO `events` SET `id` = 7, name = IF(2 > 1, 'it\\'s', 'no') # seven");
      for (int i = 0; i < 2; i++) {
        st.executeUpdate(
            "INSERT events SET id = 8, name = 'upsert', n = 1 ON DUPLICATE KEY UPDATE n = n + 1");
      }
      st.executeUpdate("REPLACE INTO events SET id = 2, name = 'replaced', n = 2");
      try (PreparedStatement later =
          c.prepareStatement(
              "UPDATE events SET at = DATE_ADD(at, INTERVAL ? DAY),"
                  + " day = DATE_SUB(day, INTERVAL 1 MONTH), note = IF(n > ?, 'big', NULL)"
                  + " WHERE id = ?")) {
        // MySQL rounds 1.5 days to 2, as the rewrite does; PostgreSQL would add 36 hours.
        later.setBigDecimal(1, new BigDecimal("1.5"));
        later.setInt(2, 20);
        later.setInt(3, 4);
        later.executeUpdate();
        later.setInt(1, -3);
        later.setInt(2, 100);
        later.setInt(3, 5);
        later.executeUpdate();
      }
      st.executeUpdate(
          "UPDATE events SET at = at + INTERVAL '90' MINUTE, day = day + INTERVAL 1 QUARTER"
              + " WHERE id = 6");
      try (PreparedStatement window =
          c.prepareStatement(
              "UPDATE events SET note = 'window' WHERE at BETWEEN DATE_SUB(?, INTERVAL 1 HOUR)"
                  + " AND DATE_ADD(?, INTERVAL 2 WEEK)")) {
        window.setTimestamp(1, at("2024-01-31T10:30:00"));
        window.setString(2, "2024-01-20 00:00:00");
        window.executeUpdate();
      }
      try (PreparedStatement limited =
          c.prepareStatement(
              "UPDATE events SET note = ?, n = n + 1 WHERE n > ? ORDER BY n DESC, id LIMIT ?")) {
        limited.setString(1, "top");
        limited.setInt(2, 0);
        limited.setInt(3, 2);
        limited.executeUpdate();
      }
      st.executeUpdate("DELETE FROM events WHERE note = 'window' ORDER BY id LIMIT 1");
      st.executeUpdate("INSERT INTO tags (event_id, tag) VALUES (4, 'red'), (5, 'blue')");
      try (PreparedStatement join =
          c.prepareStatement(
              "UPDATE events e JOIN tags t ON t.event_id = e.id SET e.note = t.tag, e.n = ?"
                  + " WHERE t.tag <> ?")) {
        join.setInt(1, 99);
        join.setString(2, "none");
        join.executeUpdate();
      }
      try (PreparedStatement delete =
          c.prepareStatement(
              "DELETE events FROM events INNER JOIN tags ON tags.event_id = events.id"
                  + " WHERE tags.tag = ?")) {
        delete.setString(1, "blue");
        delete.executeUpdate();
      }
      st.executeUpdate(
          "UPDATE events, tags SET events.name = 'tagged'"
              + " WHERE tags.event_id = events.id AND tags.tag = 'red'");
      st.executeUpdate(
          "DELETE tags FROM events, tags WHERE tags.event_id = events.id AND events.n = 99");
    }
  }

  static final List<List<Object>> EXPECTED =
      List.of(
          List.of(2, "replaced", 2, "-", "-", "-"),
          List.of(3, "e3", -1, "2024-01-31T10:00", "2024-01-31", "window"),
          List.of(4, "tagged", 99, "2024-02-02T10:00", "2023-12-31", "red"),
          List.of(6, "e6", 61, "2024-01-31T11:30", "2024-04-30", "top"),
          List.of(7, "it's", -1, "-", "-", "-"),
          List.of(8, "upsert", 2, "-", "-", "-"));

  static List<List<Object>> events(TestDatabase db) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> r :
        db.query(
            "SELECT id, name, COALESCE(n, -1), at, day, COALESCE(note, '-') FROM events ORDER BY"
                + " id")) {
      out.add(
          List.of(
              ((Number) r.get(0)).intValue(),
              r.get(1),
              ((Number) r.get(2)).intValue(),
              r.get(3) == null ? "-" : MigrationFixture.normalize(r.get(3)).toString(),
              r.get(4) == null ? "-" : r.get(4).toString(),
              r.get(5)));
    }
    return out;
  }

  @Test
  void dual_old_primary_mirrors_them_with_the_same_rows_and_no_divergence() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url)) {
      writes(c);
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    assertEquals(EXPECTED, events(DBS.mariadb()));
    assertEquals(events(DBS.mariadb()), events(DBS.postgres()));
    assertEquals(List.of(List.of(5, "blue")), DBS.postgres().query("SELECT * FROM tags"));
    assertEquals(
        MigrationFixture.rows(DBS.mariadb(), "tags"),
        MigrationFixture.rows(DBS.postgres(), "tags"));
  }

  @Test
  void dual_new_primary_runs_them_on_postgresql_and_mirrors_the_originals_to_mariadb()
      throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_NEW_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url)) {
      writes(c);
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    assertEquals(EXPECTED, events(DBS.postgres()));
    assertEquals(events(DBS.postgres()), events(DBS.mariadb()));
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void insert_set_into_a_table_with_a_generated_key_gets_the_primary_s_ids(Phase phase)
      throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("INSERT INTO items SET name = ?, qty = ?");
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO items SET id = 10, name = 'explicit', qty = 0");
      for (int i = 1; i <= 3; i++) {
        ps.setString(1, "item" + i);
        ps.setInt(2, i);
        ps.executeUpdate();
      }
      st.executeUpdate("INSERT INTO items SET name = 'plain', qty = 4");
      st.executeUpdate(
          "INSERT INTO items SET name = 'upsert', qty = 5 ON DUPLICATE KEY UPDATE qty = qty + 1");
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    List<List<Object>> rows = MigrationFixture.rows(DBS.mariadb(), "items");
    assertEquals(6, rows.size());
    assertEquals(rows, MigrationFixture.rows(DBS.postgres(), "items"));
  }

  @Test
  void time_functions_agree_within_seconds_and_are_journaled_as_non_deterministic()
      throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    String[] inserts = {
      "INSERT INTO stamps SET id = 1, d = CURDATE(), t = CURTIME(), ts = NOW(3),"
          + " u = UNIX_TIMESTAMP(), utc = UTC_TIMESTAMP(), s = SYSDATE(), lt = LOCALTIME",
      "INSERT INTO stamps SET id = 2, d = UTC_DATE(), t = UTC_TIME, ts = SYSDATE(3),"
          + " u = UNIX_TIMESTAMP(), utc = UTC_TIMESTAMP(3), s = LOCALTIMESTAMP(),"
          + " lt = CURRENT_TIMESTAMP()",
      "insert into stamps set id = 3, d = current_date(), t = current_time, ts = localtime(2),"
          + " u = unix_timestamp(), utc = utc_timestamp, s = now(), lt = localtime()"
    };
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (String sql : inserts) {
        st.executeUpdate(sql);
      }
    }
    List<Divergence> journal = DualWriteSemantics.journal(url);
    assertEquals(3, journal.size(), journal.toString());
    for (Divergence d : journal) {
      assertEquals(Divergence.Kind.NON_DETERMINISTIC, d.kind(), d.toString());
    }
    String select = "SELECT d, t, ts, u, utc, s, lt FROM stamps ORDER BY id";
    List<List<Object>> maria = DBS.mariadb().query(select);
    List<List<Object>> pg = DBS.postgres().query(select);
    for (int row = 0; row < inserts.length; row++) {
      String what = inserts[row] + ", column ";
      List<Object> m = maria.get(row);
      List<Object> p = pg.get(row);
      assertEquals(m.get(0).toString(), p.get(0).toString(), what + 1);
      assertClose(seconds(m.get(1)), seconds(p.get(1)), what + 2);
      assertClose(((Number) m.get(3)).longValue(), ((Number) p.get(3)).longValue(), what + 4);
      for (int i : new int[] {2, 4, 5, 6}) {
        assertClose(epoch(m.get(i)), epoch(p.get(i)), what + (i + 1));
      }
    }
  }

  private static void assertClose(long expected, long actual, String what) {
    assertTrue(Math.abs(expected - actual) <= 5, what + ": " + expected + " vs " + actual);
  }

  private static long seconds(Object time) {
    return java.time.LocalTime.parse(time.toString()).toSecondOfDay();
  }

  private static long epoch(Object value) {
    LocalDateTime t = (LocalDateTime) MigrationFixture.normalize(value);
    return Duration.between(LocalDateTime.of(2000, 1, 1, 0, 0), t).getSeconds();
  }

  @Test
  void a_limit_without_order_by_is_journaled_as_non_deterministic() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO events (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
      st.executeUpdate("DELETE FROM events WHERE id > 1 LIMIT 1");
    }
    List<Divergence> journal = DualWriteSemantics.journal(url);
    assertEquals(1, journal.size(), journal.toString());
    assertEquals(Divergence.Kind.NON_DETERMINISTIC, journal.get(0).kind());
    assertEquals(2L, DBS.postgres().queryLong("SELECT count(*) FROM events"));
  }

  @Test
  void a_busy_non_deterministic_statement_is_journaled_once_and_counted_every_time()
      throws Exception {
    // UPDATE ... WHERE id = ? LIMIT 1 is everyday code: one journal entry per shape and minute,
    // not a synchronous control-store write per execution.
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    CutoverDriver.migration(url).bindMetrics(registry);
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        java.sql.PreparedStatement up =
            c.prepareStatement("UPDATE events SET name = ? WHERE id = ? LIMIT 1")) {
      st.executeUpdate("INSERT INTO events (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
      for (int i = 0; i < 20; i++) {
        up.setString(1, "n" + i);
        up.setInt(2, 1 + i % 3);
        up.executeUpdate();
      }
    }
    List<Divergence> journal = DualWriteSemantics.journal(url);
    assertEquals(1, journal.size(), journal.toString());
    assertTrue(journal.get(0).error().contains("once a minute"), journal.toString());
    assertEquals(
        20.0,
        registry.find("cutover.divergences").tag("kind", "non_deterministic").counter().count());
  }

  private static List<List<Object>> kv(TestDatabase db) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> r : db.query("SELECT id, v, w FROM kv ORDER BY id")) {
      List<Object> row = new ArrayList<>();
      for (Object v : r) {
        row.add(((Number) v).intValue());
      }
      out.add(row);
    }
    return out;
  }

  /**
   * MariaDB applies an UPDATE's and an ON DUPLICATE KEY UPDATE's assignments left to right,
   * PostgreSQL all on the old row: through the driver, an assignment reading a column assigned
   * before it gives both databases MariaDB's rows, with nothing journaled.
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void later_assignments_read_the_values_earlier_ones_set_on_both(Phase phase) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        PreparedStatement update =
            c.prepareStatement("UPDATE kv SET v = v * 2, w = v + ? WHERE id = ?");
        PreparedStatement upsert =
            c.prepareStatement(
                "INSERT INTO kv (id, v, w) VALUES (?, ?, 0)"
                    + " ON DUPLICATE KEY UPDATE v = VALUES(v), w = v * 10")) {
      st.executeUpdate("INSERT INTO kv VALUES (1, 10, 0), (2, 20, 0), (3, 30, 0)");
      st.executeUpdate("UPDATE kv SET v = v + 1, w = v WHERE id = 1");
      update.setInt(1, 1);
      update.setInt(2, 2);
      update.executeUpdate();
      st.executeUpdate(
          "INSERT INTO kv (id, v, w) VALUES (1, 0, 0) ON DUPLICATE KEY UPDATE v = v + 5, w = v");
      upsert.setInt(1, 3);
      upsert.setInt(2, 7);
      upsert.executeUpdate();
      st.executeUpdate("UPDATE kv SET v = w, w = v WHERE id = 2");
      st.executeUpdate("UPDATE kv SET v = v - 1, w = v * 3 WHERE v > 20 ORDER BY id LIMIT 1");
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    // MariaDB's rows: 1 is (11, 11), then (16, 16); 2 is (40, 41), (41, 41), then (40, 120); 3 is
    // (7, 70).
    assertEquals(
        List.of(List.of(1, 16, 16), List.of(2, 40, 120), List.of(3, 7, 70)), kv(DBS.mariadb()));
    assertEquals(kv(DBS.mariadb()), kv(DBS.postgres()));
  }

  /**
   * A later assignment reads the value as the column stored it: MariaDB rounds a / 3 into a
   * DECIMAL(10,2) (3.33) before b reads it (9.99), so the substituted value is cast to the column's
   * type on PostgreSQL (it computed 10.00 from the exact quotient).
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void a_later_assignment_reads_the_earlier_value_as_its_column_stored_it(Phase phase)
      throws Exception {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS nums",
            "CREATE TABLE nums (id INT PRIMARY KEY, a DECIMAL(10,2), b DECIMAL(10,2), i INT,"
                + " j INT)",
            "INSERT INTO nums VALUES (1, 10.00, 0, 5, 0)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS nums",
            "CREATE TABLE nums (id int PRIMARY KEY, a numeric(10,2), b numeric(10,2), i int,"
                + " j int)",
            "INSERT INTO nums VALUES (1, 10.00, 0, 5, 0)");
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE nums SET a = a / 3, b = a * 3, i = i / 2, j = i * 10 WHERE id = 1");
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    // a = 3.33, b = 9.99; i = 3 (2.5 rounded), j = 30.
    String row = "SELECT CAST(a AS CHAR), CAST(b AS CHAR), i, j FROM nums";
    assertEquals(List.of(List.of("3.33", "9.99", 3, 30)), DBS.mariadb().query(row));
    assertEquals(DBS.mariadb().query(row), DBS.postgres().query(row.replace("CHAR", "TEXT")));
  }

  /**
   * Where the earlier value cannot be repeated (a parameter) or MySQL guarantees no order (a
   * multi-table UPDATE), the rows differ, and the statement is journaled as non-deterministic.
   */
  @Test
  void assignments_the_translation_cannot_rewrite_are_journaled_as_non_deterministic()
      throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        PreparedStatement ps = c.prepareStatement("UPDATE kv SET v = ?, w = v * 2 WHERE id = ?")) {
      st.executeUpdate("INSERT INTO kv VALUES (1, 10, 0), (2, 20, 0)");
      st.executeUpdate("INSERT INTO events (id, name, n) VALUES (2, 'b', 7)");
      ps.setInt(1, 5);
      ps.setInt(2, 1);
      ps.executeUpdate();
      st.executeUpdate(
          "UPDATE kv k JOIN events e ON e.id = k.id SET k.v = e.n, k.w = k.v WHERE e.id = 2");
    }
    List<Divergence> journal = DualWriteSemantics.journal(url);
    assertEquals(2, journal.size(), journal.toString());
    for (Divergence d : journal) {
      assertEquals(Divergence.Kind.NON_DETERMINISTIC, d.kind(), d.toString());
      assertTrue(d.error().contains("column v after an earlier assignment"), d.toString());
    }
    assertEquals(List.of(List.of(1, 5, 10), List.of(2, 7, 7)), kv(DBS.mariadb()));
    assertEquals(List.of(List.of(1, 5, 20), List.of(2, 7, 20)), kv(DBS.postgres()));
  }

  /**
   * An ORDER BY that leaves ties lets each database cut the run of tied rows at the LIMIT where its
   * plan puts them: journaled, unless the ORDER BY names the table's primary key.
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void a_limit_whose_order_by_leaves_ties_is_journaled_as_non_deterministic(Phase phase)
      throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE events SET note = ? WHERE n > ? ORDER BY n DESC, id LIMIT ?")) {
      st.executeUpdate(
          "INSERT INTO events (id, name, n) VALUES (1, 'a', 5), (2, 'b', 5), (3, 'c', 7)");
      st.executeUpdate("UPDATE events SET note = 'first' ORDER BY n, id LIMIT 1");
      ps.setString(1, "top");
      ps.setInt(2, 0);
      ps.setInt(3, 2);
      ps.executeUpdate();
      st.executeUpdate("DELETE FROM events ORDER BY n LIMIT 1");
    }
    List<Divergence> journal = DualWriteSemantics.journal(url);
    assertEquals(1, journal.size(), journal.toString());
    assertEquals(Divergence.Kind.NON_DETERMINISTIC, journal.get(0).kind());
    // n may hold NULL: MySQL's NULL order is kept on PostgreSQL (NULLS FIRST).
    assertTrue(
        journal.get(0).sql().matches(".*ORDER BY n (NULLS FIRST )?LIMIT 1.*"), journal.toString());
    assertTrue(journal.get(0).error().contains("ORDER BY"), journal.toString());
  }

  /**
   * The reverse: an application written for PostgreSQL reads the old row in every assignment,
   * MariaDB the new value; such an UPDATE mirrored to MariaDB is journaled.
   */
  @Test
  void a_postgresql_update_reading_an_assigned_column_is_journaled_on_mariadb() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.postgres(), DBS.mariadb(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO kv VALUES (1, 10, 0)");
      st.executeUpdate("UPDATE kv SET v = v + 1, w = 0 WHERE id = 1");
      st.executeUpdate("UPDATE kv SET v = v + 1, w = v WHERE id = 1");
    }
    List<Divergence> journal = DualWriteSemantics.journal(url);
    assertEquals(1, journal.size(), journal.toString());
    assertEquals(Divergence.Kind.NON_DETERMINISTIC, journal.get(0).kind());
    assertTrue(
        journal.get(0).error().contains("PostgreSQL reads the old value"), journal.toString());
    assertEquals(List.of(List.of(1, 12, 11)), kv(DBS.postgres()));
    assertEquals(List.of(List.of(1, 12, 12)), kv(DBS.mariadb()));
  }

  /** MySQL expressions: MariaDB's values and PostgreSQL's for their rewrites. */
  @Test
  void rewritten_expressions_give_mariadb_s_values_on_postgresql() {
    String[] expressions = {
      "IF(1 > 2, 'a', IF(NULL, 'b', 'c'))",
      "IFNULL(NULL, IFNULL(NULL, 3))",
      "DATE_ADD(TIMESTAMP '2024-01-31 10:00:00', INTERVAL 1 MONTH)",
      "DATE_ADD('2024-11-30', INTERVAL 1 QUARTER)",
      "DATE_SUB(TIMESTAMP '2024-03-31 00:00:00', INTERVAL 1 QUARTER)",
      "ADDDATE(TIMESTAMP '2024-01-01 00:00:00', INTERVAL -2.5 DAY)",
      "SUBDATE(TIMESTAMP '2024-01-01 00:00:00', INTERVAL 1.5 SECOND)",
      "TIMESTAMP '2024-01-01 00:00:00' + INTERVAL 3 WEEK",
      "TIMESTAMP '2024-01-01 00:00:00' - INTERVAL '7' HOUR",
      "TIMESTAMP '2024-01-01 00:00:00' + INTERVAL 5 MICROSECOND",
      "TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '2.5' SECOND",
      "DATE_ADD(TIMESTAMP '2024-02-29 00:00:00', INTERVAL 1 YEAR)",
      "DATE_ADD(TIMESTAMP '2024-01-01 00:00:00', INTERVAL (2 + 1) MINUTE)",
      "DATE_ADD(TIMESTAMP '2024-01-01 00:00:00', INTERVAL (2.5 + 0.1) DAY)",
      "SUBSTRING('hello', -3)",
      "CONCAT('[', SUBSTRING('hi', -3), ']')",
      "MID('hello', -4, 2)",
      "SUBSTR('héllo', 0)",
      "SUBSTRING(NULL, -3)",
      "SUBSTRING('line\\none', -4)",
      "CHAR_LENGTH(SUBSTRING(REPEAT('ab', 400), -600))",
      "LEFT('abcde', LENGTH('abcde') / 2)",
      "CONCAT(REPEAT('x', 7 / 2), RPAD('a', 9 / 2, '-'), LPAD('b', 3 / 2, '+'), '|')",
      "ROUND(2.71828, 5 / 2)",
      "MID('abcdef', 5 / 2, 3)",
      "CAST(1000 AS CHAR)",
      "CONCAT('id=', CAST(10 + 5 AS CHAR))",
      "CAST(10.5 AS DECIMAL)",
      "CAST(-2.5 AS SIGNED)",
      "CAST('2024-01-02 03:04:05' AS DATETIME)",
      "CONVERT(123, CHAR)",
      "CONVERT('abc' USING utf8mb4)",
      "CONCAT(UCASE('abc'), LCASE('DEF'), INSTR('hello', 'l'), LOCATE('l', 'hello'))",
      "YEAR('2024-03-15 10:00:00') + MONTH(DATE '2024-03-15') + QUARTER(DATE '2024-08-01')",
      "DATEDIFF('2024-03-15 23:00:00', '2024-03-10 01:00:00')",
      "SECOND('2024-03-15 10:00:59.9') + MINUTE('2024-03-15 10:59:59.9')",
      "CONCAT(INSTR('xaz', 'A'), LOCATE('A', 'xaz'), FIELD('A', 'a', 'b'))",
      "DATE_FORMAT('2024-03-05 14:07:09', '%d%j')",
      "UNIX_TIMESTAMP('2024-01-01 00:00:00')",
      "UNIX_TIMESTAMP('2024-01-01 00:00:00.5')",
      "FROM_UNIXTIME(1704067200)",
      "LAST_DAY('2024-02-10 13:00:00')",
      "TIMESTAMPDIFF(DAY, '2024-01-01 10:00', '2024-01-03 09:00')",
      "TIMESTAMPDIFF(HOUR, '2024-01-03 09:00', '2024-01-01 10:30')",
      "TIMESTAMPDIFF(WEEK, '2024-01-01', '2024-01-20') + TIMESTAMPDIFF(SECOND, '2024-01-01',"
          + " '2024-01-01 00:00:01.9')",
      "TIMESTAMPDIFF(MONTH, '2024-01-31', '2024-02-29') + TIMESTAMPDIFF(MONTH, '2024-03-31',"
          + " '2024-02-29') * 10 + TIMESTAMPDIFF(MONTH, '2024-01-31', '2024-03-01') * 100",
      "CONCAT(TIMESTAMPDIFF(MONTH, '2024-01-15 10:00', '2024-02-15 09:59:59.999999'), '/',"
          + " TIMESTAMPDIFF(QUARTER, DATE '2024-01-01', TIMESTAMP '2024-03-31 23:59:59'), '/',"
          + " TIMESTAMPDIFF(YEAR, '2025-01-01', '2024-01-01 00:00:00.000001'), '/',"
          + " timestampdiff(year, '2024-02-29', '2028-02-29'))",
      "IF(TIMESTAMPDIFF(MONTH, NULL, '2024-01-01') IS NULL AND TIMESTAMPDIFF(YEAR, '2024-01-01',"
          + " NULL) IS NULL, 'null', 'not')",
      "TIMESTAMPDIFF(QUARTER, MIN(x), MAX(x)) FROM (SELECT DATE '2023-11-30' AS x UNION ALL"
          + " SELECT DATE '2024-08-29') d",
      "UNIX_TIMESTAMP('1969-12-31 00:00:00')",
      "UNIX_TIMESTAMP('2040-01-01 00:00:00')",
      "CONCAT('[', FROM_UNIXTIME(-1), FROM_UNIXTIME(99999999999), ']')",
      "FROM_UNIXTIME(1704067200.5)",
      "CONCAT(7 DIV 2, -7 DIV 2, 7.5 DIV 2, (5 + 2) DIV 2, 1 + 9 DIV 4, ABS(-9) DIV 2)",
      "UNIX_TIMESTAMP('2024-01-03 10:00:00') DIV 86400",
      "CONCAT(7.9 DIV -0.5, 1e1 DIV 3, '9' DIV 2, 10 - 7 DIV 2, 20 DIV 3 DIV 2)",
      "COUNT(*) FROM (SELECT 'a,b' AS tags) d JOIN (SELECT 'b' AS s) x ON FIND_IN_SET(x.s, d.tags)"
          + " WHERE (FIND_IN_SET('a', d.tags)) AND 1 BETWEEN 0 AND FIND_IN_SET('b', d.tags)",
      "CASE WHEN FIND_IN_SET('b', 'a,b') THEN 'y' END",
      "CASE 2 WHEN FIND_IN_SET('b', 'a,b') THEN 'second' END",
      "CONCAT(FIND_IN_SET('b', 'a,b,c'), FIND_IN_SET('B', 'a,b,c'), FIND_IN_SET('x', 'a,b'),"
          + " FIND_IN_SET('', 'a,,b'), FIND_IN_SET('a,b', 'a,b'), FIND_IN_SET('a', ''))",
      "IF(FIND_IN_SET(NULL, 'a') IS NULL AND FIND_IN_SET('a', NULL) IS NULL, 'null', 'not')",
      "COUNT(*) FROM (SELECT 'a,b' AS tags UNION ALL SELECT 'c') d WHERE FIND_IN_SET('B', tags)",
      "COUNT(*) FROM (SELECT 'a,b' AS tags UNION ALL SELECT 'c') d WHERE NOT FIND_IN_SET('b', tags)"
          + " AND 1 = 1",
      "TIMESTAMPADD(DAY, 1.5, '2024-01-31 10:00:00')",
      "TIMESTAMPADD(MONTH, 1, '2024-01-31 10:00:00')",
      "TIMESTAMPADD(QUARTER, -1, '2024-05-31 00:00:00')",
      "TIMESTAMPADD(SECOND, 1.5, '2024-01-31 10:00:00')",
      "SQL_NO_CACHE 7 FROM DUAL",
      "IF(NULL <=> NULL, 'y', 'n')",
      "IF(1 = 1 && 2 = 2, 'y', 'n')",
      "7 MOD 3",
      "IF('Abc' REGEXP '^a' AND 'xyz' NOT RLIKE '^a', 'y', 'n')",
      "CONCAT(FIELD('b', 'a', 'b', 'c'), ELT(2, 'x', 'y'), SUBSTRING_INDEX('a@b@c', '@', -1),"
          + " SUBSTRING_INDEX('a@b@c', '@', 1))",
      "DATE_FORMAT('2024-03-05 14:07:09', '%Y-%m-%d %H:%i:%s')",
      "DATE_FORMAT('2024-03-05 14:07:09.25', '%e %M %Y (%W, %a %b) at %T %p %f %j %y %c %k %l')",
      "GROUP_CONCAT(x ORDER BY x DESC SEPARATOR '|') FROM (SELECT 1 AS x UNION ALL SELECT 2) d",
      "GROUP_CONCAT(DISTINCT x) FROM (SELECT 'a' AS x UNION ALL SELECT 'a') d",
      "SUBSTRING(REPEAT('ab', 400), -601, 3)",
      "CONCAT('[', SUBSTRING(REPEAT('a', 10), -300), ']')",
      "STR_TO_DATE('05/03/2024', '%d/%m/%Y')",
      "STR_TO_DATE(' 2024-3-5 7:08:09.25 tail', '%Y-%m-%d %H:%i:%s.%f')",
      "STR_TO_DATE('Sept 5, 24 3:04 pm', '%M %e, %y %l:%i %p')",
      "STR_TO_DATE(20240305, '%Y%m%d')",
      "IF(STR_TO_DATE('2024-13-01', '%Y-%m-%d') IS NULL AND STR_TO_DATE(NULL, '%Y') IS NULL,"
          + " 'null', 'not')",
      "COUNT(*) FROM (SELECT DATE '2024-03-05' AS d UNION ALL SELECT DATE '2024-03-06') x"
          + " WHERE d = STR_TO_DATE('5.3.24', '%e.%c.%y')",
      "DATEDIFF(STR_TO_DATE('2024-03-05 23:00', '%Y-%m-%d %H:%i'), '2024-01-01')",
      "CONCAT(STR_TO_DATE('12:04:05 am', '%r'), ' ', STR_TO_DATE('9:5', '%k:%i'))",
    };
    for (String e : expressions) {
      String mysql = "SELECT " + e;
      String postgres = SqlTranslator.translate(mysql, Dialect.MYSQL, Dialect.POSTGRES);
      Object expected = value(DBS.mariadb().query(mysql).get(0).get(0));
      Object actual = value(DBS.postgres().query(postgres).get(0).get(0));
      assertEquals(expected, actual, mysql + " -> " + postgres);
    }
  }

  /**
   * MySQL's {@code COUNT(DISTINCT a, b)} counts the distinct combinations in which no expression is
   * NULL; PostgreSQL takes one argument. Rewritten, PostgreSQL counts MariaDB's combinations over
   * duplicate rows, rows with a NULL in any position, grouped and filtered, with columns, literals,
   * function calls, parameters and sub-queries among the expressions.
   */
  @Test
  void count_distinct_of_several_expressions_counts_mariadb_s_combinations_on_postgresql()
      throws Exception {
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute(
          "DROP TABLE IF EXISTS pairs",
          "CREATE TABLE pairs (id INT PRIMARY KEY, g INT, a INT, b VARCHAR(10), c DATE)",
          "INSERT INTO pairs VALUES (1, 1, 1, 'x', DATE '2024-01-01'), (2, 1, 1, 'x', DATE"
              + " '2024-01-01'), (3, 1, 1, 'y', NULL), (4, 1, NULL, 'x', DATE '2024-01-02'), (5,"
              + " 1, NULL, NULL, NULL), (6, 2, 2, 'x', DATE '2024-01-01'), (7, 2, 2, 'x', DATE"
              + " '2024-01-02'), (8, 2, 3, NULL, DATE '2024-01-01'), (9, 3, NULL, 'z', NULL), (10,"
              + " 2, 1, 'x', DATE '2024-01-01')");
    }
    String[] queries = {
      "SELECT COUNT(DISTINCT a, b) FROM pairs",
      "SELECT COUNT(DISTINCT a, b, c) FROM pairs",
      "SELECT count(distinct b, a) FROM pairs",
      "SELECT COUNT(DISTINCT pairs.a, c) FROM pairs",
      "SELECT g, COUNT(DISTINCT a, b), COUNT(DISTINCT a), COUNT(*) FROM pairs GROUP BY g ORDER BY g",
      "SELECT g FROM pairs GROUP BY g HAVING COUNT(DISTINCT a, b) > 1 ORDER BY g",
      "SELECT COUNT(DISTINCT a + 1, 'k') FROM pairs",
      "SELECT COUNT(DISTINCT a, NULL) FROM pairs",
      "SELECT COUNT(DISTINCT a * 2, UPPER(b)) FROM pairs",
      "SELECT COUNT(DISTINCT IFNULL(a, 0), b) FROM pairs",
      "SELECT COUNT(DISTINCT a, (SELECT MAX(b) FROM pairs p WHERE p.g = pairs.g)) FROM pairs",
      "SELECT COUNT(DISTINCT a, b) FROM pairs WHERE id > 100",
      "SELECT COUNT(DISTINCT p.a, q.b) FROM pairs p JOIN pairs q ON q.g = p.g",
    };
    for (String mysql : queries) {
      String postgres = SqlTranslator.translate(mysql, Dialect.MYSQL, Dialect.POSTGRES);
      assertEquals(
          values(DBS.mariadb().query(mysql)),
          values(DBS.postgres().query(postgres)),
          mysql + " -> " + postgres);
    }
    // MariaDB's answers, pinned: (1,x), (1,y), (2,x); (3,NULL) and (NULL,x) are not counted.
    assertEquals(3L, DBS.mariadb().queryLong("SELECT COUNT(DISTINCT a, b) FROM pairs"));
    String prepared = "SELECT COUNT(DISTINCT a, ?) FROM pairs WHERE g = ?";
    String translated = SqlTranslator.translate(prepared, Dialect.MYSQL, Dialect.POSTGRES);
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      try (Connection c = db.connect();
          PreparedStatement ps = c.prepareStatement(db == DBS.mariadb() ? prepared : translated)) {
        ps.setString(1, "k");
        ps.setInt(2, 1);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(1, rs.getInt(1), db.engine() + ": " + translated);
        }
      }
    }
  }

  /**
   * {@code SUBSTRING_INDEX(s, d, n)} for every literal count: the part before the n-th delimiter,
   * or after the n-th from the end, as MariaDB cuts it: delimiters found left to right without
   * overlapping, matched with case, the whole string past the last delimiter, {@code ''} for a
   * count of 0 or an empty delimiter, NULL for NULL. A negative count with a delimiter that can
   * overlap itself is left untranslated: see the next test.
   */
  @Test
  void substring_index_with_any_literal_count_gives_mariadb_s_parts_on_postgresql()
      throws Exception {
    String[] strings = {
      "'a,b,c'",
      "',a,,b,'",
      "''",
      "'aaa'",
      "'aaaaaaa'",
      "'xaaay'",
      "'abababa'",
      "'\u00e9a\u00e9b\u00e9c'",
      "'aXbxc'",
      "'a, b, c'",
      "'it''s,a\\\\b,c'",
      "NULL"
    };
    String[] delimiters = {
      "','", "'aa'", "'aba'", "'\u00e9'", "'x'", "'X'", "''", "', '", "'\\\\'", "'''s'"
    };
    String[] counts = {
      "0", "1", "-1", "2", "-2", "3", "-3", "4", "-4", "100", "-100", "2147483647", "-2147483647"
    };
    Set<String> overlapping = Set.of("'aa'", "'aba'", "'''s'");
    for (String s : strings) {
      for (String d : delimiters) {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < counts.length; i++) {
          if (overlapping.contains(d) && counts[i].startsWith("-")) {
            continue;
          }
          select.append(select.length() > 7 ? ", " : "");
          select.append("SUBSTRING_INDEX(").append(s).append(", ").append(d).append(", ");
          select.append(counts[i]).append(")");
        }
        String mysql = select.toString();
        String postgres = SqlTranslator.translate(mysql, Dialect.MYSQL, Dialect.POSTGRES);
        assertEquals(
            values(DBS.mariadb().query(mysql)),
            values(DBS.postgres().query(postgres)),
            mysql + " -> " + postgres);
      }
    }
    // MariaDB's answers, pinned.
    assertEquals(
        java.util.Arrays.asList("abab", "", "", null),
        DBS.mariadb()
            .query(
                "SELECT SUBSTRING_INDEX('abababa', 'aba', 2), SUBSTRING_INDEX('a,b', ',', 0),"
                    + " SUBSTRING_INDEX('a,b', '', 1), SUBSTRING_INDEX(NULL, ',', 0)")
            .get(0));
    String prepared =
        "SELECT SUBSTRING_INDEX(?, '.', 2), SUBSTRING_INDEX(?, '.', -2), SUBSTRING_INDEX(?, 'aa',"
            + " 2)";
    String translated = SqlTranslator.translate(prepared, Dialect.MYSQL, Dialect.POSTGRES);
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      try (Connection c = db.connect();
          PreparedStatement ps = c.prepareStatement(db == DBS.mariadb() ? prepared : translated)) {
        ps.setString(1, "www.example.co.uk");
        ps.setString(2, "www.example.co.uk");
        ps.setString(3, "aaaaaaa");
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals("www.example", rs.getString(1), db.engine() + ": " + translated);
          assertEquals("co.uk", rs.getString(2), db.engine() + ": " + translated);
          assertEquals("aa", rs.getString(3), db.engine() + ": " + translated);
        }
      }
    }
  }

  /**
   * From the end, MariaDB finds a delimiter that can overlap itself right to left in a single-byte
   * character set and left to right in a multi-byte one: {@code 'aaa'} by {@code 'aa'} is {@code
   * ''} in a {@code latin1} column and {@code 'a'} in a {@code utf8mb4} one. PostgreSQL's type does
   * not tell which, so such a call is left for PostgreSQL to refuse, with -1 too.
   */
  @Test
  void substring_index_from_the_end_by_an_overlapping_delimiter_depends_on_mariadb_s_charset()
      throws Exception {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS cuts",
            "CREATE TABLE cuts (l VARCHAR(10) CHARACTER SET latin1, u VARCHAR(10) CHARACTER SET"
                + " utf8mb4)",
            "INSERT INTO cuts VALUES ('aaa', 'aaa'), ('aaaaa', 'aaaaa')");
    assertEquals(
        List.of(List.of("", "a", "aaa", "aaa"), List.of("", "a", "aa", "aaa")),
        DBS.mariadb()
            .query(
                "SELECT SUBSTRING_INDEX(l, 'aa', -1), SUBSTRING_INDEX(u, 'aa', -1),"
                    + " SUBSTRING_INDEX(l, 'aa', -2), SUBSTRING_INDEX(u, 'aa', -2) FROM cuts"
                    + " ORDER BY l"));
    for (String mysql :
        new String[] {
          "SELECT SUBSTRING_INDEX(l, 'aa', -1) FROM cuts",
          "SELECT SUBSTRING_INDEX(l, 'aba', -2) FROM cuts"
        }) {
      assertTrue(
          SqlTranslator.translate(mysql, Dialect.MYSQL, Dialect.POSTGRES)
              .contains("SUBSTRING_INDEX(l, "),
          mysql);
    }
  }

  /**
   * MySQL concatenates adjacent string literals ({@code 'a' 'b'} is {@code 'ab'}); PostgreSQL only
   * across a newline. As one literal, PostgreSQL reads MariaDB's value, escapes and quotes of each
   * piece included.
   */
  @Test
  void adjacent_string_literals_give_mariadb_s_value_on_postgresql() {
    String[] expressions = {
      "'a' 'b'",
      "'a' 'b' 'c'",
      "CONCAT('[', 'it''s' \"a \\\"b\\\"\" 'c\\'d', ']')",
      "'line\\n' 'two\\ttab'",
      "'a'\n'b'",
      "'' ''",
      "'50\\%' ' off'",
      "IF('ab' = 'a' 'b', 'same', 'other')",
      "IF('a' 'b' LIKE 'a_', 'y', 'n')",
      "LENGTH('\u00e9' 'x')",
      "CONCAT('a' /* between */, 'b')",
    };
    for (String e : expressions) {
      String mysql = "SELECT " + e;
      String postgres = SqlTranslator.translate(mysql, Dialect.MYSQL, Dialect.POSTGRES);
      assertEquals(
          values(DBS.mariadb().query(mysql)),
          values(DBS.postgres().query(postgres)),
          mysql + " -> " + postgres);
    }
  }

  /**
   * Adjacent string literals in writes through the driver: PostgreSQL stores the one string MariaDB
   * stores, in either phase, and nothing is journaled.
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void adjacent_string_literals_in_writes_store_mariadb_s_string(Phase phase) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO events (id, name, note) VALUES (?, 'pre' 'fix', ?)")) {
      st.executeUpdate(
          "INSERT INTO events (id, name, note) VALUES (1, 'it\\'s' ' one', 'a' \"b\"\n'c')");
      ps.setInt(1, 2);
      ps.setString(2, "x");
      ps.executeUpdate();
      st.executeUpdate("UPDATE events SET note = 'tab\\t' 'bed' WHERE id = 2");
      st.executeUpdate("UPDATE events SET n = 7 WHERE name = 'pre' 'fix'");
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    assertEquals(
        List.of(List.of("it's one", "abc"), List.of("prefix", "tab\tbed")),
        DBS.mariadb().query("SELECT name, note FROM events ORDER BY id"));
    assertEquals(
        MigrationFixture.rows(DBS.mariadb(), "events"),
        MigrationFixture.rows(DBS.postgres(), "events"));
  }

  /**
   * MySQL's {@code 0x41} takes the meaning of where it lands: the bytes in a binary column, the
   * characters in a text one, the number in a numeric one. Assigned, inserted and compared through
   * the driver, PostgreSQL stores and finds what MariaDB does in {@code bytea}, {@code varchar},
   * {@code integer} and {@code numeric} columns, and nothing is journaled.
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void hex_literals_store_what_mariadb_stores_in_binary_text_and_numeric_columns(Phase phase)
      throws Exception {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS bins",
            "CREATE TABLE bins (id INT PRIMARY KEY, b VARBINARY(16), bl BLOB, v VARCHAR(10), i INT,"
                + " d DECIMAL(10,2))");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS bins",
            "CREATE TABLE bins (id int PRIMARY KEY, b bytea, bl bytea, v varchar(10), i int,"
                + " d numeric(10,2))");
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO bins (id, b, v) VALUES (?, 0x0A0b, ?)")) {
      st.executeUpdate(
          "INSERT INTO bins (id, b, bl, v, i, d) VALUES (1, 0x3f2504e04f8911d3, 0x00ff5c27, 0x41,"
              + " 0x41, 0x41), (2, 0x123, X'C3A9', 0x4127, 0x7fffffff, 0xff)");
      ps.setInt(1, 3);
      ps.setString(2, "x");
      ps.executeUpdate();
      st.executeUpdate("UPDATE bins SET bl = 0xCAFE, v = 0x4869 WHERE b = 0x3f2504e04f8911d3");
      st.executeUpdate("UPDATE bins SET i = 7 WHERE v = 0x4869 AND 0x0123 <> b");
      st.executeUpdate("UPDATE bins SET d = 1 WHERE i = 0x7fffffff");
      st.executeUpdate("DELETE FROM bins WHERE 0x0a0b = bins.b");
      try (ResultSet rs = st.executeQuery("SELECT id FROM bins WHERE bl = 0xcafe")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    // MariaDB's values, pinned: 0x123 is the bytes 01 23; 0x4127 the text A'.
    assertEquals(
        List.of(
            List.of(1, "3F2504E04F8911D3", "CAFE", "Hi", 7, "65.00"),
            List.of(2, "0123", "C3A9", "A'", 2147483647, "1.00")),
        DBS.mariadb()
            .query("SELECT id, HEX(b), HEX(bl), v, i, CAST(d AS CHAR) FROM bins ORDER BY id"));
    assertEquals(
        MigrationFixture.rows(DBS.mariadb(), "bins"),
        MigrationFixture.rows(DBS.postgres(), "bins"));
  }

  /**
   * What MariaDB makes of {@code 0x...} bytes past ASCII depends on the column's character set,
   * which PostgreSQL's type does not tell: {@code 0xC3A9} is {@code 'é'} in a {@code utf8mb4}
   * column and {@code 'Ã©'} in a {@code latin1} one. Past 8 bytes a number is refused on insert and
   * compared by its last 8 bytes. Through the driver these reach PostgreSQL untranslated, which
   * refuses them, and are journaled rather than stored or matched differently.
   */
  @Test
  void hex_literals_whose_value_depends_on_mariadb_s_charset_or_width_are_refused_on_postgresql()
      throws Exception {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS hexes",
            "CREATE TABLE hexes (id INT PRIMARY KEY, l VARCHAR(10) CHARACTER SET latin1,"
                + " u VARCHAR(10) CHARACTER SET utf8mb4, n BIGINT)",
            "INSERT INTO hexes VALUES (1, 0xC3A9, 0xC3A9, 65)");
    assertEquals(
        List.of(List.of("\u00c3\u00a9", "\u00e9")), DBS.mariadb().query("SELECT l, u FROM hexes"));
    assertEquals(1L, DBS.mariadb().queryLong("SELECT COUNT(*) FROM hexes WHERE l = 0xC3A9"));
    assertEquals(
        1L, DBS.mariadb().queryLong("SELECT COUNT(*) FROM hexes WHERE n = 0x010000000000000041"));
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS hexes",
            "CREATE TABLE hexes (id int PRIMARY KEY, l varchar(10), u varchar(10), n bigint)",
            "INSERT INTO hexes VALUES (1, '\u00c3\u00a9', '\u00e9', 65)");
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      assertEquals(1, st.executeUpdate("UPDATE hexes SET u = 'x' WHERE l = 0xC3A9"));
      assertEquals(1, st.executeUpdate("UPDATE hexes SET l = 'y' WHERE n = 0x010000000000000041"));
      assertEquals(1, st.executeUpdate("INSERT INTO hexes (id, l, u) VALUES (2, 0xE9, 0xC3A9)"));
    }
    assertEquals(3, DualWriteSemantics.journal(url).size());
  }

  private static List<List<Object>> values(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> r : rows) {
      List<Object> n = new ArrayList<>();
      for (Object v : r) {
        n.add(value(v));
      }
      out.add(n);
    }
    return out;
  }

  /**
   * Pairs for {@code TIMESTAMPDIFF} by calendar: month ends, leap days, the same day a microsecond
   * either side, spans both ways, the year range's ends, NULL.
   */
  private static final String[][] CALENDAR_PAIRS = {
    {"2024-01-31", "2024-02-29"},
    {"2024-01-31", "2024-02-28"},
    {"2024-01-31", "2024-03-01"},
    {"2024-01-31", "2024-03-31"},
    {"2024-01-30", "2024-02-29"},
    {"2024-01-29", "2024-02-29"},
    {"2024-02-29", "2024-03-29"},
    {"2024-02-29", "2025-02-28"},
    {"2024-02-29", "2025-03-01"},
    {"2024-02-29", "2028-02-29"},
    {"2023-02-28", "2024-02-29"},
    {"2024-03-31", "2024-02-29"},
    {"2024-03-31", "2024-02-28"},
    {"2024-03-01", "2024-01-31"},
    {"2024-02-29", "2024-01-31"},
    {"2024-02-29", "2024-01-29"},
    {"2024-01-15 10:00:00", "2024-02-15 09:59:59.999999"},
    {"2024-01-15 10:00:00", "2024-02-15 10:00:00"},
    {"2024-01-15 10:00:00.000001", "2024-02-15 10:00:00"},
    {"2024-02-15 09:59:59.999999", "2024-01-15 10:00:00"},
    {"2024-02-15 10:00:00", "2024-01-15 10:00:00"},
    {"2024-02-15 10:00:00", "2024-01-15 10:00:00.000001"},
    {"2024-01-31 12:00:00", "2024-02-29 23:59:59"},
    {"2024-01-31 12:00:00", "2024-02-29"},
    {"2024-01-01", "2024-12-31 23:59:59.999999"},
    {"2024-01-01", "2025-01-01"},
    {"2024-01-01 00:00:00.000001", "2025-01-01"},
    {"2025-01-01", "2024-01-01 00:00:00.000001"},
    {"2025-01-01", "2024-01-01"},
    {"2024-01-01", "2024-03-31"},
    {"2024-01-01", "2024-04-01"},
    {"2024-04-01", "2024-01-01"},
    {"2024-04-01", "2024-01-02"},
    {"2024-01-01", "2024-01-01"},
    {"1999-12-31 23:59:59", "2000-01-01"},
    {"0001-01-01", "9999-12-31 23:59:59.999999"},
    {"9999-12-31", "0001-01-01"},
    {"2024-05-31", "2024-06-30"},
    {"2024-06-30", "2024-05-31"},
    {"2024-06-30", "2024-05-30"},
    {"2024-03-31 10:00:00", "2024-02-29 10:00:00.000001"},
    {"2024-03-31 10:00:00", "2024-02-29 09:59:00"},
    {"2019-11-30 18:30:00", "2024-08-31 18:29:59"},
    {"2024-08-31 18:29:59", "2019-11-30 18:30:00"},
    {null, "2024-01-01"},
    {"2024-01-01", null},
  };

  /**
   * {@code TIMESTAMPDIFF} in months, quarters and years, with parameters bound as strings,
   * timestamps and {@code LocalDateTime}s and with {@code DATE}, {@code DATETIME} and {@code
   * TIMESTAMP} columns, stores MariaDB's count on PostgreSQL: each side computes its own.
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void timestampdiff_by_calendar_stores_mariadb_s_counts_on_postgresql(Phase phase)
      throws Exception {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS diffs",
            "CREATE TABLE diffs (id INT PRIMARY KEY, a DATETIME(6), b DATETIME(6), d DATE,"
                + " ts TIMESTAMP(6) NULL, m BIGINT, q BIGINT, y BIGINT, dm BIGINT, tq BIGINT)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS diffs",
            "CREATE TABLE diffs (id int PRIMARY KEY, a timestamp(6), b timestamp(6), d date,"
                + " ts timestamptz(6), m bigint, q bigint, y bigint, dm bigint, tq bigint)");
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ins =
            c.prepareStatement(
                "INSERT INTO diffs (id, a, b, m, q, y) VALUES (?, ?, ?, TIMESTAMPDIFF(MONTH, ?,"
                    + " ?), TIMESTAMPDIFF(QUARTER, ?, ?), timestampdiff(year, ?, ?))");
        Statement st = c.createStatement()) {
      for (int i = 0; i < CALENDAR_PAIRS.length; i++) {
        ins.setInt(1, i);
        for (int p = 2; p <= 9; p++) {
          String v = CALENDAR_PAIRS[i][p % 2 == 0 ? 0 : 1];
          if (v == null) {
            ins.setNull(p, java.sql.Types.TIMESTAMP);
          } else if (i % 3 == 0 || v.startsWith("0") || v.startsWith("9")) {
            // java.sql.Timestamp counts years before 1582 in the Julian calendar.
            ins.setString(p, v);
          } else {
            LocalDateTime t =
                LocalDateTime.parse(v.length() == 10 ? v + "T00:00" : v.replace(' ', 'T'));
            if (i % 3 == 1) {
              ins.setTimestamp(p, Timestamp.valueOf(t));
            } else {
              ins.setObject(p, t);
            }
          }
        }
        ins.executeUpdate();
      }
      st.executeUpdate(
          "UPDATE diffs SET d = a, ts = IF(b BETWEEN '1971-01-01' AND '2037-12-31', b, NULL)");
      st.executeUpdate(
          "UPDATE diffs SET dm = TIMESTAMPDIFF(MONTH, d, b), tq = TIMESTAMPDIFF(QUARTER, a, ts)");
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String counts = "SELECT id, m, q, y, dm, tq FROM diffs ORDER BY id";
    List<List<Object>> mariadb = DBS.mariadb().query(counts);
    assertEquals(CALENDAR_PAIRS.length, mariadb.size());
    assertEquals(mariadb, DBS.postgres().query(counts));
    // MariaDB's counts, pinned: Jan 31 to Feb 29 is no month, to Mar 1 one; Mar 31 back to Feb 29
    // is -1 (counted from Feb 29); a microsecond short of the day's time is no month.
    assertEquals(List.of(0L, 0L, 0L), mariadb.get(0).subList(1, 4));
    assertEquals(List.of(1L, 0L, 0L), mariadb.get(2).subList(1, 4));
    assertEquals(List.of(-1L, 0L, 0L), mariadb.get(11).subList(1, 4));
    assertEquals(List.of(0L, 0L, 0L), mariadb.get(16).subList(1, 4));
    assertEquals(List.of(-11L, -3L, 0L), mariadb.get(27).subList(1, 4));
    assertEquals(List.of(119987L, 39995L, 9998L), mariadb.get(35).subList(1, 4));
    assertEquals(java.util.Arrays.asList(null, null, null), mariadb.get(44).subList(1, 4));
    // A DATE argument counts from midnight; a TIMESTAMP column (in range) counts as the DATETIME.
    assertEquals(
        List.of(16L, 18L, 20L, 26L),
        DBS.mariadb().query("SELECT id FROM diffs WHERE dm <> m ORDER BY id").stream()
            .map(r -> ((Number) r.get(0)).longValue())
            .toList());
    assertEquals(42L, DBS.mariadb().queryLong("SELECT COUNT(*) FROM diffs WHERE tq = q"));
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void greatest_and_least_with_parameters_and_functions_are_null_when_an_argument_is(Phase phase)
      throws Exception {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS flags",
            "CREATE TABLE flags (id INT PRIMARY KEY, seen TINYINT(1))",
            "INSERT INTO flags VALUES (1, 0), (2, NULL)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS flags",
            "CREATE TABLE flags (id int PRIMARY KEY, seen boolean)",
            "INSERT INTO flags VALUES (1, false), (2, NULL)");
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ins =
            c.prepareStatement(
                "INSERT INTO events (id, name, n) VALUES (?, ?, LEAST(?, ABS(?), 100))");
        PreparedStatement raise =
            c.prepareStatement("UPDATE events SET n = GREATEST(n, ?) WHERE id = ?")) {
      Integer[][] rows = {{1, 5, -7}, {2, null, 3}, {3, 50, null}, {4, 500, -300}};
      for (Integer[] r : rows) {
        ins.setInt(1, r[0]);
        ins.setString(2, "e" + r[0]);
        ins.setObject(3, r[1], java.sql.Types.INTEGER);
        ins.setObject(4, r[2], java.sql.Types.INTEGER);
        ins.executeUpdate();
      }
      for (int id = 1; id <= 4; id++) {
        raise.setObject(1, id == 4 ? null : 20, java.sql.Types.INTEGER);
        raise.setInt(2, id);
        raise.executeUpdate();
      }
      // A tinyint(1) is a boolean on PostgreSQL, which has GREATEST but no max() for it.
      try (PreparedStatement seen =
          c.prepareStatement("UPDATE flags SET seen = GREATEST(seen, ?) WHERE id = ?")) {
        for (int id = 1; id <= 2; id++) {
          seen.setBoolean(1, true);
          seen.setInt(2, id);
          seen.executeUpdate();
        }
      }
    }
    assertEquals(
        List.of(List.of(1, true), java.util.Arrays.asList(2, null)),
        DBS.postgres().query("SELECT id, seen FROM flags ORDER BY id"));
    assertEquals(
        java.util.Arrays.asList(1, null),
        DBS.mariadb().query("SELECT seen + 0 FROM flags ORDER BY id").stream()
            .map(r -> r.get(0) == null ? null : ((Number) r.get(0)).intValue())
            .toList());
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    List<List<Object>> old = MigrationFixture.rows(DBS.mariadb(), "events");
    assertEquals(old, MigrationFixture.rows(DBS.postgres(), "events"));
    // MariaDB's answers: LEAST(5, 7, 100) = 5, then GREATEST(5, 20) = 20; NULLs stay NULL.
    assertEquals(
        java.util.Arrays.asList(20, null, null, null),
        DBS.mariadb().query("SELECT n FROM events ORDER BY id").stream()
            .map(r -> r.get(0))
            .toList());
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void greatest_with_a_parameter_in_an_upsert_runs_on_both(Phase phase) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO events (id, name, n) VALUES (?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE n = GREATEST(n, ?)")) {
      for (int v : new int[] {1, 5, 3}) {
        ps.setInt(1, 1);
        ps.setString(2, "e");
        ps.setInt(3, v);
        ps.setInt(4, v);
        ps.executeUpdate();
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    assertEquals(
        MigrationFixture.rows(DBS.mariadb(), "events"),
        MigrationFixture.rows(DBS.postgres(), "events"));
  }

  /**
   * MySQL divides exactly, PostgreSQL divides integers to an integer: through the driver, the
   * rewritten divisions store MariaDB's values on PostgreSQL in integer, decimal and float columns,
   * in plain, prepared, INSERT ... SELECT and upsert statements.
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void divisions_store_mariadb_s_exact_quotients_on_postgresql(Phase phase) throws Exception {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS ratios",
            "CREATE TABLE ratios (id INT PRIMARY KEY, i INT, d DECIMAL(10,4), f DOUBLE, r FLOAT)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS ratios",
            "CREATE TABLE ratios (id int PRIMARY KEY, i int, d numeric(10,4), f double precision,"
                + " r real)");
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO ratios (id, i, d, f, r) VALUES (?, ? / ?, ? / 3, ?, ?)")) {
      st.executeUpdate("INSERT INTO ratios (id, i, d, r) VALUES (1, 5 / 2, 5 / 2, 0.1)");
      ps.setInt(1, 2);
      ps.setInt(2, -7);
      ps.setInt(3, 2);
      ps.setInt(4, 2);
      ps.setDouble(5, 2.5);
      ps.setFloat(6, 0.1f);
      ps.executeUpdate();
      st.executeUpdate("UPDATE ratios SET i = i / 2, d = d / 3, f = 1 / r WHERE id = 1");
      st.executeUpdate("INSERT INTO ratios (id, i) SELECT 3, COUNT(*) * 10 / 4 FROM ratios");
      st.executeUpdate(
          "INSERT INTO ratios (id, i) VALUES (2, 9) ON DUPLICATE KEY UPDATE i = i / 8");
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    // MariaDB's answers: 5 / 2 = 2.5 stores 3, then 3 / 2 = 1.5 stores 2; -7 / 2 = -3.5 stores -4,
    // then -4 / 8 = -0.5 stores -1; 2 / 3 = 0.6667; 2 rows * 10 / 4 = 5.
    assertEquals(
        List.of(List.of(1, 2, "0.8333"), List.of(2, -1, "0.6667"), List.of(3, 5, "-")),
        DBS.mariadb()
            .query("SELECT id, i, COALESCE(CAST(d AS CHAR), '-') FROM ratios ORDER BY id"));
    assertEquals(
        MigrationFixture.rows(DBS.mariadb(), "ratios"),
        MigrationFixture.rows(DBS.postgres(), "ratios"));
  }

  /** nums: integer, NULL, negative, decimal and float operands, and zero divisors. */
  private static void nums() {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS nums",
            "CREATE TABLE nums (id INT PRIMARY KEY, i INT, z INT, d DECIMAL(10,2), f DOUBLE,"
                + " r FLOAT)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS nums",
            "CREATE TABLE nums (id int PRIMARY KEY, i int, z int, d numeric(10,2),"
                + " f double precision, r real)");
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute(
          "INSERT INTO nums VALUES (1, 7, 0, 2.50, 1.5, 0.5), (2, -7, 2, -2.50, -1.5, -0.5),"
              + " (3, NULL, NULL, NULL, NULL, NULL), (4, 9, 0, 0.00, 0, 0),"
              + " (5, 8, -2, 0.25, 2.0, 0.25)");
    }
  }

  /**
   * Division by zero is NULL in a MariaDB read (with a warning) and an error in PostgreSQL: after
   * the switch a report failed, and a shadow read compared as an error. Rewritten, PostgreSQL reads
   * MariaDB's NULLs (and its other values) for {@code /}, {@code DIV}, {@code MOD} and {@code %},
   * on integer, NULL, negative, decimal and float operands, with literal, column, parameter and
   * parenthesised divisors, in the select list and in conditions.
   */
  @Test
  void division_by_zero_in_a_read_is_null_on_postgresql_as_on_mariadb() throws Exception {
    nums();
    String[] expressions = {
      "i / z",
      "i / 0",
      "i / (i - i)",
      "i / (z - 2)",
      "-i / -z",
      "d / z",
      "f / z",
      "r / z",
      "i / d",
      "i / f",
      "1 / r",
      "f / 0.0",
      "i / 0e0",
      "i / z / 2",
      "i + 1 / z * 2",
      "IFNULL(i / z, -1)",
      "i DIV z",
      "i DIV 0",
      "i DIV (z - z)",
      "d DIV z",
      "f DIV z",
      "i DIV d",
      "f DIV 0.0",
      "i MOD z",
      "i % z",
      "MOD(i, z)",
      "i % 0",
      "MOD(i, 0)",
      "d % z",
      "d MOD z",
      "MOD(d, z)",
      "i % (z * 1)",
      "i % d",
      "i % -z",
      "i MOD 0.0",
      "i - i % z * 2",
      "MOD(i, z - z)",
      "CONCAT(i DIV z, '|', i % z, '|', MOD(i, z))",
      // A window's OVER belongs to the divisor (found by review: a syntax error before).
      "i % COUNT(z) OVER (PARTITION BY z)",
      "i / SUM(z) OVER (PARTITION BY z)",
      "i DIV COUNT(z) OVER (PARTITION BY z)",
    };
    for (String e : expressions) {
      String mysql = "SELECT id, " + e + " FROM nums ORDER BY id";
      String postgres = SqlTranslator.translate(mysql, Dialect.MYSQL, Dialect.POSTGRES);
      List<Object> expected = new ArrayList<>();
      for (List<Object> r : DBS.mariadb().query(mysql)) {
        expected.add(value(r.get(1)));
      }
      List<Object> actual = new ArrayList<>();
      try {
        for (List<Object> r : DBS.postgres().query(postgres)) {
          actual.add(value(r.get(1)));
        }
      } catch (IllegalStateException failed) {
        actual.add(failed.getMessage());
      }
      assertEquals(expected, actual, mysql + " -> " + postgres);
      // Each divides by zero in some row (IFNULL's -1 stands for its NULL).
      assertTrue(
          expected.contains(null) || expected.contains("-1"), mysql + " divides by zero somewhere");
    }
    String where =
        "SELECT COUNT(*) FROM nums WHERE i / z IS NULL AND i DIV z IS NULL AND MOD(i, z) IS NULL"
            + " OR i % z = -1";
    assertEquals(
        DBS.mariadb().queryLong(where),
        DBS.postgres().queryLong(SqlTranslator.translate(where, Dialect.MYSQL, Dialect.POSTGRES)));
    String prepared = "SELECT i / ?, i DIV ?, i % ?, MOD(i, ?), i / (? - 1) FROM nums ORDER BY id";
    String translated = SqlTranslator.translate(prepared, Dialect.MYSQL, Dialect.POSTGRES);
    for (Integer divisor : java.util.Arrays.asList(0, 2, -2, null)) {
      List<List<Object>> sides = new ArrayList<>();
      for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
        try (Connection c = db.connect();
            PreparedStatement ps =
                c.prepareStatement(db == DBS.mariadb() ? prepared : translated)) {
          for (int p = 1; p <= 5; p++) {
            // The last is (? - 1): one more, so that it is zero when the others are.
            Integer bound = p == 5 && divisor != null ? Integer.valueOf(divisor + 1) : divisor;
            ps.setObject(p, bound, java.sql.Types.INTEGER);
          }
          List<Object> values = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              for (int col = 1; col <= 5; col++) {
                values.add(value(rs.getObject(col)));
              }
            }
          }
          sides.add(values);
        }
      }
      assertEquals(sides.get(0), sides.get(1), translated + " with " + divisor);
    }
    // Through the driver with PostgreSQL the primary: the report no longer fails.
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_NEW_PRIMARY, "");
    String report =
        "SELECT id, SUM(i) / SUM(z), MAX(i) DIV MIN(z) FROM nums GROUP BY id ORDER BY id";
    List<List<Object>> read = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(report)) {
      while (rs.next()) {
        read.add(java.util.Arrays.asList(value(rs.getObject(2)), value(rs.getObject(3))));
      }
    }
    List<List<Object>> old = new ArrayList<>();
    for (List<Object> r : DBS.mariadb().query(report)) {
      old.add(java.util.Arrays.asList(value(r.get(1)), value(r.get(2))));
    }
    assertEquals(old, read);
  }

  /**
   * Writes are another matter, measured on MariaDB 10.11 with its default strict {@code sql_mode}
   * ({@code ERROR_FOR_DIVISION_BY_ZERO}): an INSERT, UPDATE or INSERT ... SELECT that divides by
   * zero fails there as on PostgreSQL (SQLSTATE 22012 on both), so they keep dividing as they did;
   * a DELETE and an INSERT IGNORE only warn and take NULL, so they get the read's rewrite and
   * PostgreSQL deletes and stores what MariaDB does.
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void division_by_zero_fails_writes_on_both_and_is_null_in_deletes_and_insert_ignore(Phase phase)
      throws Exception {
    nums();
    String[] failing = {
      "INSERT INTO nums (id, i) VALUES (10, 1 / 0)",
      "INSERT INTO nums (id, i) SELECT 11, MOD(i, z) FROM nums WHERE id = 1",
      "UPDATE nums SET i = i DIV z WHERE id = 1",
      "UPDATE nums SET d = d % 0 WHERE id = 2",
      "UPDATE nums SET i = 1 WHERE i / z IS NULL",
    };
    for (String sql : failing) {
      for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
        String text =
            db == DBS.mariadb()
                ? sql
                : SqlTranslator.translate(sql, Dialect.MYSQL, Dialect.POSTGRES);
        try (Connection c = db.connect();
            Statement st = c.createStatement()) {
          st.executeUpdate(text);
          throw new AssertionError(db.engine() + " took " + text);
        } catch (java.sql.SQLException e) {
          assertEquals("22012", e.getSQLState(), db.engine() + ": " + text + ": " + e);
        }
      }
    }
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      try {
        st.executeUpdate("UPDATE nums SET i = i / z WHERE id = 1");
        throw new AssertionError("the primary took a division by zero");
      } catch (java.sql.SQLException e) {
        assertEquals("22012", e.getSQLState(), e.toString());
      }
      st.executeUpdate("INSERT IGNORE INTO nums (id, i, d) VALUES (6, 6 / 0, 6 % 0)");
      try (PreparedStatement ps =
          c.prepareStatement("INSERT IGNORE INTO nums (id, i, z) VALUES (?, ? DIV ?, 1)")) {
        ps.setInt(1, 7);
        ps.setInt(2, 7);
        ps.setInt(3, 0);
        ps.executeUpdate();
      }
      assertEquals(3, st.executeUpdate("DELETE FROM nums WHERE i / z IS NULL AND id < 6"));
      assertEquals(1, st.executeUpdate("DELETE FROM nums WHERE MOD(i, z) = -1 OR d DIV 0 > 0"));
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    List<List<Object>> old = MigrationFixture.rows(DBS.mariadb(), "nums");
    assertEquals(3, old.size(), old.toString());
    assertEquals(old, MigrationFixture.rows(DBS.postgres(), "nums"));
  }

  /**
   * MySQL's ON UPDATE CURRENT_TIMESTAMP, which PostgreSQL lacks: an UPDATE that changes a row
   * stamps it on both databases; one that changes nothing (the same value, or one the column rounds
   * to the old) leaves the stamp; a stamp the statement sets is kept.
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void on_update_current_timestamp_stamps_changed_rows_on_postgresql_too(Phase phase)
      throws Exception {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS stamped",
            "CREATE TABLE stamped (id INT PRIMARY KEY, name VARCHAR(20), qty DECIMAL(10,2),"
                + " Updated TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE"
                + " CURRENT_TIMESTAMP, note VARCHAR(30), amount DECIMAL(20,4))");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS stamped",
            "CREATE TABLE stamped (id int PRIMARY KEY, name varchar(20), qty numeric(10,2),"
                + " updated timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP, note varchar(30),"
                + " amount numeric(20,4))");
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute(
          "INSERT INTO stamped (id, name, qty, updated) VALUES (1, 'a', 1.00, '2000-01-01"
              + " 00:00:00'), (2, 'same', 1.00, '2000-01-01 00:00:00'), (3, 'c', 1.00, '2000-01-01"
              + " 00:00:00'), (4, 'd', 1.00, '2000-01-01 00:00:00'), (5, 'e', 1.00, '2000-01-01"
              + " 00:00:00')");
    }
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        PreparedStatement ps =
            c.prepareStatement("UPDATE stamped SET name = ?, qty = qty * ? WHERE id = ?")) {
      ps.setString(1, "changed");
      ps.setInt(2, 1);
      ps.setInt(3, 1);
      ps.executeUpdate();
      ps.setString(1, "same");
      ps.setInt(2, 1);
      ps.setInt(3, 2);
      ps.executeUpdate();
      st.executeUpdate("UPDATE stamped SET qty = 1.004 WHERE id = 3");
      st.executeUpdate(
          "UPDATE stamped SET name = 'given', updated = '2010-01-01 00:00:00' WHERE id = 4");
      st.executeUpdate("UPDATE `stamped` SET qty = qty + 1 WHERE id > 3 ORDER BY id DESC LIMIT 1");
      // Upserts: a changed row is stamped, an unchanged one is not.
      try (PreparedStatement up =
          c.prepareStatement(
              "INSERT INTO stamped (id, name, qty) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE"
                  + " name = VALUES(name)")) {
        up.setInt(1, 6);
        up.setString(2, "new");
        up.executeUpdate();
        up.setInt(1, 7);
        up.setString(2, "g");
        up.executeUpdate();
        up.setInt(1, 8);
        up.setString(2, "h");
        up.executeUpdate();
        up.setInt(1, 7);
        up.setString(2, "g2");
        up.executeUpdate();
        up.setInt(1, 8);
        up.setString(2, "h");
        up.executeUpdate();
      }
      // The stamped form still binds doubles as MariaDB Connector/J sends them.
      try (PreparedStatement doubles =
          c.prepareStatement("UPDATE stamped SET note = ?, amount = ? WHERE id = 6")) {
        doubles.setDouble(1, 100.0);
        doubles.setDouble(2, 1234567890123.4567);
        doubles.executeUpdate();
      }
      st.executeUpdate("UPDATE stamped SET updated = '2000-01-01 00:00:00' WHERE id >= 6");
      try (PreparedStatement up =
          c.prepareStatement(
              "INSERT INTO stamped (id, name, qty) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE"
                  + " name = VALUES(name)")) {
        up.setInt(1, 7);
        up.setString(2, "g3");
        up.executeUpdate();
        up.setInt(1, 8);
        up.setString(2, "h");
        up.executeUpdate();
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String years = "SELECT id, name, qty, EXTRACT(YEAR FROM updated) FROM stamped ORDER BY id";
    List<List<Object>> expected =
        List.of(
            List.of(1, "changed", "1.00", "now"),
            List.of(2, "same", "1.00", "2000"),
            List.of(3, "c", "1.00", "2000"),
            List.of(4, "given", "1.00", "2010"),
            List.of(5, "e", "2.00", "now"),
            List.of(6, "new", "1.00", "2000"),
            List.of(7, "g3", "1.00", "now"),
            List.of(8, "h", "1.00", "2000"));
    int thisYear = java.time.Year.now(java.time.ZoneOffset.UTC).getValue();
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      List<List<Object>> rows = new ArrayList<>();
      for (List<Object> r : db.query(years)) {
        int year = ((Number) r.get(3)).intValue();
        rows.add(
            List.of(
                ((Number) r.get(0)).intValue(),
                r.get(1),
                r.get(2).toString(),
                year >= thisYear - 1 ? "now" : String.valueOf(year)));
      }
      assertEquals(expected, rows, db.engine().toString());
    }
    assertEquals(
        DBS.mariadb().query("SELECT note, CAST(amount AS CHAR) FROM stamped WHERE id = 6"),
        DBS.postgres().query("SELECT note, CAST(amount AS TEXT) FROM stamped WHERE id = 6"));
  }

  /**
   * Session statements a MySQL application (or its pool's connection-init SQL) sends: PostgreSQL
   * refused them, an error for every connection once it is the primary, a journal entry per
   * connection while it is the secondary. TRUNCATE starts the ids again on both.
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void session_statements_and_truncate_run_on_both(Phase phase) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("SET NAMES utf8mb4");
      st.execute("SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION'");
      st.execute("SET @@session.wait_timeout = 28800");
      st.execute("SET max_statement_time = 60");
      st.execute("SET SESSION tx_isolation = 'READ-COMMITTED'");
      st.executeUpdate("INSERT INTO items (name, qty) VALUES ('a', 1), ('b', 2)");
      st.execute("TRUNCATE TABLE items");
      st.executeUpdate("INSERT INTO items (name, qty) VALUES ('c', 3)");
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      assertEquals(
          List.of(List.of(1L, "c")),
          db.query("SELECT id, name FROM items").stream()
              .map(r -> List.of(((Number) r.get(0)).longValue(), r.get(1)))
              .toList(),
          db.engine().toString());
    }
  }

  /**
   * A TINYINT(1) held as a PostgreSQL boolean: the application's 1 and 0 in comparisons,
   * assignments and VALUES were refused there (an error for the application after the switch, a
   * journaled failure before it).
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void ones_and_zeros_for_a_boolean_column_run_on_postgresql(Phase phase) throws Exception {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS flags",
            "CREATE TABLE flags (id INT PRIMARY KEY, active TINYINT(1), n INT)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS flags",
            "CREATE TABLE flags (id int PRIMARY KEY, active boolean, n int)");
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO flags (id, active, n) VALUES (1, 1, 1), (2, 0, 0), (3, 1, 0)");
      st.executeUpdate("UPDATE flags SET active = 0, n = 5 WHERE active = 1 AND n = 1");
      st.executeUpdate("DELETE FROM flags WHERE 1 = active");
      try (ResultSet rs =
          st.executeQuery("SELECT COUNT(*) FROM flags WHERE active = 0 OR active <> 0")) {
        rs.next();
        assertEquals(2, rs.getInt(1));
      }
      st.executeUpdate("UPDATE flags SET active = 1 WHERE id = 2");
      try (ResultSet rs = st.executeQuery("SELECT SUM(active), MAX(active) FROM flags")) {
        rs.next();
        assertEquals(1, rs.getInt(1));
        assertEquals(1, rs.getInt(2));
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String rows = "SELECT id, CASE WHEN active THEN 1 ELSE 0 END, n FROM flags ORDER BY id";
    assertEquals(List.of(List.of(1, 0, 5), List.of(2, 1, 0)), DBS.postgres().query(rows));
    assertEquals(
        DBS.postgres().query(rows),
        DBS
            .mariadb()
            .query(rows.replace("CASE WHEN active THEN 1 ELSE 0 END", "active + 0"))
            .stream()
            .map(
                r ->
                    List.of(
                        ((Number) r.get(0)).intValue(),
                        ((Number) r.get(1)).intValue(),
                        ((Number) r.get(2)).intValue()))
            .toList());
  }

  /**
   * Arithmetic on a TINYINT(1) held as a PostgreSQL boolean ({@code active + 0}, {@code n *
   * active}, {@code !active}), which PostgreSQL refused ("operator does not exist: boolean +
   * integer", "operator does not exist: ! boolean"): read through the driver with PostgreSQL the
   * primary, it gives MariaDB's values, and writes using it are mirrored in either phase.
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void arithmetic_on_a_boolean_column_counts_it_as_mysql_does(Phase phase) throws Exception {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS flags",
            "CREATE TABLE flags (id INT PRIMARY KEY, active TINYINT(1), n INT)",
            "INSERT INTO flags VALUES (1, 1, 5), (2, 0, 6), (3, NULL, 7)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS flags",
            "CREATE TABLE flags (id int PRIMARY KEY, active boolean, n int)",
            "INSERT INTO flags VALUES (1, true, 5), (2, false, 6), (3, NULL, 7)");
    String[] expressions = {
      "active + 0",
      "0 + active",
      "active * 2",
      "f.active - 1",
      "1 - active",
      "-active",
      "n * active + 1",
      "active / 2",
      "n / active",
      "active % 2",
      "SUM(active * n) OVER ()",
      "!active",
      "!active + 1",
      "NOT active",
      "IF(active, 'y', 'n')",
      "IF(!active, 'y', 'n')",
      "CONCAT(active + 0, '|', !active + 0)",
    };
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      if (phase == Phase.DUAL_NEW_PRIMARY) {
        for (String e : expressions) {
          String sql = "SELECT id, " + e + " FROM flags f ORDER BY id";
          List<Object> read = new ArrayList<>();
          try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
              read.add(value(rs.getObject(2)));
            }
          }
          List<Object> old = new ArrayList<>();
          for (List<Object> r : DBS.mariadb().query(sql)) {
            old.add(value(r.get(1)));
          }
          assertEquals(old, read, sql);
        }
        try (ResultSet rs =
            st.executeQuery("SELECT COUNT(*) FROM flags WHERE !active AND active + 0 < 1")) {
          rs.next();
          assertEquals(1, rs.getInt(1));
        }
      }
      st.executeUpdate("UPDATE flags SET n = n + active * 10 WHERE active + 0 = 1 OR !active");
      st.executeUpdate("DELETE FROM flags WHERE n - active * 2 = 13");
      st.executeUpdate("UPDATE flags SET active = !active WHERE id = 2");
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    // MariaDB's: row 1 is 5 + 10 = 15, deleted (15 - 2 = 13); row 2 stays 6 and turns true.
    String rows = "SELECT id, CASE WHEN active THEN 1 ELSE 0 END, n FROM flags ORDER BY id";
    assertEquals(List.of(List.of(2, 1, 6), List.of(3, 0, 7)), DBS.postgres().query(rows));
    assertEquals(
        List.of(List.of(2, 1, 6), List.of(3, 0, 7)),
        DBS.mariadb().query(rows).stream()
            .map(
                r ->
                    List.of(
                        ((Number) r.get(0)).intValue(),
                        ((Number) r.get(1)).intValue(),
                        ((Number) r.get(2)).intValue()))
            .toList());
  }

  /**
   * MySQL sorts NULL first ascending and last descending, PostgreSQL the other way: a page of
   * {@code ORDER BY score LIMIT 2} read through the driver is MariaDB's page on either primary, and
   * an {@code UPDATE ... ORDER BY score LIMIT 1} picks the same row on both databases.
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void nulls_sort_as_in_mysql_for_reads_and_limited_writes(Phase phase) throws Exception {
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute(
          "DROP TABLE IF EXISTS scores",
          "CREATE TABLE scores (id INT PRIMARY KEY, score INT, note VARCHAR(10))",
          "INSERT INTO scores (id, score) VALUES (1, 30), (2, NULL), (3, 10), (4, NULL)");
    }
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    List<Integer> page = new ArrayList<>();
    List<Integer> last = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT id FROM scores ORDER BY score, id LIMIT 3")) {
        while (rs.next()) {
          page.add(rs.getInt(1));
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT id FROM scores ORDER BY score DESC, id")) {
        while (rs.next()) {
          last.add(rs.getInt(1));
        }
      }
      st.executeUpdate("UPDATE scores SET note = 'first' ORDER BY score, id LIMIT 1");
    }
    assertEquals(List.of(2, 4, 3), page);
    assertEquals(List.of(1, 3, 2, 4), last);
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String noted = "SELECT id FROM scores WHERE note = 'first'";
    assertEquals(List.of(List.of(2)), DBS.mariadb().query(noted));
    assertEquals(DBS.mariadb().query(noted), DBS.postgres().query(noted));
  }

  /**
   * A division by zero is NULL in MySQL, which sorts it first: an ORDER BY key with a divisor
   * (given NULLIF for PostgreSQL) sorts the same on both, so a page and a limited DELETE take
   * MariaDB's rows (found by review: PostgreSQL sorted the NULLs last and deleted other rows,
   * silently).
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void a_divided_order_by_key_sorts_its_zero_divisors_as_mysql_does(Phase phase) throws Exception {
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute(
          "DROP TABLE IF EXISTS kv",
          "CREATE TABLE kv (id INT PRIMARY KEY, v INT NOT NULL, w INT NOT NULL)",
          "INSERT INTO kv VALUES (1, 10, 0), (2, 1, 5), (3, 50, 5), (4, 7, 0), (5, 3, 1)");
    }
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    List<Integer> page = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        PreparedStatement del = c.prepareStatement("DELETE FROM kv ORDER BY v % w, id LIMIT ?")) {
      try (ResultSet rs = st.executeQuery("SELECT id FROM kv ORDER BY v / w DESC, id LIMIT 3")) {
        while (rs.next()) {
          page.add(rs.getInt(1));
        }
      }
      del.setInt(1, 1);
      del.executeUpdate();
      st.executeUpdate("DELETE FROM kv ORDER BY v / w, id LIMIT 1");
    }
    assertEquals(List.of(3, 5, 2), page);
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String left = "SELECT id FROM kv ORDER BY id";
    assertEquals(List.of(List.of(2), List.of(3), List.of(5)), DBS.mariadb().query(left));
    assertEquals(DBS.mariadb().query(left), DBS.postgres().query(left));
  }

  /**
   * MySQL sorts a NULL that an expression, an alias or a position gives first too: pages read
   * through the driver are MariaDB's, and a limited DELETE ordered by an expression takes the same
   * row on both databases (found by review: PostgreSQL sorted such NULLs last, and the secondary
   * deleted another row, silently, with the same count).
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void expressions_aliases_and_positions_sort_their_nulls_as_mysql_does(Phase phase)
      throws Exception {
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute(
          "DROP TABLE IF EXISTS scores",
          "CREATE TABLE scores (id INT PRIMARY KEY, score INT, note VARCHAR(10))",
          "INSERT INTO scores (id, score, note) VALUES (1, 30, 'b'), (2, NULL, NULL), (3, 10, 'a'),"
              + " (4, NULL, 'c')");
    }
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    List<String> reads =
        List.of(
            "SELECT id, score * 2 AS s FROM scores ORDER BY s, id",
            "SELECT id, UPPER(note) FROM scores ORDER BY 2 DESC, id",
            "SELECT id FROM scores ORDER BY CONCAT(note, '!'), id LIMIT 2",
            "SELECT id, score AS s FROM scores ORDER BY s DESC, id");
    try (Connection c = DriverManager.getConnection(url);
        Connection maria = DBS.mariadb().connect();
        Statement st = c.createStatement()) {
      for (String sql : reads) {
        assertEquals(ids(maria, sql), ids(c, sql), sql);
      }
      st.executeUpdate("DELETE FROM scores ORDER BY score + 0, id LIMIT 1");
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String left = "SELECT id FROM scores ORDER BY id";
    assertEquals(List.of(List.of(1), List.of(3), List.of(4)), DBS.mariadb().query(left));
    assertEquals(DBS.mariadb().query(left), DBS.postgres().query(left));
  }

  private static List<Integer> ids(Connection c, String sql) throws Exception {
    List<Integer> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }

  /**
   * {@code STR_TO_DATE(?, 'literal format')} in writes, through the driver: PostgreSQL stores the
   * dates, date-times and times MariaDB stores, and finds the rows by them.
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void str_to_date_parameters_store_mariadb_s_values_on_postgresql(Phase phase) throws Exception {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS bookings",
            "CREATE TABLE bookings (id INT PRIMARY KEY, day DATE, at DATETIME(6), t TIME,"
                + " note VARCHAR(20))");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS bookings",
            "CREATE TABLE bookings (id int PRIMARY KEY, day date, at timestamp(6), t time,"
                + " note varchar(20))");
    String[][] rows = {
      {"05/03/2024", "2024-03-05 14:07:09.25", "3:04 pm"},
      {"5/3/24", "2024-3-5 7:8:9", "12:00 AM"},
      {"29/02/2024", " 2024-02-29T23:59:59.999999", "11:59 PM"},
      {"31/12/1999", "1999-12-31 00:00:00.000001", "1:01 am"},
      {null, null, null},
    };
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ins =
            c.prepareStatement(
                "INSERT INTO bookings (id, day, at, t) VALUES (?, STR_TO_DATE(?, '%d/%m/%Y'),"
                    + " STR_TO_DATE(REPLACE(?, 'T', ' '), '%Y-%m-%d %H:%i:%s.%f'),"
                    + " str_to_date(?, '%l:%i %p'))");
        PreparedStatement upd =
            c.prepareStatement(
                "UPDATE bookings SET note = 'found' WHERE day = STR_TO_DATE(?, '%Y%m%d')"
                    + " OR t = STR_TO_DATE(?, '%H:%i')")) {
      for (int i = 0; i < rows.length; i++) {
        ins.setInt(1, i + 1);
        for (int p = 0; p < 3; p++) {
          ins.setString(p + 2, rows[i][p]);
        }
        ins.executeUpdate();
      }
      upd.setString(1, "20240229");
      upd.setString(2, "1:01");
      upd.executeUpdate();
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String read = "SELECT id, day, at, t, note FROM bookings ORDER BY id";
    List<List<Object>> mariadb = DBS.mariadb().query(read);
    assertEquals(
        "[1, 2024-03-05, 2024-03-05 14:07:09.25, 15:04:00, null]", mariadb.get(0).toString());
    assertEquals("found", mariadb.get(2).get(4));
    assertEquals("found", mariadb.get(3).get(4));
    assertEquals(mariadb.toString(), DBS.postgres().query(read).toString());
  }

  /**
   * Formats for {@code STR_TO_DATE}: dates, date-times, times, two-digit years, 12-hour clocks,
   * fractions, month names and run-together digits.
   */
  private static final String[] STR_TO_DATE_FORMATS = {
    "%d/%m/%Y",
    "%Y-%m-%d",
    "%Y-%m-%d %H:%i:%s",
    "%Y%m%d",
    "%e.%c.%y",
    "%m/%d/%Y %h:%i %p",
    "%Y-%m-%d %H:%i:%s.%f",
    "%H:%i:%s",
    "%r",
    "%d %M %Y",
    "%b %e, %Y %l:%i%p",
    "%Y-%m-%dT%T",
    "%k.%i",
    "%y%m%d%H%i%S",
    "%I %p",
    "%Y-%m-%d %T.%f",
    " %Y-%m-%d ",
    "%d-%b-%Y",
    "%Y-%m",
    "%y",
    "%i:%s",
    "%c/%e/%Y %l%p",
    "%Y.%m.%d %H|%i'%s\"",
  };

  /** Inputs every format meets: empty, blank, partial, signs, out of range, words, NULL. */
  private static final String[] STR_TO_DATE_INPUTS = {
    null,
    "",
    "   ",
    "x",
    "0",
    "2024",
    "2024-",
    "2024-02-29",
    "2024-02-30",
    "2023-02-29",
    "2024-13-01",
    "2024-12-32",
    "0000-00-00",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31 23:59:59.999999",
    " \t2024-3-5 7:8:9 ",
    "2024-03-05 24:00:00",
    "2024-03-05 23:60:00",
    "2024-03-05 23:59:60",
    "2024-+3-+5 +7:+8:+9.+5",
    "2024-03-05 10:11:12.1234567",
    "2024-03-05 10:11:12.",
    "2024-03-05 10:11:12.x",
    "2024-03-05T10:11:12",
    "2024-03-05 10:11:12 tail",
    "-2024-03-05",
    "2024--3-05",
    "+24-03-05",
    "05/03/2024",
    "5/3/2024",
    "31/04/2024",
    "05/03/24",
    "5/3/2024 xyz",
    "5 / 3 / 2024",
    "5.3.24",
    "5.3.69",
    "5.3.70",
    "5.3.99",
    "5.3.100",
    "20240305",
    "2024035",
    "240305101112",
    "2403051011",
    "03/05/2024 12:00 AM",
    "03/05/2024 12:00 PM",
    "03/05/2024 1:30 pm",
    "03/05/2024 13:30 PM",
    "03/05/2024 0:30 AM",
    "03/05/2024 11:30 P",
    "03/05/2024 11:30 PMX",
    "03/05/2024 11:30",
    "10:11:12",
    "10:11",
    "10",
    "03:04:05 PM",
    "12:04:05 am",
    "13:04:05 PM",
    "3.7",
    "23.59",
    "24.00",
    "5 March 2024",
    "5 Mar 2024",
    "5 mar 2024",
    "5 Ma 2024",
    "5 F 2024",
    "5 Sept 2024",
    "5 Marché 2024",
    "5 Marc2024",
    "Mar 5, 2024 3:04PM",
    "March 5, 2024 3:04PM",
    "Ju 5, 2024 3:04PM",
    "Sep 30, 2024 12:59am",
    "Feb 30, 2024 1:00am",
    "12 PM",
    "12 AM",
    "0 AM",
    "7 pm",
    "7 Pm ",
    "7",
    "2024-03-05T10:11:12.5",
    "2024-03-05T10:11",
    "2024-03-05 10:11:12.000001",
    "2024-03-05 10:11:12.+5",
    "2024-03-05 10:11:12.-5",
    "\n2024\t-\t03\t-\t05\r\n",
    "2024-03-05\u00a0",
    "\u00a02024-03-05",
    "5 May\u00a3 2024",
    "5 Ma\u00ff 2024",
    "03/05/2024 11:30 \u00c3M",
    "03/05/2024 11:30 P\u00e9",
    "Mar\u05d0 5, 2024 3:04PM",
  };

  /**
   * {@code STR_TO_DATE} with a literal format gives MariaDB's value, of MariaDB's type, on
   * PostgreSQL for fixed and random inputs to each format; a value PostgreSQL cannot hold (a zero
   * date, Feb 30, year 0) fails there; and in an {@code INSERT}, where MariaDB fails for an input
   * it reads as NULL or with text left over, PostgreSQL fails too.
   */
  @Test
  void str_to_date_gives_mariadb_s_values_on_postgresql() throws Exception {
    java.util.Random random = new java.util.Random(20240305);
    List<String> inputs = new ArrayList<>();
    List<Integer> formatOf = new ArrayList<>();
    for (int f = 0; f < STR_TO_DATE_FORMATS.length; f++) {
      for (String s : STR_TO_DATE_INPUTS) {
        inputs.add(s);
        formatOf.add(f);
      }
      for (int i = 0; i < 400; i++) {
        inputs.add(randomDateText(STR_TO_DATE_FORMATS[f], random));
        formatOf.add(f);
      }
    }
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute(
          "DROP TABLE IF EXISTS strs",
          "CREATE TABLE strs (id INT PRIMARY KEY, f INT, s VARCHAR(100))",
          "DROP TABLE IF EXISTS parsed",
          "CREATE TABLE parsed (id INT PRIMARY KEY, d DATE, dt "
              + (db == DBS.mariadb() ? "DATETIME(6)" : "TIMESTAMP(6)")
              + ", t TIME(6))");
      try (Connection c = db.connect();
          PreparedStatement ps = c.prepareStatement("INSERT INTO strs VALUES (?, ?, ?)")) {
        for (int i = 0; i < inputs.size(); i++) {
          ps.setInt(1, i);
          ps.setInt(2, formatOf.get(i));
          ps.setString(3, inputs.get(i));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    int compared = 0;
    int refused = 0;
    int nulls = 0;
    int written = 0;
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DBS.postgres().connect();
        Statement ms = maria.createStatement();
        Statement ps = pg.createStatement()) {
      for (int f = 0; f < STR_TO_DATE_FORMATS.length; f++) {
        String call = "STR_TO_DATE(s, '" + STR_TO_DATE_FORMATS[f].replace("'", "''") + "')";
        String mysql = "SELECT id, " + call + " FROM strs WHERE f = " + f;
        String postgres = SqlTranslator.translate(mysql, Dialect.MYSQL, Dialect.POSTGRES);
        // Rewritten: the call's text stays only in the column's label, MySQL's, as an alias.
        assertTrue(
            !postgres.replaceAll(" AS \"(?:[^\"]|\"\")*\"", "").contains("STR_TO_DATE("), postgres);
        int type;
        java.util.Map<Integer, String> expected = new java.util.TreeMap<>();
        try (ResultSet rs =
            ms.executeQuery("SELECT id, CAST(" + call + " AS CHAR) FROM strs WHERE f = " + f)) {
          while (rs.next()) {
            expected.put(rs.getInt(1), rs.getString(2));
          }
        }
        try (ResultSet rs = ms.executeQuery(mysql + " AND 1 = 0")) {
          type = rs.getMetaData().getColumnType(2);
        }
        List<Integer> unrepresentable = new ArrayList<>();
        List<Integer> charsetBound = new ArrayList<>();
        for (var e : expected.entrySet()) {
          String in = inputs.get(e.getKey());
          if (e.getValue() != null && parseTemporal(e.getValue(), type) == null) {
            unrepresentable.add(e.getKey());
          } else if (in != null
              && in.matches("(?s).*[\u0080-\u00bf\u00c3\u00d7\u00f7\u05c0-\u05ff].*")) {
            charsetBound.add(e.getKey());
          }
        }
        List<Integer> apart = new ArrayList<>(unrepresentable);
        apart.addAll(charsetBound);
        String held =
            apart.isEmpty()
                ? postgres
                : postgres
                    + " AND id NOT IN ("
                    + String.join(",", apart.stream().map(String::valueOf).toList())
                    + ")";
        try (ResultSet rs = ps.executeQuery(held)) {
          assertEquals(type, rs.getMetaData().getColumnType(2), postgres);
          while (rs.next()) {
            int id = rs.getInt(1);
            Object want = parseTemporal(expected.get(id), type);
            Object got = rs.getObject(2, temporalClass(type));
            assertEquals(
                want,
                got,
                "STR_TO_DATE('" + inputs.get(id) + "', '" + STR_TO_DATE_FORMATS[f] + "')");
            compared++;
            nulls += want == null ? 1 : 0;
          }
        }
        for (int id : unrepresentable) {
          try (ResultSet rs = ps.executeQuery(postgres + " AND id = " + id)) {
            rs.next();
            throw new AssertionError(
                "PostgreSQL read "
                    + rs.getString(2)
                    + " for MariaDB's "
                    + expected.get(id)
                    + ": "
                    + inputs.get(id));
          } catch (java.sql.SQLException e) {
            assertTrue(e.getMessage().contains("out of range"), e.getMessage());
            refused++;
          }
        }
        // A letter in one character set only after a month's name or before AM's M: MariaDB's
        // value, or a failure.
        for (int id : charsetBound) {
          Object want = parseTemporal(expected.get(id), type);
          try (ResultSet rs = ps.executeQuery(postgres + " AND id = " + id)) {
            rs.next();
            assertEquals(want, rs.getObject(2, temporalClass(type)), inputs.get(id));
            compared++;
          } catch (java.sql.SQLException e) {
            assertTrue(e.getMessage().contains("not read as on MariaDB"), e.getMessage());
            refused++;
          }
        }
        // In an INSERT MariaDB fails for what it reads as NULL or with text left over.
        String column =
            type == java.sql.Types.DATE ? "d" : type == java.sql.Types.TIME ? "t" : "dt";
        String insert =
            "INSERT INTO parsed (id, " + column + ") SELECT id, " + call + " FROM strs WHERE id = ";
        String insertPg = SqlTranslator.translate(insert + "0", Dialect.MYSQL, Dialect.POSTGRES);
        insertPg = insertPg.substring(0, insertPg.length() - 1);
        for (int id : expected.keySet()) {
          if (id % 7 != 0 && !STR_TO_DATE_INPUTS_SET.contains(inputs.get(id))) {
            continue;
          }
          String mariaError = error(ms, insert + id);
          String pgError = error(ps, insertPg + id);
          boolean representable =
              expected.get(id) == null || parseTemporal(expected.get(id), type) != null;
          if (representable) {
            assertEquals(
                mariaError == null,
                pgError == null,
                "INSERT of STR_TO_DATE('"
                    + inputs.get(id)
                    + "', '"
                    + STR_TO_DATE_FORMATS[f]
                    + "'): "
                    + mariaError
                    + " / "
                    + pgError);
          } else {
            assertTrue(pgError != null, inputs.get(id));
          }
          written++;
        }
      }
    }
    // What PostgreSQL stored, MariaDB stored too.
    List<List<Object>> pgRows = parsedRows(DBS.postgres(), "");
    String ids = String.join(",", pgRows.stream().map(r -> r.get(0).toString()).toList());
    assertEquals(parsedRows(DBS.mariadb(), " WHERE id IN (" + ids + ")"), pgRows);
    assertTrue(
        compared > 5000 && refused > 100 && nulls > 500 && written > 1000,
        compared
            + " compared, "
            + refused
            + " refused, "
            + nulls
            + " null, "
            + written
            + " written");
  }

  /** The rows of {@code parsed} as {@code LocalDate}, {@code LocalDateTime}, {@code LocalTime}. */
  private static List<List<Object>> parsedRows(TestDatabase db, String where) throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT id, d, dt, t FROM parsed" + where + " ORDER BY id")) {
      while (rs.next()) {
        rows.add(
            java.util.Arrays.asList(
                rs.getInt(1),
                rs.getObject(2, java.time.LocalDate.class),
                rs.getObject(3, LocalDateTime.class),
                rs.getObject(4, java.time.LocalTime.class)));
      }
    }
    return rows;
  }

  /** The class a value of JDBC type {@code type} (a date, timestamp or time) is read as. */
  private static Class<?> temporalClass(int type) {
    return type == java.sql.Types.DATE
        ? java.time.LocalDate.class
        : type == java.sql.Types.TIME ? java.time.LocalTime.class : LocalDateTime.class;
  }

  private static final Set<String> STR_TO_DATE_INPUTS_SET =
      new java.util.HashSet<>(java.util.Arrays.asList(STR_TO_DATE_INPUTS));

  /** The message of the statement's failure, or null when it ran. */
  private static String error(Statement st, String sql) {
    try {
      st.executeUpdate(sql);
      return null;
    } catch (java.sql.SQLException e) {
      return e.getMessage();
    }
  }

  /**
   * MariaDB's text of a {@code DATE}, {@code DATETIME} or {@code TIME} as a {@code LocalDate},
   * {@code LocalDateTime} or {@code LocalTime}; null for a value PostgreSQL cannot hold (a zero
   * part, a day past the month's end, year 0) or for null.
   */
  private static Object parseTemporal(String text, int type) {
    if (text == null) {
      return null;
    }
    try {
      Object v =
          type == java.sql.Types.DATE
              ? java.time.LocalDate.parse(text)
              : type == java.sql.Types.TIME
                  ? java.time.LocalTime.parse(text)
                  : LocalDateTime.parse(text.replace(' ', 'T'));
      if (text.startsWith("0000-")) {
        return null;
      }
      return v;
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static final String[] MONTHS = {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December"
  };

  /**
   * A text for {@code format}: each part drawn at random (mostly in range, sometimes one or two
   * digits, with a sign, out of range), separators sometimes spaced, then now and then cut short,
   * given a stray character or a tail.
   */
  private static String randomDateText(String format, java.util.Random r) {
    StringBuilder b = new StringBuilder();
    if (r.nextInt(10) == 0) {
      b.append(" \t\n".charAt(r.nextInt(3)));
    }
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 == format.length()) {
        if (r.nextInt(12) == 0) {
          b.append(' ');
        }
        b.append(c);
        continue;
      }
      char code = format.charAt(++i);
      if (r.nextInt(12) == 0) {
        b.append(' ');
      }
      switch (code) {
        case 'Y':
          b.append(number(r, 1900 + r.nextInt(200), 4, r.nextInt(20) == 0 ? 10000 : 0));
          break;
        case 'y':
          b.append(number(r, r.nextInt(100), 2, 0));
          break;
        case 'm':
        case 'c':
          b.append(number(r, 1 + r.nextInt(12), 2, 14));
          break;
        case 'd':
        case 'e':
          b.append(number(r, 1 + r.nextInt(31), 2, 33));
          break;
        case 'H':
        case 'k':
          b.append(number(r, r.nextInt(24), 2, 25));
          break;
        case 'h':
        case 'I':
        case 'l':
          b.append(number(r, 1 + r.nextInt(12), 2, 14));
          break;
        case 'i':
        case 's':
        case 'S':
          b.append(number(r, r.nextInt(60), 2, 61));
          break;
        case 'f':
          b.append(
              String.format("%07d", r.nextInt(10000000)),
              0,
              1 + r.nextInt(r.nextInt(5) == 0 ? 7 : 6));
          break;
        case 'p':
          b.append(
              new String[] {"AM", "PM", "am", "pm", "Pm", "P", "XM"}
                  [r.nextInt(r.nextInt(8) == 0 ? 7 : 4)]);
          break;
        case 'T':
          b.append(randomDateText("%H:%i:%s", r));
          break;
        case 'r':
          b.append(randomDateText("%h:%i:%s %p", r));
          break;
        case 'M':
        case 'b':
          {
            String m = MONTHS[r.nextInt(12)];
            int len = code == 'b' ? 3 : m.length();
            len = r.nextInt(6) == 0 ? 1 + r.nextInt(m.length()) : len;
            String w = m.substring(0, len);
            b.append(r.nextBoolean() ? w : w.toLowerCase(java.util.Locale.ROOT));
            break;
          }
        default:
          throw new IllegalArgumentException(format);
      }
    }
    switch (r.nextInt(12)) {
      case 0:
        b.setLength(r.nextInt(b.length() + 1));
        break;
      case 1:
        b.insert(r.nextInt(b.length() + 1), "x-+ 0:é".charAt(r.nextInt(7)));
        break;
      case 2:
        b.append(new String[] {" ", "  x", "9", "Z", ".5"}[r.nextInt(5)]);
        break;
      case 3:
        if (b.length() > 0) {
          b.deleteCharAt(r.nextInt(b.length()));
        }
        break;
      default:
        break;
    }
    return b.toString();
  }

  /**
   * {@code value} as text: padded to {@code width} or not, now and then with a plus or minus sign,
   * or {@code outOfRange} (when not 0) in its place.
   */
  private static String number(java.util.Random r, int value, int width, int outOfRange) {
    if (outOfRange != 0 && r.nextInt(25) == 0) {
      value = outOfRange;
    }
    String digits =
        r.nextInt(3) == 0 ? String.valueOf(value) : String.format("%0" + width + "d", value);
    switch (r.nextInt(40)) {
      case 0:
        return "+" + digits;
      case 1:
        return "-" + digits;
      case 2:
        return "0" + digits;
      default:
        return digits;
    }
  }

  /** A value as both engines' drivers return it: times as LocalDateTime, numbers as text. */
  private static Object value(Object v) {
    Object n = MigrationFixture.normalize(v);
    if (n instanceof java.sql.Date) {
      return ((java.sql.Date) n).toLocalDate().atStartOfDay();
    }
    if (n instanceof String && ((String) n).matches("\\d{4}-\\d\\d-\\d\\d( .*)?")) {
      String s = (String) n;
      return s.length() == 10
          ? java.time.LocalDate.parse(s).atStartOfDay()
          : LocalDateTime.parse(s.replace(' ', 'T'));
    }
    return n instanceof Number ? n.toString() : n;
  }
}
