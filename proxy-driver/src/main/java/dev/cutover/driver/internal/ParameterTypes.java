package dev.cutover.driver.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
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
    /** As the application bound it: text, binary and bit parameters, and unknown ones. */
    AS_BOUND,
    /** PostgreSQL {@code bool}: numbers and boolean texts become booleans. */
    BOOLEAN,
    /** A number type: booleans become 1/0, strings are parsed by PostgreSQL. */
    NUMBER,
    /** Any other type (uuid, json, date, timestamp, enum, inet, ...): strings are parsed. */
    PARSED
  }

  /** Nothing to adapt in this statement. */
  static final Target[] NONE = new Target[0];

  private final Cache<String, Target[]> bySql = Caffeine.newBuilder().maximumSize(10_000).build();

  /**
   * How to bind each parameter (index 0 is parameter 1) of {@code ps}, prepared from {@code sql} on
   * {@code c}; {@link #NONE} when nothing needs adapting or PostgreSQL could not describe it.
   * Inside a transaction the describe runs under a savepoint, so a statement PostgreSQL cannot
   * describe does not abort the transaction.
   */
  Target[] of(Connection c, PreparedStatement ps, String sql) {
    Target[] known = bySql.getIfPresent(sql);
    if (known != null) {
      return known;
    }
    Target[] learnt;
    try {
      learnt = describe(c, ps);
    } catch (SQLException e) {
      // The statement runs as bound, and fails on its own if it is wrong. PostgreSQL's own refusal
      // (class 42: it cannot type a parameter such as '? IS NULL') is kept, so the statement does
      // not pay a describe on every execution; anything else (a broken connection) is asked again.
      if (e.getSQLState() != null && e.getSQLState().startsWith("42")) {
        bySql.put(sql, NONE);
      }
      return NONE;
    } catch (RuntimeException e) {
      return NONE;
    }
    bySql.put(sql, learnt);
    return learnt;
  }

  private static Target[] describe(Connection c, PreparedStatement ps) throws SQLException {
    Savepoint sp = c.getAutoCommit() ? null : c.setSavepoint();
    ParameterMetaData md;
    int n;
    Target[] out;
    try {
      md = ps.getParameterMetaData();
      n = md.getParameterCount();
      out = new Target[n];
      for (int i = 0; i < n; i++) {
        out[i] = target(md.getParameterTypeName(i + 1));
      }
    } catch (SQLException e) {
      if (sp != null) {
        c.rollback(sp);
      }
      throw e;
    }
    if (sp != null) {
      c.releaseSavepoint(sp);
    }
    for (Target t : out) {
      if (t != Target.AS_BOUND) {
        return out;
      }
    }
    return NONE;
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
      case "numeric":
      case "float4":
      case "float8":
      case "oid":
        return Target.NUMBER;
      case "text":
      case "varchar":
      case "bpchar":
      case "char":
      case "name":
      case "citext":
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
        if (v instanceof Boolean) {
          ps.setInt(index, (Boolean) v ? 1 : 0);
          return;
        }
        if (v instanceof String) {
          ps.setObject(index, v, Types.OTHER);
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
      return ((BigDecimal) v).signum() != 0;
    }
    if (v instanceof BigInteger) {
      return ((BigInteger) v).signum() != 0;
    }
    return null;
  }
}
