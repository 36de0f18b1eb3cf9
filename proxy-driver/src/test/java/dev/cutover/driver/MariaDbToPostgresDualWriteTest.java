package dev.cutover.driver;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dual-write semantics from MariaDB (old) to PostgreSQL (new). */
class MariaDbToPostgresDualWriteTest extends DualWriteSemantics {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  @Override
  TestDatabase oldDb() {
    return DBS.mariadb();
  }

  @Override
  TestDatabase newDb() {
    return DBS.postgres();
  }
}
