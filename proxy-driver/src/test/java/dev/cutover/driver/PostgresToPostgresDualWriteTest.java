package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dual-write semantics between two PostgreSQL databases (a version or host move). */
class PostgresToPostgresDualWriteTest extends DualWriteSemantics {
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

  @Test
  void a_grouped_secondary_connection_whose_autocommit_cannot_be_restored_is_replaced()
      throws Exception {
    String url =
        MigrationFixture.writeConfig(
            oldDb().url(),
            oldDb(),
            FailingRestoreDriver.url(newDb().url()),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "dualWrite: { mode: async, queueCapacity: 100000 }\n");
    Migration m = CutoverDriver.migration(url);
    Connection lock = lockNewAccounts();
    try (Connection c = open(url);
        PreparedStatement ins =
            c.prepareStatement("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)")) {
      for (int i = 1; i <= 10; i++) {
        ins.setInt(1, i);
        ins.setString(2, "g" + i);
        ins.setBigDecimal(3, BigDecimal.ONE);
        ins.executeUpdate();
      }
      // The group's commit succeeds; restoring autocommit on its connection afterwards fails.
      FailingRestoreDriver.FAILURES.set(1);
      unlock(lock);
      drain(m);
      assertEquals(0, FailingRestoreDriver.FAILURES.get(), "the restore was attempted");
      // A later write alone must not run on the connection left with autocommit off, where it
      // would never be committed.
      ins.setInt(1, 11);
      ins.setString(2, "after");
      ins.setBigDecimal(3, BigDecimal.ONE);
      ins.executeUpdate();
      drain(m);
      assertEquals(11, newDb().queryLong("SELECT COUNT(*) FROM accounts"));
    } finally {
      FailingRestoreDriver.FAILURES.set(0);
      if (!lock.isClosed()) {
        unlock(lock);
      }
    }
    assertSameRows("accounts");
    assertEquals(List.of(), journal(url));
  }

  @Test
  void an_update_returning_rows_is_applied_on_the_secondary_too() throws Exception {
    String url = config(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = open(url);
        java.sql.Statement st = c.createStatement();
        PreparedStatement up =
            c.prepareStatement(
                "UPDATE accounts SET balance = balance + ? WHERE id = ? RETURNING balance")) {
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (1, 'r', 10)");
      up.setBigDecimal(1, BigDecimal.ONE);
      up.setInt(2, 1);
      try (java.sql.ResultSet rs = up.executeQuery()) {
        rs.next();
        assertEquals(0, new BigDecimal("11").compareTo(rs.getBigDecimal(1)));
      }
      up.setBigDecimal(1, BigDecimal.TEN);
      up.setInt(2, 1);
      assertTrue(up.execute(), "returns rows");
      up.getResultSet().close();
      try (java.sql.ResultSet rs =
          st.executeQuery("DELETE FROM accounts WHERE balance > 100 RETURNING id")) {
        assertFalse(rs.next());
      }
    }
    assertEquals(
        0,
        new BigDecimal("21")
            .compareTo(
                new BigDecimal(newDb().queryLong("SELECT balance FROM accounts WHERE id = 1"))));
    assertSameRows("accounts");
    assertEquals(List.of(), journal(url));
  }

  @Test
  // MariaDB Connector/J does not apply setMaxFieldSize; pgjdbc does.
  void statement_settings_follow_the_statement_to_the_new_primary_after_a_flip() throws Exception {
    oldDb().execute("INSERT INTO accounts (id, owner, balance) VALUES (1, 'abcdef', 1)");
    newDb().execute("INSERT INTO accounts (id, owner, balance) VALUES (1, 'abcdef', 1)");
    String url = config(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      st.setMaxFieldSize(3);
      st.setMaxRows(1);
      try (ResultSet rs = st.executeQuery("SELECT owner FROM accounts")) {
        assertTrue(rs.next());
        assertEquals("abc", rs.getString(1));
      }
      CutoverDriver.migration(url).setPhase(Phase.DUAL_NEW_PRIMARY, "test");
      // The statement now runs on a physical statement of the new side, created after the
      // settings: they must reach it.
      try (ResultSet rs = st.executeQuery("SELECT owner FROM accounts")) {
        assertTrue(rs.next());
        assertEquals("abc", rs.getString(1));
      }
      assertEquals(3, st.getMaxFieldSize());
    }
  }

  /**
   * Keys PostgreSQL draws by itself: a UUID default, nextval('seq') written in the statement for a
   * serial column, and for a plain bigint key (Hibernate's SEQUENCE ids). Each side drew its own
   * before, silently; the secondary now gets the primary's, and the named sequence is moved past
   * them so that the switch does not collide.
   */
  @Test
  void keys_drawn_from_uuid_defaults_and_named_sequences_are_the_primary_s_on_both()
      throws Exception {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(
          "DROP TABLE IF EXISTS pu",
          "DROP TABLE IF EXISTS ps",
          "DROP TABLE IF EXISTS pn",
          "DROP SEQUENCE IF EXISTS pn_seq",
          "CREATE TABLE pu (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), v text)",
          "CREATE TABLE ps (id serial PRIMARY KEY, v text)",
          "CREATE SEQUENCE pn_seq",
          "CREATE TABLE pn (id bigint PRIMARY KEY, v text)");
    }
    newDb().execute("SELECT setval('ps_id_seq', 500)", "SELECT setval('pn_seq', 500)");
    String url = MigrationFixture.writeConfig(oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = open(url);
        Statement st = c.createStatement();
        PreparedStatement pn =
            c.prepareStatement("INSERT INTO pn (id, v) VALUES (nextval('pn_seq'), ?)")) {
      st.executeUpdate("INSERT INTO pu (v) VALUES ('a')");
      st.executeUpdate("INSERT INTO pu (v) VALUES ('b'), ('c')");
      st.executeUpdate("INSERT INTO ps (id, v) VALUES (nextval('ps_id_seq'), 'x')");
      for (String v : List.of("p", "q")) {
        pn.setString(1, v);
        pn.executeUpdate();
      }
    }
    assertEquals(List.of(), journal(url));
    for (String table : List.of("pu", "ps", "pn")) {
      assertSameRows(table);
    }
    // The new side's sequence is past the copied ids: its next one collides with none.
    long next = newDb().queryLong("SELECT nextval('pn_seq')");
    assertTrue(next > oldDb().queryLong("SELECT max(id) FROM pn"), "next " + next);
  }

  /**
   * An INSERT inside a WITH query into a serial table: each side drew its own ids, silently (the
   * new side's sequence here stands at 500). Now it is not sent and journaled for repair; a WITH
   * INSERT into a table without a generated key is sent as before.
   */
  @Test
  void an_insert_inside_with_into_a_generated_key_table_is_journaled_not_sent_with_other_ids()
      throws Exception {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(
          "DROP TABLE IF EXISTS wc",
          "DROP TABLE IF EXISTS wp",
          "CREATE TABLE wc (id serial PRIMARY KEY, v text)",
          "CREATE TABLE wp (id bigint PRIMARY KEY, v text)");
    }
    newDb().execute("SELECT setval('wc_id_seq', 500)");
    String url = MigrationFixture.writeConfig(oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = open(url);
        Statement st = c.createStatement();
        PreparedStatement ps =
            c.prepareStatement(
                "WITH n AS (INSERT INTO wc (v) VALUES (?) RETURNING id) SELECT id FROM n")) {
      try (ResultSet rs =
          st.executeQuery(
              "WITH n AS (INSERT INTO wc (v) VALUES ('a') RETURNING id) SELECT id FROM n")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getLong(1));
      }
      ps.setString(1, "b");
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(2, rs.getLong(1));
      }
      st.execute("WITH n AS (INSERT INTO wp VALUES (7, 'p') RETURNING id) SELECT id FROM n");
    }
    assertEquals(0, newDb().queryLong("SELECT count(*) FROM wc"), "no row with another id");
    assertSameRows("wp");
    List<Divergence> journal = journal(url);
    assertEquals(2, journal.size(), journal::toString);
    for (Divergence d : journal) {
      assertEquals(Divergence.Kind.KEYS_NOT_REPLAYED, d.kind());
      assertTrue(d.tables().contains("wc"), d::toString);
    }
    assertTrue(
        journal.stream().anyMatch(d -> d.parameters().equals(List.of("b"))),
        "the parameters are kept for repair: " + journal);
  }

  /**
   * Settings made with {@code SELECT set_config(...)} (a tenant for row-level security or for
   * defaults, a search_path) reached the primary's session only: the secondary wrote another
   * schema's table and another default, silently.
   */
  @Test
  void a_setting_made_with_set_config_reaches_the_secondary_session() throws Exception {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(
          "DROP SCHEMA IF EXISTS tenant_a CASCADE",
          "DROP TABLE IF EXISTS sc",
          "CREATE SCHEMA tenant_a",
          "CREATE TABLE tenant_a.sc (id int PRIMARY KEY,"
              + " who text DEFAULT current_setting('app.user', true))",
          "CREATE TABLE sc (id int PRIMARY KEY, who text DEFAULT current_setting('app.user', true))");
    }
    String url = MigrationFixture.writeConfig(oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = open(url);
        Statement st = c.createStatement();
        PreparedStatement user = c.prepareStatement("SELECT set_config('app.user', ?, false)")) {
      st.executeUpdate("INSERT INTO sc (id) VALUES (1)");
      user.setString(1, "o'brien \\ x");
      try (ResultSet rs = user.executeQuery()) {
        assertTrue(rs.next());
      }
      st.executeQuery("SELECT set_config('search_path', 'tenant_a, public', false)").close();
      st.executeUpdate("INSERT INTO sc (id) VALUES (2)");
      // A negative number written in as a literal (-5::text was -(5::text), an error).
      try (PreparedStatement n =
          c.prepareStatement("SELECT set_config('app.user', ?::text, false)")) {
        n.setInt(1, -5);
        n.executeQuery().close();
      }
      st.executeUpdate("INSERT INTO sc (id) VALUES (3)");
      // Transaction-local: in the transaction on both, gone after it on both.
      c.setAutoCommit(false);
      st.executeQuery("SELECT set_config('app.user', 'in tx', true)").close();
      st.executeUpdate("INSERT INTO sc (id) VALUES (4)");
      c.commit();
      c.setAutoCommit(true);
      st.executeUpdate("INSERT INTO sc (id) VALUES (5)");
    }
    assertEquals(List.of(), journal(url));
    assertEquals(
        List.of(List.of("o'brien \\ x")),
        newDb().query("SELECT who FROM tenant_a.sc WHERE id = 2"));
    assertEquals(
        List.of(List.of(3, "-5"), List.of(4, "in tx"), List.of(5, "-5")),
        newDb().query("SELECT id, who FROM tenant_a.sc WHERE id > 2 ORDER BY id"));
    assertSameRows("tenant_a.sc");
    assertSameRows("public.sc");
  }

  /**
   * PostgreSQL undoes a {@code SET} (or {@code set_config(..., false)}) with the transaction or
   * savepoint it ran in, and a {@code SET LOCAL} at its transaction's end. The driver kept every
   * one for the connections it opens later: the secondary opened after them wrote another schema's
   * table with another default, silently.
   */
  @Test
  void a_setting_rolled_back_on_the_primary_is_not_given_to_connections_opened_later()
      throws Exception {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(
          "DROP SCHEMA IF EXISTS tenant_r CASCADE",
          "DROP TABLE IF EXISTS sr",
          "CREATE SCHEMA tenant_r",
          "CREATE TABLE tenant_r.sr (id int PRIMARY KEY,"
              + " who text DEFAULT current_setting('app.user', true))",
          "CREATE TABLE sr (id int PRIMARY KEY, who text DEFAULT current_setting('app.user', true))");
    }
    // Phase OLD: nothing opens the new side until the move to a dual phase below.
    String url = MigrationFixture.writeConfig(oldDb(), newDb(), Phase.OLD, "");
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.executeUpdate("INSERT INTO sr (id) VALUES (1)");
      st.executeQuery("SELECT set_config('app.user', 'kept', false)").close();
      c.commit();
      java.sql.Savepoint sp = c.setSavepoint();
      st.execute("SET search_path TO tenant_r, public");
      c.rollback(sp);
      st.execute("SAVEPOINT s2");
      st.executeQuery("SELECT set_config('app.user', 'rolled back', false)").close();
      st.execute("ROLLBACK TO SAVEPOINT s2");
      st.execute("SET LOCAL search_path TO tenant_r, public");
      c.commit();
      c.setAutoCommit(true);
      st.execute("BEGIN");
      st.execute("SET search_path = tenant_r, public");
      st.execute("ROLLBACK");
      c.setAutoCommit(false);
      st.execute("SET search_path = tenant_r, public");
      c.rollback();
      CutoverDriver.migration(url).setPhase(Phase.DUAL_OLD_PRIMARY, "test");
      // The new side's connection opens here, in a transaction.
      st.executeUpdate("INSERT INTO sr (id) VALUES (2)");
      c.commit();
    }
    assertEquals(List.of(), journal(url));
    assertEquals(List.of(List.of(2, "kept")), newDb().query("SELECT id, who FROM public.sr"));
    assertEquals(0, newDb().queryLong("SELECT count(*) FROM tenant_r.sr"));
    assertEquals(
        List.of(List.of(2, "kept")), oldDb().query("SELECT id, who FROM public.sr WHERE id = 2"));
  }

  /**
   * Applications built on PL/pgSQL functions write with {@code SELECT add_order(?, ?)}: a query, so
   * it reached the primary only and the new side silently missed the rows. A volatile function of
   * the application's (the catalog says which) makes the query a write, replayed on the secondary;
   * one created through the driver is seen at once.
   */
  @Test
  void a_function_that_writes_called_from_a_select_is_dual_written() throws Exception {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(
          "DROP TABLE IF EXISTS fo",
          "DROP FUNCTION IF EXISTS add_fo(int, text)",
          "DROP FUNCTION IF EXISTS \"Add_Fo2\"(int)",
          "CREATE TABLE fo (id int PRIMARY KEY, v text)",
          "CREATE FUNCTION add_fo(i int, t text) RETURNS int LANGUAGE sql"
              + " AS 'INSERT INTO fo VALUES (i, t) RETURNING id'");
    }
    oldDb()
        .execute(
            "DROP FUNCTION IF EXISTS only_old(int)",
            "CREATE FUNCTION only_old(i int) RETURNS int LANGUAGE plpgsql AS"
                + " $$ BEGIN RETURN i; END $$");
    String url = MigrationFixture.writeConfig(oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = open(url);
        Statement st = c.createStatement();
        PreparedStatement ps = c.prepareStatement("SELECT add_fo(?, ?)")) {
      ps.setInt(1, 1);
      ps.setString(2, "a");
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
      }
      try (ResultSet rs = st.executeQuery("select public.ADD_FO(2, 'b') AS id")) {
        assertTrue(rs.next());
        assertEquals(2, rs.getInt(1));
      }
      // Prepared before the function exists; created through the driver (on both sides), then
      // called at once.
      try (PreparedStatement later = c.prepareStatement("SELECT \"Add_Fo2\"(?)")) {
        st.execute(
            "CREATE FUNCTION \"Add_Fo2\"(i int) RETURNS int LANGUAGE plpgsql AS"
                + " $$ BEGIN INSERT INTO fo VALUES (i, 'c'); RETURN i; END $$");
        st.executeQuery("SELECT \"Add_Fo2\"(3)").close();
        later.setInt(1, 4);
        later.executeQuery().close();
      }
      // A volatile function only the old side has stays a read: nothing to replay, nothing to
      // fail in the secondary's transaction.
      c.setAutoCommit(false);
      st.executeQuery("SELECT only_old(1)").close();
      st.executeUpdate("INSERT INTO fo VALUES (5, 'e')");
      c.commit();
      c.setAutoCommit(true);
    }
    assertEquals(List.of(), journal(url));
    assertEquals(5, newDb().queryLong("SELECT count(*) FROM fo"));
    assertSameRows("fo");
  }

  /**
   * The INSERT of a WITH statement is what decides, not the first table it writes: a main INSERT
   * into a serial table after a DELETE in a CTE drew its own ids on the secondary, silently; an
   * UPDATE of a serial table beside an INSERT into a table with explicit ids was refused (found by
   * review).
   */
  @Test
  void a_with_statement_is_refused_by_the_keys_of_the_tables_it_inserts_into() throws Exception {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(
          "DROP TABLE IF EXISTS wc",
          "DROP TABLE IF EXISTS wp",
          "DROP TABLE IF EXISTS wq",
          "CREATE TABLE wc (id serial PRIMARY KEY, v text)",
          "CREATE TABLE wp (id bigint PRIMARY KEY, v text)",
          "CREATE TABLE wq (id int PRIMARY KEY, v text)",
          "INSERT INTO wc (id, v) VALUES (1, 'x')",
          "INSERT INTO wq VALUES (1, 'q'), (2, 'r')");
    }
    oldDb().execute("SELECT setval('wc_id_seq', 1)");
    newDb().execute("SELECT setval('wc_id_seq', 500)");
    String url = MigrationFixture.writeConfig(oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = open(url);
        Statement st = c.createStatement();
        PreparedStatement ps =
            c.prepareStatement(
                "WITH u AS (UPDATE wq SET v = ? WHERE id = 2 RETURNING v)"
                    + " INSERT INTO wc (v) SELECT v FROM u")) {
      st.executeUpdate(
          "WITH d AS (DELETE FROM wq WHERE id = 1 RETURNING v) INSERT INTO wc (v) SELECT v FROM d");
      ps.setString(1, "s");
      ps.executeUpdate();
      st.execute(
          "WITH u AS (UPDATE wc SET v = 'u' WHERE id = 1 RETURNING id),"
              + " i AS (INSERT INTO wp VALUES (9, 'p') RETURNING id) SELECT 1");
    }
    assertEquals(
        List.of(List.of(1L)), newDb().query("SELECT count(*) FROM wc"), "none of 501, 502");
    assertSameRows("wp");
    assertEquals(List.of(List.of("u")), newDb().query("SELECT v FROM wc WHERE id = 1"));
    List<Divergence> journal = journal(url);
    assertEquals(2, journal.size(), journal::toString);
    for (Divergence d : journal) {
      assertEquals(Divergence.Kind.KEYS_NOT_REPLAYED, d.kind(), d::toString);
    }
  }

  /**
   * A table whose quoted name has capitals ({@code "Items"}, as Prisma and quoted-identifier ORMs
   * create them): its generated ids are the primary's on both sides.
   */
  @Test
  void a_mixed_case_table_s_generated_ids_are_the_primary_s_on_both() throws Exception {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(
          "DROP TABLE IF EXISTS \"Items\"",
          "CREATE TABLE \"Items\" (id serial PRIMARY KEY, name text)");
    }
    newDb().execute("SELECT setval('\"Items_id_seq\"', 500)");
    String url = MigrationFixture.writeConfig(oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = open(url);
        Statement st = c.createStatement();
        PreparedStatement ps = c.prepareStatement("INSERT INTO \"Items\" (name) VALUES (?)")) {
      st.executeUpdate("INSERT INTO \"Items\" (name) VALUES ('a')");
      ps.setString(1, "b");
      ps.executeUpdate();
      st.execute(
          "WITH n AS (INSERT INTO \"Items\" (name) VALUES ('c') RETURNING id) SELECT id FROM n");
    }
    assertEquals(
        List.of(List.of(1, "a"), List.of(2, "b")),
        newDb().query("SELECT id, name FROM \"Items\" ORDER BY id"),
        "the primary's ids; the WITH insert journaled, not sent with another id");
    List<Divergence> journal = journal(url);
    assertEquals(1, journal.size(), journal::toString);
    assertEquals(Divergence.Kind.KEYS_NOT_REPLAYED, journal.get(0).kind());
  }

  /**
   * {@code GENERATED ALWAYS AS IDENTITY} (pg_dump keeps it; modern schemas use it) refused the ids
   * copied to the secondary, so every insert was journaled: the secondary is now sent {@code
   * OVERRIDING SYSTEM VALUE} for such a table, for copied ids and for ids the application gives
   * (the primary's column being {@code BY DEFAULT}).
   */
  @Test
  void a_generated_always_identity_on_the_secondary_takes_the_primary_s_ids() throws Exception {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute("DROP TABLE IF EXISTS ga");
    }
    oldDb()
        .execute("CREATE TABLE ga (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v text)");
    newDb()
        .execute(
            "CREATE TABLE ga (id int GENERATED ALWAYS AS IDENTITY (START WITH 500) PRIMARY KEY,"
                + " v text)");
    String url = MigrationFixture.writeConfig(oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = open(url);
        Statement st = c.createStatement();
        PreparedStatement ps = c.prepareStatement("INSERT INTO ga (v) VALUES (?), (?)")) {
      st.executeUpdate("INSERT INTO ga (v) VALUES ('a')");
      ps.setString(1, "b");
      ps.setString(2, "c");
      ps.executeUpdate();
      st.executeUpdate("INSERT INTO ga (id, v) VALUES (100, 'd')");
      try (PreparedStatement given = c.prepareStatement("INSERT INTO ga (id, v) VALUES (?, ?)")) {
        given.setInt(1, 101);
        given.setString(2, "e");
        given.executeUpdate();
      }
    }
    // Found by review: a name to_regclass refuses ("my table") must not fail the secondary's
    // transaction, a mixed-case table and a statement batch take the ids too.
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(
          "DROP TABLE IF EXISTS \"my table\"",
          "DROP TABLE IF EXISTS \"Orders\"",
          "CREATE TABLE \"my table\" (id int PRIMARY KEY, v text)");
    }
    oldDb().execute("CREATE TABLE \"Orders\" (id int PRIMARY KEY, v text)");
    newDb()
        .execute(
            "CREATE TABLE \"Orders\" (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text)");
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.executeUpdate("INSERT INTO \"my table\" VALUES (1, 'a')");
      st.executeUpdate("INSERT INTO \"Orders\" (id, v) VALUES (100, 'b')");
      st.addBatch("INSERT INTO ga (id, v) VALUES (200, 'f')");
      st.addBatch("INSERT INTO ga (id, v) VALUES (201, 'g')");
      st.executeBatch();
      c.commit();
    }
    assertEquals(List.of(), journal(url));
    assertSameRows("ga");
    assertSameRows("\"my table\"");
    assertSameRows("\"Orders\"");
    // Moved past the copied ids: the new side's next id collides with none.
    assertTrue(newDb().queryLong("SELECT nextval(pg_get_serial_sequence('ga', 'id'))") > 201);
  }

  /**
   * More of the ways PostgreSQL undoes a {@code SET} than a {@code rollback()}: a commit of a
   * transaction a failed statement aborted (PostgreSQL answers it with ROLLBACK, no error), a text
   * {@code ROLLBACK TO} a savepoint set through JDBC, {@code ROLLBACK AND CHAIN}, savepoint text
   * with comments. The driver kept the {@code SET}: the new side's connection opened later wrote to
   * the other schema's table.
   */
  interface SessionScenario {
    void run(Connection c, Statement st) throws Exception;
  }

  private void undoScenario(SessionScenario s) throws Exception {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(
          "DROP SCHEMA IF EXISTS tenant_h CASCADE",
          "DROP TABLE IF EXISTS sh",
          "CREATE SCHEMA tenant_h",
          "CREATE TABLE tenant_h.sh (id int PRIMARY KEY)",
          "CREATE TABLE sh (id int PRIMARY KEY)");
    }
    String url = MigrationFixture.writeConfig(oldDb(), newDb(), Phase.OLD, "");
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      s.run(c, st);
      c.setAutoCommit(true);
      CutoverDriver.migration(url).setPhase(Phase.DUAL_OLD_PRIMARY, "test");
      st.executeUpdate("INSERT INTO sh (id) VALUES (2)");
    }
    assertEquals(List.of(List.of(2)), oldDb().query("SELECT id FROM public.sh"));
    assertEquals(List.of(List.of(2)), newDb().query("SELECT id FROM public.sh"));
  }

  @Test
  void a_text_commit_of_an_aborted_transaction_forgets_its_set() throws Exception {
    undoScenario(
        (c, st) -> {
          st.execute("BEGIN");
          st.execute("SET search_path = tenant_h, public");
          try {
            st.execute("SELECT 1/0");
          } catch (java.sql.SQLException expected) {
            // The transaction is aborted.
          }
          try {
            st.execute("COMMIT");
          } catch (java.sql.SQLException e) {
            throw new AssertionError("PostgreSQL answers it with ROLLBACK, not an error", e);
          }
        });
  }

  @Test
  void a_jdbc_commit_of_an_aborted_transaction_forgets_its_set() throws Exception {
    undoScenario(
        (c, st) -> {
          c.setAutoCommit(false);
          st.execute("SET search_path = tenant_h, public");
          try {
            st.execute("SELECT 1/0");
          } catch (java.sql.SQLException expected) {
            // The transaction is aborted.
          }
          try {
            c.commit();
          } catch (java.sql.SQLException e) {
            throw new AssertionError("pgjdbc reports no error for it", e);
          }
        });
  }

  @Test
  void a_text_rollback_to_a_jdbc_savepoint_forgets_the_set_after_it() throws Exception {
    undoScenario(
        (c, st) -> {
          c.setAutoCommit(false);
          c.setSavepoint("p1");
          st.execute("SET search_path = tenant_h, public");
          st.execute("ROLLBACK TO SAVEPOINT p1");
          c.commit();
        });
  }

  @Test
  void savepoint_text_with_comments_is_followed() throws Exception {
    undoScenario(
        (c, st) -> {
          c.setAutoCommit(false);
          st.execute("/* app */ SAVEPOINT s1");
          st.execute("SET search_path = tenant_h, public");
          st.execute("ROLLBACK TO SAVEPOINT s1 -- undo");
          c.commit();
        });
  }

  @Test
  void a_rollback_and_chain_forgets_its_set() throws Exception {
    undoScenario(
        (c, st) -> {
          st.execute("BEGIN");
          st.execute("SET search_path = tenant_h, public");
          st.execute("ROLLBACK AND CHAIN");
          st.execute("COMMIT");
        });
  }
}
