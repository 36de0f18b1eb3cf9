package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MySQL and PostgreSQL text for the secondary, checked as text and on real databases. */
class SqlTranslatorTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static String toPostgres(String sql) {
    return SqlTranslator.translate(sql, Dialect.MYSQL, Dialect.POSTGRES);
  }

  private static String toMysql(String sql) {
    return SqlTranslator.translate(sql, Dialect.POSTGRES, Dialect.MYSQL);
  }

  @Test
  void backticks_become_double_quotes_and_back() {
    assertEquals("SELECT \"id\" FROM \"my\"\"t\"", toPostgres("SELECT `id` FROM `my\"t`"));
    assertEquals("SELECT `Id` FROM `a``b`", toMysql("SELECT \"Id\" FROM \"a`b\""));
  }

  @Test
  void mysql_strings_become_standard_strings_and_escape_strings_only_when_needed() {
    // Each alone in its select list, so also labelled with its value, as MySQL labels it.
    assertEquals(
        "SELECT 'it''s' AS \"it's\", 'C:\\dir' AS \"C:\\dir\"",
        toPostgres("SELECT 'it\\'s', 'C:\\\\dir'"));
    assertEquals("SELECT E'a\\nb' AS \"a\nb\"", toPostgres("SELECT 'a\\nb'"));
    assertEquals("SELECT 'double' AS \"double\"", toPostgres("SELECT \"double\""));
    assertEquals("SELECT 'LIKE \\%' AS \"LIKE \\%\"", toPostgres("SELECT 'LIKE \\%'"));
  }

  @Test
  void postgres_strings_become_mysql_strings_with_backslashes_escaped() {
    assertEquals(
        "SELECT 'C:\\\\dir', 'a\\nb', 'x''y'", toMysql("SELECT 'C:\\dir', E'a\\nb', $$x'y$$"));
  }

  @Test
  void comments_are_converted_to_the_target_syntax() {
    assertEquals("SELECT 1 AS \"1\" -- note", toPostgres("SELECT 1 # note"));
    assertEquals("SELECT 1 AS \"1\" /* a / * b */", toPostgres("SELECT 1 /* a /* b */"));
    assertEquals("SELECT 1 -- note", toMysql("SELECT 1 --note"));
    // The executable comment's statement is translated too (SET NAMES is a no-op there).
    assertEquals(" SET client_encoding = 'UTF8'", toPostgres("/*!40101 SET NAMES utf8 */"));
  }

  @Test
  void insert_ignore_becomes_on_conflict_do_nothing() {
    assertEquals(
        "INSERT INTO t (a) VALUES (?) ON CONFLICT DO NOTHING",
        toPostgres("INSERT IGNORE INTO t (a) VALUES (?)"));
    assertEquals(
        "insert into t values (1) ON CONFLICT DO NOTHING; INSERT INTO u VALUES (2) -- x",
        toPostgres("insert ignore into t values (1); INSERT INTO u VALUES (2) -- x"));
    assertEquals(
        "INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING RETURNING id",
        toPostgres("INSERT IGNORE INTO t (a) VALUES (1) RETURNING id"));
  }

  @Test
  void limit_with_offset_keeps_parameter_order() {
    assertEquals("SELECT * FROM t LIMIT 20 OFFSET 10", toPostgres("SELECT * FROM t LIMIT 10, 20"));
    assertEquals("SELECT * FROM t OFFSET ? LIMIT ?", toPostgres("SELECT * FROM t LIMIT ?, ?"));
  }

  @Test
  void on_duplicate_key_update_is_left_for_the_caller_to_journal() {
    String sql = "INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = VALUES(a)";
    assertEquals(sql, toPostgres(sql));
  }

  @Test
  void same_dialect_and_h2_targets_change_only_identifier_quoting() {
    String sql = "SELECT `a`, 'x\\'y' FROM t LIMIT 1, 2 # c";
    assertEquals(sql, SqlTranslator.translate(sql, Dialect.MYSQL, Dialect.MYSQL));
    assertEquals(
        "SELECT \"a\", 'x\\'y' FROM t LIMIT 1, 2 # c",
        SqlTranslator.translate(sql, Dialect.MYSQL, Dialect.H2));
    assertEquals(
        "SELECT \"a\"", SqlTranslator.translate("SELECT \"a\"", Dialect.POSTGRES, Dialect.H2));
  }

  /**
   * A row another transaction updates while a translated {@code UPDATE ... LIMIT} waits for it: the
   * update still lands on it, as on MariaDB. Picked by ctid, the row's new version is not among the
   * picked ctids and nothing changed; picked by its key (locked, so the pick sees the new version)
   * it is found.
   */
  @Test
  void a_limited_update_still_changes_a_row_a_concurrent_transaction_updated() throws Exception {
    TestDatabase pg = DBS.postgres();
    pg.execute(
        "DROP TABLE IF EXISTS queue",
        "CREATE TABLE queue (id int PRIMARY KEY, state text, tries int)",
        "INSERT INTO queue VALUES (1, 'new', 0)");
    String sql =
        LimitedWriteKeys.rewrite(
            toPostgres("UPDATE queue SET state = 'taken' WHERE state = 'new' LIMIT 1"),
            table -> List.of("id"));
    assertEquals(
        "UPDATE queue SET state = 'taken' WHERE (\"id\") IN (SELECT \"id\" FROM queue WHERE"
            + " state = 'new' LIMIT 1 FOR UPDATE)",
        sql);
    try (Connection other = pg.connect();
        Connection app = pg.connect()) {
      other.setAutoCommit(false);
      try (java.sql.Statement s = other.createStatement()) {
        s.executeUpdate("UPDATE queue SET tries = tries + 1 WHERE id = 1");
      }
      long appPid;
      try (java.sql.Statement s = app.createStatement();
          java.sql.ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        appPid = rs.getLong(1);
      }
      java.util.concurrent.CompletableFuture<Integer> taken =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try (java.sql.Statement s = app.createStatement()) {
                  return s.executeUpdate(sql);
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      // The app's statement is waiting for the row lock (or about to); then the other commits.
      long giveUp = System.nanoTime() + 10_000_000_000L;
      while (pg.queryLong("SELECT count(*) FROM pg_locks WHERE NOT granted AND pid = " + appPid)
              == 0
          && System.nanoTime() < giveUp) {
        Thread.sleep(10);
      }
      other.commit();
      assertEquals(1, taken.get(10, java.util.concurrent.TimeUnit.SECONDS));
    }
    assertEquals(
        List.of(List.of("taken", 1)), pg.query("SELECT state, tries FROM queue WHERE id = 1"));
  }

  @Test
  void parameter_markers_keep_their_count_and_order() {
    String sql = "UPDATE `t` SET a = ?, b = '?' WHERE c = ? # ?\n LIMIT ?";
    String translated = toPostgres(sql);
    assertEquals(
        "UPDATE \"t\" SET a = ?, b = '?' WHERE (tableoid, ctid) IN (SELECT tableoid, ctid FROM"
            + " \"t\" WHERE c = ? -- ?\n LIMIT ? FOR UPDATE)",
        translated);
  }

  @Test
  void translated_mysql_statements_run_on_real_postgres() throws SQLException {
    TestDatabase pg = DBS.postgres();
    pg.execute(toPostgres("CREATE TABLE `people` (`id` INT PRIMARY KEY, `name` TEXT, note TEXT)"));
    try (Connection c = pg.connect()) {
      String insert =
          toPostgres("INSERT IGNORE INTO `people` (`id`, `name`, note) VALUES (?, ?, 'it\\'s')");
      for (int id : new int[] {1, 1, 2, 3}) {
        try (PreparedStatement ps = c.prepareStatement(insert)) {
          ps.setInt(1, id);
          ps.setString(2, "p" + id);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              toPostgres("UPDATE `people` SET note = \"line\\nbreak\" WHERE `id` = ?"))) {
        ps.setInt(1, 3);
        ps.executeUpdate();
      }
    }
    assertEquals(
        List.of(List.of(2, "p2", "it's"), List.of(3, "p3", "line\nbreak")),
        pg.query(
            toPostgres("SELECT `id`, `name`, note FROM `people` # all\nORDER BY `id` LIMIT 1, 2")));
    assertEquals(3L, pg.queryLong(toPostgres("/*!40101 SELECT COUNT(*) FROM people */")));
  }

  /** The same MySQL text answers alike on MariaDB and, translated, on PostgreSQL. */
  @Test
  void concat_length_and_hex_strings_answer_on_postgresql_as_on_mariadb() {
    TestDatabase pg = DBS.postgres();
    TestDatabase maria = DBS.mariadb();
    String sql =
        "SELECT CONCAT('a', NULL) AS n, CONCAT('x', 1, 2.5, DATE '2024-01-02') AS j,"
            + " LENGTH('h\u00e9') AS len, CHAR_LENGTH('h\u00e9') AS chars,"
            + " LENGTH(X'616263') AS bytes, GREATEST(1, 2, NULL + 0) AS g, LEAST(3, 2) AS l";
    String translated = toPostgres(sql);
    assertEquals(maria.query(sql), pg.query(translated), translated);
    assertEquals(
        java.util.Arrays.asList(null, "x12.52024-01-02", 3L, 2L, 3L, null, 2L),
        pg.query(translated).get(0).stream()
            .map(v -> v instanceof Number n ? (Object) n.longValue() : v)
            .toList());
    pg.execute("DROP TABLE IF EXISTS blobs", "CREATE TABLE blobs (b bytea)");
    pg.execute(toPostgres("INSERT INTO blobs VALUES (X'00ff10')"));
    assertEquals(List.of(List.of("\\x00ff10")), pg.query("SELECT b::text FROM blobs"));
  }

  @Test
  void translated_postgres_statements_run_on_real_mariadb() {
    TestDatabase maria = DBS.mariadb();
    maria.execute(toMysql("CREATE TABLE \"notes\" (\"id\" INT PRIMARY KEY, \"body\" TEXT)"));
    maria.execute(
        toMysql(
            "INSERT INTO \"notes\" (\"id\", \"body\") VALUES (1, E'it\\'s\\n'), (2, 'C:\\dir')"),
        toMysql("INSERT INTO notes (id, body) VALUES (3, $$dollar 'quoted'$$) --done"));
    assertEquals(
        List.of(List.of(1, "it's\n"), List.of(2, "C:\\dir"), List.of(3, "dollar 'quoted'")),
        maria.query(toMysql("SELECT \"id\", \"body\" FROM \"notes\" ORDER BY \"id\"")));
  }

  @Test
  void two_minus_signs_are_not_a_postgresql_comment() {
    // MySQL reads 10--1 as ten minus minus one; PostgreSQL would read '--1 WHERE id = 5' as a
    // comment and update every row.
    assertEquals(
        "UPDATE m SET n = 10- -1 WHERE id = 5",
        SqlTranslator.translate(
            "UPDATE m SET n = 10--1 WHERE id = 5", Dialect.MYSQL, Dialect.POSTGRES));
    assertEquals(
        "SELECT a- -? FROM t",
        SqlTranslator.translate("SELECT a--? FROM t", Dialect.MYSQL, Dialect.POSTGRES));
    assertEquals(
        "SELECT 1 AS \"1\" -- comment\n",
        SqlTranslator.translate("SELECT 1 -- comment\n", Dialect.MYSQL, Dialect.POSTGRES));
  }
}
