package dev.cutover.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** One freshly created database on a real server; {@link #close()} drops it. */
public final class TestDatabase implements AutoCloseable {
  private final Engine engine;
  private final String name;
  private final String url;
  private final String user;
  private final String password;
  private final Runnable dropper;

  TestDatabase(
      Engine engine, String name, String url, String user, String password, Runnable dropper) {
    this.engine = engine;
    this.name = name;
    this.url = url;
    this.user = user;
    this.password = password;
    this.dropper = dropper;
  }

  public Engine engine() {
    return engine;
  }

  /** The database (catalog) name, unique per test class. */
  public String name() {
    return name;
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public Properties credentials() {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    return p;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  /** Runs each statement in its own autocommit round trip. */
  public void execute(String... sql) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String each : sql) {
        s.execute(each);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("on " + engine + " " + name + ": " + e.getMessage(), e);
    }
  }

  /** Reads a whole result as rows of JDBC objects; for small assertions only. */
  public List<List<Object>> query(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(md.getColumnCount());
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("on " + engine + " " + name + ": " + e.getMessage(), e);
    }
  }

  /** The single long value of a one-row, one-column query. */
  public long queryLong(String sql) {
    List<List<Object>> rows = query(sql);
    if (rows.size() != 1 || rows.get(0).size() != 1) {
      throw new IllegalStateException("expected one value from " + sql + " but got " + rows);
    }
    return ((Number) rows.get(0).get(0)).longValue();
  }

  @Override
  public void close() {
    dropper.run();
  }

  @Override
  public String toString() {
    return engine + ":" + name;
  }
}
