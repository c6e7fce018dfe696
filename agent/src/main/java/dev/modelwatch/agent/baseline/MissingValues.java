package dev.modelwatch.agent.baseline;

import java.util.Locale;

/**
 * What counts as a missing value in training data: JSON null, an absent key, and (after trimming,
 * ignoring case) the empty string, {@code NA}, {@code NaN} and {@code null}.
 */
final class MissingValues {

  private MissingValues() {}

  static boolean isMissing(String raw) {
    if (raw == null) {
      return true;
    }
    String value = raw.trim().toLowerCase(Locale.ROOT);
    return value.isEmpty() || value.equals("na") || value.equals("nan") || value.equals("null");
  }
}
