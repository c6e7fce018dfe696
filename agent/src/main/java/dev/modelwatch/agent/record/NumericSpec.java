package dev.modelwatch.agent.record;

import java.util.List;

/**
 * Bucket bounds and training range of one numeric feature or output, or, for a discovered feature
 * nothing tells bounds for, bounds still to be learned from its first values ({@link
 * LearnedBounds}).
 */
public final class NumericSpec {
  private final double[] bounds;
  private final double min;
  private final double max;

  /** Neither configured nor known from a baseline or the model: the defaults. */
  private final boolean defaults;

  /**
   * Learned from the first values (see {@link LearnedBounds}): either still to learn, or learned.
   */
  private final boolean learned;

  /**
   * @param min,max the training range; NaN when unknown
   */
  public NumericSpec(double[] bounds, double min, double max) {
    this(bounds, min, max, false, false);
  }

  private NumericSpec(double[] bounds, double min, double max, boolean defaults, boolean learned) {
    this.bounds = bounds.clone();
    this.min = min;
    this.max = max;
    this.defaults = defaults;
    this.learned = learned;
  }

  /** Bounds from the config, else the defaults; no training range. */
  public static NumericSpec of(double[] configured) {
    return configured != null
        ? new NumericSpec(configured, Double.NaN, Double.NaN)
        : new NumericSpec(NumericHistogram.DEFAULT_BOUNDS, Double.NaN, Double.NaN, true, false);
  }

  /**
   * Bounds to be learned from the feature's first values; until then its histogram records nothing.
   */
  static NumericSpec toLearn() {
    return new NumericSpec(NumericHistogram.DEFAULT_BOUNDS, Double.NaN, Double.NaN, false, true);
  }

  /** Bounds learned from the feature's first values. */
  static NumericSpec learned(double[] bounds) {
    return new NumericSpec(bounds, Double.NaN, Double.NaN, false, true);
  }

  /**
   * True when nothing gave bounds (no config, no baseline, no training statistics): the defaults.
   */
  public boolean isDefault() {
    return defaults;
  }

  /**
   * True when the bounds are (to be) learned from the first values: the histogram keeps a fixed
   * size.
   */
  boolean isLearned() {
    return learned;
  }

  public double[] bounds() {
    return bounds.clone();
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  /**
   * Where the specs of a model's features and outputs come from: config buckets, or a baseline (its
   * bin edges and training range), or any other source of training ranges.
   */
  public interface Source {
    Source CONFIG_ONLY =
        new Source() {
          @Override
          public NumericSpec feature(String name, double[] configured) {
            return of(configured);
          }

          @Override
          public NumericSpec output(String name, double[] configured) {
            return of(configured);
          }
        };

    /**
     * @param configured the feature's buckets from the config, or null
     */
    NumericSpec feature(String name, double[] configured);

    /**
     * @param configured the output's buckets from the config, or null
     */
    NumericSpec output(String name, double[] configured);

    /**
     * Categories of a categorical feature known before any call (the baseline's): they are counted
     * by name from the start and never pushed into {@code __other__} by the cap.
     */
    default List<String> categories(String feature) {
      return List.of();
    }

    /** Classes of a classification output known before any call; see {@link #categories}. */
    default List<String> classes(String output) {
      return List.of();
    }

    /**
     * The baseline's mean vector and centroids of an embedding, by its cluster column's name
     * ({@code <name>.cluster}); null when unknown.
     */
    default dev.modelwatch.config.baseline.EmbeddingCentroids embedding(
        String clusterColumn, boolean output) {
      return null;
    }
  }
}
