package dev.modelwatch.agent.metrics;

import static dev.modelwatch.agent.metrics.MetricsContract.*;

import dev.modelwatch.agent.drift.ColumnDrift;
import dev.modelwatch.agent.drift.DriftEngine;
import dev.modelwatch.agent.drift.DriftSnapshot;
import dev.modelwatch.config.baseline.NumericDistribution;
import io.prometheus.metrics.model.registry.MultiCollector;
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
 * edges, the windowed drift statistics and p-values of features and outputs, the thresholds from
 * the config and the window's sample count. Statistics are computed here, at scrape time, from the
 * windows the scheduler thread rotates; a model below {@code min_samples} gets no drift series.
 */
public final class DriftMetricsCollector implements MultiCollector {
  private final DriftEngine engine;
  // keyed by identity: an engine's models are only ever added, each with a fixed baseline
  private final Map<DriftEngine.Model, List<GaugeDataPointSnapshot>> ratios = new ConcurrentHashMap<>();

  public DriftMetricsCollector(DriftEngine engine) {
    this.engine = engine;
  }

  @Override
  public MetricSnapshots collect() {
    GaugeSnapshot.Builder ratio =
        GaugeSnapshot.builder().name(FEATURE_BASELINE_RATIO).help(FEATURE_BASELINE_RATIO_HELP);
    GaugeSnapshot.Builder featureDrift = GaugeSnapshot.builder().name(FEATURE_DRIFT).help(FEATURE_DRIFT_HELP);
    GaugeSnapshot.Builder featurePvalue =
        GaugeSnapshot.builder().name(FEATURE_DRIFT_PVALUE).help(FEATURE_DRIFT_PVALUE_HELP);
    GaugeSnapshot.Builder outputDrift = GaugeSnapshot.builder().name(OUTPUT_DRIFT).help(OUTPUT_DRIFT_HELP);
    GaugeSnapshot.Builder outputPvalue =
        GaugeSnapshot.builder().name(OUTPUT_DRIFT_PVALUE).help(OUTPUT_DRIFT_PVALUE_HELP);
    GaugeSnapshot.Builder thresholds = GaugeSnapshot.builder().name(DRIFT_THRESHOLD).help(DRIFT_THRESHOLD_HELP);
    GaugeSnapshot.Builder samples =
        GaugeSnapshot.builder().name(DRIFT_WINDOW_SAMPLES).help(DRIFT_WINDOW_SAMPLES_HELP);
    int[] counts = new int[7];

    for (DriftEngine.Model model : engine.models()) {
      for (GaugeDataPointSnapshot point : ratios.computeIfAbsent(model, DriftMetricsCollector::baselineRatios)) {
        ratio.dataPoint(point);
        counts[0]++;
      }
    }
    for (DriftSnapshot snapshot : engine.snapshots()) {
      String name = snapshot.model();
      samples.dataPoint(gauge(Labels.of(LABEL_MODEL, name), snapshot.samples()));
      counts[1]++;
      for (Map.Entry<String, Double> threshold : snapshot.thresholds().entrySet()) {
        thresholds.dataPoint(
            gauge(Labels.of(LABEL_MODEL, name, LABEL_STATISTIC, threshold.getKey()), threshold.getValue()));
        counts[2]++;
      }
      for (ColumnDrift column : snapshot.columns()) {
        String label = column.output() ? LABEL_OUTPUT : LABEL_FEATURE;
        GaugeSnapshot.Builder values = column.output() ? outputDrift : featureDrift;
        GaugeSnapshot.Builder pvalues = column.output() ? outputPvalue : featurePvalue;
        for (Map.Entry<String, Double> statistic : column.statistics().entrySet()) {
          values.dataPoint(
              gauge(
                  Labels.of(LABEL_MODEL, name, label, column.name(), LABEL_STATISTIC, statistic.getKey()),
                  statistic.getValue()));
          counts[column.output() ? 5 : 3]++;
        }
        for (Map.Entry<String, Double> pvalue : column.pvalues().entrySet()) {
          pvalues.dataPoint(
              gauge(
                  Labels.of(LABEL_MODEL, name, label, column.name(), LABEL_STATISTIC, pvalue.getKey()),
                  pvalue.getValue()));
          counts[column.output() ? 6 : 4]++;
        }
      }
    }
    List<MetricSnapshot> snapshots = new ArrayList<>();
    GaugeSnapshot.Builder[] builders = {ratio, samples, thresholds, featureDrift, featurePvalue, outputDrift, outputPvalue};
    for (int i = 0; i < builders.length; i++) {
      if (counts[i] > 0) {
        snapshots.add(builders[i].build());
      }
    }
    return new MetricSnapshots(snapshots);
  }

  /** A baseline's shares never change: its data points are built at its first scrape and reused. */
  private static List<GaugeDataPointSnapshot> baselineRatios(DriftEngine.Model model) {
    String name = model.drift().model();
    List<GaugeDataPointSnapshot> points = new ArrayList<>();
    for (Map.Entry<String, NumericDistribution> feature : model.baseline().numericFeatures().entrySet()) {
      double[] edges = feature.getValue().edges();
      double[] cumulative = feature.getValue().cumulativeShares();
      for (int i = 0; i <= edges.length; i++) {
        Labels labels =
            Labels.of(
                LABEL_MODEL, name, LABEL_FEATURE, feature.getKey(),
                LABEL_LE, LeLabel.of(i < edges.length ? edges[i] : Double.POSITIVE_INFINITY));
        // the last bin's share makes the +Inf bucket exactly 1, whatever rounding the shares carry
        points.add(gauge(labels, i < edges.length ? Math.min(1.0, cumulative[i]) : 1.0));
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
        FEATURE_BASELINE_RATIO, DRIFT_WINDOW_SAMPLES, DRIFT_THRESHOLD, FEATURE_DRIFT, FEATURE_DRIFT_PVALUE,
        OUTPUT_DRIFT, OUTPUT_DRIFT_PVALUE);
  }
}
