package dev.cutover.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cutover} command. Exit codes: 0 success (or equal), 1 a difference was found, 2 an
 * error (bad configuration, unreachable database, bad arguments).
 */
@Command(
    name = "cutover",
    mixinStandardHelpOptions = true,
    version = "cutover 0.1.0-SNAPSHOT",
    description = "Moves a live application from one database to another without downtime.",
    subcommands = {
      DemoCommand.class,
      PhaseCommand.class,
      BackfillCommand.class,
      VerifyCommand.class,
      RepairCommand.class,
      ReportCommand.class
    })
public final class Main implements Runnable {
  static final int OK = 0;
  static final int DIFFERENT = 1;
  static final int ERROR = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (used by tests). */
  public static int run(String... args) {
    return run(
        new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs the command line with the given output streams and returns its exit code. */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExitCodeExceptionMapper(e -> ERROR);
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println(cmd.getColorScheme().errorText("cutover: " + Errors.describe(e)));
          return ERROR;
        });
    cl.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine().getErr().println("cutover: " + e.getMessage());
          e.getCommandLine().usage(e.getCommandLine().getErr());
          return ERROR;
        });
    return cl.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
