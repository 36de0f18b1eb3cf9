package dev.cutover.driver.internal;

import dev.cutover.driver.MigrationConfig.DatabaseConfig;
import dev.cutover.driver.config.Redaction;
import dev.cutover.driver.sql.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 *   <li>a sequence with the same name on both sides (between two PostgreSQL databases: the same
 *       schema and the same name, exactly; with MariaDB: its database's sequences and those of
 *       PostgreSQL's current schema, by name in any case), by the next value each would hand out
 *       (PostgreSQL: {@code last_value}, plus the increment once drawn; MariaDB: its next not
 *       cached value, which may be ahead by its cache);
 *   <li>a MariaDB table's {@code AUTO_INCREMENT} against the sequence that fills the same column
 *       (serial or identity) of the same table on PostgreSQL.
 * </ul>
 *
 * Only the target is changed, and only forwards: PostgreSQL's {@code setval} runs only where the
 * sequence's own row (read in the same statement) is still behind, so a late or repeated run never
 * takes back a value already handed out; MariaDB's {@code SETVAL(s, n, 0)} never goes back by
 * itself. A MariaDB target's {@code AUTO_INCREMENT} is left alone: it moves past every id written
 * into the table by itself, and the ids a PostgreSQL sequence skipped (rolled-back inserts) are
 * free on both sides. Descending sequences are not compared. H2 is skipped.
 *
 * <p>A sequence that cannot be read or moved (no privilege, past its {@code MAXVALUE}) does not
 * stop the others: it is listed in {@link Result#failures()} by name. Reads and moves go in
 * statements of up to {@value #CHUNK} sequences, each its own transaction, so that neither the
 * round trips nor the lock table grow with a schema-per-tenant database's thousands of sequences.
 */
public final class SequenceSync {
  /** Sequences read or moved per statement (each takes a lock until its statement ends). */
  static final int CHUNK = 200;

  private final DatabaseConfig source;
  private final DatabaseConfig target;
  private final List<Connection> open = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean cancelled;

  private SequenceSync(DatabaseConfig source, DatabaseConfig target) {
    this.source = source;
    this.target = target;
  }

  /** An alignment of {@code target}'s sequences with {@code source}'s, not yet run. */
  public static SequenceSync of(DatabaseConfig source, DatabaseConfig target) {
    return new SequenceSync(source, target);
  }

  /** One sequence moved on the target: the next value it would have handed out, and now. */
  public record Move(String sequence, long before, long after) {
    @Override
    public String toString() {
      return sequence + " " + before + " -> " + after;
    }
  }

  /**
   * What an alignment did.
   *
   * @param moves the sequences moved forward
   * @param failures sequences that could not be compared or moved, each with why
   * @param warnings what the operator should know about moved sequences (a cache)
   */
  public record Result(List<Move> moves, List<String> failures, List<String> warnings) {}

  /** A sequence: its SQL name, next value, increment, maximum and cache. */
  private record Position(String name, long next, long increment, long max, long cache) {}

  /** A sequence to move, and the value it is to hand out next. */
  private record Target(Position position, long value) {}

  /** One statement over some of the sequences; see {@link #inChunks}. */
  @FunctionalInterface
  private interface ChunkStatement<T> {
    void run(List<T> chunk) throws SQLException;
  }

  /** A sequence as listed, before its value is read. */
  private record Listed(
      String key, String name, long increment, long start, long max, long cache) {}

  /**
   * Stops a running alignment: no sequence is moved after this returns, and its connections are
   * aborted, so a database that does not answer does not keep it waiting.
   */
  public void cancel() {
    cancelled = true;
    Executor direct = Runnable::run;
    synchronized (open) {
      for (Connection c : open) {
        try {
          c.abort(direct);
        } catch (SQLException | RuntimeException ignored) {
          // Already closed or broken: nothing more will run on it.
        }
      }
    }
  }

  /**
   * Moves every sequence of the target that is behind its counterpart on the source to the
   * counterpart's next value. Throws when a database cannot be reached or listed; a single
   * sequence's problem is a failure in the result.
   */
  public Result align() throws SQLException {
    Dialect from = Dialect.fromJdbcUrl(source.url());
    Dialect to = Dialect.fromJdbcUrl(target.url());
    List<Move> moves = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (from == Dialect.H2 || to == Dialect.H2) {
      return new Result(moves, failures, warnings);
    }
    try (Connection s = connect(source);
        Connection t = connect(target)) {
      boolean samePg = from == Dialect.POSTGRES && to == Dialect.POSTGRES;
      Map<String, Long> wanted = new LinkedHashMap<>();
      Map<String, Long> autoIncrements = Map.of();
      if (from == Dialect.POSTGRES) {
        postgresPositions(s, samePg, failures).forEach((k, p) -> wanted.put(k, p.next()));
      } else {
        mariaDbPositions(s, failures).forEach((k, p) -> wanted.put(k, p.next()));
        autoIncrements = mariaDbAutoIncrements(s);
      }
      Map<String, Position> current =
          to == Dialect.POSTGRES
              ? postgresPositions(t, samePg, failures)
              : mariaDbPositions(t, failures);
      Map<String, Long> need = new LinkedHashMap<>();
      for (Map.Entry<String, Position> e : current.entrySet()) {
        Long want = wanted.get(e.getKey());
        if (want != null) {
          need.merge(e.getValue().name(), want, Math::max);
        }
      }
      if (to == Dialect.POSTGRES && !autoIncrements.isEmpty()) {
        for (Map.Entry<String, String> e : ownedSequences(t).entrySet()) {
          Long auto = autoIncrements.get(e.getKey());
          if (auto != null) {
            need.merge(e.getValue(), auto, Math::max);
          }
        }
      }
      Map<String, Position> byName = new LinkedHashMap<>();
      current.values().forEach(p -> byName.put(p.name(), p));
      List<Target> behind = new ArrayList<>();
      for (Map.Entry<String, Long> e : need.entrySet()) {
        Position p = byName.get(e.getKey());
        long value = e.getValue();
        // MariaDB's next not cached value may be ahead of what it really hands out next: asked
        // anyway, it ignores a value below that.
        if (p == null || (to == Dialect.POSTGRES && value <= p.next())) {
          continue;
        }
        if (value > p.max()) {
          failures.add(
              p.name() + ": must hand out " + value + " next, past its maximum " + p.max());
          continue;
        }
        behind.add(new Target(p, value));
      }
      if (to == Dialect.POSTGRES) {
        inChunks(
            behind,
            chunk -> setPostgres(t, chunk, moves),
            b -> b.position().name(),
            "move",
            failures);
        for (Move m : moves) {
          Position p = byName.get(m.sequence());
          if (p.cache() > 1) {
            warnings.add(
                p.name()
                    + " has CACHE "
                    + p.cache()
                    + ": a session that drew from it before the switch hands out its cached"
                    + " values first (DISCARD SEQUENCES, or reconnect)");
          }
        }
      } else {
        moveMariaDb(t, behind, moves, failures);
      }
      return new Result(moves, failures, warnings);
    } catch (SQLException e) {
      if (cancelled) {
        throw new SQLException("cancelled", "HY008", e);
      }
      throw new SQLException(
          "could not compare the sequences of "
              + Redaction.url(target.url())
              + " with those of "
              + Redaction.url(source.url())
              + ": "
              + e.getMessage(),
          e.getSQLState(),
          e);
    } finally {
      open.clear();
    }
  }

  /**
   * {@link #align()} within {@code millis}: on timeout the alignment is cancelled (no sequence
   * moves after that) and this throws, so a database that does not answer holds the caller no
   * longer.
   */
  public Result alignWithin(long millis) throws SQLException {
    CompletableFuture<Result> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                result.complete(align());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            "cutover-sequence-align");
    t.setDaemon(true);
    t.start();
    try {
      return result.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      cancel();
      try {
        t.join(1000);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      throw new SQLException("no answer within " + millis + " ms", "HYT00");
    } catch (InterruptedException e) {
      cancel();
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted", "HY008", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException sql) {
        throw sql;
      }
      throw new SQLException(String.valueOf(cause), "HY000", cause);
    }
  }

  private Connection connect(DatabaseConfig db) throws SQLException {
    if (cancelled) {
      throw new SQLException("cancelled", "HY008");
    }
    Connection c = Endpoint.findDriver(db.url()).connect(db.url(), db.toProperties());
    if (c == null) {
      throw new SQLException("No driver accepted " + Redaction.url(db.url()), "08001");
    }
    open.add(c);
    if (cancelled) {
      cancel();
      throw new SQLException("cancelled", "HY008");
    }
    c.setAutoCommit(true);
    return c;
  }

  private void checkCancelled() throws SQLException {
    if (cancelled) {
      throw new SQLException("cancelled", "HY008");
    }
  }

  // ---------------------------------------------------------------- PostgreSQL

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /**
   * PostgreSQL's ascending sequences (every user schema between two PostgreSQL databases, else the
   * current schema's), keyed for matching, with their next values.
   */
  private Map<String, Position> postgresPositions(
      Connection c, boolean qualified, List<String> failures) throws SQLException {
    List<Listed> listed = new ArrayList<>();
    String sql =
        "SELECT n.nspname, c.relname, s.seqincrement, s.seqstart, s.seqmax, s.seqcache"
            + " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE s.seqincrement > 0"
            + (qualified
                ? " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                    + " AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast%'"
                : " AND n.nspname = current_schema()")
            + " ORDER BY n.nspname, c.relname";
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        String schema = rs.getString(1);
        String name = rs.getString(2);
        listed.add(
            new Listed(
                qualified ? schema + "." + name : name.toLowerCase(Locale.ROOT),
                quote(schema) + "." + quote(name),
                rs.getLong(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getLong(6)));
      }
    }
    Map<String, Position> out = new LinkedHashMap<>();
    inChunks(listed, chunk -> readPostgres(c, chunk, out), Listed::name, "read", failures);
    return out;
  }

  /** Reads each sequence's own row: {@code last_value} is the next value until first drawn. */
  private static void readPostgres(Connection c, List<Listed> chunk, Map<String, Position> out)
      throws SQLException {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < chunk.size(); i++) {
      if (i > 0) {
        sql.append(" UNION ALL ");
      }
      sql.append("SELECT ")
          .append(i)
          .append(", last_value, is_called FROM ")
          .append(chunk.get(i).name());
    }
    Map<String, Position> read = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql.toString())) {
      while (rs.next()) {
        Listed l = chunk.get(rs.getInt(1));
        long last = rs.getLong(2);
        long next = rs.getBoolean(3) ? saturatedAdd(last, l.increment()) : last;
        read.put(l.key(), new Position(l.name(), next, l.increment(), l.max(), l.cache()));
      }
    }
    out.putAll(read);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  /**
   * The sequence filling each serial or identity column of the current schema's tables, by
   * lower-case {@code table.column}.
   */
  private static Map<String, String> ownedSequences(Connection c) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    String sql =
        "SELECT t.relname, a.attname, ns.nspname, s.relname FROM pg_class s"
            + " JOIN pg_namespace ns ON ns.oid = s.relnamespace"
            + " JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass"
            + " AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')"
            + " JOIN pg_class t ON t.oid = d.refobjid"
            + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
            + " WHERE s.relkind = 'S' AND t.relnamespace = current_schema()::regnamespace"
            + " ORDER BY 1, 2";
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.put(
            (rs.getString(1) + "." + rs.getString(2)).toLowerCase(Locale.ROOT),
            quote(rs.getString(3)) + "." + quote(rs.getString(4)));
      }
    }
    return out;
  }

  /**
   * Runs {@code statement} over {@code items} {@value #CHUNK} at a time, each chunk its own
   * statement. A chunk that fails (one sequence the user may not read, one past its maximum) is run
   * again item by item, and an item that fails alone is a failure named in {@code failures}.
   */
  private <T> void inChunks(
      List<T> items,
      ChunkStatement<T> statement,
      java.util.function.Function<T, String> name,
      String doing,
      List<String> failures)
      throws SQLException {
    for (int from = 0; from < items.size(); from += CHUNK) {
      List<T> chunk = items.subList(from, Math.min(items.size(), from + CHUNK));
      checkCancelled();
      try {
        statement.run(chunk);
      } catch (SQLException chunkFailed) {
        for (T item : chunk) {
          checkCancelled();
          try {
            statement.run(List.of(item));
          } catch (SQLException e) {
            failures.add(
                name.apply(item) + ": could not " + doing + " it (" + e.getMessage() + ")");
          }
        }
      }
    }
  }

  /**
   * Moves each sequence to hand out its value next; each {@code setval} runs only if the sequence's
   * row, read in the same statement, is still behind.
   */
  private static void setPostgres(Connection c, List<Target> chunk, List<Move> moves)
      throws SQLException {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < chunk.size(); i++) {
      Position p = chunk.get(i).position();
      long v = chunk.get(i).value();
      if (i > 0) {
        sql.append(" UNION ALL ");
      }
      sql.append("SELECT ")
          .append(i)
          .append(", setval(")
          .append(literal(p.name()))
          .append("::regclass, ")
          .append(v)
          .append(", false) FROM ")
          .append(p.name())
          .append(" WHERE CASE WHEN is_called THEN last_value + ")
          .append(p.increment())
          .append(" ELSE last_value END < ")
          .append(v);
    }
    List<Move> done = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql.toString())) {
      while (rs.next()) {
        Target target = chunk.get(rs.getInt(1));
        Position p = target.position();
        done.add(new Move(p.name(), p.next(), target.value()));
      }
    }
    moves.addAll(done);
  }

  // ---------------------------------------------------------------- MariaDB

  private static String backtick(String identifier) {
    return '`' + identifier.replace("`", "``") + '`';
  }

  /** MariaDB's ascending sequences of the connection's database, by lower-case name. */
  private Map<String, Position> mariaDbPositions(Connection c, List<String> failures)
      throws SQLException {
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
    inChunks(names, chunk -> readMariaDb(c, chunk, out), SequenceSync::backtick, "read", failures);
    return out;
  }

  private static void readMariaDb(Connection c, List<String> chunk, Map<String, Position> out)
      throws SQLException {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < chunk.size(); i++) {
      if (i > 0) {
        sql.append(" UNION ALL ");
      }
      sql.append("SELECT ")
          .append(i)
          .append(", next_not_cached_value, increment, maximum_value, cache_size FROM ")
          .append(backtick(chunk.get(i)));
    }
    Map<String, Position> read = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql.toString())) {
      while (rs.next()) {
        String name = chunk.get(rs.getInt(1));
        long increment = rs.getLong(3);
        if (increment < 0) {
          continue;
        }
        read.put(
            name.toLowerCase(Locale.ROOT),
            new Position(backtick(name), rs.getLong(2), increment, rs.getLong(4), rs.getLong(5)));
      }
    }
    out.putAll(read);
  }

  /** Each MariaDB table's next AUTO_INCREMENT value, by lower-case {@code table.column}. */
  private static Map<String, Long> mariaDbAutoIncrements(Connection c) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT t.TABLE_NAME, c.COLUMN_NAME, t.AUTO_INCREMENT"
                    + " FROM information_schema.TABLES t JOIN information_schema.COLUMNS c"
                    + " ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME"
                    + " AND c.EXTRA LIKE '%auto_increment%'"
                    + " WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'"
                    + " AND t.AUTO_INCREMENT IS NOT NULL")) {
      while (rs.next()) {
        out.put((rs.getString(1) + "." + rs.getString(2)).toLowerCase(Locale.ROOT), rs.getLong(3));
      }
    }
    return out;
  }

  /**
   * Asks MariaDB to hand out each value next. It ignores a value below the one it really hands out
   * next, which may be below the next not cached value read before, so a move is reported only when
   * the value is past that one: then it certainly moved.
   */
  private void moveMariaDb(
      Connection c, List<Target> behind, List<Move> moves, List<String> failures)
      throws SQLException {
    for (Target target : behind) {
      checkCancelled();
      Position p = target.position();
      long v = target.value();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT SETVAL(" + p.name() + ", " + v + ", 0)")) {
        if (rs.next() && rs.getObject(1) != null && v > p.next()) {
          moves.add(new Move(p.name(), p.next(), v));
        }
      } catch (SQLException e) {
        failures.add(p.name() + ": could not move it (" + e.getMessage() + ")");
      }
    }
  }
}
