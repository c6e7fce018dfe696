package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.TribuoTraffic.MAIN;
import static dev.modelwatch.testapps.agent.TribuoTraffic.MODEL_DIR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import dev.modelwatch.testapps.tribuo.WineModels;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.RealInfo;

/**
 * A Tribuo model with no baseline file: at its first call the agent compares drift with a coarse
 * baseline from the model's training statistics. The baseline shares are checked against a
 * truncated normal computed here from the statistics in the model file (read with Tribuo's API);
 * training-like traffic shows no drift, alcohol shifted by two standard deviations does.
 */
class TribuoCoarseBaselineAgentTest {
  static final double[] ALCOHOL = {8, 8.5, 9, 9.5, 10, 10.5, 11, 11.5, 12, 12.5, 13};
  static final double[] PH = {2.9, 3.0, 3.1, 3.2, 3.3, 3.4, 3.5};
  static final double[] SULPHATES = {0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7};
  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: wine",
          "    intercept: {library: tribuo}",
          "    features:",
          "      - {name: alcohol, buckets: [8, 8.5, 9, 9.5, 10, 10.5, 11, 11.5, 12, 12.5, 13]}",
          "      - {name: pH, buckets: [2.9, 3.0, 3.1, 3.2, 3.3, 3.4, 3.5]}",
          "      - {name: sulphates, buckets: [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]}",
          "      - {name: color, kind: categorical}",
          "    outputs:",
          "      - {name: quality, kind: regression, key: quality}",
          "    drift: {min_samples: 200, statistics: [psi, ks, js]}",
          "");
  static final int ROWS = 1500;

  @Test
  void trainingStatisticsAreTheBaselineWhenThereIsNoFile() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            CONFIG,
            List.of("--port", "0", "--model-dir", MODEL_DIR.toString(), "--task", "regression"))) {
      TrafficResult normal =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .mode(TrafficMode.NORMAL)
                  .rows(ROWS)
                  .threads(2)
                  .seed(21));
      assertEquals(ROWS, normal.ok());
      Scrape scrape = app.scrape();
      String log = app.server().stderr();
      assertTrue(
          log.contains(
              "model 'wine': no baseline file; will use the Tribuo model's training statistics"
                  + " as a coarse baseline once the model is first called"),
          log);
      assertTrue(
          log.contains(
              "model 'wine': no baseline file; drift of alcohol, pH, sulphates is compared with a"
                  + " coarse baseline from the Tribuo model's training statistics (normal approximation on the"
                  + " histogram's buckets); make a baseline with the `baseline` command for exact training shares"),
          log);
      assertEquals(1, log.split("drift of alcohol", -1).length - 1, log);

      // the baseline: the truncated normal of the model file's statistics, on the configured
      // buckets
      Model<?> model = Model.deserializeFromFile(MODEL_DIR.resolve(WineModels.REGRESSION_FILE));
      assertRatios(scrape, model, "alcohol", ALCOHOL);
      assertRatios(scrape, model, "pH", PH);
      assertRatios(scrape, model, "sulphates", SULPHATES);

      // the window starts at the first call: every row is in it; thresholds are the defaults
      assertEquals(ROWS, scrape.value("model_drift_window_samples", "model", "wine"));
      assertEquals(
          0.25, scrape.value("model_drift_threshold", "model", "wine", "statistic", "psi"));
      for (String feature : List.of("alcohol", "pH", "sulphates")) {
        double psi =
            scrape.value(
                "model_feature_drift", "model", "wine", "feature", feature, "statistic", "psi");
        assertTrue(psi >= 0 && psi < 0.1, feature + " PSI " + psi);
        assertTrue(
            scrape.has(
                "model_feature_drift", "model", "wine", "feature", feature, "statistic", "ks"));
        assertTrue(
            scrape.has(
                "model_feature_drift", "model", "wine", "feature", feature, "statistic", "js"));
      }
      // categorical features and outputs get no coarse baseline: Tribuo keeps no shares of them
      assertTrue(
          !scrape.has(
              "model_feature_drift", "model", "wine", "feature", "color", "statistic", "psi"));
      assertTrue(
          !scrape.has(
              "model_output_drift", "model", "wine", "output", "quality", "statistic", "psi"));

      TrafficResult drifted =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .mode(TrafficMode.DATA_DRIFT)
                  .driftFeatures(List.of("alcohol"))
                  .shift(2)
                  .rows(ROWS)
                  .threads(2)
                  .seed(22));
      assertEquals(ROWS, drifted.ok());
      Scrape after = app.scrape();
      assertEquals(2 * ROWS, after.value("model_drift_window_samples", "model", "wine"));
      double alcohol =
          after.value(
              "model_feature_drift", "model", "wine", "feature", "alcohol", "statistic", "psi");
      assertTrue(alcohol > 0.25, "alcohol PSI " + alcohol);
      for (String feature : List.of("pH", "sulphates")) {
        double psi =
            after.value(
                "model_feature_drift", "model", "wine", "feature", feature, "statistic", "psi");
        assertTrue(psi >= 0 && psi < 0.1, feature + " PSI " + psi);
      }
      assertEquals(0, after.value("modelwatch_agent_errors_total", "stage", "drift"));
    }
  }

  /**
   * Cumulative shares of Normal(mean, sd) truncated to the training [min, max], at every bucket.
   */
  static void assertRatios(Scrape scrape, Model<?> model, String feature, double[] bounds) {
    RealInfo info = (RealInfo) model.getFeatureIDMap().get(feature);
    assertEquals(
        model.getProvenance().getDatasetProvenance().getNumExamples(),
        info.getCount(),
        feature + " is non-zero in every training row, so no share sits at zero");
    NormalDistribution normal =
        new NormalDistribution(info.getMean(), Math.sqrt(info.getVariance()));
    double lo = normal.cumulativeProbability(info.getMin());
    double mass = normal.cumulativeProbability(info.getMax()) - lo;
    String[] le = TribuoTraffic.le(bounds);
    for (int b = 0; b < bounds.length; b++) {
      double x = Math.max(info.getMin(), Math.min(info.getMax(), bounds[b]));
      double expected = (normal.cumulativeProbability(x) - lo) / mass;
      assertEquals(
          expected,
          scrape.value(
              "model_feature_baseline_ratio", "model", "wine", "feature", feature, "upper", le[b]),
          1e-6,
          feature + " le " + le[b]);
    }
    assertEquals(
        1.0,
        scrape.value(
            "model_feature_baseline_ratio", "model", "wine", "feature", feature, "upper", "+Inf"));
  }
}
