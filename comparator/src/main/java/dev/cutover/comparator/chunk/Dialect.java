package dev.cutover.comparator.chunk;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The SQL dialects the bulk engine speaks, with the few statements that differ between them. */
public enum Dialect {
  /** PostgreSQL 12 or later. */
  POSTGRES,
  /** MariaDB 10.x or MySQL 8. */
  MARIADB,
  /** H2 2.x, for the control store and fast tests. */
  H2;

  /** Detects the dialect of a connection from its metadata. */
  public static Dialect of(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("postgres")) {
      return POSTGRES;
    }
    if (product.contains("mariadb") || product.contains("mysql")) {
      return MARIADB;
    }
    if (product.contains("h2")) {
      return H2;
    }
    throw new SQLException("Unsupported database for bulk operations: " + product, "0A000");
  }

  /** Quotes an identifier. */
  public String quote(String identifier) {
    if (this == MARIADB) {
      return "`" + identifier.replace("`", "``") + "`";
    }
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** Quotes a comma-separated list of identifiers. */
  public String quoteAll(List<String> identifiers) {
    return identifiers.stream().map(this::quote).collect(Collectors.joining(", "));
  }

  /** The clause that takes shared row locks on the rows a SELECT returns. */
  public String shareLockClause() {
    switch (this) {
      case POSTGRES:
        return " FOR SHARE";
      case MARIADB:
        return " LOCK IN SHARE MODE";
      case H2:
        return " FOR UPDATE";
      default:
        throw new IllegalStateException("Invalid dialect: " + this);
    }
  }

  /** True when the server supports {@code FOR UPDATE SKIP LOCKED}. */
  public boolean supportsSkipLocked(Connection connection) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    switch (this) {
      case POSTGRES:
        return meta.getDatabaseMajorVersion() >= 10;
      case MARIADB:
        String version = meta.getDatabaseProductVersion().toLowerCase(Locale.ROOT);
        int major = meta.getDatabaseMajorVersion();
        int minor = meta.getDatabaseMinorVersion();
        if (version.contains("mariadb")) {
          return major > 10 || (major == 10 && minor >= 6);
        }
        return major >= 8;
      case H2:
        return false;
      default:
        throw new IllegalStateException("Invalid dialect: " + this);
    }
  }

  /** A plain multi-row insert of {@code rows} rows. */
  public String insertSql(String table, List<String> columns, int rows) {
    String one = "(" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
    return "INSERT INTO "
        + quote(table)
        + " ("
        + quoteAll(columns)
        + ") VALUES "
        + String.join(", ", java.util.Collections.nCopies(rows, one));
  }

  /**
   * The statements that, run first in a transaction on this database, keep every other transaction
   * from writing the table until it ends (reads still pass); empty where a locking read of the
   * whole table already does that.
   */
  public List<String> lockAgainstWrites(String table) {
    switch (this) {
      case POSTGRES:
        return List.of("LOCK TABLE " + quote(table) + " IN SHARE MODE");
      case MARIADB:
        // A locking read of the whole table under REPEATABLE READ takes next-key locks on every
        // record and the gap after the last, which blocks inserts as well as changes.
        return List.of("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      case H2:
        return List.of();
      default:
        throw new IllegalStateException("Invalid dialect: " + this);
    }
  }

  /**
   * An idempotent multi-row upsert of {@code rows} rows: insert, or overwrite every non-key column
   * when the key exists.
   */
  public String upsertSql(String table, List<String> columns, List<String> keys, int rows) {
    String cols = quoteAll(columns);
    String one = "(" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
    String values = String.join(", ", java.util.Collections.nCopies(rows, one));
    List<String> nonKey =
        columns.stream().filter(c -> !keys.contains(c)).collect(Collectors.toList());
    switch (this) {
      case POSTGRES:
        return "INSERT INTO "
            + quote(table)
            + " ("
            + cols
            + ") VALUES "
            + values
            + " ON CONFLICT ("
            + quoteAll(keys)
            + ")"
            + (nonKey.isEmpty()
                ? " DO NOTHING"
                : " DO UPDATE SET "
                    + nonKey.stream()
                        .map(c -> quote(c) + " = EXCLUDED." + quote(c))
                        .collect(Collectors.joining(", ")));
      case MARIADB:
        List<String> assign = nonKey.isEmpty() ? keys : nonKey;
        return "INSERT INTO "
            + quote(table)
            + " ("
            + cols
            + ") VALUES "
            + values
            + " ON DUPLICATE KEY UPDATE "
            + assign.stream()
                .map(c -> quote(c) + " = VALUES(" + quote(c) + ")")
                .collect(Collectors.joining(", "));
      case H2:
        return "MERGE INTO "
            + quote(table)
            + " ("
            + cols
            + ") KEY ("
            + quoteAll(keys)
            + ") VALUES "
            + values;
      default:
        throw new IllegalStateException("Invalid dialect: " + this);
    }
  }
}
