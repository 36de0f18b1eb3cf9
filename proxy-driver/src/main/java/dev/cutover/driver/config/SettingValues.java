package dev.cutover.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The settings of one YAML tree, checked against the {@link Setting} catalog.
 *
 * <p>Reading never stops at the first mistake: it walks the whole tree, adds one problem per
 * unknown key, wrong type, invalid value, unresolved {@code ${VAR}} and missing required key, and
 * keeps every value it could convert. Callers throw when the problem list is not empty. This is
 * internal plumbing for {@link dev.cutover.driver.MigrationConfig}, public only because it lives in
 * another package.
 */
public final class SettingValues {

  private final Map<String, Object> byPath;

  private SettingValues(Map<String, Object> byPath) {
    this.byPath = byPath;
  }

  /**
   * Checks {@code root} against the catalog, substituting {@code ${VAR}} references from {@code
   * environment}, and adds every problem found to {@code problems}.
   */
  public static SettingValues read(
      JsonNode root, Function<String, String> environment, List<String> problems) {
    Walk walk = new Walk(new EnvironmentSubstitution(environment), problems);
    if (root == null || root.isMissingNode() || root.isNull()) {
      walk.section(List.of(), "", null);
    } else if (root.isObject()) {
      walk.section(List.of(), "", root);
    } else {
      problems.add(
          "(top level): "
              + describe(root)
              + " (expected: a map of settings with keys "
              + String.join(", ", Setting.childKeys(List.of()))
              + ")");
    }
    return new SettingValues(Collections.unmodifiableMap(walk.values));
  }

  /** Whether the file gives a value for this setting (one without {@code <name>} segments). */
  public boolean isSet(Setting setting) {
    return byPath.containsKey(setting.path());
  }

  /**
   * The value the file gives, else the catalog's default, else {@code null}, as {@code type}: a
   * {@code String}, {@code Integer}, {@code Double}, {@code Duration}, {@code Path}, enum constant,
   * {@code Map<String,String>} or {@code List<String>} depending on the setting.
   */
  public <T> T get(Setting setting, Class<T> type) {
    Object value = byPath.get(setting.path());
    if (value == null && setting.defaultValue() != null) {
      value = setting.type().convert(TextNode.valueOf(setting.defaultValue()));
      if (value == null) {
        throw new IllegalStateException("Invalid default for " + setting.path());
      }
    }
    return type.cast(value);
  }

  /**
   * For a setting with one {@code <name>} segment, the values the file gives keyed by the names the
   * user chose, in file order.
   */
  public <T> Map<String, T> byName(Setting setting, Class<T> type) {
    List<String> pattern = setting.segments();
    int wildcard = -1;
    for (int i = 0; i < pattern.size(); i++) {
      if (Setting.isWildcard(pattern.get(i))) {
        wildcard = i;
      }
    }
    if (wildcard < 0) {
      throw new IllegalArgumentException(setting.path() + " has no <name> segment");
    }
    Map<String, T> result = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : byPath.entrySet()) {
      List<String> segments = splitPath(entry.getKey(), pattern.size(), wildcard);
      if (segments != null && matches(pattern, segments)) {
        result.put(segments.get(wildcard), type.cast(entry.getValue()));
      }
    }
    return result;
  }

  /** Splits a path into exactly {@code count} segments, letting the user-chosen name hold dots. */
  private static List<String> splitPath(String path, int count, int wildcard) {
    String[] parts = path.split("\\.", -1);
    if (parts.length < count) {
      return null;
    }
    // Only the <name> segment can hold extra dots (a schema-qualified table, say); the others are
    // catalog keys, which never do.
    List<String> segments = new ArrayList<>(List.of(parts));
    while (segments.size() > count) {
      segments.set(wildcard, segments.get(wildcard) + "." + segments.remove(wildcard + 1));
    }
    return segments;
  }

  private static boolean matches(List<String> pattern, List<String> segments) {
    for (int i = 0; i < pattern.size(); i++) {
      if (!Setting.isWildcard(pattern.get(i)) && !pattern.get(i).equals(segments.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** A value as it may appear in a problem: scalars as text, containers by kind only. */
  static String describe(JsonNode node) {
    if (node.isObject()) {
      return "a map";
    }
    if (node.isArray()) {
      return node.isEmpty()
          ? "an empty list"
          : "a list of " + node.size() + (node.size() == 1 ? " item" : " items");
    }
    String text = node.asText();
    if (text.isBlank() || !text.equals(text.strip())) {
      return "\"" + text + "\"";
    }
    return text.length() > 100 ? text.substring(0, 100) + "..." : text;
  }

  private static String describe(Setting setting, JsonNode node) {
    if (setting.secret()) {
      return Redaction.REDACTED;
    }
    if (setting.type() == ValueType.JDBC_URL && node.isValueNode()) {
      return describe(TextNode.valueOf(Redaction.url(node.asText())));
    }
    if (setting.type() == ValueType.COLUMN_LIST && node.isArray()) {
      List<String> elements = new ArrayList<>();
      node.forEach(element -> elements.add(element.isValueNode() ? describe(element) : "..."));
      return "[" + String.join(", ", elements) + "]";
    }
    return describe(node);
  }

  private static String expectedFor(Setting setting) {
    return setting.type().expected();
  }

  /** One pass over a tree; collects converted values by their actual path. */
  private static final class Walk {
    private final EnvironmentSubstitution substitution;
    private final List<String> problems;
    private final Map<String, Object> values = new LinkedHashMap<>();

    Walk(EnvironmentSubstitution substitution, List<String> problems) {
      this.substitution = substitution;
      this.problems = problems;
    }

    /**
     * Checks one map of the tree; {@code node} is {@code null} for a section the file leaves out,
     * which still reports the always-required keys beneath it.
     */
    void section(List<String> pattern, String path, JsonNode node) {
      List<String> keys = Setting.childKeys(pattern);
      String wildcard = keys.stream().filter(Setting::isWildcard).findFirst().orElse(null);
      if (node != null) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          String key = field.getKey();
          String childPath = join(path, key);
          String segment = keys.contains(key) ? key : wildcard;
          if (segment == null) {
            problems.add(
                childPath + ": unknown key (expected one of: " + String.join(", ", keys) + ")");
          } else if (!field.getValue().isNull()) {
            child(append(pattern, segment), childPath, field.getValue());
          }
        }
      }
      for (String key : keys) {
        if (Setting.isWildcard(key) || (node != null && isGiven(node.get(key)))) {
          continue;
        }
        List<String> childPattern = append(pattern, key);
        Setting setting = Setting.atPath(String.join(".", childPattern));
        if (setting == null) {
          section(childPattern, join(path, key), null);
        } else if (setting.presence() == Setting.Presence.REQUIRED
            || (node != null && setting.presence() == Setting.Presence.REQUIRED_WITH_SECTION)) {
          problems.add(join(path, key) + ": missing (expected: " + expectedFor(setting) + ")");
        }
      }
    }

    private void child(List<String> pattern, String path, JsonNode value) {
      Setting setting = Setting.atPath(String.join(".", pattern));
      if (setting == null) {
        if (value.isObject()) {
          section(pattern, path, value);
        } else {
          problems.add(path + ": " + describe(value) + " (expected: " + mapOf(pattern) + ")");
        }
        return;
      }
      JsonNode substituted = substitution.substitute(value, path, problems);
      if (substituted == null) {
        return;
      }
      Object converted = setting.type().convert(substituted);
      if (converted == null) {
        problems.add(
            path
                + ": "
                + describe(setting, substituted)
                + " (expected: "
                + expectedFor(setting)
                + ")");
      } else {
        values.put(path, converted);
      }
    }

    /** What a section should look like, e.g. {@code a map with keys url, user}. */
    private static String mapOf(List<String> pattern) {
      List<String> keys = Setting.childKeys(pattern);
      if (keys.size() == 1 && Setting.isWildcard(keys.get(0))) {
        String name = keys.get(0).substring(1, keys.get(0).length() - 1);
        return "a map from " + name + " names to their settings";
      }
      return "a map with keys " + String.join(", ", keys);
    }

    private static boolean isGiven(JsonNode node) {
      return node != null && !node.isNull();
    }

    private static List<String> append(List<String> list, String element) {
      List<String> result = new ArrayList<>(list);
      result.add(element);
      return result;
    }

    private static String join(String path, String key) {
      return path.isEmpty() ? key : path + "." + key;
    }
  }
}
