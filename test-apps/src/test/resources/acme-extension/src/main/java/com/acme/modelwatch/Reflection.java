package com.acme.modelwatch;

import java.lang.reflect.Method;

/** Calls a public no-argument method of an application object, with the method looked up once per class. */
final class Reflection {
  private static final ClassValue<java.util.concurrent.ConcurrentHashMap<String, Method>> METHODS =
      new ClassValue<>() {
        @Override
        protected java.util.concurrent.ConcurrentHashMap<String, Method> computeValue(Class<?> type) {
          return new java.util.concurrent.ConcurrentHashMap<>();
        }
      };

  private Reflection() {}

  static Object call(Object target, String name) {
    Method method =
        METHODS.get(target.getClass()).computeIfAbsent(name, n -> {
          try {
            return target.getClass().getMethod(n);
          } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(target.getClass().getName() + " has no method " + n + "()", e);
          }
        });
    try {
      return method.invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("calling " + name + "() of " + target.getClass().getName() + ": " + e, e);
    }
  }
}
