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

  /**
   * Hibernate's MariaDB dialect reads {@code SELECT @@character_set_database, @@sql_mode} at
   * start-up. Shadowed, PostgreSQL refused it, and the report showed a shadow error for a read that
   * is about each server, not the data.
   */
  /**
   * {@code @@} inside a string literal or a comment is no server variable: such a read was skipped,
   * so a real difference it returns was never reported.
   */
  @Test
  void at_signs_in_a_literal_do_not_skip_the_shadow_read() throws Exception {
    newDb().execute("UPDATE shadow_items SET note = 'drifted' WHERE id = 7");
    String url = config("");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT id, note FROM shadow_items WHERE id = 7 AND note <> 'user@@example' /* @@ */")) {
        assertEquals(1, readAll(rs));
      }
    }
    MismatchReport report = drained(url);
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(0, s.skipped(), s.toString());
    assertEquals(1, s.mismatches(), s + report.toJson());
  }

  @Test
  void reads_of_server_variables_are_not_shadowed() throws Exception {
    String url = config("");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (int k = 0; k < 3; k++) {
        try (ResultSet rs = st.executeQuery("SELECT @@character_set_database, @@sql_mode")) {
          assertEquals(1, readAll(rs));
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT id FROM shadow_items WHERE id = 1")) {
        assertEquals(1, readAll(rs));
      }
    }
    MismatchReport report = drained(url);
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(0, s.errors(), s + report.toJson());
    assertEquals(3, s.skipped(), s.toString());
    assertEquals(1, s.comparisons(), s.toString());
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

  @Test
  void timestamps_of_sessions_in_another_zone_than_the_jvm_s_compare_as_the_instants_they_are()
      throws Exception {
    // The MariaDB URL runs every session in another zone than the JVM's (a server whose system
    // zone is not the application's does the same): MariaDB hands out TIMESTAMP values as wall
    // clock in that zone. Placed in the JVM's zone, every one was reported different.
    String zone = otherZone();
    String oldUrl =
        oldDb().url()
            + (oldDb().url().contains("?") ? "&" : "?")
            + "sessionVariables=time_zone='"
            + zone
            + "'";
    String url =
        MigrationFixture.writeConfig(
            oldUrl, oldDb(), newDb().url(), newDb(), Phase.DUAL_OLD_PRIMARY, FAST);
    int skipped = 0;
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      try (Statement direct = c.unwrap(Connection.class).createStatement();
          ResultSet rs = direct.executeQuery("SELECT @@session.time_zone")) {
        rs.next();
        assertEquals(zone, rs.getString(1));
      }
      for (int k = 0; k < 10; k++) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT id, created_tz, MAX(created_tz) AS latest FROM shadow_items GROUP BY id")) {
          assertEquals(ROWS, readAll(rs));
        }
      }
      // Naming the same zone keeps the reads comparable; another one (the JVM's) does not.
      st.execute("SET time_zone = '" + zone + "'");
      try (ResultSet rs = st.executeQuery("SELECT id, created_tz FROM shadow_items")) {
        assertEquals(ROWS, readAll(rs));
      }
      st.execute("SET time_zone = 'SYSTEM'");
      try (ResultSet rs = st.executeQuery("SELECT id, created_tz FROM shadow_items")) {
        assertEquals(ROWS, readAll(rs));
        skipped++;
      }
    }
    MismatchReport report = drained(url);
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(List.of(), mismatching(report), report.toJson());
    assertEquals(11, s.comparisons(), s.toString());
    assertEquals(skipped, s.sessionSkipped(), s.toString());
  }
}
