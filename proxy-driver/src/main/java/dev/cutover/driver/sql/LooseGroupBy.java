package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.COMMENT;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * MariaDB's default {@code sql_mode} (no {@code ONLY_FULL_GROUP_BY}) lets a grouped query select a
 * column it neither groups nor aggregates: {@code SELECT o.customer_id, c.name, COUNT(*) FROM
 * orders o JOIN customers c ON c.id = o.customer_id GROUP BY o.customer_id}, a report legacy
 * applications are full of. MariaDB answers with the values of one row of each group (measured on
 * 10.11: the first it reads); PostgreSQL refuses the column unless the primary key of its table is
 * grouped, so such reads failed after the switch and were shadow errors before.
 *
 * <p>On a PostgreSQL side, in a query ({@code SELECT}, {@code WITH ... SELECT}), each select-list
 * item of a grouped query block that names such a column and no aggregate becomes {@code
 * (array_agg(item))[1] AS label}: one row's value of the group, as in MariaDB, with the item's
 * label kept (its alias, or the column's name). Each such item of a block takes its value from the
 * same row, since PostgreSQL feeds every aggregate of a group the same rows in the same order.
 * Where the column is functionally dependent on the group (the usual case: the customer's name in a
 * group of that customer's orders) every row holds the same value, so the answer is MariaDB's
 * exactly; where it is not, MariaDB's pick is arbitrary and PostgreSQL's may be another row's (a
 * shadow read reports that as a difference). An {@code ORDER BY} key naming such a column that the
 * select list does not give is wrapped the same way.
 *
 * <p>A column counts as grouped when the {@code GROUP BY} lists it, lists a select item that is
 * just it (by position or alias), or lists every column of its table's primary key (what PostgreSQL
 * accepts, left as it is). Left as they are: an item with an aggregate or a window, a sub-query, or
 * a column of a derived table or of none of the block's tables; {@code ROLLUP}, {@code CUBE} and
 * {@code GROUPING SETS}; the {@code ORDER BY} of a {@code UNION}; {@code HAVING}; writes ({@code
 * INSERT ... SELECT}), where another row's value would silently differ between the two databases,
 * so they stay refused and journaled.
 */
public final class LooseGroupBy {
  private LooseGroupBy() {}

  /** What the rewrite needs of the PostgreSQL side's tables. */
  public interface Catalog {
    /** The primary key's columns in lower case; empty when none, null for an unknown table. */
    List<String> primaryKey(String table) throws SQLException;

    /** Whether {@code table} has {@code column} (lower case); false for an unknown table. */
    boolean hasColumn(String table, String column) throws SQLException;
  }

  /** PostgreSQL's aggregate functions an item may hold (then it is left as it is). */
  private static final Set<String> AGGREGATES =
      Set.of(
          "count",
          "sum",
          "avg",
          "min",
          "max",
          "string_agg",
          "array_agg",
          "stddev",
          "stddev_pop",
          "stddev_samp",
          "variance",
          "var_pop",
          "var_samp",
          "bit_and",
          "bit_or",
          "bit_xor",
          "bool_and",
          "bool_or",
          "every",
          "json_agg",
          "jsonb_agg",
          "json_object_agg",
          "jsonb_object_agg",
          "any_value",
          "grouping",
          "percentile_cont",
          "percentile_disc",
          "mode");

  /** Words of expressions the lexer has no keyword for, which are no column. */
  private static final Set<String> NOT_COLUMNS =
      Set.of(
          "interval",
          "collate",
          "escape",
          "similar",
          "ilike",
          "nulls",
          "first",
          "last",
          "at",
          "zone",
          "current_date",
          "current_time",
          "current_timestamp",
          "localtime",
          "localtimestamp",
          "current_user",
          "session_user",
          "unknown",
          "array",
          "both",
          "leading",
          "trailing",
          "for",
          "placing",
          "overlay",
          "position",
          "substring",
          "trim",
          "extract");

  /** Words that end a select list, a FROM, a GROUP BY or an ORDER BY at a block's own depth. */
  private static final Set<String> CLAUSES =
      Set.of(
          "from",
          "where",
          "group",
          "having",
          "window",
          "order",
          "limit",
          "offset",
          "fetch",
          "for",
          "union",
          "except",
          "intersect",
          "into",
          "returning");

  /** One query block: the SELECT at {@code depth} and the token ranges of its clauses. */
  private static final class Block {
    final int depth;
    final List<int[]> items = new ArrayList<>();
    final List<int[]> groupBy = new ArrayList<>();
    final List<int[]> orderBy = new ArrayList<>();
    final List<int[]> from = new ArrayList<>();
    String part = "items";
    int start;
    boolean grouped;
    boolean inUnion;

    Block(int depth, int start) {
      this.depth = depth;
      this.start = start;
    }
  }

  /** {@code sql} (PostgreSQL) with loose columns of its grouped query blocks wrapped. */
  public static String rewrite(String sql, List<String> tables, Catalog catalog)
      throws SQLException {
    if (tables.isEmpty() || !containsIgnoreCase(sql, "group")) {
      return sql;
    }
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    if (!isQuery(lx)) {
      return sql;
    }
    List<Block> blocks = blocks(lx);
    if (blocks == null) {
      return sql;
    }
    TreeMap<Integer, String[]> edits = new TreeMap<>();
    for (Block b : blocks) {
      if (b.grouped) {
        new Resolver(lx, b, tables, catalog).wrap(edits);
      }
    }
    if (edits.isEmpty()) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length() + 40 * edits.size());
    int copied = 0;
    for (Map.Entry<Integer, String[]> e : edits.entrySet()) {
      int[] range = {e.getKey(), Integer.parseInt(e.getValue()[0])};
      out.append(sql, copied, range[0]).append(e.getValue()[1]);
      copied = range[1];
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  private static boolean containsIgnoreCase(String s, String word) {
    return s.toLowerCase(Locale.ROOT).contains(word);
  }

  /** A SELECT, or a WITH whose main statement is one (the only place rows are read, not kept). */
  private static boolean isQuery(SqlLexer lx) {
    int t = next(lx, 0);
    while (t < lx.count && lx.types[t] == LPAREN) {
      t = next(lx, t + 1);
    }
    if (t >= lx.count || lx.types[t] != WORD) {
      return false;
    }
    if (lx.isWord(t, "select")) {
      return true;
    }
    if (!lx.isWord(t, "with")) {
      return false;
    }
    int depth = 0;
    for (int i = t + 1; i < lx.count; i++) {
      if (lx.types[i] == LPAREN) {
        depth++;
      } else if (lx.types[i] == RPAREN) {
        depth--;
      } else if (depth == 0 && lx.types[i] == WORD) {
        if (lx.isWord(i, "select")) {
          return true;
        }
        if (lx.isWord(i, "insert") || lx.isWord(i, "update") || lx.isWord(i, "delete")) {
          return false;
        }
      }
    }
    return false;
  }

  /** The query blocks with their clauses' token ranges; null for a statement not understood. */
  private static List<Block> blocks(SqlLexer lx) {
    List<Block> blocks = new ArrayList<>();
    Block[] owner = new Block[lx.count + 2];
    int depth = 0;
    for (int t = 0; t < lx.count; t++) {
      int type = lx.types[t];
      if (type == COMMENT) {
        continue;
      }
      Block b = owner[depth];
      if (type == LPAREN) {
        depth++;
        owner[depth] = b;
        continue;
      }
      if (type == RPAREN || type == SEMICOLON) {
        if (b != null && b.depth == depth) {
          close(b, t);
          b.part = "done";
        }
        if (type == SEMICOLON) {
          // One statement only.
          return next(lx, t + 1) < lx.count ? null : blocks;
        }
        if (depth == 0) {
          return null;
        }
        depth--;
        continue;
      }
      if (type == WORD && lx.isWord(t, "select")) {
        boolean union = false;
        if (b != null && b.depth == depth) {
          close(b, t);
          union = b.part.equals("union");
          b.part = "done";
          b.inUnion |= union;
        }
        Block n = new Block(depth, next(lx, t + 1));
        n.inUnion = union;
        owner[depth] = n;
        blocks.add(n);
        // SELECT DISTINCT / ALL: the items start after it.
        if (n.start < lx.count && (lx.isWord(n.start, "distinct") || lx.isWord(n.start, "all"))) {
          if (lx.isWord(n.start, "distinct")
              && next(lx, n.start + 1) < lx.count
              && lx.isWord(next(lx, n.start + 1), "on")) {
            return null;
          }
          n.start = next(lx, n.start + 1);
        }
        continue;
      }
      if (b == null || b.depth != depth) {
        continue;
      }
      String word = type == WORD ? lx.text(t).toLowerCase(Locale.ROOT) : null;
      if (word != null && CLAUSES.contains(word) && !distinctFrom(lx, t)) {
        close(b, t);
        b.part = word;
        b.start = next(lx, t + 1);
        if (word.equals("group") || word.equals("order")) {
          if (b.start < lx.count && lx.isWord(b.start, "by")) {
            b.start = next(lx, b.start + 1);
          }
          b.grouped |= word.equals("group");
        }
        if (word.equals("union") || word.equals("except") || word.equals("intersect")) {
          b.inUnion = true;
          b.part = "union";
        }
        continue;
      }
      if (type == COMMA) {
        close(b, t);
        b.start = t + 1;
      } else if (b.part.equals("from") && word != null && lx.isWord(t, "join")) {
        close(b, t);
        b.start = t + 1;
      } else if (b.part.equals("from") && word != null && lx.isWord(t, "on")) {
        // The join condition: not a table.
        close(b, t);
        b.start = lx.count;
      }
    }
    if (depth != 0) {
      return null;
    }
    for (Block b : blocks) {
      if (!b.part.equals("done")) {
        close(b, lx.count);
      }
    }
    return blocks;
  }

  /** Ends the current element (an item, a table, a key) of {@code b}'s clause before {@code t}. */
  private static void close(Block b, int t) {
    if (b.start >= t) {
      return;
    }
    int[] range = {b.start, t};
    switch (b.part) {
      case "items":
        b.items.add(range);
        break;
      case "group":
        b.groupBy.add(range);
        break;
      case "order":
        b.orderBy.add(range);
        break;
      case "from":
        b.from.add(range);
        break;
      default:
        break;
    }
    b.start = t;
  }

  /** Whether the FROM at {@code t} is part of {@code IS [NOT] DISTINCT FROM} (MySQL's <=>). */
  private static boolean distinctFrom(SqlLexer lx, int t) {
    int p = t - 1;
    while (p >= 0 && lx.types[p] == COMMENT) {
      p--;
    }
    return p >= 0 && lx.isWord(t, "from") && lx.isWord(p, "distinct");
  }

  private static int next(SqlLexer lx, int t) {
    while (t < lx.count && lx.types[t] == COMMENT) {
      t++;
    }
    return t;
  }

  /** Reads one grouped block's columns against the catalog and wraps its loose items. */
  private static final class Resolver {
    private final SqlLexer lx;
    private final Block b;
    private final List<String> statementTables;
    private final Catalog catalog;

    /** The block's tables by the name or alias that qualifies their columns. */
    private final Map<String, String> tables = new java.util.HashMap<>();

    /**
     * The block's FROM entries (an alias, or the table's name as written) by each name that
     * qualifies their columns; PostgreSQL's functional dependency is per entry, so two aliases of
     * one table are two entries.
     */
    private final Map<String, String> entryOf = new java.util.HashMap<>();

    /** Each FROM entry's table. */
    private final Map<String, String> entryTable = new java.util.HashMap<>();

    /** Whether the block reads a derived table or a table not known: unqualified names unsure. */
    private boolean unknownSource;

    /** Grouped columns as {@code entry.column}, and grouped expressions as token text. */
    private final Set<String> grouped = new HashSet<>();

    private final Set<String> groupedExpressions = new HashSet<>();

    /** Whether a grouped expression has several tokens (one may be inside an item). */
    private boolean compoundGrouped;

    /** The items' labels in lower case (an ORDER BY naming one names the output column). */
    private final Set<String> labels = new HashSet<>();

    Resolver(SqlLexer lx, Block b, List<String> statementTables, Catalog catalog) {
      this.lx = lx;
      this.b = b;
      this.statementTables = statementTables;
      this.catalog = catalog;
    }

    void wrap(TreeMap<Integer, String[]> edits) throws SQLException {
      if (!readTables()) {
        return;
      }
      List<Item> items = new ArrayList<>();
      for (int[] r : b.items) {
        Item item = item(r);
        if (item == null) {
          return;
        }
        items.add(item);
        if (item.label() != null) {
          labels.add(item.label().toLowerCase(Locale.ROOT));
        }
      }
      if (!readGroupBy(items)) {
        return;
      }
      Map<Integer, String[]> mine = new TreeMap<>();
      for (Item item : items) {
        if (loose(item.exprStart(), item.exprEnd())) {
          String expr = lx.sql.substring(lx.starts[item.exprStart()], lx.ends[item.exprEnd() - 1]);
          String alias = item.hasAlias() || item.label() == null ? "" : " AS " + item.labelText();
          mine.put(
              lx.starts[item.exprStart()],
              new String[] {
                String.valueOf(lx.ends[item.exprEnd() - 1]), "(array_agg(" + expr + "))[1]" + alias
              });
        }
      }
      if (!b.inUnion) {
        for (int[] r : b.orderBy) {
          int end = keyEnd(r[0], r[1]);
          if (end <= r[0]) {
            continue;
          }
          if (end - r[0] == 1 && isName(r[0]) && labels.contains(name(r[0]))) {
            continue;
          }
          if (lx.types[r[0]] == NUMBER && end - r[0] == 1) {
            continue;
          }
          if (loose(r[0], end)) {
            String expr = lx.sql.substring(lx.starts[r[0]], lx.ends[end - 1]);
            mine.put(
                lx.starts[r[0]],
                new String[] {String.valueOf(lx.ends[end - 1]), "(array_agg(" + expr + "))[1]"});
          }
        }
      }
      edits.putAll(mine);
    }

    /** The block's FROM: each table and its alias; false when it cannot be read. */
    private boolean readTables() throws SQLException {
      if (b.from.isEmpty()) {
        return false;
      }
      for (int[] r : b.from) {
        int t = next(lx, r[0]);
        // JOIN's words before the table: INNER, LEFT [OUTER], CROSS, NATURAL, LATERAL.
        while (t < r[1] && lx.types[t] == WORD && isJoinWord(t)) {
          t = next(lx, t + 1);
        }
        if (t >= r[1]) {
          continue;
        }
        if (lx.types[t] == LPAREN) {
          unknownSource = true;
          continue;
        }
        if (!isName(t)) {
          return false;
        }
        int end = t + 1;
        while (end + 1 < r[1] && lx.types[end] == DOT && isName(end + 1)) {
          end += 2;
        }
        if (end < r[1] && lx.types[end] == LPAREN) {
          // A function in FROM: its columns are not known.
          unknownSource = true;
          continue;
        }
        StringBuilder q = new StringBuilder();
        for (int i = t; i < end; i++) {
          q.append(lx.types[i] == DOT ? "." : TableAliases.name(lx, i));
        }
        String table = statementTables.contains(q.toString()) ? q.toString() : null;
        if (table == null || catalog.primaryKey(table) == null) {
          unknownSource = true;
          continue;
        }
        int a = next(lx, end);
        if (a < r[1] && lx.isWord(a, "as")) {
          a = next(lx, a + 1);
        }
        String last = TableAliases.name(lx, end - 1);
        if (a < r[1] && isName(a) && !isJoinWord(a)) {
          String alias = TableAliases.name(lx, a);
          tables.put(alias, table);
          entryOf.put(alias, alias);
          entryTable.put(alias, table);
        } else {
          tables.put(last, table);
          tables.put(q.toString(), table);
          entryOf.put(last, q.toString());
          entryOf.put(q.toString(), q.toString());
          entryTable.put(q.toString(), table);
        }
      }
      return !tables.isEmpty();
    }

    private boolean isJoinWord(int t) {
      return lx.isWord(t, "inner")
          || lx.isWord(t, "left")
          || lx.isWord(t, "right")
          || lx.isWord(t, "full")
          || lx.isWord(t, "outer")
          || lx.isWord(t, "cross")
          || lx.isWord(t, "natural")
          || lx.isWord(t, "lateral")
          || lx.isWord(t, "only");
    }

    /** One select-list item: its expression's tokens, its label, whether it has an alias. */
    private record Item(
        int exprStart, int exprEnd, String label, String labelText, boolean hasAlias) {}

    private Item item(int[] r) {
      int s = next(lx, r[0]);
      int e = r[1];
      while (e > s && lx.types[e - 1] == COMMENT) {
        e--;
      }
      if (e <= s) {
        return null;
      }
      if (lx.types[e - 1] == OPERATOR && lx.text(e - 1).equals("*")) {
        // * or t.*: no label of its own, nothing to wrap.
        return new Item(s, s, null, null, false);
      }
      int last = e - 1;
      if (columnEnd(s) == last && isName(s)) {
        // A column alone: its name is its label.
        return new Item(s, e, name(last), lx.text(last), false);
      }
      if (isPlainName(last) && last > s) {
        int before = last - 1;
        while (before > s && lx.types[before] == COMMENT) {
          before--;
        }
        if (lx.isWord(before, "as")) {
          return new Item(s, before, name(last), lx.text(last), true);
        }
        int type = lx.types[before];
        if (type == RPAREN
            || type == QUOTED_IDENT
            || type == SqlLexer.NUMBER
            || type == SqlLexer.STRING
            || type == WORD && lx.keywords[before] == 0) {
          // An implicit alias: price p, COUNT(*) n.
          return new Item(s, before + 1, name(last), lx.text(last), true);
        }
      }
      return new Item(s, e, null, null, false);
    }

    /** The GROUP BY's columns and expressions; false when it holds ROLLUP and the like. */
    private boolean readGroupBy(List<Item> items) throws SQLException {
      for (int[] r : b.groupBy) {
        int s = next(lx, r[0]);
        int e = r[1];
        if (s >= e) {
          continue;
        }
        if (lx.isWord(s, "rollup")
            || lx.isWord(s, "cube")
            || lx.isWord(s, "grouping")
            || lx.types[s] == LPAREN) {
          return false;
        }
        if (e - s == 1 && lx.types[s] == NUMBER) {
          int n;
          try {
            n = Integer.parseInt(lx.text(s));
          } catch (NumberFormatException x) {
            return false;
          }
          if (n < 1 || n > items.size()) {
            return false;
          }
          Item item = items.get(n - 1);
          groupExpression(item.exprStart(), item.exprEnd());
          continue;
        }
        if (e - s == 1 && isName(s) && column(s, s) == null) {
          // An output column's name: that item.
          for (Item item : items) {
            if (name(s)
                .equals(item.label() == null ? null : item.label().toLowerCase(Locale.ROOT))) {
              groupExpression(item.exprStart(), item.exprEnd());
            }
          }
          continue;
        }
        groupExpression(s, e);
      }
      return true;
    }

    private void groupExpression(int s, int e) throws SQLException {
      groupedExpressions.add(text(s, e));
      compoundGrouped |= columnEnd(s) != e - 1;
      int column = columnEnd(s);
      if (column == e - 1) {
        String c = column(s, column);
        if (c != null) {
          grouped.add(c);
        }
      }
    }

    /** Whether tokens {@code [s, e)} name a column PostgreSQL refuses here, and no aggregate. */
    private boolean loose(int s, int e) throws SQLException {
      if (s >= e || groupedExpressions.contains(text(s, e))) {
        return false;
      }
      boolean looseColumn = false;
      boolean[] inGrouped = groupedInside(s, e);
      for (int t = s; t < e; t++) {
        if (inGrouped != null && inGrouped[t - s]) {
          // Inside a grouped expression, which PostgreSQL takes as it is.
          continue;
        }
        int type = lx.types[t];
        if (type == WORD) {
          String w = lx.text(t).toLowerCase(Locale.ROOT);
          int n = next(lx, t + 1);
          if (n < e && lx.types[n] == LPAREN && AGGREGATES.contains(w)
              || w.equals("over")
              || w.equals("select")) {
            return false;
          }
        }
        if (!isName(t) || (t > s && lx.types[t - 1] == DOT)) {
          continue;
        }
        int end = columnEnd(t);
        int n = next(lx, end + 1);
        if (n < e && lx.types[n] == LPAREN) {
          t = end;
          continue;
        }
        if (n < e && lx.types[n] == SqlLexer.STRING && end == t) {
          // A typed literal: DATE '2024-01-01', INTERVAL '1 day'.
          t = end;
          continue;
        }
        if (t > s && (lx.isWord(t - 1, "as") || lx.text(t - 1).equals("::"))) {
          // A type.
          t = end;
          continue;
        }
        String c = column(t, end);
        if (c == null) {
          if (end > t || unknownSource && isUnknownColumn(t)) {
            // A qualified name of no table of the block, or a name maybe of a derived table.
            return false;
          }
          t = end;
          continue;
        }
        if (c.isEmpty()) {
          return false;
        }
        if (!grouped.contains(c) && !dependent(c)) {
          looseColumn = true;
        }
        t = end;
      }
      return looseColumn;
    }

    /**
     * Per token of {@code [s, e)}, whether it is inside an occurrence of a grouped expression of
     * several tokens that is a sub-expression there: PostgreSQL matches it ({@code (a + b) * 2}
     * under {@code GROUP BY a + b}), and wrapping the item would only cost an array per group. An
     * occurrence counts when it is a call or a parenthesis, or stands between parentheses and
     * commas ({@code a + b} in {@code a + b * 2} does not: that is {@code a + (b * 2)}); null when
     * there is none.
     */
    private boolean[] groupedInside(int s, int e) {
      if (!compoundGrouped) {
        return null;
      }
      boolean[] inside = null;
      for (int i = s; i < e; i++) {
        if (lx.types[i] == COMMENT) {
          continue;
        }
        for (int j = i + 2; j <= e; j++) {
          if (lx.types[j - 1] == COMMENT
              || !groupedExpressions.contains(text(i, j))
              || !subExpression(i, j, s, e)) {
            continue;
          }
          if (inside == null) {
            inside = new boolean[e - s];
          }
          for (int k = i; k < j; k++) {
            inside[k - s] = true;
          }
        }
      }
      return inside;
    }

    /** Whether tokens {@code [i, j)} of an expression {@code [s, e)} are one operand of it. */
    private boolean subExpression(int i, int j, int s, int e) {
      int before = i - 1;
      while (before >= s && lx.types[before] == COMMENT) {
        before--;
      }
      int after = next(lx, j);
      if (before >= s && (lx.types[before] == DOT || lx.text(before).equals("::"))) {
        return false;
      }
      int open = lx.types[i] == LPAREN ? i : isName(i) ? next(lx, i + 1) : -1;
      if (open >= 0 && open < j && lx.types[open] == LPAREN && closing(open) == j - 1) {
        // A call or a parenthesis: one operand wherever it stands.
        return true;
      }
      boolean opens = before < s || lx.types[before] == LPAREN || lx.types[before] == COMMA;
      boolean closes = after >= e || lx.types[after] == RPAREN || lx.types[after] == COMMA;
      return opens && closes;
    }

    /** The parenthesis closing the one at {@code open}, or -1. */
    private int closing(int open) {
      int depth = 0;
      for (int t = open; t < lx.count; t++) {
        if (lx.types[t] == LPAREN) {
          depth++;
        } else if (lx.types[t] == RPAREN && --depth == 0) {
          return t;
        }
      }
      return -1;
    }

    /** Whether the name at {@code t} may be a column of a derived table (not a keyword). */
    private boolean isUnknownColumn(int t) {
      return isPlainName(t) && !NOT_COLUMNS.contains(lx.text(t).toLowerCase(Locale.ROOT));
    }

    /** A quoted name, or a word that is no keyword the lexer knows. */
    private boolean isPlainName(int t) {
      return lx.types[t] == QUOTED_IDENT || lx.types[t] == WORD && lx.keywords[t] == 0;
    }

    /** Whether every column of the primary key of {@code column}'s FROM entry is grouped. */
    private boolean dependent(String column) throws SQLException {
      String entry = column.substring(0, column.lastIndexOf('.'));
      List<String> key = catalog.primaryKey(entryTable.get(entry));
      if (key == null || key.isEmpty()) {
        return false;
      }
      for (String k : key) {
        if (!grouped.contains(entry + "." + k)) {
          return false;
        }
      }
      return true;
    }

    /** The last token of the (qualified) name starting at {@code t}. */
    private int columnEnd(int t) {
      int end = t;
      while (end + 2 < lx.count && lx.types[end + 1] == DOT && isName(end + 2)) {
        end += 2;
      }
      return end;
    }

    /**
     * The column tokens {@code [t, end]} name as {@code entry.column}; null when no FROM entry of
     * the block has it (a qualifier of none of them names an outer query's table, a constant to
     * this block); empty when several do (ambiguous to PostgreSQL too).
     */
    private String column(int t, int end) throws SQLException {
      String name = name(end);
      if (end > t) {
        String entry = entryOf.get(name(end - 2));
        if (entry == null) {
          return null;
        }
        return catalog.hasColumn(entryTable.get(entry), name) ? entry + "." + name : null;
      }
      String found = null;
      for (Map.Entry<String, String> e : entryTable.entrySet()) {
        if (catalog.hasColumn(e.getValue(), name)) {
          if (found != null) {
            return "";
          }
          found = e.getKey() + "." + name;
        }
      }
      return found;
    }

    /** An ORDER BY key's expression end: before ASC, DESC, NULLS FIRST/LAST. */
    private int keyEnd(int s, int e) {
      int end = e;
      while (end > s && lx.types[end - 1] == COMMENT) {
        end--;
      }
      if (end - 2 > s && lx.isWord(end - 2, "nulls")) {
        end -= 2;
      }
      if (end - 1 > s && (lx.isWord(end - 1, "asc") || lx.isWord(end - 1, "desc"))) {
        end--;
      }
      return next(lx, s) < end ? end : s;
    }

    private boolean isName(int t) {
      return lx.types[t] == QUOTED_IDENT || lx.types[t] == WORD;
    }

    private String name(int t) {
      return TableAliases.name(lx, t);
    }

    /** The tokens' text without comments, words in lower case, one space between tokens. */
    private String text(int s, int e) {
      StringBuilder out = new StringBuilder();
      for (int t = s; t < e; t++) {
        if (lx.types[t] == COMMENT) {
          continue;
        }
        String x = lx.text(t);
        out.append(lx.types[t] == WORD ? x.toLowerCase(Locale.ROOT) : x).append(' ');
      }
      return out.toString();
    }
  }
}
