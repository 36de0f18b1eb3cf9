package dev.cutover.comparator.backfill;

import dev.cutover.comparator.backfill.BackfillOptions.CopyMode;
import dev.cutover.comparator.chunk.Column;
import dev.cutover.comparator.chunk.Dialect;
import dev.cutover.comparator.chunk.Points;
import dev.cutover.comparator.chunk.TableShape;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Writes source rows into the target table idempotently: upserts in the target's dialect, or on
 * PostgreSQL {@code COPY} into a session-temporary staging table followed by one {@code INSERT ...
 * SELECT ... ON CONFLICT DO UPDATE}. Shared by backfill and repair; not thread-safe, one per target
 * connection.
 */
public final class RowCopy {
  private static final HexFormat HEX = HexFormat.of();

  private final Connection target;
  private final Dialect dialect;
  private final TableShape source;
  private final List<Column> sourceColumns = new ArrayList<>();
  private final List<Column> targetColumns = new ArrayList<>();
  private final List<String> targetKey;
  private final String targetTable;
  private final boolean copy;
  private final int batchRows;
  private final List<Object[]> pending = new ArrayList<>();
  private final StringBuilder copyBuffer = new StringBuilder();
  private int copyRows;
  private String stagingTable;
  private PreparedStatement fullBatch;
  private int copyFlushes;
  private int directMissesInARow;
  private long directBatches;

  // Per column, worked out once: backfill converts every value of every row, and the type-name
  // tests behind Column.isBoolean() showed as its largest client cost.
  private final ReadAs[] readAs;
  private final int[] sourceWidth;
  private final boolean[] toBoolean;
  private final boolean[] toInteger;

  /** Per column, how a bit string read from the source is written; null when it is not one. */
  private final BitsTo[] bitsTo;

  private final int[] targetWidth;

  /** Per target column, the type a NULL is bound as. */
  private final int[] nullType;

  /** Per column, how a date-time is placed for the target's type; null to take it as read. */
  private final TimeTo[] timeTo;

  /**
   * Per target column, whether a text value is bound untyped, for PostgreSQL to read as the
   * column's type as COPY does: every PostgreSQL column that is neither character nor binary (an
   * enum, jsonb, uuid, interval, inet, hstore, money, a domain, ...), which refuses a varchar.
   */
  private final boolean[] untyped;

  /**
   * Per column, whether a float read from a single-precision source goes into a double column: as
   * the float's shortest decimal (1.2345678), the value the float stands for, not as its binary
   * value widened (1.2345677614212036), which no reader of the source ever saw.
   */
  private final boolean[] floatToDouble;

  /** Per column, whether a float read from a single-precision source goes into a numeric. */
  private final boolean[] floatToDecimal;

  /**
   * Per column, how a point crosses between a MariaDB geometry (bytes) and PostgreSQL's point (text
   * '(x,y)'); null for neither. A geometry that is no point is left for the target to refuse.
   */
  private final PointTo[] pointTo;

  private enum PointTo {
    /** MariaDB's geometry bytes into a PostgreSQL point, as its text. */
    TEXT,
    /** PostgreSQL's point text into a MariaDB geometry, as its bytes. */
    GEOMETRY;

    static PointTo of(Column source, Column target) {
      if (Points.isSpatial(source.typeName()) && target.typeName().equals("point")) {
        return TEXT;
      }
      return Points.isSpatial(target.typeName()) && source.typeName().equals("point")
          ? GEOMETRY
          : null;
    }
  }

  /**
   * Per column, how a set of members crosses between text (a MariaDB SET, 'a,b') and an array
   * (PostgreSQL's text[] or enum[], '{a,b}', as pgloader migrates a SET); null for neither.
   */
  private final SetTo[] setTo;

  private enum SetTo {
    /** Text into an array column, as the array's text. */
    ARRAY,
    /** An array into a text column, its members joined with ','. */
    TEXT;

    static SetTo of(Column source, Column target) {
      // Only a SET: other text may already be an array's text ('{a,b}'), which PostgreSQL casts.
      if (source.typeName().equals("SET") && target.jdbcType() == Types.ARRAY) {
        return ARRAY;
      }
      return source.jdbcType() == Types.ARRAY && target.typeName().equals("SET") ? TEXT : null;
    }
  }

  /** Per column, how a UUID crosses between a uuid column and a binary one; null for neither. */
  private final UuidTo[] uuidTo;

  /** How a UUID is written into a column of the other form. */
  private enum UuidTo {
    /** 16 bytes (MariaDB BINARY(16)) into a uuid column, as a java.util.UUID. */
    UUID,
    /** A uuid's text into a binary column, as its 16 bytes. */
    BYTES;

    static UuidTo of(Column source, Column target) {
      boolean from = source.typeName().equalsIgnoreCase("uuid");
      boolean to = target.typeName().equalsIgnoreCase("uuid");
      if (!from && to && source.isBinary()) {
        return UUID;
      }
      return from && !to && target.isBinary() ? BYTES : null;
    }
  }

  /** How a source column is read; see {@link #readValue}. */
  private enum ReadAs {
    /**
     * The driver's own text, for integers and decimals going into COPY: both engines print them
     * exactly as PostgreSQL's COPY reads them, so parsing and printing them again is skipped.
     */
    TEXT,
    OFFSET_DATE_TIME,
    LOCAL_DATE_TIME,
    LOCAL_DATE,
    /** A MariaDB YEAR as its number, which is what pgloader's integer and any YEAR take. */
    YEAR,
    BYTES,
    STRING,
    BOOLEAN,
    /**
     * A multi-bit BIT or varbit as its binary digits: pgjdbc's text, or MariaDB's big-endian bytes
     * spelled out at the column's declared width.
     */
    BITS,
    /**
     * A MariaDB FLOAT as the float it stores, selected as {@code x + 0e0} ({@link #selectList}):
     * MariaDB sends the column itself with six significant digits, and 1234567 arrived as 1234570.
     */
    FLOAT,
    OBJECT;

    static ReadAs of(Column column) {
      if (column.isMariaDbFloat()) {
        return FLOAT;
      }
      switch (column.jdbcType()) {
        case Types.TIMESTAMP:
          return column.isTimestampWithZone() ? OFFSET_DATE_TIME : LOCAL_DATE_TIME;
        case Types.TIMESTAMP_WITH_TIMEZONE:
          return OFFSET_DATE_TIME;
        case Types.DATE:
          // MariaDB reports YEAR as a DATE (January 1st; year 0 makes its driver throw).
          return column.typeName().equalsIgnoreCase("YEAR") ? YEAR : LOCAL_DATE;
        case Types.TIME:
          // As text: a MariaDB TIME is a duration of up to 838 hours, either sign, which a
          // LocalTime wraps into a day (838:59:59 was copied as 22:59:59); PostgreSQL's time
          // reaches 24:00:00; pgjdbc will not read a timetz as a LocalTime at all. Both engines
          // read their own text back, and a value the target cannot hold is refused there.
          return STRING;
        default:
          if (column.isBinary()) {
            return BYTES;
          } else if (column.isText()) {
            return STRING;
          } else if (column.isBoolean()) {
            return BOOLEAN;
          } else if (column.isBitString()) {
            return BITS;
          } else if (readsAsText(column)) {
            return STRING;
          }
          return OBJECT;
      }
    }

    /**
     * Types a driver returns as an object of its own, whose text is the database's own output and
     * input syntax: PostgreSQL's interval, inet, hstore, json, ranges, point and other OTHER types
     * (pgjdbc's hstore Map prints as '{a=1}', which COPY refuses), xml (pgjdbc's SQLXML prints as
     * an object name, which an xml column takes as a text node) and money (pgjdbc makes a Double of
     * it, and fails on grouped digits). MariaDB's spatial types are bytes, not text.
     */
    private static boolean readsAsText(Column column) {
      switch (column.jdbcType()) {
        case Types.OTHER:
          return !Points.isSpatial(column.typeName());
        case Types.SQLXML:
          return true;
        default:
          return column.typeName().equalsIgnoreCase("money");
      }
    }
  }

  /** How a bit string read from the source is written into the target column. */
  private enum BitsTo {
    /**
     * PostgreSQL {@code bit(n)}: left-padded with zeros, or stripped of leading zeros, to the
     * declared width; when that would lose a one it is left as it is, for PostgreSQL's own error.
     */
    PG_BIT,
    /** PostgreSQL {@code varbit}: the digits as read. */
    PG_VARBIT,
    /**
     * MariaDB {@code BIT(n)}: the unsigned value bound as a long (a BIT(64) with the top bit set
     * travels as a negative long and is stored as the same 64 bits).
     */
    MARIADB_BIT,
    /** An integer, decimal or boolean column: the unsigned value as a number. */
    NUMBER;

    static BitsTo of(Dialect target, Column column) {
      if (column.isBitString()) {
        if (target != Dialect.POSTGRES) {
          return MARIADB_BIT;
        }
        return column.typeName().equalsIgnoreCase("bit") ? PG_BIT : PG_VARBIT;
      }
      switch (column.jdbcType()) {
        case Types.DECIMAL:
        case Types.NUMERIC:
          return NUMBER;
        default:
          return column.isIntegral() || column.isBoolean() ? NUMBER : null;
      }
    }
  }

  /**
   * How a date-time read from the source is written into a date-time column. An instant
   * (timestamptz, read as an offset date-time; MariaDB's TIMESTAMP, read as UTC wall-clock time in
   * the UTC session {@link dev.cutover.comparator.chunk.UtcSession} holds) keeps its instant; a
   * zone-less value (MariaDB DATETIME, PostgreSQL timestamp) meeting an instant column stands for
   * its time in {@code zone}, the one the application's drivers dual-write it in, and an instant
   * going into a zone-less column becomes its wall-clock time there. Binding a value as it is would
   * let PostgreSQL place it in the session's zone instead. pgjdbc's infinities (the MIN and MAX
   * values) stay as they are, since pgjdbc writes them back as infinities.
   */
  private record TimeTo(
      boolean sourceInstant, boolean targetInstant, boolean targetOffset, ZoneId zone) {
    static TimeTo of(Column source, Column target, ZoneId zone) {
      if (target.jdbcType() != Types.TIMESTAMP && !target.isTimestampWithZone()) {
        return null;
      }
      return new TimeTo(source.isInstant(), target.isInstant(), target.isTimestampWithZone(), zone);
    }

    Object place(Object v) {
      OffsetDateTime instant;
      if (v instanceof OffsetDateTime t) {
        if (t.equals(OffsetDateTime.MAX) || t.equals(OffsetDateTime.MIN)) {
          return targetOffset
              ? t
              : t.equals(OffsetDateTime.MAX) ? LocalDateTime.MAX : LocalDateTime.MIN;
        }
        instant = t;
      } else if (v instanceof LocalDateTime t) {
        if (t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN)) {
          return t;
        }
        if (!sourceInstant && !targetInstant) {
          return t;
        }
        // In the hour a fall-back repeats, the later offset, as PostgreSQL reads such a time.
        instant =
            sourceInstant
                ? t.atOffset(ZoneOffset.UTC)
                : t.atZone(zone).withLaterOffsetAtOverlap().toOffsetDateTime();
      } else {
        return v;
      }
      if (targetOffset) {
        return instant;
      }
      return targetInstant
          ? instant.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
          : instant.atZoneSameInstant(zone).toLocalDateTime();
    }
  }

  /** A writer of {@code source}'s rows into {@code targetShape} on {@code target}. */
  public RowCopy(
      Connection target, TableShape source, TableShape targetShape, CopyMode mode, int batchRows)
      throws SQLException {
    this(target, source, targetShape, mode, batchRows, ZoneId.systemDefault());
  }

  /**
   * A writer of {@code source}'s rows into {@code targetShape} on {@code target}, placing zone-less
   * date-times that meet an instant column in {@code zone}.
   */
  public RowCopy(
      Connection target,
      TableShape source,
      TableShape targetShape,
      CopyMode mode,
      int batchRows,
      ZoneId zone)
      throws SQLException {
    this.target = target;
    this.dialect = Dialect.of(target);
    this.source = source;
    for (Column c : source.columns()) {
      targetShape
          .column(c.name())
          .ifPresent(
              t -> {
                sourceColumns.add(c);
                targetColumns.add(t);
              });
    }
    this.targetKey = targetShape.keyNames();
    this.targetTable = targetShape.name();
    this.copy = mode == CopyMode.COPY && dialect == Dialect.POSTGRES && PgCopy.available();
    this.readAs = new ReadAs[sourceColumns.size()];
    this.sourceWidth = new int[sourceColumns.size()];
    this.toBoolean = new boolean[targetColumns.size()];
    this.toInteger = new boolean[targetColumns.size()];
    this.bitsTo = new BitsTo[targetColumns.size()];
    this.targetWidth = new int[targetColumns.size()];
    this.nullType = new int[targetColumns.size()];
    this.timeTo = new TimeTo[targetColumns.size()];
    this.untyped = new boolean[targetColumns.size()];
    this.uuidTo = new UuidTo[targetColumns.size()];
    this.floatToDouble = new boolean[targetColumns.size()];
    this.floatToDecimal = new boolean[targetColumns.size()];
    this.pointTo = new PointTo[targetColumns.size()];
    this.setTo = new SetTo[targetColumns.size()];
    for (int i = 0; i < readAs.length; i++) {
      Column t = targetColumns.get(i);
      uuidTo[i] = UuidTo.of(sourceColumns.get(i), t);
      pointTo[i] = PointTo.of(sourceColumns.get(i), t);
      setTo[i] = SetTo.of(sourceColumns.get(i), t);
      floatToDouble[i] =
          sourceColumns.get(i).jdbcType() == Types.REAL
              && (t.jdbcType() == Types.DOUBLE || t.jdbcType() == Types.FLOAT);
      floatToDecimal[i] =
          sourceColumns.get(i).jdbcType() == Types.REAL
              && (t.jdbcType() == Types.NUMERIC || t.jdbcType() == Types.DECIMAL);
      timeTo[i] = TimeTo.of(sourceColumns.get(i), t, zone);
      untyped[i] = dialect == Dialect.POSTGRES && !isCharacter(t) && !t.isBinary();
      readAs[i] = ReadAs.of(sourceColumns.get(i));
      sourceWidth[i] = sourceColumns.get(i).size();
      // A PostgreSQL bit(1) is reported like a boolean (BIT, size 1) but takes only bits.
      boolean pgBit1 =
          dialect == Dialect.POSTGRES && !t.isBitString() && t.typeName().equalsIgnoreCase("bit");
      toBoolean[i] = t.isBoolean() && !pgBit1;
      toInteger[i] = !toBoolean[i] && t.isIntegral();
      targetWidth[i] = t.size();
      // Untyped too: pgjdbc binds a NULL of the reported type, which the column may refuse (a
      // BIT as a boolean into a bit(n), a VARCHAR into an enum, a DOUBLE into money).
      nullType[i] = untyped[i] ? Types.OTHER : t.jdbcType();
      if (pgBit1) {
        bitsTo[i] = BitsTo.PG_BIT;
      } else if (readAs[i] == ReadAs.BITS) {
        bitsTo[i] = BitsTo.of(dialect, t);
        if (t.isBinary()) {
          // Into a binary column the bytes go as they are, as before bit strings were read.
          readAs[i] = ReadAs.OBJECT;
        }
      }
      if (copy
          && readAs[i] == ReadAs.OBJECT
          && !toBoolean[i]
          && isExactNumber(sourceColumns.get(i))) {
        readAs[i] = ReadAs.TEXT;
      }
    }
    int maxByParams = Math.max(1, 30_000 / Math.max(1, targetColumns.size()));
    this.batchRows = copy ? batchRows : Math.min(batchRows, maxByParams);
  }

  /** The source column list to SELECT, quoted for the source dialect. */
  public String selectList(Dialect sourceDialect) {
    return sourceColumns.stream()
        .map(c -> selectExpression(sourceDialect, c))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /**
   * How a column is selected for {@link #readValue}: quoted, and a MariaDB FLOAT as {@code (x +
   * 0e0)}, the double that is exactly the float it stores (selecting the column gets six digits).
   */
  public static String selectExpression(Dialect dialect, Column column) {
    String q = dialect.quote(column.name());
    return dialect == Dialect.MARIADB && column.isMariaDbFloat() ? "(" + q + " + 0e0)" : q;
  }

  /**
   * The double of a float's shortest decimal that reads back as the same float: 1.5E16 for the
   * float nearest 1.5e16. Java 17's Float.toString is not always shortest (it prints that float as
   * 1.50000004E16), so the digits are found here, fewest first, each the exact value rounded.
   */
  static double shortestDouble(float f) {
    if (!Float.isFinite(f) || f == 0) {
      return f;
    }
    return shortestDecimal(f).doubleValue();
  }

  /** A finite float's shortest decimal that reads back as the same float. */
  static java.math.BigDecimal shortestDecimal(float f) {
    java.math.BigDecimal exact = new java.math.BigDecimal(f);
    for (int digits = 1; digits < 9; digits++) {
      java.math.BigDecimal d =
          exact.round(new java.math.MathContext(digits, java.math.RoundingMode.HALF_EVEN));
      if (d.floatValue() == f) {
        return d;
      }
    }
    return exact.round(new java.math.MathContext(9, java.math.RoundingMode.HALF_EVEN));
  }

  /** Reads the current row of a result set selected with {@link #selectList}. */
  public Object[] read(ResultSet rs) throws SQLException {
    Object[] row = new Object[sourceColumns.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = read(rs, i + 1, readAs[i], sourceWidth[i]);
    }
    return row;
  }

  /**
   * Reads one value in a type every target driver binds the same way; a multi-bit BIT or varbit as
   * its binary digits, MariaDB's at the column's declared width.
   */
  public static Object readValue(ResultSet rs, int index, Column column) throws SQLException {
    return read(rs, index, ReadAs.of(column), column.size());
  }

  /** True for PostgreSQL's character types, which take a varchar as it is. */
  private static boolean isCharacter(Column c) {
    switch (c.typeName().toLowerCase(Locale.ROOT)) {
      case "text":
      case "varchar":
      case "character varying":
      case "bpchar":
      case "char":
      case "character":
      case "name":
        return true;
      default:
        return false;
    }
  }

  private static boolean isExactNumber(Column c) {
    switch (c.jdbcType()) {
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
      case Types.DECIMAL:
      case Types.NUMERIC:
        return !c.isBoolean();
      default:
        return false;
    }
  }

  private static Object read(ResultSet rs, int index, ReadAs as, int width) throws SQLException {
    Object v;
    switch (as) {
      case TEXT:
        v = rs.getString(index);
        break;
      case OFFSET_DATE_TIME:
        // pgjdbc reports timestamptz as TIMESTAMP but will not read it as a LocalDateTime.
        v = rs.getObject(index, OffsetDateTime.class);
        break;
      case LOCAL_DATE_TIME:
        v = rs.getObject(index, LocalDateTime.class);
        break;
      case LOCAL_DATE:
        v = rs.getObject(index, LocalDate.class);
        break;
      case YEAR:
        v = rs.getInt(index);
        break;
      case BYTES:
        v = rs.getBytes(index);
        break;
      case STRING:
        v = rs.getString(index);
        break;
      case BOOLEAN:
        boolean b = rs.getBoolean(index);
        v = rs.wasNull() ? null : b;
        break;
      case FLOAT:
        double d = rs.getDouble(index);
        v = rs.wasNull() ? null : (Object) (float) d;
        break;
      case BITS:
        // MariaDB (and MySQL) give bytes; pgjdbc a PGobject whose text is the bit string.
        Object o = rs.getObject(index);
        v = o instanceof byte[] bytes ? bitString(bytes, width) : o == null ? null : o.toString();
        break;
      default:
        v = rs.getObject(index);
    }
    return rs.wasNull() ? null : v;
  }

  /** The bytes' bits, most significant first, fitted to {@code width} as {@link #fit} does. */
  static String bitString(byte[] bytes, int width) {
    char[] digits = new char[bytes.length * 8];
    for (int i = 0; i < digits.length; i++) {
      digits[i] = (bytes[i >> 3] & (0x80 >>> (i & 7))) == 0 ? '0' : '1';
    }
    return fit(new String(digits), width);
  }

  /**
   * The bit string left-padded with zeros, or stripped of leading zeros, to {@code width} digits;
   * as it is when stripping would drop a one, or when the width is unknown.
   */
  static String fit(String bits, int width) {
    int length = bits.length();
    if (width <= 0 || length == width) {
      return bits;
    }
    if (length < width) {
      return "0".repeat(width - length) + bits;
    }
    int from = 0;
    while (from < length - width && bits.charAt(from) == '0') {
      from++;
    }
    return bits.substring(from);
  }

  /** A source bit string as the target column takes it. */
  private Object bits(String bits, int i) throws SQLException {
    switch (bitsTo[i]) {
      case PG_BIT:
        return fit(bits, targetWidth[i]);
      case PG_VARBIT:
        return bits;
      default:
        int from = 0;
        while (from < bits.length() && bits.charAt(from) == '0') {
          from++;
        }
        int significant = bits.length() - from;
        if (significant == 0) {
          return 0L;
        }
        if (significant < Long.SIZE) {
          return Long.parseLong(bits, from, bits.length(), 2);
        }
        if (bitsTo[i] == BitsTo.MARIADB_BIT && significant == Long.SIZE) {
          return Long.parseUnsignedLong(bits, from, bits.length(), 2);
        }
        if (bitsTo[i] == BitsTo.MARIADB_BIT) {
          throw new SQLException(
              "Bit string of "
                  + significant
                  + " significant bits does not fit column "
                  + targetColumns.get(i).name()
                  + " "
                  + targetColumns.get(i).typeName()
                  + "("
                  + targetWidth[i]
                  + ")",
              "22001");
        }
        return new BigDecimal(new BigInteger(bits, 2));
    }
  }

  /** The value of column {@code i} as the target takes it. */
  private Object targetValue(Object v, int i) throws SQLException {
    if (bitsTo[i] == BitsTo.PG_BIT && v instanceof Boolean b) {
      // A boolean, BIT(1) or tinyint(1) source into a PostgreSQL bit(1).
      v = b ? "1" : "0";
    }
    if (bitsTo[i] != null && v instanceof String bitString) {
      v = bits(bitString, i);
    }
    if (timeTo[i] != null) {
      v = timeTo[i].place(v);
    }
    if (uuidTo[i] != null) {
      v = uuid(v, uuidTo[i]);
    }
    if (pointTo[i] == PointTo.TEXT && v instanceof byte[] geometry) {
      double[] point = Points.fromMariaDb(geometry);
      v = point == null ? v : Points.text(point);
    } else if (pointTo[i] == PointTo.GEOMETRY && v instanceof String text) {
      double[] point = Points.parse(text);
      v = point == null ? v : Points.toMariaDb(point);
    }
    if (setTo[i] == SetTo.ARRAY && v instanceof String members) {
      v = arrayText(members);
    } else if (setTo[i] == SetTo.TEXT && v instanceof java.sql.Array array) {
      v = joined(array);
    }
    if (floatToDouble[i] && v instanceof Float f) {
      v = shortestDouble(f);
    } else if (floatToDecimal[i] && v instanceof Float f && Float.isFinite(f)) {
      // Bound as a Float, pgjdbc sends a float4, which PostgreSQL turns into six digits of
      // numeric (1234567 into 1234570).
      v = shortestDecimal(f);
    }
    return adapt(v, toBoolean[i], toInteger[i]);
  }

  /** A SET's text, 'a,b c', as PostgreSQL's array text, '{a,"b c"}'; '' is the empty set. */
  static String arrayText(String members) {
    StringBuilder sb = new StringBuilder("{");
    if (!members.isEmpty()) {
      String[] parts = members.split(",", -1);
      for (int p = 0; p < parts.length; p++) {
        if (p > 0) {
          sb.append(',');
        }
        sb.append('"');
        for (int k = 0; k < parts[p].length(); k++) {
          char c = parts[p].charAt(k);
          if (c == '"' || c == '\\') {
            sb.append('\\');
          }
          sb.append(c);
        }
        sb.append('"');
      }
    }
    return sb.append('}').toString();
  }

  /** An array's members joined with ',', as a SET spells them. */
  private static String joined(java.sql.Array array) throws SQLException {
    Object[] members = (Object[]) array.getArray();
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < members.length; k++) {
      sb.append(k == 0 ? "" : ",").append(members[k]);
    }
    return sb.toString();
  }

  /**
   * A UUID in the target's form; bytes of another length, or text that is no UUID, are left for the
   * target to refuse.
   */
  private static Object uuid(Object v, UuidTo to) {
    if (to == UuidTo.UUID && v instanceof byte[] b && b.length == 16) {
      ByteBuffer buffer = ByteBuffer.wrap(b);
      return new UUID(buffer.getLong(), buffer.getLong());
    }
    if (to == UuidTo.BYTES && v instanceof String s) {
      try {
        UUID u = UUID.fromString(s.trim());
        return ByteBuffer.allocate(16)
            .putLong(u.getMostSignificantBits())
            .putLong(u.getLeastSignificantBits())
            .array();
      } catch (IllegalArgumentException notAUuid) {
        return v;
      }
    }
    return v;
  }

  /** Adds a row, writing a batch when enough are pending; returns rows written by this call. */
  public long add(Object[] row) throws SQLException {
    if (copy) {
      appendCsv(row);
      return copyRows >= batchRows ? flush() : 0;
    }
    pending.add(row);
    return pending.size() >= batchRows ? flush() : 0;
  }

  /** Writes every pending row; returns how many were written. */
  public long flush() throws SQLException {
    if (copy) {
      if (copyRows == 0) {
        return 0;
      }
      int n = copyRows;
      flushCopy();
      return n;
    }
    if (pending.isEmpty()) {
      return 0;
    }
    int n = pending.size();
    PreparedStatement ps;
    if (n == batchRows) {
      if (fullBatch == null) {
        fullBatch = target.prepareStatement(upsertSql(n));
      }
      ps = fullBatch;
      bindRows(ps);
      ps.executeUpdate();
    } else {
      try (PreparedStatement once = target.prepareStatement(upsertSql(n))) {
        bindRows(once);
        once.executeUpdate();
      }
    }
    pending.clear();
    return n;
  }

  /**
   * Forgets rows not yet written, after the target transaction was rolled back; the staging table
   * is recreated if that transaction had created it.
   */
  public void discard() {
    pending.clear();
    copyBuffer.setLength(0);
    copyRows = 0;
    stagingTable = null;
  }

  /**
   * Deletes every row of the target table in the current transaction, for a table without a key
   * that is then copied whole. On PostgreSQL the table is locked first (reads still pass), so two
   * whole-table copies run one after the other: otherwise the second one's DELETE would not see the
   * first one's rows and both copies would remain.
   */
  public void deleteAll() throws SQLException {
    try (Statement s = target.createStatement()) {
      if (dialect == Dialect.POSTGRES) {
        s.execute("LOCK TABLE " + dialect.quote(targetTable) + " IN EXCLUSIVE MODE");
      }
      s.executeUpdate("DELETE FROM " + dialect.quote(targetTable));
    }
  }

  /** Deletes rows by key from the target. */
  public int delete(List<List<Object>> keys) throws SQLException {
    String where =
        targetKey.stream()
            .map(k -> dialect.quote(k) + " = ?")
            .reduce((a, b) -> a + " AND " + b)
            .orElseThrow();
    int deleted = 0;
    try (PreparedStatement ps =
        target.prepareStatement("DELETE FROM " + dialect.quote(targetTable) + " WHERE " + where)) {
      for (List<Object> key : keys) {
        for (int i = 0; i < key.size(); i++) {
          ps.setObject(i + 1, key.get(i));
        }
        deleted += ps.executeUpdate();
      }
    }
    return deleted;
  }

  /** Closes prepared statements; the connection stays open. */
  public void close() throws SQLException {
    if (fullBatch != null) {
      fullBatch.close();
    }
  }

  /**
   * Moves a PostgreSQL target's serial or identity sequence past the largest key, so inserts after
   * cutover do not collide with copied rows.
   */
  public static void advanceSequence(Connection target, TableShape targetShape)
      throws SQLException {
    if (Dialect.of(target) != Dialect.POSTGRES || !targetShape.hasSingleIntegralKey()) {
      return;
    }
    Dialect d = Dialect.POSTGRES;
    String key = targetShape.key().get(0).name();
    String sql =
        "SELECT setval(s, GREATEST(m, 1), m IS NOT NULL) FROM (SELECT"
            + " pg_get_serial_sequence(?, ?) AS s, (SELECT MAX("
            + d.quote(key)
            + ") FROM "
            + d.quote(targetShape.name())
            + ") AS m) x WHERE s IS NOT NULL";
    try (PreparedStatement ps = target.prepareStatement(sql)) {
      ps.setString(1, d.quote(targetShape.name()));
      ps.setString(2, key);
      ps.execute();
    }
  }

  private String upsertSql(int rows) {
    List<String> names = targetColumns.stream().map(Column::name).toList();
    // A table without a key cannot be upserted: it is only ever written whole, after
    // deleteAll() in the same transaction, so plain inserts are what keeps it idempotent.
    return targetKey.isEmpty()
        ? dialect.insertSql(targetTable, names, rows)
        : dialect.upsertSql(targetTable, names, targetKey, rows);
  }

  private void bindRows(PreparedStatement ps) throws SQLException {
    int p = 1;
    for (Object[] row : pending) {
      for (int i = 0; i < row.length; i++) {
        Object v = targetValue(row[i], i);
        if (v == null) {
          ps.setNull(p++, nullType[i]);
        } else if (untyped[i] && v instanceof String
            || bitsTo[i] == BitsTo.PG_BIT
            || bitsTo[i] == BitsTo.PG_VARBIT) {
          // Untyped, for PostgreSQL to read as the column's type; a varchar it would refuse.
          ps.setObject(p++, v, Types.OTHER);
        } else {
          ps.setObject(p++, v);
        }
      }
    }
  }

  /** Converts between engines' representations where the target's type demands it. */
  private static Object adapt(Object v, boolean toBoolean, boolean toInteger) {
    if (v == null) {
      return null;
    }
    if (toBoolean && v instanceof Number n) {
      return n.longValue() != 0;
    }
    if (toInteger && v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return v;
  }

  private void appendCsv(Object[] row) throws SQLException {
    for (int i = 0; i < row.length; i++) {
      if (i > 0) {
        copyBuffer.append(',');
      }
      Object v = targetValue(row[i], i);
      if (v == null) {
        continue;
      }
      String text;
      if (v instanceof byte[] bytes) {
        text = "\\x" + HEX.formatHex(bytes);
      } else if (v instanceof Boolean b) {
        text = b ? "t" : "f";
      } else if (v instanceof BigDecimal d) {
        text = d.toPlainString();
      } else {
        text = infinity(v);
        if (text == null) {
          text = v.toString();
        }
      }
      copyBuffer.append('"');
      for (int k = 0; k < text.length(); k++) {
        char ch = text.charAt(k);
        if (ch == '"') {
          copyBuffer.append('"');
        }
        copyBuffer.append(ch);
      }
      copyBuffer.append('"');
    }
    copyBuffer.append('\n');
    copyRows++;
  }

  /**
   * PostgreSQL's text of a date-time infinity, which pgjdbc reads as the MAX and MIN values (their
   * own text is out of PostgreSQL's range), or null for any other value.
   */
  private static String infinity(Object v) {
    if (v instanceof OffsetDateTime || v instanceof LocalDateTime || v instanceof LocalDate) {
      if (v.equals(OffsetDateTime.MAX) || v.equals(LocalDateTime.MAX) || v.equals(LocalDate.MAX)) {
        return "infinity";
      }
      if (v.equals(OffsetDateTime.MIN) || v.equals(LocalDateTime.MIN) || v.equals(LocalDate.MIN)) {
        return "-infinity";
      }
      return beforeChrist(v);
    }
    return null;
  }

  /**
   * A date or date-time before year 1 as PostgreSQL spells it ('4713-01-01 BC'): Java's ISO text
   * counts a year 0 and writes year -4712, which PostgreSQL refuses. Null for later values.
   */
  private static String beforeChrist(Object v) {
    if (v instanceof LocalDate d && d.getYear() <= 0) {
      return d.withYear(1 - d.getYear()) + " BC";
    }
    if (v instanceof LocalDateTime t && t.getYear() <= 0) {
      return t.withYear(1 - t.getYear()).toString().replace('T', ' ') + " BC";
    }
    if (v instanceof OffsetDateTime t && t.getYear() <= 0) {
      return t.toLocalDateTime().withYear(1 - t.getYear()).toString().replace('T', ' ')
          + t.getOffset()
          + " BC";
    }
    return null;
  }

  /**
   * Writes the buffered rows. A table without a key is copied straight in (its copy empties the
   * target first). A keyed table is first, while that keeps working, COPYed straight into the table
   * under a savepoint: a backfill mostly fills key ranges the target does not have yet, and a plain
   * COPY then does half the work of staging plus merge. If any key is already there (a row
   * dual-written meanwhile, a resumed or repeated run), PostgreSQL refuses the whole COPY with a
   * unique violation; the savepoint undoes it and the rows go through staging and merge, which
   * updates. After two misses in a row the direct attempt is made only every 16th batch, so a
   * target that is already full does not pay for failed COPYs.
   */
  private void flushCopy() throws SQLException {
    String cols = dialect.quoteAll(targetColumns.stream().map(Column::name).toList());
    copyFlushes++;
    if (!targetKey.isEmpty()
        && (directMissesInARow < 2 || copyFlushes % 16 == 0)
        && !target.getAutoCommit()) {
      java.sql.Savepoint sp = target.setSavepoint();
      try {
        PgCopy.copyIn(
            target,
            "COPY " + dialect.quote(targetTable) + " (" + cols + ") FROM STDIN WITH (FORMAT csv)",
            copyBuffer.toString());
        target.releaseSavepoint(sp);
        directMissesInARow = 0;
        directBatches++;
        copyBuffer.setLength(0);
        copyRows = 0;
        return;
      } catch (SQLException e) {
        if (!isUniqueViolation(e)) {
          throw e;
        }
        target.rollback(sp);
        directMissesInARow++;
      }
    }
    if (stagingTable == null && !targetKey.isEmpty()) {
      stagingTable =
          "cutover_stage_" + targetTable.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
      try (Statement s = target.createStatement()) {
        // Temporary and ON COMMIT DELETE ROWS: private to this session, empty at every commit.
        s.execute(
            "CREATE TEMP TABLE IF NOT EXISTS "
                + dialect.quote(stagingTable)
                + " (LIKE "
                + dialect.quote(targetTable)
                + ") ON COMMIT DELETE ROWS");
      }
    }
    if (targetKey.isEmpty()) {
      PgCopy.copyIn(
          target,
          "COPY " + dialect.quote(targetTable) + " (" + cols + ") FROM STDIN WITH (FORMAT csv)",
          copyBuffer.toString());
      copyBuffer.setLength(0);
      copyRows = 0;
      return;
    }
    PgCopy.copyIn(
        target,
        "COPY " + dialect.quote(stagingTable) + " (" + cols + ") FROM STDIN WITH (FORMAT csv)",
        copyBuffer.toString());
    copyBuffer.setLength(0);
    copyRows = 0;
    List<String> names = targetColumns.stream().map(Column::name).toList();
    String merge = dialect.upsertSql(targetTable, names, targetKey, 1);
    String head = merge.substring(0, merge.indexOf(" VALUES "));
    String tail = merge.substring(merge.indexOf(" ON CONFLICT "));
    try (Statement s = target.createStatement()) {
      s.executeUpdate(head + " SELECT " + cols + " FROM " + dialect.quote(stagingTable) + tail);
      s.execute("TRUNCATE " + dialect.quote(stagingTable));
    }
  }

  /** Batches COPYed straight into the target table (the rest went through staging and merge). */
  long directBatches() {
    return directBatches;
  }

  private static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException && "23505".equals(((SQLException) t).getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** The source table's shape this copy reads. */
  public TableShape source() {
    return source;
  }

  /**
   * pgjdbc's COPY API reached by reflection: pgjdbc is not a compile-time dependency of the
   * comparator (the application brings its own driver), and the lookup is done once.
   */
  static final class PgCopy {
    private static final Class<?> PG_CONNECTION;
    private static final Method GET_COPY_API;
    private static final Method COPY_IN;

    static {
      Class<?> conn = null;
      Method api = null;
      Method in = null;
      try {
        conn = Class.forName("org.postgresql.PGConnection");
        api = conn.getMethod("getCopyAPI");
        in = api.getReturnType().getMethod("copyIn", String.class, java.io.Reader.class);
      } catch (ReflectiveOperationException e) {
        conn = null;
      }
      PG_CONNECTION = conn;
      GET_COPY_API = api;
      COPY_IN = in;
    }

    private PgCopy() {}

    static boolean available() {
      return PG_CONNECTION != null;
    }

    static void copyIn(Connection c, String sql, String csv) throws SQLException {
      try {
        Object pg = c.unwrap(PG_CONNECTION);
        Object manager = GET_COPY_API.invoke(pg);
        COPY_IN.invoke(manager, sql, new StringReader(csv));
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof SQLException s) {
          throw s;
        }
        throw new SQLException("COPY failed: " + e.getCause(), "58000", e.getCause());
      } catch (IllegalAccessException e) {
        throw new SQLException("COPY API not accessible", "58000", e);
      }
    }
  }
}
