package dev.cutover.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.ConfigException;
import dev.cutover.driver.MigrationConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationProblemsTest {

  @Test
  void file_with_five_different_mistakes_reports_all_five_naming_each_key() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> MigrationConfig.load("classpath:config/five-mistakes.yaml", null));
    assertEquals(
        List.of(
            "old.usr: unknown key (expected one of: url, user, password, properties)",
            "new.url: missing (expected: a JDBC URL starting with jdbc: (and not jdbc:cutover:))",
            "phase: SIDEWAYS (expected: one of OLD, DUAL_OLD_PRIMARY, DUAL_NEW_PRIMARY, NEW)",
            "shadow.sampleRate: 1.5 (expected: 0.0 to 1.0)",
            "dualWrite.mode: fast (expected: one of sync, async)"),
        e.problems());
    assertEquals(
        "Invalid cutover configuration classpath:config/five-mistakes.yaml:\n  - "
            + String.join("\n  - ", e.problems()),
        e.getMessage());
    assertEquals("22023", e.getSQLState());
  }

  @Test
  void held_autocommit_writes_are_refused_with_asynchronous_secondary_writes() throws Exception {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Yaml.parse(Yaml.MINIMAL + "dualWrite: { mode: async, autocommitWrites: held }\n"));
    assertEquals(
        List.of(
            "dualWrite.autocommitWrites: held needs dualWrite.mode: sync (an asynchronous"
                + " secondary write lands after the primary's commit whatever the primary does;"
                + " expected: direct, or mode sync)"),
        e.problems());
    assertEquals(
        MigrationConfig.AutocommitWrites.HELD,
        Yaml.parse(Yaml.MINIMAL + "dualWrite: { autocommitWrites: HELD }\n").autocommitWrites());
  }

  @Test
  void unknown_top_level_key_lists_the_expected_keys() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> Yaml.parse(Yaml.MINIMAL + "colour: blue\n"));
    assertEquals(
        List.of(
            "colour: unknown key (expected one of: migration, old, new, control, phase, tables,"
                + " shadow, timeZone, dualWrite, translation, journal, instance, fleet, readiness,"
                + " rollback, console, proxy)"),
        e.problems());
  }

  @Test
  void time_zone_defaults_to_the_jvm_zone_and_a_zone_that_is_none_is_named() throws Exception {
    assertEquals(java.time.ZoneId.systemDefault(), Yaml.parse(Yaml.MINIMAL).timeZone());
    assertEquals(
        java.time.ZoneId.of("Europe/Berlin"),
        Yaml.parse(Yaml.MINIMAL + "timeZone: Europe/Berlin\n").timeZone());
    assertEquals(
        java.time.ZoneOffset.ofHoursMinutes(5, 30),
        Yaml.parse(Yaml.MINIMAL + "timeZone: \"+05:30\"\n").timeZone());
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> Yaml.parse(Yaml.MINIMAL + "timeZone: Mars/Olympus\n"));
    assertEquals(1, e.problems().size(), e.problems()::toString);
    assertTrue(
        e.problems().get(0).startsWith("timeZone: ")
            && e.problems().get(0).contains("Mars/Olympus")
            && e.problems().get(0).contains("Europe/Berlin"),
        e.problems()::toString);
  }

  @Test
  void unknown_keys_are_errors_at_every_depth() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Yaml.parse(
                    Yaml.MINIMAL
                        + "tables: { orders: { key: [id], columns: [a] } }\n"
                        + "shadow: { sampleRate: 0.1, rate: 0.2 }\n"));
    assertEquals(
        List.of(
            "tables.orders.columns: unknown key (expected one of: key, chunkBy)",
            "shadow.rate: unknown key (expected one of: "
                + "sampleRate, tables, fingerprints, queueCapacity, threads, threadNice, latencyGuard, timeout, maxRows, maxBytes, recheckDelay, redactParameters, samplesPerFingerprint)"),
        e.problems());
  }

  @Test
  void wrong_types_name_key_value_and_expectation() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Yaml.parse(
                    "migration: [a, b]\n"
                        + "old: [url, user]\n"
                        + "new: { url: 'jdbc:postgresql://localhost/shop', properties: [x] }\n"
                        + "shadow: { sampleRate: abc }\n"
                        + "dualWrite: { queueCapacity: 0, secondaryRetryAfter: soon }\n"
                        + "tables: { orders: { key: [] }, lines: { key: id } }\n"
                        + "console: { bind: 'localhost' }\n"
                        + "proxy: { bind: 'localhost:70000' }\n"
                        + "instance: { id: '  ' }\n"));
    assertEquals(
        List.of(
            "migration: a list of 2 items (expected: 1 to 64 letters, digits, '_' or '-')",
            "old: a list of 2 items (expected: a map with keys url, user, password, properties)",
            "new.properties: a list of 1 item (expected: a map of names to string values)",
            "shadow.sampleRate: abc (expected: 0.0 to 1.0)",
            "dualWrite.queueCapacity: 0 (expected: a whole number from 1 to 10,000,000)",
            "dualWrite.secondaryRetryAfter: soon (expected: a duration such as 500ms, 5s, 2m, 1h or"
                + " a whole number of milliseconds)",
            "tables.orders.key: [] (expected: a non-empty list of column names)",
            "tables.lines.key: id (expected: a non-empty list of column names)",
            "console.bind: localhost (expected: host:port with a port from 0 to 65535)",
            "proxy.bind: localhost:70000 (expected: host:port with a port from 0 to 65535)",
            "instance.id: \"  \" (expected: a non-blank string of at most 128 characters)"),
        e.problems());
  }

  @Test
  void per_fingerprint_rules_are_read_and_bad_ones_name_their_key() throws ConfigException {
    MigrationConfig config =
        Yaml.parse(
            Yaml.MINIMAL
                + "shadow:\n"
                + "  fingerprints:\n"
                + "    \"00C1A2B3C4D5E6F7\": { ignoreColumns: [updated_at], relativeTolerance: 1e-6,"
                + " ulpTolerance: 64, timePrecision: 0 }\n");
    MigrationConfig.ShadowConfig shadow = config.shadow();
    assertEquals(
        java.util.Map.of("00c1a2b3c4d5e6f7", List.of("updated_at")),
        shadow.fingerprintIgnoreColumns());
    assertEquals(
        java.util.Map.of("00c1a2b3c4d5e6f7", 1e-6), shadow.fingerprintRelativeTolerances());
    assertEquals(java.util.Map.of("00c1a2b3c4d5e6f7", 64), shadow.fingerprintUlpTolerances());
    assertEquals(java.util.Map.of("00c1a2b3c4d5e6f7", 0), shadow.fingerprintTimePrecisions());
    assertTrue(shadow.hasFingerprintRules());
    assertEquals(
        "[updated_at]",
        config.settingsView().get("shadow.fingerprints.00c1a2b3c4d5e6f7.ignoreColumns"));

    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Yaml.parse(
                    Yaml.MINIMAL
                        + "shadow: { fingerprints: { \"ab\": { ignoreColumns: [],"
                        + " relativeTolerance: 2, ulpTolerance: -1, timePrecision: 10,"
                        + " tolerance: 1 } } }\n"));
    assertEquals(
        List.of(
            "shadow.fingerprints.ab.ignoreColumns: [] (expected: a non-empty list of column names)",
            "shadow.fingerprints.ab.relativeTolerance: 2 (expected: a number from 0.0 to 1.0, such"
                + " as 1e-6)",
            "shadow.fingerprints.ab.ulpTolerance: -1 (expected: a whole number from 0 to"
                + " 1,000,000)",
            "shadow.fingerprints.ab.timePrecision: 10 (expected: a whole number from 0 to 9)",
            "shadow.fingerprints.ab.tolerance: unknown key (expected one of: sampleRate,"
                + " ignoreColumns, relativeTolerance, ulpTolerance, timePrecision)"),
        e.problems());
  }

  @Test
  void jdbc_urls_must_be_jdbc_and_not_cutover_itself() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Yaml.parse(
                    "migration: shop\n"
                        + "old: { url: 'postgresql://localhost/shop' }\n"
                        + "new: { url: 'jdbc:cutover:/etc/other.yaml' }\n"));
    assertEquals(
        List.of(
            "old.url: postgresql://localhost/shop (expected: a JDBC URL starting with jdbc: (and"
                + " not jdbc:cutover:))",
            "new.url: jdbc:cutover:/etc/other.yaml (expected: a JDBC URL starting with jdbc: (and"
                + " not jdbc:cutover:))"),
        e.problems());
  }

  @Test
  void migration_name_is_limited_to_64_safe_characters() {
    assertThrows(ConfigException.class, () -> Yaml.parse(Yaml.DATABASES + "migration: 'a b'\n"));
    assertThrows(
        ConfigException.class, () -> Yaml.parse(Yaml.DATABASES + "migration: " + "x".repeat(65)));
  }

  @Test
  void empty_file_reports_every_required_key() {
    ConfigException e = assertThrows(ConfigException.class, () -> Yaml.parse(""));
    assertEquals(3, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).startsWith("migration: missing (expected: "));
    assertTrue(e.problems().get(1).startsWith("old.url: missing (expected: "));
    assertTrue(e.problems().get(2).startsWith("new.url: missing (expected: "));
  }

  @Test
  void control_section_when_given_needs_its_url() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> Yaml.parse(Yaml.MINIMAL + "control: { user: admin }\n"));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).startsWith("control.url: missing"), e.getMessage());
  }

  @Test
  void table_listed_twice_in_different_case_is_an_error() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Yaml.parse(
                    Yaml.MINIMAL + "tables: { orders: { key: [id] }, ORDERS: { key: [id] } }\n"));
    assertEquals(
        List.of(
            "tables.ORDERS: duplicate of tables.orders (expected: each table once; names are"
                + " matched ignoring case)"),
        e.problems());
  }

  @Test
  void tables_given_as_a_list_is_an_error_saying_what_a_table_entry_looks_like() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Yaml.parse(Yaml.MINIMAL + "tables: [orders]\nshadow: 0.5\n"));
    assertEquals(
        List.of(
            "tables: a list of 1 item (expected: a map from table names to their settings)",
            "shadow: 0.5 (expected: a map with keys "
                + "sampleRate, tables, fingerprints, queueCapacity, threads, threadNice, latencyGuard, timeout, maxRows, maxBytes, recheckDelay, redactParameters, samplesPerFingerprint)"),
        e.problems());
  }

  @Test
  void top_level_that_is_not_a_map_is_an_error() {
    ConfigException e = assertThrows(ConfigException.class, () -> Yaml.parse("- a\n- b\n"));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).startsWith("(top level): a list of 2 items"), e.getMessage());
  }

  @Test
  void invalid_yaml_reports_the_position() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> Yaml.parse("migration: shop\nold: { url: x\n"));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).startsWith("(file): not valid YAML at line 2"), e.getMessage());
    assertTrue(e.problems().get(0).contains("expected ',' or '}'"), e.getMessage());
  }

  @Test
  void duplicate_key_is_an_error() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> Yaml.parse(Yaml.MINIMAL + "migration: other\n"));
    assertTrue(e.problems().get(0).contains("migration"), e.getMessage());
  }

  @Test
  void key_without_value_counts_as_left_out() throws Exception {
    MigrationConfig config = Yaml.parse(Yaml.MINIMAL + "phase:\nshadow:\n");
    assertEquals(0.0, config.shadowSampleRate());
  }
}
