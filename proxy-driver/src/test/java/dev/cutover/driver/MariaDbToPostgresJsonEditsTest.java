package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.testkit.FreshDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JSON_SET, JSON_INSERT, JSON_REPLACE and JSON_REMOVE assigned to a document column, dual-written
 * from a MariaDB primary to a PostgreSQL secondary whose column is {@code jsonb}: both end with the
 * same documents, whatever each document is (an object, an array, a scalar, NULL, a path whose
 * parent is not an object).
 */
class MariaDbToPostgresJsonEditsTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static final String[] DOCS = {
    "{\"n\": 1, \"o\": {\"x\": 1, \"bb\": [1, 2]}, \"tag\": \"red\", \"price\": 1.50}",
    "[1, \"a\"]",
    "\"just a string\"",
    null,
    "{\"o\": 5, \"tag\": null}"
  };

  @BeforeEach
  void tables() throws Exception {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS docs",
            "CREATE TABLE docs (id INT PRIMARY KEY, doc JSON) DEFAULT CHARSET=utf8mb4");
    DBS.postgres()
        .execute("DROP TABLE IF EXISTS docs", "CREATE TABLE docs (id int PRIMARY KEY, doc jsonb)");
    for (var db : List.of(DBS.mariadb(), DBS.postgres())) {
      try (Connection c = db.connect();
          PreparedStatement ps =
              c.prepareStatement(
                  db == DBS.postgres()
                      ? "INSERT INTO docs VALUES (?, CAST(? AS jsonb))"
                      : "INSERT INTO docs VALUES (?, ?)")) {
        for (int i = 0; i < DOCS.length; i++) {
          ps.setInt(1, i + 1);
          ps.setString(2, DOCS[i]);
          ps.executeUpdate();
        }
      }
    }
  }

  @Test
  void edited_documents_are_the_same_on_both_databases() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url)) {
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE docs SET doc = JSON_SET(doc, '$.tag', ?) WHERE id < ?")) {
        ps.setString(1, "blue \"x\"");
        ps.setInt(2, 4);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE docs SET doc = JSON_SET(doc, '$.n', ?, '$.o.x', JSON_OBJECT('k', ?),"
                  + " '$.\"a b\"', JSON_ARRAY(1.50, NULL))")) {
        ps.setInt(1, 7);
        ps.setString(2, "v");
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "update docs set doc = json_insert(doc, '$.n', 1, '$.new', NULL, '$.o.y', 'y')"
                  + " where id in (1, 2, 5)")) {
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE docs SET doc = JSON_REPLACE(doc, '$.missing', 1, '$.tag', ?) WHERE id = 5")) {
        ps.setBigDecimal(1, new java.math.BigDecimal("2.50"));
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE docs SET doc = JSON_REMOVE(doc, '$.o.bb', '$.price', '$.z')")) {
        ps.executeUpdate();
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    List<List<Object>> maria = DBS.mariadb().query("SELECT id, doc FROM docs ORDER BY id");
    assertEquals(
        "[[1, {\"n\": 7, \"o\": {\"x\": {\"k\": \"v\"}, \"y\": \"y\"}, \"tag\": \"blue"
            + " \\\"x\\\"\", \"a b\": [1.50, null], \"new\": null}], [2, [1, \"a\"]],"
            + " [3, \"just a string\"], [4, null], [5, {\"o\": 5, \"tag\": 2.50, \"n\": 7,"
            + " \"a b\": [1.50, null], \"new\": null}]]",
        maria.toString());
    assertEquals(
        documents(maria), documents(DBS.postgres().query("SELECT id, doc FROM docs ORDER BY id")));
  }

  /** Each row's document as JSON, compared by meaning: jsonb keeps no key order. */
  private static List<Object> documents(List<List<Object>> rows) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<Object> out = new ArrayList<>();
    for (List<Object> row : rows) {
      JsonNode doc = row.get(1) == null ? null : json.readTree(row.get(1).toString());
      // ObjectNode's equals ignores key order.
      out.add(java.util.Arrays.asList(row.get(0).toString(), doc));
    }
    return out;
  }
}
