package dev.cutover.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cutover} command. */
@Command(
    name = "cutover",
    mixinStandardHelpOptions = true,
    version = "cutover 0.1.0-SNAPSHOT",
    description = "Moves a live application from one database to another without downtime.")
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
