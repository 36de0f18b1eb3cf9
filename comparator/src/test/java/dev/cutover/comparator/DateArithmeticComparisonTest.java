package dev.cutover.comparator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MySQL's date arithmetic on a DATE gives a DATE; PostgreSQL's {@code date + interval} gives the
 * timestamp at that day's midnight. They are the same value, and a shadow read of such an
 * expression is not a mismatch; a different day, or a time other than midnight, still is.
 */
class DateArithmeticComparisonTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  static ResultSnapshot capture(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      return ResultSnapshot.capture(
          s.executeQuery(sql), Engine.fromMetaData(c.getMetaData()), CaptureBudget.unlimited());
    }
  }

  @Test
  void a_date_equals_the_timestamp_at_its_midnight_and_nothing_else() throws SQLException {
    TestDatabase maria = DBS.mariadb();
    TestDatabase pg = DBS.postgres();
    maria.execute(
        "CREATE TABLE days (id INT PRIMARY KEY, d DATE)",
        "INSERT INTO days VALUES (1, '2024-01-31'), (2, '2024-02-28'), (3, NULL)");
    pg.execute(
        "CREATE TABLE days (id int PRIMARY KEY, d date)",
        "INSERT INTO days VALUES (1, '2024-01-31'), (2, '2024-02-28'), (3, NULL)");
    ResultSnapshot mysql =
        capture(maria, "SELECT id, DATE_ADD(d, INTERVAL 1 DAY) AS next FROM days ORDER BY id");
    ResultSnapshot postgres =
        capture(pg, "SELECT id, (d + INTERVAL '1 day') AS next FROM days ORDER BY id");
    ComparisonResult same = ResultComparator.compare(mysql, postgres, CompareOptions.DEFAULTS);
    assertTrue(same.equal(), same::toString);
    ComparisonResult otherDay =
        ResultComparator.compare(
            mysql,
            capture(pg, "SELECT id, (d + INTERVAL '2 day') AS next FROM days ORDER BY id"),
            CompareOptions.DEFAULTS);
    assertFalse(otherDay.equal(), otherDay::toString);
    ComparisonResult notMidnight =
        ResultComparator.compare(
            mysql,
            capture(pg, "SELECT id, (d + INTERVAL '1 day 1 second') AS next FROM days ORDER BY id"),
            CompareOptions.DEFAULTS);
    assertFalse(notMidnight.equal(), notMidnight::toString);
  }
}
