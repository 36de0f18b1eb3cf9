package dev.cutover.comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MySQL rounds a computed decimal (AVG, a division) to a fixed scale; PostgreSQL's numeric result
 * keeps more digits of the same value. Compared at MySQL's scale they are equal, and a real
 * difference in the data still shows; a stored column gets no such allowance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComputedDecimalsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  TestDatabase maria;
  TestDatabase pg;

  @BeforeAll
  void tables() {
    maria = DBS.mariadb();
    pg = DBS.postgres();
    maria.execute(
        "CREATE TABLE nums (id INT PRIMARY KEY, g INT, v INT, d DECIMAL(10,2), loose DECIMAL(10,2))");
    pg.execute(
        "CREATE TABLE nums (id int PRIMARY KEY, g int, v int, d numeric(10,2), loose numeric)");
    for (TestDatabase db : new TestDatabase[] {maria, pg}) {
      for (int i = 1; i <= 60; i++) {
        db.execute(
            "INSERT INTO nums VALUES ("
                + i
                + ", "
                + (i % 7)
                + ", "
                + (i * 37 % 11)
                + ", "
                + (i * 13 % 97)
                + ".25, 1.25)");
      }
    }
  }

  static final String AGGREGATES =
      "SELECT g, AVG(v) AS avg_v, AVG(d) AS avg_d, SUM(d) / 3 AS third, v / 7.0 AS seventh"
          + " FROM nums GROUP BY g, v ORDER BY g, v";

  ResultSnapshot capture(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      return ResultSnapshot.capture(
          s.executeQuery(sql), Engine.fromMetaData(c.getMetaData()), CaptureBudget.unlimited());
    }
  }

  @Test
  void averages_and_divisions_compare_at_mysqls_scale() throws SQLException {
    ResultSnapshot m = capture(maria, AGGREGATES);
    ResultSnapshot p = capture(pg, AGGREGATES);
    assertTrue(m.rowCount() > 20);
    ComparisonResult r = ResultComparator.compare(m, p, CompareOptions.DEFAULTS);
    assertTrue(r.equal(), r::toString);
    ComparisonResult reversed = ResultComparator.compare(p, m, CompareOptions.DEFAULTS);
    assertTrue(reversed.equal(), reversed::toString);
  }

  @Test
  void a_real_difference_in_the_data_still_shows() throws SQLException {
    ResultSnapshot m = capture(maria, AGGREGATES);
    pg.execute("UPDATE nums SET v = v + 1 WHERE id = 8");
    try {
      ComparisonResult r =
          ResultComparator.compare(m, capture(pg, AGGREGATES), CompareOptions.DEFAULTS);
      assertFalse(r.equal(), r::toString);
    } finally {
      pg.execute("UPDATE nums SET v = v - 1 WHERE id = 8");
    }
  }

  @Test
  void a_stored_difference_under_an_exact_aggregate_or_product_still_shows() throws SQLException {
    // MySQL computes MIN, MAX, SUM and d * 1 exactly at the column's scale: against
    // PostgreSQL's 1.2549 the 1.25 is a difference in the data, not MySQL's rounding.
    maria.execute("UPDATE nums SET loose = 1.25 WHERE id = 1");
    pg.execute("UPDATE nums SET loose = 1.2549 WHERE id = 1");
    try {
      for (String sql :
          new String[] {
            "SELECT MIN(loose) AS m FROM nums WHERE id = 1",
            "SELECT MAX(loose) AS m FROM nums",
            "SELECT g, SUM(loose) AS s FROM nums GROUP BY g ORDER BY g",
            "SELECT id, loose * 1 AS p FROM nums WHERE id <= 3 ORDER BY id"
          }) {
        ResultSnapshot m = capture(maria, sql);
        ResultSnapshot p = capture(pg, sql);
        ComparisonResult r = ResultComparator.compare(m, p, CompareOptions.DEFAULTS);
        assertFalse(r.equal(), sql + ": " + r);
        assertEquals(1, r.differences().size(), sql + ": " + r);
        assertFalse(ResultComparator.compare(p, m, CompareOptions.DEFAULTS).equal(), sql);
      }
      // The averages over the same data still compare at MySQL's scale where they agree.
      String avg = "SELECT g, AVG(loose) AS a FROM nums WHERE id > 1 GROUP BY g ORDER BY g";
      ComparisonResult r =
          ResultComparator.compare(capture(maria, avg), capture(pg, avg), CompareOptions.DEFAULTS);
      assertTrue(r.equal(), r::toString);
    } finally {
      maria.execute("UPDATE nums SET loose = 1.25 WHERE id = 1");
      pg.execute("UPDATE nums SET loose = 1.25 WHERE id = 1");
    }
  }

  @Test
  void computed_doubles_mariadb_sends_with_fixed_decimals_match_postgresqls_full_values()
      throws SQLException {
    // MariaDB's text protocol rounds PI() to 6 decimals, STDDEV_POP(int) and VAR_POP(int) to 4,
    // STDDEV_POP(DECIMAL(10,2)) to 6; PostgreSQL returns the whole double or numeric.
    String sql =
        "SELECT g, PI() AS pi, STDDEV_POP(v) AS sd, VAR_POP(v) AS var, STDDEV_POP(d) AS sdd"
            + " FROM nums GROUP BY g ORDER BY g";
    ResultSnapshot m = capture(maria, sql);
    ResultSnapshot p = capture(pg, sql);
    ComparisonResult r = ResultComparator.compare(m, p, CompareOptions.DEFAULTS);
    assertTrue(r.equal(), r::toString);
    assertTrue(ResultComparator.compare(p, m, CompareOptions.DEFAULTS).equal());
    pg.execute("UPDATE nums SET v = v + 1 WHERE id = 8");
    try {
      ComparisonResult changed =
          ResultComparator.compare(m, capture(pg, sql), CompareOptions.DEFAULTS);
      assertFalse(changed.equal(), changed::toString);
    } finally {
      pg.execute("UPDATE nums SET v = v - 1 WHERE id = 8");
    }
  }

  @Test
  void a_stored_column_gets_no_rounding_allowance() throws SQLException {
    // The same bound value 1.2549 rounds into MariaDB's DECIMAL(10,2) but not PostgreSQL's
    // unconstrained numeric: after the flip the application would read 1.2549.
    maria.execute("UPDATE nums SET loose = 1.2549 WHERE id = 1");
    pg.execute("UPDATE nums SET loose = 1.2549 WHERE id = 1");
    String sql = "SELECT id, loose FROM nums WHERE id = 1";
    ComparisonResult r =
        ResultComparator.compare(capture(maria, sql), capture(pg, sql), CompareOptions.DEFAULTS);
    assertFalse(r.equal(), r::toString);
    assertEquals(1, r.differences().size(), r::toString);
  }
}
