package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
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
 * {@code DatabaseMetaData} names the database the application's SQL is written for, the old one, in
 * every phase. Hibernate (and Spring Boot through it), Flyway and jOOQ pick their SQL dialect from
 * these answers: a MariaDB application started after the switch got PostgreSQL's, picked
 * PostgreSQL's dialect and sent SQL the driver then read as MySQL for both databases. jOOQ reads
 * the URL alone, which was the primary's.
 */
class ApplicationIdentityTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void remember() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
  }

  @AfterEach
  void close() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  private static List<Object> identity(DatabaseMetaData md) throws Exception {
    return List.of(
        md.getDatabaseProductName(),
        md.getDatabaseProductVersion(),
        md.getDatabaseMajorVersion(),
        md.getDatabaseMinorVersion(),
        md.getIdentifierQuoteString(),
        md.getSQLKeywords());
  }

  private static List<Object> direct(TestDatabase db) throws Exception {
    try (Connection c = db.connect()) {
      return identity(c.getMetaData());
    }
  }

  /** A second instance's file for the same migration and control store, its old database gone. */
  private static String sameMigrationWithoutOldDatabase(String url) throws Exception {
    Path file = Path.of(url.substring(CutoverDriver.PREFIX.length()));
    String yaml = Files.readString(file);
    String gone =
        yaml.replaceFirst(
            "old: \\{ url: \"[^\"]*\"", "old: { url: \"jdbc:mariadb://127.0.0.1:1/gone\"");
    assertTrue(!gone.equals(yaml), yaml);
    Path other = file.resolveSibling("instance-2.yaml");
    Files.writeString(other, gone);
    return CutoverDriver.PREFIX + other.toAbsolutePath();
  }

  @Test
  void the_old_databases_identity_in_every_phase_and_after_it_is_gone() throws Exception {
    List<Object> mariadb = direct(DBS.mariadb());
    assertEquals("MariaDB", mariadb.get(0));
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.OLD, "");
    Migration m = CutoverDriver.migration(url);
    for (Phase phase : List.of(Phase.OLD, Phase.DUAL_OLD_PRIMARY, Phase.DUAL_NEW_PRIMARY)) {
      if (phase != Phase.OLD) {
        assertTrue(m.controlPlane().flip(phase, "test", true).succeeded(), phase.toString());
      }
      try (Connection c = DriverManager.getConnection(url)) {
        assertEquals(mariadb, identity(c.getMetaData()), phase.toString());
        // jOOQ reads its dialect from the URL alone.
        assertEquals(DBS.mariadb().url(), c.getMetaData().getURL(), phase.toString());
        assertEquals(
            org.jooq.SQLDialect.MARIADB,
            org.jooq.tools.jdbc.JDBCUtils.dialect(c),
            phase.toString());
        // What the primary itself is stays reachable through unwrap.
        assertEquals(
            phase == Phase.DUAL_NEW_PRIMARY,
            c.isWrapperFor(org.postgresql.PGConnection.class),
            phase.toString());
      }
    }
    assertTrue(m.controlPlane().flip(Phase.NEW, "test", true).succeeded());

    // An instance started in NEW after the old database was switched off: the control row kept it.
    String later = sameMigrationWithoutOldDatabase(url);
    try (Connection c = DriverManager.getConnection(later)) {
      assertEquals(Phase.NEW, CutoverDriver.migration(later).phase());
      assertEquals(mariadb, identity(c.getMetaData()));
      assertEquals(1, c.createStatement().executeUpdate("CREATE TABLE `t_after` (`id` INT)") + 1);
    }
  }

  @Test
  void an_instance_started_in_new_learns_it_from_the_old_database_while_it_is_there()
      throws Exception {
    List<Object> mariadb = direct(DBS.mariadb());
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(mariadb, identity(c.getMetaData()));
    }
  }

  @Test
  void without_the_old_database_or_a_kept_identity_the_primarys_is_answered() throws Exception {
    // Nothing to tell: the primary's answers (and a warning in the log), never an error.
    String url =
        MigrationFixture.writeConfig(
            "jdbc:mariadb://127.0.0.1:1/gone",
            DBS.mariadb(),
            DBS.postgres().url(),
            DBS.postgres(),
            Phase.NEW,
            "");
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(direct(DBS.postgres()), identity(c.getMetaData()));
    }
  }

  /**
   * In NEW with no identity kept, an old database that accepts connections but no longer answers:
   * every metadata question waited for the vendor's connect timeout (30 s for MariaDB), once a
   * minute, while the others queued behind it. Now the first waits at most 5 s, the rest not at
   * all.
   */
  @Test
  void an_old_database_that_does_not_answer_holds_one_metadata_question_briefly() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) {
      List<java.net.Socket> held = Collections.synchronizedList(new java.util.ArrayList<>());
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (java.io.IOException closed) {
                  // done
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      String url =
          MigrationFixture.writeConfig(
              "jdbc:mariadb://127.0.0.1:" + silent.getLocalPort() + "/gone",
              DBS.mariadb(),
              DBS.postgres().url(),
              DBS.postgres(),
              Phase.NEW,
              "");
      try (Connection c = DriverManager.getConnection(url)) {
        long t0 = System.nanoTime();
        String first = c.getMetaData().getDatabaseProductName();
        long t1 = System.nanoTime();
        String second = c.getMetaData().getDatabaseProductName();
        long t2 = System.nanoTime();
        assertEquals("PostgreSQL", first);
        assertEquals("PostgreSQL", second);
        assertTrue((t1 - t0) / 1_000_000 < 10_000, "first question took " + (t1 - t0) / 1_000_000);
        assertTrue((t2 - t1) / 1_000_000 < 1_000, "second question took " + (t2 - t1) / 1_000_000);
      }
    }
  }

  /**
   * An unreachable control store: the identity learned from the old database could not be kept, and
   * the next metadata question tried again on the application's thread, waiting the control pool's
   * 5 s. Keeping it now happens in the background.
   */
  @Test
  void an_unreachable_control_store_does_not_hold_a_metadata_question() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.OLD, "");
    Path file = Path.of(url.substring(CutoverDriver.PREFIX.length()));
    String yaml = Files.readString(file);
    String down =
        yaml.replaceFirst(
            "control: \\{ url: \"[^\"]*\"", "control: { url: \"jdbc:mariadb://127.0.0.1:1/gone\"");
    assertTrue(!down.equals(yaml), yaml);
    Path other = file.resolveSibling("control-down.yaml");
    Files.writeString(other, down);
    String downUrl = CutoverDriver.PREFIX + other.toAbsolutePath();
    try (Connection c = DriverManager.getConnection(downUrl)) {
      long t0 = System.nanoTime();
      assertEquals("MariaDB", c.getMetaData().getDatabaseProductName());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms < 2_000, "metadata question took " + ms + " ms");
    }
  }

  /** getURL names the old database as configured, without the passwords a URL may carry. */
  @Test
  void the_url_hides_every_password_it_carries() throws Exception {
    String old = DBS.mariadb().url();
    String withSecrets =
        old
            + (old.contains("?") ? "&" : "?")
            + "password1=s3cret&password2=s3cret&sslpassword=s3cret";
    String url =
        MigrationFixture.writeConfig(
            withSecrets, DBS.mariadb(), DBS.postgres().url(), DBS.postgres(), Phase.OLD, "");
    try (Connection c = DriverManager.getConnection(url)) {
      String shown = c.getMetaData().getURL();
      assertTrue(shown.startsWith("jdbc:mariadb:"), shown);
      assertTrue(!shown.contains("s3cret"), shown);
    }
  }
}
