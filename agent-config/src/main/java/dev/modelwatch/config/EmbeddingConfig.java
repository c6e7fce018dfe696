package dev.modelwatch.config;

/**
 * A feature or output of {@code kind: embedding}: a {@code float[]} or {@code double[]} vector,
 * recorded as two ordinary columns, its Euclidean norm ({@code <name>.norm}, numeric) and the index
 * of the baseline's nearest centroid ({@code <name>.cluster}, categorical), plus a running sum of
 * the vectors for the cosine distance of the window's mean from the baseline's mean. The config
 * lists both columns in place of the embedding, each carrying this object.
 */
public final class EmbeddingConfig {
  /** Default {@code clusters}: centroids the {@code baseline} command computes by k-means. */
  public static final int DEFAULT_CLUSTERS = 8;

  /** Most {@code clusters} allowed. */
  public static final int MAX_CLUSTERS = 256;

  public static final String NORM_SUFFIX = ".norm";
  public static final String CLUSTER_SUFFIX = ".cluster";

  private final String name;
  private final int clusters;
  private final int dimension;

  /**
   * @param dimension the vector's length, or 0 when not configured (then the baseline's)
   */
  public EmbeddingConfig(String name, int clusters, int dimension) {
    this.name = name;
    this.clusters = clusters;
    this.dimension = dimension;
  }

  /** The name configured for the embedding; its columns add {@code .norm} and {@code .cluster}. */
  public String name() {
    return name;
  }

  /** k of the baseline's k-means. */
  public int clusters() {
    return clusters;
  }

  /** The configured length of the vectors; 0 when not given (the baseline's, if any). */
  public int dimension() {
    return dimension;
  }

  public String normColumn() {
    return name + NORM_SUFFIX;
  }

  public String clusterColumn() {
    return name + CLUSTER_SUFFIX;
  }

  @Override
  public String toString() {
    return "embedding{clusters="
        + clusters
        + (dimension > 0 ? ", dimension=" + dimension : "")
        + "}";
  }
}
