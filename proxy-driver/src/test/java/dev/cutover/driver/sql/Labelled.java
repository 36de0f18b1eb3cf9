package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For the tests of the other rules: the MySQL-to-PostgreSQL translation without the select-list
 * aliases {@link SelectLabels} adds (their subject is {@code SelectLabelsTest}), after checking
 * that those aliases are all the difference and that each stands at the level of a select list,
 * never inside a rule's rewrite.
 */
final class Labelled {
  private Labelled() {}

  static String withoutLabels(String mysql) {
    String plain =
        SqlTranslator.translateWithoutLabelsOrThrow(mysql, Dialect.MYSQL, Dialect.POSTGRES);
    String labelled = SqlTranslator.translateOrThrow(mysql, Dialect.MYSQL, Dialect.POSTGRES);
    check(plain, labelled);
    return plain;
  }

  /** Asserts that {@code labelled} is {@code plain} with {@code AS "..."} at select-list level. */
  static void check(String plain, String labelled) {
    int depth = 0;
    // Per depth of parentheses: whether a SELECT was read at it since it was opened.
    boolean[] select = new boolean[plain.length() + 2];
    int i = 0;
    int j = 0;
    while (i <= plain.length()) {
      if (j < labelled.length()
          && labelled.startsWith(" AS \"", j)
          && (i >= plain.length()
              || !plain.startsWith(" AS \"", i)
              || !same(plain, i, labelled, j))) {
        int end = quotedEnd(labelled, j + 5);
        assertTrue(select[depth], "an alias outside a select list at " + j + ": " + labelled);
        j = end;
        continue;
      }
      if (i == plain.length()) {
        break;
      }
      assertTrue(j < labelled.length(), labelled);
      assertEquals(
          plain.charAt(i), labelled.charAt(j), "at " + i + ": " + plain + " / " + labelled);
      char c = plain.charAt(i);
      if (c == '\'' || c == '"') {
        int end = c == '"' ? quotedEnd(plain, i + 1) : stringEnd(plain, i + 1);
        assertEquals(plain.substring(i, end), labelled.substring(j, j + end - i));
        j += end - i;
        i = end;
        continue;
      }
      if (c == '(') {
        select[++depth] = false;
      } else if (c == ')' && depth > 0) {
        depth--;
      } else if ((c == 'S' || c == 's')
          && plain.regionMatches(true, i, "select", 0, 6)
          && (i == 0 || !Character.isLetterOrDigit(plain.charAt(i - 1)))) {
        select[depth] = true;
      }
      i++;
      j++;
    }
    assertEquals(labelled.length(), j, labelled);
  }

  private static boolean same(String plain, int i, String labelled, int j) {
    int a = quotedEnd(plain, i + 5);
    return plain.regionMatches(i, labelled, j, a - i);
  }

  private static int quotedEnd(String s, int from) {
    for (int k = from; k < s.length(); k++) {
      if (s.charAt(k) == '"') {
        if (k + 1 < s.length() && s.charAt(k + 1) == '"') {
          k++;
        } else {
          return k + 1;
        }
      }
    }
    return s.length();
  }

  private static int stringEnd(String s, int from) {
    boolean escapes = from >= 2 && (s.charAt(from - 2) == 'E' || s.charAt(from - 2) == 'e');
    for (int k = from; k < s.length(); k++) {
      char c = s.charAt(k);
      if (escapes && c == '\\') {
        k++;
      } else if (c == '\'') {
        if (k + 1 < s.length() && s.charAt(k + 1) == '\'') {
          k++;
        } else {
          return k + 1;
        }
      }
    }
    return s.length();
  }
}
