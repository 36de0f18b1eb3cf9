package dev.cutover.comparator;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/** The database engine a value came from, which decides how its JDBC values are read. */
public enum Engine {
  /** MySQL and MariaDB (both drivers), whose zone-less {@code TIMESTAMP} is in the session zone. */
  MYSQL,
  /** PostgreSQL through pgjdbc. */
  POSTGRES,
  /** H2, used for fast tests and the demo. */
  H2,
  /** Anything else: values are normalized by JDBC type alone. */
  OTHER;

  /** The engine a JDBC URL points at, {@link #OTHER} when the URL is not recognized. */
  public static Engine fromJdbcUrl(String url) {
    if (url == null) {
      return OTHER;
    }
    String u = url.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:")) {
      return MYSQL;
    }
    if (u.startsWith("jdbc:postgresql:") || u.startsWith("jdbc:pgsql:")) {
      return POSTGRES;
    }
    if (u.startsWith("jdbc:h2:")) {
      return H2;
    }
    return OTHER;
  }

  /** The engine behind a live connection, from its product name. */
  public static Engine fromMetaData(DatabaseMetaData metaData) throws SQLException {
    return fromProductName(metaData.getDatabaseProductName());
  }

  static Engine fromProductName(String product) {
    if (product == null) {
      return OTHER;
    }
    String p = product.toLowerCase(Locale.ROOT);
    if (p.contains("mariadb") || p.contains("mysql")) {
      return MYSQL;
    }
    if (p.contains("postgres")) {
      return POSTGRES;
    }
    if (p.equals("h2") || p.startsWith("h2 ")) {
      return H2;
    }
    return OTHER;
  }
}
