package dev.modelwatch.benchmarks.models;

/**
 * The trivial model: a linear score over {@value #FEATURES} floats. A few nanoseconds per call, so
 * whatever instrumentation adds shows almost undiluted.
 */
public final class LinearModel {
  public static final int FEATURES = 11;
  private final float[] weights = new float[FEATURES];
  private final float bias = 0.5f;

  public LinearModel() {
    for (int i = 0; i < FEATURES; i++) {
      weights[i] = (i % 2 == 0 ? 0.1f : -0.05f) * (i + 1);
    }
  }

  public float predict(float[] features) {
    float score = bias;
    for (int i = 0; i < FEATURES; i++) {
      score += weights[i] * features[i];
    }
    return score;
  }
}
