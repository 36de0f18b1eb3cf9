package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LastInsertIdTest {
  private static String toPostgres(String sql) {
    return SqlTranslator.translate(sql, Dialect.MYSQL, Dialect.POSTGRES);
  }

  private static boolean nonDeterministic(String sql) {
    return SqlAnalyzer.analyzeUncached(sql, Dialect.MYSQL).nonDeterministic();
  }

  @Test
  void with_an_argument_postgresql_gets_the_value_remembered_in_a_session_setting() {
    assertEquals(
        "UPDATE counters SET id = CAST(NULLIF(set_config('cutover.last_insert_id',"
            + " COALESCE(CAST(CAST((id + 1) AS BIGINT) AS TEXT), 'null'), false), 'null') AS"
            + " BIGINT) WHERE name = ?",
        toPostgres("UPDATE counters SET id = LAST_INSERT_ID(id + 1) WHERE name = ?"));
    assertEquals(
        "SELECT CAST(NULLIF(set_config('cutover.last_insert_id',"
            + " COALESCE(CAST(CAST((5) AS BIGINT) AS TEXT), 'null'), false), 'null') AS BIGINT)"
            + " AS \"LAST_INSERT_ID(5)\"",
        toPostgres("SELECT LAST_INSERT_ID(5)"));
    // The argument is translated as any expression, its parameters once each and in order.
    assertEquals(
        "update c set id = cast(nullif(set_config('cutover.last_insert_id',"
            + " coalesce(cast(cast((COALESCE(id, ?) + ?) as bigint) as text), 'null'), false),"
            + " 'null') as bigint) where name = ?",
        toPostgres("update c set id = last_insert_id(IFNULL(id, ?) + ?) where name = ?"));
    // Without an argument: lastval(), as before.
    assertEquals("SELECT lastval() AS \"LAST_INSERT_ID()\"", toPostgres("SELECT LAST_INSERT_ID()"));
  }

  @Test
  void the_upsert_idiom_keeps_its_one_call() throws Exception {
    String pg =
        UpsertTranslationTest.pg(
            "INSERT INTO counters (name, cnt) VALUES (?, ?) ON DUPLICATE KEY UPDATE id ="
                + " LAST_INSERT_ID(id)");
    assertEquals(
        "INSERT INTO counters (name, cnt) VALUES (?, ?) ON CONFLICT (\"name\") DO UPDATE SET id ="
            + " CAST(NULLIF(set_config('cutover.last_insert_id',"
            + " COALESCE(CAST(CAST((counters.id) AS BIGINT) AS TEXT), 'null'), false), 'null') AS"
            + " BIGINT)",
        pg);
  }

  @Test
  void setting_the_value_is_deterministic_reading_it_is_not() {
    assertFalse(nonDeterministic("UPDATE counters SET id = LAST_INSERT_ID(id + 1) WHERE name = ?"));
    assertFalse(nonDeterministic("SELECT LAST_INSERT_ID(5)"));
    assertTrue(nonDeterministic("UPDATE t SET id = LAST_INSERT_ID(RAND())"));
    assertTrue(nonDeterministic("SELECT LAST_INSERT_ID()"));
    assertTrue(nonDeterministic("INSERT INTO t (p) VALUES (LAST_INSERT_ID())"));
  }

  @Test
  void sets_finds_the_call_with_an_argument() {
    assertTrue(LastInsertId.sets("UPDATE c SET id = LAST_INSERT_ID(id + 1)"));
    assertTrue(LastInsertId.sets("select last_insert_id(5)"));
    assertFalse(LastInsertId.sets("SELECT LAST_INSERT_ID()"));
    assertFalse(LastInsertId.sets("SELECT 'LAST_INSERT_ID(5)'"));
    assertFalse(LastInsertId.sets("SELECT x.last_insert_id(5)"));
    assertFalse(LastInsertId.uses("SELECT LAST_INSERT_ID(5)"));
  }
}
