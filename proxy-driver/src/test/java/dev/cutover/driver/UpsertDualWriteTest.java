package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MySQL's upserts ({@code ON DUPLICATE KEY UPDATE}, {@code REPLACE}) written through the driver
 * reach PostgreSQL as {@code ON CONFLICT ... DO UPDATE}, with the same rows and ids, in every phase
 * that writes PostgreSQL.
 */
class UpsertDualWriteTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS counters",
            "CREATE TABLE counters (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " name VARCHAR(50) NOT NULL UNIQUE, cnt INT NOT NULL, note VARCHAR(50))");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS counters",
            "CREATE TABLE counters (id BIGSERIAL PRIMARY KEY, name VARCHAR(50) NOT NULL UNIQUE,"
                + " cnt INT NOT NULL, note VARCHAR(50))");
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  /** What a legacy application does with its counters. */
  static void upserts(Connection c) throws Exception {
    try (PreparedStatement hit =
            c.prepareStatement(
                "INSERT INTO counters (name, cnt) VALUES (?, 1)"
                    + " ON DUPLICATE KEY UPDATE cnt = cnt + 1");
        PreparedStatement replace =
            c.prepareStatement("REPLACE INTO counters (name, cnt, note) VALUES (?, ?, ?)");
        Statement st = c.createStatement()) {
      for (String name : List.of("a", "b", "a", "c", "a", "b")) {
        hit.setString(1, name);
        hit.executeUpdate();
      }
      st.executeUpdate(
          "INSERT INTO `counters` (`name`, `cnt`, note) VALUES ('d', 5, 'x'), ('a', 7, 'y')"
              + " ON DUPLICATE KEY UPDATE `cnt` = `cnt` + VALUES(`cnt`), note = VALUES(note)");
      // A REPLACE of an existing name deletes that row and inserts one with a new id.
      replace.setString(1, "b");
      replace.setInt(2, 40);
      replace.setString(3, "replaced");
      replace.executeUpdate();
      replace.setString(1, "e");
      replace.setInt(2, 1);
      replace.setString(3, null);
      replace.executeUpdate();
      for (String name : List.of("e", "f")) {
        hit.setString(1, name);
        hit.executeUpdate();
      }
    }
  }

  static final List<List<Object>> EXPECTED =
      List.of(
          List.of("a", 10L, "y"),
          List.of("b", 40L, "replaced"),
          List.of("c", 1L, "-"),
          List.of("d", 5L, "x"),
          List.of("e", 2L, "-"),
          List.of("f", 1L, "-"));

  static List<List<Object>> rows(TestDatabase db) {
    return db
        .query("SELECT id, name, cnt, COALESCE(note, '-') FROM counters ORDER BY name")
        .stream()
        .map(
            r ->
                List.<Object>of(
                    ((Number) r.get(0)).longValue(),
                    r.get(1),
                    ((Number) r.get(2)).longValue(),
                    r.get(3)))
        .toList();
  }

  static List<List<Object>> withoutIds(List<List<Object>> rows) {
    return rows.stream().map(r -> r.subList(1, 4)).toList();
  }

  @Test
  void dual_old_primary_mirrors_them_with_the_same_ids_and_no_divergence() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url)) {
      upserts(c);
    }
    multiRowUpsertJournaled(url);
    assertEquals(EXPECTED, withoutIds(rows(DBS.mariadb())));
    assertEquals(except(rows(DBS.mariadb()), "a", "d"), except(rows(DBS.postgres()), "a", "d"));
  }

  /**
   * MariaDB's driver reports one id for a multi-row ON DUPLICATE KEY UPDATE, and which rows took
   * new ids (updated and unchanged rows take none, and count like inserted ones) cannot be told, so
   * the statement is not sent with guessed ids but journaled; the rows it wrote (a and d) are
   * repair's.
   */
  private static void multiRowUpsertJournaled(String url) throws Exception {
    List<Divergence> journal = DualWriteSemantics.journal(url);
    assertEquals(1, journal.size(), journal::toString);
    assertEquals(Divergence.Kind.KEYS_NOT_REPLAYED, journal.get(0).kind(), journal::toString);
    assertTrue(journal.get(0).sql().contains("('d', 5, 'x')"), journal::toString);
  }

  private static List<List<Object>> except(List<List<Object>> rows, String... names) {
    List<String> skip = List.of(names);
    return rows.stream().filter(r -> !skip.contains(r.get(1))).toList();
  }

  @Test
  void dual_new_primary_runs_them_on_postgresql_and_mirrors_the_original_to_mariadb()
      throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_NEW_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url)) {
      upserts(c);
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    assertEquals(EXPECTED, withoutIds(rows(DBS.postgres())));
    assertEquals(rows(DBS.postgres()), rows(DBS.mariadb()));
  }

  /**
   * An upsert that finds its row and leaves it as it is, and an INSERT IGNORE of a duplicate,
   * change nothing on the primary and report no id there (MariaDB measured; PostgreSQL's ON
   * CONFLICT DO NOTHING returns no row): the secondary is not sent them. They had been journaled
   * KEYS_NOT_REPLAYED ("the primary returned 0 generated keys for 1 rows") on every repeat, with
   * the prepared statement's keys requested by the application (Spring's KeyHolder, MyBatis's
   * useGeneratedKeys) and without.
   */
  @Test
  void an_upsert_or_ignore_that_changes_nothing_is_not_journaled() throws Exception {
    for (Phase phase : List.of(Phase.DUAL_OLD_PRIMARY, Phase.DUAL_NEW_PRIMARY)) {
      String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
      try (Connection c = DriverManager.getConnection(url);
          PreparedStatement same =
              c.prepareStatement(
                  "INSERT INTO counters (name, cnt) VALUES (?, 1)"
                      + " ON DUPLICATE KEY UPDATE cnt = VALUES(cnt)",
                  Statement.RETURN_GENERATED_KEYS);
          PreparedStatement ignore =
              c.prepareStatement("INSERT IGNORE INTO counters (name, cnt) VALUES (?, 5)");
          Statement st = c.createStatement()) {
        for (int i = 0; i < 3; i++) {
          same.setString(1, phase + "-same");
          same.executeUpdate();
          ignore.setString(1, phase + "-same");
          ignore.executeUpdate();
          st.executeUpdate(
              "INSERT INTO counters (name, cnt) VALUES ('"
                  + phase
                  + "-text', 2)"
                  + " ON DUPLICATE KEY UPDATE cnt = cnt");
        }
      }
      assertEquals(List.of(), DualWriteSemantics.journal(url), phase.toString());
      assertEquals(rows(DBS.mariadb()), rows(DBS.postgres()), phase.toString());
    }
    assertEquals(4, rows(DBS.mariadb()).size());
  }

  @Test
  void asynchronous_groups_of_them_keep_rows_ids_and_counts() throws Exception {
    String url =
        MigrationFixture.writeConfig(
            DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "dualWrite: { mode: async }\n");
    try (Connection c = DriverManager.getConnection(url)) {
      upserts(c);
    }
    DualWriteSemantics.drain(CutoverDriver.migration(url));
    multiRowUpsertJournaled(url);
    assertEquals(except(rows(DBS.mariadb()), "a", "d"), except(rows(DBS.postgres()), "a", "d"));
  }

  @Test
  void after_cutover_the_application_keeps_writing_them() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection c = DriverManager.getConnection(url)) {
      upserts(c);
    }
    assertEquals(EXPECTED, withoutIds(rows(DBS.postgres())));
    assertTrue(rows(DBS.mariadb()).isEmpty());
  }

  @Test
  void a_row_colliding_on_a_key_other_than_the_arbiter_is_journaled_not_guessed() throws Exception {
    // The statement inserts both id and name: PostgreSQL arbitrates on the primary key, MariaDB
    // updates the row whose name collides. PostgreSQL refuses it; the journal says so.
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO counters (id, name, cnt) VALUES (1, 'a', 1)");
      st.executeUpdate(
          "INSERT INTO counters (id, name, cnt) VALUES (99, 'a', 1)"
              + " ON DUPLICATE KEY UPDATE cnt = cnt + 1");
    }
    List<Divergence> journal = DualWriteSemantics.journal(url);
    assertEquals(1, journal.size(), journal.toString());
    assertEquals(Divergence.Kind.SECONDARY_ERROR, journal.get(0).kind());
    assertEquals("23505", journal.get(0).sqlState(), journal.toString());
  }

  @Test
  void an_upsert_into_a_table_without_unique_keys_is_a_plain_insert() throws Exception {
    DBS.mariadb().execute("DROP TABLE IF EXISTS log", "CREATE TABLE log (n INT)");
    DBS.postgres().execute("DROP TABLE IF EXISTS log", "CREATE TABLE log (n int)");
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (int i = 0; i < 3; i++) {
        st.executeUpdate("INSERT INTO log (n) VALUES (1) ON DUPLICATE KEY UPDATE n = n + 1");
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    assertEquals(3, DBS.postgres().queryLong("SELECT count(*) FROM log WHERE n = 1"));
  }

  @Test
  void parameters_in_the_update_part_reach_the_secondary_after_the_generated_key()
      throws Exception {
    // The driver adds the primary's generated id to the mirrored INSERT; the parameters after the
    // VALUES tuple must still be bound, in order, after it.
    for (Phase phase : List.of(Phase.DUAL_OLD_PRIMARY, Phase.DUAL_NEW_PRIMARY)) {
      DBS.mariadb().execute("DELETE FROM counters");
      DBS.postgres().execute("DELETE FROM counters");
      String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
      try (Connection c = DriverManager.getConnection(url);
          PreparedStatement add =
              c.prepareStatement(
                  "INSERT INTO counters (name, cnt) VALUES (?, ?)"
                      + " ON DUPLICATE KEY UPDATE cnt = cnt + ?, note = ?")) {
        for (int i = 0; i < 6; i++) {
          add.setString(1, i % 2 == 0 ? "a" : "b");
          add.setInt(2, 1);
          add.setInt(3, 10 + i);
          add.setString(4, "n" + i);
          add.executeUpdate();
        }
      }
      assertEquals(List.of(), DualWriteSemantics.journal(url), phase.toString());
      assertEquals(rows(DBS.mariadb()), rows(DBS.postgres()), phase.toString());
      assertEquals(
          List.of(List.of("a", 27L, "n4"), List.of("b", 29L, "n5")),
          withoutIds(rows(DBS.mariadb())),
          phase.toString());
    }
  }
}
