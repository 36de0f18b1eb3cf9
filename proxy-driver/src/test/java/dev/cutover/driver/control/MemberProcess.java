package dev.cutover.driver.control;

import dev.cutover.driver.MigrationConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * A driver instance in its own JVM for {@link SeparateProcessFleetTest}: joins the fleet, writes
 * until told to stop on standard input, then prints what it saw.
 */
public final class MemberProcess {
  private MemberProcess() {}

  public static void main(String[] args) throws Exception {
    MigrationConfig config = MigrationConfig.load(args[0], new Properties());
    int writer = Integer.parseInt(args[1]);
    try (Fleet.Instance instance = new Fleet.Instance(config);
        Writers writers = new Writers()) {
      writers.mixed(instance, writer);
      System.out.println("JOINED " + instance.context.instanceId());
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null && !line.equals("stop")) {
        System.out.println("PHASE " + instance.phase());
        System.out.flush();
      }
      writers.close();
      System.out.println(
          "DONE committed="
              + writers.committed.get()
              + " bounded="
              + writers.boundedWaits.get()
              + " errors="
              + writers.errors.size()
              + " phase="
              + instance.phase());
      for (Throwable t : writers.errors) {
        t.printStackTrace(System.out);
      }
      System.out.flush();
    }
  }
}
