package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cutover.testkit.FreshDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MariaDB's functions that write JSON (JSON_OBJECT, JSON_ARRAY, JSON_QUOTE, JSON_ARRAYAGG,
 * JSON_OBJECTAGG) answered by PostgreSQL through the driver: the application reads the same text
 * (spacing, key order, numbers as written), the same Java type and the same column label as from
 * MariaDB, and a write stores the same documents on both databases.
 */
class MariaDbToPostgresJsonBuildersTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  @BeforeEach
  void tables() {
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS docs",
            "CREATE TABLE docs (id INT PRIMARY KEY, n INT, d DECIMAL(10,2), s VARCHAR(20),"
                + " b TINYINT(1), day DATE, js JSON, doc JSON, txt TEXT) DEFAULT CHARSET=utf8mb4",
            "INSERT INTO docs VALUES (1, 5, 1.50, 'q\"r\\\\', 1, '2024-01-02',"
                + " '{\"z\":1,  \"a\": [1e3]}', NULL, NULL),"
                + " (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                + " (3, -3, -0.50, 'é\\t', 0, NULL, '[1, \"a\"]', NULL, NULL)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS docs",
            "CREATE TABLE docs (id int PRIMARY KEY, n int, d numeric(10,2), s varchar(20),"
                + " b boolean, day date, js json, doc jsonb, txt text)",
            "INSERT INTO docs VALUES (1, 5, 1.50, 'q\"r\\', true, '2024-01-02',"
                + " '{\"z\":1,  \"a\": [1e3]}', NULL, NULL),"
                + " (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                + " (3, -3, -0.50, E'é\\t', false, NULL, '[1, \"a\"]', NULL, NULL)");
  }

  private static final List<String> SAME =
      List.of(
          "SELECT JSON_OBJECT('a', 1, 'b', 'x\"y', 'c', NULL, 'd', -1.50, 'e', TRUE, 'f',"
              + " JSON_ARRAY(1, 'é\\\\', FALSE), 'g', JSON_OBJECT(), 'b', 0.0) AS o",
          "SELECT JSON_ARRAY(), JSON_ARRAY(NULL, 1), JSON_OBJECT(NULL, 1), json_array('\\t\\n/')",
          "SELECT id, JSON_OBJECT('n', n, 'd', d, 's', s, 'b', b, 'day', day, 'js', js) AS o"
              + " FROM docs ORDER BY id",
          "SELECT id, JSON_ARRAY(n, docs.s, JSON_OBJECT('k', `d`)) AS a FROM docs ORDER BY id",
          "SELECT JSON_QUOTE('a\"b\\n'), JSON_QUOTE(NULL), JSON_QUOTE(s) FROM docs ORDER BY id",
          // A date column was NULL here, "2024-01-02" on MariaDB; a number is NULL on both.
          "SELECT JSON_QUOTE(day) AS q, JSON_QUOTE(n) AS m FROM docs ORDER BY id",
          "SELECT id FROM docs WHERE JSON_OBJECT('n', n) = '{\"n\": 5}'",
          "SELECT JSON_ARRAYAGG(n ORDER BY n) AS a, JSON_ARRAYAGG(s ORDER BY id DESC) AS b,"
              + " JSON_OBJECTAGG(s, d) AS c, JSON_OBJECTAGG(id, js) AS d FROM docs",
          "SELECT MIN(id) AS m, JSON_ARRAYAGG(JSON_OBJECT('id', id, 'day', day) ORDER BY day DESC,"
              + " id DESC) AS a FROM docs GROUP BY id < 2 ORDER BY m",
          "SELECT JSON_ARRAYAGG(n), JSON_OBJECTAGG(s, n) FROM docs WHERE id > 10");

  @Test
  void reads_answer_through_postgresql_what_mariadb_answers() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_NEW_PRIMARY, "");
    try (Connection maria = DBS.mariadb().connect();
        Connection driver = DriverManager.getConnection(url)) {
      assertEquals(
          "[[{\"a\": 1, \"b\": \"x\\\"y\", \"c\": null, \"d\": -1.50, \"e\": true, \"f\": [1,"
              + " \"é\\\\\", false], \"g\": {}, \"b\": 0.0}, String, o]]",
          answers(maria, SAME.get(0)).toString());
      for (String sql : SAME) {
        assertEquals(answers(maria, sql), answers(driver, sql), sql);
      }
    }
  }

  /**
   * A {@code ?} is written by the type it is bound with, as MariaDB writes it: a string quoted, a
   * number as it is, NULL as {@code null}, a date-time as MariaDB's text.
   */
  @Test
  void parameters_are_written_by_the_type_they_are_bound_with() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_NEW_PRIMARY, "");
    String sql = "SELECT JSON_OBJECT('a', ?, 'b', JSON_ARRAY(?)), JSON_QUOTE(?)";
    Object[] values = {
      "x\"y\\é",
      "5",
      7,
      8L,
      new BigDecimal("1.50"),
      new BigDecimal("-0.50"),
      null,
      Timestamp.valueOf("2024-01-02 03:04:05"),
      java.sql.Date.valueOf("2024-01-02"),
      // Bound as MariaDB's text '1' for the text parameter, this was "1" where MariaDB writes 1.
      true,
      false
    };
    try (Connection maria = DBS.mariadb().connect();
        Connection driver = DriverManager.getConnection(url)) {
      for (Object v : values) {
        assertEquals(
            answers(maria, false, sql, v, v, v),
            answers(driver, false, sql, v, v, v),
            sql + " " + v);
      }
      assertEquals(
          "[[{\"a\": 7, \"b\": [7]}, String, null, null]]",
          answers(maria, false, sql, 7, 7, 7).toString());
      assertEquals(
          "[[{\"a\": 1, \"b\": [0]}, String, null, null]]",
          answers(driver, false, sql, true, false, true).toString());
    }
  }

  /**
   * A double, whose text MariaDB and PostgreSQL print differently, is refused by PostgreSQL with an
   * error naming the type, never answered with other text.
   */
  @Test
  void a_parameter_whose_text_would_differ_is_refused() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_NEW_PRIMARY, "");
    try (Connection driver = DriverManager.getConnection(url)) {
      SQLException e =
          assertThrows(SQLException.class, () -> answers(driver, "SELECT JSON_ARRAY(?)", 1e20));
      assertEquals(
          true,
          e.getMessage().contains("no MariaDB JSON text for double precision"),
          e.getMessage());
    }
  }

  /**
   * Documents built by JSON_OBJECT and JSON_ARRAY with parameters and columns, inserted and set
   * through a MariaDB primary, are stored alike on PostgreSQL: a {@code json} and a text column
   * hold MariaDB's text, a {@code jsonb} column the same JSON.
   */
  @Test
  void written_documents_are_stored_alike_on_both_databases() throws Exception {
    String url =
        MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.DUAL_OLD_PRIMARY, "");
    try (Connection c = DriverManager.getConnection(url)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO docs (id, doc, js, txt) VALUES (?, JSON_OBJECT('a', ?, 'bb',"
                  + " JSON_ARRAY(?, 2)), JSON_OBJECT('k', ?, 'a', 1.50), JSON_ARRAY(?, NULL))")) {
        ps.setInt(1, 10);
        ps.setString(2, "x\"y");
        ps.setInt(3, 7);
        ps.setBigDecimal(4, new BigDecimal("2.50"));
        ps.setNull(5, Types.VARCHAR);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE docs SET js = JSON_OBJECT('n', n, 's', s, 'b', b), txt = JSON_ARRAY(d, ?)"
                  + " WHERE id < ?")) {
        ps.setString(1, "t");
        ps.setInt(2, 4);
        ps.executeUpdate();
      }
    }
    assertEquals(List.of(), DualWriteSemantics.journal(url));
    String select = "SELECT id, doc, js, txt FROM docs ORDER BY id";
    List<List<Object>> rows = DBS.mariadb().query(select);
    assertEquals(
        "[[1, null, {\"n\": 5, \"s\": \"q\\\"r\\\\\", \"b\": 1}, [1.50, \"t\"]],"
            + " [2, null, {\"n\": null, \"s\": null, \"b\": null}, [null, \"t\"]],"
            + " [3, null, {\"n\": -3, \"s\": \"é\\t\", \"b\": 0}, [-0.50, \"t\"]],"
            + " [10, {\"a\": \"x\\\"y\", \"bb\": [7, 2]}, {\"k\": 2.50, \"a\": 1.50},"
            + " [null, null]]]",
        rows.toString());
    assertEquals(rows.toString(), DBS.postgres().query(select).toString());
  }

  /** Each row's values as getString gives them, with the Java class of getObject and the label. */
  static List<List<Object>> answers(Connection c, String sql, Object... params)
      throws SQLException {
    return answers(c, true, sql, params);
  }

  /**
   * As above, the labels only when {@code labels}: of an item holding a {@code ?}, MariaDB's label
   * is the bound value, which PostgreSQL cannot know.
   */
  static List<List<Object>> answers(Connection c, boolean labels, String sql, Object... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        if (params[i] == null) {
          ps.setNull(i + 1, Types.VARCHAR);
        } else {
          ps.setObject(i + 1, params[i]);
        }
      }
      List<List<Object>> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int k = 1; k <= md.getColumnCount(); k++) {
            Object o = rs.getObject(k);
            row.add(rs.getString(k));
            row.add(
                o == null || o instanceof Number
                    ? String.valueOf(o)
                    : o.getClass().getSimpleName());
            if (labels) {
              row.add(md.getColumnLabel(k));
            }
          }
          out.add(row);
        }
      }
      return out;
    }
  }
}
