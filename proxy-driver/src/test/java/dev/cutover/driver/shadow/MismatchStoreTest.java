package dev.cutover.driver.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MismatchStoreTest {
  @Test
  void redacted_error_messages_lose_what_databases_quote() {
    // PostgreSQL: invalid input syntax for type integer: "abc"; MariaDB quotes with '.
    assertEquals(
        "invalid input syntax for type integer: ?",
        MismatchStore.redactQuoted("invalid input syntax for type integer: \"4111-1111\""));
    assertEquals(
        "Incorrect integer value: ? for column ? at row 1",
        MismatchStore.redactQuoted("Incorrect integer value: 'secret' for column 'n' at row 1"));
  }
}
