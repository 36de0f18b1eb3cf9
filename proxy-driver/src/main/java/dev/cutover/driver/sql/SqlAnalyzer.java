package dev.cutover.driver.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Function;

/** Classifies SQL statements for routing, caching each distinct SQL string's analysis. */
public final class SqlAnalyzer {
  private static final Analysis EMPTY = Analysis.unknown("");

  private final Dialect dialect;
  private final Cache<String, Analysis> cache;
  private final Function<String, Analysis> analyzeOnMiss;

  /**
   * An analyzer for one dialect whose cache holds SQL strings totalling at most that many chars.
   */
  public SqlAnalyzer(Dialect dialect, long maxCacheWeightChars) {
    this.dialect = dialect == null ? Dialect.GENERIC : dialect;
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(Math.max(0, maxCacheWeightChars))
            .weigher((String sql, Analysis analysis) -> sql.length())
            .build();
    this.analyzeOnMiss = sql -> analyzeUncached(sql, this.dialect);
  }

  /** The analysis of {@code sql}; never throws, and a cache hit allocates nothing. */
  public Analysis analyze(String sql) {
    if (sql == null || sql.isEmpty()) {
      return EMPTY;
    }
    try {
      return cache.get(sql, analyzeOnMiss);
    } catch (RuntimeException e) {
      // A failing cache (a weigher or eviction bug) must not fail the application's statement.
      return analyzeUncached(sql, dialect);
    }
  }

  /** Analyzes {@code sql} without any cache; never throws. */
  public static Analysis analyzeUncached(String sql, Dialect dialect) {
    if (sql == null || sql.isEmpty()) {
      return EMPTY;
    }
    try {
      return StatementScanner.analyze(
          SqlLexer.lex(sql, dialect == null ? Dialect.GENERIC : dialect, false));
    } catch (RuntimeException e) {
      // A lexer or scanner bug must degrade to "unknown, treat as a write", never to a failure.
      // The fingerprint stays empty rather than echoing the raw text and its literals.
      return Analysis.unknown("");
    }
  }
}
