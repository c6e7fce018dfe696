package dev.modelwatch.agent.http;

import dev.modelwatch.config.AuthConfig;
import dev.modelwatch.config.PasswordHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;

/**
 * The endpoint's password, from {@code server.auth}: a PBKDF2 hash, or a file or environment
 * variable holding either a hash or the password itself.
 */
interface PasswordCheck {
  boolean matches(String given);

  /**
   * Reads the configured password source.
   *
   * @throws IllegalArgumentException naming the source (never its content) when it cannot be used
   */
  static PasswordCheck of(AuthConfig auth) {
    if (auth.passwordHash() != null) {
      return hashed(auth.passwordHash());
    }
    String secret;
    String where;
    if (auth.passwordFile() != null) {
      where = "server.auth.password_file " + auth.passwordFile();
      try {
        secret = new String(Files.readAllBytes(auth.passwordFile()), StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            "cannot read "
                + where
                + " ("
                + e.getClass().getSimpleName()
                + "); make it readable by the JVM's user");
      }
      secret = stripLineEnd(secret);
    } else {
      where = "server.auth.password_env " + auth.passwordEnv();
      secret = System.getenv(auth.passwordEnv());
      if (secret == null) {
        throw new IllegalArgumentException(
            where + " is not set in the application's environment; set it or use password_hash");
      }
    }
    if (secret.isEmpty()) {
      throw new IllegalArgumentException(where + " is empty; put the password or its hash there");
    }
    if (PasswordHash.looksLikeHash(secret)) {
      try {
        return hashed(PasswordHash.parse(secret.trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
    }
    byte[] expected = BasicAuth.sha256(secret);
    return given -> MessageDigest.isEqual(expected, BasicAuth.sha256(given));
  }

  private static PasswordCheck hashed(PasswordHash hash) {
    return given -> hash.matches(given.toCharArray());
  }

  /** Secret files usually end with one newline that is not part of the password. */
  private static String stripLineEnd(String text) {
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }
}
