package dev.modelwatch.agent;

/**
 * Writes an instant as ISO-8601 UTC with milliseconds ({@code 2026-12-06T19:54:20.952Z}) by
 * arithmetic, for the agent's log lines. {@code Instant.toString} would initialise {@code
 * java.time.format} (about 40 classes, 15-20 ms of a cold JVM) while the application waits for
 * premain.
 */
final class UtcTimestamp {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private UtcTimestamp() {}

  /** Appends {@code epochMillis} (from 0000-03-01 to 9999-12-31) to {@code out}. */
  static StringBuilder append(StringBuilder out, long epochMillis) {
    long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    long millisOfDay = Math.floorMod(epochMillis, MILLIS_PER_DAY);
    // days to a civil date in the proleptic Gregorian calendar (H. Hinnant, "chrono-compatible
    // low-level date algorithms"): eras of 400 years starting on March 1st
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    long day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    long month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    digits(out, year, 4).append('-');
    digits(out, month, 2).append('-');
    digits(out, day, 2).append('T');
    digits(out, millisOfDay / 3_600_000, 2).append(':');
    digits(out, millisOfDay / 60_000 % 60, 2).append(':');
    digits(out, millisOfDay / 1000 % 60, 2).append('.');
    return digits(out, millisOfDay % 1000, 3).append('Z');
  }

  private static StringBuilder digits(StringBuilder out, long value, int width) {
    String text = Long.toString(value);
    for (int i = text.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(text);
  }
}
