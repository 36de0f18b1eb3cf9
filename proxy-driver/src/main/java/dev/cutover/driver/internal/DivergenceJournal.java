package dev.cutover.driver.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cutover.driver.Divergence;
import dev.cutover.driver.sql.Dialect;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The durable record of every secondary write that did not happen exactly as on the primary.
 *
 * <p>Entries are written synchronously to {@code cutover_divergence} in the control store: this is
 * the failure path, and a divergence held only in memory would be lost with the process. When the
 * control store itself is unreachable, the entry is appended to a JSON-lines spill file instead and
 * moved into the store by {@link #recoverSpill()} once it is back.
 */
public final class DivergenceJournal {
  private static final System.Logger LOG = System.getLogger(DivergenceJournal.class.getName());
  private static final int MAX_TEXT = 64 * 1024;

  private final String migration;
  private final String instance;
  private final ControlConnections control;
  private final Path spillFile;
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private volatile boolean schemaReady;

  public DivergenceJournal(
      String migration, String instance, ControlConnections control, Path spillDirectory) {
    this.migration = migration;
    this.instance = instance;
    this.control = control;
    this.spillFile = spillDirectory.resolve("cutover-journal-" + migration + ".jsonl");
  }

  /** Stores one divergence; never throws (a failure spills to the local file and is logged). */
  public void record(
      Divergence.Kind kind,
      List<String> tables,
      String sql,
      List<Object> parameters,
      List<Object> keys,
      String error,
      String sqlState) {
    Divergence d =
        new Divergence(
            0,
            Instant.now(),
            instance,
            kind,
            tables,
            sql,
            parameters,
            keys,
            error,
            sqlState,
            false);
    long now = System.nanoTime();
    if (now - storeDownUntil < 0) {
      // The store failed moments ago (perhaps after a network timeout): do not make every
      // journaled write wait for it again; spill, and try the store after the pause.
      spill(d, null);
      return;
    }
    try {
      insert(d);
    } catch (SQLException | RuntimeException e) {
      storeDownUntil = System.nanoTime() + STORE_RETRY_NANOS;
      spill(d, e);
    }
  }

  /** How long after a failed write the journal spills without trying the store. */
  private static final long STORE_RETRY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

  /** {@link System#nanoTime()} until which entries are spilled without trying the store. */
  private volatile long storeDownUntil = System.nanoTime();

  private void insert(Divergence d) throws SQLException {
    try (Connection c = control.get()) {
      ensureSchema(c);
      insert(c, d);
    }
  }

  private void insert(Connection c, Divergence d) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO cutover_divergence (migration, created_at, instance, kind, table_names, sql_text,"
                + " params, row_keys, error, sql_state, resolved) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, migration);
      ps.setTimestamp(2, Timestamp.valueOf(LocalDateTime.ofInstant(d.time(), ZoneOffset.UTC)));
      ps.setString(3, d.instance());
      ps.setString(4, d.kind().name());
      ps.setString(5, clip(String.join(",", d.tables()), 1000));
      ps.setString(6, clip(d.sql(), MAX_TEXT));
      ps.setString(7, clip(toJson(d.parameters()), MAX_TEXT));
      ps.setString(8, d.keys().isEmpty() ? null : clip(toJson(d.keys()), MAX_TEXT));
      ps.setString(9, clip(d.error(), MAX_TEXT));
      ps.setString(10, d.sqlState() == null ? null : clip(d.sqlState(), 5));
      ps.setBoolean(11, false);
      ps.executeUpdate();
    }
  }

  private void ensureSchema(Connection c) throws SQLException {
    if (!schemaReady) {
      ControlSchema.ensureJournal(c, Dialect.fromJdbcUrl(c.getMetaData().getURL()));
      schemaReady = true;
    }
  }

  private synchronized void spill(Divergence d, Exception cause) {
    LOG.log(
        System.Logger.Level.ERROR,
        "Control store unreachable ("
            + (cause == null ? "it failed moments ago" : cause.getMessage())
            + "); divergence "
            + d.kind()
            + " spilled to "
            + spillFile);
    try {
      Files.createDirectories(spillFile.getParent());
      try (BufferedWriter w =
          Files.newBufferedWriter(
              spillFile,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND,
              StandardOpenOption.SYNC)) {
        w.write(json.writeValueAsString(d));
        w.newLine();
      }
    } catch (IOException e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "Divergence could not be recorded anywhere: " + d.kind() + " " + d.sql(),
          e);
    }
  }

  /** Moves divergences spilled while the control store was down into it; returns how many moved. */
  public synchronized int recoverSpill() {
    if (!Files.exists(spillFile)) {
      return 0;
    }
    try (Connection c = control.get()) {
      ensureSchema(c);
      List<String> lines = Files.readAllLines(spillFile, StandardCharsets.UTF_8);
      int moved = 0;
      for (String line : lines) {
        if (!line.isBlank()) {
          insert(c, json.readValue(line, Divergence.class));
          moved++;
        }
      }
      Files.delete(spillFile);
      return moved;
    } catch (SQLException | IOException e) {
      LOG.log(System.Logger.Level.WARNING, "Spilled divergences stay in " + spillFile, e);
      return 0;
    }
  }

  /** Reads divergences, newest first; {@code unresolvedOnly} filters resolved ones out. */
  public List<Divergence> list(int limit, boolean unresolvedOnly) throws SQLException {
    List<Divergence> out = new ArrayList<>();
    try (Connection c = control.get()) {
      ensureSchema(c);
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, created_at, instance, kind, table_names, sql_text, params, row_keys, error,"
                  + " sql_state, resolved FROM cutover_divergence WHERE migration = ?"
                  + (unresolvedOnly ? " AND resolved = FALSE" : "")
                  + " ORDER BY id DESC")) {
        ps.setString(1, migration);
        ps.setMaxRows(limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String tables = rs.getString(5);
            out.add(
                new Divergence(
                    rs.getLong(1),
                    rs.getTimestamp(2).toLocalDateTime().toInstant(ZoneOffset.UTC),
                    rs.getString(3),
                    Divergence.Kind.valueOf(rs.getString(4)),
                    tables == null || tables.isEmpty() ? List.of() : List.of(tables.split(",")),
                    rs.getString(6),
                    fromJson(rs.getString(7)),
                    fromJson(rs.getString(8)),
                    rs.getString(9),
                    rs.getString(10),
                    rs.getBoolean(11)));
          }
        }
      }
    }
    return out;
  }

  /** Counts this migration's divergences by kind, unresolved only. */
  public Map<String, Long> countUnresolved() throws SQLException {
    Map<String, Long> out = new java.util.TreeMap<>();
    try (Connection c = control.get()) {
      ensureSchema(c);
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT kind, COUNT(*) FROM cutover_divergence WHERE migration = ? AND resolved = FALSE"
                  + " GROUP BY kind")) {
        ps.setString(1, migration);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getLong(2));
          }
        }
      }
    }
    return out;
  }

  /** Marks entries resolved (after repair); returns how many changed. */
  public int markResolved(List<Long> ids) throws SQLException {
    if (ids.isEmpty()) {
      return 0;
    }
    int changed = 0;
    try (Connection c = control.get()) {
      ensureSchema(c);
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE cutover_divergence SET resolved = TRUE, resolved_at = ? WHERE migration = ?"
                  + " AND id = ? AND resolved = FALSE")) {
        Timestamp now = Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC));
        for (Long id : ids) {
          ps.setTimestamp(1, now);
          ps.setString(2, migration);
          ps.setLong(3, id);
          changed += ps.executeUpdate();
        }
      }
    }
    return changed;
  }

  private String toJson(List<Object> values) {
    try {
      return json.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      return String.valueOf(values);
    }
  }

  private List<Object> fromJson(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    try {
      return json.readValue(text, new TypeReference<List<Object>>() {});
    } catch (JsonProcessingException e) {
      return List.of(text);
    }
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
