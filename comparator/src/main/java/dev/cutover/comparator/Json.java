package dev.cutover.comparator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON text: object keys sorted, whitespace dropped, numbers by value. PostgreSQL's
 * {@code jsonb} reorders keys and drops whitespace while MariaDB's {@code JSON} (a LONGTEXT) keeps
 * the text as written, so only a canonical form compares the documents rather than their spelling.
 */
final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private Json() {}

  /** The canonical JSON value of a text, or a STRING value when the text is not JSON. */
  static NormalizedValue canonical(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        return NormalizedValue.ofString(text);
      }
      StringBuilder sb = new StringBuilder(text.length());
      write(node, sb);
      return NormalizedValue.ofJson(sb.toString());
    } catch (JsonProcessingException notJson) {
      return NormalizedValue.ofString(text);
    }
  }

  private static void write(JsonNode node, StringBuilder sb) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        fields.add(it.next());
      }
      fields.sort(Map.Entry.comparingByKey());
      sb.append('{');
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(TextNode.valueOf(fields.get(i).getKey()).toString()).append(':');
        write(fields.get(i).getValue(), sb);
      }
      sb.append('}');
    } else if (node.isArray()) {
      sb.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(node.get(i), sb);
      }
      sb.append(']');
    } else if (node.isNumber()) {
      BigDecimal v = node.decimalValue();
      sb.append(v.signum() == 0 ? "0" : v.stripTrailingZeros().toString());
    } else {
      sb.append(node.toString());
    }
  }
}
