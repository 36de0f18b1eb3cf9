package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.driver.shadow.MismatchReport;
import dev.cutover.driver.shadow.ShadowStatistics;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shadow reads between two PostgreSQL databases. */
class PostgresToPostgresShadowReadTest extends ShadowReadSemantics {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();
  private static TestDatabase newSide;

  @Override
  TestDatabase oldDb() {
    return DBS.postgres();
  }

  @Override
  synchronized TestDatabase newDb() {
    if (newSide == null) {
      newSide = DBS.create(Engine.POSTGRES);
    }
    return newSide;
  }

  /** PostgreSQL's {@code @@} is the text-search match: those reads are shadowed (and compared). */
  @Test
  void text_search_reads_are_shadowed() throws Exception {
    newDb().execute("UPDATE shadow_items SET note = 'drifted' WHERE id = 7");
    String url = config("");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT id, note FROM shadow_items WHERE id = 7"
                  + " AND to_tsvector('simple', coalesce(note, 'x')) @@ to_tsquery('simple', 'zz') = false")) {
        assertEquals(1, readAll(rs));
      }
    }
    MismatchReport report = drained(url);
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(0, s.skipped(), s.toString());
    assertEquals(1, s.mismatches(), s + report.toJson());
  }

  @Test
  void a_read_that_writes_or_locks_is_never_run_on_the_shadow_side_or_again_on_the_primary()
      throws Exception {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(
          "DROP TABLE IF EXISTS shadow_audit CASCADE",
          "CREATE TABLE shadow_audit (id serial PRIMARY KEY)",
          "CREATE OR REPLACE FUNCTION shadow_audit_hit() RETURNS bigint LANGUAGE sql AS"
              + " $$ INSERT INTO shadow_audit DEFAULT VALUES; SELECT count(*) FROM shadow_audit $$");
    }
    // The sides answer differently, so a shadow run that wrote would also be a mismatch, and its
    // re-check would run the function on the primary again.
    newDb().execute("INSERT INTO shadow_audit DEFAULT VALUES");
    String url = config("");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (int k = 0; k < 3; k++) {
        try (ResultSet rs = st.executeQuery("SELECT shadow_audit_hit()")) {
          rs.next();
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT pg_advisory_lock(4242)")) {
        rs.next();
      }
      try (ResultSet rs = st.executeQuery("SELECT pg_advisory_unlock(4242)")) {
        rs.next();
      }
    }
    MismatchReport report = drained(url);
    assertEquals(
        3,
        oldDb().queryLong("SELECT count(*) FROM shadow_audit"),
        "only the application's own calls wrote on the primary");
    // The application's volatile function writes: dual-written (once per call), never shadowed.
    assertEquals(
        4,
        newDb().queryLong("SELECT count(*) FROM shadow_audit"),
        "the seeded row and one replay per call, nothing written by shadows");
    assertEquals(List.of(), mismatching(report), report.toJson());
    ShadowStatistics s = CutoverDriver.migration(url).shadowStatistics();
    assertEquals(0, s.writesSkipped(), s.toString());
    assertEquals(2, s.skipped(), s.toString());
    assertEquals(
        0,
        oldDb()
            .queryLong(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242"),
        "no shadow connection holds the application's lock");
  }
}
