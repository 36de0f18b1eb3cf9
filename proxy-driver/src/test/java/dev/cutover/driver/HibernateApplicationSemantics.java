package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.testkit.Engine;
import dev.cutover.testkit.TestDatabase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Lob;
import jakarta.persistence.LockModeType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Hibernate application written for the old database, its only change the JDBC URL, run through
 * the migration: {@code OLD → DUAL_OLD_PRIMARY → DUAL_NEW_PRIMARY → NEW}, behind HikariCP, its
 * dialect detected from the connection as Spring Boot lets Hibernate do. From MariaDB, the schema
 * on the new side is what a migration tool (pgloader) makes of MariaDB's. Each engine pair extends
 * it. After every phase both databases hold the same rows with the same ids, the journal is empty,
 * every shadow read matched, and the application's reads answer the same before and after each
 * flip.
 */
abstract class HibernateApplicationSemantics {
  abstract TestDatabase oldDb();

  abstract TestDatabase newDb();

  /** Whether the application keeps @Lob texts in text columns (MariaDB's LONGTEXT). */
  boolean lobsInText() {
    return oldDb().engine() == Engine.MARIADB;
  }

  /** The application's schema on MariaDB. */
  private static final String[] MARIADB_SCHEMA = {
    "DROP TABLE IF EXISTS order_line",
    "DROP TABLE IF EXISTS purchase_order",
    "DROP TABLE IF EXISTS customer",
    "DROP TABLE IF EXISTS product_tag",
    "DROP TABLE IF EXISTS product",
    "DROP SEQUENCE IF EXISTS product_seq",
    "CREATE SEQUENCE product_seq START WITH 1 INCREMENT BY 1",
    "CREATE TABLE product (id BIGINT PRIMARY KEY, sku VARCHAR(40) NOT NULL,"
        + " description LONGTEXT, ref UUID, weight DOUBLE NOT NULL,"
        + " in_stock TINYINT(1) NOT NULL)",
    "CREATE TABLE product_tag (product_id BIGINT NOT NULL, tag VARCHAR(40),"
        + " FOREIGN KEY (product_id) REFERENCES product (id))",
    "CREATE TABLE customer (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
        + " name VARCHAR(100) NOT NULL, email VARCHAR(200) NOT NULL UNIQUE,"
        + " active TINYINT(1) NOT NULL, credit DECIMAL(12,2), joined DATETIME(6) NOT NULL,"
        + " birthday DATE, tier VARCHAR(10) NOT NULL, version INT NOT NULL)",
    "CREATE TABLE purchase_order (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
        + " customer_id BIGINT NOT NULL, status VARCHAR(20) NOT NULL,"
        + " total DECIMAL(12,2) NOT NULL, placed DATETIME(6) NOT NULL, note TEXT,"
        + " version INT NOT NULL, FOREIGN KEY (customer_id) REFERENCES customer (id))",
    "CREATE TABLE order_line (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
        + " order_id BIGINT NOT NULL, sku VARCHAR(40) NOT NULL, qty INT NOT NULL,"
        + " unit_price DECIMAL(12,2) NOT NULL,"
        + " FOREIGN KEY (order_id) REFERENCES purchase_order (id))"
  };

  /** The same, as pgloader maps it to PostgreSQL (and the PostgreSQL application's own). */
  private static final String[] POSTGRES_SCHEMA = {
    "DROP TABLE IF EXISTS order_line",
    "DROP TABLE IF EXISTS purchase_order",
    "DROP TABLE IF EXISTS customer",
    "DROP TABLE IF EXISTS product_tag",
    "DROP TABLE IF EXISTS product",
    "DROP SEQUENCE IF EXISTS product_seq",
    "CREATE SEQUENCE product_seq",
    "CREATE TABLE product (id bigint PRIMARY KEY, sku varchar(40) NOT NULL,"
        + " description text, ref uuid, weight double precision NOT NULL,"
        + " in_stock boolean NOT NULL)",
    "CREATE TABLE product_tag (product_id bigint NOT NULL REFERENCES product (id),"
        + " tag varchar(40))",
    "CREATE TABLE customer (id bigserial PRIMARY KEY, name varchar(100) NOT NULL,"
        + " email varchar(200) NOT NULL UNIQUE, active boolean NOT NULL,"
        + " credit numeric(12,2), joined timestamp(6) NOT NULL, birthday date,"
        + " tier varchar(10) NOT NULL, version integer NOT NULL)",
    "CREATE TABLE purchase_order (id bigserial PRIMARY KEY,"
        + " customer_id bigint NOT NULL REFERENCES customer (id),"
        + " status varchar(20) NOT NULL, total numeric(12,2) NOT NULL,"
        + " placed timestamp(6) NOT NULL, note text, version integer NOT NULL)",
    "CREATE TABLE order_line (id bigserial PRIMARY KEY,"
        + " order_id bigint NOT NULL REFERENCES purchase_order (id),"
        + " sku varchar(40) NOT NULL, qty integer NOT NULL, unit_price numeric(12,2) NOT NULL)"
  };

  private Set<Migration> before;
  private final List<HikariDataSource> pools = new ArrayList<>();
  private final List<SessionFactory> factories = new ArrayList<>();

  @BeforeEach
  void schema() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    for (TestDatabase db : List.of(oldDb(), newDb())) {
      db.execute(db.engine() == Engine.MARIADB ? MARIADB_SCHEMA : POSTGRES_SCHEMA);
    }
  }

  @AfterEach
  void close() {
    factories.forEach(SessionFactory::close);
    pools.forEach(HikariDataSource::close);
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  // ---- the application's model, as written for MariaDB ----

  enum Tier {
    BASIC,
    GOLD
  }

  enum Status {
    NEW,
    PAID,
    SHIPPED,
    CANCELLED
  }

  @Entity(name = "Customer")
  @Table(name = "customer")
  static class Customer {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(nullable = false)
    String name;

    @Column(nullable = false, unique = true)
    String email;

    boolean active;
    BigDecimal credit;

    @Column(nullable = false)
    LocalDateTime joined;

    LocalDate birthday;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Tier tier;

    @Version int version;

    @OneToMany(mappedBy = "customer")
    List<PurchaseOrder> orders = new ArrayList<>();
  }

  @Entity(name = "PurchaseOrder")
  @Table(name = "purchase_order")
  static class PurchaseOrder {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "customer_id")
    Customer customer;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Status status;

    @Column(nullable = false, precision = 12, scale = 2)
    BigDecimal total;

    @Column(nullable = false)
    LocalDateTime placed;

    String note;

    @Version int version;

    @OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true)
    List<OrderLine> lines = new ArrayList<>();
  }

  @Entity(name = "OrderLine")
  @Table(name = "order_line")
  static class OrderLine {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "order_id")
    PurchaseOrder order;

    @Column(nullable = false)
    String sku;

    int qty;

    @Column(name = "unit_price", nullable = false, precision = 12, scale = 2)
    BigDecimal unitPrice;
  }

  @Entity(name = "Product")
  @Table(name = "product")
  static class Product {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "product_seq")
    @SequenceGenerator(name = "product_seq", sequenceName = "product_seq", allocationSize = 1)
    Long id;

    @Column(nullable = false)
    String sku;

    @Lob String description;

    UUID ref;

    double weight;

    @Column(name = "in_stock")
    boolean inStock;

    @ElementCollection
    @CollectionTable(name = "product_tag", joinColumns = @JoinColumn(name = "product_id"))
    @Column(name = "tag")
    Set<String> tags = new HashSet<>();
  }

  // ---- the application's wiring: only its JDBC URL changed ----

  private SessionFactory application(String url) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setMaximumPoolSize(3);
    HikariDataSource pool = new HikariDataSource(hc);
    pools.add(pool);
    Configuration cfg = new Configuration();
    cfg.addAnnotatedClass(Customer.class);
    cfg.addAnnotatedClass(PurchaseOrder.class);
    cfg.addAnnotatedClass(OrderLine.class);
    cfg.addAnnotatedClass(Product.class);
    cfg.getProperties().put("hibernate.connection.datasource", pool);
    cfg.setProperty("hibernate.hbm2ddl.auto", "none");
    cfg.setProperty("hibernate.jdbc.batch_size", "20");
    cfg.setProperty("hibernate.order_updates", "true");
    SessionFactory sf = cfg.buildSessionFactory();
    factories.add(sf);
    return sf;
  }

  private static Dialect dialect(SessionFactory sf) {
    return ((SessionFactoryImplementor) sf).getJdbcServices().getDialect();
  }

  private static <T> T inTransaction(SessionFactory sf, Function<Session, T> work) {
    return sf.fromTransaction(work);
  }

  // ---- the application's work ----

  /** Registers customers and places their orders; returns the customers' ids. */
  private static List<Long> registerAndOrder(SessionFactory sf, String batch, int customers) {
    return inTransaction(
        sf,
        s -> {
          List<Long> ids = new ArrayList<>();
          for (int i = 0; i < customers; i++) {
            Customer c = new Customer();
            c.name = (i % 2 == 0 ? "Ann" : "bob") + " " + batch + i + " O'Hara \"é\"";
            c.email = batch + i + "@Example.com";
            c.active = i % 3 != 0;
            c.credit = i % 4 == 0 ? null : new BigDecimal("12.5").multiply(BigDecimal.valueOf(i));
            c.joined = LocalDateTime.of(2024, 1 + i % 12, 1 + i, 10, 30, 15, 123_456_000);
            c.birthday = i % 5 == 0 ? null : LocalDate.of(1980 + i, 1 + i % 12, 28);
            c.tier = i % 2 == 0 ? Tier.BASIC : Tier.GOLD;
            s.persist(c);
            ids.add(c.id);
            for (int o = 0; o < 1 + i % 3; o++) {
              PurchaseOrder po = new PurchaseOrder();
              po.customer = c;
              po.status = Status.values()[(i + o) % 3];
              po.placed = c.joined.plusDays(o).plusHours(i);
              po.note = o == 0 ? null : "leave at the door; back\\slash " + o;
              BigDecimal total = BigDecimal.ZERO;
              for (int l = 0; l < 2 + o; l++) {
                OrderLine line = new OrderLine();
                line.order = po;
                line.sku = "SKU-" + (char) ('A' + l) + i;
                line.qty = l + 1;
                line.unitPrice = new BigDecimal("3.10").add(BigDecimal.valueOf(l));
                total = total.add(line.unitPrice.multiply(BigDecimal.valueOf(line.qty)));
                po.lines.add(line);
              }
              po.total = total;
              s.persist(po);
            }
          }
          return ids;
        });
  }

  /** Updates through dirty checking, a bulk JPQL update and delete, a removal with cascades. */
  private static void changeThings(SessionFactory sf, List<Long> ids) {
    inTransaction(
        sf,
        s -> {
          Customer c = s.find(Customer.class, ids.get(1));
          c.credit = c.credit == null ? BigDecimal.ONE : c.credit.add(new BigDecimal("0.25"));
          c.tier = Tier.GOLD;
          PurchaseOrder first =
              s.createQuery(
                      "select o from PurchaseOrder o where o.customer.id = :c order by o.id",
                      PurchaseOrder.class)
                  .setParameter("c", ids.get(1))
                  .setMaxResults(1)
                  .getSingleResult();
          first.status = Status.SHIPPED;
          first.lines.get(0).qty += 2;
          first.lines.remove(first.lines.size() - 1);
          return null;
        });
    inTransaction(
        sf,
        s ->
            s.createMutationQuery(
                    "update PurchaseOrder o set o.status = :to, o.version = o.version + 1"
                        + " where o.status = :from and o.total > :min")
                .setParameter("to", Status.PAID)
                .setParameter("from", Status.NEW)
                .setParameter("min", new BigDecimal("10"))
                .executeUpdate());
    inTransaction(
        sf,
        s -> {
          // Locks as an application that reserves stock would.
          Customer locked = s.find(Customer.class, ids.get(2), LockModeType.PESSIMISTIC_WRITE);
          locked.active = !locked.active;
          s.find(Customer.class, ids.get(0), LockModeType.PESSIMISTIC_READ);
          return null;
        });
    inTransaction(
        sf,
        s -> {
          Customer gone = s.find(Customer.class, ids.get(ids.size() - 1));
          for (PurchaseOrder o :
              s.createQuery("from PurchaseOrder o where o.customer = :c", PurchaseOrder.class)
                  .setParameter("c", gone)
                  .getResultList()) {
            s.remove(o);
          }
          s.remove(gone);
          return null;
        });
    inTransaction(
        sf,
        s ->
            s.createMutationQuery("delete from OrderLine l where l.qty > :q and l.sku like :p")
                .setParameter("q", 3)
                .setParameter("p", "SKU-C%")
                .executeUpdate());
    // A transaction the application rolls back changes nothing on either side.
    try (Session s = sf.openSession()) {
      s.beginTransaction();
      Customer c = s.find(Customer.class, ids.get(0));
      c.name = "rolled back";
      s.flush();
      s.getTransaction().rollback();
    }
  }

  /** What the application's screens and reports read, as text. */
  private List<String> reads(SessionFactory sf) {
    return inTransaction(
        sf,
        s -> {
          List<String> out = new ArrayList<>();
          for (Customer c :
              s.createQuery(
                      "from Customer c where lower(c.email) like :p order by c.name, c.id",
                      Customer.class)
                  .setParameter("p", "%@example.com")
                  .setFirstResult(1)
                  .setMaxResults(5)
                  .getResultList()) {
            out.add(
                "page "
                    + c.id
                    + " "
                    + c.name
                    + " "
                    + c.active
                    + " "
                    + c.credit
                    + " "
                    + c.joined
                    + " "
                    + c.birthday
                    + " "
                    + c.tier
                    + " v"
                    + c.version);
          }
          for (Object[] r :
              s.createQuery(
                      "select o.status, count(o), sum(o.total), avg(o.total), max(o.placed),"
                          + " min(o.total) from PurchaseOrder o group by o.status"
                          + " having count(o) > 0 order by o.status",
                      Object[].class)
                  .getResultList()) {
            out.add("status " + java.util.Arrays.toString(r));
          }
          for (Object[] r :
              s.createQuery(
                      "select c.id, concat(c.name, '/', c.tier), substring(c.name, 1, 3),"
                          + " locate('b', c.name), length(c.email), coalesce(c.credit, 0),"
                          + " case when c.active = true then 'on' else 'off' end,"
                          + " year(c.joined), month(c.joined), day(c.joined), upper(c.email),"
                          + " trim(c.name), mod(c.id, 3), abs(c.credit - 50),"
                          + " c.birthday is null"
                          + " from Customer c order by c.id",
                      Object[].class)
                  .getResultList()) {
            out.add("fn " + java.util.Arrays.toString(r));
          }
          for (PurchaseOrder o :
              s.createQuery(
                      "select distinct o from PurchaseOrder o join fetch o.lines l"
                          + " where o.customer.active = true and l.qty >= :q"
                          + " order by o.id",
                      PurchaseOrder.class)
                  .setParameter("q", 2)
                  .getResultList()) {
            List<String> lines = new ArrayList<>();
            o.lines.stream()
                .sorted(java.util.Comparator.comparing(l -> l.id))
                .forEach(l -> lines.add(l.sku + "x" + l.qty + "@" + l.unitPrice));
            out.add(
                "order " + o.id + " " + o.status + " " + o.total + " " + o.placed + " " + o.note
                    + " v" + o.version + " " + lines);
          }
          out.add(
              "exists "
                  + s.createQuery(
                          "select c.id from Customer c where exists (select 1 from PurchaseOrder o"
                              + " where o.customer = c and o.status in (:st)) order by c.id",
                          Long.class)
                      .setParameter("st", List.of(Status.PAID, Status.SHIPPED))
                      .getResultList());
          out.add(
              "between "
                  + s.createQuery(
                          "select count(c) from Customer c where c.birthday between :a and :b",
                          Long.class)
                      .setParameter("a", LocalDate.of(1981, 1, 1))
                      .setParameter("b", LocalDate.of(1990, 12, 31))
                      .getSingleResult());
          out.add(
              "spend "
                  + s
                      .createQuery(
                          "select c.name, sum(l.qty * l.unitPrice) from OrderLine l"
                              + " join l.order o join o.customer c group by c.id, c.name"
                              + " order by sum(l.qty * l.unitPrice) desc, c.id",
                          Object[].class)
                      .setMaxResults(3)
                      .getResultList()
                      .stream()
                      .map(java.util.Arrays::toString)
                      .toList());
          CriteriaBuilder cb = s.getCriteriaBuilder();
          CriteriaQuery<Customer> q = cb.createQuery(Customer.class);
          Root<Customer> root = q.from(Customer.class);
          q.where(
                  cb.and(
                      cb.equal(root.get("tier"), Tier.GOLD),
                      cb.or(cb.isNull(root.get("credit")), cb.gt(root.get("credit"), 10))))
              .orderBy(cb.desc(root.get("joined")));
          out.add("criteria " + s.createQuery(q).getResultList().stream().map(c -> c.id).toList());
          // A native query, in the old database's SQL, as legacy repositories keep a few.
          out.add(
              "native "
                  + s
                      .createNativeQuery(
                          oldDb().engine() == Engine.MARIADB
                              ? "SELECT `c`.`id`, IFNULL(c.credit, 0) AS credit,"
                                  + " DATE_FORMAT(c.joined, '%Y-%m') AS ym"
                                  + " FROM customer c WHERE c.active = 1 ORDER BY c.id LIMIT 3"
                              : "SELECT c.id, coalesce(c.credit, 0) AS credit,"
                                  + " to_char(c.joined, 'YYYY-MM') AS ym"
                                  + " FROM customer c WHERE c.active ORDER BY c.id LIMIT 3",
                          Object[].class)
                      .getResultList()
                      .stream()
                      .map(java.util.Arrays::toString)
                      .toList());
          return out;
        });
  }

  private void assertSameRows() {
    for (String table : List.of("customer", "purchase_order", "order_line")) {
      assertEquals(
          MigrationFixture.rows(oldDb(), table),
          MigrationFixture.rows(newDb(), table),
          table + " differs between MariaDB and PostgreSQL");
    }
  }

  private void assertSequencesPastTheIds() {
    for (String table : List.of("customer", "purchase_order", "order_line")) {
      long max = newDb().queryLong("SELECT coalesce(max(id), 0) FROM " + table);
      assertTrue(
          MigrationFixture.generatorPosition(newDb(), table) >= max,
          table + "'s sequence is behind its ids");
    }
  }

  @Test
  void a_mariadb_application_moves_to_postgresql_changing_only_its_url() throws Exception {
    String url =
        MigrationFixture.writeConfig(oldDb(), newDb(), Phase.OLD, "shadow: { sampleRate: 1.0 }\n");
    SessionFactory app = application(url);
    String detected = dialect(app).getClass().getSimpleName();
    assertTrue(
        detected.startsWith(oldDb().engine() == Engine.MARIADB ? "MariaDB" : "PostgreSQL"),
        detected);

    List<Long> before = registerAndOrder(app, "old", 4);
    Migration m = CutoverDriver.migration(url);
    // The history the application wrote before the migration started, copied as a backfill would.
    for (String table : List.of("customer", "purchase_order", "order_line")) {
      for (List<Object> row : oldDb().query("SELECT * FROM " + table + " ORDER BY id")) {
        StringBuilder values = new StringBuilder();
        for (Object v : row) {
          values.append(values.length() == 0 ? "" : ", ");
          values.append(v == null ? "NULL" : "'" + String.valueOf(v).replace("'", "''") + "'");
        }
        newDb().execute("INSERT INTO " + table + " VALUES (" + values + ")");
      }
      newDb()
          .execute(
              "SELECT setval(pg_get_serial_sequence('"
                  + table
                  + "', 'id'), (SELECT max(id) FROM "
                  + table
                  + "))");
    }
    assertSameRows();

    m.setPhase(Phase.DUAL_OLD_PRIMARY, "test");
    List<Long> dualOld = registerAndOrder(app, "dold", 6);
    changeThings(app, dualOld);
    assertSameRows();
    assertSequencesPastTheIds();
    List<String> onMariaDb = reads(app);
    MigrationFixture.assertNothingJournaledOrMismatched(CutoverDriver.migration(url), "");

    m.setPhase(Phase.DUAL_NEW_PRIMARY, "test");
    // The same reads, now answered by PostgreSQL, give the application the same values.
    assertEquals(onMariaDb, reads(app));
    // An instance of the application started after the switch still speaks MariaDB's SQL.
    SessionFactory restarted = application(url);
    assertEquals(detected, dialect(restarted).getClass().getSimpleName());
    List<Long> dualNew = registerAndOrder(restarted, "dnew", 5);
    changeThings(app, dualNew);
    assertSameRows();
    List<String> onPostgres = reads(app);
    MigrationFixture.assertNothingJournaledOrMismatched(CutoverDriver.migration(url), "");

    m.setPhase(Phase.DUAL_OLD_PRIMARY, "rollback drill");
    assertEquals(onPostgres, reads(app));
    m.setPhase(Phase.DUAL_NEW_PRIMARY, "test");
    m.setPhase(Phase.NEW, "test");
    List<Long> last = registerAndOrder(app, "new", 3);
    changeThings(app, last);
    assertNotNull(reads(app));
    assertEquals(List.of(), m.divergences(100), "journal");
    assertTrue(before.size() + dualOld.size() + dualNew.size() + last.size() > 0);
  }

  @Test
  void optimistic_locking_conflicts_reach_the_application_from_the_primary() throws Exception {
    String url = MigrationFixture.writeConfig(oldDb(), newDb(), Phase.DUAL_NEW_PRIMARY, "");
    SessionFactory app = application(url);
    List<Long> ids = registerAndOrder(app, "lock", 2);
    try (Session a = app.openSession();
        Session b = app.openSession()) {
      a.beginTransaction();
      b.beginTransaction();
      Customer ca = a.find(Customer.class, ids.get(0));
      Customer cb = b.find(Customer.class, ids.get(0));
      ca.name = "first writer";
      a.getTransaction().commit();
      cb.name = "second writer";
      assertThrows(OptimisticLockException.class, () -> b.getTransaction().commit());
    }
    assertSameRows();
    assertEquals(
        List.of(List.of("first writer", 1)),
        oldDb().query("SELECT name, version FROM customer WHERE id = " + ids.get(0)));
    assertEquals(List.of(), CutoverDriver.migration(url).divergences(100));
  }

  /** Adds products in batches, with ids from a sequence, tags and long descriptions. */
  private List<Long> stock(SessionFactory sf, String batch, int n) {
    return inTransaction(
        sf,
        s -> {
          List<Long> ids = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            Product p = new Product();
            p.sku = batch + "-" + i;
            // Hibernate's PostgreSQL dialect keeps a @Lob String as a large object (an oid
            // column), so a PostgreSQL application has no @Lob text in a text column.
            p.description =
                i % 3 == 0 || !lobsInText()
                    ? null
                    : ("It's a \\ \"long\" text " + batch).repeat(200 + i);
            p.ref = i % 4 == 0 ? null : UUID.nameUUIDFromBytes((batch + i).getBytes());
            p.weight = i * 0.1 + 1.0 / 3;
            p.inStock = i % 2 == 0;
            p.tags.add("t" + i % 3);
            if (i % 2 == 1) {
              p.tags.add("odd");
            }
            s.persist(p);
            ids.add(p.id);
          }
          return ids;
        });
  }

  private void restock(SessionFactory sf, List<Long> ids) {
    inTransaction(
        sf,
        s -> {
          for (Product p :
              s.createQuery("from Product p where p.id in :ids order by p.id", Product.class)
                  .setParameter("ids", ids)
                  .getResultList()) {
            p.inStock = !p.inStock;
            p.weight += 0.25;
            p.tags.remove("odd");
            p.tags.add("restocked");
            p.description = p.description == null && lobsInText() ? "now described" : null;
          }
          return null;
        });
  }

  private static List<String> catalog(SessionFactory sf) {
    return inTransaction(
        sf,
        s ->
            s
                .createQuery(
                    "select distinct p from Product p left join fetch p.tags order by p.id",
                    Product.class)
                .getResultList()
                .stream()
                .map(
                    p ->
                        p.id
                            + " "
                            + p.sku
                            + " "
                            + (p.description == null ? null : p.description.hashCode())
                            + " "
                            + p.ref
                            + " "
                            + p.weight
                            + " "
                            + p.inStock
                            + " "
                            + new java.util.TreeSet<>(p.tags))
                .toList());
  }

  private void assertSameCatalog() {
    for (String table : List.of("product", "product_tag")) {
      List<String> maria =
          oldDb().query("SELECT * FROM " + table + " ORDER BY 1, 2").stream()
              .map(r -> r.stream().map(MigrationFixture::normalize).toList().toString())
              .toList();
      List<String> pg =
          newDb().query("SELECT * FROM " + table + " ORDER BY 1, 2").stream()
              .map(r -> r.stream().map(MigrationFixture::normalize).toList().toString())
              .toList();
      assertEquals(maria, pg, table + " differs between MariaDB and PostgreSQL");
    }
  }

  /**
   * Ids from a sequence the application draws itself, in JDBC batches: after each switch of the
   * primary (and back) the sequence it now draws from is past every id the other one handed out, so
   * nothing collides, and the collection table without a key and the long texts land alike.
   */
  @Test
  void sequence_ids_batches_collections_and_lobs_survive_switching_back_and_forth()
      throws Exception {
    String url =
        MigrationFixture.writeConfig(
            oldDb(), newDb(), Phase.DUAL_OLD_PRIMARY, "shadow: { sampleRate: 1.0 }\n");
    SessionFactory app = application(url);
    Migration m = CutoverDriver.migration(url);
    List<Long> first = stock(app, "a", 25);
    restock(app, first.subList(0, 10));
    assertSameCatalog();
    List<String> onMariaDb = catalog(app);

    m.setPhase(Phase.DUAL_NEW_PRIMARY, "test");
    assertEquals(onMariaDb, catalog(app));
    List<Long> second = stock(app, "b", 25);
    restock(app, second.subList(5, 15));
    assertSameCatalog();
    List<String> onPostgres = catalog(app);

    m.setPhase(Phase.DUAL_OLD_PRIMARY, "rollback drill");
    assertEquals(onPostgres, catalog(app));
    List<Long> third = stock(app, "c", 10);
    assertSameCatalog();
    java.util.Set<Long> all = new java.util.HashSet<>(first);
    all.addAll(second);
    all.addAll(third);
    assertEquals(first.size() + second.size() + third.size(), all.size(), "an id was reused");
    MigrationFixture.assertNothingJournaledOrMismatched(CutoverDriver.migration(url), "");
  }
}
