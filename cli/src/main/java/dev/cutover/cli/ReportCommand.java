package dev.cutover.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.driver.Divergence;
import dev.cutover.driver.Journal;
import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.shadow.MismatchReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cutover report}: what the secondary did not take (divergences). */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Prints shadow-read mismatches per fingerprint and the divergence journal (writes the"
            + " secondary did not take exactly).")
final class ReportCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = "--json", description = "One JSON document for scripts and CI gates.")
  boolean json;

  @Option(
      names = "--limit",
      defaultValue = "100",
      description = "Most recent divergences to list (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--samples",
      defaultValue = "3",
      description = "Mismatch samples per fingerprint (default: ${DEFAULT-VALUE}).")
  int samples;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    MigrationConfig cfg = config.load();
    try (Journal journal = Journal.open(cfg)) {
      return print(cfg, journal);
    }
  }

  private int print(MigrationConfig cfg, Journal journal) throws Exception {
    journal.recoverSpill();
    List<Divergence> divergences = journal.list(limit, false);
    MismatchReport mismatches = journal.mismatches(samples);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("mismatches", new ObjectMapper().readTree(mismatches.toJson()));
      List<Map<String, Object>> ds = new ArrayList<>();
      for (Divergence d : divergences) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", d.id());
        e.put("time", d.time());
        e.put("table", String.join(",", d.tables()));
        e.put("sql", d.sql());
        e.put("error", d.error());
        e.put("kind", d.kind().name());
        e.put("resolved", d.resolved());
        e.put("keys", d.keys());
        ds.add(e);
      }
      doc.put("divergences", ds);
      out.println(Json.write(doc));
    } else {
      Map<String, Long> unresolved = journal.unresolved();
      out.println("Migration " + cfg.migration());
      out.println("Shadow-read mismatches: " + mismatches.totalMismatches());
      for (MismatchReport.FingerprintRollup f : mismatches.fingerprints()) {
        if (f.mismatches() == 0) {
          continue;
        }
        out.printf(
            "  %s %d/%d mismatched (persistent %d, transient %d) %s last %s%n      %s%n",
            f.fingerprint(),
            f.mismatches(),
            f.comparisons(),
            f.persistent(),
            f.transients(),
            f.kinds(),
            f.lastSeen(),
            abbreviate(f.sql()));
      }
      out.println(
          "Unresolved divergences: " + (unresolved.isEmpty() ? "none" : unresolved.toString()));
      for (Divergence d : divergences) {
        out.printf(
            "  #%d %s %-28s %-20s %s%n      %s%n",
            d.id(),
            d.time(),
            d.kind(),
            String.join(",", d.tables()),
            d.resolved() ? "resolved" : "",
            abbreviate(d.sql()) + (d.error() == null ? "" : "  -> " + abbreviate(d.error())));
      }
    }
    out.flush();
    return Main.OK;
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    String one = s.replaceAll("\\s+", " ");
    return one.length() > 160 ? one.substring(0, 157) + "..." : one;
  }
}
