package dev.modelwatch.config;

import java.time.Duration;

/**
 * Ground truth for a model: how long predictions wait for their labels, how many may wait, the
 * evaluation window, and optionally the application's own method that reports outcomes.
 */
public final class FeedbackConfig {
  static final Duration DEFAULT_TTL = Duration.ofHours(24);
  static final int DEFAULT_MAX_PENDING = 100_000;
  static final int MAX_PENDING_LIMIT = 10_000_000;
  static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

  /**
   * Below about 100 labels an accuracy moves by several points from chance alone (sd 4 points at
   * 80%).
   */
  static final long DEFAULT_MIN_SAMPLES = 100;

  static final FeedbackConfig DEFAULTS =
      new FeedbackConfig(
          DEFAULT_TTL, DEFAULT_MAX_PENDING, DEFAULT_WINDOW, DEFAULT_MIN_SAMPLES, null);

  private final Duration ttl;
  private final int maxPending;
  private final Duration window;
  private final long minSamples;
  private final OutcomeMethod method;

  FeedbackConfig(
      Duration ttl, int maxPending, Duration window, long minSamples, OutcomeMethod method) {
    this.ttl = ttl;
    this.maxPending = maxPending;
    this.window = window;
    this.minSamples = minSamples;
    this.method = method;
  }

  /**
   * The settings a model gets from {@code feedback: {}}: also the window and minimum sample count
   * of what is estimated without labels, for models that take none.
   */
  public static FeedbackConfig defaults() {
    return DEFAULTS;
  }

  /** How long a prediction waits for its label before it is counted as expired. */
  public Duration ttl() {
    return ttl;
  }

  /** Most predictions kept waiting; beyond it the oldest is dropped (and counted). */
  public int maxPending() {
    return maxPending;
  }

  /** Evaluation metrics cover the labels matched within this long. */
  public Duration window() {
    return window;
  }

  /** Fewer matched labels than this in the window: no evaluation metric is reported. */
  public long minSamples() {
    return minSamples;
  }

  /**
   * The application's outcome method to intercept, or null when labels come only from {@code POST
   * /feedback}.
   */
  public OutcomeMethod method() {
    return method;
  }

  @Override
  public String toString() {
    return "FeedbackConfig{ttl="
        + Durations.format(ttl)
        + ", maxPending="
        + maxPending
        + ", window="
        + Durations.format(window)
        + ", minSamples="
        + minSamples
        + ", method="
        + method
        + '}';
  }

  /**
   * {@code method: {class, method, id_argument, label_argument}}: a call of it reports one label.
   */
  public static final class OutcomeMethod {
    private final String className;
    private final String method;
    private final int idArgument;
    private final int labelArgument;

    OutcomeMethod(String className, String method, int idArgument, int labelArgument) {
      this.className = className;
      this.method = method;
      this.idArgument = idArgument;
      this.labelArgument = labelArgument;
    }

    /**
     * The class, abstract class or interface declaring the outcome method (subtypes are intercepted
     * too).
     */
    public String className() {
      return className;
    }

    public String method() {
      return method;
    }

    /** Position of the argument holding the prediction id. */
    public int idArgument() {
      return idArgument;
    }

    /** Position of the argument holding the label (a number, or a class as text or number). */
    public int labelArgument() {
      return labelArgument;
    }

    @Override
    public String toString() {
      return "OutcomeMethod{"
          + className
          + '#'
          + method
          + ", idArgument="
          + idArgument
          + ", labelArgument="
          + labelArgument
          + '}';
    }
  }
}
