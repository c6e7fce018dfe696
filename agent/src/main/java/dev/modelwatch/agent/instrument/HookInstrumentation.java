package dev.modelwatch.agent.instrument;

import dev.modelwatch.extension.MethodHook;
import java.util.List;
import java.util.function.Predicate;

/**
 * One {@link MethodHook} of a library support as the installer matches it: the support names types
 * and methods, this says which class file entries they are. Class loaders are examined only when
 * they see one of the library's classes.
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
  public Predicate<ClassLoader> loaderCheck() {
    Predicate<ClassLoader> any = new HasClassResource(libraryClasses.get(0));
    for (String name : libraryClasses.subList(1, libraryClasses.size())) {
      any = any.or(new HasClassResource(name));
    }
    return any;
  }

  @Override
  public TypeTarget target() {
    return hook.subtypes()
        ? TypeTarget.withSubtypes(hook.typeName())
        : TypeTarget.named(hook.typeName());
  }

  @Override
  public boolean classesOnly() {
    return hook.subtypes();
  }

  @Override
  public MethodMatch methods() {
    return hook.role() == MethodHook.Role.PREDICT ? methodsNamed() : MethodMatch.NONE;
  }

  @Override
  public int inputArgument() {
    return hook.argument();
  }

  @Override
  public MethodMatch creations() {
    return hook.role() == MethodHook.Role.CREATED
        ? MethodMatch.constructors(hook.parameterCount(), hook.parameterTypes())
        : MethodMatch.NONE;
  }

  @Override
  public int creationArgument() {
    return hook.argument();
  }

  @Override
  public MethodMatch returned() {
    return hook.role() == MethodHook.Role.RETURNED ? methodsNamed() : MethodMatch.NONE;
  }

  @Override
  public MethodMatch internal() {
    return hook.role() == MethodHook.Role.INTERNAL ? methodsNamed() : MethodMatch.NONE;
  }

  @Override
  public int hookIndex() {
    return hookIndex;
  }

  private MethodMatch methodsNamed() {
    return MethodMatch.named(hook.methodName(), hook.parameterCount(), hook.parameterTypes());
  }

  @Override
  public String toString() {
    return hook.toString();
  }
}
