package dev.modelwatch.agent.baseline;

import dev.modelwatch.agent.record.NumericSpec;
import dev.modelwatch.config.EmbeddingConfig;
import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.OutputConfig;
import dev.modelwatch.config.baseline.BaselineProfile;
import dev.modelwatch.config.baseline.CategoricalDistribution;
import dev.modelwatch.config.baseline.EmbeddingCentroids;
import dev.modelwatch.config.baseline.NumericDistribution;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded baseline matched against the model's config, feature by feature and output by output. A
 * configured column whose baseline entry exists with the same kind is <em>matched</em>: its live
 * histogram uses the baseline's bin edges (so live counts and baseline shares share their bins),
 * and values outside the training min/max count as out of range; a categorical column starts with
 * the baseline's categories. Every other case is a {@link #problems() problem}, one per column:
 * that column keeps its configured or default buckets and gets no drift, and the rest of the model
 * is monitored as usual.
 */
public final class ModelBaseline implements NumericSpec.Source {

  private final BaselineProfile profile;
  private final Path file;
  private final Map<String, NumericDistribution> numericFeatures = new LinkedHashMap<>();
  private final Map<String, CategoricalDistribution> categoricalFeatures = new LinkedHashMap<>();
  private final Map<String, NumericDistribution> numericOutputs = new LinkedHashMap<>();
  private final Map<String, CategoricalDistribution> classOutputs = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private boolean discovered;

  private ModelBaseline(BaselineProfile profile, Path file) {
    this.profile = profile;
    this.file = file;
  }

  /** Matches {@code profile} (read from {@code file}) against the model's features and outputs. */
  public static ModelBaseline match(ModelConfig model, BaselineProfile profile, Path file) {
    return match(model, profile, file, false);
  }

  /**
   * As {@link #match(ModelConfig, BaselineProfile, Path)}; with {@code discovered}, the model's
   * features were found in the model rather than listed, so one the baseline lacks is a note (it
   * has default buckets and no drift), not a mismatch to fix.
   */
  public static ModelBaseline match(
      ModelConfig model, BaselineProfile profile, Path file, boolean discovered) {
    ModelBaseline baseline = new ModelBaseline(profile, file);
    baseline.discovered = discovered;
    if (!model.name().equals(profile.model())) {
      baseline.problems.add(
          "the baseline is for model '"
              + profile.model()
              + "', not '"
              + model.name()
              + "'; it is used anyway, but check that the config names the right file");
    }
    Set<String> configuredFeatures = new LinkedHashSet<>();
    for (FeatureConfig feature : model.features()) {
      configuredFeatures.add(feature.name());
      baseline.matchFeature(feature);
    }
    Set<String> configuredOutputs = new LinkedHashSet<>();
    for (OutputConfig output : model.outputs()) {
      configuredOutputs.add(output.name());
      baseline.matchOutput(output);
    }
    baseline.unconfigured(
        "feature",
        "features",
        profile.numericFeatures().keySet(),
        profile.categoricalFeatures().keySet(),
        configuredFeatures);
    baseline.unconfigured(
        "output",
        "outputs",
        profile.numericOutputs().keySet(),
        profile.categoricalOutputs().keySet(),
        configuredOutputs);
    String exact = baseline.withoutCountNote();
    if (exact != null) {
      baseline.notes.add(exact);
    }
    return baseline;
  }

  private void matchFeature(FeatureConfig feature) {
    String name = feature.name();
    NumericDistribution numeric = profile.numericFeatures().get(name);
    CategoricalDistribution categorical = profile.categoricalFeatures().get(name);
    boolean wantsCategorical = feature.kind() == FeatureConfig.Kind.CATEGORICAL;
    if (wantsCategorical
        && categorical != null
        && !embeddingFits("feature", feature.embedding(), name, categorical)) {
      return;
    }
    if (wantsCategorical && categorical != null) {
      categoricalFeatures.put(name, categorical);
    } else if (!wantsCategorical && numeric != null) {
      numericFeatures.put(name, numeric);
      if (feature.buckets() != null) {
        notes.add(
            "feature '"
                + name
                + "': the configured buckets are replaced by the baseline's "
                + numeric.edges().length
                + " bin edges, so live counts and baseline shares use the"
                + " same bins; remove 'buckets' from this feature to silence this note");
      }
    } else if (numeric != null || categorical != null) {
      problems.add(
          "feature '"
              + name
              + "' is "
              + (wantsCategorical ? "categorical" : "numeric")
              + " in the config but "
              + (wantsCategorical ? "numeric" : "categorical")
              + " in the baseline: it is recorded without the baseline and gets no drift. Fix: make"
              + " the kinds agree, then regenerate the baseline");
    } else if (discovered) {
      notes.add(
          "feature '"
              + name
              + "' (discovered) is not in the baseline: it is recorded on default buckets"
              + " and gets no drift");
    } else {
      problems.add(
          "feature '"
              + name
              + "' is configured but not in the baseline: it is recorded"
              + " on "
              + (wantsCategorical
                  ? "its own categories"
                  : feature.buckets() != null ? "its configured buckets" : "default buckets")
              + " and gets no drift. Fix: regenerate the baseline from training data that has a"
              + " column '"
              + name
              + "'");
    }
  }

  private void matchOutput(OutputConfig output) {
    String name = output.name();
    NumericDistribution numeric = profile.numericOutputs().get(name);
    CategoricalDistribution categorical = profile.categoricalOutputs().get(name);
    boolean classification = output.kind() == OutputConfig.Kind.CLASSIFICATION;
    if (classification
        && categorical != null
        && !embeddingFits("output", output.embedding(), name, categorical)) {
      return;
    }
    if (classification && categorical != null) {
      classOutputs.put(name, categorical);
    } else if (!classification && numeric != null) {
      numericOutputs.put(name, numeric);
      if (output.buckets() != null) {
        notes.add(
            "output '"
                + name
                + "': the configured buckets are replaced by the baseline's "
                + numeric.edges().length
                + " bin edges; remove 'buckets' from this output to silence"
                + " this note");
      }
    } else if (numeric != null || categorical != null) {
      problems.add(
          "output '"
              + name
              + "' is "
              + (classification ? "a classification" : "a" + " regression")
              + " output in the config but "
              + (classification ? "numeric" : "categorical")
              + " in the baseline: it gets no drift. Fix: make the kinds agree, then"
              + " regenerate the baseline");
    } else {
      problems.add(
          "output '"
              + name
              + "' is configured but not in the baseline: it gets no"
              + " drift. Fix: regenerate the baseline from data with a column '"
              + name
              + "' (the"
              + " model's predictions on the training data)");
    }
  }

  /**
   * Whether the baseline of an embedding's cluster column ({@code embedding} not null) has
   * centroids of the configured dimension; a mismatch is a problem, and the column gets no
   * baseline. True for any other column.
   */
  private boolean embeddingFits(
      String role, EmbeddingConfig embedding, String name, CategoricalDistribution categorical) {
    if (embedding == null) {
      return true;
    }
    EmbeddingCentroids centroids = categorical.embedding();
    if (centroids == null) {
      problems.add(
          role
              + " '"
              + name
              + "' is the cluster column of embedding '"
              + embedding.name()
              + "', but its baseline has no mean vector and centroids: its clusters and cosine"
              + " distance are not computed. Fix: regenerate the baseline with the baseline"
              + " command from the training vectors");
      return false;
    }
    if (embedding.dimension() > 0 && embedding.dimension() != centroids.dimension()) {
      problems.add(
          role
              + " '"
              + embedding.name()
              + "' (kind: embedding) has dimension "
              + embedding.dimension()
              + " in the config but "
              + centroids.dimension()
              + " in the baseline: its clusters and cosine distance are not computed. Fix: make"
              + " them agree (the dimension is the embedding model's), then regenerate the"
              + " baseline");
      return false;
    }
    return true;
  }

  private void unconfigured(
      String role,
      String section,
      Set<String> numeric,
      Set<String> categorical,
      Set<String> configured) {
    Set<String> inBaseline = new LinkedHashSet<>(numeric);
    inBaseline.addAll(categorical);
    for (String name : inBaseline) {
      if (!configured.contains(name)) {
        problems.add(
            section
                + "."
                + name
                + " is in the baseline but the model configures no "
                + role
                + " of that name; it is ignored. Fix: add the "
                + role
                + " to the config, or"
                + " correct its name");
      }
    }
  }

  /** The file the baseline was read from (or written to, in record mode). */
  public Path file() {
    return file;
  }

  public BaselineProfile profile() {
    return profile;
  }

  /** One line per mismatch between the config and the baseline; each is a config error. */
  public List<String> problems() {
    return Collections.unmodifiableList(problems);
  }

  /** Harmless differences worth a log line (configured buckets replaced); not errors. */
  public List<String> notes() {
    return Collections.unmodifiableList(notes);
  }

  /**
   * The matched features and outputs, in that order, whose baseline entry has no count ({@code
   * count: 0}): their KS and chi-squared p-values treat the baseline as exact.
   */
  public List<String> withoutCount() {
    List<String> names = new ArrayList<>();
    numericFeatures.forEach((name, d) -> addIfNoCount(names, name, d.count()));
    categoricalFeatures.forEach((name, d) -> addIfNoCount(names, name, d.count()));
    numericOutputs.forEach((name, d) -> addIfNoCount(names, name, d.count()));
    classOutputs.forEach((name, d) -> addIfNoCount(names, name, d.count()));
    return names;
  }

  private static void addIfNoCount(List<String> names, String name, long count) {
    if (count == 0) {
      names.add(name);
    }
  }

  /**
   * The one line that says which columns' p-values treat the baseline as exact, because the
   * baseline has no count for them; null when every matched column has one.
   */
  public String withoutCountNote() {
    List<String> names = withoutCount();
    if (names.isEmpty()) {
      return null;
    }
    return "the baseline has no count (count: 0) for "
        + String.join(", ", names)
        + ": their KS"
        + " and chi-squared p-values treat the baseline as exact (one-sample tests), which makes"
        + " them too small when the baseline comes from few rows. Make the baseline with the"
        + " `baseline` command, which records each column's count, for two-sample tests";
  }

  /** The matched numeric features by name, in config order. */
  public Map<String, NumericDistribution> numericFeatures() {
    return Collections.unmodifiableMap(numericFeatures);
  }

  public Map<String, CategoricalDistribution> categoricalFeatures() {
    return Collections.unmodifiableMap(categoricalFeatures);
  }

  public Map<String, NumericDistribution> numericOutputs() {
    return Collections.unmodifiableMap(numericOutputs);
  }

  /** The matched classification outputs by name. */
  public Map<String, CategoricalDistribution> classOutputs() {
    return Collections.unmodifiableMap(classOutputs);
  }

  @Override
  public NumericSpec feature(String name, double[] configured) {
    return spec(numericFeatures.get(name), configured);
  }

  @Override
  public NumericSpec output(String name, double[] configured) {
    return spec(numericOutputs.get(name), configured);
  }

  @Override
  public List<String> categories(String feature) {
    CategoricalDistribution d = categoricalFeatures.get(feature);
    return d == null ? List.of() : d.categories();
  }

  @Override
  public List<String> classes(String output) {
    CategoricalDistribution d = classOutputs.get(output);
    return d == null ? List.of() : d.categories();
  }

  @Override
  public EmbeddingCentroids embedding(String clusterColumn, boolean output) {
    CategoricalDistribution d =
        output ? classOutputs.get(clusterColumn) : categoricalFeatures.get(clusterColumn);
    return d == null ? null : d.embedding();
  }

  private static NumericSpec spec(NumericDistribution d, double[] configured) {
    return d == null ? NumericSpec.of(configured) : new NumericSpec(d.edges(), d.min(), d.max());
  }
}
