package dev.cutover.comparator.chunk;

import java.sql.Types;

/**
 * One column of a table as the bulk engine sees it.
 *
 * @param name the column name as the database reports it
 * @param jdbcType the {@link java.sql.Types} code
 * @param typeName the database's own type name
 * @param size the declared size or precision
 * @param scale the declared scale (decimals, fractional seconds)
 * @param autoIncrement true for auto-increment, serial and identity columns
 */
public record Column(
    String name, int jdbcType, String typeName, int size, int scale, boolean autoIncrement) {

  /** True for integral types (tinyint to bigint), excluding {@code tinyint(1)} booleans. */
  public boolean isIntegral() {
    switch (jdbcType) {
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
        return !isBoolean();
      default:
        return false;
    }
  }

  /**
   * True for integral types whose values all fit a long: not MariaDB's {@code BIGINT UNSIGNED},
   * which reaches 18446744073709551615 (its driver refuses getLong beyond the signed range).
   */
  public boolean fitsInLong() {
    return isIntegral() && !(jdbcType == Types.BIGINT && containsIgnoreCase(typeName, "unsigned"));
  }

  /** True for booleans, bits and MariaDB's {@code tinyint(1)}. */
  public boolean isBoolean() {
    // Case-insensitive tests without toLowerCase: backfill asks this for every value it copies.
    return jdbcType == Types.BOOLEAN
        || (jdbcType == Types.BIT && size <= 1)
        || typeName.equalsIgnoreCase("bool")
        || typeName.equalsIgnoreCase("boolean")
        || (typeName.regionMatches(true, 0, "tinyint", 0, 7) && size == 1);
  }

  /**
   * True for multi-bit bit strings: MariaDB's {@code BIT(n)} and PostgreSQL's {@code bit(n)} for n
   * above 1, and PostgreSQL's {@code varbit}.
   */
  public boolean isBitString() {
    return (jdbcType == Types.BIT && size > 1 && !typeName.equalsIgnoreCase("bytea"))
        || typeName.equalsIgnoreCase("varbit")
        || typeName.equalsIgnoreCase("bit varying");
  }

  /** True for timestamps that carry a time zone or offset (PostgreSQL's {@code timestamptz}). */
  public boolean isTimestampWithZone() {
    return jdbcType == Types.TIMESTAMP_WITH_TIMEZONE
        || typeName.equalsIgnoreCase("timestamptz")
        || containsIgnoreCase(typeName, "with time zone");
  }

  /**
   * A MariaDB FLOAT (also FLOAT UNSIGNED): REAL named FLOAT, where PostgreSQL's real is named
   * float4. MariaDB sends its value with six significant digits; {@code x + 0e0} reads the float
   * itself.
   */
  public boolean isMariaDbFloat() {
    return jdbcType == Types.REAL && typeName.startsWith("FLOAT");
  }

  /**
   * An instant: a timestamptz, or MariaDB's TIMESTAMP (held in UTC, read and written as wall-clock
   * time in the session's zone, which the bulk engine pins at UTC). MariaDB's metadata names it
   * upper-case; pgjdbc names its zone-less timestamp lower-case.
   */
  public boolean isInstant() {
    return isTimestampWithZone() || typeName.equals("TIMESTAMP");
  }

  private static boolean containsIgnoreCase(String s, String part) {
    for (int i = 0; i + part.length() <= s.length(); i++) {
      if (s.regionMatches(true, i, part, 0, part.length())) {
        return true;
      }
    }
    return false;
  }

  /** True for dates and timestamps, the types a table can be split by besides its key. */
  public boolean isTemporal() {
    return jdbcType == Types.DATE
        || jdbcType == Types.TIMESTAMP
        || jdbcType == Types.TIMESTAMP_WITH_TIMEZONE;
  }

  /** True for character types. */
  public boolean isText() {
    switch (jdbcType) {
      case Types.CHAR:
      case Types.VARCHAR:
      case Types.LONGVARCHAR:
      case Types.NCHAR:
      case Types.NVARCHAR:
      case Types.LONGNVARCHAR:
      case Types.CLOB:
      case Types.NCLOB:
        return true;
      default:
        return false;
    }
  }

  /** True for binary types. */
  public boolean isBinary() {
    switch (jdbcType) {
      case Types.BINARY:
      case Types.VARBINARY:
      case Types.LONGVARBINARY:
      case Types.BLOB:
        return true;
      default:
        return jdbcType == Types.BIT && size > 1 && typeName.equalsIgnoreCase("bytea");
    }
  }
}
