package dev.modelwatch.agent.capture;

import dev.modelwatch.config.CaptureConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Reads a model's redaction key the way secrets are read elsewhere in the config: from {@code
 * redact_key_file} (its first line, at most 4 KB, surrounding blanks removed) or from the
 * environment variable {@code redact_key_env}. Messages name the source, never its content.
 */
final class RedactionKeys {
  private static final int MAX_KEY_FILE = 4096;
  private static final int MIN_KEY_BYTES = 16;

  private RedactionKeys() {}

  /**
   * The configured key, or null when none is configured (the caller makes one for this run).
   *
   * @throws IllegalArgumentException naming the source and how to fix it when the key cannot be
   *     used
   */
  static byte[] configured(CaptureConfig config) {
    String key;
    String where;
    if (config.redactKeyFile() != null) {
      where = "capture.redact_key_file " + config.redactKeyFile();
      byte[] bytes;
      try (InputStream in = Files.newInputStream(config.redactKeyFile())) {
        bytes = in.readNBytes(MAX_KEY_FILE);
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            "cannot read "
                + where
                + " ("
                + e.getClass().getSimpleName()
                + "); make it a file the JVM's user can read");
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      key = (end < 0 ? text : text.substring(0, end)).strip();
    } else if (config.redactKeyEnv() != null) {
      where = "capture.redact_key_env " + config.redactKeyEnv();
      key = System.getenv(config.redactKeyEnv());
      if (key == null) {
        throw new IllegalArgumentException(
            where + " is not set in the application's environment; set it or use redact_key_file");
      }
      key = key.strip();
    } else {
      return null;
    }
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          where
              + " holds "
              + bytes.length
              + " bytes; a redaction key needs at least "
              + MIN_KEY_BYTES
              + " (for example the output of: openssl rand -hex 32)");
    }
    return bytes;
  }

  /** A random key for this run only: hashes will not match those of other runs. */
  static byte[] forThisRun() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  static void clear(byte[] key) {
    if (key != null) {
      Arrays.fill(key, (byte) 0);
    }
  }
}
