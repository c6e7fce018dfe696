package dev.modelwatch.agent.cli;

import dev.modelwatch.config.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code hash-password}: reads a password (from the terminal without echo, or the first line of
 * standard input) and prints its salted hash for {@code server.auth.password_hash}.
 */
public final class HashPasswordCommand {
  private HashPasswordCommand() {}

  public static int run(
      String[] args, Console console, InputStream in, PrintStream out, PrintStream err) {
    if (args.length != 0) {
      err.println(
          "Usage: java -jar modelwatch-agent.jar hash-password   (reads the password from standard input)");
      return 2;
    }
    char[] password;
    if (console != null) {
      password = console.readPassword("Password for the metrics endpoint: ");
    } else {
      try {
        String line =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        password = line == null ? null : line.toCharArray();
      } catch (IOException e) {
        err.println("cannot read the password from standard input: " + e.getMessage());
        return 1;
      }
    }
    if (password == null || password.length == 0) {
      err.println(
          "no password given: type it, or pipe it in, e.g. printf '%s\\n' \"$PW\" | java -jar"
              + " modelwatch-agent.jar hash-password");
      return 1;
    }
    out.println(PasswordHash.create(password, PasswordHash.DEFAULT_ITERATIONS).text());
    java.util.Arrays.fill(password, '\0');
    return 0;
  }
}
