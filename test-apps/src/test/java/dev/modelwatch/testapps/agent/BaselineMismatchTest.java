package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A baseline that does not fit the config, or cannot be read at all: the agent says what is wrong
 * and where, counts it as a config error, and monitors the model anyway.
 */
class BaselineMismatchTest {
  private static DriftDetectionTest.Training training;

  @BeforeAll
  static void buildBaseline() throws Exception {
    training = DriftDetectionTest.Training.build("mismatch", 5_000, 42);
  }

  @Test
  void mismatchedFeaturesAreReportedOneByOneAndTheRestIsCompared() throws Exception {
    // the config renames pH to ph and drops sulphates: two mismatches against the baseline
    String yaml =
        training
            .config("{window: 10m, min_samples: 100}")
            .replace("{name: pH, index: 8}", "{name: ph, index: 8}")
            .replace("      - {name: sulphates, index: 9}\n", "");
    try (AgentedServer app =
        AgentedServer.start(MAIN, yaml, List.of("--port", "0", "--threads", "4"))) {
      String log = app.server().stderr();
      assertTrue(
          log.contains(
              "model 'wine': baseline "
                  + training.baselineFile
                  + " does not match the config in 3 places; everything else is monitored and compared as usual:"),
          log);
      assertTrue(
          log.contains(
              "  - feature 'ph' is configured but not in the baseline: it is recorded on default"
                  + " buckets and gets no drift. Fix: regenerate the baseline from training data that has a column 'ph'"),
          log);
      assertTrue(
          log.contains(
              "  - features.pH is in the baseline but the model configures no feature of that name;"
                  + " it is ignored. Fix: add the feature to the config, or correct its name"),
          log);
      assertTrue(
          log.contains(
              "  - features.sulphates is in the baseline but the model configures no feature"),
          log);

      DriftDetectionTest.send(
          app, new TrafficGenerator.Options().mode(TrafficMode.NORMAL).rows(500).seed(5));
      Scrape scrape = app.scrape();
      assertEquals(3, scrape.value("modelwatch_agent_errors_total", "stage", "config"));
      assertEquals(500, scrape.value("model_predictions_total", "model", "wine"));
      // ph: default buckets, no baseline ratio, no drift; alcohol: compared as usual
      assertTrue(
          scrape.has(
              "model_feature_value_bucket", "model", "wine", "feature", "ph", "le", "-1000.0"));
      assertFalse(
          scrape.text().contains("feature=\"ph\",le=\"+Inf\",model=\"wine\"} 1.0"), scrape.text());
      assertFalse(scrape.text().contains("model_feature_drift{feature=\"ph\""), scrape.text());
      assertTrue(
          scrape.value(
                  "model_feature_drift", "model", "wine", "feature", "alcohol", "statistic", "psi")
              < 0.1);
    }
  }

  @Test
  void anInvalidBaselineIsReportedWithEveryProblemAndTheModelRunsWithoutIt() throws Exception {
    Path broken = training.dir.resolve("broken-baseline.yaml");
    String text =
        Files.readString(training.baselineFile).replaceFirst("shares: \\[", "shares: [0.5, ");
    Files.writeString(broken, text);
    String yaml = DriftDetectionTest.Training.yaml(broken, "{window: 10m, min_samples: 100}");
    try (AgentedServer app =
        AgentedServer.start(MAIN, yaml, List.of("--port", "0", "--threads", "4"))) {
      String log = app.server().stderr();
      assertTrue(
          log.contains(
              "model 'wine': the baseline cannot be used, so the model is monitored without it"
                  + " (configured or default buckets, no drift):\nBaseline file "
                  + broken
                  + ": invalid baseline ("),
          log);
      // ten quantile bins: nine edges, so ten shares, and the file now has eleven
      assertTrue(
          log.contains(
              "  - features.fixed_acidity.shares: expected 10 values (edges + 1), found 11"),
          log);
      assertTrue(log.contains("Fix: correct the entries listed, or regenerate it"), log);
      DriftDetectionTest.send(
          app, new TrafficGenerator.Options().mode(TrafficMode.NORMAL).rows(200).seed(5));
      Scrape scrape = app.scrape();
      assertEquals(1, scrape.value("modelwatch_agent_errors_total", "stage", "config"));
      assertEquals(
          200, scrape.value("model_feature_value_count", "model", "wine", "feature", "alcohol"));
      assertTrue(
          scrape.has(
              "model_feature_value_bucket",
              "model",
              "wine",
              "feature",
              "alcohol",
              "le",
              "-1000.0"));
      assertFalse(scrape.hasMetric("model_feature_drift"), scrape.text());
      assertFalse(scrape.hasMetric("model_drift_window_samples"), scrape.text());
    }
  }
}
