package dev.cutover.driver.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * A MySQL application's reads of a PostgreSQL {@code boolean} column, answered as MariaDB
 * Connector/J answers them for the {@code TINYINT(1)} the column was in MariaDB (pgloader's
 * mapping), measured with Connector/J 3 against MariaDB 10.11: {@code getInt}, {@code getLong},
 * {@code getShort}, {@code getByte}, {@code getDouble}, {@code getFloat} and {@code getBigDecimal}
 * give 1 or 0, {@code getString} {@code "1"} or {@code "0"}, and {@code getObject(i,
 * Integer.class)} and the like the number; SQL NULL is 0 (with {@code wasNull()}) or null, as
 * there. PostgreSQL's driver refuses every numeric getter on a boolean ({@code Bad value for type
 * int : t}) and answers {@code getString} with {@code "t"}, so after the switch an application
 * reading its flags with {@code getInt} failed. {@code getObject} and {@code getBoolean} are left
 * to the vendor: both drivers answer a {@code Boolean}.
 *
 * <p>One per result set, for a MySQL application on a PostgreSQL side only. The columns are read
 * from the result's metadata at the first getter that may need them, not when the result opens.
 */
final class MysqlBooleanReads {
  private boolean[] columns;

  /** Whether column {@code index} (1-based) of {@code rs} is a PostgreSQL {@code boolean}. */
  boolean is(ResultSet rs, int index) throws SQLException {
    boolean[] c = columns;
    if (c == null) {
      c = columns = booleans(rs.getMetaData());
    }
    return index >= 1 && index <= c.length && c[index - 1];
  }

  private static boolean[] booleans(ResultSetMetaData md) throws SQLException {
    boolean[] c = new boolean[md.getColumnCount()];
    for (int i = 0; i < c.length; i++) {
      int type = md.getColumnType(i + 1);
      // PostgreSQL's driver reports a boolean as BIT, with the type name "bool".
      c[i] =
          (type == Types.BIT || type == Types.BOOLEAN)
              && "bool".equalsIgnoreCase(md.getColumnTypeName(i + 1));
    }
    return c;
  }

  /** 1 or 0, or -1 for SQL NULL (then {@code rs.wasNull()} is true). */
  static int value(ResultSet rs, int index) throws SQLException {
    boolean b = rs.getBoolean(index);
    return rs.wasNull() ? -1 : b ? 1 : 0;
  }

  /** {@code getString}: "1", "0" or null. */
  static String text(ResultSet rs, int index) throws SQLException {
    int v = value(rs, index);
    return v < 0 ? null : v == 1 ? "1" : "0";
  }

  /** A numeric getter: 1 or 0, and 0 for SQL NULL. */
  static int number(ResultSet rs, int index) throws SQLException {
    return Math.max(0, value(rs, index));
  }

  /** {@code getBigDecimal}: 1, 0 or null. */
  static BigDecimal decimal(ResultSet rs, int index) throws SQLException {
    int v = value(rs, index);
    return v < 0 ? null : v == 1 ? BigDecimal.ONE : BigDecimal.ZERO;
  }

  /**
   * {@code getObject(index, type)} for the types Connector/J converts a {@code TINYINT(1)} to as a
   * number; null when {@code type} is not one of them (the vendor answers it).
   */
  static Object convert(ResultSet rs, int index, Class<?> type) throws SQLException {
    if (type == Integer.class
        || type == Long.class
        || type == Short.class
        || type == Byte.class
        || type == Double.class
        || type == Float.class
        || type == BigDecimal.class
        || type == BigInteger.class
        || type == String.class) {
      int v = value(rs, index);
      if (v < 0) {
        return null;
      }
      if (type == Integer.class) {
        return v;
      } else if (type == Long.class) {
        return (long) v;
      } else if (type == Short.class) {
        return (short) v;
      } else if (type == Byte.class) {
        return (byte) v;
      } else if (type == Double.class) {
        return (double) v;
      } else if (type == Float.class) {
        return (float) v;
      } else if (type == BigDecimal.class) {
        return BigDecimal.valueOf(v);
      } else if (type == BigInteger.class) {
        return BigInteger.valueOf(v);
      }
      return Integer.toString(v);
    }
    return NOT_CONVERTED;
  }

  /** {@link #convert}'s answer for a type it leaves to the vendor. */
  static final Object NOT_CONVERTED = new Object();
}
