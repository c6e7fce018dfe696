package dev.modelwatch.agent.baseline;

import dev.modelwatch.extension.InputProfile;
import java.util.Objects;

/**
 * One column of the training data to describe in the baseline: its name, role and kind; for a
 * statistic of a text profile, also the column of text it is computed from.
 */
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
  private final InputProfile profile;
  private final boolean fromText;
  private final int clusters;

  public ColumnSpec(String name, Role role, Kind kind) {
    this(name, role, kind, null, false, 0);
  }

  private ColumnSpec(
      String name, Role role, Kind kind, InputProfile profile, boolean fromText, int clusters) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a column name must not be empty");
    }
    this.name = name;
    this.role = Objects.requireNonNull(role, "role");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.profile = profile;
    this.fromText = fromText;
    this.clusters = clusters;
  }

  /**
   * A statistic of a profiled feature ({@code review.length}), read from a column of that name
   * (capture files hold them so).
   */
  public static ColumnSpec profileStatistic(String name, InputProfile profile) {
    return new ColumnSpec(name, Role.FEATURE, Kind.NUMERIC, profile, false, 0);
  }

  /**
   * This text statistic computed from the column of text its profile names ({@code review}), as the
   * agent computes it from the values the model receives.
   */
  ColumnSpec fromText() {
    return new ColumnSpec(name, role, kind, profile, true, 0);
  }

  /** The profile this column is a statistic of, or null. */
  public InputProfile profile() {
    return profile;
  }

  /** Whether the column's values are computed from the text in column {@link #dataColumn}. */
  public boolean computedFromText() {
    return fromText;
  }

  /** The column of the data read for this one: its own name, or the text it is computed from. */
  public String dataColumn() {
    return fromText ? profile.source() : name;
  }

  /** A column of vectors, clustered into {@code clusters} k-means clusters. */
  public static ColumnSpec embedding(String name, Role role, int clusters) {
    if (clusters < 1) {
      throw new IllegalArgumentException("an embedding needs at least 1 cluster, got " + clusters);
    }
    return new ColumnSpec(name, role, Kind.EMBEDDING, null, false, clusters);
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
        && fromText == other.fromText
        && clusters == other.clusters;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, role, kind, fromText, clusters);
  }

  @Override
  public String toString() {
    return name
        + " ("
        + role.name().toLowerCase(java.util.Locale.ROOT)
        + ", "
        + kind.name().toLowerCase(java.util.Locale.ROOT)
        + (fromText ? ", from the text of " + profile.source() : "")
        + ")";
  }
}
