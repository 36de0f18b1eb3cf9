package dev.cutover.driver.sql;

/** The SQL dialect a statement is written in, which decides how its text is tokenized. */
public enum Dialect {
  /** MySQL and MariaDB: backticks, {@code #} comments, backslash escapes, double-quoted strings. */
  MYSQL,
  /**
   * PostgreSQL: double-quoted identifiers, {@code E''} and dollar-quoted strings, nested comments.
   */
  POSTGRES,
  /** H2: double-quoted identifiers and standard strings. */
  H2,
  /** Anything else, tokenized by the SQL standard's rules. */
  GENERIC;

  /** The dialect of a JDBC URL's database; {@code GENERIC} for unknown or null URLs. */
  public static Dialect fromJdbcUrl(String url) {
    if (url == null) {
      return GENERIC;
    }
    if (startsWith(url, "jdbc:mysql:") || startsWith(url, "jdbc:mariadb:")) {
      return MYSQL;
    }
    if (startsWith(url, "jdbc:postgresql:")) {
      return POSTGRES;
    }
    if (startsWith(url, "jdbc:h2:")) {
      return H2;
    }
    return GENERIC;
  }

  private static boolean startsWith(String url, String prefix) {
    return url.regionMatches(true, 0, prefix, 0, prefix.length());
  }
}
