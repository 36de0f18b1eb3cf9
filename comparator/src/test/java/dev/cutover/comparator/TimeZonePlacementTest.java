package dev.cutover.comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.comparator.backfill.BackfillOptions;
import dev.cutover.comparator.backfill.BackfillOptions.CopyMode;
import dev.cutover.comparator.chunk.Sources;
import dev.cutover.comparator.verify.Verifier;
import dev.cutover.comparator.verify.VerifyOptions;
import dev.cutover.comparator.verify.VerifyResult;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A zone-less date-time (MariaDB DATETIME, PostgreSQL timestamp) that meets an instant
 * (timestamptz, MariaDB TIMESTAMP) stands for its time in the configured zone, the one the
 * application's drivers dual-write it in: backfill places it there, verify compares it so, and a
 * copy placed in another zone is found. Zones here are not the JVM's (UTC in CI), so a path that
 * ignored the setting would fail.
 */
class TimeZonePlacementTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /** MariaDB: a summer and a winter DATETIME, and TIMESTAMPs written in a UTC session. */
  private static void mariaDbRows(TestDatabase db, String t) {
    db.execute(
        "CREATE TABLE " + t + " (id INT PRIMARY KEY, dt DATETIME(6), ts TIMESTAMP(6) NULL)",
        "SET time_zone = '+00:00'",
        "INSERT INTO "
            + t
            + " VALUES (1, '2024-07-01 10:00:00', '2024-01-15 12:00:00'),"
            + " (2, '2024-01-15 10:00:00.123456', '2024-07-01 12:00:00.5'), (3, NULL, NULL)");
  }

  private static BackfillOptions options(String job, CopyMode mode, ZoneId zone) {
    return BackfillOptions.builder().job(job).copy(mode).zone(zone).build();
  }

  private static VerifyResult verify(TestDatabase a, TestDatabase b, String t, ZoneId zone) {
    return new Verifier(
            Sources.of(a), Sources.of(b), VerifyOptions.defaults().withSlices(1).withZone(zone))
        .verify(t);
  }

  @ParameterizedTest
  @EnumSource(CopyMode.class)
  void mariadb_datetime_into_timestamptz_is_its_time_in_the_zone(CopyMode mode) throws Exception {
    TestDatabase old = DBS.mariadb();
    TestDatabase neu = DBS.postgres();
    String t = "tz_" + mode.name().toLowerCase();
    mariaDbRows(old, t);
    neu.execute("CREATE TABLE " + t + " (id INT PRIMARY KEY, dt timestamptz, ts timestamp)");
    TypePairChecks.backfill(old, neu, t, options(t, mode, BERLIN));
    // Berlin is UTC+2 in July and UTC+1 in January: the DATETIME's instant, and the TIMESTAMP's
    // wall-clock time there.
    assertEquals(
        List.of(
            List.of("2024-07-01 08:00:00", "2024-01-15 13:00:00"),
            List.of("2024-01-15 09:00:00.123456", "2024-07-01 14:00:00.5")),
        neu.query(
            "SELECT (dt AT TIME ZONE 'UTC')::text, ts::text FROM "
                + t
                + " WHERE id < 3 ORDER BY id"));
    assertEquals(VerifyResult.Status.EQUAL, verify(old, neu, t, BERLIN).status());
    VerifyResult utc = verify(old, neu, t, ZoneOffset.UTC);
    assertEquals(2, utc.differingCount(), utc::toString);
    for (VerifyResult.DifferingRow d : utc.differing()) {
      assertEquals(List.of("dt", "ts"), d.columns(), utc::toString);
    }
  }

  @Test
  void a_copy_back_into_mariadb_restores_the_wall_clock_and_the_instant() throws Exception {
    TestDatabase old = DBS.mariadb();
    TestDatabase neu = DBS.postgres();
    TestDatabase back = DBS.create(dev.cutover.testkit.Engine.MARIADB);
    String t = "tz_round";
    mariaDbRows(old, t);
    neu.execute("CREATE TABLE " + t + " (id INT PRIMARY KEY, dt timestamptz, ts timestamp)");
    TypePairChecks.backfill(old, neu, t, options(t, CopyMode.UPSERT, BERLIN));
    back.execute(
        "CREATE TABLE " + t + " (id INT PRIMARY KEY, dt DATETIME(6), ts TIMESTAMP(6) NULL)");
    TypePairChecks.backfill(neu, back, t, options(t + "_back", CopyMode.UPSERT, BERLIN));
    String rows = "SELECT id, dt, ts FROM " + t + " ORDER BY id";
    assertEquals(utcRows(old, rows), utcRows(back, rows));
    assertEquals(VerifyResult.Status.EQUAL, verify(neu, back, t, BERLIN).status());
  }

  @Test
  void postgres_timestamp_against_timestamptz_with_a_fixed_offset() {
    TestDatabase old = DBS.postgres();
    TestDatabase neu = DBS.create(dev.cutover.testkit.Engine.POSTGRES);
    String t = "tz_pg";
    old.execute(
        "CREATE TABLE " + t + " (id INT PRIMARY KEY, at timestamp)",
        "INSERT INTO " + t + " VALUES (1, '2024-07-01 10:00:00'), (2, NULL)");
    neu.execute(
        "CREATE TABLE " + t + " (id INT PRIMARY KEY, at timestamptz)",
        "INSERT INTO " + t + " VALUES (1, '2024-07-01 04:30:00+00'), (2, NULL)");
    ZoneId kolkata = ZoneOffset.ofHoursMinutes(5, 30);
    assertEquals(VerifyResult.Status.EQUAL, verify(old, neu, t, kolkata).status());
    VerifyResult utc = verify(old, neu, t, ZoneOffset.UTC);
    assertEquals(1, utc.differingCount(), utc::toString);
    assertEquals(List.of("at"), utc.differing().get(0).columns(), utc::toString);
  }

  @Test
  void a_wall_clock_time_the_fall_back_repeats_takes_the_later_offset_as_postgresql_does()
      throws Exception {
    TestDatabase old = DBS.mariadb();
    TestDatabase neu = DBS.postgres();
    String t = "tz_overlap";
    old.execute(
        "CREATE TABLE " + t + " (id INT PRIMARY KEY, dt DATETIME, ts TIMESTAMP NULL)",
        "SET time_zone = '+00:00'",
        // 02:30 happens twice in Berlin on 2024-10-27: at 00:30Z and at 01:30Z.
        "INSERT INTO " + t + " VALUES (1, '2024-10-27 02:30:00', '2024-10-27 01:30:00')");
    neu.execute("CREATE TABLE " + t + " (id int PRIMARY KEY, dt timestamptz, ts timestamp)");
    TypePairChecks.backfill(old, neu, t, options(t, CopyMode.UPSERT, BERLIN));
    assertEquals(
        List.of(List.of("2024-10-27 01:30:00", "2024-10-27 02:30:00")),
        neu.query("SELECT (dt AT TIME ZONE 'UTC')::text, ts::text FROM " + t));
    assertEquals(VerifyResult.Status.EQUAL, verify(old, neu, t, BERLIN).status());
  }

  @Test
  void mariadb_on_both_sides_converts_its_datetime_or_says_it_cannot() {
    TestDatabase old = DBS.mariadb();
    TestDatabase neu = DBS.create(dev.cutover.testkit.Engine.MARIADB);
    String t = "tz_maria";
    old.execute(
        "CREATE TABLE " + t + " (id INT PRIMARY KEY, at DATETIME)",
        "INSERT INTO " + t + " VALUES (1, '2024-07-01 10:00:00')");
    neu.execute(
        "CREATE TABLE " + t + " (id INT PRIMARY KEY, at TIMESTAMP NULL)",
        "SET time_zone = '+00:00'",
        "INSERT INTO " + t + " VALUES (1, '2024-07-01 04:30:00')");
    assertEquals(
        VerifyResult.Status.EQUAL, verify(old, neu, t, ZoneOffset.ofHoursMinutes(5, 30)).status());
    assertEquals(1, verify(old, neu, t, ZoneOffset.UTC).differingCount());
    boolean zoneTables =
        old.query("SELECT CONVERT_TZ('2000-01-01 00:00:00', 'Asia/Kolkata', '+00:00')")
                .get(0)
                .get(0)
            != null;
    VerifyResult named = verify(old, neu, t, ZoneId.of("Asia/Kolkata"));
    if (zoneTables) {
      assertEquals(VerifyResult.Status.EQUAL, named.status(), named::toString);
    } else {
      assertEquals(VerifyResult.Status.ERROR, named.status(), named::toString);
      assertTrue(
          named.error().contains("zone tables") && named.error().contains("Asia/Kolkata"),
          named::toString);
    }
  }

  /** MariaDB rows read in a UTC session, so a TIMESTAMP is its instant's UTC time. */
  private static List<List<Object>> utcRows(TestDatabase db, String sql) {
    try (var c = TypePairChecks.connect(db);
        var s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      List<List<Object>> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(java.util.Arrays.asList(rs.getInt(1), rs.getString(2), rs.getString(3)));
      }
      return out;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
