package dev.cutover.driver.internal;

import java.util.Locale;

/**
 * Whether a JDBC URL names a database server on this host, read from the URL alone: {@code
 * localhost}, a loopback address, or no host at all for drivers that then connect to localhost. No
 * name is resolved, so a server reached by this host's own name or external address is not
 * recognised; this feeds an advisory log line, nothing else.
 */
public final class LocalDatabase {
  private LocalDatabase() {}

  /** URL prefixes whose drivers connect to localhost when the URL names no host. */
  private static final String[] DEFAULT_LOCALHOST = {
    "jdbc:postgresql:", "jdbc:mysql:", "jdbc:mariadb:"
  };

  /**
   * The first host of {@code jdbcUrl} that is this host, as {@code host} or {@code host:port}
   * (lower case; nothing else of the URL, so never a user or password); null when none is, or the
   * URL names an in-process database.
   */
  public static String loopbackHost(String jdbcUrl) {
    if (jdbcUrl == null) {
      return null;
    }
    int start = jdbcUrl.indexOf("//");
    if (start < 0) {
      // jdbc:postgresql:app connects to localhost; jdbc:h2:mem:x is in-process.
      return defaultsToLocalhost(jdbcUrl) ? "localhost" : null;
    }
    start += 2;
    int end = start;
    while (end < jdbcUrl.length() && "/?;#".indexOf(jdbcUrl.charAt(end)) < 0) {
      end++;
    }
    String authority = jdbcUrl.substring(start, end);
    // user:password@host, as MySQL-style URLs allow: everything up to the last '@' is dropped.
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    if (authority.isEmpty()) {
      return defaultsToLocalhost(jdbcUrl) ? "localhost" : null;
    }
    for (String hostPort : authority.split(",")) {
      String h = hostPort.trim();
      String host;
      String rest;
      if (h.startsWith("[")) {
        int close = h.indexOf(']');
        if (close < 0) {
          continue;
        }
        host = h.substring(1, close);
        rest = h.substring(close + 1);
      } else {
        int colon = h.indexOf(':');
        host = colon >= 0 ? h.substring(0, colon) : h;
        rest = colon >= 0 ? h.substring(colon) : "";
      }
      if (host.isEmpty() && defaultsToLocalhost(jdbcUrl)) {
        host = "localhost";
      }
      if (isLoopback(host)) {
        String port = rest.startsWith(":") ? rest.substring(1) : "";
        String shown = host.toLowerCase(Locale.ROOT);
        shown = shown.indexOf(':') >= 0 ? "[" + shown + "]" : shown;
        return port.isEmpty() || !port.chars().allMatch(Character::isDigit)
            ? shown
            : shown + ":" + port;
      }
    }
    return null;
  }

  private static boolean defaultsToLocalhost(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    for (String prefix : DEFAULT_LOCALHOST) {
      if (u.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("::ffff:")) {
      h = h.substring("::ffff:".length());
    }
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || (h.startsWith("127.") && h.chars().allMatch(c -> c == '.' || Character.isDigit(c)));
  }
}
