package dev.modelwatch.agent.drift;

import java.util.Arrays;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The drift statistics written out from their definitions, independently of {@link
 * DriftStatistics}, for tests to compare the agent's values with.
 */
public final class DriftFormulas {
  private DriftFormulas() {}

  /**
   * PSI with shares below 1e-4 raised to 1e-4 and renormalised; bins empty on both sides dropped.
   */
  public static double psi(double[] baseline, long[] counts) {
    double n = Arrays.stream(counts).sum();
    double[] e = new double[baseline.length];
    double[] a = new double[baseline.length];
    double eSum = 0;
    double aSum = 0;
    for (int i = 0; i < e.length; i++) {
      if (baseline[i] == 0 && counts[i] == 0) {
        continue;
      }
      e[i] = Math.max(baseline[i], 1e-4);
      a[i] = Math.max(counts[i] / n, 1e-4);
      eSum += e[i];
      aSum += a[i];
    }
    double psi = 0;
    for (int i = 0; i < e.length; i++) {
      if (e[i] > 0) {
        psi += (a[i] / aSum - e[i] / eSum) * Math.log((a[i] / aSum) / (e[i] / eSum));
      }
    }
    return psi;
  }

  public static double jensenShannon(double[] baseline, long[] counts) {
    double n = Arrays.stream(counts).sum();
    double divergence = 0;
    for (int i = 0; i < baseline.length; i++) {
      double p = baseline[i];
      double q = counts[i] / n;
      double m = (p + q) / 2;
      if (p > 0) {
        divergence += 0.5 * p * Math.log(p / m) / Math.log(2);
      }
      if (q > 0) {
        divergence += 0.5 * q * Math.log(q / m) / Math.log(2);
      }
    }
    return Math.sqrt(divergence);
  }

  /** Pearson's statistic against an exact baseline, with the same 1e-4 floor on expected shares. */
  public static double chiSquared(double[] baseline, long[] counts) {
    double n = Arrays.stream(counts).sum();
    double sum = 0;
    for (int i = 0; i < baseline.length; i++) {
      if (!(baseline[i] == 0 && counts[i] == 0)) {
        sum += Math.max(baseline[i], 1e-4);
      }
    }
    double x = 0;
    for (int i = 0; i < baseline.length; i++) {
      if (baseline[i] == 0 && counts[i] == 0) {
        continue;
      }
      double expected = n * Math.max(baseline[i], 1e-4) / sum;
      x += (counts[i] - expected) * (counts[i] - expected) / expected;
    }
    return x;
  }

  /**
   * Two-sample KS p-value for {@code n} live and {@code m} baseline values: commons-math3's
   * limiting distribution at {@code sqrt(n m / (n + m)) d}.
   */
  public static double ksPValue(double d, int n, int m) {
    return new KolmogorovSmirnovTest().approximateP(d, n, m);
  }

  /**
   * Two-sample (homogeneity) chi-squared statistic of baseline counts {@code round(share * m)}
   * against the live counts, by commons-math3; bins empty on both sides dropped first, as
   * commons-math3 rejects them. The shares must be whole multiples of {@code 1 / m}.
   */
  public static double chiSquared(double[] baseline, long[] counts, long m) {
    return new ChiSquareTest()
        .chiSquareDataSetsComparison(
            kept(baselineCounts(baseline, m), counts), kept(counts, baselineCounts(baseline, m)));
  }

  /** The p-value of {@link #chiSquared(double[], long[], long)}, by commons-math3. */
  public static double chiSquaredPValue(double[] baseline, long[] counts, long m) {
    return new ChiSquareTest()
        .chiSquareTestDataSetsComparison(
            kept(baselineCounts(baseline, m), counts), kept(counts, baselineCounts(baseline, m)));
  }

  private static long[] baselineCounts(double[] shares, long m) {
    long[] counts = new long[shares.length];
    for (int i = 0; i < shares.length; i++) {
      counts[i] = Math.round(shares[i] * m);
    }
    return counts;
  }

  /** {@code counts} without the bins where both arrays are 0. */
  private static long[] kept(long[] counts, long[] other) {
    return java.util.stream.IntStream.range(0, counts.length)
        .filter(i -> counts[i] > 0 || other[i] > 0)
        .mapToLong(i -> counts[i])
        .toArray();
  }

  /** Asymptotic Kolmogorov p-value with Stephens' correction, from commons-math3's series. */
  public static double ksPValue(double d, long n) {
    double lambda = (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * d;
    return 1 - new KolmogorovSmirnovTest().ksSum(lambda, 1e-20, 100_000);
  }
}
