package dev.cutover.comparator;

import java.util.List;

/** Small snapshot builders for tests: columns declared as JDBC metadata would describe them. */
final class Snapshots {
  private Snapshots() {}

  /** A column as a driver's ResultSetMetaData describes it. */
  record Col(Engine engine, String label, int jdbcType, String typeName, int precision, int scale) {
    Col as(String newLabel) {
      return new Col(engine, newLabel, jdbcType, typeName, precision, scale);
    }
  }

  static Col col(Engine engine, int jdbcType, String typeName, int precision, int scale) {
    return new Col(engine, "v", jdbcType, typeName, precision, scale);
  }

  static ResultSnapshot one(Col col, Object value) {
    return one(col, value, NormalizerOptions.DEFAULTS);
  }

  static ResultSnapshot one(Col col, Object value, NormalizerOptions options) {
    ResultSnapshot.Builder b =
        ResultSnapshot.builder(col.engine(), CaptureBudget.unlimited(), options);
    b.column(col.label(), col.jdbcType(), col.typeName(), col.precision(), col.scale());
    b.addRow(new Object[] {value});
    return b.build();
  }

  static ResultSnapshot rows(List<Col> cols, boolean truncated, Object[]... rows) {
    Engine engine = cols.get(0).engine();
    ResultSnapshot.Builder b =
        ResultSnapshot.builder(engine, CaptureBudget.unlimited(), NormalizerOptions.DEFAULTS);
    for (Col c : cols) {
      b.column(c.label(), c.jdbcType(), c.typeName(), c.precision(), c.scale());
    }
    for (Object[] row : rows) {
      b.addRow(row);
    }
    if (truncated) {
      b.markTruncated();
    }
    return b.build();
  }

  static ComparisonResult compare(ResultSnapshot l, ResultSnapshot r) {
    return ResultComparator.compare(l, r, CompareOptions.DEFAULTS);
  }
}
