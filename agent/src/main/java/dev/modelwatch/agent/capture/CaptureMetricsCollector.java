package dev.modelwatch.agent.capture;

import static dev.modelwatch.agent.metrics.MetricsContract.CAPTURE_DROPPED;
import static dev.modelwatch.agent.metrics.MetricsContract.CAPTURE_DROPPED_HELP;
import static dev.modelwatch.agent.metrics.MetricsContract.CAPTURE_QUEUE_FULL;
import static dev.modelwatch.agent.metrics.MetricsContract.CAPTURE_SAMPLED;
import static dev.modelwatch.agent.metrics.MetricsContract.CAPTURE_SAMPLED_HELP;
import static dev.modelwatch.agent.metrics.MetricsContract.CAPTURE_WRITE_FAILED;
import static dev.modelwatch.agent.metrics.MetricsContract.CAPTURE_WRITTEN;
import static dev.modelwatch.agent.metrics.MetricsContract.CAPTURE_WRITTEN_HELP;
import static dev.modelwatch.agent.metrics.MetricsContract.LABEL_MODEL;
import static dev.modelwatch.agent.metrics.MetricsContract.LABEL_REASON;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;

/**
 * {@code modelwatch_capture_sampled_total{model}}, {@code modelwatch_capture_written_total{model}}
 * and {@code modelwatch_capture_dropped_total{model,reason}} of every model that captures, from 0;
 * nothing when none does.
 */
public final class CaptureMetricsCollector implements MultiCollector {
  private final PayloadCapture capture;

  public CaptureMetricsCollector(PayloadCapture capture) {
    this.capture = capture;
  }

  @Override
  public MetricSnapshots collect() {
    List<ModelCapture> captures = capture.captures();
    if (captures.isEmpty()) {
      return new MetricSnapshots();
    }
    CounterSnapshot.Builder sampled =
        CounterSnapshot.builder().name(CAPTURE_SAMPLED).help(CAPTURE_SAMPLED_HELP);
    CounterSnapshot.Builder written =
        CounterSnapshot.builder().name(CAPTURE_WRITTEN).help(CAPTURE_WRITTEN_HELP);
    CounterSnapshot.Builder dropped =
        CounterSnapshot.builder().name(CAPTURE_DROPPED).help(CAPTURE_DROPPED_HELP);
    for (ModelCapture model : captures) {
      sampled.dataPoint(
          CounterDataPointSnapshot.builder()
              .labels(Labels.of(LABEL_MODEL, model.model()))
              .value(model.sampled())
              .build());
      written.dataPoint(
          CounterDataPointSnapshot.builder()
              .labels(Labels.of(LABEL_MODEL, model.model()))
              .value(model.written())
              .build());
      dropped.dataPoint(
          CounterDataPointSnapshot.builder()
              .labels(Labels.of(LABEL_MODEL, model.model(), LABEL_REASON, CAPTURE_QUEUE_FULL))
              .value(model.droppedQueueFull())
              .build());
      dropped.dataPoint(
          CounterDataPointSnapshot.builder()
              .labels(Labels.of(LABEL_MODEL, model.model(), LABEL_REASON, CAPTURE_WRITE_FAILED))
              .value(model.droppedWriteFailed())
              .build());
    }
    return new MetricSnapshots(sampled.build(), written.build(), dropped.build());
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(CAPTURE_SAMPLED, CAPTURE_WRITTEN, CAPTURE_DROPPED);
  }
}
