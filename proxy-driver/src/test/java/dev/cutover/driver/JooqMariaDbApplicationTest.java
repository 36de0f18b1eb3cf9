package dev.cutover.driver;

import static org.jooq.impl.DSL.avg;
import static org.jooq.impl.DSL.case_;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.concat;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.currentLocalDateTime;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.localDateTimeAdd;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.substring;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.trim;
import static org.jooq.impl.DSL.val;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.comparator.backfill.Backfill;
import dev.cutover.comparator.backfill.BackfillOptions;
import dev.cutover.comparator.chunk.ControlStore;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.Identity;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.UniqueKey;
import org.jooq.impl.CustomRecord;
import org.jooq.impl.CustomTable;
import org.jooq.impl.DSL;
import org.jooq.impl.Internal;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application whose SQL jOOQ renders for {@link SQLDialect#MARIADB} (backtick-quoted names, bind
 * values, {@code getGeneratedKeys} for identities) moved from MariaDB to PostgreSQL through {@code
 * jdbc:cutover:} without changing a line: the same workload in every phase, OLD to NEW, reads the
 * same values through jOOQ's typed getters as it read on MariaDB, leaves both databases with the
 * same rows, journals nothing, and leaves PostgreSQL's sequences past the ids in use.
 *
 * <p>The schema is what pgloader makes of MariaDB's: {@code BIGINT AUTO_INCREMENT} as {@code
 * bigserial} or an identity, {@code DECIMAL} as {@code numeric}, {@code DATETIME(6)} as {@code
 * timestamp(6)}, {@code TINYINT(1)} as {@code boolean}. The tables are declared without code
 * generation: plain {@code DSL.table(name)}/{@code DSL.field(name, type)}, and a {@link
 * CustomTable} where jOOQ needs a {@code TableRecord} ({@code batchInsert}, {@code insert()}).
 */
class JooqMariaDbApplicationTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  static final Table<Record> CUSTOMERS = table(name("customers"));
  static final Field<Long> C_ID = field(name("customers", "id"), SQLDataType.BIGINT);
  static final Field<String> EMAIL = field(name("customers", "email"), SQLDataType.VARCHAR(100));
  static final Field<String> NAME = field(name("customers", "name"), SQLDataType.VARCHAR(100));
  static final Field<Boolean> ACTIVE = field(name("customers", "active"), SQLDataType.BOOLEAN);
  static final Field<LocalDateTime> CREATED =
      field(name("customers", "created"), SQLDataType.LOCALDATETIME(6));
  static final Field<String> NOTE = field(name("customers", "note"), SQLDataType.CLOB);

  static final Table<Record> ORDERS = table(name("orders"));
  static final Field<Long> O_ID = field(name("orders", "id"), SQLDataType.BIGINT.identity(true));
  static final Field<Long> O_CUST = field(name("orders", "customer_id"), SQLDataType.BIGINT);
  static final Field<String> STATUS = field(name("orders", "status"), SQLDataType.VARCHAR(20));
  static final Field<BigDecimal> TOTAL = field(name("orders", "total"), SQLDataType.DECIMAL(12, 2));
  static final Field<Integer> QTY = field(name("orders", "qty"), SQLDataType.INTEGER);
  static final Field<LocalDateTime> PLACED =
      field(name("orders", "placed"), SQLDataType.LOCALDATETIME(6));
  static final Field<Boolean> PAID = field(name("orders", "paid"), SQLDataType.BOOLEAN);

  static final Table<Record> STOCK = table(name("stock"));
  static final Field<String> SKU = field(name("stock", "sku"), SQLDataType.VARCHAR(20));
  static final Field<Integer> S_QTY = field(name("stock", "qty"), SQLDataType.INTEGER);
  static final Field<BigDecimal> S_PRICE =
      field(name("stock", "price"), SQLDataType.DECIMAL(10, 2));
  static final Field<LocalDateTime> S_UPDATED =
      field(name("stock", "updated"), SQLDataType.LOCALDATETIME(6));

  /** The orders table as a {@link CustomTable}: what jOOQ needs for records without codegen. */
  static final class OrdersTable extends CustomTable<OrderRecord> {
    final TableField<OrderRecord, Long> id =
        createField(name("id"), SQLDataType.BIGINT.identity(true));
    final TableField<OrderRecord, Long> customerId =
        createField(name("customer_id"), SQLDataType.BIGINT);
    final TableField<OrderRecord, String> status =
        createField(name("status"), SQLDataType.VARCHAR(20));
    final TableField<OrderRecord, BigDecimal> total =
        createField(name("total"), SQLDataType.DECIMAL(12, 2));
    final TableField<OrderRecord, Integer> qty = createField(name("qty"), SQLDataType.INTEGER);
    final TableField<OrderRecord, LocalDateTime> placed =
        createField(name("placed"), SQLDataType.LOCALDATETIME(6));
    final TableField<OrderRecord, Boolean> paid = createField(name("paid"), SQLDataType.BOOLEAN);

    OrdersTable() {
      super(name("orders"));
    }

    @Override
    public Class<OrderRecord> getRecordType() {
      return OrderRecord.class;
    }

    @Override
    public Identity<OrderRecord, Long> getIdentity() {
      return Internal.createIdentity(this, id);
    }

    @Override
    public UniqueKey<OrderRecord> getPrimaryKey() {
      return Internal.createUniqueKey(this, id);
    }
  }

  static final OrdersTable ORDERS_T = new OrdersTable();

  /** A row of {@link OrdersTable}. */
  public static final class OrderRecord extends CustomRecord<OrderRecord> {
    public OrderRecord() {
      super(ORDERS_T);
    }
  }

  static final LocalDateTime T0 = LocalDateTime.of(2024, 1, 31, 9, 30, 15, 123_456_000);

  private Set<Migration> before;

  @BeforeEach
  void schema() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    DBS.mariadb()
        .execute(
            "DROP TABLE IF EXISTS orders",
            "DROP TABLE IF EXISTS customers",
            "DROP TABLE IF EXISTS stock",
            "CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " email VARCHAR(100) NOT NULL UNIQUE, name VARCHAR(100),"
                + " active TINYINT(1) NOT NULL DEFAULT 1, created DATETIME(6), note TEXT)",
            "CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " customer_id BIGINT NOT NULL, status VARCHAR(20) NOT NULL,"
                + " total DECIMAL(12,2), qty INT NOT NULL DEFAULT 1, placed DATETIME(6),"
                + " paid TINYINT(1) NOT NULL DEFAULT 0,"
                + " CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id)"
                + " REFERENCES customers (id))",
            "CREATE TABLE stock (sku VARCHAR(20) PRIMARY KEY, qty INT NOT NULL,"
                + " price DECIMAL(10,2), updated DATETIME(6))");
    DBS.postgres()
        .execute(
            "DROP TABLE IF EXISTS orders",
            "DROP TABLE IF EXISTS customers",
            "DROP TABLE IF EXISTS stock",
            "CREATE TABLE customers (id BIGSERIAL PRIMARY KEY,"
                + " email VARCHAR(100) NOT NULL UNIQUE, name VARCHAR(100),"
                + " active BOOLEAN NOT NULL DEFAULT TRUE, created TIMESTAMP(6), note TEXT)",
            "CREATE TABLE orders (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                + " customer_id BIGINT NOT NULL, status VARCHAR(20) NOT NULL,"
                + " total NUMERIC(12,2), qty INTEGER NOT NULL DEFAULT 1, placed TIMESTAMP(6),"
                + " paid BOOLEAN NOT NULL DEFAULT FALSE,"
                + " CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id)"
                + " REFERENCES customers (id))",
            "CREATE TABLE stock (sku VARCHAR(20) PRIMARY KEY, qty INTEGER NOT NULL,"
                + " price NUMERIC(10,2), updated TIMESTAMP(6))");
  }

  @AfterEach
  void closeMigrations() {
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  @Test
  void a_jooq_mariadb_application_runs_unchanged_from_old_to_new() throws Exception {
    TestDatabase maria = DBS.mariadb();
    TestDatabase pg = DBS.postgres();
    String url = MigrationFixture.writeConfig(maria, pg, Phase.OLD, "");
    Migration m = CutoverDriver.migration(url);
    Phase[] phases = {Phase.OLD, Phase.DUAL_OLD_PRIMARY, Phase.DUAL_NEW_PRIMARY, Phase.NEW};
    List<String> expected = null;
    try (Connection c = DriverManager.getConnection(url);
        Connection direct = maria.connect()) {
      // The dialect given, as such an application configures it: DSL.using(c) would guess it from
      // the connection's metadata, which names the primary's database (PostgreSQL from
      // DUAL_NEW_PRIMARY on), and render PostgreSQL's SQL (docs/driver.md, jOOQ).
      DSLContext app = DSL.using(c, SQLDialect.MARIADB);
      for (int p = 0; p < phases.length; p++) {
        Phase phase = phases[p];
        if (phase != Phase.OLD) {
          m.setPhase(phase, "jooq test");
        }
        if (phase == Phase.DUAL_OLD_PRIMARY) {
          backfill(maria, pg);
        }
        Observed seen = workload(app, p);
        if (phase == Phase.OLD) {
          // The expected values: the same reads on MariaDB itself, no driver in between.
          Observed onMariaDb = new Observed(seen);
          reads(DSL.using(direct, SQLDialect.MARIADB), p, onMariaDb);
          assertSameLines(onMariaDb.reads, seen.reads, "reads through the driver at OLD");
          expected = seen.all();
        } else {
          assertSameLines(expected, seen.all(), "the workload at " + phase);
          if (phase != Phase.NEW) {
            // Both hold the same rows: the same reads answer the same on MariaDB directly.
            Observed onMariaDb = new Observed(seen);
            reads(DSL.using(direct, SQLDialect.MARIADB), p, onMariaDb);
            assertSameLines(onMariaDb.reads, seen.reads, "reads on MariaDB itself at " + phase);
          }
        }
        assertEquals(List.of(), m.divergences(1000), "journal after " + phase);
        if (phase != Phase.OLD) {
          // At NEW the old side stops getting writes: compare the rows of the earlier phases.
          String upTo = phase == Phase.NEW ? tag(p - 1) : tag(p);
          for (String table : List.of("customers", "orders", "stock")) {
            assertEquals(
                rows(maria, table, upTo), rows(pg, table, upTo), table + " after " + phase);
          }
          for (String table : List.of("customers", "orders")) {
            long maxId = pg.queryLong("SELECT max(id) FROM " + table);
            assertTrue(
                MigrationFixture.generatorPosition(pg, table) >= maxId,
                table + "'s sequence is past " + maxId + " after " + phase);
          }
        }
      }
    }
  }

  /** Equal lists, or a failure naming each line that differs. */
  private static void assertSameLines(List<String> expected, List<String> actual, String what) {
    StringBuilder diff = new StringBuilder();
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      String e = i < expected.size() ? expected.get(i) : "(none)";
      String a = i < actual.size() ? actual.get(i) : "(none)";
      if (!e.equals(a)) {
        diff.append("\n  expected ").append(e).append("\n  but was  ").append(a);
      }
    }
    assertTrue(diff.length() == 0, what + ":" + diff);
  }

  private static String tag(int p) {
    return "p" + p;
  }

  /** Rows of a table that belong to the phases up to {@code upTo} (tags sort as p0 < p1 ...). */
  private static List<List<Object>> rows(TestDatabase db, String table, String upTo) {
    String where;
    switch (table) {
      case "customers":
        where = "substring(email, 1, 2) <= '" + upTo + "'";
        break;
      case "orders":
        where =
            "customer_id IN (SELECT id FROM customers WHERE substring(email, 1, 2) <= '"
                + upTo
                + "')";
        break;
      default:
        where = "substring(sku, 1, 2) <= '" + upTo + "'";
    }
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> row :
        db.query("SELECT * FROM " + table + " WHERE " + where + " ORDER BY 1")) {
      List<Object> n = new ArrayList<>();
      for (Object v : row) {
        n.add(MigrationFixture.normalize(v));
      }
      out.add(n);
    }
    return out;
  }

  private static void backfill(TestDatabase from, TestDatabase to) throws Exception {
    try (HikariDataSource source = pool(from);
        HikariDataSource target = pool(to)) {
      Backfill b =
          new Backfill(source, target, new ControlStore(source), BackfillOptions.builder().build());
      for (String table : List.of("customers", "orders", "stock")) {
        assertTrue(b.run(table).complete(), table);
      }
    }
  }

  private static HikariDataSource pool(TestDatabase db) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(db.url());
    c.setUsername(db.user());
    c.setPassword(db.password());
    c.setMaximumPoolSize(2);
    return new HikariDataSource(c);
  }

  /**
   * What the application saw in one phase. Ids are shown by their rank among the phase's ids:
   * MariaDB leaves gaps its own way (a batch sent as one bulk insert reserves 1, 2, 4 ... ids).
   */
  static final class Observed {
    final List<Long> customerIds = new ArrayList<>();
    final List<Long> orderIds = new ArrayList<>();
    final String tag;
    final List<String> writes = new ArrayList<>();
    final List<String> reads = new ArrayList<>();

    Observed(int p) {
      this(tag(p));
    }

    private Observed(String tag) {
      this.tag = tag;
    }

    Observed(Observed ids) {
      this(ids.tag);
      customerIds.addAll(ids.customerIds);
      orderIds.addAll(ids.orderIds);
    }

    List<String> all() {
      List<String> out = new ArrayList<>(writes);
      out.add("--");
      out.addAll(reads);
      return out;
    }

    String show(Object v) {
      if (v == null) {
        return "null";
      }
      return v.getClass().getSimpleName()
          + ":"
          + String.valueOf(v).replace(tag, "P").replace(tag.toUpperCase(), "P");
    }

    String customer(Long id) {
      return id == null ? "null" : "c" + customerIds.indexOf(id);
    }

    String order(Long id) {
      return id == null ? "null" : "o" + orderIds.indexOf(id);
    }
  }

  /** The application's writes of one phase, then its reads. Rows of phase p carry tag p. */
  private static Observed workload(DSLContext dsl, int p) {
    String tag = tag(p);
    // An insert answering its identity (getGeneratedKeys on MariaDB).
    Long ann =
        dsl.insertInto(CUSTOMERS)
            .set(EMAIL, tag + ".ann@x.test")
            .set(NAME, "  Ann " + tag.toUpperCase() + "  ")
            .set(ACTIVE, true)
            .set(CREATED, T0)
            .set(NOTE, (String) null)
            .returningResult(C_ID)
            .fetchOne()
            .value1();
    // A first order through a record's insert(), which reads the identity back.
    OrderRecord first = dsl.newRecord(ORDERS_T);
    first.set(ORDERS_T.customerId, ann);
    first.set(ORDERS_T.status, "new");
    first.set(ORDERS_T.total, new BigDecimal("19.99"));
    first.set(ORDERS_T.qty, 2);
    first.set(ORDERS_T.placed, T0);
    first.set(ORDERS_T.paid, false);
    first.insert();
    Observed o = new Observed(p);

    // Several rows in one INSERT.
    o.writes.add(
        "multi-row "
            + dsl.insertInto(CUSTOMERS, EMAIL, NAME, ACTIVE, CREATED, NOTE)
                .values(tag + ".bob@x.test", "Bob", false, T0.plusDays(1), "vip")
                .values(tag + ".cy@x.test", "Cy O'Neil", true, T0.plusHours(5), "it's \"quoted\"")
                .execute());
    // returningResult() of several columns.
    Record dee =
        dsl.insertInto(CUSTOMERS)
            .columns(EMAIL, NAME, ACTIVE, CREATED)
            .values(tag + ".dee@x.test", "Dee\\Backslash", true, T0.minusDays(3))
            .returningResult(C_ID, NAME, ACTIVE, CREATED)
            .fetchOne();
    o.customerIds.addAll(
        dsl.select(C_ID).from(CUSTOMERS).where(EMAIL.like(tag + ".%")).orderBy(C_ID).fetch(C_ID));
    o.writes.add(
        "returning "
            + o.customer(dee.get(C_ID))
            + " "
            + o.show(dee.get(NAME))
            + " "
            + o.show(dee.get(ACTIVE))
            + " "
            + o.show(dee.get(CREATED)));
    // returning() of a table that declares its columns and identity.
    OrderRecord second =
        dsl.insertInto(ORDERS_T)
            .set(ORDERS_T.customerId, dee.get(C_ID))
            .set(ORDERS_T.status, "new")
            .set(ORDERS_T.total, new BigDecimal("0.10"))
            .set(ORDERS_T.placed, T0.plusSeconds(1))
            .returning()
            .fetchOne();
    Long bob = dsl.select(C_ID).from(CUSTOMERS).where(EMAIL.eq(tag + ".bob@x.test")).fetchOne(C_ID);
    Long cy = dsl.select(C_ID).from(CUSTOMERS).where(EMAIL.eq(tag + ".cy@x.test")).fetchOne(C_ID);
    o.writes.add("ids " + o.customer(ann) + " " + o.customer(bob) + " " + o.customer(cy));

    // A batch of one statement with bind values.
    BatchBindStep batch =
        dsl.batch(
            dsl.insertInto(ORDERS, O_CUST, STATUS, TOTAL, QTY, PLACED, PAID)
                .values((Long) null, null, null, null, null, null));
    batch.bind(ann, "shipped", new BigDecimal("120.50"), 1, T0.plusHours(2), true);
    batch.bind(bob, "new", new BigDecimal("5.05"), 7, T0.plusDays(2), false);
    batch.bind(bob, "cancelled", null, 3, null, false);
    batch.bind(cy, "shipped", new BigDecimal("99.95"), 4, T0.minusHours(30), true);
    o.writes.add("batch " + java.util.Arrays.toString(batch.execute()));
    // batchInsert of records.
    List<OrderRecord> records = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      OrderRecord r = dsl.newRecord(ORDERS_T);
      r.set(ORDERS_T.customerId, i == 2 ? dee.get(C_ID) : cy);
      r.set(ORDERS_T.status, i == 0 ? "cancelled" : "new");
      r.set(ORDERS_T.total, new BigDecimal("10.00").add(BigDecimal.valueOf(i * 333, 2)));
      r.set(ORDERS_T.qty, i + 1);
      r.set(ORDERS_T.placed, T0.plusMinutes(i * 61));
      r.set(ORDERS_T.paid, i == 1);
      records.add(r);
    }
    o.writes.add("batchInsert " + java.util.Arrays.toString(dsl.batchInsert(records).execute()));
    o.orderIds.addAll(
        dsl.select(O_ID).from(ORDERS).where(O_CUST.in(o.customerIds)).orderBy(O_ID).fetch(O_ID));
    o.writes.add("first order " + o.order(first.get(ORDERS_T.id)));
    o.writes.add(
        "returning() "
            + o.order(second.get(ORDERS_T.id))
            + " "
            + o.show(second.get(ORDERS_T.qty))
            + " "
            + o.show(second.get(ORDERS_T.paid))
            + " "
            + o.show(second.get(ORDERS_T.total)));
    // A batch of different statements.
    o.writes.add(
        "batch of queries "
            + java.util.Arrays.toString(
                dsl.batch(
                        dsl.update(CUSTOMERS).set(NOTE, "batched").where(C_ID.eq(cy)),
                        dsl.insertInto(STOCK, SKU, S_QTY, S_PRICE, S_UPDATED)
                            .values(tag + "-A", 10, new BigDecimal("2.50"), T0)
                            .values(tag + "-B", 5, new BigDecimal("7.25"), null))
                    .execute()));

    // Upserts. Only whether the update of an existing row wrote is compared: MariaDB counts
    // such a row twice, PostgreSQL once (docs/driver.md, Known limits: upsert counts).
    o.writes.add(
        "upsert wrote "
            + (dsl.insertInto(STOCK, SKU, S_QTY, S_PRICE)
                    .values(tag + "-A", 3, new BigDecimal("2.75"))
                    .onDuplicateKeyUpdate()
                    .set(S_QTY, S_QTY.plus(3))
                    .set(S_PRICE, excluded(S_PRICE))
                    .execute()
                > 0));
    o.writes.add(
        "upsert new "
            + dsl.insertInto(STOCK, SKU, S_QTY, S_PRICE)
                .values(tag + "-C", 1, new BigDecimal("0.99"))
                .onDuplicateKeyUpdate()
                .set(S_QTY, S_QTY.plus(1))
                .execute());
    o.writes.add(
        "ignore "
            + dsl.insertInto(STOCK, SKU, S_QTY)
                .values(tag + "-B", 100)
                .onDuplicateKeyIgnore()
                .execute()
            + " "
            + dsl.insertInto(STOCK, SKU, S_QTY)
                .values(tag + "-D", 100)
                .onDuplicateKeyIgnore()
                .execute());

    // Updates with arithmetic, CASE, COALESCE, dates; a delete.
    List<Long> mine = List.of(ann, bob, cy, dee.get(C_ID));
    o.writes.add(
        "update total "
            + dsl.update(ORDERS)
                .set(TOTAL, TOTAL.mul(new BigDecimal("1.10")))
                .set(QTY, QTY.plus(1))
                .where(STATUS.eq("new"))
                .and(O_CUST.in(mine))
                .execute());
    o.writes.add(
        "update case "
            + dsl.update(ORDERS)
                .set(STATUS, case_().when(TOTAL.gt(new BigDecimal("100")), "big").else_(STATUS))
                .set(PLACED, localDateTimeAdd(PLACED, 1, DatePart.DAY))
                .where(O_CUST.in(mine))
                .and(STATUS.ne("cancelled"))
                .execute());
    o.writes.add(
        "update customer "
            + dsl.update(CUSTOMERS)
                .set(ACTIVE, false)
                .set(NOTE, coalesce(NOTE, val("none")))
                .where(EMAIL.likeIgnoreCase(tag.toUpperCase() + ".BOB%"))
                .execute());
    o.writes.add(
        "delete "
            + dsl.deleteFrom(ORDERS)
                .where(STATUS.eq("cancelled"))
                .and(O_CUST.in(mine))
                .and(TOTAL.isNull())
                .execute());

    // A transaction that commits, with a locking read.
    int left =
        dsl.transactionResult(
            cfg -> {
              DSLContext tx = DSL.using(cfg);
              Record r =
                  tx.select(S_QTY).from(STOCK).where(SKU.eq(tag + "-A")).forUpdate().fetchOne();
              tx.update(STOCK)
                  .set(S_QTY, S_QTY.minus(2))
                  .set(S_UPDATED, T0.plusDays(7))
                  .where(SKU.eq(tag + "-A"))
                  .execute();
              return r.get(S_QTY) - 2;
            });
    o.writes.add("transaction " + left);
    // One that rolls back (last: MariaDB's AUTO_INCREMENT is not given back).
    assertThrows(
        IllegalStateException.class,
        () ->
            dsl.transaction(
                cfg -> {
                  DSLContext tx = DSL.using(cfg);
                  tx.insertInto(CUSTOMERS, EMAIL, NAME)
                      .values(tag + ".gone@x.test", "Gone")
                      .execute();
                  tx.deleteFrom(ORDERS).where(O_CUST.eq(ann)).execute();
                  throw new IllegalStateException("rolled back");
                }));
    reads(dsl, p, o);
    return o;
  }

  /** The application's reads of phase p's rows, as jOOQ's typed getters answer them. */
  private static void reads(DSLContext dsl, int p, Observed o) {
    String tag = tag(p);
    List<String> out = o.reads;
    Result<? extends Record> page =
        dsl.select(O_ID, O_CUST, STATUS, TOTAL, QTY, PLACED, PAID, ACTIVE)
            .from(ORDERS)
            .join(CUSTOMERS)
            .on(O_CUST.eq(C_ID))
            .where(EMAIL.like(tag + ".%"))
            .orderBy(O_ID)
            .limit(3)
            .offset(1)
            .fetch();
    for (Record r : page) {
      out.add(
          "page "
              + o.order(r.get(O_ID))
              + " "
              + o.customer(r.get(O_CUST))
              + " "
              + o.show(r.get(STATUS))
              + " "
              + o.show(r.get(TOTAL))
              + " "
              + o.show(r.get(QTY))
              + " "
              + o.show(r.get(PLACED))
              + " "
              + o.show(r.get(PAID))
              + " "
              + o.show(r.get(ACTIVE)));
    }
    for (Record r :
        dsl.selectFrom(CUSTOMERS)
            .where(EMAIL.like(tag + ".%"))
            .and(ACTIVE.isTrue())
            .orderBy(EMAIL.desc())
            .fetch()) {
      out.add(
          "active "
              + o.customer(r.get(C_ID))
              + " "
              + o.show(r.get(NAME))
              + " "
              + o.show(r.get(CREATED))
              + " "
              + o.show(r.get(NOTE)));
    }
    Field<Integer> n = count().as("n");
    Field<BigDecimal> sum = sum(TOTAL).as("sum_total");
    Field<BigDecimal> avg = avg(TOTAL).as("avg_total");
    Field<LocalDateTime> last = max(PLACED).as("last_placed");
    for (Record r :
        dsl.select(NAME, n, sum, avg, last)
            .from(CUSTOMERS)
            .join(ORDERS)
            .on(O_CUST.eq(C_ID))
            .where(EMAIL.like(tag + ".%"))
            .groupBy(C_ID, NAME)
            .having(count().ge(1))
            .orderBy(NAME)
            .fetch()) {
      out.add(
          "group "
              + o.show(r.get(NAME))
              + " "
              + o.show(r.get(n))
              + " "
              + o.show(r.get(sum))
              + " "
              + o.show(r.get(avg))
              + " "
              + o.show(r.get(last)));
    }
    Field<String> label = concat(trim(NAME), val(" <"), EMAIL, val(">")).as("label");
    Field<String> low = lower(NAME).as("low");
    Field<String> head = substring(trim(NAME), 1, 3).as("head");
    Field<String> note = coalesce(NOTE, val("-")).as("note_or");
    Field<String> state = case_().when(ACTIVE.isTrue(), "on").else_("off").as("state");
    for (Record r :
        dsl.select(C_ID, label, low, head, note, state)
            .from(CUSTOMERS)
            .where(EMAIL.like(tag + ".%"))
            .and(NAME.likeIgnoreCase("%o%").or(NAME.like("%Ann%")))
            .orderBy(C_ID)
            .fetch()) {
      out.add(
          "strings "
              + o.customer(r.get(C_ID))
              + " "
              + o.show(r.get(label))
              + " "
              + o.show(r.get(low))
              + " "
              + o.show(r.get(head))
              + " "
              + o.show(r.get(note))
              + " "
              + o.show(r.get(state)));
    }
    Field<LocalDateTime> due = localDateTimeAdd(PLACED, 7, DatePart.DAY).as("due");
    Field<Boolean> past = DSL.field(PLACED.lt(currentLocalDateTime())).as("past");
    for (Record r :
        dsl.select(O_ID, due, past)
            .from(ORDERS)
            .join(CUSTOMERS)
            .on(O_CUST.eq(C_ID))
            .where(EMAIL.like(tag + ".%"))
            .orderBy(O_ID)
            .fetch()) {
      out.add(
          "dates " + o.order(r.get(O_ID)) + " " + o.show(r.get(due)) + " " + o.show(r.get(past)));
    }
    out.add(
        "count "
            + dsl.fetchCount(
                dsl.selectFrom(ORDERS)
                    .where(O_CUST.in(select(C_ID).from(CUSTOMERS).where(EMAIL.like(tag + ".%"))))));
    out.add(
        "rolled back "
            + dsl.fetchExists(CUSTOMERS, EMAIL.eq(tag + ".gone@x.test"))
            + " "
            + dsl.fetchCount(ORDERS, O_CUST.eq(o.customerIds.get(0))));
    out.add(
        "exists "
            + dsl.fetchExists(
                dsl.selectOne().from(STOCK).where(SKU.eq(tag + "-D")).and(S_QTY.gt(50))));
    for (Record r :
        dsl.select(C_ID, EMAIL)
            .from(CUSTOMERS)
            .where(EMAIL.like(tag + ".%"))
            .and(
                exists(selectOne().from(ORDERS).where(O_CUST.eq(C_ID)).and(PAID.isTrue()))
                    .or(notExists(selectOne().from(ORDERS).where(O_CUST.eq(C_ID)))))
            .orderBy(C_ID)
            .fetch()) {
      out.add("with paid or none " + o.customer(r.get(C_ID)) + " " + o.show(r.get(EMAIL)));
    }
    for (Record r : dsl.selectFrom(STOCK).where(SKU.like(tag + "-%")).orderBy(SKU).fetch()) {
      out.add(
          "stock "
              + o.show(r.get(SKU))
              + " "
              + o.show(r.get(S_QTY))
              + " "
              + o.show(r.get(S_PRICE))
              + " "
              + o.show(r.get(S_UPDATED)));
    }
    out.add(
        "stock sum "
            + o.show(dsl.select(sum(S_QTY)).from(STOCK).where(SKU.like(tag + "-%")).fetchOne(0)));
  }
}
