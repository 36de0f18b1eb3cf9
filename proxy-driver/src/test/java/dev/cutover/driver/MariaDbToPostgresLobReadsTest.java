package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.NClob;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A MariaDB {@code LONGTEXT} and {@code LONGBLOB}, held as PostgreSQL {@code text} and {@code
 * bytea}, read with {@code getClob}, {@code getNClob} and {@code getBlob} (as JPA reads its
 * {@code @Lob} fields): through the driver on PostgreSQL they answer what Connector/J answers on
 * MariaDB. PostgreSQL's driver took the column for a large object's OID ({@code Bad value for type
 * long}).
 */
class MariaDbToPostgresLobReadsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS docs",
            "CREATE TABLE docs (id INT PRIMARY KEY, body LONGTEXT, raw LONGBLOB, title VARCHAR(20))",
            "INSERT INTO docs VALUES (1, REPEAT('é long text ', 2000), REPEAT(X'00FF7F', 3000),"
                + " 'one'), (2, NULL, NULL, NULL), (3, '', X'', 'three')");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS docs",
            "CREATE TABLE docs (id int PRIMARY KEY, body text, raw bytea, title varchar(20))",
            "INSERT INTO docs VALUES (1, repeat('é long text ', 2000),"
                + " decode(repeat('00ff7f', 3000), 'hex'), 'one'), (2, NULL, NULL, NULL),"
                + " (3, '', ''::bytea, 'three')");
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  private static String text(Clob c) throws Exception {
    return c == null ? "null" : c.length() + ":" + c.getSubString(1, (int) c.length()).hashCode();
  }

  private static String bytes(Blob b) throws Exception {
    return b == null ? "null" : b.length() + ":" + Arrays.hashCode(b.getBytes(1, (int) b.length()));
  }

  private static List<String> reads(Connection c) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, body, raw, title FROM docs ORDER BY id")) {
      while (rs.next()) {
        NClob n = rs.getNClob(2);
        out.add(
            rs.getInt(1)
                + " "
                + text(rs.getClob(2))
                + " "
                + text(rs.getClob("body"))
                + " "
                + text(n)
                + " "
                + text(rs.getNClob("title"))
                + " "
                + text(rs.getClob(4))
                + " "
                + bytes(rs.getBlob(3))
                + " "
                + bytes(rs.getBlob("raw")));
      }
    }
    return out;
  }

  @Test
  void lobs_read_on_postgresql_as_connector_j_reads_them_on_mariadb() throws Exception {
    List<String> mariadb;
    try (Connection c = DBS.mariadb().connect()) {
      mariadb = reads(c);
    }
    for (Phase phase : List.of(Phase.DUAL_NEW_PRIMARY, Phase.NEW)) {
      String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
      try (Connection c = DriverManager.getConnection(url)) {
        assertEquals(mariadb, reads(c), phase.toString());
      }
    }
  }

  private static String attempt(java.util.concurrent.Callable<Object> read) {
    try {
      Object v = read.call();
      return v instanceof byte[] b ? b.length + ":" + Arrays.hashCode(b) : String.valueOf(v);
    } catch (Exception e) {
      return e.getClass().getSimpleName();
    }
  }

  private static List<String> edgeReads(Connection c) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, body, raw FROM docs ORDER BY id")) {
      while (rs.next()) {
        Clob clob = rs.getClob(2);
        out.add("clob null " + (clob == null) + " wasNull " + rs.wasNull());
        Blob blob = rs.getBlob(3);
        out.add("blob null " + (blob == null) + " wasNull " + rs.wasNull());
        out.add("getObject Clob " + attempt(() -> text(rs.getObject(2, Clob.class))));
        out.add("getObject NClob " + attempt(() -> text(rs.getObject(2, NClob.class))));
        out.add("getObject Blob " + attempt(() -> bytes(rs.getObject(3, Blob.class))));
      }
    }
    return out;
  }

  /**
   * Edge reads of the same columns: NULL and wasNull, {@code getObject(i, Clob.class)} (pgjdbc took
   * the text for an OID as getClob did).
   */
  @Test
  void edge_reads_on_postgresql_as_connector_j_reads_them_on_mariadb() throws Exception {
    List<String> mariadb;
    try (Connection c = DBS.mariadb().connect()) {
      mariadb = edgeReads(c);
    }
    for (Phase phase : List.of(Phase.DUAL_NEW_PRIMARY, Phase.NEW)) {
      String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
      try (Connection c = DriverManager.getConnection(url)) {
        assertEquals(mariadb, edgeReads(c), phase.toString());
      }
    }
  }

  /**
   * "The rest from a position": {@code getSubString(pos, Integer.MAX_VALUE)}, {@code getBytes(pos,
   * Integer.MAX_VALUE)} and the stream forms with {@code Long.MAX_VALUE}. The offset plus the
   * length overflowed an int: StringIndexOutOfBoundsException and IllegalArgumentException,
   * unchecked.
   */
  @Test
  void the_rest_of_a_value_from_a_position() throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT body, raw FROM docs WHERE id = 1")) {
      rs.next();
      Clob clob = rs.getClob(1);
      Blob blob = rs.getBlob(2);
      assertEquals(clob.length() - 1, clob.getSubString(2, Integer.MAX_VALUE).length());
      assertEquals(blob.length() - 1, blob.getBytes(2, Integer.MAX_VALUE).length);
      assertEquals(
          clob.length() - 1,
          clob.getCharacterStream(2, Long.MAX_VALUE).transferTo(java.io.Writer.nullWriter()));
      assertEquals(
          blob.length() - 1,
          blob.getBinaryStream(2, Long.MAX_VALUE)
              .transferTo(java.io.OutputStream.nullOutputStream()));
    }
  }
}
