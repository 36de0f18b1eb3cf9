package dev.cutover.driver.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The time zone a new MariaDB/MySQL session of an endpoint runs in, read once from the first
 * connection opened to it. MariaDB hands out {@code TIMESTAMP} values (and computes {@code NOW()})
 * in the session's {@code time_zone}, which is the server's system zone unless the server or the
 * connection URL ({@code sessionVariables=time_zone=...}) says otherwise; the JDBC drivers read
 * them as wall-clock times in the JVM's zone. When the two zones differ, a shadow read that placed
 * MariaDB's values in the JVM's zone reported every {@code TIMESTAMP} as different.
 *
 * @param session the zone of a new session: a region when its name is one Java knows and its
 *     current offset is the one measured, else the measured offset; the JVM's zone when it has the
 *     same offset now
 * @param system the server's system zone ({@code time_zone = 'SYSTEM'}), resolved the same way
 * @param agreesWithJvm whether {@code session} has the JVM zone's offset now
 * @param described the session zone as the server names it, with its offset, for messages
 */
public record SessionZone(ZoneId session, ZoneId system, boolean agreesWithJvm, String described) {
  private static final System.Logger LOG = System.getLogger(SessionZone.class.getName());

  static final String QUERY =
      "SELECT @@session.time_zone, @@system_time_zone,"
          + " TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), NOW()),"
          + " TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), CONVERT_TZ(UTC_TIMESTAMP(), '+00:00', 'SYSTEM'))";

  /** Reads the zone of {@code c}, a session just opened; null when the server did not say. */
  static SessionZone read(Connection c, String endpoint) {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(QUERY)) {
      if (!rs.next()) {
        return null;
      }
      SessionZone z =
          resolve(
              rs.getString(1),
              rs.getString(2),
              rs.getLong(3),
              rs.getLong(4),
              ZoneId.systemDefault(),
              Instant.now());
      if (!z.agreesWithJvm()) {
        LOG.log(
            System.Logger.Level.WARNING,
            endpoint
                + " runs its sessions in time zone "
                + z.described()
                + " but this JVM runs in "
                + ZoneId.systemDefault()
                + ": shadow reads place its TIMESTAMP values in "
                + z.session()
                + "; the PostgreSQL side computes CURRENT_TIMESTAMP and reads zone-less text into"
                + " timestamptz in the JVM's zone, so a DATETIME DEFAULT CURRENT_TIMESTAMP or"
                + " NOW() differs by the offset there. Run both in one zone (the JVM's"
                + " -Duser.timezone, or sessionVariables=time_zone='...' in the MariaDB URL)");
      }
      return z;
    } catch (SQLException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not read the session time zone of " + endpoint, e);
      return null;
    }
  }

  /**
   * The zone from what the server reported: {@code sessionName} ({@code SYSTEM}, an offset such as
   * {@code +09:00} or a named zone), {@code systemName} (an abbreviation such as {@code UTC} or
   * {@code CET}) and the offsets of the session's and the system's clocks from UTC now.
   */
  static SessionZone resolve(
      String sessionName,
      String systemName,
      long sessionOffsetSeconds,
      long systemOffsetSeconds,
      ZoneId jvm,
      Instant now) {
    ZoneId system = zone(systemName, systemOffsetSeconds, jvm, now);
    boolean isSystem = sessionName == null || sessionName.equalsIgnoreCase("SYSTEM");
    ZoneId session = isSystem ? system : zone(sessionName, sessionOffsetSeconds, jvm, now);
    boolean agrees = session.equals(jvm);
    ZoneOffset offset = session.getRules().getOffset(now);
    String described =
        (isSystem ? "SYSTEM (" + systemName + ")" : sessionName)
            + (session instanceof ZoneOffset ? "" : ", " + offset.getId());
    return new SessionZone(session, system, agrees, described);
  }

  private static ZoneId zone(String name, long offsetSeconds, ZoneId jvm, Instant now) {
    // Whole minutes: the two clocks are read a moment apart.
    ZoneOffset measured = ZoneOffset.ofTotalSeconds((int) (Math.round(offsetSeconds / 60.0) * 60));
    if (jvm.getRules().getOffset(now).equals(measured)) {
      return jvm;
    }
    if (name != null) {
      try {
        ZoneId named =
            name.startsWith("+") || name.startsWith("-") ? ZoneOffset.of(name) : ZoneId.of(name);
        if (named.getRules().getOffset(now).equals(measured)) {
          return named;
        }
      } catch (DateTimeException notJavas) {
        // An abbreviation Java does not know (CEST, JST): the offset measured stands for it.
      }
    }
    return measured;
  }

  /**
   * Whether a MySQL {@code time_zone} value names this session's zone: {@code SYSTEM} when the
   * session runs in the system zone, an offset or region with the same offset now.
   */
  public boolean isSessionZone(String value, Instant now) {
    ZoneId z;
    if (value.equalsIgnoreCase("SYSTEM")) {
      z = system;
    } else {
      try {
        z =
            value.startsWith("+") || value.startsWith("-")
                ? ZoneOffset.of(value)
                : ZoneId.of(value);
      } catch (DateTimeException notAZone) {
        return false;
      }
    }
    return z.normalized().equals(session.normalized())
        || z.getRules().getOffset(now).equals(session.getRules().getOffset(now));
  }
}
