package dev.cutover.driver.config;

import dev.cutover.driver.ConfigException;
import dev.cutover.driver.MigrationConfig;
import java.util.Map;
import java.util.Properties;

/** Shortcuts the configuration tests share. */
final class Yaml {

  /** The two lines every valid file needs besides the migration name. */
  static final String DATABASES =
      "old: { url: 'jdbc:mariadb://127.0.0.1:3306/shop', user: root, password: '' }\n"
          + "new: { url: 'jdbc:postgresql://127.0.0.1:5432/shop', user: postgres, password: '' }\n";

  /** A minimal valid file. */
  static final String MINIMAL = "migration: shop\n" + DATABASES;

  private Yaml() {}

  /** Parses with an empty environment and no connection properties. */
  static MigrationConfig parse(String yaml) throws ConfigException {
    return MigrationConfig.parse(yaml, "test.yaml", name -> null, null);
  }

  /** Parses with the given environment and no connection properties. */
  static MigrationConfig parse(String yaml, Map<String, String> env) throws ConfigException {
    return MigrationConfig.parse(yaml, "test.yaml", env::get, null);
  }

  /** Parses with an empty environment and the given connection properties. */
  static MigrationConfig parse(String yaml, Properties info) throws ConfigException {
    return MigrationConfig.parse(yaml, "test.yaml", name -> null, info);
  }
}
