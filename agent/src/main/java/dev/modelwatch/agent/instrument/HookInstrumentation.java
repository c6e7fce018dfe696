package dev.modelwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.modelwatch.extension.MethodHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The Byte Buddy form of one {@link MethodHook} of a library support: the support names types and
 * methods, this turns them into matchers. Class loaders are examined only when they see one of the
 * library's classes.
 */
final class HookInstrumentation implements TypeInstrumentation {
  private final MethodHook hook;
  private final int hookIndex;
  private final List<String> libraryClasses;

  HookInstrumentation(MethodHook hook, int hookIndex, List<String> libraryClasses) {
    this.hook = hook;
    this.hookIndex = hookIndex;
    this.libraryClasses = libraryClasses.isEmpty() ? List.of(hook.typeName()) : libraryClasses;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    ElementMatcher.Junction<ClassLoader> any = new HasClassResource(libraryClasses.get(0));
    for (String name : libraryClasses.subList(1, libraryClasses.size())) {
      any = any.or(new HasClassResource(name));
    }
    return any;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return hook.subtypes()
        ? not(isInterface()).and(hasSuperType(named(hook.typeName())))
        : named(hook.typeName());
  }

  @Override
  public TypeTarget target() {
    return hook.subtypes()
        ? TypeTarget.withSubtypes(hook.typeName())
        : TypeTarget.named(hook.typeName());
  }

  @Override
  public ElementMatcher<MethodDescription> methodMatcher() {
    return hook.role() == MethodHook.Role.PREDICT ? methods() : none();
  }

  @Override
  public int inputArgument() {
    return hook.argument();
  }

  @Override
  public ElementMatcher<MethodDescription> creationMatcher() {
    return hook.role() == MethodHook.Role.CREATED ? parameters(isConstructor()) : none();
  }

  @Override
  public int creationArgument() {
    return hook.argument();
  }

  @Override
  public ElementMatcher<MethodDescription> returnedMatcher() {
    return hook.role() == MethodHook.Role.RETURNED ? methods() : none();
  }

  @Override
  public ElementMatcher<MethodDescription> internalMatcher() {
    return hook.role() == MethodHook.Role.INTERNAL ? methods() : none();
  }

  @Override
  public int hookIndex() {
    return hookIndex;
  }

  private ElementMatcher.Junction<MethodDescription> methods() {
    return parameters(
        named(hook.methodName())
            .and(not(isAbstract()))
            .and(not(isBridge()))
            .and(not(isSynthetic())));
  }

  private ElementMatcher.Junction<MethodDescription> parameters(
      ElementMatcher.Junction<MethodDescription> base) {
    return base.and(new Parameters(hook.parameterCount(), hook.parameterTypes()));
  }

  @Override
  public String toString() {
    return hook.toString();
  }

  /**
   * The hook's parameter count (-1: any) and, per constrained position, the erased type names
   * allowed there.
   */
  private static final class Parameters
      extends ElementMatcher.Junction.AbstractBase<MethodDescription> {
    private final int count;
    private final List<Map.Entry<Integer, List<String>>> types;

    Parameters(int count, Map<Integer, List<String>> types) {
      this.count = count;
      this.types = new ArrayList<>(types.entrySet());
    }

    @Override
    public boolean matches(MethodDescription method) {
      List<? extends TypeDefinition> parameters = method.getParameters().asTypeList();
      if (count >= 0 && parameters.size() != count) {
        return false;
      }
      for (Map.Entry<Integer, List<String>> constraint : types) {
        int index = constraint.getKey();
        if (index >= parameters.size()
            || !constraint.getValue().contains(parameters.get(index).asErasure().getActualName())) {
          return false;
        }
      }
      return true;
    }
  }
}
