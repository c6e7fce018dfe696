package dev.modelwatch.agent.page;

import dev.modelwatch.agent.drift.DriftVerdict;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One feature or output of a model as the page shows it: aggregates only (counts, shares,
 * statistics), never a recorded value.
 */
public final class ColumnReport {
  final String name;
  final boolean output;
  final boolean categorical;

  /**
   * The column's {@link DriftVerdict}: {@link DriftVerdict#PENDING} or {@link
   * DriftVerdict#NO_BASELINE} without statistics.
   */
  final DriftVerdict verdict;

  final DriftVerdict.Status status;

  /**
   * The largest effect size divided by its drift threshold; 0 without statistics. Sorts the table.
   */
  final double severity;

  final long windowSamples;
  final Map<String, Double> statistics;
  final Map<String, Double> pvalues;
  final List<Bin> bins;

  /** Values and missing values since start; out of range is -1 where not counted. */
  final long values;

  final long missing;
  final long outOfRange;

  /**
   * The bins' edges, where numeric bins meet (one fewer than the bins); null for categorical bins.
   */
  final double[] edges;

  /** The drift statistic over the recent evaluations; null for a column without a baseline. */
  final ColumnHistory history;

  ColumnReport(
      String name,
      boolean output,
      boolean categorical,
      DriftVerdict verdict,
      long windowSamples,
      Map<String, Double> statistics,
      Map<String, Double> pvalues,
      List<Bin> bins,
      long values,
      long missing,
      long outOfRange) {
    this(
        name,
        output,
        categorical,
        verdict,
        windowSamples,
        statistics,
        pvalues,
        bins,
        values,
        missing,
        outOfRange,
        null,
        null);
  }

  ColumnReport(
      String name,
      boolean output,
      boolean categorical,
      DriftVerdict verdict,
      long windowSamples,
      Map<String, Double> statistics,
      Map<String, Double> pvalues,
      List<Bin> bins,
      long values,
      long missing,
      long outOfRange,
      double[] edges,
      ColumnHistory history) {
    this.edges = edges == null ? null : edges.clone();
    this.history = history;
    this.name = name;
    this.output = output;
    this.categorical = categorical;
    this.verdict = verdict;
    this.status = verdict.status();
    this.severity = verdict.severity();
    this.windowSamples = windowSamples;
    this.statistics = Collections.unmodifiableMap(statistics);
    this.pvalues = Collections.unmodifiableMap(pvalues);
    this.bins = Collections.unmodifiableList(bins);
    this.values = values;
    this.missing = missing;
    this.outOfRange = outOfRange;
  }

  public String name() {
    return name;
  }

  public boolean output() {
    return output;
  }

  public DriftVerdict.Status status() {
    return status;
  }

  public Map<String, Double> statistics() {
    return statistics;
  }

  public List<Bin> bins() {
    return bins;
  }

  /** True when the bins come from a baseline; false when they only count live values. */
  public boolean hasBaseline() {
    return status != DriftVerdict.Status.NO_BASELINE;
  }

  /** Missing values among all rows seen since start; NaN before the first row. */
  public double missingRate() {
    long rows = values + missing;
    return rows == 0 ? Double.NaN : (double) missing / rows;
  }

  /** Values outside the training min/max among the values seen; NaN if not counted or none yet. */
  public double outOfRangeRate() {
    return outOfRange < 0 || values == 0 ? Double.NaN : (double) outOfRange / values;
  }
}
