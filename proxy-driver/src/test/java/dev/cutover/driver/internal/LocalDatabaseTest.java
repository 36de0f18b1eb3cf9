package dev.cutover.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LocalDatabaseTest {
  @Test
  void loopback_hosts_are_found_in_every_url_form() {
    assertEquals(
        "127.0.0.1:5432", LocalDatabase.loopbackHost("jdbc:postgresql://127.0.0.1:5432/app"));
    assertEquals("localhost", LocalDatabase.loopbackHost("jdbc:mariadb://localhost/app?x=1"));
    assertEquals("LOCALHOST:3306", LocalDatabase.loopbackHost("jdbc:mysql://LOCALHOST:3306"));
    assertEquals("[::1]:5432", LocalDatabase.loopbackHost("jdbc:postgresql://[::1]:5432/app"));
    assertEquals(
        "127.0.1.1:5433",
        LocalDatabase.loopbackHost("jdbc:postgresql://db1.example.com:5432,127.0.1.1:5433/app"));
    assertEquals("db.localhost", LocalDatabase.loopbackHost("jdbc:postgresql://db.localhost/app"));
  }

  @Test
  void remote_and_in_process_databases_and_credentials_are_not() {
    assertNull(LocalDatabase.loopbackHost("jdbc:postgresql://db.internal:5432/app"));
    assertNull(LocalDatabase.loopbackHost("jdbc:postgresql://10.0.0.7/app?host=localhost"));
    assertNull(LocalDatabase.loopbackHost("jdbc:postgresql://127.evil.example/app"));
    assertNull(LocalDatabase.loopbackHost("jdbc:h2:mem:test"));
    assertNull(LocalDatabase.loopbackHost(null));
    assertEquals(
        "localhost:3306",
        LocalDatabase.loopbackHost("jdbc:mysql://root:s3cret@localhost:3306/app"));
  }
}
