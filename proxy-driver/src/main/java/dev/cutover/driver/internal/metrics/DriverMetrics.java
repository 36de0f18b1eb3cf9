package dev.cutover.driver.internal.metrics;

import dev.cutover.driver.Divergence;
import dev.cutover.driver.Phase;
import dev.cutover.driver.shadow.Classification;
import dev.cutover.driver.shadow.MismatchKind;
import dev.cutover.driver.sql.StatementKind;

/**
 * Every meter the driver records, in one place. Names are dotted and lower-case with tags:
 *
 * <ul>
 *   <li>{@code cutover.statements{phase,route,kind}}: timer of statements as the application sees
 *       them;
 *   <li>{@code cutover.side.latency{side,role}}: timer of each database's own execution;
 *   <li>{@code cutover.secondary.failures{kind}}: counter of secondary writes that did not apply;
 *   <li>{@code cutover.divergences{kind}}: counter of journal entries;
 *   <li>{@code cutover.shadow.reads{result}}: counter of sampled reads by what became of them
 *       ({@code run}, {@code shed}, {@code timeout}, {@code skipped}, {@code error});
 *   <li>{@code cutover.shadow.comparisons}: counter of results compared;
 *   <li>{@code cutover.shadow.mismatches{kind,classification}}: counter of mismatches;
 *   <li>{@code cutover.shadow.latency}: timer of the secondary's shadow reads;
 *   <li>{@code cutover.secondary.groups}: distribution of how many queued asynchronous autocommit
 *       writes were applied together in one secondary transaction (only groups of two or more);
 *   <li>{@code cutover.fleet.drain}: timer of how long this instance, fenced for a flip (or
 *       catching up with a version it missed), waited for its in-flight writes and queued secondary
 *       writes before acknowledging, refusing or applying.
 * </ul>
 *
 * <p>Micrometer is optional: without it on the class path the driver records nothing.
 */
public interface DriverMetrics {
  /** Where a statement went. */
  enum Route {
    PRIMARY,
    DUAL
  }

  /** What became of a sampled read. */
  enum ShadowResult {
    RUN,
    SHED,
    TIMEOUT,
    SKIPPED,
    ERROR
  }

  void statement(Phase phase, Route route, StatementKind kind, long nanos);

  void shadowRead(ShadowResult result);

  void shadowComparison();

  void shadowMismatch(MismatchKind kind, Classification classification);

  void shadowLatency(long nanos);

  void side(Phase.Side side, boolean primary, long nanos);

  void divergence(Divergence.Kind kind);

  /** Records {@code size} queued asynchronous writes applied in one secondary transaction. */
  void secondaryGroup(int size);

  /** Records how long a fenced instance waited for its writes to drain before answering a flip. */
  void fleetDrain(long nanos);

  /**
   * Binds to an application registry; {@code registry} must be a Micrometer {@code MeterRegistry}.
   */
  void bindTo(Object registry);

  static DriverMetrics create(String migration) {
    try {
      Class.forName(
          "io.micrometer.core.instrument.MeterRegistry",
          false,
          DriverMetrics.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return new None();
    }
    return new MicrometerMetrics(migration);
  }

  /** Records nothing; used when Micrometer is absent. */
  final class None implements DriverMetrics {
    @Override
    public void statement(Phase phase, Route route, StatementKind kind, long nanos) {}

    @Override
    public void side(Phase.Side side, boolean primary, long nanos) {}

    @Override
    public void secondaryGroup(int size) {}

    @Override
    public void fleetDrain(long nanos) {}

    @Override
    public void divergence(Divergence.Kind kind) {}

    @Override
    public void shadowRead(ShadowResult result) {}

    @Override
    public void shadowComparison() {}

    @Override
    public void shadowMismatch(MismatchKind kind, Classification classification) {}

    @Override
    public void shadowLatency(long nanos) {}

    @Override
    public void bindTo(Object registry) {
      throw new IllegalStateException(
          "Micrometer is not on the class path; add io.micrometer:micrometer-core to bind metrics");
    }
  }
}
