package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogicalOperatorsTest {
  private static String pg(String mysql) {
    return SqlTranslator.translateWithoutLabelsOrThrow(mysql, Dialect.MYSQL, Dialect.POSTGRES);
  }

  @Test
  void pipes_are_or_and_glued_operators_are_mysql_s_several() {
    assertEquals(
        "SELECT id FROM t WHERE a = 1 OR b = 2 AND c = 3",
        pg("SELECT id FROM t WHERE a = 1 || b = 2 && c = 3"));
    // Without a catalog b's type is unknown: its ! is left (a boolean column's is NOT).
    assertEquals("SELECT id FROM t WHERE a = 1 AND !b", pg("SELECT id FROM t WHERE a = 1&&!b"));
  }

  @Test
  void xor_binds_between_and_and_or_and_compares_truths() {
    assertEquals(
        "SELECT id FROM t WHERE ((a = 1) <> (b = 2 AND c)) OR ((d <> 0) <> (e <> 0))",
        pg("SELECT id FROM t WHERE a = 1 XOR b = 2 AND c OR d XOR e"));
    // Left to right; a parenthesised condition is one.
    assertEquals(
        "SELECT CAST(((((a <> 0) <> (b <> 0))) <> ((x = 1 OR y))) AS INTEGER)",
        pg("SELECT a XOR b XOR (x = 1 || y)"));
    // In a SET list the value starts after the column's "=".
    assertEquals(
        "UPDATE t SET f = ((a <> 0) <> ((?) <> 0)), g = 1", pg("UPDATE t SET f = a XOR ?, g = 1"));
  }

  @Test
  void a_bang_is_not_of_a_condition_and_zero_of_a_number() {
    assertEquals(
        "SELECT id FROM t WHERE (NOT (a = 1)) AND ((a + 1) = 0) AND (? = 0) AND !active",
        pg("SELECT id FROM t WHERE !(a = 1) AND !(a + 1) AND !? AND !active"));
  }
}
