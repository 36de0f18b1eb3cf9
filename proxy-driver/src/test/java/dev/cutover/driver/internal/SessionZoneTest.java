package dev.cutover.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The zone of a MariaDB session, from what the server reports about it. */
class SessionZoneTest {
  private static final Instant SUMMER = Instant.parse("2024-07-01T12:00:00Z");
  private static final Instant WINTER = Instant.parse("2024-01-20T12:00:00Z");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** Offsets in seconds now, in January, in July. */
  private static long[] offsets(long now, long january, long july) {
    return new long[] {now, january, july};
  }

  private static final long[] UTC = offsets(0, 0, 0);
  private static final long[] BERLIN_SUMMER = offsets(7200, 3600, 7200);

  @Test
  void a_server_in_the_jvm_s_zone_agrees_and_is_the_jvm_s_zone() {
    SessionZone z = SessionZone.resolve("SYSTEM", "UTC", UTC, UTC, ZoneOffset.UTC, SUMMER);
    assertTrue(z.agreesWithJvm());
    assertEquals(ZoneOffset.UTC, z.session());
    // CET is Berlin's offsets, summer time included: the JVM's zone stands for it.
    z =
        SessionZone.resolve(
            "SYSTEM", "CET", offsets(3600, 3600, 7200), offsets(3600, 3600, 7200), BERLIN, WINTER);
    assertTrue(z.agreesWithJvm());
    assertEquals(BERLIN, z.session());
  }

  @Test
  void a_server_elsewhere_is_its_named_zone_or_a_fixed_offset_or_unknown() {
    SessionZone z = SessionZone.resolve("SYSTEM", "UTC", UTC, UTC, ZoneId.of("Asia/Tokyo"), SUMMER);
    assertFalse(z.agreesWithJvm());
    assertEquals(ZoneId.of("UTC"), z.session());
    assertTrue(z.described().startsWith("SYSTEM (UTC) (UTCZ now"), z.described());
    // CEST names a zone with summer time Java cannot name: not known, not a fixed +02:00 that
    // would be an hour off all winter.
    z = SessionZone.resolve("SYSTEM", "CEST", BERLIN_SUMMER, BERLIN_SUMMER, ZoneOffset.UTC, SUMMER);
    assertNull(z.session());
    assertFalse(z.agreesWithJvm());
    // EST is a fixed -05:00 in Java, but a server in New York reports summer time: not EST.
    long[] ny = offsets(-4 * 3600, -5 * 3600, -4 * 3600);
    z = SessionZone.resolve("SYSTEM", "EST", ny, ny, ZoneOffset.UTC, SUMMER);
    assertNull(z.session());
    // ... unless the JVM runs there.
    z = SessionZone.resolve("SYSTEM", "EST", ny, ny, NEW_YORK, SUMMER);
    assertEquals(NEW_YORK, z.session());
    // A session zone set on the connection, not the system's.
    z =
        SessionZone.resolve(
            "+09:00", "UTC", offsets(32400, 32400, 32400), UTC, ZoneOffset.UTC, SUMMER);
    assertEquals(ZoneOffset.ofHours(9), z.session());
    assertEquals(ZoneOffset.UTC, z.system());
    // A named zone (time-zone tables loaded) with its offsets.
    z = SessionZone.resolve("Europe/Berlin", "UTC", BERLIN_SUMMER, UTC, ZoneOffset.UTC, SUMMER);
    assertEquals(BERLIN, z.session());
  }

  @Test
  void a_set_time_zone_names_the_session_s_zone_when_it_has_its_offsets() {
    SessionZone z =
        SessionZone.resolve(
            "+09:00", "UTC", offsets(32400, 32400, 32400), UTC, ZoneOffset.UTC, SUMMER);
    assertTrue(z.isSessionZone("+09:00", SUMMER));
    assertTrue(z.isSessionZone("Asia/Tokyo", SUMMER));
    assertFalse(z.isSessionZone("SYSTEM", SUMMER));
    assertFalse(z.isSessionZone("+00:00", SUMMER));
    assertFalse(z.isSessionZone("Not/AZone", SUMMER));
    assertFalse(z.isSessionZone("+99:00", SUMMER));
    SessionZone system =
        SessionZone.resolve("SYSTEM", "UTC", UTC, UTC, ZoneId.of("Asia/Tokyo"), SUMMER);
    assertTrue(system.isSessionZone("SYSTEM", SUMMER));
    assertTrue(system.isSessionZone("+00:00", SUMMER));
    assertFalse(system.isSessionZone("+09:00", SUMMER));
    // Berlin's sessions: +01:00 has Berlin's offset in winter only.
    SessionZone berlin =
        SessionZone.resolve("Europe/Berlin", "UTC", BERLIN_SUMMER, UTC, ZoneOffset.UTC, SUMMER);
    assertFalse(berlin.isSessionZone("+01:00", WINTER));
    assertTrue(berlin.isSessionZone("Europe/Berlin", WINTER));
  }
}
