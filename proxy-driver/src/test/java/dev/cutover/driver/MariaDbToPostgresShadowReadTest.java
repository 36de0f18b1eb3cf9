package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.driver.shadow.MismatchReport;
import dev.cutover.driver.shadow.ShadowStatistics;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shadow reads from MariaDB (old, primary) to PostgreSQL (new). */
class MariaDbToPostgresShadowReadTest extends ShadowReadSemantics {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  @Override
  TestDatabase oldDb() {
    return DBS.mariadb();
  }

  @Override
  TestDatabase newDb() {
    return DBS.postgres();
  }

  @Test
  void a_session_time_zone_postgresql_cannot_take_skips_the_read_and_counts_it() throws Exception {
    // MariaDB returns a TIMESTAMP in the session's time_zone; compared against PostgreSQL's
    // timestamptz in another zone it would be a false mismatch. PostgreSQL has no time_zone
    // variable, so the session cannot be reproduced there and the read is skipped.
    String url = config("");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("SET time_zone = '" + otherZone() + "'");
      for (int k = 0; k < 10; k++) {
        try (ResultSet rs =
            st.executeQuery("SELECT id, created_tz FROM shadow_items WHERE id <= 5")) {
          assertEquals(5, readAll(rs));
        }
      }
    }
    MismatchReport report = drained(url);
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(List.of(), mismatching(report), report.toJson());
    assertEquals(10, s.sessionSkipped(), s.toString());
    assertEquals(0, s.comparisons(), s.toString());
  }
}
