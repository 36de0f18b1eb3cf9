package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.List;
import java.util.Locale;

/**
 * MariaDB's {@code JSON_SET}, {@code JSON_INSERT}, {@code JSON_REPLACE} and {@code JSON_REMOVE}
 * assigned to a column PostgreSQL holds as {@code jsonb} ({@code UPDATE t SET doc = JSON_SET(doc,
 * '$.a', ?)}), for {@link MysqlRules}.
 *
 * <p>MariaDB writes the edited document's text in the document's own key order, a new key last;
 * {@code jsonb} keeps neither order, so only a value stored into a {@code jsonb} column, where both
 * texts are the same document, is translated: each path and value, left to right, is {@code CASE
 * WHEN jsonb_typeof(d #> '{parent}') = 'object' THEN jsonb_set(d, '{a}', CAST(value AS jsonb)) ELSE
 * d END} (INSERT only where {@code d #> '{a}'} is missing, REPLACE only where it is there, REMOVE
 * {@code d #- '{a}'}), as measured on MariaDB 10.11: a path whose parent is not an object (an
 * array, a scalar, missing) leaves the document as it is, a NULL document stays NULL, and the value
 * is written as {@code JSON_OBJECT} writes it (a string quoted, a nested {@code JSON_OBJECT} as
 * JSON; {@link JsonConstructors}). Each step reads the one before in a sub-select, so a {@code ?}
 * is bound once. Only paths of member names ({@code $.a}, {@code $.a.b}, {@code $."a b"}) and a
 * document without a {@code ?} are translated; elsewhere (a read, a text or {@code json} column, ON
 * DUPLICATE KEY UPDATE, a path with an index or a wildcard) the call is left as it is.
 */
final class JsonEdits {
  private final SqlTranslator tr;
  private final SqlLexer lx;
  private final MysqlRules rules;

  JsonEdits(SqlTranslator tr, MysqlRules rules) {
    this.tr = tr;
    this.lx = tr.lx;
    this.rules = rules;
  }

  /** The call of {@code name} at {@code t}: its last token, or -1 when left. */
  int call(int t, int open, int to, String name) {
    int[] a = open < 0 ? null : rules.arguments(open, to);
    boolean remove = name.equals("json_remove");
    if (a == null || a.length < 2 || !remove && a.length % 2 == 0 || !rules.subQueryAllowed(t)) {
      return -1;
    }
    if (!intoJsonb(t, a[a.length - 1])) {
      return -1;
    }
    for (int i = open + 1; i < a[0]; i++) {
      if (lx.types[i] == PARAM
          || lx.types[i] == WORD && Keywords.nonDeterministic(lx.keywords[i])) {
        return -1;
      }
    }
    int step = remove ? 1 : 2;
    int n = (a.length - 1) / step;
    List<?>[] steps = new List<?>[n];
    Runnable[] values = new Runnable[n];
    JsonConstructors writer = new JsonConstructors(tr, rules);
    for (int k = 0; k < n; k++) {
      int p = 1 + k * step;
      String path = path(a[p - 1] + 1, a[p]);
      List<Object> parsed = path == null ? null : JsonFunctions.steps(path);
      if (parsed == null || parsed.isEmpty()) {
        return -1;
      }
      for (Object s : parsed) {
        if (!(s instanceof String)) {
          return -1;
        }
      }
      steps[k] = parsed;
      if (!remove) {
        values[k] = writer.valueText(t, a[p] + 1, a[p + 1]);
        if (values[k] == null) {
          return -1;
        }
      }
    }
    step(t, name, open, a[0], n, steps, values);
    int close = a[a.length - 1];
    tr.copied = lx.ends[close];
    return close;
  }

  /**
   * Writes the document after the first {@code k} edits: {@code (SELECT CASE WHEN <parent is an
   * object> THEN <edit of d> ELSE d END FROM (SELECT <after k - 1>, CAST(<value> AS jsonb)) AS
   * cutover_doc(d, v))}, the value after the document so parameters keep their order.
   */
  private void step(
      int t, String name, int open, int docEnd, int k, List<?>[] steps, Runnable[] values) {
    if (k == 0) {
      tr.emit(rules.styled("CAST(", t));
      rules.argument(open + 1, docEnd);
      tr.emit(rules.styled(" AS jsonb)", t));
      return;
    }
    List<?> path = steps[k - 1];
    String d = "cutover_doc.d";
    String parent = textArray(path.subList(0, path.size() - 1));
    String target = textArray(path);
    String object = "jsonb_typeof(" + (path.size() == 1 ? d : d + " #> " + parent) + ") = 'object'";
    String edit;
    switch (name) {
      case "json_insert":
        object += " AND (" + d + " #> " + target + ") IS NULL";
        edit = "jsonb_set(" + d + ", " + target + ", cutover_doc.v)";
        break;
      case "json_replace":
        object += " AND (" + d + " #> " + target + ") IS NOT NULL";
        edit = "jsonb_set(" + d + ", " + target + ", cutover_doc.v)";
        break;
      case "json_remove":
        edit = d + " #- " + target;
        break;
      default:
        edit = "jsonb_set(" + d + ", " + target + ", cutover_doc.v)";
    }
    tr.emit(
        rules.styled(
            "(SELECT CASE WHEN " + object + " THEN " + edit + " ELSE " + d + " END FROM (SELECT ",
            t));
    step(t, name, open, docEnd, k - 1, steps, values);
    if (values[k - 1] != null) {
      tr.emit(rules.styled(", CAST(", t));
      values[k - 1].run();
      tr.emit(rules.styled(" AS jsonb)) AS cutover_doc(d, v))", t));
    } else {
      tr.emit(rules.styled(") AS cutover_doc(d))", t));
    }
  }

  /** Whether the call, ending at {@code close}, is assigned to a {@code jsonb} column. */
  private boolean intoJsonb(int t, int close) {
    int op = tr.previousSignificant(t);
    if (op < 0 || lx.types[op] != OPERATOR || !lx.text(op).equals("=")) {
      return false;
    }
    if (!new JsonFunctions(tr, rules).writtenWhole(t, op, tr.nextSignificant(close + 1))) {
      return false;
    }
    int c = tr.previousSignificant(op);
    if (c < 0) {
      return false;
    }
    String column;
    if (lx.types[c] == WORD) {
      column = lx.text(c);
    } else if (lx.types[c] == QUOTED_IDENT) {
      String q = lx.text(c);
      column = q.substring(1, q.length() - 1);
    } else {
      return false;
    }
    return "jsonb".equals(tr.columnType(column.toLowerCase(Locale.ROOT)));
  }

  /** The text of a plain string literal that is all of {@code [from, end)}, else null. */
  private String path(int from, int end) {
    int f = tr.nextSignificant(from);
    if (f >= end
        || lx.types[f] != STRING
        || tr.nextSignificant(f + 1) != end
        || (lx.flags[f] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) != 0) {
      return null;
    }
    return tr.decodeMysql(lx.starts[f] + 1, lx.ends[f] - 1, lx.sql.charAt(lx.starts[f]));
  }

  /** A PostgreSQL text[] literal of member names: {@code '{a,"b c"}'}. */
  private static String textArray(List<?> names) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < names.size(); i++) {
      String s = (String) names.get(i);
      b.append(i > 0 ? "," : "")
          .append('"')
          .append(s.replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    return JsonConstructors.literal(b.append('}').toString());
  }
}
