package dev.modelwatch.agent.metrics;

import static dev.modelwatch.agent.metrics.MetricsContract.*;

import dev.modelwatch.agent.record.CellSums;
import dev.modelwatch.agent.record.Column;
import dev.modelwatch.agent.record.LatencyBuckets;
import dev.modelwatch.agent.record.ModelLayout;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericHistogram;
import dev.modelwatch.agent.record.Recorder;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exposes the per-call and per-feature metrics of every model. The recording cells are the agent's
 * own (per thread, see {@link dev.modelwatch.agent.record.Cells}); this collector turns the cells
 * summed once per scrape ({@link CellSums}) into client_java snapshots, so the registry, formats
 * and HTTP server stay client_java's.
 */
public final class ModelMetricsCollector implements SummedCollector {
  private static final double[] LATENCY_BOUNDS = LatencyBuckets.upperBounds();
  private final Recorder recorder;
  private volatile ModelSeries series;

  public ModelMetricsCollector(Recorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public MetricSnapshots collect() {
    return collect(recorder.settledSums());
  }

  @Override
  public MetricSnapshots collect(CellSums cellSums) {
    ModelSeries series = series();
    CounterSnapshot.Builder predictions =
        CounterSnapshot.builder().name(PREDICTIONS).help(PREDICTIONS_HELP);
    CounterSnapshot.Builder errors =
        CounterSnapshot.builder().name(PREDICTION_ERRORS).help(PREDICTION_ERRORS_HELP);
    HistogramSnapshot.Builder duration =
        HistogramSnapshot.builder()
            .name(PREDICTION_DURATION)
            .help(PREDICTION_DURATION_HELP)
            .unit(Unit.SECONDS);
    CounterSnapshot.Builder timed =
        CounterSnapshot.builder().name(PREDICTIONS_TIMED).help(PREDICTIONS_TIMED_HELP);
    GaugeSnapshot.Builder inFlight = GaugeSnapshot.builder().name(IN_FLIGHT).help(IN_FLIGHT_HELP);
    HistogramSnapshot.Builder rows =
        HistogramSnapshot.builder().name(BATCH_ROWS).help(BATCH_ROWS_HELP);
    HistogramSnapshot.Builder featureValues =
        HistogramSnapshot.builder().name(FEATURE_VALUE).help(FEATURE_VALUE_HELP);
    CounterSnapshot.Builder categories =
        CounterSnapshot.builder().name(FEATURE_CATEGORY).help(FEATURE_CATEGORY_HELP);
    CounterSnapshot.Builder missing =
        CounterSnapshot.builder().name(FEATURE_MISSING).help(FEATURE_MISSING_HELP);
    CounterSnapshot.Builder outOfRange =
        CounterSnapshot.builder().name(FEATURE_OUT_OF_RANGE).help(FEATURE_OUT_OF_RANGE_HELP);
    HistogramSnapshot.Builder outputValues =
        HistogramSnapshot.builder().name(OUTPUT_VALUE).help(OUTPUT_VALUE_HELP);
    CounterSnapshot.Builder classes =
        CounterSnapshot.builder().name(OUTPUT_CLASS).help(OUTPUT_CLASS_HELP);
    boolean anyCategory = false;
    boolean anyClass = false;
    long[][] scratch = new long[series.maxBuckets + 1][];

    long[][] sums = new long[recorder.models().size()][];
    for (ModelSeries.Model model : series.models) {
      sums[model.position] = cellSums.of(model.monitor.id());
    }
    for (ModelSeries.Model model : series.models) {
      ModelMonitor monitor = model.monitor;
      String name = monitor.name();
      long[] sum = sums[model.position];
      ModelLayout.CallTotals totals = monitor.totals(sum);
      predictions.dataPoint(counter(model.labels, totals.finished));
      timed.dataPoint(counter(model.labels, totals.timed));
      inFlight.dataPoint(
          GaugeDataPointSnapshot.builder().labels(model.labels).value(totals.inFlight()).build());
      duration.dataPoint(
          HistogramDataPointSnapshot.builder()
              .labels(model.labels)
              .classicHistogramBuckets(
                  ClassicHistogramBuckets.of(LATENCY_BOUNDS, totals.latencyBuckets))
              .sum(totals.latencySumNanos / 1e9)
              .build());
      for (Map.Entry<String, Long> e : new TreeMap<>(monitor.errors().counts(sum)).entrySet()) {
        errors.dataPoint(
            counter(Labels.of(LABEL_MODEL, name, LABEL_EXCEPTION, e.getKey()), e.getValue()));
      }
      rows.dataPoint(histogram(model.labels, monitor.rows(), model.rowBounds, sum, scratch));

      for (Column feature : monitor.features()) {
        if (feature.kind() != Column.Kind.CATEGORICAL) {
          continue;
        }
        for (Map.Entry<String, Long> e :
            new TreeMap<>(feature.categories().counts(sum)).entrySet()) {
          categories.dataPoint(
              counter(
                  Labels.of(
                      LABEL_MODEL, name, LABEL_FEATURE, feature.name(), LABEL_CATEGORY, e.getKey()),
                  e.getValue()));
          anyCategory = true;
        }
      }
      for (Column output : monitor.outputs()) {
        if (output.kind() != Column.Kind.CLASSIFICATION) {
          continue;
        }
        for (Map.Entry<String, Long> e :
            new TreeMap<>(output.categories().counts(sum)).entrySet()) {
          classes.dataPoint(
              counter(
                  Labels.of(
                      LABEL_MODEL, name, LABEL_OUTPUT, output.name(), LABEL_CLASS, e.getKey()),
                  e.getValue()));
          anyClass = true;
        }
      }
    }
    for (ModelSeries.ColumnSeries feature : series.features) {
      long[] sum = sums[feature.model];
      if (feature.histogram != null) {
        featureValues.dataPoint(
            histogram(feature.labels, feature.histogram, feature.upperBounds, sum, scratch));
        missing.dataPoint(counter(feature.labels, feature.histogram.missing(sum)));
        outOfRange.dataPoint(counter(feature.labels, feature.histogram.outOfRange(sum)));
      } else {
        missing.dataPoint(counter(feature.labels, feature.categories.missing(sum)));
      }
    }
    for (ModelSeries.ColumnSeries output : series.outputs) {
      outputValues.dataPoint(
          histogram(
              output.labels, output.histogram, output.upperBounds, sums[output.model], scratch));
    }
    List<MetricSnapshot> snapshots = new ArrayList<>();
    snapshots.add(predictions.build());
    snapshots.add(errors.build());
    snapshots.add(duration.build());
    snapshots.add(timed.build());
    snapshots.add(inFlight.build());
    snapshots.add(rows.build());
    if (series.features.length > 0) {
      snapshots.add(featureValues.build());
      snapshots.add(missing.build());
      snapshots.add(outOfRange.build());
    }
    if (anyCategory) {
      snapshots.add(categories.build());
    }
    if (series.outputs.length > 0) {
      snapshots.add(outputValues.build());
    }
    if (anyClass) {
      snapshots.add(classes.build());
    }
    return new MetricSnapshots(snapshots);
  }

  /**
   * The series of the recorder's models, built again when the list changes: a model whose features
   * are discovered at its first call is replaced in the recorder, and a scrape before that call
   * must not keep the old one.
   */
  private ModelSeries series() {
    ModelSeries built = series;
    List<ModelMonitor> models = recorder.settledModels();
    if (built == null || built.source != models) {
      // a racing scrape may build it too: both are equal, either may stay
      built = new ModelSeries(models);
      series = built;
    }
    return built;
  }

  private static CounterDataPointSnapshot counter(Labels labels, double value) {
    return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  private static HistogramDataPointSnapshot histogram(
      Labels labels,
      NumericHistogram histogram,
      double[] upperBounds,
      long[] sum,
      long[][] scratch) {
    long[] counts = scratch[upperBounds.length];
    if (counts == null) {
      counts = scratch[upperBounds.length] = new long[upperBounds.length];
    }
    // client_java copies both arrays, so one scratch array per length serves every histogram
    histogram.bucketCounts(sum, counts);
    return HistogramDataPointSnapshot.builder()
        .labels(labels)
        .classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds, counts))
        .sum(histogram.sum(sum))
        .build();
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(
        PREDICTIONS,
        PREDICTION_ERRORS,
        PREDICTION_DURATION,
        IN_FLIGHT,
        BATCH_ROWS,
        FEATURE_VALUE,
        FEATURE_CATEGORY,
        FEATURE_MISSING,
        FEATURE_OUT_OF_RANGE,
        OUTPUT_VALUE,
        OUTPUT_CLASS);
  }
}
