package dev.cutover.cli;

import dev.cutover.driver.ConfigException;
import java.sql.SQLException;

/** Turns an exception into the one line (or the list of problems) an operator needs. */
final class Errors {
  private Errors() {}

  static String describe(Throwable e) {
    if (e instanceof ConfigException) {
      return e.getMessage();
    }
    if (e instanceof SQLException) {
      SQLException s = (SQLException) e;
      return s.getMessage()
          + (s.getSQLState() == null ? "" : " (SQLSTATE " + s.getSQLState() + ")");
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
