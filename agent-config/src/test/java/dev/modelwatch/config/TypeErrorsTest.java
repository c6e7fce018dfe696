package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.model;
import static dev.modelwatch.config.Yamls.modelProblems;
import static dev.modelwatch.config.Yamls.problems;
import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TypeErrorsTest {

  @Test
  void integerKeyGivenAWord() {
    assertEquals(
        List.of(at(2, "server.port: expected an integer, found \"abc\"")),
        problems(yaml("server:", "  port: abc") + model()));
  }

  @Test
  void integerKeyGivenADecimal() {
    assertEquals(
        List.of(at(1, "limits.classes: expected an integer, found 2.5")),
        problems(yaml("limits: {classes: 2.5}") + model()));
  }

  @Test
  void booleanKeyGivenAWord() {
    assertEquals(
        List.of(at(1, "strict: expected true or false, found \"maybe\"")),
        problems(yaml("strict: maybe") + model()));
  }

  @Test
  void numberKeyGivenAWord() {
    assertEquals(
        List.of(at(4, "models[0].sampling: expected a number, found \"half\"")),
        modelProblems("sampling: half"));
  }

  @Test
  void numberKeyGivenInfinity() {
    assertEquals(
        List.of(at(4, "models[0].features[0].buckets[1]: expected a finite number, found .inf")),
        modelProblems("features: [{name: x, buckets: [1, .inf]}]"));
  }

  @Test
  void stringKeyGivenAMapping() {
    assertEquals(
        List.of(at(1, "server.host: expected a string, found a mapping")),
        problems(yaml("server: {host: {a: 1}}") + model()));
  }

  @Test
  void listKeyGivenAScalar() {
    assertEquals(
        List.of(
            at(4, "models[0].drift.statistics: expected a list like [psi, ks, js], found \"psi\"")),
        modelProblems("drift: {statistics: psi}"));
  }

  @Test
  void mappingKeyGivenAScalar() {
    assertEquals(
        List.of(
            at(
                1,
                "server: expected a mapping of enabled, port, host, jvm_metrics, tls, auth, header_timeout, body_timeout, found 9464")),
        problems(yaml("server: 9464") + model()));
  }

  @Test
  void modelsGivenAMapping() {
    assertEquals(
        List.of(
            at(1, "models: expected a list like [{name: ..., intercept: ...}], found a mapping")),
        problems(yaml("models: {name: m}")));
  }

  @Test
  void listEntryThatIsNotAMapping() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].features[0]: expected a mapping of name, kind, argument, input,"
                    + " index, key, path, buckets, profile, layout, channels, vocabulary, clusters, dimension, found \"alcohol\"")),
        modelProblems("features: [alcohol]"));
  }

  @Test
  void baselineGivenAList() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].baseline: expected a file path or a mapping {record: FILE, rows: N},"
                    + " found a list")),
        modelProblems("baseline: [a.yaml]"));
  }

  @Test
  void topLevelThatIsNotAMapping() {
    assertEquals(
        List.of(
            at(
                1,
                "expected a mapping of strict, startup_check, reload_interval, server, push, limits, models, found a list")),
        problems(yaml("- name: m")));
  }

  @Test
  void quotedNumbersAndYamlBooleanWordsAreAccepted() throws ConfigException {
    AgentConfig config =
        Yamls.valid(yaml("strict: yes", "server: {port: \"9000\", jvm_metrics: off}") + model());
    assertEquals(true, config.strict());
    assertEquals(9000, config.server().port());
    assertEquals(false, config.server().jvmMetrics());
  }
}
