package dev.cutover.comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.comparator.backfill.Backfill;
import dev.cutover.comparator.backfill.BackfillOptions;
import dev.cutover.comparator.backfill.BackfillOptions.CopyMode;
import dev.cutover.comparator.backfill.BackfillReport;
import dev.cutover.comparator.chunk.ControlStore;
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
import java.util.List;
import java.util.Optional;

/**
 * The four checks every type pair passes on the real servers: identical data compares equal in a
 * shadow read, verify says EQUAL, a backfill copies it so that verify says EQUAL and the values
 * read back are the ones the new side holds, and a changed value is found by shadow and verify,
 * both naming the row and the column.
 *
 * <p>For each pair, table {@code tp_<id>} holds the same values on the old and the new side (the
 * new side as a migration tool stores them), and table {@code tp_<id>_c} the same but with the
 * first row changed on the new side. Backfills copy {@code tp_<id>} from the old side into two
 * empty databases, one with COPY and one with upserts.
 */
final class TypePairChecks {
  private final TestDatabase old;
  private final TestDatabase neu;
  private final TestDatabase copyTarget;
  private final TestDatabase upsertTarget;

  TypePairChecks(
      TestDatabase old, TestDatabase neu, TestDatabase copyTarget, TestDatabase upsertTarget) {
    this.old = old;
    this.neu = neu;
    this.copyTarget = copyTarget;
    this.upsertTarget = upsertTarget;
  }

  /** Creates and fills every pair's tables. */
  void create(List<TypePair> pairs) {
    for (TypePair p : pairs) {
      for (TestDatabase db : List.of(neu, copyTarget, upsertTarget)) {
        if (!p.newSetup().isEmpty()) {
          db.execute(p.newSetup().toArray(new String[0]));
        }
        db.execute(ddl(table(p), p.newType()));
      }
      old.execute(ddl(table(p), p.oldType()), ddl(changedTable(p), p.oldType()));
      neu.execute(ddl(changedTable(p), p.newType()));
      old.execute(inserts(table(p), p.oldValues()), inserts(changedTable(p), p.oldValues()));
      neu.execute(
          inserts(table(p), p.newValues()),
          inserts(changedTable(p), p.newValues()),
          "UPDATE " + changedTable(p) + " SET v = " + p.changed() + " WHERE id = 1");
    }
  }

  /** The pair's table of equal values. */
  static String table(TypePair p) {
    return "tp_" + p.id();
  }

  /** The pair's table whose first row differs on the new side. */
  static String changedTable(TypePair p) {
    return "tp_" + p.id() + "_c";
  }

  private static String ddl(String table, String type) {
    return "CREATE TABLE " + table + " (id int PRIMARY KEY, v " + type + ")";
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
   * (c) A backfill copies the values with {@code mode}, verify then says EQUAL, and the copied
   * values read back as the new side's own do (PostgreSQL's text of each).
   */
  void backfillCopies(TypePair p, CopyMode mode) throws Exception {
    TestDatabase target = mode == CopyMode.COPY ? copyTarget : upsertTarget;
    BackfillReport report =
        new Backfill(
                Sources.of(old),
                Sources.of(target),
                new ControlStore(Sources.of(old)),
                BackfillOptions.builder().job(p.id() + "_" + mode).copy(mode).build())
            .run(table(p));
    assertTrue(report.complete(), () -> p + ": " + report);
    VerifyResult r = verify(old, target, table(p));
    assertEquals(VerifyResult.Status.EQUAL, r.status(), () -> p + ": " + r);
    assertEquals(texts(neu, table(p)), texts(target, table(p)), p::toString);
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

  static VerifyResult verify(TestDatabase a, TestDatabase b, String table) {
    return new Verifier(Sources.of(a), Sources.of(b), VerifyOptions.defaults()).verify(table);
  }

  /** Every row of a PostgreSQL table as PostgreSQL's text of its value. */
  static List<List<Object>> texts(TestDatabase db, String table) {
    return db.query("SELECT id, v::text FROM " + table + " ORDER BY id");
  }
}
