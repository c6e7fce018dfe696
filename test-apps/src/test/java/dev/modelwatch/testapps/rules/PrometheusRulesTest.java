package dev.modelwatch.testapps.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.modelwatch.testapps.rules.PrometheusRuleFiles.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Prometheus rules in {@code alerts/}: promtool accepts every rule file and passes every unit
 * test in {@code alerts/tests/}, every alert carries what an on-call engineer needs, and no rule
 * goes untested.
 */
class PrometheusRulesTest {

  static final String RUNBOOK_BASE =
      "https://github.com/modelwatch/modelwatch/blob/main/alerts/runbooks/";

  private static final Path ROOT = RepositoryRoot.find();
  private static final Path ALERTS = ROOT.resolve("alerts");
  private static final Path TESTS = ALERTS.resolve("tests");

  @Test
  void promtoolAcceptsEveryRuleFile() throws Exception {
    List<Path> ruleFiles = PrometheusRuleFiles.ruleFiles(ROOT);
    assertFalse(ruleFiles.isEmpty(), "no *.rules.yml in " + ALERTS);
    List<String> args = new ArrayList<>(List.of("check", "rules"));
    ruleFiles.forEach(f -> args.add(f.getFileName().toString()));

    Promtool.Result result = promtool().run(ALERTS, args.toArray(new String[0]));

    assertTrue(result.succeeded(), result::describe);
  }

  @TestFactory
  Stream<DynamicTest> promtoolPassesEveryUnitTestFile() {
    List<Path> testFiles = PrometheusRuleFiles.unitTestFiles(ROOT);
    assertFalse(testFiles.isEmpty(), "no *.test.yml in " + TESTS);
    Promtool promtool = promtool();
    return testFiles.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> {
                      Promtool.Result result =
                          promtool.run(TESTS, "test", "rules", file.getFileName().toString());
                      assertTrue(result.succeeded(), result::describe);
                    }));
  }

  @Test
  void everyAlertHasSeverityAnnotationsAndARunbook() throws IOException {
    Map<String, Set<String>> firingLabels = new HashMap<>();
    for (Map<String, Object> test : unitTests()) {
      for (Object check : YamlFiles.asList(test.get("alert_rule_test"), "alert_rule_test")) {
        Map<String, Object> checkMap = YamlFiles.asMap(check, "alert_rule_test entry");
        for (Object expected : YamlFiles.asList(checkMap.get("exp_alerts"), "exp_alerts")) {
          Map<String, Object> expLabels =
              YamlFiles.asMap(
                  YamlFiles.asMap(expected, "exp_alerts entry")
                      .getOrDefault("exp_labels", Map.of()),
                  "exp_labels");
          firingLabels
              .computeIfAbsent(String.valueOf(checkMap.get("alertname")), k -> new HashSet<>())
              .addAll(expLabels.keySet());
        }
      }
    }
    List<String> problems = new ArrayList<>();
    for (Rule alert : alerts()) {
      String where = alert.location() + ": ";
      String severity = alert.labels().get("severity");
      if (!Set.of("critical", "warning", "info").contains(severity)) {
        problems.add(
            where + "label severity is " + severity + ", expected critical, warning or info");
      }
      Map<String, String> annotations = alert.annotations();
      for (String key : List.of("summary", "description", "runbook_url")) {
        if (annotations.getOrDefault(key, "").isBlank()) {
          problems.add(where + "annotation " + key + " is missing");
        }
      }
      String text =
          annotations.getOrDefault("summary", "") + annotations.getOrDefault("description", "");
      if (!text.contains("$value")) {
        problems.add(where + "summary/description do not show {{ $value }}");
      }
      // The labels the alert really carries, as its unit tests expect them.
      Set<String> labels = firingLabels.getOrDefault(alert.name(), Set.of());
      for (String label : List.of("model", "feature", "output", "statistic", "stage", "instance")) {
        if (labels.contains(label) && !text.contains("{{ $labels." + label + " }}")) {
          problems.add(where + "summary/description do not name {{ $labels." + label + " }}");
        }
      }
      if (!labels.contains("model") && !labels.contains("instance")) {
        problems.add(where + "its unit tests expect neither a model nor an instance label");
      }
      String runbookUrl = annotations.getOrDefault("runbook_url", "");
      if (!runbookUrl.equals(RUNBOOK_BASE + alert.name() + ".md")) {
        problems.add(
            where
                + "runbook_url is "
                + runbookUrl
                + ", expected "
                + RUNBOOK_BASE
                + alert.name()
                + ".md");
      }
      Path runbook = ALERTS.resolve("runbooks").resolve(alert.name() + ".md");
      if (!Files.isRegularFile(runbook)) {
        problems.add(where + "runbook " + ROOT.relativize(runbook) + " does not exist");
      } else {
        String content = Files.readString(runbook, StandardCharsets.UTF_8);
        for (String section :
            List.of("# " + alert.name(), "## Confirm", "## Likely causes", "## What to do")) {
          if (!content.contains(section)) {
            problems.add(where + ROOT.relativize(runbook) + " lacks the heading '" + section + "'");
          }
        }
      }
      if (!alert.name().startsWith("Model")) {
        problems.add(
            where
                + "alert names start with Model so dashboards find them with ALERTS{alertname=~\"Model.*\"}");
      }
    }
    assertEquals(
        List.of(), problems, "alerts lacking what on-call needs:\n" + String.join("\n", problems));
  }

  @Test
  void everyAlertHasAUnitTestWhereItFiresAndOneWhereItIsSilent() {
    Set<String> firing = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    for (Map<String, Object> test : unitTests()) {
      for (Object check : YamlFiles.asList(test.get("alert_rule_test"), "alert_rule_test")) {
        Map<String, Object> checkMap = YamlFiles.asMap(check, "alert_rule_test entry");
        String alertname = String.valueOf(checkMap.get("alertname"));
        if (YamlFiles.asList(checkMap.get("exp_alerts"), "exp_alerts").isEmpty()) {
          silent.add(alertname);
        } else {
          firing.add(alertname);
        }
      }
    }
    Set<String> alertNames =
        alerts().stream().map(Rule::name).collect(Collectors.toCollection(TreeSet::new));
    assertFalse(alertNames.isEmpty(), "no alerting rules found in " + ALERTS);

    assertEquals(
        Set.of(), difference(alertNames, firing), "alerts without a unit test in which they fire");
    assertEquals(
        Set.of(),
        difference(alertNames, silent),
        "alerts without a unit test in which they stay silent");
    assertEquals(
        Set.of(), difference(firing, alertNames), "unit tests for alerts that do not exist");
  }

  @Test
  void everyRecordingRuleHasAUnitTestWithExactValues() {
    Set<String> tested = new HashSet<>();
    for (Map<String, Object> test : unitTests()) {
      for (Object check : YamlFiles.asList(test.get("promql_expr_test"), "promql_expr_test")) {
        Map<String, Object> checkMap = YamlFiles.asMap(check, "promql_expr_test entry");
        if (!YamlFiles.asList(checkMap.get("exp_samples"), "exp_samples").isEmpty()) {
          tested.add(String.valueOf(checkMap.get("expr")).trim());
        }
      }
    }
    Set<String> recorded = new TreeSet<>();
    for (Path file : PrometheusRuleFiles.ruleFiles(ROOT)) {
      PrometheusRuleFiles.rules(file).stream()
          .filter(r -> !r.isAlert())
          .forEach(r -> recorded.add(r.name()));
    }
    assertFalse(recorded.isEmpty(), "no recording rules found in " + ALERTS);

    assertEquals(
        Set.of(),
        difference(recorded, tested),
        "recording rules without a promql_expr_test (expr: <record name>) with expected samples");
  }

  private static Promtool promtool() {
    try {
      return Promtool.locate();
    } catch (IllegalStateException e) {
      return fail(e.getMessage());
    }
  }

  private static List<Rule> alerts() {
    List<Rule> alerts = new ArrayList<>();
    for (Path file : PrometheusRuleFiles.ruleFiles(ROOT)) {
      PrometheusRuleFiles.rules(file).stream().filter(Rule::isAlert).forEach(alerts::add);
    }
    return alerts;
  }

  private static List<Map<String, Object>> unitTests() {
    List<Map<String, Object>> tests = new ArrayList<>();
    for (Path file : PrometheusRuleFiles.unitTestFiles(ROOT)) {
      for (Object test : YamlFiles.asList(YamlFiles.readMap(file).get("tests"), file + ": tests")) {
        tests.add(YamlFiles.asMap(test, file + ": test"));
      }
    }
    return tests;
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> result = new TreeSet<>(a);
    result.removeAll(b);
    return result;
  }
}
