package dev.modelwatch.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as {@code <number><unit>} with unit ms, s, m, h or d: 500ms, 30s, 15m, 1.5h,
 * 7d.
 */
public final class Durations {
  private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
  private static final String EXPECTED =
      "expected a duration: a number followed by ms, s, m, h or d, e.g. 30s, 15m, 24h";

  private Durations() {}

  /**
   * @throws IllegalArgumentException naming the text and the expected form when the text is not a
   *     duration or is not a whole number of milliseconds
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException(EXPECTED + ", found nothing");
    }
    Matcher matcher = FORMAT.matcher(text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(EXPECTED + ", found \"" + text + "\"");
    }
    BigDecimal millis =
        new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unitMillis(matcher.group(2))));
    try {
      return Duration.ofMillis(millis.longValueExact());
    } catch (ArithmeticException e) {
      boolean fractional = millis.stripTrailingZeros().scale() > 0;
      throw new IllegalArgumentException(
          "duration \""
              + text
              + "\" is "
              + (fractional ? "not a whole number of milliseconds" : "too long"),
          e);
    }
  }

  /** The shortest exact form in the largest unit that divides it: 1h, 90m, 1500ms, 0s. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0s";
    }
    String[] units = {"d", "h", "m", "s"};
    for (String unit : units) {
      long size = unitMillis(unit);
      if (millis % size == 0) {
        return millis / size + unit;
      }
    }
    return millis + "ms";
  }

  private static long unitMillis(String unit) {
    switch (unit) {
      case "ms":
        return 1L;
      case "s":
        return 1_000L;
      case "m":
        return 60_000L;
      case "h":
        return 3_600_000L;
      case "d":
        return 86_400_000L;
      default:
        throw new IllegalArgumentException("unknown unit " + unit);
    }
  }
}
