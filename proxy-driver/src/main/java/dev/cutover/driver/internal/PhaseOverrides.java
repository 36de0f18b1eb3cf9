package dev.cutover.driver.internal;

import dev.cutover.driver.Phase;
import dev.cutover.driver.sql.Analysis;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Per-table phases that differ from the migration's global phase; immutable, swapped as a whole
 * when the control store's version changes. A context without overrides holds {@code null}, so the
 * statement path pays one volatile read and nothing else.
 *
 * <p>Stored in {@code cutover_control.overrides} as {@code table=PHASE} pairs separated by commas,
 * table names lower-case as the SQL analysis lists them (schema-qualified when written so).
 */
public final class PhaseOverrides {
  private static final Pattern TABLE = Pattern.compile("[a-z0-9_$]+(\\.[a-z0-9_$]+)?");

  private final Map<String, Phase> byTable;

  private PhaseOverrides(Map<String, Phase> byTable) {
    this.byTable = byTable;
  }

  /** The overrides stored as {@code text}; {@code null} when there are none. */
  public static PhaseOverrides parse(String text) {
    Map<String, Phase> m = parseMap(text);
    return m.isEmpty() ? null : new PhaseOverrides(Map.copyOf(m));
  }

  /** The overrides stored as {@code text}, sorted by table; empty when none. */
  public static Map<String, Phase> parseMap(String text) {
    Map<String, Phase> m = new TreeMap<>();
    if (text == null || text.isBlank()) {
      return m;
    }
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        m.put(pair.substring(0, eq).trim(), Phase.valueOf(pair.substring(eq + 1).trim()));
      }
    }
    return m;
  }

  /** The stored form of {@code overrides}; {@code null} when empty. */
  public static String format(Map<String, Phase> overrides) {
    if (overrides.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Phase> e : new TreeMap<>(overrides).entrySet()) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(e.getKey()).append('=').append(e.getValue().name());
    }
    return b.toString();
  }

  /**
   * A table name as overrides key it: lower-case, unquoted.
   *
   * @throws IllegalArgumentException when it is not a plain (optionally schema-qualified) name
   */
  public static String normalize(String table) {
    String t = table == null ? "" : table.trim().replace("\"", "").replace("`", "");
    t = t.toLowerCase(Locale.ROOT);
    if (!TABLE.matcher(t).matches()) {
      throw new IllegalArgumentException(
          "table: " + table + " (expected a table name, optionally schema-qualified)");
    }
    return t;
  }

  /** The phase of one table under {@code global}. */
  public Phase phaseOf(String table, Phase global) {
    Phase p = byTable.get(table);
    if (p == null) {
      int dot = table.lastIndexOf('.');
      if (dot >= 0) {
        p = byTable.get(table.substring(dot + 1));
      }
    }
    return p == null ? global : p;
  }

  /**
   * The one phase every table of the statement has under {@code global}, or {@code null} when they
   * differ. A statement naming no table runs under the global phase.
   */
  Phase effective(Analysis a, Phase global) {
    List<String> tables = a.tables();
    Phase result = null;
    for (int i = 0; i < tables.size(); i++) {
      Phase p = phaseOf(tables.get(i), global);
      if (result == null) {
        result = p;
      } else if (p != result) {
        return null;
      }
    }
    return result == null ? global : result;
  }

  /** Describes each table of {@code a} with its phase, for the journal. */
  String describe(Analysis a, Phase global) {
    StringBuilder b = new StringBuilder();
    for (String t : a.tables()) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(t).append('=').append(phaseOf(t, global));
    }
    return b.toString();
  }

  public Map<String, Phase> asMap() {
    return byTable;
  }

  @Override
  public String toString() {
    return format(byTable);
  }
}
