package dev.cutover.driver.control;

import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.control.ControlPlane.Check;
import dev.cutover.driver.control.ControlPlane.Readiness;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks a move towards the new database must pass. Each check reads a report table in the
 * control store; a table that does not exist yet (its producer is not deployed) makes the check
 * "not available", which counts as failing unless the move is forced.
 */
final class ReadinessGate {
  /** One pluggable check. */
  interface ReadinessCheck {
    String name();

    Check run(ControlStore store) throws SQLException;
  }

  private final List<ReadinessCheck> checks = new ArrayList<>();

  ReadinessGate(MigrationConfig config) {
    long windowMillis = config.readinessWindow().toMillis();
    Map<String, ReadinessCheck> known = new LinkedHashMap<>();
    known.put("divergences", new UnresolvedDivergences(windowMillis));
    known.put("mismatches", new PersistentMismatches(windowMillis));
    known.put("verify", new LastVerifyEqual());
    for (String name : config.readinessChecks().split(",")) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      if (n.isEmpty()) {
        continue;
      }
      ReadinessCheck c = known.get(n);
      checks.add(c != null ? c : new Unknown(n, known.keySet().toString()));
    }
  }

  Readiness evaluate(ControlStore store) {
    List<Check> out = new ArrayList<>();
    for (ReadinessCheck c : checks) {
      try {
        out.add(c.run(store));
      } catch (SQLException e) {
        out.add(new Check(c.name(), Check.State.NOT_AVAILABLE, "could not run: " + e.getMessage()));
      }
    }
    return new Readiness(out.stream().allMatch(Check::passed), out);
  }

  /** No unresolved divergence recorded within the window. */
  private record UnresolvedDivergences(long windowMillis) implements ReadinessCheck {
    @Override
    public String name() {
      return "divergences";
    }

    @Override
    public Check run(ControlStore store) throws SQLException {
      if (!store.hasTable("cutover_divergence")) {
        return new Check(name(), Check.State.NOT_AVAILABLE, "no divergence journal table yet");
      }
      long n =
          store.query(
              "SELECT COUNT(*) FROM cutover_divergence WHERE migration = ? AND resolved = FALSE"
                  + " AND created_at >= ?",
              new Object[] {
                store.migration(), new Timestamp(System.currentTimeMillis() - windowMillis)
              },
              rs -> rs.next() ? rs.getLong(1) : 0L);
      return n == 0
          ? new Check(name(), Check.State.PASS, "no unresolved divergences")
          : new Check(name(), Check.State.FAIL, n + " unresolved divergence(s) in the window");
    }
  }

  /** No persistent shadow-read mismatch within the window (table of the shadow-read issue). */
  private record PersistentMismatches(long windowMillis) implements ReadinessCheck {
    @Override
    public String name() {
      return "mismatches";
    }

    @Override
    public Check run(ControlStore store) throws SQLException {
      if (!store.hasTable("cutover_mismatch")) {
        return new Check(
            name(), Check.State.NOT_AVAILABLE, "no shadow-read mismatch report (cutover_mismatch)");
      }
      long n =
          store.query(
              "SELECT COUNT(*) FROM cutover_mismatch WHERE migration = ? AND persistent > 0",
              new Object[] {store.migration()},
              rs -> rs.next() ? rs.getLong(1) : 0L);
      return n == 0
          ? new Check(name(), Check.State.PASS, "no persistent mismatches")
          : new Check(
              name(), Check.State.FAIL, n + " statement shape(s) with persistent mismatches");
    }
  }

  /** The newest verify run of every table is EQUAL (table of the verify issue). */
  private static final class LastVerifyEqual implements ReadinessCheck {
    @Override
    public String name() {
      return "verify";
    }

    @Override
    public Check run(ControlStore store) throws SQLException {
      if (!store.hasTable("cutover_verify_run")) {
        return new Check(
            name(), Check.State.NOT_AVAILABLE, "no verify results (cutover_verify_run)");
      }
      List<String> notEqual = new ArrayList<>();
      int tables =
          store.query(
              "SELECT r.table_name, r.status FROM cutover_verify_run r WHERE r.job = ? AND r.id ="
                  + " (SELECT MAX(x.id) FROM cutover_verify_run x WHERE x.job = r.job"
                  + " AND x.table_name = r.table_name)",
              new Object[] {store.migration()},
              rs -> {
                int n = 0;
                while (rs.next()) {
                  n++;
                  if (!"EQUAL".equalsIgnoreCase(rs.getString(2))) {
                    notEqual.add(rs.getString(1) + "=" + rs.getString(2));
                  }
                }
                return n;
              });
      if (tables == 0) {
        return new Check(name(), Check.State.FAIL, "no table has been verified yet");
      }
      return notEqual.isEmpty()
          ? new Check(name(), Check.State.PASS, tables + " table(s), last verify EQUAL")
          : new Check(name(), Check.State.FAIL, "last verify not equal: " + notEqual);
    }
  }

  private record Unknown(String name, String known) implements ReadinessCheck {
    @Override
    public Check run(ControlStore store) {
      return new Check(name, Check.State.NOT_AVAILABLE, "unknown check (known: " + known + ")");
    }
  }
}
