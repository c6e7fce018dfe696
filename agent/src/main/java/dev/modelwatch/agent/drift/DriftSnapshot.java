package dev.modelwatch.agent.drift;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One model's drift over the current window, as computed for a scrape. */
public final class DriftSnapshot {
  private final String model;
  private final long samples;
  private final boolean reported;
  private final Map<String, Double> thresholds;
  private final List<ColumnDrift> columns;
  private final Map<ComparedColumn, List<StatisticHistory.Point>> histories;

  DriftSnapshot(
      String model,
      long samples,
      boolean reported,
      Map<String, Double> thresholds,
      List<ColumnDrift> columns) {
    this(model, samples, reported, thresholds, columns, Map.of());
  }

  private DriftSnapshot(
      String model,
      long samples,
      boolean reported,
      Map<String, Double> thresholds,
      List<ColumnDrift> columns,
      Map<ComparedColumn, List<StatisticHistory.Point>> histories) {
    this.histories = histories;
    this.model = model;
    this.samples = samples;
    this.reported = reported;
    this.thresholds = thresholds;
    this.columns = Collections.unmodifiableList(columns);
  }

  DriftSnapshot withHistories(Map<ComparedColumn, List<StatisticHistory.Point>> histories) {
    return new DriftSnapshot(model, samples, reported, thresholds, columns, histories);
  }

  /**
   * A column's history as it was when this snapshot was computed ({@link
   * ModelDrift#computeWithHistory}); empty for a plain {@link ModelDrift#compute}.
   */
  public List<StatisticHistory.Point> history(ComparedColumn column) {
    return histories.getOrDefault(column, List.of());
  }

  public String model() {
    return model;
  }

  /** Values in the window of the best-filled column (the rows, when no value is missing). */
  public long samples() {
    return samples;
  }

  /** False below {@code min_samples}: then {@link #columns()} is empty. */
  public boolean reported() {
    return reported;
  }

  /** The alert thresholds of the config: {@code psi}, {@code ks}, {@code js}, {@code pvalue}. */
  public Map<String, Double> thresholds() {
    return thresholds;
  }

  /** Columns with enough values in the window, features then outputs, in config order. */
  public List<ColumnDrift> columns() {
    return columns;
  }
}
