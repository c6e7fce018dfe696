package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.modelProblems;
import static dev.modelwatch.config.Yamls.problems;
import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureAndOutputRulesTest {

  @Test
  void duplicateModelNames() {
    assertEquals(
        List.of(
            at(
                4,
                "models[1].name: duplicate model name 'wine' (first used at line 2); model names"
                    + " must be unique")),
        problems(
            yaml(
                "models:",
                "  - name: wine",
                "    intercept: {library: djl}",
                "  - name: wine",
                "    intercept: {library: tribuo}")));
  }

  @Test
  void modelNameOutsideThePattern() {
    assertEquals(
        List.of(
            at(
                2,
                "models[0].name: '9 wines' is not a valid model name: start with a letter or _,"
                    + " then use letters, digits, _ . : or -")),
        problems(yaml("models:", "  - name: 9 wines", "    intercept: {library: djl}")));
  }

  @Test
  void duplicateFeatureNames() {
    assertEquals(
        List.of(
            at(
                6,
                "models[0].features[1].name: duplicate feature name 'alcohol' (first used at"
                    + " line 5); feature names must be unique within a model")),
        modelProblems("features:", "  - name: alcohol", "  - name: alcohol"));
  }

  @Test
  void duplicateOutputNames() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].outputs[1].name: duplicate output name 'q' (first used at line 4);"
                    + " output names must be unique within a model")),
        modelProblems("outputs: [{name: q, kind: regression}, {name: q, kind: regression}]"));
  }

  @Test
  void moreThanOneOfIndexKeyAndPath() {
    assertEquals(
        List.of(
            at(
                5,
                "models[0].features[0]: give at most one of index, key and path (found index and"
                    + " path)")),
        modelProblems("features:", "  - {name: x, index: 0, path: wine.alcohol}"));
  }

  @Test
  void outputsMayCombineIndexAndKey() throws ConfigException {
    OutputConfig output =
        Yamls.validModel("outputs: [{name: p, kind: classification, index: 0, key: red}]")
            .outputs()
            .get(0);
    assertEquals(0, output.index());
    assertEquals("red", output.key());
  }

  @Test
  void unknownFeatureKindSuggestsTheClosest() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].features[0].kind: unknown feature kind 'categoric'; expected one of"
                    + " numeric, categorical, embedding; did you mean 'categorical'?")),
        modelProblems("features: [{name: x, kind: categoric}]"));
  }

  @Test
  void unknownOutputKind() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].outputs[0].kind: unknown output kind 'regresion'; expected one of"
                    + " regression, classification, embedding; did you mean 'regression'?")),
        modelProblems("outputs: [{name: y, kind: regresion}]"));
  }

  @Test
  void bucketsNotStrictlyIncreasing() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].features[0].buckets[2]: bounds must be strictly increasing: 2.0 is not"
                    + " above 2.0")),
        modelProblems("features: [{name: x, buckets: [1, 2, 2]}]"));
  }

  @Test
  void bucketsEmpty() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].features[0].buckets: give at least one bound, or remove the key to use"
                    + " the default buckets")),
        modelProblems("features: [{name: x, buckets: []}]"));
  }

  @Test
  void bucketsOnACategoricalFeature() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].features[0].buckets: applies only to numeric features; remove it or"
                    + " set kind: numeric")),
        modelProblems("features: [{name: x, kind: categorical, buckets: [1, 2]}]"));
  }

  @Test
  void bucketsOnAClassificationOutput() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].outputs[0].buckets: applies only to regression outputs; remove it or"
                    + " set kind: regression")),
        modelProblems("outputs: [{name: y, kind: classification, buckets: [1, 2]}]"));
  }

  @Test
  void getterPathThatIsNotDottedIdentifiers() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].features[0].path: 'wine..alcohol' is not a getter/field path: use"
                    + " Java identifiers separated by dots, e.g. wine.alcohol")),
        modelProblems("features: [{name: x, path: wine..alcohol}]"));
  }

  @Test
  void summarizedInputListedTwice() {
    assertEquals(
        List.of(at(4, "models[0].summarize_inputs[1]: 'image' is listed twice")),
        modelProblems("summarize_inputs: [image, image]"));
  }

  @Test
  void statisticListedTwice() {
    assertEquals(
        List.of(at(4, "models[0].drift.statistics[1]: 'ks' is listed twice")),
        modelProblems("drift: {statistics: [ks, ks]}"));
  }

  @Test
  void unknownStatisticSuggestsTheClosest() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].drift.statistics[0]: unknown statistic 'chi'; expected one of psi, ks,"
                    + " js, chi2; did you mean 'chi2'?")),
        modelProblems("drift: {statistics: [chi]}"));
  }

  @Test
  void emptyStatistics() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].drift.statistics: list at least one of psi, ks, js, chi2, or remove"
                    + " the key for the default [psi, ks, js]")),
        modelProblems("drift: {statistics: []}"));
  }

  @Test
  void unknownThresholdSuggestsTheClosest() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].drift.thresholds.p_value: unknown key 'p_value'; did you mean"
                    + " 'pvalue'?")),
        modelProblems("drift: {thresholds: {p_value: 0.05}}"));
  }

  @Test
  void windowWithoutUnit() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].drift.window: expected a duration: a number followed by ms, s, m, h or"
                    + " d, e.g. 30s, 15m, 24h, found \"60\"")),
        modelProblems("drift: {window: 60}"));
  }

  @Test
  void hostWithASpace() {
    assertEquals(
        List.of(
            at(
                1,
                "server.host: 'local host' is not a host name or IP address (character ' ' is not"
                    + " allowed)")),
        problems(yaml("server: {host: local host}") + Yamls.model()));
  }
}
