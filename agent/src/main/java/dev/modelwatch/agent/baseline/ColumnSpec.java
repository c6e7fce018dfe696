package dev.modelwatch.agent.baseline;

import java.util.Objects;

/** One column of the training data to describe in the baseline: its name, role and kind. */
public final class ColumnSpec {

  /** Whether the column is a model input or a model output. */
  public enum Role {
    FEATURE,
    OUTPUT
  }

  /**
   * Numeric columns get quantile bins; categorical ones get category shares; an embedding column
   * (vectors) gets the bins of its norms ({@code <name>.norm}) and k-means cluster shares ({@code
   * <name>.cluster}).
   */
  public enum Kind {
    NUMERIC,
    CATEGORICAL,
    EMBEDDING
  }

  private final String name;
  private final Role role;
  private final Kind kind;
  private final int clusters;

  public ColumnSpec(String name, Role role, Kind kind) {
    this(name, role, kind, 0);
  }

  private ColumnSpec(String name, Role role, Kind kind, int clusters) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a column name must not be empty");
    }
    this.name = name;
    this.role = Objects.requireNonNull(role, "role");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.clusters = clusters;
  }

  /** A column of vectors, clustered into {@code clusters} k-means clusters. */
  public static ColumnSpec embedding(String name, Role role, int clusters) {
    if (clusters < 1) {
      throw new IllegalArgumentException("an embedding needs at least 1 cluster, got " + clusters);
    }
    return new ColumnSpec(name, role, Kind.EMBEDDING, clusters);
  }

  /** k of an embedding column; 0 for others. */
  public int clusters() {
    return clusters;
  }

  public static ColumnSpec numericFeature(String name) {
    return new ColumnSpec(name, Role.FEATURE, Kind.NUMERIC);
  }

  public static ColumnSpec categoricalFeature(String name) {
    return new ColumnSpec(name, Role.FEATURE, Kind.CATEGORICAL);
  }

  public static ColumnSpec numericOutput(String name) {
    return new ColumnSpec(name, Role.OUTPUT, Kind.NUMERIC);
  }

  public static ColumnSpec categoricalOutput(String name) {
    return new ColumnSpec(name, Role.OUTPUT, Kind.CATEGORICAL);
  }

  public String name() {
    return name;
  }

  public Role role() {
    return role;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ColumnSpec)) {
      return false;
    }
    ColumnSpec other = (ColumnSpec) o;
    return name.equals(other.name)
        && role == other.role
        && kind == other.kind
        && clusters == other.clusters;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, role, kind, clusters);
  }

  @Override
  public String toString() {
    return name
        + " ("
        + role.name().toLowerCase(java.util.Locale.ROOT)
        + ", "
        + kind.name().toLowerCase(java.util.Locale.ROOT)
        + ")";
  }
}
