package dev.cutover.comparator.chunk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A MariaDB POINT (its internal geometry: a 4-byte SRID, then WKB) and PostgreSQL's point (text
 * '(x,y)'), the pair pgloader migrates a MariaDB POINT or point GEOMETRY into. Other geometries
 * have no PostgreSQL counterpart without PostGIS.
 */
public final class Points {
  private static final int WKB_POINT = 1;
  private static final int LENGTH = 4 + 1 + 4 + 8 + 8;

  private Points() {}

  /**
   * True for MariaDB's and MySQL's spatial type names (POINT, GEOMETRY, POLYGON, ...), which their
   * drivers report in upper case; PostgreSQL's point ('point') and PostGIS types are not.
   */
  public static boolean isSpatial(String typeName) {
    switch (typeName) {
      case "GEOMETRY":
      case "POINT":
      case "LINESTRING":
      case "POLYGON":
      case "MULTIPOINT":
      case "MULTILINESTRING":
      case "MULTIPOLYGON":
      case "GEOMETRYCOLLECTION":
        return true;
      default:
        return false;
    }
  }

  /** The x and y of a MariaDB geometry that is a point, or null for any other bytes. */
  public static double[] fromMariaDb(byte[] geometry) {
    if (geometry == null || geometry.length != LENGTH) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(geometry, 4, LENGTH - 4);
    byte order = b.get();
    if (order != 0 && order != 1) {
      return null;
    }
    b.order(order == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    if (b.getInt() != WKB_POINT) {
      return null;
    }
    return new double[] {b.getDouble(), b.getDouble()};
  }

  /** A point as MariaDB's internal geometry (SRID 0, little-endian WKB), which it takes as is. */
  public static byte[] toMariaDb(double[] point) {
    return ByteBuffer.allocate(LENGTH)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(0)
        .put((byte) 1)
        .putInt(WKB_POINT)
        .putDouble(point[0])
        .putDouble(point[1])
        .array();
  }

  /** The x and y of PostgreSQL's text of a point, '(1.5,-2.25)', or null for other text. */
  public static double[] parse(String text) {
    String t = text.trim();
    int comma = t.indexOf(',');
    if (t.length() < 5 || t.charAt(0) != '(' || t.charAt(t.length() - 1) != ')' || comma < 0) {
      return null;
    }
    try {
      return new double[] {
        Double.parseDouble(t.substring(1, comma)),
        Double.parseDouble(t.substring(comma + 1, t.length() - 1))
      };
    } catch (NumberFormatException notAPoint) {
      return null;
    }
  }

  /** A point as PostgreSQL's JDBC driver prints one: '(1.5,-2.25)', Java's text of each double. */
  public static String text(double[] point) {
    return "(" + point[0] + "," + point[1] + ")";
  }
}
