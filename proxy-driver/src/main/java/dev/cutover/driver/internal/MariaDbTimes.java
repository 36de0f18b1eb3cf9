package dev.cutover.driver.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Binds a date-time value on PostgreSQL as MariaDB stores it into a column of a given number of
 * fractional digits: the fraction beyond them is cut, where PostgreSQL rounds (MariaDB's default;
 * its {@code TIME_ROUND_FRACTIONAL} mode rounds too). MariaDB Connector/J sends at most six digits,
 * cut as well.
 */
final class MariaDbTimes {
  private MariaDbTimes() {}

  private static final int[] NANOS_PER_UNIT = {
    1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000
  };

  /**
   * Binds {@code v} cut to {@code digits} fractional digits at {@code index}; false when it is not
   * a date-time value (the caller binds it as it was bound).
   */
  static boolean bind(PreparedStatement ps, int index, Object v, int digits) throws SQLException {
    int unit = NANOS_PER_UNIT[digits];
    if (v instanceof Timestamp) {
      Timestamp ts = (Timestamp) v;
      int cut = ts.getNanos() - ts.getNanos() % unit;
      if (cut != ts.getNanos()) {
        ts = new Timestamp(ts.getTime());
        ts.setNanos(cut);
      }
      ps.setTimestamp(index, ts);
      return true;
    }
    if (v instanceof Time) {
      long millis = ((Time) v).getTime();
      long unitMillis = Math.max(1, unit / 1_000_000);
      ps.setTime(index, new Time(millis - Math.floorMod(millis, unitMillis)));
      return true;
    }
    if (v instanceof java.sql.Date) {
      return false;
    }
    if (v instanceof java.util.Date) {
      Timestamp ts = new Timestamp(((java.util.Date) v).getTime());
      return bind(ps, index, ts, digits);
    }
    if (v instanceof LocalDateTime) {
      LocalDateTime t = (LocalDateTime) v;
      ps.setObject(index, t.withNano(t.getNano() - t.getNano() % unit));
      return true;
    }
    if (v instanceof LocalTime) {
      LocalTime t = (LocalTime) v;
      ps.setObject(index, t.withNano(t.getNano() - t.getNano() % unit));
      return true;
    }
    if (v instanceof OffsetDateTime) {
      OffsetDateTime t = (OffsetDateTime) v;
      ps.setObject(index, t.withNano(t.getNano() - t.getNano() % unit));
      return true;
    }
    if (v instanceof ZonedDateTime) {
      return bind(ps, index, ((ZonedDateTime) v).toOffsetDateTime(), digits);
    }
    if (v instanceof Instant) {
      return bind(ps, index, OffsetDateTime.ofInstant((Instant) v, ZoneOffset.UTC), digits);
    }
    if (v instanceof OffsetTime) {
      OffsetTime t = (OffsetTime) v;
      ps.setObject(index, t.withNano(t.getNano() - t.getNano() % unit));
      return true;
    }
    return false;
  }
}
