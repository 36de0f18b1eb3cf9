package dev.cutover.driver;

import dev.cutover.driver.internal.ControlConnections;
import dev.cutover.driver.internal.DivergenceJournal;
import dev.cutover.driver.shadow.MismatchReport;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The divergence journal read from outside the fleet (the CLI, the console): unlike a {@link
 * Migration}, opening it does not make this process an instance that flips wait for.
 */
public final class Journal implements AutoCloseable {
  private final ControlConnections control;
  private final DivergenceJournal journal;
  private final String migration;

  private Journal(MigrationConfig config) {
    this.migration = config.migration();
    this.control =
        new ControlConnections(config.controlDatabase(), config.migration() + "-journal");
    this.journal =
        new DivergenceJournal(
            config.migration(), config.instanceId(), control, config.journalSpillDirectory());
  }

  public static Journal open(MigrationConfig config) {
    return new Journal(config);
  }

  /** Newest first; {@code unresolvedOnly} leaves repaired entries out. */
  public List<Divergence> list(int limit, boolean unresolvedOnly) throws SQLException {
    return journal.list(limit, unresolvedOnly);
  }

  /** Unresolved entries by kind. */
  public Map<String, Long> unresolved() throws SQLException {
    return journal.countUnresolved();
  }

  /** Marks entries resolved; returns how many changed. */
  public int markResolved(List<Long> ids) throws SQLException {
    return journal.markResolved(ids);
  }

  /** Moves entries spilled to the local file while the control store was down into the store. */
  public int recoverSpill() {
    return journal.recoverSpill();
  }

  /**
   * The shadow-read mismatch roll-up per fingerprint with up to {@code samples} samples each; empty
   * when no instance has reported yet.
   */
  public MismatchReport mismatches(int samples) throws SQLException {
    try (Connection c = control.get()) {
      DatabaseMetaData md = c.getMetaData();
      for (String name : new String[] {"cutover_mismatch", "CUTOVER_MISMATCH"}) {
        try (ResultSet rs = md.getTables(null, null, name, new String[] {"TABLE"})) {
          if (rs.next()) {
            return MismatchReport.read(c, migration, samples);
          }
        }
      }
      return new MismatchReport(List.of());
    }
  }

  @Override
  public void close() {
    control.close();
  }
}
