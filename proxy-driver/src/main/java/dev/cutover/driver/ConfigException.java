package dev.cutover.driver;

import java.sql.SQLException;
import java.util.List;

/**
 * A migration configuration that cannot be used, with every problem found in it listed at once.
 *
 * <p>Each problem names its key, the offending value (secrets shown as {@code (redacted)}) and what
 * was expected, e.g. {@code shadow.sampleRate: 1.5 (expected: 0.0 to 1.0)}. The SQLSTATE is {@code
 * 22023} (invalid parameter value), so a pool that reports {@code getConnection} failures shows it
 * as a configuration error rather than a connectivity one.
 */
public final class ConfigException extends SQLException {

  /** SQLSTATE for an invalid parameter value. */
  static final String SQL_STATE = "22023";

  private final String source;
  private final List<String> problems;

  /** Creates an exception for the configuration read from {@code source} with its problems. */
  public ConfigException(String source, List<String> problems) {
    super(message(source, problems), SQL_STATE);
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** Where the configuration came from: a location, a file path or a caller-given name. */
  public String source() {
    return source;
  }

  /** Every problem found, each naming its key and what was expected. */
  public List<String> problems() {
    return problems;
  }

  private static String message(String source, List<String> problems) {
    StringBuilder message = new StringBuilder("Invalid cutover configuration ").append(source);
    message.append(':');
    for (String problem : problems) {
      message.append("\n  - ").append(problem);
    }
    return message.toString();
  }
}
