package dev.cutover.comparator.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.comparator.backfill.BackfillOptions.CopyMode;
import dev.cutover.comparator.verify.VerifyResult;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tables without a primary key: refused unless asked for, then copied whole and idempotently. */
class KeylessBackfillTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static final int ROWS = 1_500;

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"mariadb", "postgres"})
  void a_table_without_a_key_is_refused_by_default_with_the_way_out(String from) {
    BackfillTest.Pair p = setUp(from);
    SQLException e =
        assertThrows(
            SQLException.class,
            () -> BackfillTest.backfill(p, BackfillOptions.builder().build()).run("audit_log"));
    assertTrue(e.getMessage().contains("audit_log has no primary key"), e.getMessage());
    assertTrue(e.getMessage().contains("--copy-tables-without-key"), e.getMessage());
    assertEquals(2, p.neu().queryLong("SELECT COUNT(*) FROM audit_log"), "nothing was touched");
  }

  @ParameterizedTest(name = "from {0} with {1}")
  @CsvSource({"mariadb, COPY", "mariadb, UPSERT", "postgres, COPY", "postgres, UPSERT"})
  void a_table_without_a_key_is_copied_whole_and_a_rerun_replaces_the_copy(
      String from, CopyMode mode) throws Exception {
    BackfillTest.Pair p = setUp(from);
    BackfillOptions first =
        BackfillOptions.builder()
            .job("first")
            .copy(mode)
            .batchRows(100)
            .copyTablesWithoutKey(true)
            .build();
    BackfillReport report = BackfillTest.backfill(p, first).run("audit_log");
    assertTrue(report.complete());
    assertEquals(1, report.chunks());
    assertEquals(ROWS, report.rowsCopied());
    VerifyResult v = BackfillTest.verify(p, "audit_log");
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);

    // A second full copy (another job, as after a lost claim or an operator's re-run) leaves the
    // same multiset, not two of each row.
    p.old().execute("DELETE FROM audit_log WHERE who = 'u3'");
    BackfillOptions second =
        BackfillOptions.builder().job("second").copy(mode).copyTablesWithoutKey(true).build();
    assertTrue(BackfillTest.backfill(p, second).run("audit_log").complete());
    assertEquals(
        p.old().queryLong("SELECT COUNT(*) FROM audit_log"),
        p.neu().queryLong("SELECT COUNT(*) FROM audit_log"));
    v = BackfillTest.verify(p, "audit_log");
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
  }

  /**
   * {@code audit_log} without a key on both sides: duplicate rows, NULLs and unicode on the old
   * side, two stale rows (one a duplicate of a real one) already on the new side.
   */
  private static BackfillTest.Pair setUp(String from) {
    BackfillTest.Pair p = BackfillTest.pair(DBS, from);
    for (TestDatabase db : List.of(p.old(), p.neu())) {
      boolean pg = db.engine() == Engine.POSTGRES;
      db.execute(
          "CREATE TABLE audit_log (at "
              + (pg ? "TIMESTAMP(6)" : "DATETIME(6)")
              + ", who VARCHAR(40), what TEXT, amount DECIMAL(10,2))");
    }
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      // Every 10th row is the same as the one before: a multiset, not a set.
      int n = i % 10 == 9 ? i - 1 : i;
      rows.add(
          "("
              + (n % 11 == 0 ? "NULL" : "'2024-03-" + (10 + n % 18) + " 10:00:0" + n % 10 + "'")
              + ", 'u"
              + n % 7
              + "', "
              + (n % 13 == 0 ? "NULL" : "'did ü ✓ " + n + "'")
              + ", "
              + n
              + ".25)");
    }
    p.old().execute("INSERT INTO audit_log VALUES " + String.join(", ", rows));
    p.neu()
        .execute(
            "INSERT INTO audit_log VALUES " + rows.get(1) + ", (NULL, 'stale', 'left over', 0)");
    return p;
  }
}
