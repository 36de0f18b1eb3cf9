package dev.cutover.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.ConfigException;
import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLocationTest {

  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void copyTheSampleFile() throws IOException {
    file = dir.resolve("my migration.yaml");
    try (InputStream in = getClass().getResourceAsStream("/config/migration.yaml")) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void file_location_loads() throws Exception {
    assertLoaded(MigrationConfig.load("file:" + file, null));
  }

  @Test
  void file_uri_with_three_slashes_and_escapes_loads() throws Exception {
    assertLoaded(MigrationConfig.load(file.toUri().toString(), null));
  }

  @Test
  void shorthand_absolute_path_loads() throws Exception {
    assertLoaded(MigrationConfig.load(file.toString(), null));
  }

  @Test
  void classpath_location_loads() throws Exception {
    assertLoaded(MigrationConfig.load("classpath:config/migration.yaml", null));
    assertLoaded(MigrationConfig.load("classpath:/config/migration.yaml", null));
  }

  @Test
  void classpath_location_prefers_the_thread_context_class_loader() throws Exception {
    Path other = dir.resolve("ctx");
    Files.createDirectories(other.resolve("config"));
    Files.writeString(
        other.resolve("config/context-only.yaml"), "migration: from_context\n" + Yaml.DATABASES);
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    try (URLClassLoader context = new URLClassLoader(new URL[] {other.toUri().toURL()}, null)) {
      thread.setContextClassLoader(context);
      assertEquals(
          "from_context",
          MigrationConfig.load("classpath:config/context-only.yaml", null).migration());
    } finally {
      thread.setContextClassLoader(original);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.com/migration.yaml",
        "relative/migration.yaml",
        "file:relative.yaml",
        "file://remote-host/migration.yaml",
        "jdbc:cutover:/etc/migration.yaml"
      })
  void foreign_location_form_is_rejected_naming_it_and_the_accepted_forms(String location) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> MigrationConfig.load(location, null));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains(location), e.getMessage());
    assertTrue(e.getMessage().contains("file:/"), e.getMessage());
    assertTrue(e.getMessage().contains("classpath:"), e.getMessage());
    assertEquals("22023", e.getSQLState());
  }

  @Test
  void missing_file_is_reported_with_its_path() {
    Path missing = dir.resolve("absent.yaml");
    ConfigException e =
        assertThrows(ConfigException.class, () -> MigrationConfig.load("file:" + missing, null));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }

  @Test
  void directory_instead_of_file_is_reported_with_its_path() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> MigrationConfig.load(dir.toString(), null));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
  }

  @Test
  void missing_classpath_resource_is_reported_with_its_name() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> MigrationConfig.load("classpath:nope/absent.yaml", null));
    assertTrue(e.getMessage().contains("classpath:nope/absent.yaml"), e.getMessage());
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
  }

  @Test
  void problems_in_a_loaded_file_name_the_file() throws IOException {
    Files.writeString(file, "migration: shop\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> MigrationConfig.load(file.toString(), null));
    assertTrue(
        e.getMessage().startsWith("Invalid cutover configuration " + file + ":\n  - "),
        e.getMessage());
  }

  private static void assertLoaded(MigrationConfig config) {
    assertEquals("shop", config.migration());
    assertEquals(Phase.DUAL_OLD_PRIMARY, config.phase());
    assertEquals("jdbc:postgresql://127.0.0.1:5432/shop", config.newDatabase().url());
  }
}
