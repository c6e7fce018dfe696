package dev.modelwatch.agent.instrument;

import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Every hook of one library's site: the installer transforms each part on its own, all of them
 * bound to the one site. The composite itself matches nothing.
 */
public final class CompositeInstrumentation implements TypeInstrumentation {
  private final List<TypeInstrumentation> parts;

  CompositeInstrumentation(List<TypeInstrumentation> parts) {
    this.parts = List.copyOf(parts);
  }

  public List<TypeInstrumentation> parts() {
    return parts;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ElementMatchers.none();
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return ElementMatchers.none();
  }

  @Override
  public ElementMatcher<MethodDescription> methodMatcher() {
    return ElementMatchers.none();
  }

  @Override
  public int inputArgument() {
    return 0;
  }
}
