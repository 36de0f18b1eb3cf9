package dev.cutover.driver.internal;

import dev.cutover.driver.Divergence;
import dev.cutover.driver.Phase;
import dev.cutover.driver.sql.Analysis;
import dev.cutover.driver.sql.Dialect;
import dev.cutover.driver.sql.FoundRows;
import dev.cutover.driver.sql.LastInsertId;
import dev.cutover.driver.sql.SqlLiterals;
import dev.cutover.driver.sql.StatementKind;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A {@link PreparedStatement} whose parameters are captured as {@link Binding}s and applied at
 * execution to the physical statement of whichever database is primary then, so a phase flip
 * between two executions never leaves the statement bound to the wrong connection. Batches snapshot
 * the parameters at each {@code addBatch}.
 */
public class CutoverPreparedStatement extends CutoverStatement implements PreparedStatement {
  private static final Binding[] NO_PARAMS = new Binding[0];

  final String sql;

  /** The analysis for this execution: {@link #prepared}, classified again each time. */
  Analysis analysis;

  /** The statement's analysis when it was prepared, before the function catalog's say. */
  private final Analysis prepared;

  private final KeyRequest appKeys;
  private final boolean callable;

  /**
   * Physical statements by side: index 0 as the application prepared it, 1 also returning the
   * mirror key.
   */
  private final PreparedStatement[][] physical = new PreparedStatement[2][2];

  /** Whether {@link #physical}'s statement was prepared for one execution only. */
  private final boolean[][] oneOff = new boolean[2][2];

  private Binding[] params = NO_PARAMS;
  private List<Binding[]> batch;

  CutoverPreparedStatement(
      CutoverConnection conn,
      String sql,
      int type,
      int concurrency,
      int holdability,
      KeyRequest keys,
      boolean callable) {
    super(conn, type, concurrency, holdability);
    this.sql = sql;
    this.prepared = conn.ctx.unclassified(sql);
    this.analysis = conn.ctx.classify(prepared);
    this.appKeys = keys;
    this.callable = callable;
  }

  /** Prepares on the current primary right away, so SQL errors surface at prepare time as usual. */
  void preparePrimary() throws SQLException {
    Phase phase = conn.phaseFor(analysis);
    Connection pc = conn.primary(phase);
    physical(phase.primary(), pc, null);
  }

  PreparedStatement physical(Phase.Side side, Connection c, String keyColumn) throws SQLException {
    return physical(side, c, keyColumn, null);
  }

  /**
   * As above, prepared from {@code once} instead of the statement's own text when it is not null (a
   * text for one execution: {@code LAST_INSERT_ID()} replaced by its value); the next execution
   * prepares its own text again.
   */
  private PreparedStatement physical(Phase.Side side, Connection c, String keyColumn, String once)
      throws SQLException {
    int variant = keyColumn == null ? 0 : 1;
    PreparedStatement ps = physical[side.ordinal()][variant];
    if (ps != null
        && ps.getConnection() == c
        && (once == null && !oneOff[side.ordinal()][variant])) {
      return ps;
    }
    String text = once != null ? once : conn.ctx.sqlFor(side, sql);
    if (ps != null) {
      ps.close();
    }
    oneOff[side.ordinal()][variant] = once != null;
    if (callable) {
      ps =
          resultSetHoldability == -1
              ? c.prepareCall(text, resultSetType, resultSetConcurrency)
              : c.prepareCall(text, resultSetType, resultSetConcurrency, resultSetHoldability);
    } else if (keyColumn != null) {
      ps =
          KeyRequest.withKey(
                  keysFor(appKeys, side, c, prepared), keyColumn, conn.ctx.endpoint(side).dialect())
              .prepare(c, text);
    } else if (appKeys != null && keysFor(appKeys, side, c, prepared) != null) {
      ps = keysFor(appKeys, side, c, prepared).prepare(c, text);
    } else if (resultSetHoldability != -1) {
      ps = c.prepareStatement(text, resultSetType, resultSetConcurrency, resultSetHoldability);
    } else if (resultSetType != ResultSet.TYPE_FORWARD_ONLY
        || resultSetConcurrency != ResultSet.CONCUR_READ_ONLY) {
      ps = c.prepareStatement(text, resultSetType, resultSetConcurrency);
    } else {
      ps = c.prepareStatement(text);
    }
    configure(side, ps);
    physical[side.ordinal()][variant] = ps;
    return ps;
  }

  @Override
  boolean applicationWantsKeys() {
    return appKeys != null;
  }

  @Override
  String sqlForKeys() {
    return sql;
  }

  @Override
  String sqlOfKeys() {
    return sql;
  }

  /**
   * A {@code setObject} with a scale as the application's driver applies it: MariaDB Connector/J
   * ignores the scale of a NUMERIC/DECIMAL value (the column's scale rounds it), where pgjdbc would
   * round to it first; so every side is given the value without it.
   */
  private Binding scaled(Binding b) {
    return conn.ctx.mariaDbClient() ? b.withoutScale() : b;
  }

  /** Hook for callable statements: attaches what the secondary must replay besides parameters. */
  void decorate(Mirror m) {}

  /** Hook for callable statements: applies OUT registrations and named parameters. */
  void beforeExecute(PreparedStatement ps) throws SQLException {}

  /**
   * Binds {@code row} by the types learnt for this statement, leaving out the parameters {@code
   * dropped} (from 0; null for none): a key parameter the execution writes as DEFAULT.
   */
  private void bindAll(
      Phase.Side side, Connection c, PreparedStatement ps, Binding[] row, java.util.BitSet dropped)
      throws SQLException {
    ParameterTypes learnt = callable || row.length == 0 ? null : conn.ctx.parameterTypes(side);
    ParameterTypes.Target[] types =
        learnt == null ? ParameterTypes.NONE : learnt.of(c, typedText(side), 0);
    if (dropped == null || dropped.isEmpty()) {
      ParameterTypes.bindSet(ps, row, types);
      return;
    }
    Binding[] rest = new Binding[row.length - dropped.cardinality()];
    ParameterTypes.Target[] restTypes = new ParameterTypes.Target[rest.length];
    int k = 0;
    for (int i = 0; i < row.length; i++) {
      if (!dropped.get(i)) {
        rest[k] = row[i];
        restTypes[k] = i < types.length ? types[i] : ParameterTypes.Target.AS_BOUND;
        k++;
      }
    }
    ParameterTypes.bindSet(ps, rest, restTypes);
  }

  /** Drops the parameter types learnt for this statement on {@code side} if they look stale. */
  private void typesFailed(Phase.Side side, Exception e) {
    ParameterTypes learnt = conn.ctx.parameterTypes(side);
    if (learnt != null && e instanceof SQLException) {
      learnt.failed(typedText(side), (SQLException) e);
    }
  }

  /**
   * The text on {@code side} whose description gives the parameters' types: the statement's own, or
   * for one calling FOUND_ROWS() where the driver answers it, the statement with a count written in
   * (PostgreSQL cannot describe FOUND_ROWS(), and the count's value does not change the types; one
   * text per statement, so it is kept like the statement's own).
   */
  private String typedText(Phase.Side side) {
    if (analysis != null
        && analysis.nonDeterministic()
        && conn.countsFoundRows(side)
        && FoundRows.uses(sql)) {
      return conn.ctx.sqlFor(side, FoundRows.substitute(sql, 0));
    }
    return conn.ctx.sqlFor(side, sql);
  }

  private void set(int index, Binding b) throws SQLException {
    checkOpen();
    if (index < 1) {
      throw new SQLException("Parameter index out of range: " + index, "22023");
    }
    if (index > params.length) {
      params = Arrays.copyOf(params, Math.max(index, params.length * 2));
    }
    params[index - 1] = b;
  }

  /**
   * The statement as the session replays it on the other database: a session setting with
   * parameters ({@code SELECT set_config('app.tenant', ?, false)}) with its values written in,
   * since the replay is kept as text. When a value cannot be written as a literal the setting is
   * not replayed and is journaled {@code NOT_REPLAYABLE}; the statement text is returned for
   * anything else.
   */
  private String sessionText(Phase phase) {
    if (analysis.kind() != StatementKind.SESSION) {
      return sql;
    }
    Binding[] row = snapshot();
    if (row.length == 0) {
      return sql;
    }
    List<Object> values = new ArrayList<>(row.length);
    for (Binding b : row) {
      Object v = b == null ? Binding.NOT_PLAIN : b.plainValue();
      values.add(v == Binding.NOT_PLAIN ? new Object() : v);
    }
    String inlined =
        conn.ctx.appDialect() == Dialect.POSTGRES ? SqlLiterals.inlinePostgres(sql, values) : null;
    if (inlined == null && phase.isDual()) {
      journalUnmirrored(
          analysis,
          sql,
          Divergence.Kind.NOT_REPLAYABLE,
          "a session setting whose parameters cannot be written as literals; the other database's"
              + " session does not have it");
    }
    return inlined;
  }

  /** The bound parameters trimmed to the highest index set, as an immutable snapshot row. */
  private Binding[] snapshot() {
    int n = params.length;
    while (n > 0 && params[n - 1] == null) {
      n--;
    }
    return Arrays.copyOf(params, n);
  }

  // ---------------------------------------------------------------- execution

  private interface Run<R> {
    R run(PreparedStatement ps) throws SQLException;
  }

  private <R> R runSingle(Run<R> run, boolean query) throws SQLException {
    checkOpen();
    // A function created, dropped or made STABLE since the statement was prepared.
    analysis = conn.ctx.classify(prepared);
    resetResults();
    Phase phase = conn.phaseFor(analysis);
    long t0 = System.nanoTime();
    Connection pc = conn.primary(phase);
    Phase.Side side = phase.primary();
    boolean dual = writesInDual(phase, analysis);
    boolean postgresPrimary = conn.ctx.endpoint(side).dialect() != Dialect.MYSQL;
    // A key parameter bound to NULL or 0 on a PostgreSQL primary: DEFAULT there, as MySQL
    // generates the id (the parameter is then not bound).
    MigrationContext.KeyDefaults defaults =
        postgresPrimary && analysis.isInsert() && conn.ctx.appDialect() == Dialect.MYSQL
            ? conn.ctx.keyDefaults(side, sql, params)
            : null;
    String keyColumn =
        dual
            ? keyToMirror(
                phase, pc, analysis, defaults != null ? defaults.sql() : conn.ctx.sqlFor(side, sql))
            : null;
    Long lastInsertId = conn.readLastInsertId(phase, analysis, sql, pc);
    String once =
        lastInsertId != null && postgresPrimary
            ? conn.ctx.sqlForOnce(side, LastInsertId.substitute(sql, lastInsertId))
            : defaults != null ? defaults.sql() : null;
    if (lastInsertId != null && defaults != null) {
      // Both would change the text: not done together; the key stays as bound.
      defaults = null;
    }
    if (once == null) {
      once = conn.withFoundRows(side, analysis, sql, dual);
    }
    if (once == null) {
      once = conn.withInsertIdSet(side, analysis, sql, pc);
    }
    PreparedStatement ps = physical(side, pc, query ? null : keyColumn, once);
    current = ps;
    currentSide = side;
    R result;
    try {
      // Binding is where a bad value fails (the setters only captured it): inside the try, so the
      // statement's accounting ends here as for any other failure.
      bindAll(side, pc, ps, params, defaults == null ? null : defaults.dropped());
      beforeExecute(ps);
      result = run.run(ps);
    } catch (SQLException | RuntimeException e) {
      conn.statementFailed();
      typesFailed(side, e);
      throw conn.errorFor(side, e);
    }
    conn.ctx.metrics().side(side, true, System.nanoTime() - t0);
    if (dual) {
      Binding[] row = snapshot();
      if (query) {
        ResultSet returned =
            mirrorQueryWrite(
                phase, analysis, sql, keyColumn, List.<Binding[]>of(row), (ResultSet) result);
        @SuppressWarnings("unchecked")
        R r = (R) returned;
        conn.foundRowsAfter(side, analysis, sql, -1);
        conn.insertIdAfter(side, analysis, sql, pc);
        recordStatement(phase, dual, analysis, t0);
        return r;
      } else {
        mirrorSafely(
            phase,
            analysis,
            sql,
            () -> {
              long count =
                  result instanceof Boolean
                      ? ((Boolean) result ? -1 : ps.getLargeUpdateCount())
                      : ((Number) result).longValue();
              List<Object> keys =
                  keyColumn == null
                      ? null
                      : captureKeys(ps, keyColumn, phase, 1, List.<Binding[]>of(row));
              Mirror m =
                  new Mirror(
                      analysis,
                      sql,
                      List.<Binding[]>of(row),
                      null,
                      new long[] {count},
                      keys,
                      keyColumn);
              m.returnsRows = Boolean.TRUE.equals(result);
              decorate(m);
              return m;
            });
      }
    } else {
      String session = sessionText(phase);
      if (session != null) {
        conn.rememberSession(analysis, session, phase);
      }
      if (query || Boolean.TRUE.equals(result)) {
        pendingTee = sampleShadow(phase, analysis, sql);
        if (pendingTee != null) {
          pendingTee.parameters(new BoundParameters(conn.ctx, snapshot()));
        }
      }
    }
    conn.foundRowsAfter(
        side,
        analysis,
        sql,
        // The side checked first: no binder allocated for a statement that takes no count.
        !callable && (query || Boolean.TRUE.equals(result)) && conn.countsFoundRows(side)
            ? conn.countFoundRows(
                side,
                analysis,
                sql,
                pc,
                (count, n) -> bindAll(side, pc, count, Arrays.copyOf(snapshot(), n), null),
                queryTimeout)
            : -1);
    conn.insertIdAfter(side, analysis, sql, pc);
    recordStatement(phase, dual, analysis, t0);
    return result;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    return wrap(runSingle(PreparedStatement::executeQuery, true));
  }

  @Override
  public int executeUpdate() throws SQLException {
    return runSingle(PreparedStatement::executeUpdate, false);
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    return runSingle(PreparedStatement::executeLargeUpdate, false);
  }

  @Override
  public boolean execute() throws SQLException {
    return runSingle(PreparedStatement::execute, false);
  }

  @Override
  public void addBatch() throws SQLException {
    checkOpen();
    if (batch == null) {
      batch = new ArrayList<>();
    }
    batch.add(snapshot());
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
    long[] counts = runBatch(false);
    int[] out = new int[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = (int) counts[i];
    }
    return out;
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    return runBatch(true);
  }

  private long[] runBatch(boolean large) throws SQLException {
    checkOpen();
    analysis = conn.ctx.classify(prepared);
    resetResults();
    keysOfBatch();
    List<Binding[]> rows = batch == null ? List.of() : new ArrayList<>(batch);
    if (batch != null) {
      batch.clear();
    }
    if (rows.isEmpty()) {
      return new long[0];
    }
    Phase phase = conn.phaseFor(analysis);
    long t0 = System.nanoTime();
    conn.refuseBatchedLastInsertId(phase, analysis.nonDeterministic(), List.of(sql));
    Connection pc = conn.primary(phase);
    Phase.Side side = phase.primary();
    boolean dual = writesInDual(phase, analysis);
    // Every row giving its key as a parameter bound to NULL or 0, on a PostgreSQL primary (a
    // MyBatis batch insert of new entities): the batch runs with DEFAULT there, as one statement.
    MigrationContext.KeyDefaults defaults = null;
    if (conn.ctx.endpoint(side).dialect() != Dialect.MYSQL
        && analysis.isInsert()
        && conn.ctx.appDialect() == Dialect.MYSQL) {
      for (Binding[] row : rows) {
        MigrationContext.KeyDefaults d = conn.ctx.keyDefaults(side, sql, row);
        if (d == null
            || defaults != null
                && !(d.sql().equals(defaults.sql()) && d.dropped().equals(defaults.dropped()))) {
          defaults = null;
          break;
        }
        defaults = d;
      }
    }
    String keyColumn =
        dual
            ? keyToMirror(
                phase, pc, analysis, defaults != null ? defaults.sql() : conn.ctx.sqlFor(side, sql))
            : null;
    PreparedStatement ps = physical(side, pc, keyColumn, defaults != null ? defaults.sql() : null);
    current = ps;
    currentSide = side;
    try {
      for (Binding[] row : rows) {
        bindAll(side, pc, ps, row, defaults == null ? null : defaults.dropped());
        beforeExecute(ps);
        ps.addBatch();
      }
    } catch (SQLException | RuntimeException e) {
      // A value that cannot be bound fails the batch before it runs. The rows bound so far sit in
      // the vendor's batch: clear them, or the next executeBatch would run them again.
      conn.statementFailed();
      try {
        ps.clearBatch();
      } catch (SQLException clearFailed) {
        e.addSuppressed(clearFailed);
      }
      throw e;
    }
    long[] counts;
    try {
      if (large) {
        counts = ps.executeLargeBatch();
      } else {
        int[] c = ps.executeBatch();
        counts = new long[c.length];
        for (int i = 0; i < c.length; i++) {
          counts[i] = c[i];
        }
      }
    } catch (BatchUpdateException e) {
      conn.statementFailed();
      if (dual) {
        int[] applied =
            appliedOnFailure(e, conn.ctx.endpoint(side).dialect(), conn.inTransaction());
        List<Binding[]> done = new ArrayList<>();
        List<Long> doneCounts = new ArrayList<>();
        for (int i = 0; i < applied.length && i < rows.size(); i++) {
          if (applied[i] != Statement.EXECUTE_FAILED) {
            done.add(rows.get(i));
            doneCounts.add((long) applied[i]);
          }
        }
        if (!done.isEmpty() && keyColumn != null) {
          // A failed batch reports no generated keys, so the rows it applied cannot be sent with
          // the primary's ids: journaled with their parameters, for repair.
          Mirror unsent =
              new Mirror(
                  analysis,
                  sql,
                  done,
                  null,
                  doneCounts.stream().mapToLong(Long::longValue).toArray(),
                  null,
                  null);
          conn.ctx.record(
              Divergence.Kind.KEYS_NOT_REPLAYED,
              analysis,
              conn.ctx.sqlFor(phase.secondary(), sql),
              unsent.displayParameters(),
              List.of(),
              "the batch failed part-way and reports no generated keys for the "
                  + done.size()
                  + " entries the primary applied; not sent to keep ids aligned",
              null);
        } else if (!done.isEmpty()) {
          conn.mirror(
              phase,
              new Mirror(
                  analysis,
                  sql,
                  done,
                  null,
                  doneCounts.stream().mapToLong(Long::longValue).toArray(),
                  null,
                  null));
        }
      }
      typesFailed(side, e);
      throw conn.errorFor(side, e);
    } catch (SQLException | RuntimeException e) {
      conn.statementFailed();
      typesFailed(side, e);
      throw conn.errorFor(side, e);
    }
    conn.ctx.metrics().side(side, true, System.nanoTime() - t0);
    if (dual) {
      long[] primaryCounts = counts;
      mirrorSafely(
          phase,
          analysis,
          sql,
          () ->
              new Mirror(
                  analysis,
                  sql,
                  rows,
                  null,
                  primaryCounts,
                  keyColumn == null ? null : captureKeys(ps, keyColumn, phase, rows.size(), rows),
                  keyColumn));
    }
    conn.foundRowsAfter(side, analysis, sql, -1);
    conn.insertIdAfter(side, analysis, sql, pc);
    recordStatement(phase, dual, analysis, t0);
    return counts;
  }

  @Override
  public void clearParameters() throws SQLException {
    checkOpen();
    Arrays.fill(params, null);
    for (Statement s : physicalStatements()) {
      ((PreparedStatement) s).clearParameters();
    }
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    return primaryStatement().getMetaData();
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    checkOpen();
    return primaryStatement().getParameterMetaData();
  }

  private PreparedStatement primaryStatement() throws SQLException {
    Phase phase = conn.peekPhase(analysis);
    return physical(phase.primary(), conn.primary(phase), null);
  }

  @Override
  List<Statement> physicalStatements(Phase.Side side) {
    List<Statement> out = new ArrayList<>(2);
    for (PreparedStatement ps : physical[side.ordinal()]) {
      if (ps != null) {
        out.add(ps);
      }
    }
    return out;
  }

  @Override
  List<Statement> physicalStatements() {
    List<Statement> out = new ArrayList<>(4);
    for (PreparedStatement[] bySide : physical) {
      for (PreparedStatement ps : bySide) {
        if (ps != null) {
          out.add(ps);
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- plain-SQL methods are not for
  // prepared statements

  private static SQLException notOnPrepared() {
    return new SQLException(
        "This method takes SQL text and cannot be called on a PreparedStatement", "42000");
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    throw notOnPrepared();
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    throw notOnPrepared();
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    throw notOnPrepared();
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    throw notOnPrepared();
  }

  // ---------------------------------------------------------------- setters

  @Override
  public void setNull(int i, int sqlType) throws SQLException {
    set(i, Binding.ofNull(sqlType, null));
  }

  @Override
  public void setNull(int i, int sqlType, String typeName) throws SQLException {
    set(i, Binding.ofNull(sqlType, typeName));
  }

  @Override
  public void setBoolean(int i, boolean x) throws SQLException {
    set(i, Binding.of(x, (ps, j, v) -> ps.setBoolean(j, (Boolean) v)));
  }

  @Override
  public void setByte(int i, byte x) throws SQLException {
    set(i, Binding.of(x, (ps, j, v) -> ps.setByte(j, (Byte) v)));
  }

  @Override
  public void setShort(int i, short x) throws SQLException {
    set(i, Binding.of(x, (ps, j, v) -> ps.setShort(j, (Short) v)));
  }

  @Override
  public void setInt(int i, int x) throws SQLException {
    set(i, Binding.of(x, (ps, j, v) -> ps.setInt(j, (Integer) v)));
  }

  @Override
  public void setLong(int i, long x) throws SQLException {
    set(i, Binding.of(x, (ps, j, v) -> ps.setLong(j, (Long) v)));
  }

  @Override
  public void setFloat(int i, float x) throws SQLException {
    set(i, Binding.of(x, (ps, j, v) -> ps.setFloat(j, (Float) v)));
  }

  @Override
  public void setDouble(int i, double x) throws SQLException {
    set(i, Binding.of(x, (ps, j, v) -> ps.setDouble(j, (Double) v)));
  }

  @Override
  public void setBigDecimal(int i, BigDecimal x) throws SQLException {
    set(i, Binding.of(x, (ps, j, v) -> ps.setBigDecimal(j, (BigDecimal) v)));
  }

  @Override
  public void setString(int i, String x) throws SQLException {
    set(i, Binding.of(x, (ps, j, v) -> ps.setString(j, (String) v)));
  }

  @Override
  public void setNString(int i, String x) throws SQLException {
    set(i, Binding.of(x, (ps, j, v) -> ps.setNString(j, (String) v)));
  }

  @Override
  public void setBytes(int i, byte[] x) throws SQLException {
    byte[] copy = x == null ? null : x.clone();
    set(i, Binding.of(copy, (ps, j, v) -> ps.setBytes(j, (byte[]) v)));
  }

  @Override
  public void setDate(int i, Date x) throws SQLException {
    set(i, Binding.of(Binding.detached(x), (ps, j, v) -> ps.setDate(j, (Date) v)));
  }

  @Override
  public void setDate(int i, Date x, Calendar cal) throws SQLException {
    set(
        i,
        Binding.ofTemporal(
            Binding.detached(x),
            cal,
            (ps, j, v) -> ps.setDate(j, (Date) v),
            (ps, j, v, c) -> ps.setDate(j, (Date) v, c)));
  }

  @Override
  public void setTime(int i, Time x) throws SQLException {
    set(i, Binding.of(Binding.detached(x), (ps, j, v) -> ps.setTime(j, (Time) v)));
  }

  @Override
  public void setTime(int i, Time x, Calendar cal) throws SQLException {
    set(
        i,
        Binding.ofTemporal(
            Binding.detached(x),
            cal,
            (ps, j, v) -> ps.setTime(j, (Time) v),
            (ps, j, v, c) -> ps.setTime(j, (Time) v, c)));
  }

  @Override
  public void setTimestamp(int i, Timestamp x) throws SQLException {
    set(i, Binding.of(Binding.detached(x), (ps, j, v) -> ps.setTimestamp(j, (Timestamp) v)));
  }

  @Override
  public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException {
    set(
        i,
        Binding.ofTemporal(
            Binding.detached(x),
            cal,
            (ps, j, v) -> ps.setTimestamp(j, (Timestamp) v),
            (ps, j, v, c) -> ps.setTimestamp(j, (Timestamp) v, c)));
  }

  @Override
  public void setObject(int i, Object x) throws SQLException {
    set(i, Binding.ofObject(x, null, null, null, MigrationContext.STREAM_CAP));
  }

  @Override
  public void setObject(int i, Object x, int targetSqlType) throws SQLException {
    set(i, Binding.ofObject(x, targetSqlType, null, null, MigrationContext.STREAM_CAP));
  }

  @Override
  public void setObject(int i, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
    set(
        i,
        scaled(
            Binding.ofObject(x, targetSqlType, scaleOrLength, null, MigrationContext.STREAM_CAP)));
  }

  @Override
  public void setObject(int i, Object x, SQLType targetSqlType) throws SQLException {
    set(i, Binding.ofObject(x, null, null, targetSqlType, MigrationContext.STREAM_CAP));
  }

  @Override
  public void setObject(int i, Object x, SQLType targetSqlType, int scaleOrLength)
      throws SQLException {
    set(
        i,
        scaled(
            Binding.ofObject(x, null, scaleOrLength, targetSqlType, MigrationContext.STREAM_CAP)));
  }

  @Override
  public void setAsciiStream(int i, InputStream x, int length) throws SQLException {
    set(i, Binding.ofBytes(x, length, MigrationContext.STREAM_CAP, true));
  }

  @Override
  public void setAsciiStream(int i, InputStream x, long length) throws SQLException {
    set(i, Binding.ofBytes(x, length, MigrationContext.STREAM_CAP, true));
  }

  @Override
  public void setAsciiStream(int i, InputStream x) throws SQLException {
    set(i, Binding.ofBytes(x, -1, MigrationContext.STREAM_CAP, true));
  }

  @Override
  @Deprecated
  public void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
    set(
        i,
        Binding.ofChars(
            x == null
                ? null
                : new java.io.InputStreamReader(x, java.nio.charset.StandardCharsets.UTF_16BE),
            length / 2,
            MigrationContext.STREAM_CAP));
  }

  @Override
  public void setBinaryStream(int i, InputStream x, int length) throws SQLException {
    set(i, Binding.ofBytes(x, length, MigrationContext.STREAM_CAP, false));
  }

  @Override
  public void setBinaryStream(int i, InputStream x, long length) throws SQLException {
    set(i, Binding.ofBytes(x, length, MigrationContext.STREAM_CAP, false));
  }

  @Override
  public void setBinaryStream(int i, InputStream x) throws SQLException {
    set(i, Binding.ofBytes(x, -1, MigrationContext.STREAM_CAP, false));
  }

  @Override
  public void setCharacterStream(int i, Reader x, int length) throws SQLException {
    set(i, Binding.ofChars(x, length, MigrationContext.STREAM_CAP));
  }

  @Override
  public void setCharacterStream(int i, Reader x, long length) throws SQLException {
    set(i, Binding.ofChars(x, length, MigrationContext.STREAM_CAP));
  }

  @Override
  public void setCharacterStream(int i, Reader x) throws SQLException {
    set(i, Binding.ofChars(x, -1, MigrationContext.STREAM_CAP));
  }

  @Override
  public void setNCharacterStream(int i, Reader x, long length) throws SQLException {
    set(i, Binding.ofChars(x, length, MigrationContext.STREAM_CAP));
  }

  @Override
  public void setNCharacterStream(int i, Reader x) throws SQLException {
    set(i, Binding.ofChars(x, -1, MigrationContext.STREAM_CAP));
  }

  @Override
  public void setBlob(int i, Blob x) throws SQLException {
    if (x == null) {
      setNull(i, Types.BLOB);
    } else {
      set(i, Binding.ofBytes(x.getBinaryStream(), x.length(), MigrationContext.STREAM_CAP, false));
    }
  }

  @Override
  public void setBlob(int i, InputStream x, long length) throws SQLException {
    set(i, Binding.ofBytes(x, length, MigrationContext.STREAM_CAP, false));
  }

  @Override
  public void setBlob(int i, InputStream x) throws SQLException {
    set(i, Binding.ofBytes(x, -1, MigrationContext.STREAM_CAP, false));
  }

  @Override
  public void setClob(int i, Clob x) throws SQLException {
    if (x == null) {
      setNull(i, Types.CLOB);
    } else {
      set(i, Binding.ofChars(x.getCharacterStream(), x.length(), MigrationContext.STREAM_CAP));
    }
  }

  @Override
  public void setClob(int i, Reader x, long length) throws SQLException {
    set(i, Binding.ofChars(x, length, MigrationContext.STREAM_CAP));
  }

  @Override
  public void setClob(int i, Reader x) throws SQLException {
    set(i, Binding.ofChars(x, -1, MigrationContext.STREAM_CAP));
  }

  @Override
  public void setNClob(int i, NClob x) throws SQLException {
    setClob(i, x);
  }

  @Override
  public void setNClob(int i, Reader x, long length) throws SQLException {
    set(i, Binding.ofChars(x, length, MigrationContext.STREAM_CAP));
  }

  @Override
  public void setNClob(int i, Reader x) throws SQLException {
    set(i, Binding.ofChars(x, -1, MigrationContext.STREAM_CAP));
  }

  @Override
  public void setRef(int i, Ref x) throws SQLException {
    set(i, Binding.primaryOnly(x, (ps, j, v) -> ps.setRef(j, (Ref) v)));
  }

  @Override
  public void setArray(int i, Array x) throws SQLException {
    set(i, Binding.primaryOnly(x, (ps, j, v) -> ps.setArray(j, (Array) v)));
  }

  @Override
  public void setURL(int i, URL x) throws SQLException {
    set(i, Binding.of(x, (ps, j, v) -> ps.setURL(j, (URL) v)));
  }

  @Override
  public void setRowId(int i, RowId x) throws SQLException {
    set(i, Binding.primaryOnly(x, (ps, j, v) -> ps.setRowId(j, (RowId) v)));
  }

  @Override
  public void setSQLXML(int i, SQLXML x) throws SQLException {
    set(i, Binding.primaryOnly(x, (ps, j, v) -> ps.setSQLXML(j, (SQLXML) v)));
  }
}
