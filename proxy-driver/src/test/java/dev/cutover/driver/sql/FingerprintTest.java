package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Fingerprints: equal for the same shape, different for different shapes, stable hashes. */
class FingerprintTest {

  private static Analysis mysql(String sql) {
    return SqlAnalyzer.analyzeUncached(sql, Dialect.MYSQL);
  }

  private static Analysis postgres(String sql) {
    return SqlAnalyzer.analyzeUncached(sql, Dialect.POSTGRES);
  }

  private static void assertSameShape(Analysis a, Analysis b) {
    assertEquals(a.fingerprint(), b.fingerprint());
    assertEquals(a.fingerprintHash(), b.fingerprintHash());
  }

  private static void assertDifferentShape(Analysis a, Analysis b) {
    assertNotEquals(a.fingerprint(), b.fingerprint());
    assertNotEquals(a.fingerprintHash(), b.fingerprintHash());
  }

  @Test
  void same_shape_with_different_literals_has_the_same_fingerprint() {
    assertSameShape(
        mysql("SELECT * FROM users WHERE id = 1 AND name = 'ann'"),
        mysql("SELECT * FROM users WHERE id = 42 AND name = 'it\\'s bob'"));
    assertSameShape(
        postgres("UPDATE t SET a = 1.5e3, b = E'x\\n' WHERE c = $$y$$"),
        postgres("UPDATE t SET a = ?, b = ? WHERE c = $1"));
  }

  @Test
  void comments_whitespace_keyword_case_and_identifier_quoting_are_folded() {
    assertSameShape(
        mysql("select id\n  from `Users` /* hint */ where id=? -- trailing"),
        mysql("SELECT   id FROM users WHERE id = ?  # other"));
    assertSameShape(postgres("SELECT \"Id\" FROM \"Users\""), postgres("select id from users;"));
  }

  @Test
  void in_lists_of_any_length_collapse() {
    Analysis one = mysql("SELECT * FROM t WHERE id IN (1)");
    Analysis three = mysql("SELECT * FROM t WHERE id IN (?, ?, ?)");
    assertSameShape(one, three);
    assertEquals("select * from t where id in (?+)", three.fingerprint());
    assertDifferentShape(three, mysql("SELECT * FROM t WHERE id IN (SELECT id FROM u)"));
  }

  @Test
  void negative_numbers_are_literals_but_subtraction_stays() {
    assertSameShape(mysql("SELECT a FROM t WHERE b = -1"), mysql("SELECT a FROM t WHERE b = 7"));
    assertEquals("select a - ? from t", mysql("SELECT a - 1 FROM t").fingerprint());
    assertEquals("select a = ?", mysql("SELECT a=-1").fingerprint());
  }

  @Test
  void different_shapes_have_different_fingerprints() {
    assertDifferentShape(mysql("SELECT a FROM t"), mysql("SELECT b FROM t"));
    assertDifferentShape(
        mysql("SELECT * FROM t WHERE a = 1"), mysql("SELECT * FROM t WHERE a > 1"));
    assertDifferentShape(mysql("SELECT * FROM t"), mysql("SELECT * FROM t ORDER BY a"));
    assertDifferentShape(mysql("DELETE FROM t WHERE a = 1"), mysql("DELETE FROM u WHERE a = 1"));
  }

  @Test
  void function_calls_are_written_without_a_space_before_the_parenthesis() {
    assertEquals(
        "select count(*), now() from t", mysql("SELECT COUNT (*), NOW( ) FROM t").fingerprint());
  }

  @Test
  void the_hash_is_stable_across_jvms() {
    // Pinned value: a change here breaks fingerprints stored by running fleets.
    assertEquals(Fingerprint.hash("select ? from t"), mysql("SELECT 1 FROM t").fingerprintHash());
    assertEquals(
        -2716010077393826200L,
        mysql("SELECT id FROM users WHERE id IN (1, 2, 3) AND name = 'x'").fingerprintHash());
  }
}
