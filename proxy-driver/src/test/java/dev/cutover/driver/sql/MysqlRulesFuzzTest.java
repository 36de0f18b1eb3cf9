package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The MySQL rules of one shape each ({@code STR_TO_DATE}, {@code COUNT(DISTINCT a, b)}, {@code
 * SUBSTRING_INDEX}, adjacent literals, {@code 0x41}, {@code SQL_CALC_FOUND_ROWS}/{@code
 * FOUND_ROWS()}, {@code LAST_INSERT_ID}) read their arguments by hand, where a garbled statement
 * could run past a token's end: spliced, truncated and mutated statements built from their own
 * pieces never make the translator or the driver's rewrites throw. {@link FuzzTest} covers the
 * general corpus; its inputs rarely reach these rules.
 */
class MysqlRulesFuzzTest {
  private static final long SEED = 0x5EED_0F_F00DL;
  private static final int INPUTS = 100_000;

  private static final String[] STATEMENTS = {
    "SELECT STR_TO_DATE(?, '%d/%m/%Y') FROM t WHERE a = ?",
    "INSERT INTO t (d) VALUES (STR_TO_DATE('2024-01-02 10:11:12', '%Y-%m-%d %H:%i:%s'))",
    "SELECT STR_TO_DATE(x, '%h:%i %p'), STR_TO_DATE(x, '%M %e, %Y') FROM t",
    "SELECT COUNT(DISTINCT a, b), COUNT(DISTINCT a, f(?), (c + 1)) FROM t GROUP BY g",
    "SELECT SUBSTRING_INDEX(s, '.', 2), SUBSTRING_INDEX(s, 'aa', -3), SUBSTRING_INDEX(?, ',', 0)",
    "SELECT 'a' 'b' \"c\", CONCAT('x' 'y', ?) FROM t WHERE n = 'it''s' 'ok'",
    "UPDATE bins SET b = 0x41, v = 0x4142 WHERE id = 0x01 AND d <> 0x10",
    "INSERT INTO bins (id, b, v, d) VALUES (1, 0xC3A9, 0x41, 0x7FFFFFFFFFFFFFFF), (2, X'41', ?, 0x0)",
    "SELECT SQL_CALC_FOUND_ROWS id FROM t WHERE a = ? ORDER BY id LIMIT ?, ?",
    "(SELECT SQL_CALC_FOUND_ROWS a FROM t LIMIT 3) UNION (SELECT a FROM u LIMIT 2) LIMIT 1 OFFSET ?",
    "SELECT FOUND_ROWS(), found_rows() AS n",
    "UPDATE counters SET id = LAST_INSERT_ID(id + 1) WHERE name = ?",
    "SELECT LAST_INSERT_ID(), LAST_INSERT_ID(5)",
    "SELECT COUNT(*), MAX(price), id * 2, 'abc', -1 FROM t GROUP BY id",
  };

  private static final String[] PIECES = {
    "STR_TO_DATE(",
    "'%Y-%m-%d'",
    "'%",
    "%p",
    "COUNT(DISTINCT ",
    "SUBSTRING_INDEX(",
    "-2",
    "0x",
    "0x41",
    "X'",
    "'a' 'b'",
    "SQL_CALC_FOUND_ROWS ",
    "FOUND_ROWS()",
    "LAST_INSERT_ID(",
    "LIMIT ",
    "?",
    "(",
    ")",
    ",",
    "'",
    "\"",
    "`",
    "\\",
    ";",
    " ",
    "/*",
    "*/",
    "#",
    "--",
  };

  private static final BooleanLiterals.Types TYPES =
      (table, column) ->
          Map.of(
                  "bins",
                  Map.of(
                      "id", "integer", "b", "bytea", "v", "character varying(10)", "d", "numeric"))
              .getOrDefault(table, Map.of())
              .get(column);

  @Test
  void garbled_statements_of_the_mysql_rules_never_throw() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < INPUTS; i++) {
      String input = input(random);
      try {
        String pg = SqlTranslator.translateOrThrow(input, Dialect.MYSQL, Dialect.POSTGRES);
        assertNotNull(pg);
        assertNotNull(HexLiterals.rewrite(pg, List.of("bins"), TYPES));
        FoundRows.count(input);
        FoundRows.oneRow(input);
        if (FoundRows.uses(input)) {
          assertNotNull(
              SqlTranslator.translateOrThrow(
                  FoundRows.substitute(input, 7), Dialect.MYSQL, Dialect.POSTGRES));
        }
        if (LastInsertId.uses(input)) {
          assertNotNull(LastInsertId.substitute(input, 7));
        }
        assertNotNull(StatementScanner.analyze(SqlLexer.lex(input, Dialect.MYSQL, false)));
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError(
            "input #" + i + " (seed " + SEED + "): " + input.replace("\n", "\\n"), e);
      }
    }
  }

  private static String input(SplittableRandom random) {
    String base = STATEMENTS[random.nextInt(STATEMENTS.length)];
    switch (random.nextInt(5)) {
      case 0:
        return base.substring(0, random.nextInt(base.length() + 1));
      case 1:
        {
          String other = STATEMENTS[random.nextInt(STATEMENTS.length)];
          return base.substring(0, random.nextInt(base.length() + 1))
              + other.substring(random.nextInt(other.length() + 1));
        }
      case 2:
        {
          StringBuilder b = new StringBuilder(base);
          for (int k = random.nextInt(1, 4); k > 0; k--) {
            int at = random.nextInt(b.length() + 1);
            b.insert(at, PIECES[random.nextInt(PIECES.length)]);
          }
          return b.toString();
        }
      case 3:
        {
          StringBuilder b = new StringBuilder(base);
          for (int k = random.nextInt(1, 4); k > 0 && b.length() > 0; k--) {
            int at = random.nextInt(b.length());
            b.delete(at, Math.min(b.length(), at + random.nextInt(1, 6)));
          }
          return b.toString();
        }
      default:
        {
          StringBuilder b = new StringBuilder();
          for (int k = random.nextInt(1, 12); k > 0; k--) {
            b.append(PIECES[random.nextInt(PIECES.length)]);
          }
          return b.toString();
        }
    }
  }
}
