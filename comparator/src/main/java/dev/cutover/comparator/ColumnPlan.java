package dev.cutover.comparator;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * How one column pair is compared, settled once per comparison from both sides' column rules and
 * the options, so that the per-value check is a switch over longs and canonical objects.
 */
final class ColumnPlan {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long[] UNIT_NANOS = {
    1_000_000_000L, 100_000_000L, 10_000_000L, 1_000_000L, 100_000L, 10_000L, 1_000L, 100L, 10L, 1L
  };

  final int index;
  final String label;
  final boolean ignored;
  final boolean hashable;

  /** Whether the column enters the strict first-pass hash (equal bits, floored times). */
  final boolean strictlyHashable;

  /** Nanoseconds of the coarser side's precision, for flooring mixed-precision times. */
  final long coarseUnitNanos;

  /** True for a time column whose two sides keep different fractional precision. */
  final boolean mixedPrecisionTime;

  /** Time rule: the finer value truncated or rounded to the coarser precision may match. */
  static final int EITHER = 0;

  /** Time rule: only the finer value truncated to the coarser precision may match. */
  static final int TRUNCATED = 1;

  /** Time rule: only the finer value rounded half-up to the coarser precision may match. */
  static final int ROUNDED = 2;

  final boolean singlePrecision;

  /** Significant digits both float values are rounded to first, 0 for none. */
  final int significantDigits;

  final CompareOptions.Tolerance tolerance;
  final boolean ignoreTrailingWhitespace;
  final int leftDigits;
  final int rightDigits;

  /** True when {@link CompareOptions#timeDigits()} is below a side's precision: both coarsened. */
  final boolean capped;

  final ZoneId leftZone;
  final ZoneId rightZone;

  /** When not null, values of this kind on one side are converted to it before comparing. */
  final NormalizedValue.Kind coerceTo;

  /**
   * True for a multi-bit BIT column against a binary one (a BIT(n) moved to bytea): the bytes are
   * compared as the unsigned number the BIT side's bits were normalized to.
   */
  final boolean bitsAgainstBinary;

  /**
   * The scale both values are rounded to (half up) before they are compared, or -1: MySQL's
   * computed decimal (an AVG, a division, rounded to its scale) against PostgreSQL's unconstrained
   * numeric, which keeps more digits of the same value. Only a PostgreSQL value with a quotient's
   * digits is rounded ({@link NormalizedValue#carriesQuotientDigits}): MIN, SUM, d * 1 are exact in
   * both engines, and a stored 1.2549 against MySQL's 1.25 is a difference in the data.
   */
  final int decimalScale;

  /** True when the PostgreSQL numeric of a {@link #decimalScale} pair is the left side. */
  final boolean numericOnLeft;

  /**
   * Decimals a side's computed float was rounded to when sent (MariaDB's PI(), STDDEV_POP), or 0:
   * floats also match when within half a unit of that last decimal of each other.
   */
  final int fixedDecimals;

  /** Half a unit in the {@link #fixedDecimals}th decimal. */
  private final double halfUnit;

  /**
   * True for a MySQL TINYINT(1) against a real boolean (PostgreSQL's boolean, a BIT(1)): an integer
   * other than 0 and 1 on the TINYINT side is true, as MySQL and a tinyint-to-boolean migration
   * take it.
   */
  final boolean truthyIntegers;

  /**
   * The separator of a text column holding a list in an order the engine chose (GROUP_CONCAT
   * without ORDER BY), or null: its values match when they hold the same elements in any order.
   */
  final String listSeparator;

  ColumnPlan(int index, ResultSnapshot left, ResultSnapshot right, CompareOptions options) {
    ValueNormalizer l = left.normalizer(index);
    ValueNormalizer r = right.normalizer(index);
    this.index = index;
    this.label = left.label(index);
    this.ignored = options.ignores(label) || options.ignores(right.label(index));
    this.singlePrecision = l.singlePrecision() || r.singlePrecision();
    this.significantDigits = coarser(l.significantDigits(), r.significantDigits());
    this.tolerance = options.toleranceFor(label);
    this.ignoreTrailingWhitespace = options.ignoreTrailingWhitespace();
    int cap = options.timeDigits();
    this.capped = cap >= 0 && Math.max(l.fractionDigits(), r.fractionDigits()) > cap;
    this.leftDigits = capped ? Math.min(l.fractionDigits(), cap) : l.fractionDigits();
    this.rightDigits = capped ? Math.min(r.fractionDigits(), cap) : r.fractionDigits();
    this.leftZone = left.options().zone();
    this.rightZone = right.options().zone();
    this.coerceTo = coercion(l, r);
    this.bitsAgainstBinary =
        l.bitString() && r.kind() == NormalizedValue.Kind.BINARY
            || r.bitString() && l.kind() == NormalizedValue.Kind.BINARY;
    this.decimalScale =
        l.computedScale() >= 0 && r.unconstrainedDecimal()
            ? l.computedScale()
            : r.computedScale() >= 0 && l.unconstrainedDecimal() ? r.computedScale() : -1;
    this.numericOnLeft = decimalScale >= 0 && l.unconstrainedDecimal();
    this.fixedDecimals = coarser(l.fixedDecimals(), r.fixedDecimals());
    this.halfUnit = fixedDecimals > 0 ? 0.5 / Math.pow(10, fixedDecimals) : 0;
    this.truthyIntegers =
        l.tinyintBoolean() && realBoolean(r) || r.tinyintBoolean() && realBoolean(l);
    this.listSeparator = options.listSeparator(index + 1);
    NormalizedValue.Kind effective = coerceTo != null ? coerceTo : l.kind();
    boolean sameKind =
        decimalScale < 0 && (coerceTo != null || family(l.kind()) == family(r.kind()));
    boolean temporal =
        effective == NormalizedValue.Kind.TIME
            || effective == NormalizedValue.Kind.LOCAL_DATE_TIME
            || effective == NormalizedValue.Kind.INSTANT;
    // 2 and true match without being equal, and so do '1,2' and '2,1' in an unordered list:
    // such a column is left to the per-value check.
    this.strictlyHashable = !ignored && sameKind && !truthyIntegers && listSeparator == null;
    boolean coarsened = leftDigits != rightDigits || capped;
    this.mixedPrecisionTime = strictlyHashable && temporal && coarsened;
    this.coarseUnitNanos = UNIT_NANOS[Math.min(leftDigits, rightDigits)];
    this.hashable =
        !ignored
            && sameKind
            && effective != NormalizedValue.Kind.FLOAT
            && !(temporal && coarsened)
            && !truthyIntegers
            && listSeparator == null;
  }

  private static boolean realBoolean(ValueNormalizer n) {
    return n.kind() == NormalizedValue.Kind.BOOLEAN && !n.tinyintBoolean();
  }

  /** INTEGER and DECIMAL columns hold the same canonical values; every other kind is its own. */
  private static NormalizedValue.Kind family(NormalizedValue.Kind k) {
    return k == NormalizedValue.Kind.DECIMAL ? NormalizedValue.Kind.INTEGER : k;
  }

  private static int coarser(int a, int b) {
    return a == 0 ? b : b == 0 ? a : Math.min(a, b);
  }

  /**
   * The common kind a text column is read as when the other side is JSON, and an array column when
   * the other side is text (a MariaDB SET, 'a,b', moved to an array, '{a,b}', as pgloader does):
   * parsing is too costly to repeat per comparison, so it happens once per comparison run. UUIDs
   * need no conversion: text and bytes are checked against the UUID's bits in place.
   */
  private static NormalizedValue.Kind coercion(ValueNormalizer ln, ValueNormalizer rn) {
    NormalizedValue.Kind l = ln.kind();
    NormalizedValue.Kind r = rn.kind();
    if (l == r) {
      return null;
    }
    if (l == NormalizedValue.Kind.STRING && rn.array()
        || r == NormalizedValue.Kind.STRING && ln.array()) {
      return NormalizedValue.Kind.STRING;
    }
    if (isTextLike(l) && r == NormalizedValue.Kind.JSON
        || isTextLike(r) && l == NormalizedValue.Kind.JSON) {
      return NormalizedValue.Kind.JSON;
    }
    return null;
  }

  private static boolean isTextLike(NormalizedValue.Kind k) {
    return k == NormalizedValue.Kind.STRING || k == NormalizedValue.Kind.OTHER;
  }

  /** The value in the plan's common kind, or the value itself when it cannot be converted. */
  NormalizedValue coerce(NormalizedValue v) {
    if (coerceTo == null || v.kind == coerceTo || v.kind == NormalizedValue.Kind.NULL) {
      return v;
    }
    if (coerceTo == NormalizedValue.Kind.JSON && v.ref instanceof String) {
      return Json.canonical((String) v.ref);
    }
    if (coerceTo == NormalizedValue.Kind.STRING && v.kind == NormalizedValue.Kind.OTHER) {
      String set = ValueNormalizer.setText((String) v.ref);
      return set == null ? v : NormalizedValue.ofString(set);
    }
    return v;
  }

  /**
   * A hash that values equal in the common case share: floats by their bits (as float when either
   * side is single-precision), times floored to the coarser precision. Values equal only by a
   * tolerance or by rounding may hash apart; the loose second pass catches those.
   */
  int strictHash(NormalizedValue v, int timeRule) {
    switch (v.kind) {
      case FLOAT:
        double d = Double.longBitsToDouble(v.a);
        return singlePrecision ? Float.hashCode((float) d) : Double.hashCode(d);
      case TIME:
        long seconds = v.a / NANOS_PER_SECOND;
        long nanos = coarsen(v.a % NANOS_PER_SECOND, timeRule);
        return Long.hashCode(seconds * NANOS_PER_SECOND + nanos);
      case LOCAL_DATE_TIME:
      case INSTANT:
        long coarse = coarsen(v.b, timeRule);
        return coarse == NANOS_PER_SECOND
            ? Long.hashCode(v.a + 1) * 31
            : Long.hashCode(v.a) * 31 + (int) coarse;
      default:
        return v.hash;
    }
  }

  /** Nanoseconds truncated or rounded to the coarser unit; a result of 1e9 carries a second. */
  private long coarsen(long nanos, int timeRule) {
    long unit = coarseUnitNanos;
    if (unit == NANOS_PER_SECOND) {
      return timeRule == ROUNDED && nanos >= NANOS_PER_SECOND / 2 ? NANOS_PER_SECOND : 0;
    }
    if (unit == 1) {
      return nanos;
    }
    return timeRule == ROUNDED ? (nanos + unit / 2) / unit * unit : nanos - nanos % unit;
  }

  /** Whether a left value and a right value of this column match under the rules. */
  boolean matches(NormalizedValue x, NormalizedValue y) {
    return matches(x, y, EITHER);
  }

  /** Whether the values match, with mixed-precision times held to one rounding rule. */
  boolean matches(NormalizedValue x, NormalizedValue y, int timeRule) {
    if (x == y) {
      return true;
    }
    if (decimalScale >= 0
        && isExact(x.kind)
        && isExact(y.kind)
        && (numericOnLeft ? x : y).carriesQuotientDigits()) {
      return exact(x)
              .setScale(decimalScale, RoundingMode.HALF_UP)
              .compareTo(exact(y).setScale(decimalScale, RoundingMode.HALF_UP))
          == 0;
    }
    if (x.kind == y.kind) {
      switch (x.kind) {
        case NULL:
          return true;
        case BOOLEAN:
        case INTEGER:
        case DATE:
        case UUID:
          return x.a == y.a && x.b == y.b;
        case DECIMAL:
          return ((BigDecimal) x.ref).compareTo((BigDecimal) y.ref) == 0;
        case FLOAT:
          return floatsMatch(Double.longBitsToDouble(x.a), Double.longBitsToDouble(y.a));
        case STRING:
          if (listSeparator != null) {
            return sameElements((String) x.ref, (String) y.ref);
          }
          return ignoreTrailingWhitespace
              ? equalIgnoringTrailingWhitespace((String) x.ref, (String) y.ref)
              : x.ref.equals(y.ref);
        case JSON:
        case OTHER:
          return x.ref.equals(y.ref);
        case BINARY:
          return Arrays.equals((byte[]) x.ref, (byte[]) y.ref);
        case TIME:
          return instantsMatch(
              x.a / NANOS_PER_SECOND,
              x.a % NANOS_PER_SECOND,
              y.a / NANOS_PER_SECOND,
              y.a % NANOS_PER_SECOND,
              timeRule);
        case LOCAL_DATE_TIME:
        case INSTANT:
          return instantsMatch(x.a, x.b, y.a, y.b, timeRule);
        default:
          throw new IllegalStateException("Invalid kind: " + x.kind);
      }
    }
    return crossKindMatch(x, y);
  }

  /**
   * A date against a date-time at its midnight: MySQL's DATE_ADD(d, INTERVAL 1 DAY) is a DATE,
   * PostgreSQL's d + INTERVAL '1 day' a timestamp of the same day at 00:00.
   */
  private static boolean midnightOf(long epochDay, NormalizedValue dateTime) {
    return dateTime.b == 0 && dateTime.a == epochDay * 86_400L;
  }

  private static boolean isExact(NormalizedValue.Kind k) {
    return k == NormalizedValue.Kind.INTEGER || k == NormalizedValue.Kind.DECIMAL;
  }

  private static BigDecimal exact(NormalizedValue v) {
    return v.kind == NormalizedValue.Kind.DECIMAL ? (BigDecimal) v.ref : BigDecimal.valueOf(v.a);
  }

  private boolean crossKindMatch(NormalizedValue x, NormalizedValue y) {
    if (x.kind == NormalizedValue.Kind.NULL || y.kind == NormalizedValue.Kind.NULL) {
      return false;
    }
    if (x.kind == NormalizedValue.Kind.DATE && y.kind == NormalizedValue.Kind.LOCAL_DATE_TIME) {
      return midnightOf(x.a, y);
    }
    if (y.kind == NormalizedValue.Kind.DATE && x.kind == NormalizedValue.Kind.LOCAL_DATE_TIME) {
      return midnightOf(y.a, x);
    }
    if (isNumber(x.kind) && isNumber(y.kind)) {
      if (x.kind == NormalizedValue.Kind.FLOAT || y.kind == NormalizedValue.Kind.FLOAT) {
        return floatsMatch(x.asDouble(), y.asDouble());
      }
      if (truthyIntegers
          && (x.kind == NormalizedValue.Kind.BOOLEAN) != (y.kind == NormalizedValue.Kind.BOOLEAN)
          && (x.kind == NormalizedValue.Kind.INTEGER || y.kind == NormalizedValue.Kind.INTEGER)) {
        NormalizedValue b = x.kind == NormalizedValue.Kind.BOOLEAN ? x : y;
        NormalizedValue n = b == x ? y : x;
        return n.ref == null && (n.a != 0) == (b.a == 1);
      }
      return (x.kind == NormalizedValue.Kind.BOOLEAN || y.kind == NormalizedValue.Kind.BOOLEAN)
          && x.kind != NormalizedValue.Kind.DECIMAL
          && y.kind != NormalizedValue.Kind.DECIMAL
          && x.a == y.a;
    }
    if (x.kind == NormalizedValue.Kind.BOOLEAN && y.kind == NormalizedValue.Kind.STRING) {
      Boolean parsed = ValueNormalizer.parseBoolean((String) y.ref);
      return parsed != null && parsed == (x.a == 1);
    }
    if (y.kind == NormalizedValue.Kind.BOOLEAN && x.kind == NormalizedValue.Kind.STRING) {
      Boolean parsed = ValueNormalizer.parseBoolean((String) x.ref);
      return parsed != null && parsed == (y.a == 1);
    }
    if (bitsAgainstBinary
        && (x.kind == NormalizedValue.Kind.BINARY || y.kind == NormalizedValue.Kind.BINARY)) {
      NormalizedValue bytes = x.kind == NormalizedValue.Kind.BINARY ? x : y;
      NormalizedValue number = bytes == x ? y : x;
      return ValueNormalizer.unsigned((byte[]) bytes.ref).equals(number);
    }
    if (x.kind == NormalizedValue.Kind.UUID || y.kind == NormalizedValue.Kind.UUID) {
      NormalizedValue uuid = x.kind == NormalizedValue.Kind.UUID ? x : y;
      NormalizedValue other = uuid == x ? y : x;
      return other.ref instanceof String
          ? Uuids.textMatches((String) other.ref, uuid.a, uuid.b)
          : other.ref instanceof byte[] && Uuids.bytesMatch((byte[]) other.ref, uuid.a, uuid.b);
    }
    if (x.kind == NormalizedValue.Kind.STRING && y.kind == NormalizedValue.Kind.OTHER
        || x.kind == NormalizedValue.Kind.OTHER && y.kind == NormalizedValue.Kind.STRING) {
      // A type no rule covers (inet, a range) against text holding it (MariaDB's INET6, a
      // VARCHAR): by the text, exactly.
      return x.ref.equals(y.ref);
    }
    if (x.kind == NormalizedValue.Kind.LOCAL_DATE_TIME && y.kind == NormalizedValue.Kind.INSTANT) {
      long seconds = onTimeLine(x, leftZone);
      return instantsMatch(seconds, x.b, y.a, y.b, EITHER);
    }
    if (x.kind == NormalizedValue.Kind.INSTANT && y.kind == NormalizedValue.Kind.LOCAL_DATE_TIME) {
      long seconds = onTimeLine(y, rightZone);
      return instantsMatch(x.a, x.b, seconds, y.b, EITHER);
    }
    return false;
  }

  private static long onTimeLine(NormalizedValue local, ZoneId zone) {
    return LocalDateTime.ofEpochSecond(local.a, 0, ZoneOffset.UTC)
        .atZone(zone)
        .toInstant()
        .getEpochSecond();
  }

  private static boolean isNumber(NormalizedValue.Kind k) {
    return k == NormalizedValue.Kind.INTEGER
        || k == NormalizedValue.Kind.DECIMAL
        || k == NormalizedValue.Kind.FLOAT
        || k == NormalizedValue.Kind.BOOLEAN;
  }

  /**
   * Floats match when equal, both NaN, or within the relative or ULP tolerance; when either column
   * is single-precision both values are first rounded to float, because a float4 widened to double
   * carries binary noise (0.1f is 0.10000000149011612) that the other engine never stored. A
   * computed float MySQL sent rounded to fixed decimals (PI() as 3.141593) also matches the value
   * that rounds to it, within half a unit of its last decimal.
   */
  boolean floatsMatch(double u, double v) {
    if (singlePrecision) {
      float fu = (float) u;
      float fv = (float) v;
      if (fu == fv || Float.isNaN(fu) && Float.isNaN(fv)) {
        return true;
      }
      if (Float.isInfinite(fu) || Float.isInfinite(fv) || Float.isNaN(fu) || Float.isNaN(fv)) {
        return false;
      }
      float max = Math.max(Math.abs(fu), Math.abs(fv));
      double diff = Math.abs((double) fu - (double) fv);
      return diff <= tolerance.relative() * max
          || diff <= tolerance.ulps() * (double) Math.ulp(max)
          || significantDigits > 0 && sameInSignificantDigits(fu, fv)
          || fixedDecimals > 0 && diff <= halfUnit + tolerance.ulps() * (double) Math.ulp(max);
    }
    if (u == v || Double.isNaN(u) && Double.isNaN(v)) {
      return true;
    }
    if (Double.isInfinite(u) || Double.isInfinite(v) || Double.isNaN(u) || Double.isNaN(v)) {
      return false;
    }
    double max = Math.max(Math.abs(u), Math.abs(v));
    double diff = Math.abs(u - v);
    return diff <= tolerance.relative() * max
        || diff <= tolerance.ulps() * Math.ulp(max)
        || fixedDecimals > 0 && diff <= halfUnit + tolerance.ulps() * Math.ulp(max);
  }

  /**
   * Whether two floats agree in the significant digits one side's driver delivers; checked only
   * after the cheap tolerance test failed, and only for such columns (MySQL FLOAT).
   */
  private boolean sameInSignificantDigits(float fu, float fv) {
    if (Math.abs((double) fu - (double) fv) > 1e-4 * Math.max(Math.abs(fu), Math.abs(fv))) {
      return false;
    }
    MathContext digits = new MathContext(significantDigits, RoundingMode.HALF_EVEN);
    return new BigDecimal(Float.toString(fu))
            .round(digits)
            .compareTo(new BigDecimal(Float.toString(fv)).round(digits))
        == 0;
  }

  /**
   * Two time points (seconds and nanoseconds) match when equal or, when the sides have different
   * fractional precision, when the finer one truncated or rounded half-up to the coarser precision
   * equals the coarser one: MariaDB truncates extra digits on insert while MySQL and PostgreSQL
   * round, so either is how the same written value looks on the coarser side.
   */
  boolean instantsMatch(long xs, long xn, long ys, long yn, int timeRule) {
    if (xs == ys && xn == yn) {
      return true;
    }
    if (capped) {
      return coarsenedMatch(xs, xn, ys, yn, timeRule);
    }
    if (leftDigits == rightDigits) {
      return false;
    }
    boolean leftCoarse = leftDigits < rightDigits;
    long cs = leftCoarse ? xs : ys;
    long cn = leftCoarse ? xn : yn;
    long fs = leftCoarse ? ys : xs;
    long fn = leftCoarse ? yn : xn;
    cn = coarsen(cn, TRUNCATED);
    if (timeRule != ROUNDED && cs == fs && cn == coarsen(fn, TRUNCATED)) {
      return true;
    }
    if (timeRule == TRUNCATED) {
      return false;
    }
    long rounded = coarsen(fn, ROUNDED);
    long roundedSeconds = fs;
    if (rounded >= NANOS_PER_SECOND) {
      rounded -= NANOS_PER_SECOND;
      roundedSeconds++;
    }
    return cs == roundedSeconds && cn == rounded;
  }

  /**
   * Both time points coarsened to the capped precision, both truncated or both rounded half-up: the
   * values a side stores more finely than the cap are compared as if it did not.
   */
  private boolean coarsenedMatch(long xs, long xn, long ys, long yn, int timeRule) {
    if (timeRule != ROUNDED && xs == ys && coarsen(xn, TRUNCATED) == coarsen(yn, TRUNCATED)) {
      return true;
    }
    if (timeRule == TRUNCATED) {
      return false;
    }
    long xr = coarsen(xn, ROUNDED);
    long yr = coarsen(yn, ROUNDED);
    return xs + xr / NANOS_PER_SECOND == ys + yr / NANOS_PER_SECOND
        && xr % NANOS_PER_SECOND == yr % NANOS_PER_SECOND;
  }

  /** Whether two lists joined with {@link #listSeparator} hold the same elements, counted. */
  private boolean sameElements(String s, String t) {
    if (!ignoreTrailingWhitespace && s.length() != t.length()) {
      return false;
    }
    if (s.equals(t)) {
      return true;
    }
    List<String> a = elements(s);
    List<String> b = elements(t);
    if (a.size() != b.size()) {
      return false;
    }
    Collections.sort(a);
    Collections.sort(b);
    for (int i = 0; i < a.size(); i++) {
      String u = a.get(i);
      String v = b.get(i);
      if (!(ignoreTrailingWhitespace ? equalIgnoringTrailingWhitespace(u, v) : u.equals(v))) {
        return false;
      }
    }
    return true;
  }

  private List<String> elements(String s) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int at = s.indexOf(listSeparator, from);
      if (at < 0) {
        out.add(s.substring(from));
        return out;
      }
      out.add(s.substring(from, at));
      from = at + listSeparator.length();
    }
  }

  private static boolean equalIgnoringTrailingWhitespace(String s, String t) {
    int ls = s.length();
    while (ls > 0 && Character.isWhitespace(s.charAt(ls - 1))) {
      ls--;
    }
    int lt = t.length();
    while (lt > 0 && Character.isWhitespace(t.charAt(lt - 1))) {
      lt--;
    }
    return ls == lt && s.regionMatches(0, t, 0, ls);
  }
}
