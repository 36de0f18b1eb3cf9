package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JSON_LENGTH, JSON_TYPE and JSON_CONTAINS answered by PostgreSQL through the driver, over
 * documents in a {@code jsonb}, a {@code json} and a text column: the same values and types as
 * MariaDB's, and in WHERE the same rows read, updated and deleted.
 */
class MariaDbToPostgresJsonQueriesTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static final String[] DOCS = {
    "{\"n\": 1, \"tags\": [\"red\", \"blue\"], \"price\": 1.50}",
    "[1, [[2]], {\"a\": 3}, true, null, 1.0]",
    "\"red\"",
    null,
    "{\"tags\": [], \"n\": 2e0, \"o\": {}}",
    "[\"red\", [\"green\"]]"
  };

  @BeforeEach
  void tables() throws Exception {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS docs",
            "CREATE TABLE docs (id INT PRIMARY KEY, doc JSON, js JSON, txt TEXT, hits INT)"
                + " DEFAULT CHARSET=utf8mb4");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS docs",
            "CREATE TABLE docs (id int PRIMARY KEY, doc jsonb, js json, txt text, hits int)");
    for (var db : List.of(DBS.mariadb(), DBS.postgres())) {
      boolean pg = db == DBS.postgres();
      try (Connection c = db.connect();
          PreparedStatement ps =
              c.prepareStatement(
                  pg
                      ? "INSERT INTO docs VALUES (?, CAST(? AS jsonb), CAST(? AS json), ?, 0)"
                      : "INSERT INTO docs VALUES (?, ?, ?, ?, 0)")) {
        for (int i = 0; i < DOCS.length; i++) {
          ps.setInt(1, i + 1);
          ps.setString(2, DOCS[i]);
          ps.setString(3, DOCS[i]);
          ps.setString(4, DOCS[i]);
          ps.executeUpdate();
        }
      }
    }
  }

  private static final List<String> SAME =
      List.of(
          "SELECT id, JSON_LENGTH(doc), JSON_LENGTH(js), JSON_LENGTH(txt) FROM docs ORDER BY id",
          "SELECT id, JSON_LENGTH(doc, '$.tags'), JSON_LENGTH(js, '$[1]'),"
              + " JSON_LENGTH(txt, '$.o') FROM docs ORDER BY id",
          "SELECT id, JSON_TYPE(doc), JSON_TYPE(JSON_EXTRACT(doc, '$.n')),"
              + " JSON_TYPE(JSON_EXTRACT(js, '$[5]')) FROM docs ORDER BY id",
          "SELECT id, JSON_CONTAINS(doc, '\"red\"', '$.tags'), JSON_CONTAINS(js, '2'),"
              + " JSON_CONTAINS(txt, ' \"red\" ') FROM docs ORDER BY id",
          "SELECT id, JSON_CONTAINS(doc, '3'), JSON_CONTAINS(doc, 'null'),"
              + " JSON_CONTAINS(doc, '1', '$.n'), JSON_CONTAINS(doc, 'true') FROM docs ORDER BY id",
          "SELECT id FROM docs WHERE JSON_CONTAINS(doc, '\"red\"') ORDER BY id",
          "SELECT id FROM docs WHERE NOT JSON_CONTAINS(doc, '\"red\"', '$.tags') ORDER BY id",
          "SELECT id FROM docs WHERE JSON_CONTAINS(doc, '\"red\"') = 0 OR JSON_LENGTH(doc) > 4"
              + " ORDER BY id",
          "SELECT id FROM docs WHERE JSON_LENGTH(doc, '$.tags') = ? ORDER BY id",
          // After NOT in a select list the call was the integer form: an error on PostgreSQL.
          "SELECT id, NOT JSON_CONTAINS(doc, '\"red\"') FROM docs ORDER BY id",
          "SELECT id, NOT JSON_CONTAINS(doc, '3') AS c, JSON_CONTAINS(doc, '3') AS d,"
              + " NOT JSON_CONTAINS(doc, 'true') e FROM docs ORDER BY id",
          // As IF's condition the 1/0 form was an error too (CASE WHEN of an integer).
          "SELECT id, IF(JSON_CONTAINS(doc, '3'), 'y', 'n') AS y FROM docs ORDER BY id",
          "SELECT SUM(JSON_LENGTH(doc) > 1) AS s, SUM(NOT JSON_CONTAINS(doc, '3')) AS t FROM docs");

  @Test
  void reads_answer_through_postgresql_what_mariadb_answers() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_NEW_PRIMARY, "");
    try (Connection maria = DBS.mariadb().connect();
        Connection driver = DriverManager.getConnection(url)) {
      // Measured: [1, [[2]], ...] contains 2 at any depth of arrays, "red" contains "red".
      assertEquals(
          "[[1, 1, 0, 0], [2, 0, 1, 0], [3, 0, 0, 1], [4, null, null, null], [5, 0, 0, 0],"
              + " [6, 0, 0, 1]]",
          DBS.mariadb().query(SAME.get(3)).toString());
      for (String sql : SAME) {
        Object[] p = sql.contains("?") ? new Object[] {2} : new Object[0];
        assertEquals(
            MariaDbToPostgresJsonBuildersTest.answers(maria, sql, p),
            MariaDbToPostgresJsonBuildersTest.answers(driver, sql, p),
            sql);
      }
    }
  }

  /** Writes choosing rows by JSON_CONTAINS and JSON_LENGTH change the same rows on both. */
  @Test
  void writes_by_json_conditions_change_the_same_rows() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE docs SET hits = JSON_LENGTH(doc) WHERE JSON_CONTAINS(doc, '\"red\"')"
                  + " OR JSON_CONTAINS(js, '\"red\"', '$.tags')")) {
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM docs WHERE JSON_LENGTH(txt) > ? AND id > 1")) {
        ps.setInt(1, 2);
        ps.executeUpdate();
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String select = "SELECT id, hits FROM docs ORDER BY id";
    assertEquals("[[1, 3], [3, 1], [4, 0], [6, 2]]", DBS.mariadb().query(select).toString());
    assertEquals(DBS.mariadb().query(select), DBS.postgres().query(select));
  }
}
