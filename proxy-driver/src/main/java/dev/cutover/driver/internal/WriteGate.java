package dev.cutover.driver.internal;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the write statements and write transactions in flight in one instance and holds new ones
 * while a phase flip is fenced.
 *
 * <p>Entering is an increment followed by a read of the volatile fence flag; fencing is a write of
 * the flag followed by reads of the count. Both are sequentially consistent, so either the writer
 * sees the fence (and backs out to wait) or the fencer sees the writer (and waits for it to drain):
 * no write slips through unnoticed. The open path takes no lock.
 */
public final class WriteGate {
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile boolean fenced;

  /**
   * Admits one write; while fenced waits up to {@code timeoutNanos}.
   *
   * @throws SQLTimeoutException (SQLSTATE {@code HYT00}) when the fence outlasts the wait
   */
  void enter(long timeoutNanos) throws SQLException {
    long deadline = 0;
    while (true) {
      inFlight.incrementAndGet();
      if (!fenced) {
        return;
      }
      leave();
      if (deadline == 0) {
        deadline = System.nanoTime() + timeoutNanos;
      }
      lock.lock();
      try {
        while (fenced) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new SQLTimeoutException(
                "Write held for "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                    + " ms while a phase flip is fenced (fleet.holdTimeout); nothing was executed,"
                    + " retry",
                "HYT00");
          }
          changed.awaitNanos(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("Interrupted while a phase flip was fenced", "HYT00", e);
      } finally {
        lock.unlock();
      }
    }
  }

  /** Ends one admitted write. */
  void leave() {
    if (inFlight.decrementAndGet() == 0 && fenced) {
      signal();
    }
  }

  /** Holds every new write until {@link #release()}. */
  public void fence() {
    fenced = true;
  }

  /** Waits until no admitted write is left; false when {@code timeoutNanos} passed first. */
  public boolean awaitDrained(long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    lock.lock();
    try {
      while (inFlight.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(5)));
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Lets held and new writes through. */
  public void release() {
    fenced = false;
    signal();
  }

  public boolean isFenced() {
    return fenced;
  }

  /** Writes admitted and not yet finished. */
  public int inFlight() {
    return inFlight.get();
  }

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
