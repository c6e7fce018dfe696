package dev.modelwatch.benchmarks;

import dev.modelwatch.benchmarks.models.CategoricalModel;
import dev.modelwatch.benchmarks.models.LinearModel;
import dev.modelwatch.benchmarks.models.MlpModel;
import dev.modelwatch.benchmarks.models.WideModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The agent configs the benchmark forks run with, written as YAML files: plain class+method
 * intercepts of the {@code float[]} models, and the Tribuo and ONNX Runtime library presets for
 * those models, each recording what {@link HandWrittenMetrics} records.
 */
public final class AgentConfigs {
  /**
   * The ONNX benchmark's model file name (a temp file), matched by the preset's {@code model_path}.
   */
  public static final String ONNX_FILE_PREFIX = "modelwatch-bench-";

  private AgentConfigs() {}

  /**
   * Every model with 11 numeric features {@code f00}..{@code f10} (default buckets) and one
   * regression output {@code y}: linear and MLP by plain intercepts on {@code float[]}, the Tribuo
   * model through {@code intercept: {library: tribuo}} (features by Tribuo name from the {@code
   * Example}) and the ONNX Runtime session through {@code intercept: {library: onnxruntime}}
   * (features by index in the input tensor's row).
   */
  public static String models(int port, double sampling) {
    StringBuilder yaml = server(port);
    floatModel(
        yaml,
        LinearBenchmark.MODEL,
        LinearModel.class.getName(),
        "predict",
        LinearModel.FEATURES,
        sampling);
    floatModel(
        yaml, MlpBenchmark.MODEL, MlpModel.class.getName(), "predict", MlpModel.FEATURES, sampling);
    yaml.append("  - name: ")
        .append(CategoricalBenchmark.MODEL)
        .append('\n')
        .append("    intercept: {class: ")
        .append(CategoricalModel.class.getName())
        .append(", method: predict, parameters: [\"float[]\"]}\n")
        .append("    features:\n");
    String[] names = FeatureNames.of(CategoricalModel.FEATURES);
    for (int i = 0; i < names.length; i++) {
      yaml.append("      - {name: ")
          .append(names[i])
          .append(", index: ")
          .append(i)
          .append(", kind: categorical}\n");
    }
    output(yaml, sampling);
    yaml.append("  - name: ")
        .append(TribuoBenchmark.MODEL)
        .append('\n')
        .append("    intercept: {library: tribuo}\n");
    features(yaml, LinearModel.FEATURES, false);
    output(yaml, sampling);
    yaml.append("  - name: ")
        .append(OnnxBenchmark.MODEL)
        .append('\n')
        .append("    intercept: {library: onnxruntime, model_path: \"")
        .append(ONNX_FILE_PREFIX)
        .append("*.onnx\"}\n");
    features(yaml, LinearModel.FEATURES, true);
    output(yaml, sampling);
    return yaml.toString();
  }

  /**
   * The Tribuo and ONNX Runtime models of {@link #models} configured without features: the agent
   * discovers their 11 features at the first call (Tribuo's by name, ONNX Runtime's as the input's
   * columns), to compare their cost per call with the same features configured.
   */
  public static String discovered(int port) {
    StringBuilder yaml = server(port);
    yaml.append("  - name: ")
        .append(TribuoBenchmark.MODEL)
        .append('\n')
        .append("    intercept: {library: tribuo}\n");
    output(yaml, 1.0);
    yaml.append("  - name: ")
        .append(OnnxBenchmark.MODEL)
        .append('\n')
        .append("    intercept: {library: onnxruntime, model_path: \"")
        .append(ONNX_FILE_PREFIX)
        .append("*.onnx\"}\n");
    output(yaml, 1.0);
    return yaml.toString();
  }

  /**
   * The embedding model of {@link EmbeddingBenchmark}, its output {@code kind: embedding} with a
   * baseline of 8 centroids written into {@code dir}.
   */
  public static String embedding(int port, Path dir) throws IOException {
    float[][] vectors =
        dev.modelwatch.benchmarks.models.EmbeddingModel.vectors(
            8, 2); // random unit centroids: the cost does not depend on where they are
    StringBuilder centroids = new StringBuilder();
    for (float[] c : vectors) {
      centroids.append("        - ").append(java.util.Arrays.toString(c)).append('\n');
    }
    String baseline =
        "format: modelwatch-baseline/v1\n"
            + "model: embedding\n"
            + "rows: 1000\n"
            + "features: {}\n"
            + "outputs:\n"
            + "  vector.norm: {type: numeric, count: 1000, missing_share: 0.0, min: 0.99, max: 1.01,"
            + " mean: 1.0, stddev: 0.001, edges: [0.999, 1.0, 1.001], shares: [0.25, 0.25, 0.25,"
            + " 0.25]}\n"
            + "  vector.cluster:\n"
            + "    type: categorical\n"
            + "    count: 1000\n"
            + "    missing_share: 0.0\n"
            + "    categories: {'0': 0.125, '1': 0.125, '2': 0.125, '3': 0.125, '4': 0.125, '5':"
            + " 0.125, '6': 0.125, '7': 0.125, __other__: 0.0}\n"
            + "    embedding:\n"
            + "      mean: "
            + java.util.Arrays.toString(vectors[0])
            + "\n"
            + "      centroids:\n"
            + centroids;
    Path file = dir.resolve("embedding-baseline.yaml");
    Files.writeString(file, baseline);
    return server(port)
        .append("  - name: ")
        .append(EmbeddingBenchmark.MODEL)
        .append('\n')
        .append("    intercept: {class: ")
        .append(dev.modelwatch.benchmarks.models.EmbeddingModel.class.getName())
        .append(", method: embed, parameters: [int]}\n")
        .append("    outputs: [{name: vector, kind: embedding}]\n")
        .append("    baseline: ")
        .append(file.toAbsolutePath())
        .append('\n')
        .toString();
  }

  /**
   * The text model of {@link TextBenchmark}: {@code profile: text} with a vocabulary, from a
   * baseline written into {@code dir} that holds the vocabulary (the model's words but three) and
   * bins for each of its statistics.
   */
  public static String text(int port, Path dir) throws IOException {
    StringBuilder words = new StringBuilder();
    String[] all = dev.modelwatch.benchmarks.models.TextModel.WORDS;
    for (int i = 3; i < all.length; i++) {
      words.append(i == 3 ? "" : ", ").append('"').append(all[i]).append('"');
    }
    String baseline =
        "format: modelwatch-baseline/v1\n"
            + "model: text\n"
            + "rows: 1000\n"
            + "features:\n"
            + textStatistics()
            + "vocabularies:\n"
            + "  review: ["
            + words
            + "]\n";
    Path file = dir.resolve("text-baseline.yaml");
    Files.writeString(file, baseline);
    return server(port)
        .append("  - name: ")
        .append(TextBenchmark.MODEL)
        .append('\n')
        .append("    intercept: {class: ")
        .append(dev.modelwatch.benchmarks.models.TextModel.class.getName())
        .append(", method: classify, parameters: [java.lang.String]}\n")
        .append("    features: [{name: review, profile: text, vocabulary: 100}]\n")
        .append("    baseline: ")
        .append(file.toAbsolutePath())
        .append('\n')
        .toString();
  }

  /** Bins of every statistic of {@code profile: text} on feature {@code review}. */
  private static String textStatistics() {
    String[][] statistics = {
      {"length", "[60, 90, 120]"},
      {"word_count", "[10, 15, 20]"},
      {"mean_word_length", "[4, 5, 6]"},
      {"digit_share", "[0.01, 0.02, 0.05]"},
      {"letter_share", "[0.7, 0.8, 0.9]"},
      {"whitespace_share", "[0.1, 0.15, 0.2]"},
      {"other_share", "[0.01, 0.02, 0.05]"},
      {"non_ascii_share", "[0.01, 0.02, 0.05]"},
      {"oov_share", "[0.05, 0.1, 0.2]"}
    };
    StringBuilder yaml = new StringBuilder();
    for (String[] statistic : statistics) {
      yaml.append("  review.")
          .append(statistic[0])
          .append(":\n    type: numeric\n    count: 1000\n    missing_share: 0.0\n")
          .append("    min: 0\n    max: 200\n    mean: 1\n    stddev: 1\n")
          .append("    edges: ")
          .append(statistic[1])
          .append("\n    shares: [0.25, 0.25, 0.25, 0.25]\n");
    }
    return yaml.toString();
  }

  /** Only the linear model, at the given sampling rate. */
  public static String linear(int port, double sampling) {
    StringBuilder yaml = server(port);
    floatModel(
        yaml,
        LinearBenchmark.MODEL,
        LinearModel.class.getName(),
        "predict",
        LinearModel.FEATURES,
        sampling);
    return yaml.toString();
  }

  /**
   * Only the linear model, at the given sampling rate, with payload capture on at {@code
   * captureSample} into {@code captureDir}.
   */
  public static String linearCapturing(
      int port, double sampling, double captureSample, Path captureDir) {
    return linear(port, sampling)
        + "    capture: {sample: "
        + number(captureSample)
        + ", path: "
        + captureDir.toAbsolutePath()
        + "}\n";
  }

  /** 30 models x 50 numeric features and one output: {@code wide00}..{@code wide29}. */
  public static String wide(int port) {
    StringBuilder yaml = server(port);
    for (int m = 0; m < WideModels.MODELS; m++) {
      floatModel(
          yaml,
          wideName(m),
          WideModels.class.getName(),
          String.format(Locale.ROOT, "model%02d", m),
          WideModels.FEATURES,
          1.0);
    }
    return yaml.toString();
  }

  /**
   * {@link #wide} with a baseline file per model, written to {@code dir}: every feature and the
   * output on their own 10 bins, so each has its own bucket bounds, baseline gauges and drift
   * windows, as in production.
   */
  public static String wideWithBaselines(int port, Path dir) throws IOException {
    StringBuilder yaml = server(port);
    for (int m = 0; m < WideModels.MODELS; m++) {
      Path baseline = dir.resolve(wideName(m) + "-baseline.yaml");
      writeWideBaseline(m, baseline);
      floatModel(
          yaml,
          wideName(m),
          WideModels.class.getName(),
          String.format(Locale.ROOT, "model%02d", m),
          WideModels.FEATURES,
          1.0);
      yaml.append("    baseline: ").append(baseline.toAbsolutePath()).append('\n');
    }
    return yaml.toString();
  }

  private static String wideName(int model) {
    return String.format(Locale.ROOT, "wide%02d", model);
  }

  /**
   * Features are uniform on [0, 20) ({@code Rows}): deciles 2, 4, .., 18, each feature's shifted a
   * little so that no two features share bounds. The output, model + a sum of 34 of them with
   * signs, is about normal with mean {@code model} and sd 33.7: its deciles.
   */
  private static void writeWideBaseline(int model, Path file) throws IOException {
    // written as text: the benchmark JVMs must not have the agent's own classes on their class path
    StringBuilder yaml =
        new StringBuilder()
            .append("format: modelwatch-baseline/v1\nmodel: ")
            .append(wideName(model))
            .append("\nrows: 10000\nfeatures:\n");
    for (int f = 0; f < WideModels.FEATURES; f++) {
      double[] edges = new double[9];
      for (int k = 0; k < edges.length; k++) {
        edges[k] = 2 * (k + 1) + f * 0.001;
      }
      numericColumn(
          yaml, String.format(Locale.ROOT, "f%02d", f), edges, 0, 20, 10, 20 / Math.sqrt(12));
    }
    double[] z = {-1.2816, -0.8416, -0.5244, -0.2533, 0, 0.2533, 0.5244, 0.8416, 1.2816};
    double sd = Math.sqrt(34 * 400 / 12.0);
    double[] edges = new double[z.length];
    for (int k = 0; k < z.length; k++) {
      edges[k] = model + sd * z[k];
    }
    yaml.append("outputs:\n");
    numericColumn(yaml, "y", edges, model - 340, model + 340, model, sd);
    Files.write(file, yaml.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Ten bins of a tenth each: {@code edges} are the deciles. */
  private static void numericColumn(
      StringBuilder yaml,
      String name,
      double[] edges,
      double min,
      double max,
      double mean,
      double sd) {
    StringBuilder list = new StringBuilder();
    for (double edge : edges) {
      list.append(list.length() == 0 ? "" : ", ").append(edge);
    }
    yaml.append("  ")
        .append(name)
        .append(":\n")
        .append("    type: numeric\n    count: 10000\n    missing_share: 0.0\n")
        .append("    min: ")
        .append(min)
        .append("\n    max: ")
        .append(max)
        .append("\n    mean: ")
        .append(mean)
        .append("\n    stddev: ")
        .append(sd)
        .append("\n    edges: [")
        .append(list)
        .append("]\n")
        .append("    shares: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]\n");
  }

  public static Path write(Path dir, String name, String yaml) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  private static StringBuilder server(int port) {
    return new StringBuilder()
        .append("server: {port: ")
        .append(port)
        .append(", host: 127.0.0.1}\n")
        .append("models:\n");
  }

  private static void floatModel(
      StringBuilder yaml,
      String name,
      String className,
      String method,
      int features,
      double sampling) {
    yaml.append("  - name: ")
        .append(name)
        .append('\n')
        .append("    intercept: {class: ")
        .append(className)
        .append(", method: ")
        .append(method)
        .append(", parameters: [\"float[]\"]}\n");
    features(yaml, features, true);
    output(yaml, sampling);
  }

  /**
   * {@code f00}, {@code f01}, ...: the names of {@link FeatureNames}, with or without the index in
   * the row.
   */
  private static void features(StringBuilder yaml, int count, boolean indexed) {
    yaml.append("    features:\n");
    String[] names = FeatureNames.of(count);
    for (int i = 0; i < count; i++) {
      yaml.append("      - {name: ").append(names[i]);
      if (indexed) {
        yaml.append(", index: ").append(i);
      }
      yaml.append("}\n");
    }
  }

  private static void output(StringBuilder yaml, double sampling) {
    yaml.append("    outputs: [{name: y, kind: regression}]\n")
        .append("    sampling: ")
        .append(number(sampling))
        .append('\n');
  }

  /**
   * The same config with {@code timing: every} on every model: each call timed, as adaptive timing
   * does while a thread calls a model less often than every 100 µs.
   */
  public static String everyCallTimed(String yaml) {
    return yaml.replaceAll("(?m)^(    sampling: .*)$", "$1\n    timing: every");
  }

  /** Plain decimal: YAML 1.1 reads {@code 1e-9} (no dot) as a string. */
  private static String number(double value) {
    return new java.math.BigDecimal(value)
            .round(new java.math.MathContext(6))
            .stripTrailingZeros()
            .toPlainString()
        + (value == Math.rint(value) ? ".0" : "");
  }
}
