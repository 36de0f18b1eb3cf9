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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MySQL's counter-table idiom, {@code UPDATE counters SET id = LAST_INSERT_ID(id + 1) WHERE name =
 * ?} then {@code SELECT LAST_INSERT_ID()}: the function with an argument returns it and remembers
 * it as the connection's value. A PostgreSQL secondary must end with the same counters (else, after
 * the switch, the application hands out ids already used), and a PostgreSQL primary must answer
 * {@code LAST_INSERT_ID()} as MariaDB does for the same statements.
 */
class LastInsertIdCounterTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS counters",
            "DROP TABLE IF EXISTS orders",
            "DROP TABLE IF EXISTS items",
            "DROP TABLE IF EXISTS tags",
            "CREATE TABLE counters (name VARCHAR(20) PRIMARY KEY, id BIGINT NOT NULL)",
            "CREATE TABLE orders (id BIGINT PRIMARY KEY, note VARCHAR(20))",
            "CREATE TABLE items (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20) UNIQUE,"
                + " n BIGINT)",
            "ALTER TABLE items AUTO_INCREMENT = 10",
            "CREATE TABLE tags (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20))",
            "ALTER TABLE tags AUTO_INCREMENT = 10",
            "INSERT INTO counters VALUES ('orders', 100), ('users', 500)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS counters",
            "DROP TABLE IF EXISTS orders",
            "DROP TABLE IF EXISTS items",
            "DROP TABLE IF EXISTS tags",
            "CREATE TABLE counters (name VARCHAR(20) PRIMARY KEY, id BIGINT NOT NULL)",
            "CREATE TABLE orders (id BIGINT PRIMARY KEY, note VARCHAR(20))",
            "CREATE TABLE items (id BIGSERIAL PRIMARY KEY, v VARCHAR(20) UNIQUE, n BIGINT)",
            "SELECT setval('items_id_seq', 10, false)",
            "CREATE TABLE tags (id BIGSERIAL PRIMARY KEY, v VARCHAR(20))",
            "SELECT setval('tags_id_seq', 10, false)",
            "INSERT INTO counters VALUES ('orders', 100), ('users', 500)");
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  private static long lastInsertId(Statement st) throws Exception {
    try (ResultSet rs = st.executeQuery("SELECT LAST_INSERT_ID()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The application's statements, with Statement and PreparedStatement; returns each answer of
   * {@code SELECT LAST_INSERT_ID()} (and of {@code SELECT LAST_INSERT_ID(7)}).
   */
  private static List<Long> script(Connection c) throws Exception {
    List<Long> answers = new ArrayList<>();
    try (Statement st = c.createStatement();
        PreparedStatement next =
            c.prepareStatement("UPDATE counters SET id = LAST_INSERT_ID(id + ?) WHERE name = ?");
        PreparedStatement order =
            c.prepareStatement("INSERT INTO orders (id, note) VALUES (LAST_INSERT_ID(), ?)")) {
      st.executeUpdate("INSERT INTO items (v, n) VALUES ('a', 1)");
      answers.add(lastInsertId(st)); // 10, generated
      st.executeUpdate("UPDATE counters SET id = LAST_INSERT_ID(id + 1) WHERE name = 'orders'");
      answers.add(lastInsertId(st)); // 101
      order.setString(1, "o1");
      order.executeUpdate(); // an explicit id: the value stays
      answers.add(lastInsertId(st)); // 101
      next.setInt(1, 1);
      next.setString(2, "nobody");
      assertEquals(0, next.executeUpdate()); // no row: the value stays
      answers.add(lastInsertId(st)); // 101
      next.setInt(1, 10);
      next.setString(2, "users");
      next.executeUpdate();
      answers.add(lastInsertId(st)); // 510
      order.setString(1, "o2");
      order.executeUpdate();
      st.executeUpdate("INSERT INTO items (v, n) VALUES ('b', 2)");
      answers.add(lastInsertId(st)); // 11, generated after the counter
      next.setInt(1, 1);
      next.setString(2, "orders");
      next.executeUpdate();
      answers.add(lastInsertId(st)); // 102, the counter after the generated id
      st.execute("INSERT INTO orders (id, note) VALUES (LAST_INSERT_ID(), 'o3')");
      try (ResultSet rs = st.executeQuery("SELECT LAST_INSERT_ID(7)")) {
        rs.next();
        answers.add(rs.getLong(1)); // 7
      }
      answers.add(lastInsertId(st)); // 7
      c.setAutoCommit(false);
      st.executeUpdate("UPDATE counters SET id = LAST_INSERT_ID(id + 1) WHERE name = 'orders'");
      answers.add(lastInsertId(st)); // 103
      c.rollback();
      answers.add(lastInsertId(st)); // 103: MySQL keeps it; the row is back at 102
      next.setInt(1, 1);
      next.setString(2, "orders");
      next.executeUpdate();
      order.setString(1, "o4");
      order.executeUpdate();
      c.commit();
      c.setAutoCommit(true);
      answers.add(lastInsertId(st)); // 103
      // The upsert idiom: the existing row's id, or the new row's generated one.
      st.executeUpdate(
          "INSERT INTO items (v, n) VALUES ('a', 5) ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)");
      answers.add(lastInsertId(st)); // 10
      st.executeUpdate(
          "INSERT INTO items (v, n) VALUES ('c', 6) ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)");
      answers.add(lastInsertId(st)); // the new row's id
    }
    return answers;
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY", "NEW"})
  void answers_as_mariadb_and_both_sides_keep_the_same_counters(Phase phase) throws Exception {
    List<Long> mariadb;
    List<List<Object>> counters;
    List<List<Object>> orders;
    List<List<Object>> items;
    try (Connection direct = DBS.mariadb().connect()) {
      mariadb = script(direct);
    }
    counters = MigrationFixture.rows(DBS.mariadb(), "counters");
    orders = MigrationFixture.rows(DBS.mariadb(), "orders");
    items = MigrationFixture.rows(DBS.mariadb(), "items");
    assertEquals(
        List.of(10L, 101L, 101L, 101L, 510L, 11L, 102L, 7L, 7L, 103L, 103L, 103L, 10L, 13L),
        mariadb);
    tables();

    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(mariadb, script(c));
    }
    if (phase.isDual()) {
      assertEquals(List.of(), DualWriteSemantics.journal(url));
    }
    var sides =
        phase == Phase.NEW ? List.of(DBS.postgres()) : List.of(DBS.mariadb(), DBS.postgres());
    for (var db : sides) {
      assertEquals(counters, MigrationFixture.rows(db, "counters"), db.toString());
      assertEquals(orders, MigrationFixture.rows(db, "orders"), db.toString());
      assertEquals(items, MigrationFixture.rows(db, "items"), db.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY", "NEW"})
  void the_counter_alone_keeps_both_sides_equal(Phase phase) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        PreparedStatement next =
            c.prepareStatement("UPDATE counters SET id = LAST_INSERT_ID(id + 1) WHERE name = ?")) {
      for (int i = 0; i < 3; i++) {
        next.setString(1, "orders");
        next.executeUpdate();
        assertEquals(101 + i, lastInsertId(st));
      }
      st.executeUpdate("UPDATE counters SET id = LAST_INSERT_ID(id + 100) WHERE name IN ('users')");
      assertEquals(600, lastInsertId(st));
      // In a transaction, on a session that never generated an id (lastval undefined there).
      c.setAutoCommit(false);
      next.setString(1, "orders");
      next.executeUpdate();
      assertEquals(104, lastInsertId(st));
      st.execute("START TRANSACTION");
      next.setString(1, "orders");
      next.executeUpdate();
      st.execute("COMMIT");
      c.commit();
      c.setAutoCommit(true);
      assertEquals(105, lastInsertId(st));
      st.execute("START TRANSACTION");
      st.executeUpdate("UPDATE counters SET id = LAST_INSERT_ID(id + 1) WHERE name = 'users'");
      st.execute("ROLLBACK");
      assertEquals(601, lastInsertId(st));
    }
    if (phase.isDual()) {
      assertEquals(List.of(), DualWriteSemantics.journal(url));
    }
    assertEquals(
        List.of(List.of("orders", 105L), List.of("users", 600L)),
        DBS.postgres().query("SELECT name, id FROM counters ORDER BY name"));
    if (phase.isDual()) {
      assertEquals(
          MigrationFixture.rows(DBS.mariadb(), "counters"),
          MigrationFixture.rows(DBS.postgres(), "counters"));
    }
  }

  /**
   * Regression: the driver told whether an id was generated since a {@code LAST_INSERT_ID(expr)} by
   * comparing {@code lastval()} with its value when the counter was read; another table's sequence
   * handing out that same number (a young table, ids in the same range) looked like no id was
   * generated, and the counter's value answered where MariaDB gives the new id, so the application
   * wrote the counter's number as the new row's foreign key.
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_OLD_PRIMARY", "DUAL_NEW_PRIMARY", "NEW"})
  void an_id_equal_to_the_one_before_the_counter_is_still_a_new_id(Phase phase) throws Exception {
    List<Long> expected = List.of(10L, 101L, 10L, 102L, 11L, 103L, 104L, 104L, 11L, 105L, 12L);
    try (Connection direct = DBS.mariadb().connect()) {
      assertEquals(expected, collisions(direct));
    }
    tables();
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(expected, collisions(c));
    }
    if (phase.isDual()) {
      assertEquals(List.of(), DualWriteSemantics.journal(url));
      assertEquals(
          MigrationFixture.rows(DBS.mariadb(), "tags"),
          MigrationFixture.rows(DBS.postgres(), "tags"));
    }
  }

  /** Ids from two tables whose sequences hand out the same numbers, around counter updates. */
  private static List<Long> collisions(Connection c) throws Exception {
    List<Long> answers = new ArrayList<>();
    try (Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO items (v, n) VALUES ('a', 1)");
      answers.add(lastInsertId(st)); // 10
      st.executeUpdate("UPDATE counters SET id = LAST_INSERT_ID(id + 1) WHERE name = 'orders'");
      answers.add(lastInsertId(st)); // 101
      st.executeUpdate("INSERT INTO tags (v) VALUES ('x')");
      answers.add(lastInsertId(st)); // 10 again, from the other table
      st.executeUpdate("UPDATE counters SET id = LAST_INSERT_ID(id + 1) WHERE name = 'orders'");
      answers.add(lastInsertId(st)); // 102
      st.executeUpdate("INSERT INTO items (v, n) VALUES ('b', 2)");
      answers.add(lastInsertId(st)); // 11
      // In a transaction, rolled back: MariaDB keeps the value, and a generated id replaces it.
      c.setAutoCommit(false);
      st.executeUpdate("UPDATE counters SET id = LAST_INSERT_ID(id + 1) WHERE name = 'orders'");
      answers.add(lastInsertId(st)); // 103
      c.rollback();
      st.executeUpdate("UPDATE counters SET id = LAST_INSERT_ID(id + 2) WHERE name = 'orders'");
      // The row is back at 102.
      answers.add(lastInsertId(st)); // 104
      c.rollback();
      answers.add(lastInsertId(st)); // 104, kept through the rollback
      c.setAutoCommit(true);
      st.executeUpdate("INSERT INTO tags (v) VALUES ('y')");
      answers.add(lastInsertId(st)); // 11, from tags, equal to the id before the counter
      st.executeUpdate("UPDATE counters SET id = LAST_INSERT_ID(id + 3) WHERE name = 'orders'");
      answers.add(lastInsertId(st)); // 105
      st.executeUpdate("INSERT INTO items (v, n) VALUES ('c', 3)");
      answers.add(lastInsertId(st)); // 12
    }
    return answers;
  }

  /**
   * The driver's marker sequence is made inside the application's transaction when that is where
   * the first counter is read, so a rollback drops it; in a read-only transaction it cannot be made
   * at all, and the application's own {@code lastval()} marks instead.
   */
  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"DUAL_NEW_PRIMARY", "NEW"})
  void counters_read_in_rolled_back_and_read_only_transactions_answer_as_mariadb(Phase phase)
      throws Exception {
    List<Long> expected = List.of(101L, 101L, 101L, 10L, 5L, 5L, 11L);
    try (Connection direct = DBS.mariadb().connect()) {
      assertEquals(expected, transactions(direct));
    }
    tables();
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(expected, transactions(c));
    }
    if (phase.isDual()) {
      assertEquals(List.of(), DualWriteSemantics.journal(url));
    }
  }

  private static List<Long> transactions(Connection c) throws Exception {
    List<Long> answers = new ArrayList<>();
    try (Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.executeUpdate("UPDATE counters SET id = LAST_INSERT_ID(id + 1) WHERE name = 'orders'");
      answers.add(lastInsertId(st)); // 101
      c.rollback();
      answers.add(lastInsertId(st)); // 101
      st.executeUpdate("INSERT INTO orders (id, note) VALUES (1, 'explicit')");
      answers.add(lastInsertId(st)); // 101: no id generated
      c.commit();
      st.executeUpdate("INSERT INTO items (v, n) VALUES ('a', 1)");
      answers.add(lastInsertId(st)); // 10
      c.commit();
      c.setReadOnly(true);
      try (ResultSet rs = st.executeQuery("SELECT LAST_INSERT_ID(5)")) {
        rs.next();
        answers.add(rs.getLong(1)); // 5
      }
      answers.add(lastInsertId(st)); // 5
      c.commit();
      c.setReadOnly(false);
      st.executeUpdate("INSERT INTO items (v, n) VALUES ('b', 2)");
      answers.add(lastInsertId(st)); // 11
      c.commit();
      c.setAutoCommit(true);
    }
    return answers;
  }
}
