package dev.cutover.comparator.repair;

import dev.cutover.comparator.backfill.BackfillOptions.CopyMode;
import dev.cutover.comparator.backfill.RowCopy;
import dev.cutover.comparator.chunk.Dialect;
import dev.cutover.comparator.chunk.TableShape;
import dev.cutover.comparator.chunk.UtcSession;
import dev.cutover.comparator.verify.Verifier;
import dev.cutover.comparator.verify.VerifyOptions;
import dev.cutover.comparator.verify.VerifyResult;
import dev.cutover.comparator.verify.VerifyResult.DifferingRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Re-copies exactly the named rows from the primary to the secondary (insert missing, overwrite
 * differing, delete extra), then re-verifies them.
 *
 * <p>Each key is first compared on both sides to decide the action, so a key that is already equal
 * (repaired by a later dual-write, say) is left alone and a dry run can list the plan. Rows are
 * read from the primary under a shared lock held until the secondary has committed, for the same
 * reason as in {@link dev.cutover.comparator.backfill.Backfill}: a concurrent dual-write of the row
 * lands after the repair, never under it.
 */
public final class Repair {
  private final DataSource primary;
  private final DataSource secondary;
  private final boolean dryRun;
  private final Verifier verifier;
  private final java.time.ZoneId zone;

  /** A repair from {@code primary} to {@code secondary}; {@code dryRun} only lists actions. */
  public Repair(DataSource primary, DataSource secondary, boolean dryRun) {
    this(primary, secondary, dryRun, java.time.ZoneId.systemDefault());
  }

  /**
   * A repair placing zone-less date-times that meet an instant column in {@code zone}, as {@link
   * dev.cutover.comparator.backfill.BackfillOptions#zone} does.
   */
  public Repair(DataSource primary, DataSource secondary, boolean dryRun, java.time.ZoneId zone) {
    this.primary = primary;
    this.secondary = secondary;
    this.dryRun = dryRun;
    this.zone = zone;
    this.verifier = new Verifier(primary, secondary, VerifyOptions.defaults().withZone(zone));
  }

  /**
   * Repairs the keys a verify result lists (primary as its old side); lists are capped, so run
   * verify again afterwards when its counts exceeded the cap.
   */
  public RepairResult repair(VerifyResult result) throws SQLException {
    List<Object> keys = new ArrayList<>();
    keys.addAll(result.missingOnNew());
    keys.addAll(result.extraOnNew());
    for (DifferingRow d : result.differing()) {
      keys.add(d.key());
    }
    return repair(result.table(), keys);
  }

  /**
   * Repairs a list of (table, keys), for instance the {@code row_keys} of unresolved divergence
   * journal entries; one result per table.
   */
  public List<RepairResult> repairAll(Map<String, List<Object>> keysByTable) throws SQLException {
    List<RepairResult> out = new ArrayList<>();
    for (Map.Entry<String, List<Object>> e : keysByTable.entrySet()) {
      out.add(repair(e.getKey(), e.getValue()));
    }
    return out;
  }

  /** Repairs exactly these keys of the table (a value, or a list for a composite key, each). */
  public RepairResult repair(String table, List<Object> keys) throws SQLException {
    List<Object> unique = new ArrayList<>(new LinkedHashMap<>(index(keys)).values());
    VerifyResult before = verifier.verifyKeys(table, unique);
    if (before.status() == VerifyResult.Status.ERROR) {
      throw new SQLException("Cannot compare keys of " + table + ": " + before.error(), "58000");
    }
    List<RepairAction> actions = new ArrayList<>();
    before.missingOnNew().forEach(k -> actions.add(new RepairAction(RepairAction.Kind.INSERT, k)));
    before
        .differing()
        .forEach(d -> actions.add(new RepairAction(RepairAction.Kind.UPDATE, d.key())));
    before.extraOnNew().forEach(k -> actions.add(new RepairAction(RepairAction.Kind.DELETE, k)));
    if (dryRun || actions.isEmpty()) {
      return new RepairResult(table, dryRun, actions, dryRun ? null : before);
    }
    apply(table, actions);
    VerifyResult after = verifier.verifyKeys(table, unique);
    return new RepairResult(table, false, actions, after);
  }

  private static Map<String, Object> index(List<Object> keys) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Object k : keys) {
      m.putIfAbsent(String.valueOf(k), k);
    }
    return m;
  }

  private void apply(String table, List<RepairAction> actions) throws SQLException {
    try (Connection p = primary.getConnection();
        UtcSession primaryZone = UtcSession.pin(p);
        Connection s = secondary.getConnection();
        UtcSession secondaryZone = UtcSession.pin(s)) {
      TableShape primaryShape = TableShape.read(p, table);
      TableShape secondaryShape = TableShape.read(s, table);
      Dialect pd = Dialect.of(p);
      p.setAutoCommit(false);
      s.setAutoCommit(false);
      RowCopy writer = new RowCopy(s, primaryShape, secondaryShape, CopyMode.UPSERT, 500, zone);
      try {
        String select =
            "SELECT "
                + writer.selectList(pd)
                + " FROM "
                + pd.quote(primaryShape.name())
                + " WHERE "
                + primaryShape.keyNames().stream()
                    .map(k -> pd.quote(k) + " = ?")
                    .collect(Collectors.joining(" AND "))
                + pd.shareLockClause();
        List<Integer> keyIndexes = keyIndexes(primaryShape);
        List<List<Object>> deletes = new ArrayList<>();
        try (PreparedStatement ps = p.prepareStatement(select)) {
          for (RepairAction a : actions) {
            List<Object> key = Verifier.keyValues(primaryShape, a.key());
            for (int i = 0; i < key.size(); i++) {
              ps.setObject(i + 1, key.get(i));
            }
            boolean found = false;
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Object[] row = writer.read(rs);
                if (exactKey(row, keyIndexes, key)) {
                  writer.add(row);
                  found = true;
                }
              }
            }
            if (!found) {
              deletes.add(Verifier.keyValues(secondaryShape, a.key()));
            }
          }
        }
        writer.flush();
        writer.delete(deletes);
        // Commit the secondary while the primary's rows are still share-locked.
        s.commit();
        p.commit();
      } catch (SQLException e) {
        s.rollback();
        p.rollback();
        throw e;
      } finally {
        writer.close();
      }
    }
  }

  private static List<Integer> keyIndexes(TableShape shape) {
    List<Integer> out = new ArrayList<>();
    List<String> names = shape.columnNames();
    for (String k : shape.keyNames()) {
      out.add(names.indexOf(k));
    }
    return out;
  }

  private static boolean exactKey(Object[] row, List<Integer> keyIndexes, List<Object> key) {
    for (int i = 0; i < key.size(); i++) {
      Object v = row[keyIndexes.get(i)];
      if (!Objects.equals(String.valueOf(v), String.valueOf(key.get(i)))) {
        return false;
      }
    }
    return true;
  }
}
