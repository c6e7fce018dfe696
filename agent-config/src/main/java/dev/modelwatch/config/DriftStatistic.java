package dev.modelwatch.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The drift statistics: their names (in the config, the {@code statistic} label and the page),
 * whether a config may list them, whether they are effect sizes with drift and warning thresholds,
 * and their default thresholds. Everything that names a statistic (the config's lists and defaults,
 * the drift computation, the verdict) reads it from here.
 */
public enum DriftStatistic {
  /** Population Stability Index; an effect size; may be listed. */
  PSI("psi", true, true, 0.25, 0.1),
  /** Kolmogorov-Smirnov; an effect size and, on numeric columns, the test; may be listed. */
  KS("ks", true, true, 0.2, 0.13),
  /** Jensen-Shannon distance; an effect size; may be listed. */
  JS("js", true, true, 0.2, 0.13),
  /** Chi-squared; a test (always on categorical columns); may be listed for numeric ones. */
  CHI2("chi2", true, false, Double.NaN, Double.NaN),
  /** Cram&eacute;r's V; the effect size of categorical columns, always computed for them. */
  CRAMERS_V("cramers_v", false, true, 0.3, 0.1),
  /**
   * Cosine distance of an embedding window's mean vector from the baseline's mean: see
   * docs/unstructured-inputs.md, Embeddings, for where its thresholds come from.
   */
  COSINE("cosine", false, true, 0.1, 0.05);

  /** Name of the p-value threshold a test must fall below. */
  public static final String PVALUE = "pvalue";

  /** Suffix of a warning threshold's name. */
  public static final String WARNING_SUFFIX = "_warning";

  private static final List<String> LISTABLE = names(true, false);
  private static final List<String> EFFECT_SIZES = names(false, true);

  private final String label;
  private final boolean listable;
  private final boolean effectSize;
  private final double defaultDrift;
  private final double defaultWarning;

  DriftStatistic(
      String label,
      boolean listable,
      boolean effectSize,
      double defaultDrift,
      double defaultWarning) {
    this.label = label;
    this.listable = listable;
    this.effectSize = effectSize;
    this.defaultDrift = defaultDrift;
    this.defaultWarning = defaultWarning;
  }

  /** The name in the config, the {@code statistic} label and the page. */
  public String label() {
    return label;
  }

  /** Whether it has drift and warning thresholds ({@code <label>}, {@code <label>_warning}). */
  public boolean effectSize() {
    return effectSize;
  }

  /** Name of its warning threshold; only for effect sizes. */
  public String warningName() {
    return label + WARNING_SUFFIX;
  }

  double defaultDrift() {
    return defaultDrift;
  }

  double defaultWarning() {
    return defaultWarning;
  }

  /** The statistic named {@code label}, or null. */
  public static DriftStatistic of(String label) {
    for (DriftStatistic statistic : values()) {
      if (statistic.label.equals(label)) {
        return statistic;
      }
    }
    return null;
  }

  /** Names a config may list under {@code statistics}. */
  static List<String> listable() {
    return LISTABLE;
  }

  /** Names of the effect sizes. */
  static List<String> effectSizes() {
    return EFFECT_SIZES;
  }

  private static List<String> names(boolean listable, boolean effectSize) {
    List<String> names = new ArrayList<>();
    for (DriftStatistic statistic : values()) {
      if ((!listable || statistic.listable) && (!effectSize || statistic.effectSize)) {
        names.add(statistic.label);
      }
    }
    return Collections.unmodifiableList(names);
  }
}
