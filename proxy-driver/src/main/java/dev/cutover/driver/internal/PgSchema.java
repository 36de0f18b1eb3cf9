package dev.cutover.driver.internal;

import dev.cutover.driver.sql.LimitedWriteKeys;
import dev.cutover.driver.sql.LooseGroupBy;
import dev.cutover.driver.sql.UpsertTranslation;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The unique keys and columns of tables on a PostgreSQL side, as {@link UpsertTranslation} needs
 * them to give a MySQL upsert its conflict key. Read once per table, on a connection of its own
 * (the translation has none at hand), and forgotten after DDL through the driver; a side marked
 * down is not asked.
 */
final class PgSchema
    implements UpsertTranslation.Schema, LimitedWriteKeys.Keys, LooseGroupBy.Catalog {
  private static final String KEYS =
      "SELECT array_agg(a.attname::text ORDER BY k.ord), bool_and(a.attnotnull), i.indisprimary"
          + " FROM pg_index i"
          + " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
          + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
          + " WHERE i.indrelid = to_regclass(?) AND i.indisunique AND i.indpred IS NULL"
          + " AND i.indexprs IS NULL"
          + " GROUP BY i.indexrelid, i.indisprimary ORDER BY i.indisprimary DESC, i.indexrelid";

  /**
   * Columns an INSERT may give a value and an UPDATE may set: not generated, not ALWAYS identity.
   */
  private static final String COLUMNS =
      "SELECT a.attname::text, CASE WHEN t.typcategory = 'S' THEN 'text'"
          + " WHEN t.typcategory = 'V' THEN 'bit varying'"
          + " WHEN t.typname IN ('json', 'xml', 'point', 'line', 'lseg', 'box', 'path', 'polygon',"
          + " 'circle') THEN NULL ELSE format_type(a.atttypid, a.atttypmod) END,"
          + " format_type(a.atttypid, a.atttypmod),"
          + " a.attidentity = 'd' OR pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%',"
          + " (SELECT count(*) FROM pg_attribute b WHERE b.attrelid = a.attrelid AND b.attnum > 0"
          + " AND NOT b.attisdropped AND b.attnum < a.attnum), NOT a.attnotnull"
          + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
          + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
          + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped"
          + " AND a.attgenerated = '' AND a.attidentity <> 'a' ORDER BY a.attnum";

  private final Endpoint endpoint;
  private final ConcurrentMap<String, Table> tables = new ConcurrentHashMap<>();

  /**
   * @param rowKeys the unique keys whose columns are all NOT NULL, the primary key first; the first
   *     names a row
   */
  private record Table(
      List<List<String>> keys,
      List<String> columns,
      List<List<String>> rowKeys,
      Map<String, String> comparableTypes,
      Map<String, String> storedTypes,
      String generatedKey,
      int generatedKeyPosition,
      java.util.Set<String> nullable,
      List<String> primaryKey) {
    List<String> rowKey() {
      return rowKeys.isEmpty() ? List.of() : rowKeys.get(0);
    }
  }

  PgSchema(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public List<List<String>> uniqueKeys(String table) throws SQLException {
    return table(table).keys();
  }

  @Override
  public List<String> columns(String table) throws SQLException {
    return table(table).columns();
  }

  /**
   * For {@link dev.cutover.driver.sql.OnUpdateTimestamps}: the type a value of {@code column} (any
   * case) is compared as, or null for an unknown column or a type without equality.
   */
  String comparableType(String table, String column) throws SQLException {
    return table(table).comparableTypes().get(column.toLowerCase(Locale.ROOT));
  }

  /**
   * The column a sequence fills (serial, or identity BY DEFAULT), with its position among the
   * table's columns; null when the table has none.
   */
  Map.Entry<String, Integer> generatedKey(String table) throws SQLException {
    Table t = table(table);
    return t.generatedKey() == null ? null : Map.entry(t.generatedKey(), t.generatedKeyPosition());
  }

  /** Whether {@code column} (any case) may hold NULL; null for an unknown column. */
  Boolean nullable(String table, String column) throws SQLException {
    Table t = table(table);
    String c = column.toLowerCase(Locale.ROOT);
    return t.storedTypes().containsKey(c) ? t.nullable().contains(c) : null;
  }

  /** The type of {@code column} (any case) with its modifiers, or null for an unknown column. */
  String storedType(String table, String column) throws SQLException {
    return table(table).storedTypes().get(column.toLowerCase(Locale.ROOT));
  }

  /** {@code column} (any case) as the table spells it, or null when it has no such column. */
  String columnName(String table, String column) throws SQLException {
    for (String c : table(table).columns()) {
      if (c.equalsIgnoreCase(column)) {
        return c;
      }
    }
    return null;
  }

  @Override
  public List<String> rowKey(String table) throws SQLException {
    return table(table).rowKey();
  }

  @Override
  public List<List<String>> rowKeys(String table) throws SQLException {
    return table(table).rowKeys();
  }

  /**
   * The primary key's columns in lower case (empty when none), or null when the table does not
   * exist, for {@link LooseGroupBy}: PostgreSQL takes a column of a table whose primary key is
   * grouped.
   */
  @Override
  public List<String> primaryKey(String table) throws SQLException {
    Table t = table(table);
    return t.columns().isEmpty() ? null : t.primaryKey();
  }

  @Override
  public boolean hasColumn(String table, String column) throws SQLException {
    return table(table).storedTypes().containsKey(column.toLowerCase(Locale.ROOT));
  }

  /** Forgets every table: DDL may have changed a key. */
  void clear() {
    tables.clear();
  }

  private Table table(String name) throws SQLException {
    Table t = tables.get(name);
    if (t != null) {
      return t;
    }
    if (endpoint.isDown()) {
      throw new SQLException("the " + endpoint.side() + " database is marked down", "08000");
    }
    try (Connection c = endpoint.open()) {
      List<List<String>> keys = new ArrayList<>();
      List<List<String>> rowKeys = new ArrayList<>();
      List<String> primaryKey = List.of();
      try (PreparedStatement ps = c.prepareStatement(KEYS)) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Array a = rs.getArray(1);
            List<String> key = List.copyOf(Arrays.asList((String[]) a.getArray()));
            keys.add(key);
            if (rs.getBoolean(2)) {
              rowKeys.add(key);
            }
            if (rs.getBoolean(3)) {
              primaryKey = key.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
            }
          }
        }
      }
      List<String> columns = new ArrayList<>();
      Map<String, String> types = new HashMap<>();
      Map<String, String> stored = new HashMap<>();
      String generated = null;
      int generatedPosition = -1;
      java.util.Set<String> nullable = new java.util.HashSet<>();
      try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            columns.add(rs.getString(1));
            if (rs.getString(2) != null) {
              types.putIfAbsent(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
            }
            stored.putIfAbsent(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(3));
            if (rs.getBoolean(6)) {
              nullable.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
            if (rs.getBoolean(4) && generated == null) {
              generated = rs.getString(1);
              generatedPosition = rs.getInt(5);
            }
          }
        }
      }
      t =
          new Table(
              List.copyOf(keys),
              List.copyOf(columns),
              List.copyOf(rowKeys),
              Map.copyOf(types),
              Map.copyOf(stored),
              generated,
              generatedPosition,
              java.util.Set.copyOf(nullable),
              primaryKey);
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
        endpoint.markDown();
      }
      throw e;
    }
    if (!t.columns().isEmpty()) {
      // A table that does not exist yet is asked again: the new side's schema may be in the works.
      tables.put(name, t);
    }
    return t;
  }
}
