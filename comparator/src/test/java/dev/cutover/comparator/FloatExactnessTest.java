package dev.cutover.comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.comparator.backfill.BackfillOptions;
import dev.cutover.comparator.backfill.BackfillOptions.CopyMode;
import dev.cutover.comparator.verify.VerifyResult;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A MariaDB FLOAT holds more than the six significant digits MariaDB sends of it: 1234567 is a
 * float, sent as 1234570. A backfill must copy the float, and verify must not call a copy that kept
 * six digits equal.
 */
class FloatExactnessTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static final String VALUES = "(1, 1234567), (2, 1.2345678), (3, 16777217), (4, 0.1)";

  @ParameterizedTest
  @EnumSource(CopyMode.class)
  void backfill_copies_the_stored_float_not_its_six_digit_text(CopyMode mode) throws Exception {
    TestDatabase old = DBS.mariadb();
    TestDatabase neu = DBS.postgres();
    String t = "fe_" + mode.name().toLowerCase();
    old.execute("CREATE TABLE " + t + " (id INT PRIMARY KEY, f FLOAT, d FLOAT)");
    old.execute("INSERT INTO " + t + " (id, f, d) VALUES " + VALUES.replace(")", ", 0)"));
    old.execute("UPDATE " + t + " SET d = f");
    neu.execute("CREATE TABLE " + t + " (id INT PRIMARY KEY, f real, d double precision)");
    TypePairChecks.backfill(old, neu, t, BackfillOptions.builder().job(t).copy(mode).build());
    // PostgreSQL prints a real of seven digits or more with an exponent.
    assertEquals(
        List.of(
            List.of("1.234567e+06", "1234567"),
            List.of("1.2345678", "1.2345678"),
            List.of("1.6777216e+07", "16777216"),
            List.of("0.1", "0.1")),
        neu.query("SELECT f::text, d::text FROM " + t + " ORDER BY id"));
    VerifyResult v = TypePairChecks.verify(old, neu, t);
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
  }

  @ParameterizedTest
  @EnumSource(value = Side.class)
  void verify_finds_the_digit_a_six_digit_copy_lost(Side side) {
    TestDatabase old = DBS.mariadb();
    TestDatabase neu = DBS.postgres();
    String t = "fl_" + side.name().toLowerCase();
    old.execute("CREATE TABLE " + t + " (id INT PRIMARY KEY, f FLOAT)");
    old.execute("INSERT INTO " + t + " (id, f) VALUES " + VALUES);
    neu.execute("CREATE TABLE " + t + " (id INT PRIMARY KEY, f " + side.type + ")");
    // What a copy of MariaDB's text gets: 1234570, 1.23457, 16777200, 0.1.
    neu.execute(
        "INSERT INTO " + t + " (id, f) VALUES (1, 1234570), (2, 1.23457), (3, 16777200), (4, 0.1)");
    VerifyResult v = TypePairChecks.verify(old, neu, t);
    assertEquals(3, v.differingCount(), v::toString);
    for (VerifyResult.DifferingRow d : v.differing()) {
      assertEquals(List.of("f"), d.columns(), v::toString);
    }
    assertEquals(
        List.of(1L, 2L, 3L),
        v.differing().stream().map(d -> ((Number) d.key()).longValue()).sorted().toList());
  }

  /**
   * Floats over the whole range, both signs, subnormals, powers of two and the neighbours of 2^24,
   * and doubles PostgreSQL and MariaDB print with different digits (1.8287704458395648e+16 against
   * 1.828770445839565e16): the same floats on both sides are EQUAL, and one moved by one ulp is
   * found, whichever it is.
   */
  @Test
  void every_float_compares_equal_to_itself_and_one_ulp_is_a_difference() throws Exception {
    TestDatabase old = DBS.mariadb();
    TestDatabase neu = DBS.postgres();
    List<Float> values = new java.util.ArrayList<>();
    java.util.Random random = new java.util.Random(42);
    for (int e = -149; e <= 127; e += 3) {
      values.add((float) Math.scalb(1.0, e));
      values.add(-Math.nextUp((float) Math.scalb(1.0, e)));
    }
    values.addAll(List.of(16777215f, 16777216f, 1.8287704e16f, 1.0e16f, 9.9e18f, Float.MIN_VALUE));
    values.addAll(List.of(Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL), Float.MAX_VALUE));
    values.addAll(List.of(1234567f, 0.1f, -0.3f, 1e-5f, 3.4e38f, 1.17549435e-38f));
    for (int i = 0; i < 400; i++) {
      float f = Float.intBitsToFloat(random.nextInt());
      if (Float.isFinite(f)) {
        values.add(f);
      }
    }
    old.execute("CREATE TABLE spread (id INT PRIMARY KEY, f FLOAT)");
    neu.execute("CREATE TABLE spread (id int PRIMARY KEY, f real)");
    for (TestDatabase db : List.of(old, neu)) {
      try (java.sql.Connection c = db.connect();
          java.sql.PreparedStatement ps =
              c.prepareStatement("INSERT INTO spread (id, f) VALUES (?, ?)")) {
        for (int i = 0; i < values.size(); i++) {
          ps.setInt(1, i);
          ps.setFloat(2, values.get(i));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    VerifyResult equal = TypePairChecks.verify(old, neu, "spread");
    assertEquals(VerifyResult.Status.EQUAL, equal.status(), equal::toString);
    int moved = values.indexOf(1.8287704e16f);
    neu.execute(
        "UPDATE spread SET f = '" + Math.nextUp(1.8287704e16f) + "'::real WHERE id = " + moved);
    VerifyResult r = TypePairChecks.verify(old, neu, "spread");
    assertEquals(1, r.differingCount(), r::toString);
    assertEquals(moved, ((Number) r.differing().get(0).key()).intValue(), r::toString);
    assertEquals(List.of("f"), r.differing().get(0).columns(), r::toString);
  }

  @ParameterizedTest
  @EnumSource(CopyMode.class)
  void a_float_copied_into_numeric_keeps_its_seventh_digit(CopyMode mode) throws Exception {
    TestDatabase old = DBS.mariadb();
    TestDatabase neu = DBS.postgres();
    String t = "fn_" + mode.name().toLowerCase();
    old.execute(
        "CREATE TABLE " + t + " (id INT PRIMARY KEY, f FLOAT UNSIGNED)",
        "INSERT INTO " + t + " VALUES (1, 1234567), (2, 1.2345678), (3, 0.1), (4, NULL)");
    neu.execute("CREATE TABLE " + t + " (id int PRIMARY KEY, f numeric)");
    TypePairChecks.backfill(old, neu, t, BackfillOptions.builder().job(t).copy(mode).build());
    assertEquals(
        java.util.Arrays.asList(
            List.of("1234567"),
            List.of("1.2345678"),
            List.of("0.1"),
            java.util.Arrays.asList((Object) null)),
        neu.query("SELECT f::text FROM " + t + " ORDER BY id"));
    VerifyResult v = TypePairChecks.verify(old, neu, t);
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
  }

  enum Side {
    REAL("real"),
    DOUBLE("double precision");

    final String type;

    Side(String type) {
      this.type = type;
    }
  }
}
