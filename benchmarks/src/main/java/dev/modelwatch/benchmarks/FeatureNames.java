package dev.modelwatch.benchmarks;

/**
 * Feature names {@code f00}, {@code f01}, ... as used in the agent configs and hand-written
 * metrics.
 */
final class FeatureNames {
  private FeatureNames() {}

  static String[] of(int count) {
    String[] names = new String[count];
    for (int i = 0; i < count; i++) {
      names[i] = String.format(java.util.Locale.ROOT, "f%02d", i);
    }
    return names;
  }
}
