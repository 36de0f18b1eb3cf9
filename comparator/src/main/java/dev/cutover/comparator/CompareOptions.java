package dev.cutover.comparator;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** How {@link ResultComparator} compares two snapshots: row order, ignored columns, tolerances. */
public final class CompareOptions {

  /** How row order is treated. */
  public enum Mode {
    /** No ORDER BY: rows are matched as a multiset, order ignored, duplicates counted. */
    MULTISET,
    /** A total ORDER BY: rows are compared position by position. */
    ORDERED,
    /** An ORDER BY that may tie: runs of rows equal in the order keys are compared as multisets. */
    ORDERED_WITH_TIES
  }

  /**
   * How close two floating-point values must be: equal when within {@code relative} of the larger
   * magnitude or within {@code ulps} units in the last place (of float when either side is
   * single-precision).
   *
   * @param relative the relative tolerance, 0 or more
   * @param ulps the tolerance in units in the last place, 0 or more
   */
  public record Tolerance(double relative, int ulps) {
    /** Validates the tolerance. */
    public Tolerance {
      if (!(relative >= 0) || Double.isInfinite(relative)) {
        throw new IllegalArgumentException(
            "tolerance.relative: " + relative + " (expected: a finite number, 0 or more)");
      }
      if (ulps < 0) {
        throw new IllegalArgumentException("tolerance.ulps: " + ulps + " (expected: 0 or more)");
      }
    }
  }

  /** The default float tolerance: a relative 1e-9 or 4 ULPs. */
  public static final Tolerance DEFAULT_TOLERANCE = new Tolerance(1e-9, 4);

  /** Multiset comparison with default tolerance and ten reported rows. */
  public static final CompareOptions DEFAULTS = builder().build();

  private final Mode mode;
  private final int[] orderByColumns;
  private final Set<String> ignored;
  private final Tolerance tolerance;
  private final Map<String, Tolerance> columnTolerances;
  private final boolean ignoreTrailingWhitespace;
  private final int maxReportedRows;
  private final long limit;
  private final boolean offset;
  private final int timeDigits;
  private final Map<Integer, String> unorderedLists;

  private CompareOptions(Builder b) {
    this.mode = b.mode;
    this.orderByColumns = b.orderByColumns.clone();
    this.ignored = Set.copyOf(b.ignored);
    this.tolerance = b.tolerance;
    this.columnTolerances = Map.copyOf(b.columnTolerances);
    this.ignoreTrailingWhitespace = b.ignoreTrailingWhitespace;
    this.maxReportedRows = b.maxReportedRows;
    this.limit = b.limit;
    this.offset = b.offset;
    this.timeDigits = b.timeDigits;
    this.unorderedLists = Map.copyOf(b.unorderedLists);
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The row-order mode. */
  public Mode mode() {
    return mode;
  }

  /** The 1-based ORDER BY column positions for {@link Mode#ORDERED_WITH_TIES}. */
  public int[] orderByColumns() {
    return orderByColumns.clone();
  }

  /** True when the column with this label is left out of the comparison. */
  public boolean ignores(String label) {
    return ignored.contains(key(label));
  }

  /** The float tolerance of the column with this label. */
  public Tolerance toleranceFor(String label) {
    return columnTolerances.getOrDefault(key(label), tolerance);
  }

  /** True when trailing whitespace of strings is not significant. */
  public boolean ignoreTrailingWhitespace() {
    return ignoreTrailingWhitespace;
  }

  /** The most differing rows a result lists. */
  public int maxReportedRows() {
    return maxReportedRows;
  }

  /** The statement's row limit (LIMIT, FETCH FIRST), or 0 for none. */
  public long limit() {
    return limit;
  }

  /** Whether the statement skips rows with an OFFSET. */
  public boolean offset() {
    return offset;
  }

  /**
   * The fractional-second digits at which times and timestamps are compared at most, or -1 to
   * compare at the precision both columns keep.
   */
  public int timeDigits() {
    return timeDigits;
  }

  /**
   * The separator of the column at this 1-based position when it holds a list whose order the
   * statement leaves to the engine (see {@link Builder#unorderedList}), else null.
   */
  public String listSeparator(int position) {
    return unorderedLists.get(position);
  }

  /** True when a side with this many rows may have been cut by the statement's LIMIT. */
  boolean limitReached(int rows) {
    return limit > 0 && rows >= limit;
  }

  int[] orderByColumnsUnsafe() {
    return orderByColumns;
  }

  private static String key(String label) {
    return label.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "CompareOptions[mode="
        + mode
        + (orderByColumns.length > 0 ? ", orderBy=" + Arrays.toString(orderByColumns) : "")
        + ", ignored="
        + ignored
        + ", tolerance="
        + tolerance
        + ", columnTolerances="
        + columnTolerances
        + ", ignoreTrailingWhitespace="
        + ignoreTrailingWhitespace
        + ", maxReportedRows="
        + maxReportedRows
        + (limit > 0 ? ", limit=" + limit : "")
        + (offset ? ", offset" : "")
        + (timeDigits >= 0 ? ", timeDigits=" + timeDigits : "")
        + (unorderedLists.isEmpty() ? "" : ", unorderedLists=" + unorderedLists)
        + "]";
  }

  /** Builds {@link CompareOptions}; labels are matched case-insensitively. */
  public static final class Builder {
    private Mode mode = Mode.MULTISET;
    private int[] orderByColumns = new int[0];
    private final Set<String> ignored = new HashSet<>();
    private Tolerance tolerance = DEFAULT_TOLERANCE;
    private final Map<String, Tolerance> columnTolerances = new HashMap<>();
    private boolean ignoreTrailingWhitespace;
    private int maxReportedRows = 10;
    private long limit;
    private boolean offset;
    private int timeDigits = -1;
    private final Map<Integer, String> unorderedLists = new HashMap<>();

    private Builder() {}

    /** Rows compared as a multiset (the statement has no ORDER BY); the default. */
    public Builder unordered() {
      mode = Mode.MULTISET;
      orderByColumns = new int[0];
      return this;
    }

    /** Rows compared by position (the statement's ORDER BY is total). */
    public Builder ordered() {
      mode = Mode.ORDERED;
      orderByColumns = new int[0];
      return this;
    }

    /** Rows ordered by these 1-based columns, ties compared as multisets. */
    public Builder orderedWithTies(int... orderByColumnPositions) {
      if (orderByColumnPositions.length == 0) {
        throw new IllegalArgumentException("orderByColumns: [] (expected: at least one position)");
      }
      for (int p : orderByColumnPositions) {
        if (p < 1) {
          throw new IllegalArgumentException(
              "orderByColumns: " + p + " (expected: 1-based column positions)");
        }
      }
      mode = Mode.ORDERED_WITH_TIES;
      orderByColumns = orderByColumnPositions.clone();
      return this;
    }

    /** Leaves the column with this label out of the comparison (for NOW(), random ids). */
    public Builder ignoreColumn(String label) {
      ignored.add(key(label));
      return this;
    }

    /** The float tolerance for all columns without an override. */
    public Builder tolerance(Tolerance value) {
      tolerance = java.util.Objects.requireNonNull(value, "tolerance");
      return this;
    }

    /** The float tolerance for the column with this label. */
    public Builder tolerance(String label, Tolerance value) {
      columnTolerances.put(key(label), java.util.Objects.requireNonNull(value, "tolerance"));
      return this;
    }

    /** Whether trailing whitespace of strings is ignored (default false: significant). */
    public Builder ignoreTrailingWhitespace(boolean value) {
      ignoreTrailingWhitespace = value;
      return this;
    }

    /** The most differing rows a result lists (default 10). */
    public Builder maxReportedRows(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("maxReportedRows: " + value + " (expected: 0 or more)");
      }
      maxReportedRows = value;
      return this;
    }

    /**
     * The statement's LIMIT or FETCH FIRST row count. A side that returned that many rows may have
     * been cut inside a run of rows the ORDER BY does not order (ties, or every row without ORDER
     * BY), where each engine may pick different rows: with ties its last run is left out, as for a
     * truncated side; unordered, a difference is NOT_COMPARABLE rather than DIFFERENT (equal
     * results are still EQUAL). Use 1 when the count is unknown.
     */
    public Builder limit(long rows) {
      if (rows < 0) {
        throw new IllegalArgumentException("limit: " + rows + " (expected: 0 or more rows)");
      }
      limit = rows;
      return this;
    }

    /**
     * Whether the statement skips rows with an OFFSET, so the first run of ties may start inside a
     * tie group whose rows each engine splits differently: with ties the first run is left out;
     * unordered, a difference is NOT_COMPARABLE.
     */
    public Builder offset(boolean value) {
      offset = value;
      return this;
    }

    /**
     * Compares times and timestamps at no more than {@code digits} fractional-second digits (0 to
     * the second), both sides truncated or both rounded half-up, for values one engine computes
     * more finely than the other keeps them (an expression, a column of a finer type on one side);
     * -1, the default, compares at the precision the columns declare.
     */
    public Builder timeDigits(int digits) {
      if (digits < -1 || digits > 9) {
        throw new IllegalArgumentException("timeDigits: " + digits + " (expected: -1 to 9)");
      }
      timeDigits = digits;
      return this;
    }

    /**
     * The text column at this 1-based position joins list elements with {@code separator} in an
     * order the statement leaves to the engine (MySQL's {@code GROUP_CONCAT} without {@code ORDER
     * BY}): two values match when they hold the same elements, counted, in any order. Both must be
     * text; any other value is compared as usual. The column is left out of the row hashes.
     */
    public Builder unorderedList(int position, String separator) {
      if (position < 1) {
        throw new IllegalArgumentException(
            "unorderedList: " + position + " (expected: a 1-based column position)");
      }
      if (separator == null || separator.isEmpty()) {
        throw new IllegalArgumentException("unorderedList: an empty separator splits nothing");
      }
      unorderedLists.put(position, separator);
      return this;
    }

    /** The options. */
    public CompareOptions build() {
      return new CompareOptions(this);
    }
  }
}
