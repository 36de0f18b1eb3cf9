package dev.cutover.testkit;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test class its own freshly created databases on real servers and drops them
 * afterwards.
 *
 * <p>Use it as {@code @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();}
 * and call {@link #postgres()}, {@link #mariadb()} or {@link #h2()} from a test. Servers are found
 * in this order: the environment ({@code CUTOVER_TEST_POSTGRES_URL}/{@code _USER}/{@code
 * _PASSWORD}, likewise {@code CUTOVER_TEST_MARIADB_*}, an admin URL to any database on the server),
 * then the local services on 127.0.0.1. When a server cannot be reached the test is skipped with a
 * message saying how to provide one, except under {@code CI=true}, where it fails: CI never passes
 * by skipping.
 */
public final class FreshDatabases implements BeforeAllCallback, AfterAllCallback {
  private final Map<Engine, TestDatabase> primary = new EnumMap<>(Engine.class);
  private final List<TestDatabase> created = new ArrayList<>();
  private String owner = "test";

  @Override
  public void beforeAll(ExtensionContext context) {
    owner = context.getRequiredTestClass().getSimpleName();
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    RuntimeException first = null;
    for (TestDatabase db : created) {
      try {
        db.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    created.clear();
    primary.clear();
    if (first != null) {
      throw first;
    }
  }

  public TestDatabase postgres() {
    return shared(Engine.POSTGRES);
  }

  public TestDatabase mariadb() {
    return shared(Engine.MARIADB);
  }

  public TestDatabase h2() {
    return shared(Engine.H2);
  }

  /** The class's database on that engine, created on first use. */
  public synchronized TestDatabase shared(Engine engine) {
    return primary.computeIfAbsent(engine, this::create);
  }

  /**
   * A further database on that engine (for example a second PostgreSQL database as the new side).
   */
  public synchronized TestDatabase create(Engine engine) {
    TestDatabase db = Servers.create(engine, owner);
    created.add(db);
    return db;
  }

  /**
   * A further database on the server behind {@code adminUrl} instead of the configured one: for
   * example the new side on a second PostgreSQL cluster, in a benchmark. Dropped like the others.
   */
  public synchronized TestDatabase create(
      Engine engine, String adminUrl, String user, String password) {
    TestDatabase db =
        Servers.server(
            engine, Servers.uniqueName(owner), new Servers.Admin(adminUrl, user, password));
    created.add(db);
    return db;
  }

  /** True when running in CI, where a real-database test must never skip. */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  static final class Servers {
    private Servers() {}

    static TestDatabase create(Engine engine, String owner) {
      String name = uniqueName(owner);
      switch (engine) {
        case H2:
          return h2(name);
        case POSTGRES:
        case MARIADB:
          return server(engine, name, admin(engine));
        default:
          throw new IllegalStateException("Invalid engine: " + engine);
      }
    }

    static String uniqueName(String owner) {
      String base = owner.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
      if (base.length() > 30) {
        base = base.substring(0, 30);
      }
      return "ct_" + base + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
    }

    private static TestDatabase h2(String name) {
      String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
      Runnable drop =
          () -> {
            try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
              s.execute("SHUTDOWN");
            } catch (SQLException e) {
              throw new IllegalStateException("could not drop H2 database " + name, e);
            }
          };
      return new TestDatabase(Engine.H2, name, url, "sa", "", drop);
    }

    /** Where to create databases: the environment or local service, else a container. */
    record Admin(String url, String user, String password) {}

    private static final Map<Engine, Admin> CONTAINERS = new EnumMap<>(Engine.class);

    static synchronized Admin admin(Engine engine) {
      String adminUrl = engine.adminUrl();
      String why = reachability(engine, adminUrl);
      if (why == null) {
        return new Admin(adminUrl, engine.user(), engine.password());
      }
      Admin container = CONTAINERS.get(engine);
      if (container == null && Containers.dockerAvailable()) {
        container = Containers.start(engine);
        CONTAINERS.put(engine, container);
      }
      if (container != null) {
        return container;
      }
      unavailable(engine, adminUrl, why + "; no Docker engine for Testcontainers either");
      throw new IllegalStateException("unreachable");
    }

    static TestDatabase server(Engine engine, String name, Admin admin) {
      String adminUrl = admin.url();
      String user = admin.user();
      String password = admin.password();
      String quoted = engine == Engine.POSTGRES ? "\"" + name + "\"" : "`" + name + "`";
      try (Connection c = DriverManager.getConnection(adminUrl, user, password);
          Statement s = c.createStatement()) {
        s.execute(
            engine == Engine.POSTGRES
                ? "CREATE DATABASE " + quoted + " ENCODING 'UTF8' TEMPLATE template0"
                : "CREATE DATABASE "
                    + quoted
                    + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
      } catch (SQLException e) {
        unavailable(engine, adminUrl, "cannot create a database: " + e.getMessage());
      }
      String url = withDatabase(adminUrl, name);
      Runnable drop =
          () -> {
            try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                Statement s = c.createStatement()) {
              s.execute(
                  engine == Engine.POSTGRES
                      ? "DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)"
                      : "DROP DATABASE IF EXISTS " + quoted);
            } catch (SQLException e) {
              throw new IllegalStateException("could not drop " + engine + " database " + name, e);
            }
          };
      return new TestDatabase(engine, name, url, user, password, drop);
    }

    /** Replaces the path (database) of a {@code jdbc:vendor://host:port/db?params} URL. */
    static String withDatabase(String adminUrl, String database) {
      URI uri = URI.create(adminUrl.substring("jdbc:".length()));
      String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
      return "jdbc:" + uri.getScheme() + "://" + uri.getRawAuthority() + "/" + database + query;
    }

    /** Null when the server answers on its port, else why not. */
    private static String reachability(Engine engine, String adminUrl) {
      URI uri = URI.create(adminUrl.substring("jdbc:".length()));
      int port = uri.getPort() > 0 ? uri.getPort() : (engine == Engine.POSTGRES ? 5432 : 3306);
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(uri.getHost(), port), 2000);
        return null;
      } catch (Exception e) {
        return "not reachable: " + e.getMessage();
      }
    }

    private static void unavailable(Engine engine, String adminUrl, String why) {
      String message =
          engine
              + " at "
              + adminUrl
              + " "
              + why
              + ". Start the local service or set "
              + engine.envPrefix()
              + "_URL, _USER and _PASSWORD to an admin connection.";
      if (isCi()) {
        throw new IllegalStateException("CI=true and a real-database test cannot run: " + message);
      }
      Assumptions.abort(message);
    }
  }
}
