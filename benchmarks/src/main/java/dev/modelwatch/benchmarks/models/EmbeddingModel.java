package dev.modelwatch.benchmarks.models;

import java.util.Random;

/**
 * A stand-in for a sentence embedding model that costs nothing itself: {@link #embed} returns one
 * of {@link #COUNT} fixed 384-dimensional unit vectors, so that what a benchmark measures is the
 * agent's work per vector ({@code kind: embedding}).
 */
public final class EmbeddingModel {
  public static final int DIMENSION = 384;
  public static final int COUNT = 1024;

  private final float[][] vectors = vectors(COUNT, 1);

  public float[] embed(int i) {
    return vectors[i & (COUNT - 1)];
  }

  /** {@code count} random unit vectors of {@link #DIMENSION} values, from {@code seed}. */
  public static float[][] vectors(int count, long seed) {
    Random random = new Random(seed);
    float[][] result = new float[count][DIMENSION];
    for (float[] v : result) {
      double squared = 0;
      for (int i = 0; i < DIMENSION; i++) {
        v[i] = (float) random.nextGaussian();
        squared += v[i] * v[i];
      }
      float scale = (float) (1 / Math.sqrt(squared));
      for (int i = 0; i < DIMENSION; i++) {
        v[i] *= scale;
      }
    }
    return result;
  }
}
