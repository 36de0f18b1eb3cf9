package dev.cutover.driver.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What the MariaDB/MySQL side's tables do by themselves that PostgreSQL's do not: the columns
 * {@code ON UPDATE CURRENT_TIMESTAMP} sets when a row changes; and their types, whose scales MySQL
 * gives a computed decimal ({@code price / 3} of a {@code DECIMAL(12,2)} has six places, also when
 * PostgreSQL holds the column as {@code NUMERIC(14,4)}). Read once per table from {@code
 * information_schema}, on a connection of its own, and forgotten after DDL through the driver; a
 * side marked down is not asked (and a failure does not mark it down: it may be the primary).
 */
final class MysqlColumns {
  private static final String ON_UPDATE =
      "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = COALESCE(?,"
          + " DATABASE()) AND TABLE_NAME = ? AND LOWER(EXTRA) LIKE '%on update current_timestamp%'"
          + " ORDER BY ORDINAL_POSITION";

  private static final String TYPES =
      "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA ="
          + " COALESCE(?, DATABASE()) AND TABLE_NAME = ?";

  private final Endpoint endpoint;
  private final ConcurrentMap<String, List<String>> onUpdate = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, java.util.Map<String, String>> types =
      new ConcurrentHashMap<>();

  /** How long a failed read of the types is not tried again. */
  private static final long RETRY_NANOS = 30_000_000_000L;

  /**
   * Until when ({@link System#nanoTime}) {@link #type} fails without connecting, after a failed
   * read: the side unreachable (its phase over) would otherwise be connected to on every statement.
   */
  private volatile long typesFailedUntil;

  private volatile boolean typesFailed;

  MysqlColumns(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * The columns of {@code table} ({@code t} or {@code schema.t}, unquoted) that MySQL sets to the
   * current time when a row changes; empty for none or an unknown table.
   */
  List<String> onUpdateColumns(String table) throws SQLException {
    List<String> known = onUpdate.get(table);
    if (known != null) {
      return known;
    }
    if (endpoint.isDown()) {
      throw new SQLException("the " + endpoint.side() + " database is marked down", "08000");
    }
    int dot = table.indexOf('.');
    List<String> columns = new ArrayList<>();
    try (Connection c = endpoint.open();
        PreparedStatement ps = c.prepareStatement(ON_UPDATE)) {
      ps.setString(1, dot < 0 ? null : table.substring(0, dot));
      ps.setString(2, dot < 0 ? table : table.substring(dot + 1));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    List<String> found = List.copyOf(columns);
    if (onUpdate.size() < 10_000) {
      onUpdate.put(table, found);
    }
    return found;
  }

  /**
   * MySQL's type of {@code column} (any case) in {@code table}, lower case with its modifiers
   * ({@code decimal(12,2)}, {@code int(11)}, {@code bigint(20) unsigned}); null for an unknown
   * column or table.
   */
  String type(String table, String column) throws SQLException {
    java.util.Map<String, String> known = types.get(table);
    if (known == null) {
      if (endpoint.isDown()) {
        throw new SQLException("the " + endpoint.side() + " database is marked down", "08000");
      }
      if (typesFailed && System.nanoTime() - typesFailedUntil < 0) {
        throw new SQLException(
            "the " + endpoint.side() + " database's column types could not be read", "08000");
      }
      int dot = table.indexOf('.');
      java.util.Map<String, String> read = new java.util.HashMap<>();
      try (Connection c = endpoint.open();
          PreparedStatement ps = c.prepareStatement(TYPES)) {
        ps.setString(1, dot < 0 ? null : table.substring(0, dot));
        ps.setString(2, dot < 0 ? table : table.substring(dot + 1));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            read.put(
                rs.getString(1).toLowerCase(java.util.Locale.ROOT),
                rs.getString(2).toLowerCase(java.util.Locale.ROOT));
          }
        }
      } catch (SQLException | RuntimeException e) {
        typesFailedUntil = System.nanoTime() + RETRY_NANOS;
        typesFailed = true;
        throw e;
      }
      typesFailed = false;
      known = java.util.Map.copyOf(read);
      if (types.size() < 10_000) {
        types.put(table, known);
      }
    }
    return known.get(column.toLowerCase(java.util.Locale.ROOT));
  }

  /** Forgets every table: DDL may have added or dropped such a column. */
  void clear() {
    onUpdate.clear();
    types.clear();
  }
}
