package dev.cutover.cli;

import dev.cutover.driver.MigrationConfig;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;
import picocli.CommandLine.Option;

/** The {@code --config F} option every command takes. */
final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "The migration's YAML file.")
  Path file;

  String location() {
    if (file == null) {
      // Checked here rather than by picocli so "cutover phase set ... --config F" works: a required
      // option
      // on the parent command would be demanded before the subcommand.
      throw new IllegalArgumentException("Missing required option: '--config=FILE'");
    }
    return file.toAbsolutePath().normalize().toString();
  }

  MigrationConfig load() throws SQLException {
    return MigrationConfig.load(location(), new Properties());
  }
}
