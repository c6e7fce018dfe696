package dev.modelwatch.agent.djl;

import dev.modelwatch.agent.extract.ReturnValueExtractor;
import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.OutputExtractor;
import dev.modelwatch.extension.OutputSink;
import dev.modelwatch.extension.OutputSpec;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * Outputs of a {@code Predictor.batchPredict(List)} call, one per element of the returned list.
 * {@code Classifications} give the best class and its probability (a regression output with {@code
 * key} reads the probability of that class); numbers, {@code float[]}, maps and objects are read
 * like a plain method's return value.
 */
final class DjlOutputExtractor implements OutputExtractor {
  private static final NoArgCall BEST = new NoArgCall("best");
  private static final NoArgCall CLASS_NAME = new NoArgCall("getClassName");
  private static final NoArgCall PROBABILITY = new NoArgCall("getProbability");
  private static final ClassValue<MethodHandle> GET_BY_NAME =
      new ClassValue<MethodHandle>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
          try {
            return MethodHandles.lookup()
                .unreflect(type.getMethod("get", String.class))
                .asType(MethodType.methodType(Object.class, Object.class, String.class));
          } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
          }
        }
      };

  private final ReturnValueExtractor plain;
  private final String[] names;
  private final boolean[] classification;
  private final String[] keys;

  DjlOutputExtractor(List<? extends OutputSpec> outputs) {
    this.plain = new ReturnValueExtractor(outputs);
    int n = outputs.size();
    names = new String[n];
    classification = new boolean[n];
    keys = new String[n];
    for (int o = 0; o < n; o++) {
      names[o] = outputs.get(o).name();
      classification[o] = outputs.get(o).classification();
      keys[o] = outputs.get(o).key();
    }
  }

  @Override
  public void extract(Object result, double primitiveResult, OutputSink sink)
      throws ExtractionException {
    if (!(result instanceof List)) {
      throw new ExtractionException(
          "Predictor.batchPredict returned a "
              + ExtractionException.describe(result)
              + ", not a List; intercept"
              + " the method that calls the predictor (a plain intercept: class, method) instead");
    }
    List<?> outputs = (List<?>) result;
    for (int i = 0, n = outputs.size(); i < n; i++) {
      Object output = outputs.get(i);
      if (output != null && BEST.existsOn(output) && isClassifications(output)) {
        classifications(output, sink);
      } else {
        plain.extract(output, Double.NaN, sink);
      }
    }
  }

  private void classifications(Object classifications, OutputSink sink) throws ExtractionException {
    for (int o = 0; o < names.length; o++) {
      Object chosen;
      if (!classification[o] && keys[o] != null) {
        chosen = byName(classifications, keys[o]);
        if (chosen == null) {
          throw new ExtractionException(
              "output '"
                  + names[o]
                  + "' reads the probability of class '"
                  + keys[o]
                  + "', which the Classifications do not hold");
        }
      } else {
        chosen = BEST.call(classifications);
        if (chosen == null) {
          continue; // no classes at all
        }
      }
      double probability = ((Number) PROBABILITY.call(chosen)).doubleValue();
      if (classification[o]) {
        sink.predictedClass(o, String.valueOf(CLASS_NAME.call(chosen)), probability);
      } else {
        sink.value(o, probability);
      }
    }
  }

  private static Object byName(Object classifications, String className)
      throws ExtractionException {
    MethodHandle get = GET_BY_NAME.get(classifications.getClass());
    try {
      return get == null ? null : (Object) get.invokeExact(classifications, className);
    } catch (Throwable t) {
      throw new ExtractionException(
          "reading class '"
              + className
              + "' of the Classifications threw "
              + ExtractionException.typeName(t.getClass()));
    }
  }

  private static boolean isClassifications(Object value) {
    for (Class<?> c = value.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getName().equals("ai.djl.modality.Classifications")) {
        return true;
      }
    }
    return false;
  }
}
