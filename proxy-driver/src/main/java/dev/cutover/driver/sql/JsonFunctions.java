package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.ArrayList;
import java.util.List;

/**
 * MariaDB's JSON functions for {@link MysqlRules}, over a document PostgreSQL holds as {@code
 * jsonb} (as pgloader moves MariaDB's {@code JSON}), {@code json} or {@code text}: the document is
 * read as {@code CAST(doc AS jsonb)}, which takes all three. Measured on MariaDB 10.11 through
 * Connector/J, every one of these functions answers a {@code VARCHAR} (a Java {@code String}), so
 * each translation answers {@code text}, never {@code jsonb} (which pgjdbc hands out as a {@code
 * PGobject}).
 *
 * <p>MariaDB prints the JSON it extracts with one space after {@code :} and {@code ,} ({@code {"x":
 * 1, "b": [1, 2]}}, whatever the stored spacing), as {@code jsonb} prints it; but it keeps the
 * document's key order, its numbers as written ({@code 1.50}, {@code 1e2}) and its strings' escapes
 * as written (a backslash-u escape of an accented letter stays so), where {@code jsonb} orders keys
 * by length, reads numbers as {@code numeric} ({@code 100} for {@code 1e2}) and stores strings
 * decoded. Those differences are in the stored {@code jsonb} already and are documented, not
 * hidden.
 *
 * <p>Only a path that is one literal of the simple forms is translated: {@code $}, {@code $.key}
 * (letters, digits and {@code _}), {@code $."any key"} (without a backslash), {@code $[n]}, and
 * chains of them. A wildcard, {@code [last]}, a negative or spaced index, several paths, or a path
 * that is not a literal leaves the call as it is, so PostgreSQL refuses it and the driver journals
 * it.
 */
final class JsonFunctions {
  /** Where a template takes the value it works on. */
  private static final String VALUE = "\u0001";

  private final SqlTranslator tr;
  private final SqlLexer lx;
  private final MysqlRules rules;

  JsonFunctions(SqlTranslator tr, MysqlRules rules) {
    this.tr = tr;
    this.lx = tr.lx;
    this.rules = rules;
  }

  /**
   * {@code JSON_EXTRACT(doc, path)}: the JSON text at the path, {@code CAST(CAST(doc AS jsonb) ->
   * 'key' AS TEXT)}. MariaDB answers the JSON text ({@code "red"} with its quotes, {@code 1.50},
   * {@code null} for a JSON null), SQL NULL for a missing path or a NULL document, and NULL with a
   * warning for a document that is not JSON, which PostgreSQL's cast refuses instead.
   *
   * <p>Compared with {@code =}, {@code <>}, {@code <}, ... or {@code IN}, MariaDB compares the
   * value unquoted ({@code JSON_EXTRACT('{"t":"x"}', '$.t') = 'x'} is 1, {@code = '"x"'} is 0, and
   * a JSON null equals {@code 'null'}; {@code IN ('x')} too, which MariaDB reads as {@code = 'x'},
   * but not a longer IN list): there it is the text {@link #unquote} answers, and a number when the
   * other operand is a number literal ({@code '{"n":"7"}'} at {@code $.n} equals 7). Not so in
   * {@code LIKE} (measured: {@code "x"} is not LIKE {@code 'x'}) nor in an assignment ({@code SET
   * col = JSON_EXTRACT(...)} stores {@code "x"} with its quotes); written whole into a column the
   * value stays {@code jsonb}, which a {@code json} or {@code jsonb} column takes (text it refuses)
   * and a text column stores as the same JSON text. Beside {@code BETWEEN}, not measured, the call
   * is left as it is.
   */
  int extract(int t, int open, int to) {
    Call c = call(open, to);
    if (c == null) {
      return -1;
    }
    int before = previousSignificant(t);
    int after = tr.nextSignificant(c.close + 1);
    // Grouping parentheses around the call make no other value on MariaDB, which still compares
    // it unquoted ((JSON_EXTRACT(doc, '$.t')) = 'x' is 1, measured): look past them.
    while (before >= 0
        && lx.types[before] == LPAREN
        && after < lx.count
        && lx.types[after] == RPAREN
        && lx.closing(before, lx.count) == after
        && grouping(before)) {
      before = previousSignificant(before);
      after = tr.nextSignificant(after + 1);
    }
    if (isWord(before, "between")
        || isWord(after, "between")
        || isWord(after, "not") && isWord(tr.nextSignificant(after + 1), "between")
        || isWord(before, "and") && afterBetween(before)) {
      return -1;
    }
    String template;
    int number = numberOperand(before, after);
    if (number > 1) {
      return -1;
    } else if (number > 0) {
      template = NUMBER_OF;
    } else if (number == 0) {
      template = UNQUOTED;
    } else if (writtenWhole(t, before, after)) {
      // jsonb, which PostgreSQL stores into a json or jsonb column (text it refuses there) and
      // into a text column as the same JSON text.
      template = VALUE;
    } else {
      template = "CAST(" + VALUE + " AS TEXT)";
    }
    return emit(t, c, template);
  }

  /**
   * {@code JSON_UNQUOTE(x)}. Of {@code JSON_EXTRACT(doc, path)}: the string at the path decoded
   * ({@code red}, {@code x"y}), any other value's JSON text ({@code 1.50}, {@code {"a": 1}}) and
   * the text {@code null} for a JSON null, measured, as {@code COALESCE(v #>> '{}', CAST(v AS
   * TEXT))}. Of anything else: a text that is one JSON string, spaces around it allowed, decoded
   * ({@code ' "abc" '} is {@code abc}), any other text as it is ({@code abc}, {@code {"a": 1}}
   * keeps its spacing), as {@code CASE WHEN s ~ '<a JSON string>' THEN CAST(s AS jsonb) #>> '{}'
   * ELSE s END}. MariaDB also decodes some texts that are not JSON ({@code "abc"x} is {@code abc},
   * {@code "a\qb"} is {@code aqb}), which stay as they are here.
   */
  int unquote(int t, int open, int to) {
    int close = open < 0 ? -1 : rules.single(open, to);
    if (close < 0) {
      return -1;
    }
    int inner = tr.nextSignificant(open + 1);
    if (lx.isWord(inner, "json_extract")
        && inner + 1 < close
        && lx.types[inner + 1] == LPAREN
        && tr.nextSignificant(lx.closing(inner + 1, close) + 1) == close) {
      Call c = call(inner + 1, close);
      if (c != null) {
        int last = emit(t, c, UNQUOTED);
        if (last < 0) {
          return -1;
        }
        tr.copied = lx.ends[close];
        return close;
      }
    }
    Call text = new Call(open + 1, close, null, close);
    return emit(t, text, TEXT_UNQUOTED);
  }

  /**
   * {@code JSON_VALUE(doc, path)}: the scalar at the path as text, measured: a string decoded, a
   * number as written, {@code true} and {@code false} as {@code 1} and {@code 0}, and NULL for a
   * JSON null, an object, an array, a missing path or a document that is not JSON (which
   * PostgreSQL's cast refuses instead).
   */
  int value(int t, int open, int to) {
    Call c = call(open, to);
    return c == null ? -1 : emit(t, c, SCALAR);
  }

  /**
   * {@code JSON_LENGTH(doc[, path])}: the number of elements of an array or members of an object, 1
   * for a scalar (a JSON null too), NULL for a missing path or a NULL document, an {@code INTEGER}
   * as on MariaDB (measured).
   */
  int length(int t, int open, int to) {
    Call c = callWithOptionalPath(open, to);
    return c == null ? -1 : emit(t, c, LENGTH);
  }

  /**
   * {@code JSON_TYPE(doc)}: {@code OBJECT}, {@code ARRAY}, {@code STRING}, {@code BOOLEAN}, {@code
   * NULL}, and for a number {@code DOUBLE} when its text has a decimal point, else {@code INTEGER}
   * (measured: {@code 1.0} is DOUBLE, {@code 1e3} INTEGER); NULL for a NULL document.
   */
  int type(int t, int open, int to) {
    int close = open < 0 ? -1 : rules.single(open, to);
    return close < 0 ? -1 : emit(t, new Call(open + 1, close, List.of(), close), TYPE);
  }

  /**
   * {@code JSON_CONTAINS(doc, 'scalar'[, path])} with a candidate that is a literal JSON scalar
   * without a backslash: 1 when the value at the path is that scalar or an array holding it at any
   * depth of arrays (measured: {@code [1, [[2]]]} contains 2, {@code [{"a": 2}]} does not; {@code
   * [1.0]} contains 1), 0 when not or the path is missing, NULL for a NULL document; in a condition
   * ({@code WHERE JSON_CONTAINS(...)}, beside AND, OR, NOT) the same as a boolean. MariaDB compares
   * strings with their escapes as written ({@code "é"} is not {@code "é"}), so a candidate with a
   * backslash, and a candidate that is an array, an object, a {@code ?} or an expression, whose
   * containment MariaDB reads otherwise than {@code jsonb}'s {@code @>}, are left.
   */
  int contains(int t, int open, int to) {
    int[] a = open < 0 ? null : rules.arguments(open, to);
    if (a == null || a.length < 2 || a.length > 3) {
      return -1;
    }
    int cand = tr.nextSignificant(a[0] + 1);
    if (cand >= a[1]
        || lx.types[cand] != STRING
        || tr.nextSignificant(cand + 1) != a[1]
        || (lx.flags[cand] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) != 0) {
      return -1;
    }
    String scalar =
        tr.decodeMysql(lx.starts[cand] + 1, lx.ends[cand] - 1, lx.sql.charAt(lx.starts[cand]))
            .strip();
    if (!scalar.matches(
        "\"[^\"\\\\\\x00-\\x1f]*\"|-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?|true|false|null")) {
      return -1;
    }
    List<Object> steps;
    if (a.length == 3) {
      int p = tr.nextSignificant(a[1] + 1);
      if (p >= a[2]
          || lx.types[p] != STRING
          || tr.nextSignificant(p + 1) != a[2]
          || (lx.flags[p] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) != 0) {
        return -1;
      }
      steps = steps(tr.decodeMysql(lx.starts[p] + 1, lx.ends[p] - 1, lx.sql.charAt(lx.starts[p])));
    } else {
      steps = List.of();
    }
    if (steps == null) {
      return -1;
    }
    for (int i = open + 1; i < a[0]; i++) {
      if (lx.types[i] == PARAM
          || lx.types[i] == WORD && Keywords.nonDeterministic(lx.keywords[i])) {
        return -1;
      }
    }
    int before = previousSignificant(t);
    int after = tr.nextSignificant(a[a.length - 1] + 1);
    boolean condition = condition(before) && conditionEnd(after);
    String walk =
        "EXISTS (WITH RECURSIVE cutover_walk(x) AS (SELECT "
            + VALUE
            + " UNION ALL SELECT jsonb_array_elements(x) FROM cutover_walk WHERE jsonb_typeof(x) ="
            + " 'array') SELECT 1 FROM cutover_walk WHERE x = CAST("
            + JsonConstructors.literal(scalar)
            + " AS jsonb))";
    String template =
        condition
            ? "CASE WHEN " + DOCUMENT + " IS NULL THEN NULL ELSE " + walk + " END"
            : "CASE WHEN " + DOCUMENT + " IS NULL THEN NULL WHEN " + walk + " THEN 1 ELSE 0 END";
    int mark = tr.out.length();
    rules.argument(open + 1, a[0]);
    String doc = tr.out.substring(mark);
    tr.out.setLength(mark);
    String value = rules.styled(path(steps), t).replace(VALUE, doc);
    tr.emit(
        rules
            .styled(template, t)
            .replace(DOCUMENT, rules.styled("CAST(", t) + doc + rules.styled(" AS jsonb)", t))
            .replace(VALUE, value));
    int close = a[a.length - 1];
    tr.copied = lx.ends[close];
    return close;
  }

  /** Where a template takes the document itself. */
  private static final String DOCUMENT = "\u0002";

  /**
   * Whether a condition may start after token {@code p}: also IF's first argument, which the
   * translation writes as a CASE WHEN (the 1/0 form was an error there: "argument of CASE/WHEN must
   * be type boolean").
   */
  private boolean condition(int p) {
    if (p > 0 && lx.types[p] == SqlLexer.LPAREN && isWord(previousSignificant(p), "if")) {
      return true;
    }
    for (String w : new String[] {"where", "and", "or", "not", "having", "on", "when"}) {
      if (isWord(p, w)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a condition may end before token {@code p}: also the end of a select-list item ({@code
   * SELECT NOT JSON_CONTAINS(doc, '1') AS c, ... FROM}), where the integer form after {@code NOT}
   * was an error on PostgreSQL ("argument of NOT must be type boolean").
   */
  private boolean conditionEnd(int p) {
    if (p >= lx.count
        || lx.types[p] == SqlLexer.SEMICOLON
        || lx.types[p] == RPAREN
        || lx.types[p] == SqlLexer.COMMA
        || lx.types[p] == WORD && lx.keywords[p] == 0 && !operatorWord(p)
        || lx.types[p] == SqlLexer.QUOTED_IDENT) {
      return true;
    }
    for (String w :
        new String[] {
          "and", "or", "then", "order", "group", "limit", "having", "window", "for", "from", "as",
          "union", "into"
        }) {
      if (isWord(p, w)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the word at {@code p} is an operator that binds tighter than NOT (an alias is not). */
  private boolean operatorWord(int p) {
    for (String w :
        new String[] {
          "mod", "div", "xor", "regexp", "rlike", "like", "sounds", "is", "in", "between", "not",
          "collate"
        }) {
      if (isWord(p, w)) {
        return true;
      }
    }
    return false;
  }

  private static final String LENGTH =
      "CASE jsonb_typeof("
          + VALUE
          + ") WHEN 'array' THEN jsonb_array_length("
          + VALUE
          + ") WHEN 'object' THEN jsonb_array_length(jsonb_path_query_array("
          + VALUE
          + ", '$.*')) WHEN 'string' THEN 1 WHEN 'number' THEN 1 WHEN 'boolean' THEN 1"
          + " WHEN 'null' THEN 1 END";

  private static final String TYPE =
      "CASE jsonb_typeof("
          + VALUE
          + ") WHEN 'object' THEN 'OBJECT' WHEN 'array' THEN 'ARRAY' WHEN 'string' THEN 'STRING'"
          + " WHEN 'boolean' THEN 'BOOLEAN' WHEN 'null' THEN 'NULL' WHEN 'number' THEN CASE WHEN"
          + " CAST("
          + VALUE
          + " AS TEXT) ~ '[.]' THEN 'DOUBLE' ELSE 'INTEGER' END END";

  /** {@code (doc)} or {@code (doc, 'path')} at {@code open} with a simple path, else null. */
  private Call callWithOptionalPath(int open, int to) {
    int close = open < 0 ? -1 : rules.single(open, to);
    if (close >= 0) {
      return new Call(open + 1, close, List.of(), close);
    }
    return call(open, to);
  }

  /** The unquoted text of a JSON value: a string decoded, anything else its JSON text. */
  private static final String UNQUOTED =
      "COALESCE(" + VALUE + " #>> '{}', CAST(" + VALUE + " AS TEXT))";

  /**
   * The number MariaDB reads a JSON value as beside a number (measured): a number as it is, a
   * string by its leading number after spaces ({@code " 12.5e1x"} is 125; its JSON text, so an
   * escaped tab is no space) or 0 without one, {@code true} 1, {@code false}, a JSON null, an
   * object and an array 0; NULL for a missing path. A cast of any but a number's text would be
   * refused by PostgreSQL.
   */
  private static final String NUMBER_OF =
      "CASE jsonb_typeof("
          + VALUE
          + ") WHEN 'number' THEN CAST("
          + VALUE
          + " #>> '{}' AS NUMERIC) WHEN 'string' THEN CAST(COALESCE(substring("
          + VALUE
          + " #>> '{}' FROM '^ *([+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?)'), '0')"
          + " AS NUMERIC) WHEN 'boolean' THEN CASE WHEN CAST("
          + VALUE
          + " AS BOOLEAN) THEN 1 ELSE 0 END WHEN 'null' THEN 0 WHEN 'object' THEN 0"
          + " WHEN 'array' THEN 0 END";

  /** MariaDB's JSON_VALUE of a JSON value. */
  private static final String SCALAR =
      "CASE jsonb_typeof("
          + VALUE
          + ") WHEN 'string' THEN "
          + VALUE
          + " #>> '{}' WHEN 'number' THEN "
          + VALUE
          + " #>> '{}' WHEN 'boolean' THEN CASE WHEN CAST("
          + VALUE
          + " AS BOOLEAN) THEN '1' ELSE '0' END END";

  /**
   * One JSON string and nothing else but JSON's spaces around it, with only the escapes JSON has;
   * the escape of the character 0, which {@code jsonb} cannot hold, and a surrogate's escape that
   * is not a high one followed by a low one, which {@code jsonb} refuses (MariaDB answers such a
   * text as it is, measured), are left out, so such a text stays as it is.
   */
  private static final String JSON_STRING =
      "^[ \\t\\n\\r]*\"([^\"\\\\\\u0000-\\u001f]|\\\\[\"\\\\/bfnrt]"
          + "|\\\\u(?!0000)(?![dD][89a-fA-F])[0-9A-Fa-f]{4}"
          + "|\\\\u[dD][89abAB][0-9A-Fa-f]{2}\\\\u[dD][c-fC-F][0-9A-Fa-f]{2})*\"[ \\t\\n\\r]*$";

  /** JSON_UNQUOTE of any text (the value here is text, not jsonb). */
  private static final String TEXT_UNQUOTED =
      "CASE WHEN "
          + VALUE
          + " ~ '"
          + JSON_STRING
          + "' THEN CAST("
          + VALUE
          + " AS jsonb) #>> '{}' ELSE "
          + VALUE
          + " END";

  /**
   * A call's document (tokens {@code [from, end)}), its path steps (null for JSON_UNQUOTE's text,
   * whose value is the argument cast to text) and its closing parenthesis.
   */
  private record Call(int from, int end, List<Object> steps, int close) {}

  /** {@code (doc, 'path')} at {@code open} with a simple path, else null. */
  private Call call(int open, int to) {
    int[] a = open < 0 ? null : rules.arguments(open, to);
    if (a == null || a.length != 2) {
      return null;
    }
    int p = tr.nextSignificant(a[0] + 1);
    if (p >= a[1]
        || lx.types[p] != STRING
        || tr.nextSignificant(p + 1) != a[1]
        || (lx.flags[p] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) != 0) {
      return null;
    }
    String path = tr.decodeMysql(lx.starts[p] + 1, lx.ends[p] - 1, lx.sql.charAt(lx.starts[p]));
    List<Object> steps = steps(path);
    return steps == null ? null : new Call(open + 1, a[0], steps, a[1]);
  }

  /**
   * The steps of a simple path: a String per member, an Integer per array index; null for any other
   * path.
   */
  static List<Object> steps(String path) {
    if (path.isEmpty() || path.charAt(0) != '$') {
      return null;
    }
    List<Object> steps = new ArrayList<>();
    int i = 1;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.' && i + 1 < path.length() && path.charAt(i + 1) == '"') {
        int end = path.indexOf('"', i + 2);
        if (end < 0 || end == i + 2 || path.substring(i + 2, end).indexOf('\\') >= 0) {
          return null;
        }
        steps.add(path.substring(i + 2, end));
        i = end + 1;
      } else if (c == '.') {
        int end = i + 1;
        while (end < path.length() && isKeyChar(path.charAt(end))) {
          end++;
        }
        if (end == i + 1) {
          return null;
        }
        steps.add(path.substring(i + 1, end));
        i = end;
      } else if (c == '[') {
        int end = path.indexOf(']', i);
        String digits = end < 0 ? "" : path.substring(i + 1, end);
        // [01] reads as nothing on MariaDB, measured: only plain indexes.
        if (!digits.matches("0|[1-9][0-9]{0,8}")) {
          return null;
        }
        steps.add(Integer.valueOf(digits));
        i = end + 1;
      } else {
        return null;
      }
    }
    return steps;
  }

  private static boolean isKeyChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
  }

  /**
   * The value at the call's path, {@code CAST(doc AS jsonb) -> 'a' -> 2}, with {@code doc} as
   * {@link #VALUE}. {@code -> 0} would not do for {@code [0]}: MariaDB reads {@code [0]} of a value
   * that is not an array as the value itself ({@code JSON_EXTRACT('{"a": 1}', '$[0]')} is {@code
   * {"a": 1}}), as a lax SQL/JSON path does; an index past 0 of such a value is NULL on both.
   */
  private static String path(List<Object> steps) {
    StringBuilder v = new StringBuilder("CAST(" + VALUE + " AS jsonb)");
    for (Object step : steps) {
      if (step instanceof Integer && (Integer) step == 0) {
        v.insert(0, "jsonb_path_query_first(").append(", '$[0]')");
      } else if (step instanceof Integer) {
        v.append(" -> ").append(step);
      } else {
        v.append(" -> '").append(((String) step).replace("'", "''")).append('\'');
      }
    }
    // Parenthesised, as the templates apply operators of the same precedence as -> to it.
    return steps.isEmpty() ? v.toString() : "(" + v + ")";
  }

  /**
   * Appends {@code template} with its value, the call's; the value is written once and named in a
   * sub-select ({@code (SELECT ... FROM (SELECT v) AS cutover_json(v))}) when the template uses it
   * more than once and the document holds a parameter or a non-deterministic call, which may not be
   * repeated; in DDL or ON DUPLICATE KEY UPDATE, where no sub-select goes, such a call is left as
   * it is.
   */
  private int emit(int t, Call c, String template) {
    boolean repeated = template.indexOf(VALUE) != template.lastIndexOf(VALUE);
    boolean repeatable = true;
    for (int i = c.from; i < c.end; i++) {
      repeatable &=
          lx.types[i] != PARAM
              && !(lx.types[i] == WORD && Keywords.nonDeterministic(lx.keywords[i]));
    }
    boolean named = repeated && !repeatable;
    if (named && !rules.subQueryAllowed(t)) {
      return -1;
    }
    // The document is translated once, then placed where the value goes.
    int mark = tr.out.length();
    rules.argument(c.from, c.end);
    String doc = tr.out.substring(mark);
    tr.out.setLength(mark);
    String value =
        c.steps == null
            ? rules.styled("CAST(", t) + doc + rules.styled(" AS TEXT)", t)
            : rules.styled(path(c.steps), t).replace(VALUE, doc);
    String styled = rules.styled(template, t);
    if (named) {
      tr.emit(rules.styled("(SELECT ", t));
      tr.emit(styled.replace(VALUE, "cutover_json.v"));
      tr.emit(rules.styled(" FROM (SELECT ", t));
      tr.emit(value);
      tr.emit(rules.styled(") AS cutover_json(v))", t));
    } else {
      tr.emit(styled.replace(VALUE, value));
    }
    tr.copied = lx.ends[c.close];
    return c.close;
  }

  /**
   * 1 when the call is compared with a number literal, 0 when it is compared with anything else, 2
   * when with another JSON_EXTRACT, -1 when it is not compared (or is assigned: {@code SET col =
   * ...}, or in a list of several values).
   */
  private int numberOperand(int before, int after) {
    if (isComparison(after)) {
      int other = tr.nextSignificant(after + 1);
      if (isWord(other, "json_extract")) {
        // Measured: JSON_EXTRACT(doc, '$.t') = JSON_EXTRACT(doc, '$.t') is 0 on MariaDB.
        return 2;
      }
      return isNumber(other) ? 1 : 0;
    }
    int in = isWord(after, "not") ? tr.nextSignificant(after + 1) : after;
    if (isWord(in, "in")) {
      // MariaDB reads IN ('x') as = 'x', unquoted; a longer list compares the JSON text
      // (measured: '"red"' IN ('red', 'x') is 0, IN ('"red"', 'x') is 1).
      int open = tr.nextSignificant(in + 1);
      int[] list =
          open < lx.count && lx.types[open] == LPAREN ? rules.arguments(open, lx.count) : null;
      if (list == null || list.length != 1) {
        return -1;
      }
      int first = tr.nextSignificant(open + 1);
      int end = isSign(first) ? tr.nextSignificant(first + 1) : first;
      return isNumber(first) && tr.nextSignificant(end + 1) == list[0] ? 1 : 0;
    }
    if (isComparison(before) && !assignment(before)) {
      int other = previousSignificant(before);
      if (other >= 0 && lx.types[other] == RPAREN) {
        int depth = 0;
        int open = other;
        for (; open >= 0; open--) {
          depth += lx.types[open] == RPAREN ? 1 : lx.types[open] == LPAREN ? -1 : 0;
          if (depth == 0) {
            break;
          }
        }
        if (isWord(open - 1, "json_extract")) {
          return 2;
        }
      }
      return other >= 0 && lx.types[other] == NUMBER ? 1 : 0;
    }
    return -1;
  }

  /**
   * Whether the call at {@code t} (the tokens {@code before} and {@code after} it, past grouping
   * parentheses) is the whole value written into a column: assigned ({@code SET col = ...}, also in
   * ON DUPLICATE KEY UPDATE), an item of an INSERT's VALUES, or a select-list item of an INSERT's
   * top SELECT (not beside GROUP BY, ORDER BY, DISTINCT or a set operation, which would see jsonb
   * where they see text elsewhere).
   */
  boolean writtenWhole(int t, int before, int after) {
    boolean ends = after >= lx.count || lx.types[after] == SqlLexer.COMMA;
    if (isComparison(before) && assignment(before)) {
      return ends
          || lx.types[after] == SqlLexer.SEMICOLON
          || isWord(after, "where")
          || isWord(after, "order")
          || isWord(after, "limit")
          || isWord(after, "returning")
          // INSERT ... SET a = ... ON DUPLICATE KEY UPDATE
          || isWord(after, "on");
    }
    if (!isWord(tr.nextSignificant(0), "insert") && !isWord(tr.nextSignificant(0), "replace")) {
      return false;
    }
    if (before < 0 || lx.types[before] != LPAREN && lx.types[before] != SqlLexer.COMMA) {
      // A select list's first item, after SELECT.
      if (!isWord(before, "select") || !(ends || isWord(after, "from"))) {
        return false;
      }
      return topSelect(before + 1);
    }
    if (lx.types[after] != RPAREN && !ends && !isWord(after, "from")) {
      return false;
    }
    // Outside the grouping parentheses around the call, if any.
    int open = enclosing(before + 1);
    if (open < 0) {
      return lx.types[before] == SqlLexer.COMMA && topSelect(before + 1);
    }
    if (lx.types[after] != RPAREN && !ends) {
      return false;
    }
    int p = previousSignificant(open);
    while (p >= 0 && lx.types[p] == SqlLexer.COMMA) {
      int row = previousSignificant(p);
      if (row < 0 || lx.types[row] != RPAREN) {
        return false;
      }
      int o = enclosing(row);
      p = o < 0 ? -1 : previousSignificant(o);
    }
    return isWord(p, "values") || isWord(p, "value");
  }

  /** The parenthesis that holds token {@code t} ({@code t}'s own when it is one), or -1. */
  private int enclosing(int t) {
    int depth = 0;
    for (int i = t - 1; i >= 0; i--) {
      if (lx.types[i] == RPAREN) {
        depth++;
      } else if (lx.types[i] == LPAREN && depth-- == 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether the item at token {@code t}, outside any parenthesis, is in the select list of the
   * statement's one SELECT, which neither groups nor is DISTINCT nor a set operation's branch.
   */
  private boolean topSelect(int t) {
    if (enclosing(t) >= 0) {
      return false;
    }
    for (int i = 0; i < lx.count; i++) {
      if (lx.isWord(i, "group")
          || lx.isWord(i, "order")
          || lx.isWord(i, "distinct")
          || lx.isWord(i, "distinctrow")
          || lx.isWord(i, "union")
          || lx.isWord(i, "intersect")
          || lx.isWord(i, "except")) {
        return false;
      }
    }
    int depth = 0;
    for (int i = t - 1; i >= 0; i--) {
      if (lx.types[i] == RPAREN) {
        depth++;
      } else if (lx.types[i] == LPAREN) {
        depth--;
      } else if (depth == 0 && lx.types[i] == WORD) {
        if (lx.isWord(i, "select")) {
          return true;
        }
        for (String w :
            new String[] {
              "from", "where", "by", "having", "limit", "values", "value", "set", "on", "join",
              "using", "window", "for", "update"
            }) {
          if (lx.isWord(i, w)) {
            return false;
          }
        }
      }
    }
    return false;
  }

  /**
   * Whether the parenthesis at {@code open} groups an expression rather than opens a call's
   * arguments or a list: nothing, an operator, a parenthesis, a comma or a clause word before it.
   */
  private boolean grouping(int open) {
    int p = previousSignificant(open);
    if (p < 0 || lx.types[p] != WORD) {
      return true;
    }
    for (String w :
        new String[] {
          "where", "on", "having", "select", "when", "then", "else", "and", "or", "not", "xor"
        }) {
      if (lx.isWord(p, w)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a number literal starts at {@code t}, signed ({@code -1}, {@code +7}) or not. */
  private boolean isNumber(int t) {
    int n = isSign(t) ? tr.nextSignificant(t + 1) : t;
    return n >= 0 && n < lx.count && lx.types[n] == NUMBER;
  }

  private boolean isSign(int t) {
    return t >= 0
        && t < lx.count
        && lx.types[t] == OPERATOR
        && (lx.text(t).equals("-") || lx.text(t).equals("+"));
  }

  private boolean isComparison(int t) {
    if (t < 0 || t >= lx.count || lx.types[t] != OPERATOR) {
      return false;
    }
    switch (lx.text(t)) {
      case "=":
      case "<>":
      case "!=":
      case "<":
      case ">":
      case "<=":
      case ">=":
      case "<=>":
        return true;
      default:
        return false;
    }
  }

  /**
   * Whether the {@code =} at {@code op} assigns a column of a SET list ({@code UPDATE ... SET},
   * {@code INSERT ... SET}, {@code ON DUPLICATE KEY UPDATE}) rather than compares: the nearest
   * clause word before it, at its depth, is SET or UPDATE.
   */
  private boolean assignment(int op) {
    if (!lx.text(op).equals("=")) {
      return false;
    }
    int depth = 0;
    for (int i = op - 1; i >= 0; i--) {
      int type = lx.types[i];
      if (type == RPAREN) {
        depth++;
      } else if (type == LPAREN) {
        if (depth-- == 0) {
          return false;
        }
      } else if (depth == 0 && type == WORD) {
        if (lx.isWord(i, "set") || lx.isWord(i, "update")) {
          return true;
        }
        for (String w :
            new String[] {
              "where",
              "on",
              "having",
              "select",
              "when",
              "then",
              "else",
              "and",
              "or",
              "not",
              "xor",
              "case",
              "returning",
              "values",
              "by",
              "limit"
            }) {
          if (lx.isWord(i, w)) {
            return false;
          }
        }
      }
    }
    return false;
  }

  /** Whether the AND at {@code and} closes a BETWEEN at its depth. */
  private boolean afterBetween(int and) {
    int depth = 0;
    for (int i = and - 1; i >= 0; i--) {
      int type = lx.types[i];
      if (type == RPAREN) {
        depth++;
      } else if (type == LPAREN) {
        if (depth-- == 0) {
          return false;
        }
      } else if (depth == 0 && type == WORD) {
        if (lx.isWord(i, "between")) {
          return true;
        }
        if (lx.isWord(i, "and") || lx.isWord(i, "or") || lx.isWord(i, "where")) {
          return false;
        }
      }
    }
    return false;
  }

  private boolean isWord(int t, String word) {
    return t >= 0 && t < lx.count && lx.isWord(t, word);
  }

  private int previousSignificant(int t) {
    int p = t - 1;
    while (p >= 0 && tr.isComment(p)) {
      p--;
    }
    return p;
  }
}
