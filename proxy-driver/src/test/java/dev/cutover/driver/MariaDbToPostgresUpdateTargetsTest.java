package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
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
 * A single-table UPDATE whose SET targets are qualified with the table or its alias ({@code update
 * `orders` set `orders`.`total` = ...}, as jOOQ's MariaDB dialect writes every update): MariaDB
 * takes it, PostgreSQL refused it ("column orders of relation orders does not exist", reading
 * {@code orders.total} as a field of a composite column), so every such update was journaled in
 * DUAL_OLD_PRIMARY and failed for the application once PostgreSQL was primary.
 */
class MariaDbToPostgresUpdateTargetsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS acct",
            "CREATE TABLE acct (id INT PRIMARY KEY, total DECIMAL(12,2), qty INT, note VARCHAR(20))",
            "INSERT INTO acct VALUES (1, 10.00, 1, NULL), (2, 20.00, 2, NULL), (3, 30.00, 3, NULL)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS acct",
            "CREATE TABLE acct (id INT PRIMARY KEY, total NUMERIC(12,2), qty INT,"
                + " note VARCHAR(20))",
            "INSERT INTO acct VALUES (1, 10.00, 1, NULL), (2, 20.00, 2, NULL), (3, 30.00, 3, NULL)");
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
  void qualified_set_targets_update_both_databases_alike(Phase phase) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        PreparedStatement ps =
            c.prepareStatement(
                "update `acct` set `acct`.`total` = (`acct`.`total` * ?),"
                    + " `acct`.`qty` = (`acct`.`qty` + ?) where `acct`.`id` = ?")) {
      ps.setBigDecimal(1, new BigDecimal("1.10"));
      ps.setInt(2, 5);
      ps.setInt(3, 1);
      assertEquals(1, ps.executeUpdate());
      assertEquals(1, st.executeUpdate("UPDATE acct a SET a.note = 'aliased' WHERE a.id = 2"));
      // MariaDB reads the new qty in the second assignment: 4, stored as 4.00.
      assertEquals(
          1,
          st.executeUpdate(
              "UPDATE acct SET acct.qty = acct.qty + 1, acct.total = acct.qty" + " WHERE id = 3"));
      assertEquals(
          1,
          st.executeUpdate(
              "UPDATE acct SET acct.note = 'first' WHERE qty > 1 ORDER BY id" + " LIMIT 1"));
    }
    List<List<Object>> mariadb = MigrationFixture.rows(DBS.mariadb(), "acct");
    assertEquals(mariadb, MigrationFixture.rows(DBS.postgres(), "acct"));
    assertEquals(
        List.of(
            List.of(1, new BigDecimal("11.00"), 6, "first"),
            List.of(2, new BigDecimal("20.00"), 2, "aliased"),
            List.of(3, new BigDecimal("4.00"), 4, "null")),
        DBS.mariadb().query("SELECT id, total, qty, COALESCE(note, 'null') FROM acct ORDER BY id"));
    assertEquals(List.of(), CutoverDriver.migration(url).divergences(100));
  }
}
