package dev.cutover.driver.internal.metrics;

import dev.cutover.driver.Divergence;
import dev.cutover.driver.Phase;
import dev.cutover.driver.sql.StatementKind;
import io.micrometer.core.instrument.Counter;
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
