package dev.cutover.comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.comparator.backfill.Backfill;
import dev.cutover.comparator.backfill.BackfillOptions;
import dev.cutover.comparator.backfill.BackfillOptions.CopyMode;
import dev.cutover.comparator.chunk.ControlStore;
import dev.cutover.comparator.chunk.Sources;
import dev.cutover.comparator.verify.VerifyResult;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The column types a MariaDB to PostgreSQL migration produces with a tool's default mappings
 * (pgloader's: {@code TINYINT} to smallint, {@code INT UNSIGNED} to bigint, {@code BIGINT} to
 * numeric, {@code DATETIME} to timestamptz, {@code ENUM} to an enum type, ...), each checked on the
 * real servers by {@link TypePairChecks}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbTypePairsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  static List<TypePair> pairs() {
    return List.of(
        TypePair.of("bigint_unsigned", "BIGINT UNSIGNED", "numeric(20)")
            .same("0", "9223372036854775807", "9223372036854775808", "18446744073709551615")
            .same("NULL")
            .changed("18446744073709551614"),
        TypePair.of("bigint_unsigned_numeric", "BIGINT UNSIGNED", "numeric")
            .same("0", "9223372036854775808", "18446744073709551615", "NULL")
            .changed("18446744073709551614"),
        // pgloader: a BIGINT (display width 20) is too wide for bigint when unsigned, so numeric.
        TypePair.of("bigint_to_numeric", "BIGINT", "numeric")
            .same("-9223372036854775808", "9223372036854775807", "0", "NULL")
            .changed("-9223372036854775807"),
        TypePair.of("decimal_to_numeric", "DECIMAL(10,2)", "numeric")
            .same("1.23", "-99999999.99", "0.00", "NULL")
            .changed("1.234"),
        TypePair.of("int_unsigned", "INT UNSIGNED", "bigint")
            .same("4294967295", "0", "2147483648", "NULL")
            .changed("4294967294"),
        TypePair.of("int_to_bigint", "INT", "bigint")
            .same("-2147483648", "2147483647", "0", "NULL")
            .changed("-2147483647"),
        TypePair.of("mediumint", "MEDIUMINT", "integer")
            .same("-8388608", "8388607", "0", "NULL")
            .changed("-8388607"),
        TypePair.of("mediumint_unsigned", "MEDIUMINT UNSIGNED", "integer")
            .same("16777215", "0", "NULL")
            .changed("16777214"),
        TypePair.of("tinyint", "TINYINT", "smallint")
            .same("-128", "127", "1", "0", "NULL")
            .changed("2"),
        TypePair.of("tinyint_unsigned", "TINYINT UNSIGNED", "smallint")
            .same("255", "1", "0", "NULL")
            .changed("254"),
        TypePair.of("smallint_unsigned", "SMALLINT UNSIGNED", "integer")
            .same("65535", "0", "NULL")
            .changed("65534"),
        TypePair.of("decimal_65_30", "DECIMAL(65,30)", "numeric(65,30)")
            .same("99999999999999999999999999999999999.999999999999999999999999999999")
            .same("-99999999999999999999999999999999999.999999999999999999999999999999")
            .same("0.000000000000000000000000000001", "0", "NULL")
            .changed("0.000000000000000000000000000002"),
        TypePair.of("decimal_65_0", "DECIMAL(65,0)", "numeric(65,0)")
            .same("99999999999999999999999999999999999999999999999999999999999999999")
            .same("-1", "0", "NULL")
            .changed("99999999999999999999999999999999999999999999999999999999999999998"),
        // pgloader: FLOAT to float, PostgreSQL's double precision. The float's shortest decimal
        // (1.2345678 for the float nearest it) is the same value; MariaDB's six-digit text of it
        // (1.23457) is not, and verify says so (FloatExactnessTest).
        TypePair.of("float_to_double", "FLOAT", "double precision")
            .same("1.2345678", "1234567", "16777216", "0.1")
            .row("16777217", "16777216")
            .same("3.4e38", "-1e-30", "1e-5", "1.5e16", "0", "NULL")
            .changed("1.23456"),
        TypePair.of("float_to_real", "FLOAT", "real")
            .same("1.2345678", "1234567", "3.4e38", "0.1", "1e-5", "NULL")
            .changed("1.23456"),
        TypePair.of("float_decimals_to_double", "FLOAT(7,2)", "double precision")
            .same("12345.67", "-0.01", "99999.99", "0", "NULL")
            .changed("12345.68"),
        TypePair.of("double", "DOUBLE", "double precision")
            .same("1.7976931348623157e308", "123456789012.34567", "1712345678.123456")
            .same("-4.9e-324", "0.30000000000000004", "1e60", "0", "NULL")
            .changed("1.7e308"),
        TypePair.of("varchar_trailing_spaces", "VARCHAR(20)", "varchar(20)")
            .same("'abc '", "'abc'", "''", "'  '", "NULL")
            .changed("'abc'"),
        TypePair.of("text_trailing_spaces", "TEXT", "text")
            .same("'abc '", "'abc'", "''", "NULL")
            .row("'line\\n'", "E'line\\n'")
            .changed("'abc'"),
        TypePair.of("char", "CHAR(5)", "char(5)")
            .same("'ab'", "''", "'abcde'", "NULL")
            .changed("'ac'"),
        TypePair.of("enum_to_text", "ENUM('small','medium','large')", "text")
            .same("'small'", "'large'", "NULL")
            .changed("'medium'"),
        TypePair.of("enum", "ENUM('small','medium','large')", "tp_size")
            .setup(
                "DO $$ BEGIN CREATE TYPE tp_size AS ENUM ('small', 'medium', 'large');"
                    + " EXCEPTION WHEN duplicate_object THEN NULL; END $$")
            .same("'small'", "'large'", "NULL")
            .changed("'medium'"),
        TypePair.of("char36_uuid", "CHAR(36)", "uuid")
            .row("'01234567-89AB-CDEF-0123-456789ABCDEF'", "'01234567-89ab-cdef-0123-456789abcdef'")
            .same("'ffffffff-ffff-ffff-ffff-ffffffffffff'", "NULL")
            .changed("'01234567-89ab-cdef-0123-456789abcdee'")
            .noRoundTrip(),
        TypePair.of("binary16_uuid", "BINARY(16)", "uuid")
            .row(
                "UNHEX('0123456789ABCDEF0123456789ABCDEF')",
                "'01234567-89ab-cdef-0123-456789abcdef'")
            .row(
                "UNHEX('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF')",
                "'ffffffff-ffff-ffff-ffff-ffffffffffff'")
            .row(
                "UNHEX('00000000000000000000000000000000')",
                "'00000000-0000-0000-0000-000000000000'")
            .same("NULL")
            .changed("'01234567-89ab-cdef-0123-456789abcdee'"),
        // MariaDB 10.7's own UUID and 10.5's INET6 types.
        TypePair.of("mariadb_uuid", "UUID", "uuid")
            .same(
                "'123e4567-e89b-12d3-a456-426614174000'", "'f47ac10b-58cc-4372-a567-0e02b2c3d479'")
            .same("NULL")
            .changed("'f47ac10b-58cc-4372-a567-0e02b2c3d478'"),
        TypePair.of("inet6", "INET6", "inet")
            .same("'::1'", "'2001:db8::1'", "'::ffff:192.168.0.1'", "NULL")
            .changed("'2001:db8::2'"),
        TypePair.of("set_to_text", "SET('a','b','c')", "text")
            .same("'a,b'", "''", "'c'", "NULL")
            .changed("'a,c'"),
        // pgloader: a SET becomes an array of an enum type made of its members.
        TypePair.of("set_to_enum_array", "SET('a','b','c d')", "tp_set_member[]")
            .setup(
                "DO $$ BEGIN CREATE TYPE tp_set_member AS ENUM ('a', 'b', 'c d');"
                    + " EXCEPTION WHEN duplicate_object THEN NULL; END $$")
            .row("'a,b'", "'{a,b}'")
            .row("''", "'{}'")
            .row("'a,c d'", "'{a,\"c d\"}'")
            .same("NULL")
            .changed("'{a}'"),
        TypePair.of("set_to_text_array", "SET('a','b','c')", "text[]")
            .row("'a,b,c'", "'{a,b,c}'")
            .row("''", "'{}'")
            .same("NULL")
            .changed("'{a,c,b}'"),
        TypePair.of("longblob", "LONGBLOB", "bytea")
            .row("REPEAT(UNHEX('00ff10'), 400000)", "decode(repeat('00ff10', 400000), 'hex')")
            .row("UNHEX('')", "'\\x'")
            .same("NULL")
            .changed("decode(repeat('00ff10', 399999) || '00ff11', 'hex')"),
        TypePair.of("time_of_day", "TIME", "time")
            .same("'00:00:00'", "'23:59:59'", "'10:00:00'", "'24:00:00'", "NULL")
            .changed("'23:59:58'"),
        TypePair.of("time6_of_day", "TIME(6)", "time(6)")
            .same("'00:00:00.000001'", "'23:59:59.999999'", "'10:00:00.5'", "NULL")
            .changed("'10:00:00.4'"),
        // A TIME is a duration of up to 838 hours, either sign: an interval holds it.
        TypePair.of("time_to_interval", "TIME", "interval")
            .same("'838:59:59'", "'-838:59:59'", "'25:00:00'", "'-00:00:01'", "'10:00:00'")
            .same("'00:00:00'", "NULL")
            .changed("'838:59:58'"),
        TypePair.of("time6_to_interval", "TIME(6)", "interval")
            .same("'-12:00:00.5'", "'10:00:00.123456'", "'-00:00:00.000001'", "NULL")
            .changed("'-12:00:00.4'"),
        TypePair.of("datetime_timestamptz", "DATETIME", "timestamptz")
            .row("'2024-01-01 10:00:00'", "'2024-01-01 10:00:00+00'")
            .row("'1000-01-01 00:00:00'", "'1000-01-01 00:00:00+00'")
            .row("'9999-12-31 23:59:59'", "'9999-12-31 23:59:59+00'")
            .same("NULL")
            .changed("'2024-01-01 10:00:01+00'"),
        TypePair.of("datetime6_timestamptz", "DATETIME(6)", "timestamptz")
            .row("'2024-02-29 12:00:00.123456'", "'2024-02-29 12:00:00.123456+00'")
            .row("'2024-01-01 00:00:00'", "'2024-01-01 00:00:00+00'")
            .same("NULL")
            .changed("'2024-02-29 12:00:00.123457+00'"),
        TypePair.of("timestamp_timestamptz", "TIMESTAMP NULL", "timestamptz")
            .row("'1970-01-01 00:00:01'", "'1970-01-01 00:00:01+00'")
            .row("'2024-01-01 10:00:00'", "'2024-01-01 10:00:00+00'")
            .row("'2038-01-19 03:14:07'", "'2038-01-19 03:14:07+00'")
            .same("NULL")
            .changed("'1970-01-01 00:00:02+00'"),
        // pgloader's zero-dates-to-null: MariaDB's zero date is NULL on PostgreSQL.
        TypePair.of("zero_datetime", "DATETIME", "timestamptz")
            .row("'0000-00-00 00:00:00'", "NULL")
            .row("'2024-01-01 10:00:00'", "'2024-01-01 10:00:00+00'")
            .same("NULL")
            .changed("'0001-01-01 00:00:00+00'")
            .noRoundTrip(),
        TypePair.of("zero_datetime6", "DATETIME(6)", "timestamp(6)")
            .row("'0000-00-00 00:00:00'", "NULL")
            .row("'2024-01-01 10:00:00.5'", "'2024-01-01 10:00:00.5'")
            .changed("'2024-01-01 00:00:00'")
            .noRoundTrip(),
        TypePair.of("zero_timestamp", "TIMESTAMP NULL", "timestamptz")
            .row("'0000-00-00 00:00:00'", "NULL")
            .row("'2024-01-01 10:00:00'", "'2024-01-01 10:00:00+00'")
            .changed("'1970-01-01 00:00:01+00'")
            .noRoundTrip(),
        TypePair.of("zero_date", "DATE", "date")
            .row("'0000-00-00'", "NULL")
            .same("'2024-02-29'", "'1000-01-01'", "NULL")
            .changed("'0001-01-01'")
            .noRoundTrip(),
        // pgloader: POINT and a GEOMETRY holding points to point (PostGIS is not needed).
        TypePair.of("point", "POINT", "point")
            .row("POINT(1.5, -2.25)", "'(1.5,-2.25)'")
            .row("POINT(52.520008, 13.404954)", "'(52.520008,13.404954)'")
            .row("POINT(0, 0)", "'(0,0)'")
            .same("NULL")
            .changed("'(1.5,-2.5)'"),
        TypePair.of("geometry_point", "GEOMETRY", "point")
            .row("POINT(-180, 90)", "'(-180,90)'")
            .same("NULL")
            .changed("'(-180,89.999999)'"),
        TypePair.of("year", "YEAR", "integer")
            .same("2024", "1901", "2155", "0", "NULL")
            .changed("2023"),
        TypePair.of("json_to_text", "JSON", "text")
            .same("'{\"b\": 1.0, \"a\": [1, 2]}'", "NULL")
            .changed("'{\"b\": 1.5, \"a\": [1, 2]}'"),
        // jsonb sorts keys, drops whitespace and duplicate keys, decodes escapes, keeps 1.0.
        TypePair.of("json_to_jsonb", "JSON", "jsonb")
            .same("'{\"b\": 1.0, \"a\": [1, 2], \"c\": {\"y\": null, \"x\": \"z\"}}'")
            .same("'{\"a\": 1, \"a\": 2}'", "'[1e2, -0.5, 12345678901234567890]'")
            .row("'{\"u\": \"\\\\u00e9\\\\n\"}'", "'{\"u\": \"\\u00e9\\n\"}'")
            .same("'\"text\"'", "'null'", "NULL")
            .changed("'{\"b\": 1.5, \"a\": [1, 2], \"c\": {\"y\": null, \"x\": \"z\"}}'")
            .noRoundTrip(),
        TypePair.of("json_to_json", "JSON", "json")
            .same("'{\"b\": 1.0, \"a\": [1, 2]}'", "'{\"a\": 1, \"a\": 2}'", "NULL")
            .changed("'{\"b\": 1.5, \"a\": [1, 2]}'"));
  }

  TypePairChecks checks;

  @Test
  void a_bigint_unsigned_key_above_the_signed_range_is_backfilled_and_verified() throws Exception {
    TestDatabase maria = DBS.mariadb();
    TestDatabase pg = DBS.create(Engine.POSTGRES);
    maria.execute(
        "CREATE TABLE unsigned_keys (id BIGINT UNSIGNED PRIMARY KEY, v INT)",
        "INSERT INTO unsigned_keys VALUES (0, 0), (1, 1), (9223372036854775807, 2),"
            + " (9223372036854775808, 3), (18446744073709551615, 4), (12345678901234567890, 5)");
    pg.execute("CREATE TABLE unsigned_keys (id numeric(20) PRIMARY KEY, v int)");
    for (CopyMode mode : CopyMode.values()) {
      pg.execute("DELETE FROM unsigned_keys");
      new Backfill(
              Sources.of(maria),
              Sources.of(pg),
              new ControlStore(Sources.of(maria)),
              BackfillOptions.builder().job("unsigned_" + mode).copy(mode).chunkRows(2).build())
          .run("unsigned_keys");
      assertEquals(
          List.of(
              List.of("0", 0),
              List.of("1", 1),
              List.of("9223372036854775807", 2),
              List.of("9223372036854775808", 3),
              List.of("12345678901234567890", 5),
              List.of("18446744073709551615", 4)),
          pg.query("SELECT id::text AS k, v FROM unsigned_keys ORDER BY unsigned_keys.id"));
      VerifyResult v = TypePairChecks.verify(maria, pg, "unsigned_keys");
      assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
    }
    pg.execute("UPDATE unsigned_keys SET v = 40 WHERE id = 18446744073709551615");
    VerifyResult r = TypePairChecks.verify(maria, pg, "unsigned_keys");
    assertEquals(1, r.differingCount(), r::toString);
    assertEquals(List.of("v"), r.differing().get(0).columns(), r::toString);
    assertTrue(
        new dev.cutover.comparator.repair.Repair(Sources.of(maria), Sources.of(pg), false)
            .repair(r)
            .repaired());
    VerifyResult repaired = TypePairChecks.verify(maria, pg, "unsigned_keys");
    assertEquals(VerifyResult.Status.EQUAL, repaired.status(), repaired::toString);
  }

  @Test
  void an_array_with_a_null_member_differs_from_a_null_set() {
    TestDatabase maria = DBS.mariadb();
    TestDatabase pg = DBS.postgres();
    maria.execute(
        "CREATE TABLE sets (id INT PRIMARY KEY, s SET('a','b'))",
        "INSERT INTO sets VALUES (1, NULL), (2, 'a'), (3, 'a,b')");
    pg.execute(
        "CREATE TABLE sets (id int PRIMARY KEY, s text[])",
        "INSERT INTO sets VALUES (1, '{NULL}'), (2, '{a,NULL}'), (3, '{a,b}')");
    VerifyResult r = TypePairChecks.verify(maria, pg, "sets");
    assertEquals(
        List.of(1L, 2L),
        r.differing().stream().map(VerifyResult.DifferingRow::key).sorted().toList(),
        r::toString);
  }

  @Test
  void an_array_of_arrays_differs_from_the_set_of_its_members_and_an_empty_array_is_empty() {
    TestDatabase maria = DBS.mariadb();
    TestDatabase pg = DBS.postgres();
    maria.execute(
        "CREATE TABLE nested_sets (id INT PRIMARY KEY, s SET('a','b'))",
        "INSERT INTO nested_sets VALUES (1, 'a,b'), (2, ''), (3, 'a,b')");
    pg.execute(
        "CREATE TABLE nested_sets (id int PRIMARY KEY, s text[])",
        "INSERT INTO nested_sets VALUES (1, '{{a,b}}'), (2, '{}'), (3, '{a,b}')");
    VerifyResult r = TypePairChecks.verify(maria, pg, "nested_sets");
    assertEquals(VerifyResult.Status.DIFFERENT, r.status(), r::toString);
    assertEquals(
        List.of(1L),
        r.differing().stream().map(VerifyResult.DifferingRow::key).sorted().toList(),
        r::toString);
  }

  @Test
  void uuid_digits_without_dashes_are_the_uuid_and_a_changed_digit_is_found() throws Exception {
    TestDatabase maria = DBS.mariadb();
    TestDatabase pg = DBS.postgres();
    maria.execute(
        "CREATE TABLE hex_ids (id INT PRIMARY KEY, u CHAR(32))",
        "INSERT INTO hex_ids VALUES (1, '0123456789ABCDEF0123456789abcdef'),"
            + " (2, '00000000000000000000000000000001'), (3, NULL), (4, 'not-a-uuid')");
    pg.execute(
        "CREATE TABLE hex_ids (id int PRIMARY KEY, u uuid)",
        "INSERT INTO hex_ids VALUES (1, '01234567-89ab-cdef-0123-456789abcdef'),"
            + " (2, '00000000-0000-0000-0000-000000000002'), (3, NULL),"
            + " (4, '00000000-0000-0000-0000-000000000004')");
    VerifyResult r = TypePairChecks.verify(maria, pg, "hex_ids");
    assertEquals(
        List.of(2L, 4L),
        r.differing().stream().map(VerifyResult.DifferingRow::key).sorted().toList(),
        r::toString);
    for (VerifyResult.DifferingRow d : r.differing()) {
      assertEquals(List.of("u"), d.columns(), r::toString);
    }
    String sql = "SELECT id, u FROM hex_ids WHERE id = 1";
    try (Connection o = TypePairChecks.connect(maria);
        Connection n = TypePairChecks.connect(pg)) {
      ComparisonResult shadow =
          ResultComparator.compare(
              TypePairChecks.capture(o, sql),
              TypePairChecks.capture(n, sql),
              CompareOptions.DEFAULTS);
      assertTrue(shadow.equal(), shadow::toString);
    }
  }

  @Test
  void a_separator_or_null_marker_inside_a_string_is_no_other_row() {
    TestDatabase maria = DBS.mariadb();
    TestDatabase pg = DBS.postgres();
    maria.execute(
        "CREATE TABLE seps (id INT PRIMARY KEY, a VARCHAR(10), b VARCHAR(10))",
        "INSERT INTO seps VALUES (1, 'a|', 'b'), (2, '<NULL>', 'x'), (3, 'same|', '|same')",
        "CREATE TABLE seps_keyless (a VARCHAR(10), b VARCHAR(10))",
        "INSERT INTO seps_keyless VALUES ('x|', 'y'), ('k', 'k')");
    pg.execute(
        "CREATE TABLE seps (id int PRIMARY KEY, a varchar(10), b varchar(10))",
        "INSERT INTO seps VALUES (1, 'a', '|b'), (2, NULL, 'x'), (3, 'same|', '|same')",
        "CREATE TABLE seps_keyless (a varchar(10), b varchar(10))",
        "INSERT INTO seps_keyless VALUES ('x', '|y'), ('k', 'k')");
    VerifyResult r = TypePairChecks.verify(maria, pg, "seps");
    assertEquals(
        List.of(1L, 2L),
        r.differing().stream().map(VerifyResult.DifferingRow::key).sorted().toList(),
        r::toString);
    VerifyResult keyless = TypePairChecks.verify(maria, pg, "seps_keyless");
    assertEquals(VerifyResult.Status.DIFFERENT, keyless.status(), keyless::toString);
    assertEquals(1, keyless.missingOnNewCount(), keyless::toString);
    assertEquals(1, keyless.extraOnNewCount(), keyless::toString);
  }

  @Test
  void a_geometry_that_is_no_point_differs_from_any_point_and_from_null() {
    TestDatabase maria = DBS.mariadb();
    TestDatabase pg = DBS.postgres();
    maria.execute(
        "CREATE TABLE shapes (id INT PRIMARY KEY, g GEOMETRY)",
        "INSERT INTO shapes VALUES (1, ST_GeomFromText('LINESTRING(0 0, 1 1)')),"
            + " (2, ST_GeomFromText('LINESTRING(0 0, 1 1)')), (3, POINT(1, 1))");
    pg.execute(
        "CREATE TABLE shapes (id int PRIMARY KEY, g point)",
        "INSERT INTO shapes VALUES (1, NULL), (2, '(0,0)'), (3, '(1,1)')");
    VerifyResult r = TypePairChecks.verify(maria, pg, "shapes");
    assertEquals(
        List.of(1L, 2L),
        r.differing().stream().map(VerifyResult.DifferingRow::key).sorted().toList(),
        r::toString);
  }

  @Test
  void timestamps_before_1582_read_with_plain_get_object_compare_by_the_date_written()
      throws Exception {
    // Go's zero time, 0001-01-01 00:00:00 UTC, a common "no date" in Go applications.
    TestDatabase maria = DBS.mariadb();
    TestDatabase pg = DBS.postgres();
    maria.execute(
        "CREATE TABLE early (id INT PRIMARY KEY, t DATETIME)",
        "INSERT INTO early VALUES (1, '0001-01-01 00:00:00'), (2, '1582-10-04 12:00:00'),"
            + " (3, '2024-01-01 00:00:00')");
    pg.execute(
        "CREATE TABLE early (id int PRIMARY KEY, t timestamptz)",
        "INSERT INTO early VALUES (1, '0001-01-01 00:00:00+00'), (2, '1582-10-04 12:00:00+00'),"
            + " (3, '2024-01-01 00:00:00+00')");
    try (Connection m = TypePairChecks.connect(maria);
        Connection p = pg.connect()) {
      ComparisonResult r =
          ResultComparator.compare(
              CrossEngineComparisonTest.tee(m, "SELECT * FROM early"),
              CrossEngineComparisonTest.tee(p, "SELECT * FROM early"),
              CompareOptions.DEFAULTS);
      assertTrue(r.equal(), r::toString);
    }
  }

  @Test
  void json_documents_against_jsonb_verify_row_by_row_and_a_changed_one_is_repaired()
      throws Exception {
    TestDatabase maria = DBS.mariadb();
    TestDatabase pg = DBS.postgres();
    maria.execute("CREATE TABLE docs (id INT PRIMARY KEY, n INT, doc JSON)");
    pg.execute("CREATE TABLE docs (id int PRIMARY KEY, n int, doc jsonb)");
    StringBuilder m = new StringBuilder("INSERT INTO docs VALUES ");
    StringBuilder p = new StringBuilder("INSERT INTO docs VALUES ");
    for (int i = 1; i <= 2_500; i++) {
      String doc = "'{\"z\": " + i + ".0, \"a\": [" + (i % 7) + ", \"x\"], \"a\": \"last\"}'";
      m.append(i == 1 ? "" : ", ").append("(").append(i).append(", ").append(i % 10);
      m.append(", ").append(i % 13 == 0 ? "NULL" : doc).append(')');
      p.append(i == 1 ? "" : ", ").append("(").append(i).append(", ").append(i % 10);
      p.append(", ").append(i % 13 == 0 ? "NULL" : doc).append(')');
    }
    maria.execute(m.toString());
    pg.execute(p.toString());
    VerifyResult equal = TypePairChecks.verify(maria, pg, "docs");
    assertEquals(VerifyResult.Status.EQUAL, equal.status(), equal::toString);
    assertEquals(2_500, equal.rowsOld());

    pg.execute(
        "UPDATE docs SET doc = doc || '{\"z\": 1.5}' WHERE id = 1200",
        "UPDATE docs SET doc = NULL WHERE id = 7",
        "UPDATE docs SET n = -1 WHERE id = 8");
    VerifyResult r = TypePairChecks.verify(maria, pg, "docs");
    assertEquals(
        java.util.Map.of("1200", List.of("doc"), "7", List.of("doc"), "8", List.of("n")),
        r.differing().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    d -> String.valueOf(d.key()), VerifyResult.DifferingRow::columns)),
        r::toString);
    assertTrue(
        new dev.cutover.comparator.repair.Repair(Sources.of(maria), Sources.of(pg), false)
            .repair(r)
            .repaired());
    VerifyResult repaired = TypePairChecks.verify(maria, pg, "docs");
    assertEquals(VerifyResult.Status.EQUAL, repaired.status(), repaired::toString);
  }

  @Test
  void a_time_beyond_a_day_is_not_a_time_of_day_and_is_not_copied_into_one() throws Exception {
    TestDatabase maria = DBS.mariadb();
    TestDatabase pg = DBS.postgres();
    maria.execute(
        "CREATE TABLE durations (id INT PRIMARY KEY, t TIME)",
        "INSERT INTO durations VALUES (1, '25:00:00'), (2, '-01:00:00')");
    // What a LocalTime makes of them: 25:00 wrapped into a day, -01:00 as 23:00.
    pg.execute(
        "CREATE TABLE durations (id int PRIMARY KEY, t time)",
        "INSERT INTO durations VALUES (1, '01:00:00'), (2, '23:00:00')");
    try (Connection m = TypePairChecks.connect(maria);
        Connection p = pg.connect()) {
      ComparisonResult r =
          ResultComparator.compare(
              TypePairChecks.capture(m, "SELECT * FROM durations"),
              TypePairChecks.capture(p, "SELECT * FROM durations"),
              CompareOptions.DEFAULTS);
      assertEquals(2, r.differences().size(), r::toString);
    }
    VerifyResult v = TypePairChecks.verify(maria, pg, "durations");
    assertEquals(2, v.differingCount(), v::toString);
    for (CopyMode mode : CopyMode.values()) {
      TestDatabase target = DBS.create(Engine.POSTGRES);
      target.execute("CREATE TABLE durations (id int PRIMARY KEY, t time)");
      Backfill backfill =
          new Backfill(
              Sources.of(maria),
              Sources.of(target),
              new ControlStore(Sources.of(maria)),
              BackfillOptions.builder().job("durations_" + mode).copy(mode).maxAttempts(1).build());
      // PostgreSQL's own refusal (date/time field value out of range), not a wrapped copy.
      SQLException e = assertThrows(SQLException.class, () -> backfill.run("durations"));
      assertEquals("22008", e.getSQLState(), e::toString);
      assertEquals(0, target.queryLong("SELECT count(*) FROM durations"));
    }
  }

  @Test
  void an_unconstrained_numeric_verifies_by_value_whatever_scale_it_keeps() {
    TestDatabase maria = DBS.mariadb();
    TestDatabase pg = DBS.postgres();
    maria.execute(
        "CREATE TABLE scales (id INT PRIMARY KEY, b BIGINT, d DECIMAL(10,2))",
        "INSERT INTO scales VALUES (1, 5, 1.50), (2, -7, 2.00), (3, 0, 0.00)");
    pg.execute(
        "CREATE TABLE scales (id int PRIMARY KEY, b numeric, d numeric)",
        "INSERT INTO scales VALUES (1, 5.00, 1.5), (2, -7.0, 2), (3, 0.000, 0)");
    VerifyResult equal = TypePairChecks.verify(maria, pg, "scales");
    assertEquals(VerifyResult.Status.EQUAL, equal.status(), equal::toString);
    pg.execute("UPDATE scales SET b = 5.5, d = 2.001 WHERE id IN (1, 2)");
    VerifyResult r = TypePairChecks.verify(maria, pg, "scales");
    assertEquals(2, r.differingCount(), r::toString);
    assertEquals(List.of("b", "d"), r.differing().get(0).columns(), r::toString);
  }

  @BeforeAll
  void createTables() {
    checks =
        new TypePairChecks(
            DBS.mariadb(),
            DBS.postgres(),
            DBS.create(Engine.POSTGRES),
            DBS.create(Engine.POSTGRES),
            DBS.create(Engine.MARIADB));
    checks.create(pairs());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void identical_values_compare_equal_in_a_shadow_read(TypePair p) throws Exception {
    checks.shadowEqual(p);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void identical_values_verify_equal(TypePair p) {
    checks.verifyEqual(p);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void backfill_copies_the_values_so_that_verify_is_equal_and_they_read_back_right(TypePair p)
      throws Exception {
    for (CopyMode mode : CopyMode.values()) {
      checks.backfillCopies(p, mode);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void a_rollback_backfill_copies_the_values_back_so_that_verify_is_equal(TypePair p)
      throws Exception {
    checks.reverseBackfillCopies(p);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void a_changed_value_is_found_by_shadow_and_verify_naming_row_and_column(TypePair p)
      throws Exception {
    checks.changeFound(p);
  }
}
