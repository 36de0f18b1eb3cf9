package dev.cutover.cli;

import dev.cutover.comparator.backfill.Backfill;
import dev.cutover.comparator.backfill.BackfillListener;
import dev.cutover.comparator.backfill.BackfillOptions;
import dev.cutover.comparator.backfill.BackfillProgress;
import dev.cutover.comparator.backfill.BackfillReport;
import dev.cutover.comparator.backfill.ThrottleChange;
import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.Phase;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cutover backfill}: copies history from the primary to the secondary in resumable chunks.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description =
        "Copies existing rows from the primary to the secondary in checkpointed chunks; a killed"
            + " backfill resumes, and workers on several machines share the chunks.")
final class BackfillCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(
      names = "--table",
      paramLabel = "T",
      description = "Table to copy (repeatable; default all).")
  List<String> tables;

  @Option(
      names = "--workers",
      defaultValue = "2",
      description = "Parallel chunk copiers (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--rate",
      defaultValue = "0",
      paramLabel = "ROWS_PER_S",
      description = "Throttle; 0 = unthrottled.")
  long rate;

  @Option(
      names = "--chunk-rows",
      defaultValue = "10000",
      description = "Rows per chunk (default ${DEFAULT-VALUE}).")
  int chunkRows;

  @Option(
      names = "--max-source-latency",
      defaultValue = "0",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Slow down while the source answers the latency probe slower than this (e.g. 50ms, 2s);"
              + " each slow probe halves the copy rate, each fast one doubles it back. 0 = off"
              + " (default).")
  Duration maxSourceLatency;

  @Option(
      names = "--latency-probe",
      defaultValue = "SELECT 1",
      paramLabel = "SQL",
      description =
          "The query timed on the source, at most once a second (default: ${DEFAULT-VALUE}).")
  String latencyProbe;

  @Option(
      names = "--copy-tables-without-key",
      description =
          "Copy a table without a primary key whole, in one transaction on each side, instead of"
              + " refusing it. Writes to it on the source wait for the copy; a write the"
              + " application makes while the copy starts may be doubled or lost on the target, so"
              + " use it for tables nothing writes during the copy, and verify afterwards.")
  boolean copyTablesWithoutKey;

  @Option(
      names = "--from",
      paramLabel = "old|new",
      description = "Source side (default: the current primary).")
  String from;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Sides sides = new Sides(config.load(), workers + 1)) {
      Phase.Side source = source(sides);
      boolean terminal = System.console() != null;
      BackfillOptions options =
          BackfillOptions.builder()
              .job(sides.config.migration())
              .workers(workers)
              .chunkRows(chunkRows)
              .rowsPerSecond(rate)
              .maxSourceLatency(maxSourceLatency)
              .copyTablesWithoutKey(copyTablesWithoutKey)
              .chunkBy(chunkBy(sides.config))
              .latencyProbe(latencyProbe)
              .zone(sides.config.timeZone())
              .listener(
                  new BackfillListener() {
                    @Override
                    public void onProgress(BackfillProgress p) {
                      progress(out, p, terminal);
                    }

                    @Override
                    public void onThrottle(ThrottleChange change) {
                      throttled(out, change, terminal);
                    }
                  })
              .build();
      Backfill backfill =
          new Backfill(sides.side(source), sides.side(source.other()), sides.store, options);
      out.printf("backfill %s -> %s%n", source, source.other());
      boolean complete = true;
      for (String table : sides.tables(tables)) {
        BackfillReport r;
        try {
          r = backfill.run(table);
        } catch (SQLException e) {
          // One table that cannot be copied (no key, bad chunkBy) must not stop the others.
          out.printf(Locale.ROOT, "%-30s FAILED: %s%n", table, Errors.describe(e));
          complete = false;
          continue;
        }
        if (terminal) {
          out.println();
        }
        out.printf(
            Locale.ROOT,
            "%-30s %s: %,d rows in %d chunks this run (%d/%d chunks done) in %s, %.0f rows/s%n",
            r.table(),
            r.complete() ? "complete" : "INCOMPLETE",
            r.rowsCopied(),
            r.chunksCopied(),
            r.chunksDone(),
            r.chunks(),
            human(r.elapsed()),
            r.rowsPerSecond());
        complete &= r.complete();
      }
      out.flush();
      return complete ? Main.OK : Main.ERROR;
    }
  }

  /** The {@code tables.<table>.chunkBy} settings. */
  private static Map<String, String> chunkBy(MigrationConfig config) {
    Map<String, String> out = new LinkedHashMap<>();
    config
        .tables()
        .forEach(
            (table, settings) -> {
              if (settings.chunkBy() != null) {
                out.put(table, settings.chunkBy());
              }
            });
    return out;
  }

  private Phase.Side source(Sides sides) throws Exception {
    if (from == null) {
      return sides.phase().primary();
    }
    switch (from.toLowerCase(Locale.ROOT)) {
      case "old":
        return Phase.Side.OLD;
      case "new":
        return Phase.Side.NEW;
      default:
        throw new IllegalArgumentException("--from: " + from + " (expected: old or new)");
    }
  }

  private static synchronized void progress(PrintWriter out, BackfillProgress p, boolean terminal) {
    double fraction =
        p.rowsEstimate() > 0 ? Math.min(1.0, (double) p.rowsDone() / p.rowsEstimate()) : 0;
    String eta = p.eta() == null ? "?" : human(p.eta());
    if (terminal) {
      int width = 30;
      int filled = (int) Math.round(fraction * width);
      out.printf(
          Locale.ROOT,
          "\r%-20s [%s%s] %3.0f%% %,d rows %,.0f rows/s ETA %s   ",
          p.table(),
          "#".repeat(filled),
          ".".repeat(width - filled),
          fraction * 100,
          p.rowsDone(),
          p.rowsPerSecond(),
          eta);
    } else {
      out.printf(
          Locale.ROOT,
          "%s chunk %d: %,d rows; %d/%d chunks, %,d rows done, %,.0f rows/s, ETA %s%n",
          p.table(),
          p.chunk(),
          p.chunkRows(),
          p.chunksDone(),
          p.chunks(),
          p.rowsDone(),
          p.rowsPerSecond(),
          eta);
    }
    out.flush();
  }

  private static synchronized void throttled(PrintWriter out, ThrottleChange c, boolean terminal) {
    String latency = c.latency() == null ? "no answer" : c.latency().toMillis() + " ms";
    out.printf(
        Locale.ROOT,
        "%s%s: source latency %s %s %d ms: %s%n",
        terminal ? "\n" : "",
        c.table(),
        latency,
        c.latency() != null && c.latency().compareTo(c.bound()) <= 0 ? "<=" : ">",
        c.bound().toMillis(),
        c.fullSpeed() ? "back to full speed" : "throttling to 1/" + c.slowdown() + " speed");
    out.flush();
  }

  /** Reads {@code 50ms}, {@code 2s}, {@code 1m}, or a bare number of milliseconds. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m)?");

    @Override
    public Duration convert(String value) {
      Matcher m = DURATION.matcher(value.trim());
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' (expected: a duration such as 50ms, 2s or 1m; 0 for none)");
      }
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "ms" : m.group(2);
      return switch (unit) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofMillis(n);
      };
    }
  }

  static String human(Duration d) {
    long s = d.getSeconds();
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : s >= 60
            ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
            : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
