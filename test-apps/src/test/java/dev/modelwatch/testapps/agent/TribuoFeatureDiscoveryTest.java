package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.TribuoTraffic.MAIN;
import static dev.modelwatch.testapps.agent.TribuoTraffic.MODEL_DIR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Tribuo model configured without features records every feature of its feature map, under the
 * model's own names, with exact counts; bucket bounds and the coarse baseline come from the
 * training statistics the model carries, so drift works for them too.
 */
class TribuoFeatureDiscoveryTest {
  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: wine",
          "    intercept: {library: tribuo}",
          "    outputs: [{name: quality, kind: regression, key: quality}]",
          "");

  @Test
  void everyFeatureOfTheModelIsRecordedByItsOwnName() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            CONFIG,
            List.of("--port", "0", "--model-dir", MODEL_DIR.toString(), "--task", "regression"))) {
      // scraped before the first call, as Prometheus does: the model's series are there, its
      // features not yet
      Scrape before = app.scrape();
      assertEquals(0, before.value("model_predictions_total", "model", "wine"));
      assertTrue(!before.hasMetric("model_feature_value"), before.text());
      TrafficResult traffic =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .rows(400)
                  .threads(2)
                  .seed(31)
                  .recordExchanges(true));
      TribuoTraffic t = TribuoTraffic.of(null, traffic);
      Scrape scrape = app.scrape();
      assertEquals(t.calls, scrape.value("model_predictions_total", "model", "wine"));
      for (String feature : WineData.FEATURE_NAMES) {
        assertEquals(
            t.present(feature),
            scrape.value("model_feature_value_count", "model", "wine", "feature", feature),
            feature);
        assertEquals(
            t.sum(feature),
            scrape.value("model_feature_value_sum", "model", "wine", "feature", feature),
            1e-6 * Math.max(1, Math.abs(t.sum(feature))),
            feature);
        assertEquals(
            t.missing(feature),
            scrape.value("model_feature_missing_total", "model", "wine", "feature", feature),
            feature);
        // the coarse baseline from the model's training statistics covers discovered features
        assertTrue(
            scrape.has(
                "model_feature_drift", "model", "wine", "feature", feature, "statistic", "psi"),
            feature + ": no drift series\n" + scrape.text());
      }
      assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
      assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "install"));
      String log = app.server().stderr();
      assertTrue(
          log.contains(
              "model 'wine': no features configured; every input feature will be discovered at the"
                  + " model's first call, from the Tribuo model's feature map (at most 200, limits.features)"),
          log);
      assertTrue(
          log.contains(
              "model 'wine': discovered 12 input feature(s) from the Tribuo model's feature map: alcohol,"
                  + " chlorides, citric_acid, color, density"),
          log);
    }
  }

  @Test
  void limitsFeaturesKeepsTheFirstOnesAndSaysSo() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            "limits: {features: 3}\n" + CONFIG,
            List.of("--port", "0", "--model-dir", MODEL_DIR.toString(), "--task", "regression"))) {
      TrafficResult traffic =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .rows(50)
                  .threads(1)
                  .seed(32)
                  .recordExchanges(true));
      TribuoTraffic t = TribuoTraffic.of(null, traffic);
      Scrape scrape = app.scrape();
      for (String feature : List.of("alcohol", "chlorides", "citric_acid")) {
        assertEquals(
            t.present(feature),
            scrape.value("model_feature_value_count", "model", "wine", "feature", feature));
      }
      assertTrue(
          !scrape.has("model_feature_value_count", "model", "wine", "feature", "pH"),
          scrape.text());
      assertTrue(
          app.server()
              .stderr()
              .contains(
                  "model 'wine': the model has 12 input features; the first 3 are recorded (limits.features)"),
          app.server().stderr());
    }
  }

  @Test
  void checkConfigSaysTheFeaturesAreDiscoveredAtTheFirstCall() throws Exception {
    CommandLineTest.Result result =
        CommandLineTest.run("check-config", AgentedServer.writeConfig(CONFIG).toString());
    assertEquals(0, result.exit, result.output);
    assertTrue(
        result.output.contains(
            "features discovered at the first call from the Tribuo model's feature map, 1"
                + " output(s)"),
        result.output);
  }
}
