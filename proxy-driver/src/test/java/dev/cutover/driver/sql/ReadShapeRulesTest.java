package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Rewrites found by the probe of common application reads (MariaDbToPostgresReadShapesTest). */
class ReadShapeRulesTest {
  private static String pg(String mysql) {
    return SqlTranslator.translateOrThrow(mysql, Dialect.MYSQL, Dialect.POSTGRES);
  }

  @Test
  void stddev_and_variance_are_the_population_s_as_in_mysql() {
    assertEquals(
        "SELECT stddev_pop(qty) AS \"STDDEV(qty)\", stddev_pop(qty) AS \"STD(qty)\","
            + " var_pop(total) AS \"VARIANCE(total)\", STDDEV_SAMP(qty) AS \"STDDEV_SAMP(qty)\""
            + " FROM t",
        pg("SELECT STDDEV(qty), STD(qty), VARIANCE(total), STDDEV_SAMP(qty) FROM t"));
    // Not a call: a column of that name.
    assertEquals("SELECT variance FROM t", pg("SELECT variance FROM t"));
  }

  @Test
  void concat_ws_joins_text_so_that_a_char_column_loses_its_padding() {
    assertEquals(
        "SELECT CONCAT_WS(',', (code)::text, (COALESCE(note, ?))::text, (id + 1)::text) FROM t",
        pg("SELECT CONCAT_WS(',', code, IFNULL(note, ?), id + 1) FROM t"));
    assertEquals("SELECT concat_ws(?, (a)::text) FROM t", pg("SELECT concat_ws(?, a) FROM t"));
  }
}
