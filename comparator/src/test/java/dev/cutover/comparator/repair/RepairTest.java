package dev.cutover.comparator.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.comparator.chunk.Sources;
import dev.cutover.comparator.verify.Verifier;
import dev.cutover.comparator.verify.VerifyOptions;
import dev.cutover.comparator.verify.VerifyResult.Status;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepairTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"mariadb", "postgres"})
  void keys_from_the_divergence_journal_are_repaired_table_by_table(String from) throws Exception {
    TestDatabase old = DBS.create(from.equals("mariadb") ? Engine.MARIADB : Engine.POSTGRES);
    TestDatabase neu = DBS.create(Engine.POSTGRES);
    for (TestDatabase db : List.of(old, neu)) {
      db.execute(
          "CREATE TABLE accounts (id INT PRIMARY KEY, owner VARCHAR(20), balance DECIMAL(10,2))",
          "CREATE TABLE grants (account INT NOT NULL, role VARCHAR(10) NOT NULL, since DATE,"
              + " PRIMARY KEY (account, role))");
    }
    old.execute(
        "INSERT INTO accounts VALUES (1, 'ann', 10.00), (2, 'bob', 20.50), (3, 'cy', 0)",
        "INSERT INTO grants VALUES (1, 'admin', '2024-01-01'), (2, 'user', '2024-02-02')");
    neu.execute(
        "INSERT INTO accounts VALUES (1, 'ann', 10.00), (2, 'bob', 99), (4, 'gone', 1)",
        "INSERT INTO grants VALUES (2, 'user', '2020-01-01')");
    // The journal's row_keys column holds JSON arrays of keys, as the driver records them.
    ObjectMapper json = new ObjectMapper();
    Map<String, List<Object>> journal = new LinkedHashMap<>();
    journal.put("accounts", json.readValue("[1, 2, 3, 4]", new TypeReference<List<Object>>() {}));
    journal.put(
        "grants",
        json.readValue("[[1, \"admin\"], [2, \"user\"]]", new TypeReference<List<Object>>() {}));

    List<RepairResult> dry = new Repair(Sources.of(old), Sources.of(neu), true).repairAll(journal);
    assertEquals(
        List.of(
            new RepairAction(RepairAction.Kind.INSERT, 3L),
            new RepairAction(RepairAction.Kind.UPDATE, 2L),
            new RepairAction(RepairAction.Kind.DELETE, 4L)),
        dry.get(0).actions());
    assertEquals(2, dry.get(1).actions().size());

    List<RepairResult> done =
        new Repair(Sources.of(old), Sources.of(neu), false).repairAll(journal);
    assertTrue(done.get(0).repaired(), done.get(0)::toString);
    assertTrue(done.get(1).repaired(), done.get(1)::toString);
    Verifier v = new Verifier(Sources.of(old), Sources.of(neu), VerifyOptions.defaults());
    assertEquals(Status.EQUAL, v.verify("accounts").status());
    assertEquals(Status.EQUAL, v.verify("grants").status());
  }
}
