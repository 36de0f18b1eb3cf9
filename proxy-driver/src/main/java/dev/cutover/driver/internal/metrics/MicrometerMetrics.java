package dev.cutover.driver.internal.metrics;

import dev.cutover.driver.Divergence;
import dev.cutover.driver.Phase;
import dev.cutover.driver.shadow.Classification;
import dev.cutover.driver.shadow.MismatchKind;
import dev.cutover.driver.sql.StatementKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters, all registered up front so the statement path only indexes arrays (no tag
 * allocation). They live in a composite that is part of Micrometer's global registry (Spring Boot
 * binds it by default) and to which {@link #bindTo} adds the application's own registry.
 */
final class MicrometerMetrics implements DriverMetrics {
  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
  private final Timer[][][] statements;
  private final Timer[][] sides;
  private final Counter[] divergences;
  private final Counter[] shadowReads;
  private final Counter shadowComparisons;
  private final Counter[][] shadowMismatches;
  private final Timer shadowLatency;
  private final DistributionSummary secondaryGroups;
  private final Timer fleetDrain;

  MicrometerMetrics(String migration) {
    Metrics.globalRegistry.add(registry);
    Phase[] phases = Phase.values();
    Route[] routes = Route.values();
    StatementKind[] kinds = StatementKind.values();
    statements = new Timer[phases.length][routes.length][kinds.length];
    for (Phase p : phases) {
      for (Route r : routes) {
        for (StatementKind k : kinds) {
          statements[p.ordinal()][r.ordinal()][k.ordinal()] =
              Timer.builder("cutover.statements")
                  .tag("migration", migration)
                  .tag("phase", p.name())
                  .tag("route", r.name().toLowerCase())
                  .tag("kind", k.name().toLowerCase())
                  .register(registry);
        }
      }
    }
    sides = new Timer[2][2];
    for (Phase.Side s : Phase.Side.values()) {
      for (int role = 0; role < 2; role++) {
        sides[s.ordinal()][role] =
            Timer.builder("cutover.side.latency")
                .tag("migration", migration)
                .tag("side", s.name().toLowerCase())
                .tag("role", role == 0 ? "primary" : "secondary")
                .register(registry);
      }
    }
    Divergence.Kind[] dk = Divergence.Kind.values();
    divergences = new Counter[dk.length];
    for (Divergence.Kind k : dk) {
      divergences[k.ordinal()] =
          Counter.builder("cutover.divergences")
              .tag("migration", migration)
              .tag("kind", k.name().toLowerCase())
              .register(registry);
    }
    ShadowResult[] results = ShadowResult.values();
    shadowReads = new Counter[results.length];
    for (ShadowResult r : results) {
      shadowReads[r.ordinal()] =
          Counter.builder("cutover.shadow.reads")
              .tag("migration", migration)
              .tag("result", r.name().toLowerCase())
              .register(registry);
    }
    shadowComparisons =
        Counter.builder("cutover.shadow.comparisons")
            .tag("migration", migration)
            .register(registry);
    MismatchKind[] mk = MismatchKind.values();
    Classification[] cl = Classification.values();
    shadowMismatches = new Counter[mk.length][cl.length];
    for (MismatchKind k : mk) {
      for (Classification c : cl) {
        shadowMismatches[k.ordinal()][c.ordinal()] =
            Counter.builder("cutover.shadow.mismatches")
                .tag("migration", migration)
                .tag("kind", k.name().toLowerCase())
                .tag("classification", c.name().toLowerCase())
                .register(registry);
      }
    }
    shadowLatency =
        Timer.builder("cutover.shadow.latency").tag("migration", migration).register(registry);
    secondaryGroups =
        DistributionSummary.builder("cutover.secondary.groups")
            .tag("migration", migration)
            .register(registry);
    fleetDrain =
        Timer.builder("cutover.fleet.drain").tag("migration", migration).register(registry);
  }

  @Override
  public void shadowRead(ShadowResult result) {
    shadowReads[result.ordinal()].increment();
  }

  @Override
  public void shadowComparison() {
    shadowComparisons.increment();
  }

  @Override
  public void shadowMismatch(MismatchKind kind, Classification classification) {
    shadowMismatches[kind.ordinal()][classification.ordinal()].increment();
  }

  @Override
  public void shadowLatency(long nanos) {
    shadowLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void statement(Phase phase, Route route, StatementKind kind, long nanos) {
    statements[phase.ordinal()][route.ordinal()][kind.ordinal()].record(
        nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void side(Phase.Side side, boolean primary, long nanos) {
    sides[side.ordinal()][primary ? 0 : 1].record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void secondaryGroup(int size) {
    secondaryGroups.record(size);
  }

  @Override
  public void fleetDrain(long nanos) {
    fleetDrain.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void divergence(Divergence.Kind kind) {
    divergences[kind.ordinal()].increment();
  }

  @Override
  public void bindTo(Object target) {
    if (!(target instanceof MeterRegistry)) {
      throw new IllegalArgumentException(
          "Expected an io.micrometer.core.instrument.MeterRegistry but got "
              + (target == null ? "null" : target.getClass().getName()));
    }
    registry.add((MeterRegistry) target);
  }
}
