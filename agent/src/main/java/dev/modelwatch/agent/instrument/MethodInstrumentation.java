package dev.modelwatch.agent.instrument;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The plain-method intercept of the config: {@code class}, {@code method}, optional {@code
 * parameters}. The class may be a class, an abstract class or an interface; every concrete method
 * of that name in it and its subtypes is instrumented.
 */
public final class MethodInstrumentation implements TypeInstrumentation {
  private static final List<String> PRIMITIVES =
      List.of("boolean", "byte", "char", "short", "int", "long", "float", "double");

  private final String className;
  private final String methodName;
  private final List<String> parameters;
  private final int inputArgument;

  public MethodInstrumentation(
      String className, String methodName, List<String> parameters, int inputArgument) {
    this.className = className;
    this.methodName = methodName;
    this.parameters =
        parameters == null
            ? null
            : parameters.stream().map(MethodInstrumentation::qualify).collect(Collectors.toList());
    this.inputArgument = inputArgument;
  }

  @Override
  public Predicate<ClassLoader> loaderCheck() {
    return new HasClassResource(className);
  }

  @Override
  public TypeTarget target() {
    return TypeTarget.withSubtypes(className);
  }

  @Override
  public MethodMatch methods() {
    return parameters == null
        ? MethodMatch.named(methodName, -1, Map.of())
        : MethodMatch.exactly(methodName, parameters);
  }

  @Override
  public int inputArgument() {
    return inputArgument;
  }

  /**
   * Config allows simple names for java.lang types ({@code String}); descriptions use full names.
   */
  static String qualify(String typeName) {
    String element = typeName.replace("[]", "").trim();
    String dims = typeName.substring(typeName.indexOf(element) + element.length()).replace(" ", "");
    if (!element.contains(".") && !PRIMITIVES.contains(element)) {
      element = "java.lang." + element;
    }
    return element + dims;
  }
}
