package dev.cutover.comparator;

import dev.cutover.comparator.backfill.BackfillOptions.CopyMode;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PostgreSQL types moved to PostgreSQL as they are (a version upgrade, a move between hosts), each
 * checked on the real servers by {@link TypePairChecks}: arrays, network types, intervals, numeric
 * NaN and infinities, date-time infinities, domains, enums, hstore, ranges, json and jsonb, and the
 * types pgjdbc reads in a form of its own (money, xml, timetz).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresTypePairsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  static TypePair same(String id, String type) {
    return TypePair.of(id, type, type);
  }

  static List<TypePair> pairs() {
    return List.of(
        same("int_array", "int[]")
            .same("'{1,2,3}'", "'{}'", "'{NULL,1}'", "'{{1,2},{3,4}}'", "NULL")
            .changed("'{1,2,4}'"),
        same("text_array", "text[]")
            .same("'{a,\"b c\",\"\"}'", "'{}'", "'{NULL}'", "ARRAY['x,y', 'q\"uote']", "NULL")
            .changed("'{a,\"b c\",\" \"}'"),
        same("uuid_array", "uuid[]")
            .same("'{01234567-89ab-cdef-0123-456789abcdef}'", "NULL")
            .changed("'{01234567-89ab-cdef-0123-456789abcdee}'"),
        same("inet", "inet")
            .same("'192.168.0.1'", "'10.0.0.0/8'", "'::1'", "'2001:db8::1/64'", "NULL")
            .changed("'192.168.0.2'"),
        same("cidr", "cidr")
            .same("'10.0.0.0/8'", "'2001:db8::/32'", "NULL")
            .changed("'10.0.0.0/9'"),
        same("interval", "interval")
            .same("'1 day'", "'24 hours'", "'1 mon'", "'-1 year 2 days 03:04:05.678'", "'0'")
            .same("NULL")
            .changed("'1 day 00:00:01'"),
        same("numeric_specials", "numeric")
            .same("'NaN'", "1.5", "'Infinity'", "'-Infinity'", "0", "NULL")
            .changed("1"),
        same("numeric_scaled_nan", "numeric(10,2)").same("'NaN'", "1.50", "0", "NULL").changed("1"),
        same("double_specials", "double precision")
            .same("'NaN'", "'Infinity'", "'-Infinity'", "'-0'", "1e308", "4.9e-324", "NULL")
            .changed("1.1e308"),
        same("real_specials", "real")
            .same("'NaN'", "'Infinity'", "'-Infinity'", "3.4e38", "NULL")
            .changed("3.3e38"),
        same("timestamptz_infinity", "timestamptz")
            .same("'infinity'", "'-infinity'", "'2024-01-01 10:00:00+00'", "NULL")
            .same("'0044-03-15 12:00:00+00 BC'")
            .changed("'2024-01-01 10:00:01+00'"),
        same("timestamp_infinity", "timestamp")
            .same("'infinity'", "'-infinity'", "'2024-01-01 10:00:00'", "NULL")
            .same("'0044-03-15 12:00:00.5 BC'")
            .changed("'2024-01-01 10:00:01'"),
        same("date_infinity", "date")
            .same("'infinity'", "'-infinity'", "'2024-01-01'", "'4713-01-01 BC'", "NULL")
            .changed("'2024-01-02'"),
        same("domain", "tp_positive")
            .setup(
                "DO $$ BEGIN CREATE DOMAIN tp_positive AS int CHECK (VALUE > 0);"
                    + " EXCEPTION WHEN duplicate_object THEN NULL; END $$")
            .same("1", "2147483647", "NULL")
            .changed("2"),
        same("text_domain", "tp_code")
            .setup(
                "DO $$ BEGIN CREATE DOMAIN tp_code AS varchar(5) CHECK (VALUE <> '');"
                    + " EXCEPTION WHEN duplicate_object THEN NULL; END $$")
            .same("'ab '", "'x'", "NULL")
            .changed("'ab'"),
        same("enum", "tp_size")
            .setup(
                "DO $$ BEGIN CREATE TYPE tp_size AS ENUM ('small', 'medium', 'large');"
                    + " EXCEPTION WHEN duplicate_object THEN NULL; END $$")
            .same("'small'", "'large'", "NULL")
            .changed("'medium'"),
        same("hstore", "hstore")
            .setup("CREATE EXTENSION IF NOT EXISTS hstore")
            .same("'a=>1, b=>2'", "''", "'k=>NULL'", "'\"x y\"=>\"1,2\"'", "NULL")
            .changed("'a=>1, b=>3'"),
        same("int4range", "int4range")
            .same("'[1,10)'", "'empty'", "'(,5]'", "NULL")
            .changed("'[1,11)'"),
        same("tstzrange", "tstzrange")
            .same("'[2024-01-01 00:00+00,2024-02-01 00:00+00)'", "NULL")
            .changed("'[2024-01-01 00:00+00,2024-02-01 00:00:01+00)'"),
        same("numrange", "numrange").same("'[1.50,2.5]'", "NULL").changed("'[1.5,2.6]'"),
        same("json", "json")
            .same("'{\"b\":1,\"a\":2}'", "'{\"a\":1,\"a\":2}'", "'[1.0, \"\\u00e9\"]'", "NULL")
            .changed("'{\"b\":1,\"a\":3}'"),
        same("jsonb", "jsonb")
            .same("'{\"b\": 1.0, \"a\": [1, 2]}'", "'\"\\u00e9\"'", "'null'", "NULL")
            .changed("'{\"b\": 1.5, \"a\": [1, 2]}'"),
        TypePair.of("json_to_jsonb", "json", "jsonb")
            .same("'{\"b\":1,  \"a\":2}'", "'{\"a\":1,\"a\":2}'", "'[1.0, \"\\u00e9\"]'", "NULL")
            .changed("'{\"b\":1,\"a\":3}'"),
        same("uuid", "uuid")
            .same("'01234567-89ab-cdef-0123-456789abcdef'", "NULL")
            .changed("'01234567-89ab-cdef-0123-456789abcdee'"),
        same("citext", "citext")
            .setup("CREATE EXTENSION IF NOT EXISTS citext")
            .same("'Abc'", "'abc '", "NULL")
            .changed("'abc'"),
        same("point", "point").same("'(1.5,-2.25)'", "'(0,0)'", "NULL").changed("'(1.5,-2.5)'"),
        same("time_24h", "time")
            .same("'24:00:00'", "'00:00:00'", "'23:59:59.999999'", "NULL")
            .changed("'23:59:59.999998'"),
        same("timetz", "timetz")
            .same("'10:00:00.5+02'", "'23:59:59-11'", "NULL")
            .changed("'10:00:00.5+01'"),
        same("money", "money").same("10000000.01", "-1.5", "0", "NULL").changed("10000000.00"),
        same("xml", "xml").same("'<a>1</a>'", "'<b/>'", "NULL").changed("'<a>2</a>'"),
        same("large_bytea", "bytea")
            .same("decode(repeat('00ff10', 400000), 'hex')", "'\\x'", "NULL")
            .changed("decode(repeat('00ff10', 399999) || '00ff11', 'hex')"));
  }

  TypePairChecks checks;

  @BeforeAll
  void createTables() {
    checks =
        new TypePairChecks(
            DBS.create(Engine.POSTGRES),
            DBS.postgres(),
            DBS.create(Engine.POSTGRES),
            DBS.create(Engine.POSTGRES));
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
  void a_changed_value_is_found_by_shadow_and_verify_naming_row_and_column(TypePair p)
      throws Exception {
    checks.changeFound(p);
  }
}
