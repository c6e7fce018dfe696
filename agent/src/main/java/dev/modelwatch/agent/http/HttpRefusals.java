package dev.modelwatch.agent.http;

import static dev.modelwatch.agent.metrics.MetricsContract.HTTP_REFUSED;
import static dev.modelwatch.agent.metrics.MetricsContract.HTTP_REFUSED_HELP;
import static dev.modelwatch.agent.metrics.MetricsContract.LABEL_REASON;
import static dev.modelwatch.agent.metrics.MetricsContract.REFUSED_AUTH_FAILED;
import static dev.modelwatch.agent.metrics.MetricsContract.REFUSED_BUSY;
import static dev.modelwatch.agent.metrics.MetricsContract.REFUSED_RATE_LIMITED;
import static dev.modelwatch.agent.metrics.MetricsContract.REFUSED_SLOW_REQUEST;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests the endpoint refused, by reason; exported as {@code
 * modelwatch_agent_http_refused_total}.
 */
final class HttpRefusals implements Collector {
  final LongAdder slowRequest = new LongAdder();
  final LongAdder authFailed = new LongAdder();
  final LongAdder rateLimited = new LongAdder();
  final LongAdder busy = new LongAdder();

  @Override
  public MetricSnapshot collect() {
    return CounterSnapshot.builder()
        .name(HTTP_REFUSED)
        .help(HTTP_REFUSED_HELP)
        .dataPoint(point(REFUSED_AUTH_FAILED, authFailed))
        .dataPoint(point(REFUSED_BUSY, busy))
        .dataPoint(point(REFUSED_RATE_LIMITED, rateLimited))
        .dataPoint(point(REFUSED_SLOW_REQUEST, slowRequest))
        .build();
  }

  @Override
  public String getPrometheusName() {
    return HTTP_REFUSED;
  }

  private static CounterDataPointSnapshot point(String reason, LongAdder count) {
    return CounterDataPointSnapshot.builder()
        .labels(Labels.of(LABEL_REASON, reason))
        .value(count.sum())
        .build();
  }
}
