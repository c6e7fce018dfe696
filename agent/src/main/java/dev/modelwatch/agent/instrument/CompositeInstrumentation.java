package dev.modelwatch.agent.instrument;

import java.util.List;
import java.util.function.Predicate;

/**
 * Every hook of one library's site: the installer transforms each part on its own, all of them
 * bound to the one site. The composite itself matches nothing.
 */
public final class CompositeInstrumentation implements TypeInstrumentation {
  private final List<TypeInstrumentation> parts;

  CompositeInstrumentation(List<TypeInstrumentation> parts) {
    this.parts = List.copyOf(parts);
  }

  @Override
  public List<TypeInstrumentation> parts() {
    return parts;
  }

  @Override
  public Predicate<ClassLoader> loaderCheck() {
    return loader -> false;
  }

  @Override
  public TypeTarget target() {
    return TypeTarget.named("");
  }

  @Override
  public MethodMatch methods() {
    return MethodMatch.NONE;
  }

  @Override
  public int inputArgument() {
    return 0;
  }
}
