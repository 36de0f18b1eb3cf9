package dev.cutover.driver.shadow;

import dev.cutover.driver.Phase;
import dev.cutover.driver.internal.SessionZone;
import dev.cutover.driver.sql.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a pooled shadow connection to the application connection's session state before a shadow
 * read, so both reads run under the same time zone, search path, SQL mode, schema and catalog.
 *
 * <p>Each physical connection's state is remembered: one already in the wanted state is used as it
 * is, one in the default state gets the session applied, and one in another application session is
 * reset first: PostgreSQL with {@code DISCARD ALL} (pgjdbc notices and drops its statement cache),
 * other engines by evicting the connection from the pool and taking another. State is applied on
 * the physical connection, below HikariCP, so the pool's own reset on return leaves it in place for
 * the next read of the same session.
 *
 * <p>A session that cannot be brought about on a side (a MariaDB {@code SET time_zone} the
 * PostgreSQL side rejects, {@code SET autocommit}, which would leave the pooled connection inside a
 * transaction) is not guessed at: the read is skipped and counted, and the failure is remembered so
 * that later reads of that session are skipped without trying again. Runs on shadow threads only.
 */
final class SessionReplay {
  /** Thrown when a session cannot be reproduced on a side; the shadow read is skipped. */
  static final class Unreproducible extends Exception {
    private static final long serialVersionUID = 1L;

    Unreproducible(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /** Sessions that failed, per side; bounded by starting over. */
  private static final int MAX_FAILED = 1_000;

  /** A MySQL {@code SET time_zone = '...'} alone, with the zone captured. */
  private static final Pattern MYSQL_TIME_ZONE =
      Pattern.compile(
          "(?is)\\s*SET\\s+(?:SESSION\\s+)?(?:@@(?:session\\.)?)?time_zone\\s*=\\s*'([^']*)'\\s*;?\\s*");

  private static final Pattern MENTIONS_TIME_ZONE = Pattern.compile("(?is).*\\btime_zone\\b.*");

  private static final Pattern STARTS_WITH_SET = Pattern.compile("(?is)\\s*SET\\b.*");

  /** How a MySQL session statement is carried over to a side of another dialect. */
  private enum Foreign {
    /** Run it, translated. */
    REPLAY,
    /** Leave it out: it has no meaning there, and the read there runs as it would after cutover. */
    SKIP,
    /** The read cannot be compared under it. */
    UNREPRODUCIBLE
  }

  /** Statements whose replay would change how the pool itself behaves. */
  private static final Pattern UNSAFE =
      Pattern.compile("(?is).*\\b(?:autocommit|transaction|isolation)\\b.*");

  private final Dialect appDialect;
  private final Dialect[] dialects;
  private final BiFunction<Phase.Side, String, String> sqlFor;
  private final Map<Connection, ShadowSession> applied =
      Collections.synchronizedMap(new WeakHashMap<>());
  private final ConcurrentHashMap<ShadowSession, Boolean>[] failed;
  private final java.util.function.Supplier<SessionZone> mysqlZone;

  @SuppressWarnings("unchecked")
  SessionReplay(
      Dialect appDialect,
      Dialect oldSide,
      Dialect newSide,
      BiFunction<Phase.Side, String, String> sqlFor) {
    this(appDialect, oldSide, newSide, sqlFor, () -> null);
  }

  /**
   * As above, with the zone of the MySQL side's sessions once known ({@code mysqlZone} gives null
   * before): the zone shadow reads place its {@code TIMESTAMP} values in.
   */
  @SuppressWarnings("unchecked")
  SessionReplay(
      Dialect appDialect,
      Dialect oldSide,
      Dialect newSide,
      BiFunction<Phase.Side, String, String> sqlFor,
      java.util.function.Supplier<SessionZone> mysqlZone) {
    this.mysqlZone = mysqlZone;
    this.appDialect = appDialect;
    this.dialects = new Dialect[] {oldSide, newSide};
    this.sqlFor = sqlFor;
    this.failed = new ConcurrentHashMap[] {new ConcurrentHashMap<>(), new ConcurrentHashMap<>()};
  }

  /**
   * A connection of {@code pool} in {@code session}'s state; the caller closes it (back to the
   * pool).
   */
  Connection connection(SidePool pool, Phase.Side side, ShadowSession session)
      throws SQLException, Unreproducible {
    if (failed[side.ordinal()].containsKey(session)) {
      throw new Unreproducible("session not reproducible on " + side + ": " + session, null);
    }
    // A connection in another session that cannot be reset in place is evicted; try as many as
    // the pool holds, then give up on this read.
    for (int attempt = 0; ; attempt++) {
      Connection c = pool.get();
      try {
        Connection physical = c.unwrap(Connection.class);
        ShadowSession now = applied.getOrDefault(physical, ShadowSession.NONE);
        if (now.equals(session)) {
          return c;
        }
        if (now.isDefault() || reset(physical, side)) {
          applied.put(physical, ShadowSession.NONE);
          apply(physical, side, session);
          applied.put(physical, session);
          return c;
        }
      } catch (Unreproducible | SQLException | RuntimeException e) {
        discard(pool, c);
        throw e;
      }
      discard(pool, c);
      if (attempt >= pool.size()) {
        throw new Unreproducible("no pooled connection on " + side + " could be reset", null);
      }
    }
  }

  /** Evicts a connection whose session is unknown or unwanted; the pool closes it. */
  private void discard(SidePool pool, Connection c) {
    applied.remove(unwrapQuietly(c));
    pool.evict(c);
  }

  /** Resets a connection to its default session in place; false when the engine has no way. */
  private boolean reset(Connection physical, Phase.Side side) throws SQLException {
    if (dialects[side.ordinal()] != Dialect.POSTGRES) {
      return false;
    }
    try (Statement s = physical.createStatement()) {
      s.execute("DISCARD ALL");
      // DISCARD ALL resets the session's read-only default too: put the guard back.
      s.execute(SidePool.readOnlyGuard(Dialect.POSTGRES));
    }
    return true;
  }

  private void apply(Connection physical, Phase.Side side, ShadowSession session)
      throws Unreproducible {
    Dialect dialect = dialects[side.ordinal()];
    String step = null;
    try {
      // The application's read-only flag is not replayed: it cannot change what a read returns,
      // and MariaDB's driver turns setReadOnly(false) into SET SESSION TRANSACTION READ WRITE,
      // which would lift the pool's read-only guard (SidePool#readOnlyGuard).
      if (session.catalog() != null && dialect == appDialect) {
        step = "catalog " + session.catalog();
        physical.setCatalog(session.catalog());
      }
      if (session.schema() != null) {
        step = "schema " + session.schema();
        physical.setSchema(session.schema());
      }
      for (String sql : session.statements()) {
        step = sql;
        if (UNSAFE.matcher(sql).matches()) {
          throw new SQLException("not replayed on a pooled connection");
        }
        if (dialect != appDialect) {
          Foreign carried = foreign(sql);
          if (carried == Foreign.SKIP) {
            continue;
          }
          if (carried == Foreign.UNREPRODUCIBLE) {
            throw new SQLException("no equivalent on " + dialect);
          }
        }
        try (Statement s = physical.createStatement()) {
          s.execute(sqlFor.apply(side, sql));
        }
      }
    } catch (SQLException | RuntimeException e) {
      if (failed[side.ordinal()].size() >= MAX_FAILED) {
        failed[side.ordinal()].clear();
      }
      failed[side.ordinal()].put(session, Boolean.TRUE);
      throw new Unreproducible(side + ": " + step + ": " + e.getMessage(), e);
    }
  }

  /**
   * How a session statement of the application's dialect is carried to another dialect's side.
   * MySQL session variables ({@code sql_mode}, {@code NAMES}, {@code group_concat_max_len}, ...)
   * mean nothing to PostgreSQL: its read runs as it would once the application has moved, so they
   * are left out. Two are not: {@code time_zone} decides which instant the MySQL side's {@code
   * TIMESTAMP} values stand for, and the comparator places them in the zone a new session of that
   * database runs in (the JVM's until it is known), so only a zone equal to that is harmless;
   * {@code USE} changes which tables names refer to.
   */
  private Foreign foreign(String sql) {
    if (appDialect != Dialect.MYSQL) {
      return Foreign.REPLAY;
    }
    Matcher zone = MYSQL_TIME_ZONE.matcher(sql);
    if (zone.matches()) {
      SessionZone known = mysqlZone.get();
      boolean same =
          known != null
              ? known.isSessionZone(zone.group(1), java.time.Instant.now())
              : isJvmZone(zone.group(1));
      return same ? Foreign.SKIP : Foreign.UNREPRODUCIBLE;
    }
    if (MENTIONS_TIME_ZONE.matcher(sql).matches()) {
      return Foreign.UNREPRODUCIBLE;
    }
    return STARTS_WITH_SET.matcher(sql).matches() ? Foreign.SKIP : Foreign.UNREPRODUCIBLE;
  }

  /** True for a MySQL time_zone value that is the JVM's zone ({@code SYSTEM} is assumed to be). */
  static boolean isJvmZone(String value) {
    if (value.equalsIgnoreCase("SYSTEM")) {
      return true;
    }
    try {
      ZoneId zone =
          value.startsWith("+") || value.startsWith("-") ? ZoneOffset.of(value) : ZoneId.of(value);
      return zone.normalized().equals(ZoneId.systemDefault().normalized());
    } catch (DateTimeException notAZone) {
      return false;
    }
  }

  private static Connection unwrapQuietly(Connection c) {
    try {
      return c.unwrap(Connection.class);
    } catch (SQLException | RuntimeException e) {
      return c;
    }
  }
}
