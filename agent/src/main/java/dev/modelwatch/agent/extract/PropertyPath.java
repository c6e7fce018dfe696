package dev.modelwatch.agent.extract;

import dev.modelwatch.extension.ExtractionException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * A dot-separated getter/field path ({@code wine.alcohol}) read from objects. Each segment is a
 * public no-argument method {@code getX()}, {@code isX()} or {@code x()}, or a field {@code x}; the
 * accessor is looked up once per class and cached. A segment that cannot be read fails with a
 * message naming what the path is for ({@code feature 'alcohol'}), the type in Java terms, and the
 * config key to change.
 */
public final class PropertyPath {
  private final String path;
  private final String subject;
  private final String configKey;
  private final Segment[] segments;

  /**
   * @param subject what the path reads, for messages: {@code feature 'alcohol'}, {@code output
   *     'score'}
   * @param configKey where the path is configured, for messages: {@code features[].path}
   */
  public PropertyPath(String path, String subject, String configKey) {
    this.path = path;
    this.subject = subject;
    this.configKey = configKey;
    String[] names = path.split("\\.");
    this.segments = new Segment[names.length];
    for (int i = 0; i < names.length; i++) {
      segments[i] = new Segment(names[i]);
    }
  }

  /** The value at the end of the path; null when an intermediate value is null. */
  public Object read(Object root) throws ExtractionException {
    Object value = root;
    for (Segment segment : segments) {
      if (value == null) {
        return null;
      }
      value = segment.read(value, this);
    }
    return value;
  }

  @Override
  public String toString() {
    return path;
  }

  private static final class Segment extends ClassValue<MethodHandle> {
    private final String name;

    Segment(String name) {
      this.name = name;
    }

    Object read(Object target, PropertyPath owner) throws ExtractionException {
      MethodHandle accessor = get(target.getClass());
      if (accessor == null) {
        String type = ExtractionException.typeName(target.getClass());
        throw new ExtractionException(
            owner.subject
                + " reads path '"
                + owner.path
                + "', but "
                + (target.getClass().isArray()
                    ? "the value is a " + type + ", which has no getters"
                    : type
                        + " has no public method get"
                        + capitalized()
                        + "(), is"
                        + capitalized()
                        + "() or "
                        + name
                        + "(), and no readable field "
                        + name)
                + "; set "
                + owner.configKey
                + (target.getClass().isArray()
                    ? " only on objects"
                    : " to a getter or field of " + type));
      }
      try {
        return accessor.invoke(target);
      } catch (Throwable t) {
        // Only the exception's class: its message may quote the application's data.
        throw new ExtractionException(
            owner.subject
                + " reads path '"
                + owner.path
                + "', but reading "
                + name
                + " of a "
                + ExtractionException.typeName(target.getClass())
                + " threw "
                + ExtractionException.typeName(t.getClass())
                + "; point "
                + owner.configKey
                + " at a plain getter or field");
      }
    }

    @Override
    protected MethodHandle computeValue(Class<?> type) {
      for (String candidate : new String[] {"get" + capitalized(), "is" + capitalized(), name}) {
        try {
          Method method = type.getMethod(candidate);
          if (method.getReturnType() != void.class && !Modifier.isStatic(method.getModifiers())) {
            method.setAccessible(true);
            return MethodHandles.lookup()
                .unreflect(method)
                .asType(java.lang.invoke.MethodType.methodType(Object.class, Object.class));
          }
        } catch (NoSuchMethodException | IllegalAccessException | RuntimeException ignored) {
          // try the next form
        }
      }
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        try {
          Field field = c.getDeclaredField(name);
          if (!Modifier.isStatic(field.getModifiers())) {
            field.setAccessible(true);
            return MethodHandles.lookup()
                .unreflectGetter(field)
                .asType(java.lang.invoke.MethodType.methodType(Object.class, Object.class));
          }
        } catch (NoSuchFieldException | IllegalAccessException | RuntimeException ignored) {
          // look in the superclass
        }
      }
      return null;
    }

    private String capitalized() {
      return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
  }
}
