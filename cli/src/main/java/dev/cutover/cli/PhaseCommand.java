package dev.cutover.cli;

import dev.cutover.driver.Phase;
import dev.cutover.driver.control.ControlPlane;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cutover phase}: shows the fleet's phase, or moves it through the fenced flip. */
@Command(
    name = "phase",
    mixinStandardHelpOptions = true,
    description = "Shows the phase, the fleet and readiness.",
    subcommands = {PhaseCommand.Set.class})
final class PhaseCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = "--json", description = "One JSON document.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (ControlPlane cp = ControlPlane.open(config.load())) {
      ControlPlane.Status status = cp.status();
      PrintWriter out = spec.commandLine().getOut();
      out.print(json ? Json.write(status) + "\n" : status.render());
      out.flush();
      return Main.OK;
    }
  }

  /** {@code cutover phase set PHASE [--table T] --reason TEXT [--force]}. */
  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description =
          "Moves every instance to an adjacent phase through the fenced flip; exits 0 only when the"
              + " whole fleet applied it. With --table, moves that table's phase (its override);"
              + " setting a table to the global phase removes its override.")
  static final class Set implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(
        index = "0",
        paramLabel = "PHASE",
        description = "OLD, DUAL_OLD_PRIMARY, DUAL_NEW_PRIMARY or NEW.")
    Phase phase;

    @Option(names = "--reason", required = true, description = "Why; recorded in the audit log.")
    String reason;

    @Option(names = "--force", description = "Move even when readiness checks fail (audited).")
    boolean force;

    @Option(
        names = "--table",
        paramLabel = "T",
        description = "Move only this table's phase (a per-table override).")
    String table;

    @Option(names = "--json", description = "One JSON document.")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (ControlPlane cp = ControlPlane.open(config.load())) {
        String actor = System.getProperty("user.name", "cli");
        ControlPlane.FlipResult r =
            table == null
                ? cp.flip(phase, reason, force, actor)
                : cp.flipTable(table, phase, reason, force, actor);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          out.println(Json.write(r));
        } else {
          out.printf(
              "%s%s -> %s: %s%s (version %d, fenced %d ms, total %d ms)%n",
              r.table() == null ? "" : "table " + r.table() + ": ",
              r.from(),
              r.to(),
              r.outcome(),
              r.forced() ? " (forced)" : "",
              r.version(),
              r.fenceMillis(),
              r.totalMillis());
          if (r.outcome() == ControlPlane.Outcome.COMMITTED && !r.fleetApplied()) {
            out.println("  not every live instance has applied it yet");
          }
          for (String why : r.reasons()) {
            out.println("  " + why);
          }
        }
        out.flush();
        return r.succeeded() ? Main.OK : Main.ERROR;
      }
    }
  }
}
