package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Classifies the statements of a lexed string and collects their tables from keywords alone.
 *
 * <p>Tables are found by a small state machine per parenthesis depth: after FROM, JOIN, INTO,
 * UPDATE, USING or TABLE it expects a table reference, then an optional alias, then (in lists) a
 * comma and another reference. A name followed by {@code (} there is a function, not a table.
 */
final class StatementScanner {
  private static final int NONE = 0;
  private static final int EXPECT_TABLE = 1;
  private static final int AFTER_TABLE = 2;

  private final SqlLexer lx;
  private final List<String> tables = new ArrayList<>(4);
  private final List<String> written = new ArrayList<>(2);
  private List<String> cteNames;
  private int[] mode = new int[8];
  private boolean[] list = new boolean[8];
  private boolean[] target = new boolean[8];
  private boolean[] into = new boolean[8];
  private boolean[] query = new boolean[8];
  private boolean[] deleteFrom = new boolean[8];

  private StatementKind kind;
  private int statements;

  /** The table named last, which an alias that follows stands for. */
  private String lastAdded;

  /** Alias, table, alias, table, ... of the current statement; null while it has none. */
  private List<String> aliases;

  private boolean nonDeterministic;

  /**
   * Whether the current statement is a query made a write by the sequences it advances ({@code
   * SELECT nextval('s')}): replaying it moves the other database's sequence the same way, and the
   * values it draws are not written anywhere, so they do not make it non-deterministic.
   */
  private boolean sequenceQuery;

  /** Built-in functions common in queries, left out of {@link #calls}: no lookup for them. */
  private static final java.util.Set<String> BUILT_IN =
      java.util.Set.of(
          "count",
          "sum",
          "avg",
          "min",
          "max",
          "coalesce",
          "nullif",
          "lower",
          "upper",
          "length",
          "substring",
          "substr",
          "trim",
          "concat",
          "round",
          "abs",
          "greatest",
          "least",
          "to_char",
          "date_trunc",
          "extract",
          "array_agg",
          "string_agg",
          "json_agg",
          "jsonb_agg",
          "json_build_object",
          "jsonb_build_object",
          "row_number",
          "rank",
          "dense_rank",
          "lag",
          "lead",
          "floor",
          "ceil",
          "date_format",
          "ifnull",
          "if",
          "replace",
          "position",
          "any",
          "exists",
          "cast",
          "date",
          "to_date",
          "to_timestamp",
          "age",
          "format",
          "left",
          "right");

  /** Functions the queries call that the analyzer does not know; null while none. */
  private List<String> calls;

  /**
   * The tables INSERTs write in a statement with a data-modifying CTE ({@code WITH n AS (INSERT ...
   * RETURNING id) ...}, {@code WITH d AS (DELETE ...) INSERT INTO t ...}); null while none.
   */
  private List<String> withInserts;

  private String assignmentOrderRisk;
  private boolean orderedLimit;
  private boolean orderBy;
  private boolean returning;
  private boolean insert;
  private List<Analysis.TransactionText> transactionText;

  private StatementScanner(SqlLexer lx) {
    this.lx = lx;
  }

  /** Analyzes every statement of the lexed string. */
  static Analysis analyze(SqlLexer lx) {
    StatementScanner scanner = new StatementScanner(lx);
    int from = 0;
    for (int t = 0; t <= lx.count; t++) {
      if (t == lx.count || lx.types[t] == SEMICOLON) {
        if (t > from) {
          scanner.statement(from, t);
        }
        from = t + 1;
      }
    }
    String fingerprint = Fingerprint.of(lx);
    if (scanner.kind == null) {
      return Analysis.unknown(fingerprint);
    }
    if (scanner.cteNames != null) {
      scanner.tables.removeAll(scanner.cteNames);
      scanner.written.removeAll(scanner.cteNames);
    }
    return new Analysis(
        scanner.kind,
        scanner.tables,
        scanner.written,
        fingerprint,
        scanner.nonDeterministic,
        scanner.assignmentOrderRisk,
        scanner.orderedLimit,
        scanner.orderBy,
        scanner.returning,
        scanner.insert && scanner.statements == 1,
        scanner.withInserts == null ? List.of() : scanner.withInserts,
        scanner.calls == null ? List.of() : scanner.calls,
        scanner.statements,
        scanner.transactionText == null ? List.of() : scanner.transactionText);
  }

  private int kw(int t) {
    return lx.types[t] == WORD ? lx.keywords[t] : Keywords.NONE;
  }

  private int kwAt(int t, int to) {
    return t >= 0 && t < to ? kw(t) : -1;
  }

  private boolean isName(int t, int to) {
    if (t < 0 || t >= to) {
      return false;
    }
    int type = lx.types[t];
    return type == QUOTED_IDENT || (type == WORD && !Keywords.reserved(lx.keywords[t]));
  }

  private void statement(int from, int to) {
    statements++;
    int head = from;
    while (head < to && lx.types[head] == LPAREN) {
      head++;
    }
    sequenceQuery = false;
    StatementKind found = classify(head, to);
    if (found == StatementKind.TRANSACTION || found == StatementKind.SESSION) {
      Analysis.TransactionText effect = transactionText(head, to);
      if (effect != null) {
        if (transactionText == null) {
          transactionText = new ArrayList<>(1);
        }
        transactionText.add(effect);
      }
    }
    if (kind == null || found.strength() > kind.strength()) {
      kind = found;
    }
    int writtenBefore = written.size();
    scan(from, to, head, found);
    if (found == StatementKind.WRITE) {
      limits(head, to);
      if (assignmentOrderRisk == null) {
        assignmentOrderRisk = AssignmentOrder.of(lx, head, to).risk();
      }
    }
    if (found == StatementKind.READ || found == StatementKind.LOCKING_READ) {
      written.subList(writtenBefore, written.size()).clear();
      calls(head, to);
    }
  }

  /**
   * Flags an UPDATE, DELETE or INSERT ... SELECT with a top-level LIMIT: without ORDER BY which
   * rows it takes is up to each database, so the two may write different rows (non-deterministic);
   * with one, they take the same rows only if it orders them uniquely ({@link #orderedLimit}).
   */
  private void limits(int head, int to) {
    int k = kwAt(head, to);
    if (k != Keywords.UPDATE
        && k != Keywords.DELETE
        && k != Keywords.INSERT
        && k != Keywords.REPLACE) {
      return;
    }
    boolean limit = false;
    boolean ordered = false;
    int depth = 0;
    for (int t = head; t < to; t++) {
      int type = lx.types[t];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (depth == 0 && type == WORD) {
        ordered |= lx.keywords[t] == Keywords.ORDER && kwAt(t + 1, to) == Keywords.BY;
        limit |= lx.keywords[t] == Keywords.LIMIT;
      }
    }
    nonDeterministic |= limit && !ordered;
    orderedLimit |= limit && ordered;
  }

  /**
   * What a transaction-control or session statement does to the session's transaction, or null.
   * {@code COMMIT AND CHAIN} and {@code ROLLBACK TO SAVEPOINT} leave it open.
   */
  private Analysis.TransactionText transactionText(int head, int to) {
    switch (kwAt(head, to)) {
      case Keywords.BEGIN:
        return Analysis.TransactionText.BEGINS;
      case Keywords.START:
        return kwAt(head + 1, to) == Keywords.TRANSACTION ? Analysis.TransactionText.BEGINS : null;
      case Keywords.COMMIT:
      case Keywords.ROLLBACK:
      case Keywords.END:
      case Keywords.ABORT:
        for (int t = head + 1; t < to; t++) {
          if (kw(t) == Keywords.TO) {
            return null;
          }
          if (lx.isWord(t, "chain") && !(t >= 1 && lx.isWord(t - 1, "no"))) {
            return null;
          }
        }
        return Analysis.TransactionText.ENDS;
      case Keywords.XA:
        if (head + 1 < to && (lx.isWord(head + 1, "start") || kw(head + 1) == Keywords.BEGIN)) {
          return Analysis.TransactionText.BEGINS;
        }
        return kwAt(head + 1, to) == Keywords.COMMIT || kwAt(head + 1, to) == Keywords.ROLLBACK
            ? Analysis.TransactionText.ENDS
            : null;
      case Keywords.SET:
        return autocommit(head + 1, to);
      default:
        return null;
    }
  }

  /** {@code [SESSION|LOCAL] autocommit = value} or {@code @@[session.]autocommit = value}. */
  private Analysis.TransactionText autocommit(int t, int to) {
    int k = kwAt(t, to);
    if (k == Keywords.SESSION || k == Keywords.LOCAL) {
      t++;
    }
    if (t >= to) {
      return null;
    }
    String name = lx.sql.substring(lx.starts[t], lx.ends[t]).toLowerCase(java.util.Locale.ROOT);
    if (!name.equals("autocommit")
        && !name.equals("@@autocommit")
        && !name.equals("@@session.autocommit")
        && !name.equals("@@local.autocommit")) {
      return null;
    }
    t++;
    if (t < to && !(lx.types[t] == WORD)) {
      t++; // '=' or ':='
    }
    if (t >= to) {
      return null;
    }
    String value = lx.sql.substring(lx.starts[t], lx.ends[t]).toLowerCase(java.util.Locale.ROOT);
    switch (value) {
      case "0":
      case "off":
      case "false":
        return Analysis.TransactionText.AUTOCOMMIT_OFF;
      case "1":
      case "on":
      case "true":
        return Analysis.TransactionText.AUTOCOMMIT_ON;
      default:
        // An expression the driver cannot evaluate: a transaction may be open.
        return Analysis.TransactionText.AUTOCOMMIT_UNKNOWN;
    }
  }

  /** The kind of the statement whose first word is at {@code head}. */
  private StatementKind classify(int head, int to) {
    switch (kwAt(head, to)) {
      case Keywords.SELECT:
        return selectKind(head, to);
      case Keywords.VALUES:
        // VALUES (nextval('s')): drawn as a SELECT draws it.
        return selectKind(head, to) == StatementKind.WRITE
            ? StatementKind.WRITE
            : StatementKind.READ;
      case Keywords.SHOW:
      case Keywords.DESCRIBE:
      case Keywords.DESC:
      case Keywords.TABLE:
        return StatementKind.READ;
      case Keywords.WITH:
        return withKind(head, to);
      case Keywords.EXPLAIN:
        return explainKind(head, to);
      case Keywords.INSERT:
      case Keywords.REPLACE:
      case Keywords.UPSERT:
        insert = true;
        return StatementKind.WRITE;
      case Keywords.UPDATE:
      case Keywords.DELETE:
      case Keywords.MERGE:
      case Keywords.LOAD:
        return StatementKind.WRITE;
      case Keywords.COPY:
        return findAtDepthZero(head, to, Keywords.FROM) >= 0
            ? StatementKind.WRITE
            : StatementKind.READ;
      case Keywords.START:
        return kwAt(head + 1, to) == Keywords.TRANSACTION
            ? StatementKind.TRANSACTION
            : StatementKind.UNKNOWN;
      case Keywords.BEGIN:
      case Keywords.COMMIT:
      case Keywords.ROLLBACK:
      case Keywords.SAVEPOINT:
      case Keywords.RELEASE:
      case Keywords.END:
      case Keywords.ABORT:
      case Keywords.XA:
        return StatementKind.TRANSACTION;
      case Keywords.PREPARE:
        return kwAt(head + 1, to) == Keywords.TRANSACTION
            ? StatementKind.TRANSACTION
            : StatementKind.UNKNOWN;
      case Keywords.SET:
        return setKind(head, to);
      case Keywords.USE:
      case Keywords.RESET:
      case Keywords.DISCARD:
        return StatementKind.SESSION;
      case Keywords.CREATE:
      case Keywords.ALTER:
      case Keywords.DROP:
      case Keywords.TRUNCATE:
      case Keywords.RENAME:
      case Keywords.GRANT:
      case Keywords.REVOKE:
        return StatementKind.DDL;
      case Keywords.COMMENT:
        return kwAt(head + 1, to) == Keywords.ON ? StatementKind.DDL : StatementKind.UNKNOWN;
      default:
        return StatementKind.UNKNOWN;
    }
  }

  private StatementKind selectKind(int head, int to) {
    boolean locking = false;
    boolean sequence = false;
    boolean setting = false;
    int depth = 0;
    for (int t = head; t < to; t++) {
      int type = lx.types[t];
      sequence |= advancesSequence(t, to);
      setting |= lx.isWord(t, "set_config") && t + 1 < to && lx.types[t + 1] == LPAREN;
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (type == WORD) {
        int k = lx.keywords[t];
        if (k == Keywords.INTO && depth == 0) {
          return StatementKind.WRITE;
        }
        if (k == Keywords.FOR) {
          int next = kwAt(t + 1, to);
          locking |=
              next == Keywords.UPDATE
                  || next == Keywords.SHARE
                  || next == Keywords.NO
                  || next == Keywords.KEY;
        } else if (k == Keywords.LOCK
            && kwAt(t + 1, to) == Keywords.IN
            && kwAt(t + 2, to) == Keywords.SHARE) {
          locking = true;
        }
      }
    }
    if (sequence) {
      sequenceQuery = true;
      return StatementKind.WRITE;
    }
    if (setting) {
      // SELECT set_config('search_path', ..., false): a session setting, as SET is.
      return StatementKind.SESSION;
    }
    return locking ? StatementKind.LOCKING_READ : StatementKind.READ;
  }

  /**
   * Records the functions a query calls that are no keyword of the analyzer (so no built-in it
   * knows): a PostgreSQL function that writes, called from a SELECT, makes the query a write, which
   * only the database's catalog can tell (see {@code FunctionCatalog}).
   */
  private void calls(int head, int to) {
    for (int t = head; t + 1 < to; t++) {
      if (lx.types[t + 1] != LPAREN) {
        continue;
      }
      String name;
      if (lx.types[t] == WORD && kw(t) == Keywords.NONE) {
        name = lx.text(t).toLowerCase(java.util.Locale.ROOT);
        if (BUILT_IN.contains(name)) {
          continue;
        }
      } else if (lx.types[t] == QUOTED_IDENT && lx.ends[t] - lx.starts[t] > 2) {
        name = lx.sql.substring(lx.starts[t] + 1, lx.ends[t] - 1);
        if (lx.dialect == Dialect.MYSQL) {
          // MySQL's function names ignore case, quoted or not.
          name = name.toLowerCase(java.util.Locale.ROOT);
        }
      } else {
        continue;
      }
      if (calls == null) {
        calls = new ArrayList<>(2);
      }
      if (!calls.contains(name)) {
        calls.add(name);
      }
    }
  }

  /**
   * Whether token {@code t} starts a call that moves a sequence: {@code nextval(...)} and {@code
   * setval(...)} (PostgreSQL, MariaDB), or {@code NEXT VALUE FOR s} (MariaDB, the SQL standard).
   * {@code currval}, {@code lastval} and {@code PREVIOUS VALUE FOR} only read the session's last
   * value.
   */
  private boolean advancesSequence(int t, int to) {
    if (lx.types[t] != WORD) {
      return false;
    }
    if (lx.isWord(t, "nextval") || lx.isWord(t, "setval")) {
      return t + 1 < to && lx.types[t + 1] == LPAREN;
    }
    return lx.isWord(t, "next")
        && kwAt(t + 1, to) == Keywords.VALUE
        && kwAt(t + 2, to) == Keywords.FOR;
  }

  private StatementKind withKind(int head, int to) {
    int main = -1;
    int t = head + 1;
    if (kwAt(t, to) == Keywords.RECURSIVE) {
      t++;
    }
    while (isName(t, to) || kwAt(t, to) > 0) {
      t++;
      if (t < to && lx.types[t] == LPAREN) {
        t = closing(t, to) + 1;
      }
      if (kwAt(t, to) != Keywords.AS) {
        break;
      }
      t++;
      if (kwAt(t, to) == Keywords.NOT) {
        t++;
      }
      if (kwAt(t, to) == Keywords.MATERIALIZED) {
        t++;
      }
      if (t >= to || lx.types[t] != LPAREN) {
        break;
      }
      t = closing(t, to) + 1;
      if (t < to && lx.types[t] == COMMA) {
        t++;
        continue;
      }
      main = t;
      break;
    }
    // A data-modifying CTE makes the whole statement a write, whatever its main query is.
    boolean modifies = false;
    for (int i = head + 1; i < to; i++) {
      if (lx.types[i] == LPAREN && i + 1 < to && isDml(kw(i + 1)) && !isCall(i + 1, to)) {
        modifies = true;
      }
    }
    if (modifies) {
      // The primary's ids cannot be mapped onto such a statement: its INSERTs are listed, so a
      // secondary that generates their keys is not sent it (DualWrite).
      for (int i = head + 1; i + 2 < to; i++) {
        if (kw(i) == Keywords.INSERT && kw(i + 1) == Keywords.INTO && isName(i + 2, to)) {
          String target = qualifiedName(i + 2, nameEnd(i + 2, to));
          if (withInserts == null) {
            withInserts = new ArrayList<>(2);
          }
          if (!withInserts.contains(target)) {
            withInserts.add(target);
          }
        }
      }
    }
    StatementKind mainKind = StatementKind.UNKNOWN;
    if (main >= 0 && main < to) {
      int k = kw(main);
      if (isDml(k) || k == Keywords.REPLACE) {
        insert =
            !modifies && (k == Keywords.INSERT || k == Keywords.UPSERT || k == Keywords.REPLACE);
        return StatementKind.WRITE;
      }
      mainKind = k == Keywords.SELECT ? selectKind(head, to) : classify(main, to);
    }
    return modifies ? StatementKind.WRITE : mainKind;
  }

  private StatementKind explainKind(int head, int to) {
    boolean analyze = false;
    int t = head + 1;
    while (t < to) {
      int k = kw(t);
      if (k == Keywords.ANALYZE || k == Keywords.ANALYSE) {
        analyze = true;
      } else if (lx.types[t] == LPAREN) {
        int close = closing(t, to);
        for (int i = t + 1; i < close; i++) {
          int option = kw(i);
          if (option == Keywords.ANALYZE || option == Keywords.ANALYSE) {
            int value = kwAt(i + 1, close);
            analyze = value != Keywords.FALSE && !(i + 1 < close && lx.isWord(i + 1, "off"));
          }
        }
        t = close;
      } else if (isStatementStart(k)) {
        StatementKind inner = classify(t, to);
        insert = false;
        return analyze && inner.mutates() ? inner : StatementKind.READ;
      }
      t++;
    }
    return StatementKind.READ;
  }

  private static boolean isStatementStart(int k) {
    switch (k) {
      case Keywords.SELECT:
      case Keywords.INSERT:
      case Keywords.UPDATE:
      case Keywords.DELETE:
      case Keywords.REPLACE:
      case Keywords.MERGE:
      case Keywords.WITH:
      case Keywords.VALUES:
      case Keywords.TABLE:
        return true;
      default:
        return false;
    }
  }

  private StatementKind setKind(int head, int to) {
    int t = head + 1;
    int k = kwAt(t, to);
    if (k == Keywords.SESSION || k == Keywords.LOCAL || k == Keywords.GLOBAL) {
      k = kwAt(++t, to);
      if (k == Keywords.CHARACTERISTICS) {
        return StatementKind.TRANSACTION;
      }
    }
    if (k == Keywords.TRANSACTION) {
      return StatementKind.TRANSACTION;
    }
    // MySQL's SET autocommit opens or ends a transaction: transaction control, not a setting.
    return autocommit(head + 1, to) != null ? StatementKind.TRANSACTION : StatementKind.SESSION;
  }

  private static boolean isDml(int k) {
    return k == Keywords.INSERT
        || k == Keywords.UPDATE
        || k == Keywords.DELETE
        || k == Keywords.MERGE
        || k == Keywords.UPSERT;
  }

  /** True when the word at {@code t} is a function call such as MySQL's INSERT(str, ...). */
  private boolean isCall(int t, int to) {
    return t + 1 < to && lx.types[t + 1] == LPAREN;
  }

  private int closing(int open, int to) {
    int close = lx.closing(open, to);
    return close < 0 ? to : close;
  }

  private int findAtDepthZero(int from, int to, int keyword) {
    int depth = 0;
    for (int t = from; t < to; t++) {
      int type = lx.types[t];
      if (type == LPAREN) {
        depth++;
      } else if (type == RPAREN) {
        depth--;
      } else if (depth == 0 && type == WORD && lx.keywords[t] == keyword) {
        return t;
      }
    }
    return -1;
  }

  private void scan(int from, int to, int head, StatementKind statementKind) {
    lastAdded = null;
    aliases = null;
    scanTables(from, to, head, statementKind);
    if (aliases != null && kwAt(head, to) == Keywords.DELETE) {
      resolveDeleteTargets();
    }
  }

  /**
   * MySQL's multi-table DELETE names its targets by alias ({@code DELETE o FROM orders o JOIN
   * ...}): the targets were listed as written under those names, which are now replaced by the
   * tables they stand for.
   */
  private void resolveDeleteTargets() {
    for (int i = 0; i < aliases.size(); i += 2) {
      String alias = aliases.get(i);
      String table = aliases.get(i + 1);
      if (alias.equals(table)) {
        continue;
      }
      int w = written.indexOf(alias);
      if (w >= 0) {
        written.remove(w);
        if (!written.contains(table)) {
          written.add(w, table);
        }
      }
      tables.remove(alias);
    }
  }

  private void recordAlias(int t) {
    if (lastAdded == null) {
      return;
    }
    if (aliases == null) {
      aliases = new ArrayList<>(4);
    }
    aliases.add(qualifiedName(t, t + 1));
    aliases.add(lastAdded);
  }

  private void scanTables(int from, int to, int head, StatementKind statementKind) {
    int headKeyword = kwAt(head, to);
    boolean ddl = statementKind == StatementKind.DDL;
    if (ddl) {
      ddlTargets(head, to);
    }
    if (headKeyword == Keywords.COPY && isName(head + 1, to)) {
      int end = nameEnd(head + 1, to);
      addTable(head + 1, end, statementKind == StatementKind.WRITE);
    }
    if ((headKeyword == Keywords.DESCRIBE
            || headKeyword == Keywords.DESC
            || headKeyword == Keywords.EXPLAIN)
        && isName(head + 1, to)) {
      int end = nameEnd(head + 1, to);
      if (end >= to || lx.types[end] != SqlLexer.OPERATOR) {
        addTable(head + 1, end, false);
      }
    }
    boolean selectInto = headKeyword == Keywords.SELECT && statementKind == StatementKind.WRITE;
    int depth = 0;
    reset(0, true);
    for (int t = from; t < to; t++) {
      int type = lx.types[t];
      int k = type == WORD ? lx.keywords[t] : Keywords.NONE;
      if (mode[depth] == EXPECT_TABLE) {
        if (k == Keywords.ONLY
            || k == Keywords.LATERAL
            || (into[depth]
                && (k == Keywords.TABLE
                    || k == Keywords.TEMP
                    || k == Keywords.TEMPORARY
                    || k == Keywords.UNLOGGED))) {
          continue;
        }
        if (type == LPAREN) {
          mode[depth] = AFTER_TABLE;
          if (depth + 1 == mode.length) {
            grow();
          }
          if (t + 1 < to && !opensQuery(t + 1)) {
            // A parenthesised join such as JOIN (b JOIN c ON ...) holds table references itself.
            reset(depth + 1, true);
            expect(depth + 1, true, target[depth], false);
            depth++;
            continue;
          }
        } else if (isName(t, to)) {
          int end = nameEnd(t, to);
          if (end < to && lx.types[end] == LPAREN && !into[depth]) {
            mode[depth] = NONE;
          } else {
            addTable(t, end, target[depth]);
            mode[depth] = AFTER_TABLE;
            t = end - 1;
            continue;
          }
        } else {
          mode[depth] = NONE;
        }
      } else if (mode[depth] == AFTER_TABLE) {
        if (type == COMMA && list[depth]) {
          mode[depth] = EXPECT_TABLE;
          continue;
        }
        if (k == Keywords.AS) {
          if (isName(t + 1, to)) {
            recordAlias(t + 1);
            t++;
          }
          continue;
        }
        if (isName(t, to) && !Keywords.nonDeterministic(k)) {
          recordAlias(t);
          continue;
        }
        mode[depth] = NONE;
      }
      switch (type) {
        case LPAREN:
          depth++;
          if (depth == mode.length) {
            grow();
          }
          reset(depth, t + 1 < to && opensQuery(t + 1));
          continue;
        case RPAREN:
          if (depth > 0) {
            depth--;
          }
          continue;
        case WORD:
          break;
        default:
          continue;
      }
      if (!sequenceQuery && k == Keywords.NONE && advancesSequence(t, to)) {
        // NEXT VALUE FOR s in an INSERT or UPDATE: each database draws its own value.
        nonDeterministic = true;
        continue;
      }
      if (Keywords.nonDeterministic(k)) {
        if ((Keywords.nonDeterministicWithoutCall(k) || (t + 1 < to && lx.types[t + 1] == LPAREN))
            && !(sequenceQuery && lx.isWord(t, "nextval"))
            // LAST_INSERT_ID(expr) gives expr: only its argument may make the statement vary.
            && !LastInsertId.isSetting(lx, t)) {
          nonDeterministic |= t == 0 || lx.types[t - 1] != DOT;
        }
        continue;
      }
      boolean atHead = (t == head || (t > from && isHeadPosition(t - 1))) && !isCall(t, to);
      switch (k) {
        case Keywords.FROM:
          if (query[depth]
              && kwAt(t - 1, to) != Keywords.DISTINCT
              && !(headKeyword == Keywords.COPY && depth == 0)
              && !(ddl && depth == 0 && headKeyword != Keywords.CREATE)) {
            expect(depth, true, deleteFrom[depth], false);
            deleteFrom[depth] = false;
          }
          break;
        case Keywords.JOIN:
        case Keywords.STRAIGHT_JOIN:
          if (kwAt(t - 1, to) != Keywords.SELECT) {
            expect(depth, false, false, false);
          }
          break;
        case Keywords.INTO:
          if (query[depth] && !ddl) {
            int next = kwAt(t + 1, to);
            boolean intoTable =
                next != Keywords.OUTFILE
                    && next != Keywords.DUMPFILE
                    && (!selectInto || depth > 0 || isName(t + 1, to) || isTempWord(t + 1, to));
            if (intoTable) {
              expect(depth, false, true, true);
            }
          }
          break;
        case Keywords.USING:
          if (!ddl && t + 1 < to && lx.types[t + 1] != LPAREN) {
            expect(depth, true, false, false);
          }
          break;
        case Keywords.UPDATE:
          if (atHead) {
            t = skipModifiers(t + 1, to) - 1;
            expect(depth, true, true, false);
          }
          break;
        case Keywords.INSERT:
        case Keywords.REPLACE:
        case Keywords.UPSERT:
          if (atHead) {
            t = skipModifiers(t + 1, to) - 1;
            if (kwAt(t + 1, to) != Keywords.INTO) {
              expect(depth, false, true, true);
            }
          }
          break;
        case Keywords.DELETE:
          if (atHead) {
            t = skipModifiers(t + 1, to) - 1;
            if (kwAt(t + 1, to) == Keywords.FROM) {
              deleteFrom[depth] = true;
            } else {
              expect(depth, true, true, false);
            }
          }
          break;
        case Keywords.TABLE:
          if (atHead) {
            expect(depth, false, false, false);
          }
          break;
        case Keywords.WITH:
          collectCteNames(t + 1, to);
          break;
        case Keywords.ORDER:
          orderBy |= depth == 0 && kwAt(t + 1, to) == Keywords.BY;
          break;
        case Keywords.RETURNING:
          returning |= depth == 0 && statementKind == StatementKind.WRITE;
          break;
        default:
          break;
      }
    }
  }

  private boolean isTempWord(int t, int to) {
    int k = kwAt(t, to);
    return k == Keywords.TEMP
        || k == Keywords.TEMPORARY
        || k == Keywords.UNLOGGED
        || k == Keywords.TABLE;
  }

  private boolean isHeadPosition(int previous) {
    int type = lx.types[previous];
    if (type == LPAREN || type == RPAREN) {
      return true;
    }
    int k = kw(previous);
    return k == Keywords.EXPLAIN
        || k == Keywords.ANALYZE
        || k == Keywords.ANALYSE
        || k == Keywords.VERBOSE;
  }

  private boolean opensQuery(int t) {
    int type = lx.types[t];
    if (type == LPAREN) {
      return true;
    }
    int k = kw(t);
    return isStatementStart(k) || k == Keywords.UPSERT;
  }

  private int skipModifiers(int t, int to) {
    while (t < to) {
      int k = kw(t);
      if (k == Keywords.LOW_PRIORITY
          || k == Keywords.HIGH_PRIORITY
          || k == Keywords.DELAYED
          || k == Keywords.IGNORE
          || k == Keywords.QUICK
          || k == Keywords.ONLY) {
        t++;
      } else if (k == Keywords.OR && kwAt(t + 1, to) == Keywords.REPLACE) {
        t += 2;
      } else {
        break;
      }
    }
    return t;
  }

  private void expect(int depth, boolean isList, boolean isTarget, boolean isInto) {
    mode[depth] = EXPECT_TABLE;
    list[depth] = isList;
    target[depth] = isTarget;
    into[depth] = isInto;
  }

  private void reset(int depth, boolean isQuery) {
    mode[depth] = NONE;
    query[depth] = isQuery;
    deleteFrom[depth] = false;
  }

  private void grow() {
    int size = mode.length * 2;
    mode = Arrays.copyOf(mode, size);
    list = Arrays.copyOf(list, size);
    target = Arrays.copyOf(target, size);
    into = Arrays.copyOf(into, size);
    query = Arrays.copyOf(query, size);
    deleteFrom = Arrays.copyOf(deleteFrom, size);
  }

  private void collectCteNames(int t, int to) {
    if (kwAt(t, to) == Keywords.RECURSIVE) {
      t++;
    }
    while (isName(t, to)) {
      int name = t;
      t++;
      if (t < to && lx.types[t] == LPAREN) {
        t = closing(t, to) + 1;
      }
      if (kwAt(t, to) != Keywords.AS) {
        return;
      }
      t++;
      if (kwAt(t, to) == Keywords.NOT) {
        t++;
      }
      if (kwAt(t, to) == Keywords.MATERIALIZED) {
        t++;
      }
      if (t >= to || lx.types[t] != LPAREN) {
        return;
      }
      if (cteNames == null) {
        cteNames = new ArrayList<>(2);
      }
      cteNames.add(qualifiedName(name, name + 1));
      t = closing(t, to) + 1;
      if (t >= to || lx.types[t] != COMMA) {
        return;
      }
      t++;
    }
  }

  /** Records the objects a DDL statement changes. */
  private void ddlTargets(int head, int to) {
    int k = kw(head);
    int t = head + 1;
    switch (k) {
      case Keywords.CREATE:
        while (true) {
          int m = kwAt(t, to);
          if (m == Keywords.OR && kwAt(t + 1, to) == Keywords.REPLACE) {
            t += 2;
          } else if (m == Keywords.TEMP
              || m == Keywords.TEMPORARY
              || m == Keywords.UNLOGGED
              || m == Keywords.GLOBAL
              || m == Keywords.LOCAL
              || m == Keywords.UNIQUE
              || m == Keywords.MATERIALIZED) {
            t++;
          } else {
            break;
          }
        }
        if (kwAt(t, to) == Keywords.INDEX) {
          int on = t;
          while (on < to && kw(on) != Keywords.ON) {
            on++;
          }
          targets(skipOnly(on + 1, to), to, false);
        } else if (kwAt(t, to) == Keywords.TABLE || kwAt(t, to) == Keywords.VIEW) {
          targets(skipIfExists(t + 1, to), to, false);
        }
        break;
      case Keywords.ALTER:
        if (kwAt(t, to) == Keywords.MATERIALIZED) {
          t++;
        }
        if (kwAt(t, to) == Keywords.TABLE || kwAt(t, to) == Keywords.VIEW) {
          targets(skipOnly(skipIfExists(t + 1, to), to), to, false);
        }
        break;
      case Keywords.DROP:
        if (kwAt(t, to) == Keywords.MATERIALIZED || kwAt(t, to) == Keywords.TEMPORARY) {
          t++;
        }
        if (kwAt(t, to) == Keywords.TABLE || kwAt(t, to) == Keywords.VIEW) {
          targets(skipIfExists(t + 1, to), to, true);
        } else if (kwAt(t, to) == Keywords.INDEX) {
          int on = findAtDepthZero(t, to, Keywords.ON);
          if (on > 0) {
            targets(on + 1, to, false);
          }
        }
        break;
      case Keywords.TRUNCATE:
        if (kwAt(t, to) == Keywords.TABLE) {
          t++;
        }
        targets(skipOnly(t, to), to, true);
        break;
      case Keywords.RENAME:
        if (kwAt(t, to) == Keywords.TABLE || kwAt(t, to) == Keywords.TABLES) {
          t++;
        }
        while (isName(t, to)) {
          int end = nameEnd(t, to);
          addTable(t, end, true);
          t = end;
          if (kwAt(t, to) == Keywords.TO || (t < to && lx.types[t] == COMMA)) {
            t++;
          }
        }
        break;
      case Keywords.COMMENT:
        if (kwAt(t + 1, to) == Keywords.TABLE && isName(t + 2, to)) {
          addTable(t + 2, nameEnd(t + 2, to), true);
        } else if (lx.isWord(t + 1, "column") && isName(t + 2, to)) {
          int end = nameEnd(t + 2, to);
          if (end - (t + 2) >= 3) {
            addTable(t + 2, end - 2, true);
          }
        }
        break;
      default:
        break;
    }
  }

  private int skipIfExists(int t, int to) {
    if (kwAt(t, to) == Keywords.IF) {
      t++;
      if (kwAt(t, to) == Keywords.NOT) {
        t++;
      }
      if (kwAt(t, to) == Keywords.EXISTS) {
        t++;
      }
    }
    return t;
  }

  private int skipOnly(int t, int to) {
    return kwAt(t, to) == Keywords.ONLY ? t + 1 : t;
  }

  private void targets(int t, int to, boolean isList) {
    while (isName(t, to)) {
      int end = nameEnd(t, to);
      addTable(t, end, true);
      if (!isList || end >= to || lx.types[end] != COMMA) {
        return;
      }
      t = end + 1;
    }
  }

  private int nameEnd(int t, int to) {
    int end = t + 1;
    while (end + 1 < to
        && lx.types[end] == DOT
        && (lx.types[end + 1] == WORD || lx.types[end + 1] == QUOTED_IDENT)) {
      end += 2;
    }
    return end;
  }

  private void addTable(int start, int end, boolean isWritten) {
    String name = qualifiedName(start, end);
    lastAdded = name;
    if (!tables.contains(name)) {
      tables.add(name);
    }
    if (isWritten && !written.contains(name)) {
      written.add(name);
    }
  }

  private String qualifiedName(int start, int end) {
    StringBuilder out = new StringBuilder(24);
    for (int t = start; t < end; t++) {
      int type = lx.types[t];
      if (type == DOT) {
        out.append('.');
      } else if (type == QUOTED_IDENT) {
        Fingerprint.appendUnquoted(out, lx.sql, lx.starts[t], lx.ends[t]);
      } else {
        for (int i = lx.starts[t]; i < lx.ends[t]; i++) {
          char c = lx.sql.charAt(i);
          out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : Character.toLowerCase(c));
        }
      }
    }
    return out.toString();
  }
}
