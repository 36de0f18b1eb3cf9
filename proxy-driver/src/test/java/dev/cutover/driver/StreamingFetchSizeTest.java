package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code setFetchSize(Integer.MIN_VALUE)}, the row-by-row streaming Connector/J documents for large
 * results and Spring's {@code JdbcTemplate.setFetchSize} passes on: the driver refused it in every
 * phase ("fetchSize must be >= 0"), so such an application failed as soon as its URL changed. It
 * reaches MariaDB as it is and becomes a cursor's fetch size on PostgreSQL, which refuses a
 * negative size.
 */
class StreamingFetchSizeTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static final int ROWS = 3000;

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      db.execute("DROP TABLE IF EXISTS big", "CREATE TABLE big (id INT PRIMARY KEY, v INT)");
    }
    DBS.mariadb().execute("INSERT INTO big SELECT seq, seq * 2 FROM seq_1_to_" + ROWS);
    DBS.postgres()
        .execute("INSERT INTO big SELECT g, g * 2 FROM generate_series(1, " + ROWS + ") g");
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  private static long sum(ResultSet rs) throws SQLException {
    long sum = 0;
    int n = 0;
    while (rs.next()) {
      sum += rs.getLong(2);
      n++;
    }
    assertEquals(ROWS, n);
    return sum;
  }

  @Test
  void mysql_streaming_is_taken_in_every_phase() throws Exception {
    long expected = (long) ROWS * (ROWS + 1);
    for (Phase phase : Phase.values()) {
      String url =
          MigrationFixture.writeConfig(
              connectorJ(), DBS.mariadb(), DBS.postgres().url(), DBS.postgres(), phase, "");
      try (Connection c = DriverManager.getConnection(url)) {
        try (Statement st = c.createStatement()) {
          st.setFetchSize(Integer.MIN_VALUE);
          assertEquals(Integer.MIN_VALUE, st.getFetchSize());
          try (ResultSet rs = st.executeQuery("SELECT id, v FROM big ORDER BY id")) {
            assertEquals(expected, sum(rs), phase.toString());
          }
        }
        // In a transaction, where PostgreSQL reads through a cursor a chunk at a time.
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT id, v FROM big WHERE id > ?")) {
          ps.setFetchSize(Integer.MIN_VALUE);
          ps.setInt(1, 0);
          try (ResultSet rs = ps.executeQuery()) {
            assertEquals(expected, sum(rs), phase.toString());
          }
        }
        c.commit();
      }
    }
  }

  /** The test database through MySQL's Connector/J, as an application written for MySQL has it. */
  private static String connectorJ() {
    return DBS.mariadb().url().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:")
        + (DBS.mariadb().url().contains("?") ? "&" : "?")
        + "allowPublicKeyRetrieval=true&useSSL=false";
  }

  @Test
  void other_negative_sizes_are_refused_with_the_value_named() throws Exception {
    String url =
        MigrationFixture.writeConfig(
            connectorJ(), DBS.mariadb(), DBS.postgres().url(), DBS.postgres(), Phase.NEW, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> st.setFetchSize(-5));
      assertTrue(e.getMessage().contains("-5"), e.getMessage());
    }
  }

  @Test
  void mariadb_client_refuses_it_as_it_did_before_the_migration() throws Exception {
    try (Connection direct = DBS.mariadb().connect();
        Statement st = direct.createStatement()) {
      assertThrows(SQLException.class, () -> st.setFetchSize(Integer.MIN_VALUE));
    }
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.OLD, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      assertThrows(SQLException.class, () -> st.setFetchSize(Integer.MIN_VALUE));
    }
  }

  @Test
  void a_postgresql_application_gets_no_mysql_streaming() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.postgres(), DBS.postgres(), Phase.OLD, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      assertThrows(SQLException.class, () -> st.setFetchSize(Integer.MIN_VALUE));
    }
  }
}
