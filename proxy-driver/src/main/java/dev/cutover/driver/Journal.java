package dev.cutover.driver;

import dev.cutover.driver.internal.ControlConnections;
import dev.cutover.driver.internal.DivergenceJournal;
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

  private Journal(MigrationConfig config) {
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

  @Override
  public void close() {
    control.close();
  }
}
