package dev.modelwatch.agent.library;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelwatch.extension.FeatureStatistics;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * The coarse baseline's bin shares against a truncated normal computed here with commons-math3, bin
 * by bin, with the zero point mass of a sparse feature.
 */
class CoarseBaselineTest {
  static final double[] ALCOHOL = {8, 8.5, 9, 9.5, 10, 10.5, 11, 11.5, 12, 12.5, 13, 13.5, 14};

  /**
   * Expected shares: truncated Normal(mean, sd) on [lo, hi] over (b[i-1], b[i]], zero mass added.
   */
  static double[] expected(
      double[] bounds, double mean, double sd, double lo, double hi, double nonZero, int zeroBin) {
    NormalDistribution normal = new NormalDistribution(mean, sd);
    double z = normal.cumulativeProbability(hi) - normal.cumulativeProbability(lo);
    double[] shares = new double[bounds.length + 1];
    for (int i = 0; i <= bounds.length; i++) {
      double a = i == 0 ? Double.NEGATIVE_INFINITY : bounds[i - 1];
      double b = i == bounds.length ? Double.POSITIVE_INFINITY : bounds[i];
      double from = Math.max(a, lo);
      double to = Math.min(b, hi);
      double p =
          to <= from
              ? 0
              : (normal.cumulativeProbability(to) - normal.cumulativeProbability(from)) / z;
      shares[i] = nonZero * p;
    }
    if (zeroBin >= 0) {
      shares[zeroBin] += 1 - nonZero;
    }
    return shares;
  }

  static void assertShares(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    double total = 0;
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-6, "bin " + i);
      total += actual[i];
    }
    assertEquals(1.0, total, 1e-9);
  }

  @Test
  void denseFeatureIsATruncatedNormalOnTheHistogramsBins() {
    // wine alcohol: mean 10.49, variance 1.43, range [8.0, 14.9], non-zero in every example
    FeatureStatistics stats =
        new FeatureStatistics("x", 8.0, 14.9, 10.49, 1.43, 8.0, 14.9, 1000, 1000);
    double[] shares = CoarseBaseline.shares(ALCOHOL, stats);
    assertShares(expected(ALCOHOL, 10.49, Math.sqrt(1.43), 8.0, 14.9, 1.0, -1), shares);
    assertEquals(0.0, shares[0], 0.0); // nothing at or below 8, the training minimum
    assertEquals(0.0, stats.explicitShare() - 1, 0.0);
  }

  @Test
  void zerosTheStatisticsSkipAreAPointMassInTheBinOfZero() {
    // non-zero in 300 of 400 examples: a quarter of the mass sits at 0, in the bin (-inf, 0]
    double[] bounds = {0, 0.5, 1, 2, 4};
    FeatureStatistics stats = new FeatureStatistics("x", 0, 3.5, 1.2, 0.64, 0.1, 3.5, 300, 400);
    double[] shares = CoarseBaseline.shares(bounds, stats);
    assertShares(expected(bounds, 1.2, 0.8, 0.1, 3.5, 0.75, 0), shares);
    assertEquals(0.25, shares[0], 1e-12); // the normal has no mass at or below 0.1 > 0
  }

  @Test
  void zeroOnABoundBelongsToTheBinItEndsAndNegativeValuesAreTruncatedBelow() {
    double[] bounds = {-2, -1, 0, 1};
    FeatureStatistics stats = new FeatureStatistics("x", -3, 0.5, -1.0, 0.25, -3, -0.2, 90, 100);
    double[] shares = CoarseBaseline.shares(bounds, stats);
    assertShares(expected(bounds, -1.0, 0.5, -3, -0.2, 0.9, 2), shares);
    assertEquals(0.0, shares[3], 0.0);
    assertEquals(0.0, shares[4], 0.0);
  }

  @Test
  void aConstantFeatureIsOnePoint() {
    double[] bounds = {1, 2, 3};
    FeatureStatistics stats = new FeatureStatistics("x", 2.5, 2.5, 2.5, 0, 2.5, 2.5, 50, 50);
    double[] shares = CoarseBaseline.shares(bounds, stats);
    assertShares(new double[] {0, 0, 1, 0}, shares);
  }

  @Test
  void unknownNumberOfExamplesMeansNoZeroMass() {
    FeatureStatistics stats = new FeatureStatistics("x", 8.0, 14.9, 10.49, 1.43, 8.0, 14.9, 70, -1);
    assertShares(
        expected(ALCOHOL, 10.49, Math.sqrt(1.43), 8.0, 14.9, 1.0, -1),
        CoarseBaseline.shares(ALCOHOL, stats));
  }
}
