package dev.modelwatch.agent.library;

import dev.modelwatch.agent.baseline.ModelBaseline;
import dev.modelwatch.agent.record.Column;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericHistogram;
import dev.modelwatch.config.baseline.BaselineProfile;
import dev.modelwatch.config.baseline.NumericDistribution;
import dev.modelwatch.extension.FeatureStatistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A baseline for a model without a baseline file, from the training statistics its library keeps
 * (mean, variance and range of each numeric feature): each feature's expected share per bucket of
 * its live histogram, under a normal distribution truncated to the training range. Coarse (a normal
 * approximation), but it turns drift on for a model that ships no baseline.
 */
public final class CoarseBaseline {
  private final ModelBaseline baseline;
  private final List<String> features;

  private CoarseBaseline(ModelBaseline baseline, List<String> features) {
    this.baseline = baseline;
    this.features = features;
  }

  /**
   * The coarse baseline of every configured numeric feature with statistics, or null when there is
   * none.
   *
   * @param source what the statistics are, for the baseline's {@code source}
   */
  static CoarseBaseline of(
      ModelMonitor model, Map<String, FeatureStatistics> statistics, String source) {
    BaselineProfile.Builder profile = BaselineProfile.builder(model.name()).source(source);
    List<String> names = new ArrayList<>();
    long rows = 0;
    for (Column feature : model.features()) {
      if (feature.kind() != Column.Kind.NUMERIC) {
        continue;
      }
      NumericHistogram histogram = feature.values();
      FeatureStatistics stats = statistics.get(histogram.name());
      if (stats == null || Double.isNaN(stats.mean())) {
        continue;
      }
      double[] upper = histogram.upperBounds();
      double[] bounds = Arrays.copyOf(upper, upper.length - 1);
      double sd = Math.sqrt(stats.variance());
      long count = stats.rows() > 0 ? stats.rows() : stats.count();
      profile.numericFeature(
          histogram.name(),
          new NumericDistribution(
              bounds,
              shares(bounds, stats),
              stats.min(),
              stats.max(),
              stats.mean(),
              Double.isNaN(sd) ? 0 : sd,
              0,
              count));
      names.add(histogram.name());
      rows = Math.max(rows, count);
    }
    if (names.isEmpty()) {
      return null;
    }
    ModelBaseline baseline = ModelBaseline.match(model.config(), profile.rows(rows).build(), null);
    return new CoarseBaseline(baseline, Collections.unmodifiableList(names));
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
   * the last one up to +Inf. Rows that left the feature out hold 0.
   *
   * @param bounds finite, strictly increasing upper bounds
   */
  public static double[] shares(double[] bounds, FeatureStatistics stats) {
    double[] shares = new double[bounds.length + 1];
    double explicit = stats.explicitShare();
    if (explicit < 1) {
      shares[bin(bounds, 0)] += 1 - explicit;
    }
    if (explicit <= 0) {
      return shares;
    }
    double mean = stats.mean();
    double sd = Math.sqrt(stats.variance());
    double lo = Double.isNaN(stats.valuesMin()) ? Double.NEGATIVE_INFINITY : stats.valuesMin();
    double hi = Double.isNaN(stats.valuesMax()) ? Double.POSITIVE_INFINITY : stats.valuesMax();
    double cdfLo = cdf(lo, mean, sd);
    double mass = cdf(hi, mean, sd) - cdfLo;
    if (!(sd > 0) || !(mass > 0)) {
      // no spread (a constant, or one training value), or no mass inside the range: one point
      shares[bin(bounds, Math.max(lo, Math.min(hi, mean)))] += explicit;
      return shares;
    }
    double below = 0; // mass up to the previous bound
    for (int i = 0; i < bounds.length; i++) {
      double upTo = (cdf(Math.max(lo, Math.min(hi, bounds[i])), mean, sd) - cdfLo) / mass;
      shares[i] += explicit * (upTo - below);
      below = upTo;
    }
    shares[bounds.length] += explicit * (1 - below);
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
