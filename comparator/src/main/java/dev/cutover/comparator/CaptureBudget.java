package dev.cutover.comparator;

/**
 * How much of a result a {@link ResultSnapshot} may hold before it stops and marks itself
 * truncated.
 *
 * @param maxRows the most rows kept
 * @param maxBytes the most estimated bytes of normalized values kept
 */
public record CaptureBudget(int maxRows, long maxBytes) {

  /** Validates the budget. */
  public CaptureBudget {
    if (maxRows < 0) {
      throw new IllegalArgumentException("maxRows: " + maxRows + " (expected: 0 or more)");
    }
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: 0 or more)");
    }
  }

  /** A budget that never truncates. */
  public static CaptureBudget unlimited() {
    return new CaptureBudget(Integer.MAX_VALUE, Long.MAX_VALUE);
  }

  /** A budget of {@code maxRows} rows and {@code maxBytes} bytes. */
  public static CaptureBudget of(int maxRows, long maxBytes) {
    return new CaptureBudget(maxRows, maxBytes);
  }
}
