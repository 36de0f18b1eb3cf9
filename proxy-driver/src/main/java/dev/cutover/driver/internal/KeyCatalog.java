package dev.cutover.driver.internal;

import dev.cutover.driver.Phase;
import dev.cutover.driver.sql.Dialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which column of a table the database generates (auto-increment, identity, serial), per side,
 * looked up once from metadata; and keeping the secondary's generator ahead of the ids written into
 * it explicitly.
 */
public final class KeyCatalog {
  /**
   * Sequence values reserved per adjustment so a stream of inserts costs one extra round trip per
   * block.
   */
  static final long SEQUENCE_BLOCK = 1000;

  // Per side (index = Side.ordinal()), keyed by the table name as the statement wrote it: these
  // are read on every mirrored INSERT, so no key is built per call.
  /**
   * A table's generated column: its name, its position among the table's columns from 0, how many
   * columns the table has, and when this was read ({@link System#nanoTime}).
   */
  private record Generated(String column, int position, int columns, long readAt) {}

  /**
   * How long a table's generated column is trusted: DDL run outside the driver (a migration tool)
   * is picked up within that time; DDL through the driver forgets it at once ({@link #clear}).
   */
  private static final long TRUSTED_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);

  @SuppressWarnings("unchecked")
  private final ConcurrentMap<String, Generated>[] generated =
      new ConcurrentMap[] {new ConcurrentHashMap<>(), new ConcurrentHashMap<>()};

  @SuppressWarnings("unchecked")
  private final ConcurrentMap<String, Long>[] reservedUpTo =
      new ConcurrentMap[] {new ConcurrentHashMap<>(), new ConcurrentHashMap<>()};

  @SuppressWarnings("unchecked")
  private final ConcurrentMap<String, String>[] sequences =
      new ConcurrentMap[] {new ConcurrentHashMap<>(), new ConcurrentHashMap<>()};

  private final long[] autoIncrementStep = new long[2];

  /** MariaDB/MySQL's {@code auto_increment_increment}, read once per side. */
  long autoIncrementStep(Phase.Side side, Connection c) throws SQLException {
    long step = autoIncrementStep[side.ordinal()];
    if (step == 0) {
      try (java.sql.Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT @@auto_increment_increment")) {
        step = rs.next() ? rs.getLong(1) : 1;
      }
      autoIncrementStep[side.ordinal()] = step;
    }
    return step;
  }

  /**
   * The generated column of {@code table} on {@code side}, looked up through {@code c} the first
   * time.
   */
  Optional<String> generatedColumn(Phase.Side side, Connection c, String table)
      throws SQLException {
    return Optional.ofNullable(generated(side, c, table).column());
  }

  /**
   * The position (from 0) of {@code table}'s generated column among its columns on {@code side}, or
   * -1; for an INSERT without a column list.
   */
  int generatedPosition(Phase.Side side, Connection c, String table, int width)
      throws SQLException {
    return positionFor(generated(side, c, table), width);
  }

  /**
   * The position found by an earlier {@link #generatedPosition} on {@code side}, or -1; looks
   * nothing up (the secondary's lane must not use the primary's connection).
   */
  int knownPosition(Phase.Side side, String table, int width) {
    return positionFor(generated[side.ordinal()].get(table), width);
  }

  /** The position, only for rows as wide as the table was when it was read; else -1. */
  private static int positionFor(Generated g, int width) {
    return g == null || g.column() == null || g.columns() != width ? -1 : g.position();
  }

  /**
   * Forgets every table's generated column, sequence and reservation: DDL through the driver may
   * have changed or recreated them.
   */
  void clear() {
    for (int side = 0; side < 2; side++) {
      generated[side].clear();
      reservedUpTo[side].clear();
      sequences[side].clear();
    }
  }

  private Generated generated(Phase.Side side, Connection c, String table) throws SQLException {
    Generated known = generated[side.ordinal()].get(table);
    if (known != null && System.nanoTime() - known.readAt() < TRUSTED_NANOS) {
      return known;
    }
    Generated found = lookup(c, table);
    generated[side.ordinal()].put(table, found);
    return found;
  }

  private static Generated lookup(Connection c, String qualified) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    String schema = null;
    String table = qualified;
    int dot = qualified.lastIndexOf('.');
    if (dot > 0) {
      schema = qualified.substring(0, dot);
      table = qualified.substring(dot + 1);
    }
    boolean postgres = Dialect.fromJdbcUrl(md.getURL()) == Dialect.POSTGRES;
    String catalog = Dialect.fromJdbcUrl(md.getURL()) == Dialect.MYSQL ? c.getCatalog() : null;
    for (String name : new String[] {table, table.toUpperCase(Locale.ROOT)}) {
      try (ResultSet rs = md.getColumns(catalog, schema, name, null)) {
        int columns = 0;
        String column = null;
        int position = -1;
        String random = null;
        int randomPosition = -1;
        while (rs.next()) {
          if (column == null && "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"))) {
            column = rs.getString("COLUMN_NAME");
            position = columns;
          }
          if (postgres && random == null && randomDefault(rs.getString("COLUMN_DEF"))) {
            random = rs.getString("COLUMN_NAME");
            randomPosition = columns;
          }
          columns++;
        }
        if (column == null && random != null) {
          // A key PostgreSQL draws at random (DEFAULT gen_random_uuid()): each side drew its
          // own, silently; the secondary is given the primary's, as for a sequence.
          column = random;
          position = randomPosition;
        }
        if (columns > 0) {
          return new Generated(column, position, columns, System.nanoTime());
        }
      }
    }
    return new Generated(null, -1, 0, System.nanoTime());
  }

  /**
   * The sequence {@code table}'s ids are drawn from on {@code side}, when the statements name it
   * themselves ({@code nextval('orders_seq')}) rather than a serial column's default; kept until
   * DDL.
   */
  void sequenceFor(Phase.Side side, String table, String sequence) {
    sequences[side.ordinal()].putIfAbsent(table, sequence);
  }

  /** A column default that draws a random value: a UUID generator. */
  static boolean randomDefault(String columnDefault) {
    if (columnDefault == null) {
      return false;
    }
    String d = columnDefault.toLowerCase(Locale.ROOT).replace(" ", "");
    return d.startsWith("gen_random_uuid()")
        || d.startsWith("uuid_generate_v4()")
        || d.startsWith("uuid_generate_v1()")
        || d.startsWith("uuid_generate_v1mc()")
        || d.startsWith("public.gen_random_uuid()")
        || d.startsWith("public.uuid_generate_v4()");
  }

  /**
   * Makes the secondary's generator produce values above {@code maxKey} after ids were written into
   * it explicitly. MariaDB/MySQL advance AUTO_INCREMENT by themselves; PostgreSQL sequences are
   * moved ahead in blocks so that new rows created after a flip never collide with mirrored ones.
   */
  void advance(Endpoint secondary, Connection c, String table, String column, long maxKey)
      throws SQLException {
    if (secondary.dialect() == Dialect.MYSQL) {
      return;
    }
    int side = secondary.side().ordinal();
    Long reserved = reservedUpTo[side].get(table);
    if (reserved != null && maxKey <= reserved) {
      return;
    }
    long target = maxKey + SEQUENCE_BLOCK;
    if (secondary.dialect() == Dialect.POSTGRES) {
      String seq = sequences[side].get(table);
      if (seq == null) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
          ps.setString(1, table);
          ps.setString(2, column);
          try (ResultSet rs = ps.executeQuery()) {
            seq = rs.next() ? rs.getString(1) : null;
          }
        }
        if (seq == null) {
          return;
        }
        sequences[side].put(table, seq);
      }
      // GREATEST keeps a concurrent instance's larger reservation: a sequence never moves
      // backwards.
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT setval(?::regclass, GREATEST(?, (SELECT last_value FROM " + seq + ")))")) {
        ps.setString(1, seq);
        ps.setLong(2, target);
        ps.execute();
      }
    } else {
      // H2 can only restart an identity with DDL, which would commit the application's transaction.
      return;
    }
    reservedUpTo[side].merge(table, target, Math::max);
  }
}
