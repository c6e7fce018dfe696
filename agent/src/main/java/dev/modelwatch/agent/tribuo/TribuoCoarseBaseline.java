package dev.modelwatch.agent.tribuo;

import dev.modelwatch.agent.baseline.ModelBaseline;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericHistogram;
import dev.modelwatch.config.baseline.BaselineProfile;
import dev.modelwatch.config.baseline.NumericDistribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A baseline built from a Tribuo model's training statistics when no baseline file exists. Tribuo
 * keeps only count, mean, variance, min and max per feature, so the training distribution is
 * assumed to be: with the share of examples in which the feature was non-zero, a normal
 * distribution of that mean and variance truncated to the non-zero values' [min, max]; with the
 * rest, exactly zero (Tribuo's features are sparse, its statistics skip zeros). Each bin of the
 * live histogram (its bounds fixed at start-up) gets this distribution's probability mass, so live
 * counts and expected shares use the same bins. Coarse: a skewed or multi-modal feature is
 * compared with a bell, which {@code baseline} command's exact shares do not suffer from.
 */
public final class TribuoCoarseBaseline {
  private final ModelBaseline baseline;
  private final List<String> features;

  private TribuoCoarseBaseline(ModelBaseline baseline, List<String> features) {
    this.baseline = baseline;
    this.features = features;
  }

  /**
   * The coarse baseline of every configured numeric feature the model has statistics of, or null
   * when there is none.
   */
  static TribuoCoarseBaseline of(ModelMonitor model, TribuoTrainingRanges ranges) {
    BaselineProfile.Builder profile = BaselineProfile.builder(model.name())
        .source("training statistics of Tribuo model " + ranges.modelClass());
    List<String> names = new ArrayList<>();
    long rows = 0;
    for (NumericHistogram histogram : model.numericFeatures()) {
      if (histogram == null) {
        continue;
      }
      TribuoTrainingRanges.FeatureStats stats = ranges.stats(histogram.name());
      if (stats == null || Double.isNaN(stats.mean)) {
        continue;
      }
      double[] upper = histogram.upperBounds();
      double[] bounds = Arrays.copyOf(upper, upper.length - 1);
      double sd = Math.sqrt(stats.variance);
      long count = stats.examples > 0 ? stats.examples : stats.count;
      profile.numericFeature(histogram.name(), new NumericDistribution(bounds, shares(bounds, stats),
          stats.min, stats.max, stats.mean, Double.isNaN(sd) ? 0 : sd, 0, count));
      names.add(histogram.name());
      rows = Math.max(rows, count);
    }
    if (names.isEmpty()) {
      return null;
    }
    ModelBaseline baseline = ModelBaseline.match(model.config(), profile.rows(rows).build(), null);
    return new TribuoCoarseBaseline(baseline, Collections.unmodifiableList(names));
  }

  /** Matched against the model's config: its numeric features with statistics, nothing else. */
  public ModelBaseline baseline() {
    return baseline;
  }

  /** The features it covers, in config order. */
  public List<String> features() {
    return features;
  }

  /**
   * Expected share of each bin: {@code bounds.length + 1} bins, bin i holding (bounds[i-1],
   * bounds[i]] as the live histogram counts them (a value on a bound belongs to the bin it ends),
   * the last one up to +Inf.
   *
   * @param bounds finite, strictly increasing upper bounds
   */
  public static double[] shares(double[] bounds, TribuoTrainingRanges.FeatureStats stats) {
    double[] shares = new double[bounds.length + 1];
    double nonZero = stats.nonZeroShare();
    if (nonZero < 1) {
      shares[bin(bounds, 0)] += 1 - nonZero;
    }
    if (nonZero <= 0) {
      return shares;
    }
    double mean = stats.mean;
    double sd = Math.sqrt(stats.variance);
    double lo = Double.isNaN(stats.nonZeroMin) ? Double.NEGATIVE_INFINITY : stats.nonZeroMin;
    double hi = Double.isNaN(stats.nonZeroMax) ? Double.POSITIVE_INFINITY : stats.nonZeroMax;
    double cdfLo = cdf(lo, mean, sd);
    double mass = cdf(hi, mean, sd) - cdfLo;
    if (!(sd > 0) || !(mass > 0)) {
      // no spread (a constant, or one training value), or no mass inside the range: one point
      shares[bin(bounds, Math.max(lo, Math.min(hi, mean)))] += nonZero;
      return shares;
    }
    double below = 0; // mass up to the previous bound
    for (int i = 0; i < bounds.length; i++) {
      double upTo = (cdf(Math.max(lo, Math.min(hi, bounds[i])), mean, sd) - cdfLo) / mass;
      shares[i] += nonZero * (upTo - below);
      below = upTo;
    }
    shares[bounds.length] += nonZero * (1 - below);
    return shares;
  }

  /** The live histogram's bin of {@code value} (see {@link NumericHistogram#record}). */
  private static int bin(double[] bounds, double value) {
    int i = Arrays.binarySearch(bounds, value);
    return i < 0 ? -i - 1 : i;
  }

  /** Normal cumulative distribution; exact at the infinities. */
  static double cdf(double x, double mean, double sd) {
    if (x == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return 1;
    }
    return 0.5 * erfc(-(x - mean) / (sd * Math.sqrt(2)));
  }

  /**
   * Complementary error function, Chebyshev fit with fractional error below 1.2e-7 everywhere
   * (Press et al., Numerical Recipes, 6.2): ample for bin shares compared at 1e-4.
   */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
