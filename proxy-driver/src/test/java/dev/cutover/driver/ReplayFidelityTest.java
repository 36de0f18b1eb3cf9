package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays that used to leave the two databases different without a journal entry, MariaDB (old,
 * primary) to PostgreSQL: each case ends with identical rows, or with the difference journaled.
 */
class ReplayFidelityTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private final java.util.Set<Migration> before =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  /** Migrations a test opened (phase changes keep them alive) are closed after it. */
  @org.junit.jupiter.api.AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  @BeforeEach
  void tables() {
    before.addAll(CutoverDriver.openMigrations());
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS people",
            "CREATE TABLE people (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL"
                + " UNIQUE, n INT, note TEXT)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS people",
            "CREATE TABLE people (id BIGSERIAL PRIMARY KEY, name VARCHAR(20) NOT NULL UNIQUE,"
                + " n INT, note TEXT)");
  }

  private static String url() {
    return url(Phase.DUAL_OLD_PRIMARY);
  }

  /** A migration from the MariaDB to the PostgreSQL test database in {@code phase}. */
  private static String url(Phase phase) {
    return MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
  }

  /** A migration in {@code phase}, with no table {@code extra} on either side yet. */
  private static String withoutExtraTable(Phase phase) {
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute("DROP TABLE IF EXISTS extra");
    }
    return url(phase);
  }

  /** The journal, which must hold exactly {@code n} entries, all IMPLICIT_COMMIT. */
  private static List<Divergence> implicitCommits(String url, int n) throws Exception {
    List<Divergence> journal = DualWriteSemantics.journal(url);
    assertEquals(n, journal.size(), journal::toString);
    for (Divergence d : journal) {
      assertEquals(Divergence.Kind.IMPLICIT_COMMIT, d.kind(), journal::toString);
    }
    return journal;
  }

  private static void assertSameRows() {
    assertEquals(
        MigrationFixture.rows(DBS.mariadb(), "people"),
        MigrationFixture.rows(DBS.postgres(), "people"));
  }

  @Test
  void an_ascii_stream_with_utf8_bytes_is_stored_as_the_text_on_both_databases() throws Exception {
    String url = url();
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO people (name, note) VALUES (?, ?)")) {
      ps.setString(1, "a");
      ps.setAsciiStream(2, new ByteArrayInputStream("héllo".getBytes(StandardCharsets.UTF_8)));
      ps.executeUpdate();
    }
    assertEquals(List.of(List.of("héllo")), DBS.mariadb().query("SELECT note FROM people"));
    assertSameRows();
    assertTrue(DualWriteSemantics.journal(url).isEmpty());
  }

  @Test
  void doubles_into_integers_round_and_booleans_into_text_read_as_mariadb_stores_them()
      throws Exception {
    String url = url();
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO people (name, n, note) VALUES (?, ?, ?)")) {
      Object[][] rows = {{"a", 2.5, true}, {"b", -2.5, false}, {"c", 3.49f, true}};
      for (Object[] r : rows) {
        ps.setString(1, (String) r[0]);
        if (r[1] instanceof Double d) {
          ps.setDouble(2, d);
        } else {
          ps.setFloat(2, (Float) r[1]);
        }
        ps.setBoolean(3, (Boolean) r[2]);
        ps.executeUpdate();
      }
    }
    assertEquals(
        List.of(List.of("a", 3, "1"), List.of("b", -3, "0"), List.of("c", 3, "1")),
        DBS.mariadb().query("SELECT name, n, note FROM people ORDER BY name"));
    assertSameRows();
    assertTrue(DualWriteSemantics.journal(url).isEmpty());
  }

  @Test
  void ddl_inside_a_transaction_commits_it_on_postgresql_as_mariadb_does() throws Exception {
    String url = withoutExtraTable(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.executeUpdate("INSERT INTO people (name) VALUES ('kept')");
      st.executeUpdate("CREATE TABLE extra (x INT)");
      st.executeUpdate("INSERT INTO people (name) VALUES ('rolled back')");
      c.rollback();
      st.executeUpdate("INSERT INTO people (name) VALUES ('later')");
      c.commit();
    }
    assertEquals(
        List.of(List.of("kept"), List.of("later")),
        DBS.mariadb().query("SELECT name FROM people ORDER BY id"));
    assertSameRows();
    assertEquals(0L, DBS.postgres().queryLong("SELECT count(*) FROM extra"));
    assertTrue(DualWriteSemantics.journal(url).isEmpty(), () -> "journal");
  }

  @Test
  void ddl_inside_a_transaction_opened_with_sql_text_commits_it_on_postgresql_as_mariadb_does()
      throws Exception {
    String url = withoutExtraTable(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("START TRANSACTION");
      st.executeUpdate("INSERT INTO people (name) VALUES ('kept')");
      st.executeUpdate("CREATE TABLE extra (x INT)");
      // MariaDB is in autocommit again: this insert stays, and the ROLLBACK finds nothing to undo.
      st.executeUpdate("INSERT INTO people (name) VALUES ('after the ddl')");
      st.execute("ROLLBACK");
      st.execute("BEGIN");
      st.executeUpdate("INSERT INTO people (name) VALUES ('rolled back')");
      st.execute("ROLLBACK");
    }
    assertEquals(
        List.of(List.of("kept"), List.of("after the ddl")),
        DBS.mariadb().query("SELECT name FROM people ORDER BY id"));
    assertSameRows();
    assertEquals(0L, DBS.postgres().queryLong("SELECT count(*) FROM extra"));
    assertTrue(DualWriteSemantics.journal(url).isEmpty(), () -> "journal");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void set_autocommit_0_holds_writes_in_a_transaction_on_both_sides(Phase phase) throws Exception {
    String url = url(phase);
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("SET autocommit = 0");
      st.executeUpdate("INSERT INTO people (name) VALUES ('rolled back')");
      st.execute("ROLLBACK");
      st.executeUpdate("INSERT INTO people (name) VALUES ('committed')");
      st.execute("COMMIT");
      st.executeUpdate("INSERT INTO people (name) VALUES ('then set 1')");
      st.execute("SET autocommit = 1");
      st.executeUpdate("INSERT INTO people (name) VALUES ('autocommitted')");
    }
    assertEquals(
        List.of(List.of("committed"), List.of("then set 1"), List.of("autocommitted")),
        DBS.mariadb().query("SELECT name FROM people ORDER BY id"));
    assertSameRows();
    assertEquals(List.of(), DualWriteSemantics.journal(url));
  }

  @Test
  void set_autocommit_0_sent_before_the_phase_turns_dual_holds_the_secondary_s_writes_too()
      throws Exception {
    String url = url(Phase.OLD);
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("SET autocommit = 0");
      st.execute("COMMIT");
      CutoverDriver.migration(url).setPhase(Phase.DUAL_OLD_PRIMARY, "test");
      st.executeUpdate("INSERT INTO people (name) VALUES ('rolled back')");
      st.execute("ROLLBACK");
      st.executeUpdate("INSERT INTO people (name) VALUES ('committed')");
      st.execute("COMMIT");
    }
    assertEquals(List.of(List.of("committed")), DBS.mariadb().query("SELECT name FROM people"));
    assertSameRows();
    assertEquals(List.of(), DualWriteSemantics.journal(url));
  }

  @Test
  void set_autocommit_0_skipped_in_a_failed_transaction_still_holds_later_ones_open()
      throws Exception {
    DBS.postgres().execute("INSERT INTO people (id, name) VALUES (100, 'taken')");
    String url = url();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("START TRANSACTION");
      st.executeUpdate("INSERT INTO people (name) VALUES ('taken')"); // fails on PostgreSQL only
      st.execute("SET autocommit = 0");
      st.execute("COMMIT");
      st.executeUpdate("INSERT INTO people (name) VALUES ('rolled back')");
      st.execute("ROLLBACK");
    }
    assertEquals(
        List.of(List.of("taken")), DBS.postgres().query("SELECT name FROM people ORDER BY id"));
    assertEquals(List.of(List.of("taken")), DBS.mariadb().query("SELECT name FROM people"));
    assertTrue(
        DualWriteSemantics.journal(url).stream().noneMatch(d -> d.sql().contains("rolled back")),
        () -> "journal");
  }

  @Test
  void a_jdbc_autocommit_switch_inside_a_sql_text_transaction_is_journaled() throws Exception {
    String url = url();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("SET autocommit = 0");
      st.executeUpdate("INSERT INTO people (name) VALUES ('a')");
      c.setAutoCommit(false);
      c.rollback();
      c.setAutoCommit(true);
    }
    assertTrue(
        DualWriteSemantics.journal(url).stream()
            .anyMatch(
                d ->
                    d.kind() == Divergence.Kind.SESSION_STATE
                        && d.sql().contains("inside a transaction opened with SQL text")),
        () -> "journal");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void drop_temporary_table_never_drops_the_permanent_table_of_that_name(Phase phase)
      throws Exception {
    String url = url(phase);
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO people (name) VALUES ('keep')");
      st.execute("DROP TEMPORARY TABLE IF EXISTS people");
      st.execute("CREATE TEMPORARY TABLE scratch (x INT)");
      st.execute("DROP TEMPORARY TABLE scratch");
    }
    assertEquals(List.of(List.of("keep")), DBS.postgres().query("SELECT name FROM people"));
    assertSameRows();
    assertEquals(List.of(), DualWriteSemantics.journal(url));
  }

  @Test
  void a_temporary_table_inside_a_transaction_commits_nothing_on_either_side() throws Exception {
    String url = url();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("START TRANSACTION");
      st.executeUpdate("INSERT INTO people (name) VALUES ('a')");
      st.execute("CREATE TEMPORARY TABLE scratch (x INT)");
      st.executeUpdate("INSERT INTO people (name) VALUES ('b')");
      st.execute("DROP TEMPORARY TABLE scratch");
      st.execute("ROLLBACK");
      c.setAutoCommit(false);
      st.executeUpdate("INSERT INTO people (name) VALUES ('c')");
      st.execute("CREATE TEMPORARY TABLE scratch2 (x INT)");
      c.rollback();
    }
    assertEquals(0L, DBS.mariadb().queryLong("SELECT count(*) FROM people"));
    assertSameRows();
    assertEquals(List.of(), DualWriteSemantics.journal(url));
  }

  @Test
  void after_the_switch_a_transaction_mariadb_committed_at_a_ddl_is_journaled_when_it_rolls_back()
      throws Exception {
    String url = withoutExtraTable(Phase.DUAL_NEW_PRIMARY);
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.executeUpdate("INSERT INTO people (name) VALUES ('undone on postgresql')");
      st.executeUpdate("CREATE TABLE extra (x INT)");
      st.executeUpdate("INSERT INTO people (name) VALUES ('undone on both')");
      c.rollback();
      st.executeUpdate("INSERT INTO people (name) VALUES ('committed')");
      c.commit();
    }
    // PostgreSQL, the primary, rolled back the DDL with the rest; MariaDB could not.
    assertEquals(
        List.of(List.of("committed")), DBS.postgres().query("SELECT name FROM people ORDER BY id"));
    assertEquals(
        List.of(List.of("undone on postgresql"), List.of("committed")),
        DBS.mariadb().query("SELECT name FROM people ORDER BY id"));
    List<Divergence> journal = implicitCommits(url, 2);
    assertTrue(
        journal.stream().anyMatch(d -> d.sql().startsWith("CREATE TABLE extra")),
        journal::toString);
  }

  @Test
  void after_the_switch_rolling_back_to_a_savepoint_before_a_ddl_journals_what_mariadb_kept()
      throws Exception {
    String url = withoutExtraTable(Phase.DUAL_NEW_PRIMARY);
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.executeUpdate("INSERT INTO people (name) VALUES ('before the savepoint')");
      java.sql.Savepoint sp = c.setSavepoint();
      st.executeUpdate("INSERT INTO people (name) VALUES ('kept by mariadb')");
      st.executeUpdate("CREATE TABLE extra (x INT)");
      st.executeUpdate("INSERT INTO people (name) VALUES ('undone on both')");
      c.rollback(sp);
      st.executeUpdate("INSERT INTO people (name) VALUES ('after')");
      c.commit();
    }
    assertEquals(
        List.of(List.of("before the savepoint"), List.of("after")),
        DBS.postgres().query("SELECT name FROM people ORDER BY id"));
    assertEquals(
        List.of(List.of("before the savepoint"), List.of("kept by mariadb"), List.of("after")),
        DBS.mariadb().query("SELECT name FROM people ORDER BY id"));
    List<Divergence> journal = implicitCommits(url, 2);
  }

  @Test
  void insert_ignore_that_skips_a_row_sends_no_made_up_ids_and_is_journaled() throws Exception {
    String url = url();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO people (name) VALUES ('b')");
      // 'b' is skipped on MariaDB: 'a' and 'c' take ids 2 and 3, not 2, 3 and 4.
      assertEquals(
          2, st.executeUpdate("INSERT IGNORE INTO people (name) VALUES ('a'), ('b'), ('c')"));
    }
    List<Divergence> journal = DualWriteSemantics.journal(url);
    assertEquals(1, journal.size(), journal::toString);
    assertEquals(Divergence.Kind.KEYS_NOT_REPLAYED, journal.get(0).kind());
    // Whatever the new side holds, no row there carries an id MariaDB gave another name.
    for (List<Object> row : DBS.postgres().query("SELECT id, name FROM people")) {
      List<List<Object>> old =
          DBS.mariadb().query("SELECT id, name FROM people WHERE id = " + row.get(0));
      assertTrue(old.isEmpty() || old.get(0).get(1).equals(row.get(1)), () -> row + " vs " + old);
    }
  }

  @Test
  void insert_ignore_and_replace_that_insert_every_row_keep_the_ids_aligned() throws Exception {
    String url = url();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT IGNORE INTO people (name) VALUES ('a'), ('b'), ('c')");
      st.executeUpdate("REPLACE INTO people (name, n) VALUES ('d', 1), ('e', 2)");
    }
    assertSameRows();
    assertTrue(DualWriteSemantics.journal(url).isEmpty(), () -> "journal");
  }

  @Test
  void a_multi_row_upsert_that_updates_a_row_is_journaled_not_misaligned() throws Exception {
    String url = url();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO people (name, n) VALUES ('b', 0)");
      st.executeUpdate(
          "INSERT INTO people (name, n) VALUES ('a', 1), ('b', 2), ('c', 3)"
              + " ON DUPLICATE KEY UPDATE n = VALUES(n)");
    }
    List<Divergence> journal = DualWriteSemantics.journal(url);
    assertEquals(1, journal.size(), journal::toString);
    assertEquals(Divergence.Kind.KEYS_NOT_REPLAYED, journal.get(0).kind());
  }

  /**
   * SQL-text autocommit and temporary tables against pooled-connection habits and phase flips, and
   * prepared multi-row INSERTs whose keys are bound NULL: the cases a review of the SET autocommit
   * and DROP TEMPORARY TABLE translations found.
   */
  @org.junit.jupiter.api.Nested
  class SqlTextAutocommit {

    /** Spring/pool: JDBC autocommit off then on ends MariaDB's SET autocommit = 0 (session = 1). */
    @Test
    void jdbc_reset_leaves_set_autocommit_0_for_a_secondary_opened_later() throws Exception {
      String url = url(Phase.OLD);
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute("SET autocommit = 0");
        st.execute("COMMIT");
        c.setAutoCommit(false);
        c.setAutoCommit(true);
        CutoverDriver.migration(url).setPhase(Phase.DUAL_OLD_PRIMARY, "test");
        st.executeUpdate("INSERT INTO people (name) VALUES ('b')");
      }
      assertEquals(List.of(List.of("b")), DBS.mariadb().query("SELECT name FROM people"));
      List<Divergence> journal = DualWriteSemantics.journal(url);
      assertTrue(
          DBS.postgres().query("SELECT name FROM people").equals(List.of(List.of("b")))
              || !journal.isEmpty(),
          () -> "PostgreSQL lost 'b' silently; journal " + journal);
    }

    /** Same, but the flip opens PostgreSQL as the primary: the application's own write is lost. */
    @Test
    void jdbc_reset_leaves_set_autocommit_0_for_a_primary_opened_after_a_flip() throws Exception {
      String url = url(Phase.OLD);
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute("SET autocommit = 0");
        st.execute("COMMIT");
        c.setAutoCommit(false);
        c.setAutoCommit(true);
        CutoverDriver.migration(url).setPhase(Phase.DUAL_OLD_PRIMARY, "test");
        CutoverDriver.migration(url).setPhase(Phase.DUAL_NEW_PRIMARY, "test");
        assertTrue(c.getAutoCommit());
        st.executeUpdate("INSERT INTO people (name) VALUES ('b')");
      }
      assertEquals(List.of(List.of("b")), DBS.postgres().query("SELECT name FROM people"));
    }

    /** MariaDB: DEFAULT is the global value (1). Remembered as "autocommit off", replayed on PG. */
    @Test
    void set_autocommit_default_breaks_the_primary_opened_after_a_flip() throws Exception {
      String url = url(Phase.OLD);
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute("SET autocommit = DEFAULT");
        CutoverDriver.migration(url).setPhase(Phase.DUAL_OLD_PRIMARY, "test");
        CutoverDriver.migration(url).setPhase(Phase.DUAL_NEW_PRIMARY, "test");
        st.executeUpdate("INSERT INTO people (name) VALUES ('b')");
      }
      assertEquals(List.of(List.of("b")), DBS.postgres().query("SELECT name FROM people"));
    }

    /** Forms MariaDB accepts, on a PostgreSQL primary. */
    @ParameterizedTest
    @ValueSource(
        strings = {
          "SET autocommit = 0 /* hold */",
          "/* app */ SET autocommit = 0",
          "SET autocommit = 0 -- hold",
          "SET @@session.autocommit=0",
          "set autocommit=off;"
        })
    void set_autocommit_forms_on_a_postgres_primary(String sql) throws Exception {
      String url = url(Phase.DUAL_NEW_PRIMARY);
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute(sql);
        st.executeUpdate("INSERT INTO people (name) VALUES ('rolled back')");
        st.execute("ROLLBACK");
      }
      assertEquals(List.of(), DBS.postgres().query("SELECT name FROM people"));
      assertEquals(List.of(), DBS.mariadb().query("SELECT name FROM people"));
    }

    /** Table names MariaDB and PostgreSQL both accept unquoted, in the driver's reserved list. */
    @ParameterizedTest
    @ValueSource(strings = {"view", "transaction", "merge"})
    void drop_temporary_table_named_like_a_keyword(String name) throws Exception {
      String url = url(Phase.DUAL_NEW_PRIMARY);
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute("CREATE TEMPORARY TABLE " + name + " (x INT)");
        st.execute("DROP TEMPORARY TABLE " + name);
      }
      assertEquals(List.of(), DualWriteSemantics.journal(url));
    }

    @Test
    void drop_temporary_table_quoted_with_a_dot() throws Exception {
      String url = url(Phase.DUAL_NEW_PRIMARY);
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute("CREATE TEMPORARY TABLE `a.b` (x INT)");
        st.execute("CREATE TEMPORARY TABLE `order` (x INT)");
        st.execute("DROP TEMPORARY TABLE IF EXISTS `a.b`, `order`");
      }
      assertEquals(List.of(), DualWriteSemantics.journal(url));
    }

    @Test
    void prepared_multi_row_insert_ignore_with_a_skipped_row() throws Exception {
      DBS.mariadb().execute("INSERT INTO people (id, name) VALUES (50, 'dup')");
      DBS.postgres().execute("INSERT INTO people (id, name) VALUES (50, 'dup')");
      String url = url(Phase.DUAL_OLD_PRIMARY);
      try (Connection c = DriverManager.getConnection(url);
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT IGNORE INTO people (id, name) VALUES (?, ?), (?, ?), (?, ?)")) {
        ps.setNull(1, Types.BIGINT);
        ps.setString(2, "x");
        ps.setNull(3, Types.BIGINT);
        ps.setString(4, "dup");
        ps.setInt(5, 0);
        ps.setString(6, "y");
        ps.executeUpdate();
      }
      List<Divergence> journal = DualWriteSemantics.journal(url);
      assertTrue(
          MigrationFixture.rows(DBS.mariadb(), "people")
                  .equals(MigrationFixture.rows(DBS.postgres(), "people"))
              || !journal.isEmpty(),
          () ->
              MigrationFixture.rows(DBS.mariadb(), "people")
                  + " vs "
                  + MigrationFixture.rows(DBS.postgres(), "people"));
    }

    @Test
    void prepared_multi_row_upsert_with_null_ids() throws Exception {
      DBS.mariadb().execute("INSERT INTO people (id, name, n) VALUES (50, 'dup', 1)");
      DBS.postgres().execute("INSERT INTO people (id, name, n) VALUES (50, 'dup', 1)");
      String url = url(Phase.DUAL_OLD_PRIMARY);
      try (Connection c = DriverManager.getConnection(url);
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO people (id, name, n) VALUES (?, ?, 1), (?, ?, 1)"
                      + " ON DUPLICATE KEY UPDATE n = VALUES(n)")) {
        ps.setNull(1, Types.BIGINT);
        ps.setString(2, "dup");
        ps.setNull(3, Types.BIGINT);
        ps.setString(4, "new");
        ps.executeUpdate();
      }
      List<Divergence> journal = DualWriteSemantics.journal(url);
      assertTrue(
          MigrationFixture.rows(DBS.mariadb(), "people")
                  .equals(MigrationFixture.rows(DBS.postgres(), "people"))
              || !journal.isEmpty(),
          () ->
              MigrationFixture.rows(DBS.mariadb(), "people")
                  + " vs "
                  + MigrationFixture.rows(DBS.postgres(), "people"));
    }

    private static void sameRowsOrJournaled(String url) throws Exception {
      List<Divergence> journal = DualWriteSemantics.journal(url);
      Object m = MigrationFixture.rows(DBS.mariadb(), "people");
      Object p = MigrationFixture.rows(DBS.postgres(), "people");
      assertTrue(m.equals(p) || !journal.isEmpty(), () -> m + " vs " + p + " journal " + journal);
    }

    /** A: SET autocommit = DEFAULT (= 1 on MariaDB) now holds every later write on PostgreSQL. */
    @Test
    void set_autocommit_default_then_dual_write_reaches_postgres() throws Exception {
      String url = url(Phase.OLD);
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute("SET autocommit = DEFAULT");
        CutoverDriver.migration(url).setPhase(Phase.DUAL_OLD_PRIMARY, "test");
        st.executeUpdate("INSERT INTO people (name) VALUES ('b')");
      }
      sameRowsOrJournaled(url);
    }

    /** A, async. */
    @Test
    void async_set_autocommit_default_then_dual_write_reaches_postgres() throws Exception {
      String url =
          MigrationFixture.writeConfig(
              DBS.mariadb(), DBS.postgres(), Phase.OLD, "dualWrite: { mode: async }\n");
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute("SET autocommit = DEFAULT");
        CutoverDriver.migration(url).setPhase(Phase.DUAL_OLD_PRIMARY, "test");
        st.executeUpdate("INSERT INTO people (name) VALUES ('b')");
        st.executeUpdate("INSERT INTO people (name) VALUES ('c')");
      }
      Thread.sleep(500);
      sameRowsOrJournaled(url);
    }

    /**
     * C: MariaDB's START TRANSACTION commits what SET autocommit = 0 held; PostgreSQL's does not.
     */
    @Test
    void start_transaction_inside_set_autocommit_0_commits_the_held_writes() throws Exception {
      String url = url(Phase.DUAL_OLD_PRIMARY);
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute("SET autocommit = 0");
        st.executeUpdate("INSERT INTO people (name) VALUES ('a')");
        st.execute("START TRANSACTION");
        st.executeUpdate("INSERT INTO people (name) VALUES ('b')");
        st.execute("ROLLBACK");
      }
      sameRowsOrJournaled(url);
    }

    /** D: DDL under SET autocommit = 0 commits itself on MariaDB; PostgreSQL keeps it open. */
    @Test
    void ddl_under_set_autocommit_0_is_committed_on_both() throws Exception {
      DBS.mariadb().execute("INSERT INTO people (name) VALUES ('a')");
      DBS.postgres().execute("INSERT INTO people (name) VALUES ('a')");
      String url = url(Phase.DUAL_OLD_PRIMARY);
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute("SET autocommit = 0");
        st.execute("TRUNCATE TABLE people");
        st.execute("ROLLBACK");
      }
      sameRowsOrJournaled(url);
    }

    /** K: a PostgreSQL primary opened after the flip is not given SET autocommit = 0. */
    @Test
    void postgres_primary_opened_after_a_flip_holds_writes_under_set_autocommit_0()
        throws Exception {
      String url = url(Phase.OLD);
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute("SET autocommit = 0");
        CutoverDriver.migration(url).setPhase(Phase.DUAL_OLD_PRIMARY, "test");
        CutoverDriver.migration(url).setPhase(Phase.DUAL_NEW_PRIMARY, "test");
        st.executeUpdate("INSERT INTO people (name) VALUES ('b')");
        st.execute("ROLLBACK");
      }
      sameRowsOrJournaled(url);
      assertTrue(
          MigrationFixture.rows(DBS.postgres(), "people").isEmpty(), "app's ROLLBACK ignored");
    }

    /** K': same, with a savepoint: an error the application did not get before. */
    @Test
    void savepoint_after_a_flip_under_set_autocommit_0() throws Exception {
      String url = url(Phase.OLD);
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute("SET autocommit = 0");
        CutoverDriver.migration(url).setPhase(Phase.DUAL_OLD_PRIMARY, "test");
        CutoverDriver.migration(url).setPhase(Phase.DUAL_NEW_PRIMARY, "test");
        st.execute("SAVEPOINT s1");
        st.executeUpdate("INSERT INTO people (name) VALUES ('b')");
        st.execute("ROLLBACK TO SAVEPOINT s1");
        st.execute("COMMIT");
      }
      sameRowsOrJournaled(url);
    }

    /** G: a statement failing on PostgreSQL while SET autocommit = 0 holds the transaction. */
    @Test
    void secondary_failure_under_set_autocommit_0_is_journaled() throws Exception {
      DBS.postgres().execute("INSERT INTO people (id, name) VALUES (100, 'dup')");
      String url = url(Phase.DUAL_OLD_PRIMARY);
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute("SET autocommit = 0");
        st.executeUpdate("INSERT INTO people (name) VALUES ('dup')");
        st.executeUpdate("INSERT INTO people (name) VALUES ('x')");
        st.execute("COMMIT");
        st.executeUpdate("INSERT INTO people (name) VALUES ('y')");
        st.execute("COMMIT");
      }
      List<Divergence> journal = DualWriteSemantics.journal(url);
      assertTrue(
          journal.stream().anyMatch(d -> d.kind() == Divergence.Kind.SECONDARY_ERROR),
          journal::toString);
      assertTrue(
          journal.stream().anyMatch(d -> d.kind() == Divergence.Kind.SKIPPED_TRANSACTION_ABORTED),
          journal::toString);
      // The next transaction is mirrored again.
      assertTrue(
          DBS.postgres().query("SELECT name FROM people").contains(List.of("y")),
          journal::toString);
    }
  }
}
