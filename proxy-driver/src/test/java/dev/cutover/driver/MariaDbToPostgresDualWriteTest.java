package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Dual-write semantics from MariaDB (old) to PostgreSQL (new). */
class MariaDbToPostgresDualWriteTest extends DualWriteSemantics {
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
  void mysql_dialect_statements_are_translated_for_postgresql() throws Exception {
    String url = config(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO `accounts` (`id`, `owner`, balance) VALUES (1, 'it\\'s \"here\"', 1.5)"
              + " # trailing MySQL comment");
      st.executeUpdate("UPDATE `accounts` SET `balance` = balance + 1 WHERE `owner` LIKE 'it%'");
      st.executeUpdate("DELETE FROM accounts WHERE id IN (SELECT id FROM (SELECT 2 AS id) x)");
    }
    assertSameRows("accounts");
    assertEquals(List.of(List.of("it's \"here\"")), newDb().query("SELECT owner FROM accounts"));
    assertEquals(List.of(), journal(url));
  }

  /**
   * A MariaDB stored function that writes, called from a query ({@code SELECT add_order(?, ?)}),
   * reached the old database only: the new side silently missed the rows. It is dual-written when
   * the new side has a (ported, volatile) function of that name; a function only MariaDB has stays
   * a read.
   */
  @Test
  void a_stored_function_that_writes_called_from_a_select_is_dual_written() throws Exception {
    oldDb()
        .execute(
            "DROP TABLE IF EXISTS mfo",
            "DROP FUNCTION IF EXISTS add_mfo",
            "DROP FUNCTION IF EXISTS only_old",
            "CREATE TABLE mfo (id INT PRIMARY KEY, v VARCHAR(20))",
            // Declared READS SQL DATA, as legacy schemas often are: MariaDB does not enforce it.
            "CREATE FUNCTION add_mfo(i INT, t VARCHAR(20)) RETURNS INT READS SQL DATA"
                + " BEGIN INSERT INTO mfo VALUES (i, t); RETURN i; END",
            "CREATE FUNCTION only_old(i INT) RETURNS INT DETERMINISTIC RETURN i + 1");
    newDb()
        .execute(
            "DROP TABLE IF EXISTS mfo",
            "DROP FUNCTION IF EXISTS add_mfo(int, text)",
            "CREATE TABLE mfo (id int PRIMARY KEY, v varchar(20))",
            "CREATE FUNCTION add_mfo(i int, t text) RETURNS int LANGUAGE sql"
                + " AS 'INSERT INTO mfo VALUES (i, t) RETURNING id'");
    String url = config(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = open(url);
        Statement st = c.createStatement();
        java.sql.PreparedStatement ps = c.prepareStatement("SELECT add_mfo(?, ?)")) {
      ps.setInt(1, 1);
      ps.setString(2, "a");
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
      }
      try (java.sql.ResultSet rs = st.executeQuery("SELECT ADD_MFO(2, 'b') AS id")) {
        assertTrue(rs.next());
        assertEquals(2, rs.getInt(1));
      }
      try (java.sql.ResultSet rs = st.executeQuery("SELECT only_old(41)")) {
        assertTrue(rs.next());
        assertEquals(42, rs.getInt(1));
      }
    }
    assertSameRows("mfo");
    assertEquals(2, newDb().queryLong("SELECT count(*) FROM mfo"));
    assertEquals(List.of(), journal(url));
  }

  /**
   * MariaDB keeps a {@code SET} when the transaction it ran in rolls back; PostgreSQL undoes it.
   * The PostgreSQL side then read zone-less times in another zone than MariaDB for the rest of the
   * connection: the same text stored other instants, silently. The driver gives the PostgreSQL side
   * the transaction's settings again after a rollback.
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void a_setting_mariadb_keeps_through_a_rollback_stays_on_postgresql(Phase phase)
      throws Exception {
    oldDb()
        .execute(
            "DROP TABLE IF EXISTS tzr", "CREATE TABLE tzr (id INT PRIMARY KEY, at TIMESTAMP NULL)");
    newDb()
        .execute(
            "DROP TABLE IF EXISTS tzr", "CREATE TABLE tzr (id int PRIMARY KEY, at timestamptz)");
    String zone =
        java.time.ZoneId.systemDefault()
                    .getRules()
                    .getOffset(java.time.Instant.now())
                    .getTotalSeconds()
                == 5 * 3600
            ? "+07:00"
            : "+05:00";
    String url = config(phase);
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.executeUpdate("INSERT INTO tzr (id, at) VALUES (1, '2024-01-01 10:00:00')");
      st.execute("SET time_zone = '" + zone + "'");
      c.rollback();
      st.executeUpdate("INSERT INTO tzr (id, at) VALUES (2, '2024-01-01 10:00:00')");
      c.commit();
      st.execute("SAVEPOINT s1");
      st.execute("SET time_zone = '+00:00'");
      st.execute("ROLLBACK TO SAVEPOINT s1");
      st.executeUpdate("INSERT INTO tzr (id, at) VALUES (3, '2024-01-01 10:00:00')");
      c.commit();
      c.setAutoCommit(true);
      st.execute("START TRANSACTION");
      st.execute("SET time_zone = '" + zone + "'");
      st.execute("ROLLBACK");
      st.executeUpdate("INSERT INTO tzr (id, at) VALUES (4, '2024-01-01 10:00:00')");
    }
    List<List<Object>> mariadb = new java.util.ArrayList<>();
    for (List<Object> row : oldDb().query("SELECT id, UNIX_TIMESTAMP(at) FROM tzr ORDER BY id")) {
      mariadb.add(List.of(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue()));
    }
    List<List<Object>> postgres = new java.util.ArrayList<>();
    for (List<Object> row :
        newDb().query("SELECT id, CAST(extract(epoch FROM at) AS bigint) FROM tzr ORDER BY id")) {
      postgres.add(List.of(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue()));
    }
    assertEquals(3, mariadb.size());
    assertEquals(mariadb, postgres);
    assertEquals(List.of(), journal(url));
  }

  /**
   * {@code SET autocommit = 1} commits the transaction {@code SET autocommit = 0} opened: its
   * settings are no longer the transaction's, and a later rollback must not give PostgreSQL them
   * again over a setting made since.
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void a_setting_of_a_committed_transaction_is_not_redone_at_a_later_rollback(Phase phase)
      throws Exception {
    oldDb()
        .execute(
            "DROP TABLE IF EXISTS tzr", "CREATE TABLE tzr (id INT PRIMARY KEY, at TIMESTAMP NULL)");
    newDb()
        .execute(
            "DROP TABLE IF EXISTS tzr", "CREATE TABLE tzr (id int PRIMARY KEY, at timestamptz)");
    String url = config(phase);
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      st.execute("SET autocommit = 0");
      st.execute("SET time_zone = '+05:00'");
      st.execute("SET autocommit = 1");
      st.execute("SET time_zone = '+01:00'");
      st.execute("START TRANSACTION");
      st.executeUpdate("INSERT INTO tzr (id, at) VALUES (1, '2024-01-01 10:00:00')");
      st.execute("ROLLBACK");
      st.executeUpdate("INSERT INTO tzr (id, at) VALUES (2, '2024-01-01 10:00:00')");
      // MySQL commits the open transaction before DDL: the same for its settings.
      st.execute("START TRANSACTION");
      st.execute("SET time_zone = '+07:00'");
      st.execute("CREATE TABLE tzr_ddl (id INT PRIMARY KEY)");
      st.execute("SET time_zone = '+02:00'");
      st.execute("START TRANSACTION");
      st.execute("ROLLBACK");
      st.executeUpdate("INSERT INTO tzr (id, at) VALUES (3, '2024-01-01 10:00:00')");
    } finally {
      oldDb().execute("DROP TABLE IF EXISTS tzr_ddl");
      newDb().execute("DROP TABLE IF EXISTS tzr_ddl");
    }
    List<List<Object>> mariadb = new java.util.ArrayList<>();
    for (List<Object> row : oldDb().query("SELECT id, UNIX_TIMESTAMP(at) FROM tzr ORDER BY id")) {
      mariadb.add(List.of(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue()));
    }
    List<List<Object>> postgres = new java.util.ArrayList<>();
    for (List<Object> row :
        newDb().query("SELECT id, CAST(extract(epoch FROM at) AS bigint) FROM tzr ORDER BY id")) {
      postgres.add(List.of(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue()));
    }
    assertEquals(2, mariadb.size());
    assertEquals(mariadb, postgres);
  }

  @Test
  void queued_writes_on_a_mariadb_secondary_keep_every_count_divergence() throws Exception {
    // MariaDB Connector/J answers a batch of inserts with SUCCESS_NO_INFO for every row: batching
    // a queued run there would hide that INSERT IGNORE skipped rows the primary inserted.
    String url =
        MigrationFixture.writeConfig(
            oldDb(),
            newDb(),
            Phase.DUAL_NEW_PRIMARY,
            "dualWrite: { mode: async, queueCapacity: 100000 }\n");
    for (int i = 1; i <= 10; i++) {
      oldDb()
          .execute("INSERT INTO accounts (id, owner, balance) VALUES (" + i + ", 'o" + i + "', 0)");
    }
    Migration m = CutoverDriver.migration(url);
    Connection lock = oldDb().connect();
    try (Statement st = lock.createStatement()) {
      st.execute("LOCK TABLES accounts WRITE");
    }
    try (Connection c = open(url);
        PreparedStatement ins =
            c.prepareStatement(
                "INSERT IGNORE INTO accounts (id, owner, balance) VALUES (?, ?, ?)")) {
      for (int i = 1; i <= 10; i++) {
        ins.setInt(1, i);
        ins.setString(2, "n" + i);
        ins.setBigDecimal(3, BigDecimal.ONE);
        assertEquals(1, ins.executeUpdate());
      }
      assertTrue(m.pendingSecondaryWrites() > 1, "writes queued behind the lock");
    } finally {
      try (Statement st = lock.createStatement()) {
        st.execute("UNLOCK TABLES");
      }
      lock.close();
    }
    drain(m);
    List<Divergence> journal = journal(url);
    assertEquals(10, journal.size(), journal.toString());
    for (Divergence d : journal) {
      assertEquals(Divergence.Kind.COUNT_MISMATCH, d.kind(), d.toString());
    }
  }

  @Test
  void a_transaction_in_sql_text_that_fails_on_a_mariadb_secondary_is_not_committed_in_part()
      throws Exception {
    // MariaDB, unlike PostgreSQL, keeps a transaction going after a failed statement: COMMIT
    // would keep the statements that did apply.
    sqlTextTransactionFailsOnTheSecondary(Phase.DUAL_NEW_PRIMARY, oldDb(), newDb());
  }

  /**
   * A PostgreSQL {@code GENERATED ALWAYS} identity refused the AUTO_INCREMENT ids copied from
   * MariaDB, so every insert was journaled: it is sent {@code OVERRIDING SYSTEM VALUE}.
   */
  @Test
  void a_generated_always_identity_on_postgresql_takes_mariadb_s_ids() throws Exception {
    oldDb()
        .execute(
            "DROP TABLE IF EXISTS ga2",
            "CREATE TABLE ga2 (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10), flag TINYINT(1))");
    newDb()
        .execute(
            "DROP TABLE IF EXISTS ga2",
            "CREATE TABLE ga2 (id int GENERATED ALWAYS AS IDENTITY (START WITH 500) PRIMARY KEY,"
                + " v varchar(10), flag boolean)");
    String url = MigrationFixture.writeConfig(oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, "");
    try (java.sql.Connection c = open(url);
        java.sql.Statement st = c.createStatement();
        java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO ga2 (v) VALUES (?)")) {
      st.executeUpdate("INSERT INTO ga2 (v) VALUES ('a')");
      ps.setString(1, "b");
      ps.executeUpdate();
      st.executeUpdate("INSERT INTO ga2 (id, v) VALUES (100, 'c')");
      // Parameter types are learnt from the text as sent (review: without the clause it did not
      // parse, so an integer bound for a boolean column failed).
      try (java.sql.PreparedStatement typed =
          c.prepareStatement("INSERT INTO ga2 (v, flag) VALUES (?, ?)")) {
        typed.setString(1, "d");
        typed.setInt(2, 1);
        typed.executeUpdate();
      }
    }
    assertEquals(java.util.List.of(), journal(url));
    assertSameRows("ga2");
  }
}
