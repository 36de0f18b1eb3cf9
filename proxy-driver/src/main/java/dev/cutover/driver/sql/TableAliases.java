package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which of a statement's tables a qualifier names: the table itself ({@code items.id}, {@code
 * shop.items.id}) or an alias given to it ({@code FROM items i}, {@code JOIN items AS i}). A
 * qualifier it does not know (a derived table's alias) names none of them.
 */
final class TableAliases {
  private final Map<String, String> byName = new HashMap<>();

  private TableAliases() {}

  static TableAliases of(SqlLexer lx, List<String> tables) {
    TableAliases a = new TableAliases();
    for (String table : tables) {
      a.byName.put(table, table);
      int dot = table.lastIndexOf('.');
      if (dot >= 0) {
        a.byName.putIfAbsent(table.substring(dot + 1), table);
      }
    }
    for (int t = 0; t < lx.count; t++) {
      if (!isName(lx, t)) {
        continue;
      }
      int end = t + 1;
      while (end + 1 < lx.count && lx.types[end] == DOT && isName(lx, end + 1)) {
        end += 2;
      }
      String name = qualified(lx, t, end);
      String table = tables.contains(name) ? name : null;
      if (table == null) {
        t = end - 1;
        continue;
      }
      int alias = end;
      if (alias < lx.count && lx.isWord(alias, "as")) {
        alias++;
      }
      if (alias < lx.count
          && (lx.types[alias] == QUOTED_IDENT
              || lx.types[alias] == WORD && lx.keywords[alias] == 0)) {
        a.byName.putIfAbsent(name(lx, alias), table);
      }
      t = end - 1;
    }
    return a;
  }

  /** The table {@code qualifier} names, or null. */
  String table(String qualifier) {
    return byName.get(qualifier);
  }

  private static boolean isName(SqlLexer lx, int t) {
    return lx.types[t] == QUOTED_IDENT || lx.types[t] == WORD;
  }

  private static String qualified(SqlLexer lx, int from, int end) {
    StringBuilder b = new StringBuilder();
    for (int t = from; t < end; t++) {
      b.append(lx.types[t] == DOT ? "." : name(lx, t));
    }
    return b.toString();
  }

  static String name(SqlLexer lx, int t) {
    String s = lx.text(t);
    if (lx.types[t] != QUOTED_IDENT) {
      return s.toLowerCase(Locale.ROOT);
    }
    // An unterminated quote (a garbled statement, found by MysqlRulesFuzzTest) runs to the end.
    boolean closed = s.length() >= 2 && s.charAt(s.length() - 1) == s.charAt(0);
    return s.substring(1, closed ? s.length() - 1 : s.length());
  }
}
