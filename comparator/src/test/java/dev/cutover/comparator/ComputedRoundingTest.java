package dev.cutover.comparator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Types;
import org.junit.jupiter.api.Test;

/**
 * MySQL's computed numbers as the metadata describes them (no table, a fixed scale) against
 * PostgreSQL's: the rounding MySQL applied is allowed only where it is MySQL's representation, and
 * never hides a difference in the stored values.
 */
class ComputedRoundingTest {

  /** A MySQL column as MariaDB's metadata describes it; {@code computed} when it names no table. */
  record Col(
      Engine engine, int jdbcType, String typeName, int precision, int scale, boolean computed) {}

  static Col myDecimal(int scale) {
    return new Col(Engine.MYSQL, Types.DECIMAL, "DECIMAL", 20, scale, true);
  }

  static Col myDouble(int scale, boolean computed) {
    return new Col(Engine.MYSQL, Types.DOUBLE, "DOUBLE", 23, scale, computed);
  }

  static final Col PG_NUMERIC = new Col(Engine.POSTGRES, Types.NUMERIC, "numeric", 0, 0, false);
  static final Col PG_FLOAT8 = new Col(Engine.POSTGRES, Types.DOUBLE, "float8", 17, 17, false);

  static ResultSnapshot one(Col c, Object value) {
    ResultSnapshot.Builder b =
        ResultSnapshot.builder(c.engine(), CaptureBudget.unlimited(), NormalizerOptions.DEFAULTS);
    b.column("v", c.jdbcType(), c.typeName(), c.precision(), c.scale(), c.computed());
    b.addRow(new Object[] {value});
    return b.build();
  }

  static boolean equal(Col my, Object myValue, Col pg, Object pgValue) {
    ResultSnapshot m = one(my, myValue);
    ResultSnapshot p = one(pg, pgValue);
    boolean forward = ResultComparator.compare(m, p, CompareOptions.DEFAULTS).equal();
    boolean reversed = ResultComparator.compare(p, m, CompareOptions.DEFAULTS).equal();
    assertTrue(forward == reversed, "the rule must not depend on which side is left");
    return forward;
  }

  static BigDecimal dec(String s) {
    return new BigDecimal(s);
  }

  @Test
  void a_stored_value_difference_under_an_exact_aggregate_is_reported() {
    // MIN(d), MAX(d), SUM(d), d * 1 over DECIMAL(12,2) against numeric(14,4): MySQL computes them
    // exactly, at the column's scale; PostgreSQL's 1.2549 is a different stored value.
    assertFalse(equal(myDecimal(2), dec("1.25"), PG_NUMERIC, dec("1.2549")));
    assertFalse(equal(myDecimal(2), dec("37.50"), PG_NUMERIC, dec("37.5049")));
    // Unconstrained numeric holding what was written, 1.2549.
    assertFalse(equal(myDecimal(4), dec("1.2500"), PG_NUMERIC, dec("1.254900")));
  }

  @Test
  void averages_and_divisions_still_compare_at_mysqls_scale() {
    // AVG(int): MySQL's scale 4, PostgreSQL's 16 digits.
    assertTrue(equal(myDecimal(4), dec("2.3333"), PG_NUMERIC, dec("2.3333333333333333")));
    // AVG over 32 rows: PostgreSQL's 0.03125 is exact, but carried to 20 digits as a quotient.
    assertTrue(equal(myDecimal(4), dec("0.0313"), PG_NUMERIC, dec("0.03125000000000000000")));
    // AVG(DECIMAL(10,2)) and d / 7: MySQL's scale 6.
    assertTrue(equal(myDecimal(6), dec("1.020621"), PG_NUMERIC, dec("1.0206207261596576")));
    // A large quotient: PostgreSQL keeps 8 decimals (16 significant digits), MySQL 6.
    assertTrue(equal(myDecimal(6), dec("142857142.858571"), PG_NUMERIC, dec("142857142.85857143")));
    // Exact on both sides.
    assertTrue(equal(myDecimal(4), dec("2.5000"), PG_NUMERIC, dec("2.5000000000000000")));
  }

  @Test
  void a_computed_average_off_in_mysqls_last_digit_is_reported() {
    assertFalse(equal(myDecimal(4), dec("2.3334"), PG_NUMERIC, dec("2.3333333333333333")));
    assertFalse(
        equal(myDecimal(6), dec("142857142.858572"), PG_NUMERIC, dec("142857142.85857143")));
  }

  @Test
  void a_computed_double_mariadb_sent_with_fixed_decimals_matches_the_full_value() {
    // PI() has 6 decimals, STDDEV_POP(int) 4: MariaDB's text protocol rounds the value to them.
    assertTrue(equal(myDouble(6, true), 3.141593, PG_FLOAT8, Math.PI));
    assertTrue(equal(myDouble(4, true), 1.2472, PG_FLOAT8, 1.2472191289246471));
    // PostgreSQL's stddev_pop(int) is a numeric.
    assertTrue(equal(myDouble(4, true), 1.2472, PG_NUMERIC, dec("1.2472191289246491")));
    // The binary protocol sends the full double.
    assertTrue(equal(myDouble(6, true), Math.PI, PG_FLOAT8, Math.PI));
  }

  @Test
  void a_computed_double_off_by_more_than_its_rounding_is_reported() {
    assertFalse(equal(myDouble(4, true), 1.2473, PG_FLOAT8, 1.2472191289246471));
    assertFalse(equal(myDouble(6, true), 3.141592, PG_FLOAT8, Math.PI));
  }

  @Test
  void doubles_without_fixed_decimals_or_from_a_table_get_no_rounding_allowance() {
    // A stored DOUBLE(10,2) holds the rounded value: PostgreSQL's 1.2549 is another value.
    assertFalse(equal(myDouble(2, false), 1.25, PG_FLOAT8, 1.2549));
    // Scale 31 means "not fixed": the double is sent whole.
    assertFalse(equal(myDouble(31, true), 0.1, PG_FLOAT8, 0.1000001));
    assertFalse(equal(myDouble(31, false), 0.1, PG_FLOAT8, 0.1000001));
  }
}
