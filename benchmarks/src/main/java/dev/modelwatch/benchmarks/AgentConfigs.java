package dev.modelwatch.benchmarks;

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
 * intercepts of the benchmark models, so no library preset is needed.
 */
public final class AgentConfigs {
  private AgentConfigs() {}

  /**
   * Linear and MLP models with 11 features and 1 output each; the Tribuo model and the ONNX Runtime
   * session with latency and errors only (reading their features needs the library presets).
   */
  public static String models(int port, double sampling) {
    StringBuilder yaml = server(port);
    floatModel(yaml, LinearBenchmark.MODEL, LinearModel.class.getName(), "predict", LinearModel.FEATURES, sampling);
    floatModel(yaml, MlpBenchmark.MODEL, MlpModel.class.getName(), "predict", MlpModel.FEATURES, sampling);
    yaml.append("  - name: ").append(TribuoBenchmark.MODEL).append('\n')
        .append("    intercept: {class: org.tribuo.Model, method: predict, parameters: [org.tribuo.Example]}\n")
        .append("    sampling: ").append(number(sampling)).append('\n');
    yaml.append("  - name: ").append(OnnxBenchmark.MODEL).append('\n')
        .append("    intercept: {class: ai.onnxruntime.OrtSession, method: run, parameters: [java.util.Map]}\n")
        .append("    sampling: ").append(number(sampling)).append('\n');
    return yaml.toString();
  }

  /** Only the linear model, at the given sampling rate. */
  public static String linear(int port, double sampling) {
    StringBuilder yaml = server(port);
    floatModel(yaml, LinearBenchmark.MODEL, LinearModel.class.getName(), "predict", LinearModel.FEATURES, sampling);
    return yaml.toString();
  }

  /** 30 models x 50 numeric features and one output: {@code wide00}..{@code wide29}. */
  public static String wide(int port) {
    StringBuilder yaml = server(port);
    for (int m = 0; m < WideModels.MODELS; m++) {
      floatModel(yaml, String.format(Locale.ROOT, "wide%02d", m), WideModels.class.getName(),
          String.format(Locale.ROOT, "model%02d", m), WideModels.FEATURES, 1.0);
    }
    return yaml.toString();
  }

  public static Path write(Path dir, String name, String yaml) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  private static StringBuilder server(int port) {
    return new StringBuilder()
        .append("server: {port: ").append(port).append(", host: 127.0.0.1}\n")
        .append("models:\n");
  }

  private static void floatModel(
      StringBuilder yaml, String name, String className, String method, int features, double sampling) {
    yaml.append("  - name: ").append(name).append('\n')
        .append("    intercept: {class: ").append(className).append(", method: ").append(method)
        .append(", parameters: [\"float[]\"]}\n")
        .append("    features:\n");
    for (int i = 0; i < features; i++) {
      yaml.append(String.format(Locale.ROOT, "      - {name: f%02d, index: %d}%n", i, i));
    }
    yaml.append("    outputs: [{name: y, kind: regression}]\n")
        .append("    sampling: ").append(number(sampling)).append('\n');
  }

  /** Plain decimal: YAML 1.1 reads {@code 1e-9} (no dot) as a string. */
  private static String number(double value) {
    return new java.math.BigDecimal(value).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString()
        + (value == Math.rint(value) ? ".0" : "");
  }
}
