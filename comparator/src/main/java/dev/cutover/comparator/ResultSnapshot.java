package dev.cutover.comparator;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The rows of one query result, normalized once at capture, with the column labels and types and
 * whether the capture stopped early ({@link #truncated()}).
 */
public final class ResultSnapshot {
  private final Engine engine;
  private final NormalizerOptions options;
  private final String[] labels;
  private final String[] typeNames;
  private final boolean[] computed;
  private final ValueNormalizer[] normalizers;
  private final NormalizedValue[][] rows;
  private final boolean truncated;

  private ResultSnapshot(Builder b) {
    this.engine = b.engine;
    this.options = b.options;
    this.labels = b.labels.toArray(new String[0]);
    this.typeNames = b.typeNames.toArray(new String[0]);
    this.computed = new boolean[b.computed.size()];
    for (int i = 0; i < computed.length; i++) {
      computed[i] = b.computed.get(i);
    }
    this.normalizers = b.normalizers.toArray(new ValueNormalizer[0]);
    this.rows = b.rows.toArray(new NormalizedValue[0][]);
    this.truncated = b.truncated;
  }

  /** Reads the rest of {@code resultSet} within {@code budget}, with the default options. */
  public static ResultSnapshot capture(ResultSet resultSet, Engine engine, CaptureBudget budget)
      throws SQLException {
    return capture(resultSet, engine, budget, NormalizerOptions.DEFAULTS);
  }

  /** Reads the rest of {@code resultSet} within {@code budget}. */
  public static ResultSnapshot capture(
      ResultSet resultSet, Engine engine, CaptureBudget budget, NormalizerOptions options)
      throws SQLException {
    Builder builder = builder(resultSet.getMetaData(), engine, budget, options);
    int n = builder.normalizers.size();
    Object[] values = new Object[n];
    while (resultSet.next()) {
      for (int i = 0; i < n; i++) {
        values[i] = read(resultSet, i + 1, builder.normalizers.get(i).preferredClass());
      }
      if (!builder.addRow(values)) {
        break;
      }
    }
    return builder.build();
  }

  /**
   * Reads a column as the class that keeps its full precision (for example LocalTime rather than
   * java.sql.Time, which drops microseconds), or as plain getObject when the driver cannot.
   */
  private static Object read(ResultSet rs, int column, Class<?> preferred) throws SQLException {
    if (preferred == null) {
      return rs.getObject(column);
    }
    if (preferred == String.class) {
      // pgjdbc's getObject(String.class) takes only character columns.
      return rs.getString(column);
    }
    try {
      return rs.getObject(column, preferred);
    } catch (SQLException | RuntimeException unsupportedConversion) {
      return rs.getObject(column);
    }
  }

  /** A builder whose columns come from a result's metadata, for teeing rows as they are read. */
  public static Builder builder(
      ResultSetMetaData metaData, Engine engine, CaptureBudget budget, NormalizerOptions options)
      throws SQLException {
    Builder builder = new Builder(engine, budget, options);
    for (int i = 1; i <= metaData.getColumnCount(); i++) {
      builder.column(
          metaData.getColumnLabel(i),
          metaData.getColumnType(i),
          metaData.getColumnTypeName(i),
          metaData.getPrecision(i),
          metaData.getScale(i),
          engine == Engine.MYSQL && computed(metaData, i));
    }
    return builder;
  }

  /** A builder whose columns are declared with {@link Builder#column}. */
  /**
   * Whether result column {@code i} is an expression rather than a table's column: its metadata
   * names no table (MariaDB and MySQL say so; a driver that cannot tell counts as a column).
   */
  public static boolean computed(ResultSetMetaData metaData, int i) {
    try {
      String table = metaData.getTableName(i);
      return table != null && table.isEmpty();
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  public static Builder builder(Engine engine, CaptureBudget budget, NormalizerOptions options) {
    return new Builder(engine, budget, options);
  }

  /** The engine the rows came from. */
  public Engine engine() {
    return engine;
  }

  /** The normalizer options the rows were captured with. */
  public NormalizerOptions options() {
    return options;
  }

  /** The number of rows held. */
  public int rowCount() {
    return rows.length;
  }

  /** The number of columns. */
  public int columnCount() {
    return labels.length;
  }

  /** The column labels in result order. */
  public List<String> columnLabels() {
    return Collections.unmodifiableList(Arrays.asList(labels));
  }

  /** The database type names of the columns in result order. */
  public List<String> columnTypeNames() {
    return Collections.unmodifiableList(Arrays.asList(typeNames));
  }

  /** The normalizer of column {@code index} (0-based). */
  public ValueNormalizer normalizer(int index) {
    return normalizers[index];
  }

  /** Row {@code index} (0-based) as normalized values. */
  public List<NormalizedValue> row(int index) {
    return Collections.unmodifiableList(Arrays.asList(rows[index]));
  }

  /** True when the capture stopped before the end of the result. */
  public boolean truncated() {
    return truncated;
  }

  NormalizedValue[][] rows() {
    return rows;
  }

  /** Whether column {@code index} (0-based) was declared an expression, not a table's column. */
  boolean computed(int index) {
    return computed[index];
  }

  String label(int index) {
    return labels[index];
  }

  @Override
  public String toString() {
    return "ResultSnapshot["
        + engine
        + ", "
        + rows.length
        + " rows, columns="
        + Arrays.toString(labels)
        + (truncated ? ", truncated" : "")
        + "]";
  }

  /** Collects rows one at a time, normalizing each, until the budget runs out. */
  public static final class Builder {
    private final Engine engine;
    private final CaptureBudget budget;
    private final NormalizerOptions options;
    private final List<String> labels = new ArrayList<>();
    private final List<String> typeNames = new ArrayList<>();
    private final List<Boolean> computed = new ArrayList<>();
    private final List<ValueNormalizer> normalizers = new ArrayList<>();
    private final List<NormalizedValue[]> rows = new ArrayList<>();
    private long bytes;
    private boolean truncated;

    private Builder(Engine engine, CaptureBudget budget, NormalizerOptions options) {
      this.engine = Objects.requireNonNull(engine, "engine");
      this.budget = Objects.requireNonNull(budget, "budget");
      this.options = Objects.requireNonNull(options, "options");
    }

    /** Declares the next column; all columns must be declared before the first row. */
    public Builder column(String label, int jdbcType, String typeName, int precision, int scale) {
      return column(label, jdbcType, typeName, precision, scale, false);
    }

    /**
     * Declares the next column; {@code computed} for an expression rather than a table's column
     * ({@link ResultSnapshot#computed}).
     */
    public Builder column(
        String label, int jdbcType, String typeName, int precision, int scale, boolean computed) {
      if (!rows.isEmpty()) {
        throw new IllegalStateException("columns must be declared before the first row");
      }
      labels.add(label);
      typeNames.add(typeName);
      this.computed.add(computed);
      normalizers.add(
          ValueNormalizer.forColumn(
              engine, jdbcType, typeName, precision, scale, computed, options));
      return this;
    }

    /**
     * Normalizes and keeps one row of JDBC values (as {@code getObject} returns them); returns
     * false, and marks the snapshot truncated, when the row does not fit the budget.
     */
    public boolean addRow(Object[] jdbcValues) {
      if (jdbcValues.length != normalizers.size()) {
        throw new IllegalArgumentException(
            "row has " + jdbcValues.length + " values, expected " + normalizers.size());
      }
      if (truncated) {
        return false;
      }
      if (rows.size() >= budget.maxRows()) {
        truncated = true;
        return false;
      }
      NormalizedValue[] row = new NormalizedValue[jdbcValues.length];
      long rowBytes = 16L + 8L * row.length;
      for (int i = 0; i < row.length; i++) {
        row[i] = normalizers.get(i).normalize(jdbcValues[i]);
        rowBytes += row[i].estimatedBytes();
      }
      if (bytes + rowBytes > budget.maxBytes()) {
        truncated = true;
        return false;
      }
      bytes += rowBytes;
      rows.add(row);
      return true;
    }

    /** Marks the snapshot incomplete, for example when the application closed the result early. */
    public Builder markTruncated() {
      truncated = true;
      return this;
    }

    /** The rows kept so far, as an immutable snapshot. */
    public ResultSnapshot build() {
      return new ResultSnapshot(this);
    }
  }
}
