package dev.modelwatch.config;

/**
 * Caps on label values that come from data (beyond them values are counted as {@code __other__}),
 * and on the features a model's input may bring when they are discovered rather than listed.
 */
public final class Limits {
  public static final int DEFAULT = 20;
  public static final int MAX = 1000;

  /** Discovered features recorded per model, by default. */
  public static final int DEFAULT_FEATURES = 200;

  public static final int MAX_FEATURES = 10_000;

  static final Limits DEFAULTS = new Limits(DEFAULT, DEFAULT, DEFAULT, DEFAULT_FEATURES);

  private final int categories;
  private final int classes;
  private final int exceptions;
  private final int features;

  Limits(int categories, int classes, int exceptions) {
    this(categories, classes, exceptions, DEFAULT_FEATURES);
  }

  Limits(int categories, int classes, int exceptions, int features) {
    this.categories = categories;
    this.classes = classes;
    this.exceptions = exceptions;
    this.features = features;
  }

  /** Distinct values kept per categorical feature. */
  public int categories() {
    return categories;
  }

  /** Predicted classes kept per output. */
  public int classes() {
    return classes;
  }

  /** Exception class names kept per model. */
  public int exceptions() {
    return exceptions;
  }

  /**
   * Features recorded per model when they are discovered from the model rather than listed: the
   * first ones.
   */
  public int features() {
    return features;
  }

  @Override
  public String toString() {
    return "Limits{categories="
        + categories
        + ", classes="
        + classes
        + ", exceptions="
        + exceptions
        + ", features="
        + features
        + '}';
  }
}
