package dev.modelwatch.benchmarks.models;

/**
 * The linear model's twin over {@value #FEATURES} categorical codes (0 to {@value #CODES} - 1 as
 * floats: flags, class indices, encoded categories), so that a categorical value's cost compares
 * with a numeric one's on the same few-nanosecond model.
 */
public final class CategoricalModel {
  public static final int FEATURES = 11;
  public static final int CODES = 5;
  private final float[][] weights = new float[FEATURES][CODES];

  public CategoricalModel() {
    for (int i = 0; i < FEATURES; i++) {
      for (int c = 0; c < CODES; c++) {
        weights[i][c] = (i % 2 == 0 ? 0.1f : -0.05f) * (i + c + 1);
      }
    }
  }

  public float predict(float[] codes) {
    float score = 0.5f;
    for (int i = 0; i < FEATURES; i++) {
      score += weights[i][(int) codes[i]];
    }
    return score;
  }

  /** {@value Rows#COUNT} rows of codes. */
  public static float[][] rows(long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    float[][] rows = new float[Rows.COUNT][FEATURES];
    for (float[] row : rows) {
      for (int i = 0; i < FEATURES; i++) {
        row[i] = random.nextInt(CODES);
      }
    }
    return rows;
  }
}
