package dev.cutover.driver.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.comparator.ColumnDifference;
import dev.cutover.comparator.ComparisonResult;
import dev.cutover.comparator.DifferenceKind;
import dev.cutover.comparator.RowDifference;
import dev.cutover.driver.internal.ControlConnections;
import dev.cutover.driver.internal.ControlSchema;
import dev.cutover.driver.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shadow-read roll-up and samples of one instance, accumulated in memory and written to the
 * control store in batches: per fingerprint, counts are added to what other instances wrote
 * (row-locked read-modify-write, so concurrent instances never lose an increment), samples are
 * appended and trimmed to the newest {@code samplesPerFingerprint}.
 */
final class MismatchStore {
  private static final System.Logger LOG = System.getLogger(MismatchStore.class.getName());
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_SQL = 4000;
  private static final int MAX_DIFFERENCES = 5;

  private final String migration;
  private final String instance;
  private final ControlConnections control;
  private final Dialect dialect;
  private final int samplesPerFingerprint;
  private final boolean redact;
  private final Object lock = new Object();
  private Map<String, Delta> pending = new HashMap<>();
  private final Object flushLock = new Object();
  private volatile boolean schemaReady;

  MismatchStore(
      String migration,
      String instance,
      ControlConnections control,
      String controlUrl,
      int samplesPerFingerprint,
      boolean redact) {
    this.migration = migration;
    this.instance = instance;
    this.control = control;
    this.dialect = Dialect.fromJdbcUrl(controlUrl);
    this.samplesPerFingerprint = samplesPerFingerprint;
    this.redact = redact;
  }

  /** What one fingerprint gained since the last flush. */
  private static final class Delta {
    final String fingerprint;
    String sql;
    String tables;
    long comparisons;
    long mismatches;
    long persistent;
    long transients;
    long nonDeterministic;
    final Map<MismatchKind, Long> kinds = new EnumMap<>(MismatchKind.class);
    Instant firstSeen;
    Instant lastSeen;
    final List<Sample> samples = new ArrayList<>();

    Delta(String fingerprint) {
      this.fingerprint = fingerprint;
    }

    void merge(Delta o) {
      comparisons += o.comparisons;
      mismatches += o.mismatches;
      persistent += o.persistent;
      transients += o.transients;
      nonDeterministic += o.nonDeterministic;
      o.kinds.forEach((k, n) -> kinds.merge(k, n, Long::sum));
      if (firstSeen == null || (o.firstSeen != null && o.firstSeen.isBefore(firstSeen))) {
        firstSeen = o.firstSeen;
      }
      if (lastSeen == null || (o.lastSeen != null && o.lastSeen.isAfter(lastSeen))) {
        lastSeen = o.lastSeen;
      }
      if (sql == null) {
        sql = o.sql;
        tables = o.tables;
      }
      samples.addAll(o.samples);
    }
  }

  private record Sample(
      Instant time,
      MismatchKind kind,
      Classification classification,
      String sql,
      String params,
      String detail) {}

  private Delta delta(ShadowTee tee) {
    String id = ShadowReads.fingerprintId(tee.analysis);
    Delta d = pending.computeIfAbsent(id, Delta::new);
    if (d.sql == null) {
      d.sql = truncate(sqlText(tee));
      d.tables = truncate(String.join(",", tee.analysis.tables()));
    }
    return d;
  }

  void compared(ShadowTee tee) {
    synchronized (lock) {
      delta(tee).comparisons++;
    }
  }

  void mismatch(ShadowTee tee, ComparisonResult result, Classification classification) {
    Instant now = Instant.now();
    String detail = detail(result);
    String params = params(tee);
    MismatchKind main = MismatchKind.of(result.kind().orElse(DifferenceKind.VALUE_DIFFERENCE));
    synchronized (lock) {
      Delta d = delta(tee);
      d.comparisons++;
      d.mismatches++;
      switch (classification) {
        case PERSISTENT -> d.persistent++;
        case TRANSIENT -> d.transients++;
        case NON_DETERMINISTIC -> d.nonDeterministic++;
        default -> throw new IllegalStateException("Invalid classification: " + classification);
      }
      for (DifferenceKind k : result.kinds()) {
        d.kinds.merge(MismatchKind.of(k), 1L, Long::sum);
      }
      seen(d, now);
      if (d.samples.size() < samplesPerFingerprint) {
        d.samples.add(
            new Sample(now, main, classification, truncate(sqlText(tee)), params, detail));
      }
    }
  }

  void failure(ShadowTee tee, MismatchKind kind, Exception e) {
    Instant now = Instant.now();
    ObjectNode detail = JSON.createObjectNode();
    detail.put(
        "error",
        redact ? redactQuoted(String.valueOf(e.getMessage())) : String.valueOf(e.getMessage()));
    if (e instanceof SQLException) {
      detail.put("sqlState", ((SQLException) e).getSQLState());
    }
    String params = params(tee);
    synchronized (lock) {
      Delta d = delta(tee);
      d.kinds.merge(kind, 1L, Long::sum);
      seen(d, now);
      if (d.samples.size() < samplesPerFingerprint) {
        d.samples.add(
            new Sample(
                now,
                kind,
                Classification.NOT_COMPARED,
                truncate(sqlText(tee)),
                params,
                detail.toString()));
      }
    }
  }

  /**
   * The statement as stored: with {@code redactParameters}, its fingerprint (every literal a {@code
   * ?}), since a plain Statement carries its values in the text.
   */
  private String sqlText(ShadowTee tee) {
    return redact ? tee.analysis.fingerprint() : tee.sql;
  }

  /** An error message with its quoted parts (where databases echo values) replaced by {@code ?}. */
  static String redactQuoted(String message) {
    return message.replaceAll("\"[^\"]*\"|'[^']*'", "?");
  }

  private static void seen(Delta d, Instant now) {
    if (d.firstSeen == null) {
      d.firstSeen = now;
    }
    d.lastSeen = now;
  }

  private String params(ShadowTee tee) {
    if (tee.parameters == null) {
      return "[]";
    }
    ArrayNode a = JSON.createArrayNode();
    for (Object v : tee.parameters.display()) {
      if (redact) {
        a.add("?");
      } else if (v == null) {
        a.addNull();
      } else {
        a.add(String.valueOf(v));
      }
    }
    return a.toString();
  }

  /** The first differing rows with the differing columns and both values. */
  private static String detail(ComparisonResult r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("primaryRows", r.leftRowCount());
    o.put("secondaryRows", r.rightRowCount());
    o.put("missingRows", r.missingRows());
    o.put("extraRows", r.extraRows());
    o.put("differingRows", r.differingRows());
    o.put("truncated", r.truncated());
    if (r.detail() != null) {
      o.put("detail", r.detail());
    }
    ArrayNode rows = o.putArray("rows");
    int n = 0;
    for (RowDifference d : r.differences()) {
      if (n++ >= MAX_DIFFERENCES) {
        break;
      }
      ObjectNode row = rows.addObject();
      row.put("kind", d.kind().name());
      ArrayNode primary = row.putArray("primary");
      d.leftValues().forEach(primary::add);
      ArrayNode secondary = row.putArray("secondary");
      d.rightValues().forEach(secondary::add);
      ArrayNode columns = row.putArray("columns");
      for (ColumnDifference c : d.columns()) {
        ObjectNode col = columns.addObject();
        col.put("column", c.column());
        col.put("primary", c.left());
        col.put("secondary", c.right());
      }
    }
    return o.toString();
  }

  private static String truncate(String s) {
    return s == null || s.length() <= MAX_SQL ? s : s.substring(0, MAX_SQL);
  }

  // ------------------------------------------------------------------ flushing

  void flushQuietly() {
    try {
      flush();
    } catch (SQLException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Could not write shadow-read results to the control store; kept for the next flush: "
              + e);
    }
  }

  /** Writes what accumulated since the last flush; on failure it is kept for the next one. */
  void flush() throws SQLException {
    synchronized (flushLock) {
      Map<String, Delta> batch;
      synchronized (lock) {
        if (pending.isEmpty()) {
          return;
        }
        batch = pending;
        pending = new HashMap<>();
      }
      try (Connection c = control.get()) {
        ensureSchema(c);
        c.setAutoCommit(false);
        try {
          // One lock order for every instance, so two flushing instances never deadlock.
          for (Delta d : new TreeMap<>(batch).values()) {
            upsert(c, d);
            insertSamples(c, d);
          }
          c.commit();
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(c, e);
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      } catch (SQLException | RuntimeException e) {
        synchronized (lock) {
          for (Delta d : batch.values()) {
            Delta now = pending.computeIfAbsent(d.fingerprint, Delta::new);
            now.merge(d);
            while (now.samples.size() > samplesPerFingerprint) {
              now.samples.remove(0);
            }
          }
        }
        throw e;
      }
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private void ensureSchema(Connection c) throws SQLException {
    if (schemaReady) {
      return;
    }
    ControlSchema.Types t = ControlSchema.Types.of(dialect);
    {
      dev.cutover.comparator.chunk.ControlStore.createIfMissing(
          c,
          "CREATE TABLE IF NOT EXISTS cutover_mismatch (migration VARCHAR(64) NOT NULL,"
              + " fingerprint VARCHAR(32) NOT NULL, sql_text "
              + t.text()
              + ", table_names VARCHAR(1000), comparisons BIGINT NOT NULL, mismatches BIGINT NOT"
              + " NULL, persistent BIGINT NOT NULL, transients BIGINT NOT NULL, nondeterministic"
              + " BIGINT NOT NULL, kinds VARCHAR(1000) NOT NULL, first_seen "
              + t.timestamp()
              + " NULL, last_seen "
              + t.timestamp()
              + " NULL, PRIMARY KEY (migration, fingerprint))");
      dev.cutover.comparator.chunk.ControlStore.createIfMissing(
          c,
          "CREATE TABLE IF NOT EXISTS cutover_mismatch_sample (id "
              + t.id()
              + " PRIMARY KEY, migration VARCHAR(64) NOT NULL, fingerprint VARCHAR(32) NOT NULL,"
              + " created_at "
              + t.timestamp()
              + " NOT NULL, instance VARCHAR(128), kind VARCHAR(32) NOT NULL, classification"
              + " VARCHAR(32) NOT NULL, sql_text "
              + t.text()
              + ", params "
              + t.text()
              + ", detail "
              + t.text()
              + ")");
      dev.cutover.comparator.chunk.ControlStore.createIfMissing(
          c,
          "CREATE INDEX IF NOT EXISTS cutover_mismatch_sample_fp ON cutover_mismatch_sample"
              + " (migration, fingerprint, id)");
    }
    schemaReady = true;
  }

  private void upsert(Connection c, Delta d) throws SQLException {
    for (int attempt = 0; ; attempt++) {
      Map<MismatchKind, Long> kinds = new EnumMap<>(d.kinds);
      boolean exists = false;
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT kinds FROM cutover_mismatch WHERE migration = ? AND fingerprint = ? FOR"
                  + " UPDATE")) {
        ps.setString(1, migration);
        ps.setString(2, d.fingerprint);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            exists = true;
            parseKinds(rs.getString(1)).forEach((k, n) -> kinds.merge(k, n, Long::sum));
          }
        }
      }
      if (exists) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE cutover_mismatch SET comparisons = comparisons + ?, mismatches ="
                    + " mismatches + ?, persistent = persistent + ?, transients = transients + ?,"
                    + " nondeterministic = nondeterministic + ?, kinds = ?, first_seen ="
                    + " COALESCE(first_seen, ?), last_seen = COALESCE(?, last_seen) WHERE"
                    + " migration = ? AND fingerprint = ?")) {
          ps.setLong(1, d.comparisons);
          ps.setLong(2, d.mismatches);
          ps.setLong(3, d.persistent);
          ps.setLong(4, d.transients);
          ps.setLong(5, d.nonDeterministic);
          ps.setString(6, kindsJson(kinds));
          ps.setTimestamp(7, ts(d.firstSeen));
          ps.setTimestamp(8, ts(d.lastSeen));
          ps.setString(9, migration);
          ps.setString(10, d.fingerprint);
          ps.executeUpdate();
        }
        return;
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO cutover_mismatch (migration, fingerprint, sql_text, table_names,"
                  + " comparisons, mismatches, persistent, transients, nondeterministic, kinds,"
                  + " first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, migration);
        ps.setString(2, d.fingerprint);
        ps.setString(3, d.sql);
        ps.setString(4, d.tables);
        ps.setLong(5, d.comparisons);
        ps.setLong(6, d.mismatches);
        ps.setLong(7, d.persistent);
        ps.setLong(8, d.transients);
        ps.setLong(9, d.nonDeterministic);
        ps.setString(10, kindsJson(kinds));
        ps.setTimestamp(11, ts(d.firstSeen));
        ps.setTimestamp(12, ts(d.lastSeen));
        ps.executeUpdate();
        return;
      } catch (SQLException duplicate) {
        // Another instance inserted the row between our SELECT and INSERT: add to it instead.
        if (attempt > 0
            || duplicate.getSQLState() == null
            || !duplicate.getSQLState().startsWith("23")) {
          throw duplicate;
        }
        LOG.log(System.Logger.Level.DEBUG, "Concurrent roll-up insert; retrying as update");
      }
    }
  }

  private void insertSamples(Connection c, Delta d) throws SQLException {
    if (d.samples.isEmpty() || samplesPerFingerprint == 0) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO cutover_mismatch_sample (migration, fingerprint, created_at, instance,"
                + " kind, classification, sql_text, params, detail) VALUES (?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?)")) {
      for (Sample s : d.samples) {
        ps.setString(1, migration);
        ps.setString(2, d.fingerprint);
        ps.setTimestamp(3, ts(s.time()));
        ps.setString(4, instance);
        ps.setString(5, s.kind().name());
        ps.setString(6, s.classification().name());
        ps.setString(7, s.sql());
        ps.setString(8, s.params());
        ps.setString(9, s.detail());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    long cutoff = -1;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id FROM cutover_mismatch_sample WHERE migration = ? AND fingerprint = ?"
                + " ORDER BY id DESC")) {
      ps.setString(1, migration);
      ps.setString(2, d.fingerprint);
      ps.setMaxRows(samplesPerFingerprint + 1);
      try (ResultSet rs = ps.executeQuery()) {
        int n = 0;
        while (rs.next()) {
          if (++n > samplesPerFingerprint) {
            cutoff = rs.getLong(1);
          }
        }
      }
    }
    if (cutoff >= 0) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "DELETE FROM cutover_mismatch_sample WHERE migration = ? AND fingerprint = ? AND"
                  + " id <= ?")) {
        ps.setString(1, migration);
        ps.setString(2, d.fingerprint);
        ps.setLong(3, cutoff);
        ps.executeUpdate();
      }
    }
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  static String kindsJson(Map<MismatchKind, Long> kinds) {
    Map<String, Long> sorted = new TreeMap<>();
    kinds.forEach((k, n) -> sorted.put(k.name(), n));
    try {
      return JSON.writeValueAsString(sorted);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<MismatchKind, Long> parseKinds(String json) {
    Map<MismatchKind, Long> kinds = new EnumMap<>(MismatchKind.class);
    if (json == null || json.isBlank()) {
      return kinds;
    }
    try {
      Map<String, Long> raw =
          JSON.readValue(json, new TypeReference<LinkedHashMap<String, Long>>() {});
      raw.forEach((k, n) -> kinds.put(MismatchKind.valueOf(k), n));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      LOG.log(System.Logger.Level.WARNING, "Unreadable kinds in cutover_mismatch: " + json);
    }
    return kinds;
  }

  // ------------------------------------------------------------------ reading

  MismatchReport report(int samples) throws SQLException {
    try (Connection c = control.get()) {
      ensureSchema(c);
      return MismatchReport.read(c, migration, samples);
    }
  }
}
