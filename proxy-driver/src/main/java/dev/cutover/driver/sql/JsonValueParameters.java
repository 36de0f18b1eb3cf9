package dev.cutover.driver.sql;

/**
 * Finds the {@code ?} markers of a translated PostgreSQL statement that are values of MariaDB's
 * JSON_OBJECT, JSON_ARRAY or JSON_QUOTE, read in {@code (SELECT ?) AS cutover_json_value(v)} (see
 * {@link JsonConstructors}): the driver binds a boolean there as a boolean, which the translation
 * writes as MariaDB does ({@code 1}), where it binds one as the text {@code '1'} for other text
 * parameters.
 */
public final class JsonValueParameters {
  private JsonValueParameters() {}

  /** For each {@code ?} of {@code sql} in order, whether it is such a value. */
  public static boolean[] of(String sql) {
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    java.util.List<Boolean> out = new java.util.ArrayList<>();
    for (int t = 0; t < lx.count; t++) {
      if (lx.types[t] == SqlLexer.PARAM) {
        out.add(
            t >= 2
                && lx.isWord(t - 1, "select")
                && lx.types[t - 2] == SqlLexer.LPAREN
                && t + 3 < lx.count
                && lx.types[t + 1] == SqlLexer.RPAREN
                && lx.isWord(t + 2, "as")
                && lx.isWord(t + 3, JsonConstructors.VALUE_ALIAS));
      }
    }
    boolean[] result = new boolean[out.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = out.get(i);
    }
    return result;
  }
}
