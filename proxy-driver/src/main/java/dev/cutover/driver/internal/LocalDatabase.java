package dev.cutover.driver.internal;

import java.util.Locale;

/**
 * Whether a JDBC URL names a database server on this host, read from the URL alone: {@code
 * localhost} or a loopback address. No name is resolved, so a server reached by this host's own
 * name or external address is not recognised; this feeds an advisory log line, nothing else.
 */
public final class LocalDatabase {
  private LocalDatabase() {}

  /**
   * The first host of {@code jdbcUrl} that is this host ({@code localhost}, {@code 127.x.x.x},
   * {@code ::1}), with its port as written; null when none is, or the URL names no host (an
   * in-process database).
   */
  public static String loopbackHost(String jdbcUrl) {
    if (jdbcUrl == null) {
      return null;
    }
    int start = jdbcUrl.indexOf("//");
    if (start < 0) {
      return null;
    }
    start += 2;
    int end = start;
    while (end < jdbcUrl.length() && "/?;".indexOf(jdbcUrl.charAt(end)) < 0) {
      end++;
    }
    String authority = jdbcUrl.substring(start, end);
    // user:password@host, as MySQL-style URLs allow: never part of what is returned.
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    for (String hostPort : authority.split(",")) {
      if (isLoopback(hostOf(hostPort.trim()))) {
        return hostPort.trim();
      }
    }
    return null;
  }

  private static String hostOf(String hostPort) {
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      return close > 0 ? hostPort.substring(1, close) : hostPort;
    }
    int colon = hostPort.indexOf(':');
    return colon >= 0 ? hostPort.substring(0, colon) : hostPort;
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || (h.startsWith("127.") && h.chars().allMatch(c -> c == '.' || Character.isDigit(c)));
  }
}
