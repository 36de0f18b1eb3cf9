package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Random, truncated and spliced inputs: the analyzer, shape parser and translators never throw. */
class FuzzTest {
  private static final long SEED = 0x5EED_C0DEL;
  private static final int INPUTS = 200_000;
  private static final String[] FRAGMENTS = {
    "'",
    "\"",
    "`",
    "$$",
    "$a$",
    "$1",
    "?",
    "::",
    "--",
    "#",
    "/*",
    "*/",
    "/*!",
    "/*!50001",
    "\\",
    "E'",
    "(",
    ")",
    ",",
    ";",
    ".",
    " ",
    "\n",
    "\t",
    "\u0000",
    "\uD800",
    "é",
    "SELECT",
    "INSERT",
    "INTO",
    "VALUES",
    "WITH",
    "AS",
    "FROM",
    "JOIN",
    "UPDATE",
    "DELETE",
    "IGNORE",
    "LIMIT",
    "IN",
    "FOR",
    "RETURNING",
    "ON",
    "DUPLICATE",
    "KEY",
    "REPLACE",
    "counters",
    "=",
    "x",
    "t",
    "1",
    "-",
    "@",
    "@@",
    "0x",
    "IF",
    "IFNULL",
    "THEN",
    "INTERVAL",
    "DAY",
    "SECOND",
    "QUARTER",
    "HOUR_MINUTE",
    "'1'",
    "1.5",
    "DATE_ADD",
    "SUBDATE",
    "NOW",
    "CURDATE",
    "CURRENT_TIME",
    "LOCALTIME",
    "SYSDATE",
    "UTC_TIMESTAMP",
    "UNIX_TIMESTAMP",
    "SET",
    "WHERE",
    "ORDER BY",
    "AND",
    "INNER",
    "USING",
    "a.x",
  };

  @Test
  void two_hundred_thousand_random_and_mutated_inputs_never_throw() throws Exception {
    List<CorpusTest.Entry> corpus = CorpusTest.corpus();
    SplittableRandom random = new SplittableRandom(SEED);
    Dialect[] dialects = Dialect.values();
    SqlAnalyzer cached = new SqlAnalyzer(Dialect.MYSQL, 100_000);
    for (int i = 0; i < INPUTS; i++) {
      String input = input(random, corpus);
      Dialect dialect = dialects[random.nextInt(dialects.length)];
      Dialect target = dialects[random.nextInt(dialects.length)];
      try {
        // The public entry points swallow exceptions; the fuzz must see them, so call inside.
        Analysis analysis = StatementScanner.analyze(SqlLexer.lex(input, dialect, false));
        assertNotNull(analysis.kind());
        assertNotNull(analysis.fingerprint());
        cached.analyze(input);
        InsertShape shape = InsertShape.parse(SqlLexer.lex(input, dialect, false));
        if (shape != null) {
          for (int row = 0; row < shape.rowCount(); row++) {
            shape.parameterCountPerRow(row);
          }
          if (!shape.columns().isEmpty()) {
            shape.withLeadingColumn("\"id\"");
          }
        }
        String translated = SqlTranslator.translateOrThrow(input, dialect, target);
        assertNotNull(translated);
        UpsertTranslation.isUpsert(input);
        assertNotNull(UpsertTranslation.rewrite(translated, UpsertTranslationTest.SCHEMA));
        assertNotNull(SqlTranslator.translate(input, dialect, target));
        assertNotNull(
            InsertShape.class.getName(), String.valueOf(InsertShape.parse(input, dialect)));
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError(
            "fuzz input #"
                + i
                + " (seed "
                + SEED
                + ", "
                + dialect
                + " -> "
                + target
                + "): "
                + escape(input),
            e);
      }
    }
  }

  private static String input(SplittableRandom random, List<CorpusTest.Entry> corpus) {
    String base = corpus.get(random.nextInt(corpus.size())).sql();
    switch (random.nextInt(6)) {
      case 0:
        return randomChars(random, random.nextInt(64));
      case 1:
        return base.substring(0, random.nextInt(base.length() + 1));
      case 2:
        {
          String other = corpus.get(random.nextInt(corpus.size())).sql();
          return base.substring(0, random.nextInt(base.length() + 1))
              + other.substring(random.nextInt(other.length() + 1));
        }
      case 3:
        {
          StringBuilder out = new StringBuilder();
          int parts = 1 + random.nextInt(12);
          for (int p = 0; p < parts; p++) {
            out.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            if (random.nextBoolean()) {
              out.append(' ');
            }
          }
          return out.toString();
        }
      case 4:
        {
          StringBuilder out = new StringBuilder(base);
          int edits = 1 + random.nextInt(4);
          for (int e = 0; e < edits; e++) {
            int at = random.nextInt(out.length() + 1);
            out.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
          }
          return out.toString();
        }
      default:
        {
          StringBuilder out = new StringBuilder(base);
          int edits = 1 + random.nextInt(4);
          for (int e = 0; e < edits && out.length() > 0; e++) {
            int at = random.nextInt(out.length());
            out.deleteCharAt(at);
          }
          return out.toString();
        }
    }
  }

  private static String randomChars(SplittableRandom random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(
          random.nextInt(4) == 0
              ? (char) random.nextInt(Character.MAX_VALUE + 1)
              : (char) random.nextInt(128));
    }
    return out.toString();
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < ' ' || c > '~') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
