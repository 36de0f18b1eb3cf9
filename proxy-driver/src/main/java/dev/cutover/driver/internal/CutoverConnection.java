package dev.cutover.driver.internal;

import dev.cutover.driver.Divergence;
import dev.cutover.driver.Phase;
import dev.cutover.driver.shadow.ShadowSession;
import dev.cutover.driver.sql.Analysis;
import dev.cutover.driver.sql.Dialect;
import dev.cutover.driver.sql.FoundRows;
import dev.cutover.driver.sql.LastInsertId;
import dev.cutover.driver.sql.StatementKind;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The connection the application holds. It owns one physical connection per database, opened when
 * first needed, and the session state (autocommit, isolation, read-only, catalog, schema, {@code
 * SET} statements) that a late-opened connection must be brought to before it is used.
 *
 * <p>The phase is read once per statement, or once per transaction when autocommit is off: a
 * transaction that started under one phase finishes under it.
 */
public final class CutoverConnection implements Connection {
  private static final System.Logger LOG = System.getLogger(CutoverConnection.class.getName());

  final MigrationContext ctx;
  private final Connection[] physical = new Connection[2];
  private final DualWrite dual;
  private final Set<CutoverStatement> statements =
      Collections.newSetFromMap(new IdentityHashMap<>());

  // Session state as the application set it; replayed on every physical connection opened later.
  private boolean autoCommit = true;
  private int isolation = -1;
  private Boolean readOnly;
  private String catalog;
  private String schema;
  private final List<String> sessionSql = new ArrayList<>();

  /**
   * The session state as the secondary lane has reached it: replaced by a snapshot each time the
   * application changes its state, in the lane's order. A secondary opened lazily takes this, not
   * the application's current state, so a write queued before {@code setAutoCommit(false)} or a
   * {@code SET} still runs under the state it was issued in. Lane only.
   */
  private SessionState laneSession = SessionState.INITIAL;

  /**
   * A change the secondary refused (pgjdbc refuses isolation and read-only changes inside a
   * transaction): applied again from {@link #laneSession} when its transaction ends. Lane only.
   */
  private boolean laneStateStale;

  /** The same session state as shadow reads replay it; replaced, never changed, on each change. */
  private ShadowSession shadowSession = ShadowSession.NONE;

  /**
   * The session statements to go back to when the open transaction or a savepoint rolls back, as
   * PostgreSQL does; null unless the application's SQL is PostgreSQL's (MariaDB keeps a SET).
   */
  private final SessionUndo sessionUndo;

  /**
   * A MySQL application's session statements run in the open transaction (null: none). MariaDB
   * keeps a {@code SET} when the transaction or a savepoint rolls back; a PostgreSQL side undoes
   * it, so it is given them again after a rollback.
   */
  private List<String> txnSessionSql;

  /**
   * Set while {@link #mirror} reads a statement's transaction control: the secondary's part of
   * {@link #redoSession} must follow that statement (a {@code ROLLBACK}) on the lane, so it waits
   * in {@link #afterMirror} until the statement is queued.
   */
  private boolean mirroring;

  private Runnable afterMirror;

  private Phase txnPhase;

  /** The global phase and overrides the open transaction started under (its snapshot). */
  private Phase txnGlobal;

  private PhaseOverrides txnOverrides;

  /** This connection's writes in dual phases, for its shadow reads (see OwnWrites). */
  final dev.cutover.driver.shadow.OwnWrites ownWrites = new dev.cutover.driver.shadow.OwnWrites();

  /** Whether the open transaction has written: its reads are not shadowed (reset with txnPhase). */
  boolean txnWrote;

  /**
   * The same for a transaction opened with SQL text (BEGIN, SET autocommit = 0): its reads see its
   * own uncommitted writes, which no shadow connection can. Cleared when the text ends it.
   */
  boolean sqlTxnWrote;

  /**
   * A transaction the application opened with SQL text ({@code BEGIN}, {@code START TRANSACTION})
   * while the JDBC autocommit flag stays on; cleared by {@code COMMIT}/{@code ROLLBACK} text.
   */
  private boolean sqlTxnOpen;

  /** MySQL/MariaDB {@code SET autocommit = 0} sent as SQL text: every statement is in a txn. */
  private boolean sqlAutocommitOff;

  /**
   * {@code SET autocommit = 0} with a literal value is in effect: the PostgreSQL sides hold writes
   * in a transaction too. Not for {@code DEFAULT} or a variable, which MariaDB may read as 1.
   */
  private boolean literalAutocommitOff;

  private Phase.Side lastPrimary;
  private boolean closed;

  /** The connection whose statement is running on this thread (control plane accounting). */
  private static final ThreadLocal<CutoverConnection> RUNNING = new ThreadLocal<>();

  private boolean holdsGate;
  private boolean preparing;
  private Phase.Side pendingSide;

  /**
   * An autocommit write running held ({@code dualWrite.autocommitWrites: held}): the primary side
   * whose physical connection was switched to a transaction for it, else null.
   */
  private Phase.Side heldSide;

  private Analysis heldAnalysis;

  public CutoverConnection(MigrationContext ctx) throws SQLException {
    this.ctx = ctx;
    this.dual = new DualWrite(this, ctx);
    this.sessionUndo = ctx.appDialect() == Dialect.POSTGRES ? new SessionUndo() : null;
    Phase.Side primary = ctx.phase().primary();
    physical[primary.ordinal()] = ctx.endpoint(primary).open();
    lastPrimary = primary;
  }

  // ---------------------------------------------------------------- routing

  /**
   * The phase a statement runs under: the transaction's, or the current one in autocommit mode.
   * With per-table overrides it is the phase its tables share; a statement whose tables differ runs
   * under the global phase (a transaction: under the phase its first statement chose) and a write
   * of that kind is journaled, so the side a table missed can be repaired.
   */
  Phase phaseFor(Analysis a) throws SQLException {
    if (preparing) {
      // Preparing fixes nothing: the first execution decides the transaction's phase.
      return a == null ? peekPhase() : peekPhase(a);
    }
    if (a == null) {
      if (autoCommit) {
        return ctx.phase();
      }
      if (txnPhase == null) {
        txnPhase = ctx.phase();
        txnGlobal = txnPhase;
        txnOverrides = ctx.overrides();
      }
      return txnPhase;
    }
    // ---- control plane (issue 5): the write gate and the guards' statement accounting.
    settlePrevious();
    boolean write = a.kind().mutates();
    if (autoCommit) {
      if (write) {
        // Entered before the phase is read: a write held by a fenced flip runs under the new phase.
        ctx.enterWriteGate();
        holdsGate = true;
      }
      Phase p = ctx.phase();
      PhaseOverrides o = ctx.overrides();
      if (o != null) {
        try {
          p = routeByTables(a, p, o, write);
        } catch (SQLException refused) {
          leaveGate();
          throw refused;
        }
      }
      // Not inside a transaction the application opened with SQL text: its COMMIT ends it.
      if (a.kind() == StatementKind.WRITE
          && p.isDual()
          && ctx.holdAutocommitWrites()
          && !inSqlTransaction()) {
        heldSide = p.primary();
        heldAnalysis = a;
      }
      running(p.primary());
      return p;
    }
    if (write && !holdsGate) {
      ctx.enterWriteGate();
      holdsGate = true;
      if (txnPhase != null && (txnGlobal != ctx.phase() || txnOverrides != ctx.overrides())) {
        Phase now = ctx.phase();
        leaveGate();
        throw new SQLTransientException(
            "The phase changed from "
                + txnGlobal
                + " to "
                + now
                + " (or its per-table overrides changed) after this transaction began and before"
                + " its first write; roll back and retry",
            "40001");
      }
    }
    if (txnPhase == null) {
      Phase g = ctx.phase();
      PhaseOverrides o = ctx.overrides();
      Phase first;
      try {
        first = o == null ? g : routeByTables(a, g, o, write);
      } catch (SQLException refused) {
        leaveGate(); // the transaction has not started: nothing ran
        throw refused;
      }
      txnGlobal = g;
      txnOverrides = o;
      txnPhase = first;
      txnWrote = false;
    } else if (txnOverrides != null) {
      Phase.Side other = otherPrimary(a, txnPhase.primary(), txnOverrides, txnGlobal);
      if (other != null) {
        throw mixedPrimaries(
            a,
            txnOverrides,
            txnGlobal,
            "its transaction runs on the " + txnPhase.primary() + " database");
      }
      Phase e = txnOverrides.effective(a, txnGlobal);
      if (write && e != txnPhase) {
        ctx.recordMixedPhases(
            a, txnPhase, txnOverrides, txnGlobal, "the phase its transaction started under");
      }
    }
    running(txnPhase.primary());
    return txnPhase;
  }

  /**
   * The phase the statement's tables share. When their phases differ but one database is the
   * primary of them all, the statement runs there: under the global phase if that is its primary,
   * else under the phase of its first table (a write is journaled either way). When their primaries
   * differ no database holds all its tables fresh, and the statement is refused.
   */
  private Phase routeByTables(Analysis a, Phase global, PhaseOverrides o, boolean write)
      throws SQLException {
    Phase e = o.effective(a, global);
    if (e != null) {
      return e;
    }
    Phase first = o.phaseOf(a.tables().get(0), global);
    if (otherPrimary(a, first.primary(), o, global) != null) {
      throw mixedPrimaries(a, o, global, "its tables' primary databases differ");
    }
    Phase ran = global.primary() == first.primary() ? global : first;
    if (write) {
      ctx.recordMixedPhases(
          a,
          ran,
          o,
          global,
          "its tables' phases differ; all have the " + ran.primary() + " primary");
    }
    return ran;
  }

  /** A table's primary side other than {@code side} under {@code o}, or null when all match. */
  private static Phase.Side otherPrimary(
      Analysis a, Phase.Side side, PhaseOverrides o, Phase global) {
    for (String t : a.tables()) {
      Phase.Side s = o.phaseOf(t, global).primary();
      if (s != side) {
        return s;
      }
    }
    return null;
  }

  private static SQLException mixedPrimaries(
      Analysis a, PhaseOverrides o, Phase global, String why) {
    return new SQLException(
        "Refused: this statement's tables are served by different primary databases under the"
            + " per-table phases ("
            + o.describe(a, global)
            + "; global "
            + global
            + "), and "
            + why
            + ", so part of it would read or write a database that is not primary for that"
            + " table. Split it by table, or move its tables to phases with the same primary.",
        "0A000");
  }

  private void running(Phase.Side side) {
    pendingSide = side;
    RUNNING.set(this);
  }

  /** Called (through the metrics hook) when the statement running on this thread succeeded. */
  static void statementFinished() {
    CutoverConnection c = RUNNING.get();
    if (c != null) {
      RUNNING.set(null);
      c.pendingSide = null;
      if (c.holdsGate && c.autoCommit) {
        c.leaveGate();
      }
    }
  }

  /**
   * A statement that started and never reported success failed on its primary: counted for the
   * rollback guards, and an autocommit write leaves the gate.
   */
  private void settlePrevious() {
    if (heldSide != null) {
      try {
        // Commit, not roll back: an autocommit statement that failed part-way (a MariaDB batch)
        // keeps what it applied, and the secondary is sent exactly that; PostgreSQL turns the
        // commit of a failed transaction into a rollback, as its autocommit batch would.
        finishHeld();
      } catch (SQLException e) {
        LOG.log(System.Logger.Level.DEBUG, "held write: primary commit after a failure", e);
      }
    }
    Phase.Side side = pendingSide;
    if (side != null) {
      pendingSide = null;
      if (RUNNING.get() == this) {
        RUNNING.set(null);
      }
      ctx.observer().failed(side);
    }
    if (holdsGate && autoCommit) {
      leaveGate();
    }
  }

  /**
   * The running statement failed on its primary: counted for the rollback guards now, and an
   * autocommit write leaves the write gate at once rather than at the connection's next call, so an
   * idle connection never holds up a fenced flip.
   */
  void statementFailed() {
    lastInsertIdSql = null;
    settlePrevious();
    if (sessionUndo != null && sessionUndo.changed() && (!autoCommit || sqlTxnOpen)) {
      // Rare (a SET, then a failure, in one transaction): PostgreSQL aborted the transaction
      // unless the vendor driver rolled back to its own savepoint (pgjdbc's autosave), and a COMMIT
      // of an aborted transaction rolls it back silently, the SET with it.
      sessionUndo.failed(transactionAborted());
    }
  }

  /**
   * What to throw for {@code e}, the failure of a statement {@code side} ran for the application: a
   * runtime exception as it is (thrown here), an SQLException as the application's database would
   * have raised it ({@link MigrationContext#appError}).
   */
  SQLException errorFor(Phase.Side side, Exception e) {
    if (e instanceof RuntimeException r) {
      throw r;
    }
    SQLException failure = (SQLException) e;
    SQLException out = ctx.appError(side, failure);
    String state =
        failure instanceof BatchUpdateException b && b.getNextException() != null
            ? b.getNextException().getSQLState()
            : failure.getSQLState();
    if (("40P01".equals(state) || "40001".equals(state))
        && !autoCommit
        && ctx.mysqlTransactionsOn(side)) {
      // InnoDB rolls its deadlock victim's transaction back, locks and all; the application's
      // next statement starts a new one.
      try {
        rollback();
      } catch (SQLException rollbackFailed) {
        out.addSuppressed(rollbackFailed);
      }
    } else if (!autoCommit
        && !"25P02".equals(state)
        && ctx.mysqlTransactionsOn(side)
        && transactionAborted()) {
      // The statement that aborted it (a later one fails with 25P02 and names nothing). Only a
      // hint: the application may yet recover the transaction (a savepoint rolled back to, a
      // ROLLBACK as SQL text), so the COMMIT asks PostgreSQL again.
      abortedBy = out.getMessage();
    }
    return out;
  }

  /**
   * Why PostgreSQL, the primary, aborted the open transaction of a MariaDB/MySQL application (a
   * statement failed in it): its COMMIT would roll everything back without a word, where MariaDB
   * commits the statements that succeeded. The COMMIT fails instead. Null when not aborted.
   */
  private String abortedBy;

  /** Whether the primary's open transaction is aborted (one probe, after a failure only). */
  private boolean transactionAborted() {
    Connection c = physical[lastPrimary.ordinal()];
    if (c == null) {
      return false;
    }
    try (Statement s = c.createStatement()) {
      s.execute("SELECT 1");
      return false;
    } catch (SQLException e) {
      return "25P02".equals(e.getSQLState());
    }
  }

  /** The phase in force for this connection without starting any accounting (metadata look-ups). */
  Phase peekPhase() {
    return txnPhase != null ? txnPhase : ctx.phase();
  }

  /** As {@link #peekPhase()}, for one statement: its tables' phase when overrides apply. */
  Phase peekPhase(Analysis a) {
    if (txnPhase != null) {
      return txnPhase;
    }
    Phase g = ctx.phase();
    PhaseOverrides o = ctx.overrides();
    Phase e = o == null ? null : o.effective(a, g);
    return e != null ? e : g;
  }

  /**
   * A statement could not switch to its primary side: nothing ran. Its accounting is dropped
   * without counting a primary failure (the primary was never asked), an autocommit write leaves
   * the gate, and a transaction whose first statement it was has not started (it ran nothing).
   */
  private void abandonSwitch() {
    pendingSide = null;
    heldSide = null;
    heldAnalysis = null;
    if (RUNNING.get() == this) {
      RUNNING.set(null);
    }
    if (!autoCommit && txnPhase != null && txnPhase.primary() != lastPrimary) {
      txnPhase = null;
      txnGlobal = null;
      txnOverrides = null;
      leaveGate();
    }
    if (autoCommit) {
      leaveGate();
    }
  }

  private void leaveGate() {
    if (holdsGate) {
      holdsGate = false;
      ctx.writeGate().leave();
    }
  }

  /** Ends a transaction's accounting: the statement tally and its hold on the write gate. */
  private void endTransaction() {
    abortedBy = null;
    settlePrevious();
    leaveGate();
  }

  // ---- end of control plane hooks.

  /**
   * The physical connection of the primary side, opened (and brought to the session state) if
   * needed.
   */
  Connection primary(Phase phase) throws SQLException {
    Phase.Side side = phase.primary();
    if (side != lastPrimary) {
      // The side was the secondary until now: its queued writes must land before it serves the app,
      // and its physical connection belongs to the lane until then. Never share it: on timeout the
      // statement fails and the application keeps the side it had.
      long wait = ctx.primarySwitchWaitMillis();
      if (!dual.lane().awaitIdle(wait)) {
        abandonSwitch();
        throw new SQLTransientException(
            "The "
                + side
                + " database is the primary for this statement, but this connection's asynchronous"
                + " secondary writes to it did not finish within "
                + wait
                + " ms (the secondary is slow or blocked); the statement was not run. Retry later"
                + (autoCommit ? "" : " after rolling back"),
            "HYT00");
      }
      lastPrimary = side;
    }
    Connection c = physical[side.ordinal()];
    if (c == null) {
      c = ctx.endpoint(side).open();
      applySession(c, side, true);
      physical[side.ordinal()] = c;
    }
    if (heldSide == side) {
      c.setAutoCommit(false);
    }
    return c;
  }

  /**
   * Ends a held autocommit write: the secondary has applied it (synchronous mode), so the primary
   * commits now and goes back to autocommit. A backfill copying the row meanwhile waited for the
   * primary's row lock, so it reads the row only once both sides hold the write, and a relative
   * update ({@code total = total + 1}) cannot be applied on top of a copy that already has it. If
   * the primary's commit fails the secondary holds a write the primary does not: journaled, and the
   * application gets the error.
   */
  void finishHeld() throws SQLException {
    Phase.Side side = heldSide;
    if (side == null) {
      return;
    }
    heldSide = null;
    Analysis a = heldAnalysis;
    heldAnalysis = null;
    Connection c = physical[side.ordinal()];
    if (c == null) {
      return;
    }
    try {
      c.commit();
    } catch (SQLException e) {
      ctx.record(
          Divergence.Kind.PRIMARY_COMMIT_FAILED,
          a,
          a == null ? "" : a.fingerprint(),
          List.of(),
          List.of(),
          "the primary's commit of a held autocommit write failed after the secondary applied"
              + " it: "
              + e.getMessage(),
          e.getSQLState());
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // The connection is broken; setAutoCommit below reports it or the next use does.
      }
      c.setAutoCommit(true);
      throw e;
    }
    c.setAutoCommit(true);
  }

  boolean inTransaction() {
    return !autoCommit;
  }

  /**
   * Hands a successful primary write to the secondary. A write inside a transaction the application
   * opened with SQL text is never grouped with other writes into a transaction of the driver's: the
   * driver would commit it on the secondary before the application's own COMMIT or ROLLBACK.
   */
  void mirror(Phase phase, Mirror m) {
    boolean sqlTxnBefore = inSqlTransaction();
    mirroring = true;
    try {
      noteTransactionText(m.analysis, m.sql);
    } finally {
      mirroring = false;
    }
    m.autocommitOff = literalAutocommitOff;
    if (lastInsertIdSql != null) {
      if (lastInsertIdSql.equals(m.sql)) {
        m.lastInsertId = lastInsertIdValue;
      }
      lastInsertIdSql = null;
    }
    if (ctx.endpoint(phase.primary()).dialect() == Dialect.MYSQL && DualWrite.commitsOnMysql(m)) {
      // MariaDB/MySQL committed the transaction opened with START TRANSACTION before the DDL, and
      // with it the session statements run in it: a later rollback does not undo them.
      sqlTxnOpen = false;
      sqlTxnWrote = false;
      txnSessionSql = null;
    }
    dual.write(phase.secondary(), m, !autoCommit, sqlTxnBefore || inSqlTransaction());
    if (afterMirror != null) {
      Runnable r = afterMirror;
      afterMirror = null;
      dual.lane().control(r);
    }
  }

  /** The write whose {@code LAST_INSERT_ID()} was read on the primary, and the value; see below. */
  private String lastInsertIdSql;

  private Long lastInsertIdValue;

  /**
   * Before the primary runs a write that calls MySQL's {@code LAST_INSERT_ID()}: what that gives on
   * the primary's connection now, or null (for anything else, or when it cannot be read). Read
   * before the write, because after it the function gives the write's own id. In a dual phase the
   * value goes to the secondary (see {@link Mirror#lastInsertId}), whose connection was given the
   * primary's ids and generated none. On a PostgreSQL primary the write runs with the value too:
   * {@code lastval()}, its translation, would see the {@code nextval()} of the row's own key first.
   * An extra round trip for such writes only.
   */
  Long readLastInsertId(Phase phase, Analysis a, String sql, Connection pc) {
    lastInsertIdSql = null;
    if (!a.nonDeterministic()
        || !a.kind().mutates()
        || ctx.appDialect() != Dialect.MYSQL
        || a.statementCount() > 1
        || !LastInsertId.uses(sql)) {
      // Several statements: the value may change between them; the secondary's copy is journaled.
      return null;
    }
    boolean mysql = ctx.endpoint(phase.primary()).dialect() == Dialect.MYSQL;
    if (mysql && !phase.isDual()) {
      return null;
    }
    Long set = mysql ? null : insertIdNow(pc);
    if (set != null) {
      // LAST_INSERT_ID(expr) set it after the connection's latest generated id.
      if (phase.isDual()) {
        lastInsertIdSql = sql;
        lastInsertIdValue = set;
      }
      return set;
    }
    try {
      Savepoint sp = mysql || pc.getAutoCommit() ? null : pc.setSavepoint();
      try (Statement st = pc.createStatement();
          ResultSet rs = st.executeQuery(mysql ? "SELECT LAST_INSERT_ID()" : "SELECT lastval()")) {
        if (!rs.next()) {
          return null;
        }
        long value = rs.getLong(1);
        if (sp != null) {
          pc.releaseSavepoint(sp);
        }
        if (phase.isDual()) {
          lastInsertIdSql = sql;
          lastInsertIdValue = value;
        }
        return value;
      } catch (SQLException undefined) {
        // PostgreSQL: no nextval() yet in this session; the write itself fails the same way.
        if (sp != null) {
          pc.rollback(sp);
        }
        return null;
      }
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not read LAST_INSERT_ID() on the primary", e);
      return null;
    }
  }

  /**
   * A batch calling {@code LAST_INSERT_ID()} on a PostgreSQL primary fails before anything runs:
   * there the translation's {@code lastval()} would give each inserted row its own new id, and the
   * value cannot be read per row beforehand. MySQL's batches run as they do.
   */
  void refuseBatchedLastInsertId(Phase phase, boolean mayCall, List<String> sqls)
      throws SQLException {
    if (!mayCall
        || ctx.appDialect() != Dialect.MYSQL
        || ctx.endpoint(phase.primary()).dialect() == Dialect.MYSQL) {
      return;
    }
    for (String sql : sqls) {
      if (LastInsertId.uses(sql)) {
        // Nothing ran: the statement's accounting (and the write gate) ends here.
        statementFailed();
        throw new SQLException(
            "LAST_INSERT_ID() in a batch cannot run on PostgreSQL, the primary: its lastval()"
                + " would give each row its own new id; execute the rows one at a time: "
                + sql,
            "0A000");
      }
    }
  }

  // ---------------------------------------------------------------- LAST_INSERT_ID(expr)

  /**
   * On a PostgreSQL primary of a MySQL application: the value of the connection's latest {@code
   * LAST_INSERT_ID(expr)}, which MySQL's {@code LAST_INSERT_ID()} gives until an INSERT generates
   * an id; null when none was set, or an id was generated since ({@code lastval()} answers then).
   * Kept here rather than in the session: MySQL keeps it across a ROLLBACK, PostgreSQL's setting
   * does not.
   */
  private Long insertIdSet;

  /**
   * {@code lastval()} right after {@link #insertIdSet} was read, or null: not defined then. A value
   * the driver drew from its own session sequence ({@link #MARKER_SEQUENCE}) where it could, so
   * that no id the application's tables generate can equal it.
   */
  private Long insertIdMarker;

  /** Whether a write ran since {@link #insertIdSet} was read: it may have generated an id. */
  private boolean insertIdMayBeStale;

  /** Whether {@code lastval()} failed at the latest reading: not defined in the session. */
  private boolean lastvalUndefined;

  /** Whether the session may not create {@link #MARKER_SEQUENCE} (no TEMP privilege). */
  private boolean markerSequenceRefused;

  /**
   * The driver's temporary sequence, one per PostgreSQL session: drawn from when a {@code
   * LAST_INSERT_ID(expr)} value is read, so that {@code lastval()} changes exactly when the
   * application's next id is generated. Comparing with the application's own last id instead was
   * fooled when another table's sequence handed out that same number: the counter's value answered
   * where MariaDB gives the new id. It counts up from the lowest bigint, which no application
   * sequence reaches.
   */
  static final String MARKER_SEQUENCE = "cutover_last_insert_id";

  /**
   * After a statement succeeded on {@code side}: when it called {@code LAST_INSERT_ID(expr)} on a
   * PostgreSQL side answering a MySQL application, reads the value its translation left in the
   * session setting (and empties the setting, so a statement that sets nothing, an UPDATE matching
   * no row, is told apart), and marks {@code lastval()} to tell later whether an INSERT generated
   * an id since. One more round trip for such statements only (three in a transaction: under a
   * savepoint); others pay a text check, or a kind check while a value is kept.
   */
  void insertIdAfter(Phase.Side side, Analysis a, String sql, Connection pc) {
    if (ctx.appDialect() != Dialect.MYSQL
        || ctx.endpoint(side).dialect() == Dialect.MYSQL
        || insertIdSet == null && !LastInsertId.mentions(sql)) {
      return;
    }
    if (LastInsertId.sets(sql) && readInsertIdSet(pc)) {
      return;
    }
    if (insertIdSet != null
        && (a.kind() == StatementKind.WRITE || a.kind() == StatementKind.UNKNOWN)) {
      insertIdMayBeStale = true;
    }
  }

  /** As {@link #insertIdAfter} for a batch: the last statement that set a value gives it. */
  void insertIdAfterBatch(Phase.Side side, List<String> sqls, Connection pc) {
    if (ctx.appDialect() != Dialect.MYSQL
        || ctx.endpoint(side).dialect() == Dialect.MYSQL
        || insertIdSet == null && sqls.stream().noneMatch(LastInsertId::mentions)) {
      return;
    }
    for (int i = sqls.size() - 1; i >= 0; i--) {
      String sql = sqls.get(i);
      if (LastInsertId.sets(sql)) {
        insertIdAfter(side, ctx.analyze(sql), sql, pc);
        return;
      }
    }
    if (insertIdSet != null) {
      insertIdMayBeStale = true;
    }
  }

  /** The value and the marker read after a statement that called {@code LAST_INSERT_ID(expr)}. */
  private record Marked(String text, Long lastval) {}

  /** Reads and empties the setting; whether it held a value. */
  private boolean readInsertIdSet(Connection pc) {
    try (Statement st = pc.createStatement()) {
      Marked m = markerSequenceRefused ? null : readWithOwnMarker(pc, st);
      if (m == null) {
        m = readWithLastval(pc, st);
      }
      if (m.text() == null || m.text().isEmpty()) {
        return false;
      }
      insertIdSet = m.text().equals("null") ? 0L : Long.parseLong(m.text());
      insertIdMarker = m.lastval();
      insertIdMayBeStale = false;
      return true;
    } catch (SQLException | RuntimeException e) {
      // Not known: lastval() answers, as before (and may be wrong after a counter UPDATE).
      LOG.log(System.Logger.Level.DEBUG, "could not read LAST_INSERT_ID(expr)'s value", e);
      insertIdSet = null;
      return false;
    }
  }

  /**
   * The setting, with a value drawn from {@link #MARKER_SEQUENCE} (created if the session has none:
   * a rollback or {@code DISCARD} drops it) as the marker when the setting holds one, so that
   * {@code lastval()} stays the application's own when nothing was set. One round trip; null when
   * the sequence cannot be made or drawn from (a read-only transaction, no TEMP privilege), and the
   * setting is then left as it was.
   */
  private Marked readWithOwnMarker(Connection pc, Statement st) throws SQLException {
    String setting = "'" + LastInsertId.SETTING + "'";
    String sql =
        "CREATE TEMP SEQUENCE IF NOT EXISTS "
            + MARKER_SEQUENCE
            + " AS bigint MINVALUE -9223372036854775808 START WITH -9223372036854775808; SELECT"
            + " current_setting("
            + setting
            + ", true), CASE WHEN current_setting("
            + setting
            + ", true) <> '' THEN nextval('pg_temp."
            + MARKER_SEQUENCE
            + "') END, set_config("
            + setting
            + ", '', false)";
    return underSavepoint(
        pc,
        st,
        "cutover_last_insert_id",
        () -> {
          st.execute(sql);
          while (!st.getMoreResults() && st.getUpdateCount() != -1) {
            // the CREATE's count
          }
          try (ResultSet rs = st.getResultSet()) {
            rs.next();
            long marker = rs.getLong(2);
            return new Marked(rs.getString(1), rs.wasNull() ? null : marker);
          }
        },
        failed -> {
          if (failed instanceof SQLException e && "42501".equals(e.getSQLState())) {
            markerSequenceRefused = true;
          }
          return null;
        });
  }

  /**
   * The setting, with the application's own {@code lastval()} as the marker (null when not
   * defined): where the driver's sequence cannot be used. Another table's sequence handing out that
   * same number then looks like no id was generated (docs/driver.md, Known limits).
   */
  private Marked readWithLastval(Connection pc, Statement st) throws SQLException {
    String read =
        "SELECT current_setting('"
            + LastInsertId.SETTING
            + "', true), set_config('"
            + LastInsertId.SETTING
            + "', '', false)";
    if (!(lastvalUndefined && insertIdSet != null && !insertIdMayBeStale)) {
      // Failed: lastval is not yet defined in this session, no id was generated on it.
      Marked m =
          underSavepoint(
              pc,
              st,
              "cutover_last_insert_id",
              () -> {
                try (ResultSet rs = st.executeQuery(read + ", lastval()")) {
                  rs.next();
                  return new Marked(rs.getString(1), rs.getLong(3));
                }
              },
              undefined -> null);
      lastvalUndefined = m == null;
      if (m != null) {
        return m;
      }
    }
    try (ResultSet rs = st.executeQuery(read)) {
      rs.next();
      return new Marked(rs.getString(1), null);
    }
  }

  /** A query of the driver's own on the primary's connection (see {@link #underSavepoint}). */
  @FunctionalInterface
  private interface OwnQuery<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code query}, a statement of the driver's own on the application's PostgreSQL connection
   * {@code pc}; inside a transaction (the application's, or one opened with BEGIN as text) under a
   * savepoint written as text through {@code control}, so that its failure, answered by {@code
   * failed}, leaves the transaction as it was. A failure of the savepoint statements is thrown.
   */
  private <T> T underSavepoint(
      Connection pc,
      Statement control,
      String name,
      OwnQuery<T> query,
      java.util.function.Function<Exception, T> failed)
      throws SQLException {
    boolean savepoint = !autoCommit || inSqlTransaction() || !pc.getAutoCommit();
    if (savepoint) {
      control.execute("SAVEPOINT " + name);
    }
    T result;
    try {
      result = query.run();
    } catch (SQLException | RuntimeException e) {
      if (savepoint) {
        control.execute("ROLLBACK TO SAVEPOINT " + name);
        control.execute("RELEASE SAVEPOINT " + name);
      }
      return failed.apply(e);
    }
    if (savepoint) {
      control.execute("RELEASE SAVEPOINT " + name);
    }
    return result;
  }

  /**
   * What MySQL's {@code LAST_INSERT_ID()} gives on this connection when that is the value of a
   * {@code LAST_INSERT_ID(expr)}, else null ({@code lastval()} answers). After a write since, one
   * round trip reads {@code lastval()}: changed since the value was set means an id was generated.
   */
  Long insertIdNow(Connection pc) {
    if (insertIdSet == null) {
      return null;
    }
    if (insertIdMayBeStale) {
      Long now;
      try (Statement st = pc.createStatement()) {
        now =
            underSavepoint(
                pc,
                st,
                "cutover_last_insert_id",
                () -> {
                  try (ResultSet rs = st.executeQuery("SELECT lastval()")) {
                    rs.next();
                    return rs.getLong(1);
                  }
                },
                undefined -> null);
      } catch (SQLException e) {
        LOG.log(System.Logger.Level.DEBUG, "could not read lastval()", e);
        return null;
      }
      // Not defined: the sequence last drawn from was dropped since (the driver's own, by a
      // rollback of the transaction that made it, or DISCARD), and no id was generated after.
      if (now != null && !now.equals(insertIdMarker)) {
        insertIdSet = null;
        return null;
      }
      insertIdMayBeStale = false;
    }
    return insertIdSet;
  }

  /**
   * The text {@code side} runs instead of a read calling {@code LAST_INSERT_ID()}, with the value
   * of the connection's latest {@code LAST_INSERT_ID(expr)} in its place; null when that is not the
   * answer.
   */
  String withInsertIdSet(Phase.Side side, Analysis a, String sql, Connection pc) {
    if (insertIdSet == null
        || !a.nonDeterministic()
        || a.statementCount() > 1
        || ctx.endpoint(side).dialect() == Dialect.MYSQL
        || !LastInsertId.uses(sql)) {
      return null;
    }
    Long value = insertIdNow(pc);
    return value == null ? null : ctx.sqlForOnce(side, LastInsertId.substitute(sql, value));
  }

  // ---------------------------------------------------------------- FOUND_ROWS()

  /**
   * MySQL's {@code FOUND_ROWS()} where a PostgreSQL side answers a MySQL application: the count the
   * driver took after the latest {@code SELECT SQL_CALC_FOUND_ROWS} on this connection, or -1 once
   * a statement since may have changed what MySQL would answer (any other SELECT does).
   */
  private long foundRows = -1;

  /**
   * Whether a count was taken on a PostgreSQL side and no statement that sets FOUND_ROWS() ran on a
   * MySQL side since: that side's own session value then answers for an older SELECT (a table with
   * a per-table phase of its own, a phase changed between the two). False for every connection that
   * never took a count, so other statements check this flag and nothing else.
   */
  private boolean foundRowsElsewhere;

  /** Binds a statement's first parameters to the count query, for {@link #countFoundRows}. */
  @FunctionalInterface
  interface FoundRowsParameters {
    void bind(PreparedStatement ps, int parameters) throws SQLException;
  }

  /**
   * The text {@code side} runs instead of the application's {@code sql}, with each {@code
   * FOUND_ROWS()} replaced by the connection's count; null when nothing is replaced: another
   * statement, or a MySQL side whose own value is the answer. When the count is not known (or the
   * statement is a write the secondary would replay with its own session's value) a FOUND_ROWS()
   * PostgreSQL would be sent, or a MySQL side would answer with its value for an older SELECT (the
   * latest ran on PostgreSQL), is refused here with SQLSTATE 0A000: no guess, and nothing is sent,
   * so a transaction stays usable (PostgreSQL's own refusal would abort it).
   */
  String withFoundRows(Phase.Side side, Analysis a, String sql, boolean dual) throws SQLException {
    if (!a.nonDeterministic()
        || !foundRowsElsewhere && !countsFoundRows(side)
        || a.statementCount() > 1
        || !FoundRows.uses(sql)) {
      return null;
    }
    if (foundRows >= 0 && !dual) {
      return ctx.sqlForOnce(side, FoundRows.substitute(sql, foundRows));
    }
    statementFailed();
    throw new SQLException(
        dual && foundRows >= 0
            ? "FOUND_ROWS() in a write in a dual phase is not supported: the secondary would replay"
                + " it with its own session's value"
            : countsFoundRows(side)
                ? "FOUND_ROWS() is answered on PostgreSQL only after a SELECT SQL_CALC_FOUND_ROWS"
                    + " (and statements that keep its count): the latest SELECT's row count is not"
                    + " known to the driver"
                : "FOUND_ROWS() would be answered by the "
                    + side
                    + " database for an older SELECT: this connection's latest SELECT ran on the"
                    + " other database, and the driver does not know its row count",
        "0A000");
  }

  /** Whether the driver answers FOUND_ROWS() on {@code side}: MySQL SQL on PostgreSQL. */
  boolean countsFoundRows(Phase.Side side) {
    return ctx.appDialect() == Dialect.MYSQL && ctx.endpoint(side).dialect() != Dialect.MYSQL;
  }

  /**
   * After a read succeeded on {@code side}: for a {@code SELECT SQL_CALC_FOUND_ROWS} there, the
   * number of rows it returns without its LIMIT, counted on the same connection (in the same
   * transaction, under a savepoint so a failure leaves it usable), else -1. An extra round trip for
   * such statements only; other reads pay a text check. In autocommit the count is a statement of
   * its own, so it sees rows committed in between, which MySQL's does not.
   */
  long countFoundRows(
      Phase.Side side,
      Analysis a,
      String sql,
      Connection pc,
      FoundRowsParameters parameters,
      int timeoutSeconds) {
    if (a.kind() != StatementKind.READ && a.kind() != StatementKind.LOCKING_READ
        || a.statementCount() > 1
        || !countsFoundRows(side)
        || !FoundRows.mentions(sql)) {
      return -1;
    }
    FoundRows.Count plan = FoundRows.count(sql);
    if (plan == null) {
      return -1;
    }
    // In a transaction (the application's, or one opened with BEGIN as text) a failed count would
    // abort it on PostgreSQL: under a savepoint, written as text as the second kind needs.
    try (Statement control = pc.createStatement()) {
      return underSavepoint(
          pc,
          control,
          "cutover_found_rows",
          () -> {
            try (PreparedStatement ps = pc.prepareStatement(ctx.sqlFor(side, plan.sql()))) {
              if (timeoutSeconds > 0) {
                ps.setQueryTimeout(timeoutSeconds);
              }
              if (plan.parameters() > 0) {
                parameters.bind(ps, plan.parameters());
              }
              try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1L;
              }
            }
          },
          e -> {
            LOG.log(System.Logger.Level.DEBUG, "could not count the rows for FOUND_ROWS()", e);
            return -1L;
          });
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not count the rows for FOUND_ROWS()", e);
      return -1;
    }
  }

  /**
   * After a statement succeeded on {@code side}: {@code counted} (from {@link #countFoundRows})
   * becomes what FOUND_ROWS() answers, or the count is kept across what MariaDB keeps it across
   * (writes, DDL, SET and transaction control without a SELECT in them; failed statements never get
   * here), and otherwise it is the row count of the statement: 1 for a SELECT without FROM ({@code
   * SELECT FOUND_ROWS()} itself), else unknown: MariaDB answers a plain SELECT's row count, which
   * the driver does not know (the application may not read every row). Such a statement on a MySQL
   * side sets that side's own value, which answers from then on.
   */
  void foundRowsAfter(Phase.Side side, Analysis a, String sql, long counted) {
    if (counted >= 0) {
      foundRows = counted;
      foundRowsElsewhere = true;
    } else if (!foundRowsElsewhere) {
      return;
    } else if (countsFoundRows(side)) {
      if (foundRows >= 0 && !keepsFoundRows(a, sql)) {
        // SELECT FOUND_ROWS() itself, and any SELECT without FROM, returns one row.
        foundRows =
            a.kind() == StatementKind.READ && a.statementCount() == 1 && FoundRows.oneRow(sql)
                ? 1
                : -1;
      }
    } else if (!keepsFoundRows(a, sql)) {
      foundRows = -1;
      foundRowsElsewhere = false;
    }
  }

  /** As {@link #foundRowsAfter} for a batch of statements: kept if each keeps it. */
  void foundRowsAfterBatch(Phase.Side side, List<String> sqls) {
    if (!foundRowsElsewhere || foundRows < 0 && countsFoundRows(side)) {
      return;
    }
    for (String sql : sqls) {
      if (!keepsFoundRows(ctx.analyze(sql), sql)) {
        foundRows = -1;
        foundRowsElsewhere = countsFoundRows(side);
        return;
      }
    }
  }

  private static boolean keepsFoundRows(Analysis a, String sql) {
    switch (a.kind()) {
      case WRITE:
      case DDL:
      case SESSION:
      case TRANSACTION:
        break;
      default:
        return false;
    }
    if (sql == null || a.statementCount() > 1) {
      return false;
    }
    // INSERT ... SELECT, a subquery, SET @x = (SELECT ...): MariaDB counts their SELECT's rows.
    for (int i = 0; i + 6 <= sql.length(); i++) {
      if (sql.regionMatches(true, i, "select", 0, 6)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a transaction opened with SQL text (or {@code SET autocommit = 0}) is open. */
  boolean inSqlTransaction() {
    return sqlTxnOpen || sqlAutocommitOff;
  }

  /** Follows the transaction control the application sends as SQL text; after primary success. */
  private void noteTransactionText(Analysis a, String sql) {
    if (sessionUndo != null
        && a.kind() == StatementKind.TRANSACTION
        && (!autoCommit || sqlTxnOpen)) {
      // SAVEPOINT, ROLLBACK TO, RELEASE as text; the transaction's end is followed below.
      undoSession(sessionUndo.savepointText(sql, sessionMark()));
    } else if (txnSessionSql != null
        && a.kind() == StatementKind.TRANSACTION
        && SessionUndo.rollsBackToSavepoint(sql)) {
      redoSession(false);
    }
    // Runs for every statement, reads included; almost all carry none, so no iterator for them.
    List<Analysis.TransactionText> text = a.transactionText();
    for (int i = 0; i < text.size(); i++) {
      switch (text.get(i)) {
        case BEGINS:
          sqlTxnOpen = true;
          break;
        case ENDS:
          sqlTxnOpen = false;
          sqlTxnWrote = false;
          if (sessionUndo != null) {
            undoSession(sessionUndo.ended(SessionUndo.rollsBack(sql)));
          } else if (txnSessionSql != null) {
            if (SessionUndo.rollsBack(sql)) {
              redoSession(true);
            } else {
              txnSessionSql = null;
            }
          }
          break;
        case AUTOCOMMIT_OFF:
          sqlAutocommitOff = true;
          literalAutocommitOff = true;
          break;
        case AUTOCOMMIT_UNKNOWN:
          sqlAutocommitOff = true;
          literalAutocommitOff = false;
          break;
        case AUTOCOMMIT_ON:
          sqlAutocommitOff = false;
          literalAutocommitOff = false;
          sqlTxnOpen = false;
          sqlTxnWrote = false;
          // SET autocommit = 1 commits: the transaction's session statements are kept as they are.
          txnSessionSql = null;
          break;
        default:
          break;
      }
    }
  }

  /**
   * The secondary's physical connection, opening it when needed; null (and journaled) when
   * unavailable.
   */
  Connection secondaryConnection(Phase.Side side, Mirror m) {
    Connection c = physical[side.ordinal()];
    if (c != null) {
      return c;
    }
    Endpoint ep = ctx.endpoint(side);
    String sql = ctx.sqlFor(side, m.sql);
    if (ep.isDown()) {
      ctx.record(
          Divergence.Kind.SECONDARY_UNAVAILABLE,
          m.analysis,
          sql,
          m.displayParameters(),
          m.keysOrEmpty(),
          "secondary marked down after a connection failure; retrying later",
          "08001");
      return null;
    }
    try {
      c = ep.open();
      ep.markUp();
      applySession(c, side, false);
      physical[side.ordinal()] = c;
      return c;
    } catch (SQLException e) {
      ep.markDown();
      ctx.record(
          Divergence.Kind.SECONDARY_UNAVAILABLE,
          m.analysis,
          sql,
          m.displayParameters(),
          m.keysOrEmpty(),
          e.getMessage(),
          e.getSQLState());
      return null;
    }
  }

  /**
   * The secondary's connection if one is open, else null; used for commit, rollback and savepoints.
   */
  Connection openSecondary(Phase.Side side) {
    return physical[side.ordinal()];
  }

  /**
   * Opens the secondary for a savepoint so that later writes in the transaction can roll back to
   * it.
   */
  Connection ensureSecondary(Phase.Side side) {
    Connection c = physical[side.ordinal()];
    if (c != null || ctx.endpoint(side).isDown()) {
      return c;
    }
    try {
      c = ctx.endpoint(side).open();
      applySession(c, side, false);
      physical[side.ordinal()] = c;
      return c;
    } catch (SQLException e) {
      ctx.endpoint(side).markDown();
      LOG.log(System.Logger.Level.WARNING, "Secondary " + side + " unreachable: " + e.getMessage());
      return null;
    }
  }

  /**
   * After a secondary error: drop the connection when it is broken so the next write reconnects.
   */
  void secondaryFailed(Phase.Side side, SQLException e) {
    Connection c = physical[side.ordinal()];
    String state = e.getSQLState();
    boolean broken = state != null && state.startsWith("08");
    if (!broken && c != null) {
      try {
        broken = c.isClosed() || !c.isValid(2);
      } catch (SQLException ignored) {
        broken = true;
      }
    }
    if (broken && c != null) {
      physical[side.ordinal()] = null;
      ctx.endpoint(side).markDown();
      try {
        c.close();
      } catch (SQLException closeFailure) {
        LOG.log(System.Logger.Level.DEBUG, "closing broken secondary", closeFailure);
      }
    }
  }

  /**
   * Closes and forgets the secondary's connection {@code c} (lane only) whatever the error was: its
   * transaction or autocommit state is unknown, so the next write opens a fresh one. The database
   * is not marked down.
   */
  void dropSecondary(Phase.Side side, Connection c) {
    if (physical[side.ordinal()] == c) {
      physical[side.ordinal()] = null;
    }
    try {
      c.close();
    } catch (SQLException closeFailure) {
      LOG.log(System.Logger.Level.DEBUG, "closing secondary in an unknown state", closeFailure);
    }
  }

  /** Session state as one physical connection must be given it; immutable. */
  private record SessionState(
      boolean autoCommit,
      int isolation,
      Boolean readOnly,
      String catalog,
      String schema,
      List<String> sessionSql) {
    static final SessionState INITIAL = new SessionState(true, -1, null, null, null, List.of());
  }

  private SessionState snapshotSession() {
    return new SessionState(
        autoCommit, isolation, readOnly, catalog, schema, List.copyOf(sessionSql));
  }

  /**
   * Gives a newly opened connection the session state: the application's for a primary (opened on
   * its thread), the lane's for a secondary.
   */
  private void applySession(Connection c, Phase.Side side, boolean primary) throws SQLException {
    SessionState st = primary ? snapshotSession() : laneSession;
    try {
      // A PostgreSQL primary opened while the application's SET autocommit = 0 is in effect holds
      // its writes as MariaDB did (a secondary is switched by each write, see Mirror).
      c.setAutoCommit(
          st.autoCommit()
              && !(primary
                  && literalAutocommitOff
                  && ctx.endpoint(side).dialect() != Dialect.MYSQL));
      applyTransactionState(c, side, st);
    } catch (SQLException e) {
      if (primary) {
        throw e;
      }
      journalSession(side, "connection state", e);
    }
    for (String sql : st.sessionSql()) {
      try (Statement s = c.createStatement()) {
        s.execute(ctx.sqlFor(side, sql));
      } catch (SQLException e) {
        if (primary) {
          throw e;
        }
        journalSession(side, sql, e);
      }
    }
  }

  private void applyTransactionState(Connection c, Phase.Side side, SessionState st)
      throws SQLException {
    if (st.isolation() != -1) {
      c.setTransactionIsolation(st.isolation());
    }
    if (st.readOnly() != null) {
      c.setReadOnly(st.readOnly());
    }
    if (st.catalog() != null && ctx.endpoint(side).dialect() == ctx.appDialect()) {
      c.setCatalog(st.catalog());
    }
    if (st.schema() != null) {
      c.setSchema(st.schema());
    }
  }

  /**
   * After the secondary's transaction ended (lane): applies again the state it refused during the
   * transaction, so it does not keep the old isolation or read-only flag for the rest of the
   * connection's life.
   */
  void secondaryTransactionEnded(Phase.Side side) {
    if (!laneStateStale) {
      return;
    }
    laneStateStale = false;
    Connection c = physical[side.ordinal()];
    if (c == null) {
      return;
    }
    try {
      applyTransactionState(c, side, laneSession);
    } catch (SQLException e) {
      journalSession(side, "connection state after the transaction", e);
    }
  }

  private void journalSession(Phase.Side side, String what, SQLException e) {
    ctx.metrics().divergence(Divergence.Kind.SESSION_STATE);
    ctx.journal()
        .record(
            Divergence.Kind.SESSION_STATE,
            List.of(),
            what,
            List.of(),
            List.of(),
            side + ": " + e.getMessage(),
            e.getSQLState());
  }

  /** Applies a change of connection state to every other open physical connection. */
  private void applyToOthers(Phase.Side primary, StateChange change, String what) {
    Phase.Side other = primary.other();
    SessionState state = snapshotSession();
    // Always through the lane, even with no secondary open: the lane's copy of the state must
    // change in order with the writes queued before and after.
    dual.lane()
        .control(
            () -> {
              laneSession = state;
              Connection c = physical[other.ordinal()];
              if (c == null) {
                return;
              }
              try {
                change.apply(c);
              } catch (SQLException e) {
                laneStateStale = true;
                journalSession(other, what, e);
              }
            });
  }

  @FunctionalInterface
  private interface StateChange {
    void apply(Connection c) throws SQLException;
  }

  /**
   * The side whose physical connection the application's thread uses: the last primary. The other
   * side's connection belongs to the secondary lane and is touched only through it.
   */
  private Phase.Side currentPrimarySide() {
    return lastPrimary;
  }

  private Connection current() throws SQLException {
    checkOpen();
    return primary(txnPhase != null ? txnPhase : ctx.phase());
  }

  /** Records a session statement ({@code SET ...}) so connections opened later get it too. */
  void rememberSession(Analysis a, String sql, Phase phase) {
    noteTransactionText(a, sql);
    if (a.kind() != StatementKind.SESSION) {
      return;
    }
    // A set_config(..., true) or PostgreSQL's SET LOCAL lasts until the transaction ends: applied
    // to the other side's connection (in its transaction) but not kept for connections opened
    // later.
    if (!ShadowSession.transactionLocal(sql)
        && !(sessionUndo != null && SessionUndo.setLocal(sql))) {
      if (sessionUndo == null
          && ctx.appDialect() == Dialect.MYSQL
          && (!autoCommit || inSqlTransaction())) {
        if (txnSessionSql == null) {
          txnSessionSql = new ArrayList<>(2);
        }
        txnSessionSql.add(sql);
      }
      if (sessionUndo != null && (!autoCommit || sqlTxnOpen)) {
        sessionUndo.changing(sessionMark());
      }
      // A pooled connection may send the same SET on every checkout, and a tenant's
      // set_config('app.user', ?, false) another value on each: keep the latest of each
      // setting, so the list (replayed on every connection opened later) does not grow without
      // bound. (Not when it reads a user variable: moving it past a SET of that variable changes
      // it.)
      if (sql.indexOf('@') < 0) {
        String key = ShadowSession.key(sql);
        sessionSql.removeIf(s -> ShadowSession.key(s).equals(key));
      }
      sessionSql.add(sql);
      shadowSession = shadowSession.withStatement(sql);
    }
    Phase.Side other = phase.primary().other();
    applyToOthers(
        phase.primary(),
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute(ctx.sqlFor(other, sql));
          }
        },
        sql);
  }

  private SessionUndo.Mark sessionMark() {
    return new SessionUndo.Mark(List.copyOf(sessionSql), shadowSession);
  }

  /**
   * After a rollback of the transaction ({@code ended}) or to a savepoint: runs a MySQL
   * application's session statements of the transaction again on the PostgreSQL sides, which undid
   * them where MariaDB keeps them. On a connection whose transaction goes on (JDBC autocommit off)
   * they open the next one, so they are kept for its rollback too.
   */
  private void redoSession(boolean ended) {
    List<String> redo = txnSessionSql;
    if (redo == null) {
      return;
    }
    txnSessionSql = ended && autoCommit && !sqlAutocommitOff ? null : new ArrayList<>(redo);
    Phase.Side primary = txnPhase != null ? txnPhase.primary() : lastPrimary;
    Connection p = physical[primary.ordinal()];
    if (p != null && ctx.endpoint(primary).dialect() == Dialect.POSTGRES) {
      runSession(p, primary, redo);
    }
    Phase.Side other = primary.other();
    if (ctx.endpoint(other).dialect() == Dialect.POSTGRES) {
      // redo is no longer the field's list: nothing changes it after this.
      Runnable onLane =
          () -> {
            Connection c = physical[other.ordinal()];
            if (c != null) {
              runSession(c, other, redo);
            }
          };
      if (mirroring) {
        afterMirror = onLane;
      } else {
        dual.lane().control(onLane);
      }
    }
  }

  /** Runs session statements on {@code side}'s connection; a failure is journaled. */
  private void runSession(Connection c, Phase.Side side, List<String> sqls) {
    for (String sql : sqls) {
      try (Statement s = c.createStatement()) {
        s.execute(ctx.sqlFor(side, sql));
      } catch (SQLException e) {
        journalSession(side, sql, e);
      }
    }
  }

  /**
   * Forgets the session statements a rollback undid on the database (PostgreSQL), so connections
   * opened later, on either side, and shadow reads do not get them. The connections open now rolled
   * back with the transaction.
   */
  private void undoSession(SessionUndo.Mark m) {
    if (m == null || m.statements().equals(sessionSql)) {
      return;
    }
    sessionSql.clear();
    sessionSql.addAll(m.statements());
    shadowSession = shadowSession.withStatementsOf(m.shadow());
    SessionState state = snapshotSession();
    dual.lane().control(() -> laneSession = state);
  }

  /** The session state a shadow read of this connection must run under. */
  ShadowSession shadowSession() {
    return shadowSession;
  }

  void register(CutoverStatement s) {
    statements.add(s);
  }

  void unregister(CutoverStatement s) {
    statements.remove(s);
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("Connection is closed", "08003");
    }
  }

  // ---------------------------------------------------------------- statements

  @Override
  public Statement createStatement() throws SQLException {
    return createStatement(
        java.sql.ResultSet.TYPE_FORWARD_ONLY, java.sql.ResultSet.CONCUR_READ_ONLY);
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return createStatement(resultSetType, resultSetConcurrency, -1);
  }

  @Override
  public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
    checkOpen();
    return new CutoverStatement(this, type, concurrency, holdability);
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return prepare(
        sql, java.sql.ResultSet.TYPE_FORWARD_ONLY, java.sql.ResultSet.CONCUR_READ_ONLY, -1, null);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int type, int concurrency)
      throws SQLException {
    return prepare(sql, type, concurrency, -1, null);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
      throws SQLException {
    return prepare(sql, type, concurrency, holdability, null);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return prepare(
        sql,
        java.sql.ResultSet.TYPE_FORWARD_ONLY,
        java.sql.ResultSet.CONCUR_READ_ONLY,
        -1,
        autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS ? KeyRequest.ALL : null);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return prepare(
        sql,
        java.sql.ResultSet.TYPE_FORWARD_ONLY,
        java.sql.ResultSet.CONCUR_READ_ONLY,
        -1,
        KeyRequest.indexes(columnIndexes));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return prepare(
        sql,
        java.sql.ResultSet.TYPE_FORWARD_ONLY,
        java.sql.ResultSet.CONCUR_READ_ONLY,
        -1,
        KeyRequest.names(columnNames));
  }

  private PreparedStatement prepare(
      String sql, int type, int concurrency, int holdability, KeyRequest keys) throws SQLException {
    checkOpen();
    if (sql == null) {
      throw new SQLException("SQL is null", "42601");
    }
    CutoverPreparedStatement ps =
        new CutoverPreparedStatement(this, sql, type, concurrency, holdability, keys, false);
    preparing = true;
    try {
      ps.preparePrimary();
    } finally {
      preparing = false;
    }
    return ps;
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return prepareCall(
        sql, java.sql.ResultSet.TYPE_FORWARD_ONLY, java.sql.ResultSet.CONCUR_READ_ONLY);
  }

  @Override
  public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
    return prepareCall(sql, type, concurrency, -1);
  }

  @Override
  public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability)
      throws SQLException {
    checkOpen();
    CutoverCallableStatement cs =
        new CutoverCallableStatement(this, sql, type, concurrency, holdability);
    preparing = true;
    try {
      cs.preparePrimary();
    } finally {
      preparing = false;
    }
    return cs;
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    return current().nativeSQL(sql);
  }

  // ---------------------------------------------------------------- transactions

  @Override
  public void setAutoCommit(boolean on) throws SQLException {
    checkOpen();
    if (on == autoCommit) {
      return;
    }
    if (inSqlTransaction() && sqlTxnWrote && ctx.phase().isDual()) {
      // The transaction the SQL text opened goes on in the vendor driver, but the driver cannot
      // tell how it will end on each side: recorded, so verify and repair look at this.
      journalSession(
          ctx.phase().secondary(),
          "setAutoCommit(" + on + ") inside a transaction opened with SQL text",
          new SQLException(
              "not mirrored: a JDBC autocommit switch while START TRANSACTION or SET autocommit = 0"
                  + " is in effect; the secondary may end that transaction differently"));
    }
    settlePrevious();
    if (on) {
      // JDBC: switching autocommit on commits the open transaction.
      commitBoth(true);
    }
    Phase.Side p = currentPrimarySide();
    Connection c = physical[p.ordinal()];
    if (c != null) {
      c.setAutoCommit(on);
    }
    autoCommit = on;
    // Either way the vendor driver ended any transaction opened with SQL text and set autocommit.
    sqlTxnOpen = false;
    sqlAutocommitOff = false;
    literalAutocommitOff = false;
    sqlTxnWrote = false;
    txnPhase = null;
    applyToOthers(p, x -> x.setAutoCommit(on), "autocommit " + on);
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    checkOpen();
    return autoCommit;
  }

  @Override
  public void commit() throws SQLException {
    checkOpen();
    if (autoCommit) {
      throw new SQLException("Cannot commit when autocommit is on", "25000");
    }
    commitBoth(false);
  }

  private void commitBoth(boolean viaAutoCommit) throws SQLException {
    // Without a statement yet (txnPhase null) nothing reached a secondary, and the application's
    // side is the last primary: the other side's connection may still be busy on the lane.
    Phase phase = txnPhase;
    boolean dualTxn = phase != null && phase.isDual();
    Phase.Side side = phase != null ? phase.primary() : lastPrimary;
    Connection p = physical[side.ordinal()];
    try {
      if (p != null && abortedBy != null && !transactionAborted()) {
        // Recovered since: rolled back to a savepoint set before the failure, or ended and begun
        // anew with SQL text.
        abortedBy = null;
      }
      if (p != null && abortedBy != null) {
        p.rollback();
        throw new SQLTransactionRollbackException(
            "Transaction rolled back: PostgreSQL aborted it when a statement in it failed ("
                + abortedBy
                + "), where MariaDB/MySQL would have committed the other statements; nothing of"
                + " it was committed (translation.statementRollback: true keeps the transaction,"
                + " as MariaDB does)",
            "40000");
      }
      if (p != null && !viaAutoCommit) {
        p.commit();
      } else if (p != null) {
        p.setAutoCommit(true);
      }
    } catch (SQLException e) {
      if (dualTxn) {
        dual.rollback(phase.secondary());
      }
      if (sessionUndo != null) {
        // A commit that fails rolls the transaction back.
        undoSession(sessionUndo.ended(true));
      }
      redoSession(true);
      txnPhase = null;
      endTransaction();
      ctx.observer().failed(side);
      // A deferred constraint or a serialization failure at COMMIT, as MariaDB would name it.
      throw ctx.appError(side, e);
    }
    if (dualTxn) {
      dual.commit(phase.secondary());
    }
    if (sessionUndo != null) {
      // A commit of a transaction an error aborted rolls it back.
      undoSession(sessionUndo.ended(false));
    }
    txnSessionSql = null;
    txnPhase = null;
    endTransaction();
  }

  @Override
  public void rollback() throws SQLException {
    checkOpen();
    if (autoCommit) {
      throw new SQLException("Cannot roll back when autocommit is on", "25000");
    }
    Phase phase = txnPhase;
    Connection p = physical[(phase != null ? phase.primary() : lastPrimary).ordinal()];
    try {
      if (p != null) {
        p.rollback();
      }
    } finally {
      if (phase != null && phase.isDual()) {
        dual.rollback(phase.secondary());
      }
      if (sessionUndo != null) {
        undoSession(sessionUndo.ended(true));
      }
      redoSession(true);
      txnPhase = null;
      endTransaction();
    }
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return savepoint(null);
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    return savepoint(name);
  }

  private Savepoint savepoint(String name) throws SQLException {
    checkOpen();
    Phase phase = phaseFor(null);
    Connection p = primary(phase);
    Savepoint sp = name == null ? p.setSavepoint() : p.setSavepoint(name);
    DualWrite.SecondarySavepoint secondary = null;
    if (phase.isDual()) {
      // The lane opens the secondary if needed, in order with the writes queued before.
      secondary = dual.setSavepoint(phase.secondary(), name);
    }
    SessionUndo.Mark mark = null;
    if (sessionUndo != null) {
      mark = sessionMark();
      // The application may roll back to it with SQL text too.
      sessionUndo.savepoint(pgName(sp), mark);
    }
    return new CutoverSavepoint(sp, secondary, mark);
  }

  /** The name pgjdbc gives a savepoint on PostgreSQL (quoted when named, else JDBC_SAVEPOINT_n). */
  private static String pgName(Savepoint sp) {
    try {
      return sp.getSavepointName();
    } catch (SQLException unnamed) {
      try {
        return "jdbc_savepoint_" + sp.getSavepointId();
      } catch (SQLException e) {
        return "";
      }
    }
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    checkOpen();
    CutoverSavepoint sp = unwrapSavepoint(savepoint);
    current().rollback(sp.primary);
    if (sp.secondary != null) {
      dual.rollbackTo(sp.secondary);
    }
    if (sessionUndo != null) {
      sessionUndo.rollbackTo(pgName(sp.primary));
      undoSession(sp.session);
    }
    redoSession(false);
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    checkOpen();
    CutoverSavepoint sp = unwrapSavepoint(savepoint);
    current().releaseSavepoint(sp.primary);
    if (sp.secondary != null) {
      dual.release(sp.secondary);
    }
    if (sessionUndo != null) {
      sessionUndo.release(pgName(sp.primary));
    }
  }

  private static CutoverSavepoint unwrapSavepoint(Savepoint s) throws SQLException {
    if (s instanceof CutoverSavepoint) {
      return (CutoverSavepoint) s;
    }
    throw new SQLException("Savepoint was not created by this connection", "3B001");
  }

  /** A savepoint on the primary with its secondary twin. */
  static final class CutoverSavepoint implements Savepoint {
    final Savepoint primary;
    final DualWrite.SecondarySavepoint secondary;

    /** The session statements when it was set (PostgreSQL's rollback to it undoes later ones). */
    final SessionUndo.Mark session;

    CutoverSavepoint(
        Savepoint primary, DualWrite.SecondarySavepoint secondary, SessionUndo.Mark session) {
      this.primary = primary;
      this.secondary = secondary;
      this.session = session;
    }

    @Override
    public int getSavepointId() throws SQLException {
      return primary.getSavepointId();
    }

    @Override
    public String getSavepointName() throws SQLException {
      return primary.getSavepointName();
    }
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    checkOpen();
    Connection app = current();
    Phase.Side p = currentPrimarySide();
    app.setTransactionIsolation(level);
    isolation = level;
    applyToOthers(p, c -> c.setTransactionIsolation(level), "transaction isolation " + level);
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    return current().getTransactionIsolation();
  }

  @Override
  public void setReadOnly(boolean ro) throws SQLException {
    checkOpen();
    Connection app = current();
    Phase.Side p = currentPrimarySide();
    app.setReadOnly(ro);
    readOnly = ro;
    shadowSession = shadowSession.withReadOnly(ro);
    applyToOthers(p, c -> c.setReadOnly(ro), "read only " + ro);
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return current().isReadOnly();
  }

  @Override
  public void setCatalog(String c) throws SQLException {
    checkOpen();
    Connection app = current();
    Phase.Side p = currentPrimarySide();
    app.setCatalog(c);
    catalog = c;
    shadowSession = shadowSession.withCatalog(c);
    Phase.Side other = p.other();
    applyToOthers(
        p,
        x -> {
          if (ctx.endpoint(other).dialect() == ctx.appDialect()) {
            x.setCatalog(c);
          }
        },
        "catalog " + c);
  }

  @Override
  public String getCatalog() throws SQLException {
    return current().getCatalog();
  }

  @Override
  public void setSchema(String s) throws SQLException {
    checkOpen();
    Connection app = current();
    Phase.Side p = currentPrimarySide();
    app.setSchema(s);
    schema = s;
    shadowSession = shadowSession.withSchema(s);
    applyToOthers(p, c -> c.setSchema(s), "schema " + s);
  }

  @Override
  public String getSchema() throws SQLException {
    return current().getSchema();
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    endTransaction();
    SQLException failure = null;
    for (CutoverStatement s : new ArrayList<>(statements)) {
      try {
        s.close();
      } catch (SQLException | RuntimeException e) {
        // Whatever a statement's close throws, both physical connections are still closed below.
        failure = chain(failure, asSql(e));
      }
    }
    statements.clear();
    Phase.Side primary = currentPrimarySide();
    Connection p = physical[primary.ordinal()];
    physical[primary.ordinal()] = null;
    if (p != null) {
      try {
        p.close();
      } catch (SQLException | RuntimeException e) {
        failure = chain(failure, asSql(e));
      }
    }
    // The other side is closed on its lane, after any queued writes; never leaked if the primary
    // threw.
    Phase.Side other = primary.other();
    dual.lane()
        .control(
            () -> {
              Connection c = physical[other.ordinal()];
              physical[other.ordinal()] = null;
              if (c != null) {
                try {
                  c.close();
                } catch (SQLException | RuntimeException e) {
                  LOG.log(System.Logger.Level.DEBUG, "closing secondary", e);
                }
              }
            });
    if (failure != null) {
      throw failure;
    }
  }

  private static SQLException asSql(Exception e) {
    return e instanceof SQLException
        ? (SQLException) e
        : new SQLException("closing failed: " + e, "HY000", e);
  }

  private static SQLException chain(SQLException first, SQLException next) {
    if (first == null) {
      return next;
    }
    first.setNextException(next);
    return first;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    if (closed) {
      return false;
    }
    if (autoCommit) {
      settlePrevious();
    }
    return current().isValid(timeout);
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    closed = true;
    endTransaction();
    SQLException failure = null;
    for (Connection c : physical) {
      if (c != null) {
        try {
          c.abort(executor);
        } catch (SQLException | RuntimeException e) {
          // Abort every physical connection, whatever the first one threw.
          failure = chain(failure, asSql(e));
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  // ---------------------------------------------------------------- delegation to the primary

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return new CutoverDatabaseMetaData(this, current().getMetaData());
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return current().getWarnings();
  }

  @Override
  public void clearWarnings() throws SQLException {
    current().clearWarnings();
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    return current().getTypeMap();
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    current().setTypeMap(map);
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    current().setHoldability(holdability);
  }

  @Override
  public int getHoldability() throws SQLException {
    return current().getHoldability();
  }

  @Override
  public Clob createClob() throws SQLException {
    return current().createClob();
  }

  @Override
  public Blob createBlob() throws SQLException {
    return current().createBlob();
  }

  @Override
  public NClob createNClob() throws SQLException {
    return current().createNClob();
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    return current().createSQLXML();
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    return current().createArrayOf(typeName, elements);
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    return current().createStruct(typeName, attributes);
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    try {
      current().setClientInfo(name, value);
    } catch (SQLClientInfoException e) {
      throw e;
    } catch (SQLException e) {
      throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), Map.of(), e);
    }
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    try {
      current().setClientInfo(properties);
    } catch (SQLClientInfoException e) {
      throw e;
    } catch (SQLException e) {
      throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), Map.of(), e);
    }
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    return current().getClientInfo(name);
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    return current().getClientInfo();
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    current().setNetworkTimeout(executor, milliseconds);
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return current().getNetworkTimeout();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    Connection c = current();
    if (iface.isInstance(c)) {
      return iface.cast(c);
    }
    return c.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return true;
    }
    Connection c = current();
    return iface.isInstance(c) || c.isWrapperFor(iface);
  }
}
