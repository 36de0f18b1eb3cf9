package dev.cutover.driver.sql;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Gives a translated {@code UPDATE/DELETE ... LIMIT n} the table's key in place of {@code
 * (tableoid, ctid)} on a PostgreSQL side, when the table has one ({@link MysqlRules} writes the
 * ctid form, having no schema at hand).
 *
 * <p>Why: under READ COMMITTED the outer statement scans with the snapshot it started with. When
 * another transaction updates a picked row meanwhile, the sub-select's {@code FOR UPDATE} waits for
 * it and returns the row's new version, whose ctid the outer statement's snapshot does not see; the
 * old version's ctid is not among the picked ones either, so the row was skipped and fewer rows
 * changed than MariaDB changes. A key stays the same across versions: the outer statement finds the
 * old version, follows it to the new one and rechecks the key, which matches.
 *
 * <p>The same keys tell whether a limited write's ORDER BY leaves ties, which each database may cut
 * differently ({@link #orderRisk}).
 */
public final class LimitedWriteKeys {
  private LimitedWriteKeys() {}

  /** The key that names a row of a PostgreSQL table. */
  public interface Keys {
    /**
     * The first unique key whose columns are all NOT NULL (the primary key when there is one);
     * empty when the table has none or does not exist.
     */
    List<String> rowKey(String table) throws SQLException;

    /**
     * Every unique key whose columns are all NOT NULL, {@link #rowKey} first; empty when the table
     * has none or does not exist.
     */
    default List<List<String>> rowKeys(String table) throws SQLException {
      List<String> key = rowKey(table);
      return key.isEmpty() ? List.of() : List.of(key);
    }
  }

  /**
   * Why the rows a write with {@code ORDER BY ... LIMIT} ({@link Analysis#orderedLimit}) takes may
   * differ between two databases, or null when they cannot: its ORDER BY names, as plain columns,
   * every column of a unique key of NOT NULL columns of the table it orders, so no two rows tie.
   * Otherwise a run of tied rows may be cut at the limit, and each database cuts it where its plan
   * puts them. The table is that of an UPDATE or DELETE, or the one table an INSERT ... SELECT
   * reads; several statements, joins and expressions are never found unique.
   */
  public static String orderRisk(String sql, Dialect dialect, Keys keys) throws SQLException {
    Analysis analysis = SqlAnalyzer.analyzeUncached(sql, dialect);
    if (!analysis.orderedLimit()) {
      return null;
    }
    String ties =
        "limits its rows with an ORDER BY that does not name all the columns of a unique key of"
            + " NOT NULL columns, so rows that tie may be cut differently";
    if (analysis.statementCount() != 1 || analysis.writtenTables().size() != 1) {
      return ties;
    }
    String table = analysis.writtenTables().get(0);
    if (analysis.isInsert()) {
      List<String> read = new java.util.ArrayList<>(analysis.tables());
      read.remove(table);
      if (read.size() != 1) {
        return ties;
      }
      table = read.get(0);
    }
    java.util.Set<String> ordered = new java.util.HashSet<>();
    for (OrderBy.Item item : OrderBy.of(sql, dialect).items()) {
      if (item.column() != null) {
        ordered.add(item.column().toLowerCase(Locale.ROOT));
      }
    }
    for (List<String> key : keys.rowKeys(quoted(table))) {
      boolean covered = !key.isEmpty();
      for (String column : key) {
        covered &= ordered.contains(column.toLowerCase(Locale.ROOT));
      }
      if (covered) {
        return null;
      }
    }
    return ties;
  }

  /** A table name of the analysis (unquoted, lower-case) as PostgreSQL reads it back. */
  private static String quoted(String table) {
    StringBuilder b = new StringBuilder(table.length() + 4);
    for (String part : table.split("\\.", -1)) {
      if (b.length() > 0) {
        b.append('.');
      }
      b.append(part.matches("[a-z_][a-z0-9_$]*") ? part : quote(part));
    }
    return b.toString();
  }

  /** What {@link MysqlRules} writes after WHERE for a limited write, in its upper-case style. */
  static final String PICKED_BY_CTID = "(tableoid, ctid) IN (SELECT tableoid, ctid FROM ";

  private static final String PICKED = PICKED_BY_CTID.toLowerCase(Locale.ROOT);

  /** Whether {@code sql} holds the ctid form of a limited write. */
  public static boolean applies(String sql) {
    return sql.toLowerCase(Locale.ROOT).contains(PICKED);
  }

  /** {@code sql} with every ctid-form limited write on a keyed table keyed by its row key. */
  public static String rewrite(String sql, Keys keys) throws SQLException {
    String lower = sql.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(sql.length());
    int copied = 0;
    for (int at = lower.indexOf(PICKED); at >= 0; at = lower.indexOf(PICKED, at + 1)) {
      int nameStart = at + PICKED.length();
      int nameEnd = tableNameEnd(sql, nameStart);
      if (nameEnd == nameStart) {
        continue;
      }
      List<String> key = keys.rowKey(sql.substring(nameStart, nameEnd));
      if (key.isEmpty()) {
        continue;
      }
      String columns = key.stream().map(LimitedWriteKeys::quote).collect(Collectors.joining(", "));
      out.append(sql, copied, at)
          .append('(')
          .append(columns)
          .append(") ")
          .append(
              sql, at + "(tableoid, ctid) ".length(), at + "(tableoid, ctid) in (select ".length())
          .append(columns)
          .append(' ')
          .append(sql, at + PICKED.length() - "from ".length(), nameStart);
      copied = nameStart;
    }
    return copied == 0 ? sql : out.append(sql, copied, sql.length()).toString();
  }

  /** The end of a possibly schema-qualified, possibly quoted table name starting at {@code i}. */
  private static int tableNameEnd(String sql, int i) {
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '"') {
        int close = i + 1;
        while (close < n
            && (sql.charAt(close) != '"' || close + 1 < n && sql.charAt(close + 1) == '"')) {
          close += sql.charAt(close) == '"' ? 2 : 1;
        }
        if (close >= n) {
          return i;
        }
        i = close + 1;
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        while (i < n
            && (Character.isLetterOrDigit(sql.charAt(i))
                || sql.charAt(i) == '_'
                || sql.charAt(i) == '$')) {
          i++;
        }
      } else {
        return i;
      }
      if (i < n && sql.charAt(i) == '.') {
        i++;
      } else {
        return i;
      }
    }
    return i;
  }

  private static String quote(String column) {
    return '"' + column.replace("\"", "\"\"") + '"';
  }
}
