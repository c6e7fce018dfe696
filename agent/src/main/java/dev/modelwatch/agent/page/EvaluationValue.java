package dev.modelwatch.agent.page;

import java.util.Collections;
import java.util.Map;

/** One {@code model_evaluation*} series of a model, read generically from the registry. */
public final class EvaluationValue {
  final String metric;

  /** The series' labels other than {@code model}. */
  final Map<String, String> labels;

  final double value;

  EvaluationValue(String metric, Map<String, String> labels, double value) {
    this.metric = metric;
    this.labels = Collections.unmodifiableMap(labels);
    this.value = value;
  }
}
