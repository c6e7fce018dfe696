package dev.modelwatch.benchmarks.models;

import java.util.SplittableRandom;

/**
 * Input rows cycled through by each benchmark thread, so histograms see varied values (and bucket
 * searches take varied branches) instead of one constant row.
 */
public final class Rows {
  public static final int COUNT = 64;

  private Rows() {}

  /** {@value #COUNT} rows of {@code width} values, roughly uniform on [0, 20). */
  public static float[][] of(int width, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] rows = new float[COUNT][width];
    for (float[] row : rows) {
      for (int i = 0; i < width; i++) {
        row[i] = (float) (random.nextDouble() * 20);
      }
    }
    return rows;
  }
}
