package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * After the switch to PostgreSQL, a MariaDB application's failures look as they did on MariaDB: the
 * exception class, error code, SQLSTATE and wording of MariaDB Connector/J (code that catches
 * {@code SQLIntegrityConstraintViolationException}, Spring's code translation and Hibernate's MySQL
 * dialect key on them; pgjdbc raised a {@code PSQLException} with code 0 for all of them). And a
 * statement that fails inside a transaction undoes only itself, as on MariaDB: PostgreSQL aborted
 * the transaction, failed every later statement, and its COMMIT rolled back the rows the
 * application had written before the failure, silently.
 */
class MariaDbToPostgresErrorsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute(
          "DROP TABLE IF EXISTS ec",
          "DROP TABLE IF EXISTS ep",
          "CREATE TABLE ep (id INT PRIMARY KEY, email VARCHAR(20) NOT NULL, n INT,"
              + " CONSTRAINT ep_email UNIQUE (email), CONSTRAINT ep_n CHECK (n < 100))",
          "CREATE TABLE ec (id INT PRIMARY KEY, pid INT,"
              + " CONSTRAINT ec_fk FOREIGN KEY (pid) REFERENCES ep (id))",
          "INSERT INTO ep VALUES (1, 'a', 1), (2, 'b', 2)",
          "INSERT INTO ec VALUES (1, 1)");
    }
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  /** What the application sees: class, code, SQLSTATE and the message without Connector/J's id. */
  private static String failure(Connection c, String sql) {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
      return "ok";
    } catch (SQLException e) {
      return describe(e);
    }
  }

  /**
   * The two clients an application written for MariaDB/MySQL connects with; both measured directly
   * against MariaDB, then through the driver with the old URL in that client's form.
   */
  enum Client {
    MARIADB_CONNECTOR,
    MYSQL_CONNECTOR_J;

    String oldUrl() {
      String url = DBS.mariadb().url();
      return this == MARIADB_CONNECTOR
          ? url
          : url.replaceFirst("^jdbc:mariadb:", "jdbc:mysql:")
              + (url.contains("?") ? "&" : "?")
              + "allowPublicKeyRetrieval=true&useSSL=false";
    }

    Connection direct() throws SQLException {
      return DriverManager.getConnection(oldUrl(), DBS.mariadb().user(), "");
    }

    String config(Phase phase, String extraYaml) {
      return MigrationFixture.writeConfig(
          oldUrl(), DBS.mariadb(), DBS.postgres().url(), DBS.postgres(), phase, extraYaml);
    }
  }

  /** The exception's class as the JDBC API names it (the vendors subclass it). */
  private static String apiClass(Throwable e) {
    Class<?> c = e.getClass();
    while (!c.getPackageName().equals("java.sql")) {
      c = c.getSuperclass();
    }
    return c.getSimpleName();
  }

  private static String describe(SQLException e) {
    return apiClass(e)
        + " "
        + e.getErrorCode()
        + " "
        + e.getSQLState()
        + " "
        + e.getMessage().replaceFirst("^\\(conn=\\d+\\) ", "");
  }

  /** Both sides' answers, each on its own connection's copy of the tables. */
  private static void compare(Client client, List<String> statements, Phase phase, boolean messages)
      throws Exception {
    String url = client.config(phase, "");
    List<String> mariadb = new ArrayList<>();
    List<String> driver = new ArrayList<>();
    try (Connection maria = client.direct();
        Connection app = DriverManager.getConnection(url)) {
      for (String sql : statements) {
        String m = failure(maria, sql);
        String d = failure(app, sql);
        mariadb.add(sql + " -> " + (messages ? m : m.substring(0, nthSpace(m, 3))));
        driver.add(sql + " -> " + (messages ? d : d.substring(0, nthSpace(d, 3))));
      }
    }
    assertEquals(mariadb, driver);
  }

  private static int nthSpace(String s, int n) {
    int at = -1;
    for (int i = 0; i < n && (at = s.indexOf(' ', at + 1)) >= 0; i++) {}
    return at < 0 ? s.length() : at;
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void constraint_violations_raise_what_mariadb_raises_with_its_wording(Client client)
      throws Exception {
    compare(
        client,
        List.of(
            "INSERT INTO ep VALUES (1, 'z', 1)",
            "INSERT INTO ep VALUES (3, 'a', 1)",
            "INSERT INTO ep VALUES (3, NULL, 1)",
            "UPDATE ep SET email = 'b' WHERE id = 1"),
        Phase.NEW,
        true);
    // Checked by hand once: an error the test's comparison could have taken for MariaDB's.
    try (Connection app =
            DriverManager.getConnection(
                MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, ""));
        Statement st = app.createStatement()) {
      SQLIntegrityConstraintViolationException e =
          assertThrows(
              SQLIntegrityConstraintViolationException.class,
              () -> st.executeUpdate("INSERT INTO ep VALUES (1, 'z', 1)"));
      assertEquals(1062, e.getErrorCode());
      assertEquals("Duplicate entry '1' for key 'PRIMARY'", e.getMessage());
      // MariaDB's error is the root cause a handler finds; PostgreSQL's is in the stack trace.
      assertEquals(null, e.getCause());
      assertEquals("23505", ((SQLException) e.getSuppressed()[0]).getSQLState());
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void other_failures_keep_mariadb_class_code_and_state(Client client) throws Exception {
    // MariaDB's messages name the database or the foreign key's columns, PostgreSQL's errors do
    // not: class, code and SQLSTATE are compared here, the wording in the next test.
    compare(
        client,
        List.of(
            "INSERT INTO ep VALUES (3, 'c', 1000)",
            "INSERT INTO ec VALUES (2, 7)",
            "DELETE FROM ep WHERE id = 1",
            "INSERT INTO ep VALUES (3, 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 1)",
            "INSERT INTO ep VALUES (3, 'c', 10000000000000)",
            "SELECT * FROM no_such_table",
            "SELECT no_such_column FROM ep",
            "SELEC 1",
            "CREATE TABLE ep (x INT)"),
        Phase.NEW,
        false);
  }

  @Test
  void messages_name_what_postgresql_names() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection app = DriverManager.getConnection(url)) {
      assertEquals(
          List.of(
              "SQLIntegrityConstraintViolationException 4025 23000 CONSTRAINT `ep_n` failed for"
                  + " `public`.`ep`",
              "SQLIntegrityConstraintViolationException 1452 23000 Cannot add or update a child"
                  + " row: a foreign key constraint fails (`public`.`ec`, CONSTRAINT `ec_fk`)",
              "SQLIntegrityConstraintViolationException 1451 23000 Cannot delete or update a"
                  + " parent row: a foreign key constraint fails (`public`.`ec`, CONSTRAINT"
                  + " `ec_fk`)",
              "SQLSyntaxErrorException 1146 42S02 Table 'no_such_table' doesn't exist",
              "SQLSyntaxErrorException 1054 42S22 Unknown column 'no_such_column' in 'field"
                  + " list'"),
          List.of(
              failure(app, "INSERT INTO ep VALUES (3, 'c', 1000)"),
              failure(app, "INSERT INTO ec VALUES (2, 7)"),
              failure(app, "DELETE FROM ep WHERE id = 1"),
              failure(app, "SELECT * FROM no_such_table"),
              failure(app, "SELECT no_such_column FROM ep")));
    }
  }

  @Test
  void native_keeps_postgresql_errors_as_they_are() throws Exception {
    String url =
        MigrationFixture.writeConfig(
            DBS.mariadb(), DBS.postgres(), Phase.NEW, "translation: { errors: native }\n");
    try (Connection app = DriverManager.getConnection(url)) {
      SQLException e =
          assertThrows(
              SQLException.class,
              () -> app.createStatement().executeUpdate("INSERT INTO ep VALUES (1, 'z', 1)"));
      assertEquals(
          "PSQLException 0 23505",
          e.getClass().getSimpleName() + " " + e.getErrorCode() + " " + e.getSQLState());
    }
  }

  @Test
  void a_failed_batch_reports_mariadb_code_with_postgresql_counts() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    for (Connection c : List.of(DBS.mariadb().connect(), DriverManager.getConnection(url))) {
      try (c;
          PreparedStatement ps = c.prepareStatement("INSERT INTO ep VALUES (?, ?, 0)")) {
        for (int id : new int[] {10, 1, 11}) {
          ps.setInt(1, id);
          ps.setString(2, "e" + id);
          ps.addBatch();
        }
        BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
        assertEquals(1062, e.getErrorCode(), describe(e));
        assertEquals("23000", e.getSQLState());
        assertTrue(
            e.getMessage().endsWith("Duplicate entry '1' for key 'PRIMARY'"), e.getMessage());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void lock_conflicts_and_time_outs_raise_what_mariadb_raises(Client client) throws Exception {
    // Measured on MariaDB 10.11 with each client (the two differ for a lock wait and a time-out).
    boolean cj = client == Client.MYSQL_CONNECTOR_J;
    String url = client.config(Phase.NEW, "");
    try (Connection a = DriverManager.getConnection(url);
        Connection b = DriverManager.getConnection(url)) {
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      a.createStatement().executeUpdate("UPDATE ep SET n = 10 WHERE id = 1");
      try (Statement st = b.createStatement()) {
        SQLException e =
            assertThrows(
                SQLException.class,
                () -> st.executeQuery("SELECT * FROM ep WHERE id = 1 FOR UPDATE NOWAIT"));
        assertEquals(
            (cj ? "SQLTransactionRollbackException 1205 40001" : "SQLException 1205 HY000")
                + " Lock wait timeout exceeded; try restarting transaction",
            describe(e));
      }
      b.rollback();
      b.createStatement().executeUpdate("UPDATE ep SET n = 20 WHERE id = 2");
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<String> other =
            pool.submit(
                () -> {
                  try (Statement st = b.createStatement()) {
                    st.executeUpdate("UPDATE ep SET n = 21 WHERE id = 1");
                    return "ok";
                  } catch (SQLException e) {
                    return describe(e);
                  }
                });
        Thread.sleep(300);
        if (other.isDone()) {
          throw new AssertionError("no lock wait: " + other.get());
        }
        String mine = failure(a, "UPDATE ep SET n = 11 WHERE id = 2");
        String theirs = other.get();
        // PostgreSQL picks one of the two as the deadlock's victim.
        String victim = mine.equals("ok") ? theirs : mine;
        assertEquals(
            "SQLTransactionRollbackException 1213 40001 Deadlock found when trying to get lock;"
                + " try restarting transaction",
            victim);
      } finally {
        pool.shutdown();
      }
      a.rollback();
      b.rollback();
      a.setAutoCommit(true);
      try (Statement st = a.createStatement()) {
        st.setQueryTimeout(1);
        SQLTimeoutException e =
            assertThrows(
                SQLTimeoutException.class,
                () ->
                    st.executeQuery(
                        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r"
                            + " WHERE n < 100000000) SELECT COUNT(*) FROM r"));
        assertEquals(cj ? 0 : 1969, e.getErrorCode());
        assertEquals(cj ? null : "70100", e.getSQLState());
      }
    }
  }

  /**
   * MariaDB keeps a transaction after a failed statement; the application catches the duplicate,
   * writes on and commits.
   */
  private static List<String> duplicateInTransaction(Connection c) throws SQLException {
    List<String> seen = new ArrayList<>();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO ep VALUES (5, 'e', 1)");
      try {
        st.executeUpdate("INSERT INTO ep VALUES (1, 'f', 1)");
        seen.add("inserted a duplicate");
      } catch (SQLException e) {
        seen.add("duplicate " + e.getErrorCode());
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO ep VALUES (?, ?, 1)")) {
        ps.setInt(1, 6);
        ps.setString(2, "g");
        ps.executeUpdate();
        ps.setInt(1, 7);
        ps.setString(2, "a");
        try {
          ps.executeUpdate();
        } catch (SQLException e) {
          seen.add("duplicate " + e.getErrorCode());
        }
      }
      st.executeUpdate("UPDATE ep SET n = 50 WHERE id = 6");
      c.commit();
      try (ResultSet rs = st.executeQuery("SELECT id, n FROM ep ORDER BY id")) {
        while (rs.next()) {
          seen.add(rs.getInt(1) + ":" + rs.getInt(2));
        }
      }
    } finally {
      c.setAutoCommit(true);
    }
    return seen;
  }

  @Test
  void with_statement_rollback_a_failed_statement_undoes_only_itself() throws Exception {
    List<String> mariadb;
    try (Connection maria = DBS.mariadb().connect()) {
      mariadb = duplicateInTransaction(maria);
    }
    assertEquals(List.of("duplicate 1062", "duplicate 1062", "1:1", "2:2", "5:1", "6:50"), mariadb);
    List<List<Object>> expected = MigrationFixture.rows(DBS.mariadb(), "ep");
    DBS.mariadb().execute("DELETE FROM ep WHERE id > 2");
    for (Phase phase : List.of(Phase.DUAL_NEW_PRIMARY, Phase.NEW)) {
      String url =
          MigrationFixture.writeConfig(
              DBS.mariadb(), DBS.postgres(), phase, "translation: { statementRollback: true }\n");
      try (Connection app = DriverManager.getConnection(url)) {
        assertEquals(mariadb, duplicateInTransaction(app), phase.toString());
      }
      assertEquals(expected, MigrationFixture.rows(DBS.postgres(), "ep"), phase.toString());
      if (phase.isDual()) {
        assertEquals(
            expected,
            MigrationFixture.rows(DBS.mariadb(), "ep"),
            "the secondary holds what MariaDB alone would");
      }
      assertEquals(List.of(), CutoverDriver.migration(url).divergences(100), phase.toString());
      for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
        db.execute("DELETE FROM ep WHERE id > 2");
      }
    }
  }

  /** The commonest form: insert, a duplicate caught and ignored, commit. */
  private static void duplicateIgnoredThenCommit(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO ep VALUES (5, 'e', 1)");
      try {
        st.executeUpdate("INSERT INTO ep VALUES (1, 'f', 1)");
      } catch (SQLIntegrityConstraintViolationException duplicate) {
        // already there: fine
      }
      c.commit();
    } finally {
      c.setAutoCommit(true);
    }
  }

  @Test
  void without_statement_rollback_the_commit_of_the_aborted_transaction_fails_aloud()
      throws Exception {
    try (Connection maria = DBS.mariadb().connect()) {
      duplicateIgnoredThenCommit(maria);
    }
    assertEquals(3, MigrationFixture.rows(DBS.mariadb(), "ep").size(), "MariaDB committed row 5");
    // The default: PostgreSQL aborts the transaction at the duplicate; its COMMIT rolled back
    // row 5 without a word (pgjdbc), the application believing it stored. Now the COMMIT fails.
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection app = DriverManager.getConnection(url)) {
      SQLException e = assertThrows(SQLException.class, () -> duplicateIgnoredThenCommit(app));
      assertInstanceOf(SQLTransactionRollbackException.class, e, describe(e));
      assertEquals("40000", e.getSQLState());
      assertTrue(e.getMessage().contains("Duplicate entry '1' for key 'PRIMARY'"), e.getMessage());
      // The connection goes on: the next transaction commits.
      app.setAutoCommit(false);
      app.createStatement().executeUpdate("INSERT INTO ep VALUES (9, 'i', 1)");
      app.commit();
      app.setAutoCommit(true);
    }
    assertEquals(
        List.of(1, 2, 9),
        MigrationFixture.rows(DBS.postgres(), "ep").stream()
            .map(r -> ((Number) r.get(0)).intValue())
            .toList(),
        "nothing of the failed transaction was committed");
    // With the setting on, the transaction goes on as on MariaDB.
    String on =
        MigrationFixture.writeConfig(
            DBS.mariadb(), DBS.postgres(), Phase.NEW, "translation: { statementRollback: true }\n");
    try (Connection app = DriverManager.getConnection(on)) {
      duplicateIgnoredThenCommit(app);
    }
    assertEquals(
        List.of(1, 2, 5, 9),
        MigrationFixture.rows(DBS.postgres(), "ep").stream()
            .map(r -> ((Number) r.get(0)).intValue())
            .toList());
  }

  /**
   * The ways an application recovers from a failed statement inside its transaction, each then
   * committing: a JDBC savepoint rolled back to (Spring's nested transactions), the same as SQL
   * text, and a ROLLBACK sent as SQL text followed by a new transaction. Returns the ids kept.
   */
  private static void recoveredThenCommit(Connection c, int variant) throws SQLException {
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      switch (variant) {
        case 0 -> {
          st.executeUpdate("INSERT INTO ep VALUES (5, 'e', 1)");
          java.sql.Savepoint sp = c.setSavepoint();
          try {
            st.executeUpdate("INSERT INTO ep VALUES (1, 'f', 1)");
          } catch (SQLIntegrityConstraintViolationException duplicate) {
            c.rollback(sp);
          }
        }
        case 1 -> {
          st.executeUpdate("INSERT INTO ep VALUES (5, 'e', 1)");
          st.execute("SAVEPOINT s1");
          try {
            st.executeUpdate("INSERT INTO ep VALUES (1, 'f', 1)");
          } catch (SQLIntegrityConstraintViolationException duplicate) {
            st.execute("ROLLBACK TO SAVEPOINT s1");
          }
        }
        default -> {
          st.executeUpdate("INSERT INTO ep VALUES (7, 'g', 1)");
          try {
            st.executeUpdate("INSERT INTO ep VALUES (1, 'f', 1)");
          } catch (SQLIntegrityConstraintViolationException duplicate) {
            st.execute("ROLLBACK");
          }
        }
      }
      st.executeUpdate("INSERT INTO ep VALUES (6, 'h', 1)");
      c.commit();
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static List<Integer> ids(TestDatabase db) {
    return MigrationFixture.rows(db, "ep").stream()
        .map(r -> ((Number) r.get(0)).intValue())
        .toList();
  }

  @Test
  void a_transaction_recovered_from_its_failed_statement_commits() throws Exception {
    for (int variant = 0; variant < 3; variant++) {
      try (Connection maria = DBS.mariadb().connect()) {
        recoveredThenCommit(maria, variant);
      }
      List<Integer> expected = ids(DBS.mariadb());
      assertEquals(variant < 2 ? List.of(1, 2, 5, 6) : List.of(1, 2, 6), expected);
      DBS.mariadb().execute("DELETE FROM ep WHERE id > 2");
      for (Phase phase : List.of(Phase.DUAL_NEW_PRIMARY, Phase.NEW)) {
        String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
        String what = phase + " variant " + variant;
        try (Connection app = DriverManager.getConnection(url)) {
          recoveredThenCommit(app, variant);
        }
        assertEquals(expected, ids(DBS.postgres()), what);
        if (phase.isDual()) {
          assertEquals(expected, ids(DBS.mariadb()), what + ": the secondary");
        }
        for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
          db.execute("DELETE FROM ep WHERE id > 2");
        }
      }
    }
  }
}
