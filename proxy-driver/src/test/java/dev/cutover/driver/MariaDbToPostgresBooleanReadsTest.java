package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * A MariaDB {@code TINYINT(1)} flag held as a PostgreSQL {@code boolean} (pgloader's mapping): read
 * through the driver on PostgreSQL with every getter, it answers what Connector/J answers on
 * MariaDB. PostgreSQL's driver refused {@code getInt} and the other numeric getters ({@code Bad
 * value for type int : t}) and gave {@code "t"} to {@code getString}.
 */
class MariaDbToPostgresBooleanReadsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS flags",
            "CREATE TABLE flags (id INT PRIMARY KEY, active TINYINT(1), name VARCHAR(10))",
            "INSERT INTO flags VALUES (1, 1, 'a'), (2, 0, 'b'), (3, NULL, 'c')");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS flags",
            "CREATE TABLE flags (id INT PRIMARY KEY, active BOOLEAN, name VARCHAR(10))",
            "INSERT INTO flags VALUES (1, TRUE, 'a'), (2, FALSE, 'b'), (3, NULL, 'c')");
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  private interface Getter {
    Object get(ResultSet rs) throws Exception;
  }

  /** Each getter on column {@code active} by index and by label, with wasNull, row by row. */
  private static List<String> reads(Connection c, String sql) throws Exception {
    Getter[] getters = {
      rs -> rs.getInt(2),
      rs -> rs.getInt("active"),
      rs -> rs.getLong(2),
      rs -> rs.getLong("active"),
      rs -> rs.getShort(2),
      rs -> rs.getByte("active"),
      rs -> rs.getDouble(2),
      rs -> rs.getFloat("active"),
      rs -> rs.getBigDecimal(2),
      rs -> rs.getBigDecimal("active"),
      rs -> rs.getString(2),
      rs -> rs.getString("active"),
      rs -> rs.getObject(2, Integer.class),
      rs -> rs.getObject("active", Long.class),
      rs -> rs.getObject(2, BigDecimal.class),
      rs -> rs.getObject(2, BigInteger.class),
      rs -> rs.getObject(2, String.class),
      rs -> rs.getObject(2, Boolean.class),
      rs -> rs.getObject(2),
      rs -> rs.getBoolean("active"),
      // The columns beside it are untouched.
      rs -> rs.getInt(1),
      rs -> rs.getString("name"),
    };
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (Getter g : getters) {
          Object v = g.get(rs);
          row.append(v == null ? "null" : v.getClass().getSimpleName() + ":" + v)
              .append(rs.wasNull() ? "(null) " : " ");
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  @Test
  void a_flag_read_with_any_getter_answers_as_on_mariadb() throws Exception {
    String sql = "SELECT id, active, name FROM flags ORDER BY id";
    for (Phase phase : new Phase[] {Phase.NEW, Phase.DUAL_NEW_PRIMARY}) {
      String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), phase, "");
      try (Connection maria = DBS.mariadb().connect();
          Connection pg = DriverManager.getConnection(url)) {
        List<String> expected = reads(maria, sql);
        assertEquals(3, expected.size());
        assertEquals(expected, reads(pg, sql), phase.name());
        // Through a plain Statement too.
        try (var st = pg.createStatement();
            ResultSet rs = st.executeQuery(sql)) {
          rs.next();
          assertEquals(1, rs.getInt(2));
          assertEquals("1", rs.getString("active"));
        }
      }
    }
  }

  @Test
  void a_flag_read_from_mariadb_through_the_driver_is_untouched() throws Exception {
    String sql = "SELECT id, active, name FROM flags ORDER BY id";
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.OLD, "");
    try (Connection maria = DBS.mariadb().connect();
        Connection cut = DriverManager.getConnection(url)) {
      assertEquals(reads(maria, sql), reads(cut, sql));
    }
  }
}
