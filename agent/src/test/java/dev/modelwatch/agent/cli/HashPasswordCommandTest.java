package dev.modelwatch.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.config.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code hash-password} reading standard input (no terminal). */
class HashPasswordCommandTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void printsAHashOfTheFirstLineThatMatchesIt() {
    assertEquals(0, run("pässword with spaces\nsecond line\n"));
    String printed = out.toString(StandardCharsets.UTF_8).trim();
    PasswordHash hash = PasswordHash.parse(printed);
    assertEquals(PasswordHash.DEFAULT_ITERATIONS, hash.iterations());
    assertTrue(hash.matches("pässword with spaces".toCharArray()));
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void twoRunsSaltDifferently() {
    run("same\n");
    run("same\n");
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertTrue(
        !lines[0].equals(lines[1]), "the same password hashed twice must differ by its salt");
  }

  @Test
  void emptyInputIsRefusedWithHowTo() {
    assertEquals(1, run(""));
    assertEquals(
        "no password given: type it, or pipe it in, e.g. printf '%s\\n' \"$PW\" | java -jar"
            + " modelwatch-agent.jar hash-password\n",
        err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void argumentsAreRefused() {
    assertEquals(
        2,
        HashPasswordCommand.run(
            new String[] {"secret"},
            null,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out),
            new PrintStream(err)));
  }

  private int run(String stdin) {
    return HashPasswordCommand.run(
        new String[0],
        null,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }
}
