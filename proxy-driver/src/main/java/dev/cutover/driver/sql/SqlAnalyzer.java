package dev.cutover.driver.sql;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class SqlAnalyzer {
  private final Dialect dialect;
  private final ConcurrentHashMap<String, Analysis> cache = new ConcurrentHashMap<>();

  public SqlAnalyzer(Dialect dialect, long maxCacheWeightChars) {
    this.dialect = dialect;
  }

  public Analysis analyze(String sql) {
    return cache.computeIfAbsent(sql == null ? "" : sql, s -> analyzeUncached(s, dialect));
  }

  private static final Pattern TABLE =
      Pattern.compile("(?i)\\b(?:into|update|from|join|table)\\s+[`\"]?([A-Za-z_][A-Za-z0-9_.]*)");

  public static Analysis analyzeUncached(String sql, Dialect dialect) {
    String s = sql == null ? "" : sql.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    String first = lower.split("\\s+", 2)[0];
    StatementKind k;
    switch (first) {
      case "select":
      case "show":
      case "explain":
      case "values":
        k =
            lower.contains(" for update") || lower.contains(" for share")
                ? StatementKind.LOCKING_READ
                : StatementKind.READ;
        break;
      case "insert":
      case "update":
      case "delete":
      case "replace":
      case "merge":
        k = StatementKind.WRITE;
        break;
      case "create":
      case "alter":
      case "drop":
      case "truncate":
        k = StatementKind.DDL;
        break;
      case "begin":
      case "commit":
      case "rollback":
      case "savepoint":
      case "release":
      case "start":
        k = StatementKind.TRANSACTION;
        break;
      case "set":
      case "use":
        k = StatementKind.SESSION;
        break;
      default:
        k = StatementKind.UNKNOWN;
    }
    java.util.ArrayList<String> tables = new java.util.ArrayList<>();
    Matcher m = TABLE.matcher(s);
    while (m.find()) {
      String t = m.group(1).toLowerCase(Locale.ROOT);
      if (!tables.contains(t)) tables.add(t);
    }
    List<String> written =
        k == StatementKind.WRITE || k == StatementKind.DDL
            ? (tables.isEmpty() ? List.of() : List.of(tables.get(0)))
            : List.of();
    boolean nd =
        lower.contains("now()")
            || lower.contains("rand(")
            || lower.contains("uuid(")
            || lower.contains("current_timestamp");
    return new Analysis(
        k,
        List.copyOf(tables),
        written,
        lower.replaceAll("'[^']*'", "?").replaceAll("\\b\\d+\\b", "?"),
        nd,
        first.equals("insert"));
  }
}
