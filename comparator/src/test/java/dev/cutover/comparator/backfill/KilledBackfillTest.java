package dev.cutover.comparator.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.comparator.chunk.ControlStore;
import dev.cutover.comparator.chunk.Sources;
import dev.cutover.comparator.verify.VerifyResult;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.FreshDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A backfill process killed mid-way (SIGKILL) resumes from its checkpoints. */
class KilledBackfillTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  /** The child process: backfills {@code items}, printing a line per checkpointed chunk. */
  public static void main(String[] args) throws Exception {
    Backfill b =
        new Backfill(
            Sources.of(args[0], args[1], args[2]),
            Sources.of(args[3], args[4], args[5]),
            new ControlStore(Sources.of(args[0], args[1], args[2])),
            BackfillOptions.builder()
                .job("killed")
                .chunkRows(100)
                .rowsPerSecond(1_000)
                .listener(
                    p -> {
                      System.out.println("chunk " + p.chunk());
                      System.out.flush();
                    })
                .build());
    b.run("items");
  }

  @Test
  void a_killed_backfill_process_resumes_without_redoing_checkpointed_chunks() throws Exception {
    BackfillTest.Pair p =
        new BackfillTest.Pair(DBS.create(Engine.MARIADB), DBS.create(Engine.POSTGRES));
    Tables.createItems(p.old());
    Tables.createItems(p.neu());
    Tables.fillItems(p.old(), 3_000);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                KilledBackfillTest.class.getName(),
                p.old().url(),
                p.old().user(),
                p.old().password(),
                p.neu().url(),
                p.neu().user(),
                p.neu().password())
            .redirectErrorStream(true)
            .start();
    List<String> doneByChild = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (doneByChild.size() < 5 && (line = out.readLine()) != null) {
        if (line.startsWith("chunk ")) {
          doneByChild.add(line);
        }
      }
      child.destroyForcibly();
      child.waitFor();
    }
    assertEquals(5, doneByChild.size(), "the child checkpointed five chunks before it died");

    ControlStore control = new ControlStore(Sources.of(p.old()));
    int doneBefore = control.progress("killed", "items").chunksDone();
    assertTrue(doneBefore >= 5 && doneBefore < control.progress("killed", "items").chunks());
    // The chunk the child held when killed stays claimed until its lease ends: resume as if the
    // lease time had passed.
    ControlStore later =
        new ControlStore(Sources.of(p.old()), Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
    BackfillReport rest =
        new Backfill(
                Sources.of(p.old()),
                Sources.of(p.neu()),
                later,
                BackfillOptions.builder().job("killed").chunkRows(100).build())
            .run("items");
    assertTrue(rest.complete());
    assertEquals(rest.chunks() - doneBefore, rest.chunksCopied(), "done chunks are not redone");
    List<Integer> claims = control.claimCounts("killed", "items");
    assertTrue(
        claims.stream().filter(c -> c > 1).count() <= 1,
        "only the chunk in flight at the kill is claimed twice: " + claims);
    VerifyResult v = BackfillTest.verify(p, "items");
    assertEquals(VerifyResult.Status.EQUAL, v.status(), v::toString);
  }
}
