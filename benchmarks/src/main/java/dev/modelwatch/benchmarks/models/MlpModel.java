package dev.modelwatch.benchmarks.models;

import java.util.SplittableRandom;

/**
 * A multi-layer perceptron 11 x 96 x 96 x 1 with ReLU: about 10,300 multiply-adds, about 4 µs per
 * call on the 2-core machine of README.md, Benchmarks (11 x 256 x 256 x 1 took about 24 µs there),
 * the size of a small production model. Scratch layers are per thread, so the model itself
 * allocates nothing per call and any allocation measured is the instrumentation's.
 */
public final class MlpModel {
  public static final int FEATURES = LinearModel.FEATURES;
  private static final int HIDDEN = 96;

  private final float[] w1 = new float[HIDDEN * FEATURES];
  private final float[] b1 = new float[HIDDEN];
  private final float[] w2 = new float[HIDDEN * HIDDEN];
  private final float[] b2 = new float[HIDDEN];
  private final float[] w3 = new float[HIDDEN];
  private final ThreadLocal<float[][]> scratch =
      ThreadLocal.withInitial(() -> new float[][] {new float[HIDDEN], new float[HIDDEN]});

  public MlpModel() {
    SplittableRandom random = new SplittableRandom(7);
    fill(w1, random, Math.sqrt(2.0 / FEATURES));
    fill(w2, random, Math.sqrt(2.0 / HIDDEN));
    fill(w3, random, Math.sqrt(1.0 / HIDDEN));
    fill(b1, random, 0.01);
    fill(b2, random, 0.01);
  }

  public float predict(float[] features) {
    float[][] layers = scratch.get();
    float[] h1 = layers[0];
    float[] h2 = layers[1];
    dense(w1, b1, features, FEATURES, h1);
    dense(w2, b2, h1, HIDDEN, h2);
    float out = 0;
    for (int i = 0; i < HIDDEN; i++) {
      out += w3[i] * h2[i];
    }
    return out;
  }

  /**
   * {@code out = relu(bias + W x)} with W stored input-major, so the inner loop is {@code out[j] +=
   * w[i][j] * x[i]}, which the JIT vectorizes (a dot-product loop would not be: float sums may not
   * be reordered).
   */
  private static void dense(float[] weights, float[] bias, float[] x, int inputs, float[] out) {
    System.arraycopy(bias, 0, out, 0, HIDDEN);
    for (int i = 0; i < inputs; i++) {
      float xi = x[i];
      int row = i * HIDDEN;
      for (int j = 0; j < HIDDEN; j++) {
        out[j] += weights[row + j] * xi;
      }
    }
    for (int j = 0; j < HIDDEN; j++) {
      out[j] = Math.max(0f, out[j]);
    }
  }

  private static void fill(float[] values, SplittableRandom random, double scale) {
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
    }
  }
}
