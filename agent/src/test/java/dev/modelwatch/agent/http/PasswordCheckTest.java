package dev.modelwatch.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.config.AuthConfig;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.PasswordHash;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The password sources of {@code server.auth}: a file with the password or its hash, an environment
 * variable.
 */
class PasswordCheckTest {
  @TempDir Path dir;

  @Test
  void passwordFileWithTrailingNewlineMatchesThePasswordOnly() throws Exception {
    Files.writeString(dir.resolve("pw"), "s3cret\n");
    PasswordCheck check = PasswordCheck.of(auth("password_file: pw"));
    assertTrue(check.matches("s3cret"));
    assertFalse(check.matches("s3cret\n"));
    assertFalse(check.matches("s3cre"));
  }

  @Test
  void passwordFileHoldingAHashIsCheckedAsAHash() throws Exception {
    Files.writeString(
        dir.resolve("pw"),
        PasswordHash.create("s3cret".toCharArray(), PasswordHash.MIN_ITERATIONS).text() + "\n");
    PasswordCheck check = PasswordCheck.of(auth("password_file: pw"));
    assertTrue(check.matches("s3cret"));
    assertFalse(check.matches(Files.readString(dir.resolve("pw")).trim()));
  }

  @Test
  void missingPasswordFileIsNamedWithoutContent() throws Exception {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PasswordCheck.of(auth("password_file: missing")));
    assertEquals(
        "cannot read server.auth.password_file "
            + dir.resolve("missing")
            + " (NoSuchFileException); make it readable by the JVM's user",
        e.getMessage());
  }

  @Test
  void emptyPasswordFileIsRefused() throws Exception {
    Files.writeString(dir.resolve("pw"), "\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PasswordCheck.of(auth("password_file: pw")));
    assertEquals(
        "server.auth.password_file "
            + dir.resolve("pw")
            + " is empty; put the password or its hash there",
        e.getMessage());
  }

  @Test
  void malformedHashInAFileIsNamedWithoutItsText() throws Exception {
    Files.writeString(dir.resolve("pw"), "pbkdf2-sha256:hunter2");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PasswordCheck.of(auth("password_file: pw")));
    assertEquals(
        "server.auth.password_file "
            + dir.resolve("pw")
            + ": malformed password hash: expected"
            + " pbkdf2-sha256:ITERATIONS:SALT:HASH as printed by 'java -jar modelwatch-agent.jar hash-password'",
        e.getMessage());
  }

  @Test
  void unsetEnvironmentVariableIsNamed() throws Exception {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PasswordCheck.of(auth("password_env: MODELWATCH_TEST_SURELY_UNSET_VARIABLE")));
    assertEquals(
        "server.auth.password_env MODELWATCH_TEST_SURELY_UNSET_VARIABLE is not set in the application's"
            + " environment; set it or use password_hash",
        e.getMessage());
  }

  @Test
  void basicAuthChecksUserAndPasswordBothExactly() throws Exception {
    Files.writeString(dir.resolve("pw"), "s3cret");
    BasicAuth auth =
        new BasicAuth("prometheus", PasswordCheck.of(auth("password_file: pw")), false);
    assertFalse(auth.checkCredentials("prometheus", "wrong"));
    assertTrue(auth.checkCredentials("prometheus", "s3cret"));
    assertTrue(auth.checkCredentials("prometheus", "s3cret"));
    assertFalse(auth.checkCredentials("Prometheus", "s3cret"));
    assertFalse(auth.checkCredentials("prometheus", "wrong"));
    assertFalse(auth.checkCredentials(null, "s3cret"));
  }

  private AuthConfig auth(String source) throws Exception {
    String yaml =
        "server:\n  auth: {username: prometheus, "
            + source
            + "}\n"
            + "models:\n  - name: m\n    intercept: {class: com.acme.Scorer, method: score}\n";
    return ConfigLoader.parse(yaml, dir.resolve("modelwatch.yaml")).server().auth();
  }
}
