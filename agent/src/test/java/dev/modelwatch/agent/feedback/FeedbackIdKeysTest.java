package dev.modelwatch.agent.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FeedbackIdKeysTest {

  /** FNV-1a 64 over bytes, written from its definition; equal to the char form for ASCII text. */
  private static long fnv1a(String ascii) {
    long h = 0xcbf29ce484222325L;
    for (byte b : ascii.getBytes(StandardCharsets.US_ASCII)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  @Test
  void textKeysAreFnv1a() {
    assertEquals(fnv1a("r-17"), IdKeys.of("r-17"));
    assertEquals(0xcbf29ce484222325L, IdKeys.of(""));
    // a published FNV-1a 64 test vector
    assertEquals(0xaf63dc4c8601ec8cL, IdKeys.of("a"));
  }

  @Test
  void wholeNumbersHashLikeTheirDecimalText() {
    for (long value :
        new long[] {0, 7, 10, 99, 100, 12345, -1, -908, Long.MAX_VALUE, Long.MIN_VALUE}) {
      assertEquals(IdKeys.of(Long.toString(value)), IdKeys.of(value), "value " + value);
    }
    assertEquals(IdKeys.of("42"), IdKeys.of(42));
    assertEquals(IdKeys.of("42"), IdKeys.of((short) 42));
  }

  @Test
  void otherObjectsHashTheirText() {
    assertEquals(IdKeys.of("4.5"), IdKeys.of(4.5));
    assertNotEquals(IdKeys.of("42"), IdKeys.of(42.0));
  }

  @Test
  void featureHashFollowsItsDocumentedSteps() {
    double[] values = {7.4f, 0.7f, Double.NaN, 1};
    long h = 0xcbf29ce484222325L;
    for (double v : values) {
      h = (h ^ Double.doubleToLongBits(v)) * 0x100000001b3L;
    }
    long computed = FeatureHash.START;
    for (double v : values) {
      computed = FeatureHash.number(computed, v);
    }
    assertEquals(h, computed);
    assertEquals(h, FeatureHash.parse(FeatureHash.format(h)));
    assertEquals("000000000000002a", FeatureHash.format(42));
  }

  @Test
  void featureHashIdMustBeSixteenHexDigits() {
    assertEquals(
        "the id must be the feature hash as 16 hex digits (prediction_id: {hash: features}), found"
            + " \"12ab\"",
        assertThrows(IllegalArgumentException.class, () -> FeatureHash.parse("12ab")).getMessage());
  }
}
