package dev.cutover.comparator.backfill;

import dev.cutover.testkit.Engine;
import dev.cutover.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.List;

/** Test tables with every common type, created alike on MariaDB and PostgreSQL. */
public final class Tables {
  private Tables() {}

  /** Creates {@code items}: integer key and every common type. */
  public static void createItems(TestDatabase db) {
    boolean pg = db.engine() == Engine.POSTGRES;
    db.execute(
        "CREATE TABLE items (id "
            + (pg ? "BIGSERIAL" : "BIGINT AUTO_INCREMENT")
            + " PRIMARY KEY, qty INT, small SMALLINT, price DECIMAL(12,3), ratio "
            + (pg ? "DOUBLE PRECISION" : "DOUBLE")
            + ", weight "
            + (pg ? "REAL" : "FLOAT")
            + ", name VARCHAR(100), notes TEXT, born DATE, updated "
            + (pg ? "TIMESTAMP(6)" : "DATETIME(6)")
            + ", active "
            + (pg ? "BOOLEAN" : "TINYINT(1)")
            + ", data "
            + (pg ? "BYTEA" : "VARBINARY(64)")
            + ", at_time TIME)");
  }

  /** Inserts rows 1..n of {@code items} (some NULLs, unicode and quotes) on the old side. */
  public static void fillItems(TestDatabase db, int n) {
    List<String> rows = new ArrayList<>();
    boolean pg = db.engine() == Engine.POSTGRES;
    for (int i = 1; i <= n; i++) {
      rows.add(itemValues(i, pg));
      if (rows.size() == 500 || i == n) {
        db.execute(
            "INSERT INTO items (id, qty, small, price, ratio, weight, name, notes, born, updated,"
                + " active, data, at_time) VALUES "
                + String.join(", ", rows));
        rows.clear();
      }
    }
  }

  static String itemValues(int i, boolean pg) {
    boolean nulls = i % 7 == 0;
    String name =
        switch (i % 4) {
          case 0 -> "plain " + i;
          case 1 -> "quote ' and \"\" " + i;
          case 2 -> "ünïcødé ✓ 日本 " + i;
          default -> "comma, pipe | " + i;
        };
    String bin = pg ? "'\\x" + hex(i) + "'::bytea" : "X'" + hex(i) + "'";
    return "("
        + i
        + ", "
        + (nulls ? "NULL" : String.valueOf(i * 3 - 100))
        + ", "
        + (i % 300)
        + ", "
        + (nulls ? "NULL" : (i * 7 % 10000) + "." + (i % 1000))
        + ", "
        + (i % 5 == 0 ? "NULL" : (i * 0.125 + 3.14159) + "")
        + ", "
        + (i * 0.5)
        + ", "
        + sq(name)
        + ", "
        + (nulls ? "NULL" : sq("line1\nline2 \\ backslash " + i, pg))
        + ", "
        + sq(String.format("20%02d-%02d-%02d", i % 30, i % 12 + 1, i % 28 + 1))
        + ", "
        + (nulls
            ? "NULL"
            : sq(
                String.format(
                    "2024-%02d-%02d 12:%02d:%02d.%06d",
                    i % 12 + 1, i % 28 + 1, i % 60, i % 60, i * 37 % 1000000)))
        + ", "
        + (nulls ? "NULL" : (pg ? (i % 2 == 0 ? "TRUE" : "FALSE") : (i % 2 == 0 ? "1" : "0")))
        + ", "
        + (nulls ? "NULL" : bin)
        + ", "
        + sq(String.format("%02d:%02d:%02d", i % 24, i % 60, i % 60))
        + ")";
  }

  private static String hex(int i) {
    return String.format("%08x00ff", i);
  }

  /** A SQL string literal. */
  static String sq(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** A SQL string literal keeping backslashes literal on either engine. */
  static String sq(String s, boolean pg) {
    return sq(pg ? s : s.replace("\\", "\\\\"));
  }
}
