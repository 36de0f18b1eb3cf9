package dev.cutover.driver.internal;

import java.lang.reflect.Method;
import java.sql.BatchUpdateException;
import java.sql.DataTruncation;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL error as MariaDB Connector/J raises MariaDB's, for an application written for
 * MariaDB/MySQL whose primary is now PostgreSQL: the exception class, MariaDB's error code and
 * SQLSTATE and its wording, so that code catching {@code SQLIntegrityConstraintViolationException},
 * Spring's error-code translation ({@code DuplicateKeyException}, {@code
 * CannotAcquireLockException}) and Hibernate's MySQL dialect (lock time-outs, deadlocks, constraint
 * names) behave as before the switch. Each was measured on MariaDB 10.11 with both clients an
 * application may use: MariaDB Connector/J 3 and MySQL's Connector/J 9, which differ in a few (a
 * value too long, a lock wait, a time-out). PostgreSQL's exception is attached as a suppressed one,
 * not as the cause, so a handler reading the root cause finds MariaDB's error as before. The names
 * in the message come from the fields PostgreSQL sends with the error (constraint, table, column),
 * the key values from its detail; what PostgreSQL does not say is left out of the message rather
 * than guessed.
 */
final class MysqlErrors {
  private MysqlErrors() {}

  /** {@code Key (a, b)=(1, x) already exists.}: the values, in any server language. */
  private static final Pattern KEY_VALUES = Pattern.compile("\\(([^)]*)\\)=\\((.*)\\)");

  /** A name PostgreSQL quotes in its message: {@code relation "t" does not exist}. */
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  /** {@code column t.c does not exist} (the column qualified, unquoted). */
  private static final Pattern QUALIFIED_COLUMN = Pattern.compile("column ([\\w$.]+) ");

  /**
   * The exception the application would have had from MariaDB; {@code e} itself when it is not
   * PostgreSQL's (no SQLSTATE: the driver's own checks).
   */
  static SQLException translate(SQLException e, boolean connectorJ) {
    if (e instanceof BatchUpdateException b) {
      return batch(b, connectorJ);
    }
    String state = e.getSQLState();
    if (state == null || state.length() != 5) {
      return e;
    }
    Fields f = Fields.of(e);
    SQLException out =
        switch (state) {
          case "23505" ->
              integrity(
                  "Duplicate entry '" + keyValues(f.detail) + "' for key '" + keyName(f) + "'",
                  1062,
                  null);
          case "23502" ->
              integrity(
                  "Column '" + orQuoted(f.column, f.message, 0) + "' cannot be null", 1048, null);
          case "23503" ->
              integrity(
                  (referenced(f)
                          ? "Cannot delete or update a parent row"
                          : "Cannot add or update a child row")
                      + ": a foreign key constraint fails ("
                      + qualified(f.schema, f.table)
                      + ", CONSTRAINT `"
                      + nonNull(f.constraint)
                      + "`)",
                  referenced(f) ? 1451 : 1452,
                  null);
          case "23514" ->
              integrity(
                  "CONSTRAINT `"
                      + nonNull(f.constraint)
                      + "` failed for "
                      + qualified(f.schema, f.table),
                  4025,
                  null);
          case "22001" ->
              connectorJ
                  ? new Truncation("Data too long for column" + column(f) + " at row 1", 1406, null)
                  : new SQLSyntaxErrorException(
                      "Data too long for column" + column(f) + " at row 1", "22001", 1406, null);
          case "22003" ->
              connectorJ
                  ? new Truncation(
                      "Out of range value for column" + column(f) + " at row 1", 1264, null)
                  : new SQLSyntaxErrorException(
                      "Out of range value for column" + column(f) + " at row 1",
                      "22003",
                      1264,
                      null);
          case "22012" -> new SQLSyntaxErrorException("Division by 0", "22012", 1365, null);
          case "40P01", "40001" ->
              new SQLTransactionRollbackException(
                  "Deadlock found when trying to get lock; try restarting transaction",
                  "40001",
                  1213,
                  null);
          case "55P03" ->
              connectorJ
                  ? new SQLTransactionRollbackException(
                      "Lock wait timeout exceeded; try restarting transaction", "40001", 1205, null)
                  : new SQLException(
                      "Lock wait timeout exceeded; try restarting transaction",
                      "HY000",
                      1205,
                      null);
          case "57014" ->
              connectorJ
                  ? new SQLTimeoutException(
                      "Statement cancelled due to timeout or client request", null, 0, null)
                  : new SQLTimeoutException(
                      "Query execution was interrupted (max_statement_time exceeded)",
                      "70100",
                      1969,
                      null);
          case "42P01" ->
              new SQLSyntaxErrorException(
                  "Table '" + orQuoted(f.table, f.message, 0) + "' doesn't exist",
                  "42S02",
                  1146,
                  null);
          case "42P07" ->
              new SQLSyntaxErrorException(
                  "Table '" + orQuoted(f.table, f.message, 0) + "' already exists",
                  "42S01",
                  1050,
                  null);
          case "42703" ->
              new SQLSyntaxErrorException(
                  "Unknown column '" + unknownColumn(f.message) + "' in 'field list'",
                  "42S22",
                  1054,
                  null);
          case "42601" ->
              new SQLSyntaxErrorException(
                  "You have an error in your SQL syntax; " + f.message, "42000", 1064, null);
          default -> byClass(f.message, state, null);
        };
    // Not the cause: code that looks for the root cause (Spring's getMostSpecificCause, Hibernate
    // and application handlers) finds MariaDB's error there, as before the switch. PostgreSQL's
    // stays in the stack trace as a suppressed exception.
    out.addSuppressed(e);
    return out;
  }

  /**
   * A failed batch: MariaDB's code, SQLSTATE and wording for its failed entry, the update counts
   * PostgreSQL's driver reported, the translated entry's error as the cause (Connector/J's shape:
   * the cause carries the entry's error).
   */
  private static BatchUpdateException batch(BatchUpdateException b, boolean connectorJ) {
    SQLException entry = b.getNextException() != null ? b.getNextException() : null;
    if (entry == null && b.getCause() instanceof SQLException c) {
      entry = c;
    }
    SQLException translated = translate(entry != null ? entry : withoutBatch(b), connectorJ);
    BatchUpdateException out =
        new BatchUpdateException(
            translated.getMessage(),
            translated.getSQLState(),
            translated.getErrorCode(),
            b.getLargeUpdateCounts(),
            translated);
    out.setNextException(translated);
    return out;
  }

  /** A batch error without its entry's: its own state and message, as a plain exception. */
  private static SQLException withoutBatch(BatchUpdateException b) {
    return new SQLException(b.getMessage(), b.getSQLState(), b.getErrorCode(), b);
  }

  /**
   * MySQL Connector/J's {@code MysqlDataTruncation}: a {@link DataTruncation} (SQLSTATE 22001) with
   * MySQL's code and message, which the JDK class fixes at 0 and "Data truncation".
   */
  static final class Truncation extends DataTruncation {
    private static final long serialVersionUID = 1L;
    private final String message;
    private final int code;

    Truncation(String message, int code, SQLException cause) {
      super(-1, false, false, 0, 0, cause);
      this.message = "Data truncation: " + message;
      this.code = code;
    }

    @Override
    public String getMessage() {
      return message;
    }

    @Override
    public int getErrorCode() {
      return code;
    }
  }

  private static SQLIntegrityConstraintViolationException integrity(
      String message, int code, SQLException cause) {
    return new SQLIntegrityConstraintViolationException(message, "23000", code, cause);
  }

  /**
   * A state MariaDB has no code of its own for: PostgreSQL's SQLSTATE and message in the class
   * Connector/J gives that SQLSTATE class, without a MariaDB error code.
   */
  private static SQLException byClass(String message, String state, SQLException e) {
    return switch (state.substring(0, 2)) {
      case "0A" -> new SQLFeatureNotSupportedException(message, state, 0, null);
      case "08" -> new SQLNonTransientConnectionException(message, state, 0, null);
      case "21", "23" -> new SQLIntegrityConstraintViolationException(message, state, 0, null);
      case "20", "22", "26", "2F", "42" -> new SQLSyntaxErrorException(message, state, 0, null);
      case "28" -> new SQLInvalidAuthorizationSpecException(message, state, 0, null);
      case "40" -> new SQLTransactionRollbackException(message, state, 0, null);
      default -> new SQLException(message, state, 0, null);
    };
  }

  /** MariaDB's text of a key's values: each value, joined by {@code -}. */
  private static String keyValues(String detail) {
    if (detail == null) {
      return "";
    }
    Matcher m = KEY_VALUES.matcher(detail);
    return m.find() ? String.join("-", m.group(2).split(", ", -1)) : "";
  }

  /** MariaDB calls a primary key {@code PRIMARY}; PostgreSQL names it {@code <table>_pkey}. */
  private static String keyName(Fields f) {
    if (f.constraint == null) {
      return "";
    }
    return f.table != null && f.constraint.equals(f.table + "_pkey") ? "PRIMARY" : f.constraint;
  }

  /** A foreign key's referenced row deleted or updated, as opposed to a child row written. */
  private static boolean referenced(Fields f) {
    return f.detail != null && f.detail.contains("still referenced")
        || f.message.contains("update or delete on");
  }

  private static String qualified(String schema, String table) {
    if (table == null) {
      return "``";
    }
    return schema == null || schema.isEmpty()
        ? "`" + table + "`"
        : "`" + schema + "`.`" + table + "`";
  }

  private static String column(Fields f) {
    return f.column == null ? "" : " '" + f.column + "'";
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  /** {@code field}, or the {@code n}th quoted name of the message. */
  private static String orQuoted(String field, String message, int n) {
    if (field != null) {
      return field;
    }
    Matcher m = QUOTED.matcher(message);
    for (int i = 0; m.find(); i++) {
      if (i == n) {
        return m.group(1);
      }
    }
    return "";
  }

  /**
   * {@code column "c" does not exist}, {@code column t.c does not exist}: {@code c}, {@code t.c}.
   */
  private static String unknownColumn(String message) {
    Matcher q = QUOTED.matcher(message);
    if (q.find()) {
      return q.group(1);
    }
    Matcher m = QUALIFIED_COLUMN.matcher(message);
    return m.find() ? m.group(1) : "";
  }

  /**
   * What the server said, from pgjdbc's {@code ServerErrorMessage} when the exception carries one
   * (read reflectively: the driver does not depend on pgjdbc), else from the message.
   */
  private record Fields(
      String message,
      String detail,
      String schema,
      String table,
      String column,
      String constraint) {
    static Fields of(SQLException e) {
      Object server = call(e, "getServerErrorMessage");
      String text = e.getMessage() == null ? "" : e.getMessage();
      if (server == null) {
        int nl = text.indexOf('\n');
        String first = nl < 0 ? text : text.substring(0, nl);
        return new Fields(
            first.startsWith("ERROR: ") ? first.substring(7) : first, null, null, null, null, null);
      }
      Object message = call(server, "getMessage");
      return new Fields(
          message == null ? text : message.toString(),
          string(call(server, "getDetail")),
          string(call(server, "getSchema")),
          string(call(server, "getTable")),
          string(call(server, "getColumn")),
          string(call(server, "getConstraint")));
    }

    private static String string(Object o) {
      return o == null ? null : o.toString();
    }

    private static Object call(Object target, String method) {
      try {
        Method m = target.getClass().getMethod(method);
        return m.invoke(target);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  }
}
