package dev.modelwatch.testapps.plain;

import dev.modelwatch.testapps.data.WineData;

/**
 * A plain Java classifier that answers the true class probabilities of the wine data: the labels
 * are the class ({@code low}, {@code medium}, {@code high}) of the noiseless score plus Normal(0,
 * {@link WineData#NOISE_SIGMA}) noise, so given a row, P(low) = Φ((5.5 − score) / σ), P(high) =
 * Φ((score − 6.5) / σ) and P(medium) the rest. It is calibrated by construction: among rows it
 * gives the chosen class probability p, a share p of the labels drawn by the generator are that
 * class (until the concept changes). Same input as {@link LinearWineModel}; returns the three
 * probabilities in the order of {@link WineData#CLASSES}, so the predicted class is the index of
 * the largest.
 */
public class WineClassProbabilityModel {
  private static final double SQRT_HALF = Math.sqrt(0.5);

  /**
   * The probabilities of low, medium and high; throws when the row does not have exactly 12 values.
   */
  public double[] predict(float[] features) {
    if (features == null || features.length != WineData.COLUMNS) {
      throw new IllegalArgumentException(
          "expected "
              + WineData.COLUMNS
              + " features, got "
              + (features == null ? "null" : features.length));
    }
    return probabilities(WineData.score(features));
  }

  /** The class probabilities of a noiseless score. */
  public static double[] probabilities(double score) {
    double low = normalCdf((WineData.LOW_BELOW - score) / WineData.NOISE_SIGMA);
    double high = normalCdf((score - WineData.HIGH_FROM) / WineData.NOISE_SIGMA);
    return new double[] {low, Math.max(0, 1 - low - high), high};
  }

  /** Φ(x) = erfc(−x / √2) / 2. */
  static double normalCdf(double x) {
    return 0.5 * erfc(-x * SQRT_HALF);
  }

  /**
   * The complementary error function, with a fractional error below 1.2e-7 (Numerical Recipes'
   * erfcc).
   */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r =
        t
            * Math.exp(
                -z * z
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
