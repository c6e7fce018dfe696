package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code summarize_inputs}: an input recorded as per-row statistics instead of per element, on the
 * real ONNX Runtime server; the statistics are recomputed here from the rows sent.
 */
class OnnxSummarizedInputTest {
  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: wine",
          "    intercept: {library: onnxruntime}",
          "    summarize_inputs: [float_input]",
          "");

  @Test
  void eachRowIsSummarisedByCountMeanMinMaxAndZeroShare(@TempDir Path dir) throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            OnnxServerAgentTest.MAIN, CONFIG, List.of("--model-dir", dir.toString()))) {
      TrafficResult single =
          OnnxServerAgentTest.run(app, new TrafficGenerator.Options().rows(50).seed(51));
      TrafficResult batch =
          OnnxServerAgentTest.run(
              app,
              new TrafficGenerator.Options().mode(TrafficMode.BATCH).batch(10).rows(100).seed(52));
      ExpectedWineMetrics expected = ExpectedWineMetrics.of(single, batch);
      double count = 0;
      double mean = 0;
      double min = 0;
      double max = 0;
      double zeroShare = 0;
      for (float[] row : expected.rows) {
        double sum = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int zeros = 0;
        for (float v : row) {
          sum += v;
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
          zeros += v == 0 ? 1 : 0;
        }
        count += row.length;
        mean += sum / row.length;
        min += lo;
        max += hi;
        zeroShare += (double) zeros / row.length;
      }
      Scrape scrape = app.scrape();
      assertEquals(60, scrape.value("model_predictions_total", "model", "wine"));
      assertEquals(150, scrape.value("model_batch_rows_sum", "model", "wine"));
      String[] statistics = {"count", "mean", "min", "max", "zero_share"};
      double[] sums = {count, mean, min, max, zeroShare};
      for (int s = 0; s < statistics.length; s++) {
        String feature = "float_input." + statistics[s];
        assertEquals(
            150,
            scrape.value("model_feature_value_count", "model", "wine", "feature", feature),
            feature);
        assertEquals(
            sums[s],
            scrape.value("model_feature_value_sum", "model", "wine", "feature", feature),
            1e-6,
            feature);
      }
      assertEquals(1800, count);
    }
  }
}
