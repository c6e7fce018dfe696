package dev.modelwatch.config;

import dev.modelwatch.extension.InputProfile;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Walks one entry of {@code models}: name, intercept, features, outputs, sampling, baseline, drift,
 * feedback and capture.
 */
final class ModelReader {
  static final List<String> MODEL_KEYS =
      NodeReader.keys(
          "name",
          "intercept",
          "features",
          "summarize_inputs",
          "outputs",
          "sampling",
          "timing",
          "baseline",
          "drift",
          "prediction_id",
          "feedback",
          "capture");
  static final List<String> FEATURE_KEYS =
      NodeReader.keys(
          "name",
          "kind",
          "argument",
          "input",
          "index",
          "key",
          "path",
          "buckets",
          "profile",
          "layout",
          "channels",
          "vocabulary",
          "clusters",
          "dimension");
  static final List<String> OUTPUT_KEYS =
      NodeReader.keys(
          "name", "kind", "output", "index", "key", "path", "buckets", "clusters", "dimension");
  static final List<String> BASELINE_RECORD_KEYS = NodeReader.keys("record", "rows");
  static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]*");

  /** Channels an image profile records at most (RGBA is 4; more is a tensor, not an image). */
  static final int MAX_CHANNELS = 16;

  /** Words a text profile's vocabulary keeps at most. */
  static final int MAX_VOCABULARY = 1_000_000;

  /** The JVM allows at most 255 parameter slots. */
  static final int MAX_ARGUMENT = 254;

  private final NodeReader reader;
  private final Path source;
  private final InterceptReader interceptReader;
  private final DriftReader driftReader;
  private final FeedbackReader feedbackReader;
  private final CaptureReader captureReader;
  private final Map<String, Integer> modelNameLines = new HashMap<>();

  ModelReader(NodeReader reader, Path source, LibraryCatalog libraries) {
    this.reader = reader;
    this.source = source;
    this.interceptReader = new InterceptReader(reader, libraries);
    this.driftReader = new DriftReader(reader);
    this.feedbackReader = new FeedbackReader(reader);
    this.captureReader = new CaptureReader(reader, source);
  }

  /**
   * The model, or null when the entry is not a mapping; other problems are recorded and a partial
   * model returned.
   */
  ModelConfig read(Node item, String path) {
    MappingReader model = reader.mapping(item, path, ProblemList.line(item), MODEL_KEYS);
    if (model == null) {
      return null;
    }
    String name = name(model);
    InterceptConfig intercept = interceptReader.read(model);
    boolean plainMethod = intercept == null || intercept.kind() == InterceptConfig.Kind.METHOD;
    List<FeatureConfig> features = features(model, plainMethod);
    List<String> summarizeInputs = summarizeInputs(model);
    List<OutputConfig> outputs = outputs(model, plainMethod);
    double sampling = sampling(model);
    boolean adaptiveTiming =
        !"every".equals(model.choice("timing", "timing", List.of("adaptive", "every"), "adaptive"));
    BaselineRef baseline = baseline(model);
    DriftConfig drift = driftReader.read(model);
    PredictionIdConfig predictionId = feedbackReader.predictionId(model, features);
    FeedbackConfig feedback = feedbackReader.feedback(model, model.has("prediction_id"), outputs);
    CaptureConfig capture = captureReader.read(model, features, outputs);
    return new ModelConfig(
        name,
        intercept,
        features,
        summarizeInputs,
        outputs,
        sampling,
        adaptiveTiming,
        baseline,
        drift,
        predictionId,
        feedback,
        capture);
  }

  private String name(MappingReader model) {
    String name = model.requiredString("name");
    if (name == null) {
      return null;
    }
    if (!MODEL_NAME.matcher(name).matches()) {
      model.problem(
          "name",
          "'"
              + name
              + "' is not a valid model name: start with a letter or _, then use"
              + " letters, digits, _ . : or -");
      return name;
    }
    int line = ProblemList.line(model.node("name"));
    Integer first = modelNameLines.putIfAbsent(name, line);
    if (first != null) {
      model.problem(
          "name",
          "duplicate model name '"
              + name
              + "' (first used at line "
              + first
              + "); model names must be unique");
    }
    return name;
  }

  private List<FeatureConfig> features(MappingReader model, boolean plainMethod) {
    List<Node> items = model.list("features", "[{name: alcohol, index: 0}]");
    List<FeatureConfig> features = new ArrayList<>();
    if (items == null) {
      return features;
    }
    Map<String, Integer> nameLines = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      MappingReader feature =
          reader.mapping(
              items.get(i),
              model.path("features") + "[" + i + "]",
              ProblemList.line(items.get(i)),
              FEATURE_KEYS);
      if (feature == null) {
        continue;
      }
      String name = uniqueName(feature, "feature", nameLines);
      String kindText =
          feature.choice(
              "kind", "feature kind", List.of("numeric", "categorical", "embedding"), "numeric");
      if ("embedding".equals(kindText)) {
        EmbeddingConfig embedding = embedding(feature, name, "feature", plainMethod, nameLines);
        for (String key : List.of("profile", "layout", "channels", "vocabulary")) {
          if (feature.has(key)) {
            feature.problem(
                key,
                "does not apply to kind: embedding; remove "
                    + key
                    + ", or remove kind: embedding to profile the value");
          }
        }
        int argument = (int) feature.integer("argument", 0, 0, MAX_ARGUMENT);
        String input = feature.string("input");
        String key = feature.string("key");
        String getterPath = getterPath(feature);
        atMostOneLocator(feature);
        features.add(
            new FeatureConfig(
                embedding.normColumn(),
                FeatureConfig.Kind.NUMERIC,
                argument,
                input,
                null,
                key,
                getterPath,
                null,
                embedding));
        features.add(
            new FeatureConfig(
                embedding.clusterColumn(),
                FeatureConfig.Kind.CATEGORICAL,
                argument,
                input,
                null,
                key,
                getterPath,
                null,
                embedding));
        continue;
      }
      onlyForEmbeddings(feature);
      FeatureConfig.Kind kind =
          "categorical".equals(kindText)
              ? FeatureConfig.Kind.CATEGORICAL
              : FeatureConfig.Kind.NUMERIC;
      int argument = (int) feature.integer("argument", 0, 0, MAX_ARGUMENT);
      String input = feature.string("input");
      Integer index = feature.optionalInteger("index", 0, Integer.MAX_VALUE);
      String key = feature.string("key");
      String getterPath = getterPath(feature);
      atMostOneLocator(feature);
      double[] buckets = buckets(feature);
      if (buckets != null && kindText != null && kind == FeatureConfig.Kind.CATEGORICAL) {
        feature.problem(
            "buckets", "applies only to numeric features; remove it or set kind: numeric");
      }
      FeatureConfig configured =
          new FeatureConfig(name, kind, argument, input, index, key, getterPath, buckets);
      List<InputProfile> profiles = profiles(feature, name);
      if (profiles == null) {
        features.add(configured);
        continue;
      }
      if (feature.has("kind")) {
        feature.problem(
            "kind",
            "a profiled feature is recorded as numeric statistics ("
                + profiles.get(0).featureName()
                + ", ...); remove kind, or remove profile to record the value itself");
      }
      if (feature.has("buckets")) {
        feature.problem(
            "buckets",
            "a profile records several statistics, each on its baseline's edges; remove buckets");
      }
      for (FeatureConfig statistic : configured.expand(profiles)) {
        Integer first =
            nameLines.putIfAbsent(statistic.name(), ProblemList.line(feature.node("name")));
        if (first != null) {
          feature.problem(
              "profile",
              "adds feature '"
                  + statistic.name()
                  + "', but a feature of that name is already configured (line "
                  + first
                  + "); rename one of them");
        }
        features.add(statistic);
      }
    }
    return features;
  }

  /**
   * The statistics of {@code profile: text} or {@code profile: image} on a feature, or null when it
   * has none; {@code layout} and {@code channels} belong to images, {@code vocabulary} to text.
   */
  private static List<InputProfile> profiles(MappingReader feature, String name) {
    String profile = feature.choice("profile", "profile", List.of("text", "image"), null);
    boolean text = "text".equals(profile);
    boolean image = "image".equals(profile);
    for (String key : List.of("layout", "channels")) {
      if (feature.has(key) && !image) {
        feature.problem(
            key, "applies only to image profiles; add profile: image, or remove " + key);
      }
    }
    if (feature.has("vocabulary") && !text) {
      feature.problem(
          "vocabulary", "applies only to text profiles; add profile: text, or remove vocabulary");
    }
    if (profile == null || name == null) {
      return null;
    }
    if (text) {
      int vocabulary = (int) feature.integer("vocabulary", 0, 1, MAX_VOCABULARY);
      return InputProfile.text(name, vocabulary);
    }
    String layout =
        feature.choice("layout", "image layout", List.of("auto", "nchw", "nhwc"), "auto");
    int channels = (int) feature.integer("channels", 3, 1, MAX_CHANNELS);
    return InputProfile.image(
        name,
        layout == null
            ? InputProfile.Layout.AUTO
            : InputProfile.Layout.valueOf(layout.toUpperCase(java.util.Locale.ROOT)),
        channels);
  }

  private List<OutputConfig> outputs(MappingReader model, boolean plainMethod) {
    List<Node> items = model.list("outputs", "[{name: quality, kind: regression}]");
    List<OutputConfig> outputs = new ArrayList<>();
    if (items == null) {
      return outputs;
    }
    Map<String, Integer> nameLines = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      MappingReader output =
          reader.mapping(
              items.get(i),
              model.path("outputs") + "[" + i + "]",
              ProblemList.line(items.get(i)),
              OUTPUT_KEYS);
      if (output == null) {
        continue;
      }
      String name = uniqueName(output, "output", nameLines);
      String kindText = null;
      if (output.require("kind")) {
        kindText =
            output.choice(
                "kind", "output kind", List.of("regression", "classification", "embedding"), null);
      }
      if ("embedding".equals(kindText)) {
        EmbeddingConfig embedding = embedding(output, name, "output", plainMethod, nameLines);
        String key = output.string("key");
        String getterPath = getterPath(output);
        atMostOneLocator(output);
        outputs.add(
            new OutputConfig(
                embedding.normColumn(),
                OutputConfig.Kind.REGRESSION,
                null,
                null,
                key,
                getterPath,
                null,
                embedding));
        outputs.add(
            new OutputConfig(
                embedding.clusterColumn(),
                OutputConfig.Kind.CLASSIFICATION,
                null,
                null,
                key,
                getterPath,
                null,
                embedding));
        continue;
      }
      onlyForEmbeddings(output);
      OutputConfig.Kind kind =
          "classification".equals(kindText)
              ? OutputConfig.Kind.CLASSIFICATION
              : OutputConfig.Kind.REGRESSION;
      String outputName = output.string("output");
      Integer index = output.optionalInteger("index", 0, Integer.MAX_VALUE);
      String key = output.string("key");
      String getterPath = getterPath(output);
      double[] buckets = buckets(output);
      if (buckets != null && kind == OutputConfig.Kind.CLASSIFICATION) {
        output.problem(
            "buckets", "applies only to regression outputs; remove it or set kind: regression");
      }
      outputs.add(new OutputConfig(name, kind, outputName, index, key, getterPath, buckets));
    }
    return outputs;
  }

  /**
   * The settings of a {@code kind: embedding} column; its two derived names ({@code .norm}, {@code
   * .cluster}) must be unique among the model's other columns too.
   */
  private static EmbeddingConfig embedding(
      MappingReader entry,
      String name,
      String what,
      boolean plainMethod,
      Map<String, Integer> nameLines) {
    int clusters =
        (int)
            entry.integer(
                "clusters", EmbeddingConfig.DEFAULT_CLUSTERS, 1, EmbeddingConfig.MAX_CLUSTERS);
    int dimension = (int) entry.integer("dimension", 0, 1, 1_000_000);
    for (String locator : List.of("index", "buckets", what.equals("output") ? "output" : "input")) {
      if (entry.has(locator)) {
        entry.problem(
            locator,
            "does not apply to kind: embedding, which reads a whole float[] or double[] vector"
                + " (the "
                + (what.equals("output") ? "return value" : "argument")
                + " itself, or the one at key or path); remove it");
      }
    }
    if (!plainMethod) {
      entry.problem(
          "kind",
          "kind: embedding is read from a plain method's argument or return value (intercept.class"
              + " and method); a library intercept does not read it. Intercept the method that"
              + " returns the vector, e.g. an embedding model's embed(String)");
    }
    EmbeddingConfig embedding = new EmbeddingConfig(name == null ? "" : name, clusters, dimension);
    if (name != null) {
      int line = ProblemList.line(entry.node("name"));
      for (String derived : List.of(embedding.normColumn(), embedding.clusterColumn())) {
        Integer first = nameLines.putIfAbsent(derived, line);
        if (first != null && first != line) {
          entry.problem(
              "name",
              "an embedding named '"
                  + name
                  + "' is recorded as '"
                  + derived
                  + "', which the "
                  + what
                  + " at line "
                  + first
                  + " already names; rename one of them");
        }
      }
    }
    return embedding;
  }

  /** {@code clusters} and {@code dimension} belong to {@code kind: embedding} alone. */
  private static void onlyForEmbeddings(MappingReader entry) {
    for (String key : List.of("clusters", "dimension")) {
      if (entry.has(key)) {
        entry.problem(key, "applies only to kind: embedding; remove it or set kind: embedding");
      }
    }
  }

  private static String uniqueName(
      MappingReader entry, String what, Map<String, Integer> nameLines) {
    String name = entry.requiredString("name");
    if (name != null) {
      Integer first = nameLines.putIfAbsent(name, ProblemList.line(entry.node("name")));
      if (first != null) {
        entry.problem(
            "name",
            "duplicate "
                + what
                + " name '"
                + name
                + "' (first used at line "
                + first
                + "); "
                + what
                + " names must be unique within a model");
      }
    }
    return name;
  }

  private static String getterPath(MappingReader entry) {
    String path = entry.string("path");
    if (path != null && !JavaNames.isDottedName(path)) {
      entry.problem(
          "path",
          "'"
              + path
              + "' is not a getter/field path: use Java identifiers separated by"
              + " dots, e.g. wine.alcohol");
      return null;
    }
    return path;
  }

  private static void atMostOneLocator(MappingReader feature) {
    List<String> given = new ArrayList<>();
    for (String locator : List.of("index", "key", "path")) {
      if (feature.has(locator)) {
        given.add(locator);
      }
    }
    if (given.size() > 1) {
      feature.problem(
          "give at most one of index, key and path (found " + String.join(" and ", given) + ")");
    }
  }

  /** Finite, strictly increasing histogram bounds, or null when absent. */
  private double[] buckets(MappingReader entry) {
    List<Node> items = entry.list("buckets", "[1, 2.5, 5, 10]");
    if (items == null) {
      return null;
    }
    if (items.isEmpty()) {
      entry.problem(
          "buckets", "give at least one bound, or remove the key to use the default buckets");
      return null;
    }
    double[] bounds = new double[items.size()];
    boolean valid = true;
    for (int i = 0; i < items.size(); i++) {
      String path = entry.path("buckets") + "[" + i + "]";
      Double bound = reader.number(items.get(i), path);
      if (bound == null) {
        valid = false;
        continue;
      }
      bounds[i] = bound;
      if (i > 0 && valid && bound <= bounds[i - 1]) {
        reader.problem(
            items.get(i),
            path,
            "bounds must be strictly increasing: " + bound + " is not above " + bounds[i - 1]);
        valid = false;
      }
    }
    return valid ? bounds : null;
  }

  private List<String> summarizeInputs(MappingReader model) {
    List<Node> items = model.list("summarize_inputs", "[image]");
    List<String> inputs = new ArrayList<>();
    if (items == null) {
      return inputs;
    }
    for (int i = 0; i < items.size(); i++) {
      String path = model.path("summarize_inputs") + "[" + i + "]";
      String input = reader.nonEmptyString(items.get(i), path);
      if (input == null) {
        continue;
      }
      if (inputs.contains(input)) {
        reader.problem(items.get(i), path, "'" + input + "' is listed twice");
        continue;
      }
      inputs.add(input);
    }
    return inputs;
  }

  private static double sampling(MappingReader model) {
    Double sampling = model.number("sampling");
    if (sampling == null) {
      return 1.0;
    }
    if (!(sampling > 0 && sampling <= 1)) {
      model.problem(
          "sampling",
          "must be greater than 0 and at most 1 (1 records every call), found "
              + NodeReader.describe(model.node("sampling")));
      return 1.0;
    }
    return sampling;
  }

  private BaselineRef baseline(MappingReader model) {
    if (!model.has("baseline")) {
      return null;
    }
    Node node = model.node("baseline");
    if (node instanceof ScalarNode) {
      Path file = file(node, model.path("baseline"));
      return file == null ? null : new BaselineRef(file, false, 0);
    }
    if (!(node instanceof MappingNode)) {
      model.problem(
          "baseline",
          "expected a file path or a mapping {record: FILE, rows: N}, found "
              + NodeReader.describe(node));
      return null;
    }
    MappingReader record = model.mapping("baseline", BASELINE_RECORD_KEYS);
    long rows = record.integer("rows", BaselineRef.DEFAULT_RECORD_ROWS, 1, Long.MAX_VALUE);
    if (!record.require("record")) {
      return null;
    }
    Path file = file(record.node("record"), record.path("record"));
    return file == null ? null : new BaselineRef(file, true, rows);
  }

  /** A path; relative ones resolve against the directory of the config file. */
  private Path file(Node node, String path) {
    String text = reader.nonEmptyString(node, path);
    if (text == null) {
      return null;
    }
    try {
      return ConfigPaths.resolve(text, source);
    } catch (InvalidPathException e) {
      reader.problem(node, path, "'" + text + "' is not a valid file path: " + e.getReason());
      return null;
    }
  }
}
