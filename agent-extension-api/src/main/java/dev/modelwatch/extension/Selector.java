package dev.modelwatch.extension;

import java.util.Objects;

/**
 * A key a config may give beside {@code library:} to say which instances of the library belong to a
 * configured model, for example {@code model_path} (a glob on the file an ONNX Runtime session was
 * created from) or {@code model_class}. The config loader checks each selector's value by its
 * {@link Kind} and rejects a selector of another library, with a suggestion.
 */
public final class Selector {
  /** How the config loader checks a selector's value. */
  public enum Kind {
    /**
     * A glob ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}) as {@code
     * java.nio.file.PathMatcher} reads it.
     */
    GLOB,
    /** A fully qualified Java class name (nested classes with {@code $}). */
    CLASS_NAME,
    /** Any non-empty text. */
    TEXT
  }

  private final String key;
  private final Kind kind;
  private final String description;

  private Selector(String key, Kind kind, String description) {
    this.key = Objects.requireNonNull(key, "key");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.description = Objects.requireNonNull(description, "description");
    if (!key.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("a selector key is snake_case, found '" + key + "'");
    }
  }

  /** A glob on some text of the instance (a path, a name). */
  public static Selector glob(String key, String description) {
    return new Selector(key, Kind.GLOB, description);
  }

  /** A Java class name (the instance's class or one of its superclasses). */
  public static Selector className(String key, String description) {
    return new Selector(key, Kind.CLASS_NAME, description);
  }

  /** Exact text. */
  public static Selector text(String key, String description) {
    return new Selector(key, Kind.TEXT, description);
  }

  /** The config key, snake_case. */
  public String key() {
    return key;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * What the value selects, for messages and {@code check-config}: "glob on the model file's path".
   */
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return key + " (" + description + ")";
  }
}
