package dev.cutover.comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EngineTest {
  @Test
  void jdbc_urls_name_their_engine() {
    assertEquals(Engine.MYSQL, Engine.fromJdbcUrl("jdbc:mariadb://127.0.0.1:3306/shop"));
    assertEquals(Engine.MYSQL, Engine.fromJdbcUrl("jdbc:mysql://db/shop?useSSL=false"));
    assertEquals(Engine.POSTGRES, Engine.fromJdbcUrl("jdbc:postgresql://127.0.0.1:5432/shop"));
    assertEquals(Engine.H2, Engine.fromJdbcUrl("JDBC:H2:mem:test"));
    assertEquals(Engine.OTHER, Engine.fromJdbcUrl("jdbc:oracle:thin:@db:1521/x"));
    assertEquals(Engine.OTHER, Engine.fromJdbcUrl(null));
  }

  @Test
  void product_names_name_their_engine() {
    assertEquals(Engine.MYSQL, Engine.fromProductName("MariaDB"));
    assertEquals(Engine.MYSQL, Engine.fromProductName("MySQL"));
    assertEquals(Engine.POSTGRES, Engine.fromProductName("PostgreSQL"));
    assertEquals(Engine.H2, Engine.fromProductName("H2"));
    assertEquals(Engine.OTHER, Engine.fromProductName("Oracle"));
  }
}
