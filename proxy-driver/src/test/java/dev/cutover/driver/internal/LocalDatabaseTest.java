package dev.cutover.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LocalDatabaseTest {
  @Test
  void loopback_hosts_are_found_in_every_url_form() {
    assertEquals(
        "127.0.0.1:5432", LocalDatabase.loopbackHost("jdbc:postgresql://127.0.0.1:5432/app"));
    assertEquals("localhost", LocalDatabase.loopbackHost("jdbc:mariadb://localhost/app?x=1"));
    assertEquals("localhost:3306", LocalDatabase.loopbackHost("jdbc:mysql://LOCALHOST:3306"));
    assertEquals("[::1]:5432", LocalDatabase.loopbackHost("jdbc:postgresql://[::1]:5432/app"));
    assertEquals(
        "[::ffff:127.0.0.1]",
        LocalDatabase.loopbackHost("jdbc:postgresql://[::ffff:127.0.0.1]/app"));
    assertEquals(
        "127.0.1.1:5433",
        LocalDatabase.loopbackHost("jdbc:postgresql://db1.example.com:5432,127.0.1.1:5433/app"));
    assertEquals("db.localhost", LocalDatabase.loopbackHost("jdbc:postgresql://db.localhost/app"));
    assertEquals(
        "localhost", LocalDatabase.loopbackHost("jdbc:mariadb:replication://localhost,db2/app"));
  }

  @Test
  void urls_without_a_host_connect_to_localhost_for_the_network_drivers() {
    assertEquals("localhost", LocalDatabase.loopbackHost("jdbc:postgresql:app"));
    assertEquals("localhost", LocalDatabase.loopbackHost("jdbc:postgresql:///app"));
    assertEquals("localhost:3306", LocalDatabase.loopbackHost("jdbc:mysql://:3306/app"));
    assertNull(LocalDatabase.loopbackHost("jdbc:h2:mem:test"));
    assertNull(LocalDatabase.loopbackHost("jdbc:h2:tcp:///test"));
  }

  @Test
  void remote_databases_are_not_local_and_credentials_never_come_back() {
    assertNull(LocalDatabase.loopbackHost("jdbc:postgresql://db.internal:5432/app"));
    assertNull(LocalDatabase.loopbackHost("jdbc:postgresql://10.0.0.7/app?host=localhost"));
    assertNull(LocalDatabase.loopbackHost("jdbc:postgresql://127.evil.example/app"));
    assertNull(LocalDatabase.loopbackHost(null));
    assertEquals(
        "localhost:3306",
        LocalDatabase.loopbackHost("jdbc:mysql://root:s3cret@localhost:3306/app"));
    // A password with ':' or ';' in it: only the host comes back, and a port only when all digits.
    String shown = LocalDatabase.loopbackHost("jdbc:mysql://localhost:pa;ss@db/app");
    assertEquals("localhost", shown);
    assertFalse(
        String.valueOf(LocalDatabase.loopbackHost("jdbc:mysql://u:localhost@127.0.0.1:x9/app"))
            .contains("x9"));
  }
}
