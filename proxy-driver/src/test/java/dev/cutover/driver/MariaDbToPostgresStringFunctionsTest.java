package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
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
 * POSITION, STRCMP, INSERT(s, p, n, new), QUOTE, INET_ATON, INET_NTOA, MAKE_SET, EXPORT_SET,
 * SOUNDEX and FROM_BASE64, which PostgreSQL refused (POSITION it answered case-sensitively):
 * through the driver on PostgreSQL, the values, Java types and labels MariaDB gives.
 */
class MariaDbToPostgresStringFunctionsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    String rows =
        "INSERT INTO sf VALUES (1, 'Hello', 'hello', 2, 167773449, '10.0.5.9', 5, 2.5, 'SGVsbG8='),"
            + " (2, 'Ashcraft', 'ASHCRAFT_', -1, 0, '127.1', -1, 0, 'YWJj\\nZGVm'), (3, 'Don''t"
            + " a\\\\b', 'don', 10, 4294967296, '256.1.1.1', 0, -1.5, 'YQ'), (4, '', ' ', 0, -1,"
            + " '1..2', 6, 1.5, ''), (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)";
    String columns =
        "(id INT PRIMARY KEY, s VARCHAR(20), t VARCHAR(20), n INT, ip BIGINT, dotted"
            + " VARCHAR(20), bits BIGINT, x %s, b64 VARCHAR(20))";
    DBS.mariadb()
        .execute("DROP TABLE IF EXISTS sf", "CREATE TABLE sf " + columns.formatted("DOUBLE"), rows);
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS sf",
            "CREATE TABLE sf " + columns.formatted("DOUBLE PRECISION"),
            rows.replace("\\\\", "\\").replace("\\n", "\n"));
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  /**
   * The labels, then each row's values with their Java type; bytes as a list, and a {@code
   * BigInteger} (MariaDB's {@code BIGINT UNSIGNED}, which PostgreSQL has not) as the {@code Long}
   * PostgreSQL's {@code bigint} gives for the same value.
   */
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
            if (o instanceof byte[]) {
              List<Byte> bytes = new ArrayList<>();
              for (byte b : (byte[]) o) {
                bytes.add(b);
              }
              o = bytes;
            } else if (o instanceof BigInteger) {
              o = ((BigInteger) o).longValueExact();
            }
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
  void position_ignores_case_as_locate_does() throws Exception {
    sameAnswers(
        "SELECT id, POSITION('L' IN s) AS a, POSITION(? IN s) AS b, POSITION('' IN s) AS c,"
            + " POSITION(t IN s) AS e FROM sf ORDER BY id",
        "CRAFT");
    sameAnswers("SELECT id FROM sf WHERE POSITION('lo' IN s) > 0 ORDER BY id");
    // A number is found in a number's text, as by INSTR.
    sameAnswers(
        "SELECT id, POSITION(7 IN ip) AS a, INSTR(ip, 7) AS b, POSITION('L' IN NULL) AS c FROM sf"
            + " ORDER BY id");
  }

  @Test
  void strcmp_orders_ascii_as_the_default_collation_case_ignored_and_padded() throws Exception {
    sameAnswers(
        "SELECT id, STRCMP(s, t) AS a, STRCMP(t, s) AS b, STRCMP(s, ?) AS c, STRCMP(n, 9) AS e,"
            + " STRCMP('_', 'a') AS f, STRCMP('a', 'a\\t') AS g, STRCMP('', ' ') AS h FROM sf"
            + " ORDER BY id",
        "hello");
  }

  @Test
  void insert_the_function_replaces_characters_and_keeps_the_string_outside_it() throws Exception {
    sameAnswers(
        "SELECT id, INSERT(s, 2, 3, 'xy') AS a, INSERT(s, n, 2, '*') AS b, INSERT(s, 1, n,"
            + " t) AS c, INSERT(s, ?, ?, ?) AS e, INSERT('Quadratic', 3, -1, 'W') AS f,"
            + " INSERT('été', 2, 1, 'E') AS g, INSERT(12345, 2, 2, 0) AS h, INSERT('abc', 1.5, 1,"
            + " 'x') AS i FROM sf ORDER BY id",
        3,
        100,
        "-");
  }

  @Test
  void quote_escapes_as_mariadb_and_gives_the_word_null_for_null() throws Exception {
    sameAnswers(
        "SELECT id, QUOTE(s) AS a, QUOTE(n) AS b, QUOTE(?) AS c, QUOTE('a\\nb') AS e FROM sf"
            + " ORDER BY id",
        "it's");
  }

  @Test
  void inet_aton_and_inet_ntoa_read_and_write_dotted_numbers_as_mariadb() throws Exception {
    sameAnswers(
        "SELECT id, INET_ATON(dotted) AS a, INET_NTOA(ip) AS b, INET_NTOA(x) AS c, INET_ATON(?)"
            + " AS e, INET_NTOA(INET_ATON(dotted)) AS f, INET_ATON('1.2.3.4.5') AS g,"
            + " INET_ATON('1.2.3.') AS h FROM sf ORDER BY id",
        "10.1");
  }

  @Test
  void make_set_and_export_set_list_the_bits() throws Exception {
    sameAnswers(
        "SELECT id, MAKE_SET(bits, 'a', 'b', NULL, s) AS a, MAKE_SET(?, s, t) AS b,"
            + " EXPORT_SET(bits, 'Y', 'N', ',', 4) AS c, EXPORT_SET(bits, '1', '0') AS e,"
            + " EXPORT_SET(5, s, t, '', n) AS f FROM sf ORDER BY id",
        3);
  }

  @Test
  void soundex_is_mariadb_s_uncut_soundex() throws Exception {
    sameAnswers(
        "SELECT id, SOUNDEX(s) AS a, SOUNDEX(?) AS b, SOUNDEX('Tymczak') AS c,"
            + " SOUNDEX('Quadratically') AS e, SOUNDEX('àb') AS f, SOUNDEX('123') AS g FROM sf"
            + " ORDER BY id",
        "Pfister");
  }

  @Test
  void conv_reads_the_text_as_mariadb_s_strtoull_and_wraps_at_64_bits() throws Exception {
    sameAnswers(
        "SELECT id, CONV(n, 10, 16) AS a, CONV(s, 36, 10) AS b, CONV(?, 16, 10) AS c, CONV(bits,"
            + " 10, -2) AS e, CONV(x, 10, 2) AS f, CONV(dotted, 10, 8) AS g, CONV(ip, -10, -36) AS"
            + " h, CONV('-9223372036854775809', -10, -10) AS i, CONV('ffffffffffffffffff', 16, 10)"
            + " AS j, CONV('', 10, 10) AS k, CONV(' -17', 10, -18) AS l FROM sf ORDER BY id",
        "fFz");
  }

  @Test
  void from_base64_decodes_and_is_null_for_what_is_not_base64() throws Exception {
    sameAnswers(
        "SELECT id, FROM_BASE64(b64) AS a, FROM_BASE64(?) AS b, FROM_BASE64('YQ==YQ==') AS c"
            + " FROM sf ORDER BY id",
        " YW Jj");
  }

  @Test
  void crc32_to_base64_bit_length_and_oct_of_text_bytes_and_numbers() throws Exception {
    DBS.mariadb()
        .execute(
            "ALTER TABLE sf ADD raw VARBINARY(8)",
            "UPDATE sf SET raw = UNHEX('00FF41') WHERE id = 1",
            "UPDATE sf SET raw = UNHEX('') WHERE id = 2");
    DBS.postgres()
        .execute(
            "ALTER TABLE sf ADD raw BYTEA",
            "UPDATE sf SET raw = decode('00ff41', 'hex') WHERE id = 1",
            "UPDATE sf SET raw = decode('', 'hex') WHERE id = 2");
    sameAnswers(
        "SELECT id, CRC32(s) AS a, CRC32(n) AS b, CRC32(raw) AS c, CRC32(?) AS e, CRC32('é') AS f,"
            + " TO_BASE64(s) AS g, TO_BASE64(raw) AS h, TO_BASE64(n) AS i, TO_BASE64(REPEAT(s,"
            + " 20)) AS j, TO_BASE64(REPEAT('ab', 57)) AS k, BIT_LENGTH(s) AS l, BIT_LENGTH(n) AS"
            + " m, BIT_LENGTH(raw) AS o, BIT_LENGTH(?) AS q, OCT(n) AS r, OCT(bits) AS t, OCT(255)"
            + " AS u, OCT(0) AS v FROM sf ORDER BY id",
        "hello",
        "été");
    sameAnswers(
        "SELECT id, CRC32(s), TO_BASE64(s), BIT_LENGTH(s), OCT(n), REVERSE(n), INSTR(n, 2)"
            + " FROM sf ORDER BY id");
  }

  @Test
  void select_modifiers_and_cte_names_do_not_stop_or_start_a_translation() throws Exception {
    // HIGH_PRIORITY after SELECT is a modifier, not INSERT's: the calls after it are still
    // MariaDB's (LOG natural, POSITION ignoring case), which PostgreSQL answered otherwise.
    sameAnswers("SELECT HIGH_PRIORITY POSITION('L' IN s) AS a, LOG(8) AS b FROM sf WHERE id = 1");
    // A CTE named like a function, with its columns, is a name (PostgreSQL refused the call).
    sameAnswers(
        "WITH soundex(x) AS (SELECT s FROM sf WHERE id = 1), quote(y) AS (SELECT x FROM soundex)"
            + " SELECT y FROM quote");
  }

  @Test
  void unaliased_items_keep_mariadb_s_labels() throws Exception {
    sameAnswers(
        "SELECT POSITION('l' IN s), STRCMP(s, t), INSERT(s, 1, 1, 'J'), QUOTE(s), CONV(n, 10, 2),"
            + " INET_NTOA(ip), INET_ATON(dotted), MAKE_SET(bits, 'a', 'b'),"
            + " EXPORT_SET(bits, 'Y', 'N', '', 3), SOUNDEX(s), FROM_BASE64(b64) FROM sf WHERE id"
            + " = 1");
  }

  @Test
  void writes_store_the_same_values_on_both_sides() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE sf SET t = INSERT(s, ?, 2, QUOTE(t)), dotted = INET_NTOA(ip + ?), b64 ="
                  + " SOUNDEX(s) WHERE id <= ?")) {
        ps.setInt(1, 2);
        ps.setInt(2, 1);
        ps.setInt(3, 5);
        assertEquals(5, ps.executeUpdate());
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO sf (id, s, t, ip, dotted) VALUES (6, MAKE_SET(?, 'a', 'b', 'c'),"
                  + " EXPORT_SET(?, 'Y', 'N', '-', 4), INET_ATON(?), INSERT(?, 1, 1, NULL))")) {
        ps.setInt(1, 5);
        ps.setInt(2, 6);
        ps.setString(3, "192.168.1.1");
        ps.setString(4, "x");
        assertEquals(1, ps.executeUpdate());
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO sf (id, s, n, t) VALUES (7, SOUNDEX(?), STRCMP(?, ?), CONV(?, 16,"
                  + " -8))")) {
        ps.setString(1, "Robert");
        ps.setString(2, "b");
        ps.setString(3, "A");
        ps.setString(4, "-a");
        assertEquals(1, ps.executeUpdate());
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String all = "SELECT id, s, t, n, ip, dotted, bits, b64 FROM sf ORDER BY id";
    assertEquals(DBS.mariadb().query(all), DBS.postgres().query(all));
    assertEquals(
        List.of(List.of(6, "a,c", "N-Y-Y-N", 3232235777L), List.of(7, "R163", 1, "-12")),
        List.of(
            DBS.mariadb().query("SELECT id, s, t, ip FROM sf WHERE id = 6").get(0),
            DBS.mariadb().query("SELECT id, s, n, t FROM sf WHERE id = 7").get(0)));
  }
}
