package dev.cutover.comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.comparator.backfill.Backfill;
import dev.cutover.comparator.backfill.BackfillOptions;
import dev.cutover.comparator.backfill.BackfillOptions.CopyMode;
import dev.cutover.comparator.backfill.BackfillReport;
import dev.cutover.comparator.chunk.ControlStore;
import dev.cutover.comparator.chunk.Sources;
import dev.cutover.comparator.chunk.UtcSession;
import dev.cutover.comparator.verify.Verifier;
import dev.cutover.comparator.verify.VerifyOptions;
import dev.cutover.comparator.verify.VerifyResult;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MariaDB {@code DATETIME} and {@code TIMESTAMP} against PostgreSQL {@code timestamptz} (pgloader's
 * default for both), with sessions in other zones than UTC, as a server's or a pool's settings make
 * them: MariaDB's session at +02:00 (it returns a {@code TIMESTAMP} in that zone), PostgreSQL's in
 * America/New_York (pgjdbc sets the JVM's zone; a wall-clock value bound into timestamptz is placed
 * in it). With {@code timeZone} UTC, verify and backfill take every zone-less value as UTC
 * wall-clock time, whatever the sessions say ({@link TimeZonePlacementTest} for other zones).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionTimeZonesTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  static final String MARIADB_ZONE = "SET time_zone = '+02:00'";
  static final String POSTGRES_ZONE = "SET TIME ZONE 'America/New_York'";

  /** The rows as UTC wall-clock text, as both sides hold them (dt, ts). */
  static final List<List<Object>> UTC_TEXT =
      List.of(
          java.util.Arrays.asList(1, "2024-01-01 10:00:00.123456", "2024-01-01 10:00:00.123456"),
          java.util.Arrays.asList(2, "2024-03-10 06:30:00.000000", "2024-11-03 05:30:00.000000"),
          java.util.Arrays.asList(3, "1000-01-01 00:00:00.000000", null),
          java.util.Arrays.asList(4, null, "2038-01-19 03:14:07.000000"));

  TestDatabase maria;
  TestDatabase pg;

  @BeforeAll
  void createTables() {
    maria = DBS.mariadb();
    pg = DBS.postgres();
    maria.execute(
        "CREATE TABLE times (id INT PRIMARY KEY, dt DATETIME(6), ts TIMESTAMP(6) NULL)",
        "SET time_zone = '+00:00'");
    pg.execute("CREATE TABLE times (id int PRIMARY KEY, dt timestamptz, ts timestamptz)");
    StringBuilder m = new StringBuilder("INSERT INTO times VALUES ");
    StringBuilder p = new StringBuilder("INSERT INTO times VALUES ");
    for (List<Object> row : UTC_TEXT) {
      m.append(row.get(0).equals(1) ? "" : ", ").append('(').append(row.get(0));
      p.append(row.get(0).equals(1) ? "" : ", ").append('(').append(row.get(0));
      for (Object v : row.subList(1, 3)) {
        m.append(", ").append(v == null ? "NULL" : "'" + v + "'");
        p.append(", ").append(v == null ? "NULL" : "'" + v + "+00'");
      }
      m.append(')');
      p.append(')');
    }
    // MariaDB takes a TIMESTAMP literal in the session zone: write it in a UTC session.
    try (Connection c = maria.connect();
        Statement s = c.createStatement()) {
      s.execute("SET time_zone = '+00:00'");
      s.execute(m.toString());
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    pg.execute(p.toString());
  }

  static DataSource zoned(TestDatabase db) {
    return Sources.of(db, db.engine() == Engine.MARIADB ? MARIADB_ZONE : POSTGRES_ZONE);
  }

  static VerifyResult verify(TestDatabase old, TestDatabase neu) {
    return new Verifier(
            zoned(old), zoned(neu), VerifyOptions.defaults().withZone(java.time.ZoneOffset.UTC))
        .verify("times");
  }

  /** A table's values as UTC wall-clock text, read in a UTC session. */
  static List<List<Object>> utcText(TestDatabase db) throws java.sql.SQLException {
    boolean pg = db.engine() == Engine.POSTGRES;
    String sql =
        pg
            ? "SELECT id, to_char(dt AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'),"
                + " to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM times ORDER BY id"
            : "SELECT id, DATE_FORMAT(dt, '%Y-%m-%d %H:%i:%s.%f'),"
                + " DATE_FORMAT(ts, '%Y-%m-%d %H:%i:%s.%f') FROM times ORDER BY id";
    List<List<Object>> rows = new java.util.ArrayList<>();
    try (Connection c =
            Sources.of(db, pg ? "SET TIME ZONE 'UTC'" : "SET time_zone = '+00:00'")
                .getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(java.util.Arrays.asList(rs.getInt(1), rs.getString(2), rs.getString(3)));
      }
    }
    return rows;
  }

  @Test
  void verify_is_equal_whatever_zone_the_sessions_are_in_and_a_second_off_is_found() {
    VerifyResult equal = verify(maria, pg);
    assertEquals(VerifyResult.Status.EQUAL, equal.status(), equal::toString);
    pg.execute("UPDATE times SET ts = ts + interval '1 second' WHERE id = 2");
    try {
      VerifyResult r = verify(maria, pg);
      assertEquals(1, r.differingCount(), r::toString);
      assertEquals(2L, r.differing().get(0).key(), r::toString);
      assertEquals(List.of("ts"), r.differing().get(0).columns(), r::toString);
    } finally {
      pg.execute("UPDATE times SET ts = ts - interval '1 second' WHERE id = 2");
    }
  }

  @ParameterizedTest
  @EnumSource(CopyMode.class)
  void backfill_writes_utc_wall_clock_time_whatever_zone_the_sessions_are_in(CopyMode mode)
      throws Exception {
    TestDatabase target = DBS.create(Engine.POSTGRES);
    target.execute("CREATE TABLE times (id int PRIMARY KEY, dt timestamptz, ts timestamptz)");
    BackfillReport report =
        new Backfill(
                zoned(maria),
                zoned(target),
                new ControlStore(Sources.of(maria)),
                BackfillOptions.builder()
                    .job("zones_" + mode)
                    .copy(mode)
                    .zone(java.time.ZoneOffset.UTC)
                    .build())
            .run("times");
    assertTrue(report.complete(), report::toString);
    assertEquals(UTC_TEXT, utcText(target));
    VerifyResult v = verify(maria, target);
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
  }

  @Test
  void a_reverse_backfill_writes_utc_wall_clock_time_into_mariadb() throws Exception {
    TestDatabase target = DBS.create(Engine.MARIADB);
    target.execute("CREATE TABLE times (id INT PRIMARY KEY, dt DATETIME(6), ts TIMESTAMP(6) NULL)");
    BackfillReport report =
        new Backfill(
                zoned(pg),
                zoned(target),
                new ControlStore(Sources.of(pg)),
                BackfillOptions.builder()
                    .job("zones_reverse")
                    .zone(java.time.ZoneOffset.UTC)
                    .build())
            .run("times");
    assertTrue(report.complete(), report::toString);
    assertEquals(UTC_TEXT, utcText(target));
    VerifyResult v = verify(pg, target);
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
  }

  @Test
  void a_shadow_read_places_mariadb_timestamps_in_the_zone_its_options_name() throws Exception {
    String sql = "SELECT id, ts FROM times";
    ResultSnapshot right;
    try (Connection p = zoned(pg).getConnection();
        Statement s = p.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      right =
          ResultSnapshot.capture(
              rs, dev.cutover.comparator.Engine.POSTGRES, CaptureBudget.unlimited());
    }
    for (java.time.ZoneId zone :
        List.of(java.time.ZoneOffset.ofHours(2), java.time.ZoneOffset.UTC)) {
      ResultSnapshot left;
      try (Connection m = zoned(maria).getConnection();
          Statement s = m.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        left =
            ResultSnapshot.capture(
                rs,
                dev.cutover.comparator.Engine.MYSQL,
                CaptureBudget.unlimited(),
                new NormalizerOptions(zone, 6));
      }
      ComparisonResult r = ResultComparator.compare(left, right, CompareOptions.DEFAULTS);
      // The session is at +02:00: only options naming that zone read its wall-clock time right.
      assertEquals(zone.equals(java.time.ZoneOffset.ofHours(2)), r.equal(), r::toString);
    }
  }

  @Test
  void the_bulk_engine_puts_a_mariadb_session_zone_back_after_pinning_it_to_utc() throws Exception {
    try (Connection c = zoned(maria).getConnection()) {
      try (UtcSession pinned = UtcSession.pin(c)) {
        assertEquals("+00:00", zone(c));
      }
      assertEquals("+02:00", zone(c));
    }
  }

  @Test
  void a_session_whose_zone_cannot_be_put_back_is_closed_not_handed_on_in_utc() throws Exception {
    try (Connection c = zoned(maria).getConnection()) {
      long id;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
        rs.next();
        id = rs.getLong(1);
      }
      UtcSession pinned = UtcSession.pin(c);
      maria.execute("KILL CONNECTION " + id);
      pinned.close();
      assertTrue(c.isClosed(), "a connection that kept UTC must not go back to its pool");
    }
  }

  private static String zone(Connection c) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@session.time_zone")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
