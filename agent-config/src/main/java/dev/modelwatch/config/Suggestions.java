package dev.modelwatch.config;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean ...?" for misspelt keys and values: the closest candidate by edit distance, if
 * close enough.
 */
final class Suggestions {
  private Suggestions() {}

  /** The candidate the input most likely meant, or null when none is close. */
  static String closest(String input, Collection<String> candidates) {
    String normalizedInput = normalize(input);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      String normalizedCandidate = normalize(candidate);
      if (normalizedCandidate.equals(normalizedInput)) {
        return candidate; // differs only in case or separators: jvmMetrics, JVM-METRICS
      }
      int distance = distance(normalizedInput, normalizedCandidate);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    if (best != null && bestDistance <= allowedDistance(normalizedInput)) {
      return best;
    }
    for (String candidate : candidates) {
      if (normalizedInput.length() >= 3 && normalize(candidate).startsWith(normalizedInput)) {
        return candidate; // an abbreviation: "onnx" for "onnxruntime"
      }
    }
    return null;
  }

  /** "; did you mean 'x'?" or the empty string. */
  static String didYouMean(String input, Collection<String> candidates) {
    String closest = closest(input, candidates);
    return closest == null ? "" : "; did you mean '" + closest + "'?";
  }

  private static int allowedDistance(String input) {
    return input.length() <= 3 ? 1 : input.length() <= 6 ? 2 : 3;
  }

  private static String normalize(String text) {
    return text.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }

  /**
   * Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost
   * 1.
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
