package dev.cutover.driver;

import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shadow reads between two PostgreSQL databases. */
class PostgresToPostgresShadowReadTest extends ShadowReadSemantics {
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
}
