package dev.cutover.driver;

import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Hibernate application on PostgreSQL's dialect moved to another PostgreSQL database. */
class HibernatePostgresApplicationTest extends HibernateApplicationSemantics {
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
