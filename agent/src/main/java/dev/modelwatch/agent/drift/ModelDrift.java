package dev.modelwatch.agent.drift;

import dev.modelwatch.config.DriftConfig;
import dev.modelwatch.config.DriftStatistic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Windowed drift of one model's features and outputs against its baseline. The agent's scheduler
 * thread calls {@link #rotate} once per slice period ({@code window / slices}); scrapes call {@link
 * #compute}. Both take the model's summed recording cells, from which each column reads its
 * cumulative counts, so nothing here runs on the prediction thread.
 *
 * <p>Which statistics: numeric columns get those listed in the config ({@code psi}, {@code ks},
 * {@code js}, {@code chi2}), KS with its p-value; categorical columns always get {@code chi2} with
 * its p-value and Cram&eacute;r's V ({@code cramers_v}), plus {@code psi} and {@code js} when
 * listed (KS needs ordered bins, so it is left out for categories). The p-values are two-sample
 * tests between the window's values and the baseline's {@link ComparedColumn#baselineCount() count}
 * of values, or one-sample tests against an exact baseline when the baseline has no count (see
 * {@link DriftStatistics}). The cluster column of an embedding also gets {@code cosine}, the cosine
 * distance of the window's mean vector from the baseline's mean, an effect size like
 * Cram&eacute;r's V. Each column's statistics come with their {@link DriftVerdict}.
 */
public final class ModelDrift {

  private final String model;
  private final DriftConfig config;
  private final List<ComparedColumn> columns;

  /**
   * @param summedCellsAtStart the cells when drift starts: each window starts at these counts
   */
  public ModelDrift(
      String model, DriftConfig config, List<ComparedColumn> columns, long[] summedCellsAtStart) {
    this.model = model;
    this.config = config;
    this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
    int capacity = StatisticHistory.capacityFor(slicePeriodMillis());
    for (ComparedColumn column : this.columns) {
      column.startWindow(summedCellsAtStart, config.slices());
      String statistic =
          historyStatistic(column.kind() == ComparedColumn.Kind.CATEGORICAL, config.statistics());
      column.startHistory(
          statistic, statistic == null ? Double.NaN : config.thresholds().get(statistic), capacity);
    }
  }

  /**
   * The statistic a column's history keeps: the first effect size listed in the config ({@code psi}
   * by default) that the column computes; for a categorical column without one, {@code cramers_v}
   * (always computed); null for a numeric column without one.
   */
  static String historyStatistic(boolean categorical, Iterable<String> listed) {
    for (String statistic : listed) {
      if (DriftConfig.EFFECT_SIZES.contains(statistic)
          && !(categorical && statistic.equals(DriftStatistic.KS.label()))) {
        return statistic;
      }
    }
    return categorical ? DriftStatistic.CRAMERS_V.label() : null;
  }

  public String model() {
    return model;
  }

  public DriftConfig config() {
    return config;
  }

  public List<ComparedColumn> columns() {
    return columns;
  }

  /** How often {@link #rotate} must run: the window divided by the slices, at least 1 ms. */
  public long slicePeriodMillis() {
    return Math.max(1, config.window().toMillis() / config.slices());
  }

  /** {@link #rotate(long[], long)} at the current time. */
  public void rotate(long[] summedCells) {
    rotate(summedCells, System.currentTimeMillis());
  }

  /**
   * Closes the current slice of every column's window, after adding to each column's {@link
   * ComparedColumn#history() history} the statistic over the window that closes with it (the value
   * a scrape just before would have seen), stamped {@code epochMillis}.
   */
  public synchronized void rotate(long[] summedCells, long epochMillis) {
    ColumnDrift[] results = new ColumnDrift[columns.size()];
    try {
      compute(summedCells, results);
      for (int c = 0; c < columns.size(); c++) {
        StatisticHistory history = columns.get(c).history();
        ColumnDrift result = results[c];
        Double value =
            result == null || history.statistic() == null
                ? null
                : result.statistics().get(history.statistic());
        history.add(
            epochMillis,
            value == null ? Double.NaN : value,
            result == null ? DriftVerdict.Status.PENDING : result.verdict().status());
      }
    } finally {
      // the window moves on even when the statistics fail
      for (ComparedColumn column : columns) {
        column.rotate(summedCells);
      }
    }
  }

  /**
   * {@link #compute} together with every column's history, at one moment: no slice closes between
   * the two, so the next point of a history is the statistic of this snapshot when no value arrives
   * before the slice closes.
   */
  public synchronized DriftSnapshot computeWithHistory(long[] summedCells) {
    DriftSnapshot snapshot = compute(summedCells, null);
    Map<ComparedColumn, List<StatisticHistory.Point>> histories = new IdentityHashMap<>();
    for (ComparedColumn column : columns) {
      histories.put(column, column.history().points());
    }
    return snapshot.withHistories(histories);
  }

  /**
   * The statistics over the window up to now. {@link DriftSnapshot#samples()} is the largest window
   * count of any column (the rows, when every row has every value); below {@code min_samples} the
   * snapshot reports no column, and a column with fewer values than that in the window (a feature
   * mostly missing) is left out.
   */
  public synchronized DriftSnapshot compute(long[] summedCells) {
    return compute(summedCells, null);
  }

  /** {@link #compute}, also writing each column's result (or null) into {@code byColumn}. */
  private DriftSnapshot compute(long[] summedCells, ColumnDrift[] byColumn) {
    long samples = 0;
    List<long[]> windows = new ArrayList<>(columns.size());
    for (ComparedColumn column : columns) {
      long[] counts = column.windowCounts(summedCells);
      windows.add(counts);
      samples = Math.max(samples, total(counts));
    }
    List<ColumnDrift> results = new ArrayList<>();
    if (samples >= config.minSamples()) {
      for (int c = 0; c < columns.size(); c++) {
        long[] counts = windows.get(c);
        if (total(counts) >= config.minSamples()) {
          ColumnDrift result = statistics(columns.get(c), counts, summedCells);
          results.add(result);
          if (byColumn != null) {
            byColumn[c] = result;
          }
        }
      }
    }
    return new DriftSnapshot(
        model, samples, samples >= config.minSamples(), config.thresholds(), results);
  }

  private ColumnDrift statistics(ComparedColumn column, long[] counts, long[] summedCells) {
    double[] shares = column.baselineShares();
    long m = column.baselineCount();
    long n = total(counts);
    Map<String, Double> values = new LinkedHashMap<>();
    Map<String, Double> pvalues = new LinkedHashMap<>();
    boolean categorical = column.kind() == ComparedColumn.Kind.CATEGORICAL;
    if (categorical) {
      chiSquared(shares, counts, m, values, pvalues);
      values.put(DriftStatistic.CRAMERS_V.label(), DriftStatistics.cramersV(shares, counts));
      if (column.hasMeanVector()) {
        values.put(DriftStatistic.COSINE.label(), column.cosineDistance(summedCells));
      }
    }
    for (String listed : config.statistics()) {
      DriftStatistic statistic = DriftStatistic.of(listed);
      if (statistic == null) {
        throw new IllegalStateException("unknown drift statistic '" + listed + "'");
      }
      switch (statistic) {
        case PSI:
          values.put(listed, DriftStatistics.psi(shares, counts));
          break;
        case KS:
          if (!categorical) {
            double d = DriftStatistics.ks(shares, counts);
            values.put(listed, d);
            pvalues.put(listed, DriftStatistics.ksPValue(d, n, m));
          }
          break;
        case JS:
          values.put(listed, DriftStatistics.jensenShannon(shares, counts));
          break;
        case CHI2:
          if (!categorical) {
            chiSquared(shares, counts, m, values, pvalues);
          }
          break;
        default:
          throw new IllegalStateException("drift statistic '" + listed + "' cannot be listed");
      }
    }
    return new ColumnDrift(
        column.name(),
        column.output(),
        n,
        values,
        pvalues,
        DriftVerdict.of(categorical, values, pvalues, config.thresholds()));
  }

  private static void chiSquared(
      double[] shares,
      long[] counts,
      long baselineCount,
      Map<String, Double> values,
      Map<String, Double> pvalues) {
    double x = DriftStatistics.chiSquared(shares, counts, baselineCount);
    values.put(DriftStatistic.CHI2.label(), x);
    pvalues.put(
        DriftStatistic.CHI2.label(),
        DriftStatistics.chiSquaredPValue(
            x, DriftStatistics.chiSquaredDegreesOfFreedom(shares, counts)));
  }

  private static long total(long[] counts) {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }
}
