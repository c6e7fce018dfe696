package dev.modelwatch.agent.feedback;

import static dev.modelwatch.agent.metrics.MetricsContract.*;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;

/**
 * Exposes {@code model_feedback_total{model,result}}, {@code
 * model_evaluation{model,metric[,class]}} and {@code model_evaluation_samples{model}}. Each scrape
 * first drains what the application handed over, so the numbers are current; evaluation metrics
 * appear only from {@code min_samples} labelled predictions on.
 */
public final class FeedbackCollector implements MultiCollector {
  private final List<ModelFeedback> models;

  public FeedbackCollector(List<ModelFeedback> models) {
    this.models = List.copyOf(models);
  }

  @Override
  public MetricSnapshots collect() {
    CounterSnapshot.Builder feedback = CounterSnapshot.builder().name(FEEDBACK).help(FEEDBACK_HELP);
    GaugeSnapshot.Builder evaluation =
        GaugeSnapshot.builder().name(EVALUATION).help(EVALUATION_HELP);
    GaugeSnapshot.Builder samples =
        GaugeSnapshot.builder().name(EVALUATION_SAMPLES).help(EVALUATION_SAMPLES_HELP);
    boolean anyEvaluation = false;
    for (ModelFeedback model : models) {
      String name = model.model();
      ModelFeedback.Snapshot snapshot = model.snapshot();
      feedback.dataPoint(count(name, "matched", snapshot.matched));
      feedback.dataPoint(count(name, "unmatched", snapshot.unmatched));
      feedback.dataPoint(count(name, "expired", snapshot.expired));
      feedback.dataPoint(count(name, "dropped", snapshot.dropped));
      feedback.dataPoint(count(name, "replaced", snapshot.replaced));
      EvaluationWindow.Totals window = snapshot.window;
      samples.dataPoint(gauge(Labels.of(LABEL_MODEL, name), window.count));
      if (window.count < model.minSamples()) {
        continue;
      }
      anyEvaluation = true;
      if (!model.classification()) {
        for (Map.Entry<String, Double> metric : window.regressionMetrics().entrySet()) {
          evaluation.dataPoint(
              gauge(
                  Labels.of(LABEL_MODEL, name, LABEL_METRIC, metric.getKey()), metric.getValue()));
        }
        continue;
      }
      evaluation.dataPoint(
          gauge(Labels.of(LABEL_MODEL, name, LABEL_METRIC, "accuracy"), window.accuracy()));
      for (int c = 0; c < window.classNames.size(); c++) {
        String className = window.classNames.get(c);
        perClass(evaluation, name, "precision", className, window.precision(c));
        perClass(evaluation, name, "recall", className, window.recall(c));
        perClass(evaluation, name, "f1", className, window.f1(c));
      }
    }
    MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
    if (!models.isEmpty()) {
      snapshots.metricSnapshot(feedback.build()).metricSnapshot(samples.build());
    }
    if (anyEvaluation) {
      snapshots.metricSnapshot(evaluation.build());
    }
    return snapshots.build();
  }

  private static void perClass(
      GaugeSnapshot.Builder evaluation,
      String model,
      String metric,
      String className,
      double value) {
    if (value
        == value) { // undefined (no prediction or no label of the class) is left out, not exported
      // as NaN
      evaluation.dataPoint(
          gauge(
              Labels.of(LABEL_MODEL, model, LABEL_METRIC, metric, LABEL_CLASS, className), value));
    }
  }

  private static CounterDataPointSnapshot count(String model, String result, long value) {
    return CounterDataPointSnapshot.builder()
        .labels(Labels.of(LABEL_MODEL, model, LABEL_RESULT, result))
        .value(value)
        .build();
  }

  private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
    return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(FEEDBACK, EVALUATION, EVALUATION_SAMPLES);
  }
}
