package dev.cutover.driver.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class InsertShape {
  private static final Pattern P =
      Pattern.compile(
          "(?is)^\\s*insert\\s+into\\s+[`\"]?(\\w+)[`\"]?\\s*\\(([^)]*)\\)\\s*values\\s*(.*)$");
  private final String sql;
  private final String table;
  private final List<String> cols;
  private final int colEnd;
  private final List<int[]> tuples;

  private InsertShape(
      String sql, String table, List<String> cols, int colStart, List<int[]> tuples) {
    this.sql = sql;
    this.table = table;
    this.cols = cols;
    this.colEnd = colStart;
    this.tuples = tuples;
  }

  public static InsertShape parse(String sql, Dialect d) {
    Matcher m = P.matcher(sql);
    if (!m.matches()) return null;
    List<String> cols = new ArrayList<>();
    for (String c : m.group(2).split(","))
      cols.add(c.trim().replace("`", "").replace("\"", "").toLowerCase(Locale.ROOT));
    List<int[]> tuples = new ArrayList<>();
    int i = m.start(3);
    while (i < sql.length()) {
      while (i < sql.length() && (Character.isWhitespace(sql.charAt(i)) || sql.charAt(i) == ','))
        i++;
      if (i >= sql.length() || sql.charAt(i) != '(') break;
      int depth = 0, start = i, q = 0;
      for (; i < sql.length(); i++) {
        char c = sql.charAt(i);
        if (c == '(') depth++;
        else if (c == ')') {
          depth--;
          if (depth == 0) break;
        } else if (c == '?') q++;
      }
      tuples.add(new int[] {start, i, q});
      i++;
    }
    return new InsertShape(sql, m.group(1).toLowerCase(Locale.ROOT), cols, m.start(2), tuples);
  }

  public String table() {
    return table;
  }

  public List<String> columns() {
    return cols;
  }

  public int rowCount() {
    return tuples.size();
  }

  public int parameterCountPerRow(int row) {
    return tuples.get(row)[2];
  }

  public String withLeadingColumn(String quotedColumn) {
    StringBuilder b = new StringBuilder(sql.substring(0, colEnd)).append(quotedColumn).append(", ");
    int pos = colEnd;
    for (int[] t : tuples) {
      b.append(sql, pos, t[0] + 1).append("?, ");
      pos = t[0] + 1;
    }
    return b.append(sql.substring(pos)).toString();
  }
}
