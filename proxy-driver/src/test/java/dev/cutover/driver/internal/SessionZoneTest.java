package dev.cutover.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The zone of a MariaDB session, from what the server reports about it. */
class SessionZoneTest {
  private static final Instant SUMMER = Instant.parse("2024-07-01T12:00:00Z");
  private static final Instant WINTER = Instant.parse("2024-01-15T12:00:00Z");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void a_server_in_the_jvm_s_zone_agrees_and_is_the_jvm_s_zone() {
    SessionZone z = SessionZone.resolve("SYSTEM", "UTC", 0, 0, ZoneOffset.UTC, SUMMER);
    assertTrue(z.agreesWithJvm());
    assertEquals(ZoneOffset.UTC, z.session());
    // CET in winter is Berlin's offset then: the JVM's zone, with its summer time, stands for it.
    z = SessionZone.resolve("SYSTEM", "CET", 3600, 3600, BERLIN, WINTER);
    assertTrue(z.agreesWithJvm());
    assertEquals(BERLIN, z.session());
  }

  @Test
  void a_server_elsewhere_is_its_named_zone_or_the_offset_measured() {
    SessionZone z = SessionZone.resolve("SYSTEM", "UTC", 0, 0, ZoneId.of("Asia/Tokyo"), SUMMER);
    assertFalse(z.agreesWithJvm());
    assertEquals(ZoneId.of("UTC"), z.session());
    assertEquals("SYSTEM (UTC), Z", z.described());
    // An abbreviation Java does not know: the offset measured.
    z = SessionZone.resolve("SYSTEM", "CEST", 7200, 7200, ZoneOffset.UTC, SUMMER);
    assertEquals(ZoneOffset.ofHours(2), z.session());
    // A session zone set on the connection, not the system's.
    z = SessionZone.resolve("+09:00", "UTC", 32400, 0, ZoneOffset.UTC, SUMMER);
    assertEquals(ZoneOffset.ofHours(9), z.session());
    assertEquals(ZoneOffset.UTC, z.system());
    assertFalse(z.agreesWithJvm());
    // A named zone (time-zone tables loaded) whose offset is the one measured.
    z = SessionZone.resolve("Europe/Berlin", "UTC", 7200, 0, ZoneOffset.UTC, SUMMER);
    assertEquals(BERLIN, z.session());
    // Clocks read a moment apart round to the minute.
    z = SessionZone.resolve("+09:00", "UTC", 32399, 1, ZoneOffset.UTC, SUMMER);
    assertEquals(ZoneOffset.ofHours(9), z.session());
    assertEquals(ZoneOffset.UTC, z.system());
  }

  @Test
  void a_set_time_zone_names_the_session_s_zone_when_it_has_its_offset() {
    SessionZone z = SessionZone.resolve("+09:00", "UTC", 32400, 0, ZoneOffset.UTC, SUMMER);
    assertTrue(z.isSessionZone("+09:00", SUMMER));
    assertTrue(z.isSessionZone("Asia/Tokyo", SUMMER));
    assertFalse(z.isSessionZone("SYSTEM", SUMMER));
    assertFalse(z.isSessionZone("+00:00", SUMMER));
    assertFalse(z.isSessionZone("Not/AZone", SUMMER));
    assertFalse(z.isSessionZone("+99:00", SUMMER));
    SessionZone system =
        SessionZone.resolve("SYSTEM", "UTC", 0, 0, ZoneId.of("Asia/Tokyo"), SUMMER);
    assertTrue(system.isSessionZone("SYSTEM", SUMMER));
    assertTrue(system.isSessionZone("+00:00", SUMMER));
    assertFalse(system.isSessionZone("+09:00", SUMMER));
  }
}
