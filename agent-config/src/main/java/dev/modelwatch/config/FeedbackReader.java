package dev.modelwatch.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a model's {@code prediction_id} and {@code feedback}, and checks them against its features
 * and outputs.
 */
final class FeedbackReader {
  static final List<String> ID_KEYS = NodeReader.keys("argument", "result", "path", "hash");
  static final List<String> FEEDBACK_KEYS =
      NodeReader.keys("ttl", "max_pending", "window", "min_samples", "method");
  static final List<String> METHOD_KEYS =
      NodeReader.keys("class", "method", "id_argument", "label_argument");
  static final List<String> HASH_SOURCES = List.of("features");

  private final NodeReader reader;

  FeedbackReader(NodeReader reader) {
    this.reader = reader;
  }

  /** The id, or null when absent or invalid (the problems are recorded). */
  PredictionIdConfig predictionId(MappingReader model, List<FeatureConfig> features) {
    MappingReader id = model.mapping("prediction_id", ID_KEYS);
    if (id == null) {
      return null;
    }
    int before = problemCount();
    List<String> given = new ArrayList<>();
    for (String form : List.of("argument", "result", "hash")) {
      if (id.has(form)) {
        given.add(form);
      }
    }
    if (given.isEmpty()) {
      id.problem(
          "required: argument: N (with an optional path), result: true (with an optional path) or"
              + " hash: features");
      return null;
    }
    if (given.size() > 1) {
      id.problem(
          "give exactly one of argument, result and hash (found "
              + String.join(" and ", given)
              + ")");
      return null;
    }
    String path = id.string("path");
    if (path != null && !JavaNames.isDottedName(path)) {
      id.problem(
          "path",
          "'"
              + path
              + "' is not a getter/field path: use Java identifiers separated by dots,"
              + " e.g. request.id");
    }
    switch (given.get(0)) {
      case "argument":
        {
          int argument = (int) id.integer("argument", 0, 0, ModelReader.MAX_ARGUMENT);
          if (!features.isEmpty()
              && features.get(0).argument() != argument
              && problemCount() == before) {
            id.problem(
                "argument",
                "the id must be read from the argument the features are read from"
                    + " (argument "
                    + features.get(0).argument()
                    + "): the recorder is handed one argument"
                    + " per call. Put the id in that argument (and give its path), or use result: true or"
                    + " hash: features");
          }
          return problemCount() == before
              ? new PredictionIdConfig(PredictionIdConfig.Kind.ARGUMENT, argument, path)
              : null;
        }
      case "result":
        {
          Boolean result = reader.bool(id.node("result"), id.path("result"));
          if (Boolean.FALSE.equals(result)) {
            id.problem(
                "result",
                "must be true (the id is read from the return value); to read it from an"
                    + " argument, write argument: N instead");
          }
          return problemCount() == before
              ? new PredictionIdConfig(PredictionIdConfig.Kind.RESULT, 0, path)
              : null;
        }
      default:
        {
          reader.choice(id.node("hash"), id.path("hash"), "hash source", HASH_SOURCES);
          if (id.has("path")) {
            id.problem(
                "path", "applies to argument and result ids, not to hash: features; remove it");
          }
          if (features.isEmpty() && problemCount() == before) {
            id.problem(
                "hash",
                "hashes the model's feature values, but the model lists no features; list"
                    + " them under features, or read the id from an argument or the result");
          }
          return problemCount() == before
              ? new PredictionIdConfig(PredictionIdConfig.Kind.FEATURE_HASH, 0, null)
              : null;
        }
    }
  }

  /**
   * The feedback settings: defaults when only {@code prediction_id} is given, null when neither is
   * given (or the section is invalid).
   */
  FeedbackConfig feedback(
      MappingReader model, boolean hasPredictionId, List<OutputConfig> outputs) {
    if (!model.has("feedback")) {
      return hasPredictionId ? FeedbackConfig.DEFAULTS : null;
    }
    MappingReader feedback = model.mapping("feedback", FEEDBACK_KEYS);
    if (feedback == null) {
      return null;
    }
    int before = problemCount();
    if (!model.has("prediction_id")) {
      feedback.problem(
          "needs prediction_id to join labels to predictions: add prediction_id: {argument: N,"
              + " path: P}, {result: true, path: P} or {hash: features}");
    }
    if (outputs.isEmpty()) {
      feedback.problem(
          "labels are compared with the model's first output, but the model lists no outputs;"
              + " add outputs: [{name: ..., kind: regression or classification}]");
    } else if (outputs.get(0).embedding() != null) {
      feedback.problem(
          "labels are compared with the model's first output, but it is an embedding ('"
              + outputs.get(0).embedding().name()
              + "'), which no label can be compared with; list the output the labels are for"
              + " first");
    }
    Duration ttl = duration(feedback, "ttl", FeedbackConfig.DEFAULT_TTL);
    int maxPending =
        (int)
            feedback.integer(
                "max_pending",
                FeedbackConfig.DEFAULT_MAX_PENDING,
                1,
                FeedbackConfig.MAX_PENDING_LIMIT);
    Duration window = duration(feedback, "window", FeedbackConfig.DEFAULT_WINDOW);
    long minSamples =
        feedback.integer("min_samples", FeedbackConfig.DEFAULT_MIN_SAMPLES, 1, Long.MAX_VALUE);
    FeedbackConfig.OutcomeMethod method = method(feedback);
    if (problemCount() != before) {
      return null;
    }
    return new FeedbackConfig(ttl, maxPending, window, minSamples, method);
  }

  private Duration duration(MappingReader feedback, String key, Duration defaultValue) {
    if (!feedback.has(key)) {
      return defaultValue;
    }
    String text = reader.string(feedback.node(key), feedback.path(key));
    if (text == null) {
      return null;
    }
    try {
      Duration duration = Durations.parse(text);
      if (duration.isZero()) {
        feedback.problem(key, "must be longer than 0s");
        return null;
      }
      return duration;
    } catch (IllegalArgumentException e) {
      feedback.problem(key, e.getMessage());
      return null;
    }
  }

  private FeedbackConfig.OutcomeMethod method(MappingReader feedback) {
    MappingReader method = feedback.mapping("method", METHOD_KEYS);
    if (method == null) {
      return null;
    }
    String className = method.requiredString("class");
    if (className != null && !JavaNames.isDottedName(className)) {
      method.problem(
          "class",
          "'"
              + className
              + "' is not a Java class name; write it fully qualified, e.g."
              + " com.acme.Outcomes");
    }
    String name = method.requiredString("method");
    if (name != null && !JavaNames.isIdentifier(name)) {
      method.problem("method", "'" + name + "' is not a Java method name");
    }
    int idArgument = (int) method.integer("id_argument", 0, 0, ModelReader.MAX_ARGUMENT);
    int labelArgument = (int) method.integer("label_argument", 1, 0, ModelReader.MAX_ARGUMENT);
    if (idArgument == labelArgument) {
      method.problem(
          method.has("label_argument") ? "label_argument" : "id_argument",
          "id_argument and label_argument are both "
              + idArgument
              + "; the id and the label must be"
              + " different arguments");
    }
    return new FeedbackConfig.OutcomeMethod(className, name, idArgument, labelArgument);
  }

  private int problemCount() {
    return reader.problems().size();
  }
}
