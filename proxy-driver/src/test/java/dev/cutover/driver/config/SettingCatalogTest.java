package dev.cutover.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingCatalogTest {

  @Test
  void every_default_is_a_valid_value_of_its_own_type() {
    for (Setting setting : Setting.values()) {
      if (setting.defaultValue() != null) {
        assertNotNull(
            setting.type().convert(TextNode.valueOf(setting.defaultValue())), setting.path());
      }
    }
  }

  @Test
  void every_setting_has_a_unique_path_a_type_and_a_one_sentence_description() {
    Set<String> paths = new HashSet<>();
    for (Setting setting : Setting.values()) {
      assertTrue(paths.add(setting.path()), setting.path());
      assertFalse(setting.typeName().isBlank(), setting.path());
      assertTrue(setting.description().endsWith("."), setting.path());
      assertFalse(setting.defaultText().isBlank(), setting.path());
    }
  }

  @Test
  void required_settings_have_no_default_value() {
    for (Setting setting : Setting.values()) {
      if (setting.required()) {
        assertEquals(null, setting.defaultValue(), setting.path());
      }
    }
  }

  @Test
  void only_passwords_and_the_token_are_secrets() {
    Set<Setting> secrets = new HashSet<>();
    for (Setting setting : Setting.values()) {
      if (setting.secret()) {
        secrets.add(setting);
      }
    }
    assertEquals(
        Set.of(
            Setting.OLD_PASSWORD,
            Setting.NEW_PASSWORD,
            Setting.CONTROL_PASSWORD,
            Setting.CONSOLE_TOKEN),
        secrets);
  }
}
