package dev.cutover.comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** H2, the demo's database, read through its own JDBC types, compares with PostgreSQL. */
class H2ComparisonTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  static final String[] ROWS = {
    "(1, 332.20, 0.1, 0.5, TIMESTAMP '2024-03-01 10:00:00.123456',"
        + " TIMESTAMP WITH TIME ZONE '2024-03-01 11:00:00+01:00', TRUE, 'ab', 'x 🎉',"
        + " '123e4567-e89b-12d3-a456-426614174000', X'0102ff', '{\"b\": 1, \"a\": [1, 2.50]}')",
    "(2, 0.00, 1e308, -1.5, TIMESTAMP '1999-12-31 23:59:59',"
        + " TIMESTAMP WITH TIME ZONE '2000-01-01 00:00:00+00:00', FALSE, '', '',"
        + " '00000000-0000-0000-0000-000000000000', X'', '[]')",
    "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"
  };

  static ResultSnapshot capture(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return ResultSnapshot.capture(
          rs, Engine.fromMetaData(c.getMetaData()), CaptureBudget.unlimited());
    }
  }

  @Test
  void h2_and_postgresql_holding_the_same_rows_compare_equal() throws SQLException {
    TestDatabase h2 = DBS.h2();
    TestDatabase pg = DBS.postgres();
    h2.execute(
        "CREATE TABLE t (id INT PRIMARY KEY, price DECIMAL(10,2), dbl DOUBLE PRECISION, r REAL,"
            + " at TIMESTAMP(6), tz TIMESTAMP(6) WITH TIME ZONE, flag BOOLEAN, ch CHAR(10),"
            + " vc VARCHAR(50), u UUID, bin VARBINARY(16), js JSON)");
    pg.execute(
        "CREATE TABLE t (id int PRIMARY KEY, price numeric, dbl double precision, r real,"
            + " at timestamp, tz timestamptz, flag boolean, ch char(10), vc varchar(50), u uuid,"
            + " bin bytea, js jsonb)");
    for (String row : ROWS) {
      h2.execute(
          "INSERT INTO t VALUES " + row.replace("'{", "JSON '{").replace("'[]'", "JSON '[]'"));
    }
    for (int i = ROWS.length - 1; i >= 0; i--) {
      pg.execute(
          "INSERT INTO t VALUES "
              + ROWS[i]
                  .replace("TIMESTAMP WITH TIME ZONE", "timestamptz")
                  .replace("X'0102ff'", "'\\x0102ff'")
                  .replace("X''", "''::bytea"));
    }
    ResultSnapshot left = capture(h2, "SELECT * FROM t");
    assertEquals(Engine.H2, left.engine());
    ResultSnapshot right = capture(pg, "SELECT * FROM t");
    ComparisonResult result = ResultComparator.compare(left, right, CompareOptions.DEFAULTS);
    assertTrue(result.equal(), result::toString);

    pg.execute("UPDATE t SET ch = 'ac' WHERE id = 1");
    ComparisonResult changed =
        ResultComparator.compare(left, capture(pg, "SELECT * FROM t"), CompareOptions.DEFAULTS);
    assertEquals(Optional.of(DifferenceKind.VALUE_DIFFERENCE), changed.kind());
    assertEquals(List.of("CH"), changed.differences().get(0).differingColumns());
  }
}
