package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.onnx.OnnxModelServer;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovered features with nothing to take bucket bounds from (an ONNX Runtime model, no baseline,
 * no training statistics) learn them from their first values: the minimum, every 5 % quantile
 * (lower order statistic) and the maximum of the values kept until one feature had 1,000 values, or
 * until the first scrape, each rounded up to six significant digits. Computed here from the rows
 * sent, in the order one client sent them; every value counts in exactly the bucket of the learned
 * bounds it falls in, the values kept before the bounds were fixed too.
 */
class LearnedBoundsTest {
  private static final int LEARNED_FROM = 1000;

  @Test
  void boundsComeFromTheFirstThousandValuesAndEveryValueCountsInItsBucket(@TempDir Path dir)
      throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            OnnxModelServer.class.getName(),
            OnnxFeatureDiscoveryTest.CONFIG,
            List.of("--model-dir", dir.toString()))) {
      // one client, one row per call: the agent sees the rows in the order they were sent, and no
      // scrape comes
      // before the 1,000th
      TrafficResult first =
          OnnxServerAgentTest.run(
              app, new TrafficGenerator.Options().rows(1300).threads(1).seed(7));
      ExpectedWineMetrics expected = ExpectedWineMetrics.of(first);
      assertEquals(1300, expected.rowCount());
      Scrape scrape = app.scrape();
      for (int column = 0; column < WineData.COLUMNS; column++) {
        String feature = "float_input[" + column + "]";
        // the first column reaches 1,000 values at row 1,000; the others then have 999 (their
        // 1,000th value comes
        // after the bounds were fixed, in the same row)
        double[] learned =
            learnedBounds(expected.rows, column, column == 0 ? LEARNED_FROM : LEARNED_FROM - 1);
        assertArrayEquals(learned, bounds(scrape, feature), feature);
        assertBuckets(scrape, expected, column, learned);
        OnnxServerAgentTest.assertFeature(scrape, expected, feature, column);
      }
      assertEquals(
          0,
          scrape.value("modelwatch_agent_errors_total", "stage", "install"),
          app.server().stderr());
      assertTrue(
          app.server()
              .stderr()
              .contains(
                  "model 'wine': bucket bounds of 12 discovered feature(s) learned from their first values"),
          app.server().stderr());
    }
  }

  @Test
  void aScrapeBeforeTheThousandthValueFixesTheBoundsFromTheValuesSoFar(@TempDir Path dir)
      throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            OnnxModelServer.class.getName(),
            OnnxFeatureDiscoveryTest.CONFIG,
            List.of("--model-dir", dir.toString()))) {
      TrafficResult early =
          OnnxServerAgentTest.run(app, new TrafficGenerator.Options().rows(60).threads(1).seed(8));
      ExpectedWineMetrics before = ExpectedWineMetrics.of(early);
      Scrape first = app.scrape();
      double[][] learned = new double[WineData.COLUMNS][];
      for (int column = 0; column < WineData.COLUMNS; column++) {
        String feature = "float_input[" + column + "]";
        learned[column] = learnedBounds(before.rows, column, 60);
        assertArrayEquals(learned[column], bounds(first, feature), feature);
        assertBuckets(first, before, column, learned[column]);
        OnnxServerAgentTest.assertFeature(first, before, feature, column);
      }

      // later values, from two clients and in batches, go straight into the same buckets
      TrafficResult later =
          OnnxServerAgentTest.run(
              app,
              new TrafficGenerator.Options()
                  .mode(dev.modelwatch.testapps.traffic.TrafficMode.BATCH)
                  .batch(20)
                  .rows(400)
                  .threads(2)
                  .seed(9));
      ExpectedWineMetrics all = ExpectedWineMetrics.of(early, later);
      Scrape second = app.scrape();
      for (int column = 0; column < WineData.COLUMNS; column++) {
        String feature = "float_input[" + column + "]";
        assertArrayEquals(
            learned[column], bounds(second, feature), feature + ": bounds are fixed once");
        assertBuckets(second, all, column, learned[column]);
        OnnxServerAgentTest.assertFeature(second, all, feature, column);
      }
    }
  }

  /**
   * The learned bounds from the first {@code count} values of a column: minimum, k/20 quantiles
   * (the value at index floor(k (n-1) / 20) of the sorted values) and maximum, rounded up to six
   * significant digits, repeats dropped.
   */
  static double[] learnedBounds(List<float[]> rows, int column, int count) {
    double[] values = new double[count];
    int n = 0;
    for (float[] row : rows) {
      if (n == count) {
        break;
      }
      if (!Float.isNaN(row[column])) {
        values[n++] = row[column];
      }
    }
    assertEquals(count, n, "rows with values in column " + column);
    Arrays.sort(values);
    List<Double> bounds = new ArrayList<>();
    for (int k = 0; k <= 20; k++) {
      double bound = roundUpSixDigits(values[k * (n - 1) / 20]);
      if (bounds.isEmpty() || bound > bounds.get(bounds.size() - 1)) {
        bounds.add(bound);
      }
    }
    return bounds.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * The value itself when it prints with at most six significant digits, else the six-digit decimal
   * just above it: a value seen is always within its bound.
   */
  private static double roundUpSixDigits(double value) {
    if (new BigDecimal(Double.toString(value)).stripTrailingZeros().precision() <= 6) {
      return value;
    }
    double up = new BigDecimal(value).round(new MathContext(6, RoundingMode.CEILING)).doubleValue();
    assertTrue(up >= value);
    return up;
  }

  private static final Pattern BUCKET =
      Pattern.compile("(?m)^model_feature_value_bucket\\{([^}]*)} \\S+$");
  private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

  /** The finite {@code le} bounds scraped for a feature, in order. */
  private static double[] bounds(Scrape scrape, String feature) {
    List<Double> bounds = new ArrayList<>();
    Matcher m = BUCKET.matcher(scrape.text());
    while (m.find()) {
      Matcher le = LE.matcher(m.group(1));
      if (m.group(1).contains("feature=\"" + feature + "\"")
          && m.group(1).contains("model=\"wine\"")
          && le.find()
          && !le.group(1).equals("+Inf")) {
        bounds.add(Double.parseDouble(le.group(1)));
      }
    }
    assertFalse(bounds.isEmpty(), "buckets of " + feature + "\n" + scrape.text());
    return bounds.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void assertBuckets(
      Scrape scrape, ExpectedWineMetrics expected, int column, double[] bounds) {
    String feature = "float_input[" + column + "]";
    long[] cumulative = expected.cumulativeBuckets(column, bounds);
    for (int b = 0; b < bounds.length; b++) {
      assertEquals(
          cumulative[b],
          scrape.value(
              "model_feature_value_bucket",
              "model",
              "wine",
              "feature",
              feature,
              "le",
              ExpectedWineMetrics.le(bounds[b])),
          feature + " le=" + bounds[b]);
    }
    assertEquals(
        cumulative[bounds.length],
        scrape.value(
            "model_feature_value_bucket", "model", "wine", "feature", feature, "le", "+Inf"),
        feature);
  }
}
