package dev.cutover.comparator;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Capture-time settings for {@link ValueNormalizer}.
 *
 * @param zone the zone in which zone-less instants are read: MySQL/MariaDB {@code TIMESTAMP} values
 *     arrive as wall-clock time in the session's {@code time_zone}, so this must equal that session
 *     zone (default UTC: run the session with {@code time_zone='+00:00'}); it also places a {@code
 *     timestamp without time zone} on the time line when it is compared with an instant
 * @param defaultFractionDigits fractional-second digits assumed for a time or timestamp column
 *     whose metadata reports none (default 6, microseconds)
 * @param mysqlSessionZone when not null, the zone of the MySQL/MariaDB session the values were read
 *     in, for its {@code TIMESTAMP} values instead of {@code zone}; {@code zone} then still places
 *     wall-clock values ({@code DATETIME}, {@code timestamp}) compared with instants, which stand
 *     for the application's zone rather than the session's
 */
public record NormalizerOptions(ZoneId zone, int defaultFractionDigits, ZoneId mysqlSessionZone) {

  /** UTC and microseconds. */
  public static final NormalizerOptions DEFAULTS = new NormalizerOptions(ZoneOffset.UTC, 6);

  /** Options whose MySQL {@code TIMESTAMP} values are in {@code zone} too. */
  public NormalizerOptions(ZoneId zone, int defaultFractionDigits) {
    this(zone, defaultFractionDigits, null);
  }

  /** Validates the options. */
  public NormalizerOptions {
    Objects.requireNonNull(zone, "zone");
    if (defaultFractionDigits < 0 || defaultFractionDigits > 9) {
      throw new IllegalArgumentException(
          "defaultFractionDigits: " + defaultFractionDigits + " (expected: 0 to 9)");
    }
  }

  /** These options with another zone for zone-less instants. */
  public NormalizerOptions withZone(ZoneId newZone) {
    return new NormalizerOptions(newZone, defaultFractionDigits, mysqlSessionZone);
  }

  /** These options with another default fractional-second precision. */
  public NormalizerOptions withDefaultFractionDigits(int digits) {
    return new NormalizerOptions(zone, digits, mysqlSessionZone);
  }

  /** These options with MySQL {@code TIMESTAMP} values read in {@code sessionZone}. */
  public NormalizerOptions withMysqlSessionZone(ZoneId sessionZone) {
    return new NormalizerOptions(zone, defaultFractionDigits, sessionZone);
  }

  /** The zone MySQL/MariaDB {@code TIMESTAMP} values are read in. */
  public ZoneId mysqlTimestampZone() {
    return mysqlSessionZone != null ? mysqlSessionZone : zone;
  }
}
