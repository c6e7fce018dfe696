package dev.modelwatch.agent.drift;

/**
 * Drift statistics between a baseline distribution (shares per bin, from the training data) and
 * live counts on the same bins.
 *
 * <p>Conventions shared by every method:
 *
 * <ul>
 *   <li>{@code baselineShares} and {@code liveCounts} must have the same, non-zero length, or an
 *       {@link IllegalArgumentException} is thrown. Baseline shares must be finite and non-negative
 *       with a positive sum (NaN, infinite or negative shares are rejected with an {@link
 *       IllegalArgumentException} naming the bin); they are divided by their sum, so shares that
 *       sum to 1 only up to rounding are accepted. Live counts must be non-negative.
 *   <li>When the live side has no samples (all counts 0) there is nothing to compare: the statistic
 *       is {@link Double#NaN}, which Prometheus exposes as {@code NaN}.
 *   <li>A bin that is empty in both the baseline and the live counts carries no information and is
 *       ignored.
 *   <li>Empty-bin smoothing, used by {@link #psi} and {@link #chiSquared} where a zero share would
 *       divide by zero: every share below {@link #SHARE_FLOOR} = 1e-4 is raised to 1e-4, and the
 *       distribution is then renormalised to sum to 1 (over the bins not ignored). This is the
 *       usual practice of PSI implementations (replace 0 by 0.0001); it caps the contribution of a
 *       bin that was empty in training at a large but finite value.
 * </ul>
 *
 * <p>The baseline is itself a sample. The p-values are therefore two-sample tests when the baseline
 * records how many values its shares come from ({@code baselineCount}, the {@code count} of a
 * baseline file's column): {@link #ksPValue(double, long, long)} with the effective size {@code n m
 * / (n + m)}, and {@link #chiSquared(double[], long[], long)} as a test of homogeneity on the 2 x k
 * table of baseline and window counts. A baseline count of 0 means the baseline does not say how
 * many values it holds: it is then treated as exact ({@code m} infinite), which gives the
 * one-sample forms {@link #ksPValue(double, long)} and {@link #chiSquared(double[], long[])}, and
 * p-values that are too small for a baseline from few rows.
 *
 * <p>Methods allocate nothing, so they can run on every scrape.
 */
public final class DriftStatistics {

  /** Smallest share used in {@link #psi} and {@link #chiSquared}; see the class comment. */
  public static final double SHARE_FLOOR = 1e-4;

  private static final double LN2 = Math.log(2.0);

  private DriftStatistics() {}

  /**
   * Population Stability Index: {@code sum over bins of (a - e) * ln(a / e)}, where {@code e} is
   * the baseline share and {@code a} the live share of a bin, both smoothed with {@link
   * #SHARE_FLOOR} as described in the class comment. 0 means identical; the common reading is below
   * 0.1 stable, 0.1 to 0.25 moderate shift, above 0.25 significant shift.
   *
   * @return the index, or NaN when the live side has no samples
   */
  public static double psi(double[] baselineShares, long[] liveCounts) {
    double baselineSum = check(baselineShares, liveCounts);
    long n = total(liveCounts);
    if (n == 0) {
      return Double.NaN;
    }
    double flooredBaselineSum = 0;
    double flooredLiveSum = 0;
    for (int i = 0; i < liveCounts.length; i++) {
      if (ignored(baselineShares[i], liveCounts[i])) {
        continue;
      }
      flooredBaselineSum += Math.max(baselineShares[i] / baselineSum, SHARE_FLOOR);
      flooredLiveSum += Math.max((double) liveCounts[i] / n, SHARE_FLOOR);
    }
    double psi = 0;
    for (int i = 0; i < liveCounts.length; i++) {
      if (ignored(baselineShares[i], liveCounts[i])) {
        continue;
      }
      double e = Math.max(baselineShares[i] / baselineSum, SHARE_FLOOR) / flooredBaselineSum;
      double a = Math.max((double) liveCounts[i] / n, SHARE_FLOOR) / flooredLiveSum;
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  /**
   * Kolmogorov-Smirnov statistic on binned distributions: the largest absolute difference between
   * the baseline and live cumulative shares, evaluated at each bin's upper edge. Because values are
   * binned, this is a lower bound of the statistic on the raw values (differences inside a bin are
   * not seen).
   *
   * @return D in [0, 1], or NaN when the live side has no samples
   */
  public static double ks(double[] baselineShares, long[] liveCounts) {
    double baselineSum = check(baselineShares, liveCounts);
    long n = total(liveCounts);
    if (n == 0) {
      return Double.NaN;
    }
    double baselineCumulative = 0;
    long liveCumulative = 0;
    double d = 0;
    // the last bin's cumulative share is 1 on both sides, so it never sets the maximum
    for (int i = 0; i < liveCounts.length - 1; i++) {
      baselineCumulative += baselineShares[i] / baselineSum;
      liveCumulative += liveCounts[i];
      d = Math.max(d, Math.abs(baselineCumulative - (double) liveCumulative / n));
    }
    return Math.min(d, 1.0);
  }

  /**
   * Asymptotic p-value of a one-sample Kolmogorov-Smirnov statistic {@code d} for {@code n} live
   * samples compared with a fixed (baseline) distribution: {@code Q_KS(lambda)} with Stephens'
   * small-sample correction {@code lambda = (sqrt(n) + 0.12 + 0.11 / sqrt(n)) * d}, where {@code
   * Q_KS(x) = 2 * sum_{j>=1} (-1)^(j-1) exp(-2 j^2 x^2)} (Numerical Recipes {@code ksone}/{@code
   * probks}). The baseline is treated as exact: for a baseline that is itself a sample, use {@link
   * #ksPValue(double, long, long)}, of which this is the limit for an infinite baseline count.
   *
   * @return the p-value in [0, 1]; NaN when {@code n == 0} or {@code d} is NaN
   * @throws IllegalArgumentException if {@code d} is outside [0, 1] or {@code n} is negative
   */
  public static double ksPValue(double d, long n) {
    if (n < 0) {
      throw new IllegalArgumentException("sample size must be >= 0, got " + n);
    }
    if (Double.isNaN(d) || n == 0) {
      return Double.NaN;
    }
    if (d < 0 || d > 1) {
      throw new IllegalArgumentException("KS statistic must be in [0, 1], got " + d);
    }
    double sqrtN = Math.sqrt(n);
    return kolmogorovSurvival((sqrtN + 0.12 + 0.11 / sqrtN) * d);
  }

  /**
   * Asymptotic p-value of the two-sample Kolmogorov-Smirnov statistic {@code d} between {@code n}
   * live values and a baseline of {@code baselineCount} values: {@code Q_KS(sqrt(n m / (n + m)) *
   * d)} with {@code m = baselineCount}, the limiting distribution of the two-sample statistic
   * (Smirnov), as in commons-math3's {@code KolmogorovSmirnovTest.approximateP} and R's {@code
   * ks.test} for large samples. No small-sample correction is applied: Stephens' correction, right
   * for one sample, over-corrects when both samples are of similar size (for 1000 vs 1000 values it
   * gives p-values up to 0.0075 below the exact ones, while the uncorrected form stays within
   * 0.0003 of them); uncorrected, the p-value errs on the large side.
   *
   * <p>{@code d} here comes from binned data ({@link #ks}), a lower bound of the statistic on the
   * raw values, so the p-value is conservative: at least the one of the raw values.
   *
   * @param baselineCount the number of values the baseline's shares come from; 0 when the baseline
   *     does not say, which treats it as exact: the one-sample {@link #ksPValue(double, long)}
   * @return the p-value in [0, 1]; NaN when {@code n == 0} or {@code d} is NaN
   * @throws IllegalArgumentException if {@code d} is outside [0, 1] or a size is negative
   */
  public static double ksPValue(double d, long n, long baselineCount) {
    if (baselineCount < 0) {
      throw new IllegalArgumentException("baseline count must be >= 0, got " + baselineCount);
    }
    if (baselineCount == 0) {
      return ksPValue(d, n);
    }
    if (n < 0) {
      throw new IllegalArgumentException("sample size must be >= 0, got " + n);
    }
    if (Double.isNaN(d) || n == 0) {
      return Double.NaN;
    }
    if (d < 0 || d > 1) {
      throw new IllegalArgumentException("KS statistic must be in [0, 1], got " + d);
    }
    return kolmogorovSurvival(Math.sqrt(effectiveSize(n, baselineCount)) * d);
  }

  /**
   * {@code n m / (n + m)}: the size of one sample against an exact distribution that is as
   * informative.
   */
  static double effectiveSize(long n, long m) {
    return (double) n / ((double) n + m) * m;
  }

  /** Q_KS(x) = P(K > x) for the Kolmogorov distribution K. */
  static double kolmogorovSurvival(double x) {
    if (x <= 0) {
      return 1.0;
    }
    if (x < 1.18) {
      // the alternating series converges slowly for small x; use the Jacobi-theta form of the cdf
      double y = Math.exp(-Math.PI * Math.PI / (8 * x * x));
      double cdf =
          Math.sqrt(2 * Math.PI)
              / x
              * (y + Math.pow(y, 9) + Math.pow(y, 25) + Math.pow(y, 49) + Math.pow(y, 81));
      return clamp01(1.0 - cdf);
    }
    double sum = 0;
    double sign = 1;
    for (int j = 1; j <= 100; j++) {
      double term = Math.exp(-2.0 * j * j * x * x);
      sum += sign * term;
      if (term < 1e-17 * sum) {
        break;
      }
      sign = -sign;
    }
    return clamp01(2 * sum);
  }

  /**
   * Jensen-Shannon distance: the square root of the Jensen-Shannon divergence {@code 0.5 KL(P||M) +
   * 0.5 KL(Q||M)} with {@code M = (P + Q) / 2} and logarithms base 2, so it lies in [0, 1] (0
   * identical, 1 disjoint supports). Empty bins need no smoothing: a zero share contributes 0.
   *
   * @return the distance, or NaN when the live side has no samples
   */
  public static double jensenShannon(double[] baselineShares, long[] liveCounts) {
    double baselineSum = check(baselineShares, liveCounts);
    long n = total(liveCounts);
    if (n == 0) {
      return Double.NaN;
    }
    double divergence = 0;
    for (int i = 0; i < liveCounts.length; i++) {
      double p = baselineShares[i] / baselineSum;
      double q = (double) liveCounts[i] / n;
      double m = 0.5 * (p + q);
      if (m == 0) {
        continue;
      }
      // 0.5 p ln(p/m) + 0.5 q ln(q/m) written with d = (p - q) / (p + q), so that p/m = 1 + d and
      // q/m = 1 - d: each bin's term stays >= 0 and near-equal shares give ~d^2 instead of the
      // rounding noise of two opposite logarithms (which the square root would magnify)
      double d = (p - q) / (p + q);
      double f;
      if (Math.abs(d) >= 1) {
        f = 2 * Math.log(2);
      } else {
        f = (1 + d) * Math.log1p(d) + (1 - d) * Math.log1p(-d);
      }
      divergence += 0.5 * m * f;
    }
    divergence /= LN2;
    // rounding can leave a tiny negative divergence for identical distributions
    return Math.sqrt(clamp01(divergence));
  }

  /**
   * Pearson's chi-squared goodness-of-fit statistic {@code sum (O - E)^2 / E} of the live counts
   * against the baseline treated as exact, with {@code E = share * n}. Bins empty on both sides are
   * ignored; a bin with a zero baseline share but live values gets the {@link #SHARE_FLOOR}
   * expected share (shares renormalised), so a category never seen in training raises the statistic
   * sharply but finitely. Use {@link #chiSquaredDegreesOfFreedom} for the matching degrees of
   * freedom. For a baseline that is itself a sample, use {@link #chiSquared(double[], long[],
   * long)}, of which this is the limit for an infinite baseline count.
   *
   * @return the statistic, or NaN when the live side has no samples
   */
  public static double chiSquared(double[] baselineShares, long[] liveCounts) {
    double baselineSum = check(baselineShares, liveCounts);
    long n = total(liveCounts);
    if (n == 0) {
      return Double.NaN;
    }
    double flooredSum = 0;
    for (int i = 0; i < liveCounts.length; i++) {
      if (!ignored(baselineShares[i], liveCounts[i])) {
        flooredSum += Math.max(baselineShares[i] / baselineSum, SHARE_FLOOR);
      }
    }
    double statistic = 0;
    for (int i = 0; i < liveCounts.length; i++) {
      if (ignored(baselineShares[i], liveCounts[i])) {
        continue;
      }
      double expected = n * Math.max(baselineShares[i] / baselineSum, SHARE_FLOOR) / flooredSum;
      double diff = liveCounts[i] - expected;
      statistic += diff * diff / expected;
    }
    return statistic;
  }

  /**
   * Pearson's chi-squared statistic of homogeneity on the 2 x k contingency table of the baseline's
   * counts ({@code share * baselineCount}, shares divided by their sum) and the live counts: {@code
   * sum over both rows and the bins of (O - E)^2 / E}, where {@code E} is the row's total times the
   * bin's total over the grand total. Per bin this is {@code (b n - a m)^2 / (n m (a + b))} for
   * {@code b} baseline and {@code a} live values, {@code m} and {@code n} their totals. Bins empty
   * on both sides are dropped; no smoothing is needed, since a bin empty on one side still has a
   * positive total. Degrees of freedom: {@link #chiSquaredDegreesOfFreedom}, the bins kept minus 1.
   *
   * @param baselineCount the number of values the baseline's shares come from; 0 when the baseline
   *     does not say, which treats it as exact: the goodness-of-fit {@link #chiSquared(double[],
   *     long[])}
   * @return the statistic, or NaN when the live side has no samples
   */
  public static double chiSquared(double[] baselineShares, long[] liveCounts, long baselineCount) {
    if (baselineCount < 0) {
      throw new IllegalArgumentException("baseline count must be >= 0, got " + baselineCount);
    }
    if (baselineCount == 0) {
      return chiSquared(baselineShares, liveCounts);
    }
    double baselineSum = check(baselineShares, liveCounts);
    long n = total(liveCounts);
    if (n == 0) {
      return Double.NaN;
    }
    double m = baselineCount;
    double statistic = 0;
    for (int i = 0; i < liveCounts.length; i++) {
      if (ignored(baselineShares[i], liveCounts[i])) {
        continue;
      }
      double b = m * (baselineShares[i] / baselineSum);
      double a = liveCounts[i];
      double diff = b * n - a * m;
      statistic += diff / (n * m) * diff / (a + b);
    }
    return statistic;
  }

  /**
   * Cram&eacute;r's V of the live shares against the baseline's: {@code sqrt(sum_i (a_i - e_i)^2 /
   * e_i / (k - 1))} over the {@code k} bins not ignored, i.e. {@code sqrt(X^2 / (n (k - 1)))} for
   * the goodness-of-fit statistic {@code X^2} of {@link #chiSquared(double[], long[])} (baseline
   * shares smoothed as there). It is Cohen's effect size {@code w} divided by {@code sqrt(k - 1)},
   * so it lies in [0, 1] for shares that are not smoothed, and does not grow with the sample size:
   * an effect size, where the chi-squared p-value says whether the difference is real. Cohen (1988)
   * reads 0.1 as small, 0.3 as medium and 0.5 as large.
   *
   * @return V, 0 for a single bin, or NaN when the live side has no samples
   */
  public static double cramersV(double[] baselineShares, long[] liveCounts) {
    double statistic = chiSquared(baselineShares, liveCounts);
    if (Double.isNaN(statistic)) {
      return Double.NaN;
    }
    int degreesOfFreedom = chiSquaredDegreesOfFreedom(baselineShares, liveCounts);
    if (degreesOfFreedom == 0) {
      return 0;
    }
    return Math.sqrt(statistic / ((double) total(liveCounts) * degreesOfFreedom));
  }

  /**
   * Degrees of freedom for either {@code chiSquared} on the same inputs: the number of bins not
   * ignored (not empty on both sides) minus 1.
   */
  public static int chiSquaredDegreesOfFreedom(double[] baselineShares, long[] liveCounts) {
    check(baselineShares, liveCounts);
    int bins = 0;
    for (int i = 0; i < liveCounts.length; i++) {
      if (!ignored(baselineShares[i], liveCounts[i])) {
        bins++;
      }
    }
    return Math.max(bins - 1, 0);
  }

  /**
   * Upper-tail p-value of a chi-squared statistic: {@code Q(k/2, x/2)}, the regularized upper
   * incomplete gamma function, computed by its series for {@code x < a + 1} and by its continued
   * fraction (modified Lentz) otherwise, as in Numerical Recipes {@code gammq}.
   *
   * @param degreesOfFreedom 0 means a single bin, where the distributions cannot differ: the
   *     p-value is then 1
   * @return the p-value in [0, 1]; NaN when {@code statistic} is NaN
   * @throws IllegalArgumentException if {@code statistic} or {@code degreesOfFreedom} is negative
   */
  public static double chiSquaredPValue(double statistic, int degreesOfFreedom) {
    if (degreesOfFreedom < 0) {
      throw new IllegalArgumentException(
          "degrees of freedom must be >= 0, got " + degreesOfFreedom);
    }
    if (Double.isNaN(statistic)) {
      return Double.NaN;
    }
    if (statistic < 0) {
      throw new IllegalArgumentException("chi-squared statistic must be >= 0, got " + statistic);
    }
    if (degreesOfFreedom == 0 || statistic == 0) {
      return 1.0;
    }
    if (statistic == Double.POSITIVE_INFINITY) {
      return 0.0;
    }
    return regularizedGammaQ(degreesOfFreedom / 2.0, statistic / 2.0);
  }

  /** Q(a, x) = Gamma(a, x) / Gamma(a) for a > 0, x >= 0. */
  static double regularizedGammaQ(double a, double x) {
    if (x < a + 1) {
      return clamp01(1.0 - gammaSeries(a, x));
    }
    return clamp01(gammaContinuedFraction(a, x));
  }

  /** P(a, x) by its power series; converges quickly for x < a + 1. */
  private static double gammaSeries(double a, double x) {
    double ap = a;
    double term = 1.0 / a;
    double sum = term;
    for (int i = 0; i < 10_000; i++) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) {
        break;
      }
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }

  /** Q(a, x) by its continued fraction (modified Lentz); converges quickly for x >= a + 1. */
  private static double gammaContinuedFraction(double a, double x) {
    final double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) {
        d = tiny;
      }
      c = b + an / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  }

  private static final double[] LANCZOS = {
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7
  };

  /** ln Gamma(x) for x > 0 by the Lanczos approximation (g = 7, 9 terms; ~1e-15 relative). */
  static double logGamma(double x) {
    if (x < 0.5) {
      // reflection keeps the approximation in its accurate range
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double z = x - 1;
    double sum = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (z + i);
    }
    double t = z + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }

  private static boolean ignored(double baselineShare, long liveCount) {
    return baselineShare == 0 && liveCount == 0;
  }

  /** Validates the inputs and returns the sum of the baseline shares. */
  private static double check(double[] baselineShares, long[] liveCounts) {
    if (baselineShares == null || liveCounts == null) {
      throw new IllegalArgumentException("baseline shares and live counts must not be null");
    }
    if (baselineShares.length != liveCounts.length) {
      throw new IllegalArgumentException(
          "baseline has "
              + baselineShares.length
              + " bins but live counts have "
              + liveCounts.length
              + "; both must be recorded on the same bin edges");
    }
    if (baselineShares.length == 0) {
      throw new IllegalArgumentException("at least one bin is required");
    }
    double sum = 0;
    for (int i = 0; i < baselineShares.length; i++) {
      double share = baselineShares[i];
      if (!(share >= 0) || share == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException(
            "baseline share of bin " + i + " must be finite and >= 0, got " + share);
      }
      if (liveCounts[i] < 0) {
        throw new IllegalArgumentException(
            "live count of bin " + i + " must be >= 0, got " + liveCounts[i]);
      }
      sum += share;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("baseline shares sum to 0; the baseline has no data");
    }
    return sum;
  }

  private static long total(long[] counts) {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  private static double clamp01(double v) {
    return v < 0 ? 0 : (v > 1 ? 1 : v);
  }

  /**
   * The cosine distance {@code 1 - a.b / (|a| |b|)} of two vectors, in [0, 2]: 0 for the same
   * direction, whatever the lengths; NaN when either is zero. The window's mean vector of an
   * embedding against the baseline's mean ({@code cosine}).
   */
  public static double cosineDistance(double[] a, double[] b) {
    double dot = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    if (aa == 0 || bb == 0) {
      return Double.NaN;
    }
    return Math.max(0, 1 - dot / Math.sqrt(aa * bb));
  }
}
