package dev.cutover.comparator.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.comparator.backfill.Backfill;
import dev.cutover.comparator.backfill.BackfillOptions;
import dev.cutover.comparator.backfill.BitTables;
import dev.cutover.comparator.backfill.Tables;
import dev.cutover.comparator.chunk.Column;
import dev.cutover.comparator.chunk.ControlStore;
import dev.cutover.comparator.chunk.Dialect;
import dev.cutover.comparator.chunk.Sources;
import dev.cutover.comparator.repair.Repair;
import dev.cutover.comparator.repair.RepairAction;
import dev.cutover.comparator.repair.RepairResult;
import dev.cutover.comparator.verify.VerifyResult.DifferingRow;
import dev.cutover.comparator.verify.VerifyResult.Status;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerifyTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static TestDatabase source(String from) {
    return DBS.create(from.equals("mariadb") ? Engine.MARIADB : Engine.POSTGRES);
  }

  private static Verifier verifier(TestDatabase old, TestDatabase neu) {
    return new Verifier(Sources.of(old), Sources.of(neu), VerifyOptions.defaults());
  }

  private static void backfill(TestDatabase old, TestDatabase neu, String table) throws Exception {
    new Backfill(
            Sources.of(old),
            Sources.of(neu),
            new ControlStore(Sources.of(old)),
            BackfillOptions.builder().chunkRows(400).build())
        .run(table);
  }

  private static Set<String> keys(List<Object> keys) {
    return keys.stream().map(String::valueOf).collect(Collectors.toSet());
  }

  private static Map<String, List<String>> differing(VerifyResult r) {
    return r.differing().stream()
        .collect(Collectors.toMap(d -> String.valueOf(d.key()), DifferingRow::columns));
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"mariadb", "postgres"})
  void seeded_differences_are_found_exactly_then_repaired(String from) throws Exception {
    TestDatabase old = source(from);
    TestDatabase neu = DBS.create(Engine.POSTGRES);
    Tables.createItems(old);
    Tables.createItems(neu);
    Tables.fillItems(old, 5_000);
    backfill(old, neu, "items");
    neu.execute(
        "DELETE FROM items WHERE id IN (1, 5000, 2500)",
        "INSERT INTO items (id, name) VALUES (7777, 'extra')",
        "UPDATE items SET name = 'changed' WHERE id = 42",
        "UPDATE items SET price = NULL WHERE id = 43",
        "UPDATE items SET active = NOT active, born = DATE '1999-01-01' WHERE id = 44",
        "UPDATE items SET data = '\\xdeadbeef'::bytea, updated = updated + INTERVAL '1 microsecond'"
            + " WHERE id = 45",
        "UPDATE items SET ratio = 0.5 WHERE id = 5");
    ControlStore store = new ControlStore(Sources.of(old));
    VerifyResult r =
        new Verifier(
                Sources.of(old), Sources.of(neu), VerifyOptions.defaults().storingIn(store, "m"))
            .verify("items");
    assertEquals(Status.DIFFERENT, r.status(), r::toString);
    assertEquals(5_000, r.rowsOld());
    assertEquals(4_998, r.rowsNew());
    assertEquals(Set.of("1", "2500", "5000"), keys(r.missingOnNew()));
    assertEquals(Set.of("7777"), keys(r.extraOnNew()));
    assertEquals(
        Map.of(
            "42", List.of("name"),
            "43", List.of("price"),
            "44", List.of("born", "active"),
            "45", List.of("updated", "data"),
            "5", List.of("ratio")),
        differing(r));
    assertEquals(5, r.differingCount());
    assertTrue(store.latestVerify("m", "items").orElseThrow().contains("\"DIFFERENT\""));

    RepairResult dry = new Repair(Sources.of(old), Sources.of(neu), true).repair(r);
    assertEquals(9, dry.actions().size());
    assertEquals(Status.DIFFERENT, verifier(old, neu).verify("items").status(), "dry run wrote");
    assertTrue(dry.actions().contains(new RepairAction(RepairAction.Kind.DELETE, 7777L)));

    RepairResult fixed = new Repair(Sources.of(old), Sources.of(neu), false).repair(r);
    assertTrue(fixed.repaired(), fixed::toString);
    VerifyResult again = verifier(old, neu).verify("items");
    assertEquals(Status.EQUAL, again.status(), again::toString);
  }

  @Test
  void string_keys_compare_correctly_although_the_engines_sort_and_fold_them_differently()
      throws Exception {
    TestDatabase old = DBS.create(Engine.MARIADB);
    TestDatabase neu = DBS.create(Engine.POSTGRES);
    old.execute(
        "CREATE TABLE words (w VARCHAR(40) COLLATE utf8mb4_unicode_ci NOT NULL PRIMARY KEY,"
            + " n INT)");
    neu.execute("CREATE TABLE words (w VARCHAR(40) NOT NULL PRIMARY KEY, n INT)");
    List<String> words = new ArrayList<>(List.of("a", "B", "c ", "é", "Z", "_x", "10", "9"));
    for (int i = 0; i < 3_000; i++) {
      words.add((i % 2 == 0 ? "Mot" : "mot") + i + (i % 3 == 0 ? "é" : ""));
    }
    String values =
        words.stream()
            .map(w -> "('" + w + "', " + w.length() + ")")
            .collect(Collectors.joining(", "));
    old.execute("INSERT INTO words VALUES " + values);
    backfill(old, neu, "words");
    assertEquals(Status.EQUAL, verifier(old, neu).verify("words").status());

    neu.execute(
        "UPDATE words SET n = 99 WHERE w = 'B'",
        "DELETE FROM words WHERE w = 'é'",
        "INSERT INTO words VALUES ('b', 1)",
        "UPDATE words SET n = NULL WHERE w = 'c '");
    VerifyResult r = verifier(old, neu).verify("words");
    assertEquals(Set.of("é"), keys(r.missingOnNew()), r::toString);
    assertEquals(Set.of("b"), keys(r.extraOnNew()));
    assertEquals(Map.of("B", List.of("n"), "c ", List.of("n")), differing(r));

    assertTrue(new Repair(Sources.of(old), Sources.of(neu), false).repair(r).repaired());
    assertEquals(Status.EQUAL, verifier(old, neu).verify("words").status());
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"mariadb", "postgres"})
  void a_table_without_a_primary_key_is_compared_as_a_multiset(String from) {
    TestDatabase old = source(from);
    TestDatabase neu = DBS.create(Engine.POSTGRES);
    for (TestDatabase db : List.of(old, neu)) {
      db.execute("CREATE TABLE events (kind VARCHAR(10), n INT)");
    }
    old.execute("INSERT INTO events VALUES ('a', 1), ('a', 1), ('b', 2), ('d', NULL)");
    neu.execute("INSERT INTO events VALUES ('b', 2), ('d', NULL), ('a', 1), ('a', 1)");
    assertEquals(Status.EQUAL, verifier(old, neu).verify("events").status());
    neu.execute("DELETE FROM events WHERE kind = 'd'", "INSERT INTO events VALUES ('c', 3)");
    neu.execute("INSERT INTO events VALUES ('a', 1)");
    VerifyResult r = verifier(old, neu).verify("events");
    assertEquals(List.of("d|<NULL>"), r.missingOnNew());
    assertEquals(Set.of("c|3", "a|1"), new HashSet<>(r.extraOnNew()));
    assertEquals(2, r.extraOnNewCount());
  }

  @Test
  void the_json_document_has_the_contracted_camel_case_fields_and_composite_keys_as_arrays()
      throws Exception {
    TestDatabase old = DBS.create(Engine.POSTGRES);
    TestDatabase neu = DBS.create(Engine.POSTGRES);
    for (TestDatabase db : List.of(old, neu)) {
      db.execute("CREATE TABLE pairs (a INT, b VARCHAR(5), v INT, PRIMARY KEY (a, b))");
    }
    old.execute("INSERT INTO pairs VALUES (1, 'x', 1), (2, 'y', 2), (3, 'z', 3)");
    neu.execute("INSERT INTO pairs VALUES (1, 'x', 1), (2, 'y', 5), (4, 'w', 4)");
    VerifyResult r = verifier(old, neu).verify("pairs");
    JsonNode doc = new ObjectMapper().readTree(Verifier.toJson(List.of(r)));
    JsonNode t = doc.get("tables").get(0);
    assertEquals("pairs", t.get("table").asText());
    assertEquals("DIFFERENT", t.get("status").asText());
    assertEquals(3, t.get("rowsOld").asLong());
    assertEquals(3, t.get("rowsNew").asLong());
    assertEquals("[[3,\"z\"]]", t.get("missingOnNew").toString());
    assertEquals("[[4,\"w\"]]", t.get("extraOnNew").toString());
    assertEquals("[{\"key\":[2,\"y\"],\"columns\":[\"v\"]}]", t.get("differing").toString());
    assertEquals(1, r.exitCode());
  }

  @Test
  void long_lists_are_capped_with_exact_totals() {
    TestDatabase old = DBS.create(Engine.POSTGRES);
    TestDatabase neu = DBS.create(Engine.POSTGRES);
    for (TestDatabase db : List.of(old, neu)) {
      db.execute("CREATE TABLE many (id INT PRIMARY KEY)");
    }
    old.execute("INSERT INTO many SELECT g FROM generate_series(1, 5000) g");
    VerifyResult r =
        new Verifier(
                Sources.of(old),
                Sources.of(neu),
                new VerifyOptions(
                    "cap", 100, 700, 10, java.util.Optional.empty(), 3, java.time.ZoneOffset.UTC))
            .verify("many");
    assertEquals(10, r.missingOnNew().size());
    assertEquals(5_000, r.missingOnNewCount());
  }

  @Test
  void bit_columns_verify_equal_across_engines_and_each_changed_bit_or_null_is_named()
      throws Exception {
    TestDatabase old = DBS.create(Engine.MARIADB);
    TestDatabase neu = DBS.create(Engine.POSTGRES);
    for (TestDatabase db : List.of(old, neu)) {
      BitTables.create(db);
      BitTables.fill(db, 1, 1_500);
    }
    VerifyResult equal = verifier(old, neu).verify("bits");
    assertEquals(Status.EQUAL, equal.status(), equal::toString);

    // 11: lowest bit of b10 flipped; 12: b64's top bit cleared (the rest kept); 5: b64 0 on the
    // old side, NULL on the new; 7: b10 NULL on the old side, 0 on the new; 13: varbit changed.
    long twelve = BitTables.values(12)[1];
    assertTrue(twelve < 0, "row 12 has the top bit set");
    neu.execute(
        "UPDATE bits SET b10 = b10 # B'0000000001' WHERE id = 11",
        "UPDATE bits SET b64 = "
            + BitTables.literal(Engine.POSTGRES, twelve & Long.MAX_VALUE, 64)
            + " WHERE id = 12",
        "UPDATE bits SET b64 = NULL WHERE id = 5",
        "UPDATE bits SET b10 = B'0000000000' WHERE id = 7",
        "UPDATE bits SET b12 = B'0' || b12 || B'1' WHERE id = 13");
    VerifyResult r = verifier(old, neu).verify("bits");
    assertEquals(Status.DIFFERENT, r.status(), r::toString);
    assertEquals(
        Map.of(
            "11", List.of("b10"),
            "12", List.of("b64"),
            "5", List.of("b64"),
            "7", List.of("b10"),
            "13", List.of("b12")),
        differing(r));
    assertTrue(r.missingOnNew().isEmpty() && r.extraOnNew().isEmpty(), r::toString);

    assertTrue(new Repair(Sources.of(old), Sources.of(neu), false).repair(r).repaired());
    VerifyResult repaired = verifier(old, neu).verify("bits");
    assertEquals(Status.EQUAL, repaired.status(), repaired::toString);
    assertEquals(BitTables.expected(1, 1_500), BitTables.read(neu));
  }

  @Test
  void bit_columns_between_postgresql_databases_keep_the_native_text_fast_path() throws Exception {
    Column bit10 = new Column("b", Types.BIT, "bit", 10, 0, false);
    Column varbit = new Column("b", Types.OTHER, "varbit", Integer.MAX_VALUE, 0, false);
    Column mariaBit10 = new Column("b", Types.BIT, "BIT", 10, 0, false);
    Canonical.Pair same =
        Canonical.pairs(List.of(bit10), List.of(bit10), Dialect.POSTGRES, Dialect.POSTGRES).get(0);
    assertEquals(Canonical.Kind.BITS, same.kind());
    assertTrue(same.nativeText());
    Canonical.Pair widths =
        Canonical.pairs(List.of(bit10), List.of(varbit), Dialect.POSTGRES, Dialect.POSTGRES).get(0);
    assertEquals(Canonical.Kind.BITS, widths.kind());
    assertFalse(widths.nativeText());
    Canonical.Pair engines =
        Canonical.pairs(List.of(mariaBit10), List.of(bit10), Dialect.MARIADB, Dialect.POSTGRES)
            .get(0);
    assertEquals(Canonical.Kind.BITS, engines.kind());
    assertFalse(engines.nativeText());

    TestDatabase old = DBS.create(Engine.POSTGRES);
    TestDatabase neu = DBS.create(Engine.POSTGRES);
    for (TestDatabase db : List.of(old, neu)) {
      BitTables.create(db);
      BitTables.fill(db, 1, 300);
    }
    assertEquals(Status.EQUAL, verifier(old, neu).verify("bits").status());
    neu.execute("UPDATE bits SET b64 = b64 # (B'1' || B'0'::bit(63)) WHERE id = 20");
    VerifyResult r = verifier(old, neu).verify("bits");
    assertEquals(Map.of("20", List.of("b64")), differing(r), r::toString);
  }
}
