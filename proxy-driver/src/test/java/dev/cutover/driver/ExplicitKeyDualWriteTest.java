package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.FreshDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * INSERTs that give an AUTO_INCREMENT key themselves, written through the driver with MariaDB as
 * the primary: MariaDB generates an id for NULL, DEFAULT and 0, and PostgreSQL must end up with
 * that id, not 0 or an error; explicit ids are copied, and PostgreSQL's sequence is moved past them
 * so that the first insert after the switch does not collide.
 */
class ExplicitKeyDualWriteTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS items",
            "CREATE TABLE items (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50), qty INT)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS items",
            "CREATE TABLE items (id BIGSERIAL PRIMARY KEY, name VARCHAR(50), qty INT)");
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  private static String url(Phase phase) {
    return MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
  }

  @Test
  void null_default_and_zero_keys_get_mariadb_s_generated_ids_on_postgresql() throws Exception {
    String url = url(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO items (id, name, qty) VALUES (?, ?, ?)");
        Statement st = c.createStatement()) {
      Object[] ids = {0L, null, 100L, "0", 0};
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] == null) {
          ps.setNull(1, Types.BIGINT);
        } else {
          ps.setObject(1, ids[i]);
        }
        ps.setString(2, "single" + i);
        ps.setInt(3, i);
        ps.executeUpdate();
      }
      // A batch mixing generated and explicit ids: the driver reports each execution's id.
      Object[] batch = {0L, null, 200L, 0L};
      for (int i = 0; i < batch.length; i++) {
        ps.setObject(1, batch[i]);
        ps.setString(2, "batch" + i);
        ps.setInt(3, i);
        ps.addBatch();
      }
      ps.executeBatch();
      st.executeUpdate("INSERT INTO items VALUES (NULL, 'no list, null', 1)");
      st.executeUpdate("INSERT INTO items VALUES (0, 'no list, zero', 2)");
      st.executeUpdate("INSERT INTO items VALUES (DEFAULT, 'no list, default', 3)");
      st.executeUpdate("INSERT INTO items SET id = 0, name = 'set, zero', qty = 4");
      st.executeUpdate("INSERT INTO items (id, name) VALUES (NULL, 'multi a'), (0, 'multi b')");
      try (PreparedStatement keys =
          c.prepareStatement(
              "INSERT INTO items (name, id, qty) VALUES (?, ?, ?)",
              Statement.RETURN_GENERATED_KEYS)) {
        keys.setString(1, "app reads the key");
        keys.setNull(2, Types.BIGINT);
        keys.setInt(3, 9);
        keys.executeUpdate();
        try (var rs = keys.getGeneratedKeys()) {
          assertTrue(rs.next());
          assertTrue(rs.getLong(1) > 200, "the application still gets the generated id");
        }
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    List<List<Object>> old = MigrationFixture.rows(DBS.mariadb(), "items");
    assertEquals(16, old.size());
    assertTrue(old.stream().noneMatch(r -> ((Number) r.get(0)).longValue() == 0), old.toString());
    assertEquals(old, MigrationFixture.rows(DBS.postgres(), "items"));
    long maxId = DBS.mariadb().queryLong("SELECT MAX(id) FROM items");
    assertTrue(MigrationFixture.generatorPosition(DBS.postgres(), "items") >= maxId);
  }

  @Test
  void explicit_ids_are_copied_and_move_postgresql_s_sequence_past_them() throws Exception {
    String url = url(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO items (id, name, qty) VALUES (?, ?, ?)");
        Statement st = c.createStatement()) {
      ps.setLong(1, 5000);
      ps.setString(2, "imported");
      ps.setInt(3, 1);
      ps.executeUpdate();
      st.executeUpdate("INSERT INTO items (id, name) VALUES (7000, 'x'), (7001, 'y')");
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    assertEquals(
        MigrationFixture.rows(DBS.mariadb(), "items"),
        MigrationFixture.rows(DBS.postgres(), "items"));
    // After the switch PostgreSQL generates ids itself: the next one must not collide.
    assertTrue(MigrationFixture.generatorPosition(DBS.postgres(), "items") >= 7001);
    DBS.postgres().execute("INSERT INTO items (name) VALUES ('after the switch')");
  }

  @Test
  void a_multi_row_insert_mixing_generated_and_explicit_ids_is_journaled_not_guessed()
      throws Exception {
    String url = url(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      // MariaDB reports only the first id of a multi-row INSERT, and an explicit id in between
      // moves the counter: the other generated ids are unknown.
      st.executeUpdate("INSERT INTO items (id, name) VALUES (NULL, 'a'), (600, 'b'), (NULL, 'c')");
    }
    List<Divergence> journal = DualWriteSemantics.journal(url);
    assertEquals(1, journal.size(), journal.toString());
    assertEquals(Divergence.Kind.KEYS_NOT_REPLAYED, journal.get(0).kind());
    assertEquals(3, DBS.mariadb().queryLong("SELECT COUNT(*) FROM items"));
    assertEquals(0, DBS.postgres().queryLong("SELECT COUNT(*) FROM items"));
  }

  @Test
  void a_table_reshaped_through_the_driver_is_read_again_before_its_key_is_placed()
      throws Exception {
    String url = url(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO items VALUES (NULL, 'warm', 1)");
      // The key moves to the second position; the DDL goes to both databases through the driver.
      st.execute("DROP TABLE items");
      DBS.mariadb()
          .execute(
              "CREATE TABLE items (qty INT, id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                  + " name VARCHAR(50))");
      DBS.postgres()
          .execute("CREATE TABLE items (qty INT, id BIGSERIAL PRIMARY KEY, name VARCHAR(50))");
      // qty 0 is a value, not a key for MariaDB to generate.
      st.executeUpdate("INSERT INTO items VALUES (0, 5, 'x')");
      st.executeUpdate("INSERT INTO items VALUES (7, NULL, 'y')");
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    List<List<Object>> old = MigrationFixture.rows(DBS.mariadb(), "items");
    assertEquals(0, ((Number) old.get(0).get(0)).intValue(), old.toString());
    assertEquals(old, MigrationFixture.rows(DBS.postgres(), "items"));
  }

  @Test
  void after_the_switch_null_and_zero_keys_are_generated_by_postgresql_as_mysql_would()
      throws Exception {
    // PostgreSQL refused NULL for its serial key (an application error) and stored 0, where
    // MariaDB, then the secondary, generated an id of its own.
    DBS.postgres().execute("SELECT setval(pg_get_serial_sequence('items', 'id'), 1000)");
    String url = url(Phase.DUAL_NEW_PRIMARY);
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO items (id, name, qty) VALUES (NULL, 'null', 1)");
      st.executeUpdate("INSERT INTO items (id, name, qty) VALUES (0, 'zero', 2), (NULL, 'n', 3)");
      st.executeUpdate("INSERT INTO items VALUES (0, 'no list', 4)");
      // A quantity of 0 is a value, not a key.
      st.executeUpdate("INSERT INTO items (name, qty) VALUES ('qty', 0)");
      // Bound as parameters (an entity's empty id, as MyBatis sends it): generated too; an
      // explicit id is kept.
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO items (id, name, qty) VALUES (?, ?, ?)")) {
        Object[] ids = {null, 0L, 7000L, 0};
        for (int i = 0; i < ids.length; i++) {
          if (ids[i] == null) {
            ps.setNull(1, Types.BIGINT);
          } else {
            ps.setObject(1, ids[i]);
          }
          ps.setString(2, "bound" + i);
          ps.setInt(3, 0);
          ps.executeUpdate();
        }
        // A batch of new entities, every id bound to NULL or 0.
        for (int i = 0; i < 3; i++) {
          if (i == 1) {
            ps.setLong(1, 0);
          } else {
            ps.setNull(1, Types.BIGINT);
          }
          ps.setString(2, "batched" + i);
          ps.setInt(3, 1);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    List<List<Object>> onPostgres = MigrationFixture.rows(DBS.postgres(), "items");
    assertEquals(12, onPostgres.size(), onPostgres.toString());
    for (List<Object> row : onPostgres) {
      assertTrue(((Number) row.get(0)).longValue() > 1000, onPostgres.toString());
    }
    assertEquals(1, DBS.postgres().queryLong("SELECT COUNT(*) FROM items WHERE id = 7000"));
    assertEquals(onPostgres, MigrationFixture.rows(DBS.mariadb(), "items"));
  }

  @Test
  void after_the_switch_default_keys_get_postgresql_s_ids_on_mariadb() throws Exception {
    // PostgreSQL's sequence is ahead of MariaDB's counter, as after a backfill and mirrored ids.
    DBS.postgres().execute("SELECT setval(pg_get_serial_sequence('items', 'id'), 1000)");
    String url = url(Phase.DUAL_NEW_PRIMARY);
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO items (id, name, qty) VALUES (DEFAULT, ?, ?)")) {
      st.executeUpdate("INSERT INTO items (id, name) VALUES (DEFAULT, 'listed')");
      st.executeUpdate("INSERT INTO items VALUES (DEFAULT, 'no list', 1)");
      st.executeUpdate(
          "INSERT INTO items (id, name) VALUES (DEFAULT, 'a'), (5000, 'b'), (DEFAULT, 'c')");
      ps.setString(1, "prepared");
      ps.setInt(2, 2);
      ps.executeUpdate();
      st.executeUpdate("INSERT INTO items (id, name) VALUES (7, 'explicit')");
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    List<List<Object>> onPostgres = MigrationFixture.rows(DBS.postgres(), "items");
    assertEquals(7, onPostgres.size());
    assertTrue(((Number) onPostgres.get(1).get(0)).longValue() > 1000, onPostgres.toString());
    assertEquals(onPostgres, MigrationFixture.rows(DBS.mariadb(), "items"));
  }

  @Test
  void a_prepared_multi_row_insert_with_null_ids_gets_consecutive_ids() throws Exception {
    String url = url(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO items (id, name) VALUES (?, ?), (?, ?)")) {
      for (int execution = 0; execution < 3; execution++) {
        ps.setNull(1, Types.BIGINT);
        ps.setString(2, "a" + execution);
        ps.setObject(3, 0L);
        ps.setString(4, "b" + execution);
        if (execution < 2) {
          ps.addBatch();
        } else {
          ps.executeBatch();
          ps.executeUpdate();
        }
      }
      // An explicit id between generated ones: MariaDB reports only the first id.
      ps.setNull(1, Types.BIGINT);
      ps.setString(2, "c");
      ps.setLong(3, 900);
      ps.setString(4, "d");
      ps.executeUpdate();
    }
    List<Divergence> journal = DualWriteSemantics.journal(url);
    assertEquals(1, journal.size(), journal.toString());
    assertEquals(Divergence.Kind.KEYS_NOT_REPLAYED, journal.get(0).kind());
    DBS.mariadb().execute("DELETE FROM items WHERE name IN ('c', 'd')");
    List<List<Object>> old = MigrationFixture.rows(DBS.mariadb(), "items");
    assertEquals(6, old.size());
    assertEquals(old, MigrationFixture.rows(DBS.postgres(), "items"));
  }
}
