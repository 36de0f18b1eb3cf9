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

  /** Blanks and comments, which an application or its tracing may put around a statement. */
  private static final String GAP = "(?:\\s|/\\*.*?\\*/|--[^\\n]*)*";

  private static final Pattern SAVEPOINT =
      Pattern.compile("(?is)" + GAP + "SAVEPOINT\\s+" + NAME + GAP + ";?" + GAP);

  private static final Pattern ROLLBACK_TO =
      Pattern.compile(
          "(?is)"
              + GAP
              + "ROLLBACK\\s+(?:WORK\\s+|TRANSACTION\\s+)?TO\\s+(?:SAVEPOINT\\s+)?"
              + NAME
              + GAP
              + ";?"
              + GAP);

  private static final Pattern RELEASE =
      Pattern.compile("(?is)" + GAP + "RELEASE\\s+(?:SAVEPOINT\\s+)?" + NAME + GAP + ";?" + GAP);

  private static final Pattern ENDS_BY_ROLLBACK =
      Pattern.compile("(?is)" + GAP + "(?:ROLLBACK|ABORT)\\b.*");

  /** {@code COMMIT AND CHAIN}, {@code ROLLBACK AND CHAIN}: the transaction ends, another begins. */
  private static final Pattern CHAIN =
      Pattern.compile("(?is)" + GAP + "(?:COMMIT|END|ROLLBACK|ABORT)\\b.*\\bAND\\s+CHAIN\\b.*");

  /** A rollback to a savepoint, whatever its name's quoting (MySQL's backquotes too). */
  private static final Pattern ROLLS_BACK_TO =
      Pattern.compile("(?is)" + GAP + "ROLLBACK\\s+(?:WORK\\s+)?TO\\s.*");

  private static final Pattern SET_LOCAL = Pattern.compile("(?is)" + GAP + "SET\\s+LOCAL\\s.*");

  private Mark atStart;

  /**
   * A statement failed since the transaction (or the savepoint rolled back to last) began and
   * PostgreSQL aborted it: its COMMIT rolls it back.
   */
  private boolean aborted;

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
    Mark m = rolledBack || aborted ? atStart : null;
    atStart = null;
    aborted = false;
    names.clear();
    marks.clear();
    return m;
  }

  /** Whether a session statement ran in the open transaction (a failure there may undo it). */
  boolean changed() {
    return atStart != null;
  }

  /** A statement failed in the open transaction; {@code abortedIt}: PostgreSQL aborted it. */
  void failed(boolean abortedIt) {
    aborted |= abortedIt;
  }

  /**
   * Follows a transaction statement sent as PostgreSQL text inside a transaction; returns the state
   * to go back to for a {@code ROLLBACK TO} one or a rollback that chains, else null.
   */
  Mark savepointText(String sql, Mark now) {
    Matcher m = SAVEPOINT.matcher(sql);
    if (m.matches()) {
      savepoint(name(m.group(1)), now);
      return null;
    }
    m = ROLLBACK_TO.matcher(sql);
    if (m.matches()) {
      return rollbackTo(name(m.group(1)));
    }
    m = RELEASE.matcher(sql);
    if (m.matches()) {
      release(name(m.group(1)));
      return null;
    }
    if (CHAIN.matcher(sql).matches()) {
      // The transaction ended (the ENDS of the analysis does not see it: another one is open).
      return ended(rollsBack(sql));
    }
    return null;
  }

  /** A savepoint named {@code name} (as PostgreSQL knows it) was set with the state {@code now}. */
  void savepoint(String name, Mark now) {
    names.add(name);
    marks.add(now);
  }

  /**
   * The transaction rolled back to the savepoint {@code name}: the state to go back to, or null
   * when it is not known here. The transaction is no longer aborted either way.
   */
  Mark rollbackTo(String name) {
    aborted = false;
    int i = names.lastIndexOf(name);
    if (i < 0) {
      return null;
    }
    // The savepoint stays; those set after it are gone.
    drop(i + 1);
    return marks.get(i);
  }

  /** The savepoint {@code name} and those set after it are released. */
  void release(String name) {
    int i = names.lastIndexOf(name);
    if (i >= 0) {
      drop(i);
    }
  }

  private void drop(int from) {
    names.subList(from, names.size()).clear();
    marks.subList(from, marks.size()).clear();
  }

  /** Whether the text ends its transaction by rolling it back ({@code ROLLBACK}, {@code ABORT}). */
  static boolean rollsBack(String sql) {
    return ENDS_BY_ROLLBACK.matcher(sql).matches();
  }

  /** Whether the text rolls back to a savepoint ({@code ROLLBACK [WORK] TO [SAVEPOINT] name}). */
  static boolean rollsBackToSavepoint(String sql) {
    return ROLLS_BACK_TO.matcher(sql).matches();
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
