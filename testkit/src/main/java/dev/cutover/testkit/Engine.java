package dev.cutover.testkit;

/** The database engines the test fixture can provide. */
public enum Engine {
  POSTGRES("CUTOVER_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres"),
  MARIADB("CUTOVER_TEST_MARIADB", "jdbc:mariadb://127.0.0.1:3306/", "root"),
  H2("CUTOVER_TEST_H2", "jdbc:h2:mem:", "sa");

  private final String envPrefix;
  private final String defaultAdminUrl;
  private final String defaultUser;

  Engine(String envPrefix, String defaultAdminUrl, String defaultUser) {
    this.envPrefix = envPrefix;
    this.defaultAdminUrl = defaultAdminUrl;
    this.defaultUser = defaultUser;
  }

  String adminUrl() {
    String v = System.getenv(envPrefix + "_URL");
    return v == null || v.isBlank() ? defaultAdminUrl : v;
  }

  String user() {
    String v = System.getenv(envPrefix + "_USER");
    return v == null ? defaultUser : v;
  }

  String password() {
    String v = System.getenv(envPrefix + "_PASSWORD");
    return v == null ? "" : v;
  }

  String envPrefix() {
    return envPrefix;
  }
}
