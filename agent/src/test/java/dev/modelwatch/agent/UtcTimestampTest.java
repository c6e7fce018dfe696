package dev.modelwatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The log's timestamps against java.time's formatting of the same instants. */
class UtcTimestampTest {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void sameAsJavaTimeOnEdgesAndRandomInstants() {
    long[] edges = {
      0L,
      -1L,
      951_782_400_000L, // 2000-02-29
      951_868_799_999L, // 2000-02-29T23:59:59.999
      4_107_542_400_000L, // 2100-03-01, after a century that is not a leap year
      -62_135_596_800_000L, // 0001-01-01
      253_402_300_799_999L, // 9999-12-31T23:59:59.999
      1_796_587_260_952L
    };
    for (long millis : edges) {
      check(millis);
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      check(random.nextLong(-62_135_596_800_000L, 253_402_300_800_000L));
    }
  }

  private static void check(long millis) {
    assertEquals(
        ISO_MILLIS.format(Instant.ofEpochMilli(millis)),
        UtcTimestamp.append(new StringBuilder(), millis).toString(),
        "epoch millis " + millis);
  }
}
