package dev.modelwatch.testapps.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.agent.AgentedServer;
import dev.modelwatch.testapps.agent.DriftDetectionTest.Training;
import dev.modelwatch.testapps.agent.FeedbackRows;
import dev.modelwatch.testapps.agent.Http;
import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.plain.PlainModelServer;
import dev.modelwatch.testapps.rules.DashboardQueries;
import dev.modelwatch.testapps.rules.PrometheusRuleFiles;
import dev.modelwatch.testapps.rules.RepositoryRoot;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The whole stack: a real Prometheus with the shipped rule files scrapes two model servers with the
 * real agent (a regression model with a baseline, and a classifier whose labels are fed back) while
 * the traffic generator sends normal traffic and then drift. Every dashboard query returns data for
 * one of the two models, every recording rule returns data, every rule evaluates without error, the
 * fleet KS of the recording rules agrees with the agent's own KS, and the drift alert goes pending
 * under drift and not before.
 */
class StackTest {
  /**
   * Fleet KS (from scraped bucket counts over 1h) and the agent's KS (same rows) may differ by
   * this.
   */
  static final double KS_TOLERANCE = 0.01;

  @Test
  void dashboardsRulesAndAlertsWorkAgainstARealPrometheus() throws Exception {
    Path root = RepositoryRoot.find();
    Training training = Training.build("stack", 20_000, 11);
    String config = training.config("{window: 1h, slices: 12, min_samples: 200}");
    try (AgentedServer app =
            AgentedServer.start(
                PlainModelServer.class.getName(),
                config,
                List.of("--port", "0", "--threads", "4"));
        AgentedServer classifier =
            AgentedServer.start(
                PlainModelServer.class.getName(),
                CLASSIFIER_CONFIG,
                List.of("--port", "0", "--model", "wine-class-probabilities"))) {
      String instance = "127.0.0.1:" + app.agentPort();
      String classifierInstance = "127.0.0.1:" + classifier.agentPort();
      Path work =
          Files.createDirectories(Paths.get("target", "stack", "prometheus-" + System.nanoTime()));
      try (PrometheusServer prometheus =
          PrometheusServer.start(
              List.of(instance, classifierInstance),
              PrometheusRuleFiles.ruleFiles(root),
              Duration.ofSeconds(1),
              work)) {
        awaitNonEmpty(prometheus, "model_predictions_total{model=\"wine\"}");
        awaitNonEmpty(prometheus, "model_predictions_total{model=\"wine-class\"}");
        sendWithLabels(classifier, 600, 4);

        send(app, TrafficMode.NORMAL, 1500, 1);
        awaitScrapes(prometheus, 3);
        assertTrue(
            driftAlerts(prometheus).isEmpty(),
            "drift alerts before any drift: " + driftAlerts(prometheus));

        TrafficGenerator.Options drift =
            new TrafficGenerator.Options()
                .port(app.appPort())
                .mode(TrafficMode.DATA_DRIFT)
                .driftFeatures(List.of("alcohol", "pH"))
                .shift(2.0)
                .rows(3000)
                .seed(2);
        TrafficGenerator.run(drift);
        send(
            app,
            TrafficMode.CORRUPT,
            300,
            3); // missing and invalid values for the data-quality panels
        awaitScrapes(prometheus, 3);

        List<Map<String, Object>> pending = awaitDriftAlert(prometheus, "alcohol");
        // only the shifted features: the other features' tests do not reject, or their effects are
        // small
        assertTrue(
            pending.stream().allMatch(a -> List.of("alcohol", "pH").contains(feature(a))),
            "an undrifted feature alerted: " + pending);

        // the recording rules' fleet KS against the agent's own KS over the same rows
        double fleet =
            prometheus.value(
                "model_feature:model_feature_value:ks_fleet_1h{model=\"wine\",feature=\"alcohol\"}");
        double agent =
            prometheus.value(
                "model_feature_drift{model=\"wine\",feature=\"alcohol\",statistic=\"ks\"}");
        assertEquals(agent, fleet, KS_TOLERANCE, "fleet KS " + fleet + " vs agent KS " + agent);
        assertTrue(agent > 0.3, "drift of 2 sigma should give a large KS, got " + agent);

        List<Map<String, String>> models =
            List.of(variables("wine", instance), variables("wine-class", classifierInstance));
        List<String> empty = new ArrayList<>();
        int checked = 0;
        for (DashboardQueries.Query query : DashboardQueries.all(root)) {
          boolean hasData = false;
          String shown = null;
          for (Map<String, String> model : models) {
            String expression = query.expression(model);
            if (expression == null || expression.isBlank()) {
              continue;
            }
            shown = expression;
            hasData |= !prometheus.query(expression).isEmpty();
          }
          if (shown == null) {
            continue;
          }
          checked++;
          if (!hasData) {
            empty.add(query + " -> " + shown);
          }
        }
        assertTrue(checked > 40, "only " + checked + " dashboard queries found");
        assertEquals(List.of(), empty, "dashboard queries without data");

        for (Path file : PrometheusRuleFiles.ruleFiles(root)) {
          for (PrometheusRuleFiles.Rule rule : PrometheusRuleFiles.rules(file)) {
            if (!rule.isAlert()) {
              assertTrue(
                  !prometheus.query(rule.name()).isEmpty(),
                  "recording rule " + rule.name() + " has no data");
            }
          }
        }
        assertEquals(List.of(), prometheus.unhealthyRules(), "rules that failed to evaluate");

        // the classifier never failed, so it has no error series at all; its error ratio is 0, not
        // "no data"
        // (fresh calls first: the panels' rates cover the last minute, and no calls at all would be
        // 0 / 0)
        send(classifier, TrafficMode.NORMAL, 200, 5);
        // more corrupt rows for the regression model: the errors of the first burst came before its
        // error series
        // existed, and rate() counts none of those (docs/alerts-and-dashboards.md, error ratios)
        send(app, TrafficMode.CORRUPT, 300, 6);
        awaitScrapes(prometheus, 3);
        assertTrue(
            prometheus.query("model_prediction_errors_total{model=\"wine-class\"}").isEmpty());
        assertTrue(
            !prometheus.query("model_prediction_errors_total{model=\"wine\"}").isEmpty(),
            "the regression model's corrupt rows should have failed");
        assertEquals(
            0.0,
            prometheus.value("model:model_prediction_errors:ratio_rate5m{model=\"wine-class\"}"));
        assertTrue(
            prometheus.value("model:model_prediction_errors:ratio_rate5m{model=\"wine\"}") > 0);
        int ratioPanels = 0;
        for (DashboardQueries.Query query : DashboardQueries.all(root)) {
          String expression = query.expression(variables("wine-class", classifierInstance));
          if (query.toString().contains("Error ratio") && expression != null) {
            ratioPanels++;
            List<Map<String, Object>> series = prometheus.query(expression);
            assertTrue(
                !series.isEmpty(),
                query + " has no data for a model that never failed: " + expression);
            for (Map<String, Object> one : series) {
              assertEquals(0.0, sampleValue(one), query + ": " + one);
            }
          }
        }
        assertEquals(
            3, ratioPanels, "error ratio panels (overview, model fleet, model per replica)");
      }
    }
  }

  /** A classifier whose predictions are identified by their feature hash, so labels can follow. */
  static final String CLASSIFIER_CONFIG = classifierConfig();

  static String classifierConfig() {
    StringBuilder yaml =
        new StringBuilder(
            "models:\n  - name: wine-class\n"
                + "    intercept: {class: dev.modelwatch.testapps.plain.WineClassProbabilityModel, method: predict}\n"
                + "    features:\n");
    for (int i = 0; i < WineData.NUMERIC_FEATURES; i++) {
      yaml.append("      - {name: ")
          .append(WineData.FEATURE_NAMES.get(i))
          .append(", index: ")
          .append(i)
          .append("}\n");
    }
    // the model answers the three class probabilities: the class is the index of the largest, its
    // confidence
    // that probability (so the accuracy estimated from confidences has data)
    yaml.append("      - {name: color, kind: categorical, index: 11}\n")
        .append("    outputs: [{name: quality_class, kind: classification}]\n")
        .append("    prediction_id: {hash: features}\n")
        .append("    feedback: {window: 1h, min_samples: 50}\n");
    return yaml.toString();
  }

  static Map<String, String> variables(String model, String instance) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("namespace", ".*"); // "All": the targets have no namespace label
    variables.put("job", "modelwatch");
    variables.put("model", model);
    variables.put("feature", "alcohol");
    variables.put("instance", instance);
    return variables;
  }

  /**
   * Sends rows to the classifier, then posts the generator's labels to its agent by feature hash,
   * each as the index of its class in {@link WineData#CLASSES} (the class of a score array is the
   * index of its largest score).
   */
  static void sendWithLabels(AgentedServer classifier, int rows, long seed) throws Exception {
    Map<Long, String> labels = new ConcurrentHashMap<>();
    TrafficResult result =
        TrafficGenerator.run(
            new TrafficGenerator.Options()
                .port(classifier.appPort())
                .mode(TrafficMode.NORMAL)
                .rows(rows)
                .seed(seed)
                .classificationLabels(true)
                .recordExchanges(true),
            labels::put);
    StringBuilder body = new StringBuilder();
    for (TrafficResult.Exchange exchange : result.exchanges()) {
      String[] fields = exchange.body.trim().split(",", -1);
      float[] row = new float[fields.length];
      for (int i = 0; i < fields.length; i++) {
        row[i] = Float.parseFloat(fields[i]);
      }
      body.append("{\"model\": \"wine-class\", \"id\": \"")
          .append(FeedbackRows.featureHash(row))
          .append("\", \"label\": \"")
          .append(WineData.CLASSES.indexOf(labels.get(exchange.firstRowId)))
          .append("\"}\n");
    }
    HttpResponse<String> response = Http.post(classifier.agentPort(), "/feedback", body.toString());
    assertEquals(200, response.statusCode(), response.body());
  }

  static void send(AgentedServer app, TrafficMode mode, int rows, long seed)
      throws InterruptedException {
    TrafficGenerator.run(
        new TrafficGenerator.Options().port(app.appPort()).mode(mode).rows(rows).seed(seed));
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
    double start = prometheus.value("min(count_over_time(up{job=\"modelwatch\"}[10m]))");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (prometheus.value("min(count_over_time(up{job=\"modelwatch\"}[10m]))") < start + count) {
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

  static List<Map<String, Object>> awaitDriftAlert(PrometheusServer prometheus, String feature)
      throws Exception {
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
        throw new AssertionError(
            "no pending ModelFeatureDriftCritical for " + feature + "; alerts: " + alerts);
      }
      Thread.sleep(500);
    }
  }

  @SuppressWarnings("unchecked")
  static double sampleValue(Map<String, Object> series) {
    List<Object> value = (List<Object>) series.get("value");
    return Double.parseDouble(value.get(1).toString());
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> labels(Map<String, Object> alert) {
    return (Map<String, String>) alert.get("labels");
  }

  static String feature(Map<String, Object> alert) {
    return labels(alert).getOrDefault("feature", "");
  }
}
