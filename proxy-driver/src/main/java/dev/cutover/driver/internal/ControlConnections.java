package dev.cutover.driver.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.driver.MigrationConfig.DatabaseConfig;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A small pool of connections to the control store, shared by the journal and the control plane.
 */
public final class ControlConnections implements AutoCloseable {
  private final HikariDataSource pool;

  public ControlConnections(DatabaseConfig db, String migration) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("cutover-control-" + migration);
    hc.setJdbcUrl(db.url());
    hc.setDataSourceProperties(db.toProperties());
    hc.setMaximumPoolSize(4);
    hc.setMinimumIdle(0);
    hc.setConnectionTimeout(5_000);
    hc.setInitializationFailTimeout(-1);
    hc.setAutoCommit(true);
    pool = new HikariDataSource(hc);
  }

  public Connection get() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public void close() {
    pool.close();
  }
}
