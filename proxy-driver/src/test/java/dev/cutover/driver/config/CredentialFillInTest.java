package dev.cutover.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cutover.driver.MigrationConfig;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CredentialFillInTest {

  private static final String WITHOUT_CREDENTIALS =
      "migration: shop\n"
          + "old: { url: 'jdbc:mariadb://localhost/shop' }\n"
          + "new: { url: 'jdbc:postgresql://localhost/shop' }\n";

  @Test
  void connect_properties_fill_in_user_and_password_the_file_leaves_out() throws Exception {
    MigrationConfig config = Yaml.parse(WITHOUT_CREDENTIALS, info("app", "s3cret"));
    assertEquals("app", config.oldDatabase().user());
    assertEquals("s3cret", config.oldDatabase().password());
    assertEquals("app", config.newDatabase().user());
    assertEquals("s3cret", config.newDatabase().password());
  }

  @Test
  void credentials_in_the_file_win_over_connect_properties() throws Exception {
    MigrationConfig config = Yaml.parse(Yaml.MINIMAL, info("app", "s3cret"));
    assertEquals("root", config.oldDatabase().user());
    assertEquals("", config.oldDatabase().password());
    assertEquals("postgres", config.newDatabase().user());
    assertEquals("", config.newDatabase().password());
  }

  @Test
  void only_the_missing_half_is_filled_in() throws Exception {
    MigrationConfig config =
        Yaml.parse(
            WITHOUT_CREDENTIALS.replace("/shop' }\nnew", "/shop', user: legacy }\nnew"),
            info("app", "s3cret"));
    assertEquals("legacy", config.oldDatabase().user());
    assertEquals("s3cret", config.oldDatabase().password());
    assertEquals("app", config.newDatabase().user());
  }

  @Test
  void key_without_value_is_filled_in_like_an_absent_key() throws Exception {
    MigrationConfig config =
        Yaml.parse(
            WITHOUT_CREDENTIALS.replace("/shop' }\nnew", "/shop', password: }\nnew"),
            info("app", "s3cret"));
    assertEquals("s3cret", config.oldDatabase().password());
  }

  @Test
  void without_connect_properties_credentials_stay_unset() throws Exception {
    MigrationConfig config = Yaml.parse(WITHOUT_CREDENTIALS, new Properties());
    assertNull(config.oldDatabase().user());
    assertNull(config.oldDatabase().password());
    assertEquals(new Properties(), config.oldDatabase().toProperties());
  }

  @Test
  void control_store_defaults_to_the_filled_in_old_database() throws Exception {
    MigrationConfig config = Yaml.parse(WITHOUT_CREDENTIALS, info("app", "s3cret"));
    assertEquals(config.oldDatabase(), config.controlDatabase());
  }

  @Test
  void to_properties_carries_extras_user_and_password() throws Exception {
    MigrationConfig config =
        Yaml.parse(
            WITHOUT_CREDENTIALS.replace(
                "/shop' }\nnew", "/shop', properties: { ssl: 'true' } }\nnew"),
            info("app", "s3cret"));
    Properties expected = info("app", "s3cret");
    expected.setProperty("ssl", "true");
    assertEquals(expected, config.oldDatabase().toProperties());
  }

  private static Properties info(String user, String password) {
    Properties info = new Properties();
    info.setProperty("user", user);
    info.setProperty("password", password);
    return info;
  }
}
