package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class XorOperatorTest {
  private static String pg(String mysql) {
    return SqlTranslator.translateWithoutLabelsOrThrow(mysql, Dialect.MYSQL, Dialect.POSTGRES);
  }

  @Test
  void mysql_s_xor_becomes_postgresql_s_with_mysql_s_precedence() {
    assertEquals(
        "UPDATE t SET flags = (CAST(flags AS BIGINT) # CAST(4 AS BIGINT)) WHERE id = ?",
        pg("UPDATE t SET flags = flags ^ 4 WHERE id = ?"));
    // ^ binds tighter than * and +; # looser, hence the parentheses.
    assertEquals(
        "SELECT 2 * (CAST(3 AS BIGINT) # CAST(1 AS BIGINT)), (CAST(-a AS BIGINT) # CAST(?"
            + " AS BIGINT)) FROM t",
        pg("SELECT 2 * 3 ^ 1, -a ^ ? FROM t"));
    // A chain nests left to right; calls and parenthesised operands are whole.
    assertEquals(
        "SELECT (CAST((CAST(t.a AS BIGINT) # CAST(COALESCE(b, 0) AS BIGINT)) AS BIGINT) #"
            + " CAST((c + 1) AS BIGINT)) FROM t",
        pg("SELECT t.a ^ IFNULL(b, 0) ^ (c + 1) FROM t"));
  }

  @Test
  void a_caret_in_a_string_or_a_regular_expression_is_left() {
    assertEquals(
        "SELECT '^a' FROM t WHERE n ~* '^b'", pg("SELECT '^a' FROM t WHERE n REGEXP '^b'"));
  }
}
