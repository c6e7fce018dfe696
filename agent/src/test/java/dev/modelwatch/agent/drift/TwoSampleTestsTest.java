package dev.modelwatch.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/**
 * The KS and chi-squared p-values are two-sample tests between the window and a baseline of a known
 * count of values, checked against commons-math3's two-sample tests on the raw samples, and (KS)
 * against the exact distribution of the two-sample statistic.
 *
 * <p>Tolerances: KS p-values within 1e-9 absolute of commons-math3, which for these sizes ({@code n
 * m >= 10000}) evaluates the same limiting distribution at the same point, {@code Q_KS(sqrt(n m /
 * (n + m)) D)} ({@code approximateP}); 1e-9 is how closely {@link
 * DriftStatistics#kolmogorovSurvival} follows commons' series ({@code DriftStatisticsTest}).
 * Chi-squared statistics within 1e-9 relative (the baseline's counts are rebuilt as share times
 * count, exact to a few ulps); p-values within 1e-10 absolute, how closely {@link
 * DriftStatistics#chiSquaredPValue} follows commons' chi-squared distribution.
 */
class TwoSampleTestsTest {

  private static final KolmogorovSmirnovTest KS = new KolmogorovSmirnovTest();

  // ---- KS on raw (unbinned) samples ----

  @Test
  void ksPValueEqualsCommonsMathsTwoSampleTestOnRawSamples() {
    Random random = new Random(20240611L);
    // live n, baseline m, and shifts of the live mean (in standard deviations) from none to clear
    // drift
    int[][] sizes = {{500, 2000}, {20_000, 10_000}};
    double[][] shifts = {{0, 0.05, 0.1, 0.15, 0.2, 0.3}, {0, 0.01, 0.02, 0.03, 0.05, 0.08}};
    int middling = 0;
    for (int s = 0; s < sizes.length; s++) {
      int n = sizes[s][0];
      int m = sizes[s][1];
      double[] baseline = normal(random, m, 0);
      for (double shift : shifts[s]) {
        double[] live = normal(random, n, shift);
        double d = KS.kolmogorovSmirnovStatistic(live, baseline);
        double expected = KS.kolmogorovSmirnovTest(live, baseline, false);
        String what = "n=" + n + " m=" + m + " shift=" + shift + " D=" + d;
        assertEquals(expected, DriftStatistics.ksPValue(d, n, m), 1e-9, what);
        // the same test from the other side: the statistic and the effective size are symmetric
        assertEquals(expected, DriftStatistics.ksPValue(d, m, n), 1e-9, what);
        if (expected > 1e-4 && expected < 0.5) {
          middling++;
          // treating the baseline as exact (the one-sample form) understates the p-value
          assertTrue(DriftStatistics.ksPValue(d, n) < 0.9 * expected, what);
        }
      }
    }
    assertTrue(
        middling >= 4,
        "only " + middling + " p-values between 1e-4 and 0.5: the samples test too little");
  }

  // ---- KS on binned data ----

  @Test
  void ksOnBinnedCountsEqualsCommonsMathsTwoSampleTestWhenValuesSitOnTheBinEdges() {
    // every value is replaced by its bin's upper edge (the last bin by a value above the last
    // edge), so
    // binning loses nothing: the binned D is the D of these raw values, and so are the p-values
    double[] edges = {-1.5, -1, -0.5, -0.25, 0, 0.25, 0.5, 1, 1.5};
    Random random = new Random(77L);
    int[][] sizes = {{500, 2000}, {20_000, 10_000}};
    double[][] shifts = {{0, 0.1, 0.2, 0.3}, {0, 0.02, 0.04, 0.08}};
    for (int s = 0; s < sizes.length; s++) {
      int n = sizes[s][0];
      int m = sizes[s][1];
      double[] baseline = onEdges(normal(random, m, 0), edges);
      long[] baselineCounts = bin(baseline, edges);
      double[] shares = new double[baselineCounts.length];
      for (int i = 0; i < shares.length; i++) {
        shares[i] = (double) baselineCounts[i] / m;
      }
      for (double shift : shifts[s]) {
        double[] live = onEdges(normal(random, n, shift), edges);
        long[] liveCounts = bin(live, edges);
        double d = DriftStatistics.ks(shares, liveCounts);
        String what = "n=" + n + " m=" + m + " shift=" + shift + " D=" + d;
        // D from shares summed in floating point: equal to the raw values' D up to rounding
        assertEquals(KS.kolmogorovSmirnovStatistic(live, baseline), d, 1e-12, what);
        assertEquals(
            KS.kolmogorovSmirnovTest(live, baseline, false),
            DriftStatistics.ksPValue(d, n, m),
            1e-9,
            what);
      }
    }
  }

  @Test
  void binningMakesKsALowerBoundOfTheRawStatistic() {
    double[] edges = {-1, 0, 1};
    Random random = new Random(5L);
    for (int trial = 0; trial < 20; trial++) {
      double[] baseline = normal(random, 400, 0);
      double[] live = normal(random, 300, 0.2);
      long[] baselineCounts = bin(baseline, edges);
      double[] shares = new double[baselineCounts.length];
      for (int i = 0; i < shares.length; i++) {
        shares[i] = baselineCounts[i] / 400.0;
      }
      double binned = DriftStatistics.ks(shares, bin(live, edges));
      double raw = KS.kolmogorovSmirnovStatistic(live, baseline);
      assertTrue(binned <= raw + 1e-12, "binned " + binned + " raw " + raw);
      assertTrue(
          DriftStatistics.ksPValue(binned, 300, 400)
              >= KS.kolmogorovSmirnovTest(live, baseline, false) - 1e-9);
    }
  }

  // ---- KS against the exact two-sample distribution ----

  @Test
  void ksPValueIsConservativeAndCloseToTheExactTwoSampleDistribution() {
    // P(D >= d) computed exactly in the test (a uniformly random merge order of the two samples,
    // step by step)
    // for lattice values of D with sqrt(n m / (n + m)) D from 0.4 to 2.4. The limiting distribution
    // errs on the
    // large side: at most 5e-4 below the exact p-value (1000 vs 1000), at most 0.03 above it (100
    // vs 10000,
    // where p is near 0.5), and within 0.005 where the exact p-value is at most 0.05, where alerts
    // are decided
    int[][] sizes = {{100, 10_000}, {500, 2000}, {1000, 1000}};
    for (int[] size : sizes) {
      int n = size[0];
      int m = size[1];
      long g = gcd(n, m);
      double sqrtEffective = Math.sqrt((double) n * m / (n + m));
      for (int step = 0; step <= 20; step++) {
        double lambda = 0.4 + step * 0.1;
        long c = g * Math.round(lambda / sqrtEffective * n * m / g);
        double d = (double) c / ((long) n * m);
        double exact = exactTwoSampleP(n, m, c);
        double p = DriftStatistics.ksPValue(d, n, m);
        String what = "n=" + n + " m=" + m + " D=" + d + " exact=" + exact + " p=" + p;
        assertTrue(p >= exact - 5e-4, what);
        assertTrue(p <= exact + 0.03, what);
        if (exact <= 0.05) {
          assertEquals(exact, p, 0.005, what);
        }
      }
    }
  }

  /**
   * P(D >= c / (n m)) for the two-sample statistic of n and m values under the null: every merge
   * order of the two samples is equally likely, so the path (i values of the first, j of the second
   * taken so far) takes the next value from the first sample with probability (n - i) / (n + m - i
   * - j). D >= c / (n m) when the path reaches |i m - j n| >= c.
   */
  static double exactTwoSampleP(int n, int m, long c) {
    double[] inside =
        new double[m + 1]; // probability of reaching (i, j) without touching the boundary
    for (int i = 0; i <= n; i++) {
      for (int j = 0; j <= m; j++) {
        double p;
        if (i == 0 && j == 0) {
          p = 1;
        } else {
          p = 0;
          if (i > 0) {
            p += inside[j] * (n - i + 1) / (double) (n + m - i + 1 - j); // from (i - 1, j)
          }
          if (j > 0) {
            p += inside[j - 1] * (m - j + 1) / (double) (n + m - i - j + 1); // from (i, j - 1)
          }
        }
        inside[j] = Math.abs((long) i * m - (long) j * n) >= c ? 0 : p;
      }
    }
    return 1 - inside[m];
  }

  // ---- chi-squared ----

  @Test
  void chiSquaredIsCommonsMathsTwoSampleTestOfTheCounts() {
    Random random = new Random(314L);
    double[] weights = {0.3, 0.25, 0.15, 0.1, 0.08, 0.06, 0.04, 0.02};
    int[][] sizes = {{500, 2000}, {20_000, 10_000}, {150, 100_000}};
    double[] tilts = {0, 0.05, 0.1, 0.3};
    ChiSquareTest reference = new ChiSquareTest();
    int middling = 0;
    for (int[] size : sizes) {
      int n = size[0];
      int m = size[1];
      long[] baselineCounts = categories(random, m, weights, 0);
      double[] shares = new double[baselineCounts.length];
      for (int i = 0; i < shares.length; i++) {
        shares[i] = (double) baselineCounts[i] / m;
      }
      for (double tilt : tilts) {
        long[] live = categories(random, n, weights, tilt);
        String what = "n=" + n + " m=" + m + " tilt=" + tilt + " live=" + Arrays.toString(live);
        double expected = reference.chiSquareDataSetsComparison(baselineCounts, live);
        double x = DriftStatistics.chiSquared(shares, live, m);
        assertEquals(expected, x, 1e-9 * expected, what);
        int df = DriftStatistics.chiSquaredDegreesOfFreedom(shares, live);
        assertEquals(weights.length - 1, df, what);
        double p = reference.chiSquareTestDataSetsComparison(baselineCounts, live);
        assertEquals(p, DriftStatistics.chiSquaredPValue(x, df), 1e-10, what);
        if (p > 1e-4 && p < 0.5) {
          middling++;
          // treating the baseline as exact (goodness of fit) understates the p-value
          double oneSample =
              DriftStatistics.chiSquaredPValue(DriftStatistics.chiSquared(shares, live), df);
          assertTrue(oneSample < p, what + " one-sample p " + oneSample);
        }
      }
    }
    assertTrue(
        middling >= 2,
        "only " + middling + " p-values between 1e-4 and 0.5: the samples test too little");
  }

  @Test
  void chiSquaredDropsCategoriesEmptyOnBothSidesAndNeedsNoFloorForANewCategory() {
    // categories: a, b, c (unseen in training, present live), d (empty on both sides), __other__
    long[] baselineCounts = {600, 380, 0, 0, 20};
    double[] shares = {0.6, 0.38, 0, 0, 0.02};
    long[] live = {50, 30, 15, 0, 5};
    // commons-math3 rejects a category empty on both sides: compare with the table that drops it
    long[] keptBaseline = {600, 380, 0, 20};
    long[] keptLive = {50, 30, 15, 5};
    ChiSquareTest reference = new ChiSquareTest();
    double x = DriftStatistics.chiSquared(shares, live, 1000);
    double expected = reference.chiSquareDataSetsComparison(keptBaseline, keptLive);
    assertEquals(expected, x, 1e-9 * expected);
    // the new category's term is (0 n - 15 m)^2 / (n m 15) = 15 m / n: large, finite, without
    // smoothing
    assertTrue(x > 15 * 1000 / 100.0);
    int df = DriftStatistics.chiSquaredDegreesOfFreedom(shares, live);
    assertEquals(3, df);
    assertEquals(
        reference.chiSquareTestDataSetsComparison(keptBaseline, keptLive),
        DriftStatistics.chiSquaredPValue(x, df),
        1e-10);
  }

  // ---- a baseline without a count ----

  @Test
  void aBaselineWithoutACountIsTreatedAsExact() {
    double[] shares = {0.1, 0.2, 0.3, 0.4};
    long[] live = {15, 25, 30, 30};
    assertEquals(DriftStatistics.ksPValue(0.05, 100), DriftStatistics.ksPValue(0.05, 100, 0), 0.0);
    assertEquals(
        DriftStatistics.chiSquared(shares, live), DriftStatistics.chiSquared(shares, live, 0), 0.0);
    // a very large count approaches the exact baseline: n m / (n + m) -> n, and the chi-squared
    // terms too
    double pearson =
        (15 - 10) * (15 - 10) / 10.0 + (25 - 20) * (25 - 20) / 20.0 + (30 - 40) * (30 - 40) / 40.0;
    assertEquals(pearson, DriftStatistics.chiSquared(shares, live, 1_000_000_000L), 1e-6);
    assertEquals(
        1 - KS.ksSum(Math.sqrt(100) * 0.1, 1e-20, 100_000),
        DriftStatistics.ksPValue(0.1, 100, 1_000_000_000_000L),
        1e-8);
  }

  @Test
  void twoSampleEdgeCases() {
    assertEquals(1.0, DriftStatistics.ksPValue(0.0, 100, 50), 0.0);
    assertEquals(0.0, DriftStatistics.ksPValue(1.0, 1000, 1000), 1e-12);
    assertTrue(Double.isNaN(DriftStatistics.ksPValue(0.3, 0, 50)));
    assertTrue(Double.isNaN(DriftStatistics.ksPValue(Double.NaN, 10, 50)));
    assertTrue(
        Double.isNaN(DriftStatistics.chiSquared(new double[] {0.5, 0.5}, new long[] {0, 0}, 10)));
    assertEquals(
        0.0,
        DriftStatistics.chiSquared(new double[] {0.25, 0.75}, new long[] {25, 75}, 400),
        1e-12);
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> DriftStatistics.ksPValue(0.1, 10, -1));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> DriftStatistics.ksPValue(1.5, 10, 10));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> DriftStatistics.chiSquared(new double[] {1}, new long[] {1}, -1));
  }

  // ---- helpers ----

  private static double[] normal(Random random, int size, double mean) {
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = mean + random.nextGaussian();
    }
    return values;
  }

  /** Prometheus le buckets: bucket i counts edges[i-1] < v <= edges[i]; the last is +Inf. */
  private static long[] bin(double[] values, double[] edges) {
    long[] counts = new long[edges.length + 1];
    for (double v : values) {
      int b = 0;
      while (b < edges.length && v > edges[b]) {
        b++;
      }
      counts[b]++;
    }
    return counts;
  }

  /**
   * Each value replaced by its bucket's upper edge; values above the last edge by last edge + 1.
   */
  private static double[] onEdges(double[] values, double[] edges) {
    double[] snapped = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      int b = 0;
      while (b < edges.length && values[i] > edges[b]) {
        b++;
      }
      snapped[i] = b < edges.length ? edges[b] : edges[edges.length - 1] + 1;
    }
    return snapped;
  }

  /**
   * Counts of {@code size} draws from {@code weights}, moving {@code tilt} of the first category's
   * weight to the last.
   */
  private static long[] categories(Random random, int size, double[] weights, double tilt) {
    double[] w = weights.clone();
    double moved = w[0] * tilt;
    w[0] -= moved;
    w[w.length - 1] += moved;
    long[] counts = new long[w.length];
    for (int i = 0; i < size; i++) {
      double u = random.nextDouble();
      int k = 0;
      while (k < w.length - 1 && u >= w[k]) {
        u -= w[k];
        k++;
      }
      counts[k]++;
    }
    return counts;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
