package dev.cutover.comparator.backfill;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a backfill runs; immutable, built with {@link #builder()}.
 *
 * @param job the name chunk plans are stored under (usually the migration's name)
 * @param chunkRows rows per chunk
 * @param batchRows rows per upsert statement or COPY batch
 * @param workers worker threads in this process
 * @param rowsPerSecond throttle across this process's workers; 0 for unthrottled
 * @param leaseMillis how long a claim lasts before another worker may take the chunk over
 * @param copy whether to use COPY into a staging table on a PostgreSQL target
 * @param maxAttempts attempts per chunk (deadlock victims are retried) before the run fails
 * @param listener progress callback
 * @param maxSourceLatency the source latency above which the backfill slows down; zero for no bound
 * @param latencyProbe the query timed to measure the source's latency
 * @param probeInterval the least time between two latency probes
 * @param chunkBy per table (lower-case name), a date or timestamp column to split by instead of the
 *     primary key
 * @param copyTablesWithoutKey whether a table without a primary key is copied as one whole-table
 *     chunk (true) or refused (false); see {@link Backfill}
 */
public record BackfillOptions(
    String job,
    int chunkRows,
    int batchRows,
    int workers,
    long rowsPerSecond,
    long leaseMillis,
    CopyMode copy,
    int maxAttempts,
    BackfillListener listener,
    Duration maxSourceLatency,
    String latencyProbe,
    Duration probeInterval,
    Map<String, String> chunkBy,
    boolean copyTablesWithoutKey,
    java.time.ZoneId zone) {

  /** Whether a PostgreSQL target is written with COPY plus merge or with upsert statements. */
  public enum CopyMode {
    /** COPY into a staging table, then INSERT ... SELECT ... ON CONFLICT DO UPDATE. */
    COPY,
    /** Multi-row upsert statements. */
    UPSERT
  }

  /** Validates every option, reporting all problems at once. */
  public BackfillOptions {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(copy, "copy");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(maxSourceLatency, "maxSourceLatency");
    Objects.requireNonNull(probeInterval, "probeInterval");
    StringBuilder problems = new StringBuilder();
    Map<String, String> byTable = new LinkedHashMap<>();
    (chunkBy == null ? Map.<String, String>of() : chunkBy)
        .forEach(
            (t, c) -> {
              if (c == null || c.isBlank()) {
                problems.append("chunkBy." + t + ": " + c + " (expected: a column name)\n");
              } else {
                byTable.put(t.toLowerCase(Locale.ROOT), c);
              }
            });
    chunkBy = Map.copyOf(byTable);
    check(problems, chunkRows >= 1, "chunkRows: " + chunkRows + " (expected: at least 1)");
    check(problems, batchRows >= 1, "batchRows: " + batchRows + " (expected: at least 1)");
    check(problems, workers >= 1, "workers: " + workers + " (expected: at least 1)");
    check(problems, rowsPerSecond >= 0, "rowsPerSecond: " + rowsPerSecond + " (expected: >= 0)");
    check(problems, leaseMillis >= 1, "leaseMillis: " + leaseMillis + " (expected: at least 1)");
    check(problems, maxAttempts >= 1, "maxAttempts: " + maxAttempts + " (expected: at least 1)");
    check(
        problems,
        !maxSourceLatency.isNegative(),
        "maxSourceLatency: " + maxSourceLatency + " (expected: zero or more)");
    check(
        problems,
        latencyProbe != null && !latencyProbe.isBlank(),
        "latencyProbe: " + latencyProbe + " (expected: a query, e.g. SELECT 1)");
    check(
        problems,
        !probeInterval.isNegative(),
        "probeInterval: " + probeInterval + " (expected: zero or more)");
    if (problems.length() > 0) {
      throw new IllegalArgumentException(problems.toString().trim());
    }
  }

  private static void check(StringBuilder problems, boolean ok, String message) {
    if (!ok) {
      problems.append(message).append('\n');
    }
  }

  /** The column the table is split by instead of its primary key, or null for the key. */
  public String chunkColumn(String table) {
    return chunkBy.get(table.toLowerCase(Locale.ROOT));
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link BackfillOptions}. */
  public static final class Builder {
    private String job = "default";
    private int chunkRows = 10_000;
    private int batchRows = 1_000;
    private int workers = 1;
    private long rowsPerSecond;
    private long leaseMillis = 300_000;
    private CopyMode copy = CopyMode.COPY;
    private int maxAttempts = 5;
    private BackfillListener listener = BackfillListener.NONE;
    private Duration maxSourceLatency = Duration.ZERO;
    private String latencyProbe = "SELECT 1";
    private Duration probeInterval = Duration.ofSeconds(1);
    private Map<String, String> chunkBy = Map.of();
    private boolean copyTablesWithoutKey;
    private java.time.ZoneId zone = java.time.ZoneId.systemDefault();

    private Builder() {}

    /**
     * Sets the zone in which zone-less date-times (MariaDB DATETIME, PostgreSQL timestamp) stand
     * for instants, where one is copied into an instant column or back (default: the JVM's zone,
     * the one the application's drivers dual-write them in).
     */
    public Builder zone(java.time.ZoneId value) {
      this.zone = java.util.Objects.requireNonNull(value, "zone");
      return this;
    }

    /** Sets the job name. */
    public Builder job(String value) {
      job = value;
      return this;
    }

    /** Sets rows per chunk. */
    public Builder chunkRows(int value) {
      chunkRows = value;
      return this;
    }

    /** Sets rows per write batch. */
    public Builder batchRows(int value) {
      batchRows = value;
      return this;
    }

    /** Sets worker threads. */
    public Builder workers(int value) {
      workers = value;
      return this;
    }

    /** Sets the throttle in rows per second (0 for none). */
    public Builder rowsPerSecond(long value) {
      rowsPerSecond = value;
      return this;
    }

    /** Sets the claim lease. */
    public Builder leaseMillis(long value) {
      leaseMillis = value;
      return this;
    }

    /** Sets the PostgreSQL write mode. */
    public Builder copy(CopyMode value) {
      copy = value;
      return this;
    }

    /** Sets attempts per chunk. */
    public Builder maxAttempts(int value) {
      maxAttempts = value;
      return this;
    }

    /** Sets the progress listener. */
    public Builder listener(BackfillListener value) {
      listener = value;
      return this;
    }

    /**
     * Sets the source latency above which the backfill slows down (zero, the default, for none).
     */
    public Builder maxSourceLatency(Duration value) {
      maxSourceLatency = value;
      return this;
    }

    /** Sets the query timed to measure the source's latency (default {@code SELECT 1}). */
    public Builder latencyProbe(String value) {
      latencyProbe = value;
      return this;
    }

    /** Sets the least time between two latency probes (default 1 s). */
    public Builder probeInterval(Duration value) {
      probeInterval = value;
      return this;
    }

    /** Sets, per table, a date or timestamp column to split by instead of the primary key. */
    public Builder chunkBy(Map<String, String> value) {
      chunkBy = value;
      return this;
    }

    /** Sets whether tables without a primary key are copied as one whole-table chunk. */
    public Builder copyTablesWithoutKey(boolean value) {
      copyTablesWithoutKey = value;
      return this;
    }

    /** Builds and validates the options. */
    public BackfillOptions build() {
      return new BackfillOptions(
          job,
          chunkRows,
          batchRows,
          workers,
          rowsPerSecond,
          leaseMillis,
          copy,
          maxAttempts,
          listener,
          maxSourceLatency,
          latencyProbe,
          probeInterval,
          chunkBy,
          copyTablesWithoutKey,
          zone);
    }
  }
}
