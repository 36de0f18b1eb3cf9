package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The rewrite rules for MySQL constructs PostgreSQL lacks, as text. */
class MysqlRulesTest {
  /** The translation; the select-list labels, checked and taken out, are SelectLabelsTest's. */
  private static String pg(String mysql) {
    return Labelled.withoutLabels(mysql);
  }

  /** Asserts the rewrite and that the {@code ?} markers come out in the same order. */
  private static void rewrites(String mysql, String expected) {
    String actual = pg(mysql);
    assertEquals(expected, actual);
    assertEquals(markers(mysql, Dialect.MYSQL), markers(actual, Dialect.POSTGRES), "markers");
  }

  private static void leftAlone(String mysql) {
    assertEquals(SqlTranslator.translate(mysql, Dialect.MYSQL, Dialect.MYSQL), pg(mysql));
  }

  /**
   * Each {@code ?} by the block comment right after it, if any: tests name their parameters with
   * comments such as {@code ? /*p1* /} to tell them apart.
   */
  private static List<String> markers(String sql, Dialect dialect) {
    SqlLexer lx = SqlLexer.lex(sql, dialect, true);
    List<String> names = new ArrayList<>();
    for (int t = 0; t < lx.count; t++) {
      if (lx.types[t] == SqlLexer.PARAM) {
        boolean named =
            t + 1 < lx.count
                && lx.types[t + 1] == SqlLexer.COMMENT
                && (lx.flags[t + 1] & SqlLexer.BLOCK) != 0;
        names.add(named ? lx.text(t + 1) : "?");
      }
    }
    return names;
  }

  @Nested
  class Functions {
    @Test
    void sequence_calls_name_the_sequence_as_text() {
      rewrites("select next value for order_seq", "select nextval('order_seq')");
      rewrites("SELECT NEXTVAL(order_seq)", "SELECT nextval('order_seq')");
      rewrites("SELECT NEXTVAL(`Order Seq`)", "SELECT nextval('\"Order Seq\"')");
      rewrites("SELECT PREVIOUS VALUE FOR s, LASTVAL(s)", "SELECT currval('s'), currval('s')");
      rewrites(
          "INSERT INTO t (id, a) VALUES (NEXT VALUE FOR s, ?)",
          "INSERT INTO t (id, a) VALUES (nextval('s'), ?)");
      // Qualified as a table name is; comments anywhere.
      rewrites("SELECT NEXTVAL(shop.s)", "SELECT nextval('shop.s')");
      rewrites("select next /* x */ value for shop.`S`", "select nextval('shop.\"S\"')");
      // MariaDB ignores a value that would move the sequence back (in its direction): NULL.
      String now =
          "(CASE WHEN s.is_called THEN s.last_value + q.seqincrement ELSE s.last_value END)";
      rewrites(
          "SELECT SETVAL(s, 100)",
          "SELECT (SELECT setval('s', v.n, true) FROM (SELECT CAST(100 AS BIGINT) AS n) v, s s,"
              + " pg_sequence q WHERE q.seqrelid = 's'::regclass AND CASE WHEN q.seqincrement > 0"
              + " THEN "
              + now
              + " <= v.n + q.seqincrement ELSE "
              + now
              + " >= v.n + q.seqincrement END)");
      rewrites(
          "SELECT SETVAL(`S`, ?, 0)",
          "SELECT (SELECT setval('\"S\"', v.n, false) FROM (SELECT CAST(? AS BIGINT) AS n) v,"
              + " \"S\" s, pg_sequence q WHERE q.seqrelid = '\"S\"'::regclass AND CASE WHEN"
              + " q.seqincrement > 0 THEN "
              + now
              + " <= v.n ELSE "
              + now
              + " >= v.n END)");
      leftAlone("SELECT SETVAL(s, 5, 1, 2)");
      // Already PostgreSQL's form.
      leftAlone("SELECT nextval('s')");
      leftAlone("SELECT lastval()");
      rewrites("SELECT next, value FROM t", "SELECT next, value FROM t");
    }

    @Test
    void concat_joins_with_the_null_propagating_operator_and_length_counts_bytes() {
      rewrites(
          "SELECT CONCAT(a, ?, IFNULL(b, 'x, y')), LENGTH(c) FROM t WHERE id = ?",
          "SELECT ((a)::text || (?)::text || (COALESCE(b, 'x, y'))::text), OCTET_LENGTH(c) FROM t"
              + " WHERE id = ?");
      rewrites("select length from t", "select length from t");
    }

    @Test
    void
        greatest_and_least_are_null_when_an_argument_is_unless_an_argument_would_repeat_a_parameter() {
      rewrites(
          "SELECT GREATEST(a, b + 1, 0), least(`c`, 'x') FROM t WHERE id = ?",
          "SELECT (CASE WHEN (a) IS NULL OR (b + 1) IS NULL OR (0) IS NULL THEN NULL ELSE"
              + " GREATEST(a, b + 1, 0) END), (case when (\"c\") is null or ('x') is null then null"
              + " else least(\"c\", 'x') end) FROM t WHERE id = ?");
      // A parameter or a function call would be repeated by that form: each argument once.
      rewrites(
          "UPDATE t SET n = GREATEST(n, ?)",
          "UPDATE t SET n = (SELECT CASE WHEN bool_or(x IS NULL) THEN NULL ELSE (array_agg(x"
              + " ORDER BY x DESC))[1] END FROM unnest(ARRAY[n, ?]) AS cutover_args(x))");
      rewrites(
          "select least(a, f(b)) from t",
          "select (select case when bool_or(x is null) then null else (array_agg(x order by"
              + " x))[1] end from unnest(array[a, f(b)]) as cutover_args(x)) from t");
      // Not in DDL, where PostgreSQL allows no sub-query.
      rewrites(
          "CREATE TABLE t (a INT, b INT AS (GREATEST(a, abs(a))))",
          "CREATE TABLE t (a INT, b INT AS (GREATEST(a, abs(a))))");
    }

    @Test
    void drop_temporary_table_becomes_drop_table() {
      // Qualified: PostgreSQL's plain DROP TABLE would fall through to a permanent table.
      rewrites(
          "DROP TEMPORARY TABLE IF EXISTS s, `t` CASCADE",
          "DROP TABLE IF EXISTS pg_temp.s, pg_temp.\"t\" CASCADE");
      rewrites("drop temporary table s", "drop table pg_temp.s");
      rewrites("DROP TEMPORARY TABLE db.s", "DROP TEMPORARY TABLE db.s");
      rewrites("CREATE TEMPORARY TABLE s (x INT)", "CREATE TEMPORARY TABLE s (x INT)");
      rewrites("SELECT temporary FROM t", "SELECT temporary FROM t");
    }

    @Test
    void ifnull_becomes_coalesce() {
      rewrites("SELECT IFNULL(a, ?) FROM t", "SELECT COALESCE(a, ?) FROM t");
      rewrites("select ifnull(`a`, 'x') from t", "select coalesce(\"a\", 'x') from t");
    }

    @Test
    void if_becomes_case_with_nested_calls_strings_and_parameters_in_order() {
      rewrites(
          "SELECT IF(a > ? /*p1*/, IFNULL(b, ? /*p2*/), IF(c = 'x, y', ? /*p3*/, `d`)) FROM t",
          "SELECT (CASE WHEN a > ? /*p1*/ THEN COALESCE(b, ? /*p2*/) ELSE (CASE WHEN c = 'x, y'"
              + " THEN ? /*p3*/ ELSE \"d\" END) END) FROM t");
      rewrites(
          "UPDATE t SET a = if(f(b, c), 'it\\'s', (SELECT 1)) WHERE id = ?",
          "UPDATE t SET a = (case when f(b, c) then 'it''s' else (SELECT 1) end) WHERE id = ?");
      // MySQL's ! is its NOT (of a boolean column, NOT there too: see BooleanLiterals).
      rewrites(
          "SELECT IF(!active, 1, 2) FROM t", "SELECT (CASE WHEN !active THEN 1 ELSE 2 END) FROM t");
    }

    @Test
    void if_whose_condition_postgresql_would_judge_differently_is_left_alone() {
      // MySQL takes 'yes' and 0.4 as false, PostgreSQL's CASE WHEN as true.
      leftAlone("SELECT IF('yes', 1, 2) FROM t");
      leftAlone("UPDATE t SET a = IF(?, 'yes', 'no') WHERE id = ?");
      leftAlone("SELECT IF(0.4, 1, 2), IF(a + 1, 1, 2) FROM t");
      rewrites("SELECT IF(NULL, 1, 2)", "SELECT (CASE WHEN NULL THEN 1 ELSE 2 END)");
      rewrites(
          "SELECT NOT IF(a IS NULL, b, c)FROM t",
          "SELECT CAST((NOT (CASE WHEN a IS NULL THEN b ELSE c END)) AS INTEGER)FROM t");
    }

    @Test
    void a_line_comment_inside_if_does_not_swallow_the_rest() {
      rewrites(
          "SELECT IF(a # why\n, b, c) FROM t",
          "SELECT (CASE WHEN a -- why\n THEN b ELSE c END) FROM t");
    }

    @Test
    void if_with_another_number_of_arguments_or_in_a_stored_program_is_left_alone() {
      leftAlone("SELECT IF(a, b) FROM t");
      leftAlone("SELECT IF(a, b, c, d) FROM t");
      leftAlone("IF (a, b, c) THEN SET x = 1; END IF");
      leftAlone("DROP TABLE IF EXISTS t");
      leftAlone("SELECT t.if(a, b, c), IFNULL(a, b, c), IFNULL(a) FROM t");
      rewrites("SELECT `IF`(a, b, c)", "SELECT \"IF\"(a, b, c)");
    }

    @Test
    void keywords_in_strings_comments_and_quoted_names_are_left_alone() {
      rewrites(
          "SELECT 'IF(a, b, c)', \"CURDATE()\" /* NOW(3) */, `INTERVAL 1 DAY` # IFNULL(a, b)",
          "SELECT 'IF(a, b, c)', 'CURDATE()' /* NOW(3) */, \"INTERVAL 1 DAY\" -- IFNULL(a, b)");
    }

    @Test
    void date_and_time_functions_become_postgresql_values() {
      rewrites(
          "SELECT CURDATE(), current_date(), CURTIME(), CURRENT_TIME(), CURRENT_TIME, curtime(3)",
          "SELECT CURRENT_DATE, current_date, LOCALTIME, LOCALTIME, LOCALTIME, localtime(3)");
      rewrites(
          "SELECT NOW(), NOW(3), CURRENT_TIMESTAMP(), CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP",
          "SELECT NOW(), CURRENT_TIMESTAMP(3), CURRENT_TIMESTAMP, CURRENT_TIMESTAMP(6),"
              + " CURRENT_TIMESTAMP");
      rewrites(
          "SELECT LOCALTIME, LOCALTIME(), localtime(2), LOCALTIMESTAMP(), SYSDATE(), SYSDATE(3)",
          "SELECT LOCALTIMESTAMP, LOCALTIMESTAMP, localtimestamp(2), LOCALTIMESTAMP,"
              + " clock_timestamp(), CAST(clock_timestamp() AS TIMESTAMPTZ(3))");
      rewrites(
          "SELECT UTC_TIMESTAMP(), UTC_TIMESTAMP, utc_timestamp(3), UTC_DATE(), UTC_TIME",
          "SELECT timezone('UTC', now()), timezone('UTC', now()), timezone('UTC',"
              + " current_timestamp(3)), CAST(timezone('UTC', now()) AS DATE),"
              + " CAST(timezone('UTC', now()) AS TIME)");
      rewrites(
          "INSERT INTO t (at) VALUES (UNIX_TIMESTAMP())",
          "INSERT INTO t (at) VALUES (CAST(floor(date_part('epoch', now())) AS BIGINT))");
    }

    @Test
    void functions_postgresql_has_or_that_need_an_exact_argument_are_left_alone() {
      leftAlone("SELECT NOW(), NOW(?), NOW(7), SYSDATE(?), t.now(3) FROM t");
      rewrites(
          "SELECT UNIX_TIMESTAMP(d) FROM t",
          "SELECT (SELECT CASE WHEN e >= 0 AND e < 2147483648 THEN trim_scale(e) END FROM (SELECT"
              + " EXTRACT(EPOCH FROM CAST(d AS TIMESTAMPTZ))) AS cutover_epoch(e)) FROM t");
      leftAlone("CREATE TABLE t (d DATETIME, e BIGINT AS (UNIX_TIMESTAMP(d)))");
      rewrites(
          "SELECT id FROM t WHERE FIND_IN_SET(?, tags) AND FIND_IN_SET('x', tags) > 1",
          "SELECT id FROM t WHERE ((SELECT CASE WHEN x.s IS NULL OR x.l IS NULL THEN NULL ELSE"
              + " COALESCE(array_position(string_to_array(lower(x.l), ','), lower(x.s)), 0) END"
              + " FROM (SELECT CAST(? AS TEXT), CAST(tags AS TEXT)) AS x(s, l)) > 0) AND (SELECT"
              + " CASE WHEN x.s IS NULL OR x.l IS NULL THEN NULL ELSE"
              + " COALESCE(array_position(string_to_array(lower(x.l), ','), lower(x.s)), 0) END"
              + " FROM (SELECT CAST('x' AS TEXT), CAST(tags AS TEXT)) AS x(s, l)) > 1");
      leftAlone("SELECT now, curdate, t.localtime, t.utc_date FROM t");
      rewrites("SELECT `utc_timestamp` FROM t", "SELECT \"utc_timestamp\" FROM t");
    }
  }

  @Nested
  class Intervals {
    @Test
    void a_number_or_integer_string_becomes_an_interval_literal() {
      rewrites(
          "SELECT * FROM t WHERE d > NOW() - INTERVAL 30 DAY AND e < d + interval '1' hour",
          "SELECT * FROM t WHERE d > NOW() - INTERVAL '30 day' AND e < d + interval '1 hour'");
      rewrites(
          "SELECT INTERVAL -2 WEEK, INTERVAL 5 MICROSECOND, INTERVAL 1 MONTH, INTERVAL '3' YEAR",
          "SELECT INTERVAL '-2 week', INTERVAL '5 microsecond', INTERVAL '1 month',"
              + " INTERVAL '3 year'");
      rewrites(
          "SELECT INTERVAL 10 SECOND, INTERVAL 1 MINUTE, INTERVAL 2 QUARTER",
          "SELECT INTERVAL '10 second', INTERVAL '1 minute', INTERVAL '6 month'");
    }

    @Test
    void fractions_are_rounded_as_mysql_rounds_them_except_seconds() {
      rewrites(
          "SELECT INTERVAL 1.5 DAY, INTERVAL -2.5 HOUR, INTERVAL 2.4 MONTH",
          "SELECT INTERVAL '2 day', INTERVAL '-3 hour', INTERVAL '2 month'");
      rewrites(
          "SELECT INTERVAL 1.50 SECOND, INTERVAL '2.5' SECOND",
          "SELECT INTERVAL '1.5 second', INTERVAL '2.5 second'");
      // MySQL truncates a fractional string; PostgreSQL's INTERVAL '1.5' DAY does as well.
      leftAlone("SELECT INTERVAL '1.5' DAY");
    }

    @Test
    void a_parameter_column_or_expression_multiplies_a_unit_interval() {
      rewrites(
          "SELECT d + INTERVAL ? DAY, d - INTERVAL t.n MINUTE, d + INTERVAL (? + 1) QUARTER",
          "SELECT d + (CAST(CAST(? AS NUMERIC) AS BIGINT) * INTERVAL '1 day'), d - (CAST(t.n AS BIGINT) *"
              + " INTERVAL '1 minute'), d + (CAST((? + 1) AS BIGINT) * INTERVAL '3 month')");
      rewrites(
          "SELECT d + INTERVAL `n` SECOND",
          "SELECT d + (CAST(\"n\" AS NUMERIC) * INTERVAL '1 second')");
    }

    @Test
    void compound_units_and_other_values_are_left_alone() {
      leftAlone("SELECT d + INTERVAL '1:30' HOUR_MINUTE, d + INTERVAL '1 2' DAY_HOUR FROM t");
      leftAlone("SELECT INTERVAL 1e3 DAY, INTERVAL 0x10 DAY, INTERVAL f(x) DAY, INTERVAL 1 DAYS");
      leftAlone("SELECT INTERVAL(5, 1, 10), INTERVAL '1 day', INTERVAL ? FROM t");
      leftAlone("SELECT INTERVAL 'x' DAY, INTERVAL '1.1234567' SECOND");
    }

    @Test
    void date_add_and_date_sub_with_an_interval_become_arithmetic() {
      rewrites(
          "UPDATE t SET d = DATE_ADD(d, INTERVAL ? DAY) WHERE id = ?",
          "UPDATE t SET d = (d + (CAST(CAST(? AS NUMERIC) AS BIGINT) * INTERVAL '1 day')) WHERE id = ?");
      rewrites(
          "SELECT date_sub(IFNULL(d, NOW()), interval 1 MONTH), ADDDATE(d, INTERVAL '2' HOUR),"
              + " SUBDATE(`d`, INTERVAL 1 YEAR)",
          "SELECT (COALESCE(d, NOW()) - interval '1 month'), (d + INTERVAL '2 hour'),"
              + " (\"d\" - INTERVAL '1 year')");
      // MySQL reads this as (x + 1 day) * 2; PostgreSQL would multiply the interval first.
      leftAlone("SELECT x + INTERVAL 1 DAY * 2 FROM t");
      leftAlone("SELECT x - INTERVAL ? HOUR DIV 2 FROM t");
      rewrites(
          "SELECT DATE_ADD(DATE_ADD(?, INTERVAL ? DAY), INTERVAL 1 HOUR)",
          "SELECT ((CAST(? AS TIMESTAMP) + (CAST(CAST(? AS NUMERIC) AS BIGINT) * INTERVAL '1"
              + " day')) + INTERVAL '1 hour')");
      rewrites(
          "SELECT date_sub('2024-01-31', INTERVAL 1 MONTH), DATE_SUB(? + 1, INTERVAL 1 DAY)",
          "SELECT (CAST('2024-01-31' AS TIMESTAMP) - INTERVAL '1 month'), (? + 1 - INTERVAL"
              + " '1 day')");
    }

    @Test
    void date_add_without_an_interval_it_can_rewrite_is_left_alone() {
      leftAlone("SELECT ADDDATE(d, 3), DATE_ADD(d, INTERVAL '1:30' HOUR_MINUTE), DATE_ADD(d)");
      rewrites(
          "SELECT DATE_ADD(d, INTERVAL 1 DAY + INTERVAL 1 HOUR)",
          "SELECT DATE_ADD(d, INTERVAL '1 day' + INTERVAL '1 hour')");
    }
  }

  @Nested
  class InsertSet {
    @Test
    void insert_set_becomes_insert_values_with_parameters_in_order() {
      rewrites(
          "INSERT INTO t SET a = 1, `b` = ? /*p1*/, c = IF(?, 'x', 'y') /*p2*/",
          "INSERT INTO t (a, \"b\", c) VALUES (1, ? /*p1*/, IF(?, 'x', 'y')) /*p2*/");
      rewrites(
          "insert shop.t set a = (SELECT max(b) FROM u WHERE c = ?), d = DEFAULT",
          "insert into shop.t (a, d) values ((SELECT max(b) FROM u WHERE c = ?), DEFAULT)");
    }

    @Test
    void insert_ignore_set_gets_its_on_conflict_clause() {
      rewrites(
          "INSERT IGNORE INTO t SET a = ?, b = 'SET c = 1' # note",
          "INSERT INTO t (a, b) VALUES (?, 'SET c = 1') ON CONFLICT DO NOTHING -- note");
    }

    @Test
    void replace_and_on_duplicate_key_update_keep_their_tail_for_the_upsert_rewrite() {
      rewrites("REPLACE t SET a = ?", "REPLACE INTO t (a) VALUES (?)");
      rewrites(
          "INSERT INTO counters SET name = ?, cnt = 1 ON DUPLICATE KEY UPDATE cnt = cnt + ?",
          "INSERT INTO counters (name, cnt) VALUES (?, 1) ON DUPLICATE KEY UPDATE cnt = cnt + ?");
    }

    @Test
    void the_upsert_rewrite_reads_the_result_of_insert_set() throws SQLException {
      assertEquals(
          "INSERT INTO counters (name, cnt) VALUES (?, 1) ON CONFLICT (\"name\") DO UPDATE SET"
              + " cnt = counters.cnt + 1",
          UpsertTranslationTest.pg(
              "INSERT INTO counters SET name = ?, cnt = 1 ON DUPLICATE KEY UPDATE cnt = cnt + 1"));
      assertEquals(
          "INSERT INTO counters (name, cnt) VALUES (?, ?) ON CONFLICT (\"name\") DO UPDATE SET"
              + " cnt = (CASE WHEN counters.cnt > 9 THEN EXCLUDED.cnt ELSE counters.cnt + 1 END),"
              + " note = timezone('UTC', now())",
          UpsertTranslationTest.pg(
              "INSERT counters SET name = ?, cnt = ? ON DUPLICATE KEY UPDATE"
                  + " cnt = IF(cnt > 9, VALUES(cnt), cnt + 1), note = UTC_TIMESTAMP()"));
      assertTrue(
          UpsertTranslationTest.pg("REPLACE INTO counters SET name = 'a', cnt = ?")
              .startsWith(
                  "INSERT INTO counters (name, cnt) VALUES ('a', ?) ON CONFLICT (\"name\")"));
    }

    @Test
    void shapes_it_cannot_read_are_left_alone() {
      leftAlone("INSERT INTO t SET t.a = 1");
      leftAlone("INSERT INTO t SET a = 1 AS new ON DUPLICATE KEY UPDATE a = new.a");
      leftAlone("INSERT INTO t PARTITION (p0) SET a = 1");
      leftAlone("INSERT INTO t SET a := 1");
      leftAlone("INSERT INTO t SET a = 1, ");
      leftAlone("INSERT INTO t SET a = 1 ON x");
      leftAlone("INSERT INTO t SET");
    }
  }

  @Nested
  class LimitedWrites {
    @Test
    void update_with_limit_picks_its_rows_in_a_sub_select_keeping_parameter_order() {
      rewrites(
          "UPDATE t SET a = ? /*p1*/ WHERE b = ? /*p2*/ ORDER BY c LIMIT ? -- p3",
          "UPDATE t SET a = ? /*p1*/ WHERE (tableoid, ctid) IN (SELECT tableoid, ctid FROM t"
              + " WHERE b = ? /*p2*/ ORDER BY c LIMIT ? FOR UPDATE) -- p3");
      rewrites(
          "update `t` as x set a = 1 limit 10",
          "update \"t\" as x set a = 1 where (tableoid, ctid) in (select tableoid, ctid from"
              + " \"t\" as x limit 10 for update)");
    }

    @Test
    void delete_with_limit_picks_its_rows_in_a_sub_select() {
      rewrites(
          "DELETE FROM t WHERE a = ? AND b IN (SELECT b FROM u LIMIT 1) LIMIT 1 -- x",
          "DELETE FROM t WHERE (tableoid, ctid) IN (SELECT tableoid, ctid FROM t WHERE a = ? AND"
              + " b IN (SELECT b FROM u LIMIT 1) LIMIT 1 FOR UPDATE) -- x");
      rewrites(
          "DELETE FROM shop.t ORDER BY id DESC LIMIT 5 RETURNING id",
          "DELETE FROM shop.t WHERE (tableoid, ctid) IN (SELECT tableoid, ctid FROM shop.t"
              + " ORDER BY id DESC LIMIT 5 FOR UPDATE) RETURNING id");
    }

    @Test
    void other_shapes_are_left_alone() {
      leftAlone("UPDATE t SET a = 1 ORDER BY b");
      leftAlone("UPDATE LOW_PRIORITY t SET a = 1 LIMIT 1");
      leftAlone("UPDATE IGNORE t SET a = 1 LIMIT 1");
      leftAlone("DELETE QUICK FROM t LIMIT 1");
      leftAlone("UPDATE t SET a = 1 WHERE b = 2 LIMIT 1 + 1");
      leftAlone("UPDATE t SET a = (SELECT 1 FROM u LIMIT 1)");
      assertEquals(
          "DELETE FROM t WHERE a = 1 LIMIT 2 OFFSET 1", pg("DELETE FROM t WHERE a = 1 LIMIT 1, 2"));
    }

    @Test
    void a_write_with_limit_but_no_order_by_is_non_deterministic() {
      assertTrue(nonDeterministic("UPDATE t SET a = 1 WHERE b = 2 LIMIT 1"));
      assertTrue(nonDeterministic("DELETE FROM t LIMIT ?"));
      assertTrue(nonDeterministic("INSERT INTO t SELECT * FROM u LIMIT 10"));
      assertTrue(nonDeterministic("SELECT 1; DELETE FROM t LIMIT 1"));
      assertFalse(nonDeterministic("UPDATE t SET a = 1 WHERE b = 2 ORDER BY id LIMIT 1"));
      assertFalse(nonDeterministic("DELETE FROM t ORDER BY id DESC LIMIT 5"));
      assertFalse(nonDeterministic("DELETE FROM t WHERE id IN (SELECT id FROM u LIMIT 1)"));
      assertFalse(nonDeterministic("SELECT * FROM t LIMIT 1"));
      assertFalse(nonDeterministic("UPDATE t SET a = 'LIMIT 1'"));
    }

    @Test
    void a_query_drawing_from_a_sequence_is_a_deterministic_write() {
      // Replayed, it moves the other database's sequence; the values it draws are stored nowhere.
      assertFalse(nonDeterministic("SELECT NEXT VALUE FOR order_seq"));
      assertFalse(nonDeterministic("SELECT NEXTVAL(order_seq)"));
      assertTrue(nonDeterministic("SELECT NEXTVAL(order_seq), NOW()"));
      // In an INSERT the drawn value is written: the keys decide (DualWrite).
      assertTrue(nonDeterministic("INSERT INTO t (id) VALUES (NEXTVAL(order_seq))"));
      assertTrue(nonDeterministic("INSERT INTO t (id) VALUES (NEXT VALUE FOR order_seq)"));
      assertFalse(nonDeterministic("SELECT next, value FROM t"));
    }

    private boolean nonDeterministic(String sql) {
      return SqlAnalyzer.analyzeUncached(sql, Dialect.MYSQL).nonDeterministic();
    }

    @Test
    void an_order_by_that_leaves_ties_is_a_risk_unless_it_names_a_not_null_unique_key()
        throws SQLException {
      LimitedWriteKeys.Keys keys =
          new LimitedWriteKeys.Keys() {
            @Override
            public List<String> rowKey(String table) {
              return rowKeys(table).isEmpty() ? List.of() : rowKeys(table).get(0);
            }

            @Override
            public List<List<String>> rowKeys(String table) {
              switch (table) {
                case "t":
                  return List.of(List.of("id"), List.of("code"));
                case "shop.p":
                  return List.of(List.of("a", "b"));
                default:
                  return List.of();
              }
            }
          };
      String[] unique = {
        "UPDATE t SET a = 1 ORDER BY id LIMIT 1",
        "DELETE FROM t WHERE n > ? ORDER BY n DESC, `ID` LIMIT ?",
        "UPDATE t AS x SET a = 1 ORDER BY x.code DESC LIMIT 1",
        "delete from shop.p order by b, a, c limit 2",
        "INSERT INTO log (id) SELECT id FROM t ORDER BY id LIMIT 10",
        // Not this check's: without ORDER BY it is non-deterministic anyway.
        "DELETE FROM t LIMIT 1",
      };
      for (String sql : unique) {
        assertEquals(null, LimitedWriteKeys.orderRisk(sql, Dialect.MYSQL, keys), sql);
      }
      String[] ties = {
        "UPDATE t SET a = 1 ORDER BY n LIMIT 1",
        "UPDATE t SET a = 1 WHERE id > ? ORDER BY n, a LIMIT ?",
        "delete from shop.p order by a limit 2",
        "DELETE FROM t ORDER BY id + 0 LIMIT 1",
        "DELETE FROM t ORDER BY 1 LIMIT 1",
        "DELETE FROM u ORDER BY id LIMIT 1",
        "INSERT INTO log (id) SELECT t.id FROM t JOIN u ON u.id = t.id ORDER BY t.id LIMIT 10",
        "DELETE FROM t ORDER BY id LIMIT 1; DELETE FROM t ORDER BY n LIMIT 1",
      };
      for (String sql : ties) {
        String risk = LimitedWriteKeys.orderRisk(sql, Dialect.MYSQL, keys);
        assertTrue(risk != null && risk.contains("ORDER BY"), sql + ": " + risk);
      }
    }
  }

  /**
   * MySQL applies a single-table UPDATE's assignments left to right, PostgreSQL all on the old row:
   * a later assignment reading an earlier one's column reads that assignment's value instead.
   */
  @Nested
  class LeftToRightAssignments {
    @Test
    void a_later_assignment_reads_the_value_an_earlier_one_gave_the_column() {
      rewrites(
          "UPDATE t SET a = a + 1, b = a WHERE id = 1",
          "UPDATE t SET a = a + 1, b = (a + 1) WHERE id = 1");
      rewrites("UPDATE t SET a = b, b = a", "UPDATE t SET a = b, b = (b)");
      rewrites(
          "UPDATE kv SET v = v + 1, w = v * ? /*p1*/ WHERE id = ? /*p2*/",
          "UPDATE kv SET v = v + 1, w = (v + 1) * ? /*p1*/ WHERE id = ? /*p2*/");
      // A string is no column; a column read before it is assigned reads the old value anyway.
      rewrites("UPDATE kv SET w = v * 2, v = ?", "UPDATE kv SET w = v * 2, v = ?");
      rewrites(
          "UPDATE t SET a = 1, b = 'a', c = t.b, d = ABS(a)",
          "UPDATE t SET a = 1, b = 'a', c = ('a'), d = ABS((1))");
    }

    @Test
    void a_chain_reads_each_value_translated_and_substituted_before_it() {
      rewrites(
          "UPDATE t AS x SET `a` = IFNULL(a, 0) + 1, b = x.a * 2, c = b - `A` WHERE id = ?",
          "UPDATE t AS x SET \"a\" = COALESCE(a, 0) + 1, b = (COALESCE(a, 0) + 1) * 2,"
              + " c = ((COALESCE(a, 0) + 1) * 2) - (COALESCE(a, 0) + 1) WHERE id = ?");
      rewrites(
          "UPDATE t SET n = 7, r = 10 / n, note = IF(n > 2, 'big', 'small')",
          "UPDATE t SET n = 7, r = 10 / ((7) + 0.0), note = (CASE WHEN (7) > 2 THEN 'big' ELSE"
              + " 'small' END)");
    }

    /**
     * A SET target qualified with the table or its alias, as jOOQ's MySQL and MariaDB dialects
     * write every assignment: PostgreSQL read {@code orders.total} as a field of a composite column
     * {@code orders} and refused the statement.
     */
    @Test
    void a_target_qualified_with_the_table_or_its_alias_loses_the_qualifier() {
      rewrites(
          "update `orders` set `orders`.`total` = (`orders`.`total` * ? /*p1*/),"
              + " `orders`.`qty` = (`orders`.`qty` + ? /*p2*/) where `orders`.`id` = ? /*p3*/",
          "update \"orders\" set \"total\" = (\"orders\".\"total\" * ? /*p1*/),"
              + " \"qty\" = (\"orders\".\"qty\" + ? /*p2*/) where \"orders\".\"id\" = ? /*p3*/");
      rewrites("UPDATE t x SET x.a = 1, b = x.a", "UPDATE t x SET a = 1, b = (1)");
      rewrites("UPDATE s.t AS x SET x.a = 1", "UPDATE s.t AS x SET a = 1");
      rewrites("UPDATE s.t SET s.t.a = 1, t.b = 2", "UPDATE s.t SET a = 1, b = 2");
      rewrites(
          "UPDATE t SET t.n = t.n + 1, t.m = t.n WHERE g = ? ORDER BY id LIMIT 1",
          "UPDATE t SET n = t.n + 1, m = (t.n + 1) WHERE (tableoid, ctid) IN (SELECT tableoid,"
              + " ctid FROM t WHERE g = ? ORDER BY id LIMIT 1 FOR UPDATE)");
      // A qualifier naming something else stays: MariaDB refuses it ("Unknown column"), case
      // counting, as for the table beside an alias and a schema it cannot tell is the current one.
      rewrites("UPDATE t x SET t.a = 1", "UPDATE t x SET t.a = 1");
      rewrites("UPDATE t SET u.a = 1", "UPDATE t SET u.a = 1");
      rewrites("UPDATE t SET T.a = 1, `X`.b = 2", "UPDATE t SET T.a = 1, \"X\".b = 2");
      rewrites("UPDATE t x SET X.a = 1", "UPDATE t x SET X.a = 1");
      rewrites("UPDATE t SET s.t.a = 1", "UPDATE t SET s.t.a = 1");
      // A multi-table UPDATE is the join rule's.
      rewrites(
          "UPDATE a JOIN b ON a.id = b.id SET a.x = b.y",
          "UPDATE a SET x = b.y FROM b WHERE (a.id = b.id)");
    }

    @Test
    void in_a_limited_update_too() {
      rewrites(
          "UPDATE t SET n = n + 1, m = n WHERE g = ? ORDER BY id LIMIT 1",
          "UPDATE t SET n = n + 1, m = (n + 1) WHERE (tableoid, ctid) IN (SELECT tableoid, ctid"
              + " FROM t WHERE g = ? ORDER BY id LIMIT 1 FOR UPDATE)");
    }

    @Test
    void in_on_duplicate_key_update_where_values_of_a_column_is_the_inserted_value()
        throws SQLException {
      rewrites(
          "INSERT INTO t (id, a, b) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE a = a + 5, b = a",
          "INSERT INTO t (id, a, b) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE a = a + 5,"
              + " b = (a + 5)");
      assertEquals(
          "INSERT INTO counters (name, cnt) VALUES (?, ?) ON CONFLICT (\"name\") DO UPDATE SET"
              + " cnt = counters.cnt + EXCLUDED.cnt, note = (counters.cnt + EXCLUDED.cnt) * 2",
          UpsertTranslationTest.pg(
              "INSERT INTO counters (name, cnt) VALUES (?, ?)"
                  + " ON DUPLICATE KEY UPDATE cnt = cnt + VALUES(cnt), note = cnt * 2"));
      assertEquals(
          "INSERT INTO counters (name, cnt) VALUES (?, ?) ON CONFLICT (\"name\") DO UPDATE SET"
              + " cnt = EXCLUDED.cnt, note = EXCLUDED.cnt",
          UpsertTranslationTest.pg(
              "INSERT INTO counters (name, cnt) VALUES (?, ?)"
                  + " ON DUPLICATE KEY UPDATE cnt = VALUES(cnt), note = VALUES(cnt)"));
    }

    @Test
    void a_value_that_cannot_be_repeated_leaves_the_statement_alone_and_a_risk() {
      String[] risky = {
        "UPDATE kv SET v = ?, w = v * 2",
        "UPDATE t SET a = (SELECT max(x) FROM u), b = a",
        "UPDATE t SET a = NOW(), b = a",
        "UPDATE t SET a = a + 1, b = (SELECT max(x) FROM u WHERE u.y = a)",
        "INSERT INTO t (id, a) VALUES (1, 2) ON DUPLICATE KEY UPDATE a = a + ?, b = a",
      };
      for (String sql : risky) {
        leftAlone(sql);
        assertTrue(risk(sql) != null, sql);
      }
      // A multi-table UPDATE, whose order MySQL does not guarantee, is translated as it is.
      String join = "UPDATE a JOIN b ON a.id = b.aid SET a.x = b.y, a.z = a.x";
      assertEquals("UPDATE a SET x = b.y, z = a.x FROM b WHERE (a.id = b.aid)", pg(join));
      assertTrue(risk(join).contains("multi-table"), risk(join));
      assertEquals(null, risk("UPDATE a JOIN b ON a.id = b.aid SET a.x = b.y, a.z = b.x"));
      // A column named like a keyword: INTERVAL 1 DAY is not the column day.
      String day = "UPDATE t SET day = day + 1, at = at + INTERVAL 1 DAY";
      assertEquals("UPDATE t SET day = day + 1, at = at + INTERVAL '1 day'", pg(day));
      assertTrue(risk(day) != null);
    }

    private String risk(String sql) {
      return SqlAnalyzer.analyzeUncached(sql, Dialect.MYSQL).assignmentOrderRisk();
    }
  }

  @Nested
  class Joins {
    @Test
    void update_join_becomes_update_from() {
      rewrites(
          "UPDATE a JOIN b ON a.id = b.aid SET a.x = b.y WHERE b.z = ?",
          "UPDATE a SET x = b.y FROM b WHERE (a.id = b.aid) AND (b.z = ?)");
      rewrites(
          "UPDATE a AS p INNER JOIN `b` q ON p.id = q.aid OR p.k = ? SET q.x = p.y, q.`w` = 1",
          "UPDATE \"b\" q SET x = p.y, \"w\" = 1 FROM a AS p WHERE (p.id = q.aid OR p.k = ?)");
      rewrites(
          "update a, b set a.x = b.y where a.id = b.id and b.k = ?",
          "update a set x = b.y from b where a.id = b.id and b.k = ?");
    }

    @Test
    void parameters_in_both_the_join_condition_and_the_assignments_leave_it_alone() {
      leftAlone("UPDATE a JOIN b ON a.id = b.aid AND b.k = ? SET a.x = ? WHERE b.z = ?");
      rewrites(
          "UPDATE a JOIN b ON a.id = b.aid SET a.x = ? /*p1*/ WHERE b.z = ? /*p2*/ OR b.z IS NULL",
          "UPDATE a SET x = ? /*p1*/ FROM b WHERE (a.id = b.aid) AND (b.z = ? /*p2*/ OR b.z IS"
              + " NULL)");
    }

    @Test
    void delete_join_becomes_delete_using() {
      rewrites(
          "DELETE a FROM a JOIN b ON a.id = b.aid WHERE b.z = ? -- old",
          "DELETE FROM a USING b WHERE (a.id = b.aid) AND (b.z = ?) -- old");
      rewrites(
          "DELETE q FROM a p INNER JOIN b AS q ON p.id = q.aid OR p.id = ?",
          "DELETE FROM b AS q USING a p WHERE (p.id = q.aid OR p.id = ?)");
      rewrites("DELETE a.* FROM a, b WHERE a.id = b.id", "DELETE FROM a USING b WHERE a.id = b.id");
    }

    @Test
    void the_multi_table_form_naming_one_table_loses_its_target() {
      // Hibernate's MariaDB dialect writes every bulk JPQL delete so.
      rewrites(
          "delete ol1_0 from order_line ol1_0 where ol1_0.qty>? and ol1_0.sku like ?",
          "delete from order_line ol1_0 where ol1_0.qty>? and ol1_0.sku like ?");
      rewrites("DELETE t FROM t", "DELETE FROM t");
      rewrites(
          "DELETE `x`.* FROM `tab` AS `x` WHERE x.id = 1",
          "DELETE FROM \"tab\" AS \"x\" WHERE x.id = 1");
      // Not the table's alias (MySQL refuses it), or clauses MySQL refuses there: as they are.
      leftAlone("DELETE tab FROM tab t WHERE t.id = 1");
      leftAlone("DELETE t FROM tab t WHERE t.id = 1 LIMIT 1");
      leftAlone("DELETE t FROM tab t ORDER BY t.id");
    }

    @Test
    void other_joins_and_targets_are_left_alone() {
      leftAlone("UPDATE a LEFT JOIN b ON a.id = b.aid SET a.x = 1");
      leftAlone("UPDATE a JOIN b ON a.id = b.aid SET x = 1");
      leftAlone("UPDATE a JOIN b ON a.id = b.aid SET a.x = 1, b.y = 2");
      leftAlone("UPDATE a JOIN b USING (id) SET a.x = 1");
      leftAlone("UPDATE a JOIN b ON a.id = b.aid JOIN c ON c.id = b.cid SET a.x = 1");
      leftAlone("UPDATE a, b, c SET a.x = 1");
      leftAlone("DELETE a, b FROM a JOIN b ON a.id = b.aid");
      leftAlone("DELETE c FROM a JOIN b ON a.id = b.aid");
      leftAlone("DELETE FROM a USING a JOIN b ON a.id = b.aid");
      leftAlone("DELETE a FROM a JOIN b ON a.id = b.aid ORDER BY a.id LIMIT 1");
    }
  }

  @Test
  void several_statements_are_rewritten_each_on_its_own() {
    rewrites(
        "INSERT t SET a = ?; DELETE FROM t LIMIT 1; SELECT IFNULL(a, 1) FROM t",
        "INSERT INTO t (a) VALUES (?); DELETE FROM t WHERE (tableoid, ctid) IN (SELECT tableoid,"
            + " ctid FROM t LIMIT 1 FOR UPDATE); SELECT COALESCE(a, 1) FROM t");
  }

  @Test
  void other_directions_are_not_rewritten() {
    String sql = "SELECT IFNULL(a, 1), d + INTERVAL 1 DAY FROM t";
    assertEquals(sql, SqlTranslator.translate(sql, Dialect.MYSQL, Dialect.MYSQL));
    assertEquals(sql, SqlTranslator.translate(sql, Dialect.POSTGRES, Dialect.MYSQL));
    assertEquals(sql, SqlTranslator.translate(sql, Dialect.MYSQL, Dialect.H2));
  }

  @Nested
  class Division {
    @Test
    void a_window_or_filter_clause_belongs_to_the_divisor() {
      rewrites(
          "SELECT v % COUNT(*) OVER (PARTITION BY w), v / SUM(w) OVER w1 FROM kv",
          "SELECT v % NULLIF(COUNT(*) OVER (PARTITION BY w), 0),"
              + " v / NULLIF(SUM(w) OVER w1 + 0.0, 0) FROM kv");
    }

    @Test
    void the_divisor_becomes_numeric_so_integers_divide_exactly_as_in_mysql() {
      rewrites(
          "SELECT 5 / 2, a/b, a / -3 FROM t",
          // 5 / 2 also with MySQL's scale (DecimalScales); a's type is unknown here.
          "SELECT CAST((5 / 2.0000) AS NUMERIC(1000, 4)), a/NULLIF(b + 0.0, 0), a / -3.0 FROM t");
      rewrites(
          "UPDATE t SET n = n / ? WHERE id = ? /*p2*/",
          "UPDATE t SET n = n / (? + 0.0) WHERE id = ? /*p2*/");
      rewrites(
          "SELECT sum(a) / count(*), x / (y - 1), `t`.`a` / t.b FROM t",
          "SELECT sum(a) / NULLIF(count(*) + 0.0, 0), x / NULLIF((y - 1) + 0.0, 0),"
              + " \"t\".\"a\" / NULLIF(t.b + 0.0, 0) FROM t");
      // The divisor is translated too.
      rewrites(
          "SELECT a / IFNULL(b, 1) FROM t", "SELECT a / NULLIF(COALESCE(b, 1) + 0.0, 0) FROM t");
    }

    @Test
    void an_integer_argument_that_divides_is_rounded_to_an_integer_as_mysql_does() {
      rewrites(
          "SELECT LEFT(name, LENGTH(name) / 2), repeat('x', n / ?), MID(s, 2, n / 3) FROM t",
          "SELECT LEFT(name, CAST((OCTET_LENGTH(name) / 2.0) AS INTEGER)), repeat('x',"
              + " cast((n / NULLIF(? + 0.0, 0)) as integer)), SUBSTR(s, 2, CAST((n / 3.0) AS"
              + " INTEGER)) FROM t");
      // A lone ? as SUBSTRING's position or length: PostgreSQL's substring(text, unknown,
      // unknown) is its regular-expression form. With GROUP BY (no sub-query), cast.
      rewrites(
          "SELECT substring(trim(name), ? /*p1*/, ? /*p2*/), SUBSTRING(name, ? /*p3*/),"
              + " SUBSTRING(name FROM ? /*p4*/ FOR 2), SUBSTR(name, ? /*p5*/), LEFT(name, ? /*p6*/)"
              + " FROM t GROUP BY name",
          "SELECT substring(trim(name), cast((? /*p1*/) as integer), cast((? /*p2*/) as integer)),"
              + " SUBSTRING(name, CAST((? /*p3*/) AS INTEGER)), SUBSTR(name, ? /*p4*/, 2),"
              + " SUBSTR(name, ? /*p5*/), LEFT(name, ? /*p6*/) FROM t GROUP BY name ORDER BY name NULLS"
              + " FIRST");
      // Else MySQL's cut for any value bound (a position below 1, a length below 1), each
      // argument once.
      rewrites(
          "SELECT SUBSTRING(name, ? /*p1*/) FROM t",
          "SELECT (SELECT CASE WHEN x IS NULL OR p IS NULL THEN NULL WHEN p = 0 OR abs(p) >"
              + " length(x) THEN '' WHEN p > 0 THEN substring(x, CAST(LEAST(p, 2147483647) AS"
              + " INTEGER)) ELSE substring(x, CAST(GREATEST(length(x) + p + 1, 1) AS INTEGER)) END"
              + " FROM (SELECT name, CAST((?"
              + " /*p1*/) AS BIGINT)) AS cutover_substring(x, p)) FROM t");
      // Not when the integer argument does not divide, or only inside a nested call.
      rewrites(
          "SELECT LEFT(a / 2, 3), LEFT(a, abs(b / 2)) FROM t LEFT JOIN u ON 1 = 1",
          "SELECT LEFT(a / 2.0, 3), LEFT(a, abs(b / 2.0)) FROM t LEFT JOIN u ON 1 = 1");
    }

    @Test
    void decimals_floats_and_divisors_it_cannot_read_whole_are_left_alone() {
      leftAlone("SELECT a / 2.5, a / 1e3 FROM t");
      // ^ binds tighter than /, and is XOR (BitOperators): the divisor is the XOR, a NUMERIC(20),
      // exactly divided; CASE and INTERVAL are longer than a name.
      rewrites(
          "SELECT a / b ^ 2, a / CASE WHEN b > 0 THEN b END FROM t",
          "SELECT a / CAST((CAST((CASE WHEN b IS NOT NULL THEN CAST((LEAST(GREATEST(round(CAST(b AS NUMERIC)),"
              + " -9223372036854775808), 18446744073709551615) + 9223372036854775808) %"
              + " 18446744073709551616 - 9223372036854775808 AS BIGINT) END # CAST(2 AS BIGINT)) AS NUMERIC) + 18446744073709551616) %"
              + " 18446744073709551616 AS NUMERIC(20)), a / CASE WHEN b > 0 THEN b END FROM t");
      leftAlone("SELECT a / b COLLATE utf8mb4_bin FROM t");
      // Not a division: comments and strings.
      leftAlone("SELECT '5 / 2' /* a / b */ FROM t");
    }

    @Test
    void a_read_divides_by_nullif_zero_as_mysql_reads_division_by_zero_as_null() {
      rewrites(
          "SELECT a / b, a / 0, a / 0.0, a / -(b - c), a / ? FROM t WHERE x / y > 1",
          "SELECT a / NULLIF(b + 0.0, 0), a / NULLIF(0.0, 0), a / NULLIF(0.0, 0), a / NULLIF(-(b -"
              + " c) + 0.0, 0), a / NULLIF(? + 0.0, 0) FROM t WHERE x / NULLIF(y + 0.0, 0) >"
              + " 1");
      rewrites(
          "select a div b, a div 0, a mod b, a % (b - 1), MOD(a, ?), mod(a, b - 1) from t",
          "select cast(div(cast(a as numeric), nullif(cast(b as numeric), 0)) as bigint),"
              + " cast(div(cast(a as numeric), nullif(cast(0 as numeric), 0)) as bigint), a %"
              + " nullif(b, 0), a % NULLIF((b - 1), 0), MOD(a, NULLIF(?, 0)), mod(a, nullif(b - 1,"
              + " 0)) from t");
      // The divisor alone: what follows binds as before (a % b * 2 is (a % b) * 2 on both).
      rewrites(
          "SELECT a % b * 2, a - b % c, x / y / z FROM t",
          "SELECT a % NULLIF(b, 0) * 2, a - b % NULLIF(c, 0), x / NULLIF(y + 0.0, 0) / NULLIF(z +"
              + " 0.0, 0) FROM t");
      // Divisors that are never zero keep their form.
      rewrites(
          "SELECT a / 2, a / 2.5, a DIV 2, a MOD 3, a % -3, MOD(a, 4) FROM t",
          "SELECT a / 2.0, a / 2.5, CAST(div(CAST(a AS NUMERIC), CAST(2 AS NUMERIC)) AS BIGINT), a"
              + " % 3, a % -3, MOD(a, 4) FROM t");
      // Divisors it cannot read whole stay as they are (and fail on zero, as before).
      rewrites(
          "SELECT a % b ^ 2, a / CASE WHEN b > 0 THEN b END FROM t",
          "SELECT a % CAST((CAST((CASE WHEN b IS NOT NULL THEN CAST((LEAST(GREATEST(round(CAST(b AS NUMERIC)),"
              + " -9223372036854775808), 18446744073709551615) + 9223372036854775808) %"
              + " 18446744073709551616 - 9223372036854775808 AS BIGINT) END # CAST(2 AS BIGINT)) AS NUMERIC) + 18446744073709551616) %"
              + " 18446744073709551616 AS NUMERIC(20)), a / CASE WHEN b > 0 THEN b END FROM t");
    }

    @Test
    void deletes_and_insert_ignore_too_but_not_writes_that_fail_on_zero_in_mysql() {
      rewrites(
          "WITH q AS (SELECT a / b AS r FROM t) SELECT r % 2 FROM q",
          "WITH q AS (SELECT a / NULLIF(b + 0.0, 0) AS r FROM t) SELECT r % 2 FROM q");
      rewrites(
          "(SELECT a % b FROM t) UNION (SELECT 1)",
          "(SELECT a % NULLIF(b, 0) FROM t) UNION (SELECT 1)");
      rewrites(
          "DELETE FROM t WHERE a / b IS NULL AND MOD(a, b) = 1",
          "DELETE FROM t WHERE a / NULLIF(b + 0.0, 0) IS NULL AND MOD(a, NULLIF(b, 0)) = 1");
      rewrites(
          "INSERT IGNORE INTO t (a, b) VALUES (1 / ?, 1 % ?)",
          "INSERT INTO t (a, b) VALUES (1 / NULLIF(? + 0.0, 0), 1 % NULLIF(?, 0)) ON CONFLICT DO"
              + " NOTHING");
      // MariaDB's strict mode refuses these (ERROR_FOR_DIVISION_BY_ZERO), as PostgreSQL does.
      rewrites(
          "UPDATE t SET a = a / b, c = c % d WHERE e / f > 0",
          "UPDATE t SET a = a / (b + 0.0), c = c % d WHERE e / (f + 0.0) > 0");
      rewrites(
          "INSERT INTO t (a) SELECT x / y FROM u", "INSERT INTO t (a) SELECT x / (y + 0.0) FROM u");
      leftAlone("INSERT INTO t (a, b) VALUES (MOD(1, ?), 1 % ?)");
      rewrites(
          "WITH q AS (SELECT 1) UPDATE t SET a = a / b",
          "WITH q AS (SELECT 1) UPDATE t SET a = a / (b + 0.0)");
    }

    @Test
    void in_an_upsert_the_divisor_s_columns_are_qualified_like_the_others() {
      String pg =
          SqlTranslator.translateOrThrow(
              "INSERT INTO t (id, n) VALUES (1, 2) ON DUPLICATE KEY UPDATE n = n / 2",
              Dialect.MYSQL,
              Dialect.POSTGRES);
      assertTrue(pg.contains("/ 2.0"), pg);
    }
  }

  @Nested
  class SmallConstructs {
    @Test
    void count_distinct_of_several_expressions_skips_rows_with_a_null() {
      rewrites(
          "SELECT COUNT(DISTINCT a, t.b), count(distinct a + 1, 'k', NULL) FROM t",
          "SELECT COUNT(DISTINCT CASE WHEN (a) IS NULL OR (t.b) IS NULL THEN NULL ELSE ROW(a,"
              + " t.b) END), count(distinct case when (a + 1) is null or ('k') is null or (NULL)"
              + " is null then null else row(a + 1, cast('k' as text), cast(NULL as text)) end)"
              + " FROM t");
      // A parameter or a call must be evaluated once: a sub-query, the markers in order.
      rewrites(
          "SELECT g FROM t GROUP BY g HAVING COUNT(DISTINCT ? /*p1*/, UPPER(b)) > ? /*p2*/",
          "SELECT g FROM t GROUP BY g HAVING COUNT(DISTINCT (SELECT x FROM (SELECT ROW(CAST(?"
              + " /*p1*/ AS TEXT), UPPER(b))) AS cutover_row(x) WHERE x IS NOT NULL)) > ? /*p2*/"
              + " ORDER BY g NULLS FIRST");
      leftAlone("SELECT COUNT(DISTINCT a), COUNT(a), COUNT(*), COUNT(DISTINCT (a)) FROM t");
      leftAlone("SELECT COUNT(a, b) FROM t");
      // DDL takes no sub-query: left as it is.
      leftAlone("CREATE VIEW v AS SELECT COUNT(DISTINCT a, f(b)) AS n FROM t");
    }

    @Test
    void substring_index_with_any_literal_count() {
      rewrites(
          "SELECT SUBSTRING_INDEX(host, '.', 2), substring_index(?, '.', -2), SUBSTRING_INDEX(s,"
              + " ', ', -3) FROM t",
          "SELECT array_to_string((string_to_array(host, '.'))[1:2], '.'),"
              + " reverse(array_to_string((string_to_array(reverse(?), '.'))[1:2], '.')),"
              + " reverse(array_to_string((string_to_array(reverse(s), ' ,'))[1:3], ' ,')) FROM t");
      rewrites(
          "SELECT SUBSTRING_INDEX(s, 'a\\'b', -2), SUBSTRING_INDEX(s, '\\n', -2) FROM t",
          "SELECT reverse(array_to_string((string_to_array(reverse(s), 'b''a'))[1:2], 'b''a')),"
              + " reverse(array_to_string((string_to_array(reverse(s), E'\\n'))[1:2], E'\\n'))"
              + " FROM t");
      // From the end, MariaDB finds a delimiter that overlaps itself left to right in utf8mb4
      // ('aaa' by 'aa' is 'a') but right to left in latin1 (''): left as it is, any negative count.
      leftAlone(
          "SELECT SUBSTRING_INDEX(s, 'aa', -2), SUBSTRING_INDEX(s, 'aa', -1),"
              + " SUBSTRING_INDEX(s, 'aba', -1) FROM t");
      rewrites(
          "SELECT SUBSTRING_INDEX(s, 'aa', 2), SUBSTRING_INDEX(s, 'aa', 1), SUBSTRING_INDEX(s,"
              + " 'ab', -1) FROM t",
          "SELECT array_to_string((string_to_array(s, 'aa'))[1:2], 'aa'), split_part(s, 'aa', 1),"
              + " split_part(s, 'ab', -1) FROM t");
      rewrites(
          "SELECT SUBSTRING_INDEX(s, ',', 0), SUBSTRING_INDEX(?, '', 3) FROM t",
          "SELECT left(s, 0), left(?, 0) FROM t");
      rewrites(
          "SELECT SUBSTRING_INDEX(s, ',', 2147483647) FROM t",
          "SELECT array_to_string((string_to_array(s, ','))[1:2147483647], ',') FROM t");
      // MariaDB takes the count modulo 2^32; a count not written as an integer is left.
      leftAlone("SELECT SUBSTRING_INDEX(s, ',', 4294967297) FROM t");
      leftAlone("SELECT SUBSTRING_INDEX(s, ',', 2147483648) FROM t");
      leftAlone("SELECT SUBSTRING_INDEX(s, ',', 1.5), SUBSTRING_INDEX(s, ',', n) FROM t");
      leftAlone("SELECT SUBSTRING_INDEX(s, d, 2), SUBSTRING_INDEX(s, N',', 2) FROM t");
      leftAlone("CREATE TABLE t (s VARCHAR(9), h VARCHAR(9) AS (SUBSTRING_INDEX(s, 'aa', -2)))");
    }

    @Test
    void adjacent_string_literals_are_one() {
      rewrites(
          "SELECT 'a' 'b', 'it\\'s' \"a \\\"b\\\"\" 'c''d', 'x'\n  'y' FROM t WHERE n = 'line\\n'"
              + " 'two'",
          "SELECT 'ab', 'it''sa \"b\"c''d', 'xy' FROM t WHERE n = E'line\\ntwo'");
      rewrites(
          "INSERT INTO t (a, b) VALUES ('a' 'b', ?), ('c', 'd' 'e')",
          "INSERT INTO t (a, b) VALUES ('ab', ?), ('c', 'de')");
      // Prefixed strings and a comment between end the run (PostgreSQL refuses those).
      rewrites(
          "SELECT N'a' 'b', 'a' /* c */ 'b' FROM t", "SELECT N'a' 'b', 'a' /* c */ 'b' FROM t");
    }
  }

  @Nested
  class Substrings {
    @Test
    void a_position_from_the_end_or_zero_takes_the_last_characters_as_in_mysql() {
      rewrites(
          "SELECT SUBSTRING(name, -3), substr(?, 0), MID(name, - 4, ?) FROM t WHERE id = ?",
          "SELECT substring((name) FROM '.{3}$|$'), substring((?) from '.{0}$|$'),"
              + " substr(substring((name) FROM '.{4}$|$'), 1, ?) FROM t WHERE id = ?");
    }

    @Test
    void positive_or_unknown_positions_are_left_alone() {
      leftAlone("SELECT SUBSTRING(name, 2), SUBSTR(name, ?, 3) FROM t");
      leftAlone("SELECT MID(name, n) FROM t");
      // The FROM form counts from the end as the comma form does (MariaDB's 'lo' of 'hello').
      rewrites(
          "SELECT SUBSTRING(name FROM -2) FROM t",
          "SELECT substring((name) FROM '.{2}$|$') FROM t");
    }
  }

  @Nested
  class LastInsertIds {
    @Test
    void last_insert_id_is_postgresql_s_lastval_and_is_found_in_writes() {
      rewrites("SELECT LAST_INSERT_ID()", "SELECT lastval()");
      rewrites("select last_insert_id() from dual", "select lastval() ");
      // With an argument it sets the value: the expression, remembered (see LastInsertIdTest).
      rewrites(
          "UPDATE seq SET id = LAST_INSERT_ID(id + 1)",
          "UPDATE seq SET id = CAST(NULLIF(set_config('cutover.last_insert_id',"
              + " COALESCE(CAST(CAST((id + 1) AS BIGINT) AS TEXT), 'null'), false), 'null') AS"
              + " BIGINT)");
      assertTrue(LastInsertId.uses("INSERT INTO c (p) VALUES (last_insert_id())"));
      assertFalse(LastInsertId.uses("INSERT INTO c (note) VALUES ('LAST_INSERT_ID()')"));
      assertFalse(LastInsertId.uses("UPDATE seq SET id = LAST_INSERT_ID(id + 1)"));
      assertEquals(
          "INSERT INTO c (p) VALUES (7)",
          LastInsertId.substitute("INSERT INTO c (p) VALUES (LAST_INSERT_ID(/* x */))", 7));
      assertEquals(
          "INSERT INTO c (p, q) VALUES (42, 'LAST_INSERT_ID()') /* LAST_INSERT_ID() */",
          LastInsertId.substitute(
              "INSERT INTO c (p, q) VALUES (LAST_INSERT_ID ( ), 'LAST_INSERT_ID()')"
                  + " /* LAST_INSERT_ID() */",
              42));
    }
  }

  @Nested
  class ApplicationStatements {
    @Test
    void casts_take_postgresql_s_names_for_mysql_s_types() {
      rewrites(
          "select cast(id as char), CAST(? AS CHAR(5)), CAST(x AS SIGNED), cast(y as unsigned"
              + " integer), CAST(d AS DECIMAL), CAST(d AS DECIMAL(8,2)), CAST(s AS DATETIME),"
              + " CAST(s AS DATETIME(3)), CAST(f AS DOUBLE), CAST(b AS BINARY), CAST(s AS DATE)"
              + " from t",
          "select cast(id as text), CAST(? AS VARCHAR(5)), CAST(x AS BIGINT), cast(y as bigint),"
              + " CAST(d AS DECIMAL(10,0)), CAST(d AS DECIMAL(8,2)), CAST(s AS TIMESTAMP),"
              + " CAST(s AS TIMESTAMP(3)), CAST(f AS DOUBLE PRECISION), CAST(b AS BYTEA), CAST(s"
              + " AS DATE) from t");
      rewrites(
          "SELECT CONVERT(n, CHAR), CONVERT(name USING utf8mb4), CAST(n AS CHAR CHARACTER SET"
              + " utf8mb4) FROM t",
          "SELECT CAST(n AS TEXT), (name), CAST(n AS TEXT) FROM t");
    }

    @Test
    void functions_postgresql_names_otherwise() {
      rewrites(
          "SELECT UCASE(a), lcase(b), INSTR(a, 'x'), LOCATE(?, a), ISNULL(c), RAND(), UUID() FROM t",
          "SELECT upper(a), lower(b), strpos(lower(a), lower('x')), position(lower(?) IN"
              + " lower(a)), CAST(((c) IS NULL) AS INTEGER), random(), CAST(gen_random_uuid() AS TEXT) FROM t");
      rewrites(
          "SELECT YEAR(at), month(?), DAYOFMONTH(at), DATEDIFF(?, at) FROM t",
          "SELECT CAST(floor(date_part('year', at)) AS INTEGER), cast(floor(date_part('month',"
              + " cast(? as timestamp))) as integer), CAST(floor(date_part('day', at)) AS INTEGER),"
              + " (CAST(? AS DATE) - CAST(at AS DATE)) FROM t");
      // Names that are also units or columns stay what they are.
      rewrites(
          "SELECT day, e.year FROM t WHERE at > NOW() - INTERVAL 1 DAY",
          "SELECT day, e.year FROM t WHERE at > NOW() - INTERVAL '1 day'");
    }

    @Test
    void operators_aggregates_and_formats() {
      rewrites(
          "SELECT a <=> ?, b && c, n MOD 3, name REGEXP '^a', name NOT RLIKE 'x$' FROM t",
          "SELECT CAST((a IS NOT DISTINCT FROM ?) AS INTEGER), CAST((b AND c) AS INTEGER), n % 3,"
              + " CAST((name ~* '^a') AS INTEGER), CAST((name !~* 'x$') AS INTEGER) FROM t");
      leftAlone("SELECT mod FROM t WHERE MOD(a, 2) = 1");
      rewrites(
          "SELECT n DIV 2, t.`n` div ?, f(a, b) DIV (c + 1) FROM t",
          "SELECT CAST(div(CAST(n AS NUMERIC), CAST(2 AS NUMERIC)) AS BIGINT),"
              + " cast(div(cast(t.\"n\" as numeric), nullif(cast(? as numeric), 0)) as bigint),"
              + " CAST(div(CAST(f(a, b) AS NUMERIC), NULLIF(CAST((c + 1) AS NUMERIC), 0)) AS"
              + " BIGINT) FROM t");
      // A comment between the operand and DIV; ^ after the divisor: left as they are.
      leftAlone("UPDATE t SET v = n -- halve\n DIV 2 WHERE id = 1");
      rewrites(
          "SELECT 7 DIV 2 ^ 1 FROM t",
          "SELECT 7 DIV CAST((CAST((CAST(2 AS BIGINT) # CAST(1 AS BIGINT)) AS NUMERIC) + 18446744073709551616) %"
              + " 18446744073709551616 AS NUMERIC(20)) FROM t");
      // a * b DIV c is (a * b) DIV c in MySQL: left as it is.
      leftAlone("SELECT a * b DIV c FROM t");
      rewrites(
          "SELECT FIELD(s, 'b', ?), ELT(n, 'x', 'y'), SUBSTRING_INDEX(e, '@', -1),"
              + " SUBSTRING_INDEX(e, '@', 1) FROM t ORDER BY FIELD(s, 'b', 'a')",
          "SELECT (CASE lower(CAST(s AS TEXT)) WHEN lower(CAST('b' AS TEXT)) THEN 1 WHEN"
              + " lower(CAST(? AS TEXT)) THEN 2 ELSE 0 END), (CASE n WHEN 1 THEN 'x' WHEN 2 THEN 'y'"
              + " END), split_part(e, '@', -1), split_part(e, '@', 1) FROM t ORDER BY (CASE"
              + " lower(CAST(s AS TEXT)) WHEN lower(CAST('b' AS TEXT)) THEN 1 WHEN lower(CAST('a' AS"
              + " TEXT)) THEN 2 ELSE 0 END)");
      rewrites(
          "SELECT g, GROUP_CONCAT(name), group_concat(a, '-', b ORDER BY a DESC SEPARATOR '; '),"
              + " GROUP_CONCAT(DISTINCT c) FROM t GROUP BY g",
          "SELECT g, string_agg(CAST(name AS TEXT), ','), string_agg(cast(a as text) || cast('-'"
              + " as text) || cast(b as text), '; ' ORDER BY a DESC), string_agg(DISTINCT CAST(c AS"
              + " TEXT), ',') FROM t GROUP BY g ORDER BY g NULLS FIRST");
      // DISTINCT ordered by the value itself: an array keeps its type and order.
      rewrites(
          "SELECT GROUP_CONCAT(DISTINCT n ORDER BY n) FROM t",
          "SELECT array_to_string(array_agg(DISTINCT n ORDER BY n) FILTER (WHERE n IS NOT NULL),"
              + " ',') FROM t");
      rewrites(
          "SELECT g, group_concat(distinct upper(n) order by UPPER(n) desc separator '; ') FROM t"
              + " GROUP BY g ORDER BY g",
          "SELECT g, array_to_string(array_agg(distinct upper(n) order by upper(n) desc) filter"
              + " (where upper(n) is not null), '; ') FROM t GROUP BY g ORDER BY g");
      // By anything else, of several values, or with a parameter: left as it is.
      leftAlone("SELECT GROUP_CONCAT(DISTINCT n ORDER BY m) FROM t");
      leftAlone("SELECT GROUP_CONCAT(DISTINCT n, m ORDER BY n) FROM t");
      leftAlone("SELECT GROUP_CONCAT(DISTINCT n + ? ORDER BY n + ?) FROM t");
      rewrites(
          "SELECT DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(?, '%e %M %Y at %T, %%')"
              + " FROM t",
          "SELECT to_char(at, 'YYYY-MM-DD HH24:MI:SS'), to_char(CAST(? AS TIMESTAMP), 'FMDD"
              + " FMMonth YYYY\" at \"HH24:MI:SS\", %\"') FROM t");
      leftAlone("SELECT DATE_FORMAT(at, '%U'), DATE_FORMAT(at, fmt) FROM t");
      rewrites(
          "SELECT TIMESTAMPDIFF(MINUTE, ?, at), LAST_DAY(at) FROM t",
          "SELECT CAST(trunc(EXTRACT(EPOCH FROM (CAST(? AS TIMESTAMP) - CAST(at AS TIMESTAMP))) /"
              + " -60) AS BIGINT), CAST(date_trunc('month', CAST(at AS TIMESTAMP)) + INTERVAL '1"
              + " month - 1 day' AS DATE) FROM t");
    }

    @Test
    void str_to_date_with_a_literal_format_reads_the_text_as_mariadb_does() {
      rewrites(
          "SELECT STR_TO_DATE(?, '%d/%m/%Y')",
          "SELECT (SELECT CASE WHEN s IS NULL THEN NULL WHEN m IS NULL THEN NULL WHEN mo > 12 OR d"
              + " > 31 THEN NULL ELSE make_date(y, mo, d) END FROM (SELECT s, m, CASE WHEN m[3] IS"
              + " NULL THEN 0 WHEN length(m[3]) > 2 THEN CAST(m[3] AS INT) WHEN CAST(m[3] AS INT)"
              + " < 70 THEN CAST(m[3] AS INT) + 2000 ELSE CAST(m[3] AS INT) + 1900 END AS y,"
              + " COALESCE(CAST(m[2] AS INT), 0) AS mo, COALESCE(CAST(m[1] AS INT), 0) AS d FROM"
              + " (SELECT s, regexp_match(s, '^[ \\t\\n\\v\\f\\r]*(?:$|([0-9]{2}|[0-9](?![0-9])|\\+[0-9])["
              + " \\t\\n\\v\\f\\r]*(?:$|\\/[ \\t\\n\\v\\f\\r]*(?:$|([0-9]{2}|[0-9](?![0-9])|\\+[0-9])["
              + " \\t\\n\\v\\f\\r]*(?:$|\\/[ \\t\\n\\v\\f\\r]*(?:$|([0-9]{4}|[0-9]{1,3}(?![0-9])|\\+[0-9]{3}"
              + "|\\+[0-9]{1,2}(?![0-9]))(.*))))))') AS m FROM (SELECT CAST(? AS TEXT)) AS"
              + " cutover_text(s) OFFSET 0) AS cutover_match) AS cutover_parts)");
      // The type MariaDB gives: DATE, DATETIME (date and time parts), TIME (time parts only).
      String datetime = pg("SELECT STR_TO_DATE(at, '%Y-%m-%d %H:%i:%s.%f') FROM t");
      assertTrue(
          datetime.contains("ELSE make_timestamp(y, mo, d, h, mi, sec + us / 1000000.0) END"),
          datetime);
      String time = pg("SELECT STR_TO_DATE(at, '%r') FROM t");
      assertTrue(
          time.contains(
              "ELSE make_time(h % 12 + CASE WHEN upper(m[4]) = 'PM' THEN 12 ELSE 0 END, mi, sec)"),
          time);
      assertTrue(time.contains("(m[1] IS NOT NULL AND (h < 1 OR h > 12))"), time);
      String names = pg("select str_to_date(?, '%e %M %Y')");
      assertTrue(names.contains("starts_with('september', lower(m[2]))"), names);
      assertTrue(names.contains("else make_date(y, mo, d) end"), names);
      // A space in the format matches nothing; other characters themselves, escaped.
      String literal = pg("SELECT STR_TO_DATE(s, '%Y %m''T_') FROM t");
      assertTrue(
          literal.contains("(?:$|\\''[ \\t\\n\\v\\f\\r]*(?:$|T[ \\t\\n\\v\\f\\r]*(?:$|\\_"),
          literal);
    }

    @Test
    void str_to_date_fails_where_mariadb_fails_and_keeps_parameters_in_order() {
      // In a SELECT, DELETE or INSERT IGNORE MariaDB warns and answers NULL; elsewhere it fails,
      // for text left over too.
      for (String lenient :
          new String[] {
            "SELECT * FROM t WHERE d = STR_TO_DATE(?, '%Y-%m-%d')",
            "DELETE FROM t WHERE d = STR_TO_DATE(?, '%Y-%m-%d')",
            "INSERT IGNORE INTO t (d) VALUES (STR_TO_DATE(?, '%Y-%m-%d'))"
          }) {
        String out = pg(lenient);
        assertFalse(out.contains("Incorrect DATE value"), out);
        assertTrue(out.contains("WHEN m IS NULL THEN NULL"), out);
      }
      for (String strict :
          new String[] {
            "INSERT INTO t (d) VALUES (STR_TO_DATE(?, '%Y-%m-%d'))",
            "UPDATE t SET d = STR_TO_DATE(?, '%Y-%m-%d') WHERE id = 1",
            "REPLACE INTO t (d) SELECT STR_TO_DATE(s, '%Y-%m-%d') FROM u"
          }) {
        String out = pg(strict);
        assertTrue(
            out.contains(
                "WHEN m IS NULL THEN CAST('Incorrect DATE value for STR_TO_DATE: ' || s AS DATE)"),
            out);
        assertTrue(
            out.contains(
                "WHEN m[4] ~ '[^ \\t\\n\\v\\f\\r]' THEN CAST('Incorrect DATE value for"
                    + " STR_TO_DATE: ' || s AS DATE)"),
            out);
      }
      // The value goes back through the translator, in its place among the parameters.
      String mysql =
          "INSERT INTO t (a, d, b) VALUES (? /*a*/, STR_TO_DATE(CONCAT(? /*y*/, '-', IFNULL(?"
              + " /*m*/, 1)), '%Y-%c'), ? /*b*/)";
      String out = pg(mysql);
      assertEquals(markers(mysql, Dialect.MYSQL), markers(out, Dialect.POSTGRES));
      assertTrue(
          out.contains(
              "(SELECT CAST(((? /*y*/)::text || ('-')::text || (COALESCE(? /*m*/, 1))::text) AS"
                  + " TEXT)) AS cutover_text(s)"),
          out);
      String where = "SELECT * FROM t WHERE d BETWEEN STR_TO_DATE(? /*x*/, '%Y') AND ? /*y*/";
      assertEquals(markers(where, Dialect.MYSQL), markers(pg(where), Dialect.POSTGRES));
    }

    @Test
    void str_to_date_is_left_as_it_is_for_a_format_it_cannot_read_exactly() {
      for (String format :
          new String[] {
            "'%j/%Y'", // day of the year
            "'%D %M %Y'", // 1st, 2nd
            "'%U %Y'", // weeks
            "'%W %d'", // day names
            "'%Y%%'", // %% fails in MariaDB
            "'%Y%'", // a trailing %
            "'%H %p'", // %p without a 12-hour hour fails
            "'%p %h'",
            "'%Y %y'", // a part twice
            "'%h %r'",
            "'%d.%m.%Y%d'",
            "'x'", // no part
            "''",
            "'%Y\u5e74%m\u6708'", // beyond ASCII
            "fmt", // no literal
            "_utf8mb4'%Y'",
          }) {
        leftAlone("SELECT STR_TO_DATE(s, " + format + ") FROM t");
      }
      assertTrue(
          pg("SELECT STR_TO_DATE(s, CONCAT('%Y', '-%m'))").startsWith("SELECT STR_TO_DATE(s, (("));
      leftAlone("SELECT STR_TO_DATE(s) FROM t");
      leftAlone("SELECT STR_TO_DATE(s, '%Y', 1) FROM t");
      // No sub-query in DDL or ON DUPLICATE KEY UPDATE.
      leftAlone("CREATE TABLE t (d DATE DEFAULT (STR_TO_DATE('1/1/2020', '%d/%m/%Y')))");
      assertTrue(
          pg("INSERT INTO t (id, d) VALUES (1, NULL) ON DUPLICATE KEY UPDATE d = STR_TO_DATE(?,"
                  + " '%Y-%m-%d')")
              .contains("STR_TO_DATE(?, '%Y-%m-%d')"));
    }

    @Test
    void timestampdiff_in_months_quarters_and_years_counts_by_calendar_keeping_parameter_order() {
      rewrites(
          "SELECT TIMESTAMPDIFF(MONTH, ? /*a*/, at), TIMESTAMPDIFF(QUARTER, at, ? /*b*/) FROM t"
              + " WHERE TIMESTAMPDIFF(YEAR, ? /*c*/, ? /*d*/) > 1",
          "SELECT (SELECT CAST(trunc((EXTRACT(YEAR FROM age(b, a)) * 12 + EXTRACT(MONTH FROM"
              + " age(b, a)))) AS BIGINT) FROM (SELECT CAST(? /*a*/ AS TIMESTAMP), CAST(at AS"
              + " TIMESTAMP)) AS cutover_diff(a, b)), (SELECT CAST(trunc((EXTRACT(YEAR FROM age(b,"
              + " a)) * 12 + EXTRACT(MONTH FROM age(b, a))) / 3) AS BIGINT) FROM (SELECT CAST(at AS"
              + " TIMESTAMP), CAST(? /*b*/ AS TIMESTAMP)) AS cutover_diff(a, b)) FROM t WHERE"
              + " (SELECT CAST(trunc((EXTRACT(YEAR FROM age(b, a)) * 12 + EXTRACT(MONTH FROM age(b,"
              + " a))) / 12) AS BIGINT) FROM (SELECT CAST(? /*c*/ AS TIMESTAMP), CAST(? /*d*/ AS"
              + " TIMESTAMP)) AS cutover_diff(a, b)) > 1");
      rewrites(
          "select timestampdiff(month, date_add(?, interval 1 day), now()) from t",
          "select (select cast(trunc((extract(year from age(b, a)) * 12 + extract(month from age(b,"
              + " a)))) as bigint) from (select cast((cast(? as timestamp) + interval '1 day') as"
              + " timestamp), cast(now() as timestamp)) as cutover_diff(a, b)) from t");
      // A sub-query is not allowed in DDL, and ON DUPLICATE KEY UPDATE's rewrite would qualify
      // its words as columns.
      leftAlone("CREATE TABLE t (a DATE, b DATE, m INT AS (TIMESTAMPDIFF(MONTH, a, b)))");
      leftAlone(
          "INSERT INTO t (id, m) VALUES (1, 0) ON DUPLICATE KEY UPDATE m = TIMESTAMPDIFF(MONTH,"
              + " a, ?)");
      leftAlone("SELECT TIMESTAMPDIFF(SQL_TSI_MONTH, a, b), TIMESTAMPDIFF(MONTH, a) FROM t");
    }

    @Test
    void hints_and_mysql_only_clauses_are_dropped_or_renamed() {
      rewrites("SELECT 1 FROM DUAL", "SELECT 1 ");
      rewrites("SELECT 1 FROM /* from here */ DUAL", "SELECT 1 ");
      rewrites("SELECT STRAIGHT_JOIN a FROM t", "SELECT  a FROM t");
      rewrites("UPDATE t SET sql_cache = 1", "UPDATE t SET sql_cache = 1");
      rewrites("SELECT a FROM t WHERE a NOT /* x */ REGEXP 'y'", "SELECT a FROM t WHERE a !~* 'y'");
      rewrites(
          "SELECT SQL_NO_CACHE DISTINCTROW a FROM t USE INDEX (i) STRAIGHT_JOIN u FORCE KEY FOR"
              + " JOIN (j) WHERE id = ? LOCK IN SHARE MODE",
          "SELECT  DISTINCT a FROM t  JOIN u  WHERE id = ? FOR SHARE");
      // INSERT IGNORE and LOCK TABLES are not hints.
      rewrites(
          "INSERT IGNORE INTO t VALUES (1)", "INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING");
      leftAlone("LOCK TABLES t WRITE");
      rewrites("TRUNCATE TABLE `items`", "TRUNCATE TABLE \"items\" RESTART IDENTITY");
      rewrites("truncate shop.items", "truncate table shop.items restart identity");
      // JDBC escapes are the PostgreSQL driver's to translate.
      leftAlone("SELECT {fn concat(name, 'x')}, {fn ucase(name)} FROM t");
    }
  }

  @Nested
  class SessionStatements {
    @Test
    void mysql_only_variables_are_a_no_op_and_the_others_postgresql_s_settings() {
      rewrites("SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci", "SET client_encoding = 'UTF8'");
      rewrites("set character set utf8", "set client_encoding = 'UTF8'");
      rewrites("SET SESSION sql_mode = 'STRICT_TRANS_TABLES'", "SET client_encoding = 'UTF8'");
      rewrites("SET @@session.wait_timeout = 600", "SET client_encoding = 'UTF8'");
      // Found by the fuzz test: a garbled SET with a marker keeps it (PostgreSQL refuses it).
      leftAlone("SET character_set_client = utf8 user_id SET o.email = u.email WHERE u.id = ?");
      rewrites("SET sql_mode = CONCAT(@@sql_mode, ',ANSI')", "SET client_encoding = 'UTF8'");
      rewrites("SET time_zone = '+05:30'", "SET TIME ZONE INTERVAL '+05:30' HOUR TO MINUTE");
      rewrites("SET time_zone = 'Europe/Berlin'", "SET TIME ZONE 'Europe/Berlin'");
      rewrites("SET max_execution_time = 2000", "SET statement_timeout = 2000");
      rewrites("SET max_statement_time = 2.5", "SET statement_timeout = '2.5s'");
      rewrites("SET innodb_lock_wait_timeout = 5", "SET lock_timeout = '5s'");
      rewrites(
          "SET SESSION transaction_isolation = 'READ-COMMITTED'",
          "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED");
      // Left as they are: SYSTEM, globals, user variables, several assignments, others.
      leftAlone("SET time_zone = 'SYSTEM'");
      leftAlone("SET GLOBAL sql_mode = ''");
      leftAlone("SET @@global.time_zone = '+00:00'");
      leftAlone("SET @x = 1");
      leftAlone("SET sql_mode = '', time_zone = '+00:00'");
      leftAlone("SET foreign_key_checks = 0");
    }
  }
}
