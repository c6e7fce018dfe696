package dev.modelwatch.agent.extract;

import dev.modelwatch.config.EmbeddingConfig;
import dev.modelwatch.config.OutputConfig;
import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.OutputExtractor;
import dev.modelwatch.extension.OutputSink;
import dev.modelwatch.extension.OutputSpec;
import java.util.List;
import java.util.Map;

/**
 * Outputs of a plain method, read from its return value: a primitive or boxed number, a {@code
 * float[]}/{@code double[]} (by index; for a classification output the array is read as class
 * scores: the class is the index of the largest, its confidence that score), a {@code
 * float[rows][outputs]}/{@code double[rows][outputs]} as one such row per input row (XGBoost4J's
 * {@code Booster.predict}), a {@code Map} by key, a string, enum, boolean or integral number as a
 * class label, or any object by getter/field path. An embedding ({@code kind: embedding}) is a
 * {@code float[]} or {@code double[]} handed whole to a {@link VectorSink}.
 */
public final class ReturnValueExtractor implements OutputExtractor {
  private final String[] names;
  private final boolean[] classification;
  private final Integer[] indexes;
  private final String[] keys;
  private final PropertyPath[] paths;

  /** Per output: the embedding whose norm column it is, else null. */
  private final EmbeddingConfig[] vectors;

  /** Per output: the cluster column of an embedding, written with its norm column. */
  private final boolean[] clusterColumns;

  public ReturnValueExtractor(List<? extends OutputSpec> outputs) {
    int n = outputs.size();
    names = new String[n];
    classification = new boolean[n];
    indexes = new Integer[n];
    keys = new String[n];
    paths = new PropertyPath[n];
    vectors = new EmbeddingConfig[n];
    clusterColumns = new boolean[n];
    for (int i = 0; i < n; i++) {
      OutputSpec output = outputs.get(i);
      EmbeddingConfig embedding =
          output instanceof OutputConfig ? ((OutputConfig) output).embedding() : null;
      if (embedding != null) {
        clusterColumns[i] = output.classification();
        vectors[i] = output.classification() ? null : embedding;
      }
      names[i] = output.name();
      classification[i] = output.classification();
      indexes[i] = output.index();
      keys[i] = output.key();
      paths[i] =
          output.path() == null
              ? null
              : new PropertyPath(output.path(), "output '" + names[i] + "'", "outputs[].path");
    }
  }

  @Override
  public void extract(Object result, double primitiveResult, OutputSink sink)
      throws ExtractionException {
    for (int o = 0; o < names.length; o++) {
      if (clusterColumns[o]) {
        continue; // written with its embedding's norm column
      }
      Object value = result;
      if (paths[o] != null && result != null) {
        value = paths[o].read(result);
      } else if (keys[o] != null && result instanceof Map) {
        value = ((Map<?, ?>) result).get(keys[o]);
      }
      if (vectors[o] != null) {
        vector(sink, o, value);
      } else if (value == null && primitiveResult == primitiveResult) {
        write(sink, o, primitiveResult);
      } else {
        write(sink, o, value);
      }
    }
  }

  private void vector(OutputSink sink, int output, Object value) throws ExtractionException {
    if (value == null) {
      return;
    }
    if (!(value instanceof float[] || value instanceof double[])) {
      throw new ExtractionException(
          "output '"
              + vectors[output].name()
              + "' (kind: embedding) is read from a float[] or double[], but the returned value is a "
              + ExtractionException.describe(value)
              + "; "
              + pointAt(value, "the vector"));
    }
    if (sink instanceof VectorSink) {
      String problem = ((VectorSink) sink).outputVector(output, value);
      if (problem != null) {
        throw new ExtractionException(problem);
      }
    }
  }

  private void write(OutputSink sink, int output, double value) throws ExtractionException {
    if (!classification[output]) {
      sink.value(output, value);
    } else if (value == (long) value) {
      sink.predictedClass(output, CategoryLabels.of((long) value), Double.NaN);
    } else {
      throw notALabel(output, "double " + value);
    }
  }

  private void write(OutputSink sink, int output, Object value) throws ExtractionException {
    if (value == null) {
      return;
    }
    if (value instanceof float[] || value instanceof double[]) {
      scores(sink, output, value);
    } else if (value instanceof float[][] || value instanceof double[][]) {
      Object[] rows = (Object[]) value;
      for (Object row : rows) {
        if (row != null) {
          scores(sink, output, row);
        }
      }
    } else if (value.getClass().isArray()) {
      String type = ExtractionException.typeName(value.getClass());
      throw new ExtractionException(
          "output '"
              + names[output]
              + "' cannot be read from the returned value, a "
              + type
              + ": outputs of a"
              + " plain method are read from a number, float[], double[], float[][], double[][], a Map (outputs[].key),"
              + " a class label or an object's getters (outputs[].path); intercept a method that returns one of these"
              + " instead (intercept.class and method), or remove the output");
    } else if (classification[output]) {
      sink.predictedClass(output, label(output, value), Double.NaN);
    } else if (value instanceof Number) {
      sink.value(output, ((Number) value).doubleValue());
    } else {
      throw new ExtractionException(
          "output '"
              + names[output]
              + "' is a regression output, but the returned value is a "
              + ExtractionException.describe(value)
              + "; "
              + (value instanceof CharSequence
                      || value instanceof Enum
                      || value instanceof Boolean
                      || value instanceof Character
                  ? "set kind: classification if it is a class label"
                  : pointAt(value, "the number")));
    }
  }

  /**
   * What to configure to reach a value of the wanted kind inside {@code value}, an object that is
   * not one.
   */
  private static String pointAt(Object value, String wanted) {
    if (value instanceof Map) {
      return "set outputs[].key to the key of the Map that holds " + wanted;
    }
    if (value instanceof List) {
      return "intercept the method that returns "
          + wanted
          + " instead (intercept.class and method)";
    }
    return "set outputs[].path to the getter of "
        + ExtractionException.typeName(value.getClass())
        + " that returns "
        + wanted;
  }

  /**
   * A class label from a value that names a class: a string, enum, boolean, character or integral
   * number. Anything else (a fractional number, an array, an object whose {@code toString} is an
   * identity hash) would fill the class cap with labels that mean nothing.
   */
  private String label(int output, Object value) throws ExtractionException {
    if (value instanceof CharSequence || value instanceof Boolean || value instanceof Character) {
      return value.toString();
    }
    if (value instanceof Enum) {
      return ((Enum<?>) value).name();
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return CategoryLabels.of(((Number) value).longValue());
    }
    if (value instanceof java.math.BigInteger) {
      return value.toString();
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (number == (long) number) {
        return CategoryLabels.of((long) number);
      }
    }
    if (value instanceof Number) {
      throw notALabel(output, ExtractionException.describe(value) + " " + value);
    }
    throw new ExtractionException(
        "output '"
            + names[output]
            + "' is a classification output, but the returned value is a "
            + ExtractionException.describe(value)
            + ", which names no class; "
            + pointAt(value, "the class label (a String, enum, boolean or integral number)")
            + ", or set kind: regression for a number");
  }

  /** A fractional number where a class label belongs. */
  private ExtractionException notALabel(int output, String found) {
    return new ExtractionException(
        "output '"
            + names[output]
            + "' is a classification output, but the returned value is a "
            + found
            + ", which names no class; a class label is a String, enum, boolean or integral number, or an array"
            + " of class scores: set kind: regression for a number, or point outputs[].path at the label");
  }

  private void scores(OutputSink sink, int output, Object array) throws ExtractionException {
    int length = array instanceof float[] ? ((float[]) array).length : ((double[]) array).length;
    if (!classification[output]) {
      int index = indexes[output] == null ? 0 : indexes[output];
      if (index >= length) {
        throw new ExtractionException(
            "output '"
                + names[output]
                + "' reads index "
                + index
                + " of a "
                + ExtractionException.describe(array)
                + "; check outputs[].index");
      }
      sink.value(output, at(array, index));
      return;
    }
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < length; i++) {
      double score = at(array, i);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    if (best >= 0) {
      sink.predictedClass(output, CategoryLabels.of(best), bestScore);
    }
  }

  private static double at(Object array, int i) {
    return array instanceof float[] ? ((float[]) array)[i] : ((double[]) array)[i];
  }
}
