package dev.cutover.driver.control;

import dev.cutover.driver.Phase;
import dev.cutover.driver.control.ControlPlane.AuditEntry;
import dev.cutover.driver.control.ControlPlane.FlipResult;
import dev.cutover.driver.control.ControlPlane.Outcome;
import dev.cutover.driver.control.ControlPlane.Readiness;
import dev.cutover.driver.control.ControlStore.ControlRow;
import dev.cutover.driver.control.ControlStore.FlipState;
import dev.cutover.driver.control.ControlStore.InstanceRow;
import dev.cutover.driver.internal.ControlConnections;
import dev.cutover.driver.internal.PhaseOverrides;
import dev.cutover.driver.internal.SequenceSync;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The flipper's side of a fleet-wide phase change.
 *
 * <h2>Why fencing</h2>
 *
 * Every instance reads the phase once per statement (once per transaction), so a flip reaches the
 * fleet at a different instant in each process. Without a fence, instance A could already write
 * new-then-old while instance B still writes old-then-new: two concurrent updates of one row can
 * then land in opposite orders on the two databases, and a write made under {@code OLD} could still
 * be running while another instance already reads from the new side. The fence makes the change of
 * primary happen at one quiet point for the whole fleet: no write of the old phase is in flight
 * anywhere when the first write of the new phase starts.
 *
 * <h2>The protocol</h2>
 *
 * All coordination goes through the control row ({@code cutover_control}), whose flip slot moves
 * through {@code NONE/COMMITTED/ABORTED → FENCING → COMMITTED | ABORTED}, and the heartbeat rows:
 *
 * <ol>
 *   <li><b>Announce.</b> A conditional update claims the slot only if the row is still at the
 *       version the flipper read and no flip is fencing, so two operators (or an operator and an
 *       automatic rollback) cannot interleave; the loser is refused.
 *   <li><b>Fence.</b> Each instance's poller sees the slot, closes its write gate (new write
 *       statements and new write transactions wait, up to {@code fleet.holdTimeout}, then fail with
 *       SQLSTATE {@code HYT00} having executed nothing), waits for admitted writes and queued
 *       secondary writes to drain, and acknowledges through its heartbeat row. If it cannot drain
 *       within the hold timeout it refuses instead, and reopens its gate at once: without its
 *       acknowledgement the flip cannot commit.
 *   <li><b>Commit or abort.</b> When every live instance (heartbeat younger than {@code
 *       fleet.deadAfter}) has acknowledged, one conditional update sets the new phase and the next
 *       version. A refusal, or a live instance silent past the acknowledgement deadline, aborts
 *       instead. Commit and abort are both conditional on the slot still fencing, so exactly one of
 *       them wins even if a poller aborts a flip whose flipper vanished.
 *   <li><b>Release.</b> Instances see the new version (or the abort), switch phase and only then
 *       open the gate, so held writes run under the new phase. The flipper waits until every live
 *       instance reports the new version; that is when the fleet has applied it.
 * </ol>
 *
 * <h2>Not waiting for polls</h2>
 *
 * Each arrow above is a hop through the store, and a hop that waits for the next poll costs up to
 * an interval. On a PostgreSQL store the announce, commit and abort {@code NOTIFY} the fleet in the
 * same statement, an instance's acknowledging or applied poll notifies the flipper, and both sides
 * wait on notifications instead of sleeping; a flip then takes a few round trips, not a few
 * intervals. Polling remains the fallback and the only mechanism on other stores.
 *
 * <h2>Per-table overrides</h2>
 *
 * A table's phase moves through the same slot, fence, gate and audit: its {@code from} is the
 * table's effective phase, the commit writes the new overrides with version + 1, and instances
 * install overrides and phase together at the quiet point. The fence holds all writes of the fleet,
 * not only the table's: which tables a write touches is known only when it runs.
 *
 * <p>An acknowledged instance keeps its gate closed until it reads the outcome; if the store
 * becomes unreachable meanwhile its writes time out rather than guess. Dead instances do not block;
 * the price is that an instance that is alive but cut off from the store for longer than the
 * horizon keeps writing under the phase it last knew, so the horizon must exceed any pause an
 * instance can survive. Times in the store are the writers' wall clocks; the fleet's clocks must
 * agree to well within the horizon.
 */
final class FencedFlip implements AutoCloseable {
  private final ControlStore store;
  private final long pollMillis;
  private final long holdMillis;
  private final long deadAfterMillis;
  private final ControlChannel channel;
  private final SequenceAligner sequences;

  /** The alignment of the incoming primary's sequences with the outgoing one's. */
  interface SequenceAligner {
    SequenceSync of(Phase.Side from, Phase.Side to);
  }

  FencedFlip(
      ControlStore store,
      ControlConnections pool,
      long pollMillis,
      long holdMillis,
      long deadAfterMillis,
      SequenceAligner sequences) {
    this.store = store;
    this.sequences = sequences;
    this.pollMillis = pollMillis;
    this.holdMillis = holdMillis;
    this.deadAfterMillis = deadAfterMillis;
    this.channel =
        new ControlChannel(
            pool,
            store.migration(),
            ControlChannel.flipperChannel(store.migration()),
            ControlChannel.fleetChannel(store.migration()),
            pollMillis);
  }

  /**
   * Runs one flip from the row's current phase to {@code to}; {@code expectedVersion} &gt; 0
   * refuses the flip if the row moved on (used by automatic rollback). With a {@code table} the
   * flip moves that table's override instead of the global phase ({@code to == null}: back to the
   * global phase, i.e. the override is cleared); the fence, the audit and the gate are the same.
   */
  synchronized FlipResult run(
      Phase to,
      String reason,
      boolean force,
      String actor,
      long expectedVersion,
      java.util.function.Supplier<Readiness> readiness,
      String table)
      throws SQLException {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("A phase change needs a reason");
    }
    String t = table == null ? null : PhaseOverrides.normalize(table);
    if (t == null && to == null) {
      throw new IllegalArgumentException("A phase change needs a target phase");
    }
    long started = System.nanoTime();
    ControlRow row = store.read();
    if (row == null) {
      throw new SQLException("No control row for migration " + store.migration(), "55000");
    }
    Map<String, Phase> overrides = PhaseOverrides.parseMap(row.overrides());
    Phase from;
    Phase global = row.phase();
    String nextOverrides = row.overrides();
    if (t == null) {
      from = global;
      global = to;
    } else {
      from = overrides.getOrDefault(t, global);
      if (to == null) {
        to = global;
      }
      Map<String, Phase> next = new TreeMap<>(overrides);
      if (to == global) {
        next.remove(t);
      } else {
        next.put(t, to);
      }
      nextOverrides = PhaseOverrides.format(next);
    }
    boolean overridesChange = !Objects.equals(nextOverrides, row.overrides());
    if (expectedVersion > 0 && row.version() != expectedVersion) {
      return refusedQuietly(
          from, to, row.version(), force, List.of("the phase changed meanwhile"), t);
    }
    if (from == to && !overridesChange) {
      return new FlipResult(
          Outcome.COMMITTED,
          from,
          to,
          row.version(),
          false,
          true,
          List.of("already in " + to),
          0,
          0,
          t);
    }
    if (from != to && !from.canMoveTo(to)) {
      return refused(
          from,
          to,
          row.version(),
          force,
          List.of(
              "only adjacent moves are allowed: "
                  + from
                  + " -> "
                  + to
                  + (t == null ? "" : " (table " + t + ")")),
          actor,
          reason,
          t);
    }
    if (row.flipState() == FlipState.FENCING) {
      return refused(
          from,
          to,
          row.version(),
          force,
          List.of("flip " + row.flipSeq() + " by " + row.flipActor() + " is in progress"),
          actor,
          reason,
          t);
    }
    boolean forced = false;
    List<String> notes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (to.ordinal() > from.ordinal() && to.primary() == Phase.Side.NEW) {
      Readiness r = readiness.get();
      if (!r.ready()) {
        List<String> failing = new ArrayList<>();
        r.failing()
            .forEach(c -> failing.add(c.name() + ": " + c.state() + " (" + c.detail() + ")"));
        if (!force) {
          return refused(from, to, row.version(), false, failing, actor, reason, t);
        }
        forced = true;
        notes.addAll(failing);
      }
    }
    listen();
    long ackDeadline = System.currentTimeMillis() + holdMillis + 2 * pollMillis;
    long seq = store.announce(row.version(), to, ackDeadline, actor);
    if (seq == 0) {
      return refusedQuietly(
          from, to, row.version(), force, List.of("another flip or version won the race"), t);
    }
    long announced = System.nanoTime();
    List<String> blocking;
    while (true) {
      long now = System.currentTimeMillis();
      List<InstanceRow> fleet = store.instances();
      blocking = new ArrayList<>();
      List<String> refusing = new ArrayList<>();
      for (InstanceRow i : fleet) {
        if (now - i.lastSeen() > deadAfterMillis) {
          continue;
        }
        if (i.refusedFlip() == seq) {
          refusing.add(i.instance());
        } else if (i.ackedFlip() != seq) {
          blocking.add(i.instance());
        }
      }
      if (!refusing.isEmpty()) {
        problems.add("could not drain in-flight writes in time: " + refusing);
        break;
      }
      if (blocking.isEmpty()) {
        break;
      }
      if (now > ackDeadline) {
        problems.add("no acknowledgement in time from " + blocking);
        break;
      }
      awaitFleet();
    }
    if (problems.isEmpty() && from.primary() != to.primary()) {
      // The quiet point: no write of the fleet is in flight, so the sequences are final.
      String side = to.primary().name().toLowerCase(java.util.Locale.ROOT) + " database";
      List<String> failed = new ArrayList<>();
      try {
        SequenceSync.Result r = alignSequences(from.primary(), to.primary());
        if (!r.moves().isEmpty()) {
          notes.add("sequences moved forward on the " + side + ": " + r.moves());
        }
        notes.addAll(r.warnings());
        failed.addAll(r.failures());
      } catch (SQLException e) {
        failed.add(e.getMessage());
      }
      if (!failed.isEmpty()) {
        String problem =
            "the " + side + "'s sequences could not all be compared or moved: " + failed;
        if (to.primary() == Phase.Side.OLD) {
          // A move back must never wait for the database it leaves, which may be the problem.
          notes.add(problem);
        } else if (force) {
          notes.add(problem);
          forced = true;
        } else {
          problems.add(problem + "; its next ids could collide with ids already used");
        }
      }
    }
    if (!problems.isEmpty()) {
      // The flip did not get a quiet fleet: abandon it; everyone resumes in the old phase.
      notes.addAll(problems);
      boolean aborted = store.abort(seq);
      if (!aborted) {
        notes.add("the flip slot had already been resolved by someone else");
      }
      return aborted(from, to, row.version(), forced, notes, actor, reason, t, started);
    }
    if (!store.commit(seq, global, nextOverrides)) {
      notes.add("the flip was aborted by an instance (flipper too slow)");
      return aborted(from, to, row.version(), forced, notes, actor, reason, t, started);
    }
    long committed = System.nanoTime();
    long version = row.version() + 1;
    audit(actor, from, to, reason, Outcome.COMMITTED, forced, version, notes, t);
    boolean applied = awaitApplied(version);
    return new FlipResult(
        Outcome.COMMITTED,
        from,
        to,
        version,
        forced,
        applied,
        notes,
        (committed - announced) / 1_000_000,
        millisSince(started),
        t);
  }

  /**
   * Aligns the sequences within half the hold timeout (at least 250 ms): the fleet's writes wait
   * meanwhile, so a database that does not answer must not hold them longer than a flip may. On
   * timeout the alignment is cancelled (no sequence moves after that) before the flip goes on.
   */
  private SequenceSync.Result alignSequences(Phase.Side from, Phase.Side to) throws SQLException {
    return sequences.of(from, to).alignWithin(Math.max(250, holdMillis / 2));
  }

  /** Opens the listening channel before the announce, so no acknowledgement is missed. */
  private void listen() {
    try {
      channel.dialect();
    } catch (SQLException e) {
      // Polling the heartbeat rows alone still works; only slower.
      channel.close();
    }
  }

  /** Waits for an acknowledgement's notification, or the fallback check interval. */
  private void awaitFleet() throws SQLException {
    long every =
        channel.listens()
            ? Math.max(2, Math.min(pollMillis / 4, 25))
            : Math.max(2, Math.min(pollMillis / 10, 10));
    try {
      channel.await(every);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted during a flip", "57014", e);
    }
  }

  /** Waits until every live instance reports {@code version}; false when it took too long. */
  private boolean awaitApplied(long version) throws SQLException {
    long deadline = System.currentTimeMillis() + holdMillis + 4 * pollMillis + 1000;
    while (true) {
      long now = System.currentTimeMillis();
      boolean all = true;
      for (InstanceRow i : store.instances()) {
        if (now - i.lastSeen() <= deadAfterMillis && i.appliedVersion() < version) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
      if (now > deadline) {
        return false;
      }
      awaitFleet();
    }
  }

  @Override
  public synchronized void close() {
    channel.close();
  }

  private FlipResult refused(
      Phase from,
      Phase to,
      long version,
      boolean force,
      List<String> reasons,
      String actor,
      String reason,
      String table)
      throws SQLException {
    audit(actor, from, to, reason, Outcome.REFUSED, force, version, reasons, table);
    return refusedQuietly(from, to, version, force, reasons, table);
  }

  /** An announced flip abandoned: audited, and everyone stays in (or returns to) {@code from}. */
  private FlipResult aborted(
      Phase from,
      Phase to,
      long version,
      boolean forced,
      List<String> notes,
      String actor,
      String reason,
      String table,
      long startedNanos)
      throws SQLException {
    audit(actor, from, to, reason, Outcome.ABORTED, forced, version, notes, table);
    return new FlipResult(
        Outcome.ABORTED,
        from,
        to,
        version,
        forced,
        false,
        notes,
        0,
        millisSince(startedNanos),
        table);
  }

  /** A refusal not worth an audit entry: a race the caller lost, not an operator decision. */
  private static FlipResult refusedQuietly(
      Phase from, Phase to, long version, boolean force, List<String> reasons, String table) {
    return new FlipResult(Outcome.REFUSED, from, to, version, force, false, reasons, 0, 0, table);
  }

  private void audit(
      String actor,
      Phase from,
      Phase to,
      String reason,
      Outcome outcome,
      boolean forced,
      long version,
      List<String> notes,
      String table)
      throws SQLException {
    store.audit(
        new AuditEntry(
            0,
            System.currentTimeMillis(),
            actor,
            from,
            to,
            reason,
            outcome,
            forced,
            version,
            notes.isEmpty() ? null : String.join("; ", notes),
            table));
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
