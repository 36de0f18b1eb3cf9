package dev.cutover.driver.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lowers the operating-system scheduling priority of the calling thread, for background work that
 * must yield the CPU to the application's own threads (shadow reads).
 *
 * <p>Java's {@link Thread#setPriority} has no effect on Linux unless the JVM runs as root with
 * {@code -XX:ThreadPriorityPolicy=1}, so this sets the thread's nice value instead. Linux keeps a
 * nice value per thread, and there is no JDK call for it: the thread finds its own id through
 * {@code /proc/thread-self} and runs {@code renice} on it once, when it starts (a few milliseconds,
 * on the new thread; shadow threads live until 30 s idle). Raising one's own nice value needs no
 * privilege. Where that cannot work (not Linux, no {@code renice}, a sandbox that forbids starting
 * processes) the thread keeps its priority and the reason is logged once: priority is an
 * optimisation, never a reason to fail.
 */
public final class BackgroundPriority {
  private static final System.Logger LOG = System.getLogger(BackgroundPriority.class.getName());
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  /**
   * The system's renice by absolute path, so that what runs cannot be chosen through the PATH; null
   * when there is none.
   */
  private static final List<String> RENICE_PATHS =
      List.of(
          "/usr/bin/renice",
          "/bin/renice",
          "/usr/sbin/renice",
          "/run/current-system/sw/bin/renice");

  private static final String RENICE =
      RENICE_PATHS.stream().filter(f -> Files.isExecutable(Path.of(f))).findFirst().orElse(null);

  private BackgroundPriority() {}

  /**
   * A factory of daemon threads named {@code name} that lower their own priority to {@code nice} (0
   * to 19; 0 leaves it) before they run anything.
   *
   * <p>Threads such a thread creates inherit its nice value (Linux copies it). So a niced thread
   * must not be the one that creates a thread the application shares, such as a JDBC driver's
   * shared timer or another executor's worker: create those first from a normal thread.
   */
  public static ThreadFactory daemonThreads(String name, int nice, String setting) {
    return r -> {
      Runnable body =
          nice <= 0
              ? r
              : () -> {
                try {
                  lower(nice, setting);
                } catch (Throwable e) {
                  // The work must run at any priority: an executor whose worker never runs its task
                  // loses the worker for good.
                  LOG.log(System.Logger.Level.WARNING, setting + ": could not lower priority", e);
                }
                r.run();
              };
      Thread t = new Thread(body, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Sets the calling thread's nice value to {@code nice} unless it is already at least that (a
   * thread never raises its own priority). Returns the nice value the thread ends with, or -1 when
   * it cannot be read (not Linux).
   *
   * @param setting the configuration key that asked for it, named in the log when it fails
   */
  public static int lower(int nice, String setting) {
    if (nice < 0 || nice > 19) {
      throw new IllegalArgumentException(setting + ": " + nice + " (expected: 0 to 19)");
    }
    String tid;
    int current;
    try {
      tid = threadId();
      current = niceOf(tid);
    } catch (IOException | RuntimeException e) {
      if (System.getProperty("os.name", "").startsWith("Linux")) {
        warnOnce(setting, "this thread's id cannot be read: " + e.getMessage());
      } else {
        // No per-thread nice value elsewhere, and nothing the operator can change.
        LOG.log(System.Logger.Level.DEBUG, "{0}: no per-thread nice value here: {1}", setting, e);
      }
      return -1;
    }
    if (current >= nice) {
      return current;
    }
    if (RENICE == null) {
      warnOnce(setting, "no renice at " + String.join(", ", RENICE_PATHS));
      return current;
    }
    // renice runs from a helper thread that keeps this thread's present priority. Started from this
    // thread, the JDK's shared "process reaper" thread, created while start() returns, would often
    // be created after renice has already lowered this thread, and inherit its nice value.
    String[] problem = {null};
    Thread spawner = new Thread(() -> problem[0] = renice(nice, tid), "cutover-renice");
    spawner.setDaemon(true);
    spawner.start();
    try {
      spawner.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return current;
    }
    int after;
    try {
      after = niceOf(tid);
    } catch (IOException | RuntimeException e) {
      return current;
    }
    if (after < nice) {
      warnOnce(
          setting,
          (problem[0] != null ? problem[0] : "renice did not finish within 10 s")
              + "; nice is "
              + after);
    }
    return after;
  }

  /** Runs renice on thread {@code tid}; returns what happened, for a warning. */
  private static String renice(int nice, String tid) {
    try {
      // The positional form sets the value in both util-linux and BusyBox; "-n" is an increment in
      // BusyBox, and in util-linux under POSIXLY_CORRECT, which an empty environment also rules
      // out.
      ProcessBuilder pb =
          new ProcessBuilder(RENICE, Integer.toString(nice), "-p", tid).redirectErrorStream(true);
      pb.environment().clear();
      Process p = pb.start();
      // Wait before reading: a renice that hangs must not hold the thread. Its output is a line or
      // two, far below what a pipe buffers.
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "renice did not finish within 5 s";
      }
      byte[] output = p.getInputStream().readNBytes(4096);
      return "renice exited with "
          + p.exitValue()
          + " ("
          + new String(output, StandardCharsets.UTF_8).strip()
          + ")";
    } catch (IOException | RuntimeException e) {
      return "renice could not be run (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /**
   * The calling thread's kernel thread id, from the {@code /proc/thread-self} link, which reads
   * {@code <pid>/task/<tid>}. Refused when that pid is not this process's: a {@code /proc} of
   * another PID namespace (a host's, mounted into a container) would name some other task.
   */
  static String threadId() throws IOException {
    String link = Files.readSymbolicLink(THREAD_SELF).toString();
    String[] parts = link.split("/");
    if (parts.length != 3
        || !parts[1].equals("task")
        || !parts[2].chars().allMatch(Character::isDigit)
        || !parts[0].equals(Long.toString(ProcessHandle.current().pid()))) {
      throw new IOException(
          "/proc/thread-self reads " + link + " in process " + ProcessHandle.current().pid());
    }
    return parts[2];
  }

  /** The nice value of thread {@code tid} of this process, field 19 of its {@code stat} file. */
  static int niceOf(String tid) throws IOException {
    String stat = Files.readString(Path.of("/proc/self/task", tid, "stat"));
    // The command name (field 2) is in parentheses and may itself contain spaces or ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[19 - 3]);
  }

  /** The calling thread's nice value, or -1 when it cannot be read (not Linux). */
  public static int currentNice() {
    try {
      return niceOf(threadId());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static void warnOnce(String setting, String why) {
    if (WARNED.compareAndSet(false, true)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "{0}: background threads keep the application''s priority: {1}",
          setting,
          why);
    }
  }
}
