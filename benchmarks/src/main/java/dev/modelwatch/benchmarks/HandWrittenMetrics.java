package dev.modelwatch.benchmarks;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What a careful engineer writes by hand with prometheus-metrics-core to record what the agent
 * records: a latency histogram, one classic histogram per feature, one for the output, a call
 * counter and an error counter. Every data point is resolved once, here, so the per-call cost is
 * only the observes: the bar the agent is measured against.
 */
public final class HandWrittenMetrics {
  /** The agent's default feature bounds, so both sides search the same number of buckets. */
  private static final double[] VALUE_BOUNDS = {
    -1000, -100, -10, -1, -0.1, 0, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000
  };

  private static final double[] LATENCY_BOUNDS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final CounterDataPoint calls;
  private final CounterDataPoint errors;
  private final DistributionDataPoint latency;
  private final DistributionDataPoint[] features;
  private final DistributionDataPoint output;

  public HandWrittenMetrics(String model, String[] featureNames) {
    PrometheusRegistry registry = new PrometheusRegistry();
    calls =
        Counter.builder()
            .name("model_predictions_total")
            .labelNames("model")
            .register(registry)
            .labelValues(model);
    errors =
        Counter.builder()
            .name("model_prediction_errors_total")
            .labelNames("model")
            .register(registry)
            .labelValues(model);
    latency =
        Histogram.builder()
            .name("model_prediction_duration_seconds")
            .labelNames("model")
            .classicOnly()
            .classicUpperBounds(LATENCY_BOUNDS)
            .register(registry)
            .labelValues(model);
    Histogram featureValues =
        Histogram.builder()
            .name("model_feature_value")
            .labelNames("model", "feature")
            .classicOnly()
            .classicUpperBounds(VALUE_BOUNDS)
            .register(registry);
    features = new DistributionDataPoint[featureNames.length];
    for (int i = 0; i < featureNames.length; i++) {
      features[i] = featureValues.labelValues(model, featureNames[i]);
    }
    output =
        Histogram.builder()
            .name("model_output_value")
            .labelNames("model", "output")
            .classicOnly()
            .classicUpperBounds(VALUE_BOUNDS)
            .register(registry)
            .labelValues(model, "y");
  }

  public void succeeded(long nanos, float[] row, double prediction) {
    calls.inc();
    latency.observe(nanos / 1e9);
    for (int i = 0; i < features.length; i++) {
      features[i].observe(row[i]);
    }
    output.observe(prediction);
  }

  public void failed(long nanos) {
    calls.inc();
    errors.inc();
    latency.observe(nanos / 1e9);
  }
}
