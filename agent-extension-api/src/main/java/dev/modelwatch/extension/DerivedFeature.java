package dev.modelwatch.extension;

import java.util.Objects;

/**
 * A numeric feature a support derives or finds: see {@link FeatureSpec#derived} and {@link
 * FeatureSpec#numeric}.
 */
final class DerivedFeature implements FeatureSpec {
  private final String name;
  private final String input;
  private final Integer index;
  private final String key;

  DerivedFeature(String name, String input, Integer index, String key) {
    this.name = Objects.requireNonNull(name, "name");
    this.input = input;
    this.index = index;
    this.key = key;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean categorical() {
    return false;
  }

  @Override
  public int argument() {
    return 0;
  }

  @Override
  public String input() {
    return input;
  }

  @Override
  public Integer index() {
    return index;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public String path() {
    return null;
  }

  @Override
  public String toString() {
    return name
        + (input == null
            ? ""
            : " (input " + input + (index == null ? "" : "[" + index + "]") + ")");
  }
}
