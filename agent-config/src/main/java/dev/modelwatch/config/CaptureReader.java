package dev.modelwatch.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Walks a model's {@code capture} and checks it against the model's features and outputs. */
final class CaptureReader {
  static final List<String> CAPTURE_KEYS =
      NodeReader.keys(
          "sample", "path", "max_file", "max_files", "redact", "redact_key_file", "redact_key_env");

  /** A capture line's own keys start with this; no feature or output may. */
  static final String RESERVED_PREFIX = "@";

  private final NodeReader reader;
  private final Path source;

  CaptureReader(NodeReader reader, Path source) {
    this.reader = reader;
    this.source = source;
  }

  /** The capture settings, or null when absent or invalid (the problems are recorded). */
  CaptureConfig read(
      MappingReader model, List<FeatureConfig> features, List<OutputConfig> outputs) {
    MappingReader capture = model.mapping("capture", CAPTURE_KEYS);
    if (capture == null) {
      return null;
    }
    int before = problemCount();
    double sample = sample(capture);
    Path path = capture.require("path") ? directory(capture) : null;
    long maxFile = maxFile(capture);
    int maxFiles =
        (int) capture.integer("max_files", CaptureConfig.DEFAULT_MAX_FILES, 1, 1_000_000);
    List<String> redact = redact(capture, features);
    String keyEnv = ServerReader.envName(capture, "redact_key_env");
    Path keyFile = capture.has("redact_key_file") ? file(capture, "redact_key_file") : null;
    if (capture.has("redact_key_file") && capture.has("redact_key_env")) {
      capture.problem("give only one of redact_key_file, redact_key_env");
    }
    if (redact.isEmpty() && (capture.has("redact_key_file") || capture.has("redact_key_env"))) {
      capture.problem(
          capture.has("redact_key_file") ? "redact_key_file" : "redact_key_env",
          "applies only with redact: list the features to redact, e.g. redact: [email], or remove"
              + " the key");
    }
    reservedNames(capture, features, outputs);
    if (problemCount() != before || path == null) {
      return null;
    }
    return new CaptureConfig(sample, path, maxFile, maxFiles, redact, keyFile, keyEnv);
  }

  private static double sample(MappingReader capture) {
    Double sample = capture.number("sample");
    if (sample == null) {
      return CaptureConfig.DEFAULT_SAMPLE;
    }
    if (!(sample > 0 && sample <= 1)) {
      capture.problem(
          "sample",
          "must be greater than 0 and at most 1 (0.01 captures one call in a hundred, 1 every"
              + " call), found "
              + NodeReader.describe(capture.node("sample")));
    }
    return sample;
  }

  private long maxFile(MappingReader capture) {
    if (!capture.has("max_file")) {
      return CaptureConfig.DEFAULT_MAX_FILE;
    }
    String text = reader.string(capture.node("max_file"), capture.path("max_file"));
    if (text == null) {
      return CaptureConfig.DEFAULT_MAX_FILE;
    }
    try {
      long bytes = ByteSizes.parse(text);
      if (bytes < CaptureConfig.MIN_MAX_FILE) {
        capture.problem(
            "max_file",
            "must be at least "
                + ByteSizes.format(CaptureConfig.MIN_MAX_FILE)
                + ", found "
                + text.trim());
      }
      return bytes;
    } catch (IllegalArgumentException e) {
      capture.problem("max_file", e.getMessage());
      return CaptureConfig.DEFAULT_MAX_FILE;
    }
  }

  /**
   * Feature names to redact; each must be a feature of the model when the model lists its features
   * (discovered features are known only at the model's first call).
   */
  private List<String> redact(MappingReader capture, List<FeatureConfig> features) {
    List<Node> items = capture.list("redact", "[email, ssn]");
    List<String> redact = new ArrayList<>();
    if (items == null) {
      return redact;
    }
    List<String> names = new ArrayList<>();
    for (FeatureConfig feature : features) {
      if (feature.name() != null) {
        names.add(feature.name());
      }
    }
    for (int i = 0; i < items.size(); i++) {
      String path = capture.path("redact") + "[" + i + "]";
      String name = reader.nonEmptyString(items.get(i), path);
      if (name == null) {
        continue;
      }
      if (redact.contains(name)) {
        reader.problem(items.get(i), path, "'" + name + "' is listed twice");
      } else if (!names.isEmpty() && !names.contains(name)) {
        reader.problem(
            items.get(i),
            path,
            "'"
                + name
                + "' is not a feature of this model"
                + Suggestions.didYouMean(name, names)
                + " (its features: "
                + String.join(", ", names)
                + ")");
      }
      redact.add(name);
    }
    return redact;
  }

  /** A capture line's own keys ({@code @timestamp}, ...) must not collide with a column. */
  private static void reservedNames(
      MappingReader capture, List<FeatureConfig> features, List<OutputConfig> outputs) {
    List<String> names = new ArrayList<>();
    for (FeatureConfig feature : features) {
      names.add(feature.name());
    }
    for (OutputConfig output : outputs) {
      names.add(output.name());
    }
    for (String name : names) {
      if (name != null && name.startsWith(RESERVED_PREFIX)) {
        capture.problem(
            "the column '"
                + name
                + "' starts with "
                + RESERVED_PREFIX
                + ", which capture files keep for their own keys (@timestamp, @model,"
                + " @prediction_id, @row); rename it");
      }
    }
  }

  private Path directory(MappingReader capture) {
    return file(capture, "path");
  }

  /** A path; relative ones resolve against the directory of the config file. */
  private Path file(MappingReader capture, String key) {
    String text = reader.nonEmptyString(capture.node(key), capture.path(key));
    if (text == null) {
      return null;
    }
    try {
      return ConfigPaths.resolve(text, source);
    } catch (InvalidPathException e) {
      capture.problem(key, "'" + text + "' is not a valid path: " + e.getReason());
      return null;
    }
  }

  private int problemCount() {
    return reader.problems().size();
  }
}
