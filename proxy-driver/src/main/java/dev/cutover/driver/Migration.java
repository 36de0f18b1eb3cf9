package dev.cutover.driver;

import dev.cutover.driver.control.ControlPlane;
import dev.cutover.driver.internal.MigrationContext;
import dev.cutover.driver.internal.SequenceSync;
import dev.cutover.driver.shadow.MismatchReport;
import dev.cutover.driver.shadow.ShadowStatistics;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A running migration inside this process: its phase, its journal, its metrics. Every connection
 * opened from the same configuration shares one {@code Migration}; get it from {@link
 * CutoverDriver#migration(String)} or {@link CutoverDataSource#getMigration()}.
 */
public final class Migration implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Migration.class.getName());

  /** How long {@link #setPhase} waits for the sequences' alignment before giving up on it. */
  private static final long SEQUENCE_BUDGET_MILLIS = 10_000;

  /** The same for a move back, which must not wait long for the database it leaves. */
  private static final long SEQUENCE_BUDGET_BACK_MILLIS = 2_000;

  private final MigrationContext context;
  private final ControlPlane controlPlane;

  Migration(MigrationConfig config) {
    this.context = new MigrationContext(config);
    this.controlPlane = ControlPlane.join(context);
  }

  /**
   * The fleet-wide control plane as this instance takes part in it: status, readiness, fenced
   * flips, audit.
   */
  public ControlPlane controlPlane() {
    return controlPlane;
  }

  MigrationContext context() {
    return context;
  }

  /**
   * Leaves the fleet and releases the migration's threads and pools (on undeploy, or in tests);
   * queued asynchronous secondary writes are given up to 30 s to finish. Connections opened
   * afterwards from the same configuration start a new {@code Migration}.
   */
  @Override
  public void close() {
    CutoverDriver.forget(this);
    controlPlane.close();
    context.close();
  }

  /** The migration's name from the configuration. */
  public String name() {
    return context.config().migration();
  }

  public MigrationConfig config() {
    return context.config();
  }

  /** The phase new statements and transactions start under. */
  public Phase phase() {
    return context.phase();
  }

  /**
   * Moves this process only (not the fleet, not the control store) to an adjacent phase; for tests
   * and single-process tools. The fleet-wide, fenced move is {@link ControlPlane#flip}. Statements
   * and transactions already running finish under the phase they started with.
   *
   * <p>A move that changes the primary database first moves the incoming primary's sequences
   * forward to the outgoing one's (as the fenced flip does at its quiet point; without the fence, a
   * write in flight may still draw on the outgoing side, and its id reaches the incoming one
   * explicitly). A move to the new database does not happen when they cannot all be compared or
   * moved: its next ids could collide with ids already used. See {@link #setPhase(Phase, String,
   * boolean)} to move anyway.
   *
   * @throws IllegalStateException when {@code to} is not adjacent to the current phase, the phase
   *     changed concurrently, or the sequences could not be aligned for a move to the new database
   */
  public void setPhase(Phase to, String reason) {
    setPhase(to, reason, false);
  }

  /**
   * As {@link #setPhase(Phase, String)}; with {@code force}, a move to the new database goes on
   * when its sequences could not all be aligned (logged as a warning). A move back to the old
   * database always goes on, after at most 2 s: it must not wait for the database it leaves.
   */
  public void setPhase(Phase to, String reason, boolean force) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("A phase change needs a reason");
    }
    Phase from = context.phase();
    if (from == to) {
      return;
    }
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException(
          "Invalid phase move: " + from + " -> " + to + " (only adjacent moves are allowed)");
    }
    if (from.primary() != to.primary()) {
      alignSequences(from.primary(), to.primary(), force);
    }
    if (!context.compareAndSetPhase(from, to)) {
      throw new IllegalStateException(
          "Phase changed concurrently from " + from + " to " + context.phase());
    }
    LOG.log(
        System.Logger.Level.INFO,
        "Migration " + name() + ": phase " + from + " -> " + to + " (" + reason + ")");
  }

  private void alignSequences(Phase.Side from, Phase.Side to, boolean force) {
    MigrationConfig c = context.config();
    List<String> failed = new ArrayList<>();
    try {
      SequenceSync.Result r =
          SequenceSync.of(c.database(from), c.database(to))
              .alignWithin(
                  to == Phase.Side.NEW ? SEQUENCE_BUDGET_MILLIS : SEQUENCE_BUDGET_BACK_MILLIS);
      if (!r.moves().isEmpty()) {
        LOG.log(
            System.Logger.Level.INFO,
            "Migration " + name() + ": sequences moved forward on the " + to + ": " + r.moves());
      }
      r.warnings()
          .forEach(w -> LOG.log(System.Logger.Level.WARNING, "Migration " + name() + ": " + w));
      failed.addAll(r.failures());
    } catch (SQLException e) {
      failed.add(e.getMessage());
    }
    if (failed.isEmpty()) {
      return;
    }
    String problem =
        "the " + to + " database's sequences could not all be compared or moved: " + failed;
    if (to == Phase.Side.NEW && !force) {
      throw new IllegalStateException(
          "Phase not changed: "
              + problem
              + "; its next ids could collide with ids already used (setPhase(phase, reason, true)"
              + " moves anyway)");
    }
    LOG.log(System.Logger.Level.WARNING, "Migration " + name() + ": " + problem);
  }

  /**
   * Binds the driver's meters to an application registry.
   *
   * @param meterRegistry an {@code io.micrometer.core.instrument.MeterRegistry}; typed as Object so
   *     the driver loads without Micrometer on the class path
   */
  public void bindMetrics(Object meterRegistry) {
    context.metrics().bindTo(meterRegistry);
  }

  /** The newest divergences recorded for this migration, newest first. */
  public List<Divergence> divergences(int limit) throws SQLException {
    return context.journal().list(limit, false);
  }

  /** Unresolved divergences by kind. */
  public Map<String, Long> unresolvedDivergences() throws SQLException {
    return context.journal().countUnresolved();
  }

  /**
   * Secondary writes queued and not yet applied (asynchronous mode; always 0 in synchronous mode).
   */
  public int pendingSecondaryWrites() {
    return context.asyncPending();
  }

  /**
   * Changes the fraction of reads shadowed on the secondary in this process, from now on ({@code
   * shadow.tables} and {@code shadow.fingerprints} overrides still apply).
   *
   * @throws IllegalArgumentException when {@code rate} is not between 0.0 and 1.0
   */
  public void setShadowSampleRate(double rate) {
    context.shadow().setSampleRate(rate);
  }

  /** The global shadow sample rate in effect in this process. */
  public double shadowSampleRate() {
    return context.shadow().sampleRate();
  }

  /** This process's shadow-read counts since start. */
  public ShadowStatistics shadowStatistics() {
    return context.shadow().statistics();
  }

  /**
   * Waits up to {@code timeout} for queued shadow reads and re-checks to finish, then writes this
   * process's roll-up to the control store; false when the timeout passed first.
   */
  public boolean drainShadowReads(Duration timeout) throws SQLException {
    return context.shadow().drain(timeout);
  }

  /**
   * The shadow-read roll-up of this migration as every instance reported it, with up to {@code
   * samplesPerFingerprint} newest samples each (this process's pending results are written first).
   */
  public MismatchReport mismatchReport(int samplesPerFingerprint) throws SQLException {
    return context.shadow().report(samplesPerFingerprint);
  }
}
