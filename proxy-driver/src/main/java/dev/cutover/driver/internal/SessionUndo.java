package dev.cutover.driver.internal;

import dev.cutover.driver.shadow.ShadowSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PostgreSQL session forgets when a transaction or savepoint rolls back. PostgreSQL undoes a
 * {@code SET} and a {@code set_config(..., false)} with the transaction (or the savepoint) it ran
 * in; MariaDB keeps them. A connection of the driver remembers its session statements to give them
 * to the connections it opens later and to its shadow reads, so it must forget them too when the
 * application's database did: this keeps the statements as they were before the open transaction
 * first changed them and at each savepoint set since. Used for an application whose SQL is
 * PostgreSQL's only; one connection's thread at a time.
 */
final class SessionUndo {
  /** The session statements at one point, and the shadow reads' copy of them. */
  record Mark(List<String> statements, ShadowSession shadow) {}

  private static final String NAME =
      "(\"(?:[^\"]|\"\")+\"|[A-Za-z_\\x80-\\uffff][\\w$\\x80-\\uffff]*)";

  private static final Pattern SAVEPOINT =
      Pattern.compile("(?is)\\s*SAVEPOINT\\s+" + NAME + "\\s*;?\\s*");

  private static final Pattern ROLLBACK_TO =
      Pattern.compile(
          "(?is)\\s*ROLLBACK\\s+(?:WORK\\s+|TRANSACTION\\s+)?TO\\s+(?:SAVEPOINT\\s+)?"
              + NAME
              + "\\s*;?\\s*");

  private static final Pattern RELEASE =
      Pattern.compile("(?is)\\s*RELEASE\\s+(?:SAVEPOINT\\s+)?" + NAME + "\\s*;?\\s*");

  private static final Pattern ENDS_BY_ROLLBACK =
      Pattern.compile("(?is)\\s*(?:ROLLBACK|ABORT)\\b.*");

  private static final Pattern SET_LOCAL = Pattern.compile("(?is)\\s*SET\\s+LOCAL\\s.*");

  private Mark atStart;
  private final List<String> names = new ArrayList<>();
  private final List<Mark> marks = new ArrayList<>();

  /** Before a session statement runs inside a transaction: the first one's state is kept. */
  void changing(Mark now) {
    if (atStart == null) {
      atStart = now;
    }
  }

  /**
   * The transaction ended: the state to go back to when it rolled back (null when it changed
   * nothing, or committed).
   */
  Mark ended(boolean rolledBack) {
    Mark m = rolledBack ? atStart : null;
    atStart = null;
    names.clear();
    marks.clear();
    return m;
  }

  /**
   * Follows a savepoint statement sent as PostgreSQL text; returns the state to go back to for a
   * {@code ROLLBACK TO} one, else null.
   */
  Mark savepointText(String sql, Mark now) {
    Matcher m = SAVEPOINT.matcher(sql);
    if (m.matches()) {
      names.add(name(m.group(1)));
      marks.add(now);
      return null;
    }
    m = ROLLBACK_TO.matcher(sql);
    if (m.matches()) {
      int i = names.lastIndexOf(name(m.group(1)));
      if (i < 0) {
        return null;
      }
      // The savepoint stays; those set after it are gone.
      drop(i + 1);
      return marks.get(i);
    }
    m = RELEASE.matcher(sql);
    if (m.matches()) {
      int i = names.lastIndexOf(name(m.group(1)));
      if (i >= 0) {
        drop(i);
      }
    }
    return null;
  }

  private void drop(int from) {
    names.subList(from, names.size()).clear();
    marks.subList(from, marks.size()).clear();
  }

  /** Whether the text ends its transaction by rolling it back ({@code ROLLBACK}, {@code ABORT}). */
  static boolean rollsBack(String sql) {
    return ENDS_BY_ROLLBACK.matcher(sql).matches();
  }

  /** PostgreSQL's {@code SET LOCAL}: it lasts until its transaction ends. */
  static boolean setLocal(String sql) {
    return SET_LOCAL.matcher(sql).matches();
  }

  private static String name(String n) {
    return n.charAt(0) == '"'
        ? n.substring(1, n.length() - 1).replace("\"\"", "\"")
        : n.toLowerCase(Locale.ROOT);
  }
}
