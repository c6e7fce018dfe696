package dev.modelwatch.testapps.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.agent.AgentedServer;
import dev.modelwatch.testapps.agent.DriftDetectionTest.Training;
import dev.modelwatch.testapps.plain.PlainModelServer;
import dev.modelwatch.testapps.rules.DashboardQueries;
import dev.modelwatch.testapps.rules.PrometheusRuleFiles;
import dev.modelwatch.testapps.rules.RepositoryRoot;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole stack: a real Prometheus with the shipped rule files scrapes a model server with the
 * real agent while the traffic generator sends normal traffic and then drift. Every dashboard
 * query and every recording rule returns data, every rule evaluates without error, the fleet KS
 * of the recording rules agrees with the agent's own KS, and the drift alert goes pending under
 * drift and not before.
 */
class StackTest {
  /** Fleet KS (from scraped bucket counts over 1h) and the agent's KS (same rows) may differ by this. */
  static final double KS_TOLERANCE = 0.01;

  @Test
  void dashboardsRulesAndAlertsWorkAgainstARealPrometheus() throws Exception {
    Path root = RepositoryRoot.find();
    Training training = Training.build("stack", 20_000, 11);
    String config = training.config("{window: 1h, slices: 12, min_samples: 200}");
    try (AgentedServer app =
        AgentedServer.start(PlainModelServer.class.getName(), config, List.of("--port", "0", "--threads", "4"))) {
      String instance = "127.0.0.1:" + app.agentPort();
      Path work = Files.createDirectories(Paths.get("target", "stack", "prometheus-" + System.nanoTime()));
      try (PrometheusServer prometheus =
          PrometheusServer.start(List.of(instance), PrometheusRuleFiles.ruleFiles(root), Duration.ofSeconds(1), work)) {
        awaitNonEmpty(prometheus, "model_predictions_total{model=\"wine\"}");

        send(app, TrafficMode.NORMAL, 1500, 1);
        awaitScrapes(prometheus, 3);
        assertTrue(driftAlerts(prometheus).isEmpty(), "drift alerts before any drift: " + driftAlerts(prometheus));

        TrafficGenerator.Options drift =
            new TrafficGenerator.Options()
                .port(app.appPort())
                .mode(TrafficMode.DATA_DRIFT)
                .driftFeatures(List.of("alcohol", "pH"))
                .shift(2.0)
                .rows(3000)
                .seed(2);
        TrafficGenerator.run(drift);
        send(app, TrafficMode.CORRUPT, 300, 3); // missing and invalid values for the data-quality panels
        awaitScrapes(prometheus, 3);

        List<Map<String, Object>> pending = awaitDriftAlert(prometheus, "alcohol");
        assertTrue(
            pending.stream().noneMatch(a -> feature(a).equals("fixed_acidity")),
            "an undrifted feature alerted: " + pending);

        // the recording rules' fleet KS against the agent's own KS over the same rows
        double fleet =
            prometheus.value(
                "model_feature:model_feature_value:ks_fleet_1h{model=\"wine\",feature=\"alcohol\"}");
        double agent =
            prometheus.value("model_feature_drift{model=\"wine\",feature=\"alcohol\",statistic=\"ks\"}");
        assertEquals(agent, fleet, KS_TOLERANCE, "fleet KS " + fleet + " vs agent KS " + agent);
        assertTrue(agent > 0.3, "drift of 2 sigma should give a large KS, got " + agent);

        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("model", "wine");
        variables.put("feature", "alcohol");
        variables.put("instance", instance);
        List<String> empty = new ArrayList<>();
        int checked = 0;
        for (DashboardQueries.Query query : DashboardQueries.all(root)) {
          String expression = query.expression(variables);
          if (expression == null || expression.isBlank()) {
            continue;
          }
          checked++;
          if (prometheus.query(expression).isEmpty() && !EXPECTED_EMPTY.test(expression)) {
            empty.add(query + " -> " + expression);
          }
        }
        assertTrue(checked > 40, "only " + checked + " dashboard queries found");
        assertEquals(List.of(), empty, "dashboard queries without data");

        for (Path file : PrometheusRuleFiles.ruleFiles(root)) {
          for (PrometheusRuleFiles.Rule rule : PrometheusRuleFiles.rules(file)) {
            if (!rule.isAlert() && !EXPECTED_EMPTY.test(rule.expr())) {
              assertTrue(!prometheus.query(rule.name()).isEmpty(), "recording rule " + rule.name() + " has no data");
            }
          }
        }
        assertEquals(List.of(), prometheus.unhealthyRules(), "rules that failed to evaluate");
      }
    }
  }

  /**
   * Series that need a classification model with fed-back labels (evaluation metrics, predicted
   * classes): this stack's model is a regression model without labels.
   */
  static final java.util.function.Predicate<String> EXPECTED_EMPTY =
      expression ->
          expression.contains("model_evaluation")
              || expression.contains("model_output_class_total")
              || expression.contains("model_feedback_total");

  static void send(AgentedServer app, TrafficMode mode, int rows, long seed) throws InterruptedException {
    TrafficGenerator.run(new TrafficGenerator.Options().port(app.appPort()).mode(mode).rows(rows).seed(seed));
  }

  static void awaitNonEmpty(PrometheusServer prometheus, String promql) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (prometheus.query(promql).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no data for " + promql + " within 60 s:\n" + prometheus.log());
      }
      Thread.sleep(250);
    }
  }

  /** Waits for {@code count} more scrapes of the agent. */
  static void awaitScrapes(PrometheusServer prometheus, int count) throws Exception {
    double start = prometheus.value("count_over_time(up{job=\"modelwatch\"}[10m])");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (prometheus.value("count_over_time(up{job=\"modelwatch\"}[10m])") < start + count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Prometheus stopped scraping:\n" + prometheus.log());
      }
      Thread.sleep(250);
    }
  }

  static List<Map<String, Object>> driftAlerts(PrometheusServer prometheus) throws Exception {
    List<Map<String, Object>> drift = new ArrayList<>();
    for (Map<String, Object> alert : prometheus.alerts()) {
      if (labels(alert).getOrDefault("alertname", "").startsWith("ModelFeatureDrift")) {
        drift.add(alert);
      }
    }
    return drift;
  }

  static List<Map<String, Object>> awaitDriftAlert(PrometheusServer prometheus, String feature) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      List<Map<String, Object>> alerts = driftAlerts(prometheus);
      boolean found =
          alerts.stream()
              .anyMatch(
                  a ->
                      labels(a).get("alertname").equals("ModelFeatureDriftCritical")
                          && feature(a).equals(feature)
                          && ("pending".equals(a.get("state")) || "firing".equals(a.get("state"))));
      if (found) {
        return alerts;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no pending ModelFeatureDriftCritical for " + feature + "; alerts: " + alerts);
      }
      Thread.sleep(500);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> labels(Map<String, Object> alert) {
    return (Map<String, String>) alert.get("labels");
  }

  static String feature(Map<String, Object> alert) {
    return labels(alert).getOrDefault("feature", "");
  }
}
