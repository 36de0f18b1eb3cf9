package dev.cutover.comparator.backfill;

import dev.cutover.testkit.Engine;
import dev.cutover.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table {@code bits} of multi-bit BIT columns, alike on MariaDB and PostgreSQL: {@code b10}
 * BIT(10) / bit(10), {@code b64} BIT(64) / bit(64) (some with the top bit set), {@code b12} BIT(12)
 * / varbit and {@code w} BIT(10) / bit(16), with NULLs and zeros.
 */
public final class BitTables {
  /** The columns after {@code id}, in table order. */
  public static final List<String> COLUMNS = List.of("b10", "b64", "b12", "w");

  private static final int[] PG_WIDTHS = {10, 64, 0, 16};

  private BitTables() {}

  /** Creates {@code bits}. */
  public static void create(TestDatabase db) {
    db.execute(
        db.engine() == Engine.POSTGRES
            ? "CREATE TABLE bits (id int PRIMARY KEY, b10 bit(10), b64 bit(64), b12 varbit,"
                + " w bit(16))"
            : "CREATE TABLE bits (id INT PRIMARY KEY, b10 BIT(10), b64 BIT(64), b12 BIT(12),"
                + " w BIT(10))");
  }

  /** The values of row {@code i} as unsigned longs, null for NULL. */
  public static Long[] values(int i) {
    Long b10 = i % 7 == 0 ? null : i % 10 == 0 ? 0L : (long) (i * 37 % 1024);
    Long b64 =
        i % 7 == 1
            ? null
            : i % 5 == 0 ? 0L : i % 3 == 0 ? Long.MIN_VALUE | i : i * 0x9E3779B97F4A7C15L >>> 1;
    Long b12 = i % 4 == 0 ? null : i % 9 == 0 ? 0L : (long) (i * 11 % 4096);
    Long w = i % 6 == 0 ? null : (long) (i % 1024);
    return new Long[] {b10, b64, b12, w};
  }

  /** Inserts rows {@code from..to} with {@link #values}. */
  public static void fill(TestDatabase db, int from, int to) {
    List<String> rows = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      rows.add(row(db.engine(), i, values(i)));
      if (rows.size() == 500 || i == to) {
        db.execute("INSERT INTO bits (id, b10, b64, b12, w) VALUES " + String.join(", ", rows));
        rows.clear();
      }
    }
  }

  /** Inserts rows {@code from..to} holding other values than {@link #values} does. */
  public static void fillStale(TestDatabase db, int from, int to) {
    List<String> rows = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      rows.add(row(db.engine(), i, new Long[] {1023L, -1L, 1L, i % 2 == 0 ? null : 1L}));
    }
    db.execute("INSERT INTO bits (id, b10, b64, b12, w) VALUES " + String.join(", ", rows));
  }

  private static String row(Engine engine, int i, Long[] values) {
    StringBuilder sb = new StringBuilder("(").append(i);
    for (int c = 0; c < values.length; c++) {
      sb.append(", ").append(literal(engine, values[c], PG_WIDTHS[c]));
    }
    return sb.append(')').toString();
  }

  /**
   * A bit literal of an unsigned value: MariaDB {@code b'101'}; PostgreSQL {@code B'...'} padded to
   * {@code pgWidth} (a bit(n) column takes exactly n digits), unpadded for 0 (varbit).
   */
  public static String literal(Engine engine, Long value, int pgWidth) {
    if (value == null) {
      return "NULL";
    }
    String digits = Long.toBinaryString(value);
    if (engine != Engine.POSTGRES) {
      return "b'" + digits + "'";
    }
    return "B'" + "0".repeat(Math.max(0, pgWidth - digits.length())) + digits + "'";
  }

  /**
   * Every row as the binary digits of its values without leading zeros ("" for 0, null for NULL),
   * read with each engine's own text of a bit value rather than the verify's canonical SQL.
   */
  public static Map<Integer, List<String>> read(TestDatabase db) {
    boolean pg = db.engine() == Engine.POSTGRES;
    String select =
        pg
            ? "SELECT id, b10::text, b64::text, b12::text, w::text FROM bits"
            : "SELECT id, BIN(b10 + 0), BIN(b64 + 0), BIN(b12 + 0), BIN(w + 0) FROM bits";
    Map<Integer, List<String>> out = new HashMap<>();
    for (List<Object> row : db.query(select)) {
      List<String> digits = new ArrayList<>();
      for (Object v : row.subList(1, row.size())) {
        digits.add(v == null ? null : v.toString().replaceFirst("^0+", ""));
      }
      out.put(((Number) row.get(0)).intValue(), digits);
    }
    return out;
  }

  /** What {@link #read} returns for rows {@code from..to} filled with {@link #values}. */
  public static Map<Integer, List<String>> expected(int from, int to) {
    Map<Integer, List<String>> out = new HashMap<>();
    for (int i = from; i <= to; i++) {
      out.put(
          i,
          Arrays.stream(values(i))
              .map(v -> v == null ? null : v == 0 ? "" : Long.toBinaryString(v))
              .toList());
    }
    return out;
  }
}
