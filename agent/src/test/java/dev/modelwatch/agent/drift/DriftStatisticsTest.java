package dev.modelwatch.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class DriftStatisticsTest {

  private static final double EXACT = 1e-12;

  // ---- PSI ----

  @Test
  void psiOfShiftedDistributionMatchesTheFormula() {
    double[] baseline = {0.25, 0.25, 0.5};
    long[] live = {30, 20, 50};
    double expected =
        (0.3 - 0.25) * Math.log(0.3 / 0.25)
            + (0.2 - 0.25) * Math.log(0.2 / 0.25)
            + (0.5 - 0.5) * Math.log(0.5 / 0.5);
    assertEquals(expected, DriftStatistics.psi(baseline, live), EXACT);
  }

  @Test
  void psiOfIdenticalDistributionsIsZero() {
    assertEquals(
        0.0, DriftStatistics.psi(new double[] {0.1, 0.2, 0.7}, new long[] {10, 20, 70}), EXACT);
  }

  @Test
  void psiFloorsABinEmptyInTheBaselineAndRenormalises() {
    double[] baseline = {0.5, 0.5, 0.0};
    long[] live = {50, 40, 10};
    double sum = 0.5 + 0.5 + 1e-4;
    double[] e = {0.5 / sum, 0.5 / sum, 1e-4 / sum};
    double[] a = {0.5, 0.4, 0.1};
    double expected = 0;
    for (int i = 0; i < 3; i++) {
      expected += (a[i] - e[i]) * Math.log(a[i] / e[i]);
    }
    assertEquals(expected, DriftStatistics.psi(baseline, live), EXACT);
  }

  @Test
  void psiFloorsABinEmptyInTheLiveCounts() {
    double[] baseline = {0.4, 0.6};
    long[] live = {0, 100};
    double sum = 1e-4 + 1.0;
    double a0 = 1e-4 / sum;
    double a1 = 1.0 / sum;
    double expected = (a0 - 0.4) * Math.log(a0 / 0.4) + (a1 - 0.6) * Math.log(a1 / 0.6);
    assertEquals(expected, DriftStatistics.psi(baseline, live), EXACT);
  }

  @Test
  void psiIgnoresBinsEmptyOnBothSides() {
    double[] withEmpty = {0.25, 0.0, 0.75, 0.0};
    long[] liveWithEmpty = {40, 0, 60, 0};
    double expected = (0.4 - 0.25) * Math.log(0.4 / 0.25) + (0.6 - 0.75) * Math.log(0.6 / 0.75);
    assertEquals(expected, DriftStatistics.psi(withEmpty, liveWithEmpty), EXACT);
  }

  @Test
  void psiNormalisesBaselineSharesBySum() {
    // shares of 2 and 2 are read as 0.5 and 0.5
    double expected = (0.8 - 0.5) * Math.log(0.8 / 0.5) + (0.2 - 0.5) * Math.log(0.2 / 0.5);
    assertEquals(expected, DriftStatistics.psi(new double[] {2, 2}, new long[] {8, 2}), EXACT);
  }

  // ---- KS ----

  @Test
  void ksIsTheLargestGapOfCumulativeShares() {
    // cumulative baseline 0.2, 0.5, 1.0; live 0.1, 0.6, 1.0
    assertEquals(
        0.1, DriftStatistics.ks(new double[] {0.2, 0.3, 0.5}, new long[] {10, 50, 40}), EXACT);
    // cumulative baseline 0.5, 0.5, 1.0; live 0.0, 0.25, 1.0
    assertEquals(
        0.5, DriftStatistics.ks(new double[] {0.5, 0.0, 0.5}, new long[] {0, 1, 3}), EXACT);
  }

  @Test
  void ksEqualsTheTwoSampleStatisticOnDataTakingOneValuePerBin() {
    // when every value sits on a bin edge, binning loses nothing: D equals the raw-data statistic
    double[] baselineSample = values(new int[] {3, 7, 1, 9}, 4);
    double[] liveSample = values(new int[] {8, 2, 5, 5}, 4);
    double expected =
        new KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(baselineSample, liveSample);
    double[] shares = {3 / 20.0, 7 / 20.0, 1 / 20.0, 9 / 20.0};
    assertEquals(expected, DriftStatistics.ks(shares, new long[] {8, 2, 5, 5}), EXACT);
  }

  /** counts[i] copies of the value i. */
  private static double[] values(int[] counts, int bins) {
    List<Double> list = new ArrayList<>();
    for (int i = 0; i < bins; i++) {
      for (int c = 0; c < counts[i]; c++) {
        list.add((double) i);
      }
    }
    return list.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void ksPValueMatchesTheKolmogorovSeriesWithStephensCorrection() {
    KolmogorovSmirnovTest reference = new KolmogorovSmirnovTest();
    for (long n : new long[] {5, 20, 100, 1000, 100_000}) {
      for (double d : new double[] {0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8}) {
        double sqrtN = Math.sqrt(n);
        double lambda = (sqrtN + 0.12 + 0.11 / sqrtN) * d;
        // commons-math3 ksSum(t) = 1 + 2 sum_{k>=1} (-1)^k exp(-2 k^2 t^2), the Kolmogorov cdf
        double expected = 1 - reference.ksSum(lambda, 1e-20, 100_000);
        assertEquals(expected, DriftStatistics.ksPValue(d, n), 1e-9, "d=" + d + " n=" + n);
      }
    }
  }

  @Test
  void ksPValueIsCloseToTheExactOneSampleDistribution() {
    // Stephens' correction approximates the exact finite-n distribution (commons-math3 cdf):
    // within 0.025 from n = 10, 0.012 from n = 100 and 0.005 from n = 1000
    KolmogorovSmirnovTest reference = new KolmogorovSmirnovTest();
    int[] sizes = {10, 30, 100, 400, 1000, 2000};
    double[] tolerances = {0.025, 0.025, 0.012, 0.012, 0.005, 0.005};
    for (int k = 0; k < sizes.length; k++) {
      int n = sizes[k];
      int compared = 0;
      for (int step = 0; step < 120; step++) {
        // sqrt(n) * d from 0.4 (p near 1) to 2.4 (p near 1e-4)
        double d = (0.4 + step * 2.0 / 120) / Math.sqrt(n);
        double exact = 1 - reference.cdf(d, n);
        if (Double.isNaN(exact)) {
          continue; // commons-math3's exact cdf loses precision at some tiny d
        }
        assertEquals(exact, DriftStatistics.ksPValue(d, n), tolerances[k], "d=" + d + " n=" + n);
        compared++;
      }
      assertTrue(compared >= 100, "compared only " + compared + " values for n=" + n);
    }
  }

  @Test
  void ksPValueEdgeCases() {
    assertEquals(1.0, DriftStatistics.ksPValue(0.0, 100), EXACT);
    assertEquals(0.0, DriftStatistics.ksPValue(1.0, 100), EXACT);
    assertTrue(Double.isNaN(DriftStatistics.ksPValue(0.3, 0)));
    assertTrue(Double.isNaN(DriftStatistics.ksPValue(Double.NaN, 10)));
    assertThrows(IllegalArgumentException.class, () -> DriftStatistics.ksPValue(1.5, 10));
    assertThrows(IllegalArgumentException.class, () -> DriftStatistics.ksPValue(-0.1, 10));
    assertThrows(IllegalArgumentException.class, () -> DriftStatistics.ksPValue(0.1, -1));
  }

  // ---- Jensen-Shannon ----

  @Test
  void jensenShannonDistanceMatchesTheFormula() {
    // P = (0.5, 0.5), Q = (1, 0), M = (0.75, 0.25)
    double klPm = 0.5 * log2(0.5 / 0.75) + 0.5 * log2(0.5 / 0.25);
    double klQm = 1.0 * log2(1.0 / 0.75);
    double expected = Math.sqrt(0.5 * klPm + 0.5 * klQm);
    assertEquals(
        expected, DriftStatistics.jensenShannon(new double[] {0.5, 0.5}, new long[] {7, 0}), EXACT);
  }

  @Test
  void jensenShannonOfThreeBins() {
    double[] p = {0.2, 0.3, 0.5};
    double[] q = {0.5, 0.3, 0.2};
    double divergence = 0;
    for (int i = 0; i < 3; i++) {
      double m = (p[i] + q[i]) / 2;
      divergence += 0.5 * p[i] * log2(p[i] / m) + 0.5 * q[i] * log2(q[i] / m);
    }
    assertEquals(
        Math.sqrt(divergence), DriftStatistics.jensenShannon(p, new long[] {50, 30, 20}), EXACT);
  }

  @Test
  void jensenShannonBounds() {
    assertEquals(
        1.0, DriftStatistics.jensenShannon(new double[] {1, 0}, new long[] {0, 12}), EXACT);
    assertEquals(
        0.0, DriftStatistics.jensenShannon(new double[] {0.25, 0.75}, new long[] {1, 3}), EXACT);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  // ---- chi-squared ----

  @Test
  void chiSquaredMatchesPearsonsFormulaAndCommonsMath() {
    double[] shares = {0.1, 0.2, 0.3, 0.4};
    long[] live = {15, 25, 30, 30};
    double expected =
        (15 - 10) * (15 - 10) / 10.0
            + (25 - 20) * (25 - 20) / 20.0
            + 0.0
            + (30 - 40) * (30 - 40) / 40.0;
    assertEquals(expected, DriftStatistics.chiSquared(shares, live), EXACT);
    assertEquals(
        new ChiSquareTest().chiSquare(shares, live),
        DriftStatistics.chiSquared(shares, live),
        1e-9);
    assertEquals(3, DriftStatistics.chiSquaredDegreesOfFreedom(shares, live));
  }

  @Test
  void chiSquaredGivesAFlooredExpectationToACategoryUnseenInTraining() {
    double[] shares = {0.5, 0.5, 0.0, 0.0};
    long[] live = {45, 45, 10, 0};
    double sum = 1.0 + 1e-4;
    double e0 = 100 * 0.5 / sum;
    double e2 = 100 * 1e-4 / sum;
    double expected = 2 * (45 - e0) * (45 - e0) / e0 + (10 - e2) * (10 - e2) / e2;
    assertEquals(expected, DriftStatistics.chiSquared(shares, live), 1e-9);
    // the fourth bin is empty on both sides and does not count
    assertEquals(2, DriftStatistics.chiSquaredDegreesOfFreedom(shares, live));
  }

  @Test
  void chiSquaredPValueMatchesCommonsMath() {
    for (int df : new int[] {1, 2, 3, 5, 10, 30, 100}) {
      ChiSquaredDistribution distribution = new ChiSquaredDistribution(df);
      for (double x : new double[] {0.01, 0.5, 1, 2.5, 5, 10, 20, 50, 120, 300}) {
        double expected = Gamma.regularizedGammaQ(df / 2.0, x / 2.0, 1e-15, 100_000);
        double actual = DriftStatistics.chiSquaredPValue(x, df);
        assertEquals(
            1 - distribution.cumulativeProbability(x), actual, 1e-10, "x=" + x + " df=" + df);
        // tiny p-values must be right relative to their size, not only absolutely
        assertEquals(expected, actual, Math.max(1e-12, expected * 1e-9), "x=" + x + " df=" + df);
      }
    }
  }

  @Test
  void chiSquaredPValueEdgeCases() {
    assertEquals(1.0, DriftStatistics.chiSquaredPValue(0.0, 4), EXACT);
    assertEquals(1.0, DriftStatistics.chiSquaredPValue(0.0, 0), EXACT);
    assertEquals(0.0, DriftStatistics.chiSquaredPValue(Double.POSITIVE_INFINITY, 4), EXACT);
    assertTrue(Double.isNaN(DriftStatistics.chiSquaredPValue(Double.NaN, 4)));
    assertThrows(IllegalArgumentException.class, () -> DriftStatistics.chiSquaredPValue(-1, 4));
    assertThrows(IllegalArgumentException.class, () -> DriftStatistics.chiSquaredPValue(1, -1));
  }

  @Test
  void logGammaMatchesCommonsMath() {
    for (double x : new double[] {0.1, 0.5, 1, 1.5, 2, 7.25, 30, 171.5, 1e4}) {
      double expected = Gamma.logGamma(x);
      assertEquals(
          expected,
          DriftStatistics.logGamma(x),
          Math.max(1e-13, Math.abs(expected) * 1e-13),
          "x=" + x);
    }
  }

  // ---- edge cases shared by all statistics ----

  @Test
  void singleBinShowsNoDrift() {
    double[] one = {1.0};
    long[] live = {42};
    assertEquals(0.0, DriftStatistics.psi(one, live), EXACT);
    assertEquals(0.0, DriftStatistics.ks(one, live), EXACT);
    assertEquals(0.0, DriftStatistics.jensenShannon(one, live), EXACT);
    assertEquals(0.0, DriftStatistics.chiSquared(one, live), EXACT);
    assertEquals(0, DriftStatistics.chiSquaredDegreesOfFreedom(one, live));
  }

  @Test
  void allLiveValuesInOneBin() {
    double[] shares = {0.25, 0.25, 0.25, 0.25};
    long[] live = {0, 0, 0, 80};
    assertEquals(0.75, DriftStatistics.ks(shares, live), EXACT);
    double chi2 = 3 * (0 - 20) * (0 - 20) / 20.0 + (80 - 20) * (80 - 20) / 20.0;
    assertEquals(chi2, DriftStatistics.chiSquared(shares, live), EXACT);
    double sum = 3e-4 + 1;
    double psi =
        3 * (1e-4 / sum - 0.25) * Math.log(1e-4 / sum / 0.25)
            + (1 / sum - 0.25) * Math.log(1 / sum / 0.25);
    assertEquals(psi, DriftStatistics.psi(shares, live), EXACT);
    // P = quarters, Q = (0,0,0,1), M = (1/8,1/8,1/8,5/8)
    double js =
        0.5 * (3 * 0.25 * log2(0.25 / 0.125) + 0.25 * log2(0.25 / 0.625)) + 0.5 * log2(1 / 0.625);
    assertEquals(Math.sqrt(js), DriftStatistics.jensenShannon(shares, live), EXACT);
  }

  @Test
  void zeroLiveSamplesGiveNaN() {
    double[] shares = {0.5, 0.5};
    long[] none = {0, 0};
    assertTrue(Double.isNaN(DriftStatistics.psi(shares, none)));
    assertTrue(Double.isNaN(DriftStatistics.ks(shares, none)));
    assertTrue(Double.isNaN(DriftStatistics.jensenShannon(shares, none)));
    assertTrue(Double.isNaN(DriftStatistics.chiSquared(shares, none)));
  }

  @Test
  void invalidInputsAreRejectedWithTheBinNamed() {
    long[] live = {1, 2};
    IllegalArgumentException mismatch =
        assertThrows(
            IllegalArgumentException.class,
            () -> DriftStatistics.psi(new double[] {0.2, 0.3, 0.5}, live));
    assertEquals(
        "baseline has 3 bins but live counts have 2; both must be recorded on the same"
            + " bin edges",
        mismatch.getMessage());
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> DriftStatistics.ks(new double[] {Double.NaN, 1}, live));
    assertEquals("baseline share of bin 0 must be finite and >= 0, got NaN", nan.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> DriftStatistics.jensenShannon(new double[] {0.5, Double.POSITIVE_INFINITY}, live));
    assertThrows(
        IllegalArgumentException.class,
        () -> DriftStatistics.chiSquared(new double[] {-0.5, 1.5}, live));
    assertThrows(
        IllegalArgumentException.class,
        () -> DriftStatistics.psi(new double[] {0.5, 0.5}, new long[] {1, -1}));
    assertThrows(
        IllegalArgumentException.class, () -> DriftStatistics.psi(new double[0], new long[0]));
    assertThrows(
        IllegalArgumentException.class, () -> DriftStatistics.psi(new double[] {0, 0}, live));
    assertThrows(
        IllegalArgumentException.class,
        () -> DriftStatistics.chiSquaredDegreesOfFreedom(new double[] {1}, live));
  }
}
