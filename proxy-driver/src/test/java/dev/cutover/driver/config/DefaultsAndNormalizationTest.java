package dev.cutover.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.ConfigException;
import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.MigrationConfig.DualWriteMode;
import dev.cutover.driver.MigrationConfig.TableConfig;
import dev.cutover.driver.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultsAndNormalizationTest {

  @Test
  void minimal_file_gets_every_default() throws Exception {
    MigrationConfig config = Yaml.parse(Yaml.MINIMAL, Map.of("HOSTNAME", "web-7"));
    assertEquals(Phase.OLD, config.phase());
    assertEquals(Map.of(), config.tables());
    assertEquals(0.0, config.shadowSampleRate());
    assertEquals(DualWriteMode.SYNC, config.dualWriteMode());
    assertEquals(10_000, config.queueCapacity());
    assertEquals(Duration.ofSeconds(5), config.secondaryRetryAfter());
    assertEquals(Path.of(System.getProperty("java.io.tmpdir")), config.journalSpillDirectory());
    assertEquals("web-7:" + ProcessHandle.current().pid(), config.instanceId());
    assertEquals("127.0.0.1:8080", config.consoleBind());
    assertNull(config.consoleToken());
    assertEquals("127.0.0.1:15432", config.proxyBind());
    assertEquals(Map.of(), config.oldDatabase().properties());
  }

  @Test
  void control_defaults_to_the_old_database() throws Exception {
    MigrationConfig config = Yaml.parse(Yaml.MINIMAL);
    assertTrue(config.controlIsOld());
    assertSame(config.oldDatabase(), config.controlDatabase());
  }

  @Test
  void control_section_gives_its_own_database() throws Exception {
    MigrationConfig config =
        Yaml.parse(Yaml.MINIMAL + "control: { url: 'jdbc:h2:mem:ctl', user: sa }\n");
    assertFalse(config.controlIsOld());
    assertEquals("jdbc:h2:mem:ctl", config.controlDatabase().url());
    assertEquals("sa", config.controlDatabase().user());
    assertNull(config.controlDatabase().password());
  }

  @Test
  void table_names_are_lower_cased_and_key_columns_kept_in_order() throws Exception {
    MigrationConfig config =
        Yaml.parse(
            Yaml.MINIMAL
                + "tables:\n"
                + "  Orders: { key: [Id] }\n"
                + "  Public.Order_Lines: { key: [order_id, line_no] }\n");
    assertEquals(
        Map.of(
            "orders", new TableConfig(List.of("Id")),
            "public.order_lines", new TableConfig(List.of("order_id", "line_no"))),
        config.tables());
  }

  @Test
  void a_table_may_name_only_the_column_backfill_splits_it_by() throws Exception {
    MigrationConfig config =
        Yaml.parse(
            Yaml.MINIMAL
                + "tables:\n"
                + "  Events: { chunkBy: created_at }\n"
                + "  orders: { key: [id], chunkBy: placed_on }\n");
    assertEquals(
        Map.of(
            "events", new TableConfig(List.of(), "created_at"),
            "orders", new TableConfig(List.of("id"), "placed_on")),
        config.tables());
    assertEquals("created_at", config.settingsView().get("tables.events.chunkBy"));
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Yaml.parse(Yaml.MINIMAL + "tables: { events: { chunkBy: '' } }\n"));
    assertEquals(1, e.problems().size());
    assertTrue(e.problems().get(0).startsWith("tables.events.chunkBy: "), e.problems().get(0));
  }

  @Test
  void configuration_collections_are_immutable() throws Exception {
    MigrationConfig config =
        Yaml.parse(
            Yaml.MINIMAL.replace("password: '' }", "password: '', properties: { a: b } }")
                + "tables: { orders: { key: [id] } }\n");
    assertThrows(UnsupportedOperationException.class, () -> config.tables().clear());
    assertThrows(
        UnsupportedOperationException.class, () -> config.tables().get("orders").key().clear());
    assertThrows(
        UnsupportedOperationException.class, () -> config.oldDatabase().properties().clear());
  }

  @ParameterizedTest
  @CsvSource({"500ms, 500", "5s, 5000", "2m, 120000", "1h, 3600000", "250, 250", "0, 0"})
  void durations_accept_units_or_plain_milliseconds(String text, long millis) throws Exception {
    MigrationConfig config =
        Yaml.parse(Yaml.MINIMAL + "dualWrite: { secondaryRetryAfter: " + text + " }\n");
    assertEquals(Duration.ofMillis(millis), config.secondaryRetryAfter());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5s", "5 seconds", "1.5s", "5d", "s", "''"})
  void durations_reject_anything_else(String text) {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Yaml.parse(Yaml.MINIMAL + "dualWrite: { secondaryRetryAfter: " + text + " }\n"));
    assertTrue(e.problems().get(0).startsWith("dualWrite.secondaryRetryAfter: "), e.getMessage());
  }

  @Test
  void enumerations_ignore_case_and_everything_else_is_read_as_given() throws Exception {
    MigrationConfig config =
        Yaml.parse(
            Yaml.MINIMAL
                + "phase: dual_new_primary\n"
                + "shadow: { sampleRate: 1 }\n"
                + "dualWrite: { mode: ASYNC, queueCapacity: 10000000 }\n"
                + "journal: { spillDirectory: /var/lib/cutover }\n"
                + "instance: { id: app-1 }\n"
                + "console: { bind: '[::1]:0', token: abc }\n"
                + "proxy: { bind: 'db-proxy.local:5432' }\n");
    assertEquals(Phase.DUAL_NEW_PRIMARY, config.phase());
    assertEquals(1.0, config.shadowSampleRate());
    assertEquals(DualWriteMode.ASYNC, config.dualWriteMode());
    assertEquals(10_000_000, config.queueCapacity());
    assertEquals(Path.of("/var/lib/cutover"), config.journalSpillDirectory());
    assertEquals("app-1", config.instanceId());
    assertEquals("[::1]:0", config.consoleBind());
    assertEquals("abc", config.consoleToken());
    assertEquals("db-proxy.local:5432", config.proxyBind());
  }
}
