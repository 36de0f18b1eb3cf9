package dev.cutover.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/** Database servers in containers, for machines with a Docker engine and no local services. */
final class Containers {
  private Containers() {}

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** Starts one server for the whole test JVM; Testcontainers' reaper removes it afterwards. */
  static FreshDatabases.Servers.Admin start(Engine engine) {
    JdbcDatabaseContainer<?> c;
    switch (engine) {
      case POSTGRES:
        c = new PostgreSQLContainer<>("postgres:16-alpine");
        break;
      case MARIADB:
        c = new MariaDBContainer<>("mariadb:10.11").withUsername("root").withPassword("");
        break;
      default:
        throw new IllegalStateException("Invalid engine: " + engine);
    }
    c.start();
    return new FreshDatabases.Servers.Admin(c.getJdbcUrl(), c.getUsername(), c.getPassword());
  }
}
