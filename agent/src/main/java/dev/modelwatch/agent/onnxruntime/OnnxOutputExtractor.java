package dev.modelwatch.agent.onnxruntime;

import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.OutputExtractor;
import dev.modelwatch.extension.OutputSink;
import dev.modelwatch.extension.OutputSpec;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.Buffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Outputs of an {@code OrtSession.run} call, read from its {@code OrtSession.Result} before the
 * caller closes it. {@code output} names the result value (default: the first). Per row:
 *
 * <ul>
 *   <li>regression: element {@code index} (default 0) of a numeric {@code [N, k]} or {@code [N]}
 *       tensor;
 *   <li>classification from an {@code [N, C]} score tensor: the class is the column of the largest
 *       score, its confidence that score; {@code key} may list the class labels in column order
 *       ({@code "high,low,medium"}), else the label is the column index;
 *   <li>classification from an {@code [N]} label tensor (integers or strings): the label, no
 *       confidence;
 *   <li>a sequence of maps (the probabilities of sklearn-style ONNX classifiers): the label of the
 *       largest probability and that probability; for regression, the map value at {@code key}.
 * </ul>
 */
final class OnnxOutputExtractor implements OutputExtractor {
  private static final MethodType BY_NAME =
      MethodType.methodType(Object.class, Object.class, String.class);
  private static final MethodType BY_INDEX =
      MethodType.methodType(Object.class, Object.class, int.class);

  private static final ClassValue<MethodHandle[]> RESULT_ACCESS =
      new ClassValue<MethodHandle[]>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
          MethodHandle byName = null;
          MethodHandle byIndex = null;
          try {
            byName =
                MethodHandles.lookup()
                    .unreflect(type.getMethod("get", String.class))
                    .asType(BY_NAME);
            byIndex =
                MethodHandles.lookup().unreflect(type.getMethod("get", int.class)).asType(BY_INDEX);
          } catch (ReflectiveOperationException | RuntimeException ignored) {
            // not an OrtSession.Result: reported at extraction
          }
          return new MethodHandle[] {byName, byIndex};
        }
      };

  private static final String[] SMALL_LABELS = new String[256];

  static {
    for (int i = 0; i < SMALL_LABELS.length; i++) {
      SMALL_LABELS[i] = Integer.toString(i);
    }
  }

  private final String[] names;
  private final String[] outputs;
  private final boolean[] classification;
  private final int[] indexes;
  private final String[] keys;
  private final String[][] labels;

  OnnxOutputExtractor(List<? extends OutputSpec> configs) {
    int n = configs.size();
    names = new String[n];
    outputs = new String[n];
    classification = new boolean[n];
    indexes = new int[n];
    keys = new String[n];
    labels = new String[n][];
    for (int o = 0; o < n; o++) {
      OutputSpec output = configs.get(o);
      names[o] = output.name();
      outputs[o] = output.output();
      classification[o] = output.classification();
      indexes[o] = output.index() == null ? 0 : output.index();
      keys[o] = output.key();
      if (classification[o] && output.key() != null) {
        labels[o] = output.key().split("\\s*,\\s*");
      }
    }
  }

  @Override
  public void extract(Object result, double primitiveResult, OutputSink sink)
      throws ExtractionException {
    if (result == null) {
      return;
    }
    MethodHandle[] access = RESULT_ACCESS.get(result.getClass());
    if (access[0] == null) {
      throw new ExtractionException(
          "OrtSession.run returned a "
              + ExtractionException.describe(result)
              + ", not an ai.onnxruntime.OrtSession.Result;"
              + " remove the outputs: of this model to record only calls and inputs");
    }
    for (int o = 0; o < names.length; o++) {
      Object value = value(result, access, o);
      if (value == null) {
        throw new ExtractionException("output '" + names[o] + "': the result holds no value");
      }
      if (OrtValues.isClosed(value)) {
        throw new ExtractionException(
            "output '" + names[o] + "' is a closed value: it was closed before the call returned");
      }
      if (OrtValues.isTensor(value)) {
        tensor(o, value, sink);
      } else if (OrtValues.isSequence(value)) {
        sequence(o, (List<?>) OrtValues.value(value), sink);
      } else {
        throw new ExtractionException(
            "output '"
                + names[o]
                + "' is a "
                + ExtractionException.describe(value)
                + "; tensors and sequences of maps are read: point outputs[].output at one, or remove the output");
      }
    }
  }

  private Object value(Object result, MethodHandle[] access, int o) throws ExtractionException {
    try {
      if (outputs[o] == null) {
        return (Object) access[1].invokeExact(result, 0);
      }
      Optional<?> value = (Optional<?>) (Object) access[0].invokeExact(result, outputs[o]);
      if (value.isEmpty()) {
        throw new ExtractionException(
            "output '"
                + names[o]
                + "' reads result value '"
                + outputs[o]
                + "', which the call did not return;"
                + " check outputs[].output");
      }
      return value.get();
    } catch (ExtractionException e) {
      throw e;
    } catch (Throwable t) {
      throw new ExtractionException(
          "output '"
              + names[o]
              + "': reading the result threw "
              + ExtractionException.typeName(t.getClass()));
    }
  }

  private void tensor(int o, Object tensor, OutputSink sink) throws ExtractionException {
    long[] shape = OrtValues.shape(tensor);
    int type = OrtValues.elementType(tensor);
    int rows = shape.length == 0 ? 1 : (int) shape[0];
    int width = shape.length <= 1 ? 1 : OnnxInputExtractor.rowWidth(shape);
    if (type == OrtValues.STRING) {
      if (!classification[o]) {
        throw new ExtractionException(
            "output '"
                + names[o]
                + "' is a regression output, but result value is a string tensor; set kind: classification");
      }
      Object strings = OrtValues.value(tensor);
      if (strings instanceof String[]) {
        for (String label : (String[]) strings) {
          sink.predictedClass(o, label, Double.NaN);
        }
        return;
      }
      throw new ExtractionException(
          "output '"
              + names[o]
              + "' is a string tensor of shape "
              + java.util.Arrays.toString(shape)
              + "; only [N] label tensors are read: point outputs[].output at one, or remove the output");
    }
    if (!OrtValues.numeric(type)) {
      throw new ExtractionException(
          "output '"
              + names[o]
              + "' is a "
              + OrtValues.typeName(type)
              + " tensor, which is not read; intercept the"
              + " method that turns it into Java numbers (a plain intercept: class, method) instead, or remove the output");
    }
    Buffer elements = OrtValues.elements(tensor);
    if (!classification[o]) {
      if (indexes[o] >= width) {
        throw new ExtractionException(
            "output '"
                + names[o]
                + "' reads index "
                + indexes[o]
                + " of each row, but the rows have "
                + width
                + " elements (shape "
                + java.util.Arrays.toString(shape)
                + "); check outputs[].index");
      }
      for (int r = 0; r < rows; r++) {
        sink.value(o, OrtValues.at(elements, type, r * width + indexes[o]));
      }
      return;
    }
    if (width == 1) {
      for (int r = 0; r < rows; r++) {
        double code = OrtValues.at(elements, type, r);
        if (code == code) {
          sink.predictedClass(o, label(code), Double.NaN);
        }
      }
      return;
    }
    for (int r = 0; r < rows; r++) {
      int best = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < width; c++) {
        double score = OrtValues.at(elements, type, r * width + c);
        if (score > bestScore) {
          best = c;
          bestScore = score;
        }
      }
      if (best >= 0) {
        sink.predictedClass(o, columnLabel(o, best), bestScore);
      }
    }
  }

  private void sequence(int o, List<?> rows, OutputSink sink) throws ExtractionException {
    for (Object row : rows) {
      Object map = row instanceof Map ? row : OrtValues.value(row);
      if (!(map instanceof Map)) {
        throw new ExtractionException(
            "output '"
                + names[o]
                + "' is a sequence of "
                + ExtractionException.describe(map)
                + "; sequences of maps are read: point outputs[].output at one, or remove the output");
      }
      Map<?, ?> probabilities = (Map<?, ?>) map;
      if (!classification[o]) {
        Object value = keys[o] == null ? null : find(probabilities, keys[o]);
        if (!(value instanceof Number)) {
          throw new ExtractionException(
              "output '"
                  + names[o]
                  + "' is a regression output over a sequence of maps with keys "
                  + probabilities.keySet()
                  + "; set outputs[].key to one of them");
        }
        sink.value(o, ((Number) value).doubleValue());
        continue;
      }
      Object best = null;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (Map.Entry<?, ?> entry : probabilities.entrySet()) {
        if (entry.getValue() instanceof Number) {
          double score = ((Number) entry.getValue()).doubleValue();
          if (score > bestScore) {
            best = entry.getKey();
            bestScore = score;
          }
        }
      }
      if (best != null) {
        sink.predictedClass(o, String.valueOf(best), bestScore);
      }
    }
  }

  /** Map keys are strings or longs; the config's key is text. */
  private static Object find(Map<?, ?> map, String key) {
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (String.valueOf(entry.getKey()).equals(key)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private String columnLabel(int o, int column) {
    String[] names = labels[o];
    if (names != null && column < names.length) {
      return names[column];
    }
    return column < SMALL_LABELS.length ? SMALL_LABELS[column] : Integer.toString(column);
  }

  private static String label(double code) {
    if (code == (int) code && code >= 0 && code < SMALL_LABELS.length) {
      return SMALL_LABELS[(int) code];
    }
    return code == (long) code ? Long.toString((long) code) : Double.toString(code);
  }
}
