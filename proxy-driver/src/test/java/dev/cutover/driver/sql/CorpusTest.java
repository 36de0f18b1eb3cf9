package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks kind and tables of every statement in {@code sql/corpus.tsv}. */
class CorpusTest {

  /** One line of the corpus. */
  record Entry(int line, Dialect dialect, StatementKind kind, List<String> tables, String sql) {
    @Override
    public String toString() {
      return line + " " + dialect + " " + sql;
    }
  }

  static List<Entry> corpus() {
    List<Entry> entries = new ArrayList<>();
    try (InputStream in = CorpusTest.class.getResourceAsStream("/sql/corpus.tsv");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t", 4);
        List<String> tables =
            fields[2].equals("-") ? List.of() : Arrays.asList(fields[2].split(","));
        entries.add(
            new Entry(
                number,
                Dialect.valueOf(fields[0]),
                StatementKind.valueOf(fields[1]),
                tables,
                fields[3].replace('⏎', '\n')));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void statement_has_the_expected_kind_and_tables(Entry entry) {
    Analysis analysis = SqlAnalyzer.analyzeUncached(entry.sql(), entry.dialect());
    assertEquals(entry.kind(), analysis.kind(), () -> "kind of " + entry + " -> " + analysis);
    assertEquals(entry.tables(), analysis.tables(), () -> "tables of " + entry + " -> " + analysis);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void cached_and_uncached_analyses_agree(Entry entry) {
    SqlAnalyzer analyzer = new SqlAnalyzer(entry.dialect(), 10_000);
    Analysis first = analyzer.analyze(entry.sql());
    Analysis uncached = SqlAnalyzer.analyzeUncached(entry.sql(), entry.dialect());
    assertEquals(uncached.toString(), first.toString());
    assertTrue(first == analyzer.analyze(entry.sql()) || entry.sql().isEmpty());
  }

  @Test
  void corpus_is_large_and_covers_both_main_dialects() {
    List<Entry> entries = corpus();
    assertTrue(entries.size() >= 120, "corpus has " + entries.size() + " statements");
    assertTrue(entries.stream().filter(e -> e.dialect() == Dialect.MYSQL).count() >= 50);
    assertTrue(entries.stream().filter(e -> e.dialect() == Dialect.POSTGRES).count() >= 50);
    for (StatementKind kind : StatementKind.values()) {
      assertTrue(entries.stream().anyMatch(e -> e.kind() == kind), "no " + kind + " in corpus");
    }
  }
}
