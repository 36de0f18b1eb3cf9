package dev.cutover.driver.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cutover.driver.shadow.ShadowSession;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionUndoTest {
  private static SessionUndo.Mark mark(String... statements) {
    ShadowSession s = ShadowSession.NONE;
    for (String sql : statements) {
      s = s.withStatement(sql);
    }
    return new SessionUndo.Mark(List.of(statements), s);
  }

  @Test
  void the_state_before_the_first_change_is_restored_by_a_rollback_only() {
    SessionUndo u = new SessionUndo();
    SessionUndo.Mark before = mark();
    u.changing(before);
    u.changing(mark("SET a = 1"));
    assertSame(before, u.ended(true));
    assertNull(u.ended(true), "nothing changed in the next transaction");
    u.changing(before);
    assertNull(u.ended(false), "a commit keeps the settings");
  }

  @Test
  void savepoints_follow_postgresql_names_shadowing_and_release() {
    SessionUndo u = new SessionUndo();
    SessionUndo.Mark first = mark("SET a = 1");
    SessionUndo.Mark second = mark("SET a = 2");
    SessionUndo.Mark third = mark("SET a = 3");
    assertNull(u.savepointText("SAVEPOINT sp", first));
    assertNull(u.savepointText("savepoint \"My \"\"Sp\"\"\";", second));
    assertNull(u.savepointText("SAVEPOINT SP", third));
    // The newest of a name; unquoted names fold to lower case, quoted ones keep theirs.
    assertSame(third, u.savepointText("ROLLBACK TO sp", mark()));
    assertSame(third, u.savepointText("rollback work to savepoint Sp", mark()));
    assertSame(second, u.savepointText("ROLLBACK TO SAVEPOINT \"My \"\"Sp\"\"\"", mark()));
    // Rolling back to the quoted one dropped the savepoint set after it.
    assertSame(first, u.savepointText("ROLLBACK TO sp", mark()));
    assertNull(u.savepointText("ROLLBACK TO \"my \"\"sp\"\"\"", mark()), "gone with the rollback");
    assertNull(u.savepointText("SAVEPOINT x", second));
    assertNull(u.savepointText("RELEASE SAVEPOINT sp", mark()));
    assertNull(u.savepointText("ROLLBACK TO x", mark()), "released with the one before it");
    assertNull(u.savepointText("ROLLBACK TO nowhere", mark()));
    u.ended(true);
    assertNull(u.savepointText("ROLLBACK TO sp", mark()), "the transaction's savepoints are gone");
  }

  @Test
  void rollbacks_and_set_local_are_recognised() {
    assertTrue(SessionUndo.rollsBack("ROLLBACK"));
    assertTrue(SessionUndo.rollsBack(" abort work;"));
    assertFalse(SessionUndo.rollsBack("COMMIT"));
    assertFalse(SessionUndo.rollsBack("rollbacks"));
    assertTrue(SessionUndo.setLocal("SET LOCAL search_path TO a"));
    assertTrue(SessionUndo.setLocal("set\nlocal statement_timeout = 5"));
    assertFalse(SessionUndo.setLocal("SET localtime = 1"));
    assertFalse(SessionUndo.setLocal("SET search_path TO local"));
  }

  @Test
  void comments_chains_and_an_aborted_commit_are_followed() {
    SessionUndo u = new SessionUndo();
    SessionUndo.Mark before = mark();
    SessionUndo.Mark first = mark("SET a = 1");
    assertNull(u.savepointText("/* trace */ SAVEPOINT s1 -- app", first));
    assertSame(first, u.savepointText("ROLLBACK TO SAVEPOINT s1 /* trace */", mark()));
    assertTrue(SessionUndo.setLocal("/* trace */ SET LOCAL search_path TO a"));
    // ROLLBACK AND CHAIN ends the transaction (and opens the next); COMMIT AND CHAIN keeps.
    u.changing(before);
    assertSame(before, u.savepointText("ROLLBACK AND CHAIN", mark("SET a = 1")));
    u.changing(first);
    assertNull(u.savepointText("commit and chain", mark("SET a = 2")));
    assertNull(u.ended(true), "the chained transaction changed nothing");
    assertNull(u.savepointText("ROLLBACK AND NO CHAIN", mark()), "left to the analysis' ENDS");
    // A statement failure that aborted the transaction makes its commit a rollback...
    u.changing(before);
    u.failed(true);
    assertSame(before, u.ended(false));
    // ...unless a rollback to a savepoint, by JDBC or text, came after it.
    u.savepoint("jdbc_savepoint_1", before);
    u.changing(before);
    u.failed(true);
    assertSame(before, u.rollbackTo("jdbc_savepoint_1"));
    assertNull(u.ended(false));
    u.changing(before);
    u.failed(false);
    assertNull(u.ended(false), "pgjdbc's autosave kept the transaction");
  }
}
