package dev.cutover.driver;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shadow reads from MariaDB (old, primary) to PostgreSQL (new). */
class MariaDbToPostgresShadowReadTest extends ShadowReadSemantics {
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
