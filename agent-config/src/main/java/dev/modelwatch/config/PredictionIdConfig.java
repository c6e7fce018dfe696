package dev.modelwatch.config;

/**
 * Where a prediction's id is read, so that labels arriving later can be joined to it: an argument
 * of the call (optionally a getter/field path into it), the return value (optionally a path into
 * it), or a hash of the call's feature values.
 */
public final class PredictionIdConfig {
  /**
   * ARGUMENT: {@code {argument: N, path: P}}; RESULT: {@code {result: true, path: P}};
   * FEATURE_HASH: {@code {hash: features}}.
   */
  public enum Kind {
    ARGUMENT,
    RESULT,
    FEATURE_HASH
  }

  private final Kind kind;
  private final int argument;
  private final String path;

  PredictionIdConfig(Kind kind, int argument, String path) {
    this.kind = kind;
    this.argument = argument;
    this.path = path;
  }

  public Kind kind() {
    return kind;
  }

  /** ARGUMENT only: the position of the argument holding the id. */
  public int argument() {
    return argument;
  }

  /**
   * Getter/field path into the argument or return value, or null when the value itself is the id.
   */
  public String path() {
    return path;
  }

  @Override
  public String toString() {
    switch (kind) {
      case ARGUMENT:
        return "PredictionIdConfig{argument="
            + argument
            + (path == null ? "" : ", path=" + path)
            + '}';
      case RESULT:
        return "PredictionIdConfig{result" + (path == null ? "" : ", path=" + path) + '}';
      default:
        return "PredictionIdConfig{hash=features}";
    }
  }
}
