package dev.cutover.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.comparator.repair.Repair;
import dev.cutover.comparator.repair.RepairResult;
import dev.cutover.comparator.verify.VerifyResult;
import dev.cutover.driver.Divergence;
import dev.cutover.driver.Journal;
import dev.cutover.driver.Phase;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cutover repair}: re-copies exactly the rows found different, from the primary to the
 * secondary.
 */
@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    description =
        "Re-copies the rows the last verify found different (or the divergence journal names) from"
            + " the primary to the secondary, then re-verifies them.")
final class RepairCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(
      names = "--table",
      paramLabel = "T",
      description = "Table to repair (repeatable; default all).")
  List<String> tables;

  @Option(
      names = "--from-journal",
      description = "Repair the keys named by unresolved divergences.")
  boolean fromJournal;

  @Option(names = "--dry-run", description = "List what would change; change nothing.")
  boolean dryRun;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Sides sides = new Sides(config.load(), 2)) {
      Phase.Side primary = sides.phase().primary();
      if (primary != Phase.Side.OLD && !fromJournal) {
        throw new IllegalStateException(
            "repair from a verify result copies old -> new; the primary is now "
                + primary
                + ": run with --from-journal, or verify again after moving back");
      }
      Repair repair =
          new Repair(
              sides.side(primary), sides.side(primary.other()), dryRun, sides.config.timeZone());
      List<RepairResult> results =
          fromJournal ? fromJournal(sides, repair, out) : fromVerify(sides, repair, out);
      boolean ok = true;
      for (RepairResult r : results) {
        out.printf(
            "%-30s %s %d action(s): %s%s%n",
            r.table(),
            dryRun ? "would apply" : "applied",
            r.actions().size(),
            r.actions(),
            r.after() == null ? "" : " -> now " + r.after().status());
        ok &= dryRun || r.repaired();
      }
      out.flush();
      return ok ? Main.OK : Main.DIFFERENT;
    }
  }

  private List<RepairResult> fromVerify(Sides sides, Repair repair, PrintWriter out)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<RepairResult> results = new ArrayList<>();
    for (String table : sides.tables(tables)) {
      Optional<String> last = sides.store.latestVerify(sides.config.migration(), table);
      if (last.isEmpty()) {
        out.printf("%-30s no verify result: run cutover verify first%n", table);
        continue;
      }
      VerifyResult result = json.readValue(last.get(), VerifyResult.class);
      if (result.status() == VerifyResult.Status.EQUAL) {
        out.printf("%-30s EQUAL at the last verify: nothing to repair%n", table);
        continue;
      }
      results.add(repair.repair(result));
    }
    return results;
  }

  private List<RepairResult> fromJournal(Sides sides, Repair repair, PrintWriter out)
      throws Exception {
    try (Journal journal = Journal.open(sides.config)) {
      Map<String, List<Object>> keys = new LinkedHashMap<>();
      Map<String, List<Long>> ids = new LinkedHashMap<>();
      int withoutKeys = 0;
      for (Divergence d : journal.list(100_000, true)) {
        if (d.keys().isEmpty() || d.tables().size() != 1) {
          withoutKeys++;
          continue;
        }
        String table = d.tables().get(0);
        if (tables != null && !tables.isEmpty() && !tables.contains(table)) {
          continue;
        }
        keys.computeIfAbsent(table, t -> new ArrayList<>()).addAll(d.keys());
        ids.computeIfAbsent(table, t -> new ArrayList<>()).add(d.id());
      }
      if (withoutKeys > 0) {
        out.printf(
            "%d unresolved divergence(s) name no row keys: run cutover verify, then cutover repair%n",
            withoutKeys);
      }
      List<RepairResult> results = repair.repairAll(keys);
      if (!dryRun) {
        for (RepairResult r : results) {
          if (r.repaired()) {
            journal.markResolved(ids.getOrDefault(r.table(), List.of()));
          }
        }
      }
      return results;
    }
  }
}
