package dev.cutover.comparator.backfill;

import dev.cutover.comparator.chunk.ControlStore;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the claims on chunks being copied alive: every third of the lease, each held lease is
 * extended in the control store, so a chunk that takes longer than one lease is not taken over by
 * another worker while its copy is still running. A renewal that finds the claim gone (the lease
 * ran out during a stall and another worker took the chunk) marks the lease lost; the copy then
 * rolls back instead of committing or checkpointing over the other worker's work.
 */
final class LeaseKeeper implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LeaseKeeper.class.getName());

  private final ControlStore control;
  private final String job;
  private final long leaseMillis;
  private final Set<Lease> held = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;

  LeaseKeeper(ControlStore control, String job, long leaseMillis) {
    this.control = control;
    this.job = job;
    this.leaseMillis = leaseMillis;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cutover-backfill-lease-renewal");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(1, leaseMillis / 3);
    timer.scheduleWithFixedDelay(this::renewAll, period, period, TimeUnit.MILLISECONDS);
  }

  /** Starts renewing {@code owner}'s claim on a chunk until the returned lease is closed. */
  Lease hold(String table, int chunk, String owner) {
    Lease lease = new Lease(table, chunk, owner);
    held.add(lease);
    return lease;
  }

  private void renewAll() {
    for (Lease lease : held) {
      try {
        lease.renew();
      } catch (SQLException e) {
        // The control store may be briefly unreachable: keep trying; the copy's own check before
        // it commits decides.
        LOG.log(
            System.Logger.Level.WARNING,
            "Could not renew the lease on chunk " + lease.chunk + " of " + lease.table,
            e);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** One worker's claim on one chunk. */
  final class Lease implements AutoCloseable {
    private final String table;
    private final int chunk;
    private final String owner;
    private volatile boolean lost;

    private Lease(String table, int chunk, String owner) {
      this.table = table;
      this.chunk = chunk;
      this.owner = owner;
    }

    /** True once a renewal found that the claim is no longer this worker's. */
    boolean lost() {
      return lost;
    }

    /**
     * Renews the lease now and throws {@link LostClaim} when the claim is gone; called right before
     * the copy commits.
     */
    void confirm() throws SQLException {
      renew();
      if (lost) {
        throw new LostClaim(table, chunk);
      }
    }

    private void renew() throws SQLException {
      if (!lost && !control.renew(job, table, chunk, owner, leaseMillis)) {
        lost = true;
      }
    }

    @Override
    public void close() {
      held.remove(this);
    }
  }

  /** The copy of a chunk was abandoned because another worker now owns the chunk. */
  static final class LostClaim extends SQLException {
    private static final long serialVersionUID = 1L;

    LostClaim(String table, int chunk) {
      super(
          "Lost the claim on chunk "
              + chunk
              + " of "
              + table
              + " to another worker (the lease ran out); its copy was rolled back",
          "40001");
    }
  }
}
