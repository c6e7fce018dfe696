package dev.modelwatch.agent.tribuo;

import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSink;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * How to read the features of one {@code org.tribuo.Example} class, resolved once per class. An
 * {@code ArrayExample} (and its subclasses) is read straight from its name and value arrays, with
 * no allocation, fetched once per row: the accessors are method handles held in fields, which the
 * JIT cannot inline, so each invocation has a cost worth paying once per row rather than once per
 * feature. Any other example class is read through its public {@code lookup(String)}, which may
 * allocate a {@code Feature} per call.
 */
abstract class ExampleAccess {
  /** Per class: its access, or {@link #NOT_AN_EXAMPLE}. */
  static final ClassValue<ExampleAccess> BY_CLASS =
      new ClassValue<ExampleAccess>() {
        @Override
        protected ExampleAccess computeValue(Class<?> type) {
          return of(type);
        }
      };

  static final ExampleAccess NOT_AN_EXAMPLE =
      new ExampleAccess() {
        @Override
        void readRow(
            Object example,
            String[] names,
            boolean[] categorical,
            int[] positions,
            FeatureSink sink) {
          throw new UnsupportedOperationException("not an org.tribuo.Example");
        }
      };

  static ExampleAccess forObject(Object example) {
    return BY_CLASS.get(example.getClass());
  }

  boolean isExample() {
    return this != NOT_AN_EXAMPLE;
  }

  /**
   * Writes the value of each feature {@code names[f]} of this example to {@code sink} at index
   * {@code f}, as a category code where {@code categorical[f]}; NaN (missing) for a feature the
   * example does not have, which is how Tribuo represents missing values. {@code positions[f]} is
   * where the feature was found last time: checked first, and updated; a stale value (another
   * thread's example) only costs a search.
   */
  abstract void readRow(
      Object example, String[] names, boolean[] categorical, int[] positions, FeatureSink sink)
      throws ExtractionException;

  static void write(FeatureSink sink, int feature, boolean categorical, double value) {
    if (categorical) {
      sink.categoryCode(feature, value);
    } else {
      sink.numeric(feature, value);
    }
  }

  static ExtractionException unreadable(Object example, String what, Throwable t) {
    return new ExtractionException(
        "could not read "
            + what
            + " of a Tribuo "
            + ExtractionException.typeName(example.getClass())
            + ": it threw "
            + ExtractionException.typeName(t.getClass()));
  }

  private static ExampleAccess of(Class<?> type) {
    if (!TribuoTypes.isA(type, TribuoTypes.EXAMPLE)) {
      return NOT_AN_EXAMPLE;
    }
    Class<?> arrayExample = TribuoTypes.superclassNamed(type, TribuoTypes.ARRAY_EXAMPLE);
    if (arrayExample != null) {
      try {
        return new ArrayFields(arrayExample);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // fields renamed or not accessible (a named module): the public API still works
      }
    }
    try {
      return new ByLookup(type);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return NOT_AN_EXAMPLE;
    }
  }

  static MethodHandle getter(Class<?> declaring, String field, Class<?> as)
      throws ReflectiveOperationException {
    Field f = declaring.getDeclaredField(field);
    f.setAccessible(true);
    return MethodHandles.lookup()
        .unreflectGetter(f)
        .asType(MethodType.methodType(as, Object.class));
  }

  static MethodHandle method(Class<?> type, String name, Class<?> returns, Class<?>... parameters)
      throws ReflectiveOperationException {
    Method m = type.getMethod(name, parameters);
    m.setAccessible(true);
    Class<?>[] generic = new Class<?>[parameters.length + 1];
    generic[0] = Object.class;
    System.arraycopy(parameters, 0, generic, 1, parameters.length);
    return MethodHandles.lookup().unreflect(m).asType(MethodType.methodType(returns, generic));
  }

  /**
   * {@code ArrayExample}: sorted {@code featureNames}, parallel {@code featureValues}, {@code
   * size}.
   */
  private static final class ArrayFields extends ExampleAccess {
    private final MethodHandle names;
    private final MethodHandle values;
    private final MethodHandle size;

    ArrayFields(Class<?> arrayExample) throws ReflectiveOperationException {
      names = getter(arrayExample, "featureNames", String[].class);
      values = getter(arrayExample, "featureValues", double[].class);
      size = getter(arrayExample, "size", int.class);
    }

    @Override
    void readRow(
        Object example, String[] wanted, boolean[] categorical, int[] positions, FeatureSink sink)
        throws ExtractionException {
      String[] featureNames;
      double[] featureValues;
      int n;
      try {
        featureNames = (String[]) names.invokeExact(example);
        featureValues = (double[]) values.invokeExact(example);
        n = (int) size.invokeExact(example);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw unreadable(example, "the feature arrays", t);
      }
      for (int f = 0; f < wanted.length; f++) {
        write(
            sink,
            f,
            categorical[f],
            value(featureNames, featureValues, n, wanted[f], positions, f));
      }
    }

    private static double value(
        String[] featureNames,
        double[] featureValues,
        int n,
        String name,
        int[] positions,
        int feature) {
      int guess = positions[feature];
      if (guess < n) {
        String there = featureNames[guess];
        if (there == name || name.equals(there)) {
          return featureValues[guess];
        }
      }
      // names are kept sorted: Tribuo itself finds features this way
      int found = Arrays.binarySearch(featureNames, 0, n, name);
      if (found < 0) {
        return Double.NaN;
      }
      positions[feature] = found;
      return featureValues[found];
    }
  }

  /** Any other example: {@code lookup(name)}, then the feature's {@code getValue()}. */
  private static final class ByLookup extends ExampleAccess {
    private final MethodHandle lookup;
    private final ClassValue<MethodHandle> getValue =
        new ClassValue<MethodHandle>() {
          @Override
          protected MethodHandle computeValue(Class<?> feature) {
            try {
              return method(feature, "getValue", double.class);
            } catch (ReflectiveOperationException e) {
              throw new IllegalStateException(feature.getName() + " has no getValue()", e);
            }
          }
        };

    ByLookup(Class<?> type) throws ReflectiveOperationException {
      lookup = method(type, "lookup", Object.class, String.class);
    }

    @Override
    void readRow(
        Object example, String[] wanted, boolean[] categorical, int[] positions, FeatureSink sink)
        throws ExtractionException {
      for (int f = 0; f < wanted.length; f++) {
        double value;
        try {
          Object found = (Object) lookup.invokeExact(example, wanted[f]);
          value =
              found == null
                  ? Double.NaN
                  : (double) getValue.get(found.getClass()).invokeExact(found);
        } catch (RuntimeException | Error e) {
          throw e;
        } catch (Throwable t) {
          throw unreadable(example, "feature '" + wanted[f] + "'", t);
        }
        write(sink, f, categorical[f], value);
      }
    }
  }
}
