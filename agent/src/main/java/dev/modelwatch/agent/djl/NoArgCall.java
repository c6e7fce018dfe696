package dev.modelwatch.agent.djl;

import dev.modelwatch.extension.ExtractionException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * One no-argument method of DJL objects, called through the object's own class (DJL may live in any
 * class loader); the handle is looked up once per class.
 */
final class NoArgCall extends ClassValue<MethodHandle> {
  private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
  private final String name;

  NoArgCall(String name) {
    this.name = name;
  }

  boolean existsOn(Object target) {
    return get(target.getClass()) != null;
  }

  Object call(Object target) throws ExtractionException {
    MethodHandle handle = get(target.getClass());
    if (handle == null) {
      throw new ExtractionException(
          ExtractionException.typeName(target.getClass()) + " has no public method " + name + "()");
    }
    try {
      return (Object) handle.invokeExact(target);
    } catch (Throwable t) {
      throw new ExtractionException(
          "calling "
              + name
              + "() on a "
              + ExtractionException.typeName(target.getClass())
              + " threw "
              + ExtractionException.typeName(t.getClass()));
    }
  }

  @Override
  protected MethodHandle computeValue(Class<?> type) {
    try {
      Method method = type.getMethod(name);
      try {
        method.setAccessible(true);
      } catch (RuntimeException ignored) {
        // public API of an exported package: accessible anyway
      }
      return MethodHandles.lookup().unreflect(method).asType(GETTER);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
