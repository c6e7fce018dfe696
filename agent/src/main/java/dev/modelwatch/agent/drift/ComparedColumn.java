package dev.modelwatch.agent.drift;

import java.util.Objects;

/**
 * One feature or output compared with its baseline: the baseline's shares per bin, where its live
 * cumulative counts come from, and the sliding window over them.
 */
public final class ComparedColumn {

  /** Numeric columns are ordered bins (all statistics apply); categorical ones are not (no KS). */
  public enum Kind {
    NUMERIC,
    CATEGORICAL
  }

  private final String name;
  private final boolean output;
  private final Kind kind;
  private final double[] baselineShares;
  private final long baselineCount;
  private final CumulativeCounts counts;
  private DriftWindow window;
  private StatisticHistory history;

  /** The mean vector of an embedding whose cluster column this is, or null. */
  private MeanVectorWindow meanVector;

  /**
   * A column whose baseline does not say how many values it holds: its p-values treat the baseline
   * as exact (see {@link DriftStatistics}).
   *
   * @param output true for a model output (prior drift), false for an input feature
   * @param baselineShares the baseline's share of each bin, in the order {@code counts} reads them
   */
  public ComparedColumn(
      String name, boolean output, Kind kind, double[] baselineShares, CumulativeCounts counts) {
    this(name, output, kind, baselineShares, 0, counts);
  }

  /**
   * @param output true for a model output (prior drift), false for an input feature
   * @param baselineShares the baseline's share of each bin, in the order {@code counts} reads them
   * @param baselineCount the number of values the shares come from (the baseline's {@code count}),
   *     so that p-values are two-sample tests; 0 when unknown, which treats the baseline as exact
   */
  public ComparedColumn(
      String name,
      boolean output,
      Kind kind,
      double[] baselineShares,
      long baselineCount,
      CumulativeCounts counts) {
    if (baselineCount < 0) {
      throw new IllegalArgumentException(
          "baseline count of '" + name + "' must be >= 0, got " + baselineCount);
    }
    this.name = Objects.requireNonNull(name, "name");
    this.output = output;
    this.kind = Objects.requireNonNull(kind, "kind");
    this.baselineShares = baselineShares.clone();
    this.baselineCount = baselineCount;
    this.counts = Objects.requireNonNull(counts, "counts");
  }

  public String name() {
    return name;
  }

  public boolean output() {
    return output;
  }

  public Kind kind() {
    return kind;
  }

  double[] baselineShares() {
    return baselineShares;
  }

  /** The number of values the baseline's shares come from; 0 when the baseline does not say. */
  public long baselineCount() {
    return baselineCount;
  }

  /** A copy of the baseline's share of each bin, for display next to {@link #windowCounts}. */
  public double[] baselineSharesCopy() {
    return baselineShares.clone();
  }

  /**
   * Makes this column, an embedding's cluster column, also compare the window's mean vector with
   * the baseline's mean ({@code cosine}); before {@link ModelDrift} starts the window.
   */
  public ComparedColumn withMeanVector(
      dev.modelwatch.agent.embedding.EmbeddingColumn embedding, double[] baselineMean) {
    meanVector = new MeanVectorWindow(embedding, baselineMean);
    return this;
  }

  boolean hasMeanVector() {
    return meanVector != null;
  }

  /** The cosine distance of the window's mean vector from the baseline's; NaN without vectors. */
  double cosineDistance(long[] summedCells) {
    return meanVector.cosineDistance(summedCells);
  }

  /** Starts the window at the counts already recorded, so earlier traffic never counts as live. */
  void startWindow(long[] summedCells, int slices) {
    window = new DriftWindow(read(summedCells), slices);
    if (meanVector != null) {
      meanVector.start(summedCells, slices);
    }
  }

  /** Starts an empty history of the statistic the page draws for this column. */
  void startHistory(String statistic, double threshold, int capacity) {
    history = new StatisticHistory(statistic, threshold, capacity);
  }

  /** The column's recent drift statistic, one point per slice rotation. */
  public StatisticHistory history() {
    return history;
  }

  void rotate(long[] summedCells) {
    window.rotate(read(summedCells));
    if (meanVector != null) {
      meanVector.rotate(summedCells);
    }
  }

  /** Counts in the window up to now: the current partial slice and the complete ones before. */
  public long[] windowCounts(long[] summedCells) {
    return window.counts(read(summedCells));
  }

  private long[] read(long[] summedCells) {
    long[] cumulative = counts.read(summedCells);
    if (cumulative.length != baselineShares.length) {
      throw new IllegalStateException(
          "column '"
              + name
              + "' reads "
              + cumulative.length
              + " live bins but its baseline has "
              + baselineShares.length);
    }
    return cumulative;
  }
}
