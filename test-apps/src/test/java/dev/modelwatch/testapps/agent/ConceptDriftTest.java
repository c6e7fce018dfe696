package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.plain.WineScoreModel;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Concept drift seen through feedback: the traffic generator's concept-drift mode keeps the inputs
 * and changes the relation its labels follow. With the labels fed back, the model's error moves
 * beyond a threshold within one evaluation window, while the agent's feature drift statistics
 * against a training baseline (built by the agent jar's {@code baseline} command) stay below their
 * configured thresholds, and the recorded histograms of the two phases pass a chi-squared test of
 * equal distributions.
 */
class ConceptDriftTest {
  /** How far the mean absolute error must rise for the change to count as concept drift here. */
  static final double MAE_THRESHOLD = 0.15;

  static final String OUTPUT = "predicted_quality";

  private static Path baseline;

  /** WineData's training CSV with the model's prediction per row, and the baseline made from it. */
  @BeforeAll
  static void buildBaseline() throws Exception {
    Path dir = Files.createDirectories(Paths.get("target", "concept-drift").toAbsolutePath());
    Path raw = dir.resolve("wine-train.csv");
    WineData.Sample sample = new WineData(42).sample(20_000);
    WineData.writeCsv(sample, raw);
    List<String> lines = Files.readAllLines(raw);
    WineScoreModel model = new WineScoreModel();
    StringBuilder scored = new StringBuilder(lines.get(0)).append(',').append(OUTPUT).append('\n');
    for (int i = 0; i < sample.size(); i++) {
      scored
          .append(lines.get(i + 1))
          .append(',')
          .append((double) model.predict(sample.row(i)))
          .append('\n');
    }
    Path csv = dir.resolve("wine-train-scored.csv");
    Files.writeString(csv, scored);
    baseline = dir.resolve("wine-baseline.yaml");
    Path config = AgentedServer.writeConfig(config());
    CommandLineTest.Result result =
        CommandLineTest.run(
            "baseline",
            "--data",
            csv.toString(),
            "--config",
            config.toString(),
            "--model",
            "wine",
            "--out",
            baseline.toString());
    assertEquals(0, result.exit, result.output);
  }

  static String config() {
    StringBuilder yaml =
        new StringBuilder(
            String.join(
                "\n",
                "models:",
                "  - name: wine",
                "    intercept:",
                "      class: dev.modelwatch.testapps.plain.WineScoreModel",
                "      method: predict",
                "      parameters: ['float[]']",
                "    features:",
                ""));
    for (int i = 0; i < WineData.COLUMNS; i++) {
      String name = WineData.FEATURE_NAMES.get(i);
      yaml.append("      - {name: ").append(name).append(", index: ").append(i);
      if (i == WineData.COLOR_INDEX) {
        yaml.append(", kind: categorical");
      }
      yaml.append("}\n");
    }
    yaml.append(
        String.join(
            "\n",
            "    outputs: [{name: " + OUTPUT + ", kind: regression}]",
            "    prediction_id: {hash: features}",
            "    feedback: {window: 1h, min_samples: 100}",
            ""));
    if (baseline != null && Files.exists(baseline)) {
      yaml.append("    baseline: ").append(baseline).append('\n');
      yaml.append("    drift: {window: 1h, slices: 12, min_samples: 300}\n");
    }
    return yaml.toString();
  }

  @Test
  void errorRisesBeyondTheThresholdWhileFeatureDistributionsStay() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(MAIN, config(), List.of("--port", "0", "--model", "wine-score"))) {
      FeedbackRows normal = phase(app, TrafficMode.NORMAL, 21);
      Scrape first = app.scrape();
      assertEquals(400, first.value("model_feedback_total", "model", "wine", "result", "matched"));
      assertEquals(0, first.value("model_feedback_total", "model", "wine", "result", "unmatched"));
      double maeBefore = first.value("model_evaluation", "model", "wine", "metric", "mae");
      assertEquals(normal.meanAbsoluteError(), maeBefore, 1e-9);
      assertEvaluation(first, normal);

      FeedbackRows drifted = phase(app, TrafficMode.CONCEPT_DRIFT, 22);
      Scrape second = app.scrape();
      assertEquals(800, second.value("model_evaluation_samples", "model", "wine"));
      assertEquals(800, second.value("model_feedback_total", "model", "wine", "result", "matched"));
      FeedbackRows window = new FeedbackRows();
      for (FeedbackRows phase : List.of(normal, drifted)) {
        window.rows.addAll(phase.rows);
        window.predictions.addAll(phase.predictions);
        window.labels.addAll(phase.labels);
      }
      double maeAfter = second.value("model_evaluation", "model", "wine", "metric", "mae");
      assertEquals(window.meanAbsoluteError(), maeAfter, 1e-9);
      assertEvaluation(second, window);
      assertTrue(
          maeAfter - maeBefore > MAE_THRESHOLD,
          "MAE "
              + maeBefore
              + " -> "
              + maeAfter
              + " (drifted rows alone: "
              + drifted.meanAbsoluteError()
              + ")");

      // per feature, the histogram counts (on the baseline's edges) of the two phases are alike
      ChiSquareTest chiSquare = new ChiSquareTest();
      for (int f = 0; f < WineData.NUMERIC_FEATURES; f++) {
        String feature = WineData.FEATURE_NAMES.get(f);
        long[] before = bucketCounts(first, feature);
        long[] after = bucketCounts(second, feature);
        long[] during = new long[after.length];
        for (int b = 0; b < after.length; b++) {
          during[b] = after[b] - before[b];
        }
        assertEquals(400, sum(before), feature);
        assertEquals(400, sum(during), feature);
        double p =
            chiSquare.chiSquareTestDataSetsComparison(
                nonEmpty(before, during), nonEmpty(during, before));
        assertTrue(p > 0.01, feature + ": inputs changed between the phases (p = " + p + ")");
      }
      long[] colorBefore = colors(first);
      long[] colorAfter = colors(second);
      long[] colorDuring = {colorAfter[0] - colorBefore[0], colorAfter[1] - colorBefore[1]};
      assertTrue(chiSquare.chiSquareTestDataSetsComparison(colorBefore, colorDuring) > 0.01);

      // the agent's own drift statistics over the same window: every feature below its threshold
      assertEquals(800, second.value("model_drift_window_samples", "model", "wine"));
      double psiThreshold =
          second.value("model_drift_threshold", "model", "wine", "statistic", "psi");
      double pThreshold =
          second.value("model_drift_threshold", "model", "wine", "statistic", "pvalue");
      for (int f = 0; f < WineData.NUMERIC_FEATURES; f++) {
        String feature = WineData.FEATURE_NAMES.get(f);
        double psi =
            second.value(
                "model_feature_drift", "model", "wine", "feature", feature, "statistic", "psi");
        double p =
            second.value(
                "model_feature_drift_pvalue",
                "model",
                "wine",
                "feature",
                feature,
                "statistic",
                "ks");
        assertTrue(psi < psiThreshold, feature + " psi " + psi);
        assertTrue(p >= pThreshold, feature + " KS p-value " + p);
      }
      assertTrue(
          second.value(
                  "model_feature_drift_pvalue",
                  "model",
                  "wine",
                  "feature",
                  "color",
                  "statistic",
                  "chi2")
              >= pThreshold);
    }
  }

  /** Sends 400 rows in one mode, then posts their labels to the agent. */
  static FeedbackRows phase(AgentedServer app, TrafficMode mode, long seed) throws Exception {
    Map<Long, String> labels = new ConcurrentHashMap<>();
    TrafficResult result =
        TrafficGenerator.run(
            new TrafficGenerator.Options()
                .port(app.appPort())
                .mode(mode)
                .rows(400)
                .seed(seed)
                .recordExchanges(true),
            labels::put);
    FeedbackRows rows = FeedbackRows.of(result, labels);
    HttpResponse<String> response =
        Http.post(app.agentPort(), "/feedback", rows.feedbackLines("wine"));
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(
        "{\"lines\":400,\"applied\":400,\"matched\":400,\"unmatched\":0,\"rejected\":0,\"errors\":[]}\n",
        response.body());
    return rows;
  }

  /** RMSE and bias (mean of predicted minus actual) computed here. */
  static void assertEvaluation(Scrape scrape, FeedbackRows rows) {
    double squares = 0;
    double errors = 0;
    for (int i = 0; i < rows.size(); i++) {
      double error = rows.predictions.get(i) - rows.labels.get(i);
      squares += error * error;
      errors += error;
    }
    assertEquals(
        Math.sqrt(squares / rows.size()),
        scrape.value("model_evaluation", "model", "wine", "metric", "rmse"),
        1e-9);
    assertEquals(
        errors / rows.size(),
        scrape.value("model_evaluation", "model", "wine", "metric", "bias"),
        1e-9);
  }

  /**
   * Per-bucket counts of a feature's histogram, from the cumulative le series in exposition order.
   */
  static long[] bucketCounts(Scrape scrape, String feature) {
    List<String> les =
        DriftDetectionTest.Formulas.leLabels(scrape.text(), "model_feature_value_bucket", feature);
    long[] counts = new long[les.size()];
    long previous = 0;
    for (int b = 0; b < les.size(); b++) {
      long cumulative =
          (long)
              scrape.value(
                  "model_feature_value_bucket",
                  "model",
                  "wine",
                  "feature",
                  feature,
                  "le",
                  les.get(b));
      counts[b] = cumulative - previous;
      previous = cumulative;
    }
    return counts;
  }

  /**
   * The counts of {@code counts} in the buckets where either phase has any (the test needs no empty
   * pair).
   */
  static long[] nonEmpty(long[] counts, long[] other) {
    return java.util.stream.IntStream.range(0, counts.length)
        .filter(b -> counts[b] + other[b] > 0)
        .mapToLong(b -> counts[b])
        .toArray();
  }

  static long[] colors(Scrape scrape) {
    return new long[] {
      (long)
          scrape.value(
              "model_feature_category_total", "model", "wine", "feature", "color", "category", "0"),
      (long)
          scrape.value(
              "model_feature_category_total", "model", "wine", "feature", "color", "category", "1")
    };
  }

  static long sum(long[] values) {
    long sum = 0;
    for (long v : values) {
      sum += v;
    }
    return sum;
  }
}
