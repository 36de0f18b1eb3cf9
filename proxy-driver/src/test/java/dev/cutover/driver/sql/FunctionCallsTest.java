package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The functions a query calls that the catalog is asked about (FunctionCatalog). */
class FunctionCallsTest {
  private static List<String> calls(String sql) {
    return SqlAnalyzer.analyzeUncached(sql, Dialect.POSTGRES).calls();
  }

  @Test
  void queries_list_the_functions_they_call_except_common_built_ins() {
    assertEquals(List.of("add_order"), calls("SELECT add_order(?, ?)"));
    assertEquals(List.of("add_order"), calls("select Public.ADD_ORDER(1) AS id"));
    assertEquals(List.of("Add_Order"), calls("SELECT \"Add_Order\"(1)"));
    assertEquals(
        List.of("my_fn"),
        calls("SELECT count(*), coalesce(max(a), 0), my_fn(b) FROM t GROUP BY b"));
    assertEquals(List.of(), calls("SELECT * FROM t WHERE id IN (1, 2)"));
    assertEquals(List.of(), calls("SELECT 'my_fn(1)' /* f(2) */"));
  }

  @Test
  void only_queries_are_looked_at_and_a_write_keeps_its_kind() {
    assertEquals(List.of(), calls("INSERT INTO t VALUES (my_fn(1))"));
    assertEquals(List.of(), calls("SELECT set_config('a', 'b', false)"));
    Analysis read = SqlAnalyzer.analyzeUncached("SELECT add_order(1)", Dialect.POSTGRES);
    assertEquals(StatementKind.READ, read.kind());
    assertEquals(StatementKind.WRITE, read.asWrite().kind());
  }
}
