package dev.cutover.driver;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole dual-write contract again with {@code dualWrite.autocommitWrites: held}, from MariaDB
 * (whose driver switches autocommit with a statement of its own) to PostgreSQL: holding autocommit
 * writes in a primary transaction must change nothing the application or the journal sees.
 */
class MariaDbToPostgresHeldDualWriteTest extends DualWriteSemantics {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  @Override
  TestDatabase oldDb() {
    return DBS.mariadb();
  }

  @Override
  TestDatabase newDb() {
    return DBS.postgres();
  }

  @Override
  String config(Phase phase) {
    return MigrationFixture.writeConfig(
        oldDb(), newDb(), phase, "dualWrite: { autocommitWrites: held }\n");
  }
}
