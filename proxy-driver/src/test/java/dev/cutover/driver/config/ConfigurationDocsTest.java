package dev.cutover.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigurationDocsTest {

  private static final Path DOCS =
      Path.of(System.getProperty("basedir", ".")).resolve("../docs/configuration.md").normalize();

  @Test
  void configuration_reference_matches_the_settings_catalog() throws IOException {
    String rendered = ConfigurationDocs.render();
    if (Boolean.getBoolean("cutover.regenerateDocs")) {
      Files.writeString(DOCS, rendered, StandardCharsets.UTF_8);
    }
    String committed = Files.exists(DOCS) ? Files.readString(DOCS, StandardCharsets.UTF_8) : "";
    assertEquals(
        rendered,
        committed,
        DOCS
            + " is out of date with dev.cutover.driver.config.Setting; regenerate it with:"
            + " ./mvnw -B -pl proxy-driver -am test -Dtest=ConfigurationDocsTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dcutover.regenerateDocs=true");
  }

  @Test
  void configuration_reference_lists_every_setting_with_its_default() {
    String rendered = ConfigurationDocs.render();
    for (Setting setting : Setting.values()) {
      assertTrue(rendered.contains("| `" + setting.path() + "` |"), setting.path());
    }
    assertTrue(rendered.contains("| `shadow.sampleRate` | number | `0.0` |"), rendered);
  }
}
