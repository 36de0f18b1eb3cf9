package dev.cutover.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://h/db?user=a&password=pw&ssl=true"
            + "|jdbc:postgresql://h/db?user=a&password=(redacted)&ssl=true",
        "jdbc:sqlserver://h;user=a;password=pw;encrypt=true"
            + "|jdbc:sqlserver://h;user=a;password=(redacted);encrypt=true",
        "jdbc:mysql://app:pw@h:3306/db|jdbc:mysql://app:(redacted)@h:3306/db",
        "jdbc:oracle:thin:scott/tiger@h:1521:orcl|jdbc:oracle:thin:scott/(redacted)@h:1521:orcl",
        "jdbc:mariadb://h:3306/db|jdbc:mariadb://h:3306/db",
        // Connector/J's multi-factor passwords and a user-info part per host.
        "jdbc:mysql://h/db?password1=pw&password2=pw2&password3=pw3"
            + "|jdbc:mysql://h/db?password1=(redacted)&password2=(redacted)&password3=(redacted)",
        "jdbc:mysql://a:pw@h1:3306,b:pw2@h2:3306/db"
            + "|jdbc:mysql://a:(redacted)@h1:3306,b:(redacted)@h2:3306/db",
        "jdbc:mysql://h1:3306,h2:3306/db|jdbc:mysql://h1:3306,h2:3306/db",
        "jdbc:h2:mem:test;DB_CLOSE_DELAY=-1|jdbc:h2:mem:test;DB_CLOSE_DELAY=-1"
      })
  void passwords_in_jdbc_urls_are_redacted(String url, String expected) {
    assertEquals(expected, Redaction.url(url));
  }

  @Test
  void secret_looking_connection_properties_are_redacted() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("ssl", "true");
    properties.put("sslPassword", "pw");
    properties.put("accessToken", "t");
    assertEquals(
        Map.of("ssl", "true", "sslPassword", "(redacted)", "accessToken", "(redacted)"),
        Redaction.properties(properties));
  }
}
