package dev.cutover.comparator.chunk;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a table into primary-key ranges of about {@code chunkRows} rows, reading only the source;
 * a table without a primary key is one chunk.
 *
 * <p>A single integral key is split by arithmetic over its min and max; any other key by keyset
 * pagination in the source's own order. The first and last ranges are open-ended so rows inserted
 * beyond the current extremes while a backfill runs still fall into some chunk.
 */
public final class ChunkPlanner {
  private final long chunkRows;

  /** A planner aiming at {@code chunkRows} rows per chunk. */
  public ChunkPlanner(long chunkRows) {
    if (chunkRows < 1) {
      throw new IllegalArgumentException("chunkRows: " + chunkRows + " (expected: at least 1)");
    }
    this.chunkRows = chunkRows;
  }

  /**
   * The plan for a table.
   *
   * @param ranges the key ranges, covering every possible key
   * @param rowsEstimate the source's row count when planned
   */
  public record Plan(List<KeyRange> ranges, long rowsEstimate) {}

  /** Plans the table's chunks on the source connection. */
  public Plan plan(Connection source, TableShape shape) throws SQLException {
    return plan(source, shape, null);
  }

  /**
   * Plans the table's chunks by {@code chunkBy}, a date or timestamp column (see {@link
   * #chunkColumn}), or by primary key when it is null.
   *
   * <p>Date ranges are equal spans of time between the column's minimum and maximum, aimed at
   * {@code chunkRows} rows on average; the first and last are open-ended like key ranges, and a
   * last chunk holds the rows where the column is NULL, which no range selects. Rows are still
   * written by primary key, so the copy stays an idempotent upsert; the column must be one the
   * application does not change once a row exists (a row moved from a range not yet copied into one
   * already copied would be missed until a verify and repair).
   */
  public Plan plan(Connection source, TableShape shape, Column chunkBy) throws SQLException {
    if (chunkBy != null) {
      return planByTime(source, Dialect.of(source), shape, chunkBy);
    }
    Dialect d = Dialect.of(source);
    if (!shape.hasKey()) {
      // Without a key there is no range to split by, nor a way to upsert one: the table is one
      // chunk, copied whole.
      return new Plan(List.of(KeyRange.ALL), count(source, d, shape));
    }
    if (shape.hasSingleIntegralKey()) {
      return planArithmetic(source, d, shape);
    }
    return planKeyset(source, d, shape);
  }

  /**
   * The column of {@code shape} named {@code name} if a table can be split by it; otherwise an
   * exception naming the table, the column and what was expected.
   */
  public static Column chunkColumn(TableShape shape, String name) throws SQLException {
    Column c =
        shape
            .column(name)
            .orElseThrow(
                () ->
                    new SQLException(
                        "tables."
                            + shape.name()
                            + ".chunkBy: "
                            + name
                            + " is not a column of "
                            + shape.name()
                            + " (expected: a date or timestamp column of "
                            + shape.name()
                            + ")",
                        "42703"));
    if (!c.isTemporal()) {
      throw new SQLException(
          "tables."
              + shape.name()
              + ".chunkBy: "
              + c.name()
              + " is of type "
              + c.typeName()
              + " (expected: a date or timestamp column)",
          "42804");
    }
    if (!shape.hasKey()) {
      throw new SQLException(
          "tables."
              + shape.name()
              + ".chunkBy: "
              + shape.name()
              + " has no primary key to upsert its rows by (expected: a table with a primary"
              + " key)",
          "42P10");
    }
    return c;
  }

  private Plan planByTime(Connection c, Dialect d, TableShape shape, Column column)
      throws SQLException {
    String col = d.quote(column.name());
    Class<?> type = temporalClass(column);
    Object min;
    Object max;
    long count;
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT MIN("
                    + col
                    + "), MAX("
                    + col
                    + "), COUNT("
                    + col
                    + "), COUNT(*) FROM "
                    + d.quote(shape.name()));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      min = rs.getObject(1, type);
      max = rs.getObject(2, type);
      count = rs.getLong(3);
      long all = rs.getLong(4);
      if (min == null || count == 0) {
        // Nothing to measure a span on: split at the planning time, so rows dated either side
        // of it, including those written while the backfill runs, still fall in a chunk.
        Object now = fromUnits(type, toUnits(nowAs(type)));
        return new Plan(
            List.of(
                new KeyRange(null, List.of(now)), new KeyRange(List.of(now), null), nullsLast()),
            all);
      }
      List<KeyRange> ranges = new ArrayList<>();
      long lo = toUnits(min);
      long hi = toUnits(max);
      double span = (double) hi - (double) lo + 1;
      long step = Math.max(1, (long) Math.ceil(span * chunkRows / count));
      Object lower = null;
      for (long b = lo + step; b <= hi && b > lo; b += step) {
        Object bound = fromUnits(type, b);
        ranges.add(new KeyRange(lower == null ? null : List.of(lower), List.of(bound)));
        lower = bound;
      }
      if (lower == null) {
        // One value only: still bound the range on both sides, since a range without bounds is
        // 1=1 and would take the NULL chunk's rows too.
        lower = fromUnits(type, lo);
        ranges.add(new KeyRange(null, List.of(lower)));
      }
      ranges.add(new KeyRange(List.of(lower), null));
      ranges.add(nullsLast());
      return new Plan(ranges, all);
    }
  }

  private static KeyRange nullsLast() {
    return KeyRange.NULLS;
  }

  private static Class<?> temporalClass(Column column) {
    if (column.jdbcType() == java.sql.Types.DATE) {
      return LocalDate.class;
    }
    return column.isTimestampWithZone() ? OffsetDateTime.class : LocalDateTime.class;
  }

  private static Object nowAs(Class<?> type) {
    Instant now = Instant.now();
    if (type == LocalDate.class) {
      return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }
    if (type == OffsetDateTime.class) {
      return OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    }
    return LocalDateTime.ofInstant(now, ZoneOffset.UTC);
  }

  /** Days for dates, microseconds for timestamps: the finest unit both engines keep. */
  private static long toUnits(Object value) {
    if (value instanceof LocalDate d) {
      return d.toEpochDay();
    }
    Instant i =
        value instanceof OffsetDateTime o
            ? o.toInstant()
            : ((LocalDateTime) value).toInstant(ZoneOffset.UTC);
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000);
  }

  private static Object fromUnits(Class<?> type, long units) {
    if (type == LocalDate.class) {
      return LocalDate.ofEpochDay(units);
    }
    Instant i =
        Instant.ofEpochSecond(
            Math.floorDiv(units, 1_000_000L), Math.floorMod(units, 1_000_000L) * 1_000);
    return type == OffsetDateTime.class
        ? OffsetDateTime.ofInstant(i, ZoneOffset.UTC)
        : LocalDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private static long count(Connection c, Dialect d, TableShape shape) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT COUNT(*) FROM " + d.quote(shape.name()));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Plan planArithmetic(Connection c, Dialect d, TableShape shape) throws SQLException {
    String k = d.quote(shape.key().get(0).name());
    long min;
    long max;
    long count;
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT MIN(" + k + "), MAX(" + k + "), COUNT(*) FROM " + d.quote(shape.name()));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      min = rs.getLong(1);
      boolean empty = rs.wasNull();
      max = rs.getLong(2);
      count = rs.getLong(3);
      if (empty || count == 0) {
        return new Plan(List.of(KeyRange.ALL), 0);
      }
    }
    double span = (double) max - (double) min + 1;
    long step = Math.max(1, (long) Math.ceil(span * chunkRows / count));
    List<KeyRange> ranges = new ArrayList<>();
    Long lower = null;
    for (long b = min + step; b <= max && b > min; b += step) {
      ranges.add(new KeyRange(lower == null ? null : List.of(lower), List.of(b)));
      lower = b;
    }
    ranges.add(new KeyRange(lower == null ? null : List.of(lower), null));
    return new Plan(ranges, count);
  }

  private Plan planKeyset(Connection c, Dialect d, TableShape shape) throws SQLException {
    List<String> keys = shape.keyNames();
    String order = d.quoteAll(keys);
    List<KeyRange> ranges = new ArrayList<>();
    List<Object> lower = null;
    long rows = 0;
    while (true) {
      KeyRange from = new KeyRange(lower, null);
      String sql =
          "SELECT "
              + order
              + " FROM "
              + d.quote(shape.name())
              + " WHERE "
              + from.predicate(d, keys)
              + " ORDER BY "
              + order
              + " LIMIT 1 OFFSET "
              + chunkRows;
      List<Object> next = null;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        from.bind(ps, 1, d);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            next = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
              next.add(rs.getObject(i + 1));
            }
          }
        }
      }
      if (next == null) {
        ranges.add(new KeyRange(lower, null));
        break;
      }
      ranges.add(new KeyRange(lower, next));
      rows += chunkRows;
      lower = next;
    }
    return new Plan(ranges, rows + chunkRows / 2);
  }
}
