package dev.modelwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void eachUnit() {
    assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
    assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
    assertEquals(Duration.ofMinutes(15), Durations.parse("15m"));
    assertEquals(Duration.ofHours(24), Durations.parse("24h"));
    assertEquals(Duration.ofDays(7), Durations.parse("7d"));
  }

  @Test
  void decimalsThatAreWholeMilliseconds() {
    assertEquals(Duration.ofMinutes(90), Durations.parse("1.5h"));
    assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
  }

  @Test
  void fractionOfAMillisecondIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("1.5ms"));
    assertEquals("duration \"1.5ms\" is not a whole number of milliseconds", e.getMessage());
  }

  @Test
  void missingUnitIsRejectedWithTheExpectedForm() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("60"));
    assertEquals(
        "expected a duration: a number followed by ms, s, m, h or d, e.g. 30s, 15m, 24h, found \"60\"",
        e.getMessage());
  }

  @Test
  void unknownUnitAndNegativeValuesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("2w"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("-5s"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(null));
  }

  @Test
  void formatUsesTheLargestUnitThatDividesExactly() {
    assertEquals("1h", Durations.format(Duration.ofHours(1)));
    assertEquals("90m", Durations.format(Duration.ofMinutes(90)));
    assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
    assertEquals("2d", Durations.format(Duration.ofDays(2)));
    assertEquals("0s", Durations.format(Duration.ZERO));
  }

  @Test
  void formatThenParseGivesTheSameDuration() {
    Duration odd = Duration.ofMillis(3_723_004);
    assertEquals(odd, Durations.parse(Durations.format(odd)));
  }
}
