package dev.modelwatch.agent.capture;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hash that replaces a redacted value: HMAC-SHA256 of the value's text (UTF-8) under the
 * model's redaction key, its first 16 bytes as 32 lowercase hex digits. The same value under the
 * same key always gives the same hash, so captured rows still join on it; without the key the value
 * cannot be recovered or confirmed by guessing. Used by the writer thread only (a {@link Mac} is
 * not thread-safe).
 */
final class Redaction {
  static final int HEX_DIGITS = 32;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Mac mac;

  /**
   * @throws GeneralSecurityException when the JDK has no HmacSHA256 (every Java SE JDK has)
   */
  Redaction(byte[] key) throws GeneralSecurityException {
    mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
  }

  String hash(String text) {
    byte[] digest = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    char[] hex = new char[HEX_DIGITS];
    for (int i = 0; i < HEX_DIGITS / 2; i++) {
      hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      hex[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(hex);
  }
}
