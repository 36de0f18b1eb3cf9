package dev.cutover.driver.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cutover.driver.sql.AssignedColumns;
import dev.cutover.driver.sql.Dialect;
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
 * such a parameter untyped; under an application on MariaDB Connector/J, a double or float into a
 * number parameter as MariaDB reads the text that driver sends ({@link MariaDbNumbers}). Everything
 * else is bound exactly as the application bound it. DDL executed through the driver forgets what
 * was learnt.
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
     * PostgreSQL rounds half away from zero (2.5 is 3; bound as a float8, PostgreSQL rounded it
     * half to even, 2).
     */
    INTEGER,
    /**
     * An integer or {@code numeric} type under an application on MariaDB Connector/J: as {@link
     * #NUMBER}, and a double or float goes as the literal that driver sends ({@link
     * MariaDbNumbers}): a plain text as a decimal (2.5 into an integer is 3), one in E notation as
     * a double (12345678.5 is 12345678, rounded half to even, as MariaDB rounds it).
     */
    EXACT_FROM_MARIADB,
    /**
     * A {@code numeric} parameter stored plainly into a column, under an application on MariaDB
     * Connector/J: as {@link #EXACT_FROM_MARIADB}, and a double in E notation goes as the shortest
     * decimal that reads back as it, as MariaDB stores it (1234567890123.4567 into a numeric(20,4)
     * is 1234567890123.4568; as a float8, PostgreSQL kept 15 digits, 1234567890123.4600).
     */
    DECIMAL_COLUMN_FROM_MARIADB,
    /**
     * A {@code real} or {@code double precision} type under an application on MariaDB Connector/J:
     * as {@link #NUMBER}, and a float goes as the double its text reads as, as MariaDB reads it
     * (0.1f into a double column is 0.1; as a float4 it was 0.10000000149011612).
     */
    APPROXIMATE_FROM_MARIADB,
    /**
     * A text type: a boolean becomes '1' or '0', as MariaDB stores it (PostgreSQL wrote 'true').
     */
    TEXT,
    /**
     * A text type under an application on MariaDB Connector/J: as {@link #TEXT}, and a date-time
     * value becomes the text that driver sends, which MariaDB stores as it is ({@code 2024-01-01
     * 10:00:00}; pgjdbc's text carried the zone offset, {@code 2024-01-01 10:00:00+00}).
     */
    TEXT_FROM_MARIADB,
    /**
     * A text parameter stored plainly into a column, under an application on MariaDB Connector/J
     * sending numbers as text: as {@link #TEXT_FROM_MARIADB}, and a double or float whose text is
     * plain goes as that text, which MariaDB stores as written ({@code 100.0}; as a float8,
     * PostgreSQL wrote {@code 100}); one in E notation as bound (MariaDB prints the double in a way
     * that depends on the column's length: {@code 1.5e7} in a VARCHAR(5)).
     */
    TEXT_COLUMN_FROM_MARIADB,
    /**
     * A text parameter compared by equality or passed to a function ({@link
     * dev.cutover.driver.sql.TextComparisons#numbersAsText}): as {@link #TEXT}, and an exact number
     * goes as its decimal text, as MariaDB converts it ({@code code = ?} with {@code setInt}).
     */
    TEXT_EQUATED,
    /** As {@link #TEXT_EQUATED}, under an application on MariaDB Connector/J. */
    TEXT_EQUATED_FROM_MARIADB,
    /**
     * A text parameter read as a value of JSON_OBJECT/JSON_ARRAY/JSON_QUOTE ({@code (SELECT ?) AS
     * cutover_json_value(v)}, see {@code JsonConstructors}): as {@link #TEXT}, and a boolean goes
     * as a boolean, which the translation writes {@code 1} or {@code 0} as MariaDB does (as the
     * text '1' it was the JSON string {@code "1"}).
     */
    JSON_VALUE,
    /** As {@link #JSON_VALUE}, under an application on MariaDB Connector/J. */
    JSON_VALUE_FROM_MARIADB,
    /** Any other type (uuid, json, date, enum, inet, ...): strings are parsed. */
    PARSED,
    /**
     * A timestamp or time stored into a column of N fractional digits (TIME_6 when the column is
     * not known): as {@link #PARSED}, and a date-time value is truncated to N digits, as MariaDB
     * truncates it (PostgreSQL rounds: 10:00:00.7 into a timestamp(0) became 10:00:01 there and
     * 10:00:00 in MariaDB); a {@code ZonedDateTime}, {@code Instant} or {@code java.util.Date},
     * which pgjdbc refuses, is given as the offset date-time or timestamp it stands for.
     */
    TIME_0,
    TIME_1,
    TIME_2,
    TIME_3,
    TIME_4,
    TIME_5,
    TIME_6;

    private static final Target[] TIMES = {TIME_0, TIME_1, TIME_2, TIME_3, TIME_4, TIME_5, TIME_6};

    /** The time target for a column of {@code digits} fractional digits (-1: unknown, 6). */
    static Target time(int digits) {
      return TIMES[digits < 0 || digits > 6 ? 6 : digits];
    }

    /** The fractional digits kept, for a time target; -1 for the others. */
    int digits() {
      return ordinal() >= TIME_0.ordinal() ? ordinal() - TIME_0.ordinal() : -1;
    }
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

  /**
   * Whether the application binds through MariaDB Connector/J (see {@link
   * Target#TEXT_FROM_MARIADB}).
   */
  private final boolean mariaDbClient;

  /**
   * Whether that driver sends numbers as text, its default (see {@link MariaDbNumbers}); with
   * {@code useServerPrepStmts} it sends a double as a binary double, which MariaDB rounds half to
   * even everywhere, and a float as a float.
   */
  private final boolean mariaDbText;

  ParameterTypes() {
    this(false, false);
  }

  ParameterTypes(boolean mariaDbClient, boolean mariaDbText) {
    this.mariaDbClient = mariaDbClient;
    this.mariaDbText = mariaDbClient && mariaDbText;
  }

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
      learnt = describe(c, sql, timeoutMillis, mariaDbClient, mariaDbText);
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

  private static Target[] describe(
      Connection c, String sql, long timeoutMillis, boolean mariaDbClient, boolean mariaDbText)
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
        boolean times = false;
        Target[] stored = null;
        for (int i = 0; i < n; i++) {
          String type = md.getParameterTypeName(i + 1);
          out[i] = target(type, mariaDbClient, mariaDbText);
          times |= out[i] == Target.TIME_6;
          Target into = mariaDbText ? storedInto(out[i], type) : null;
          if (into != null) {
            stored = stored == null ? new Target[n] : stored;
            stored[i] = into;
          }
        }
        if (times) {
          timePrecisions(c, sql, out);
        }
        if (stored != null) {
          storedColumns(sql, out, stored);
        }
        equated(sql, out);
        jsonValues(sql, out);
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

  /**
   * Narrows each time target of a value stored into a column to the column's fractional digits,
   * read from the catalog ({@code atttypmod} of a timestamp/time column is its precision, -1 for
   * the default 6).
   */
  private static void timePrecisions(Connection c, String sql, Target[] out) throws SQLException {
    AssignedColumns assigned = AssignedColumns.parse(sql, Dialect.POSTGRES);
    if (assigned == null) {
      return;
    }
    java.util.List<String> names = new java.util.ArrayList<>();
    java.util.Map<String, Integer> digits = new java.util.HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT attname::text, atttypmod FROM pg_attribute WHERE attrelid = to_regclass(?)"
                + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
      ps.setString(1, quoted(assigned.table()));
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // The statement's names come folded to lower case (see AssignedColumns).
          String name = rs.getString(1).toLowerCase(Locale.ROOT);
          names.add(name);
          digits.putIfAbsent(name, rs.getInt(2));
        }
      }
    }
    for (int i = 0; i < out.length; i++) {
      String column = assigned.column(i);
      if (out[i] != Target.TIME_6 || column == null) {
        continue;
      }
      if (column.startsWith("#")) {
        int position = Integer.parseInt(column.substring(1));
        column = position < names.size() ? names.get(position) : null;
      }
      Integer typmod = column == null ? null : digits.get(column);
      if (typmod != null) {
        out[i] = Target.time(typmod);
      }
    }
  }

  /**
   * The target for a parameter of {@code target} and PostgreSQL type {@code typeName} when it is
   * stored plainly into a column; null when that makes no difference.
   */
  private static Target storedInto(Target target, String typeName) {
    if (target == Target.EXACT_FROM_MARIADB && "numeric".equalsIgnoreCase(typeName)) {
      return Target.DECIMAL_COLUMN_FROM_MARIADB;
    }
    return target == Target.TEXT_FROM_MARIADB ? Target.TEXT_COLUMN_FROM_MARIADB : null;
  }

  /**
   * Gives each parameter stored plainly into a column (a value of {@code INSERT ... VALUES}/{@code
   * SET}, an {@code ON DUPLICATE KEY UPDATE col = ?}, an {@code UPDATE ... SET col = ?}) its target
   * in {@code stored}. Elsewhere (a {@code WHERE} clause) a double is compared, not stored: MariaDB
   * compares a DECIMAL with a double literal as doubles, as PostgreSQL compares a numeric with a
   * float8, and a text with a number as numbers, which PostgreSQL refuses (as it did).
   */
  private static void storedColumns(String sql, Target[] out, Target[] stored) {
    AssignedColumns assigned = AssignedColumns.parse(sql, Dialect.POSTGRES);
    if (assigned == null) {
      return;
    }
    for (int i = 0; i < out.length; i++) {
      if (stored[i] != null && assigned.column(i) != null) {
        out[i] = stored[i];
      }
    }
  }

  /**
   * Gives each text parameter where a bound number may go as its text ({@link
   * dev.cutover.driver.sql.TextComparisons#numbersAsText}) its {@code TEXT_EQUATED} target.
   */
  private static void equated(String sql, Target[] out) {
    boolean[] asText = null;
    for (int i = 0; i < out.length; i++) {
      if (out[i] != Target.TEXT && out[i] != Target.TEXT_FROM_MARIADB) {
        continue;
      }
      if (asText == null) {
        asText = dev.cutover.driver.sql.TextComparisons.numbersAsText(sql);
      }
      if (i < asText.length && asText[i]) {
        out[i] = out[i] == Target.TEXT ? Target.TEXT_EQUATED : Target.TEXT_EQUATED_FROM_MARIADB;
      }
    }
  }

  /**
   * Gives each text parameter that is a JSON builder's value, {@code (SELECT ?) AS
   * cutover_json_value(v)}, its {@code JSON_VALUE} target.
   */
  private static void jsonValues(String sql, Target[] out) {
    if (!sql.contains("cutover_json_value")) {
      return;
    }
    boolean[] values = dev.cutover.driver.sql.JsonValueParameters.of(sql);
    for (int i = 0; i < out.length && i < values.length; i++) {
      if (!values[i]) {
        continue;
      }
      switch (out[i]) {
        case TEXT:
        case TEXT_EQUATED:
          out[i] = Target.JSON_VALUE;
          break;
        case TEXT_FROM_MARIADB:
        case TEXT_COLUMN_FROM_MARIADB:
        case TEXT_EQUATED_FROM_MARIADB:
          out[i] = Target.JSON_VALUE_FROM_MARIADB;
          break;
        default:
          break;
      }
    }
  }

  /** {@code schema.table} as a regclass text, each part quoted (the names are as stored). */
  private static String quoted(String table) {
    StringBuilder out = new StringBuilder();
    for (String part : table.split("\\.")) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append('"').append(part.replace("\"", "\"\"")).append('"');
    }
    return out.toString();
  }

  private static void run(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /**
   * The binding rule for a parameter PostgreSQL typed as {@code typeName}, when the application
   * binds through MariaDB Connector/J ({@code mariaDbClient}), sending numbers as text ({@code
   * mariaDbText}), or not.
   */
  static Target target(String typeName, boolean mariaDbClient, boolean mariaDbText) {
    Target t = target(typeName);
    if (!mariaDbClient) {
      return t;
    }
    if (t == Target.TEXT) {
      return Target.TEXT_FROM_MARIADB;
    }
    if (!mariaDbText) {
      return t;
    }
    switch (t) {
      case INTEGER:
        return Target.EXACT_FROM_MARIADB;
      case NUMBER:
        switch (typeName.toLowerCase(Locale.ROOT)) {
          case "numeric":
            return Target.EXACT_FROM_MARIADB;
          case "float4":
          case "float8":
            return Target.APPROXIMATE_FROM_MARIADB;
          default:
            return t;
        }
      default:
        return t;
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
      case "timestamp":
      case "timestamptz":
      case "time":
      case "timetz":
        return Target.TIME_6;
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
    if (target == Target.JSON_VALUE || target == Target.JSON_VALUE_FROM_MARIADB) {
      if (v instanceof Boolean) {
        ps.setBoolean(index, (Boolean) v);
        return;
      }
      target = target == Target.JSON_VALUE ? Target.TEXT : Target.TEXT_FROM_MARIADB;
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
      case EXACT_FROM_MARIADB:
      case DECIMAL_COLUMN_FROM_MARIADB:
      case APPROXIMATE_FROM_MARIADB:
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
        if (MariaDbNumbers.bind(ps, index, v, into(target))) {
          return;
        }
        break;
      case TEXT:
      case TEXT_FROM_MARIADB:
      case TEXT_COLUMN_FROM_MARIADB:
      case TEXT_EQUATED:
      case TEXT_EQUATED_FROM_MARIADB:
        if (v instanceof Boolean) {
          ps.setString(index, (Boolean) v ? "1" : "0");
          return;
        }
        if (target == Target.TEXT_COLUMN_FROM_MARIADB
            && MariaDbNumbers.bind(ps, index, v, MariaDbNumbers.Into.TEXT_COLUMN)) {
          return;
        }
        if (target != Target.TEXT && target != Target.TEXT_EQUATED) {
          String text = MariaDbText.of(v, java.time.ZoneId.systemDefault());
          if (text != null) {
            ps.setString(index, text);
            return;
          }
        }
        // An exact number for a character column (WHERE code = ? with setInt): MariaDB converts
        // it, PostgreSQL refused character varying = integer. Its decimal text compares the same
        // for every canonical number; stored, it is what PostgreSQL's cast wrote. Elsewhere (SELECT
        // ?, code > ?) the number stays one: MariaDB answers an integer, compares as numbers.
        if (target != Target.TEXT_EQUATED
            && target != Target.TEXT_EQUATED_FROM_MARIADB
            && target != Target.TEXT_COLUMN_FROM_MARIADB) {
          break;
        }
        if (v instanceof Integer
            || v instanceof Long
            || v instanceof Short
            || v instanceof Byte
            || v instanceof java.math.BigInteger) {
          ps.setString(index, v.toString());
          return;
        }
        if (v instanceof BigDecimal) {
          ps.setString(index, ((BigDecimal) v).toPlainString());
          return;
        }
        break;
      case PARSED:
        if (v instanceof String) {
          ps.setObject(index, v, Types.OTHER);
          return;
        }
        break;
      case TIME_0:
      case TIME_1:
      case TIME_2:
      case TIME_3:
      case TIME_4:
      case TIME_5:
      case TIME_6:
        if (v instanceof String) {
          ps.setObject(index, v, Types.OTHER);
          return;
        }
        if (MariaDbTimes.bind(ps, index, v, target.digits())) {
          return;
        }
        break;
      default:
        break;
    }
    b.apply(ps, index);
  }

  /** How a double or float bound for {@code target} is read by MariaDB; null: not adapted. */
  private static MariaDbNumbers.Into into(Target target) {
    switch (target) {
      case EXACT_FROM_MARIADB:
        return MariaDbNumbers.Into.EXACT;
      case DECIMAL_COLUMN_FROM_MARIADB:
        return MariaDbNumbers.Into.DECIMAL_COLUMN;
      case APPROXIMATE_FROM_MARIADB:
        return MariaDbNumbers.Into.APPROXIMATE;
      default:
        return null;
    }
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
