package dev.modelwatch.agent.page;

/**
 * How a feature or output compares with its baseline, worst first. The tiers are those of the
 * shipped alert rules: any statistic above its configured threshold is drift (critical); PSI above
 * 40% of its threshold is a warning. KS and JS have no warning tier: at 40% of their thresholds
 * they are within sampling noise for windows of a few thousand rows.
 */
public enum ColumnStatus {
  DRIFT("drift"),
  WARNING("warning"),
  OK("ok"),
  /** Compared with a baseline, but the window holds fewer than {@code min_samples} values. */
  PENDING("pending"),
  /** No baseline for this column: recorded, not compared. */
  NO_BASELINE("no-baseline");

  /** The share of the PSI threshold above which PSI is a warning (as in the alert rules). */
  static final double WARNING_SHARE = 0.4;

  private final String text;

  ColumnStatus(String text) {
    this.text = text;
  }

  /** The lower-case name used in the page's data attributes and the JSON. */
  public String text() {
    return text;
  }

  /**
   * The status of one statistic: {@code psi}, {@code ks} and {@code js} against their thresholds;
   * statistics without a threshold ({@code chi2}) are judged by their p-value only, so OK here.
   */
  static ColumnStatus ofStatistic(String statistic, double value, Double threshold) {
    if (threshold == null || Double.isNaN(value)) {
      return OK;
    }
    if (value > threshold) {
      return DRIFT;
    }
    return "psi".equals(statistic) && value > WARNING_SHARE * threshold ? WARNING : OK;
  }
}
