package dev.cutover.driver.internal;

import dev.cutover.driver.Divergence;
import dev.cutover.driver.Phase;
import dev.cutover.driver.sql.Analysis;
import dev.cutover.driver.sql.Dialect;
import dev.cutover.driver.sql.InsertShape;
import dev.cutover.driver.sql.OnUpdateTimestamps;
import dev.cutover.driver.sql.StatementKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secondary half of one application connection.
 *
 * <p><b>Rules.</b> The primary runs first, on the application's thread, and its result is what the
 * application gets; this class only ever sees writes the primary has already executed successfully.
 * The secondary replays the same statement with the same parameters, batches, session state and
 * transaction boundaries, and nothing it does reaches the application: every failure, skipped
 * statement or different update count becomes a journal entry (a {@link Divergence}) and a metric.
 *
 * <p><b>Transactions.</b> The secondary's transaction mirrors the primary's: commit goes to the
 * primary first and then here; a rollback goes to both. When a statement fails here inside a
 * transaction, later statements of that transaction are not sent (PostgreSQL would refuse them
 * anyway) and at commit the secondary rolls back and journals every statement of the transaction,
 * so the secondary holds either the whole transaction or none of it, and the journal says which.
 * Inside explicit transactions the secondary's own row locks keep concurrent writers in the
 * primary's order: a second writer that waited for the primary's lock then waits for the same row's
 * lock here until the first one's secondary commit.
 *
 * <p><b>Generated keys.</b> When the primary generated a key (auto-increment, identity, serial) the
 * statement is rewritten for the secondary with the key column first and the primary's values
 * bound, so both databases hold the same ids; the secondary's sequence is moved past them. If the
 * keys cannot be mapped onto the statement it is not sent at all (a row with a different id is
 * worse than a missing one, which repair fixes).
 *
 * <p><b>Threads.</b> All work runs through a {@link SecondaryLane}: inline in synchronous mode, on
 * a bounded per-connection queue in asynchronous mode. State below is touched only from the lane.
 */
final class DualWrite {
  private static final int TXN_LOG_CAP = 10_000;

  private final CutoverConnection owner;
  private final MigrationContext ctx;
  private final SecondaryLane lane;
  private final List<Mirror>[] txnLog;
  private final boolean[] txnFailed = new boolean[2];
  private final boolean[] txnOverflow = new boolean[2];

  /**
   * A write of the open transaction was refused by the full queue: the rest of it must not commit
   * on the secondary. Set by a control task queued after the refused write, so an earlier
   * transaction still draining on the lane is not touched. Lane only.
   */
  private boolean droppedInTxn;

  /** Whether this transaction's drop marker is queued already. Application thread only. */
  private boolean dropMarked;

  @SuppressWarnings("unchecked")
  private final Map<String, PreparedStatement>[] statements =
      new Map[] {newStatementCache(), newStatementCache()};

  private final Connection[] cachedOn = new Connection[2];

  /**
   * Secondary INSERT text with the key column added, by the text it came from (a table has one
   * key).
   */
  private final Map<String, String> rewrittenInserts = new java.util.HashMap<>();

  @SuppressWarnings("unchecked")
  DualWrite(CutoverConnection owner, MigrationContext ctx) {
    this.owner = owner;
    this.ctx = ctx;
    this.lane = ctx.newLane();
    this.txnLog = new List[] {new ArrayList<Mirror>(), new ArrayList<Mirror>()};
  }

  SecondaryLane lane() {
    return lane;
  }

  /**
   * Replays a write the primary executed successfully. {@code inTxn}: the JDBC autocommit flag is
   * off; {@code sqlTxn}: the application opened a transaction with SQL text (or MySQL's {@code SET
   * autocommit = 0}), which the secondary mirrors statement by statement. Only a write in neither
   * may be grouped: grouping commits, and only the application may end its transaction.
   */
  void write(Phase.Side side, Mirror m, boolean inTxn, boolean sqlTxn) {
    if (sqlTxn && controlsTransaction(m)) {
      // BEGIN, COMMIT, ROLLBACK or SET autocommit as SQL text: never refused by a full queue, or
      // the secondary would keep a transaction open that the application ended.
      if (endsTransaction(m)) {
        dropMarked = false;
      }
      lane.control(() -> apply(side, m, false, true));
      return;
    }
    Runnable task =
        !inTxn && !sqlTxn && groupable(m)
            ? new AutocommitWrite(side, m)
            : () -> apply(side, m, inTxn, sqlTxn);
    if (!lane.offerWrite(task)) {
      if ((inTxn || sqlTxn) && !dropMarked) {
        dropMarked = true;
        lane.control(() -> droppedInTxn = true);
      }
      record(
          Divergence.Kind.QUEUE_FULL,
          m,
          ctx.sqlFor(side, m.sql),
          lane.closed()
              ? "the migration was closed; the write was not sent to the secondary"
              : "asynchronous secondary queue full (" + ctx.config().queueCapacity() + ")",
          null);
    }
  }

  /**
   * Whether {@code m}, mirrored to {@code side} inside a JDBC transaction, is DDL the primary
   * (MariaDB/MySQL) committed the transaction for: MySQL ends the open transaction before a DDL
   * statement and commits the DDL itself, where PostgreSQL keeps both in the transaction, so a
   * later ROLLBACK undid on PostgreSQL what stayed on MariaDB.
   */
  private boolean commitsImplicitly(Phase.Side side, Mirror m) {
    return commitsOnMysql(m)
        && ctx.endpoint(side.other()).dialect() == Dialect.MYSQL
        && ctx.endpoint(side).dialect() != Dialect.MYSQL;
  }

  /**
   * A DDL statement before which MariaDB/MySQL commit the open transaction: any but creating or
   * dropping a temporary table.
   */
  static boolean commitsOnMysql(Mirror m) {
    return m.analysis.kind() == StatementKind.DDL
        && !Analysis.isTemporaryTableDdl(m.sql, Dialect.MYSQL);
  }

  /**
   * For MySQL's {@code SET autocommit = 0|1} sent alone as text: the JDBC autocommit it stands for;
   * else null. PostgreSQL has no such setting, so there the connection's autocommit is switched.
   */
  static Boolean autocommitSwitch(Analysis a) {
    if (a.kind() != StatementKind.TRANSACTION
        || a.statementCount() != 1
        || a.transactionText().size() != 1) {
      return null;
    }
    switch (a.transactionText().get(0)) {
      case AUTOCOMMIT_OFF:
        return Boolean.FALSE;
      case AUTOCOMMIT_ON:
        return Boolean.TRUE;
      default:
        // AUTOCOMMIT_UNKNOWN (DEFAULT, a variable): what MySQL makes of it is not known here.
        return null;
    }
  }

  /** A DDL statement that MariaDB/MySQL as the secondary commits with its transaction. */
  private boolean committedBySecondary(Phase.Side side, Mirror m) {
    return commitsOnMysql(m)
        && ctx.endpoint(side).dialect() == Dialect.MYSQL
        && ctx.endpoint(side.other()).dialect() != Dialect.MYSQL;
  }

  /** A single statement that begins or ends a transaction, or switches autocommit, as text. */
  private static boolean controlsTransaction(Mirror m) {
    return m.analysis.statementCount() == 1 && !m.analysis.transactionText().isEmpty();
  }

  /** A single statement that ends the transaction opened with SQL text (not XA's). */
  private static boolean endsTransaction(Mirror m) {
    if (!controlsTransaction(m)) {
      return false;
    }
    List<Analysis.TransactionText> t = m.analysis.transactionText();
    Analysis.TransactionText last = t.get(t.size() - 1);
    return (last == Analysis.TransactionText.ENDS || last == Analysis.TransactionText.AUTOCOMMIT_ON)
        && !firstWord(m.sql).equals("xa");
  }

  private static String firstWord(String sql) {
    int i = 0;
    while (i < sql.length() && !Character.isLetter(sql.charAt(i))) {
      i++;
    }
    int j = i;
    while (j < sql.length() && Character.isLetter(sql.charAt(j))) {
      j++;
    }
    return sql.substring(i, j).toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Replays the statement that ends a transaction the application drove with SQL text. When a
   * statement of that transaction did not apply on the secondary, a COMMIT is turned into a
   * ROLLBACK there and the transaction journaled whole, as for a JDBC transaction: MariaDB would
   * otherwise commit the statements that did apply, and the secondary would hold half of it.
   */
  private boolean endSqlTransaction(Phase.Side side, Mirror m, String sql) {
    int s = side.ordinal();
    boolean failed = txnFailed[s] || droppedInTxn;
    String word = firstWord(m.sql);
    boolean rollback = word.equals("rollback") || word.equals("abort");
    try {
      if (rollback) {
        journalKeptByDdl(side);
      }
      if (!failed || rollback) {
        return false;
      }
      runOnSecondary(side, "ROLLBACK");
      if (Boolean.TRUE.equals(autocommitSwitch(m.analysis))) {
        // SET autocommit = 1 ended it: the secondary's statements commit by themselves again.
        Connection c = owner.openSecondary(side);
        if (c != null && ctx.endpoint(side).dialect() != Dialect.MYSQL) {
          try {
            c.setAutoCommit(true);
          } catch (SQLException e) {
            owner.secondaryFailed(side, e);
          }
        }
      }
      journalTransaction(
          side,
          Divergence.Kind.SKIPPED_TRANSACTION_ABORTED,
          "rolled back on the secondary: a statement of this transaction did not apply there");
      return true;
    } finally {
      clearTransaction(s);
    }
  }

  /**
   * Ends the secondary's transaction opened with SQL text where MariaDB/MySQL, the primary, ended
   * it implicitly (before a DDL statement): COMMIT, or ROLLBACK and the transaction journaled when
   * a statement of it did not apply there.
   */
  private void commitSqlTransaction(Phase.Side side) {
    int s = side.ordinal();
    try {
      if (txnFailed[s] || droppedInTxn) {
        runOnSecondary(side, "ROLLBACK");
        journalTransaction(
            side,
            Divergence.Kind.SKIPPED_TRANSACTION_ABORTED,
            "rolled back on the secondary: a statement of this transaction did not apply there");
      } else if (!runOnSecondary(side, "COMMIT")) {
        journalTransaction(side, Divergence.Kind.COMMIT_FAILED, "secondary commit failed");
      }
    } finally {
      clearTransaction(s);
    }
  }

  /** Runs transaction control text on the open secondary connection; false when that failed. */
  private boolean runOnSecondary(Phase.Side side, String sql) {
    Connection c = owner.openSecondary(side);
    if (c == null) {
      return true;
    }
    try (Statement st = c.createStatement()) {
      st.execute(sql);
      return true;
    } catch (SQLException e) {
      owner.secondaryFailed(side, e);
      return false;
    }
  }

  private void clearTransaction(int s) {
    txnLog[s].clear();
    txnFailed[s] = false;
    txnOverflow[s] = false;
    droppedInTxn = false;
    keptByDdl[s].clear();
  }

  /**
   * The transaction's writes up to a DDL statement the secondary (MariaDB/MySQL) committed
   * implicitly while the primary (PostgreSQL) kept them in the transaction; journaled if the
   * transaction then rolls back.
   */
  @SuppressWarnings("unchecked")
  private final List<Mirror>[] keptByDdl = new List[] {new ArrayList<>(), new ArrayList<>()};

  /** After the primary rolled back: what the secondary committed at a DDL statement stays there. */
  private void journalKeptByDdl(Phase.Side side) {
    for (Mirror m : keptByDdl[side.ordinal()]) {
      record(
          Divergence.Kind.IMPLICIT_COMMIT,
          m,
          ctx.sqlFor(side, m.sql),
          "the transaction rolled back on the primary, but the secondary had committed it at a DDL"
              + " statement",
          null);
    }
    keptByDdl[side.ordinal()].clear();
  }

  private void apply(Phase.Side side, Mirror m, boolean inTxn) {
    apply(side, m, inTxn, false);
  }

  /**
   * Applies one write. {@code inTxn}/{@code sqlTxn}: inside a JDBC transaction, or one opened with
   * SQL text; in either, a statement that did not apply means the rest of the transaction is not
   * sent and its end is a rollback on the secondary.
   */
  private void apply(Phase.Side side, Mirror m, boolean jdbcTxn, boolean sqlTxn) {
    int s = side.ordinal();
    String sql =
        m.lastInsertId != null
            ? ctx.sqlForOnce(side, m.withLastInsertId())
            : ctx.sqlFor(side, m.sql);
    if (sqlTxn && endsTransaction(m) && endSqlTransaction(side, m, sql)) {
      return;
    }
    boolean implicitCommit = jdbcTxn && commitsImplicitly(side, m);
    boolean sqlImplicitCommit = false;
    if (implicitCommit) {
      // MariaDB committed the transaction before the DDL: so does the secondary (or rolls it back
      // and journals it, when a statement of it did not apply there), and the DDL runs on its own.
      finish(side, true);
      jdbcTxn = false;
    } else if (sqlTxn && !endsTransaction(m) && commitsImplicitly(side, m)) {
      // The same for a transaction opened with SQL text; the DDL then runs in autocommit.
      commitSqlTransaction(side);
      sqlTxn = false;
      sqlImplicitCommit = true;
    }
    boolean inTxn = jdbcTxn || sqlTxn && !endsTransaction(m);
    if (inTxn && (txnFailed[s] || droppedInTxn)) {
      record(
          Divergence.Kind.SKIPPED_TRANSACTION_ABORTED,
          m,
          sql,
          "an earlier statement of this transaction did not apply on the secondary",
          null);
      return;
    }
    if (!m.replayable()) {
      record(Divergence.Kind.NOT_REPLAYABLE, m, sql, "a parameter could not be captured", null);
      failTxn(s, inTxn);
      return;
    }
    if (m.lastInsertId == null && ctx.appDialect() == Dialect.MYSQL && m.readsLastInsertId()) {
      record(
          Divergence.Kind.NOT_REPLAYABLE,
          m,
          sql,
          "calls LAST_INSERT_ID(), whose value on the primary was not read for this execution (a"
              + " batch); the secondary's connection, given the primary's ids, would give another",
          null);
      failTxn(s, inTxn);
      return;
    }
    Connection c;
    try {
      c = owner.secondaryConnection(side, m);
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
      record(Divergence.Kind.SECONDARY_UNAVAILABLE, m, sql, "internal error: " + e, null);
      c = null;
    }
    if (c == null) {
      failTxn(s, inTxn);
      return;
    }
    Endpoint ep = ctx.endpoint(side);
    long t0 = System.nanoTime();
    try {
      long[] counts = execute(c, ep, m, sql);
      ctx.metrics().side(side, false, System.nanoTime() - t0);
      if (m.analysis.kind() == StatementKind.DDL) {
        ctx.schemaChanged(m.analysis);
      }
      compareCounts(m, sql, counts);
      // With LAST_INSERT_ID() given its value the write may be deterministic; the statement's own
      // text keys the caches behind this (a text per value would crowd them out).
      String differs = ctx.rowsMayDiffer(m.sql, determinism(m));
      if (differs != null) {
        record(Divergence.Kind.NON_DETERMINISTIC, m, sql, differs, null);
      }
      if (implicitCommit) {
        // ... and commits it, as MariaDB does; the application's next statements open a new one.
        finish(side, true);
      }
      if (sqlImplicitCommit && m.autocommitOff) {
        // Under SET autocommit = 0 the secondary's connection holds even the DDL: commit it.
        runOnSecondary(side, "COMMIT");
      }
      if (inTxn && committedBySecondary(side, m)) {
        // MariaDB, the secondary, committed the transaction at this DDL; PostgreSQL keeps it open.
        keptByDdl[s].addAll(txnLog[s]);
        keptByDdl[s].add(m);
        txnLog[s].clear();
      }
      if (inTxn && !controlsTransaction(m)) {
        if (txnLog[s].size() < TXN_LOG_CAP) {
          txnLog[s].add(m);
        } else {
          txnOverflow[s] = true;
        }
      }
    } catch (KeysNotReplayed e) {
      record(Divergence.Kind.KEYS_NOT_REPLAYED, m, sql, e.getMessage(), null);
      failTxn(s, inTxn);
    } catch (SQLException e) {
      if (inTxn && committedBySecondary(side, m)) {
        // MariaDB committed the transaction before it tried the DDL, even though the DDL failed.
        keptByDdl[s].addAll(txnLog[s]);
        txnLog[s].clear();
      }
      evict(side);
      forgetTypes(side, sql, e);
      ctx.metrics().side(side, false, System.nanoTime() - t0);
      record(Divergence.Kind.SECONDARY_ERROR, m, sql, e.getMessage(), e.getSQLState());
      failTxn(s, inTxn);
      owner.secondaryFailed(side, e);
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
      // A driver or translation bug on the secondary path must not reach the application either.
      evict(side);
      record(Divergence.Kind.SECONDARY_ERROR, m, sql, "internal error: " + e, null);
      failTxn(s, inTxn);
    }
  }

  /**
   * Whether an autocommit write may share a secondary transaction with its neighbours in the async
   * queue: one plain data change, replayable, with nothing that commits by itself (DDL), controls
   * the transaction or changes the session.
   */
  private static boolean groupable(Mirror m) {
    return m.analysis.kind() == StatementKind.WRITE
        && m.analysis.statementCount() == 1
        && !m.callable
        && m.batchSql == null
        && m.rows != null
        && m.replayable()
        && !m.readsLastInsertId();
  }

  /** An autocommit write waiting in the async queue; see {@link #applyGroup}. */
  private final class AutocommitWrite implements SecondaryLane.Groupable {
    final Phase.Side side;
    final Mirror m;

    AutocommitWrite(Phase.Side side, Mirror m) {
      this.side = side;
      this.m = m;
    }

    @Override
    public void run() {
      apply(side, m, false);
    }

    /** Same secondary side; the lane is this connection's own, so the owner is always the same. */
    @Override
    public boolean groupsWith(SecondaryLane.Groupable next) {
      return next instanceof AutocommitWrite && ((AutocommitWrite) next).side == side;
    }

    @Override
    public void runGroup(List<SecondaryLane.Groupable> group) {
      List<Mirror> mirrors = new ArrayList<>(group.size());
      for (SecondaryLane.Groupable g : group) {
        mirrors.add(((AutocommitWrite) g).m);
      }
      applyGroup(side, mirrors);
    }
  }

  /**
   * Applies autocommit writes that queued up behind each other in async mode in one secondary
   * transaction, so a secondary that fell behind pays one commit for the lot instead of one each.
   * Each write still gets its own update-count check and journal entries.
   *
   * <p>If a statement fails, the transaction is rolled back (nothing of it is on the secondary) and
   * the writes are applied again one by one as autocommit statements, so each failure is journaled
   * against its own statement exactly as without grouping. If the commit itself fails, its outcome
   * is unknown (the connection may have died after the server committed), so nothing is retried:
   * every write of the group is journaled and repair decides from the data.
   */
  private void applyGroup(Phase.Side side, List<Mirror> group) {
    Connection c = owner.secondaryConnection(side, group.get(0));
    if (c == null) {
      group.forEach(m -> apply(side, m, false));
      return;
    }
    Endpoint ep = ctx.endpoint(side);
    long t0 = System.nanoTime();
    long[][] counts = new long[group.size()][];
    try {
      c.setAutoCommit(false);
    } catch (SQLException e) {
      group.forEach(m -> apply(side, m, false));
      return;
    }
    try {
      for (int i = 0; i < group.size(); ) {
        Mirror m = group.get(i);
        String sql = ctx.sqlFor(side, m.sql);
        int end = ctx.batchCountsKnown(side) ? runEnd(group, i) : i + 1;
        if (end - i > 1) {
          executeRun(c, ep, group.subList(i, end), sql, counts, i);
        } else {
          counts[i] = execute(c, ep, m, sql);
        }
        i = end;
      }
    } catch (SQLException
        | RuntimeException
        | LinkageError
        | AssertionError
        | StackOverflowError e) {
      evict(side);
      try {
        c.rollback();
        c.setAutoCommit(true);
      } catch (SQLException | RuntimeException rollbackFailed) {
        // The connection's state is unknown (perhaps still in the group's transaction): never reuse
        // it. apply() below journals against a fresh one, or marks the side down if it is broken.
        if (rollbackFailed instanceof SQLException) {
          owner.secondaryFailed(side, (SQLException) rollbackFailed);
        }
        owner.dropSecondary(side, c);
      }
      group.forEach(m -> apply(side, m, false));
      return;
    }
    try {
      c.commit();
    } catch (SQLException | RuntimeException e) {
      for (Mirror m : group) {
        record(
            Divergence.Kind.SECONDARY_ERROR,
            m,
            ctx.sqlFor(side, m.sql),
            "commit of "
                + group.size()
                + " grouped asynchronous writes failed, outcome unknown: "
                + e.getMessage(),
            e instanceof SQLException ? ((SQLException) e).getSQLState() : null);
      }
      evict(side);
      if (e instanceof SQLException) {
        owner.secondaryFailed(side, (SQLException) e);
      } else {
        owner.dropSecondary(side, c);
      }
      return;
    } finally {
      try {
        if (!c.isClosed()) {
          c.setAutoCommit(true);
        }
      } catch (SQLException | RuntimeException e) {
        // Left with autocommit off, every later write on it would wait for a commit that never
        // comes: close it whatever the error, so the next write opens a fresh connection.
        evict(side);
        if (e instanceof SQLException) {
          owner.secondaryFailed(side, (SQLException) e);
        }
        owner.dropSecondary(side, c);
      }
    }
    ctx.metrics().secondaryGroup(group.size());
    long each = (System.nanoTime() - t0) / group.size();
    for (int i = 0; i < group.size(); i++) {
      Mirror m = group.get(i);
      ctx.metrics().side(side, false, each);
      String sql = ctx.sqlFor(side, m.sql);
      compareCounts(m, sql, counts[i]);
      String differs = ctx.rowsMayDiffer(m.sql, determinism(m));
      if (differs != null) {
        record(Divergence.Kind.NON_DETERMINISTIC, m, sql, differs, null);
      }
    }
  }

  /**
   * The analysis that says whether the write may leave different rows: its own, or, when the
   * secondary was given the primary's values, that of the statement with them in place ({@code
   * LAST_INSERT_ID()}'s value; {@code nextval('seq')} for a key the primary's ids were copied for),
   * so a write made exact is not journaled on every execution.
   */
  private Analysis determinism(Mirror m) {
    String sql = m.lastInsertId == null ? m.sql : m.withLastInsertId();
    if (m.generatedKeys != null && m.keyColumn != null && m.analysis.nonDeterministic()) {
      // Only when every nextval() of the statement gives the copied key.
      InsertShape shape = ctx.insertShape(sql, ctx.appDialect());
      int slot = shape == null ? -1 : shape.columnIndex(m.keyColumn);
      if (slot >= 0 && shape.hasValuesAt(slot)) {
        boolean sequences = true;
        for (InsertShape.Value v : shape.valuesOf(slot)) {
          sequences &= v.kind() == InsertShape.ValueKind.SEQUENCE;
        }
        if (sequences && ctx.sequenceCalls(sql) == shape.rowCount()) {
          return ctx.analyze(ctx.withoutSequenceCalls(sql));
        }
      }
    }
    return sql == m.sql ? m.analysis : ctx.analyze(sql);
  }

  /**
   * Where the run of writes starting at {@code from} ends (exclusive): consecutive single-row
   * writes of the same statement, which go to the secondary as one JDBC batch.
   */
  private static int runEnd(List<Mirror> group, int from) {
    Mirror first = group.get(from);
    if (!batchable(first)) {
      return from + 1;
    }
    int end = from + 1;
    while (end < group.size()) {
      Mirror next = group.get(end);
      if (!batchable(next)
          || !next.sql.equals(first.sql)
          || (next.generatedKeys == null) != (first.generatedKeys == null)
          || !java.util.Objects.equals(next.keyColumn, first.keyColumn)) {
        break;
      }
      end++;
    }
    return end;
  }

  /**
   * Whether a single-row MySQL {@code INSERT IGNORE} or {@code ON DUPLICATE KEY UPDATE} took no id
   * on the primary. MariaDB reports an id for a row it inserted and for a row the update changed
   * (measured on MariaDB 10.11), none for a duplicate it ignored or left unchanged; PostgreSQL's
   * {@code ON CONFLICT DO NOTHING} returns no key for the duplicate it skipped. Either way the
   * primary's rows did not change, and the secondary is not sent the statement. Before, it was
   * journaled {@code KEYS_NOT_REPLAYED} ("0 generated keys for 1 rows") on every repeat of an
   * application's idempotent {@code INSERT ... ON DUPLICATE KEY UPDATE label = VALUES(label)} or
   * {@code INSERT IGNORE}.
   */
  private boolean tookNoRow(Mirror m) {
    if (m.generatedKeys == null
        || !m.generatedKeys.isEmpty()
        || m.primaryCounts.length != 1
        || m.primaryCounts[0] > 1
        || (m.rows != null && m.rows.size() != 1)
        || m.batchSql != null
        || m.returnsRows
        || ctx.appDialect() != Dialect.MYSQL) {
      return false;
    }
    // A REPLACE always inserts, so it always reports an id.
    InsertShape shape = ctx.insertShape(m.sql, Dialect.MYSQL);
    return shape != null && shape.rowCount() == 1 && shape.rowIds() != InsertShape.RowIds.EVERY_ROW;
  }

  private static boolean batchable(Mirror m) {
    return m.rows != null
        && (m.generatedKeys == null || !m.generatedKeys.isEmpty())
        && m.rows.size() == 1
        && m.primaryCounts.length == 1
        && !m.returnsRows
        && !m.callable
        && m.batchSql == null
        && m.analysis.withInserts().isEmpty();
  }

  /**
   * Applies a run of single-row writes of one statement as one JDBC batch, inside the group's
   * transaction: the drivers send the whole batch at once, so the secondary's server takes the run
   * in one wake-up instead of one round trip per write. Counts land in {@code counts} from {@code
   * at}, one per write; a failure fails the group, which is then applied one write at a time.
   */
  private void executeRun(
      Connection c, Endpoint ep, List<Mirror> run, String sql, long[][] counts, int at)
      throws SQLException {
    List<Binding[]> rows = new ArrayList<>(run.size());
    for (Mirror m : run) {
      rows.add(m.rows.get(0));
    }
    long[] each;
    Mirror first = run.get(0);
    if (first.generatedKeys != null) {
      List<Object> keys = new ArrayList<>();
      for (Mirror m : run) {
        keys.addAll(m.generatedKeys);
      }
      each = executeWithKeys(c, ep, sql, first.keyColumn, rows, keys, false);
    } else {
      PreparedStatement ps = prepared(ep.side(), c, sql);
      ParameterTypes.Target[] types = types(ep.side(), c, ps, sql);
      for (Binding[] row : rows) {
        ParameterTypes.bind(ps, row, 1, 0, row.length, types);
        ps.addBatch();
      }
      each = toLong(ps.executeBatch());
    }
    if (each.length != run.size()) {
      throw new SQLException(
          "a batch of " + run.size() + " writes returned " + each.length + " update counts");
    }
    for (int k = 0; k < run.size(); k++) {
      if (each[k] < 0 && run.get(k).primaryCounts[0] >= 0) {
        // SUCCESS_NO_INFO (MariaDB's bulk inserts): a count divergence would go unseen. The
        // group is rolled back and applied write by write, and this side is not batched again.
        ctx.batchCountsUnknown(ep.side());
        throw new SQLException("the secondary's driver gave no update count per batched write");
      }
    }
    for (int k = 0; k < run.size(); k++) {
      counts[at + k] = new long[] {each[k]};
    }
  }

  private void failTxn(int s, boolean inTxn) {
    if (inTxn) {
      txnFailed[s] = true;
    }
  }

  private long[] execute(Connection c, Endpoint ep, Mirror m, String sql) throws SQLException {
    if (ep.dialect() != Dialect.MYSQL) {
      Boolean on = autocommitSwitch(m.analysis);
      if (on != null) {
        // Switching it on commits, as MySQL's SET autocommit = 1 does.
        c.setAutoCommit(on);
        return m.primaryCounts.clone();
      }
      if (m.autocommitOff
          && !c.getAutoCommit()
          && m.analysis.transactionText().contains(Analysis.TransactionText.BEGINS)) {
        // MariaDB commits the transaction SET autocommit = 0 held before START TRANSACTION.
        try (Statement st = c.createStatement()) {
          st.execute("COMMIT");
        }
      }
      if (m.autocommitOff && c.getAutoCommit()) {
        // SET autocommit = 0 reached this connection late (sent before the phase turned dual, or
        // skipped in a failed transaction, or the connection was opened again): held here too.
        c.setAutoCommit(false);
      }
    }
    if (m.generatedKeys != null) {
      return executeWithKeys(c, ep, m, sql);
    }
    if (!m.analysis.withInserts().isEmpty()) {
      refuseGeneratedKeysInWith(c, ep, m);
    }
    if (m.callable) {
      try (java.sql.CallableStatement cs = c.prepareCall(sql)) {
        Binding[] row = m.rows.get(0);
        ParameterTypes.bind(cs, row, 1, 0, row.length, ParameterTypes.NONE);
        for (CutoverCallableStatement.Op op : m.callOps) {
          op.apply(cs);
        }
        cs.execute();
        return new long[] {cs.getLargeUpdateCount()};
      }
    }
    if (m.rows != null) {
      {
        PreparedStatement ps = prepared(ep.side(), c, sql);
        ParameterTypes.Target[] types = types(ep.side(), c, ps, sql);
        if (m.rows.size() == 1 && m.primaryCounts.length == 1) {
          ParameterTypes.bind(ps, m.rows.get(0), 1, 0, m.rows.get(0).length, types);
          if (m.returnsRows) {
            return new long[] {executeReturning(ps)};
          }
          return new long[] {ps.executeLargeUpdate()};
        }
        for (Binding[] row : m.rows) {
          ParameterTypes.bind(ps, row, 1, 0, row.length, types);
          ps.addBatch();
        }
        return toLong(ps.executeBatch());
      }
    }
    try (Statement st = c.createStatement()) {
      if (m.batchSql != null) {
        for (String each : m.batchSql) {
          st.addBatch(overriding(ep, ctx.sqlFor(ep.side(), each)));
        }
        return toLong(st.executeBatch());
      }
      st.execute(overriding(ep, sql));
      long n = st.getLargeUpdateCount();
      return new long[] {n};
    }
  }

  /**
   * Runs a statement that returns rows ({@code RETURNING}) and drops them; -1, as the primary's
   * count through {@code executeQuery} is unknown.
   */
  private static long executeReturning(PreparedStatement ps) throws SQLException {
    if (ps.execute()) {
      ps.getResultSet().close();
    }
    return -1;
  }

  private long[] executeWithKeys(Connection c, Endpoint ep, Mirror m, String sql)
      throws SQLException {
    if (tookNoRow(m)) {
      return m.primaryCounts.clone();
    }
    List<Binding[]> rows = m.rows != null ? m.rows : List.<Binding[]>of(new Binding[0]);
    return executeWithKeys(c, ep, sql, m.keyColumn, rows, m.generatedKeys, m.returnsRows);
  }

  /**
   * An INSERT inside a {@code WITH} query into a table whose key this database generates would draw
   * its own ids here: the primary's cannot be mapped onto the statement. Such a statement is not
   * sent; it is journaled {@code KEYS_NOT_REPLAYED} (with its parameters, for repair). Also when
   * the INSERT gives its ids itself, which the driver does not read inside a {@code WITH}.
   */
  private void refuseGeneratedKeysInWith(Connection c, Endpoint ep, Mirror m) throws SQLException {
    for (String table : m.analysis.withInserts()) {
      java.util.Optional<String> column = ctx.keys().generatedColumn(ep.side(), c, table);
      if (column.isPresent()) {
        throw new KeysNotReplayed(
            "an INSERT inside WITH writes "
                + table
                + ", whose "
                + column.get()
                + " the database generates: each side would draw its own ids; not sent to keep"
                + " ids aligned");
      }
    }
  }

  /**
   * Runs {@code sql} with {@code keyColumn} added and the primary's {@code keys} bound to it, one
   * statement execution per entry of {@code rows} (a batch when there are several).
   */
  private long[] executeWithKeys(
      Connection c,
      Endpoint ep,
      String sql,
      String keyColumn,
      List<Binding[]> rows,
      List<Object> keys,
      boolean returnsRows)
      throws SQLException {
    InsertShape shape = ctx.insertShape(sql, ep.dialect());
    if (shape == null) {
      throw new KeysNotReplayed(
          "the primary generated "
              + keyColumn
              + " values but the statement is not a plain INSERT ... VALUES; not sent to keep ids"
              + " aligned");
    }
    int slot = keySlot(shape, keyColumn, ep);
    if (slot >= 0) {
      return executeWithKeySlots(c, ep, sql, shape, slot, keyColumn, rows, keys, returnsRows);
    }
    int expected = shape.rowCount() * rows.size();
    if (keys.size() != expected) {
      throw new KeysNotReplayed(
          "the primary returned "
              + keys.size()
              + " generated keys for "
              + expected
              + " rows; not sent to keep ids aligned");
    }
    String rewritten = rewrittenInserts.get(sql);
    if (rewritten == null) {
      if (rewrittenInserts.size() >= STATEMENT_CACHE * 4) {
        rewrittenInserts.clear();
      }
      rewritten = shape.withLeadingColumn(keyColumn);
      rewrittenInserts.put(sql, rewritten);
    }
    long max = Long.MIN_VALUE;
    {
      PreparedStatement ps = prepared(ep.side(), c, rewritten);
      ParameterTypes.Target[] types = types(ep.side(), c, ps, rewritten);
      int k = 0;
      for (Binding[] row : rows) {
        int index = 1;
        int param = 0;
        for (int t = 0; t < shape.rowCount(); t++) {
          Object key = keys.get(k++);
          if (key instanceof Long || key instanceof Integer) {
            // Typed: setObject(Object) costs a type dispatch per call in the vendor drivers.
            ps.setLong(index++, ((Number) key).longValue());
          } else {
            ps.setObject(index++, key);
          }
          if (key instanceof Number) {
            max = Math.max(max, ((Number) key).longValue());
          }
          int n = shape.parameterCountPerRow(t);
          ParameterTypes.bind(ps, row, index, param, n, types);
          index += n;
          param += n;
        }
        bindRest(ps, row, index, param, types, rows.size() > 1);
      }
      return runKeyed(ps, c, ep, shape, keyColumn, rows.size() > 1, returnsRows, max);
    }
  }

  /**
   * Binds a row's parameters after the VALUES tuples (ON DUPLICATE KEY UPDATE c = ?, ON CONFLICT
   * ... SET c = ?), which keep their order after the tuples, and queues the row when batched.
   */
  private static void bindRest(
      PreparedStatement ps,
      Binding[] row,
      int index,
      int param,
      ParameterTypes.Target[] types,
      boolean batched)
      throws SQLException {
    int rest = row.length - param;
    if (rest > 0) {
      ParameterTypes.bind(ps, row, index, param, rest, types);
    }
    if (batched) {
      ps.addBatch();
    }
  }

  /** Runs a keyed INSERT, and moves the secondary's sequence past {@code max} (if any). */
  private long[] runKeyed(
      PreparedStatement ps,
      Connection c,
      Endpoint ep,
      InsertShape shape,
      String keyColumn,
      boolean batched,
      boolean returnsRows,
      long max)
      throws SQLException {
    long[] counts =
        batched
            ? toLong(ps.executeBatch())
            : new long[] {returnsRows ? executeReturning(ps) : ps.executeLargeUpdate()};
    if (max != Long.MIN_VALUE) {
      ctx.keys().advance(ep, c, shape.table(), keyColumn, max);
    }
    return counts;
  }

  /**
   * Where the secondary's {@code shape} gives the generated {@code keyColumn} in each row (see
   * {@link CutoverStatement#keySlot}), or -1 when it leaves it to be added.
   */
  private int keySlot(InsertShape shape, String keyColumn, Endpoint ep) {
    int slot =
        shape.columns().isEmpty()
            ? ctx.keys().knownPosition(ep.side().other(), shape.table(), shape.width())
            : shape.columnIndex(keyColumn);
    return shape.hasValuesAt(slot) ? slot : -1;
  }

  /**
   * Mirrors an INSERT that gives the generated key itself. Rows giving DEFAULT (with a
   * MariaDB/MySQL primary also NULL or 0) had their id generated by the primary: the statement is
   * sent with that value replaced by a parameter bound to the id the primary reported. When no row
   * did, it is sent as it is. Either way the secondary's sequence is moved past the ids it was
   * given.
   */
  private long[] executeWithKeySlots(
      Connection c,
      Endpoint ep,
      String sql,
      InsertShape shape,
      int slot,
      String keyColumn,
      List<Binding[]> rows,
      List<Object> keys,
      boolean returnsRows)
      throws SQLException {
    List<InsertShape.Value> values = shape.valuesOf(slot);
    if (!values.isEmpty() && values.get(0).kind() == InsertShape.ValueKind.SEQUENCE) {
      // nextval('seq') written out: after the copied ids, that sequence is moved past them.
      String sequence = shape.sequenceOf(values.get(0));
      if (sequence != null) {
        ctx.keys().sequenceFor(ep.side(), shape.table(), sequence);
      }
    }
    // A MySQL application's NULL or 0 key is generated on the primary: by MariaDB itself, or on a
    // PostgreSQL primary by the DEFAULT the translation put there (MigrationContext.sqlFor).
    boolean mysqlPrimary = ctx.appDialect() == Dialect.MYSQL;
    boolean generated = false;
    long max = Long.MIN_VALUE;
    for (Binding[] row : rows) {
      int base = 0;
      for (int t = 0; t < shape.rowCount(); t++) {
        Object given = givenKey(values.get(t), row, base, mysqlPrimary);
        if (given == GENERATED) {
          generated = true;
        } else if (given instanceof Long) {
          max = Math.max(max, (Long) given);
        }
        base += shape.parameterCountPerRow(t);
      }
    }
    if (!generated) {
      long[] counts = executeAsGiven(c, ep, sql, rows, returnsRows);
      if (max != Long.MIN_VALUE) {
        ctx.keys().advance(ep, c, shape.table(), keyColumn, max);
      }
      return counts;
    } else {
      int expected = shape.rowCount() * rows.size();
      if (keys.size() != expected) {
        throw new KeysNotReplayed(
            "the primary generated "
                + keyColumn
                + " for rows given NULL, DEFAULT or 0 but reported "
                + keys.size()
                + " keys for "
                + expected
                + " rows; not sent to keep ids aligned");
      }
      SlotRewrite cached = rewrittenSlots.get(sql);
      if (cached == null || cached.slot() != slot) {
        if (rewrittenSlots.size() >= STATEMENT_CACHE * 4) {
          rewrittenSlots.clear();
        }
        cached = new SlotRewrite(slot, shape.withValuesAsParameters(slot));
        rewrittenSlots.put(sql, cached);
      }
      String rewritten = cached.sql();
      PreparedStatement ps = prepared(ep.side(), c, rewritten);
      ParameterTypes.Target[] types = types(ep.side(), c, ps, rewritten);
      int k = 0;
      for (Binding[] row : rows) {
        int index = 1;
        int base = 0;
        for (int t = 0; t < shape.rowCount(); t++) {
          InsertShape.Value v = values.get(t);
          Object key = keys.get(k++);
          int before = v.firstParameter();
          ParameterTypes.bind(ps, row, index, base, before, types);
          index += before;
          Object given = givenKey(v, row, base, mysqlPrimary);
          if (v.kind() == InsertShape.ValueKind.PARAMETER && given != GENERATED) {
            ParameterTypes.bind(ps, row, index, base + before, 1, types);
          } else if (v.kind() == InsertShape.ValueKind.INTEGER && given != GENERATED) {
            ps.setLong(index, v.literal());
          } else if (key instanceof Number) {
            ps.setLong(index, ((Number) key).longValue());
            max = Math.max(max, ((Number) key).longValue());
          } else {
            ps.setObject(index, key);
          }
          index++;
          int after = shape.parameterCountPerRow(t) - before - v.parameters();
          ParameterTypes.bind(ps, row, index, base + before + v.parameters(), after, types);
          index += after;
          base += shape.parameterCountPerRow(t);
        }
        bindRest(ps, row, index, base, types, rows.size() > 1);
      }
      return runKeyed(ps, c, ep, shape, keyColumn, rows.size() > 1, returnsRows, max);
    }
  }

  /** A statement with its key values made parameters, for the key's position {@code slot}. */
  private record SlotRewrite(int slot, String sql) {}

  /** By the secondary's statement text; lane-only, like {@code rewrittenInserts}. */
  private final Map<String, SlotRewrite> rewrittenSlots = new java.util.HashMap<>();

  /**
   * Whether MariaDB/MySQL generated the key for a row giving {@code v} (NULL, DEFAULT, 0, or a
   * parameter bound to NULL or 0), {@code base} being the row's first parameter in {@code row}.
   */
  static boolean generatedByMysql(InsertShape.Value v, Binding[] row, int base) {
    return givenKey(v, row, base, true) == GENERATED;
  }

  /** What {@link #givenKey} returns for a row whose key the primary generated. */
  private static final Object GENERATED = new Object();

  /**
   * The key one row gives: {@link #GENERATED} for DEFAULT, and with a MariaDB/MySQL primary for
   * NULL and 0 too (it generates an id for them, PostgreSQL stores 0); the value as a Long when it
   * is an integer, else null (an expression).
   */
  private static Object givenKey(
      InsertShape.Value v, Binding[] row, int base, boolean mysqlPrimary) {
    switch (v.kind()) {
      case DEFAULT:
      case SEQUENCE:
        return GENERATED;
      case NULL:
        return mysqlPrimary ? GENERATED : null;
      case INTEGER:
        return v.literal() == 0 && mysqlPrimary ? GENERATED : (Object) v.literal();
      case PARAMETER:
        int at = base + v.firstParameter();
        Object value = at < row.length && row[at] != null ? row[at].display() : null;
        if (value == null) {
          return mysqlPrimary ? GENERATED : null;
        }
        try {
          java.math.BigDecimal d = new java.math.BigDecimal(value.toString().trim());
          if (d.signum() == 0 && mysqlPrimary) {
            return GENERATED;
          }
          return d.stripTrailingZeros().scale() <= 0 ? (Object) d.longValueExact() : null;
        } catch (NumberFormatException | ArithmeticException e) {
          return null;
        }
      default:
        return null;
    }
  }

  /** Runs a prepared INSERT as the application wrote it, once per row (a batch for several). */
  private long[] executeAsGiven(
      Connection c, Endpoint ep, String sql, List<Binding[]> rows, boolean returnsRows)
      throws SQLException {
    if (rows.size() == 1 && rows.get(0).length == 0 && !returnsRows) {
      try (Statement st = c.createStatement()) {
        return new long[] {st.executeLargeUpdate(overriding(ep, sql))};
      }
    }
    PreparedStatement ps = prepared(ep.side(), c, sql);
    ParameterTypes.Target[] types = types(ep.side(), c, ps, sql);
    for (Binding[] row : rows) {
      ParameterTypes.bind(ps, row, 1, 0, row.length, types);
      if (rows.size() > 1) {
        ps.addBatch();
      }
    }
    return rows.size() > 1
        ? toLong(ps.executeBatch())
        : new long[] {returnsRows ? executeReturning(ps) : ps.executeLargeUpdate()};
  }

  /**
   * The secondary's prepared statement for {@code sql}, reused across writes of this connection:
   * preparing per write cost a round trip's worth of client work on every mirrored statement.
   * Lane-only, like all state here.
   */
  private PreparedStatement prepared(Phase.Side side, Connection c, String sql)
      throws SQLException {
    Map<String, PreparedStatement> cache = statements[side.ordinal()];
    if (cachedOn[side.ordinal()] != c) {
      evict(side);
      cachedOn[side.ordinal()] = c;
    }
    PreparedStatement ps = cache.get(sql);
    if (ps == null) {
      ps = c.prepareStatement(overriding(ctx.endpoint(side), sql));
      cache.put(sql, ps);
    } else {
      ps.clearParameters();
      ps.clearBatch();
    }
    return ps;
  }

  /**
   * {@code sql} with {@code OVERRIDING SYSTEM VALUE} when it is an INSERT ... VALUES for a
   * PostgreSQL side, else {@code sql}. A {@code GENERATED ALWAYS} identity column (pg_dump keeps
   * it) refused the ids the secondary is given (the primary's generated ids, or those the
   * application gave a {@code BY DEFAULT} column on the primary), and every insert was journaled.
   * The clause changes nothing for other tables (a {@code BY DEFAULT} or serial column takes the
   * given value anyway, and {@code DEFAULT} still draws), so it is added without asking the
   * catalog: a lookup inside the secondary's transaction could only fail it, and a cached answer go
   * stale.
   */
  private String overriding(Endpoint ep, String sql) {
    if (ep.dialect() != Dialect.POSTGRES || !OnUpdateTimestamps.startsWithWord(sql, "insert")) {
      return sql;
    }
    String known = overridden.get(sql);
    if (known == null) {
      InsertShape shape = ctx.insertShape(sql, Dialect.POSTGRES);
      String with = shape == null ? null : shape.withOverridingSystemValue();
      known = with == null ? sql : with;
      if (overridden.size() >= STATEMENT_CACHE * 4) {
        overridden.clear();
      }
      overridden.put(sql, known);
    }
    return known;
  }

  /** {@link #overriding}'s answers, by statement text. */
  private final Map<String, String> overridden = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * How to bind each parameter of {@code ps} on {@code side}: learnt once per statement text where
   * the side is PostgreSQL and the application's SQL is not ({@link ParameterTypes}).
   */
  private ParameterTypes.Target[] types(
      Phase.Side side, Connection c, PreparedStatement ps, String sql) throws SQLException {
    ParameterTypes learnt = ctx.parameterTypes(side);
    // Described as sent: without the clause a GENERATED ALWAYS table's INSERT does not parse.
    return learnt == null
        ? ParameterTypes.NONE
        : learnt.of(c, overriding(ctx.endpoint(side), sql), 0);
  }

  /** After a failure on {@code side}: drops parameter types learnt for the statement if stale. */
  private void forgetTypes(Phase.Side side, String sql, SQLException e) {
    ParameterTypes learnt = ctx.parameterTypes(side);
    if (learnt != null) {
      Endpoint ep = ctx.endpoint(side);
      learnt.failed(overriding(ep, sql), e);
      String rewritten = rewrittenInserts.get(sql);
      if (rewritten != null) {
        learnt.failed(overriding(ep, rewritten), e);
      }
    }
  }

  /** Drops (and closes) the cached statements of a side, after an error or a new connection. */
  private void evict(Phase.Side side) {
    Map<String, PreparedStatement> cache = statements[side.ordinal()];
    for (PreparedStatement ps : cache.values()) {
      closeQuietly(ps);
    }
    cache.clear();
    cachedOn[side.ordinal()] = null;
  }

  private static void closeQuietly(Statement s) {
    try {
      s.close();
    } catch (SQLException e) {
      System.getLogger(DualWrite.class.getName())
          .log(System.Logger.Level.DEBUG, "closing a cached secondary statement", e);
    }
  }

  private static final int STATEMENT_CACHE = 64;

  @SuppressWarnings("serial")
  private static Map<String, PreparedStatement> newStatementCache() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
        if (size() > STATEMENT_CACHE) {
          closeQuietly(eldest.getValue());
          return true;
        }
        return false;
      }
    };
  }

  private void compareCounts(Mirror m, String sql, long[] counts) {
    long[] p = m.primaryCounts;
    if (p.length != counts.length) {
      record(
          Divergence.Kind.COUNT_MISMATCH,
          m,
          sql,
          "primary ran " + p.length + " batch entries, secondary " + counts.length,
          null);
      return;
    }
    StringBuilder diff = null;
    Boolean upsert = null;
    for (int i = 0; i < p.length; i++) {
      if (p[i] >= 0 && counts[i] >= 0 && p[i] != counts[i]) {
        if (upsert == null) {
          upsert = ctx.upsertCounts(m.sql);
        }
        if (upsert && (p[i] == 0) == (counts[i] == 0)) {
          // MySQL counts a row an upsert updated twice, PostgreSQL once.
          continue;
        }
        if (diff == null) {
          diff = new StringBuilder();
        } else {
          diff.append("; ");
        }
        if (p.length > 1) {
          diff.append("entry ").append(i).append(": ");
        }
        diff.append("primary updated ").append(p[i]).append(" rows, secondary ").append(counts[i]);
      }
    }
    if (diff != null) {
      record(Divergence.Kind.COUNT_MISMATCH, m, sql, diff.toString(), null);
    }
  }

  /** Commits the secondary after the primary committed. */
  void commit(Phase.Side side) {
    dropMarked = false;
    lane.control(() -> finish(side, true));
  }

  /** Rolls the secondary back after the primary rolled back. */
  void rollback(Phase.Side side) {
    dropMarked = false;
    lane.control(() -> finish(side, false));
  }

  private void finish(Phase.Side side, boolean commit) {
    int s = side.ordinal();
    boolean failed = txnFailed[s] || droppedInTxn;
    Connection c = owner.openSecondary(side);
    if (!commit) {
      journalKeptByDdl(side);
    }
    try {
      if (c == null) {
        if (commit && failed) {
          journalTransaction(side, Divergence.Kind.SKIPPED_TRANSACTION_ABORTED, "not applied");
        }
        return;
      }
      if (!commit) {
        c.rollback();
      } else if (failed) {
        c.rollback();
        journalTransaction(
            side,
            Divergence.Kind.SKIPPED_TRANSACTION_ABORTED,
            "rolled back on the secondary: a statement of this transaction did not apply there");
      } else {
        c.commit();
      }
    } catch (SQLException e) {
      if (commit) {
        journalTransaction(
            side, Divergence.Kind.COMMIT_FAILED, "secondary commit failed: " + e.getMessage());
        try {
          c.rollback();
        } catch (SQLException again) {
          e.addSuppressed(again);
        }
        owner.secondaryFailed(side, e);
      } else {
        owner.secondaryFailed(side, e);
      }
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
      // The secondary driver broke in an unexpected way: its transaction's outcome is unknown.
      if (commit) {
        journalTransaction(
            side, Divergence.Kind.COMMIT_FAILED, "secondary commit failed: internal error: " + e);
      }
      evict(side);
      owner.dropSecondary(side, c);
    } finally {
      clearTransaction(s);
      owner.secondaryTransactionEnded(side);
    }
  }

  private void journalTransaction(Phase.Side side, Divergence.Kind kind, String why) {
    int s = side.ordinal();
    for (Mirror m : txnLog[s]) {
      record(kind, m, ctx.sqlFor(side, m.sql), why, null);
    }
    if (txnOverflow[s]) {
      ctx.journal()
          .record(
              kind,
              List.of(),
              "(statements beyond the first " + TXN_LOG_CAP + " of the transaction)",
              List.of(),
              List.of(),
              why,
              null);
    }
  }

  /** Creates a savepoint on the secondary, filled in when the lane runs it. */
  SecondarySavepoint setSavepoint(Phase.Side side, String name) {
    SecondarySavepoint sp = new SecondarySavepoint(side);
    lane.control(
        () -> {
          Connection c = owner.ensureSecondary(side);
          if (c == null) {
            return;
          }
          try {
            sp.savepoint = name == null ? c.setSavepoint() : c.setSavepoint(name);
            sp.logSize = txnLog[side.ordinal()].size();
            sp.keptSize = keptByDdl[side.ordinal()].size();
            sp.failedBefore = txnFailed[side.ordinal()];
          } catch (SQLException e) {
            txnFailed[side.ordinal()] = true;
            ctx.journal()
                .record(
                    Divergence.Kind.SESSION_STATE,
                    List.of(),
                    "SAVEPOINT",
                    List.of(),
                    List.of(),
                    e.getMessage(),
                    e.getSQLState());
          }
        });
    return sp;
  }

  void rollbackTo(SecondarySavepoint sp) {
    lane.control(
        () -> {
          int s = sp.side.ordinal();
          Connection c = owner.openSecondary(sp.side);
          if (c == null || sp.savepoint == null) {
            return;
          }
          List<Mirror> kept = keptByDdl[s];
          if (kept.size() > sp.keptSize) {
            // MariaDB, the secondary, committed at a DDL statement after the savepoint, which it
            // no longer has: what ran after the savepoint up to the DDL stays there, the rest of
            // its transaction (all after the savepoint) is rolled back.
            List<Mirror> after =
                kept.subList(Math.min(kept.size(), sp.keptSize + sp.logSize), kept.size());
            for (Mirror m : after) {
              record(
                  Divergence.Kind.IMPLICIT_COMMIT,
                  m,
                  ctx.sqlFor(sp.side, m.sql),
                  "rolled back to a savepoint on the primary, but the secondary had committed it"
                      + " at a DDL statement",
                  null);
            }
            after.clear();
            txnLog[s].clear();
            try {
              c.rollback();
              txnFailed[s] = sp.failedBefore;
            } catch (SQLException e) {
              txnFailed[s] = true;
              owner.secondaryFailed(sp.side, e);
            }
            return;
          }
          try {
            c.rollback(sp.savepoint);
            List<Mirror> log = txnLog[s];
            while (log.size() > sp.logSize) {
              log.remove(log.size() - 1);
            }
            txnFailed[s] = sp.failedBefore;
          } catch (SQLException e) {
            txnFailed[s] = true;
            owner.secondaryFailed(sp.side, e);
          }
        });
  }

  void release(SecondarySavepoint sp) {
    lane.control(
        () -> {
          Connection c = owner.openSecondary(sp.side);
          if (c == null || sp.savepoint == null) {
            return;
          }
          try {
            c.releaseSavepoint(sp.savepoint);
          } catch (SQLException e) {
            owner.secondaryFailed(sp.side, e);
          }
        });
  }

  /** A secondary savepoint paired with the primary's. */
  static final class SecondarySavepoint {
    final Phase.Side side;
    volatile Savepoint savepoint;
    volatile int logSize;

    /** {@code keptByDdl}'s size when the savepoint was set. */
    volatile int keptSize;

    volatile boolean failedBefore;

    SecondarySavepoint(Phase.Side side) {
      this.side = side;
    }
  }

  private void record(Divergence.Kind kind, Mirror m, String sql, String error, String state) {
    ctx.record(kind, m.analysis, sql, m.displayParameters(), m.keysOrEmpty(), error, state);
  }

  private static long[] toLong(int[] counts) {
    long[] out = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = counts[i];
    }
    return out;
  }

  /** Raised when generated keys cannot be mapped onto the statement. */
  static final class KeysNotReplayed extends SQLException {
    private static final long serialVersionUID = 1L;

    KeysNotReplayed(String message) {
      super(message);
    }
  }
}
