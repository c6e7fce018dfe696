package dev.modelwatch.agent.baseline;

import java.util.Objects;

/** One column of the training data to describe in the baseline: its name, role and kind. */
public final class ColumnSpec {

  /** Whether the column is a model input or a model output. */
  public enum Role {
    FEATURE,
    OUTPUT
  }

  /** Numeric columns get quantile bins; categorical ones get category shares. */
  public enum Kind {
    NUMERIC,
    CATEGORICAL
  }

  private final String name;
  private final Role role;
  private final Kind kind;

  public ColumnSpec(String name, Role role, Kind kind) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a column name must not be empty");
    }
    this.name = name;
    this.role = Objects.requireNonNull(role, "role");
    this.kind = Objects.requireNonNull(kind, "kind");
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
    return name.equals(other.name) && role == other.role && kind == other.kind;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, role, kind);
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
