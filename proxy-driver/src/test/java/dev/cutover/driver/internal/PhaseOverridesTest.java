package dev.cutover.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cutover.driver.Phase;
import dev.cutover.driver.sql.Dialect;
import dev.cutover.driver.sql.SqlAnalyzer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhaseOverridesTest {
  private final SqlAnalyzer sql = new SqlAnalyzer(Dialect.MYSQL, 1024 * 1024);
  private final PhaseOverrides orders =
      PhaseOverrides.parse("orders=DUAL_OLD_PRIMARY,audit_log=OLD");

  @Test
  void a_statement_runs_under_the_phase_its_tables_share() {
    assertEquals(
        Phase.DUAL_OLD_PRIMARY,
        orders.effective(sql.analyze("UPDATE orders SET x = 1 WHERE id = 2"), Phase.OLD));
    assertEquals(Phase.NEW, orders.effective(sql.analyze("SELECT * FROM customers"), Phase.NEW));
    assertEquals(Phase.NEW, orders.effective(sql.analyze("SELECT 1"), Phase.NEW));
  }

  @Test
  void tables_with_different_phases_have_no_common_phase() {
    assertNull(
        orders.effective(
            sql.analyze("INSERT INTO orders SELECT * FROM customers"), Phase.DUAL_NEW_PRIMARY));
  }

  @Test
  void a_schema_qualified_name_matches_an_override_of_its_bare_name() {
    assertEquals(
        Phase.DUAL_OLD_PRIMARY,
        orders.effective(sql.analyze("DELETE FROM shop.orders WHERE id = 1"), Phase.OLD));
  }

  @Test
  void overrides_round_trip_through_their_stored_form_sorted_by_table() {
    assertEquals("audit_log=OLD,orders=DUAL_OLD_PRIMARY", orders.toString());
    assertEquals(
        Map.of("orders", Phase.DUAL_OLD_PRIMARY, "audit_log", Phase.OLD),
        PhaseOverrides.parseMap(orders.toString()));
    assertNull(PhaseOverrides.parse(null));
    assertNull(PhaseOverrides.format(Map.of()));
  }

  @Test
  void table_names_are_normalized_and_anything_else_is_rejected() {
    assertEquals("shop.orders", PhaseOverrides.normalize(" `Shop`.\"ORDERS\" "));
    assertThrows(IllegalArgumentException.class, () -> PhaseOverrides.normalize("a=b"));
    assertThrows(IllegalArgumentException.class, () -> PhaseOverrides.normalize("a,b"));
    assertThrows(IllegalArgumentException.class, () -> PhaseOverrides.normalize(""));
  }
}
