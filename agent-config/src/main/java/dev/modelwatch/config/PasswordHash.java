package dev.modelwatch.config;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted password hash in the form {@code pbkdf2-sha256:ITERATIONS:SALT:HASH} (salt and hash in
 * Base64 without padding; the hash is PBKDF2WithHmacSHA256 over the password's characters). Only
 * the hash is stored in configs, so a leaked config does not reveal the password.
 */
public final class PasswordHash {
  public static final String PREFIX = "pbkdf2-sha256:";
  public static final int DEFAULT_ITERATIONS = 600_000;
  public static final int MIN_ITERATIONS = 10_000;
  static final int MAX_ITERATIONS = 10_000_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** Hashes a password with a fresh random salt. */
  public static PasswordHash create(char[] password, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    new SecureRandom().nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BITS));
  }

  /**
   * Parses the text form.
   *
   * @throws IllegalArgumentException with a message that describes the expected form (never the
   *     text itself, which may be a mistyped password)
   */
  public static PasswordHash parse(String text) {
    String expected =
        "expected "
            + PREFIX
            + "ITERATIONS:SALT:HASH as printed by"
            + " 'java -jar modelwatch-agent.jar hash-password'";
    if (!text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a password hash: " + expected);
    }
    String[] parts = text.substring(PREFIX.length()).split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("malformed password hash: " + expected);
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[0]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "malformed password hash (iterations are not a number): " + expected);
    }
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "password hash iterations must be between "
              + MIN_ITERATIONS
              + " and "
              + MAX_ITERATIONS
              + ", found "
              + iterations);
    }
    byte[] salt;
    byte[] hash;
    try {
      salt = Base64.getDecoder().decode(parts[1]);
      hash = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "malformed password hash (salt or hash is not Base64): " + expected);
    }
    if (salt.length < 8 || hash.length < 16) {
      throw new IllegalArgumentException(
          "malformed password hash (salt or hash too short): " + expected);
    }
    return new PasswordHash(iterations, salt, hash);
  }

  /**
   * Whether the text looks like a hash rather than a plain password (used for password_file and
   * password_env).
   */
  public static boolean looksLikeHash(String text) {
    return text.startsWith(PREFIX);
  }

  /** Constant-time comparison of the password's hash with this one. */
  public boolean matches(char[] password) {
    return MessageDigest.isEqual(hash, derive(password, salt, iterations, hash.length * 8));
  }

  public int iterations() {
    return iterations;
  }

  /** The text form, for configs. */
  public String text() {
    Base64.Encoder encoder = Base64.getEncoder().withoutPadding();
    return PREFIX
        + iterations
        + ":"
        + encoder.encodeToString(salt)
        + ":"
        + encoder.encodeToString(hash);
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      // Every Java SE 11+ runtime provides PBKDF2WithHmacSHA256.
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
    } finally {
      spec.clearPassword();
    }
  }

  @Override
  public String toString() {
    return PREFIX + iterations + ":<salt>:<hash>";
  }
}
