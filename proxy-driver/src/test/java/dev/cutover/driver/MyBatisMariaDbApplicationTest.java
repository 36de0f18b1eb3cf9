package dev.cutover.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.testkit.FreshDatabases;
import dev.cutover.testkit.TestDatabase;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.executor.BatchResult;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A MyBatis application written for MariaDB, its only change the JDBC URL, behind HikariCP, moved
 * to PostgreSQL through {@code OLD → DUAL_OLD_PRIMARY → DUAL_NEW_PRIMARY → NEW} with a rollback
 * drill. Its {@link SqlSessionFactory} is built in code over the pool ({@link
 * JdbcTransactionFactory}), an annotated mapper beside an XML one ({@code MyBatisPostMapper.xml}):
 * {@code useGeneratedKeys} on single and {@code <foreach>} multi-row inserts, {@code <selectKey>}
 * with {@code LAST_INSERT_ID()}, a BATCH executor with generated keys, dynamic SQL ({@code <if>},
 * {@code <where>}, {@code <set>}, {@code <foreach>} IN lists), result maps with an association and
 * a collection, {@code LIMIT #{offset}, #{size}}, upserts, and MyBatis's type handlers for booleans
 * ({@code TINYINT(1)}), enums, {@code LocalDateTime} and {@code BigDecimal}. The schema on
 * PostgreSQL is what pgloader makes of MariaDB's.
 *
 * <p>In every phase the application observes of its writes (keys filled in, their types, counts)
 * what it observed on MariaDB at {@code OLD}; after every dual phase both databases hold the same
 * rows with the same ids, the journal is empty, every shadow read (sampled at 100%) matched, and
 * its reads answer through the driver what MariaDB answers directly, the same before and after each
 * switch.
 */
class MyBatisMariaDbApplicationTest {
  @RegisterExtension static final FreshDatabases DBS = new FreshDatabases();

  private static final List<String> TABLES = List.of("author", "post", "post_tag", "counter");

  private static final String[] MARIADB_SCHEMA = {
    "DROP TABLE IF EXISTS post_tag",
    "DROP TABLE IF EXISTS post",
    "DROP TABLE IF EXISTS author",
    "DROP TABLE IF EXISTS counter",
    "CREATE TABLE author (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
        + " email VARCHAR(100) NOT NULL UNIQUE, active TINYINT(1) NOT NULL, rating DECIMAL(5,2),"
        + " joined DATETIME(6) NOT NULL, level VARCHAR(10) NOT NULL)",
    "CREATE TABLE post (id BIGINT AUTO_INCREMENT PRIMARY KEY, author_id BIGINT NOT NULL,"
        + " title VARCHAR(200) NOT NULL, body TEXT, status VARCHAR(10) NOT NULL,"
        + " published TINYINT(1) NOT NULL, price DECIMAL(10,2), created DATETIME(6) NOT NULL,"
        + " FOREIGN KEY (author_id) REFERENCES author (id))",
    "CREATE TABLE post_tag (id INT AUTO_INCREMENT PRIMARY KEY, post_id BIGINT NOT NULL,"
        + " tag VARCHAR(40) NOT NULL, uses INT NOT NULL DEFAULT 1, UNIQUE KEY (post_id, tag))",
    "CREATE TABLE counter (name VARCHAR(40) PRIMARY KEY, hits INT NOT NULL)"
  };

  /** The same, as pgloader maps it to PostgreSQL. */
  private static final String[] POSTGRES_SCHEMA = {
    "DROP TABLE IF EXISTS post_tag",
    "DROP TABLE IF EXISTS post",
    "DROP TABLE IF EXISTS author",
    "DROP TABLE IF EXISTS counter",
    "CREATE TABLE author (id bigserial PRIMARY KEY, name varchar(100) NOT NULL,"
        + " email varchar(100) NOT NULL UNIQUE, active boolean NOT NULL, rating numeric(5,2),"
        + " joined timestamp(6) NOT NULL, level varchar(10) NOT NULL)",
    "CREATE TABLE post (id bigserial PRIMARY KEY,"
        + " author_id bigint NOT NULL REFERENCES author (id), title varchar(200) NOT NULL,"
        + " body text, status varchar(10) NOT NULL, published boolean NOT NULL,"
        + " price numeric(10,2), created timestamp(6) NOT NULL)",
    "CREATE TABLE post_tag (id serial PRIMARY KEY, post_id bigint NOT NULL,"
        + " tag varchar(40) NOT NULL, uses integer NOT NULL DEFAULT 1, UNIQUE (post_id, tag))",
    "CREATE TABLE counter (name varchar(40) PRIMARY KEY, hits integer NOT NULL)"
  };

  static final LocalDateTime T0 = LocalDateTime.of(2024, 3, 15, 8, 45, 30, 654_321_000);

  // ---- the application's model and mappers ----

  public enum Level {
    BRONZE,
    GOLD
  }

  public enum Status {
    DRAFT,
    PUBLISHED,
    ARCHIVED
  }

  public static class Author {
    public Long id;
    public String name;
    public String email;
    public boolean active;
    public BigDecimal rating;
    public LocalDateTime joined;
    public Level level;
    public List<Post> posts = new ArrayList<>();

    @Override
    public String toString() {
      return id + " " + name + " " + email + " " + active + " " + rating + " " + joined + " "
          + level;
    }
  }

  public static class Post {
    public Long id;
    public Long authorId;
    public String title;
    public String body;
    public Status status;
    public boolean published;
    public BigDecimal price;
    public LocalDateTime created;
    public Author author;
    public List<String> tags = new ArrayList<>();

    @Override
    public String toString() {
      return id + " " + authorId + " " + title + " " + body + " " + status + " " + published + " "
          + price + " " + created;
    }
  }

  public static class Tag {
    public Integer id;
    public Long postId;
    public String tag;

    Tag() {}

    Tag(Long postId, String tag) {
      this.postId = postId;
      this.tag = tag;
    }
  }

  /** What the posts screen searches by: any of it may be left out. */
  public static class Query {
    public Status status;
    public Boolean published;
    public String title;
    public List<Long> ids;
    public int offset;
    public int size = 100;
  }

  public interface AuthorMapper {
    @Insert(
        "INSERT INTO author (name, email, active, rating, joined, level)"
            + " VALUES (#{name}, #{email}, #{active}, #{rating}, #{joined}, #{level})")
    @Options(useGeneratedKeys = true, keyProperty = "id")
    int insert(Author a);

    @Select("SELECT id FROM author WHERE email = #{email}")
    Long idOf(String email);

    @Select(
        "SELECT * FROM author WHERE active = #{active} ORDER BY name, id"
            + " LIMIT #{offset}, #{size}")
    List<Author> page(
        @Param("active") boolean active, @Param("offset") int offset, @Param("size") int size);

    @Update(
        "UPDATE author SET rating = IFNULL(rating, 0) + #{delta}, active = NOT active"
            + " WHERE id = #{id}")
    int rate(@Param("id") long id, @Param("delta") BigDecimal delta);

    @Select("SELECT id FROM post_tag WHERE post_id = #{post} AND tag = #{tag}")
    Integer tagId(@Param("post") long post, @Param("tag") String tag);

    @Select("SELECT COUNT(*) FROM author")
    int count();

    @Select("SELECT active FROM author WHERE email = #{email}")
    Boolean isActive(String email);

    @Select("SELECT SUM(rating) FROM author")
    BigDecimal totalRating();

    @Select("SELECT `level`, COUNT(*) AS n, MAX(joined) AS latest FROM author GROUP BY `level`")
    List<Map<String, Object>> levels();
  }

  /** Bound to MyBatisPostMapper.xml. */
  public interface PostMapper {
    int insert(Post p);

    int insertWithSelectKey(Post p);

    int insertTags(List<Tag> tags);

    int tagOnce(Tag t);

    int hit(String name);

    int update(Post p);

    int deleteDrafts(@Param("authors") List<Long> authors);

    List<Post> find(Query q);

    List<Post> withAuthors();

    List<Author> authorsWithPosts();

    List<Map<String, Object>> report();

    List<Map<String, Object>> counters();
  }

  // ---- the application's wiring: only its JDBC URL changed ----

  private Set<Migration> before;
  private final List<HikariDataSource> pools = new ArrayList<>();

  @BeforeEach
  void schema() {
    before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(CutoverDriver.openMigrations());
    DBS.mariadb().execute(MARIADB_SCHEMA);
    DBS.postgres().execute(POSTGRES_SCHEMA);
  }

  @AfterEach
  void close() {
    pools.forEach(HikariDataSource::close);
    for (Migration m : CutoverDriver.openMigrations()) {
      if (!before.contains(m)) {
        m.close();
      }
    }
  }

  /** The application's session factory on {@code url} ({@code user} for the direct pool only). */
  private SqlSessionFactory application(String url, String user) throws Exception {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    if (user != null) {
      hc.setUsername(user);
    }
    hc.setMaximumPoolSize(3);
    HikariDataSource pool = new HikariDataSource(hc);
    pools.add(pool);
    Configuration cfg =
        new Configuration(new Environment("app", new JdbcTransactionFactory(), pool));
    cfg.setMapUnderscoreToCamelCase(true);
    cfg.addMapper(AuthorMapper.class);
    String resource = "dev/cutover/driver/MyBatisPostMapper.xml";
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      new XMLMapperBuilder(in, cfg, resource, cfg.getSqlFragments()).parse();
    }
    return new SqlSessionFactoryBuilder().build(cfg);
  }

  // ---- the application's work ----

  private static Author author(String email, String name, boolean active, String rating, Level l) {
    Author a = new Author();
    a.email = email;
    a.name = name;
    a.active = active;
    a.rating = rating == null ? null : new BigDecimal(rating);
    a.joined = T0.minusDays(email.length());
    a.level = l;
    return a;
  }

  private static Post post(Long author, String title, Status s, boolean live, String price, int i) {
    Post p = new Post();
    p.authorId = author;
    p.title = title;
    p.body = i % 2 == 0 ? null : "It's \"post\" " + i + " with a back\\slash";
    p.status = s;
    p.published = live;
    p.price = price == null ? null : new BigDecimal(price);
    p.created = T0.plusHours(i).plusMinutes(i * 7L);
    return p;
  }

  /**
   * One round of the application's writes, its rows tagged {@code tag}; returns what it observed,
   * free of the tag and the ids' values.
   */
  private static List<String> work(SqlSessionFactory app, String tag) {
    List<String> seen = new ArrayList<>();
    Author ann;
    Author bob;
    Post first;
    Post second;
    try (SqlSession s = app.openSession()) {
      AuthorMapper am = s.getMapper(AuthorMapper.class);
      PostMapper pm = s.getMapper(PostMapper.class);
      ann = author(tag + ".ann@x.test", "Ann " + tag, true, "4.50", Level.GOLD);
      bob = author(tag + ".bob@x.test", "Bob " + tag, false, null, Level.BRONZE);
      for (Author a : List.of(ann, bob)) {
        seen.add(
            "author "
                + am.insert(a)
                + " "
                + a.id.getClass().getSimpleName()
                + " "
                + a.id.equals(am.idOf(a.email)));
      }
      first = post(ann.id, "First " + tag, Status.PUBLISHED, true, "9.99", 1);
      seen.add("post " + pm.insert(first) + " " + (first.id != null));
      second = post(ann.id, "Second " + tag, Status.DRAFT, false, null, 2);
      seen.add("selectKey " + pm.insertWithSelectKey(second) + " " + (second.id != null));
      // A multi-row insert: MariaDB Connector/J reports its first id only, so MyBatis fills in
      // the first tag's id and leaves the others' null.
      List<Tag> tags =
          List.of(new Tag(first.id, "java"), new Tag(first.id, "sql"), new Tag(second.id, "java"));
      seen.add(
          "tags "
              + pm.insertTags(tags)
              + " "
              + tags.stream().map(t -> t.id == null ? "null" : "id").toList());
      Tag again = new Tag(first.id, "java");
      Tag fresh = new Tag(second.id, "draft");
      seen.add(
          "tag upsert "
              + (pm.tagOnce(again) > 0)
              + " "
              + (pm.tagOnce(fresh) > 0)
              + " "
              + (again.id != null)
              + " "
              + (fresh.id != null));
      // Only whether an upsert wrote is kept: MariaDB counts an updated row twice, PostgreSQL
      // once (docs/driver.md, Known limits: upsert counts).
      for (int i = 0; i < 3; i++) {
        seen.add("hit " + (pm.hit(tag + "-home") > 0));
      }
      s.commit();
      List<Object> read =
          s.selectList(
              "dev.cutover.driver.MyBatisMariaDbApplicationTest$PostMapper.find",
              new Query(),
              new org.apache.ibatis.session.RowBounds(0, 1));
      seen.add("row bounds " + read.size());
      Integer java = am.tagId(first.id, "java");
      seen.add(
          "tag ids "
              + java.getClass().getSimpleName()
              + " "
              + java.equals(tags.get(0).id)
              + " "
              + java.equals(again.id)
              + " "
              + am.tagId(second.id, "draft").equals(fresh.id));
    }
    // A BATCH executor: the keys come back at flushStatements, one per execution.
    try (SqlSession b = app.openSession(ExecutorType.BATCH)) {
      PostMapper pm = b.getMapper(PostMapper.class);
      List<Post> batch = new ArrayList<>();
      for (int i = 3; i < 7; i++) {
        Post p =
            post(
                i % 2 == 0 ? ann.id : bob.id,
                "Batch " + i + " " + tag,
                Status.values()[i % 3],
                i % 3 != 0,
                i == 4 ? null : (i * 3) + ".25",
                i);
        pm.insert(p);
        batch.add(p);
      }
      List<BatchResult> results = b.flushStatements();
      b.commit();
      List<String> counts = new ArrayList<>();
      for (BatchResult r : results) {
        counts.add(Arrays.toString(r.getUpdateCounts()));
      }
      List<Long> ids = batch.stream().map(p -> p.id).toList();
      seen.add(
          "batch "
              + counts
              + " "
              + (ids.stream().allMatch(java.util.Objects::nonNull)
                  && ids.stream().distinct().count() == ids.size()));
    }
    try (SqlSession s = app.openSession(true)) {
      AuthorMapper am = s.getMapper(AuthorMapper.class);
      PostMapper pm = s.getMapper(PostMapper.class);
      // <set> with only some fields given.
      Post change = new Post();
      change.id = second.id;
      change.title = "Second, edited " + tag;
      change.price = new BigDecimal("1.50");
      change.published = true;
      seen.add("update " + pm.update(change));
      seen.add("rate " + am.rate(bob.id, new BigDecimal("0.25")));
      seen.add("delete drafts " + pm.deleteDrafts(List.of(bob.id)));
    }
    // A transaction the application rolls back (last: MariaDB's AUTO_INCREMENT is not given back).
    try (SqlSession s = app.openSession()) {
      s.getMapper(AuthorMapper.class)
          .insert(author(tag + ".gone@x.test", "Gone", true, "1", Level.BRONZE));
      s.getMapper(PostMapper.class).hit(tag + "-gone");
      s.rollback();
      seen.add("rolled back " + s.getMapper(AuthorMapper.class).idOf(tag + ".gone@x.test"));
    }
    return seen;
  }

  /** What the application's screens read, as text with the Java types it got. */
  private static List<String> reads(SqlSessionFactory app) {
    List<String> out = new ArrayList<>();
    try (SqlSession s = app.openSession()) {
      AuthorMapper am = s.getMapper(AuthorMapper.class);
      PostMapper pm = s.getMapper(PostMapper.class);
      out.add("count " + am.count());
      out.add("active " + am.isActive("p0.ann@x.test") + " " + am.isActive("p0.bob@x.test"));
      out.add("rating " + show(am.totalRating()));
      for (Map<String, Object> row : am.levels()) {
        out.add("level " + show(row));
      }
      for (int page = 0; page < 2; page++) {
        out.add("page " + am.page(true, page * 2, 2) + " " + am.page(false, page * 2, 2));
      }
      Query published = new Query();
      published.status = Status.PUBLISHED;
      published.published = true;
      published.size = 5;
      out.add("published " + pm.find(published));
      Query byIds = new Query();
      byIds.title = "Batch";
      byIds.ids = List.of(1L, 3L, 5L, 8L, 9L, 10L, 12L);
      out.add("by ids " + pm.find(byIds));
      Query paged = new Query();
      paged.offset = 3;
      paged.size = 4;
      out.add("paged " + pm.find(paged));
      for (Post p : pm.withAuthors()) {
        out.add(
            "with author "
                + p
                + " / "
                + p.author
                + " "
                + p.tags
                + " "
                + show(p.published)
                + " "
                + show(p.price)
                + " "
                + show(p.status));
      }
      for (Author a : pm.authorsWithPosts()) {
        out.add("author " + a + " " + a.posts);
      }
      for (Map<String, Object> row : pm.report()) {
        out.add("report " + show(row));
      }
      for (Map<String, Object> row : pm.counters()) {
        out.add("counter " + show(row));
      }
    }
    return out;
  }

  private static String show(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map<?, ?> m) {
      // Sorted: MyBatis's map is a HashMap; the keys are the labels the application reads.
      Map<String, String> shown = new TreeMap<>();
      m.forEach((k, x) -> shown.put(String.valueOf(k), show(x)));
      return new LinkedHashMap<>(shown).toString();
    }
    return v.getClass().getSimpleName() + ":" + v;
  }

  // ---- the migration ----

  /** The reads through the driver, their shadow reads then drained before the next writes. */
  private static List<String> reads(SqlSessionFactory app, Migration m) throws Exception {
    List<String> out = reads(app);
    m.drainShadowReads(Duration.ofSeconds(30));
    return out;
  }

  @Test
  void a_mybatis_mariadb_application_moves_to_postgresql_changing_only_its_url() throws Exception {
    TestDatabase maria = DBS.mariadb();
    String url =
        MigrationFixture.writeConfig(
            maria, DBS.postgres(), Phase.OLD, "shadow: { sampleRate: 1.0 }\n");
    Migration m = CutoverDriver.migration(url);
    SqlSessionFactory app = application(url, null);
    // The same application on MariaDB itself, no driver in between: what its reads should answer.
    SqlSessionFactory direct = application(maria.url(), maria.user());

    List<String> expected = work(app, "p0");
    MigrationFixture.assertSameLines(
        reads(direct), reads(app, m), "reads through the driver at OLD");
    MigrationFixture.backfill(DBS.mariadb(), DBS.postgres(), TABLES, "counter");
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
    MigrationFixture.assertSameLines(
        onMariaDb, reads(app, m), "reads after the switch to PostgreSQL");
    SqlSessionFactory restarted = application(url, null);
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
    for (String table : List.of("author", "post", "post_tag")) {
      long max = DBS.postgres().queryLong("SELECT max(id) FROM " + table);
      assertTrue(
          MigrationFixture.generatorPosition(DBS.postgres(), table) >= max,
          table + "'s sequence is behind its ids");
    }
  }
}
