package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cutover.testkit.FreshDatabases;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Computed decimals read through the driver on PostgreSQL (phase NEW) answer MariaDB's digits and
 * scale: a quotient, an average and a value-choosing function ({@code COALESCE}, {@code IFNULL},
 * {@code IF}, {@code CASE}, {@code GREATEST}, {@code LEAST}), where PostgreSQL gave its own
 * (0.33333333333333333333 for 0.3333, 0 for 0.00). Each is compared with MariaDB's own answer read
 * directly: {@code getBigDecimal}, {@code getString}, {@code getObject} and the metadata's scale.
 */
class MariaDbToPostgresDecimalScalesTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private Set<Migration> before;

  @BeforeEach
  void tables() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    // A NULL row, a zero price (n / price is NULL), and 0.01 / 32 = 0.0003125, a half at six
    // places, in both signs.
    String rows =
        "INSERT INTO sc VALUES (1, 10.00, 4, 5, 2.5, 1.125), (2, 12.50, 2, 7, 1.5, -2.500),"
            + " (3, NULL, NULL, NULL, NULL, NULL), (4, 0.01, 32, -9, -0.5, 0.001),"
            + " (5, -0.01, 32, 1, 0, -1.250), (6, 0.00, -3, 0, 3, 0.000)";
    String customers = "INSERT INTO customer VALUES (1, 12.50), (2, NULL)";
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS customer",
            "CREATE TABLE customer (id BIGINT PRIMARY KEY, credit DECIMAL(12,2))",
            customers);
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS customer",
            "CREATE TABLE customer (id BIGINT PRIMARY KEY, credit NUMERIC(12,2))",
            customers);
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS sc",
            "CREATE TABLE sc (id INT PRIMARY KEY, price DECIMAL(12,2), n INT, b BIGINT, d DOUBLE,"
                + " p3 DECIMAL(10,3))",
            rows);
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS sc",
            "CREATE TABLE sc (id INT PRIMARY KEY, price NUMERIC(12,2), n INTEGER, b BIGINT, d"
                + " DOUBLE PRECISION, p3 NUMERIC(10,3))",
            rows);
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  /**
   * Per column its label and scale, then per row each value by {@code getBigDecimal}, {@code
   * getString} and {@code getObject} (with its class).
   */
  private static List<List<Object>> answers(Connection c, String sql, Object... params)
      throws Exception {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        List<List<Object>> out = new ArrayList<>();
        List<Object> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          columns.add(md.getColumnLabel(i) + " scale " + md.getScale(i));
        }
        out.add(columns);
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            BigDecimal big = rs.getBigDecimal(i);
            Object o = rs.getObject(i);
            row.add(
                (big == null ? "null" : big.toString())
                    + " / "
                    + rs.getString(i)
                    + " / "
                    + (o == null ? "null" : o.getClass().getSimpleName() + ":" + o));
          }
          out.add(row);
        }
        return out;
      }
    }
  }

  private static void sameAnswers(String sql, Object... params) throws Exception {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    try (Connection maria = DBS.mariadb().connect();
        Connection pg = DriverManager.getConnection(url)) {
      List<List<Object>> expected = answers(maria, sql, params);
      assertEquals(expected, answers(pg, sql, params), sql);
    }
  }

  @Test
  void quotients_have_mariadbs_places() throws Exception {
    sameAnswers(
        "SELECT id, 1/3, -2/3, 1.5/3, price/3, n/3 AS q, b/3, price/n, n/price, p3/7, -price/3,"
            + " ABS(price/3), (price / 3), price/2.50, SUM(price)/COUNT(*) AS a FROM sc"
            + " GROUP BY id ORDER BY id");
    sameAnswers("SELECT 1/3, 2/3 AS two, 10/4, 7/-8 AS x, (1 + 2)/7");
  }

  @Test
  void averages_have_mariadbs_places() throws Exception {
    sameAnswers(
        "SELECT AVG(price), AVG(n), AVG(b), AVG(p3), SUM(price)/COUNT(*), MIN(price/7),"
            + " MAX(n/3), AVG(DISTINCT n) FROM sc");
    sameAnswers("SELECT n, AVG(price) AS ap, AVG(b) FROM sc GROUP BY n ORDER BY n");
    // Parameters keep their places.
    sameAnswers("SELECT AVG(price), COALESCE(MAX(price), 0) FROM sc WHERE n > ? AND id <> ?", 1, 2);
  }

  @Test
  void a_chosen_value_has_the_largest_scale_of_its_values() throws Exception {
    sameAnswers(
        "SELECT id, COALESCE(price, 0), IFNULL(price, 0) AS i, COALESCE(price, 0.125),"
            + " COALESCE(n/3, price), IF(n > 3, price, 0.125), CASE WHEN n > 3 THEN 1 ELSE price"
            + " END AS c, GREATEST(price, 0.125), LEAST(price, n), COALESCE(price, 0) + 1,"
            + " COALESCE(p3, price, n) FROM sc ORDER BY id");
    // Over no rows.
    sameAnswers(
        "SELECT IFNULL(SUM(price), 0), COALESCE(MAX(price), 0), COALESCE(AVG(n), 0),"
            + " COALESCE(SUM(p3), 0.5) FROM sc WHERE id < 0");
  }

  @Test
  void a_column_postgresql_holds_with_more_places_keeps_mariadbs_scale() throws Exception {
    // MariaDB's DECIMAL(12,2) held as NUMERIC(14,4): MariaDB's places count (its catalog's).
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS wide",
            "CREATE TABLE wide (id INT PRIMARY KEY, price DECIMAL(12,2))",
            "INSERT INTO wide VALUES (1, 10.00), (2, 0.01), (3, NULL)");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS wide",
            "CREATE TABLE wide (id INT PRIMARY KEY, price NUMERIC(14,4))",
            "INSERT INTO wide VALUES (1, 10.00), (2, 0.01), (3, NULL)");
    sameAnswers("SELECT id, price/7, COALESCE(price / 3, 1) AS c FROM wide ORDER BY id");
    sameAnswers("SELECT AVG(price), SUM(price)/7 AS seventh FROM wide");
  }

  @Test
  void large_values_keep_mariadbs_digits() throws Exception {
    // PostgreSQL divides to 16 significant digits or its operands' places: 10^18 / 3.0 was
    // 333333333333333333.3, cast to .3000 where MariaDB answers .3333, and 1 / 3 of a
    // DECIMAL(30,20) 0.33333333333333333333 (0000 where MariaDB has 3333). A value beyond 65
    // digits, which MariaDB answers in full, failed a cast to NUMERIC(65, s) ("numeric field
    // overflow").
    String table =
        "CREATE TABLE lv (id INT PRIMARY KEY, b BIGINT, p DECIMAL(30,20), big DECIMAL(65,30), dd"
            + " DECIMAL(65,0))";
    String rows =
        "INSERT INTO lv VALUES (1, 1000000000000000000, 1, 12345678901234567890123456789012345.5,"
            + " 99999999999999999999999999999999999999999999999999999999999999999), (2, 7,"
            + " 1234567890.12345678901234567891, 1, -5), (3, NULL, NULL, NULL, NULL)";
    DBS.mariadb().execute("DROP TABLE IF EXISTS lv", table, rows);
    DBS.postgres().execute("DROP TABLE IF EXISTS lv", table.replace("DECIMAL", "NUMERIC"), rows);
    sameAnswers(
        "SELECT id, b/3, -b/7, p/3, COALESCE(b/3, 0), big/3, dd/7, COALESCE(dd, 0.5) FROM lv"
            + " ORDER BY id");
    sameAnswers("SELECT AVG(b * 1), SUM(b)/COUNT(*), AVG(p * 1), AVG(dd), SUM(big)/3 FROM lv");
    // Grouped by the quotient itself: its divisor left as written, which PostgreSQL must find in
    // the item (with 3.0000 there, the item went through an aggregate, scale 0). Such a quotient
    // keeps PostgreSQL's places before the cast (see Known limits), right for small values.
    sameAnswers("SELECT b/7 AS q, COUNT(*) FROM lv WHERE b < 100 GROUP BY b/7 ORDER BY q");
  }

  @Test
  void the_old_database_unreachable_gives_postgresqls_types_and_is_not_asked_each_time()
      throws Exception {
    // NEW with MariaDB gone: a port that accepts and closes each connection. MariaDB's types
    // could not be read, so the quotient went uncast (3.3333333333333333, scale 0), and every
    // statement connected again.
    try (java.net.ServerSocket gone = new java.net.ServerSocket(0)) {
      java.util.concurrent.atomic.AtomicInteger accepted =
          new java.util.concurrent.atomic.AtomicInteger();
      Thread t =
          new Thread(
              () -> {
                while (!gone.isClosed()) {
                  try (java.net.Socket s = gone.accept()) {
                    accepted.incrementAndGet();
                  } catch (java.io.IOException e) {
                    return;
                  }
                }
              });
      t.setDaemon(true);
      t.start();
      String url =
          MigrationFixture.writeConfig(
              "jdbc:mariadb://127.0.0.1:" + gone.getLocalPort() + "/gone",
              DBS.mariadb(),
              DBS.postgres().url(),
              DBS.postgres(),
              Phase.NEW,
              "");
      List<List<Object>> expected;
      try (Connection maria = DBS.mariadb().connect()) {
        expected = answers(maria, "SELECT id, price/3 FROM sc WHERE id < 3 ORDER BY id");
      }
      try (Connection pg = DriverManager.getConnection(url)) {
        assertEquals(expected, answers(pg, "SELECT id, price/3 FROM sc WHERE id < 3 ORDER BY id"));
        int first = accepted.get();
        for (int i = 0; i < 10; i++) {
          assertEquals(
              expected, answers(pg, "SELECT id, price/3 FROM sc WHERE id < 3 ORDER BY id"));
        }
        assertEquals(first, accepted.get(), "connections to the old database after the first");
      }
    }
  }

  /** A customer's credit, mapped by Hibernate. */
  @Entity(name = "Customer")
  @Table(name = "customer")
  public static class Customer {
    @Id Long id;

    @Column(precision = 12, scale = 2)
    BigDecimal credit;
  }

  /** What Hibernate's MariaDB dialect reads for {@code jpql} through {@code url}, row by row. */
  private static List<BigDecimal> hibernate(String url, String user, String jpql) {
    Configuration cfg =
        new Configuration()
            .addAnnotatedClass(Customer.class)
            .setProperty("hibernate.connection.url", url)
            .setProperty("hibernate.connection.username", user)
            .setProperty("hibernate.connection.password", "")
            .setProperty("hibernate.dialect", "org.hibernate.dialect.MariaDBDialect")
            .setProperty("hibernate.boot.allow_jdbc_metadata_access", "false")
            .setProperty("hibernate.hbm2ddl.auto", "none");
    try (SessionFactory sf = cfg.buildSessionFactory();
        Session session = sf.openSession()) {
      return session.createQuery(jpql, BigDecimal.class).getResultList();
    }
  }

  @Test
  void hibernates_coalesce_is_equal_to_mariadbs() {
    String url = MigrationFixture.writeConfig(DBS.mariadb(), DBS.postgres(), Phase.NEW, "");
    for (String jpql :
        new String[] {
          "select coalesce(c.credit, 0) from Customer c order by c.id",
          "select coalesce(sum(c.credit), 0) from Customer c where c.id < 0",
          "select c.credit / 3 from Customer c order by c.id"
        }) {
      List<BigDecimal> expected = hibernate(DBS.mariadb().url(), DBS.mariadb().user(), jpql);
      // BigDecimal.equals counts the scale: 0.00 is not 0.
      assertEquals(expected, hibernate(url, DBS.mariadb().user(), jpql), jpql);
    }
  }
}
