package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BitOperatorsTest {
  private static String pg(String mysql) {
    return SqlTranslator.translateWithoutLabelsOrThrow(mysql, Dialect.MYSQL, Dialect.POSTGRES);
  }

  /** With a catalog: {@code flags} and {@code n} are integers, {@code u} a NUMERIC(20). */
  private static String pgTyped(String mysql) {
    Map<String, String> types = Map.of("flags", "integer", "n", "bigint", "u", "numeric(20,0)");
    return SqlTranslator.translateOrThrow(
        mysql, Dialect.MYSQL, Dialect.POSTGRES, (table, column) -> types.get(column));
  }

  /** The unsigned value of 64 bits. */
  private static String u(String bits) {
    return "CAST((CAST("
        + bits
        + " AS NUMERIC) + 18446744073709551616) % 18446744073709551616 AS NUMERIC(20))";
  }

  /** An operand of unknown type, without a parameter. */
  private static String any(String x) {
    return "CASE WHEN "
        + x
        + " IS NOT NULL THEN CAST((LEAST(GREATEST(round(CAST("
        + x
        + " AS NUMERIC)), -9223372036854775808), 18446744073709551615) + 9223372036854775808)"
        + " % 18446744073709551616 - 9223372036854775808 AS BIGINT) END";
  }

  private static String big(long v) {
    return "CAST(" + v + " AS BIGINT)";
  }

  @Test
  void literals_are_converted_as_mysql_converts_them() {
    // ~0 is all ones; 2.6 rounds to 3, half away from zero like 2.5e0; beyond 2^64-1 clamps.
    assertEquals(
        "SELECT "
            + u("(~" + big(0) + ")")
            + ", "
            + u("(" + big(-1) + " & " + big(255) + ")")
            + ", "
            + u("(" + big(5) + " | " + big(3) + ")")
            + ", "
            + u("(" + big(4) + " | " + big(3) + ")")
            + ", "
            + u("(" + big(0) + " | " + big(-1) + ")"),
        pg("SELECT ~0, -1 & 255, 5 | 2.6, 4 | 2.5e0, 0 | 18446744073709551616"));
  }

  @Test
  void operands_bind_as_mysql_binds_them() {
    // | lowest, then &, then shifts, then + -, then * /, ^ above them, unary ~ and - above all.
    assertEquals(
        "SELECT " + u("(" + big(1) + " | (" + big(2) + " & " + big(3) + "))"),
        pg("SELECT 1 | 2 & 3"));
    assertEquals(
        "SELECT " + u("(" + any("a + 1") + " << 2)") + " FROM t", pg("SELECT a + 1 << 2 FROM t"));
    assertEquals(
        "SELECT 2 * " + u("(" + any("a") + " # " + big(1) + ")") + " FROM t",
        pg("SELECT 2 * a ^ 1 FROM t"));
    assertEquals(
        // A comparison in the select list is MySQL's 1 or 0 (ConditionValues).
        "SELECT CAST((x = " + u("(" + any("a") + " | " + any("b") + ")") + ") AS INTEGER) FROM t",
        pg("SELECT x = a | b FROM t"));
    // A parenthesised bit expression inside another is one expression: the bits go through.
    assertEquals(
        "SELECT " + u("((" + any("a") + " & (~" + big(4) + ")) | " + big(2) + ")") + " FROM t",
        pg("SELECT (a & ~4) | 2 FROM t"));
    // Glued operators are MySQL's several: a&~b is a & ~b.
    assertEquals(
        "SELECT " + u("(" + any("a") + " & (~" + any("b") + "))") + " FROM t",
        pg("SELECT a&~b FROM t"));
  }

  @Test
  void a_parameter_is_cast_once_and_an_integer_column_directly() {
    assertEquals(
        "UPDATE t SET flags = "
            + u("(CAST(flags AS BIGINT) | CAST(CAST(? AS NUMERIC) AS BIGINT))")
            + " WHERE "
            + u("(CAST(flags AS BIGINT) & " + big(4) + ")")
            + " <> 0",
        pgTyped("UPDATE t SET flags = flags | ? WHERE flags & 4 <> 0"));
  }

  @Test
  void shifts_by_a_literal_use_postgresql_s_operators_and_others_powers_of_two() {
    assertEquals(
        "SELECT "
            + u("(" + big(1) + " << 63)")
            + " AS a, "
            + u("((CAST(n AS BIGINT) >> 3) & 2305843009213693951)")
            + " AS b, "
            + u("(CAST(n AS BIGINT) & 0)")
            + " AS c FROM t",
        pgTyped("SELECT 1 << 63 AS a, n >> 3 AS b, n << 64 AS c FROM t"));
    assertEquals(
        "SELECT "
            + u(
                "CAST((((CAST(CAST(n AS BIGINT) AS NUMERIC) + 18446744073709551616) %"
                    + " 18446744073709551616) * power(2::NUMERIC,"
                    + " NULLIF(LEAST(COALESCE((CAST(CAST(? AS BIGINT) AS NUMERIC) +"
                    + " 18446744073709551616) % 18446744073709551616, -1), 64), -1)) +"
                    + " 9223372036854775808) % 18446744073709551616 - 9223372036854775808 AS"
                    + " BIGINT)")
            + " AS a FROM t",
        pgTyped("SELECT n << ? AS a FROM t"));
  }

  @Test
  void bit_count_and_the_aggregates_have_mysql_s_type_and_empty_values() {
    assertEquals(
        "SELECT CAST(bit_count(CAST(CAST(n AS BIGINT) AS BIT(64))) AS INTEGER) AS a, "
            + u("COALESCE(BIT_OR(CAST(n AS BIGINT)), 0)")
            + " AS b, "
            + u("COALESCE(bit_and(CAST(n AS BIGINT)) OVER (ORDER BY n), -1)")
            + " AS c, "
            + u("COALESCE(BIT_XOR(" + any("u") + "), 0)")
            + " AS d FROM t",
        pgTyped(
            "SELECT BIT_COUNT(n) AS a, BIT_OR(n) AS b, bit_and(n) OVER (ORDER BY n) AS c,"
                + " BIT_XOR(u) AS d FROM t"));
  }

  @Test
  void a_bit_operator_beside_an_operand_of_unknown_extent_is_refused() {
    assertEquals(
        "SELECT a OPERATOR(untranslated_mysql.|) b COLLATE utf8mb4_bin FROM t",
        pg("SELECT a | b COLLATE utf8mb4_bin FROM t"));
  }

  @Test
  void regular_expressions_strings_and_no_bits_are_left() {
    assertEquals(
        "SELECT '^a|b&c' FROM t WHERE n ~* '^b' AND m ~ 'x'",
        pg("SELECT '^a|b&c' FROM t WHERE n REGEXP '^b' AND m ~ 'x'"));
  }
}
