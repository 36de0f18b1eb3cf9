package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.driver.shadow.MismatchKind;
import dev.cutover.driver.shadow.MismatchReport;
import dev.cutover.driver.shadow.MismatchReport.FingerprintRollup;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MariaDB's JSON functions answered by PostgreSQL through the driver: each read gives the
 * application what MariaDB gives it (getString and getObject, compared with MariaDB queried
 * directly), a write using them in WHERE and SET leaves the same rows on both sides, and the
 * shadow-read comparator reports a difference only where the application would see one.
 */
class MariaDbToPostgresJsonTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  /**
   * The documents: objects with their keys in the order {@code jsonb} keeps them (by length, then
   * bytes), so that MariaDB, which prints the document's own order, prints them alike; an array, a
   * scalar, a JSON null member and a NULL document. {@code q} is text to unquote.
   */
  private static final String[][] ROWS = {
    {
      "1",
      "{\"n\": 1, \"o\": {\"x\": 1, \"bb\": [1, 2]}, \"a b\": \"spaced\", \"tag\": \"red\","
          + " \"flag\": true, \"list\": [10, {\"c\": \"deep\"}], \"none\": null, \"price\": 1.50}",
      "\"abc\""
    },
    {"2", "{\"n\": 2, \"tag\": \"x\\\"y\\\\z\", \"flag\": false, \"list\": []}", " \"a\\\"b\" "},
    {"3", "{\"n\": \"7\", \"tag\": \"café\"}", "abc"},
    {"4", "[{\"tag\": \"in array\"}, 5]", "{\"a\": 1}"},
    {"5", "\"just a string\"", "\"caf\\u00e9\\n\""},
    {"6", null, null},
    {"7", "{\"tag\": null}", "\"unterminated"}
  };

  /** Reads whose answers are the same on both engines. */
  private static final List<String> SAME =
      List.of(
          "SELECT id, JSON_EXTRACT(doc, '$.tag') FROM docs ORDER BY id",
          "SELECT id, JSON_EXTRACT(doc, '$.n'), JSON_EXTRACT(doc, '$.price') FROM docs ORDER BY id",
          "SELECT id, JSON_EXTRACT(doc, '$.o'), JSON_EXTRACT(doc, '$.list') FROM docs ORDER BY id",
          "SELECT id, JSON_EXTRACT(doc, '$.flag'), JSON_EXTRACT(doc, '$.none'),"
              + " JSON_EXTRACT(doc, '$.missing') FROM docs ORDER BY id",
          "SELECT id, JSON_EXTRACT(doc, '$'), JSON_EXTRACT(doc, '$.\"a b\"') FROM docs ORDER BY id",
          "SELECT id, JSON_EXTRACT(doc, '$.list[1].c'), JSON_EXTRACT(doc, '$.list[0]'),"
              + " JSON_EXTRACT(doc, '$.o.bb[1]') FROM docs ORDER BY id",
          "SELECT id, JSON_EXTRACT(doc, '$[0]'), JSON_EXTRACT(doc, '$[1]'),"
              + " JSON_EXTRACT(doc, '$[0].tag') FROM docs ORDER BY id",
          "select id, json_extract(txt, '$.tag'), json_extract(js, '$.o') from docs order by id",
          "SELECT id, JSON_UNQUOTE(JSON_EXTRACT(doc, '$.tag')) AS tag FROM docs ORDER BY id",
          "SELECT id, JSON_UNQUOTE(JSON_EXTRACT(doc, '$.n')), JSON_UNQUOTE(JSON_EXTRACT(doc,"
              + " '$.o')), JSON_UNQUOTE(JSON_EXTRACT(doc, '$.none')) FROM docs ORDER BY id",
          "SELECT id, JSON_UNQUOTE(JSON_EXTRACT(doc, '$.flag')), JSON_UNQUOTE(JSON_EXTRACT(txt,"
              + " '$[0]')) FROM docs ORDER BY id",
          "SELECT id, JSON_VALUE(doc, '$.tag'), JSON_VALUE(doc, '$.flag'), JSON_VALUE(doc, '$.n')"
              + " FROM docs ORDER BY id",
          "SELECT id, JSON_VALUE(doc, '$.o'), JSON_VALUE(doc, '$.none'), JSON_VALUE(doc,"
              + " '$.price'), JSON_VALUE(doc, '$[0]') FROM docs ORDER BY id",
          "SELECT id, JSON_UNQUOTE(q) FROM docs ORDER BY id",
          "SELECT id FROM docs WHERE JSON_EXTRACT(doc, '$.tag') = 'red' ORDER BY id",
          "SELECT id FROM docs WHERE JSON_EXTRACT(doc, '$.n') > 1 ORDER BY id",
          "SELECT id FROM docs WHERE 'null' = JSON_EXTRACT(doc, '$.tag') ORDER BY id",
          "SELECT id FROM docs WHERE JSON_EXTRACT(doc, '$.tag') IN ('red', 'café') ORDER BY id",
          "SELECT id FROM docs WHERE JSON_EXTRACT(doc, '$.tag') IN ('\"red\"', 'x') ORDER BY id",
          "SELECT id FROM docs WHERE JSON_EXTRACT(doc, '$.tag') NOT IN ('red') ORDER BY id",
          "SELECT id FROM docs WHERE JSON_EXTRACT(doc, '$.tag') LIKE '\"%' ORDER BY id",
          "SELECT JSON_EXTRACT(doc, '$.tag') AS t, COUNT(*) FROM docs"
              + " GROUP BY JSON_EXTRACT(doc, '$.tag') ORDER BY COUNT(*), t");

  @BeforeEach
  void tables() throws SQLException {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS docs",
            "DROP TABLE IF EXISTS odd",
            "CREATE TABLE docs (id INT PRIMARY KEY, doc JSON, txt TEXT, js JSON, q TEXT,"
                + " tag VARCHAR(50), raw VARCHAR(50)) DEFAULT CHARSET=utf8mb4");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS docs",
            "DROP TABLE IF EXISTS odd",
            "CREATE TABLE docs (id int PRIMARY KEY, doc jsonb, txt text, js json, q text,"
                + " tag varchar(50), raw varchar(50))");
    for (TestDatabase db : List.of(DBS.mariadb(), DBS.postgres())) {
      boolean pg = db == DBS.postgres();
      try (Connection c = db.connect();
          PreparedStatement ps =
              c.prepareStatement(
                  pg
                      ? "INSERT INTO docs (id, doc, txt, js, q) VALUES (?, CAST(? AS jsonb), ?,"
                          + " CAST(? AS json), ?)"
                      : "INSERT INTO docs (id, doc, txt, js, q) VALUES (?, ?, ?, ?, ?)")) {
        for (String[] row : ROWS) {
          ps.setInt(1, Integer.parseInt(row[0]));
          ps.setString(2, row[1]);
          ps.setString(3, row[1]);
          ps.setString(4, row[1]);
          ps.setString(5, row[2]);
          ps.executeUpdate();
        }
      }
    }
  }

  @Test
  void reads_answer_through_postgresql_what_mariadb_answers() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_NEW_PRIMARY, "");
    try (Connection maria = DBS.mariadb().connect();
        Connection driver = DriverManager.getConnection(url)) {
      for (String sql : SAME) {
        assertEquals(answers(maria, sql), answers(driver, sql), sql);
      }
      String param = "SELECT JSON_UNQUOTE(JSON_EXTRACT(?, '$.a')), JSON_EXTRACT(?, '$.a')";
      for (String doc : new String[] {"{\"a\": \"p\\tq\"}", "{\"a\": [1, {\"b\": null}]}"}) {
        assertEquals(answers(maria, param, doc, doc), answers(driver, param, doc, doc), doc);
      }
    }
  }

  /**
   * Over a table, MariaDB types JSON_EXTRACT's answer {@code JSON} (Connector/J's column type name;
   * JSON_UNQUOTE and JSON_VALUE answer {@code LONGTEXT}), so the comparator compares it by meaning,
   * as it compares a {@code JSON} column with a {@code jsonb} one: key order and a number's
   * spelling are not reported there (Known limits), other values are. JSON_VALUE's text is compared
   * as text, so {@code 1e2} against {@code jsonb}'s {@code 100} is reported, as the application
   * reads it.
   */
  @Test
  void the_shadow_comparator_reports_what_the_application_would_see_differ() throws Exception {
    DBS.mariadb()
        .execute(
            "CREATE TABLE odd (id INT PRIMARY KEY, doc JSON)",
            "INSERT INTO odd VALUES (8, '{\"b\": 1, \"a\": 2, \"e\": 1e2}'),"
                + " (9, '{\"t\": \"x\"}')");
    DBS.postgres()
        .execute(
            "CREATE TABLE odd (id int PRIMARY KEY, doc jsonb)",
            "INSERT INTO odd VALUES (8, '{\"b\": 1, \"a\": 2, \"e\": 1e2}'),"
                + " (9, '{\"t\": \"y\"}')");
    String reordered = "SELECT id, JSON_EXTRACT(doc, '$') FROM odd WHERE id < 9";
    String otherValue = "SELECT JSON_EXTRACT(doc, '$.t') FROM odd WHERE id = 9";
    String number = "SELECT id, JSON_VALUE(doc, '$.e') FROM odd";
    List<String> reads = new ArrayList<>(SAME);
    reads.add(reordered);
    reads.add(otherValue);
    reads.add(number);
    String url =
        MigrationFixture.writeConfig(
            DBS.mariadb(),
            DBS.postgres(),
            Phase.DUAL_OLD_PRIMARY,
            MariaDbToPostgresReadShapesTest.FAST);
    try (Connection c = DriverManager.getConnection(url)) {
      for (String sql : reads) {
        try (PreparedStatement ps = c.prepareStatement(sql);
            ResultSet rs = ps.executeQuery()) {
          ShadowReadSemantics.readAll(rs);
        }
      }
    }
    MismatchReport report = ShadowReadSemantics.drained(url);
    List<String> found = new ArrayList<>();
    for (FingerprintRollup f : report.fingerprints()) {
      if (!f.kinds().isEmpty()) {
        found.add(f.sql());
        assertEquals(
            List.of(MismatchKind.VALUE_DIFFERENCE), List.copyOf(f.kinds().keySet()), f.toString());
      }
    }
    assertEquals(List.of(otherValue, number), found.stream().sorted().toList(), report.toJson());
  }

  /** Writes that select rows and set columns by JSON: PostgreSQL keeps the same rows. */
  @Test
  void writes_by_json_leave_the_same_rows_on_postgresql() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE docs SET tag = JSON_UNQUOTE(JSON_EXTRACT(doc, '$.tag')),"
                  + " raw = JSON_EXTRACT(doc, '$.tag') WHERE JSON_EXTRACT(doc, '$.n') >= 1")) {
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE docs SET raw = JSON_VALUE(txt, '$[1]') WHERE id = ?")) {
        ps.setInt(1, 4);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM docs WHERE JSON_EXTRACT(doc, '$.tag') = ?")) {
        ps.setString(1, "x\"y\\z");
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE docs SET tag = JSON_UNQUOTE(JSON_EXTRACT(?, '$.t')) WHERE id = ?")) {
        ps.setString(1, "{\"t\": \"from a parameter\"}");
        ps.setInt(2, 7);
        ps.executeUpdate();
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String select = "SELECT id, tag, raw FROM docs ORDER BY id";
    List<List<Object>> rows = DBS.mariadb().query(select);
    assertEquals(
        "[[1, red, \"red\"], [3, café, \"café\"], [4, null, 5], [5, null, null], [6, null, null],"
            + " [7, from a parameter, null]]",
        rows.toString());
    assertEquals(rows, DBS.postgres().query(select));
  }

  /**
   * Parentheses around a compared call change nothing on MariaDB, which still compares the value
   * unquoted: a read finds the same rows and a delete removes the same rows on both databases.
   */
  @Test
  void a_compared_call_in_parentheses_finds_the_rows_mariadb_finds() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_NEW_PRIMARY, "");
    String read =
        "SELECT id FROM docs WHERE (JSON_EXTRACT(doc, '$.tag')) = 'red'"
            + " OR 'café' = ((JSON_EXTRACT(doc, '$.tag'))) ORDER BY id";
    try (Connection maria = DBS.mariadb().connect();
        Connection driver = DriverManager.getConnection(url)) {
      assertEquals("[[1, 1], [3, 3]]", answers(maria, read).toString());
      assertEquals(answers(maria, read), answers(driver, read));
      try (PreparedStatement ps =
          driver.prepareStatement("DELETE FROM docs WHERE (JSON_EXTRACT(doc, '$.tag')) = ?")) {
        ps.setString(1, "red");
        ps.executeUpdate();
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String select = "SELECT id FROM docs ORDER BY id";
    assertEquals("[[2], [3], [4], [5], [6], [7]]", DBS.mariadb().query(select).toString());
    assertEquals(DBS.mariadb().query(select), DBS.postgres().query(select));
  }

  /**
   * Beside a number MariaDB reads the value as a number: a JSON number as it is, a string by its
   * leading number (0 when it has none, with a warning), {@code true} and {@code false} as 1 and 0,
   * a JSON null, an object and an array as 0 (measured); none of them is an error.
   */
  @Test
  void compared_with_a_number_every_json_value_reads_as_mariadb_reads_it() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_NEW_PRIMARY, "");
    List<String> reads =
        List.of(
            "SELECT id FROM docs WHERE JSON_EXTRACT(doc, '$.tag') = 0 ORDER BY id",
            "SELECT id FROM docs WHERE JSON_EXTRACT(doc, '$.flag') = 1 ORDER BY id",
            "SELECT id FROM docs WHERE JSON_EXTRACT(doc, '$.n') > -1 ORDER BY id",
            "SELECT id FROM docs WHERE JSON_EXTRACT(doc, '$.n') IN (+7) ORDER BY id",
            "SELECT id FROM docs WHERE JSON_EXTRACT(doc, '$.o') = 0"
                + " OR JSON_EXTRACT(doc, '$.list') = 0 ORDER BY id",
            "SELECT id FROM docs WHERE JSON_EXTRACT('{\"p\": \" 12.5e1x\"}', '$.p') = 125"
                + " AND JSON_EXTRACT('[\"-.5\", \"+\"]', '$[0]') < 0"
                + " AND JSON_EXTRACT('[\"-.5\", \"+\"]', '$[1]') = 0 ORDER BY id");
    try (Connection maria = DBS.mariadb().connect();
        Connection driver = DriverManager.getConnection(url)) {
      assertEquals(
          "[[1, 2, 3, 7], [1], [1, 2, 3], [3], [1, 2], [1, 2, 3, 4, 5, 6, 7]]",
          reads.stream()
              .map(sql -> DBS.mariadb().query(sql).stream().map(r -> r.get(0)).toList())
              .toList()
              .toString());
      for (String sql : reads) {
        assertEquals(answers(maria, sql), answers(driver, sql), sql);
      }
    }
  }

  /**
   * JSON_EXTRACT's value set into, inserted into or selected into a {@code json} or {@code jsonb}
   * column (MariaDB's {@code JSON}) and a text column: PostgreSQL takes it and both databases hold
   * the same JSON.
   */
  @Test
  void json_extract_written_into_a_json_column_is_stored_on_both_databases() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE docs SET js = JSON_EXTRACT(doc, '$.o'), raw = JSON_EXTRACT(doc, '$.tag')"
                  + " WHERE id = 1")) {
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO docs (id, doc, js) VALUES (8, JSON_EXTRACT(?, '$.a'), JSON_EXTRACT(?,"
                  + " '$.a'))")) {
        ps.setString(1, "{\"a\": {\"k\": [1, \"x\"]}}");
        ps.setString(2, "{\"a\": \"s\"}");
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO docs (id, doc) SELECT id + 10, JSON_EXTRACT(doc, '$.list') FROM docs"
                  + " WHERE id = 1")) {
        ps.executeUpdate();
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String select = "SELECT id, doc, js, raw FROM docs WHERE id IN (1, 8, 11) ORDER BY id";
    String rows = DBS.mariadb().query(select).toString();
    assertEquals(
        "[[1, {\"n\": 1, \"o\": {\"x\": 1, \"bb\": [1, 2]}, \"a b\": \"spaced\", \"tag\":"
            + " \"red\", \"flag\": true, \"list\": [10, {\"c\": \"deep\"}], \"none\": null,"
            + " \"price\": 1.50}, {\"x\": 1, \"bb\": [1, 2]}, \"red\"], [8, {\"k\": [1,"
            + " \"x\"]}, \"s\", null], [11, [10, {\"c\": \"deep\"}], null, null]]",
        rows);
    assertEquals(rows, DBS.postgres().query(select).toString());
  }

  /**
   * A lone surrogate escape is no character: MariaDB's JSON_UNQUOTE answers such a text as it is
   * (with a warning), where PostgreSQL's jsonb refuses it; a pair is one character on both.
   */
  @Test
  void json_unquote_of_a_lone_surrogate_escape_answers_the_text_as_it_is() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_NEW_PRIMARY, "");
    String sql =
        "SELECT JSON_UNQUOTE('\"\\\\ud800\"'), JSON_UNQUOTE('\"a\\\\uDC00\"'),"
            + " JSON_UNQUOTE('\"\\\\ud83d\\\\ude00\"'), JSON_UNQUOTE(?)";
    try (Connection maria = DBS.mariadb().connect();
        Connection driver = DriverManager.getConnection(url)) {
      String text = "\"x\\ud83dy\"";
      assertEquals(
          "[[\"\\ud800\", String, \"a\\uDC00\", String, \uD83D\uDE00, String,"
              + " \"x\\ud83dy\", String]]",
          answers(maria, sql, text).toString());
      assertEquals(answers(maria, sql, text), answers(driver, sql, text));
    }
  }

  /**
   * A path a document lacks is NULL, which MariaDB sorts first ascending: a page ordered by a JSON
   * value, and the row a limited delete so ordered removes, are MariaDB's.
   */
  @Test
  void ordered_by_a_json_value_a_missing_path_sorts_first_as_on_mariadb() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_NEW_PRIMARY, "");
    String read =
        "SELECT id FROM docs ORDER BY JSON_VALUE(doc, '$.n'), JSON_EXTRACT(doc, '$.price') DESC,"
            + " id LIMIT 5";
    try (Connection maria = DBS.mariadb().connect();
        Connection driver = DriverManager.getConnection(url)) {
      assertEquals("[[4, 4], [5, 5], [6, 6], [7, 7], [1, 1]]", answers(maria, read).toString());
      assertEquals(answers(maria, read), answers(driver, read));
      try (PreparedStatement ps =
          driver.prepareStatement(
              "DELETE FROM docs ORDER BY JSON_EXTRACT(doc, '$.price'), id LIMIT 1")) {
        ps.executeUpdate();
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String select = "SELECT id FROM docs ORDER BY id";
    assertEquals("[[1], [3], [4], [5], [6], [7]]", DBS.mariadb().query(select).toString());
    assertEquals(DBS.mariadb().query(select), DBS.postgres().query(select));
  }

  /** Each row's values as getString and getObject give them, with the columns' Java classes. */
  private static List<List<Object>> answers(Connection c, String sql, String... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      List<List<Object>> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int k = 1; k <= md.getColumnCount(); k++) {
            Object o = rs.getObject(k);
            // The id and COUNT(*) are numbers on both sides (of other widths); the JSON answers
            // are Strings on MariaDB and must be on PostgreSQL, not jsonb's PGobject.
            row.add(rs.getString(k));
            row.add(
                o == null || o instanceof Number
                    ? String.valueOf(o)
                    : o.getClass().getSimpleName());
          }
          out.add(row);
        }
      }
      return out;
    }
  }
}
