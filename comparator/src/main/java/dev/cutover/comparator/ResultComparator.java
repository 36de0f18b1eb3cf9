package dev.cutover.comparator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Compares the result of one query as two engines returned it.
 *
 * <h2>Why the rules exist</h2>
 *
 * <p>A shadow read is only useful if a mismatch means the data differ. Two engines holding the same
 * rows still return different Java values, and every such false mismatch teaches operators to
 * ignore the report. So values are first reduced to a canonical form ({@link ValueNormalizer}) and
 * then compared under rules that forgive representation and nothing else:
 *
 * <ul>
 *   <li><b>Exact numbers by value.</b> {@code DECIMAL(12,4)} returns {@code 332.2000} where {@code
 *       numeric} returns {@code 332.2}, and an {@code INT} column comes back as Integer on one
 *       driver and Long on another; scale and width are representation, the value is data.
 *   <li><b>Floats within a tolerance.</b> Engines print, parse and sum binary floats differently,
 *       and a {@code REAL} widened to double carries noise the other side never stored; when either
 *       side is single-precision both are rounded to float first.
 *   <li><b>Time at the coarser precision.</b> {@code DATETIME} keeps seconds where {@code
 *       timestamp} keeps microseconds; the extra digits were never stored on one side, so they are
 *       truncated or rounded away (MariaDB truncates, MySQL and PostgreSQL round). Zone-less values
 *       compare as wall-clock time, zoned ones by instant, with one configured zone for MySQL's
 *       session-zone {@code TIMESTAMP}.
 *   <li><b>Booleans, padding, JSON and UUIDs by meaning.</b> {@code tinyint(1)} 1 is {@code true},
 *       {@code CHAR(10)} pads, {@code jsonb} reorders keys, a UUID may be text in any case or 16
 *       bytes.
 *   <li><b>Rows as a multiset without ORDER BY.</b> Neither engine promises an order, so order is
 *       ignored and duplicates counted; with an ORDER BY that may tie, only runs of equal keys are
 *       free to reorder.
 * </ul>
 *
 * <p>Everything else is a real difference and must still be found: {@code 332.2} vs {@code 332.21},
 * one second, NULL vs a value, a trailing space in a VARCHAR.
 *
 * <h2>How it stays fast</h2>
 *
 * <p>Normalization happens once at capture. Comparison settles a {@link ColumnPlan} per column
 * pair, then matches rows in passes keyed by a row hash: the {@code hash << 32 | row} keys of both
 * sides are sorted as primitive longs and walked together, and rows in a shared hash run are
 * matched greedily under the full rules. The first pass hashes every comparable column (floats by
 * bits, mixed-precision times truncated), so equal results need no other; leftovers get a loose
 * pass over the exact columns only (float tolerance), and a retry with times rounded instead of
 * truncated. Each pass uses one exact key because the combined time rule is not transitive, and
 * greedy matching under it could pair the wrong rows. Unmatched rows are finally paired by
 * similarity so that a changed value reads as a VALUE_DIFFERENCE in named columns rather than as a
 * missing and an extra row.
 */
public final class ResultComparator {
  /** Unmatched rows beyond this many per side are reported as missing/extra without pairing. */
  private static final int PAIRING_LIMIT = 512;

  /** The matching pass that hashes exact columns only and applies every rule. */
  private static final int LOOSE = 3;

  private ResultComparator() {}

  /** Compares the left (primary) snapshot with the right (secondary) one. */
  public static ComparisonResult compare(
      ResultSnapshot left, ResultSnapshot right, CompareOptions options) {
    String columnProblem = columnProblem(left, right);
    boolean truncated = left.truncated() || right.truncated();
    if (columnProblem != null) {
      return new ComparisonResult(
          ComparisonResult.Outcome.DIFFERENT,
          EnumSet.of(DifferenceKind.COLUMN_MISMATCH),
          List.of(),
          left.rowCount(),
          right.rowCount(),
          0,
          0,
          0,
          0,
          truncated,
          columnProblem);
    }
    if (options.mode() == CompareOptions.Mode.MULTISET && truncated) {
      return notComparable(
          left,
          right,
          true,
          (left.truncated() ? "left" : "right")
              + " snapshot truncated; an unordered result is comparable only when both are complete");
    }
    ColumnPlan[] plans = new ColumnPlan[left.columnCount()];
    for (int i = 0; i < plans.length; i++) {
      plans[i] = new ColumnPlan(i, left, right, options);
    }
    Comparison c = new Comparison(coerce(left, plans), coerce(right, plans), plans, options);
    boolean leftCut = options.limitReached(left.rowCount());
    boolean rightCut = options.limitReached(right.rowCount());
    switch (options.mode()) {
      case MULTISET:
        c.multiset(0, c.left.length, 0, c.right.length);
        if ((leftCut || rightCut || options.offset()) && !c.kinds.isEmpty()) {
          return boundaryNotComparable(left, right);
        }
        break;
      case ORDERED:
        c.ordered(left.truncated(), right.truncated());
        break;
      case ORDERED_WITH_TIES:
        c.orderedWithTies(left.truncated() || leftCut, right.truncated() || rightCut);
        int[] keys = options.orderByColumnsUnsafe();
        if (!c.kinds.isEmpty()
            && (engineDependentOrder(c.left, keys)
                || engineDependentOrder(c.right, keys)
                || looseKeys(plans, keys))) {
          return engineOrdered(left, right, plans, options, truncated || leftCut || rightCut);
        }
        if (c.comparedRows == 0 && c.kinds.isEmpty() && (c.left.length > 0 || c.right.length > 0)) {
          // Every run was cut (by the capture budget or a LIMIT inside a tie): nothing compared,
          // so nothing known.
          return notComparable(
              left,
              right,
              truncated,
              "no complete run of equal ORDER BY keys on a result cut by LIMIT or the capture"
                  + " budget: no row could be compared");
        }
        break;
      default:
        throw new IllegalStateException("Invalid mode: " + options.mode());
    }
    return c.result(truncated);
  }

  /**
   * An unordered result that a LIMIT or OFFSET may have cut differs: each engine may have picked
   * different rows, so the difference proves nothing.
   */
  private static ComparisonResult boundaryNotComparable(ResultSnapshot left, ResultSnapshot right) {
    return notComparable(
        left,
        right,
        false,
        "an unordered result cut by LIMIT or OFFSET differs; each engine may pick other rows");
  }

  /**
   * Whether two engines may put these ORDER BY keys in different orders with the same data: text
   * (each has its own collations: {@code 'Banana'} before {@code 'apple'} in C, after it in {@code
   * utf8mb4_general_ci}), UUIDs (MariaDB's type orders by its own byte layout), JSON and values of
   * no known type, and NULLs (first in MySQL and MariaDB, last in PostgreSQL).
   */
  private static boolean engineDependentOrder(NormalizedValue[][] rows, int[] keys) {
    for (NormalizedValue[] row : rows) {
      for (int k : keys) {
        switch (row[k - 1].kind()) {
          case NULL:
          case STRING:
          case UUID:
          case JSON:
          case OTHER:
            return true;
          default:
            break;
        }
      }
    }
    return false;
  }

  /**
   * Whether an ORDER BY key matches values that are not equal (a time kept at a finer precision on
   * one side, a float within its tolerance): each side then splits the same rows into runs of ties
   * its own way (MariaDB's DATETIME makes one run of 10:00:00.6 and 10:00:00.3, PostgreSQL's
   * timestamp(6) two), so a failed ordered comparison is tried again as a multiset.
   */
  private static boolean looseKeys(ColumnPlan[] plans, int[] keys) {
    for (int k : keys) {
      ColumnPlan p = plans[k - 1];
      if (!p.ignored && !p.hashable) {
        return true;
      }
    }
    return false;
  }

  /**
   * An ordered comparison that failed on keys the engines may order differently. With both results
   * complete, the rows are compared again as a multiset: a difference found then is in the data and
   * is reported as such; none means the same rows came in each engine's own order, which is not a
   * mismatch (the detail says so). A result cut by a LIMIT, an OFFSET or the capture budget may
   * hold different rows on each side for the same reason, so it is not comparable.
   */
  private static ComparisonResult engineOrdered(
      ResultSnapshot left,
      ResultSnapshot right,
      ColumnPlan[] plans,
      CompareOptions options,
      boolean cut) {
    if (cut || options.offset()) {
      return notComparable(
          left,
          right,
          left.truncated() || right.truncated(),
          "ordered by text, UUID or NULL keys, which each engine may sort its own way, and cut by"
              + " LIMIT, OFFSET or the capture budget: each side may hold other rows");
    }
    Comparison m = new Comparison(coerce(left, plans), coerce(right, plans), plans, options);
    m.multiset(0, m.left.length, 0, m.right.length);
    if (m.kinds.isEmpty()) {
      m.note =
          "; the same rows in a different order: the engines sort the ORDER BY keys differently"
              + " (text collation, UUID layout or NULL placement)";
    }
    return m.result(false);
  }

  /** Neither equal nor different, with the reason: nothing was compared that could say. */
  private static ComparisonResult notComparable(
      ResultSnapshot left, ResultSnapshot right, boolean truncated, String detail) {
    return new ComparisonResult(
        ComparisonResult.Outcome.NOT_COMPARABLE,
        Set.of(),
        List.of(),
        left.rowCount(),
        right.rowCount(),
        0,
        0,
        0,
        0,
        truncated,
        detail);
  }

  /**
   * Why the columns do not line up, or null. Labels are compared case-insensitively, except an
   * expression's between two engines: MySQL labels it by its text ({@code COUNT(*)}), PostgreSQL by
   * its function ({@code count}) or {@code ?column?}, for the same column of the same statement.
   */
  private static String columnProblem(ResultSnapshot left, ResultSnapshot right) {
    boolean same = left.columnCount() == right.columnCount();
    boolean sameEngine = left.engine() == right.engine();
    for (int i = 0; same && i < left.columnCount(); i++) {
      same =
          !sameEngine && (left.computed(i) || right.computed(i))
              || left.label(i).equalsIgnoreCase(right.label(i));
    }
    return same
        ? null
        : "columns differ: left " + left.columnLabels() + ", right " + right.columnLabels();
  }

  /** The rows with STRING/BINARY values converted where the other side is JSON or UUID. */
  private static NormalizedValue[][] coerce(ResultSnapshot snapshot, ColumnPlan[] plans) {
    NormalizedValue[][] rows = snapshot.rows();
    List<ColumnPlan> coerced = new ArrayList<>();
    for (ColumnPlan p : plans) {
      if (p.coerceTo != null && !p.ignored && snapshot.normalizer(p.index).kind() != p.coerceTo) {
        coerced.add(p);
      }
    }
    if (coerced.isEmpty()) {
      return rows;
    }
    NormalizedValue[][] copy = new NormalizedValue[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      copy[r] = rows[r].clone();
      for (ColumnPlan p : coerced) {
        copy[r][p.index] = p.coerce(copy[r][p.index]);
      }
    }
    return copy;
  }

  /** The state of one comparison: the rows, the plans and what has been found. */
  private static final class Comparison {
    final NormalizedValue[][] left;
    final NormalizedValue[][] right;
    final ColumnPlan[] plans;
    final int[] compared;
    final int[] hashed;
    final int[] strictlyHashed;
    final boolean looseDiffersFromStrict;
    final boolean mixedPrecisionTimes;
    final CompareOptions options;
    final Set<DifferenceKind> kinds = EnumSet.noneOf(DifferenceKind.class);
    final List<RowDifference> reported = new ArrayList<>();
    int comparedRows;
    int missing;
    int extra;
    int differing;
    String note = "";

    Comparison(
        NormalizedValue[][] left,
        NormalizedValue[][] right,
        ColumnPlan[] plans,
        CompareOptions options) {
      this.left = left;
      this.right = right;
      this.plans = plans;
      this.options = options;
      this.compared = Arrays.stream(plans).filter(p -> !p.ignored).mapToInt(p -> p.index).toArray();
      this.hashed = Arrays.stream(plans).filter(p -> p.hashable).mapToInt(p -> p.index).toArray();
      this.strictlyHashed =
          Arrays.stream(plans).filter(p -> p.strictlyHashable).mapToInt(p -> p.index).toArray();
      this.looseDiffersFromStrict = hashed.length != strictlyHashed.length;
      this.mixedPrecisionTimes = Arrays.stream(plans).anyMatch(p -> p.mixedPrecisionTime);
    }

    boolean rowsMatch(NormalizedValue[] l, NormalizedValue[] r) {
      return rowsMatch(l, r, ColumnPlan.EITHER);
    }

    boolean rowsMatch(NormalizedValue[] l, NormalizedValue[] r, int timeRule) {
      for (int i : compared) {
        if (!plans[i].matches(l[i], r[i], timeRule)) {
          return false;
        }
      }
      return true;
    }

    int matchingColumns(NormalizedValue[] l, NormalizedValue[] r) {
      int n = 0;
      for (int i : compared) {
        if (plans[i].matches(l[i], r[i])) {
          n++;
        }
      }
      return n;
    }

    int rowHash(NormalizedValue[] row) {
      int h = 1;
      for (int i : hashed) {
        h = 31 * h + row[i].hash;
      }
      return h;
    }

    /**
     * Compares position by position. Past the common prefix, rows of the longer side are real
     * differences only when the shorter side is complete; a truncated side just ended early.
     */
    int strictRowHash(NormalizedValue[] row, int timeRule) {
      int h = 1;
      for (int i : strictlyHashed) {
        h = 31 * h + plans[i].strictHash(row[i], timeRule);
      }
      return h;
    }

    void ordered(boolean leftTruncated, boolean rightTruncated) {
      int n = Math.min(left.length, right.length);
      comparedRows = n;
      for (int i = 0; i < n; i++) {
        if (!rowsMatch(left[i], right[i])) {
          valueDifference(i, i);
        }
      }
      if (!rightTruncated) {
        missingRange(n, left.length);
      }
      if (!leftTruncated) {
        extraRange(n, right.length);
      }
      noteRowCount(leftTruncated, rightTruncated);
    }

    /** ROW_COUNT when the counts differ in a way truncation cannot explain. */
    private void noteRowCount(boolean leftTruncated, boolean rightTruncated) {
      if (left.length > right.length && !rightTruncated
          || right.length > left.length && !leftTruncated) {
        kinds.add(DifferenceKind.ROW_COUNT);
      }
    }

    void orderedWithTies(boolean leftTruncated, boolean rightTruncated) {
      int[] keys = options.orderByColumnsUnsafe();
      for (int k : keys) {
        if (k > plans.length) {
          throw new IllegalArgumentException(
              "orderByColumns: " + k + " (expected: 1 to " + plans.length + ")");
        }
      }
      int[] lg = groupStarts(left, keys, leftTruncated);
      int[] rg = groupStarts(right, keys, rightTruncated);
      int lEnd = lg[lg.length - 1];
      int rEnd = rg[rg.length - 1];
      int nl = lg.length - 1;
      int nr = rg.length - 1;
      // After an OFFSET the first run may be the tail of a tie group split differently per side.
      int i = options.offset() && nl > 0 ? 1 : 0;
      int j = options.offset() && nr > 0 ? 1 : 0;
      while (i < nl && j < nr) {
        if (!sameKeys(left[lg[i]], right[rg[j]], keys)) {
          if (j + 1 < nr && sameKeys(left[lg[i]], right[rg[j + 1]], keys)) {
            extraRange(rg[j], rg[j + 1]);
            j++;
            continue;
          }
          if (i + 1 < nl && sameKeys(left[lg[i + 1]], right[rg[j]], keys)) {
            missingRange(lg[i], lg[i + 1]);
            i++;
            continue;
          }
        }
        multiset(lg[i], lg[i + 1], rg[j], rg[j + 1]);
        i++;
        j++;
      }
      if (i < nl && !rightTruncated) {
        missingRange(lg[i], lEnd);
      }
      if (j < nr && !leftTruncated) {
        extraRange(rg[j], rEnd);
      }
      noteRowCount(leftTruncated, rightTruncated);
    }

    /** Start of each run of equal ORDER BY keys, plus the end; a truncated side loses its last. */
    private int[] groupStarts(NormalizedValue[][] rows, int[] keys, boolean truncated) {
      int[] starts = new int[rows.length + 1];
      int n = 0;
      for (int r = 0; r < rows.length; r++) {
        if (r == 0 || !sameKeysWithin(rows[r - 1], rows[r], keys)) {
          starts[n++] = r;
        }
      }
      if (truncated && n > 0) {
        // The last run may continue past the cut, so its start becomes the end.
        n--;
      } else {
        starts[n] = rows.length;
      }
      return Arrays.copyOf(starts, n + 1);
    }

    private boolean sameKeysWithin(NormalizedValue[] a, NormalizedValue[] b, int[] keys) {
      for (int k : keys) {
        if (!a[k - 1].equals(b[k - 1])) {
          return false;
        }
      }
      return true;
    }

    private boolean sameKeys(NormalizedValue[] l, NormalizedValue[] r, int[] keys) {
      for (int k : keys) {
        if (!plans[k - 1].matches(l[k - 1], r[k - 1])) {
          return false;
        }
      }
      return true;
    }

    private void missingRange(int from, int to) {
      for (int r = from; r < to; r++) {
        missing(r);
      }
    }

    private void extraRange(int from, int to) {
      for (int r = from; r < to; r++) {
        extra(r);
      }
    }

    /**
     * Matches rows {@code [lFrom, lTo)} with {@code [rFrom, rTo)} ignoring order. A strict pass
     * hashes every comparable column (floats by bits, mixed-precision times brought to the coarser
     * precision) so nearly all equal rows pair in linear time; a loose pass over the leftovers
     * hashes the exact columns only and catches values equal within a float tolerance. Times are
     * brought to the coarser precision by truncation (as MariaDB stores them) and, when that leaves
     * rows over, by rounding (as MySQL and PostgreSQL do): each rule is an exact key, so greedy
     * matching under it cannot pair the wrong rows, while a mix of both could.
     */
    void multiset(int lFrom, int lTo, int rFrom, int rTo) {
      comparedRows += Math.max(lTo - lFrom, rTo - rFrom);
      IntList[] best = attempt(lFrom, lTo, rFrom, rTo, ColumnPlan.TRUNCATED);
      if (mixedPrecisionTimes && best[0].size + best[1].size > 0) {
        IntList[] rounded = attempt(lFrom, lTo, rFrom, rTo, ColumnPlan.ROUNDED);
        if (rounded[0].size + rounded[1].size < best[0].size + best[1].size) {
          best = rounded;
        }
      }
      pair(best[0], best[1]);
    }

    /** The left and right rows a strict pass under {@code timeRule} and a loose pass leave over. */
    private IntList[] attempt(int lFrom, int lTo, int rFrom, int rTo, int timeRule) {
      IntList unmatchedLeft = new IntList();
      IntList unmatchedRight = new IntList();
      match(
          IntList.range(lFrom, lTo),
          IntList.range(rFrom, rTo),
          timeRule,
          unmatchedLeft,
          unmatchedRight);
      if (looseDiffersFromStrict && unmatchedLeft.size > 0 && unmatchedRight.size > 0) {
        IntList stillLeft = new IntList();
        IntList stillRight = new IntList();
        match(unmatchedLeft, unmatchedRight, LOOSE, stillLeft, stillRight);
        unmatchedLeft = stillLeft;
        unmatchedRight = stillRight;
      }
      return new IntList[] {unmatchedLeft, unmatchedRight};
    }

    /** One matching pass: {@code pass} is LOOSE or the time rule of a strict pass. */
    private void match(
        IntList leftRows,
        IntList rightRows,
        int pass,
        IntList unmatchedLeft,
        IntList unmatchedRight) {
      int nl = leftRows.size;
      int nr = rightRows.size;
      int timeRule = pass == LOOSE ? ColumnPlan.EITHER : pass;
      long[] lk = keys(left, leftRows, pass);
      long[] rk = keys(right, rightRows, pass);
      boolean[] rightUsed = new boolean[nr];
      int i = 0;
      int j = 0;
      while (i < nl || j < nr) {
        int hl = i < nl ? (int) (lk[i] >> 32) : 0;
        int hr = j < nr ? (int) (rk[j] >> 32) : 0;
        if (j >= nr || i < nl && hl < hr) {
          for (; i < nl && (int) (lk[i] >> 32) == hl; i++) {
            unmatchedLeft.add((int) lk[i]);
          }
        } else if (i >= nl || hl > hr) {
          for (; j < nr && (int) (rk[j] >> 32) == hr; j++) {
            unmatchedRight.add((int) rk[j]);
          }
        } else {
          int i2 = runEnd(lk, i);
          int j2 = runEnd(rk, j);
          int firstFree = j;
          for (int a = i; a < i2; a++) {
            NormalizedValue[] row = left[(int) lk[a]];
            boolean found = false;
            for (int b = firstFree; b < j2; b++) {
              if (!rightUsed[b] && rowsMatch(row, right[(int) rk[b]], timeRule)) {
                rightUsed[b] = true;
                found = true;
                break;
              }
            }
            while (firstFree < j2 && rightUsed[firstFree]) {
              firstFree++;
            }
            if (!found) {
              unmatchedLeft.add((int) lk[a]);
            }
          }
          for (int b = j; b < j2; b++) {
            if (!rightUsed[b]) {
              unmatchedRight.add((int) rk[b]);
            }
          }
          i = i2;
          j = j2;
        }
      }
    }

    private long[] keys(NormalizedValue[][] rows, IntList indexes, int pass) {
      long[] keys = new long[indexes.size];
      for (int k = 0; k < indexes.size; k++) {
        int r = indexes.values[k];
        int h = pass == LOOSE ? rowHash(rows[r]) : strictRowHash(rows[r], pass);
        keys[k] = ((long) h << 32) | r;
      }
      Arrays.sort(keys);
      return keys;
    }

    private static int runEnd(long[] keys, int from) {
      int h = (int) (keys[from] >> 32);
      int end = from + 1;
      while (end < keys.length && (int) (keys[end] >> 32) == h) {
        end++;
      }
      return end;
    }

    /**
     * Pairs each unmatched left row with the unmatched right row sharing the most column values (at
     * least half), so that a changed value is reported as one VALUE_DIFFERENCE naming the columns;
     * the rest are missing or extra rows.
     */
    private void pair(IntList unmatchedLeft, IntList unmatchedRight) {
      if (unmatchedLeft.size == 1 && unmatchedRight.size == 1) {
        valueDifference(unmatchedLeft.values[0], unmatchedRight.values[0]);
        return;
      }
      int nl = Math.min(unmatchedLeft.size, PAIRING_LIMIT);
      int nr = Math.min(unmatchedRight.size, PAIRING_LIMIT);
      boolean[] paired = new boolean[unmatchedRight.size];
      for (int a = 0; a < unmatchedLeft.size; a++) {
        int l = unmatchedLeft.values[a];
        int best = -1;
        int bestScore = 0;
        for (int b = 0; a < nl && b < nr; b++) {
          if (!paired[b]) {
            int score = matchingColumns(left[l], right[unmatchedRight.values[b]]);
            if (score > bestScore) {
              best = b;
              bestScore = score;
            }
          }
        }
        if (best >= 0 && bestScore * 2 >= compared.length) {
          paired[best] = true;
          valueDifference(l, unmatchedRight.values[best]);
        } else {
          missing(l);
        }
      }
      for (int b = 0; b < unmatchedRight.size; b++) {
        if (!paired[b]) {
          extra(unmatchedRight.values[b]);
        }
      }
    }

    private void valueDifference(int l, int r) {
      differing++;
      kinds.add(DifferenceKind.VALUE_DIFFERENCE);
      if (reported.size() < options.maxReportedRows()) {
        List<ColumnDifference> columns = new ArrayList<>();
        for (int i : compared) {
          if (!plans[i].matches(left[l][i], right[r][i])) {
            columns.add(
                new ColumnDifference(
                    i, plans[i].label, left[l][i].toString(), right[r][i].toString()));
          }
        }
        reported.add(
            new RowDifference(
                DifferenceKind.VALUE_DIFFERENCE,
                l,
                r,
                columns,
                readable(left[l]),
                readable(right[r])));
      }
    }

    private void missing(int l) {
      missing++;
      kinds.add(DifferenceKind.MISSING_ROWS);
      if (reported.size() < options.maxReportedRows()) {
        reported.add(
            new RowDifference(
                DifferenceKind.MISSING_ROWS, l, -1, List.of(), readable(left[l]), List.of()));
      }
    }

    private void extra(int r) {
      extra++;
      kinds.add(DifferenceKind.EXTRA_ROWS);
      if (reported.size() < options.maxReportedRows()) {
        reported.add(
            new RowDifference(
                DifferenceKind.EXTRA_ROWS, -1, r, List.of(), List.of(), readable(right[r])));
      }
    }

    private static List<String> readable(NormalizedValue[] row) {
      List<String> out = new ArrayList<>(row.length);
      for (NormalizedValue v : row) {
        out.add(v.toString());
      }
      return out;
    }

    ComparisonResult result(boolean truncated) {
      boolean equal = kinds.isEmpty();
      String detail =
          "left "
              + left.length
              + " rows, right "
              + right.length
              + " rows, compared "
              + comparedRows
              + (truncated ? " (common prefix of a truncated result)" : "")
              + "; "
              + missing
              + " missing, "
              + extra
              + " extra, "
              + differing
              + " differing"
              + note;
      return new ComparisonResult(
          equal ? ComparisonResult.Outcome.EQUAL : ComparisonResult.Outcome.DIFFERENT,
          kinds,
          reported,
          left.length,
          right.length,
          comparedRows,
          missing,
          extra,
          differing,
          truncated,
          detail);
    }
  }

  /** A growable list of ints without boxing. */
  private static final class IntList {
    int[] values = new int[8];
    int size;

    static IntList range(int from, int to) {
      IntList list = new IntList();
      list.values = new int[Math.max(1, to - from)];
      for (int i = from; i < to; i++) {
        list.values[list.size++] = i;
      }
      return list;
    }

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }
  }
}
