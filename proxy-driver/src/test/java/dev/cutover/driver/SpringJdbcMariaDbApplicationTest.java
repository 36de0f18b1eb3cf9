package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.BeanPropertyRowMapper;
import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.namedparam.SqlParameterSourceUtils;
import org.springframework.jdbc.core.simple.SimpleJdbcInsert;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A Spring JDBC application written for MariaDB (JdbcTemplate, NamedParameterJdbcTemplate,
 * SimpleJdbcInsert, KeyHolder, TransactionTemplate, row mappers, MySQL's SQL in its strings), its
 * only change the JDBC URL, behind HikariCP, moved to PostgreSQL through {@code OLD →
 * DUAL_OLD_PRIMARY → DUAL_NEW_PRIMARY → NEW} with a rollback drill. The schema on PostgreSQL is
 * what pgloader makes of MariaDB's ({@code AUTO_INCREMENT} as {@code bigserial}/{@code serial},
 * {@code TINYINT(1)} as {@code boolean}, {@code DECIMAL} as {@code numeric}, {@code DATETIME(6)} as
 * {@code timestamp(6)}).
 *
 * <p>In every phase the application runs the same work: what it observes of its writes (generated
 * keys, their types, update counts) is what it observed on MariaDB at {@code OLD}. After every dual
 * phase both databases hold the same rows with the same ids, the journal is empty, every shadow
 * read (sampled at 100%) matched, and the application's reads answer through the driver what
 * MariaDB answers directly, and the same before and after each switch.
 */
class SpringJdbcMariaDbApplicationTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static final List<String> TABLES = List.of("account", "invoice", "stock", "tag");

  private static final String[] MARIADB_SCHEMA = {
    "DROP TABLE IF EXISTS tag",
    "DROP TABLE IF EXISTS invoice",
    "DROP TABLE IF EXISTS account",
    "DROP TABLE IF EXISTS stock",
    "CREATE TABLE account (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
        + " email VARCHAR(100) NOT NULL UNIQUE, name VARCHAR(100) NOT NULL,"
        + " active TINYINT(1) NOT NULL, balance DECIMAL(12,2) NOT NULL,"
        + " tier VARCHAR(10) NOT NULL, created DATETIME(6) NOT NULL, note TEXT)",
    "CREATE TABLE invoice (id BIGINT AUTO_INCREMENT PRIMARY KEY, account_id BIGINT NOT NULL,"
        + " status VARCHAR(20) NOT NULL, amount DECIMAL(12,2) NOT NULL, qty INT NOT NULL,"
        + " issued DATETIME(6) NOT NULL, paid TINYINT(1) NOT NULL,"
        + " FOREIGN KEY (account_id) REFERENCES account (id))",
    "CREATE TABLE stock (sku VARCHAR(20) PRIMARY KEY, qty INT NOT NULL,"
        + " price DECIMAL(10,2) NOT NULL, updated DATETIME(6))",
    "CREATE TABLE tag (id INT AUTO_INCREMENT PRIMARY KEY, account_id BIGINT NOT NULL,"
        + " label VARCHAR(40) NOT NULL, UNIQUE KEY uq_tag (account_id, label))"
  };

  /** The same, as pgloader maps it to PostgreSQL. */
  private static final String[] POSTGRES_SCHEMA = {
    "DROP TABLE IF EXISTS tag",
    "DROP TABLE IF EXISTS invoice",
    "DROP TABLE IF EXISTS account",
    "DROP TABLE IF EXISTS stock",
    "CREATE TABLE account (id bigserial PRIMARY KEY, email varchar(100) NOT NULL UNIQUE,"
        + " name varchar(100) NOT NULL, active boolean NOT NULL, balance numeric(12,2) NOT NULL,"
        + " tier varchar(10) NOT NULL, created timestamp(6) NOT NULL, note text)",
    "CREATE TABLE invoice (id bigserial PRIMARY KEY,"
        + " account_id bigint NOT NULL REFERENCES account (id), status varchar(20) NOT NULL,"
        + " amount numeric(12,2) NOT NULL, qty integer NOT NULL, issued timestamp(6) NOT NULL,"
        + " paid boolean NOT NULL)",
    "CREATE TABLE stock (sku varchar(20) PRIMARY KEY, qty integer NOT NULL,"
        + " price numeric(10,2) NOT NULL, updated timestamp(6))",
    "CREATE TABLE tag (id serial PRIMARY KEY, account_id bigint NOT NULL,"
        + " label varchar(40) NOT NULL, CONSTRAINT uq_tag UNIQUE (account_id, label))"
  };

  static final LocalDateTime T0 = LocalDateTime.of(2024, 1, 31, 9, 30, 15, 123_456_000);

  // ---- the application's model ----

  enum Tier {
    BASIC,
    GOLD
  }

  enum Status {
    OPEN,
    PAID,
    VOID
  }

  /** A JavaBean, for {@link BeanPropertyRowMapper}. */
  public static class Account {
    private Long id;
    private String email;
    private String name;
    private boolean active;
    private BigDecimal balance;
    private Tier tier;
    private LocalDateTime created;
    private String note;

    public Long getId() {
      return id;
    }

    public void setId(Long id) {
      this.id = id;
    }

    public String getEmail() {
      return email;
    }

    public void setEmail(String email) {
      this.email = email;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public boolean isActive() {
      return active;
    }

    public void setActive(boolean active) {
      this.active = active;
    }

    public BigDecimal getBalance() {
      return balance;
    }

    public void setBalance(BigDecimal balance) {
      this.balance = balance;
    }

    public Tier getTier() {
      return tier;
    }

    public void setTier(Tier tier) {
      this.tier = tier;
    }

    public LocalDateTime getCreated() {
      return created;
    }

    public void setCreated(LocalDateTime created) {
      this.created = created;
    }

    public String getNote() {
      return note;
    }

    public void setNote(String note) {
      this.note = note;
    }

    @Override
    public String toString() {
      return id + " " + email + " " + name + " " + active + " " + balance + " " + tier + " "
          + created + " " + note;
    }
  }

  /** A record, for {@link DataClassRowMapper}. */
  public record Invoice(
      Long id,
      Long accountId,
      Status status,
      BigDecimal amount,
      int qty,
      LocalDateTime issued,
      boolean paid) {}

  /** The application: its pool, templates and transactions, on one JDBC URL. */
  static final class App {
    final HikariDataSource pool;
    final JdbcTemplate jdbc;
    final NamedParameterJdbcTemplate named;
    final TransactionTemplate tx;

    App(String url, String user) {
      HikariConfig hc = new HikariConfig();
      hc.setJdbcUrl(url);
      if (user != null) {
        // The direct pool only: the driver's migration is one per URL and user.
        hc.setUsername(user);
      }
      hc.setMaximumPoolSize(3);
      pool = new HikariDataSource(hc);
      jdbc = new JdbcTemplate(pool);
      named = new NamedParameterJdbcTemplate(jdbc);
      tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
    }

    DataSource dataSource() {
      return pool;
    }
  }

  private Set<Migration> before;
  private final List<App> apps = new ArrayList<>();

  @BeforeEach
  void schema() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    DBS.mariadb().execute(MARIADB_SCHEMA);
    DBS.postgres().execute(POSTGRES_SCHEMA);
  }

  @AfterEach
  void close() {
    apps.forEach(a -> a.pool.close());
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  private App app(String url, String user) {
    App a = new App(url, user);
    apps.add(a);
    return a;
  }

  // ---- the application's writes ----

  /**
   * One round of the application's writes, its rows tagged {@code tag}; returns what it observed of
   * them, free of the tag and of the ids' values, so that every phase observes the same.
   */
  private static List<String> work(App app, String tag) {
    List<String> seen = new ArrayList<>();
    JdbcTemplate jdbc = app.jdbc;

    // update(PreparedStatementCreator, KeyHolder), as most Spring code writes it.
    KeyHolder kh = new GeneratedKeyHolder();
    int n =
        jdbc.update(
            con -> {
              PreparedStatement ps =
                  con.prepareStatement(
                      "INSERT INTO account (email, name, active, balance, tier, created, note)"
                          + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                      Statement.RETURN_GENERATED_KEYS);
              ps.setString(1, tag + ".ann@x.test");
              ps.setString(2, "Ann " + tag + " O'Hara");
              ps.setBoolean(3, true);
              ps.setBigDecimal(4, new BigDecimal("120.50"));
              ps.setString(5, Tier.GOLD.name());
              ps.setObject(6, T0);
              ps.setNull(7, java.sql.Types.VARCHAR);
              return ps;
            },
            kh);
    long ann = key(jdbc, seen, "getKey", kh.getKey(), tag + ".ann@x.test", n);
    // The key column named.
    KeyHolder named = new GeneratedKeyHolder();
    n =
        jdbc.update(
            con -> {
              PreparedStatement ps =
                  con.prepareStatement(
                      "INSERT INTO account (email, name, active, balance, tier, created)"
                          + " VALUES (?, ?, ?, ?, ?, ?)",
                      new String[] {"id"});
              ps.setString(1, tag + ".bob@x.test");
              // Names start with capitals: MariaDB orders text ignoring case, PostgreSQL's
              // collation does not (docs/driver.md, Known limits: schema mappings).
              ps.setString(2, "Bob " + tag);
              ps.setBoolean(3, false);
              ps.setBigDecimal(4, new BigDecimal("0.05"));
              ps.setString(5, Tier.BASIC.name());
              ps.setObject(6, T0.plusDays(3));
              return ps;
            },
            named);
    long bob = key(jdbc, seen, "getKey(named)", named.getKey(), tag + ".bob@x.test", n);
    // SimpleJdbcInsert, its columns read from the table's metadata.
    Number cyKey =
        new SimpleJdbcInsert(app.dataSource())
            .withTableName("account")
            .usingGeneratedKeyColumns("id")
            .executeAndReturnKey(
                new MapSqlParameterSource()
                    .addValue("email", tag + ".cy@x.test")
                    .addValue("name", "Cy \\ \"quoted\" " + tag)
                    .addValue("active", true)
                    .addValue("balance", new BigDecimal("99.99"))
                    .addValue("tier", Tier.BASIC.name())
                    .addValue("created", T0.minusHours(30))
                    .addValue("note", "it's a note"));
    long cy = key(jdbc, seen, "executeAndReturnKey", cyKey, tag + ".cy@x.test", 1);
    // NamedParameterJdbcTemplate with a KeyHolder.
    KeyHolder dk = new GeneratedKeyHolder();
    n =
        app.named.update(
            "INSERT INTO account (email, name, active, balance, tier, created, note)"
                + " VALUES (:email, :name, :active, :balance, :tier, :created, :note)",
            new MapSqlParameterSource()
                .addValue("email", tag + ".dee@x.test")
                .addValue("name", "Dee " + tag)
                .addValue("active", true)
                .addValue("balance", new BigDecimal("10"))
                .addValue("tier", Tier.GOLD.name())
                .addValue("created", T0.plusMinutes(61))
                .addValue("note", null),
            dk);
    long dee = key(jdbc, seen, "named getKey", dk.getKey(), tag + ".dee@x.test", n);

    // SimpleJdbcInsert of invoices, one by one.
    SimpleJdbcInsert invoices =
        new SimpleJdbcInsert(app.dataSource())
            .withTableName("invoice")
            .usingColumns("account_id", "status", "amount", "qty", "issued", "paid")
            .usingGeneratedKeyColumns("id");
    Number first =
        invoices.executeAndReturnKey(
            Map.of(
                "account_id",
                ann,
                "status",
                Status.OPEN.name(),
                "amount",
                new BigDecimal("19.99"),
                "qty",
                2,
                "issued",
                T0,
                "paid",
                false));
    seen.add(
        "invoice key "
            + first.getClass().getSimpleName()
            + " "
            + first.equals(
                jdbc.queryForObject(
                    "SELECT MAX(id) FROM invoice WHERE account_id = ?", Long.class, ann)));
    // batchUpdate with a list of arguments.
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {ann, "PAID", new BigDecimal("120.50"), 1, T0.plusHours(2), true});
    rows.add(new Object[] {bob, "OPEN", new BigDecimal("5.05"), 7, T0.plusDays(2), false});
    rows.add(new Object[] {bob, "VOID", new BigDecimal("0.00"), 3, T0.plusDays(2), false});
    rows.add(new Object[] {cy, "PAID", new BigDecimal("99.95"), 4, T0.minusHours(30), true});
    seen.add(
        "batch "
            + java.util.Arrays.toString(
                jdbc.batchUpdate(
                    "INSERT INTO invoice (account_id, status, amount, qty, issued, paid)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                    rows)));
    // batchUpdate with a BatchPreparedStatementSetter.
    List<Long> owners = List.of(cy, dee, dee);
    seen.add(
        "batch setter "
            + java.util.Arrays.toString(
                jdbc.batchUpdate(
                    "INSERT INTO invoice (account_id, status, amount, qty, issued, paid)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                    new BatchPreparedStatementSetter() {
                      @Override
                      public void setValues(PreparedStatement ps, int i) throws SQLException {
                        ps.setLong(1, owners.get(i));
                        ps.setString(2, i == 0 ? "VOID" : "OPEN");
                        ps.setBigDecimal(3, new BigDecimal("10.00").add(BigDecimal.valueOf(i)));
                        ps.setInt(4, i + 1);
                        ps.setObject(5, T0.plusMinutes(i * 61L));
                        ps.setBoolean(6, i == 1);
                      }

                      @Override
                      public int getBatchSize() {
                        return owners.size();
                      }
                    })));
    // NamedParameterJdbcTemplate.batchUpdate of beans' maps, and with a KeyHolder.
    List<Map<String, Object>> tags = new ArrayList<>();
    for (long owner : List.of(ann, bob, cy)) {
      tags.add(Map.of("owner", owner, "label", "vip"));
    }
    seen.add(
        "named batch "
            + java.util.Arrays.toString(
                app.named.batchUpdate(
                    "INSERT INTO tag (account_id, label) VALUES (:owner, :label)",
                    SqlParameterSourceUtils.createBatch(tags))));
    KeyHolder batchKeys = new GeneratedKeyHolder();
    SqlParameterSource[] more = {
      new MapSqlParameterSource("owner", dee).addValue("label", "new"),
      new MapSqlParameterSource("owner", dee).addValue("label", "late payer")
    };
    app.named.batchUpdate(
        "INSERT INTO tag (account_id, label) VALUES (:owner, :label)",
        more,
        batchKeys,
        new String[] {"id"});
    List<Object> batchKeyValues = new ArrayList<>();
    for (Map<String, Object> k : batchKeys.getKeyList()) {
      batchKeyValues.addAll(k.values());
    }
    List<Object> deeTags =
        new ArrayList<>(
            jdbc.queryForList(
                "SELECT id FROM tag WHERE account_id = ? ORDER BY id", Object.class, dee));
    seen.add(
        "batch keys "
            + batchKeyValues.stream().map(k -> k.getClass().getSimpleName()).toList()
            + " "
            + batchKeyValues.stream()
                .map(k -> ((Number) k).longValue())
                .toList()
                .equals(deeTags.stream().map(k -> ((Number) k).longValue()).toList()));
    // Several statements of text in one batch.
    seen.add(
        "text batch "
            + java.util.Arrays.toString(
                jdbc.batchUpdate(
                    "UPDATE account SET note = 'batched' WHERE id = " + cy,
                    "INSERT INTO stock (sku, qty, price, updated) VALUES ('"
                        + tag
                        + "-A', 10, 2.50, '2024-01-31 09:30:15.123456'), ('"
                        + tag
                        + "-B', 5, 7.25, NULL)")));

    // MySQL's upserts. Only whether an update of an existing row wrote is kept: MariaDB counts
    // such a row twice, PostgreSQL once (docs/driver.md, Known limits: upsert counts).
    seen.add(
        "upsert wrote "
            + (jdbc.update(
                    "INSERT INTO stock (sku, qty, price) VALUES (?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE qty = qty + VALUES(qty), price = VALUES(price)",
                    tag + "-A",
                    3,
                    new BigDecimal("2.75"))
                > 0));
    seen.add(
        "upsert new "
            + jdbc.update(
                "INSERT INTO stock (sku, qty, price) VALUES (?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE qty = qty + 1",
                tag + "-C",
                1,
                new BigDecimal("0.99")));
    seen.add(
        "ignore "
            + jdbc.update(
                "INSERT IGNORE INTO stock (sku, qty, price) VALUES (?, ?, ?)",
                tag + "-B",
                100,
                BigDecimal.ONE)
            + " "
            + jdbc.update(
                "INSERT IGNORE INTO stock (sku, qty, price) VALUES (?, ?, ?)",
                tag + "-D",
                100,
                BigDecimal.ONE));
    seen.add(
        "replace wrote "
            + (jdbc.update(
                    "REPLACE INTO stock (sku, qty, price, updated) VALUES (?, ?, ?, ?)",
                    tag + "-B",
                    6,
                    new BigDecimal("7.50"),
                    T0.plusDays(1))
                > 0));
    seen.add(
        "tag upsert "
            + (jdbc.update(
                    "INSERT INTO tag (account_id, label) VALUES (?, ?)"
                        + " ON DUPLICATE KEY UPDATE label = VALUES(label)",
                    ann,
                    "vip")
                > 0));

    // Updates and deletes as MySQL writes them.
    seen.add(
        "pay "
            + app.named.update(
                "UPDATE invoice SET status = 'PAID', paid = 1"
                    + " WHERE account_id IN (:owners) AND amount > :min AND status = 'OPEN'",
                new MapSqlParameterSource("owners", List.of(ann, bob, dee))
                    .addValue("min", new BigDecimal("10"))));
    seen.add(
        "credit "
            + jdbc.update(
                "UPDATE account SET balance = balance + ?, note = IFNULL(note, 'none'),"
                    + " active = NOT active WHERE id = ?",
                new BigDecimal("0.25"),
                bob));
    seen.add(
        "void "
            + jdbc.update(
                "DELETE FROM invoice WHERE status = 'VOID' AND account_id = ? AND amount = 0",
                bob));

    // A transaction that commits, with a locking read.
    Integer left =
        app.tx.execute(
            status -> {
              Integer qty =
                  jdbc.queryForObject(
                      "SELECT qty FROM stock WHERE sku = ? FOR UPDATE", Integer.class, tag + "-A");
              jdbc.update(
                  "UPDATE stock SET qty = qty - 2, updated = ? WHERE sku = ?",
                  T0.plusDays(7),
                  tag + "-A");
              jdbc.update(
                  "UPDATE account SET balance = balance - 2.00 WHERE email = ?",
                  tag + ".ann@x.test");
              return qty - 2;
            });
    seen.add("transaction " + left);
    // One the application rolls back (last: MariaDB's AUTO_INCREMENT is not given back).
    app.tx.executeWithoutResult(
        status -> {
          jdbc.update(
              "INSERT INTO account (email, name, active, balance, tier, created)"
                  + " VALUES (?, 'Gone', 1, 0, 'BASIC', ?)",
              tag + ".gone@x.test",
              T0);
          jdbc.update("DELETE FROM tag WHERE account_id = ?", ann);
          status.setRollbackOnly();
        });
    seen.add(
        "rolled back "
            + jdbc.queryForObject(
                "SELECT COUNT(*) FROM account WHERE email = ?", Integer.class, tag + ".gone@x.test")
            + " "
            + jdbc.queryForObject(
                "SELECT COUNT(*) FROM tag WHERE account_id = ?", Integer.class, ann));
    return seen;
  }

  /** Checks a generated key against the row's id and notes what the application saw of it. */
  private static long key(
      JdbcTemplate jdbc, List<String> seen, String how, Number key, String email, int count) {
    Long id = jdbc.queryForObject("SELECT id FROM account WHERE email = ?", Long.class, email);
    seen.add(
        how + " " + count + " " + key.getClass().getSimpleName() + " " + (key.longValue() == id));
    return id;
  }

  // ---- the application's reads ----

  /** What the application's screens and reports read, as text with the Java types it got. */
  private static List<String> reads(App app) {
    JdbcTemplate jdbc = app.jdbc;
    List<String> out = new ArrayList<>();
    out.add("count " + show(jdbc.queryForObject("SELECT COUNT(*) FROM account", Integer.class)));
    out.add(
        "max "
            + show(
                jdbc.queryForObject(
                    "SELECT MAX(id) FROM invoice WHERE paid = ?", Long.class, true)));
    out.add(
        "sum "
            + show(
                jdbc.queryForObject(
                    "SELECT SUM(amount) FROM invoice WHERE status <> 'VOID'", BigDecimal.class)));
    out.add(
        "qty "
            + show(jdbc.queryForObject("SELECT SUM(qty) FROM invoice", Long.class))
            + " "
            + show(jdbc.queryForObject("SELECT SUM(qty) FROM invoice", Object.class)));
    out.add(
        "active "
            + show(
                jdbc.queryForObject(
                    "SELECT active FROM account ORDER BY id LIMIT 1", Boolean.class)));
    out.add(
        "any paid "
            + show(
                jdbc.queryForObject(
                    "SELECT EXISTS (SELECT 1 FROM invoice WHERE paid = 1)", Boolean.class)));
    // Maps: the labels are the keys the application reads.
    for (Map<String, Object> row :
        jdbc.queryForList(
            "SELECT a.id, a.name, a.active, a.balance, a.created, COUNT(i.id) AS invoices,"
                + " SUM(i.amount) AS billed, SUM(i.qty) AS items, MAX(i.issued) AS last_issued"
                + " FROM account a LEFT JOIN invoice i ON i.account_id = a.id"
                + " GROUP BY a.id, a.name, a.active, a.balance, a.created ORDER BY a.id")) {
      out.add("list " + show(row));
    }
    out.add(
        "map "
            + show(
                jdbc.queryForMap(
                    "SELECT COUNT(*), SUM(amount), AVG(amount), MIN(issued), MAX(qty),"
                        + " IFNULL(MAX(status), 'none') FROM invoice WHERE paid = ?",
                    false)));
    out.add(
        "map labels "
            + show(
                jdbc.queryForMap(
                    "SELECT `id`, email AS `Mail`, UPPER(name), balance * 2, tier"
                        + " FROM account ORDER BY id LIMIT 1")));
    // Row mappers.
    for (Account a :
        jdbc.query(
            "SELECT * FROM account WHERE email LIKE ? ORDER BY name, id",
            new BeanPropertyRowMapper<>(Account.class),
            "%@x.test")) {
      out.add("bean " + a);
    }
    for (Invoice i :
        jdbc.query(
            "SELECT id, account_id, status, amount, qty, issued, paid FROM invoice ORDER BY id",
            new DataClassRowMapper<>(Invoice.class))) {
      out.add("record " + i);
    }
    RowMapper<String> byHand =
        (rs, i) ->
            rs.getLong("id")
                + " "
                + rs.getBoolean("active")
                + " "
                + rs.getObject("created", LocalDateTime.class)
                + " "
                + rs.getBigDecimal("balance")
                + " "
                + Tier.valueOf(rs.getString("tier"))
                + " "
                + rs.getString("note")
                + " "
                + show(rs.getObject("active"));
    // Paging as MySQL writes it.
    for (int page = 0; page < 3; page++) {
      out.add(
          "page "
              + page
              + " "
              + jdbc.query(
                  "SELECT id, active, created, balance, tier, note FROM account"
                      + " ORDER BY created DESC, id LIMIT ?, ?",
                  byHand,
                  page * 3,
                  3));
    }
    out.add(
        "named in "
            + app.named.queryForList(
                "SELECT id FROM invoice WHERE status IN (:st) AND qty BETWEEN :lo AND :hi"
                    + " ORDER BY id",
                new MapSqlParameterSource("st", List.of("OPEN", "PAID"))
                    .addValue("lo", 2)
                    .addValue("hi", 7),
                Long.class));
    // Reports in MySQL's SQL.
    for (Map<String, Object> row :
        jdbc.queryForList(
            "SELECT DATE_FORMAT(issued, '%Y-%m') AS month, status, COUNT(*) AS n,"
                + " SUM(amount) AS total, GROUP_CONCAT(id ORDER BY id SEPARATOR ',') AS ids"
                + " FROM invoice GROUP BY DATE_FORMAT(issued, '%Y-%m'), status"
                + " ORDER BY month, status")) {
      out.add("report " + show(row));
    }
    for (Map<String, Object> row :
        jdbc.queryForList(
            "SELECT tier, GROUP_CONCAT(name ORDER BY name SEPARATOR '; ') AS names,"
                + " SUM(active) AS active_count, ROUND(AVG(balance), 2) AS avg_balance"
                + " FROM account GROUP BY tier ORDER BY tier")) {
      out.add("tiers " + show(row));
    }
    for (Map<String, Object> row :
        jdbc.queryForList(
            "SELECT a.name, IFNULL(a.note, '(none)') AS note,"
                + " CASE WHEN a.balance > 100 THEN 'big' ELSE 'small' END AS size,"
                + " DATE_FORMAT(a.created, '%d/%m/%Y %H:%i') AS since,"
                + " a.created < NOW() AS past, CONCAT(a.name, ' <', a.email, '>') AS label,"
                + " (SELECT GROUP_CONCAT(t.label ORDER BY t.label) FROM tag t"
                + " WHERE t.account_id = a.id) AS tags"
                + " FROM account a WHERE a.active = 1 OR a.note IS NOT NULL ORDER BY a.id")) {
      out.add("screen " + show(row));
    }
    for (Map<String, Object> row :
        jdbc.queryForList("SELECT sku, qty, price, updated FROM stock ORDER BY sku")) {
      out.add("stock " + show(row));
    }
    return out;
  }

  /**
   * The reads through the driver, their shadow reads then drained: one of a statement calling
   * {@code NOW()} is classified NON_DETERMINISTIC without a re-check (docs/shadow-reads.md), so one
   * still queued when the next phase's writes land would report their rows as a mismatch.
   */
  private static List<String> reads(App app, Migration m) throws Exception {
    List<String> out = reads(app);
    m.drainShadowReads(Duration.ofSeconds(30));
    return out;
  }

  private static String show(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map<?, ?> m) {
      // The keys in the map's own order, as the application iterates them.
      Map<String, String> shown = new LinkedHashMap<>();
      m.forEach((k, x) -> shown.put(String.valueOf(k), show(x)));
      return shown.toString();
    }
    return v.getClass().getSimpleName() + ":" + v;
  }

  // ---- the migration ----

  @Test
  void a_spring_jdbc_mariadb_application_moves_to_postgresql_changing_only_its_url()
      throws Exception {
    TestDatabase maria = DBS.mariadb();
    String url =
        MigrationFixture.writeConfig(
            maria, DBS.postgres(), Phase.OLD, "shadow: { sampleRate: 1.0 }\n");
    Migration m = CutoverDriver.migration(url);
    App app = app(url, null);
    // The same application on MariaDB itself, no driver in between: what its reads should answer.
    App direct = app(maria.url(), maria.user());

    List<String> expected = work(app, "p0");
    MigrationFixture.assertSameLines(
        reads(direct), reads(app, m), "reads through the driver at OLD");
    MigrationFixture.backfill(DBS.mariadb(), DBS.postgres(), TABLES, "stock");
    MigrationFixture.assertSameRows(m, DBS.mariadb(), DBS.postgres(), TABLES, "after the backfill");

    m.setPhase(Phase.DUAL_OLD_PRIMARY, "test");
    MigrationFixture.assertSameLines(
        expected, work(app, "p1"), "the application's writes at DUAL_OLD_PRIMARY");
    MigrationFixture.assertSameRows(
        m, DBS.mariadb(), DBS.postgres(), TABLES, "at DUAL_OLD_PRIMARY");
    List<String> onMariaDb = reads(app, m);
    MigrationFixture.assertSameLines(reads(direct), onMariaDb, "reads at DUAL_OLD_PRIMARY");
    MigrationFixture.assertNothingJournaledOrMismatched(m, "at DUAL_OLD_PRIMARY");

    m.setPhase(Phase.DUAL_NEW_PRIMARY, "test");
    // The same reads, now answered by PostgreSQL, give the application the same values.
    MigrationFixture.assertSameLines(
        onMariaDb, reads(app, m), "reads after the switch to PostgreSQL");
    // An instance started after the switch works as the first did.
    App restarted = app(url, null);
    MigrationFixture.assertSameLines(
        expected, work(restarted, "p2"), "the application's writes at DUAL_NEW_PRIMARY");
    MigrationFixture.assertSameRows(
        m, DBS.mariadb(), DBS.postgres(), TABLES, "at DUAL_NEW_PRIMARY");
    List<String> onPostgres = reads(app, m);
    MigrationFixture.assertSameLines(reads(direct), onPostgres, "reads at DUAL_NEW_PRIMARY");
    MigrationFixture.assertNothingJournaledOrMismatched(m, "at DUAL_NEW_PRIMARY");

    m.setPhase(Phase.DUAL_OLD_PRIMARY, "rollback drill");
    MigrationFixture.assertSameLines(onPostgres, reads(app, m), "reads after the rollback drill");
    MigrationFixture.assertSameLines(
        expected, work(app, "p3"), "the application's writes after the drill");
    MigrationFixture.assertSameRows(
        m, DBS.mariadb(), DBS.postgres(), TABLES, "after the rollback drill");
    List<String> afterDrill = reads(app, m);
    MigrationFixture.assertSameLines(reads(direct), afterDrill, "reads after the drill");
    MigrationFixture.assertNothingJournaledOrMismatched(m, "after the rollback drill");

    m.setPhase(Phase.DUAL_NEW_PRIMARY, "test");
    MigrationFixture.assertSameLines(afterDrill, reads(app, m), "reads after switching again");
    m.setPhase(Phase.NEW, "test");
    MigrationFixture.assertSameLines(afterDrill, reads(app, m), "reads at NEW");
    MigrationFixture.assertSameLines(expected, work(app, "p4"), "the application's writes at NEW");
    assertEquals(List.of(), m.divergences(100), "journal at NEW");
    for (String table : List.of("account", "invoice", "tag")) {
      long max = DBS.postgres().queryLong("SELECT max(id) FROM " + table);
      assertTrue(
          MigrationFixture.generatorPosition(DBS.postgres(), table) >= max,
          table + "'s sequence is behind its ids");
    }
  }

  /**
   * How the application handles failures: Spring's exception for a duplicate, and a transaction
   * that ignores a duplicate and commits. Outcomes with the row ids left out.
   */
  private static List<String> failures(App app, String tag) {
    List<String> seen = new ArrayList<>();
    String insert =
        "INSERT INTO account (email, name, active, balance, tier, created) VALUES (?, ?, 1, 0, 'GOLD',"
            + " ?)";
    app.jdbc.update(insert, tag + ".f@x.test", "F", T0);
    try {
      app.jdbc.update(insert, tag + ".f@x.test", "F again", T0);
      seen.add("duplicate inserted");
    } catch (org.springframework.dao.DataAccessException e) {
      seen.add(
          "duplicate: "
              + e.getClass().getSimpleName()
              + " "
              + ((SQLException) e.getMostSpecificCause()).getErrorCode());
    }
    try {
      app.tx.executeWithoutResult(
          status -> {
            app.jdbc.update(insert, tag + ".g@x.test", "G", T0);
            try {
              app.jdbc.update(insert, tag + ".f@x.test", "F in a transaction", T0);
            } catch (org.springframework.dao.DuplicateKeyException ignored) {
              // the usual "already there" path
            }
          });
      seen.add("transaction committed");
    } catch (RuntimeException e) {
      seen.add("transaction failed: " + e.getClass().getSimpleName());
    }
    seen.add(
        "g stored: "
            + app.jdbc.queryForObject(
                "SELECT COUNT(*) FROM account WHERE email = ?", Long.class, tag + ".g@x.test"));
    return seen;
  }

  @Test
  void failures_reach_spring_after_the_switch_as_they_did_on_mariadb() throws Exception {
    TestDatabase maria = DBS.mariadb();
    App direct = app(maria.url(), maria.user());
    List<String> onMariaDb = failures(direct, "d");
    assertEquals(
        List.of("duplicate: DuplicateKeyException 1062", "transaction committed", "g stored: 1"),
        onMariaDb);
    for (Phase phase : List.of(Phase.DUAL_NEW_PRIMARY, Phase.NEW)) {
      // Both sides start equal (and empty) for the migration.
      maria.execute("DELETE FROM account");
      DBS.postgres().execute("DELETE FROM account");
      // With statementRollback, the transaction goes on past the duplicate as on MariaDB.
      String url =
          MigrationFixture.writeConfig(
              maria, DBS.postgres(), phase, "translation: { statementRollback: true }\n");
      assertEquals(onMariaDb, failures(app(url, null), "s" + phase.ordinal()), phase.toString());
      assertEquals(List.of(), CutoverDriver.migration(url).divergences(100), phase.toString());
      maria.execute("DELETE FROM account");
      DBS.postgres().execute("DELETE FROM account");
      // By default PostgreSQL's aborted transaction cannot commit: the application is told, and
      // nothing of it is stored (pgjdbc's COMMIT had rolled back the first row without a word).
      String plain = MigrationFixture.writeConfig(maria, DBS.postgres(), phase, "");
      List<String> failed = failures(app(plain, null), "n" + phase.ordinal());
      assertEquals("duplicate: DuplicateKeyException 1062", failed.get(0), phase.toString());
      assertTrue(failed.get(1).startsWith("transaction failed: "), phase + ": " + failed);
      assertEquals("g stored: 0", failed.get(2), phase.toString());
      assertEquals(List.of(), CutoverDriver.migration(plain).divergences(100), phase.toString());
    }
  }
}
