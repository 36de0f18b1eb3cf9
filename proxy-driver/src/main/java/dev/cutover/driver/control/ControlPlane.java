package dev.cutover.driver.control;

import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.Phase;
import dev.cutover.driver.control.ControlStore.ControlRow;
import dev.cutover.driver.control.ControlStore.InstanceRow;
import dev.cutover.driver.internal.ControlConnections;
import dev.cutover.driver.internal.MigrationContext;
import dev.cutover.driver.internal.PhaseOverrides;
import dev.cutover.driver.internal.SequenceSync;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fleet-wide phase of a migration: what it is, which instances have applied it, whether the
 * move towards the new database is ready, and the fenced flip that changes it. The {@code cutover
 * phase} command and the admin console use this API; every driver instance runs one too (see {@link
 * dev.cutover.driver.Migration#controlPlane()}).
 *
 * <p>All results are records of plain values, so they serialize to JSON as they are.
 */
public final class ControlPlane implements AutoCloseable {
  private final MigrationConfig config;
  private final ControlStore store;
  private final ControlConnections ownedPool;
  private final FencedFlip flip;
  private final ReadinessGate readiness;
  private final FleetMember member;
  private final String defaultActor;

  private ControlPlane(
      MigrationConfig config,
      ControlConnections pool,
      boolean ownsPool,
      MigrationContext instance) {
    this.config = config;
    this.store = new ControlStore(pool, config.migration());
    this.ownedPool = ownsPool ? pool : null;
    this.flip =
        new FencedFlip(
            store,
            pool,
            config.pollInterval().toMillis(),
            config.holdTimeout().toMillis(),
            config.deadAfter().toMillis(),
            (from, to) -> SequenceSync.of(config.database(from), config.database(to)));
    this.readiness = new ReadinessGate(config);
    this.member = instance == null ? null : new FleetMember(instance, store, this);
    this.defaultActor =
        instance != null
            ? instance.instanceId()
            : System.getProperty("user.name", "operator") + "@" + config.instanceId();
  }

  /**
   * A control plane for an operator tool (CLI, console): reads and flips the fleet's phase without
   * being an instance of it. Creates the control tables when missing.
   */
  public static ControlPlane open(MigrationConfig config) throws SQLException {
    ControlPlane p =
        new ControlPlane(
            config,
            new ControlConnections(config.controlDatabase(), config.migration() + "-admin"),
            true,
            null);
    try {
      p.store.readOrCreate(config.phase());
    } catch (SQLException e) {
      p.close();
      throw e;
    }
    return p;
  }

  /**
   * Makes a driver instance a member of the fleet: reads the phase from the store, then polls,
   * heartbeats and follows flips on a daemon thread until the context closes. Used by the driver.
   */
  public static ControlPlane join(MigrationContext instance) {
    ControlPlane p =
        new ControlPlane(instance.config(), instance.controlConnections(), false, instance);
    instance.attachMember(p);
    return p;
  }

  /** The migration's phase, version, fleet and readiness. */
  public Status status() throws SQLException {
    ControlRow row = store.readOrCreate(config.phase());
    long now = System.currentTimeMillis();
    long dead = config.deadAfter().toMillis();
    List<InstanceStatus> fleet = new ArrayList<>();
    boolean converged = true;
    for (InstanceRow i : store.instances()) {
      long age = now - i.lastSeen();
      boolean isDead = age > dead;
      boolean current = i.appliedVersion() == row.version();
      if (!isDead && !current) {
        converged = false;
      }
      fleet.add(
          new InstanceStatus(
              i.instance(),
              i.host(),
              i.process(),
              i.appliedVersion(),
              i.appliedPhase(),
              current,
              age,
              isDead,
              i.stale(),
              i.inFlight()));
    }
    return new Status(
        config.migration(),
        row.phase(),
        PhaseOverrides.parseMap(row.overrides()),
        row.version(),
        row.flipState().name(),
        converged,
        fleet,
        readiness());
  }

  /** The readiness checks of a move towards the new database, with their current state. */
  public Readiness readiness() {
    return readiness.evaluate(store);
  }

  /**
   * Flips the fleet to {@code to} through the fenced protocol and waits until the fleet applied it.
   * Only adjacent moves; a move towards the new database must pass the readiness checks unless
   * {@code force} (the audit records it as forced, with the failing checks).
   */
  public FlipResult flip(Phase to, String reason, boolean force) throws SQLException {
    return flip(to, reason, force, defaultActor);
  }

  /** As {@link #flip(Phase, String, boolean)}, naming who asked for it in the audit log. */
  public FlipResult flip(Phase to, String reason, boolean force, String actor) throws SQLException {
    return flip.run(to, reason, force, actor, 0, this::readiness, null);
  }

  /**
   * Moves one table's phase (its override) to {@code to} through the same fenced, audited flip:
   * adjacent moves only, counted from the table's current phase (its override, else the global
   * phase), with the readiness gate on moves towards the new database. Setting a table to the
   * global phase removes its override. Statements are then routed by the phase of their tables.
   */
  public FlipResult flipTable(String table, Phase to, String reason, boolean force, String actor)
      throws SQLException {
    if (to == null) {
      throw new IllegalArgumentException("A table's phase change needs a target phase");
    }
    return flip.run(to, reason, force, actor, 0, this::readiness, table);
  }

  /**
   * Removes a table's override: the table follows the global phase again. A fenced, audited move
   * like {@link #flipTable}; refused when the global phase is not adjacent to the table's phase
   * (move the table step by step first).
   */
  public FlipResult clearOverride(String table, String reason, boolean force, String actor)
      throws SQLException {
    return flip.run(null, reason, force, actor, 0, this::readiness, table);
  }

  FlipResult autoRollback(long version, Phase from, Phase to, String why, String actor)
      throws SQLException {
    return flip.run(
        to, "automatic rollback from " + from + ": " + why, true, actor, version, null, null);
  }

  /** The newest audit entries, newest first. */
  public List<AuditEntry> audit(int limit) throws SQLException {
    return store.audit(limit);
  }

  /**
   * True when this driver instance could not reach the control store at its last poll (it keeps its
   * last phase); always false for an operator's control plane.
   */
  public boolean isStale() {
    return member != null && member.isStale();
  }

  /** The control-store version this driver instance applied (0 for an operator's control plane). */
  public long appliedVersion() {
    return member == null ? 0 : member.appliedVersion();
  }

  /** This instance's id in heartbeats, or the operator actor name. */
  public String instance() {
    return defaultActor;
  }

  FleetMember member() {
    return member;
  }

  @Override
  public void close() {
    if (member != null) {
      member.close();
    }
    flip.close();
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  // ---------------------------------------------------------------- API records

  /** How a flip ended. */
  public enum Outcome {
    /** The new phase is the fleet's phase. */
    COMMITTED,
    /** Announced but abandoned; the fleet stayed in the old phase. */
    ABORTED,
    /** Not started: not adjacent, not ready, or another flip in progress. */
    REFUSED
  }

  /** One line of the audit log; {@code table} is null for a move of the global phase. */
  public record AuditEntry(
      long id,
      long at,
      String actor,
      Phase from,
      Phase to,
      String reason,
      Outcome outcome,
      boolean forced,
      long version,
      String detail,
      String table) {}

  /**
   * The result of a flip; {@code fleetApplied} is what {@code cutover phase set} exits on; {@code
   * table} is null for a move of the global phase.
   */
  public record FlipResult(
      Outcome outcome,
      Phase from,
      Phase to,
      long version,
      boolean forced,
      boolean fleetApplied,
      List<String> reasons,
      long fenceMillis,
      long totalMillis,
      String table) {
    /** Committed and applied by every live instance. */
    public boolean succeeded() {
      return outcome == Outcome.COMMITTED && fleetApplied;
    }
  }

  /** One readiness check and its state. */
  public record Check(String name, State state, String detail) {
    /** A check's state; only {@code PASS} lets an unforced move through. */
    public enum State {
      PASS,
      FAIL,
      NOT_AVAILABLE
    }

    public boolean passed() {
      return state == State.PASS;
    }
  }

  /** All readiness checks; {@code ready} when every one passed. */
  public record Readiness(boolean ready, List<Check> checks) {
    public List<Check> failing() {
      return checks.stream().filter(c -> !c.passed()).toList();
    }
  }

  /** One instance as its heartbeat shows it. */
  public record InstanceStatus(
      String instance,
      String host,
      String process,
      long appliedVersion,
      Phase appliedPhase,
      boolean current,
      long lastSeenMillisAgo,
      boolean dead,
      boolean stale,
      int inFlightWrites) {}

  /** What {@code cutover phase} shows; {@code overrides} are the per-table phases, by table. */
  public record Status(
      String migration,
      Phase phase,
      Map<String, Phase> overrides,
      long version,
      String lastFlip,
      boolean fleetConverged,
      List<InstanceStatus> fleet,
      Readiness readiness) {

    /** Plain text for a terminal. */
    public String render() {
      StringBuilder b = new StringBuilder();
      b.append("migration ").append(migration).append('\n');
      b.append("phase     ").append(phase).append("  (version ").append(version);
      b.append(", last flip ").append(lastFlip).append(")\n");
      if (!overrides.isEmpty()) {
        b.append("overrides\n");
        overrides.forEach(
            (table, p) -> b.append(String.format(Locale.ROOT, "  %-40s %s%n", table, p.name())));
      }
      b.append("fleet     ")
          .append(fleet.size())
          .append(" instance(s), ")
          .append(fleetConverged ? "all live instances applied version " + version : "CONVERGING")
          .append('\n');
      for (InstanceStatus i : fleet) {
        b.append(
            String.format(
                Locale.ROOT,
                "  %-40s v%-5d %-17s seen %6.1fs ago%s%s%s%n",
                i.instance(),
                i.appliedVersion(),
                i.appliedPhase(),
                i.lastSeenMillisAgo() / 1000.0,
                i.dead() ? "  DEAD" : "",
                i.stale() ? "  STALE" : "",
                i.current() || i.dead() ? "" : "  BEHIND"));
      }
      b.append("readiness ").append(readiness.ready() ? "READY" : "NOT READY").append('\n');
      for (Check c : readiness.checks()) {
        b.append(String.format(Locale.ROOT, "  %-12s %-13s %s%n", c.name(), c.state(), c.detail()));
      }
      return b.toString();
    }
  }
}
