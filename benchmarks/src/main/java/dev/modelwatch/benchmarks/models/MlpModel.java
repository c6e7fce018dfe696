package dev.modelwatch.benchmarks.models;

import java.util.SplittableRandom;

/**
 * A multi-layer perceptron 11 x 256 x 256 x 1 with ReLU: about 68,000 multiply-adds, a few
 * microseconds per call, the size of a small production model. Scratch layers are per thread, so
 * the model itself allocates nothing per call and any allocation measured is the instrumentation's.
 */
public final class MlpModel {
  public static final int FEATURES = LinearModel.FEATURES;
  private static final int HIDDEN = 256;

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
    for (int j = 0; j < HIDDEN; j++) {
      float sum = b1[j];
      int row = j * FEATURES;
      for (int i = 0; i < FEATURES; i++) {
        sum += w1[row + i] * features[i];
      }
      h1[j] = Math.max(0f, sum);
    }
    for (int j = 0; j < HIDDEN; j++) {
      float sum = b2[j];
      int row = j * HIDDEN;
      for (int i = 0; i < HIDDEN; i++) {
        sum += w2[row + i] * h1[i];
      }
      h2[j] = Math.max(0f, sum);
    }
    float out = 0;
    for (int i = 0; i < HIDDEN; i++) {
      out += w3[i] * h2[i];
    }
    return out;
  }

  private static void fill(float[] values, SplittableRandom random, double scale) {
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
    }
  }
}
