package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.plain.LinearWineModel;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drift detection end to end: a baseline built by the agent jar's own {@code baseline} command from
 * WineData's training CSV, the plain model server with the real agent, and traffic from the traffic
 * generator. The window (10 minutes) holds every row sent, so each statistic is exactly the formula
 * applied to the rows sent, and the test computes it independently.
 */
public class DriftDetectionTest {
  static final List<String> NUMERIC = WineData.FEATURE_NAMES.subList(0, WineData.NUMERIC_FEATURES);
  static final String OUTPUT = "predicted_quality";
  static final int ROWS = 3000;

  private static Training training;

  @BeforeAll
  static void buildBaseline() throws Exception {
    training = Training.build("detection", 50_000, 42);
  }

  @Test
  void trainingLikeTrafficShowsNoDriftAndEachStatisticIsItsFormula() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            training.config("{window: 10m, slices: 10, min_samples: 500}"),
            List.of("--port", "0", "--threads", "4"))) {
      TrafficResult result =
          send(app, new TrafficGenerator.Options().mode(TrafficMode.NORMAL).rows(400).seed(7));
      Scrape scrape = app.scrape();
      // fewer rows than min_samples: the window's count, the thresholds, and no drift
      assertEquals(400, scrape.value("model_drift_window_samples", "model", "wine"));
      assertEquals(
          0.25, scrape.value("model_drift_threshold", "model", "wine", "statistic", "psi"));
      assertEquals(
          0.01, scrape.value("model_drift_threshold", "model", "wine", "statistic", "pvalue"));
      assertFalse(scrape.hasMetric("model_feature_drift"), scrape.text());
      assertFalse(scrape.hasMetric("model_output_drift"), scrape.text());

      List<TrafficResult.Exchange> exchanges = new ArrayList<>(result.exchanges());
      exchanges.addAll(
          send(
                  app,
                  new TrafficGenerator.Options().mode(TrafficMode.NORMAL).rows(ROWS - 400).seed(8))
              .exchanges());
      scrape = app.scrape();
      Sent sent = Sent.of(exchanges);
      assertEquals(ROWS, sent.rows());
      assertEquals(ROWS, scrape.value("model_drift_window_samples", "model", "wine"));
      for (int f = 0; f < NUMERIC.size(); f++) {
        String feature = NUMERIC.get(f);
        Baseline.Numeric baseline = training.baseline.numeric.get(feature);
        long[] live = baseline.bin(sent.feature(f));
        double psi =
            scrape.value(
                "model_feature_drift", "model", "wine", "feature", feature, "statistic", "psi");
        double ks =
            scrape.value(
                "model_feature_drift", "model", "wine", "feature", feature, "statistic", "ks");
        double p =
            scrape.value(
                "model_feature_drift_pvalue",
                "model",
                "wine",
                "feature",
                feature,
                "statistic",
                "ks");
        assertEquals(Formulas.psi(baseline.shares, live), psi, 1e-9, feature);
        assertEquals(Formulas.ks(baseline.shares, live), ks, 1e-12, feature);
        // two-sample: the window's ROWS values against the baseline's count of values
        assertEquals(Formulas.ksPValue(ks, ROWS, baseline.count), p, 1e-9, feature);
        assertEquals(
            Formulas.jensenShannon(baseline.shares, live),
            scrape.value(
                "model_feature_drift", "model", "wine", "feature", feature, "statistic", "js"),
            1e-9,
            feature);
        assertTrue(psi < 0.1, feature + " psi " + psi);
        assertTrue(p >= 0.01, feature + " KS p-value " + p);
      }
      Baseline.Categorical colors = training.baseline.categorical.get("color");
      long[] liveColors = colors.count(sent.colors());
      double chi2 =
          scrape.value(
              "model_feature_drift", "model", "wine", "feature", "color", "statistic", "chi2");
      assertEquals(Formulas.chiSquared(colors.shares, liveColors, colors.count), chi2, 1e-9);
      double chi2P =
          scrape.value(
              "model_feature_drift_pvalue",
              "model",
              "wine",
              "feature",
              "color",
              "statistic",
              "chi2");
      assertEquals(
          1
              - new ChiSquaredDistribution(Formulas.keptBins(colors.shares, liveColors) - 1)
                  .cumulativeProbability(chi2),
          chi2P,
          1e-10);
      assertTrue(chi2P >= 0.01, "color chi-squared p-value " + chi2P);

      Baseline.Numeric quality = training.baseline.numericOutputs.get(OUTPUT);
      long[] liveQuality = quality.bin(sent.predictions());
      double outputPsi =
          scrape.value("model_output_drift", "model", "wine", "output", OUTPUT, "statistic", "psi");
      assertEquals(Formulas.psi(quality.shares, liveQuality), outputPsi, 1e-9);
      assertTrue(outputPsi < 0.1, "output psi " + outputPsi);
      assertTrue(
          scrape.value(
                  "model_output_drift_pvalue", "model", "wine", "output", OUTPUT, "statistic", "ks")
              >= 0.01);

      // the live histogram's buckets are the baseline's edges, and the ratio is on the very same le
      // texts
      Baseline.Numeric alcohol = training.baseline.numeric.get("alcohol");
      List<String> bucketLe =
          Formulas.leLabels(scrape.text(), "model_feature_value_bucket", "alcohol");
      // the baseline's edges are the buckets' exact le text, as upper (le is for histograms only)
      List<String> ratioLe =
          Formulas.labels(scrape.text(), "model_feature_baseline_ratio", "alcohol", "upper");
      assertEquals(alcohol.edges.length + 1, bucketLe.size());
      assertEquals(new java.util.TreeSet<>(bucketLe), new java.util.TreeSet<>(ratioLe));
      double cumulative = 0;
      for (int i = 0; i < alcohol.edges.length; i++) {
        cumulative += alcohol.shares[i];
        assertEquals(Double.toString(alcohol.edges[i]), bucketLe.get(i));
        assertEquals(
            cumulative,
            scrape.value(
                "model_feature_baseline_ratio",
                "model",
                "wine",
                "feature",
                "alcohol",
                "upper",
                bucketLe.get(i)),
            1e-12);
      }
      // out of range: values beyond the training min/max
      long outside = 0;
      for (double v : sent.feature(WineData.ALCOHOL_INDEX)) {
        if (v < alcohol.min || v > alcohol.max) {
          outside++;
        }
      }
      assertEquals(
          outside,
          scrape.value("model_feature_out_of_range_total", "model", "wine", "feature", "alcohol"));
    }
  }

  @Test
  void dataDriftOnTwoFeaturesFlagsExactlyThose() throws Exception {
    List<String> drifted = List.of("residual_sugar", "chlorides");
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            training.config("{window: 10m, slices: 10, min_samples: 500}"),
            List.of("--port", "0", "--threads", "4"))) {
      send(
          app,
          new TrafficGenerator.Options()
              .mode(TrafficMode.DATA_DRIFT)
              .driftFeatures(drifted)
              .shift(2.0)
              .rows(ROWS)
              .seed(11));
      Scrape scrape = app.scrape();
      assertEquals(ROWS, scrape.value("model_drift_window_samples", "model", "wine"));
      for (String feature : NUMERIC) {
        double psi =
            scrape.value(
                "model_feature_drift", "model", "wine", "feature", feature, "statistic", "psi");
        double p =
            scrape.value(
                "model_feature_drift_pvalue",
                "model",
                "wine",
                "feature",
                feature,
                "statistic",
                "ks");
        if (drifted.contains(feature)) {
          assertTrue(psi > 0.25, feature + " psi " + psi);
          assertTrue(p < 0.01, feature + " KS p-value " + p);
        } else {
          assertTrue(psi < 0.1, feature + " psi " + psi);
          assertTrue(p >= 0.01, feature + " KS p-value " + p);
        }
      }
      assertTrue(
          scrape.value(
                  "model_feature_drift_pvalue",
                  "model",
                  "wine",
                  "feature",
                  "color",
                  "statistic",
                  "chi2")
              >= 0.01);
    }
  }

  @Test
  void priorDriftFlagsTheOutput() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            training.config("{window: 10m, slices: 10, min_samples: 500}"),
            List.of("--port", "0", "--threads", "4"))) {
      TrafficResult result =
          send(
              app,
              new TrafficGenerator.Options()
                  .mode(TrafficMode.PRIOR_DRIFT)
                  .highShare(0.8)
                  .rows(ROWS)
                  .seed(13));
      Scrape scrape = app.scrape();
      Baseline.Numeric quality = training.baseline.numericOutputs.get(OUTPUT);
      long[] live = quality.bin(Sent.of(result.exchanges()).predictions());
      double psi =
          scrape.value("model_output_drift", "model", "wine", "output", OUTPUT, "statistic", "psi");
      assertEquals(Formulas.psi(quality.shares, live), psi, 1e-9);
      assertTrue(psi > 0.25, "output psi " + psi);
      assertTrue(
          scrape.value(
                  "model_output_drift_pvalue", "model", "wine", "output", OUTPUT, "statistic", "ks")
              < 0.01);
      assertTrue(
          scrape.value("model_output_drift", "model", "wine", "output", OUTPUT, "statistic", "js")
              > 0.1);
    }
  }

  /**
   * Sends with 25 rows per request (one predict call per row): small requests are slow over
   * loopback.
   */
  public static TrafficResult send(AgentedServer app, TrafficGenerator.Options options)
      throws InterruptedException {
    TrafficResult result =
        TrafficGenerator.run(
            options.port(app.appPort()).threads(4).batch(25).recordExchanges(true));
    assertEquals(result.requestsSent(), result.ok(), "every request answered 200");
    return result;
  }

  /**
   * Training data and its baseline: WineData's training CSV plus the plain model's prediction per
   * row (an output's baseline describes the model's outputs on the training data), and the baseline
   * the agent jar's {@code baseline} command wrote from it.
   */
  public static final class Training {
    final Path dir;
    final Path baselineFile;
    public final Baseline baseline;

    private Training(Path dir, Path baselineFile) throws IOException {
      this.dir = dir;
      this.baselineFile = baselineFile;
      this.baseline = Baseline.read(baselineFile);
    }

    public static Training build(String name, int rows, long seed) throws Exception {
      Path dir = Files.createDirectories(Paths.get("target", "drift", name).toAbsolutePath());
      Path raw = dir.resolve("wine-train.csv");
      WineData.Sample sample = new WineData(seed).sample(rows);
      WineData.writeCsv(sample, raw);
      Path csv = dir.resolve("wine-train-scored.csv");
      List<String> lines = Files.readAllLines(raw);
      LinearWineModel model = new LinearWineModel();
      StringBuilder scored =
          new StringBuilder(lines.get(0)).append(',').append(OUTPUT).append('\n');
      for (int i = 0; i < sample.size(); i++) {
        // the prediction as the agent sees it: the float result widened to double
        scored
            .append(lines.get(i + 1))
            .append(',')
            .append((double) model.predict(sample.row(i)))
            .append('\n');
      }
      Files.writeString(csv, scored);
      Path config = dir.resolve("modelwatch.yaml");
      Path baselineFile = dir.resolve("wine-baseline.yaml");
      Files.writeString(config, yaml(baselineFile, "{window: 1h}"));
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
              baselineFile.toString());
      assertEquals(0, result.exit, result.output);
      assertTrue(
          result.output.contains("Read " + rows + " rows from " + csv + " (delimiter ',')"),
          result.output);
      assertTrue(result.output.contains("Columns not used: quality, quality_class"), result.output);
      assertTrue(
          result.output.contains("Wrote " + baselineFile + " for model wine:"), result.output);
      return new Training(dir, baselineFile);
    }

    public String config(String drift) {
      return yaml(baselineFile, drift);
    }

    /** The baseline file the agent jar's {@code baseline} command wrote. */
    public Path baselineFile() {
      return baselineFile;
    }

    static String yaml(Path baseline, String drift) {
      StringBuilder yaml =
          new StringBuilder(
              String.join(
                  "\n",
                  "models:",
                  "  - name: wine",
                  "    intercept: {class: dev.modelwatch.testapps.plain.LinearWineModel, method: predict}",
                  "    features:",
                  ""));
      for (int i = 0; i < WineData.NUMERIC_FEATURES; i++) {
        yaml.append("      - {name: ")
            .append(WineData.FEATURE_NAMES.get(i))
            .append(", index: ")
            .append(i)
            .append("}\n");
      }
      yaml.append("      - {name: color, kind: categorical, index: 11}\n");
      yaml.append("    outputs:\n      - {name: ").append(OUTPUT).append(", kind: regression}\n");
      yaml.append("    baseline: ").append(baseline).append('\n');
      yaml.append("    drift: ").append(drift).append('\n');
      return yaml.toString();
    }
  }

  /** The rows and predictions that went over the wire, as the agent saw them (floats widened). */
  public static final class Sent {
    private final List<float[]> rows = new ArrayList<>();
    private final List<Double> predictions = new ArrayList<>();

    public static Sent of(List<TrafficResult.Exchange> exchanges) {
      Sent sent = new Sent();
      for (TrafficResult.Exchange exchange : exchanges) {
        for (String line : exchange.body.split("\n")) {
          if (!line.isBlank()) {
            String[] fields = line.split(",", -1);
            float[] row = new float[fields.length];
            for (int i = 0; i < fields.length; i++) {
              row[i] = Float.parseFloat(fields[i]);
            }
            sent.rows.add(row);
          }
        }
        for (String line : exchange.response.split("\n")) {
          if (!line.isBlank()) {
            sent.predictions.add((double) Float.parseFloat(line));
          }
        }
      }
      return sent;
    }

    public int rows() {
      return rows.size();
    }

    public double[] feature(int index) {
      double[] values = new double[rows.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = rows.get(i)[index];
      }
      return values;
    }

    public List<String> colors() {
      List<String> colors = new ArrayList<>();
      for (float[] row : rows) {
        colors.add(Integer.toString((int) row[WineData.COLOR_INDEX]));
      }
      return colors;
    }

    public double[] predictions() {
      return predictions.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }

  /** The parts of a baseline file the tests compare against, read line by line from the YAML. */
  public static final class Baseline {
    public final Map<String, Numeric> numeric = new LinkedHashMap<>();
    public final Map<String, Categorical> categorical = new LinkedHashMap<>();
    final Map<String, Numeric> numericOutputs = new LinkedHashMap<>();
    long rows;

    public static final class Numeric {
      public double[] edges;
      public double[] shares;
      double min;
      double max;
      long count;

      /** Counts per bin with Prometheus le semantics: bin i holds edges[i-1] < v <= edges[i]. */
      public long[] bin(double[] values) {
        long[] counts = new long[edges.length + 1];
        for (double v : values) {
          int b = 0;
          while (b < edges.length && v > edges[b]) {
            b++;
          }
          counts[b]++;
        }
        return counts;
      }
    }

    public static final class Categorical {
      public final List<String> categories = new ArrayList<>();
      double[] shares = new double[0];
      long count;

      long[] count(List<String> values) {
        long[] counts = new long[categories.size()];
        for (String v : values) {
          int i = categories.indexOf(v);
          counts[i >= 0 ? i : categories.indexOf("__other__")]++;
        }
        return counts;
      }
    }

    public static Baseline read(Path file) throws IOException {
      Baseline baseline = new Baseline();
      String section = "";
      Numeric numeric = null;
      Categorical categorical = null;
      String column = null;
      for (String line : Files.readAllLines(file)) {
        String trimmed = line.trim();
        if (line.startsWith("rows: ")) {
          baseline.rows = Long.parseLong(trimmed.substring(6));
        } else if (!line.startsWith(" ") && line.endsWith(":")) {
          section = trimmed;
        } else if (line.startsWith("  ") && !line.startsWith("   ")) {
          column = unquote(trimmed.substring(0, trimmed.length() - 1));
          numeric = null;
          categorical = null;
        } else if (trimmed.equals("type: numeric")) {
          numeric = new Numeric();
          (section.equals("outputs:") ? baseline.numericOutputs : baseline.numeric)
              .put(column, numeric);
        } else if (trimmed.equals("type: categorical")) {
          categorical = new Categorical();
          if (section.equals("features:")) {
            baseline.categorical.put(column, categorical);
          }
        } else if (numeric != null && trimmed.startsWith("edges: ")) {
          numeric.edges = list(trimmed.substring(7));
        } else if (numeric != null && trimmed.startsWith("shares: ")) {
          numeric.shares = list(trimmed.substring(8));
        } else if (numeric != null && trimmed.startsWith("min: ")) {
          numeric.min = Double.parseDouble(trimmed.substring(5));
        } else if (numeric != null && trimmed.startsWith("max: ")) {
          numeric.max = Double.parseDouble(trimmed.substring(5));
        } else if (numeric != null && trimmed.startsWith("count: ")) {
          numeric.count = Long.parseLong(trimmed.substring(7));
        } else if (categorical != null && trimmed.startsWith("count: ")) {
          categorical.count = Long.parseLong(trimmed.substring(7));
        } else if (categorical != null && line.startsWith("      ")) {
          int colon = trimmed.lastIndexOf(": ");
          categorical.categories.add(unquote(trimmed.substring(0, colon)));
          double[] grown =
              java.util.Arrays.copyOf(categorical.shares, categorical.shares.length + 1);
          grown[grown.length - 1] = Double.parseDouble(trimmed.substring(colon + 2));
          categorical.shares = grown;
        }
      }
      return baseline;
    }

    private static String unquote(String text) {
      return text.startsWith("\"") ? text.substring(1, text.length() - 1) : text;
    }

    private static double[] list(String text) {
      String body = text.substring(1, text.length() - 1).trim();
      if (body.isEmpty()) {
        return new double[0];
      }
      String[] parts = body.split(",");
      double[] values = new double[parts.length];
      for (int i = 0; i < parts.length; i++) {
        values[i] = Double.parseDouble(parts[i].trim());
      }
      return values;
    }
  }

  /** The statistics written out from their definitions, independently of the agent. */
  public static final class Formulas {
    private Formulas() {}

    /**
     * PSI with shares below 1e-4 raised to 1e-4 and renormalised; bins empty on both sides dropped.
     */
    public static double psi(double[] baseline, long[] counts) {
      double n = 0;
      for (long c : counts) {
        n += c;
      }
      double eSum = 0;
      double aSum = 0;
      for (int i = 0; i < counts.length; i++) {
        if (baseline[i] > 0 || counts[i] > 0) {
          eSum += Math.max(baseline[i], 1e-4);
          aSum += Math.max(counts[i] / n, 1e-4);
        }
      }
      double psi = 0;
      for (int i = 0; i < counts.length; i++) {
        if (baseline[i] > 0 || counts[i] > 0) {
          double e = Math.max(baseline[i], 1e-4) / eSum;
          double a = Math.max(counts[i] / n, 1e-4) / aSum;
          psi += (a - e) * Math.log(a / e);
        }
      }
      return psi;
    }

    static double ks(double[] baseline, long[] counts) {
      double n = 0;
      for (long c : counts) {
        n += c;
      }
      double e = 0;
      double a = 0;
      double d = 0;
      for (int i = 0; i < counts.length - 1; i++) {
        e += baseline[i];
        a += counts[i] / n;
        d = Math.max(d, Math.abs(e - a));
      }
      return d;
    }

    /**
     * Two-sample KS p-value of n live and m baseline values: commons-math3's limiting distribution.
     */
    static double ksPValue(double d, int n, long m) {
      return new KolmogorovSmirnovTest().approximateP(d, n, Math.toIntExact(m));
    }

    static double jensenShannon(double[] baseline, long[] counts) {
      double n = 0;
      for (long c : counts) {
        n += c;
      }
      double divergence = 0;
      for (int i = 0; i < counts.length; i++) {
        double p = baseline[i];
        double q = counts[i] / n;
        double m = (p + q) / 2;
        if (p > 0) {
          divergence += 0.5 * p * Math.log(p / m) / Math.log(2);
        }
        if (q > 0) {
          divergence += 0.5 * q * Math.log(q / m) / Math.log(2);
        }
      }
      return Math.sqrt(Math.max(0, divergence));
    }

    /**
     * Pearson's chi-squared test of homogeneity on the 2 x k table of the baseline's counts (share
     * times its count of values m) and the live counts: sum over both rows of (O - E)^2 / E, E =
     * row total x column total / grand total; columns empty on both sides dropped.
     */
    static double chiSquared(double[] baseline, long[] counts, long m) {
      double n = 0;
      for (long c : counts) {
        n += c;
      }
      double total = n + m;
      double x = 0;
      for (int i = 0; i < counts.length; i++) {
        double b = baseline[i] * m;
        double column = b + counts[i];
        if (column > 0) {
          double expectedLive = n * column / total;
          double expectedBaseline = m * column / total;
          x +=
              (counts[i] - expectedLive) * (counts[i] - expectedLive) / expectedLive
                  + (b - expectedBaseline) * (b - expectedBaseline) / expectedBaseline;
        }
      }
      return x;
    }

    /** The bins not empty on both sides: the columns of the chi-squared table. */
    static int keptBins(double[] baseline, long[] counts) {
      int kept = 0;
      for (int i = 0; i < counts.length; i++) {
        if (baseline[i] > 0 || counts[i] > 0) {
          kept++;
        }
      }
      return kept;
    }

    /** The raw le label texts of one feature's series of {@code metric}, in exposition order. */
    static List<String> leLabels(String text, String metric, String feature) {
      return labels(text, metric, feature, "le");
    }

    /**
     * The values of label {@code name} on the lines of {@code metric} for {@code feature}, in
     * exposition order.
     */
    static List<String> labels(String text, String metric, String feature, String name) {
      java.util.regex.Pattern line =
          java.util.regex.Pattern.compile(
              "^" + metric + "\\{([^}]*)\\} ", java.util.regex.Pattern.MULTILINE);
      java.util.regex.Pattern le =
          java.util.regex.Pattern.compile("(?<![a-z_])" + name + "=\"([^\"]*)\"");
      List<String> labels = new ArrayList<>();
      java.util.regex.Matcher m = line.matcher(text);
      while (m.find()) {
        if (m.group(1).contains("feature=\"" + feature + "\"")) {
          java.util.regex.Matcher l = le.matcher(m.group(1));
          assertTrue(l.find(), m.group());
          labels.add(l.group(1));
        }
      }
      return labels;
    }
  }
}
