package dev.cutover.driver.internal;

import dev.cutover.driver.Divergence;
import dev.cutover.driver.Phase;
import dev.cutover.driver.internal.metrics.DriverMetrics;
import dev.cutover.driver.shadow.ShadowTee;
import dev.cutover.driver.sql.Analysis;
import dev.cutover.driver.sql.Dialect;
import dev.cutover.driver.sql.FoundRows;
import dev.cutover.driver.sql.InsertShape;
import dev.cutover.driver.sql.LastInsertId;
import dev.cutover.driver.sql.StatementKind;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetFactory;
import javax.sql.rowset.RowSetProvider;

/**
 * A plain {@link Statement}: each execution is routed by the statement's kind and the current
 * phase, run on the primary, and, when it writes in a dual phase, handed to the secondary.
 */
public class CutoverStatement implements Statement {
  final CutoverConnection conn;
  final int resultSetType;
  final int resultSetConcurrency;
  final int resultSetHoldability;
  private final Statement[] physical = new Statement[2];

  /** The physical statement that ran last: results, counts and warnings come from it. */
  Statement current;

  /** The side {@link #current} runs on: whose result sets {@link #wrap} adapts. */
  Phase.Side currentSide;

  private CutoverResultSet currentResult;

  /** The shadow tee of the read that just ran, attached by the next {@link #wrap}. */
  ShadowTee pendingTee;

  private CachedRowSet generatedKeys;
  private String lastSql;
  private boolean keysRequested;
  private List<String> batch;
  boolean closed;

  // Settings the application made, applied to every physical statement created later.
  int fetchSize;
  long maxRows;
  int queryTimeout;
  int fetchDirection = ResultSet.FETCH_FORWARD;
  Boolean escapeProcessing;
  boolean closeOnCompletion;
  Boolean poolable;
  String cursorName;

  CutoverStatement(CutoverConnection conn, int type, int concurrency, int holdability) {
    this.conn = conn;
    this.resultSetType = type;
    this.resultSetConcurrency = concurrency;
    this.resultSetHoldability = holdability;
    conn.register(this);
  }

  // ---------------------------------------------------------------- shared machinery

  void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("Statement is closed", "HY010");
    }
    conn.checkOpen();
  }

  /** Applies this statement's settings to a newly created physical statement of {@code side}. */
  void configure(Phase.Side side, Statement s) throws SQLException {
    if (fetchSize != 0) {
      s.setFetchSize(vendorFetchSize(side));
    }
    if (maxRows != 0) {
      applyMaxRows(s, maxRows);
    }
    if (queryTimeout != 0) {
      s.setQueryTimeout(queryTimeout);
    }
    if (fetchDirection != ResultSet.FETCH_FORWARD) {
      s.setFetchDirection(fetchDirection);
    }
    if (escapeProcessing != null) {
      s.setEscapeProcessing(escapeProcessing);
    }
    if (poolable != null) {
      s.setPoolable(poolable);
    }
    if (cursorName != null) {
      s.setCursorName(cursorName);
    }
    if (maxFieldSize != 0) {
      s.setMaxFieldSize(maxFieldSize);
    }
  }

  /** Set by the application; applied to physical statements created later (a flip, a new side). */
  private int maxFieldSize;

  private Statement plain(Phase.Side side, Connection c) throws SQLException {
    Statement s = physical[side.ordinal()];
    if (s == null || s.getConnection() != c) {
      s =
          resultSetHoldability == -1
              ? c.createStatement(resultSetType, resultSetConcurrency)
              : c.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
      configure(side, s);
      physical[side.ordinal()] = s;
    }
    return s;
  }

  /**
   * The generated column the secondary must receive explicitly for this statement, or null: only
   * for an INSERT in a dual phase into a table whose key the primary generates, when the statement
   * does not already give that column.
   */
  String keyToMirror(Phase phase, Connection primary, Analysis a, String primarySql)
      throws SQLException {
    if (!phase.isDual() || !a.isInsert() || a.writtenTables().isEmpty()) {
      return null;
    }
    String table = a.writtenTables().get(0);
    Optional<String> column = conn.ctx.keys().generatedColumn(phase.primary(), primary, table);
    Dialect dialect = conn.ctx.endpoint(phase.primary()).dialect();
    if (column.isEmpty()) {
      // No column generates its value, but the statement draws one from a sequence itself
      // (nextval('orders_seq'), as Hibernate's SEQUENCE ids do): the secondary gets the primary's.
      InsertShape drawn = conn.ctx.insertShape(primarySql, dialect);
      return drawn == null ? null : drawn.sequenceColumn();
    }
    InsertShape shape = conn.ctx.insertShape(primarySql, dialect);
    if (shape == null) {
      return column.get();
    }
    int slot = keySlot(shape, column.get(), phase.primary(), primary);
    if (slot < 0) {
      return shape.columns().isEmpty() ? null : column.get();
    }
    // The statement gives the key itself. MariaDB/MySQL still generate it for NULL, DEFAULT and 0,
    // PostgreSQL for DEFAULT: the secondary is sent the id the primary reports for such rows.
    if (dialect == Dialect.MYSQL) {
      return shape.hasValuesAt(slot) ? column.get() : null;
    }
    // DEFAULT, or nextval('seq') written out: the primary's sequence gives the id.
    return shape.anyValueIs(slot, InsertShape.ValueKind.DEFAULT)
            || shape.anyValueIs(slot, InsertShape.ValueKind.SEQUENCE)
        ? column.get()
        : null;
  }

  /**
   * MySQL's {@code SET autocommit = 0|1} on a PostgreSQL primary, which has no such setting: the
   * connection's JDBC autocommit is switched instead (on commits, as in MySQL). True when done.
   */
  private boolean switchedAutocommit(Analysis a, Phase.Side side, Connection pc)
      throws SQLException {
    if (a.kind() != StatementKind.TRANSACTION
        || conn.ctx.appDialect() != Dialect.MYSQL
        || conn.ctx.endpoint(side).dialect() == Dialect.MYSQL) {
      return false;
    }
    Boolean on = DualWrite.autocommitSwitch(a);
    if (on == null) {
      return false;
    }
    pc.setAutoCommit(on);
    // Nothing ran on the statement: it must not report the previous execution's results.
    current = null;
    return true;
  }

  /**
   * Where {@code shape}'s rows give the generated {@code column}: its index in the column list, its
   * position in the table when the statement has no list, or -1 when the list leaves it out.
   */
  int keySlot(InsertShape shape, String column, Phase.Side side, Connection c) throws SQLException {
    if (shape.columns().isEmpty()) {
      return conn.ctx.keys().generatedPosition(side, c, shape.table(), shape.width());
    }
    return shape.columnIndex(column);
  }

  /**
   * Reads the primary's generated keys once: the secondary needs them, and the application may read
   * them (more than once) after this call returns. Completes MariaDB/MySQL's answer for multi-row
   * inserts: their drivers report only the first id of each execution, and the server assigns a
   * single multi-row simple insert consecutive ids spaced by {@code auto_increment_increment}.
   */
  List<Object> captureKeys(Statement st, String keyColumn, Phase phase, int executions)
      throws SQLException {
    return captureKeys(st, keyColumn, phase, executions, null);
  }

  /** As above, for a prepared statement whose {@code rows} (one per execution) were bound. */
  List<Object> captureKeys(
      Statement st, String keyColumn, Phase phase, int executions, List<Binding[]> rows)
      throws SQLException {
    List<Object> keys = readKeys(st, keyColumn);
    if (phase == null || conn.ctx.endpoint(phase.primary()).dialect() != Dialect.MYSQL) {
      return keys;
    }
    Phase.Side side = phase.primary();
    String primarySql = conn.ctx.sqlFor(side, sqlForKeys());
    InsertShape shape = primarySql == null ? null : conn.ctx.insertShape(primarySql, Dialect.MYSQL);
    if (shape == null
        || shape.rowCount() < 2
        || keys.size() != executions
        || !everyRowTookAnId(shape, st, executions)
        || !everyRowLeftKeyToServer(
            shape, keySlot(shape, keyColumn, side, st.getConnection()), rows)) {
      // An IGNOREd, replaced or upserted row takes no new id, so the ids are not first + r * step:
      // the secondary is not sent made-up ids (the key count then differs and it is journaled).
      return keys;
    }
    long step = conn.ctx.keys().autoIncrementStep(side, st.getConnection());
    List<Object> expanded = new ArrayList<>(keys.size() * shape.rowCount());
    for (Object first : keys) {
      long base = ((Number) first).longValue();
      for (int r = 0; r < shape.rowCount(); r++) {
        expanded.add(base + r * step);
      }
    }
    return expanded;
  }

  /**
   * Whether every row of a successful MySQL multi-row INSERT took a new id (see {@link
   * InsertShape.RowIds}).
   */
  private static boolean everyRowTookAnId(InsertShape shape, Statement st, int executions)
      throws SQLException {
    switch (shape.rowIds()) {
      case EVERY_ROW:
        return true;
      case BY_COUNT:
        return executions == 1 && st.getLargeUpdateCount() == shape.rowCount();
      default:
        return false;
    }
  }

  /**
   * Whether every row of a multi-row INSERT lets the server generate the key: the column is left
   * out ({@code slot} -1), or each row gives it as NULL, DEFAULT or 0, as text or bound to a
   * parameter (in each of the executions' {@code rows}; null for SQL text). Otherwise the ids are
   * not consecutive and only the first is known.
   */
  private static boolean everyRowLeftKeyToServer(
      InsertShape shape, int slot, List<Binding[]> rows) {
    if (slot < 0) {
      return true;
    }
    List<InsertShape.Value> values = shape.valuesOf(slot);
    if (values == null) {
      return false;
    }
    List<Binding[]> executions = rows != null ? rows : List.<Binding[]>of(new Binding[0]);
    for (Binding[] row : executions) {
      int base = 0;
      for (int t = 0; t < values.size(); t++) {
        if (!DualWrite.generatedByMysql(values.get(t), row, base)) {
          return false;
        }
        base += shape.parameterCountPerRow(t);
      }
    }
    return true;
  }

  /** The SQL whose keys are being captured; plain statements set it per execution. */
  String sqlForKeys() {
    return lastSql;
  }

  /** The application's SQL of the last execution that may have asked for generated keys. */
  private String keyedSql;

  /** The SQL the application's {@link #getGeneratedKeys()} answers for. */
  String sqlOfKeys() {
    return keyedSql;
  }

  /** The generated keys shaped as MariaDB's driver answers them, once built; see below. */
  private CachedRowSet mysqlKeys;

  /** Whether the last execution was a prepared statement's batch, keys one per execution. */
  private boolean keysOfBatch;

  /** Marks the keys that follow as a batch's: MariaDB's driver gives one per execution. */
  void keysOfBatch() {
    keysOfBatch = true;
  }

  /**
   * Whether an application written for MariaDB/MySQL gets the keys of {@code a}, an INSERT, from a
   * PostgreSQL {@code side}. Measured with MariaDB Connector/J 3.5 on MariaDB 10.11: any request
   * for keys (RETURN_GENERATED_KEYS, column indexes or names alike) is answered with one column,
   * {@code insert_id}, a {@code BIGINT UNSIGNED} ({@code BigInteger}), one row per execution: the
   * first id a multi-row INSERT generated, none for a duplicate it ignored or left unchanged nor
   * for a table without an AUTO_INCREMENT column. pgjdbc answers RETURN_GENERATED_KEYS with whole
   * rows, which made Spring's {@code KeyHolder.getKey()} throw ("multiple keys") after the switch.
   */
  boolean mysqlKeysFromPostgres(Phase.Side side, Analysis a) {
    return conn.ctx.appDialect() == Dialect.MYSQL
        && conn.ctx.endpoint(side).dialect() == Dialect.POSTGRES
        && a.isInsert()
        && !a.writtenTables().isEmpty();
  }

  /**
   * The application's request for keys as {@code side} is asked it: on a PostgreSQL side for a
   * MariaDB application's INSERT (see {@link #mysqlKeysFromPostgres}), the table's generated column
   * alone, or nothing when it has none.
   */
  KeyRequest keysFor(KeyRequest app, Phase.Side side, Connection c, Analysis a)
      throws SQLException {
    if (app == null || !mysqlKeysFromPostgres(side, a)) {
      return app;
    }
    Optional<String> column = conn.ctx.keys().generatedColumn(side, c, a.writtenTables().get(0));
    return column.map(k -> KeyRequest.names(new String[] {k})).orElse(null);
  }

  /**
   * {@code keys} (PostgreSQL's, their first column the generated key) as MariaDB Connector/J
   * answers them: one column {@code insert_id}, {@code BIGINT UNSIGNED}, {@code BigInteger} values,
   * of each {@code every} rows the first (a multi-row INSERT's first id).
   */
  private static CachedRowSet asMysqlKeys(ResultSet keys, int every) throws SQLException {
    CachedRowSet rows = rowSets().createCachedRowSet();
    javax.sql.rowset.RowSetMetaDataImpl md = new javax.sql.rowset.RowSetMetaDataImpl();
    md.setColumnCount(1);
    md.setColumnName(1, "insert_id");
    md.setColumnLabel(1, "insert_id");
    md.setColumnType(1, java.sql.Types.BIGINT);
    md.setColumnTypeName(1, "BIGINT UNSIGNED");
    md.setSigned(1, false);
    md.setNullable(1, ResultSetMetaData.columnNoNulls);
    rows.setMetaData(md);
    try (ResultSet rs = keys) {
      boolean any = rs.getMetaData().getColumnCount() > 0;
      for (int row = 0; any && rs.next(); row++) {
        Object v = rs.getObject(1);
        if (v == null || row % every != 0) {
          continue;
        }
        rows.last();
        rows.moveToInsertRow();
        rows.updateObject(
            1,
            v instanceof java.math.BigInteger
                ? v
                : java.math.BigInteger.valueOf(((Number) v).longValue()));
        rows.insertRow();
        rows.moveToCurrentRow();
      }
    }
    rows.beforeFirst();
    return rows;
  }

  /** Whether the application asked this execution for generated keys (and may read them). */
  boolean applicationWantsKeys() {
    return keysRequested;
  }

  private List<Object> readKeys(Statement st, String keyColumn) throws SQLException {
    if (!applicationWantsKeys()) {
      // Only the mirror needs them: read the values straight off, no in-memory copy for the
      // application.
      try (ResultSet rs = st.getGeneratedKeys()) {
        ResultSetMetaData md = rs.getMetaData();
        int col = 1;
        for (int i = 1; i <= md.getColumnCount(); i++) {
          if (keyColumn.equalsIgnoreCase(md.getColumnLabel(i))) {
            col = i;
            break;
          }
        }
        List<Object> keys = new ArrayList<>();
        while (rs.next()) {
          keys.add(rs.getObject(col));
        }
        return keys;
      }
    }
    CachedRowSet rows = rowSets().createCachedRowSet();
    try (ResultSet rs = st.getGeneratedKeys()) {
      rows.populate(rs);
    }
    generatedKeys = rows;
    ResultSetMetaData md = rows.getMetaData();
    int col = 1;
    for (int i = 1; i <= md.getColumnCount(); i++) {
      if (keyColumn.equalsIgnoreCase(md.getColumnLabel(i))) {
        col = i;
        break;
      }
    }
    List<Object> keys = new ArrayList<>();
    rows.beforeFirst();
    while (rows.next()) {
      keys.add(rows.getObject(col));
    }
    rows.beforeFirst();
    return keys;
  }

  /**
   * The row-set factory, looked up once: {@link RowSetProvider#newFactory()} reads a system
   * property and scans the class path's service files on every call, which cost more than the rest
   * of a dual-written INSERT's client-side work.
   */
  private static RowSetFactory rowSets() throws SQLException {
    RowSetFactory f = rowSetFactory;
    if (f == null) {
      f = RowSetProvider.newFactory();
      rowSetFactory = f;
    }
    return f;
  }

  private static volatile RowSetFactory rowSetFactory;

  void resetResults() throws SQLException {
    generatedKeys = null;
    mysqlKeys = null;
    keyedSql = null;
    keysOfBatch = false;
    pendingTee = null;
    if (currentResult != null) {
      currentResult.closeFromStatement();
      currentResult = null;
    }
  }

  ResultSet wrap(ResultSet rs) {
    if (rs == null) {
      return null;
    }
    currentResult = new CutoverResultSet(this, rs, booleanReads());
    if (pendingTee != null) {
      currentResult.tee = pendingTee;
      pendingTee = null;
    }
    return currentResult;
  }

  /**
   * For a MySQL application reading from PostgreSQL, the reader of its {@code boolean} columns as
   * Connector/J reads a {@code TINYINT(1)}; null otherwise (see {@link MysqlBooleanReads}).
   */
  private MysqlBooleanReads booleanReads() {
    return currentSide != null
            && conn.ctx.appDialect() == Dialect.MYSQL
            && conn.ctx.endpoint(currentSide).dialect() == Dialect.POSTGRES
        ? new MysqlBooleanReads()
        : null;
  }

  void journalUnmirrored(Analysis a, String sql, Divergence.Kind kind, String why) {
    conn.ctx.record(kind, a, sql, List.of(), List.of(), why, null);
  }

  /**
   * {@code psql}, or the text to run on {@code side} with {@code FOUND_ROWS()} replaced by the
   * connection's count (see {@link CutoverConnection#withFoundRows}).
   */
  String withFoundRows(Phase.Side side, Analysis a, String sql, boolean dual, String psql)
      throws SQLException {
    String replaced = conn.withFoundRows(side, a, sql, dual);
    return replaced != null ? replaced : psql;
  }

  /**
   * {@code psql}, or the text to run on {@code side} with {@code LAST_INSERT_ID()} replaced by the
   * value of the connection's latest {@code LAST_INSERT_ID(expr)} (see {@link
   * CutoverConnection#withInsertIdSet}).
   */
  private String withInsertIdSet(
      Phase.Side side, Analysis a, String sql, Connection pc, String psql) {
    String replaced = conn.withInsertIdSet(side, a, sql, pc);
    return replaced != null ? replaced : psql;
  }

  /** After a plain read succeeded: its FOUND_ROWS() count, when it takes one; else -1. */
  private long countFoundRows(Phase.Side side, Analysis a, String sql, Connection pc) {
    return conn.countFoundRows(side, a, sql, pc, (ps, n) -> {}, queryTimeout);
  }

  /** The shadow tee of a forward-only read when it is sampled, else null. */
  ShadowTee sampleShadow(Phase phase, Analysis a, String sql) {
    if (resultSetType != ResultSet.TYPE_FORWARD_ONLY) {
      return null;
    }
    if (a.nonDeterministic() && conn.ctx.appDialect() == Dialect.MYSQL && FoundRows.uses(sql)) {
      // Session state: a shadow connection has its own (or none), so it would only differ.
      return null;
    }
    ShadowTee tee =
        conn.ctx
            .shadow()
            .sample(
                phase, a, sql, conn.inTransaction() && conn.txnWrote || conn.sqlTxnWrote, maxRows);
    if (tee != null) {
      tee.session(conn.shadowSession());
      tee.ownWrites(conn.ownWrites);
    }
    return tee;
  }

  void recordStatement(Phase phase, boolean dual, Analysis a, long startNanos) throws SQLException {
    conn.finishHeld();
    long elapsed = System.nanoTime() - startNanos;
    if (a.kind() == StatementKind.DDL) {
      conn.ctx.schemaChanged(a);
    }
    if ((dual || a.kind().mutates()) && conn.inTransaction()) {
      conn.txnWrote = true;
    }
    if (phase.isDual() && (a.kind().mutates() || dual && a.kind() == StatementKind.READ)) {
      // A "read" mirrored as a write calls a function that writes: its tables are not known.
      conn.ownWrites.wrote(
          a.kind() == StatementKind.WRITE ? a.writtenTables() : java.util.List.of());
    }
    if ((dual && a.kind() != StatementKind.TRANSACTION || a.kind().mutates())
        && conn.inSqlTransaction()) {
      conn.sqlTxnWrote = true;
    }
    if (phase.isDual() && a.kind() == StatementKind.READ) {
      conn.ctx.shadow().observeRead(elapsed);
    }
    DriverMetrics m = conn.ctx.metrics();
    m.statement(
        phase, dual ? DriverMetrics.Route.DUAL : DriverMetrics.Route.PRIMARY, a.kind(), elapsed);
  }

  /**
   * Whether the statement goes to the secondary too: writes, DDL and unknown statements, and
   * transaction control sent as SQL text ({@code BEGIN}, {@code COMMIT}, {@code ROLLBACK},
   * savepoints), so that a transaction an application drives with SQL is one on both sides.
   */
  static boolean writesInDual(Phase phase, Analysis a) {
    return phase.isDual() && (a.kind().mutates() || a.kind() == StatementKind.TRANSACTION);
  }

  /**
   * Hands a write the primary executed to the secondary. Capturing keys happens after the primary
   * succeeded, so nothing here may fail the application: a failure is journaled instead.
   */
  void mirrorSafely(Phase phase, Analysis a, String sql, MirrorSource source) {
    try {
      conn.mirror(phase, source.build());
    } catch (SQLException | RuntimeException e) {
      conn.ctx.record(
          Divergence.Kind.KEYS_NOT_REPLAYED,
          a,
          conn.ctx.sqlFor(phase.secondary(), sql),
          List.of(),
          List.of(),
          "could not read the primary's result for the secondary: " + e,
          e instanceof SQLException ? ((SQLException) e).getSQLState() : null);
    }
  }

  /** Builds the mirror of a write; may read generated keys. */
  @FunctionalInterface
  interface MirrorSource {
    Mirror build() throws SQLException;
  }

  /**
   * The batch entries a failed primary batch did apply: PostgreSQL runs a batch as one implicit
   * transaction in autocommit mode and applies nothing on failure; other drivers report each
   * entry's outcome.
   */
  static int[] appliedOnFailure(BatchUpdateException e, Dialect primary, boolean inTxn) {
    if (primary == Dialect.POSTGRES && !inTxn) {
      return new int[0];
    }
    int[] counts = e.getUpdateCounts();
    return counts == null ? new int[0] : counts;
  }

  // ---------------------------------------------------------------- plain execution

  private long runUpdate(String sql, KeyRequest keys, boolean large) throws SQLException {
    checkOpen();
    resetResults();
    keysRequested = keys != null;
    Analysis a = conn.ctx.analyze(sql);
    keyedSql = sql;
    Phase phase = conn.phaseFor(a);
    long t0 = System.nanoTime();
    Connection pc = conn.primary(phase);
    Phase.Side side = phase.primary();
    String psql = conn.ctx.sqlFor(side, sql);
    boolean dual = writesInDual(phase, a);
    String keyColumn = dual ? keyToMirror(phase, pc, a, psql) : null;
    KeyRequest asked = keysFor(keys, side, pc, a);
    KeyRequest request =
        keyColumn == null
            ? asked
            : KeyRequest.withKey(asked, keyColumn, conn.ctx.endpoint(side).dialect());
    Statement st = plain(side, pc);
    current = st;
    currentSide = side;
    Long lastInsertId = conn.readLastInsertId(phase, a, sql, pc);
    if (lastInsertId != null && conn.ctx.endpoint(side).dialect() != Dialect.MYSQL) {
      // PostgreSQL's lastval() would see the nextval() of the row's own key first.
      psql = conn.ctx.sqlForOnce(side, LastInsertId.substitute(sql, lastInsertId));
    } else {
      psql = withFoundRows(side, a, sql, dual, psql);
    }
    long n;
    try {
      if (switchedAutocommit(a, side, pc)) {
        n = 0;
      } else if (request == null) {
        n = large ? st.executeLargeUpdate(psql) : st.executeUpdate(psql);
      } else {
        n = large ? request.executeLargeUpdate(st, psql) : request.executeUpdate(st, psql);
      }
    } catch (SQLException | RuntimeException e) {
      conn.statementFailed();
      throw conn.errorFor(side, e);
    }
    conn.ctx.metrics().side(side, true, System.nanoTime() - t0);
    if (dual) {
      lastSql = sql;
      long count = n;
      mirrorSafely(
          phase,
          a,
          sql,
          () ->
              new Mirror(
                  a,
                  sql,
                  null,
                  null,
                  new long[] {count},
                  keyColumn == null ? null : captureKeys(st, keyColumn, phase, 1),
                  keyColumn));
    } else {
      conn.rememberSession(a, sql, phase);
    }
    conn.foundRowsAfter(side, a, sql, -1);
    conn.insertIdAfter(side, a, sql, pc);
    recordStatement(phase, dual, a, t0);
    return n;
  }

  private boolean runExecute(String sql, KeyRequest keys) throws SQLException {
    checkOpen();
    resetResults();
    keysRequested = keys != null;
    Analysis a = conn.ctx.analyze(sql);
    keyedSql = sql;
    Phase phase = conn.phaseFor(a);
    long t0 = System.nanoTime();
    Connection pc = conn.primary(phase);
    Phase.Side side = phase.primary();
    String psql = conn.ctx.sqlFor(side, sql);
    boolean dual = writesInDual(phase, a);
    String keyColumn = dual ? keyToMirror(phase, pc, a, psql) : null;
    KeyRequest asked = keysFor(keys, side, pc, a);
    KeyRequest request =
        keyColumn == null
            ? asked
            : KeyRequest.withKey(asked, keyColumn, conn.ctx.endpoint(side).dialect());
    Statement st = plain(side, pc);
    current = st;
    currentSide = side;
    Long lastInsertId = conn.readLastInsertId(phase, a, sql, pc);
    if (lastInsertId != null && conn.ctx.endpoint(side).dialect() != Dialect.MYSQL) {
      // PostgreSQL's lastval() would see the nextval() of the row's own key first.
      psql = conn.ctx.sqlForOnce(side, LastInsertId.substitute(sql, lastInsertId));
    } else {
      psql = withFoundRows(side, a, sql, dual, psql);
      psql = withInsertIdSet(side, a, sql, pc, psql);
    }
    boolean hasResult;
    boolean switched;
    try {
      switched = switchedAutocommit(a, side, pc);
      hasResult = !switched && (request == null ? st.execute(psql) : request.execute(st, psql));
    } catch (SQLException | RuntimeException e) {
      conn.statementFailed();
      throw conn.errorFor(side, e);
    }
    conn.ctx.metrics().side(side, true, System.nanoTime() - t0);
    if (dual) {
      lastSql = sql;
      mirrorSafely(
          phase,
          a,
          sql,
          () ->
              new Mirror(
                  a,
                  sql,
                  null,
                  null,
                  new long[] {hasResult ? -1 : switched ? 0 : st.getLargeUpdateCount()},
                  keyColumn == null ? null : captureKeys(st, keyColumn, phase, 1),
                  keyColumn));
    } else {
      conn.rememberSession(a, sql, phase);
      if (hasResult && request == null) {
        pendingTee = sampleShadow(phase, a, sql);
      }
    }
    conn.foundRowsAfter(side, a, sql, hasResult ? countFoundRows(side, a, sql, pc) : -1);
    conn.insertIdAfter(side, a, sql, pc);
    recordStatement(phase, dual, a, t0);
    return hasResult;
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    checkOpen();
    resetResults();
    Analysis a = conn.ctx.analyze(sql);
    Phase phase = conn.phaseFor(a);
    long t0 = System.nanoTime();
    Connection pc = conn.primary(phase);
    Phase.Side side = phase.primary();
    String psql = conn.ctx.sqlFor(side, sql);
    boolean dual = writesInDual(phase, a);
    String keyColumn = dual ? keyToMirror(phase, pc, a, psql) : null;
    Statement st = plain(side, pc);
    current = st;
    currentSide = side;
    psql = withFoundRows(side, a, sql, dual, psql);
    psql = withInsertIdSet(side, a, sql, pc, psql);
    ResultSet rs;
    try {
      rs = st.executeQuery(psql);
    } catch (SQLException | RuntimeException e) {
      conn.statementFailed();
      throw conn.errorFor(side, e);
    }
    conn.ctx.metrics().side(side, true, System.nanoTime() - t0);
    if (dual) {
      rs = mirrorQueryWrite(phase, a, sql, keyColumn, null, rs);
    } else {
      // SELECT set_config(...) is a session setting.
      conn.rememberSession(a, sql, phase);
      pendingTee = sampleShadow(phase, a, sql);
    }
    conn.foundRowsAfter(side, a, sql, dual ? -1 : countFoundRows(side, a, sql, pc));
    conn.insertIdAfter(side, a, sql, pc);
    recordStatement(phase, dual, a, t0);
    return wrap(rs);
  }

  /**
   * Mirrors a write the application ran through executeQuery ({@code INSERT ... RETURNING}, as
   * Hibernate 6 sends identity inserts, or {@code UPDATE ... RETURNING}); its count is unknown.
   * When the primary generated a key, the rows it returned are read here, before the application
   * sees them: a plain INSERT ... VALUES returns one row per row it inserted, and when the key
   * column is among them the secondary gets the same ids. The application reads the buffered copy.
   * Returns the result set to give the application.
   */
  ResultSet mirrorQueryWrite(
      Phase phase, Analysis a, String sql, String keyColumn, List<Binding[]> rows, ResultSet rs)
      throws SQLException {
    if (keyColumn == null) {
      Mirror m = new Mirror(a, sql, rows, null, new long[] {-1}, null, null);
      m.returnsRows = true;
      conn.mirror(phase, m);
      return rs;
    }
    String secondarySql = conn.ctx.sqlFor(phase.secondary(), sql);
    if (!bufferable(rs.getMetaData())) {
      journalUnmirrored(
          a,
          secondarySql,
          Divergence.Kind.KEYS_NOT_REPLAYED,
          "the primary generated "
              + keyColumn
              + " values returned with columns of a type the driver does not buffer (array, LOB,"
              + " structured); not sent to keep ids aligned");
      return rs;
    }
    CachedRowSet copy = rowSets().createCachedRowSet();
    try (ResultSet primaryRows = rs) {
      copy.populate(primaryRows);
    }
    ResultSetMetaData md = copy.getMetaData();
    int col = 0;
    for (int i = 1; i <= md.getColumnCount(); i++) {
      if (keyColumn.equalsIgnoreCase(md.getColumnLabel(i))) {
        col = i;
        break;
      }
    }
    if (col == 0) {
      journalUnmirrored(
          a,
          secondarySql,
          Divergence.Kind.KEYS_NOT_REPLAYED,
          "the primary generated "
              + keyColumn
              + " values but the statement does not return that column; not sent to keep ids"
              + " aligned");
      return copy;
    }
    List<Object> keys = new ArrayList<>();
    copy.beforeFirst();
    while (copy.next()) {
      keys.add(copy.getObject(col));
    }
    copy.beforeFirst();
    Mirror m = new Mirror(a, sql, rows, null, new long[] {-1}, keys, keyColumn);
    m.returnsRows = true;
    conn.mirror(phase, m);
    return copy;
  }

  /** Whether every column is a value {@link CachedRowSet} copies as it is. */
  private static boolean bufferable(ResultSetMetaData md) throws SQLException {
    for (int i = 1; i <= md.getColumnCount(); i++) {
      switch (md.getColumnType(i)) {
        case java.sql.Types.ARRAY:
        case java.sql.Types.STRUCT:
        case java.sql.Types.REF:
        case java.sql.Types.BLOB:
        case java.sql.Types.CLOB:
        case java.sql.Types.NCLOB:
        case java.sql.Types.SQLXML:
        case java.sql.Types.DATALINK:
        case java.sql.Types.JAVA_OBJECT:
        case java.sql.Types.DISTINCT:
          return false;
        default:
          break;
      }
    }
    return true;
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    return (int) runUpdate(sql, null, false);
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return (int)
        runUpdate(sql, autoGeneratedKeys == RETURN_GENERATED_KEYS ? KeyRequest.ALL : null, false);
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return (int) runUpdate(sql, KeyRequest.indexes(columnIndexes), false);
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    return (int) runUpdate(sql, KeyRequest.names(columnNames), false);
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    return runUpdate(sql, null, true);
  }

  @Override
  public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return runUpdate(sql, autoGeneratedKeys == RETURN_GENERATED_KEYS ? KeyRequest.ALL : null, true);
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return runUpdate(sql, KeyRequest.indexes(columnIndexes), true);
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    return runUpdate(sql, KeyRequest.names(columnNames), true);
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    return runExecute(sql, null);
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    return runExecute(sql, autoGeneratedKeys == RETURN_GENERATED_KEYS ? KeyRequest.ALL : null);
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    return runExecute(sql, KeyRequest.indexes(columnIndexes));
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    return runExecute(sql, KeyRequest.names(columnNames));
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    checkOpen();
    if (batch == null) {
      batch = new ArrayList<>();
    }
    batch.add(sql);
  }

  @Override
  public void clearBatch() throws SQLException {
    checkOpen();
    if (batch != null) {
      batch.clear();
    }
  }

  @Override
  public int[] executeBatch() throws SQLException {
    long[] counts = runPlainBatch();
    int[] out = new int[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = (int) counts[i];
    }
    return out;
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    return runPlainBatch();
  }

  private long[] runPlainBatch() throws SQLException {
    checkOpen();
    resetResults();
    List<String> entries = batch == null ? List.of() : new ArrayList<>(batch);
    if (batch != null) {
      batch.clear();
    }
    if (entries.isEmpty()) {
      return new long[0];
    }
    Analysis first = conn.ctx.analyze(entries.get(0));
    Phase phase = conn.phaseFor(first);
    long t0 = System.nanoTime();
    conn.refuseBatchedLastInsertId(phase, true, entries);
    Connection pc = conn.primary(phase);
    Phase.Side side = phase.primary();
    Statement st = plain(side, pc);
    current = st;
    currentSide = side;
    int[] counts;
    try {
      for (String e : entries) {
        st.addBatch(conn.ctx.sqlFor(side, e));
      }
    } catch (SQLException | RuntimeException e) {
      conn.statementFailed();
      try {
        st.clearBatch();
      } catch (SQLException clearFailed) {
        e.addSuppressed(clearFailed);
      }
      throw e;
    }
    try {
      counts = st.executeBatch();
    } catch (BatchUpdateException e) {
      conn.statementFailed();
      int[] applied = appliedOnFailure(e, conn.ctx.endpoint(side).dialect(), conn.inTransaction());
      mirrorPlainBatch(phase, pc, entries, applied);
      throw conn.errorFor(side, e);
    } catch (SQLException | RuntimeException e) {
      conn.statementFailed();
      throw conn.errorFor(side, e);
    }
    conn.ctx.metrics().side(side, true, System.nanoTime() - t0);
    mirrorPlainBatch(phase, pc, entries, counts);
    conn.foundRowsAfterBatch(side, entries);
    conn.insertIdAfterBatch(side, entries, pc);
    recordStatement(phase, phase.isDual(), first, t0);
    long[] out = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = counts[i];
    }
    return out;
  }

  /**
   * Mirrors the entries of a plain batch the primary applied. Entries that insert generated keys
   * cannot carry them (a plain batch reports no per-entry keys), so they are journaled instead of
   * sent.
   */
  private void mirrorPlainBatch(Phase phase, Connection pc, List<String> entries, int[] counts)
      throws SQLException {
    if (!phase.isDual()) {
      return;
    }
    List<String> send = new ArrayList<>();
    List<Long> sendCounts = new ArrayList<>();
    Analysis batchAnalysis = null;
    for (int i = 0; i < entries.size() && i < counts.length; i++) {
      if (counts[i] == EXECUTE_FAILED) {
        continue;
      }
      String sql = entries.get(i);
      Analysis a = conn.ctx.analyze(sql);
      if (!a.kind().mutates()) {
        continue;
      }
      if (keyToMirror(phase, pc, a, conn.ctx.sqlFor(phase.primary(), sql)) != null) {
        journalUnmirrored(
            a,
            conn.ctx.sqlFor(phase.secondary(), sql),
            Divergence.Kind.KEYS_NOT_REPLAYED,
            "a plain batch does not report generated keys per entry; not sent to keep ids aligned");
        continue;
      }
      if (batchAnalysis == null) {
        batchAnalysis = a;
      }
      send.add(sql);
      sendCounts.add((long) counts[i]);
    }
    if (send.isEmpty()) {
      return;
    }
    long[] expected = sendCounts.stream().mapToLong(Long::longValue).toArray();
    conn.mirror(
        phase,
        new Mirror(batchAnalysis, String.join(";\n", send), null, send, expected, null, null));
  }

  // ---------------------------------------------------------------- results

  @Override
  public ResultSet getResultSet() throws SQLException {
    checkOpen();
    if (current == null) {
      return null;
    }
    if (currentResult != null && !currentResult.isClosed()) {
      return currentResult;
    }
    return wrap(current.getResultSet());
  }

  @Override
  public int getUpdateCount() throws SQLException {
    checkOpen();
    return current == null ? -1 : current.getUpdateCount();
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    checkOpen();
    return current == null ? -1 : current.getLargeUpdateCount();
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    return getMoreResults(CLOSE_CURRENT_RESULT);
  }

  @Override
  public boolean getMoreResults(int mode) throws SQLException {
    checkOpen();
    CutoverResultSet previous = currentResult;
    currentResult = null;
    if (previous != null && mode == CLOSE_CURRENT_RESULT) {
      // The vendor closes it now: end its shadow sample first, as its own close() would, so the
      // comparison is not silently lost. (Kept results end theirs when the application closes
      // them.)
      previous.closeFromStatement();
    }
    return current != null && current.getMoreResults(mode);
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    checkOpen();
    if (mysqlKeys == null
        && current != null
        && currentSide != null
        && conn.ctx.mariaDbClient()
        && applicationWantsKeys()
        && sqlOfKeys() != null
        && mysqlKeysFromPostgres(currentSide, conn.ctx.analyze(sqlOfKeys()))) {
      InsertShape shape = conn.ctx.insertShape(sqlOfKeys(), Dialect.MYSQL);
      // One execution gives one key, its first id, whatever the statement (INSERT IGNORE, REPLACE,
      // INSERT ... SELECT alike); a batch one per execution, told apart by a plain INSERT's rows.
      int every =
          !keysOfBatch
              ? Integer.MAX_VALUE
              : shape != null && shape.rowIds() == InsertShape.RowIds.EVERY_ROW
                  ? Math.max(1, shape.rowCount())
                  : 1;
      mysqlKeys =
          asMysqlKeys(
              generatedKeys != null ? generatedKeys.createCopy() : current.getGeneratedKeys(),
              every);
    }
    if (mysqlKeys != null) {
      return new CutoverResultSet(this, mysqlKeys.createCopy(), null);
    }
    if (generatedKeys != null) {
      // A fresh cursor every time: applications and ORMs read generated keys more than once.
      return new CutoverResultSet(this, generatedKeys.createCopy(), null);
    }
    if (current == null) {
      throw new SQLException("No statement has been executed", "HY010");
    }
    return new CutoverResultSet(this, current.getGeneratedKeys(), null);
  }

  // ---------------------------------------------------------------- settings

  @Override
  public int getMaxFieldSize() throws SQLException {
    checkOpen();
    return current == null ? 0 : current.getMaxFieldSize();
  }

  @Override
  public void setMaxFieldSize(int max) throws SQLException {
    checkOpen();
    for (Statement s : physicalStatements()) {
      s.setMaxFieldSize(max);
    }
    maxFieldSize = max;
  }

  @Override
  public int getMaxRows() throws SQLException {
    checkOpen();
    return (int) maxRows;
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    setLargeMaxRows(max);
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    checkOpen();
    return maxRows;
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    checkOpen();
    if (max < 0) {
      throw new SQLException("maxRows must be >= 0: " + max, "22023");
    }
    maxRows = max;
    for (Statement s : physicalStatements()) {
      applyMaxRows(s, max);
    }
  }

  /** pgjdbc does not implement setLargeMaxRows; the int form serves every value that fits. */
  public static void applyMaxRows(Statement s, long max) throws SQLException {
    if (max <= Integer.MAX_VALUE) {
      s.setMaxRows((int) max);
    } else {
      s.setLargeMaxRows(max);
    }
  }

  @Override
  public void setEscapeProcessing(boolean enable) throws SQLException {
    checkOpen();
    escapeProcessing = enable;
    for (Statement s : physicalStatements()) {
      s.setEscapeProcessing(enable);
    }
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    checkOpen();
    return queryTimeout;
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    checkOpen();
    if (seconds < 0) {
      throw new SQLException("queryTimeout must be >= 0: " + seconds, "22023");
    }
    queryTimeout = seconds;
    for (Statement s : physicalStatements()) {
      s.setQueryTimeout(seconds);
    }
  }

  @Override
  public void cancel() throws SQLException {
    Statement s = current;
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return current == null ? null : current.getWarnings();
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
    if (current != null) {
      current.clearWarnings();
    }
  }

  @Override
  public void setCursorName(String name) throws SQLException {
    checkOpen();
    cursorName = name;
    for (Statement s : physicalStatements()) {
      s.setCursorName(name);
    }
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    checkOpen();
    fetchDirection = direction;
    for (Statement s : physicalStatements()) {
      s.setFetchDirection(direction);
    }
  }

  @Override
  public int getFetchDirection() throws SQLException {
    checkOpen();
    return fetchDirection;
  }

  /**
   * The rows a PostgreSQL side fetches at a time where a MySQL application asked for MySQL's
   * row-by-row streaming ({@code setFetchSize(Integer.MIN_VALUE)}): pgjdbc refuses a negative size,
   * and reads a result through a cursor of this many rows (inside a transaction; in autocommit mode
   * it reads the whole result).
   */
  static final int STREAMING_FETCH_SIZE = 1000;

  /**
   * The fetch size {@code side}'s driver is given for the application's: MySQL's streaming request
   * ({@code Integer.MIN_VALUE}, which Connector/J documents and Spring's {@code JdbcTemplate}
   * passes on) as it is to MariaDB/MySQL, as {@link #STREAMING_FETCH_SIZE} to PostgreSQL.
   */
  int vendorFetchSize(Phase.Side side) {
    return fetchSize == Integer.MIN_VALUE && conn.ctx.endpoint(side).dialect() != Dialect.MYSQL
        ? STREAMING_FETCH_SIZE
        : fetchSize;
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    checkOpen();
    // Connector/J takes MySQL's streaming size; MariaDB's client (3.x) and pgjdbc refuse it.
    boolean streams = conn.ctx.appDialect() == Dialect.MYSQL && !conn.ctx.mariaDbClient();
    if (rows < 0 && !(rows == Integer.MIN_VALUE && streams)) {
      throw new SQLException(
          "fetchSize must be >= 0"
              + (streams ? " (or Integer.MIN_VALUE, MySQL's streaming)" : "")
              + ": "
              + rows,
          "22023");
    }
    fetchSize = rows;
    for (Phase.Side side : Phase.Side.values()) {
      for (Statement s : physicalStatements(side)) {
        s.setFetchSize(vendorFetchSize(side));
      }
    }
  }

  @Override
  public int getFetchSize() throws SQLException {
    checkOpen();
    return fetchSize;
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    checkOpen();
    return resultSetConcurrency;
  }

  @Override
  public int getResultSetType() throws SQLException {
    checkOpen();
    return resultSetType;
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    checkOpen();
    return resultSetHoldability == -1 ? conn.getHoldability() : resultSetHoldability;
  }

  @Override
  public Connection getConnection() throws SQLException {
    checkOpen();
    return conn;
  }

  @Override
  public void setPoolable(boolean value) throws SQLException {
    checkOpen();
    poolable = value;
    for (Statement s : physicalStatements()) {
      s.setPoolable(value);
    }
  }

  @Override
  public boolean isPoolable() throws SQLException {
    checkOpen();
    return poolable != null && poolable;
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    checkOpen();
    closeOnCompletion = true;
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    checkOpen();
    return closeOnCompletion;
  }

  /** Called by a result set of ours when it closes. */
  void resultClosed() throws SQLException {
    if (closeOnCompletion) {
      close();
    }
  }

  /** The physical statements open on {@code side}. */
  List<Statement> physicalStatements(Phase.Side side) {
    Statement s = physical[side.ordinal()];
    return s == null ? List.of() : List.of(s);
  }

  List<Statement> physicalStatements() {
    List<Statement> out = new ArrayList<>(2);
    for (Statement s : physical) {
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    conn.unregister(this);
    SQLException failure = null;
    CutoverResultSet open = currentResult;
    currentResult = null;
    if (open != null) {
      // Closing the statement closes its result: end the result's shadow sample first, as the
      // result's own close() would, so a read whose ResultSet was never closed is still compared.
      try {
        open.closeFromStatement();
      } catch (SQLException e) {
        failure = e;
      }
    }
    for (Statement s : physicalStatements()) {
      try {
        s.close();
      } catch (SQLException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.setNextException(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    if (current != null) {
      return iface.isInstance(current) ? iface.cast(current) : current.unwrap(iface);
    }
    throw new SQLException("Not a wrapper for " + iface.getName() + " before the first execution");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this)
        || (current != null && (iface.isInstance(current) || current.isWrapperFor(iface)));
  }
}
