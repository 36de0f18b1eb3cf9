package dev.cutover.driver.shadow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionReplayTest {

  @Test
  void only_a_mysql_time_zone_equal_to_the_jvms_is_harmless_elsewhere() {
    assertTrue(SessionReplay.isJvmZone("SYSTEM"));
    assertTrue(SessionReplay.isJvmZone(ZoneId.systemDefault().getId()));
    ZoneOffset now = ZoneId.systemDefault().getRules().getOffset(Instant.now());
    String other = now.getTotalSeconds() == 9 * 3600 ? "+03:00" : "+09:00";
    assertFalse(SessionReplay.isJvmZone(other));
    assertFalse(SessionReplay.isJvmZone("Not/AZone"));
    assertFalse(SessionReplay.isJvmZone("+99:00"));
  }
}
