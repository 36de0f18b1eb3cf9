package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * MySQL's conditions used as numbers, through the driver on PostgreSQL: {@code SUM(status =
 * 'paid')} and {@code (a = b) + (c = d)}, which PostgreSQL refused, and a condition in the select
 * list, which it answered as a {@code boolean}, give MariaDB's values, Java types and labels.
 */
class MariaDbToPostgresConditionValuesTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    String rows =
        "INSERT INTO cv VALUES (1, 'paid', 3, 12.50, NULL, 0), (2, 'open', 1, 5.00, 'x', 0),"
            + " (3, 'paid', NULL, 20.00, 'y', 0), (4, 'void', 0, NULL, NULL, 0), (5, 'paid', 7,"
            + " 11.00, 'z', 0)";
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS cv",
            "CREATE TABLE cv (id INT PRIMARY KEY, status VARCHAR(10), qty INT, price DECIMAL(10,2),"
                + " note VARCHAR(10), score INT)",
            rows);
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS cv",
            "CREATE TABLE cv (id INT PRIMARY KEY, status VARCHAR(10), qty INT, price DECIMAL(10,2),"
                + " note VARCHAR(10), score INT)",
            rows);
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  private static void sameAnswers(String sql, Object... params) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DriverManager.getConnection(url)) {
      assertEquals(
          MigrationFixture.answers(maria, sql, params),
          MigrationFixture.answers(pg, sql, params),
          sql);
    }
  }

  @Test
  void aggregates_of_conditions_count_as_in_mariadb() throws Exception {
    sameAnswers(
        "SELECT SUM(status = 'paid'), AVG(qty > 2), MIN(note IS NULL), MAX(qty BETWEEN 1 AND 3),"
            + " SUM(DISTINCT price > 10), COUNT(*) FROM cv");
    sameAnswers(
        "SELECT status, SUM(qty > 0 AND price > 10) AS n, AVG(note LIKE ?) AS a FROM cv"
            + " GROUP BY status HAVING SUM(qty >= 0) > 0 ORDER BY status",
        "%");
    sameAnswers("SELECT id, SUM(qty > 1) OVER (ORDER BY id) AS running FROM cv ORDER BY id");
  }

  @Test
  void conditions_in_arithmetic_and_in_the_select_list_are_numbers() throws Exception {
    sameAnswers(
        "SELECT id, (status = 'paid') + (qty > 2) AS s, 10 * (note IS NULL) - 1 AS t, status ="
            + " 'paid', qty > 2 AS big, note IS NULL, ISNULL(note), qty <=> NULL, TRUE, NOT (qty"
            + " > 2), status IN ('paid', 'void') AS closed, note REGEXP '^[xy]' AS xy FROM cv"
            + " ORDER BY id");
    sameAnswers("SELECT EXISTS(SELECT 1 FROM cv WHERE status = ?) AS found", "paid");
    sameAnswers("SELECT COUNT(*) > 3 AS many, MAX(qty) > 5 AS big FROM cv");
    sameAnswers(
        "SELECT id FROM cv WHERE (status = 'paid') + (qty > 2) >= 1 ORDER BY (qty > 2) DESC, id");
  }

  @Test
  void a_write_computing_with_conditions_is_mirrored_on_postgresql() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE cv SET score = (status = ?) * 10 + (qty > ?) + (note IS NULL) WHERE id"
                    + " < ?")) {
      ps.setString(1, "paid");
      ps.setInt(2, 2);
      ps.setInt(3, 5);
      assertEquals(4, ps.executeUpdate());
    }
    String read = "SELECT id, score FROM cv ORDER BY id";
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DBS.postgres().connect();
        Statement m = maria.createStatement();
        Statement p = pg.createStatement()) {
      List<String> old = new ArrayList<>();
      List<String> neu = new ArrayList<>();
      try (ResultSet rs = m.executeQuery(read)) {
        while (rs.next()) {
          old.add(rs.getInt(1) + "=" + rs.getString(2));
        }
      }
      try (ResultSet rs = p.executeQuery(read)) {
        while (rs.next()) {
          neu.add(rs.getInt(1) + "=" + rs.getString(2));
        }
      }
      assertEquals(List.of("1=12", "2=0", "3=null", "4=1", "5=0"), old);
      assertEquals(old, neu);
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
  }
}
