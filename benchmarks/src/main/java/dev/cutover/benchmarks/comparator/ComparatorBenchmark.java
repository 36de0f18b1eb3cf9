package dev.cutover.benchmarks.comparator;

import dev.cutover.comparator.CaptureBudget;
import dev.cutover.comparator.CompareOptions;
import dev.cutover.comparator.ComparisonResult;
import dev.cutover.comparator.Engine;
import dev.cutover.comparator.NormalizerOptions;
import dev.cutover.comparator.ResultComparator;
import dev.cutover.comparator.ResultSnapshot;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Comparison throughput in normalized values per second: two 10,000-row by 8-column snapshots of
 * mixed types, a MariaDB side against a PostgreSQL side in another row order, as a shadow read of a
 * statement without ORDER BY would produce them. One operation is one value pair, so the score
 * reads directly as values compared per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ComparatorBenchmark {
  static final int ROWS = 10_000;
  static final int COLUMNS = 8;
  static final int VALUES = ROWS * COLUMNS;

  ResultSnapshot mariadb;
  ResultSnapshot postgres;
  ResultSnapshot postgresInOrder;
  List<Object[]> mariadbRows;
  CompareOptions multiset;
  CompareOptions ordered;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(42);
    List<Object[]> left = new ArrayList<>(ROWS);
    List<Object[]> right = new ArrayList<>(ROWS);
    LocalDateTime base = LocalDateTime.parse("2024-01-01T00:00:00");
    for (int i = 0; i < ROWS; i++) {
      BigDecimal price = BigDecimal.valueOf(random.nextInt(10_000_000), 2);
      double ratio = random.nextDouble() * 1000;
      LocalDateTime at = base.plusSeconds(random.nextInt(100_000_000));
      LocalDateTime fine = at.plusNanos(random.nextInt(1_000_000) * 1000L);
      String name = "customer-" + random.nextInt(1_000_000) + "-ü";
      boolean flag = random.nextBoolean();
      LocalDate day = LocalDate.ofEpochDay(random.nextInt(30_000));
      UUID id = new UUID(random.nextLong(), random.nextLong());
      left.add(new Object[] {i, price, ratio, at, name, flag ? 1 : 0, day, id.toString()});
      right.add(
          new Object[] {(long) i, price.stripTrailingZeros(), ratio, fine, name, flag, day, id});
    }
    postgresInOrder = postgresSnapshot(right);
    Collections.shuffle(right, random);
    mariadbRows = left;
    ResultSnapshot.Builder l = mariadbBuilder();
    left.forEach(l::addRow);
    mariadb = l.build();
    postgres = postgresSnapshot(right);
    multiset = CompareOptions.DEFAULTS;
    ordered = CompareOptions.builder().ordered().build();
    ComparisonResult check = ResultComparator.compare(mariadb, postgres, multiset);
    if (!check.equal() || !ResultComparator.compare(mariadb, postgresInOrder, ordered).equal()) {
      throw new IllegalStateException("benchmark data should compare equal: " + check);
    }
  }

  private static ResultSnapshot postgresSnapshot(List<Object[]> rows) {
    ResultSnapshot.Builder r =
        ResultSnapshot.builder(
                Engine.POSTGRES, CaptureBudget.unlimited(), NormalizerOptions.DEFAULTS)
            .column("id", Types.BIGINT, "int8", 19, 0)
            .column("price", Types.NUMERIC, "numeric", 0, 0)
            .column("ratio", Types.DOUBLE, "float8", 17, 17)
            .column("created", Types.TIMESTAMP, "timestamp", 26, 6)
            .column("name", Types.VARCHAR, "text", Integer.MAX_VALUE, 0)
            .column("flag", Types.BIT, "bool", 1, 0)
            .column("day", Types.DATE, "date", 13, 0)
            .column("ref", Types.OTHER, "uuid", Integer.MAX_VALUE, 0);
    rows.forEach(r::addRow);
    return r.build();
  }

  private static ResultSnapshot.Builder mariadbBuilder() {
    return ResultSnapshot.builder(
            Engine.MYSQL, CaptureBudget.unlimited(), NormalizerOptions.DEFAULTS)
        .column("id", Types.INTEGER, "INT", 11, 0)
        .column("price", Types.DECIMAL, "DECIMAL", 10, 2)
        .column("ratio", Types.DOUBLE, "DOUBLE", 22, 31)
        .column("created", Types.TIMESTAMP, "DATETIME", 19, 0)
        .column("name", Types.VARCHAR, "VARCHAR", 100, 0)
        .column("flag", Types.BOOLEAN, "TINYINT", 1, 0)
        .column("day", Types.DATE, "DATE", 10, 0)
        .column("ref", Types.CHAR, "CHAR", 36, 0);
  }

  /** Unordered comparison (no ORDER BY): hashing, sorting, matching and cross-type checks. */
  @Benchmark
  @OperationsPerInvocation(VALUES)
  public ComparisonResult compareMultiset() {
    return ResultComparator.compare(mariadb, postgres, multiset);
  }

  /** Ordered comparison (total ORDER BY): the same pair of engines, position by position. */
  @Benchmark
  @OperationsPerInvocation(VALUES)
  public ComparisonResult compareOrdered() {
    return ResultComparator.compare(mariadb, postgresInOrder, ordered);
  }

  /** Capture cost: normalizing 10,000 rows of MariaDB-style JDBC values into a snapshot. */
  @Benchmark
  @OperationsPerInvocation(VALUES)
  public ResultSnapshot normalizeAtCapture() {
    ResultSnapshot.Builder b = mariadbBuilder();
    for (Object[] row : mariadbRows) {
      b.addRow(row);
    }
    return b.build();
  }
}
