package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.rules.Promtool;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code promtool check metrics} (naming and unit conventions) on everything the agent serves. */
class PromtoolCheckMetricsTest {
  @Test
  void theAgentsMetricsPassPromtoolsChecks() throws Exception {
    String config =
        new String(Files.readAllBytes(Path.of("..", "deploy", "demo", "modelwatch.yaml"))).replace("port: 9464", "port: 0");
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
      Promtool.Result result = Promtool.locate().runWithInput(Path.of("."), text, "check", "metrics");
      assertTrue(result.succeeded(), result.describe());
      assertTrue(result.output().isBlank(), "promtool reported lint problems:\n" + result.describe());
    }
  }
}
