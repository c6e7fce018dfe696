package dev.modelwatch.config;

import dev.modelwatch.extension.FeatureSpec;
import dev.modelwatch.extension.InputProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One input feature of a model: where its value is found in the call, and how it is recorded. */
public final class FeatureConfig implements FeatureSpec {
  public enum Kind {
    NUMERIC,
    CATEGORICAL
  }

  private final String name;
  private final Kind kind;
  private final int argument;
  private final String input;
  private final Integer index;
  private final String key;
  private final String path;
  private final double[] buckets;
  private final InputProfile profile;
  private final EmbeddingConfig embedding;

  FeatureConfig(
      String name,
      Kind kind,
      int argument,
      String input,
      Integer index,
      String key,
      String path,
      double[] buckets) {
    this(name, kind, argument, input, index, key, path, buckets, null, null);
  }

  FeatureConfig(
      String name,
      Kind kind,
      int argument,
      String input,
      Integer index,
      String key,
      String path,
      double[] buckets,
      InputProfile profile) {
    this(name, kind, argument, input, index, key, path, buckets, profile, null);
  }

  FeatureConfig(
      String name,
      Kind kind,
      int argument,
      String input,
      Integer index,
      String key,
      String path,
      double[] buckets,
      EmbeddingConfig embedding) {
    this(name, kind, argument, input, index, key, path, buckets, null, embedding);
  }

  FeatureConfig(
      String name,
      Kind kind,
      int argument,
      String input,
      Integer index,
      String key,
      String path,
      double[] buckets,
      InputProfile profile,
      EmbeddingConfig embedding) {
    this.name = name;
    this.embedding = embedding;
    this.kind = kind;
    this.argument = argument;
    this.input = input;
    this.index = index;
    this.key = key;
    this.path = path;
    this.buckets = buckets == null ? null : buckets.clone();
    this.profile = profile;
  }

  /**
   * The features a profiled feature ({@code profile: text} or {@code image}) stands for: one
   * numeric feature per statistic of {@code profiles}, named {@code <name>.<statistic>}, each read
   * from where this feature is.
   */
  List<FeatureConfig> expand(List<InputProfile> profiles) {
    List<FeatureConfig> features = new ArrayList<>();
    for (InputProfile p : profiles) {
      features.add(
          new FeatureConfig(
              p.featureName(), Kind.NUMERIC, argument, input, index, key, path, null, p));
    }
    return features;
  }

  /** This derived feature with another profile (its vocabulary read from the baseline). */
  public FeatureConfig withProfile(InputProfile newProfile) {
    return new FeatureConfig(name, kind, argument, input, index, key, path, buckets, newProfile);
  }

  /**
   * A numeric feature the agent derives from input {@code input} rather than reads from the config,
   * such as the per-row summaries of a model's {@code summarize_inputs}.
   */
  public static FeatureConfig derived(String name, String input) {
    return new FeatureConfig(name, Kind.NUMERIC, 0, input, null, null, null, null);
  }

  /**
   * The agent's feature for one a library support names: the configured feature itself when it is
   * one, else a feature the support derives (no buckets: the baseline's edges or the defaults).
   */
  public static FeatureConfig from(FeatureSpec spec) {
    if (spec instanceof FeatureConfig) {
      return (FeatureConfig) spec;
    }
    return new FeatureConfig(
        spec.name(),
        spec.categorical() ? Kind.CATEGORICAL : Kind.NUMERIC,
        spec.argument(),
        spec.input(),
        spec.index(),
        spec.key(),
        spec.path(),
        null,
        spec.profile());
  }

  public String name() {
    return name;
  }

  @Override
  public boolean categorical() {
    return kind == Kind.CATEGORICAL;
  }

  public Kind kind() {
    return kind;
  }

  /** For plain-method interception: the position of the argument that holds the features. */
  public int argument() {
    return argument;
  }

  /** ONNX input name or DJL NDList entry name; null when absent. */
  public String input() {
    return input;
  }

  /** Element index in an array, tensor or list; null when absent. */
  public Integer index() {
    return index;
  }

  /** Map key; null when absent. */
  public String key() {
    return key;
  }

  /** Dot-separated getter/field path; null when absent. */
  public String path() {
    return path;
  }

  @Override
  public InputProfile profile() {
    return profile;
  }

  /**
   * Explicit histogram bounds (finite, strictly increasing), or null for the default (the
   * baseline's edges).
   */
  public double[] buckets() {
    return buckets == null ? null : buckets.clone();
  }

  /**
   * The embedding this column is part of ({@code kind: embedding}): the numeric one is its norm,
   * the categorical one its nearest centroid; null for an ordinary feature.
   */
  public EmbeddingConfig embedding() {
    return embedding;
  }

  @Override
  public String toString() {
    return "FeatureConfig{name="
        + name
        + ", kind="
        + kind
        + ", argument="
        + argument
        + (input == null ? "" : ", input=" + input)
        + (index == null ? "" : ", index=" + index)
        + (key == null ? "" : ", key=" + key)
        + (path == null ? "" : ", path=" + path)
        + (buckets == null ? "" : ", buckets=" + Arrays.toString(buckets))
        + (profile == null ? "" : ", profile=" + profile)
        + (embedding == null ? "" : ", " + embedding)
        + '}';
  }
}
