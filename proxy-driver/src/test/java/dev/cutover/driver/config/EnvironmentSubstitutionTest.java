package dev.cutover.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.ConfigException;
import dev.cutover.driver.MigrationConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSubstitutionTest {

  @Test
  void variable_without_default_is_substituted() throws Exception {
    MigrationConfig config =
        Yaml.parse(
            "migration: ${NAME}\n" + Yaml.DATABASES + "console: { token: '${TOKEN}' }\n",
            Map.of("NAME", "shop", "TOKEN", "t0ken"));
    assertEquals("shop", config.migration());
    assertEquals("t0ken", config.consoleToken());
  }

  @Test
  void default_is_used_only_when_the_variable_is_unset() throws Exception {
    String yaml =
        "migration: shop\n"
            + "old: { url: 'jdbc:mariadb://${DB_HOST:127.0.0.1}:${DB_PORT:3306}/shop' }\n"
            + "new: { url: 'jdbc:postgresql://localhost/shop' }\n";
    assertEquals(
        "jdbc:mariadb://127.0.0.1:3306/shop", Yaml.parse(yaml, Map.of()).oldDatabase().url());
    assertEquals(
        "jdbc:mariadb://db.internal:3306/shop",
        Yaml.parse(yaml, Map.of("DB_HOST", "db.internal")).oldDatabase().url());
  }

  @Test
  void empty_default_gives_an_empty_string_and_an_empty_token_counts_as_none() throws Exception {
    MigrationConfig config =
        Yaml.parse(
            Yaml.MINIMAL.replace("password: ''", "password: '${DB_PASSWORD:}'")
                + "console: { token: '${CUTOVER_TOKEN:}' }\n",
            Map.of());
    assertEquals("", config.oldDatabase().password());
    assertNull(config.consoleToken());
  }

  @Test
  void non_string_settings_accept_substituted_text() throws Exception {
    MigrationConfig config =
        Yaml.parse(
            Yaml.MINIMAL
                + "shadow: { sampleRate: '${RATE:0.25}' }\n"
                + "dualWrite: { queueCapacity: '${CAPACITY}', secondaryRetryAfter: '${RETRY:750ms}' }\n",
            Map.of("CAPACITY", "42"));
    assertEquals(0.25, config.shadowSampleRate());
    assertEquals(42, config.queueCapacity());
    assertEquals(750, config.secondaryRetryAfter().toMillis());
  }

  @Test
  void missing_variable_is_reported_naming_the_key_and_the_variable() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Yaml.parse(
                    "migration: shop\n"
                        + "old: { url: 'jdbc:mariadb://localhost/shop', password: '${OLD_PW}' }\n"
                        + "new: { url: '${NEW_URL}' }\n",
                    Map.of()));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(
        e.problems().get(0).startsWith("old.password: environment variable OLD_PW is not set"));
    assertTrue(e.problems().get(1).startsWith("new.url: environment variable NEW_URL is not set"));
    assertTrue(e.problems().get(1).contains("${NEW_URL:default}"), e.getMessage());
  }

  @Test
  void missing_variable_inside_a_map_or_list_names_the_nested_key() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Yaml.parse(
                    "migration: shop\n"
                        + "old: { url: 'jdbc:h2:mem:a', properties: { ssl: '${SSL}' } }\n"
                        + "new: { url: 'jdbc:h2:mem:b' }\n"
                        + "tables: { orders: { key: ['${KEY_COLUMN}'] } }\n",
                    Map.of()));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).startsWith("old.properties.ssl: environment variable SSL"));
    assertTrue(
        e.problems().get(1).startsWith("tables.orders.key[0]: environment variable KEY_COLUMN"));
  }

  @Test
  void keys_are_not_substituted_and_double_dollar_escapes() throws Exception {
    MigrationConfig config =
        Yaml.parse(
            Yaml.MINIMAL + "tables: { '${T}': { key: ['$${literal}'] } }\n", Map.of("T", "x"));
    assertEquals("${literal}", config.tables().get("${t}").key().get(0));
  }

  @Test
  void substituted_value_is_not_scanned_again() throws Exception {
    MigrationConfig config =
        Yaml.parse(
            Yaml.MINIMAL + "instance: { id: '${ID}' }\n", Map.of("ID", "${OTHER}", "OTHER", "no"));
    assertEquals("${OTHER}", config.instanceId());
  }

  @Test
  void unterminated_or_malformed_reference_is_an_error() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Yaml.parse(
                    Yaml.MINIMAL + "instance: { id: 'a${B' }\nproxy: { bind: '${1X}' }\n",
                    Map.of()));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).startsWith("instance.id: unterminated ${"), e.getMessage());
    assertTrue(
        e.problems().get(1).startsWith("proxy.bind: invalid ${...} reference"), e.getMessage());
  }
}
