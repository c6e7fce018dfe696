package dev.modelwatch.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How drift against the baseline is computed: a sliding window cut into slices, statistics and
 * their alert thresholds.
 */
public final class DriftConfig {
  /**
   * Statistics that may be listed ({@link DriftStatistic}); chi2 is always used for categorical
   * features.
   */
  public static final List<String> STATISTICS = DriftStatistic.listable();

  /**
   * Keys of {@link #thresholds()}: the drift level of each effect size ({@code psi}, {@code ks},
   * {@code js}, {@code cramers_v}, {@code cosine}), the p-value a test must fall below ({@code
   * pvalue}), and the warning level of each effect size ({@code psi_warning}, ...). A column drifts
   * when its test rejects at {@code pvalue} and an effect size reaches its drift level; it warns
   * when the test rejects and an effect size reaches its warning level only.
   */
  public static final List<String> THRESHOLD_NAMES = thresholdNames();

  /**
   * Effect sizes with a drift and a warning threshold ({@code <name>} and {@code <name>_warning}).
   */
  public static final List<String> EFFECT_SIZES = DriftStatistic.effectSizes();

  /** Suffix of a warning threshold's name. */
  public static final String WARNING_SUFFIX = DriftStatistic.WARNING_SUFFIX;

  static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
  static final int DEFAULT_SLICES = 12;

  /**
   * Default {@code min_samples}; public so that tests can compare the shipped alert rules with it.
   */
  public static final long DEFAULT_MIN_SAMPLES = 100;

  /**
   * The default thresholds (each statistic's from {@link DriftStatistic}; {@code pvalue} 0.01). PSI
   * 0.1 / 0.25: the classic "moderate" / "significant" shift bands (Siddiqi 2006; Yurdakul 2018).
   * Cram&eacute;r's V 0.1 / 0.3: Cohen's (1988) "small" / "medium" effect. KS and JS have no such
   * bands in the literature: theirs are the values they take, on 10 quantile bins, for the normal
   * mean shifts at which PSI reaches 0.1 (0.32 standard deviations: KS 0.127, JS 0.132) and 0.25
   * (0.51 standard deviations: KS 0.20, JS 0.21), so that all three statistics call the same shift
   * alike. Public so that tests can compare the shipped alert rules with them.
   */
  public static final Map<String, Double> DEFAULT_THRESHOLDS = defaultThresholds();

  static final DriftConfig DEFAULTS =
      new DriftConfig(
          DEFAULT_WINDOW,
          DEFAULT_SLICES,
          DEFAULT_MIN_SAMPLES,
          new LinkedHashSet<>(
              List.of(
                  DriftStatistic.PSI.label(),
                  DriftStatistic.KS.label(),
                  DriftStatistic.JS.label())),
          DEFAULT_THRESHOLDS);

  private final Duration window;
  private final int slices;
  private final long minSamples;
  private final Set<String> statistics;
  private final Map<String, Double> thresholds;

  DriftConfig(
      Duration window,
      int slices,
      long minSamples,
      Set<String> statistics,
      Map<String, Double> thresholds) {
    this.window = window;
    this.slices = slices;
    this.minSamples = minSamples;
    this.statistics = Collections.unmodifiableSet(new LinkedHashSet<>(statistics));
    this.thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
  }

  /** Each effect size's drift threshold, {@code pvalue}, then each effect size's warning. */
  private static List<String> thresholdNames() {
    List<String> names = new ArrayList<>(DriftStatistic.effectSizes());
    names.add(DriftStatistic.PVALUE);
    for (String effect : DriftStatistic.effectSizes()) {
      names.add(effect + WARNING_SUFFIX);
    }
    return Collections.unmodifiableList(names);
  }

  private static Map<String, Double> defaultThresholds() {
    Map<String, Double> thresholds = new LinkedHashMap<>();
    for (DriftStatistic statistic : DriftStatistic.values()) {
      if (statistic.effectSize()) {
        thresholds.put(statistic.label(), statistic.defaultDrift());
      }
    }
    thresholds.put(DriftStatistic.PVALUE, 0.01);
    for (DriftStatistic statistic : DriftStatistic.values()) {
      if (statistic.effectSize()) {
        thresholds.put(statistic.warningName(), statistic.defaultWarning());
      }
    }
    return Collections.unmodifiableMap(thresholds);
  }

  /** Length of the sliding window live data is compared over. */
  public Duration window() {
    return window;
  }

  /** Number of slices the window is cut into; the window advances one slice at a time. */
  public int slices() {
    return slices;
  }

  /** Fewer samples than this in the window: no drift value is reported. */
  public long minSamples() {
    return minSamples;
  }

  /**
   * Statistics computed for numeric features, in the order listed; a subset of {@link #STATISTICS}.
   */
  public Set<String> statistics() {
    return statistics;
  }

  /**
   * Threshold of one of {@link #THRESHOLD_NAMES}.
   *
   * @throws IllegalArgumentException for any other name
   */
  public double threshold(String statistic) {
    Double value = thresholds.get(statistic);
    if (value == null) {
      throw new IllegalArgumentException(
          "no threshold named '" + statistic + "'; known: " + THRESHOLD_NAMES);
    }
    return value;
  }

  /** Every threshold of {@link #THRESHOLD_NAMES}, in that order, defaults filled in. */
  public Map<String, Double> thresholds() {
    return thresholds;
  }

  @Override
  public String toString() {
    return "DriftConfig{window="
        + Durations.format(window)
        + ", slices="
        + slices
        + ", minSamples="
        + minSamples
        + ", statistics="
        + statistics
        + ", thresholds="
        + thresholds
        + '}';
  }
}
