package dev.cutover.driver.config;

/**
 * Renders {@code docs/configuration.md} from the {@link Setting} catalog, so the reference cannot
 * drift from what the parser accepts. {@code ConfigurationDocsTest} fails when the committed file
 * differs and regenerates it when run with {@code -Dcutover.regenerateDocs=true}.
 */
final class ConfigurationDocs {

  private static final String HEADER =
      """
      # Configuration reference

      <!-- Generated from dev.cutover.driver.config.Setting; do not edit by hand. Regenerate with
           ./mvnw -B -pl proxy-driver -am test -Dtest=ConfigurationDocsTest \\
             -Dsurefire.failIfNoSpecifiedTests=false -Dcutover.regenerateDocs=true -->

      A migration is described by one YAML file. The driver (`jdbc:cutover:...`), the proxy server and
      every `cutover` command read the same file. It is validated as a whole when it is loaded: a file
      with mistakes is rejected with every problem listed at once, and unknown keys are errors, not
      silently ignored.

      ```yaml
      migration: shop
      old:  { url: jdbc:mariadb://127.0.0.1:3306/shop, user: root, password: "" }
      new:  { url: jdbc:postgresql://127.0.0.1:5432/shop, user: postgres, password: "${PG_PASSWORD}" }
      phase: OLD
      tables: { orders: { key: [id] } }
      shadow: { sampleRate: 0.05 }
      dualWrite: { mode: sync }
      console: { bind: "127.0.0.1:8080", token: "${CUTOVER_TOKEN}" }
      ```

      ## Settings

      `<table>` stands for a table name of your choosing (it may be schema-qualified, as in
      `public.orders`). A key given with no value (`phase:`) counts as left out. Durations are written
      `500ms`, `5s`, `2m`, `1h`, or as a whole number of milliseconds.

      | Key | Type | Default | Description |
      |---|---|---|---|
      """;

  private static final String FOOTER =
      """

      ## Where the file is read from

      The part of the JDBC URL after `jdbc:cutover:` (or the `--config` argument of `cutover`) is one of:

      | Form | Example | Read from |
      |---|---|---|
      | `file:` URL | `jdbc:cutover:file:/etc/cutover/shop.yaml` | that absolute path (`file:///...` works too) |
      | `classpath:` | `jdbc:cutover:classpath:migration.yaml` | the thread context class loader, then the driver's own |
      | absolute path | `jdbc:cutover:/etc/cutover/shop.yaml` | that path |

      Anything else (a relative path, `http:`, ...) is rejected with a message naming the accepted forms,
      and a file that cannot be read is reported with its path. The file is read as UTF-8.

      ## Environment variables

      In every string value (never in keys), `${NAME}` is replaced by the environment variable `NAME`, and
      `${NAME:default}` by `NAME` or, when it is not set, by `default` (which may be empty:
      `${NAME:}`). A variable that is not set and has no default is an error naming the key and the
      variable. Substituted text is not scanned again; `$${` stands for a literal `${`. Numbers,
      durations and the like may come from variables too: `sampleRate: "${SAMPLE_RATE:0.05}"`.

      ## Credentials

      `user` and `password` given to `DriverManager.getConnection(url, user, password)` (or in its
      `Properties`) fill in `old.user`, `old.password`, `new.user` and `new.password` when the file leaves
      those keys out. A key the file gives, even as an empty string, is kept. The control store takes
      the old database's settings, filled-in credentials included, unless a `control` section is given;
      a `control` section is never filled in from `connect`. Passwords and the console token never
      appear in logs, in `toString()`, or in error messages, which show `(redacted)` instead; so do
      passwords inside JDBC URLs (`password=`, Connector/J's `password1=` to `password3=`, a `user:password@` part
      before any host) and connection properties whose names contain `password`, `secret` or
      `token`.

      ## Errors

      A file with mistakes is rejected when it is loaded, with a `dev.cutover.driver.ConfigException` (a
      `java.sql.SQLException` with SQLSTATE `22023`; `problems()` gives the list). The message lists
      every problem, one per line, each naming the key, the value (secrets as `(redacted)`) and what was
      expected:

      ```
      Invalid cutover configuration /etc/cutover/shop.yaml:
        - old.usr: unknown key (expected one of: url, user, password, properties)
        - new.url: missing (expected: a JDBC URL starting with jdbc: (and not jdbc:cutover:))
        - phase: SIDEWAYS (expected: one of OLD, DUAL_OLD_PRIMARY, DUAL_NEW_PRIMARY, NEW)
        - shadow.sampleRate: 1.5 (expected: 0.0 to 1.0)
        - dualWrite.mode: fast (expected: one of sync, async)
      ```
      """;

  private ConfigurationDocs() {}

  /** The whole Markdown document. */
  static String render() {
    StringBuilder doc = new StringBuilder(HEADER);
    for (Setting setting : Setting.values()) {
      doc.append("| `")
          .append(setting.path())
          .append("` | ")
          .append(cell(setting.typeName()))
          .append(" | ")
          .append(cell(setting.defaultText()))
          .append(" | ")
          .append(cell(setting.description()))
          .append(" |\n");
    }
    return doc.append(FOOTER).toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
