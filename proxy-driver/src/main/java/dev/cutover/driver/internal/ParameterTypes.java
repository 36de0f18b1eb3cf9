package dev.cutover.driver.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Locale;

/**
 * Binds an application's parameters on a PostgreSQL side the way PostgreSQL expects them, when the
 * application was written for MariaDB or MySQL.
 *
 * <p>MariaDB converts a bound value to its column's type silently; PostgreSQL refuses a parameter
 * whose type does not match: {@code setInt(i, 1)} into a boolean column ("column is of type boolean
 * but expression is of type integer"), {@code setString} into a uuid, json, date or enum column
 * ("... expression is of type character varying"), {@code setBoolean} into a smallint. A legacy
 * application does all of these against its {@code tinyint(1)} and {@code CHAR(36)} columns, and
 * without this class every such write would fail on the new database and every such read fail its
 * shadow comparison.
 *
 * <p>The type PostgreSQL infers for each parameter of a statement is asked once (a describe round
 * trip, {@link PreparedStatement#getParameterMetaData()}) and kept by the statement's text for the
 * process; then, per value: a number into a {@code bool} parameter is bound as a boolean (non-zero
 * is true, as MariaDB reads a {@code tinyint(1)}), a string untyped; a boolean into a number
 * parameter as 1 or 0; a string into any parameter that is not text, boolean, binary or bits is
 * bound untyped, so PostgreSQL parses it as that type (as it does a quoted literal); a NULL into
 * such a parameter untyped. Everything else is bound exactly as the application bound it. DDL
 * executed through the driver forgets what was learnt.
 */
final class ParameterTypes {
  /** How the values for one parameter are bound. */
  enum Target {
    /** As the application bound it: binary and bit parameters, and unknown ones. */
    AS_BOUND,
    /** PostgreSQL {@code bool}: numbers and boolean texts become booleans. */
    BOOLEAN,
    /** A number type: booleans become 1/0, strings are parsed by PostgreSQL. */
    NUMBER,
    /**
     * An integer type: as {@link #NUMBER}, and a double or float goes as its exact decimal, which
     * PostgreSQL rounds half away from zero as MariaDB does (2.5 is 3; bound as a float8,
     * PostgreSQL rounded it half to even, 2).
     */
    INTEGER,
    /**
     * A text type: a boolean becomes '1' or '0', as MariaDB stores it (PostgreSQL wrote 'true').
     */
    TEXT,
    /** Any other type (uuid, json, date, timestamp, enum, inet, ...): strings are parsed. */
    PARSED
  }

  /** Nothing to adapt in this statement. */
  static final Target[] NONE = new Target[0];

  /**
   * PostgreSQL's refusals to type a statement's parameters that say something about the statement
   * itself ({@code ? IS NULL}: indeterminate; ambiguous parameter or function), remembered so such
   * a statement does not pay a describe on every execution. A missing table or column is not: the
   * schema on the new side is often still being built.
   */
  private static final java.util.Set<String> UNTYPABLE =
      java.util.Set.of("42P18", "42P08", "42725");

  /**
   * Failures of an adapted statement that say its learnt types are stale (a column's type changed
   * outside the driver): datatype mismatch, undefined function or operator, invalid text.
   */
  private static final java.util.Set<String> STALE = java.util.Set.of("42804", "42883", "22P02");

  private static final String SAVEPOINT = "cutover_describe";

  /** Learnt types, kept for a while: DDL run outside the driver is picked up within that time. */
  private final Cache<String, Target[]> bySql =
      Caffeine.newBuilder()
          .maximumSize(10_000)
          .expireAfterWrite(java.time.Duration.ofMinutes(10))
          .build();

  /** Bumped by {@link #clear}; a describe that started before a clear does not store its result. */
  private final java.util.concurrent.atomic.AtomicLong generation =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * How to bind each parameter (index 0 is parameter 1) of {@code sql} on {@code c}; {@link #NONE}
   * when nothing needs adapting or PostgreSQL could not describe it (the statement then runs as the
   * application bound it, and fails on its own if that is wrong).
   *
   * <p>The describe uses a statement of its own, so the application's earlier bindings cannot
   * influence what PostgreSQL infers. Inside a transaction, whether opened through JDBC or with SQL
   * text, it runs under a savepoint, so a statement PostgreSQL cannot type does not abort the
   * transaction. With {@code timeoutMillis} > 0 (shadow reads, on the driver's own connections) the
   * describe is cancelled after that long and a {@link SQLTimeoutException} thrown; pgjdbc's
   * describe does not honour a query timeout, and it waits for the tables' locks.
   */
  Target[] of(Connection c, String sql, long timeoutMillis) throws SQLTimeoutException {
    Target[] known = bySql.getIfPresent(sql);
    if (known != null) {
      return known;
    }
    long gen = generation.get();
    Target[] learnt;
    try {
      learnt = describe(c, sql, timeoutMillis);
    } catch (SQLTimeoutException e) {
      throw e;
    } catch (SQLException e) {
      if (e.getSQLState() != null && UNTYPABLE.contains(e.getSQLState())) {
        store(sql, NONE, gen);
      }
      return NONE;
    } catch (RuntimeException e) {
      return NONE;
    }
    store(sql, learnt, gen);
    return learnt;
  }

  private void store(String sql, Target[] targets, long gen) {
    if (generation.get() == gen) {
      bySql.put(sql, targets);
    }
  }

  /**
   * Drops what was learnt for {@code sql} when its execution failed in a way stale types explain.
   */
  void failed(String sql, SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if (x.getSQLState() != null && STALE.contains(x.getSQLState())) {
        bySql.invalidate(sql);
        return;
      }
    }
  }

  private static Target[] describe(Connection c, String sql, long timeoutMillis)
      throws SQLException {
    boolean txn = !c.getAutoCommit() || Pg.inTransaction(c);
    if (txn) {
      run(c, "SAVEPOINT " + SAVEPOINT);
    }
    Target[] out;
    try (PreparedStatement d = c.prepareStatement(sql)) {
      java.util.concurrent.ScheduledFuture<?> cancel =
          timeoutMillis > 0 ? Pg.cancelAfter(c, timeoutMillis) : null;
      try {
        ParameterMetaData md = d.getParameterMetaData();
        int n = md.getParameterCount();
        out = new Target[n];
        for (int i = 0; i < n; i++) {
          out[i] = target(md.getParameterTypeName(i + 1));
        }
      } finally {
        if (cancel != null) {
          cancel.cancel(false);
        }
      }
    } catch (SQLException | RuntimeException e) {
      if (txn) {
        try {
          run(c, "ROLLBACK TO SAVEPOINT " + SAVEPOINT);
          run(c, "RELEASE SAVEPOINT " + SAVEPOINT);
        } catch (SQLException rollbackFailed) {
          e.addSuppressed(rollbackFailed);
        }
      }
      if (e instanceof SQLException && "57014".equals(((SQLException) e).getSQLState())) {
        throw new SQLTimeoutException(
            "describing the statement's parameters took over " + timeoutMillis + " ms", "57014", e);
      }
      throw e;
    }
    if (txn) {
      run(c, "RELEASE SAVEPOINT " + SAVEPOINT);
    }
    for (Target t : out) {
      if (t != Target.AS_BOUND) {
        return out;
      }
    }
    return NONE;
  }

  private static void run(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** The binding rule for a parameter PostgreSQL typed as {@code typeName}. */
  static Target target(String typeName) {
    if (typeName == null) {
      return Target.AS_BOUND;
    }
    String t = typeName.toLowerCase(Locale.ROOT);
    if (t.startsWith("_")) {
      // Arrays: the application binds them as arrays already.
      return Target.AS_BOUND;
    }
    switch (t) {
      case "bool":
      case "boolean":
        return Target.BOOLEAN;
      case "int2":
      case "int4":
      case "int8":
        return Target.INTEGER;
      case "text":
      case "varchar":
      case "bpchar":
      case "char":
      case "name":
      case "citext":
        return Target.TEXT;
      case "numeric":
      case "float4":
      case "float8":
      case "oid":
        return Target.NUMBER;
      case "unknown":
      case "bytea":
      case "bit":
      case "varbit":
      case "void":
      case "any":
      case "anyelement":
        return Target.AS_BOUND;
      default:
        return Target.PARSED;
    }
  }

  /** Forgets every learnt statement: a DDL statement may have changed a column's type. */
  void clear() {
    generation.incrementAndGet();
    bySql.invalidateAll();
  }

  /**
   * Binds {@code n} values of {@code row} from {@code from}, at {@code firstIndex} on, by {@code
   * targets} (indexed by parameter index - 1; shorter or {@link #NONE}: as bound).
   */
  static void bind(
      PreparedStatement ps, Binding[] row, int firstIndex, int from, int n, Target[] targets)
      throws SQLException {
    for (int i = 0; i < n; i++) {
      Binding b = row[from + i];
      if (b == null) {
        throw new SQLException("No value specified for parameter " + (from + i + 1), "07001");
      }
      int index = firstIndex + i;
      if (index - 1 < targets.length && targets[index - 1] != Target.AS_BOUND) {
        bind(ps, index, b, targets[index - 1]);
      } else {
        b.apply(ps, index);
      }
    }
  }

  /**
   * Binds the values of {@code row} that were set, at their own indexes, by {@code targets}; an
   * unset one is left for the vendor driver to report, as it would without this driver.
   */
  static void bindSet(PreparedStatement ps, Binding[] row, Target[] targets) throws SQLException {
    for (int i = 0; i < row.length; i++) {
      Binding b = row[i];
      if (b == null) {
        continue;
      }
      if (i < targets.length && targets[i] != Target.AS_BOUND) {
        bind(ps, i + 1, b, targets[i]);
      } else {
        b.apply(ps, i + 1);
      }
    }
  }

  /** Binds one value by its parameter's rule. */
  static void bind(PreparedStatement ps, int index, Binding b, Target target) throws SQLException {
    Object v = b.plainValue();
    if (v == Binding.NOT_PLAIN) {
      b.apply(ps, index);
      return;
    }
    if (v == null) {
      // A typed NULL (setNull(i, Types.VARCHAR) into a uuid) is refused like a typed value.
      ps.setNull(index, target == Target.BOOLEAN ? Types.BOOLEAN : Types.OTHER);
      return;
    }
    switch (target) {
      case BOOLEAN:
        if (v instanceof String) {
          // PostgreSQL reads '1', '0', 't', 'yes', ... as a boolean.
          ps.setObject(index, v, Types.OTHER);
          return;
        }
        Boolean bool = asBoolean(v);
        if (bool != null) {
          ps.setBoolean(index, bool);
          return;
        }
        break;
      case NUMBER:
      case INTEGER:
        if (v instanceof Boolean) {
          ps.setInt(index, (Boolean) v ? 1 : 0);
          return;
        }
        if (v instanceof String) {
          ps.setObject(index, v, Types.OTHER);
          return;
        }
        if (target == Target.INTEGER
            && (v instanceof Double || v instanceof Float)
            && Double.isFinite(((Number) v).doubleValue())) {
          ps.setBigDecimal(index, new BigDecimal(((Number) v).doubleValue()));
          return;
        }
        break;
      case TEXT:
        if (v instanceof Boolean) {
          ps.setString(index, (Boolean) v ? "1" : "0");
          return;
        }
        break;
      case PARSED:
        if (v instanceof String) {
          ps.setObject(index, v, Types.OTHER);
          return;
        }
        break;
      default:
        break;
    }
    b.apply(ps, index);
  }

  /** The truth of a number, as a {@code tinyint(1)} holds it; null for anything else. */
  private static Boolean asBoolean(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue() != 0;
    }
    if (v instanceof BigDecimal) {
      // MariaDB rounds a decimal stored into a tinyint(1): 0.4 is 0, false.
      return ((BigDecimal) v).setScale(0, java.math.RoundingMode.HALF_UP).signum() != 0;
    }
    if (v instanceof BigInteger) {
      return ((BigInteger) v).signum() != 0;
    }
    return null;
  }
}
