package dev.cutover.driver.sql;

public enum Dialect {
  MYSQL,
  POSTGRES,
  H2,
  GENERIC;

  public static Dialect fromJdbcUrl(String url) {
    if (url == null) return GENERIC;
    if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) return MYSQL;
    if (url.startsWith("jdbc:postgresql:")) return POSTGRES;
    if (url.startsWith("jdbc:h2:")) return H2;
    return GENERIC;
  }
}
