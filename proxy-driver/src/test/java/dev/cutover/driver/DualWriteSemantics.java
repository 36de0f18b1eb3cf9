package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.driver.internal.PhaseOverrides;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.TestDatabase;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migration semantics of dual-write, run against real databases. Each engine pair extends it;
 * the proxy server's tests will extend it too, through {@link #open(String)}.
 */
abstract class DualWriteSemantics {
  abstract TestDatabase oldDb();

  abstract TestDatabase newDb();

  /** How the application gets a connection for a {@code jdbc:cutover:} URL. */
  Connection open(String url) throws SQLException {
    return DriverManager.getConnection(url);
  }

  private java.util.Set<Migration> migrationsBefore;

  @BeforeEach
  void rememberOpenMigrations() {
    migrationsBefore = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    migrationsBefore.addAll(CutoverDriver.openMigrations());
  }

  /**
   * Closes the migrations this test loaded: each holds pooled control-store connections, and a
   * class's worth of them would otherwise exhaust MariaDB's 151 connections.
   */
  @org.junit.jupiter.api.AfterEach
  void closeMigrationsOpenedByTheTest() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!migrationsBefore.contains(m)) {
        m.close();
      }
    }
  }

  @BeforeEach
  void freshTables() {
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute("DROP TABLE IF EXISTS items", "DROP TABLE IF EXISTS accounts");
      db.execute(MigrationFixture.itemsDdl(db.engine()), MigrationFixture.accountsDdl());
    }
  }

  String config(Phase phase) {
    return MigrationFixture.writeConfig(oldDb(), newDb(), phase, "");
  }

  static List<Divergence> journal(String url) throws SQLException {
    return CutoverDriver.migration(url).divergences(1000);
  }

  void assertSameRows(String table) {
    assertEquals(
        MigrationFixture.rows(oldDb(), table),
        MigrationFixture.rows(newDb(), table),
        table + " differs between old and new");
  }

  private static final String INSERT_ITEM =
      "INSERT INTO items (name, qty, price, ratio, created, day, flag, uid, note, data)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static void bindItem(PreparedStatement ps, int i) throws SQLException {
    ps.setString(1, i % 7 == 0 ? "it's \"quoted\" Zürich ☃ 東京 😀 #" + i : "item-" + i);
    if (i % 5 == 0) {
      ps.setNull(2, Types.INTEGER);
    } else {
      ps.setInt(2, i * 3);
    }
    if (i % 6 == 0) {
      ps.setNull(3, Types.DECIMAL);
    } else if (i % 2 == 0) {
      ps.setObject(3, new BigDecimal("332.2").add(BigDecimal.valueOf(i)), Types.DECIMAL, 2);
    } else {
      ps.setBigDecimal(3, new BigDecimal(i + ".05"));
    }
    if (i % 4 == 0) {
      ps.setNull(4, Types.DOUBLE);
    } else {
      ps.setDouble(4, i / 3.0);
    }
    if (i % 3 == 0) {
      ps.setObject(5, LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000).plusMinutes(i));
    } else if (i % 9 == 1) {
      ps.setNull(5, Types.TIMESTAMP);
    } else {
      ps.setTimestamp(5, Timestamp.valueOf(LocalDateTime.of(2001, 1, 1, 0, 0).plusSeconds(i)));
    }
    ps.setObject(6, LocalDate.of(1999, 12, 31).plusDays(i));
    if (i % 8 == 0) {
      ps.setNull(7, Types.BOOLEAN);
    } else {
      ps.setBoolean(7, i % 2 == 0);
    }
    ps.setObject(8, UUID.nameUUIDFromBytes(("u" + i).getBytes(StandardCharsets.UTF_8)));
    ps.setString(9, i % 10 == 0 ? null : "line1\nline2\ttab \\ backslash " + i);
    if (i % 11 == 0) {
      ps.setNull(10, Types.BINARY);
    } else {
      ps.setBytes(10, new byte[] {0, 1, (byte) 0xff, (byte) i, 0});
    }
  }

  @Test
  void a_mixed_workload_leaves_both_databases_with_identical_rows_and_ids() throws Exception {
    String url = config(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = open(url)) {
      try (PreparedStatement ps = c.prepareStatement(INSERT_ITEM)) {
        for (int i = 1; i <= 40; i++) {
          bindItem(ps, i);
          assertEquals(1, ps.executeUpdate());
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(INSERT_ITEM, Statement.RETURN_GENERATED_KEYS)) {
        bindItem(ps, 41);
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertTrue(keys.next());
          assertEquals(41L, keys.getLong(1));
          assertSame(ps, keys.getStatement());
        }
        try (ResultSet again = ps.getGeneratedKeys()) {
          assertTrue(again.next(), "generated keys can be read twice");
          assertEquals(41L, again.getLong(1));
        }
      }
      try (PreparedStatement ps = c.prepareStatement(INSERT_ITEM)) {
        for (int i = 42; i <= 51; i++) {
          bindItem(ps, i);
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        assertEquals(10, counts.length);
        ps.clearParameters();
        bindItem(ps, 52);
        ps.executeUpdate();
      }
      try (Statement st = c.createStatement()) {
        assertEquals(
            1, st.executeUpdate("INSERT INTO items (name, qty) VALUES ('plain ''quote''', 7)"));
        assertEquals(
            2,
            st.executeUpdate(
                "INSERT INTO items (name, qty) VALUES ('multi-a', 1), ('multi-b', 2)"));
        st.addBatch("INSERT INTO accounts (id, owner, balance) VALUES (1, 'ann', 10.50)");
        st.addBatch("INSERT INTO accounts (id, owner, balance) VALUES (2, 'bob', 20)");
        st.addBatch("INSERT INTO accounts (id, owner, balance) VALUES (3, 'cyd', 0.01)");
        st.executeBatch();
        assertEquals(3, st.executeUpdate("UPDATE items SET qty = qty + 1 WHERE id IN (2, 3, 4)"));
        assertEquals(1, st.executeUpdate("DELETE FROM items WHERE id = 5"));
        assertFalse(st.execute("UPDATE accounts SET balance = balance * 2 WHERE owner = 'bob'"));
        assertEquals(1, st.getUpdateCount());
      }
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO items (name, qty) VALUES (?, ?), (?, ?)")) {
        ps.setString(1, "pair-1");
        ps.setInt(2, 1);
        ps.setString(3, "pair-2");
        ps.setInt(4, 2);
        assertEquals(2, ps.executeUpdate());
      }

      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(INSERT_ITEM)) {
        bindItem(ps, 100);
        ps.executeUpdate();
        try (PreparedStatement up =
            c.prepareStatement("UPDATE accounts SET balance = balance - ? WHERE id = ?")) {
          up.setBigDecimal(1, new BigDecimal("5.25"));
          up.setInt(2, 1);
          assertEquals(1, up.executeUpdate());
        }
        c.commit();

        bindItem(ps, 200);
        ps.executeUpdate();
        c.rollback();

        bindItem(ps, 300);
        ps.executeUpdate();
        Savepoint sp = c.setSavepoint();
        bindItem(ps, 301);
        ps.executeUpdate();
        c.rollback(sp);
        bindItem(ps, 302);
        ps.executeUpdate();
        c.commit();
      }
      c.setAutoCommit(true);
      try (PreparedStatement del = c.prepareStatement("DELETE FROM accounts WHERE id = ?")) {
        del.setInt(1, 3);
        assertEquals(1, del.executeUpdate());
      }
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM items")) {
        assertTrue(rs.next());
        assertSame(st, rs.getStatement());
        assertSame(c, st.getConnection());
      }
    }
    assertSameRows("items");
    assertSameRows("accounts");
    long maxId = oldDb().queryLong("SELECT MAX(id) FROM items");
    assertEquals(maxId, newDb().queryLong("SELECT MAX(id) FROM items"));
    assertTrue(
        MigrationFixture.generatorPosition(newDb(), "items") >= maxId,
        "the new side's key generator is past the largest mirrored id");
    List<Divergence> journal = journal(url);
    assertEquals(List.of(), journal, "a clean workload leaves no divergence");
  }

  @Test
  void a_statement_that_fails_on_the_primary_is_never_applied_on_the_secondary() throws Exception {
    String url = config(Phase.DUAL_OLD_PRIMARY);
    newDb().execute("ALTER TABLE accounts DROP CONSTRAINT " + uniqueConstraintName());
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (1, 'ann', 1)");
      SQLException e =
          assertThrows(
              SQLException.class,
              () ->
                  st.executeUpdate(
                      "INSERT INTO accounts (id, owner, balance) VALUES (2, 'ann', 2)"));
      assertTrue(e.getSQLState().startsWith("23"), "the primary's own error: " + e.getSQLState());
    }
    assertEquals(1, newDb().queryLong("SELECT COUNT(*) FROM accounts"));
    assertSameRows("accounts");
    assertEquals(List.of(), journal(url));
  }

  String uniqueConstraintName() {
    return newDb().engine() == dev.cutover.testkit.Engine.POSTGRES ? "accounts_owner_key" : "owner";
  }

  @Test
  void an_unreachable_secondary_never_fails_the_application_and_every_write_is_journaled()
      throws Exception {
    String deadNew = "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2";
    String url =
        MigrationFixture.writeConfig(
            oldDb().url(), oldDb(), deadNew, newDb(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = open(url);
        PreparedStatement ps = c.prepareStatement(INSERT_ITEM)) {
      for (int i = 1; i <= 5; i++) {
        bindItem(ps, i);
        assertEquals(1, ps.executeUpdate());
      }
      try (Statement st = c.createStatement()) {
        assertEquals(5, st.executeUpdate("UPDATE items SET qty = 0"));
      }
    }
    assertEquals(5, oldDb().queryLong("SELECT COUNT(*) FROM items"));
    List<Divergence> journal = journal(url);
    assertEquals(6, journal.size(), "one entry per write: " + journal);
    assertTrue(
        journal.stream().allMatch(d -> d.kind() == Divergence.Kind.SECONDARY_UNAVAILABLE),
        journal.toString());
    assertTrue(
        journal.stream()
            .filter(d -> d.sql().startsWith("INSERT"))
            .allMatch(d -> d.keys().size() == 1),
        "inserts carry the key the primary generated");
  }

  @Test
  void a_secondary_table_dropped_mid_run_is_journaled_and_the_application_sees_no_error()
      throws Exception {
    String url = config(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = open(url);
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)")) {
      for (int i = 1; i <= 6; i++) {
        if (i == 4) {
          newDb().execute("DROP TABLE accounts");
        }
        ps.setInt(1, i);
        ps.setString(2, "owner" + i);
        ps.setBigDecimal(3, BigDecimal.TEN);
        assertEquals(1, ps.executeUpdate());
      }
    }
    assertEquals(6, oldDb().queryLong("SELECT COUNT(*) FROM accounts"));
    List<Divergence> journal = journal(url);
    assertEquals(3, journal.size(), journal.toString());
    for (Divergence d : journal) {
      assertEquals(Divergence.Kind.SECONDARY_ERROR, d.kind());
      assertEquals(List.of("accounts"), d.tables());
      assertEquals(3, d.parameters().size(), "the statement's parameters are journaled");
    }
    assertEquals(
        List.of("owner4", "owner5", "owner6"),
        journal.stream()
            .map(d -> String.valueOf(d.parameters().get(1)))
            .sorted()
            .collect(Collectors.toList()));
  }

  @Test
  void an_update_that_finds_no_row_on_the_secondary_is_journaled_as_a_count_divergence()
      throws Exception {
    oldDb().execute("INSERT INTO accounts (id, owner, balance) VALUES (7, 'old-only', 1)");
    String url = config(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = open(url);
        PreparedStatement ps = c.prepareStatement("UPDATE accounts SET balance = ? WHERE id = ?")) {
      ps.setBigDecimal(1, BigDecimal.ONE);
      ps.setInt(2, 7);
      assertEquals(1, ps.executeUpdate());
    }
    List<Divergence> journal = journal(url);
    assertEquals(1, journal.size(), journal.toString());
    assertEquals(Divergence.Kind.COUNT_MISMATCH, journal.get(0).kind());
    assertTrue(journal.get(0).error().contains("primary updated 1 rows, secondary 0"));
  }

  @Test
  void a_transaction_that_fails_on_the_secondary_is_rolled_back_there_and_journaled_whole()
      throws Exception {
    String url = config(Phase.DUAL_OLD_PRIMARY);
    newDb().execute("INSERT INTO accounts (id, owner, balance) VALUES (2, 'squatter', 0)");
    try (Connection c = open(url);
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)")) {
      c.setAutoCommit(false);
      for (int i = 1; i <= 3; i++) {
        ps.setInt(1, i);
        ps.setString(2, "o" + i);
        ps.setBigDecimal(3, BigDecimal.ONE);
        ps.executeUpdate();
      }
      c.commit();
    }
    assertEquals(3, oldDb().queryLong("SELECT COUNT(*) FROM accounts"));
    assertEquals(
        1,
        newDb().queryLong("SELECT COUNT(*) FROM accounts"),
        "nothing of the transaction applied");
    List<Divergence.Kind> kinds =
        journal(url).stream().map(Divergence::kind).sorted().collect(Collectors.toList());
    assertEquals(
        List.of(
            Divergence.Kind.SECONDARY_ERROR,
            Divergence.Kind.SKIPPED_TRANSACTION_ABORTED,
            Divergence.Kind.SKIPPED_TRANSACTION_ABORTED),
        kinds);
  }

  @Test
  void a_transaction_driven_with_sql_text_is_one_transaction_on_both_sides() throws Exception {
    String url = config(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      st.execute(
          oldDb().engine() == dev.cutover.testkit.Engine.MARIADB ? "START TRANSACTION" : "BEGIN");
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (1, 'rolled-back', 1)");
      st.execute("ROLLBACK");
      st.execute("BEGIN");
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (2, 'kept', 1)");
      st.execute("COMMIT");
    }
    assertSameRows("accounts");
    assertEquals(List.of(List.of("kept")), newDb().query("SELECT owner FROM accounts ORDER BY id"));
    assertEquals(List.of(), journal(url));
  }

  @Test
  void regression_an_idle_connection_whose_last_write_failed_does_not_hold_up_a_flip()
      throws Exception {
    String url = config(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (1, 'a', 1)");
      assertThrows(
          SQLException.class,
          () -> st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (1, 'dup', 1)"));
      dev.cutover.driver.control.ControlPlane.FlipResult flip =
          CutoverDriver.migration(url)
              .controlPlane()
              .flip(Phase.DUAL_NEW_PRIMARY, "regression: failed write left the gate held", true);
      assertTrue(flip.succeeded(), flip.toString());
    }
  }

  @Test
  void behind_hikaricp_as_the_applications_pool_every_write_lands_on_both_sides() throws Exception {
    String url = config(Phase.DUAL_OLD_PRIMARY);
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setMaximumPoolSize(4);
    hc.setAutoCommit(false);
    try (HikariDataSource pool = new HikariDataSource(hc)) {
      java.util.concurrent.ExecutorService workers =
          java.util.concurrent.Executors.newFixedThreadPool(4);
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int base = t * 1000;
        done.add(
            workers.submit(
                () -> {
                  for (int i = 1; i <= 25; i++) {
                    try (Connection c = pool.getConnection();
                        PreparedStatement ps = c.prepareStatement(INSERT_ITEM)) {
                      bindItem(ps, base + i);
                      ps.executeUpdate();
                      c.commit();
                    }
                  }
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      workers.shutdown();
    }
    assertEquals(100, newDb().queryLong("SELECT COUNT(*) FROM items"));
    assertSameRows("items");
    assertEquals(List.of(), journal(url));
  }

  @Test
  void in_dual_new_primary_the_new_side_generates_ids_and_the_old_side_gets_the_same()
      throws Exception {
    newDb().execute("INSERT INTO items (name) VALUES ('seed-on-new')");
    oldDb().execute("INSERT INTO items (name) VALUES ('seed-on-new')");
    String url = config(Phase.DUAL_NEW_PRIMARY);
    try (Connection c = open(url);
        PreparedStatement ps = c.prepareStatement(INSERT_ITEM)) {
      for (int i = 1; i <= 10; i++) {
        bindItem(ps, i);
        ps.executeUpdate();
      }
    }
    assertSameRows("items");
    assertEquals(List.of(), journal(url));
  }

  @Test
  void after_dual_new_primary_the_old_sides_generator_is_past_every_id_it_was_given()
      throws Exception {
    // A rollback to OLD after the new side generated ids: the old side's own next id must not
    // collide with one it received (a sequence restarting below them, PITFALLS.md).
    String url = config(Phase.DUAL_NEW_PRIMARY);
    try (Connection c = open(url);
        PreparedStatement ps = c.prepareStatement(INSERT_ITEM)) {
      for (int i = 1; i <= 5; i++) {
        bindItem(ps, i);
        ps.executeUpdate();
      }
    }
    long maxMirrored = oldDb().queryLong("SELECT MAX(id) FROM items");
    oldDb().execute("INSERT INTO items (name) VALUES ('written on old after a rollback')");
    assertTrue(
        oldDb().queryLong("SELECT MAX(id) FROM items") > maxMirrored,
        "the old side's next id is past the ids the new side generated");
    assertEquals(
        1, oldDb().queryLong("SELECT COUNT(*) FROM items WHERE name LIKE 'written on old%'"));
    assertEquals(List.of(), journal(url));
  }

  @Test
  void single_side_phases_touch_only_their_side() throws Exception {
    String url = config(Phase.OLD);
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (1, 'old', 1)");
      CutoverDriver.migration(url).setPhase(Phase.DUAL_OLD_PRIMARY, "test");
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (2, 'both', 1)");
      CutoverDriver.migration(url).setPhase(Phase.DUAL_NEW_PRIMARY, "test");
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (3, 'both-new-first', 1)");
      CutoverDriver.migration(url).setPhase(Phase.NEW, "test");
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (4, 'new', 1)");
      IllegalStateException invalid =
          assertThrows(
              IllegalStateException.class,
              () -> CutoverDriver.migration(url).setPhase(Phase.OLD, "skip"));
      assertTrue(invalid.getMessage().contains("NEW -> OLD"));
    }
    assertEquals(
        List.of("old", "both", "both-new-first"),
        oldDb().query("SELECT owner FROM accounts ORDER BY id").stream()
            .map(r -> r.get(0))
            .collect(Collectors.toList()));
    assertEquals(
        List.of("both", "both-new-first", "new"),
        newDb().query("SELECT owner FROM accounts ORDER BY id").stream()
            .map(r -> r.get(0))
            .collect(Collectors.toList()));
  }

  @Test
  void asynchronous_mode_applies_every_write_in_order_without_the_application_waiting()
      throws Exception {
    String url =
        MigrationFixture.writeConfig(
            oldDb(),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "dualWrite: { mode: async, queueCapacity: 100000 }\n");
    try (Connection c = open(url);
        PreparedStatement ins =
            c.prepareStatement("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)");
        PreparedStatement up = c.prepareStatement("UPDATE accounts SET balance = ? WHERE id = ?")) {
      for (int i = 1; i <= 200; i++) {
        ins.setInt(1, i);
        ins.setString(2, "a" + i);
        ins.setBigDecimal(3, BigDecimal.ZERO);
        ins.executeUpdate();
        for (int v = 1; v <= 3; v++) {
          up.setBigDecimal(1, BigDecimal.valueOf(v));
          up.setInt(2, i);
          up.executeUpdate();
        }
      }
    }
    drain(CutoverDriver.migration(url));
    assertSameRows("accounts");
    assertEquals(200, newDb().queryLong("SELECT COUNT(*) FROM accounts WHERE balance = 3"));
    assertEquals(List.of(), journal(url));
  }

  @Test
  void queued_asynchronous_writes_are_applied_in_groups_and_a_failing_one_is_journaled_alone()
      throws Exception {
    String url =
        MigrationFixture.writeConfig(
            oldDb(),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "dualWrite: { mode: async, queueCapacity: 100000 }\n");
    // A row only the new side has makes exactly one of the queued inserts fail there.
    newDb().execute("INSERT INTO accounts (id, owner, balance) VALUES (57, 'squatter', 0)");
    Migration m = CutoverDriver.migration(url);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    m.bindMetrics(registry);
    // Hold the new side's table so the lane stops at its first write and the rest queue up.
    try (Connection lock = lockNewAccounts();
        Connection c = open(url);
        PreparedStatement ins =
            c.prepareStatement("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)")) {
      for (int i = 1; i <= 100; i++) {
        ins.setInt(1, i);
        ins.setString(2, "g" + i);
        ins.setBigDecimal(3, BigDecimal.valueOf(i));
        ins.executeUpdate();
      }
      assertTrue(m.pendingSecondaryWrites() > 1, "writes queued behind the lock");
      unlock(lock);
      drain(m);
    }
    assertEquals(100, oldDb().queryLong("SELECT COUNT(*) FROM accounts"));
    assertEquals(
        99, newDb().queryLong("SELECT COUNT(*) FROM accounts WHERE owner LIKE 'g%'"), "all but 57");
    assertEquals(1, newDb().queryLong("SELECT COUNT(*) FROM accounts WHERE owner = 'squatter'"));
    List<Divergence> journal = journal(url);
    assertEquals(1, journal.size(), journal.toString());
    assertEquals(Divergence.Kind.SECONDARY_ERROR, journal.get(0).kind());
    assertTrue(journal.get(0).parameters().toString().contains("57"), journal.toString());
    DistributionSummary groups = registry.find("cutover.secondary.groups").summary();
    assertTrue(groups != null && groups.count() >= 1 && groups.max() > 1, "no write was grouped");
  }

  @Test
  void a_connection_closed_after_its_migration_closes_quietly() throws Exception {
    // A pool closing its connections after the application's shutdown closed the migration: the
    // close used to throw RejectedExecutionException from the stopped asynchronous pool.
    String url =
        MigrationFixture.writeConfig(
            oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, "dualWrite: { mode: async }\n");
    Connection c = open(url);
    try (Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (1, 'a', 1)");
    }
    drain(CutoverDriver.migration(url));
    CutoverDriver.migration(url).close();
    // A write after the close reaches the primary only: it is refused by the stopped queue rather
    // than run on the application's thread (where a slow secondary would block it).
    try (Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (2, 'b', 1)");
    }
    c.close();
    assertTrue(c.isClosed());
    assertEquals(2, oldDb().queryLong("SELECT COUNT(*) FROM accounts"));
    assertEquals(1, newDb().queryLong("SELECT COUNT(*) FROM accounts"));
  }

  @Test
  void queued_writes_of_one_statement_go_as_one_batch_with_their_ids_and_counts_kept()
      throws Exception {
    String url =
        MigrationFixture.writeConfig(
            oldDb(),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "dualWrite: { mode: async, queueCapacity: 100000 }\n");
    // Rows only the old side has: the mirrored UPDATEs find nothing on the new side.
    for (int i = 1; i <= 5; i++) {
      oldDb()
          .execute("INSERT INTO accounts (id, owner, balance) VALUES (" + i + ", 'o" + i + "', 0)");
    }
    Migration m = CutoverDriver.migration(url);
    try (Connection itemsLock = lockNew("items");
        Connection c = open(url);
        PreparedStatement ins = c.prepareStatement(INSERT_ITEM);
        PreparedStatement up = c.prepareStatement("UPDATE accounts SET balance = ? WHERE id = ?")) {
      for (int i = 1; i <= 40; i++) {
        bindItem(ins, i);
        ins.executeUpdate();
      }
      for (int i = 1; i <= 5; i++) {
        up.setBigDecimal(1, BigDecimal.valueOf(i));
        up.setInt(2, i);
        up.executeUpdate();
      }
      for (int i = 41; i <= 60; i++) {
        bindItem(ins, i);
        ins.executeUpdate();
      }
      assertTrue(m.pendingSecondaryWrites() > 40, "writes queued behind the lock");
      unlock(itemsLock);
      drain(m);
    }
    assertSameRows("items");
    // The new side's own generator is past the ids it was given.
    newDb().execute("INSERT INTO items (name) VALUES ('after')");
    assertTrue(
        newDb().queryLong("SELECT id FROM items WHERE name = 'after'")
            > oldDb().queryLong("SELECT MAX(id) FROM items"));
    List<Divergence> journal = journal(url);
    assertEquals(5, journal.size(), journal.toString());
    for (Divergence d : journal) {
      assertEquals(Divergence.Kind.COUNT_MISMATCH, d.kind(), d.toString());
      assertTrue(d.error().contains("primary updated 1 rows, secondary 0"), d.toString());
    }
    assertEquals(
        Set.of("1", "2", "3", "4", "5"),
        journal.stream().map(d -> d.parameters().get(1).toString()).collect(Collectors.toSet()));
  }

  /**
   * Holds the new side's accounts table from another connection, so that the asynchronous lane
   * stops at its first write there and the writes after it queue up (and would be grouped).
   */
  Connection lockNewAccounts() throws SQLException {
    return lockNew("accounts");
  }

  Connection lockNew(String table) throws SQLException {
    Connection lock = newDb().connect();
    lock.setAutoCommit(false);
    try (Statement st = lock.createStatement()) {
      st.execute(
          newDb().engine() == Engine.MARIADB
              ? "LOCK TABLES " + table + " WRITE"
              : "LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
    }
    return lock;
  }

  /** Waits until a session on the new database waits for a lock (the lane, on a lockNew table). */
  void awaitBlockedOnNew() throws Exception {
    String waiting =
        newDb().engine() == Engine.MARIADB
            ? "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for%lock%'"
            : "SELECT COUNT(*) FROM pg_locks WHERE NOT granted";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (((Number) newDb().query(waiting).get(0).get(0)).longValue() == 0) {
      assertTrue(System.nanoTime() < deadline, "the lane never waited for the lock");
      Thread.sleep(10);
    }
  }

  void unlock(Connection lock) throws SQLException {
    try (Statement st = lock.createStatement()) {
      if (newDb().engine() == Engine.MARIADB) {
        st.execute("UNLOCK TABLES");
      }
    }
    lock.commit();
    lock.close();
  }

  static void drain(Migration m) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (m.pendingSecondaryWrites() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, m.pendingSecondaryWrites());
  }

  @Test
  void a_transaction_opened_with_sql_text_is_never_grouped_or_committed_by_the_driver()
      throws Exception {
    String url =
        MigrationFixture.writeConfig(
            oldDb(),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "dualWrite: { mode: async, queueCapacity: 100000 }\n");
    Migration m = CutoverDriver.migration(url);
    Connection lock = lockNewAccounts();
    try (Connection c = open(url);
        Statement st = c.createStatement();
        PreparedStatement ins =
            c.prepareStatement("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)")) {
      assertTrue(c.getAutoCommit());
      // The application drives the transaction with SQL; the JDBC autocommit flag stays on.
      st.execute("START TRANSACTION");
      for (int i = 1; i <= 20; i++) {
        ins.setInt(1, i);
        ins.setString(2, "t" + i);
        ins.setBigDecimal(3, BigDecimal.ONE);
        ins.executeUpdate();
      }
      assertTrue(m.pendingSecondaryWrites() > 2, "writes queued behind the lock");
      st.execute("ROLLBACK");
      // After the transaction, autocommit writes are grouped again as before.
      for (int i = 101; i <= 110; i++) {
        ins.setInt(1, i);
        ins.setString(2, "a" + i);
        ins.setBigDecimal(3, BigDecimal.ONE);
        ins.executeUpdate();
      }
      unlock(lock);
      drain(m);
    } finally {
      if (!lock.isClosed()) {
        lock.close();
      }
    }
    assertEquals(10, oldDb().queryLong("SELECT COUNT(*) FROM accounts"));
    assertEquals(
        0,
        newDb().queryLong("SELECT COUNT(*) FROM accounts WHERE owner LIKE 't%'"),
        "the application's ROLLBACK must undo its writes on the secondary too");
    assertSameRows("accounts");
    assertEquals(List.of(), journal(url));
  }

  @Test
  void a_primary_side_still_busy_on_the_lane_fails_the_statement_instead_of_sharing_it()
      throws Exception {
    String url =
        MigrationFixture.writeConfig(
            oldDb(),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "dualWrite: { mode: async, queueCapacity: 100000 }\n");
    Migration m = CutoverDriver.migration(url);
    // accounts is served by new, items (global phase) by old: switching between them switches the
    // physical connection the application uses, and new's is the lane's while it mirrors items.
    m.context().adoptOverrides(PhaseOverrides.parse("accounts=DUAL_NEW_PRIMARY"));
    m.context().primarySwitchWaitMillis(300);
    java.util.concurrent.ExecutorService app =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    Connection lock = lockNew("items");
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (1, 'x', 1)");
      // Mirrored to new on the lane, which blocks there on the lock.
      st.executeUpdate("INSERT INTO items (name, qty) VALUES ('held', 1)");
      java.util.concurrent.Future<Object> read =
          app.submit(
              () -> {
                try (ResultSet rs = st.executeQuery("SELECT owner FROM accounts")) {
                  return rs.next() ? rs.getString(1) : null;
                } catch (SQLException e) {
                  return e;
                }
              });
      Object outcome;
      try {
        outcome = read.get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        outcome = "the read did not return: it waited on the lane's connection";
      } finally {
        unlock(lock);
      }
      assertInstanceOf(java.sql.SQLTransientException.class, outcome, String.valueOf(outcome));
      SQLException refused = (SQLException) outcome;
      assertEquals("HYT00", refused.getSQLState());
      assertTrue(
          refused.getMessage().contains("did not finish within 300 ms"), refused.getMessage());
      drain(m);
      // Once the lane is idle the same read runs on new, where accounts is primary.
      if (!read.isDone()) {
        read.get(30, TimeUnit.SECONDS);
      }
      try (ResultSet rs = st.executeQuery("SELECT owner FROM accounts")) {
        assertTrue(rs.next());
        assertEquals("x", rs.getString(1));
      }
    } finally {
      app.shutdownNow();
      if (!lock.isClosed()) {
        unlock(lock);
      }
    }
    assertSameRows("accounts");
    assertSameRows("items");
  }

  @Test
  void a_statement_whose_tables_have_different_primaries_is_refused_not_served_stale()
      throws Exception {
    String url = config(Phase.DUAL_OLD_PRIMARY);
    Migration m = CutoverDriver.migration(url);
    m.context().adoptOverrides(PhaseOverrides.parse("accounts=DUAL_NEW_PRIMARY"));
    // Only new has the row: a read of accounts served by old would be stale.
    newDb().execute("INSERT INTO accounts (id, owner, balance) VALUES (1, 'fresh', 1)");
    String join = "SELECT a.owner, i.name FROM accounts a LEFT JOIN items i ON i.id = a.id";
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      SQLException read = assertThrows(SQLException.class, () -> st.executeQuery(join).close());
      assertEquals("0A000", read.getSQLState());
      assertTrue(read.getMessage().contains("accounts=DUAL_NEW_PRIMARY"), read.getMessage());
      assertTrue(read.getMessage().contains("items=DUAL_OLD_PRIMARY"), read.getMessage());
      SQLException write =
          assertThrows(
              SQLException.class,
              () ->
                  st.executeUpdate(
                      "UPDATE items SET qty = 1 WHERE id IN (SELECT id FROM accounts)"));
      assertEquals("0A000", write.getSQLState());
      // Each table alone is served by its own primary.
      try (ResultSet rs = st.executeQuery("SELECT owner FROM accounts")) {
        assertTrue(rs.next());
        assertEquals("fresh", rs.getString(1));
      }
      // Inside a transaction, a statement on a table with another primary is refused too.
      c.setAutoCommit(false);
      try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM items")) {
        assertTrue(rs.next());
      }
      SQLException inTxn =
          assertThrows(
              SQLException.class, () -> st.executeQuery("SELECT owner FROM accounts").close());
      assertEquals("0A000", inTxn.getSQLState());
      c.rollback();
      c.setAutoCommit(true);
      // Tables with different phases but the same primary still run, on that primary.
      m.context().adoptOverrides(PhaseOverrides.parse("accounts=OLD"));
      oldDb().execute("INSERT INTO accounts (id, owner, balance) VALUES (2, 'old', 2)");
      try (ResultSet rs = st.executeQuery(join)) {
        assertTrue(rs.next());
        assertEquals("old", rs.getString(1));
      }
    } finally {
      m.context().adoptOverrides(null);
    }
  }

  @Test
  void every_jdbc_object_the_application_sees_is_the_drivers_own() throws Exception {
    String url = config(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = open(url)) {
      assertSame(c, c.getMetaData().getConnection());
      Connection physical = c.unwrap(Connection.class);
      assertSame(c, physical, "unwrap to the interface returns the wrapper itself");
      assertTrue(
          c.isWrapperFor(
              oldDb().connect().getClass().getInterfaces().length > 0
                  ? Connection.class
                  : Connection.class));
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM items WHERE id = ?")) {
        ps.setInt(1, 1);
        try (ResultSet rs = ps.executeQuery()) {
          assertSame(ps, rs.getStatement());
          assertInstanceOf(ResultSet.class, rs.unwrap(ResultSet.class));
        }
        assertSame(c, ps.getConnection());
      }
    }
  }

  // ------------------------------------------------ regressions found by the session-7 review

  /** A config whose new side goes through {@link FaultyDriver}. */
  String faultyConfig(Phase phase, String extraYaml) {
    return MigrationFixture.writeConfig(
        oldDb().url(), oldDb(), FaultyDriver.url(newDb().url()), newDb(), phase, extraYaml);
  }

  static Set<Long> ids(TestDatabase db, String table) {
    return db.query("SELECT id FROM " + table).stream()
        .map(r -> ((Number) r.get(0)).longValue())
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  @Test
  void regression_a_timestamp_reused_across_add_batch_keeps_each_rows_value() throws Exception {
    String url = config(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = open(url);
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO items (name, created) VALUES (?, ?)")) {
      // Many applications keep one Timestamp (or byte[]) and change it between rows.
      Timestamp ts = Timestamp.valueOf("2020-01-01 10:00:00");
      for (int i = 0; i < 3; i++) {
        ts.setTime(Timestamp.valueOf("2020-01-0" + (i + 1) + " 10:00:00").getTime());
        ps.setString(1, "t" + i);
        ps.setTimestamp(2, ts);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    assertEquals(
        3,
        oldDb().queryLong("SELECT COUNT(DISTINCT created) FROM items"),
        "each row keeps the value it was given");
    assertSameRows("items");
    assertEquals(List.of(), journal(url));
  }

  @Test
  void regression_a_value_that_cannot_be_bound_fails_its_batch_and_leaves_nothing_behind()
      throws Exception {
    String url = config(Phase.DUAL_OLD_PRIMARY);
    try (Connection c = open(url);
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)")) {
      ps.setInt(1, 1);
      ps.setString(2, "bound");
      ps.setBigDecimal(3, BigDecimal.ONE);
      ps.addBatch();
      ps.setInt(1, 2);
      ps.setString(2, "unbindable");
      ps.setObject(3, new Object());
      ps.addBatch();
      assertThrows(SQLException.class, ps::executeBatch);
      ps.clearBatch();
      ps.setInt(1, 3);
      ps.setString(2, "after");
      ps.setBigDecimal(3, BigDecimal.ONE);
      ps.addBatch();
      ps.executeBatch();
      assertEquals(Set.of(3L), ids(oldDb(), "accounts"), "the failed batch's rows never ran");
      // The failed batch ended its accounting: an idle connection does not hold up a flip.
      dev.cutover.driver.control.ControlPlane.FlipResult flip =
          CutoverDriver.migration(url)
              .controlPlane()
              .flip(Phase.DUAL_NEW_PRIMARY, "regression: unbindable batch", true);
      assertTrue(flip.succeeded(), flip.toString());
    }
    assertSameRows("accounts");
  }

  @Test
  void regression_asynchronous_writes_run_under_the_session_state_they_were_issued_in()
      throws Exception {
    String url =
        faultyConfig(Phase.DUAL_OLD_PRIMARY, "dualWrite: { mode: async, queueCapacity: 100000 }\n");
    Migration m = CutoverDriver.migration(url);
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      // The lane opens the secondary only when it reaches the first write; hold it there while
      // the application moves on to a transaction it then rolls back.
      FaultyDriver.CONNECT_GATE.set(gate);
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (1, 'autocommit', 1)");
      c.setAutoCommit(false);
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (2, 'rolled back', 1)");
      gate.countDown();
      c.rollback();
      c.setAutoCommit(true);
      drain(m);
    } finally {
      FaultyDriver.reset();
    }
    assertEquals(Set.of(1L), ids(oldDb(), "accounts"));
    assertSameRows("accounts");
    assertEquals(List.of(), journal(url));
  }

  @Test
  void regression_a_full_queue_in_one_transaction_leaves_the_transaction_before_it_whole()
      throws Exception {
    String url =
        MigrationFixture.writeConfig(
            oldDb(),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "dualWrite: { mode: async, queueCapacity: 2 }\n");
    Migration m = CutoverDriver.migration(url);
    Connection lock = lockNewAccounts();
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (1, 't1a', 1)");
      // Only once the lane is stuck on it does the rest of t1 fit the queue (a slow lane thread
      // had left the first write queued, so t1's commit overflowed it).
      awaitBlockedOnNew();
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (2, 't1b', 1)");
      c.commit();
      // The lane is stuck on the first write: the queue is full for the next transaction.
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (3, 't2a', 1)");
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (4, 't2b', 1)");
      c.commit();
      unlock(lock);
      drain(m);
    } finally {
      if (!lock.isClosed()) {
        unlock(lock);
      }
    }
    assertEquals(Set.of(1L, 2L, 3L, 4L), ids(oldDb(), "accounts"));
    assertEquals(Set.of(1L, 2L), ids(newDb(), "accounts"), "t1 whole, t2 not at all");
    List<Divergence> journal = journal(url);
    String all = journal.toString();
    assertTrue(all.contains("(3,") && all.contains("(4,"), all);
    assertFalse(all.contains("(1,") || all.contains("(2,"), all);
  }

  @Test
  void an_error_thrown_inside_the_secondary_driver_never_reaches_the_application()
      throws Exception {
    String url = faultyConfig(Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (1, 'first', 1)");
      FaultyDriver.ON_EXECUTE.set(new AssertionError("injected by the test"));
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (2, 'error', 1)");
      FaultyDriver.ON_EXECUTE.set(new IllegalStateException("injected by the test"));
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (3, 'runtime', 1)");
      c.setAutoCommit(false);
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (4, 'txn', 1)");
      FaultyDriver.ON_COMMIT.set(new IllegalStateException("injected commit failure"));
      c.commit();
      c.setAutoCommit(true);
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (5, 'after', 1)");
    } finally {
      FaultyDriver.reset();
    }
    assertEquals(Set.of(1L, 2L, 3L, 4L, 5L), ids(oldDb(), "accounts"));
    assertEquals(Set.of(1L, 5L), ids(newDb(), "accounts"));
    List<Divergence> journal = journal(url);
    assertEquals(
        List.of(
            Divergence.Kind.SECONDARY_ERROR,
            Divergence.Kind.SECONDARY_ERROR,
            Divergence.Kind.COMMIT_FAILED),
        journal.stream()
            .sorted(java.util.Comparator.comparing(Divergence::id))
            .map(Divergence::kind)
            .collect(Collectors.toList()),
        journal.toString());
  }

  @Test
  void a_transaction_in_sql_text_that_fails_on_the_secondary_is_rolled_back_there_whole()
      throws Exception {
    sqlTextTransactionFailsOnTheSecondary(Phase.DUAL_OLD_PRIMARY, newDb(), oldDb());
  }

  /**
   * START TRANSACTION, two inserts, COMMIT, all as SQL text with JDBC autocommit on; the second
   * insert fails on the secondary (a row only it has). The secondary must hold none of the
   * transaction, and the journal must say so for each statement.
   */
  void sqlTextTransactionFailsOnTheSecondary(
      Phase phase, TestDatabase secondary, TestDatabase primary) throws Exception {
    secondary.execute("INSERT INTO accounts (id, owner, balance) VALUES (2, 'squatter', 0)");
    String url = config(phase);
    try (Connection c = open(url);
        Statement st = c.createStatement()) {
      st.execute("START TRANSACTION");
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (1, 'txn1', 1)");
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (2, 'txn2', 1)");
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (3, 'txn3', 1)");
      st.execute("COMMIT");
      st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (4, 'after', 1)");
    }
    assertEquals(Set.of(1L, 2L, 3L, 4L), ids(primary, "accounts"));
    assertEquals(Set.of(2L, 4L), ids(secondary, "accounts"), "none of the transaction");
    List<Divergence> journal = journal(url);
    String all = journal.toString();
    for (String id : List.of("(1,", "(2,", "(3,")) {
      assertTrue(all.contains(id), id + " not journaled: " + all);
    }
    assertFalse(all.contains("(4,"), all);
  }

  @Test
  void an_insert_returning_its_generated_id_as_a_result_set_gets_the_same_id_on_the_secondary()
      throws Exception {
    // Hibernate 6 sends identity inserts this way and reads the id from the result set.
    String url = config(Phase.DUAL_OLD_PRIMARY);
    Set<Long> returned = new java.util.TreeSet<>();
    try (Connection c = open(url);
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO items (name, qty) VALUES (?, ?) RETURNING id");
        Statement st = c.createStatement()) {
      for (int i = 1; i <= 3; i++) {
        ps.setString(1, "returning-" + i);
        ps.setInt(2, i);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          returned.add(rs.getLong(1));
          assertFalse(rs.next());
        }
      }
      try (ResultSet rs =
          st.executeQuery(
              "INSERT INTO items (name) VALUES ('plain returning') RETURNING id, name")) {
        assertTrue(rs.next());
        returned.add(rs.getLong("id"));
        assertEquals("plain returning", rs.getString("name"));
      }
    }
    assertEquals(4, returned.size());
    assertEquals(returned, ids(oldDb(), "items"));
    assertSameRows("items");
    assertEquals(List.of(), journal(url));
  }

  @Test
  void a_statement_whose_close_throws_unchecked_still_leaves_the_connections_closed()
      throws Exception {
    String url =
        MigrationFixture.writeConfig(
            FaultyDriver.url(oldDb().url()),
            oldDb(),
            newDb().url(),
            newDb(),
            Phase.DUAL_OLD_PRIMARY,
            "");
    Connection c = open(url);
    Statement st = c.createStatement();
    st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (1, 'closing', 1)");
    Connection primary = c.unwrap(Connection.class);
    FaultyDriver.CLOSE_FAULT_THREAD.set(Thread.currentThread());
    try {
      SQLException failure = assertThrows(SQLException.class, c::close);
      assertInstanceOf(IllegalStateException.class, failure.getCause(), failure.toString());
      assertTrue(c.isClosed());
      assertTrue(primary.isClosed(), "the primary's physical connection was closed too");
    } finally {
      FaultyDriver.reset();
    }
    assertSameRows("accounts");
  }
}
