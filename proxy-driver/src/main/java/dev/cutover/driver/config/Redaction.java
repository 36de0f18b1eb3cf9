package dev.cutover.driver.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Hides secrets in text that may end up in logs, exception messages or the console. */
public final class Redaction {

  /** What a hidden secret is shown as. */
  public static final String REDACTED = "(redacted)";

  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)((?:password[1-3]?|passwd|pwd|secret|token)=)[^&;,)]*");
  private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/@:?;]*:)[^/@]*@");

  /** Connector/J's user-info of a further host: {@code //a:pw@h1,b:pw2@h2}. */
  private static final Pattern URL_HOST_USER_INFO = Pattern.compile("(,[^/@:?;,()]*:)[^/@]*@");

  private static final Pattern ORACLE_USER_PASSWORD =
      Pattern.compile("(?i)(jdbc:oracle:[a-z0-9]+:[^/@:]*/)[^@]*@");

  private Redaction() {}

  /** A JDBC URL with passwords in its parameters or user-info part replaced. */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    String redacted = URL_PASSWORD.matcher(url).replaceAll("$1" + REDACTED);
    redacted = ORACLE_USER_PASSWORD.matcher(redacted).replaceAll("$1" + REDACTED + "@");
    redacted = URL_USER_INFO.matcher(redacted).replaceAll("$1" + REDACTED + "@");
    return URL_HOST_USER_INFO.matcher(redacted).replaceAll("$1" + REDACTED + "@");
  }

  /** Whether a connection property of this name probably holds a secret. */
  public static boolean isSecretName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.contains("password")
        || lower.contains("passwd")
        || lower.contains("secret")
        || lower.contains("token")
        || lower.contains("credential");
  }

  /** A copy of connection properties with the values of secret-looking names replaced. */
  public static Map<String, String> properties(Map<String, String> properties) {
    Map<String, String> redacted = new LinkedHashMap<>();
    properties.forEach((k, v) -> redacted.put(k, isSecretName(k) ? REDACTED : v));
    return redacted;
  }
}
