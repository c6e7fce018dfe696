package dev.modelwatch.agent.feedback;

import static dev.modelwatch.agent.metrics.MetricsContract.*;

import dev.modelwatch.agent.metrics.SummedCollector;
import dev.modelwatch.agent.record.CellSums;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;

/**
 * Exposes {@code model_evaluation_estimated{model,output,metric="accuracy"}} and {@code
 * model_evaluation_estimated_samples{model,output}} for every classification output (see {@link
 * AccuracyEstimates}); the estimate only from the model's {@code min_samples} confidences on.
 */
public final class AccuracyEstimateCollector implements SummedCollector {
  private final AccuracyEstimates estimates;

  public AccuracyEstimateCollector(AccuracyEstimates estimates) {
    this.estimates = estimates;
  }

  @Override
  public MetricSnapshots collect() {
    return collect(estimates.estimates());
  }

  @Override
  public MetricSnapshots collect(CellSums sums) {
    return collect(estimates.estimates(sums));
  }

  private static MetricSnapshots collect(List<AccuracyEstimates.Estimate> all) {
    GaugeSnapshot.Builder estimated =
        GaugeSnapshot.builder().name(EVALUATION_ESTIMATED).help(EVALUATION_ESTIMATED_HELP);
    GaugeSnapshot.Builder samples =
        GaugeSnapshot.builder()
            .name(EVALUATION_ESTIMATED_SAMPLES)
            .help(EVALUATION_ESTIMATED_SAMPLES_HELP);
    boolean any = false;
    boolean anyEstimate = false;
    for (AccuracyEstimates.Estimate estimate : all) {
      any = true;
      samples.dataPoint(
          gauge(
              Labels.of(LABEL_MODEL, estimate.model, LABEL_OUTPUT, estimate.output),
              estimate.samples));
      if (estimate.accuracy == estimate.accuracy) {
        anyEstimate = true;
        estimated.dataPoint(
            gauge(
                Labels.of(
                    LABEL_MODEL,
                    estimate.model,
                    LABEL_OUTPUT,
                    estimate.output,
                    LABEL_METRIC,
                    "accuracy"),
                estimate.accuracy));
      }
    }
    MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
    if (any) {
      snapshots.metricSnapshot(samples.build());
    }
    if (anyEstimate) {
      snapshots.metricSnapshot(estimated.build());
    }
    return snapshots.build();
  }

  private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
    return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(EVALUATION_ESTIMATED, EVALUATION_ESTIMATED_SAMPLES);
  }
}
