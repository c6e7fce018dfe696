package dev.modelwatch.agent.tribuo;

import java.lang.invoke.MethodHandle;

/**
 * How to read one Tribuo output class, resolved once per class: a {@code Label} (class name and
 * score) or a {@code Regressor} (dimension names and values, the Regressor's own arrays).
 */
final class OutputAccess {
  enum Kind {
    LABEL,
    REGRESSOR,
    UNSUPPORTED
  }

  static final ClassValue<OutputAccess> BY_CLASS =
      new ClassValue<OutputAccess>() {
        @Override
        protected OutputAccess computeValue(Class<?> type) {
          return of(type);
        }
      };

  /**
   * {@code Prediction.getOutput()} per prediction class; null for classes that are not predictions.
   */
  static final ClassValue<MethodHandle> GET_OUTPUT =
      new ClassValue<MethodHandle>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
          if (!TribuoTypes.isA(type, TribuoTypes.PREDICTION)) {
            return null;
          }
          try {
            return ExampleAccess.method(type, "getOutput", Object.class);
          } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
          }
        }
      };

  final Kind kind;
  private final MethodHandle first;
  private final MethodHandle second;

  private OutputAccess(Kind kind, MethodHandle first, MethodHandle second) {
    this.kind = kind;
    this.first = first;
    this.second = second;
  }

  private static OutputAccess of(Class<?> type) {
    try {
      if (TribuoTypes.isA(type, TribuoTypes.LABEL)) {
        return new OutputAccess(
            Kind.LABEL,
            ExampleAccess.method(type, "getLabel", String.class),
            ExampleAccess.method(type, "getScore", double.class));
      }
      if (TribuoTypes.isA(type, TribuoTypes.REGRESSOR)) {
        return new OutputAccess(
            Kind.REGRESSOR,
            ExampleAccess.method(type, "getNames", String[].class),
            ExampleAccess.method(type, "getValues", double[].class));
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // a Tribuo version without these accessors: reported as unsupported by the extractor
    }
    return new OutputAccess(Kind.UNSUPPORTED, null, null);
  }

  String label(Object output) throws Throwable {
    return (String) first.invokeExact(output);
  }

  double score(Object output) throws Throwable {
    return (double) second.invokeExact(output);
  }

  /** The Regressor's own array, not a copy: read, never written. */
  String[] dimensionNames(Object output) throws Throwable {
    return (String[]) first.invokeExact(output);
  }

  double[] values(Object output) throws Throwable {
    return (double[]) second.invokeExact(output);
  }
}
