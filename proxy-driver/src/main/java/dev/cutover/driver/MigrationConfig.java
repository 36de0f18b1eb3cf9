package dev.cutover.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

public final class MigrationConfig {
  public enum DualWriteMode {
    SYNC,
    ASYNC
  }

  public record DatabaseConfig(
      String url, String user, String password, Map<String, String> properties) {
    public Properties toProperties() {
      Properties p = new Properties();
      p.putAll(properties);
      if (user != null) p.setProperty("user", user);
      if (password != null) p.setProperty("password", password);
      return p;
    }
  }

  public record TableConfig(List<String> key) {}

  private String migration;
  private DatabaseConfig old, neu, control;
  private Phase phase;
  private DualWriteMode mode = DualWriteMode.SYNC;
  private Map<String, TableConfig> tables = new HashMap<>();

  public static MigrationConfig load(String location, Properties info) throws ConfigException {
    String p = location.startsWith("file:") ? location.substring(5) : location;
    try {
      return parse(Files.readString(Path.of(p)), location, System::getenv, info);
    } catch (java.io.IOException e) {
      throw new ConfigException(location, List.of(e.toString()));
    }
  }

  public static MigrationConfig parse(
      String yaml, String source, Function<String, String> env, Properties info)
      throws ConfigException {
    try {
      JsonNode n = new ObjectMapper(new YAMLFactory()).readTree(yaml);
      MigrationConfig c = new MigrationConfig();
      c.migration = n.path("migration").asText();
      c.old = db(n.path("old"));
      c.neu = db(n.path("new"));
      c.control = n.has("control") ? db(n.path("control")) : c.old;
      c.phase = Phase.valueOf(n.path("phase").asText("OLD"));
      if (n.path("dualWrite").path("mode").asText("sync").equals("async"))
        c.mode = DualWriteMode.ASYNC;
      n.path("tables")
          .fields()
          .forEachRemaining(
              e -> {
                List<String> k = new java.util.ArrayList<>();
                e.getValue().path("key").forEach(x -> k.add(x.asText()));
                c.tables.put(e.getKey(), new TableConfig(k));
              });
      return c;
    } catch (Exception e) {
      throw new ConfigException(source, List.of(e.toString()));
    }
  }

  private static DatabaseConfig db(JsonNode n) {
    return new DatabaseConfig(
        n.path("url").asText(),
        n.path("user").asText(null),
        n.path("password").asText(""),
        Map.of());
  }

  public String migration() {
    return migration;
  }

  public DatabaseConfig oldDatabase() {
    return old;
  }

  public DatabaseConfig newDatabase() {
    return neu;
  }

  public DatabaseConfig controlDatabase() {
    return control;
  }

  public boolean controlIsOld() {
    return control == old;
  }

  public Phase phase() {
    return phase;
  }

  public Map<String, TableConfig> tables() {
    return tables;
  }

  public double shadowSampleRate() {
    return 0;
  }

  public DualWriteMode dualWriteMode() {
    return mode;
  }

  public int queueCapacity() {
    return 10000;
  }

  public Duration secondaryRetryAfter() {
    return Duration.ofSeconds(5);
  }

  public Path journalSpillDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  public String instanceId() {
    return "test";
  }

  public String consoleBind() {
    return "127.0.0.1:8080";
  }

  public String consoleToken() {
    return null;
  }

  public String proxyBind() {
    return "127.0.0.1:15432";
  }
}
