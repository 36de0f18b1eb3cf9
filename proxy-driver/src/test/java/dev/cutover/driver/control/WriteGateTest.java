package dev.cutover.driver.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.driver.Phase;
import dev.cutover.driver.internal.WriteGate;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The write gate as the application meets it, and the status as scripts read it. */
class WriteGateTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  @Test
  void a_fenced_gate_holds_writes_then_fails_them_unexecuted_while_reads_pass() throws Exception {
    TestDatabase oldDb = DBS.h2();
    TestDatabase newDb = DBS.create(Engine.H2);
    for (TestDatabase db : List.of(oldDb, newDb)) {
      db.execute("CREATE TABLE t (id INT PRIMARY KEY)");
    }
    String yaml = "fleet: { pollInterval: 50ms, holdTimeout: 200ms, deadAfter: 5s }\n";
    try (Fleet fleet = new Fleet(oldDb, newDb, oldDb.url(), Phase.DUAL_OLD_PRIMARY, yaml, 1);
        Connection c = fleet.instance(0).connect();
        Statement s = c.createStatement()) {
      WriteGate gate = fleet.instance(0).context.writeGate();
      s.executeUpdate("INSERT INTO t VALUES (1)");
      assertEquals(0, gate.inFlight(), "an autocommit write leaves the gate when it ends");
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO t VALUES (2)");
      assertEquals(1, gate.inFlight(), "a write transaction holds the gate until it ends");
      c.commit();
      assertEquals(0, gate.inFlight());
      c.setAutoCommit(true);

      gate.fence();
      try {
        SQLTimeoutException held =
            assertThrows(
                SQLTimeoutException.class, () -> s.executeUpdate("INSERT INTO t VALUES (3)"));
        assertEquals("HYT00", held.getSQLState());
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
          assertTrue(rs.next());
          assertEquals(2, rs.getInt(1), "the held write executed nowhere; reads are not held");
        }
      } finally {
        gate.release();
      }
      s.executeUpdate("INSERT INTO t VALUES (3)");
      assertEquals(0, gate.inFlight());
    }
    assertEquals(3, oldDb.queryLong("SELECT COUNT(*) FROM t"));
    assertEquals(3, newDb.queryLong("SELECT COUNT(*) FROM t"));
  }

  @Test
  void status_serializes_to_json_with_camel_case_fields() throws Exception {
    TestDatabase oldDb = DBS.h2();
    TestDatabase newDb = DBS.create(Engine.H2);
    String yaml = "fleet: { pollInterval: 50ms }\nreadiness: { checks: divergences }\n";
    try (Fleet fleet = new Fleet(oldDb, newDb, oldDb.url(), Phase.OLD, yaml, 2)) {
      Fleet.await("both instances heartbeat", () -> sizeOfFleet(fleet) == 2);
      JsonNode json = new ObjectMapper().valueToTree(fleet.operator.status());
      assertEquals("OLD", json.get("phase").asText());
      assertEquals(1, json.get("version").asLong());
      assertTrue(json.get("fleetConverged").asBoolean());
      JsonNode first = json.get("fleet").get(0);
      for (String field : List.of("instance", "appliedVersion", "lastSeenMillisAgo", "dead")) {
        assertTrue(first.has(field), field);
      }
      assertFalse(first.get("dead").asBoolean());
      assertEquals("divergences", json.get("readiness").get("checks").get(0).get("name").asText());
    }
  }

  private static int sizeOfFleet(Fleet fleet) {
    try {
      return fleet.operator.status().fleet().size();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
