package dev.cutover.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:default}} in string values with environment variables.
 *
 * <p>Only string values are substituted, never keys, and a substituted value is not scanned again.
 * {@code $${} stands for a literal {@code ${}. A reference that cannot be resolved is reported
 * against the key it appears under; the value itself is not echoed because it may be a secret.
 */
final class EnvironmentSubstitution {

  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Function<String, String> environment;

  EnvironmentSubstitution(Function<String, String> environment) {
    this.environment = environment;
  }

  /**
   * A copy of {@code node} with every string value substituted, or {@code null} when some reference
   * could not be resolved (each such reference is added to {@code problems}).
   */
  JsonNode substitute(JsonNode node, String path, List<String> problems) {
    if (node.isTextual()) {
      String substituted = substitute(node.textValue(), path, problems);
      return substituted == null ? null : TextNode.valueOf(substituted);
    }
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      boolean complete = true;
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        JsonNode value = substitute(field.getValue(), path + "." + field.getKey(), problems);
        complete &= value != null;
        copy.set(field.getKey(), value);
      }
      return complete ? copy : null;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      boolean complete = true;
      for (int i = 0; i < node.size(); i++) {
        JsonNode value = substitute(node.get(i), path + "[" + i + "]", problems);
        complete &= value != null;
        copy.add(value);
      }
      return complete ? copy : null;
    }
    return node;
  }

  /** The substituted text, or {@code null} after adding a problem for each unresolved reference. */
  String substitute(String text, String path, List<String> problems) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder result = new StringBuilder(text.length());
    boolean complete = true;
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        result.append("${");
        i += 3;
        continue;
      }
      if (!text.startsWith("${", i)) {
        result.append(text.charAt(i++));
        continue;
      }
      int end = text.indexOf('}', i + 2);
      if (end < 0) {
        problems.add(
            path
                + ": unterminated ${ (expected: ${NAME} or ${NAME:default}; write $${ for a"
                + " literal ${)");
        return null;
      }
      String reference = text.substring(i + 2, end);
      int colon = reference.indexOf(':');
      String name = colon < 0 ? reference : reference.substring(0, colon);
      if (!VARIABLE_NAME.matcher(name).matches()) {
        problems.add(
            path
                + ": invalid ${...} reference (expected: ${NAME} or ${NAME:default}, NAME made of"
                + " letters, digits and '_'; write $${ for a literal ${)");
        complete = false;
      } else {
        String value = environment.apply(name);
        if (value == null && colon >= 0) {
          value = reference.substring(colon + 1);
        }
        if (value == null) {
          problems.add(
              path
                  + ": environment variable "
                  + name
                  + " is not set (expected: "
                  + name
                  + " set, or a default as in ${"
                  + name
                  + ":default})");
          complete = false;
        } else {
          result.append(value);
        }
      }
      i = end + 1;
    }
    return complete ? result.toString() : null;
  }
}
