package dev.cutover.driver.control;

import dev.cutover.driver.Phase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Application threads writing through driver instances: autocommit inserts and updates, and short
 * transactions that tag their row with the phase they ran under.
 */
final class Writers implements AutoCloseable {
  final AtomicBoolean stop = new AtomicBoolean();
  final AtomicLong boundedWaits = new AtomicLong();
  final AtomicLong committed = new AtomicLong();
  final List<Throwable> errors = new CopyOnWriteArrayList<>();

  /** Committed tagged rows: id -> the phase the transaction ran under. */
  final Map<Long, Phase> tagged = new ConcurrentHashMap<>();

  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  /** Mixed load on table {@code events(id, writer, val)}. */
  void mixed(Fleet.Instance instance, int writer) {
    start(
        "writer-" + writer,
        () -> {
          try (Connection c = instance.connect()) {
            long seq = 0;
            while (!stop.get()) {
              long id = writer * 10_000_000L + seq++;
              try {
                if (seq % 3 == 0) {
                  c.setAutoCommit(false);
                  try {
                    insert(c, id, writer);
                    update(c, id, 7);
                    c.commit();
                  } catch (SQLException e) {
                    c.rollback();
                    throw e;
                  } finally {
                    c.setAutoCommit(true);
                  }
                } else {
                  insert(c, id, writer);
                  if (seq % 5 == 0) {
                    update(c, id, 3);
                  }
                }
                committed.incrementAndGet();
              } catch (SQLTimeoutException bounded) {
                boundedWaits.incrementAndGet();
              }
            }
          }
        });
  }

  /** Transactions on {@code tagged(id, tag)} whose row records the phase they ran under. */
  void tagging(Fleet.Instance instance, int writer) {
    start(
        "tagger-" + writer,
        () -> {
          try (Connection c = instance.connect()) {
            c.setAutoCommit(false);
            long seq = 0;
            while (!stop.get()) {
              long id = writer * 10_000_000L + seq++;
              try {
                try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO tagged (id, tag) VALUES (?, 'PENDING')")) {
                  ps.setLong(1, id);
                  ps.executeUpdate();
                }
                // The first write holds the gate until commit, so no flip can land in between:
                // the instance's phase now is the phase this transaction runs under.
                Phase seen = instance.phase();
                try (PreparedStatement ps =
                    c.prepareStatement("UPDATE tagged SET tag = ? WHERE id = ?")) {
                  ps.setString(1, seen.name());
                  ps.setLong(2, id);
                  ps.executeUpdate();
                }
                c.commit();
                tagged.put(id, seen);
              } catch (SQLTimeoutException bounded) {
                boundedWaits.incrementAndGet();
                c.rollback();
              }
            }
          }
        });
  }

  private static void insert(Connection c, long id, int writer) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO events (id, writer, val) VALUES (?, ?, 0)")) {
      ps.setLong(1, id);
      ps.setInt(2, writer);
      ps.executeUpdate();
    }
  }

  private static void update(Connection c, long id, int val) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE events SET val = ? WHERE id = ?")) {
      ps.setInt(1, val);
      ps.setLong(2, id);
      ps.executeUpdate();
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  private void start(String name, Body body) {
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Throwable e) {
                errors.add(e);
              }
            },
            name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  @Override
  public void close() {
    stop.set(true);
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        errors.add(e);
        return;
      }
    }
  }
}
