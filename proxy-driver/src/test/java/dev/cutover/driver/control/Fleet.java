package dev.cutover.driver.control;

import static org.junit.jupiter.api.Assertions.fail;

import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.Phase;
import dev.cutover.driver.internal.CutoverConnection;
import dev.cutover.driver.internal.MigrationContext;
import dev.cutover.testkit.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Several driver instances of one migration in this JVM: each has its own {@link MigrationContext},
 * so its own poller, heartbeat, write gate and instance id, exactly as separate processes would.
 */
final class Fleet implements AutoCloseable {
  final String location;
  final MigrationConfig config;
  final List<Instance> instances = new ArrayList<>();
  final ControlPlane operator;

  /** One driver instance. */
  static final class Instance implements AutoCloseable {
    final MigrationContext context;
    final ControlPlane plane;

    Instance(MigrationConfig config) {
      this.context = new MigrationContext(config);
      this.plane = ControlPlane.join(context);
    }

    Connection connect() throws SQLException {
      return new CutoverConnection(context);
    }

    Phase phase() {
      return context.phase();
    }

    @Override
    public void close() {
      context.close();
    }
  }

  Fleet(TestDatabase oldDb, TestDatabase newDb, String controlUrl, Phase phase, String yaml, int n)
      throws SQLException {
    this(oldDb, newDb, controlUrl, controlUrl, phase, yaml, n);
  }

  /** Instances reach the store at {@code controlUrl}, the operator at {@code operatorUrl}. */
  Fleet(
      TestDatabase oldDb,
      TestDatabase newDb,
      String controlUrl,
      String operatorUrl,
      Phase phase,
      String yaml,
      int n)
      throws SQLException {
    String name = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    this.location = writeConfig(name, oldDb, newDb, controlUrl, phase, yaml);
    this.config = MigrationConfig.load(location, new Properties());
    for (int i = 0; i < n; i++) {
      instances.add(new Instance(config));
    }
    this.operator =
        ControlPlane.open(
            MigrationConfig.load(
                writeConfig(name, oldDb, newDb, operatorUrl, phase, yaml), new Properties()));
  }

  Instance instance(int i) {
    return instances.get(i);
  }

  static String writeConfig(
      String name,
      TestDatabase oldDb,
      TestDatabase newDb,
      String controlUrl,
      Phase phase,
      String extraYaml) {
    try {
      Path dir = Files.createTempDirectory("cutover-control-test");
      String yaml =
          "migration: "
              + name
              + "\nold: { url: \""
              + oldDb.url()
              + "\", user: "
              + oldDb.user()
              + ", password: \"\" }\nnew: { url: \""
              + newDb.url()
              + "\", user: "
              + newDb.user()
              + ", password: \"\" }\ncontrol: { url: \""
              + controlUrl
              + "\", user: "
              + oldDb.user()
              + ", password: \"\" }\nphase: "
              + phase
              + "\njournal: { spillDirectory: \""
              + dir
              + "\" }\n"
              + extraYaml;
      Path file = dir.resolve("migration.yaml");
      Files.writeString(file, yaml);
      return file.toAbsolutePath().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits for a condition the fleet reaches by itself; fails (not hangs) after a generous bound.
   */
  static void await(String what, BooleanSupplier condition) {
    long giveUp = System.nanoTime() + 60_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        fail("never happened: " + what + controlThreads());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for: " + what);
      }
    }
  }

  /** Where the fleet's own threads stand, so a condition that never came says why. */
  private static String controlThreads() {
    StringBuilder out = new StringBuilder();
    Thread.getAllStackTraces()
        .forEach(
            (t, stack) -> {
              if (t.getName().startsWith("cutover-")) {
                out.append("\n").append(t.getName()).append(' ').append(t.getState());
                for (int i = 0; i < Math.min(stack.length, 12); i++) {
                  out.append("\n    at ").append(stack[i]);
                }
              }
            });
    return out.toString();
  }

  /** Rows ordered by the first column, numbers as longs, so two engines compare equal. */
  static List<List<Object>> rows(TestDatabase db, String table) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> row : db.query("SELECT * FROM " + table + " ORDER BY 1")) {
      List<Object> n = new ArrayList<>();
      for (Object v : row) {
        if (v instanceof Number && !(v instanceof BigDecimal && ((BigDecimal) v).scale() > 0)) {
          n.add(((Number) v).longValue());
        } else {
          n.add(v);
        }
      }
      out.add(n);
    }
    return out;
  }

  @Override
  public void close() {
    operator.close();
    for (Instance i : instances) {
      i.close();
    }
  }
}
