package dev.cutover.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.driver.Phase;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The kind of value a setting holds: its name in the reference docs, what a bad value is told it
 * should have been, and the conversion from a YAML node.
 *
 * <p>A conversion returns {@code null} for a value it cannot accept; the caller then reports the
 * key, the value and {@link #expected()}. Scalars are read through their text so that {@code 5},
 * {@code "5"} and a {@code ${VAR}} that expanded to {@code 5} mean the same thing.
 */
final class ValueType {

  private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern DURATION_PATTERN = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h)?");
  private static final Pattern INTEGER_PATTERN = Pattern.compile("[+-]?\\d{1,18}");
  private static final Pattern HOST_PORT_PATTERN =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):(\\d{1,5})");

  static final ValueType NAME =
      scalar(
          "name",
          "1 to 64 letters, digits, '_' or '-'",
          text -> NAME_PATTERN.matcher(text).matches() ? text : null);

  static final ValueType JDBC_URL =
      scalar(
          "JDBC URL",
          "a JDBC URL starting with jdbc: (and not jdbc:cutover:)",
          text -> text.startsWith("jdbc:") && !text.startsWith("jdbc:cutover:") ? text : null);

  static final ValueType STRING = scalar("string", "a string", text -> text);

  static final ValueType NON_BLANK_STRING =
      scalar(
          "string",
          "a non-blank string of at most 128 characters",
          text -> !text.isBlank() && text.length() <= 128 ? text : null);

  static final ValueType SECRET = scalar("secret string", "a string", text -> text);

  static final ValueType STRING_MAP =
      new ValueType("map of strings", "a map of names to string values", ValueType::stringMap);

  static final ValueType COLUMN_LIST =
      new ValueType("list of names", "a non-empty list of column names", ValueType::columnList);

  static final ValueType RATE = scalar("number", "0.0 to 1.0", ValueType::rate);

  static final ValueType TOLERANCE =
      scalar("number", "a number from 0.0 to 1.0, such as 1e-6", ValueType::rate);

  static final ValueType BOOLEAN =
      scalar(
          "boolean",
          "true or false",
          text ->
              "true".equalsIgnoreCase(text)
                  ? Boolean.TRUE
                  : "false".equalsIgnoreCase(text) ? Boolean.FALSE : null);

  static final ValueType PATH = scalar("path", "a file-system path", ValueType::path);

  static final ValueType DURATION =
      scalar(
          "duration",
          "a duration such as 500ms, 5s, 2m, 1h or a whole number of milliseconds",
          ValueType::duration);

  static final ValueType HOST_PORT =
      scalar("host:port", "host:port with a port from 0 to 65535", ValueType::hostPort);

  static final ValueType PHASE = enumeration(Phase.class, false);

  static final ValueType ZONE =
      scalar("time zone", "a time-zone id such as UTC, Europe/Berlin or +05:30", ValueType::zone);

  private static Object zone(String text) {
    try {
      return java.time.ZoneId.of(text.trim());
    } catch (java.time.DateTimeException notAZone) {
      return null;
    }
  }

  private final String docName;
  private final String expected;
  private final Function<JsonNode, Object> converter;

  private ValueType(String docName, String expected, Function<JsonNode, Object> converter) {
    this.docName = docName;
    this.expected = expected;
    this.converter = converter;
  }

  /** A whole number from {@code min} to {@code max}, both included. */
  static ValueType integer(int min, int max) {
    return scalar(
        "integer",
        String.format(Locale.ROOT, "a whole number from %,d to %,d", min, max),
        text -> {
          if (!INTEGER_PATTERN.matcher(text).matches()) {
            return null;
          }
          long value = Long.parseLong(text);
          return value >= min && value <= max ? Integer.valueOf((int) value) : null;
        });
  }

  /** One of an enum's constants, matched ignoring case; the docs show them lower-case or as-is. */
  static <E extends Enum<E>> ValueType enumeration(Class<E> type, boolean lowerCase) {
    List<String> names =
        Arrays.stream(type.getEnumConstants())
            .map(e -> lowerCase ? e.name().toLowerCase(Locale.ROOT) : e.name())
            .collect(Collectors.toList());
    return scalar(
        String.join(" | ", names),
        "one of " + String.join(", ", names),
        text -> {
          for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) {
              return constant;
            }
          }
          return null;
        });
  }

  /** The type's name as shown in the reference docs. */
  String docName() {
    return docName;
  }

  /** What an invalid value should have been, as shown in a problem. */
  String expected() {
    return expected;
  }

  /** The converted value, or {@code null} when {@code node} is not a valid value of this type. */
  Object convert(JsonNode node) {
    return converter.apply(node);
  }

  private static ValueType scalar(String docName, String expected, Function<String, Object> parse) {
    return new ValueType(
        docName, expected, node -> node.isValueNode() ? parse.apply(node.asText()) : null);
  }

  private static Object stringMap(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getValue().isValueNode() || field.getValue().isNull()) {
        return null;
      }
      map.put(field.getKey(), field.getValue().asText());
    }
    return Collections.unmodifiableMap(map);
  }

  private static Object columnList(JsonNode node) {
    if (!node.isArray() || node.isEmpty()) {
      return null;
    }
    List<String> columns = new ArrayList<>();
    for (JsonNode element : node) {
      if (!element.isValueNode() || element.isNull() || element.asText().isBlank()) {
        return null;
      }
      columns.add(element.asText());
    }
    return List.copyOf(columns);
  }

  private static Object rate(String text) {
    try {
      double rate = Double.parseDouble(text.trim());
      return rate >= 0.0 && rate <= 1.0 ? Double.valueOf(rate) : null;
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }

  private static Object path(String text) {
    if (text.isBlank()) {
      return null;
    }
    try {
      return Path.of(text);
    } catch (InvalidPathException invalid) {
      return null;
    }
  }

  private static Object duration(String text) {
    Matcher matcher = DURATION_PATTERN.matcher(text.trim());
    if (!matcher.matches()) {
      return null;
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
    try {
      switch (unit) {
        case "h":
          return Duration.ofHours(amount);
        case "m":
          return Duration.ofMinutes(amount);
        case "s":
          return Duration.ofSeconds(amount);
        default:
          return Duration.ofMillis(amount);
      }
    } catch (ArithmeticException tooLong) {
      return null;
    }
  }

  private static Object hostPort(String text) {
    Matcher matcher = HOST_PORT_PATTERN.matcher(text);
    return matcher.matches() && Integer.parseInt(matcher.group(2)) <= 65535 ? text : null;
  }
}
