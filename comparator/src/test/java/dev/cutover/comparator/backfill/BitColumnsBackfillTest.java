package dev.cutover.comparator.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.comparator.backfill.BackfillOptions.CopyMode;
import dev.cutover.comparator.chunk.ControlStore;
import dev.cutover.comparator.chunk.Sources;
import dev.cutover.comparator.chunk.TableShape;
import dev.cutover.comparator.verify.Verifier;
import dev.cutover.comparator.verify.VerifyOptions;
import dev.cutover.comparator.verify.VerifyResult;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Multi-bit BIT columns (MariaDB {@code BIT(n)}, PostgreSQL {@code bit(n)} and {@code varbit}) are
 * copied by value in either direction, through COPY and through upserts, NULLs and a BIT(64) with
 * the top bit set included.
 */
class BitColumnsBackfillTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  static final int ROWS = 1_234;

  private static TestDatabase create(String engine) {
    return DBS.create(engine.equals("mariadb") ? Engine.MARIADB : Engine.POSTGRES);
  }

  @ParameterizedTest(name = "{0} to {1} with {2}")
  @CsvSource({
    "mariadb, postgres, COPY",
    "mariadb, postgres, UPSERT",
    "postgres, mariadb, UPSERT",
    "postgres, postgres, COPY",
    "postgres, postgres, UPSERT",
    "mariadb, mariadb, UPSERT"
  })
  void bit_columns_are_copied_by_value_and_verify_equal(String from, String to, CopyMode mode)
      throws Exception {
    TestDatabase source = create(from);
    TestDatabase target = create(to);
    BitTables.create(source);
    BitTables.create(target);
    BitTables.fill(source, 1, ROWS);
    // Rows the target already holds with other bits: COPY falls back to staging and merge for
    // their batch, upserts update them.
    BitTables.fillStale(target, 1, 30);
    BitTables.fillStale(target, 600, 620);
    BackfillReport report =
        new Backfill(
                Sources.of(source),
                Sources.of(target),
                new ControlStore(Sources.of(source)),
                BackfillOptions.builder().chunkRows(500).batchRows(200).copy(mode).build())
            .run("bits");
    assertTrue(report.complete(), report::toString);
    assertEquals(ROWS, report.rowsCopied());
    VerifyResult v =
        new Verifier(Sources.of(source), Sources.of(target), VerifyOptions.defaults())
            .verify("bits");
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
    assertEquals(BitTables.expected(1, ROWS), BitTables.read(target));
  }

  @Test
  void a_value_wider_than_the_postgresql_bit_width_fails_with_postgresql_own_error()
      throws Exception {
    TestDatabase source = DBS.create(Engine.MARIADB);
    TestDatabase target = DBS.create(Engine.POSTGRES);
    source.execute(
        "CREATE TABLE narrow (id INT PRIMARY KEY, b BIT(10))",
        "INSERT INTO narrow VALUES (1, b'0000000101'), (2, b'1000000000')");
    target.execute("CREATE TABLE narrow (id int PRIMARY KEY, b bit(8))");
    for (CopyMode mode : CopyMode.values()) {
      try (Connection s = source.connect();
          Connection t = target.connect()) {
        t.setAutoCommit(false);
        RowCopy copy =
            new RowCopy(t, TableShape.read(s, "narrow"), TableShape.read(t, "narrow"), mode, 10);
        // Leading zeros beyond the width are dropped: 5 fits a bit(8).
        copy.add(new Object[] {1, "0000000101"});
        copy.flush();
        copy.add(new Object[] {2, "1000000000"});
        SQLException e = assertThrows(SQLException.class, copy::flush, mode::toString);
        assertEquals("22026", e.getSQLState(), e::getMessage);
        t.rollback();
      }
    }
  }

  @ParameterizedTest(name = "{0} to postgres with {1}")
  @CsvSource({
    "postgres, COPY",
    "postgres, UPSERT",
    "mariadb, COPY",
    "mariadb, UPSERT",
  })
  void a_single_bit_column_is_written_into_postgresql_bit_1_as_a_bit(String from, CopyMode mode)
      throws Exception {
    // bit(1) is reported like a boolean (Types.BIT, size 1), but PostgreSQL refuses a boolean for
    // it, in COPY ('t') and bound alike: a PostgreSQL 12 -> 16 move with a bit(1) column failed.
    TestDatabase source = create(from);
    TestDatabase target = DBS.create(Engine.POSTGRES);
    source.execute(
        from.equals("mariadb")
            ? "CREATE TABLE one (id INT PRIMARY KEY, b BIT(1), f TINYINT(1))"
            : "CREATE TABLE one (id int PRIMARY KEY, b bit(1), f boolean)",
        from.equals("mariadb")
            ? "INSERT INTO one VALUES (1, b'1', 1), (2, b'0', 0), (3, NULL, NULL)"
            : "INSERT INTO one VALUES (1, B'1', true), (2, B'0', false), (3, NULL, NULL)");
    target.execute("CREATE TABLE one (id int PRIMARY KEY, b bit(1), f boolean)");
    target.execute("INSERT INTO one VALUES (2, B'1', true)");
    BackfillReport report =
        new Backfill(
                Sources.of(source),
                Sources.of(target),
                new ControlStore(Sources.of(source)),
                BackfillOptions.builder().copy(mode).build())
            .run("one");
    assertTrue(report.complete(), report::toString);
    assertEquals(
        java.util.List.of(
            java.util.List.of(1, "1", true),
            java.util.List.of(2, "0", false),
            java.util.Arrays.asList(3, null, null)),
        target.query("SELECT id, b::text, f FROM one ORDER BY id"));
    VerifyResult v =
        new Verifier(Sources.of(source), Sources.of(target), VerifyOptions.defaults())
            .verify("one");
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
  }

  @Test
  void bit_strings_are_fitted_to_the_declared_width() {
    assertEquals("0000000101", RowCopy.bitString(new byte[] {0x00, 0x05}, 10));
    assertEquals("1111111111", RowCopy.bitString(new byte[] {0x03, (byte) 0xff}, 10));
    assertEquals(
        "1" + "0".repeat(62) + "1",
        RowCopy.bitString(new byte[] {(byte) 0x80, 0, 0, 0, 0, 0, 0, 1}, 64));
    assertEquals("0000000101", RowCopy.fit("101", 10));
    assertEquals("00000101", RowCopy.fit("0000000101", 8));
    assertEquals("1000000000", RowCopy.fit("1000000000", 8));
    assertEquals("0101", RowCopy.fit("0101", 0));
  }
}
