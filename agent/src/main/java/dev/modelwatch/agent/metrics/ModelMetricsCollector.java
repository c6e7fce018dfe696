package dev.modelwatch.agent.metrics;

import static dev.modelwatch.agent.metrics.MetricsContract.*;

import dev.modelwatch.agent.record.LatencyBuckets;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.Recorder;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exposes the per-call metrics of every model. The recording cells are the agent's own (per
 * thread, see {@link dev.modelwatch.agent.record.Cells}); this collector sums them at scrape time
 * into client_java snapshots, so the registry, formats and HTTP server stay client_java's.
 */
public final class ModelMetricsCollector implements MultiCollector {
  private static final double[] LATENCY_BOUNDS = LatencyBuckets.upperBounds();
  private final Recorder recorder;

  public ModelMetricsCollector(Recorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public MetricSnapshots collect() {
    CounterSnapshot.Builder predictions =
        CounterSnapshot.builder().name(PREDICTIONS).help(PREDICTIONS_HELP);
    CounterSnapshot.Builder errors =
        CounterSnapshot.builder().name(PREDICTION_ERRORS).help(PREDICTION_ERRORS_HELP);
    HistogramSnapshot.Builder duration =
        HistogramSnapshot.builder()
            .name(PREDICTION_DURATION)
            .help(PREDICTION_DURATION_HELP)
            .unit(Unit.SECONDS);
    GaugeSnapshot.Builder inFlight = GaugeSnapshot.builder().name(IN_FLIGHT).help(IN_FLIGHT_HELP);

    for (ModelMonitor model : recorder.models()) {
      Labels labels = Labels.of(LABEL_MODEL, model.name());
      ModelMonitor.CallTotals totals = model.totals(recorder.cells().sum(model.id()));
      predictions.dataPoint(
          CounterDataPointSnapshot.builder().labels(labels).value(totals.finished).build());
      inFlight.dataPoint(
          GaugeDataPointSnapshot.builder().labels(labels).value(totals.inFlight()).build());
      duration.dataPoint(
          HistogramDataPointSnapshot.builder()
              .labels(labels)
              .classicHistogramBuckets(ClassicHistogramBuckets.of(LATENCY_BOUNDS, totals.latencyBuckets))
              .sum(totals.latencySumNanos / 1e9)
              .build());
      for (Map.Entry<String, LongAdder> e : sorted(model.errors().counts()).entrySet()) {
        errors.dataPoint(
            CounterDataPointSnapshot.builder()
                .labels(Labels.of(LABEL_MODEL, model.name(), LABEL_EXCEPTION, e.getKey()))
                .value(e.getValue().sum())
                .build());
      }
    }
    return new MetricSnapshots(
        Arrays.asList(predictions.build(), errors.build(), duration.build(), inFlight.build()));
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(PREDICTIONS, PREDICTION_ERRORS, PREDICTION_DURATION, IN_FLIGHT);
  }

  private static <V> Map<String, V> sorted(Map<String, V> map) {
    return new TreeMap<>(map);
  }
}
