package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.onnx.OnnxModelServer;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ONNX Runtime preset on the real ONNX Runtime server: every row and value counted exactly. */
class OnnxServerAgentTest {
  static final String MAIN = OnnxModelServer.class.getName();
  static final double[] ALCOHOL_BOUNDS = {9, 10, 11, 12};
  static final double[] QUALITY_BOUNDS = {4, 5, 6, 7};

  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: wine",
          "    intercept: {library: onnxruntime, model_path: \"*/wine.onnx\"}",
          "    features:",
          "      - {name: alcohol, input: float_input, index: 10, buckets: [9, 10, 11, 12]}",
          "      - {name: pH, input: float_input, index: 8}",
          "      - {name: color, kind: categorical, input: float_input, index: 11}",
          "    outputs:",
          "      - {name: quality, kind: regression, output: quality, buckets: [4, 5, 6, 7]}",
          "");

  @Test
  void singleBatchAndCorruptTrafficIsCountedRowByRow(@TempDir Path dir) throws Exception {
    try (AgentedServer app =
        AgentedServer.start(MAIN, CONFIG, List.of("--model-dir", dir.toString()))) {
      TrafficResult single = run(app, new TrafficGenerator.Options().rows(200).threads(2).seed(11));
      TrafficResult batch =
          run(
              app,
              new TrafficGenerator.Options()
                  .mode(TrafficMode.BATCH)
                  .batch(25)
                  .rows(200)
                  .threads(2)
                  .seed(12));
      TrafficResult corrupt =
          run(
              app,
              new TrafficGenerator.Options()
                  .mode(TrafficMode.CORRUPT)
                  .corruptShare(0.3)
                  .rows(300)
                  .threads(3)
                  .seed(13));
      assertTrue(
          corrupt.failed() > 0 && corrupt.rejected() > 0,
          "corrupt traffic has short and malformed rows");

      ExpectedWineMetrics expected = ExpectedWineMetrics.of(single, batch, corrupt);
      long calls = single.modelCalls() + batch.modelCalls() + corrupt.modelCalls();
      Scrape scrape = app.scrape();
      assertEquals(calls, scrape.value("model_predictions_total", "model", "wine"));
      assertEquals(
          corrupt.failed(),
          scrape.value(
              "model_prediction_errors_total",
              "model",
              "wine",
              "exception",
              "ai.onnxruntime.OrtException"));
      // short rows reach ONNX Runtime (which rejects them): their rows count, the features beyond
      // their end are missing, one extraction error each
      assertEquals(
          corrupt.failed(), scrape.value("modelwatch_agent_errors_total", "stage", "extract"));

      // rows: one call per answered request, 25 rows per batch request
      assertEquals(expected.calls, scrape.value("model_batch_rows_count", "model", "wine"));
      assertEquals(expected.rowCount(), scrape.value("model_batch_rows_sum", "model", "wine"));
      assertEquals(
          single.ok() + corrupt.modelCalls(),
          scrape.value("model_batch_rows_bucket", "model", "wine", "le", "1.0"));
      assertEquals(
          single.ok() + corrupt.modelCalls(),
          scrape.value("model_batch_rows_bucket", "model", "wine", "le", "16.0"));
      assertEquals(
          expected.calls, scrape.value("model_batch_rows_bucket", "model", "wine", "le", "32.0"));

      // every configured feature: present values + missing values = rows, exactly
      assertEquals(
          400 + corrupt.rows(TrafficResult.Outcome.OK) + corrupt.rows(TrafficResult.Outcome.FAILED),
          expected.rowCount());
      assertFeature(scrape, expected, "alcohol", WineData.ALCOHOL_INDEX);
      assertFeature(scrape, expected, "pH", WineData.PH_INDEX);
      assertTrue(
          expected.missing(WineData.ALCOHOL_INDEX) + expected.missing(WineData.PH_INDEX) > 0,
          "some values missing");
      long[] alcohol = expected.cumulativeBuckets(WineData.ALCOHOL_INDEX, ALCOHOL_BOUNDS);
      for (int b = 0; b < ALCOHOL_BOUNDS.length; b++) {
        assertEquals(
            alcohol[b],
            scrape.value(
                "model_feature_value_bucket",
                "model",
                "wine",
                "feature",
                "alcohol",
                "le",
                ExpectedWineMetrics.le(ALCOHOL_BOUNDS[b])),
            "alcohol le " + ALCOHOL_BOUNDS[b]);
      }
      assertEquals(
          alcohol[4],
          scrape.value(
              "model_feature_value_bucket", "model", "wine", "feature", "alcohol", "le", "+Inf"));
      assertEquals(
          expected.countEqual(WineData.COLOR_INDEX, 1f),
          scrape.value(
              "model_feature_category_total",
              "model",
              "wine",
              "feature",
              "color",
              "category",
              "1"));
      assertEquals(
          expected.countEqual(WineData.COLOR_INDEX, 0f),
          scrape.value(
              "model_feature_category_total",
              "model",
              "wine",
              "feature",
              "color",
              "category",
              "0"));
      assertEquals(
          expected.missing(WineData.COLOR_INDEX),
          scrape.value("model_feature_missing_total", "model", "wine", "feature", "color"));

      // outputs: one per answered row; a NaN answer (from a NaN input) is not a value
      assertEquals(
          expected.finiteAnswers(),
          scrape.value("model_output_value_count", "model", "wine", "output", "quality"));
      assertTrue(expected.finiteAnswers() < expected.rowCount(), "some answers are NaN");
      assertEquals(
          expected.answerSum(),
          scrape.value("model_output_value_sum", "model", "wine", "output", "quality"),
          1e-3);
      assertFalse(
          scrape.has("modelwatch_agent_unmatched_calls_total", "library", "onnxruntime")
              && scrape.value("modelwatch_agent_unmatched_calls_total", "library", "onnxruntime")
                  > 0);
      // the first short row logged decides which feature the message names: a row of 11 fields
      // lacks color (index 11), a shorter one already lacks alcohol (index 10) or pH (index 8)
      assertTrue(
          java.util.regex.Pattern.compile(
                  "feature '(color' reads index 11|alcohol' reads index 10|pH' reads index 8) of input 'float_input'")
              .matcher(app.server().stderr())
              .find(),
          app.server().stderr());
    }
  }

  @Test
  void classifierProbabilitiesGiveTheArgmaxClassWithLabelsFromKey(@TempDir Path dir)
      throws Exception {
    String config =
        String.join(
            "\n",
            "models:",
            "  - name: wine-class",
            "    intercept: {library: onnxruntime, model_path: \"**/wine-classifier.onnx\"}",
            "    features:",
            "      - {name: alcohol, index: 10}",
            "    outputs:",
            "      - {name: quality_class, kind: classification, output: probabilities, key: \"high,low,medium\"}",
            "");
    try (AgentedServer app =
        AgentedServer.start(
            MAIN, config, List.of("--model-dir", dir.toString(), "--task", "classification"))) {
      TrafficResult traffic =
          run(app, new TrafficGenerator.Options().rows(300).batch(10).threads(2).seed(21));
      ExpectedWineMetrics expected = ExpectedWineMetrics.of(traffic);
      Scrape scrape = app.scrape();
      assertEquals(30, scrape.value("model_predictions_total", "model", "wine-class"));
      assertEquals(
          300,
          scrape.value("model_feature_value_count", "model", "wine-class", "feature", "alcohol"));
      long total = 0;
      for (Map.Entry<String, Long> label : expected.classes.entrySet()) {
        assertEquals(
            (double) label.getValue(),
            scrape.value(
                "model_output_class_total",
                "model",
                "wine-class",
                "output",
                "quality_class",
                "class",
                label.getKey()),
            label.getKey());
        total += label.getValue();
      }
      assertEquals(300, total);
      assertTrue(expected.classes.size() >= 2, "several classes predicted: " + expected.classes);
      assertEquals(
          300,
          scrape.value(
              "model_output_value_count", "model", "wine-class", "output", "quality_class"));
      assertEquals(
          expected.confidenceSum,
          scrape.value("model_output_value_sum", "model", "wine-class", "output", "quality_class"),
          1e-4);
    }
  }

  static void assertFeature(
      Scrape scrape, ExpectedWineMetrics expected, String feature, int column) {
    assertEquals(
        expected.present(column),
        scrape.value("model_feature_value_count", "model", "wine", "feature", feature),
        feature);
    assertEquals(
        expected.missing(column),
        scrape.value("model_feature_missing_total", "model", "wine", "feature", feature),
        feature);
    assertEquals(
        expected.sum(column),
        scrape.value("model_feature_value_sum", "model", "wine", "feature", feature),
        1e-3,
        feature);
  }

  static TrafficResult run(AgentedServer app, TrafficGenerator.Options options)
      throws InterruptedException {
    return TrafficGenerator.run(options.port(app.appPort()).recordExchanges(true));
  }
}
