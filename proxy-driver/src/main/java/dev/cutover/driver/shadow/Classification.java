package dev.cutover.driver.shadow;

/** How a shadow-read mismatch is classified after its re-check. */
public enum Classification {
  /** Both reads still disagreed when run again: a real difference between the databases. */
  PERSISTENT,
  /** The reads agreed when run again: a race with a concurrent write. */
  TRANSIENT,
  /** The statement calls a non-deterministic function (NOW(), RAND(), ...); not re-checked. */
  NON_DETERMINISTIC,
  /** Nothing was compared: the secondary failed or timed out. */
  NOT_COMPARED
}
