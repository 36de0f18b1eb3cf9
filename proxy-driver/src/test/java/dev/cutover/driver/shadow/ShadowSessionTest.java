package dev.cutover.driver.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShadowSessionTest {

  @Test
  void set_config_is_keyed_by_its_setting_and_a_transaction_local_one_is_recognised() {
    assertEquals(
        "set app.user", ShadowSession.key("SELECT set_config('app.user', E'a, b', false)"));
    assertEquals(
        ShadowSession.key("SET search_path = x"),
        ShadowSession.key("select pg_catalog.set_config('search_path', 'tenant_a', false)"));
    assertEquals(
        "SELECT set_config(a, b, false)", ShadowSession.key("SELECT set_config(a, b, false)"));
    org.junit.jupiter.api.Assertions.assertTrue(
        ShadowSession.transactionLocal("SELECT set_config('app.user', 'x, y', true)"));
    org.junit.jupiter.api.Assertions.assertFalse(
        ShadowSession.transactionLocal("SELECT set_config('app.user', 'true', false)"));
    // Read with the lexer: a regular expression overflowed the stack on a JWT's claims and
    // backtracked exponentially on quotes (found by review).
    String claims = "{\"sub\": \"" + "O''B ".repeat(2000) + "\"}";
    assertEquals(
        "set request.jwt.claims",
        ShadowSession.key("SELECT set_config('request.jwt.claims', '" + claims + "', true) AS ok"));
    org.junit.jupiter.api.Assertions.assertTrue(
        ShadowSession.transactionLocal(
            "SELECT set_config('request.jwt.claims', '" + claims + "', true)"));
    assertEquals(
        "SELECT set_config('a', 'b', false) FROM t",
        ShadowSession.key("SELECT set_config('a', 'b', false) FROM t"));
    ShadowSession s =
        ShadowSession.NONE
            .withStatement("SELECT set_config('app.user', E'1', false)")
            .withStatement("SELECT set_config('app.user', E'2', false)");
    assertEquals(List.of("SELECT set_config('app.user', E'2', false)"), s.statements());
  }

  @Test
  void setting_a_variable_again_replaces_the_earlier_statement_and_keeps_the_order() {
    ShadowSession s =
        ShadowSession.NONE
            .withStatement("SET search_path TO a, public")
            .withStatement("SET TIME ZONE 'UTC'")
            .withStatement("set search_path = b");
    assertEquals(List.of("SET TIME ZONE 'UTC'", "set search_path = b"), s.statements());
    for (int k = 0; k < 100; k++) {
      s = s.withStatement("SET search_path TO tenant_" + k);
    }
    assertEquals(2, s.statements().size(), s.toString());
  }

  @Test
  void statements_that_set_several_variables_or_globals_are_kept_whole() {
    ShadowSession s =
        ShadowSession.NONE
            .withStatement("SET time_zone = '+00:00', sql_mode = 'ANSI'")
            .withStatement("SET time_zone = '+01:00'")
            .withStatement("SET GLOBAL max_connections = 10")
            .withStatement("SET @@session.sql_mode = 'A,B'")
            .withStatement("SET sql_mode = 'C'");
    assertEquals(
        List.of(
            "SET time_zone = '+00:00', sql_mode = 'ANSI'",
            "SET time_zone = '+01:00'",
            "SET GLOBAL max_connections = 10",
            "SET sql_mode = 'C'"),
        s.statements());
  }

  @Test
  void reset_all_forgets_earlier_settings_and_equal_sessions_are_equal() {
    ShadowSession a = ShadowSession.NONE.withStatement("SET TIME ZONE 'UTC'").withSchema("x");
    ShadowSession b = ShadowSession.NONE.withSchema("x").withStatement("SET TIME ZONE 'UTC'");
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, a.withReadOnly(true));
    assertTrue(a.withStatement("RESET ALL").withSchema(null).isDefault());
    assertTrue(ShadowSession.NONE.isDefault());
  }
}
