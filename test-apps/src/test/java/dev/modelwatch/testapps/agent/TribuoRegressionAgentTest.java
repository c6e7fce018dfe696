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
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.RealInfo;

/**
 * The Tribuo preset on a real Tribuo regression server: single rows with damaged fields, batches
 * through {@code predict(Iterable)}, drifted rows. Every count is worked out from what was sent and
 * answered ({@link TribuoTraffic}); the training range comes from the saved model file, read here
 * with Tribuo's own API.
 */
class TribuoRegressionAgentTest {
  static final double[] ALCOHOL = {9, 10, 11, 12};
  static final double[] QUALITY = {4, 5, 6, 7};
  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: wine",
          "    intercept: {library: tribuo}",
          "    features:",
          "      - {name: alcohol, buckets: [9, 10, 11, 12]}",
          "      - {name: pH}",
          "      - {name: color, kind: categorical}",
          "    outputs:",
          "      - {name: quality, kind: regression, key: quality, buckets: [4, 5, 6, 7]}",
          "");

  @Test
  void singleRowsBatchesAndDamagedRowsAreCountedExactly() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            CONFIG,
            List.of("--port", "0", "--model-dir", MODEL_DIR.toString(), "--task", "regression"))) {
      TrafficResult corrupt =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .mode(TrafficMode.CORRUPT)
                  .corruptShare(0.3)
                  .rows(300)
                  .threads(2)
                  .seed(3)
                  .recordExchanges(true));
      TrafficResult batches =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .mode(TrafficMode.BATCH)
                  .batch(16)
                  .rows(160)
                  .threads(2)
                  .seed(4)
                  .recordExchanges(true));
      TrafficResult drifted =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .mode(TrafficMode.DATA_DRIFT)
                  .driftFeatures(List.of("alcohol"))
                  .shift(3)
                  .rows(200)
                  .threads(2)
                  .seed(5)
                  .recordExchanges(true));
      TribuoTraffic t = TribuoTraffic.of(null, corrupt, batches, drifted);
      Scrape scrape = app.scrape();

      // calls: one per request the model saw, a batch of 16 included; errors by exception class
      assertEquals(10, batches.ok());
      assertTrue(
          corrupt.failed() > 0 && corrupt.rejected() > 0,
          "the corrupt traffic has NaN and bad rows");
      assertEquals(t.calls, scrape.value("model_predictions_total", "model", "wine"));
      assertEquals(
          corrupt.failed(),
          scrape.value(
              "model_prediction_errors_total",
              "model",
              "wine",
              "exception",
              "java.lang.IllegalArgumentException"));
      assertEquals(
          Long.valueOf(corrupt.failed()), t.errors.get("java.lang.IllegalArgumentException"));
      assertEquals(t.calls, scrape.value("model_batch_rows_count", "model", "wine"));
      assertEquals(t.totalRows(), scrape.value("model_batch_rows_sum", "model", "wine"));
      assertEquals(
          t.singleRowCalls, scrape.value("model_batch_rows_bucket", "model", "wine", "le", "1.0"));
      assertEquals(t.calls, scrape.value("model_batch_rows_bucket", "model", "wine", "le", "16.0"));
      assertEquals(t.calls - 10, t.singleRowCalls);

      // features: every row's value, absent or NaN fields as missing
      assertEquals(
          t.present("alcohol"),
          scrape.value("model_feature_value_count", "model", "wine", "feature", "alcohol"));
      assertEquals(
          t.missing("alcohol"),
          scrape.value("model_feature_missing_total", "model", "wine", "feature", "alcohol"));
      assertTrue(t.missing("alcohol") > 0);
      long[] alcohol = t.cumulative("alcohol", ALCOHOL);
      String[] le = TribuoTraffic.le(ALCOHOL);
      for (int b = 0; b < le.length; b++) {
        assertEquals(
            alcohol[b],
            scrape.value(
                "model_feature_value_bucket", "model", "wine", "feature", "alcohol", "le", le[b]),
            "le " + le[b]);
      }
      assertEquals(
          t.sum("alcohol"),
          scrape.value("model_feature_value_sum", "model", "wine", "feature", "alcohol"),
          1e-6);
      assertEquals(
          t.present("pH"),
          scrape.value("model_feature_value_count", "model", "wine", "feature", "pH"));
      assertEquals(
          t.missing("pH"),
          scrape.value("model_feature_missing_total", "model", "wine", "feature", "pH"));
      long white = t.rows.stream().filter(r -> TribuoTraffic.value(r, "color") == 1).count();
      long red = t.rows.stream().filter(r -> TribuoTraffic.value(r, "color") == 0).count();
      assertEquals(
          white,
          scrape.value(
              "model_feature_category_total",
              "model",
              "wine",
              "feature",
              "color",
              "category",
              "1"));
      assertEquals(
          red,
          scrape.value(
              "model_feature_category_total",
              "model",
              "wine",
              "feature",
              "color",
              "category",
              "0"));
      assertEquals(
          t.missing("color"),
          scrape.value("model_feature_missing_total", "model", "wine", "feature", "color"));
      assertEquals(t.totalRows(), white + red + t.missing("color"));

      // out of range: outside the training min/max the model file carries, with no baseline file
      Model<?> model = Model.deserializeFromFile(MODEL_DIR.resolve(WineModels.REGRESSION_FILE));
      double[] alcoholRange = trainingRange(model, "alcohol");
      long outside = t.outside("alcohol", alcoholRange[0], alcoholRange[1]);
      assertTrue(outside > 0, "the drifted rows leave the training range");
      assertEquals(
          outside,
          scrape.value("model_feature_out_of_range_total", "model", "wine", "feature", "alcohol"));
      double[] phRange = trainingRange(model, "pH");
      assertEquals(
          t.outside("pH", phRange[0], phRange[1]),
          scrape.value("model_feature_out_of_range_total", "model", "wine", "feature", "pH"));
      String log = app.server().stderr();
      assertTrue(
          log.contains(
              "model 'wine': first call of Tribuo model org.tribuo.regression.sgd.linear.LinearSGDModel"
                  + " 'wine-quality' (12 features); model_feature_out_of_range_total counts values outside the"
                  + " model's training range of alcohol ["),
          log);
      assertEquals(1, log.split("first call of Tribuo model", -1).length - 1, log);

      // outputs: the answered quality of every successful row
      double[] answers = t.answers.stream().mapToDouble(Double::parseDouble).toArray();
      assertEquals(corrupt.rows(TrafficResult.Outcome.OK) + 160 + 200, answers.length);
      assertEquals(
          answers.length,
          scrape.value("model_output_value_count", "model", "wine", "output", "quality"));
      long[] quality = new long[QUALITY.length + 1];
      for (double q : answers) {
        quality[PlainServerFeaturesTest.bucket(q, QUALITY)]++;
      }
      String[] qle = TribuoTraffic.le(QUALITY);
      long cumulative = 0;
      for (int b = 0; b < qle.length; b++) {
        cumulative += quality[b];
        assertEquals(
            cumulative,
            scrape.value(
                "model_output_value_bucket", "model", "wine", "output", "quality", "le", qle[b]),
            "le " + qle[b]);
      }
      assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
      assertEquals(0, scrape.value("modelwatch_agent_unmatched_calls_total", "library", "tribuo"));
    }
  }

  /**
   * Tribuo's statistics skip zeros; a feature absent from some training rows had 0 as a value too.
   */
  static double[] trainingRange(Model<?> model, String feature) {
    RealInfo info = (RealInfo) model.getFeatureIDMap().get(feature);
    int examples = model.getProvenance().getDatasetProvenance().getNumExamples();
    assertEquals(WineModels.DEFAULT_TRAINING_ROWS, examples);
    if (info.getCount() < examples) {
      return new double[] {Math.min(0, info.getMin()), Math.max(0, info.getMax())};
    }
    return new double[] {info.getMin(), info.getMax()};
  }
}
