package dev.cutover.driver.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MySQL upserts rewritten for PostgreSQL, against a table described by hand. */
class UpsertTranslationTest {
  /** counters: id (primary key), name (unique), cnt, note. */
  static final UpsertTranslation.Schema SCHEMA =
      new UpsertTranslation.Schema() {
        final Map<String, List<List<String>>> keys =
            Map.of(
                "counters", List.of(List.of("id"), List.of("name")),
                "pairs", List.of(List.of("a", "b")));
        final Map<String, List<String>> columns =
            Map.of(
                "counters", List.of("id", "name", "cnt", "note"),
                "pairs", List.of("a", "b", "v"),
                "nokey", List.of("a"));

        @Override
        public List<List<String>> uniqueKeys(String table) {
          return keys.getOrDefault(table.replace("\"", "").replace("shop.", ""), List.of());
        }

        @Override
        public List<String> columns(String table) {
          return columns.getOrDefault(table.replace("\"", "").replace("shop.", ""), List.of());
        }
      };

  static String pg(String mysql) throws SQLException {
    return UpsertTranslation.rewrite(
        SqlTranslator.translate(mysql, Dialect.MYSQL, Dialect.POSTGRES), SCHEMA);
  }

  @Test
  void on_duplicate_key_update_takes_the_unique_key_the_statement_inserts() throws SQLException {
    assertEquals(
        "INSERT INTO counters (name, cnt) VALUES (?, 1) ON CONFLICT (\"name\") DO UPDATE SET"
            + " cnt = counters.cnt + 1",
        pg("INSERT INTO counters (name, cnt) VALUES (?, 1) ON DUPLICATE KEY UPDATE cnt = cnt + 1"));
    assertEquals(
        "INSERT INTO counters (id, name, cnt) VALUES (?, ?, ?) ON CONFLICT (\"id\") DO UPDATE SET"
            + " cnt = EXCLUDED.cnt, name = EXCLUDED.name",
        pg(
            "INSERT INTO counters (id, name, cnt) VALUES (?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE cnt = VALUES(cnt), name = VALUE(name)"));
  }

  @Test
  void quoted_names_qualified_targets_functions_and_keywords_in_assignments() throws SQLException {
    // The last assignment reads cnt and note after earlier ones set them: MySQL reads their new
    // values, which the translation spells out (see MysqlRulesTest.LeftToRightAssignments).
    assertEquals(
        "INSERT INTO \"counters\" (\"name\", \"cnt\") VALUES ('a''b', 1), ('c', 2)"
            + " ON CONFLICT (\"name\") DO UPDATE SET \"cnt\" = \"counters\".\"cnt\" +"
            + " EXCLUDED.\"cnt\", note = COALESCE(\"counters\".note, 'x'), note = CASE WHEN"
            + " (\"counters\".\"cnt\" + EXCLUDED.\"cnt\") > 10 THEN NULL ELSE"
            + " (COALESCE(\"counters\".note, 'x')) END",
        pg(
            "INSERT INTO `counters` (`name`, `cnt`) VALUES ('a\\'b', 1), ('c', 2)"
                + " ON DUPLICATE KEY UPDATE `cnt` = `cnt` + VALUES(`cnt`),"
                + " counters.note = COALESCE(note, 'x'),"
                + " note = CASE WHEN cnt > 10 THEN NULL ELSE note END"));
  }

  @Test
  void replace_sets_every_column_from_the_row_it_would_have_inserted() throws SQLException {
    assertEquals(
        "INSERT INTO counters (name, cnt) VALUES (?, ?) ON CONFLICT (\"name\") DO UPDATE SET"
            + " \"id\" = EXCLUDED.\"id\", \"name\" = EXCLUDED.\"name\", \"cnt\" ="
            + " EXCLUDED.\"cnt\", \"note\" = EXCLUDED.\"note\"",
        pg("REPLACE INTO counters (name, cnt) VALUES (?, ?)"));
    assertEquals(
        "INSERT INTO shop.counters VALUES (1, 'a', 2, NULL) ON CONFLICT (\"id\") DO UPDATE SET"
            + " \"id\" = EXCLUDED.\"id\", \"name\" = EXCLUDED.\"name\", \"cnt\" ="
            + " EXCLUDED.\"cnt\", \"note\" = EXCLUDED.\"note\"",
        pg("REPLACE shop.counters VALUES (1, 'a', 2, NULL)"));
  }

  @Test
  void a_composite_key_is_used_only_when_every_column_of_it_is_inserted() throws SQLException {
    assertEquals(
        "INSERT INTO pairs (a, b, v) VALUES (1, 2, 3) ON CONFLICT (\"a\", \"b\") DO UPDATE SET"
            + " v = pairs.v + 1",
        pg("INSERT INTO pairs (a, b, v) VALUES (1, 2, 3) ON DUPLICATE KEY UPDATE v = v + 1"));
    assertEquals(
        "INSERT INTO counters (cnt) VALUES (3) ON CONFLICT (\"id\") DO UPDATE SET cnt = 1",
        pg("INSERT INTO counters (cnt) VALUES (3) ON DUPLICATE KEY UPDATE cnt = 1"),
        "no key it covers: the primary key (the driver adds a generated one)");
    assertEquals(
        "INSERT INTO nokey (a) VALUES (1)",
        pg("INSERT INTO nokey (a) VALUES (1) ON DUPLICATE KEY UPDATE a = a + 1"),
        "no unique key at all: never a duplicate");
    assertEquals("INSERT INTO nokey (a) VALUES (1)", pg("REPLACE nokey (a) VALUES (1)"));
  }

  @Test
  void what_is_not_an_upsert_or_cannot_be_rewritten_is_left_alone() throws SQLException {
    for (String sql :
        List.of(
            "INSERT INTO counters (name) VALUES ('a')",
            "UPDATE counters SET cnt = 1",
            "INSERT INTO counters (name) SELECT name FROM x ON DUPLICATE KEY UPDATE cnt = 1",
            "INSERT INTO counters (name) VALUES ('a') ON DUPLICATE KEY UPDATE cnt = 1; SELECT 1",
            "INSERT INTO unknown (name) VALUES ('a') ON DUPLICATE KEY UPDATE cnt = 1",
            "INSERT INTO counters (name) VALUES ('a') ON DUPLICATE KEY UPDATE",
            "REPLACE INTO unknown (name) VALUES ('a')")) {
      String translated = SqlTranslator.translate(sql, Dialect.MYSQL, Dialect.POSTGRES);
      assertEquals(translated, UpsertTranslation.rewrite(translated, SCHEMA), sql);
    }
  }

  @Test
  void upserts_are_recognized_in_mysql_text() {
    assertTrue(UpsertTranslation.isUpsert("REPLACE INTO t VALUES (1)"));
    assertTrue(
        UpsertTranslation.isUpsert(
            "/* x */ insert into t (a) values (1) on duplicate key update a = a + 1"));
    assertFalse(UpsertTranslation.isUpsert("INSERT INTO t (a) VALUES ('on duplicate key update')"));
    assertFalse(UpsertTranslation.isUpsert("INSERT IGNORE INTO t (a) VALUES (1)"));
    assertFalse(UpsertTranslation.isUpsert(""));
  }
}
