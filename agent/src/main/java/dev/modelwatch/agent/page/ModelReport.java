package dev.modelwatch.agent.page;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Everything the page shows about one model, computed at one moment from its summed cells. */
public final class ModelReport {
  final String name;
  final long calls;
  final long errors;
  final long inFlight;

  /** Seconds; NaN before the first call. */
  final double p50;

  final double p90;
  final double p99;

  /** Null when the model has no baseline (then no drift is computed). */
  final DriftSummary drift;

  final List<ColumnReport> columns;
  final List<EvaluationValue> evaluation;

  ModelReport(
      String name,
      long calls,
      long errors,
      long inFlight,
      double p50,
      double p90,
      double p99,
      DriftSummary drift,
      List<ColumnReport> columns,
      List<EvaluationValue> evaluation) {
    this.name = name;
    this.calls = calls;
    this.errors = errors;
    this.inFlight = inFlight;
    this.p50 = p50;
    this.p90 = p90;
    this.p99 = p99;
    this.drift = drift;
    this.columns = Collections.unmodifiableList(columns);
    this.evaluation = Collections.unmodifiableList(evaluation);
  }

  public String name() {
    return name;
  }

  /** Features and outputs, worst first. */
  public List<ColumnReport> columns() {
    return columns;
  }

  /** Errors among finished calls; NaN before the first call. */
  public double errorRate() {
    return calls == 0 ? Double.NaN : (double) errors / calls;
  }

  /** The drift settings and the window's state of a model with a baseline. */
  static final class DriftSummary {
    final long windowSeconds;
    final int slices;
    final long minSamples;
    final long windowSamples;
    final Map<String, Double> thresholds;

    /** Columns whose baseline has no count: their p-values treat the baseline as exact. */
    final List<String> withoutCount;

    DriftSummary(
        long windowSeconds,
        int slices,
        long minSamples,
        long windowSamples,
        Map<String, Double> thresholds,
        List<String> withoutCount) {
      this.windowSeconds = windowSeconds;
      this.slices = slices;
      this.minSamples = minSamples;
      this.windowSamples = windowSamples;
      this.thresholds = Collections.unmodifiableMap(thresholds);
      this.withoutCount = Collections.unmodifiableList(withoutCount);
    }
  }
}
