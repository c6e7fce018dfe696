package dev.modelwatch.config;

import dev.modelwatch.extension.OutputSpec;
import java.util.Arrays;

/**
 * One output of a model: where its value is found in the result, and whether it is a number or a
 * class.
 */
public final class OutputConfig implements OutputSpec {
  public enum Kind {
    REGRESSION,
    CLASSIFICATION
  }

  private final String name;
  private final Kind kind;
  private final String output;
  private final Integer index;
  private final String key;
  private final String path;
  private final double[] buckets;
  private final EmbeddingConfig embedding;

  OutputConfig(
      String name,
      Kind kind,
      String output,
      Integer index,
      String key,
      String path,
      double[] buckets) {
    this(name, kind, output, index, key, path, buckets, null);
  }

  OutputConfig(
      String name,
      Kind kind,
      String output,
      Integer index,
      String key,
      String path,
      double[] buckets,
      EmbeddingConfig embedding) {
    this.name = name;
    this.embedding = embedding;
    this.kind = kind;
    this.output = output;
    this.index = index;
    this.key = key;
    this.path = path;
    this.buckets = buckets == null ? null : buckets.clone();
  }

  public String name() {
    return name;
  }

  @Override
  public boolean classification() {
    return kind == Kind.CLASSIFICATION;
  }

  public Kind kind() {
    return kind;
  }

  /** ONNX output name; null when absent. */
  public String output() {
    return output;
  }

  /** Element index in an output array; null when absent. */
  public Integer index() {
    return index;
  }

  /** Map key or Tribuo regressor dimension name; null when absent. */
  public String key() {
    return key;
  }

  /** Dot-separated getter/field path; null when absent. */
  public String path() {
    return path;
  }

  /** Explicit histogram bounds for regression outputs, or null for the default. */
  public double[] buckets() {
    return buckets == null ? null : buckets.clone();
  }

  /**
   * The embedding this column is part of ({@code kind: embedding}): the regression one is its norm,
   * the classification one its nearest centroid; null for an ordinary output.
   */
  public EmbeddingConfig embedding() {
    return embedding;
  }

  @Override
  public String toString() {
    return "OutputConfig{name="
        + name
        + ", kind="
        + kind
        + (output == null ? "" : ", output=" + output)
        + (index == null ? "" : ", index=" + index)
        + (key == null ? "" : ", key=" + key)
        + (path == null ? "" : ", path=" + path)
        + (buckets == null ? "" : ", buckets=" + Arrays.toString(buckets))
        + (embedding == null ? "" : ", " + embedding)
        + '}';
  }
}
