package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code DELETE x FROM t x}, the multi-table form naming one table (Hibernate's bulk delete), on
 * PostgreSQL deletes what MariaDB deletes, and only when MariaDB takes it: MariaDB 10.11 refuses a
 * target whose case differs from the table's or alias's ({@code DELETE T FROM t}, "Unknown table
 * 'T' in MULTI DELETE"), which the driver had run on PostgreSQL as {@code DELETE FROM t}.
 */
class MariaDbToPostgresDeleteTargetTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    for (var db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute(
          "DROP TABLE IF EXISTS dt",
          "CREATE TABLE dt (id INT PRIMARY KEY, a INT)",
          "INSERT INTO dt VALUES (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)");
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

  /** The update count, or the refusal's SQLSTATE class. */
  private static String outcome(Connection c, String sql) {
    try (Statement st = c.createStatement()) {
      return "deleted " + st.executeUpdate(sql);
    } catch (SQLException e) {
      return "refused";
    }
  }

  @Test
  void a_target_naming_the_table_or_alias_with_its_case_deletes_as_mariadb_does() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    List<String> mariadb = new ArrayList<>();
    List<String> postgres = new ArrayList<>();
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DriverManager.getConnection(url)) {
      for (String sql :
          List.of(
              "DELETE x FROM dt x WHERE x.id = 1",
              "DELETE /* c */ dt /* d */ FROM dt WHERE id = 2",
              "DELETE DT FROM dt WHERE id = 3",
              "DELETE X FROM dt x WHERE id = 4",
              "DELETE x FROM dt X WHERE id = 5")) {
        mariadb.add(sql + ": " + outcome(maria, sql));
        postgres.add(sql + ": " + outcome(pg, sql));
      }
    }
    assertEquals(
        List.of(
            "DELETE x FROM dt x WHERE x.id = 1: deleted 1",
            "DELETE /* c */ dt /* d */ FROM dt WHERE id = 2: deleted 1",
            "DELETE DT FROM dt WHERE id = 3: refused",
            "DELETE X FROM dt x WHERE id = 4: refused",
            "DELETE x FROM dt X WHERE id = 5: refused"),
        mariadb);
    assertEquals(mariadb, postgres);
    assertEquals(
        MigrationFixture.rows(DBS.mariadb(), "dt"), MigrationFixture.rows(DBS.postgres(), "dt"));
  }
}
