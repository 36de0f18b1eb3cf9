package dev.cutover.driver.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where one application connection's secondary work runs, in the order it was issued.
 *
 * <p>Synchronous mode runs each task inline on the application's thread, so the secondary is
 * exactly as far as the primary when the call returns. Asynchronous mode queues tasks per
 * connection and runs them one at a time on a shared pool: order within a connection is kept, the
 * application does not wait, and the queue is bounded across all connections. A write that does not
 * fit is not queued; the caller journals it. Control tasks (commit, rollback, close) are always
 * accepted so that a secondary transaction is never left open.
 */
abstract class SecondaryLane {
  /**
   * A queued autocommit write that may be applied together with the autocommit writes queued right
   * after it, in one secondary transaction (see {@link DualWrite}).
   */
  interface Groupable extends Runnable {
    /** Applies {@code group} (this task first, all of the same owner, in queue order). */
    void runGroup(List<Groupable> group);

    /** Whether {@code next} may join a group this task starts. */
    boolean groupsWith(Groupable next);
  }

  /** The most queued autocommit writes applied in one secondary transaction. */
  static final int MAX_GROUP = 64;

  /**
   * Runs or queues a write; false when the bounded queue is full and the write was not accepted.
   */
  abstract boolean offerWrite(Runnable task);

  /** True once the migration's asynchronous pool is shut down: writes are refused. */
  boolean closed() {
    return false;
  }

  /** Runs or queues a control task; never refused. */
  abstract void control(Runnable task);

  /** Waits until every queued task has run, or the timeout passes; true when idle. */
  abstract boolean awaitIdle(long timeoutMillis);

  static SecondaryLane inline() {
    return Inline.INSTANCE;
  }

  static SecondaryLane queued(Executor pool, AtomicInteger globalPending, int capacity) {
    return new Queued(pool, globalPending, capacity);
  }

  private static final class Inline extends SecondaryLane {
    static final Inline INSTANCE = new Inline();

    @Override
    boolean offerWrite(Runnable task) {
      task.run();
      return true;
    }

    @Override
    void control(Runnable task) {
      task.run();
    }

    @Override
    boolean awaitIdle(long timeoutMillis) {
      return true;
    }
  }

  private static final class Queued extends SecondaryLane implements Runnable {
    private final Executor pool;
    private final AtomicInteger globalPending;
    private final int capacity;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean scheduled;

    Queued(Executor pool, AtomicInteger globalPending, int capacity) {
      this.pool = pool;
      this.globalPending = globalPending;
      this.capacity = capacity;
    }

    @Override
    boolean closed() {
      return pool instanceof java.util.concurrent.ExecutorService
          && ((java.util.concurrent.ExecutorService) pool).isShutdown();
    }

    @Override
    boolean offerWrite(Runnable task) {
      if (closed()) {
        // After the migration closed, a write would otherwise run on the application's thread.
        return false;
      }
      if (globalPending.incrementAndGet() > capacity) {
        globalPending.decrementAndGet();
        return false;
      }
      enqueue(task);
      return true;
    }

    @Override
    void control(Runnable task) {
      globalPending.incrementAndGet();
      enqueue(task);
    }

    private void enqueue(Runnable task) {
      boolean start;
      synchronized (this) {
        tasks.add(task);
        start = !scheduled;
        scheduled = true;
      }
      if (start) {
        try {
          pool.execute(this);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
          // The migration was closed before this connection (a pool closing its connections after
          // the application's shutdown closed the migration): run the lane here, so the secondary
          // connection is still closed or its transaction ended, instead of throwing from
          // Connection.close() and leaking it. Writes are refused by then (offerWrite).
          run();
        }
      }
    }

    @Override
    public void run() {
      while (true) {
        Runnable next;
        List<Groupable> group = null;
        synchronized (this) {
          next = tasks.poll();
          if (next == null) {
            scheduled = false;
            notifyAll();
            return;
          }
          // Autocommit writes queued back to back are applied in one secondary transaction: one
          // commit (and fsync) instead of one per write, which is what lets a secondary that fell
          // behind catch up. Order is unchanged; a control task ends the group.
          if (next instanceof Groupable && tasks.peek() instanceof Groupable) {
            Groupable first = (Groupable) next;
            group = new ArrayList<>();
            group.add(first);
            while (group.size() < MAX_GROUP
                && tasks.peek() instanceof Groupable
                && first.groupsWith((Groupable) tasks.peek())) {
              group.add((Groupable) tasks.poll());
            }
          }
        }
        try {
          if (group != null && group.size() > 1) {
            group.get(0).runGroup(group);
          } else {
            next.run();
          }
        } catch (RuntimeException | Error e) {
          // A task journals its own failures; reaching here is a bug, and the lane must keep going.
          System.getLogger(SecondaryLane.class.getName())
              .log(System.Logger.Level.ERROR, "Secondary task failed unexpectedly", e);
        } finally {
          globalPending.addAndGet(group != null ? -group.size() : -1);
        }
      }
    }

    @Override
    synchronized boolean awaitIdle(long timeoutMillis) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      while (scheduled || !tasks.isEmpty()) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        try {
          wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }
}
