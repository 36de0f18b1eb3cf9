package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dual-write semantics between two PostgreSQL databases (a version or host move). */
class PostgresToPostgresDualWriteTest extends DualWriteSemantics {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();
  private static TestDatabase newSide;

  @Override
  TestDatabase oldDb() {
    return DBS.postgres();
  }

  @Override
  synchronized TestDatabase newDb() {
    if (newSide == null) {
      newSide = DBS.create(Engine.POSTGRES);
    }
    return newSide;
  }

  @Test
  void a_grouped_secondary_connection_whose_autocommit_cannot_be_restored_is_replaced()
      throws Exception {
    String url =
        MigrationFixture.writeConfig(
            oldDb().url(),
            oldDb(),
            FailingRestoreDriver.url(newDb().url()),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "dualWrite: { mode: async, queueCapacity: 100000 }\n");
    Migration m = CutoverDriver.migration(url);
    Connection lock = lockNewAccounts();
    try (Connection c = open(url);
        PreparedStatement ins =
            c.prepareStatement("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)")) {
      for (int i = 1; i <= 10; i++) {
        ins.setInt(1, i);
        ins.setString(2, "g" + i);
        ins.setBigDecimal(3, BigDecimal.ONE);
        ins.executeUpdate();
      }
      // The group's commit succeeds; restoring autocommit on its connection afterwards fails.
      FailingRestoreDriver.FAILURES.set(1);
      unlock(lock);
      drain(m);
      assertEquals(0, FailingRestoreDriver.FAILURES.get(), "the restore was attempted");
      // A later write alone must not run on the connection left with autocommit off, where it
      // would never be committed.
      ins.setInt(1, 11);
      ins.setString(2, "after");
      ins.setBigDecimal(3, BigDecimal.ONE);
      ins.executeUpdate();
      drain(m);
      assertEquals(11, newDb().queryLong("SELECT COUNT(*) FROM accounts"));
    } finally {
      FailingRestoreDriver.FAILURES.set(0);
      if (!lock.isClosed()) {
        unlock(lock);
      }
    }
    assertSameRows("accounts");
    assertEquals(List.of(), journal(url));
  }
}
