package dev.cutover.benchmarks.lexer;

import dev.cutover.driver.sql.Analysis;
import dev.cutover.driver.sql.Dialect;
import dev.cutover.driver.sql.SqlAnalyzer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the hot-path SQL analyzer on a mixed MySQL/PostgreSQL application corpus, uncached
 * and on a cache hit; run with {@code -prof gc} to see the bytes allocated per statement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class LexerBenchmark {
  /** Statements as ORMs and hand-written application code send them: {dialect, sql}. */
  static final String[][] CORPUS = {
    {
      "MYSQL",
      "select user0_.id as id1_4_0_, user0_.created_at as created_2_4_0_, user0_.email as email3_4_0_, user0_.name as name4_4_0_, user0_.status as status5_4_0_, user0_.version as version6_4_0_ from users user0_ where user0_.id=?"
    },
    {
      "MYSQL",
      "select order0_.id as id1_2_, order0_.customer_id as customer5_2_, order0_.placed_at as placed_a2_2_, order0_.status as status3_2_, order0_.total as total4_2_ from orders order0_ where order0_.customer_id=? and order0_.status in (? , ? , ?) order by order0_.placed_at desc limit ?"
    },
    {
      "MYSQL",
      "insert into orders (customer_id, placed_at, status, total, version) values (?, ?, ?, ?, ?)"
    },
    {
      "MYSQL",
      "update orders set customer_id=?, placed_at=?, status=?, total=?, version=? where id=? and version=?"
    },
    {"MYSQL", "delete from order_items where order_id=?"},
    {"MYSQL", "select count(*) as col_0_0_ from orders order0_ where order0_.status=?"},
    {
      "MYSQL",
      "SELECT p.id, p.sku, p.name, p.price_cents, s.quantity FROM products p JOIN stock s ON s.product_id = p.id WHERE p.category_id = ? AND s.quantity > 0 ORDER BY p.name LIMIT 50"
    },
    {
      "MYSQL",
      "INSERT INTO page_views (session_id, path, referrer, created_at) VALUES (?, ?, ?, NOW())"
    },
    {"MYSQL", "UPDATE sessions SET last_seen = NOW(), hits = hits + 1 WHERE id = ?"},
    {"MYSQL", "SELECT GET_LOCK('migrations', 10)"},
    {
      "MYSQL",
      "INSERT INTO carts (user_id, product_id, qty) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE qty = qty + VALUES(qty)"
    },
    {
      "MYSQL",
      "SELECT c.id, c.name, COUNT(o.id) AS orders, SUM(o.total) AS revenue FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.status = 'paid' WHERE c.created_at >= ? GROUP BY c.id, c.name HAVING COUNT(o.id) > 3 ORDER BY revenue DESC LIMIT 20"
    },
    {
      "MYSQL",
      "SELECT * FROM `audit_log` WHERE `entity` = 'order' AND `entity_id` = ? ORDER BY `id` DESC"
    },
    {"MYSQL", "SET autocommit=0"},
    {"MYSQL", "COMMIT"},
    {"MYSQL", "SELECT @@session.transaction_isolation"},
    {
      "MYSQL",
      "SELECT id, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED"
    },
    {"MYSQL", "UPDATE outbox SET sent_at = NOW(6) WHERE id IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
    {
      "MYSQL",
      "SELECT u.id, u.email FROM users u WHERE u.email LIKE CONCAT(?, '%') AND u.deleted_at IS NULL"
    },
    {
      "MYSQL",
      "REPLACE INTO feature_flags (name, enabled, updated_at) VALUES ('new_checkout', 1, NOW())"
    },
    {
      "POSTGRES",
      "select user0_.id as id1_4_0_, user0_.created_at as created_2_4_0_, user0_.email as email3_4_0_, user0_.name as name4_4_0_ from users user0_ where user0_.id=$1"
    },
    {
      "POSTGRES",
      "insert into orders (customer_id, placed_at, status, total, version, id) values ($1, $2, $3, $4, $5, $6)"
    },
    {"POSTGRES", "select nextval ('orders_seq')"},
    {"POSTGRES", "update orders set status=$1, version=$2 where id=$3 and version=$4"},
    {
      "POSTGRES",
      "SELECT id, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED"
    },
    {
      "POSTGRES",
      "INSERT INTO events (id, kind, payload, created_at) VALUES (gen_random_uuid(), $1, $2::jsonb, now()) RETURNING id"
    },
    {
      "POSTGRES",
      "SELECT e.id, e.payload->>'type' AS type FROM events e WHERE e.payload @> $1::jsonb AND e.created_at > now() - interval '1 hour' ORDER BY e.created_at DESC LIMIT 50"
    },
    {
      "POSTGRES",
      "WITH paid AS (SELECT customer_id, sum(total) AS s FROM orders WHERE status = 'paid' GROUP BY customer_id) SELECT c.id, c.name, p.s FROM customers c JOIN paid p ON p.customer_id = c.id ORDER BY p.s DESC LIMIT 10"
    },
    {
      "POSTGRES",
      "INSERT INTO carts (user_id, product_id, qty) VALUES ($1, $2, $3) ON CONFLICT (user_id, product_id) DO UPDATE SET qty = carts.qty + EXCLUDED.qty"
    },
    {"POSTGRES", "SELECT t.oid, t.typname FROM pg_catalog.pg_type t WHERE t.typname = $1"},
    {"POSTGRES", "SET application_name = 'orders-service'"},
    {"POSTGRES", "BEGIN"},
    {
      "POSTGRES",
      "SELECT \"Id\", \"DisplayName\" FROM \"public\".\"Accounts\" WHERE \"Id\" = ANY($1::bigint[])"
    },
    {
      "POSTGRES",
      "UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1 RETURNING balance"
    },
    {"POSTGRES", "DELETE FROM sessions WHERE expires_at < now()"},
    {"POSTGRES", "SELECT count(*) FROM orders WHERE created_at BETWEEN $1 AND $2 /* dashboard */"},
    {
      "POSTGRES",
      "-- report\nSELECT date_trunc('day', created_at) AS d, count(*) FROM orders GROUP BY 1 ORDER BY 1"
    },
    {"POSTGRES", "SELECT $$literal; with semicolon$$, id FROM t WHERE id = $1"},
    {"POSTGRES", "SELECT * FROM users WHERE id = ? FOR NO KEY UPDATE"},
    {"POSTGRES", "COMMIT"},
    {"MYSQL", "SELECT id, name FROM users WHERE id = 42"},
    {"MYSQL", "select * from `users` where `email` = 'a@b.c'"},
    {"MYSQL", "SELECT o.id FROM `shop`.`orders` o WHERE o.status = 'paid'"},
    {"MYSQL", "SELECT u.id, o.total FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = ?"},
    {
      "MYSQL",
      "SELECT * FROM users u LEFT JOIN orders o ON o.user_id = u.id INNER JOIN items i ON i.order_id = o.id"
    },
    {"MYSQL", "SELECT * FROM users, accounts WHERE users.account_id = accounts.id"},
    {
      "MYSQL",
      "SELECT * FROM users AS u, accounts a, plans WHERE u.account_id = a.id AND a.plan_id = plans.id"
    },
    {"MYSQL", "SELECT id FROM users # pick users; DROP TABLE users"},
    {"MYSQL", "SELECT id FROM users -- trailing comment; DELETE FROM users"},
    {"MYSQL", "SELECT id /* comment with FROM secrets; */ FROM users"},
    {"MYSQL", "SELECT 'it\\'s; DELETE FROM x' AS s FROM users"},
    {"MYSQL", "SELECT \"double quoted string; UPDATE t SET a=1\" FROM users"},
    {"MYSQL", "SELECT * FROM notes WHERE body = 'back\\\\slash' AND title = 'quote''s'"},
    {"MYSQL", "SELECT /*! SQL_NO_CACHE */ id FROM users"},
    {"MYSQL", "SELECT balance FROM accounts WHERE id = 7 FOR UPDATE"},
    {"MYSQL", "SELECT balance FROM accounts WHERE id = 7 LOCK IN SHARE MODE"},
    {
      "MYSQL",
      "SELECT id FROM jobs WHERE state = 'ready' ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED"
    },
    {"MYSQL", "SELECT * FROM accounts WHERE id = 1 FOR SHARE"},
    {"MYSQL", "SELECT COUNT(*) FROM users WHERE created_at > NOW() - INTERVAL 1 DAY"},
    {
      "MYSQL",
      "SELECT DATE_FORMAT(created_at, '%Y-%m') AS month, SUM(total) FROM orders GROUP BY month ORDER BY month"
    },
    {"MYSQL", "SELECT * FROM users WHERE id IN (1, 2, 3, 4)"},
    {"MYSQL", "SELECT * FROM users WHERE id NOT IN (SELECT user_id FROM banned)"},
    {"MYSQL", "SELECT * FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)"},
    {
      "MYSQL",
      "SELECT t.uid, t.n FROM (SELECT user_id AS uid, COUNT(*) AS n FROM orders GROUP BY user_id) t WHERE t.n > 5"
    },
    {"MYSQL", "SELECT * FROM (SELECT * FROM orders) AS o, users WHERE o.user_id = users.id"},
    {"MYSQL", "SELECT id FROM users LIMIT 10, 20"},
    {"MYSQL", "SELECT EXTRACT(YEAR FROM created_at) FROM events"},
    {"MYSQL", "SELECT SUBSTRING(name FROM 2 FOR 3) FROM users"},
    {"MYSQL", "SELECT 1"},
    {"MYSQL", "SELECT NOW(), UUID(), RAND()"},
    {"POSTGRES", "SELECT id, name FROM users WHERE id = $1"},
    {"POSTGRES", "SELECT * FROM \"public\".\"users\" WHERE \"Email\" = 'x@y.z'"},
    {"POSTGRES", "SELECT * FROM users WHERE id = ?::bigint AND created_at > $2::timestamptz"},
    {"POSTGRES", "SELECT id FROM users WHERE name = E'it\\'s; DROP TABLE x' "},
    {
      "POSTGRES",
      "SELECT $$a string; DELETE FROM users$$ AS s, $tag$ with $$ inside $tag$ FROM users"
    },
    {
      "POSTGRES",
      "SELECT id FROM users /* outer /* nested; DELETE FROM x */ still comment */ WHERE id = 1"
    },
    {"POSTGRES", "SELECT 'C:\\path\\' AS p FROM users"},
    {
      "POSTGRES",
      "SELECT u.id, count(o.*) FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.id ORDER BY 2 DESC"
    },
    {"POSTGRES", "SELECT now(), gen_random_uuid(), random()"},
    {"POSTGRES", "SELECT * FROM generate_series(1, 10) AS g"},
    {"POSTGRES", "SELECT * FROM users, LATERAL unnest(tags) AS tag"},
    {
      "POSTGRES",
      "SELECT * FROM users u CROSS JOIN LATERAL (SELECT * FROM orders o WHERE o.user_id = u.id LIMIT 1) last"
    },
    {
      "POSTGRES",
      "WITH recent AS (SELECT * FROM orders WHERE created_at > now() - interval '1 day') SELECT * FROM recent"
    },
    {
      "POSTGRES",
      "WITH RECURSIVE tree(id, parent) AS (SELECT id, parent FROM employees WHERE parent IS NULL UNION ALL SELECT e.id, e.parent FROM employees e JOIN tree t ON e.parent = t.id) SELECT * FROM tree"
    },
    {
      "POSTGRES",
      "WITH x AS MATERIALIZED (SELECT * FROM a), y AS NOT MATERIALIZED (SELECT * FROM b) SELECT * FROM x JOIN y USING (id)"
    },
    {"POSTGRES", "VALUES (1, 'a'), (2, 'b')"},
    {"POSTGRES", "TABLE users"},
    {"POSTGRES", "SHOW search_path"},
    {"POSTGRES", "EXPLAIN SELECT * FROM users"},
    {"POSTGRES", "EXPLAIN UPDATE users SET a = 1"},
    {"POSTGRES", "EXPLAIN ANALYZE UPDATE users SET a = 1"},
    {"POSTGRES", "EXPLAIN (ANALYZE, BUFFERS) DELETE FROM users WHERE id = 1"},
    {"POSTGRES", "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM users"},
    {
      "POSTGRES",
      "SELECT * FROM jobs WHERE state = 'ready' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
    },
    {"POSTGRES", "SELECT * FROM accounts WHERE id = $1 FOR NO KEY UPDATE"},
    {"POSTGRES", "SELECT * FROM accounts WHERE id = $1 FOR SHARE NOWAIT"},
    {"POSTGRES", "SELECT a.* FROM accounts a JOIN users u ON u.id = a.user_id FOR UPDATE OF a"},
    {"POSTGRES", "SELECT * FROM events WHERE a IS DISTINCT FROM b"},
    {"POSTGRES", "INSERT INTO users (name, email) VALUES ($1, $2) RETURNING id"},
    {
      "POSTGRES",
      "INSERT INTO users (id, name) VALUES (1, 'x') ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name"
    },
  };

  static final int SIZE = 100;

  private Dialect[] dialects;
  private String[] statements;
  private SqlAnalyzer mysql;
  private SqlAnalyzer postgres;

  /** Loads the corpus and warms both caches so that the cached benchmark only sees hits. */
  @Setup
  public void setUp() {
    if (CORPUS.length != SIZE) {
      throw new IllegalStateException("corpus has " + CORPUS.length + " statements, not " + SIZE);
    }
    dialects = new Dialect[SIZE];
    statements = new String[SIZE];
    mysql = new SqlAnalyzer(Dialect.MYSQL, 1 << 20);
    postgres = new SqlAnalyzer(Dialect.POSTGRES, 1 << 20);
    for (int i = 0; i < SIZE; i++) {
      dialects[i] = Dialect.valueOf(CORPUS[i][0]);
      statements[i] = CORPUS[i][1];
      analyzerFor(dialects[i]).analyze(statements[i]);
    }
  }

  private SqlAnalyzer analyzerFor(Dialect dialect) {
    return dialect == Dialect.MYSQL ? mysql : postgres;
  }

  /** Lexes, classifies and fingerprints every corpus statement; one operation per statement. */
  @Benchmark
  @OperationsPerInvocation(SIZE)
  public void analyzeUncached(Blackhole blackhole) {
    for (int i = 0; i < SIZE; i++) {
      blackhole.consume(SqlAnalyzer.analyzeUncached(statements[i], dialects[i]));
    }
  }

  /** Looks every corpus statement up in a warm cache; one operation per statement. */
  @Benchmark
  @OperationsPerInvocation(SIZE)
  public void analyzeCacheHit(Blackhole blackhole) {
    for (int i = 0; i < SIZE; i++) {
      Analysis analysis =
          dialects[i] == Dialect.MYSQL
              ? mysql.analyze(statements[i])
              : postgres.analyze(statements[i]);
      blackhole.consume(analysis);
    }
  }
}
