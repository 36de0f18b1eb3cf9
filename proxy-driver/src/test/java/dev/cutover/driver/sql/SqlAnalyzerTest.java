package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Classification, tables and flags of single statements, one lexer rule per test. */
class SqlAnalyzerTest {

  private static Analysis mysql(String sql) {
    return SqlAnalyzer.analyzeUncached(sql, Dialect.MYSQL);
  }

  private static Analysis postgres(String sql) {
    return SqlAnalyzer.analyzeUncached(sql, Dialect.POSTGRES);
  }

  @Test
  void transaction_control_sent_as_text_is_followed() {
    Analysis.TransactionText begins = Analysis.TransactionText.BEGINS;
    Analysis.TransactionText ends = Analysis.TransactionText.ENDS;
    assertEquals(List.of(begins), postgres("BEGIN").transactionText());
    assertEquals(List.of(begins), postgres("begin isolation level serializable").transactionText());
    assertEquals(List.of(begins), mysql("START TRANSACTION READ ONLY").transactionText());
    assertEquals(List.of(begins), mysql("XA START 'x'").transactionText());
    assertEquals(List.of(ends), postgres("COMMIT").transactionText());
    assertEquals(List.of(ends), postgres("END").transactionText());
    assertEquals(List.of(ends), postgres("ABORT").transactionText());
    assertEquals(List.of(ends), mysql("ROLLBACK WORK").transactionText());
    assertEquals(List.of(ends), mysql("COMMIT AND NO CHAIN").transactionText());
    assertEquals(List.of(), mysql("COMMIT AND CHAIN").transactionText());
    assertEquals(List.of(), postgres("ROLLBACK TO SAVEPOINT s1").transactionText());
    assertEquals(List.of(), postgres("SAVEPOINT s1").transactionText());
    assertEquals(
        List.of(Analysis.TransactionText.AUTOCOMMIT_OFF),
        mysql("SET autocommit=0").transactionText());
    assertEquals(
        List.of(Analysis.TransactionText.AUTOCOMMIT_OFF),
        mysql("SET SESSION autocommit = OFF").transactionText());
    assertEquals(
        List.of(Analysis.TransactionText.AUTOCOMMIT_ON),
        mysql("SET @@session.autocommit = 1").transactionText());
    assertEquals(
        List.of(Analysis.TransactionText.AUTOCOMMIT_UNKNOWN),
        mysql("SET autocommit = DEFAULT").transactionText());
    assertEquals(
        List.of(Analysis.TransactionText.AUTOCOMMIT_OFF),
        mysql("/* app */ SET autocommit = 0 -- hold").transactionText());
    assertEquals(List.of(), mysql("SET NAMES utf8mb4").transactionText());
    assertEquals(List.of(), mysql("INSERT INTO t VALUES (1)").transactionText());
    assertEquals(
        List.of(begins, ends),
        postgres("BEGIN; INSERT INTO t VALUES (1); COMMIT").transactionText());
  }

  @Test
  void backtick_identifiers_are_tables_not_strings() {
    Analysis a = mysql("SELECT `order`.`id` FROM `Shop`.`Order` AS `order` WHERE `x` = 1");
    assertEquals(List.of("shop.order"), a.tables());
    assertEquals("select order.id from shop.order as order where x = ?", a.fingerprint());
  }

  @Test
  void double_quotes_are_strings_in_mysql_and_identifiers_elsewhere() {
    assertEquals(List.of(), mysql("SELECT \"users\"").tables());
    assertEquals("select ?", mysql("SELECT \"users\"").fingerprint());
    assertEquals(List.of("users"), postgres("SELECT * FROM \"Users\"").tables());
    assertEquals(
        List.of("users"),
        SqlAnalyzer.analyzeUncached("SELECT * FROM \"USERS\"", Dialect.H2).tables());
  }

  @Test
  void hash_starts_a_comment_only_in_mysql() {
    assertEquals(List.of(), mysql("SELECT 1 # FROM users").tables());
    assertEquals(List.of("users"), postgres("SELECT a # b FROM users").tables());
  }

  @Test
  void mysql_double_dash_needs_a_space_to_start_a_comment() {
    assertEquals(List.of("t"), mysql("SELECT 1--1 FROM t").tables());
    assertEquals(List.of(), mysql("SELECT 1 -- FROM t").tables());
  }

  @Test
  void backslash_escaped_quote_does_not_end_a_mysql_string() {
    Analysis a = mysql("UPDATE t SET a = 'x\\'; DELETE FROM u; --' WHERE id = 1");
    assertEquals(1, a.statementCount());
    assertEquals(List.of("t"), a.tables());
  }

  @Test
  void backslash_is_an_ordinary_character_in_standard_postgres_strings() {
    Analysis a = postgres("SELECT 'C:\\' FROM t; DELETE FROM u");
    assertEquals(2, a.statementCount());
    assertEquals(StatementKind.WRITE, a.kind());
    assertEquals(List.of("t", "u"), a.tables());
  }

  @Test
  void escape_strings_in_postgres_honour_backslashes() {
    Analysis a = postgres("SELECT E'it\\'s; DROP TABLE x' FROM t");
    assertEquals(1, a.statementCount());
    assertEquals(StatementKind.READ, a.kind());
    assertEquals("select ? from t", a.fingerprint());
  }

  @Test
  void postgres_nests_block_comments_and_mysql_does_not() {
    String sql = "SELECT 1 /* a /* b */ FROM hidden */ FROM t";
    assertEquals(List.of("t"), postgres(sql).tables());
    assertEquals(List.of("t"), mysql("SELECT 1 /* a /* b */ FROM t").tables());
  }

  @Test
  void mysql_executable_comments_are_analyzed_as_sql() {
    Analysis a = mysql("/*!50001 CREATE TABLE x (id INT) */");
    assertEquals(StatementKind.DDL, a.kind());
    assertEquals(List.of("x"), a.writtenTables());
    assertEquals(
        StatementKind.READ, postgres("/*!50001 CREATE TABLE x (id INT) */ SELECT 1").kind());
  }

  @Test
  void dollar_quoted_bodies_hide_their_semicolons_and_keywords() {
    Analysis a = postgres("SELECT $fn$ a; DELETE FROM t; $$ $fn$, $$x$$");
    assertEquals(1, a.statementCount());
    assertEquals(StatementKind.READ, a.kind());
    assertEquals("select ?, ?", a.fingerprint());
  }

  @Test
  void casts_next_to_parameters_are_operators_not_named_parameters() {
    Analysis a = postgres("SELECT * FROM t WHERE a = $1::int AND b = ?::text AND c = :name");
    assertEquals(List.of("t"), a.tables());
    assertEquals(
        "select * from t where a = ?::int and b = ?::text and c = : name", a.fingerprint());
  }

  @Test
  void cte_with_a_delete_anywhere_is_a_write_and_cte_names_are_not_tables() {
    Analysis a =
        postgres(
            "WITH old AS (SELECT id FROM orders WHERE ts < now()), gone AS (DELETE FROM orders"
                + " WHERE id IN (SELECT id FROM old) RETURNING id) SELECT count(*) FROM gone");
    assertEquals(StatementKind.WRITE, a.kind());
    assertEquals(List.of("orders"), a.tables());
    assertEquals(List.of("orders"), a.writtenTables());
    assertTrue(a.nonDeterministic());
  }

  @Test
  void select_into_is_a_write_to_the_new_table() {
    Analysis a = postgres("SELECT * INTO TEMP copy FROM users");
    assertEquals(StatementKind.WRITE, a.kind());
    assertEquals(List.of("copy"), a.writtenTables());
    assertEquals(List.of("copy", "users"), a.tables());
  }

  @Test
  void explain_is_a_read_unless_it_analyzes_a_write() {
    assertEquals(StatementKind.READ, postgres("EXPLAIN DELETE FROM t").kind());
    assertEquals(List.of(), postgres("EXPLAIN DELETE FROM t").writtenTables());
    assertEquals(StatementKind.WRITE, postgres("EXPLAIN ANALYZE DELETE FROM t").kind());
    assertEquals(StatementKind.WRITE, postgres("EXPLAIN (ANALYZE true) DELETE FROM t").kind());
    assertEquals(StatementKind.READ, postgres("EXPLAIN (ANALYZE off) DELETE FROM t").kind());
    assertEquals(StatementKind.READ, postgres("EXPLAIN ANALYZE SELECT 1").kind());
  }

  @Test
  void multi_statement_strings_take_the_strongest_kind_and_all_tables() {
    Analysis a = mysql("SELECT * FROM a; UPDATE b SET x = 1; SELECT * FROM c;");
    assertEquals(3, a.statementCount());
    assertEquals(StatementKind.WRITE, a.kind());
    assertEquals(List.of("a", "b", "c"), a.tables());
    assertEquals(List.of("b"), a.writtenTables());
    assertEquals(StatementKind.DDL, mysql("INSERT INTO a VALUES (1); DROP TABLE b").kind());
    assertEquals(StatementKind.SESSION, mysql("SET NAMES utf8; SELECT 1").kind());
    assertFalse(mysql("INSERT INTO a VALUES (1); INSERT INTO a VALUES (2)").isInsert());
  }

  @Test
  void empty_statements_between_semicolons_are_not_counted() {
    assertEquals(1, mysql(";; SELECT 1 ;;").statementCount());
  }

  @Test
  void null_empty_and_garbage_are_unknown_and_therefore_writes() {
    SqlAnalyzer analyzer = new SqlAnalyzer(Dialect.MYSQL, 1000);
    assertEquals(StatementKind.UNKNOWN, analyzer.analyze(null).kind());
    assertEquals(StatementKind.UNKNOWN, analyzer.analyze("").kind());
    assertEquals(StatementKind.UNKNOWN, analyzer.analyze("   ").kind());
    assertEquals(StatementKind.UNKNOWN, analyzer.analyze(")))(((").kind());
    assertEquals(StatementKind.UNKNOWN, analyzer.analyze("CALL p()").kind());
    assertTrue(StatementKind.UNKNOWN.mutates());
  }

  @Test
  void only_writes_ddl_and_unknown_statements_mutate() {
    for (StatementKind kind : StatementKind.values()) {
      boolean expected =
          kind == StatementKind.WRITE || kind == StatementKind.DDL || kind == StatementKind.UNKNOWN;
      assertEquals(expected, kind.mutates(), kind.name());
    }
  }

  @Test
  void non_deterministic_functions_are_flagged_but_columns_with_their_names_are_not() {
    assertTrue(mysql("INSERT INTO t (id, at) VALUES (UUID(), NOW())").nonDeterministic());
    assertTrue(mysql("UPDATE t SET at = CURRENT_TIMESTAMP").nonDeterministic());
    assertTrue(mysql("SELECT LAST_INSERT_ID()").nonDeterministic());
    assertTrue(mysql("UPDATE t SET r = RAND()").nonDeterministic());
    assertTrue(
        postgres("INSERT INTO t VALUES (gen_random_uuid(), clock_timestamp())").nonDeterministic());
    assertTrue(postgres("INSERT INTO t VALUES (uuid_generate_v4())").nonDeterministic());
    assertTrue(postgres("SELECT random() FROM t").nonDeterministic());
    assertFalse(mysql("SELECT uuid, now FROM t WHERE random = 1").nonDeterministic());
    assertFalse(mysql("SELECT 'NOW()' FROM t").nonDeterministic());
    assertFalse(mysql("SELECT t.now() FROM t").nonDeterministic());
  }

  @Test
  void an_assignment_reading_an_earlier_one_s_column_is_a_risk_where_it_cannot_be_rewritten() {
    // MySQL: the translation gives PostgreSQL the earlier value, unless it cannot be repeated.
    assertNull(mysql("UPDATE t SET a = a + 1, b = c").assignmentOrderRisk());
    assertNull(mysql("UPDATE t SET a = a + 1, b = a WHERE id = ?").assignmentOrderRisk());
    assertNull(mysql("UPDATE t SET b = a, a = ?").assignmentOrderRisk());
    assertNull(
        mysql("INSERT INTO t (id, a) VALUES (?, ?) ON DUPLICATE KEY UPDATE a = a + 5, b = a")
            .assignmentOrderRisk());
    assertNull(mysql("INSERT INTO t SET a = ?, b = a").assignmentOrderRisk());
    String risk = mysql("UPDATE kv SET v = ?, w = v * 2 WHERE id = ?").assignmentOrderRisk();
    assertTrue(risk != null && risk.contains("column v") && risk.contains("parameter"), risk);
    assertTrue(
        mysql("UPDATE t SET a = (SELECT 1), b = a").assignmentOrderRisk().contains("sub-query"));
    assertTrue(mysql("UPDATE t SET a = UUID(), b = a").assignmentOrderRisk().contains("function"));
    assertTrue(
        mysql("UPDATE a, b SET a.x = b.x, a.y = a.x WHERE a.id = b.id")
            .assignmentOrderRisk()
            .contains("multi-table"));
    assertTrue(
        mysql("SELECT 1; UPDATE t SET a = ?, b = a").assignmentOrderRisk().contains("column a"));
    // PostgreSQL: every assignment reads the old row, which MySQL would not.
    assertTrue(
        postgres("UPDATE t SET a = a + 1, b = a WHERE id = $1")
            .assignmentOrderRisk()
            .contains("PostgreSQL reads the old value"));
    assertNull(
        postgres("UPDATE t SET a = a + 1, b = c FROM u WHERE u.a = t.a").assignmentOrderRisk());
    assertNull(mysql("SELECT a, a FROM t").assignmentOrderRisk());
  }

  @Test
  void a_write_whose_limit_follows_an_order_by_is_flagged_for_the_key_check() {
    assertTrue(mysql("UPDATE t SET a = 1 ORDER BY b LIMIT 1").orderedLimit());
    assertTrue(mysql("DELETE FROM t ORDER BY id DESC LIMIT ?").orderedLimit());
    assertTrue(mysql("INSERT INTO t SELECT * FROM u ORDER BY x LIMIT 10").orderedLimit());
    assertFalse(mysql("DELETE FROM t LIMIT 1").orderedLimit());
    assertTrue(mysql("DELETE FROM t LIMIT 1").nonDeterministic());
    assertFalse(mysql("UPDATE t SET a = 1 ORDER BY b").orderedLimit());
    assertFalse(mysql("SELECT * FROM t ORDER BY a LIMIT 1").orderedLimit());
    assertFalse(
        mysql("DELETE FROM t WHERE id IN (SELECT id FROM u ORDER BY x LIMIT 1)").orderedLimit());
  }

  @Test
  void only_a_top_level_order_by_counts() {
    assertTrue(mysql("SELECT * FROM t ORDER BY id").hasOrderBy());
    assertFalse(postgres("SELECT row_number() OVER (ORDER BY id) FROM t").hasOrderBy());
    assertFalse(mysql("SELECT * FROM (SELECT * FROM t ORDER BY id LIMIT 5) x").hasOrderBy());
  }

  @Test
  void returning_is_reported_for_writes() {
    assertTrue(postgres("INSERT INTO t (a) VALUES (1) RETURNING id").hasReturning());
    assertTrue(postgres("UPDATE t SET a = 1 RETURNING *").hasReturning());
    assertTrue(postgres("DELETE FROM t RETURNING id").hasReturning());
    assertFalse(postgres("SELECT returning FROM t").hasReturning());
    assertFalse(postgres("INSERT INTO t (a) VALUES (1)").hasReturning());
  }

  @Test
  void inserts_of_every_flavour_are_inserts() {
    assertTrue(mysql("INSERT INTO t VALUES (1)").isInsert());
    assertTrue(mysql("INSERT IGNORE INTO t VALUES (1)").isInsert());
    assertTrue(mysql("REPLACE INTO t VALUES (1)").isInsert());
    assertTrue(mysql("INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE a = 2").isInsert());
    assertTrue(postgres("INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING").isInsert());
    assertTrue(postgres("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x").isInsert());
    assertFalse(mysql("UPDATE t SET a = 1").isInsert());
    assertFalse(postgres("EXPLAIN ANALYZE INSERT INTO t VALUES (1)").isInsert());
  }

  @Test
  void written_tables_are_the_targets_of_writes_and_ddl() {
    assertEquals(List.of("t"), mysql("INSERT INTO t SELECT * FROM u").writtenTables());
    assertEquals(List.of("t", "u"), mysql("INSERT INTO t SELECT * FROM u").tables());
    assertEquals(
        List.of("t"), mysql("UPDATE t JOIN u ON t.id = u.id SET t.a = u.a").writtenTables());
    assertEquals(
        List.of("t"), mysql("DELETE FROM t WHERE id IN (SELECT id FROM u)").writtenTables());
    assertEquals(List.of("t", "u"), postgres("TRUNCATE t, u").writtenTables());
    assertEquals(List.of("s.t"), postgres("ALTER TABLE s.t ADD COLUMN c int").writtenTables());
    assertEquals(List.of(), mysql("SELECT * FROM t FOR UPDATE").writtenTables());
  }

  @Test
  void set_transaction_is_transaction_control_but_other_sets_are_session_state() {
    assertEquals(StatementKind.TRANSACTION, mysql("SET TRANSACTION READ ONLY").kind());
    assertEquals(StatementKind.TRANSACTION, mysql("set session transaction read write").kind());
    assertEquals(StatementKind.SESSION, mysql("SET SESSION wait_timeout = 10").kind());
    assertEquals(StatementKind.SESSION, postgres("SET LOCAL TIME ZONE 'UTC'").kind());
  }

  @Test
  void function_names_after_from_are_not_tables() {
    assertEquals(List.of(), postgres("SELECT * FROM generate_series(1, 5)").tables());
    assertEquals(List.of("t"), postgres("SELECT * FROM t, jsonb_each(t.doc) AS e").tables());
  }

  @Test
  void jdbc_urls_map_to_dialects() {
    assertEquals(Dialect.MYSQL, Dialect.fromJdbcUrl("jdbc:mysql://localhost/db"));
    assertEquals(Dialect.MYSQL, Dialect.fromJdbcUrl("jdbc:mariadb://localhost/db"));
    assertEquals(Dialect.POSTGRES, Dialect.fromJdbcUrl("jdbc:postgresql://localhost/db"));
    assertEquals(Dialect.H2, Dialect.fromJdbcUrl("jdbc:h2:mem:x"));
    assertEquals(Dialect.GENERIC, Dialect.fromJdbcUrl("jdbc:oracle:thin:@x"));
    assertEquals(Dialect.GENERIC, Dialect.fromJdbcUrl(null));
  }

  @Test
  void a_cache_hit_returns_the_same_analysis() {
    SqlAnalyzer analyzer = new SqlAnalyzer(Dialect.POSTGRES, 1 << 20);
    Analysis first = analyzer.analyze("SELECT * FROM t WHERE id = $1");
    assertSame(first, analyzer.analyze(new String("SELECT * FROM t WHERE id = $1")));
  }

  @Test
  void statements_larger_than_the_cache_are_still_analyzed() {
    SqlAnalyzer analyzer = new SqlAnalyzer(Dialect.POSTGRES, 10);
    assertEquals(List.of("users"), analyzer.analyze("SELECT * FROM users WHERE id = 1").tables());
    assertEquals(List.of("users"), analyzer.analyze("SELECT * FROM users WHERE id = 1").tables());
  }

  @Test
  void analyses_are_immutable() {
    Analysis a = mysql("SELECT * FROM t");
    assertThrows(UnsupportedOperationException.class, () -> a.tables().add("x"));
  }

  @Test
  void a_locking_select_inside_a_cte_makes_the_statement_a_locking_read() {
    Analysis a =
        postgres(
            "WITH next AS (SELECT id FROM jobs WHERE state = 'ready' LIMIT 1 FOR UPDATE SKIP LOCKED)"
                + " SELECT * FROM next");
    assertEquals(StatementKind.LOCKING_READ, a.kind());
    assertEquals(List.of("jobs"), a.tables());
  }

  @Test
  void start_is_transaction_control_only_when_it_starts_a_transaction() {
    assertEquals(
        StatementKind.TRANSACTION, mysql("START TRANSACTION WITH CONSISTENT SNAPSHOT").kind());
    assertEquals(StatementKind.UNKNOWN, mysql("START SLAVE").kind());
  }

  @Test
  void mysql_functions_named_like_statements_are_not_statements() {
    Analysis a = mysql("SELECT (REPLACE(a, 'x', 'y')), (INSERT(b, 1, 1, 'z')) FROM t");
    assertEquals(StatementKind.READ, a.kind());
    assertEquals(List.of("t"), a.tables());
    assertEquals(List.of(), a.writtenTables());
  }

  @Test
  void parenthesised_joins_list_their_tables() {
    assertEquals(
        List.of("a", "b", "c"),
        mysql("SELECT * FROM a JOIN (b JOIN c ON b.id = c.id) ON a.id = b.id").tables());
  }

  @Test
  void regression_join_as_the_first_word_does_not_read_before_the_statement() {
    // Found by FuzzTest: the keyword before JOIN was looked up at index -1.
    assertEquals(
        StatementKind.UNKNOWN, SqlAnalyzer.analyzeUncached("JOIN @@ \\", Dialect.GENERIC).kind());
    assertEquals(StatementKind.UNKNOWN, mysql("FROM t").kind());
  }

  @Test
  void a_multi_table_delete_writes_the_tables_its_aliases_stand_for() {
    Analysis a = mysql("DELETE o FROM orders o JOIN items i ON i.order_id = o.id WHERE i.qty = 0");
    assertEquals(List.of("orders", "items"), a.tables());
    assertEquals(List.of("orders"), a.writtenTables());
    Analysis both = mysql("DELETE o, i FROM orders AS o JOIN items i ON i.order_id = o.id");
    assertEquals(List.of("orders", "items"), both.tables());
    assertEquals(List.of("orders", "items"), both.writtenTables());
    Analysis using =
        mysql("DELETE FROM o USING shop.orders AS o JOIN items i ON i.order_id = o.id");
    assertEquals(List.of("shop.orders", "items"), using.tables());
    assertEquals(List.of("shop.orders"), using.writtenTables());
    Analysis plain = mysql("DELETE orders FROM orders JOIN items ON items.order_id = orders.id");
    assertEquals(List.of("orders"), plain.writtenTables());
    Analysis pg = postgres("DELETE FROM orders o USING items i WHERE i.order_id = o.id");
    assertEquals(List.of("orders", "items"), pg.tables());
    assertEquals(List.of("orders"), pg.writtenTables());
  }
}
