package dev.modelwatch.agent.drift;

import dev.modelwatch.config.DriftConfig;
import dev.modelwatch.config.DriftStatistic;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether one feature or output drifted: the one rule behind every verdict the agent gives (the
 * page, {@code /api/models}, {@code model_feature_drift_status}, the demo's console), which the
 * shipped alert rules state in PromQL.
 *
 * <p>A difference counts when it is both <em>significant</em> and <em>large enough</em>:
 *
 * <ul>
 *   <li><b>significant</b>: the column's test rejects "same distribution as the baseline" at {@code
 *       thresholds.pvalue}, {@code p < pvalue}. The test is KS for a numeric column ({@code chi2}
 *       when only that is listed) and chi-squared for a categorical one: one test per column, so
 *       that the share of undrifted windows called significant stays at most {@code pvalue};
 *   <li><b>large enough</b>: an effect size reaches its threshold: {@code psi}, {@code ks}, {@code
 *       js} (those computed) for a numeric column, {@code cramers_v} (and {@code psi}, {@code js}
 *       when listed) for a categorical one.
 * </ul>
 *
 * {@link Status#DRIFT} when significant and an effect size reaches its drift threshold ({@code
 * psi}, {@code ks}, ...); {@link Status#WARNING} when significant and an effect size reaches its
 * warning threshold ({@code psi_warning}, ...) but none its drift threshold; {@link Status#OK}
 * otherwise. A column with fewer than {@code min_samples} values in the window gets no verdict
 * ({@link Status#PENDING}).
 */
public final class DriftVerdict {

  /** A column's status, worst first. */
  public enum Status {
    DRIFT("drift", 2),
    WARNING("warning", 1),
    OK("ok", 0),
    /** Compared with a baseline, but the window holds fewer than {@code min_samples} values. */
    PENDING("pending", Double.NaN),
    /** No baseline for this column: recorded, not compared. */
    NO_BASELINE("no-baseline", Double.NaN);

    private final String text;
    private final double gauge;

    Status(String text, double gauge) {
      this.text = text;
      this.gauge = gauge;
    }

    /** The lower-case name used by the page, the JSON and the demo. */
    public String text() {
      return text;
    }

    /**
     * The value of {@code model_feature_drift_status}: 0 ok, 1 warning, 2 drift (NaN: not
     * exported).
     */
    public double gaugeValue() {
      return gauge;
    }

    /** The worse of two statuses. */
    Status worse(Status other) {
      return other.ordinal() < ordinal() ? other : this;
    }
  }

  /** A column with a baseline whose window holds fewer than {@code min_samples} values. */
  public static final DriftVerdict PENDING =
      new DriftVerdict(Status.PENDING, null, Double.NaN, false, 0, Map.of());

  /** A column without a baseline. */
  public static final DriftVerdict NO_BASELINE =
      new DriftVerdict(Status.NO_BASELINE, null, Double.NaN, false, 0, Map.of());

  private final Status status;
  private final String test;
  private final double pvalue;
  private final boolean significant;
  private final double severity;
  private final Map<String, Status> effects;

  private DriftVerdict(
      Status status,
      String test,
      double pvalue,
      boolean significant,
      double severity,
      Map<String, Status> effects) {
    this.status = status;
    this.test = test;
    this.pvalue = pvalue;
    this.significant = significant;
    this.severity = severity;
    this.effects = Collections.unmodifiableMap(effects);
  }

  /**
   * The verdict on one column's statistics.
   *
   * @param categorical true for a categorical feature or classification output
   * @param statistics statistic name to value, as {@link ColumnDrift#statistics()}
   * @param pvalues test name to p-value, as {@link ColumnDrift#pvalues()}
   * @param thresholds every threshold of {@link DriftConfig#THRESHOLD_NAMES}
   */
  public static DriftVerdict of(
      boolean categorical,
      Map<String, Double> statistics,
      Map<String, Double> pvalues,
      Map<String, Double> thresholds) {
    String test = test(categorical, pvalues);
    double p = test == null ? Double.NaN : pvalues.get(test);
    boolean significant = p < thresholds.get(DriftStatistic.PVALUE);
    Status effect = Status.OK;
    double severity = 0;
    Map<String, Status> effects = new LinkedHashMap<>();
    for (Map.Entry<String, Double> s : statistics.entrySet()) {
      if (!DriftConfig.EFFECT_SIZES.contains(s.getKey())) {
        continue;
      }
      Status band = band(s.getKey(), s.getValue(), thresholds);
      effects.put(s.getKey(), band);
      effect = effect.worse(band);
      if (!Double.isNaN(s.getValue())) {
        severity = Math.max(severity, s.getValue() / thresholds.get(s.getKey()));
      }
    }
    return new DriftVerdict(
        significant ? effect : Status.OK, test, p, significant, severity, effects);
  }

  /**
   * The test that decides whether a column's difference is significant: {@code chi2} for a
   * categorical column, {@code ks} for a numeric one ({@code chi2} when KS is not computed); null
   * when none was computed.
   */
  public static String test(boolean categorical, Map<String, Double> pvalues) {
    String ks = DriftStatistic.KS.label();
    String chi2 = DriftStatistic.CHI2.label();
    if (!categorical && pvalues.containsKey(ks)) {
      return ks;
    }
    return pvalues.containsKey(chi2) ? chi2 : null;
  }

  /**
   * Where one effect size stands against its thresholds, whatever the test says: {@link
   * Status#DRIFT} at or above {@code thresholds[statistic]}, {@link Status#WARNING} at or above
   * {@code thresholds[statistic_warning]}, else (and for statistics that are not effect sizes, or
   * NaN) {@link Status#OK}.
   */
  public static Status band(String statistic, double value, Map<String, Double> thresholds) {
    Double drift = thresholds.get(statistic);
    Double warning = thresholds.get(statistic + DriftStatistic.WARNING_SUFFIX);
    if (drift == null || Double.isNaN(value)) {
      return Status.OK;
    }
    if (value >= drift) {
      return Status.DRIFT;
    }
    return warning != null && value >= warning ? Status.WARNING : Status.OK;
  }

  public Status status() {
    return status;
  }

  /**
   * {@code ks} or {@code chi2}: the test judged; null when the column has none (then always OK).
   */
  public String test() {
    return test;
  }

  /** The p-value of {@link #test()}; NaN without one. */
  public double pvalue() {
    return pvalue;
  }

  /** True when {@link #pvalue()} is below the {@code pvalue} threshold. */
  public boolean significant() {
    return significant;
  }

  /**
   * The largest effect size divided by its drift threshold; 0 without effect sizes. Sorts the page.
   */
  public double severity() {
    return severity;
  }

  /** Each effect size computed, with where it stands against its own thresholds ({@link #band}). */
  public Map<String, Status> effects() {
    return effects;
  }

  @Override
  public String toString() {
    return status.text() + " (" + test + " p=" + pvalue + ", effects " + effects + ")";
  }
}
