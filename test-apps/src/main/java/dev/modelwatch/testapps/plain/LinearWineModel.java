package dev.modelwatch.testapps.plain;

import java.util.concurrent.locks.LockSupport;

/**
 * A plain Java model: a fixed linear score over 12 input values (11 wine measurements and the
 * colour). Depends on the JDK only, so it can also be loaded by an isolated class loader. With
 * {@code -Dmodelwatch.testapps.model.pause.micros=N} each call first waits N microseconds, for
 * tests that need replicas with different latencies.
 */
public class LinearWineModel {
  public static final int FEATURES = 12;
  private static final long PAUSE_NANOS =
      Long.getLong("modelwatch.testapps.model.pause.micros", 0) * 1000;
  private static final float[] WEIGHTS = {
    0.02f, -1.1f, 0.2f, 0.01f, -1.5f, 0.004f, -0.003f, -10f, -0.4f, 0.9f, 0.3f, 0.1f
  };
  private static final float INTERCEPT = 12.0f;

  /** The predicted quality; throws when the row does not have exactly {@value #FEATURES} values. */
  public float predict(float[] features) {
    if (features == null || features.length != FEATURES) {
      throw new IllegalArgumentException(
          "expected "
              + FEATURES
              + " features, got "
              + (features == null ? "null" : features.length));
    }
    if (PAUSE_NANOS > 0) {
      LockSupport.parkNanos(PAUSE_NANOS);
    }
    float score = INTERCEPT;
    for (int i = 0; i < FEATURES; i++) {
      score += WEIGHTS[i] * features[i];
    }
    return score;
  }
}
