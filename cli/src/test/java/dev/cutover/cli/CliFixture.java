package dev.cutover.cli;

import dev.cutover.testkit.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Runs the cutover command in-process and captures what it prints. */
final class CliFixture {
  private CliFixture() {}

  record Run(int exit, String out, String err) {}

  static Run cutover(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Path config(Path dir, TestDatabase oldDb, TestDatabase newDb, String phase, String extra)
      throws IOException {
    Path file = dir.resolve("migration.yaml");
    Files.writeString(
        file,
        "migration: cli"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 10)
            + "\nold: { url: \""
            + oldDb.url()
            + "\", user: "
            + oldDb.user()
            + ", password: \"\" }\nnew: { url: \""
            + newDb.url()
            + "\", user: "
            + newDb.user()
            + ", password: \"\" }\nphase: "
            + phase
            + "\njournal: { spillDirectory: \""
            + dir
            + "\" }\n"
            + extra);
    return file;
  }
}
