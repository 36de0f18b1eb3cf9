package dev.cutover.driver;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Hibernate application on MariaDB's dialect moved to PostgreSQL. */
class HibernateMariaDbApplicationTest extends HibernateApplicationSemantics {
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
