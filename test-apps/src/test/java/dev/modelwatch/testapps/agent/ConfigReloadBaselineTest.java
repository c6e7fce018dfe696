package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.ConfigReloadTest.awaitReloads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.plain.PlainModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A baseline file the config names is watched too: fixing it puts the model under drift monitoring
 * without a restart.
 */
class ConfigReloadBaselineTest {

  @Test
  void aFixedBaselineFileIsReadAgainAndUsed() throws Exception {
    DriftDetectionTest.Training training = DriftDetectionTest.Training.build("reload", 2_000, 7);
    Path baseline = training.dir.resolve("reloaded-baseline.yaml");
    Files.writeString(
        baseline,
        Files.readString(training.baselineFile).replaceFirst("shares: \\[", "shares: [0.5, "));
    Path config =
        AgentedServer.writeConfig(
            "reload_interval: 200ms\n"
                + DriftDetectionTest.Training.yaml(baseline, "{window: 10m, min_samples: 100}"));
    try (AgentedServer app =
        AgentedServer.startWith(
            PlainModelServer.class.getName(),
            List.of(AgentJar.javaagent("config=" + config + ",port=0")),
            List.of("--port", "0"),
            Map.of())) {
      assertTrue(
          app.server().stderr().contains("model 'wine': the baseline cannot be used"),
          app.server().stderr());
      send(app, 10);
      Scrape without = app.scrape();
      assertEquals(10, without.value("model_predictions_total", "model", "wine"));
      assertFalse(without.hasMetric("model_feature_baseline_ratio"));
      assertFalse(without.hasMetric("model_drift_window_samples"));

      Files.copy(training.baselineFile, baseline, StandardCopyOption.REPLACE_EXISTING);
      awaitReloads(app, 1, 0);
      String log = app.server().stderr();
      assertTrue(log.contains("added none, removed none, changed none, unchanged 'wine'"), log);
      send(app, 12);
      Scrape with = app.scrape();
      assertEquals(12, with.value("model_predictions_total", "model", "wine"));
      assertTrue(with.hasMetric("model_feature_baseline_ratio"), with.text());
      assertTrue(with.hasMetric("model_drift_window_samples"), with.text());
      assertEquals(
          12, with.value("model_feature_value_count", "model", "wine", "feature", "alcohol"));
    }
  }

  private static void send(AgentedServer app, int calls) throws Exception {
    for (int i = 0; i < calls; i++) {
      assertEquals(
          200, Http.post(app.appPort(), "/predict", PlainServerAgentTest.GOOD_ROW).statusCode());
    }
  }
}
