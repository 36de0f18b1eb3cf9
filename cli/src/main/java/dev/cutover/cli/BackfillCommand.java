package dev.cutover.cli;

import dev.cutover.comparator.backfill.Backfill;
import dev.cutover.comparator.backfill.BackfillOptions;
import dev.cutover.comparator.backfill.BackfillProgress;
import dev.cutover.comparator.backfill.BackfillReport;
import dev.cutover.driver.Phase;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
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
              .listener(p -> progress(out, p, terminal))
              .build();
      Backfill backfill =
          new Backfill(sides.side(source), sides.side(source.other()), sides.store, options);
      out.printf("backfill %s -> %s%n", source, source.other());
      boolean complete = true;
      for (String table : sides.tables(tables)) {
        BackfillReport r = backfill.run(table);
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

  static String human(Duration d) {
    long s = d.getSeconds();
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : s >= 60
            ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
            : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
