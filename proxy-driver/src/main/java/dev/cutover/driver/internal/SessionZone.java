package dev.cutover.driver.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
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
 * <p>A zone is known by its offsets, which the server reports for three instants (now, mid-January
 * and mid-July of this year): the JVM's zone when its offsets are those, else the zone the server
 * names when Java knows it and its offsets are those, else a fixed offset when the three agree.
 * Otherwise (a zone with summer time that only an abbreviation Java lacks, such as {@code CEST},
 * names) it is not known, and shadow reads keep the JVM's zone, with a warning.
 *
 * @param session the zone of a new session, or null when not known
 * @param system the server's system zone ({@code time_zone = 'SYSTEM'}), or null when not known
 * @param agreesWithJvm whether {@code session} is the JVM's zone
 * @param described the session zone as the server names it, with its offsets, for messages
 */
public record SessionZone(ZoneId session, ZoneId system, boolean agreesWithJvm, String described) {
  private static final System.Logger LOG = System.getLogger(SessionZone.class.getName());

  private static final String OFFSET = "TIMESTAMPDIFF(SECOND, ?, CONVERT_TZ(?, '+00:00', %s))";

  static final String QUERY =
      "SELECT @@session.time_zone, @@system_time_zone, "
          + String.format(OFFSET, "@@session.time_zone")
          + ", "
          + String.format(OFFSET, "@@session.time_zone")
          + ", "
          + String.format(OFFSET, "@@session.time_zone")
          + ", "
          + String.format(OFFSET, "'SYSTEM'")
          + ", "
          + String.format(OFFSET, "'SYSTEM'")
          + ", "
          + String.format(OFFSET, "'SYSTEM'");

  /** Reads the zone of {@code c}, a session just opened; null when the server did not say. */
  static SessionZone read(Connection c, String endpoint) {
    Instant now = Instant.now();
    Instant[] at = instants(now);
    try (PreparedStatement ps = c.prepareStatement(QUERY)) {
      int i = 1;
      for (int side = 0; side < 2; side++) {
        for (Instant instant : at) {
          String utc =
              LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString().replace('T', ' ');
          ps.setString(i++, utc);
          ps.setString(i++, utc);
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long[] session = {rs.getLong(3), rs.getLong(4), rs.getLong(5)};
        long[] system = {rs.getLong(6), rs.getLong(7), rs.getLong(8)};
        SessionZone z =
            resolve(rs.getString(1), rs.getString(2), session, system, ZoneId.systemDefault(), now);
        if (!z.agreesWithJvm()) {
          LOG.log(
              System.Logger.Level.WARNING,
              endpoint
                  + " runs its sessions in time zone "
                  + z.described()
                  + " but this JVM runs in "
                  + ZoneId.systemDefault()
                  + ": "
                  + (z.session() == null
                      ? "that zone is not one Java can name, so shadow reads place its TIMESTAMP"
                          + " values in the JVM's zone and report them different"
                      : "shadow reads place its TIMESTAMP values in " + z.session())
                  + "; the PostgreSQL side computes CURRENT_TIMESTAMP and reads zone-less text"
                  + " into timestamptz in the JVM's zone, so a DATETIME DEFAULT CURRENT_TIMESTAMP or"
                  + " NOW() differs by the offset there. Run both in one zone (the JVM's"
                  + " -Duser.timezone, or sessionVariables=time_zone='...' in the MariaDB URL)");
        }
        return z;
      }
    } catch (SQLException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not read the session time zone of " + endpoint, e);
      return null;
    }
  }

  /** Now, and noon UTC on 15 January and 15 July of this year: a summer time shows in one. */
  static Instant[] instants(Instant now) {
    int year = LocalDateTime.ofInstant(now, ZoneOffset.UTC).getYear();
    return new Instant[] {
      now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
      LocalDateTime.of(year, 1, 15, 12, 0).toInstant(ZoneOffset.UTC),
      LocalDateTime.of(year, 7, 15, 12, 0).toInstant(ZoneOffset.UTC)
    };
  }

  /**
   * The zone from what the server reported: {@code sessionName} ({@code SYSTEM}, an offset such as
   * {@code +09:00} or a named zone), {@code systemName} (an abbreviation such as {@code UTC} or
   * {@code CET}), and the session's and the system's offsets in seconds at {@link #instants}.
   */
  static SessionZone resolve(
      String sessionName,
      String systemName,
      long[] sessionOffsets,
      long[] systemOffsets,
      ZoneId jvm,
      Instant now) {
    Instant[] at = instants(now);
    ZoneId system = zone(systemName, systemOffsets, jvm, at);
    boolean isSystem = sessionName == null || sessionName.equalsIgnoreCase("SYSTEM");
    ZoneId session = isSystem ? system : zone(sessionName, sessionOffsets, jvm, at);
    long[] shown = isSystem ? systemOffsets : sessionOffsets;
    String described =
        (isSystem ? "SYSTEM (" + systemName + ")" : sessionName)
            + " (UTC"
            + ZoneOffset.ofTotalSeconds((int) shown[0]).getId()
            + " now, "
            + ZoneOffset.ofTotalSeconds((int) shown[1]).getId()
            + " in January, "
            + ZoneOffset.ofTotalSeconds((int) shown[2]).getId()
            + " in July)";
    return new SessionZone(session, system, jvm.equals(session), described);
  }

  /** The zone with these offsets: the JVM's, the named one, a fixed offset; null for none. */
  private static ZoneId zone(String name, long[] offsets, ZoneId jvm, Instant[] at) {
    if (hasOffsets(jvm, offsets, at)) {
      return jvm;
    }
    if (name != null) {
      try {
        ZoneId named =
            name.startsWith("+") || name.startsWith("-") ? ZoneOffset.of(name) : ZoneId.of(name);
        if (hasOffsets(named, offsets, at)) {
          return named;
        }
      } catch (DateTimeException notJavas) {
        // An abbreviation Java does not know (CEST, JST): by the offsets alone.
      }
    }
    if (offsets[0] == offsets[1] && offsets[1] == offsets[2]) {
      return ZoneOffset.ofTotalSeconds((int) offsets[0]);
    }
    return null;
  }

  private static boolean hasOffsets(ZoneId zone, long[] offsets, Instant[] at) {
    for (int i = 0; i < at.length; i++) {
      if (zone.getRules().getOffset(at[i]).getTotalSeconds() != offsets[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a MySQL {@code time_zone} value names this session's zone: {@code SYSTEM} when the
   * session runs in the system zone, an offset or a region with the same offsets now, in January
   * and in July.
   */
  public boolean isSessionZone(String value, Instant now) {
    if (session == null) {
      return false;
    }
    ZoneId z;
    if (value.equalsIgnoreCase("SYSTEM")) {
      z = system;
      if (z == null) {
        return false;
      }
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
    Instant[] at = instants(now);
    long[] offsets = new long[at.length];
    for (int i = 0; i < at.length; i++) {
      offsets[i] = session.getRules().getOffset(at[i]).getTotalSeconds();
    }
    return hasOffsets(z, offsets, at);
  }
}
