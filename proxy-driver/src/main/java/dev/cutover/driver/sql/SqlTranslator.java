package dev.cutover.driver.sql;

public final class SqlTranslator {
  public static String translate(String sql, Dialect from, Dialect to) {
    if (from == Dialect.MYSQL && to != Dialect.MYSQL) return sql.replace('`', '"');
    if (from != Dialect.MYSQL && to == Dialect.MYSQL) return sql.replace('"', '`');
    return sql;
  }
}
