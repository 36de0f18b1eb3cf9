package dev.cutover.comparator.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.comparator.backfill.BackfillOptions.CopyMode;
import dev.cutover.comparator.chunk.TableShape;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * COPY mode on a PostgreSQL target: batches whose keys the target lacks go straight into the table;
 * a batch with a key the target holds falls back to staging and merge, which updates.
 */
class RowCopyDirectCopyTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  @Test
  void new_keys_are_copied_straight_in_and_existing_keys_are_merged() throws Exception {
    TestDatabase source = DBS.create(Engine.POSTGRES);
    TestDatabase target = DBS.create(Engine.POSTGRES);
    for (TestDatabase db : new TestDatabase[] {source, target}) {
      db.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(20))");
    }
    target.execute("INSERT INTO t VALUES (15, 'stale')");
    try (Connection s = source.connect();
        Connection c = target.connect()) {
      c.setAutoCommit(false);
      RowCopy copy =
          new RowCopy(c, TableShape.read(s, "t"), TableShape.read(c, "t"), CopyMode.COPY, 5);
      for (long id = 1; id <= 20; id++) {
        copy.add(new Object[] {id, "v" + id});
      }
      copy.flush();
      c.commit();
      // Batches 1-5 and 6-10 are new keys; 11-15 holds 15 (merged); 16-20 is new again.
      assertEquals(3, copy.directBatches());
      copy.close();
    }
    assertEquals(20, target.queryLong("SELECT COUNT(*) FROM t"));
    assertEquals(0, target.queryLong("SELECT COUNT(*) FROM t WHERE v <> 'v' || id"));
  }
}
