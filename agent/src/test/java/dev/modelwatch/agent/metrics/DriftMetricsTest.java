package dev.modelwatch.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.agent.baseline.BaselineSetup;
import dev.modelwatch.agent.drift.DriftColumns;
import dev.modelwatch.agent.drift.DriftEngine;
import dev.modelwatch.agent.extract.ArgumentExtractor;
import dev.modelwatch.agent.extract.ReturnValueExtractor;
import dev.modelwatch.agent.http.MetricsEndpoint;
import dev.modelwatch.agent.http.Routes;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.Recorder;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.bootstrap.CallState;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.baseline.BaselineFile;
import dev.modelwatch.config.baseline.BaselineProfile;
import dev.modelwatch.config.baseline.CategoricalDistribution;
import dev.modelwatch.config.baseline.NumericDistribution;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real recording path (recorder, cells, collectors, client_java's HTTP server) with a baseline:
 * live histograms on the baseline's edges, the baseline ratio on the very same {@code le} strings
 * in both text formats, out-of-range counts, and drift from the histograms' counts equal to the
 * formulas applied to the values sent.
 */
class DriftMetricsTest {
  private static final String OPENMETRICS =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final double[] EDGES = {1.0, 2.5, 3.0};

  @TempDir Path dir;
  private MetricsEndpoint endpoint;

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  private ModelConfig config() throws Exception {
    Path baseline = dir.resolve("baseline.yaml");
    Map<String, Double> colors = new LinkedHashMap<>();
    colors.put("1", 0.75);
    colors.put("0", 0.25);
    colors.put(CategoricalDistribution.OTHER, 0.0);
    BaselineFile.write(
        BaselineProfile.builder("wine")
            .rows(100)
            .numericFeature(
                "x",
                new NumericDistribution(
                    EDGES, new double[] {0.2, 0.3, 0.1, 0.4}, 0.0, 4.0, 2.0, 1.0, 0.0, 100))
            .categoricalFeature("color", new CategoricalDistribution(colors, 0.0, 100))
            .numericFeature(
                "retired",
                new NumericDistribution(
                    new double[] {1}, new double[] {0.5, 0.5}, 0, 2, 1, 1, 0, 100))
            .numericOutput(
                "score",
                new NumericDistribution(
                    new double[] {10, 20}, new double[] {0.3, 0.4, 0.3}, 0, 30, 15, 5, 0, 100))
            .build(),
        baseline);
    AgentConfig config =
        ConfigLoader.parse(
            String.join(
                "\n",
                "models:",
                "  - name: wine",
                "    intercept: {class: com.example.Scorer, method: score}",
                "    features:",
                "      - {name: x, index: 0, buckets: [5, 6]}",
                "      - {name: color, kind: categorical, index: 1}",
                "      - {name: y, index: 2}",
                "    outputs:",
                "      - {name: score, kind: regression}",
                "    baseline: " + baseline,
                "    drift: {window: 1h, slices: 4, min_samples: 20}",
                ""),
            null);
    return config.models().get(0);
  }

  @Test
  void baselineEdgesRatioOutOfRangeAndDriftFromTheRecordedCounts() throws Exception {
    ModelConfig model = config();
    AgentErrors errors = new AgentErrors();
    BaselineSetup setup =
        BaselineSetup.of(
            model,
            ConfigLoader.parse("models: [{name: m, intercept: {class: a.B, method: c}}]", null)
                .limits(),
            errors);
    // y is configured but not in the baseline; 'retired' is in the baseline but not configured
    assertEquals(2, errors.total(ErrorStage.CONFIG));
    assertEquals(2, setup.baseline().problems().size());
    assertTrue(
        setup
            .baseline()
            .problems()
            .get(0)
            .startsWith("feature 'y' is configured but not in the baseline"),
        setup.baseline().problems().get(0));
    assertTrue(
        setup.baseline().problems().get(1).startsWith("features.retired is in the baseline but"),
        setup.baseline().problems().get(1));
    assertEquals(1, setup.baseline().notes().size());

    ModelMonitor monitor =
        new ModelMonitor(
            0,
            model,
            ConfigLoader.parse("models: [{name: m, intercept: {class: a.B, method: c}}]", null)
                .limits(),
            setup.specs(),
            new ArgumentExtractor(model.features()),
            new ReturnValueExtractor(model.outputs()));
    Recorder recorder =
        new Recorder(List.of(new Site(0, "test", monitor)), List.of(monitor), errors);
    DriftEngine drift = new DriftEngine(recorder.cells(), errors);
    drift.add(
        0,
        setup.baseline(),
        model.name(),
        model.drift(),
        DriftColumns.of(monitor, setup.baseline()));
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new ModelMetricsCollector(recorder));
    registry.register(new DriftMetricsCollector(drift));
    endpoint = MetricsEndpoint.start("127.0.0.1", 0, registry, new Routes());

    SplittableRandom random = new SplittableRandom(3);
    long[] xBins = new long[4];
    long[] colorBins = new long[3]; // 1, 0, other
    long[] scoreBins = new long[3];
    long outOfRange = 0;
    int rows = 19;
    for (int i = 0; i < rows; i++) {
      double x = -1 + random.nextDouble() * 6; // [-1, 5): some outside the training range [0, 4]
      double color = i % 7 == 0 ? 2 : (random.nextDouble() < 0.5 ? 1 : 0);
      double score = random.nextDouble() * 30;
      call(recorder, new double[] {x, color, 0.5}, score);
      xBins[bin(x, EDGES)]++;
      colorBins[color == 1 ? 0 : color == 0 ? 1 : 2]++;
      scoreBins[bin(score, new double[] {10, 20})]++;
      if (x < 0 || x > 4) {
        outOfRange++;
      }
    }
    String text = scrape(null);
    // below min_samples: the window count and thresholds, but no drift series
    assertEquals(rows, value(text, "model_drift_window_samples", "model", "wine"));
    assertEquals(0.25, value(text, "model_drift_threshold", "model", "wine", "statistic", "psi"));
    assertFalse(text.contains("model_feature_drift{"), text);

    for (int i = rows; i < 200; i++) {
      double x = -1 + random.nextDouble() * 6;
      double color = i % 7 == 0 ? 2 : (random.nextDouble() < 0.5 ? 1 : 0);
      double score = random.nextDouble() * 30;
      call(recorder, new double[] {x, color, 0.5}, score);
      xBins[bin(x, EDGES)]++;
      colorBins[color == 1 ? 0 : color == 0 ? 1 : 2]++;
      scoreBins[bin(score, new double[] {10, 20})]++;
      if (x < 0 || x > 4) {
        outOfRange++;
      }
    }
    rows = 200;

    for (String accept : new String[] {null, OPENMETRICS}) {
      text = scrape(accept);
      // the same strings: the gauge's data points are sorted by label, the buckets by bound
      Set<String> live = new TreeSet<>(leLabels(text, "model_feature_value_bucket", "x"));
      // the baseline's edges carry the live histogram's exact le text, as upper (le is for
      // histograms only)
      Set<String> baseline =
          new TreeSet<>(labels(text, "model_feature_baseline_ratio", "x", "upper"));
      assertEquals(new TreeSet<>(List.of("1.0", "2.5", "3.0", "+Inf")), live, text);
      assertEquals(live, baseline, text);
      assertEquals(
          0.5,
          value(
              text,
              "model_feature_baseline_ratio",
              "model",
              "wine",
              "feature",
              "x",
              "upper",
              "2.5"),
          1e-15);
      assertEquals(
          1.0,
          value(
              text,
              "model_feature_baseline_ratio",
              "model",
              "wine",
              "feature",
              "x",
              "upper",
              "+Inf"));
      // y has no baseline: default buckets, no ratio, no drift
      assertTrue(leLabels(text, "model_feature_value_bucket", "y").contains("-1000.0"), text);
      assertTrue(labels(text, "model_feature_baseline_ratio", "y", "upper").isEmpty(), text);
      assertFalse(text.contains("model_feature_baseline_ratio{feature=\"x\",le="), text);
      assertFalse(text.contains("feature=\"y\",statistic"), text);
    }
    text = scrape(null);
    assertEquals(
        outOfRange,
        value(text, "model_feature_out_of_range_total", "model", "wine", "feature", "x"));
    assertEquals(rows, value(text, "model_drift_window_samples", "model", "wine"));
    double[] xShares = {0.2, 0.3, 0.1, 0.4};
    assertEquals(
        psi(xShares, xBins),
        value(text, "model_feature_drift", "model", "wine", "feature", "x", "statistic", "psi"),
        1e-12);
    assertEquals(
        ks(xShares, xBins),
        value(text, "model_feature_drift", "model", "wine", "feature", "x", "statistic", "ks"),
        1e-12);
    double[] colorShares = {0.75, 0.25, 0.0};
    // the baseline's color has a count of 100: a two-sample test of 75, 25, 0 against the live
    // counts
    assertEquals(
        dev.modelwatch.agent.drift.DriftFormulas.chiSquared(colorShares, colorBins, 100),
        value(
            text, "model_feature_drift", "model", "wine", "feature", "color", "statistic", "chi2"),
        1e-9);
    assertEquals(
        dev.modelwatch.agent.drift.DriftFormulas.chiSquaredPValue(colorShares, colorBins, 100),
        value(
            text,
            "model_feature_drift_pvalue",
            "model",
            "wine",
            "feature",
            "color",
            "statistic",
            "chi2"),
        1e-10);
    // categories of the baseline are exported from the start; 2 was never seen in training
    assertEquals(
        colorBins[2],
        value(
            text,
            "model_feature_category_total",
            "model",
            "wine",
            "feature",
            "color",
            "category",
            "2"));
    assertEquals(
        0,
        value(
            text,
            "model_feature_category_total",
            "model",
            "wine",
            "feature",
            "color",
            "category",
            "__other__"));
    double[] scoreShares = {0.3, 0.4, 0.3};
    assertEquals(
        psi(scoreShares, scoreBins),
        value(text, "model_output_drift", "model", "wine", "output", "score", "statistic", "psi"),
        1e-12);
    assertTrue(
        text.contains(
            "model_output_drift_pvalue{model=\"wine\",output=\"score\",statistic=\"ks\"}"),
        text);
    assertEquals(
        0.01, value(text, "model_drift_threshold", "model", "wine", "statistic", "pvalue"));
    // the verdict gauge: 2 (drift) when the KS p-value is below 0.01 and PSI >= 0.25, KS >= 0.2 or
    // JS >= 0.2;
    // 1 (warning) when it is below 0.01 and PSI >= 0.1, KS >= 0.13 or JS >= 0.13; else 0
    double p =
        value(
            text, "model_feature_drift_pvalue", "model", "wine", "feature", "x", "statistic", "ks");
    double xPsi = psi(xShares, xBins);
    double xKs = ks(xShares, xBins);
    double xJs =
        value(text, "model_feature_drift", "model", "wine", "feature", "x", "statistic", "js");
    double expected =
        p >= 0.01
            ? 0
            : xPsi >= 0.25 || xKs >= 0.2 || xJs >= 0.2
                ? 2
                : xPsi >= 0.1 || xKs >= 0.13 || xJs >= 0.13 ? 1 : 0;
    assertEquals(
        expected, value(text, "model_feature_drift_status", "model", "wine", "feature", "x"), text);
    // PSI alone (0.128) would be a warning, but with 200 values against a baseline of 100 the KS
    // test does not
    // reject (p 0.25): ok
    assertTrue(xPsi >= 0.1 && p > 0.2, "psi " + xPsi + ", p " + p);
    assertEquals(0.0, expected);
    double v =
        Math.sqrt(
            dev.modelwatch.agent.drift.DriftFormulas.chiSquared(colorShares, colorBins)
                / (rows * 2.0));
    assertEquals(
        v,
        value(
            text,
            "model_feature_drift",
            "model",
            "wine",
            "feature",
            "color",
            "statistic",
            "cramers_v"),
        1e-12);
    assertTrue(text.contains("model_output_drift_status{model=\"wine\",output=\"score\"}"), text);
    // the baseline's count of x, for the fleet's two-sample test in the recording rules
    assertEquals(
        100, value(text, "model_feature_baseline_values", "model", "wine", "feature", "x"));
    assertFalse(text.contains("model_feature_drift_status{model=\"wine\",feature=\"y\"}"), text);
  }

  private static void call(Recorder recorder, double[] row, double score) {
    CallState state = new CallState();
    recorder.enter(0, null, row, state);
    recorder.exit(0, row, null, score, null, state);
  }

  private String scrape(String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.url()));
    if (accept != null) {
      request.header("Accept", accept);
    }
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  /** The {@code le} label texts of one feature's series of {@code metric}, in exposition order. */
  static List<String> leLabels(String text, String metric, String feature) {
    return labels(text, metric, feature, "le");
  }

  /**
   * The values of label {@code name} on the lines of {@code metric} for {@code feature}, in
   * exposition order.
   */
  static List<String> labels(String text, String metric, String feature, String name) {
    Pattern line = Pattern.compile("^" + metric + "\\{([^}]*)\\} ", Pattern.MULTILINE);
    Pattern le = Pattern.compile("(?<![a-z_])" + name + "=\"([^\"]*)\"");
    List<String> labels = new ArrayList<>();
    Matcher m = line.matcher(text);
    while (m.find()) {
      if (m.group(1).contains("feature=\"" + feature + "\"")) {
        Matcher l = le.matcher(m.group(1));
        assertTrue(l.find(), m.group());
        labels.add(l.group(1));
      }
    }
    return labels;
  }

  /** The value of the series with this name and exactly these labels, whatever their order. */
  static double value(String text, String name, String... labels) {
    Map<String, String> wanted = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    Pattern label = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    for (String line : text.split("\n")) {
      if (!line.startsWith(name + "{")) {
        continue;
      }
      Map<String, String> found = new TreeMap<>();
      Matcher m = label.matcher(line.substring(0, line.indexOf('}')));
      while (m.find()) {
        found.put(m.group(1), m.group(2));
      }
      if (found.equals(wanted)) {
        return Double.parseDouble(line.substring(line.indexOf("} ") + 2).split(" ")[0]);
      }
    }
    throw new AssertionError("no series " + name + wanted + " in:\n" + text);
  }

  static int bin(double v, double[] edges) {
    int b = 0;
    while (b < edges.length && v > edges[b]) {
      b++;
    }
    return b;
  }

  static double psi(double[] baseline, long[] counts) {
    return dev.modelwatch.agent.drift.DriftFormulas.psi(baseline, counts);
  }

  /** Largest gap between cumulative shares at the bins' upper edges. */
  static double ks(double[] baseline, long[] counts) {
    double n = 0;
    for (long c : counts) {
      n += c;
    }
    double e = 0;
    double a = 0;
    double d = 0;
    for (int i = 0; i < counts.length; i++) {
      e += baseline[i];
      a += counts[i] / n;
      d = Math.max(d, Math.abs(e - a));
    }
    return d;
  }
}
