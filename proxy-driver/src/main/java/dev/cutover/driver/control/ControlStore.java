package dev.cutover.driver.control;

import dev.cutover.driver.Phase;
import dev.cutover.driver.internal.ControlConnections;
import dev.cutover.driver.internal.ControlSchema;
import dev.cutover.driver.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The control plane's rows in the control store, one migration's worth; plain portable SQL. */
final class ControlStore {
  private static final System.Logger LOG = System.getLogger(ControlStore.class.getName());

  /** States of the flip slot in the control row. */
  enum FlipState {
    /** No flip has run yet. */
    NONE,
    /** Announced: instances hold new writes, drain and acknowledge. */
    FENCING,
    /** The last flip committed; the row's phase and version are its result. */
    COMMITTED,
    /** The last flip was abandoned; the row's phase is unchanged. */
    ABORTED
  }

  /** The migration's control row. */
  record ControlRow(
      Phase phase,
      long version,
      long flipSeq,
      FlipState flipState,
      Phase flipTo,
      long flipDeadline,
      String flipActor,
      String overrides) {}

  /** One instance's heartbeat row. */
  record InstanceRow(
      String instance,
      String host,
      String process,
      long startedAt,
      long lastSeen,
      long appliedVersion,
      Phase appliedPhase,
      long ackedFlip,
      long refusedFlip,
      int inFlight,
      boolean stale) {}

  private final ControlConnections pool;
  private final String migration;

  /** The channel the fleet listens on, or its bells wait on. */
  private final String fleetChannel;

  private volatile boolean schemaReady;
  private volatile Dialect dialect;

  /** True once a ring failed and said so (MariaDB/MySQL); later failures log quietly. */
  private volatile boolean ringFailed;

  private final java.util.Set<String> knownTables =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  ControlStore(ControlConnections pool, String migration) {
    this.pool = pool;
    this.migration = migration;
    this.fleetChannel = ControlChannel.fleetChannel(migration);
  }

  String migration() {
    return migration;
  }

  /** Makes the next use re-check the schema (the store may have been dropped and recreated). */
  void schemaSuspect() {
    schemaReady = false;
  }

  private Connection open() throws SQLException {
    Connection c = pool.get();
    if (!schemaReady) {
      try {
        Dialect d = Dialect.fromJdbcUrl(c.getMetaData().getURL());
        ControlSchema.ensureControlPlane(c, d);
        ControlSchema.ensureJournal(c, d);
        dialect = d;
        schemaReady = true;
      } catch (SQLException e) {
        c.close();
        throw e;
      }
    }
    return c;
  }

  /** Makes sure the tables exist (once per store, again after {@link #schemaSuspect()}). */
  void ensureSchema() throws SQLException {
    if (!schemaReady) {
      open().close();
    }
  }

  /** The control row, or {@code null} when the store holds none for this migration. */
  ControlRow read() throws SQLException {
    try (Connection c = open();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT phase, version, flip_seq, flip_state, flip_to, flip_deadline, flip_actor,"
                    + " overrides FROM cutover_control WHERE migration = ?")) {
      ps.setString(1, migration);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? ControlChannel.row(rs) : null;
      }
    }
  }

  /**
   * Runs a conditional update of the control row and, when it matched, wakes the fleet: on
   * PostgreSQL by {@code NOTIFY} in the same round trip, on MariaDB/MySQL by ringing the instances'
   * bells ({@link ControlBell#ring}). Returns the rows updated.
   */
  private int updateAndWake(Connection c, String update, Binder binder) throws SQLException {
    int n = updateAndWakeFleet(c, update, binder);
    if (n > 0) {
      // Instances in this JVM need no round trip at all.
      ControlBell.ringLocal(pool.url(), fleetChannel);
    }
    return n;
  }

  private int updateAndWakeFleet(Connection c, String update, Binder binder) throws SQLException {
    if (dialect == Dialect.POSTGRES) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "WITH u AS ("
                  + update
                  + " RETURNING 1) SELECT COUNT(*),"
                  + " (SELECT COUNT(*) FROM (SELECT pg_notify(?, '') FROM u) n) FROM u")) {
        int i = binder.bind(ps);
        ps.setString(i, fleetChannel);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getInt(1) : 0;
        }
      }
    }
    int n;
    try (PreparedStatement ps = c.prepareStatement(update)) {
      binder.bind(ps);
      n = ps.executeUpdate();
    }
    if (n > 0 && dialect == Dialect.MYSQL) {
      try {
        if (ControlBell.ring(c, fleetChannel) == 0 && !ringFailed) {
          ringFailed = true;
          LOG.log(
              System.Logger.Level.WARNING,
              "Found no instance waiting to be woken on this control store: none is running, or"
                  + " their sessions are not visible to this user (PROCESS privilege) or sit"
                  + " behind a proxy; instances see the change at their next poll");
        }
      } catch (SQLException e) {
        // E.g. no process list for this user: the fleet sees the change at its next poll.
        LOG.log(
            ringFailed ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
            "Could not wake the fleet on this control store; it sees the change at its next"
                + " poll: "
                + e.getMessage());
        ringFailed = true;
      }
    }
    return n;
  }

  /** Binds parameters from 1; returns the next free index. */
  private interface Binder {
    int bind(PreparedStatement ps) throws SQLException;
  }

  /** The control row, created with {@code initial} at version 1 when missing. */
  ControlRow readOrCreate(Phase initial) throws SQLException {
    ControlRow row = read();
    if (row != null) {
      return row;
    }
    try (Connection c = open();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO cutover_control (migration, phase, version, flip_seq, flip_state,"
                    + " updated_at) VALUES (?, ?, 1, 0, 'NONE', ?)")) {
      ps.setString(1, migration);
      ps.setString(2, initial.name());
      ps.setLong(3, System.currentTimeMillis());
      ps.executeUpdate();
    } catch (SQLException raced) {
      // Another instance created the row first; its row wins and is read below.
      LOG.log(System.Logger.Level.DEBUG, "control row created concurrently", raced);
    }
    row = read();
    if (row == null) {
      throw new SQLException("Control row for " + migration + " could not be created", "55000");
    }
    return row;
  }

  /** Writes (or first inserts) an instance's heartbeat. */
  void heartbeat(InstanceRow r) throws SQLException {
    try (Connection c = open()) {
      int n;
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE cutover_instance SET last_seen = ?, applied_version = ?, applied_phase = ?,"
                  + " acked_flip = ?, refused_flip = ?, in_flight = ?, stale = ?"
                  + " WHERE migration = ? AND instance = ?")) {
        ps.setLong(1, r.lastSeen());
        ps.setLong(2, r.appliedVersion());
        ps.setString(3, r.appliedPhase().name());
        ps.setLong(4, r.ackedFlip());
        ps.setLong(5, r.refusedFlip());
        ps.setInt(6, r.inFlight());
        ps.setBoolean(7, r.stale());
        ps.setString(8, migration);
        ps.setString(9, r.instance());
        n = ps.executeUpdate();
      }
      if (n == 0) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO cutover_instance (migration, instance, host, process, started_at,"
                    + " last_seen, applied_version, applied_phase, acked_flip, refused_flip,"
                    + " in_flight, stale) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
          ps.setString(1, migration);
          ps.setString(2, r.instance());
          ps.setString(3, r.host());
          ps.setString(4, r.process());
          ps.setLong(5, r.startedAt());
          ps.setLong(6, r.lastSeen());
          ps.setLong(7, r.appliedVersion());
          ps.setString(8, r.appliedPhase().name());
          ps.setLong(9, r.ackedFlip());
          ps.setLong(10, r.refusedFlip());
          ps.setInt(11, r.inFlight());
          ps.setBoolean(12, r.stale());
          ps.executeUpdate();
        }
      }
    }
  }

  /** Removes an instance that shut down cleanly, so it is not listed as dead forever. */
  void leave(String instance) throws SQLException {
    try (Connection c = open();
        PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM cutover_instance WHERE migration = ? AND instance = ?")) {
      ps.setString(1, migration);
      ps.setString(2, instance);
      ps.executeUpdate();
    }
  }

  List<InstanceRow> instances() throws SQLException {
    List<InstanceRow> out = new ArrayList<>();
    try (Connection c = open();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT instance, host, process, started_at, last_seen, applied_version,"
                    + " applied_phase, acked_flip, refused_flip, in_flight, stale"
                    + " FROM cutover_instance WHERE migration = ? ORDER BY instance")) {
      ps.setString(1, migration);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String phase = rs.getString(7);
          out.add(
              new InstanceRow(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getLong(4),
                  rs.getLong(5),
                  rs.getLong(6),
                  phase == null ? null : Phase.valueOf(phase),
                  rs.getLong(8),
                  rs.getLong(9),
                  rs.getInt(10),
                  rs.getBoolean(11)));
        }
      }
    }
    return out;
  }

  /**
   * Announces a flip: claims the flip slot if the row is still at {@code version} and no flip is
   * fencing. Returns the flip's sequence number, or 0 when the slot was taken or the version moved.
   */
  long announce(long version, Phase to, long deadline, String actor) throws SQLException {
    try (Connection c = open()) {
      int n =
          updateAndWake(
              c,
              "UPDATE cutover_control SET flip_seq = flip_seq + 1, flip_state = 'FENCING',"
                  + " flip_to = ?, flip_deadline = ?, flip_actor = ?, updated_at = ?"
                  + " WHERE migration = ? AND version = ? AND flip_state <> 'FENCING'",
              ps -> {
                ps.setString(1, to.name());
                ps.setLong(2, deadline);
                ps.setString(3, truncate(actor, 200));
                ps.setLong(4, System.currentTimeMillis());
                ps.setString(5, migration);
                ps.setLong(6, version);
                return 7;
              });
      if (n != 1) {
        return 0;
      }
      // The slot is ours while it is FENCING: nobody else can move flip_seq until we resolve it.
      ControlRow row = read();
      return row == null ? 0 : row.flipSeq();
    }
  }

  /**
   * Commits flip {@code seq}: the new phase, the new overrides ({@code null}: none) and the next
   * version, in one conditional update.
   */
  boolean commit(long seq, Phase to, String overrides) throws SQLException {
    try (Connection c = open()) {
      return updateAndWake(
              c,
              "UPDATE cutover_control SET phase = ?, overrides = ?, version = version + 1,"
                  + " flip_state = 'COMMITTED', updated_at = ?"
                  + " WHERE migration = ? AND flip_seq = ? AND flip_state = 'FENCING'",
              ps -> {
                ps.setString(1, to.name());
                ps.setString(2, overrides);
                ps.setLong(3, System.currentTimeMillis());
                ps.setString(4, migration);
                ps.setLong(5, seq);
                return 6;
              })
          == 1;
    }
  }

  /** Abandons flip {@code seq} if it is still fencing; the phase and version stay. */
  boolean abort(long seq) throws SQLException {
    try (Connection c = open()) {
      return updateAndWake(
              c,
              "UPDATE cutover_control SET flip_state = 'ABORTED', updated_at = ?"
                  + " WHERE migration = ? AND flip_seq = ? AND flip_state = 'FENCING'",
              ps -> {
                ps.setLong(1, System.currentTimeMillis());
                ps.setString(2, migration);
                ps.setLong(3, seq);
                return 4;
              })
          == 1;
    }
  }

  void audit(ControlPlane.AuditEntry e) throws SQLException {
    try (Connection c = open();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO cutover_audit (migration, at_ms, actor, from_phase, to_phase, reason,"
                    + " outcome, forced, version, detail, table_name)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, migration);
      ps.setLong(2, e.at());
      ps.setString(3, truncate(e.actor(), 200));
      ps.setString(4, e.from() == null ? null : e.from().name());
      ps.setString(5, e.to() == null ? null : e.to().name());
      ps.setString(6, truncate(e.reason(), 2000));
      ps.setString(7, e.outcome().name());
      ps.setBoolean(8, e.forced());
      ps.setLong(9, e.version());
      ps.setString(10, truncate(e.detail(), 2000));
      ps.setString(11, e.table());
      ps.executeUpdate();
    }
  }

  /** The newest audit entries, newest first. */
  List<ControlPlane.AuditEntry> audit(int limit) throws SQLException {
    List<ControlPlane.AuditEntry> out = new ArrayList<>();
    try (Connection c = open();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, at_ms, actor, from_phase, to_phase, reason, outcome, forced, version,"
                    + " detail, table_name FROM cutover_audit WHERE migration = ?"
                    + " ORDER BY id DESC")) {
      ps.setString(1, migration);
      ps.setMaxRows(limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next() && out.size() < limit) {
          String from = rs.getString(4);
          String to = rs.getString(5);
          out.add(
              new ControlPlane.AuditEntry(
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getString(3),
                  from == null ? null : Phase.valueOf(from),
                  to == null ? null : Phase.valueOf(to),
                  rs.getString(6),
                  ControlPlane.Outcome.valueOf(rs.getString(7)),
                  rs.getBoolean(8),
                  rs.getLong(9),
                  rs.getString(10),
                  rs.getString(11)));
        }
      }
    }
    return out;
  }

  /** Runs {@code sql} (one {@code ?} for the migration) on the store; for readiness checks. */
  <T> T query(String sql, Object[] params, ResultMapper<T> mapper) throws SQLException {
    try (Connection c = open();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return mapper.map(rs);
      }
    }
  }

  /**
   * Whether the control store has a table of this name (any case). A table once seen is remembered:
   * the readiness gate asks before every move towards the new database, and the metadata look-ups
   * were a visible part of a flip's latency.
   */
  boolean hasTable(String name) throws SQLException {
    if (knownTables.contains(name)) {
      return true;
    }
    try (Connection c = open()) {
      for (String candidate : new String[] {name, name.toUpperCase(java.util.Locale.ROOT)}) {
        try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, candidate, null)) {
          if (rs.next()) {
            knownTables.add(name);
            return true;
          }
        }
      }
      return false;
    }
  }

  /** Maps a result set. */
  interface ResultMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
