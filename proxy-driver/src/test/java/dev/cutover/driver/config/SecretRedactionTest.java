package dev.cutover.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.ConfigException;
import dev.cutover.driver.MigrationConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SecretRedactionTest {

  private static final String SECRETS =
      "migration: shop\n"
          + "old: { url: 'jdbc:mariadb://localhost/shop?password=UrlPw1', user: root,"
          + " password: OldPw1, properties: { sslPassword: PropPw1, ssl: 'true' } }\n"
          + "new: { url: 'jdbc:postgresql://app:UserInfoPw1@localhost/shop', password: NewPw1 }\n"
          + "control: { url: 'jdbc:h2:mem:control', password: CtlPw1 }\n"
          + "console: { token: Tok1 }\n";

  private static final String[] SECRET_VALUES = {
    "UrlPw1", "OldPw1", "PropPw1", "UserInfoPw1", "NewPw1", "CtlPw1", "Tok1", "InfoPw1"
  };

  @Test
  void to_string_never_shows_passwords_or_the_token() throws Exception {
    Properties info = new Properties();
    info.setProperty("password", "InfoPw1");
    MigrationConfig config = MigrationConfig.parse(SECRETS, "t", name -> null, info);
    assertNoSecret(config.toString());
    assertNoSecret(config.oldDatabase().toString());
    assertTrue(config.toString().contains(Redaction.REDACTED), config.toString());
    assertTrue(config.toString().contains("ssl=true"), config.toString());
  }

  @Test
  void settings_view_shows_every_setting_with_secrets_redacted() throws Exception {
    Properties info = new Properties();
    info.setProperty("password", "InfoPw1");
    MigrationConfig config =
        MigrationConfig.parse(
            SECRETS + "tables: { Orders: { key: [id] } }\n", "t", name -> null, info);
    Map<String, String> view = config.settingsView();
    assertNoSecret(view.toString());
    for (Setting setting : Setting.values()) {
      String path = setting == Setting.TABLE_KEY ? "tables.orders.key" : setting.path();
      assertTrue(view.containsKey(path), path);
    }
    assertEquals(Redaction.REDACTED, view.get("old.password"));
    assertEquals(Redaction.REDACTED, view.get("console.token"));
    assertEquals("[id]", view.get("tables.orders.key"));
    assertEquals("5000ms", view.get("dualWrite.secondaryRetryAfter"));
  }

  @Test
  void passwords_from_connect_properties_stay_out_of_to_string() throws Exception {
    Properties info = new Properties();
    info.setProperty("password", "InfoPw1");
    MigrationConfig config =
        MigrationConfig.parse(
            "migration: shop\nold: { url: 'jdbc:h2:mem:a' }\nnew: { url: 'jdbc:h2:mem:b' }\n",
            "t",
            name -> null,
            info);
    assertEquals("InfoPw1", config.newDatabase().password());
    assertNoSecret(config.toString());
  }

  @Test
  void bad_password_or_token_value_is_reported_redacted() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Yaml.parse(
                    "migration: shop\n"
                        + "old: { url: 'jdbc:mariadb://localhost/shop', password: [OldPw1] }\n"
                        + "new: { url: 'jdbc:postgresql://localhost/shop', password: { a: NewPw1 } }\n"
                        + "console: { token: [Tok1] }\n"));
    assertEquals(
        java.util.List.of(
            "old.password: (redacted) (expected: a string)",
            "new.password: (redacted) (expected: a string)",
            "console.token: (redacted) (expected: a string)"),
        e.problems());
    assertNoSecret(e.getMessage());
  }

  @Test
  void secrets_stay_out_of_messages_about_other_mistakes() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Yaml.parse(
                    SECRETS.replace("migration: shop", "migration: 'bad name'")
                        + "phase: nope\nold.password: OldPw1\n"));
    assertEquals(3, e.problems().size(), e.getMessage());
    assertNoSecret(e.getMessage());
  }

  @Test
  void invalid_url_holding_a_password_is_reported_redacted() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Yaml.parse(
                    "migration: shop\n"
                        + "old: { url: 'mariadb://localhost/shop?user=a&password=UrlPw1' }\n"
                        + "new: { url: 'postgresql://app:UserInfoPw1@localhost/shop' }\n"));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).contains("password=(redacted)"), e.getMessage());
    assertNoSecret(e.getMessage());
  }

  @Test
  void syntax_error_on_a_password_line_does_not_quote_the_line() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Yaml.parse(
                    "migration: shop\nold:\n  url: jdbc:h2:mem:a\n  password: \"OldPw1\n"
                        + "new: { url: jdbc:h2:mem:b }\n"));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertNoSecret(e.getMessage());
  }

  @Test
  void substituted_secret_is_redacted_like_a_literal_one() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Yaml.parse(
                    Yaml.MINIMAL + "console: { token: '${TOKEN}', bind: nowhere }\n",
                    Map.of("TOKEN", "Tok1")));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertNoSecret(e.getMessage());
  }

  private static void assertNoSecret(String text) {
    for (String secret : SECRET_VALUES) {
      assertFalse(text.contains(secret), () -> "'" + secret + "' leaked into: " + text);
    }
  }
}
