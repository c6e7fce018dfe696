package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Feature and output distributions of a plain {@code predict(float[])}: exact counts per bucket.
 */
class PlainServerFeaturesTest {
  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: wine",
          "    intercept: {class: dev.modelwatch.testapps.plain.LinearWineModel, method: predict}",
          "    features:",
          "      - {name: alcohol, index: 10, buckets: [9, 10, 11, 12]}",
          "      - {name: pH, index: 8}",
          "      - {name: color, kind: categorical, index: 11}",
          "    outputs:",
          "      - {name: quality, kind: regression, buckets: [4, 5, 6, 7]}",
          "");

  @Test
  void everyFeatureHistogramCountsEveryRowAndMissingValuesExactly() throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    int rows = 300;
    long[] alcoholBuckets = new long[5];
    double alcoholSum = 0;
    int alcoholMissing = 0;
    int white = 0;
    int shortRows = 0;
    try (AgentedServer app = AgentedServer.start(MAIN, CONFIG, List.of("--port", "0"))) {
      for (int i = 0; i < rows; i++) {
        boolean missing = i % 10 == 3;
        boolean isShort = i % 50 == 7;
        double alcohol = 8 + random.nextDouble() * 6;
        float sent = (float) alcohol;
        int color = random.nextDouble() < 0.75 ? 1 : 0;
        String row =
            isShort
                ? "7.4,0.7,0"
                : String.format(
                    Locale.ROOT,
                    "7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,%s,%d",
                    missing ? "" : Float.toString(sent),
                    color);
        Http.post(app.appPort(), "/predict", row);
        if (isShort) {
          shortRows++;
          continue;
        }
        white += color;
        if (missing) {
          alcoholMissing++;
        } else {
          alcoholBuckets[bucket(sent, new double[] {9, 10, 11, 12})]++;
          alcoholSum += sent;
        }
      }
      Scrape scrape = app.scrape();
      int recorded = rows - shortRows;
      assertEquals(rows, scrape.value("model_predictions_total", "model", "wine"));
      assertEquals(shortRows, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
      assertEquals(
          recorded - alcoholMissing,
          scrape.value("model_feature_value_count", "model", "wine", "feature", "alcohol"));
      // a short row still counts: its features beyond the row are missing (and one extraction
      // error)
      assertEquals(
          alcoholMissing + shortRows,
          scrape.value("model_feature_missing_total", "model", "wine", "feature", "alcohol"));
      assertEquals(
          recorded, scrape.value("model_feature_value_count", "model", "wine", "feature", "pH"));
      assertEquals(
          shortRows, scrape.value("model_feature_missing_total", "model", "wine", "feature", "pH"));
      long cumulative = 0;
      String[] le = {"9.0", "10.0", "11.0", "12.0", "+Inf"};
      for (int b = 0; b < le.length; b++) {
        cumulative += alcoholBuckets[b];
        assertEquals(
            cumulative,
            scrape.value(
                "model_feature_value_bucket", "model", "wine", "feature", "alcohol", "le", le[b]),
            "le " + le[b]);
      }
      assertEquals(
          alcoholSum,
          scrape.value("model_feature_value_sum", "model", "wine", "feature", "alcohol"),
          1e-3);
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
          recorded - white,
          scrape.value(
              "model_feature_category_total",
              "model",
              "wine",
              "feature",
              "color",
              "category",
              "0"));
      // one regression output per successful call; a NaN input makes the linear model answer NaN,
      // not recorded
      assertEquals(
          recorded - alcoholMissing,
          scrape.value("model_output_value_count", "model", "wine", "output", "quality"));
      // rows are counted for every call, short ones too
      assertEquals(rows, scrape.value("model_batch_rows_count", "model", "wine"));
      assertEquals(rows, scrape.value("model_batch_rows_bucket", "model", "wine", "le", "1.0"));
      assertTrue(
          app.server()
              .stderr()
              .contains(
                  "feature 'alcohol' reads index 10 of the input, but the input is a float[3]"),
          app.server().stderr());
    }
  }

  static int bucket(double value, double[] bounds) {
    int i = 0;
    while (i < bounds.length && value > bounds[i]) {
      i++;
    }
    return i;
  }
}
