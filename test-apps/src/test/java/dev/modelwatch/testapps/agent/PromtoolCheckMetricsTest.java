package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.agent.DriftDetectionTest.Training;
import dev.modelwatch.testapps.rules.Promtool;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** {@code promtool check metrics} (naming and unit conventions) on everything the agent serves. */
class PromtoolCheckMetricsTest {
  @Test
  void theAgentsMetricsPassPromtoolsChecks() throws Exception {
    String config =
        new String(Files.readAllBytes(Path.of("..", "deploy", "demo", "modelwatch.yaml")))
            .replace("port: 9464", "port: 0");
    try (AgentedServer app = AgentedServer.start(MAIN, config, List.of("--port", "0"))) {
      TrafficGenerator.run(
          new TrafficGenerator.Options()
              .port(app.appPort())
              .mode(TrafficMode.CORRUPT)
              .corruptShare(0.3)
              .rows(300)
              .seed(7));
      String text = app.scrape().text();
      assertTrue(text.contains("model_feature_value_bucket"), text);
      assertTrue(text.contains("model_prediction_errors_total"), text);
      assertLintClean(text);
    }
  }

  /**
   * Everything on at once: a baseline (its ratio and bin share gauges), drift statistics over a
   * window, feedback with evaluation metrics from labels posted to the agent, and the JVM and
   * process metrics; then a classifier's accuracy estimated from its confidences.
   */
  @Test
  void everythingOnAtOncePassesPromtoolsChecks() throws Exception {
    Training training = Training.build("promtool", 5000, 5);
    String config =
        training.config("{window: 1h, slices: 12, min_samples: 100}")
            + "    prediction_id: {hash: features}\n"
            + "    feedback: {window: 1h, min_samples: 100}\n"
            + "server:\n  jvm_metrics: true\n";
    try (AgentedServer app = AgentedServer.start(MAIN, config, List.of("--port", "0"))) {
      Map<Long, String> labels = new ConcurrentHashMap<>();
      TrafficResult result =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .mode(TrafficMode.NORMAL)
                  .rows(300)
                  .seed(8)
                  .recordExchanges(true),
              labels::put);
      FeedbackRows rows = FeedbackRows.of(result, labels);
      HttpResponse<String> response =
          Http.post(app.agentPort(), "/feedback", rows.feedbackLines("wine"));
      assertEquals(200, response.statusCode(), response.body());

      Scrape scrape = app.scrape();
      String text = scrape.text();
      for (String metric :
          List.of(
              "model_feature_baseline_ratio",
              "model_feature_baseline_share",
              "model_feature_drift",
              "model_output_drift",
              "model_drift_threshold",
              "model_evaluation",
              "model_evaluation_samples",
              "model_feedback_total",
              "jvm_memory_used_bytes",
              "process_cpu_seconds_total")) {
        assertTrue(scrape.hasMetric(metric), metric + " is missing:\n" + text);
      }
      assertEquals(300, scrape.value("model_evaluation_samples", "model", "wine"));
      assertLintClean(text);
    }
    try (AgentedServer classifier =
        AgentedServer.start(
            MAIN,
            AccuracyEstimateTest.config(),
            List.of("--port", "0", "--model", "wine-class-probabilities"))) {
      TrafficGenerator.run(
          new TrafficGenerator.Options().port(classifier.appPort()).rows(200).seed(9));
      Scrape scrape = classifier.scrape();
      assertTrue(
          scrape.has(
              "model_evaluation_estimated",
              "model",
              "wine-class",
              "output",
              "quality_class",
              "metric",
              "accuracy"),
          scrape.text());
      assertLintClean(scrape.text());
    }
  }

  /** promtool exits 0 and prints nothing: no lint problem at all. */
  static void assertLintClean(String text) throws Exception {
    Promtool.Result result = Promtool.locate().runWithInput(Path.of("."), text, "check", "metrics");
    assertTrue(result.succeeded(), result.describe());
    assertTrue(result.output().isBlank(), "promtool reported lint problems:\n" + result.describe());
  }
}
