package dev.cutover.driver.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The text MariaDB Connector/J (3.x, text protocol) sends for a date-time parameter, which a
 * character column stores as it is. Measured against MariaDB 10.11: a {@code Timestamp} or {@code
 * java.util.Date} shows milliseconds as three digits and anything finer as six; a {@code
 * LocalDateTime}, {@code OffsetDateTime}, {@code ZonedDateTime} or {@code Instant} any fraction as
 * six; a {@code Time} always three; a {@code LocalTime} like a {@code Timestamp}. Values with a
 * zone or offset are shown in the connection's zone (the JVM's, by default).
 */
final class MariaDbText {
  private MariaDbText() {}

  /** The text for {@code v}, or null when it is not a date-time value. */
  static String of(Object v, ZoneId zone) {
    if (v instanceof java.sql.Timestamp) {
      java.sql.Timestamp ts = (java.sql.Timestamp) v;
      return dateTime(ts.toLocalDateTime(), false);
    }
    if (v instanceof java.sql.Date) {
      return date(((java.sql.Date) v).toLocalDate());
    }
    if (v instanceof java.sql.Time) {
      java.sql.Time t = (java.sql.Time) v;
      return time(t.toLocalTime().withNano(0), 0) + "." + three(Math.floorMod(t.getTime(), 1000));
    }
    if (v instanceof java.util.Date) {
      return dateTime(
          new java.sql.Timestamp(((java.util.Date) v).getTime()).toLocalDateTime(), false);
    }
    if (v instanceof LocalDateTime) {
      return dateTime((LocalDateTime) v, true);
    }
    if (v instanceof LocalDate) {
      return date((LocalDate) v);
    }
    if (v instanceof LocalTime) {
      LocalTime t = (LocalTime) v;
      return time(t, t.getNano());
    }
    if (v instanceof OffsetDateTime) {
      return dateTime(((OffsetDateTime) v).atZoneSameInstant(zone).toLocalDateTime(), true);
    }
    if (v instanceof ZonedDateTime) {
      return dateTime(((ZonedDateTime) v).withZoneSameInstant(zone).toLocalDateTime(), true);
    }
    if (v instanceof Instant) {
      return dateTime(LocalDateTime.ofInstant((Instant) v, zone), true);
    }
    return null;
  }

  private static String dateTime(LocalDateTime t, boolean sixDigits) {
    String day = date(t.toLocalDate()) + " " + time(t.toLocalTime().withNano(0), 0);
    int nano = t.getNano();
    if (nano == 0) {
      return day;
    }
    return day + "." + (sixDigits ? six(nano) : fraction(nano));
  }

  private static String date(LocalDate d) {
    return String.format("%04d-%02d-%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
  }

  private static String time(LocalTime t, int nano) {
    String hms = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
    return nano == 0 ? hms : hms + "." + fraction(nano);
  }

  /** Milliseconds as three digits, anything finer as six (truncated). */
  private static String fraction(int nano) {
    return nano % 1_000_000 == 0 ? three(nano / 1_000_000) : six(nano);
  }

  private static String three(int millis) {
    return String.format("%03d", millis);
  }

  private static String six(int nano) {
    return String.format("%06d", nano / 1000);
  }
}
