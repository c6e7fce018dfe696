package dev.modelwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.util.List;
import java.util.stream.Collectors;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

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
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return new HasClassResource(className);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return hasSuperType(named(className));
  }

  @Override
  public TypeTarget target() {
    return TypeTarget.withSubtypes(className);
  }

  @Override
  public ElementMatcher<MethodDescription> methodMatcher() {
    ElementMatcher.Junction<MethodDescription> matcher =
        named(methodName).and(not(isAbstract())).and(not(isBridge())).and(not(isSynthetic()));
    if (parameters != null) {
      matcher = matcher.and(new ParameterTypes(parameters));
    }
    return matcher;
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

  /** Matches methods whose erased parameter types are exactly the configured names. */
  private static final class ParameterTypes
      extends ElementMatcher.Junction.AbstractBase<MethodDescription> {
    private final List<String> names;

    ParameterTypes(List<String> names) {
      this.names = names;
    }

    @Override
    public boolean matches(MethodDescription method) {
      List<? extends TypeDefinition> types = method.getParameters().asTypeList();
      if (types.size() != names.size()) {
        return false;
      }
      for (int i = 0; i < names.size(); i++) {
        if (!types.get(i).asErasure().getActualName().equals(names.get(i))) {
          return false;
        }
      }
      return true;
    }
  }
}
