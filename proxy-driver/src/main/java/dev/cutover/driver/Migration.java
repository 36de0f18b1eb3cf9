package dev.cutover.driver;

import dev.cutover.driver.control.ControlPlane;
import dev.cutover.driver.internal.MigrationContext;
import dev.cutover.driver.shadow.MismatchReport;
import dev.cutover.driver.shadow.ShadowStatistics;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A running migration inside this process: its phase, its journal, its metrics. Every connection
 * opened from the same configuration shares one {@code Migration}; get it from {@link
 * CutoverDriver#migration(String)} or {@link CutoverDataSource#getMigration()}.
 */
public final class Migration implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Migration.class.getName());

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
   * and single-process tools. The fleet-wide move is {@link ControlPlane#flip}.
   *
   * <p>Moves this process to an adjacent phase. Statements and transactions already running finish
   * under the phase they started with. The fleet-wide, fenced move goes through the control plane.
   *
   * @throws IllegalStateException when {@code to} is not adjacent to the current phase, or the
   *     phase changed concurrently
   */
  public void setPhase(Phase to, String reason) {
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
    if (!context.compareAndSetPhase(from, to)) {
      throw new IllegalStateException(
          "Phase changed concurrently from " + from + " to " + context.phase());
    }
    LOG.log(
        System.Logger.Level.INFO,
        "Migration " + name() + ": phase " + from + " -> " + to + " (" + reason + ")");
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
