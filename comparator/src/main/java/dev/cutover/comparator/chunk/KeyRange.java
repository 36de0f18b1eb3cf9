package dev.cutover.comparator.chunk;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A half-open range of primary-key values {@code [lower, upper)}; a null bound is unbounded.
 *
 * <p>Bounds are key values taken from one side; each engine evaluates the range itself with an
 * explicit predicate, so the range never depends on how the other engine sorts.
 *
 * <p>A table split by a nullable column (a date column, see {@link ChunkPlanner}) also has one
 * range of the rows where that column is NULL, which no comparison selects: {@link #NULLS}.
 *
 * @param lower the inclusive lower bound (one value per key column), or null
 * @param upper the exclusive upper bound, or null
 * @param nullsOnly true for the range of rows whose (single) column is NULL; bounds are then null
 */
public record KeyRange(List<Object> lower, List<Object> upper, boolean nullsOnly) {

  /** The range covering every key. */
  public static final KeyRange ALL = new KeyRange(null, null);

  /** The range of the rows whose column is NULL. */
  public static final KeyRange NULLS = new KeyRange(null, null, true);

  /** Compact constructor copying the bounds. */
  public KeyRange {
    lower = lower == null ? null : java.util.Collections.unmodifiableList(new ArrayList<>(lower));
    upper = upper == null ? null : java.util.Collections.unmodifiableList(new ArrayList<>(upper));
    if (nullsOnly && (lower != null || upper != null)) {
      throw new IllegalArgumentException("The NULL range has no bounds: " + lower + ", " + upper);
    }
  }

  /** The range {@code [lower, upper)}. */
  public KeyRange(List<Object> lower, List<Object> upper) {
    this(lower, upper, false);
  }

  /** The SQL predicate for this range over the key columns, or {@code 1=1} when unbounded. */
  public String predicate(Dialect dialect, List<String> keyColumns) {
    if (nullsOnly) {
      if (keyColumns.size() != 1) {
        throw new IllegalArgumentException("The NULL range is over one column: " + keyColumns);
      }
      return dialect.quote(keyColumns.get(0)) + " IS NULL";
    }
    List<String> parts = new ArrayList<>();
    if (lower != null) {
      parts.add(compare(dialect, keyColumns, ">="));
    }
    if (upper != null) {
      parts.add(compare(dialect, keyColumns, "<"));
    }
    return parts.isEmpty() ? "1=1" : String.join(" AND ", parts);
  }

  /** Binds the bounds' values from parameter {@code index}; returns the next free index. */
  public int bind(PreparedStatement ps, int index, Dialect dialect) throws SQLException {
    int i = index;
    if (lower != null) {
      i = bindBound(ps, i, dialect, lower);
    }
    if (upper != null) {
      i = bindBound(ps, i, dialect, upper);
    }
    return i;
  }

  private static String compare(Dialect dialect, List<String> keys, String op) {
    if (keys.size() == 1) {
      return dialect.quote(keys.get(0)) + " " + op + " ?";
    }
    if (dialect != Dialect.MARIADB) {
      return "(" + dialect.quoteAll(keys) + ") " + op + " (" + placeholders(keys.size()) + ")";
    }
    // MariaDB does not range-scan row constructors reliably: expand the lexicographic comparison,
    // with a leading condition on the first column so the index is used.
    String strict = op.startsWith(">") ? ">" : "<";
    StringBuilder sb = new StringBuilder("(").append(dialect.quote(keys.get(0)));
    sb.append(' ').append(strict).append("= ? AND (");
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        sb.append(" OR ");
      }
      sb.append('(');
      for (int j = 0; j < i; j++) {
        sb.append(dialect.quote(keys.get(j))).append(" = ? AND ");
      }
      boolean last = i == keys.size() - 1;
      sb.append(dialect.quote(keys.get(i))).append(' ').append(last ? op : strict).append(" ?)");
    }
    return sb.append("))").toString();
  }

  private static int bindBound(PreparedStatement ps, int index, Dialect dialect, List<Object> b)
      throws SQLException {
    int i = index;
    if (b.size() == 1 || dialect != Dialect.MARIADB) {
      for (Object v : b) {
        ps.setObject(i++, v);
      }
      return i;
    }
    ps.setObject(i++, b.get(0));
    for (int k = 0; k < b.size(); k++) {
      for (int j = 0; j <= k; j++) {
        ps.setObject(i++, b.get(j));
      }
    }
    return i;
  }

  private static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }
}
