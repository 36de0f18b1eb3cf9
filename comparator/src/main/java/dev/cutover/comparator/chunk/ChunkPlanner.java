package dev.cutover.comparator.chunk;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
