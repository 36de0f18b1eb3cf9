package dev.cutover.comparator.chunk;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A table's name, columns and primary key, read from one side's metadata.
 *
 * @param name the table name as the database spells it
 * @param columns all columns in ordinal order
 * @param key the primary-key columns in key order; empty for a table without a primary key
 */
public record TableShape(String name, List<Column> columns, List<Column> key) {

  /** Compact constructor copying the lists. */
  public TableShape {
    columns = List.copyOf(columns);
    key = List.copyOf(key);
  }

  /** Reads a table's shape; the name is matched as given, then lower case, then upper case. */
  public static TableShape read(Connection connection, String table) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    Dialect dialect = Dialect.of(connection);
    String catalog = dialect == Dialect.MARIADB ? connection.getCatalog() : null;
    String schema = dialect == Dialect.MARIADB ? null : connection.getSchema();
    for (String candidate :
        List.of(table, table.toLowerCase(Locale.ROOT), table.toUpperCase(Locale.ROOT))) {
      List<Column> columns = new ArrayList<>();
      try (ResultSet rs = meta.getColumns(catalog, schema, candidate, null)) {
        while (rs.next()) {
          if (!candidate.equals(rs.getString("TABLE_NAME"))) {
            continue;
          }
          columns.add(
              new Column(
                  rs.getString("COLUMN_NAME"),
                  rs.getInt("DATA_TYPE"),
                  rs.getString("TYPE_NAME"),
                  rs.getInt("COLUMN_SIZE"),
                  rs.getInt("DECIMAL_DIGITS"),
                  "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"))));
        }
      }
      if (columns.isEmpty()) {
        continue;
      }
      TreeMap<Integer, String> keyNames = new TreeMap<>();
      try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, candidate)) {
        while (rs.next()) {
          keyNames.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
        }
      }
      List<Column> key = new ArrayList<>();
      for (String k : keyNames.values()) {
        columns.stream().filter(c -> c.name().equals(k)).findFirst().ifPresent(key::add);
      }
      return new TableShape(candidate, columns, key);
    }
    throw new SQLException("Table not found: " + table, "42P01");
  }

  /** True when the table has a primary key. */
  public boolean hasKey() {
    return !key.isEmpty();
  }

  /**
   * True when the key is one integral column, so ranges can be computed by arithmetic on longs (a
   * {@code BIGINT UNSIGNED} key is split like any other key instead).
   */
  public boolean hasSingleIntegralKey() {
    return key.size() == 1 && key.get(0).fitsInLong();
  }

  /** The column names in ordinal order. */
  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  /** The key column names in key order. */
  public List<String> keyNames() {
    return key.stream().map(Column::name).toList();
  }

  /** The column with that name, ignoring case. */
  public Optional<Column> column(String columnName) {
    return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
  }

  /** The auto-increment or serial key column, if any. */
  public Optional<Column> autoIncrementKey() {
    return key.size() == 1 && key.get(0).autoIncrement()
        ? Optional.of(key.get(0))
        : Optional.empty();
  }

  /**
   * Converts a key value read back from JSON (numbers, strings) to the Java type the column binds
   * as.
   */
  public static Object keyValue(Column column, Object json) {
    if (json == null) {
      return null;
    }
    if (column.isIntegral()) {
      if (!column.fitsInLong()) {
        return new java.math.BigInteger(json.toString());
      }
      return json instanceof Number n ? n.longValue() : Long.parseLong(json.toString());
    }
    if (column.isTimestampWithZone()) {
      return json instanceof String s ? OffsetDateTime.parse(s.replace(' ', 'T')) : json;
    }
    switch (column.jdbcType()) {
      case Types.DECIMAL:
      case Types.NUMERIC:
        return new BigDecimal(json.toString());
      case Types.DATE:
        return json instanceof String s ? LocalDate.parse(s) : json;
      case Types.TIMESTAMP:
        return json instanceof String s ? LocalDateTime.parse(s.replace(' ', 'T')) : json;
      default:
        return json;
    }
  }
}
