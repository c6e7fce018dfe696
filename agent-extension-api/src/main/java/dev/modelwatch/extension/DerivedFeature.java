package dev.modelwatch.extension;

import java.util.Objects;

/** A numeric feature a support derives from one input: see {@link FeatureSpec#derived}. */
final class DerivedFeature implements FeatureSpec {
  private final String name;
  private final String input;

  DerivedFeature(String name, String input) {
    this.name = Objects.requireNonNull(name, "name");
    this.input = input;
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
    return null;
  }

  @Override
  public String key() {
    return null;
  }

  @Override
  public String path() {
    return null;
  }

  @Override
  public String toString() {
    return name + " (derived from " + input + ")";
  }
}
