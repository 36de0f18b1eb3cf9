package dev.cutover.driver.shadow;

/** How a shadow-read mismatch is classified after its re-check. */
public enum Classification {
  /** Both reads still disagreed when run again: a real difference between the databases. */
  PERSISTENT,
  /**
   * Not confirmed by the re-check: the reads agreed when run again (a race with a concurrent
   * write), the primary's rows had moved, or the re-check could not run at all (counted in {@link
   * ShadowStatistics#recheckFailed()}).
   */
  TRANSIENT,
  /** The statement calls a non-deterministic function (NOW(), RAND(), ...); not re-checked. */
  NON_DETERMINISTIC,
  /** Nothing was compared: the secondary failed or timed out. */
  NOT_COMPARED
}
