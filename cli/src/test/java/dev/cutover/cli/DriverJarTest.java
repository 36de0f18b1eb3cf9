package dev.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in driver jar a legacy application adds: self-contained, its third-party packages
 * relocated, and working in a class loader that holds nothing but it and the vendor's driver.
 */
class DriverJarTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  static Path driverJar() throws Exception {
    Path target = Path.of("..", "proxy-driver", "target");
    try (Stream<Path> files = Files.list(target)) {
      List<Path> jars =
          files
              .filter(p -> p.getFileName().toString().matches("cutover-driver-.*\\.jar"))
              .collect(Collectors.toList());
      assertEquals(1, jars.size(), "exactly one driver jar in " + target + ": " + jars);
      return jars.get(0);
    }
  }

  @Test
  void the_driver_jar_relocates_every_third_party_package() throws Exception {
    try (JarFile jar = new JarFile(driverJar().toFile())) {
      List<String> foreign =
          jar.stream()
              .map(e -> e.getName())
              .filter(n -> n.endsWith(".class"))
              .filter(n -> !n.startsWith("dev/cutover/"))
              .collect(Collectors.toList());
      assertEquals(List.of(), foreign, "classes outside dev/cutover/");
      assertNotNull(jar.getEntry("META-INF/services/java.sql.Driver"));
      assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith("dev/cutover/shaded/jackson/")));
    }
  }

  @Test
  void the_driver_jar_dual_writes_from_an_isolated_class_loader(@TempDir Path dir)
      throws Exception {
    TestDatabase oldDb = DBS.postgres();
    TestDatabase newDb = DBS.create(Engine.POSTGRES);
    for (TestDatabase db : List.of(oldDb, newDb)) {
      db.execute("CREATE TABLE t (id SERIAL PRIMARY KEY, v TEXT)");
    }
    Path config = dir.resolve("m.yaml");
    Files.writeString(
        config,
        "migration: jar"
            + System.nanoTime()
            + "\nold: { url: \""
            + oldDb.url()
            + "\", user: postgres }\nnew: { url: \""
            + newDb.url()
            + "\", user: postgres }\nphase: DUAL_OLD_PRIMARY\njournal: { spillDirectory: \""
            + dir
            + "\" }\n");
    URL pgjdbc = org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader app =
        new URLClassLoader(
            new URL[] {driverJar().toUri().toURL(), pgjdbc},
            ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(app);
      Driver driver =
          (Driver)
              Class.forName("dev.cutover.driver.CutoverDriver", true, app)
                  .getDeclaredConstructor()
                  .newInstance();
      assertFalse(driver.acceptsURL("jdbc:postgresql://x/y"));
      try (Connection c = driver.connect("jdbc:cutover:" + config, new Properties());
          Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO t (v) VALUES ('from the jar')");
      } finally {
        // Stop the migration's poller before its class loader goes away.
        Object migration =
            driver
                .getClass()
                .getMethod("migration", String.class)
                .invoke(null, "jdbc:cutover:" + config);
        ((AutoCloseable) migration).close();
        Thread.currentThread().setContextClassLoader(DriverJarTest.class.getClassLoader());
      }
    }
    assertEquals(1, newDb.queryLong("SELECT COUNT(*) FROM t WHERE v = 'from the jar' AND id = 1"));
  }
}
