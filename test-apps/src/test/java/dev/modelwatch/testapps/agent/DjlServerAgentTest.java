package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.djl.DjlModelServer;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DJL preset on the real DJL server (OnnxRuntime engine): {@code predict} and {@code
 * batchPredict} count once per request, rows per list element.
 */
class DjlServerAgentTest {
  static final String MAIN = DjlModelServer.class.getName();

  static final String FEATURES =
      String.join(
          "\n",
          "    features:",
          "      - {name: alcohol, index: 10, buckets: [9, 10, 11, 12]}",
          "      - {name: pH, index: 8}",
          "      - {name: color, kind: categorical, index: 11}",
          "");

  @Test
  void predictAndBatchPredictCountOncePerRequestAndEveryRow(@TempDir Path dir) throws Exception {
    String config =
        "models:\n  - name: wine\n    intercept: {library: djl, model_name: wine}\n"
            + FEATURES
            + "    outputs: [{name: quality, kind: regression, buckets: [4, 5, 6, 7]}]\n";
    try (AgentedServer app =
        AgentedServer.start(MAIN, config, List.of("--model-dir", dir.toString()))) {
      TrafficResult single = run(app, new TrafficGenerator.Options().rows(150).threads(2).seed(41));
      TrafficResult batch =
          run(
              app,
              new TrafficGenerator.Options()
                  .mode(TrafficMode.BATCH)
                  .batch(20)
                  .rows(200)
                  .threads(2)
                  .seed(42));
      TrafficResult corrupt =
          run(
              app,
              new TrafficGenerator.Options()
                  .mode(TrafficMode.CORRUPT)
                  .corruptShare(0.3)
                  .rows(200)
                  .threads(2)
                  .seed(43));
      assertTrue(corrupt.failed() > 0, "short rows make the model fail");
      ExpectedWineMetrics expected = ExpectedWineMetrics.of(single, batch, corrupt);
      long calls = single.modelCalls() + batch.modelCalls() + corrupt.modelCalls();
      Scrape scrape = app.scrape();
      assertEquals(calls, scrape.value("model_predictions_total", "model", "wine"));
      assertEquals(
          corrupt.failed(), scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
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

      OnnxServerAgentTest.assertFeature(scrape, expected, "alcohol", WineData.ALCOHOL_INDEX);
      OnnxServerAgentTest.assertFeature(scrape, expected, "pH", WineData.PH_INDEX);
      long[] alcohol =
          expected.cumulativeBuckets(WineData.ALCOHOL_INDEX, OnnxServerAgentTest.ALCOHOL_BOUNDS);
      for (int b = 0; b < OnnxServerAgentTest.ALCOHOL_BOUNDS.length; b++) {
        assertEquals(
            alcohol[b],
            scrape.value(
                "model_feature_value_bucket",
                "model",
                "wine",
                "feature",
                "alcohol",
                "le",
                ExpectedWineMetrics.le(OnnxServerAgentTest.ALCOHOL_BOUNDS[b])));
      }
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
          expected.missing(WineData.COLOR_INDEX),
          scrape.value("model_feature_missing_total", "model", "wine", "feature", "color"));
      assertEquals(
          expected.finiteAnswers(),
          scrape.value("model_output_value_count", "model", "wine", "output", "quality"));
      assertEquals(
          expected.answerSum(),
          scrape.value("model_output_value_sum", "model", "wine", "output", "quality"),
          1e-3);
    }
  }

  @Test
  void classificationsGiveTheBestClassAndItsProbability(@TempDir Path dir) throws Exception {
    String config =
        "models:\n  - name: wine-class\n    intercept: {library: djl, model_name: wine-class}\n"
            + FEATURES
            + "    outputs: [{name: quality_class, kind: classification}]\n";
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            config,
            List.of(
                "--model-dir",
                dir.toString(),
                "--task",
                "classification",
                "--model-name",
                "wine-class"))) {
      TrafficResult traffic =
          run(app, new TrafficGenerator.Options().rows(240).batch(8).threads(2).seed(44));
      ExpectedWineMetrics expected = ExpectedWineMetrics.of(traffic);
      Scrape scrape = app.scrape();
      assertEquals(30, scrape.value("model_predictions_total", "model", "wine-class"));
      assertEquals(240, scrape.value("model_batch_rows_sum", "model", "wine-class"));
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
      assertEquals(240, total);
      assertTrue(expected.classes.size() >= 2, "several classes: " + expected.classes);
      assertEquals(
          expected.confidenceSum,
          scrape.value("model_output_value_sum", "model", "wine-class", "output", "quality_class"),
          1e-4);
    }
  }

  @Test
  void djlOnOnnxRuntimeWithBothLibrariesConfiguredCountsEachRequestOnceInTheDjlModel(
      @TempDir Path dir) throws Exception {
    String config =
        "models:\n  - name: wine\n    intercept: {library: djl, model_name: wine}\n"
            + FEATURES
            + "  - name: wine-session\n    intercept: {library: onnxruntime, model_path: \"*/wine.onnx\"}\n"
            + "    features: [{name: alcohol, index: 10}]\n";
    try (AgentedServer app =
        AgentedServer.start(MAIN, config, List.of("--model-dir", dir.toString()))) {
      TrafficResult single = run(app, new TrafficGenerator.Options().rows(60).threads(2).seed(45));
      TrafficResult batch =
          run(
              app,
              new TrafficGenerator.Options().mode(TrafficMode.BATCH).batch(10).rows(100).seed(46));
      Scrape scrape = app.scrape();
      assertEquals(70, single.modelCalls() + batch.modelCalls());
      assertEquals(70, scrape.value("model_predictions_total", "model", "wine"));
      assertEquals(
          160, scrape.value("model_feature_value_count", "model", "wine", "feature", "pH"));
      // the inner OrtSession.run is nested in Predictor.batchPredict: not a second prediction
      assertEquals(
          0,
          scrape.has("model_predictions_total", "model", "wine-session")
              ? scrape.value("model_predictions_total", "model", "wine-session")
              : 0);
      assertEquals(
          0,
          scrape.has("modelwatch_agent_unmatched_calls_total", "library", "onnxruntime")
              ? scrape.value("modelwatch_agent_unmatched_calls_total", "library", "onnxruntime")
              : 0);
      // and both sites were really instrumented
      assertEquals(2, scrape.value("modelwatch_agent_instrumented_methods"), scrape.text());
    }
  }

  static TrafficResult run(AgentedServer app, TrafficGenerator.Options options)
      throws InterruptedException {
    return TrafficGenerator.run(options.port(app.appPort()).recordExchanges(true));
  }
}
