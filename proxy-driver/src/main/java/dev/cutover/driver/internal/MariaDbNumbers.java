package dev.cutover.driver.internal;

import dev.cutover.driver.MigrationConfig;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Binds a {@code double} or {@code float} on PostgreSQL as MariaDB reads it from MariaDB
 * Connector/J (3.x, text protocol), which sends {@code Double.toString} or {@code Float.toString}
 * as a literal. Measured against MariaDB 10.11: a plain text ({@code 2.5}, {@code 0.1}) is a
 * DECIMAL literal, exact; a text in E notation ({@code 1.23456785E7}, for values from 10^7 and
 * below 10^-3) is a DOUBLE literal. So {@code 12345678.5} goes into a BIGINT as 12345678 (a double,
 * rounded half to even) where {@code 2.5} goes as 3 (a decimal, half away from zero); {@code 0.1f}
 * goes into a DOUBLE as 0.1, not as the float's 0.10000000149011612; a double in E notation goes
 * into a DECIMAL as the shortest decimal that reads back as that double ({@code 1234567890123.4568}
 * for 1234567890123.4567), where PostgreSQL keeps 15 digits of a float8 ({@code 1234567890123.46}).
 */
final class MariaDbNumbers {
  private MariaDbNumbers() {}

  /** Where the value goes, which decides how MariaDB converts the literal. */
  enum Into {
    /**
     * An integer parameter, or a decimal one not stored plainly into a column (compared, computed):
     * the literal's own type, a decimal ({@code numeric}) or a double ({@code float8}), which
     * PostgreSQL rounds into an integer column as MariaDB does (half away from zero; half to even)
     * and compares as MariaDB does (as decimals; as doubles).
     */
    EXACT,
    /** A value stored into a decimal column: the decimal MariaDB stores, rounded by the column. */
    DECIMAL_COLUMN,
    /**
     * A {@code real} or {@code double precision} parameter: a float as the double its text reads
     * as.
     */
    APPROXIMATE,
    /**
     * A value stored into a text column: a plain text as MariaDB stores a decimal literal, as
     * written but for a zero's sign ({@code 100.0}, {@code -0.0} is {@code 0.0}); one in E notation
     * is not adapted.
     */
    TEXT_COLUMN,
  }

  /**
   * Binds {@code v} at {@code index} as MariaDB reads its text {@code into} there; false when it is
   * not a finite double or float, {@code into} is null, or it needs nothing (the caller binds it as
   * it was bound).
   */
  static boolean bind(PreparedStatement ps, int index, Object v, Into into) throws SQLException {
    String text = into == null ? null : text(v);
    if (text == null) {
      return false;
    }
    boolean isDouble = text.indexOf('E') >= 0;
    switch (into) {
      case TEXT_COLUMN:
        if (isDouble) {
          return false;
        }
        ps.setString(index, new BigDecimal(text).toPlainString());
        return true;
      case APPROXIMATE:
        if (v instanceof Double) {
          // Double.toString reads back as the same double.
          return false;
        }
        ps.setDouble(index, Double.parseDouble(text));
        return true;
      case DECIMAL_COLUMN:
        ps.setBigDecimal(
            index, isDouble ? shortest(Double.parseDouble(text)) : new BigDecimal(text));
        return true;
      case EXACT:
      default:
        if (isDouble) {
          ps.setDouble(index, Double.parseDouble(text));
        } else {
          ps.setBigDecimal(index, new BigDecimal(text));
        }
        return true;
    }
  }

  /**
   * Whether MariaDB Connector/J, connected with {@code db}, sends numbers as text: not when {@code
   * useServerPrepStmts} is set in its URL or properties (the binary protocol: a double arrives as a
   * double, which MariaDB rounds half to even into an integer, 2.5 to 2; a float as a float, 0.1f
   * is 0.10000000149011612 in a DOUBLE).
   */
  static boolean sendsText(MigrationConfig.DatabaseConfig db) {
    if (serverPrepared(db.properties().get("useServerPrepStmts"))) {
      return false;
    }
    String url = db.url();
    int query = url.indexOf('?');
    if (query < 0) {
      return true;
    }
    for (String option : url.substring(query + 1).split("&")) {
      int eq = option.indexOf('=');
      String key = eq < 0 ? option : option.substring(0, eq);
      if (key.trim().equalsIgnoreCase("useServerPrepStmts")
          && serverPrepared(eq < 0 ? "" : option.substring(eq + 1))) {
        return false;
      }
    }
    return true;
  }

  /** A {@code useServerPrepStmts} value that turns it on (null: not given). */
  private static boolean serverPrepared(String value) {
    if (value == null) {
      return false;
    }
    String v = value.trim();
    return !v.equalsIgnoreCase("false") && !v.equals("0");
  }

  /**
   * The text MariaDB Connector/J sends for {@code v}; null when it is not a finite double or float.
   */
  static String text(Object v) {
    if (v instanceof Double && Double.isFinite((Double) v)) {
      return Double.toString((Double) v);
    }
    if (v instanceof Float && Float.isFinite((Float) v)) {
      return Float.toString((Float) v);
    }
    return null;
  }

  /**
   * The shortest decimal that reads back as {@code d}, the nearest of them if several (MariaDB's
   * {@code dtoa} mode 0, through which it stores a double into a DECIMAL). Not {@code
   * Double.toString}, which on Java 17 sometimes gives a digit more ({@code
   * 2.82879384806159008E17}).
   */
  static BigDecimal shortest(double d) {
    if (d == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal exact = new BigDecimal(d);
    for (int digits = 1; digits < 17; digits++) {
      BigDecimal down = exact.round(new MathContext(digits, RoundingMode.FLOOR));
      BigDecimal up = exact.round(new MathContext(digits, RoundingMode.CEILING));
      boolean downReads = down.doubleValue() == d;
      boolean upReads = up.doubleValue() == d;
      if (downReads && upReads) {
        return exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      }
      if (downReads) {
        return down;
      }
      if (upReads) {
        return up;
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
  }
}
