package dev.cutover.cli;

import dev.cutover.comparator.verify.Verifier;
import dev.cutover.comparator.verify.VerifyOptions;
import dev.cutover.comparator.verify.VerifyResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cutover verify}: proves both sides hold the same rows; exit 0 equal, 1 different, 2 error.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Compares the tables on both sides with hashing pushed into the databases; exit 0 equal,"
            + " 1 different, 2 error. Results are stored for the readiness gate.")
final class VerifyCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(
      names = "--table",
      paramLabel = "T",
      description = "Table to verify (repeatable; default all).")
  List<String> tables;

  @Option(names = "--json", description = "One JSON document: {\"tables\":[...]}.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Sides sides = new Sides(config.load(), 4)) {
      Verifier verifier =
          new Verifier(
              sides.old,
              sides.neu,
              VerifyOptions.defaults()
                  .withZone(sides.config.timeZone())
                  .storingIn(sides.store, sides.config.migration()));
      List<VerifyResult> results = verifier.verify(sides.tables(tables));
      int exit = Main.OK;
      for (VerifyResult r : results) {
        exit = Math.max(exit, r.exitCode());
      }
      if (json) {
        out.println(Verifier.toJson(results));
      } else {
        for (VerifyResult r : results) {
          out.printf(
              Locale.ROOT,
              "%-30s %-9s old %,d rows, new %,d rows%s%n",
              r.table(),
              r.status(),
              r.rowsOld(),
              r.rowsNew(),
              r.error() == null ? "" : "  " + r.error());
          if (r.missingOnNewCount() > 0) {
            out.printf("    missing on new (%d): %s%n", r.missingOnNewCount(), r.missingOnNew());
          }
          if (r.extraOnNewCount() > 0) {
            out.printf("    extra on new (%d): %s%n", r.extraOnNewCount(), r.extraOnNew());
          }
          if (r.differingCount() > 0) {
            out.printf("    differing (%d): %s%n", r.differingCount(), r.differing());
          }
        }
      }
      out.flush();
      return exit;
    }
  }
}
