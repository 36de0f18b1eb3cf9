package dev.cutover.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FreshDatabasesTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  @Test
  void each_engine_gives_an_empty_writable_database() {
    for (TestDatabase db : new TestDatabase[] {DBS.postgres(), DBS.mariadb(), DBS.h2()}) {
      db.execute("CREATE TABLE probe (id INT PRIMARY KEY)", "INSERT INTO probe VALUES (1)");
      assertEquals(1L, db.queryLong("SELECT COUNT(*) FROM probe"), db.toString());
    }
  }

  @Test
  void a_second_database_on_one_engine_is_separate() {
    TestDatabase a = DBS.postgres();
    TestDatabase b = DBS.create(Engine.POSTGRES);
    assertNotEquals(a.name(), b.name());
    b.execute("CREATE TABLE only_here (id INT)");
    assertEquals(
        0L,
        a.queryLong(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'only_here'"));
  }

  @Test
  void database_urls_keep_host_port_and_parameters() {
    assertEquals(
        "jdbc:postgresql://h:1/db2?ssl=false",
        FreshDatabases.Servers.withDatabase("jdbc:postgresql://h:1/postgres?ssl=false", "db2"));
    assertEquals(
        "jdbc:mariadb://127.0.0.1:3306/x",
        FreshDatabases.Servers.withDatabase("jdbc:mariadb://127.0.0.1:3306/", "x"));
    assertTrue(FreshDatabases.Servers.uniqueName("SomeTest").startsWith("ct_sometest_"));
  }
}
