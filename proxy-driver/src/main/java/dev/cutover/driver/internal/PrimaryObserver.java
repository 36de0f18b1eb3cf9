package dev.cutover.driver.internal;

import dev.cutover.driver.Phase;

/**
 * Told about every statement the primary ran, for the automatic rollback guards. Implementations
 * must cost no more than a couple of counter increments: they run on the application's thread.
 */
public interface PrimaryObserver {
  /** Records nothing. */
  PrimaryObserver NONE =
      new PrimaryObserver() {
        @Override
        public void succeeded(Phase.Side side, long nanos) {}

        @Override
        public void failed(Phase.Side side) {}
      };

  /** The primary on {@code side} answered a statement after {@code nanos}. */
  void succeeded(Phase.Side side, long nanos);

  /** A statement on the primary on {@code side} failed. */
  void failed(Phase.Side side);
}
