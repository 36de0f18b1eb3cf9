package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MySQL's {@code ^} is XOR, PostgreSQL's a power: a bit flag toggled with {@code SET flags = flags
 * ^ 4} took other values on PostgreSQL, silently (the update count was the same, so nothing was
 * journaled). Through the driver both databases end with MariaDB's flags.
 */
class XorOperatorDualWriteTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    for (var db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute(
          "DROP TABLE IF EXISTS flagged",
          "CREATE TABLE flagged (id INT PRIMARY KEY, flags INT NOT NULL, n INT)",
          "INSERT INTO flagged VALUES (1, 5, 2), (2, 0, NULL), (3, 12, 7)");
    }
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY"})
  void toggled_bit_flags_are_mariadb_s_on_both_databases(Phase phase) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement toggle =
            c.prepareStatement("UPDATE flagged SET flags = flags ^ ? WHERE id = ?")) {
      toggle.setInt(1, 4);
      toggle.setInt(2, 1);
      assertEquals(1, toggle.executeUpdate());
      try (var st = c.createStatement()) {
        assertEquals(
            3, st.executeUpdate("UPDATE flagged SET n = 2 * flags ^ 1 + IFNULL(n, 0) ^ 3"));
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String all = "SELECT id, flags, n FROM flagged ORDER BY id";
    assertEquals(
        List.of(List.of(1, 1, 1), List.of(2, 0, 5), List.of(3, 12, 30)), DBS.mariadb().query(all));
    assertEquals(DBS.mariadb().query(all), DBS.postgres().query(all));
  }
}
