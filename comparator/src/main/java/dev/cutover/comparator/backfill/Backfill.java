package dev.cutover.comparator.backfill;

import dev.cutover.comparator.chunk.Chunk;
import dev.cutover.comparator.chunk.ChunkPlanner;
import dev.cutover.comparator.chunk.ChunkProgress;
import dev.cutover.comparator.chunk.Column;
import dev.cutover.comparator.chunk.ControlStore;
import dev.cutover.comparator.chunk.Dialect;
import dev.cutover.comparator.chunk.TableShape;
import dev.cutover.comparator.chunk.UtcSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Copies a table's existing rows from the source to the target in checkpointed key-range chunks,
 * correctly while the application dual-writes.
 *
 * <h2>Chunks, claims and checkpoints</h2>
 *
 * The first worker to reach a table plans it ({@link ChunkPlanner}, reading the source only) and
 * stores the plan in the {@link ControlStore} in one transaction; every worker, in this process or
 * another, then loops: claim a pending chunk (or one whose lease ran out), copy it, checkpoint it
 * as done. A killed backfill therefore resumes with the chunks not yet checkpointed, and a chunk a
 * dead worker held becomes claimable when its lease ends, and only then: a live worker renews its
 * lease while it copies ({@link LeaseKeeper}) and checks it still holds the claim right before it
 * commits. Copies are idempotent upserts, so the one chunk that may be copied twice (claimed by a
 * worker that died after committing the copy but before checkpointing) ends in the same state.
 * Chunks are key ranges, or ranges of a date column where {@link BackfillOptions#chunkBy()} says so
 * (plus a chunk for its NULLs); rows are upserted by key either way.
 *
 * <h2>Why a live dual-write can never leave a stale row</h2>
 *
 * The writer writes the old database first, then the new. The danger is a backfill that reads a
 * row's old value, the application then updating the row on both sides, and the backfill writing
 * its now-stale copy over the new side afterwards. So each chunk is copied inside a transaction on
 * the source that holds a shared lock on the chunk's rows ({@code FOR SHARE} / {@code LOCK IN SHARE
 * MODE}) from the read until after the target's transaction has committed:
 *
 * <ul>
 *   <li>A write to the row on the old side that commits before the lock is taken is read by the
 *       chunk (a locking read sees the latest committed version); the writer's own write to the new
 *       side then carries the same value, in whichever order it lands.
 *   <li>A write that comes after the lock is taken waits for it on the old side, so it reaches the
 *       new side only after the chunk's copy has committed there, and overwrites it.
 *   <li>A delete is the same as an update; an insert of a row the chunk did not see is not touched
 *       by the chunk at all, and one it did see was committed on the old side before the read.
 * </ul>
 *
 * Hence the order in {@link Worker#copy}: commit the target, then release the source. Deadlocks
 * between a chunk's locks and a multi-row application transaction are resolved by the database
 * killing one side; a chunk that loses is rolled back and retried ({@code maxAttempts}).
 *
 * <p>A table without a primary key has nothing to upsert by. When {@link
 * BackfillOptions#copyTablesWithoutKey()} allows it, it is one chunk, copied whole with the source
 * locked against writes and the target emptied in the same transaction that refills it; that is
 * idempotent, but the argument above does not carry over (a dual-write in flight when the copy
 * starts has no key to land on and is doubled), hence the option and the refusal by default.
 *
 * <p>Throttling is a shared rate limiter over this process's workers, and {@link LatencyThrottle}
 * slowing them while the source answers slower than {@link BackfillOptions#maxSourceLatency()};
 * progress goes to the listener after each chunk and is kept in the control store (done chunks and
 * their row counts). After the last chunk, a PostgreSQL target's serial sequence is moved past the
 * largest key.
 */
public final class Backfill {
  private static final System.Logger LOG = System.getLogger(Backfill.class.getName());
  private final DataSource source;
  private final DataSource target;
  private final ControlStore control;
  private final BackfillOptions options;
  private final RateLimiter limiter;
  private volatile boolean stopping;

  /** A backfill from {@code source} to {@code target} coordinated through {@code control}. */
  public Backfill(
      DataSource source, DataSource target, ControlStore control, BackfillOptions options) {
    this.source = source;
    this.target = target;
    this.control = control;
    this.options = options;
    this.limiter = new RateLimiter(options.rowsPerSecond());
  }

  /** Asks the workers to stop after their current chunk; a later run resumes from there. */
  public void stop() {
    stopping = true;
  }

  /** Backfills each table in turn with this process's workers. */
  public List<BackfillReport> run(List<String> tables) throws SQLException {
    List<BackfillReport> out = new ArrayList<>();
    for (String t : tables) {
      if (stopping) {
        break;
      }
      out.add(run(t));
    }
    return out;
  }

  /**
   * Backfills one table: plans it if nobody has, then runs {@code workers} workers until no chunk
   * is left to claim (or {@link #stop()}).
   */
  public BackfillReport run(String table) throws SQLException {
    long started = System.nanoTime();
    TableShape sourceShape;
    TableShape targetShape;
    Column chunkBy;
    try (Connection s = source.getConnection();
        UtcSession sourceZone = UtcSession.pin(s);
        Connection t = target.getConnection();
        UtcSession targetZone = UtcSession.pin(t)) {
      sourceShape = TableShape.read(s, table);
      targetShape = TableShape.read(t, table);
      if (!sourceShape.hasKey() && !options.copyTablesWithoutKey()) {
        throw new SQLException(
            "Table "
                + sourceShape.name()
                + " has no primary key, so it cannot be copied in key-range chunks with"
                + " idempotent upserts. Add a primary key to "
                + sourceShape.name()
                + " on both sides, or, if nothing writes to it while it is copied, copy it whole"
                + " in one transaction with --copy-tables-without-key"
                + " (BackfillOptions.copyTablesWithoutKey)",
            "42P10");
      }
      String chunkByName = options.chunkColumn(sourceShape.name());
      chunkBy = chunkByName == null ? null : ChunkPlanner.chunkColumn(sourceShape, chunkByName);
      if (!control.hasPlan(options.job(), sourceShape.name())) {
        ChunkPlanner.Plan plan =
            new ChunkPlanner(options.chunkRows()).plan(s, sourceShape, chunkBy);
        control.savePlan(
            options.job(),
            sourceShape.name(),
            chunkBy == null ? null : chunkBy.name(),
            plan.ranges(),
            plan.rowsEstimate());
      }
      checkPlanMatches(sourceShape.name(), chunkBy);
    }
    ChunkProgress before = control.progress(options.job(), sourceShape.name());
    Tally tally = new Tally(before, started);
    ExecutorService pool = Executors.newFixedThreadPool(options.workers());
    LatencyThrottle throttle = LatencyThrottle.of(source, options);
    LeaseKeeper leases = new LeaseKeeper(control, options.job(), options.leaseMillis());
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int i = 0; i < options.workers(); i++) {
        Worker w =
            new Worker(
                sourceShape,
                targetShape,
                chunkBy == null ? sourceShape.key() : List.of(chunkBy),
                tally,
                leases,
                throttle);
        futures.add(
            pool.submit(
                () -> {
                  w.run();
                  return null;
                }));
      }
      SQLException failure = null;
      for (Future<Void> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          SQLException cause =
              e.getCause() instanceof SQLException s
                  ? s
                  : new SQLException("Backfill worker failed: " + e.getCause(), "58000", e);
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stop();
          throw new SQLException("Backfill interrupted", "57014", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      pool.shutdownNow();
      leases.close();
      if (throttle != null) {
        throttle.close();
      }
    }
    ChunkProgress after = control.progress(options.job(), sourceShape.name());
    if (after.complete()) {
      try (Connection t = target.getConnection()) {
        RowCopy.advanceSequence(t, targetShape);
      }
    }
    return new BackfillReport(
        sourceShape.name(),
        tally.chunks.get(),
        tally.rows.get(),
        after.chunksDone(),
        after.chunks(),
        after.complete(),
        Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * Refuses to resume a plan split by something else than asked for: its stored bounds would be
   * read as values of the wrong column.
   */
  private void checkPlanMatches(String table, Column chunkBy) throws SQLException {
    Optional<String> planned = control.plannedChunkBy(options.job(), table);
    String wanted = chunkBy == null ? null : chunkBy.name();
    if (planned.isPresent() ? planned.get().equalsIgnoreCase(wanted) : wanted == null) {
      return;
    }
    throw new SQLException(
        "tables."
            + table
            + ".chunkBy: "
            + (wanted == null ? "(none)" : wanted)
            + ", but the backfill of "
            + table
            + " under job "
            + options.job()
            + " was planned by "
            + planned.map(c -> "column " + c).orElse("primary key")
            + " (expected: the same setting until that backfill is complete, or a new job)",
        "55000");
  }

  /** Counters shared by one table's workers. */
  private static final class Tally {
    final AtomicInteger chunks = new AtomicInteger();
    final AtomicLong rows = new AtomicLong();
    final AtomicInteger chunksDone;
    final AtomicLong rowsDone;
    final int chunkTotal;
    final long estimate;
    final long started;

    Tally(ChunkProgress before, long started) {
      this.chunksDone = new AtomicInteger(before.chunksDone());
      this.rowsDone = new AtomicLong(before.rowsDone());
      this.chunkTotal = before.chunks();
      this.estimate = before.rowsEstimate();
      this.started = started;
    }
  }

  /** One claim-copy-checkpoint loop with its own source and target connections. */
  private final class Worker {
    private final TableShape sourceShape;
    private final TableShape targetShape;
    private final List<String> boundNames;
    private final List<Column> boundColumns;
    private final Tally tally;
    private final LeaseKeeper leases;
    private final LatencyThrottle throttle;
    private final String owner = "backfill-" + UUID.randomUUID();

    Worker(
        TableShape sourceShape,
        TableShape targetShape,
        List<Column> boundColumns,
        Tally tally,
        LeaseKeeper leases,
        LatencyThrottle throttle) {
      this.sourceShape = sourceShape;
      this.targetShape = targetShape;
      this.boundColumns = boundColumns;
      this.boundNames = boundColumns.stream().map(Column::name).toList();
      this.tally = tally;
      this.leases = leases;
      this.throttle = throttle;
    }

    void run() throws SQLException {
      try (Connection s = source.getConnection();
          UtcSession sourceZone = UtcSession.pin(s);
          Connection t = target.getConnection();
          UtcSession targetZone = UtcSession.pin(t)) {
        s.setAutoCommit(false);
        t.setAutoCommit(false);
        RowCopy writer =
            new RowCopy(
                t, sourceShape, targetShape, options.copy(), options.batchRows(), options.zone());
        try {
          while (!stopping && !Thread.currentThread().isInterrupted()) {
            Optional<Chunk> claimed =
                control.claim(
                    options.job(), sourceShape.name(), boundColumns, owner, options.leaseMillis());
            if (claimed.isEmpty()) {
              return;
            }
            Chunk chunk = claimed.get();
            long chunkStarted = System.nanoTime();
            long rows;
            try (LeaseKeeper.Lease lease = leases.hold(sourceShape.name(), chunk.number(), owner)) {
              rows = copy(s, t, writer, chunk, lease);
            } catch (LeaseKeeper.LostClaim e) {
              // Another worker owns the chunk now; it copies and checkpoints it. Not a failure.
              rollbackQuietly(s, t, e);
              writer.discard();
              LOG.log(System.Logger.Level.WARNING, e.getMessage());
              continue;
            } catch (SQLException e) {
              rollbackQuietly(s, t, e);
              writer.discard();
              control.release(options.job(), sourceShape.name(), chunk.number(), owner);
              if (chunk.attempts() >= options.maxAttempts()) {
                throw e;
              }
              continue;
            }
            if (control.complete(options.job(), sourceShape.name(), chunk.number(), owner, rows)) {
              report(chunk, rows);
            }
            limiter.acquire(rows);
            if (throttle != null) {
              try {
                throttle.afterChunk(sourceShape.name(), System.nanoTime() - chunkStarted);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        } finally {
          writer.close();
        }
      }
    }

    /** Copies one chunk under shared locks on its source rows; see the class comment. */
    long copy(Connection s, Connection t, RowCopy writer, Chunk chunk, LeaseKeeper.Lease lease)
        throws SQLException {
      Dialect sd = Dialect.of(s);
      boolean whole = !sourceShape.hasKey();
      if (whole) {
        // A table without a key is copied whole: writes to the source wait until the target has
        // committed, and the target is emptied in the same transaction that refills it, so a
        // rerun (or a second worker) replaces the copy rather than adding to it.
        try (Statement st = s.createStatement()) {
          for (String lock : sd.lockAgainstWrites(sourceShape.name())) {
            st.execute(lock);
          }
        }
        writer.deleteAll();
      }
      String sql =
          "SELECT "
              + writer.selectList(sd)
              + " FROM "
              + sd.quote(sourceShape.name())
              + " WHERE "
              + chunk.range().predicate(sd, boundNames)
              + (whole && sd == Dialect.POSTGRES ? "" : sd.shareLockClause());
      long rows = 0;
      try (PreparedStatement ps = s.prepareStatement(sql)) {
        ps.setFetchSize(options.batchRows());
        chunk.range().bind(ps, 1, sd);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            writer.add(writer.read(rs));
            rows++;
            if (lease.lost()) {
              lease.confirm();
            }
          }
        }
      }
      writer.flush();
      // A worker stalled past its lease may have lost the chunk to another: never commit (and then
      // checkpoint) over that worker's claim.
      lease.confirm();
      // Order matters: the target commits while the source rows are still share-locked, so any
      // concurrent write to them lands on the target after this copy.
      t.commit();
      s.commit();
      return rows;
    }

    private void report(Chunk chunk, long rows) {
      tally.chunks.incrementAndGet();
      long mine = tally.rows.addAndGet(rows);
      long done = tally.rowsDone.addAndGet(rows);
      int chunksDone = tally.chunksDone.incrementAndGet();
      double seconds = (System.nanoTime() - tally.started) / 1e9;
      double rate = seconds > 0 ? mine / seconds : 0;
      long left = Math.max(0, tally.estimate - done);
      Duration eta = rate > 0 ? Duration.ofMillis((long) (left / rate * 1000)) : null;
      options
          .listener()
          .onProgress(
              new BackfillProgress(
                  sourceShape.name(),
                  chunk.number(),
                  rows,
                  done,
                  tally.estimate,
                  chunksDone,
                  tally.chunkTotal,
                  rate,
                  eta));
    }
  }

  private static void rollbackQuietly(Connection s, Connection t, SQLException cause) {
    for (Connection c : List.of(t, s)) {
      try {
        c.rollback();
      } catch (SQLException e) {
        cause.addSuppressed(e);
      }
    }
  }

  /** Paces workers so the process copies at most {@code rowsPerSecond} on average. */
  static final class RateLimiter {
    private final long rowsPerSecond;
    private long nextFreeNanos = System.nanoTime();

    RateLimiter(long rowsPerSecond) {
      this.rowsPerSecond = rowsPerSecond;
    }

    void acquire(long rows) {
      if (rowsPerSecond <= 0 || rows <= 0) {
        return;
      }
      long wait;
      synchronized (this) {
        long now = System.nanoTime();
        nextFreeNanos = Math.max(nextFreeNanos, now) + rows * 1_000_000_000L / rowsPerSecond;
        wait = nextFreeNanos - now - rows * 1_000_000_000L / rowsPerSecond;
      }
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
