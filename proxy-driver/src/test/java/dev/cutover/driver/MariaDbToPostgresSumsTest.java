package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code SUM} of an integer column, or of a {@code TINYINT(1)} PostgreSQL holds as {@code boolean},
 * read through the driver on PostgreSQL answers the {@code BigDecimal} MariaDB answers (its sum of
 * integers is a {@code DECIMAL}, measured on MariaDB 10.11). PostgreSQL's {@code sum} of an {@code
 * integer} or {@code smallint} is a {@code bigint}: a Spring application's {@code queryForList} map
 * held a {@code Long} after the switch where it had held a {@code BigDecimal}.
 */
class MariaDbToPostgresSumsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS su",
            "CREATE TABLE su (id INT PRIMARY KEY, g INT, qty INT, s SMALLINT, b BIGINT,"
                + " d DECIMAL(12,2), on_hand TINYINT(1) NOT NULL)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS su",
            "CREATE TABLE su (id integer PRIMARY KEY, g integer, qty integer, s smallint,"
                + " b bigint, d numeric(12,2), on_hand boolean NOT NULL)");
    DBS.mariadb()
        .execute(
            "INSERT INTO su VALUES (1, 1, 5, 2, 10, 1.25, 1), (2, 1, 7, NULL, 20, NULL, 0),"
                + " (3, 2, -3, 4, 30, 2.50, 1), (4, 2, NULL, 1, NULL, 3.00, 1)");
    DBS.postgres()
        .execute(
            "INSERT INTO su VALUES (1, 1, 5, 2, 10, 1.25, true), (2, 1, 7, NULL, 20, NULL, false),"
                + " (3, 2, -3, 4, 30, 2.50, true), (4, 2, NULL, 1, NULL, 3.00, true)");
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  @Test
  void the_sum_of_an_integer_or_boolean_column_is_a_decimal_as_in_mariadb() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DriverManager.getConnection(url)) {
      for (String sql :
          List.of(
              "SELECT SUM(qty), SUM(s), SUM(b), SUM(d), SUM(on_hand) FROM su",
              "SELECT g, SUM(u.qty) AS items, sum(`u`.`s`), SUM(on_hand) AS n FROM su u"
                  + " GROUP BY g ORDER BY g",
              "SELECT SUM(qty) FROM su WHERE id < 0",
              "SELECT g FROM su GROUP BY g HAVING SUM(qty) > 1 ORDER BY SUM(qty) DESC")) {
        assertEquals(MigrationFixture.answers(maria, sql), MigrationFixture.answers(pg, sql), sql);
      }
    }
  }
}
