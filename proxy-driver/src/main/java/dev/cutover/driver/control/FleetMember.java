package dev.cutover.driver.control;

import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.Phase;
import dev.cutover.driver.control.ControlStore.ControlRow;
import dev.cutover.driver.control.ControlStore.FlipState;
import dev.cutover.driver.control.ControlStore.InstanceRow;
import dev.cutover.driver.internal.MigrationContext;
import dev.cutover.driver.internal.PhaseOverrides;
import dev.cutover.driver.internal.WriteGate;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One driver instance's side of the control plane: a daemon thread that polls the control row,
 * follows fenced flips (fence, drain, acknowledge or refuse), applies new versions, heartbeats, and
 * runs the rollback guards. See {@link FencedFlip} for the protocol.
 *
 * <p>Each poll is one round trip on a dedicated {@link ControlChannel}; the heartbeat rides on the
 * poll when it is due or when something changed (an acknowledgement, a version applied), and a
 * change is reported by polling again at once rather than by a separate write. The wait between
 * polls ends early when the flipper announces or resolves a flip: by a notification on PostgreSQL,
 * by the {@link ControlBell} on MariaDB/MySQL.
 */
final class FleetMember implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(FleetMember.class.getName());

  private final MigrationContext ctx;
  private final ControlStore store;
  private final ControlPlane plane;
  private final RollbackGuards guards;
  private final WriteGate gate;
  private final long pollMillis;
  private final long fencedPollMillis;
  private final long holdNanos;
  private final long deadAfterMillis;
  private final long heartbeatEvery;
  private final ControlChannel channel;

  /** Ends the wait between polls early on a MariaDB/MySQL store; unarmed on others. */
  private final ControlBell bell;

  private final String host;
  private final String process;
  private final long startedAt = System.currentTimeMillis();
  private final Thread thread;
  private final AtomicBoolean rollingBack = new AtomicBoolean();

  private volatile boolean running = true;
  private volatile boolean suspended;
  private volatile boolean stale;
  private volatile String staleReason;
  private volatile long appliedVersion;

  // Poller thread only.
  private long handledFlip;
  private long ackedFlip;
  private long refusedFlip;
  private long fencedFor;
  private long nextHeartbeat;
  private boolean report;
  private String appliedOverrides;

  /** Polls done (each one round trip); for tests and diagnostics. */
  private volatile long polls;

  /** True while suspended and between polls: a test can read counters without a race. */
  private volatile boolean parked;

  FleetMember(MigrationContext ctx, ControlStore store, ControlPlane plane) {
    MigrationConfig config = ctx.config();
    this.ctx = ctx;
    this.store = store;
    this.plane = plane;
    this.guards = new RollbackGuards(config);
    this.gate = ctx.writeGate();
    this.pollMillis = Math.max(1, config.pollInterval().toMillis());
    // While fenced the outcome is near: without notifications, look often (bounded by the hold).
    this.fencedPollMillis = Math.max(1, Math.min(pollMillis, 10));
    this.holdNanos = config.holdTimeout().toNanos();
    this.deadAfterMillis = config.deadAfter().toMillis();
    this.heartbeatEvery = Math.min(Math.max(pollMillis, deadAfterMillis / 4), deadAfterMillis / 2);
    this.host = hostName();
    this.process = Long.toString(ProcessHandle.current().pid());
    this.channel =
        new ControlChannel(
            ctx.controlConnections(),
            store.migration(),
            ControlChannel.fleetChannel(store.migration()),
            ControlChannel.flipperChannel(store.migration()),
            pollMillis);
    if (guards.enabled()) {
      ctx.observePrimary(guards);
    }
    start();
    // After start(), which may throw: nothing would close a bell made before it.
    this.bell =
        new ControlBell(
            ctx.controlConnections(),
            ControlChannel.fleetChannel(store.migration()),
            ctx.instanceId());
    channel.holdBellLock(bell.lockName());
    this.thread = new Thread(this::loop, "cutover-control-" + ctx.instanceId());
    thread.setDaemon(true);
    thread.start();
  }

  /** Reads the phase from the store before the first connection uses it. */
  private void start() {
    try {
      ControlRow row = store.readOrCreate(ctx.config().phase());
      adopt(row);
      appliedVersion = row.version();
      heartbeat(System.currentTimeMillis());
    } catch (SQLException e) {
      markStale(e);
      LOG.log(
          System.Logger.Level.WARNING,
          "Control store unreachable at start; running under the configured phase "
              + ctx.phase()
              + " and reporting stale until it answers",
          e);
    }
  }

  String instance() {
    return ctx.instanceId();
  }

  boolean isStale() {
    return stale;
  }

  String staleReason() {
    return staleReason;
  }

  long appliedVersion() {
    return appliedVersion;
  }

  long polls() {
    return polls;
  }

  /** Waits a flipper's ring ended early (MariaDB/MySQL stores). */
  long rung() {
    return bell.rung();
  }

  boolean bellArmed() {
    return bell.armed();
  }

  String bellLockName() {
    return bell.lockName();
  }

  boolean parked() {
    return parked;
  }

  String threadName() {
    return thread.getName();
  }

  /** Test hook: stops polling and heartbeating, as a frozen or partitioned instance would. */
  void suspend(boolean on) {
    suspended = on;
  }

  private void loop() {
    while (running) {
      try {
        if (!suspended) {
          parked = false;
          step();
        } else {
          parked = true;
        }
        if (bell.takeLockRequest()) {
          channel.retakeBellLock();
        }
        if (report && !suspended && !stale) {
          continue;
        }
        long next = fencedFor == 0 ? pollMillis : fencedWait();
        if (channel.listens()) {
          channel.await(next);
        } else {
          // A plain timed wait while the bell is not armed, but one a later ring still ends.
          bell.await(next);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "control-plane poller step failed", e);
      }
    }
  }

  void step() throws InterruptedException {
    long now = System.currentTimeMillis();
    boolean beat = report || now >= nextHeartbeat;
    ControlRow row;
    try {
      store.ensureSchema();
      row = channel.poll(beat ? heartbeatRow(now) : null, report);
      polls++;
    } catch (SQLException e) {
      if (!ControlChannel.unreachable(e)) {
        // The store answered with an error: its tables may be gone. A store that did not answer
        // says nothing about them, and checking them would borrow a pooled connection, with no
        // timeout, from a store that does not answer.
        store.schemaSuspect();
      }
      markStale(e);
      return;
    }
    if (beat) {
      nextHeartbeat = now + heartbeatEvery;
      report = false;
    }
    if (row == null) {
      markStale(new SQLException("the control store holds no control row for this migration"));
      return;
    }
    try {
      boolean changed = stale;
      stale = false;
      staleReason = null;
      if (row.flipState() == FlipState.FENCING && row.flipSeq() != handledFlip) {
        handledFlip = row.flipSeq();
        fencedFor = row.flipSeq();
        gate.fence();
        if (drain()) {
          ackedFlip = row.flipSeq();
        } else {
          // This instance cannot promise a quiet point: refusing lets the flipper abort at once.
          refusedFlip = row.flipSeq();
          fencedFor = 0;
          gate.release();
          LOG.log(
              System.Logger.Level.WARNING,
              "Refused flip " + row.flipSeq() + ": writes still in flight after the hold timeout");
        }
        // Reported by the next poll, at once.
        report = true;
        return;
      }
      if (row.flipState() == FlipState.FENCING && now > row.flipDeadline() + deadAfterMillis) {
        // The flipper vanished mid-flip; the slot must not hold the fleet forever.
        if (store.abort(row.flipSeq())) {
          LOG.log(System.Logger.Level.WARNING, "Aborted abandoned flip " + row.flipSeq());
        }
      }
      if (row.version() != appliedVersion) {
        if (fencedFor == 0) {
          // A version this instance did not fence for (it was unreachable or dead meanwhile).
          gate.fence();
          if (!drain()) {
            LOG.log(
                System.Logger.Level.WARNING,
                "Applying version " + row.version() + " with writes still in flight");
          }
        }
        adopt(row);
        appliedVersion = row.version();
        fencedFor = 0;
        gate.release();
        guards.reset();
        changed = true;
      } else if (fencedFor != 0
          && !(row.flipState() == FlipState.FENCING && row.flipSeq() == fencedFor)) {
        fencedFor = 0;
        gate.release();
        changed = true;
      }
      if (changed) {
        report = true;
      }
      if (guards.enabled() && fencedFor == 0 && row.flipState() != FlipState.FENCING) {
        String why = guards.evaluate(now, ctx.phase());
        if (why != null) {
          rollBack(row, why);
        }
      }
    } catch (SQLException e) {
      markStale(e);
    }
  }

  /** Installs the row's overrides, then its phase (the gate is fenced or nothing runs yet). */
  private void adopt(ControlRow row) {
    String o = row.overrides();
    if (o == null ? appliedOverrides != null : !o.equals(appliedOverrides)) {
      ctx.adoptOverrides(PhaseOverrides.parse(o));
      appliedOverrides = o;
    }
    ctx.adoptPhase(row.phase());
  }

  /**
   * While fenced the outcome is near and writes are held: look often. With notifications the commit
   * wakes the poller anyway; the shorter fallback covers a store that accepts LISTEN but never
   * delivers (a transaction-pooling proxy in front of PostgreSQL).
   */
  private long fencedWait() {
    // A bell counts once it has actually rung: one that waits where no ring reaches it (a proxy,
    // another user's flipper) would otherwise slow every fenced instance down.
    return channel.listens() || (bell.armed() && bell.rung() > 0)
        ? Math.min(pollMillis, 5 * fencedPollMillis)
        : fencedPollMillis;
  }

  private boolean drain() throws InterruptedException {
    long t0 = System.nanoTime();
    try {
      long deadline = t0 + holdNanos;
      if (!gate.awaitDrained(holdNanos)) {
        return false;
      }
      while (ctx.asyncPending() > 0) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(1);
      }
      return true;
    } finally {
      ctx.metrics().fleetDrain(System.nanoTime() - t0);
    }
  }

  /** Flips back through the fenced path on its own thread: this poller must keep acknowledging. */
  private void rollBack(ControlRow row, String why) {
    Phase from = row.phase();
    if (from.ordinal() == 0 || !rollingBack.compareAndSet(false, true)) {
      return;
    }
    Phase to = Phase.values()[from.ordinal() - 1];
    guards.reset();
    Thread t =
        new Thread(
            () -> {
              try {
                ControlPlane.FlipResult r =
                    plane.autoRollback(row.version(), from, to, why, "auto-rollback@" + instance());
                LOG.log(System.Logger.Level.WARNING, "Automatic rollback: " + r);
              } catch (SQLException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Automatic rollback failed", e);
              } finally {
                rollingBack.set(false);
              }
            },
            "cutover-rollback-" + instance());
    t.setDaemon(true);
    t.start();
  }

  private void heartbeat(long now) throws SQLException {
    store.heartbeat(heartbeatRow(now));
    nextHeartbeat = now + heartbeatEvery;
  }

  private InstanceRow heartbeatRow(long now) {
    return new InstanceRow(
        instance(),
        host,
        process,
        startedAt,
        now,
        appliedVersion,
        ctx.phase(),
        ackedFlip,
        refusedFlip,
        gate.inFlight(),
        stale);
  }

  private void markStale(SQLException e) {
    if (!stale) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Control store unreachable; keeping phase " + ctx.phase() + ": " + e.getMessage());
    }
    stale = true;
    staleReason = e.getMessage();
  }

  @Override
  public void close() {
    running = false;
    bell.close();
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channel.close();
    gate.release();
    try {
      store.leave(instance());
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not remove heartbeat row at close", e);
    }
  }

  private static String hostName() {
    String h = System.getenv("HOSTNAME");
    if (h != null && !h.isBlank()) {
      return h;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      LOG.log(System.Logger.Level.DEBUG, "local host name unresolvable", e);
      return "localhost";
    }
  }
}
