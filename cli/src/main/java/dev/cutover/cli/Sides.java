package dev.cutover.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.comparator.chunk.ControlStore;
import dev.cutover.driver.MigrationConfig;
import dev.cutover.driver.MigrationConfig.DatabaseConfig;
import dev.cutover.driver.Phase;
import dev.cutover.driver.control.ControlPlane;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** The two databases and the control store of a migration, as pools for the bulk commands. */
final class Sides implements AutoCloseable {
  final MigrationConfig config;
  final HikariDataSource old;
  final HikariDataSource neu;
  final HikariDataSource control;
  final ControlStore store;

  Sides(MigrationConfig config, int poolSize) {
    this.config = config;
    this.old = pool("old", config.oldDatabase(), poolSize);
    this.neu = pool("new", config.newDatabase(), poolSize);
    this.control = pool("control", config.controlDatabase(), 2);
    this.store = new ControlStore(control);
  }

  private HikariDataSource pool(String name, DatabaseConfig db, int size) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("cutover-" + name);
    hc.setJdbcUrl(db.url());
    hc.setDataSourceProperties(db.toProperties());
    hc.setMaximumPoolSize(size);
    hc.setMinimumIdle(0);
    hc.setInitializationFailTimeout(-1);
    return new HikariDataSource(hc);
  }

  DataSource side(Phase.Side side) {
    return side == Phase.Side.OLD ? old : neu;
  }

  /** The fleet's phase as the control store records it (the configured one when it has none). */
  Phase phase() throws SQLException {
    try (ControlPlane cp = ControlPlane.open(config)) {
      return cp.status().phase();
    }
  }

  /**
   * The tables to work on: those named, else every table of the old database. The {@code tables}
   * section holds settings for some tables (a key, a chunk column); it does not select them, or
   * setting {@code chunkBy} on one table would quietly narrow every verify to that table.
   */
  List<String> tables(List<String> named) throws SQLException {
    if (named != null && !named.isEmpty()) {
      return named;
    }
    List<String> out = new ArrayList<>();
    try (Connection c = old.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      boolean mysql =
          md.getURL().startsWith("jdbc:mariadb:") || md.getURL().startsWith("jdbc:mysql:");
      try (ResultSet rs =
          md.getTables(
              mysql ? c.getCatalog() : null,
              mysql ? null : c.getSchema(),
              "%",
              new String[] {"TABLE"})) {
        while (rs.next()) {
          String t = rs.getString("TABLE_NAME");
          if (!t.toLowerCase(Locale.ROOT).startsWith("cutover_")) {
            out.add(t);
          }
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    old.close();
    neu.close();
    control.close();
  }
}
