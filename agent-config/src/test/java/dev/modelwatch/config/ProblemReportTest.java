package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProblemReportTest {

  private static final String BROKEN =
      yaml(
          "strict: sometimes", // 1
          "server:", // 2
          "  port: 70000", // 3
          "models:", // 4
          "  - name: wine", // 5
          "    intercept:", // 6
          "      class: org.tribuo.Model", // 7
          "    features:", // 8
          "      - {name: alcohol, kind: numerc}", // 9
          "    drift: {window: 1 hour}", // 10
          "  - name: wine", // 11
          "    intercept: {library: djl}", // 12
          "    sampling: 2"); // 13

  @Test
  void everyProblemIsReportedTogetherInDocumentOrder() {
    ConfigException e = assertThrows(ConfigException.class, () -> Yamls.valid(BROKEN));
    assertEquals(
        List.of(
            at(1, "strict: expected true or false, found \"sometimes\""),
            at(3, "server.port: must be between 0 and 65535, found 70000"),
            at(6, "models[0].intercept.method: required"),
            at(
                9,
                "models[0].features[0].kind: unknown feature kind 'numerc'; expected one of numeric,"
                    + " categorical, embedding; did you mean 'numeric'?"),
            at(
                10,
                "models[0].drift.window: expected a duration: a number followed by ms, s, m, h or d, e.g. 30s,"
                    + " 15m, 24h, found \"1 hour\""),
            at(
                11,
                "models[1].name: duplicate model name 'wine' (first used at line 5); model names must be"
                    + " unique"),
            at(
                13,
                "models[1].sampling: must be greater than 0 and at most 1 (1 records every call), found 2")),
        e.problems().stream().map(ConfigProblem::toString).collect(Collectors.toList()));
  }

  @Test
  void problemCarriesItsPartsSeparately() {
    ConfigException e = assertThrows(ConfigException.class, () -> Yamls.valid(BROKEN));
    ConfigProblem third = e.problems().get(2);
    assertEquals(Yamls.SOURCE.toString(), third.source());
    assertEquals(6, third.line());
    assertEquals("models[0].intercept.method", third.path());
    assertEquals("required", third.message());
  }

  @Test
  void messageCountsTheProblemsListsThemAndSaysHowToCheck() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.parse(
                    yaml("server: {port: x}", "models: []"), Path.of("modelwatch.yaml")));
    String n = System.lineSeparator();
    assertEquals(
        "2 problems in modelwatch.yaml:"
            + n
            + "  modelwatch.yaml:1: server.port: expected an integer, found \"x\""
            + n
            + "  modelwatch.yaml:2: models: at least one model is required"
            + n
            + "Check the file with: java -jar modelwatch-agent.jar check-config modelwatch.yaml",
        e.getMessage());
  }

  @Test
  void singleProblemIsCountedInTheSingular() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> ConfigLoader.parse(yaml("models: []"), Path.of("m.yaml")));
    assertEquals("1 problem in m.yaml:", e.getMessage().lines().findFirst().orElseThrow());
  }

  @Test
  void problemWithoutLineOrPathLeavesThemOut() {
    assertEquals(
        "f.yaml: file not found", new ConfigProblem("f.yaml", 0, "", "file not found").toString());
  }

  @Test
  void problemsAreUnmodifiable() {
    ConfigException e = assertThrows(ConfigException.class, () -> Yamls.valid(BROKEN));
    assertThrows(UnsupportedOperationException.class, () -> e.problems().clear());
  }
}
