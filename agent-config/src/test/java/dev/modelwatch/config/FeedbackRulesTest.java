package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.modelProblems;
import static dev.modelwatch.config.Yamls.validModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackRulesTest {
  private static final String OUTPUT = "outputs: [{name: quality, kind: regression}]";

  @Test
  void idFromAnArgumentPath() throws ConfigException {
    PredictionIdConfig id =
        validModel(OUTPUT, "prediction_id: {argument: 0, path: requestId}").predictionId();
    assertEquals(PredictionIdConfig.Kind.ARGUMENT, id.kind());
    assertEquals(0, id.argument());
    assertEquals("requestId", id.path());
  }

  @Test
  void idFromTheResult() throws ConfigException {
    PredictionIdConfig id =
        validModel(OUTPUT, "prediction_id: {result: true, path: id}").predictionId();
    assertEquals(PredictionIdConfig.Kind.RESULT, id.kind());
    assertEquals("id", id.path());
  }

  @Test
  void idAsAHashOfTheFeatures() throws ConfigException {
    PredictionIdConfig id =
        validModel("features: [{name: x}]", OUTPUT, "prediction_id: {hash: features}")
            .predictionId();
    assertEquals(PredictionIdConfig.Kind.FEATURE_HASH, id.kind());
    assertNull(id.path());
  }

  @Test
  void predictionIdAloneTakesFeedbackWithDefaults() throws ConfigException {
    FeedbackConfig feedback = validModel(OUTPUT, "prediction_id: {argument: 0}").feedback();
    assertEquals(Duration.ofHours(24), feedback.ttl());
    assertEquals(100_000, feedback.maxPending());
    assertEquals(Duration.ofHours(1), feedback.window());
    assertEquals(100, feedback.minSamples());
    assertNull(feedback.method());
  }

  @Test
  void noPredictionIdMeansNoFeedback() throws ConfigException {
    ModelConfig model = validModel(OUTPUT);
    assertNull(model.predictionId());
    assertNull(model.feedback());
  }

  @Test
  void everyFeedbackSetting() throws ConfigException {
    FeedbackConfig feedback =
        validModel(
                OUTPUT,
                "prediction_id: {argument: 0}",
                "feedback:",
                "  ttl: 30m",
                "  max_pending: 500",
                "  window: 10m",
                "  min_samples: 30",
                "  method: {class: com.acme.Outcomes, method: record, id_argument: 1, label_argument: 0}")
            .feedback();
    assertEquals(Duration.ofMinutes(30), feedback.ttl());
    assertEquals(500, feedback.maxPending());
    assertEquals(Duration.ofMinutes(10), feedback.window());
    assertEquals(30, feedback.minSamples());
    assertEquals("com.acme.Outcomes", feedback.method().className());
    assertEquals("record", feedback.method().method());
    assertEquals(1, feedback.method().idArgument());
    assertEquals(0, feedback.method().labelArgument());
  }

  @Test
  void outcomeMethodArgumentsDefaultToIdThenLabel() throws ConfigException {
    FeedbackConfig.OutcomeMethod method =
        validModel(
                OUTPUT,
                "prediction_id: {argument: 0}",
                "feedback: {method: {class: com.acme.Outcomes, method: record}}")
            .feedback()
            .method();
    assertEquals(0, method.idArgument());
    assertEquals(1, method.labelArgument());
  }

  @Test
  void noIdForm() {
    assertEquals(
        List.of(
            at(
                5,
                "models[0].prediction_id: required: argument: N (with an optional path), result:"
                    + " true (with an optional path) or hash: features")),
        modelProblems(OUTPUT, "prediction_id: {path: id}"));
  }

  @Test
  void twoIdForms() {
    assertEquals(
        List.of(
            at(
                5,
                "models[0].prediction_id: give exactly one of argument, result and hash (found"
                    + " argument and hash)")),
        modelProblems(OUTPUT, "prediction_id: {argument: 0, hash: features}"));
  }

  @Test
  void unknownIdKeySuggestsTheClosest() {
    assertEquals(
        List.of(at(5, "models[0].prediction_id.pth: unknown key 'pth'; did you mean 'path'?")),
        modelProblems(OUTPUT, "prediction_id: {argument: 0, pth: id}"));
  }

  @Test
  void idPathThatIsNotAGetterPath() {
    assertEquals(
        List.of(
            at(
                5,
                "models[0].prediction_id.path: 'request id' is not a getter/field path: use Java"
                    + " identifiers separated by dots, e.g. request.id")),
        modelProblems(OUTPUT, "prediction_id: {argument: 0, path: request id}"));
  }

  @Test
  void idArgumentBeyondTheJvmLimit() {
    assertEquals(
        List.of(at(5, "models[0].prediction_id.argument: must be between 0 and 254, found 255")),
        modelProblems(OUTPUT, "prediction_id: {argument: 255}"));
  }

  @Test
  void idArgumentOtherThanTheFeatureArgument() {
    assertEquals(
        List.of(
            at(
                6,
                "models[0].prediction_id.argument: the id must be read from the argument the"
                    + " features are read from (argument 1): the recorder is handed one argument per call. Put the id in"
                    + " that argument (and give its path), or use result: true or hash: features")),
        modelProblems(
            "features: [{name: x, argument: 1}]", OUTPUT, "prediction_id: {argument: 0}"));
  }

  @Test
  void resultFalse() {
    assertEquals(
        List.of(
            at(
                5,
                "models[0].prediction_id.result: must be true (the id is read from the return"
                    + " value); to read it from an argument, write argument: N instead")),
        modelProblems(OUTPUT, "prediction_id: {result: false}"));
  }

  @Test
  void unknownHashSource() {
    assertEquals(
        List.of(
            at(
                6,
                "models[0].prediction_id.hash: unknown hash source 'inputs'; expected one of"
                    + " features")),
        modelProblems("features: [{name: x}]", OUTPUT, "prediction_id: {hash: inputs}"));
  }

  @Test
  void hashWithAPath() {
    assertEquals(
        List.of(
            at(
                6,
                "models[0].prediction_id.path: applies to argument and result ids, not to hash:"
                    + " features; remove it")),
        modelProblems(
            "features: [{name: x}]", OUTPUT, "prediction_id: {hash: features, path: id}"));
  }

  @Test
  void hashWithoutFeatures() {
    assertEquals(
        List.of(
            at(
                5,
                "models[0].prediction_id.hash: hashes the model's feature values, but the model"
                    + " lists no features; list them under features, or read the id from an argument or the result")),
        modelProblems(OUTPUT, "prediction_id: {hash: features}"));
  }

  @Test
  void feedbackWithoutPredictionId() {
    assertEquals(
        List.of(
            at(
                5,
                "models[0].feedback: needs prediction_id to join labels to predictions: add"
                    + " prediction_id: {argument: N, path: P}, {result: true, path: P} or {hash: features}")),
        modelProblems(OUTPUT, "feedback: {ttl: 1h}"));
  }

  @Test
  void feedbackWithoutOutputs() {
    assertEquals(
        List.of(
            at(
                5,
                "models[0].feedback: labels are compared with the model's first output, but the"
                    + " model lists no outputs; add outputs: [{name: ..., kind: regression or classification}]")),
        modelProblems("prediction_id: {argument: 0}", "feedback: {ttl: 1h}"));
  }

  @Test
  void ttlThatIsNotADuration() {
    assertEquals(
        List.of(
            at(
                6,
                "models[0].feedback.ttl: expected a duration: a number followed by ms, s, m, h or"
                    + " d, e.g. 30s, 15m, 24h, found \"1 day\"")),
        modelProblems(OUTPUT, "prediction_id: {argument: 0}", "feedback: {ttl: 1 day}"));
  }

  @Test
  void zeroWindow() {
    assertEquals(
        List.of(at(6, "models[0].feedback.window: must be longer than 0s")),
        modelProblems(OUTPUT, "prediction_id: {argument: 0}", "feedback: {window: 0s}"));
  }

  @Test
  void maxPendingZero() {
    assertEquals(
        List.of(at(6, "models[0].feedback.max_pending: must be between 1 and 10000000, found 0")),
        modelProblems(OUTPUT, "prediction_id: {argument: 0}", "feedback: {max_pending: 0}"));
  }

  @Test
  void minSamplesZero() {
    assertEquals(
        List.of(at(6, "models[0].feedback.min_samples: must be at least 1, found 0")),
        modelProblems(OUTPUT, "prediction_id: {argument: 0}", "feedback: {min_samples: 0}"));
  }

  @Test
  void unknownFeedbackKeySuggestsTheClosest() {
    assertEquals(
        List.of(
            at(
                6,
                "models[0].feedback.max_pendng: unknown key 'max_pendng'; did you mean"
                    + " 'max_pending'?")),
        modelProblems(OUTPUT, "prediction_id: {argument: 0}", "feedback: {max_pendng: 5}"));
  }

  @Test
  void outcomeMethodWithoutClass() {
    assertEquals(
        List.of(at(6, "models[0].feedback.method.class: required")),
        modelProblems(
            OUTPUT, "prediction_id: {argument: 0}", "feedback: {method: {method: record}}"));
  }

  @Test
  void outcomeClassThatIsNotAJavaName() {
    assertEquals(
        List.of(
            at(
                6,
                "models[0].feedback.method.class: 'Outcomes!' is not a Java class name; write it"
                    + " fully qualified, e.g. com.acme.Outcomes")),
        modelProblems(
            OUTPUT,
            "prediction_id: {argument: 0}",
            "feedback: {method: {class: Outcomes!, method: record}}"));
  }

  @Test
  void outcomeMethodThatIsNotAnIdentifier() {
    assertEquals(
        List.of(at(6, "models[0].feedback.method.method: 'record()' is not a Java method name")),
        modelProblems(
            OUTPUT,
            "prediction_id: {argument: 0}",
            "feedback: {method: {class: com.acme.Outcomes, method: 'record()'}}"));
  }

  @Test
  void idAndLabelFromTheSameArgument() {
    assertEquals(
        List.of(
            at(
                6,
                "models[0].feedback.method.label_argument: id_argument and label_argument are"
                    + " both 0; the id and the label must be different arguments")),
        modelProblems(
            OUTPUT,
            "prediction_id: {argument: 0}",
            "feedback: {method: {class: com.acme.Outcomes, method: record, label_argument: 0}}"));
  }
}
