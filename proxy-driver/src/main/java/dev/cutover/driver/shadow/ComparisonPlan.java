package dev.cutover.driver.shadow;

import dev.cutover.comparator.CompareOptions;
import dev.cutover.comparator.NormalizedValue;
import dev.cutover.comparator.ResultSnapshot;
import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.sql.Analysis;
import dev.cutover.driver.sql.Dialect;
import dev.cutover.driver.sql.OrderBy;
import dev.cutover.driver.sql.UnorderedLists;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the reads of one statement shape are compared: the row order its ORDER BY promises, the row
 * bounds of its LIMIT and OFFSET, and the ignored columns, float tolerance and time precision the
 * configuration gives its tables and its fingerprint. Built on a shadow thread, once per
 * fingerprint (see {@link ComparisonPlans}); the application's thread never parses an ORDER BY.
 *
 * <h2>Order without false mismatches</h2>
 *
 * <p>An ORDER BY fixes the order of rows only up to ties: rows equal in the order keys may come in
 * any order, and two engines (or one engine twice) return them differently. So a read with an ORDER
 * BY is compared {@link CompareOptions.Mode#ORDERED_WITH_TIES ordered with ties}: the order keys
 * are mapped to result columns by their labels (a name or alias, {@code t.col} by its column name,
 * an ordinal), and runs of rows with equal keys are compared as multisets.
 *
 * <p>A key that maps to no result column (an expression, a column not selected) hides ties the
 * comparison cannot see, so only the keys before it are used, and with none the rows are compared
 * as a multiset; both count as an unmapped order. The mapping is also checked against the data:
 * when rows with equal keys are not adjacent on either side (a label that names another column than
 * the ORDER BY meant, or a case-insensitive collation tying {@code 'a'} and {@code 'A'}), the keys
 * do not describe the order and the rows are compared as a multiset. A multiset comparison cannot
 * report a false mismatch for any order.
 *
 * <p>A LIMIT (or FETCH FIRST) may end inside a run of ties and an OFFSET start inside one, where
 * each engine picks different rows; the comparator leaves such runs out (see {@link
 * CompareOptions.Builder#limit}). {@code FETCH ... WITH TIES} returns whole runs and needs neither.
 *
 * <p>A {@code GROUP_CONCAT} without ORDER BY in the select list joins its group's values in the
 * order each engine read them; such a column is compared by its elements ({@link UnorderedLists}).
 */
final class ComparisonPlan {
  final String sql;
  private final OrderBy orderBy;
  private final List<String> ignored;
  private final CompareOptions.Tolerance tolerance;
  private final int timeDigits;
  private final List<UnorderedLists.Column> lists;

  private ComparisonPlan(
      String sql,
      OrderBy orderBy,
      List<UnorderedLists.Column> lists,
      List<String> ignored,
      CompareOptions.Tolerance tolerance,
      int timeDigits) {
    this.sql = sql;
    this.orderBy = orderBy;
    this.lists = List.copyOf(lists);
    this.ignored = List.copyOf(ignored);
    this.tolerance = tolerance;
    this.timeDigits = timeDigits;
  }

  /** The plan of a statement from its text and the configuration's table and fingerprint rules. */
  static ComparisonPlan of(
      Analysis a, String sql, Dialect dialect, MigrationConfig.ShadowConfig settings) {
    OrderBy orderBy = OrderBy.of(sql, dialect);
    List<String> ignored = new ArrayList<>();
    for (String table : a.tables()) {
      List<String> columns = settings.ignoreColumns().get(table.toLowerCase(Locale.ROOT));
      if (columns != null) {
        ignored.addAll(columns);
      }
    }
    CompareOptions.Tolerance tolerance = null;
    int timeDigits = -1;
    if (settings.hasFingerprintRules()) {
      String id = ShadowReads.fingerprintId(a);
      List<String> columns = settings.fingerprintIgnoreColumns().get(id);
      if (columns != null) {
        ignored.addAll(columns);
      }
      Double relative = settings.fingerprintRelativeTolerances().get(id);
      Integer ulps = settings.fingerprintUlpTolerances().get(id);
      if (relative != null || ulps != null) {
        tolerance =
            new CompareOptions.Tolerance(
                relative != null ? relative : CompareOptions.DEFAULT_TOLERANCE.relative(),
                ulps != null ? ulps : CompareOptions.DEFAULT_TOLERANCE.ulps());
      }
      timeDigits = settings.fingerprintTimePrecisions().getOrDefault(id, -1);
    }
    return new ComparisonPlan(
        sql, orderBy, UnorderedLists.of(sql, dialect), ignored, tolerance, timeDigits);
  }

  /**
   * True when the plan depends on literals a fingerprint erases: a LIMIT, OFFSET or FETCH, or an
   * ORDER BY item that holds one ({@code ORDER BY 2} and {@code ORDER BY 1} share a fingerprint but
   * not an order), or a GROUP_CONCAT's SEPARATOR literal. Such a plan is good only for the text it
   * was built from.
   */
  boolean textDependent() {
    return orderBy.bounded() || orderBy.literalItems() || !lists.isEmpty();
  }

  /** The result of settling a comparison's options: the options, and whether order was unmapped. */
  record Settled(CompareOptions options, boolean orderUnmapped) {}

  /**
   * The options to compare {@code primary} with {@code secondary}; {@code parameters} give a LIMIT
   * bound to a parameter (null for a plain statement).
   */
  Settled settle(ResultSnapshot primary, ResultSnapshot secondary, ShadowParameters parameters) {
    CompareOptions.Builder b = CompareOptions.builder();
    boolean unmapped = false;
    List<OrderBy.Item> items = orderBy.items();
    if (items.isEmpty()) {
      b.unordered();
    } else {
      int[] keys = keyPositions(items, primary.columnLabels());
      unmapped = keys.length < items.size();
      if (keys.length > 0 && runsAdjacent(primary, keys) && runsAdjacent(secondary, keys)) {
        b.orderedWithTies(keys);
      } else {
        b.unordered();
        unmapped = true;
      }
    }
    if (orderBy.limited() && !orderBy.withTies()) {
      long limit = limit(parameters);
      if (limit != 0) {
        // Unknown (a parameter not captured): every non-empty side may have been cut.
        b.limit(limit < 0 ? 1 : limit);
      }
    }
    b.offset(orderBy.offset());
    for (UnorderedLists.Column list : lists) {
      if (list.position() <= primary.columnCount()) {
        b.unorderedList(list.position(), list.separator());
      }
    }
    ignored.forEach(b::ignoreColumn);
    if (tolerance != null) {
      b.tolerance(tolerance);
    }
    b.timeDigits(timeDigits);
    return new Settled(b.build(), unmapped);
  }

  private long limit(ShadowParameters parameters) {
    if (orderBy.limit() >= 0) {
      return orderBy.limit();
    }
    int index = orderBy.limitParameter();
    if (parameters == null || index < 0) {
      return -1;
    }
    try {
      List<Object> values = parameters.display();
      Object v = index < values.size() ? values.get(index) : null;
      return v == null ? -1 : Long.parseLong(v.toString().trim());
    } catch (RuntimeException notANumber) {
      return -1;
    }
  }

  /** The 1-based result positions of the leading ORDER BY items that map to a result column. */
  static int[] keyPositions(List<OrderBy.Item> items, List<String> labels) {
    int[] keys = new int[items.size()];
    int n = 0;
    for (OrderBy.Item item : items) {
      int position = position(item, labels);
      if (position <= 0) {
        break;
      }
      keys[n++] = position;
    }
    return Arrays.copyOf(keys, n);
  }

  private static int position(OrderBy.Item item, List<String> labels) {
    if (item.ordinal() > 0) {
      return item.ordinal() <= labels.size() ? item.ordinal() : 0;
    }
    if (item.column() == null) {
      return 0;
    }
    int found = 0;
    for (int i = 0; i < labels.size(); i++) {
      if (labels.get(i).equalsIgnoreCase(item.column())) {
        if (found != 0) {
          // Two result columns with that label: which one the ORDER BY meant is unknown.
          return 0;
        }
        found = i + 1;
      }
    }
    return found;
  }

  /** True when rows with equal keys are adjacent, as they are in a result ordered by the keys. */
  static boolean runsAdjacent(ResultSnapshot snapshot, int[] keys) {
    Set<List<NormalizedValue>> ended = new HashSet<>();
    List<NormalizedValue> current = null;
    for (int r = 0; r < snapshot.rowCount(); r++) {
      List<NormalizedValue> row = snapshot.row(r);
      List<NormalizedValue> key = new ArrayList<>(keys.length);
      for (int k : keys) {
        key.add(row.get(k - 1));
      }
      if (!key.equals(current)) {
        if (current != null) {
          ended.add(current);
        }
        if (ended.contains(key)) {
          return false;
        }
        current = key;
      }
    }
    return true;
  }
}
