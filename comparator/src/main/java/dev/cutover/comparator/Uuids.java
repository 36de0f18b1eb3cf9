package dev.cutover.comparator;

/**
 * UUID text and bytes checked against a UUID's two longs without allocating, so a {@code CHAR(36)}
 * or {@code BINARY(16)} column compares with a {@code uuid} column at the cost of a string scan.
 */
final class Uuids {
  private Uuids() {}

  /**
   * Whether text in the 8-4-4-4-12 form, or its 32 digits without dashes (as PostgreSQL's uuid
   * input takes them), either case, surrounding spaces allowed, spells it.
   */
  static boolean textMatches(String s, long hi, long lo) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == ' ') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == ' ') {
      end--;
    }
    int length = end - start;
    if (length != 36 && length != 32) {
      return false;
    }
    boolean dashed = length == 36;
    long h = 0;
    long l = 0;
    int digits = 0;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(start + i);
      if (dashed && (i == 8 || i == 13 || i == 18 || i == 23)) {
        if (c != '-') {
          return false;
        }
        continue;
      }
      int d = Character.digit(c, 16);
      if (d < 0) {
        return false;
      }
      if (digits < 16) {
        h = h << 4 | d;
      } else {
        l = l << 4 | d;
      }
      digits++;
    }
    return h == hi && l == lo;
  }

  /** Whether 16 big-endian bytes hold it. */
  static boolean bytesMatch(byte[] bytes, long hi, long lo) {
    if (bytes.length != 16) {
      return false;
    }
    long h = 0;
    long l = 0;
    for (int i = 0; i < 8; i++) {
      h = h << 8 | (bytes[i] & 0xff);
      l = l << 8 | (bytes[i + 8] & 0xff);
    }
    return h == hi && l == lo;
  }
}
