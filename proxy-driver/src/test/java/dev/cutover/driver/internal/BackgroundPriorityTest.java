package dev.cutover.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Background threads lower their own scheduling priority, and only ever lower it. */
class BackgroundPriorityTest {
  private static int processNice;

  @BeforeAll
  static void linuxOnly() {
    // Per-thread nice values are a Linux feature; CI runs on Linux.
    assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "not Linux");
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/renice"))
            || Files.isExecutable(Path.of("/bin/renice")),
        "no renice (util-linux or BusyBox) on this system");
    processNice = BackgroundPriority.currentNice();
  }

  private static <T> T onNewThread(int nice, Supplier<T> body) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    BackgroundPriority.daemonThreads("priority-test", nice, "test.nice")
        .newThread(() -> result.complete(body.get()))
        .start();
    return result.get(30, TimeUnit.SECONDS);
  }

  @Test
  void a_thread_from_the_factory_runs_at_the_requested_nice_value() throws Exception {
    assumeTrue(processNice < 19, "the test JVM already runs at nice 19");
    int wanted = Math.max(processNice + 1, 13);
    assertEquals(wanted, onNewThread(wanted, BackgroundPriority::currentNice));
    // The thread that made it keeps its own priority, and so do the JDK's shared threads that
    // running
    // renice may have created (the process reaper also completes the application's own
    // Process.onExit() callbacks).
    assertEquals(processNice, BackgroundPriority.currentNice());
    assertFalse(
        nicesOf("process reaper").contains(wanted),
        "process reaper threads: " + nicesOf("process reaper"));
  }

  private static List<Integer> nicesOf(String threadName) throws Exception {
    List<Integer> nices = new ArrayList<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          if (Files.readString(task.resolve("comm")).strip().equals(threadName)) {
            nices.add(BackgroundPriority.niceOf(task.getFileName().toString()));
          }
        } catch (java.io.IOException gone) {
          // The thread ended while being listed.
        }
      }
    }
    return nices;
  }

  @Test
  void nice_zero_leaves_the_thread_at_the_application_priority() throws Exception {
    assertEquals(processNice, onNewThread(0, BackgroundPriority::currentNice));
  }

  @Test
  void a_thread_never_raises_its_own_priority() throws Exception {
    assumeTrue(processNice < 19, "the test JVM already runs at nice 19");
    int[] seen =
        onNewThread(
            0,
            () -> {
              int first = BackgroundPriority.lower(17, "test.nice");
              int second = BackgroundPriority.lower(Math.max(processNice, 5), "test.nice");
              return new int[] {first, second, BackgroundPriority.currentNice()};
            });
    assertEquals(Math.max(17, processNice), seen[0]);
    assertEquals(seen[0], seen[1]);
    assertEquals(seen[0], seen[2]);
  }

  @Test
  void an_out_of_range_value_is_refused_with_the_setting_named() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BackgroundPriority.lower(20, "shadow.threadNice"));
    assertEquals("shadow.threadNice: 20 (expected: 0 to 19)", e.getMessage());
  }
}
