package dev.cutover.driver.shadow;

import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.sql.Dialect;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link ComparisonPlan} of each fingerprint, built on first use on a shadow thread. Texts of
 * one fingerprint differ only in literals (and parameters), which matter to a plan only in a LIMIT,
 * OFFSET or FETCH and in an ORDER BY item ({@code ORDER BY 2} is the second column, {@code ORDER BY
 * 1} the first, one fingerprint); a plan of a statement with one holds the text it was built from,
 * is used only for that exact text, and another text rebuilds it (cheap: one lexer pass).
 */
final class ComparisonPlans {
  /** Beyond this many fingerprints the cache starts over rather than grow without bound. */
  private static final int MAX_PLANS = 10_000;

  private final Dialect appDialect;
  private final MigrationConfig.ShadowConfig settings;
  private final ConcurrentHashMap<Long, ComparisonPlan> plans = new ConcurrentHashMap<>();

  ComparisonPlans(Dialect appDialect, MigrationConfig.ShadowConfig settings) {
    this.appDialect = appDialect;
    this.settings = settings;
  }

  /** The plan of the teed read's statement. */
  ComparisonPlan planFor(ShadowTee tee) {
    Long key = tee.analysis.fingerprintHash();
    ComparisonPlan plan = plans.get(key);
    if (plan == null || (plan.textDependent() && !plan.sql.equals(tee.sql))) {
      plan = ComparisonPlan.of(tee.analysis, tee.sql, appDialect, settings);
      if (plans.size() >= MAX_PLANS) {
        plans.clear();
      }
      plans.put(key, plan);
    }
    return plan;
  }
}
