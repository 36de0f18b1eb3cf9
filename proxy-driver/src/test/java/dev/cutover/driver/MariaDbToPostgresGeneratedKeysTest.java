package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
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
 * The generated keys a MariaDB application reads after the switch to PostgreSQL are shaped as
 * MariaDB Connector/J shapes them, whatever it asked for: one column {@code insert_id}, a {@code
 * BigInteger} per generated id. pgjdbc answers {@code RETURN_GENERATED_KEYS} with whole rows, so
 * Spring's {@code KeyHolder.getKey()} threw "The getKey method should only be used when a single
 * key is returned" after the switch, and a key read by position was whatever column came first.
 */
class MariaDbToPostgresGeneratedKeysTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS gk",
            "DROP TABLE IF EXISTS gk_small",
            "DROP TABLE IF EXISTS gk_plain",
            "CREATE TABLE gk (name VARCHAR(20) NOT NULL UNIQUE, id BIGINT AUTO_INCREMENT"
                + " PRIMARY KEY, qty INT)",
            "CREATE TABLE gk_small (id INT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(20))",
            "CREATE TABLE gk_plain (code VARCHAR(20) PRIMARY KEY, qty INT)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS gk",
            "DROP TABLE IF EXISTS gk_small",
            "DROP TABLE IF EXISTS gk_plain",
            "CREATE TABLE gk (name varchar(20) NOT NULL UNIQUE, id bigserial PRIMARY KEY,"
                + " qty integer)",
            "CREATE TABLE gk_small (id serial PRIMARY KEY, label varchar(20))",
            "CREATE TABLE gk_plain (code varchar(20) PRIMARY KEY, qty integer)");
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  /** The keys' labels and type names, then each key's class and value relative to the table's. */
  private static List<String> keys(Statement st, long base) throws Exception {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = st.getGeneratedKeys()) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        out.add(md.getColumnLabel(i) + " " + md.getColumnTypeName(i));
      }
      while (rs.next()) {
        Object k = rs.getObject(1);
        out.add(k.getClass().getSimpleName() + " +" + (((Number) k).longValue() - base));
      }
    }
    return out;
  }

  /** What an application reads of its keys, statement by statement; ids relative to the first. */
  private static List<String> workload(Connection c, TestDatabase db, String tag) throws Exception {
    List<String> out = new ArrayList<>();
    long base;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO gk (name, qty) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, tag + "a");
      ps.setInt(2, 1);
      out.add("count " + ps.executeUpdate());
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        base = rs.getLong(1);
      }
      out.addAll(keys(ps, base));
      out.add("again " + keys(ps, base));
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO gk (name, qty) VALUES (?, 2), (?, 3), (?, 4)", new String[] {"id"})) {
      ps.setString(1, tag + "b");
      ps.setString(2, tag + "c");
      ps.setString(3, tag + "d");
      ps.executeUpdate();
      out.add("multi-row " + keys(ps, base));
    }
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO gk (name, qty) VALUES (?, ?)", new int[] {1})) {
      for (String n : List.of("e", "f")) {
        ps.setString(1, tag + n);
        ps.setInt(2, 5);
        ps.addBatch();
      }
      ps.executeBatch();
      out.add("batch " + keys(ps, base));
    }
    try (Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO gk (name) VALUES ('" + tag + "g')", Statement.RETURN_GENERATED_KEYS);
      out.add("statement " + keys(st, base));
      st.execute(
          "INSERT INTO gk_small (label) VALUES ('" + tag + "')", Statement.RETURN_GENERATED_KEYS);
      long small = db.queryLong("SELECT MAX(id) FROM gk_small");
      out.add("integer key " + keys(st, small));
      st.executeUpdate(
          "INSERT INTO gk_plain (code, qty) VALUES ('" + tag + "', 1)",
          Statement.RETURN_GENERATED_KEYS);
      out.add("no generated column " + keys(st, 0));
      st.executeUpdate(
          "INSERT IGNORE INTO gk (name, qty) VALUES ('" + tag + "a', 9)",
          Statement.RETURN_GENERATED_KEYS);
      out.add("ignored " + keys(st, base));
    }
    return out;
  }

  @Test
  void keys_read_after_the_switch_are_shaped_as_mariadb_s() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    List<String> expected;
    try (Connection maria = DBS.mariadb().connect()) {
      expected = workload(maria, DBS.mariadb(), "m");
    }
    Migration m = CutoverDriver.migration(url);
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(expected, workload(c, DBS.mariadb(), "o"), "MariaDB the primary");
      m.setPhase(Phase.DUAL_NEW_PRIMARY, "test");
      assertEquals(expected, workload(c, DBS.postgres(), "d"), "PostgreSQL the primary");
      m.setPhase(Phase.NEW, "test");
      assertEquals(expected, workload(c, DBS.postgres(), "n"), "PostgreSQL alone");
    }
    assertEquals(List.of(), m.divergences(10));
  }

  /** Each key the statement's getGeneratedKeys() holds, as the name of the row with that id. */
  private static List<String> keyedNames(Statement st, TestDatabase db) throws Exception {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = st.getGeneratedKeys()) {
      out.add(rs.getMetaData().getColumnLabel(1));
      while (rs.next()) {
        Object k = rs.getObject(1);
        out.add(
            k.getClass().getSimpleName()
                + " "
                + db.query("SELECT name FROM gk WHERE id = " + k).get(0).get(0));
      }
    }
    return out;
  }

  /**
   * One execution of a multi-row INSERT IGNORE, REPLACE or INSERT ... SELECT gives MariaDB
   * Connector/J one key, the first id it generated, as a multi-row INSERT does (measured with 3.5.1
   * on MariaDB 10.11); pgjdbc returns one per row inserted.
   */
  @Test
  void a_multi_row_ignore_replace_or_insert_select_keys_the_first_id_alone() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    List<String> expected;
    try (Connection maria = DBS.mariadb().connect()) {
      expected = multiRow(maria, DBS.mariadb());
    }
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(expected, multiRow(c, DBS.postgres()));
    }
  }

  private static List<String> multiRow(Connection c, TestDatabase db) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO gk (name) VALUES ('a')");
      st.executeUpdate(
          "INSERT IGNORE INTO gk (name) VALUES ('a'), ('b'), ('c')",
          Statement.RETURN_GENERATED_KEYS);
      out.add("ignore " + keyedNames(st, db));
      st.executeUpdate(
          "REPLACE INTO gk (name, qty) VALUES ('d', 1), ('e', 1)", new String[] {"id"});
      out.add("replace " + keyedNames(st, db));
      st.executeUpdate(
          "INSERT INTO gk (name) SELECT CONCAT(name, 'x') FROM gk WHERE name IN ('a', 'b')"
              + " ORDER BY name",
          Statement.RETURN_GENERATED_KEYS);
      out.add("insert-select " + keyedNames(st, db));
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT IGNORE INTO gk (name) VALUES (?), (?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, "f");
      ps.setString(2, "g");
      ps.executeUpdate();
      out.add("prepared ignore " + keyedNames(ps, db));
    }
    return out;
  }
}
