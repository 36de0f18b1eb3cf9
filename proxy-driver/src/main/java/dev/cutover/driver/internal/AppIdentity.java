package dev.cutover.driver.internal;

import dev.cutover.driver.sql.Dialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The database the application's SQL is written for, as its {@link DatabaseMetaData} names it: the
 * old database's product, version, identifier quote and keywords.
 *
 * <p>Frameworks choose the SQL they write from these: Hibernate (and Spring Boot, which lets
 * Hibernate detect its dialect), Flyway, Liquibase, jOOQ. The driver answered them from the
 * primary, so an instance of a MariaDB application started after the switch detected PostgreSQL and
 * wrote PostgreSQL's SQL, which the driver then read as MySQL for both sides. They are now the old
 * database's in every phase: learned from its first connection, and kept in the control row ({@code
 * cutover_control.app_identity}) so that an instance started when the old database is no longer
 * connected (phase {@code NEW}) still answers them.
 */
record AppIdentity(
    String productName,
    String productVersion,
    int majorVersion,
    int minorVersion,
    String identifierQuote,
    String sqlKeywords) {

  private static final System.Logger LOG = System.getLogger(AppIdentity.class.getName());

  /** Reads it from a connection to the old database. */
  static AppIdentity of(Connection old) throws SQLException {
    DatabaseMetaData md = old.getMetaData();
    return new AppIdentity(
        md.getDatabaseProductName(),
        md.getDatabaseProductVersion(),
        md.getDatabaseMajorVersion(),
        md.getDatabaseMinorVersion(),
        md.getIdentifierQuoteString(),
        md.getSQLKeywords());
  }

  /** One line per field; none holds a line break. */
  String encode() {
    return String.join(
        "\n",
        productName,
        productVersion,
        Integer.toString(majorVersion),
        Integer.toString(minorVersion),
        identifierQuote,
        sqlKeywords == null ? "" : sqlKeywords);
  }

  /** The stored form back, or null when it is not one. */
  static AppIdentity decode(String s) {
    if (s == null) {
      return null;
    }
    String[] f = s.split("\n", -1);
    if (f.length != 6) {
      return null;
    }
    try {
      return new AppIdentity(
          f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4], f[5]);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The identity kept in the control row, or null (none kept, or the store unreachable). */
  static AppIdentity load(ControlConnections control, String migration) {
    try (Connection c = control.get()) {
      ensureColumn(c);
      try (PreparedStatement ps =
          c.prepareStatement("SELECT app_identity FROM cutover_control WHERE migration = ?")) {
        ps.setString(1, migration);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? decode(rs.getString(1)) : null;
        }
      }
    } catch (SQLException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "Control store: application identity not read", e);
      return null;
    }
  }

  /**
   * Keeps it in the control row unless one is kept already; returns whether the row holds one now
   * (false when the row does not exist yet or the store failed, which is only logged).
   */
  boolean store(ControlConnections control, String migration) {
    try (Connection c = control.get()) {
      ensureColumn(c);
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE cutover_control SET app_identity = ? WHERE migration = ?"
                  + " AND app_identity IS NULL")) {
        ps.setString(1, encode());
        ps.setString(2, migration);
        int n = ps.executeUpdate();
        if (!c.getAutoCommit()) {
          c.commit();
        }
        return n == 1 || load(control, migration) != null;
      }
    } catch (SQLException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "Control store: application identity not kept", e);
      return false;
    }
  }

  private static void ensureColumn(Connection c) throws SQLException {
    ControlSchema.ensureControlPlane(c, Dialect.fromJdbcUrl(c.getMetaData().getURL()));
  }
}
