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
