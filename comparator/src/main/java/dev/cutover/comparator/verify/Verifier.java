package dev.cutover.comparator.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.comparator.Engine;
import dev.cutover.comparator.NormalizedValue;
import dev.cutover.comparator.NormalizerOptions;
import dev.cutover.comparator.ValueNormalizer;
import dev.cutover.comparator.backfill.RowCopy;
import dev.cutover.comparator.chunk.Column;
import dev.cutover.comparator.chunk.ControlStore;
import dev.cutover.comparator.chunk.ControlStore.StoredDiff;
import dev.cutover.comparator.chunk.Dialect;
import dev.cutover.comparator.chunk.TableShape;
import dev.cutover.comparator.chunk.UtcSession;
import dev.cutover.comparator.verify.Canonical.Pair;
import dev.cutover.comparator.verify.VerifyResult.DifferingRow;
import dev.cutover.comparator.verify.VerifyResult.Status;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Proves, table by table, that the old and the new database hold the same rows, and names the rows
 * that differ.
 *
 * <h2>How</h2>
 *
 * Both databases compute, in one streaming scan each (run concurrently), a count and a checksum per
 * bucket of rows: every row is rendered in a canonical text form both engines produce identically
 * ({@link Canonical}), hashed with MD5, and the first 60 bits of the hashes are summed per bucket,
 * an order-independent aggregate both engines compute exactly. Only the per-bucket totals cross the
 * network. Equal buckets are done; each mismatching bucket is then read row by row (key and row
 * hash only) from both sides and joined on the key in memory, a bounded number of rows at a time,
 * which classifies each key as missing on new, extra on new or differing. Differing rows are
 * finally fetched whole by key and compared column by column.
 *
 * <h2>Why buckets and not sorted key ranges</h2>
 *
 * Ranges of string keys are not portable: MariaDB's {@code utf8mb4_unicode_ci} and PostgreSQL's
 * collation disagree on order (and MariaDB folds case and trailing spaces), so the same {@code
 * WHERE k >= ? AND k < ?} selects different rows on each side and a bisection over it would chase
 * phantom differences. The bucket of a row is therefore a function of its key's value computed
 * identically by both engines: for a single integer key, arithmetic {@code (k - min) / width}
 * (bucket lookups are then index range scans); for every other key, and for tables without a
 * primary key, the first 16 bits of the MD5 of the key's (or, without a key, the whole row's)
 * canonical text. No step depends on how either engine sorts or compares strings. The cost of the
 * equal case is one aggregate scan per side, as close as it gets to the databases' own hash scan; a
 * few differing rows add one range or hash-filtered scan, not a bisection per level.
 *
 * <p>Tables without a primary key are compared as multisets of row hashes.
 *
 * <h2>Documents</h2>
 *
 * A jsonb column against one holding the document as text (MariaDB's JSON) has no canonical text
 * both engines can compute: jsonb reorders keys and rewrites numbers and escapes. Such columns are
 * left out of the row hash, and every bucket of the table is then read row by row with the
 * documents, each reduced to the comparator's canonical JSON and hashed into the row's MD5: a full
 * streaming read of the table instead of the aggregates alone.
 */
public final class Verifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BUCKETS_PER_QUERY = 1_000;

  private final DataSource oldSide;
  private final DataSource newSide;
  private final VerifyOptions options;

  /** A verifier of {@code oldSide} against {@code newSide}. */
  public Verifier(DataSource oldSide, DataSource newSide, VerifyOptions options) {
    this.oldSide = oldSide;
    this.newSide = newSide;
    this.options = options;
  }

  /** Verifies each table; one result per table, in order. */
  public List<VerifyResult> verify(List<String> tables) {
    List<VerifyResult> out = new ArrayList<>();
    for (String t : tables) {
      out.add(verify(t));
    }
    return out;
  }

  /** Verifies one table; failures become an ERROR result rather than an exception. */
  public VerifyResult verify(String table) {
    VerifyResult result;
    try (Sides sides = Sides.open(oldSide, newSide, table, options.slices(), options.zone())) {
      result = compareTable(sides);
    } catch (SQLException | RuntimeException e) {
      result = VerifyResult.error(table, String.valueOf(e.getMessage()));
    }
    return stored(result);
  }

  /**
   * Compares exactly these keys (values as the JSON of a verify result carries them: a value, or a
   * list for a composite key) on both sides.
   */
  public VerifyResult verifyKeys(String table, List<Object> keys) {
    VerifyResult result;
    try (Sides sides = Sides.open(oldSide, newSide, table, options.slices(), options.zone())) {
      result = compareKeys(sides, keys);
    } catch (SQLException | RuntimeException e) {
      result = VerifyResult.error(table, String.valueOf(e.getMessage()));
    }
    return result;
  }

  /** Renders results as {@code verify --json}'s document: {@code {"tables":[...]}}. */
  public static String toJson(List<VerifyResult> results) {
    try {
      return JSON.writeValueAsString(Map.of("tables", results));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Verify result not serializable", e);
    }
  }

  private VerifyResult stored(VerifyResult r) {
    if (options.store().isEmpty()) {
      return r;
    }
    ControlStore store = options.store().get();
    try {
      List<StoredDiff> diffs = new ArrayList<>();
      for (Object k : r.missingOnNew()) {
        diffs.add(new StoredDiff("MISSING_ON_NEW", JSON.writeValueAsString(k), null));
      }
      for (Object k : r.extraOnNew()) {
        diffs.add(new StoredDiff("EXTRA_ON_NEW", JSON.writeValueAsString(k), null));
      }
      for (DifferingRow d : r.differing()) {
        diffs.add(
            new StoredDiff(
                "DIFFERING",
                JSON.writeValueAsString(d.key()),
                JSON.writeValueAsString(d.columns())));
      }
      store.recordVerify(
          options.job(),
          r.table(),
          r.status().name(),
          r.rowsOld(),
          r.rowsNew(),
          JSON.writeValueAsString(r),
          diffs);
      return r;
    } catch (SQLException | JsonProcessingException e) {
      return VerifyResult.error(r.table(), "verify result not recorded: " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Both sides of one table: connections, shapes, column pairs and the bucketing. */
  private static final class Sides implements AutoCloseable {
    final Connection oldConn;
    final Connection newConn;
    final Dialect oldD;
    final Dialect newD;
    final TableShape oldShape;
    final TableShape newShape;
    final List<Pair> pairs;
    final List<Pair> keyPairs;

    /** Columns compared in Java (see the class comment); empty for most tables. */
    final List<Pair> documents;

    long[] extent;
    final DataSource oldSource;
    final DataSource newSource;
    final ExecutorService pool;
    final List<UtcSession> zones = new ArrayList<>();

    private Sides(
        DataSource oldSource,
        DataSource newSource,
        Connection o,
        Connection n,
        String table,
        int slices,
        java.time.ZoneId zone)
        throws SQLException {
      this.oldSource = oldSource;
      this.newSource = newSource;
      oldConn = o;
      newConn = n;
      oldD = Dialect.of(o);
      newD = Dialect.of(n);
      Canonical.requireSupported(oldD);
      Canonical.requireSupported(newD);
      oldShape = TableShape.read(o, table);
      newShape = TableShape.read(n, table);
      pairs = Canonical.pairs(oldShape.columns(), newShape.columns(), oldD, newD, zone);
      if (pairs.isEmpty()) {
        throw new SQLException("No column of " + table + " exists on both sides", "42703");
      }
      keyPairs = Canonical.pairs(oldShape.key(), newShape.columns(), oldD, newD, zone);
      documents = pairs.stream().filter(p -> p.kind() == Canonical.Kind.DOCUMENT).toList();
      if (oldD == Dialect.MARIADB
          && newD == Dialect.MARIADB
          && pairs.stream().anyMatch(Canonical.Pair::mixedTime)) {
        requireZoneTables(o, zone);
      }
      try {
        for (Connection c : List.of(o, n)) {
          zones.add(UtcSession.pin(c));
          c.setAutoCommit(false);
          c.setReadOnly(true);
        }
      } catch (SQLException | RuntimeException e) {
        // No Sides to close: the zones go back here, or the pool hands out UTC sessions.
        zones.forEach(UtcSession::close);
        throw e;
      }
      this.pool = Executors.newFixedThreadPool(2 * slices);
    }

    /** MariaDB converts a named zone only with its zone tables loaded; CONVERT_TZ is NULL else. */
    private static void requireZoneTables(Connection c, java.time.ZoneId zone) throws SQLException {
      if (Canonical.isUtc(zone) || zone.normalized() instanceof java.time.ZoneOffset) {
        return;
      }
      try (java.sql.Statement st = c.createStatement();
          java.sql.ResultSet rs =
              st.executeQuery(
                  "SELECT CONVERT_TZ('2000-01-01 00:00:00', "
                      + Canonical.mariaDbZone(zone)
                      + ", '+00:00')")) {
        if (!rs.next() || rs.getString(1) == null) {
          throw new SQLException(
              "MariaDB cannot convert time zone "
                  + zone
                  + ", needed to compare a DATETIME with a TIMESTAMP: load its zone tables"
                  + " (mariadb-tzinfo-to-sql) or set timeZone to an offset such as +01:00",
              "22023");
        }
      }
    }

    static Sides open(
        DataSource oldSide, DataSource newSide, String table, int slices, java.time.ZoneId zone)
        throws SQLException {
      Connection o = oldSide.getConnection();
      Connection n = null;
      try {
        n = newSide.getConnection();
        return new Sides(oldSide, newSide, o, n, table, slices, zone);
      } catch (SQLException | RuntimeException e) {
        closeAll(e, o, n);
        throw e;
      }
    }

    boolean hasKey() {
      return !keyPairs.isEmpty();
    }

    boolean integerBuckets() {
      return keyPairs.size() == 1
          && keyPairs.get(0).kind() == Canonical.Kind.INTEGER
          && keyPairs.get(0).old().fitsInLong()
          && keyPairs.get(0).neu().fitsInLong();
    }

    Connection conn(boolean old) {
      return old ? oldConn : newConn;
    }

    Dialect dialect(boolean old) {
      return old ? oldD : newD;
    }

    String table(boolean old) {
      return dialect(old).quote(old ? oldShape.name() : newShape.name());
    }

    String keyColumn(boolean old, int i) {
      Pair p = keyPairs.get(i);
      return (old ? p.old() : p.neu()).name();
    }

    String keyText(boolean old) {
      return Canonical.joined(dialect(old), hasKey() ? keyPairs : pairs, old);
    }

    String rowMd5(boolean old) {
      Dialect d = dialect(old);
      if (oldD == Dialect.POSTGRES
          && newD == Dialect.POSTGRES
          && pairs.stream().allMatch(Pair::nativeText)) {
        // Both sides PostgreSQL with identical types: the record's own text form is canonical,
        // unambiguous (quoting, NULL as empty) and one function call instead of one per column.
        return "md5(ROW("
            + pairs.stream()
                .map(p -> d.quote((old ? p.old() : p.neu()).name()))
                .collect(Collectors.joining(", "))
            + ")::text)";
      }
      return Canonical.md5(d, Canonical.joined(d, pairs, old));
    }

    <T> List<T> both(Callable<T> onOld, Callable<T> onNew) throws SQLException {
      return all(List.of(onOld, onNew));
    }

    <T> List<T> all(List<Callable<T>> tasks) throws SQLException {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> t : tasks) {
        futures.add(pool.submit(t));
      }
      try {
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
          out.add(f.get());
        }
        return out;
      } catch (ExecutionException e) {
        futures.forEach(f -> f.cancel(true));
        if (e.getCause() instanceof SQLException s) {
          throw s;
        }
        throw new SQLException(String.valueOf(e.getCause()), "58000", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("Verify interrupted", "57014", e);
      }
    }

    @Override
    public void close() throws SQLException {
      pool.shutdownNow();
      SQLException first = new SQLException("closing verify connections");
      try {
        oldConn.rollback();
        newConn.rollback();
      } catch (SQLException e) {
        first.addSuppressed(e);
      }
      zones.forEach(UtcSession::close);
      closeAll(first, oldConn, newConn);
      if (first.getSuppressed().length > 0) {
        throw first;
      }
    }

    private static void closeAll(Exception into, Connection... cs) {
      for (Connection c : cs) {
        if (c == null) {
          continue;
        }
        try {
          c.rollback();
          c.close();
        } catch (SQLException e) {
          into.addSuppressed(e);
        }
      }
    }
  }

  /** Per-bucket count and hash sum. */
  private record Bucket(long count, BigDecimal sum) {}

  /** How rows are put into buckets, identically on both sides. */
  private record Bucketing(long lo, long width) {
    boolean byHash() {
      return width == 0;
    }
  }

  private VerifyResult compareTable(Sides s) throws SQLException {
    Bucketing bucketing = bucketing(s);
    List<Map<Long, Bucket>> sums = sliceSums(s, bucketing);
    Map<Long, Bucket> oldSums = sums.get(0);
    Map<Long, Bucket> newSums = sums.get(1);
    long rowsOld = oldSums.values().stream().mapToLong(Bucket::count).sum();
    long rowsNew = newSums.values().stream().mapToLong(Bucket::count).sum();
    TreeMap<Long, Long> mismatched = new TreeMap<>();
    for (Long b : union(oldSums.keySet(), newSums.keySet())) {
      Bucket o = oldSums.get(b);
      Bucket n = newSums.get(b);
      if (!s.documents.isEmpty()
          || o == null
          || n == null
          || o.count() != n.count()
          || o.sum().compareTo(n.sum()) != 0) {
        mismatched.put(b, Math.max(o == null ? 0 : o.count(), n == null ? 0 : n.count()));
      }
    }
    Diffs diffs = new Diffs(options.listCap());
    List<Long> batch = new ArrayList<>();
    long batchRows = 0;
    for (Map.Entry<Long, Long> e : mismatched.entrySet()) {
      if (!batch.isEmpty()
          && (batchRows + e.getValue() > options.maxRowsInMemory()
              || batch.size() >= BUCKETS_PER_QUERY)) {
        compareBuckets(s, bucketing, batch, diffs);
        batch.clear();
        batchRows = 0;
      }
      batch.add(e.getKey());
      batchRows += e.getValue();
    }
    if (!batch.isEmpty()) {
      compareBuckets(s, bucketing, batch, diffs);
    }
    describeDiffering(s, diffs);
    return diffs.result(s.oldShape.name(), rowsOld, rowsNew);
  }

  private Bucketing bucketing(Sides s) throws SQLException {
    if (!s.integerBuckets()) {
      return new Bucketing(0, 0);
    }
    List<long[]> ext = s.both(() -> minMax(s, true), () -> minMax(s, false));
    long lo = Math.min(ext.get(0)[0], ext.get(1)[0]);
    long hi = Math.max(ext.get(0)[1], ext.get(1)[1]);
    if (lo > hi) {
      return new Bucketing(0, 1);
    }
    s.extent = new long[] {lo, hi};
    double span = (double) hi - (double) lo + 1;
    long width = Math.max(options.bucketRows(), (long) Math.ceil(span / 4_000_000d));
    return new Bucketing(lo, width);
  }

  private static long[] minMax(Sides s, boolean old) throws SQLException {
    String k = s.dialect(old).quote(s.keyColumn(old, 0));
    try (PreparedStatement ps =
            s.conn(old)
                .prepareStatement("SELECT MIN(" + k + "), MAX(" + k + ") FROM " + s.table(old));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      long min = rs.getLong(1);
      if (rs.wasNull()) {
        return new long[] {Long.MAX_VALUE, Long.MIN_VALUE};
      }
      return new long[] {min, rs.getLong(2)};
    }
  }

  private static String bucketExpr(Sides s, boolean old, Bucketing b) {
    Dialect d = s.dialect(old);
    if (b.byHash()) {
      return Canonical.hashBucket(d, Canonical.md5(d, s.keyText(old)));
    }
    String k = d.quote(s.keyColumn(old, 0));
    return "(" + k + " - (" + b.lo() + "))" + (d == Dialect.POSTGRES ? " / " : " DIV ") + b.width();
  }

  /**
   * Per-bucket sums of both sides, each side scanned as concurrent slices on their own connections
   * so each database works on both cores as its own parallel scan does. A slice is any partition of
   * that side's rows, since sums are merged per bucket afterwards: on PostgreSQL, ranges of
   * physical blocks ({@code ctid}, a TID range scan, no index); on MariaDB with an integer key, key
   * ranges on bucket boundaries; otherwise one scan.
   */
  private List<Map<Long, Bucket>> sliceSums(Sides s, Bucketing b) throws SQLException {
    List<Callable<Map<Long, Bucket>>> tasks = new ArrayList<>();
    int oldSlices = 0;
    for (boolean old : new boolean[] {true, false}) {
      List<String> filters = sliceFilters(s, old, b);
      if (old) {
        oldSlices = filters.size();
      }
      for (String filter : filters) {
        boolean side = old;
        boolean own = filters.size() > 1;
        tasks.add(
            () -> {
              if (!own) {
                return bucketSums(s, s.conn(side), side, b, filter);
              }
              try (Connection c = (side ? s.oldSource : s.newSource).getConnection();
                  UtcSession zone = UtcSession.pin(c)) {
                c.setAutoCommit(false);
                try {
                  return bucketSums(s, c, side, b, filter);
                } finally {
                  c.rollback();
                }
              }
            });
      }
    }
    List<Map<Long, Bucket>> parts = s.all(tasks);
    Map<Long, Bucket> oldSums = new HashMap<>();
    Map<Long, Bucket> newSums = new HashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      Map<Long, Bucket> into = i < oldSlices ? oldSums : newSums;
      parts
          .get(i)
          .forEach(
              (k, v) ->
                  into.merge(
                      k, v, (x, y) -> new Bucket(x.count() + y.count(), x.sum().add(y.sum()))));
    }
    return List.of(oldSums, newSums);
  }

  private List<String> sliceFilters(Sides s, boolean old, Bucketing b) throws SQLException {
    int slices = options.slices();
    Dialect d = s.dialect(old);
    if (slices == 1) {
      return List.of("");
    }
    List<String> out = new ArrayList<>();
    if (d == Dialect.POSTGRES) {
      long blocks;
      try (PreparedStatement ps =
          s.conn(old)
              .prepareStatement(
                  "SELECT pg_relation_size(?::regclass) / current_setting('block_size')::int")) {
        ps.setString(1, s.table(old));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          blocks = rs.getLong(1);
        }
      }
      for (int i = 0; i < slices; i++) {
        long from = blocks * i / slices;
        long to = blocks * (i + 1) / slices;
        out.add(
            " WHERE "
                + (i == 0 ? "1=1" : "ctid >= '(" + from + ",0)'::tid")
                + (i == slices - 1 ? "" : " AND ctid < '(" + to + ",0)'::tid"));
      }
      return out;
    }
    if (b.byHash() || s.extent == null) {
      return List.of("");
    }
    long buckets = (s.extent[1] - b.lo()) / b.width() + 1;
    String k = d.quote(s.keyColumn(old, 0));
    for (int i = 0; i < slices; i++) {
      long from = b.lo() + (buckets * i / slices) * b.width();
      long to = b.lo() + (buckets * (i + 1) / slices) * b.width();
      out.add(
          " WHERE "
              + (i == 0 ? "1=1" : k + " >= " + from)
              + (i == slices - 1 ? "" : " AND " + k + " < " + to));
    }
    return out;
  }

  private static Map<Long, Bucket> bucketSums(
      Sides s, Connection c, boolean old, Bucketing b, String where) throws SQLException {
    Dialect d = s.dialect(old);
    String sql =
        "SELECT bkt, COUNT(*), SUM(hn) FROM (SELECT "
            + bucketExpr(s, old, b)
            + " AS bkt, "
            + Canonical.hashNumber(d, s.rowMd5(old))
            + " AS hn FROM "
            + s.table(old)
            + where
            + ") q GROUP BY bkt";
    Map<Long, Bucket> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getLong(1), new Bucket(rs.getLong(2), rs.getBigDecimal(3)));
        }
      }
    }
    return out;
  }

  /** One row as the bucket comparison sees it. */
  private record Seen(List<Object> key, String md5, long copies) {}

  private void compareBuckets(Sides s, Bucketing b, List<Long> buckets, Diffs diffs)
      throws SQLException {
    List<Map<String, Seen>> sides =
        s.both(() -> rowsIn(s, true, b, buckets), () -> rowsIn(s, false, b, buckets));
    classify(s, sides.get(0), sides.get(1), diffs);
  }

  private static void classify(
      Sides s, Map<String, Seen> oldRows, Map<String, Seen> newRows, Diffs diffs) {
    for (Map.Entry<String, Seen> e : oldRows.entrySet()) {
      Seen o = e.getValue();
      Seen n = newRows.get(e.getKey());
      if (!s.hasKey()) {
        long missing = o.copies() - (n == null ? 0 : n.copies());
        for (long i = 0; i < missing; i++) {
          diffs.missing(e.getKey());
        }
        continue;
      }
      if (n == null) {
        diffs.missing(keyOut(o.key()));
      } else if (!o.md5().equals(n.md5())) {
        diffs.differing(e.getKey(), o.key(), n.key());
      }
    }
    for (Map.Entry<String, Seen> e : newRows.entrySet()) {
      Seen o = oldRows.get(e.getKey());
      if (!s.hasKey()) {
        long extra = e.getValue().copies() - (o == null ? 0 : o.copies());
        for (long i = 0; i < extra; i++) {
          diffs.extra(e.getKey());
        }
      } else if (o == null) {
        diffs.extra(keyOut(e.getValue().key()));
      }
    }
  }

  /**
   * Streams one side's rows of these buckets as canonical key text → (key values, row MD5); for a
   * table without a key, canonical row text → copies.
   */
  private static Map<String, Seen> rowsIn(Sides s, boolean old, Bucketing b, List<Long> buckets)
      throws SQLException {
    Dialect d = s.dialect(old);
    StringBuilder where = new StringBuilder();
    if (b.byHash()) {
      where
          .append(bucketExpr(s, old, b))
          .append(" IN (")
          .append(buckets.stream().map(String::valueOf).collect(Collectors.joining(", ")))
          .append(')');
    } else {
      String k = d.quote(s.keyColumn(old, 0));
      List<long[]> runs = new ArrayList<>();
      for (long bucket : buckets) {
        if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == bucket) {
          runs.get(runs.size() - 1)[1] = bucket + 1;
        } else {
          runs.add(new long[] {bucket, bucket + 1});
        }
      }
      where.append(
          runs.stream()
              .map(
                  r ->
                      "("
                          + k
                          + " >= "
                          + (b.lo() + r[0] * b.width())
                          + " AND "
                          + k
                          + " < "
                          + (b.lo() + r[1] * b.width())
                          + ")")
              .collect(Collectors.joining(" OR ")));
    }
    List<String> keyCols = new ArrayList<>();
    for (int i = 0; i < s.keyPairs.size(); i++) {
      keyCols.add(d.quote(s.keyColumn(old, i)));
    }
    String sql =
        "SELECT "
            + s.keyText(old)
            + ", "
            + s.rowMd5(old)
            + (keyCols.isEmpty() ? "" : ", " + String.join(", ", keyCols))
            + documentColumns(s, old)
            + " FROM "
            + s.table(old)
            + " WHERE "
            + where;
    Map<String, Seen> out = new HashMap<>();
    try (PreparedStatement ps = s.conn(old).prepareStatement(sql)) {
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String text = rs.getString(1);
          String md5 = rs.getString(2);
          List<Object> key = new ArrayList<>(keyCols.size());
          for (int i = 0; i < keyCols.size(); i++) {
            Pair p = s.keyPairs.get(i);
            key.add(RowCopy.readValue(rs, 3 + i, old ? p.old() : p.neu()));
          }
          if (!s.documents.isEmpty()) {
            String documents = documentsMd5(s, rs, 3 + keyCols.size());
            md5 = md5 + documents;
            if (keyCols.isEmpty()) {
              text = text + "|" + documents;
            }
          }
          out.merge(
              text,
              new Seen(key, md5, 1),
              (a, c) -> new Seen(a.key(), a.md5(), a.copies() + c.copies()));
        }
      }
    }
    return out;
  }

  private VerifyResult compareKeys(Sides s, List<Object> keys) throws SQLException {
    if (!s.hasKey()) {
      throw new SQLException(
          "Table " + s.oldShape.name() + " has no primary key: compare it whole", "42P10");
    }
    Diffs diffs = new Diffs(options.listCap());
    long rowsOld = 0;
    long rowsNew = 0;
    for (Object k : keys) {
      List<Object> key = keyValues(s.oldShape, k);
      Seen o = rowByKey(s, true, key);
      Seen n = rowByKey(s, false, key);
      rowsOld += o == null ? 0 : 1;
      rowsNew += n == null ? 0 : 1;
      if (o != null && n == null) {
        diffs.missing(keyOut(o.key()));
      } else if (o == null && n != null) {
        diffs.extra(keyOut(n.key()));
      } else if (o != null && !o.md5().equals(n.md5())) {
        diffs.differing(keyOut(o.key()).toString(), o.key(), n.key());
      }
    }
    describeDiffering(s, diffs);
    return diffs.result(s.oldShape.name(), rowsOld, rowsNew);
  }

  /** Key values from a result's key (a value, or a list for a composite key). */
  public static List<Object> keyValues(TableShape shape, Object key) {
    List<?> raw = key instanceof List<?> l ? l : List.of(key);
    if (raw.size() != shape.key().size()) {
      throw new IllegalArgumentException(
          "Key "
              + key
              + " has "
              + raw.size()
              + " values; "
              + shape.name()
              + " has "
              + shape.key().size());
    }
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      out.add(TableShape.keyValue(shape.key().get(i), raw.get(i)));
    }
    return out;
  }

  private static Seen rowByKey(Sides s, boolean old, List<Object> key) throws SQLException {
    Dialect d = s.dialect(old);
    List<String> keyCols = new ArrayList<>();
    for (int i = 0; i < s.keyPairs.size(); i++) {
      keyCols.add(d.quote(s.keyColumn(old, i)));
    }
    String sql =
        "SELECT "
            + s.rowMd5(old)
            + ", "
            + String.join(", ", keyCols)
            + documentColumns(s, old)
            + " FROM "
            + s.table(old)
            + " WHERE "
            + keyCols.stream().map(c -> c + " = ?").collect(Collectors.joining(" AND "));
    try (PreparedStatement ps = s.conn(old).prepareStatement(sql)) {
      for (int i = 0; i < key.size(); i++) {
        ps.setObject(i + 1, key.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<Object> found = new ArrayList<>();
          for (int i = 0; i < keyCols.size(); i++) {
            Pair p = s.keyPairs.get(i);
            found.add(RowCopy.readValue(rs, 2 + i, old ? p.old() : p.neu()));
          }
          // A case- or pad-insensitive collation may match a different key: keep the exact one.
          if (sameKey(found, key)) {
            String md5 = rs.getString(1);
            if (!s.documents.isEmpty()) {
              md5 = md5 + documentsMd5(s, rs, 2 + keyCols.size());
            }
            return new Seen(found, md5, 1);
          }
        }
      }
    }
    return null;
  }

  /** The document columns to select after the others, ", a, b", or "" when there are none. */
  private static String documentColumns(Sides s, boolean old) {
    StringBuilder sb = new StringBuilder();
    for (Pair p : s.documents) {
      sb.append(", ").append(s.dialect(old).quote((old ? p.old() : p.neu()).name()));
    }
    return sb.toString();
  }

  /**
   * The MD5 of a row's documents (selected from {@code first} on), each as the comparator's
   * canonical JSON ('{"a":[1,2],"b":1.5}' for any spelling of it; text that is no JSON as it is).
   */
  private static String documentsMd5(Sides s, ResultSet rs, int first) throws SQLException {
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is a required JDK algorithm", e);
    }
    for (int i = 0; i < s.documents.size(); i++) {
      NormalizedValue v = document(rs.getString(first + i));
      md5.update((v.kind() + ":" + v + "\0").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  private static final ValueNormalizer DOCUMENT =
      ValueNormalizer.forColumn(
          Engine.POSTGRES, java.sql.Types.OTHER, "json", 0, 0, NormalizerOptions.DEFAULTS);

  private static NormalizedValue document(Object text) {
    return DOCUMENT.normalize(text);
  }

  private static boolean sameKey(List<Object> a, List<Object> b) {
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) instanceof String || b.get(i) instanceof String) {
        if (!Objects.equals(String.valueOf(a.get(i)), String.valueOf(b.get(i)))) {
          return false;
        }
      } else if (!RowNormalizer.same(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Fetches the listed differing rows whole from both sides to name the differing columns. */
  private void describeDiffering(Sides s, Diffs diffs) throws SQLException {
    for (PendingDiff p : diffs.pendingDiffering) {
      List<Object> oldRow = fullRow(s, true, p.oldKey());
      List<Object> newRow = fullRow(s, false, p.newKey());
      List<String> columns = new ArrayList<>();
      if (oldRow != null && newRow != null) {
        for (int i = 0; i < s.pairs.size(); i++) {
          Pair pair = s.pairs.get(i);
          boolean same =
              switch (pair.kind()) {
                case BITS -> RowNormalizer.sameBits(oldRow.get(i), newRow.get(i));
                case UUID -> RowNormalizer.sameUuid(oldRow.get(i), newRow.get(i));
                case TIME -> sameTime(s, pair, oldRow.get(i), newRow.get(i));
                case TIMESTAMP ->
                    pair.mixedTime()
                        ? sameInstant(pair, oldRow.get(i), newRow.get(i))
                        : RowNormalizer.same(oldRow.get(i), newRow.get(i));
                case DOCUMENT -> document(oldRow.get(i)).equals(document(newRow.get(i)));
                case POINT -> RowNormalizer.samePoint(oldRow.get(i), newRow.get(i));
                case SET -> RowNormalizer.sameSet(oldRow.get(i), newRow.get(i));
                case TEXT -> RowNormalizer.sameText(pair, oldRow.get(i), newRow.get(i));
                case FLOAT -> RowNormalizer.sameFloat(oldRow.get(i), newRow.get(i), pair.scale());
                case FLOAT_EXACT -> RowNormalizer.sameFloat32(oldRow.get(i), newRow.get(i));
                default -> RowNormalizer.same(oldRow.get(i), newRow.get(i));
              };
          if (!same) {
            columns.add(s.pairs.get(i).old().name());
          }
        }
      }
      diffs.differingRows.add(new DifferingRow(keyOut(p.oldKey()), columns));
    }
  }

  /**
   * An instant and a zone-less date-time as the canonical text compares them: the zone-less one as
   * its time in the pair's zone, a MariaDB TIMESTAMP (read as UTC wall-clock time) in UTC.
   */
  private static boolean sameInstant(Pair pair, Object a, Object b) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    return Objects.equals(
        instant(a, pair.old().isInstant(), pair.zone()),
        instant(b, pair.neu().isInstant(), pair.zone()));
  }

  private static Object instant(Object v, boolean isInstant, java.time.ZoneId zone) {
    if (v instanceof java.time.OffsetDateTime t) {
      return t.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
    if (v instanceof java.time.LocalDateTime t) {
      java.time.Instant at =
          isInstant
              ? t.toInstant(java.time.ZoneOffset.UTC)
              : t.atZone(zone).withLaterOffsetAtOverlap().toInstant();
      return at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
    return v;
  }

  /**
   * Two times or durations (MariaDB's TIME text, PostgreSQL's time or interval text) by the
   * comparator's own rule for them, exactly: what the canonical text compares as microseconds.
   */
  private static boolean sameTime(Sides s, Pair pair, Object a, Object b) {
    return timeValue(s.oldD, pair.old(), a).equals(timeValue(s.newD, pair.neu(), b));
  }

  private static NormalizedValue timeValue(Dialect d, Column c, Object v) {
    return ValueNormalizer.forColumn(
            d == Dialect.MARIADB ? Engine.MYSQL : Engine.POSTGRES,
            c.jdbcType(),
            c.typeName(),
            c.size(),
            c.scale(),
            NormalizerOptions.DEFAULTS)
        .normalize(v);
  }

  private static List<Object> fullRow(Sides s, boolean old, List<Object> key) throws SQLException {
    Dialect d = s.dialect(old);
    List<Column> cols = s.pairs.stream().map(p -> old ? p.old() : p.neu()).toList();
    List<String> keyCols = new ArrayList<>();
    for (int i = 0; i < s.keyPairs.size(); i++) {
      keyCols.add(s.keyColumn(old, i));
    }
    String sql =
        "SELECT "
            + cols.stream()
                .map(c -> RowCopy.selectExpression(d, c))
                .collect(Collectors.joining(", "))
            + ", "
            + d.quoteAll(keyCols)
            + " FROM "
            + s.table(old)
            + " WHERE "
            + keyCols.stream().map(c -> d.quote(c) + " = ?").collect(Collectors.joining(" AND "));
    try (PreparedStatement ps = s.conn(old).prepareStatement(sql)) {
      for (int i = 0; i < key.size(); i++) {
        ps.setObject(i + 1, key.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<Object> found = new ArrayList<>();
          for (int i = 0; i < keyCols.size(); i++) {
            Pair p = s.keyPairs.get(i);
            found.add(RowCopy.readValue(rs, cols.size() + 1 + i, old ? p.old() : p.neu()));
          }
          if (sameKey(found, key)) {
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < cols.size(); i++) {
              row.add(RowCopy.readValue(rs, i + 1, cols.get(i)));
            }
            return row;
          }
        }
      }
    }
    return null;
  }

  /** A key as a result carries it (integers as longs): the value, or a list for a composite key. */
  static Object keyOut(List<Object> key) {
    List<Object> json = new ArrayList<>(key.size());
    for (Object v : key) {
      if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
        json.add(((Number) v).longValue());
      } else if (v == null || v instanceof Number || v instanceof String || v instanceof Boolean) {
        json.add(v);
      } else if (v instanceof byte[] bytes) {
        json.add(HexFormat.of().formatHex(bytes));
      } else {
        json.add(v.toString());
      }
    }
    return json.size() == 1 ? json.get(0) : Collections.unmodifiableList(json);
  }

  private static <T> List<T> union(java.util.Set<T> a, java.util.Set<T> b) {
    LinkedHashMap<T, Boolean> all = new LinkedHashMap<>();
    a.forEach(x -> all.put(x, true));
    b.forEach(x -> all.put(x, true));
    return new ArrayList<>(all.keySet());
  }

  private record PendingDiff(List<Object> oldKey, List<Object> newKey) {}

  /** Accumulates differences with capped lists and exact totals. */
  private static final class Diffs {
    final int cap;
    final List<Object> missing = new ArrayList<>();
    final List<Object> extra = new ArrayList<>();
    final List<PendingDiff> pendingDiffering = new ArrayList<>();
    final List<DifferingRow> differingRows = new ArrayList<>();
    long missingCount;
    long extraCount;
    long differingCount;

    Diffs(int cap) {
      this.cap = cap;
    }

    void missing(Object key) {
      if (missingCount++ < cap) {
        missing.add(key);
      }
    }

    void extra(Object key) {
      if (extraCount++ < cap) {
        extra.add(key);
      }
    }

    void differing(String text, List<Object> oldKey, List<Object> newKey) {
      if (differingCount++ < cap) {
        pendingDiffering.add(new PendingDiff(oldKey, newKey));
      }
    }

    VerifyResult result(String table, long rowsOld, long rowsNew) {
      boolean equal = missingCount == 0 && extraCount == 0 && differingCount == 0;
      return new VerifyResult(
          table,
          equal ? Status.EQUAL : Status.DIFFERENT,
          rowsOld,
          rowsNew,
          missing,
          extra,
          differingRows,
          missingCount,
          extraCount,
          differingCount,
          null);
    }
  }
}
