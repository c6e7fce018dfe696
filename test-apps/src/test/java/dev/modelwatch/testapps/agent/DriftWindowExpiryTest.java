package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The drift window slides: with a 4 s window in 4 slices, drifted rows leave it once a window and a
 * slice have passed, and the drift they caused goes with them. The agent's scheduler thread rotates
 * the slices; nothing is reset by hand.
 */
class DriftWindowExpiryTest {
  private static DriftDetectionTest.Training training;

  @BeforeAll
  static void buildBaseline() throws Exception {
    training = DriftDetectionTest.Training.build("expiry", 20_000, 42);
  }

  @Test
  void driftLeavesTheWindowWithTheRowsThatCausedIt() throws Exception {
    List<String> drifted = List.of("alcohol", "pH");
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            training.config("{window: 4s, slices: 4, min_samples: 200}"),
            List.of("--port", "0", "--threads", "4"))) {
      DriftDetectionTest.send(
          app,
          new TrafficGenerator.Options()
              .mode(TrafficMode.DATA_DRIFT)
              .driftFeatures(drifted)
              .rows(1000)
              .seed(21));
      long driftSent = System.nanoTime();
      Scrape scrape = app.scrape();
      // the rows just sent are in the current slice, whatever the rotations so far
      assertEquals(1000, scrape.value("model_drift_window_samples", "model", "wine"));
      for (String feature : drifted) {
        double psi =
            scrape.value(
                "model_feature_drift", "model", "wine", "feature", feature, "statistic", "psi");
        assertTrue(psi > 0.25, feature + " psi " + psi);
      }

      // the window reaches back at most 4 s (4 slices of 1 s): the drifted rows leave it within 5.5
      // s of being
      // sent; waits for that, failing if they are still there after 5.5 s
      while ((scrape = app.scrape()).value("model_drift_window_samples", "model", "wine") != 0) {
        long elapsedMillis = (System.nanoTime() - driftSent) / 1_000_000;
        assertTrue(
            elapsedMillis < 5_500,
            "drifted rows still in the window after "
                + elapsedMillis
                + " ms: "
                + scrape.value("model_drift_window_samples", "model", "wine"));
        Thread.sleep(50);
      }
      assertTrue(!scrape.hasMetric("model_feature_drift"), scrape.text());

      DriftDetectionTest.send(
          app, new TrafficGenerator.Options().mode(TrafficMode.NORMAL).rows(1000).seed(22));
      scrape = app.scrape();
      double samples = scrape.value("model_drift_window_samples", "model", "wine");
      assertTrue(samples >= 200 && samples <= 1000, "window samples " + samples);
      for (String feature : DriftDetectionTest.NUMERIC) {
        double psi =
            scrape.value(
                "model_feature_drift", "model", "wine", "feature", feature, "statistic", "psi");
        assertTrue(psi < 0.1, feature + " psi " + psi);
      }
      // the cumulative histograms keep every row: only the window forgets
      assertEquals(
          2000, scrape.value("model_feature_value_count", "model", "wine", "feature", "alcohol"));
    }
  }
}
