package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitedWriteKeysTest {
  private static final Map<String, List<String>> KEYS =
      Map.of(
          "t", List.of("id"),
          "shop.t", List.of("a", "b"),
          "\"Odd\"\"Name\"", List.of("Key"),
          "\"t\"", List.of("id"));

  private static String rewrite(String mysql, List<String> asked) throws Exception {
    return LimitedWriteKeys.rewrite(
        SqlTranslator.translate(mysql, Dialect.MYSQL, Dialect.POSTGRES),
        table -> {
          asked.add(table);
          return KEYS.getOrDefault(table, List.of());
        });
  }

  @Test
  void a_keyed_table_is_picked_by_its_key_in_the_statement_own_case() throws Exception {
    List<String> asked = new ArrayList<>();
    assertEquals(
        "UPDATE t SET a = ? WHERE (\"id\") IN (SELECT \"id\" FROM t WHERE b = ? ORDER BY c LIMIT ?"
            + " FOR UPDATE)",
        rewrite("UPDATE t SET a = ? WHERE b = ? ORDER BY c LIMIT ?", asked));
    assertEquals(
        "delete from shop.t where (\"a\", \"b\") in (select \"a\", \"b\" from shop.t limit 5 for"
            + " update) returning a",
        rewrite("delete from shop.t limit 5 returning a", asked));
    assertEquals(
        "update \"t\" as x set a = 1 where (\"id\") in (select \"id\" from \"t\" as x limit 10 for"
            + " update)",
        rewrite("update `t` as x set a = 1 limit 10", asked));
    assertEquals(List.of("t", "shop.t", "\"t\""), asked);
  }

  @Test
  void quoted_names_keep_their_quotes_and_keys_are_quoted() throws Exception {
    assertEquals(
        "DELETE FROM \"Odd\"\"Name\" WHERE (\"Key\") IN (SELECT \"Key\" FROM \"Odd\"\"Name\""
            + " LIMIT 1 FOR UPDATE)",
        rewrite("DELETE FROM `Odd\"Name` LIMIT 1", new ArrayList<>()));
  }

  @Test
  void a_table_without_a_key_keeps_the_ctid_form_and_each_statement_is_its_own() throws Exception {
    String sql = rewrite("DELETE FROM nokey LIMIT 1; DELETE FROM t LIMIT 2", new ArrayList<>());
    assertEquals(
        "DELETE FROM nokey WHERE (tableoid, ctid) IN (SELECT tableoid, ctid FROM nokey LIMIT 1 FOR"
            + " UPDATE); DELETE FROM t WHERE (\"id\") IN (SELECT \"id\" FROM t LIMIT 2 FOR UPDATE)",
        sql);
    assertTrue(
        LimitedWriteKeys.applies(
            "delete from t where (tableoid, ctid) in (select tableoid, ctid from t limit 1)"));
    assertFalse(LimitedWriteKeys.applies("SELECT ctid FROM t"));
  }
}
