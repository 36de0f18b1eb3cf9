package dev.cutover.driver.shadow;

import dev.cutover.driver.sql.SqlLiterals;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The session state of an application connection that a shadow read must run under: the session
 * statements it ran ({@code SET TIME ZONE}, {@code SET search_path}, MariaDB {@code SET time_zone}
 * or {@code sql_mode}, {@code USE}), its schema, catalog and read-only flag. Immutable: the
 * connection swaps in a new one when the application changes its session (rare), so a sampled read
 * captures it with one field read.
 *
 * <p>Statements setting the same variable replace each other, so a connection that sets {@code
 * search_path} per request keeps one statement, not a growing list; the order of the latest
 * settings is kept. Equal sessions are equal objects, which is how a pooled shadow connection
 * already in the wanted state is recognised and not set again. The driver's statement layer builds
 * these; applications do not.
 */
public final class ShadowSession {
  /** A connection whose session the application never changed. */
  public static final ShadowSession NONE = new ShadowSession(List.of(), null, null, null);

  private static final Pattern ASSIGNMENT =
      Pattern.compile(
          "(?is)\\s*SET\\s+(?:SESSION\\s+|@@SESSION\\.)?([A-Za-z_@][A-Za-z0-9_@.$]*)\\s*(?:=|TO\\b|\\s).*");

  private static final Pattern RESET_ALL =
      Pattern.compile("(?is)\\s*(?:RESET|DISCARD)\\s+ALL\\s*;?\\s*");

  /** A second assignment in one MySQL SET: such a statement is never replaced by another. */
  private static final Pattern MORE_ASSIGNMENTS =
      Pattern.compile("(?s).*,\\s*@{0,2}[A-Za-z_][A-Za-z0-9_.]*\\s*:?=.*");

  private final List<String> statements;
  private final List<String> keys;
  private final String catalog;
  private final String schema;
  private final Boolean readOnly;
  private final int hash;

  private ShadowSession(List<String> statements, String catalog, String schema, Boolean readOnly) {
    this.statements = List.copyOf(statements);
    List<String> k = new ArrayList<>(statements.size());
    for (String sql : statements) {
      k.add(key(sql));
    }
    this.keys = List.copyOf(k);
    this.catalog = catalog;
    this.schema = schema;
    this.readOnly = readOnly;
    this.hash = Objects.hash(this.statements, catalog, schema, readOnly);
  }

  /** This session after the application ran the session statement {@code sql}. */
  public ShadowSession withStatement(String sql) {
    if (RESET_ALL.matcher(sql).matches()) {
      // Every earlier SET is void; the reset itself changes nothing a fresh connection has.
      return new ShadowSession(List.of(), catalog, schema, readOnly);
    }
    String key = key(sql);
    List<String> next = new ArrayList<>(statements.size() + 1);
    for (int i = 0; i < statements.size(); i++) {
      if (!keys.get(i).equals(key)) {
        next.add(statements.get(i));
      }
    }
    next.add(sql);
    return new ShadowSession(next, catalog, schema, readOnly);
  }

  /** This session with {@code other}'s statements (a rollback undid the later ones). */
  public ShadowSession withStatementsOf(ShadowSession other) {
    return new ShadowSession(other.statements, catalog, schema, readOnly);
  }

  /** This session with the catalog {@code Connection.setCatalog} set. */
  public ShadowSession withCatalog(String value) {
    return new ShadowSession(statements, value, schema, readOnly);
  }

  /** This session with the schema {@code Connection.setSchema} set. */
  public ShadowSession withSchema(String value) {
    return new ShadowSession(statements, catalog, value, readOnly);
  }

  /** This session with the read-only flag {@code Connection.setReadOnly} set. */
  public ShadowSession withReadOnly(boolean value) {
    return new ShadowSession(statements, catalog, schema, value);
  }

  /** The session statements, oldest first, as the application wrote them. */
  public List<String> statements() {
    return statements;
  }

  /** The catalog set through JDBC, or null. */
  public String catalog() {
    return catalog;
  }

  /** The schema set through JDBC, or null. */
  public String schema() {
    return schema;
  }

  /** The read-only flag set through JDBC, or null. */
  public Boolean readOnly() {
    return readOnly;
  }

  /** True when the application changed nothing. */
  public boolean isDefault() {
    return this.equals(NONE);
  }

  /**
   * What a statement sets: the variable of a single-assignment SET ({@code search_path}, {@code
   * time_zone}, {@code time} for {@code SET TIME ZONE}), else the whole text.
   */
  public static String key(String sql) {
    SqlLiterals.SetConfig c = SqlLiterals.setConfig(sql);
    if (c != null) {
      // The same setting as SET name = ...: the later of the two replaces the other.
      return "set " + c.name().toLowerCase(Locale.ROOT);
    }
    Matcher m = ASSIGNMENT.matcher(sql);
    if (!m.matches() || MORE_ASSIGNMENTS.matcher(sql).matches()) {
      return sql.strip();
    }
    String name = m.group(1).toLowerCase(Locale.ROOT);
    if (name.equals("local") || name.equals("global") || name.startsWith("@@global.")) {
      return sql.strip();
    }
    return "set " + name;
  }

  /**
   * Whether {@code sql} is a {@code set_config(..., true)}: it lasts until the transaction ends, so
   * it is not one a later connection's session should have.
   */
  public static boolean transactionLocal(String sql) {
    SqlLiterals.SetConfig c = SqlLiterals.setConfig(sql);
    return c != null && Boolean.TRUE.equals(c.local());
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof ShadowSession s
            && hash == s.hash
            && statements.equals(s.statements)
            && Objects.equals(catalog, s.catalog)
            && Objects.equals(schema, s.schema)
            && Objects.equals(readOnly, s.readOnly);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "ShadowSession[statements="
        + statements
        + ", catalog="
        + catalog
        + ", schema="
        + schema
        + ", readOnly="
        + readOnly
        + "]";
  }
}
