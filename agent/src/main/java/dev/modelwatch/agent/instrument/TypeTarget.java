package dev.modelwatch.agent.instrument;

/**
 * The type an instrumentation matches, by name: the type itself only, or also every type that has
 * it among its super types ({@link SiteTransformer}, {@link LoadFilter}).
 */
public final class TypeTarget {
  private final String name;
  private final boolean subtypes;

  private TypeTarget(String name, boolean subtypes) {
    this.name = name;
    this.subtypes = subtypes;
  }

  /** Only the type of this binary name. */
  public static TypeTarget named(String name) {
    return new TypeTarget(name, false);
  }

  /** The type of this binary name and every type that has it among its super types. */
  public static TypeTarget withSubtypes(String name) {
    return new TypeTarget(name, true);
  }

  /** The binary name, {@code org.tribuo.Model}. */
  public String name() {
    return name;
  }

  /** The name as in class files, {@code org/tribuo/Model}. */
  String internalName() {
    return name.replace('.', '/');
  }

  public boolean subtypes() {
    return subtypes;
  }

  @Override
  public String toString() {
    return (subtypes ? "subtypes of " : "") + name;
  }
}
