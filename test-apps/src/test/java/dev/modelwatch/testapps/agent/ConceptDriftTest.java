package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

/**
 * Concept drift seen through feedback: the traffic generator's concept-drift mode keeps the inputs
 * and changes the relation its labels follow. With the labels fed back, the model's error moves
 * beyond a threshold within one evaluation window while the feature distributions stay the same.
 * The drift statistics are not part of this branch's agent, so "feature drift stays low" is shown
 * on the recorded histograms themselves: per feature, the counts of the two phases pass a
 * chi-squared test of equal distributions.
 */
class ConceptDriftTest {
  /** How far the mean absolute error must rise for the change to count as concept drift here. */
  static final double MAE_THRESHOLD = 0.15;

  static final String[][] BUCKETS = {
    {"alcohol", "9.0", "10.0", "10.5", "11.0", "12.0"},
    {"pH", "3.0", "3.1", "3.2", "3.3", "3.4"},
    {"sulphates", "0.4", "0.45", "0.5", "0.55", "0.6"},
  };

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
      for (String[] buckets : BUCKETS) {
        if (buckets[0].equals(name)) {
          yaml.append(", buckets: [").append(String.join(", ", List.of(buckets).subList(1, buckets.length))).append(']');
        }
      }
      yaml.append("}\n");
    }
    yaml.append(
        String.join(
            "\n",
            "    outputs: [{name: quality, kind: regression}]",
            "    prediction_id: {hash: features}",
            "    feedback: {window: 1h, min_samples: 100}",
            ""));
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
          "MAE " + maeBefore + " -> " + maeAfter + " (drifted rows alone: " + drifted.meanAbsoluteError() + ")");

      ChiSquareTest chiSquare = new ChiSquareTest();
      for (String[] buckets : BUCKETS) {
        long[] before = bucketCounts(first, buckets);
        long[] after = bucketCounts(second, buckets);
        long[] during = new long[after.length];
        for (int b = 0; b < after.length; b++) {
          during[b] = after[b] - before[b];
        }
        assertEquals(400, sum(before), buckets[0]);
        assertEquals(400, sum(during), buckets[0]);
        double p = chiSquare.chiSquareTestDataSetsComparison(before, during);
        assertTrue(p > 0.01, buckets[0] + ": inputs changed between the phases (p = " + p + ")");
      }
      long[] colorBefore = colors(first);
      long[] colorAfter = colors(second);
      long[] colorDuring = {colorAfter[0] - colorBefore[0], colorAfter[1] - colorBefore[1]};
      assertTrue(chiSquare.chiSquareTestDataSetsComparison(colorBefore, colorDuring) > 0.01);
    }
  }

  /** Sends 400 rows in one mode, then posts their labels to the agent. */
  static FeedbackRows phase(AgentedServer app, TrafficMode mode, long seed) throws Exception {
    Map<Long, String> labels = new ConcurrentHashMap<>();
    TrafficResult result =
        TrafficGenerator.run(
            new TrafficGenerator.Options().port(app.appPort()).mode(mode).rows(400).seed(seed).recordExchanges(true),
            labels::put);
    FeedbackRows rows = FeedbackRows.of(result, labels);
    HttpResponse<String> response = Http.post(app.agentPort(), "/feedback", rows.feedbackLines("wine"));
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
    assertEquals(Math.sqrt(squares / rows.size()), scrape.value("model_evaluation", "model", "wine", "metric", "rmse"), 1e-9);
    assertEquals(errors / rows.size(), scrape.value("model_evaluation", "model", "wine", "metric", "bias"), 1e-9);
  }

  static long[] bucketCounts(Scrape scrape, String[] buckets) {
    long[] counts = new long[buckets.length];
    long previous = 0;
    for (int b = 1; b <= buckets.length; b++) {
      String le = b < buckets.length ? buckets[b] : "+Inf";
      long cumulative =
          (long) scrape.value("model_feature_value_bucket", "model", "wine", "feature", buckets[0], "le", le);
      counts[b - 1] = cumulative - previous;
      previous = cumulative;
    }
    return counts;
  }

  static long[] colors(Scrape scrape) {
    return new long[] {
      (long) scrape.value("model_feature_category_total", "model", "wine", "feature", "color", "category", "0"),
      (long) scrape.value("model_feature_category_total", "model", "wine", "feature", "color", "category", "1")
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
