package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.TribuoTraffic.MAIN;
import static dev.modelwatch.testapps.agent.TribuoTraffic.MODEL_DIR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Tribuo preset on a real Tribuo classifier selected by {@code model_class}: predicted classes
 * and their scores, counted exactly from the server's own answers, for single rows and batches.
 */
class TribuoClassificationAgentTest {
  static final double[] CONFIDENCE = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1};
  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: wine-class",
          "    intercept: {library: tribuo, model_class: org.tribuo.classification.sgd.linear.LinearSGDModel}",
          "    features:",
          "      - {name: alcohol}",
          "      - {name: volatile_acidity}",
          "    outputs:",
          "      - {name: quality_class, kind: classification}",
          "");

  @Test
  void predictedClassesAndScoresMatchTheServersAnswers() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            CONFIG,
            List.of(
                "--port", "0", "--model-dir", MODEL_DIR.toString(), "--task", "classification"))) {
      TrafficResult single =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .rows(150)
                  .threads(2)
                  .seed(11)
                  .recordExchanges(true));
      TrafficResult batches =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .mode(TrafficMode.BATCH)
                  .batch(8)
                  .rows(200)
                  .threads(2)
                  .seed(12)
                  .recordExchanges(true));
      TribuoTraffic t = TribuoTraffic.of(null, single, batches);
      assertEquals(150 + 25, t.calls);
      assertEquals(350, t.answers.size());

      Map<String, Long> classes = new TreeMap<>();
      double scores = 0;
      long[] confidence = new long[CONFIDENCE.length + 1];
      for (String answer : t.answers) {
        String[] parts = answer.split(",");
        classes.merge(parts[0], 1L, Long::sum);
        double score = Double.parseDouble(parts[1]);
        scores += score;
        confidence[PlainServerFeaturesTest.bucket(score, CONFIDENCE)]++;
      }
      assertTrue(classes.size() >= 2, "the classifier predicts more than one class: " + classes);

      Scrape scrape = app.scrape();
      assertEquals(t.calls, scrape.value("model_predictions_total", "model", "wine-class"));
      assertEquals(350, scrape.value("model_batch_rows_sum", "model", "wine-class"));
      assertEquals(
          25,
          scrape.value("model_batch_rows_bucket", "model", "wine-class", "le", "8.0")
              - scrape.value("model_batch_rows_bucket", "model", "wine-class", "le", "4.0"));
      for (Map.Entry<String, Long> c : classes.entrySet()) {
        assertEquals(
            (double) c.getValue(),
            scrape.value(
                "model_output_class_total",
                "model",
                "wine-class",
                "output",
                "quality_class",
                "class",
                c.getKey()),
            "class " + c.getKey());
      }
      for (String absent : List.of("low", "medium", "high")) {
        if (!classes.containsKey(absent)) {
          assertTrue(
              !scrape.has(
                  "model_output_class_total",
                  "model",
                  "wine-class",
                  "output",
                  "quality_class",
                  "class",
                  absent));
        }
      }
      assertEquals(
          350,
          scrape.value(
              "model_output_value_count", "model", "wine-class", "output", "quality_class"));
      assertEquals(
          scores,
          scrape.value("model_output_value_sum", "model", "wine-class", "output", "quality_class"),
          1e-9);
      String[] le = TribuoTraffic.le(CONFIDENCE);
      long cumulative = 0;
      for (int b = 0; b < le.length; b++) {
        cumulative += confidence[b];
        assertEquals(
            cumulative,
            scrape.value(
                "model_output_value_bucket",
                "model",
                "wine-class",
                "output",
                "quality_class",
                "le",
                le[b]),
            "le " + le[b]);
      }
      assertEquals(
          350,
          scrape.value(
              "model_feature_value_count", "model", "wine-class", "feature", "volatile_acidity"));
      assertEquals(
          t.sum("alcohol"),
          scrape.value("model_feature_value_sum", "model", "wine-class", "feature", "alcohol"),
          1e-6);
      assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
      assertEquals(0, scrape.value("modelwatch_agent_unmatched_calls_total", "library", "tribuo"));
    }
  }
}
