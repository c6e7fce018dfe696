package dev.modelwatch.agent.metrics;

import static dev.modelwatch.agent.metrics.MetricsContract.*;

import dev.modelwatch.agent.drift.ColumnDrift;
import dev.modelwatch.agent.drift.DriftEngine;
import dev.modelwatch.agent.drift.DriftSnapshot;
import dev.modelwatch.agent.metrics.LabelOrder.Points;
import dev.modelwatch.agent.record.CellSums;
import dev.modelwatch.config.baseline.NumericDistribution;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exposes baselines and drift: the baseline's cumulative shares on the live histogram's {@code le}
 * edges (named {@code upper}: {@code le} is for histograms), its share of each bin (the bin's lower
 * edge as {@code gt}) and its count of values, the windowed drift statistics, p-values and {@link
 * dev.modelwatch.agent.drift.DriftVerdict} statuses of features and outputs, the thresholds from
 * the config and the window's sample count. Statistics are computed here, at scrape time, from the
 * windows the scheduler thread rotates; a model below {@code min_samples} gets no drift series.
 */
public final class DriftMetricsCollector implements SummedCollector {
  private final DriftEngine engine;

  /**
   * The baseline ratio and bin share gauges of the engine's models so far. A baseline's shares
   * never change and an engine's models are only ever added, so the snapshots are rebuilt only when
   * a model joins (a baseline known at its first call); each scrape else reuses them.
   */
  private volatile Ratios ratios = new Ratios(0, null, null, null);

  /** Labels of drift gauges of features and of outputs: by model, by column, by statistic. */
  private final Map<String, Map<String, Map<String, Labels>>> featureLabels =
      new ConcurrentHashMap<>();

  private final Map<String, Map<String, Map<String, Labels>>> outputLabels =
      new ConcurrentHashMap<>();

  private final Map<String, Labels> modelLabels = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Labels>> thresholdLabels = new ConcurrentHashMap<>();

  /** Each drift family's order of points, from one scrape to the next. */
  private final LabelOrder samplesOrder =
      new LabelOrder(DRIFT_WINDOW_SAMPLES, DRIFT_WINDOW_SAMPLES_HELP);

  private final LabelOrder thresholdsOrder = new LabelOrder(DRIFT_THRESHOLD, DRIFT_THRESHOLD_HELP);
  private final LabelOrder featureDriftOrder = new LabelOrder(FEATURE_DRIFT, FEATURE_DRIFT_HELP);
  private final LabelOrder featurePvalueOrder =
      new LabelOrder(FEATURE_DRIFT_PVALUE, FEATURE_DRIFT_PVALUE_HELP);
  private final LabelOrder outputDriftOrder = new LabelOrder(OUTPUT_DRIFT, OUTPUT_DRIFT_HELP);
  private final LabelOrder outputPvalueOrder =
      new LabelOrder(OUTPUT_DRIFT_PVALUE, OUTPUT_DRIFT_PVALUE_HELP);
  private final LabelOrder featureStatusOrder =
      new LabelOrder(FEATURE_DRIFT_STATUS, FEATURE_DRIFT_STATUS_HELP);
  private final LabelOrder outputStatusOrder =
      new LabelOrder(OUTPUT_DRIFT_STATUS, OUTPUT_DRIFT_STATUS_HELP);

  public DriftMetricsCollector(DriftEngine engine) {
    this.engine = engine;
  }

  @Override
  public MetricSnapshots collect() {
    return collect(engine.snapshots());
  }

  @Override
  public MetricSnapshots collect(CellSums sums) {
    return collect(engine.snapshots(sums));
  }

  private MetricSnapshots collect(List<DriftSnapshot> drift) {
    Points featureDrift = new Points();
    Points featurePvalue = new Points();
    Points outputDrift = new Points();
    Points outputPvalue = new Points();
    Points thresholds = new Points();
    Points samples = new Points();
    Points featureStatus = new Points();
    Points outputStatus = new Points();

    Ratios baselines = ratios();
    for (DriftSnapshot snapshot : drift) {
      String name = snapshot.model();
      samples.add(modelLabels(name), snapshot.samples());
      for (Map.Entry<String, Double> threshold : snapshot.thresholds().entrySet()) {
        thresholds.add(
            thresholdLabels(name, threshold.getKey()), threshold.getValue().doubleValue());
      }
      for (ColumnDrift column : snapshot.columns()) {
        String label = column.output() ? LABEL_OUTPUT : LABEL_FEATURE;
        Points values = column.output() ? outputDrift : featureDrift;
        Points pvalues = column.output() ? outputPvalue : featurePvalue;
        Map<String, Labels> labels = labels(name, column);
        add(values, column.statistics(), labels, name, label, column.name());
        add(pvalues, column.pvalues(), labels, name, label, column.name());
        (column.output() ? outputStatus : featureStatus)
            .add(statusLabels(name, label, column), column.verdict().status().gaugeValue());
      }
    }
    List<MetricSnapshot> snapshots = new ArrayList<>();
    if (baselines.snapshot != null) {
      snapshots.add(baselines.snapshot);
      snapshots.add(baselines.shares);
      if (baselines.counts != null) {
        snapshots.add(baselines.counts);
      }
    }
    samplesOrder.addTo(snapshots, samples);
    thresholdsOrder.addTo(snapshots, thresholds);
    featureDriftOrder.addTo(snapshots, featureDrift);
    featurePvalueOrder.addTo(snapshots, featurePvalue);
    outputDriftOrder.addTo(snapshots, outputDrift);
    outputPvalueOrder.addTo(snapshots, outputPvalue);
    featureStatusOrder.addTo(snapshots, featureStatus);
    outputStatusOrder.addTo(snapshots, outputStatus);
    return new MetricSnapshots(snapshots);
  }

  /** A column's statistics (or p-values), each under its statistic's labels. */
  private static void add(
      Points points,
      Map<String, Double> byStatistic,
      Map<String, Labels> labels,
      String model,
      String label,
      String column) {
    for (Map.Entry<String, Double> statistic : byStatistic.entrySet()) {
      points.add(
          labels(labels, model, label, column, statistic.getKey()),
          statistic.getValue().doubleValue());
    }
  }

  private Labels modelLabels(String model) {
    return modelLabels.computeIfAbsent(model, m -> Labels.of(LABEL_MODEL, m));
  }

  private Labels thresholdLabels(String model, String statistic) {
    return thresholdLabels
        .computeIfAbsent(model, m -> new ConcurrentHashMap<>())
        .computeIfAbsent(statistic, s -> Labels.of(LABEL_MODEL, model, LABEL_STATISTIC, s));
  }

  private Ratios ratios() {
    Ratios cached = ratios;
    List<DriftEngine.Model> models = List.copyOf(engine.models());
    if (cached.models != models.size()) {
      // a racing scrape may build it too: both are equal, either may stay
      GaugeSnapshot.Builder ratio =
          GaugeSnapshot.builder().name(FEATURE_BASELINE_RATIO).help(FEATURE_BASELINE_RATIO_HELP);
      GaugeSnapshot.Builder share =
          GaugeSnapshot.builder().name(FEATURE_BASELINE_SHARE).help(FEATURE_BASELINE_SHARE_HELP);
      GaugeSnapshot.Builder count =
          GaugeSnapshot.builder().name(FEATURE_BASELINE_VALUES).help(FEATURE_BASELINE_VALUES_HELP);
      boolean any = false;
      boolean anyCount = false;
      for (DriftEngine.Model model : models) {
        for (GaugeDataPointSnapshot point : baselineRatios(model)) {
          ratio.dataPoint(point);
          any = true;
        }
        for (GaugeDataPointSnapshot point : baselineShares(model)) {
          share.dataPoint(point);
        }
        String name = model.drift().model();
        for (Map.Entry<String, NumericDistribution> feature :
            model.baseline().numericFeatures().entrySet()) {
          if (feature.getValue().count() > 0) {
            count.dataPoint(
                gauge(
                    Labels.of(LABEL_MODEL, name, LABEL_FEATURE, feature.getKey()),
                    feature.getValue().count()));
            anyCount = true;
          }
        }
      }
      cached =
          any
              ? new Ratios(
                  models.size(), ratio.build(), share.build(), anyCount ? count.build() : null)
              : new Ratios(models.size(), null, null, null);
      ratios = cached;
    }
    return cached;
  }

  private Map<String, Labels> labels(String model, ColumnDrift column) {
    return (column.output() ? outputLabels : featureLabels)
        .computeIfAbsent(model, m -> new ConcurrentHashMap<>())
        .computeIfAbsent(column.name(), c -> new ConcurrentHashMap<>());
  }

  /** The labels of a column's status gauge, kept beside its statistics' under the key "" . */
  private Labels statusLabels(String model, String label, ColumnDrift column) {
    Map<String, Labels> byStatistic = labels(model, column);
    Labels labels = byStatistic.get("");
    if (labels == null) {
      labels = Labels.of(LABEL_MODEL, model, label, column.name());
      byStatistic.put("", labels);
    }
    return labels;
  }

  private static Labels labels(
      Map<String, Labels> byStatistic,
      String model,
      String label,
      String column,
      String statistic) {
    Labels labels = byStatistic.get(statistic);
    if (labels == null) {
      labels = Labels.of(LABEL_MODEL, model, label, column, LABEL_STATISTIC, statistic);
      byStatistic.put(statistic, labels);
    }
    return labels;
  }

  /**
   * The ratio and bin share gauges of an engine's first {@code models} models; both null when they
   * have none.
   */
  private static final class Ratios {
    final int models;
    final GaugeSnapshot snapshot;
    final GaugeSnapshot shares;

    /** The baselines' counts per numeric feature; null when none has one. */
    final GaugeSnapshot counts;

    Ratios(int models, GaugeSnapshot snapshot, GaugeSnapshot shares, GaugeSnapshot counts) {
      this.models = models;
      this.snapshot = snapshot;
      this.shares = shares;
      this.counts = counts;
    }
  }

  /** The ratio gauges of one model's baseline, built only when the ratio snapshot is. */
  private static List<GaugeDataPointSnapshot> baselineRatios(DriftEngine.Model model) {
    String name = model.drift().model();
    List<GaugeDataPointSnapshot> points = new ArrayList<>();
    for (Map.Entry<String, NumericDistribution> feature :
        model.baseline().numericFeatures().entrySet()) {
      double[] edges = feature.getValue().edges();
      double[] cumulative = feature.getValue().cumulativeShares();
      for (int i = 0; i <= edges.length; i++) {
        Labels labels =
            Labels.of(
                LABEL_MODEL,
                name,
                LABEL_FEATURE,
                feature.getKey(),
                LABEL_UPPER,
                LeLabel.of(i < edges.length ? edges[i] : Double.POSITIVE_INFINITY));
        // the last bin's share makes the +Inf bucket exactly 1, whatever rounding the shares carry
        points.add(gauge(labels, i < edges.length ? Math.min(1.0, cumulative[i]) : 1.0));
      }
    }
    return List.copyOf(points);
  }

  /**
   * The bin share gauges of one model's baseline: bin {@code i} holds {@code edges[i-1] < v <=
   * edges[i]}, labelled with both edges as the live histogram writes them ({@code gt="-Inf"} for
   * the first bin, {@code upper="+Inf"} for the last); the shares as the baseline gives them.
   */
  private static List<GaugeDataPointSnapshot> baselineShares(DriftEngine.Model model) {
    String name = model.drift().model();
    List<GaugeDataPointSnapshot> points = new ArrayList<>();
    for (Map.Entry<String, NumericDistribution> feature :
        model.baseline().numericFeatures().entrySet()) {
      double[] edges = feature.getValue().edges();
      double[] shares = feature.getValue().shares();
      for (int i = 0; i <= edges.length && i < shares.length; i++) {
        Labels labels =
            Labels.of(
                LABEL_MODEL,
                name,
                LABEL_FEATURE,
                feature.getKey(),
                LABEL_GT,
                LeLabel.of(i > 0 ? edges[i - 1] : Double.NEGATIVE_INFINITY),
                LABEL_UPPER,
                LeLabel.of(i < edges.length ? edges[i] : Double.POSITIVE_INFINITY));
        points.add(gauge(labels, shares[i]));
      }
    }
    return List.copyOf(points);
  }

  private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
    return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(
        FEATURE_BASELINE_RATIO,
        FEATURE_BASELINE_SHARE,
        FEATURE_BASELINE_VALUES,
        DRIFT_WINDOW_SAMPLES,
        DRIFT_THRESHOLD,
        FEATURE_DRIFT,
        FEATURE_DRIFT_PVALUE,
        OUTPUT_DRIFT,
        OUTPUT_DRIFT_PVALUE,
        FEATURE_DRIFT_STATUS,
        OUTPUT_DRIFT_STATUS);
  }
}
