package dev.cutover.driver.internal;

import dev.cutover.driver.MigrationConfig.DatabaseConfig;
import dev.cutover.driver.config.Redaction;
import dev.cutover.driver.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Moves the sequences of the database that is about to become the primary past those of the one
 * that was, so that the first id it draws after a switch collides with none the other drew.
 *
 * <p>Dual-write keeps most sequences in step: generated keys are written explicitly and the
 * secondary's sequence is moved past them, and a query that draws from a sequence ({@code SELECT
 * nextval('s')}, {@code SELECT NEXT VALUE FOR s}) is replayed there. What it cannot see is a
 * sequence that already differed when dual-write began (a backfill copies rows, not sequence
 * positions), a replay that failed, or a write made elsewhere. The fenced flip runs this at its
 * quiet point, when no write of the fleet is in flight, so the values compared are final.
 *
 * <p>What is compared:
 *
 * <ul>
 *   <li>a sequence with the same name on both sides (PostgreSQL: in the same schema when both are
 *       PostgreSQL, else in the connection's current schema; MariaDB: in the connection's
 *       database), by the next value each would hand out (MariaDB's next not cached value, which
 *       may be ahead by its cache);
 *   <li>a MariaDB table's {@code AUTO_INCREMENT} against the sequence that fills the same table's
 *       serial or identity column on PostgreSQL.
 * </ul>
 *
 * Only the target is changed, and only forwards ({@code setval(s, n, false)} on PostgreSQL, {@code
 * SETVAL(s, n, 0)} on MariaDB, which never goes back). A MariaDB target's {@code AUTO_INCREMENT} is
 * left alone: it moves past every id written into the table by itself, and the ids a PostgreSQL
 * sequence skipped (rolled-back inserts) are free on both sides. Descending sequences are not
 * compared. H2 is not supported and is skipped.
 */
public final class SequenceSync {
  private SequenceSync() {}

  /** One sequence moved on the target: the next value it would have handed out, and now. */
  public record Move(String sequence, long before, long after) {
    @Override
    public String toString() {
      return sequence + " " + before + " -> " + after;
    }
  }

  /** A sequence's next value and where to set it; {@code name} as the target's SQL names it. */
  private record Position(String name, long next) {}

  /**
   * Moves every sequence of {@code target} that is behind its counterpart on {@code source} to the
   * counterpart's next value; returns what moved.
   */
  public static List<Move> align(DatabaseConfig source, DatabaseConfig target) throws SQLException {
    Dialect from = Dialect.fromJdbcUrl(source.url());
    Dialect to = Dialect.fromJdbcUrl(target.url());
    if (from == Dialect.H2 || to == Dialect.H2) {
      return List.of();
    }
    try (Connection s = connect(source);
        Connection t = connect(target)) {
      boolean samePg = from == Dialect.POSTGRES && to == Dialect.POSTGRES;
      Map<String, Long> wanted = new LinkedHashMap<>();
      Map<String, Long> autoIncrements = Map.of();
      if (from == Dialect.POSTGRES) {
        wanted.putAll(postgresSequences(s, samePg));
      } else {
        wanted.putAll(mariaDbSequences(s));
        autoIncrements = mariaDbAutoIncrements(s);
      }
      Map<String, Position> current =
          to == Dialect.POSTGRES ? postgresTargets(t, samePg, autoIncrements) : mariaDbTargets(t);
      List<Move> moves = new ArrayList<>();
      for (Map.Entry<String, Position> e : current.entrySet()) {
        Long want = wanted.get(e.getKey());
        Long auto = autoIncrements.get(e.getKey());
        long need =
            Math.max(want == null ? Long.MIN_VALUE : want, auto == null ? Long.MIN_VALUE : auto);
        Position p = e.getValue();
        if (need == Long.MIN_VALUE) {
          continue;
        }
        if (to == Dialect.POSTGRES ? need > p.next() : setMariaDb(t, p.name(), need)) {
          if (to == Dialect.POSTGRES) {
            setPostgres(t, p.name(), need);
          }
          moves.add(new Move(p.name(), p.next(), need));
        }
      }
      return moves;
    } catch (SQLException e) {
      throw new SQLException(
          "Could not align sequences of "
              + Redaction.url(target.url())
              + " with "
              + Redaction.url(source.url())
              + ": "
              + e.getMessage(),
          e.getSQLState(),
          e);
    }
  }

  private static Connection connect(DatabaseConfig db) throws SQLException {
    Connection c = Endpoint.findDriver(db.url()).connect(db.url(), db.toProperties());
    if (c == null) {
      throw new SQLException("No driver accepted " + Redaction.url(db.url()), "08001");
    }
    c.setAutoCommit(true);
    return c;
  }

  /** The key a sequence is matched by: schema-qualified between two PostgreSQL databases. */
  private static String key(String schema, String name, boolean qualified) {
    String n = name.toLowerCase(Locale.ROOT);
    return qualified ? schema.toLowerCase(Locale.ROOT) + "." + n : n;
  }

  private static final String PG_SEQUENCES =
      "SELECT schemaname, sequencename, last_value, start_value, increment_by FROM pg_sequences"
          + " WHERE increment_by > 0 AND schemaname NOT IN ('pg_catalog', 'information_schema')";

  /** PostgreSQL's next value of each ascending sequence (all schemas, or the current one). */
  private static Map<String, Long> postgresSequences(Connection c, boolean qualified)
      throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    String sql = qualified ? PG_SEQUENCES : PG_SEQUENCES + " AND schemaname = current_schema()";
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.put(key(rs.getString(1), rs.getString(2), qualified), postgresNext(rs));
      }
    }
    return out;
  }

  /** {@code last_value} is null until the sequence hands out its first value, its start. */
  private static long postgresNext(ResultSet rs) throws SQLException {
    long last = rs.getLong(3);
    if (rs.wasNull()) {
      return rs.getLong(4);
    }
    return last + rs.getLong(5);
  }

  /**
   * The target's sequences as PostgreSQL names them, with their next values; a serial or identity
   * sequence also under its table's name when a MariaDB table gives its AUTO_INCREMENT.
   */
  private static Map<String, Position> postgresTargets(
      Connection c, boolean qualified, Map<String, Long> autoIncrements) throws SQLException {
    Map<String, Position> out = new LinkedHashMap<>();
    String sql =
        (qualified ? PG_SEQUENCES : PG_SEQUENCES + " AND schemaname = current_schema()")
            + " ORDER BY schemaname, sequencename";
    Map<String, Long> nextByName = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        String name = quote(rs.getString(1)) + "." + quote(rs.getString(2));
        long next = postgresNext(rs);
        nextByName.put(name, next);
        out.put(key(rs.getString(1), rs.getString(2), qualified), new Position(name, next));
      }
    }
    if (autoIncrements.isEmpty()) {
      return out;
    }
    // The sequence owned by each table's column (serial: 'a', identity: 'i').
    String owned =
        "SELECT t.relname, ns.nspname, s.relname FROM pg_class s"
            + " JOIN pg_namespace ns ON ns.oid = s.relnamespace"
            + " JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass"
            + " AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')"
            + " JOIN pg_class t ON t.oid = d.refobjid"
            + " WHERE s.relkind = 'S' AND t.relnamespace = current_schema()::regnamespace";
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(owned)) {
      while (rs.next()) {
        String table = rs.getString(1).toLowerCase(Locale.ROOT);
        String name = quote(rs.getString(2)) + "." + quote(rs.getString(3));
        Long next = nextByName.get(name);
        if (next != null && autoIncrements.containsKey(table) && !out.containsKey(table)) {
          out.put(table, new Position(name, next));
        }
      }
    }
    return out;
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String backtick(String identifier) {
    return '`' + identifier.replace("`", "``") + '`';
  }

  /** MariaDB's sequences of the connection's database, by their next not cached value. */
  private static Map<String, Long> mariaDbSequences(Connection c) throws SQLException {
    Map<String, Position> positions = mariaDbTargets(c);
    Map<String, Long> out = new LinkedHashMap<>();
    positions.forEach((k, p) -> out.put(k, p.next()));
    return out;
  }

  private static Map<String, Position> mariaDbTargets(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT TABLE_NAME FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'SEQUENCE'"
                    + " ORDER BY TABLE_NAME")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    Map<String, Position> out = new LinkedHashMap<>();
    for (String name : names) {
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT next_not_cached_value, increment FROM " + backtick(name))) {
        if (rs.next() && rs.getLong(2) >= 0) {
          out.put(key(null, name, false), new Position(backtick(name), rs.getLong(1)));
        }
      }
    }
    return out;
  }

  /** Each MariaDB table's next AUTO_INCREMENT value, by lower-case table name. */
  private static Map<String, Long> mariaDbAutoIncrements(Connection c) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT TABLE_NAME, AUTO_INCREMENT FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'"
                    + " AND AUTO_INCREMENT IS NOT NULL")) {
      while (rs.next()) {
        out.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getLong(2));
      }
    }
    return out;
  }

  /** Moves a PostgreSQL sequence so that the next value it hands out is {@code next}. */
  private static void setPostgres(Connection c, String name, long next) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT setval(?::regclass, ?, false)")) {
      ps.setString(1, name);
      ps.setLong(2, next);
      ps.executeQuery().close();
    }
  }

  /**
   * Asks MariaDB to hand out {@code next} next. Always asked: the next not cached value read before
   * may be ahead of the value it really hands out next by its cache, and MariaDB ignores (answers
   * NULL) a value below that one, so it never goes back. Returns whether it moved.
   */
  private static boolean setMariaDb(Connection c, String name, long next) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT SETVAL(" + name + ", ?, 0)");
        ResultSet rs = execute(ps, next)) {
      return rs.next() && rs.getObject(1) != null;
    }
  }

  private static ResultSet execute(PreparedStatement ps, long value) throws SQLException {
    ps.setLong(1, value);
    return ps.executeQuery();
  }
}
