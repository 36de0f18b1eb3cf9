package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.LocalDateTime;
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
 * {@code CONVERT_TZ} between offsets, which PostgreSQL does not have: through the driver on
 * PostgreSQL the values, Java types and labels MariaDB gives, and a write mirrored alike.
 */
class MariaDbToPostgresConvertTzTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    String rows =
        "INSERT INTO tz VALUES (1, '2024-01-01 00:30:00.250000', '2024-03-01', NULL),"
            + " (2, '2024-12-31 23:59:59', '2024-12-31', NULL), (3, NULL, NULL, NULL)";
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS tz",
            "CREATE TABLE tz (id INT PRIMARY KEY, created DATETIME(6), d DATE, local DATETIME(6))",
            rows);
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS tz",
            "CREATE TABLE tz (id INT PRIMARY KEY, created TIMESTAMP(6), d DATE, local"
                + " TIMESTAMP(6))",
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

  private static List<List<Object>> rows(Connection c, String sql, Object... params)
      throws Exception {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        List<List<Object>> out = new ArrayList<>();
        List<Object> labels = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          labels.add(md.getColumnLabel(i));
        }
        out.add(labels);
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            Object o = rs.getObject(i);
            row.add(o == null ? null : o.getClass().getSimpleName() + ":" + o);
          }
          out.add(row);
        }
        return out;
      }
    }
  }

  private static void sameAnswers(String sql, Object... params) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DriverManager.getConnection(url)) {
      assertEquals(rows(maria, sql, params), rows(pg, sql, params), sql);
    }
  }

  @Test
  void offsets_convert_as_in_mariadb() throws Exception {
    sameAnswers(
        "SELECT id, CONVERT_TZ(created, '+00:00', '-05:00') AS ny, CONVERT_TZ(created, '+05:30',"
            + " '+00:00') AS utc, CONVERT_TZ(d, '+01:00', '+00:00') AS from_date, convert_tz(created,"
            + " '-12:59', '+13:00') AS widest, CONVERT_TZ(created, '+00:00', '+5:3') AS short FROM tz"
            + " ORDER BY id");
    // Out of MariaDB's range: NULL there.
    sameAnswers(
        "SELECT id, CONVERT_TZ(created, '+00:00', '+14:00') AS a, CONVERT_TZ(created, '+05:60',"
            + " '+00:00') AS b FROM tz ORDER BY id");
    sameAnswers(
        "SELECT CONVERT_TZ(?, '+00:00', '+02:00') AS p, CONVERT_TZ('2024-06-01 10:00:00.5',"
            + " '+02:00', '+00:00') AS s",
        LocalDateTime.of(2024, 2, 29, 23, 0));
    // The label MariaDB gives an unaliased call.
    sameAnswers("SELECT CONVERT_TZ(created, '+00:00', '+01:00') FROM tz WHERE id = 1");
    sameAnswers(
        "SELECT id FROM tz WHERE CONVERT_TZ(created, '+00:00', '+01:00') >= ? ORDER BY id",
        "2024-01-01 01:00:00");
  }

  @Test
  void a_write_converting_offsets_is_mirrored_on_postgresql() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE tz SET local = CONVERT_TZ(created, '+00:00', '-03:30') WHERE id < ?")) {
      ps.setInt(1, 3);
      assertEquals(2, ps.executeUpdate());
    }
    assertEquals(
        MigrationFixture.rows(DBS.mariadb(), "tz"), MigrationFixture.rows(DBS.postgres(), "tz"));
    assertEquals(List.of(), DualWriteSemantics.journal(url));
  }
}
