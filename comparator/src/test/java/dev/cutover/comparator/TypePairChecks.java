package dev.cutover.comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.comparator.backfill.Backfill;
import dev.cutover.comparator.backfill.BackfillOptions;
import dev.cutover.comparator.backfill.BackfillOptions.CopyMode;
import dev.cutover.comparator.backfill.BackfillReport;
import dev.cutover.comparator.chunk.ControlStore;
import dev.cutover.comparator.chunk.Points;
import dev.cutover.comparator.chunk.Sources;
import dev.cutover.comparator.verify.Verifier;
import dev.cutover.comparator.verify.VerifyOptions;
import dev.cutover.comparator.verify.VerifyResult;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The four checks every type pair passes on the real servers: identical data compares equal in a
 * shadow read, verify says EQUAL, a backfill copies it so that verify finds no difference and the
 * values read back are the ones the new side holds, and a changed value is found by shadow and
 * verify, both naming the row and the column.
 *
 * <p>For each pair, table {@code tp_<id>} holds the same values on the old and the new side (the
 * new side as a migration tool stores them), and table {@code tp_<id>_c} the same but with the
 * first row changed on the new side. Table {@code tp_all} holds every pair's values side by side
 * (column {@code v_<id>}) and is backfilled once per copy mode into an empty database: a backfill
 * costs about half a second whatever its size, which per pair would dominate the run.
 */
final class TypePairChecks {
  private final TestDatabase old;
  private final TestDatabase neu;
  private final TestDatabase copyTarget;
  private final TestDatabase upsertTarget;

  /** An empty old-side database a backfill copies {@code tp_all} back into; null for none. */
  private final TestDatabase reverseTarget;

  private Backfilled reversed;
  private final Map<CopyMode, Backfilled> backfilled = new EnumMap<>(CopyMode.class);
  private final Map<TestDatabase, List<List<Object>>> wideTexts = new java.util.HashMap<>();
  private List<TypePair> pairs = List.of();

  /** The outcome of backfilling {@code tp_all} with one copy mode. */
  private record Backfilled(
      BackfillReport report, Exception failure, VerifyResult verify, TestDatabase target) {}

  TypePairChecks(
      TestDatabase old, TestDatabase neu, TestDatabase copyTarget, TestDatabase upsertTarget) {
    this(old, neu, copyTarget, upsertTarget, null);
  }

  TypePairChecks(
      TestDatabase old,
      TestDatabase neu,
      TestDatabase copyTarget,
      TestDatabase upsertTarget,
      TestDatabase reverseTarget) {
    this.old = old;
    this.neu = neu;
    this.copyTarget = copyTarget;
    this.upsertTarget = upsertTarget;
    this.reverseTarget = reverseTarget;
  }

  /** Creates and fills every pair's tables, in one round of statements per database. */
  void create(List<TypePair> pairs) {
    Map<TestDatabase, List<String>> sql = new java.util.LinkedHashMap<>();
    for (TestDatabase db : List.of(old, neu, copyTarget, upsertTarget)) {
      sql.put(db, new ArrayList<>());
    }
    for (TypePair p : pairs) {
      for (TestDatabase db : sql.keySet()) {
        if (db.engine() == Engine.POSTGRES) {
          sql.get(db).addAll(p.newSetup());
        }
      }
      sql.get(neu).add(ddl(table(p), p.newType()));
      sql.get(neu).add(ddl(changedTable(p), p.newType()));
      sql.get(neu).add(inserts(table(p), p.newValues()));
      sql.get(neu).add(inserts(changedTable(p), p.newValues()));
      sql.get(neu).add("UPDATE " + changedTable(p) + " SET v = " + p.changed() + " WHERE id = 1");
      sql.get(old).add(ddl(table(p), p.oldType()));
      sql.get(old).add(ddl(changedTable(p), p.oldType()));
      sql.get(old).add(inserts(table(p), p.oldValues()));
      sql.get(old).add(inserts(changedTable(p), p.oldValues()));
    }
    for (TestDatabase db : List.of(neu, copyTarget, upsertTarget)) {
      sql.get(db).add(wideDdl(pairs, false));
    }
    sql.get(old).add(wideDdl(pairs, true));
    if (reverseTarget != null) {
      sql.put(reverseTarget, new ArrayList<>(List.of(wideDdl(pairs, true))));
    }
    int rows = pairs.stream().mapToInt(p -> p.oldValues().size()).max().orElse(0);
    for (int r = 0; r < rows; r++) {
      StringBuilder o = new StringBuilder("INSERT INTO tp_all VALUES (").append(r + 1);
      StringBuilder n = new StringBuilder("INSERT INTO tp_all VALUES (").append(r + 1);
      for (TypePair p : pairs) {
        boolean has = r < p.oldValues().size();
        o.append(", ").append(has ? p.oldValues().get(r) : "NULL");
        n.append(", ").append(has ? p.newValues().get(r) : "NULL");
      }
      sql.get(old).add(o.append(')').toString());
      sql.get(neu).add(n.append(')').toString());
    }
    sql.forEach((db, statements) -> db.execute(statements.toArray(new String[0])));
    this.pairs = List.copyOf(pairs);
  }

  /** The pair's table of equal values. */
  static String table(TypePair p) {
    return "tp_" + p.id();
  }

  /** The pair's table whose first row differs on the new side. */
  static String changedTable(TypePair p) {
    return "tp_" + p.id() + "_c";
  }

  /** The pair's column in {@code tp_all}. */
  static String column(TypePair p) {
    return "v_" + p.id();
  }

  private static String ddl(String table, String type) {
    return "CREATE TABLE " + table + " (id int PRIMARY KEY, v " + type + ")";
  }

  private static String wideDdl(List<TypePair> pairs, boolean oldSide) {
    StringBuilder sb = new StringBuilder("CREATE TABLE tp_all (id int PRIMARY KEY");
    for (TypePair p : pairs) {
      sb.append(", ").append(column(p)).append(' ').append(oldSide ? p.oldType() : p.newType());
    }
    return sb.append(')').toString();
  }

  private static String inserts(String table, List<String> values) {
    StringBuilder sb = new StringBuilder("INSERT INTO ").append(table).append(" VALUES ");
    for (int i = 0; i < values.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append('(').append(i + 1).append(", ");
      sb.append(values.get(i)).append(')');
    }
    return sb.toString();
  }

  /** (a) The same values compare equal in a shadow read, in whatever order they come. */
  void shadowEqual(TypePair p) throws SQLException {
    ComparisonResult r = compare(table(p));
    assertTrue(r.equal(), () -> p + ": " + r);
    assertEquals(p.oldValues().size(), r.comparedRows(), r::toString);
  }

  /** (b) Verify says EQUAL. */
  void verifyEqual(TypePair p) {
    VerifyResult r = verify(old, neu, table(p));
    assertEquals(VerifyResult.Status.EQUAL, r.status(), () -> p + ": " + r);
  }

  /**
   * (c) A backfill copies the values with {@code mode}, verify then finds no difference in the
   * pair's column (nor a row it cannot name a column for), and the copied values read back as the
   * new side's own do (PostgreSQL's text of each).
   */
  void backfillCopies(TypePair p, CopyMode mode) throws Exception {
    Backfilled b = backfilled.computeIfAbsent(mode, this::backfill);
    if (b.failure() != null) {
      throw b.failure();
    }
    assertTrue(b.report().complete(), () -> p + ": " + b.report());
    VerifyResult r = b.verify();
    assertTrue(r.missingOnNew().isEmpty() && r.extraOnNew().isEmpty(), () -> p + ": " + r);
    for (VerifyResult.DifferingRow d : r.differing()) {
      assertTrue(!d.columns().isEmpty() && !d.columns().contains(column(p)), () -> p + ": " + r);
    }
    assertEquals(wideTexts(neu, p), wideTexts(b.target(), p), p::toString);
  }

  /**
   * (c, rollback) A backfill copies the new side's values back into an empty old side (the
   * direction of a rollback), verify then finds no difference in the pair's column, and the values
   * read back as the old side spelled them (unless the pair is {@link TypePair#oneWay()}).
   */
  void reverseBackfillCopies(TypePair p) throws Exception {
    if (reversed == null) {
      try {
        BackfillReport report =
            new Backfill(
                    Sources.of(neu),
                    Sources.of(reverseTarget),
                    new ControlStore(Sources.of(neu)),
                    BackfillOptions.builder().job("tp_all_reverse").build())
                .run("tp_all");
        reversed = new Backfilled(report, null, verify(neu, reverseTarget, "tp_all"), null);
      } catch (Exception e) {
        reversed = new Backfilled(null, e, null, null);
      }
    }
    if (reversed.failure() != null) {
      throw reversed.failure();
    }
    assertTrue(reversed.report().complete(), () -> p + ": " + reversed.report());
    VerifyResult r = reversed.verify();
    assertTrue(r.missingOnNew().isEmpty() && r.extraOnNew().isEmpty(), () -> p + ": " + r);
    for (VerifyResult.DifferingRow d : r.differing()) {
      assertTrue(!d.columns().isEmpty() && !d.columns().contains(column(p)), () -> p + ": " + r);
    }
    if (!p.oneWay()) {
      assertEquals(mariaDbTexts(old, p), mariaDbTexts(reverseTarget, p), p::toString);
    }
  }

  /** One pair's column of {@code tp_all} as MariaDB's text (hex for bytes). */
  private List<List<Object>> mariaDbTexts(TestDatabase db, TypePair p) {
    String type = p.oldType().toUpperCase(java.util.Locale.ROOT);
    boolean bytes =
        type.contains("BLOB") || type.contains("BINARY") || Points.isSpatial(p.oldType());
    String value = bytes ? "HEX(" + column(p) + ")" : "CAST(" + column(p) + " AS CHAR)";
    return db.query("SELECT id, " + value + " FROM tp_all ORDER BY id");
  }

  /** One pair's column of {@code tp_all} as PostgreSQL's text, the table read once per database. */
  private List<List<Object>> wideTexts(TestDatabase db, TypePair p) {
    List<List<Object>> all =
        wideTexts.computeIfAbsent(
            db,
            d -> {
              StringBuilder sb = new StringBuilder("SELECT id");
              for (TypePair each : pairs) {
                sb.append(", ").append(column(each)).append("::text");
              }
              return d.query(sb.append(" FROM tp_all ORDER BY id").toString());
            });
    int c = pairs.indexOf(p) + 1;
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> row : all) {
      out.add(java.util.Arrays.asList(row.get(0), row.get(c)));
    }
    return out;
  }

  private Backfilled backfill(CopyMode mode) {
    TestDatabase target = mode == CopyMode.COPY ? copyTarget : upsertTarget;
    try {
      BackfillReport report =
          new Backfill(
                  Sources.of(old),
                  Sources.of(target),
                  new ControlStore(Sources.of(old)),
                  BackfillOptions.builder().job("tp_all_" + mode).copy(mode).build())
              .run("tp_all");
      return new Backfilled(report, null, verify(old, target, "tp_all"), target);
    } catch (Exception e) {
      return new Backfilled(null, e, null, target);
    }
  }

  /** (d) The changed row is found by a shadow read and by verify, each naming row and column. */
  void changeFound(TypePair p) throws SQLException {
    ComparisonResult r = compare(changedTable(p));
    assertEquals(Optional.of(DifferenceKind.VALUE_DIFFERENCE), r.kind(), () -> p + ": " + r);
    assertEquals(1, r.differences().size(), r::toString);
    RowDifference d = r.differences().get(0);
    assertEquals(List.of("v"), d.differingColumns(), r::toString);
    assertEquals("1", d.leftValues().get(0), r::toString);
    VerifyResult v = verify(old, neu, changedTable(p));
    assertEquals(1, v.differingCount(), () -> p + ": " + v);
    assertEquals(1L, v.differing().get(0).key(), v::toString);
    assertEquals(List.of("v"), v.differing().get(0).columns(), v::toString);
    assertTrue(v.missingOnNew().isEmpty() && v.extraOnNew().isEmpty(), v::toString);
  }

  private ComparisonResult compare(String table) throws SQLException {
    String sql = "SELECT id, v FROM " + table;
    try (Connection o = connect(old);
        Connection n = connect(neu)) {
      return ResultComparator.compare(capture(o, sql), capture(n, sql), CompareOptions.DEFAULTS);
    }
  }

  /**
   * A connection as the shadow reads use one: MariaDB's session in UTC, the zone {@link
   * NormalizerOptions#DEFAULTS} places its {@code TIMESTAMP} values in.
   */
  static Connection connect(TestDatabase db) throws SQLException {
    if (db.engine() != Engine.MARIADB) {
      return db.connect();
    }
    String url = db.url();
    return DriverManager.getConnection(
        url + (url.contains("?") ? "&" : "?") + "sessionVariables=time_zone='+00:00'",
        db.user(),
        db.password());
  }

  static ResultSnapshot capture(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return ResultSnapshot.capture(
          rs,
          dev.cutover.comparator.Engine.fromMetaData(c.getMetaData()),
          CaptureBudget.unlimited());
    }
  }

  /** Backfills {@code table} from {@code from} into {@code to}, its chunks kept on {@code from}. */
  static BackfillReport backfill(
      TestDatabase from, TestDatabase to, String table, BackfillOptions options) throws Exception {
    return new Backfill(
            Sources.of(from), Sources.of(to), new ControlStore(Sources.of(from)), options)
        .run(table);
  }

  /** Verifies a table of a few rows; one scan per side, as more would only add connections. */
  static VerifyResult verify(TestDatabase a, TestDatabase b, String table) {
    return new Verifier(Sources.of(a), Sources.of(b), VerifyOptions.defaults().withSlices(1))
        .verify(table);
  }

  /** Every row of a PostgreSQL table as PostgreSQL's text of one column's value. */
  static List<List<Object>> texts(TestDatabase db, String table, String column) {
    return new ArrayList<>(
        db.query("SELECT id, " + column + "::text FROM " + table + " ORDER BY id"));
  }
}
