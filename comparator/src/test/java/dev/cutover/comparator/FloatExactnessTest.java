package dev.cutover.comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.comparator.backfill.Backfill;
import dev.cutover.comparator.backfill.BackfillOptions;
import dev.cutover.comparator.backfill.BackfillOptions.CopyMode;
import dev.cutover.comparator.chunk.ControlStore;
import dev.cutover.comparator.chunk.Sources;
import dev.cutover.comparator.verify.VerifyResult;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.util.List;
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
    new Backfill(
            Sources.of(old),
            Sources.of(neu),
            new ControlStore(Sources.of(old)),
            BackfillOptions.builder().job(t).copy(mode).build())
        .run(t);
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

  enum Side {
    REAL("real"),
    DOUBLE("double precision");

    final String type;

    Side(String type) {
      this.type = type;
    }
  }
}
