package dev.cutover.comparator;

import static dev.cutover.comparator.Snapshots.col;
import static dev.cutover.comparator.Snapshots.compare;
import static dev.cutover.comparator.Snapshots.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.comparator.Snapshots.Col;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.rowset.serial.SerialBlob;
import org.junit.jupiter.api.Test;

/**
 * One test per normalization rule: the false mismatch it prevents, and a real difference it keeps.
 */
class ValueNormalizerTest {
  static final Col MY_DECIMAL_10_2 = col(Engine.MYSQL, Types.DECIMAL, "DECIMAL", 10, 2);
  static final Col MY_DECIMAL_12_4 = col(Engine.MYSQL, Types.DECIMAL, "DECIMAL", 12, 4);
  static final Col PG_NUMERIC = col(Engine.POSTGRES, Types.NUMERIC, "numeric", 0, 0);
  static final Col MY_INT = col(Engine.MYSQL, Types.INTEGER, "INT", 11, 0);
  static final Col PG_INT8 = col(Engine.POSTGRES, Types.BIGINT, "int8", 19, 0);
  static final Col MY_FLOAT = col(Engine.MYSQL, Types.REAL, "FLOAT", 12, 31);
  static final Col MY_DOUBLE = col(Engine.MYSQL, Types.DOUBLE, "DOUBLE", 22, 31);
  static final Col PG_FLOAT8 = col(Engine.POSTGRES, Types.DOUBLE, "float8", 17, 17);
  static final Col PG_FLOAT4 = col(Engine.POSTGRES, Types.REAL, "float4", 8, 8);
  static final Col MY_DATETIME_0 = col(Engine.MYSQL, Types.TIMESTAMP, "DATETIME", 19, 0);
  static final Col MY_DATETIME_6 = col(Engine.MYSQL, Types.TIMESTAMP, "DATETIME", 26, 6);
  static final Col MY_TIMESTAMP = col(Engine.MYSQL, Types.TIMESTAMP, "TIMESTAMP", 19, 0);
  static final Col PG_TIMESTAMP = col(Engine.POSTGRES, Types.TIMESTAMP, "timestamp", 26, 6);
  static final Col PG_TIMESTAMP_0 = col(Engine.POSTGRES, Types.TIMESTAMP, "timestamp", 19, 0);
  static final Col PG_TIMESTAMPTZ = col(Engine.POSTGRES, Types.TIMESTAMP, "timestamptz", 35, 6);
  static final Col H2_TIMESTAMPTZ =
      col(Engine.H2, Types.TIMESTAMP_WITH_TIMEZONE, "TIMESTAMP WITH TIME ZONE", 32, 6);
  static final Col MY_DATE = col(Engine.MYSQL, Types.DATE, "DATE", 10, 0);
  static final Col PG_DATE = col(Engine.POSTGRES, Types.DATE, "date", 13, 0);
  static final Col MY_TIME = col(Engine.MYSQL, Types.TIME, "TIME", 10, 0);
  static final Col PG_TIME = col(Engine.POSTGRES, Types.TIME, "time", 15, 6);
  static final Col MY_TINYINT_1 = col(Engine.MYSQL, Types.BOOLEAN, "TINYINT", 1, 0);
  static final Col MY_TINYINT_1_AS_INT = col(Engine.MYSQL, Types.TINYINT, "TINYINT", 1, 0);
  static final Col MY_BIT_1 = col(Engine.MYSQL, Types.BIT, "BIT", 1, 0);
  static final Col PG_BOOL = col(Engine.POSTGRES, Types.BIT, "bool", 1, 0);
  static final Col PG_VARCHAR = col(Engine.POSTGRES, Types.VARCHAR, "varchar", 255, 0);
  static final Col PG_BPCHAR = col(Engine.POSTGRES, Types.CHAR, "bpchar", 10, 0);
  static final Col MY_CHAR = col(Engine.MYSQL, Types.CHAR, "CHAR", 10, 0);
  static final Col MY_VARCHAR = col(Engine.MYSQL, Types.VARCHAR, "VARCHAR", 255, 0);
  static final Col MY_CHAR_36 = col(Engine.MYSQL, Types.CHAR, "CHAR", 36, 0);
  static final Col MY_LONGTEXT = col(Engine.MYSQL, Types.LONGVARCHAR, "LONGTEXT", 0, 0);
  static final Col MY_BLOB = col(Engine.MYSQL, Types.BLOB, "BLOB", 65535, 0);
  static final Col MY_BINARY_16 = col(Engine.MYSQL, Types.BINARY, "BINARY", 16, 0);
  static final Col PG_BYTEA = col(Engine.POSTGRES, Types.BINARY, "bytea", 0, 0);
  static final Col PG_JSONB = col(Engine.POSTGRES, Types.OTHER, "jsonb", 0, 0);
  static final Col PG_UUID = col(Engine.POSTGRES, Types.OTHER, "uuid", 0, 0);

  private static void assertMatch(Col lc, Object lv, Col rc, Object rv) {
    ComparisonResult r = compare(one(lc, lv), one(rc, rv));
    assertTrue(r.equal(), () -> lv + " vs " + rv + ": " + r);
  }

  private static void assertDiffer(Col lc, Object lv, Col rc, Object rv) {
    ComparisonResult r = compare(one(lc, lv), one(rc, rv));
    assertEquals(ComparisonResult.Outcome.DIFFERENT, r.outcome(), () -> lv + " vs " + rv);
    assertEquals(List.of("v"), r.differences().get(0).differingColumns(), r::toString);
  }

  @Test
  void decimals_compare_by_value_whatever_their_scale() {
    assertMatch(PG_NUMERIC, new BigDecimal("332.2"), MY_DECIMAL_10_2, new BigDecimal("332.20"));
    assertMatch(MY_DECIMAL_12_4, new BigDecimal("332.2000"), PG_NUMERIC, new BigDecimal("332.2"));
    assertMatch(MY_DECIMAL_12_4, new BigDecimal("0.0000"), PG_NUMERIC, new BigDecimal("0"));
  }

  @Test
  void decimals_that_differ_by_a_cent_are_different() {
    assertDiffer(PG_NUMERIC, new BigDecimal("332.2"), MY_DECIMAL_10_2, new BigDecimal("332.21"));
    ComparisonResult r =
        compare(
            one(PG_NUMERIC, new BigDecimal("332.20")),
            one(MY_DECIMAL_10_2, new BigDecimal("332.21")));
    ColumnDifference d = r.differences().get(0).columns().get(0);
    assertEquals("332.2", d.left());
    assertEquals("332.21", d.right());
  }

  @Test
  void integers_of_any_width_are_equal_by_value() {
    assertMatch(MY_INT, 5, PG_INT8, 5L);
    assertMatch(MY_INT, 5, PG_NUMERIC, new BigDecimal("5.000"));
    assertMatch(PG_INT8, Long.MAX_VALUE, PG_NUMERIC, new BigDecimal(Long.MAX_VALUE));
    assertMatch(
        PG_NUMERIC,
        new BigInteger("18446744073709551615"),
        PG_NUMERIC,
        new BigDecimal("18446744073709551615.0"));
  }

  @Test
  void integers_that_differ_by_one_are_different() {
    assertDiffer(MY_INT, 5, PG_INT8, 6L);
    assertDiffer(MY_INT, 5, PG_NUMERIC, new BigDecimal("5.01"));
  }

  @Test
  void doubles_within_the_tolerance_are_equal() {
    assertMatch(MY_DOUBLE, 0.1 + 0.2, PG_FLOAT8, 0.3);
    assertMatch(MY_DOUBLE, 0.0, PG_FLOAT8, -0.0);
    assertMatch(MY_DOUBLE, Double.NaN, PG_FLOAT8, Double.NaN);
  }

  @Test
  void doubles_beyond_the_tolerance_are_different() {
    assertDiffer(MY_DOUBLE, 0.3, PG_FLOAT8, 0.3000001);
    assertDiffer(MY_DOUBLE, Double.POSITIVE_INFINITY, PG_FLOAT8, Double.MAX_VALUE);
  }

  @Test
  void a_real_read_as_double_equals_the_double_rounded_to_float() {
    assertMatch(PG_FLOAT4, 0.1f, MY_DOUBLE, 0.1);
    assertMatch(MY_FLOAT, 3.14159f, PG_FLOAT8, 3.14159);
    assertMatch(MY_FLOAT, 3.4e38f, PG_FLOAT4, 3.4e38f);
  }

  @Test
  void a_mysql_float_sent_with_six_digits_equals_the_full_float() {
    assertMatch(MY_FLOAT, 1.23457f, PG_FLOAT4, 1.2345678f);
    assertMatch(PG_FLOAT8, 1.2345678, MY_FLOAT, 1.23457f);
    assertDiffer(MY_FLOAT, 1.23456f, PG_FLOAT4, 1.2345678f);
    assertDiffer(PG_FLOAT4, 1.2345678f, PG_FLOAT4, 1.23457f);
  }

  @Test
  void a_real_that_differs_in_float_precision_is_different() {
    assertDiffer(PG_FLOAT4, 0.1f, MY_DOUBLE, 0.1001);
    assertDiffer(MY_FLOAT, 1.5f, PG_FLOAT4, 1.5001f);
  }

  @Test
  void a_per_column_tolerance_override_widens_only_that_column() {
    CompareOptions loose =
        CompareOptions.builder().tolerance("v", new CompareOptions.Tolerance(1e-3, 0)).build();
    assertTrue(
        ResultComparator.compare(one(MY_DOUBLE, 100.0), one(PG_FLOAT8, 100.05), loose).equal());
    assertFalse(
        ResultComparator.compare(one(MY_DOUBLE, 100.0), one(PG_FLOAT8, 100.5), loose).equal());
    assertFalse(compare(one(MY_DOUBLE, 100.0), one(PG_FLOAT8, 100.05)).equal());
  }

  @Test
  void a_float_column_equals_an_exact_number_of_the_same_value() {
    assertMatch(MY_DOUBLE, 2.5, PG_NUMERIC, new BigDecimal("2.50"));
    assertDiffer(MY_DOUBLE, 2.5, PG_NUMERIC, new BigDecimal("2.51"));
  }

  @Test
  void timestamps_compare_at_the_coarser_precision_when_one_side_keeps_seconds() {
    LocalDateTime fine = LocalDateTime.parse("2024-03-01T10:00:00.700001");
    assertMatch(MY_DATETIME_0, LocalDateTime.parse("2024-03-01T10:00:00"), PG_TIMESTAMP, fine);
    assertMatch(MY_DATETIME_0, LocalDateTime.parse("2024-03-01T10:00:01"), PG_TIMESTAMP, fine);
    assertMatch(
        PG_TIMESTAMP_0,
        Timestamp.valueOf("2024-12-31 23:59:59"),
        MY_DATETIME_6,
        LocalDateTime.parse("2024-12-31T23:59:59.499999"));
    assertMatch(
        PG_TIMESTAMP_0,
        LocalDateTime.parse("2025-01-01T00:00:00"),
        MY_DATETIME_6,
        LocalDateTime.parse("2024-12-31T23:59:59.5"));
  }

  @Test
  void timestamps_a_second_apart_are_different_at_any_precision() {
    assertDiffer(
        MY_DATETIME_0,
        LocalDateTime.parse("2024-03-01T10:00:01"),
        PG_TIMESTAMP,
        LocalDateTime.parse("2024-03-01T10:00:00.2"));
    assertDiffer(
        MY_DATETIME_0,
        LocalDateTime.parse("2024-03-01T10:00:01"),
        PG_TIMESTAMP,
        LocalDateTime.parse("2024-03-01T10:00:00"));
    assertDiffer(
        MY_DATETIME_6,
        LocalDateTime.parse("2024-03-01T10:00:00.000001"),
        PG_TIMESTAMP,
        LocalDateTime.parse("2024-03-01T10:00:00.000002"));
  }

  @Test
  void timestamp_precision_comes_from_metadata_scale_then_precision_then_the_default() {
    NormalizerOptions millis = NormalizerOptions.DEFAULTS.withDefaultFractionDigits(3);
    assertEquals(
        0,
        ValueNormalizer.forColumn(Engine.MYSQL, Types.TIMESTAMP, "DATETIME", 19, 0, millis)
            .fractionDigits());
    assertEquals(
        6,
        ValueNormalizer.forColumn(Engine.MYSQL, Types.TIMESTAMP, "DATETIME", 26, 99, millis)
            .fractionDigits());
    assertEquals(
        3,
        ValueNormalizer.forColumn(Engine.OTHER, Types.TIMESTAMP, "TIMESTAMP", 0, -1, millis)
            .fractionDigits());
  }

  @Test
  void datetime_and_timestamp_without_time_zone_compare_as_wall_clock_time() {
    LocalDateTime wall = LocalDateTime.parse("2024-03-31T02:30:00.123456");
    assertMatch(MY_DATETIME_6, Timestamp.valueOf(wall), PG_TIMESTAMP, wall);
    assertDiffer(MY_DATETIME_6, wall, PG_TIMESTAMP, wall.plusHours(1));
  }

  @Test
  void timestamptz_equals_a_mysql_timestamp_read_in_the_configured_session_zone() {
    OffsetDateTime instant = OffsetDateTime.parse("2024-03-01T10:00:00Z");
    assertMatch(MY_TIMESTAMP, LocalDateTime.parse("2024-03-01T10:00:00"), PG_TIMESTAMPTZ, instant);
    assertMatch(
        MY_TIMESTAMP,
        Timestamp.valueOf("2024-03-01 10:00:00"),
        H2_TIMESTAMPTZ,
        instant.withOffsetSameInstant(ZoneOffset.ofHours(5)));
    NormalizerOptions berlin = NormalizerOptions.DEFAULTS.withZone(ZoneId.of("Europe/Berlin"));
    assertTrue(
        compare(
                one(MY_TIMESTAMP, LocalDateTime.parse("2024-03-01T11:00:00"), berlin),
                one(PG_TIMESTAMPTZ, instant))
            .equal());
  }

  @Test
  void a_mysql_timestamp_is_read_in_its_session_zone_and_a_datetime_still_in_the_application_s() {
    // MariaDB's sessions run at +09:00, the application in UTC: a TIMESTAMP comes as its wall-clock
    // time at +09:00, a DATETIME stands for its time in the application's zone.
    NormalizerOptions tokyoSessions =
        NormalizerOptions.DEFAULTS
            .withZone(ZoneOffset.UTC)
            .withMysqlSessionZone(ZoneId.of("+09:00"));
    OffsetDateTime instant = OffsetDateTime.parse("2024-06-01T14:00:00.5Z");
    for (Object wall :
        new Object[] {
          LocalDateTime.parse("2024-06-01T23:00:00.5"),
          Timestamp.valueOf("2024-06-01 23:00:00.5"),
          "2024-06-01 23:00:00.5"
        }) {
      assertTrue(
          compare(one(MY_TIMESTAMP, wall, tokyoSessions), one(PG_TIMESTAMPTZ, instant)).equal(),
          wall.toString());
      assertTrue(
          !compare(
                  one(MY_TIMESTAMP, wall, NormalizerOptions.DEFAULTS), one(PG_TIMESTAMPTZ, instant))
              .equal(),
          "placed in UTC it is nine hours off: " + wall);
    }
    assertTrue(
        compare(
                one(MY_DATETIME_6, LocalDateTime.parse("2024-06-01T14:00:00.5"), tokyoSessions),
                one(PG_TIMESTAMPTZ, instant))
            .equal());
    assertEquals(ZoneOffset.UTC, NormalizerOptions.DEFAULTS.mysqlTimestampZone());
    assertEquals(ZoneId.of("+09:00"), tokyoSessions.mysqlTimestampZone());
  }

  @Test
  void timestamptz_an_hour_off_is_different() {
    assertDiffer(
        MY_TIMESTAMP,
        LocalDateTime.parse("2024-03-01T11:00:00"),
        PG_TIMESTAMPTZ,
        OffsetDateTime.parse("2024-03-01T10:00:00Z"));
  }

  @Test
  void timestamp_without_zone_meets_an_instant_in_the_configured_zone() {
    assertMatch(
        PG_TIMESTAMP,
        LocalDateTime.parse("2024-03-01T10:00:00"),
        PG_TIMESTAMPTZ,
        OffsetDateTime.parse("2024-03-01T10:00:00Z"));
    assertDiffer(
        PG_TIMESTAMP,
        LocalDateTime.parse("2024-03-01T10:00:00"),
        PG_TIMESTAMPTZ,
        OffsetDateTime.parse("2024-03-01T10:00:00+01:00"));
  }

  @Test
  void dates_compare_by_day_whatever_class_the_driver_returns() {
    assertMatch(MY_DATE, Date.valueOf("2024-02-29"), PG_DATE, LocalDate.parse("2024-02-29"));
    assertDiffer(MY_DATE, Date.valueOf("2024-02-29"), PG_DATE, LocalDate.parse("2024-03-01"));
  }

  @Test
  void times_compare_at_the_coarser_precision() {
    assertMatch(MY_TIME, Time.valueOf("10:15:30"), PG_TIME, LocalTime.parse("10:15:30.400"));
    assertDiffer(MY_TIME, Time.valueOf("10:15:31"), PG_TIME, LocalTime.parse("10:15:30"));
  }

  @Test
  void tinyint_1_bit_1_numbers_and_t_f_all_equal_a_boolean() {
    assertMatch(MY_TINYINT_1, true, PG_BOOL, true);
    assertMatch(MY_TINYINT_1_AS_INT, 1, PG_BOOL, true);
    assertMatch(MY_BIT_1, new byte[] {0}, PG_BOOL, false);
    assertMatch(MY_INT, 1, PG_BOOL, true);
    assertMatch(PG_VARCHAR, "t", PG_BOOL, true);
    assertMatch(PG_BOOL, false, PG_VARCHAR, "f");
  }

  @Test
  void a_boolean_is_different_from_the_opposite_or_from_2() {
    assertDiffer(MY_TINYINT_1_AS_INT, 0, PG_BOOL, true);
    assertDiffer(MY_INT, 2, PG_BOOL, true);
    assertDiffer(PG_VARCHAR, "t", PG_BOOL, false);
  }

  @Test
  void char_padding_is_ignored_for_char_columns() {
    assertMatch(PG_BPCHAR, "abc       ", MY_CHAR, "abc");
    assertMatch(PG_BPCHAR, "          ", MY_CHAR, "");
  }

  @Test
  void trailing_spaces_are_significant_in_varchar_unless_configured() {
    assertDiffer(PG_VARCHAR, "abc ", MY_VARCHAR, "abc");
    assertDiffer(PG_BPCHAR, "abd", MY_CHAR, "abc");
    CompareOptions lenient = CompareOptions.builder().ignoreTrailingWhitespace(true).build();
    assertTrue(
        ResultComparator.compare(one(PG_VARCHAR, "abc \t"), one(MY_VARCHAR, "abc"), lenient)
            .equal());
  }

  @Test
  void strings_compare_exactly_where_a_collation_would_not() {
    assertMatch(PG_VARCHAR, "naïve ☕ 🎉", MY_VARCHAR, "naïve ☕ 🎉");
    assertDiffer(PG_VARCHAR, "Abc", MY_VARCHAR, "abc");
    assertDiffer(PG_VARCHAR, "e\u0301", MY_VARCHAR, "\u00e9");
  }

  @Test
  void binary_compares_bytes_whatever_the_container() throws Exception {
    assertMatch(
        MY_BLOB,
        new SerialBlob(new byte[] {1, 2, (byte) 0xff}),
        PG_BYTEA,
        new byte[] {1, 2, (byte) 0xff});
    assertDiffer(MY_BLOB, new byte[] {1, 2, 3}, PG_BYTEA, new byte[] {1, 2, 4});
    assertDiffer(MY_BLOB, new byte[] {1, 2}, PG_BYTEA, new byte[] {1, 2, 0});
  }

  @Test
  void json_compares_by_structure_with_key_order_and_spacing_ignored() {
    assertMatch(
        MY_LONGTEXT,
        "{\"b\": 1, \"a\": [1, 2.50, {\"y\": null, \"x\": true}]}",
        PG_JSONB,
        "{\"a\": [1, 2.5, {\"x\": true, \"y\": null}], \"b\": 1}");
  }

  @Test
  void json_with_a_changed_value_or_array_order_is_different() {
    assertDiffer(MY_LONGTEXT, "{\"a\": [1, 2]}", PG_JSONB, "{\"a\": [2, 1]}");
    assertDiffer(MY_LONGTEXT, "{\"a\": 1}", PG_JSONB, "{\"a\": \"1\"}");
    assertDiffer(MY_LONGTEXT, "{\"a\": 1}", PG_JSONB, "{\"a\": 1, \"b\": null}");
  }

  @Test
  void a_uuid_equals_its_text_in_any_case_and_its_16_bytes() {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertMatch(MY_CHAR_36, id.toString().toUpperCase(), PG_UUID, id);
    byte[] bytes =
        java.nio.ByteBuffer.allocate(16)
            .putLong(id.getMostSignificantBits())
            .putLong(id.getLeastSignificantBits())
            .array();
    assertMatch(MY_BINARY_16, bytes, PG_UUID, id);
  }

  @Test
  void a_different_uuid_is_different() {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertDiffer(MY_CHAR_36, "123e4567-e89b-12d3-a456-426614174001", PG_UUID, id);
    assertDiffer(MY_CHAR_36, "not-a-uuid", PG_UUID, id);
  }

  @Test
  void null_equals_only_null() {
    assertMatch(PG_VARCHAR, null, MY_VARCHAR, null);
    assertMatch(PG_NUMERIC, null, MY_INT, null);
    assertDiffer(PG_VARCHAR, null, MY_VARCHAR, "");
    assertDiffer(PG_NUMERIC, null, MY_INT, 0);
    assertDiffer(PG_BOOL, false, MY_TINYINT_1, null);
  }

  @Test
  void values_read_as_text_are_parsed_by_the_column_rule() {
    assertMatch(MY_DECIMAL_10_2, "332.20", PG_NUMERIC, new BigDecimal("332.2"));
    assertMatch(MY_DATE, "2024-02-29", PG_DATE, LocalDate.parse("2024-02-29"));
    assertMatch(
        MY_DATETIME_6,
        "2024-03-01 10:00:00.5",
        PG_TIMESTAMP,
        LocalDateTime.parse("2024-03-01T10:00:00.5"));
  }

  static final Col MY_YEAR = col(Engine.MYSQL, Types.DATE, "YEAR", 4, 0);
  static final Col PG_INT2 = col(Engine.POSTGRES, Types.SMALLINT, "int2", 5, 0);
  static final Col PG_MONEY = col(Engine.POSTGRES, Types.DOUBLE, "money", 0, 0);
  static final Col PG_TIMETZ = col(Engine.POSTGRES, Types.TIME, "timetz", 21, 6);
  static final Col PG_XML = col(Engine.POSTGRES, Types.SQLXML, "xml", 0, 0);

  @Test
  void a_mariadb_year_reported_as_a_date_is_the_year_number() {
    assertMatch(MY_YEAR, Date.valueOf("2024-01-01"), PG_INT2, (short) 2024);
    assertMatch(MY_YEAR, (short) 2024, PG_INT2, 2024);
    assertDiffer(MY_YEAR, Date.valueOf("2024-01-01"), PG_INT2, (short) 2023);
  }

  @Test
  void money_is_compared_exactly_not_within_the_float_tolerance() {
    assertEquals(
        String.class,
        ValueNormalizer.forColumn(
                Engine.POSTGRES, Types.DOUBLE, "money", 0, 0, NormalizerOptions.DEFAULTS)
            .preferredClass());
    assertMatch(PG_MONEY, "$10,000,000.01", PG_MONEY, "$10,000,000.01");
    assertDiffer(PG_MONEY, "$10,000,000.00", PG_MONEY, "$10,000,000.01");
  }

  @Test
  void timetz_keeps_its_fraction_and_offset() {
    assertEquals(
        java.time.OffsetTime.class,
        ValueNormalizer.forColumn(
                Engine.POSTGRES, Types.TIME, "timetz", 21, 6, NormalizerOptions.DEFAULTS)
            .preferredClass());
    java.time.OffsetTime t = java.time.OffsetTime.parse("10:00:00.5+00:00");
    assertMatch(PG_TIMETZ, t, PG_TIMETZ, java.time.OffsetTime.parse("12:00:00.5+02:00"));
    assertDiffer(PG_TIMETZ, t, PG_TIMETZ, java.time.OffsetTime.parse("10:00:00+00:00"));
  }

  @Test
  void xml_is_compared_by_its_document() throws Exception {
    assertMatch(PG_XML, xml("<a/>"), PG_XML, xml("<a/>"));
    assertDiffer(PG_XML, xml("<a/>"), PG_XML, xml("<b/>"));
  }

  /** An SQLXML whose toString() is the object's identity, like pgjdbc's. */
  static java.sql.SQLXML xml(String document) {
    return (java.sql.SQLXML)
        java.lang.reflect.Proxy.newProxyInstance(
            ValueNormalizerTest.class.getClassLoader(),
            new Class<?>[] {java.sql.SQLXML.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getString":
                  return document;
                case "toString":
                  return "SQLXML@" + System.identityHashCode(proxy);
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "equals":
                  return proxy == args[0];
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }

  static final Col MY_BIT_10 = col(Engine.MYSQL, Types.BIT, "BIT", 10, 0);
  static final Col PG_BIT_10 = col(Engine.POSTGRES, Types.BIT, "bit", 10, 0);

  /** What pgjdbc's PGobject for a bit(n) value prints. */
  static Object pgBits(String bits) {
    return new Object() {
      @Override
      public String toString() {
        return bits;
      }
    };
  }

  @Test
  void bit_strings_compare_with_mariadb_bit_bytes() {
    assertMatch(MY_BIT_10, new byte[] {0x03, (byte) 0xff}, PG_BIT_10, pgBits("1111111111"));
    assertMatch(MY_BIT_10, new byte[] {0x00, 0x05}, PG_BIT_10, pgBits("0000000101"));
    assertMatch(PG_BIT_10, pgBits("0000000101"), PG_BIT_10, pgBits("0000000101"));
    assertDiffer(MY_BIT_10, new byte[] {0x00, 0x05}, PG_BIT_10, pgBits("0000000100"));
  }

  static final Col MY_BIT_64 = col(Engine.MYSQL, Types.BIT, "BIT", 64, 0);
  static final Col PG_BIT_64 = col(Engine.POSTGRES, Types.BIT, "bit", 64, 0);
  static final Col PG_VARBIT = col(Engine.POSTGRES, Types.OTHER, "varbit", Integer.MAX_VALUE, 0);

  @Test
  void bit_64_with_the_top_bit_set_compares_as_an_unsigned_number() {
    byte[] top = {(byte) 0x80, 0, 0, 0, 0, 0, 0, 1};
    assertMatch(MY_BIT_64, top, PG_BIT_64, pgBits("1" + "0".repeat(62) + "1"));
    assertMatch(
        MY_BIT_64, new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}, PG_VARBIT, pgBits("1".repeat(64)));
    assertDiffer(MY_BIT_64, top, PG_BIT_64, pgBits("0".repeat(63) + "1"));
    assertDiffer(MY_BIT_64, top, PG_BIT_64, pgBits("1" + "0".repeat(63)));
  }

  @Test
  void varbit_compares_by_value_whatever_its_length() {
    assertMatch(PG_VARBIT, pgBits("00101"), PG_VARBIT, pgBits("00101"));
    assertMatch(MY_BIT_10, new byte[] {0x00, 0x05}, PG_VARBIT, pgBits("101"));
    assertMatch(PG_BIT_10, pgBits("0000000000"), PG_VARBIT, pgBits(""));
    assertDiffer(PG_VARBIT, pgBits("00101"), PG_VARBIT, pgBits("00111"));
    assertDiffer(MY_BIT_10, new byte[] {0x00, 0x00}, PG_BIT_10, null);
  }

  @Test
  void a_bit_column_moved_to_bytea_compares_its_bytes_as_the_same_number() {
    assertMatch(MY_BIT_10, new byte[] {0x00, 0x05}, PG_BYTEA, new byte[] {0x00, 0x05});
    assertMatch(PG_BYTEA, new byte[] {0x03, (byte) 0xff}, PG_BIT_10, pgBits("1111111111"));
    assertDiffer(MY_BIT_10, new byte[] {0x00, 0x05}, PG_BYTEA, new byte[] {0x00, 0x04});
    assertDiffer(MY_BIT_10, new byte[] {0x00, 0x00}, PG_BYTEA, null);
  }

  static final Col MY_TIME_6 = col(Engine.MYSQL, Types.TIME, "TIME", 17, 6);
  static final Col PG_INTERVAL = col(Engine.POSTGRES, Types.OTHER, "interval", 49, 6);

  /** PostgreSQL's interval as pgjdbc's PGInterval prints it. */
  private static Object pgInterval(String verbose) {
    return new Object() {
      @Override
      public String toString() {
        return verbose;
      }
    };
  }

  @Test
  void a_mariadb_time_is_a_signed_duration_beyond_a_day() {
    assertMatch(
        MY_TIME,
        "838:59:59",
        PG_INTERVAL,
        pgInterval("0 years 0 mons 0 days 838 hours 59 mins 59.0 secs"));
    assertMatch(
        MY_TIME,
        "-838:59:59",
        PG_INTERVAL,
        pgInterval("0 years 0 mons 0 days -838 hours -59 mins -59.0 secs"));
    assertMatch(
        MY_TIME_6,
        "-00:00:00.500000",
        PG_INTERVAL,
        pgInterval("0 years 0 mons 0 days 0 hours 0 mins -0.5 secs"));
    assertMatch(MY_TIME_6, "10:00:00.123456", PG_INTERVAL, "10:00:00.123456");
    assertMatch(MY_TIME, "24:00:00", PG_TIME, LocalTime.MAX);
    assertMatch(MY_TIME, "10:00:00", PG_TIME, LocalTime.parse("10:00"));
    // As the driver's java.sql.Time carries it: the duration less the JVM zone's epoch offset.
    long offset = java.util.TimeZone.getDefault().getOffset(0L);
    assertMatch(MY_TIME, new Time(-3_020_399_000L - offset), PG_INTERVAL, "-838:59:59");
    assertDiffer(MY_TIME, "25:00:00", PG_TIME, LocalTime.parse("01:00"));
    assertDiffer(MY_TIME, "-01:00:00", PG_TIME, LocalTime.parse("23:00"));
    assertDiffer(MY_TIME, "838:59:59", PG_INTERVAL, "838:59:58");
    assertDiffer(MY_TIME, "24:00:00", PG_INTERVAL, "1 day");
  }

  @Test
  void an_interval_with_months_or_days_compares_by_its_fields() {
    assertMatch(
        PG_INTERVAL,
        "1 day",
        PG_INTERVAL,
        pgInterval("0 years 0 mons 1 days 0 hours 0 mins 0.0 secs"));
    assertMatch(
        PG_INTERVAL,
        "-1 years +2 days 03:04:05.678",
        PG_INTERVAL,
        pgInterval("-1 years 0 mons 2 days 3 hours 4 mins 5.678 secs"));
    assertDiffer(PG_INTERVAL, "1 day", PG_INTERVAL, "24:00:00");
    assertDiffer(PG_INTERVAL, "1 mon", PG_INTERVAL, "30 days");
    assertDiffer(PG_INTERVAL, "1 day 00:00:01", PG_INTERVAL, "1 day");
  }

  static final Col MY_FLOAT_7_2 = col(Engine.MYSQL, Types.REAL, "FLOAT", 7, 2);

  @Test
  void a_mariadb_float_with_declared_decimals_compares_at_float_precision_not_six_digits() {
    // FLOAT(7,2) comes back with its two decimals, seven significant digits: 12345.67 and
    // 12345.68 are two floats, which the six-digit rule of a plain FLOAT would take as one.
    assertMatch(MY_FLOAT_7_2, 12345.67f, PG_FLOAT8, 12345.67);
    assertDiffer(MY_FLOAT_7_2, 12345.67f, PG_FLOAT8, 12345.68);
    assertMatch(MY_FLOAT, 1.23457f, PG_FLOAT8, 1.2345678);
  }

  @Test
  void an_array_reads_as_the_set_a_mariadb_set_spells() {
    assertEquals("a,b", ValueNormalizer.setText("{a,b}"));
    assertEquals("", ValueNormalizer.setText("{}"));
    assertEquals("a,c d,q\"uote", ValueNormalizer.setText("{a,\"c d\",\"q\\\"uote\"}"));
    // Members no SET can hold, and text that is no one-dimensional array.
    assertEquals(null, ValueNormalizer.setText("{a,NULL}"));
    assertEquals(null, ValueNormalizer.setText("{\"x,y\"}"));
    assertEquals(null, ValueNormalizer.setText("{{a},{b}}"));
    assertEquals(null, ValueNormalizer.setText("a,b"));
  }
}
