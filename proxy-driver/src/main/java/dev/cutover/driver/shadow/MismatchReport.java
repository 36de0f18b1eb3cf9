package dev.cutover.driver.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shadow-read roll-up of one migration as every instance reported it into the control store:
 * per statement fingerprint, its counts, kinds and newest samples. The {@code cutover report}
 * command and the console read it.
 *
 * @param fingerprints one entry per fingerprint, most mismatches first
 */
public record MismatchReport(List<FingerprintRollup> fingerprints) {

  /** Makes the list immutable. */
  public MismatchReport {
    fingerprints = List.copyOf(fingerprints);
  }

  /**
   * The roll-up of one statement shape.
   *
   * @param fingerprint the id of the statement shape (also the key of {@code
   *     shadow.fingerprints.<id>})
   * @param sql a sample of the statement's text
   * @param tables the tables it reads
   * @param comparisons results compared (equal or different)
   * @param mismatches comparisons that differed
   * @param persistent mismatches that held on re-check
   * @param transients mismatches that went away on re-check (races)
   * @param nonDeterministic mismatches of statements with non-deterministic functions
   * @param kinds counts by kind, including secondary errors and timeouts
   * @param firstSeen the first mismatch, error or timeout, null when none
   * @param lastSeen the latest mismatch, error or timeout, null when none
   * @param samples the newest samples, newest first
   */
  public record FingerprintRollup(
      String fingerprint,
      String sql,
      List<String> tables,
      long comparisons,
      long mismatches,
      long persistent,
      long transients,
      long nonDeterministic,
      Map<MismatchKind, Long> kinds,
      Instant firstSeen,
      Instant lastSeen,
      List<Sample> samples) {

    /** Copies the collections. */
    public FingerprintRollup {
      tables = List.copyOf(tables);
      kinds = Collections.unmodifiableMap(new LinkedHashMap<>(kinds));
      samples = List.copyOf(samples);
    }

    /** Mismatches per comparison, 0 when nothing was compared. */
    public double rate() {
      return comparisons == 0 ? 0.0 : (double) mismatches / comparisons;
    }
  }

  /**
   * One stored mismatch, error or timeout.
   *
   * @param time when it was found
   * @param instance the driver or proxy instance that found it
   * @param kind its main kind
   * @param classification PERSISTENT, TRANSIENT, NON_DETERMINISTIC or NOT_COMPARED
   * @param sql the statement's text
   * @param parameters the parameter values as JSON (values are {@code "?"} when redacted)
   * @param detail JSON: row counts and the first differing rows with their columns and both values
   */
  public record Sample(
      Instant time,
      String instance,
      MismatchKind kind,
      Classification classification,
      String sql,
      String parameters,
      String detail) {}

  /** Reads a migration's roll-up from a control-store connection, with up to {@code samples}. */
  public static MismatchReport read(Connection control, String migration, int samples)
      throws SQLException {
    List<FingerprintRollup> out = new ArrayList<>();
    try (PreparedStatement ps =
        control.prepareStatement(
            "SELECT fingerprint, sql_text, table_names, comparisons, mismatches, persistent,"
                + " transients, nondeterministic, kinds, first_seen, last_seen FROM"
                + " cutover_mismatch WHERE migration = ? ORDER BY mismatches DESC, fingerprint")) {
      ps.setString(1, migration);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String fp = rs.getString(1);
          String tables = rs.getString(3);
          out.add(
              new FingerprintRollup(
                  fp,
                  rs.getString(2),
                  tables == null || tables.isEmpty() ? List.of() : Arrays.asList(tables.split(",")),
                  rs.getLong(4),
                  rs.getLong(5),
                  rs.getLong(6),
                  rs.getLong(7),
                  rs.getLong(8),
                  MismatchStore.parseKinds(rs.getString(9)),
                  instant(rs.getTimestamp(10)),
                  instant(rs.getTimestamp(11)),
                  samples(control, migration, fp, samples)));
        }
      }
    }
    return new MismatchReport(out);
  }

  private static List<Sample> samples(Connection c, String migration, String fp, int limit)
      throws SQLException {
    List<Sample> out = new ArrayList<>();
    if (limit <= 0) {
      return out;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT created_at, instance, kind, classification, sql_text, params, detail FROM"
                + " cutover_mismatch_sample WHERE migration = ? AND fingerprint = ? ORDER BY id"
                + " DESC")) {
      ps.setString(1, migration);
      ps.setString(2, fp);
      ps.setMaxRows(limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Sample(
                  instant(rs.getTimestamp(1)),
                  rs.getString(2),
                  MismatchKind.valueOf(rs.getString(3)),
                  Classification.valueOf(rs.getString(4)),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7)));
        }
      }
    }
    return out;
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  /** The entry of one fingerprint, if it was ever compared or failed. */
  public java.util.Optional<FingerprintRollup> fingerprint(String id) {
    return fingerprints.stream().filter(f -> f.fingerprint().equals(id)).findFirst();
  }

  /** Total mismatches over all fingerprints. */
  public long totalMismatches() {
    return fingerprints.stream().mapToLong(FingerprintRollup::mismatches).sum();
  }

  /**
   * The {@code "mismatches"} array of {@code cutover report --json}: fingerprints that had a
   * mismatch, an error or a timeout ({@code kinds} not empty), with their samples, as JSON text
   * (text, so no relocated JSON library type leaks out of the driver jar).
   */
  public String toJson() {
    ArrayNode array = MismatchStore.JSON.createArrayNode();
    for (FingerprintRollup f : fingerprints) {
      if (f.kinds().isEmpty()) {
        continue;
      }
      ObjectNode o = array.addObject();
      o.put("fingerprint", f.fingerprint());
      o.put("sql", f.sql());
      ArrayNode tables = o.putArray("tables");
      f.tables().forEach(tables::add);
      o.put("comparisons", f.comparisons());
      o.put("mismatches", f.mismatches());
      o.put("persistent", f.persistent());
      o.put("transient", f.transients());
      o.put("nonDeterministic", f.nonDeterministic());
      ObjectNode kinds = o.putObject("kinds");
      f.kinds().forEach((k, n) -> kinds.put(k.name(), n));
      o.put("firstSeen", f.firstSeen() == null ? null : f.firstSeen().toString());
      o.put("lastSeen", f.lastSeen() == null ? null : f.lastSeen().toString());
      ArrayNode samples = o.putArray("samples");
      for (Sample s : f.samples()) {
        ObjectNode so = samples.addObject();
        so.put("time", s.time() == null ? null : s.time().toString());
        so.put("instance", s.instance());
        so.put("kind", s.kind().name());
        so.put("classification", s.classification().name());
        so.put("sql", s.sql());
        so.set("params", parse(s.parameters()));
        so.set("detail", parse(s.detail()));
      }
    }
    return array.toString();
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return MismatchStore.JSON.nullNode();
    }
    try {
      return MismatchStore.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return MismatchStore.JSON.getNodeFactory().textNode(json);
    }
  }
}
