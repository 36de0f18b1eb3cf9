package dev.cutover.driver.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code /proc/thread-self} and runs {@code renice} on it once, when it starts. Raising one's own
 * nice value needs no privilege. Where that cannot work (not Linux, no {@code renice}, a sandbox
 * that forbids starting processes) the thread keeps its priority and the reason is logged once:
 * priority is an optimisation, never a reason to fail.
 */
public final class BackgroundPriority {
  private static final System.Logger LOG = System.getLogger(BackgroundPriority.class.getName());
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private BackgroundPriority() {}

  /**
   * A factory of daemon threads named {@code name} that lower their own priority to {@code nice} (0
   * to 19; 0 leaves it) before they run anything.
   */
  public static ThreadFactory daemonThreads(String name, int nice, String setting) {
    return r -> {
      Runnable body =
          nice <= 0
              ? r
              : () -> {
                lower(nice, setting);
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
      // Not Linux: nothing to do, and nothing the operator can change.
      LOG.log(System.Logger.Level.DEBUG, "{0}: no per-thread nice value here: {1}", setting, e);
      return -1;
    }
    if (current >= nice) {
      return current;
    }
    try {
      Process p =
          new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid)
              .redirectErrorStream(true)
              .start();
      byte[] output = p.getInputStream().readAllBytes();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        warnOnce(setting, "renice did not finish within 5 s");
        return current;
      }
      int after = niceOf(tid);
      if (after < nice) {
        warnOnce(
            setting,
            "renice exited with "
                + p.exitValue()
                + " ("
                + new String(output, StandardCharsets.UTF_8).strip()
                + ") and left nice at "
                + after);
      }
      return after;
    } catch (IOException | RuntimeException e) {
      warnOnce(setting, "renice could not be run (" + e.getMessage() + ")");
      return current;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return current;
    }
  }

  /** The calling thread's kernel thread id, from the {@code /proc/thread-self} link. */
  static String threadId() throws IOException {
    // The link reads "<pid>/task/<tid>".
    String link = Files.readSymbolicLink(THREAD_SELF).toString();
    String tid = link.substring(link.lastIndexOf('/') + 1);
    if (tid.isEmpty() || !tid.chars().allMatch(Character::isDigit)) {
      throw new IOException("unexpected /proc/thread-self link: " + link);
    }
    return tid;
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
