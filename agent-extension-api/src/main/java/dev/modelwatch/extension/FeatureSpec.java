package dev.modelwatch.extension;

/**
 * One configured input feature of a model, as the config gives it: its name, whether it is
 * categorical, and where in the input it is found. A support's {@link InputExtractor} writes the
 * feature at its position in {@link ModelSpec#features()}.
 */
public interface FeatureSpec {
  /**
   * A numeric feature the support derives from input {@code input} rather than reads as configured
   * (a per-row summary of an image tensor, say), for {@link LibrarySupport#monitoredFeatures}.
   */
  static FeatureSpec derived(String name, String input) {
    return new DerivedFeature(name, input, null, null);
  }

  /**
   * A numeric feature a support found in the model ({@link LibrarySite#discoverFeatures}): its
   * name, and where the support's extractor reads it (an input name and column, a key), any of
   * which may be null.
   */
  static FeatureSpec numeric(String name, String input, Integer index, String key) {
    return new DerivedFeature(name, input, index, key);
  }

  String name();

  /**
   * True for a categorical feature (recorded by category), false for a numeric one (recorded in
   * buckets).
   */
  boolean categorical();

  /** Which argument of a plain method holds the input; 0 for library intercepts. */
  int argument();

  /**
   * The library's name of the input that holds the feature (an ONNX input, a DJL NDList entry), or
   * null.
   */
  String input();

  /** The element of an array, list or tensor row, or null when not given. */
  Integer index();

  /** The key in a map (or the library's feature name), or null when not given. */
  String key();

  /** A getter or field path on an object, or null when not given. */
  String path();

  /**
   * For a feature derived from the text or image profile of an input value ({@code profile: text}
   * on a feature), the statistic it stands for; null for every other feature.
   */
  default InputProfile profile() {
    return null;
  }
}
