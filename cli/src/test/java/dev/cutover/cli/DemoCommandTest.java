package dev.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void the_demo_runs_a_migration_end_to_end_on_embedded_databases() {
    CliFixture.Run run = CliFixture.cutover("demo");
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("new side ids: 501..520 (20 rows)"), run.out());
    assertTrue(run.out().contains("rows: old 520, new 520"), run.out());
    assertTrue(run.out().contains("journal: SECONDARY_ERROR on [orders] keys=[521]"), run.out());
    assertTrue(run.out().contains("DUAL_OLD_PRIMARY -> DUAL_NEW_PRIMARY: COMMITTED"), run.out());
    assertTrue(run.out().contains("from the new database: id 522 after-flip"), run.out());
    assertTrue(run.out().contains("same id:                 id 522 after-flip"), run.out());
  }
}
