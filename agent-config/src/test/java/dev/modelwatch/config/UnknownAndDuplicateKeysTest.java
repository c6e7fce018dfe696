package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.model;
import static dev.modelwatch.config.Yamls.modelProblems;
import static dev.modelwatch.config.Yamls.problems;
import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownAndDuplicateKeysTest {

  @Test
  void unknownKeyCloseToAKnownOneGetsASuggestion() {
    assertEquals(
        List.of(at(2, "server.prot: unknown key 'prot'; did you mean 'port'?")),
        problems(yaml("server:", "  prot: 9000") + model()));
  }

  @Test
  void unknownKeyWrittenInCamelCaseSuggestsTheSnakeCaseKey() {
    assertEquals(
        List.of(at(2, "server.jvmMetrics: unknown key 'jvmMetrics'; did you mean 'jvm_metrics'?")),
        problems(yaml("server:", "  jvmMetrics: false") + model()));
  }

  @Test
  void unknownKeyFarFromEveryKnownOneListsTheKnownKeys() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].colour: unknown key 'colour'; expected one of name, intercept,"
                    + " features, summarize_inputs, outputs, sampling, timing, baseline, drift, prediction_id, feedback, capture")),
        modelProblems("colour: blue"));
  }

  @Test
  void unknownTopLevelKeyIsReportedWithItsPath() {
    assertEquals(
        List.of(at(1, "model: unknown key 'model'; did you mean 'models'?")),
        problems(yaml("model: x") + model()));
  }

  @Test
  void duplicateYamlKeyIsRejectedNamingTheFirstLine() {
    assertEquals(
        List.of(at(3, "server.port: duplicate key 'port' (first given at line 2); keep only one")),
        problems(yaml("server:", "  port: 1", "  port: 2") + model()));
  }

  @Test
  void duplicateTopLevelKeyIsRejected() {
    assertEquals(
        List.of(at(5, "strict: duplicate key 'strict' (first given at line 1); keep only one")),
        problems(yaml("strict: true") + model() + yaml("strict: false")));
  }

  @Test
  void mergeKeysAreResolvedSoSharedSettingsNeedNoRepetition() throws ConfigException {
    AgentConfig config =
        Yamls.valid(
            yaml(
                "models:",
                "  - name: a",
                "    intercept: {class: com.acme.A, method: score}",
                "    drift: &drift {window: 30m, slices: 6}",
                "  - name: b",
                "    intercept: {class: com.acme.B, method: score}",
                "    drift:",
                "      <<: *drift",
                "      slices: 3"));
    assertEquals(java.time.Duration.ofMinutes(30), config.models().get(1).drift().window());
    assertEquals(3, config.models().get(1).drift().slices());
    assertEquals(6, config.models().get(0).drift().slices());
  }
}
