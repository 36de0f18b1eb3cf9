package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.COMMENT;
import static dev.cutover.driver.sql.SqlLexer.EXEC_COMMENT_CLOSE;
import static dev.cutover.driver.sql.SqlLexer.EXEC_COMMENT_OPEN;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.List;

/**
 * Token-level dialect translation for the portable subset of SQL, applied only to the text sent to
 * the secondary and never to the primary's.
 *
 * <p>Whatever is not rewritten is copied byte for byte, including whitespace, comments and every
 * {@code ?} marker in its original order, so parameter binding is unaffected. From MySQL to
 * PostgreSQL, {@link MysqlRules} also rewrites the functions and statements PostgreSQL lacks,
 * working on token ranges that go back through this class; a rewrite that would drop or reorder a
 * {@code ?} marker is refused as a whole (the statement goes out untranslated). MySQL's upserts
 * need the target table's keys and are rewritten afterwards by {@link UpsertTranslation}. Anything
 * else is left as it is: that side rejects it and the caller journals the failure.
 */
public final class SqlTranslator {
  /** Returned by the MySQL rewrite when it dropped the IGNORE of {@code INSERT IGNORE}. */
  private static final int IGNORE_DROPPED = -10;

  private static final String ON_CONFLICT_DO_NOTHING = " ON CONFLICT DO NOTHING";

  final SqlLexer lx;
  private final Dialect to;
  final StringBuilder out;
  private final MysqlRules mysql;

  private SqlTranslator(SqlLexer lx, Dialect to) {
    this.lx = lx;
    this.to = to;
    this.out = new StringBuilder(lx.sql.length() + 32);
    this.mysql = new MysqlRules(this);
  }

  /** Every token is translated, not only identifier quoting. */
  private boolean full;

  /** MySQL to PostgreSQL: the rewrite rules of {@link MysqlRules} apply. */
  private boolean rules;

  /** The end of the input text already copied to {@link #out}. */
  int copied;

  /** The first token of the current statement. */
  private int statementStart;

  /** The last thing appended is a line comment, which text appended next must not join. */
  private boolean openLineComment;

  /** The {@code ?} markers emitted so far, and the token of the last one. */
  private int parameters;

  private int lastParameter = -1;

  private boolean parametersOutOfOrder;

  /** The current statement was an INSERT IGNORE whose ON CONFLICT clause is still to be added. */
  private boolean ignoredInsert;

  /** Where ON CONFLICT goes when a RETURNING clause follows the values, else -1. */
  private int onConflictAt = -1;

  /** The output length after the last token that is not a comment. */
  private int lastSignificantEnd;

  /**
   * Per token, the earlier assignment's value that replaces a column reference of a later one
   * ({@link AssignmentOrder}); null when no reference is replaced.
   */
  private AssignmentOrder.Substitution[] substitutions;

  /**
   * Per token, MySQL's label for the select-list item it ends, added as an alias ({@link
   * SelectLabels}); null when no item of the current statement gets one.
   */
  private String[] labels;

  /** How deep {@link #copy} is nested: rules copy their arguments with it. */
  private int copyDepth;

  /**
   * {@code sql} rewritten from one dialect to another; never throws, returns the input if unsure.
   */
  public static String translate(String sql, Dialect from, Dialect to) {
    if (sql == null || from == null || to == null || from == to || sql.isEmpty()) {
      return sql;
    }
    try {
      return translateOrThrow(sql, from, to);
    } catch (RuntimeException e) {
      // An untranslatable statement goes out unchanged; the secondary's error is journaled.
      return sql;
    }
  }

  /**
   * The PostgreSQL type a value stored into a column takes (its type with its modifiers), for
   * {@link #translate(String, Dialect, Dialect, ColumnTypes)}; null when unknown.
   */
  @FunctionalInterface
  public interface ColumnTypes {
    String of(String table, String column);
  }

  /**
   * As {@link #translate(String, Dialect, Dialect)}, knowing the target's column types: a value
   * MySQL reads back from a column an earlier assignment of the same SET list set is cast to that
   * column's type, as storing it there rounded or cut it ({@code SET a = a / 3, b = a * 3} with
   * {@code a} a {@code DECIMAL(10,2)}: MySQL reads 3.33).
   */
  public static String translate(String sql, Dialect from, Dialect to, ColumnTypes types) {
    if (sql == null || from == null || to == null || from == to || sql.isEmpty()) {
      return sql;
    }
    try {
      SqlTranslator tr = new SqlTranslator(SqlLexer.lex(sql, from, true), to);
      tr.columnTypes = types;
      return tr.run();
    } catch (RuntimeException e) {
      return sql;
    }
  }

  /**
   * As {@link #translate(String, Dialect, Dialect, ColumnTypes)}, also knowing the application's
   * own (MySQL) column types ({@code decimal(12,2)}, {@code int(11)}), whose scales MySQL gives a
   * computed decimal of the select list ({@link DecimalScales}); without them the target's types
   * stand for them.
   */
  public static String translate(
      String sql, Dialect from, Dialect to, ColumnTypes types, ColumnTypes sourceTypes) {
    if (sql == null || from == null || to == null || from == to || sql.isEmpty()) {
      return sql;
    }
    try {
      SqlTranslator tr = new SqlTranslator(SqlLexer.lex(sql, from, true), to);
      tr.columnTypes = types;
      tr.sourceTypes = sourceTypes;
      return tr.run();
    } catch (RuntimeException e) {
      return sql;
    }
  }

  /** Column types for substituted values; null when the translation has no schema at hand. */
  private ColumnTypes columnTypes;

  /** The source's (MySQL's) column types, for {@link DecimalScales}; null when unknown. */
  private ColumnTypes sourceTypes;

  /** The statement's tables, read once when a rule asks whether one has a column. */
  private java.util.List<String> tables;

  /** The statement's tables, read once. */
  private java.util.List<String> statementTables() {
    if (tables == null) {
      tables = SqlAnalyzer.analyzeUncached(lx.sql, lx.dialect).tables();
    }
    return tables;
  }

  /**
   * Whether a table of the statement has a column {@code name} on the target, by its catalog; false
   * when the translation has none at hand.
   */
  boolean hasColumn(String name) {
    if (columnTypes == null) {
      return false;
    }
    if (tables == null) {
      tables = SqlAnalyzer.analyzeUncached(lx.sql, lx.dialect).tables();
    }
    for (String table : tables) {
      if (columnTypes.of(table, name) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * The PostgreSQL type of column {@code name} (in any case) in every table of the statement that
   * has one, when they agree ({@code integer}, {@code numeric(20,0)}); null when they do not, when
   * none has it, or when the translation has no catalog at hand.
   */
  String columnType(String name) {
    if (columnTypes == null) {
      return null;
    }
    if (tables == null) {
      tables = SqlAnalyzer.analyzeUncached(lx.sql, lx.dialect).tables();
    }
    String found = null;
    for (String table : tables) {
      String type = columnTypes.of(table, name);
      if (type == null) {
        continue;
      }
      if (found != null && !found.equals(type)) {
        return null;
      }
      found = type;
    }
    return found;
  }

  /**
   * Whether the rewrite of the call at tokens {@code [t, last]}, written from {@code mark} on,
   * moved its arguments into a sub-query of its own ({@code (SELECT ... FROM (SELECT x) AS
   * cutover_days(n))}, which evaluates them once) while they hold a window or an aggregate naming
   * no column ({@code COUNT(*)}): PostgreSQL would evaluate those in the sub-query's single row
   * ({@code FROM_DAYS(738000 + COUNT(*))} counting 1 on every row). Such a rewrite is undone and
   * the call left as it is, for PostgreSQL to refuse.
   */
  private boolean ownsRows(int t, int last, int mark) {
    String written = out.substring(mark).toLowerCase(java.util.Locale.ROOT);
    String source =
        lx.sql.substring(lx.starts[t], lx.ends[last]).toLowerCase(java.util.Locale.ROOT);
    if (count(written, "from (select ") <= count(source, "from (select ")) {
      return false;
    }
    int open = nextSignificant(t + 1);
    return open < last
        && lx.types[open] == LPAREN
        && SubQueryArguments.grouped(this, open + 1, last);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /** The translation without the safety net, so that tests see a bug instead of the input. */
  static String translateOrThrow(String sql, Dialect from, Dialect to) {
    return new SqlTranslator(SqlLexer.lex(sql, from, true), to).run();
  }

  /**
   * As {@link #translateOrThrow(String, Dialect, Dialect)} without MySQL's labels as aliases, for
   * the tests of the other rules, which check that the labels are all the difference.
   */
  static String translateWithoutLabelsOrThrow(String sql, Dialect from, Dialect to) {
    SqlTranslator tr = new SqlTranslator(SqlLexer.lex(sql, from, true), to);
    tr.labelItems = false;
    return tr.run();
  }

  /** Whether select-list items get MySQL's labels as aliases. */
  private boolean labelItems = true;

  /** As above, with column types. */
  static String translateOrThrow(String sql, Dialect from, Dialect to, ColumnTypes types) {
    return translateOrThrow(sql, from, to, types, null);
  }

  /** As above, with the source's column types too. */
  static String translateOrThrow(
      String sql, Dialect from, Dialect to, ColumnTypes types, ColumnTypes sourceTypes) {
    SqlTranslator tr = new SqlTranslator(SqlLexer.lex(sql, from, true), to);
    tr.columnTypes = types;
    tr.sourceTypes = sourceTypes;
    return tr.run();
  }

  private String run() {
    Dialect from = lx.dialect;
    full =
        (from == Dialect.MYSQL && to == Dialect.POSTGRES)
            || (from == Dialect.POSTGRES && to == Dialect.MYSQL);
    rules = from == Dialect.MYSQL && to == Dialect.POSTGRES;
    int statement = 0;
    for (int t = 0; t <= lx.count; t++) {
      if (t == lx.count || lx.types[t] == SEMICOLON) {
        statementStart = statement;
        if (rules) {
          substitute(AssignmentOrder.of(lx, statement, t).substitutions());
          for (int[] q : AssignmentOrder.targetQualifiers(lx, statement, t)) {
            if (droppedUpTo == null) {
              droppedUpTo = new int[lx.count];
            }
            droppedUpTo[q[0]] = q[1];
          }
          substitute(HavingAliases.of(lx, statement, t));
          labels = labelItems ? SelectLabels.of(this, statement, t) : null;
        }
        if (!rules || !mysql.statement(statement, t)) {
          copy(statement, t);
        }
        if (t < lx.count) {
          // The semicolon itself is copied with the gap before the next token.
          finishStatement();
        }
        statement = t + 1;
      }
    }
    out.append(lx.sql, copied, lx.sql.length());
    finishStatement();
    if (rules && (parameters != parameterCount() || parametersOutOfOrder)) {
      throw new IllegalStateException("the rewrite would move or drop a parameter marker");
    }
    if (!rules) {
      return out.toString();
    }
    // MySQL's XOR, ! and bit operators, with its precedence: rewritten on the translated text.
    String logical = LogicalOperators.rewrite(out.toString(), this::columnType);
    String bits = BitOperators.rewrite(logical, this::columnType);
    // Computed decimals of the select list with MySQL's scale, before the conditions below are
    // cast (an item holding one is not a decimal).
    String scaled =
        DecimalScales.rewrite(
            bits,
            this::statementTables,
            columnTypes == null ? null : columnTypes::of,
            sourceTypes == null ? null : sourceTypes::of);
    // Then MySQL's conditions used as numbers, which are booleans in PostgreSQL.
    return ConditionValues.rewrite(scaled, this::columnType, columnTypes);
  }

  /**
   * Notes the column references of a statement's SET list that MySQL reads after an earlier
   * assignment set them, and the select-list aliases its HAVING clauses name, to be replaced by
   * that assignment's value or that item's expression as they are copied.
   */
  private void substitute(List<AssignmentOrder.Substitution> found) {
    for (AssignmentOrder.Substitution s : found) {
      if (substitutions == null) {
        substitutions = new AssignmentOrder.Substitution[lx.count];
      }
      substitutions[s.start()] = s;
    }
  }

  /**
   * Appends tokens {@code [from, to)} in the target dialect, each preceded by the text between it
   * and what was copied before it ({@link #copied}); rules may consume several tokens at once.
   */
  void copy(int from, int to) {
    copyDepth++;
    try {
      copyTokens(from, to);
    } finally {
      copyDepth--;
    }
  }

  /**
   * After the token (or the tokens a rule consumed as one) ending at {@code last} was appended: the
   * alias of the select-list item it ends. Only the statement's own copy adds it, not a rule
   * copying its arguments (the item's last token may end a divisor the rule goes on wrapping); an
   * item end a rule consumed past (none does: an item ends before a comma or a clause) gets none.
   */
  private void labelled(int last) {
    if (labels == null || copyDepth != 1 || labels[last] == null) {
      return;
    }
    String label = labels[last];
    StringBuilder alias = new StringBuilder(label.length() + 8).append(" AS \"");
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (c == '"') {
        alias.append('"');
      }
      alias.append(c);
    }
    emit(alias.append('"').toString());
  }

  /**
   * Per token, where a qualifier of a SET target that starts there ends ({@code orders.} of {@code
   * SET orders.total = 1}): the tokens up to it are dropped; see {@link
   * AssignmentOrder#targetQualifiers}.
   */
  private int[] droppedUpTo;

  private void copyTokens(int from, int to) {
    String sql = lx.sql;
    for (int t = from; t < to; t++) {
      int type = lx.types[t];
      int start = lx.starts[t];
      int end = lx.ends[t];
      if (droppedUpTo != null && droppedUpTo[t] > t && droppedUpTo[t] < to) {
        out.append(sql, copied, start);
        openLineComment = false;
        copied = lx.starts[droppedUpTo[t]];
        t = droppedUpTo[t] - 1;
        continue;
      }
      if (substitutions != null && substitutions[t] != null) {
        // MySQL reads the value the earlier assignment gave the column: that value, translated.
        AssignmentOrder.Substitution s = substitutions[t];
        out.append(sql, copied, start);
        openLineComment = false;
        String stored =
            columnTypes == null || s.table() == null ? null : columnTypes.of(s.table(), s.column());
        emit(stored != null ? "CAST((" : "(");
        copied = lx.starts[s.valueStart()];
        copy(s.valueStart(), s.valueEnd());
        emit(stored != null ? ") AS " + stored + ")" : ")");
        copied = lx.ends[s.end()];
        t = s.end();
        continue;
      }
      if (type == QUOTED_IDENT) {
        out.append(sql, copied, start);
        copied = end;
        quoteIdentifier(start, end);
        lastSignificantEnd = out.length();
        openLineComment = false;
        labelled(t);
        continue;
      }
      if (!full) {
        continue;
      }
      if (lx.dialect == Dialect.POSTGRES) {
        out.append(sql, copied, start);
        copied = end;
        postgresToMysql(t);
        continue;
      }
      if (ignoredInsert && type == WORD && !isComment(t)) {
        if (lx.keywords[t] == Keywords.RETURNING && onConflictAt < 0) {
          onConflictAt = lastSignificantEnd;
        } else if (lx.keywords[t] == Keywords.DUPLICATE) {
          // INSERT IGNORE ... ON DUPLICATE KEY UPDATE: left to fail on the secondary and be
          // journaled.
          ignoredInsert = false;
        }
      }
      out.append(sql, copied, start);
      copied = end;
      openLineComment = false;
      int last = mysqlToPostgres(t, to);
      if (last == IGNORE_DROPPED) {
        ignoredInsert = true;
        onConflictAt = -1;
        copied = skipWhitespace(end);
        continue;
      }
      if (last > t) {
        copied = lx.ends[last];
        t = last;
      }
      labelled(t);
      if (!isComment(t)) {
        lastSignificantEnd = out.length();
      }
      openLineComment = lx.types[t] == COMMENT && (lx.flags[t] & SqlLexer.BLOCK) == 0;
    }
  }

  /**
   * Appends text a rule adds; after a line comment it starts a new line, so the text is not
   * commented out.
   */
  void emit(String text) {
    if (openLineComment) {
      out.append('\n');
      openLineComment = false;
    }
    out.append(text);
    lastSignificantEnd = out.length();
  }

  /** Notes that the {@code ?} at token {@code t} was emitted, checking that markers keep order. */
  void parameterEmitted(int t) {
    if (lx.sql.charAt(lx.starts[t]) != '?') {
      return;
    }
    parametersOutOfOrder |= t <= lastParameter;
    lastParameter = t;
    parameters++;
  }

  private int parameterCount() {
    int n = 0;
    for (int t = 0; t < lx.count; t++) {
      if (lx.types[t] == PARAM && lx.sql.charAt(lx.starts[t]) == '?') {
        n++;
      }
    }
    return n;
  }

  /** Completes an {@code INSERT IGNORE} rewrite at the end of its statement. */
  private void finishStatement() {
    if (ignoredInsert) {
      int at = onConflictAt >= 0 ? onConflictAt : lastSignificantEnd;
      out.insert(Math.min(at, out.length()), ON_CONFLICT_DO_NOTHING);
      lastSignificantEnd = out.length();
    }
    ignoredInsert = false;
    onConflictAt = -1;
  }

  private int skipWhitespace(int i) {
    String sql = lx.sql;
    while (i < sql.length() && sql.charAt(i) <= ' ') {
      i++;
    }
    return i;
  }

  void quoteIdentifier(int start, int end) {
    String sql = lx.sql;
    boolean backtick = sql.charAt(start) == '`';
    boolean wantBacktick = to == Dialect.MYSQL;
    if (backtick == wantBacktick) {
      out.append(sql, start, end);
      return;
    }
    char from = sql.charAt(start);
    char quote = wantBacktick ? '`' : '"';
    int last = end - 1;
    if (last <= start || sql.charAt(last) != from) {
      out.append(sql, start, end);
      return;
    }
    out.append(quote);
    for (int i = start + 1; i < last; i++) {
      char c = sql.charAt(i);
      if (c == from && i + 1 < last && sql.charAt(i + 1) == from) {
        i++;
      }
      if (c == quote) {
        out.append(quote);
      }
      out.append(c);
    }
    out.append(quote);
  }

  /**
   * Appends token {@code t} in PostgreSQL form, looking no further than token {@code to}; returns
   * the last token consumed.
   */
  private static boolean isHex(String s, int from, int to) {
    if ((to - from) % 2 != 0) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private int mysqlToPostgres(int t, int to) {
    String sql = lx.sql;
    int type = lx.types[t];
    int start = lx.starts[t];
    int end = lx.ends[t];
    switch (type) {
      case STRING:
        if ((lx.flags[t] & SqlLexer.PREFIXED) != 0
            && (lx.flags[t] & SqlLexer.UNTERMINATED) == 0
            && (sql.charAt(start) == 'x' || sql.charAt(start) == 'X')
            && sql.charAt(start + 1) == '\''
            && isHex(sql, start + 2, end - 1)) {
          // MySQL's X'616263' is the bytes (the string 'abc'); to PostgreSQL it is a bit string,
          // which a varchar took as '011000010110...'. As bytes: into bytea they land, into text
          // PostgreSQL refuses them (journaled) rather than store the bits.
          out.append("decode('").append(sql, start + 2, end - 1).append("', 'hex')");
        } else if ((lx.flags[t] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) != 0) {
          out.append(sql, start, end);
        } else {
          return adjacentStrings(t, to);
        }
        return t;
      case COMMENT:
        if ((lx.flags[t] & SqlLexer.HASH) != 0) {
          out.append("--");
          String rest = sql.substring(start + 1, end);
          if (!rest.isEmpty() && rest.charAt(0) > ' ') {
            out.append(' ');
          }
          out.append(rest);
        } else if ((lx.flags[t] & SqlLexer.BLOCK) != 0 && end - start > 4) {
          // PostgreSQL nests block comments, so an inner "/*" would swallow the rest.
          out.append("/*")
              .append(sql.substring(start + 2, end - 2).replace("/*", "/ *"))
              .append("*/");
        } else {
          out.append(sql, start, end);
        }
        return t;
      case EXEC_COMMENT_OPEN:
        if (end < sql.length()
            && sql.charAt(end) > ' '
            && out.length() > 0
            && out.charAt(out.length() - 1) > ' ') {
          out.append(' ');
        }
        return t;
      case EXEC_COMMENT_CLOSE:
        if (out.length() > 0
            && out.charAt(out.length() - 1) > ' '
            && end < sql.length()
            && sql.charAt(end) > ' ') {
          out.append(' ');
        }
        return t;
      case WORD:
        int k = lx.keywords[t];
        int previous = previousSignificant(t);
        if (k == Keywords.IGNORE
            && previous >= statementStart
            && lx.types[previous] == WORD
            && lx.keywords[previous] == Keywords.INSERT
            && previous == firstSignificant(statementStart)) {
          return IGNORE_DROPPED;
        }
        if (k == Keywords.LIMIT) {
          int a = nextSignificant(t + 1);
          int comma = nextSignificant(a + 1);
          int b = nextSignificant(comma + 1);
          if (b < to && isValue(a) && lx.types[comma] == COMMA && isValue(b)) {
            parameterEmitted(a);
            parameterEmitted(b);
            boolean upper = Character.isUpperCase(sql.charAt(start));
            String offset = upper ? "OFFSET" : "offset";
            if (lx.types[a] == NUMBER && lx.types[b] == NUMBER) {
              out.append(sql, start, end).append(' ').append(lx.text(b));
              out.append(' ').append(offset).append(' ').append(lx.text(a));
            } else {
              // Parameters must keep their order, and PostgreSQL accepts OFFSET before LIMIT.
              out.append(offset).append(' ').append(lx.text(a)).append(' ');
              out.append(sql, start, end).append(' ').append(lx.text(b));
            }
            return b;
          }
        }
        int mark = out.length();
        int copiedBefore = copied;
        int parametersBefore = parameters;
        int lastParameterBefore = lastParameter;
        boolean outOfOrderBefore = parametersOutOfOrder;
        int significantBefore = lastSignificantEnd;
        int last = mysql.function(t, to);
        if (last >= t && !ownsRows(t, last, mark)) {
          return last;
        }
        if (last >= t) {
          // Undone: the call is copied as it is, its arguments translated one by one.
          out.setLength(mark);
          copied = copiedBefore;
          parameters = parametersBefore;
          lastParameter = lastParameterBefore;
          parametersOutOfOrder = outOfOrderBefore;
          lastSignificantEnd = significantBefore;
        }
        out.append(sql, start, end);
        return t;
      case PARAM:
        parameterEmitted(t);
        out.append(sql, start, end);
        return t;
      case OPERATOR:
        if (end - start == 1 && (sql.charAt(start) == '/' || sql.charAt(start) == '%')) {
          int divided = sql.charAt(start) == '/' ? mysql.division(t, to) : mysql.modulo(t, to);
          if (divided > t) {
            return divided;
          }
        }
        if (end - start == 3 && sql.startsWith("<=>", start)) {
          // MySQL's NULL-safe equality.
          spaced("IS NOT DISTINCT FROM", end);
          return t;
        }
        if (end - start == 2 && sql.startsWith("&&", start)) {
          // MySQL's AND (PostgreSQL's && is an array overlap).
          spaced("AND", end);
          return t;
        }
        if (end - start == 2 && sql.startsWith("||", start)) {
          // MySQL's OR in its default sql_mode (without PIPES_AS_CONCAT, which the driver cannot
          // see): to PostgreSQL a concatenation, 'a' || 'b' was 'ab' where MariaDB answers 0.
          // Meant as a concatenation, OR of text or numbers is refused by PostgreSQL.
          spaced("OR", end);
          return t;
        }
        if (end - start > 1 && gluedOperators(start, end)) {
          return t;
        }
        out.append(sql, start, end);
        if (end - start == 1
            && sql.charAt(start) == '-'
            && t + 1 < lx.count
            && lx.starts[t + 1] == end
            && sql.charAt(end) == '-') {
          // MySQL reads 10--1 as ten minus minus one; to PostgreSQL '--' starts a comment.
          out.append(' ');
        }
        return t;
      default:
        out.append(sql, start, end);
        return t;
    }
  }

  /** MySQL's operators that are more than one character. */
  private static final String[] MYSQL_OPERATORS = {
    "<=>", "->>", "->", "<<", ">>", "<=", ">=", "<>", "!=", "&&", "||", ":="
  };

  /**
   * An operator token of MySQL's bit and logic characters that MySQL reads as several ({@code
   * a&~b}, {@code a|~b}, {@code a=~b}, {@code a&&!b}): appended as those operators with spaces
   * between, {@code &&} and {@code ||} as AND and OR, so that PostgreSQL does not read one unknown
   * operator; false when the token is one operator or holds other characters.
   */
  private boolean gluedOperators(int start, int end) {
    String sql = lx.sql;
    for (int i = start; i < end; i++) {
      if ("&|^~!<>=".indexOf(sql.charAt(i)) < 0) {
        return false;
      }
    }
    List<String> parts = new java.util.ArrayList<>();
    int i = start;
    while (i < end) {
      String part = null;
      for (String op : MYSQL_OPERATORS) {
        if (i + op.length() <= end && sql.startsWith(op, i)) {
          part = op;
          break;
        }
      }
      if (part == null) {
        part = sql.substring(i, i + 1);
      }
      parts.add(part);
      i += part.length();
    }
    if (parts.size() == 1) {
      return false;
    }
    for (int p = 0; p < parts.size(); p++) {
      String part = parts.get(p);
      if (part.equals("&&") || part.equals("||")) {
        spaced(part.equals("&&") ? "AND" : "OR", p + 1 < parts.size() ? start : end);
      } else {
        out.append(part);
        if (p + 1 < parts.size()) {
          out.append(' ');
        }
      }
    }
    return true;
  }

  /**
   * The MySQL string at {@code t} as a PostgreSQL literal, with the strings that follow it
   * separated by whitespace alone ({@code 'a' "b" 'c'}), which MySQL reads as one string: their
   * values, each unescaped as its own quote and backslashes say, joined in one literal (PostgreSQL
   * joins adjacent literals only across a newline). A prefixed one ({@code N'b'}, {@code X'41'}),
   * or a comment between, ends the run. Returns the last string consumed.
   */
  private int adjacentStrings(int t, int to) {
    String sql = lx.sql;
    String value = decodeMysql(lx.starts[t] + 1, lx.ends[t] - 1, sql.charAt(lx.starts[t]));
    int last = t;
    while (last + 1 < to
        && lx.types[last + 1] == STRING
        && (lx.flags[last + 1] & (SqlLexer.PREFIXED | SqlLexer.UNTERMINATED)) == 0) {
      last++;
      value += decodeMysql(lx.starts[last] + 1, lx.ends[last] - 1, sql.charAt(lx.starts[last]));
    }
    appendPostgresString(value);
    return last;
  }

  /** Appends {@code words} for an operator ending at {@code end}, with spaces where none are. */
  private void spaced(String words, int end) {
    if (out.length() > 0 && out.charAt(out.length() - 1) > ' ') {
      out.append(' ');
    }
    out.append(words);
    if (end >= lx.sql.length() || lx.sql.charAt(end) > ' ') {
      out.append(' ');
    }
  }

  private boolean isValue(int t) {
    return t < lx.count && (lx.types[t] == NUMBER || lx.types[t] == PARAM);
  }

  int nextSignificant(int t) {
    while (t < lx.count && isComment(t)) {
      t++;
    }
    return t;
  }

  int previousSignificant(int t) {
    t--;
    while (t >= 0 && isComment(t)) {
      t--;
    }
    return t;
  }

  private int firstSignificant(int t) {
    while (t < lx.count && (isComment(t) || lx.types[t] == LPAREN)) {
      t++;
    }
    return t;
  }

  boolean isComment(int t) {
    int type = lx.types[t];
    return type == COMMENT || type == EXEC_COMMENT_OPEN || type == EXEC_COMMENT_CLOSE;
  }

  private void postgresToMysql(int t) {
    String sql = lx.sql;
    int type = lx.types[t];
    int start = lx.starts[t];
    int end = lx.ends[t];
    int flags = lx.flags[t];
    if (type == STRING && (flags & SqlLexer.UNTERMINATED) == 0) {
      if ((flags & SqlLexer.DOLLAR) != 0) {
        int tag = sql.indexOf('$', start + 1) + 1;
        appendMysqlString(sql.substring(tag, end - (tag - start)));
        return;
      }
      if ((flags & SqlLexer.BACKSLASHES) != 0) {
        appendMysqlString(decodePostgresEscapes(start + 2, end - 1));
        return;
      }
      if ((flags & SqlLexer.PREFIXED) == 0) {
        appendMysqlString(sql.substring(start + 1, end - 1).replace("''", "'"));
        return;
      }
    }
    if (type == COMMENT
        && (flags & SqlLexer.BLOCK) == 0
        && end - start > 2
        && sql.charAt(start + 2) > ' ') {
      // MySQL needs whitespace after "--" to see a comment.
      out.append("-- ").append(sql, start + 2, end);
      return;
    }
    out.append(sql, start, end);
  }

  String decodeMysql(int from, int to, char quote) {
    String sql = lx.sql;
    StringBuilder value = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = sql.charAt(i);
      if (c == quote && i + 1 < to && sql.charAt(i + 1) == quote) {
        value.append(c);
        i++;
      } else if (c == '\\' && i + 1 < to) {
        char e = sql.charAt(++i);
        switch (e) {
          case '0':
            value.append('\0');
            break;
          case 'b':
            value.append('\b');
            break;
          case 'n':
            value.append('\n');
            break;
          case 'r':
            value.append('\r');
            break;
          case 't':
            value.append('\t');
            break;
          case 'Z':
            value.append('\u001a');
            break;
          case '%':
          case '_':
            // MySQL keeps the backslash so that LIKE patterns still see an escaped wildcard.
            value.append('\\').append(e);
            break;
          default:
            value.append(e);
        }
      } else {
        value.append(c);
      }
    }
    return value.toString();
  }

  private String decodePostgresEscapes(int from, int to) {
    String sql = lx.sql;
    StringBuilder value = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = sql.charAt(i);
      if (c == '\'' && i + 1 < to && sql.charAt(i + 1) == '\'') {
        value.append(c);
        i++;
      } else if (c == '\\' && i + 1 < to) {
        char e = sql.charAt(++i);
        switch (e) {
          case 'b':
            value.append('\b');
            break;
          case 'f':
            value.append('\f');
            break;
          case 'n':
            value.append('\n');
            break;
          case 'r':
            value.append('\r');
            break;
          case 't':
            value.append('\t');
            break;
          case 'x':
            int hexEnd = i + 1;
            while (hexEnd < to && hexEnd < i + 3 && Character.digit(sql.charAt(hexEnd), 16) >= 0) {
              hexEnd++;
            }
            if (hexEnd == i + 1) {
              value.append('x');
            } else {
              value.append((char) Integer.parseInt(sql.substring(i + 1, hexEnd), 16));
              i = hexEnd - 1;
            }
            break;
          default:
            if (e >= '0' && e <= '7') {
              int octalEnd = i;
              while (octalEnd < to
                  && octalEnd < i + 3
                  && sql.charAt(octalEnd) >= '0'
                  && sql.charAt(octalEnd) <= '7') {
                octalEnd++;
              }
              value.append((char) (Integer.parseInt(sql.substring(i, octalEnd), 8) & 0xff));
              i = octalEnd - 1;
            } else {
              value.append(e);
            }
        }
      } else {
        value.append(c);
      }
    }
    return value.toString();
  }

  void appendPostgresString(String value) {
    boolean needsEscapes = false;
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < ' ') {
        needsEscapes = true;
        break;
      }
    }
    if (!needsEscapes) {
      out.append('\'');
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        out.append(c);
        if (c == '\'') {
          out.append('\'');
        }
      }
      out.append('\'');
      return;
    }
    out.append("E'");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\':
          out.append("\\\\");
          break;
        case '\'':
          out.append("''");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < ' ') {
            out.append("\\x")
                .append(Character.forDigit(c >> 4, 16))
                .append(Character.forDigit(c & 15, 16));
          } else {
            out.append(c);
          }
      }
    }
    out.append('\'');
  }

  private void appendMysqlString(String value) {
    out.append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\':
          out.append("\\\\");
          break;
        case '\'':
          out.append("''");
          break;
        case '\0':
          out.append("\\0");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        default:
          out.append(c);
      }
    }
    out.append('\'');
  }
}
