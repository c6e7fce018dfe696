package dev.modelwatch.testapps.spark;

import java.util.SplittableRandom;
import org.tribuo.Example;
import org.tribuo.Output;
import org.tribuo.impl.ArrayExample;

/**
 * Deterministic rows of four wine features, each a pure function of its index, so that the driver,
 * every executor and the test agree on a row without shipping it.
 *
 * <p>Row {@code i} has {@code alcohol}, {@code acidity}, {@code sugar} and {@code ph}; every
 * {@value #SUGAR_MISSING_EVERY}th row (index divisible by it) leaves {@code sugar} out of its
 * example, which is how Tribuo represents a missing value.
 */
public final class WineRows {
  public static final String[] FEATURES = {"alcohol", "acidity", "sugar", "ph"};
  public static final int SUGAR_MISSING_EVERY = 10;
  public static final String HIGH = "high";
  public static final String LOW = "low";

  private WineRows() {}

  /** The four feature values of row {@code index} (seeded by it), in {@link #FEATURES} order. */
  public static double[] values(long seed, long index) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
    return new double[] {
      10.4 + 1.1 * gaussian(random),
      0.30 + 0.10 * gaussian(random),
      5.0 + 2.0 * gaussian(random),
      3.20 + 0.15 * gaussian(random),
    };
  }

  /** Whether row {@code index} leaves {@code sugar} out. */
  public static boolean sugarMissing(long index) {
    return index % SUGAR_MISSING_EVERY == 0;
  }

  /** The quality score the training labels follow (plus noise). */
  public static double quality(double[] v) {
    return 1.5 + 0.4 * v[0] - 2.5 * v[1] + 0.02 * v[2] + 0.3 * v[3];
  }

  /** Row {@code index} as a Tribuo example with {@code output} (a placeholder when predicting). */
  public static <T extends Output<T>> Example<T> example(T output, long seed, long index) {
    double[] v = values(seed, index);
    if (sugarMissing(index)) {
      return new ArrayExample<>(
          output,
          new String[] {FEATURES[0], FEATURES[1], FEATURES[3]},
          new double[] {v[0], v[1], v[3]});
    }
    return new ArrayExample<>(output, FEATURES.clone(), v);
  }

  /** Training row {@code index}: all four features, always. */
  public static <T extends Output<T>> Example<T> trainingExample(T output, double[] v) {
    return new ArrayExample<>(output, FEATURES.clone(), v.clone());
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller, so the values do not depend on java.util.Random's internals
    double u = 1.0 - random.nextDouble();
    double w = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
  }
}
