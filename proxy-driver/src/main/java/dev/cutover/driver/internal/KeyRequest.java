package dev.cutover.driver.internal;

import dev.cutover.driver.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * Which generated keys a statement asks its driver for: the application's request, plus the key to
 * mirror.
 */
final class KeyRequest {
  static final KeyRequest ALL = new KeyRequest(null, null);

  private final int[] indexes;
  private final String[] names;

  private KeyRequest(int[] indexes, String[] names) {
    this.indexes = indexes;
    this.names = names;
  }

  static KeyRequest indexes(int[] indexes) {
    return new KeyRequest(indexes.clone(), null);
  }

  static KeyRequest names(String[] names) {
    return new KeyRequest(null, names.clone());
  }

  /**
   * The request that also yields {@code keyColumn}. PostgreSQL returns only what is named (and
   * everything for RETURN_GENERATED_KEYS, which would make it return whole rows), so the column is
   * named there; MariaDB reports the last insert id whatever is asked.
   */
  static KeyRequest withKey(KeyRequest app, String keyColumn, Dialect dialect) {
    if (app == null) {
      return dialect == Dialect.POSTGRES ? new KeyRequest(null, new String[] {keyColumn}) : ALL;
    }
    if (app.names != null && Arrays.stream(app.names).noneMatch(keyColumn::equalsIgnoreCase)) {
      String[] more = Arrays.copyOf(app.names, app.names.length + 1);
      more[app.names.length] = keyColumn;
      return new KeyRequest(null, more);
    }
    if (app.indexes != null) {
      // Indexes cannot name the key column reliably; ask for everything instead.
      return ALL;
    }
    return app;
  }

  PreparedStatement prepare(Connection c, String sql) throws SQLException {
    if (indexes != null) {
      return c.prepareStatement(sql, indexes);
    }
    if (names != null) {
      return c.prepareStatement(sql, names);
    }
    return c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
  }

  boolean execute(Statement s, String sql) throws SQLException {
    if (indexes != null) {
      return s.execute(sql, indexes);
    }
    if (names != null) {
      return s.execute(sql, names);
    }
    return s.execute(sql, Statement.RETURN_GENERATED_KEYS);
  }

  int executeUpdate(Statement s, String sql) throws SQLException {
    if (indexes != null) {
      return s.executeUpdate(sql, indexes);
    }
    if (names != null) {
      return s.executeUpdate(sql, names);
    }
    return s.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
  }

  long executeLargeUpdate(Statement s, String sql) throws SQLException {
    if (indexes != null) {
      return s.executeLargeUpdate(sql, indexes);
    }
    if (names != null) {
      return s.executeLargeUpdate(sql, names);
    }
    return s.executeLargeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
  }
}
