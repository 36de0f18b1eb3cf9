package dev.cutover.driver;

import java.sql.SQLException;
import java.util.List;

public final class ConfigException extends SQLException {
  private final List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super(
        "Invalid cutover configuration " + source + ":\n  - " + String.join("\n  - ", problems),
        "22023");
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
