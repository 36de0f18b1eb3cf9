package dev.cutover.comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same logical rows stored in MariaDB and PostgreSQL with every common type compare equal, in
 * whatever order each engine returns them, and every seeded difference is found with its kind and
 * column.
 *
 * <p>MariaDB's {@code TIMESTAMP} is stored and returned in the session time zone, so the MariaDB
 * connections run with {@code time_zone='+00:00'}, matching the default {@link
 * NormalizerOptions#zone()} of UTC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossEngineComparisonTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  static final int ROWS = 240;

  static final String MARIADB_TABLE =
      "CREATE TABLE t (id INT PRIMARY KEY, d102 DECIMAL(10,2), d124 DECIMAL(12,4), f FLOAT,"
          + " dbl DOUBLE, dt DATETIME, dt6 DATETIME(6), ts TIMESTAMP NULL, dd DATE, tm TIME,"
          + " flag TINYINT(1), ch CHAR(10), vc VARCHAR(100), tx TEXT, bl BLOB, js JSON,"
          + " uid CHAR(36))";

  static final String POSTGRES_TABLE =
      "CREATE TABLE t (id int PRIMARY KEY, d102 numeric, d124 numeric(14,6), f real,"
          + " dbl double precision, dt timestamp, dt6 timestamp(6), ts timestamptz, dd date,"
          + " tm time, flag boolean, ch char(10), vc varchar(100), tx text, bl bytea, js jsonb,"
          + " uid uuid)";

  TestDatabase maria;
  TestDatabase pg;
  TestDatabase pg2;

  @BeforeAll
  void createTables() throws SQLException {
    maria = DBS.mariadb();
    pg = DBS.postgres();
    pg2 = DBS.create(dev.cutover.testkit.Engine.POSTGRES);
    maria.execute(MARIADB_TABLE);
    pg.execute(POSTGRES_TABLE);
    pg2.execute(POSTGRES_TABLE);
    List<Integer> ascending = new ArrayList<>();
    List<Integer> scrambled = new ArrayList<>();
    List<Integer> descending = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      ascending.add(i);
      scrambled.add((i * 97) % ROWS);
      descending.add(ROWS - 1 - i);
    }
    try (Connection c = mariaConnection()) {
      insert(c, true, ascending);
    }
    try (Connection c = pg.connect()) {
      insert(c, false, scrambled);
    }
    try (Connection c = pg2.connect()) {
      insert(c, false, descending);
    }
  }

  Connection mariaConnection() throws SQLException {
    String url = maria.url();
    return DriverManager.getConnection(
        url + (url.contains("?") ? "&" : "?") + "sessionVariables=time_zone='+00:00'",
        maria.user(),
        maria.password());
  }

  /** One logical row, deterministic in its id, with edge values on the first ids. */
  record Row(
      int id,
      BigDecimal d102,
      BigDecimal d124,
      Float f,
      Double dbl,
      LocalDateTime dt,
      LocalDateTime dt6,
      Instant ts,
      LocalDate dd,
      LocalTime tm,
      Boolean flag,
      String ch,
      String vc,
      String tx,
      byte[] bl,
      String js,
      UUID uid) {

    static Row of(int i) {
      if (i % 11 == 5) {
        return new Row(
            i, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null);
      }
      BigDecimal d102 =
          switch (i) {
            case 0 -> new BigDecimal("0.00");
            case 1 -> new BigDecimal("99999999.99");
            case 2 -> new BigDecimal("-99999999.99");
            case 3 -> new BigDecimal("332.20");
            default -> BigDecimal.valueOf((i * 7919L) % 1_000_000 - 400_000, 2);
          };
      BigDecimal d124 =
          switch (i) {
            case 0 -> new BigDecimal("0.0000");
            case 1 -> new BigDecimal("99999999.9999");
            case 2 -> new BigDecimal("-0.0001");
            default -> BigDecimal.valueOf((i * 104_729L) % 100_000_000, 4);
          };
      float f =
          switch (i) {
            case 0 -> 0f;
            case 1 -> 3.4e38f;
            case 2 -> -1.0e-30f;
            case 3 -> 0.1f;
            default -> i * 0.37f - 20f;
          };
      double dbl =
          switch (i) {
            case 0 -> 0.0;
            case 1 -> 1e308;
            case 2 -> -4.9e-300;
            case 3 -> 0.1 + 0.2;
            default -> i / 3.0 - 17.0;
          };
      LocalDateTime base = LocalDateTime.parse("2024-01-01T00:00:00");
      LocalDateTime dt =
          switch (i) {
            case 0 -> LocalDateTime.parse("1000-01-01T00:00:00");
            case 1 -> LocalDateTime.parse("9999-12-31T23:59:59.999999");
            case 2 -> LocalDateTime.parse("2024-02-29T12:00:00.5");
            default -> base.plusSeconds(i * 3601L).plusNanos((i * 123_457_000L) % 1_000_000_000);
          };
      LocalDateTime dt6 =
          switch (i) {
            case 0 -> LocalDateTime.parse("1000-01-01T00:00:00");
            case 1 -> LocalDateTime.parse("9999-12-31T23:59:59.999999");
            default -> base.minusDays(i).plusNanos(i * 1_001_000L);
          };
      Instant ts =
          switch (i) {
            case 0 -> Instant.parse("1970-01-01T00:00:01Z");
            case 1 -> Instant.parse("2038-01-19T03:14:07Z");
            default -> Instant.parse("2001-09-09T01:46:40Z").plusSeconds(i * 86_399L);
          };
      LocalDate dd =
          switch (i) {
            case 0 -> LocalDate.parse("1000-01-01");
            case 1 -> LocalDate.parse("9999-12-31");
            case 2 -> LocalDate.parse("2024-02-29");
            default -> LocalDate.parse("2000-01-01").plusDays(i * 37L);
          };
      LocalTime tm =
          switch (i) {
            case 0 -> LocalTime.MIDNIGHT;
            case 1 -> LocalTime.parse("23:59:59");
            default -> LocalTime.ofSecondOfDay((i * 359L) % 86_400).plusNanos(250_000_000);
          };
      String ch =
          switch (i % 5) {
            case 0 -> "";
            case 1 -> "a";
            case 2 -> "αβγ";
            case 3 -> "x" + i;
            default -> "ten chars!";
          };
      String vc =
          switch (i % 4) {
            case 0 -> "name " + i;
            case 1 -> "O'Brien " + i + " ";
            case 2 -> "";
            default -> "Ünïcödé " + i;
          };
      String tx =
          i % 3 == 0
              ? "Grüße 🎉 #" + i + "\n\tzweite Zeile 日本語"
              : "plain text " + "x".repeat(i % 50);
      byte[] bl = new byte[i % 7 == 0 ? 0 : i % 40];
      for (int b = 0; b < bl.length; b++) {
        bl[b] = (byte) (b * 31 + i);
      }
      String js =
          "{\"id\": "
              + i
              + ", \"price\": 1.50, \"tags\": [\"a\", \"b\"], \"nested\": {\"z\": "
              + (i % 2 == 0)
              + ", \"a\": null}, \"name\": \"ü🎉\"}";
      UUID uid = new UUID(i * 0x9E3779B97F4A7C15L, ~(long) i);
      return new Row(
          i, d102, d124, f, dbl, dt, dt6, ts, dd, tm, i % 3 == 0, ch, vc, tx, bl, js, uid);
    }
  }

  static void insert(Connection c, boolean mariadb, List<Integer> ids) throws SQLException {
    String sql =
        mariadb
            ? "INSERT INTO t VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
            : "INSERT INTO t VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?::jsonb,?)";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int id : ids) {
        bind(p, mariadb, Row.of(id));
        p.executeUpdate();
      }
    }
  }

  static void bind(PreparedStatement p, boolean mariadb, Row r) throws SQLException {
    p.setInt(1, r.id());
    // PostgreSQL's unconstrained numeric keeps the scale it is given: store it stripped.
    p.setBigDecimal(2, r.d102() == null || mariadb ? r.d102() : r.d102().stripTrailingZeros());
    p.setBigDecimal(3, r.d124());
    setOrNull(p, 4, r.f(), Types.REAL);
    setOrNull(p, 5, r.dbl(), Types.DOUBLE);
    setOrNull(p, 6, r.dt(), Types.TIMESTAMP);
    setOrNull(p, 7, r.dt6(), Types.TIMESTAMP);
    if (r.ts() == null) {
      p.setNull(8, Types.TIMESTAMP);
    } else if (mariadb) {
      p.setObject(8, LocalDateTime.ofInstant(r.ts(), ZoneOffset.UTC));
    } else {
      p.setObject(8, r.ts().atOffset(ZoneOffset.UTC));
    }
    setOrNull(p, 9, r.dd(), Types.DATE);
    setOrNull(p, 10, r.tm(), Types.TIME);
    setOrNull(p, 11, r.flag(), Types.BOOLEAN);
    p.setString(12, r.ch());
    p.setString(13, r.vc());
    p.setString(14, r.tx());
    p.setBytes(15, r.bl());
    p.setString(16, r.js());
    if (r.uid() == null) {
      p.setNull(17, mariadb ? Types.CHAR : Types.OTHER);
    } else if (mariadb) {
      p.setString(17, r.id() % 2 == 0 ? r.uid().toString() : r.uid().toString().toUpperCase());
    } else {
      p.setObject(17, r.uid());
    }
  }

  private static void setOrNull(PreparedStatement p, int index, Object value, int type)
      throws SQLException {
    if (value == null) {
      p.setNull(index, type);
    } else {
      p.setObject(index, value);
    }
  }

  static ResultSnapshot capture(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return ResultSnapshot.capture(
          rs, Engine.fromMetaData(c.getMetaData()), CaptureBudget.unlimited());
    }
  }

  /** Captures as a driver would tee: plain getObject values into a builder. */
  static ResultSnapshot tee(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSnapshot.Builder builder =
          ResultSnapshot.builder(
              rs.getMetaData(),
              Engine.fromJdbcUrl(c.getMetaData().getURL()),
              CaptureBudget.unlimited(),
              NormalizerOptions.DEFAULTS);
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
          values[i] = rs.getObject(i + 1);
        }
        builder.addRow(values);
      }
      return builder.build();
    }
  }

  ResultSnapshot mariaSnapshot() throws SQLException {
    try (Connection c = mariaConnection()) {
      return capture(c, "SELECT * FROM t");
    }
  }

  interface Seed {
    void apply(Statement s) throws SQLException;
  }

  /** Applies a change inside a transaction, captures what it sees, and rolls the change back. */
  static ResultSnapshot seeded(Connection c, Seed seed) throws SQLException {
    return seeded(c, "SELECT * FROM t", seed);
  }

  static ResultSnapshot seeded(Connection c, String query, Seed seed) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      seed.apply(s);
      return capture(c, query);
    } finally {
      c.rollback();
      c.setAutoCommit(true);
    }
  }

  private static List<String> ids(ResultSnapshot snapshot) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < snapshot.rowCount(); i++) {
      ids.add(snapshot.row(i).get(0).toString());
    }
    return ids;
  }

  private static void assertFound(
      ComparisonResult result, DifferenceKind kind, String column, int id) {
    assertEquals(Optional.of(kind), result.kind(), result::toString);
    assertEquals(1, result.differences().size(), result::toString);
    RowDifference d = result.differences().get(0);
    if (column != null) {
      assertEquals(List.of(column), d.differingColumns(), result::toString);
    }
    List<String> row = d.leftValues().isEmpty() ? d.rightValues() : d.leftValues();
    assertEquals(Integer.toString(id), row.get(0), result::toString);
  }

  @Test
  void the_same_rows_on_mariadb_and_postgresql_compare_equal_in_any_order() throws SQLException {
    ResultSnapshot left = mariaSnapshot();
    ResultSnapshot right;
    try (Connection c = pg.connect()) {
      right = capture(c, "SELECT * FROM t");
    }
    assertEquals(ROWS, left.rowCount());
    assertEquals(ROWS, right.rowCount());
    assertTrue(!ids(left).equals(ids(right)), "physical order should differ");
    ComparisonResult result = ResultComparator.compare(left, right, CompareOptions.DEFAULTS);
    assertTrue(result.equal(), result::toString);
    assertEquals(ROWS, result.comparedRows());
  }

  @Test
  void rows_teed_through_the_builder_compare_equal_across_engines() throws SQLException {
    ResultSnapshot left;
    try (Connection c = mariaConnection()) {
      left = tee(c, "SELECT * FROM t");
    }
    ResultSnapshot right;
    try (Connection c = pg.connect()) {
      right = tee(c, "SELECT * FROM t");
    }
    ComparisonResult result = ResultComparator.compare(left, right, CompareOptions.DEFAULTS);
    assertTrue(result.equal(), result::toString);
  }

  @Test
  void seeded_differences_between_mariadb_and_postgresql_are_found() throws SQLException {
    ResultSnapshot left = mariaSnapshot();
    try (Connection c = pg.connect()) {
      assertSeededDifferencesFound(left, c);
    }
    try (Connection c = mariaConnection()) {
      ResultSnapshot withoutRow = seeded(c, s -> s.executeUpdate("DELETE FROM t WHERE id = 77"));
      ResultSnapshot right;
      try (Connection p = pg.connect()) {
        right = capture(p, "SELECT * FROM t");
      }
      assertFound(
          ResultComparator.compare(withoutRow, right, CompareOptions.DEFAULTS),
          DifferenceKind.EXTRA_ROWS,
          null,
          77);
    }
  }

  @Test
  void the_same_rows_in_two_postgresql_databases_compare_equal_and_seeded_differences_are_found()
      throws SQLException {
    ResultSnapshot left;
    try (Connection c = pg2.connect()) {
      left = capture(c, "SELECT * FROM t");
    }
    try (Connection c = pg.connect()) {
      ResultSnapshot right = capture(c, "SELECT * FROM t");
      ComparisonResult result = ResultComparator.compare(left, right, CompareOptions.DEFAULTS);
      assertTrue(result.equal(), result::toString);
      assertSeededDifferencesFound(left, c);
    }
  }

  @Test
  void an_ordered_query_compares_by_position_on_both_engines() throws SQLException {
    ResultSnapshot left;
    try (Connection c = mariaConnection()) {
      left = capture(c, "SELECT id, d102, vc FROM t ORDER BY id");
    }
    try (Connection c = pg.connect()) {
      CompareOptions ordered = CompareOptions.builder().ordered().build();
      ResultSnapshot right = capture(c, "SELECT id, d102, vc FROM t ORDER BY id");
      assertTrue(ResultComparator.compare(left, right, ordered).equal());
      ResultSnapshot reversed = capture(c, "SELECT id, d102, vc FROM t ORDER BY id DESC");
      assertEquals(
          Optional.of(DifferenceKind.VALUE_DIFFERENCE),
          ResultComparator.compare(left, reversed, ordered).kind());
    }
  }

  @Test
  void a_budget_truncates_a_real_capture_and_makes_a_multiset_not_comparable() throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM t")) {
      ResultSnapshot cut =
          ResultSnapshot.capture(rs, Engine.POSTGRES, CaptureBudget.of(50, Long.MAX_VALUE));
      assertEquals(50, cut.rowCount());
      assertTrue(cut.truncated());
      assertEquals(
          ComparisonResult.Outcome.NOT_COMPARABLE,
          ResultComparator.compare(mariaSnapshot(), cut, CompareOptions.DEFAULTS).outcome());
    }
  }

  private static void assertSeededDifferencesFound(ResultSnapshot left, Connection right)
      throws SQLException {
    CompareOptions o = CompareOptions.DEFAULTS;
    assertFound(
        ResultComparator.compare(
            left,
            seeded(right, s -> s.executeUpdate("UPDATE t SET vc = 'changed' WHERE id = 17")),
            o),
        DifferenceKind.VALUE_DIFFERENCE,
        "vc",
        17);
    assertFound(
        ResultComparator.compare(
            left, seeded(right, s -> s.executeUpdate("DELETE FROM t WHERE id = 42")), o),
        DifferenceKind.MISSING_ROWS,
        null,
        42);
    assertFound(
        ResultComparator.compare(
            left,
            seeded(
                right,
                s ->
                    s.executeUpdate(
                        "INSERT INTO t (id, vc, d102) SELECT 100000, vc, d102 FROM t WHERE id = 4")),
            o),
        DifferenceKind.EXTRA_ROWS,
        null,
        100000);
    assertFound(
        ResultComparator.compare(
            left, seeded(right, s -> s.executeUpdate("UPDATE t SET d124 = NULL WHERE id = 3")), o),
        DifferenceKind.VALUE_DIFFERENCE,
        "d124",
        3);
    assertFound(
        ResultComparator.compare(
            left,
            seeded(
                right,
                s -> s.executeUpdate("UPDATE t SET dt6 = dt6 + interval '1 second' WHERE id = 8")),
            o),
        DifferenceKind.VALUE_DIFFERENCE,
        "dt6",
        8);
    assertFound(
        ResultComparator.compare(
            left,
            seeded(
                right,
                s -> s.executeUpdate("UPDATE t SET dt = dt - interval '1 second' WHERE id = 12")),
            o),
        DifferenceKind.VALUE_DIFFERENCE,
        "dt",
        12);
    assertFound(
        ResultComparator.compare(
            left,
            seeded(
                right,
                s -> s.executeUpdate("UPDATE t SET ts = ts + interval '1 second' WHERE id = 13")),
            o),
        DifferenceKind.VALUE_DIFFERENCE,
        "ts",
        13);
    assertFound(
        ResultComparator.compare(
            left,
            seeded(right, s -> s.executeUpdate("UPDATE t SET d102 = d102 + 0.01 WHERE id = 9")),
            o),
        DifferenceKind.VALUE_DIFFERENCE,
        "d102",
        9);
    assertFound(
        ResultComparator.compare(
            left,
            seeded(
                right, s -> s.executeUpdate("UPDATE t SET js = js || '{\"id\": 0}' WHERE id = 14")),
            o),
        DifferenceKind.VALUE_DIFFERENCE,
        "js",
        14);
    assertFound(
        ResultComparator.compare(
            left,
            seeded(right, s -> s.executeUpdate("UPDATE t SET flag = NOT flag WHERE id = 15")),
            o),
        DifferenceKind.VALUE_DIFFERENCE,
        "flag",
        15);
  }

  @Test
  void year_money_timetz_and_xml_compare_by_value_on_real_servers() throws SQLException {
    maria.execute(
        "CREATE TABLE y (id INT PRIMARY KEY, yr YEAR)",
        "INSERT INTO y VALUES (1, 2024), (2, 1999)");
    pg.execute(
        "CREATE TABLE y (id int PRIMARY KEY, yr smallint)",
        "INSERT INTO y VALUES (1, 2024), (2, 1999)");
    try (Connection m = mariaConnection();
        Connection p = pg.connect()) {
      ResultSnapshot years = capture(m, "SELECT * FROM y");
      ComparisonResult same =
          ResultComparator.compare(years, capture(p, "SELECT * FROM y"), CompareOptions.DEFAULTS);
      assertTrue(same.equal(), same::toString);
      ResultSnapshot changed =
          seeded(p, "SELECT * FROM y", s -> s.execute("UPDATE y SET yr = 2023 WHERE id = 1"));
      assertFound(
          ResultComparator.compare(years, changed, CompareOptions.DEFAULTS),
          DifferenceKind.VALUE_DIFFERENCE,
          "yr",
          1);
    }
    String ddl = "CREATE TABLE z (id int PRIMARY KEY, m money, tz timetz, x xml)";
    String rows =
        "INSERT INTO z VALUES (1, 10000000.01, '10:00:00.5+00', '<a>1</a>'),"
            + " (2, 12.50, '23:59:59+02', '<b/>')";
    pg.execute(ddl, rows);
    pg2.execute(ddl, rows);
    try (Connection a = pg.connect();
        Connection b = pg2.connect()) {
      ResultSnapshot left = capture(a, "SELECT * FROM z");
      ComparisonResult same =
          ResultComparator.compare(left, capture(b, "SELECT * FROM z"), CompareOptions.DEFAULTS);
      assertTrue(same.equal(), same::toString);
      for (String[] change :
          new String[][] {
            {"UPDATE z SET m = 10000000.00 WHERE id = 1", "m"},
            {"UPDATE z SET tz = '10:00:00+00' WHERE id = 1", "tz"},
            {"UPDATE z SET x = '<a>2</a>' WHERE id = 1", "x"}
          }) {
        ResultSnapshot changed = seeded(b, "SELECT * FROM z", s -> s.execute(change[0]));
        assertFound(
            ResultComparator.compare(left, changed, CompareOptions.DEFAULTS),
            DifferenceKind.VALUE_DIFFERENCE,
            change[1],
            1);
      }
    }
  }

  @Test
  void tinyint1_holds_any_small_integer_against_smallint_and_is_truthy_against_boolean()
      throws SQLException {
    maria.execute(
        "CREATE TABLE tiny (id INT PRIMARY KEY, v TINYINT(1))",
        "INSERT INTO tiny VALUES (1, 2), (2, -1), (3, 1), (4, 0), (5, NULL)");
    pg.execute(
        "CREATE TABLE tiny (id int PRIMARY KEY, v smallint)",
        "INSERT INTO tiny VALUES (1, 2), (2, -1), (3, 1), (4, 0), (5, NULL)",
        "CREATE TABLE tiny_bool (id int PRIMARY KEY, v boolean)",
        "INSERT INTO tiny_bool VALUES (1, true), (2, true), (3, true), (4, false), (5, NULL)");
    try (Connection m = mariaConnection();
        Connection p = pg.connect()) {
      ResultSnapshot left = capture(m, "SELECT id, v FROM tiny");
      for (CompareOptions o :
          List.of(CompareOptions.DEFAULTS, CompareOptions.builder().ordered().build())) {
        ComparisonResult same =
            ResultComparator.compare(left, capture(p, "SELECT id, v FROM tiny"), o);
        assertTrue(same.equal(), same::toString);
        ComparisonResult truthy =
            ResultComparator.compare(left, capture(p, "SELECT id, v FROM tiny_bool"), o);
        assertTrue(truthy.equal(), truthy::toString);
      }
      pg.execute(
          "UPDATE tiny SET v = 1 WHERE id = 1", "UPDATE tiny_bool SET v = false WHERE id = 1");
      for (String table : List.of("tiny", "tiny_bool")) {
        ComparisonResult changed =
            ResultComparator.compare(
                left, capture(p, "SELECT id, v FROM " + table), CompareOptions.DEFAULTS);
        assertEquals(
            Optional.of(DifferenceKind.VALUE_DIFFERENCE), changed.kind(), changed::toString);
        assertEquals(
            List.of("v"), changed.differences().get(0).differingColumns(), changed::toString);
      }
    }
  }

  @Test
  void ties_of_a_key_kept_at_a_finer_precision_on_one_side_are_no_mismatch() throws SQLException {
    maria.execute(
        "CREATE TABLE ties (id INT PRIMARY KEY, ts DATETIME)",
        "INSERT INTO ties VALUES (1, '2024-01-01 10:00:00.6'), (2, '2024-01-01 10:00:00.3')");
    pg.execute(
        "CREATE TABLE ties (id int PRIMARY KEY, ts timestamp(6))",
        "INSERT INTO ties VALUES (1, '2024-01-01 10:00:00.6'), (2, '2024-01-01 10:00:00.3')");
    String sql = "SELECT id, ts FROM ties ORDER BY ts";
    CompareOptions o = CompareOptions.builder().orderedWithTies(2).build();
    try (Connection m = mariaConnection();
        Connection p = pg.connect()) {
      ComparisonResult r = ResultComparator.compare(capture(m, sql), capture(p, sql), o);
      assertTrue(r.equal(), r::toString);
      pg.execute("UPDATE ties SET ts = ts + interval '1 second' WHERE id = 2");
      ComparisonResult changed = ResultComparator.compare(capture(m, sql), capture(p, sql), o);
      assertEquals(ComparisonResult.Outcome.DIFFERENT, changed.outcome(), changed::toString);
    }
  }

  @Test
  void ties_that_a_budget_cuts_before_any_run_completes_are_not_called_equal() throws SQLException {
    maria.execute(
        "CREATE TABLE cut (id INT PRIMARY KEY, k INT, v INT)",
        "INSERT INTO cut VALUES (1, 1, 10), (2, 1, 20), (3, 1, 30), (4, 1, 40), (5, 2, 50)");
    pg.execute(
        "CREATE TABLE cut (id int PRIMARY KEY, k int, v int)",
        "INSERT INTO cut VALUES (1, 1, 11), (2, 1, 21), (3, 1, 31), (4, 1, 41), (5, 2, 51)");
    String sql = "SELECT id, k, v FROM cut ORDER BY k";
    CompareOptions o = CompareOptions.builder().orderedWithTies(2).build();
    try (Connection m = mariaConnection();
        Connection p = pg.connect();
        Statement s = m.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSnapshot truncated =
          ResultSnapshot.capture(
              rs, Engine.fromMetaData(m.getMetaData()), CaptureBudget.of(3, Long.MAX_VALUE));
      ComparisonResult r = ResultComparator.compare(truncated, capture(p, sql), o);
      assertEquals(ComparisonResult.Outcome.NOT_COMPARABLE, r.outcome(), r::toString);
      String limited = sql + " LIMIT 3";
      ComparisonResult l =
          ResultComparator.compare(
              capture(m, limited),
              capture(p, limited),
              CompareOptions.builder().orderedWithTies(2).limit(3).build());
      assertEquals(ComparisonResult.Outcome.NOT_COMPARABLE, l.outcome(), l::toString);
    }
  }

  @Test
  void bit_columns_compare_between_mariadb_and_postgresql() throws SQLException {
    maria.execute(
        "CREATE TABLE b (id INT PRIMARY KEY, flags BIT(10))",
        "INSERT INTO b VALUES (1, b'1111111111'), (2, b'0000000101'), (3, NULL)");
    pg.execute(
        "CREATE TABLE b (id int PRIMARY KEY, flags bit(10))",
        "INSERT INTO b VALUES (1, B'1111111111'), (2, B'0000000101'), (3, NULL)");
    try (Connection m = mariaConnection();
        Connection p = pg.connect()) {
      ResultSnapshot left = capture(m, "SELECT * FROM b");
      ComparisonResult same =
          ResultComparator.compare(left, capture(p, "SELECT * FROM b"), CompareOptions.DEFAULTS);
      assertTrue(same.equal(), same::toString);
      ResultSnapshot changed =
          seeded(
              p,
              "SELECT * FROM b",
              s -> s.execute("UPDATE b SET flags = B'0000000100' WHERE id = 2"));
      assertFound(
          ResultComparator.compare(left, changed, CompareOptions.DEFAULTS),
          DifferenceKind.VALUE_DIFFERENCE,
          "flags",
          2);
    }
  }

  @Test
  void bit_64_with_the_top_bit_set_and_varbit_compare_by_value_on_real_servers()
      throws SQLException {
    String top = "1" + "0".repeat(62) + "1";
    maria.execute(
        "CREATE TABLE w (id INT PRIMARY KEY, b64 BIT(64), b10 BIT(10))",
        "INSERT INTO w VALUES (1, b'"
            + top
            + "', b'0000000101'), (2, 0, 0), (3, NULL, NULL),"
            + " (4, 18446744073709551615, 1023)");
    // The same values in PostgreSQL, b10 as a varbit spelled without its leading zeros.
    pg.execute(
        "CREATE TABLE w (id int PRIMARY KEY, b64 bit(64), b10 varbit)",
        "INSERT INTO w VALUES (1, B'"
            + top
            + "', B'101'), (2, B'0'::bit(64), B''),"
            + " (3, NULL, NULL), (4, B'"
            + "1".repeat(64)
            + "', B'1111111111')");
    try (Connection m = mariaConnection();
        Connection p = pg.connect()) {
      for (ResultSnapshot left :
          List.of(capture(m, "SELECT * FROM w"), tee(m, "SELECT * FROM w"))) {
        ComparisonResult same =
            ResultComparator.compare(left, capture(p, "SELECT * FROM w"), CompareOptions.DEFAULTS);
        assertTrue(same.equal(), same::toString);
        ComparisonResult teed =
            ResultComparator.compare(left, tee(p, "SELECT * FROM w"), CompareOptions.DEFAULTS);
        assertTrue(teed.equal(), teed::toString);
      }
      ResultSnapshot left = capture(m, "SELECT * FROM w");
      for (Object[] change :
          new Object[][] {
            {"UPDATE w SET b64 = B'" + "0".repeat(63) + "1' WHERE id = 1", "b64", 1},
            {"UPDATE w SET b64 = B'" + "1".repeat(63) + "0' WHERE id = 4", "b64", 4},
            {"UPDATE w SET b10 = NULL WHERE id = 2", "b10", 2},
            {"UPDATE w SET b64 = B'0'::bit(64) WHERE id = 3", "b64", 3}
          }) {
        ResultSnapshot changed = seeded(p, "SELECT * FROM w", st -> st.execute((String) change[0]));
        assertFound(
            ResultComparator.compare(left, changed, CompareOptions.DEFAULTS),
            DifferenceKind.VALUE_DIFFERENCE,
            (String) change[1],
            (Integer) change[2]);
      }
    }
    String ddl = "CREATE TABLE v (id int PRIMARY KEY, vb varbit, b bit(10))";
    String rows = "INSERT INTO v VALUES (1, B'00101', B'0000000101'), (2, B'', NULL)";
    pg.execute(ddl, rows);
    pg2.execute(ddl, rows);
    try (Connection a = pg.connect();
        Connection b = pg2.connect()) {
      ResultSnapshot left = capture(a, "SELECT * FROM v");
      ComparisonResult same =
          ResultComparator.compare(left, capture(b, "SELECT * FROM v"), CompareOptions.DEFAULTS);
      assertTrue(same.equal(), same::toString);
      ResultSnapshot changed =
          seeded(b, "SELECT * FROM v", st -> st.execute("UPDATE v SET vb = B'00111' WHERE id = 1"));
      assertFound(
          ResultComparator.compare(left, changed, CompareOptions.DEFAULTS),
          DifferenceKind.VALUE_DIFFERENCE,
          "vb",
          1);
    }
  }
}
